/* epub_cover.c: the generated cover of the EPUB (see cover.h): an SVG
 * drawing, the package's cover-image, and a content document showing it
 * first in the spine. The EPUB writer has no font metrics: a line's width
 * is estimated from its characters (a capital 0.68 em, a small letter
 * 0.53 em, a space 0.27 em, a CJK ideograph 1 em), generous enough that a
 * reading system's faces fit the measure. */
#include <stdlib.h>
#include <string.h>

#include "../model/cover.h"
#include "epub_private.h"
#include "../util/alloc.h"
#include "../util/utf8.h"

/* The SVG's size in user units: a cover's 1 : 1.6. */
#define SVG_W 1600.0
#define SVG_H 2560.0
#define MAX_LINES 64

/* One line: bytes [start, start + len) of the text it breaks. */
typedef struct cover_line {
  size_t start, len;
} cover_line;

/* The estimated width in em of `len` bytes of UTF-8 at `s`. */
static double text_em(const char *s, size_t len, int bold)
{
  double w = 0;
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    uint32_t cp = c;
    size_t n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    if (n > 1 && i + n <= len) {
      cp = c & (0xff >> (n + 1));
      for (size_t k = 1; k < n; k++)
        cp = cp << 6 | ((unsigned char)s[i + k] & 0x3f);
    }
    i += n;
    if (cp == ' ')
      w += 0.27;
    else if (cp >= 0x2e80)
      w += 1.0;
    else if ((cp >= 'A' && cp <= 'Z') || (cp >= 0x410 && cp <= 0x42f) || cp == 'm' ||
             cp == 'w' || cp == 0x448 || cp == 0x449 || cp == 0x436 || cp == 0x44e)
      w += 0.68;
    else if (cp == 'i' || cp == 'l' || cp == 'j' || cp == '.' || cp == ',' ||
             cp == ':' || cp == ';' || cp == '\'' || cp == '!' || cp == '|')
      w += 0.3;
    else
      w += 0.53;
  }
  return bold ? w * 1.06 : w;
}

/* Breaks `s` at spaces into lines no wider than `measure` em where the
 * words allow (a longer word stands alone), greedily. Returns the number
 * of lines (at most MAX_LINES; the last takes the rest), written to out
 * when not NULL; *out_widest the widest line's width in em. */
static int break_greedy(const char *s, int bold, double measure, cover_line *out,
                        double *out_widest)
{
  size_t len = strlen(s), i = 0;
  int n = 0;
  double widest = 0;
  while (i < len) {
    size_t start, end, last_fit = 0;
    while (i < len && s[i] == ' ')
      i++;
    if (i >= len)
      break;
    start = i;
    end = i;
    for (;;) {
      size_t w_end = end;
      while (w_end < len && s[w_end] == ' ')
        w_end++;
      while (w_end < len && s[w_end] != ' ')
        w_end++;
      if (last_fit > 0 && text_em(s + start, w_end - start, bold) > measure &&
          n + 1 < MAX_LINES)
        break;
      end = w_end;
      last_fit = end;
      if (end >= len)
        break;
    }
    if (out) {
      out[n].start = start;
      out[n].len = end - start;
    }
    if (text_em(s + start, end - start, bold) > widest)
      widest = text_em(s + start, end - start, bold);
    n++;
    i = end;
  }
  if (out_widest)
    *out_widest = widest;
  return n;
}

/* Breaks `s` into as few lines as `measure` em allows, of nearly equal
 * width: the narrowest measure that still gives that many lines. */
static int break_balanced(const char *s, int bold, double measure, cover_line *out,
                          double *out_widest)
{
  double lo, hi = measure, widest;
  int n = break_greedy(s, bold, measure, NULL, &widest), k;
  lo = 0;
  for (k = 0; k < 24; k++) {
    double mid = (lo + hi) / 2, w;
    if (break_greedy(s, bold, mid, NULL, &w) <= n)
      hi = mid;
    else
      lo = mid;
  }
  return break_greedy(s, bold, hi, out, out_widest);
}

static void put_color(galley_buf *out, unsigned c)
{
  galley_buf_printf(out, "#%06x", c & 0xffffffu);
}

/* A <g> of centred lines of `s` at `size`, the first line's top at
 * `top`; returns the bottom of the last line box. */
static double put_lines(galley_buf *out, const char *s, const cover_face *f,
                        double size, double leading, double top)
{
  cover_line lines[MAX_LINES];
  int n = break_balanced(s, f->weight >= 600, SVG_W * COVER_MEASURE / size, lines, NULL);
  int i;
  galley_buf_puts(out, "<g font-family=\"");
  epub_put_cstr(out, f->family);
  galley_buf_printf(out, "\" font-size=\"%.1f\" font-weight=\"%d\"", size, f->weight);
  if (f->italic)
    galley_buf_puts(out, " font-style=\"italic\"");
  if (f->smallcaps)
    galley_buf_puts(out, " font-variant=\"small-caps\"");
  galley_buf_puts(out, " fill=\"");
  put_color(out, f->color);
  galley_buf_puts(out, "\">\n");
  for (i = 0; i < n; i++) {
    galley_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">", SVG_W / 2,
                      COVER_BASELINE(top, i, size, leading));
    epub_put_text(out, s + lines[i].start, lines[i].len);
    galley_buf_puts(out, "</text>\n");
  }
  galley_buf_puts(out, "</g>\n");
  return top + n * leading * size;
}

