#!/usr/bin/env python3
"""reader_view_test.py GALLEY INPUT OUTDIR [--style S] [--shots PREFIX]

The EPUB as a reader sees it: a chapter of the book galley makes from
INPUT, rendered by headless Chromium at a phone's width (360 px) as a
reading system shows it, three ways:

  plain   the book's own style sheet, nothing else;
  large   the reader's font size at 200 % (`html { font-size: 200% }`, as
          reading systems set it);
  dark    the reader's night theme (`html { background: #000; color: #fff }`)
          with prefers-color-scheme: dark.

A script in the page reads the computed style of every element holding
text; the checks:

  - at 200 % every text element is at least 1.9 times its plain size (no
    size fixed in pt or px keeps the text small);
  - in the plain and the dark view every text element's colour reads at
    4.5:1 or more (WCAG 2.x 1.4.3) on the background behind it;
  - no element is wider than the viewport (pictures fitted to the column).

With --shots, screenshots of the plain and dark view are written to
PREFIX-light.png and PREFIX-dark.png (the README's pictures).
Exit 0 when all hold, 1 with one line per failure, 77 when Chromium is
not installed (ctest counts it skipped)."""
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

from browser import chromium  # tests/epub/browser.py

PROBE = r"""
<script xmlns="http://www.w3.org/1999/xhtml"><![CDATA[
(function () {
  function rgba(s) {
    var m = s.match(/rgba?\(([^)]*)\)/);
    if (!m) return [0, 0, 0, 0];
    var p = m[1].split(/[ ,\/]+/).filter(function (x) { return x; }).map(parseFloat);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function background(el) {
    for (; el && el.nodeType === 1; el = el.parentElement) {
      var c = rgba(getComputedStyle(el).backgroundColor);
      if (c[3] > 0.5) return c;
    }
    return null;
  }
  var out = [], all = document.body.getElementsByTagName('*');
  var vw = document.documentElement.clientWidth;
  for (var i = 0; i < all.length; i++) {
    var el = all[i], own = '';
    for (var k = 0; k < el.childNodes.length; k++)
      if (el.childNodes[k].nodeType === 3) own += el.childNodes[k].data;
    var r = el.getBoundingClientRect();
    var cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') continue;
    out.push({i: i, tag: el.localName, cls: el.getAttribute('class') || '',
              text: own.trim().slice(0, 40), size: parseFloat(cs.fontSize),
              color: rgba(cs.color), bg: background(el),
              width: r.width, right: r.right});
  }
  var pre = document.createElementNS('http://www.w3.org/1999/xhtml', 'pre');
  pre.setAttribute('id', 'galley-probe');
  pre.textContent = JSON.stringify({viewport: vw, elements: out});
  document.body.appendChild(pre);
})();
]]></script>
"""

READER_STYLE = {
    "plain": "",
    "large": "html { font-size: 200% !important }",
    "dark": "html { background: #000 !important; color: #fff !important }",
}


def luminance(c):
    def ch(v):
        v = v / 255.0
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])


def contrast(a, b):
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def chrome_args(exe, profile, dark):
    args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars",
            "--allow-file-access-from-files", "--user-data-dir=" + profile,
            "--window-size=360,740", "--force-device-scale-factor=1"]
    if dark:
        args += ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"]
    return args


def make_view(src, dst, css, probe):
    """Writes the chapter src to dst with the reader's style sheet first
    in its head (a reading system's user sheet) and the probe script."""
    with open(src, encoding="utf-8") as f:
        x = f.read()
    if css:
        x = x.replace("</head>", '<style type="text/css">%s</style></head>' % css, 1)
    if probe:
        x = x.replace("</body>", PROBE + "</body>", 1)
    with open(dst, "w", encoding="utf-8") as f:
        f.write(x)


