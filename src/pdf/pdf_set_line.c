/* pdf_set_line.c: the lines of a broken paragraph set to the measure.
 *
 * Each line is set from the paragraph's own glyph runs, cut at the line's
 * ends (a hyphen shaped alone where one is added), and the difference to
 * the measure is spread over its spaces (shrinking too, which Pango's
 * justification cannot). A line those runs cannot give (right-to-left
 * text, a ligature across its end), and the lines of a paragraph too long
 * to set ahead, are shaped again on their own layout (set_line,
 * pdf_layout_set_line). */
#define _POSIX_C_SOURCE 200809L
#include <hb.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_layout.h"
#include "../util/alloc.h"
#include "../util/utf8.h"

/* ------------------------------------------------------------------ */
/* What the drawing does to a run, found ahead                         */
/* ------------------------------------------------------------------ */

/* Whether `glyph` is the font's own for character `ch`, asked of
 * HarfBuzz once per character below 256 (`nominal`, the font's table;
 * NULL: always asked). A body line's glyphs are nearly all such
 * characters, and each lookup goes through the font's character map. */
static int is_own_glyph(hb_font_t *hb, uint32_t *nominal, gunichar ch, PangoGlyph glyph)
{
  hb_codepoint_t own;
  if (nominal && ch < 256) {
    if (nominal[ch] == PDF_NOMINAL_UNASKED)
      nominal[ch] = hb_font_get_nominal_glyph(hb, ch, &own) ? (uint32_t)own : PDF_NOMINAL_NONE;
    return nominal[ch] != PDF_NOMINAL_NONE && nominal[ch] == glyph;
  }
  return hb_font_get_nominal_glyph(hb, ch, &own) && own == glyph;
}

/* 1 for a character Cairo's PDF surface puts in a font's 8-bit subset:
 * one of the WinAnsi encoding (_cairo_unicode_to_winansi). */
static int is_winansi(gunichar c)
{
  static const gunichar extra[] = {0x152,  0x153,  0x160,  0x161,  0x178,  0x17D,  0x17E,
                                   0x192,  0x2C6,  0x2DC,  0x2013, 0x2014, 0x2018, 0x2019,
                                   0x201A, 0x201C, 0x201D, 0x201E, 0x2020, 0x2021, 0x2022,
                                   0x2026, 0x2030, 0x2039, 0x203A, 0x20AC, 0x2122};
  size_t i;
  if (c >= 0x20 && c <= 0xFF)
    return 1;
  for (i = 0; i < sizeof extra / sizeof *extra; i++)
    if (extra[i] == c)
      return 1;
  return 0;
}

/* The bytes [*c, *e) of the text of glyph g's cluster in `run`. */
static void cluster_bytes(const PangoGlyphItem *run, int g, int *c, int *e)
{
  const PangoGlyphString *gs = run->glyphs;
  *c = run->item->offset + gs->log_clusters[g];
  *e = g + 1 < gs->num_glyphs ? run->item->offset + gs->log_clusters[g + 1]
                              : run->item->offset + run->item->length;
}

int pdf_run_substitutes(const char *text, const PangoGlyphItem *run, uint32_t *nominal,
                        char *sub)
{
  const PangoGlyphString *gs = run->glyphs;
  hb_font_t *hb = pango_font_get_hb_font(run->item->analysis.font);
  int g, n = 0;
  for (g = 0; g < gs->num_glyphs; g++) {
    int c, e;
    PangoGlyph glyph = gs->glyphs[g].glyph;
    gunichar ch;
    cluster_bytes(run, g, &c, &e);
    sub[g] = 0;
    if (!hb || e <= c || (g > 0 && gs->log_clusters[g - 1] == gs->log_clusters[g]) ||
        glyph == PANGO_GLYPH_EMPTY || (glyph & PANGO_GLYPH_UNKNOWN_FLAG))
      continue;
    ch = g_utf8_get_char(text + c);
    if (g_utf8_next_char(text + c) != text + e || !is_winansi(ch))
      continue;
    if (is_own_glyph(hb, nominal, ch, glyph))
      continue;
    sub[g] = 1;
    n++;
  }
  return n;
}


