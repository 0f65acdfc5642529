#!/usr/bin/python3
"""Language test runner (Wren-style inline expectations).

Every tests/scripts/**/*.sift is run with `SIFT FILE` from the repository
root. Inside a script:

    print(1 + 1)   # expect: 2
    # expect: a line on its own also works (matches the next output line)
    undefined_x    # expect error: line 3: NameError: name 'undefined_x' is not defined

`# expect: TEXT` lines give standard output, line by line, in order.
`# expect error: TEXT` says the script must fail (non-zero exit) and its
standard error must contain TEXT. A script with `# skip-asan` is not run
under the sanitizer build (SIFT_ASAN=1).

Prints each failure with a diff and `N passed, N failed`; exits 1 on any
failure. Each script has a 60 s timeout (a hang is a failure).
"""
import os
import re
import subprocess
import sys

EXPECT = re.compile(r"#\s*expect:\s?(.*)$")
EXPECT_ERR = re.compile(r"#\s*expect error:\s?(.*)$")


def expectations(path):
    out, err = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = EXPECT_ERR.search(line)
            if m:
                err = m.group(1).rstrip()
                continue
            m = EXPECT.search(line)
            if m:
                out.append(m.group(1).rstrip())
    return out, err


def run(sift, path):
    want_out, want_err = expectations(path)
    try:
        env = dict(os.environ, NO_COLOR="1", SIFT_HISTORY="/dev/null")
        if os.environ.get("SIFT_ASAN") == "1":
            # fontconfig's caches live until exit on purpose (plots load fonts)
            supp = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lsan.supp")
            env["LSAN_OPTIONS"] = "suppressions=" + supp
        p = subprocess.run([sift, path], capture_output=True, timeout=60, env=env)
    except subprocess.TimeoutExpired:
        return "timed out after 60 s"
    got_out = [l.rstrip() for l in p.stdout.decode("utf-8", "replace").splitlines()]
    got_err = p.stderr.decode("utf-8", "replace")
    problems = []
    if p.returncode < 0 or "Sanitizer" in got_err or "runtime error" in got_err:
        problems.append("crashed or sanitizer report:\n" + got_err[-3000:])
    if got_out != want_out:
        import difflib
        diff = "\n".join(difflib.unified_diff(want_out, got_out, "expected", "got", lineterm=""))
        problems.append("stdout differs:\n" + diff)
    if want_err is None and p.returncode != 0:
        problems.append("unexpected failure (exit %d):\n%s" % (p.returncode, got_err[-2000:]))
    if want_err is not None:
        if p.returncode == 0:
            problems.append("expected an error, the script succeeded")
        elif want_err not in got_err:
            problems.append("expected error containing:\n  %s\ngot:\n%s" % (want_err, got_err[-2000:]))
    return "\n".join(problems)


def main():
    sift = os.path.abspath(sys.argv[1])
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scripts")
    os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    asan = os.environ.get("SIFT_ASAN") == "1"
    scripts = []
    for d, _, files in os.walk(root):
        scripts += [os.path.join(d, f) for f in files if f.endswith(".sift")]
    passed = failed = 0
    for path in sorted(scripts):
        if asan and "# skip-asan" in open(path, encoding="utf-8").read():
            continue
        problem = run(sift, path)
        rel = os.path.relpath(path)
        if problem:
            failed += 1
            print("FAIL %s\n%s\n" % (rel, problem))
        else:
            passed += 1
    print("scripts: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
