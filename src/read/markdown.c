/* markdown.c: galley_read_markdown, CommonMark (through libcmark) with a
 * YAML-style front-matter block, into the document model. The only file
 * that includes <cmark.h>.
 *
 * The input is cleaned first (clean.h, shared with the text reader:
 * UTF-16 converted, a BOM dropped, invalid UTF-8, NUL and control
 * characters made U+FFFD with warnings naming line and column), the front
 * matter read (frontmatter.h), and the rest parsed by cmark with source
 * positions. cmark's tree is then walked once with cmark_iter, which needs
 * no recursion, so thousands of nested quotes or lists cost no stack:
 *
 *   CommonMark            model
 *   heading (level n)     HEADING n, moved up so the highest is 1
 *                         (a lone `#` at the top is the title)
 *   paragraph             PARAGRAPH; a paragraph of one image alone is a
 *                         FIGURE: IMAGE, CAPTION (the image's title, else
 *                         its alt text), CREDIT (a trailing "Photo credit:")
 *   block quote           BLOCK_QUOTE
 *   list, item            LIST (ordered, start, delimiter, tight), ITEM
 *   code block            CODE_BLOCK (info string as its title)
 *   thematic break        THEMATIC_BREAK
 *   HTML block            PARAGRAPH of TEXT lines, LINEBREAK between them
 *                         (a warning); nothing with GALLEY_OPT_STRIP_HTML;
 *                         an HTML comment is dropped (a warning)
 *   text, soft break      TEXT (a soft break is a space)
 *   hard break            LINEBREAK
 *   emph, strong, code    EMPH, STRONG, CODE
 *   link, image           LINK, IMAGE (url as written, title; alt text as
 *                         the IMAGE's inline children); an image inside
 *                         alt text, a link inside a link: their text only
 *   inline HTML           TEXT (a warning); nothing with
 *                         GALLEY_OPT_STRIP_HTML; a comment is dropped;
 *                         formatting tags in pairs are markup (format-tags)
 *
 * Every node made gets its source line (cmark's line plus the lines the
 * front matter took), so writers can name the line of, say, a missing
 * image.
 *
 * Around the walk, a few rules read what the writer plainly meant where
 * CommonMark reads otherwise: before it, a bold run whose closer follows
 * a space (spaced-strong-closer); during it, a line of one repeated mark
 * ("\###") as a thematic break (mark-line-as-break); before it too, HTML
 * formatting tags in pairs as bold, italics or their text (format-tags);
 * after it, on the model, paragraphs opening with "(a)", "(i)" as lists
 * (enumerated-paragraphs), a clause's number alone on its line over its
 * text as one item (lone-enumerator-item), a sentence going on across a
 * blank line as one paragraph (sentence-across-blank-line), a signer's
 * name and office closing the text or its main part as bylines
 * (closing-signature), a paragraph wholly in bold over body text as a
 * heading (bold-paragraph-heading), a dateline opening the lede
 * (dateline-lede) and an italic standfirst under the title
 * (italic-standfirst). */
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "../galley.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/utf8.h"
#include "clean.h"
#include "credit.h"
#include "frontmatter.h"
#include "text_rules.h"
#include "title.h"

/* The reader's state, passed first to every function. */
typedef struct md_reader {
  galley_doc *doc;             /* borrowed: the document being built */
  galley_diag *diag;           /* borrowed; may be NULL */
  unsigned flags;              /* GALLEY_OPT_* */
  int line_offset;             /* lines before cmark's line 1 (front matter) */
  int last_line;               /* last source line seen, for nodes cmark
                                  gives no position (soft breaks) */
  galley_node *cur;            /* borrowed: the node receiving children */
  cmark_node *title_heading;   /* borrowed: the `#` heading that is the
                                  title and is not kept as a heading */
  int title_from_heading;      /* 1 when its text (or the opening line's,
                                  title_line_para) became the metadata title */
  int title_line;              /* its line */
  cmark_node *tagline;         /* borrowed: the paragraph under the title
                                  that became the subtitle, or NULL */
  int tagline_line;            /* its line */
  cmark_node *title_line_para; /* borrowed: the opening line that became
                                  the title (first-line-as-title), or NULL */
  int level_shift;             /* subtracted from heading levels, 0..5 */
  int dropped_inline;          /* 1 right after an inline was dropped, so
                                  the spaces around it are not doubled */
  galley_buf scratch;          /* owned: cleaned literals */
} md_reader;

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

/* cmark's allocator (cmark_mem): galley's, which never returns NULL.
 * Nodes made by the reader take it too: cmark joins only nodes of one
 * allocator. */
static void *cmark_calloc(size_t count, size_t size)
{
  return galley_xcalloc(count, size);
}

static void *cmark_realloc(void *p, size_t size)
{
  return galley_xrealloc(p, size);
}

static cmark_mem cmark_allocator = {cmark_calloc, cmark_realloc, free};

/* The model line of a cmark node, or the last line seen when cmark gives
 * none (soft breaks carry no position). */
static int node_line(md_reader *r, cmark_node *cn)
{
  int line = cmark_node_get_start_line(cn);
  if (line > 0)
    r->last_line = line + r->line_offset;
  return r->last_line;
}

/* Cleans `len` bytes of `s` (from cmark: entities such as "&#1;" decode to
 * characters XML forbids) into r->scratch, warning at `line` if anything
 * was replaced. Returns the cleaned bytes (borrowed until the next call). */
static const char *clean_literal(md_reader *r, const char *s, size_t len, int line)
{
  galley_buf_clear(&r->scratch);
  if (galley_clean_string(&r->scratch, s, len) > 0)
    galley_diag_add(r->diag, line, 0,
                    "a character reference to a character XML forbids was "
                    "replaced with U+FFFD");
  return galley_buf_cstr(&r->scratch);
}

static int is_ascii_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Narrows the span *s, *len to leave out ASCII space at both ends. */
static void trim_span(const char **s, size_t *len)
{
  while (*len && is_ascii_space((*s)[*len - 1]))
    (*len)--;
  while (*len && is_ascii_space(**s))
    (*s)++, (*len)--;
}

/* Appends `g` to the current node; if the model does not allow it there,
 * frees it and returns 0. */
static int append(md_reader *r, galley_node *g)
{
  if (galley_node_append_child(r->cur, g))
    return 1;
  galley_node_free(g);
  return 0;
}

static void append_text(md_reader *r, const char *s, size_t len, int line)
{
  galley_node *t, *last = galley_node_last_child(r->cur);
  if (r->dropped_inline && last && galley_node_get_type(last) == GALLEY_NODE_TEXT) {
    /* "a <!-- x --> b" reads "a b", not "a  b" */
    size_t n;
    const char *prev = galley_node_get_literal(last, &n);
    if (n > 0 && is_ascii_space(prev[n - 1]))
      while (len > 0 && is_ascii_space(*s))
        s++, len--;
  }
  r->dropped_inline = 0;
  if (len == 0)
    return;
  t = galley_node_append_text(r->cur, s, len);
  if (t && galley_node_get_line(t) == 0)
    galley_node_set_line(t, line);
}

/* The plain text of a cmark subtree (text, code, a space for breaks),
 * walked with its own iterator. Caller frees `out`. */
static void cmark_plain_text(cmark_node *root, galley_buf *out)
{
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER)
      continue;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
      galley_buf_puts(out, cmark_node_get_literal(n));
      break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      galley_buf_putc(out, ' ');
      break;
    default:
      break;
    }
  }
  cmark_iter_free(it);
}

/* Whether two titles are the same, ignoring ASCII case and surrounding
 * space: "Kazakhstan at 34" and " kazakhstan AT 34". */
static int is_same_title(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b), i;
  trim_span(&a, &la);
  trim_span(&b, &lb);
  if (la != lb)
    return 0;
  for (i = 0; i < la; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = (char)(x + 32);
    if (y >= 'A' && y <= 'Z')
      y = (char)(y + 32);
    if (x != y)
      return 0;
  }
  return 1;
}

/* ------------------------------------------------------------------ */
/* Titles                                                              */
/* ------------------------------------------------------------------ */

/* The rule "tagline-as-subtitle": a paragraph right under the title
 * heading, of one short line without closing punctuation, with a section
 * heading after it, is the project's tagline or the article's subtitle
 * (unless the front matter gave one). A sentence under the title is the
 * text's opening, and so is a paragraph more text follows.
 *   accepts: "PyYAML\n======\n\nA YAML framework for Python\n\n## Install"
 *   rejects: "# Notes\n\nThese are my notes.\n\n## One" (a sentence),
 *            "# Notes\n\nAbout it\n\nMore text" (no heading after) */
static void decide_tagline(md_reader *r, cmark_node *title)
{
  cmark_node *p = cmark_node_next(title), *after = p ? cmark_node_next(p) : NULL;
  galley_buf text = GALLEY_BUF_INIT;
  if (!p || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH || !after ||
      cmark_node_get_type(after) != CMARK_NODE_HEADING ||
      cmark_node_get_start_line(p) != cmark_node_get_end_line(p) ||
      galley_meta_get(galley_doc_get_meta(r->doc), "subtitle"))
    return;
  cmark_plain_text(p, &text);
  if (text.len > 0 && text_is_short_line(text.ptr, text.len) &&
      !text_has_terminal_punctuation(text.ptr, text.len)) {
    galley_doc_apply_meta(r->doc, "subtitle", clean_literal(r, text.ptr, text.len, 0), 1);
    r->tagline = p;
    r->tagline_line = cmark_node_get_start_line(p) + r->line_offset;
  }
  galley_buf_free(&text);
}

/* The rule "first-line-as-title": with no `#` title and none in the front
 * matter, a document that opens with one short line shaped as a heading
 * (a capital, no closing punctuation), a section heading right after it,
 * opens with its title: a README whose name line stands above its "## "
 * sections. Returns 1 when the title was taken.
 *   accepts: "Weather station firmware\n\n## Hardware"
 *   rejects: "Read this first.\n\n## Hardware" (a sentence),
 *            "Weather station\n\nIt logs.\n\n## Hardware" (text follows) */
static int decide_title_line(md_reader *r, cmark_node *first)
{
  cmark_node *after = first ? cmark_node_next(first) : NULL;
  galley_buf text = GALLEY_BUF_INIT;
  int taken = 0;
  if (!first || cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH || !after ||
      cmark_node_get_type(after) != CMARK_NODE_HEADING ||
      cmark_node_get_start_line(first) != cmark_node_get_end_line(first))
    return 0;
  cmark_plain_text(first, &text);
  if (text.len > 0 && text_is_heading_shaped(text.ptr, text.len)) {
    galley_doc_apply_meta(r->doc, "title", clean_literal(r, text.ptr, text.len, 0), 1);
    r->title_line_para = first;
    r->title_from_heading = 1;
    r->title_line = cmark_node_get_start_line(first) + r->line_offset;
    taken = 1;
  }
  galley_buf_free(&text);
  return taken;
}

