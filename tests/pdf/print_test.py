#!/usr/bin/env python3
"""Print production and structure of the PDF, judged from the outside.

usage: print_test.py GALLEY OUT_DIR SOURCE_DIR CHECK

CHECK is one of:
  colour     body text is DeviceGray black ("0 g" in the content streams),
             no neutral colour left as "r r r rg", no transparency group
             on pages where nothing is transparent
  boxes      /Lang in the catalog equals the document language (en, and
             ru and kk as the readers detect them); TrimBox and BleedBox
             on every page, equal to the MediaBox
  structure  pdfinfo -struct-text lists H1, H2 and P in reading order,
             figures carry /Alt, no element holds a folio or the running
             head, and all that is drawn is in an element or an Artifact
  pagebreak  pdftotext across a page break: a word hyphenated at the foot
             of a page goes on at the top of the next, no folio or
             running head between its halves
  bytes      two runs give the same bytes (an /ID from the file's MD5)
  justified  the lines the layout dump calls justified end on their
             page's right edge as pdftotext -bbox-layout reads the PDF,
             within 0.5 pt, glyphs scaled (font expansion) or not; none
             passes it; with expansion, as without (a copy of the style
             that turns it off)
  folio      each page's number is drawn from one form per digit, placed
             at the foot of the page, one per digit of the page's folio,
             the same form for the same digit on every page (outlined on
             every page, the numbers were a third of the content
             streams' bytes); no page draws an outline of its own
  justified-long
             the same of a one-paragraph article too long to be set ahead,
             whose lines are shaped a window at a time as drawn
  subsets    small capitals (the sample's dateline) and superior figures do
             not take the body's letters out of the font's 8-bit subset:
             each body line of the sample article is one font resource
             (Cairo gives a WinAnsi code to the first glyph shown as its
             character; a small capital "a" took the code of "a", and the
             body then switched fonts letter by letter); their text is
             still extracted as written
"""
import os
import re
import subprocess
import sys
import time


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, **kw)
    if r.returncode not in (0, 2, 3):  # qpdf: 2 errors, 3 warnings
        fail("%s exited %d: %s" % (cmd[0], r.returncode, r.stderr[:300]))
    return r


def make_pdf(galley, src, out, *args):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    r = subprocess.run([galley, "-t", "pdf", src, "-o", out] + list(args),
                       capture_output=True, env=env)
    if r.returncode != 0:
        fail("galley failed on %s: %s" % (src, r.stderr.decode()[:300]))
    chk = subprocess.run(["qpdf", "--check", out], capture_output=True)
    if chk.returncode != 0:
        fail("qpdf --check %s: %s" % (out, chk.stdout.decode()[-300:]))
    return out


def qdf(pdf):
    """The file uncompressed, one object per object (qpdf --qdf)."""
    out = pdf + ".qdf"
    run(["qpdf", "--qdf", "--object-streams=disable", pdf, out])
    with open(out, "rb") as f:
        return f.read()


def check_colour(galley, out, src_dir):
    for name, src in (("sample", os.path.join(src_dir, "input", "000_0cf0c6b4b4a8e552.txt")),
                      ("article", os.path.join(src_dir, "input", "article.md"))):
        for style in ("classic", "modern"):
            pdf = make_pdf(galley, src, os.path.join(out, "%s-%s.pdf" % (name, style)),
                           "--style", style, "--page-size", "A5")
            data = qdf(pdf)
            # Text is set between BT and ET; the colour before the text.
            blacks = len(re.findall(rb"(?:^|\s)0 g(?=\s)", data))
            if blacks == 0:
                fail("%s %s: no '0 g' (DeviceGray black) in the content" % (name, style))
            grey_rgb = re.findall(rb"(?:^|\s)([0-9.]+) \1 \1 (?:rg|RG)(?=\s)", data)
            if grey_rgb:
                fail("%s %s: neutral colours left in DeviceRGB: %r"
                     % (name, style, grey_rgb[:3]))
            if re.search(rb"0\.10196\d* 0\.10196\d* 0\.10196\d*", data):
                fail("%s %s: the style's near-black #1a1a1a is printed" % (name, style))
            if b"/S /Transparency" in data:
                fail("%s %s: a transparency group where nothing is transparent"
                     % (name, style))


