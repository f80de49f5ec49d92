/* test_pdf_breaks.c: pdf_simple_breaks gives what pango_default_break
 * gives, in the fields it fills (is_line_break, is_mandatory_break,
 * is_cursor_position, is_char_break, is_white, is_expandable_space), on
 * every line of the corpus texts (tests/corpus/texts: English, Russian,
 * Kazakh, German and more) and of the sample, and on generated strings:
 * characters drawn from every range it takes (so every line-break class
 * there meets every other, numbers, prefixes, spaces and quotes in runs),
 * and from a short list of the punctuation articles use. It declines a
 * text with a character outside its ranges or classes (a combining mark,
 * a zero-width space, a tab, a line separator, Hebrew, CJK). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pdf/pdf_layout.h"

/* The ranges pdf_breaks.c takes, for the generator. */
static const int ranges[][2] = {{0x20, 0x7E},     {0xA0, 0x2FF},    {0x370, 0x482},
                                {0x48A, 0x52F},   {0x2000, 0x200A}, {0x2010, 0x2027},
                                {0x202F, 0x205E}, {0x20A0, 0x20C0}};

/* What articles are made of, more often than a uniform draw gives it. */
static const int common[] = {
    'a', 'e', 'Z', 0xE9, 0x436, 0x49A, 0x4D9, 0x3B1, '0', '7', ' ', ' ', ' ', 0xA0, 0xAD,
    '.', ',', ':', ';', '!', '?', '(', ')', '[', ']', '{', '}', '"', '\'', 0x201C, 0x201D,
    0x2018, 0x2019, 0xAB, 0xBB, 0x2039, 0x203A, 0x201E, '-', 0x2010, 0x2011, 0x2013, 0x2014,
    '/', '%', '$', 0x20AC, 0xA3, '&', '*', '#', '@', '+', '<', 0x2026, 0x2022, 0x2032,
    0x2030, 0x2007, 0x202F, 0x2009, 0xA1, 0xBF, 0xA7, 0xB7, 0x2C8, 0xB4, 0x2044, 0x203C,
    0x2047, 0x20A9 + 1, 0x2015, 0x2027};

static unsigned rng_state = 12345;

static unsigned rng(void)
{
  rng_state = rng_state * 1103515245u + 12345u;
  return (rng_state >> 8) & 0xFFFFFF;
}

