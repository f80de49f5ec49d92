/* markdown_title.c: which line of a Markdown text is its title and which
 * its tagline (first-h1-as-title, first-line-as-title,
 * tagline-as-subtitle), decided on cmark's tree before the walk. */
#include <string.h>

#include "markdown_private.h"
#include "text_rules.h"

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
  md_trim_span(&a, &la);
  md_trim_span(&b, &lb);
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
    galley_doc_apply_meta(r->doc, "subtitle", md_clean_literal(r, text.ptr, text.len, 0), 1);
    r->tagline = p;
    r->has_tagline = 1;
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
    galley_doc_apply_meta(r->doc, "title", md_clean_literal(r, text.ptr, text.len, 0), 1);
    r->title_line_para = first;
    r->title_from_line = 1;
    r->title_from_heading = 1;
    r->title_line = cmark_node_get_start_line(first) + r->line_offset;
    taken = 1;
  }
  galley_buf_free(&text);
  return taken;
}

/* Adds the headings of cdoc to `h`; `first` is the document's first
 * block (not counted in h->top), or NULL when cdoc is a later part of it
 * (markdown_chunk.c). */
void md_count_headings(cmark_node *cdoc, cmark_node *first, md_headings *h)
{
  cmark_iter *it = cmark_iter_new(cdoc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    int level;
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HEADING)
      continue;
    level = cmark_node_get_heading_level(n);
    if (level == 1 && h->h1_count < 2)
      h->h1_count++;
    if (n != first && level < h->top)
      h->top = level;
  }
  cmark_iter_free(it);
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
void md_decide_title(md_reader *r, cmark_node *cdoc, unsigned flags, const md_headings *given)
{
  cmark_node *first = cmark_node_first_child(cdoc);
  md_headings h = {0, 7};
  galley_buf text = GALLEY_BUF_INIT;
  const char *meta_title;

  if (given)
    h = *given;
  else
    md_count_headings(cdoc, first, &h);
  if (first && cmark_node_get_type(first) == CMARK_NODE_HEADING &&
      cmark_node_get_heading_level(first) == 1 && h.h1_count == 1) {
    cmark_plain_text(first, &text);
    meta_title = galley_meta_get(galley_doc_get_meta(r->doc), "title");
    if (meta_title && *meta_title) {
      if (is_same_title(meta_title, galley_buf_cstr(&text)))
        r->title_heading = first;
    } else if (!(flags & GALLEY_OPT_NO_TITLE) && text.len > 0) {
      const char *t = md_clean_literal(r, text.ptr, text.len, 0);
      galley_doc_apply_meta(r->doc, "title", t, 1);
      md_warn_foreign_inlines(r, text.ptr, text.len,
                           cmark_node_get_start_line(first) + r->line_offset);
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
      first != r->title_heading && cmark_node_get_heading_level(first) < h.top)
    h.top = cmark_node_get_heading_level(first);
  r->level_shift = h.top <= 6 ? h.top - 1 : 0;
  galley_buf_free(&text);
}

/* Marks the `type` node (TITLE, SUBTITLE) of the title block with the
 * rule that made it. */
void md_mark_title(md_reader *r, galley_node_type type, const char *rule, int line)
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

