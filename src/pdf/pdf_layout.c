/* pdf_layout.c: the document model laid out into a vertical list.
 *
 * The stage runs over several files (pdf_layout.h lists them). This one
 * holds what they share in the context (interned fonts and their
 * metrics, links, the boxes), the entry point pdf_layout_document, and
 * what pagination asks of the list: the boxes of the next blocks, once
 * their paragraphs are broken, table headers to repeat, and notes.
 *
 * Each inline container becomes a pdf_para (pdf_para_text.c), broken
 * into lines (pdf_para_break.c) and set (pdf_set_line.c) by the layout
 * threads (pdf_pipe.c); each line becomes a box of the vertical list
 * (pdf_blocks.c, pdf_table.c).
 *
 * The running text is walked as pagination asks for boxes, a top-level
 * block at a time, WALK_AHEAD paragraphs ahead of the page being cut:
 * a book's paragraphs are made as they are needed and released once
 * drawn, and its peak memory is its model's and a few pages'. A block
 * may still mark the box before it (keep_with_next), so the last box
 * made is never given out before the next block is walked; the walk's
 * output is the same whenever it runs, so the pages are too.
 *
 * Notes (the DOCUMENT's FOOTNOTE children) are laid out first, into a
 * list of their own, each opening with its number; a reference is its
 * number in superior figures, its span naming the note, so that
 * pagination finds which lines bring which notes
 * (pdf_layout_line_notes). */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>

#include "pdf_layout.h"
#include "../util/alloc.h"
#include "../util/error.h"
#include "../util/link.h"

/* Lines after a heading that must share its page. */
#define HEADING_KEEP_LINES 2
/* Paragraphs the walk keeps made ahead of the one pagination last asked
 * for: the layout threads break up to PIPE_AHEAD ahead (pdf_pipe.c). */
#define WALK_AHEAD 128
/* Boxes given to the pages before the running text's list drops them. */
#define BOX_COMPACT 256
/* The lines of a paragraph pdf_layout_next_boxes gives at a time. */
#define EXPAND_CHUNK_LINES 256

#define PU(pt) ((int)((pt) * PANGO_SCALE + 0.5))

/* ------------------------------------------------------------------ */
/* Context helpers                                                     */
/* ------------------------------------------------------------------ */

galley_status pdf_fail(pdf_ctx *ctx, galley_status code, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  code = galley_fail_first(&ctx->status, ctx->err, code, 0, fmt, ap);
  va_end(ap);
  return code;
}

/* pdf_ctx_font, with superior figures when `sups`. */
int pdf_ctx_font_sups(pdf_ctx *ctx, const pdf_style *style, int no_hyphens, int sups)
{
  PangoFontDescription *desc = pango_font_description_new();
  pdf_font *f;
  int i;
  unsigned color = style->color;
  pango_font_description_set_family(desc, style->family);
  pango_font_description_set_size(desc, PU(style->size));
  pango_font_description_set_weight(desc, (PangoWeight)style->weight);
  pango_font_description_set_style(desc, style->italic ? PANGO_STYLE_ITALIC
                                                       : PANGO_STYLE_NORMAL);
  for (i = 0; i < ctx->n_fonts; i++) {
    f = pdf_font_at(ctx, i);
    if (f->smallcaps == style->smallcaps && f->color == color && f->sups == sups &&
        f->no_hyphens == no_hyphens && f->strike == style->strike &&
        pango_font_description_equal(f->desc, desc)) {
      pango_font_description_free(desc);
      return i;
    }
  }
  if (ctx->n_fonts == PDF_FONT_CHUNKS * PDF_FONT_CHUNK) {
    /* past any style sheet's needs: the last font stands in */
    pango_font_description_free(desc);
    pdf_fail(ctx, GALLEY_ERR_INTERNAL, "more than %d fonts", ctx->n_fonts);
    return ctx->n_fonts - 1;
  }
  if (ctx->n_fonts % PDF_FONT_CHUNK == 0)
    ctx->font_chunks[ctx->n_fonts / PDF_FONT_CHUNK] =
        galley_xcalloc(PDF_FONT_CHUNK, sizeof(pdf_font));
  f = pdf_font_at(ctx, ctx->n_fonts);
  f->desc = desc;
  f->smallcaps = style->smallcaps;
  f->sups = sups;
  f->color = color;
  f->no_hyphens = no_hyphens;
  f->strike = style->strike;
  f->ascent = -1;
  f->descent = -1;
  f->hyphen_width = -1;
  return ctx->n_fonts++;
}

