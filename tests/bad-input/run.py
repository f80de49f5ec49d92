#!/usr/bin/env python3
"""The bad-input table: hostile and broken inputs, each with its exact
expected outcome (exit status, key words of the message, which editions
exist afterwards). Every case that converts is then checked with the real
validators (epubcheck, qpdf --check) and for fidelity: every word of the
input appears, in order, in the text of both editions.

    run.py GALLEY --list          the case names (for ctest)
    run.py GALLEY CASE [WORKDIR]  run one case
"""
import base64, os, re, resource, shutil, struct, subprocess, sys, tempfile, unicodedata, zlib

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(SRC, "input", "000_0cf0c6b4b4a8e552.txt")
EPUBCHECK = os.path.join(SRC, "tests", "epub", "epubcheck.sh")

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
       b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
       b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

# A 16x16 baseline JPEG (libjpeg, 3 components, quality 90): the base the
# broken JPEGs below are cut from.
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQ"
    "DQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQU"
    "FBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAAQABADASIAAhEBAxEB/8QAFQABAQAAAAAA"
    "AAAAAAAAAAAAAAf/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAACAn/xAAUEQEA"
    "AAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwC8AJ9E2//Z")


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def make_png(w, h, depth=8, ctype=2, rows=None, interlace=0, extra=b""):
    """A PNG of w x h pixels, all zero (one filter byte per row, for each
    of the seven Adam7 passes when interlaced); `extra` chunks go before
    the image data."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(ctype, 1)
    if rows is None:
        passes = [(0, 0, 1, 1)] if not interlace else [
            (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        rows = b""
        for x0, y0, dx, dy in passes:
            pw, ph = max(0, (w - x0 + dx - 1) // dx), max(0, (h - y0 + dy - 1) // dy)
            if pw and ph:
                rows += (b"\0" + bytes((pw * depth * channels + 7) // 8)) * ph
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, interlace))
            + extra + png_chunk(b"IDAT", zlib.compress(rows, 9)) + png_chunk(b"IEND", b""))


def jpeg_segment(data, marker):
    """Offset of the first segment with this marker in a JPEG."""
    i = 2
    while data[i + 1] != marker:
        i += 2 + struct.unpack(">H", data[i + 2:i + 4])[0]
    return i


def jpeg_patched(offset_in_sof, value):
    b = bytearray(JPEG)
    b[jpeg_segment(JPEG, 0xC0) + offset_in_sof] = value
    return bytes(b)


def jpeg_two_components():
    """JPEG with its third component dropped from the frame and the scan."""
    b = bytearray(JPEG)
    sos, sof = jpeg_segment(JPEG, 0xDA), jpeg_segment(JPEG, 0xC0)
    b[sos + 2:sos + 5] = struct.pack(">HB", 10, 2)
    del b[sos + 9:sos + 11]
    b[sof + 2:sof + 4] = struct.pack(">H", 14)
    b[sof + 9] = 2
    del b[sof + 16:sof + 19]
    return bytes(b)


def jpeg_claiming(w, h):
    b = bytearray(JPEG)
    sof = jpeg_segment(JPEG, 0xC0)
    b[sof + 5:sof + 9] = struct.pack(">HH", h, w)
    return bytes(b)


def png_bad_crc():
    b = bytearray(make_png(4, 4))
    b[8 + 8 + 13] ^= 0xFF  # IHDR's CRC
    return bytes(b)


def png_1bit_square(side):
    """A grey 1-bit PNG of side x side pixels: 12 KB for 10000."""
    return make_png(side, side, 1, 0)


def image_article(names):
    return ("# Pictures\n\nSome words before the pictures.\n\n"
            + "".join("![Picture %d](%s)\n\n" % (k, n) for k, n in enumerate(names))).encode()


# Image files written beside the input of a case: case -> {name: bytes or
# a function giving bytes}. A refused image is an error naming its line in
# both editions: these cases also run with -t epub and -t pdf alone.
IMAGES = {
    "jpeg-truncated": {"bad.jpg": JPEG[:jpeg_segment(JPEG, 0xDA) + 16]},
    "jpeg-no-eoi": {"bad.jpg": JPEG[:-2]},
    "jpeg-12-bit": {"bad.jpg": lambda: jpeg_patched(4, 12)},
    "jpeg-2-components": {"bad.jpg": jpeg_two_components},
    "jpeg-arithmetic": {"bad.jpg": lambda: jpeg_patched(1, 0xC9)},
    "png-bad-crc": {"bad.png": png_bad_crc},
    "png-bad-ihdr": {"bad.png": lambda: make_png(4, 4, 3, 2)},
    "png-no-idat": {"bad.png": lambda: make_png(4, 4)[:33] + png_chunk(b"IEND", b"")},
    "png-short-data": {"bad.png": lambda: make_png(4, 4, rows=bytes(13))},
    "png-bad-filter": {"bad.png": lambda: make_png(4, 4, rows=(b"\x07" + bytes(12)) * 4)},
}
IMAGES.update({
    "png-20-references": {"big.png": lambda: png_1bit_square(10000)},
    "image-1000-references": {"base.jpg": JPEG},
    "jpeg-claims-10000-square": {"claim.jpg": lambda: jpeg_claiming(10000, 10000)},
    "images-over-budget": {"a.jpg": lambda: jpeg_claiming(10000, 10000),
                           "b.jpg": lambda: jpeg_claiming(10000, 10000),
                           "c.jpg": lambda: jpeg_claiming(10000, 10000)},
})
# A 64x64 orange CMYK JPEG as Photoshop writes them: made with libjpeg
# (libjpeg-turbo 2.1.5: JCS_CMYK, write_Adobe_marker, quality 90) from ink
# C=0 M=90 Y=255 K=0 of 255, each stored inverted (255 - ink), with an
# Adobe APP14 segment saying so. Orange is RGB 255 165 0.
CMYK_ORANGE = base64.b64decode(
    "/9j/7gAOQWRvYmUAZAAAAAAA/9sAQwADAgIDAgIDAwMDBAMDBAUIBQUEBAUKBwcGCAwKDAwLCgsLDQ4SEA0O"
    "EQ4LCxAWEBETFBUVFQwPFxgWFBgSFBUU/8AAFAgAQABABEMRAE0RAFkRAEsRAP/EABYAAQEBAAAAAAAAAAAA"
    "AAAAAAAJB//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAOBEMATQBZAEsAAD8Aqm2NKpVMAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB/9k=")
IMAGES["jpeg-cmyk-adobe"] = {"cmyk.jpg": CMYK_ORANGE}
EACH_EDITION = set(IMAGES)


def check_orange(stem):
    """The PDF's picture renders orange (poppler), not inverted to black.
    Its page is the last (a generated cover may come first)."""
    info = subprocess.run(["pdfinfo", stem + ".pdf"], capture_output=True, text=True, check=True)
    last = re.search(r"Pages:\s+(\d+)", info.stdout).group(1)
    subprocess.run(["pdftoppm", "-r", "72", "-f", last, "-l", last, stem + ".pdf", "page"],
                   check=True)
    ppm = open(next(f for f in os.listdir(".") if f.startswith("page") and f.endswith(".ppm")), "rb").read()
    magic, size, depth, pixels = ppm.split(b"\n", 3)
    counts = {}
    for i in range(0, len(pixels) - 2, 3):
        px = pixels[i:i + 3]
        if px != b"\xff\xff\xff":
            counts[px] = counts.get(px, 0) + 1
    colour = max(counts, key=counts.get)
    if any(abs(a - b) > 8 for a, b in zip(colour, (255, 165, 0))):
        fail("the CMYK picture renders as RGB %s, not orange (255, 165, 0)" % (tuple(colour),))


# Checks run on a case's editions after the validators.
CHECKS = {"jpeg-cmyk-adobe": check_orange}
# Peak resident memory (MB) a case may reach in any galley run: each image
# file is decoded once per document, and a JPEG not at all.
MAX_RSS_MB = {"png-20-references": 700, "image-1000-references": 150,
              "jpeg-claims-10000-square": 150}
# Images galley accepts: both editions must pass epubcheck and qpdf.
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00"
       b"\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
IMAGES["image-opens-page"] = {"tall.png": lambda: make_png(600, 900, 8, 2)}
IMAGES["images-valid"] = {
    "base.jpg": JPEG,
    "chart.png": open(os.path.join(SRC, "input", "images", "tide-chart.png"), "rb").read(),
    "photo.jpg": open(os.path.join(SRC, "input", "images", "harbour.jpg"), "rb").read(),
    "grey1.png": lambda: make_png(33, 17, 1, 0),
    "grey16a.png": lambda: make_png(9, 9, 16, 4),
    "palette.png": lambda: make_png(7, 5, 4, 3, extra=png_chunk(b"PLTE", b"\xff\x80\x00" * 16)),
    "rgba-interlaced.png": lambda: make_png(13, 11, 8, 6, interlace=1),
    "rgb16-interlaced.png": lambda: make_png(3, 2, 16, 2, interlace=1),
    "tiny.gif": GIF,
}

VARIED = "a tide of harbour cranes lifted steel over the quiet morning water".split()


def words_line(n):
    """n distinct words of varied length on one line. (Words of one width
    would line up in columns that pdftotext reads as a table.)"""
    return " ".join("%s%d" % (VARIED[i % len(VARIED)], i) for i in range(n))


# Each case: name -> (input file name, bytes or a function giving bytes,
# extra args, expected exit, message key words (regex, on stderr) or None,
# editions expected to exist, fidelity check).
CASES = {
    "empty": ("a.txt", b"", [], 0, r"warning: the input has no text", True, False),
    "whitespace-only": ("a.txt", b"  \n\t\n   \r\n", [], 0, r"no text", True, False),
    "png-bytes": ("a.txt", PNG, [], 65, r"a\.txt: error: not a text file", False, False),
    "nul-bytes": ("a.txt", b"Hello\x00world\x00\x00 more text\n", [], 65,
                  r"a\.txt: error: not a text file", False, False),
    "invalid-utf8": ("a.txt", b"Headline here\n\nFirst words \xff\xfe then \xc3( more words and text.\n",
                     [], 0, r"a\.txt:3:13: warning: .*UTF-8", True, True),
    "utf16-bom": ("a.txt", b"\xff\xfe" + "A heading line\n\nSome paragraph text in UTF-16, with Қазақ words.\n".encode("utf-16-le"),
                  [], 0, r"UTF-16", True, True),
    "cr-only": ("a.txt", b"A heading\rFirst paragraph line with several words in it.\rSecond paragraph line with more words here.\r",
                [], 0, None, True, True),
    "crlf": ("a.txt", b"A heading\r\nFirst paragraph line with several words in it.\r\nSecond paragraph line with more words here.\r\n",
             [], 0, None, True, True),
    "huge-line-20mb": ("a.txt", lambda: (words_line(2_400_000) + "\n").encode()[:20 * 1024 * 1024] + b"\n",
                       ["-t", "epub"], 0, None, True, "epub"),
    # Short lines joined into one paragraph of a million (ten million)
    # words: the PDF shaped and broke it whole, 5.5 GB for 20 MB. (The
    # words differ: pdftotext reads "a a a" set close as one word.) No
    # fidelity check for ten million: the same path as the million.
    "short-lines-1m": ("a.txt", lambda: "".join(("a", "be", "sea", "to", "ice", "of", "dune", "i")[i % 8] + "\n"
                                                for i in range(1_000_000)).encode(),
                       ["-t", "pdf"], 0, None, True, "pdf"),
    "short-lines-10m": ("a.txt", lambda: b"a\n" * 10_000_000, ["-t", "pdf"], 0, None, True, False),
    "huge-line-pdf-2mb": ("a.txt", lambda: (words_line(260_000) + "\n").encode(), ["-t", "pdf"], 0,
                          None, True, "pdf"),
    "100k-headings": ("a.txt", lambda: "".join("Heading%d\n\n" % i for i in range(100_000)).encode(),
                      [], 0, None, True, True),
    "long-word-50k": ("a.txt", ("Before the word " + "x" * 50_000 + " after the word.\n").encode(),
                      [], 0, r"warning: .*(break|wide|fit)", True, True),
    # PDF fidelity is not checked here: Cairo maps the one glyph cluster
    # of 900 marks to 3 characters of the text layer (a known loss).
    "combining-only": ("a.txt", ("Heading\n\n" + "\u0301\u0308\u0327" * 300 + "\n").encode(),
                       [], 0, None, True, "epub"),
    # Hebrew is in Noto Serif Hebrew and Arabic in DejaVu Sans Mono, so no
    # glyph is missing here; the PDF must still be valid and the EPUB whole.
    "rtl-mixed": ("a.txt", "Mixed direction\n\nEnglish text then عربي نص هنا and עברית כאן back to English words.\n".encode(),
                  [], 0, None, True, True),
    "emoji-no-font": ("a.txt", "Emoji line here\n\nA smile 😀 and a CJK 漢字 character in text.\n".encode(),
                      [], 0, r"warning: .*(no bundled font|glyph|font)", True, "epub"),
    "xml-specials": ("a.txt", b"<script>alert(1)</script> & ]]> \"quoted\" 'single' <b>x</b>\n\nSecond paragraph \x01\x02\x1b with controls and more words.\n",
                     [], 0, r"warning", True, True),
    "markdown-deep-nesting": ("a.md", lambda: ("> " * 5000 + "deep quote\n\n" +
                              "".join("  " * i + "- item %d\n" % i for i in range(2000))).encode(),
                              [], 0, None, True, True),
    # A 40,000-level list and 100,000 nested quotes from 80 and 200 KB:
    # the EPUB identifier hashed an indented dump that grew with the
    # square of the depth (6 GB, a minute), as did --dump.
    "markdown-list-depth-40k": ("a.md", lambda: ("- " * 40000 + "x\n").encode(),
                                [], 0, None, True, True),
    "markdown-quote-depth-100k": ("a.md", lambda: ("> " * 100000 + "x\n").encode(),
                                  [], 0, None, True, True),
    # A 1 MB title (1,400 title pages): the running head set the whole
    # title again on every page. Every word stays on the title pages.
    "title-1mb": ("a.md", lambda: ("---\ntitle: " + words_line(120_000)[:1_000_000].rsplit(" ", 1)[0]
                                   + "\n---\n\nBody text of the article.\n").encode(),
                  [], 0, None, True, True),
    # 40,000 front-matter keys, each given twice: every key replaced
    # scanned all the others (40,000 distinct keys: 2.2 s, twice: 14 s).
    # No fidelity check: values of unknown keys are not text.
    "front-matter-40k-keys": ("a.md", lambda: ("---\n" + "".join("key%d: value %d\n" % (i % 40000, i)
                                                               for i in range(80000))
                                               + "---\n\nBody text of the article.\n").encode(),
                              [], 0, None, True, False),
    # No fidelity check: past its expansion limit cmark-gfm leaves the
    # reference links as literal "[a1][a1]", so the words differ by design.
    "markdown-ref-bomb": ("a.md", lambda: ("".join("[a%d]: http://example.com/%d\n" % (i, i) for i in range(2000))
                          + "\n" + "[a1][a1]" * 20000 + "\n").encode(), ["-t", "epub"], 0, None, True, False),
    # GitHub's tables and footnotes at their limits: 10,000 columns (and a
    # short row padded to them), a note citing itself, notes cited from
    # table cells and a table in a note, a table in a quote in an item of
    # a list 200 deep. Both editions are written and valid. No fidelity
    # check: the editions' table and note markup is not the reader's.
    "gfm-table-10k-columns": ("a.md", lambda: ("# Wide\n\n|" + "|".join("c%d" % i for i in range(10000))
                                               + "|\n|" + "|".join(["---"] * 10000) + "|\n"
                                               + ("|" + "|".join("v%d" % i for i in range(10000)) + "|\n") * 3
                                               + "| short |\n").encode(), [], 0, None, True, False),
    "gfm-footnote-self": ("a.md", b"# Self\n\nText[^a] and more[^b].\n\n[^a]: A note citing itself[^a].\n\n"
                          b"[^b]: Two notes citing each other[^c].\n\n[^c]: Back[^b] again[^c].\n",
                          [], 0, None, True, False),
    "gfm-footnotes-in-table": ("a.md", lambda: ("# Cells\n\n| a | b |\n|---|--:|\n"
                                                + "".join("| x%d[^n%d] | y[^n%d] |\n" % (i, i, i % 7) for i in range(500))
                                                + "\nAfter.\n\n"
                                                + "".join("[^n%d]: Note %d.\n\n    | in | note |\n    |---|---|\n    | 1 | 2 |\n\n"
                                                          % (i, i) for i in range(500))).encode(),
                               [], 0, None, True, False),
    "gfm-table-quote-list": ("a.md", lambda: ("# Nested\n\n" + "".join("  " * i + "- item %d\n" % i for i in range(200))
                                              + "  " * 200 + "> | q | r |\n" + "  " * 200 + "> |---|:-:|\n"
                                              + "  " * 200 + "> | 1 | 2[^q] |\n\n[^q]: Deep.\n").encode(),
                             [], 0, None, True, False),
    "front-matter-unclosed": ("a.md", b"---\ntitle: Never closed\nauthor: x\n\nBody text here.\n",
                              [], 65, r"a\.md:1(:\d+)?: error: .*front matter", False, False),
    "style-garbage": ("a.txt", SAMPLE, ["--style", "STYLE"], 0, None, True, True),
    # PDF fidelity is not checked here: a 200pt font in the narrow column
    # left by the clamped margins sets about one letter a page, and a
    # letter wider than the column is cut at its edge.
    "style-huge-numbers": ("a.txt", SAMPLE, ["--style", "STYLE"], 0, None, True, "epub"),
    "style-negative": ("a.txt", SAMPLE, ["--style", "STYLE"], 0, None, True, True),
    "style-zero-page": ("a.txt", SAMPLE, ["--style", "STYLE"], 0, None, True, True),
    # A style sheet over the 1 MB limit is refused, naming the file.
    "style-over-limit": ("a.txt", SAMPLE, ["--style", "STYLE"], 65,
                         r"s\.css: error: style sheet larger than galley reads \(at most 1024 KB\)",
                         False, False),
    # 1 MB of selectors: each selector took 1.3 KB (690 MB) and every
    # element was tried against all of them.
    "style-1mb-selectors": ("a.txt", SAMPLE, ["--style", "STYLE"], 0, None, True, True),
    "style-missing": ("a.txt", SAMPLE, ["--style", "nosuch-style"], 66,
                      r"nosuch-style\.css: error: cannot read style sheet", False, False),
    "jpeg-truncated": ("a.md", image_article(["bad.jpg"]), [], 65,
                       r"(?m)^galley: a\.md:5: error: image 'bad\.jpg': truncated JPEG: the file ends before its end-of-image marker$",
                       False, False),
    "jpeg-no-eoi": ("a.md", image_article(["bad.jpg"]), [], 65,
                    r"(?m)^galley: a\.md:5: error: image 'bad\.jpg': truncated JPEG: the file ends before its end-of-image marker$",
                    False, False),
    "jpeg-12-bit": ("a.md", image_article(["bad.jpg"]), [], 65,
                    r"(?m)^galley: a\.md:5: error: image 'bad\.jpg': unsupported JPEG: 12-bit samples; only 8-bit JPEGs are accepted$",
                    False, False),
    "jpeg-2-components": ("a.md", image_article(["bad.jpg"]), [], 65,
                          r"(?m)^galley: a\.md:5: error: image 'bad\.jpg': unsupported JPEG: 2 colour components; only 1 \(grey\), 3 \(colour\) or 4 \(CMYK\) are accepted$",
                          False, False),
    "jpeg-arithmetic": ("a.md", image_article(["bad.jpg"]), [], 65,
                        r"(?m)^galley: a\.md:5: error: image 'bad\.jpg': unsupported JPEG: arithmetic coding \(SOF9\); only baseline and progressive JPEGs are accepted$",
                        False, False),
    # A 12 KB PNG of 10000 x 10000 pixels named 20 times is decoded once.
    "png-20-references": ("a.md", image_article(["big.png"] * 20), [], 0, None, True, False),
    "image-1000-references": ("a.md", image_article(["base.jpg"] * 1000), [], 0, None, True, False),
    # A JPEG of 288 bytes whose header claims 10000 x 10000 pixels is
    # embedded as it is (DCTDecode), never decoded.
    "jpeg-claims-10000-square": ("a.md", image_article(["claim.jpg"]), [], 0, None, True, False),
    # 3 files of 100 megapixels: the third would pass the document's 200.
    "images-over-budget": ("a.md", image_article(["a.jpg", "b.jpg", "a.jpg", "c.jpg"]), [], 65,
                           r"(?m)^galley: a\.md:11: error: image 'c\.jpg' refused: its 10000 x 10000 pixels would bring the document's images to 300 megapixels, more than the 200 one document may hold$",
                           False, False),
    # Adobe CMYK (stored inverted) is decoded and drawn as RGB in the PDF.
    "jpeg-cmyk-adobe": ("a.md", image_article(["cmyk.jpg"]), [], 0, None, True, False),
    # Two pictures too tall to share a page: the second opens page 2.
    "image-opens-page": ("a.md", image_article(["tall.png", "tall.png"]), [], 0, None, True, False),
    # GIF has no PDF form in galley: a warning, and its alt text stands in.
    "images-valid": ("a.md", image_article(["base.jpg", "chart.png", "photo.jpg", "grey1.png", "grey16a.png",
                                            "palette.png", "rgba-interlaced.png", "rgb16-interlaced.png",
                                            "tiny.gif"]), [], 0,
                     r"a\.md:21: warning: image \"tiny\.gif\" not shown: GIF is not supported in the PDF", True, False),
    "png-bad-crc": ("a.md", image_article(["bad.png"]), [], 65,
                    r"(?m)^galley: a\.md:5: error: image 'bad\.png': corrupt PNG: the CRC of its IHDR chunk is wrong$",
                    False, False),
    "png-bad-ihdr": ("a.md", image_article(["bad.png"]), [], 65,
                     r"(?m)^galley: a\.md:5: error: image 'bad\.png': malformed PNG: bit depth 3 is not allowed with colour type 2$",
                     False, False),
    "png-no-idat": ("a.md", image_article(["bad.png"]), [], 65,
                    r"(?m)^galley: a\.md:5: error: image 'bad\.png': malformed PNG: no image data \(IDAT\)$",
                    False, False),
    "png-short-data": ("a.md", image_article(["bad.png"]), [], 65,
                       r"(?m)^galley: a\.md:5: error: image 'bad\.png': corrupt PNG: its image data does not match the size and filters its header implies$",
                       False, False),
    "png-bad-filter": ("a.md", image_article(["bad.png"]), [], 65,
                       r"(?m)^galley: a\.md:5: error: image 'bad\.png': corrupt PNG: its image data does not match the size and filters its header implies$",
                       False, False),
}


def link_doc(url):
    return ("# Links\n\nA paragraph with a [hostile link](%s) in it, "
            "then a [safe one](https://example.com/ok) after it.\n" % url).encode()


# Links no edition may make followable: each row's URL must be kept as
# plain text in both editions, with one warning naming the line (not one
# per edition), while the safe link beside it stays a link in both.
LINK_ATTACKS = {
    "link-javascript": ("javascript:alert(document.cookie)", "javascript:"),
    "link-javascript-mixed-case": ("JaVaScRiPt:alert(1)", "JaVaScRiPt:"),
    "link-vbscript": ("vbscript:msgbox(1)", "vbscript:"),
    "link-data": ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "data:"),
    "link-file": ("file:///etc/passwd", "file:"),
    "link-relative-dotdot": ("../../../etc/passwd", "../../../etc/passwd"),
    "link-percent-nul": ("http://exa%00mple.com/", "http://exa%00mple.com/"),
}
for _name, (_url, _shown) in LINK_ATTACKS.items():
    CASES[_name] = ("a.md", link_doc(_url), [], 0,
                    r"a\.md:3: warning: link (with a|to) '%s" % re.escape(_shown), True, False)

STYLES = {
    "style-garbage": "}}}{{{ @@@ body { font-size: ; color: #zzz } p { text-indent: ????; \x00 } /* unclosed",
    "style-huge-numbers": "@page { size: 99999999999999999999mm 1e308mm; margin: 1e300pt } body { font-size: 1e30pt; line-height: 99999999 } p { text-indent: 1e40em }",
    "style-negative": "@page { margin: -50mm } body { font-size: -11pt; line-height: -3 } p { text-indent: -9999em; margin-left: -400mm }",
    "style-zero-page": "@page { size: 0mm 0mm; margin: 0 } body { font-size: 0 }",
    "style-over-limit": lambda: "p { color: red }\n" + " " * (1024 * 1024 + 1 - 17),
    "style-1mb-selectors": lambda: "".join("p, h%d.c%d, x%d p, " % (i % 6 + 1, i, i)
                                           for i in range(40000))[:1024 * 1024 - 32]
                                   .rsplit(",", 1)[0] + " { color: #333 }",
}


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def source_words(text):
    return [w for w in text.split() if w]


BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                   "\u2066\u2067\u2068\u2069"), " ")


# Typographic equivalents, folded as the shared measuring tools fold them:
# galley sets straight quotes as curly ones or guillemets, "--" as a dash,
# "..." as an ellipsis and _word_ as emphasis, and loses no word by it.
TYPO_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
                             "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
                             "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'"})
TYPO_DASH = re.compile("-{2,3}|[\u2013\u2014]")
TYPO_EMPH = re.compile(r"(?<![\w*_])[_*](?=\w)|(?<=[\w.,;:!?'\"])[_*](?![\w*_])")


def typographic_fold(text):
    text = TYPO_DASH.sub("\u2014", text.translate(TYPO_QUOTES).replace("...", "\u2026"))
    return TYPO_EMPH.sub("", text)


def check_in_order(src, out, what):
    """Every source word appears in out, in order (extra words allowed).
    Soft hyphens are removed; a word split at a line-end hyphen is joined.
    Text is compared up to canonical equivalence (a shaper may reorder
    combining marks) and typographic equivalents (typographic_fold), and
    the bidi embedding marks pdftotext puts around right-to-left runs
    count as spaces."""
    out = unicodedata.normalize("NFC", out.replace("\u00ad", "").translate(BIDI_MARKS))
    out = typographic_fold(out)
    src = [typographic_fold(unicodedata.normalize("NFC", w)) for w in src]
    toks = out.split()
    i = 0
    n = len(toks)
    for k, w in enumerate(src):
        while i < n:
            t = toks[i]
            if t == w:
                i += 1
                break
            if "-" in w and "-" not in t and t == w.replace("-", ""):
                # pdftotext joins "cross-" at a line end with "border"
                # on the next line and drops the hyphen
                i += 1
                break
            if t.endswith("-") and i + 1 < n and (t[:-1] + toks[i + 1] == w or t + toks[i + 1] == w):
                i += 2
                break
            if len(t) < len(w) and (w.startswith(t) or (t.endswith("-") and w.startswith(t[:-1]))):
                # a word too long for the measure, broken by force over
                # lines, each piece but the last ending in a hyphen
                acc = t[:-1] if t.endswith("-") and not w.startswith(t) else t
                j = i + 1
                while j < n and len(acc) < len(w):
                    # the piece that goes on, past page furniture (a page
                    # number, the running head) between two pages
                    for k in range(j, min(j + 8, n)):
                        piece = toks[k]
                        if w.startswith(acc + piece):
                            acc += piece
                            break
                        if piece.endswith("-") and w.startswith(acc + piece[:-1]):
                            acc += piece[:-1]
                            break
                    else:
                        break
                    j = k + 1
                if acc == w:
                    i = j
                    break
            i += 1
        else:
            fail("%s: word %d %r not found in order" % (what, k, w[:40]))


def expected_words(data, name):
    text = data.decode("utf-8", "replace") if not data.startswith(b"\xff\xfe") \
        else data[2:].decode("utf-16-le")
    text = text.replace("\ufeff", "")
    # control characters become U+FFFD in the model: drop them from the check
    text = "".join(" " if (ord(c) < 32 and c not in "\t\n\r") else c for c in text)
    ws = source_words(text)
    if name.endswith(".md"):
        # link reference definitions are not text, and a full reference
        # link [text][label] shows its text
        text = re.sub(r"(?m)^ {0,3}\[[^\]]+\]:[ \t]+\S+[ \t]*$", " ", text)
        text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
        # front-matter keys and fences are not text either
        m = re.match(r"---\n(.*?\n)---\n", text, re.S)
        if m:
            text = re.sub(r"(?m)^[A-Za-z0-9_-]+:", " ", m.group(1)) + text[m.end():]
        ws = source_words(text)
        ws = [w for w in ws if not re.fullmatch(r"[>\-*#]+", w)]
    return ws


def pdf_uris(pdf):
    """The targets of the PDF's URI actions, from an uncompressed copy."""
    r = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                       capture_output=True)
    uris = []
    for m in re.finditer(rb"/URI\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)", r.stdout):
        v = m.group(1)
        if v.startswith(b"<"):
            uris.append(bytes.fromhex(v[1:-1].decode()).decode("latin-1"))
        else:
            uris.append(re.sub(rb"\\(.)", rb"\1", v[1:-1]).decode("latin-1"))
    return uris


