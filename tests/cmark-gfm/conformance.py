#!/usr/bin/env python3
"""conformance.py: galley against cmark-gfm's own examples.

    conformance.py GALLEY SPEC_DIR WORK_DIR [--update] [--show N]

Every example of SPEC_DIR/spec.txt (the CommonMark spec as cmark-gfm
ships it) and SPEC_DIR/extensions.txt (tables, strikethrough, autolinks,
task lists, footnotes) goes through galley's Markdown reader and EPUB
writer; the body of the content document is compared with the example's
HTML after both are normalised (white space, attribute order, entities,
as cmark-gfm's test/normalize.py does) and after the differences galley
makes on purpose, each listed in DOCUMENTED below, are taken out.

What still differs is listed, with its reason, in
SPEC_DIR/known-differences.txt. An example that differs and is not
listed fails the test: a new difference is a regression until it is
understood and listed. Exit 77 (skipped) while the Markdown reader has no GFM
extensions. An example listed that now matches is reported
(the list can shrink) but does not fail. --update rewrites the list from
the current results; review its diff. --show N prints example N's two
normalised sides.

The example is converted as an article with a title in its front matter
(so that a leading "# heading" stays a heading, not the book's title)
and with --no-smart (the spec's quotes are straight).
"""
import html
import html.parser
import os
import re
import subprocess
import sys
import zipfile

# The differences galley makes on purpose, taken out before comparing.
DOCUMENTED = """\
title-block  the EPUB opens with the title block (<header class="titleblock">): removed
headings     heading levels are the article's own, relative (its highest level
             becomes the book's first section level, h2, under the title's
             h1): compared without their level
code-blocks  a code block's last newline is not kept: dropped on both sides
containers   tables sit in <div class="table">, task boxes in <label>: unwrapped
attributes   ids, classes, roles, epub:type, scope are galley's: dropped;
             alignment is class="align-x" where cmark-gfm writes align="x"
loose-items  a loose item's first paragraph is the item's text, without <p>
             (the list's class says loose): the first <p> of every item dropped
task-boxes   a task box is disabled="disabled", checked="checked": bare names
"""

# Reasons of the differences that remain, by what the example holds.
REASONS = [
    ("error", "galley refused the input (an image file that does not exist: "
              "the EPUB holds only images it can read)"),
    ("image", "images become <figure> or are refused when the file is missing"),
    ("raw-html", "raw HTML is kept as visible text (the EPUB must stay valid XHTML)"),
    ("link", "links to files the book does not hold (/url, relative paths) are "
             "kept as text, with a warning (util/link.h)"),
    ("footnote", "notes are EPUB 3 asides after the section, not a final <section>"),
    ("extra-cells", "cells past a table header's columns are kept as typed in the "
                    "row's last cell, with a warning (cmark-gfm drops them)"),
    ("extension", "galley reads every Markdown with the extensions on (autolinks, "
                  "strikethrough, tables), spec.txt's examples are without them"),
    ("list-marker", "ordered list markers <ol> cannot say ('1)', a start of 0, "
                    "numbers past 999999999) are written as text"),
    ("other", "the reader's or writer's own rules (see each example)"),
]

BLOCK = set("""h article header aside blockquote body caption dd div dl dt
figcaption figure footer h1 h2 h3 h4 h5 h6 hr li ol p pre section table
tbody td tfoot th thead tr ul""".split())
VOID = {"br", "hr", "img", "input", "meta", "link", "col", "wbr"}
KEEP_ATTRS = {"href", "src", "alt", "title", "start", "align", "type",
              "checked", "disabled"}


