/* test_markdown.c: galley_read_markdown: each CommonMark construct's node
 * in the model, lines, the title rules, figures and credits, raw HTML,
 * cleaning, front matter errors and pathological nesting; GitHub's
 * tables, footnotes, struck text, task items and autolinks; the
 * warnings for what galley does not set (math, attributes, ...). */
#include <stdlib.h>
#include <string.h>

#include "galley.h"
#include "harness.h"

static galley_diag *last_diag;

/* Reads `md` with `flags` as "article.md"; the warnings stay in
 * last_diag until the next call. Checks the model's invariants. */
static galley_doc *read_md(const char *md, unsigned flags)
{
  galley_read_options ro;
  galley_error err;
  galley_doc *doc;
  memset(&ro, 0, sizeof ro);
  ro.file_name = "article.md";
  ro.flags = flags;
  galley_diag_free(last_diag);
  last_diag = galley_diag_new();
  galley_error_clear(&err);
  doc = galley_read_markdown(md, strlen(md), &ro, last_diag, &err);
  OK(doc != NULL);
  if (doc) {
    galley_doc_assign_ids(doc);
    OK(galley_doc_check(doc, &err));
  }
  return doc;
}

/* The n-th node (0-based, document order) of `type`, or NULL. */
static galley_node *find(galley_doc *doc, galley_node_type type, int n)
{
  galley_iter *it = galley_iter_new(galley_doc_get_root(doc));
  galley_event_type ev;
  galley_node *found = NULL;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *node = galley_iter_get_node(it);
    if (ev == GALLEY_EVENT_ENTER && galley_node_get_type(node) == type && n-- == 0) {
      found = node;
      break;
    }
  }
  galley_iter_free(it);
  return found;
}

static int count(galley_doc *doc, galley_node_type type)
{
  int n = 0;
  while (find(doc, type, n))
    n++;
  return n;
}

/* The plain text of a node, in a static buffer. */
static const char *text_of(galley_node *n)
{
  static char buf[1024];
  char *t = n ? galley_node_get_plain_text(n) : NULL;
  strncpy(buf, t ? t : "(null)", sizeof buf - 1);
  free(t);
  return buf;
}

static const char *str(const char *s)
{
  return s ? s : "(null)";
}

/* Whether some warning holds `word` at `line`. */
static int has_warning(const char *word, int line)
{
  int i, l;
  for (i = 0; i < galley_diag_get_count(last_diag); i++)
    if (strstr(galley_diag_get(last_diag, i, &l, NULL), word) && l == line)
      return 1;
  return 0;
}

static void test_blocks(void)
{
  galley_doc *doc = read_md("Intro with *em*, **strong**, `code` and a [link](https://example.org \"Ex\").\n"
                            "Soft break here,  \n"
                            "hard break before this.\n"
                            "\n"
                            "## Section\n"
                            "\n"
                            "> Quoted\n"
                            "> > Nested quote\n"
                            "\n"
                            "3. three\n"
                            "4. four\n"
                            "   - nested bullet\n"
                            "\n"
                            "- loose\n"
                            "\n"
                            "- list\n"
                            "\n"
                            "```python extra\n"
                            "print(1)\n"
                            "\n"
                            "```\n"
                            "\n"
                            "    indented code\n"
                            "\n"
                            "***\n"
                            "\n"
                            "Setext heading\n"
                            "--------------\n",
                            0);
  galley_node *p, *n, *list;
  if (!doc)
    return;
  p = find(doc, GALLEY_NODE_PARAGRAPH, 0);
  INT_EQ(galley_node_get_line(p), 1);
  STR_EQ(galley_node_get_rule(p), "markdown");
  STR_EQ(text_of(p), "Intro with em, strong, code and a link. Soft break here, hard break before this.");
  STR_EQ(text_of(find(doc, GALLEY_NODE_EMPH, 0)), "em");
  STR_EQ(text_of(find(doc, GALLEY_NODE_STRONG, 0)), "strong");
  STR_EQ(galley_node_get_literal(find(doc, GALLEY_NODE_CODE, 0), NULL), "code");
  n = find(doc, GALLEY_NODE_LINK, 0);
  STR_EQ(str(galley_node_get_url(n)), "https://example.org");
  STR_EQ(str(galley_node_get_title(n)), "Ex");
  INT_EQ(count(doc, GALLEY_NODE_LINEBREAK), 1);
  INT_EQ(galley_node_get_line(find(doc, GALLEY_NODE_LINEBREAK, 0)), 2);

  n = find(doc, GALLEY_NODE_HEADING, 0);
  INT_EQ(galley_node_get_level(n), 1); /* the highest heading is level 1 */
  INT_EQ(galley_node_get_line(n), 5);
  INT_EQ(count(doc, GALLEY_NODE_BLOCK_QUOTE), 2);
  INT_EQ(galley_node_get_type(galley_node_parent(find(doc, GALLEY_NODE_BLOCK_QUOTE, 1))),
         GALLEY_NODE_BLOCK_QUOTE);
  INT_EQ(galley_node_get_line(find(doc, GALLEY_NODE_BLOCK_QUOTE, 1)), 8);

  list = find(doc, GALLEY_NODE_LIST, 0);
  INT_EQ(galley_node_get_list_ordered(list), 1);
  INT_EQ(galley_node_get_list_start(list), 3);
  INT_EQ(galley_node_get_list_tight(list), 1);
  n = find(doc, GALLEY_NODE_LIST, 1); /* the nested one */
  INT_EQ(galley_node_get_list_ordered(n), 0);
  INT_EQ(galley_node_get_type(galley_node_parent(n)), GALLEY_NODE_ITEM);
  INT_EQ(galley_node_get_line(n), 12);
  n = find(doc, GALLEY_NODE_LIST, 2);
  INT_EQ(galley_node_get_list_tight(n), 0);
  INT_EQ(galley_node_get_list_start(n), 1);

  n = find(doc, GALLEY_NODE_CODE_BLOCK, 0);
  STR_EQ(galley_node_get_literal(n, NULL), "print(1)\n"); /* last line end dropped */
  STR_EQ(str(galley_node_get_title(n)), "python extra");
  INT_EQ(galley_node_get_line(n), 18);
  n = find(doc, GALLEY_NODE_CODE_BLOCK, 1);
  STR_EQ(galley_node_get_literal(n, NULL), "indented code");
  OK(galley_node_get_title(n) == NULL);
  INT_EQ(galley_node_get_line(find(doc, GALLEY_NODE_THEMATIC_BREAK, 0)), 25);
  n = find(doc, GALLEY_NODE_HEADING, 1);
  INT_EQ(galley_node_get_level(n), 1);
  STR_EQ(text_of(n), "Setext heading");
  INT_EQ(galley_diag_get_count(last_diag), 0);
  galley_doc_free(doc);
}

