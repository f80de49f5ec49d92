/* pdf_break.c: the line breaker, the replaceable part of the writer.
 *
 * Input is abstract (pdf_break_point: cumulative widths, stretch, shrink,
 * space counts, penalties), so the breaker knows nothing of Pango and can
 * be swapped or tested alone. Three breakers share the interface:
 *
 *   pdf_break_total_fit  Knuth and Plass, "Breaking Paragraphs into Lines"
 *                        (1981): the break sequence of least total
 *                        demerits, with TeX's fitness classes, adjacent
 *                        demerits, and a hard limit on hyphenated lines in
 *                        a row (the run length is part of each node's
 *                        state, so the limit is exact, not a demerit).
 *   pdf_break_first_fit  each line takes all that fits.
 *   pdf_break_balanced   display lines: first fit's line count at the
 *                        narrowest measure that keeps it.
 *
 * Total fit degrades as TeX's does (The TeXbook, chapter 14, "How TeX
 * breaks paragraphs into lines"):
 *
 *   1. without the dictionary's hyphenation points, under a tolerance
 *      (TeX's \pretolerance);
 *   2. with them, under a looser one (\tolerance);
 *   3. with an emergency stretch (\emergencystretch) added to every
 *      line's stretch, which spreads the looseness over the paragraph
 *      instead of piling it on a few lines;
 *   4. when even that fails (a long word in a narrow measure), with any
 *      line allowed, an overfull one only where nothing else exists.
 *
 * In every pass a justified line also has to keep its word gaps within
 * PDF_BREAK_MAX_GAP_EM; a line of the last pass that cannot is set ragged
 * by the layout (pdf_break_is_too_loose says which). Badness is never
 * capped, so a line stretched 500 times its stretch always costs more
 * than one stretched 5 times: the last pass still chooses the least bad
 * paragraph instead of any paragraph. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_private.h"
#include "../util/alloc.h"

/* TeX's plain values (The TeXbook, chapter 14), with the double-hyphen
 * and adjacent-fitness demerits that keep the colour of the page even. */
#define KP_LINE_PENALTY 10
#define KP_DOUBLE_HYPHEN_DEMERITS 10000 /* TeX's \doublehyphendemerits */
/* \finalhyphendemerits: the line before the last ends with a hyphen. */
#define KP_FINAL_HYPHEN_DEMERITS 5000
#define KP_ADJ_DEMERITS 10000
/* The first pass, without hyphenation, accepts spaces stretched up to
 * this ratio of their stretch (badness about 170; TeX's \pretolerance
 * 100 is a ratio of 1). Measured on English books at A4 and A5: 1.0
 * hyphenates more lines than the single pass with hyphens did, 1.5
 * spares hyphens but loosens the spacing; 1.2 does neither. */
#define KP_PRETOLERANCE 1.2
/* The second pass, with hyphenation (badness about 1400: TeX's tolerance
 * 200 is about 1.26, but our stretch is only a half space, so a little
 * more room is kinder). */
#define KP_TOLERANCE 2.4
/* The third and fourth passes add this much stretch to every line, in
 * em, for rating it (LaTeX's \sloppy sets 3em). Measured on Russian,
 * Kazakh, German and English books at A4 and A5: 3em loosens the
 * spacing, 0.5em hyphenates more English lines than the single pass with
 * hyphens did. */
#define KP_EMERGENCY_STRETCH_EM 1.5
/* Badness rates a tight line as if shrunk this many times as far. The
 * page's average word gap lies above the natural space (a justified line
 * gives its leftover to stretch far more often than it takes it from
 * shrink: English books average 0.30 em on a 0.26 em space, Russian ones
 * 0.39 em), so a tight line stands further from its neighbours than a
 * loose line of the same badness. With TeX's symmetric rating, tight
 * lines made over a third of the spread of word gaps on the sample and
 * the English books. Measured on the sample and English, Russian,
 * German and Kazakh books at A4 and A5, both styles, against 1.0 at the
 * same hyphen penalty: 1.5 narrows the spread 1-2% on all but the German
 * book (unchanged); 2 and 3 narrowed it a little more on English but
 * added hyphens. */
#define KP_SHRINK_RATING 1.5
/* A ratio that stands for "cannot stretch at all" (a line without
 * spaces): its badness, 1e20, still compares with the others. */
#define KP_NO_STRETCH_RATIO 1e6
/* A last line shorter than this share of the measure (a word or two
 * alone under a paragraph) costs as much as a hyphen before it. */