/* The rule "first-h1-as-title": when the document opens with a `#`
 * heading and has no other, that heading is the article's title, not a
 * section. It becomes the metadata title (unless the front matter already
 * gave one) and leaves the body.
 *   accepts: "# Kazakhstan at 34\n\nText\n\n## History"
 *   rejects: "Intro\n\n# One\n\n# Two" (not at the top; two of them)
 * With a front-matter title, the heading is dropped only when it repeats
 * that title; otherwise it stays a heading.
 *
 * Then the rule "top-heading-is-level-1": the levels of the remaining
 * headings move up so that the highest of them is level 1, since the
 * title is the book's only level above the sections (`##` sections under
 * a front-matter title are level 1, not level 2 with no level 1 above
 * them). Relative levels, gaps included, are kept. */
static void decide_title(md_reader *r, cmark_node *cdoc, unsigned flags)
{
  cmark_node *first = cmark_node_first_child(cdoc);
  cmark_iter *it;
  cmark_event_type ev;
  int h1_count = 0, top = 7;
  galley_buf text = GALLEY_BUF_INIT;
  const char *meta_title;

  it = cmark_iter_new(cdoc);
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    int level;
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HEADING)
      continue;
    level = cmark_node_get_heading_level(n);
    h1_count += level == 1;
    if (n != first && level < top)
      top = level;
  }
  cmark_iter_free(it);
  if (first && cmark_node_get_type(first) == CMARK_NODE_HEADING &&
      cmark_node_get_heading_level(first) == 1 && h1_count == 1) {
    cmark_plain_text(first, &text);
    meta_title = galley_meta_get(galley_doc_get_meta(r->doc), "title");
    if (meta_title && *meta_title) {
      if (is_same_title(meta_title, galley_buf_cstr(&text)))
        r->title_heading = first;
    } else if (!(flags & GALLEY_OPT_NO_TITLE) && text.len > 0) {
      const char *t = clean_literal(r, text.ptr, text.len, 0);
      galley_doc_apply_meta(r->doc, "title", t, 1);
      r->title_heading = first;
      r->title_from_heading = 1;
      r->title_line = cmark_node_get_start_line(first) + r->line_offset;
    }
  }
  if (r->title_heading)
    decide_tagline(r, r->title_heading);
  else if (!(flags & GALLEY_OPT_NO_TITLE) &&
           !galley_meta_get(galley_doc_get_meta(r->doc), "title"))
    decide_title_line(r, first);
  if (first && cmark_node_get_type(first) == CMARK_NODE_HEADING &&
      first != r->title_heading && cmark_node_get_heading_level(first) < top)
    top = cmark_node_get_heading_level(first);
  r->level_shift = top <= 6 ? top - 1 : 0;
  galley_buf_free(&text);
}

/* Marks the `type` node (TITLE, SUBTITLE) of the title block with the
 * rule that made it. */
static void mark_title(md_reader *r, galley_node_type type, const char *rule, int line)
{
  galley_node *tb = galley_node_first_child(galley_doc_get_root(r->doc)), *c;
  if (!tb || galley_node_get_type(tb) != GALLEY_NODE_TITLE_BLOCK)
    return;
  for (c = galley_node_first_child(tb); c; c = galley_node_next(c))
    if (galley_node_get_type(c) == type) {
      galley_node_set_rule(c, rule);
      galley_node_set_line(c, line);
    }
}

/* ------------------------------------------------------------------ */
/* Raw HTML                                                            */
/* ------------------------------------------------------------------ */

/* Whether raw HTML is only a comment, "<!-- ... -->": an author's note,
 * never meant to be seen, so dropped (with a warning) rather than shown.
 *   accepts: "<!-- TODO: check the date -->"
 *   rejects: "<span>Astana</span>" */
static int is_html_comment(const char *s)
{
  size_t len = strlen(s);
  trim_span(&s, &len);
  return len >= 7 && strncmp(s, "<!--", 4) == 0 && strncmp(s + len - 3, "-->", 3) == 0;
}

/* An HTML block: kept as a paragraph of its lines as visible text (one
 * LINEBREAK between lines), never passed through as markup. */
static void read_html_block(md_reader *r, cmark_node *cn, int line)
{
  const char *lit = cmark_node_get_literal(cn);
  const char *s;
  galley_node *p;
  size_t len, start = 0, i;
  if (!lit || (r->flags & GALLEY_OPT_STRIP_HTML))
    return;
  if (is_html_comment(lit)) {
    galley_diag_add(r->diag, line, 0, "HTML comment dropped");
    return;
  }
  galley_diag_add(r->diag, line, 0,
                  "raw HTML block kept as visible text, not markup "
                  "(--strip-html drops it)");
  len = strlen(lit);
  while (len && is_ascii_space(lit[len - 1]))
    len--;
  s = clean_literal(r, lit, len, line);
  len = r->scratch.len;
  p = galley_node_new(GALLEY_NODE_PARAGRAPH);
  galley_node_set_line(p, line);
  galley_node_set_rule(p, "raw-html-as-text");
  if (!append(r, p))
    return;
  /* s lives in r->scratch, which append_text does not touch */
  r->cur = p;
  for (i = 0; i <= len; i++) {
    if (i < len && s[i] != '\n')
      continue;
    if (start > 0) {
      galley_node *br = galley_node_new(GALLEY_NODE_LINEBREAK);
      galley_node_set_line(br, line);
      append(r, br);
    }
    append_text(r, s + start, i - start, line);
    line++;
    start = i + 1;
  }
  r->cur = galley_node_parent(p);
}

/* Inline HTML: kept as its text (newlines as spaces), or dropped. */
static void read_html_inline(md_reader *r, cmark_node *cn, int line)
{
  const char *lit = cmark_node_get_literal(cn);
  size_t i;
  if (!lit || (r->flags & GALLEY_OPT_STRIP_HTML)) {
    r->dropped_inline = 1;
    return;
  }
  if (is_html_comment(lit)) {
    galley_diag_add(r->diag, line, 0, "HTML comment dropped");
    r->dropped_inline = 1;
    return;
  }
  galley_diag_add(r->diag, line, 0,
                  "raw HTML '%.40s' kept as visible text, not markup "
                  "(--strip-html drops it)", lit);
  clean_literal(r, lit, strlen(lit), line);
  for (i = 0; i < r->scratch.len; i++)
    if (r->scratch.ptr[i] == '\n' || r->scratch.ptr[i] == '\r')
      r->scratch.ptr[i] = ' ';
  append_text(r, r->scratch.ptr, r->scratch.len, line);
}

/* ------------------------------------------------------------------ */
/* Figures                                                             */
/* ------------------------------------------------------------------ */

/* The rule "image-alone-as-figure": a paragraph whose only content is
 * one image is a figure, not a line of text.
 *   accepts: "![Rogov in Astana](rogov.jpg \"Rogov in Astana\")"
 *   rejects: "See ![map](map.png) for the route." */
static int is_lone_image(cmark_node *paragraph)
{
  cmark_node *c = cmark_node_first_child(paragraph);
  return c && c == cmark_node_last_child(paragraph) &&
         cmark_node_get_type(c) == CMARK_NODE_IMAGE;
}

/* Adds a CAPTION and/or CREDIT to a finished FIGURE, from its image's
 * title or, without one, its alt text; a trailing "Photo credit: ..."
 * becomes the CREDIT (credit.h). */
static void finish_figure(galley_node *fig)
{
  galley_node *img = galley_node_first_child(fig);
  const char *title = galley_node_get_title(img);
  const char *rule = "image-title-as-caption";
  char *alt = NULL;
  const char *text;
  size_t len, cap_len, cred_start = 0, cred_len;
  galley_credit credit;
  int line = galley_node_get_line(fig);
  if (!img || galley_node_get_type(img) != GALLEY_NODE_IMAGE)
    return;
  if (title && *title) {
    text = title;
  } else {
    alt = galley_node_get_plain_text(img);
    text = alt;
    rule = "image-alt-as-caption";
  }
  len = strlen(text);
  trim_span(&text, &len);
  if (galley_credit_find(text, len, GALLEY_CREDIT_FOR_IMAGE, &credit)) {
    /* the brackets of "(Photo: AP)" go: the credit has its own element */
    cap_len = credit.caption_len;
    cred_start = credit.label;
    cred_len = credit.name_end - credit.label;
  } else {
    cap_len = len;
    cred_len = 0;
  }
  if (cap_len > 0) {
    galley_node *cap = galley_node_new(GALLEY_NODE_CAPTION);
    galley_node_set_line(cap, line);
    galley_node_set_rule(cap, rule);
    galley_node_append_text(cap, text, cap_len);
    galley_node_append_child(fig, cap);
  }
  if (cred_len > 0) {
    galley_node *cred = galley_node_new(GALLEY_NODE_CREDIT);
    galley_node_set_line(cred, line);
    galley_node_set_rule(cred, "photo-credit");
    galley_node_append_text(cred, text + cred_start, cred_len);
    galley_node_append_child(fig, cred);
  }
  free(alt);
}

/* ------------------------------------------------------------------ */
/* Strong with a spaced closer                                         */
/* ------------------------------------------------------------------ */

/* Whether a text node holds its source bytes unchanged: one line, as
 * long as its span in the source. cmark merges a text run with its
 * backslash escapes and entities ("\*\*" reads "**"), so only then is a
 * "**" in it one the writer typed as markup. */
static int is_verbatim_text(cmark_node *n, const char *lit)
{
  int line = cmark_node_get_start_line(n), from = cmark_node_get_start_column(n);
  return line > 0 && line == cmark_node_get_end_line(n) && from > 0 &&
         (size_t)(cmark_node_get_end_column(n) - from + 1) == strlen(lit);
}

/* The bytes of the white space character that ends at s[end] (exclusive),
 * or 0: ASCII space and tab, and the Unicode spaces CommonMark's flanking
 * rule also counts (no-break space, en and em spaces, ideographic space:
 * word processors put U+00A0 after a sentence). */
