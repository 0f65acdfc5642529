#!/usr/bin/python3
"""Driver for bench/bench_json.sh (see there). Each run is a fresh process.

Every reader is timed the same way: the read call alone, inside its own
process (sift with timeit(), pandas with perf_counter, node with hrtime),
so start-up and imports count for nobody. Besides the wall time of the
read, the CPU time of the whole process (user + sys, from /usr/bin/time)
is recorded: on a shared machine it moves less than the wall time. Peak
RSS is the process's maximum resident set, runtime baseline included.
"""
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NODE_MODULES = os.path.join(ROOT, "bench", "node_modules")
FILE = "bench/data/bench_1m.jsonl"

PANDAS = ("import sys, time, pandas as pd\n"
          "t = time.perf_counter(); df = pd.read_json(sys.argv[1], lines=True)\n"
          "print(time.perf_counter() - t, len(df))\n")
# nodejs-polars' readJSON(format="lines") is missing from its binding; the
# lazy reader collected at once is the same reader.
POLARS = ("const pl = require(process.argv[1] + '/nodejs-polars');\n"
          "const t = process.hrtime.bigint(); const df = pl.scanJson(process.argv[2]).collectSync();\n"
          "console.log(Number(process.hrtime.bigint() - t) / 1e9, df.height);\n")
DUCKDB = ("const { DuckDBInstance } = require(process.argv[1] + '/@duckdb/node-api');\n"
          "(async () => { const db = await DuckDBInstance.create(':memory:'); const c = await db.connect();\n"
          "const t = process.hrtime.bigint();\n"
          "await c.run(\"CREATE TABLE t AS SELECT * FROM read_ndjson_auto('\" + process.argv[2] + \"')\");\n"
          "const s = Number(process.hrtime.bigint() - t) / 1e9;\n"
          "const r = await c.runAndReadAll('SELECT count(*) FROM t');\n"
          "console.log(s, r.getRows()[0][0].toString()); })();\n")


NOTES = ("Why not Jansson alone: decoding every record with Jansson (a tree per record, a malloc per key "
         "and value, strtod through the locale) took 4.2-4.6 s of CPU for this file, against 0.64-0.81 s "
         "with the fast path (`perf stat` task-clock of the whole process, the two builds alternated in one "
         "run on the loaded machine). So: the file is mapped; flat records (no escapes, no nesting) are read "
         "by a strict scanner that accepts only text Jansson would read the same way, numbers by Clinger's "
         "fast path, straight into column vectors sized from the first 1,000 records; any other record, and "
         "every error, goes through Jansson. One thread. About a third of sift's CPU time is the kernel "
         "mapping fresh pages (the file's and the frame's). What is left: JSON Lines splits at newlines, so "
         "two threads could each read half the file and merge columns, as read_csv does; timings on this "
         "shared 2-CPU machine move a lot with the load (compare the CPU column).")


def measure(argv, runs):
    """Median read seconds, median process CPU seconds, max peak RSS (bytes)."""
    times, cpu, rss = [], [], []
    for _ in range(runs):
        p = subprocess.run(["/usr/bin/time", "-f", "MAXRSS %M CPU %U %S"] + argv, capture_output=True)
        if p.returncode != 0:
            raise RuntimeError("%s failed: %s" % (argv[0], p.stderr.decode()[-800:]))
        m = re.search(r"MAXRSS (\d+) CPU ([\d.]+) ([\d.]+)", p.stderr.decode())
        rss.append(int(m.group(1)) * 1024)
        cpu.append(float(m.group(2)) + float(m.group(3)))
        out = p.stdout.decode().split()
        if out[1] != "1000000" and not out[1].startswith("1000000"):
            raise RuntimeError("%s read %s rows" % (argv[0], out[1]))
        times.append(float(out[0]))
    return statistics.median(times), statistics.median(cpu), max(rss)


def readers(sift, path):
    # the timed process reads once, so its CPU column is one read; the row count is checked apart
    n = subprocess.run([sift, "-e", 'print(nrow(read_json("%s")))' % path], capture_output=True, text=True).stdout
    if n.strip() != "1000000":
        raise SystemExit("sift read %r rows" % n.strip())
    rows = [("sift `read_json`", [sift, "-e", 'print(timeit(fn() { read_json("%s") }), 1000000)' % path])]
    v = subprocess.run(["/usr/bin/python3", "-c", "import pandas; print(pandas.__version__)"],
                       capture_output=True, text=True).stdout.strip()
    rows.append(("pandas %s `read_json(lines=True)`" % v, ["/usr/bin/python3", "-c", PANDAS, path]))
    node = shutil.which("node")
    if node and os.path.isdir(os.path.join(NODE_MODULES, "nodejs-polars-linux-x64-gnu")):
        rows.append(("Polars (nodejs-polars) `scanJson`", [node, "-e", POLARS, NODE_MODULES, path]))
    else:
        print("  Polars: skipped (npm install --prefix bench)")
    if node and os.path.isdir(os.path.join(NODE_MODULES, "@duckdb", "node-api")):
        rows.append(("DuckDB (@duckdb/node-api) `read_ndjson_auto`", [node, "-e", DUCKDB, NODE_MODULES, path]))
    else:
        print("  DuckDB: skipped (npm install --prefix bench)")
    return rows


def main():
    sift, runs = os.path.abspath(sys.argv[1]), int(sys.argv[2])
    os.chdir(ROOT)
    size = os.path.getsize(FILE)
    load = os.getloadavg()[0]
    print("read_json, %s (%.0f MB), median of %d runs" % (FILE, size / 1e6, runs))
    res = []
    for name, argv in readers(sift, FILE):
        try:
            t, cpu, rss = measure(argv, runs)
        except RuntimeError as e:
            print("  %s: skipped (%s)" % (name, e))
            continue
        res.append((name, t, cpu, rss))
        print("  %-48s %8.3f s  cpu %7.2f s  %6.0f MB" % (name, t, cpu, rss / 1048576))
    st = res[0][1]
    lines = ["## read_json", "",
             "`bench/bench_json.sh`: `%s` (%.0f MB; 1,000,000 JSON Lines records with the values of the read_csv "
             "file: id, 8 numbers with ~3%% null, a 5-level string, a bool; made by `bench/gen_json.py`). "
             "Median of %d runs each, same file, same run; %s, %d CPUs, load average %.1f at the start. "
             "The time is the read call alone, inside a fresh process (sift: `timeit`); CPU is the whole "
             "process's user + sys time (one read, start-up and imports included; Polars and DuckDB use "
             "both cores). Ratio = peer time / sift time."
             % (FILE, size / 1e6, runs, platform.machine(), os.cpu_count(), load), "",
             "| reader | time | process CPU | peak RSS | peer / sift |", "|---|---:|---:|---:|---:|"]
    for name, t, cpu, rss in res:
        lines.append("| %s | %.3f s | %.2f s | %.0f MB | %s |"
                     % (name, t, cpu, rss / 1048576, "" if t == st else "%.2f×" % (t / st)))
    lines += ["", NOTES]
    section = "\n".join(lines) + "\n"
    path = "bench/RESULTS.md"
    text = open(path).read() if os.path.exists(path) else "# Benchmark results\n\n"
    m = re.search(r"^## read_json\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
    if m:
        text = text[:m.start()] + section + ("\n" if text[m.end():] else "") + text[m.end():]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    open(path, "w").write(text)
    print("wrote the read_json section of %s" % path)


if __name__ == "__main__":
    main()
