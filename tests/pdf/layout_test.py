#!/usr/bin/env python3
"""Typography of the PDF's lines, read from galley --dump-layout.

usage: layout_test.py GALLEY OUTDIR INPUT [--max-gap-sd EM] [--max-hyphenated N]
                      [--max-single-letter-ends N] [--expansion SHARE]
                      [galley options...]

Fails on:
  - a justified line whose word gaps as drawn pass 1.0 em (the breaker's
    limit: such a line must be set ragged instead);
  - more than two hyphenated lines in a row on a page;
  - a line of one word left justified (it cannot stretch: it must be set
    flush left, and counted as ragged);
  - a title or heading of several lines that is hyphenated, or whose last
    line is less than a third of its longest (an unbalanced display);
  - with --max-gap-sd, a spread of word gaps above EM: the standard
    deviation of the gap of justified paragraph lines of three words or
    more (as pdfquality measures it), the evenness of the page's colour;
  - with --max-hyphenated, more than N lines ending in a hyphen (drawn
    at a break, or the text's own), last lines of paragraphs aside;
  - with --max-single-letter-ends, more than N lines (last lines of
    paragraphs aside) ending in a word of one letter, which Russian,
    Polish and Czech keep with the next word;
  - a line whose glyphs are scaled across by more than the style's font
    expansion (--expansion, default 0.02, the bundled styles'
    -galley-font-expansion), a title or heading line scaled at all, or a
    ragged line that fits its measure scaled at all (only a justified
    line takes its share of stretch or shrink, and a ragged one only the
    shrink the breaker counted on); with an expansion above 0, no
    justified line scaled (the expansion is not applied);
  - a dump that is not what the header says (so that a change of the
    format cannot silently pass every check).
The two bounds are set per input in tests/pdf.cmake a little above what
the breaker gives today, so that a change that spreads the spacing or
adds hyphens fails until its figures are looked at.
With INPUT "-", a small article with long headings is generated into
OUTDIR and used, so that the display checks always have lines to judge.
"""
import os
import re
import subprocess
import sys

MAX_GAP_EM = 1.0
MAX_HYPHEN_RUN = 2
COLUMNS = ["page", "block", "width", "measure", "spaces", "gap_em", "hyphen",
           "last", "justified", "text", "baseline", "scale"]

HEADINGS_FRONT = """---
title: A remarkably long title about the typesetting of headings that run over several lines
---
"""
# Headings of every length from one line to three: at some lengths a
# greedy breaker leaves a word or two alone on the last line, whatever
# the fonts.
HEADING_WORDS = ("The history of a project that grew from a few volunteers into "
                 "one of the largest communities of free software in the "
                 "world").split()
