/* test_credit.c: the reader helpers shared by both readers: the
 * photo-credit rule (credit.h), input cleaning (clean.h) and the title
 * made from a file name (title.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"
#include "harness.h"
#include "read/clean.h"
#include "read/credit.h"
#include "read/title.h"

/* Finds the credit in `text` as an image's alt text or title does;
 * returns "caption|credit" (label to name, brackets left out) in a static
 * buffer, or "-" when there is no credit. */
static const char *split_flags(const char *text, unsigned flags)
{
  static char out[512];
  galley_credit c;
  size_t len;
  if (!galley_credit_find(text, strlen(text), flags, &c))
    return "-";
  len = c.name_end - c.label;
  memcpy(out, text, c.caption_len);
  out[c.caption_len] = '|';
  memcpy(out + c.caption_len + 1, text + c.label, len);
  out[c.caption_len + 1 + len] = '\0';
  return out;
}

static const char *split(const char *text)
{
  return split_flags(text, GALLEY_CREDIT_FOR_IMAGE);
}

/* The credit as written, brackets included: what the text reader keeps. */
static const char *written(const char *text)
{
  static char out[512];
  galley_credit c;
  if (!galley_credit_find(text, strlen(text), 0, &c))
    return "-";
  memcpy(out, text + c.start, c.end - c.start);
  out[c.end - c.start] = '\0';
  return out;
}

static void test_split_credit(void)
{
  STR_EQ(split("Alexey Rogov in Astana. Photo credit: Fatima Kemelova/ The Astana Times"),
         "Alexey Rogov in Astana.|Photo credit: Fatima Kemelova/ The Astana Times");
  STR_EQ(split("Photo credit: Fatima Kemelova/ The Astana Times"),
         "|Photo credit: Fatima Kemelova/ The Astana Times");
  STR_EQ(split("The skyline at dusk (Photo: AP)"), "The skyline at dusk|Photo: AP");
  /* the Associated Press's own form: the label ends in a slash */
  STR_EQ(split("Biden speaks on Monday. (AP Photo/Evan Vucci)"),
         "Biden speaks on Monday.|AP Photo/Evan Vucci");
  STR_EQ(split("The AP Photo/Video archive holds a million pictures, the agency said."), "-");
  STR_EQ(split("Protesters in Kyiv. REUTERS/Gleb Garanich"), "Protesters in Kyiv.|REUTERS/Gleb Garanich");
  STR_EQ(split("Reuters/Ipsos polls show support for the law falling since the spring."), "-");
  STR_EQ(split("GDP growth, 2000-2025. Source: World Bank  "),
         "GDP growth, 2000-2025.|Source: World Bank");
  STR_EQ(split("Delegates arrive \xE2\x80\x93 photo by Jane Doe"),
         "Delegates arrive \xE2\x80\x93|photo by Jane Doe");
  STR_EQ(split("Delegates arrive. IMAGE CREDIT: Reuters"),
         "Delegates arrive.|IMAGE CREDIT: Reuters");
  /* the last label wins */
  STR_EQ(split("Source: a report. Photo: B. Smith"), "Source: a report.|Photo: B. Smith");
  /* rejected */
  STR_EQ(split("The photo: a study of light"), "-");        /* no sentence end */
  STR_EQ(split("Rogov in Astana. Photo credit:"), "-");     /* no name */
  STR_EQ(split("A photographer at work"), "-");
  STR_EQ(split("Rogov in Astana (Photo: AP) at the summit"), "-"); /* not at the end */
  STR_EQ(split(""), "-");
  /* the union of the two readers' old rules: Cyrillic labels, a
   * capitalised label after a plain space, brackets kept as written,
   * names checked, generic labels only for images */
  STR_EQ(split("\xD0\xA4\xD0\xBE\xD1\x82\xD0\xBE: \xD0\x90\xD2\x9B\xD0\xBE\xD1\x80\xD0\xB4\xD0\xB0"),
         "|\xD0\xA4\xD0\xBE\xD1\x82\xD0\xBE: \xD0\x90\xD2\x9B\xD0\xBE\xD1\x80\xD0\xB4\xD0\xB0");
  STR_EQ(split("Rogov in Astana Photo credit: Fatima Kemelova"),
         "Rogov in Astana|Photo credit: Fatima Kemelova");
  STR_EQ(split("Rogov in Astana photo credit: Fatima Kemelova"), "-"); /* lowercase, no stop */
  STR_EQ(written("The skyline at dusk (Photo: AP)"), "(Photo: AP)");
  STR_EQ(written("Photo credit: Fatima Kemelova  "), "Photo credit: Fatima Kemelova");
  STR_EQ(split("(Photo: AP)"), "|Photo: AP");
  STR_EQ(split("The skyline [Photo: AP)"), "-");   /* brackets must match */
  STR_EQ(split("Delegates. Photo: the view from the office"), "-"); /* not a name */
  STR_EQ(split("Photo credit: Is it deserved? Opinions differ."), "-");
  STR_EQ(split_flags("GDP growth. Source: World Bank", 0), "-"); /* running text */
  STR_EQ(split_flags("Photo Credit: Reuters", 0), "|Photo Credit: Reuters"); /* first wins */
  {
    int cap = 0;
    INT_EQ((int)galley_credit_label_len("Photo credit: X", 15, 0, &cap), 13);
    INT_EQ(cap, 1);
    INT_EQ((int)galley_credit_label_len("photo: X", 8, 0, &cap), 6);
    INT_EQ(cap, 0);
    INT_EQ((int)galley_credit_label_len("Source: X", 9, 0, &cap), 0);
    INT_EQ((int)galley_credit_label_len("Source: X", 9, GALLEY_CREDIT_FOR_IMAGE, &cap), 7);
    INT_EQ((int)galley_credit_label_len("Photo byline", 12, 0, &cap), 0); /* "by" must end a word */
  }
  {
    /* a 20 MB caption is not searched through, and still found */
    size_t n = 20u << 20;
    char *big = malloc(n + 64);
    galley_credit c;
    memset(big, 'x', n);
    memcpy(big + n, ". Photo: AP", 12);
    OK(galley_credit_find(big, n + 11, 0, &c));
    INT_EQ((int)(c.label - n), 2);
    free(big);
  }
  /* the search starts where the longest label (in words) may start
   * before the longest name (credit_search_from): both at their longest,
   * in brackets with a space before the closing one, are found */
  STR_EQ(split("The skyline. (Photo courtesy of Ann Bea Cid Dee Eve Fay Gus Hal Ivy Jo Kay Lu )"),
         "The skyline.|Photo courtesy of Ann Bea Cid Dee Eve Fay Gus Hal Ivy Jo Kay Lu");
  STR_EQ(split("The skyline. (Photo courtesy of Ann Bea Cid Dee Eve Fay Gus Hal Ivy Jo Kay Lu Max)"),
         "-");
  {
    /* a tail longer than a credit is running text */
    char long_text[400];
    memset(long_text, 'x', sizeof long_text);
    memcpy(long_text, "Intro. Photo: ", 14);
    long_text[sizeof long_text - 1] = '\0';
    STR_EQ(split(long_text), "-");
  }
}

