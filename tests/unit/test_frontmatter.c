/* test_frontmatter.c: the YAML-style front-matter block: detection,
 * every metadata key, scalars (plain, quoted, block), lists, comments,
 * and each kind of malformed block with the line it names. */
#include <stdlib.h>
#include <string.h>

#include "galley.h"
#include "harness.h"
#include "read/frontmatter.h"

/* Reads `text` as a front-matter block and applies it to a new document;
 * *out_err receives the error. Returns NULL when reading failed. */
static galley_doc *apply(const char *text, galley_frontmatter *fm,
                         galley_error *out_err)
{
  galley_doc *doc;
  galley_frontmatter_init(fm);
  galley_error_clear(out_err);
  if (galley_frontmatter_read(text, strlen(text), fm, out_err) != GALLEY_OK)
    return NULL;
  doc = galley_doc_new();
  galley_frontmatter_apply(fm, doc);
  return doc;
}

/* The first value of `key`, or "" (so STR_EQ has a string to show). */
static const char *meta(galley_doc *doc, const char *key)
{
  const char *v = galley_meta_get(galley_doc_get_meta(doc), key);
  return v ? v : "(none)";
}

static void test_every_key(void)
{
  galley_frontmatter fm;
  galley_error err;
  galley_doc *doc = apply("---\n"
                          "title: Kazakhstan at 34\n"
                          "subtitle: 'An interview with the OSCE''s envoy'\n"
                          "author: Assel Satubaldina\n"
                          "date: 2026-01-30\n"
                          "language: en-GB\n"
                          "publisher: \"The Astana Times\"\n"
                          "rights: CC BY 4.0\n"
                          "description: Thirty-four years of cooperation.\n"
                          "subject: Diplomacy\n"
                          "keywords: [OSCE, Kazakhstan, \"security, dialogue\"]\n"
                          "identifier: urn:uuid:12345678-1234-5678-1234-567812345678\n"
                          "cover: images/cover.jpg\n"
                          "series-editor: Someone Else\n"
                          "---\n"
                          "Body\n",
                          &fm, &err);
  OK(doc != NULL);
  if (!doc)
    return;
  INT_EQ(fm.present, 1);
  STR_EQ(meta(doc, "title"), "Kazakhstan at 34");
  STR_EQ(meta(doc, "subtitle"), "An interview with the OSCE's envoy");
  STR_EQ(meta(doc, "author"), "Assel Satubaldina");
  STR_EQ(meta(doc, "date"), "2026-01-30");
  STR_EQ(meta(doc, "language"), "en-GB");
  STR_EQ(meta(doc, "publisher"), "The Astana Times");
  STR_EQ(meta(doc, "rights"), "CC BY 4.0");
  STR_EQ(meta(doc, "description"), "Thirty-four years of cooperation.");
  STR_EQ(meta(doc, "subject"), "Diplomacy");
  INT_EQ(galley_meta_get_count(galley_doc_get_meta(doc), "keywords"), 3);
  STR_EQ(galley_meta_get_nth(galley_doc_get_meta(doc), "keywords", 2),
         "security, dialogue");
  STR_EQ(meta(doc, "identifier"), "urn:uuid:12345678-1234-5678-1234-567812345678");
  STR_EQ(meta(doc, "cover"), "images/cover.jpg");
  STR_EQ(meta(doc, "series-editor"), "Someone Else"); /* unknown keys kept */
  INT_EQ(fm.body_line, 16);
  galley_frontmatter_free(&fm);
  galley_doc_free(doc);
}

static void test_synonyms_and_lists(void)
{
  galley_frontmatter fm;
  galley_error err;
  galley_meta *m;
  galley_doc *doc = apply("---\n"
                          "lang: kk\n"
                          "Author:\n"
                          "  - First Author\n"
                          "  - 'Second Author'   # a comment\n"
                          "\n"
                          "  # a comment inside the list\n"
                          "  - \"Third, Author\"\n"
                          "author: Fourth Author\n"
                          "tags:\n"
                          "- one\n"
                          "- two\n"
                          "subject: [a, b]\n"
                          "empty:\n"
                          "nothing: ~\n"
                          "quoted-null: 'null'\n"
                          "...\n",
                          &fm, &err);
  OK(doc != NULL);
  if (!doc)
    return;
  m = galley_doc_get_meta(doc);
  STR_EQ(meta(doc, "language"), "kk");
  INT_EQ(galley_meta_get_count(m, "author"), 4);
  STR_EQ(galley_meta_get_nth(m, "author", 1), "Second Author");
  STR_EQ(galley_meta_get_nth(m, "author", 2), "Third, Author");
  STR_EQ(galley_meta_get_nth(m, "author", 3), "Fourth Author");
  INT_EQ(galley_meta_get_count(m, "keywords"), 2); /* tags is a synonym */
  STR_EQ(galley_meta_get_nth(m, "keywords", 1), "two");
  INT_EQ(galley_meta_get_count(m, "subject"), 2);
  INT_EQ(galley_meta_get_count(m, "empty"), 0);
  INT_EQ(galley_meta_get_count(m, "nothing"), 0); /* YAML null */
  STR_EQ(meta(doc, "quoted-null"), "null");
  INT_EQ(fm.body_line, 18);
  galley_frontmatter_free(&fm);
  galley_doc_free(doc);
}

