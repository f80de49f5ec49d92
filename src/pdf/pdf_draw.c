/* pdf_draw.c: one page through Cairo.
 *
 * A page is: its boxes top to bottom inside the text column (lines set by
 * pdf_layout_set_line, list markers hung in the left indent, ornaments),
 * link annotations with one rectangle per line fragment (CAIRO_TAG_LINK
 * with rect=[...], since the default area, the extents of what was drawn,
 * is wrong for a link broken across lines), a named destination and an
 * outline entry for each heading, and the furniture: the running head
 * (the title, from page 2 on) and the folio, with the PDF page label
 * matching the printed number; and the page's notes at its foot, under
 * a short rule (draw_notes). The structure tags (see "Structure")
 * give each block one element across pages and keep the furniture out. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "pdf_private.h"
#include "../util/alloc.h"
#include "../util/buf.h"

/* The rule over the notes: its length as a share of the measure, and
 * its weight, points. */
#define NOTE_RULE_SHARE (1.0 / 3)
#define NOTE_RULE_WIDTH 0.4

static double pt(int units)
{
  return pango_units_to_double(units);
}

/* Appends `s` as a cairo tag string value: quoted, with ' and \ escaped. */
static void put_attr_string(galley_buf *b, const char *s)
{
  galley_buf_putc(b, '\'');
  for (; *s; s++) {
    if (*s == '\'' || *s == '\\')
      galley_buf_putc(b, '\\');
    galley_buf_putc(b, *s);
  }
  galley_buf_putc(b, '\'');
}

/* Sets `text` in `font` on the line layout; returns its width. */
static PangoLayoutLine *set_plain(pdf_ctx *ctx, const char *text, int font,
                                  int *out_width)
{
  PangoAttrList *list = pango_attr_list_new();
  const pdf_font *f = pdf_font_at(ctx, font);
  PangoAttribute *a = pango_attr_font_desc_new(f->desc);
  PangoRectangle logical;
  PangoLayoutLine *line;
  a->start_index = 0;
  a->end_index = G_MAXUINT;
  pango_attr_list_insert(list, a);
  if (f->smallcaps) {
    a = pango_attr_font_features_new(f->smallcaps == 2 ? "smcp, c2sc" : "smcp");
    pango_attr_list_insert(list, a);
  }
  pango_layout_set_text(ctx->line_layout, text, -1);
  pango_layout_set_attributes(ctx->line_layout, list);
  pango_attr_list_unref(list);
  line = pango_layout_get_line_readonly(ctx->line_layout, 0);
  pango_layout_line_get_extents(line, NULL, &logical);
  *out_width = logical.width;
  return line;
}

