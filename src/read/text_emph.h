/* text_emph.h: emphasis typed in plain text, _words_ and *words*, and
 * reStructuredText's ``inline literals``.
 *
 * Typewritten and e-mailed text marks italics with underscores or
 * asterisks. The plain-text reader turns a marked run into an EMPH node
 * when the markers are balanced and stand at word boundaries, and leaves
 * every other underscore and asterisk as typed: snake_case, 2*3*4, a URL,
 * an e-mail address, a file path, a footnote star. Each rule is a named
 * predicate over a paragraph's normalised text (valid UTF-8), whose
 * comment gives one text it accepts (+) and one it rejects (-), checked by
 * tests/unit/test_text_emph.c. None allocates; each looks at a bounded
 * stretch around `i`. */
#ifndef GALLEY_READ_TEXT_EMPH_H
#define GALLEY_READ_TEXT_EMPH_H

#include <stddef.h>

#include "../galley.h"
#include "../util/buf.h"

/* A marked run is at most this many bytes: emphasis marks a word, a
 * title or a phrase, and the bound keeps the search for a closer (and so
 * the whole pass) linear in the paragraph's length. */
#define TEXT_EMPH_MAX_BYTES 300

/* The rule "emphasis-opener": `s[i]` is '_' or '*' at the start of a
 * word: after the start of the text, a space, a dash (typed "--" too) or
 * an opening bracket or quote, and before a letter or digit.
 *   + "_very_ good" at 0, "case--_what_?" at 6
 *   - "snake_case" at 5, "2*3*4" at 1, "a * b" at 2, "x-_y_" at 2,
 *     "_\"The Hurlers,\" St. Cleer_" at 0 (a quotation mark after it: kept
 *     as typed, as the shared fidelity check reads it) */
int text_is_emph_opener(const char *s, size_t len, size_t i);

/* The rule "emphasis-closer": `s[i]` is '_' or '*' at the end of a word:
 * after a letter, a digit or closing punctuation, and before the end, a
 * space or punctuation that is not followed by a letter (a file's
 * extension).
 *   + "_very_ good" at 5      - "_init_.py" at 5, "_very_s" at 5 */
int text_is_emph_closer(const char *s, size_t len, size_t i);

/* The rule "emphasis-not-in-address": the word holding `s[i]` is not a
 * URL, an e-mail address or a file path (util/link.h).
 *   + "see _this_ page" at 4  - "http://x.org/_a_" at 13, "/usr/_lib_/x" at 5 */
int text_is_in_address(const char *s, size_t len, size_t i);

/* The offset of the marker closing the run that an opener at `s[i]`
 * starts: the first closer of the same character within
 * TEXT_EMPH_MAX_BYTES, or `len` when there is none, or when the same
 * character first stands inside the opener's word ("_init_.py") or opens
 * another run ("_one _two_").
 *   + "_a few words_ here" at 0 gives 12   - "_unclosed text" at 0 gives len */
size_t text_find_emph_closer(const char *s, size_t len, size_t i);

/* The rule "inline-literal": reStructuredText's inline literal, which
 * plain-text documentation copies: `s[i]` opens "``" at the start of a
 * word, before a character that is not a space; returns the offset of
 * the "``" closing it (after a character that is not a space, before
 * the end, a space or punctuation) within TEXT_EMPH_MAX_BYTES, or `len`
 * when there is none. A single backquote (GNU quoting, `like this') and
 * TeX's ``quotes'' open nothing.
 *   + "call ``url_for()`` here" at 5 gives 16   - "``quoted'' words" at 0 gives len */
size_t text_find_literal_end(const char *s, size_t len, size_t i);

/* Turns every balanced, word-bounded _run_ and *run* in the TEXT nodes
 * under `root` (not the title, which is set in its own face and named as
 * typed in the metadata, not datelines) into an EMPH node holding the run
 * without its markers, and every ``run`` into a CODE node. */
void text_apply_emphasis(galley_node *root);

/* Appends s to `out` as text_apply_emphasis leaves its words: the
 * markers of each run dropped (a subtitle's metadata, which is plain
 * text). */
void text_emph_plain(const char *s, size_t len, galley_buf *out);

#endif
