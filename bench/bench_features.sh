#!/bin/sh
# bench_features.sh — feature engineering on the 1M-row benchmark file (and
# 100k generated short texts), in sift, pandas and scikit-learn, in one run:
# standard scaling of the 8 float columns, one-hot of the 5-level column and
# of a 1,000-level column (id % 1000 as text), tf-idf of 100k short texts,
# PCA of 1M x 8. Each operation is timed inside its own process (sift's
# timeit, Python's timeit), median of REPS calls (fewer for the heavy ones),
# after the data are loaded and prepared (NA cells of x1..x8 set to 0 on both
# sides for PCA, which refuses NA). numpy and scikit-learn run without this
# machine's OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE settings (their own
# OpenBLAS picks its kernels). Prints the times and ratios, and rewrites the
# "Feature engineering" section of bench/RESULTS.md.
#
# usage: bench/bench_features.sh [path/to/sift]      (default build/sift)
set -e
cd "$(dirname "$0")/.."
SIFT=${1:-build/sift}
REPS=${REPS:-10}
DATA=bench/data/bench_1m.csv
TEXTS=bench/data/texts_100k.csv
[ -f "$DATA" ] || /usr/bin/python3 bench/gen_data.py
[ -f "$TEXTS" ] || /usr/bin/python3 bench/gen_texts.py
exec env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 - "$SIFT" "$REPS" "$DATA" "$TEXTS" <<'PY'
import os, re, statistics, subprocess, sys, timeit

sift, reps, data, texts = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
X = ["x%d" % i for i in range(1, 9)]
heavy = max(3, reps // 3)
# (name, sift expression, [(peer name, python expression)], repetitions)
ops = [
    ("standard scaling of 8 columns", "scale(df, columns=cols)",
     [("pandas", "(df[X] - df[X].mean()) / df[X].std(ddof=0)"),
      ("scikit-learn", "StandardScaler().fit_transform(df[X])")], reps),
    ("one-hot of a 5-level column", 'one_hot(df, "group")',
     [("pandas", "pd.get_dummies(df, columns=['group'])"),
      ("scikit-learn", "OneHotEncoder(sparse_output=False).fit_transform(df[['group']])")], reps),
    ("one-hot of a 1,000-level column", 'one_hot(df, "g1000")',
     [("pandas", "pd.get_dummies(df, columns=['g1000'])"),
      ("scikit-learn (sparse)", "OneHotEncoder().fit_transform(df[['g1000']])")], heavy),
    ("tf-idf of 100k short texts (500 terms)", "tfidf(tx.text, max_features=500)",
     [("scikit-learn (sparse)", "TfidfVectorizer(max_features=500).fit_transform(tx.text)"),
      ("scikit-learn + toarray", "TfidfVectorizer(max_features=500).fit_transform(tx.text).toarray()")], heavy),
    ("PCA of 1M x 8 (all components)", "pca(d8)",
     [("scikit-learn", "PCA().fit_transform(d8)")], heavy),
]
cols = "[" + ", ".join('"%s"' % c for c in X) + "]"
src = 'df = read_csv("%s")\ncols = %s\ndf.g1000 = str(df.id %% 1000)\n' % (data, cols)
src += 'tx = read_csv("%s")\n' % texts
src += "d8 = select(df, cols)\nfor c in cols { v = d8[c]\n v[is_na(v)] = 0\n d8[c] = v }\n"
for _, s, _, n in ops:
    src += "print(timeit(fn() { %s }, %d))\n" % (s, n)
out = subprocess.run([sift, "-"], input=src.encode(), capture_output=True, check=True).stdout.decode().split()
sift_t = [float(x) for x in out]

import numpy as np
import pandas as pd
import sklearn
from sklearn.decomposition import PCA
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import OneHotEncoder, StandardScaler
df = pd.read_csv(data)
df["g1000"] = (df.id % 1000).astype(str)
tx = pd.read_csv(texts)
d8 = df[X].fillna(0)
rows = ["| operation | sift | peer | peer time | peer / sift |", "|---|---:|---|---:|---:|"]
for (name, _, peers, n), s in zip(ops, sift_t):
    for peer, p in peers:
        f = eval("lambda: " + p)
        f()
        t = statistics.median(timeit.repeat(f, number=1, repeat=n))
        print("%-40s sift %9.2f ms  %-24s %9.2f ms  %6.1fx" % (name, s * 1e3, peer, t * 1e3, t / s))
        rows.append("| %s | %.1f ms | %s | %.1f ms | %.1f× |" % (name, s * 1e3, peer, t * 1e3, t / s))
section = ("## Feature engineering\n\n`bench/bench_features.sh`: the 1M-row benchmark file (x1..x8, `group` with 5 "
           "levels, `g1000` = id %% 1000 as text) and 100k generated short texts (`bench/gen_texts.py`), loaded "
           "once; each operation timed inside its own process (sift `timeit`, Python `timeit`), median of %d calls "
           "(%d for the last three), same machine and run; pandas %s, scikit-learn %s, numpy %s (its OpenBLAS "
           "without this machine's OPENBLAS_* settings). sift's one-hot columns are bools (pandas' get_dummies "
           "gives uint8); its tf-idf is a dense frame, scikit-learn's a sparse matrix (dense with toarray). PCA: "
           "NA cells set to 0 on both sides; sift fits through the eigen-decomposition of X'X at this size, "
           "scikit-learn through the SVD of the data.\n\n"
           % (reps, heavy, pd.__version__, sklearn.__version__, np.__version__) + "\n".join(rows) + "\n")
path = "bench/RESULTS.md"
text = open(path).read()
if "## Feature engineering" in text:
    text = re.sub(r"## Feature engineering\n.*?(?=\n## |\Z)", section.rstrip("\n") + "\n", text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
