#!/usr/bin/env python3
"""Writes a long, deterministic Markdown article for the pagination tests.

Headings every few paragraphs, paragraphs from one line to a dozen, many
short ones (the cases where widows, orphans and stranded headings happen),
lists and block quotes. The words are real English words of all lengths,
so hyphenation has work to do. Same seed, same article.

usage: gen_article.py OUT.md [--bytes N] [--seed S]
"""
import argparse
import os
import random

WORDS = """the of and to in is that for it as was with be by on not he this are
or his from at which but have an they you were her she there would their we
him been has when who will more no if out so said what up its about into than
them can only other new some could time these two may then do first any my now
such like our over man me even most made after also did many before must
through back years where much your way well down should because each just
those people how too little state good very make world still own see men work
long get here between both life being under never day same another know while
last might us great old year off come since against go came right used take
three government development organisation international responsibility
characteristically understanding particularly extraordinary relationship
environmental administration constitutional representatives comprehensive
infrastructure communication accountability independence implementation
cooperation neighbourhood transportation determination multilateral
parliamentary correspondence investigation establishment circumstances
recommendation professional institutional opportunities sustainability
engagement strengthening organisations participating humanitarian judicial
unprecedented agricultural manufacturing transparency reconstruction
""".split()


def sentence(rng, lo=6, hi=22):
    n = rng.randint(lo, hi)
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    if n > 8 and rng.random() < 0.4:
        words[rng.randint(2, n - 3)] += ","
    return " ".join(words) + rng.choice([".", ".", ".", "?", "!"])


def paragraph(rng):
    kind = rng.random()
    if kind < 0.35:      # one or two lines
        count = 1
    elif kind < 0.6:     # three or four lines
        count = rng.randint(2, 3)
    else:                # long
        count = rng.randint(4, 12)
    return " ".join(sentence(rng) for _ in range(count))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--bytes", type=int, default=60000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = ["---", "title: A generated article for pagination tests",
           "author: Galley Test Suite", "language: en", "---", ""]
    size = 0
    section = 0
    while size < args.bytes:
        section += 1
        level = "##" if rng.random() < 0.8 else "###"
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))
        out += ["%s %s %d" % (level, title.capitalize(), section), ""]
        for _ in range(rng.randint(1, 6)):
            r = rng.random()
            if r < 0.1:
                marker = "-" if rng.random() < 0.5 else "1."
                for _ in range(rng.randint(2, 5)):
                    out.append("%s %s" % (marker, sentence(rng, 3, 30)))
                out.append("")
            elif r < 0.15:
                out += ["> " + paragraph(rng), ""]
            else:
                out += [paragraph(rng), ""]
        size = sum(len(x) + 1 for x in out)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
