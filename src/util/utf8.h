/* utf8.h: decoding, encoding and validation of UTF-8, and the character
 * classes galley's readers and writers ask about. */
#ifndef GALLEY_UTIL_UTF8_H
#define GALLEY_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define GALLEY_UTF8_REPLACEMENT 0xFFFD

/* Decodes one character from `s` (`len` > 0 bytes available). Returns the
 * number of bytes it spans (1..4) and writes the code point to *out_cp, or
 * -1 there when the bytes are not valid UTF-8 (overlong forms, surrogates
 * and values past U+10FFFF are invalid); an invalid sequence spans the
 * maximal invalid prefix, at least 1 byte, as the Unicode standard's
 * "substitution of maximal subparts" recommends. */
size_t galley_utf8_decode(const char *s, size_t len, int32_t *out_cp);

/* Steps back over the character that ends just before s[end] (end > 0):
 * returns where it starts (at most 3 continuation bytes back, never
 * before 0) and stores it, as galley_utf8_decode reads it from there, in
 * *out_cp (-1 when those bytes are not one valid character). */
size_t galley_utf8_prev(const char *s, size_t end, int32_t *out_cp);

/* Appends the UTF-8 encoding of `cp` (must be a valid scalar value). */
void galley_utf8_encode(galley_buf *buf, int32_t cp);
/* Writes the UTF-8 encoding of `cp` (U+FFFD for a value that is none)
 * to out[0..4); returns its length, 1 to 4. */
size_t galley_utf8_encode_to(char *out, int32_t cp);

/* Whether `c` is an ASCII letter, A-Z or a-z. */
static inline int galley_is_ascii_letter(unsigned char c)
{
  return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Returns 1 when all `len` bytes are valid UTF-8 with no NUL. */
int galley_utf8_is_valid(const char *s, size_t len);

/* Whether `cp` may appear in XML 1.0 text (tab, LF, CR, U+0020..U+D7FF,
 * U+E000..U+FFFD, U+10000..U+10FFFF) and is not a Unicode noncharacter
 * (U+FDD0..U+FDEF, the last two code points of every plane), which XML
 * discourages and Cairo refuses. */
int galley_utf8_is_xml_char(int32_t cp);

/* The end of the run of bytes 0x20..0x7F (printable ASCII and DEL) that
 * starts at byte `i` of the `len` bytes at `s`: `i` itself when s[i] is
 * none of them. Eight bytes at a time where it can: the fast path of the
 * passes that look at every byte of the text. */
size_t galley_utf8_ascii_run(const char *s, size_t len, size_t i);

/* 2 when the bytes at `s` + `i` begin a well-formed two-byte character
 * (U+0080..U+07FF: every one a character XML takes), else 0. */
size_t galley_utf8_two_byte(const char *s, size_t len, size_t i);

/* Number of characters (code points) in valid UTF-8. */
size_t galley_utf8_count(const char *s, size_t len);

/* Byte offset of the start of the character `n` characters into `s`
 * (clamped to `len`). */
size_t galley_utf8_offset(const char *s, size_t len, size_t n);

/* Unicode whitespace that separates words: ASCII space, tab, NBSP is NOT
 * included (it binds), U+2000..U+200A, U+3000, U+205F, U+1680. */
int galley_utf8_is_space(int32_t cp);

/* Letter and case tests of every script, from Unicode's tables (GLib's):
 * upper counts title-case digraphs (ǅ), letter counts combining marks
 * (they belong to the letter before them) and caseless letters of other
 * scripts, not digits, punctuation, symbols or spaces. */
int galley_utf8_is_upper(int32_t cp);
int galley_utf8_is_lower(int32_t cp);
int galley_utf8_is_letter(int32_t cp);
/* Dashes used as separators: hyphen-minus, en dash, em dash, U+2012,
 * U+2015, minus sign. */
int galley_utf8_is_dash(int32_t cp);

/* The value of the hexadecimal digit `c` (0-9, a-f, A-F), or -1. */
int galley_hex_digit_value(int c);

#endif
