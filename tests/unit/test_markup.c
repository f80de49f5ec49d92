/* test_markup.c: the one mapping from model to markup (src/model/
 * markup.c): the element, classes and wrapper of every node type in each
 * of its places, and, for real inputs, that the two editions agree with
 * it: the block elements of the EPUB's XHTML are those the mapping gives
 * for the model's nodes, and every element the PDF styled a text block
 * as (its layout dump) is one the XHTML has (a cell's, by its name). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "galley.h"
#include "harness.h"
#include "model/markup.h"
#include "util/buf.h"

/* ---- the mapping, node by node ------------------------------------- */

static galley_node *add(galley_node *parent, galley_node_type type)
{
  galley_node *n = galley_node_new(type);
  OK(galley_node_append_child(parent, n));
  return n;
}

static galley_node *add_text(galley_node *parent, galley_node_type type, const char *text)
{
  galley_node *n = add(parent, type);
  galley_node_append_text(n, text, strlen(text));
  return n;
}

/* Checks the markup of `n`: element and classes, wrapper and its
 * classes (NULL: none). */
#define MARKUP(n, tag, cls, wrap, wrap_cls) check_markup((n), (tag), (cls), (wrap), (wrap_cls), __LINE__)

static int same(const char *a, const char *b)
{
  return a == b || (a && b && strcmp(a, b) == 0);
}

static void check_markup(const galley_node *n, const char *tag, const char *cls,
                         const char *wrap, const char *wrap_cls, int line)
{
  galley_markup m;
  galley_markup_get(n, &m);
  if (!same(m.tag, tag) || !same(m.cls, cls) || !same(m.wrap_tag, wrap) ||
      !same(m.wrap_cls, wrap_cls))
    fprintf(stderr, "line %d: %s: got %s.%s in %s.%s\n", line,
            galley_node_get_type_name(galley_node_get_type(n)), m.tag ? m.tag : "-",
            m.cls ? m.cls : "", m.wrap_tag ? m.wrap_tag : "-", m.wrap_cls ? m.wrap_cls : "");
  OK(same(m.tag, tag) && same(m.cls, cls) && same(m.wrap_tag, wrap) &&
     same(m.wrap_cls, wrap_cls));
}

