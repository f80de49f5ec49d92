/* credit.c: the photo-credit rule both readers use (see credit.h): the
 * labels, the credited name, and galley_credit_find, which looks for a
 * label in a bounded tail of the text so that a long line stays linear. */
#include "credit.h"

#include <stdint.h>
#include <string.h>

#include "../util/utf8.h"
#include "lang.h"

static int is_space_byte(int c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The labels are the language tables' (lang.c). */
static size_t label_len(const text_credit_starts *st, const char *s, size_t len,
                        unsigned flags, int *out_capitalised, unsigned *out_label_flags)
{
  size_t n;
  int32_t cp;
  *out_capitalised = 0;
  *out_label_flags = 0;
  if (!s || len == 0)
    return 0;
  n = text_lang_credit_label_from(st, s, len, (flags & GALLEY_CREDIT_FOR_IMAGE) != 0,
                                  out_label_flags);
  if (n == 0)
    return 0;
  galley_utf8_decode(s, len, &cp);
  *out_capitalised = galley_utf8_is_upper(cp);
  return n;
}

size_t galley_credit_label_len(const char *s, size_t len, unsigned flags,
                               int *out_capitalised)
{
  unsigned lf;
  return label_len(NULL, s, len, flags, out_capitalised, &lf);
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
  int32_t cp;
  galley_utf8_prev(s, end, &cp);
  return cp < 0 ? GALLEY_UTF8_REPLACEMENT : cp;
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

/* galley_credit_is_name, where `lower` lets the name start with a
 * lowercase letter too (after a label that allows it). */
static int is_name(const char *s, size_t len, int lower)
{
  int32_t cp;
  size_t i;
  if (!s || len == 0 || len > GALLEY_CREDIT_MAX)
    return 0;
  next_cp(s, len, 0, &cp);
  if (!(galley_utf8_is_upper(cp) || (lower && galley_utf8_is_lower(cp)) ||
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

int galley_credit_is_name(const char *s, size_t len)
{
  return is_name(s, len, 0);
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

/* Where in text[from..end) a label may start, at the earliest. Its
 * credit is the label, then a name of at most GALLEY_CREDIT_MAX_WORDS
 * words (is_name), then perhaps a closing bracket; counted between
 * spaces alone, the words from the label on are never more than the
 * label's, the name's and one. A credit line is the whole of the rest,
 * at most line_max bytes and a full stop. So a label starts at one of
 * the last label_words + GALLEY_CREDIT_MAX_WORDS + 1 words, or within
 * line_max + 1 bytes of the end: the tail before is not searched. */
static size_t credit_search_from(const char *text, size_t from, size_t end,
                                 const text_credit_starts *st)
{
  int words = 0, max = st->label_words + GALLEY_CREDIT_MAX_WORDS + 1;
  size_t k = end, by_words = from, by_line;
  while (k > from) {
    k--;
    if (text[k] != ' ' && (k == 0 || text[k - 1] == ' ') && ++words == max) {
      by_words = k;
      break;
    }
  }
  by_line = end - from > st->line_max + 1 ? end - st->line_max - 1 : from;
  return by_words < by_line ? by_words : by_line;
}

int galley_credit_find(const char *text, size_t len, unsigned flags,
                       galley_credit *out)
{
  text_credit_starts starts;
  text_lang_credit_starts(&starts);
  return galley_credit_find_from(text, len, flags, &starts, out);
}

int galley_credit_find_from(const char *text, size_t len, unsigned flags,
                            const text_credit_starts *st, galley_credit *out)
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
  from = credit_search_from(text, from, end, st);
  for (i = from; i < end; i++) {
    size_t n, name, stop = end, start = i, cap;
    int capitalised;
    unsigned label_flags;
    int whole = 0;
    char close = 0;
    if (((unsigned char)text[i] & 0xC0) == 0x80)
      continue; /* inside a character */
    if (i > lead && !is_space_byte((unsigned char)text[i - 1]) && text[i - 1] != '(' &&
        text[i - 1] != '[')
      continue; /* a label starts a word (or follows its bracket) */
    {
      int32_t first;
      next_cp(text, end, i, &first);
      if (!text_credit_may_start(st, text_lang_fold(first)))
        continue; /* no label or credit line starts so */
    }
    n = label_len(st, text + i, end - i, flags, &capitalised, &label_flags);
    if (n == 0 && end - i <= st->line_max + 1 &&
        text_lang_is_credit_line(text + i, end - i)) {
      /* "Фото из открытых источников": a credit that names no one */
      int32_t cp;
      next_cp(text, end, i, &cp);
      capitalised = galley_utf8_is_upper(cp);
      whole = 1;
    } else if (n == 0) {
      continue;
    }
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
    name = whole ? i : i + n;
    while (name < stop && is_space_byte((unsigned char)text[name]))
      name++;
    while (stop > name && is_space_byte((unsigned char)text[stop - 1]))
      stop--;
    if (!whole &&
        !is_name(text + name, stop - name, (label_flags & TEXT_CREDIT_LOWER_NAME) != 0))
      continue;
    if ((label_flags & TEXT_CREDIT_SHORT_NAME) &&
        count_words(text + name, stop - name, TEXT_CREDIT_SHORT_NAME_WORDS) >
            TEXT_CREDIT_SHORT_NAME_WORDS)
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
