/* charset.h: what the bytes of an 8-bit character set stand for, as
 * iconv (glibc) reads them: for legacy-encoded input (read/clean.c) and
 * 8-bit hyphenation dictionaries (pdf/pdf_hyph.c). */
#ifndef GALLEY_UTIL_CHARSET_H
#define GALLEY_UTIL_CHARSET_H

#include <stdint.h>

/* Fills cps[b - 0x80], for each byte b from 0x80 to 0xFF of the 8-bit set
 * iconv calls `name` ("WINDOWS-1251", "KOI8-R", "ISO8859-1"), with the
 * character it stands for, or -1 where the set has none (or gives more
 * than one character). Returns 0, filling nothing, when iconv does not
 * know the set. Thread-safe (each call opens its own converter). */
int galley_charset_upper_half(const char *name, int32_t cps[128]);

#endif