static void test_every_node(void)
{
  galley_doc *doc = galley_doc_new();
  galley_node *root = galley_doc_get_root(doc);
  galley_node *tb, *h, *p, *fig, *fig2, *fig3, *img, *cap, *cr, *cr2, *cr3, *q, *list, *item;
  galley_node *ol, *enumerated, *code, *hr, *table, *tcap, *hrow, *brow, *hcell, *bcell;
  galley_node *fn, *fnh, *fnp, *ref, *inl, *dl, *alone;
  galley_markup m;

  tb = add(root, GALLEY_NODE_TITLE_BLOCK);
  MARKUP(root, "body", NULL, NULL, NULL);
  MARKUP(tb, "header", "titleblock", NULL, NULL);
  MARKUP(add_text(tb, GALLEY_NODE_TITLE, "T"), "h1", "title", NULL, NULL);
  MARKUP(add_text(tb, GALLEY_NODE_SUBTITLE, "S"), "p", "subtitle", NULL, NULL);
  MARKUP(add_text(tb, GALLEY_NODE_BYLINE, "B"), "p", "byline", NULL, NULL);
  MARKUP(add_text(tb, GALLEY_NODE_DATE, "D"), "p", "byline date", NULL, NULL);

  /* headings: level n is h(n+1), h6 at most */
  h = add_text(root, GALLEY_NODE_HEADING, "H");
  galley_node_set_level(h, 1);
  MARKUP(h, "h2", NULL, NULL, NULL);
  galley_node_set_level(h, 5);
  MARKUP(h, "h6", NULL, NULL, NULL);
  galley_node_set_level(h, 6);
  MARKUP(h, "h6", NULL, NULL, NULL);

  /* paragraphs, and the dateline's */
  p = add_text(root, GALLEY_NODE_PARAGRAPH, "plain");
  MARKUP(p, "p", NULL, NULL, NULL);
  p = add(root, GALLEY_NODE_PARAGRAPH);
  dl = add_text(p, GALLEY_NODE_DATELINE, "ASTANA");
  galley_node_append_text(p, " - text", 7);
  MARKUP(p, "p", "dateline-para", NULL, NULL);
  MARKUP(dl, "span", "dateline", NULL, NULL);

  /* a figure: picture, captions and credit in one figcaption */
  fig = add(root, GALLEY_NODE_FIGURE);
  img = add(fig, GALLEY_NODE_IMAGE);
  cap = add_text(fig, GALLEY_NODE_CAPTION, "A caption");
  cr = add_text(fig, GALLEY_NODE_CREDIT, "Photo: X");
  MARKUP(fig, "figure", NULL, NULL, NULL);
  MARKUP(img, "img", NULL, NULL, NULL);
  MARKUP(cap, NULL, NULL, "figcaption", NULL);
  MARKUP(cr, "span", "credit", "figcaption", NULL);
  galley_markup_get(cap, &m);
  OK(m.wrap_shared);
  /* a picture with a credit and no caption: the figcaption is a credit */
  fig2 = add(root, GALLEY_NODE_FIGURE);
  add(fig2, GALLEY_NODE_IMAGE);
  cr2 = add_text(fig2, GALLEY_NODE_CREDIT, "Photo: Y");
  MARKUP(cr2, "span", "credit", "figcaption", "credit");
  /* only a credit */
  fig3 = add(root, GALLEY_NODE_FIGURE);
  cr3 = add_text(fig3, GALLEY_NODE_CREDIT, "Photo: Z");
  MARKUP(fig3, "div", "figure credit-only", NULL, NULL);
  MARKUP(cr3, "p", "credit", NULL, NULL);
  alone = add_text(root, GALLEY_NODE_CREDIT, "Photo: alone");
  MARKUP(alone, "p", "credit", NULL, NULL);

  q = add(root, GALLEY_NODE_BLOCK_QUOTE);
  MARKUP(q, "blockquote", NULL, NULL, NULL);

  /* lists: a tight bullet list, a loose numbered one, markers as text */
  list = add(root, GALLEY_NODE_LIST);
  galley_node_set_list(list, 0, 1, 1);
  item = add(list, GALLEY_NODE_ITEM);
  p = add_text(item, GALLEY_NODE_PARAGRAPH, "first");
  MARKUP(list, "ul", NULL, NULL, NULL);
  MARKUP(item, "li", NULL, NULL, NULL);
  MARKUP(p, NULL, NULL, NULL, NULL); /* the item's own text */
  OK(galley_markup_is_bare_item_text(p));
  p = add_text(item, GALLEY_NODE_PARAGRAPH, "second");
  MARKUP(p, "p", NULL, NULL, NULL);
  OK(!galley_markup_is_bare_item_text(p));
  galley_node_set_task(item, GALLEY_TASK_DONE);
  MARKUP(item, "li", "task", NULL, NULL);
  galley_node_set_list(list, 0, 1, 0);
  MARKUP(list, "ul", "loose", NULL, NULL);
  ol = add(root, GALLEY_NODE_LIST);
  galley_node_set_list(ol, 1, 3, 0);
  add_text(add(ol, GALLEY_NODE_ITEM), GALLEY_NODE_PARAGRAPH, "three");
  MARKUP(ol, "ol", "loose", NULL, NULL);
  OK(galley_markup_list_is_counted(ol));
  galley_node_set_list(ol, 1, 3, 1);
  MARKUP(ol, "ol", NULL, NULL, NULL);
  enumerated = add(root, GALLEY_NODE_LIST);
  galley_node_set_list(enumerated, 1, 1, 1);
  galley_node_set_list_numbering(enumerated, GALLEY_LIST_LOWER_ALPHA, GALLEY_LIST_PARENS);
  add_text(add(enumerated, GALLEY_NODE_ITEM), GALLEY_NODE_PARAGRAPH, "a clause");
  MARKUP(enumerated, "ul", "enumerated", NULL, NULL);
  OK(!galley_markup_list_is_counted(enumerated));
  galley_node_set_list(enumerated, 1, 1, 0);
  MARKUP(enumerated, "ul", "enumerated loose", NULL, NULL);

  /* code: pre > code with the info string's language */
  code = add(root, GALLEY_NODE_CODE_BLOCK);
  galley_node_set_literal(code, "x\n", 2);
  MARKUP(code, "code", NULL, "pre", NULL);
  galley_node_set_title(code, "c++ {.numberLines}");
  MARKUP(code, "code", "language-c++", "pre", NULL);
  galley_node_set_title(code, "x=y");
  MARKUP(code, "code", NULL, "pre", NULL);
  hr = add(root, GALLEY_NODE_THEMATIC_BREAK);
  MARKUP(hr, "hr", NULL, NULL, NULL);

  /* a table: div.table > table > caption, thead/tbody > tr > th/td */
  table = add(root, GALLEY_NODE_TABLE);
  tcap = add_text(table, GALLEY_NODE_CAPTION, "Table 1");
  hrow = add(table, GALLEY_NODE_TABLE_ROW);
  galley_node_set_row_header(hrow, 1);
  hcell = add_text(hrow, GALLEY_NODE_TABLE_CELL, "Head");
  brow = add(table, GALLEY_NODE_TABLE_ROW);
  bcell = add_text(brow, GALLEY_NODE_TABLE_CELL, "1");
  galley_node_set_align(bcell, GALLEY_ALIGN_RIGHT);
  MARKUP(table, "table", NULL, "div", "table");
  MARKUP(tcap, "caption", NULL, NULL, NULL);
  MARKUP(hrow, "tr", NULL, "thead", NULL);
  MARKUP(brow, "tr", NULL, "tbody", NULL);
  MARKUP(hcell, "th", NULL, NULL, NULL);
  MARKUP(bcell, "td", "align-right", NULL, NULL);

  /* inlines */
  p = add(root, GALLEY_NODE_PARAGRAPH);
  MARKUP(add_text(p, GALLEY_NODE_EMPH, "e"), "em", NULL, NULL, NULL);
  MARKUP(add_text(p, GALLEY_NODE_STRONG, "s"), "strong", NULL, NULL, NULL);
  MARKUP(add_text(p, GALLEY_NODE_SMALLCAPS, "sc"), "span", "smallcaps", NULL, NULL);
  MARKUP(add_text(p, GALLEY_NODE_DELETE, "d"), "del", NULL, NULL, NULL);
  inl = add_text(p, GALLEY_NODE_LINK, "l");
  galley_node_set_url(inl, "https://example.org/");
  MARKUP(inl, "a", NULL, NULL, NULL);
  inl = add(p, GALLEY_NODE_CODE);
  galley_node_set_literal(inl, "c", 1);
  MARKUP(inl, "code", NULL, NULL, NULL);
  MARKUP(add(p, GALLEY_NODE_LINEBREAK), "br", NULL, NULL, NULL);
  ref = add(p, GALLEY_NODE_FOOTNOTE_REF);
  galley_node_set_note_number(ref, 1);
  MARKUP(ref, "a", NULL, "sup", "noteref");
  MARKUP(galley_node_first_child(galley_node_first_child(p)), NULL, NULL, NULL, NULL);

  /* a note, and a heading inside it */
  fn = add(root, GALLEY_NODE_FOOTNOTE);
  galley_node_set_note_number(fn, 1);
  fnp = add_text(fn, GALLEY_NODE_PARAGRAPH, "The note.");
  fnh = add_text(fn, GALLEY_NODE_HEADING, "In a note");
  galley_node_set_level(fnh, 1);
  MARKUP(fn, "aside", "footnote", "div", "footnotes");
  MARKUP(fnp, "p", NULL, NULL, NULL);
  MARKUP(fnh, "p", "note-heading", NULL, NULL);
  galley_markup_get_note_number(1, &m);
  OK(same(m.tag, "a") && same(m.cls, "note-back"));
  galley_markup_get_note_number(0, &m);
  OK(same(m.tag, "span") && same(m.cls, "note-back"));

  /* nothing */
  galley_markup_get(NULL, &m);
  OK(m.tag == NULL && m.wrap_tag == NULL);
  galley_doc_free(doc);
}