static size_t space_before(const char *s, size_t end)
{
  const unsigned char *u = (const unsigned char *)s;
  if (end >= 1 && (u[end - 1] == ' ' || u[end - 1] == '\t'))
    return 1;
  if (end >= 2 && u[end - 2] == 0xC2 && u[end - 1] == 0xA0)
    return 2; /* U+00A0 */
  if (end >= 3 && u[end - 3] == 0xE2 &&
      ((u[end - 2] == 0x80 && (u[end - 1] <= 0x8A || u[end - 1] == 0xAF)) ||
       (u[end - 2] == 0x81 && u[end - 1] == 0x9F)))
    return 3; /* U+2000..U+200A, U+202F, U+205F */
  if (end >= 3 && u[end - 3] == 0xE3 && u[end - 2] == 0x80 && u[end - 1] == 0x80)
    return 3; /* U+3000 */
  return 0;
}

/* Whether s starts with a white space character as space_before counts
 * them (or is empty). */
static int starts_with_space(const char *s)
{
  size_t n = 0;
  while (n < 3 && s[n])
    n++;
  return n == 0 || space_before(s, 1) || (n >= 2 && space_before(s, 2) == 2) ||
         (n >= 3 && space_before(s, 3) == 3);
}

/* Where a run of exactly two asterisks starts in lit[from..], or -1. */
static long find_double_star(const char *lit, size_t from)
{
  size_t i;
  for (i = from; lit[i]; i++) {
    if (lit[i] != '*')
      continue;
    if (lit[i + 1] == '*' && lit[i + 2] != '*' && (i == 0 || lit[i - 1] != '*'))
      return (long)i;
    while (lit[i + 1] == '*')
      i++;
  }
  return -1;
}

/* A new text node of len bytes of s (cmark copies them), or NULL for
 * none. */
static cmark_node *new_text(const char *s, size_t len)
{
  cmark_node *t;
  galley_buf b = GALLEY_BUF_INIT;
  if (len == 0)
    return NULL;
  galley_buf_put(&b, s, len);
  t = cmark_node_new_with_mem(CMARK_NODE_TEXT, &cmark_allocator);
  cmark_node_set_literal(t, galley_buf_cstr(&b));
  galley_buf_free(&b);
  return t;
}

/* The rule "spaced-strong-closer": a "**" that opens bold text on a
 * paragraph's line and a "**" later on the same line that closes it
 * after white space are bold, with the white space moved outside.
 * CommonMark leaves both literal (a closer must follow a non-space), but
 * the writer plainly meant bold: run-in headings of legal texts are typed
 * so by word processors' Markdown export.
 *   accepts: "**Section 1.  Policy.  **It is the policy of ..."
 *   rejects: "2 ** 3 ** 2 is 512" (no opener: a space follows each)
 * The opener is followed by a non-space, the closer preceded by a space;
 * no line break and no other asterisk comes between, and both were typed
 * as they read (is_verbatim_text). The bold text may hold other inlines
 * (a code span, a link). Returns the number of pairs made strong. */
static int repair_spaced_strong(cmark_node *block)
{
  cmark_node *t = cmark_node_first_child(block);
  int made = 0, verbatim = 0; /* verbatim: `t` is made from verbatim text */
  while (t) {
    cmark_node *u, *strong, *piece;
    const char *lit = cmark_node_get_literal(t), *ulit = NULL;
    long open, close = -1;
    size_t ws;
    if (cmark_node_get_type(t) != CMARK_NODE_TEXT || !lit ||
        !(verbatim || is_verbatim_text(t, lit)) ||
        (open = find_double_star(lit, 0)) < 0) {
      t = cmark_node_next(t);
      verbatim = 0;
      continue;
    }
    /* the opener: the first "**" followed by a non-space */
    while (open >= 0 && starts_with_space(lit + open + 2))
      open = find_double_star(lit, (size_t)open + 2);
    /* the closer: in `t` after it, else in a text node further on the line */
    u = t;
    ulit = lit;
    if (open >= 0) {
      const char *star = strchr(lit + open + 2, '*');
      close = star && star[1] == '*' ? (long)(star - lit) : -1;
      if (!star) {
        for (u = cmark_node_next(t); u; u = cmark_node_next(u)) {
          cmark_node_type ut = cmark_node_get_type(u);
          if (ut == CMARK_NODE_SOFTBREAK || ut == CMARK_NODE_LINEBREAK)
            break;
          ulit = ut == CMARK_NODE_TEXT ? cmark_node_get_literal(u) : NULL;
          if (ulit && (star = strchr(ulit, '*')) != NULL) {
            if (is_verbatim_text(u, ulit) && star[1] == '*')
              close = (long)(star - ulit);
            break;
          }
        }
      }
    }
    if (close < 0 || find_double_star(ulit, (size_t)close) != close || close == 0 ||
        !space_before(ulit, (size_t)close)) {
      t = cmark_node_next(t);
      verbatim = 0;
      continue;
    }
    for (ws = (size_t)close; space_before(ulit, ws) > 0;)
      ws -= space_before(ulit, ws);
    /* t: before the opener | strong: the rest of t, the inlines up to u,
     * u before the closer's spaces | then: the spaces and the rest of u */
    strong = cmark_node_new_with_mem(CMARK_NODE_STRONG, &cmark_allocator);
    cmark_node_insert_after(t, strong);
    if (u == t) {
      if ((piece = new_text(lit + open + 2, ws - (size_t)open - 2)) != NULL)
        cmark_node_append_child(strong, piece);
    } else {
      if ((piece = new_text(lit + open + 2, strlen(lit + open + 2))) != NULL)
        cmark_node_append_child(strong, piece);
      while (cmark_node_next(strong) != u)
        cmark_node_append_child(strong, cmark_node_next(strong));
      if ((piece = new_text(ulit, ws)) != NULL)
        cmark_node_append_child(strong, piece);
    }
    piece = new_text(ulit + ws, strlen(ulit + ws));
    /* piece holds the spaces and "**": take the asterisks out */
    {
      galley_buf b = GALLEY_BUF_INIT;
      const char *p = cmark_node_get_literal(piece);
      galley_buf_put(&b, p, (size_t)close - ws);
      galley_buf_puts(&b, p + ((size_t)close - ws) + 2);
      cmark_node_set_literal(piece, galley_buf_cstr(&b));
      galley_buf_free(&b);
    }
    cmark_node_insert_after(strong, piece);
    if (u != t)
      cmark_node_free(u);
    if (open > 0) {
      galley_buf b = GALLEY_BUF_INIT;
      galley_buf_put(&b, lit, (size_t)open);
      cmark_node_set_literal(t, galley_buf_cstr(&b));
      galley_buf_free(&b);
    } else {
      cmark_node_free(t);
    }
    made++;
    t = piece;
    verbatim = 1;
  }
  return made;
}

/* ------------------------------------------------------------------ */
/* Formatting tags                                                     */
/* ------------------------------------------------------------------ */

/* HTML's phrasing tags that only set text in a face or position, and
 * what each becomes: bold and italics as the model has them, the others
 * (underline, superscript, a span) as their text alone. Tags that change
 * what the words say (<s>, <del>) or hold no text are not here. */
static const struct format_tag {
  const char *name;
  cmark_node_type as; /* CMARK_NODE_STRONG, CMARK_NODE_EMPH, or 0: text */
} format_tags[] = {
    {"b", CMARK_NODE_STRONG}, {"strong", CMARK_NODE_STRONG}, {"i", CMARK_NODE_EMPH},
    {"em", CMARK_NODE_EMPH},  {"cite", CMARK_NODE_EMPH},     {"u", 0},
    {"ins", 0},               {"sup", 0},                    {"sub", 0},
    {"small", 0},             {"big", 0},                    {"mark", 0},
    {"span", 0},              {"abbr", 0},                   {"font", 0},
};

/* The formatting tag an inline HTML node is (format_tags), whether it
 * closes in *out_close; -1 for anything else. An opening tag may carry
 * attributes ("<span class=\"x\">"); a closing tag has none.
 *   accepts: "<u>", "</sup>", "<span lang=\"kk\">"
 *   rejects: "<br>", "<u/>", "<script>" */
static int format_tag(cmark_node *n, int *out_close)
{
  const char *lit = cmark_node_get_literal(n);
  size_t len, i, k;
  if (cmark_node_get_type(n) != CMARK_NODE_HTML_INLINE || !lit)
    return -1;
  len = strlen(lit);
  if (len < 3 || lit[0] != '<' || lit[len - 1] != '>' || lit[len - 2] == '/')
    return -1;
  *out_close = lit[1] == '/';
  i = 1 + (size_t)*out_close;
  for (k = 0; k < sizeof format_tags / sizeof *format_tags; k++) {
    size_t n_len = strlen(format_tags[k].name), j;
    if (i + n_len >= len)
      continue;
    for (j = 0; j < n_len; j++)
      if ((lit[i + j] | 0x20) != format_tags[k].name[j])
        break;
    if (j < n_len)
      continue;
    if (lit[i + n_len] == '>' ||
        (!*out_close && (lit[i + n_len] == ' ' || lit[i + n_len] == '\t' ||
                         lit[i + n_len] == '\n')))
      return (int)k;
  }
  return -1;
}

/* A closing tag looks this many inlines back for its opening tag: a
 * span of formatted words is a few of them, and the bound keeps a run of
 * thousands of unmatched closing tags from costing quadratic time. */
#define FORMAT_TAG_REACH 256

/* The rule "format-tags": a closing formatting tag (format_tag) and the
 * nearest opening tag of its name before it among the same inlines are
 * markup the writer plainly meant, not words: the inlines between them
 * become bold or italic, or stay as they are (underline, superscript),
 * and the tags go. Pairs close innermost first, so "<b><i>x</i></b>" is
 * bold italics. A tag without its partner stays visible text, as other
 * raw HTML does.
 *   accepts: "**<u>Jane Roe, Nominee for Ambassador</u>**", "18<sup>th</sup>"
 *   rejects: "press <b> for bold" (no closing tag)
 * Returns the number of pairs read. */
static int read_format_tags(cmark_node *parent)
{
  cmark_node *n = cmark_node_first_child(parent), *next;
  int made = 0;
  for (; n; n = next) {
    cmark_node *o;
    int k, close = 0, reach = 0;
    next = cmark_node_next(n);
    if ((k = format_tag(n, &close)) < 0 || !close)
      continue;
    for (o = cmark_node_previous(n); o && reach < FORMAT_TAG_REACH;
         o = cmark_node_previous(o), reach++) {
      int open_close;
      if (format_tag(o, &open_close) == k && !open_close)
        break;
    }
    if (!o || reach == FORMAT_TAG_REACH)
      continue;
    if (format_tags[k].as && cmark_node_next(o) != n) {
      cmark_node *box = cmark_node_new_with_mem(format_tags[k].as, &cmark_allocator);
      cmark_node_insert_before(o, box);
      while (cmark_node_next(o) != n)
        cmark_node_append_child(box, cmark_node_next(o));
    }
    cmark_node_free(o);
    cmark_node_free(n);
    made++;
  }
  return made;
}

