#!/bin/sh
# run.sh — every benchmark (bench/bench_*.sh) in turn; `make bench`.
# Each one runs sift and its peers on the same data in one run, prints the
# ratios and rewrites its own section of bench/RESULTS.md.
cd "$(dirname "$0")/.."
status=0
for b in bench/bench_*.sh; do
    echo "== $b"
    sh "$b" || status=1
done
exit $status