static void set_color(cairo_t *cr, unsigned rgb)
{
  cairo_set_source_rgb(cr, (rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0,
                       (rgb & 0xff) / 255.0);
}

/* Queues link annotations for the links of a line drawn from x0; they
 * are written when the element holding the line's text closes
 * (flush_links), since a Link element inside a paragraph would make the
 * paragraph a node and Cairo 1.16 marks the content of leaves only. */
static void queue_links(pdf_ctx *ctx, const pdf_link_rect *links, int n, double x0,
                        double scale, double top, double height)
{
  int i;
  for (i = 0; i < n; i++) {
    pdf_pending_link *q;
    int xa = links[i].xa, xb = links[i].xb;
    if (xb < xa) {
      int t = xa;
      xa = xb;
      xb = t;
    }
    if (ctx->n_pending_links == ctx->cap_pending_links) {
      ctx->cap_pending_links = ctx->cap_pending_links ? ctx->cap_pending_links * 2 : 8;
      ctx->pending_links = galley_xreallocarray(ctx->pending_links,
                                                (size_t)ctx->cap_pending_links,
                                                sizeof *ctx->pending_links);
    }
    q = &ctx->pending_links[ctx->n_pending_links++];
    q->link = links[i].link;
    q->x = x0 + pt(xa) * scale;
    q->y = top;
    q->w = pt(xb - xa) * scale;
    q->h = height;
  }
}

/* Writes the queued link annotations, each a Link element with one
 * rectangle. */
static void flush_links(pdf_ctx *ctx, cairo_t *cr)
{
  int i;
  for (i = 0; i < ctx->n_pending_links; i++) {
    const pdf_pending_link *q = &ctx->pending_links[i];
    const char *url = ctx->links[q->link];
    galley_buf attr = GALLEY_BUF_INIT;
    /* Only links the policy keeps are here (pdf_add_link): an
     * external URI, or "#id" of a heading. */
    if (url[0] == '#') {
      galley_buf_puts(&attr, "dest=");
      put_attr_string(&attr, url + 1);
    } else {
      galley_buf_puts(&attr, "uri=");
      put_attr_string(&attr, url);
    }
    galley_buf_printf(&attr, " rect=[%.2f %.2f %.2f %.2f]", q->x, q->y, q->w, q->h);
    cairo_tag_begin(cr, CAIRO_TAG_LINK, galley_buf_cstr(&attr));
    cairo_tag_end(cr, CAIRO_TAG_LINK);
    galley_buf_free(&attr);
  }
  ctx->n_pending_links = 0;
}


/* Keeps a reference to `font` (of a layout thread's font map) until the
 * threads end, so that freeing a glyph run here never drops its last.
 * Returns the font's table of own glyphs (ctx->held_nominal). */
static uint32_t *hold_font(pdf_ctx *ctx, PangoFont *font)
{
  int i;
  for (i = 0; i < ctx->n_held_fonts; i++)
    if (ctx->held_fonts[i] == font)
      return ctx->held_nominal[i];
  if (ctx->n_held_fonts == ctx->cap_held_fonts) {
    ctx->cap_held_fonts = ctx->cap_held_fonts ? ctx->cap_held_fonts * 2 : 16;
    ctx->held_fonts = galley_xreallocarray(ctx->held_fonts, (size_t)ctx->cap_held_fonts,
                                           sizeof *ctx->held_fonts);
    ctx->held_nominal = galley_xreallocarray(ctx->held_nominal, (size_t)ctx->cap_held_fonts,
                                             sizeof *ctx->held_nominal);
  }
  for (i = 0; i < 256; i++)
    ctx->held_nominal[ctx->n_held_fonts][i] = PDF_NOMINAL_UNASKED;
  ctx->held_fonts[ctx->n_held_fonts] = g_object_ref(font);
  return ctx->held_nominal[ctx->n_held_fonts++];
}

/* Shows a run's glyphs with its text. Cairo's PDF surface puts a glyph
 * shown as one WinAnsi character of its text into the font's 8-bit
 * subset under that character's code, the first glyph to claim a code
 * keeping it: a small capital shown as "a" took the code of "a", and
 * every later "a" of the body went to the font's other, two-byte
 * subset, so that the body's lines switched fonts letter by letter (five
 * times the operators and a third more bytes, in a book with a byline
 * in small capitals). So each glyph that is not the font's own for its
 * character (found through the font's character map) is shown in one
 * cluster with its neighbours, which Cairo writes as /ActualText with
 * the glyphs in the two-byte subset, leaving the 8-bit codes to the
 * font's own glyphs. (A run of one substitute glyph has no neighbour to
 * take: shown as it is.) */
/* Glyphs of a run whose substitute flags live on the stack: a line's
 * runs are seldom longer, so the drawing thread does not allocate. */
#define SHOW_STACK_GLYPHS 256

static void show_glyphs(cairo_t *cr, const char *text, PangoGlyphItem *run, uint32_t *nominal)
{
  PangoGlyphItem one;
  PangoGlyphString *gs;
  char stack_sub[SHOW_STACK_GLYPHS], *sub = stack_sub;
  int g, n = run->glyphs->num_glyphs;
  if (n < 2 || (run->item->analysis.level & 1)) {
    pango_cairo_show_glyph_item(cr, text, run);
    return;
  }
  if (n > SHOW_STACK_GLYPHS)
    sub = galley_xmalloc((size_t)n);
  if (pdf_run_substitutes(text, run, nominal, sub) == 0) {
    if (sub != stack_sub)
      free(sub);
    pango_cairo_show_glyph_item(cr, text, run);
    return;
  }
  one = *run;
  gs = pango_glyph_string_copy(run->glyphs);
  for (g = 0; g < n;) {
    int a = g, e, k;
    if (!sub[g]) {
      g++;
      continue;
    }
    for (e = g; e < n && sub[e]; e++)
      ;
    /* [a, e) substitutes: with one, a neighbour joins the cluster */
    if (e - a == 1) {
      if (e < n && (e + 1 >= n || gs->log_clusters[e + 1] != gs->log_clusters[e]))
        e++;
      else if (a > 0 && (a < 2 || gs->log_clusters[a - 2] != gs->log_clusters[a - 1]))
        a--;
    }
    for (k = a; k < e; k++)
      gs->log_clusters[k] = gs->log_clusters[a];
    g = e;
  }
  if (sub != stack_sub)
    free(sub);
  one.glyphs = gs;
  pango_cairo_show_glyph_item(cr, text, &one);
  pango_glyph_string_free(gs);
}

/* A copy of `run`'s glyphs in which each no-break space is left empty
 * (its advance kept), or NULL when there is none. Cairo's PDF surface
 * keeps U+00A0 out of a font's 8-bit subset (_cairo_unicode_to_winansi
 * skips it), so each no-break space, now before every spaced dash, cost
 * two font switches and a string of its own. Its glyph is blank: an
 * empty glyph draws the same nothing, and text extraction reads the gap
 * as the space it is. */
static PangoGlyphString *blank_no_break_spaces(const char *text, const PangoGlyphItem *run)
{
  PangoGlyphString *copy = NULL;
  int g;
  for (g = 0; g < run->glyphs->num_glyphs; g++) {
    if (!pdf_glyph_is_no_break_space(text, run, g))
      continue;
    if (!copy)
      copy = pango_glyph_string_copy(run->glyphs);
    copy->glyphs[g].glyph = PANGO_GLYPH_EMPTY;
  }
  return copy;
}

static void show_glyph_item(cairo_t *cr, const char *text, PangoGlyphItem *run,
                            uint32_t *nominal)
{
  PangoGlyphString *blanked = blank_no_break_spaces(text, run);
  PangoGlyphItem one = *run;
  if (blanked)
    one.glyphs = blanked;
  show_glyphs(cr, text, &one, nominal);
  if (blanked)
    pango_glyph_string_free(blanked);
}

/* Shows a run that is drawn as shaped (pdf_set_line.plain) straight
 * through Cairo, as pango_cairo_show_glyph_item would (Pango 1.50's
 * pangocairo-render.c: the same glyphs, positions, clusters and text, so
 * the same bytes), without the renderer's per-run machinery (its colour
 * resets, the cluster iterator walking the text a character at a time,
 * the saved state): the drawing thread, the one the run waits for, draws
 * every body line so. The current point is where the run starts; the
 * run's font is left set on `cr`.
 * Returns 0, having drawn nothing, for a run Pango's renderer must draw:
 * right to left, an unknown glyph (a hex box), no glyphs, or a font
 * without a usable scaled font. */
#define SHOW_STACK_CLUSTERS 256
static int show_plain_run(cairo_t *cr, const char *text, const PangoGlyphItem *run)
{
  const PangoGlyphString *gs = run->glyphs;
  const PangoItem *item = run->item;
  cairo_glyph_t stack_glyphs[SHOW_STACK_GLYPHS], *glyphs = stack_glyphs;
  cairo_text_cluster_t stack_clusters[SHOW_STACK_CLUSTERS], *clusters = stack_clusters;
  cairo_scaled_font_t *sf;
  double x0, y0;
  int n = gs->num_glyphs, g, count = 0, n_clusters = 0, x_position = 0, done = 0;

  if (n == 0 || (item->analysis.level & 1) || !PANGO_IS_CAIRO_FONT(item->analysis.font))
    return 0;
  for (g = 0; g < n; g++)
    if (gs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG)
      return 0;
  sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(item->analysis.font));
  if (!sf || cairo_scaled_font_status(sf) != CAIRO_STATUS_SUCCESS)
    return 0;
  if (n > SHOW_STACK_GLYPHS)
    glyphs = galley_xreallocarray(NULL, (size_t)n, sizeof *glyphs);
  if (n > SHOW_STACK_CLUSTERS)
    clusters = galley_xreallocarray(NULL, (size_t)n, sizeof *clusters);
  cairo_get_current_point(cr, &x0, &y0);
  for (g = 0; g < n;) {
    /* a cluster, as Pango's glyph item iterator makes it: from a glyph
     * up to the next whose text offset is greater; its bytes run from
     * where the last cluster's ended (the first from the item's start)
     * to that offset or the item's end; empty glyphs are not shown */
    int cluster = gs->log_clusters[g], e = g, shown = 0, end;
    do {
      const PangoGlyphInfo *gi = &gs->glyphs[e];
      if (gi->glyph != PANGO_GLYPH_EMPTY) {
        glyphs[count].index = gi->glyph;
        glyphs[count].x = x0 + (double)(x_position + gi->geometry.x_offset) / PANGO_SCALE;
        glyphs[count].y = gi->geometry.y_offset == 0
                              ? y0
                              : y0 + (double)gi->geometry.y_offset / PANGO_SCALE;
        count++;
        shown++;
      }
      x_position += gi->geometry.width;
      e++;
    } while (e < n && gs->log_clusters[e] <= cluster);
    end = e < n ? gs->log_clusters[e] : item->length;
    clusters[n_clusters].num_bytes = end - done;
    clusters[n_clusters].num_glyphs = shown;
    n_clusters++;
    done = end;
    g = e;
  }
  /* the font stays set until the line's cairo_restore (draw_set_line) */
  cairo_set_scaled_font(cr, sf);
  cairo_show_text_glyphs(cr, text + item->offset, item->length, glyphs, count, clusters,
                         n_clusters, 0);
  if (glyphs != stack_glyphs)
    free(glyphs);
  if (clusters != stack_clusters)
    free(clusters);
  return 1;
}

