/* credit.c: the photo-credit rule both readers use (see credit.h): the
 * labels, the credited name, and galley_credit_find, which looks for a
 * label in a bounded tail of the text so that a long line stays linear. */
#include "credit.h"

#include <stdint.h>
#include <string.h>

#include "../util/utf8.h"

/* Labels, lowercase ASCII. One ending in ':' may be followed directly by
 * the name; one ending in a word ("by", "of") needs a space after it.
 * `generic` labels count only for text known to describe an image. */
static const struct {
  const char *text;
  int generic;
} credit_labels[] = {
    {"photo credits:", 0},    {"photo credit:", 0},    {"image credits:", 0},
    {"image credit:", 0},     {"picture credits:", 0}, {"picture credit:", 0},
    {"photo courtesy of", 0}, {"photo courtesy:", 0},  {"image courtesy of", 0},
    {"photography:", 0},      {"photographs:", 0},     {"photograph:", 0},
    {"illustration:", 0},     {"pictures:", 0},        {"picture:", 0},
    {"photos:", 0},           {"photo:", 0},           {"images:", 0},
    {"image:", 0},            {"credits:", 0},         {"credit:", 0},
    {"photograph by", 0},     {"photos by", 0},        {"photo by", 0},
    {"image by", 0},          {"source:", 1},          {"courtesy:", 1}};

/* "Фото:" as Russian and Kazakh write it, in its three cases; the first
 * two are capitalised. */
static const char *const cyrillic_labels[] = {"\xD0\xA4\xD0\xBE\xD1\x82\xD0\xBE:",
                                              "\xD0\xA4\xD0\x9E\xD0\xA2\xD0\x9E:",
                                              "\xD1\x84\xD0\xBE\xD1\x82\xD0\xBE:"};