static void test_title_rules(void)
{
  galley_doc *doc;
  galley_node *t;
  /* one # at the top: the title; ## becomes level 1 */
  doc = read_md("\n# Kazakhstan *at* 34\n\nLede.\n\n## History\n\n### Detail\n", 0);
  if (!doc)
    return;
  STR_EQ(str(galley_meta_get(galley_doc_get_meta(doc), "title")), "Kazakhstan at 34");
  t = find(doc, GALLEY_NODE_TITLE, 0);
  STR_EQ(text_of(t), "Kazakhstan at 34");
  STR_EQ(str(galley_node_get_rule(t)), "first-h1-as-title");
  INT_EQ(galley_node_get_line(t), 2);
  INT_EQ(count(doc, GALLEY_NODE_HEADING), 2);
  INT_EQ(galley_node_get_level(find(doc, GALLEY_NODE_HEADING, 0)), 1);
  INT_EQ(galley_node_get_level(find(doc, GALLEY_NODE_HEADING, 1)), 2);
  galley_doc_free(doc);

  /* two # headings: sections, and the title comes from the file name
   * (title.h, the rule both readers share: capitalised) */
  doc = read_md("# One\n\n# Two\n", 0);
  INT_EQ(count(doc, GALLEY_NODE_HEADING), 2);
  INT_EQ(galley_node_get_level(find(doc, GALLEY_NODE_HEADING, 0)), 1);
  STR_EQ(str(galley_meta_get(galley_doc_get_meta(doc), "title")), "Article");
  STR_EQ(str(galley_node_get_rule(find(doc, GALLEY_NODE_TITLE, 0))), "title-from-file-name");
  galley_doc_free(doc);

  /* a # heading that is not at the top stays a heading */
  doc = read_md("Intro.\n\n# Late\n\n## Sub\n", 0);
  INT_EQ(galley_node_get_level(find(doc, GALLEY_NODE_HEADING, 0)), 1);
  INT_EQ(galley_node_get_level(find(doc, GALLEY_NODE_HEADING, 1)), 2);
  galley_doc_free(doc);

  /* a front-matter title wins; a # repeating it is dropped */
  doc = read_md("---\ntitle: Kazakhstan at 34\n---\n# KAZAKHSTAN AT 34\n\n## History\n", 0);
  STR_EQ(str(galley_meta_get(galley_doc_get_meta(doc), "title")), "Kazakhstan at 34");
  INT_EQ(count(doc, GALLEY_NODE_HEADING), 1);
  INT_EQ(galley_node_get_level(find(doc, GALLEY_NODE_HEADING, 0)), 1);
  INT_EQ(galley_node_get_line(find(doc, GALLEY_NODE_HEADING, 0)), 6);
  galley_doc_free(doc);
  /* ... and a different # stays a level-1 heading */
  doc = read_md("---\ntitle: Kazakhstan at 34\n---\n# Introduction\n\n## History\n", 0);
  INT_EQ(count(doc, GALLEY_NODE_HEADING), 2);
  INT_EQ(galley_node_get_level(find(doc, GALLEY_NODE_HEADING, 1)), 2);
  galley_doc_free(doc);

  /* the highest heading becomes level 1, gaps kept */
  doc = read_md("### A\n\n##### B\n\n### C\n", 0);
  INT_EQ(galley_node_get_level(find(doc, GALLEY_NODE_HEADING, 0)), 1);
  INT_EQ(galley_node_get_level(find(doc, GALLEY_NODE_HEADING, 1)), 3);
  galley_doc_free(doc);

  /* GALLEY_OPT_NO_TITLE derives nothing */
  doc = read_md("# Only\n\nText\n", GALLEY_OPT_NO_TITLE);
  OK(galley_meta_get(galley_doc_get_meta(doc), "title") == NULL);
  INT_EQ(count(doc, GALLEY_NODE_HEADING), 1);
  galley_doc_free(doc);
}

