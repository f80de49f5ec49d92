/* book.c: the plain-text reader's rules for books (see book.h): contents
 * lists, chapter numbers, and lines of running text that are not
 * headings. */
#include "book.h"

#include <string.h>

#include "../util/utf8.h"
#include "lang.h"
#include "text_rules.h"

/* Whether a and b are equal but for case (Latin and Cyrillic). */
static int equal_folded(const char *a, size_t alen, const char *b, size_t blen)
{
  size_t i = 0, j = 0;
  while (i < alen && j < blen) {
    int32_t x, y;
    i += text_next_cp(a, alen, i, &x);
    j += text_next_cp(b, blen, j, &y);
    if (x == 0xA0 || x == 0x202F)
      x = ' '; /* a no-break space is a space */
    if (y == 0xA0 || y == 0x202F)
      y = ' ';
    if (text_fold_case(x) != text_fold_case(y))
      return 0;
  }
  return i == alen && j == blen;
}

static int is_space(int32_t cp)
{
  return text_is_space(cp) || cp == 0x202F;
}

/* ------------------------------------------------------------------ */
/* Contents lists                                                      */
/* ------------------------------------------------------------------ */

/* s without a full stop or colon at its end and without italic
 * underscores around it. */
static void trim_title(const char *s, size_t len, size_t *out_off, size_t *out_len)
{
  size_t i = 0;
  while (len > 0 && (s[len - 1] == '.' || s[len - 1] == ':'))
    len--;
  while (len > i + 1 && s[i] == '_' && s[len - 1] == '_') {
    i++;
    len--;
  }
  while (len > i && (s[len - 1] == '.' || s[len - 1] == ':'))
    len--;
  *out_off = i;
  *out_len = len - i;
}

/* Whether s, trimmed as a title (trim_title), is one of the n titles
 * (any case). */
static int is_title_of(const char *s, size_t len, const char *const *titles, size_t n)
{
  size_t k, off, tl;
  trim_title(s, len, &off, &tl);
  for (k = 0; k < n; k++) {
    size_t n_title = strlen(titles[k]);
    /* a character matches one character, of at most 4 bytes: a longer
     * line (a paragraph) is no title, without a character compared */
    if (tl <= 4 * n_title && equal_folded(s + off, tl, titles[k], n_title))
      return 1;
  }
  return 0;
}

int book_is_contents_title(const char *s, size_t len)
{
  static const char *const titles[] = {
      "contents", "table of contents", /* en */
      "содержание", "оглавление",      /* ru */
      "мазмұны",                       /* kk */
      "inhalt", "inhaltsverzeichnis",  /* de */
      "table des matières", "sommaire"}; /* fr */
  return is_title_of(s, len, titles, sizeof titles / sizeof *titles);
}

int book_is_pictures_title(const char *s, size_t len)
{
  static const char *const titles[] = {
      "list of illustrations", "illustrations", "list of plates",   /* en */
      "список иллюстраций", "иллюстрации",                          /* ru */
      "verzeichnis der abbildungen", "abbildungen",                 /* de */
      "table des illustrations", "liste des illustrations",         /* fr */
      "table des gravures"};
  return is_title_of(s, len, titles, sizeof titles / sizeof *titles);
}

int book_is_page_column_head(const char *s, size_t len)
{
  static const char *const heads[] = {"page", "pages", "facing page", "to face page",
                                      "стр.", "стр", "seite", "p."};
  size_t k;
  for (k = 0; k < sizeof heads / sizeof *heads; k++)
    if (equal_folded(s, len, heads[k], strlen(heads[k])))
      return 1;
  return 0;
}

int book_is_contents_column_head(const char *s, size_t len)
{
  static const char *const words[] = {"chapter", "chap.", "page", "pages", "part"};
  size_t i = 0, k;
  int n = 0;
  while (i < len) {
    size_t e = i, w;
    while (e < len && s[e] != ' ')
      e++;
    for (k = 0; k < sizeof words / sizeof *words; k++) {
      w = strlen(words[k]);
      if (e - i == w && text_lang_prefix(s + i, e - i, words[k]) == w)
        break;
    }
    if (k == sizeof words / sizeof *words)
      return 0;
    n++;
    while (e < len && s[e] == ' ')
      e++;
    i = e;
  }
  return n > 0;
}

