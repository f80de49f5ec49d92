"""bench/typesetters.py: Typst and LaTeX as peers of galley's PDF in bench/run.

The benchmark book (bench/gen, Markdown: a front-matter title, `##`
headings, paragraphs, `*emphasis*`) is set by each engine with galley's
classic style at A4: Noto Serif 11.5 pt, lines 1.4 apart, the page's
margins 25 mm top, 28 mm bottom, 42 mm inside, 38 mm outside, justified,
hyphenated in English, paragraphs after the first indented 1.3 em with no
space between them. Every engine draws the same font files (galley's
fonts/).

  Typst     the engine of Typst 0.14 through Node.js: npm's prebuilt
            `@myriaddreamin/typst-ts-node-compiler`, installed on first
            use into ~/.cache/galley-bench/typst (XDG_CACHE_HOME is
            honoured); the book converted to Typst markup here
  XeLaTeX   pandoc's Markdown reader and LaTeX writer, then xelatex
            (KOMA scrartcl), as bench/typeset sets it

Typography is read off each PDF with ../shared/tools/pdfquality when it
is there: word gaps (em, per line: mean, sd), hyphenated lines."""
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FONTS = os.path.join(ROOT, "fonts")
PDFQUALITY = os.path.join(ROOT, "..", "shared", "tools", "pdfquality")
TYPST_PACKAGE = "@myriaddreamin/typst-ts-node-compiler"

# galley's classic style at A4 (styles/classic.css)
FAMILY, SIZE_PT, LEADING = "Noto Serif", 11.5, 1.4
MARGIN_MM = {"top": 25, "bottom": 28, "inside": 42, "outside": 38}
INDENT_EM = 1.3

COMPILE_MJS = r"""
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
const [, , modDir, input, output, fontDir] = process.argv;
const require = createRequire(path.join(modDir, 'package.json'));
const { NodeCompiler } = require('%s');
const c = NodeCompiler.create({ workspace: path.dirname(path.resolve(input)),
                                fontArgs: [{ fontPaths: [fontDir] }] });
const doc = c.compile({ mainFilePath: path.resolve(input) });
if (!doc.result) {
  console.error('typst: ' + JSON.stringify(doc.takeDiagnostics ? doc.takeDiagnostics() : {}));
  process.exit(1);
}
fs.writeFileSync(output, c.pdf(doc.result, { creationTimestamp: 1700000000 }));
""" % TYPST_PACKAGE


def cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "galley-bench", "typst")


def ensure_typst():
    """The directory holding the Typst compiler's npm package, installed
    there when missing; None (and why, on stderr) when it cannot be."""
    d = cache_dir()
    mod = os.path.join(d, "node_modules", *TYPST_PACKAGE.split("/"))
    if not shutil.which("node") or not shutil.which("npm"):
        print("bench: no Node.js (node, npm): Typst left out", file=sys.stderr)
        return None
    if not os.path.isdir(mod):
        os.makedirs(d, exist_ok=True)
        if not os.path.exists(os.path.join(d, "package.json")):
            with open(os.path.join(d, "package.json"), "w") as f:
                f.write('{"name": "galley-bench-typst", "private": true}\n')
        print("bench: installing Typst from npm (%s) into %s" % (TYPST_PACKAGE, d), flush=True)
        p = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent",
                            TYPST_PACKAGE], cwd=d, capture_output=True, text=True)
        if p.returncode != 0 or not os.path.isdir(mod):
            print("bench: npm could not install %s: Typst left out\n%s"
                  % (TYPST_PACKAGE, p.stderr[-400:]), file=sys.stderr)
            return None
    script = os.path.join(d, "compile.mjs")
    with open(script, "w") as f:
        f.write(COMPILE_MJS)
    return d


def typst_version(d):
    try:
        with open(os.path.join(d, "node_modules", *TYPST_PACKAGE.split("/"),
                               "package.json")) as f:
            return "typst-ts-node-compiler " + json.load(f)["version"]
    except (OSError, ValueError, KeyError):
        return "typst ?"


def typst_cmd(d, typ, pdf):
    return ["node", os.path.join(d, "compile.mjs"), d, typ, pdf, FONTS]


_TYPST_SPECIAL = re.compile(r"([\\#*_`$<>@\[\]~/=+\-])")


def _typst_text(s):
    """Markdown inline text (only *emphasis* in the bench book) as Typst
    markup: every character Typst reads as syntax escaped."""
    out = []
    for k, part in enumerate(re.split(r"\*([^*\n]+)\*", s)):
        esc = _TYPST_SPECIAL.sub(r"\\\1", part)
        out.append("_%s_" % esc if k % 2 else esc)
    return "".join(out)