int pdf_ctx_font(pdf_ctx *ctx, const pdf_style *style, int no_hyphens)
{
  return pdf_ctx_font_sups(ctx, style, no_hyphens, 0);
}

void pdf_font_metrics(pdf_ctx *ctx, int font)
{
  pdf_font *f = pdf_font_at(ctx, font);
  PangoFontMetrics *m;
  PangoFont *pf;
  if (f->ascent >= 0)
    return;
  /* The face's own extents, which is what Pango's metrics report for an
   * unhinted, untransformed font (get_face_metrics), read from HarfBuzz:
   * pango_context_get_metrics also lays out the language's sample
   * sentence to average character widths galley does not use, a tenth
   * of a short article's layout. */
  pf = pango_context_load_font(ctx->pango, f->desc);
  if (pf) {
    hb_font_t *hb = pango_font_get_hb_font(pf);
    hb_font_extents_t ext;
    if (hb && hb_font_get_h_extents(hb, &ext) && ext.ascender > 0) {
      f->ascent = (int)ext.ascender;
      f->descent = (int)-ext.descender;
      g_object_unref(pf);
      return;
    }
    g_object_unref(pf);
  }
  m = pango_context_get_metrics(ctx->pango, f->desc, NULL);
  f->ascent = pango_font_metrics_get_ascent(m);
  f->descent = pango_font_metrics_get_descent(m);
  pango_font_metrics_unref(m);
}

/* Adds the attributes of `font` over bytes [start, end) of a layout. */
void pdf_add_font_attrs(const pdf_ctx *ctx, PangoAttrList *list, int font,
                        int start, int end)
{
  const pdf_font *f = pdf_font_at(ctx, font);
  PangoAttribute *a = pango_attr_font_desc_new(f->desc);
  a->start_index = (guint)start;
  a->end_index = (guint)end;
  pango_attr_list_insert(list, a);
  if (f->smallcaps || f->sups) {
    /* Noto Serif has real small capitals (OpenType smcp, and c2sc for
     * capitals): far better than scaled-down capitals. Its superior
     * figures (sups) are drawn for the purpose, raised and light enough
     * to stand beside the text, which a scaled-down figure is not. */
    a = pango_attr_font_features_new(f->sups ? "sups"
                                     : f->smallcaps == 2 ? "smcp, c2sc" : "smcp");
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(list, a);
  }
  if (f->strike) {
    /* Drawn by Pango's renderer for a layout line, and by pdf_draw.c for
     * a line set ahead (glyph runs carry it in their extra attributes). */
    a = pango_attr_strikethrough_new(TRUE);
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(list, a);
  }
  if (f->color) {
    a = pango_attr_foreground_new((guint16)((f->color >> 16 & 0xff) * 257),
                                  (guint16)((f->color >> 8 & 0xff) * 257),
                                  (guint16)((f->color & 0xff) * 257));
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(list, a);
  }
}

int pdf_hyphen_width(pdf_ctx *ctx, int font)
{
  pdf_font *f = pdf_font_at(ctx, font);
  if (f->hyphen_width < 0) {
    /* "-" itemized and shaped as a layout would, without one: a layout's
     * extents ask each font's metrics for the line's height, and Pango's
     * metrics lay out the language's sample sentence (a tenth of a short
     * article's instructions, for a width a single glyph gives) */
    static const char hyphen[] = "-";
    PangoAttrList *list = pango_attr_list_new();
    GList *items, *l;
    int width = 0;
    pdf_add_font_attrs(ctx, list, font, 0, 1);
    items = pango_itemize(ctx->pango, hyphen, 0, 1, list, NULL);
    for (l = items; l; l = l->next) {
      PangoItem *item = l->data;
      PangoGlyphString *glyphs = pango_glyph_string_new();
      pango_shape_full(hyphen + item->offset, item->length, hyphen, 1, &item->analysis, glyphs);
      width += pango_glyph_string_get_width(glyphs);
      pango_glyph_string_free(glyphs);
      pango_item_free(item);
    }
    g_list_free(items);
    pango_attr_list_unref(list);
    f->hyphen_width = width;
  }
  return f->hyphen_width;
}

