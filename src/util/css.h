/* css.h: the one CSS tokenizer (css.c): comments, strings and nesting,
 * as CSS Syntax Level 3 has them; what a sheet means is its readers'
 * business. */
#ifndef GALLEY_UTIL_CSS_H
#define GALLEY_UTIL_CSS_H

#include <stddef.h>

/* A cursor over comment-free CSS (galley_css_strip_comments): `len` bytes
 * of `s` (borrowed), `pos` the next byte. */
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
 * closing quote, or to the line's end or the end when it is not closed.
 * A backslash escapes the next byte. */
void galley_css_skip_string(galley_css_scan *sc);

/* Moves the cursor to the first byte of `stops` at nesting depth 0
 * (outside strings, brackets and parentheses) or to the end. Returns that
 * byte, or 0 at the end. */
char galley_css_scan_to(galley_css_scan *sc, const char *stops);

/* With the cursor on '{', moves it past the matching '}' (or to the end).
 * Writes the bounds of the block's body to *out_start and *out_end. */
void galley_css_scan_block(galley_css_scan *sc, size_t *out_start, size_t *out_end);

/* Whether `c` may be part of a name (an element, a class, a property):
 * an ASCII letter or digit, '-' or '_'. */
int galley_css_is_name_char(char c);

#endif
