#!/bin/sh
# bench_csv.sh — read_csv: sift against pandas.read_csv, data.table::fread,
# Polars and DuckDB (through node, when bench/node_modules has them) on the
# same generated file, in one run. Median of RUNS runs (default 5) each;
# prints time, peak RSS and the ratio peer/sift, then the 10M-row scaling
# run, and rewrites the "read_csv" section of bench/RESULTS.md.
#
# usage: bench/bench_csv.sh [path/to/sift]      (default build/sift)
#   ROWS10M=0 skips the 10M-row file (800 MB, generated on first use).
#   Peers missing from the machine are skipped and said so.
# Polars/DuckDB: npm install --no-save --prefix bench nodejs-polars \
#   nodejs-polars-linux-x64-gnu @duckdb/node-api
set -e
cd "$(dirname "$0")/.."
SIFT=${1:-build/sift}
[ -x "$SIFT" ] || { echo "bench_csv: $SIFT not built (run make)"; exit 1; }
[ -f bench/data/bench_1m.csv ] || /usr/bin/python3 bench/gen_data.py
if [ "${ROWS10M:-1}" != 0 ] && [ ! -f bench/data/bench_10m.csv ]; then
    /usr/bin/python3 bench/gen_data.py --rows 10000000
fi
exec /usr/bin/python3 bench/csv_bench.py "$SIFT" "${RUNS:-5}" "${ROWS10M:-1}"
