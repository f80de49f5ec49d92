#!/usr/bin/env python3
"""ace_test.py GALLEY WORKDIR INPUT...

DAISY's accessibility checker, Ace (npm @daisy/ace), on the EPUB galley
makes of each INPUT: the test fails on any violation Ace reports (an
assertion whose outcome is "fail"), naming the rule, the file and the
impact. Ace drives a browser through Puppeteer; Debian's chromium serves.

Ace is found as $GALLEY_ACE, as `ace` on PATH, or in WORKDIR/ace (where
`ace_test.py --install WORKDIR` puts it with npm, without Puppeteer's or
Electron's own browser downloads). Exit 77 (ctest: skipped) when Ace or
Chromium is not there and cannot be installed."""
import json
import os
import shutil
import subprocess
import sys

from browser import chromium  # tests/epub/browser.py

NPM_ENV = {"ELECTRON_SKIP_BINARY_DOWNLOAD": "1", "PUPPETEER_SKIP_DOWNLOAD": "1",
           "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD": "1"}
ACE_VERSION = "1"  # the major version of @daisy/ace the test reads reports of


def find_ace(workdir):
    if os.environ.get("GALLEY_ACE"):
        return os.environ["GALLEY_ACE"]
    local = os.path.join(workdir, "ace", "node_modules", ".bin", "ace-puppeteer")
    if os.path.exists(local):
        return local
    return shutil.which("ace")


def install(workdir):
    if find_ace(workdir):
        return 0
    npm = shutil.which("npm")
    if not npm or not chromium():
        print("skipped: npm or chromium missing")
        return 77
    d = os.path.join(workdir, "ace")
    os.makedirs(d, exist_ok=True)
    env = dict(os.environ, **NPM_ENV)
    r = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", d,
                        "@daisy/ace@" + ACE_VERSION], env=env, capture_output=True,
                       text=True, timeout=900)
    if r.returncode != 0 or not find_ace(workdir):
        print("skipped: npm could not install @daisy/ace: " + r.stderr.strip()[-300:])
        return 77
    return 0


def violations(report):
    """(rule, file, impact) of every failed assertion in an Ace report."""
    out = []
    for doc in report.get("assertions", []):
        url = doc.get("earl:testSubject", {}).get("url", "?")
        for a in doc.get("assertions", []):
            if a.get("earl:result", {}).get("earl:outcome") == "fail":
                out.append((a.get("earl:test", {}).get("dct:title", "?"), url,
                            a.get("earl:test", {}).get("earl:impact", "?")))
    return out


def main():
    argv = sys.argv[1:]
    if argv and argv[0] == "--install":
        return install(argv[1])
    galley, workdir, inputs = argv[0], argv[1], argv[2:]
    ace = find_ace(workdir)
    browser = chromium()
    if not ace or not browser:
        print("skipped: Ace (%s) or Chromium (%s) not installed" % (ace, browser))
        return 77
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=browser)
    failures = 0
    for i, inp in enumerate(inputs):
        out = os.path.join(workdir, "ace-run", "%02d" % i)
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        epub = os.path.join(out, "book.epub")
        r = subprocess.run([galley, "-t", "epub", "-o", epub, inp], capture_output=True,
                           text=True)
        if r.returncode != 0:
            print("%s: galley failed: %s" % (inp, r.stderr.strip()))
            failures += 1
            continue
        r = subprocess.run([ace, "-f", "-s", "-o", os.path.join(out, "report"), epub],
                           env=env, capture_output=True, text=True, timeout=600)
        path = os.path.join(out, "report", "report.json")
        if not os.path.exists(path):
            print("%s: Ace wrote no report (exit %d): %s" %
                  (inp, r.returncode, (r.stderr or r.stdout).strip()[-400:]))
            failures += 1
            continue
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        v = violations(report)
        outcome = report.get("earl:result", {}).get("earl:outcome")
        for rule, url, impact in v:
            print("%s: %s in %s (%s)" % (os.path.basename(inp), rule, url, impact))
        print("%s: Ace outcome %s, %d violations" % (os.path.basename(inp), outcome, len(v)))
        if v or outcome != "pass":
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
