#!/bin/bash
# cover_test.sh: the cover galley makes when the metadata names none.
#
#   cover_test.sh GALLEY MODE INPUT WORKDIR [OPTIONS]
#
# MODE
#   epub  the EPUB passes epubcheck without a message; its package's one
#         cover-image is OEBPS/cover.svg (image/svg+xml), shown by the
#         spine's first document (epub:type="cover"); the drawing holds the
#         title and the first author (XML-unescaped, lines joined) and its
#         <title>, says the book's language, and direction="rtl" exactly
#         when the language is right to left; two runs give the same
#         bytes; with --no-cover the EPUB has
#         no cover and its spine starts with the text
#   pdf   by default (with OPTIONS, e.g. "--page-size A5"): page 1 is
#         labelled "Cover", is artwork (no text for pdftotext: its type is
#         drawn as outlines) with ink inside the frame in its upper third
#         (the title), page 2
#         is labelled "1" and is the title page (the title and the first
#         author, pdftotext), and every page after the cover
#         has the text of the same page of the PDF without it;
#         --cover-page (the old request for it) gives the same bytes; with
#         --no-cover-page the PDF is byte-identical to one made with
#         --no-cover and with --no-cover --cover-page (no cover page)
set -u
galley=$1 mode=$2 input=$3 work=$4 options=${5:-}
name=$(basename "$input")
dir="$work/cover-test/$mode-$name"
rm -rf "$dir"
mkdir -p "$dir"
export SOURCE_DATE_EPOCH=1700000000

fail() { echo "FAIL: $*" >&2; exit 1; }

# the title and first author as the front matter gives them
meta() { # meta KEY
  python3 - "$input" "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read().split("\n---\n")[0]
key = sys.argv[2]
for line in text.splitlines():
    m = re.match(r"^%s:\s*(.*)$" % key, line)
    if m:
        v = m.group(1).strip()
        if v.startswith("["):
            v = v[1:].split(",")[0]
        elif v == "":
            continue
        v = v.strip()
        if v.startswith('"') and v.endswith('"'):
            v = v[1:-1].replace('\\"', '"')
        print(v)
        sys.exit(0)
    m = re.match(r"^\s+-\s+(.*)$", line)
    if m and key == "author":
        print(m.group(1).strip())
        sys.exit(0)
PY
}
title=$(meta title)
author=$(meta author)
[ -n "$title" ] && [ -n "$author" ] || fail "no title or author in $input"

case $mode in
epub)
  # shellcheck disable=SC2086
  "$galley" $options "$input" -o "$dir/book.epub" || fail "galley failed"
  # shellcheck disable=SC2086
  TZ=Asia/Tokyo "$galley" $options "$input" -o "$dir/again.epub" || fail "galley failed"
  cmp "$dir/book.epub" "$dir/again.epub" || fail "two runs differ"
  log="$dir/epubcheck.log"
  "$(dirname "$0")/epubcheck.sh" "$dir/book.epub" >"$log" 2>&1 ||
    { cat "$log"; fail "epubcheck reported messages"; }
  python3 - "$dir/book.epub" "$title" "$author" <<'PY' || fail "the cover is not as promised"
import re, sys, zipfile
import xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
title, author = sys.argv[2], sys.argv[3]
opf = z.read("OEBPS/content.opf").decode()
covers = re.findall(r'<item [^>]*properties="cover-image"[^>]*/>', opf)
assert len(covers) == 1, covers
assert 'href="cover.svg"' in covers[0] and 'media-type="image/svg+xml"' in covers[0], covers
first = re.search(r'<spine[^>]*>\s*<itemref idref="([^"]+)"', opf).group(1)
href = re.search(r'<item id="%s" href="([^"]+)"' % first, opf).group(1)
page = z.read("OEBPS/" + href).decode()
assert 'epub:type="cover"' in page and 'src="cover.svg"' in page, page
svg = ET.fromstring(z.read("OEBPS/cover.svg"))
ns = "{http://www.w3.org/2000/svg}"
assert svg.tag == ns + "svg"
lines = [t.text for t in svg.iter(ns + "text")]
shown = " ".join(lines)
def norm(s):
    return " ".join(s.replace("'", "\u2019").replace('"', "").replace("\u201c", "").replace("\u201d", "").split())