/* The user data of a paragraph whose bold mend_inlines mended. */
static const char mended_mark = 'm';

/* Mends the inlines of every paragraph before the walk: cmark's iterator
 * has chosen its next node when it returns one, so a paragraph's
 * children are changed at its exit, never under the walk. */
static void mend_inlines(cmark_node *cdoc)
{
  cmark_iter *it = cmark_iter_new(cdoc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_EXIT)
      continue;
    /* any node holding inlines: a paragraph, a heading, bold, a link */
    if (cmark_node_first_child(n) &&
        cmark_node_get_type(cmark_node_first_child(n)) >= CMARK_NODE_FIRST_INLINE &&
        cmark_node_get_type(cmark_node_first_child(n)) <= CMARK_NODE_LAST_INLINE)
      read_format_tags(n);
    if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH && repair_spaced_strong(n) > 0)
      cmark_node_set_user_data(n, (void *)&mended_mark);
  }
  cmark_iter_free(it);
}

/* ------------------------------------------------------------------ */
/* The walk                                                            */
/* ------------------------------------------------------------------ */

/* Removes spaces left at either end of a paragraph or heading (by a
 * dropped HTML fragment, say), and reports whether anything is left. */
static int trim_inlines(galley_node *block)
{
  galley_node *t;
  while ((t = galley_node_last_child(block)) &&
         galley_node_get_type(t) == GALLEY_NODE_TEXT) {
    size_t len;
    const char *s = galley_node_get_literal(t, &len), *end = s + len;
    while (end > s && is_ascii_space(end[-1]))
      end--;
    if (end > s) {
      galley_node_set_literal(t, s, (size_t)(end - s));
      break;
    }
    galley_node_free(t);
  }
  while ((t = galley_node_first_child(block)) &&
         galley_node_get_type(t) == GALLEY_NODE_TEXT) {
    size_t len;
    const char *s = galley_node_get_literal(t, &len), *p = s;
    while (p < s + len && is_ascii_space(*p))
      p++;
    if (p < s + len) {
      if (p > s) {
        /* copy: set_literal frees what `p` points into */
        galley_buf b = GALLEY_BUF_INIT;
        galley_buf_put(&b, p, len - (size_t)(p - s));
        galley_node_set_literal(t, b.ptr, b.len);
        galley_buf_free(&b);
      }
      break;
    }
    galley_node_free(t);
  }
  return galley_node_first_child(block) != NULL;
}

/* A leaf or container starts. Containers that map to a model node push
 * it (its pointer kept as the cmark node's user data, so that the exit
 * event can pop it); others pass their children through. */
static void enter(md_reader *r, cmark_iter *it, cmark_node *cn)
{
  int line = node_line(r, cn);
  galley_node *g = NULL;
  const char *lit;
  int mended = cmark_node_get_user_data(cn) == &mended_mark;

  cmark_node_set_user_data(cn, NULL);
  switch (cmark_node_get_type(cn)) {
  case CMARK_NODE_DOCUMENT:
    r->cur = galley_doc_get_root(r->doc);
    return;
  case CMARK_NODE_BLOCK_QUOTE:
    g = galley_node_new(GALLEY_NODE_BLOCK_QUOTE);
    break;
  case CMARK_NODE_LIST: {
    int ordered = cmark_node_get_list_type(cn) == CMARK_ORDERED_LIST;
    g = galley_node_new(GALLEY_NODE_LIST);
    galley_node_set_list(g, ordered, ordered ? cmark_node_get_list_start(cn) : 1,
                         cmark_node_get_list_tight(cn));
    /* "1)" lists keep their parenthesis (CommonMark numbers are decimal) */
    if (ordered && cmark_node_get_list_delim(cn) == CMARK_PAREN_DELIM)
      galley_node_set_list_numbering(g, GALLEY_LIST_DECIMAL, GALLEY_LIST_PAREN);
    break;
  }
  case CMARK_NODE_ITEM:
    g = galley_node_new(GALLEY_NODE_ITEM);
    break;
  case CMARK_NODE_PARAGRAPH:
    if (cn == r->tagline || cn == r->title_line_para) {
      /* the subtitle or title lives in the metadata now */
      cmark_iter_reset(it, cn, CMARK_EVENT_EXIT);
      return;
    }
    if (is_lone_image(cn)) {
      g = galley_node_new(GALLEY_NODE_FIGURE);
      galley_node_set_rule(g, "image-alone-as-figure");
    } else {
      g = galley_node_new(GALLEY_NODE_PARAGRAPH);
      if (mended)
        galley_node_set_rule(g, "spaced-strong-closer");
    }
    break;
  case CMARK_NODE_HEADING: {
    int level = cmark_node_get_heading_level(cn) - r->level_shift;
    if (cn == r->title_heading) {
      /* the title lives in the metadata now: skip the whole heading */
      cmark_iter_reset(it, cn, CMARK_EVENT_EXIT);
      return;
    }
    g = galley_node_new(GALLEY_NODE_HEADING);
    galley_node_set_level(g, level < 1 ? 1 : level > 6 ? 6 : level);
    break;
  }
  case CMARK_NODE_CODE_BLOCK: {
    const char *info = cmark_node_get_fence_info(cn);
    size_t len;
    lit = cmark_node_get_literal(cn);
    len = lit ? strlen(lit) : 0;
    if (len && lit[len - 1] == '\n') /* the line end of its last line */
      len--;
    g = galley_node_new(GALLEY_NODE_CODE_BLOCK);
    galley_node_set_line(g, line);
    galley_node_set_rule(g, "markdown");
    clean_literal(r, lit ? lit : "", len, line);
    galley_node_set_literal(g, r->scratch.ptr ? r->scratch.ptr : "", r->scratch.len);
    if (info && *info) {
      size_t n = strlen(info);
      trim_span(&info, &n);
      if (n) {
        clean_literal(r, info, n, line);
        galley_node_set_title(g, galley_buf_cstr(&r->scratch));
      }
    }
    append(r, g);
    return;
  }
  case CMARK_NODE_THEMATIC_BREAK:
    g = galley_node_new(GALLEY_NODE_THEMATIC_BREAK);
    galley_node_set_line(g, line);
    galley_node_set_rule(g, "markdown");
    append(r, g);
    return;
  case CMARK_NODE_HTML_BLOCK:
    read_html_block(r, cn, line);
    return;
  case CMARK_NODE_TEXT:
    lit = cmark_node_get_literal(cn);
    if (lit) {
      clean_literal(r, lit, strlen(lit), line);
      append_text(r, r->scratch.ptr, r->scratch.len, line);
    }
    return;
  case CMARK_NODE_SOFTBREAK:
    append_text(r, " ", 1, line);
    return;
  case CMARK_NODE_LINEBREAK:
    if (galley_node_can_contain(galley_node_get_type(r->cur), GALLEY_NODE_LINEBREAK)) {
      g = galley_node_new(GALLEY_NODE_LINEBREAK);
      galley_node_set_line(g, line);
      append(r, g);
    } else {
      append_text(r, " ", 1, line); /* in alt text */
    }
    return;
  case CMARK_NODE_CODE:
    lit = cmark_node_get_literal(cn);
    g = galley_node_new(GALLEY_NODE_CODE);
    galley_node_set_line(g, line);
    clean_literal(r, lit ? lit : "", lit ? strlen(lit) : 0, line);
    galley_node_set_literal(g, r->scratch.ptr ? r->scratch.ptr : "", r->scratch.len);
    append(r, g);
    return;
  case CMARK_NODE_HTML_INLINE:
    read_html_inline(r, cn, line);
    return;
  case CMARK_NODE_EMPH:
    g = galley_node_new(GALLEY_NODE_EMPH);
    break;
  case CMARK_NODE_STRONG:
    g = galley_node_new(GALLEY_NODE_STRONG);
    break;
  case CMARK_NODE_LINK:
  case CMARK_NODE_IMAGE: {
    int is_image = cmark_node_get_type(cn) == CMARK_NODE_IMAGE;
    const char *url = cmark_node_get_url(cn), *title = cmark_node_get_title(cn);
    galley_node_type t = is_image ? GALLEY_NODE_IMAGE : GALLEY_NODE_LINK;
    if (!galley_node_can_contain(galley_node_get_type(r->cur), t))
      return; /* an image in alt text, a link in a link: keep the text */
    g = galley_node_new(t);
    clean_literal(r, url ? url : "", url ? strlen(url) : 0, line);
    galley_node_set_url(g, galley_buf_cstr(&r->scratch));
    if (title && *title) {
      clean_literal(r, title, strlen(title), line);
      galley_node_set_title(g, galley_buf_cstr(&r->scratch));
    }
    break;
  }
  default: /* custom blocks and inlines: their children pass through */
    return;
  }
  galley_node_set_line(g, line);
  if (galley_node_is_block(g))
    galley_node_set_rule(g, galley_node_get_rule(g) ? galley_node_get_rule(g)
                                                    : "markdown");
  if (!append(r, g))
    return;
  cmark_node_set_user_data(cn, g);
  r->cur = g;
}

/* A line of three or more of one mark ("###", "~~~", "• • •",
 * text_is_thematic_break) as a paragraph of its own: the end mark of a
 * press release ("\###", escaped from being a heading) or a scene break,
 * typed so that Markdown would not take it. The rule "mark-line-as-break".
 *   accepts: "\###"
 *   rejects: "### and more" */
static int is_mark_paragraph(galley_node *p)
{
  galley_node *c = galley_node_first_child(p);
  const char *lit;
  size_t len;
  if (galley_node_get_type(c) != GALLEY_NODE_TEXT || galley_node_next(c))
    return 0;
  lit = galley_node_get_literal(c, &len);
  return text_is_thematic_break(lit, len);
}

/* Puts a thematic break (rule "mark-line-as-break") in the place of the
 * block `g`, which is freed. */
static void replace_with_break(galley_node *g)
{
  galley_node *hr = galley_node_new(GALLEY_NODE_THEMATIC_BREAK);
  galley_node_set_line(hr, galley_node_get_line(g));
  galley_node_set_rule(hr, "mark-line-as-break");
  galley_node_insert_before(g, hr);
  galley_node_free(g);
}

