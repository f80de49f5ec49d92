#!/usr/bin/env python3
"""inject_test.py GALLEY_FAULT INPUT [--all] [--jobs N] [--only alloc|write]: fault injection in
the manner of SQLite's malloc and I/O-error tests.

galley_fault (cmake -DGALLEY_FAULT_INJECTION=ON) fails its N-th allocation
(GALLEY_FAULT_ALLOC=N: galley's allocator, with cmark's and libhyphen's
routed through it) or its N-th output write (GALLEY_FAULT_WRITE=N: the
atomic file's writes and its rename, standard output). A clean run first
counts both (GALLEY_FAULT_COUNTS); then INPUT is converted into both
editions once per injection point, and every run must:
  - exit 70 with one line "galley: INPUT: error: out of memory" (an
    allocation), or 73 with one line "galley: ...: error: cannot ..." (a
    write): a crash, which the handlers also turn into 70, says "internal
    error (signal N)" and fails the test;
  - leave no temporary file (.NAME.galley-XXXXXX);
  - leave the PDF (written second) as it was, and the EPUB as it was or
    byte-identical to a clean run's.
By default the first 500 allocations (reading and the EPUB) and 200
writes, and 300 points of each kind spread evenly over the rest, are run; --all runs every point (ctest label `slow`).

Cairo 1.16 crashes in cairo_surface_finish when the PDF stream's write
callback has failed (the crash behind `galley -o - >/dev/full`); the PDF
writer therefore never tells Cairo of a failed write (it keeps the first
error, swallows later writes and reports after finishing), and no run
here may end in a crash."""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

OLD_EPUB = b"old epub\n"
OLD_PDF = b"old pdf\n"


def points(total, everything, first, spread=300):
    if everything or total <= first + spread:
        return list(range(1, total + 1))
    rest = total - first
    picked = {first + 1 + (i * (rest - 1)) // (spread - 1) for i in range(spread)}
    return list(range(1, first + 1)) + sorted(picked)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("galley")
    ap.add_argument("input")
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--only", choices=("alloc", "write"),
                    help="inject only allocation or only write failures")
    args = ap.parse_args()

    galley = os.path.abspath(args.galley)
    src = os.path.abspath(args.input)
    src_dir = os.path.dirname(src)
    name = os.path.basename(src)
    stem = os.path.splitext(name)[0]
    top = tempfile.mkdtemp(prefix="galley-inject-")
    env = dict(os.environ, GALLEY_THREADS="1", SOURCE_DATE_EPOCH="1700000000")
    for k in ("GALLEY_FAULT_ALLOC", "GALLEY_FAULT_WRITE", "GALLEY_FAULT_COUNTS"):
        env.pop(k, None)

    def workdir(tag):
        d = os.path.join(top, tag)
        os.mkdir(d)
        shutil.copy(src, d)
        images = os.path.join(src_dir, "images")
        if os.path.isdir(images):  # the Markdown article's pictures
            shutil.copytree(images, os.path.join(d, "images"))
        return d

    try:
        # The clean run: the counts, and the EPUB a complete one must match.
        ref = workdir("ref")
        counts = os.path.join(top, "counts")
        r = subprocess.run([galley, "-q", name], cwd=ref, capture_output=True,
                           env=dict(env, GALLEY_FAULT_COUNTS=counts))
        if r.returncode != 0:
            print("FAIL: the clean run exits %d: %s" % (r.returncode, r.stderr.decode()))
            return 1
        with open(counts) as f:
            n_alloc, n_write = (int(x) for x in f.read().split())
        with open(os.path.join(ref, stem + ".epub"), "rb") as f:
            good_epub = f.read()
        with open(os.path.join(ref, stem + ".pdf"), "rb") as f:
            good_pdf = f.read()
        # The first 500 allocations cover reading and the whole EPUB (about
        # 300 and 500 on the sample); the PDF's layout makes the rest.
        runs = []
        if args.only != "write":
            runs += [("ALLOC", n) for n in points(n_alloc, args.all, 500)]
        if args.only != "alloc":
            runs += [("WRITE", n) for n in points(n_write, args.all, 200)]
        print("%s: %d allocations, %d writes in one conversion (both editions); "
              "running %d of %d points" % (name, n_alloc, n_write, len(runs),
                                          n_alloc + n_write))
        sys.stdout.flush()

        dirs = [workdir("w%d" % i) for i in range(args.jobs)]

        def run_one(job):
            (kind, n), d = job
            epub = os.path.join(d, stem + ".epub")
            pdf = os.path.join(d, stem + ".pdf")
            with open(epub, "wb") as f:
                f.write(OLD_EPUB)
            with open(pdf, "wb") as f:
                f.write(OLD_PDF)
            r = subprocess.run([galley, "-q", name], cwd=d, capture_output=True,
                               env=dict(env, **{"GALLEY_FAULT_" + kind: str(n)}))
            what = "GALLEY_FAULT_%s=%d" % (kind, n)
            errs = []
            lines = r.stderr.decode(errors="replace").splitlines()
            want_rc, want_msg = (70, ": error: out of memory") if kind == "ALLOC" \
                else (73, ": error: cannot ")
            if r.returncode != want_rc:
                errs.append("exit %d, not %d" % (r.returncode, want_rc))
            if (len(lines) != 1 or not lines[0].startswith("galley: ") or
                    want_msg not in lines[0]):
                errs.append("stderr is not one '%s' line: %r" % (want_msg.strip(), lines[:4]))
            temps = [e for e in os.listdir(d) if ".galley-" in e]
            if temps:
                errs.append("temporary files left: %s" % temps)
                for t in temps:
                    os.unlink(os.path.join(d, t))
            # Each edition is the old file or the complete new one (the
            # PDF is made first when both are: the EPUB marks its pages)
            with open(pdf, "rb") as f:
                p = f.read()
                if p != OLD_PDF and p != good_pdf:
                    errs.append("the PDF is neither the old one nor a complete one")
            with open(epub, "rb") as f:
                e = f.read()
                if e != OLD_EPUB and e != good_epub:
                    errs.append("the EPUB is neither the old one nor a complete one")
            return what, errs

        failed = 0
        t0 = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            # Each worker thread keeps to its own directory.
            for k in range(0, len(runs), args.jobs):
                batch = [(runs[k + i], dirs[i]) for i in range(min(args.jobs, len(runs) - k))]
                for what, errs in pool.map(run_one, batch):
                    if errs:
                        failed += 1
                        print("FAIL %s: %s" % (what, "; ".join(errs)))
        secs = time.monotonic() - t0
        print("%d runs in %.1f s (%.1f ms each), %d failed" %
              (len(runs), secs, 1000 * secs / max(len(runs), 1), failed))
        return 1 if failed else 0
    finally:
        shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