/* ---- the editions agree with it ------------------------------------ */

/* A set of "element.class class" strings, sorted classes. */
typedef struct name_set {
  char **items;
  int n, cap;
} name_set;

static int set_has(const name_set *s, const char *name)
{
  int i;
  for (i = 0; i < s->n; i++)
    if (strcmp(s->items[i], name) == 0)
      return 1;
  return 0;
}

/* Whether `s` has table cell element `name` ("td", "th") with any
 * classes. */
static int has_element(const name_set *s, const char *name)
{
  size_t n = strlen(name);
  int i;
  if (strcmp(name, "td") != 0 && strcmp(name, "th") != 0)
    return 0;
  for (i = 0; i < s->n; i++)
    if (strncmp(s->items[i], name, n) == 0 && (s->items[i][n] == '\0' || s->items[i][n] == '.'))
      return 1;
  return 0;
}

/* Adds tag and classes (`cls_len` bytes at `cls`, space-separated), the
 * classes sorted, so "p.byline date" and "p.date byline" are one. */
static void set_add(name_set *s, const char *tag, size_t tag_len, const char *cls,
                    size_t cls_len)
{
  char words[8][64], buf[600];
  int n = 0, i, j;
  size_t k = 0;
  while (k < cls_len && n < 8) {
    size_t e = k;
    while (e < cls_len && cls[e] != ' ')
      e++;
    if (e > k && e - k < 64) {
      memcpy(words[n], cls + k, e - k);
      words[n++][e - k] = '\0';
    }
    k = e + 1;
  }
  for (i = 1; i < n; i++)
    for (j = i; j > 0 && strcmp(words[j - 1], words[j]) > 0; j--) {
      char t[64];
      strcpy(t, words[j]);
      strcpy(words[j], words[j - 1]);
      strcpy(words[j - 1], t);
    }
  snprintf(buf, sizeof buf, "%.*s", (int)tag_len, tag);
  for (i = 0; i < n; i++) {
    strcat(buf, i ? " " : ".");
    strcat(buf, words[i]);
  }
  if (set_has(s, buf))
    return;
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 32;
    s->items = realloc(s->items, (size_t)s->cap * sizeof *s->items);
  }
  s->items[s->n++] = strdup(buf);
}