int pdf_glyph_is_no_break_space(const char *text, const PangoGlyphItem *run, int g)
{
  int c, e;
  cluster_bytes(run, g, &c, &e);
  return e - c == 2 && (unsigned char)text[c] == 0xC2 && (unsigned char)text[c + 1] == 0xA0 &&
         !(run->glyphs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG);
}

/* Whether `run` shows a no-break space with a glyph of its own. */
static int has_no_break_space(const char *text, const PangoGlyphItem *run)
{
  int g;
  for (g = 0; g < run->glyphs->num_glyphs; g++)
    if (pdf_glyph_is_no_break_space(text, run, g))
      return 1;
  return 0;
}

/* The liner's table of `font`'s own glyphs (a reference to the font is
 * kept with it), or NULL when it holds PDF_LINER_FONTS tables already. */
static uint32_t *liner_nominal(pdf_liner *lr, PangoFont *font)
{
  int i;
  for (i = 0; i < lr->n_nominal; i++)
    if (lr->nominal_font[i] == font)
      return lr->nominal[i];
  if (lr->n_nominal == PDF_LINER_FONTS)
    return NULL;
  if (!lr->nominal)
    lr->nominal = galley_xmalloc(PDF_LINER_FONTS * sizeof *lr->nominal);
  for (i = 0; i < 256; i++)
    lr->nominal[lr->n_nominal][i] = PDF_NOMINAL_UNASKED;
  lr->nominal_font[lr->n_nominal] = g_object_ref(font);
  return lr->nominal[lr->n_nominal++];
}

/* Runs of a line whose substitute flags live on the stack. */
#define PLAIN_STACK_GLYPHS 256

/* Finds which runs of `sl` the drawing thread may show as shaped (the
 * test pdf_draw.c's show_glyph_item makes), on the thread that set it:
 * a body line's runs all are, and the drawing thread, the busier one,
 * then only draws them. */
static void mark_plain(pdf_liner *lr, pdf_set_line *sl)
{
  char stack_sub[PLAIN_STACK_GLYPHS];
  int r;
  if (sl->n_runs == 0)
    return;
  sl->plain = galley_xcalloc((size_t)sl->n_runs, 1);
  for (r = 0; r < sl->n_runs; r++) {
    const PangoGlyphItem *run = sl->runs[r];
    int n = run->glyphs->num_glyphs;
    char *sub = stack_sub;
    if (has_no_break_space(sl->text, run))
      continue;
    if (n < 2 || (run->item->analysis.level & 1)) {
      sl->plain[r] = 1;
      continue;
    }
    if (n > PLAIN_STACK_GLYPHS)
      sub = galley_xmalloc((size_t)n);
    sl->plain[r] = pdf_run_substitutes(sl->text, run,
                                       liner_nominal(lr, run->item->analysis.font), sub) == 0;
    if (sub != stack_sub)
      free(sub);
  }
}

void pdf_liner_free(pdf_liner *lr)
{
  int i;
  free(lr->spans);
  galley_buf_free(&lr->text);
  for (i = 0; i < lr->n_nominal; i++)
    g_object_unref(lr->nominal_font[i]);
  free(lr->nominal);
  lr->spans = NULL;
  lr->nominal = NULL;
  lr->n_spans = lr->cap_spans = lr->n_nominal = 0;
}

/* Spreads the difference between line `ln`'s measure and its `width`
 * over the word spaces of its glyph runs `runs` [0, n) (`text`: the
 * line's text, which the runs' offsets index): each space takes an equal
 * share, the first ones a unit more for the remainder. A justified line
 * fills the measure; any other line (the last of a paragraph, ragged
 * text) keeps its natural spaces unless the breaker counted on shrinking
 * them to fit. */