def check_boxes(galley, out, src_dir):
    golden = os.path.join(src_dir, "tests", "golden")
    cases = (("en", os.path.join(src_dir, "input", "000_0cf0c6b4b4a8e552.txt")),
             ("ru", os.path.join(golden, "novel-russian.txt")),
             ("kk", os.path.join(golden, "kazakh-cyrillic.txt")))
    for lang, src in cases:
        pdf = make_pdf(galley, src, os.path.join(out, "lang-%s.pdf" % lang),
                       "--page-size", "A5")
        data = qdf(pdf)
        found = re.findall(rb"/Lang \(([^)]*)\)", data)
        if found != [lang.encode()]:
            fail("%s: /Lang is %r, want [%r]" % (src, found, lang))
        pages = int(re.search(rb"Pages:\s+(\d+)",
                              run(["pdfinfo", pdf]).stdout).group(1))
        for box in (b"TrimBox", b"BleedBox"):
            got = re.findall(rb"/" + box + rb" \[\s*([^\]]*)\]", data)
            media = re.findall(rb"/MediaBox \[\s*([^\]]*)\]", data)
            if len(got) != pages:
                fail("%s: %d %s for %d pages" % (src, len(got), box.decode(), pages))
            if sorted(set(tuple(g.split()) for g in got)) != \
               sorted(set(tuple(m.split()) for m in media)):
                fail("%s: %s %r is not the MediaBox %r" % (src, box.decode(), got[:1], media[:1]))


def struct_elements(pdf):
    """(name, text) pairs of pdfinfo -struct-text, in order."""
    text = run(["pdfinfo", "-struct-text", pdf]).stdout.decode("utf-8", "replace")
    items, last = [], None
    for line in text.splitlines():
        s = line.strip()
        if s.startswith('"'):
            if last is not None:
                items[last] = (items[last][0], items[last][1] + s.strip('"'))
        elif s:
            items.append((s.split()[0], ""))
            last = len(items) - 1
    return items


def check_furniture(pdf, items, source):
    """The running head (the title, on every page after the first) and
    the folios are no text of any element: the title occurs in the
    elements no more often than in the source."""
    info = run(["pdfinfo", pdf]).stdout.decode("utf-8", "replace")
    title = re.search(r"^Title:\s*(.*)$", info, re.M).group(1).strip()
    if not title:
        fail("%s has no title to look for" % pdf)
    alltext = re.sub(r"\s+", " ", " ".join(t for _, t in items))
    if alltext.count(title) > re.sub(r"\s+", " ", source).count(title):
        fail("%s: the running head '%s' is inside the structure" % (pdf, title))
    for n, t in items:
        if re.fullmatch(r"\s*\d{1,4}\s*", t) or re.match(re.escape(title) + r"\d", t):
            fail("%s: a folio is in an element (%s %r)" % (pdf, n, t[:40]))


PAINT_OPS = {b"Tj", b"TJ", b"'", b'"', b"Do", b"sh", b"BI", b"S", b"s", b"f", b"F",
             b"f*", b"B", b"B*", b"b", b"b*"}


def unmarked_paint(content):
    """Painting operators of a content stream outside all marked content
    (neither a structure element's nor an Artifact)."""
    found, depth, i, n = [], 0, 0, len(content)
    ws = b" \t\r\n\f\0"
    while i < n:
        c = content[i:i + 1]
        if c in (b" ", b"\t", b"\r", b"\n", b"\f", b"\0"):
            i += 1
        elif c == b"(":
            level = 0
            while i < n:
                ch = content[i:i + 1]
                if ch == b"\\":
                    i += 1
                elif ch == b"(":
                    level += 1
                elif ch == b")":
                    level -= 1
                    if level == 0:
                        break
                i += 1
            i += 1
        elif c == b"<":
            j = content.find(b">", i)
            i = n if j < 0 else j + 1
        elif c in (b">", b"[", b"]", b"{", b"}"):
            i += 1
        else:
            j = i + 1
            while j < n and content[j:j + 1] not in ws and content[j:j + 1] not in b"()<>[]{}/%":
                j += 1
            word = content[i:j]
            if word in (b"BDC", b"BMC"):
                depth += 1
            elif word == b"EMC":
                depth -= 1
            elif depth == 0 and word in PAINT_OPS:
                found.append(word)
            if word == b"ID":  # inline image data up to EI
                k = content.find(b"EI", j)
                j = n if k < 0 else k + 2
            i = j
    return found


def check_marked(pdf):
    """Every page draws only inside structure elements or Artifacts."""
    data = qdf(pdf)
    pages = re.split(rb"%% Contents for page \d+", data)[1:]
    if not pages:
        fail("%s: no page contents found" % pdf)
    for k, chunk in enumerate(pages):
        m = re.search(rb"stream\r?\n(.*?)\r?\nendstream", chunk, re.S)
        if m is None:
            continue
        loose = unmarked_paint(m.group(1))
        if loose:
            fail("%s page %d: %d painting operators outside marked content (%r)"
                 % (pdf, k + 1, len(loose), loose[:5]))


