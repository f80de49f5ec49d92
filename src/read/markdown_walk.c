/* markdown_walk.c: the one walk over cmark's tree (cmark_iter, no
 * recursion) that makes the model's blocks and inlines, a figure of a
 * paragraph holding one image alone, and a line of one repeated mark as a
 * thematic break (mark-line-as-break). */
#include <cmark-gfm-core-extensions.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credit.h"
#include "markdown_private.h"
#include "text_rules.h"

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
  md_trim_span(&text, &len);
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
    while (end > s && md_is_ascii_space(end[-1]))
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
    while (p < s + len && md_is_ascii_space(*p))
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

/* Whether cmark node `cn` is of the extension node type named `name`
 * ("table", "table_header", "table_row", "table_cell", "strikethrough",
 * "tasklist"): cmark-gfm numbers the extensions' types when they are
 * registered, and names them through cmark_node_get_type_string. */
int md_is_extension(cmark_node *cn, const char *name)
{
  return cmark_node_get_syntax_extension(cn) &&
         strcmp(cmark_node_get_type_string(cn), name) == 0;
}

/* A new TABLE_CELL aligned as column `col` of the current table. */
static galley_node *new_cell(md_reader *r, int col)
{
  galley_node *g = galley_node_new(GALLEY_NODE_TABLE_CELL);
  galley_align align = GALLEY_ALIGN_NONE;
  if (r->aligns && col < r->columns) {
    switch (r->aligns[col]) {
    case 'l':
      align = GALLEY_ALIGN_LEFT;
      break;
    case 'c':
      align = GALLEY_ALIGN_CENTER;
      break;
    case 'r':
      align = GALLEY_ALIGN_RIGHT;
      break;
    default:
      break;
    }
  }
  galley_node_set_align(g, align);
  return g;
}

/* The model node for an extension's container (table, row, cell,
 * strikethrough), or NULL when its children pass through: an unknown
 * type, or one the current node may not hold (struck text in alt text).
 * Tables come whole from cmark-gfm: a header row, then body rows, each
 * of the header's cells (a short row padded, a long one cut). */
static galley_node *enter_extension(md_reader *r, cmark_node *cn)
{
  galley_node *g;
  if (md_is_extension(cn, "table")) {
    r->columns = cmark_gfm_extensions_get_table_columns(cn);
    r->aligns = cmark_gfm_extensions_get_table_alignments(cn);
    return galley_node_new(GALLEY_NODE_TABLE);
  }
  if (md_is_extension(cn, "table_header") || md_is_extension(cn, "table_row")) {
    g = galley_node_new(GALLEY_NODE_TABLE_ROW);
    galley_node_set_row_header(g, cmark_gfm_extensions_get_table_row_is_header(cn));
    r->cell = 0;
    return g;
  }
  if (md_is_extension(cn, "table_cell"))
    return new_cell(r, r->cell++);
  if (md_is_extension(cn, "strikethrough") &&
      galley_node_can_contain(galley_node_get_type(r->cur), GALLEY_NODE_DELETE))
    return galley_node_new(GALLEY_NODE_DELETE);
  return NULL;
}

/* A leaf or container starts. Containers that map to a model node push
 * it (its pointer kept as the cmark node's user data, so that the exit
 * event can pop it); others pass their children through. */
