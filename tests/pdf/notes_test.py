#!/usr/bin/env python3
"""Notes at the foot of the page, end to end from a Markdown article.

usage: notes_test.py GALLEY OUTDIR LANG [galley options...]

Writes an article in LANG (en or ru) with three notes: a short one
referenced twice, one longer than the foot of an A5 page holds (two
paragraphs), and one short. Lays it out (--dump-layout) and writes the
PDF, then fails on:
  - a note whose first line is not on the page of its first reference,
    or that is set more than once (the second reference shows the
    number only);
  - at A5, the long note not continued at the foot of the next page (and
    of each page to its end), or fewer than two of its lines on its
    reference's page;
  - a note's text in the running text;
  - pdftotext not reading the note after the reference on that page;
  - a page with notes (but the last) whose last baseline is not the
    common baseline (the lowest of the pages without notes), read with
    pdftotext -bbox (Noto Serif's ascent and descent, 1.069 and 0.293 em);
  - a widow or orphan of the running text.
"""
import os
import re
import subprocess
import sys

COLUMNS = ["page", "block", "width", "measure", "spaces", "gap_em", "hyphen",
           "last", "justified", "text", "baseline", "scale"]

TEXT = {
    "en": {
        "title": "Notes at the foot of the page",
        "fill": "The committee met again in the spring and talked for a long time "
                "about the rules of the house, the money that was owed, and the many "
                "small matters that had been left undone since the winter. ",
        "refs": ["Alphaword[^letters] rests on the old letters. ",
                 "Betaword[^accounts] rests on the accounts. ",
                 "Gammaword[^hearsay] is hearsay, Deltaword[^letters] again. "],
        "again": "Deltaword",
        "notes": ["Lettersnote: the letters are kept in the archive, in two boxes.",
                  "Accountsnote: " + "The accounts run from the first year to the "
                  "last, kept in a careful hand by three treasurers in turn, each of "
                  "whom added notes of his own. " * 18,
                  "Accountsnote goes on: " + "A second paragraph of the note tells "
                  "how the books were lost and found again, and which pages are "
                  "missing from them. " * 18 + "Accountsnote ends.",
                  "Hearsaynote: told by a neighbour, never written down."],
    },
    "ru": {
        "title": "Примечания внизу страницы",
        "fill": "Комитет снова собрался весной и долго говорил о правилах дома, "
                "о деньгах, которые были должны, и о многих мелочах, оставшихся "
                "несделанными с зимы. ",
        "refs": ["Альфаслово[^letters] опирается на старые письма. ",
                 "Бетаслово[^accounts] опирается на счета. ",
                 "Гаммаслово[^hearsay] лишь слухи, Дельтаслово[^letters] снова. "],
        "again": "Дельтаслово",
        "notes": ["Письмапримечание: письма хранятся в архиве, в двух коробках.",
                  "Счетапримечание: " + "Счета ведутся с первого года до последнего, "
                  "аккуратной рукой трёх казначеев по очереди, каждый из которых "
                  "добавлял свои заметки. " * 18,
                  "Счетапримечание продолжено: " + "Второй абзац примечания "
                  "рассказывает, как книги были потеряны и снова найдены и каких "
                  "страниц в них не хватает. " * 18 + "Счетапримечание кончено.",
                  "Слухипримечание: рассказано соседом, никогда не записано."],
    },
}


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def article(lang):
    t = TEXT[lang]
    paras = []
    for i in range(16):
        p = t["fill"] * 3
        if i in (1, 4, 8):
            p += t["refs"][(1, 4, 8).index(i)]
        paras.append(p + t["fill"])
    n = t["notes"]
    notes = ["[^letters]: " + n[0],
             "[^accounts]: " + n[1] + "\n\n    " + n[2],
             "[^hearsay]: " + n[3]]
    return ("---\ntitle: %s\nlanguage: %s\n---\n\n" % (t["title"], lang) +
            "\n\n".join(paras) + "\n\n" + "\n\n".join(notes) + "\n")


def dump(galley, src, opts, env):
    r = subprocess.run([galley, "--dump-layout", "-q"] + opts + [src],
                       capture_output=True, text=True, env=env)
    if r.returncode != 0:
        fail("galley exited %d: %s" % (r.returncode, r.stderr.strip()))
    rows = r.stdout.splitlines()
    if not rows or rows[0].lstrip("# ").split("\t") != COLUMNS:
        fail("no layout dump header: %r" % (rows[:1],))
    lines = []
    for row in rows[1:]:
        d = dict(zip(COLUMNS, row.split("\t")))
        d["page"] = int(d["page"])
        d["last"] = int(d["last"])
        d["note"] = d["block"].endswith(".footnote")
        lines.append(d)
    return lines