static void spread_spaces(const pdf_line *ln, PangoGlyphItem *const *runs, int n,
                          const char *text, int width)
{
  /* the glyphs are drawn at the line's scale: the spaces fill what the
   * measure holds at that scale */
  int target = (int)(ln->measure / pdf_line_scale(ln) + 0.5);
  int delta = target - width, spaces = 0, per, rem, r, g;
  if (!ln->justify && delta >= 0)
    return;
  for (r = 0; r < n; r++)
    for (g = 0; g < runs[r]->glyphs->num_glyphs; g++)
      if (pdf_is_word_space(text, runs[r]->item->offset + runs[r]->glyphs->log_clusters[g]))
        spaces++;
  if (spaces == 0 || delta == 0)
    return;
  per = delta / spaces;
  rem = delta - per * spaces;
  for (r = 0; r < n; r++) {
    PangoGlyphItem *run = runs[r];
    for (g = 0; g < run->glyphs->num_glyphs; g++)
      if (pdf_is_word_space(text, run->item->offset + run->glyphs->log_clusters[g])) {
        int add = per;
        if (rem > 0) {
          add++;
          rem--;
        } else if (rem < 0) {
          add--;
          rem++;
        }
        run->glyphs->glyphs[g].geometry.width += add;
      }
  }
}

/* Puts the text of line `ln` of `p` as drawn into lr->text, and where
 * each span landed into lr->spans. Soft hyphens and line separators are
 * not drawn: the PDF's text then extracts as the words themselves. When
 * `map` is not NULL, map[b - ln->start] is written for each paragraph
 * byte b of the line: its byte in the line (for a dropped byte, that of
 * the next byte kept). When `attrs` is not NULL, each span's font
 * attributes are added to it (`ctx` is read only then). Returns the font
 * of the last span that gave text, or `font` when none did. */
static int put_line_text(const pdf_ctx *ctx, pdf_liner *lr, const pdf_para *p,
                         const pdf_line *ln, int *map, PangoAttrList *attrs, int font)
{
  int s, b, k;
  galley_buf_clear(&lr->text);
  lr->n_spans = 0;
  for (s = pdf_para_span_at(p, ln->start); s < p->n_spans && p->spans[s].start < ln->end; s++) {
    const pdf_span *sp = &p->spans[s];
    int a = sp->start > ln->start ? sp->start : ln->start;
    int e = sp->end < ln->end ? sp->end : ln->end;
    int start = (int)lr->text.len;
    if (e <= a)
      continue;
    for (b = a; b < e;) {
      unsigned char ch = (unsigned char)p->text[b];
      int skip = 0;
      if (ch == 0xC2 && b + 1 < e && (unsigned char)p->text[b + 1] == 0xAD)
        skip = 2;
      else if (ch == 0xE2 && b + 2 < e && (unsigned char)p->text[b + 1] == 0x80 &&
               (unsigned char)p->text[b + 2] == 0xA8)
        skip = 3;
      if (skip) {
        if (map)
          for (k = 0; k < skip; k++)
            map[b - ln->start + k] = (int)lr->text.len;
        b += skip;
        continue;
      }
      if (map)
        map[b - ln->start] = (int)lr->text.len;
      galley_buf_putc(&lr->text, (char)ch);
      b++;
    }
    if ((int)lr->text.len > start) {
      if (attrs)
        pdf_add_font_attrs(ctx, attrs, sp->font, start, (int)lr->text.len);
      if (lr->n_spans == lr->cap_spans) {
        lr->cap_spans = lr->cap_spans ? lr->cap_spans * 2 : 8;
        lr->spans = galley_xreallocarray(lr->spans, (size_t)lr->cap_spans,
                                         sizeof *lr->spans);
      }
      lr->spans[lr->n_spans].span = s;
      lr->spans[lr->n_spans].start = start;
      lr->spans[lr->n_spans].end = (int)lr->text.len;
      lr->n_spans++;
      font = sp->font;
    }
  }
  return font;
}

/* Sets line `li` of `p` on lr->layout: the text without soft hyphens and
 * line separators, a hyphen at a hyphenated end, the spaces stretched or
 * shrunk to the measure. Reads ctx only: any thread, with its own lr. */
