/* text_rules_lists.c: the plain-text reader's rules of lists and
 * numbering: bullets, enumerators (numbers, letters, Roman numerals),
 * version numbers, section numbers and framed section lines. Each is
 * bounded as text_rules.c describes. */
#include "text_rules.h"

#include <string.h>

#include "book.h"

/* ------------------------------------------------------------------ */
/* Lists                                                               */
/* ------------------------------------------------------------------ */

/* Bytes of white space at s[i..len). */
size_t text_skip_spaces(const char *s, size_t len, size_t i)
{
  size_t start = i;
  while (i < len) {
    int32_t cp;
    size_t n = text_next_cp(s, len, i, &cp);
    if (!text_is_space(cp))
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
  sp = text_skip_spaces(s, len, n);
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
    low[i] = (char)text_ascii_lower((unsigned char)s[i]);
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
      e.alpha = text_ascii_lower((unsigned char)s[start]) - 'a' + 1;
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
  sp = text_skip_spaces(s, len, i);
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
  sp = text_skip_spaces(s, len, i);
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
  return i > 0 && i + text_skip_spaces(s, len, i) == len;
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
  a += text_skip_spaces(s, b, a);
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
