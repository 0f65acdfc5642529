"""The kernel's wire and dispatch layers without sockets: builds
dispatch_harness.c against kernel/*.c (minus main.c) and the toy
interpreter, with the sanitizers under SIFT_ASAN=1, and runs it."""
import glob
import os
import shutil
import subprocess
import tempfile
import unittest

import kernel_env

ROOT = os.path.abspath(os.path.join(kernel_env.HERE, "..", ".."))


def pkg(*args):
    return subprocess.run(["pkg-config", *args, "libzmq", "libsodium", "jansson"],
                          capture_output=True, text=True, check=True).stdout.split()


@unittest.skipUnless(shutil.which("cc"), "no C compiler")
class TestSiftDispatchInC(unittest.TestCase):
    def test_sift_dispatch_with_mock_transport(self):
        srcs = [s for s in sorted(glob.glob(os.path.join(ROOT, "kernel", "*.c")))
                if not s.endswith("/main.c")]
        srcs += [os.path.join(kernel_env.HERE, "dispatch_harness.c"),
                 os.path.join(kernel_env.HERE, "mock_sift.c")]
        san = ["-fsanitize=address,undefined", "-fno-omit-frame-pointer",
               "-fno-sanitize-recover=undefined"] if kernel_env.ASAN else []
        with tempfile.TemporaryDirectory() as d:
            exe = os.path.join(d, "harness")
            cc = subprocess.run(["cc", "-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wextra", "-Werror",
                                 "-Wno-unused-parameter", "-g", "-O1", "-I", ROOT, *san,
                                 *pkg("--cflags"), "-o", exe, *srcs, *pkg("--libs"),
                                 "-lpthread", "-lm"], capture_output=True, text=True)
            self.assertEqual(cc.returncode, 0, cc.stderr)
            env = {k: v for k, v in os.environ.items() if not k.endswith("SAN_OPTIONS")}
            r = subprocess.run([exe], capture_output=True, text=True, timeout=60, env=env)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


if __name__ == "__main__":
    unittest.main()
