"""The sift REPL driven as a person would, in a pseudo-terminal (pexpect).

Each test starts `sift` with a private history file, types into it, and
reads the screen. The binary is $SIFT_BIN, else build/sift from the
repository root; `make asan` points SIFT_BIN at the sanitizer build, and
every session must then end with status 0 and no sanitizer report (leak
checking is on).
"""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import pexpect

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIFT = os.environ.get("SIFT_BIN") or os.path.join(ROOT, "build", "sift")
TIMEOUT = 30 if "asan" in SIFT else 10
# fontconfig (plots load fonts) keeps its caches until exit on purpose.
LSAN = "suppressions=" + os.path.join(ROOT, "tests", "lsan.supp")
PROMPT = r"sift>(?:\x1b\[0m)? "
CONT = r"  \.\.\. "


def have(name):
    """Whether this build has the built-in `name` (plots come from another layer)."""
    r = subprocess.run([SIFT, "-e", "typeof(%s)" % name], capture_output=True, text=True,
                       env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
    return r.returncode == 0


class Session:
    """One running sift REPL."""

    def __init__(self, history, colour=False, extra_env=None):
        env = dict(os.environ)
        env.update(TERM="xterm-256color", INPUTRC="/dev/null", SIFT_HISTORY=history,
                   ASAN_OPTIONS="detect_leaks=1", LSAN_OPTIONS=LSAN,
                   HOME=os.path.dirname(history))
        env.pop("NO_COLOR", None)
        if not colour:
            env["NO_COLOR"] = "1"
        env.update(extra_env or {})
        self.p = pexpect.spawn(SIFT, env=env, encoding="utf-8", timeout=TIMEOUT,
                               dimensions=(40, 120), cwd=ROOT)
        self.seen = ""

    def expect(self, pattern):
        self.p.expect(pattern)
        self.seen += self.p.before + self.p.after
        return self.p.before

    def run(self, line):
        """Type a line and return everything printed before the next prompt."""
        self.p.sendline(line)
        return self.expect(PROMPT)

    def quit(self):
        """Leave with Ctrl-D; return (exit status, text seen at the end)."""
        self.p.sendeof()
        self.p.expect(pexpect.EOF)
        tail = self.p.before
        self.p.close()
        return self.p.exitstatus, tail


class ReplTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sift-repl-")
        self.history = os.path.join(self.dir, "history")
        self.sessions = []

    def tearDown(self):
        for s in self.sessions:
            if s.p.isalive():
                s.p.terminate(force=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def start(self, **kw):
        s = Session(self.history, **kw)
        self.sessions.append(s)
        s.expect(PROMPT)
        return s

    def finish(self, s):
        status, tail = s.quit()
        text = s.seen + tail
        at = text.find("Sanitizer")
        self.assertEqual(at, -1, text[max(0, at - 200):at + 3000])
        self.assertEqual(status, 0, tail[-3000:])

    def test_simple_expression(self):
        s = self.start()
        self.assertIn("3", s.run("1 + 2"))
        self.finish(s)

    def test_multiline_function(self):
        s = self.start()
        s.p.sendline("fn f(x) {")
        s.expect(CONT)
        s.p.sendline("x * 2")
        s.expect(CONT)
        s.p.sendline("}")
        s.expect(PROMPT)
        self.assertIn("42", s.run("f(21)"))
        self.finish(s)

    def test_complete_column_name(self):
        s = self.start()
        s.run("df = frame(alpha=[1,2], beta=[3,4])")
        s.p.send("len(df.al")
        s.p.send("\t")
        s.expect("pha")                 # readline filled in df.alpha
        s.p.send(")\r")
        out = s.expect(PROMPT)
        self.assertIn("2", out)
        self.assertNotIn("Error", out)
        self.finish(s)

    def test_complete_builtin_name(self):
        s = self.start()
        s.p.send("typeo")
        s.p.send("\t")
        s.expect("f")                   # typeof
        s.p.send("(frame(a=[1,2,3]))\r")
        self.assertIn("frame", s.expect(PROMPT))
        self.finish(s)

    def test_complete_file_name_in_string(self):
        s = self.start()
        s.p.send('path = "tests/repl/test_rep')
        s.p.send("\t")
        s.expect("l.py")
        s.p.send("\r")                 # readline closed the string
        s.expect(PROMPT)
        self.assertIn('"tests/repl/test_repl.py"', s.run("path"))
        self.finish(s)

    def test_ctrl_c_stops_loop_and_keeps_variables(self):
        s = self.start()
        s.run("keep = 99")
        s.p.sendline("while true {}")
        time.sleep(0.5)
        s.p.sendintr()
        s.expect("Interrupted")
        s.expect(PROMPT)
        self.assertIn("99", s.run("keep"))
        self.finish(s)

    def test_ctrl_c_at_prompt_clears_line(self):
        s = self.start()
        s.p.send("this_is_not_run")
        time.sleep(0.2)
        s.p.sendintr()
        s.expect(PROMPT)
        out = s.run("1 + 1")
        self.assertIn("2", out)
        self.assertNotIn("NameError", out)
        self.finish(s)

    def test_ctrl_c_abandons_continuation(self):
        s = self.start()
        s.p.sendline("fn g() {")
        s.expect(CONT)
        s.p.sendintr()
        s.expect(PROMPT)
        self.assertIn("5", s.run("2 + 3"))
        self.finish(s)

    def test_error_does_not_end_session(self):
        s = self.start()
        s.run("before = 5")
        out = s.run("undefined_name")
        self.assertIn("NameError", out)
        self.assertIn("undefined_name", out)
        self.assertIn("6", s.run("before + 1"))
        self.finish(s)

    def test_history_survives_restart(self):
        s = self.start()
        s.run("hist_marker = 4242")
        self.finish(s)
        with open(self.history) as f:
            self.assertIn("hist_marker = 4242", f.read())
        s = self.start()
        s.p.send("\x1b[A")              # Up: the last line comes back
        s.expect("hist_marker = 4242")
        s.p.send("\r")
        s.expect(PROMPT)
        self.assertIn("4242", s.run("hist_marker"))
        self.finish(s)

    def test_ctrl_d_exits_zero(self):
        s = self.start()
        self.finish(s)

    def test_no_color(self):
        s = self.start()
        s.run("undefined_name")
        self.finish(s)
        self.assertNotIn("\x1b[31m", s.seen)
        self.assertNotIn("\x1b[1;32m", s.seen)

    def test_colour_on_terminal(self):
        s = self.start(colour=True)
        s.run("undefined_name")
        self.finish(s)
        self.assertIn("\x1b[31m", s.seen)   # the error in red

    def test_help_and_question_mark(self):
        s = self.start()
        out = s.run("?mean")
        self.assertIn("mean(", out)
        out = s.run("help(mean)")
        self.assertIn("mean(", out)
        self.finish(s)

    def test_input_reads_a_line(self):
        s = self.start()
        s.p.sendline('name = input("who? ")')
        s.expect("who\\? ")
        s.p.sendline("ada")
        s.expect(PROMPT)
        self.assertIn("ada", s.run("name"))
        self.finish(s)

    def test_ctrl_c_in_input(self):
        s = self.start()
        s.run("kept = 3")
        s.p.sendline('v = input("x? ")')
        s.expect("x\\? ")
        time.sleep(0.2)
        s.p.sendintr()
        self.assertIn("Interrupted", s.expect(PROMPT))
        self.assertIn("3", s.run("kept"))
        self.finish(s)

    def test_print_and_trailing_semicolon(self):
        s = self.start()
        self.assertIn("hello", s.run('print("hello")'))
        out = s.run("7 * 6;")
        self.assertNotIn("42", out)
        self.finish(s)

    def test_plot_inline_and_saved(self):
        if not have("hist"):
            self.skipTest("no plots in this build")
        plots = os.path.join(self.dir, "plots")
        os.mkdir(plots)
        s = self.start(extra_env={"TERM": "xterm-kitty", "SIFT_PLOT_DIR": plots})
        out = s.run("hist([1, 2, 2, 3, 3, 3], bins=3)")
        self.assertIn("\x1b_G", out)              # kitty graphics protocol
        self.assertIn("plot saved: " + plots + "/plot-1.png", out)
        with open(os.path.join(plots, "plot-1.png"), "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.finish(s)

    def test_plot_as_text_without_image_support(self):
        if not have("hist"):
            self.skipTest("no plots in this build")
        s = self.start()
        out = s.run("hist([1, 2, 2, 3, 3, 3], bins=3)")
        self.assertNotIn("\x1b_G", out)
        self.assertNotIn("\x1bP", out)             # no sixels either
        self.assertGreater(len(out.strip()), 20)   # the Unicode rendering
        self.finish(s)


if __name__ == "__main__":
    unittest.main()