def check_structure(galley, out, src_dir):
    src = os.path.join(src_dir, "input", "article.md")
    pdf = make_pdf(galley, src, os.path.join(out, "struct.pdf"), "--page-size", "A5")
    items = struct_elements(pdf)
    names = [n for n, _ in items]
    for need in ("Document", "H1", "H2", "P", "L", "LI", "Figure"):
        if need not in names:
            fail("no %s element in the structure: %r" % (need, sorted(set(names))))
    if "Sect" in names:
        fail("page-sized Sect elements in the structure")
    # Reading order: the headings as the source has them.
    with open(src, encoding="utf-8") as f:
        md = f.read()
    want = re.findall(r"^## (.+)$", md, re.M)
    got = [t for n, t in items if n == "H2"]
    if got != want:
        fail("H2 elements %r, want %r" % (got, want))
    title = re.search(r"^title: (.+)$", md, re.M).group(1)
    if [t for n, t in items if n == "H1"] != [title]:
        fail("the H1 is not the title alone")
    # Paragraph text follows the source order.
    flat = re.sub(r"\s+", " ", md)
    pos = 0
    for n, t in items:
        words = t.split()
        if n != "P" or len(words) < 4:
            continue
        probe = " ".join(words[:3])
        k = flat.find(probe, pos)
        if k < 0 and flat.find(probe) >= 0:
            fail("P %r is out of reading order" % probe)
        if k >= 0:
            pos = k
    check_furniture(pdf, items, md)
    # A long text, whose paragraphs cross pages.
    src = os.path.join(src_dir, "tests", "corpus", "texts", "en-dubliners-book.txt")
    long_pdf = make_pdf(galley, src, os.path.join(out, "struct-long.pdf"), "--page-size", "A5")
    long_items = struct_elements(long_pdf)
    with open(src, encoding="utf-8") as f:
        check_furniture(long_pdf, long_items, f.read())
    check_marked(pdf)
    check_marked(long_pdf)
    # A paragraph crossing a page is one P holding a Span per page.
    if "Span" not in [n for n, _ in long_items]:
        fail("no paragraph crosses a page as one P with a Span per page")
    data = qdf(pdf)
    alts = re.findall(rb"/Alt \(", data) + re.findall(rb"/Alt <", data)
    if len(alts) != names.count("Figure"):
        fail("%d /Alt for %d figures" % (len(alts), names.count("Figure")))


def check_pagebreak(galley, out, src_dir):
    texts = os.path.join(src_dir, "tests", "corpus", "texts")
    ends = 0
    # (English books hyphenate few lines, so few pages end in a broken
    # word: the Russian and German ones give some at A5)
    for name in ("en-dubliners-book", "en-sherlock-holmes-book", "ru-debian-history-book",
                 "de-debian-history-book"):
        src = os.path.join(texts, name + ".txt")
        pdf = make_pdf(galley, src, os.path.join(out, name + ".pdf"), "--page-size", "A5")
        with open(src, encoding="utf-8") as f:
            source = f.read()
        pages = run(["pdftotext", pdf, "-"]).stdout.decode("utf-8").split("\f")
        for i in range(len(pages) - 1):
            a, b = pages[i].rstrip(), pages[i + 1].lstrip()
            if re.search(r"\n\s*\d+\s*$", a) or re.match(r"\d+\s*\n", b):
                fail("%s: a folio at the break after page %d: %r | %r"
                     % (name, i + 1, a[-40:], b[:40]))
            if not re.search(r"[^\W\d]-$", a):
                continue
            ends += 1
            # The word goes on at once: a lower-case letter, no running
            # head or folio between its halves (a capital only where the
            # text has that compound, "Freie-Software-Hackern").
            if not re.match(r"[^\W\d_]", b):
                fail("%s: page %d ends in %r, page %d starts %r"
                     % (name, i + 1, a[-30:], i + 2, b[:40]))
            if b[0] != b[0].lower():
                compound = a.split()[-1] + b.split()[0].rstrip(".,;:!?")
                if compound not in source:
                    fail("%s: page %d ends in %r, page %d starts %r (%r is not in the text)"
                         % (name, i + 1, a[-30:], i + 2, b[:40], compound))
    if ends == 0:
        fail("no page ends in a hyphenated word: nothing was tested")