static void set_free(name_set *s)
{
  int i;
  for (i = 0; i < s->n; i++)
    free(s->items[i]);
  free(s->items);
}

/* The block elements compared: those the PDF lays out or matches as
 * blocks (an inline's name, such as code or img, can stand for either
 * and is left out; body, and what the EPUB writes for no node, too). */
static int is_block_name(const char *tag, size_t len, const char *cls, size_t cls_len)
{
  static const char *const names[] = {
      "header", "h1", "h2", "h3", "h4", "h5", "h6", "p", "figure", "figcaption",
      "div", "blockquote", "ul", "ol", "li", "pre", "hr", "table", "caption",
      "thead", "tbody", "tr", "th", "td", "aside", NULL};
  int i;
  if (len == 4 && memcmp(tag, "span", 4) == 0) /* a figure's credit */
    return cls_len == 6 && memcmp(cls, "credit", 6) == 0;
  if (len == 1 && tag[0] == 'p' && cls_len == 11 && memcmp(cls, "note-number", 11) == 0)
    return 0; /* the EPUB's line for a note's number, no node */
  for (i = 0; names[i]; i++)
    if (strlen(names[i]) == len && memcmp(names[i], tag, len) == 0)
      return 1;
  return 0;
}

/* Adds the block elements of XHTML `x` (a crude scan of start tags). */
static void scan_xhtml(name_set *s, const char *x, size_t len)
{
  size_t i;
  for (i = 0; i + 1 < len; i++) {
    size_t t, e, end;
    const char *cls = "";
    size_t cls_len = 0;
    if (x[i] != '<' || !((x[i + 1] >= 'a' && x[i + 1] <= 'z')))
      continue;
    t = i + 1;
    for (e = t; e < len && ((x[e] >= 'a' && x[e] <= 'z') || (x[e] >= '0' && x[e] <= '9')); e++)
      ;
    for (end = e; end < len && x[end] != '>'; end++)
      ;
    {
      size_t k;
      for (k = e; k + 7 < end; k++)
        if (memcmp(x + k, " class=\"", 8) == 0) {
          cls = x + k + 8;
          while (k + 8 + cls_len < end && cls[cls_len] != '"')
            cls_len++;
          break;
        }
    }
    if (is_block_name(x + t, e - t, cls, cls_len))
      set_add(s, x + t, e - t, cls, cls_len);
  }
}

