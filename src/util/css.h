/* css.h: the one CSS tokenizer (css.c): comments, strings and nesting,
 * as CSS Syntax Level 3 has them; what a sheet means is its readers'
 * business. */
#ifndef GALLEY_UTIL_CSS_H
#define GALLEY_UTIL_CSS_H

#include <stddef.h>

/* A cursor over CSS: `len` bytes of `s` (borrowed), `pos` the next byte.
 * The scans below step over comments and strings whole. */
typedef struct galley_css_scan {
  const char *s;
  size_t len, pos;
} galley_css_scan;

/* Copies `len` bytes of `css` with each comment replaced by a space and
 * NUL bytes by spaces; strings are kept as they are. An unterminated
 * comment ends the copy. Returns a NUL-terminated copy (caller frees) and
 * writes its length to *out_len. */
char *galley_css_strip_comments(const char *css, size_t len, size_t *out_len);

/* Advances the cursor, on a quote, past the string it opens: to after the
 * closing quote, or past the line's end or to the end when it is not
 * closed. A backslash escapes the next byte. Returns whether it was
 * closed. */
int galley_css_skip_string(galley_css_scan *sc);

/* If a comment or a string starts at the cursor, advances past it (a
 * comment not closed runs to the end; a string as galley_css_skip_string)
 * and returns 1, or -1 when it was not closed; else returns 0. */
int galley_css_skip_opaque(galley_css_scan *sc);

/* Moves the cursor to the first byte of `stops` at nesting depth 0
 * (outside comments, strings, brackets and parentheses) or to the end. Returns that
 * byte, or 0 at the end. */
char galley_css_scan_to(galley_css_scan *sc, const char *stops);

/* Moves the cursor to the first byte of `stops` outside comments and
 * strings, at any nesting depth, or to the end. Returns that byte, or 0 at
 * the end. */
char galley_css_scan_to_flat(galley_css_scan *sc, const char *stops);

/* With the cursor on '{', moves it past the matching '}' (or to the end).
 * Writes the bounds of the block's body to *out_start and *out_end. */
void galley_css_scan_block(galley_css_scan *sc, size_t *out_start, size_t *out_end);

/* With the cursor on '{', moves it to the '}' that closes the block,
 * counting braces alone (outside comments and strings), so that a
 * parenthesis or bracket left open inside cannot hide the block's end; or
 * to the end. Returns whether the block was closed. */
int galley_css_skip_block(galley_css_scan *sc);

/* Whether `c` may be part of a name (an element, a class, a property):
 * an ASCII letter or digit, '-' or '_'. */
int galley_css_is_name_char(char c);

/* Whether `c` may be part of an identifier as CSS Syntax 3 reads one: a
 * name character or any byte of a non-ASCII character. */
int galley_css_is_ident_char(char c);

#endif
