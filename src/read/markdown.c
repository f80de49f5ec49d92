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
 *                         GALLEY_OPT_STRIP_HTML; a comment is dropped
 *
 * Every node made gets its source line (cmark's line plus the lines the
 * front matter took), so writers can name the line of, say, a missing
 * image. */
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "../galley.h"
#include "../util/alloc.h"
#include "../util/buf.h"
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
    if (!trim_inlines(g))
      galley_node_free(g); /* only dropped HTML was in it */
    break;
  default:
    break;
  }
}

/* ------------------------------------------------------------------ */
/* The reader                                                          */
/* ------------------------------------------------------------------ */

/* cmark's allocator (cmark_mem): galley's, which never returns NULL. */
static void *cmark_calloc(size_t count, size_t size)
{
  return galley_xcalloc(count, size);
}

static void *cmark_realloc(void *p, size_t size)
{
  return galley_xrealloc(p, size);
}

static cmark_mem cmark_allocator = {cmark_calloc, cmark_realloc, free};

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
