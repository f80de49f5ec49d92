#!/usr/bin/env python3
"""truth_check.py GALLEY SAMPLE TRUTH: checks that `galley --dump SAMPLE`
recovers exactly the block sequence of the truth file (the shared
yardstick, tools/truth/seed.json): each block's type (dateline-paragraph,
heading, paragraph, caption, credit) and the start of its text. The title
block is left out, as the truth file leaves out converters' title pages.
Texts are compared NFKC-normalised, as the shared scorer matches them (a
no-break space is a space there). Prints the first difference and exits 1
when they differ."""
import json
import os
import re
import subprocess
import sys
import unicodedata

LINE = re.compile(r'^( *)(\S+)(?: (?:\d|bullet|ordered))?\s+line \d+\s+(\S+)\s*(.*)$')


def norm(s):
    return re.sub(r'\s+', ' ', unicodedata.normalize('NFKC', s))


def blocks(dump):
    out = []
    figure = None
    for raw in dump.splitlines():
        if raw.startswith('meta ') or raw.startswith('-- '):
            continue
        m = LINE.match(raw)
        if not m:
            continue
        depth, kind, rule, text = len(m.group(1)) // 2, m.group(2), m.group(3), m.group(4)
        if depth == 0:
            figure = None
        if kind in ('title-block',) or (depth > 0 and figure is None):
            continue
        if kind == 'figure':
            figure = {'type': 'credit', 'text': ''}
            out.append(figure)
            continue
        if figure is not None and depth == 1:
            if kind == 'caption':
                figure['type'], figure['text'] = 'caption', text
            elif not figure['text']:
                figure['text'] = text
            continue
        if kind == 'paragraph' and text.startswith('[dateline: '):
            kind = 'dateline-paragraph'
            text = text[text.index('] ') + 2:]
        out.append({'type': kind, 'text': text})
    return out


def main():
    galley, sample, truth_path = sys.argv[1:4]
    dump = subprocess.run([galley, '--dump', os.path.basename(sample)],
                          cwd=os.path.dirname(sample) or '.', check=True,
                          capture_output=True, text=True).stdout
    got = blocks(dump)
    want = json.load(open(truth_path, encoding='utf-8'))['blocks']
    for i, w in enumerate(want):
        if i >= len(got):
            print(f'block {i}: missing, want {w["type"]} "{w["text_start"]}"')
            return 1
        g = got[i]
        if g['type'] != w['type'] or not norm(g['text']).startswith(norm(w['text_start'])):
            print(f'block {i}: got {g["type"]} "{g["text"][:40]}", '
                  f'want {w["type"]} "{w["text_start"]}"')
            return 1
    if len(got) != len(want):
        print(f'{len(got) - len(want)} extra blocks, first: {got[len(want)]}')
        return 1
    print(f'{len(want)} blocks match {truth_path}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
