/* title.c: a title made from a file name, shared by the readers (see
 * title.h), and the word for an article with no title. */
#include "title.h"

#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../galley.h"
#include "clean.h"

static int is_digit(char c)
{
  return c >= '0' && c <= '9';
}

static int is_upper(char c)
{
  return c >= 'A' && c <= 'Z';
}

static int is_lower(char c)
{
  return c >= 'a' && c <= 'z';
}

static int is_hex(char c)
{
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int is_separator(char c)
{
  return c == '_' || c == '-' || c == '.' || c == '+' || c == ' ' || c == '\t';
}

/* Whether one word is an identifier (see galley_title_is_identifier). */
static int is_identifier_word(const char *w, size_t n)
{
  size_t i, digits = 0, letters = 0, hex = 0, other = 0;
  for (i = 0; i < n; i++) {
    if (is_digit(w[i]))
      digits++;
    else if (is_upper(w[i]) || is_lower(w[i]))
      letters++;
    else
      other++;
    if (is_hex(w[i]))
      hex++;
  }
  if (other)
    return 0;
  if (digits == n)
    return 1;
  if (hex == n && n >= 4 && digits > 0)
    return 1;
  return n >= 8 && digits >= 2 && letters >= 2;
}

int galley_title_is_identifier(const char *words, size_t len)
{
  size_t i = 0;
  while (i < len) {
    size_t start;
    while (i < len && words[i] == ' ')
      i++;
    start = i;
    while (i < len && words[i] != ' ')
      i++;
    if (i > start && !is_identifier_word(words + start, i - start))
      return 0;
  }
  return 1;
}

/* Length of a leading counter in the words of `s` (space separated): the
 * words of a date (a year 1900-2099 followed by a month and day, or
 * YYYYMMDD) or zero-padded numbers, with the spaces after them. */
static size_t counter_length(const char *s, size_t len)
{
  size_t i = 0, end = 0;
  int words = 0, year = 0;
  while (i < len) {
    size_t start = i, n;
    while (i < len && is_digit(s[i]))
      i++;
    n = i - start;
    if (n == 0 || (i < len && s[i] != ' '))
      break; /* not a number, or a number glued to letters ("3rd") */
    if (words == 0 && n == 4 && (s[start] == '1' || s[start] == '2'))
      year = 1;
    else if (n == 8 && (s[start] == '1' || s[start] == '2'))
      ; /* 20240317 */
    else if (!(s[start] == '0' && n > 1) && !(year && n <= 2))
      break;
    words++;
    while (i < len && s[i] == ' ')
      i++;
    end = i;
  }
  /* a year alone ("2024 review") belongs to the title */
  if (year && words == 1)
    return 0;
  return end;
}

/* Appends the name's words to `out`: separators become one space and,
 * with `camel`, a change of case inside a word splits it too. */
static void put_words(galley_buf *out, const char *base, size_t n, int camel)
{
  size_t i;
  for (i = 0; i < n; i++) {
    char c = base[i];
    if (is_separator(c)) {
      if (out->len > 0 && out->ptr[out->len - 1] != ' ')
        galley_buf_putc(out, ' ');
      continue;
    }
    if (camel && i > 0 && is_upper(c) &&
        (is_lower(base[i - 1]) ||
         (is_upper(base[i - 1]) && i + 1 < n && is_lower(base[i + 1]))))
      galley_buf_putc(out, ' '); /* "kazakhstan|At", "OSCE|Report" */
    galley_buf_putc(out, c);
  }
  while (out->len > 0 && out->ptr[out->len - 1] == ' ')
    out->len--;
}

galley_file_title galley_title_from_file_name(const char *file_name, char **out_title)
{
  const char *base, *dot;
  galley_buf words = GALLEY_BUF_INIT, out = GALLEY_BUF_INIT;
  galley_file_title kind = GALLEY_FILE_TITLE_WORDS;
  size_t i, n, skip;
  int upper = 0;
  *out_title = NULL;
  if (!file_name || !*file_name || strcmp(file_name, "-") == 0 || file_name[0] == '<')
    return GALLEY_FILE_TITLE_NONE;
  base = strrchr(file_name, '/');
  base = base ? base + 1 : file_name;
  dot = strrchr(base, '.');
  n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  /* identifiers are judged on the words as written ("a8Xk2pQz9" is one
   * key, not "a8Xk2p Qz9") */
  put_words(&words, base, n, 0);
  skip = counter_length(words.ptr ? words.ptr : "", words.len);
  if (galley_title_is_identifier(words.ptr ? words.ptr + skip : "", words.len - skip)) {
    kind = GALLEY_FILE_TITLE_ID;
    galley_clean_string(&out, base, n);
  } else {
    galley_buf_clear(&words);
    put_words(&words, base, n, 1);
    skip = counter_length(words.ptr, words.len);
    galley_clean_string(&out, words.ptr + skip, words.len - skip);
    for (i = 0; i < out.len; i++)
      if (is_upper(out.ptr[i]))
        upper = 1;
    if (!upper && out.len > 0 && is_lower(out.ptr[0]))
      out.ptr[0] = (char)(out.ptr[0] - 32);
  }
  galley_buf_free(&words);
  if (out.len == 0) {
    galley_buf_free(&out);
    return GALLEY_FILE_TITLE_NONE;
  }
  *out_title = galley_buf_detach(&out, NULL);
  return kind;
}

const char *galley_title_untitled(const char *language)
{
  static const struct {
    const char *tag, *word;
  } words[] = {{"ru", "\xD0\x91\xD0\xB5\xD0\xB7 \xD0\xBD\xD0\xB0\xD0\xB7\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xB8\xD1\x8F"},
               {"kk", "\xD0\x90\xD1\x82\xD0\xB0\xD1\x83\xD1\x81\xD1\x8B\xD0\xB7"},
               {"uk", "\xD0\x91\xD0\xB5\xD0\xB7 \xD0\xBD\xD0\xB0\xD0\xB7\xD0\xB2\xD0\xB8"},
               {"de", "Ohne Titel"},
               {"fr", "Sans titre"},
               {"es", "Sin t\xC3\xADtulo"}};
  size_t k;
  if (language)
    for (k = 0; k < sizeof words / sizeof *words; k++) {
      size_t n = strlen(words[k].tag);
      if (strncmp(language, words[k].tag, n) == 0 &&
          (language[n] == '\0' || language[n] == '-' || language[n] == '_'))
        return words[k].word;
    }
  return "Untitled";
}

const char *galley_title_apply_file_name(galley_doc *doc, const char *file_name,
                                         const char *language, galley_diag *diag)
{
  galley_meta *meta = galley_doc_get_meta(doc);
  const char *rule = NULL;
  char *t = NULL;
  switch (galley_title_from_file_name(file_name, &t)) {
  case GALLEY_FILE_TITLE_NONE:
    break;
  case GALLEY_FILE_TITLE_WORDS:
    galley_doc_apply_meta(doc, "title", t, 1);
    rule = "title-from-file-name";
    break;
  case GALLEY_FILE_TITLE_ID: {
    const char *u = galley_title_untitled(language ? language
                                                     : galley_meta_get(meta, "language"));
    galley_doc_apply_meta(doc, "title", u, 1);
    galley_doc_set_title_shown(doc, 0); /* only the package's dc:title */
    galley_diag_add(diag, 0, 0,
                    "no title: the file name '%s' is an identifier, so the book's "
                    "metadata calls it '%s' and no title is printed (--title names "
                    "it)", t, u);
    rule = "untitled-file-name-is-identifier";
    break;
  }
  }
  free(t);
  return rule;
}
