#!/usr/bin/python3
"""Driver for bench/bench_compute.sh: compute/ against pandas, Polars and DuckDB.

    bench/compute_bench.py SIFT_DRIVER REPS

Every system loads bench/data/bench_1m.csv once (not timed) and then runs
the same five workloads REPS times each after one warm-up, in its own
process; the median of each is printed, with the ratio peer / sift.
Workloads (see bench/compute_bench.c for sift's side):
  group_str    group by `group` (5 strings), mean of x1
  group_2keys  group by (group, label), mean of x1 (10 groups)
  group_float  group by x2 (~60k distinct doubles, 3% missing), mean of x1
  join_id      inner join of (id, x2) with the even-id rows' (id, x1) on id
  join_dim     left join of (id, group, x1) with a 5-row (group, w) table
Groups keep missing keys (pandas dropna=False); pandas groups in order of
appearance (sort=False), as sift does; Polars and DuckDB in their own order.
Join results are materialised on every side (frames / a temp table).
"""
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NODE_MODULES = os.path.join(ROOT, "bench", "node_modules")
DATA = os.path.join(ROOT, "bench", "data", "bench_1m.csv")
TASKS = ["group_str", "group_2keys", "group_float", "join_id", "join_dim"]
LABELS = {
    "group_str": "group ids + mean, 1 string key (5 groups)",
    "group_2keys": "group ids + mean, string + 0/1 keys (10 groups)",
    "group_float": "group ids + mean, float key (~60k groups)",
    "join_id": "inner join 1M × 500k on id (500k rows out)",
    "join_dim": "left join 1M × 5 on a string key (1M rows out)",
}

PANDAS = r'''
import sys, time, statistics, pandas as pd
reps = int(sys.argv[2])
df = pd.read_csv(sys.argv[1])
def timed(name, fn):
    fn()
    t = []
    for _ in range(reps):
        a = time.perf_counter(); fn(); t.append((time.perf_counter() - a) * 1e3)
    print(name, statistics.median(t))
timed("group_str", lambda: df.groupby("group", sort=False, dropna=False)["x1"].mean())
timed("group_2keys", lambda: df.groupby(["group", "label"], sort=False, dropna=False)["x1"].mean())
timed("group_float", lambda: df.groupby("x2", sort=False, dropna=False)["x1"].mean())
left = df[["id", "x2"]]
right = df.loc[df["id"] % 2 == 0, ["id", "x1"]]
timed("join_id", lambda: left.merge(right, on="id", how="inner"))
l2 = df[["id", "group", "x1"]]
dim = pd.DataFrame({"group": ["alpha", "beta", "gamma", "delta", "epsilon"], "w": [1.5, 2.5, 3.5, 4.5, 5.5]})
timed("join_dim", lambda: l2.merge(dim, on="group", how="left"))
'''

POLARS = r'''
const pl = require(process.argv[1] + '/nodejs-polars');
const reps = Number(process.argv[3]);
const df = pl.readCSV(process.argv[2]);
function timed(name, fn) {
  fn();
  const t = [];
  for (let i = 0; i < reps; i++) {
    const a = process.hrtime.bigint(); fn(); t.push(Number(process.hrtime.bigint() - a) / 1e6);
  }
  t.sort((a, b) => a - b);
  console.log(name, reps % 2 ? t[(reps - 1) / 2] : (t[reps / 2 - 1] + t[reps / 2]) / 2);
}
timed('group_str', () => df.groupBy('group').agg(pl.col('x1').mean()));
timed('group_2keys', () => df.groupBy('group', 'label').agg(pl.col('x1').mean()));
timed('group_float', () => df.groupBy('x2').agg(pl.col('x1').mean()));
const left = df.select('id', 'x2');
const right = df.filter(pl.col('id').modulo(2).eq(0)).select('id', 'x1');
timed('join_id', () => left.join(right, {on: 'id', how: 'inner'}));
const l2 = df.select('id', 'group', 'x1');
const dim = pl.DataFrame({group: ['alpha', 'beta', 'gamma', 'delta', 'epsilon'], w: [1.5, 2.5, 3.5, 4.5, 5.5]});
timed('join_dim', () => l2.join(dim, {on: 'group', how: 'left'}));
'''

DUCKDB = r'''
const { DuckDBInstance } = require(process.argv[1] + '/@duckdb/node-api');
const reps = Number(process.argv[3]);
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run("CREATE TABLE t AS SELECT * FROM read_csv_auto('" + process.argv[2] + "')");
  await c.run('CREATE TABLE r AS SELECT id, x1 FROM t WHERE id % 2 = 0');
  await c.run("CREATE TABLE dim AS SELECT * FROM (VALUES ('alpha', 1.5), ('beta', 2.5), ('gamma', 3.5), " +
              "('delta', 4.5), ('epsilon', 5.5)) v(\"group\", w)");
  async function timed(name, sql) {
    const run = () => c.run('CREATE OR REPLACE TEMP TABLE out AS ' + sql);
    await run();
    const t = [];
    for (let i = 0; i < reps; i++) {
      const a = process.hrtime.bigint(); await run(); t.push(Number(process.hrtime.bigint() - a) / 1e6);
    }
    t.sort((a, b) => a - b);
    console.log(name, reps % 2 ? t[(reps - 1) / 2] : (t[reps / 2 - 1] + t[reps / 2]) / 2);
  }
  await timed('group_str', 'SELECT "group", avg(x1) FROM t GROUP BY "group"');
  await timed('group_2keys', 'SELECT "group", label, avg(x1) FROM t GROUP BY "group", label');
  await timed('group_float', 'SELECT x2, avg(x1) FROM t GROUP BY x2');
  await timed('join_id', 'SELECT t.id, t.x2, r.x1 FROM t JOIN r ON t.id = r.id');
  await timed('join_dim', 'SELECT t.id, t."group", t.x1, dim.w FROM t LEFT JOIN dim ON t."group" = dim."group"');
})();
'''


