/* text_rules.c: the plain-text reader's heuristics, each a named
 * predicate on one trimmed line of valid UTF-8 (see text_rules.h for the
 * rules, with a line each accepts and rejects). Every predicate looks only
 * at a bounded start or end of the line, or stops as soon as the line is
 * too long for the rule, so that calling them on every line of a 20 MB
 * input stays linear.
 *
 * This file holds the characters and words every rule counts with, and
 * the rules of headings; the others are in text_rules_lists.c (list
 * items, numbers, sections), text_rules_names.c (bylines, names,
 * captions, credits, metadata and sign-offs) and text_rules_dates.c
 * (dates and datelines). */
#include "text_rules.h"

#include <string.h>

#include "../util/utf8.h"
#include "lang.h"

/* ------------------------------------------------------------------ */
/* Characters                                                          */
/* ------------------------------------------------------------------ */

size_t text_next_cp(const char *s, size_t len, size_t i, int32_t *out_cp)
{
  size_t n = galley_utf8_decode(s + i, len - i, out_cp);
  if (*out_cp < 0)
    *out_cp = GALLEY_UTF8_REPLACEMENT;
  return n;
}

size_t text_prev_cp(const char *s, size_t end, int32_t *out_cp)
{
  size_t start = end - 1;
  int k = 0;
  while (start > 0 && k < 3 && ((unsigned char)s[start] & 0xC0) == 0x80) {
    start--;
    k++;
  }
  text_next_cp(s, end, start, out_cp);
  return start;
}

int text_is_space(int32_t cp)
{
  return galley_utf8_is_space(cp) || cp == 0xA0;
}

int text_is_digit(int32_t cp)
{
  return cp >= '0' && cp <= '9';
}

/* An uppercase letter, or a letter of a script without case. */
int text_is_capital(int32_t cp)
{
  if (galley_utf8_is_upper(cp))
    return 1;
  return cp >= 0x80 && galley_utf8_is_letter(cp) && !galley_utf8_is_lower(cp);
}

