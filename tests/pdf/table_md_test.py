#!/usr/bin/env python3
"""Markdown pipe tables through the whole pipeline, judged in the PDF.

Writes a Markdown article (English or Russian) with a paragraph three
lines long (its justified lines show the text block), struck-through
text, a task list and a pipe table of ROWS rows: a column of names, one
of amounts aligned right (`---:`), one of codes centred (`:-:`) and one
of notes that wrap; converts it with galley at the given style and page
size, and reads the PDF back with pdftotext -bbox:

  - every word of every cell is in the PDF;
  - no word lies outside the text block;
  - the amounts' right edges, the codes' centres and the names' left
    edges are the same on every row (and the header's over the amounts);
  - a table crossing pages shows its header row on each of them;
  - struck text and the task boxes extract.

Usage: table_md_test.py GALLEY OUTDIR {en|ru} ROWS [--style S] [--page-size P]
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from table_test import TOL, fail, words_by_page  # noqa: E402
import table_test  # noqa: E402

WORDS = {
    "en": ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"],
    "ru": ["альфа", "браво", "чарли", "дельта", "эхо", "фокстрот", "гольф", "отель"],
}
TEXT = {
    "en": ("Budget", "Name", "Amount", "Code", "Notes",
           "A paragraph before the table, with ~~struck words~~ and more text: three "
           "lines long, so that its justified lines show the edges of the text block, "
           "which no word of the table may cross, whatever its columns hold.",
           "open task", "finished task", "A paragraph after the table."),
    "ru": ("Смета", "Имя", "Сумма", "Код", "Примечания",
           "Абзац перед таблицей, с ~~зачёркнутыми словами~~ и ещё текстом: длиной в три "
           "строки, чтобы его выключенные по формату строки показали края наборной "
           "полосы, которые ни одно слово таблицы не должно пересекать.",
           "открытая задача", "сделанная задача", "Абзац после таблицы."),
}


def amount(r):
    return "{:,}".format((r * 7919) % (100 if r % 3 else 10000000))


def article(lang, rows):
    w = WORDS[lang]
    title, h_name, h_amount, h_code, h_notes, para, open_t, done_t, after = TEXT[lang]
    out = ["# " + title, "", "## " + title, "", para, "",
           "- [ ] " + open_t, "- [x] " + done_t, "",
           "| %s | %s | %s | %s |" % (h_name, h_amount, h_code, h_notes),
           "|:--|--:|:-:|---|"]
    cells = []
    for r in range(1, rows + 1):
        name = "%s%d" % (w[r % 8], r)
        code = "K%d" % r
        notes = " ".join(w[(r + k) % 8] for k in (1, 2, 3, 5, 6)) + " n%d" % r
        cells.append((name, amount(r), code, notes))
        out.append("| %s | %s | %s | %s |" % cells[-1])
    out += ["", after, ""]
    return "\n".join(out), cells


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("galley")
    ap.add_argument("outdir")
    ap.add_argument("lang", choices=["en", "ru"])
    ap.add_argument("rows", type=int)
    ap.add_argument("--style", default="classic")
    ap.add_argument("--page-size", default="A4")
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    name = "%s-%d-%s-%s" % (a.lang, a.rows, a.style, a.page_size)
    md, cells = article(a.lang, a.rows)
    src = os.path.join(a.outdir, name + ".md")
    pdf = os.path.join(a.outdir, name + ".pdf")
    with open(src, "w", encoding="utf-8") as f:
        f.write(md)
    subprocess.run([a.galley, "-t", "pdf", "--no-cover-page", "--style", a.style, "--page-size", a.page_size,
                    "-o", pdf, src], check=True)
    pages = words_by_page(pdf)
    width = table_test.page_width
    errors = 0
    tokens = set(w[4] for p in pages for w in p)
    for row in cells:
        for cell in row:
            for word in cell.split():
                if word not in tokens:
                    errors += fail("%s: cell word '%s' missing" % (pdf, word))
    # the text block, from the justified paragraph's lines on page 1
    first = pages[0]
    start = [w for w in first if w[4] in ("A", "Абзац")]
    if not start:
        return fail("%s: no paragraph before the table" % pdf)
    y = start[0][1]
    lines = [w for w in first if y - 1 < w[1] < y + 40]
    odd = min(w[0] for w in lines), max(w[2] for w in lines)
    lefts, rights, centres = [], [], []
    head_right = None
    h_name, h_amount = TEXT[a.lang][1], TEXT[a.lang][2]
    for p, ws in enumerate(pages):
        left, right = odd if p % 2 == 0 else (width - odd[1], width - odd[0])
        shift = left
        for w in ws:
            if w[0] < left - TOL or w[2] > right + TOL:
                errors += fail("%s p%d: '%s' outside the text block" % (pdf, p + 1, w[4]))
                break
        toks = {}
        for w in ws:
            toks.setdefault(w[4], w)
        body = 0
        for name_, amt, code, _ in cells:
            if name_ in toks:
                body += 1
                lefts.append(toks[name_][0] - shift)
            if code in toks:
                centres.append((toks[code][0] + toks[code][2]) / 2 - shift)
        for r, (name_, amt, code, _) in enumerate(cells):
            if name_ in toks:
                # the amount on the name's line
                same = [w for w in ws if w[4] == amt and abs(w[1] - toks[name_][1]) < 1]
                if same:
                    rights.append(same[0][2] - shift)
        if h_amount in toks and head_right is None:
            head_right = toks[h_amount][2] - shift
        if body and h_name not in toks:
            errors += fail("%s p%d: body rows without the header row" % (pdf, p + 1))
    for what, xs in (("names' left edges", lefts), ("amounts' right edges", rights),
                     ("codes' centres", centres)):
        if len(xs) < len(cells) or max(xs) - min(xs) > TOL:
            errors += fail("%s: %s differ: %.2f..%.2f (%d of %d)"
                           % (pdf, what, min(xs or [0]), max(xs or [0]), len(xs), len(cells)))
    if head_right is None or (rights and abs(head_right - rights[0]) > TOL):
        errors += fail("%s: the amounts' header is not right-aligned" % pdf)
    struck = "struck" if a.lang == "en" else "зачёркнутыми"
    if struck not in tokens or "☐" not in tokens or "☑" not in tokens:
        errors += fail("%s: struck text or task boxes do not extract" % pdf)
    print("%s: %d pages, %d errors" % (name, len(pages), errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
