/* pdf_blocks.c: the model's blocks laid out into the vertical list.
 *
 * Each block gets its computed style from the sheet (as the element the
 * EPUB writer emits for it); a block of text becomes a paragraph and a box
 * per line, marked with whether a page may end before it: that is where
 * widows, orphans, keep-with-next and figures are decided, so pagination
 * itself only has to find the last allowed place. Rules, images, list
 * markers and the notes (laid out first, into a list of their own) are
 * here too; tables are in pdf_table.c. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "pdf_layout.h"
#include "../model/markup.h"
#include "../util/alloc.h"
#include "../util/image.h"

/* Beyond this depth of nested blocks (quotes in quotes...) the layout
 * stops indenting and walks the rest flat, so the C stack stays small
 * whatever the input. */
#define LAYOUT_MAX_DEPTH 48

#define PU(pt) ((int)((pt) * PANGO_SCALE + 0.5))
/* An image pixel is a CSS px: 0.75pt, so a 600-pixel picture is drawn
 * 450pt wide unless the column is narrower. */
#define IMAGE_PT_PER_PX 0.75
/* A figure's picture takes at most this share of the page height, so
 * that its caption fits on the same page. */
#define IMAGE_MAX_HEIGHT_SHARE 0.7

/* ------------------------------------------------------------------ */
/* Blocks                                                              */
/* ------------------------------------------------------------------ */

typedef struct block_env {
  const pdf_elem *elem;   /* this block's element */
  const pdf_style *style; /* this block's style */
  int left, right;        /* indents from the column edges, Pango units */
  int depth;
} block_env;

/* The elements of a block as the style sheet sees them: those the EPUB
 * writes for it (model/markup.h), under its parent's element. */
typedef struct block_elems {
  galley_markup m;
  pdf_elem own;         /* the node's element, when m.tag */
  const pdf_elem *wrap; /* its wrapper, when m.wrap_tag; else NULL */
} block_elems;

/* Fills the elements of `be`, whose markup `be->m` is set, with parent
 * element `pelem`, the element before it `prev` (may be NULL) and the
 * wrapper `wrap` (used when the markup has one; the caller keeps it). */
static void block_elems_set(block_elems *be, const pdf_elem *pelem, const pdf_elem *prev,
                            const pdf_elem *wrap)
{
  be->wrap = be->m.wrap_tag ? wrap : NULL;
  be->own.tag = be->m.tag;
  be->own.classes = be->m.cls;
  be->own.parent = be->wrap ? be->wrap : pelem;
  be->own.prev = prev;
}

/* Fills `be` for `n` standing alone under `pelem`, with nothing before
 * it: its markup, and its wrapper, when it has one, in *wrap (the
 * caller's). */
static void block_elems_alone(block_elems *be, const galley_node *n, const pdf_elem *pelem,
                              pdf_elem *wrap)
{
  galley_markup_get(n, &be->m);
  wrap->tag = be->m.wrap_tag;
  wrap->classes = be->m.wrap_cls;
  wrap->parent = pelem;
  wrap->prev = NULL;
  block_elems_set(be, pelem, NULL, wrap);
}

void pdf_elem_of_type(galley_node_type type, const pdf_elem *parent, const pdf_elem *prev,
                      pdf_elem *out)
{
  galley_node *n = galley_node_new(type);
  galley_markup m;
  galley_markup_get(n, &m);
  galley_node_free(n);
  out->tag = m.tag; /* static, as its classes */
  out->classes = m.cls;
  out->parent = parent;
  out->prev = prev;
}

/* The element a block's content is styled as, with its computed style
 * in *out: its own element (inside its wrapper, when it has one); else
 * the wrapper its text stands in (a figure's caption, in the
 * figcaption); else, for text with no element (a list item's first
 * paragraph), the parent's element with the parent's inherited values,
 * as CSS's anonymous box. */
static const pdf_elem *block_style(pdf_ctx *ctx, const galley_node *n, const block_elems *be,
                                   const pdf_elem *pelem, const pdf_style *pstyle,
                                   pdf_style *out)
{
  pdf_style ws;
  if (!be->m.tag && !be->wrap) {
    pdf_style_inherit(pstyle, out);
    return pelem;
  }
  if (!be->m.tag) {
    pdf_sheet_compute(ctx->sheet, be->wrap, pstyle, out);
    return be->wrap;
  }
  if (!be->wrap || galley_node_get_type(n) == GALLEY_NODE_CREDIT) {
    /* A figure's credit is matched inside its figcaption, as the EPUB
     * has it, but print sets it as a line of its own under the caption,
     * not in the caption's run: its inherited values are the figure's. */
    pdf_sheet_compute(ctx->sheet, &be->own, pstyle, out);
    return &be->own;
  }
  pdf_sheet_compute(ctx->sheet, be->wrap, pstyle, &ws);
  pdf_sheet_compute(ctx->sheet, &be->own, &ws, out);
  if (galley_node_get_type(n) == GALLEY_NODE_CODE_BLOCK) {
    /* the pre is the block (its margins, padding and breaks), the code
     * inside it sets the text */
    out->margin_top = ws.margin_top;
    out->margin_right = ws.margin_right;
    out->margin_bottom = ws.margin_bottom;
    out->margin_left = ws.margin_left;
    out->break_before = ws.break_before;
    out->break_after = ws.break_after;
    out->break_inside = ws.break_inside;
    memcpy(out->padding, ws.padding, sizeof out->padding);
    out->border_top = ws.border_top;
    out->border_bottom = ws.border_bottom;
  }
  return &be->own;
}