def foot_baselines(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    feet = []
    for page in out.split("<page ")[1:]:
        base = 0.0
        for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page):
            y0, y1 = float(m.group(1)), float(m.group(2))
            size = (y1 - y0) / (1.069 + 0.293)
            base = max(base, y1 - 0.293 * size)
        feet.append(base)
    return feet


def main():
    if len(sys.argv) < 4:
        fail(__doc__)
    galley, outdir, lang = sys.argv[1], sys.argv[2], sys.argv[3]
    opts = sys.argv[4:]
    a5 = "A5" in [o.upper() for o in opts]
    os.makedirs(outdir, exist_ok=True)
    src = os.path.join(outdir, "notes-%s.md" % lang)
    with open(src, "w", encoding="utf-8") as fh:
        fh.write(article(lang))
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    lines = dump(galley, src, opts, env)
    t = TEXT[lang]
    problems = []

    def page_of(word, note):
        pages = [d["page"] for d in lines if word in d["text"] and d["note"] == note]
        return (pages[0] if pages else 0), len(pages)

    words = [r.split("[")[0] for r in t["refs"]]  # Alphaword, Betaword, Gammaword
    marks = [n.split(":")[0] for n in (t["notes"][0], t["notes"][1], t["notes"][3])]
    for k, (word, mark) in enumerate(zip(words, marks), 1):
        ref, _ = page_of(word + str(k), False)
        note, count = page_of(str(k) + " " + mark, True)
        if not ref:
            problems.append("reference %s%d not found" % (word, k))
        if note != ref:
            problems.append("note %d on page %d, its reference on page %d" % (k, note, ref))
        if count != 1:
            problems.append("note %d opens %d times" % (k, count))
        _, in_text = page_of(mark, False)
        if in_text:
            problems.append("note %d's text in the running text" % k)
    if page_of(t["again"] + "1", False)[0] == 0:
        problems.append("the second reference to note 1 is not its number")
    ref2, _ = page_of(words[1] + "2", False)
    end_mark = t["notes"][2].split()[-1]
    end_page = max([d["page"] for d in lines if d["note"] and end_mark.rstrip(".") in d["text"]]
                   or [0])
    on_ref = sum(1 for d in lines if d["note"] and d["page"] == ref2)
    if a5:
        # continued on the next page, and on every page to its end
        for p in range(ref2 + 1, max(end_page, ref2 + 1) + 1):
            if not any(d["note"] and d["page"] == p for d in lines):
                problems.append("the long note (reference on page %d, end on %d) "
                                "is not at the foot of page %d" % (ref2, end_page, p))
        if on_ref < 2:
            problems.append("%d line(s) of the long note on its reference's page" % on_ref)

    # widows and orphans of the running text
    body = [d for d in lines if d["block"] == "p"]
    for prev2, prev, d in zip([{"last": 1}] + body, body, body[1:]):
        if d["page"] != prev["page"]:
            if d["last"] and not prev["last"]:
                problems.append("widow on page %d: %r" % (d["page"], d["text"][:40]))
            if not prev["last"] and prev2["last"]:
                problems.append("orphan on page %d: %r" % (prev["page"], prev["text"][:40]))

    pdf = os.path.join(outdir, "notes-%s.pdf" % lang)
    r = subprocess.run([galley, "-t", "pdf", "-q", "--no-cover-page", "-o", pdf] + opts + [src],
                       capture_output=True, text=True, env=env)
    if r.returncode != 0:
        fail("galley exited %d: %s" % (r.returncode, r.stderr.strip()))
    text = subprocess.run(["pdftotext", "-f", str(ref2), "-l", str(ref2), pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
    at = text.find(words[1])
    if at < 0 or text.find(marks[1], at) < 0:
        problems.append("pdftotext does not read note 2 after its reference on page %d" % ref2)
    feet = foot_baselines(pdf)
    note_pages = sorted({d["page"] for d in lines if d["note"]})
    # the common baseline: the lowest foot of the pages without notes but
    # the last (a full page ends there, a page a keep left short above)
    plain = [feet[p - 1] for p in range(1, len(feet)) if p not in note_pages]
    if not plain:
        fail("no page without notes to compare with")
    common = max(plain)
    for p in note_pages:
        if p < len(feet) and abs(feet[p - 1] - common) > 0.25:
            problems.append("page %d ends at %.2f, not on the common baseline %.2f" %
                            (p, feet[p - 1], common))
    for p in problems[:20]:
        print(p)
    if problems:
        fail("%d problem(s)" % len(problems))
    print("OK: %d lines, notes on pages %s, long note from page %d to %d" %
          (len(lines), note_pages, ref2, end_page))


if __name__ == "__main__":
    main()