void md_enter(md_reader *r, cmark_iter *it, cmark_node *cn)
{
  int line = md_node_line(r, cn);
  galley_node *g = NULL;
  const char *lit;
  int mended = md_is_mended(cn);

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
    if (md_is_extension(cn, "tasklist"))
      galley_node_set_task(g, cmark_gfm_extensions_get_tasklist_item_checked(cn)
                                  ? GALLEY_TASK_DONE
                                  : GALLEY_TASK_OPEN);
    break;
  case CMARK_NODE_FOOTNOTE_DEFINITION:
    /* cmark-gfm moved the definitions after the body, in the order of
     * their first reference, and dropped those never referenced: the
     * n-th here is note n. They wait in r->notes until the body's rules
     * have run, and then close the document. */
    g = galley_node_new(GALLEY_NODE_FOOTNOTE);
    galley_node_set_line(g, line);
    galley_node_set_rule(g, "markdown");
    if (r->note_labels) { /* a note nothing cites (md_read_orphan_notes) */
      galley_node_append_child(r->orphans, g);
    } else {
      galley_node_set_note_number(g, ++r->note_count);
      galley_node_append_child(r->notes, g);
    }
    cmark_node_set_user_data(cn, g);
    r->cur = g;
    return;
  case CMARK_NODE_FOOTNOTE_REFERENCE: {
    /* its literal is the note's number, as cmark-gfm counted them */
    int number = atoi(cmark_node_get_literal(cn) ? cmark_node_get_literal(cn) : "");
    char mark[24];
    if (r->note_labels) {
      /* in a note nothing cites, kept as text: its citations as typed */
      if (number >= 1 && number <= r->note_label_count && r->note_labels[number]) {
        const note_label *label = r->note_labels[number];
        md_append_text(r, "[^", 2, line);
        md_clean_literal(r, label->ptr, label->len, line);
        md_append_text(r, r->scratch.ptr, r->scratch.len, line);
        md_append_text(r, "]", 1, line);
      }
      return;
    }
    if (number >= 1 &&
        galley_node_can_contain(galley_node_get_type(r->cur), GALLEY_NODE_FOOTNOTE_REF)) {
      g = galley_node_new(GALLEY_NODE_FOOTNOTE_REF);
      galley_node_set_note_number(g, number);
      galley_node_set_line(g, line);
      md_append(r, g);
    } else if (number >= 1 && number <= r->note_name_count && r->note_names[number]) {
      /* in alt text: the citation as typed */
      md_append_text(r, "[^", 2, line);
      md_append_text(r, r->note_names[number], strlen(r->note_names[number]), line);
      md_append_text(r, "]", 1, line);
    } else {
      snprintf(mark, sizeof mark, "[%d]", number);
      md_append_text(r, mark, strlen(mark), line);
    }
    return;
  }
  case CMARK_NODE_PARAGRAPH:
    if (cn == r->tagline || cn == r->title_line_para) {
      /* the subtitle or title lives in the metadata now */
      cmark_iter_reset(it, cn, CMARK_EVENT_EXIT);
      return;
    }
    md_check_paragraph_lines(r, cn, line);
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
    md_clean_literal(r, lit ? lit : "", len, line);
    galley_node_set_literal(g, r->scratch.ptr ? r->scratch.ptr : "", r->scratch.len);
    if (info && *info) {
      size_t n = strlen(info);
      md_trim_span(&info, &n);
      if (n) {
        md_clean_literal(r, info, n, line);
        galley_node_set_title(g, galley_buf_cstr(&r->scratch));
      }
    }
    md_append(r, g);
    return;
  }
  case CMARK_NODE_THEMATIC_BREAK:
    g = galley_node_new(GALLEY_NODE_THEMATIC_BREAK);
    galley_node_set_line(g, line);
    galley_node_set_rule(g, "markdown");
    md_append(r, g);
    return;
  case CMARK_NODE_HTML_BLOCK:
    md_read_html_block(r, cn, line);
    return;
  case CMARK_NODE_TEXT:
    lit = cmark_node_get_literal(cn);
    if (lit) {
      md_clean_literal(r, lit, strlen(lit), line);
      md_append_text(r, r->scratch.ptr, r->scratch.len, line);
    }
    return;
  case CMARK_NODE_SOFTBREAK:
    md_append_text(r, " ", 1, line);
    return;
  case CMARK_NODE_LINEBREAK:
    if (galley_node_can_contain(galley_node_get_type(r->cur), GALLEY_NODE_LINEBREAK)) {
      g = galley_node_new(GALLEY_NODE_LINEBREAK);
      galley_node_set_line(g, line);
      md_append(r, g);
    } else {
      md_append_text(r, " ", 1, line); /* in alt text */
    }
    return;
  case CMARK_NODE_CODE:
    lit = cmark_node_get_literal(cn);
    g = galley_node_new(GALLEY_NODE_CODE);
    galley_node_set_line(g, line);
    md_clean_literal(r, lit ? lit : "", lit ? strlen(lit) : 0, line);
    galley_node_set_literal(g, r->scratch.ptr ? r->scratch.ptr : "", r->scratch.len);
    md_append(r, g);
    return;
  case CMARK_NODE_HTML_INLINE:
    md_read_html_inline(r, cn, line);
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
    md_clean_literal(r, url ? url : "", url ? strlen(url) : 0, line);
    galley_node_set_url(g, galley_buf_cstr(&r->scratch));
    if (title && *title) {
      md_clean_literal(r, title, strlen(title), line);
      galley_node_set_title(g, galley_buf_cstr(&r->scratch));
    }
    break;
  }
  default:
    /* the extensions' nodes; anything else (custom blocks and inlines):
     * its children pass through */
    if ((g = enter_extension(r, cn)) == NULL)
      return;
    break;
  }
  galley_node_set_line(g, line);
  if (galley_node_is_block(g))
    galley_node_set_rule(g, galley_node_get_rule(g) ? galley_node_get_rule(g)
                                                    : "markdown");
  if (!md_append(r, g))
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
void md_leave(md_reader *r, cmark_node *cn)
{
  galley_node *g = cmark_node_get_user_data(cn);
  if (!g)
    return;
  r->cur = galley_node_parent(g);
  switch (galley_node_get_type(g)) {
  case GALLEY_NODE_TABLE_ROW:
    /* every row has the table's columns, so writers count on them */
    while (r->cell < r->columns) {
      galley_node *c = new_cell(r, r->cell++);
      galley_node_set_line(c, galley_node_get_line(g));
      galley_node_append_child(g, c);
    }
    break;
  case GALLEY_NODE_TABLE:
    r->aligns = NULL;
    r->columns = 0;
    break;
  case GALLEY_NODE_FOOTNOTE:
    r->cur = galley_doc_get_root(r->doc);
    break;
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
    } else {
      md_check_foreign_block(r, g);
    }
    break;
  case GALLEY_NODE_TABLE_CELL:
    md_check_foreign_block(r, g);
    break;
  default:
    break;
  }
}