int text_ascii_lower(int c)
{
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* Whether s[0..len) starts with `word` compared without ASCII case. */
int text_has_prefix_nocase(const char *s, size_t len, const char *word)
{
  size_t i, n = strlen(word);
  if (len < n)
    return 0;
  for (i = 0; i < n; i++)
    if (text_ascii_lower((unsigned char)s[i]) != text_ascii_lower((unsigned char)word[i]))
      return 0;
  return 1;
}

int text_equals_nocase(const char *s, size_t len, const char *word)
{
  return strlen(word) == len && text_has_prefix_nocase(s, len, word);
}

int text_is_opening_quote(int32_t cp)
{
  return cp == '"' || cp == '\'' || cp == '(' || cp == '[' || cp == 0x201C ||
         cp == 0x2018 || cp == 0x201E || cp == 0x201A || cp == 0xAB ||
         cp == 0x2039 || cp == 0x300C || cp == 0x300E;
}

int text_is_closing_quote(int32_t cp)
{
  return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D ||
         cp == 0x2019 || cp == 0xBB || cp == 0x203A || cp == 0x300D ||
         cp == 0x300F;
}

static int is_terminal_cp(int32_t cp)
{
  return cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' ||
         cp == '?' || cp == 0x2026 || cp == 0x3002 || cp == 0xFF01 ||
         cp == 0xFF1F || cp == 0xFF0C || cp == 0x061F || cp == 0x0964;
}

/* ------------------------------------------------------------------ */
/* Words and length                                                    */
/* ------------------------------------------------------------------ */

int text_count_words(const char *s, size_t len, int limit)
{
  size_t i = 0;
  int n = 0, in_word = 0;
  while (i < len) {
    int32_t cp;
    i += text_next_cp(s, len, i, &cp);
    if (text_is_space(cp)) {
      in_word = 0;
    } else if (!in_word) {
      in_word = 1;
      if (++n > limit)
        break;
    }
  }
  return n;
}

/* Characters in s, counting no further than limit + 1. */
size_t text_count_chars(const char *s, size_t len, size_t limit)
{
  size_t i, n = 0;
  for (i = 0; i < len && n <= limit; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      n++;
  return n;
}

/* Length of s without the reference marks that close it: a bracketed
 * number, perhaps several, after the sentence they cite, as an
 * encyclopedia's text copied with its notes reads ("... ancestry. [3]",
 * "... in 2011.[4][5]"). */
static size_t before_reference_marks(const char *s, size_t len)
{
  for (;;) {
    size_t k = len;
    while (k > 0 && s[k - 1] == ' ')
      k--;
    if (k < 3 || s[k - 1] != ']')
      return len;
    k--;
    if (!(s[k - 1] >= '0' && s[k - 1] <= '9'))
      return len;
    while (k > 0 && (s[k - 1] >= '0' && s[k - 1] <= '9'))
      k--;
    if (k == 0 || s[k - 1] != '[' || k - 1 == 0)
      return len;
    len = k - 1;
    while (len > 0 && s[len - 1] == ' ')
      len--;
  }
}

int text_has_terminal_punctuation(const char *s, size_t len)
{
  size_t end = before_reference_marks(s, len);
  int32_t cp;
  while (end > 0) {
    end = text_prev_cp(s, end, &cp);
    if (!text_is_closing_quote(cp))
      return is_terminal_cp(cp);
  }
  return 0;
}

int text_is_short_line(const char *s, size_t len)
{
  if (len == 0)
    return 0;
  if (text_count_chars(s, len, TEXT_HEADING_MAX_CHARS) > TEXT_HEADING_MAX_CHARS)
    return 0;
  return text_count_words(s, len, TEXT_HEADING_MAX_WORDS) <= TEXT_HEADING_MAX_WORDS;
}

/* Whether s opens with a quoted name: a double quote or guillemet, a
 * capitalised name with no punctuation in it, its closing quote, and more
 * words after it ("Social Contract" with the Free Software Community). A
 * line of speech has its punctuation inside the quotes, or no closing
 * quote on the line. */
static int starts_with_quoted_name(const char *s, size_t len)
{
  int32_t open, cp;
  size_t i = text_next_cp(s, len, 0, &open);
  if (!(open == '"' || open == 0x201C || open == 0x201E || open == 0xAB) || i >= len)
    return 0;
  text_next_cp(s, len, i, &cp);
  if (!text_is_capital(cp))
    return 0;
  while (i < len) {
    size_t n = text_next_cp(s, len, i, &cp);
    if (cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' || cp == '?' ||
        cp == 0x2026)
      return 0;
    if (cp == '"' || cp == 0x201D || cp == 0x201C || cp == 0xBB)
      return i + n + 1 < len && s[i + n] == ' ';
    i += n;
  }
  return 0;
}

int text_starts_like_heading(const char *s, size_t len)
{
  int32_t cp;
  if (len == 0)
    return 0;
  text_next_cp(s, len, 0, &cp);
  return text_is_capital(cp) || text_is_digit(cp) || starts_with_quoted_name(s, len);
}

int text_is_heading_shaped(const char *s, size_t len)
{
  return text_is_short_line(s, len) && text_starts_like_heading(s, len) &&
         !text_has_terminal_punctuation(s, len);
}

int text_introduces_quote(const char *s, size_t len)
{
  while (len > 0 && s[len - 1] == ' ')
    len--;
  return len > 1 && s[len - 1] == ':' && text_count_words(s, len, 3) >= 3;
}

static int is_double_quote(int32_t cp)
{
  return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0xAB ||
         cp == 0xBB;
}

/* The line opens and ends with a double quotation mark; writes where
 * its words start and where its closing mark is. */
static int is_one_quotation(const char *s, size_t len, size_t *out_start, size_t *out_end)
{
  int32_t first, last;
  if (len < 4)
    return 0;
  *out_start = text_next_cp(s, len, 0, &first);
  *out_end = text_prev_cp(s, len, &last);
  return is_double_quote(first) && first != 0xBB && is_double_quote(last) &&
         last != 0xAB && *out_end > *out_start;
}

size_t text_quoted_line_inner(const char *s, size_t len)
{
  int32_t before;
  size_t n, end;
  if (!is_one_quotation(s, len, &n, &end))
    return 0;
  text_prev_cp(s, end, &before);
  return before == '.' || before == '!' || before == '?' || before == 0x2026 ? n : 0;
}

int text_is_one_quotation(const char *s, size_t len)
{
  size_t n, end;
  return is_one_quotation(s, len, &n, &end);
}

int text_opens_attribution(const char *s, size_t len)
{
  int32_t cp;
  size_t i = text_next_cp(s, len, 0, &cp);
  if (cp != 0x2014 && cp != 0x2013 && cp != '-')
    return 0;
  if (i >= len || s[i] != ' ')
    return 0;
  text_next_cp(s, len, i + 1, &cp);
  return galley_utf8_is_lower(cp);
}

int text_introduces_quoted_text(const char *s, size_t len)
{
  size_t k;
  int words = 0;
  if (!text_introduces_quote(s, len))
    return 0;
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == ':'))
    len--;
  /* each of the last words, from the end: a word starts after a space */
  for (k = len; k > 0 && words < TEXT_SAYING_TAIL_WORDS; k--) {
    if (s[k - 1] != ' ')
      continue;
    if (text_lang_list_match(s + k, len - k, TEXT_LANG_LIST(saying_words)))
      return 1;
    words++;
  }
  return words < TEXT_SAYING_TAIL_WORDS && k == 0 &&
         text_lang_list_match(s, len, TEXT_LANG_LIST(saying_words)) > 0;
}

