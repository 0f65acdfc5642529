#!/bin/sh
# Kernel benchmark: sift-kernel against ipykernel, xeus-python and IRkernel
# (each if its kernelspec is installed), same harness, one run.
# Usage: bench/bench_kernel.sh [--starts N] [--execs N] [--frames N]
# Prints a Markdown table; bench/RESULTS.md "Kernel" holds the last one.
set -e
cd "$(dirname "$0")/.."
[ -x build/sift-kernel ] || make --no-print-directory build/sift-kernel
exec /usr/bin/python3 bench/kernel_bench.py build/sift-kernel "$@"