/* Space above a block: CSS margins collapse to the larger. */
/* The structure type of a text block, from the element it is styled
 * as: "h1".."h6" are headings, "figcaption" a caption, the rest (title
 * block lines, code, credits) paragraphs. */
static const char *struct_of_text(const char *tag)
{
  static const char *const h[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
  if (tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6' && !tag[2])
    return h[tag[1] - '1'];
  if (strcmp(tag, "figcaption") == 0 || strcmp(tag, "caption") == 0)
    return "Caption";
  return "P";
}

/* The grouping structure type of a container node, or NULL for none
 * (the document, the title block: their blocks go under the Document). */
static const char *struct_of_container(galley_node_type t)
{
  switch (t) {
  case GALLEY_NODE_LIST: return "L";
  case GALLEY_NODE_ITEM: return "LI"; /* drawn as LI > Lbl, LBody */
  case GALLEY_NODE_BLOCK_QUOTE: return "BlockQuote";
  case GALLEY_NODE_FIGURE: return "Div"; /* holds the Figure and Caption */
  default: return NULL;
  }
}

int pdf_new_struct(pdf_ctx *ctx, const char *type)
{
  if (ctx->n_structs == ctx->cap_structs) {
    ctx->cap_structs = ctx->cap_structs ? ctx->cap_structs * 2 : 16;
    ctx->structs = galley_xreallocarray(ctx->structs, (size_t)ctx->cap_structs,
                                        sizeof *ctx->structs);
  }
  ctx->structs[ctx->n_structs].type = type;
  ctx->structs[ctx->n_structs].parent = ctx->cur_struct;
  return ctx->n_structs++;
}

int pdf_take_space(pdf_ctx *ctx, const pdf_style *st)
{
  int top = PU(st->margin_top);
  int s = ctx->pending_space > top ? ctx->pending_space : top;
  ctx->pending_space = 0;
  return s;
}

/* Marks the first box of a block: forced break, keep rules. */
void pdf_open_block(pdf_ctx *ctx, pdf_box *b, const pdf_style *st)
{
  if ((st->break_before == PDF_BREAK_ALWAYS || ctx->pending_force) && ctx->n_boxes > 1)
    b->force_break = 1;
  if (st->break_before == PDF_BREAK_AVOID || ctx->keep_next)
    b->allow_break = 0;
  ctx->pending_force = 0;
  ctx->keep_next = 0;
}

/* Keeps the block just laid out with what follows: no page break before
 * the next block, and its first lines kept with this one. The block's
 * own box is the last one pushed. */
static void keep_with_next(pdf_ctx *ctx)
{
  ctx->keep_next = 1;
  if (ctx->n_boxes > 0)
    ctx->boxes[ctx->n_boxes - 1].keep_after = 1;
}

void pdf_close_block(pdf_ctx *ctx, const pdf_style *st)
{
  ctx->pending_space = PU(st->margin_bottom);
  if (st->break_after == PDF_BREAK_ALWAYS)
    ctx->pending_force = 1;
  if (st->break_after == PDF_BREAK_AVOID)
    keep_with_next(ctx);
}

pdf_para *pdf_new_para(pdf_ctx *ctx)
{
  pdf_para *p;
  int c = ctx->n_paras >> PDF_PARA_CHUNK_BITS;
  if (c == ctx->n_para_chunks) {
    pdf_para_chunk *chunk = galley_xmalloc(sizeof *chunk);
    chunk->released = 0;
    /* a layout thread reads the table under the pipeline's lock */
    pdf_pipe_lock(ctx);
    if (ctx->n_para_chunks == ctx->cap_para_chunks) {
      ctx->cap_para_chunks = ctx->cap_para_chunks ? ctx->cap_para_chunks * 2 : 16;
      ctx->para_chunks = galley_xreallocarray(ctx->para_chunks, (size_t)ctx->cap_para_chunks,
                                              sizeof *ctx->para_chunks);
    }
    ctx->para_chunks[ctx->n_para_chunks++] = chunk;
    pdf_pipe_unlock(ctx);
  }
  p = pdf_para_at(ctx, ctx->n_paras++);
  memset(p, 0, sizeof *p);
  return p;
}

void pdf_para_free(pdf_para *p)
{
  pdf_para_release(p);
  free(p->pending);
  free(p->pending_set); /* its lines were taken (pdf_layout_end clears any left) */
  free(p->missing);
  memset(p, 0, sizeof *p);
}

void pdf_release_para(pdf_ctx *ctx, int i)
{
  int c = i >> PDF_PARA_CHUNK_BITS, k;
  pdf_para_chunk *chunk = ctx->para_chunks[c];
  pdf_para_release(pdf_para_at(ctx, i));
  if (++chunk->released < PDF_PARA_CHUNK)
    return;
  /* every paragraph of the chunk is drawn: none is read again */
  for (k = 0; k < PDF_PARA_CHUNK; k++)
    pdf_para_free(&chunk->paras[k]);
  free(chunk);
  ctx->para_chunks[c] = NULL;
}

/* Sets the line pitch of `p` from its style and the ascent that centres
 * the font's `font` ascent and descent in it (CSS's half-leading). */
void pdf_set_pitch(pdf_ctx *ctx, pdf_para *p, const pdf_style *st, int font)
{
  const pdf_font *f;
  pdf_font_metrics(ctx, font);
  f = pdf_font_at(ctx, font);
  p->pitch = PU(st->size * st->line_height);
  p->ascent = (p->pitch - (f->ascent + f->descent)) / 2 + f->ascent;
}

/* Lays out a block of text (inlines, or a code block's literal). */
void pdf_layout_text_block(pdf_ctx *ctx, const galley_node *node,
                           const pdf_elem *elem, const pdf_style *st,
                           int left, int right, int in_figure, int next_indented)
{
  pdf_para_builder pb;
  pdf_para *p;
  pdf_box *b;
  int font, measure, indent, justify, src_line = galley_node_get_line(node);
  galley_node_type t = galley_node_get_type(node);
  int unbreakable = st->break_inside == PDF_BREAK_AVOID || in_figure;

  memset(&pb, 0, sizeof pb);
  pb.at_space = 1;
  font = pdf_ctx_font(ctx, st, t == GALLEY_NODE_CODE_BLOCK);
  if (t == GALLEY_NODE_CODE_BLOCK) {
    size_t len;
    const char *lit = galley_node_get_literal(node, &len);
    if (lit && len > 0 && lit[len - 1] == '\n')
      len--;
    pdf_para_append_text(ctx, &pb, lit ? lit : "", lit ? len : 0, font, -1, src_line, 0, 1);
    pdf_para_add_source(&pb, 0, (int)pb.text.len, node, 1);
  } else {
    /* Headings and the title block are never hyphenated, whatever the
     * style sheet says: a display line is set whole. */
    pb.no_hyphens = t == GALLEY_NODE_HEADING || t == GALLEY_NODE_TITLE ||
                    t == GALLEY_NODE_SUBTITLE || t == GALLEY_NODE_BYLINE ||
                    t == GALLEY_NODE_DATE;
    if (ctx->layout_note > 0) {
      /* A note's first paragraph opens with its number, then a space. */
      pdf_para_append_note_number(ctx, &pb, ctx->layout_note, NULL, elem, st, src_line);
      pdf_para_append_text(ctx, &pb, " ", 1, font, -1, src_line, 0, 0);
      ctx->layout_note = -ctx->layout_note;
    }
    pdf_para_build_inlines(ctx, &pb, node, elem, st);
    pdf_para_trim_trailing_space(&pb);
    if (pb.text.len > 0)
      pdf_para_keep_last_words(&pb);
  }
  galley_buf_free(&pb.tmp);
  if (pb.text.len == 0) {
    galley_buf_free(&pb.text);
    free(pb.spans);
    free(pb.sources);
    /* An empty block still keeps its place in the rhythm. */
    ctx->pending_space = pdf_take_space(ctx, st);
    if (PU(st->margin_bottom) > ctx->pending_space)
      ctx->pending_space = PU(st->margin_bottom);
    return;
  }
  measure = ctx->col_w - left - right;
  if (measure < PU(36))
    measure = PU(36); /* deep nesting: keep a usable measure */
  indent = PU(st->indent);
  if (indent > measure / 2)
    indent = measure / 2;
  if (indent < -left)
    indent = -left;
  justify = st->align == PDF_ALIGN_JUSTIFY && t != GALLEY_NODE_CODE_BLOCK;

  p = pdf_para_from_builder(ctx, &pb, node);
  p->align = t == GALLEY_NODE_CODE_BLOCK ? PDF_ALIGN_LEFT : st->align;
  p->width = measure;
  pdf_set_pitch(ctx, p, st, font);
  p->indent = indent;
  p->justify = justify;
  /* A last line that fills the measure hides where the paragraph ends
   * when the next one starts flush (the breaker avoids one); before an
   * indented paragraph the indent shows it, and the last line may fill
   * the measure, as TeX's may. */
  p->last_gap = next_indented ? 0 : PU(st->size);
  p->em = PU(st->size);
  p->expansion = justify ? st->expansion : 0;
  p->display = t == GALLEY_NODE_TITLE || t == GALLEY_NODE_SUBTITLE ||
               t == GALLEY_NODE_HEADING;
  p->elem_tag = elem->tag;
  p->cls = elem->classes;
  p->src_line = src_line;
  p->tag = struct_of_text(elem->tag);
  p->note = ctx->layout_note < 0 ? -ctx->layout_note : ctx->layout_note;
  if (p->note)
    p->cls = "footnote";

  /* The lines are not known until the paragraph is broken (later, maybe
   * on another thread): one box stands for them meanwhile, carrying what
   * pdf_layout_next_boxes needs to mark them. */
  b = pdf_push_box(ctx, PDF_BOX_PARA);
  b->para = ctx->n_paras - 1; /* p's */
  b->height = p->pitch;
  b->x = left;
  b->src_line = src_line;
  b->space_before = pdf_take_space(ctx, st);
  pdf_open_block(ctx, b, st);
  b->unbreakable = unbreakable;
  b->keep_soft = !in_figure && t != GALLEY_NODE_HEADING && t != GALLEY_NODE_TITLE &&
                 t != GALLEY_NODE_SUBTITLE;
  b->orphans = st->orphans;
  b->widows = st->widows;
  b->heading = t == GALLEY_NODE_HEADING;
  if (t == GALLEY_NODE_HEADING) {
    b->dest = galley_node_get_id(node);
    b->outline_level = galley_node_get_level(node);
    if (b->outline_level < 1)
      b->outline_level = 1;
    if (b->outline_level > 6)
      b->outline_level = 6;
    b->outline_text = galley_node_get_plain_text(node);
  }
  pdf_close_block(ctx, st);
}

static void layout_rule(pdf_ctx *ctx, const galley_node *node, const pdf_style *st)
{
  pdf_box *b = pdf_push_box(ctx, PDF_BOX_RULE);
  b->node = node;
  b->space_before = pdf_take_space(ctx, st);
  b->height = PU(st->size * st->line_height);
  b->para = pdf_ctx_font(ctx, st, 1); /* RULE: the ornament's font */
  pdf_open_block(ctx, b, st);
  pdf_close_block(ctx, st);
}

/* Adds the box of an IMAGE node's picture. Returns 0 when it cannot be
 * shown: with a warning for a GIF, so the alt text stands in, or with the
 * error recorded on ctx (a missing or refused image). */
static int layout_image(pdf_ctx *ctx, const galley_node *node, const pdf_style *st,
                        int left, int right)
{
  const galley_image *img;
  cairo_surface_t *surf;
  double w, h, max_w, max_h;
  pdf_image *pi;
  pdf_box *b;
  int line = galley_node_get_line(node);
  const char *url = galley_node_get_url(node);

  if (pdf_image_get(ctx, url, line, "", &img, &surf) != GALLEY_OK)
    return 0;
  if (!surf) {
    galley_diag_add(ctx->diag, line, 0,
                    "image \"%s\" not shown: GIF is not supported in the PDF",
                    url ? url : "");
    return 0;
  }
  max_w = pango_units_to_double(ctx->col_w - left - right);
  max_h = pango_units_to_double(ctx->col_h) * IMAGE_MAX_HEIGHT_SHARE;
  w = img->info.width * IMAGE_PT_PER_PX;
  h = img->info.height * IMAGE_PT_PER_PX;
  if (w > max_w) {
    h *= max_w / w;
    w = max_w;
  }
  if (h > max_h) {
    w *= max_h / h;
    h = max_h;
  }
  if (ctx->n_images == ctx->cap_images) {
    ctx->cap_images = ctx->cap_images ? ctx->cap_images * 2 : 4;
    ctx->images = galley_xreallocarray(ctx->images, (size_t)ctx->cap_images,
                                       sizeof *ctx->images);
  }
  pi = &ctx->images[ctx->n_images];
  pi->surface = cairo_surface_reference(surf);
  pi->width = PU(w);
  pi->height = PU(h);
  pi->alt = galley_node_get_plain_text(node);
  b = pdf_push_box(ctx, PDF_BOX_IMAGE);
  b->node = node;
  b->image = ctx->n_images++;
  b->height = pi->height;
  b->x = left + (ctx->col_w - left - right - pi->width) / 2;
  b->src_line = line;
  b->space_before = pdf_take_space(ctx, st);
  pdf_open_block(ctx, b, st);
  pdf_close_block(ctx, st);
  /* The caption below stays with its picture. */
  ctx->keep_next = 1;
  return 1;
}

/* The task box's size, relative to the item's text: DejaVu's ballot box
 * at the text's size is no taller than a lower-case letter. */
#define TASK_BOX_SCALE 1.3

static void set_marker(pdf_ctx *ctx, const galley_node *item, const pdf_style *st,
                       int content_left)
{
  galley_node *list = galley_node_parent(item);
  galley_buf m = GALLEY_BUF_INIT;
  free(ctx->pending_marker);
  ctx->pending_marker = NULL;
  if (galley_node_get_list_contents(list) && galley_node_get_task(item) == GALLEY_TASK_NONE &&
      !galley_node_get_item_marker(item))
    return; /* a contents list's entries stand flush, without bullets */
  if (galley_node_get_task(item) != GALLEY_TASK_NONE) {
    /* U+2610 BALLOT BOX, U+2611 BALLOT BOX WITH CHECK: in the bundled
     * DejaVu Sans Mono, which font fallback finds; the text extracts as
     * the box a reader sees. */
    galley_buf_puts(&m, galley_node_get_task(item) == GALLEY_TASK_DONE ? "\xE2\x98\x91"
                                                                        : "\xE2\x98\x90");
  } else if (galley_node_get_item_marker(item)) {
    galley_buf_puts(&m, galley_node_get_item_marker(item)); /* as written */
  } else if (galley_node_get_list_ordered(list)) {
    /* "3.", "(c)", "iv)": the list's own numbering, never renumbered */
    char text[24];
    int k = galley_node_get_list_start(list);
    const galley_node *s;
    for (s = galley_node_previous(item); s; s = galley_node_previous(s))
      k++;
    galley_list_format_marker(list, k, text, sizeof text);
    galley_buf_puts(&m, text);
  } else {
    int level = 0;
    const galley_node *a;
    for (a = galley_node_parent(list); a; a = galley_node_parent(a))
      if (galley_node_get_type(a) == GALLEY_NODE_LIST)
        level++;
    galley_buf_puts(&m, level % 2 ? "\xE2\x80\x93" : "\xE2\x80\xA2"); /* – or • */
  }
  ctx->pending_marker = galley_buf_detach(&m, NULL);
  ctx->pending_marker_x = content_left - PU(st->size * 0.5);
  if (galley_node_get_task(item) != GALLEY_TASK_NONE) {
    /* the box, a symbol font's small square, as tall as a capital */
    pdf_style bs = *st;
    bs.size = st->size * TASK_BOX_SCALE;
    ctx->pending_marker_font = pdf_ctx_font(ctx, &bs, 1);
  } else {
    ctx->pending_marker_font = pdf_ctx_font(ctx, st, 1);
  }
}

/* Whether the block after `node` (element `elem`, not wrapped, under
 * `pelem` of style `pstyle`) is a paragraph the style sheet indents. */
static int next_is_indented(pdf_ctx *ctx, const galley_node *node, const pdf_elem *elem,
                            const pdf_elem *pelem, const pdf_style *pstyle)
{
  const galley_node *n = galley_node_next(node);
  galley_markup m;
  pdf_elem next;
  pdf_style ns;
  /* what pdf_layout_children skips: inlines, and notes (set at the foot
   * of their pages) */
  while (n && ((!galley_node_is_block(n) && galley_node_get_type(n) != GALLEY_NODE_IMAGE) ||
               galley_node_get_type(n) == GALLEY_NODE_FOOTNOTE))
    n = galley_node_next(n);
  if (!n || galley_node_get_type(n) != GALLEY_NODE_PARAGRAPH)
    return 0;
  galley_markup_get(n, &m);
  if (!m.tag || m.wrap_tag)
    return 0;
  next.tag = m.tag;
  next.classes = m.cls;
  next.parent = pelem;
  next.prev = elem;
  pdf_sheet_compute(ctx->sheet, &next, pstyle, &ns);
  return ns.indent > 0;
}

/* Whether a byline opens the text after it rather than signing the one
 * before it: it stands under a heading (perhaps with a line of deck
 * between: "EVERY GIRL A BUSINESS WOMAN." / "A PRACTICAL GUIDE ..." /
 * "BY JAMES MASON."), or text follows it that is no heading. A byline at
 * the end, or with a heading after it and text before, signs. */
static int byline_opens_text(const galley_node *node)
{
  const galley_node *n = galley_node_next(node), *p = galley_node_previous(node);
  galley_node_type t;
  while (n && galley_node_get_type(n) == GALLEY_NODE_BYLINE)
    n = galley_node_next(n);
  if (!n)
    return 0;
  while (p && galley_node_get_type(p) == GALLEY_NODE_BYLINE)
    p = galley_node_previous(p);
  if (p && galley_node_get_type(p) == GALLEY_NODE_PARAGRAPH)
    p = galley_node_previous(p); /* a deck */
  if (p && galley_node_get_type(p) == GALLEY_NODE_HEADING)
    return 1;
  t = galley_node_get_type(n);
  return t != GALLEY_NODE_HEADING && t != GALLEY_NODE_THEMATIC_BREAK;
}

static void layout_block(pdf_ctx *ctx, const galley_node *node, const block_elems *be,
                         const pdf_elem *pelem, const pdf_style *pstyle, int left, int right,
                         int depth)
{
  pdf_style st;
  galley_node_type t = galley_node_get_type(node);
  int in_figure = galley_node_get_type(galley_node_parent(node)) == GALLEY_NODE_FIGURE;
  const pdf_elem *elem = block_style(ctx, node, be, pelem, pstyle, &st);

  /* a block of text: inlines (a table's cells are laid out by the table),
   * or a code block's literal */
  if ((galley_node_type_holds_inlines(t) && t != GALLEY_NODE_TABLE_CELL) ||
      t == GALLEY_NODE_CODE_BLOCK) {
    int l = left + PU(st.margin_left), r = right + PU(st.margin_right);
    /* A credit stays with the caption before it. */
    int keep = t == GALLEY_NODE_CREDIT &&
               galley_node_get_type(galley_node_previous(node)) == GALLEY_NODE_CAPTION;
    int next_indented = t == GALLEY_NODE_PARAGRAPH && elem == &be->own && !be->wrap &&
                        next_is_indented(ctx, node, elem, pelem, pstyle);
    if (keep)
      ctx->keep_next = 1;
    /* a code block's paragraph is the pre's box (its code has no inlines
     * to style, and its class may lie in `be`) */
    pdf_layout_text_block(ctx, node, t == GALLEY_NODE_CODE_BLOCK && be->wrap ? be->wrap : elem,
                          &st, l, r, in_figure, next_indented);
    if (t == GALLEY_NODE_BYLINE && byline_opens_text(node))
      keep_with_next(ctx); /* as the heading over it: never at a page's
                              foot with the text it signs overleaf */
    return;
  }
  switch (t) {
  case GALLEY_NODE_THEMATIC_BREAK:
    layout_rule(ctx, node, &st);
    break;
  case GALLEY_NODE_TABLE:
    pdf_layout_table(ctx, node, elem, &st, left + PU(st.margin_left),
                     right + PU(st.margin_right));
    break;
  case GALLEY_NODE_IMAGE:
    if (!layout_image(ctx, node, &st, left, right))
      pdf_layout_text_block(ctx, node, elem, &st, left, right, in_figure, 0);
    break;
  case GALLEY_NODE_FIGURE:
  case GALLEY_NODE_TITLE_BLOCK:
  case GALLEY_NODE_BLOCK_QUOTE:
  case GALLEY_NODE_LIST:
  case GALLEY_NODE_ITEM:
  case GALLEY_NODE_FOOTNOTE:
  case GALLEY_NODE_DOCUMENT: {
    int l = left + PU(st.margin_left), r = right + PU(st.margin_right);
    int top = PU(st.margin_top);
    int first = ctx->n_boxes, i, saved_struct, kept;
    if (top > ctx->pending_space)
      ctx->pending_space = top;
    if (st.break_before == PDF_BREAK_ALWAYS)
      ctx->pending_force = 1;
    if (t == GALLEY_NODE_ITEM)
      set_marker(ctx, node, &st, l);
    if (t == GALLEY_NODE_ITEM && !galley_node_get_list_tight(galley_node_parent(node)) &&
        galley_node_previous(node)) {
      int gap = PU(st.size * 0.5);
      if (gap > ctx->pending_space)
        ctx->pending_space = gap;
    }
    if (depth >= LAYOUT_MAX_DEPTH)
      l = left, r = right;
    kept = ctx->keep_next;
    saved_struct = ctx->cur_struct;
    if (struct_of_container(t))
      ctx->cur_struct = pdf_new_struct(ctx, struct_of_container(t));
    pdf_layout_children(ctx, node, elem, &st, l, r, depth + 1);
    ctx->cur_struct = saved_struct;
    if (t == GALLEY_NODE_FIGURE && kept && ctx->n_boxes > first &&
        galley_node_get_type(galley_node_previous(node)) == GALLEY_NODE_BYLINE) {
      /* a caption without its picture (a transcriber's "[Illustration:
       * ...]") under a heading's byline ("MERLE'S CRUSADE." / its byline
       * / the caption / "CHAPTER I.") passes the keep on: the group goes
       * over whole rather than leave its top at a page's foot. Not under
       * a heading alone: a gallery of headings, each over a caption,
       * would go over as one block. */
      for (i = first; i < ctx->n_boxes && ctx->boxes[i].kind != PDF_BOX_IMAGE; i++)
        ;
      if (i == ctx->n_boxes)
        keep_with_next(ctx);
    }
    if (t == GALLEY_NODE_FIGURE || st.break_inside == PDF_BREAK_AVOID)
      for (i = first; i < ctx->n_boxes; i++) {
        pdf_box *kb = &ctx->boxes[i];
        if (i > first) {
          /* A block kept whole by break-inside: avoid may still break
           * where its content allows, should the keep have to give way;
           * a figure never. */
          kb->soft_break = t != GALLEY_NODE_FIGURE && (kb->allow_break || kb->soft_break);
          kb->allow_break = 0;
        }
        /* Every line of a paragraph here but the block's first. */
        if (kb->kind == PDF_BOX_PARA) {
          kb->keep_inside = 1;
          if (t == GALLEY_NODE_FIGURE)
            kb->keep_soft = 0;
        }
      }
    if (PU(st.margin_bottom) > ctx->pending_space)
      ctx->pending_space = PU(st.margin_bottom);
    if (st.break_after == PDF_BREAK_ALWAYS)
      ctx->pending_force = 1;
    break;
  }
  default:
    break;
  }
}

/* Whether two class lists (either may be NULL) are the same. */
static int same_classes(const char *a, const char *b)
{
  return a == b || (a && b && strcmp(a, b) == 0);
}

/* Lays out `child` of a container (element `pelem`, style `pstyle`),
 * after the siblings `sb` tells of, which it then tells of `child` too. */
static void layout_child(pdf_ctx *ctx, pdf_siblings *sb, const galley_node *child,
                         const pdf_elem *pelem, const pdf_style *pstyle, int left, int right,
                         int depth)
{
  block_elems be;
  if (!galley_node_is_block(child) && galley_node_get_type(child) != GALLEY_NODE_IMAGE)
    return;
  /* Notes are set at the foot of their pages (pdf_layout_document). */
  if (galley_node_get_type(child) == GALLEY_NODE_FOOTNOTE)
    return;
  galley_markup_get(child, &be.m);
  if (!be.m.wrap_tag || !be.m.wrap_shared || !sb->have_group ||
      strcmp(sb->group.tag, be.m.wrap_tag) != 0 ||
      !same_classes(sb->group.classes, be.m.wrap_cls)) {
    /* a wrapper of its own, or the first of a shared one */
    sb->have_group = be.m.wrap_tag != NULL;
    sb->have_in_group = 0;
    sb->group_before = sb->prev;
    sb->group.tag = be.m.wrap_tag;
    sb->group.classes = be.m.wrap_cls;
    sb->group.parent = pelem;
    sb->group.prev = sb->have_prev ? &sb->group_before : NULL;
  }
  block_elems_set(&be, pelem,
                  sb->have_group ? (sb->have_in_group ? &sb->in_group : NULL)
                                 : (sb->have_prev ? &sb->prev : NULL),
                  &sb->group);
  layout_block(ctx, child, &be, pelem, pstyle, left, right, depth);
  /* what the next sibling sees before it (one element back: the
   * classes of a wrapped element may lie in `be`, so the wrapper, whose
   * classes are static, stands for it) */
  if (sb->have_group) {
    sb->prev = sb->group;
    sb->prev.prev = NULL;
    sb->have_prev = 1;
    if (be.m.tag) {
      sb->in_group = be.own;
      sb->in_group.prev = NULL;
      sb->have_in_group = 1;
    }
  } else if (be.m.tag) {
    sb->prev = be.own;
    sb->prev.prev = NULL;
    sb->have_prev = 1;
  }
}

void pdf_layout_children(pdf_ctx *ctx, const galley_node *parent,
                         const pdf_elem *pelem, const pdf_style *pstyle,
                         int left, int right, int depth)
{
  const galley_node *child;
  pdf_siblings sb;
  memset(&sb, 0, sizeof sb);
  if (depth > LAYOUT_MAX_DEPTH * 4) {
    /* Past any sane nesting: lay the text blocks out flat, with no more
     * recursion, so a pathological input cannot exhaust the stack. */
    galley_iter *it = galley_iter_new((galley_node *)parent);
    galley_event_type ev;
    while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
      galley_node *n = galley_iter_get_node(it);
      galley_node_type t = galley_node_get_type(n);
      if (ev != GALLEY_EVENT_ENTER || n == parent)
        continue;
      /* a table lays out its own caption and cells (no deeper: cells
       * hold inlines only) */
      if (t == GALLEY_NODE_CAPTION &&
          galley_node_get_type(galley_node_parent(n)) == GALLEY_NODE_TABLE)
        continue;
      if (t == GALLEY_NODE_PARAGRAPH || t == GALLEY_NODE_HEADING ||
          t == GALLEY_NODE_CODE_BLOCK || t == GALLEY_NODE_CAPTION ||
          t == GALLEY_NODE_CREDIT || t == GALLEY_NODE_THEMATIC_BREAK ||
          t == GALLEY_NODE_TABLE) {
        /* flat: each block under the ancestor's element, its wrapper its
         * own */
        block_elems be;
        pdf_elem wrap;
        block_elems_alone(&be, n, pelem, &wrap);
        layout_block(ctx, n, &be, pelem, pstyle, left, right, depth);
      }
    }
    galley_iter_free(it);
    return;
  }
  for (child = galley_node_first_child(parent); child; child = galley_node_next(child))
    layout_child(ctx, &sb, child, pelem, pstyle, left, right, depth);
}

void pdf_walk_start(pdf_ctx *ctx, const pdf_elem *body)
{
  memset(&ctx->walk, 0, sizeof ctx->walk);
  ctx->walk.body = *body;
  ctx->walk.next = galley_node_first_child(galley_doc_get_root(ctx->doc));
  ctx->walk.asked = -1;
}

void pdf_walk_more(pdf_ctx *ctx)
{
  pdf_walk *w = &ctx->walk;
  if (w->done)
    return;
  if (w->next && ctx->status == GALLEY_OK) {
    const galley_node *child = w->next;
    w->next = galley_node_next(child);
    layout_child(ctx, &w->sibs, child, &w->body, &ctx->body, 0, 0, 0);
  }
  if (!w->next || ctx->status != GALLEY_OK) {
    w->done = 1;
    free(ctx->pending_marker);
    ctx->pending_marker = NULL;
  }
  pdf_pipe_publish(ctx, w->done);
}

/* Lays out the notes (the DOCUMENT's last children) before the running
 * text, into ctx->note_boxes: their paragraphs come first in the
 * pipeline, so that pagination, which needs a note's height where its
 * reference is, finds it broken. */
void pdf_layout_notes(pdf_ctx *ctx, const pdf_elem *body)
{
  const galley_node *root = galley_doc_get_root(ctx->doc), *n;
  int count = 0, k, i;
  for (n = galley_node_first_child(root); n; n = galley_node_next(n))
    if (galley_node_get_type(n) == GALLEY_NODE_FOOTNOTE)
      count++;
  if (count == 0)
    return;
  ctx->note_start = galley_xcalloc((size_t)count + 1, sizeof *ctx->note_start);
  ctx->n_notes = count;
  ctx->note_links = galley_xreallocarray(NULL, (size_t)count * 2, sizeof *ctx->note_links);
  for (k = 0; k < count * 2; k++)
    ctx->note_links[k] = -1;
  ctx->note_dests = galley_xcalloc((size_t)count + 1, 1);
  {
    /* A note nothing references has no reference to link back to. */
    galley_iter *it = galley_iter_new((galley_node *)root);
    galley_event_type ev;
    for (k = 1; k <= count; k++)
      ctx->note_links[2 * k - 1] = -2;
    while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
      const galley_node *r = galley_iter_get_node(it);
      int num = galley_node_get_note_number(r);
      if (ev == GALLEY_EVENT_ENTER && galley_node_get_type(r) == GALLEY_NODE_FOOTNOTE_REF &&
          num >= 1 && num <= count)
        ctx->note_links[2 * num - 1] = -1;
    }
    galley_iter_free(it);
  }
  for (k = 1; k <= count; k++) {
    const galley_node *fn = galley_doc_find_footnote(ctx->doc, k);
    if (fn) {
      /* each in the notes' wrapper under the body (div.footnotes) */
      block_elems be;
      pdf_elem wrap;
      block_elems_alone(&be, fn, body, &wrap);
      ctx->pending_space = 0;
      ctx->pending_force = 0;
      ctx->keep_next = 0;
      ctx->layout_note = k;
      layout_block(ctx, fn, &be, body, &ctx->body, 0, 0, 1);
      ctx->layout_note = 0;
      if (ctx->n_boxes > ctx->note_start[k - 1])
        ctx->boxes[ctx->note_start[k - 1]].space_before = 0;
      /* A note's boxes are cut where its page ends, never forced. */
      for (i = ctx->note_start[k - 1]; i < ctx->n_boxes; i++)
        ctx->boxes[i].force_break = 0;
    }
    ctx->note_start[k] = ctx->n_boxes;
  }
  ctx->note_boxes = ctx->boxes;
  ctx->boxes = NULL;
  ctx->n_boxes = ctx->cap_boxes = 0;
  ctx->pending_space = 0;
  ctx->pending_force = 0;
  ctx->keep_next = 0;
  free(ctx->pending_marker);
  ctx->pending_marker = NULL;
}