/* Draws a line set ahead with its baseline starting at (x, base), its
 * glyphs scaled across by `scale`, and its links over [top, top +
 * height]. */
static void draw_set_line(pdf_ctx *ctx, cairo_t *cr, pdf_set_line *sl, double x,
                          double base, double scale, double top, double height)
{
  int r;
  cairo_save(cr);
  cairo_translate(cr, x, base);
  if (scale != 1.0)
    cairo_scale(cr, scale, 1.0);
  for (r = 0; r < sl->n_runs; r++) {
    const PangoGlyphItem *run = sl->runs[r];
    const GSList *a;
    uint32_t *nominal = hold_font(ctx, run->item->analysis.font);
    /* pango_cairo_show_glyph_item, unlike drawing a layout line, does
     * not apply the run's colour: the text is black unless it has one. */
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (a = run->item->analysis.extra_attrs; a; a = a->next) {
      const PangoAttribute *attr = a->data;
      if (attr->klass->type == PANGO_ATTR_FOREGROUND) {
        const PangoColor *c = &((const PangoAttrColor *)attr)->color;
        cairo_set_source_rgb(cr, c->red / 65535.0, c->green / 65535.0, c->blue / 65535.0);
      }
    }
    cairo_move_to(cr, pt(sl->run_x[r]), 0);
    if (sl->plain && sl->plain[r]) { /* found so by the thread that set it */
      if (!show_plain_run(cr, sl->text, sl->runs[r]))
        pango_cairo_show_glyph_item(cr, sl->text, sl->runs[r]);
    } else {
      show_glyph_item(cr, sl->text, sl->runs[r], nominal);
    }
    for (a = run->item->analysis.extra_attrs; a; a = a->next) {
      const PangoAttribute *attr = a->data;
      if (attr->klass->type == PANGO_ATTR_STRIKETHROUGH &&
          ((const PangoAttrInt *)attr)->value) {
        /* the rule Pango's renderer draws for a layout line, from the
         * font's own strikeout position and thickness */
        PangoFontMetrics *m = pango_font_get_metrics(run->item->analysis.font, NULL);
        int pos = pango_font_metrics_get_strikethrough_position(m);
        int thick = pango_font_metrics_get_strikethrough_thickness(m);
        pango_font_metrics_unref(m);
        cairo_rectangle(cr, pt(sl->run_x[r]), -pt(pos),
                        pt(pango_glyph_string_get_width(run->glyphs)), pt(thick));
        cairo_fill(cr);
        break;
      }
    }
  }
  cairo_restore(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  queue_links(ctx, sl->links, sl->n_links, x, scale, top, height);
}

/* Shows `line`, set on ctx->liner from paragraph `p`, with its baseline
 * starting at (lx, base) and its glyphs scaled across by `scale`, and
 * queues its links over the line box from `top`. */
static void show_layout_line(pdf_ctx *ctx, cairo_t *cr, const pdf_para *p,
                             PangoLayoutLine *line, double lx, double base, double scale,
                             double top)
{
  pdf_link_rect *links = NULL;
  int n_links = 0, k;
  cairo_save(cr);
  cairo_translate(cr, lx, base);
  if (scale != 1.0)
    cairo_scale(cr, scale, 1.0);
  cairo_move_to(cr, 0, 0);
  pango_cairo_show_layout_line(cr, line);
  cairo_restore(cr);
  for (k = 0; k < ctx->liner.n_spans; k++)
    if (p->spans[ctx->liner.spans[k].span].link >= 0) {
      links = galley_xreallocarray(links, (size_t)n_links + 1, sizeof *links);
      links[n_links].link = p->spans[ctx->liner.spans[k].span].link;
      pango_layout_line_index_to_x(line, ctx->liner.spans[k].start, 0, &links[n_links].xa);
      pango_layout_line_index_to_x(line, ctx->liner.spans[k].end, 0, &links[n_links].xb);
      n_links++;
    }
  queue_links(ctx, links, n_links, lx, scale, top, pt(p->pitch));
  free(links);
}

static void draw_outline(pdf_ctx *ctx, cairo_surface_t *surface, const pdf_box *b,
                         int page, double x, double y)
{
  galley_buf attr = GALLEY_BUF_INIT;
  int level = b->outline_level, id, k;
  if (b->dest && *b->dest) {
    galley_buf_puts(&attr, "dest=");
    put_attr_string(&attr, b->dest);
  } else {
    galley_buf_printf(&attr, "page=%d pos=[%.2f %.2f]", page, x, y);
  }
  id = cairo_pdf_surface_add_outline(surface, ctx->outline_parent[level - 1],
                                     b->outline_text ? b->outline_text : "",
                                     galley_buf_cstr(&attr), 0);
  for (k = level; k < 8; k++)
    ctx->outline_parent[k] = id;
  galley_buf_free(&attr);
}

/* ------------------------------------------------------------------ */
/* Structure                                                           */
/* ------------------------------------------------------------------ */

/* The tree Cairo writes from the tags (PDF 1.7, 14.8.4):
 *
 *   Document > H1..H6, P, Caption        one per block, even when the
 *                                          block crosses a page
 *            > L > LI > Lbl, LBody > ...  lists, the marker as Lbl
 *            > BlockQuote > ...
 *            > Div > Figure (/Alt), Caption
 *            > Link                        after the text it covers
 *            > Note > P                    a page's notes, after its text
 *                                          (inside the paragraph or list
 *                                          left open across the page)
 *
 * Cairo 1.16 marks the content of leaf elements only, and a tag left open
 * across cairo_show_page continues on the next page. So a paragraph that
 * crosses a page holds one Span per page: it stays one element, and
 * while it is open between its pages it is not a leaf, so the running
 * head and folio drawn then are no part of it. */

/* Opens the element of paragraph `para`; `crosses`: its last line is on
 * a later page. */
static void open_para(pdf_ctx *ctx, cairo_t *cr, int para, int crosses)
{
  cairo_tag_begin(cr, pdf_para_at(ctx, para)->tag, "");
  if (crosses)
    cairo_tag_begin(cr, "Span", "");
  ctx->open_para = para;
  ctx->open_para_spans = crosses ? 2 : 0;
}

/* Ends this page's part of the open paragraph: its Span, if it has. */
static void end_para_part(pdf_ctx *ctx, cairo_t *cr)
{
  if (ctx->open_para < 0 || ctx->open_para_spans != 2)
    return;
  cairo_tag_end(cr, "Span");
  flush_links(ctx, cr);
  ctx->open_para_spans = 1;
}

static void close_para(pdf_ctx *ctx, cairo_t *cr)
{
  if (ctx->open_para < 0)
    return;
  end_para_part(ctx, cr);
  cairo_tag_end(cr, pdf_para_at(ctx, ctx->open_para)->tag);
  flush_links(ctx, cr);
  ctx->open_para = -1;
}

static void open_struct(pdf_ctx *ctx, cairo_t *cr, int k)
{
  cairo_tag_begin(cr, ctx->structs[k].type, "");
  if (ctx->n_open_structs == ctx->cap_open_structs) {
    ctx->cap_open_structs = ctx->cap_open_structs ? ctx->cap_open_structs * 2 : 8;
    ctx->open_structs = galley_xreallocarray(ctx->open_structs,
                                             (size_t)ctx->cap_open_structs,
                                             sizeof *ctx->open_structs);
  }
  ctx->open_structs[ctx->n_open_structs++] = k;
}

static void close_struct(pdf_ctx *ctx, cairo_t *cr)
{
  const char *type = ctx->structs[ctx->open_structs[--ctx->n_open_structs]].type;
  if (strcmp(type, "LI") == 0)
    cairo_tag_end(cr, "LBody");
  cairo_tag_end(cr, type);
}

/* Draws a box's list marker, right-aligned in the indent, on the
 * baseline `base`. */
static void draw_marker(pdf_ctx *ctx, cairo_t *cr, const pdf_box *b, double base)
{
  int w;
  PangoLayoutLine *ml = set_plain(ctx, b->marker, b->marker_font, &w);
  cairo_move_to(cr, ctx->page_left + pt(b->marker_x - w), base);
  pango_cairo_show_layout_line(cr, ml);
}

/* Makes the open containers those holding `b`: closes the others,
 * innermost first, and opens the new ones, outermost first. An item's
 * marker (for a line, on baseline `base`) is drawn as the Lbl of the
 * innermost item opened here. Returns 1 when it drew the marker. */
static int sync_structs(pdf_ctx *ctx, cairo_t *cr, const pdf_box *b, double base)
{
  int chain_small[64], *chain = chain_small;
  int depth = 0, k, c, last_li = -1, drew = 0;

  for (k = b->container; k >= 0; k = ctx->structs[k].parent)
    depth++;
  if (depth > (int)(sizeof chain_small / sizeof *chain_small))
    chain = galley_xreallocarray(NULL, (size_t)depth, sizeof *chain);
  c = depth;
  for (k = b->container; k >= 0; k = ctx->structs[k].parent)
    chain[--c] = k;
  for (c = 0; c < depth && c < ctx->n_open_structs && ctx->open_structs[c] == chain[c]; c++)
    ;
  while (ctx->n_open_structs > c)
    close_struct(ctx, cr);
  for (k = c; k < depth; k++)
    if (strcmp(ctx->structs[chain[k]].type, "LI") == 0)
      last_li = k;
  for (k = c; k < depth; k++) {
    open_struct(ctx, cr, chain[k]);
    if (strcmp(ctx->structs[chain[k]].type, "LI") != 0)
      continue;
    if (k == last_li && b->marker && b->kind == PDF_BOX_LINE) {
      cairo_tag_begin(cr, "Lbl", "");
      draw_marker(ctx, cr, b, base);
      cairo_tag_end(cr, "Lbl");
      drew = 1;
    }
    cairo_tag_begin(cr, "LBody", "");
  }
  if (chain != chain_small)
    free(chain);
  return drew;
}

/* 1 when the last line of paragraph `para` is among boxes [i, last). */
static int ends_on_page(const pdf_ctx *ctx, const pdf_box *boxes, int i, int last, int para)
{
  int last_line = pdf_para_at(ctx, para)->n_lines - 1;
  for (; i < last; i++)
    if (boxes[i].kind == PDF_BOX_LINE && boxes[i].para == para && boxes[i].line >= last_line)
      return 1;
  return 0;
}

void pdf_draw_end(pdf_ctx *ctx, cairo_t *cr)
{
  close_para(ctx, cr);
  while (ctx->n_open_structs > 0)
    close_struct(ctx, cr);
}

/* Draws the page number `num` in `font` (of `size` points) centred on x
 * `mid`, its baseline at `base`, as outlines (see draw_furniture). Each
 * digit is outlined once into a recording surface, which Cairo
 * writes as one form that every page shows; a page places the digits
 * where its number, shaped whole, puts them. (Outlined on every page,
 * the numbers made a third of the content streams' bytes and two thirds
 * of their numbers.) */
static void draw_folio(pdf_ctx *ctx, cairo_t *cr, const char *num, int font, double size,
                       double mid, double base)
{
  /* the digit's band: a size's room on every side of its advance, the
   * baseline 1.3 sizes down */
  double pad = size, up = 1.3 * size, x;
  const char *c;
  int w = 0;
  for (c = num; *c; c++) {
    int d = *c - '0';
    cairo_rectangle_t band = {0, 0, 0, 0};
    cairo_t *dc;
    PangoLayoutLine *dl;
    char one[2] = {0, 0};
    if (d < 0 || d > 9)
      continue;
    if (!ctx->folio_art[d]) {
      one[0] = *c;
      dl = set_plain(ctx, one, font, &ctx->folio_adv[d]);
      band.width = pt(ctx->folio_adv[d]) + 2 * pad;
      band.height = 2 * size;
      ctx->folio_art[d] = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &band);
      dc = cairo_create(ctx->folio_art[d]);
      set_color(dc, 0x404040);
      cairo_move_to(dc, pad, up);
      pango_cairo_layout_line_path(dc, dl);
      cairo_fill(dc);
      cairo_destroy(dc);
    }
    w += ctx->folio_adv[d];
  }
  /* The digits side by side at their advances: the bundled faces'
   * figures neither kern nor change with their neighbours (the number
   * shaped whole put them at the same places), so no page shapes its
   * number. */
  x = mid - pt(w) / 2;
  for (c = num; *c; c++) {
    int d = *c - '0';
    cairo_rectangle_t band;
    if (d < 0 || d > 9 || !cairo_recording_surface_get_extents(ctx->folio_art[d], &band))
      continue;
    /* through a clip, as the running head */
    cairo_save(cr);
    cairo_rectangle(cr, x - pad, base - up, band.width, band.height);
    cairo_clip(cr);
    cairo_set_source_surface(cr, ctx->folio_art[d], x - pad, base - up);
    cairo_paint(cr);
    cairo_restore(cr);
    x += pt(ctx->folio_adv[d]);
  }
}

