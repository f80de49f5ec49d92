/* pdf_draw.c: one page through Cairo.
 *
 * A page is: its boxes top to bottom inside the text column (lines set by
 * pdf_layout_set_line, list markers hung in the left indent, ornaments),
 * link annotations with one rectangle per line fragment (CAIRO_TAG_LINK
 * with rect=[...], since the default area, the extents of what was drawn,
 * is wrong for a link broken across lines), a named destination and an
 * outline entry for each heading, and the furniture: the running head
 * (the title, from page 2 on) and the folio, with the PDF page label
 * matching the printed number. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_private.h"
#include "../util/alloc.h"
#include "../util/buf.h"

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
  const pdf_font *f = &ctx->fonts[font];
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

/* Link annotations for the links of a line drawn from x0. */
static void draw_links(pdf_ctx *ctx, cairo_t *cr, const pdf_link_rect *links, int n,
                       double x0, double top, double height)
{
  int i;
  for (i = 0; i < n; i++) {
    const char *url = ctx->links[links[i].link];
    int xa = links[i].xa, xb = links[i].xb;
    galley_buf attr = GALLEY_BUF_INIT;
    /* Only links the policy keeps are here (pdf_layout.c add_link): an
     * external URI, or "#id" of a heading. */
    if (url[0] == '#') {
      galley_buf_puts(&attr, "dest=");
      put_attr_string(&attr, url + 1);
    } else {
      galley_buf_puts(&attr, "uri=");
      put_attr_string(&attr, url);
    }
    if (xb < xa) {
      int t = xa;
      xa = xb;
      xb = t;
    }
    galley_buf_printf(&attr, " rect=[%.2f %.2f %.2f %.2f]", x0 + pt(xa), top,
                      pt(xb - xa), height);
    cairo_tag_begin(cr, CAIRO_TAG_LINK, galley_buf_cstr(&attr));
    cairo_tag_end(cr, CAIRO_TAG_LINK);
    galley_buf_free(&attr);
  }
}

/* Keeps a reference to `font` (of a layout thread's font map) until the
 * threads end, so that freeing a glyph run here never drops its last. */
static void hold_font(pdf_ctx *ctx, PangoFont *font)
{
  int i;
  for (i = 0; i < ctx->n_held_fonts; i++)
    if (ctx->held_fonts[i] == font)
      return;
  if (ctx->n_held_fonts == ctx->cap_held_fonts) {
    ctx->cap_held_fonts = ctx->cap_held_fonts ? ctx->cap_held_fonts * 2 : 16;
    ctx->held_fonts = galley_xreallocarray(ctx->held_fonts, (size_t)ctx->cap_held_fonts,
                                           sizeof *ctx->held_fonts);
  }
  ctx->held_fonts[ctx->n_held_fonts++] = g_object_ref(font);
}

/* Draws a line set ahead with its baseline starting at (x, base), and
 * its links over [top, top + height]. */
static void draw_set_line(pdf_ctx *ctx, cairo_t *cr, pdf_set_line *sl, double x,
                          double base, double top, double height)
{
  int r;
  for (r = 0; r < sl->n_runs; r++) {
    const PangoGlyphItem *run = sl->runs[r];
    const GSList *a;
    hold_font(ctx, run->item->analysis.font);
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
    cairo_move_to(cr, x + pt(sl->run_x[r]), base);
    pango_cairo_show_glyph_item(cr, sl->text, sl->runs[r]);
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  draw_links(ctx, cr, sl->links, sl->n_links, x, top, height);
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
    line = set_plain(ctx, ctx->running_head, hfont, &w);
    cairo_move_to(cr, left + (width - pt(w)) / 2, ctx->margin[0] * 0.55);
    pango_cairo_show_layout_line(cr, line);
    pango_layout_set_width(ctx->line_layout, -1);
    pango_layout_set_ellipsize(ctx->line_layout, PANGO_ELLIPSIZE_NONE);
  }
  snprintf(num, sizeof num, "%d", page);
  line = set_plain(ctx, num, font, &w);
  cairo_move_to(cr, left + (width - pt(w)) / 2,
                ctx->page_h - ctx->margin[2] * 0.45);
  pango_cairo_show_layout_line(cr, line);
  set_color(cr, 0);
}

galley_status pdf_draw_page(pdf_ctx *ctx, cairo_t *cr, cairo_surface_t *surface,
                            const pdf_box *boxes, int first, int last, int page)
{
  char label[32];
  double y = ctx->margin[0], left = pdf_page_left(ctx, page);
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
  cairo_tag_begin(cr, "Sect", "");
  for (i = first; i < last; i++) {
    const pdf_box *b = &boxes[i];
    double top = y + (i == first ? 0 : pt(b->space_before));
    double x = left + pt(b->x);
    y = top + pt(b->height);
    if (b->kind == PDF_BOX_LINE) {
      pdf_para *p = &ctx->paras[b->para];
      const pdf_line *ln = &p->lines[b->line];
      pdf_set_line *sl = p->set ? &p->set[b->line] : NULL;
      PangoLayoutLine *line = NULL;
      double lx = x + pt(ln->x), base = top + pt(p->ascent);
      int width = 0;
      if (sl)
        width = sl->width;
      else if (!(line = pdf_layout_set_line(ctx, p, b->line, &width)))
        continue;
      if (!ln->justify && (p->align == PDF_ALIGN_CENTER || p->align == PDF_ALIGN_RIGHT)) {
        int room = ln->measure - width;
        if (room > 0)
          lx += pt(p->align == PDF_ALIGN_CENTER ? room / 2 : room);
      }
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
      if (sl) {
        draw_set_line(ctx, cr, sl, lx, base, top, pt(p->pitch));
        pdf_set_line_clear(sl); /* drawn: its glyphs are not needed again */
      } else {
        pdf_link_rect *links = NULL;
        int n_links = 0, k;
        cairo_move_to(cr, lx, base);
        pango_cairo_show_layout_line(cr, line);
        for (k = 0; k < ctx->liner.n_spans; k++)
          if (p->spans[ctx->liner.spans[k].span].link >= 0) {
            links = galley_xreallocarray(links, (size_t)n_links + 1, sizeof *links);
            links[n_links].link = p->spans[ctx->liner.spans[k].span].link;
            pango_layout_line_index_to_x(line, ctx->liner.spans[k].start, 0,
                                         &links[n_links].xa);
            pango_layout_line_index_to_x(line, ctx->liner.spans[k].end, 0,
                                         &links[n_links].xb);
            n_links++;
          }
        draw_links(ctx, cr, links, n_links, lx, top, pt(p->pitch));
        free(links);
      }
      if (b->marker) {
        int w;
        PangoLayoutLine *ml = set_plain(ctx, b->marker, b->marker_font, &w);
        cairo_move_to(cr, left + pt(b->marker_x - w), base);
        pango_cairo_show_layout_line(cr, ml);
      }
    } else if (b->kind == PDF_BOX_IMAGE) {
      const pdf_image *im = &ctx->images[b->image];
      int pw = cairo_image_surface_get_width(im->surface);
      int ph = cairo_image_surface_get_height(im->surface);
      int k, again = 0;
      for (k = 0; k < n_drawn && !again; k++)
        again = drawn[k] == im->surface;
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
  cairo_tag_end(cr, "Sect");
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
