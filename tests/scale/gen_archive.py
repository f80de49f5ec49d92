#!/usr/bin/env python3
"""gen_archive.py DIR N: writes N generated articles into DIR, as an
archive holds them (DIR/YYYY/MM/story-NNN.txt or .md, English, Russian
and Kazakh, plain text and Markdown, a few hundred words each), and
DIR.list, their paths one a line. Deterministic: the same N gives the
same bytes."""
import os
import random
import sys

WORDS = {
    "en": ("the archive reform council minister said city river people year plan "
           "school report budget road water market court village north season").split(),
    "ru": ("архив реформа совет министр сказал город река люди год план школа "
           "отчёт бюджет дорога вода рынок суд село север сезон").split(),
    "kk": ("мұрағат реформа кеңес министр айтты қала өзен адамдар жыл жоспар мектеп "
           "есеп бюджет жол су нарық сот ауыл солтүстік маусым").split(),
}
PLACES = {"en": "ASTANA", "ru": "АСТАНА", "kk": "АСТАНА"}


def sentence(rng, lang):
    words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def article(i, rng):
    lang = ("en", "ru", "kk")[i % 3]
    md = i % 4 == 0
    title = " ".join(rng.choice(WORDS[lang]) for _ in range(5)).capitalize()
    paras = [" ".join(sentence(rng, lang) for _ in range(rng.randint(3, 7)))
             for _ in range(rng.randint(4, 9))]
    paras[0] = "%s – %s" % (PLACES[lang], paras[0])
    if md:
        head = "---\ntitle: %s\nlang: %s\n---\n\n" % (title, lang)
        body = paras[:3] + ["## " + sentence(rng, lang)[:-1]] + paras[3:]
        return head + "\n\n".join(body) + "\n", ".md"
    return title + "\n\n" + "\n\n".join(paras) + "\n", ".txt"


def main():
    root, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(1700000000)
    paths = []
    for i in range(n):
        text, ext = article(i, rng)
        rel = os.path.join(root, "%04d" % (2020 + i % 5), "%02d" % (1 + i % 12),
                           "story-%03d%s" % (i, ext))
        os.makedirs(os.path.dirname(rel), exist_ok=True)
        with open(rel, "w", encoding="utf-8") as f:
            f.write(text)
        paths.append(rel)
    with open(root.rstrip("/") + ".list", "w") as f:
        f.write("\n".join(paths) + "\n")


if __name__ == "__main__":
    main()