def main():
    argv = sys.argv[1:]
    style, shots = "classic", None
    if "--style" in argv:
        k = argv.index("--style"); style = argv[k + 1]; del argv[k:k + 2]
    if "--shots" in argv:
        k = argv.index("--shots"); shots = argv[k + 1]; del argv[k:k + 2]
    galley, inp, out = argv[:3]
    exe = chromium()
    if not exe:
        print("skipped: Chromium is not installed (Debian package chromium)")
        return 77
    os.makedirs(out, exist_ok=True)
    epub = os.path.join(out, "book.epub")
    r = subprocess.run([galley, "-t", "epub", "--style", style, "-o", epub, inp],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print("galley failed: " + r.stderr.strip())
        return 1
    book = os.path.join(out, "book")
    shutil.rmtree(book, ignore_errors=True)
    with zipfile.ZipFile(epub) as z:
        z.extractall(book)
    # the chapter: the content document with the most paragraphs
    best, most = None, -1
    for root, _, files in os.walk(book):
        for n in files:
            if n.endswith(".xhtml") and n != "nav.xhtml":
                p = os.path.join(root, n)
                with open(p, encoding="utf-8") as f:
                    k = f.read().count("<p")
                if k > most:
                    best, most = p, k
    if not best:
        print("no content document in the EPUB")
        return 1
    views = {}
    failures = []
    for name, css in READER_STYLE.items():
        page = os.path.join(os.path.dirname(best), "view-%s.xhtml" % name)
        make_view(best, page, css, True)
        profile = os.path.join(out, "profile-" + name)
        shutil.rmtree(profile, ignore_errors=True)
        r = subprocess.run(chrome_args(exe, profile, name == "dark") +
                           ["--dump-dom", "file://" + page],
                           capture_output=True, text=True, timeout=120)
        m = re.search(r'<pre id="galley-probe">(.*?)</pre>', r.stdout, re.S)
        if not m:
            print("%s: Chromium gave no probe result (exit %d): %s" %
                  (name, r.returncode, r.stderr.strip()[-300:]))
            return 1
        data = m.group(1).replace("&lt;", "<").replace("&gt;", ">") \
                         .replace("&quot;", '"').replace("&amp;", "&")
        views[name] = json.loads(data)
    plain = {e["i"]: e for e in views["plain"]["elements"]}
    texts = 0
    for e in views["large"]["elements"]:
        p = plain.get(e["i"])
        if not p or not p["text"] or p["size"] <= 0:
            continue
        texts += 1
        if e["size"] < 1.9 * p["size"]:
            failures.append("200%%: <%s class=%r> %r stays %.1f px (plain %.1f px)" %
                            (e["tag"], e["cls"], e["text"], e["size"], p["size"]))
    if texts < 5:
        failures.append("only %d text elements found in %s" % (texts, best))
    for name, page_bg in (("plain", [255, 255, 255, 1]), ("dark", [0, 0, 0, 1])):
        v = views[name]
        for e in v["elements"]:
            if not e["text"]:
                continue
            bg = e["bg"] or page_bg
            c = e["color"]
            # a translucent colour is drawn over the background
            a = c[3]
            fg = [c[j] * a + bg[j] * (1 - a) for j in range(3)]
            ratio = contrast(fg, bg)
            if ratio < 4.5:
                failures.append("%s: <%s class=%r> %r contrast %.2f:1 (colour %s on %s)" %
                                (name, e["tag"], e["cls"], e["text"], ratio,
                                 c[:3], bg[:3]))
            if e["right"] > v["viewport"] + 1:
                failures.append("%s: <%s class=%r> %r reaches %.0f px past a %d px viewport" %
                                (name, e["tag"], e["cls"], e["text"], e["right"],
                                 v["viewport"]))
    if shots:
        for name in ("plain", "dark"):
            page = os.path.join(os.path.dirname(best), "shot-%s.xhtml" % name)
            make_view(best, page, READER_STYLE[name], False)
            png = os.path.abspath("%s-%s.png" % (shots, "light" if name == "plain" else "dark"))
            profile = os.path.join(out, "profile-shot-" + name)
            shutil.rmtree(profile, ignore_errors=True)
            subprocess.run(chrome_args(exe, profile, name == "dark") +
                           ["--screenshot=" + png, "file://" + page],
                           capture_output=True, timeout=120)
            if not os.path.exists(png):
                failures.append("no screenshot " + png)
    for f in failures[:40]:
        print(f)
    if len(failures) > 40:
        print("... and %d more" % (len(failures) - 40))
    print("%s: %d text elements, %d failures" % (os.path.basename(inp), texts, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
