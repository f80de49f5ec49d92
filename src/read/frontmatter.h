/* frontmatter.h: the YAML-style metadata block at the top of a Markdown
 * article, and the `Key: value` lines inside it.
 *
 *   ---
 *   title: "Kazakhstan at 34"
 *   author: [Assel Satubaldina, Fatima Kemelova]
 *   keywords:
 *     - OSCE
 *     - diplomacy
 *   ---
 *
 * Only the part of YAML that metadata needs is read: one level of
 * `key: value` pairs whose values are plain, 'single-' or "double-quoted"
 * scalars (with YAML's escapes), block scalars (`|`, `>`), flow lists
 * `[a, b]` or block lists of `- item` lines, and `#` comments. Anything
 * else (nested mappings, anchors, tags) is an error that names its line,
 * rather than a guess. The plain-text reader may use
 * galley_frontmatter_parse_lines for its own `Key: value` block. */
#ifndef GALLEY_READ_FRONTMATTER_H
#define GALLEY_READ_FRONTMATTER_H

#include <stddef.h>

#include "../galley.h"

/* One value read from the block. A list gives one item per element. */
typedef struct galley_frontmatter_item {
  char *key;      /* owned; as written, trimmed (galley_doc_apply_meta
                     canonicalises case and synonyms) */
  char *value;    /* owned; valid UTF-8, XML-safe */
  int line;       /* 1-based line the value starts on */
  int list_index; /* -1 for a scalar; 0, 1, ... for the elements of a list */
} galley_frontmatter_item;

typedef struct galley_frontmatter {
  galley_frontmatter_item *items; /* owned array of `count` items */
  int count;
  int cap;
  int present;        /* 1 when a delimited block was found */
  size_t body_offset; /* bytes from the start of the text (BOM included) to
                         the first byte after the block's closing line; 0
                         when there is no block (the BOM, if any, is not
                         skipped then) */
  int body_line;      /* 1-based line number of the byte at body_offset */
} galley_frontmatter;

/* Zeroes `fm`, ready for galley_frontmatter_read or _parse_lines. */
void galley_frontmatter_init(galley_frontmatter *fm);
/* Frees the items and zeroes `fm`. NULL is accepted. */
void galley_frontmatter_free(galley_frontmatter *fm);

/* Whether `len` bytes at `text` (after an optional UTF-8 BOM) open a
 * front-matter block: a first line of exactly "---" (trailing spaces
 * allowed) that is followed by a line that is not blank. As in pandoc, a
 * "---" followed by a blank line is a thematic break, not front matter.
 *   accepts: "---\ntitle: A\n---\n"
 *   rejects: "---\n\nText"  (a rule, then a paragraph) */
int galley_frontmatter_is_present(const char *text, size_t len);

/* Reads the front-matter block at the start of `text`, if there is one,
 * into `fm` (initialised). Returns GALLEY_OK with fm->present 0 when there
 * is none. For a malformed block (a line that is neither `key: value`, a
 * list item nor a comment; an unclosed quote or bracket; a block that
 * never closes with "---" or "...") returns GALLEY_ERR_DATA with a
 * one-line message in `err` and err->line (and err->col when known) set to
 * the offending line, counted from 1 at the start of `text`; err->file is
 * left alone. `text` should already be clean UTF-8 (see clean.h); values
 * are cleaned again after escapes are decoded. */
galley_status galley_frontmatter_read(const char *text, size_t len,
                                      galley_frontmatter *fm,
                                      galley_error *err);

/* Parses `len` bytes of `key: value` lines (no delimiters) whose first
 * line is line `first_line` of the input, appending items to `fm`.
 * Errors as for galley_frontmatter_read. */
galley_status galley_frontmatter_parse_lines(const char *text, size_t len,
                                             int first_line,
                                             galley_frontmatter *fm,
                                             galley_error *err);

/* Applies the items to `doc` through galley_doc_apply_meta, in order:
 * authors are appended (whether from a list or repeated `author:` lines),
 * every element of another list is kept as one more value of its key
 * (subject, keywords), other keys replace earlier values. Unknown keys
 * are kept too. Empty values are skipped. */
void galley_frontmatter_apply(const galley_frontmatter *fm, galley_doc *doc);

#endif
