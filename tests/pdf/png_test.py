#!/usr/bin/env python3
"""PNG pictures in the PDF: passed through, or decoded, never wrong.

A PNG PDF can take as it is (grey, RGB or palette, not interlaced, no
transparency) goes into the PDF with its own compressed data: galley
hands Cairo a stand-in and the finishing pass puts the PNG's IDAT data
in its place (src/pdf/pdf_image.c). Any other PNG is decoded by Cairo.

This test writes PNGs of every colour type and bit depth (rows through
all five PNG filters; the data of one split over three IDAT chunks; one
named twice), converts an article showing them all, and checks each image
object of the PDF with qpdf:
  - a PNG that passes: /FlateDecode with /Predictor 15, the PNG's bit
    depth and colour space (the palette itself for a palette image), its
    stream exactly the PNG's IDAT data joined, and its samples, as qpdf
    decodes them, exactly the pixels written;
  - a PNG with alpha, tRNS or interlacing: decoded (no /DecodeParms), its
    colour samples (8 bits, RGB) exactly the pixels written;
  - one image object for the PNG named twice; no stand-in left anywhere
    in the file; qpdf --check clean.

usage: png_test.py GALLEY OUTDIR
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib


def chunk(kind, body):
    return (struct.pack(">I", len(body)) + kind + body +
            struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff))


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_row(kind, row, prev, bpp):
    out = bytearray()
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out.append((x - pred) & 0xff)
    return bytes([kind]) + bytes(out)


def pack_row(samples, depth):
    """Samples of one row packed at `depth` bits, as PNG and PDF store them."""
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    if depth == 8:
        return bytes(samples)
    out, acc, bits = bytearray(), 0, 0
    for s in samples:
        acc = (acc << depth) | s
        bits += depth
        if bits == 8:
            out.append(acc)
            acc, bits = 0, 0
    if bits:
        out.append(acc << (8 - bits))
    return bytes(out)


CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def make_png(w, h, ctype, depth, seed, extra=b"", interlace=False, n_idat=1):
    """A PNG and its rows of samples (each a list of channel values)."""
    ch = CHANNELS[ctype]
    top = (1 << depth) - 1
    if ctype == 3:
        top = min(top, 200 if depth == 8 else top)
    rows = []
    for y in range(h):
        row = []
        for x in range(w):
            for c in range(ch):
                v = (x * (3 + c) + y * (5 + 2 * c) + seed * 7 + (x * y) % 11) % (top + 1)
                row.append(v)
        rows.append(row)
    bpp = max(1, ch * depth // 8)
    raw = bytearray()
    if not interlace:
        prev = bytes(len(pack_row(rows[0], depth)))
        for y, row in enumerate(rows):
            packed = pack_row(row, depth)
            raw += filter_row(y % 5, packed, prev, bpp)
            prev = packed
    else:
        # Adam7: seven passes, each its own rows (filter 0)
        for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
                               (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)):
            for y in range(y0, h, dy):
                sub = []
                for x in range(x0, w, dx):
                    sub += rows[y][x * ch:(x + 1) * ch]
                if sub:
                    raw += b"\0" + pack_row(sub, depth)
    data = zlib.compress(bytes(raw), 9)
    ihdr = struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 1 if interlace else 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    if ctype == 3:
        n = min(1 << depth, 201)
        plte = bytes((i * 37 + k * 91) % 256 for i in range(n) for k in range(3))
        png += chunk(b"PLTE", plte)
    png += extra
    cuts = [len(data) * i // n_idat for i in range(n_idat + 1)]
    for i in range(n_idat):
        png += chunk(b"IDAT", data[cuts[i]:cuts[i + 1]])
    png += chunk(b"IEND", b"")
    return png, rows, data


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def image_objects(qdf):
    """{(width, height): [(number, dictionary text)]} of the image XObjects
    (soft masks left out)."""
    text = open(qdf, "rb").read().decode("latin-1")
    masks = set(int(n) for n in re.findall(r"/SMask (\d+) 0 R", text))
    found = {}
    for m in re.finditer(r"\n(\d+) 0 obj\n<<((?:(?!endobj).)*?)\n>>\nstream\n", text, re.S):
        d = m.group(2)
        if "/Subtype /Image" not in d or int(m.group(1)) in masks:
            continue
        w = int(re.search(r"/Width (\d+)", d).group(1))
        h = int(re.search(r"/Height (\d+)", d).group(1))
        found.setdefault((w, h), []).append((int(m.group(1)), d))
    return found


def stream(qdf, num, filtered):
    flag = "--filtered-stream-data" if filtered else "--raw-stream-data"
    r = subprocess.run(["qpdf", "--show-object=%d" % num, flag, qdf], capture_output=True)
    if r.returncode not in (0, 3):
        fail("qpdf cannot show object %d: %s" % (num, r.stderr.decode()))
    return r.stdout


def main():
    galley, out = sys.argv[1], sys.argv[2]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    # (name, colour type, depth, extra chunks, interlaced, IDAT chunks, passes)
    cases = [("grey1", 0, 1, b"", False, 1, True), ("grey2", 0, 2, b"", False, 1, True),
             ("grey4", 0, 4, b"", False, 1, True), ("grey8", 0, 8, b"", False, 3, True),
             ("grey16", 0, 16, b"", False, 1, True), ("rgb8", 2, 8, b"", False, 1, True),
             ("rgb16", 2, 16, b"", False, 1, True), ("pal1", 3, 1, b"", False, 1, True),
             ("pal2", 3, 2, b"", False, 1, True), ("pal4", 3, 4, b"", False, 1, True),
             ("pal8", 3, 8, b"", False, 2, True), ("greyalpha8", 4, 8, b"", False, 1, False),
             ("rgba8", 6, 8, b"", False, 1, False),
             ("rgbtrns", 2, 8, chunk(b"tRNS", b"\0\1\0\2\0\3"), False, 1, False),
             ("rgbinterlaced", 2, 8, b"", True, 1, False)]
    made = {}
    md = ["---", "title: Pictures as PNG", "---", ""]
    for i, (name, ctype, depth, extra, inter, n_idat, passes) in enumerate(cases):
        w, h = 20 + 3 * i, 9 + i  # a size per case names its object
        png, rows, data = make_png(w, h, ctype, depth, i, extra, inter, n_idat)
        with open(os.path.join(out, name + ".png"), "wb") as f:
            f.write(png)
        made[(w, h)] = (name, ctype, depth, rows, data, passes, png)
        md += ["A paragraph before the picture %s." % name, "",
               "![The picture %s](%s.png)" % (name, name), ""]
    md += ["The first picture again.", "", "![The picture grey1 again](grey1.png)", ""]
    src = os.path.join(out, "pictures.md")
    with open(src, "w") as f:
        f.write("\n".join(md))
    pdf = os.path.join(out, "pictures.pdf")
    r = subprocess.run([galley, "-q", "-t", "pdf", "--no-cover-page", src, "-o", pdf],
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail("galley exited %d: %s" % (r.returncode, r.stderr.strip()))
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    if q.returncode != 0:
        fail("qpdf --check: %s" % q.stdout.strip()[-400:])
    if b"galley PNG stand-in" in open(pdf, "rb").read():
        fail("a stand-in is left in the file")
    qdf = os.path.join(out, "pictures-qdf.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--stream-data=preserve",
                    pdf, qdf], check=True)
    if b"galley PNG stand-in" in open(qdf, "rb").read():
        fail("a stand-in is left in the file (inside a compressed stream)")
    objects = image_objects(qdf)
    passed = 0
    for (w, h), (name, ctype, depth, rows, data, passes, png) in sorted(made.items()):
        objs = objects.get((w, h), [])
        if len(objs) != 1:
            fail("%s: %d image objects of %dx%d, not 1" % (name, len(objs), w, h))
        num, d = objs[0]
        samples = stream(qdf, num, True)
        if passes:
            want_cs = ("/DeviceGray" if ctype == 0 else "/DeviceRGB" if ctype == 2
                       else "/Indexed")
            if "/Predictor 15" not in d or "/FlateDecode" not in d or want_cs not in d:
                fail("%s: not passed through: %s" % (name, " ".join(d.split())))
            if not re.search(r"/BitsPerComponent %d\b" % depth, d):
                fail("%s: bit depth is not %d: %s" % (name, depth, " ".join(d.split())))
            if "/DCTDecode" in d:
                fail("%s: the stand-in's filter is left: %s" % (name, " ".join(d.split())))
            if stream(qdf, num, False) != data:
                fail("%s: the stream is not the PNG's IDAT data" % name)
            want = b"".join(pack_row(row, depth) for row in rows)
            if samples != want:
                fail("%s: the decoded samples differ from the pixels written "
                     "(%d bytes against %d)" % (name, len(samples), len(want)))
            if ctype == 3:
                n = min(1 << depth, 201)
                plte = bytes((i * 37 + k * 91) % 256 for i in range(n) for k in range(3))
                m = re.search(r"/Indexed\s*/DeviceRGB\s*(\d+)\s*<([0-9A-Fa-f\s]*)>", d)
                if not m or int(m.group(1)) != n - 1 or \
                        bytes.fromhex(re.sub(r"\s", "", m.group(2))) != plte:
                    fail("%s: the palette is not the PNG's" % name)
            passed += 1
        else:
            if "/Predictor" in d:
                fail("%s: passed through, but PDF cannot take it as it is" % name)
            # Cairo decodes to 8 bits, grey or RGB as it finds the pixels;
            # the colour samples of the opaque pixels are the pixels written
            # (a transparent one is premultiplied: black).
            ch = CHANNELS[ctype]
            grey = "/DeviceGray" in d
            got = bytearray(samples)
            if len(got) != w * h * (1 if grey else 3):
                fail("%s: decoded to %d bytes for %dx%d %s" % (name, len(got), w, h,
                                                              "grey" if grey else "RGB"))
            for y, row in enumerate(rows):
                for x in range(w):
                    px = row[x * ch:(x + 1) * ch]
                    if (ch in (2, 4) and px[-1] != 255) or (b"tRNS" in png and px == [1, 2, 3]):
                        continue
                    colour = px[:1] if ch in (1, 2) else px[:3]
                    at = (y * w + x) * (1 if grey else 3)
                    seen = list(got[at:at + (1 if grey else 3)])
                    if grey and len(colour) == 3 and colour[0] == colour[1] == colour[2]:
                        colour = colour[:1]
                    if not grey and len(colour) == 1:
                        colour = colour * 3
                    if seen != colour:
                        fail("%s: pixel (%d, %d) decoded as %s, written %s"
                             % (name, x, y, seen, colour))
    print("ok: %d PNGs passed through as they are, %d decoded; %d image objects"
          % (passed, len(made) - passed, sum(len(v) for v in objects.values())))


if __name__ == "__main__":
    main()