int text_has_value(const char *s, size_t len)
{
  size_t i, j;
  for (i = 1; i < len; i++) {
    if (s[i] != '=')
      continue;
    for (j = i + 1; j < len && s[j] == ' '; j++)
      ;
    if (j < len && (s[j] == '+' || s[j] == '-'))
      j++;
    if (j < len && s[j] >= '0' && s[j] <= '9')
      return 1;
  }
  return 0;
}

/* ------------------------------------------------------------------ */
/* Headings                                                            */
/* ------------------------------------------------------------------ */

int text_is_all_caps_line(const char *s, size_t len)
{
  size_t i = 0;
  int upper = 0;
  if (!text_is_short_line(s, len))
    return 0;
  while (i < len) {
    int32_t cp;
    i += text_next_cp(s, len, i, &cp);
    if (galley_utf8_is_lower(cp))
      return 0;
    if (galley_utf8_is_upper(cp))
      upper++;
  }
  return upper >= 3;
}

/* Number words that may stand for a chapter's number, lower case: cardinals
 * and ordinals of the languages in division_words below. An ordinal may
 * follow the word ("Часть первая", "Book the First", "Livre premier") or
 * stand before it ("Erstes Kapitel", "Première partie"). */
static const char *const number_words[] = {
    /* en */
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty", "first", "second", "third", "fourth", "fifth",
    "sixth", "seventh", "eighth", "ninth", "tenth", "last", "final", "thirty", "forty",
    "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    /* ru */
    "первая", "первый", "первое", "вторая", "второй", "второе", "третья", "третий",
    "третье", "четвёртая", "четвертая", "четвёртый", "четвертый", "пятая", "пятый",
    "шестая", "шестой", "седьмая", "седьмой", "восьмая", "восьмой", "девятая",
    "девятый", "десятая", "десятый", "последняя", "последний",
    /* kk */
    "бірінші", "екінші", "үшінші", "төртінші", "бесінші", "алтыншы", "жетінші",
    "сегізінші", "тоғызыншы", "оныншы",
    /* de */
    "erstes", "erster", "erste", "zweites", "zweiter", "zweite", "drittes", "dritter",
    "dritte", "viertes", "vierter", "vierte", "fünftes", "fünfter", "fünfte",
    "sechstes", "sechster", "sechste", "siebtes", "siebter", "siebte", "achtes",
    "achter", "achte", "neuntes", "neunter", "neunte", "zehntes", "zehnter", "zehnte",
    "letztes", "letzter", "letzte",
    /* fr */
    "premier", "première", "deuxième", "seconde", "second", "troisième", "quatrième",
    "cinquième", "sixième", "septième", "huitième", "neuvième", "dixième", "dernier",
    "dernière"};