static void test_front_matter(void)
{
  galley_read_options ro;
  galley_error err;
  galley_doc *doc = read_md("\xEF\xBB\xBF---\r\n"
                            "title: A title\r\n"
                            "author: [Ann, Bob]\r\n"
                            "date: 2026-01-30\r\n"
                            "---\r\n"
                            "\r\n"
                            "First paragraph.\r\n",
                            0);
  galley_node *tb;
  if (!doc)
    return;
  tb = galley_node_first_child(galley_doc_get_root(doc));
  INT_EQ(galley_node_get_type(tb), GALLEY_NODE_TITLE_BLOCK);
  STR_EQ(text_of(find(doc, GALLEY_NODE_BYLINE, 0)), "By Ann and Bob");
  STR_EQ(text_of(find(doc, GALLEY_NODE_DATE, 0)), "30 January 2026");
  INT_EQ(galley_node_get_line(find(doc, GALLEY_NODE_PARAGRAPH, 0)), 7);
  galley_doc_free(doc);

  /* malformed: NULL, GALLEY_ERR_DATA, the offending line */
  memset(&ro, 0, sizeof ro);
  galley_error_clear(&err);
  {
    static const char bad[] = "---\ntitle: ok\nauthor \"x\"\n---\nBody\n";
    doc = galley_read_markdown(bad, sizeof bad - 1, &ro, NULL, &err);
  }
  OK(doc == NULL);
  INT_EQ(err.code, GALLEY_ERR_DATA);
  INT_EQ(err.line, 3);
  galley_error_clear(&err);
  {
    static const char unclosed[] = "---\ntitle: ok\n\nBody\n";
    doc = galley_read_markdown(unclosed, sizeof unclosed - 1, &ro, NULL, &err);
  }
  OK(doc == NULL);
  INT_EQ(err.line, 1);
  /* "---" then a blank line: a thematic break, not front matter */
  doc = read_md("---\n\nBody\n", 0);
  INT_EQ(count(doc, GALLEY_NODE_THEMATIC_BREAK), 1);
  galley_doc_free(doc);
}

static void test_figures(void)
{
  galley_doc *doc = read_md("![Rogov at his desk](images/rogov.jpg \"Alexey Rogov in Astana. "
                            "Photo credit: Fatima Kemelova/ The Astana Times\")\n"
                            "\n"
                            "![The OSCE office](images/office.png)\n"
                            "\n"
                            "![Photo: AP](images/credit-only.png)\n"
                            "\n"
                            "![](images/bare.png)\n"
                            "\n"
                            "A map ![route *map*](images/map.png) in the text.\n"
                            "\n"
                            "[![linked](images/linked.png)](https://example.org)\n",
                            0);
  galley_node *fig, *img, *c;
  if (!doc)
    return;
  INT_EQ(count(doc, GALLEY_NODE_FIGURE), 4);
  fig = find(doc, GALLEY_NODE_FIGURE, 0);
  STR_EQ(str(galley_node_get_rule(fig)), "image-alone-as-figure");
  img = galley_node_first_child(fig);
  INT_EQ(galley_node_get_type(img), GALLEY_NODE_IMAGE);
  STR_EQ(str(galley_node_get_url(img)), "images/rogov.jpg");
  STR_EQ(text_of(img), "Rogov at his desk"); /* alt text */
  INT_EQ(galley_node_get_line(img), 1);
  c = galley_node_next(img);
  INT_EQ(galley_node_get_type(c), GALLEY_NODE_CAPTION);
  STR_EQ(text_of(c), "Alexey Rogov in Astana.");
  STR_EQ(str(galley_node_get_rule(c)), "image-title-as-caption");
  c = galley_node_next(c);
  INT_EQ(galley_node_get_type(c), GALLEY_NODE_CREDIT);
  STR_EQ(text_of(c), "Photo credit: Fatima Kemelova/ The Astana Times");

  fig = find(doc, GALLEY_NODE_FIGURE, 1); /* caption from the alt text */
  c = galley_node_last_child(fig);
  STR_EQ(text_of(c), "The OSCE office");
  STR_EQ(str(galley_node_get_rule(c)), "image-alt-as-caption");
  INT_EQ(galley_node_get_line(fig), 3);
  fig = find(doc, GALLEY_NODE_FIGURE, 2); /* a credit alone */
  INT_EQ(galley_node_get_type(galley_node_last_child(fig)), GALLEY_NODE_CREDIT);
  INT_EQ(galley_node_get_type(galley_node_previous(galley_node_last_child(fig))),
         GALLEY_NODE_IMAGE);
  fig = find(doc, GALLEY_NODE_FIGURE, 3); /* no text at all: no caption */
  OK(galley_node_first_child(fig) == galley_node_last_child(fig));

  /* an image inside running text stays inline, with its line */
  img = find(doc, GALLEY_NODE_IMAGE, 4);
  INT_EQ(galley_node_get_type(galley_node_parent(img)), GALLEY_NODE_PARAGRAPH);
  STR_EQ(text_of(img), "route map");
  INT_EQ(galley_node_get_type(galley_node_first_child(img)), GALLEY_NODE_TEXT);
  INT_EQ(galley_node_get_line(img), 9);
  /* an image in a link is not a figure */
  img = find(doc, GALLEY_NODE_IMAGE, 5);
  INT_EQ(galley_node_get_type(galley_node_parent(img)), GALLEY_NODE_LINK);
  INT_EQ(galley_node_get_line(img), 11);
  galley_doc_free(doc);
}

