"""scripts/install-kernelspec.sh registers the installed binary by its
absolute path, and Jupyter then lists the sift kernelspec."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import kernel_env

ROOT = os.path.abspath(os.path.join(kernel_env.HERE, "..", ".."))


class TestSiftInstall(unittest.TestCase):
    def test_sift_install_kernelspec(self):
        with tempfile.TemporaryDirectory() as d:
            prefix, home = os.path.join(d, "pre fix"), os.path.join(d, "home")
            os.makedirs(os.path.join(prefix, "bin"))
            os.makedirs(home)
            shutil.copy(kernel_env.KERNEL, os.path.join(prefix, "bin", "sift-kernel"))
            env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "XDG_"))}
            env["HOME"] = home
            r = subprocess.run([os.path.join(ROOT, "scripts", "install-kernelspec.sh"), prefix],
                               env=env, capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            spec_dir = os.path.join(home, ".local", "share", "jupyter", "kernels", "sift")
            with open(os.path.join(spec_dir, "kernel.json")) as f:
                spec = json.load(f)
            self.assertEqual(spec["argv"], [os.path.join(prefix, "bin", "sift-kernel"), "-f",
                                            "{connection_file}"])
            self.assertEqual((spec["language"], spec["display_name"]), ("sift", "sift"))
            for logo in ("logo-32x32.png", "logo-64x64.png"):
                self.assertTrue(os.path.exists(os.path.join(spec_dir, logo)))
            if shutil.which("jupyter-kernelspec", path="/usr/bin"):
                out = subprocess.run(["/usr/bin/jupyter-kernelspec", "list", "--json"], env=env,
                                     capture_output=True, text=True, timeout=60).stdout
                self.assertEqual(json.loads(out)["kernelspecs"]["sift"]["resource_dir"], spec_dir)


if __name__ == "__main__":
    unittest.main()