int book_ends_with_plate_page(const char *s, size_t len)
{
  static const char *const mark = "frontispiece";
  size_t n = strlen(mark), end = len;
  if (book_has_page_number(s, len))
    return 1;
  while (end > 0 && (s[end - 1] == '_' || s[end - 1] == ')' || s[end - 1] == '.'))
    end--;
  return end >= n && equal_folded(s + end - n, n, mark, n) &&
         (end == n || s[end - n - 1] == ' ' || s[end - n - 1] == '_' || s[end - n - 1] == '(');
}

/* The length of s without a trailing page number: digits or a lower-case
 * Roman numeral after dotted leaders or a gap of two or more spaces. */
static size_t strip_page_number(const char *s, size_t len)
{
  size_t end = len, gap;
  while (end > 0 && len - end <= 6 &&
         ((s[end - 1] >= '0' && s[end - 1] <= '9') || strchr("ivxlc", s[end - 1])) &&
         s[end - 1])
    end--;
  if (end == len || len - end > 6)
    return len;
  gap = end;
  while (gap > 0 && end - gap <= BOOK_LEADER_MAX_BYTES &&
         (s[gap - 1] == ' ' || s[gap - 1] == '.' || s[gap - 1] == '\t'))
    gap--;
  if (end - gap >= 2)
    return gap;
  return len;
}

int book_has_page_number(const char *s, size_t len)
{
  size_t n = strip_page_number(s, len);
  return n > 0 && n < len;
}