def run(argv):
    p = subprocess.run(argv, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-800:])
    out = {}
    for line in p.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in TASKS:
            out[parts[0]] = float(parts[1])
            if len(parts) == 3:
                out["cpu " + parts[0]] = float(parts[2])
    return out


def version(argv):
    return subprocess.run(argv, capture_output=True, text=True).stdout.strip()


def main():
    driver, reps = os.path.abspath(sys.argv[1]), int(sys.argv[2])
    os.chdir(ROOT)
    load = os.getloadavg()[0]
    print("compute: %s, median of %d runs per workload (after one warm-up); load average %.1f" % (DATA, reps, load))
    results = [("sift compute/", run([driver, DATA, str(reps)]))]
    peers = [("pandas %s" % version(["/usr/bin/python3", "-c", "import pandas; print(pandas.__version__)"]),
              ["/usr/bin/python3", "-c", PANDAS, DATA, str(reps)])]
    node = shutil.which("node")
    pkg = lambda d: os.path.join(NODE_MODULES, d, "package.json")
    ver = lambda d: re.search(r'"version":\s*"([^"]+)"', open(pkg(d)).read()).group(1)
    if node and os.path.exists(pkg("nodejs-polars")):
        peers.append(("Polars (nodejs-polars %s)" % ver("nodejs-polars"),
                      [node, "-e", POLARS, NODE_MODULES, DATA, str(reps)]))
    else:
        print("  Polars: skipped (npm install --prefix bench)")
    if node and os.path.exists(pkg("@duckdb/node-api")):
        peers.append(("DuckDB (@duckdb/node-api %s)" % ver("@duckdb/node-api"),
                      [node, "-e", DUCKDB, NODE_MODULES, DATA, str(reps)]))
    else:
        print("  DuckDB: skipped (npm install --prefix bench)")
    for name, argv in peers:
        try:
            results.append((name, run(argv)))
        except RuntimeError as e:
            print("  %s: skipped (%s)" % (name, e))
    sift = results[0][1]
    head = "%-44s" % "workload" + "".join("%22s" % n.split(" (")[0].split(" ")[0] for n, _ in results)
    print(head)
    for t in TASKS:
        row = "%-44s" % LABELS[t]
        for i, (_, r) in enumerate(results):
            row += "%22s" % ("%.1f ms" % r[t] if i == 0 else "%.1f ms (%.1fx)" % (r[t], r[t] / sift[t]))
        print(row)
    lines = ["## compute", "",
             "`bench/bench_compute.sh`: compute/'s kernels (C driver `bench/compute_bench.c`, linked with "
             "libsift.a) against pandas, Polars and DuckDB (`bench/compute_bench.py`) on `%s` (1,000,000 rows, "
             "made by `bench/gen_data.py`). Each system loads the file once, untimed, then runs each workload "
             "once to warm up and %d timed times; medians. Same run; %s, %d CPUs, load average %.1f at the start "
             "(other builds were running: compare ratios, not absolute times). Ratio = peer time / sift time "
             "(above 1: sift is faster)." % (os.path.relpath(DATA, ROOT), reps, platform.machine(),
                                             os.cpu_count(), load), "",
             "| workload | " + " | ".join(n for n, _ in results) + " |",
             "|---|" + "---:|" * len(results)]
    for t in TASKS:
        cells = ["%.1f ms" % sift[t]] + ["%.1f ms (%.2f×)" % (r[t], r[t] / sift[t]) for _, r in results[1:]]
        lines.append("| %s | %s |" % (LABELS[t], " | ".join(cells)))
    lines += ["", "sift's CPU time (all threads, median) for the five workloads: %s ms — the cost "
              "without the wait for a CPU that the load adds to every wall time above."
              % ", ".join("%.1f" % sift["cpu " + t] for t in TASKS if "cpu " + t in sift)]
    lines += ["", "sift's side is group ids (`cp_group_ids`) + grouped mean (`cp_group_agg`, NA skipped, "
              "first-appearance order), and for joins the index pairs (`cp_join`) plus every output column "
              "gathered (`cp_gather`). Its string keys are dictionary codes (how sift stores strings); pandas "
              "holds them as Python objects, Polars as UTF-8 and DuckDB as VARCHAR, as each reads the CSV. "
              "pandas groups with sort=False, dropna=False (the same groups as sift); Polars and DuckDB return "
              "groups in their own order. Joins are materialised on every side (frames; DuckDB a temp table)."]
    section = "\n".join(lines) + "\n"
    path = "bench/RESULTS.md"
    text = open(path).read() if os.path.exists(path) else "# Benchmark results\n\n"
    m = re.search(r"^## compute\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
    if m:
        text = text[:m.start()] + section + ("\n" if text[m.end():] else "") + text[m.end():]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    open(path, "w").write(text)
    print("wrote the compute section of %s" % path)


if __name__ == "__main__":
    main()
