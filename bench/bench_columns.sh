#!/bin/sh
# bench_columns.sh — everyday column work on the 1M-row benchmark file, in
# sift and pandas, in one run: vectorised arithmetic, a boolean filter on a
# number and a category, mean and std of a column with NA, a sort by a
# float column, value counts of a category. Each operation is timed inside
# its own process (sift's timeit, Python's timeit), median of REPS calls,
# after the file is loaded. Prints sift time, pandas time and the ratio,
# and rewrites the "Column operations" section of bench/RESULTS.md.
#
# usage: bench/bench_columns.sh [path/to/sift]      (default build/sift)
set -e
cd "$(dirname "$0")/.."
SIFT=${1:-build/sift}
REPS=${REPS:-20}
DATA=bench/data/bench_1m.csv
[ -f "$DATA" ] || /usr/bin/python3 bench/gen_data.py
exec /usr/bin/python3 - "$SIFT" "$REPS" "$DATA" <<'PY'
import os, re, statistics, subprocess, sys, timeit

sift, reps, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ops = [
    ("arithmetic (x1 - x2) / x3 * 2 + 1", "(df.x1 - df.x2) / df.x3 * 2 + 1", "(df.x1 - df.x2) / df.x3 * 2 + 1"),
    ("filter x1 > 0 and group == \"beta\"", 'df[df.x1 > 0 and df.group == "beta"]', "df[(df.x1 > 0) & (df.group == 'beta')]"),
    ("mean of a column with NA", "mean(df.x2)", "df.x2.mean()"),
    ("std of a column with NA", "std(df.x2)", "df.x2.std()"),
    ("sort by a float column", 'sort(df, by="x1")', "df.sort_values('x1', kind='stable')"),
    ("value_counts of a category", "value_counts(df.group)", "df.group.value_counts()"),
]
src = 'df = read_csv("%s")\n' % data
for _, s, _ in ops:
    src += "print(timeit(fn() { %s }, %d))\n" % (s, reps)
out = subprocess.run([sift, "-"], input=src.encode(), capture_output=True, check=True).stdout.decode().split()
sift_t = [float(x) for x in out]

import pandas as pd
df = pd.read_csv(data)
pd_t = []
for _, _, p in ops:
    f = eval("lambda: " + p)
    f()
    pd_t.append(statistics.median(timeit.repeat(f, number=1, repeat=reps)))

rows = ["| operation | sift | pandas %s | pandas / sift |" % pd.__version__, "|---|---:|---:|---:|"]
for (name, _, _), s, p in zip(ops, sift_t, pd_t):
    print("%-36s sift %8.2f ms  pandas %8.2f ms  %5.1fx" % (name, s * 1e3, p * 1e3, p / s))
    rows.append("| %s | %.2f ms | %.2f ms | %.1f× |" % (name.replace("|", "\\|"), s * 1e3, p * 1e3, p / s))
section = ("## Column operations\n\n`bench/bench_columns.sh`: the 1M-row benchmark file loaded once, then each "
           "operation timed inside its own process (sift `timeit`, Python `timeit`), median of %d calls, "
           "same machine and run.\n\n" % reps + "\n".join(rows) + "\n")
path = "bench/RESULTS.md"
text = open(path).read()
if "## Column operations" in text:
    text = re.sub(r"## Column operations\n.*?(?=\n## |\Z)", section.rstrip("\n") + "\n", text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