static int has_heading_id(const pdf_ctx *ctx, const char *id)
{
  int i;
  for (i = 0; i < ctx->n_ids; i++)
    if (strcmp(ctx->ids[i], id) == 0)
      return 1;
  return 0;
}

/* The link of a LINK node, by the policy both editions share
 * (util/link.h): its index in ctx->links, which holds the URI of an
 * external link or "#id" of a heading, or -1 (with a warning at `line`)
 * when the link stays plain text. */
int pdf_add_link(pdf_ctx *ctx, const galley_node *node, int line)
{
  galley_link link;
  galley_buf target = GALLEY_BUF_INIT;
  galley_link_classify(galley_node_get_url(node), &link);
  if (link.kind == GALLEY_LINK_EXTERNAL) {
    galley_link_put_target(&target, &link);
  } else if (link.kind == GALLEY_LINK_ANCHOR) {
    galley_buf_putc(&target, '#');
    galley_link_put_anchor_id(&target, &link);
    if (!has_heading_id(ctx, galley_buf_cstr(&target) + 1))
      galley_buf_clear(&target);
  }
  if (target.len == 0) {
    galley_buf_free(&target);
    galley_link_warn(ctx->diag, line, &link);
    return -1;
  }
  if (ctx->n_links == ctx->cap_links) {
    ctx->cap_links = ctx->cap_links ? ctx->cap_links * 2 : 8;
    ctx->links = galley_xreallocarray(ctx->links, (size_t)ctx->cap_links,
                                      sizeof *ctx->links);
  }
  ctx->links[ctx->n_links] = galley_buf_detach(&target, NULL);
  return ctx->n_links++;
}

pdf_box *pdf_push_box(pdf_ctx *ctx, pdf_box_kind kind)
{
  pdf_box *b;
  if (ctx->n_boxes == ctx->cap_boxes) {
    ctx->cap_boxes = ctx->cap_boxes ? ctx->cap_boxes * 2 : 256;
    ctx->boxes = galley_xreallocarray(ctx->boxes, (size_t)ctx->cap_boxes,
                                      sizeof *ctx->boxes);
  }
  b = &ctx->boxes[ctx->n_boxes++];
  memset(b, 0, sizeof *b);
  b->kind = kind;
  b->para = -1;
  b->image = -1;
  b->container = ctx->cur_struct;
  b->allow_break = 1;
  if (ctx->pending_marker) {
    b->marker = ctx->pending_marker;
    b->marker_x = ctx->pending_marker_x;
    b->marker_font = ctx->pending_marker_font;
    ctx->pending_marker = NULL;
  }
  return b;
}


/* ------------------------------------------------------------------ */
/* The vertical list handed to pagination                              */
/* ------------------------------------------------------------------ */

/* What breaking found, reported in document order (so messages do not
 * depend on which thread broke which paragraph). */
static void report_para(pdf_ctx *ctx, const pdf_para *p)
{
  int i, k;
  for (i = 0; i < p->n_missing; i++) {
    uint32_t c = p->missing[i].cp;
    for (k = 0; k < ctx->n_warned; k++)
      if (ctx->warned[k] == c)
        break;
    if (k < ctx->n_warned)
      continue;
    if (ctx->n_warned == ctx->cap_warned) {
      ctx->cap_warned = ctx->cap_warned ? ctx->cap_warned * 2 : 8;
      ctx->warned = galley_xreallocarray(ctx->warned, (size_t)ctx->cap_warned,
                                         sizeof *ctx->warned);
    }
    ctx->warned[ctx->n_warned++] = c;
    galley_diag_add(ctx->diag, p->missing[i].line, 0,
                    "no bundled font has U+%04X; it will show as a box in the PDF",
                    (unsigned)c);
  }
  if (p->quiet)
    return;
  if (p->overfull > 0)
    galley_diag_add(ctx->diag, p->src_line, 0,
                    "a word is wider than the column and sticks out of it");
  /* Text is never lost off the page, but a reader should know a word was
   * cut where the language does not allow it. */
  if (p->forced)
    galley_diag_add(ctx->diag, p->src_line, 0,
                    "a word is wider than the column; it is broken by force "
                    "across lines");
  if (p->ragged > 0)
    galley_diag_add(ctx->diag, p->src_line, 0,
                    "no line breaks keep the word spaces under %.1f em; %d line%s "
                    "of this paragraph %s set ragged",
                    PDF_BREAK_MAX_GAP_EM, p->ragged, p->ragged == 1 ? "" : "s",
                    p->ragged == 1 ? "is" : "are");
}

