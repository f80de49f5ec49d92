#!/usr/bin/env python3
"""Makes a PDF with galley and judges it with the real checkers.

  qpdf --check        no errors
  pdffonts            every font embedded and subset
  pdfquality          every source word found in order (found_pct 100);
                      with --rules also: no widows, no orphans, no heading
                      at the foot of a page, at most two hyphenated lines
                      in a row, no overfull line, and some hyphenation
  --dump-layout       with --rules: no widow, orphan or heading at a
                      page's foot, and no line but a paragraph's first
                      starting with a dash, as galley laid the lines out
  pdftotext -bbox     with --rules: every page but the last ends its text
                      on one common baseline, and none ends above the
                      middle of the text block
  stderr              empty (fontconfig and friends stay quiet)

usage: check_pdf.py GALLEY INPUT OUTDIR [--style S] [--page-size P]
                    [--rules] [--min-pages N] [--name NAME]
Exit 0 when all hold; 77 (skipped) after the qpdf and pdffonts checks
when the shared measuring tools (../shared/tools/pdfquality) are absent.
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import source_words  # noqa: E402  (tests/source_words.py)
SRC = os.path.dirname(os.path.dirname(HERE))
PDFQUALITY = os.path.join(SRC, "..", "shared", "tools", "pdfquality")


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def page_lines(pdf):
    """Per page, its text lines (top, bottom, words) from top to bottom
    (pdftotext -bbox-layout), leaving out the folio (a line that is a
    number) and the running head (a line above the first text line by
    more than two lines' height)."""
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"],
                         capture_output=True, text=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        lines = []
        for m in re.finditer(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                             r'yMax="([\d.]+)">(.*?)</line>', page, re.S):
            words = " ".join(re.findall(r">([^<]*)</word>", m.group(3))).strip()
            lines.append((float(m.group(1)), float(m.group(2)), words))
        lines = [l for l in lines if not re.fullmatch(r"[0-9ivxlcdm]+", l[2])]
        lines.sort()
        if len(lines) > 1 and lines[1][0] - lines[0][1] > 2 * (lines[0][1] - lines[0][0]):
            lines = lines[1:]  # the running head
        pages.append(lines)
    return pages


def page_feet(pdf):
    """Per page: (foot, head, first) of the text (page_lines): the bottom
    of its lowest line, the top of its highest, and the height of that
    first line over the page's most common line height (above 1.1: the
    page opens with a heading)."""
    feet = []
    for lines in page_lines(pdf):
        if lines:
            hs = sorted(round(l[1] - l[0], 1) for l in lines)
            common = max(set(hs), key=hs.count)
            feet.append((max(l[1] for l in lines), lines[0][0],
                         (lines[0][1] - lines[0][0]) / common))
        else:
            feet.append((0.0, 0.0, 1.0))
    return feet


def check_feet(pdf, heading_pages=frozenset(), baselines=None):
    """heading_pages: pages (from 1) that galley's layout dump shows
    opening with a heading or a byline; baselines: each page's lowest
    baseline from the dump, which stands for the foot pdftotext reads
    (the bottom of a line's box, lower for a face with a deeper
    descent)."""
    feet = page_feet(pdf)
    if baselines:
        feet = [(baselines.get(i + 1, f[0]), f[1], f[2]) for i, f in enumerate(feet)]
    body = feet[:-1]
    if len(body) < 2:
        return
    # the common baseline is the one full pages end on: not taken from a
    # page that may end short (before a heading), which with few pages
    # could outvote the full one
    opens = [feet[i + 1][2] > 1.1 or i + 2 in heading_pages for i in range(len(body))]
    full = [f for i, f in enumerate(body) if not opens[i]] or body
    common = max(set(round(f[0], 1) for f in full),
                 key=lambda v: sum(1 for f in full if abs(f[0] - v) < 0.6))
    head = min(f[1] for f in body)
    # A page before one that opens with a heading may end short: the
    # heading and the lines kept with it went over (seen in the layout
    # dump, or, for a heading in larger type, from the page). Any other
    # page the rules could not fill keeps a ragged foot; one in twenty at
    # most, and never one ending above the middle of the text block.
    off = [i + 1 for i, f in enumerate(body)
           if abs(f[0] - common) >= 0.6 and not (f[0] < common and opens[i])]
    if len(off) * 20 > len(body):
        fail("%d of %d pages end off the common baseline %.1f: pages %s"
             % (len(off), len(body), common, off[:10]))
    # (a chapter's last page may: the next chapter opens a new page)
    short = [i + 1 for i, f in enumerate(body)
             if f[0] < head + (common - head) / 2 and not opens[i]]
    if short:
        fail("pages ending above the middle of the text block: %s" % short[:10])
    print("page feet: %d of %d on the common baseline %.1f"
          % (len(body) - len(off), len(body), common))


def check_dump(args):
    """Widows, orphans and stranded headings as galley laid the lines out (galley --dump-layout): exact where an outside reading
    of the PDF has to guess where paragraphs start. Returns the pages that
    open with a heading or byline, and the number of lines the layout
    ended at a hyphenation point."""
    cmd = [args.galley, "--dump-layout", args.input]
    if args.style:
        cmd += ["--style", args.style]
    if args.page_size:
        cmd += ["--page-size", args.page_size]
    r = subprocess.run(cmd, capture_output=True, text=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    if r.returncode != 0:
        fail("galley --dump-layout exited %d" % r.returncode)
    rows = [l.split("\t") for l in r.stdout.splitlines() if l and not l.startswith("#")]
    lines = [{"page": int(c[0]), "block": c[1], "width": float(c[2]),
              "measure": float(c[3]), "last": c[7] == "1", "hyphen": c[6] == "1",
              "text": c[9] if len(c) > 9 else ""} for c in rows]
    if not lines:
        fail("--dump-layout printed no line")
    problems = []
    first = True  # the line opens a paragraph
    for k, ln in enumerate(lines):
        prev = lines[k - 1] if k else None
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        head = ln["block"].split(".")[0] in ("h1", "h2", "h3", "h4", "h5", "h6")
        if nxt and nxt["page"] != ln["page"]:
            if head:
                problems.append("heading at the foot of page %d" % ln["page"])
            elif ln["block"] == "p.subtitle" and nxt["block"] != "p.subtitle":
                problems.append("subtitle at the foot of page %d, its title block "
                                "overleaf" % ln["page"])
            elif first and not ln["last"]:
                problems.append("orphan at the foot of page %d" % ln["page"])
        if prev and prev["page"] != ln["page"] and ln["last"] and not first and not head:
            problems.append("widow at the head of page %d" % ln["page"])
        if not first and not ln["block"].startswith("pre") and \
                re.match("[-\u2013\u2014] ", ln["text"]):
            problems.append("a line of page %d starts with a dash: %r"
                            % (ln["page"], ln["text"][:40]))
        first = ln["last"]
    if problems:
        fail("; ".join(problems[:5]))
    print("layout dump: %d lines, no widow, orphan or stranded heading"
          % len(lines))
    opening = set()
    for k, ln in enumerate(lines):
        if (k == 0 or lines[k - 1]["page"] != ln["page"]) and \
                (ln["block"].split(".")[0] in ("h1", "h2", "h3", "h4", "h5", "h6") or
                 ln["block"].endswith("byline")):
            opening.add(ln["page"])
    # each page's lowest baseline (the dump's last column): where its text
    # ends, whatever the face and size of its last line
    baselines = {}
    for c in rows:
        if len(c) > 10:
            baselines[int(c[0])] = max(baselines.get(int(c[0]), 0.0), float(c[10]))
    return opening, sum(1 for ln in lines if ln["hyphen"]), baselines


def line_end_hyphens_only(fid, pdf):
    """Whether every word the judge missed is a word hyphenated at a line
    end that it joined keeping the hyphen ("co-" / "operation." read as
    "co-operation." where the source has "cooperation."), as it does when
    the text also spells the word with a hyphen elsewhere: the PDF is
    right, the reading ambiguous."""
    missing, extra = fid.get("missing_first", []), fid.get("extra_first", [])
    if not missing or fid.get("missing_count", 0) > len(missing):
        return False
    text = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True,
                          text=True).stdout
    for m in missing:
        pair = [e for e in extra if e["at"] == m["at"] and "-" in e["text"]
                and e["text"].replace("-", "") == m["text"]]
        if not pair:
            return False
        head, tail = pair[0]["text"].split("-", 1)
        if not re.search(re.escape(head) + r"-\n" + re.escape(tail), text):
            return False
    return True


# Marks that are the plain text's markup, not its words: the frame of a
# heading ("*** CHAPTER II ***", "== History =="), a list's bullet ("— "
# opening an item, drawn as the style's bullet), a scene break ("* * *",
# drawn as the style's ornament).
MARKUP_MARKS = set("*=#~+-\u2013\u2014\u2022\u25e6\u25aa\u2042")


def page_first_lines(pdf):
    """The words of each page's first text line (page_lines)."""
    return [lines[0][2] for lines in page_lines(pdf) if lines]


def repeated_page_heads_only(fid, pdf):
    """Whether every word the judge missed is a line opening two or more
    pages alike but for its number ("CHAPTER 1" ... "CHAPTER 2", each
    chapter on a new page of a short text): the judge takes such lines
    for running heads, the PDF prints them as headings."""
    missing = fid.get("missing_first", [])
    if not missing or fid.get("missing_count", 0) > sum(len(t["text"].split()) for t in missing):
        return False
    firsts = page_first_lines(pdf)
    key = lambda t: re.sub(r"\d+", "#", " ".join(t.split()).lower())
    counts = {}
    for f in firsts:
        counts[key(f)] = counts.get(key(f), 0) + 1
    return all(counts.get(key(t["text"]), 0) >= 2 and
               any(" ".join(f.split()) == " ".join(t["text"].split()) for f in firsts)
               for t in missing)


def pdf_title_words(pdf):
    """The words of the PDF's Title (pdfinfo): a title block made from
    the metadata (an edition's notice, the file's name) shows them where
    the source has none."""
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Title:"):
            return set(line[6:].split())
    return set()


def markup_marks_only(fid, title_words=frozenset()):
    """Whether every token the judge missed, and every one it found extra,
    is made of such marks alone: the reader took them as markup and the
    PDF sets what they mean (a heading, a list) instead of the marks. An
    extra word of the title (title_words) is the title block's."""
    missing, extra = fid.get("missing_first", []), fid.get("extra_first", [])
    # the judge lists runs of words, a limited number of them: all must be
    # listed to be judged
    def words(runs):
        return sum(len(t["text"].split()) for t in runs)
    if not missing or fid.get("missing_count", 0) > words(missing) or \
            fid.get("extra_count", 0) > words(extra):
        return False
    return all(w and set(w) <= MARKUP_MARKS for t in missing for w in t["text"].split()) and \
        all(w and (set(w) <= MARKUP_MARKS or w in title_words)
            for t in extra for w in t["text"].split())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("galley")
    ap.add_argument("input")
    ap.add_argument("outdir")
    ap.add_argument("--style")
    ap.add_argument("--page-size")
    ap.add_argument("--rules", action="store_true")
    ap.add_argument("--min-pages", type=int, default=1)
    ap.add_argument("--name")
    args = ap.parse_args()

    os.makedirs(args.outdir, exist_ok=True)
    name = args.name or os.path.splitext(os.path.basename(args.input))[0]
    pdf = os.path.join(args.outdir, name + ".pdf")
    cmd = [args.galley, args.input, "-o", pdf, "--no-cover-page"]
    if args.style:
        cmd += ["--style", args.style]
    if args.page_size:
        cmd += ["--page-size", args.page_size]
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = "1700000000"
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        fail("galley exited %d: %s" % (r.returncode, r.stderr.strip()))
    for line in r.stderr.splitlines():
        if "ontconfig" in line or "Pango" in line or "cairo" in line.lower():
            fail("library noise on stderr: " + line)

    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    if q.returncode != 0:
        fail("qpdf --check: " + q.stdout + q.stderr)

    f = subprocess.run(["pdffonts", pdf], capture_output=True, text=True)
    rows = f.stdout.splitlines()[2:]
    if not rows:
        fail("pdffonts lists no fonts")
    for row in rows:
        cols = row.split()
        # name type... emb sub uni object ID: the last five columns.
        emb, sub = cols[-5], cols[-4]
        if emb != "yes" or sub != "yes":
            fail("font not embedded and subset: " + row)

    # pdfquality strips Markdown but not front matter: its keys are not
    # text of the article (the title block shows their values).
    source = args.input
    # A text that is not UTF-8 is read as galley reads it (src/read/
    # clean.c: legacy when its faults outnumber its valid sequences 20 to
    # 1, else UTF-8 with faults replaced): Windows-1252 for the corpus's
    # Latin-1 books.
    with open(args.input, "rb") as fh:
        raw = fh.read()
    text = raw.decode("utf-8", errors="replace")
    faults = text.count("\ufffd") - raw.decode("utf-8", errors="ignore").count("\ufffd")
    valid = sum(1 for c in text if ord(c) >= 0x80 and c != "\ufffd")
    if faults and faults >= 20 * valid and not raw.startswith(b"\xef\xbb\xbf"):
        text = raw.decode("cp1252", errors="replace")
    if args.input.endswith(".md"):
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end > 0:
                text = text[end + 5:]
        # A backslash before a newline is a hard line break, not text.
        text = text.replace("\\\n", "\n")
        source = os.path.join(args.outdir, name + ".source.md")
        with open(source, "w", encoding="utf-8") as fh:
            fh.write(text)

    # Markup of a plain-text article is not its words either: a leading
    # "Key: value" metadata block, setext underlines, list dashes and
    # separator lines become the title block, headings, hanging bullets
    # and ornaments. Control characters are no words at all. Such a text
    # is judged as Markdown (pdfquality strips the markup), without them.
    if args.input.endswith(".txt"):
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        i = 0
        while i < len(lines) and re.match(r"^[A-Z][A-Za-z -]{0,30}:\s", lines[i]):
            i += 1
        if i > 0 and (i == len(lines) or not lines[i].strip()):
            lines = lines[i:]
        clean = "\n".join(lines)
        clean = "".join(c for c in clean if c in "\t\n" or ord(c) >= 32)
        # A box typed around text ("*  text  *" between rows of "*", or
        # "| text |" between "+----+") is a frame, not words: the PDF sets
        # the text without it.
        clean = re.sub(r"(?m)^([ \t]*)([*#|])([ \t].*\w.*?)[ \t]+\2[ \t]*$", r"\1 \3", clean)
        clean = re.sub(r"(?m)^[ \t]*([*#|])[ \t]+\1[ \t]*$", "", clean)
        clean = re.sub(r"(?m)^[ \t]*\+[-=]{3,}\+[ \t]*$", "", clean)
        # A "~" underline is a heading's too, where Markdown would open
        # a code fence: judged as the "-" underline it stands for.
        clean = re.sub(r"(?m)(^[ \t]*\S.*\n)[ \t]*~{3,}[ \t]*$", r"\1---", clean)
        # Inline literals, picture markers and the "<br>" ending a line
        # of verse are set as something other than words
        # (tests/source_words.py).
        clean = source_words.fold_plain_text(clean)
        # So is reStructuredText's underline of any other punctuation
        # ("%%%%" under a title).
        clean = re.sub(r"(?m)(^[ \t]*\S.*\n)[ \t]*([!\"$%&'()+,./:;<>?@^_`{}])\2{2,}[ \t]*$",
                       r"\1---", clean)
        source = os.path.join(args.outdir, name + ".source.txt")
        with open(source, "w", encoding="utf-8") as fh:
            fh.write(clean)

    def judge(src, fmt):
        report = os.path.join(args.outdir, name + ".quality.json")
        p = subprocess.run([sys.executable, PDFQUALITY, pdf, "--source", src,
                            "--source-format", fmt, "-o", report],
                           capture_output=True, text=True)
        if p.returncode != 0:
            fail("pdfquality: " + p.stderr)
        print(p.stdout.strip())
        return json.load(open(report))

    if args.rules:
        heading_pages, dump_hyphens, baselines = check_dump(args)
        check_feet(pdf, heading_pages, baselines)
    if not os.path.exists(PDFQUALITY):
        # The yardstick lives beside the project (../shared), as in CI; a
        # bare clone elsewhere has only the checks above.
        print("SKIP: pdfquality not found at %s" % PDFQUALITY)
        sys.exit(77)
    fmt = "markdown" if args.input.endswith(".md") else "text"
    d = judge(source, fmt)
    if fmt == "text" and d["fidelity"]["found_pct"] < 100.0:
        print("(judged again with plain-text markup stripped)")
        d = judge(source, "markdown")
    words = d["counts"].get("words", 0) if isinstance(d.get("counts"), dict) else 0
    if words == 0:
        fail("no words in the PDF")
    fid = d["fidelity"]
    if fid["found_pct"] < 100.0 and not line_end_hyphens_only(fid, pdf) and \
            not markup_marks_only(fid, pdf_title_words(pdf)) and \
            not repeated_page_heads_only(fid, pdf):
        fail("fidelity %.2f%%, missing %s" % (fid["found_pct"], fid["missing_first"][:5]))
    if d["counts"].get("pages", 0) < args.min_pages:
        fail("only %s pages" % d["counts"].get("pages"))
    if args.rules:
        # Widows and orphans as pdfquality guesses them from the page are
        # shown; the layout dump above is the judge (a ragged line reads
        # to an outside eye as a paragraph's end).
        print("pdfquality sees %d widows, %d orphans"
              % (d["widows"]["count"], d["orphans"]["count"]))
        checks = [
            ("stranded headings", d["stranded_headings"]["count"], 0),
            ("overfull lines", d["overfull"]["count"], 0),
        ]
        for label, got, want in checks:
            if got != want:
                fail("%s: %s (want %s)" % (label, got, want))
        hy = d["hyphenation"]
        if hy["max_stack"] > 2:
            fail("%d hyphenated lines in a row" % hy["max_stack"])
        # Lines galley ended at a hyphenation point (its layout dump) show
        # their hyphen: a text short or loose enough to need none is fine.
        if dump_hyphens > 0 and hy["hyphenated_lines"] == 0:
            fail("%d lines hyphenated in the layout, none in the PDF: are soft "
                 "hyphens shown?" % dump_hyphens)
    print("OK " + pdf)


if __name__ == "__main__":
    main()
