"""The sift program without a prompt: scripts, -e, stdin, options, reports.

The binary is $SIFT_BIN, else build/sift from the repository root. Leak
checking is on, so under `make asan` any leak fails the test through the
exit status and stderr.
"""
import os
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIFT = os.environ.get("SIFT_BIN") or os.path.join(ROOT, "build", "sift")


def sift(*args, stdin="", cwd=None, env=None):
    # fontconfig (plots load fonts) keeps its caches until exit on purpose.
    e = dict(os.environ, ASAN_OPTIONS="detect_leaks=1",
             LSAN_OPTIONS="suppressions=" + os.path.join(ROOT, "tests", "lsan.supp"))
    e.update(env or {})
    return subprocess.run([SIFT, *args], input=stdin, capture_output=True, text=True,
                          timeout=60, cwd=cwd, env=e)


class RunnerTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sift-run-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def script(self, text, name="s.sift"):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def clean(self, r):
        self.assertNotIn("Sanitizer", r.stderr)

    def test_script_ok(self):
        r = sift(self.script("x = 20\nprint(x + 1)\n"))
        self.clean(r)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "21\n")
        self.assertEqual(r.stderr, "")

    def test_script_does_not_print_last_value(self):
        r = sift(self.script("1 + 1\n"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "")

    def test_script_error(self):
        path = self.script("print(1)\ny = 2\nundefined_name\nprint(3)\n")
        r = sift(path)
        self.clean(r)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "1\n")
        self.assertIn("NameError", r.stderr)
        self.assertIn("undefined_name", r.stderr)
        self.assertIn("3", r.stderr)        # the line of the error

    def test_missing_file(self):
        r = sift(os.path.join(self.dir, "nope.sift"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("nope.sift", r.stderr)

    def test_dash_e_prints_value(self):
        r = sift("-e", "x = 4; x * 10")
        self.clean(r)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), "40")

    def test_dash_e_error(self):
        r = sift("-e", "1 +")
        self.assertEqual(r.returncode, 1)
        self.assertIn("SyntaxError", r.stderr)

    def test_stdin_script(self):
        r = sift("-", stdin="print(6 * 7)\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "42\n")

    def test_version(self):
        r = sift("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^sift \d+\.\d+\.\d+\n$")

    def test_help(self):
        r = sift("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("usage: sift", r.stdout)
        self.assertIn("-e CODE", r.stdout)

    def test_bad_option(self):
        r = sift("--bogus")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--bogus", r.stderr)

    def test_reference(self):
        r = sift("--reference")
        self.clean(r)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith("#"))
        self.assertIn("mean", r.stdout)


class ReportTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sift-report-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def report(self, text):
        src = os.path.join(self.dir, "r.sift")
        out = os.path.join(self.dir, "out.html")
        with open(src, "w") as f:
            f.write(text)
        r = sift("report", src, "-o", out)
        html = open(out).read() if os.path.exists(out) else ""
        return r, html

    def test_code_text_and_table(self):
        r, html = self.report(
            "# a small report\n"
            "df = frame(a=[1, 2, 3], b=[4, 5, 6])\n"
            "\n"
            "print(\"rows:\", 1 + 2)\n"
            "fn twice(x) {\n"
            "    x * 2\n"
            "}\n"
            "df\n"
            "twice(21)\n")
        self.assertNotIn("Sanitizer", r.stderr)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(html.startswith("<!DOCTYPE html>"))
        self.assertIn("df = frame(a=[1, 2, 3], b=[4, 5, 6])", html)
        self.assertIn("# a small report", html)
        self.assertIn("rows: 3", html)
        self.assertIn("<table", html)
        self.assertIn("42", html)
        self.assertEqual(html.count("<section>"), 5)   # one per statement
        self.assertLess(html.index("rows: 3"), html.index("<table"))

    def test_error_is_reported(self):
        r, html = self.report("x = 1\nundefined_name\nprint(\"never\")\n")
        self.assertEqual(r.returncode, 1)
        self.assertIn("NameError", r.stderr)
        self.assertIn('class="error"', html)
        self.assertNotIn("never</pre>", html)

    def test_plot_is_embedded(self):
        probe = sift("-e", "typeof(hist)")
        if probe.returncode != 0:
            self.skipTest("no plots in this build")
        r, html = self.report("hist([1, 2, 2, 3, 3, 3], bins=3)\n")
        self.assertNotIn("Sanitizer", r.stderr)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("data:image/png;base64,", html)

    def test_html_is_escaped(self):
        r, html = self.report('print("<b>&")\n')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("&lt;b&gt;&amp;", html)
        self.assertNotIn("<b>&", html)


if __name__ == "__main__":
    unittest.main()
