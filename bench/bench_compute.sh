#!/bin/sh
# bench_compute.sh — compute/ (group ids + grouped mean, hash joins) against
# pandas, Polars and DuckDB on the 1M-row benchmark file, in one run: each
# system loads the file once and times the same five workloads; medians of
# REPS runs (default 7), ratios peer / sift, and the "compute" section of
# bench/RESULTS.md rewritten.
#
# usage: bench/bench_compute.sh [REPS]          (after make)
# Polars/DuckDB: npm install --prefix bench     (bench/package.json; not committed:
#   bench/node_modules). Peers missing from the machine are skipped and said so.
set -e
cd "$(dirname "$0")/.."
[ -f build/libsift.a ] || { echo "bench_compute: build/libsift.a not built (run make)"; exit 1; }
[ -f bench/data/bench_1m.csv ] || /usr/bin/python3 bench/gen_data.py
OUT=${TMPDIR:-/tmp}/sift_compute_bench
cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -I. bench/compute_bench.c build/libsift.a \
   $(pkg-config --libs cairo libpng openblas lapacke) -lm -pthread -o "$OUT"
exec /usr/bin/python3 bench/compute_bench.py "$OUT" "${1:-7}"
