#!/usr/bin/env python3
"""A long article that is one paragraph on one line, to PDF, in bounded
memory.

usage: one_paragraph_test.py GALLEY GEN SIZE OUTDIR MAX_RSS_MB

Makes the article with bench/gen (GEN SIZE para), converts it, and checks
galley's peak resident memory (not in sanitized builds, whose shadow
memory inflates it: GALLEY_SANITIZED=1), qpdf --check, and that
pdftotext gives every word of the paragraph in order (hyphens aside:
pdftotext joins a hyphenated line end; the running heads and folios left
out). pdfquality's full
measure takes many minutes on 1,500 pages; the words in order are what
the windows' seams could lose."""
import os
import re
import resource
import subprocess
import sys


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    galley, gen, size, outdir, max_rss = sys.argv[1:6]
    os.makedirs(outdir, exist_ok=True)
    md = os.path.join(outdir, "one-paragraph-%s.md" % size)
    pdf = os.path.join(outdir, "one-paragraph-%s.pdf" % size)
    subprocess.run([sys.executable, gen, size, "para", md], check=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    r = subprocess.run([galley, "-q", "-t", "pdf", "-o", pdf, md], env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail("galley exited %d: %s" % (r.returncode, r.stderr[-500:]))
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    if rss <= before // 1024:
        fail("galley's peak is hidden by bench/gen's (%d MB)" % rss)
    print("galley peak memory %d MB (at most %s)" % (rss, max_rss))
    if os.environ.get("GALLEY_SANITIZED") != "1" and rss > int(max_rss):
        fail("peak memory %d MB, more than %s MB" % (rss, max_rss))
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    if q.returncode != 0:
        fail("qpdf --check: " + (q.stdout + q.stderr)[-800:])

    with open(md, encoding="utf-8") as f:
        body = f.read().split("\n---\n", 1)[1]
    want = body.split()
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                          text=True, check=True).stdout
    words = set(want)
    lines = []
    for page in text.split("\f"):
        page_lines = [l.strip() for l in page.split("\n") if l.strip()]
        # the running head ("One paragraph") and the folio
        lines += [l for l in page_lines
                  if l != "One paragraph" and not re.fullmatch(r"\d+", l)]
    got = []
    for l in lines:
        ws = l.split()
        if got and got[-1].endswith("-") and len(got[-1]) > 1:
            # a hyphenated line end (across a page too): a soft hyphen's
            # is dropped, a word's own ("co-operation") kept
            head = got.pop()
            ws[0] = (head if head + ws[0] in words else head[:-1]) + ws[0]
        got += ws
    # pdftotext itself joins a word hyphenated at a line end, dropping
    # the hyphen, whether soft or the word's own: words are compared
    # without their hyphens
    got = [w.replace("-", "") for w in got]
    want = [w.replace("-", "") for w in want]
    # the title block on the first page
    while got and got[0] != want[0]:
        got.pop(0)
    if got != want:
        n = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b),
                 min(len(got), len(want)))
        fail("words differ at word %d of %d: PDF %r, source %r"
             % (n, len(want), got[n:n + 5], want[n:n + 5]))
    print("OK %s: %d words in order, %d MB" % (pdf, len(want), rss))


if __name__ == "__main__":
    main()
