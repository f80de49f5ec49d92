"""tests/source_words.py: a plain-text source's markup that galley sets
as something other than words, folded away before the source's words are
compared with an edition's (tests/corpus/check, tests/pdf/check_pdf.py,
tests/epub/epub_test.sh): a plain text's ``inline literals``, a
transcriber's picture markers, and the "<br>" ending a line of verse.

    fold_plain_text(text) -> text    all three, in that order
"""
import re


INLINE_LITERAL = re.compile(r"(?<![\w`])``(?=[^\s`])(.{1,300}?)(?<=\S)``(?![\w`])", re.S)


def strip_inline_literals(text):
    """A plain text's ``inline literals`` (reStructuredText's, which plain
    documentation copies) are set as code: their backquotes are markup,
    not words, as a Markdown text's backticks are. Not inside a literal
    block (the lines indented under a paragraph ending in "::"), which is
    set as typed."""
    out, prose = [], []
    margin, armed, block = 0, False, False
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip())
        if line.strip():
            if (block or armed) and indent > margin:
                block, armed = True, False
            else:
                block = armed = False
        elif block or line_ends_literal_mark(prose):
            armed = not block
        if block or (armed and not line.strip()):
            out.append(INLINE_LITERAL.sub(r"\1", "\n".join(prose)))
            prose = []
            out.append(line)
            continue
        if line.strip():
            margin = indent if not prose or not prose[-1].strip() else min(margin, indent)
        prose.append(line)
    out.append(INLINE_LITERAL.sub(r"\1", "\n".join(prose)))
    return "\n".join(out)


PICTURE_MARKER = re.compile(r"\[Illustration:\s*([^\[\]]*?\S)\s*\]")
BARE_MARKER = re.compile(r"(?m)^[ \t]*\[[ \t]*(?:Illustration|Music)[ \t]*\][ \t\r]*$")


def strip_picture_markers(text):
    """A transcriber's "[Illustration: caption]" marks where a picture
    stood; its label and brackets are the transcriber's, the caption is
    the book's: an editor sets the caption alone. A headpiece whose
    caption only repeats the heading under it stays as typed. A bare
    "[Illustration]" (or "[Music]") on a line of its own has no caption:
    nothing is set for it."""
    def caption(m):
        rest = text[m.end():].lstrip()
        nxt = rest.split("\n", 1)[0].strip()
        cap = " ".join(m.group(1).split())
        return m.group(0) if nxt.casefold() == cap.casefold() else m.group(1)
    return BARE_MARKER.sub("", PICTURE_MARKER.sub(caption, text))


LINE_BREAK_TAG = re.compile(r"\s*<br\s*/?>\s*$", re.I)


def strip_line_break_tags(text):
    """Verse saved from a web page ends each line in "<br>": where two
    neighbouring lines (blank lines aside) end so, the tags are markup
    that galley sets as line breaks, not words. A tag on one line alone
    stays as typed, as galley keeps it."""
    lines = text.split("\n")
    full = [i for i, line in enumerate(lines) if line.strip()]
    tagged = {i for i in full if LINE_BREAK_TAG.search(lines[i]) and LINE_BREAK_TAG.sub("", lines[i]).strip()}
    for k, i in enumerate(full):
        if i in tagged and ((k > 0 and full[k - 1] in tagged) or
                            (k + 1 < len(full) and full[k + 1] in tagged)):
            lines[i] = LINE_BREAK_TAG.sub("", lines[i])
    return "\n".join(lines)


def line_ends_literal_mark(lines):
    """Whether the last of these lines ends in "::"."""
    return bool(lines) and lines[-1].rstrip().endswith("::")


def fold_plain_text(text):
    """The source text as galley sets its words: inline literals without
    their backquotes, picture markers as their captions (bare ones as
    nothing), verse lines without their "<br>"."""
    return strip_line_break_tags(strip_picture_markers(strip_inline_literals(text)))
