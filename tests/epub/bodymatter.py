#!/usr/bin/env python3
"""bodymatter.py EPUB...: the navigation's "bodymatter" landmark names the
text's first block after the title page (the first element after
<header class="titleblock">), or a document without a title page. Prints
each EPUB that breaks the rule with the reason; exit 1 if any does."""
import re
import sys
import zipfile


def problem(path):
    z = zipfile.ZipFile(path)
    nav = z.read("OEBPS/nav.xhtml").decode()
    m = re.search(r'<a epub:type="bodymatter" href="([^"#]+)(?:#([^"]+))?"', nav)
    if not m:
        return "no bodymatter landmark"
    doc = z.read("OEBPS/" + m.group(1)).decode()
    head = re.search(r'<header class="titleblock"[^>]*>.*?</header>', doc, re.S)
    if not m.group(2):
        return "the landmark names a title page" if head else None
    at = doc.find(' id="%s"' % m.group(2))
    if at < 0:
        return "no element has the landmark's id"
    if head and at < head.end():
        return "the landmark's target is inside the title page"
    if head and not re.match(r'\s*<[a-z0-9]+ id="%s"' % re.escape(m.group(2)), doc[head.end():]):
        return "the landmark's target is not the first block after the title page"
    return None


def main():
    bad = 0
    for path in sys.argv[1:]:
        try:
            why = problem(path)
        except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError) as e:
            why = "unreadable: %s" % e
        if why:
            print("FAIL %s: %s" % (path, why))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
