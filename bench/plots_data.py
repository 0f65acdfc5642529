"""Deterministic benchmark columns shared by plots_bench.c and plots_mpl.py.

Column k, row i: a standard normal from Box–Muller over two uniforms that
come from splitmix64(i * 9 + k) — integer arithmetic, so C and numpy draw
the same numbers — plus half of column k-1 (so the columns correlate).
"""
import numpy as np

N = 1_000_000
K = 9
M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def splitmix(z):
    z = z + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def columns(n=N, k=K):
    i = np.arange(n, dtype=np.uint64)
    cols = []
    with np.errstate(over="ignore"):
        for c in range(k):
            a = splitmix(i * np.uint64(2 * k) + np.uint64(2 * c))
            b = splitmix(i * np.uint64(2 * k) + np.uint64(2 * c + 1))
            u = ((a >> np.uint64(11)).astype(np.float64) + 1) * 2.0 ** -53
            v = (b >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
            x = np.sqrt(-2 * np.log(u)) * np.cos(2 * np.pi * v)
            if cols:
                x = x + 0.5 * cols[-1]
            cols.append(x)
    return cols