/* A container ends: pop the node it pushed and finish it. */
static void leave(md_reader *r, cmark_node *cn)
{
  galley_node *g = cmark_node_get_user_data(cn);
  if (!g)
    return;
  r->cur = galley_node_parent(g);
  switch (galley_node_get_type(g)) {
  case GALLEY_NODE_FIGURE:
    finish_figure(g);
    break;
  case GALLEY_NODE_PARAGRAPH:
  case GALLEY_NODE_HEADING:
    if (!trim_inlines(g)) {
      /* only dropped HTML was in it; or an ATX heading of three or more
       * "#" and nothing else, which CommonMark reads as an empty heading
       * but the writer typed as the mark "###" */
      if (galley_node_get_type(g) == GALLEY_NODE_HEADING &&
          cmark_node_get_heading_level(cn) >= 3 && !cmark_node_first_child(cn))
        replace_with_break(g);
      else
        galley_node_free(g);
    } else if (galley_node_get_type(g) == GALLEY_NODE_PARAGRAPH && is_mark_paragraph(g)) {
      replace_with_break(g);
    }
    break;
  default:
    break;
  }
}

/* ------------------------------------------------------------------ */
/* Enumerated paragraphs                                               */
/* ------------------------------------------------------------------ */

/* Lists of enumerated paragraphs nest at most this deep: (a), (i), (A),
 * (1) and one more is as deep as legal texts go. */
#define ENUM_MAX_DEPTH 6

/* One reading of an enumerator: a numbering style and the number. */
typedef struct enum_reading {
  galley_list_style style;
  int value; /* 1 for "(a)", "(i)", "(1)"; 0 when it counts nothing */
} enum_reading;

/* An enumerated paragraph of a run and where it goes. */
typedef struct enum_para {
  galley_node *para;     /* borrowed */
  text_enum en;          /* its enumerator */
  enum_reading read[2];  /* "(i)" reads as a letter and as a numeral */
  int depth;             /* the list level it joins, 0 outermost */
  int opens;             /* 1 when a new list starts with it */
  enum_reading as;       /* the reading taken */
} enum_para;

/* An open list level while a run is planned. */
typedef struct enum_level {
  galley_list_style style;
  int delim; /* '(' or ')' */
  int last;  /* the number of its last item */
} enum_level;

/* The enumerator opening a paragraph, as the rule "enumerated-paragraphs"
 * takes it: "(a)", "(iv)", "(A)", "(1)", "a)" and "iv)" followed by white
 * space and text, in the paragraph's first text (an escaped "\(a\)" reads
 * the same). "1)" is CommonMark's own list and "a." too often an initial.
 *   accepts: "(ii)  the Secretary of State;"
 *   rejects: "(Reuters) The talks resumed." */
static int para_enumerator(galley_node *para, enum_para *out)
{
  galley_node *t = galley_node_first_child(para);
  const char *lit;
  size_t len;
  text_enum e;
  if (galley_node_get_type(para) != GALLEY_NODE_PARAGRAPH ||
      galley_node_get_type(t) != GALLEY_NODE_TEXT)
    return 0;
  lit = galley_node_get_literal(t, &len);
  if (!text_is_enumerator(lit, len, &e) || e.delim == '.' || (e.delim == ')' && e.digits))
    return 0;
  memset(out, 0, sizeof *out);
  out->para = para;
  out->en = e;
  if (e.digits) {
    out->read[0].style = GALLEY_LIST_DECIMAL;
    out->read[0].value = e.suffix ? 0 : e.decimal; /* "(2a)" counts nothing */
  } else {
    if (e.alpha) {
      out->read[0].style = e.upper ? GALLEY_LIST_UPPER_ALPHA : GALLEY_LIST_LOWER_ALPHA;
      out->read[0].value = e.alpha;
    }
    if (e.roman) {
      out->read[1].style = e.upper ? GALLEY_LIST_UPPER_ROMAN : GALLEY_LIST_LOWER_ROMAN;
      out->read[1].value = e.roman;
    }
  }
  return 1;
}

/* Plans where each paragraph of a run goes, as an editor nests legal
 * provisions: an enumerator that counts on from an open level's last
 * ((b) after (a), (ii) after (i)) joins that level, the innermost first,
 * closing the levels inside it; one that starts a count ((a), (i), (A),
 * (1)) opens a level under the item before it (or in place of an open
 * level of its own style); any other joins the level of its style as
 * written, or starts an outermost list at its own number. Nothing is
 * renumbered. Returns whether the enumerators count: one at least counts
 * on from an open level, and no fewer do than are irregular (joining or
 * starting a list at a number not next in it; the first of the run may
 * follow an "(a)" run in after a heading); else the run stays
 * paragraphs. */
static int plan_enum_run(enum_para *run, int n)
{
  enum_level stack[ENUM_MAX_DEPTH];
  int depth = 0, counted = 0, irregular = 0, k;
  for (k = 0; k < n; k++) {
    enum_para *q = &run[k];
    int d, c, found = 0;
    /* counts on from an open level */
    for (d = depth - 1; d >= 0 && !found; d--)
      for (c = 0; c < 2 && !found; c++)
        if (q->read[c].value && stack[d].delim == q->en.delim &&
            q->read[c].style == stack[d].style && q->read[c].value == stack[d].last + 1) {
          depth = d + 1;
          q->depth = d;
          q->as = q->read[c];
          found = 1;
        }
    if (found) {
      counted++;
    } else {
      /* a count's start: a numeral "i" before the letter, "a" a letter */
      for (c = 1; c >= 0 && !found; c--)
        if (q->read[c].value == 1) {
          q->as = q->read[c];
          found = 1;
        }
      if (found) {
        for (d = depth - 1; d >= 0; d--)
          if (stack[d].style == q->as.style && stack[d].delim == q->en.delim)
            break;
        if (d >= 0)
          depth = d; /* a count of its own style starts again */
        if (depth == ENUM_MAX_DEPTH)
          depth--;
      } else {
        /* irregular: the level of its style, else a list of its own */
        q->as = q->read[0].value ? q->read[0] : q->read[1];
        irregular += k > 0; /* the first may follow one run in before */
        for (d = depth - 1; d >= 0; d--)
          if (stack[d].style == q->as.style && stack[d].delim == q->en.delim)
            break;
        if (d >= 0) {
          depth = d + 1;
          q->depth = d;
          stack[d].last = q->as.value;
          continue;
        }
        depth = 0;
      }
      q->opens = 1;
      q->depth = depth;
      stack[depth].style = q->as.style;
      stack[depth].delim = q->en.delim;
      depth++;
    }
    stack[q->depth].last = q->as.value;
  }
  return counted > 0 && counted >= irregular;
}

/* Builds the lists a planned run makes, in place of its paragraphs: each
 * paragraph moves into an item, its enumerator taken off its text and
 * kept as the item's marker unless the list's numbering writes the same. */
static void build_enum_run(enum_para *run, int n)
{
  galley_node *levels[ENUM_MAX_DEPTH], *last_item[ENUM_MAX_DEPTH];
  int k;
  for (k = 0; k < n; k++) {
    enum_para *q = &run[k];
    galley_node *item, *t = galley_node_first_child(q->para);
    size_t len;
    const char *lit = galley_node_get_literal(t, &len);
    char *marker = galley_xstrndup(lit, q->en.len);
    if (q->opens) {
      galley_node *list = galley_node_new(GALLEY_NODE_LIST);
      galley_node_set_line(list, galley_node_get_line(q->para));
      galley_node_set_rule(list, "enumerated-paragraphs");
      /* paragraphs with blank lines between: a loose list */
      galley_node_set_list(list, 1, q->as.value > 0 ? q->as.value : 1, 0);
      galley_node_set_list_numbering(list, q->as.style,
                                     q->en.delim == '(' ? GALLEY_LIST_PARENS : GALLEY_LIST_PAREN);
      if (q->depth == 0)
        galley_node_insert_before(q->para, list);
      else
        galley_node_append_child(last_item[q->depth - 1], list);
      levels[q->depth] = list;
    }
    item = galley_node_new(GALLEY_NODE_ITEM);
    galley_node_set_line(item, galley_node_get_line(q->para));
    galley_node_set_rule(item, "enumerated-paragraphs");
    galley_node_set_item_marker(item, marker);
    free(marker);
    galley_node_append_child(levels[q->depth], item);
    last_item[q->depth] = item;
    if (len > q->en.marker_len) {
      /* copy: set_literal frees what `lit` points into */
      char *rest = galley_xstrndup(lit + q->en.marker_len, len - q->en.marker_len);
      galley_node_set_literal(t, rest, len - q->en.marker_len);
      free(rest);
    } else {
      galley_node_free(t);
    }
    galley_node_unlink(q->para);
    galley_node_append_child(item, q->para);
  }
  /* a list whose numbering writes every marker as written keeps none */
  for (k = 0; k < n; k++) {
    galley_node *list, *item;
    int number, regular = 1;
    if (!run[k].opens)
      continue;
    list = galley_node_parent(galley_node_parent(run[k].para));
    number = galley_node_get_list_start(list);
    for (item = galley_node_first_child(list); item && regular; item = galley_node_next(item)) {
      char want[24];
      galley_list_format_marker(list, number++, want, sizeof want);
      regular = strcmp(want, galley_node_get_item_marker(item)) == 0;
    }
    for (item = galley_node_first_child(list); item && regular; item = galley_node_next(item))
      galley_node_set_item_marker(item, NULL);
  }
}

/* The rule "enumerated-paragraphs": paragraphs in a row that each open
 * with an enumerator in parentheses (para_enumerator), as legal texts set
 * their provisions, are the items of lists, nested by their counts
 * (plan_enum_run) and keeping every enumerator as written, since other
 * clauses cite them ("section 4(c)(iv)"). A paragraph whose enumerator
 * runs in after other text ("Sec. 3.  Membership.  (a) ...") stays a
 * paragraph.
 *   accepts: "(a)  The Chair shall ...\n\n(b)  The Task Force ..."
 *   rejects: "(c) 2019 Ann Roe\n\n(c) 2021 Bo Lee" (nothing counts on)
 * Runs are looked for among the blocks of the document, of block quotes
 * and of list items (not among the items the rule makes). */
