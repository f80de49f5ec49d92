/* sniff.h: whether a text that is not named as Markdown (a README saved
 * as .txt) is evidently Markdown, so that convert.c can hand it to the
 * Markdown reader instead of printing its syntax literally.
 *
 * The sniffer counts kinds of syntax that plain text does not use by
 * convention: ATX headings ("## Usage"), inline links and images
 * ("[text](url)"), reference definitions ("[1]: https://..."), fenced code,
 * code spans, strong emphasis ("**word**") and pipe tables. What plain text
 * also writes (a "#1" line, "- " or "* " bullets, "_word_" for italics,
 * "> " quoted mail, "===" underlines) is not counted as evidence. */
#ifndef GALLEY_READ_SNIFF_H
#define GALLEY_READ_SNIFF_H

#include <stddef.h>

#include "../util/buf.h"

/* What the sniffer found, each a count of occurrences. */
typedef struct galley_sniff {
  int atx_headings; /* "# Title" .. "###### Title" at a line start */
  int fences;       /* fenced code blocks, opened and closed */
  int links;        /* inline links and images "[text](url)" */
  int ref_defs;     /* reference definitions "[label]: url" */
  int code_spans;   /* `code` on one line */
  int strong;       /* **strong** or __strong__ on one line */
  int tables;       /* pipe-table delimiter rows "|---|---|" under a row */
} galley_sniff;

/* Fenced code is a strong sign on its own; otherwise ATX headings need
 * another kind beside them, and other kinds need three together. A
 * series starts at this many ATX headings; one is a plain "# note". */
#define SNIFF_ATX_SERIES 2
/* Code spans and strong emphasis count as a kind from this many: one
 * pair of backticks or asterisks can be an accident of typing. */
#define SNIFF_SPAN_MIN 2
/* Bytes of the text looked at: enough for any README's evidence, and
 * keeps the sniff of a 60 MB book short. */
#define SNIFF_SAMPLE_BYTES (256 * 1024)

/* Counts Markdown syntax in the first SNIFF_SAMPLE_BYTES of `text` (`len`
 * bytes, any content) into *out, and returns 1 when the text is evidently
 * Markdown: a fenced code block, or an ATX heading series with another
 * kind, or three kinds. Returns 0 otherwise (and for NULL text).
 * + "## Install\n\nSee [the docs](https://x.org).\n\n## Use\n"
 * - "#1 priority\n\n- one\n- two\n\n* a lone bullet\n" */
int galley_sniff_markdown(const char *text, size_t len, galley_sniff *out);

/* Appends the evidence found, as a reader would say it, to `out`:
 * "2 ATX headings, 6 links, 1 fenced code block" (kinds with a count of
 * 0 left out; "no Markdown syntax" when there are none). */
void galley_sniff_describe(const galley_sniff *s, galley_buf *out);

#endif