static PangoLayoutLine *set_line(const pdf_ctx *ctx, pdf_liner *lr, const pdf_para *p,
                                 int li, int *out_width)
{
  const pdf_line *ln = &p->lines[li];
  PangoAttrList *attrs = pango_attr_list_new();
  PangoLayoutLine *line;
  int last_font = p->n_spans ? p->spans[0].font : 0;

  *out_width = 0;
  last_font = put_line_text(ctx, lr, p, ln, NULL, attrs, last_font);
  if (ln->hyphen) {
    int start = (int)lr->text.len;
    galley_buf_putc(&lr->text, '-');
    pdf_add_font_attrs(ctx, attrs, last_font, start, start + 1);
    if (lr->n_spans > 0)
      lr->spans[lr->n_spans - 1].end = start + 1;
  }
  pango_layout_set_text(lr->layout, galley_buf_cstr(&lr->text),
                        (int)lr->text.len);
  pango_layout_set_attributes(lr->layout, attrs);
  pango_attr_list_unref(attrs);
  line = pango_layout_get_line_readonly(lr->layout, 0);
  if (line) {
    PangoRectangle logical;
    PangoGlyphItem **runs;
    GSList *l;
    int n = 0;
    pango_layout_line_get_extents(line, NULL, &logical);
    *out_width = logical.width;
    runs = galley_xcalloc(g_slist_length(line->runs) + 1, sizeof *runs);
    for (l = line->runs; l; l = l->next)
      runs[n++] = l->data;
    spread_spaces(ln, runs, n, galley_buf_cstr(&lr->text), logical.width);
    free(runs);
  }
  return line;
}

PangoLayoutLine *pdf_layout_set_line(pdf_ctx *ctx, const pdf_para *p, int li,
                                     int *out_width)
{
  return set_line(ctx, &ctx->liner, p, li, out_width);
}

int pdf_layout_set_window(pdf_ctx *ctx, pdf_para *p, int li)
{
  if (p->len <= PDF_SET_AHEAD_MAX_BYTES || ctx->opts->layout_only)
    return 0;
  return pdf_para_set_window(ctx, &ctx->liner, ctx->measure_layout, p, li);
}

/* The paragraph's runs from its single shaping, in logical order, for
 * setting lines without shaping them again. */
typedef struct para_runs {
  PangoGlyphItem *const *runs; /* borrowed from the measuring layout's
                                  shaping, sorted by text offset */
  int n;
} para_runs;

/* Whether byte `b` of the paragraph starts a cluster of `run` or lies on
 * its edges: a line may start or end there without cutting a ligature. */
/* The first glyph of left-to-right run `run` whose cluster starts at
 * byte `rel` of the run or after (num_glyphs when none): the clusters of
 * such a run ascend, so a line's glyphs are found without a pass over
 * the whole run, which is the paragraph's (a paragraph of 256 KB set
 * ahead is some 4,000 lines of a run of 250,000 glyphs). */
