#!/bin/sh
# bench_plots.sh — sift's plot/ against matplotlib (Agg, 800×600 at dpi 100)
# on the same deterministic 1M-row columns (bench/plots_data.py), in one run:
# histogram of 1M values (30 bins), scatter of 100k points, box plot of
# 8 columns × 1M, annotated 9×9 correlation heat map (correlation included
# on both sides). Each time covers figure creation, drawing, PNG encoding
# in memory and release; medians of REPS runs (default 5).
# Usage: bench/bench_plots.sh [REPS]     (run from anywhere)
set -e
cd "$(dirname "$0")/.."
REPS=${1:-5}
OUT=${TMPDIR:-/tmp}/sift_plots_bench
cc -std=c11 -D_GNU_SOURCE -O2 -I. $(pkg-config --cflags cairo libpng) plot/*.c bench/plots_bench.c \
   $(pkg-config --libs cairo libpng) -lm -pthread -o "$OUT"
"$OUT" "$REPS" > "$OUT.sift"
/usr/bin/python3 bench/plots_mpl.py "$REPS" > "$OUT.mpl"
echo "plots: sift plot/ vs matplotlib $(/usr/bin/python3 -c 'import matplotlib; print(matplotlib.__version__)') (Agg), 800x600, median of $REPS"
printf '%-8s %10s %10s %8s %10s %10s\n' task sift_ms mpl_ms speedup sift_KB mpl_KB
paste -d" " "$OUT.sift" "$OUT.mpl" | awk '{ printf "%-8s %10.1f %10.1f %7.1fx %10.1f %10.1f\n", $1, $2, $5, $5 / $2, $3 / 1024, $6 / 1024 }'
echo "PNGs: /tmp/bench_plots_sift_*.png /tmp/bench_plots_mpl_*.png"