def line_edges(pdf):
    """Per page, the right edge (xMax) and text of each line pdftotext
    -bbox-layout reads."""
    xml = run(["pdftotext", "-bbox-layout", pdf, "-"]).stdout.decode("utf-8")
    pages = []
    for page in re.findall(r"<page\b.*?</page>", xml, re.S):
        lines = []
        for m in re.finditer(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>',
                             page, re.S):
            words = re.findall(r">([^<]*)</word>", m.group(2))
            lines.append((float(m.group(1)), " ".join(words)))
        pages.append(lines)
    return pages


def check_justified(galley, out, src_dir):
    src = os.path.join(src_dir, "tests", "corpus", "texts", "en-dubliners-book.txt")
    with open(os.path.join(src_dir, "styles", "classic.css"), encoding="utf-8") as f:
        css = f.read()
    noexp = os.path.join(out, "noexp.css")
    with open(noexp, "w", encoding="utf-8") as f:
        f.write(css + "\n@media print { body { -galley-font-expansion: none } }\n")
    for label, style in (("expansion", "classic"), ("no expansion", noexp)):
        judge_justified(galley, out, src, label, label == "expansion",
                        ["--page-size", "A5", "--style", style, "--no-cover-page"])


def check_justified_long(galley, out, src_dir):
    # a paragraph too long to be set ahead: its lines are shaped a window
    # at a time as they are drawn (pdf_para_set_window)
    src = os.path.join(out, "one-paragraph.md")
    subprocess.run([sys.executable, os.path.join(src_dir, "bench", "gen"), "400K", "para", src],
                   check=True)
    judge_justified(galley, out, src, "one long paragraph", True,
                    ["--page-size", "A5", "--no-cover-page"])


