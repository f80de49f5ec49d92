/* clean.h: what every reader does to its input bytes before reading them,
 * one implementation for both readers: UTF-16 and legacy 8-bit sets become
 * UTF-8, a byte-order
 * mark goes, and invalid UTF-8, NUL and the characters XML 1.0 forbids
 * become U+FFFD, each reported with its line and column. The model then
 * always holds text galley_doc_check accepts. */
#ifndef GALLEY_READ_CLEAN_H
#define GALLEY_READ_CLEAN_H

#include <stddef.h>

#include "../galley.h"
#include "../util/buf.h"

/* Most warnings given one by one before the rest are summed up in one
 * warning, so that a binary file does not print a million lines. */
#define GALLEY_CLEAN_MAX_WARNINGS 20

/* Appends the input's `len` bytes at `text` to `out` as clean UTF-8:
 *   - UTF-16 (by its byte-order mark, or without one by the zero bytes
 *     of ASCII text in its first 512 bytes) is converted, with a warning;
 *     unpaired surrogates and an odd last byte become U+FFFD;
 *   - a UTF-8 byte-order mark is dropped;
 *   - otherwise, input whose bytes beyond ASCII are almost never UTF-8 and
 *     stand in words is read as Windows-1252, Windows-1251 or KOI8-R
 *     (clean.c says how), with a warning naming the set;
 *   - then everything is cleaned as by galley_clean_text from line 1.
 * Line endings (LF, CRLF, CR) are kept as they are. Returns the number of
 * characters replaced by U+FFFD. `text` may be NULL when `len` is 0. */
int galley_clean_input(galley_buf *out, const char *text, size_t len,
                       galley_diag *diag);

/* Appends `len` bytes of `text` to `out`, replacing every invalid UTF-8
 * sequence (maximal subpart), NUL and XML-forbidden character (C0 controls
 * other than tab, LF and CR; U+FFFE, U+FFFF) with U+FFFD; a form feed or
 * a line tabulation (typed text's page break) is white space instead, no
 * warning: dropped at a line's start or end or beside a space or tab, one
 * space between two words. Lines count LF,
 * CRLF and CR from `first_line`, columns count characters from 1. A line
 * gets one warning in `diag` (which may be NULL) for its first invalid
 * UTF-8 and one for its first forbidden character, naming line and
 * column ("invalid UTF-8 replaced by U+FFFD", "NUL character replaced by
 * U+FFFD", "control character U+0001 (not allowed in XML) replaced by
 * U+FFFD", "noncharacter U+FFFE ..."),
 * up to GALLEY_CLEAN_MAX_WARNINGS and then one summary. Returns the number
 * of replacements. */
int galley_clean_text(galley_buf *out, const char *text, size_t len,
                      int first_line, galley_diag *diag);

/* Like galley_clean_text for a short string already read (a literal, a URL
 * or title from a parser that may decode entities such as "&#1;"): no
 * warnings, and `s` may be NULL (nothing appended). Returns the number of
 * replacements. */
int galley_clean_string(galley_buf *out, const char *s, size_t len);

#endif