HEADINGS_BODY = "".join(
    "\n%s %s\n\nSome text under the heading, long enough to make a paragraph of "
    "a few lines, set justified and hyphenated as the body is, so that the "
    "page has body text as well as headings.\n" % ("#" * (1 + n % 2), " ".join(HEADING_WORDS[:n]))
    for n in range(6, len(HEADING_WORDS) + 1))


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    if len(sys.argv) < 4:
        fail(__doc__)
    galley, outdir, src = sys.argv[1], sys.argv[2], sys.argv[3]
    opts = sys.argv[4:]
    bounds = {"--expansion": 0.02}
    for flag in ("--max-gap-sd", "--max-hyphenated", "--max-single-letter-ends",
                 "--expansion"):
        if flag in opts:
            k = opts.index(flag)
            if k + 1 >= len(opts):
                fail("%s wants a value" % flag)
            bounds[flag] = float(opts[k + 1])
            del opts[k:k + 2]
    os.makedirs(outdir, exist_ok=True)
    if src == "-":
        src = os.path.join(outdir, "headings.md")
        with open(src, "w", encoding="utf-8") as fh:
            fh.write(HEADINGS_FRONT + HEADINGS_BODY)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    r = subprocess.run([galley, "--dump-layout", "-q"] + opts + [src],
                       capture_output=True, text=True, env=env)
    if r.returncode != 0:
        fail("galley exited %d: %s" % (r.returncode, r.stderr.strip()))
    rows = r.stdout.splitlines()
    if not rows or rows[0].lstrip("# ").split("\t") != COLUMNS:
        fail("no layout dump header: %r" % (rows[:1],))
    lines = []
    for n, row in enumerate(rows[1:], 2):
        f = row.split("\t")
        if len(f) != len(COLUMNS):
            fail("dump line %d has %d columns: %r" % (n, len(f), row))
        d = dict(zip(COLUMNS, f))
        for k in ("page", "spaces", "hyphen", "last", "justified"):
            d[k] = int(d[k])
        for k in ("width", "measure", "gap_em", "baseline", "scale"):
            d[k] = float(d[k])
        lines.append(d)
    if len(lines) < 20:
        fail("only %d lines in the dump" % len(lines))

    problems = []
    run, page, justified, gaps = 0, None, 0, []
    body_gaps, hyphenated_lines = [], 0
    expansion, scaled = bounds.pop("--expansion"), 0
    for d in lines:
        where = "page %d %s %r" % (d["page"], d["block"], d["text"][:50])
        scale = d["scale"]
        display = d["block"].startswith("h") and d["block"][1:2].isdigit()
        if abs(scale - 1) > expansion + 5e-5:
            problems.append("glyphs scaled %.4f, past %.3f: %s" % (scale, expansion, where))
        elif scale != 1 and display:
            problems.append("heading glyphs scaled %.4f: %s" % (scale, where))
        elif scale != 1 and not d["justified"] and d["width"] <= d["measure"]:
            problems.append("ragged line that fits scaled %.4f: %s" % (scale, where))
        if scale != 1 and d["justified"]:
            scaled += 1
        if d["justified"] and d["spaces"] > 0:
            justified += 1
            gaps.append(d["gap_em"])
            if d["gap_em"] > MAX_GAP_EM:
                problems.append("word gap %.3f em: %s" % (d["gap_em"], where))
        if d["justified"] and d["spaces"] == 0 and d["width"] < d["measure"] - 1:
            problems.append("one-word line justified: %s" % where)
        if d["page"] != page:
            run, page = 0, d["page"]
        # A hyphen drawn at a break, or one the text has (pdfquality
        # counts both).
        hyphenated = d["hyphen"] or d["text"].endswith(("-", "\u2010"))
        run = run + 1 if hyphenated else 0
        if hyphenated and not d["last"]:
            hyphenated_lines += 1
        # (a list item's first paragraph is the item's own text: "li")
        if d["justified"] and d["spaces"] >= 2 and d["block"].split(".")[0] in ("p", "li"):
            body_gaps.append(d["gap_em"])
        if run > MAX_HYPHEN_RUN:
            problems.append("%d hyphens in a row: %s" % (run, where))

    # Display blocks: consecutive lines of one title or heading block, the
    # block ending at its last line.
    block = []
    displays = 0
    for d in lines:
        kind = d["block"]
        if not (kind.startswith("h") and kind[1:2].isdigit()):
            continue
        block.append(d)
        if not d["last"]:
            continue
        if len(block) > 1:
            displays += 1
            longest = max(x["width"] for x in block)
            if block[-1]["width"] < longest / 3:
                problems.append("unbalanced %s: last line %r is %.0f of %.0f pt" %
                                (kind, block[-1]["text"], block[-1]["width"], longest))
        for x in block:
            if x["hyphen"]:
                problems.append("hyphenated %s: %r" % (kind, x["text"]))
        block = []

    if justified == 0 and not any(d["block"].startswith("h") for d in lines):
        fail("no justified line with spaces: nothing was judged")
    if expansion > 0 and justified >= 20 and scaled == 0:
        problems.append("font expansion %.3f, but no justified line's glyphs scaled"
                        % expansion)
    sd = 0.0
    if body_gaps:
        m = sum(body_gaps) / len(body_gaps)
        sd = (sum((g - m) ** 2 for g in body_gaps) / len(body_gaps)) ** 0.5
    if bounds and len(body_gaps) < 100:
        fail("only %d justified paragraph lines: too few to bound their spread"
             % len(body_gaps))
    if "--max-gap-sd" in bounds and sd > bounds["--max-gap-sd"]:
        problems.append("word-gap spread %.4f em over %d lines, above %.4f em" %
                        (sd, len(body_gaps), bounds["--max-gap-sd"]))
    single = sum(1 for d in lines if not d["last"] and not d["block"].startswith("h") and
                 re.search(r"(^|\s)[^\W\d_]$", d["text"]))
    if "--max-single-letter-ends" in bounds and single > bounds["--max-single-letter-ends"]:
        problems.append("%d lines end in a one-letter word, above %d" %
                        (single, bounds["--max-single-letter-ends"]))
    if "--max-hyphenated" in bounds and hyphenated_lines > bounds["--max-hyphenated"]:
        problems.append("%d hyphenated lines, above %d" %
                        (hyphenated_lines, bounds["--max-hyphenated"]))
    for p in problems[:20]:
        print(p)
    if problems:
        fail("%d problem(s)" % len(problems))
    mean = sum(gaps) / len(gaps) if gaps else 0.0
    print("OK: %d lines, %d justified (gap mean %.3f max %.3f em; paragraph "
          "lines' gap sd %.4f em; %d with their glyphs scaled), %d hyphenated, "
          "%d multi-line displays, %d lines ending in a one-letter word" %
          (len(lines), justified, mean, max(gaps) if gaps else 0.0, sd, scaled,
           hyphenated_lines, displays, single))


if __name__ == "__main__":
    main()