def epub_hrefs(epub):
    import zipfile
    z = zipfile.ZipFile(epub)
    hrefs = []
    for n in z.namelist():
        if n.endswith(".xhtml"):
            hrefs += re.findall(r'<a\b[^>]*\bhref="([^"]*)"', z.read(n).decode())
    return hrefs


def check_link_refused(stem, url, err):
    uris = pdf_uris(stem + ".pdf")
    if uris != ["https://example.com/ok"]:
        fail("PDF URI actions %r, want only the safe link" % uris)
    hrefs = epub_hrefs(stem + ".epub")
    if "https://example.com/ok" not in hrefs:
        fail("the safe link is not a link in the EPUB: %r" % hrefs)
    bad = [h for h in hrefs if h.startswith(url[:6]) or url in h or "example.com/ok" not in h
           and "chapter-" not in h and "nav.xhtml" not in h
           and h != "cover.xhtml"]
    if bad:
        fail("EPUB links to %r" % bad)
    # the link's text is still there, as plain text, in both editions
    text = subprocess.run(["pdftotext", stem + ".pdf", "-"], capture_output=True,
                          text=True).stdout
    if "hostile link" not in " ".join(text.split()):
        fail("the link's text is missing from the PDF")
    import zipfile
    z = zipfile.ZipFile(stem + ".epub")
    xhtml = " ".join(z.read(n).decode() for n in z.namelist()
                     if n.endswith(".xhtml") and "nav" not in n)
    if not re.search(r"with a hostile link in it", " ".join(xhtml.split())):
        fail("the link's text is not plain text in the EPUB")
    warnings = [l for l in err.splitlines() if "warning: link" in l]
    if len(warnings) != 1:
        fail("want one warning for the link, got %r" % warnings)