/* The running head and the folio. They are drawn as outlines, not text:
 * they are no part of the document's text, and a text extractor (or a
 * reader's search) reading a page break would otherwise find the folio
 * and the next page's head between the halves of a hyphenated word.
 * Cairo 1.16 has no Artifact marked content to say so with text; they
 * are drawn where no structure element is a leaf, so no element holds
 * them. */
static void draw_furniture(pdf_ctx *ctx, cairo_t *cr, int page)
{
  pdf_style st = ctx->body;
  PangoLayoutLine *line;
  int font, w;
  char num[32];
  double left = pdf_page_left(ctx, page), width = pt(ctx->col_w);

  st.size = ctx->body.size * 0.8;
  st.italic = 0;
  st.weight = 400;
  st.smallcaps = 0;
  st.color = 0;
  font = pdf_ctx_font(ctx, &st, 1);
  set_color(cr, 0x404040);
  if (page > 1 && ctx->running_head && *ctx->running_head) {
    /* The running head: the title, set in small capitals of the text face,
     * cut with an ellipsis when it is longer than the measure. */
    pdf_style hs = st;
    int hfont;
    hs.smallcaps = 1;
    hs.italic = 1;
    hs.smallcaps = 0;
    hfont = pdf_ctx_font(ctx, &hs, 1);
    pango_layout_set_width(ctx->line_layout, PANGO_SCALE * (int)width);
    pango_layout_set_ellipsize(ctx->line_layout, PANGO_ELLIPSIZE_END);
    if (!ctx->running_head_art) {
      /* Outlined once into a recording surface, which Cairo writes as
       * one form that every page shows: outlines are ten times the
       * bytes of text. */
      cairo_rectangle_t band = {0, 0, 0, 0};
      cairo_t *hc;
      band.width = width; /* the column's: drawn at each page's left edge */
      band.height = ctx->margin[0];
      ctx->running_head_art = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &band);
      hc = cairo_create(ctx->running_head_art);
      set_color(hc, 0x404040);
      line = set_plain(ctx, ctx->running_head, hfont, &w);
      cairo_move_to(hc, (width - pt(w)) / 2, ctx->margin[0] * 0.55);
      pango_cairo_layout_line_path(hc, line);
      cairo_fill(hc);
      cairo_destroy(hc);
    }
    pango_layout_set_width(ctx->line_layout, -1);
    pango_layout_set_ellipsize(ctx->line_layout, PANGO_ELLIPSIZE_NONE);
    /* Through a clip: see the figures in pdf_draw_page on an unclipped
     * paint as the first drawing of a page. */
    cairo_save(cr);
    cairo_rectangle(cr, left, 0, width, ctx->margin[0]);
    cairo_clip(cr);
    cairo_set_source_surface(cr, ctx->running_head_art, left, 0);
    cairo_paint(cr);
    cairo_restore(cr);
  }
  snprintf(num, sizeof num, "%d", page);
  draw_folio(ctx, cr, num, font, st.size, left + width / 2,
             ctx->page_h - ctx->margin[2] * 0.45);
  set_color(cr, 0);
}