def md_to_typst(md, typ):
    """Writes the bench book `md` as a Typst document `typ` in the
    classic style's page, face, size, leading and measure."""
    text = open(md, encoding="utf-8").read()
    title = None
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        m = re.search(r"(?m)^title:\s*(.+)$", text[4:end])
        title = m.group(1).strip() if m else None
        text = text[end + 5:]
    top = 0.8
    out = ['#set document(title: "%s")' % (title or "").replace('"', ''),
           '#set page(paper: "a4", margin: (top: %dmm, bottom: %dmm, inside: %dmm, '
           'outside: %dmm))' % (MARGIN_MM["top"], MARGIN_MM["bottom"], MARGIN_MM["inside"],
                                MARGIN_MM["outside"]),
           # a line box of 1 em, then leading makes the baseline pitch
           '#set text(font: "%s", size: %gpt, lang: "en", hyphenate: true, '
           'top-edge: %gem, bottom-edge: %gem)' % (FAMILY, SIZE_PT, top, top - 1),
           '#set par(justify: true, leading: %gem, spacing: %gem, first-line-indent: %gem)'
           % (LEADING - 1, LEADING - 1, INDENT_EM),
           '#show heading: set block(above: 1.4em, below: 0.7em)', '']
    if title:
        out += ['#align(center, text(size: 2.1em)[%s])' % _typst_text(title), '']
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block:
            continue
        m = re.match(r"(#{1,6})\s+(.*)", block)
        if m:
            out.append("%s %s" % ("=" * len(m.group(1)), _typst_text(m.group(2))))
        else:
            out.append(_typst_text(" ".join(block.split())))
        out.append("")
    with open(typ, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def latex_ready():
    return shutil.which("xelatex") and shutil.which("pandoc") and all(
        subprocess.run(["kpsewhich", f], capture_output=True).returncode == 0
        for f in ("lmodern.sty", "scrartcl.cls"))


def latex_env(work, env):
    """env with a fontconfig file that adds galley's fonts/ to the
    system's, so xelatex finds the same Noto Serif files."""
    fc = os.path.join(work, "fonts.conf")
    with open(fc, "w") as f:
        f.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                '<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                '<dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n'
                % (FONTS, os.path.join(work, "fc-cache")))
    return dict(env, FONTCONFIG_FILE=fc)


def latex_cmd(md, pdf):
    pw, ph = 210.0, 297.0
    left, right = MARGIN_MM["inside"], MARGIN_MM["outside"]
    return ["pandoc", "-f", "markdown", md, "-o", pdf, "--pdf-engine=xelatex",
            "-V", "documentclass=scrartcl",
            "-V", "classoption=fontsize=%.3fpt" % (SIZE_PT * 72.27 / 72),
            "-V", "mainfont=%s" % FAMILY, "-V", "lang=en",
            "-V", "microtypeoptions=protrusion=false",
            "-V", "linestretch=%.3f" % (LEADING / 1.2),
            "-V", "geometry:paperwidth=%gmm" % pw, "-V", "geometry:paperheight=%gmm" % ph,
            "-V", "geometry:left=%gmm" % left,
            "-V", "geometry:textwidth=%gmm" % (pw - left - right),
            "-V", "geometry:top=%gmm" % MARGIN_MM["top"],
            "-V", "geometry:bottom=%gmm" % MARGIN_MM["bottom"]]


def quality_report(pdf, out_json):
    """pdfquality's whole report on pdf (also written to out_json); None
    when the tool is not there or fails."""
    if not os.path.exists(PDFQUALITY):
        return None
    p = subprocess.run([sys.executable, PDFQUALITY, pdf, "-o", out_json], capture_output=True)
    if p.returncode != 0 or not os.path.exists(out_json):
        return None
    with open(out_json) as f:
        return json.load(f)


def quality(pdf):
    """pages, word-gap mean and sd (em), share of lines hyphenated, from
    pdfquality; None when the tool is not there or fails."""
    d = quality_report(pdf, pdf + ".quality.json")
    if d is None:
        return None
    g = d["justification"]["gap_em_per_line"]
    return {"pages": d["counts"]["pages"], "gap_mean": g["mean"], "gap_sd": g["sd"],
            "hyph_lines": d["hyphenation"]["hyphenated_lines"],
            "hyph_pct": d["hyphenation"]["pct_of_lines"]}
