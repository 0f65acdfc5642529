"""matplotlib side of bench_plots.sh: Agg, 800×600 at dpi 100; each task
creates the figure, draws, saves a PNG into memory and closes it.
Prints: task median_ms png_bytes."""
import io
import statistics
import sys
import time

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from plots_data import columns

REPS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
cols = columns()


def hist():
    fig, ax = plt.subplots(figsize=(8, 6), dpi=100)
    ax.hist(cols[0], bins=30)
    ax.set_title("hist"); ax.set_xlabel("c0"); ax.set_ylabel("count")
    return fig


def scatter():
    fig, ax = plt.subplots(figsize=(8, 6), dpi=100)
    ax.scatter(cols[0][:100_000], cols[1][:100_000], s=6, alpha=0.35, linewidths=0)
    ax.set_title("scatter"); ax.set_xlabel("c0"); ax.set_ylabel("c1")
    return fig


def box():
    fig, ax = plt.subplots(figsize=(8, 6), dpi=100)
    ax.boxplot(cols[:8], labels=[f"c{k}" for k in range(8)])
    ax.set_title("box")
    return fig


def corr():
    r = np.corrcoef(np.vstack(cols))
    fig, ax = plt.subplots(figsize=(8, 6), dpi=100)
    im = ax.imshow(r, cmap="RdBu_r", vmin=-1, vmax=1)
    names = [f"c{k}" for k in range(9)]
    ax.set_xticks(range(9), names); ax.set_yticks(range(9), names)
    for i in range(9):
        for j in range(9):
            ax.text(j, i, f"{r[i, j]:.2f}", ha="center", va="center", fontsize=8)
    fig.colorbar(im, ax=ax, label="correlation")
    ax.set_title("corr")
    return fig


for name, make in [("hist", hist), ("scatter", scatter), ("box", box), ("corr", corr)]:
    times, size = [], 0
    for _ in range(REPS):
        t0 = time.perf_counter()
        fig = make()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
        times.append((time.perf_counter() - t0) * 1000)
        size = len(buf.getvalue())
        if _ == 0:
            open(f"/tmp/bench_plots_mpl_{name}.png", "wb").write(buf.getvalue())
    print(f"{name} {statistics.median(times):.1f} {size}")