static pdf_box *win_push(pdf_box **win, int *n, int *cap)
{
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 256;
    *win = galley_xreallocarray(*win, (size_t)*cap, sizeof **win);
  }
  return &(*win)[(*n)++];
}

/* Whether the header rows of `t` are repeated on the pages it crosses:
 * not when they would take more than half the text block. */
static int header_repeats(const pdf_table *t, int grid)
{
  return t->n_header > 0 && t->header_height > 0 && t->header_height <= grid / 2;
}

int pdf_layout_repeat_header(pdf_ctx *ctx, int at, pdf_box **io_win, int *io_n,
                             int *io_cap)
{
  const pdf_box *b = &(*io_win)[at];
  const pdf_row *row;
  const pdf_table *t;
  int k, nh, x, container;
  if (b->kind != PDF_BOX_ROW || b->repeat)
    return 0;
  row = &ctx->rows[b->para];
  t = &ctx->tables[row->table];
  if (row->header || !header_repeats(t, pdf_page_grid(ctx)))
    return 0;
  nh = t->n_header;
  x = b->x;
  container = b->container;
  for (k = 0; k < nh; k++)
    win_push(io_win, io_n, io_cap);
  memmove(*io_win + at + nh, *io_win + at, (size_t)(*io_n - nh - at) * sizeof **io_win);
  for (k = 0; k < nh; k++) {
    pdf_box *h = &(*io_win)[at + k];
    memset(h, 0, sizeof *h);
    h->kind = PDF_BOX_ROW;
    h->para = t->first_row + k;
    h->image = -1;
    h->height = ctx->rows[t->first_row + k].height;
    h->x = x;
    h->container = container;
    h->repeat = 1;
    h->allow_break = k == 0;
  }
  (*io_win)[at + nh].allow_break = 0;
  (*io_win)[at + nh].soft_break = 0;
  (*io_win)[at + nh].space_before = 0;
  return nh;
}

/* The box of a table row, its height known once its cells are broken;
 * a row taller than the page (less the header rows repeated above it) is
 * cut into bands of a line, each a box of its own. */
static void next_row_boxes(pdf_ctx *ctx, const pdf_box *b, int *io_keep_lines,
                           pdf_box **io_win, int *io_n, int *io_cap)
{
  pdf_row *row = &ctx->rows[b->para];
  pdf_table *t = &ctx->tables[row->table];
  int grid = pdf_page_grid(ctx), c, content = 0, pitch = 1, limit, off, top, k, n_bands;
  for (c = 0; c < t->n_cols; c++) {
    const pdf_para *p;
    if (row->cells[c] < 0)
      continue;
    pdf_pipe_wait(ctx, row->cells[c]);
    p = pdf_para_at(ctx, row->cells[c]);
    report_para(ctx, p);
    if (p->n_lines * p->pitch > content)
      content = p->n_lines * p->pitch;
    if (p->pitch > pitch)
      pitch = p->pitch;
  }
  top = row->rule_above + t->pad[0];
  row->height = top + content + t->pad[2] + row->rule_below;
  if (row->header && b->para < t->first_row + t->n_header)
    t->header_height += row->height;
  limit = grid - (!row->header && header_repeats(t, grid) ? t->header_height : 0);
  /* A row taller than that is cut into bands of one line (of the tallest
   * lines), so that it starts where the row before it ends and pages
   * break between its lines: the first band holds the rule and padding
   * above, the last the padding and rule below; two lines at least stay
   * on each side of a break. A cell's line is drawn in the band its top
   * falls in. */
  n_bands = row->height > limit && content >= 4 * pitch ? content / pitch : 1;
  for (k = 0, off = 0; k < n_bands; k++) {
    pdf_box *o = win_push(io_win, io_n, io_cap);
    *o = *b;
    o->line = off;
    o->height = k == n_bands - 1 ? row->height - off : (k == 0 ? top : 0) + pitch;
    if (k > 0) {
      o->space_before = 0;
      o->allow_break = k >= 2 && k <= n_bands - 2;
      o->soft_break = 0;
      o->force_break = 0;
    } else if (*io_keep_lines > 0) {
      o->allow_break = 0;
      o->soft_break = 0;
      (*io_keep_lines)--;
    }
    off += o->height;
  }
}

