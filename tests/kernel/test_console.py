"""A `jupyter console` session against sift-kernel, driven like a person
would drive it (pexpect in a pseudo-terminal)."""
import os
import shutil
import unittest

import pexpect

import kernel_env

CONSOLE = shutil.which("jupyter-console", path="/usr/bin") or "/usr/bin/jupyter-console"


@unittest.skipUnless(os.path.exists(CONSOLE), "jupyter-console is not installed")
class TestSiftConsole(unittest.TestCase):
    def test_sift_console_session(self):
        env = dict(os.environ, TERM="dumb", PYTHONWARNINGS="ignore")
        child = pexpect.spawn(CONSOLE, ["--kernel", "sift-test", "--simple-prompt"],
                              env=env, encoding="utf-8", timeout=30 * kernel_env.SLOW)
        try:
            child.expect(r"sift .*small, fast language")      # the banner
            child.expect(r"In \[1\]: ")
            child.sendline('print("hello, world")')
            child.expect("hello, world")
            child.expect(r"In \[2\]: ")
            child.sendline("1+1")
            child.expect(r"Out\[2\]: 2")
            child.expect(r"In \[3\]: ")
            child.sendline("nosuchname_xyz")
            child.expect("NameError")
            child.expect(r"In \[4\]: ")
            child.sendline("exit")
            child.expect(pexpect.EOF)
        finally:
            child.close(force=True)
        kernel_env.check_sanitizer_logs()


if __name__ == "__main__":
    unittest.main()