static void test_scalars(void)
{
  galley_frontmatter fm;
  galley_error err;
  galley_doc *doc = apply("---\n"
                          "title: \"Tab\\there \\\"quoted\\\" \\u00e9\\x41 \\U0001F600 \\ud83d\\ude00\"\n"
                          "subtitle: A plain value: with a colon # and a comment\n"
                          "description: a long plain value\n"
                          "  folded over\n"
                          "  three lines\n"
                          "rights: |\n"
                          "  Line one\n"
                          "  Line two\n"
                          "\n"
                          "publisher: >-\n"
                          "  Folded\n"
                          "  publisher\n"
                          "date: \"2026-01-30\"   # quoted, then a comment\n"
                          "identifier: 'it''s #1'\n"
                          "source: \"\\0nul\"\n"
                          "---\n",
                          &fm, &err);
  OK(doc != NULL);
  if (!doc)
    return;
  STR_EQ(meta(doc, "title"), "Tab\there \"quoted\" \xC3\xA9" "A \xF0\x9F\x98\x80 \xF0\x9F\x98\x80");
  STR_EQ(meta(doc, "subtitle"), "A plain value: with a colon");
  STR_EQ(meta(doc, "description"), "a long plain value folded over three lines");
  STR_EQ(meta(doc, "rights"), "Line one\nLine two");
  STR_EQ(meta(doc, "publisher"), "Folded publisher");
  STR_EQ(meta(doc, "date"), "2026-01-30");
  STR_EQ(meta(doc, "identifier"), "it's #1");
  STR_EQ(meta(doc, "source"), "\xEF\xBF\xBDnul"); /* NUL becomes U+FFFD */
  galley_frontmatter_free(&fm);
  galley_doc_free(doc);
}

/* Quoted values wrapped over several lines, as PyYAML writes a long
 * title: a break folds to a space, a blank line to a newline, a break
 * after a backslash to nothing. */
static void test_multiline_quoted(void)
{
  galley_frontmatter fm;
  galley_error err;
  galley_doc *doc = apply("---\n"
                          "title: \"Executive Order on the Reunification\\\n"
                          "  \\ of\\_Families\"\n"
                          "subtitle: \"one  \n"
                          "    two\n"
                          "\n"
                          "  three\"   # a comment\n"
                          "description: 'it''s\n"
                          "  wrapped'\n"
                          "rights: \"ends with a backslash \\\\\n"
                          "  next\"\n"
                          "---\n",
                          &fm, &err);
  OK(doc != NULL);
  if (!doc)
    return;
  STR_EQ(meta(doc, "title"), "Executive Order on the Reunification of\xC2\xA0" "Families");
  STR_EQ(meta(doc, "subtitle"), "one two\nthree");
  STR_EQ(meta(doc, "description"), "it's wrapped");
  STR_EQ(meta(doc, "rights"), "ends with a backslash \\ next");
  galley_frontmatter_free(&fm);
  galley_doc_free(doc);
}

static void test_detection(void)
{
  galley_frontmatter fm;
  galley_error err;
  galley_doc *doc;
  /* a BOM, CRLF line ends and trailing spaces on the delimiters */
  doc = apply("\xEF\xBB\xBF---  \r\ntitle: BOM\r\n---\t\r\nBody\r\n", &fm, &err);
  OK(doc != NULL);
  if (doc) {
    INT_EQ(fm.present, 1);
    STR_EQ(meta(doc, "title"), "BOM");
    INT_EQ(fm.body_line, 4);
    INT_EQ(fm.body_offset, strlen("\xEF\xBB\xBF---  \r\ntitle: BOM\r\n---\t\r\n"));
  }
  galley_frontmatter_free(&fm);
  galley_doc_free(doc);
  /* "---" then a blank line is a thematic break, as in pandoc */
  OK(!galley_frontmatter_is_present("---\n\nText\n", 10));
  OK(!galley_frontmatter_is_present("---\n", 4));
  OK(!galley_frontmatter_is_present("----\ntitle: x\n---\n", 18));
  OK(!galley_frontmatter_is_present("Text\n---\ntitle: x\n---\n", 22));
  OK(galley_frontmatter_is_present("---\ntitle: x\n---\n", 17));
  doc = apply("# No front matter\n", &fm, &err);
  OK(doc != NULL);
  INT_EQ(fm.present, 0);
  INT_EQ(fm.body_offset, 0);
  INT_EQ(galley_meta_get_size(galley_doc_get_meta(doc)), 0);
  galley_frontmatter_free(&fm);
  galley_doc_free(doc);
}