static void test_raw_html(void)
{
  static const char md[] = "Text with <kbd class=\"x\">inline</kbd> HTML.\n"
                           "\n"
                           "<div>\n"
                           "<script>alert(1)</script>\n"
                           "</div>\n"
                           "\n"
                           "Note <!-- hidden --> here.\n"
                           "\n"
                           "<!-- a block comment -->\n"
                           "\n"
                           "<br>\n";
  galley_doc *doc = read_md(md, 0);
  galley_node *p;
  if (!doc)
    return;
  p = find(doc, GALLEY_NODE_PARAGRAPH, 0);
  STR_EQ(text_of(p), "Text with <kbd class=\"x\">inline</kbd> HTML.");
  OK(has_warning("raw HTML '<kbd class=\"x\">'", 1));
  p = find(doc, GALLEY_NODE_PARAGRAPH, 1);
  STR_EQ(str(galley_node_get_rule(p)), "raw-html-as-text");
  INT_EQ(galley_node_get_line(p), 3);
  STR_EQ(text_of(p), "<div> <script>alert(1)</script> </div>"); /* lines as breaks */
  INT_EQ(galley_node_get_type(galley_node_next(galley_node_first_child(p))),
         GALLEY_NODE_LINEBREAK);
  OK(has_warning("raw HTML block", 3));
  STR_EQ(text_of(find(doc, GALLEY_NODE_PARAGRAPH, 2)), "Note here."); /* one space */
  OK(has_warning("HTML comment dropped", 7));
  OK(has_warning("HTML comment dropped", 9));
  OK(has_warning("raw HTML block", 11));
  INT_EQ(count(doc, GALLEY_NODE_PARAGRAPH), 4);
  galley_doc_free(doc);

  doc = read_md(md, GALLEY_OPT_STRIP_HTML);
  STR_EQ(text_of(find(doc, GALLEY_NODE_PARAGRAPH, 0)), "Text with inline HTML.");
  INT_EQ(count(doc, GALLEY_NODE_PARAGRAPH), 2); /* no empty paragraphs left */
  INT_EQ(galley_diag_get_count(last_diag), 0);
  galley_doc_free(doc);
  /* formatting tags in pairs are markup: bold, italics, or their text */
  doc = read_md("A <b>bold</b> and <span class=\"x\">plain</span> <i>x</i>\n", 0);
  p = find(doc, GALLEY_NODE_PARAGRAPH, 0);
  STR_EQ(text_of(p), "A bold and plain x");
  INT_EQ(count(doc, GALLEY_NODE_STRONG), 1);
  INT_EQ(count(doc, GALLEY_NODE_EMPH), 1);
  INT_EQ(galley_diag_get_count(last_diag), 0);
  galley_doc_free(doc);
  /* a paragraph of nothing but HTML disappears when stripped */
  doc = read_md("<b></b>\n\nx <i>\n", GALLEY_OPT_STRIP_HTML);
  INT_EQ(count(doc, GALLEY_NODE_PARAGRAPH), 1);
  STR_EQ(text_of(find(doc, GALLEY_NODE_PARAGRAPH, 0)), "x");
  galley_doc_free(doc);
}

