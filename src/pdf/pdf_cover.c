/* pdf_cover.c: the cover page of the print edition. When the metadata
 * names a cover image (front matter `cover:` or --cover), the PDF opens
 * with a page that holds only that picture, fitted inside the page and
 * centred, without running head or folio; its page label is "Cover", and
 * the text's pages keep their numbers from 1.
 *
 * With no cover image the page is the generated cover (unless
 * GALLEY_OPT_NO_COVER or GALLEY_OPT_NO_COVER_PAGE says no, or the title is
 * too long to set on one page: cover.h), the generated cover (cover.h) instead: the title, subtitle and authors set
 * with Pango in the style's title faces, centred in balanced lines,
 * never hyphenated, where the EPUB's SVG cover puts them, as outlines.
 * It is drawn outside every structure element, so the finished PDF marks
 * it an Artifact (pdf_finish.c): the title page after it says the same. */
#include <stdlib.h>
#include <string.h>

#include "../model/cover.h"
#include "pdf_private.h"

#define PU(pt) ((int)((pt) * PANGO_SCALE + 0.5))

static void set_rgb(cairo_t *cr, unsigned rgb)
{
  cairo_set_source_rgb(cr, (rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0,
                       (rgb & 0xff) / 255.0);
}

/* Sets `text` in `layout` at `size` pt in the face of `st`, wrapped at
 * `width` Pango units (-1: not), never hyphenated. */
static void set_text(PangoLayout *layout, const char *text, const pdf_style *st,
                     double size, int width)
{
  PangoFontDescription *desc = pango_font_description_new();
  PangoAttrList *list = pango_attr_list_new();
  pango_font_description_set_family(desc, st->family);
  pango_font_description_set_size(desc, PU(size));
  pango_font_description_set_weight(desc, (PangoWeight)st->weight);
  pango_font_description_set_style(desc, st->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description(layout, desc);
  pango_font_description_free(desc);
  pango_attr_list_insert(list, pango_attr_insert_hyphens_new(FALSE));
  if (st->smallcaps)
    pango_attr_list_insert(list, pango_attr_font_features_new(
                                     st->smallcaps == 2 ? "smcp, c2sc" : "smcp"));
  pango_layout_set_attributes(layout, list);
  pango_attr_list_unref(list);
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
  pango_layout_set_width(layout, width);
  pango_layout_set_text(layout, text, -1);
}

/* The width of the widest word of `text` (split at spaces) at `size`,
 * Pango units. */
static int widest_word(PangoLayout *layout, const char *text, const pdf_style *st,
                       double size)
{
  int widest = 0;
  const char *s = text;
  while (*s) {
    const char *e = strchr(s, ' ');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (n > 0) {
      char *word = malloc(n + 1);
      int w;
      if (!word)
        break;
      memcpy(word, s, n);
      word[n] = '\0';
      set_text(layout, word, st, size, -1);
      pango_layout_get_size(layout, &w, NULL);
      if (w > widest)
        widest = w;
      free(word);
    }
    s += n;
    if (*s == ' ')
      s++;
  }
  return widest;
}

/* Sets `text` at `size` in as few lines as the measure allows, of nearly
 * equal width: the narrowest width that gives no more lines (and breaks
 * no word). Returns the line count; the widest word's width in
 * *out_word when out_word is not NULL. */
static int set_balanced(PangoLayout *layout, const char *text, const pdf_style *st,
                        double size, int measure, int *out_word)
{
  int word = widest_word(layout, text, st, size), lo, hi = measure, n, k;
  if (out_word)
    *out_word = word;
  if (word > hi)
    hi = word;
  lo = word;
  set_text(layout, text, st, size, hi);
  n = pango_layout_get_line_count(layout);
  for (k = 0; k < 20 && hi - lo > PANGO_SCALE / 4; k++) {
    int mid = lo + (hi - lo) / 2;
    set_text(layout, text, st, size, mid);
    if (pango_layout_get_line_count(layout) <= n)
      hi = mid;
    else
      lo = mid;
  }
  set_text(layout, text, st, size, hi);
  return pango_layout_get_line_count(layout);
}

/* Draws the lines of `layout` centred on the page, the first line's top
 * at `top` (points); returns the bottom of the last line box. The glyphs
 * are filled outlines, not text: the cover is artwork, as a cover image
 * is, so that text extraction, search and the tools that judge a page's
 * typography start at the title page, which says the same in text. */
static double draw_lines(pdf_ctx *ctx, cairo_t *cr, PangoLayout *layout, unsigned color,
                         double size, double leading, double top)
{
  int n = pango_layout_get_line_count(layout), i;
  set_rgb(cr, color);
  for (i = 0; i < n; i++) {
    PangoLayoutLine *line = pango_layout_get_line_readonly(layout, i);
    PangoRectangle logical;
    pango_layout_line_get_extents(line, NULL, &logical);
    cairo_move_to(cr, (ctx->page_w - pango_units_to_double(logical.width)) / 2 -
                          pango_units_to_double(logical.x),
                  COVER_BASELINE(top, i, size, leading));
    pango_cairo_layout_line_path(cr, line);
    cairo_fill(cr);
  }
  return top + n * leading * size;
}

/* Draws the generated cover page. */
static void draw_generated(pdf_ctx *ctx, cairo_t *cr)
{
  const galley_meta *meta = galley_doc_get_meta(ctx->doc);
  const char *title = galley_meta_get(meta, "title");
  const char *subtitle = galley_meta_get(meta, "subtitle");
  char *authors = cover_authors_line(ctx->doc);
  char *small = cover_small_line(ctx->doc);
  pdf_elem body, header, e_title, e_sub, e_by; /* as the title block's */
  pdf_style s_header, s_title, s_sub, s_by;
  PangoLayout *layout = pango_layout_new(ctx->pango);
  double w = ctx->page_w, h = ctx->page_h, size, y, line = w * COVER_LINE_WIDTH;
  double inset = w * COVER_FRAME;
  int measure = PU(w * COVER_MEASURE);

  pdf_elem_of_type(GALLEY_NODE_DOCUMENT, NULL, NULL, &body);
  pdf_elem_of_type(GALLEY_NODE_TITLE_BLOCK, &body, NULL, &header);
  pdf_elem_of_type(GALLEY_NODE_TITLE, &header, NULL, &e_title);
  pdf_elem_of_type(GALLEY_NODE_SUBTITLE, &header, &e_title, &e_sub);
  pdf_elem_of_type(GALLEY_NODE_BYLINE, &header, &e_sub, &e_by);
  pdf_sheet_compute(ctx->sheet, &header, &ctx->body, &s_header);
  pdf_sheet_compute(ctx->sheet, &e_title, &s_header, &s_title);
  pdf_sheet_compute(ctx->sheet, &e_sub, &s_header, &s_sub);
  pdf_sheet_compute(ctx->sheet, &e_by, &s_header, &s_by);
  pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);

  cairo_save(cr);
  set_rgb(cr, s_title.color);
  cairo_set_line_width(cr, line);
  cairo_rectangle(cr, inset, inset, w - 2 * inset, h - 2 * inset);
  cairo_stroke(cr);

  /* the title: smaller type only when it would take too many lines or a
   * word would not fit the measure */
  size = w * COVER_TITLE_SIZE;
  for (;;) {
    int word, n = set_balanced(layout, title, &s_title, size, measure, &word);
    if ((n <= COVER_TITLE_MAX_LINES && word <= measure) || size * 0.92 < w * COVER_TITLE_MIN_SIZE)
      break; /* the layout holds the title as set at this size */
    size *= 0.92;
  }
  y = draw_lines(ctx, cr, layout, s_title.color, size, COVER_TITLE_LEADING, h * COVER_TITLE_TOP);
  y += h * COVER_GAP;
  set_rgb(cr, s_title.color);
  cairo_rectangle(cr, (w - w * COVER_RULE_WIDTH) / 2, y - line / 2, w * COVER_RULE_WIDTH, line);
  cairo_fill(cr);
  y += h * COVER_GAP;
  if (subtitle && *subtitle) {
    set_balanced(layout, subtitle, &s_sub, w * COVER_SUBTITLE_SIZE, measure, NULL);
    y = draw_lines(ctx, cr, layout, s_sub.color, w * COVER_SUBTITLE_SIZE, COVER_LEADING, y);
  }
  if (authors) {
    double top = h * COVER_AUTHOR_TOP;
    if (top < y + h * COVER_GAP)
      top = y + h * COVER_GAP;
    set_balanced(layout, authors, &s_by, w * COVER_AUTHOR_SIZE, measure, NULL);
    draw_lines(ctx, cr, layout, s_by.color, w * COVER_AUTHOR_SIZE, COVER_LEADING, top);
  }
  if (small) {
    pdf_style st = s_by;
    double sz = w * COVER_SMALL_SIZE;
    st.smallcaps = 0;
    st.italic = 0;
    st.weight = 400;
    set_balanced(layout, small, &st, sz, measure, NULL);
    draw_lines(ctx, cr, layout, s_by.color, sz, COVER_LEADING,
               h * COVER_SMALL_BOTTOM - COVER_BASELINE(0, 0, sz, COVER_LEADING));
  }
  cairo_restore(cr);
  g_object_unref(layout);
  free(authors);
  free(small);
}

galley_status pdf_draw_cover(pdf_ctx *ctx, cairo_t *cr, cairo_surface_t *surface)
{
  const char *cover = galley_meta_get(galley_doc_get_meta(ctx->doc), "cover");
  const galley_image *img;
  cairo_surface_t *pic;
  double sx, sy, s, w, h;
  int line;

  ctx->cover_pages = 0;
  if ((!cover || !*cover) && !(ctx->opts->flags & GALLEY_OPT_NO_COVER_PAGE) &&
      cover_is_generated(ctx->doc, ctx->opts->flags)) {
    draw_generated(ctx, cr);
    goto finish;
  }
  if (!cover || !*cover || cover_is_none(cover))
    return GALLEY_OK;
  /* Named where the user named it: the front matter's line, else (a
   * --cover option) the image file itself. */
  line = galley_meta_get_line(galley_doc_get_meta(ctx->doc), "cover");
  if (pdf_image_get(ctx, cover, line, "cover ", &img, &pic) != GALLEY_OK) {
    if (line == 0)
      galley_error_set_where(ctx->err, cover, 0, 0);
    return ctx->status;
  }
  if (!pic) {
    pdf_fail(ctx, GALLEY_ERR_DATA, "cover image '%s' cannot be drawn (PNG and JPEG only)",
             cover);
    galley_error_set_where(ctx->err, line > 0 ? NULL : cover, line, 0);
    return ctx->status;
  }
  sx = ctx->page_w / img->info.width;
  sy = ctx->page_h / img->info.height;
  s = sx < sy ? sx : sy;
  w = img->info.width * s;
  h = img->info.height * s;
  cairo_save(cr);
  cairo_translate(cr, (ctx->page_w - w) / 2, (ctx->page_h - h) / 2);
  /* The surface may be smaller than the image (a JPEG's is 1 x 1). */
  cairo_scale(cr, w / cairo_image_surface_get_width(pic),
              h / cairo_image_surface_get_height(pic));
  cairo_set_source_surface(cr, pic, 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
finish:
  cairo_pdf_surface_set_page_label(surface, "Cover");
  cairo_show_page(cr);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
    return pdf_fail(ctx, GALLEY_ERR_INTERNAL, "cairo: %s",
                    cairo_status_to_string(cairo_status(cr)));
  ctx->cover_pages = 1;
  return GALLEY_OK;
}