/* Adds the block elements the mapping gives `doc`'s nodes. */
static void scan_model(name_set *s, const galley_doc *doc)
{
  galley_iter *it = galley_iter_new(galley_doc_get_root(doc));
  galley_event_type ev;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_markup m;
    if (ev != GALLEY_EVENT_ENTER)
      continue;
    galley_markup_get(galley_iter_get_node(it), &m);
    if (m.tag && is_block_name(m.tag, strlen(m.tag), m.cls ? m.cls : "",
                               m.cls ? strlen(m.cls) : 0))
      set_add(s, m.tag, strlen(m.tag), m.cls ? m.cls : "", m.cls ? strlen(m.cls) : 0);
    if (m.wrap_tag && is_block_name(m.wrap_tag, strlen(m.wrap_tag), "", 0))
      set_add(s, m.wrap_tag, strlen(m.wrap_tag), m.wrap_cls ? m.wrap_cls : "",
              m.wrap_cls ? strlen(m.wrap_cls) : 0);
  }
  galley_iter_free(it);
}

static galley_status mem_write(void *ctx, const unsigned char *data, size_t len,
                               galley_error *err)
{
  (void)err;
  galley_buf_put(ctx, data, len);
  return GALLEY_OK;
}

/* Compares the editions of one input with the mapping. */
static void check_editions(const char *input, const char *style)
{
  galley_convert_options o;
  galley_diag *diag = galley_diag_new();
  galley_error err;
  galley_doc *doc;
  galley_buf dump = GALLEY_BUF_INIT;
  galley_sink sink;
  name_set xhtml = {0}, model = {0};
  char path[1024], *data = NULL;
  size_t len = 0;
  zip_source_t *src;
  zip_t *z;
  zip_int64_t i, n;
  int k;

  snprintf(path, sizeof path, "%s/%s", GALLEY_TEST_SOURCE_DIR, input);
  galley_convert_options_init(&o);
  o.input = path;
  o.style = style;
  o.source_date_epoch = 0;
  doc = galley_convert_read(&o, diag, &err);
  OK(doc != NULL);
  if (!doc) {
    fprintf(stderr, "%s: %s\n", input, err.message);
    galley_diag_free(diag);
    return;
  }
  /* the EPUB's XHTML */
  OK(galley_convert_to_memory(doc, &o, GALLEY_EDITION_EPUB, &data, &len, diag, &err) ==
     GALLEY_OK);
  src = zip_source_buffer_create(data, len, 0, NULL);
  z = src ? zip_open_from_source(src, ZIP_RDONLY, NULL) : NULL;
  OK(z != NULL);
  n = z ? zip_get_num_entries(z, 0) : 0;
  for (i = 0; i < n; i++) {
    const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
    zip_stat_t st;
    zip_file_t *f;
    char *x;
    size_t nl = name ? strlen(name) : 0;
    /* the content documents: not the navigation, nor the cover */
    if (nl < 6 || strcmp(name + nl - 6, ".xhtml") != 0 || strstr(name, "nav.xhtml") ||
        strstr(name, "cover"))
      continue;
    if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0 || !(f = zip_fopen_index(z, (zip_uint64_t)i, 0)))
      continue;
    x = malloc(st.size + 1);
    if (zip_fread(f, x, st.size) == (zip_int64_t)st.size)
      scan_xhtml(&xhtml, x, st.size);
    zip_fclose(f);
    free(x);
  }
  if (z)
    zip_close(z); /* frees the source */
  else
    zip_source_free(src);
  free(data);

  /* the mapping, the elements both writers take */
  scan_model(&model, doc);
  for (k = 0; k < xhtml.n; k++)
    if (!set_has(&model, xhtml.items[k]))
      fprintf(stderr, "%s: the XHTML has %s, the mapping does not\n", input, xhtml.items[k]);
  for (k = 0; k < model.n; k++)
    if (!set_has(&xhtml, model.items[k]))
      fprintf(stderr, "%s: the mapping has %s, the XHTML does not\n", input, model.items[k]);
  OK(xhtml.n == model.n);
  for (k = 0; k < model.n; k++)
    OK(set_has(&xhtml, model.items[k]));

  /* the elements the PDF styled its text blocks as (the layout dump's
   * second column; a note's lines carry the note's class, .footnote) */
  sink.write = mem_write;
  sink.ctx = &dump;
  o.layout_dump = &sink;
  data = NULL;
  OK(galley_convert_to_memory(doc, &o, GALLEY_EDITION_PDF, &data, &len, diag, &err) ==
     GALLEY_OK);
  free(data);
  {
    const char *line = galley_buf_cstr(&dump);
    int lines = 0;
    while (line && *line) {
      const char *nl = strchr(line, '\n'), *tab = strchr(line, '\t'), *col, *dot;
      if (!nl)
        break;
      if (line[0] != '#' && tab && tab < nl) {
        name_set one = {0};
        size_t cl;
        col = tab + 1;
        cl = strcspn(col, "\t\n");
        dot = memchr(col, '.', cl);
        if (dot && (size_t)(col + cl - dot - 1) == 8 && memcmp(dot + 1, "footnote", 8) == 0 &&
            !(dot - col == 5 && memcmp(col, "aside", 5) == 0))
          cl = (size_t)(dot - col); /* a note's line: its block's own name */
        dot = memchr(col, '.', cl);
        set_add(&one, col, dot ? (size_t)(dot - col) : cl, dot ? dot + 1 : "",
                dot ? (size_t)(col + cl - dot - 1) : 0);
        /* (a table cell's line names its element alone, not its
         * alignment class) */
        if (!set_has(&xhtml, one.items[0]) && !has_element(&xhtml, one.items[0]))
          fprintf(stderr, "%s: the PDF styled a block as %s, which the XHTML lacks\n", input,
                  one.items[0]);
        OK(set_has(&xhtml, one.items[0]) || has_element(&xhtml, one.items[0]));
        set_free(&one);
        lines++;
      }
      line = nl + 1;
    }
    OK(lines > 0);
  }
  galley_buf_free(&dump);
  set_free(&xhtml);
  set_free(&model);
  galley_doc_free(doc);
  galley_diag_free(diag);
}

static void test_editions_agree(void)
{
  /* the sample (datelines, captions and credits), a wire story (a
   * credit-only figure, a list), clauses (enumerated and nested lists),
   * Markdown with pictures, tables, notes, code and task lists */
  check_editions("input/000_0cf0c6b4b4a8e552.txt", NULL);
  check_editions("input/article.md", NULL);
  check_editions("tests/golden/wire-story.txt", NULL);
  check_editions("tests/golden/licence-clauses.txt", "modern");
  check_editions("tests/golden-md/gfm-table.md", NULL);
  check_editions("tests/golden-md/gfm-footnotes.md", NULL);
  check_editions("tests/epub/gfm-article.md", NULL);
}

int main(void)
{
  RUN(test_every_node);
  RUN(test_editions_agree);
  return harness_report();
}