static void enumerated_paragraphs_as_lists(galley_doc *doc)
{
  galley_iter *it = galley_iter_new(galley_doc_get_root(doc));
  galley_event_type ev;
  galley_node **boxes = NULL;
  enum_para *run = NULL;
  size_t nboxes = 0, box_cap = 0, b;
  int run_cap = 0;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *node = galley_iter_get_node(it);
    galley_node_type type = galley_node_get_type(node);
    if (ev != GALLEY_EVENT_ENTER || !(type == GALLEY_NODE_DOCUMENT ||
                                      type == GALLEY_NODE_BLOCK_QUOTE ||
                                      type == GALLEY_NODE_ITEM))
      continue;
    if (nboxes == box_cap) {
      box_cap = box_cap ? 2 * box_cap : 16;
      boxes = galley_xreallocarray(boxes, box_cap, sizeof *boxes);
    }
    boxes[nboxes++] = node;
  }
  galley_iter_free(it);
  for (b = 0; b < nboxes; b++) {
    galley_node *c = galley_node_first_child(boxes[b]);
    while (c) {
      int n = 0;
      enum_para q;
      while (c && para_enumerator(c, &q)) {
        if (n == run_cap) {
          run_cap = run_cap ? 2 * run_cap : 16;
          run = galley_xreallocarray(run, (size_t)run_cap, sizeof *run);
        }
        run[n++] = q;
        c = galley_node_next(c);
      }
      /* c is past the run: building it leaves c where it is */
      if (n >= 2 && plan_enum_run(run, n))
        build_enum_run(run, n);
      if (n == 0)
        c = galley_node_next(c);
    }
  }
  free(run);
  free(boxes);
}

/* ------------------------------------------------------------------ */
/* An enumerator alone on its line                                     */
/* ------------------------------------------------------------------ */

/* Whether two lists count on as one: both ordered alike (style and
 * delimiter), the second starting at the number after the first's last. */
static int lists_count_on(galley_node *a, galley_node *b)
{
  int n = 0;
  galley_node *item;
  if (galley_node_get_type(b) != GALLEY_NODE_LIST || !galley_node_get_list_ordered(a) ||
      !galley_node_get_list_ordered(b) ||
      galley_node_get_list_style(a) != galley_node_get_list_style(b) ||
      galley_node_get_list_delim(a) != galley_node_get_list_delim(b))
    return 0;
  for (item = galley_node_first_child(a); item; item = galley_node_next(item))
    n++;
  return galley_node_get_list_start(b) == galley_node_get_list_start(a) + n;
}

/* The rule "lone-enumerator-item": a numbered clause whose number stands
 * alone on its line ("2.") with its text on the next line, not indented,
 * which CommonMark reads as an empty item and a paragraph after the
 * list, is one item holding that paragraph; and the lists such clauses
 * make, counting on ("1." then "2."), are one list.
 *   accepts: "1.\nApprove the rules.\n\n2.\nThe order comes into force."
 *   rejects: "1. Approve the rules.\n\nThe order comes into force."
 *            (the item has its text: the paragraph after it is not its) */
static void lone_enumerators_as_items(galley_doc *doc)
{
  galley_iter *it = galley_iter_new(galley_doc_get_root(doc));
  galley_event_type ev;
  galley_node **boxes = NULL;
  size_t nboxes = 0, box_cap = 0, b;
  /* the blocks holding lists, first: the tree changes after */
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *node = galley_iter_get_node(it);
    galley_node_type type = galley_node_get_type(node);
    if (ev != GALLEY_EVENT_ENTER || !(type == GALLEY_NODE_DOCUMENT ||
                                      type == GALLEY_NODE_BLOCK_QUOTE ||
                                      type == GALLEY_NODE_ITEM))
      continue;
    if (nboxes == box_cap) {
      box_cap = box_cap ? 2 * box_cap : 16;
      boxes = galley_xreallocarray(boxes, box_cap, sizeof *boxes);
    }
    boxes[nboxes++] = node;
  }
  galley_iter_free(it);
  for (b = 0; b < nboxes; b++) {
    galley_node *list;
    for (list = galley_node_first_child(boxes[b]); list; list = galley_node_next(list)) {
      galley_node *last, *next;
      if (galley_node_get_type(list) != GALLEY_NODE_LIST || !galley_node_get_list_ordered(list))
        continue;
      for (;;) {
        last = galley_node_last_child(list);
        next = galley_node_next(list);
        if (last && !galley_node_first_child(last) &&
            galley_node_get_type(next) == GALLEY_NODE_PARAGRAPH) {
          /* the empty item's text: the paragraph under its number */
          galley_node_unlink(next);
          galley_node_append_child(last, next);
          galley_node_set_rule(last, "lone-enumerator-item");
          continue;
        }
        if (last && galley_node_get_rule(last) &&
            strcmp(galley_node_get_rule(last), "lone-enumerator-item") == 0 &&
            lists_count_on(list, next)) {
          galley_node *item;
          while ((item = galley_node_first_child(next)) != NULL) {
            galley_node_unlink(item);
            galley_node_append_child(list, item);
          }
          galley_node_free(next);
          galley_node_set_list(list, 1, galley_node_get_list_start(list), 0);
          continue;
        }
        break;
      }
    }
  }
  free(boxes);
}

/* ------------------------------------------------------------------ */
/* A sentence across a blank line                                      */
/* ------------------------------------------------------------------ */

/* Whether a paragraph's text is body text leaving its sentence open:
 * longer than a heading (TEXT_HEADING_MAX_CHARS) and ending in a letter
 * or digit, no punctuation after it. */
static int leaves_sentence_open(galley_node *p)
{
  char *text;
  const char *t;
  size_t len;
  int32_t cp = 0;
  int open;
  if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH ||
      galley_node_get_type(galley_node_first_child(p)) == GALLEY_NODE_DATELINE)
    return 0;
  text = galley_node_get_plain_text(p);
  t = text;
  len = strlen(t);
  trim_span(&t, &len);
  if (len > 0)
    text_prev_cp(t, len, &cp);
  open = galley_utf8_count(t, len) > TEXT_HEADING_MAX_CHARS &&
         (galley_utf8_is_letter(cp) || (cp >= '0' && cp <= '9'));
  free(text);
  return open;
}

/* Whether a paragraph opens in lower case, as a sentence's rest does. */
static int opens_lowercase(galley_node *p)
{
  galley_node *t = galley_node_first_child(p);
  const char *lit;
  size_t len;
  int32_t cp;
  if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH ||
      galley_node_get_type(t) != GALLEY_NODE_TEXT)
    return 0;
  lit = galley_node_get_literal(t, &len);
  trim_span(&lit, &len);
  if (len == 0)
    return 0;
  text_next_cp(lit, len, 0, &cp);
  return galley_utf8_is_lower(cp);
}

/* The rule "sentence-across-blank-line": a paragraph of body text that
 * leaves its sentence open (leaves_sentence_open) and the paragraph
 * right after it in the same block, opening in lower case, are one
 * paragraph, the blank line between them a slip of the pen (as the
 * plain-text reader joins them).
 *   accepts: "... placed at a distance of 5 mm" / "from the emblem, the ..."
 *   rejects: "... placed at a distance of 5 mm." / "from the emblem ..." */
static void join_sentences_across_blank_lines(galley_doc *doc)
{
  galley_iter *it = galley_iter_new(galley_doc_get_root(doc));
  galley_event_type ev;
  galley_node **boxes = NULL;
  size_t nboxes = 0, box_cap = 0, b;
  /* the blocks holding paragraphs, first: the tree changes after */
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *node = galley_iter_get_node(it);
    galley_node_type type = galley_node_get_type(node);
    if (ev != GALLEY_EVENT_ENTER || !(type == GALLEY_NODE_DOCUMENT ||
                                      type == GALLEY_NODE_BLOCK_QUOTE ||
                                      type == GALLEY_NODE_ITEM))
      continue;
    if (nboxes == box_cap) {
      box_cap = box_cap ? 2 * box_cap : 16;
      boxes = galley_xreallocarray(boxes, box_cap, sizeof *boxes);
    }
    boxes[nboxes++] = node;
  }
  galley_iter_free(it);
  for (b = 0; b < nboxes; b++) {
    galley_node *p;
    for (p = galley_node_first_child(boxes[b]); p; p = galley_node_next(p)) {
      galley_node *next, *c;
      while ((next = galley_node_next(p)) != NULL && opens_lowercase(next) &&
             leaves_sentence_open(p)) {
        galley_node *space = galley_node_new(GALLEY_NODE_TEXT);
        galley_node_set_literal(space, " ", 1);
        galley_node_set_line(space, galley_node_get_line(next));
        galley_node_append_child(p, space);
        while ((c = galley_node_first_child(next)) != NULL) {
          galley_node_unlink(c);
          galley_node_append_child(p, c);
        }
        galley_node_free(next);
        galley_node_set_rule(p, "sentence-across-blank-line");
      }
    }
  }
  free(boxes);
}

/* ------------------------------------------------------------------ */
/* Standfirst, dateline, end mark                                      */
/* ------------------------------------------------------------------ */

/* A standfirst is at most this long: two sentences under a headline. */
#define STANDFIRST_MAX_CHARS 320
/* A dateline lede is one of the first few paragraphs. */
#define DATELINE_PARAGRAPHS 3

/* Whether a block holds one inline of `type` and nothing else (but
 * white space): a paragraph set wholly in italics. */
static int is_wholly(galley_node *block, galley_node_type type)
{
  galley_node *c, *only = NULL;
  for (c = galley_node_first_child(block); c; c = galley_node_next(c)) {
    if (galley_node_get_type(c) == GALLEY_NODE_TEXT) {
      size_t len;
      const char *t = galley_node_get_literal(c, &len);
      trim_span(&t, &len);
      if (len == 0)
        continue;
    }
    if (only)
      return 0;
    only = c;
  }
  return only && galley_node_get_type(only) == type;
}

/* The rule "italic-standfirst": the first block under the title, a
 * paragraph set wholly in italics and short (STANDFIRST_MAX_CHARS), that
 * does not end as a lead-in (':' ',' ';'), with body text after it, is
 * the standfirst: the subtitle. Not when the front matter gave one.
 *   accepts: "*The new line opens in May, two years early.*" then text
 *   rejects: "*Before you start:*" then a list (a lead-in) */