/* Places the named destination `kind` ("note" or "noteref") of note
 * `note` at (x, y), once. */
static void note_dest(pdf_ctx *ctx, cairo_t *cr, const char *kind, int note, double x,
                      double y)
{
  unsigned char bit = kind[4] == 'r' ? 2 : 1;
  char attr[128];
  if (note < 1 || note > ctx->n_notes || (ctx->note_dests[note] & bit))
    return;
  ctx->note_dests[note] |= bit;
  snprintf(attr, sizeof attr, "name='" PDF_NOTE_DEST_FMT "' x=%.2f y=%.2f", kind, note, x, y);
  cairo_tag_begin(cr, CAIRO_TAG_DEST, attr);
  cairo_tag_end(cr, CAIRO_TAG_DEST);
}

/* Where a line of `width` (Pango units) starts, from the start of its
 * measure (ln->x from the block's left edge): centred or flush right as
 * its paragraph is aligned. A right-to-left paragraph is mirrored: its
 * first-line indent is at the right (a line spans the block's width
 * less ln->x from its left edge), and its ragged lines (a justified
 * paragraph's last, a left-aligned one's) are flush right; a
 * right-aligned one is flush left. */
static int line_offset(const pdf_para *p, const pdf_line *ln, int width)
{
  int room = ln->measure - width;
  int shift = p->rtl ? -ln->x : 0;
  if (room <= 0 || ln->justify)
    return shift;
  if (p->align == PDF_ALIGN_CENTER)
    return shift + room / 2;
  if ((p->align == PDF_ALIGN_RIGHT) != (p->rtl != 0))
    return shift + room;
  return shift;
}