/* Replaces a PARA box by the boxes of its lines, marking where a page
 * may end: within a paragraph after its orphans and before its widows,
 * never in a block kept whole, and not within the HEADING_KEEP_LINES
 * lines that follow a block with break-after: avoid (a heading). */
int pdf_layout_next_boxes(pdf_ctx *ctx, int *io_block, int *io_keep_lines,
                          pdf_box **io_win, int *io_n, int *io_cap)
{
  pdf_box *b;
  const pdf_para *p;
  int j, j0, j1, margin, whole, avail;
  /* The walk runs ahead of the pages: past the box asked for (a block may
   * still mark the last box before it: keep_with_next), and some
   * paragraphs past the last one asked for, for the layout threads. Not
   * while a note's boxes stand in for the running text's. */
  if (!ctx->in_notes && *io_block >= BOX_COMPACT && *io_block * 2 >= ctx->n_boxes) {
    /* the boxes before the cursor are given (what they owned is the
     * window's): the list keeps only what is ahead */
    memmove(ctx->boxes, ctx->boxes + *io_block,
            (size_t)(ctx->n_boxes - *io_block) * sizeof *ctx->boxes);
    ctx->n_boxes -= *io_block;
    *io_block = 0;
  }
  while (!ctx->walk.done && !ctx->in_notes &&
         (*io_block >= ctx->n_boxes - 1 || ctx->n_paras < ctx->walk.asked + WALK_AHEAD))
    pdf_walk_more(ctx);
  if (ctx->status != GALLEY_OK || *io_block >= ctx->n_boxes)
    return 0;
  b = &ctx->boxes[*io_block];
  if (b->kind != PDF_BOX_PARA)
    (*io_block)++;
  if (b->kind == PDF_BOX_ROW) {
    next_row_boxes(ctx, b, io_keep_lines, io_win, io_n, io_cap);
    return 1;
  }
  if (b->kind != PDF_BOX_PARA) {
    *win_push(io_win, io_n, io_cap) = *b;
    b->outline_text = NULL; /* now the window's */
    b->marker = NULL;
    if (b->keep_after)
      *io_keep_lines = HEADING_KEEP_LINES;
    return 1;
  }
  /* A very long paragraph's lines come as its windows are broken; the
   * last `margin` lines known are held back until it is whole, so that
   * no line given is taken for one of its widows or its last. */
  j0 = ctx->expand_line;
  margin = b->widows > 1 ? b->widows : 1;
  if (!ctx->in_notes && b->para > ctx->walk.asked)
    ctx->walk.asked = b->para;
  whole = pdf_pipe_take(ctx, b->para, j0 + margin);
  p = pdf_para_at(ctx, b->para);
  avail = whole ? p->n_lines : p->n_lines - margin;
  j1 = avail - j0 > EXPAND_CHUNK_LINES ? j0 + EXPAND_CHUNK_LINES : avail;
  if (whole && j1 == p->n_lines)
    report_para(ctx, p); /* its findings are whole with it */
  for (j = j0; j < j1; j++) {
    pdf_box *o = win_push(io_win, io_n, io_cap);
    if (j == 0) {
      *o = *b; /* space, breaks, heading, marker: the first line's */
      b->outline_text = NULL;
      b->marker = NULL;
    } else {
      memset(o, 0, sizeof *o);
      o->para = b->para;
      o->image = -1;
      o->height = b->height;
      o->x = b->x;
      o->src_line = b->src_line;
      int lines_allow = !(j < b->orphans || p->n_lines - j < b->widows);
      o->container = b->container;
      o->allow_break = lines_allow && !(b->unbreakable || b->keep_inside);
      o->soft_break = lines_allow && !o->allow_break && b->keep_soft;
    }
    o->kind = PDF_BOX_LINE;
    o->line = j;
    if (*io_keep_lines > 0 && !b->heading) {
      o->allow_break = 0;
      o->soft_break = 0;
      (*io_keep_lines)--;
    }
  }
  if (j1 < p->n_lines) {
    /* the rest at the next call: the box stays the cursor's */
    ctx->expand_line = j1;
    return 1;
  }
  ctx->expand_line = 0;
  (*io_block)++;
  if (b->heading)
    *io_keep_lines = 0;
  if (b->keep_after)
    *io_keep_lines = HEADING_KEEP_LINES;
  return 1;
}


