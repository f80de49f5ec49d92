/* sniff.h: whether a text that is not named as Markdown (a README saved
 * as .txt) is evidently Markdown, so that convert.c can hand it to the
 * Markdown reader instead of printing its syntax literally.
 *
 * The sniffer weighs two sorts of evidence. Syntax that plain text does
 * not use by convention, and would print literally: ATX headings ("##
 * Usage"), inline links and images ("[text](url)"), reference definitions
 * ("[1]: https://..."), fenced code, code spans, strong emphasis
 * ("**word**") and pipe tables. And conventions plain text shares with
 * Markdown, which the plain-text reader sets well on its own: setext
 * underlines ("===", "---" under a line), "- " or "* " bullets, code
 * indented after a blank line, URLs in angle brackets ("<https://...>").
 * The shared ones only tip a text that has literal syntax too. What plain
 * text writes otherwise ("#1", "# make install", "_word_", "> " quoted
 * mail, "* * *", `quotes' in the GNU manner) is not counted. */
#ifndef GALLEY_READ_SNIFF_H
#define GALLEY_READ_SNIFF_H

#include <stddef.h>

#include "../util/buf.h"

/* What the sniffer found, each a count of occurrences. */
typedef struct galley_sniff {
  /* syntax plain text would print literally */
  int atx_headings; /* "# Title" .. "###### Title" at a line start */
  int fences;       /* fenced code blocks, opened and closed */
  int links;        /* inline links and images "[text](url)" */
  int ref_defs;     /* reference definitions "[label]: url" */
  int code_spans;   /* `code` on one line */
  int strong;       /* **strong** or __strong__ on one line */
  int tables;       /* pipe-table delimiter rows "|---|---|" under a row */
  /* conventions plain text shares */
  int setext_headings; /* "===" or "---" right under a line of text */
  int bullets;         /* "- ", "* " or "+ " list items */
  int indented_code;   /* blocks indented four spaces after a blank line */
  int autolinks;       /* "<https://...>", "<mailto:...>" */
  /* reStructuredText, whose literals look like code spans */
  int double_spans; /* ``literal``, a code span only where rst_marks is 0 */
  int rst_marks;    /* "`text <url>`_" references, lines ending in "::" */
} galley_sniff;

/* Fenced code is a strong sign on its own. Otherwise each kind of
 * literal syntax scores SNIFF_KIND_POINTS (one point below its minimum
 * count), each kind of shared convention one point, and a text is
 * Markdown at SNIFF_POINTS with SNIFF_KIND_POINTS of them literal, or at
 * one point more with any literal point: two "## " headings and a list,
 * a link and a setext heading, a code span beside underlined headings,
 * bullets and indented code. Literal kinds alone need two kinds, so an
 * ATX heading series needs another sign beside it: one "# note" is plain. */
#define SNIFF_KIND_POINTS 2
#define SNIFF_POINTS 3
/* A series starts at this many ATX headings. */
#define SNIFF_ATX_SERIES 2
/* Code spans and strong emphasis count fully from this many: one pair of
 * backticks or asterisks can be an accident of typing. */
#define SNIFF_SPAN_MIN 2
/* Bytes of the text looked at: enough for any README's evidence, and
 * keeps the sniff of a 60 MB book short. */
#define SNIFF_SAMPLE_BYTES (256 * 1024)

/* Counts Markdown syntax in the first SNIFF_SAMPLE_BYTES of `text` (`len`
 * bytes, any content) into *out, and returns 1 when the text is evidently
 * Markdown by the points above. Returns 0 otherwise (and for NULL text).
 * + "## Install\n\nSee [the docs](https://x.org).\n\n## Use\n"
 * - "#1 priority\n\n- one\n- two\n\n* a lone bullet\n" */
int galley_sniff_markdown(const char *text, size_t len, galley_sniff *out);

/* Appends the evidence found, as a reader would say it, to `out`:
 * "2 ATX headings, 6 links, 1 fenced code block, 4 bullet items" (kinds
 * with a count of 0 left out; "no Markdown syntax" when there are none). */
void galley_sniff_describe(const galley_sniff *s, galley_buf *out);

#endif
