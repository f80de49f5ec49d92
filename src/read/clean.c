/* clean.c: input decoding and cleaning shared by the readers (see
 * clean.h). UTF-16 and legacy 8-bit sets are converted first; then
 * invalid UTF-8, NUL and
 * XML-forbidden characters become U+FFFD, as cmark does with NUL in
 * src/blocks.c, each reported with its line and column. */
#include "clean.h"

#include <stdint.h>
#include <string.h>

#include "../util/charset.h"
#include "../util/utf8.h"

/* Bytes looked at to recognise UTF-16 without a byte-order mark. */
#define UTF16_SNIFF_BYTES 512

/* ------------------------------------------------------------------ */
/* UTF-16                                                              */
/* ------------------------------------------------------------------ */

/* Converts UTF-16 (little-endian when `le`) to UTF-8 in `out`. Unpaired
 * surrogates and an odd last byte become U+FFFD; returns how many. */
static int utf16_to_utf8(const unsigned char *s, size_t len, int le, galley_buf *out)
{
  size_t i = 0;
  int bad = 0;
  galley_buf_grow(out, len + len / 2);
  while (i + 1 < len) {
    uint32_t u = le ? (uint32_t)(s[i] | (s[i + 1] << 8)) : (uint32_t)((s[i] << 8) | s[i + 1]);
    i += 2;
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < len) {
      uint32_t v = le ? (uint32_t)(s[i] | (s[i + 1] << 8)) : (uint32_t)((s[i] << 8) | s[i + 1]);
      if (v >= 0xDC00 && v <= 0xDFFF) {
        i += 2;
        galley_utf8_encode(out, (int32_t)(0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00)));
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) {
      bad++;
      u = GALLEY_UTF8_REPLACEMENT;
    }
    galley_utf8_encode(out, (int32_t)u);
  }
  if (i < len) {
    bad++;
    galley_utf8_encode(out, GALLEY_UTF8_REPLACEMENT);
  }
  return bad;
}

/* Recognises UTF-16 without a byte-order mark: in the first bytes, ASCII
 * text shows as every other byte being zero (nine pairs in ten). Returns
 * 1 (little-endian), 2 (big-endian) or 0.
 *   accepts: "H\0e\0l\0l\0o\0"   rejects: "Hello, world" */
static int is_utf16_without_bom(const unsigned char *s, size_t len)
{
  size_t i, n = len < UTF16_SNIFF_BYTES ? len : UTF16_SNIFF_BYTES;
  size_t pairs = 0, le = 0, be = 0;
  if (n < 8)
    return 0;
  for (i = 0; i + 1 < n; i += 2) {
    pairs++;
    if (s[i] && !s[i + 1])
      le++;
    else if (!s[i] && s[i + 1])
      be++;
  }
  if (le * 10 >= pairs * 9)
    return 1;
  if (be * 10 >= pairs * 9)
    return 2;
  return 0;
}

/* ------------------------------------------------------------------ */
/* Legacy 8-bit sets                                                   */
/* ------------------------------------------------------------------ */

/* A file saved by an older editor in Windows-1252 ("caf\xE9"), Windows-1251
 * or KOI8-R (Russian) is not UTF-8: each of its letters beyond ASCII would
 * become U+FFFD, its words lost. Such a file is recognised when its bytes
 * beyond ASCII hardly ever form UTF-8 (LEGACY_INVALID_PER_VALID invalid
 * sequences or more for each valid one) and nearly all of them stand in
 * words (LEGACY_WORDLIKE_SHARE): next to an ASCII letter ("caf\xE9",
 * "\xC4sthetik") or to another such byte (a Cyrillic word is all of them).
 * Stray bytes in a UTF-8 file, or binary noise between spaces, are not
 * read so: they stay U+FFFD, each with its warning. Which set: Cyrillic
 * when most such bytes stand in runs; then Windows-1251 when the lower-
 * case half of its letters (0xE0-0xFF) is the more frequent, KOI8-R (whose
 * lower case is 0xC0-0xDF) otherwise; Latin text is Windows-1252, a
 * superset of ISO-8859-1's printable characters. iconv gives the
 * characters. */
#define LEGACY_INVALID_PER_VALID 20
#define LEGACY_WORDLIKE_SHARE 0.9

typedef struct legacy_set {
  const char *iconv_name;
  const char *name; /* as the warning names it */
} legacy_set;

static const legacy_set legacy_sets[] = {
    {"WINDOWS-1252", "Windows-1252 (Western European)"},
    {"WINDOWS-1251", "Windows-1251 (Cyrillic)"},
    {"KOI8-R", "KOI8-R (Cyrillic)"},
};

/* The legacy set the input is written in, or NULL for UTF-8 (with or
 * without faults). *line receives the line of the first byte that is not
 * UTF-8.
 *   accepts: "caf\xE9 cr\xE8me" (1252), "\xCF\xF0\xE8\xE2\xE5\xF2" (1251)
 *   rejects: "caf\xC3\xA9" (UTF-8), "Bad \xFF\xFE bytes and \xC3 here" */