static int first_glyph_from(const PangoGlyphItem *run, int rel)
{
  int lo = 0, hi = run->glyphs->num_glyphs;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (run->glyphs->log_clusters[mid] < rel)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* 1 when byte `b` of the paragraph is no byte of left-to-right run
 * `run`'s inside, or begins one of its clusters. */
static int run_cluster_edge(const PangoGlyphItem *run, int b)
{
  int g, rel = b - run->item->offset;
  if (rel <= 0 || rel >= run->item->length)
    return 1;
  g = first_glyph_from(run, rel);
  return g < run->glyphs->num_glyphs && run->glyphs->log_clusters[g] == rel;
}

/* The x of line byte `idx` along the set runs (left to right, LTR). */
static int set_runs_index_to_x(const pdf_set_line *sl, int idx)
{
  int r, g, x = 0;
  for (r = 0; r < sl->n_runs; r++) {
    const PangoGlyphItem *run = sl->runs[r];
    for (g = 0; g < run->glyphs->num_glyphs; g++) {
      if (run->item->offset + run->glyphs->log_clusters[g] >= idx)
        return x;
      x += run->glyphs->glyphs[g].geometry.width;
    }
  }
  return x;
}

/* Fills sl->links with the extent of each link span of the line in `lr`.
 * The x of a text index comes from `line` (the line shaped on its own,
 * bidi-aware) or, when `line` is NULL, from the glyph runs cut for `sl`
 * (left-to-right only, as set_line_from_runs sets). */
static void set_line_links(const pdf_liner *lr, const pdf_para *p,
                           pdf_set_line *sl, PangoLayoutLine *line)
{
  int k, n = 0;
  for (k = 0; k < lr->n_spans; k++)
    if (p->spans[lr->spans[k].span].link >= 0)
      sl->n_links++;
  if (!sl->n_links)
    return;
  sl->links = galley_xcalloc((size_t)sl->n_links, sizeof *sl->links);
  for (k = 0; k < lr->n_spans; k++) {
    const pdf_line_span *ls = &lr->spans[k];
    pdf_link_rect *lk;
    if (p->spans[ls->span].link < 0)
      continue;
    lk = &sl->links[n++];
    lk->link = p->spans[ls->span].link;
    if (line) {
      pango_layout_line_index_to_x(line, ls->start, 0, &lk->xa);
      pango_layout_line_index_to_x(line, ls->end, 0, &lk->xb);
    } else {
      lk->xa = set_runs_index_to_x(sl, ls->start);
      lk->xb = set_runs_index_to_x(sl, ls->end);
    }
  }
}

/* Sets line `li` of `p` into `sl` from the paragraph's own glyph runs
 * `pr`: the glyphs of [start, end) without soft hyphens and line
 * separators, a hyphen shaped alone in the last run's font at a
 * hyphenated end, the spaces stretched or shrunk as set_line does.
 * Returns 0, leaving `sl` empty, for a line it cannot set that way
 * (right-to-left text, a tab, a ligature across an end, a font without
 * a hyphen): set_line shapes that one again. */
static int set_line_from_runs(pdf_liner *lr, const pdf_para *p,
                              int li, const para_runs *pr, pdf_set_line *sl)
{
  const pdf_line *ln = &p->lines[li];
  int *map = NULL; /* paragraph byte - ln->start -> line byte (for a
                      dropped byte: that of the next byte kept) */
  int r0, r, n = 0, b, width = 0, x;
  PangoGlyphString *hyph = NULL;

  /* the runs of the line, and whether it can be set from them */
  for (r0 = 0; r0 < pr->n && pr->runs[r0]->item->offset + pr->runs[r0]->item->length <= ln->start; r0++)
    ;
  for (r = r0; r < pr->n && pr->runs[r]->item->offset < ln->end; r++) {
    const PangoGlyphItem *run = pr->runs[r];
    if (run->item->analysis.level & 1)
      return 0;
    if (!run_cluster_edge(run, ln->start) || !run_cluster_edge(run, ln->end))
      return 0;
    n++;
  }
  if (n == 0 || ln->end <= ln->start)
    return 0;
  for (b = ln->start; b < ln->end; b++)
    if (p->text[b] == '\t')
      return 0;
  if (ln->hyphen) {
    const PangoGlyphItem *last = pr->runs[r0 + n - 1];
    hyph = pango_glyph_string_new();
    pango_shape("-", 1, &last->item->analysis, hyph);
    if (hyph->num_glyphs != 1 || (hyph->glyphs[0].glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
      pango_glyph_string_free(hyph);
      return 0;
    }
  }

  /* the text as drawn, and where each paragraph byte went */
  map = galley_xmalloc((size_t)(ln->end - ln->start + 1) * sizeof *map);
  for (b = 0; b <= ln->end - ln->start; b++)
    map[b] = -1;
  put_line_text(NULL, lr, p, ln, map, NULL, 0);
  map[ln->end - ln->start] = (int)lr->text.len;
  for (b = 0; b < ln->end - ln->start; b++)
    if (map[b] < 0)
      break;
  if (b < ln->end - ln->start) { /* bytes in no span: cannot happen */
    free(map);
    if (hyph)
      pango_glyph_string_free(hyph);
    return 0;
  }
  if (hyph) {
    galley_buf_putc(&lr->text, '-');
    if (lr->n_spans > 0)
      lr->spans[lr->n_spans - 1].end = (int)lr->text.len;
  }

  /* the runs cut to the line, with the glyphs of dropped bytes left out */
  sl->runs = galley_xcalloc((size_t)n, sizeof *sl->runs);
  sl->run_x = galley_xcalloc((size_t)n, sizeof *sl->run_x);
  for (r = r0; r < r0 + n; r++) {
    const PangoGlyphItem *run = pr->runs[r];
    int off = run->item->offset;
    int a = off > ln->start ? off : ln->start;
    int e = off + run->item->length < ln->end ? off + run->item->length : ln->end;
    int la = map[a - ln->start], last = map[e - ln->start], g, ng = 0;
    int with_hyph = hyph && r == r0 + n - 1;
    int g0 = first_glyph_from(run, a - off), g1 = first_glyph_from(run, e - off);
    PangoGlyphItem *out;
    PangoGlyphString *gs;
    /* sized for the line's glyphs: sized for the run's, every line of a
     * paragraph held the whole paragraph's room (a quarter of the PDF's
     * heap at the 4 MB book), as Pango never shrinks a glyph string */
    for (g = g0; g < g1; g++)
      if (!pdf_para_is_dropped(p, off + run->glyphs->log_clusters[g]))
        ng++;
    gs = pango_glyph_string_new();
    pango_glyph_string_set_size(gs, ng + with_hyph);
    ng = 0;
    for (g = g0; g < g1; g++) {
      int cb = off + run->glyphs->log_clusters[g];
      if (pdf_para_is_dropped(p, cb))
        continue;
      gs->glyphs[ng] = run->glyphs->glyphs[g];
      gs->log_clusters[ng] = map[cb - ln->start] - la;
      ng++;
    }
    if (with_hyph) {
      gs->glyphs[ng] = hyph->glyphs[0];
      gs->log_clusters[ng] = last - la;
      ng++;
      last++;
    }
    if (ng == 0) { /* only soft hyphens */
      pango_glyph_string_free(gs);
      continue;
    }
    pango_glyph_string_set_size(gs, ng);
    out = g_slice_new0(PangoGlyphItem);
    out->item = pango_item_copy(run->item);
    out->item->offset = la;
    out->item->length = last - la;
    out->item->num_chars =
        (int)galley_utf8_count(galley_buf_cstr(&lr->text) + la, (size_t)(last - la));
    out->glyphs = gs;
    sl->runs[sl->n_runs++] = out;
    if (PANGO_IS_CAIRO_FONT(run->item->analysis.font))
      pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font));
  }
  if (hyph)
    pango_glyph_string_free(hyph);
  free(map);
  for (r = 0; r < sl->n_runs; r++)
    width += pango_glyph_string_get_width(sl->runs[r]->glyphs);
  sl->width = width;
  sl->text = galley_xstrndup(galley_buf_cstr(&lr->text), lr->text.len);

  spread_spaces(ln, sl->runs, sl->n_runs, sl->text, width);
  for (r = 0, x = 0; r < sl->n_runs; r++) {
    sl->run_x[r] = x;
    x += pango_glyph_string_get_width(sl->runs[r]->glyphs);
  }
  set_line_links(lr, p, sl, NULL);
  mark_plain(lr, sl);
  return 1;
}

