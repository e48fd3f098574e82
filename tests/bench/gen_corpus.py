#!/usr/bin/env python3
"""gen_corpus.py DIR [N] - write N (default 10000) synthetic news articles of about 5 KB into DIR.

Deterministic (fixed seed): titles, a dateline, headings, paragraphs of reporting and quotes with
cues ("said X, the ROLE"), names from a small cast (some accented) so speakers recur across articles.
For the load and search benchmarks only; the text means nothing.
"""
import os
import random
import sys

FIRST = ["Jane", "Tom", "Ana", "José", "François", "Mei", "Olu", "Karin", "Raj", "Sofia", "Liam", "Zoë"]
LAST = ["Smith", "Hartley", "Ruiz", "Núñez", "Hollande", "Chen", "Adeyemi", "Berg", "Patel", "Rossi", "Walsh", "Müller"]
ROLES = ["the mayor", "a spokesperson for the council", "the head of the union", "a local trader",
         "the police chief", "a professor of economics", "the harbour master", "a nurse at the hospital"]
WORDS = ("council budget harbour school road market river police hospital museum festival vote plan "
         "city county union strike water power rail bridge housing tax park library court ferry "
         "storm flood fire winter summer report review contract funding service station").split()
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def sentence(r, n=None):
    n = n or r.randint(8, 18)
    w = [r.choice(WORDS) for _ in range(n)]
    w[0] = w[0].capitalize()
    return " ".join(w) + "."


def article(r, i):
    out = [f"{sentence(r, 6)[:-1]} in report {i}", ""]
    out += [f"{r.choice(DAYS)}, {r.choice(MONTHS)} {r.randint(1, 28)}, {r.randint(2005, 2025)}", ""]
    size = 0
    section = 0
    while size < 4800:
        if size and r.random() < 0.12 and section < 4:
            section += 1
            out += [" ".join(r.choice(WORDS) for _ in range(3)).capitalize(), ""]
        if r.random() < 0.45:
            name = f"{r.choice(FIRST)} {r.choice(LAST)}"
            para = f"“{sentence(r)[:-1]},” said {name}, {r.choice(ROLES)}. {sentence(r)} {sentence(r)}"
        else:
            para = " ".join(sentence(r) for _ in range(r.randint(2, 4)))
        out += [para, ""]
        size += len(para.encode()) + 2
    return "\n".join(out)


def main():
    d = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    os.makedirs(d, exist_ok=True)
    r = random.Random(9)
    for i in range(n):
        with open(os.path.join(d, f"gen-{i:05d}.txt"), "w", encoding="utf-8") as f:
            f.write(article(r, i))


if __name__ == "__main__":
    main()