/* A malformed block fails with GALLEY_ERR_DATA at `line` (and `col` when
 * not 0), and a message holding `word`. */
static void expect_error(const char *text, int line, int col, const char *word)
{
  galley_frontmatter fm;
  galley_error err;
  galley_doc *doc = apply(text, &fm, &err);
  OK(doc == NULL);
  INT_EQ(err.code, GALLEY_ERR_DATA);
  INT_EQ(err.line, line);
  if (col)
    INT_EQ(err.col, col);
  OK(strstr(err.message, word) != NULL);
  STR_EQ(err.file, ""); /* the caller names the file */
  galley_frontmatter_free(&fm);
  galley_doc_free(doc);
}

static void test_malformed(void)
{
  /* a line that is neither key: value, a list item nor a comment */
  expect_error("---\ntitle: A\nJust some words\n---\n", 3, 1, "expected 'key: value'");
  /* quotes and brackets that never close */
  expect_error("---\ntitle: \"Unclosed\n---\n", 2, 8, "unclosed double quote");
  expect_error("---\nauthor: x\nsubtitle: 'Unclosed\n---\n", 3, 11, "unclosed single quote");
  expect_error("---\nkeywords: [a, b\n---\n", 2, 11, "unclosed '['");
  /* a wrapped quote that never closes names the line that opened it */
  expect_error("---\ntitle: \"Wrapped\n  over a line\nauthor: x\n---\n", 2, 8,
               "unclosed double quote");
  expect_error("---\ntitle: \"Closed\n  then\" text\n---\n", 3, 9,
               "unexpected text after a quoted value");
  /* a block that never closes names the line that opened it */
  expect_error("---\ntitle: A\nauthor: B\n\nBody text.\n", 1, 0, "never closes");
  /* structures we do not read */
  expect_error("---\nauthor:\n  name: A\n---\n", 3, 3, "nested mappings");
  expect_error("---\ntitle: A\n  sub: B\n---\n", 3, 3, "nested mappings");
  expect_error("---\ntitle: {a: b}\n---\n", 2, 8, "nested mappings");
  expect_error("---\n- orphan item\n---\n", 2, 1, "must follow");
  expect_error("---\nauthor:\n  - name: A\n---\n", 3, 0, "lists of mappings");
  expect_error("---\ntitle: &anchor A\n---\n", 2, 8, "must be quoted");
  expect_error("---\ntitle: *Emphasis*\n---\n", 2, 8, "must be quoted");
  expect_error("---\ntitle: \"A\" B\n---\n", 2, 12, "after a quoted value");
  expect_error("---\ntitle: \"bad \\q escape\"\n---\n", 2, 0, "unknown escape");
  expect_error("---\ntitle: \"\\u12\"\n---\n", 2, 0, "hex digits");
  expect_error("---\ntitle: 'A'\n   stray\n---\n", 3, 4, "continues nothing");
}

static void test_parse_lines(void)
{
  /* the same parser reads a block without delimiters, with its own first
   * line number (for the plain-text reader's Key: value block) */
  galley_frontmatter fm;
  galley_error err;
  galley_frontmatter_init(&fm);
  galley_error_clear(&err);
  INT_EQ(galley_frontmatter_parse_lines("Title: A\nAuthor: B\n", 19, 1, &fm, &err),
         GALLEY_OK);
  INT_EQ(fm.count, 2);
  STR_EQ(fm.items[1].key, "Author");
  INT_EQ(fm.items[1].line, 2);
  galley_frontmatter_free(&fm);
  galley_frontmatter_init(&fm);
  INT_EQ(galley_frontmatter_parse_lines("Title: A\nnot a pair\n", 20, 7, &fm, &err),
         GALLEY_ERR_DATA);
  INT_EQ(err.line, 8);
  galley_frontmatter_free(&fm);
}

int main(void)
{
  RUN(test_every_key);
  RUN(test_synonyms_and_lists);
  RUN(test_scalars);
  RUN(test_multiline_quoted);
  RUN(test_detection);
  RUN(test_malformed);
  RUN(test_parse_lines);
  return harness_report();
}
