/* link.h: the one link policy both editions follow.
 *
 * A link of the article is kept (an <a href> in the EPUB, a link
 * annotation in the PDF) only when a reader can safely follow it: a web,
 * mail, FTP or telephone URL, or an anchor naming a heading of the
 * article. Everything else (javascript:, vbscript:, data:, file: and
 * every other scheme, relative paths to files the book does not hold,
 * URLs with control characters, raw or percent-encoded such as %00)
 * stays as the plain text of the link, with one warning naming the input
 * line, the same from both editions. */
#ifndef GALLEY_UTIL_LINK_H
#define GALLEY_UTIL_LINK_H

#include <stddef.h>

#include "../galley.h"
#include "buf.h"

typedef enum galley_link_kind {
  GALLEY_LINK_EMPTY,    /* nothing but white space: plain text, no warning */
  GALLEY_LINK_EXTERNAL, /* http:, https:, mailto:, ftp:, tel:, or //host */
  GALLEY_LINK_ANCHOR,   /* #id: kept when a heading of the article has the id */
  GALLEY_LINK_SCHEME,   /* refused: any other scheme (javascript:, data: ...) */
  GALLEY_LINK_RELATIVE, /* refused: a path to a file the book does not hold */
  GALLEY_LINK_CONTROL   /* refused: a control character, raw or as %00..%1F, %7F */
} galley_link_kind;

typedef struct galley_link {
  galley_link_kind kind;
  const char *url;       /* borrowed: the URL without surrounding white space */
  size_t len;            /* bytes at url */
  size_t scheme_len;     /* bytes of the scheme before ':', 0 when none */
  int protocol_relative; /* EXTERNAL: 1 for //host..., given https: */
} galley_link;

/* Classifies `url` (NUL-terminated; NULL counts as empty) into `out`,
 * which borrows from `url`. */
void galley_link_classify(const char *url, galley_link *out);

/* Appends the URI a kept EXTERNAL link points to, unescaped: "https:"
 * before a protocol-relative URL, then the URL. */
void galley_link_put_target(galley_buf *out, const galley_link *link);

/* Appends the id an ANCHOR link names: the text after '#', with %XX
 * decoded. */
void galley_link_put_anchor_id(galley_buf *out, const galley_link *link);

/* Adds to `diag` the warning for a link kept as plain text at input line
 * `line`: a refused link, or an ANCHOR naming no heading. Both editions of
 * one conversion share `diag` and call this for the same link: a warning
 * already there for the same line and URL is not added again. Nothing for
 * EXTERNAL or EMPTY links. `diag` may be NULL. */
void galley_link_warn(galley_diag *diag, int line, const galley_link *link);

/* Whether the word `s` (`len` bytes, no white space, its outer quotes,
 * brackets and sentence punctuation stripped) is a URL, an e-mail address
 * or a file path: text whose characters are kept as typed, with no
 * typographic quotes, dashes or emphasis.
 *   accepts: "http://example.com/a--b", "jane.doe@example.org", "/usr/share/doc"
 *   rejects: "and/or", "don't"
 * Every word it accepts holds one of ':', '.', '@', '/' or '\\' (so a
 * word without them need not be asked: src/model/smart.c). */
int galley_link_is_address_word(const char *s, size_t len);

/* The word inside the token `s` (`len` bytes without white space): its
 * opening quotes and brackets stripped, and its closing ones and sentence
 * punctuation, a closing quote only for each opening quote stripped.
 * Returns the word's length and its offset in *out_start.
 *   "\"http://x.org/?a='1'\"," gives http://x.org/?a='1' */
size_t galley_link_trim_word(const char *s, size_t len, size_t *out_start);

#endif
