#!/bin/bash
# pagelist_test.sh: the PDF's page numbers in the EPUB, checked against
# the PDF itself.
#
#   pagelist_test.sh GALLEY INPUT WORKDIR [PAGE_SIZE]
#
# INPUT "book" is a generated Markdown book of about 300 pages at A5
# (chapters, emphasis across words, lists, quotations, code, tables that
# run over pages, notes, long words that hyphenate). Both editions are made in one run; then
#   - epubcheck says nothing at all;
#   - the EPUB has one page-break marker per PDF page, labelled 1, 2, 3...
#     in order, each linked once from the page-list, whose labels are the
#     folios;
#   - each marker stands at the start of a word (a page that begins in
#     a hyphenated word is marked before the word), and the text after it
#     is the text the PDF page begins with (pdftotext -f N -l N; running
#     heads and folios are outlines, not text), compared without case,
#     white space and hyphens over 60 characters, from the marker or, for
#     a page beginning mid-word, from within the marker's first word (a
#     list's bullets and a table's repeated header row are only the PDF's
#     text, <ol>'s numbers and the scene
#     break's ornament are taken as text in the EPUB; a cover, the
#     user's image or the one galley makes, is the PDF's first page,
#     labelled "Cover", without folio);
#   - `-t epub --page-list` writes the same EPUB byte for byte, without
#     the PDF; `-t epub` alone writes no marker.
set -u
galley=$1 input=$2 work=$3 size=${4:-}
[ "$input" = book ] && size=${size:-A5}
epubcheck_jar=${EPUBCHECK_JAR:-/usr/bin/epubcheck}
dir="$work/pagelist-test/$(basename "$input")-${size:-default}"
rm -rf "$dir"
mkdir -p "$dir"
export SOURCE_DATE_EPOCH=1700000000
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v pdftotext >/dev/null || { echo "pdftotext missing: skipped"; exit 77; }
[ -f "$epubcheck_jar" ] || { echo "epubcheck missing: skipped"; exit 77; }

if [ "$input" = book ]; then
  input="$dir/book.md"
  python3 - "$input" <<'PY' || fail "cannot generate the book"
import random, sys
rnd = random.Random(1300)
syll = ["ka", "lo", "ment", "tion", "ver", "sa", "gen", "ol", "ri", "con",
        "struc", "ture", "pa", "in", "de", "ter", "mi", "na", "ble", "ex",
        "pres", "sion", "al", "ly", "com", "pre", "hen", "si", "ty"]
def word():
    n = rnd.choice([1, 1, 1, 2, 2, 3, 4, 5])
    return "".join(rnd.choice(syll) for _ in range(n))
def sentence():
    ws = [word() for _ in range(rnd.randint(5, 18))]
    ws[0] = ws[0].capitalize()
    if rnd.random() < 0.3:
        i = rnd.randrange(len(ws) - 2)
        ws[i] = "*" + ws[i]
        ws[i + 2] = ws[i + 2] + "*"
    if rnd.random() < 0.1:
        ws[rnd.randrange(len(ws))] += "-" + word()
    return " ".join(ws) + rnd.choice([".", ".", ".", "?", "!"])
out = ["---", "title: The Generated Book", "author: A. Writer", "language: en",
       "---", ""]
note = 0
for ch in range(1, 39):
    out += ["# Chapter %d: %s %s" % (ch, word().capitalize(), word()), ""]
    for para in range(28):
        r = rnd.random()
        if r < 0.04:
            out += ["## %s %s" % (word().capitalize(), word()), ""]
        elif r < 0.08:
            out += ["- " + sentence() for _ in range(rnd.randint(2, 5))] + [""]
        elif r < 0.10:
            out += ["> " + " ".join(sentence() for _ in range(3)), ""]
        elif r < 0.11:
            out += ["```", "for (i = 0; i < n; i++)", "    sum += %s[i];" % word(),
                    "```", ""]
        elif r < 0.12:
            out += ["***", ""]
        elif r < 0.125:
            out += ["| %s | %s | %s |" % (word(), word(), word()), "|---|---:|---|"]
            out += ["| %s | %d | %s |" % (word(), rnd.randint(1, 999), sentence())
                    for _ in range(rnd.randint(10, 70))] + [""]
        text = " ".join(sentence() for _ in range(rnd.randint(3, 9)))
        if rnd.random() < 0.05:
            note += 1
            text += "[^n%d]" % note
            out += [text, "", "[^n%d]: %s" % (note, sentence()), ""]
        else:
            out += [text, ""]
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
fi
opts=()
[ -n "$size" ] && opts=(--page-size "$size")

"$galley" -q "${opts[@]}" -d "$dir" "$input" || fail "galley failed on $input"
base=$(basename "$input"); base=${base%.*}
epub="$dir/$base.epub" pdf="$dir/$base.pdf"
out=$("$(dirname "$0")/epubcheck.sh" "$epub" 2>&1) || { echo "$out" >&2; fail "epubcheck is not silent"; }

python3 - "$epub" "$pdf" <<'PY' || fail "the markers do not match the PDF's pages"
import json, re, subprocess, sys, unicodedata, zipfile
import xml.etree.ElementTree as ET
epub, pdf = sys.argv[1], sys.argv[2]
X = "{http://www.w3.org/1999/xhtml}"
E = "{http://www.idpf.org/2007/ops}type"
z = zipfile.ZipFile(epub)
opf = ET.fromstring(z.read("OEBPS/content.opf"))
O = "{http://www.idpf.org/2007/opf}"
items = {i.get("id"): i.get("href") for i in opf.iter(O + "item")}
spine = [items[r.get("idref")] for r in opf.iter(O + "itemref")]
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote",
          "figure", "figcaption", "div", "header", "tr", "td", "th", "br", "hr"}