#define KP_SHORT_LAST_LINE_SHARE (1.0 / 6.0)
#define KP_SHORT_LAST_LINE_DEMERITS 5000
/* In the last pass, a line whose word gaps would pass the limit (set
 * ragged): more than any paragraph of lines within it costs, so the
 * fewest such lines are chosen, and among them the least loose. */
#define KP_TOO_LOOSE_DEMERITS 1e12
/* A last line that fills the measure hides the end of the paragraph (in
 * a style without indents, the next paragraph seems to continue it):
 * avoided whenever another set of breaks exists. (The layout asks for no
 * such gap before an indented paragraph, whose indent shows the end.) */
#define KP_FULL_LAST_LINE_DEMERITS 1e6

typedef enum {
  KP_PASS_FIRST = 1, /* no dictionary hyphens, KP_PRETOLERANCE */
  KP_PASS_SECOND,    /* hyphens, KP_TOLERANCE */
  KP_PASS_EMERGENCY, /* hyphens, KP_TOLERANCE with the emergency stretch */
  KP_PASS_FINAL      /* anything, overfull lines where nothing else fits */
} kp_pass_kind;

typedef struct kp_node {
  int point;       /* index of the break point */
  int line;        /* number of lines before this break */
  int fitness;     /* 0 tight .. 3 very loose */
  int hyph_run;    /* hyphenated lines ending in a row at this break */
  double demerits; /* total from the paragraph start */
  int prev;        /* index of the previous node in the pool, -1 at start */
  int overfull;    /* overfull lines up to here */
  int active;
} kp_node;

typedef struct kp_pool {
  kp_node *nodes;  /* owned */
  int n, cap;
} kp_pool;

static int pool_add(kp_pool *p, const kp_node *node)
{
  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 64;
    p->nodes = galley_xreallocarray(p->nodes, (size_t)p->cap, sizeof *p->nodes);
  }
  p->nodes[p->n] = *node;
  return p->n++;
}

static int fitness_of(double r)
{
  if (r < -0.5)
    return 0;
  if (r <= 0.5)
    return 1;
  if (r <= 1.0)
    return 2;
  return 3;
}

/* The width of the glyphs of the line from point `a` to `b` whose
 * natural width is `nat`: all but its spaces, whose stretch is a half of
 * their width. */
static double glyph_width(const pdf_break_point *pts, int a, int b, int64_t nat)
{
  int64_t g = nat - 2 * (pts[b].st_end - pts[a].st_start);
  return g > 0 ? (double)g : 0.0;
}

int pdf_break_is_too_loose(const pdf_break_point *pts, int a, int b, int width,
                           const pdf_break_params *params)
{
  int64_t nat = pts[b].w_end - pts[a].w_start + pts[b].extra;
  int spaces = pts[b].spaces_end - pts[a].spaces_start;
  if (params->em <= 0 || nat >= width)
    return 0;
  if (spaces <= 0)
    return 1; /* one word: nothing to stretch */
  /* What the spaces share once the glyphs are as wide as they go. */
  return width - (1.0 + params->expansion) * glyph_width(pts, a, b, nat) >
         spaces * PDF_BREAK_MAX_GAP_EM * params->em;
}

double pdf_break_glyph_scale(const pdf_break_point *pts, int a, int b, int width,
                             const pdf_break_params *params)
{
  int64_t nat = pts[b].w_end - pts[a].w_start + pts[b].extra;
  double g, flex, r;
  if (params->expansion <= 0 || nat == width)
    return 1.0;
  g = glyph_width(pts, a, b, nat);
  if (nat < width)
    flex = (double)(pts[b].st_end - pts[a].st_start) + params->expansion * g;
  else
    flex = (double)(pts[b].sh_end - pts[a].sh_start) + params->expansion * g;
  if (flex <= 0)
    return 1.0;
  r = (double)(width - nat) / flex;
  if (r > 1)
    r = 1;
  else if (r < -1)
    r = -1;
  /* In steps (pdfTeX's expansion has them too): each scale a line is
   * drawn at is a font instance of its own to Cairo, its glyphs' extents
   * read again, and with a scale of its own for every line that cost a
   * sixth of the PDF's time. The spaces take what the step leaves. */
  return 1.0 + round(r * params->expansion / PDF_EXPANSION_STEP) * PDF_EXPANSION_STEP;
}

/* One pass. Returns the line count, or 0 when no feasible set of breaks
 * exists under this pass's rules. */
