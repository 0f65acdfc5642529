#!/bin/sh
# bench_interp.sh — the interpreter against CPython and R on the same work:
# a 10M-iteration accumulation loop and a recursive fib(27). Each program
# is run RUNS times (default 5) as a whole process; the median wall time is
# kept, and the start-up of an empty program is measured too so the
# figures can be read with and without it. Prints sift time, peer time and
# ratio, and rewrites the "Interpreter" section of bench/RESULTS.md.
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

progs = {
    "loop": {
        "sift": "s = 0\nfor i in range(10000000) { s = s + i }\nprint(s)\n",
        "python": "s = 0\nfor i in range(10000000):\n    s = s + i\nprint(s)\n",
        "R": "s <- 0\nfor (i in 0:9999999) { s <- s + i }\ncat(format(s, scientific=FALSE), '\\n')\n",
    },
    "fib(27)": {
        "sift": "fn fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\nprint(fib(27))\n",
        "python": "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nprint(fib(27))\n",
        "R": "fib <- function(n) if (n < 2) n else fib(n - 1) + fib(n - 2)\ncat(fib(27), '\\n')\n",
    },
    "empty": {"sift": "\n", "python": "\n", "R": "\n"},
}
cmd = {"sift": [sift], "python": ["/usr/bin/python3"], "R": [R, "--vanilla"] if R else None}
ext = {"sift": ".sift", "python": ".py", "R": ".R"}

def median_time(lang, src):
    path = os.path.join(tmp, "p" + ext[lang])
    open(path, "w").write(src)
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run(cmd[lang] + [path], capture_output=True, check=True)
        times.append(time.perf_counter() - t)
        out = p.stdout.decode().strip()
    return statistics.median(times), out

rows = []
for task, srcs in progs.items():
    res = {}
    for lang in ("sift", "python", "R"):
        if cmd[lang] is None:
            continue
        res[lang] = median_time(lang, srcs[lang])
    outs = {l: r[1] for l, r in res.items()}
    if task != "empty" and len(set(outs.values())) != 1:
        print("warning: outputs differ for %s: %s" % (task, outs))
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
section = ("## Interpreter\n\n`bench/bench_interp.sh`: whole-process wall time, median of %d runs, same machine and "
           "run; `empty` is start-up alone. Ratio = peer time / sift time (higher is better for sift).\n\n" % runs
           + "\n".join(table) + "\n")
path = "bench/RESULTS.md"
text = open(path).read() if os.path.exists(path) else "# Benchmark results\n"
if "## Interpreter" in text:
    text = re.sub(r"## Interpreter\n.*?(?=\n## |\Z)", section.rstrip("\n") + "\n", text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