assert norm(title) in norm(shown), (title, shown)
assert norm(author) in norm(shown), (author, shown)
label = svg.find(ns + "title").text
assert norm(title) in norm(label) and norm(author) in norm(label), label
lang = re.search(r"<dc:language>([^<]+)<", opf).group(1)
assert svg.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
rtl = lang.split("-")[0] in ("ar", "he", "fa", "ur", "yi")
assert (svg.get("direction") == "rtl") == rtl, svg.attrib
assert len(lines) >= 2
PY
  # shellcheck disable=SC2086
  "$galley" $options --no-cover "$input" -o "$dir/off.epub" || fail "galley --no-cover failed"
  python3 - "$dir/off.epub" <<'PY' || fail "--no-cover left a cover"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
assert "OEBPS/cover.svg" not in names and "OEBPS/cover.xhtml" not in names, names
opf = z.read("OEBPS/content.opf").decode()
assert "cover" not in opf
assert re.search(r'<spine[^>]*>\s*<itemref idref="chapter-0001"', opf)
PY
  ;;
pdf)
  # shellcheck disable=SC2086
  "$galley" $options "$input" -o "$dir/cover.pdf" || fail "galley failed"
  # shellcheck disable=SC2086
  "$galley" $options --cover-page "$input" -o "$dir/cover2.pdf" || fail "galley --cover-page failed"
  cmp "$dir/cover.pdf" "$dir/cover2.pdf" || fail "--cover-page changed the PDF"
  # shellcheck disable=SC2086
  "$galley" $options --no-cover-page "$input" -o "$dir/plain.pdf" ||
    fail "galley --no-cover-page failed"
  # shellcheck disable=SC2086
  "$galley" $options --no-cover "$input" -o "$dir/off.pdf" || fail "galley --no-cover failed"
  # shellcheck disable=SC2086
  "$galley" $options --no-cover --cover-page "$input" -o "$dir/off2.pdf" ||
    fail "galley --no-cover --cover-page failed"
  cmp "$dir/plain.pdf" "$dir/off.pdf" || fail "--no-cover made a cover page"
  cmp "$dir/plain.pdf" "$dir/off2.pdf" || fail "--no-cover --cover-page made a cover page"
  python3 - "$dir" "$title" "$author" <<'PY' || fail "the PDF's cover is not as promised"
import json, subprocess, sys
d, title, author = sys.argv[1:4]
def text(pdf, page):
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int([l for l in out.splitlines() if l.startswith("Pages:")][0].split()[1])
def labels(pdf):
    out = subprocess.run(["qpdf", "--json", "--json-key=pagelabels", pdf],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["pagelabels"]
def norm(s):
    return " ".join(s.replace("'", "\u2019").replace('"', "").replace("\u201c", "").replace("\u201d", "").split())
cover, plain = d + "/cover.pdf", d + "/plain.pdf"
assert text(cover, 1).strip() == "", text(cover, 1)
second = norm(text(cover, 2))
assert norm(title) in second, (title, second)
assert norm(author) in second, (author, second)
png = subprocess.run(["pdftoppm", "-gray", "-r", "36", "-f", "1", "-l", "1", cover],
                     capture_output=True, check=True).stdout
# a PGM: "P5\nW H\n255\n" then W*H bytes
head = png.split(b"\n", 3)
w, h = map(int, head[1].split())
pix = head[3]
def ink(y0, y1):
    x0, x1 = int(w * 0.12), int(w * 0.88)  # inside the frame
    return sum(1 for y in range(int(h * y0), int(h * y1)) for x in range(x0, x1)
               if pix[y * w + x] < 128)
assert ink(0.08, 0.40) > 50, "no title drawn in the cover's upper third"
lab = labels(cover)
assert lab[0]["index"] == 0 and lab[0]["label"].get("/P") == "u:Cover", lab
assert lab[1]["index"] == 1 and lab[1]["label"].get("/S") == "/D" and lab[1]["label"].get("/St", 1) == 1, lab
n = pages(plain)
assert pages(cover) == n + 1, (pages(cover), n)
for p in range(1, n + 1):
    assert text(cover, p + 1) == text(plain, p), p
assert all(l["label"].get("/P") != "u:Cover" for l in labels(plain)), labels(plain)
PY
  ;;
*) fail "unknown mode $mode" ;;
esac
echo "ok: $mode $name"