static void test_clean(void)
{
  galley_buf b = GALLEY_BUF_INIT;
  galley_diag *diag = galley_diag_new();
  int line;
  /* line 2 has invalid UTF-8, line 3 a NUL, line 4 a control character */
  static const char in[] = "ok \xC3\xA9\nbad \xFF\xFE\r\nnul \0 here\rctl \x01\n\tfine\n";
  INT_EQ(galley_clean_text(&b, in, sizeof in - 1, 1, diag), 4);
  STR_EQ(galley_buf_cstr(&b), "ok \xC3\xA9\nbad \xEF\xBF\xBD\xEF\xBF\xBD\r\nnul "
                              "\xEF\xBF\xBD here\rctl \xEF\xBF\xBD\n\tfine\n");
  INT_EQ(galley_diag_get_count(diag), 3);
  OK(strstr(galley_diag_get(diag, 0, &line, NULL), "invalid UTF-8") != NULL);
  INT_EQ(line, 2);
  OK(strstr(galley_diag_get(diag, 1, &line, NULL), "NUL") != NULL);
  INT_EQ(line, 3);
  OK(strstr(galley_diag_get(diag, 2, &line, NULL), "control character U+0001") != NULL);
  INT_EQ(line, 4);
  {
    int col = 0;
    galley_diag_get(diag, 0, NULL, &col);
    INT_EQ(col, 5); /* "bad \xFF": the fifth character */
    galley_diag_get(diag, 1, NULL, &col);
    INT_EQ(col, 5);
    galley_diag_get(diag, 2, NULL, &col);
    INT_EQ(col, 5);
  }
  galley_buf_free(&b);
  galley_diag_free(diag);

  /* a line with invalid UTF-8 and a forbidden character: one warning of
   * each, columns in characters ("é" is one) */
  diag = galley_diag_new();
  {
    int col = 0;
    INT_EQ(galley_clean_text(&b, "\xC3\xA9\xFF\x02\xFF\x02", 6, 7, diag), 4);
    INT_EQ(galley_diag_get_count(diag), 2);
    STR_EQ(galley_diag_get(diag, 0, &line, &col), "invalid UTF-8 replaced by U+FFFD");
    INT_EQ(line, 7);
    INT_EQ(col, 2);
    galley_diag_get(diag, 1, &line, &col);
    INT_EQ(col, 3);
  }
  galley_buf_free(&b);
  galley_diag_free(diag);

  /* whole inputs: a UTF-8 BOM dropped, UTF-16 converted with a warning */
  diag = galley_diag_new();
  INT_EQ(galley_clean_input(&b, "\xEF\xBB\xBFHi\r\n", 7, diag), 0);
  STR_EQ(galley_buf_cstr(&b), "Hi\r\n");
  INT_EQ(galley_diag_get_count(diag), 0);
  galley_buf_clear(&b);
  INT_EQ(galley_clean_input(&b, "\xFF\xFE" "H\0i\0\n\0\x01\0\x00\xD8", 12, diag), 2);
  STR_EQ(galley_buf_cstr(&b), "Hi\n\xEF\xBF\xBD\xEF\xBF\xBD");
  STR_EQ(galley_diag_get(diag, 0, NULL, NULL), "UTF-16LE input converted to UTF-8");
  INT_EQ(galley_diag_get_count(diag), 3); /* converted, a surrogate, U+0001 */
  galley_diag_get(diag, 2, &line, NULL);
  INT_EQ(line, 2);
  galley_buf_clear(&b);
  INT_EQ(galley_clean_input(&b, "A\0r\0t\0i\0c\0l\0e\0", 14, NULL), 0);
  STR_EQ(galley_buf_cstr(&b), "Article");
  INT_EQ(galley_clean_input(&b, NULL, 0, NULL), 0);
  galley_buf_free(&b);
  galley_diag_free(diag);

  /* many bad lines: GALLEY_CLEAN_MAX_WARNINGS of them, then one summary */
  {
    galley_buf many = GALLEY_BUF_INIT;
    int i;
    diag = galley_diag_new();
    for (i = 0; i < 50; i++)
      galley_buf_puts(&many, "\xFF\n");
    galley_clean_text(&b, many.ptr, many.len, 1, diag);
    INT_EQ(galley_diag_get_count(diag), GALLEY_CLEAN_MAX_WARNINGS + 1);
    OK(strstr(galley_diag_get(diag, GALLEY_CLEAN_MAX_WARNINGS, NULL, NULL), "30 more") != NULL);
    galley_buf_free(&many);
    galley_buf_free(&b);
    galley_diag_free(diag);
  }
  /* form feeds and line tabulations: white space, no warning, no count */
  diag = galley_diag_new();
  INT_EQ(galley_clean_text(&b, "end.\n\f\n\fNext page\fhere \f too\v\r\nA\vB\f\f", 36, 1, diag),
         0);
  STR_EQ(galley_buf_cstr(&b), "end.\n\nNext page here  too\r\nA B");
  INT_EQ(galley_diag_get_count(diag), 0);
  galley_buf_free(&b);
  galley_diag_free(diag);
  /* strings: no warnings, NULL accepted */
  INT_EQ(galley_clean_string(&b, NULL, 0), 0);
  INT_EQ(galley_clean_string(&b, "\x1b[0m", 4), 1);
  STR_EQ(galley_buf_cstr(&b), "\xEF\xBF\xBD[0m");
  galley_buf_free(&b);
}