class Normalizer(html.parser.HTMLParser):
    """A canonical form of an HTML fragment: attributes filtered and
    sorted, white space collapsed (kept in <pre>) and dropped beside
    block tags, characters unescaped but & < > ". With `galley` set,
    galley's own markup is taken back (DOCUMENTED)."""

    def __init__(self, galley):
        super().__init__(convert_charrefs=True)
        self.galley = galley
        self.out = []
        self.stack = []      # (tag, written) of open elements
        self.pre = 0
        self.last_li = False  # the last thing written opened an <li>

    def emit(self, s, block=False):
        if block and self.out and not self.pre:
            self.out[-1] = self.out[-1].rstrip(" ")
            if self.out[-1] == "":
                self.out.pop()
        self.out.append(s)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        write = True
        if self.galley:
            cls = attrs.get("class") or ""
            if (tag == "div" and cls == "table") or tag == "label":
                write = False
            m = re.match(r"align-(left|center|right)$", cls)
            if m:
                attrs["align"] = m.group(1)
            if tag == "input":
                for k in ("checked", "disabled"):
                    if k in attrs:
                        attrs[k] = ""
        if re.match(r"h[1-6]$", tag):
            tag = "h"  # headings
        if tag == "p" and self.last_li:
            write = False  # loose-items
        if tag == "input":
            for k in ("checked", "disabled"):
                if k in attrs:
                    attrs[k] = ""
        if tag not in VOID:
            self.stack.append((tag, write))
        self.last_li = tag == "li"
        if not write:
            return
        if tag == "pre":
            self.pre += 1
        s = "<" + tag
        for k in sorted(a for a in attrs if a in KEEP_ATTRS):
            v = attrs[k]
            s += " " + k if v is None or v == "" else ' %s="%s"' % (k, html.escape(v))
        self.emit(s + ">", tag in BLOCK)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        self.last_li = False
        # close up to the matching element (HTML's implied ends)
        while self.stack:
            t, write = self.stack.pop()
            if write:
                if t == "pre":
                    self.pre -= 1
                self.emit("</%s>" % t, t in BLOCK)
            if t == tag or (t == "h" and re.match(r"h[1-6]$", tag)):
                break

    def handle_data(self, data):
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            prev = self.out[-1] if self.out else ""
            if prev.startswith("<") and re.match(r"</?(%s)[ >]" % "|".join(BLOCK), prev):
                data = data.lstrip(" ")
            if not data:
                return
            self.last_li = False
        self.emit(html.escape(data, quote=True).replace("&#x27;", "'"))

    def result(self):
        s = "".join(self.out).strip()
        s = s.replace("\n</code></pre>", "</code></pre>")  # code-blocks
        # white space before a closing block tag
        return re.sub(r" +(</(%s)>)" % "|".join(BLOCK), r"\1", s)


def normalize(fragment, galley):
    n = Normalizer(galley)
    n.feed(fragment)
    n.close()
    return n.result()


def examples(path):
    """The examples of a cmark-gfm spec file: (number, section,
    extensions, markdown, html), numbered across the file as cmark-gfm's
    spec_tests.py does."""
    fence = "`" * 32
    out, state, number, section = [], 0, 0, ""
    md, want, ext = [], [], []
    with open(path, encoding="utf-8", newline="\n") as f:
        for line in f:
            s = line.strip()
            if s.startswith(fence + " example"):
                state, ext = 1, s[len(fence) + 8:].split()
            elif s == fence and state:
                number += 1
                if "disabled" not in ext:
                    out.append((number, section, ext,
                                "".join(md).replace("\u2192", "\t"),
                                "".join(want).replace("\u2192", "\t")))
                state, md, want = 0, [], []
            elif s == "." and state == 1:
                state = 2
            elif state == 1:
                md.append(line)
            elif state == 2:
                want.append(line)
            elif re.match(r"#+ ", line):
                section = re.sub(r"^#+ ", "", line).strip()
    return out


def convert(galley, markdown, work):
    src = os.path.join(work, "example.md")
    epub = os.path.join(work, "example.epub")
    with open(src, "w", encoding="utf-8", newline="\n") as f:
        f.write("---\ntitle: Example\n---\n\n" + markdown)
    if os.path.exists(epub):
        os.remove(epub)
    r = subprocess.run([galley, "-q", "-f", "md", "--no-smart", "-t", "epub",
                        "-o", epub, src], capture_output=True)
    if r.returncode != 0:
        return None
    with zipfile.ZipFile(epub) as z:
        xhtml = "".join(z.read(n).decode("utf-8") for n in sorted(z.namelist())
                        if re.match(r"OEBPS/chapter-\d+\.xhtml$", n))
    parts = re.findall(r"<body[^>]*>(.*?)</body>", xhtml, re.S)
    body = "".join(parts)
    return re.sub(r'<header class="titleblock"[^>]*>.*?</header>', "", body, flags=re.S)


