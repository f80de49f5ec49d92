/* test_markdown_parts.c: a long Markdown text read in parts
 * (src/read/markdown_chunk.c) gives the model and the warnings it gives
 * read whole: on every Markdown file of the repository, split as small as
 * the planner allows, and on texts made at random of the constructs that
 * could be cut wrongly (fences and raw HTML spanning blank lines, headings
 * in quotes and lists, setext headings, tables). */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"
#include "harness.h"
#include "read/markdown_private.h"
#include "util/buf.h"

static int read_in_parts_count; /* texts read in two parts or more */

static int compare_lines(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The warnings of `d`, "line:col message" each, sorted, in one string. */
static char *sorted_warnings(const galley_diag *d)
{
  int n = galley_diag_get_count(d), i;
  char **lines = calloc((size_t)n + 1, sizeof *lines);
  galley_buf out = GALLEY_BUF_INIT;
  for (i = 0; i < n; i++) {
    galley_buf b = GALLEY_BUF_INIT;
    int line, col;
    const char *m = galley_diag_get(d, i, &line, &col);
    galley_buf_printf(&b, "%08d:%04d %s\n", line, col, m);
    lines[i] = galley_buf_detach(&b, NULL);
  }
  qsort(lines, (size_t)n, sizeof *lines, compare_lines);
  for (i = 0; i < n; i++) {
    galley_buf_puts(&out, lines[i]);
    free(lines[i]);
  }
  free(lines);
  galley_buf_puts(&out, "");
  return galley_buf_detach(&out, NULL);
}

/* Reads md whole and in parts of `part` bytes; checks that both give the
 * same dump and warnings. Returns the number of parts it was read in. */
static int same_in_parts(const char *name, const char *md, size_t len, size_t part)
{
  galley_read_options ro;
  galley_error err;
  galley_diag *da = galley_diag_new(), *db = galley_diag_new();
  galley_doc *a, *b;
  int parts = 0, same;
  memset(&ro, 0, sizeof ro);
  ro.file_name = "article.md";
  a = md_read_markdown(md, len, NULL, &ro, da, &err, 0, NULL);
  if (!a) /* an input the reader refuses (a broken front matter) */
    fprintf(stderr, "%s: %s\n", name, err.message);
  b = md_read_markdown(md, len, NULL, &ro, db, &err, part, &parts);
  OK((a != NULL) == (b != NULL));
  if (a && b) {
    char *x = galley_doc_dump(a, 0), *y = galley_doc_dump(b, 0);
    same = strcmp(x, y) == 0;
    if (!same)
      fprintf(stderr, "%s, parts of %zu bytes (%d parts): the model differs\n", name, part,
              parts);
    OK(same);
    free(x);
    free(y);
  }
  /* The same warnings; those said before the walk (a table row longer
   * than its header) come part by part, among the walk's. */
  {
    char *x = sorted_warnings(da), *y = sorted_warnings(db);
    same = strcmp(x, y) == 0;
    if (!same)
      fprintf(stderr, "%s, parts of %zu: the warnings differ:\n%s---\n%s", name, part, x, y);
    OK(same);
    free(x);
    free(y);
  }
  galley_doc_free(a);
  galley_doc_free(b);
  galley_diag_free(da);
  galley_diag_free(db);
  if (parts > 1)
    read_in_parts_count++;
  return parts;
}

/* Every .md file of the repository's tests, in parts of 1 to 4096 bytes. */
static void test_repository_texts(void)
{
  static const char *const dirs[] = {"tests/golden-md", "tests/corpus/texts",
                                     "tests/fuzz/corpus/markdown", "tests/epub", "input"};
  static const size_t parts[] = {1, 64, 512, 4096};
  size_t d, k;
  int files = 0, before = read_in_parts_count;
  for (d = 0; d < sizeof dirs / sizeof *dirs; d++) {
    char path[4096];
    DIR *dir;
    struct dirent *e;
    snprintf(path, sizeof path, "%s/%s", GALLEY_TEST_SOURCE_DIR, dirs[d]);
    dir = opendir(path);
    OK(dir != NULL);
    if (!dir)
      continue;
    while ((e = readdir(dir)) != NULL) {
      size_t len, nl = strlen(e->d_name);
      char *md;
      if (nl < 4 || strcmp(e->d_name + nl - 3, ".md") != 0)
        continue;
      snprintf(path, sizeof path, "%s/%s/%s", GALLEY_TEST_SOURCE_DIR, dirs[d], e->d_name);
      md = galley_file_read(path, &len, NULL);
      OK(md != NULL);
      if (!md)
        continue;
      files++;
      for (k = 0; k < sizeof parts / sizeof *parts; k++) {
        int got = same_in_parts(e->d_name, md, len, parts[k]);
        if (getenv("SHOW_PARTS")) {
          md_parts plan;
          int planned = md_plan_parts(md, len, parts[k], &plan) ? plan.count : 1;
          md_parts_free(&plan);
          fprintf(stderr, "%s %zu: %d parts of %d planned\n", e->d_name, parts[k], got, planned);
        }
      }
      free(md);
    }
    closedir(dir);
  }
  OK(files >= 80);
  /* the planner does cut real texts */
  OK(read_in_parts_count - before >= 25);
}

/* Pieces of Markdown, among them every construct that may hold a line
 * "# ..." after a blank line that is not a heading of the document. */
static const char *const pieces[] = {
    "# Chapter\n\n",
    "## Section\n\n",
    "### Part\n\n",
    "Paragraph with *emphasis*, \"quotes\" -- and dashes.\nIts second line.\n\n",
    "Another paragraph, one line.\n\n",
    "Setext title\n============\n\n",
    "Setext second\n-------------\n\n",
    "```\ncode\n\n# not a heading\n```\n\n",
    "```\nan unclosed fence\n\n# inside it?\n\n",
    "~~~python\nx = 1\n\n# comment\n~~~\n\n",
    "<!-- a comment\n\n# hidden\n-->\n\n",
    "<div>\nhtml\n</div>\n\n",
    "<script>\nvar a;\n\n# x\n</script>\n\n",
    "> a quote\n> # a quoted heading\n\n",
    "> # quoted\n\n",
    "- item one\n- item two\n\n  continued\n\n",
    "1. first\n2. second\n\n",
    "- a\n\n  ```\n  a fence in an item\n\n",
    "- # a heading in an item\n\n",
    "| a | b |\n|---|---|\n| 1 | 2 | 3 |\n\n",
    "    indented code\n\n    # not a heading\n\n",
    "Text with no blank line after\n# A heading right after\n\n",
    "***\n\n",
    "A <b>bold</b> tag and <i>italics</i>\n\n",
    "#hashtag, no heading\n\n",
    "- [ ] a task\n- [x] done\n\n",
    "~~struck~~ text\n\n",
    "A Heading Shaped Line\n\n",
    "Text\n\n\n\n",
    "<pre>\n\n# pre\n\n</pre>\n\n",
    "  # indented heading\n\n",
    "Para\n===\n\n",
    "See [the site][ref], a note[^1] and [another][gone].\n\n",
    "[ref]: https://example.org\n\n[^1]: The note.\n\n",
    "A line ended\rby a carriage return alone, and a <!-- dropped --> comment\n\n",
    "Lines ended\r\nas Windows ends them\r\n\r\n",
};

static unsigned next_random(unsigned *seed)
{
  *seed = *seed * 1103515245u + 12345u;
  return (*seed >> 16) & 0x7fff;
}

/* Texts made of pieces at random, in parts of 1 to 300 bytes. */
static void test_random_texts(void)
{
  unsigned seed = 12345;
  int t, split = 0, again = 0;
  for (t = 0; t < 500; t++) {
    galley_buf md = GALLEY_BUF_INIT;
    int n = 3 + (int)(next_random(&seed) % 40), i;
    char name[32];
    for (i = 0; i < n; i++)
      galley_buf_puts(&md, pieces[next_random(&seed) % (sizeof pieces / sizeof *pieces)]);
    snprintf(name, sizeof name, "random text %d", t);
    {
      size_t part = 1 + next_random(&seed) % 300;
      md_parts plan;
      int got = same_in_parts(name, md.ptr, md.len, part);
      int planned = md_plan_parts(md.ptr, md.len, part, &plan) ? plan.count : 1;
      md_parts_free(&plan);
      split += got > 1;
      again += planned > 1 && got == 1; /* read whole after all */
    }
    galley_buf_free(&md);
  }
  /* both ways are taken: parts, and a plan given up for the whole text */
  OK(split >= 40);
  OK(again >= 10);
  if (getenv("SHOW_PARTS"))
    fprintf(stderr, "random texts: %d read in parts, %d read again whole\n", split, again);
}

/* A book of chapters is read in parts; a heading the scan cannot see (in
 * a quote) makes it read whole, the same model either way. */
static void test_book(void)
{
  galley_buf md = GALLEY_BUF_INIT;
  int i;
  galley_buf_puts(&md, "# The Book\n\nA standfirst\n\n");
  for (i = 1; i <= 30; i++)
    galley_buf_printf(&md, "## Chapter %d\n\nIt was a day like any other, %d.\n\n", i, i);
  OK(same_in_parts("book", md.ptr, md.len, 200) >= 5);
  galley_buf_puts(&md, "> # A Quoted Heading\n\n");
  INT_EQ(same_in_parts("book and a quoted heading", md.ptr, md.len, 200), 1);
  galley_buf_free(&md);
}

/* Whether the plan of `md` (in parts of 1 byte) ends a part right
 * before the line `at` begins with. */
static int ends_before(const char *md, const char *at)
{
  md_parts plan;
  const char *p = strstr(md, at);
  int i, found = 0;
  if (!p || !md_plan_parts(md, strlen(md), 1, &plan))
    return 0;
  for (i = 0; i < plan.count; i++)
    found |= plan.ends[i] == (size_t)(p - md);
  md_parts_free(&plan);
  return found;
}

/* The planner's own rules, each on its own. */
static void test_plan(void)
{
  static const char open[] = "# T\n\nOne.\n\nTwo.\n\nThree.\n\n";
  char md[512];
  md_parts plan;
  snprintf(md, sizeof md, "%s# A\n\nText.\n\n# B\n\nText.\n", open);
  OK(ends_before(md, "# A") && ends_before(md, "# B"));
  /* not inside a fence, nor right after one */
  snprintf(md, sizeof md, "%s```\n\nx\n\n# F\n```\n\n# A\n\nText.\n\n# B\n", open);
  OK(!ends_before(md, "# F") && !ends_before(md, "# A") && ends_before(md, "# B"));
  snprintf(md, sizeof md, "%s~~~~\n\nx\n\n# F\n~~~\n\nx\n\n# G\n~~~~\n\nText.\n\n# B\n", open);
  OK(!ends_before(md, "# F") && !ends_before(md, "# G") && ends_before(md, "# B"));
  /* nor inside raw HTML that ends only at its closing string */
  snprintf(md, sizeof md, "%s<!-- c\n\nx\n\n# F\n-->\n\nText.\n\n# B\n", open);
  OK(!ends_before(md, "# F") && ends_before(md, "# B"));
  snprintf(md, sizeof md, "%s<SCRIPT>\n\nx\n\n# F\n</script>\n\nText.\n\n# B\n", open);
  OK(!ends_before(md, "# F") && ends_before(md, "# B"));
  /* nor after a group with raw HTML in it */
  snprintf(md, sizeof md, "%s<div>\nx\n</div>\n\n# A\n\nText.\n\n# B\n", open);
  OK(!ends_before(md, "# A") && ends_before(md, "# B"));
  /* only before a heading at the line's start after a blank line */
  snprintf(md, sizeof md, "%sText.\n# A\n\n  # I\n\n#tag\n\n# B\n", open);
  OK(!ends_before(md, "# A") && !ends_before(md, "  # I") && ends_before(md, "# B"));
  /* the title rules' three blocks are in the first part */
  OK(!ends_before("# T\n\nOne.\n\n# A\n\nTwo.\n\n# B\n", "# A"));
  /* references and notes are the document's: read whole */
  snprintf(md, sizeof md, "%s# A\n\n[x]: https://example.org\n\n# B\n", open);
  OK(!md_plan_parts(md, strlen(md), 1, &plan));
  /* the headings counted for the title rules: the first block's left out
   * of the top level, setext ones counted, none in fences */
  snprintf(md, sizeof md, "# T\n\nOne.\n\nTwo.\n\nThree.\n\n### A\n\nSub\n---\n\n"
                          "```\n# F\n```\n\n# B\n");
  OK(md_plan_parts(md, strlen(md), 1, &plan));
  INT_EQ(plan.headings.h1_count, 2);
  INT_EQ(plan.headings.top, 1);
  md_parts_free(&plan);
  snprintf(md, sizeof md, "Title\n=====\n\nOne.\n\nTwo.\n\n### A\n\nText.\n\n## B\n");
  OK(md_plan_parts(md, strlen(md), 1, &plan));
  INT_EQ(plan.headings.h1_count, 1);
  INT_EQ(plan.headings.top, 2);
  md_parts_free(&plan);
}

int main(void)
{
  RUN(test_plan);
  RUN(test_book);
  RUN(test_random_texts);
  RUN(test_repository_texts);
  return harness_report();
}
