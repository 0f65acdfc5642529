"""A short libFuzzer run over the kernel's wire parser (tests/fuzz/fuzz_wire.c), when
clang is available. A crash or sanitizer report fails the test."""
import os
import shutil
import subprocess
import tempfile
import unittest

import kernel_env

ROOT = os.path.abspath(os.path.join(kernel_env.HERE, "..", ".."))
RUNS = os.environ.get("SIFT_FUZZ_RUNS", "20000")


@unittest.skipUnless(shutil.which("clang"), "clang (libFuzzer) is not installed")
class TestSiftWireFuzz(unittest.TestCase):
    def test_sift_fuzz_wire_parse(self):
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libsodium", "jansson"],
                               capture_output=True, text=True, check=True).stdout.split()
        with tempfile.TemporaryDirectory() as d:
            exe = os.path.join(d, "fuzz_wire")
            srcs = [os.path.join(ROOT, "tests", "fuzz", "fuzz_wire.c")] + \
                   [os.path.join(ROOT, "kernel", f) for f in ("wire.c", "utf8.c", "history.c")]
            cc = subprocess.run(["clang", "-std=c11", "-D_GNU_SOURCE", "-g", "-O1", "-I", ROOT,
                                 "-fsanitize=fuzzer,address,undefined",
                                 "-fno-sanitize-recover=undefined", "-o", exe, *srcs, *flags],
                                capture_output=True, text=True)
            if cc.returncode != 0 and "fuzzer" in cc.stderr:
                self.skipTest("clang lacks libFuzzer: " + cc.stderr[-200:])
            self.assertEqual(cc.returncode, 0, cc.stderr)
            corpus = os.path.join(d, "corpus")
            os.makedirs(corpus)
            seed = (b"\x00<IDS|MSG>\xff\xff{\"msg_type\":\"execute_request\",\"msg_id\":\"1\"}"
                    b"\xff{}\xff{}\xff{\"code\":\"1+1\"}")
            with open(os.path.join(corpus, "seed"), "wb") as f:
                f.write(seed)
            env = {k: v for k, v in os.environ.items() if not k.endswith("SAN_OPTIONS")}
            r = subprocess.run([exe, "-runs=" + RUNS, "-artifact_prefix=" + d + "/", "-max_len=1024", "-timeout=10", corpus],
                               capture_output=True, text=True, timeout=600, env=env)
            self.assertEqual(r.returncode, 0, r.stderr[-3000:])


if __name__ == "__main__":
    unittest.main()