static void test_cleaning(void)
{
  /* invalid UTF-8 and a control character from an entity */
  static const char md[] = "# T\n\nBad \xFF byte.\n\nEntity &#1; and &#0; here.\n\n"
                           "`\x01`\n";
  galley_read_options ro;
  galley_error err;
  galley_doc *doc;
  galley_node *p;
  memset(&ro, 0, sizeof ro);
  galley_diag_free(last_diag);
  last_diag = galley_diag_new();
  galley_error_clear(&err);
  doc = galley_read_markdown(md, sizeof md - 1, &ro, last_diag, &err);
  OK(doc && galley_doc_check(doc, &err));
  if (!doc)
    return;
  p = find(doc, GALLEY_NODE_PARAGRAPH, 0);
  STR_EQ(text_of(p), "Bad \xEF\xBF\xBD byte.");
  OK(has_warning("invalid UTF-8", 3));
  STR_EQ(text_of(find(doc, GALLEY_NODE_PARAGRAPH, 1)), "Entity \xEF\xBF\xBD and \xEF\xBF\xBD here.");
  OK(has_warning("character reference", 5));
  OK(has_warning("control character", 7));
  galley_doc_free(doc);

  /* NULL text: an empty document for len 0, an error otherwise */
  doc = galley_read_markdown(NULL, 0, &ro, NULL, &err);
  OK(doc != NULL);
  galley_doc_free(doc);
  galley_error_clear(&err);
  OK(galley_read_markdown(NULL, 5, &ro, NULL, &err) == NULL);
  OK(err.code != GALLEY_OK);
}

/* Pathological nesting: cmark and the model are walked without
 * recursion, so thousands of levels must read, check, dump and free. */
static void test_deep_nesting(void)
{
  enum { DEPTH = 3000 };
  {
    char *md = malloc(DEPTH * 2 * (DEPTH + 8));
    size_t n = 0;
    int i, j, depth;
    galley_doc *doc;
    galley_node *node;
    char *dump;
    /* quotes: "> > > ... deep" */
    for (i = 0; i < DEPTH; i++)
      md[n++] = '>', md[n++] = ' ';
    memcpy(md + n, "deep\n\n", 6);
    n += 6;
    md[n] = '\0';
    doc = read_md(md, 0);
    INT_EQ(count(doc, GALLEY_NODE_BLOCK_QUOTE), DEPTH);
    dump = galley_doc_dump(doc, 40);
    OK(dump != NULL);
    free(dump);
    galley_doc_free(doc);

    /* lists: each line one level deeper ("- a" indented by 2 per level),
     * then "- - - ..." on one line, then quotes holding lists */
    n = 0;
    for (i = 0; i < DEPTH / 3; i++) {
      for (j = 0; j < 2 * i; j++)
        md[n++] = ' ';
      memcpy(md + n, "- a\n", 4);
      n += 4;
    }
    md[n++] = '\n';
    for (i = 0; i < DEPTH; i++)
      md[n++] = '-', md[n++] = ' ';
    memcpy(md + n, "x\n\n", 3);
    n += 3;
    for (i = 0; i < DEPTH / 2; i++)
      md[n++] = '>', md[n++] = ' ', md[n++] = '-', md[n++] = ' ';
    memcpy(md + n, "y\n", 3);
    doc = read_md(md, 0);
    OK(count(doc, GALLEY_NODE_LIST) >= DEPTH / 3 + DEPTH);
    /* the deepest paragraph of the "- - -" line sits DEPTH lists down */
    node = find(doc, GALLEY_NODE_PARAGRAPH, DEPTH / 3);
    depth = 0;
    while ((node = galley_node_parent(node)))
      depth += galley_node_get_type(node) == GALLEY_NODE_LIST;
    INT_EQ(depth, DEPTH);
    dump = galley_doc_dump(doc, 40);
    OK(dump != NULL);
    free(dump);
    galley_doc_free(doc);
    free(md);
  }
}

/* Run-in bold headings with a spaced closer, and provisions set as
 * paragraphs that open with "(a)", "(i)", "(A)". */
