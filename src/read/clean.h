/* clean.h: what every reader does to its input bytes before reading them:
 * invalid UTF-8, NUL and the control characters XML 1.0 forbids become
 * U+FFFD, each affected line reported once. Shared by the readers so that
 * the model always holds text galley_doc_check accepts. */
#ifndef GALLEY_READ_CLEAN_H
#define GALLEY_READ_CLEAN_H

#include <stddef.h>

#include "../galley.h"
#include "../util/buf.h"

/* Most lines reported one by one before the rest are summed up in one
 * warning, so that a binary file does not print a million lines. */
#define GALLEY_CLEAN_MAX_WARNINGS 20

/* Appends `len` bytes of `text` to `out`, replacing every invalid UTF-8
 * sequence (maximal subpart), NUL and XML-forbidden character (C0 controls
 * other than tab, LF and CR; U+FFFE, U+FFFF) with U+FFFD. Line numbers
 * count LF, CRLF and CR from `first_line`; each line with a replacement
 * gets one warning in `diag` (which may be NULL), up to
 * GALLEY_CLEAN_MAX_WARNINGS. Returns the number of replacements. */
int galley_clean_text(galley_buf *out, const char *text, size_t len,
                      int first_line, galley_diag *diag);

/* Like galley_clean_text for a short string already read (a literal, a URL
 * or title from a parser that may decode entities such as "&#1;"): no
 * warnings, and `s` may be NULL (nothing appended). Returns the number of
 * replacements. */
int galley_clean_string(galley_buf *out, const char *s, size_t len);

#endif
