#!/usr/bin/env python3
"""Figures wherever pagination puts them, judged by qpdf --check.

  positions   k paragraphs then a figure, for k = 0 .. 40, so that a
              figure falls at every place on a page, first on a page
              included; and the same with figure{page-break-before:always}
  row         twelve figures in a row (PNG and JPEG), after a paragraph
              and with nothing before them
  repeat      one picture referenced 10,000 times

Each article must convert with exit 0 and pass qpdf --check without a
warning (exit 0): Cairo 1.16 threw away the tags of a page whose first
drawing was a picture (exit 70, "invalid tag name, attributes, or
nesting"), and listed a picture drawn twice on a page twice in the page's
resources (qpdf: "dictionary has duplicated key").

usage: figures_test.py GALLEY OUTDIR CASE [--style S] [--page-size P]
"""
import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
IMAGES = os.path.join(SRC, "input", "images")

WORDS = ("the harbour master kept a sheet of tides on the wall and read it "
         "each morning before the boats went out past the breakwater").split()


def paragraph(i):
    n = 25 + (i * 11) % 60
    ws = [WORDS[(i * 7 + j * 3) % len(WORDS)] for j in range(n)]
    ws[0] = ws[0].capitalize()
    return " ".join(ws) + "."


def front(title):
    return "---\ntitle: %s\n---\n\n" % title


def run(args, name, text, css=None, check_pages=False):
    md = os.path.join(args.outdir, name + ".md")
    pdf = os.path.join(args.outdir, name + ".pdf")
    with open(md, "w") as f:
        f.write(text)
    cmd = [args.galley, "-q", "-t", "pdf", "--no-cover-page", md, "-o", pdf]
    if css:
        cmd += ["--style", css]
    elif args.style:
        cmd += ["--style", args.style]
    if args.page_size:
        cmd += ["--page-size", args.page_size]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        return "%s: galley exited %d: %s" % (name, r.returncode, r.stderr.strip())
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    if q.returncode != 0:
        lines = (q.stderr + q.stdout).strip().splitlines()
        return "%s: qpdf --check exited %d: %s" % (name, q.returncode,
                                                   " | ".join(lines[:3]))
    os.remove(md)
    os.remove(pdf)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("galley")
    ap.add_argument("outdir")
    ap.add_argument("case", choices=["positions", "row", "repeat"])
    ap.add_argument("--style")
    ap.add_argument("--page-size")
    args = ap.parse_args()
    shutil.rmtree(args.outdir, ignore_errors=True)
    os.makedirs(args.outdir)
    for f in ("tide-chart.png", "harbour.jpg"):
        shutil.copy(os.path.join(IMAGES, f), args.outdir)

    failures = []
    if args.case == "positions":
        css = os.path.join(args.outdir, "break.css")
        base = os.path.join(SRC, "styles", (args.style or "classic") + ".css")
        with open(css, "w") as out, open(base) as b:
            out.write(b.read() + "\nfigure { page-break-before: always }\n")
        for k in range(41):
            text = front("Figure after %d" % k)
            text += "".join(paragraph(i) + "\n\n" for i in range(k))
            text += "![A chart](tide-chart.png \"The tide chart\")\n\nAfter.\n"
            failures.append(run(args, "pos-%02d" % k, text))
            if k % 5 == 0:
                failures.append(run(args, "break-%02d" % k, text, css=css))
    elif args.case == "row":
        pics = "".join("![Figure %d](%s \"Caption %d\")\n\n"
                       % (i, "tide-chart.png" if i % 3 else "harbour.jpg", i)
                       for i in range(12))
        failures.append(run(args, "row-after-text",
                            front("Row") + paragraph(1) + "\n\n" + pics))
        failures.append(run(args, "row-first", front("Row first") + pics))
        failures.append(run(args, "row-no-captions", front("Bare") +
                            "".join("![](tide-chart.png)\n\n" for _ in range(5))))
    else:
        text = front("Repeat") + paragraph(0) + "\n\n"
        text += "".join("![Chart %d](tide-chart.png)\n\n" % i for i in range(10000))
        failures.append(run(args, "repeat-10000", text))
    failures = [f for f in failures if f]
    for f in failures:
        print("FAIL: " + f)
    if failures:
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
