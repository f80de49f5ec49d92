#!/usr/bin/env python3
"""Hyphenation in the PDF, read back with pdftotext.

usage: hyph_test.py GALLEY STYLE_CSS OUTDIR

For Russian, Kazakh, German and English articles set at a narrow measure,
with a style sheet that asks for hyphens in headings too (galley must
refuse them there), checks that:
  - words of the body are hyphenated (a line ends in a soft-hyphen break:
    the line's last fragment and the next line's first make a word of the
    source once the hyphen is dropped), in every language, Kazakh (in
    Cyrillic, and in Latin tagged kk-Latn) by its syllable rule;
  - no heading word is hyphenated;
  - a word holding a hard hyphen ("Kassym-Jomart") breaks at that hyphen
    only, never inside one of its parts;
  - no paragraph ends on a hyphenated stub of fewer than 4 letters (also
    in ragged text, whose lines fill up to such a stub without the rule);
  - the names the English patterns split across a digraph break at their
    syllables ("Ka-zakh-stan", never "Kaza-khstan").
Exit status 0 on success, 1 with the failures listed.
"""
import os
import re
import subprocess
import sys

HARD = "-\u2010"

ARTICLES = {
    "ru": {
        "heading": "Путешествие императора Александра",
        "body": [
            "Государственный университет распространяет исследовательские "
            "программы, которые поддерживают международное сотрудничество "
            "и научно-исследовательскую деятельность северо-восточных "
            "регионов.",
            "Преподаватели факультета систематически организовывают "
            "конференции, посвящённые информационным технологиям, "
            "программному обеспечению и социально-экономическому развитию.",
        ],
        "compounds": ["научно-исследовательскую", "северо-восточных",
                      "социально-экономическому"],
    },
    "kk": {
        "heading": "Тәуелсіздік жарияланды",
        "body": [
            "Мемлекеттік университет халықаралық ынтымақтастықты дамытып, "
            "ғылыми-зерттеу жұмыстарын ұйымдастырады. Қасым-Жомарт "
            "Тоқаевтың бастамасымен оқушыларға арналған бағдарламалар "
            "жүзеге асырылуда.",
            "Абайдың шығармашылығы қазақ әдебиетінің қалыптасуына "
            "айтарлықтай ықпал етті, оның өлеңдері мен қарасөздері "
            "мектептерде оқытылады.",
        ],
        "compounds": ["ғылыми-зерттеу", "Қасым-Жомарт"],
    },
    "kk-Latn": {
        "heading": "Táýelsizdik jarııalandy",
        "body": [
            "Memlekettik ýnıversıtet halyqaralyq yntymaqtastyqty damytyp, "
            "ǵylymı-zertteý jumystaryn uıymdastyrady. Jasóspirimderdiń "
            "densaýlyǵyn qorǵaýǵa arnalǵan baǵdarlamalar teńestirilgen "
            "qarjylandyrýmen júzege asyrylýda.",
            "Abaıdyń shyǵarmashylyǵy qazaq ádebıetiniń qalyptasýyna "
            "aıtarlyqtaı yqpal etti, onyń óleńderi men qarasózderi "
            "mektepterde oqytylady.",
        ],
        "compounds": ["ǵylymı-zertteý"],
        # a Kazakh syllable starts at the consonant before its vowel: the
        # second part of a broken word opens with a consonant (English
        # patterns gave "jasóspir-imderdi")
        "syllable_start": r"[^aáäeioóöuúüūy]",
    },
    "de": {
        "heading": "Sehenswürdigkeiten Großbritanniens",
        "body": [
            "Die Entwicklungsumgebung der Softwareverteilung unterstützt "
            "Qualitätssicherung und Arbeitsplatzumgebungen für "
            "KDE-Anwendungen, die Debian-Entwicklergemeinschaft und "
            "zahlreiche Übersetzungsprojekte.",
            "Verantwortungsbewusste Mitarbeiterinnen dokumentieren "
            "Sicherheitsaktualisierungen regelmäßig in der "
            "Paketverwaltungsdatenbank.",
        ],
        "compounds": ["KDE-Anwendungen", "Debian-Entwicklergemeinschaft"],
    },
    "en": {
        "heading": "Presidential responsibilities",
        "body": [
            "The co-operation between long-established institutions made "
            "Kassym-Jomart Tokayev's decision-making considerably more "
            "transparent, and the administration remained {end}",
            "Representatives of several organizations described the "
            "negotiations as constructive, comprehensive and {end}",
        ],
        "compounds": ["co-operation", "long-established", "Kassym-Jomart",
                      "decision-making"],
        "ends": ["playful.", "wonderful.", "beautiful.", "thoughtful.",
                 "unlawful.", "masterful.", "resourceful."],
    },
}

FILLER = ["so", "then", "a", "there", "it", "was", "all", "quite", "an", "old",
          "story", "of", "the", "north"]

WORD = re.compile(r"[^\W\d_]+(?:[" + HARD + r"][^\W\d_]+)*", re.UNICODE)