static void test_legal_text(void)
{
  galley_doc *doc = read_md("**Sec. 1.  Purpose.  **The fund pays for books.\n"
                            "\n"
                            "Powers: 2 ** 3 ** 2, and **x\\*\\*  **y.\n"
                            "\n"
                            "**Sec. 2.  Duties.**  The board shall:\n"
                            "\n"
                            "\\(a\\)  meet;\n"
                            "\n"
                            "(b)  report on:\n"
                            "\n"
                            "(i)  income; and\n"
                            "\n"
                            "(ii)  costs.\n"
                            "\n"
                            "(x)  An odd one out.\n",
                            0);
  galley_node *p, *list, *item;
  if (!doc)
    return;
  p = find(doc, GALLEY_NODE_PARAGRAPH, 0);
  STR_EQ(galley_node_get_rule(p), "spaced-strong-closer");
  STR_EQ(text_of(find(doc, GALLEY_NODE_STRONG, 0)), "Sec. 1.  Purpose.");
  STR_EQ(text_of(p), "Sec. 1.  Purpose.  The fund pays for books.");
  /* no opener; an opener whose text was escaped is left alone */
  p = find(doc, GALLEY_NODE_PARAGRAPH, 1);
  STR_EQ(galley_node_get_rule(p), "markdown");
  STR_EQ(text_of(p), "Powers: 2 ** 3 ** 2, and **x**  **y.");

  list = find(doc, GALLEY_NODE_LIST, 0);
  STR_EQ(galley_node_get_rule(list), "enumerated-paragraphs");
  INT_EQ(galley_node_get_list_style(list), GALLEY_LIST_LOWER_ALPHA);
  INT_EQ(galley_node_get_list_delim(list), GALLEY_LIST_PARENS);
  item = galley_node_first_child(list);
  STR_EQ(text_of(item), "meet;");
  /* (a), (b) and the odd (x) at one level, (x) kept as written */
  OK(galley_node_get_item_marker(item) && strcmp(galley_node_get_item_marker(item), "(a)") == 0);
  item = galley_node_last_child(list);
  STR_EQ(str(galley_node_get_item_marker(item)), "(x)");
  list = find(doc, GALLEY_NODE_LIST, 1);
  INT_EQ(galley_node_get_list_style(list), GALLEY_LIST_LOWER_ROMAN);
  OK(galley_node_get_item_marker(galley_node_first_child(list)) == NULL);
  INT_EQ(galley_node_get_type(galley_node_parent(list)), GALLEY_NODE_ITEM);
  INT_EQ(count(doc, GALLEY_NODE_ITEM), 5);
  galley_doc_free(doc);
}

/* GitHub's tables: a header row, then body rows, each cell with its
 * column's alignment; a short row padded to the columns, a long one cut;
 * inlines in cells; a table in a quote in a list item. */
static void test_tables(void)
{
  galley_doc *doc = read_md("| Left | Right | Centre | None |\n"
                            "|:-----|------:|:------:|------|\n"
                            "| *a* | 1 | x[^n] | ~~d~~ |\n"
                            "| short |\n"
                            "| long | 2 | 3 | 4 | five | *six* |\n"
                            "\n"
                            "- item\n"
                            "\n"
                            "  > | q |\n"
                            "  > |---|\n"
                            "  > | r |\n"
                            "\n"
                            "[^n]: In a cell.\n",
                            0);
  galley_node *table = find(doc, GALLEY_NODE_TABLE, 0), *row, *cell;
  static const galley_align aligns[] = {GALLEY_ALIGN_LEFT, GALLEY_ALIGN_RIGHT,
                                        GALLEY_ALIGN_CENTER, GALLEY_ALIGN_NONE};
  int r, c;
  OK(table != NULL);
  INT_EQ(galley_node_get_line(table), 1);
  INT_EQ(count(doc, GALLEY_NODE_TABLE), 2);
  INT_EQ(count(doc, GALLEY_NODE_TABLE_ROW), 6);
  for (row = galley_node_first_child(table), r = 0; row; row = galley_node_next(row), r++) {
    INT_EQ(galley_node_get_type(row), GALLEY_NODE_TABLE_ROW);
    INT_EQ(galley_node_get_row_header(row), r == 0);
    for (cell = galley_node_first_child(row), c = 0; cell; cell = galley_node_next(cell), c++)
      INT_EQ(galley_node_get_align(cell), aligns[c]);
    INT_EQ(c, 4); /* the short row and the long one too */
  }
  INT_EQ(r, 4);
  /* the long row's cells past the header's, as typed, in its last cell */
  STR_EQ(text_of(galley_node_last_child(galley_node_last_child(table))), "4 | five | *six*");
  OK(has_warning("more cells than its header; 'five | *six*'", 5));
  row = galley_node_next(galley_node_first_child(table));
  cell = galley_node_first_child(row);
  INT_EQ(galley_node_get_type(galley_node_first_child(cell)), GALLEY_NODE_EMPH);
  cell = galley_node_next(galley_node_next(cell));
  INT_EQ(galley_node_get_type(galley_node_last_child(cell)), GALLEY_NODE_FOOTNOTE_REF);
  INT_EQ(galley_node_get_note_number(galley_node_last_child(cell)), 1);
  cell = galley_node_next(cell);
  INT_EQ(galley_node_get_type(galley_node_first_child(cell)), GALLEY_NODE_DELETE);
  STR_EQ(text_of(galley_node_first_child(cell)), "d");
  /* the second table: in a quote in an item */
  table = find(doc, GALLEY_NODE_TABLE, 1);
  INT_EQ(galley_node_get_type(galley_node_parent(table)), GALLEY_NODE_BLOCK_QUOTE);
  INT_EQ(galley_node_get_type(galley_node_parent(galley_node_parent(table))), GALLEY_NODE_ITEM);
  INT_EQ(galley_node_get_line(table), 9);
  galley_doc_free(doc);

  /* a carriage return alone ends a line for cmark: the long row is
   * found on the line cmark gives it */
  doc = read_md("Intro\rline\n\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\n", 0);
  table = find(doc, GALLEY_NODE_TABLE, 0);
  STR_EQ(text_of(galley_node_last_child(galley_node_last_child(table))), "2 | 3");
  OK(has_warning("more cells than its header; '3'", 6));
  galley_doc_free(doc);
}

