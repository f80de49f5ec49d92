#!/usr/bin/env python3
"""Every character of the test texts is drawn in the face meant for it.

Collects the characters of the project's texts (input/, tests/golden*,
and the texts of the `dev` part of tests/corpus, whatever their
language), writes them into one Markdown article: the title, a paragraph
of them in roman, one in italic, one in bold, one in bold italic, and
headings made of them.
galley sets it with the style given, and `mutool draw -F stext` reads back
the font of every character drawn. Each must be in the face of its block:
a character the face lacks is drawn by fontconfig's fallback in some other
font, which is what this catches (Kazakh headings came out in the sans
italic when the sans bold lacked Қ, Ң, Ү ...). Letters, digits, marks and
punctuation must all be in the face. A mathematical or other symbol
(Unicode categories Sm, So: "≈" in a Kazakh article on the radian) that
the text faces do not have is drawn by the fallback in another bundled
font, which is right (a box would lose it): such characters are listed,
not failed.

usage: fonts_test.py GALLEY OUTDIR --style S --regular FACE --italic FACE
                     --bold FACE --bold-italic FACE --heading FACE
                     [--page-size P]
FACE is a PostScript font name as the PDF has it (NotoSerif-Regular).
"""
import argparse
import glob
import os
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
# Characters per heading: a heading is kept whole on its page, so a few
# short ones rather than one long one.
HEADING_CHARS = 24
HYPHENS = "-\u2010\u00ad"
# Straight quotes become typographic ones, as galley sets them: a
# paragraph mostly in Cyrillic letters takes guillemets and low-9 quotes.
SAME = {'"': '"\u201c\u201d\u00ab\u00bb\u201e', "'": "'\u2018\u2019\u201a"}


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def text_files():
    files = []
    for pattern in ("input/*.txt", "input/*.md", "tests/golden/*.txt",
                    "tests/golden/*.md", "tests/golden-md/*.md"):
        files += glob.glob(os.path.join(SRC, pattern))
    with open(os.path.join(SRC, "tests", "corpus", "split.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and parts[1] == "dev":
                files += glob.glob(os.path.join(SRC, "tests", "corpus", "texts",
                                                parts[0] + ".*"))
    return sorted(files)


def characters():
    """The printable characters of the texts, in code point order.
    Combining marks come on a base letter, since alone they would sit on
    the space before them."""
    seen = set()
    for path in text_files():
        with open(path, encoding="utf-8", errors="replace") as f:
            seen |= set(f.read())
    out = []
    for c in sorted(seen):
        cat = unicodedata.category(c)
        if cat[0] in "ZC" or c == "\ufffd":
            continue
        # Right-to-left letters (the Hebrew and Arabic direction tests'
        # texts) are set by faces of their own, in their own order:
        # tests/pdf/rtl_test.py checks them.
        if unicodedata.bidirectional(c) in ("R", "AL", "AN") or \
                unicodedata.name(c, "").startswith(("ARABIC", "HEBREW")):
            continue
        out.append("o" + c if cat[0] == "M" else c)
    return out


def md_escape(units):
    """Units separated by spaces, ASCII punctuation backslash-escaped
    (CommonMark: any ASCII punctuation may be escaped), so that nothing
    is read as markup or joined into a ligature."""
    out = []
    for u in units:
        out.append("".join("\\" + c if c.isascii() and not c.isalnum() else c
                           for c in u))
    return " ".join(out)


def drawn_chars(xml_path):
    """(char, font) of every character drawn at body size or larger, in
    drawing order: the folio and running head are smaller. The body size
    is the size most characters have."""
    runs, count = [], {}
    for font in ET.parse(xml_path).iter("font"):
        name = font.get("name", "")
        name = name.split("+", 1)[1] if "+" in name else name
        size = float(font.get("size", "0"))
        chars = [ch.get("c", "") for ch in font.iter("char")]
        count[size] = count.get(size, 0) + len(chars)
        runs.append((name, size, chars))
    # A justified line's glyphs may be scaled across (font expansion),
    # which mutool reads as a size a little off the type's: sizes within
    # 3 % count as one.
    def near(s):
        return sum(n for t, n in count.items() if abs(t - s) <= 0.03 * s)
    body_size = max(count, key=near) if count else 0
    return [(c, name) for name, size, chars in runs if size >= body_size * 0.95
            for c in chars if c and not c.isspace()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("galley")
    ap.add_argument("outdir")
    ap.add_argument("--style", required=True)
    ap.add_argument("--page-size", default="A4")
    for face in ("regular", "italic", "bold", "bold-italic", "heading"):
        ap.add_argument("--" + face, required=True)
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)

    units = characters()
    if len(units) < 100:
        fail("only %d characters found in the texts" % len(units))
    title = "Faces"
    body = md_escape(units)
    heads = [units[i:i + HEADING_CHARS] for i in range(0, len(units), HEADING_CHARS)]
    md = "# %s\n\n%s\n\n*%s*\n\n**%s**\n\n***%s***\n\n" % (title, body, body, body, body)
    md += "".join("## %s\n\nText.\n\n" % md_escape(h) for h in heads)
    blocks = [(title, args.heading)]
    blocks += [("".join(units), face) for face in (args.regular, args.italic, args.bold,
                                                  args.bold_italic)]
    for h in heads:
        blocks += [("".join(h), args.heading), ("Text.", args.regular)]

    stem = os.path.join(args.outdir, "faces-" + os.path.basename(args.style))
    src, pdf, xml = stem + ".md", stem + ".pdf", stem + ".xml"
    with open(src, "w", encoding="utf-8") as f:
        f.write(md)
    r = subprocess.run([args.galley, src, "-t", "pdf", "--no-cover-page", "-o", pdf, "--style", args.style,
                        "--page-size", args.page_size], capture_output=True, text=True)
    if r.returncode != 0:
        fail("galley exited %d: %s" % (r.returncode, r.stderr.strip()))
    r = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", xml, pdf],
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail("mutool draw: %s" % r.stderr.strip())

    drawn = drawn_chars(xml)

    # Walk the expected text along the drawn characters; a hyphen the
    # breaker added at a line end is skipped.
    pos, wrong, fallback = 0, [], set()
    for text, face in blocks:
        for c in text:
            if c.isspace():
                continue
            while pos < len(drawn) and drawn[pos][0] != c and drawn[pos][0] in HYPHENS:
                pos += 1
            if pos >= len(drawn):
                fail("the PDF ends before %r (U+%04X) of a %s block" % (c, ord(c), face))
            got, font = drawn[pos]
            if got != c and got not in SAME.get(c, ""):
                context = "".join(d[0] for d in drawn[max(0, pos - 10):pos + 10])
                fail("expected %r (U+%04X), drawn %r near %r" % (c, ord(c), got, context))
            if font != face and unicodedata.category(c) in ("Sm", "So"):
                fallback.add("%s U+%04X in %s" % (c, ord(c), font))
            elif font != face:
                wrong.append("%s U+%04X in %s, not %s" % (c, ord(c), font, face))
            pos += 1
    if fallback:
        print("symbols the faces lack, drawn by the fallback: " + ", ".join(sorted(fallback)))
    if wrong:
        print("\n".join(wrong[:40]))
        fail("%d characters drawn in another face than their block's" % len(wrong))
    print("ok: %d characters in %d blocks, %s" % (len(units), len(blocks), args.style))


if __name__ == "__main__":
    main()
