#!/usr/bin/env python3
"""Tables, deleted text and task boxes in the PDF, judged from the outside.

test_pdf (tests/unit/test_pdf.c) builds the models (a table of four
columns: names at the start of the line, numbers right-aligned, codes
centred, notes that wrap; deleted text; a task list) and writes the PDFs
with `test_pdf write DIR`; this script reads them back with pdftotext
-bbox and qpdf:

  - every cell's text ("rRcC" opens each cell) is in the PDF;
  - no word lies outside the text block (the edges of the justified
    paragraph before the table);
  - the right edges of the right-aligned column, the centres of the
    centred one and the left edges of the first are equal on every row;
  - a table crossing pages shows its header row on each of them, and the
    structure tree holds it once: Table, Caption, THead, TBody, TR, TH, TD;
  - deleted text and the task boxes extract as text.

Usage: table_test.py TEST_PDF OUTDIR
"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

TOL = 0.6  # points
page_width = 0.0


def words_by_page(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True,
                         capture_output=True, text=True).stdout
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out)
    root = ET.fromstring(out)
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        global page_width
        page_width = float(page.get("width"))
        ws = []
        for w in page.iter("{http://www.w3.org/1999/xhtml}word"):
            ws.append((float(w.get("xMin")), float(w.get("yMin")),
                       float(w.get("xMax")), float(w.get("yMax")), w.text or ""))
        pages.append(ws)
    return pages


def cell_lines(words, r, c):
    """The lines of cell rRcC on a page: lists of words sharing the first
    word's baseline band, from the word 'rRcC' to the next cell word."""
    token = "r%dc%d" % (r, c)
    for i, w in enumerate(words):
        if w[4] == token:
            line = [w]
            for v in words[i + 1:]:
                if abs(v[1] - w[1]) > 1 or re.match(r"r\d+c\d+$", v[4]):
                    break
                line.append(v)
            return line
    return None


def fail(msg):
    print("FAIL:", msg)
    return 1


def check_table(path, rows, cols, aligned, repeats, forced):
    errors = 0
    pages = words_by_page(path)
    allw = [w for p in pages for w in p]
    text = " ".join(w[4] for w in allw)
    # every cell
    tokens = set(text.split())
    missing = ["r%dc%d" % (r, c) for r in range(rows + 1) for c in range(cols)
               if "r%dc%d" % (r, c) not in tokens]
    if missing and not forced:
        errors += fail("%s: %d cells missing, e.g. %s" % (path, len(missing), missing[:3]))
    # the text block: the justified paragraph's first line spans it
    first = pages[0]
    para = [w for w in first if w[4] in ("A", "Перед")]
    if not para:
        return errors + fail("%s: no paragraph before the table" % path)
    y = para[0][1]
    lines = [w for w in first if y - 1 < w[1] < y + 40]  # its three lines
    odd = min(w[0] for w in lines), max(w[2] for w in lines)
    for p, ws in enumerate(pages):
        # left-hand (even) pages mirror the margins of right-hand ones
        left, right = odd if p % 2 == 0 else (page_width - odd[1], page_width - odd[0])
        for w in ws:
            if w[0] < left - TOL or w[2] > right + TOL:
                errors += fail("%s p%d: '%s' outside the text block [%.1f, %.1f]: %.1f-%.1f"
                               % (path, p + 1, w[4], left, right, w[0], w[2]))
                break
    if aligned:
        lefts, rights, centres = [], [], []
        for p, ws in enumerate(pages):
            # x from the left edge of the page's text block
            shift = odd[0] if p % 2 == 0 else page_width - odd[1]
            for r in range(rows + 1):
                l0 = cell_lines(ws, r, 0)
                l1 = cell_lines(ws, r, 1)
                l2 = cell_lines(ws, r, 2)
                if l0:
                    lefts.append(l0[0][0] - shift)
                if l1 and r > 0:
                    rights.append(l1[-1][2] - shift)
                if l2:
                    centres.append((l2[0][0] + l2[-1][2]) / 2 - shift)
        for name, xs in (("left edges of column 1", lefts),
                         ("right edges of column 2", rights),
                         ("centres of column 3", centres)):
            if len(xs) < rows or max(xs) - min(xs) > TOL:
                errors += fail("%s: %s differ: %.2f..%.2f (%d)"
                               % (path, name, min(xs or [0]), max(xs or [0]), len(xs)))
        # the header's right-aligned cell ends where the numbers do
        head = [w for w in pages[0] if w[4] in ("Number", "Число")]
        if rights and (not head or abs(head[0][2] - odd[0] - rights[0]) > TOL):
            errors += fail("%s: header of the number column not right-aligned" % path)
    if repeats:
        body_pages = 0
        for p, ws in enumerate(pages):
            toks = [w[4] for w in ws]
            if any(re.match(r"r([1-9]\d*)c0$", t) for t in toks):
                body_pages += 1
                if "r0c0" not in toks:
                    errors += fail("%s p%d: body rows without the header row" % (path, p + 1))
        if body_pages < 2:
            errors += fail("%s: the table was to cross pages (%d)" % (path, body_pages))
    if "struckwords" not in text.split() or "☐" not in text or "☑" not in text:
        errors += fail("%s: deleted text or task boxes do not extract" % path)
    return errors