/* Footnotes: numbered in order of first citation, closing the document
 * in number order; a note cited twice, one of two paragraphs, one citing
 * itself; a citation of no note stays text; a note nothing cites is kept
 * where it stands, with a warning. */
static void test_footnotes(void)
{
  galley_doc *doc = read_md("One[^b], two[^a], one again[^b], self[^s], none[^x].\n"
                            "\n"
                            "[^a]: Note A.\n"
                            "\n"
                            "    A's second paragraph.\n"
                            "\n"
                            "[^b]: Note B.\n"
                            "\n"
                            "[^s]: Cites itself[^s].\n"
                            "\n"
                            "[^u]: Never cited.\n"
                            "\n"
                            "Last.\n",
                            0);
  galley_node *root = galley_doc_get_root(doc), *p = find(doc, GALLEY_NODE_PARAGRAPH, 0);
  galley_node *c, *note;
  int refs[8], n = 0;
  for (c = galley_node_first_child(p); c; c = galley_node_next(c))
    if (galley_node_get_type(c) == GALLEY_NODE_FOOTNOTE_REF && n < 8)
      refs[n++] = galley_node_get_note_number(c);
  INT_EQ(n, 4);
  INT_EQ(refs[0], 1);
  INT_EQ(refs[1], 2);
  INT_EQ(refs[2], 1);
  INT_EQ(refs[3], 3);
  OK(strstr(text_of(p), "none[^x].") != NULL);
  INT_EQ(count(doc, GALLEY_NODE_FOOTNOTE), 3);
  note = galley_doc_find_footnote(doc, 1);
  OK(note != NULL);
  STR_EQ(text_of(galley_node_first_child(note)), "Note B.");
  INT_EQ(galley_node_get_line(note), 7);
  note = galley_doc_find_footnote(doc, 2);
  INT_EQ(galley_node_get_type(galley_node_last_child(note)), GALLEY_NODE_PARAGRAPH);
  STR_EQ(text_of(galley_node_last_child(note)), "A's second paragraph.");
  note = galley_doc_find_footnote(doc, 3);
  c = galley_node_last_child(galley_node_first_child(note));
  INT_EQ(galley_node_get_type(galley_node_previous(c)), GALLEY_NODE_FOOTNOTE_REF);
  INT_EQ(galley_node_get_note_number(galley_node_previous(c)), 3);
  /* the notes close the document, in number order */
  INT_EQ(galley_node_get_type(galley_node_last_child(root)), GALLEY_NODE_FOOTNOTE);
  INT_EQ(galley_node_get_note_number(galley_node_last_child(root)), 3);
  /* the note nothing cites: a paragraph where it stood, before "Last." */
  p = find(doc, GALLEY_NODE_PARAGRAPH, 1);
  STR_EQ(text_of(p), "[^u]: Never cited.");
  INT_EQ(galley_node_get_line(p), 11);
  STR_EQ(str(galley_node_get_rule(p)), "note-never-cited");
  STR_EQ(text_of(galley_node_next(p)), "Last.");
  OK(has_warning("[^u] is never cited", 11));
  galley_doc_free(doc);
}

/* Notes are numbered in reading order, whatever cmark-gfm counted: a
 * definition typed above the text cites later than the text does; a note
 * only the title cites goes into the body where it stands, with a
 * warning. */