static int kp_pass(const pdf_break_point *pts, int n, const pdf_break_params *prm,
                   kp_pass_kind pass, int *out_breaks, int *out_overfull)
{
  kp_pool pool = {NULL, 0, 0};
  int *active = NULL, n_active = 0, cap_active = 0;
  int b, result = 0, max_run = prm->max_hyphen_run > 0 ? prm->max_hyphen_run : 1000;
  int final = pass == KP_PASS_FINAL;
  double tolerance = pass == KP_PASS_FIRST ? KP_PRETOLERANCE
                     : final               ? 1e9
                     : prm->tolerance > 0  ? prm->tolerance
                                           : KP_TOLERANCE;
  double emergency = pass >= KP_PASS_EMERGENCY ? KP_EMERGENCY_STRETCH_EM * prm->em : 0;
  kp_node start;

  memset(&start, 0, sizeof start);
  start.prev = -1;
  start.fitness = 1;
  start.active = 1;
  active = galley_xmalloc(16 * sizeof *active);
  cap_active = 16;
  active[n_active++] = pool_add(&pool, &start);

  for (b = 1; b < n && n_active > 0; b++) {
    const pdf_break_point *pb = &pts[b];
    int forced = pb->penalty <= PDF_BREAK_FORCED || b == n - 1;
    int last = b == n - 1;
    /* Best candidate per (fitness, hyphen run) for a break at b. */
    kp_node best[4][4];
    int have[4][4];
    int k, f, r;

    if (pass == KP_PASS_FIRST && pb->soft && !last)
      continue;
    memset(have, 0, sizeof have);
    for (k = 0; k < n_active; k++) {
      kp_node *a = &pool.nodes[active[k]];
      const pdf_break_point *pa = &pts[a->point];
      int width = a->line == 0 ? prm->width_first : prm->width_rest;
      int64_t nat = pb->w_end - pa->w_start + pb->extra;
      double ratio, badness, d;
      int over = 0, run, fit, too_loose = 0;

      if (nat < width) {
        double st = (double)(pb->st_end - pa->st_start) + emergency +
                    prm->expansion * glyph_width(pts, a->point, b, nat);
        if (forced || !prm->justify) {
          ratio = 0; /* a line before a forced break (a hard line break,
                        the paragraph's end) and ragged text fill with
                        space, as TeX's \parfillskip */
        } else {
          ratio = st > 0 ? (double)(width - nat) / st : KP_NO_STRETCH_RATIO;
          too_loose = pdf_break_is_too_loose(pts, a->point, b, width, prm);
        }
      } else if (nat > width) {
        double sh = (double)(pb->sh_end - pa->sh_start) +
                    prm->expansion * glyph_width(pts, a->point, b, nat);
        ratio = sh > 0 ? (double)(width - nat) / sh : -1e6;
      } else {
        ratio = 0;
      }
      if (!prm->justify && nat <= width) {
        /* Ragged: badness grows with the space left at the end. */
        ratio = width > 0 && !forced ? (double)(width - nat) / (width / 6.0 + 1) : 0;
      }
      if (ratio < -1) {
        /* Too tight: this node cannot reach b or anything later. In the
         * final pass a node with no way on keeps an overfull line. */
        if (final && a->active == 1) {
          over = 1;
          ratio = -1;
        } else {
          a->active = 0;
          continue;
        }
      }
      if (ratio > tolerance || (too_loose && !final)) {
        /* Too loose. Active nodes are in the order of their points, and a
         * later start leaves less text and less stretch before b, so
         * every node after this one is looser still: none of them can
         * reach b. (Not from the start, whose line has its own width,
         * nor where a forced break or ragged text makes the ratio 0, nor
         * in a pass whose tolerance admits the ratio of a line without
         * stretch. Word gaps grow the same way.) */
        if (a->line > 0 && prm->justify && !forced && tolerance < 1e6)
          break;
        continue;
      }
      /* TeX's badness, not capped at TeX's 10000: past any cap, lines
       * stretched 5 and 500 times would cost the same, and the last pass
       * would choose among them at random. */
      {
        double rated = ratio < 0 ? ratio * KP_SHRINK_RATING : ratio;
        badness = 100.0 * fabs(rated * rated * rated);
      }
      run = pb->flagged ? a->hyph_run + 1 : 0;
      if (run > max_run)
        continue;
      d = KP_LINE_PENALTY + badness;
      d = d * d;
      if (pb->penalty > 0)
        d += (double)pb->penalty * pb->penalty;
      else if (pb->penalty > PDF_BREAK_FORCED)
        d -= (double)pb->penalty * pb->penalty;
      if (pb->flagged && pts[a->point].flagged && a->point > 0)
        d += KP_DOUBLE_HYPHEN_DEMERITS;
      if (last && pts[a->point].flagged && a->point > 0)
        d += KP_FINAL_HYPHEN_DEMERITS;
      fit = fitness_of(ratio);
      if (abs(fit - a->fitness) > 1)
        d += KP_ADJ_DEMERITS;
      if (over)
        d += 1e7;
      if (too_loose)
        d += KP_TOO_LOOSE_DEMERITS;
      if (last && nat > width - prm->last_line_gap && b > 0)
        d += KP_FULL_LAST_LINE_DEMERITS;
      if (last && a->point > 0 && prm->justify &&
          (double)nat < width * KP_SHORT_LAST_LINE_SHARE)
        d += KP_SHORT_LAST_LINE_DEMERITS;
      d += a->demerits;
      if (run > 3)
        run = 3;
      if (!have[fit][run] || d < best[fit][run].demerits) {
        kp_node *nb = &best[fit][run];
        nb->point = b;
        nb->line = a->line + 1;
        nb->fitness = fit;
        nb->hyph_run = run;
        nb->demerits = d;
        nb->prev = active[k];
        nb->overfull = a->overfull + over;
        nb->active = 1;
        have[fit][run] = 1;
      }
      if (over)
        a->active = 0;
      else if (a->active == 1)
        a->active = 2; /* has a successor */
    }
    /* Drop deactivated nodes; a forced break ends every older line. */
    {
      int w = 0;
      for (k = 0; k < n_active; k++)
        if (pool.nodes[active[k]].active && !forced)
          active[w++] = active[k];
      n_active = w;
    }
    /* A new node whose demerits exceed another's at b with the same
     * hyphen run by more than KP_ADJ_DEMERITS can never be part of the
     * best breaks: every line from it costs at least as much as the
     * same line from the other, which is feasible wherever it is. (Not
     * in the final pass, where nodes without a way on make overfull
     * lines.) */
    if (!final)
      for (r = 0; r < 4; r++) {
        double least = 0;
        int any = 0;
        for (f = 0; f < 4; f++)
          if (have[f][r] && (!any || best[f][r].demerits < least)) {
            least = best[f][r].demerits;
            any = 1;
          }
        for (f = 0; f < 4; f++)
          if (have[f][r] && best[f][r].demerits > least + KP_ADJ_DEMERITS)
            have[f][r] = 0;
      }
    for (f = 0; f < 4; f++)
      for (r = 0; r < 4; r++) {
        if (!have[f][r])
          continue;
        if (n_active == cap_active) {
          cap_active *= 2;
          active = galley_xreallocarray(active, (size_t)cap_active, sizeof *active);
        }
        active[n_active++] = pool_add(&pool, &best[f][r]);
      }
  }
  {
    /* The best node at the end. */
    int best_i = -1, k, count = 0;
    for (k = 0; k < n_active; k++) {
      kp_node *a = &pool.nodes[active[k]];
      if (a->point != n - 1)
        continue;
      if (best_i < 0 || a->demerits < pool.nodes[best_i].demerits)
        best_i = active[k];
    }
    if (best_i >= 0) {
      for (k = best_i; k >= 0 && pool.nodes[k].prev >= 0; k = pool.nodes[k].prev)
        count++;
      result = count;
      *out_overfull = pool.nodes[best_i].overfull;
      for (k = best_i; k >= 0 && pool.nodes[k].prev >= 0; k = pool.nodes[k].prev)
        out_breaks[--count] = pool.nodes[k].point;
    }
  }
  free(active);
  free(pool.nodes);
  return result;
}