/* The words that name a division of a book, by language, with the
 * division's rank. A new language is a row per word. */
static const struct {
  const char *word; /* lower case */
  text_chapter_kind kind;
} division_words[] = {
    /* en */
    {"volume", TEXT_CHAPTER_VOLUME}, {"book", TEXT_CHAPTER_PART},
    {"part", TEXT_CHAPTER_PART}, {"chapter", TEXT_CHAPTER_CHAPTER},
    {"appendix", TEXT_CHAPTER_CHAPTER}, {"section", TEXT_CHAPTER_SECTION},
    /* ru */
    {"том", TEXT_CHAPTER_VOLUME}, {"книга", TEXT_CHAPTER_PART},
    {"часть", TEXT_CHAPTER_PART}, {"глава", TEXT_CHAPTER_CHAPTER},
    {"приложение", TEXT_CHAPTER_CHAPTER}, {"раздел", TEXT_CHAPTER_SECTION},
    /* kk */
    {"кітап", TEXT_CHAPTER_PART}, {"бөлім", TEXT_CHAPTER_PART},
    {"тарау", TEXT_CHAPTER_CHAPTER}, {"қосымша", TEXT_CHAPTER_CHAPTER},
    /* de */
    {"band", TEXT_CHAPTER_VOLUME}, {"buch", TEXT_CHAPTER_PART},
    {"teil", TEXT_CHAPTER_PART}, {"kapitel", TEXT_CHAPTER_CHAPTER},
    {"anhang", TEXT_CHAPTER_CHAPTER}, {"abschnitt", TEXT_CHAPTER_SECTION},
    /* fr */
    {"tome", TEXT_CHAPTER_VOLUME}, {"livre", TEXT_CHAPTER_PART},
    {"partie", TEXT_CHAPTER_PART}, {"chapitre", TEXT_CHAPTER_CHAPTER},
    {"annexe", TEXT_CHAPTER_CHAPTER}};

int32_t text_fold_case(int32_t cp)
{
  if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
      (cp >= 0x410 && cp <= 0x42F))
    return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F)
    return cp + 0x50;
  if ((cp >= 0x100 && cp <= 0x17F) || (cp >= 0x460 && cp <= 0x52F))
    return galley_utf8_is_upper(cp) ? cp + 1 : cp;
  return cp;
}

/* Bytes of s that spell the lower-case `word` in any case, when the word
 * ends there (at the end, a space or punctuation, not a letter); else 0. */
static size_t match_word(const char *s, size_t len, const char *word)
{
  size_t i = 0, j = 0, wl = strlen(word);
  while (j < wl) {
    int32_t a, b;
    if (i >= len)
      return 0;
    i += text_next_cp(s, len, i, &a);
    j += text_next_cp(word, wl, j, &b);
    if (text_fold_case(a) != b)
      return 0;
  }
  if (i < len) {
    int32_t cp;
    text_next_cp(s, len, i, &cp);
    if (galley_utf8_is_letter(cp) || text_is_digit(cp))
      return 0;
  }
  return i;
}

/* Length of a chapter number at s: digits, Roman numerals or a number
 * word, ending at a space, a separator or the end; 0 if none. A Kazakh
 * "1-тарау" writes the number first, joined by a hyphen. */