static const legacy_set *legacy_set_of(const unsigned char *s, size_t len, int *line)
{
  size_t i = 0, valid = 0, invalid = 0, high = 0, wordlike = 0, in_runs = 0;
  size_t lower_1251 = 0, lower_koi8 = 0, first_bad = 0;
  *line = 0;
  while (i < len) {
    int32_t cp;
    size_t n;
    if (s[i] < 0x80) {
      /* ASCII, most of a text: eight bytes at a time while none is high */
      while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull)
          break;
        i += 8;
      }
      while (i < len && s[i] < 0x80)
        i++;
      continue;
    }
    n = galley_utf8_decode((const char *)s + i, len - i, &cp);
    if (cp >= 0) {
      valid++;
      i += n;
      continue;
    }
    if (!invalid++)
      first_bad = i;
    i += n ? n : 1;
  }
  if (invalid) {
    /* the first bad byte's line, as clean() counts lines: LF, CRLF, CR */
    int ln = 1;
    for (i = 0; i < first_bad; i++)
      if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n')))
        ln++;
    *line = ln;
  }
  if (!invalid || invalid < LEGACY_INVALID_PER_VALID * valid)
    return NULL;
  for (i = 0; i < len; i++) {
    unsigned char prev = i > 0 ? s[i - 1] : ' ', next = i + 1 < len ? s[i + 1] : ' ';
    int run;
    if (s[i] < 0x80)
      continue;
    high++;
    run = prev >= 0x80 || next >= 0x80;
    in_runs += run;
    wordlike += run || galley_is_ascii_letter(prev) || galley_is_ascii_letter(next);
    if (s[i] >= 0xE0)
      lower_1251++;
    else if (s[i] >= 0xC0)
      lower_koi8++;
  }
  if ((double)wordlike < LEGACY_WORDLIKE_SHARE * (double)high)
    return NULL;
  if (in_runs * 2 < high)
    return &legacy_sets[0];
  return lower_1251 >= lower_koi8 ? &legacy_sets[1] : &legacy_sets[2];
}

/* Appends `len` bytes of `s` in the 8-bit set to `out` as UTF-8: ASCII as
 * it is, each other byte as iconv reads it (as it is where the set has no
 * character, for clean() to replace and report). Returns 0 when iconv does
 * not know the set. */
static int legacy_to_utf8(const legacy_set *set, const unsigned char *s, size_t len,
                          galley_buf *out)
{
  char table[128][4];
  unsigned char tlen[128];
  int32_t cps[128];
  galley_buf one;
  size_t i, run = 0;
  int b;
  if (!galley_charset_upper_half(set->iconv_name, cps))
    return 0;
  galley_buf_init(&one);
  for (b = 0; b < 128; b++) {
    if (cps[b] < 0) {
      /* no character in the set: the byte goes on as it is, a lone
       * continuation byte that clean() replaces and reports with its
       * line and column */
      table[b][0] = (char)(b + 0x80);
      tlen[b] = 1;
      continue;
    }
    galley_buf_clear(&one);
    galley_utf8_encode(&one, cps[b]);
    memcpy(table[b], galley_buf_cstr(&one), one.len);
    tlen[b] = (unsigned char)one.len;
  }
  galley_buf_free(&one);
  galley_buf_grow(out, len + len / 2);
  for (i = 0; i < len; i++) {
    if (s[i] < 0x80)
      continue;
    galley_buf_put(out, (const char *)s + run, i - run);
    galley_buf_put(out, table[s[i] - 0x80], tlen[s[i] - 0x80]);
    run = i + 1;
  }
  galley_buf_put(out, (const char *)s + run, len - run);
  return 1;
}

/* ------------------------------------------------------------------ */
/* Cleaning                                                            */
/* ------------------------------------------------------------------ */

typedef struct clean_state {
  galley_diag *diag; /* borrowed; may be NULL */
  int reported;      /* warnings wanted so far, given or not */
} clean_state;

static void warn(clean_state *st, int line, int col, int32_t cp)
{
  if (st->diag && st->reported < GALLEY_CLEAN_MAX_WARNINGS) {
    if (cp < 0)
      galley_diag_add(st->diag, line, col, "invalid UTF-8 replaced by U+FFFD");
    else if (cp == 0)
      galley_diag_add(st->diag, line, col, "NUL character replaced by U+FFFD");
    else
      galley_diag_add(st->diag, line, col,
                      "%s U+%04X (not allowed in XML) replaced by U+FFFD",
                      cp < 0x20 ? "control character" : "noncharacter", (unsigned)cp);
  }
  st->reported++;
}

/* The column (1-based, in characters) of byte `i` of a line starting at
 * byte `line_start`, counted as clean() steps: one for each ASCII byte,
 * one for each sequence galley_utf8_decode takes, valid or not. Asked
 * only when a warning names it. */
static int column_of(const char *text, size_t len, size_t line_start, size_t i)
{
  int col = 1;
  size_t j = line_start;
  while (j < i) {
    int32_t cp;
    j += (unsigned char)text[j] < 0x80 ? 1 : galley_utf8_decode(text + j, len - j, &cp);
    col++;
  }
  return col;
}