int book_is_contents_entry(const char *s, size_t len)
{
  size_t n = strip_page_number(s, len), i, chars = 0;
  int32_t first, last;
  if (n == 0)
    return len > 0; /* a page number alone stays with the list */
  for (i = 0; i < n && chars <= BOOK_ENTRY_MAX_CHARS; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      chars++;
  if (chars > BOOK_ENTRY_MAX_CHARS)
    return 0;
  text_next_cp(s, n, 0, &first);
  text_prev_cp(s, n, &last);
  if (galley_utf8_is_lower(first) || last == ',' || last == ';')
    return 0;
  return 1;
}

/* Bytes of a leading enumerator at s ("4.13.8.", "A.1.", "IV.", "12")
 * and the spaces after it; 0 if none. */
static size_t enumerator_len(const char *s, size_t len)
{
  size_t i = 0, n;
  int groups = 0;
  for (;;) {
    n = 0;
    while (i + n < len && n < 4 && s[i + n] >= '0' && s[i + n] <= '9')
      n++;
    if (n == 0)
      while (i + n < len && n < 6 && strchr("IVXLC", s[i + n]) && s[i + n])
        n++;
    if (n == 0 && i < len && s[i] >= 'A' && s[i] <= 'Z' && i + 1 < len && s[i + 1] == '.')
      n = 1; /* "A." of an appendix */
    if (n == 0)
      break;
    groups++;
    i += n;
    if (i < len && s[i] == '.') {
      i++;
      continue;
    }
    break;
  }
  if (groups == 0 || (i < len && !text_space_at(s, len, i)))
    return 0;
  if (i < len && s[i - 1] != '.' && !(s[0] >= '0' && s[0] <= '9'))
    return 0; /* "I went", "CHAPTER": a capital word, not a numeral */
  while ((n = text_space_at(s, len, i)) > 0)
    i += n;
  return i;
}

int book_starts_with_numeral(const char *s, size_t len)
{
  size_t n = enumerator_len(s, len);
  return n > 0 && n < len;
}

int book_starts_with_enumerator(const char *s, size_t len)
{
  size_t n = enumerator_len(s, len), i;
  for (i = 0; i < n; i++)
    if (s[i] >= '0' && s[i] <= '9')
      return 1;
  return 0; /* "A. SNODGRASS", "IV. The Storm": an initial, or a numeral alone */
}

/* The key of an entry: s without a leading division word and number, or
 * enumerator, and without a trailing page number and punctuation. */
static void entry_key(const char *s, size_t len, size_t *out_off, size_t *out_len)
{
  size_t a = 0, b = strip_page_number(s, len), k;
  if (text_is_chapter_line(s, b) != TEXT_CHAPTER_NONE) {
    /* the word, the number, then the separator */
    while (a < b && !text_space_at(s, b, a))
      a++;
    while ((k = text_space_at(s, b, a)) > 0)
      a += k;
    while (a < b && !text_space_at(s, b, a) && s[a] != '.' && s[a] != ':')
      a++;
    while (a < b && ((k = text_space_at(s, b, a)) > 0 || s[a] == '.' || s[a] == ':' ||
                     s[a] == '-'))
      a += k ? k : 1;
  } else if ((k = enumerator_len(s, b)) > 0) {
    a = k;
  }
  while (b > a && strchr(" .:;,-", s[b - 1]))
    b--;
  *out_off = a;
  *out_len = b - a;
}

int book_is_bare_chapter_line(const char *s, size_t len)
{
  size_t off, n;
  if (text_is_chapter_line(s, len) == TEXT_CHAPTER_NONE && !book_is_roman_numeral_line(s, len))
    return 0;
  entry_key(s, len, &off, &n);
  return n == 0;
}

/* Whether the division words and numbers heading two entries (the
 * first ao and bo bytes, entry_key's offsets) are the same word with
 * other numbers written alike: "BOOK ONE: 1805" and "BOOK TWO: 1805" are
 * two entries, "CHAPTER I. THE MAIL" and "Chapter 1. The Mail" one. */
static int are_other_numbers(const char *a, size_t ao, const char *b, size_t bo)
{
  size_t aw = 0, bw = 0, an, bn;
  while (ao > 0 && strchr(" .:-", a[ao - 1]))
    ao--;
  while (bo > 0 && strchr(" .:-", b[bo - 1]))
    bo--;
  while (aw < ao && a[aw] != ' ')
    aw++;
  while (bw < bo && b[bw] != ' ')
    bw++;
  if (aw == ao || bw == bo || !equal_folded(a, aw, b, bw))
    return 0;
  an = aw + 1;
  bn = bw + 1;
  if ((a[an] >= '0' && a[an] <= '9') != (b[bn] >= '0' && b[bn] <= '9'))
    return 0; /* "1" and "I": one number written two ways */
  return !equal_folded(a + an, ao - an, b + bn, bo - bn);
}

int book_is_same_entry(const char *a, size_t alen, const char *b, size_t blen)
{
  size_t ao, al, bo, bl;
  entry_key(a, alen, &ao, &al);
  entry_key(b, blen, &bo, &bl);
  if (al > 0 && bl > 0)
    return equal_folded(a + ao, al, b + bo, bl) && !are_other_numbers(a, ao, b, bo);
  if (al > 0 || bl > 0)
    return 0;
  while (alen > 0 && strchr(" .:", a[alen - 1]))
    alen--;
  while (blen > 0 && strchr(" .:", b[blen - 1]))
    blen--;
  return equal_folded(a, alen, b, blen);
}

/* ------------------------------------------------------------------ */
/* Chapter numbers                                                     */
/* ------------------------------------------------------------------ */

int book_is_unnumbered_division(const char *s, size_t len)
{
  static const char *const words[] = {
      "prologue", "epilogue", "preface", "foreword", "afterword", "postscript", /* en */
      "пролог", "эпилог", "предисловие", "послесловие",                       /* ru */
      "алғысөз", "соңғы сөз",                                                 /* kk */
      "prolog", "epilog", "vorwort", "nachwort",                               /* de */
      "épilogue", "préface", "avant-propos", "postface"};                      /* fr */
  size_t k;
  while (len > 0 && (s[len - 1] == '.' || s[len - 1] == ':'))
    len--;
  for (k = 0; k < sizeof words / sizeof *words; k++)
    if (equal_folded(s, len, words[k], strlen(words[k])))
      return 1;
  return 0;
}

int book_leading_roman_value(const char *s, size_t len)
{
  static const struct {
    char c;
    int v;
  } digits[] = {{'I', 1}, {'V', 5}, {'X', 10}, {'L', 50}, {'C', 100}};
  size_t i = 0, k;
  int total = 0, prev = 1000;
  while (i < len && i < 9) {
    int v = 0;
    for (k = 0; k < sizeof digits / sizeof *digits; k++)
      if (s[i] == digits[k].c)
        v = digits[k].v;
    if (!v)
      break;
    total += v > prev ? v - 2 * prev : v; /* IV: 1 + 5 - 2 */
    prev = v;
    i++;
  }
  if (i == 0 || i + 1 >= len || s[i] != '.' || s[i + 1] != ' ' ||
      !book_is_roman_numeral_line(s, i))
    return 0;
  return total;
}

int book_is_roman_numeral_line(const char *s, size_t len)
{
  size_t i = 0, n;
  if (len > 0 && s[len - 1] == '.')
    len--;
  if (len == 0 || len > 9)
    return 0;
  /* hundreds, tens, units, each in its canonical form */
  if (i < len && s[i] == 'C')
    i++;
  if (i + 1 < len && s[i] == 'X' && (s[i + 1] == 'L' || s[i + 1] == 'C')) {
    i += 2;
  } else {
    if (i < len && s[i] == 'L')
      i++;
    for (n = 0; i < len && s[i] == 'X' && n < 3; n++)
      i++;
  }
  if (i + 1 < len && s[i] == 'I' && (s[i + 1] == 'X' || s[i + 1] == 'V')) {
    i += 2;
  } else {
    if (i < len && s[i] == 'V')
      i++;
    for (n = 0; i < len && s[i] == 'I' && n < 3; n++)
      i++;
  }
  return i == len;
}

/* ------------------------------------------------------------------ */
/* Running text                                                        */
/* ------------------------------------------------------------------ */

int book_ends_in_function_word(const char *s, size_t len)
{
  static const char *const words[] = {
      "the", "a", "an", "and", "or", "of", "to", "for", "with", "by", "from", "in", "on",
      "at", "as", "that", "which", "whose",                                    /* en */
      "и", "в", "во", "на", "с", "со", "по", "для", "от", "к", "о", "об", "что", /* ru */
      "der", "die", "das", "den", "dem", "des", "ein", "eine", "und", "oder",
      "von", "mit", "zu", "für", "auf", "an", "im", "dass",                      /* de */
      "le", "la", "les", "un", "une", "des", "du", "de", "et", "ou", "à", "au",
      "aux", "pour", "par", "avec", "que", "dans"};                             /* fr */
  size_t start = len, k;
  int32_t cp;
  while (start > 0 && len - start < 16) {
    size_t p = text_prev_cp(s, start, &cp);
    if (is_space(cp))
      break;
    start = p;
  }
  if (start == 0 || len - start >= 16)
    return 0; /* one word alone, or a long last word */
  for (k = 0; k < sizeof words / sizeof *words; k++)
    if (strlen(words[k]) == len - start && memcmp(s + start, words[k], len - start) == 0)
      return 1;
  return 0;
}

int book_is_marker_line(const char *s, size_t len)
{
  return len > 6 && memcmp(s, "***", 3) == 0 && memcmp(s + len - 3, "***", 3) == 0;
}

/* ------------------------------------------------------------------ */
/* An electronic edition's notice                                      */
/* ------------------------------------------------------------------ */

/* Whether s has no lower-case letter. */
int book_has_no_lower(const char *s, size_t len)
{
  size_t i = 0;
  while (i < len) {
    int32_t cp;
    i += text_next_cp(s, len, i, &cp);
    if (galley_utf8_is_lower(cp))
      return 0;
  }
  return 1;
}

int book_is_edition_marker(const char *s, size_t len)
{
  size_t i = 0;
  int upper = 0;
  if (!book_is_marker_line(s, len) || !book_has_no_lower(s, len))
    return 0;
  while (i < len && upper < 3) {
    int32_t cp;
    i += text_next_cp(s, len, i, &cp);
    upper += galley_utf8_is_upper(cp);
  }
  return upper >= 3;
}

/* A key of a field line is looked for no further than this many bytes. */
#define FIELD_KEY_MAX_BYTES 40

int book_is_field_line(const char *s, size_t len)
{
  const char *colon = memchr(s, ':', len < FIELD_KEY_MAX_BYTES ? len : FIELD_KEY_MAX_BYTES);
  size_t k, i = 0;
  int32_t cp;
  if (!colon || (size_t)(colon - s) + 2 > len || colon[1] != ' ')
    return 0;
  k = (size_t)(colon - s);
  if (k > 0 && s[0] == '[')
    i = 1;
  if (i >= k || is_space(s[k - 1]))
    return 0;
  text_next_cp(s, k, i, &cp);
  return galley_utf8_is_upper(cp) && text_count_words(s, k, 4) <= 3;
}

/* Whether cp counts in a title's comparison: a letter or a digit. */
static int is_title_char(int32_t cp)
{
  return galley_utf8_is_letter(cp) || (cp >= '0' && cp <= '9');
}

/* The index after the next letter or digit of s at or after *i, its code
 * point in *out_cp; len if none. */
static size_t next_title_char(const char *s, size_t len, size_t i, int32_t *out_cp)
{
  while (i < len) {
    size_t n = text_next_cp(s, len, i, out_cp);
    if (is_title_char(*out_cp))
      return i + n;
    i += n;
  }
  return len + 1;
}

/* Whether s at i starts no further word character: the end, or a space
 * or punctuation before the next letter ("GIRL" ends a word in "Girl's"
 * only at the apostrophe, which a title page spells alike). */
static int ends_word_at(const char *s, size_t len, size_t i)
{
  int32_t cp;
  if (i >= len)
    return 1;
  text_next_cp(s, len, i, &cp);
  return !is_title_char(cp) && cp != '\'' && cp != 0x2019;
}

int book_names_title(const char *s, size_t len, const char *v, size_t vlen)
{
  size_t i = 0, j = 0;
  int matched = 0;
  for (;;) {
    int32_t a = 0, b = 0;
    size_t ni = next_title_char(s, len, i, &a), nj = next_title_char(v, vlen, j, &b);
    if (ni > len || nj > vlen) {
      /* one has ended: the other must end a word where it stopped */
      if (matched < BOOK_TITLE_MIN_LETTERS)
        return 0;
      return ni > len ? ends_word_at(v, vlen, j) : ends_word_at(s, len, i);
    }
    if (text_fold_case(a) != text_fold_case(b))
      return 0;
    matched++;
    i = ni;
    j = nj;
  }
}

int book_is_signature_line(const char *s, size_t len)
{
  size_t i = 0;
  int initials = 0, words = 0;
  if (!text_is_all_caps_line(s, len) || len > 60)
    return 0;
  /* initials: a capital and a period, not a Roman numeral ("I. THE ...") */
  while (i + 2 < len && s[i] >= 'A' && s[i] <= 'Z' && s[i + 1] == '.' && s[i + 2] == ' ' &&
         !strchr("IVX", s[i])) {
    initials++;
    i += 3;
  }
  if (initials == 0)
    return 0;
  words = text_count_words(s + i, len - i, 3);
  return words >= 1 && words <= 2;
}

int book_is_initials_line(const char *s, size_t len)
{
  size_t i = 0;
  int initials = 0;
  while (i < len) {
    if (i + 1 >= len || s[i] < 'A' || s[i] > 'Z' || s[i + 1] != '.')
      return 0;
    initials++;
    i += 2;
    while (i < len && s[i] == ' ')
      i++;
  }
  return initials >= 2 && initials <= 4;
}

int book_is_bracketed_line(const char *s, size_t len)
{
  return len > 2 && s[0] == '[' && s[len - 1] == ']' && !memchr(s + 1, ']', len - 2) &&
         s[1] >= 'A' && s[1] <= 'Z';
}

int book_is_imprint_line(const char *s, size_t len)
{
  size_t end = len;
  int year = 0, k;
  if (end > 0 && s[end - 1] == '.')
    end--;
  if (end < 6 || !book_has_no_lower(s, len) || text_count_words(s, len, 3) < 3)
    return 0;
  for (k = 0; k < 4; k++) {
    char c = s[end - 4 + (size_t)k];
    if (c < '0' || c > '9')
      return 0;
    year = year * 10 + (c - '0');
  }
  return year >= 1450 && year <= 2099 && (s[end - 5] == ' ' || s[end - 5] == ',');
}

int book_is_caps_byline(const char *s, size_t len)
{
  const char *comma = memchr(s, ',', len);
  size_t head = comma ? (size_t)(comma - s) : len, off, nl;
  if (!comma && head > 0 && s[head - 1] == '.')
    head--;
  if (head == 0 || !book_has_no_lower(s, head) || !text_is_byline(s, head, &off, &nl))
    return 0;
  if (comma) {
    size_t i = head + 1;
    int32_t cp;
    while (i < len && s[i] == ' ')
      i++;
    if (i >= len)
      return 0;
    text_next_cp(s, len, i, &cp);
    return galley_utf8_is_upper(cp);
  }
  return 1;
}

int book_is_caps_name_line(const char *s, size_t len)
{
  size_t i = 0, start;
  int titles = 0, initials = 0;
  if (len > 0 && s[len - 1] == '.')
    len--;
  if (len == 0 || len > 60 || !book_has_no_lower(s, len) ||
      text_is_chapter_line(s, len) != TEXT_CHAPTER_NONE)
    return 0;
  for (;;) {
    start = i;
    while (i < len && s[i] != ' ')
      i++;
    if (i - start == 2 && s[start] >= 'A' && s[start] <= 'Z' && s[start + 1] == '.' &&
        !strchr("IVX", s[start])) {
      initials++;
    } else if (i == len) {
      break; /* the surname */
    } else if (initials > 0 || ++titles > BOOK_NAME_TITLES || i - start < 2) {
      return 0;
    }
    if (i == len)
      return 0; /* no surname after the initials */
    i++;
  }
  if (initials == 0 || i - start < 2)
    return 0;
  for (; start < len; start++)
    if (!((s[start] >= 'A' && s[start] <= 'Z') || s[start] == '-' || s[start] == '\''))
      return 0;
  return 1;
}

int book_ends_letter(const char *s, size_t len)
{
  size_t end = len;
  int32_t cp = 0;
  while (end > 0 && s[end - 1] == ' ')
    end--;
  if (end == 0)
    return 0;
  end = text_prev_cp(s, end, &cp);
  /* not inside quotes: dialogue that trails off ("...”") goes on */
  if (cp == ',' || cp == 0x2026)
    return 1;
  return cp == '.' && end >= 2 && s[end - 1] == '.' && s[end - 2] == '.';
}

int book_is_open_line(const char *s, size_t len)
{
  size_t end = len;
  int32_t cp = 0;
  while (end > 0) {
    end = text_prev_cp(s, end, &cp);
    /* closing quotes of any language (German closes with « and “) */
    if (!(cp == '"' || cp == '\'' || cp == 0x201D || cp == 0x2019 || cp == 0xBB ||
          cp == 0xAB || cp == 0x201C || cp == 0x203A || cp == 0x2039 || cp == ')' ||
          is_space(cp)))
      break;
  }
  return cp == ',' || cp == ';' || cp == ':' || cp == '-' || cp == 0x2013 ||
         cp == 0x2014;
}