static size_t chapter_number_len(const char *s, size_t len, int roman)
{
  size_t n = 0, k;
  while (n < len && n < 4 && s[n] >= '0' && s[n] <= '9')
    n++;
  if (n == 0 && roman)
    while (n < len && n < 8 && strchr("IVXLCivxlc", s[n]) && s[n])
      n++;
  if (n == 0 && roman && len > 0 && s[0] >= 'A' && s[0] <= 'Z' &&
      (len == 1 || s[1] == '.' || s[1] == ':'))
    n = 1; /* "Appendix A", "Приложение A." */
  if (n == 0) {
    for (k = 0; k < sizeof number_words / sizeof *number_words; k++)
      if ((n = match_word(s, len, number_words[k])) > 0)
        break;
    /* "Thirty-One", "twenty-first" */
    if (n > 0 && n + 1 < len && s[n] == '-')
      for (k = 0; k < sizeof number_words / sizeof *number_words; k++) {
        size_t m = match_word(s + n + 1, len - n - 1, number_words[k]);
        if (m > 0) {
          n += 1 + m;
          break;
        }
      }
  }
  if (n == 0)
    return 0;
  if (n < len && strchr(" .:-\xE2\xC2", s[n]) == NULL)
    return 0; /* "Partial", "Chapter 12b" */
  return n;
}

/* The division word at s (kind written to *out_kind) and its length; 0 if
 * none. */
static size_t division_word_len(const char *s, size_t len, text_chapter_kind *out_kind)
{
  size_t k, n;
  for (k = 0; k < sizeof division_words / sizeof *division_words; k++)
    if ((n = match_word(s, len, division_words[k].word)) > 0) {
      *out_kind = division_words[k].kind;
      return n;
    }
  return 0;
}

size_t text_space_at(const char *s, size_t len, size_t i)
{
  int32_t cp;
  size_t n;
  if (i >= len)
    return 0;
  n = text_next_cp(s, len, i, &cp);
  return text_is_space(cp) || cp == 0x202F ? n : 0;
}

/* i moved past the white space at s[i]. */
static size_t skip_white(const char *s, size_t len, size_t i)
{
  size_t n;
  while ((n = text_space_at(s, len, i)) > 0)
    i += n;
  return i;
}

/* Whether s[i..len) is empty, or a separator (. : – — -) and then
 * anything (a title); spaces before the separator are skipped. */
static int ends_or_separates(const char *s, size_t len, size_t i)
{
  int32_t cp;
  i = skip_white(s, len, i);
  if (i == len)
    return 1;
  text_next_cp(s, len, i, &cp);
  return cp == '.' || cp == ':' || cp == '-' || cp == 0x2013 || cp == 0x2014;
}

text_chapter_kind text_is_chapter_line(const char *s, size_t len)
{
  text_chapter_kind kind = TEXT_CHAPTER_NONE;
  size_t i, n;
  int32_t first;
  if (!text_is_short_line(s, len) || len == 0)
    return TEXT_CHAPTER_NONE;
  text_next_cp(s, len, 0, &first);
  if (!text_is_capital(first) && !text_is_digit(first))
    return TEXT_CHAPTER_NONE; /* "chapter 1 explains ..." is prose */
  if (s[len - 1] == ']' && !memchr(s, '[', len))
    return TEXT_CHAPTER_NONE; /* the end of a bracketed note: "Chapter I.]" */
  /* the word first: "Chapter 12", "Book the First", "Часть первая" */
  if ((i = division_word_len(s, len, &kind)) > 0 && text_space_at(s, len, i)) {
    i = skip_white(s, len, i);
    if ((n = match_word(s + i, len - i, "the")) > 0 && text_space_at(s, len, i + n))
      i = skip_white(s, len, i + n);
    n = chapter_number_len(s + i, len - i, 1);
    if (n > 0 && ends_or_separates(s, len, i + n))
      return kind;
  }
  /* the number first: "Erstes Kapitel", "Première partie", "1-тарау" */
  n = chapter_number_len(s, len, 0); /* not Roman: "Civil Part" */
  if (n > 0 && n < len && (text_space_at(s, len, n) || (s[n] == '-' && text_is_digit(first)))) {
    i = s[n] == '-' ? n + 1 : skip_white(s, len, n);
    if ((n = division_word_len(s + i, len - i, &kind)) > 0 && ends_or_separates(s, len, i + n))
      return kind;
  }
  return TEXT_CHAPTER_NONE;
}