/* Sets line `li` of `p` into `sl`: cut from the paragraph's runs `pr`
 * where set_line_from_runs can, else shaped again on its own. */
static void set_one(const pdf_ctx *ctx, pdf_liner *lr, const pdf_para *p, int li,
                    const para_runs *pr, pdf_set_line *sl)
{
  int width = 0, x = 0, r;
  PangoLayoutLine *line;
  GSList *l;
  if (set_line_from_runs(lr, p, li, pr, sl))
    return;
  line = set_line(ctx, lr, p, li, &width);
  sl->width = width;
  sl->text = galley_xstrndup(galley_buf_cstr(&lr->text), lr->text.len);
  if (!line)
    return;
  sl->n_runs = (int)g_slist_length(line->runs);
  sl->runs = galley_xcalloc((size_t)(sl->n_runs ? sl->n_runs : 1), sizeof *sl->runs);
  sl->run_x = galley_xcalloc((size_t)(sl->n_runs ? sl->n_runs : 1), sizeof *sl->run_x);
  for (l = line->runs, r = 0; l; l = l->next, r++) {
    PangoGlyphItem *run = l->data;
    sl->runs[r] = pango_glyph_item_copy(run);
    sl->run_x[r] = x;
    x += pango_glyph_string_get_width(run->glyphs);
    if (PANGO_IS_CAIRO_FONT(run->item->analysis.font))
      pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font));
  }
  set_line_links(lr, p, sl, line);
  mark_plain(lr, sl);
}

