#!/bin/sh
# bench_interp.sh — the interpreter against CPython and R on the same work:
# a 10M-iteration accumulation loop and a recursive fib(27). Each program
# runs the work RUNS times (default 5) inside one process and reports the
# median of those in-process timings (sift timeit, Python perf_counter, R
# proc.time), so start-up is not counted; the start-up of an empty program
# is measured separately as whole-process wall time. Prints sift time,
# peer time and ratio, and rewrites the "Interpreter" section of
# bench/RESULTS.md.
#
# usage: bench/bench_interp.sh [path/to/sift]     (default build/sift)
set -e
cd "$(dirname "$0")/.."
SIFT=${1:-build/sift}
RUNS=${RUNS:-5}
[ -x "$SIFT" ] || { echo "bench_interp: $SIFT not built (run make)"; exit 1; }
exec /usr/bin/python3 - "$SIFT" "$RUNS" <<'PY'
import os, re, shutil, statistics, subprocess, sys, tempfile, time

sift, runs = sys.argv[1], int(sys.argv[2])
R = shutil.which("Rscript")
tmp = tempfile.mkdtemp(prefix="sift-bench-")

N = runs
progs = {
    "loop": {
        "sift": "fn loop() { s = 0\n for i in range(10000000) { s = s + i }\n s }\nprint(timeit(loop, %d))\n" % N,
        "python": "import time, statistics\ndef loop():\n    s = 0\n    for i in range(10000000):\n        s = s + i\n    return s\n"
                  "ts = []\nfor _ in range(%d):\n    t = time.perf_counter(); loop(); ts.append(time.perf_counter() - t)\nprint(statistics.median(ts))\n" % N,
        "R": "lp <- function() { s <- 0; for (i in 0:9999999) { s <- s + i }; s }\n"
             "ts <- sapply(1:%d, function(k) system.time(lp())[['elapsed']])\ncat(median(ts), '\\n')\n" % N,
    },
    "fib(27)": {
        "sift": "fn fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\nprint(timeit(fn() { fib(27) }, %d))\n" % N,
        "python": "import time, statistics\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"
                  "ts = []\nfor _ in range(%d):\n    t = time.perf_counter(); fib(27); ts.append(time.perf_counter() - t)\nprint(statistics.median(ts))\n" % N,
        "R": "fib <- function(n) if (n < 2) n else fib(n - 1) + fib(n - 2)\n"
             "ts <- sapply(1:%d, function(k) system.time(fib(27))[['elapsed']])\ncat(median(ts), '\\n')\n" % N,
    },
    "empty": {"sift": "\n", "python": "\n", "R": "\n"},
}
cmd = {"sift": [sift], "python": ["/usr/bin/python3"], "R": [R, "--vanilla"] if R else None}
ext = {"sift": ".sift", "python": ".py", "R": ".R"}

def median_time(lang, src, task):
    path = os.path.join(tmp, "p" + ext[lang])
    open(path, "w").write(src)
    if task != "empty":
        p = subprocess.run(cmd[lang] + [path], capture_output=True, check=True)
        return float(p.stdout.decode().split()[-1]), None
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd[lang] + [path], capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times), None

rows = []
for task, srcs in progs.items():
    res = {}
    for lang in ("sift", "python", "R"):
        if cmd[lang] is None:
            continue
        res[lang] = median_time(lang, srcs[lang], task)
    rows.append((task, res))
    line = "%-8s sift %7.1f ms" % (task, res["sift"][0] * 1e3)
    for peer in ("python", "R"):
        if peer in res:
            line += " | %s %7.1f ms (%.1fx)" % (peer, res[peer][0] * 1e3, res[peer][0] / res["sift"][0])
    print(line)

table = ["| task | sift | CPython 3.11 | ratio | R | ratio |", "|---|---:|---:|---:|---:|---:|"]
for task, res in rows:
    s = res["sift"][0]
    py = res.get("python", (float("nan"),))[0]
    r = res.get("R", (float("nan"),))[0]
    table.append("| %s | %.1f ms | %.1f ms | %.1f× | %.1f ms | %.1f× |" % (task, s * 1e3, py * 1e3, py / s, r * 1e3, r / s))
section = ("## Interpreter\n\n`bench/bench_interp.sh`: the work timed inside each process (sift `timeit`, Python "
           "`perf_counter`, R `system.time`), median of %d repetitions, same machine and run; `empty` is the whole-"
           "process start-up of an empty program. The loop runs inside a function in all three. Ratio = peer time / "
           "sift time (higher is better for sift).\n\n" % runs
           + "\n".join(table) + "\n")
path = "bench/RESULTS.md"
text = open(path).read() if os.path.exists(path) else "# Benchmark results\n"
if "## Interpreter" in text:
    text = re.sub(r"## Interpreter\n.*?(?=\n## |\Z)", section.rstrip("\n") + "\n", text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