static int put_utf8(char *s, int c)
{
  if (c < 0x80) {
    s[0] = (char)c;
    return 1;
  }
  if (c < 0x800) {
    s[0] = (char)(0xC0 | (c >> 6));
    s[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  s[0] = (char)(0xE0 | (c >> 12));
  s[1] = (char)(0x80 | ((c >> 6) & 0x3F));
  s[2] = (char)(0x80 | (c & 0x3F));
  return 3;
}

static const char *const fields[] = {"is_line_break",      "is_mandatory_break",
                                     "is_cursor_position", "is_char_break",
                                     "is_white",           "is_expandable_space"};

static int field(const PangoLogAttr *a, int f)
{
  switch (f) {
  case 0: return a->is_line_break;
  case 1: return a->is_mandatory_break;
  case 2: return a->is_cursor_position;
  case 3: return a->is_char_break;
  case 4: return a->is_white;
  default: return a->is_expandable_space;
  }
}

static int compared, declined, failures;

/* Compares pdf_simple_breaks with pango_default_break on `len` bytes of
 * `text`. Returns what pdf_simple_breaks returned. */
static int check(const char *name, const char *text, int len)
{
  int n = (int)g_utf8_strlen(text, len) + 1, i, f, ok = 1, took;
  PangoLogAttr *want = g_new0(PangoLogAttr, n), *got = g_new0(PangoLogAttr, n);
  pango_default_break(text, len, NULL, want, n);
  took = pdf_simple_breaks(text, len, got, n);
  if (took) {
    compared++;
    for (i = 0; i < n && ok; i++)
      for (f = 0; f < 6 && ok; f++)
        if (field(&got[i], f) != field(&want[i], f)) {
          if (failures++ < 10)
            fprintf(stderr, "  %s: \"%.*s\": character %d: %s %d, Pango %d\n", name,
                    len > 80 ? 80 : len, text, i, fields[f], field(&got[i], f),
                    field(&want[i], f));
          ok = 0;
        }
    OK(ok);
  } else {
    declined++;
  }
  g_free(want);
  g_free(got);
  return took;
}

static void test_generated(void)
{
  char s[400];
  int k;
  for (k = 0; k < 40000; k++) {
    int len = 0, n = 1 + (int)(rng() % 24), j;
    for (j = 0; j < n; j++) {
      int c;
      if (rng() % 3) {
        c = common[rng() % (sizeof common / sizeof common[0])];
      } else {
        int r = (int)(rng() % (sizeof ranges / sizeof ranges[0]));
        c = ranges[r][0] + (int)(rng() % (unsigned)(ranges[r][1] - ranges[r][0] + 1));
      }
      len += put_utf8(s + len, c);
    }
    s[len] = '\0';
    check("generated", s, len);
  }
}

static void test_declined(void)
{
  static const char *const outside[] = {
      "cafe\xCC\x81 au lait",           /* U+0301, a combining mark */
      "zero\xE2\x80\x8Bwidth",          /* U+200B */
      "a\ttab",                         /* a control */
      "line\xE2\x80\xA8separator",      /* U+2028 */
      "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", /* Hebrew */
      "\xE6\xBC\xA2\xE5\xAD\x97",       /* CJK */
      "won \xE2\x82\xA9 sign",          /* U+20A9, wide to Pango */
      "joiner\xE2\x80\x8D",             /* U+200D */
      "\xD2\x83 titlo",                 /* U+0483, a Cyrillic combining mark */
  };
  size_t k;
  PangoLogAttr attrs[64];
  for (k = 0; k < sizeof outside / sizeof outside[0]; k++)
    OK(!pdf_simple_breaks(outside[k], (int)strlen(outside[k]), attrs,
                          (int)g_utf8_strlen(outside[k], -1) + 1));
  /* attributes for fewer or more characters than the text has */
  OK(!pdf_simple_breaks("abc", 3, attrs, 3));
  OK(!pdf_simple_breaks("abc", 3, attrs, 5));
  OK(pdf_simple_breaks("abc", 3, attrs, 4));
  OK(!pdf_simple_breaks("", 0, attrs, 1));
}

/* Every line of every file in `dir` with `suffix`, as a paragraph. */
static void test_files(const char *dir, const char *suffix, int *lines, int *taken)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  OK(d != NULL);
  if (!d)
    return;
  while ((name = g_dir_read_name(d))) {
    char *path, *text, *p, *end;
    gsize n;
    if (!g_str_has_suffix(name, suffix))
      continue;
    path = g_build_filename(dir, name, NULL);
    if (g_file_get_contents(path, &text, &n, NULL)) {
      for (p = text, end = text + n; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        int len = (int)((nl ? nl : end) - p);
        if (len > 0 && p[len - 1] == '\r')
          len--; /* galley's readers end lines so */
        if (len > 0 && g_utf8_validate(p, len, NULL)) {
          (*lines)++;
          *taken += check(name, p, len);
        }
        p = nl ? nl + 1 : end;
      }
      g_free(text);
    }
    g_free(path);
  }
  g_dir_close(d);
}

int main(void)
{
  int lines = 0, taken = 0;
  test_generated();
  test_declined();
  test_files(GALLEY_TEST_SOURCE_DIR "/tests/corpus/texts", ".txt", &lines, &taken);
  test_files(GALLEY_TEST_SOURCE_DIR "/input", ".txt", &lines, &taken);
  /* Most lines of real text are plain: the fast way is the usual one. */
  printf("corpus lines: %d, %d taken by pdf_simple_breaks; %d strings compared, %d declined\n",
         lines, taken, compared, declined);
  OK(lines > 1000);
  OK(taken * 10 > lines * 8);
  OK(failures == 0);
  return harness_report();
}
