#!/usr/bin/python3
"""Run the examples in the documentation as tests (as jq's man.test).

Every fenced block marked ```sift in the given Markdown files is run as a
script with `SIFT FILE`, from the repository root. Inside a block,
`# → TEXT` (or `# expect: TEXT`) gives the next expected line of output,
and `# error → TEXT` says the block must fail with TEXT on stderr.
Blocks marked ```sift-norun are shown but not run.
"""
import os
import re
import subprocess
import sys
import tempfile

BLOCK = re.compile(r"^```sift\n(.*?)^```", re.S | re.M)
EXPECT = re.compile(r"#\s*(?:→|expect:)\s?(.*)$")
EXPECT_ERR = re.compile(r"#\s*error\s*→\s?(.*)$")


def check_block(sift, code):
    want, want_err = [], None
    for line in code.splitlines():
        m = EXPECT_ERR.search(line)
        if m:
            want_err = m.group(1).strip()
            continue
        m = EXPECT.search(line)
        if m:
            want.append(m.group(1).rstrip())
    with tempfile.NamedTemporaryFile("w", suffix=".sift", delete=False) as f:
        f.write(code)
        path = f.name
    try:
        p = subprocess.run([sift, path], capture_output=True, timeout=60,
                           env=dict(os.environ, NO_COLOR="1"))
    finally:
        os.unlink(path)
    got = [l.rstrip() for l in p.stdout.decode("utf-8", "replace").splitlines()]
    err = p.stderr.decode("utf-8", "replace")
    if want_err:
        if p.returncode == 0 or want_err not in err:
            return "expected error %r, got exit %d:\n%s" % (want_err, p.returncode, err)
    elif p.returncode != 0:
        return "failed:\n" + err
    if got != want:
        return "expected:\n  %s\ngot:\n  %s" % ("\n  ".join(want), "\n  ".join(got))
    return None


def main():
    sift = os.path.abspath(sys.argv[1])
    os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    passed = failed = 0
    for doc in sys.argv[2:]:
        text = open(doc, encoding="utf-8").read()
        for m in BLOCK.finditer(text):
            line = text[:m.start()].count("\n") + 1
            problem = check_block(sift, m.group(1))
            if problem:
                failed += 1
                print("FAIL %s:%d\n%s\n" % (doc, line, problem))
            else:
                passed += 1
    print("doc examples: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
