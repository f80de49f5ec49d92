/* text_rules.c: the plain-text reader's heuristics, each a named
 * predicate on one trimmed line of valid UTF-8 (see text_rules.h for the
 * rules, with a line each accepts and rejects). Every predicate looks only
 * at a bounded start or end of the line, or stops as soon as the line is
 * too long for the rule, so that calling them on every line of a 20 MB
 * input stays linear. */
#include "text_rules.h"

#include <stdio.h>
#include <string.h>

#include "../util/utf8.h"
#include "book.h"
#include "credit.h"
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

static int is_space(int32_t cp)
{
  return galley_utf8_is_space(cp) || cp == 0xA0;
}

static int is_digit(int32_t cp)
{
  return cp >= '0' && cp <= '9';
}

/* An uppercase letter, or a letter of a script without case. */
static int is_capital(int32_t cp)
{
  if (galley_utf8_is_upper(cp))
    return 1;
  return cp >= 0x80 && galley_utf8_is_letter(cp) && !galley_utf8_is_lower(cp);
}

static int ascii_lower(int c)
{
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* Whether s[0..len) starts with `word` compared without ASCII case. */
static int has_prefix_nocase(const char *s, size_t len, const char *word)
{
  size_t i, n = strlen(word);
  if (len < n)
    return 0;
  for (i = 0; i < n; i++)
    if (ascii_lower((unsigned char)s[i]) != ascii_lower((unsigned char)word[i]))
      return 0;
  return 1;
}

static int equals_nocase(const char *s, size_t len, const char *word)
{
  return strlen(word) == len && has_prefix_nocase(s, len, word);
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
    if (is_space(cp)) {
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
static size_t count_chars(const char *s, size_t len, size_t limit)
{
  size_t i, n = 0;
  for (i = 0; i < len && n <= limit; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      n++;
  return n;
}

int text_has_terminal_punctuation(const char *s, size_t len)
{
  size_t end = len;
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
  if (count_chars(s, len, TEXT_HEADING_MAX_CHARS) > TEXT_HEADING_MAX_CHARS)
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
  if (!is_capital(cp))
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
  return is_capital(cp) || is_digit(cp) || starts_with_quoted_name(s, len);
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
    if (galley_utf8_is_letter(cp) || is_digit(cp))
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

/* Bytes of the white space at s[i] (a space, a tab, a no-break or narrow
 * no-break space, as typeset texts put after "Chapitre"); 0 if none. */
static size_t space_at(const char *s, size_t len, size_t i)
{
  int32_t cp;
  size_t n;
  if (i >= len)
    return 0;
  n = text_next_cp(s, len, i, &cp);
  return is_space(cp) || cp == 0x202F ? n : 0;
}

/* i moved past the white space at s[i]. */
static size_t skip_white(const char *s, size_t len, size_t i)
{
  size_t n;
  while ((n = space_at(s, len, i)) > 0)
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
  if (!is_capital(first) && !is_digit(first))
    return TEXT_CHAPTER_NONE; /* "chapter 1 explains ..." is prose */
  if (s[len - 1] == ']' && !memchr(s, '[', len))
    return TEXT_CHAPTER_NONE; /* the end of a bracketed note: "Chapter I.]" */
  /* the word first: "Chapter 12", "Book the First", "Часть первая" */
  if ((i = division_word_len(s, len, &kind)) > 0 && space_at(s, len, i)) {
    i = skip_white(s, len, i);
    if ((n = match_word(s + i, len - i, "the")) > 0 && space_at(s, len, i + n))
      i = skip_white(s, len, i + n);
    n = chapter_number_len(s + i, len - i, 1);
    if (n > 0 && ends_or_separates(s, len, i + n))
      return kind;
  }
  /* the number first: "Erstes Kapitel", "Première partie", "1-тарау" */
  n = chapter_number_len(s, len, 0); /* not Roman: "Civil Part" */
  if (n > 0 && n < len && (space_at(s, len, n) || (s[n] == '-' && is_digit(first)))) {
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

int text_illustration_caption(const char *s, size_t len, size_t *out_off, size_t *out_len)
{
  static const char marker[] = "[Illustration:";
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

/* ------------------------------------------------------------------ */
/* Lists                                                               */
/* ------------------------------------------------------------------ */

/* Bytes of white space at s[i..len). */
static size_t skip_spaces(const char *s, size_t len, size_t i)
{
  size_t start = i;
  while (i < len) {
    int32_t cp;
    size_t n = text_next_cp(s, len, i, &cp);
    if (!is_space(cp))
      break;
    i += n;
  }
  return i - start;
}

int text_is_bullet_item(const char *s, size_t len, size_t *out_marker_len,
                        int *out_strong)
{
  int32_t cp;
  size_t n, sp;
  if (len == 0)
    return 0;
  n = text_next_cp(s, len, 0, &cp);
  switch (cp) {
  case '-': case '*': case '+': case 0x2013: case 0x2014:
    *out_strong = 0;
    break;
  case 0x2022: case 0x25E6: case 0x25AA: case 0x25AB: case 0x2023:
  case 0x25CF: case 0x25CB: case 0x25A0: case 0x25A1: case 0x25BA:
  case 0x25B8: case 0x2713: case 0x2714: case 0xB7: case 0x2043:
    *out_strong = 1;
    break;
  default:
    return 0;
  }
  sp = skip_spaces(s, len, n);
  if (sp == 0 || n + sp >= len)
    return 0;
  *out_marker_len = n + sp;
  return 1;
}

/* The value of s[0..n) as a roman numeral in one case (i..mmmcmxcix, in
 * the standard subtractive form), or 0. */
static int roman_value(const char *s, size_t n)
{
  static const char *const forms[4][10] = {
      {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"},
      {"", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"},
      {"", "c", "cc", "ccc", "cd", "d", "dc", "dcc", "dccc", "cm"},
      {"", "m", "mm", "mmm", "", "", "", "", "", ""}};
  char low[16];
  size_t i, pos = 0;
  int value = 0, place, scale = 1000;
  if (n == 0 || n >= sizeof low)
    return 0;
  for (i = 0; i < n; i++)
    low[i] = (char)ascii_lower((unsigned char)s[i]);
  /* thousands first: the longest form of each place that matches */
  for (place = 3; place >= 0; place--, scale /= 10) {
    int d, best = 0;
    size_t best_len = 0;
    for (d = 1; d < 10; d++) {
      size_t fl = strlen(forms[place][d]);
      if (fl > best_len && fl <= n - pos && memcmp(low + pos, forms[place][d], fl) == 0) {
        best = d;
        best_len = fl;
      }
    }
    value += best * scale;
    pos += best_len;
  }
  return pos == n ? value : 0;
}

/* text_is_enumerator's reading; initials_ok takes a single capital with
 * "." as a letter ("B. List ...") where the caller knows the line stands
 * in a sequence of such letters. */
static int read_enumerator(const char *s, size_t len, int initials_ok, text_enum *out)
{
  size_t i = 0, start, sp;
  int digits = 0, letters = 0, upper = 0, lower = 0;
  text_enum e;
  memset(&e, 0, sizeof e);
  if (len > 0 && s[0] == '(') {
    e.delim = '(';
    i = 1;
  }
  start = i;
  while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 4) {
    e.decimal = e.decimal * 10 + (s[i] - '0');
    digits++;
    i++;
  }
  if (digits > 3)
    return 0;
  e.digits = digits > 0;
  if (digits > 0 && i < len && s[i] >= 'a' && s[i] <= 'z' && i + 1 < len &&
      (s[i + 1] == '.' || s[i + 1] == ')')) {
    e.suffix = s[i]; /* "2a." */
    i++;
  }
  if (digits == 0) {
    while (i < len && letters < 12 &&
           ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) {
      if (s[i] <= 'Z')
        upper++;
      else
        lower++;
      letters++;
      i++;
    }
    if (letters == 0 || (upper && lower))
      return 0;
    e.upper = upper > 0;
    e.roman = roman_value(s + start, (size_t)letters);
    if (letters == 1)
      e.alpha = ascii_lower((unsigned char)s[start]) - 'a' + 1;
    else if (!e.roman || e.roman >= 90)
      return 0; /* a word ("mix", "CD"), not an enumerator: lists count
                   in i, v, x and l */
  }
  if (i >= len)
    return 0;
  if (e.delim == '(') {
    if (s[i] != ')')
      return 0;
  } else if (s[i] == ')') {
    e.delim = ')';
  } else if (s[i] == '.') {
    e.delim = '.';
    if (letters == 1 && e.upper && !initials_ok)
      return 0; /* "A. Lincoln", "J. Smith": an initial */
  } else {
    return 0;
  }
  i++;
  sp = skip_spaces(s, len, i);
  if (sp == 0 || i + sp >= len)
    return 0;
  e.len = i;
  e.marker_len = i + sp;
  *out = e;
  return 1;
}

int text_is_enumerator(const char *s, size_t len, text_enum *out)
{
  return read_enumerator(s, len, 0, out);
}

int text_is_letter_clause(const char *s, size_t len, text_enum *out)
{
  text_enum e;
  if (!read_enumerator(s, len, 1, &e) || !e.upper || !e.alpha || e.delim != '.')
    return 0;
  *out = e;
  return 1;
}

int text_has_version_number(const char *s, size_t len)
{
  size_t i = 0;
  while (i < len) {
    size_t w = i, k, digits = 0, dots = 0;
    while (i < len && s[i] != ' ' && s[i] != '\t')
      i++;
    /* the word s[w..i), a trailing comma or stop dropped */
    k = i;
    if (k > w && (s[k - 1] == ',' || s[k - 1] == '.' || s[k - 1] == ';'))
      k--;
    if (w > 0 && k > w && s[w] >= '0' && s[w] <= '9' && s[k - 1] >= '0' && s[k - 1] <= '9') {
      size_t j;
      for (j = w; j < k; j++) {
        if (s[j] >= '0' && s[j] <= '9')
          digits++;
        else if (s[j] == '.' && s[j - 1] != '.')
          dots++;
        else
          break;
      }
      if (j == k && dots > 0 && digits > dots)
        return 1;
    }
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
      i++;
  }
  return 0;
}

int text_enum_follows(const text_enum *a, const text_enum *b)
{
  if (a->digits != b->digits || a->upper != b->upper || a->delim != b->delim)
    return 0;
  if (a->digits)
    return b->decimal == a->decimal + 1;
  return (a->alpha && b->alpha == a->alpha + 1) || (a->roman && b->roman == a->roman + 1);
}

int text_is_numbered_item(const char *s, size_t len, size_t *out_marker_len,
                          int *out_number)
{
  text_enum e;
  if (!text_is_enumerator(s, len, &e))
    return 0;
  *out_marker_len = e.marker_len;
  *out_number = e.alpha ? e.alpha : e.roman ? e.roman : e.decimal;
  return 1;
}

/* The section number opening s (text_is_section_number's groups and
 * periods): the bytes it takes, or 0 when s does not open with one.
 * Writes the number of groups and the last group's value. */
static size_t section_number_end(const char *s, size_t len, int *out_depth, int *out_last)
{
  size_t i = 0;
  int depth = 0, last = 0, dot = 0;
  while (i < len && depth < TEXT_SECTION_MAX_DEPTH) {
    int digits = 0;
    last = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 4) {
      last = last * 10 + (s[i] - '0');
      digits++;
      i++;
    }
    if (digits == 0 || digits > 3)
      return 0;
    depth++;
    dot = i < len && s[i] == '.';
    if (!dot)
      break;
    i++;
    if (i >= len || s[i] < '0' || s[i] > '9')
      break; /* the final period */
  }
  if (depth == 0 || (depth == 1 && !dot))
    return 0;
  *out_depth = depth;
  *out_last = last;
  return i;
}

int text_is_section_number(const char *s, size_t len, int *out_depth, int *out_last,
                           size_t *out_len)
{
  int depth, last;
  size_t i = section_number_end(s, len, &depth, &last), sp;
  if (i == 0 || i >= len)
    return 0;
  sp = skip_spaces(s, len, i);
  if (sp == 0 || i + sp >= len)
    return 0;
  *out_depth = depth;
  *out_last = last;
  *out_len = i + sp;
  return 1;
}

int text_is_lone_section_number(const char *s, size_t len)
{
  int depth, last;
  size_t i = section_number_end(s, len, &depth, &last);
  return i > 0 && i + skip_spaces(s, len, i) == len;
}

/* Words from which a line in capitals framed by asterisks is an
 * edition's marker ("*** END OF THE PROJECT GUTENBERG EBOOK ***"), not a
 * framed heading ("*** CHAPTER XII ***"): the marker names the edition. */
#define EDITION_MARKER_MIN_WORDS 5

static int is_frame_mark(char c)
{
  return c == '*' || c == '=' || c == '#' || c == '~' || c == '-' || c == '+';
}

int text_is_framed_heading(const char *s, size_t len, size_t *out_inner_off,
                           size_t *out_inner_len)
{
  size_t a = 0, b = len;
  char m;
  int words;
  if (len < 5 || !is_frame_mark(s[0]))
    return 0;
  m = s[0];
  while (a < len && s[a] == m)
    a++;
  while (b > a && s[b - 1] == m)
    b--;
  if (a < 2 || len - b < 2 || b <= a || (s[a] != ' ' && s[a] != '\t') ||
      (s[b - 1] != ' ' && s[b - 1] != '\t'))
    return 0; /* marks that cling to the words are markup ("**strong**") */
  a += skip_spaces(s, b, a);
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
    b--;
  if (b <= a || s[a] == m || s[b - 1] == m)
    return 0; /* "** * **": marks, no words */
  words = text_count_words(s + a, b - a, TEXT_HEADING_MAX_WORDS);
  if (!text_starts_like_heading(s + a, b - a) || words > TEXT_HEADING_MAX_WORDS)
    return 0;
  if (book_is_edition_marker(s, len) &&
      (words >= EDITION_MARKER_MIN_WORDS || memchr(s + a, ':', b - a)))
    return 0; /* "*** START OF THE PROJECT GUTENBERG EBOOK EMMA ***", "***
                 START: FULL LICENSE ***": furniture of the edition */
  *out_inner_off = a;
  *out_inner_len = b - a;
  return 1;
}

int text_is_section_line(const char *s, size_t len, int *out_depth, int *out_last)
{
  size_t off, i;
  int commas = 0;
  const char *t;
  size_t n;
  if (!text_is_section_number(s, len, out_depth, out_last, &off))
    return 0;
  t = s + off;
  n = len - off;
  if (!text_is_short_line(t, n) || !text_starts_like_heading(t, n))
    return 0;
  {
    int32_t first;
    text_next_cp(t, n, 0, &first);
    if (text_is_opening_quote(first))
      return 0; /* a quoted term: text_is_numbered_term */
  }
  /* the title's own punctuation: at most one comma, and a final period */
  for (i = 0; i < n; i++) {
    char c = t[i];
    if (c == ',')
      commas++;
    if (c == ';' || c == ':' || c == '?' || c == '!' || commas > 1)
      return 0;
    if (c == '.' && i + 1 < n)
      return 0;
  }
  return 1;
}

int text_is_numbered_term(const char *s, size_t len)
{
  int depth, last;
  size_t off;
  int32_t first;
  if (!text_is_section_number(s, len, &depth, &last, &off))
    return 0;
  text_next_cp(s, len, off, &first);
  return text_is_opening_quote(first) && first != '(' && first != '[' &&
         text_is_short_line(s + off, len - off) &&
         !text_has_terminal_punctuation(s + off, len - off);
}

/* ------------------------------------------------------------------ */
/* Bylines and names                                                   */
/* ------------------------------------------------------------------ */

static int is_particle(const char *w, size_t n)
{
  static const char *const particles[] = {
      "de", "da", "di", "du", "van", "von", "der", "den", "del", "della",
      "la", "le", "bin", "ibn", "al", "el", "y", "ter", "dos", "das"};
  size_t k;
  for (k = 0; k < sizeof particles / sizeof *particles; k++)
    if (strlen(particles[k]) == n && memcmp(w, particles[k], n) == 0)
      return 1;
  return 0;
}

/* A word of a name: starts with a capital; holds letters and ' ’ - . */
static int is_name_word(const char *w, size_t n)
{
  size_t i = 0;
  int32_t cp;
  if (n == 0)
    return 0;
  i += text_next_cp(w, n, 0, &cp);
  if (!galley_utf8_is_upper(cp) && !is_capital(cp))
    return 0;
  while (i < n) {
    i += text_next_cp(w, n, i, &cp);
    if (!(galley_utf8_is_letter(cp) || cp == '\'' || cp == 0x2019 || cp == '-' ||
          cp == '.'))
      return 0;
  }
  return 1;
}

/* Finds the next word in s[*pos..len): its start and length, skipping
 * spaces. Returns 0 at the end. */
static int next_word(const char *s, size_t len, size_t *pos, size_t *out_start,
                     size_t *out_n)
{
  size_t i = *pos + skip_spaces(s, len, *pos), start = i;
  while (i < len) {
    int32_t cp;
    size_t n = text_next_cp(s, len, i, &cp);
    if (is_space(cp))
      break;
    i += n;
  }
  if (i == start)
    return 0;
  *out_start = start;
  *out_n = i - start;
  *pos = i;
  return 1;
}

/* Whether the word at w (n bytes) joins names: "&" or a table's "and". */
static int is_and_word(const char *w, size_t n)
{
  return (n == 1 && w[0] == '&') ||
         (n > 0 && text_lang_list_match(w, n, TEXT_LANG_LIST(and_words)) == n);
}

/* Whether s[from..len) holds a word that joins names. */
static int has_and(const char *s, size_t len, size_t from)
{
  size_t pos = from, ws, wn;
  while (next_word(s, len, &pos, &ws, &wn))
    if (is_and_word(s + ws, wn))
      return 1;
  return 0;
}

/* Name words (is_name_word) in s[from..to), or -1 when another word is
 * there. */
static int count_name_words(const char *s, size_t from, size_t to)
{
  size_t pos = from, ws, wn;
  int n = 0;
  while (next_word(s, to, &pos, &ws, &wn)) {
    if (!is_name_word(s + ws, wn))
      return -1;
    n++;
  }
  return n;
}

int text_is_byline(const char *s, size_t len, size_t *out_name_off,
                   size_t *out_name_len)
{
  size_t i, names_end, pos, ws, wn, lw;
  int words = 0, name_words = 0, label;
  lw = text_lang_list_match(s, len, TEXT_LANG_LIST(byline_words));
  if (lw == 0 || lw >= len)
    return 0;
  label = s[lw - 1] == ':'; /* "Автор:", "Authors:" */
  if (!label && s[lw] != ' ')
    return 0;
  if (text_count_words(s, len, TEXT_BYLINE_MAX_WORDS) > TEXT_BYLINE_MAX_WORDS ||
      len > 160 || text_has_terminal_punctuation(s, len))
    return 0;
  i = lw + skip_spaces(s, len, lw);
  /* Where the names end: at "|", " for ", a spaced dash, or a comma that
   * is not followed by more names joined with "and" (after a label, by a
   * person's name of two words or more: "Авторы: Анна Ли, Иван Петров"). */
  names_end = len;
  for (pos = i; pos < len; pos++) {
    if (s[pos] == '|' || (pos + 5 <= len && memcmp(s + pos, " for ", 5) == 0) ||
        (pos + 2 <= len && s[pos] == ' ' && s[pos + 1] == '-') ||
        (pos + 4 <= len && memcmp(s + pos, " \xE2\x80", 3) == 0 &&
         ((unsigned char)s[pos + 3] == 0x93 || (unsigned char)s[pos + 3] == 0x94))) {
      names_end = pos;
      break;
    }
    if (s[pos] == ',' && !has_and(s, len, pos)) {
      size_t next = pos + 1;
      while (next < len && s[next] != ',')
        next++;
      if (label && count_name_words(s, pos + 1, next) >= 2)
        continue;
      names_end = pos;
      break;
    }
  }
  while (names_end > i && s[names_end - 1] == ' ')
    names_end--;
  if (names_end <= i)
    return 0;
  pos = i;
  while (next_word(s, names_end, &pos, &ws, &wn)) {
    const char *w = s + ws;
    size_t n = wn;
    if (n > 0 && w[n - 1] == ',')
      n--; /* "Jane Doe, John Roe and Ann Lee" */
    words++;
    if (n == 0)
      return 0;
    if (is_and_word(w, n)) {
      if (words == 1)
        return 0;
      continue;
    }
    if (is_particle(w, n) && words > 1)
      continue;
    if (!is_name_word(w, n))
      return 0;
    name_words++;
  }
  if (name_words == 0)
    return 0;
  /* "By March, the team ..." has one word before a long tail: a single
   * name word is a byline only when nothing follows ("By Reuters"). */
  if (name_words == 1 && names_end != len)
    return 0;
  *out_name_off = i;
  *out_name_len = names_end - i;
  return 1;
}

/* A short lowercase word that may join the words of a name or of a body's
 * name: "of", "van", "и". */
static int is_joining_word(const char *w, size_t n)
{
  int32_t cp;
  if (is_particle(w, n) || is_and_word(w, n))
    return 1;
  text_next_cp(w, n, 0, &cp);
  return galley_utf8_is_lower(cp) && count_chars(w, n, 4) <= 3;
}

size_t text_dialogue_dash(const char *s, size_t len, size_t i)
{
  int32_t cp;
  size_t n;
  if (i >= len)
    return 0;
  if (s[i] == '-')
    return i + 1 < len && s[i + 1] == '-' ? 2 : i + 1 < len && s[i + 1] == ' ' ? 1 : 0;
  n = text_next_cp(s, len, i, &cp);
  return galley_utf8_is_dash(cp) ? n : 0;
}

int text_is_dialogue_turn(const char *s, size_t len)
{
  size_t i = 0;
  while (i < len) {
    int32_t cp, next;
    size_t n = text_next_cp(s, len, i, &cp), j, dash;
    i += n;
    if (!(cp == ',' || cp == '!' || cp == '?' || cp == 0x2026 || (cp == '.' && i >= 3 &&
                                                                  s[i - 2] == '.' &&
                                                                  s[i - 3] == '.')))
      continue;
    /* a space, a dialogue dash, a space, a lowercase letter */
    j = i;
    if (j >= len || s[j] != ' ')
      continue;
    while (j < len && s[j] == ' ')
      j++;
    dash = text_dialogue_dash(s, len, j);
    if (dash == 0)
      continue;
    j += dash;
    if (j >= len || s[j] != ' ')
      continue;
    while (j < len && s[j] == ' ')
      j++;
    if (j < len) {
      text_next_cp(s, len, j, &next);
      if (galley_utf8_is_lower(next))
        return 1;
    }
  }
  return 0;
}

int text_is_dash_signature(const char *s, size_t len, size_t *out_name_off,
                           size_t *out_name_len)
{
  size_t i = 0, pos, ws = 0, wn = 0, end;
  const char *comma;
  int words = 0;
  if (len >= 2 && s[0] == '-' && s[1] == '-') {
    i = 2;
    while (i < len && s[i] == '-')
      i++;
  } else if (len >= 3 && memcmp(s, "\xE2\x80", 2) == 0 &&
             ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94)) {
    i = 3; /* an en or em dash */
  } else if (len >= 2 && s[0] == '-' && s[1] == ' ') {
    i = 1;
  } else {
    return 0;
  }
  i += skip_spaces(s, len, i);
  if (i >= len || text_has_terminal_punctuation(s + i, len - i) ||
      !text_starts_like_heading(s + i, len - i))
    return 0;
  comma = memchr(s + i, ',', len - i);
  end = comma ? (size_t)(comma - s) : len;
  pos = i;
  while (next_word(s, end, &pos, &ws, &wn)) {
    if (++words > TEXT_SIGNATURE_MAX_WORDS)
      return 0;
    if (!is_name_word(s + ws, wn) && !is_joining_word(s + ws, wn))
      return 0;
  }
  if (words == 0 || !is_name_word(s + ws, wn))
    return 0; /* a name ends in a name: not "-- The end" */
  if (comma && (words < 2 || text_count_words(comma + 1, len - end - 1,
                                              TEXT_HEADING_MAX_WORDS) > TEXT_HEADING_MAX_WORDS))
    return 0; /* a full name before the office or place; not "— Yes, sir" */
  *out_name_off = i;
  *out_name_len = end - i;
  return 1;
}

int text_is_centred_heading(const char *s, size_t len, int indent)
{
  return indent >= TEXT_CENTRED_MIN_INDENT && text_is_heading_shaped(s, len);
}

int text_is_name_line(const char *s, size_t len)
{
  size_t pos = 0, ws, wn;
  int words = 0;
  if (len > 60)
    return 0;
  while (next_word(s, len, &pos, &ws, &wn)) {
    if (!is_name_word(s + ws, wn))
      return 0;
    if (++words > 4)
      return 0;
  }
  return words >= 2;
}

/* Whether a word is only initials: capitals each followed by a period,
 * "A.", "А.Е.", "J.R.R." (a name word may carry periods too). */
static int is_initials_word(const char *w, size_t n)
{
  size_t i = 0;
  int32_t cp;
  if (n < 2)
    return 0;
  while (i < n) {
    i += text_next_cp(w, n, i, &cp);
    if (!galley_utf8_is_upper(cp) || i >= n || w[i] != '.')
      return 0;
    i++;
  }
  return 1;
}

int text_is_initialled_name(const char *s, size_t len)
{
  size_t pos = 0, ws, wn;
  int words = 0, initials = 0, turns = 0, last = -1;
  if (len > 60)
    return 0;
  while (next_word(s, len, &pos, &ws, &wn)) {
    int kind;
    if (!is_name_word(s + ws, wn) || ++words > 4)
      return 0;
    kind = is_initials_word(s + ws, wn);
    initials += kind;
    turns += last >= 0 && kind != last;
    last = kind;
  }
  /* one turn: the initials stand together, before or after the names */
  return turns == 1 && initials <= 3 && words - initials <= 2;
}

size_t text_signature_gap(const char *s, size_t len)
{
  size_t i, gap = 0;
  for (i = len; i > 0; i--) {
    if (s[i - 1] == ' ' || s[i - 1] == '\t') {
      gap++;
      continue;
    }
    if (gap >= TEXT_SIGNATURE_GAP_SPACES || (gap > 0 && memchr(s + i, '\t', gap)))
      break;
    gap = 0;
  }
  if (i == 0)
    return 0;
  return text_is_heading_shaped(s, i) && text_is_initialled_name(s + i + gap, len - i - gap)
             ? i + gap
             : 0;
}

/* ------------------------------------------------------------------ */
/* Datelines and dates                                                 */
/* ------------------------------------------------------------------ */

/* A month name of any language table (lang.c) at s; Latin names of
 * languages that capitalise months must be capitalised ("may" is a
 * verb). Returns its length and the month 1-12 in *out_month. */
static size_t month_len(const char *s, size_t len, int *out_month)
{
  return text_lang_month(s, len, 1, out_month);
}

/* Digits at s (at most `max`), their value in *out. */
static size_t digits_len(const char *s, size_t len, size_t max, int *out)
{
  size_t n = 0;
  int v = 0;
  while (n < len && n < max && s[n] >= '0' && s[n] <= '9') {
    v = v * 10 + (s[n] - '0');
    n++;
  }
  if (n < len && s[n] >= '0' && s[n] <= '9')
    return 0; /* too many digits */
  *out = v;
  return n;
}

/* A date at s in one of the forms text_is_date_line names (the day may be
 * missing when allow_no_year: "March 3"). Returns its length; y/m/d out
 * (year 0 when not given). */
static size_t date_len(const char *s, size_t len, int allow_no_year, int *y,
                       int *m, int *d)
{
  size_t i = 0, n;
  int a = 0, b = 0, c = 0;
  *y = 0;
  if ((n = month_len(s, len, m)) > 0) {
    /* March 3, 2024 | March 3 2024 | March 3 */
    i = n;
    if (i >= len || s[i] != ' ')
      return 0;
    i++;
    if ((n = digits_len(s + i, len - i, 2, d)) == 0 || *d < 1 || *d > 31)
      return 0;
    i += n;
    if (i + 1 < len && s[i] == ',' && s[i + 1] == ' ')
      n = 2;
    else if (i < len && s[i] == ' ')
      n = 1;
    else
      n = 0;
    if (n && (b = (int)digits_len(s + i + n, len - i - n, 4, &a)) == 4) {
      *y = a;
      return i + n + 4;
    }
    return allow_no_year ? i : 0;
  }
  if ((n = digits_len(s, len, 4, &a)) == 4 && n + 1 < len && s[4] == ' ') {
    /* the year first, with its word: "2019 жылғы 8 наурыз" */
    size_t w = text_lang_list_match(s + 5, len - 5, TEXT_LANG_LIST(year_words)), k;
    if (w == 0 || 5 + w + 1 >= len || s[5 + w] != ' ')
      return 0;
    i = 5 + w + 1;
    if ((n = digits_len(s + i, len - i, 2, d)) == 0 || *d < 1 || *d > 31 || i + n + 1 >= len ||
        s[i + n] != ' ' || (k = month_len(s + i + n + 1, len - i - n - 1, m)) == 0)
      return 0;
    *y = a;
    return i + n + 1 + k;
  }
  if (n == 4 && n + 6 <= len && s[4] == '-') {
    /* 2024-03-03 */
    if (digits_len(s + 5, len - 5, 2, &b) != 2 || len < 10 || s[7] != '-' ||
        digits_len(s + 8, len - 8, 2, &c) != 2)
      return 0;
    *y = a;
    *m = b;
    *d = c;
    return 10;
  }
  if (n >= 1 && n <= 2) {
    i = n;
    if (i + 1 < len && s[i] == '.' && s[i + 1] == ' ')
      i++; /* "8. März 2019" */
    else if (i < len && s[i] == '.') {
      /* 03.03.2024 */
      if (digits_len(s + i + 1, len - i - 1, 2, &b) != 2 || i + 3 >= len ||
          s[i + 3] != '.' || digits_len(s + i + 4, len - i - 4, 4, &c) != 4)
        return 0;
      *d = a;
      *m = b;
      *y = c;
      return i + 8;
    }
    if (i < len && s[i] == ' ') {
      /* 3 March 2024, 8 марта 2019 */
      size_t k = month_len(s + i + 1, len - i - 1, m);
      if (k == 0)
        return 0;
      *d = a;
      i += 1 + k;
      if (i + 5 <= len && s[i] == ' ' && digits_len(s + i + 1, len - i - 1, 4, &c) == 4) {
        *y = c;
        return i + 5;
      }
      return allow_no_year ? i : 0;
    }
  }
  return 0;
}

/* A word of the tables' list `which` at s[i..len), with the ':' and
 * spaces after it. Returns the offset after them, or i. */
static size_t skip_list_word(const char *s, size_t len, size_t i, size_t which)
{
  size_t n = text_lang_list_match(s + i, len - i, which);
  if (n == 0)
    return i;
  i += n;
  if (i < len && (s[i] == ':' || s[i] == ','))
    i++;
  return i + skip_spaces(s, len, i);
}

/* A time zone at s: two to five capitals ("GMT", "MSK"), optionally
 * with an offset after a space or none ("GMT +5", "UTC+03:00"). Returns
 * its length, or 0. */
static size_t zone_len(const char *s, size_t len)
{
  size_t i, n, o;
  int v;
  for (i = 0; i < len && i < 5 && s[i] >= 'A' && s[i] <= 'Z'; i++)
    ;
  if (i < 2 || (i < len && !(s[i] == ' ' || s[i] == '+' || s[i] == '-' || s[i] == ')' ||
                             s[i] == ',')))
    return 0;
  n = i + 1 < len && s[i] == ' ' ? i + 1 : i;
  if (n < len && (s[n] == '+' || s[n] == '-') &&
      (o = digits_len(s + n + 1, len - n - 1, 2, &v)) > 0) {
    i = n + 1 + o;
    if (i + 2 < len && s[i] == ':' && digits_len(s + i + 1, len - i - 1, 2, &v) == 2)
      i += 3;
  }
  return i;
}

/* A time at s: H:MM or HH:MM (":SS" optional), optionally "am"/"pm" and
 * a zone (zone_len) or an offset alone ("+03:00"). Returns its length,
 * or 0. */
static size_t time_len(const char *s, size_t len)
{
  size_t i, n, z;
  int v;
  if ((i = digits_len(s, len, 2, &v)) == 0 || v > 24 || i >= len || s[i] != ':')
    return 0;
  if (digits_len(s + i + 1, len - i - 1, 2, &v) != 2 || v > 59)
    return 0;
  i += 3;
  if (i + 2 < len && s[i] == ':' && digits_len(s + i + 1, len - i - 1, 2, &v) == 2)
    i += 3;
  n = i < len && s[i] == ' ' ? i + 1 : i;
  if (has_prefix_nocase(s + n, len - n, "a.m.") || has_prefix_nocase(s + n, len - n, "p.m."))
    i = n + 4;
  else if ((has_prefix_nocase(s + n, len - n, "am") || has_prefix_nocase(s + n, len - n, "pm")) &&
           (n + 2 == len || s[n + 2] == ' ' || s[n + 2] == ','))
    i = n + 2;
  if (i + 1 < len && s[i] == ' ' && (z = zone_len(s + i + 1, len - i - 1)) > 0)
    return i + 1 + z; /* "GMT", "GMT +5" */
  if (i < len && (s[i] == '+' || s[i] == '-') && (n = digits_len(s + i + 1, len - i - 1, 2, &v)) > 0) {
    i += 1 + n;
    if (i + 2 < len && s[i] == ':' && digits_len(s + i + 1, len - i - 1, 2, &v) == 2)
      i += 3;
  }
  return i;
}

/* A separator between a date and a time: ", ", " ", " | ", " at ", " в ",
 * " - ", " – ". Returns its length at s, or 0. */
static size_t date_time_sep(const char *s, size_t len)
{
  static const char *const seps[] = {", at ", " at ", ", ", " | ", " - ", " \xE2\x80\x93 ",
                                     " \xD0\xB2 ", " / ", " \xE2\x80\xA2 ", " "};
  size_t k;
  for (k = 0; k < sizeof seps / sizeof *seps; k++)
    if (has_prefix_nocase(s, len, seps[k]))
      return strlen(seps[k]);
  return 0;
}

int text_is_date_line(const char *s, size_t len, char out_iso[11])
{
  size_t i = 0, n, t, w;
  int y = 0, m = 0, d = 0, worded;
  out_iso[0] = '\0';
  if (len > 80)
    return 0;
  i = skip_list_word(s, len, 0, TEXT_LANG_LIST(date_words));
  worded = i > 0;
  w = skip_list_word(s, len, i, TEXT_LANG_LIST(weekdays));
  if (w > i)
    i = w; /* "Monday, March 3, 2024" */
  if ((t = time_len(s + i, len - i)) > 0) {
    /* "10:42 GMT", "09:40, 3 March 2025": a time first */
    i += t;
    if (i == len)
      return worded; /* a time alone only after "Published" */
    if ((n = date_time_sep(s + i, len - i)) == 0)
      return 0;
    i += n;
    i = skip_list_word(s, len, i, TEXT_LANG_LIST(weekdays));
    t = 1;
  }
  n = date_len(s + i, len - i, 0, &y, &m, &d);
  if (n == 0 || m < 1 || m > 12 || d < 1 || d > 31 || y < 1000)
    return 0;
  i += n;
  /* "2019 г.", "2019 ж.", "2019 года" */
  if (i + 1 < len && s[i] == ' ' &&
      (n = text_lang_list_match(s + i + 1, len - i - 1, TEXT_LANG_LIST(year_words))) > 0)
    i += 1 + n;
  if (i < len && t == 0 && (n = date_time_sep(s + i, len - i)) > 0 &&
      (t = time_len(s + i + n, len - i - n)) > 0)
    i += n + t; /* "03.11.2025, 09:40" */
  if (i < len && t > 0 && (n = date_time_sep(s + i, len - i)) > 0 &&
      (w = zone_len(s + i + n, len - i - n)) > 0)
    i += n + w; /* "11:17, 30 Qańtar 2026 | GMT +5" */
  if (i + 1 == len && s[i] == '.' && s[i - 1] >= '0' && s[i - 1] <= '9')
    i++; /* "OCTOBER 2, 1886.": a full stop after the year, as older print set it */
  if (i != len)
    return 0;
  out_iso[0] = (char)('0' + y / 1000);
  out_iso[1] = (char)('0' + y / 100 % 10);
  out_iso[2] = (char)('0' + y / 10 % 10);
  out_iso[3] = (char)('0' + y % 10);
  out_iso[4] = '-';
  out_iso[5] = (char)('0' + m / 10);
  out_iso[6] = (char)('0' + m % 10);
  out_iso[7] = '-';
  out_iso[8] = (char)('0' + d / 10);
  out_iso[9] = (char)('0' + d % 10);
  out_iso[10] = '\0';
  return 1;
}

/* An ALL-CAPS word of a place at s[i..len): capitals and . - ’ '; ends at
 * a space, a comma, a parenthesis or the end. Returns its length and the
 * number of letters in *out_letters; 0 if not such a word. */
static size_t caps_word_len(const char *s, size_t len, size_t i, int *out_letters)
{
  size_t start = i;
  int letters = 0;
  while (i < len) {
    int32_t cp;
    size_t n = text_next_cp(s, len, i, &cp);
    if (is_space(cp) || cp == ',' || cp == '(')
      break;
    if (galley_utf8_is_upper(cp))
      letters++;
    else if (!(cp == '.' || cp == '-' || cp == '\'' || cp == 0x2019))
      return 0;
    i += n;
  }
  *out_letters = letters;
  return letters > 0 ? i - start : 0;
}

/* A capitalised region word ("Kazakhstan", "Calif.") at s[i..len). */
static size_t region_word_len(const char *s, size_t len, size_t i)
{
  size_t start = i;
  int32_t cp;
  size_t n;
  if (i >= len)
    return 0;
  n = text_next_cp(s, len, i, &cp);
  if (!galley_utf8_is_upper(cp))
    return 0;
  i += n;
  while (i < len) {
    n = text_next_cp(s, len, i, &cp);
    if (is_space(cp) || cp == ',' || cp == '(')
      break;
    if (!(galley_utf8_is_letter(cp) || cp == '.' || cp == '-'))
      return 0;
    i += n;
  }
  return i - start;
}

/* The dash separating a dateline from the text at s[i..): spaces, a dash
 * (– — ― - or --), a space. Returns the offset after it, or 0. */
static size_t dateline_dash_end(const char *s, size_t len, size_t i)
{
  int32_t cp;
  size_t sp = skip_spaces(s, len, i), n;
  if (sp == 0 || i + sp >= len)
    return 0;
  i += sp;
  n = text_next_cp(s, len, i, &cp);
  if (!(cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == '-'))
    return 0;
  i += n;
  if (cp == '-' && i < len && s[i] == '-')
    i++;
  sp = skip_spaces(s, len, i);
  if (sp == 0 || i + sp >= len)
    return 0;
  return i + sp;
}

/* The English wire dateline of text_has_dateline. */
static int has_wire_dateline(const char *s, size_t len, size_t *out_len)
{
  size_t i = 0, n, end, lim = len < TEXT_DATELINE_MAX_BYTES ? len : TEXT_DATELINE_MAX_BYTES;
  int words = 0, letters, first_letters = 0, parts = 0, y, m, d;
  /* the place: one to four ALL-CAPS words */
  for (;;) {
    n = caps_word_len(s, lim, i, &letters);
    if (n == 0 || letters < 2)
      break;
    if (words == 0)
      first_letters = letters;
    words++;
    i += n;
    if (words == 4 || i + 1 >= lim || s[i] != ' ')
      break;
    if (caps_word_len(s, lim, i + 1, &letters) == 0 || letters < 2)
      break;
    i++;
  }
  if (words == 0 || (words == 1 && first_letters < 3))
    return 0;
  end = i;
  /* ", Region" / ", DATE", at most twice */
  while (parts < 2 && i + 2 < lim && s[i] == ',' && s[i + 1] == ' ') {
    size_t j = i + 2;
    if ((n = date_len(s + j, lim - j, 1, &y, &m, &d)) > 0) {
      j += n;
    } else if ((n = caps_word_len(s, lim, j, &letters)) > 0 && letters >= 2) {
      j += n;
    } else if ((n = region_word_len(s, lim, j)) > 0) {
      j += n;
      if (j + 1 < lim && s[j] == ' ' && (n = region_word_len(s, lim, j + 1)) > 0 &&
          dateline_dash_end(s, len, j + 1 + n))
        j += 1 + n; /* two words: "New Jersey" */
    } else {
      break;
    }
    i = end = j;
    parts++;
  }
  /* " (AP)" */
  if (i + 2 < lim && s[i] == ' ' && s[i + 1] == '(') {
    size_t j = i + 2, close = 0;
    int32_t cp;
    text_next_cp(s, lim, j, &cp);
    if (galley_utf8_is_upper(cp)) {
      for (; j < lim && j < i + 40; j++)
        if (s[j] == ')') {
          close = j;
          break;
        } else if (s[j] == '(') {
          break;
        }
    }
    if (close)
      i = end = close + 1;
  }
  if (!dateline_dash_end(s, len, end))
    return 0;
  *out_len = end;
  return 1;
}

/* Words of an agency at s[i..len): one to three words that start with a
 * capital (КАЗИНФОРМ, Kazinform, РИА Новости), each of letters, digits,
 * '-' '.' '&'; a word ends at a space or at the pattern's next literal
 * character `stop`. Writes the ends of each word to ends[] and returns
 * how many words there are (at most 3). */
static int agency_words(const char *s, size_t len, size_t i, char stop, size_t ends[3])
{
  int words = 0;
  while (words < 3 && i < len) {
    int32_t cp;
    size_t n = text_next_cp(s, len, i, &cp);
    if (!is_capital(cp) && !is_digit(cp))
      break;
    i += n;
    while (i < len) {
      n = text_next_cp(s, len, i, &cp);
      if (is_space(cp) || (stop && cp == (int32_t)(unsigned char)stop))
        break;
      if (!(galley_utf8_is_letter(cp) || is_digit(cp) || cp == '-' || cp == '&' ||
            (cp == '.' && stop != '.')))
        return words;
      i += n;
    }
    ends[words++] = i;
    if (i >= len || s[i] != ' ')
      break;
    i++;
  }
  return words;
}

/* Matches pattern p (text_has_agency_dateline) at s[i..len). Returns 1
 * and the end of the dateline (before a final dash) in *out_end. */
static int match_dateline(const char *s, size_t len, size_t i, const char *p,
                          size_t *out_end)
{
  int letters, y, m, d, k, words;
  size_t n, ends[3];
  for (; *p; p++) {
    switch (*p) {
    case 'P': /* a place: one to four ALL-CAPS words ("НУР-СУЛТАН") */
      for (words = 0; words < 4;) {
        n = caps_word_len(s, len, i, &letters);
        if (n > 0 && s[i + n - 1] == '.')
          n--; /* "АСТАНА." ends the place */
        if (n == 0 || letters < 2)
          break;
        words++;
        if (words == 1 && letters < 3 && (i + n >= len || s[i + n] != ' '))
          return 0;
        i += n;
        if (!(i + 1 < len && s[i] == ' ' && caps_word_len(s, len, i + 1, &letters) > 0 &&
              letters >= 2))
          break;
        i++;
      }
      if (words == 0 || (i > 0 && s[i - 1] == ' '))
        return 0;
      break;
    case 'D': /* a day and a month: "5 декабря", "May 14" */
      n = date_len(s + i, len - i, 1, &y, &m, &d);
      if (n == 0)
        return 0;
      i += n;
      break;
    case 'A': /* an agency; try each length against the rest */
      words = agency_words(s, len, i, p[1] == ' ' ? 0 : p[1], ends);
      for (k = 0; k < words; k++)
        if (match_dateline(s, len, ends[k], p + 1, out_end))
          return 1;
      return 0;
    case ' ':
      if (i >= len || s[i] != ' ')
        return 0;
      i++;
      break;
    case '-':
      /* the dateline ends before the dash */
      {
        size_t e = i;
        while (e > 0 && s[e - 1] == ' ')
          e--;
        if (!dateline_dash_end(s, len, e))
          return 0;
        *out_end = e;
        return p[1] == '\0';
      }
    default:
      if (i >= len || s[i] != *p)
        return 0;
      i++;
      break;
    }
  }
  /* a pattern that does not end in a dash ends at text: a space, then
   * a word */
  if (i + 1 >= len || s[i] != ' ' || s[i + 1] == ' ')
    return 0;
  *out_end = i;
  return 1;
}

int text_has_agency_dateline(const char *s, size_t len, size_t *out_len)
{
  size_t lim = len < TEXT_AGENCY_DATELINE_MAX_BYTES ? len : TEXT_AGENCY_DATELINE_MAX_BYTES;
  int l, k;
  for (l = 0; text_langs[l]; l++)
    for (k = 0; text_langs[l]->dateline_patterns && text_langs[l]->dateline_patterns[k]; k++) {
      size_t end;
      /* matched within the first lim bytes, so a long line costs no more */
      if (match_dateline(s, lim, 0, text_langs[l]->dateline_patterns[k], &end)) {
        *out_len = end;
        return 1;
      }
    }
  return 0;
}

int text_has_dateline(const char *s, size_t len, size_t *out_len)
{
  return has_wire_dateline(s, len, out_len) || text_has_agency_dateline(s, len, out_len);
}

int text_is_byline_word_line(const char *s, size_t len)
{
  size_t n = text_lang_list_match(s, len, TEXT_LANG_LIST(byline_words));
  return n > 0 && n == len;
}

int text_is_author_line(const char *s, size_t len)
{
  size_t end = len;
  if (end > 2 && s[end - 1] == ')') {
    /* " (1817)", " (1775-1817)" */
    size_t open = end - 1;
    while (open > 0 && s[open] != '(' && end - open <= 16)
      open--;
    if (s[open] != '(' || open == 0 || end - open < 6 || end - open > 16)
      return 0;
    {
      size_t j;
      int digits = 0;
      for (j = open + 1; j < end - 1; j++)
        if (s[j] >= '0' && s[j] <= '9')
          digits++;
        else if (!(s[j] == '-' || s[j] == ' ' || (unsigned char)s[j] >= 0x80))
          return 0;
      if (digits < 4)
        return 0;
    }
    end = open;
    while (end > 0 && s[end - 1] == ' ')
      end--;
  }
  return text_is_name_line(s, end);
}

/* ------------------------------------------------------------------ */
/* Captions and credits                                                */
/* ------------------------------------------------------------------ */

/* The credit rule itself is galley_credit_find (credit.c), shared with
 * the Markdown reader; these two predicates are its two outcomes for a
 * line of running text, where "Source:" and "Courtesy:" are not credit
 * labels. */

int text_is_standalone_credit(const char *s, size_t len)
{
  galley_credit c;
  if (len > GALLEY_CREDIT_TAIL_BYTES)
    return 0; /* the credit search starts in the tail: a caption precedes it */
  return galley_credit_find(s, len, 0, &c) && c.caption_len == 0;
}

int text_has_caption_credit(const char *s, size_t len, size_t *out_credit_off)
{
  galley_credit c;
  if (!galley_credit_find(s, len, 0, &c) || c.caption_len == 0)
    return 0;
  *out_credit_off = c.start;
  return 1;
}

/* ------------------------------------------------------------------ */
/* Metadata and sign-offs                                              */
/* ------------------------------------------------------------------ */

int text_is_metadata_line(const char *s, size_t len, size_t *out_key_len,
                          size_t *out_value_off)
{
  static const char *const keys[] = {
      "title",    "subtitle",   "author",  "authors",     "by",       "creator",
      "date",     "published",  "language","lang",        "publisher","rights",
      "copyright","license",    "description", "summary", "abstract", "subject",
      "keywords", "keyword",    "tags",    "identifier",  "id",       "isbn",
      "source",   "url",        "cover",   "cover-image", "cover_image"};
  size_t i = 0, k, v;
  while (i < len && i < 24 &&
         ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
          s[i] == '-' || s[i] == '_'))
    i++;
  if (i == 0 || i >= len || s[i] != ':')
    return 0;
  v = i + 1 + skip_spaces(s, len, i + 1);
  if (v >= len || v == i + 1)
    return 0;
  for (k = 0; k < sizeof keys / sizeof *keys; k++)
    if (equals_nocase(s, i, keys[k])) {
      *out_key_len = i;
      *out_value_off = v;
      return 1;
    }
  return 0;
}

int text_is_sign_off(const char *s, size_t len)
{
  static const char *const phrases[] = {
      "thank you", "thank you very much", "thank you for reading",
      "thank you for your attention", "thanks", "thanks for reading",
      "many thanks", "regards", "best regards", "kind regards", "warm regards",
      "sincerely", "yours sincerely", "sincerely yours", "yours truly",
      "yours faithfully", "cheers", "best", "best wishes", "all the best",
      "the end", "end", "ends", "fin"};
  size_t k;
  int32_t cp;
  while (len > 0) {
    size_t p = text_prev_cp(s, len, &cp);
    if (!(cp == '.' || cp == '!' || cp == ',' || cp == ' '))
      break;
    len = p;
  }
  if (len > 40)
    return 0;
  for (k = 0; k < sizeof phrases / sizeof *phrases; k++)
    if (equals_nocase(s, len, phrases[k]))
      return 1;
  return (len == 14 && memcmp(s, "Спасибо", 14) == 0) ||
         (len == 12 && memcmp(s, "Рахмет", 12) == 0);
}

int text_is_furniture_line(const char *s, size_t len)
{
  static const char *const phrases[] = {
      "advertisement", "skip advertisement", "advertisement - scroll to continue",
      "sponsored", "sponsored content", "read more", "read more here", "read next",
      "read also", "see also", "related", "related articles", "related stories",
      "related content", "more on this story", "share", "share this", "share this article",
      "share this story", "continue reading", "continue reading below",
      "story continues below", "article continues below", "subscribe",
      "sign up", "supported by", "most read", "top stories", "recommended"};
  size_t k;
  if (len > 40)
    return 0;
  if (len > 0 && s[len - 1] == ':')
    len--;
  for (k = 0; k < sizeof phrases / sizeof *phrases; k++)
    if (equals_nocase(s, len, phrases[k]))
      return 1;
  return 0;
}

int text_ends_in_html_break(const char *s, size_t len, size_t *out_len)
{
  size_t end = len;
  if (end == 0 || s[end - 1] != '>')
    return 0;
  end--;
  if (end > 0 && s[end - 1] == '/')
    end--;
  while (end > 0 && s[end - 1] == ' ')
    end--;
  if (end < 3 || (s[end - 1] | 0x20) != 'r' || (s[end - 2] | 0x20) != 'b' ||
      s[end - 3] != '<')
    return 0;
  end -= 3;
  while (end > 0 && s[end - 1] == ' ')
    end--;
  if (end == 0)
    return 0; /* a tag alone is no line of verse */
  *out_len = end;
  return 1;
}

int text_is_box_edge(const char *s, size_t len)
{
  size_t i, a = 0, b = len;
  if (len < TEXT_BOX_EDGE_MIN_CHARS || !strchr("*=#~-+", s[0]))
    return 0;
  if (s[0] == '+' && s[len - 1] == '+' && (s[1] == '-' || s[1] == '='))
    a = 1, b = len - 1; /* "+-----+": corners and a row */
  for (i = a + 1; i < b; i++)
    if (s[i] != s[a])
      return 0;
  return 1;
}

int text_is_framed_line(const char *s, size_t len, char side, size_t *out_inner_off,
                        size_t *out_inner_len)
{
  size_t i;
  if (len < 2 || s[0] != side || s[len - 1] != side || (side != '*' && side != '#' &&
                                                         side != '|'))
    return 0;
  for (i = 1; i + 1 < len && s[i] == ' '; i++)
    ;
  if (i + 1 < len && (i == 1 || s[len - 2] != ' '))
    return 0; /* "**bold**", "*emphasis*": no space inside the sides */
  *out_inner_off = 1;
  *out_inner_len = len - 2;
  return 1;
}

int text_is_copyright_line(const char *s, size_t len)
{
  size_t i;
  if (len > 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA9)
    return 1; /* "© 2020 Example Ltd" */
  if (has_prefix_nocase(s, len, "(c) "))
    return len > 4 && is_digit((unsigned char)s[4]);
  if (!has_prefix_nocase(s, len, "copyright"))
    return 0;
  i = 9;
  if (i < len && s[i] == ':')
    i++;
  if (i >= len || s[i] != ' ')
    return 0;
  i += skip_spaces(s, len, i);
  if (i >= len)
    return 0;
  return is_digit((unsigned char)s[i]) || s[i] == '[' || s[i] == '<' ||
         has_prefix_nocase(s + i, len - i, "(c)") ||
         (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA9);
}

/* Whether `m` (NUL-terminated) stands in s after a space. */
static int has_spaced(const char *s, size_t len, const char *m)
{
  size_t i, n = strlen(m);
  for (i = 1; i + n <= len; i++)
    if (s[i - 1] == ' ' && memcmp(s + i, m, n) == 0)
      return 1;
  return 0;
}

int text_has_run_in_enumeration(const char *s, size_t len)
{
  text_enum e;
  char next[3][16];
  int k, forms = 0;
  if (!text_is_enumerator(s, len, &e) || e.delim == '.' || e.suffix)
    return 0;
  if (e.digits && e.decimal < 998)
    snprintf(next[forms++], sizeof next[0], "%s%d)", e.delim == '(' ? "(" : "", e.decimal + 1);
  if (e.alpha && e.alpha < 26)
    snprintf(next[forms++], sizeof next[0], "%s%c)", e.delim == '(' ? "(" : "",
             (e.upper ? 'A' : 'a') + e.alpha);
  if (e.roman == 1)
    snprintf(next[forms++], sizeof next[0], "%s%s)", e.delim == '(' ? "(" : "",
             e.upper ? "II" : "ii");
  if (len > TEXT_RUN_IN_MAX_BYTES)
    len = TEXT_RUN_IN_MAX_BYTES;
  for (k = 0; k < forms; k++)
    if (has_spaced(s + e.marker_len, len - e.marker_len, next[k]))
      return 1;
  return 0;
}

int text_has_run_in_title(const char *s, size_t len)
{
  size_t i, end = len < TEXT_RUN_IN_MAX_BYTES ? len : TEXT_RUN_IN_MAX_BYTES;
  int words = 1, letters = 0;
  int32_t cp;
  if (len == 0)
    return 0;
  text_next_cp(s, len, 0, &cp);
  if (!is_capital(cp))
    return 0;
  for (i = 0; i + 2 < end; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '.' && s[i + 1] == ' ') {
      text_next_cp(s, len, i + 2, &cp);
      return letters >= 3 && (is_capital(cp) || text_is_opening_quote(cp));
    }
    if (c == ' ') {
      if (++words > TEXT_RUN_IN_TITLE_MAX_WORDS)
        return 0;
      letters = 0;
    } else if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
               c == '(' || c == '"') {
      return 0; /* a sentence, not a title */
    } else if ((c & 0xC0) != 0x80) {
      letters++;
    }
  }
  return 0;
}