/* Sets every line of `p` ahead of drawing into p->set: copies of the
 * glyph runs (their fonts' cairo scaled fonts made here, so that the
 * drawing thread only reads them), the text, the link extents. The runs
 * are cut from `shaped`, the layout pdf_para_break shaped `p` on; a line
 * that cannot be (set_line_from_runs) is shaped again on its own. */
void pdf_para_set_lines(const pdf_ctx *ctx, pdf_liner *lr, pdf_para *p,
                        PangoLayout *shaped)
{
  int li;
  para_runs pr;
  pdf_shaped sh;
  pdf_shape_last(shaped, &sh);
  pr.runs = sh.runs;
  pr.n = sh.n_runs;
  p->set = galley_xcalloc((size_t)(p->n_lines ? p->n_lines : 1), sizeof *p->set);
  for (li = 0; li < p->n_lines; li++)
    set_one(ctx, lr, p, li, &pr, &p->set[li]);
}

int pdf_para_set_window(const pdf_ctx *ctx, pdf_liner *lr, PangoLayout *layout, pdf_para *p,
                        int li)
{
  int s0, end, k, i;
  pdf_para v;
  para_runs pr;
  pdf_shaped sh;
  PangoAttrList *attrs;
  if (li < 0 || li >= p->n_lines)
    return 0;
  if (!p->set)
    p->set = galley_xcalloc((size_t)p->n_lines, sizeof *p->set);
  s0 = p->lines[li].start;
  for (k = li + 1; k < p->n_lines && p->lines[k].end - s0 <= PDF_SET_WINDOW_BYTES; k++)
    ;
  end = p->lines[k - 1].end;
  for (i = li; i < k; i++)
    if (p->lines[i].end > end)
      end = p->lines[i].end;
  /* the window as a paragraph of its own: its text, its spans cut to it,
   * its lines moved to its start (what setting reads, and no more: a
   * layout thread may still be writing the paragraph's findings) */
  memset(&v, 0, sizeof v);
  v.text = p->text + s0;
  v.len = end - s0;
  v.spans = pdf_spans_cut(p, s0, end, &v.n_spans);
  v.lines = galley_xcalloc((size_t)(k - li), sizeof *v.lines);
  v.n_lines = k - li;
  for (i = li; i < k; i++) {
    v.lines[i - li] = p->lines[i];
    v.lines[i - li].start -= s0;
    v.lines[i - li].end -= s0;
  }
  attrs = pdf_span_attrs(ctx, v.spans, v.n_spans);
  pdf_shape_runs(layout, v.text, v.len, attrs, &sh);
  pango_attr_list_unref(attrs);
  pr.runs = sh.runs;
  pr.n = sh.n_runs;
  for (i = li; i < k; i++) {
    pdf_set_line_clear(&p->set[i]);
    set_one(ctx, lr, &v, i - li, &pr, &p->set[i]);
  }
  free(v.lines);
  free(v.spans);
  return k - li;
}

void pdf_set_line_clear(pdf_set_line *sl)
{
  int r;
  for (r = 0; r < sl->n_runs; r++)
    pango_glyph_item_free(sl->runs[r]);
  free(sl->runs);
  free(sl->run_x);
  free(sl->text);
  free(sl->links);
  free(sl->plain);
  memset(sl, 0, sizeof *sl);
}

void pdf_para_release(pdf_para *p)
{
  int li;
  if (p->set) {
    for (li = 0; li < p->n_lines; li++)
      pdf_set_line_clear(&p->set[li]);
    free(p->set);
    p->set = NULL;
  }
  free(p->text);
  p->text = NULL;
  p->len = 0;
  free(p->spans);
  p->spans = NULL;
  p->n_spans = 0;
  free(p->sources);
  p->sources = NULL;
  p->n_sources = 0;
  free(p->lines);
  p->lines = NULL;
  p->n_lines = 0;
}
