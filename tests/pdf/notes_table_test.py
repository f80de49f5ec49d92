#!/usr/bin/env python3
"""Notes cited from table cells go to the foot of the page that holds the
citing row, as notes cited from running text do.

usage: notes_table_test.py GALLEY OUTDIR [galley options...]

Writes an article whose long table (60 rows, crossing pages) cites a note
from a cell every tenth row, the notes cited nowhere else, and fails when
pdftotext finds a note's text on another page than its citing word, more
than once, or not at all, or when the PDF has a page with notes only.
"""
import os
import subprocess
import sys

FILL = ("The committee met again in the spring and talked for a long time about "
        "the rules of the house, the money that was owed, and the many small "
        "matters that had been left undone since the winter. ")


def main():
    galley, outdir = sys.argv[1], sys.argv[2]
    opts = sys.argv[3:]
    os.makedirs(outdir, exist_ok=True)
    rows, notes = [], []
    for i in range(60):
        cite = ""
        if i % 10 == 3:
            k = len(notes) + 1
            cite = "[^n%d]" % k
            notes.append("[^n%d]: Cellnote%s: the count of row %d was made twice." %
                         (k, "abcdefghij"[k - 1], i))
            word = "Cellword%s" % "abcdefghij"[k - 1]
        else:
            word = "row%d" % i
        rows.append("| %s%s | %d | %s |" % (word, cite, i * 37, "kept" if i % 2 else "sold"))
    md = ("---\ntitle: Notes in cells\nlanguage: en\n---\n\n" + (FILL * 3 + "\n\n") * 3 +
          "| Item | Count | State |\n|:--|--:|:--|\n" + "\n".join(rows) + "\n\n" +
          FILL * 2 + "\n\n" + "\n\n".join(notes) + "\n")
    src = os.path.join(outdir, "cells.md")
    pdf = os.path.join(outdir, "cells.pdf")
    with open(src, "w", encoding="utf-8") as f:
        f.write(md)
    subprocess.run([galley, "-t", "pdf", "-q", "--no-cover-page", "-o", pdf] + opts + [src], check=True)
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    failures = []
    for k in range(1, len(notes) + 1):
        letter = "abcdefghij"[k - 1]
        word = [i for i, p in enumerate(pages) if ("Cellword" + letter) in p]
        note = [i for i, p in enumerate(pages) if ("Cellnote" + letter) in p]
        count = sum(p.count("Cellnote" + letter) for p in pages)
        if len(word) != 1 or note != word or count != 1:
            failures.append("note %d: cited on page(s) %s, set on page(s) %s, %d time(s)"
                            % (k, [w + 1 for w in word], [n + 1 for n in note], count))
    for i, p in enumerate(pages):
        body = [l for l in p.splitlines() if l.strip()]
        if body and all("Cellnote" in l or l.strip().isdigit() or "Notes in cells" in l
                        for l in body):
            failures.append("page %d holds notes only" % (i + 1))
    print("%d pages, %d notes cited from cells" % (len(pages), len(notes)))
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