/* The title's size: the largest from COVER_TITLE_SIZE down that sets it in
 * at most COVER_TITLE_MAX_LINES lines with no word wider than the
 * measure, or COVER_TITLE_MIN_SIZE. */
static double title_size(const char *title, int bold)
{
  double size = SVG_W * COVER_TITLE_SIZE, widest;
  for (;;) {
    int n = break_balanced(title, bold, SVG_W * COVER_MEASURE / size, NULL, &widest);
    if ((n <= COVER_TITLE_MAX_LINES && widest * size <= SVG_W * COVER_MEASURE) ||
        size * 0.92 < SVG_W * COVER_TITLE_MIN_SIZE)
      return size;
    size *= 0.92;
  }
}

void epub_cover_render(epub_ctx *ctx)
{
  const galley_meta *meta = galley_doc_get_meta(ctx->doc);
  const char *title = galley_meta_get(meta, "title");
  const char *subtitle = galley_meta_get(meta, "subtitle");
  char *authors = cover_authors_line(ctx->doc);
  char *small = cover_small_line(ctx->doc);
  cover_style st;
  galley_buf *svg = &ctx->cover_svg, *x = &ctx->cover_xhtml;
  double size, y, stroke = SVG_W * COVER_LINE_WIDTH, inset = SVG_W * COVER_FRAME;

  cover_style_read(ctx->opts->style_css, ctx->opts->style_css_len, &st);
  galley_buf_printf(svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
                         "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
                         "text-anchor=\"middle\" xml:lang=\"",
                    SVG_W, SVG_H, SVG_W, SVG_H);
  epub_put_cstr(svg, ctx->language);
  galley_buf_puts(svg, galley_language_is_rtl(ctx->language) ? "\" direction=\"rtl\">\n"
                                                             : "\">\n");
  /* what it shows, for a reader that cannot see it */
  galley_buf_puts(svg, "<title>");
  epub_put_cstr(svg, title);
  if (authors) {
    galley_buf_puts(svg, " \xe2\x80\x94 "); /* an em dash */
    epub_put_cstr(svg, authors);
  }
  galley_buf_puts(svg, "</title>\n");
  galley_buf_printf(svg, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n"
                         "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                         "fill=\"none\" stroke=\"",
                    SVG_W, SVG_H, inset, inset, SVG_W - 2 * inset, SVG_H - 2 * inset);
  put_color(svg, st.title.color);
  galley_buf_printf(svg, "\" stroke-width=\"%.1f\"/>\n", stroke);

  size = title_size(title, st.title.weight >= 600);
  y = put_lines(svg, title, &st.title, size, COVER_TITLE_LEADING, SVG_H * COVER_TITLE_TOP);
  y += SVG_H * COVER_GAP;
  galley_buf_printf(svg, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"",
                    (SVG_W - SVG_W * COVER_RULE_WIDTH) / 2, y - stroke / 2,
                    SVG_W * COVER_RULE_WIDTH, stroke);
  put_color(svg, st.title.color);
  galley_buf_puts(svg, "\"/>\n");
  y += SVG_H * COVER_GAP;
  if (subtitle && *subtitle)
    y = put_lines(svg, subtitle, &st.subtitle, SVG_W * COVER_SUBTITLE_SIZE, COVER_LEADING, y);
  if (authors) {
    double top = SVG_H * COVER_AUTHOR_TOP;
    if (top < y + SVG_H * COVER_GAP)
      top = y + SVG_H * COVER_GAP;
    put_lines(svg, authors, &st.byline, SVG_W * COVER_AUTHOR_SIZE, COVER_LEADING, top);
  }
  if (small) {
    cover_face f = st.byline;
    f.smallcaps = 0;
    f.italic = 0;
    f.weight = 400;
    put_lines(svg, small, &f, SVG_W * COVER_SMALL_SIZE, COVER_LEADING,
              SVG_H * COVER_SMALL_BOTTOM -
                  (COVER_BASELINE(0, 0, SVG_W * COVER_SMALL_SIZE, COVER_LEADING)));
  }
  galley_buf_puts(svg, "</svg>\n");

  /* The cover's content document: the picture alone, its alternative
   * text the title and authors. */
  epub_document_open(ctx, x, title, " epub:type=\"cover\"");
  galley_buf_puts(x, "<div style=\"text-align: center; margin: 0; padding: 0\">"
                     "<img role=\"doc-cover\" src=\"cover.svg\" "
                     "style=\"max-width: 100%; max-height: 100vh\" alt=\"");
  epub_put_cstr(x, title);
  if (subtitle && *subtitle) {
    galley_buf_puts(x, ": ");
    epub_put_cstr(x, subtitle);
  }
  if (authors) {
    galley_buf_puts(x, " \xe2\x80\x94 ");
    epub_put_cstr(x, authors);
  }
  galley_buf_puts(x, "\"/></div>\n</body>\n</html>\n");
  free(authors);
  free(small);
}