def reason(markdown, want, got):
    if got is None:
        return "error"
    if "<img" in want:
        return "image"
    if re.search(r"<[A-Za-z/!?]", markdown) and got.count("&lt;") > want.count("&lt;"):
        return "raw-html"
    if "footnote" in want:
        return "footnote"
    if re.search(r'<a href="(?!https?:|mailto:|ftp:|tel:|//)', want):
        return "link"
    if "<table>" in want and re.search(r"<td>[^<]* \| ", got):
        return "extra-cells"
    if re.search(r"www\.|https?://|@|~|\|", markdown) and (
            got.count("<a ") > want.count("<a ") or "<del>" in got or "<table>" in got):
        return "extension"
    if re.search(r"<ol start=\"(0|\d{10,})\"", want) or re.search(r"^ {0,3}\d+\)", markdown, re.M):
        return "list-marker"
    return "other"


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 64
    galley, spec_dir, work = argv[1], argv[2], argv[3]
    update = "--update" in argv
    show = int(argv[argv.index("--show") + 1]) if "--show" in argv else None
    os.makedirs(work, exist_ok=True)
    # Before the cmark-gfm reader, a pipe table is a paragraph: skip (77).
    probe = convert(galley, "| a |\n| - |\n| b |\n", work)
    if probe is None or "<table>" not in probe:
        print("SKIP: the Markdown reader makes no table of a pipe table")
        return 77
    listed = {}
    known_path = os.path.join(spec_dir, "known-differences.txt")
    if os.path.exists(known_path):
        for line in open(known_path, encoding="utf-8"):
            m = re.match(r"(spec|extensions) (\d+) (\S+)", line)
            if m:
                listed[(m.group(1), int(m.group(2)))] = m.group(3)
    results = []  # (file, number, section, reason or None)
    for name in ("spec", "extensions"):
        for number, section, ext, md, want in examples(os.path.join(spec_dir, name + ".txt")):
            if show is not None and number != show:
                continue
            got = convert(galley, md, work)
            a = normalize(want, False)
            b = normalize(got, True) if got is not None else None
            if show is not None:
                print("%s %d (%s)\nmarkdown: %r\nwant: %s\ngot:  %s\n" % (name, number, section, md, a, b))
            same = a == b or want.strip() == "<IGNORE>"  # as spec_tests.py
            results.append((name, number, section,
                            None if same else reason(md, want, got)))
    if show is not None:
        return 0
    total = len(results)
    differ = [r for r in results if r[3]]
    new = [r for r in differ if (r[0], r[1]) not in listed]
    fixed = [r for r in results if not r[3] and (r[0], r[1]) in listed]
    print("cmark-gfm conformance: %d of %d examples match (spec.txt %d/%d, "
          "extensions.txt %d/%d)" % (
              total - len(differ), total,
              sum(1 for r in results if r[0] == "spec" and not r[3]),
              sum(1 for r in results if r[0] == "spec"),
              sum(1 for r in results if r[0] == "extensions" and not r[3]),
              sum(1 for r in results if r[0] == "extensions")))
    counts = {}
    for r in differ:
        counts[r[3]] = counts.get(r[3], 0) + 1
    for key, text in REASONS:
        if key in counts:
            print("  %4d differ: %s" % (counts[key], text))
    for r in fixed:
        print("now matches (remove it from the list): %s %d (%s)" % r[:3])
    if update:
        with open(known_path, "w", encoding="utf-8") as f:
            f.write("# Examples of cmark-gfm's spec.txt and extensions.txt whose EPUB\n"
                    "# body still differs from cmark-gfm's HTML after the documented\n"
                    "# differences are taken out (tests/cmark-gfm/conformance.py).\n"
                    "# Written by conformance.py --update; one line an example:\n"
                    "# file, example number, reason, section. Reasons:\n")
            for key, text in REASONS:
                f.write("#   %-12s %s\n" % (key, text))
            f.write("# Documented differences, taken out before comparing:\n")
            for line in DOCUMENTED.splitlines():
                f.write("#   " + line + "\n")
            for r in differ:
                f.write("%s %d %s  %s\n" % (r[0], r[1], r[3], r[2]))
        return 0
    for r in new:
        print("NEW DIFFERENCE: %s %d (%s): %s" % (r[0], r[1], r[2], r[3]))
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