def run(galley, case, work):
    fname, data, args, want_exit, msg, outputs, fidelity = CASES[case]
    os.chdir(work)
    if callable(data):
        data = data()
    elif isinstance(data, str):
        data = open(data, "rb").read()
    with open(fname, "wb") as f:
        f.write(data)
    for name, content in IMAGES.get(case, {}).items():
        with open(name, "wb") as f:
            f.write(content() if callable(content) else content)
    args = list(args)
    if "STYLE" in args:
        css = STYLES[case]() if callable(STYLES[case]) else STYLES[case]
        with open("s.css", "w", encoding="utf-8", errors="replace") as f:
            f.write(css)
        args[args.index("STYLE")] = "s.css"
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    for alone in (["-t", "epub"], ["-t", "pdf"]) if case in EACH_EDITION else ():
        p = subprocess.run([galley] + args + alone + [fname], capture_output=True, env=env, timeout=600)
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode != want_exit or (msg and not re.search(msg, err)) \
                or err.count(": error: ") != (1 if want_exit else 0):
            fail("%s: exit %d, want %d, and one error /%s/; stderr: %s"
                 % (" ".join(alone), p.returncode, want_exit, msg, err[-800:]))
    p = subprocess.run([galley] + args + [fname], capture_output=True, env=env, timeout=600)
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode != want_exit:
        fail("exit %d, want %d; stderr: %s" % (p.returncode, want_exit, err[-800:]))
    if msg and not re.search(msg, err):
        fail("stderr lacks /%s/: %s" % (msg, err[-800:]))
    for line in err.splitlines():
        if not line.startswith("galley: "):
            fail("a message not in 'galley: FILE:LINE: ...' form: %r" % line[:200])
    stem = fname.rsplit(".", 1)[0]
    eds = ["epub", "pdf"]
    if "-t" in args:
        eds = args[args.index("-t") + 1].split(",")
    for ed in ("epub", "pdf"):
        path = stem + "." + ed
        should = outputs and ed in eds
        if os.path.exists(path) != bool(should):
            fail("%s %s" % (path, "missing" if should else "written although the run failed"))
    # AddressSanitizer's shadow memory and quarantine inflate the peak:
    # memory ceilings are checked in the ordinary build only.
    if case in MAX_RSS_MB and os.environ.get("GALLEY_SANITIZED") != "1":
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        if rss > MAX_RSS_MB[case]:
            fail("peak memory %d MB, more than %d MB" % (rss, MAX_RSS_MB[case]))
    leftovers = [f for f in os.listdir(".") if ".galley-" in f]
    if leftovers:
        fail("temporary files left: %s" % leftovers)
    if not outputs:
        return
    if "epub" in eds:
        r = subprocess.run(["bash", EPUBCHECK, stem + ".epub"], capture_output=True, text=True)
        if r.returncode != 0:
            fail("epubcheck: " + (r.stdout + r.stderr)[-1500:])
    if "pdf" in eds:
        r = subprocess.run(["qpdf", "--check", stem + ".pdf"], capture_output=True, text=True)
        if r.returncode != 0:
            fail("qpdf --check: " + (r.stdout + r.stderr)[-800:])
    if case in LINK_ATTACKS:
        check_link_refused(stem, LINK_ATTACKS[case][0], err)
    if case in CHECKS:
        CHECKS[case](stem)
    if fidelity:
        src = expected_words(data, fname)
        if "epub" in eds and fidelity in (True, "epub"):
            import zipfile
            z = zipfile.ZipFile(stem + ".epub")
            text = []
            for n in sorted(z.namelist()):
                if n.endswith(".xhtml") and "nav" not in n:
                    x = z.read(n).decode()
                    x = re.sub(r"<head>.*?</head>", " ", x, flags=re.S)
                    # inline elements join their neighbours, blocks part
                    x = re.sub(r"</?(a|abbr|b|cite|code|em|i|mark|q|s|small|span|strong|sub|sup|u)\b[^>]*>", "", x)
                    x = re.sub(r"<[^>]+>", " ", x)
                    x = x.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"') \
                         .replace("&#39;", "'").replace("&apos;", "'").replace("&amp;", "&")
                    text.append(x)
            check_in_order(src, " ".join(text), "EPUB")
        if "pdf" in eds and fidelity in (True, "pdf"):
            r = subprocess.run(["pdftotext", "-enc", "UTF-8", stem + ".pdf", "-"],
                               capture_output=True)
            check_in_order(src, r.stdout.decode("utf-8", "replace"), "PDF")


def main():
    galley = os.path.abspath(sys.argv[1])
    if sys.argv[2] == "--list":
        print(";".join(CASES))
        return
    case = sys.argv[2]
    work = tempfile.mkdtemp(prefix="galley-bad-")
    try:
        run(galley, case, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("ok [%s]" % case)


main()
