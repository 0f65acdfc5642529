#!/usr/bin/python3
"""Write the read_json benchmark file from the read_csv one (same values).

    bench/gen_json.py [--rows N]

Reads bench/data/bench_<N>.csv (made by bench/gen_data.py when missing) and
writes bench/data/bench_<N>.jsonl: one JSON object per line with the keys
id, x1..x8 (numbers with the CSV's exact text; null for an empty cell),
group (a string, 5 levels) and label (true/false for 1/0). Deterministic:
same input, same bytes.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    tag = f"{args.rows // 1_000_000}m" if args.rows % 1_000_000 == 0 else str(args.rows)
    src = os.path.join(HERE, "data", "bench_%s.csv" % tag)
    out = os.path.join(HERE, "data", "bench_%s.jsonl" % tag)
    if not os.path.exists(src):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_data.py"), "--rows", str(args.rows)], check=True)
    with open(src) as f, open(out, "w", newline="\n") as g:
        names = f.readline().rstrip("\n").split(",")
        keys = ['"%s":' % n for n in names]
        buf = []
        for line in f:
            c = line.rstrip("\n").split(",")
            parts = [keys[0] + c[0]]
            for k, v in zip(keys[1:9], c[1:9]):
                parts.append(k + (v if v else "null"))
            parts.append(keys[9] + '"' + c[9] + '"')
            parts.append(keys[10] + ("true" if c[10] == "1" else "false"))
            buf.append("{" + ",".join(parts) + "}")
            if len(buf) == 10000:
                g.write("\n".join(buf) + "\n")
                buf = []
        if buf:
            g.write("\n".join(buf) + "\n")
    print(out)


if __name__ == "__main__":
    main()