def judge_justified(galley, out, src, label, expansion, opts):
    """The lines the layout dump of `src` (galley options `opts`) calls
    justified end on their page's right edge in the PDF."""
    pdf = make_pdf(galley, src, os.path.join(out, "justified.pdf"), *opts)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    dump = subprocess.run([galley, "--dump-layout", "-q", src] + opts,
                          capture_output=True, env=env).stdout.decode("utf-8")
    want = {}  # page -> texts of justified lines of three words or more
    scaled = 0
    for row in dump.splitlines()[1:]:
        c = row.split("\t")
        if c[8] == "1" and int(c[4]) >= 2:
            want.setdefault(int(c[0]), []).append(c[9])
            scaled += float(c[11]) != 1
    if expansion != (scaled > 0):
        fail("%s: %d justified lines with their glyphs scaled" % (label, scaled))
    pages = line_edges(pdf)
    judged = off = 0
    for page, texts in want.items():
        lines = pages[page - 1]
        by_text = {}
        for x, text in lines:
            by_text.setdefault(text.replace(" ", ""), []).append(x)
        # (a line pdftotext split or merged is not judged)
        xs = [by_text[t.replace(" ", "")][0] for t in texts if t.replace(" ", "") in by_text]
        if len(xs) < 5:
            continue
        edge = sorted(xs)[len(xs) // 2]
        for x, text in lines:
            if x > edge + 0.5:
                fail("%s: page %d: a line passes the right edge %.1f at %.1f: %r"
                     % (label, page, edge, x, text[:50]))
        judged += len(xs)
        for x in xs:
            if abs(x - edge) > 0.5:
                off += 1
                if off <= 3:
                    print("%s: page %d: a justified line ends at %.1f, the edge is %.1f"
                          % (label, page, x, edge))
    total = sum(len(t) for t in want.values())
    if judged < 0.9 * total or judged < 200:
        fail("%s: only %d of %d justified lines found in the PDF" % (label, judged, total))
    if off:
        fail("%s: %d of %d justified lines end off their page's right edge"
             % (label, off, judged))
    print("%s: %d justified lines (%d with scaled glyphs) end on the right edge"
          % (label, judged, scaled))


def check_bytes(galley, out, src_dir):
    src = os.path.join(src_dir, "input", "article.md")
    a = make_pdf(galley, src, os.path.join(out, "bytes1.pdf"), "--page-size", "A5")
    # A clock-seeded /ID (as many writers make) changes with the second.
    time.sleep(1.1)
    b = make_pdf(galley, src, os.path.join(out, "bytes2.pdf"), "--page-size", "A5")
    with open(a, "rb") as fa, open(b, "rb") as fb:
        if fa.read() != fb.read():
            fail("two runs give different bytes")


def check_subsets(galley, out, src_dir):
    for name, src in (("sample", os.path.join(src_dir, "input", "000_0cf0c6b4b4a8e552.txt")),
                      ("article", os.path.join(src_dir, "input", "article.md"))):
        pdf = make_pdf(galley, src, os.path.join(out, name + ".pdf"))
        data = qdf(pdf).decode("latin-1")
        # the sample has a dateline and a byline in small capitals
        if name == "sample" and "/ActualText" not in data:
            fail("%s: no small capitals shown as /ActualText: nothing was tested" % name)
        lines = switches = 0
        for obj in re.findall(r"stream\n(.*?)endstream", data, re.S):
            for text in re.findall(r"\bBT\b(.*?)\bET\b", obj, re.S):
                # (a line whose glyphs are scaled across, font expansion,
                # starts with its own text matrix)
                lines += 1 + len(re.findall(r"\bT[dm*]\b", text))
                # A switch between two subsets of one font (f-N-0 and
                # f-N-1) outside /ActualText: what a ligature costs (it
                # is shown as /ActualText in the two-byte subset) is not
                # counted, letter by letter is.
                prev = None
                for m in re.finditer(r"(BDC\s*|EMC\s*)?/f-(\d+)-(\d+) [\d.]+ Tf", text):
                    font, subset, marked = m.group(2), m.group(3), m.group(1)
                    if prev and prev[0] == font and prev[1] != subset and not marked \
                            and not prev[2]:
                        switches += 1
                    prev = (font, subset, marked)
        if lines < 50:
            fail("%s: only %d lines of text found" % (name, lines))
        if switches > 0:
            fail("%s: %d switches between a font's subsets in %d lines of text"
                 % (name, switches, lines))
        text = run(["pdftotext", pdf, "-"]).stdout.decode("utf-8")
        if name == "sample" and "ASTANA – Thirty-four" not in text:
            fail("%s: the small capitals' text is not extracted as written" % name)
        print("%s: %d lines of text, no switch between a font's subsets" % (name, lines))


def check_folio(galley, out, src_dir):
    src = os.path.join(out, "long.md")
    subprocess.run([sys.executable, os.path.join(src_dir, "tests", "pdf", "gen_article.py"),
                    src, "--bytes", "200000"], check=True)
    pdf = make_pdf(galley, src, os.path.join(out, "folio.pdf"), "--page-size", "A5",
                   "--no-cover-page")
    data = qdf(pdf).decode("latin-1")
    pages = re.split(r"%% Contents for page (\d+)", data)[1:]
    if len(pages) < 2 * 110:
        fail("only %d pages: three-digit folios not reached" % (len(pages) // 2))
    form_of = {}
    for k in range(0, len(pages), 2):
        page = int(pages[k])
        body = pages[k + 1]
        stream = body[body.index("stream\n") + 7:body.index("endstream")]
        # a path of the page's own: a curve or a line outside a form
        if re.search(r"(^|\s)[\d.-]+ [\d.-]+ [\d.-]+ [\d.-]+ [\d.-]+ [\d.-]+ c\b", stream):
            fail("page %d draws an outline in its content stream" % page)
        # the forms shown in the lower half of the page (y grows down
        # after the first cm), left to right
        shown = []
        for m in re.finditer(r"1 0 0 1 ([\d.]+) ([\d.]+) cm\s*(?:/a\d+ gs\s*)?"
                             r"(?:/Artifact BMC\s*)?(/x\d+) Do", stream):
            if float(m.group(2)) > 300:
                shown.append((float(m.group(1)), m.group(3)))
        shown.sort()
        digits = str(page)
        if len(shown) != len(digits):
            fail("page %d: %d forms at its foot for folio %s" % (page, len(shown), digits))
        for d, (_, name) in zip(digits, shown):
            if form_of.setdefault(d, name) != name:
                fail("page %d: digit %s drawn from %s, before from %s"
                     % (page, d, name, form_of[d]))
    if len(set(form_of.values())) != len(form_of):
        fail("two digits share a form: %r" % form_of)
    if len(form_of) != 10:
        fail("only the digits %s were seen" % "".join(sorted(form_of)))
    print("%d pages, folios from %d forms" % (len(pages) // 2, len(form_of)))


def main():
    if len(sys.argv) != 5:
        print(__doc__)
        sys.exit(2)
    galley, out, src_dir, check = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    {"colour": check_colour, "boxes": check_boxes, "structure": check_structure,
     "pagebreak": check_pagebreak, "bytes": check_bytes, "justified": check_justified,
     "subsets": check_subsets, "folio": check_folio,
     "justified-long": check_justified_long}[check](galley, out, src_dir)
    print("OK")


if __name__ == "__main__":
    main()