static void italic_standfirst_as_subtitle(md_reader *r)
{
  galley_node *root = galley_doc_get_root(r->doc);
  galley_node *tb = galley_node_first_child(root), *p, *c;
  char *text;
  const char *t;
  size_t len;
  int32_t last = 0;
  if (galley_node_get_type(tb) != GALLEY_NODE_TITLE_BLOCK ||
      !galley_meta_get(galley_doc_get_meta(r->doc), "title") ||
      galley_meta_get(galley_doc_get_meta(r->doc), "subtitle"))
    return;
  p = galley_node_next(tb);
  if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH || !is_wholly(p, GALLEY_NODE_EMPH) ||
      galley_node_get_type(galley_node_next(p)) != GALLEY_NODE_PARAGRAPH)
    return;
  text = galley_node_get_plain_text(p);
  t = text;
  len = strlen(t);
  trim_span(&t, &len);
  if (len > 0)
    text_prev_cp(t, len, &last);
  if (len == 0 || galley_utf8_count(t, len) > STANDFIRST_MAX_CHARS || last == ':' ||
      last == ',' || last == ';') {
    free(text);
    return;
  }
  {
    galley_buf b = GALLEY_BUF_INIT;
    galley_buf_put(&b, t, len);
    galley_doc_apply_meta(r->doc, "subtitle", galley_buf_cstr(&b), 1);
    galley_buf_free(&b);
  }
  free(text);
  galley_doc_sync_title_block(r->doc);
  for (c = galley_node_first_child(tb); c; c = galley_node_next(c))
    if (galley_node_get_type(c) == GALLEY_NODE_SUBTITLE) {
      galley_node_set_rule(c, "italic-standfirst");
      galley_node_set_line(c, galley_node_get_line(p));
    }
  galley_node_free(p);
}

/* Whether a bold run opening a paragraph names a place, as a dateline in
 * bold does: one to four words, each capitalised or a number ("D.C.",
 * "March 3"), commas between, the first capitalised, no other
 * punctuation at its end.
 *   accepts: "Washington, D.C."
 *   rejects: "Note:" */
static int is_bold_place(const char *s, size_t len)
{
  size_t i = 0;
  int words = 0;
  if (len == 0 || len > TEXT_DATELINE_MAX_BYTES)
    return 0;
  while (i < len) {
    int32_t cp;
    size_t start = i;
    i += text_next_cp(s, len, i, &cp);
    if (!galley_utf8_is_upper(cp) && !(words > 0 && cp >= '0' && cp <= '9'))
      return 0;
    while (i < len && s[i] != ' ' && s[i] != ',') {
      i += text_next_cp(s, len, i, &cp);
      if (!(galley_utf8_is_letter(cp) || (cp >= '0' && cp <= '9') || cp == '.' ||
            cp == '-' || cp == '\'' || cp == 0x2019))
        return 0;
    }
    if (++words > 4 || i == start)
      return 0;
    if (i < len && s[i] == ',')
      i++;
    if (i < len && s[i] == ' ')
      i++;
  }
  return words > 0;
}

/* Whether s opens with a spaced dash ("  – ", " - ", " — ") and then a
 * sentence's start: a capital, a digit or an opening quote (a lede's
 * first sentence, not a label's gloss, "Note – the form ..."). */
static int has_spaced_dash_lede(const char *s, size_t len)
{
  size_t i = 0, n;
  int32_t cp;
  while (i < len && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (i == 0 || i >= len)
    return 0;
  n = text_next_cp(s, len, i, &cp);
  if (!(cp == 0x2013 || cp == 0x2014 || cp == '-'))
    return 0;
  i += n;
  if (i >= len || s[i] != ' ')
    return 0;
  while (i < len && s[i] == ' ')
    i++;
  if (i >= len)
    return 0;
  text_next_cp(s, len, i, &cp);
  return galley_utf8_is_upper(cp) || (cp >= '0' && cp <= '9') || text_is_opening_quote(cp);
}

/* The dateline a paragraph opens with, made its first inline (DATELINE):
 * a wire dateline in capitals ("WASHINGTON – ...", text_has_dateline) or
 * a place in bold before a spaced dash and a sentence
 * ("**Washington, D.C.** – The ...").
 * Returns whether it found one. */
static int mark_dateline(galley_node *p)
{
  galley_node *first = galley_node_first_child(p), *d;
  const char *lit;
  size_t len, off;
  if (galley_node_get_type(first) == GALLEY_NODE_TEXT) {
    char *rest;
    lit = galley_node_get_literal(first, &len);
    if (!text_has_dateline(lit, len, &off))
      return 0;
    d = galley_node_new(GALLEY_NODE_DATELINE);
    galley_node_set_line(d, galley_node_get_line(p));
    galley_node_append_text(d, lit, off);
    /* copy: set_literal frees what `lit` points into */
    rest = galley_xstrndup(lit + off, len - off);
    galley_node_set_literal(first, rest, len - off);
    free(rest);
    galley_node_insert_before(first, d);
    return 1;
  }
  if (galley_node_get_type(first) == GALLEY_NODE_STRONG &&
      galley_node_get_type(galley_node_next(first)) == GALLEY_NODE_TEXT) {
    galley_node *c = galley_node_first_child(first);
    int place;
    if (galley_node_get_type(c) != GALLEY_NODE_TEXT || galley_node_next(c))
      return 0;
    lit = galley_node_get_literal(c, &len);
    place = is_bold_place(lit, len);
    lit = galley_node_get_literal(galley_node_next(first), &len);
    if (!place || !has_spaced_dash_lede(lit, len))
      return 0;
    d = galley_node_new(GALLEY_NODE_DATELINE);
    galley_node_set_line(d, galley_node_get_line(p));
    galley_node_unlink(c);
    galley_node_append_child(d, c);
    galley_node_insert_before(first, d);
    galley_node_free(first);
    return 1;
  }
  return 0;
}

/* The rule "dateline-lede": one of the first DATELINE_PARAGRAPHS
 * paragraphs of the body, before any heading, that opens with a dateline
 * (mark_dateline) is the lede. Only the first such paragraph.
 *   accepts: "WASHINGTON – Today the President announced ..."
 *   rejects: "US – China relations are strained." */
static void dateline_lede(galley_doc *doc)
{
  galley_node *c = galley_node_first_child(galley_doc_get_root(doc));
  int paragraphs = 0;
  for (; c && paragraphs < DATELINE_PARAGRAPHS; c = galley_node_next(c)) {
    galley_node_type t = galley_node_get_type(c);
    if (t == GALLEY_NODE_HEADING)
      return;
    if (t != GALLEY_NODE_PARAGRAPH)
      continue;
    if (mark_dateline(c)) {
      galley_node_set_rule(c, "dateline-lede");
      return;
    }
    paragraphs++;
  }
}

/* ------------------------------------------------------------------ */
/* Bold headings                                                       */
/* ------------------------------------------------------------------ */

/* A paragraph set wholly in bold heads what follows when it is at most
 * this long: a name and an office ("Jane Roe, Nominee for Ambassador
 * Extraordinary and Plenipotentiary to ...") runs past the dozen words of
 * a plain line's heading, the bold saying what its length cannot. */
#define BOLD_HEADING_MAX_WORDS 30
#define BOLD_HEADING_MAX_CHARS 240

/* The rule "bold-paragraph-heading": a top-level paragraph set wholly in
 * bold (underlined or not), of one to BOLD_HEADING_MAX_WORDS words,
 * opening with a capital and without closing punctuation, with body text
 * after it (a paragraph or a list not itself wholly bold) is a heading,
 * as word processors' exports and press releases set a section's or a
 * profile's title: one level under the heading before it.
 *   accepts: "**Jane Roe, Nominee for Ambassador to Italy**" then text
 *   rejects: "**Note:**" then text (a lead-in); "**Minister**" over
 *            "**J. Roe**" (bold over bold: a signature's lines) */
static void bold_paragraphs_as_headings(galley_doc *doc)
{
  galley_node *root = galley_doc_get_root(doc);
  galley_node *p = galley_node_first_child(root), *next;
  int level = 1;
  for (; p; p = next) {
    galley_node *h, *c;
    galley_node_type nt;
    char *text;
    const char *t;
    size_t len;
    int shaped;
    next = galley_node_next(p);
    if (galley_node_get_type(p) == GALLEY_NODE_HEADING) {
      level = galley_node_get_level(p) < 6 ? galley_node_get_level(p) + 1 : 6;
      continue;
    }
    nt = galley_node_get_type(next);
    if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH || !is_wholly(p, GALLEY_NODE_STRONG) ||
        !(nt == GALLEY_NODE_LIST || (nt == GALLEY_NODE_PARAGRAPH &&
                                     !is_wholly(next, GALLEY_NODE_STRONG))))
      continue;
    text = galley_node_get_plain_text(p);
    t = text;
    len = strlen(t);
    trim_span(&t, &len);
    shaped = len > 0 && text_starts_like_heading(t, len) &&
             !text_has_terminal_punctuation(t, len) &&
             text_count_words(t, len, BOLD_HEADING_MAX_WORDS) <= BOLD_HEADING_MAX_WORDS &&
             galley_utf8_count(t, len) <= BOLD_HEADING_MAX_CHARS;
    free(text);
    if (!shaped)
      continue;
    h = galley_node_new(GALLEY_NODE_HEADING);
    galley_node_set_level(h, level);
    galley_node_set_line(h, galley_node_get_line(p));
    galley_node_set_rule(h, "bold-paragraph-heading");
    /* the heading's face is bold already: its words, not the bold */
    for (c = galley_node_first_child(p); c; c = galley_node_next(c))
      if (galley_node_get_type(c) == GALLEY_NODE_STRONG)
        break;
    while (galley_node_first_child(c)) {
      galley_node *k = galley_node_first_child(c);
      galley_node_unlink(k);
      galley_node_append_child(h, k);
    }
    galley_node_insert_before(p, h);
    galley_node_free(p);
  }
}

/* ------------------------------------------------------------------ */
/* Closing signature                                                   */
/* ------------------------------------------------------------------ */

/* A signature as official documents close: a name alone in capitals,
 * two to four words (text_is_name_line) of which one is an initial, a
 * capital and a period, as signers of acts print their names.
 *   accepts: "JANE Q. ROE JR."
 *   rejects: "ALL RIGHTS RESERVED" (no initial) */
static int is_signature_name(const char *s, size_t len)
{
  size_t i;
  if (!text_is_all_caps_line(s, len) || !text_is_name_line(s, len))
    return 0;
  for (i = 0; i + 1 < len; i++)
    if (s[i] >= 'A' && s[i] <= 'Z' && s[i + 1] == '.' && (i == 0 || s[i - 1] == ' ') &&
        (i + 2 == len || s[i + 2] == ' '))
      return 1;
  return 0;
}

/* A signer's position stands over the name on at most this many lines
 * of its own ("Minister of Justice" / "of the Republic of Kazakhstan"). */
#define SIGNATURE_POSITION_LINES 3

/* A top-level paragraph's plain text, trimmed (also of a no-break space
 * after it), in *out; whether it has lines of its own (a LINEBREAK) in
 * *out_lines. Returns the text to free, NULL for another block. */
