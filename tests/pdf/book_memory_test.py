#!/usr/bin/env python3
"""The PDF's memory follows the pages being drawn, not the whole book.

usage: book_memory_test.py GALLEY GEN OUTDIR MAX_MB_PER_MB

Makes the 1 MB and 4 MB Markdown books of the benchmarks (bench/gen),
converts each to PDF and reads galley's peak resident memory from the
kernel (wait4's ru_maxrss, the child alone). What the layout keeps of a
paragraph once its last line is drawn (its text with soft hyphens, its
spans, sources, lines and set lines) made the peak grow by about 9.6 MB
per MB of text; released page by page, by about 7.8 MB (4.7 MB on a
later build). With the document walked a top-level block at a time as
the pages need it, so that only the paragraphs near the page being cut
are made, and the model's nodes smaller, it grows by about 2.5 MB per MB
(the model itself, and Cairo's record of the pages); walked whole before
the first page, by 4.6 MB. The test fails when the growth from 1 to 4 MB
passes MAX_MB_PER_MB. Skipped (77) in sanitized builds, whose shadow
memory says nothing of galley's."""
import os
import subprocess
import sys


def peak_mb(cmd, env):
    """Runs cmd; returns its exit status and its own peak RSS in MB."""
    pid = os.fork()
    if pid == 0:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.execve(cmd[0], cmd, env)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024.0


def main():
    galley, gen, outdir, max_growth = sys.argv[1:5]
    if os.environ.get("GALLEY_SANITIZED") == "1":
        print("skipped: sanitized build")
        return 77
    os.makedirs(outdir, exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    peaks = {}
    for size in ("1M", "4M"):
        md = os.path.join(outdir, "book-%s.md" % size)
        pdf = os.path.join(outdir, "book-%s.pdf" % size)
        subprocess.run([sys.executable, gen, size, "md", md], check=True)
        code, mb = peak_mb([galley, "-q", "-t", "pdf", "-o", pdf, md], env)
        if code != 0:
            print("FAIL: galley exited %d on %s" % (code, md))
            return 1
        peaks[size] = mb
        print("%s book: peak %.1f MB" % (size, mb))
    growth = (peaks["4M"] - peaks["1M"]) / 3.0
    print("growth %.2f MB per MB of text (at most %s)" % (growth, max_growth))
    if growth > float(max_growth):
        print("FAIL: the PDF's peak grows with the book: %.2f MB per MB" % growth)
        return 1
    if growth <= 0:
        print("FAIL: a 4 MB book peaking no higher than a 1 MB one is no measure")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