/* Whether the last of `lines` lines (breaks in `breaks`) fills the
 * measure so that the paragraph's end does not show (of a paragraph of
 * more than one line, or of one that shrinks to fit). */
static int ends_full(const pdf_break_point *pts, const pdf_break_params *prm,
                     const int *breaks, int lines)
{
  int a = lines > 1 ? breaks[lines - 2] : 0, b = breaks[lines - 1];
  int width = lines > 1 ? prm->width_rest : prm->width_first;
  return pts[b].w_end - pts[a].w_start + pts[b].extra > width - prm->last_line_gap;
}

int pdf_break_total_fit(const pdf_break_point *pts, int n,
                        const pdf_break_params *params, int *out_breaks,
                        int *out_overfull)
{
  int lines = 0, pass, *saved = NULL, saved_lines = 0, saved_overfull = 0;
  *out_overfull = 0;
  if (n < 2) {
    out_breaks[0] = n - 1;
    return n > 0 ? 1 : 0;
  }
  for (pass = KP_PASS_FIRST; pass <= KP_PASS_FINAL; pass++) {
    /* Without emergency stretch (no em), the third pass is the second. */
    if (pass == KP_PASS_EMERGENCY && params->em <= 0)
      continue;
    lines = kp_pass(pts, n, params, (kp_pass_kind)pass, out_breaks, out_overfull);
    if (lines == 0)
      continue;
    /* A last line that fills the measure is avoided whenever another
     * set of breaks exists: when the first pass found only that, the
     * second (with hyphens) may find better; if it does not, the first
     * pass's breaks stand. (Not the emergency pass: lines stretched that
     * far cost more than a full last line.) */
    if (!ends_full(pts, params, out_breaks, lines) || pass >= KP_PASS_SECOND)
      break;
    if (!saved) {
      saved = galley_xmalloc((size_t)lines * sizeof *saved);
      memcpy(saved, out_breaks, (size_t)lines * sizeof *saved);
      saved_lines = lines;
      saved_overfull = *out_overfull;
    }
  }
  if (saved && (lines == 0 || ends_full(pts, params, out_breaks, lines))) {
    memcpy(out_breaks, saved, (size_t)saved_lines * sizeof *saved);
    lines = saved_lines;
    *out_overfull = saved_overfull;
  }
  free(saved);
  if (lines > 0)
    return lines;
  return pdf_break_first_fit(pts, n, params, out_breaks, out_overfull);
}

