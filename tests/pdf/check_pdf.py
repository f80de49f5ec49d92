#!/usr/bin/env python3
"""Makes a PDF with galley and judges it with the real checkers.

  qpdf --check        no errors
  pdffonts            every font embedded and subset
  pdfquality          every source word found in order (found_pct 100);
                      with --rules also: no widows, no orphans, no heading
                      at the foot of a page, at most two hyphenated lines
                      in a row, no overfull line, and some hyphenation
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
SRC = os.path.dirname(os.path.dirname(HERE))
PDFQUALITY = os.path.join(SRC, "..", "shared", "tools", "pdfquality")


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


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
    cmd = [args.galley, args.input, "-o", pdf]
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
    with open(args.input, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
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
    if fid["found_pct"] < 100.0 and not line_end_hyphens_only(fid, pdf):
        fail("fidelity %.2f%%, missing %s" % (fid["found_pct"], fid["missing_first"][:5]))
    if d["counts"].get("pages", 0) < args.min_pages:
        fail("only %s pages" % d["counts"].get("pages"))
    if args.rules:
        checks = [
            ("widows", d["widows"]["count"], 0),
            ("orphans", d["orphans"]["count"], 0),
            ("stranded headings", d["stranded_headings"]["count"], 0),
            ("overfull lines", d["overfull"]["count"], 0),
        ]
        for label, got, want in checks:
            if got != want:
                fail("%s: %s (want %s)" % (label, got, want))
        hy = d["hyphenation"]
        if hy["max_stack"] > 2:
            fail("%d hyphenated lines in a row" % hy["max_stack"])
        if hy["hyphenated_lines"] == 0:
            fail("no hyphenated line at all: are soft hyphens shown?")
    print("OK " + pdf)


if __name__ == "__main__":
    main()
