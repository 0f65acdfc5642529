#!/usr/bin/python3
"""Write the text benchmark file (deterministic, standard library only).

    bench/gen_texts.py [--rows N] [--out PATH]

Default: 100,000 short texts to bench/data/texts_100k.csv, columns id and
text. Each text has 5 to 20 words drawn from 20,000 made-up words with
Zipf-like frequencies (word k with weight 1 / (k + 10)), some capitalised,
with commas and full stops. Same arguments, same bytes.
"""
import argparse
import bisect
import itertools
import os
import random

SYL = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "da", "gu", "shi", "ba", "ze", "ro", "ni"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    out = args.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), "data",
                                   "texts_%dk.csv" % (args.rows // 1000))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    rng = random.Random(20261125)
    words = []
    for k in range(20000):
        n = 2 + k % 3
        words.append("".join(SYL[(k * 7 + j * 5 + k // (j + 1)) % len(SYL)] for j in range(n)) + str(k % 97))
    cum = list(itertools.accumulate(1.0 / (k + 10) for k in range(len(words))))
    with open(out, "w", newline="\n") as f:
        f.write("id,text\n")
        for i in range(args.rows):
            n = rng.randint(5, 20)
            ws = [words[bisect.bisect_left(cum, rng.random() * cum[-1])] for _ in range(n)]
            if rng.random() < 0.5:
                ws[0] = ws[0].capitalize()
            text = " ".join(w + ("," if rng.random() < 0.1 else "") for w in ws) + "."
            f.write('%d,"%s"\n' % (i, text))
    print(out)


main()
