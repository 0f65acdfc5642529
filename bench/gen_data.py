#!/usr/bin/python3
"""Write the read_csv benchmark file (deterministic, standard library only).

    bench/gen_data.py [--rows N] [--out PATH]

Default: 1,000,000 rows to bench/data/bench_1m.csv (~80 MB). Columns:
id (row number), x1..x8 (floats with 2-6 decimals, different scales,
about 3% of cells empty), group (5 levels: alpha..epsilon), label (0/1).
Same arguments, same bytes: the generator is seeded and never reads
the clock.
"""
import argparse
import os
import random

GROUPS = ["alpha", "beta", "gamma", "delta", "epsilon"]
# (mean, sd, decimals) per float column: measurements of different kinds.
SPECS = [(0, 1, 6), (50, 10, 3), (1000, 250, 2), (0.5, 0.2, 5),
         (-20, 5, 4), (3, 1.5, 4), (100000, 30000, 2), (0, 0.001, 6)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    out = args.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), "data",
                                   "bench_%s.csv" % (f"{args.rows // 1_000_000}m" if args.rows % 1_000_000 == 0
                                                     else str(args.rows)))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    rng = random.Random(20261124)
    fmts = ["%%.%df" % d for _, _, d in SPECS]
    with open(out, "w", newline="\n") as f:
        f.write("id,x1,x2,x3,x4,x5,x6,x7,x8,group,label\n")
        buf = []
        gauss, rnd, choice = rng.gauss, rng.random, rng.choice
        for i in range(args.rows):
            cells = [str(i)]
            for (mu, sd, _), fmt in zip(SPECS, fmts):
                cells.append("" if rnd() < 0.03 else fmt % gauss(mu, sd))
            cells.append(choice(GROUPS))
            cells.append("1" if rnd() < 0.3 else "0")
            buf.append(",".join(cells))
            if len(buf) == 10000:
                f.write("\n".join(buf) + "\n")
                buf = []
        if buf:
            f.write("\n".join(buf) + "\n")
    print(out)


if __name__ == "__main__":
    main()