/* The title made of `name`, prefixed "id:" for an identifier, "-" for none. */
static const char *file_title(const char *name)
{
  static char out[256];
  char *t = NULL;
  galley_file_title k = galley_title_from_file_name(name, &t);
  if (k == GALLEY_FILE_TITLE_NONE) {
    OK(t == NULL);
    return "-";
  }
  snprintf(out, sizeof out, "%s%s", k == GALLEY_FILE_TITLE_ID ? "id:" : "", t);
  free(t);
  return out;
}

static void test_title(void)
{
  galley_doc *doc;
  galley_diag *diag;
  /* readable words */
  STR_EQ(file_title("/some/dir/kazakhstan-at_34.txt"), "Kazakhstan at 34");
  STR_EQ(file_title("my_first-article.md"), "My first article");
  STR_EQ(file_title("Notes from Astana.txt"), "Notes from Astana");
  STR_EQ(file_title("KazakhstanAtThirtyFour.txt"), "Kazakhstan At Thirty Four");
  STR_EQ(file_title("OSCEReport_2024.md"), "OSCE Report 2024");
  /* a leading counter goes, a number that is the title's own stays */
  STR_EQ(file_title("01-introduction.md"), "Introduction");
  STR_EQ(file_title("2024-03-17-kazakhstan-at-34.txt"), "Kazakhstan at 34");
  STR_EQ(file_title("20240317_osce.txt"), "Osce");
  STR_EQ(file_title("10-ways-to-read.txt"), "10 ways to read");
  STR_EQ(file_title("2024-review.txt"), "2024 review");
  STR_EQ(file_title("3rd-draft.txt"), "3rd draft");
  /* identifiers: a hash, a UUID, digits, a random key */
  STR_EQ(file_title("input/000_0cf0c6b4b4a8e552.txt"), "id:000_0cf0c6b4b4a8e552");
  STR_EQ(file_title("550e8400-e29b-41d4-a716-446655440000.md"),
         "id:550e8400-e29b-41d4-a716-446655440000");
  STR_EQ(file_title("12345.txt"), "id:12345");
  STR_EQ(file_title("a8Xk2pQz9.txt"), "id:a8Xk2pQz9");
  STR_EQ(file_title("000.txt"), "id:000");
  /* no usable name */
  STR_EQ(file_title(NULL), "-");
  STR_EQ(file_title("-"), "-");
  STR_EQ(file_title("<stdin>"), "-");
  STR_EQ(file_title("dir/.txt"), "Txt"); /* a dot file: all name */
  /* the predicate alone */
  OK(galley_title_is_identifier("0cf0c6b4b4a8e552", 16));
  OK(galley_title_is_identifier("", 0));
  OK(!galley_title_is_identifier("deadbeef", 8));
  OK(!galley_title_is_identifier("covid19 notes", 13));
  OK(!galley_title_is_identifier("Kazakhstan at 34", 16));
  /* the word for no title, by language */
  STR_EQ(galley_title_untitled(NULL), "Untitled");
  STR_EQ(galley_title_untitled("en-GB"), "Untitled");
  STR_EQ(galley_title_untitled("kk"), "\xD0\x90\xD1\x82\xD0\xB0\xD1\x83\xD1\x81\xD1\x8B\xD0\xB7");
  STR_EQ(galley_title_untitled("de-AT"), "Ohne Titel");
  STR_EQ(galley_title_untitled("deu"), "Untitled");
  /* applied to a document: the title, or "Untitled" and a warning */
  doc = galley_doc_new();
  diag = galley_diag_new();
  STR_EQ(galley_title_apply_file_name(doc, "a/osce-notes.txt", NULL, diag),
         "title-from-file-name");
  STR_EQ(galley_meta_get(galley_doc_get_meta(doc), "title"), "Osce notes");
  INT_EQ(galley_diag_get_count(diag), 0);
  galley_doc_free(doc);
  doc = galley_doc_new();
  galley_doc_apply_meta(doc, "language", "ru", 1);
  STR_EQ(galley_title_apply_file_name(doc, "0cf0c6b4b4a8e552.txt", NULL, diag),
         "untitled-file-name-is-identifier");
  STR_EQ(galley_meta_get(galley_doc_get_meta(doc), "title"),
         "\xD0\x91\xD0\xB5\xD0\xB7 \xD0\xBD\xD0\xB0\xD0\xB7\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xB8\xD1\x8F");
  INT_EQ(galley_diag_get_count(diag), 1);
  OK(strstr(galley_diag_get(diag, 0, NULL, NULL), "--title") != NULL);
  /* that title is the package's only: the title block shows none ... */
  OK(!galley_doc_get_title_shown(doc));
  galley_doc_sync_title_block(doc);
  OK(galley_node_first_child(galley_doc_get_root(doc)) == NULL ||
     galley_node_get_type(galley_node_first_child(
         galley_node_first_child(galley_doc_get_root(doc)))) != GALLEY_NODE_TITLE);
  /* ... until a title is given (--title) */
  galley_doc_apply_meta(doc, "title", "Notes", 1);
  OK(galley_doc_get_title_shown(doc));
  galley_doc_sync_title_block(doc);
  INT_EQ(galley_node_get_type(galley_node_first_child(
             galley_node_first_child(galley_doc_get_root(doc)))),
         GALLEY_NODE_TITLE);
  OK(galley_title_apply_file_name(doc, "<stdin>", NULL, diag) == NULL);
  galley_doc_free(doc);
  galley_diag_free(diag);
}

int main(void)
{
  RUN(test_title);
  RUN(test_split_credit);
  RUN(test_clean);
  return harness_report();
}