def foot(path):
    """The lowest word on any page, points from the top."""
    return max(w[3] for p in words_by_page(path) for w in p)


def check_caption_kept(path):
    """The caption's page holds the header and the first body row."""
    for ws in words_by_page(path):
        toks = [w[4] for w in ws]
        if "Table" in toks or "Таблица" in toks:
            if "r0c0" in toks and "r1c0" in toks:
                return 0
            return fail("%s: the caption is parted from the first rows" % path)
    return fail("%s: no caption" % path)


def check_strike(path):
    """Deleted text is struck through: the gap between its two words is
    inked at their middle height, a gap between other words is not."""
    ws = words_by_page(path)[0]
    errors = 0
    for a, b, want in (("struckwords", "gone", True), ("paragraph", "before", False)):
        i = [k for k, w in enumerate(ws) if w[4] == a][0]
        w, v = ws[i], ws[i + 1]
        if v[4] != b:
            return fail("%s: '%s' does not follow '%s'" % (path, b, a))
        x0, x1 = w[2] + 0.5, v[0] - 0.5
        y0, y1 = w[1], w[3]
        r = 4  # pixels a point
        png = subprocess.run(["pdftoppm", "-gray", "-r", "288", "-f", "1", "-l", "1",
                              "-x", str(int(x0 * r)), "-y", str(int(y0 * r)),
                              "-W", str(max(1, int((x1 - x0) * r))),
                              "-H", str(int((y1 - y0) * r)), path],
                             check=True, capture_output=True).stdout
        # PGM: P5 width height maxval, then bytes
        parts = png.split(b"\n", 3)
        width, height = map(int, parts[1].split())
        pixels = parts[3]
        dark_rows = sum(1 for y in range(height)
                        if all(pixels[y * width + x] < 128 for x in range(width)))
        if (dark_rows > 0) != want:
            errors += fail("%s: gap '%s %s' %s struck through" %
                           (path, a, b, "not" if want else "wrongly"))
    return errors


def check_structure(path, cols):
    """The structure tree holds the table once, header cells once."""
    qdf = path + ".qdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", path, qdf], check=True)
    with open(qdf, "rb") as f:
        data = f.read()
    errors = 0
    counts = {}
    for s in (b"Table", b"Caption", b"THead", b"TBody", b"TR", b"TH", b"TD"):
        counts[s] = len(re.findall(rb"/S /" + s + rb"\b", data))
        if counts[s] == 0:
            errors += fail("%s: no /%s structure element" % (path, s.decode()))
    scopes = len(re.findall(rb"/Scope /Column", data))
    if scopes != cols:
        errors += fail("%s: %d TH with /Scope /Column, want %d" % (path, scopes, cols))
    if counts[b"TH"] != cols:
        errors += fail("%s: %d TH elements, want %d (the header once)"
                       % (path, counts[b"TH"], cols))
    if counts[b"Table"] != 1:
        errors += fail("%s: %d Table elements" % (path, counts[b"Table"]))
    return errors


def main():
    test_pdf, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    subprocess.run([test_pdf, "write", outdir], check=True)
    errors = 0
    for name, rows, cols, aligned, repeats, forced in (
            ("table-a4", 12, 4, True, False, False),
            ("table-a5", 12, 4, True, False, False),
            ("table-ru-a5", 30, 4, True, True, True),
            ("table-long-a5", 200, 4, True, True, False),
            ("table-cols-a5", 3, 12, False, False, True),
            ("table-wide-a4", 2, 10000, False, False, False),
            ("table-tall-a5", 4, 4, False, True, False),
            ("table-modern-a4", 30, 4, True, False, False),
            ("table-modern-ru-a5", 30, 4, True, True, False)):
        path = os.path.join(outdir, name + ".pdf")
        subprocess.run(["qpdf", "--check", path], check=True, capture_output=True)
        errors += check_table(path, rows, cols, aligned, repeats, forced)
        if name in ("table-long-a5", "table-a4"):
            errors += check_structure(path, cols)
        if name in ("table-long-a5", "table-ru-a5"):
            errors += check_caption_kept(path)
    errors += check_strike(os.path.join(outdir, "table-a4.pdf"))
    # a row taller than a page is cut into slices that keep to the text
    # block: no line lower than on a full page of the long table, give or
    # take a descender (the long table's pages end in padding and a rule;
    # a slice ends on a line: 4pt, less than half a line of the table)
    tall, full = (foot(os.path.join(outdir, n + ".pdf")) for n in ("table-tall-a5", "table-long-a5"))
    if tall > full + 4:
        errors += fail("a tall row runs past the foot of the page: %.1f > %.1f" % (tall, full))
    print("tables: %d errors" % errors)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