static char *block_text(galley_node *p, const char **out, size_t *out_len, int *out_lines)
{
  galley_node *c;
  char *text;
  size_t len;
  if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH)
    return NULL;
  *out_lines = 0;
  for (c = galley_node_first_child(p); c; c = galley_node_next(c))
    if (galley_node_get_type(c) == GALLEY_NODE_LINEBREAK)
      *out_lines = 1;
  text = galley_node_get_plain_text(p);
  *out = text;
  len = strlen(text);
  trim_span(out, &len);
  while (len >= 2 && (unsigned char)(*out)[len - 2] == 0xC2 &&
         (unsigned char)(*out)[len - 1] == 0xA0)
    len -= 2; /* a no-break space after the name */
  *out_len = len;
  return text;
}

/* Whether s is a signer's name: in capitals with an initial
 * (is_signature_name) or with initials before or after the surname
 * (text_is_initialled_name). */
static int is_signer_name(const char *s, size_t len)
{
  return is_signature_name(s, len) || text_is_initialled_name(s, len);
}

/* Whether a paragraph is only a signer's name (is_signer_name) on one
 * line, or an office and the name across the page (text_signature_gap).
 *   accepts: "A. Smith", "Minister of Justice      A. Smith"
 *   rejects: "Minister of Justice A. Smith" (no gap: a sentence's words) */
static int is_signer_paragraph(galley_node *p)
{
  const char *s;
  size_t len;
  int lines, sign;
  char *text = block_text(p, &s, &len, &lines);
  if (!text)
    return 0;
  sign = !lines && (is_signer_name(s, len) || text_signature_gap(s, len) > 0);
  free(text);
  return sign;
}

/* Whether a paragraph can be a signer's position over the name: short,
 * opening with a capital, without closing punctuation, as an office is
 * printed (on one line or several).
 *   accepts: "Minister of Justice of the Republic of Kazakhstan"
 *   rejects: "The order comes into force on signing." */
static int is_position_paragraph(galley_node *p)
{
  const char *s;
  size_t len;
  int lines, shaped;
  char *text = block_text(p, &s, &len, &lines);
  if (!text)
    return 0;
  shaped = text_is_heading_shaped(s, len);
  free(text);
  return shaped;
}

/* Whether a paragraph is the place, date and number of an act under
 * its signature: the last block, a short line holding a year.
 *   accepts: "Astana, 12 June 2019, No. 12"
 *   rejects: "Questions go to the city clerk." */
static int is_act_date_paragraph(galley_node *p)
{
  const char *s;
  size_t len, i, digits = 0;
  int lines, year = 0;
  char *text;
  if (galley_node_next(p) || !(text = block_text(p, &s, &len, &lines)))
    return 0;
  for (i = 0; i <= len; i++) {
    if (i < len && s[i] >= '0' && s[i] <= '9') {
      digits++;
      continue;
    }
    year |= digits == 4;
    digits = 0;
  }
  year = year && text_is_short_line(s, len) && !(len > 0 && s[len - 1] == '.');
  free(text);
  return year;
}

/* Whether the signature ends where a block stands: at the end, before
 * the act's place and date (is_act_date_paragraph), or before what opens
 * an annex (a block quote such as an approval stamp, a heading, a rule). */
static int closes_signature(galley_node *next)
{
  galley_node_type t = galley_node_get_type(next);
  return !next || t == GALLEY_NODE_BLOCK_QUOTE || t == GALLEY_NODE_HEADING ||
         t == GALLEY_NODE_THEMATIC_BREAK ||
         (t == GALLEY_NODE_PARAGRAPH && is_act_date_paragraph(next));
}

/* Makes a paragraph a byline of the rule "closing-signature". */
static void paragraph_to_byline(galley_node *p)
{
  galley_node *by = galley_node_new(GALLEY_NODE_BYLINE), *c;
  galley_node_set_line(by, galley_node_get_line(p));
  galley_node_set_rule(by, "closing-signature");
  while ((c = galley_node_first_child(p)) != NULL) {
    galley_node_unlink(c);
    galley_node_append_child(by, c);
  }
  galley_node_insert_before(p, by);
  galley_node_free(p);
}

/* The rule "closing-signature": after body text, a paragraph that is
 * only a signer's name (is_signer_paragraph), at the end of the document
 * or of its main part (closes_signature: an annex follows), is the byline
 * signing it, and so are the position lines right over it
 * (is_position_paragraph, at most SIGNATURE_POSITION_LINES) as letters,
 * orders and decrees print the signer's office over the name (or at the
 * left of the page, the name at the right), and the act's place and date
 * under it (is_act_date_paragraph).
 *   accepts: "... comes into force on signing." / "Minister of Justice" /
 *            "A. Smith" (the last blocks)
 *   rejects: "See also" / "A. Smith" with a paragraph after it */
static void closing_signature_as_byline(galley_doc *doc)
{
  galley_node *root = galley_doc_get_root(doc);
  galley_node *p = galley_node_first_child(root), *next;
  for (; p; p = next) {
    galley_node *top = p, *prev;
    int positions = 0;
    next = galley_node_next(p);
    if (!closes_signature(next) || !is_signer_paragraph(p))
      continue;
    while ((prev = galley_node_previous(top)) != NULL && positions < SIGNATURE_POSITION_LINES &&
           is_position_paragraph(prev)) {
      top = prev;
      positions++;
    }
    /* body text before the signature: else a name under the title */
    prev = galley_node_previous(top);
    if (!prev || galley_node_get_type(prev) == GALLEY_NODE_TITLE_BLOCK)
      continue;
    /* the act's place and date under the signature sign it too */
    if (galley_node_get_type(next) == GALLEY_NODE_PARAGRAPH)
      next = galley_node_next(next);
    while (top != next) {
      galley_node *after = galley_node_next(top);
      paragraph_to_byline(top);
      top = after;
    }
  }
}

/* ------------------------------------------------------------------ */
/* The reader                                                          */
/* ------------------------------------------------------------------ */

galley_doc *galley_read_markdown(const char *text, size_t len,
                                 const galley_read_options *opts,
                                 galley_diag *diag, galley_error *err)
{
  galley_buf clean = GALLEY_BUF_INIT;
  galley_frontmatter fm;
  md_reader r;
  galley_doc *doc = NULL;
  cmark_node *cdoc = NULL;
  cmark_iter *it;
  cmark_event_type ev;
  const char *body;
  size_t body_len;
  unsigned flags = opts ? opts->flags : 0;
  const char *title_rule; /* static: the rule of a title from the file name */
  galley_error_clear(err);

  galley_frontmatter_init(&fm);
  memset(&r, 0, sizeof r);
  if (!text && len > 0) {
    galley_error_set(err, GALLEY_ERR_USAGE, 0, "no Markdown text given");
    goto fail;
  }
  galley_clean_input(&clean, text, len, diag); /* UTF-16 and a BOM too */
  body = galley_buf_cstr(&clean);
  body_len = clean.len;
  if (galley_frontmatter_read(body, body_len, &fm, err) != GALLEY_OK)
    goto fail;
  if (fm.present) {
    body += fm.body_offset;
    body_len -= fm.body_offset;
    r.line_offset = fm.body_line - 1;
  } else if (body_len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) {
    body += 3;
    body_len -= 3;
  }

  doc = galley_doc_new();
  galley_frontmatter_apply(&fm, doc);
  r.doc = doc;
  r.diag = diag;
  r.flags = flags;
  r.cur = galley_doc_get_root(doc);
  r.last_line = r.line_offset + 1;

  {
    /* cmark allocates through galley's allocator: its default one prints
     * its own message and aborts, where galley's reaches the program's
     * fatal handler (galley.h). Every cmark call on this tree, freeing
     * and iterating included, uses the allocator the parser was given. */
    /* No CMARK_OPT_SMART: quotes and dashes are set for both readers
     * alike, by language, by galley_doc_smarten (model/smart.c). */
    cmark_parser *parser =
        cmark_parser_new_with_mem(CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8, &cmark_allocator);
    cmark_parser_feed(parser, body, body_len);
    cdoc = cmark_parser_finish(parser);
    cmark_parser_free(parser);
  }
  /* cmark holds its own copy now: the cleaned text goes before the model
   * is built, so peak memory holds one copy of the input less. */
  galley_buf_free(&clean);
  body = NULL;
  if (!cdoc) {
    galley_error_set(err, GALLEY_ERR_INTERNAL, 0, "cmark could not parse the document");
    goto fail;
  }
  decide_title(&r, cdoc, flags);
  mend_inlines(cdoc);
  it = cmark_iter_new(cdoc);
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *cn = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER && cmark_node_parent(cn) == cdoc &&
        cmark_node_previous(cn)) {
      /* The top-level block before this one is in the model now: freeing
       * it as we go keeps cmark's tree and the model from both holding
       * the whole input (a 16 MB book peaks 28 MB lower). The iterator
       * holds only the current node; title_heading, tagline and
       * title_line_para are only compared. */
      cmark_node_free(cmark_node_previous(cn));
    }
    if (ev == CMARK_EVENT_ENTER)
      enter(&r, it, cn);
    else
      leave(&r, cn);
  }
  cmark_iter_free(it);
  enumerated_paragraphs_as_lists(doc);
  lone_enumerators_as_items(doc);
  join_sentences_across_blank_lines(doc);
  closing_signature_as_byline(doc);
  bold_paragraphs_as_headings(doc);
  dateline_lede(doc);

  if (!r.title_from_heading && !(flags & GALLEY_OPT_NO_TITLE) &&
      !galley_meta_get(galley_doc_get_meta(doc), "title") &&
      (title_rule = galley_title_apply_file_name(doc, opts ? opts->file_name : NULL,
                                                 NULL, diag)) != NULL) {
    /* title.h: the file name made readable, or "Untitled" for a hash */
    galley_doc_sync_title_block(doc);
    mark_title(&r, GALLEY_NODE_TITLE, title_rule, 0);
  } else {
    galley_doc_sync_title_block(doc);
    if (r.title_from_heading)
      mark_title(&r, GALLEY_NODE_TITLE,
                 r.title_line_para ? "first-line-as-title" : "first-h1-as-title",
                 r.title_line);
    /* a headline the text gave: a standfirst may stand under it */
    if (!(flags & GALLEY_OPT_NO_TITLE))
      italic_standfirst_as_subtitle(&r);
  }
  if (r.tagline)
    mark_title(&r, GALLEY_NODE_SUBTITLE, "tagline-as-subtitle", r.tagline_line);
  goto done;

fail:
  galley_doc_free(doc);
  doc = NULL;
done:
  if (cdoc) /* cmark_node_free does not accept NULL */
    cmark_node_free(cdoc);
  galley_frontmatter_free(&fm);
  galley_buf_free(&r.scratch);
  galley_buf_free(&clean);
  return doc;
}
