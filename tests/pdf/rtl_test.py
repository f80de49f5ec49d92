#!/usr/bin/env python3
"""rtl_test.py: the direction of a paragraph in the PDF, from the glyphs'
boxes on page 1 (pdftotext -bbox-layout).

    rtl_test.py GALLEY INPUT OUTDIR rtl|ltr [GALLEY OPTIONS...]

The body's lines (the title's block and the folio left out) share one
right edge R and one left edge L, those of the full lines. With rtl,
every line starts at R or a first-line indent short of it, and a ragged
line (under 80 % of the measure) stays clear of L; with ltr the mirror
image.
Exit 0 when it holds."""
import os
import re
import subprocess
import sys

galley, src, out, want = sys.argv[1:5]
os.makedirs(out, exist_ok=True)
pdf = os.path.join(out, os.path.splitext(os.path.basename(src))[0] + ".pdf")
subprocess.run([galley, "-q", "-t", "pdf", "--no-cover-page", "-o", pdf, src] + sys.argv[5:], check=True)
xml = subprocess.run(["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", pdf, "-"],
                     check=True, capture_output=True, text=True).stdout
blocks = re.findall(r"<block[^>]*>(.*?)</block>", xml, re.S)
line_re = r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"'
# the first block is the title (the folio is drawn as outlines, not text)
lines = [(float(a), float(b)) for blk in blocks[1:] for a, b in re.findall(line_re, blk)]
if len(lines) < 4:
    sys.exit("FAIL: %d body lines on page 1" % len(lines))
left = min(a for a, _ in lines)
right = max(b for _, b in lines)
measure = right - left
ragged = [(a, b) for a, b in lines if b - a < 0.8 * measure]
if not ragged:
    sys.exit("FAIL: no ragged line to judge: %r" % lines)
fails = []
# the edge lines start from, the edge ragged lines leave free
start_edge, free_edge = (right, left) if want == "rtl" else (left, right)
for a, b in lines:
    start = b if want == "rtl" else a
    if abs(start - start_edge) > 25:  # at most a first-line indent away
        fails.append("a line (%.1f..%.1f) does not start near the %s edge %.1f"
                     % (a, b, "right" if want == "rtl" else "left", start_edge))
for a, b in ragged:
    end = a if want == "rtl" else b
    if abs(end - free_edge) < 5:
        fails.append("a ragged line (%.1f..%.1f) reaches the %s edge"
                     % (a, b, "left" if want == "rtl" else "right"))
if fails:
    sys.exit("FAIL: " + "; ".join(fails))
print("ok: %s, %d lines, %d ragged" % (want, len(lines), len(ragged)))