static void test_footnote_numbers(void)
{
  galley_doc *doc = read_md("# Title[^t]\n"
                            "\n"
                            "[^z]: Defined first, cites[^y].\n"
                            "\n"
                            "Body[^a] then[^z].\n"
                            "\n"
                            "## Section\n"
                            "\n"
                            "[^a]: A.\n"
                            "[^y]: Y.\n"
                            "[^t]: T.\n",
                            0);
  galley_node *p = find(doc, GALLEY_NODE_PARAGRAPH, 0), *ref;
  ref = find(doc, GALLEY_NODE_FOOTNOTE_REF, 0);
  INT_EQ(galley_node_get_note_number(ref), 1);
  INT_EQ(galley_node_get_type(galley_node_parent(ref)), GALLEY_NODE_PARAGRAPH);
  STR_EQ(text_of(p), "Body then.");
  INT_EQ(galley_node_get_note_number(find(doc, GALLEY_NODE_FOOTNOTE_REF, 1)), 2);
  INT_EQ(galley_node_get_note_number(find(doc, GALLEY_NODE_FOOTNOTE_REF, 2)), 3);
  STR_EQ(text_of(galley_node_first_child(galley_doc_find_footnote(doc, 1))), "A.");
  STR_EQ(text_of(galley_node_first_child(galley_doc_find_footnote(doc, 2))), "Defined first, cites.");
  STR_EQ(text_of(galley_node_first_child(galley_doc_find_footnote(doc, 3))), "Y.");
  INT_EQ(count(doc, GALLEY_NODE_FOOTNOTE), 3);
  STR_EQ(text_of(find(doc, GALLEY_NODE_PARAGRAPH, 1)), "[^t]: T.");
  OK(has_warning("[^t] is cited only from the title", 11));
  galley_doc_free(doc);
}

/* Struck text, task items and GitHub's autolinks. */
static void test_gfm_inlines(void)
{
  galley_doc *doc = read_md("Was ~~ten~~ eight, see www.example.com and https://example.org/a.\n"
                            "\n"
                            "- [ ] open\n"
                            "- [x] done\n"
                            "- plain\n",
                            0);
  galley_node *del = find(doc, GALLEY_NODE_DELETE, 0);
  galley_node *link = find(doc, GALLEY_NODE_LINK, 0);
  STR_EQ(text_of(del), "ten");
  STR_EQ(str(galley_node_get_url(link)), "http://www.example.com");
  STR_EQ(text_of(link), "www.example.com");
  link = find(doc, GALLEY_NODE_LINK, 1);
  STR_EQ(str(galley_node_get_url(link)), "https://example.org/a");
  INT_EQ(galley_node_get_line(link), 1);
  INT_EQ(galley_node_get_task(find(doc, GALLEY_NODE_ITEM, 0)), GALLEY_TASK_OPEN);
  INT_EQ(galley_node_get_task(find(doc, GALLEY_NODE_ITEM, 1)), GALLEY_TASK_DONE);
  INT_EQ(galley_node_get_task(find(doc, GALLEY_NODE_ITEM, 2)), GALLEY_TASK_NONE);
  STR_EQ(text_of(find(doc, GALLEY_NODE_ITEM, 0)), "open");
  galley_doc_free(doc);
  /* a citation in alt text, where no note reference may stand: as typed */
  doc = read_md("See ![a map[^m]](map.png) and[^m].\n\n[^m]: Map note.\n", 0);
  STR_EQ(text_of(find(doc, GALLEY_NODE_IMAGE, 0)), "a map[^m]");
  INT_EQ(count(doc, GALLEY_NODE_FOOTNOTE_REF), 1);
  galley_doc_free(doc);
}

/* What galley does not set stays text, with one warning naming its line
 * and what it is; look-alikes do not warn. */
static void test_foreign_constructs(void)
{
  galley_doc *doc = read_md("Intro.\n"
                            "\n"
                            "Mass $E = mc^2$ here.\n"
                            "\n"
                            "$$x^2$$\n"
                            "\n"
                            "Term\n"
                            ": its definition\n"
                            "\n"
                            "\\newpage\n"
                            "\n"
                            "## Results {#results .unnumbered}\n"
                            "\n"
                            "::: note\n"
                            "\n"
                            "It cost $5 and $10, a set {1, 2}, `$x$`, `{#id}`; note: fine.\n",
                            0);
  OK(has_warning("TeX math '$E = mc^2$'", 3));
  OK(has_warning("TeX math '$$x^2$$'", 5));
  OK(has_warning("definition list", 8));
  OK(has_warning("'\\newpage'", 10));
  OK(has_warning("attributes '{#results .unnumbered}'", 12));
  OK(has_warning("fenced div", 14));
  INT_EQ(galley_diag_get_count(last_diag), 6); /* nothing on line 16 */
  STR_EQ(text_of(find(doc, GALLEY_NODE_PARAGRAPH, 1)), "Mass $E = mc^2$ here.");
  STR_EQ(text_of(find(doc, GALLEY_NODE_PARAGRAPH, 4)), "\\newpage");
  STR_EQ(text_of(find(doc, GALLEY_NODE_HEADING, 0)), "Results {#results .unnumbered}");
  galley_doc_free(doc);
}

int main(void)
{
  RUN(test_blocks);
  RUN(test_title_rules);
  RUN(test_front_matter);
  RUN(test_figures);
  RUN(test_raw_html);
  RUN(test_cleaning);
  RUN(test_deep_nesting);
  RUN(test_legal_text);
  RUN(test_tables);
  RUN(test_footnotes);
  RUN(test_footnote_numbers);
  RUN(test_gfm_inlines);
  RUN(test_foreign_constructs);
  galley_diag_free(last_diag);
  return harness_report();
}