/* Draws line `li` of `p` with its left edge at x and its top at `top`
 * (dumped first when a layout dump is asked for), and frees its set
 * glyphs unless the paragraph keeps them. */
static void draw_cell_line(pdf_ctx *ctx, cairo_t *cr, pdf_para *p, int li, double x,
                           double top, int page)
{
  const pdf_line *ln = &p->lines[li];
  pdf_set_line *sl = p->set ? &p->set[li] : NULL;
  PangoLayoutLine *line = NULL;
  int width = 0;
  double lx = x + pt(ln->x), base = top + pt(p->ascent);
  if (sl && !sl->text)
    sl = NULL; /* cleared once drawn: set again */
  if (sl)
    width = sl->width;
  else if (!(line = pdf_layout_set_line(ctx, p, li, &width)))
    return;
  lx += pt(line_offset(p, ln, width));
  if (ctx->n_notes > 0) {
    /* the first reference to a note: where the note's number leads back */
    int i;
    for (i = 0; i < p->n_spans; i++)
      if (p->spans[i].note > 0 && p->spans[i].start < ln->end && p->spans[i].end > ln->start)
        note_dest(ctx, cr, "noteref", p->spans[i].note, lx, top);
  }
  pdf_dump_drawn_line(ctx, p, li, page, width, base, sl, line);
  if (sl) {
    draw_set_line(ctx, cr, sl, lx, base, pdf_line_scale(ln), top, pt(p->pitch));
    if (!p->keep_set)
      pdf_set_line_clear(sl);
  } else {
    show_layout_line(ctx, cr, p, line, lx, base, pdf_line_scale(ln), top);
  }
}

/* Draws a table row box (a row, or a slice of a tall one) with its left
 * edge at x and its top at `top`: each cell's lines that start in the
 * slice, then the rules the row carries. A cell is a TH or TD element
 * (an empty one too, so that columns keep their places; a cell of a row
 * cut into slices is one element per slice it has lines in); a repeated
 * header row is drawn outside any leaf, no part of the structure. */
static void draw_row(pdf_ctx *ctx, cairo_t *cr, const pdf_box *b, double x, double top,
                     int page)
{
  const pdf_row *row = &ctx->rows[b->para];
  const pdf_table *t = &ctx->tables[row->table];
  int off = b->line, c, li;
  for (c = 0; c < t->n_cols; c++) {
    pdf_para *p = row->cells[c] >= 0 ? pdf_para_at(ctx, row->cells[c]) : NULL;
    double cx = x + pt(t->col_x[c] + t->pad[3]);
    int opened = 0, first = -1, last = -1;
    for (li = 0; p && li < p->n_lines; li++) {
      int ly = row->rule_above + t->pad[0] + li * p->pitch;
      if (ly >= off && ly < off + b->height) {
        if (first < 0)
          first = li;
        last = li;
      }
    }
    if (!b->repeat && (first >= 0 || (off == 0 && !p && !t->linear))) {
      cairo_tag_begin(cr, row->header ? "TH" : "TD", "");
      opened = 1;
    }
    for (li = first; li >= 0 && li <= last; li++)
      draw_cell_line(ctx, cr, p, li, cx,
                     top + pt(row->rule_above + t->pad[0] + li * p->pitch - off), page);
    if (opened) {
      cairo_tag_end(cr, row->header ? "TH" : "TD");
      flush_links(ctx, cr);
    }
  }
  if (off == 0 && row->rule_above > 0) {
    cairo_rectangle(cr, x, top, pt(t->width), pt(row->rule_above));
    cairo_fill(cr);
  }
  if (off + b->height >= row->height && row->rule_below > 0) {
    cairo_rectangle(cr, x, top + pt(b->height - row->rule_below), pt(t->width),
                    pt(row->rule_below));
    cairo_fill(cr);
  }
}