int text_is_setext_underline(const char *s, size_t len)
{
  size_t i;
  if (len < 3 || (s[0] != '=' && s[0] != '-' && s[0] != '~'))
    return 0;
  for (i = 1; i < len; i++)
    if (s[i] != s[0])
      return 0;
  return s[0];
}

int text_is_bare_picture_marker(const char *s, size_t len)
{
  static const char *const words[] = {"Illustration", "Music"};
  size_t i = 1, end, k, n;
  if (len < 3 || s[0] != '[' || s[len - 1] != ']')
    return 0;
  end = len - 1;
  while (i < end && (s[i] == ' ' || s[i] == '\t'))
    i++;
  while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t'))
    end--;
  for (k = 0; k < sizeof words / sizeof words[0]; k++) {
    n = strlen(words[k]);
    if (end - i == n && memcmp(s + i, words[k], n) == 0)
      return 1;
  }
  return 0;
}

int text_illustration_caption(const char *s, size_t len, size_t *out_off, size_t *out_len)
{
  static const char marker[] = TEXT_ILLUSTRATION_MARKER;
  size_t n = sizeof marker - 1, i, end;
  if (len <= n + 1 || memcmp(s, marker, n) != 0 || s[len - 1] != ']')
    return 0;
  for (i = n; i < len - 1; i++)
    if (s[i] == ']' || s[i] == '[')
      return 0; /* "[Illustration: a] and [b]": not one marker */
  i = n;
  while (i < len - 1 && (s[i] == ' ' || s[i] == '\t'))
    i++;
  end = len - 1;
  while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t'))
    end--;
  if (end == i)
    return 0;
  *out_off = i;
  *out_len = end - i;
  return 1;
}

int text_is_rst_adornment(const char *s, size_t len)
{
  size_t i;
  if (len < 3 || !strchr(TEXT_RST_ADORNMENT_CHARS, s[0]) || s[0] == '\0')
    return 0;
  for (i = 1; i < len; i++)
    if (s[i] != s[0])
      return 0;
  return (unsigned char)s[0];
}

int text_is_thematic_break(const char *s, size_t len)
{
  size_t i = 0;
  int32_t mark = 0;
  int count = 0;
  if (len > 200)
    return 0;
  while (i < len) {
    int32_t cp;
    i += text_next_cp(s, len, i, &cp);
    if (cp == ' ' || cp == '\t')
      continue;
    if (cp == 0x2042 && len == 3) /* ⁂, an asterism on its own */
      return 1;
    if (!(cp == '*' || cp == '-' || cp == '_' || cp == '=' || cp == '#' ||
          cp == '~' || cp == 0x2022 || cp == 0xB7 || cp == 0x2013 || cp == 0x2014))
      return 0;
    if (mark && cp != mark)
      return 0;
    mark = cp;
    count++;
  }
  return count >= 3;
}

int text_is_caption_label_alone(const char *s, size_t len)
{
  while (len > 0 && s[len - 1] == ' ')
    len--;
  return len > 0 && text_lang_list_match(s, len, TEXT_LANG_LIST(caption_labels)) == len;
}

int text_is_caption_label_line(const char *s, size_t len)
{
  size_t n = text_lang_list_match(s, len, TEXT_LANG_LIST(caption_labels));
  size_t i = n;
  int32_t cp;
  if (n == 0)
    return 0;
  while (i < len && s[i] == ' ')
    i++;
  if (i == len)
    return 0;
  text_next_cp(s, len, i, &cp);
  return galley_utf8_is_letter(cp) || (cp >= '0' && cp <= '9') || text_is_opening_quote(cp);
}