def norm(s):
    s = unicodedata.normalize("NFKC", s).casefold()
    # bullets and task boxes: the PDF draws them as text, the EPUB as
    # list style and checkboxes
    return "".join(c for c in s if not c.isspace() and c not in "-\u00ad\u2010\u2011\u2022\u25e6\u2023\u2043\u2610\u2611\u2612")
raw, markers, where, head = [], [], {}, [""]
def walk(el, doc, parent_ol=None):
    tag = el.tag.replace(X, "")
    if tag == "aside":
        return  # notes: at the pages' feet in the PDF
    if el.get(E) == "pagebreak":
        markers.append((el.get("aria-label"), len(raw), el.get("id"), head[0]))
        where[el.get("id")] = doc
    if tag in BLOCKS:
        raw.append("\n")
    if tag == "hr":
        raw.append("\u2042")  # the scene break's ornament, as the PDF draws it
    if tag == "li" and parent_ol:
        raw.extend("%d. " % parent_ol[0])  # <ol>'s numbers, as the PDF draws them
        parent_ol[0] += 1
    raw.extend(el.text or "")
    counter = [int(el.get("start", "1"))] if tag == "ol" else None
    for c in el:
        walk(c, doc, counter)
        raw.extend(c.tail or "")
    if tag == "thead":
        # the header row, which the PDF repeats atop each later page of
        # the table
        head[0] = norm("".join(el.itertext()))
    if tag == "table":
        head[0] = ""
    if tag in BLOCKS:
        raw.append("\n")
for doc in spine:
    root = ET.fromstring(z.read("OEBPS/" + doc))
    walk(root.find(X + "body"), doc)
    raw.append("\n")
text = "".join(raw)
pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf],
            capture_output=True, text=True).stdout).group(1))
# a cover (the user's image or the one galley makes) is the PDF's first
# page, labelled "Cover", without folio or marker
labels_json = json.loads(subprocess.run(["qpdf", "--json", "--json-key=pagelabels", pdf],
                                        capture_output=True, text=True).stdout)
cover = 1 if any(l["index"] == 0 and l["label"].get("/P") == "u:Cover"
                 for l in labels_json.get("pagelabels") or []) else 0
if cover != (1 if any(i.get("properties") == "cover-image"
                      for i in opf.iter(O + "item")) else 0):
    sys.exit("the EPUB has a cover and the PDF not, or the other way round")
pages -= cover
labels = [m[0] for m in markers]
if labels != [str(i) for i in range(1, pages + 1)]:
    sys.exit("markers %s..., the PDF has %d pages" % (labels[:5], pages))
nav = ET.fromstring(z.read("OEBPS/nav.xhtml"))
plist = [n for n in nav.iter(X + "nav") if n.get(E) == "page-list"]
if len(plist) != 1:
    sys.exit("no page-list nav")
links = [(a.get("href"), a.text) for a in plist[0].iter(X + "a")]
if links != [("%s#%s" % (where[m[2]], m[2]), m[0]) for m in markers]:
    sys.exit("the page-list does not link each marker with its folio")
M, bad = 60, 0
for label, pos, _, thead in markers:
    if pos > 0 and not text[pos - 1].isspace():
        print("page %s: marker inside a word: ...%r|%r" % (label, text[pos - 20:pos],
              text[pos:pos + 20]))
        bad += 1
        continue
    n = str(int(label) + cover)
    page = subprocess.run(["pdftotext", "-f", n, "-l", n, pdf, "-"],
                          capture_output=True, text=True).stdout
    want = norm(page)
    if thead and want.startswith(thead):
        want = want[len(thead):]
    want = want[:M]
    # a list item's bullet or number, drawn by the PDF, is no text in
    # the EPUB's <ul> and <ol>
    if not want:
        print("page %s: no text in the PDF" % label)
        bad += 1
        continue
    after = text[pos:pos + 4 * M]
    first = norm(after.split(None, 1)[0]) if after.split() else ""
    got = norm(after)
    if not any(got[off:off + len(want)] == want for off in range(len(first) + 1)):
        print("page %s: EPUB %r, PDF %r" % (label, got[:M], want))
        bad += 1
print("%d pages, %d markers checked, %d wrong" % (pages, len(markers), bad))
sys.exit(1 if bad else 0)
PY

# EPUB alone: the same bytes with --page-list, no marker without it
mkdir -p "$dir/alone" "$dir/plain"
"$galley" -q "${opts[@]}" -t epub --page-list -d "$dir/alone" "$input" ||
  fail "galley -t epub --page-list failed"
cmp "$epub" "$dir/alone/$base.epub" || fail "--page-list does not give the EPUB made with the PDF"
[ -e "$dir/alone/$base.pdf" ] && fail "--page-list wrote a PDF"
"$galley" -q "${opts[@]}" -t epub -d "$dir/plain" "$input" || fail "galley -t epub failed"
unzip -p "$dir/plain/$base.epub" 'OEBPS/*.xhtml' | grep -q pagebreak &&
  fail "an EPUB written alone has page-break markers"
echo "OK: $base"