/* Draws line box `b` starting at lx, its baseline at `base`, its top at
 * `top` (points): the line, its heading's destination and outline entry,
 * its links (queued), its line of the layout dump. */
static void draw_line_box(pdf_ctx *ctx, cairo_t *cr, cairo_surface_t *surface,
                          const pdf_box *b, double lx, double base, double top,
                          int page)
{
  pdf_para *p = pdf_para_at(ctx, b->para);
  const pdf_line *ln = &p->lines[b->line];
  pdf_set_line *sl;
  PangoLayoutLine *line = NULL;
  int width = 0;
  if (!p->set || !p->set[b->line].text)
    pdf_layout_set_window(ctx, p, b->line);
  sl = p->set ? &p->set[b->line] : NULL;
  if (sl)
    width = sl->width;
  else if (!(line = pdf_layout_set_line(ctx, p, b->line, &width)))
    return;
  lx += pt(line_offset(p, ln, width));
  if (b->outline_level > 0) {
    galley_buf attr = GALLEY_BUF_INIT;
    if (b->dest && *b->dest) {
      galley_buf_puts(&attr, "name=");
      put_attr_string(&attr, b->dest);
      galley_buf_printf(&attr, " x=%.2f y=%.2f", lx, top);
      cairo_tag_begin(cr, CAIRO_TAG_DEST, galley_buf_cstr(&attr));
      cairo_tag_end(cr, CAIRO_TAG_DEST);
    }
    galley_buf_free(&attr);
    draw_outline(ctx, surface, b, page, lx, top);
  }
  if (ctx->n_notes > 0) {
    /* the first reference to a note: where the note's number leads back */
    int small[16], *refs = small, n = pdf_layout_line_notes(ctx, b, small, 16), k;
    if (n > 16) {
      refs = galley_xreallocarray(NULL, (size_t)n, sizeof *refs);
      pdf_layout_line_notes(ctx, b, refs, n);
    }
    for (k = 0; k < n; k++)
      note_dest(ctx, cr, "noteref", refs[k], lx, top);
    if (refs != small)
      free(refs);
  }
  pdf_dump_drawn_line(ctx, p, b->line, page, width, base, sl, line);
  if (sl) {
    draw_set_line(ctx, cr, sl, lx, base, pdf_line_scale(ln), top, pt(p->pitch));
    pdf_set_line_clear(sl); /* drawn: its glyphs are not needed again */
  } else {
    show_layout_line(ctx, cr, p, line, lx, base, pdf_line_scale(ln), top);
  }
}

/* The notes at the page's foot, after the running text: a short thin
 * rule, drawn outside every leaf element (as the furniture, no part of
 * the text), then each note a Note element (an inline-level element, so
 * it may stand inside a paragraph left open across the page) holding its
 * paragraphs. A note continued from the page before is another Note. */
static void draw_notes(pdf_ctx *ctx, cairo_t *cr, cairo_surface_t *surface,
                       const pdf_page_notes *nt, int page)
{
  double y = ctx->margin[0] + pt(nt->top), left = ctx->page_left;
  int i, open_note = 0, open_para = -1;
  cairo_save(cr);
  set_color(cr, 0);
  cairo_set_line_width(cr, NOTE_RULE_WIDTH);
  cairo_move_to(cr, left, ctx->margin[0] + pt(nt->rule_y));
  cairo_rel_line_to(cr, pt(ctx->col_w) * NOTE_RULE_SHARE, 0);
  cairo_stroke(cr);
  cairo_restore(cr);
  for (i = 0; i < nt->n; i++) {
    const pdf_box *b = &nt->boxes[i];
    double top = y + (i == 0 ? 0 : pt(b->space_before));
    y = top + pt(b->height);
    if (i == 0 || nt->note[i] != nt->note[i - 1]) {
      if (open_para >= 0) {
        cairo_tag_end(cr, pdf_para_at(ctx, open_para)->tag);
        flush_links(ctx, cr);
        open_para = -1;
      }
      if (open_note)
        cairo_tag_end(cr, "Note");
      cairo_tag_begin(cr, "Note", "");
      open_note = 1;
      if (nt->note[i] > 0)
        note_dest(ctx, cr, "note", nt->note[i], left, top);
    }
    if (b->kind != PDF_BOX_LINE)
      continue; /* a note's picture or ornament is not drawn */
    if (b->para != open_para) {
      if (open_para >= 0) {
        cairo_tag_end(cr, pdf_para_at(ctx, open_para)->tag);
        flush_links(ctx, cr);
      }
      cairo_tag_begin(cr, pdf_para_at(ctx, b->para)->tag, "");
      open_para = b->para;
    }
    {
      const pdf_para *p = pdf_para_at(ctx, b->para);
      double lx = left + pt(b->x) + pt(p->lines[b->line].x);
      double base = top + pt(p->ascent);
      draw_line_box(ctx, cr, surface, b, lx, base, top, page);
      if (b->marker)
        draw_marker(ctx, cr, b, base);
    }
  }
  if (open_para >= 0) {
    cairo_tag_end(cr, pdf_para_at(ctx, open_para)->tag);
    flush_links(ctx, cr);
  }
  if (open_note)
    cairo_tag_end(cr, "Note");
}


