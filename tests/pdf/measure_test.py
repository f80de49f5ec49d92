#!/usr/bin/env python3
"""The measure and the margins of a style at a page size.

The paragraphs of the sample article, joined into one long English
paragraph, are set by galley; `pdftotext -bbox-layout` gives every line
back. Checked:

  measure    the full lines (all but a paragraph's last) hold on average
             MIN_CHARS to MAX_CHARS characters, spaces included: the
             60-75 of the typographers (Bringhurst 2.1.2), and no full
             line falls far outside it
  margins    mirrored with a binding allowance: the inner margin (left on
             odd, right-hand pages, right on even ones) is larger than the
             outer one, so the text column moves between the two sides

usage: measure_test.py GALLEY OUTDIR --style S --page-size P
"""
import argparse
import glob
import os
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
MIN_CHARS, MAX_CHARS = 60, 75
# A single full line may stray this far from the range (a line of long
# words, one with an em dash): the average is what the range is about.
LINE_SLACK = 12
# The inner margin exceeds the outer one by at least this, points (2 mm).
MIN_BINDING = 5.6
NS = "{http://www.w3.org/1999/xhtml}"


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def long_paragraph():
    """The sample article's paragraphs (lines of 200 bytes or more), joined
    until the paragraph fills a few pages."""
    paras = []
    for path in sorted(glob.glob(os.path.join(SRC, "input", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            paras += [l.strip() for l in f if len(l.strip()) >= 200]
    text = " ".join(paras)
    if len(text) < 3000:
        fail("the sample article has too little text (%d bytes)" % len(text))
    while len(text) < 12000:
        text += " " + text
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("galley")
    ap.add_argument("outdir")
    ap.add_argument("--style", required=True)
    ap.add_argument("--page-size", required=True)
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)

    stem = os.path.join(args.outdir, "measure-%s-%s" % (args.style, args.page_size))
    src, pdf, html = stem + ".md", stem + ".pdf", stem + ".html"
    with open(src, "w", encoding="utf-8") as f:
        f.write("---\ntitle: Measure\nlanguage: en\n---\n\n" + long_paragraph() + "\n")
    r = subprocess.run([args.galley, src, "-t", "pdf", "--no-cover-page", "-o", pdf, "--style", args.style,
                        "--page-size", args.page_size], capture_output=True, text=True)
    if r.returncode != 0:
        fail("galley exited %d: %s" % (r.returncode, r.stderr.strip()))
    r = subprocess.run(["pdftotext", "-bbox-layout", pdf, html], capture_output=True, text=True)
    if r.returncode != 0:
        fail("pdftotext: %s" % r.stderr.strip())

    # Lines of the text column: three words or more (the folio and the
    # running head are shorter), per page.
    pages = []
    for page in ET.parse(html).iter(NS + "page"):
        width = float(page.get("width"))
        lines = []
        for line in page.iter(NS + "line"):
            words = [w.text or "" for w in line.iter(NS + "word")]
            if len(words) < 3:
                continue
            lines.append((float(line.get("xMin")), float(line.get("xMax")),
                          sum(len(w) for w in words) + len(words) - 1))
        pages.append((width, lines))

    full, edges = [], {0: [], 1: []}
    for number, (width, lines) in enumerate(pages, 1):
        if not lines:
            continue
        right = max(l[1] for l in lines)
        left = min(l[0] for l in lines)
        # full lines reach the right edge of the column (justified)
        full += [l[2] for l in lines if l[1] > right - 1.0 and l[0] < left + 1.0]
        edges[number % 2].append((left, width - right))
    if len(full) < 30:
        fail("only %d full lines" % len(full))
    mean = statistics.mean(full)
    print("%s %s: %d full lines, characters per line mean %.1f, min %d, max %d"
          % (args.style, args.page_size, len(full), mean, min(full), max(full)))
    if not MIN_CHARS <= mean <= MAX_CHARS:
        fail("mean characters per line %.1f outside %d-%d" % (mean, MIN_CHARS, MAX_CHARS))
    strays = [n for n in full if n < MIN_CHARS - LINE_SLACK or n > MAX_CHARS + LINE_SLACK]
    if strays:
        fail("full lines far outside %d-%d characters: %s" % (MIN_CHARS, MAX_CHARS, strays[:10]))

    if not edges[0] or not edges[1]:
        fail("fewer than two pages")
    odd_left, odd_right = (statistics.median(e[i] for e in edges[1]) for i in (0, 1))
    even_left, even_right = (statistics.median(e[i] for e in edges[0]) for i in (0, 1))
    print("margins: odd pages %.1f/%.1f pt, even pages %.1f/%.1f pt (left/right)"
          % (odd_left, odd_right, even_left, even_right))
    if odd_left < odd_right + MIN_BINDING or even_right < even_left + MIN_BINDING:
        fail("margins not mirrored with a larger inner margin")


if __name__ == "__main__":
    main()