static int clean(galley_buf *out, const char *text, size_t len, int first_line,
                 galley_diag *diag)
{
  const unsigned char *u = (const unsigned char *)text;
  size_t i = 0, run = 0, line_start = 0;
  int line = first_line, count = 0;
  int warned_utf8 = 0, warned_char = 0; /* on the current line */
  clean_state st;
  st.diag = diag;
  st.reported = 0;
  if (!text)
    return 0;
  galley_buf_grow(out, len);
  /* What is kept as it is (ASCII, tabs, line ends, valid characters)
   * stays in the run [run, i), copied when something is not. */
  while (i < len) {
    unsigned char c = u[i];
    int32_t cp;
    size_t n;
    if (c >= 0x20 && c < 0x80) { /* the common case */
      i = galley_utf8_ascii_run(text, len, i);
      continue;
    }
    if (c == '\t') {
      i++;
      continue;
    }
    if ((n = galley_utf8_two_byte(text, len, i)) != 0) {
      i += n; /* U+0080..U+07FF: all characters XML takes */
      continue;
    }
    if (c == '\n' || c == '\r') {
      line++;
      warned_utf8 = warned_char = 0;
      if (c == '\r' && i + 1 < len && text[i + 1] == '\n')
        i++;
      line_start = ++i;
      continue;
    }
    if (c >= 0x80) {
      n = galley_utf8_decode(text + i, len - i, &cp);
      if (cp > 0 && galley_utf8_is_xml_char(cp)) {
        i += n;
        continue;
      }
    } else {
      n = 1;
      cp = c; /* a control character: U+FFFD unless a page break */
    }
    galley_buf_put(out, text + run, i - run);
    if (c == '\f' || c == '\v') {
      /* a page break or a line tabulation of typed text (a form feed
       * between the pages of a manual, a PDF's text or an RFC) is white
       * space: nothing at a line's start or end or beside a space, a
       * space between two words */
      size_t k = i + 1;
      while (k < len && (text[k] == '\f' || text[k] == '\v'))
        k++;
      if (i > line_start && out->len > 0 && out->ptr[out->len - 1] != ' ' &&
          out->ptr[out->len - 1] != '\t' && k < len && text[k] != '\n' && text[k] != '\r' &&
          text[k] != ' ' && text[k] != '\t')
        galley_buf_putc(out, ' ');
      i = k;
      run = i;
      continue;
    }
    if (cp < 0 ? !warned_utf8++ : !warned_char++)
      warn(&st, line, column_of(text, len, line_start, i), cp);
    galley_utf8_encode(out, GALLEY_UTF8_REPLACEMENT);
    count++;
    i += n;
    run = i;
  }
  galley_buf_put(out, text + run, i - run);
  if (diag && st.reported > GALLEY_CLEAN_MAX_WARNINGS)
    galley_diag_add(diag, 0, 0, "%d more warnings of characters replaced by U+FFFD",
                    st.reported - GALLEY_CLEAN_MAX_WARNINGS);
  return count;
}

int galley_clean_text(galley_buf *out, const char *text, size_t len,
                      int first_line, galley_diag *diag)
{
  return clean(out, text, len, first_line, diag);
}

int galley_clean_string(galley_buf *out, const char *s, size_t len)
{
  return clean(out, s, len, 1, NULL);
}

int galley_clean_input(galley_buf *out, const char *text, size_t len,
                       galley_diag *diag)
{
  const unsigned char *u = (const unsigned char *)text;
  galley_buf conv = GALLEY_BUF_INIT;
  int utf16 = 0, bad, count;
  size_t skip = 0;
  if (!text)
    return 0;
  if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
    utf16 = 1;
    skip = 2;
  } else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
    utf16 = 2;
    skip = 2;
  } else if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
    skip = 3; /* a UTF-8 byte-order mark says only that this is UTF-8 */
  } else {
    utf16 = is_utf16_without_bom(u, len);
  }
  if (!utf16 && skip == 0) {
    int line;
    const legacy_set *set = legacy_set_of(u, len, &line);
    if (set && legacy_to_utf8(set, u, len, &conv)) {
      galley_diag_add(diag, line, 0, "not UTF-8: read as %s", set->name);
      count = clean(out, conv.ptr ? conv.ptr : "", conv.len, 1, diag);
      galley_buf_free(&conv);
      return count;
    }
  }
  if (!utf16)
    return clean(out, text + skip, len - skip, 1, diag);
  bad = utf16_to_utf8(u + skip, len - skip, utf16 == 1, &conv);
  galley_diag_add(diag, 0, 0, "UTF-16%s input converted to UTF-8", utf16 == 1 ? "LE" : "BE");
  if (bad)
    galley_diag_add(diag, 0, 0, "%d unpaired UTF-16 surrogate%s replaced by U+FFFD", bad,
                    bad == 1 ? "" : "s");
  count = bad + clean(out, conv.ptr ? conv.ptr : "", conv.len, 1, diag);
  galley_buf_free(&conv);
  return count;
}