/* Whether s[0..len) holds a byte of `set`. */
static int strpbrk_len(const char *s, size_t len, const char *set)
{
  size_t i;
  for (i = 0; i < len; i++)
    if (strchr(set, s[i]) && s[i])
      return 1;
  return 0;
}

int text_is_one_of(const char *s, size_t len, const char *const *list)
{
  int k;
  for (k = 0; list[k]; k++)
    if (len == strlen(list[k]) && text_lang_prefix(s, len, list[k]) == len)
      return 1;
  return 0;
}

int text_is_affiliation_line(const char *s, size_t len)
{
  size_t a = 0;
  int words = 0, newsroom = 0;
  if (len == 0 || s[len - 1] == '.' || s[len - 1] == '!' || s[len - 1] == '?' ||
      memchr(s, ':', len) || strpbrk_len(s, len, "0123456789"))
    return 0; /* a sentence; an imprint ("CAMBRIDGE: THE ABBEY PRESS, 1911") */
  while (a < len) {
    size_t b = a;
    while (b < len && s[b] != ' ')
      b++;
    if (b > a) {
      size_t e = b;
      while (e > a && (s[e - 1] == ',' || s[e - 1] == ';'))
        e--; /* "News," */
      if (++words > TEXT_AFFILIATION_MAX_WORDS)
        return 0;
      if (e > a && text_lang_is_newsroom_word(s + a, e - a))
        newsroom = 1;
    }
    a = b + 1;
  }
  return newsroom;
}

/* Bytes into a labelled caption its number starts at most ("Abbildung
 * 12"). */
#define LABEL_NUMBER_MAX_OFFSET 24

int text_is_label_caption(const char *s, size_t len)
{
  size_t n, i, digits = 0;
  int32_t cp;
  int separated = 0;
  for (i = 0; i < len && i < LABEL_NUMBER_MAX_OFFSET && !(s[i] >= '0' && s[i] <= '9'); i++)
    ;
  if (i == len || i == LABEL_NUMBER_MAX_OFFSET)
    return 0; /* no number near the start: most lines, at once */
  n = text_lang_list_match(s, len, TEXT_LANG_LIST(figure_labels));
  if (n == 0 || n + 2 > len || s[n] != ' ' ||
      text_count_chars(s, len, TEXT_TITLE_MAX_CHARS) > TEXT_TITLE_MAX_CHARS)
    return 0;
  text_next_cp(s, len, 0, &cp);
  if (!galley_utf8_is_upper(cp))
    return 0; /* "table 2 (in metres)" in running text */
  for (i = n + 1; i < len; i++) {
    if (s[i] >= '0' && s[i] <= '9')
      digits++;
    else if (!(digits && s[i] == '.' && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9'))
      break; /* "Figure 1.2" */
  }
  if (digits == 0 || digits > 3)
    return 0;
  if (i < len && s[i] >= 'a' && s[i] <= 'z' && (i + 1 >= len || s[i + 1] == ' ' || s[i + 1] == '.'))
    i++; /* "Figure 2a" */
  if (i == len)
    return 1; /* "Table 3" */
  if (s[i] == '.' || s[i] == ':') {
    separated = 1;
    i++;
  } else if (s[i] != ' ')
    return 0;
  while (i < len && s[i] == ' ')
    i++;
  if (i == len)
    return 1;
  text_next_cp(s, len, i, &cp);
  if (cp == 0x2014 || cp == 0x2013 || cp == '-')
    return 1; /* "Figure 1 — The bridge" */
  /* "Figure 1 shows ..." is a sentence: a caption's text starts with a
   * capital, a bracket or a digit, and after a bare number it does not
   * end as a sentence does */
  if (!(galley_utf8_is_upper(cp) || cp == '(' || cp == '[' || (cp >= '0' && cp <= '9')))
    return 0;
  return separated || !text_has_terminal_punctuation(s, len);
}