/* First fit with the line widths given, skipping dictionary hyphenation
 * points when `no_soft`. */
static int first_fit(const pdf_break_point *pts, int n, const pdf_break_params *params,
                     int width_first, int width_rest, int no_soft, int *out_breaks,
                     int *out_overfull)
{
  int lines = 0, a = 0, b, last_fit = -1, run = 0;
  int max_run = params->max_hyphen_run > 0 ? params->max_hyphen_run : 1000;
  *out_overfull = 0;
  if (n < 2) {
    out_breaks[0] = n - 1;
    return n > 0 ? 1 : 0;
  }
  for (b = 1; b < n; b++) {
    int width = lines == 0 ? width_first : width_rest;
    int64_t nat = pts[b].w_end - pts[a].w_start + pts[b].extra;
    int64_t sh = params->justify ? pts[b].sh_end - pts[a].sh_start : 0;
    int fits = nat - sh <= width;
    int forced = pts[b].penalty <= PDF_BREAK_FORCED || b == n - 1;
    if (no_soft && pts[b].soft && !forced)
      continue;
    if (fits && (!pts[b].flagged || run < max_run))
      last_fit = b;
    if (fits && !forced)
      continue;
    if (!fits) {
      int brk = last_fit > a ? last_fit : b;
      if (brk == b)
        (*out_overfull)++;
      out_breaks[lines++] = brk;
      run = pts[brk].flagged ? run + 1 : 0;
      a = brk;
      last_fit = -1;
      if (brk != b)
        b = brk; /* the loop's b++ resumes after the break */
      continue;
    }
    out_breaks[lines++] = b;
    run = pts[b].flagged ? run + 1 : 0;
    a = b;
    last_fit = -1;
  }
  if (lines == 0 || out_breaks[lines - 1] != n - 1)
    out_breaks[lines++] = n - 1;
  return lines;
}

int pdf_break_first_fit(const pdf_break_point *pts, int n,
                        const pdf_break_params *params, int *out_breaks,
                        int *out_overfull)
{
  return first_fit(pts, n, params, params->width_first, params->width_rest, 0,
                   out_breaks, out_overfull);
}

/* As CSS's text-wrap: balance: the lines first fit makes at the full
 * measure, then the narrowest measure (found by bisection) that still
 * needs no more lines and makes no more overfull ones; first fit at that
 * measure gives lines of about equal length, the last included. */
int pdf_break_balanced(const pdf_break_point *pts, int n,
                       const pdf_break_params *params, int *out_breaks,
                       int *out_overfull)
{
  int lines, over, lo, hi;
  lines = first_fit(pts, n, params, params->width_first, params->width_rest, 1,
                    out_breaks, out_overfull);
  if (lines < 2)
    return lines;
  over = *out_overfull;
  lo = params->width_rest / (2 * lines); /* surely too narrow */
  hi = params->width_rest;               /* known to do */
  while (hi - lo > 1) {
    int mid = lo + (hi - lo) / 2, o;
    int l = first_fit(pts, n, params, params->width_first - (params->width_rest - mid),
                      mid, 1, out_breaks, &o);
    if (l <= lines && o <= over)
      hi = mid;
    else
      lo = mid;
  }
  return first_fit(pts, n, params, params->width_first - (params->width_rest - hi), hi,
                   1, out_breaks, out_overfull);
}