static int lower_ascii(int c)
{
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static int is_space_byte(int c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

size_t galley_credit_label_len(const char *s, size_t len, unsigned flags,
                               int *out_capitalised)
{
  size_t k, best = 0;
  *out_capitalised = 0;
  if (!s || len == 0)
    return 0;
  for (k = 0; k < sizeof cyrillic_labels / sizeof *cyrillic_labels; k++) {
    size_t n;
    if (s[0] != cyrillic_labels[k][0])
      continue; /* (the caller tries every word start of a long tail) */
    n = strlen(cyrillic_labels[k]);
    if (len >= n && memcmp(s, cyrillic_labels[k], n) == 0) {
      *out_capitalised = k < 2;
      return n;
    }
  }
  /* the longest label that matches, so "Photo credit:" wins over "Photo:"
   * whatever the table's order */
  for (k = 0; k < sizeof credit_labels / sizeof *credit_labels; k++) {
    const char *label = credit_labels[k].text;
    size_t n, i;
    if (lower_ascii((unsigned char)s[0]) != label[0])
      continue;
    n = strlen(label);
    if (n <= best || n > len ||
        (credit_labels[k].generic && !(flags & GALLEY_CREDIT_FOR_IMAGE)))
      continue;
    for (i = 0; i < n; i++)
      if (lower_ascii((unsigned char)s[i]) != label[i])
        break;
    if (i < n)
      continue;
    if (label[n - 1] != ':' && (n >= len || s[n] != ' '))
      continue; /* "Photo by" needs a word boundary */
    best = n;
  }
  *out_capitalised = best > 0 && s[0] >= 'A' && s[0] <= 'Z';
  return best;
}

/* Decodes the character at s[i]; a bad byte reads as U+FFFD. */
static size_t next_cp(const char *s, size_t len, size_t i, int32_t *out_cp)
{
  size_t n = galley_utf8_decode(s + i, len - i, out_cp);
  if (*out_cp < 0)
    *out_cp = GALLEY_UTF8_REPLACEMENT;
  return n;
}

/* The character ending just before s[end] (end > 0). */
static int32_t prev_cp(const char *s, size_t end)
{
  size_t start = end - 1;
  int32_t cp;
  while (start > 0 && end - start < 4 && ((unsigned char)s[start] & 0xC0) == 0x80)
    start--;
  next_cp(s, end, start, &cp);
  return cp;
}

static int is_opening_quote(int32_t cp)
{
  return cp == '"' || cp == '\'' || cp == '(' || cp == '[' || cp == 0x201C ||
         cp == 0x2018 || cp == 0x201E || cp == 0x201A || cp == 0xAB ||
         cp == 0x2039 || cp == 0x300C || cp == 0x300E;
}

/* Words (runs of non-space characters), counting no further than limit+1. */
static int count_words(const char *s, size_t len, int limit)
{
  size_t i = 0;
  int n = 0, in_word = 0;
  while (i < len && n <= limit) {
    int32_t cp;
    i += next_cp(s, len, i, &cp);
    if (galley_utf8_is_space(cp) || cp == 0xA0)
      in_word = 0;
    else if (!in_word) {
      in_word = 1;
      n++;
    }
  }
  return n;
}

int galley_credit_is_name(const char *s, size_t len)
{
  int32_t cp;
  size_t i;
  if (!s || len == 0 || len > GALLEY_CREDIT_MAX)
    return 0;
  next_cp(s, len, 0, &cp);
  if (!(galley_utf8_is_upper(cp) ||
        (cp >= 0x80 && galley_utf8_is_letter(cp) && !galley_utf8_is_lower(cp)) ||
        (cp >= '0' && cp <= '9') || cp == 0xA9 || is_opening_quote(cp)))
    return 0;
  if (count_words(s, len, GALLEY_CREDIT_MAX_WORDS) > GALLEY_CREDIT_MAX_WORDS)
    return 0;
  for (i = 0; i + 2 < len; i++)
    if ((s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i + 1] == ' ' &&
        s[i + 2] >= 'A' && s[i + 2] <= 'Z' && i > 1 && s[i - 2] != ' ' &&
        s[i - 2] != '.')
      return 0; /* "X. Y" past an initial: a second sentence */
  cp = prev_cp(s, len);
  return cp != '?' && cp != '!' && cp != ':' && cp != ',';
}

/* Whether the white space before offset j follows a sentence end or a
 * separator: . ! ? … ) ] " ” ’ ' | / ; – —.
 *   accepts "Astana. |photo by", rejects "a |photo:". */
static int is_after_separator(const char *text, size_t j)
{
  int32_t cp;
  while (j > 0 && is_space_byte((unsigned char)text[j - 1]))
    j--;
  if (j == 0)
    return 1;
  cp = prev_cp(text, j);
  return (cp < 0x80 && cp > 0 && strchr(".!?)]\"'|/;", (int)cp) != NULL) ||
         cp == 0x2026 || cp == 0x201D || cp == 0x2019 || cp == 0x2013 ||
         cp == 0x2014;
}

int galley_credit_find(const char *text, size_t len, unsigned flags,
                       galley_credit *out)
{
  size_t i, from, end = len, lead = 0;
  if (!text)
    return 0;
  while (end > 0 && is_space_byte((unsigned char)text[end - 1]))
    end--;
  while (lead < end && is_space_byte((unsigned char)text[lead]))
    lead++;
  from = end > GALLEY_CREDIT_TAIL_BYTES ? end - GALLEY_CREDIT_TAIL_BYTES : lead;
  if (from < lead)
    from = lead;
  for (i = from; i < end; i++) {
    size_t n, name, stop = end, start = i, cap;
    int capitalised;
    char close = 0;
    if (((unsigned char)text[i] & 0xC0) == 0x80)
      continue; /* inside a character */
    if (i > lead && !is_space_byte((unsigned char)text[i - 1]) && text[i - 1] != '(' &&
        text[i - 1] != '[')
      continue; /* a label starts a word (or follows its bracket) */
    n = galley_credit_label_len(text + i, end - i, flags, &capitalised);
    if (n == 0)
      continue;
    if (i > lead && (text[i - 1] == '(' || text[i - 1] == '[')) {
      close = text[i - 1] == '(' ? ')' : ']';
      start = i - 1;
    } else if (i > lead && !(is_space_byte((unsigned char)text[i - 1]) &&
                             (capitalised || is_after_separator(text, i)))) {
      continue;
    }
    if (close) {
      /* "(Photo: AP)": the credit must close the text */
      if (text[end - 1] != close)
        continue;
      stop = end - 1;
    }
    name = i + n;
    while (name < stop && is_space_byte((unsigned char)text[name]))
      name++;
    while (stop > name && is_space_byte((unsigned char)text[stop - 1]))
      stop--;
    if (!galley_credit_is_name(text + name, stop - name))
      continue;
    cap = start;
    while (cap > 0 && is_space_byte((unsigned char)text[cap - 1]))
      cap--;
    out->caption_len = cap > lead ? cap : 0;
    out->start = start;
    out->end = end;
    out->label = i;
    out->name = name;
    out->name_end = stop;
    return 1;
  }
  return 0;
}
