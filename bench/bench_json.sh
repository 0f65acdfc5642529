#!/bin/sh
# bench_json.sh — read_json on a 1M-record JSON Lines file: sift against
# pandas.read_json(lines=True), Polars (nodejs-polars) and DuckDB
# (@duckdb/node-api) on the same file, in one run. Median of RUNS runs
# (default 3) each; prints time, peak RSS and the ratio peer/sift, and
# rewrites the "read_json" section of bench/RESULTS.md.
#
# usage: bench/bench_json.sh [path/to/sift]      (default build/sift)
# Peers: npm install --prefix bench (bench/package.json); missing peers are
# skipped and said so.
set -e
cd "$(dirname "$0")/.."
SIFT=${1:-build/sift}
[ -x "$SIFT" ] || { echo "bench_json: $SIFT not built (run make)"; exit 1; }
[ -f bench/data/bench_1m.jsonl ] || /usr/bin/python3 bench/gen_json.py
exec /usr/bin/python3 bench/json_bench.py "$SIFT" "${RUNS:-3}"