def article(lang, spec):
    """Markdown: headings and paragraphs of varied length."""
    out = []
    n = 0
    for sec in range(12 if "ends" in spec else 6):
        out += ["## " + spec["heading"], ""]
        for k in range(7):
            words = []
            for j in range(k % 3 + 1):
                words.append(spec["body"][(sec + j) % len(spec["body"])])
            text = " ".join(words)
            if "ends" in spec:
                end = spec["ends"][n % len(spec["ends"])]
                text = text.replace("{end}", "and", text.count("{end}") - 1)
                text = text.replace("{end}", end)
                # words before the end, so that the paragraphs' last
                # lines end at many widths
                text = " ".join(FILLER[:n % len(FILLER)] + [text])
            n += 1
            out += [text, ""]
    return "\n".join(out)


def tokens(text):
    return set(WORD.findall(text))


def check(galley, css, outdir, lang, spec, failures, name=None):
    name = name or lang
    src = os.path.join(outdir, "hyph-" + name + ".md")
    pdf = os.path.join(outdir, "hyph-" + name + ".pdf")
    md = article(lang, spec)
    with open(src, "w", encoding="utf-8") as f:
        f.write(md)
    r = subprocess.run([galley, "-q", "-t", "pdf", "--no-cover-page", "--language", lang, "--style", css,
                        "--title", "Test", "--no-smart",
                        "--page-size", "140x200mm", "-o", pdf, src],
                       capture_output=True, text=True)
    if r.returncode != 0:
        failures.append(f"{name}: galley exit {r.returncode}: {r.stderr.strip()}")
        return
    if "hyphenation" in r.stderr:
        failures.append(f"{name}: {r.stderr.strip()}")
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
    # the lines as set, without page numbers and running heads
    lines = [l.strip() for l in text.splitlines()]
    lines = [l for l in lines if l and not l.isdigit() and l != "Test"]
    words = tokens(md)
    heading_words = tokens(spec["heading"])
    ends = {e.rstrip(".") for e in spec.get("ends", [])}
    soft = 0
    for a, b in zip(lines, lines[1:]):
        if not a.endswith("-") or not b:
            continue
        last = a.split()[-1]
        m = WORD.match(b)
        if not m:
            continue
        first = m.group(0)
        frag = re.sub(r"^\W+", "", last)
        if frag + first in words:
            continue  # a break at a hard hyphen, the hyphen kept
        joined = frag[:-1] + first
        whole = joined
        if joined not in words:
            continue
        soft += 1
        if whole in heading_words:
            failures.append(f"{name}: heading word hyphenated: {last!r} / {first!r}")
        if any(h in frag[:-1] for h in HARD):
            failures.append(f"{name}: break inside a compound: {last!r} / {first!r}")
        if spec.get("syllable_start") and not re.match(spec["syllable_start"], first):
            failures.append(f"{name}: break off a syllable: {last!r} / {first!r}")
        if whole in ends and len(first) < 4:
            failures.append(f"{name}: paragraph ends on a stub: {last!r} / {b!r}")
    if soft == 0:
        failures.append(f"{name}: no word of the body is hyphenated")
    for c in spec["compounds"]:
        if c not in words:
            failures.append(f"{name}: test text lost its compound {c!r}")


def check_exceptions(galley, outdir, failures):
    src = os.path.join(outdir, "hyph-names.md")
    pdf = os.path.join(outdir, "hyph-names.pdf")
    with open(src, "w", encoding="utf-8") as f:
        f.write("# Names\n\n" + "Kazakhstan and Kyrgyzstan, the Kazakhs and the "
                "Kazakhstani delegation, " * 40 + "met.\n")
    subprocess.run([galley, "-q", "-t", "pdf", "--no-cover-page", "--language", "en",
                    "--page-size", "105x148mm", "-o", pdf, src], check=True)
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
    ends = [l.split()[-1] for l in text.splitlines() if l.strip().endswith("-")]
    bad = [e for e in ends if re.search(r"(Kaza|Kyrgyzs|Kazakhsta)-$", e)]
    if bad:
        failures.append("names broken across a digraph: %s" % sorted(set(bad)))
    if not any(re.search(r"(Ka|Kazakh|Kyr|Kyrgyz)-$", e) for e in ends):
        failures.append("names: none of them hyphenated at all: nothing was tested")


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    galley, style, outdir = sys.argv[1:]
    os.makedirs(outdir, exist_ok=True)
    css = os.path.join(outdir, "hyph-headings.css")
    with open(style, encoding="utf-8") as f:
        sheet = f.read()
    with open(css, "w", encoding="utf-8") as f:
        # a style that asks for hyphens everywhere: the title block and
        # headings must stay whole all the same
        f.write(sheet + "\nh1, h2, h3, h4, h5, h6, p.subtitle, p.byline "
                "{ hyphens: auto; -epub-hyphens: auto }\n")
    # ragged text fills its lines, so a stub ending a paragraph would
    # show there first
    ragged = os.path.join(outdir, "hyph-ragged.css")
    with open(ragged, "w", encoding="utf-8") as f:
        f.write(sheet + "\np { text-align: left }\n")
    failures = []
    for lang, spec in ARTICLES.items():
        check(galley, css, outdir, lang, spec, failures)
    check(galley, ragged, outdir, "en", ARTICLES["en"], failures, "en-ragged")
    check_exceptions(galley, outdir, failures)
    for f in sorted(set(failures)):
        print("FAIL " + f)
    if not failures:
        print("ok: hyphenation in ru, kk, kk-Latn, de, en (justified and ragged)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