galley_status pdf_draw_page(pdf_ctx *ctx, cairo_t *cr, cairo_surface_t *surface,
                            const pdf_box *boxes, int first, int last, int page,
                            const pdf_page_notes *notes)
{
  char label[32];
  double y = ctx->margin[0], left = pdf_page_left(ctx, page);
  ctx->page_left = left;
  int i;
  cairo_surface_t **drawn = NULL; /* the pictures drawn on this page */
  int n_drawn = 0;

  if (ctx->status != GALLEY_OK)
    return ctx->status;
  set_color(cr, 0);
  /* The running head and folio come first: Cairo 1.16 fails with a tag
   * error ("invalid tag name, attributes, or nesting") at cairo_show_page
   * when the first thing drawn on a page after the first is a picture
   * inside a structure element, as on a page that opens with an image. */
  draw_furniture(ctx, cr, page);
  for (i = first; i < last; i++) {
    const pdf_box *b = &boxes[i];
    double top = y + (i == first ? 0 : pt(b->space_before));
    double x = left + pt(b->x);
    int drew_marker = 0;
    y = top + pt(b->height);
    if (ctx->open_para >= 0 && (b->kind != PDF_BOX_LINE || b->para != ctx->open_para))
      close_para(ctx, cr);
    if (b->kind != PDF_BOX_LINE && !b->repeat)
      sync_structs(ctx, cr, b, 0);
    if (b->kind == PDF_BOX_LINE) {
      pdf_para *p = pdf_para_at(ctx, b->para);
      const pdf_line *ln = &p->lines[b->line];
      double lx = x + pt(ln->x), base = top + pt(p->ascent);
      if (ctx->open_para != b->para) {
        drew_marker = sync_structs(ctx, cr, b, base);
        open_para(ctx, cr, b->para, !ends_on_page(ctx, boxes, i, last, b->para));
      } else if (ctx->open_para_spans == 1) {
        cairo_tag_begin(cr, "Span", ""); /* its part on this page */
        ctx->open_para_spans = 2;
      }
      draw_line_box(ctx, cr, surface, b, lx, base, top, page);
      if (b->marker && !drew_marker)
        draw_marker(ctx, cr, b, base);
      if (b->line >= p->n_lines - 1)
        close_para(ctx, cr);
    } else if (b->kind == PDF_BOX_IMAGE) {
      const pdf_image *im = &ctx->images[b->image];
      int pw = cairo_image_surface_get_width(im->surface);
      int ph = cairo_image_surface_get_height(im->surface);
      int k, again = 0;
      for (k = 0; k < n_drawn && !again; k++)
        again = drawn[k] == im->surface;
      /* The picture is a Figure; its alt text goes in when the PDF is
       * finished (pdf_finish.c): Cairo 1.16 writes no attributes. */
      cairo_tag_begin(cr, "Figure", "");
      if (ctx->n_figure_alts == ctx->cap_figure_alts) {
        ctx->cap_figure_alts = ctx->cap_figure_alts ? ctx->cap_figure_alts * 2 : 4;
        ctx->figure_alts = galley_xreallocarray(ctx->figure_alts,
                                                (size_t)ctx->cap_figure_alts,
                                                sizeof *ctx->figure_alts);
      }
      ctx->figure_alts[ctx->n_figure_alts++] = im->alt ? galley_xstrdup(im->alt) : NULL;
      cairo_save(cr);
      cairo_translate(cr, x, top);
      cairo_scale(cr, pt(im->width) / pw, pt(im->height) / ph);
      /* Painted through a clip of the picture's own rectangle: Cairo 1.16
       * takes an unclipped paint OVER a page where nothing is drawn yet
       * for a paint of the whole page, and throws away what the page has
       * recorded so far, tags included. A figure opening a page thus lost
       * the page's Sect (and any link or destination) begin, and the
       * matching end put the context into CAIRO_STATUS_TAG_ERROR
       * (_cairo_recording_surface_paint, "is_clear"). */
      cairo_rectangle(cr, 0, 0, pw, ph);
      cairo_clip(cr);
      /* Cairo 1.16 lists an image in the page's resources once per use,
       * and a second use on the same page makes a duplicate key (qpdf
       * warns). A picture drawn again on its page goes through a group,
       * a form of its own that names the one image object. */
      if (again)
        cairo_push_group(cr);
      cairo_set_source_surface(cr, im->surface, 0, 0);
      cairo_paint(cr);
      if (again) {
        cairo_pop_group_to_source(cr);
        cairo_paint(cr);
      } else {
        drawn = galley_xreallocarray(drawn, (size_t)n_drawn + 1, sizeof *drawn);
        drawn[n_drawn++] = im->surface;
      }
      cairo_restore(cr);
      cairo_tag_end(cr, "Figure");
    } else if (b->kind == PDF_BOX_ROW) {
      draw_row(ctx, cr, b, x, top, page);
    } else if (b->kind == PDF_BOX_RULE) {
      int w;
      /* U+2042 ASTERISM: the traditional section ornament. */
      PangoLayoutLine *ml = set_plain(ctx, "\xE2\x81\x82", b->para, &w);
      PangoRectangle ink;
      double cw = pt(ctx->col_w - b->x);
      pango_layout_line_get_extents(ml, &ink, NULL);
      cairo_move_to(cr, x + (cw - pt(w)) / 2,
                    top + pt(b->height) / 2 - pt(ink.y + ink.height / 2));
      pango_cairo_show_layout_line(cr, ml);
    }
  }
  end_para_part(ctx, cr);
  flush_links(ctx, cr); /* an annotation belongs to its page */
  if (notes && notes->n > 0)
    draw_notes(ctx, cr, surface, notes, page);
  free(drawn);
  /* Cairo starts a page at its first drawing and forgets a label set
   * before that: the label goes last. */
  snprintf(label, sizeof label, "%d", page);
  cairo_pdf_surface_set_page_label(surface, label);
  cairo_show_page(cr);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
    return pdf_fail(ctx, GALLEY_ERR_INTERNAL, "cairo: %s",
                    cairo_status_to_string(cairo_status(cr)));
  ctx->page_count = page;
  if (ctx->opts && ctx->opts->on_page)
    ctx->opts->on_page(ctx->opts->on_page_ctx, page);
  return GALLEY_OK;
}