int pdf_layout_note_lines(pdf_ctx *ctx, int note, pdf_box **out)
{
  int block, end, keep = 0, n = 0, cap = 0;
  pdf_box *saved = ctx->boxes;
  int saved_n = ctx->n_boxes, saved_line = ctx->expand_line;
  *out = NULL;
  if (note < 1 || note > ctx->n_notes)
    return 0;
  /* pdf_layout_next_boxes reads ctx->boxes: lend it the note's. */
  block = ctx->note_start[note - 1];
  end = ctx->note_start[note];
  ctx->boxes = ctx->note_boxes;
  ctx->n_boxes = end;
  ctx->expand_line = 0;
  ctx->in_notes = 1;
  while (block < end && pdf_layout_next_boxes(ctx, &block, &keep, out, &n, &cap))
    ;
  ctx->in_notes = 0;
  ctx->boxes = saved;
  ctx->n_boxes = saved_n;
  ctx->expand_line = saved_line;
  return n;
}

/* Adds the notes referenced from line `li` of `p` to out (room for
 * `max`) from index `count`; returns the new count. */
static int para_line_notes(const pdf_para *p, int li, int *out, int max, int count)
{
  const pdf_line *ln = &p->lines[li];
  int i;
  for (i = pdf_para_span_at(p, ln->start); i < p->n_spans && p->spans[i].start < ln->end; i++)
    if (p->spans[i].note > 0 && p->spans[i].end > ln->start) {
      if (count < max)
        out[count] = p->spans[i].note;
      count++;
    }
  return count;
}

int pdf_layout_line_notes(const pdf_ctx *ctx, const pdf_box *b, int *out, int max)
{
  const pdf_row *row;
  const pdf_table *t;
  int c, li, count = 0;
  if (ctx->n_notes == 0)
    return 0;
  if (b->kind == PDF_BOX_LINE)
    return para_line_notes(pdf_para_at(ctx, b->para), b->line, out, max, 0);
  if (b->kind != PDF_BOX_ROW || b->repeat)
    return 0; /* a repeated header row's notes went with the row itself */
  /* a row (or its slice from b->line down b->height): its cells' lines
   * that start in it, cell by cell */
  row = &ctx->rows[b->para];
  t = &ctx->tables[row->table];
  for (c = 0; c < t->n_cols; c++) {
    const pdf_para *p = row->cells[c] >= 0 ? pdf_para_at(ctx, row->cells[c]) : NULL;
    for (li = 0; p && li < p->n_lines; li++) {
      int ly = row->rule_above + t->pad[0] + li * p->pitch;
      if (ly >= b->line && ly < b->line + b->height)
        count = para_line_notes(p, li, out, max, count);
    }
  }
  return count;
}

galley_status pdf_layout_document(pdf_ctx *ctx)
{
  pdf_elem body;
  pdf_elem_of_type(GALLEY_NODE_DOCUMENT, NULL, NULL, &body);
  {
    int font = pdf_ctx_font(ctx, &ctx->body, 0), pitch = PU(ctx->body.size * ctx->body.line_height);
    const pdf_font *f = pdf_font_at(ctx, font);
    pdf_font_metrics(ctx, font);
    ctx->body_descent = pitch - ((pitch - (f->ascent + f->descent)) / 2 + f->ascent);
  }
  pdf_layout_notes(ctx, &body);
  if (ctx->status != GALLEY_OK)
    return ctx->status;
  /* The running text is walked as pagination needs it
   * (pdf_layout_next_boxes), a top-level block at a time. */
  pdf_walk_start(ctx, &body);
  pdf_pipe_start(ctx);
  return ctx->status;
}
