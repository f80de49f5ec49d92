/* pdf_para_break.c: a paragraph measured and broken into lines.
 *
 * A paragraph is shaped once, whole, on one unwrapped PangoLayout;
 * Pango's log attrs give the places a line may end and the glyph widths
 * give cumulative widths, which the line breaker (pdf_break.c) turns into
 * lines. A very long paragraph is broken a window at a time. Reads the
 * context only, so the layout threads (pdf_pipe.c) run it side by side. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "pdf_layout.h"
#include "../util/alloc.h"
#include "../util/utf8.h"

/* A break after a dash or slash with no hyphen shown. */
#define OTHER_BREAK_PENALTY 100
/* A break inside a word too wide for the measure: a last resort. */
#define EMERGENCY_BREAK_PENALTY 1000
/* The text a very long paragraph is shaped and broken in at a time.
 * Shaping and total-fit breaking take a few hundred bytes for each byte
 * of text they see (glyphs, HarfBuzz buffers, break points, breaker
 * nodes), so a 20 MB paragraph shaped whole took gigabytes; a window
 * keeps that to tens of megabytes whatever the paragraph's length. */
#define BREAK_WINDOW_BYTES (64 * 1024)

/* ------------------------------------------------------------------ */
/* Measuring and breaking                                              */
/* ------------------------------------------------------------------ */

PangoAttrList *pdf_span_attrs(const pdf_ctx *ctx, const pdf_span *spans, int n)
{
  PangoAttrList *list = pango_attr_list_new();
  int i;
  for (i = 0; i < n; i++)
    pdf_add_font_attrs(ctx, list, spans[i].font, spans[i].start, spans[i].end);
  return list;
}

int pdf_para_span_at(const pdf_para *p, int byte)
{
  int lo = 0, hi = p->n_spans - 1;
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (p->spans[mid].start <= byte)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

/* Notes each character of `p` that no bundled font has, once per
 * paragraph; the walk's thread warns of each once per document. */
static void find_missing(const pdf_shaped *sh, pdf_para *p)
{
  int cap = 0, r;
  for (r = 0; r < sh->n_runs; r++) {
    const PangoGlyphItem *run = sh->runs[r];
    int g;
    for (g = 0; g < run->glyphs->num_glyphs; g++) {
      PangoGlyph glyph = run->glyphs->glyphs[g].glyph;
      int byte, k;
      int32_t c;
      if (!(glyph & PANGO_GLYPH_UNKNOWN_FLAG))
        continue;
      byte = run->item->offset + run->glyphs->log_clusters[g];
      galley_utf8_decode(p->text + byte, (size_t)(p->len - byte), &c);
      if (c == 0xAD || c == 0x2028 || c == ' ')
        continue;
      for (k = 0; k < p->n_missing; k++)
        if (p->missing[k].cp == (uint32_t)c)
          break;
      if (k < p->n_missing)
        continue;
      if (p->n_missing == cap) {
        cap = cap ? cap * 2 : 4;
        p->missing = galley_xreallocarray(p->missing, (size_t)cap, sizeof *p->missing);
      }
      p->missing[p->n_missing].cp = (uint32_t)c;
      p->missing[p->n_missing].line = p->spans[pdf_para_span_at(p, byte)].line;
      p->n_missing++;
    }
  }
}

/* Where a break point ends the line before it and starts the next, in
 * bytes of the paragraph text. */
typedef struct point_span {
  int end_byte, next_byte;
} point_span;

typedef struct point_list {
  pdf_break_point *pts; /* owned */
  point_span *at;       /* owned, parallel to pts */
  int n, cap;
} point_list;

static pdf_break_point *add_point(point_list *pl, int end_byte, int next_byte)
{
  pdf_break_point *pt;
  if (pl->n == pl->cap) {
    pl->cap = pl->cap ? pl->cap * 2 : 64;
    pl->pts = galley_xreallocarray(pl->pts, (size_t)pl->cap, sizeof *pl->pts);
    pl->at = galley_xreallocarray(pl->at, (size_t)pl->cap, sizeof *pl->at);
  }
  pt = &pl->pts[pl->n];
  memset(pt, 0, sizeof *pt);
  pl->at[pl->n].end_byte = end_byte;
  pl->at[pl->n].next_byte = next_byte;
  pl->n++;
  return pt;
}

/* The spaces that stretch and shrink: a space and a no-break space (a
 * tie, as TeX's ~, is a word space that only forbids a break). */
static int is_space_char(int32_t c)
{
  return c == ' ' || c == 0xA0;
}

int pdf_is_word_space(const char *text, int i)
{
  return text[i] == ' ' ||
         ((unsigned char)text[i] == 0xC2 && (unsigned char)text[i + 1] == 0xA0);
}

/* Whether paragraph byte `b` starts a character lines do not draw: a
 * soft hyphen or a line separator. */
int pdf_para_is_dropped(const pdf_para *p, int b)
{
  const unsigned char *t = (const unsigned char *)p->text + b;
  return (b + 1 < p->len && t[0] == 0xC2 && t[1] == 0xAD) ||
         (b + 2 < p->len && t[0] == 0xE2 && t[1] == 0x80 && t[2] == 0xA8);
}

/* The bytes of `p` inside a word of inline code (a CODE source) that
 * fits the measure, 1 each, or NULL when there are none. Such a word
 * breaks nowhere: "--with-libyaml" broken after its "--", or a path at a
 * "/", reads as another option, another path. A word of code wider than
 * the line keeps the breaks Pango finds in it (after a "/" or a "-"),
 * which beat the emergency breaks every over-long run gets (mid-word,
 * with a hyphen the code does not have). `adv`: each byte's advance. */
static char *code_mask(const pdf_para *p, const int *adv, int measure)
{
  char *mask = NULL;
  int i, a, e;
  for (i = 0; i < p->n_sources; i++) {
    const pdf_source *src = &p->sources[i];
    if (galley_node_get_type(src->node) != GALLEY_NODE_CODE || src->preserve)
      continue;
    for (a = src->start; a < src->end; a = e + 1) {
      int64_t w = 0;
      for (e = a; e < src->end && p->text[e] != ' '; e++)
        w += adv[e];
      if (e - a < 2 || w > measure)
        continue;
      if (!mask)
        mask = galley_xcalloc((size_t)p->len + 1, 1);
      memset(mask + a, 1, (size_t)(e - a));
    }
  }
  return mask;
}

/* Whether the break opportunity Pango marks before byte b falls inside
 * inline code, not at one of its spaces. */
static int code_glued(const char *mask, const char *text, int b)
{
  return mask && b > 0 && mask[b - 1] && mask[b] && text[b - 1] != ' ';
}

/* Whether the hyphen before byte b joins parts of a word that stay
 * together: a part of one letter ("e-mail", "T-shirt") or of two after
 * it ("кто-то", "re-do"), which would stand alone at a line's end or
 * start, or an abbreviation of two capitals or more and its case ending
 * of four letters or fewer ("ҚазПИ-дің", "NATO-ға", "ВАЗ-а"), which
 * Russian and Kazakh typesetting keep whole as they keep a number's. The
 * parts are counted up to 8 letters: a longer part is long enough. */
static int hyphen_joins(const char *text, int len, int b)
{
  int before = 0, caps = 0, after = 0, lower = 1;
  size_t i = (size_t)b - 1;
  int32_t c;
  while (i > 0 && before < 8) {
    i = galley_utf8_prev(text, i, &c);
    if (c < 0 || !galley_utf8_is_letter(c))
      break;
    before++;
    caps += galley_utf8_is_upper(c);
  }
  for (i = (size_t)b; (int)i < len && after < 8;) {
    i += galley_utf8_decode(text + i, (size_t)len - i, &c);
    if (c < 0 || !galley_utf8_is_letter(c))
      break;
    after++;
    lower &= !galley_utf8_is_upper(c);
  }
  return before < 2 || after < 3 || (caps >= 2 && lower && after <= 4);
}

/* Whether byte b lies inside an e-mail address (a word holding "@"),
 * which breaks at no hyphen of its own ("debian-/doc@lists..." reads as
 * two words); looked for up to 128 bytes each way. */
static int in_address(const char *text, int len, int b)
{
  int i;
  for (i = b; i < len && i < b + 128 && text[i] != ' '; i++)
    if (text[i] == '@')
      return 1;
  for (i = b - 1; i >= 0 && i > b - 128 && text[i] != ' '; i--)
    if (text[i] == '@')
      return 1;
  return 0;
}

/* Whether the break opportunity before byte b falls between two of the
 * same mark ("++", "//"), right after a URL's "://", or after a hyphen
 * typed between anything but two letters: a compound breaks at its hyphen
 * ("Debian-/Entwickler"), but a number keeps its suffix ("48-летняя",
 * "2010-шы"), a range its ends ("1941-1945") and an abbreviation its word
 * ("әлеум.-қоғамдық"), as Russian typesetting rules have it; readers of
 * the text (pdftotext, the fidelity check) join a line-end hyphen only
 * after a letter. Between letters, hyphen_joins keeps short parts and an
 * abbreviation's ending whole. */
static int break_glued(const char *text, int len, int b)
{
  int32_t before, after;
  if (b > 0 && b < len && text[b - 1] == text[b] && strchr("+/:.*#=<>!?&|~_", text[b]))
    return 1; /* a pair of marks: "Си++" was set "Си+" / "+" */
  if (b >= 2 && text[b - 1] == '/' && (text[b - 2] == '/' || text[b - 2] == ':'))
    return 1; /* a URL's "https://" does not end a line alone */
  if (b < 2 || text[b - 1] != '-' || b >= len)
    return 0;
  if (in_address(text, len, b))
    return 1;
  galley_utf8_prev(text, (size_t)b - 1, &before);
  galley_utf8_decode(text + b, (size_t)(len - b), &after);
  return !galley_utf8_is_letter(before) || !galley_utf8_is_letter(after) ||
         hyphen_joins(text, len, b);
}

/* Whether the word space before byte b ties its words, as Russian and
 * Kazakh typesetting tie them (and English does not mind): an initial
 * to the name after it ("А. С. Пушкин", "J. Joyce"), a number to the
 * abbreviation after it ("1886 ж.", "1996 г.", "XX в.", "5 p.m."),
 * "№" and "§" to what they number, and a word ending in a hyphen to the
 * next ("Sicherheits- und"). The words are looked at up to a few
 * bytes: the rules are about short ones. */
static int space_ties(const char *text, int len, int b)
{
  int32_t c, d;
  size_t i, k;
  int letters = 0, lower = 1;
  if (b < 3 || b >= len || text[b - 1] != ' ')
    return 0;
  /* the word before: an initial (a capital and a full stop alone) */
  galley_utf8_decode(text + b, (size_t)(len - b), &d);
  if (text[b - 2] == '.') {
    i = galley_utf8_prev(text, (size_t)b - 2, &c);
    if (galley_utf8_is_upper(c) && galley_utf8_is_upper(d)) {
      int32_t q = ' ';
      if (i > 0)
        galley_utf8_prev(text, i, &q);
      if (i == 0 || q == ' ' || q == 0xA0 || q == '(' || q == 0xAB || q == 0x201C)
        return 1;
    }
  }
  /* "№ 5", "§ 12"; a word cut short by a hyphen to the word that
   * completes it ("Sicherheits- und Bugfix-Releases", "оқу- ағарту"): at
   * a line's end its hyphen would read as a hyphenation */
  i = galley_utf8_prev(text, (size_t)b - 1, &c);
  if (c == 0x2116 || c == 0xA7)
    return 1;
  if ((c == '-' || c == 0x2010) && i > 0) {
    int32_t l;
    galley_utf8_prev(text, i, &l);
    if (galley_utf8_is_letter(l))
      return 1;
  }
  /* a number (or Roman numeral in capitals) before an abbreviation: up
   * to four lower-case letters with full stops, the last closing it */
  if (!((text[b - 2] >= '0' && text[b - 2] <= '9') || galley_utf8_is_upper(c)))
    return 0;
  if (galley_utf8_is_upper(c)) { /* XX, XIV: Roman numerals only */
    for (k = (size_t)b - 1; k > 0 && strchr("IVXLCDM", text[k - 1]); k--)
      ;
    if (k == (size_t)b - 1 || (k > 0 && text[k - 1] != ' ' && text[k - 1] != '('))
      return 0;
  }
  for (i = (size_t)b; (int)i < len && i < (size_t)b + 24;) {
    size_t n = galley_utf8_decode(text + i, (size_t)len - i, &c);
    if (c == '.') {
      int32_t e = ' ';
      i += n;
      if ((int)i < len)
        galley_utf8_decode(text + i, (size_t)len - i, &e);
      if (e == ' ' || e == 0xA0 || e == ',' || e == ';' || e == ':' || e == ')' ||
          e == 0xBB || e == '"' || e == 0x201D)
        return letters > 0 && letters <= 4 && lower;
      continue;
    }
    if (c < 0 || !galley_utf8_is_letter(c))
      return 0;
    letters++;
    lower &= !galley_utf8_is_upper(c);
    i += n;
  }
  return 0;
}

/* Whether a line may end before character c (byte b) of `p`: a break
 * Pango marks there that neither inline code (`code`, code_mask) nor
 * break_glued nor space_ties takes back, or a mandatory one. */
static int is_real_break(const PangoLogAttr *la, int c, const char *code, const pdf_para *p,
                         int b)
{
  return (la[c].is_line_break && !code_glued(code, p->text, b) &&
          !break_glued(p->text, p->len, b) && !space_ties(p->text, p->len, b)) ||
         la[c].is_mandatory_break;
}

/* Whether text[0, end) ends in a word of one letter: a letter after a
 * space, an opening bracket or quote, or the start. */
static int ends_in_letter_word(const char *text, int end)
{
  int32_t c, q;
  size_t start;
  if (end <= 0)
    return 0;
  start = galley_utf8_prev(text, (size_t)end, &c);
  if (c < 0 || !galley_utf8_is_letter(c))
    return 0;
  if (start == 0)
    return 1;
  galley_utf8_prev(text, start, &q);
  return q == ' ' || q == 0xA0 || q == '(' || q == 0xAB || q == 0x201E || q == '"';
}

/* Breaks `p` into lines with `layout` (the calling thread's own), reading
 * ctx only (fonts with hyphen widths known, the breaker). Safe to run on
 * several paragraphs at once. Memory is proportional to the paragraph:
 * Pango's shaping and log attrs, an advance per byte and a break point
 * per place a line may end; no per-character arrays of wide values. */
static void break_whole(const pdf_ctx *ctx, PangoLayout *layout, pdf_para *p)
{
  PangoAttrList *attrs;
  const PangoLogAttr *la;
  int n_attrs, n_chars, c, b, i, n_lines, overfull = 0, n_real = 0, seg;
  int *adv = NULL, *breaks = NULL;
  char *starts; /* 1 at each byte that starts a cluster */
  char *code; /* 1 at each byte of a word of inline code that fits */
  int single_penalty = pdf_hyph_single_penalty(ctx->hyph);
  int64_t *real_w = NULL; /* width at each real break opportunity */
  int64_t w, st, sh, w_e, st_e, sh_e, pw, pst, psh;
  int sp, sp_e, psp; /* spaces counted as st: at c, at the line end, before c */
  int e_byte, p_byte;
  int32_t prev, cp, e_cp = 0; /* e_cp: the last character that is not a space */
  point_list pl;
  pdf_break_params prm;
  pdf_shaped shaped;
  int measure = p->width, indent = p->indent;
  double expansion = p->justify && !p->display ? p->expansion : 0;
  pdf_breaker breaker = p->display   ? pdf_break_balanced
                        : p->justify ? ctx->breaker
                                     : pdf_break_first_fit;

  memset(&pl, 0, sizeof pl);
  attrs = pdf_span_attrs(ctx, p->spans, p->n_spans);
  pdf_shape_para(layout, p->text, p->len, attrs, &shaped);
  pango_attr_list_unref(attrs);
  if (shaped.unknown > 0)
    find_missing(&shaped, p);
  /* an Arabic or Hebrew paragraph runs from the right whatever the book's
   * language (an English quotation in an Arabic book does not): the
   * direction Pango resolved from its first strong letter */
  p->rtl = shaped.rtl;
  la = shaped.attrs;
  n_attrs = shaped.n_attrs;
  n_chars = n_attrs - 1;

  /* Advance of each byte's cluster. */
  adv = galley_xcalloc((size_t)p->len + 1, sizeof *adv);
  starts = galley_xcalloc((size_t)p->len + 1, 1);
  {
    int r;
    for (r = 0; r < shaped.n_runs; r++) {
      const PangoGlyphItem *run = shaped.runs[r];
      int g;
      for (g = 0; g < run->glyphs->num_glyphs; g++) {
        int byte = run->item->offset + run->glyphs->log_clusters[g];
        if (byte >= 0 && byte <= p->len) {
          adv[byte] += run->glyphs->glyphs[g].geometry.width;
          starts[byte] = 1;
        }
      }
      if (run->item->offset + run->item->length <= p->len)
        starts[run->item->offset + run->item->length] = 1;
    }
  }
  /* A cluster of several characters (a ligature: "f<SHY>f" is shaped as
   * "ff") is shared evenly among its characters that lines draw, as
   * Pango's pango_glyph_string_get_logical_widths does, so that a line
   * ending inside it is measured with its part only: with the whole
   * ligature, the line came out narrower than the breaker thought, and
   * its spaces wider than the limit. */
  starts[p->len] = 1;
  for (b = 0; b < p->len;) {
    int e = b + 1, k = 0, n = 0, share, rest, q;
    while (e < p->len && !starts[e])
      e++;
    for (q = b; q < e; q += (int)galley_utf8_decode(p->text + q, (size_t)(e - q), &cp)) {
      n++;
      if (!pdf_para_is_dropped(p, q))
        k++;
    }
    if (n > 1 && k > 0) {
      share = adv[b] / k;
      rest = adv[b] - share * k;
      adv[b] = 0;
      for (q = b; q < e; q += (int)galley_utf8_decode(p->text + q, (size_t)(e - q), &cp))
        if (!pdf_para_is_dropped(p, q)) {
          adv[q] = share + rest;
          rest = 0;
        }
    }
    b = e;
  }
  free(starts);
  code = code_mask(p, adv, measure);

  /* First pass: the width at each real break opportunity, so that a run
   * between two of them wider than the measure (a URL, a 50 000 letter
   * "word") can get emergency breaks at every character, shown with a
   * hyphen, as CSS's overflow-wrap: break-word does: text that ran off
   * the page would be lost to the reader and to text extraction. */
  {
    int cap = 0;
    w = 0;
    for (c = 0, b = 0; c < n_chars && b < p->len; c++) {
      int next = b + (int)galley_utf8_decode(p->text + b, (size_t)(p->len - b), &cp);
      if (c >= 1 && is_real_break(la, c, code, p, b)) {
        if (n_real == cap) {
          cap = cap ? cap * 2 : 64;
          real_w = galley_xreallocarray(real_w, (size_t)cap, sizeof *real_w);
        }
        real_w[n_real++] = w;
      }
      for (; b < next; b++)
        w += adv[b];
    }
    n_chars = c;
    real_w = galley_xreallocarray(real_w, (size_t)n_real + 1, sizeof *real_w);
    real_w[n_real] = w; /* the paragraph end */
  }

  /* Second pass: the break points, with cumulative width, stretch and
   * shrink computed as we go. (w_e, st_e, sh_e) are the values after the
   * last character that is not a space: where a line breaking at the
   * next space ends. */
  add_point(&pl, 0, 0);
  w = st = sh = 0;
  w_e = st_e = sh_e = 0;
  sp = sp_e = psp = 0;
  e_byte = 0;
  pw = pst = psh = 0;
  p_byte = 0;
  prev = 0;
  seg = 0;
  for (c = 0, b = 0; c < n_chars; c++) {
    int step = (int)galley_utf8_decode(p->text + b, (size_t)(p->len - b), &cp);
    int64_t cw = 0;
    int k;
    if (c >= 1) {
      pdf_break_point *pt;
      int real = is_real_break(la, c, code, p, b);
      /* seg indexes the real break at or after c (real_w[n_real] is the
       * paragraph end): the run from the real break before c to it. */
      int64_t seg_w = real_w[seg] - (seg > 0 ? real_w[seg - 1] : 0);
      if (!real) {
        if (la[c].is_cursor_position && seg_w > measure && prev != ' ' && cp != ' ') {
          pt = add_point(&pl, b, b);
          pt->w_end = pt->w_start = w;
          pt->st_end = pt->st_start = st;
          pt->sh_end = pt->sh_start = sh;
          pt->spaces_end = pt->spaces_start = sp;
          pt->extra = pdf_font_at(ctx, p->spans[pdf_para_span_at(p, b)].font)->hyphen_width;
          pt->penalty = EMERGENCY_BREAK_PENALTY;
        }
      } else {
        int end_b = b, esp = sp;
        int64_t ew = w, est = st, esh = sh;
        seg++;
        pt = add_point(&pl, b, b);
        if (la[c].is_mandatory_break || prev == 0x2028) {
          /* the line ends before the separator */
          end_b = p_byte;
          ew = pw;
          est = pst;
          esh = psh;
          esp = psp;
          pt->penalty = PDF_BREAK_FORCED;
        } else if (prev == ' ' || la[c - 1].is_white) {
          end_b = e_byte;
          ew = w_e;
          est = st_e;
          esh = sh_e;
          esp = sp_e;
          pt->penalty = ends_in_letter_word(p->text, e_byte) ? single_penalty : 0;
          /* A line ending in a word that ends in a hyphen ("Debian-Med-
           * und ...") shows a hyphen at its end as a hyphenated line
           * does, and counts in the run of them. */
          pt->flagged = e_cp == '-' || e_cp == 0x2010;
        } else if (prev == 0xAD) {
          int pb = b - 2; /* U+00AD is two bytes */
          pt->extra = pdf_font_at(ctx, p->spans[pdf_para_span_at(p, pb)].font)->hyphen_width;
          pt->flagged = 1;
          pt->soft = 1;
          pt->penalty = pdf_hyph_penalty(ctx->hyph, expansion > 0);
        } else if (prev == '-' || prev == 0x2010) {
          pt->flagged = 1;
          pt->penalty = pdf_hyph_ex_penalty(ctx->hyph);
        } else {
          pt->penalty = OTHER_BREAK_PENALTY;
        }
        pt->w_end = ew;
        pt->st_end = est;
        pt->sh_end = esh;
        pt->w_start = w;
        pt->st_start = st;
        pt->sh_start = sh;
        pt->spaces_end = esp;
        pt->spaces_start = sp;
        pl.at[pl.n - 1].end_byte = end_b;
      }
    }
    pw = w; /* the values before this character, for a forced break */
    pst = st;
    psh = sh;
    psp = sp;
    p_byte = b;
    for (k = 0; k < step; k++)
      cw += adv[b + k];
    w += cw;
    if (is_space_char(cp)) {
      /* TeX's interword glue: stretch a half, shrink a third of a space. */
      st += cw / 2;
      sh += cw / 3;
      sp++;
    }
    b += step;
    if (!((cp == ' ' || la[c].is_white) && cp != 0x2028)) {
      w_e = w;
      st_e = st;
      sh_e = sh;
      sp_e = sp;
      e_byte = b;
      e_cp = cp;
    }
    prev = cp;
  }
  {
    pdf_break_point *pt = add_point(&pl, p->len, p->len);
    pt->w_end = w;
    pt->st_end = st;
    pt->sh_end = sh;
    pt->spaces_end = sp;
    pt->penalty = PDF_BREAK_FORCED;
  }

  prm.width_first = measure - indent;
  prm.width_rest = measure;
  prm.justify = p->justify;
  prm.max_hyphen_run = 2;
  prm.last_line_gap = p->last_gap;
  prm.em = p->em;
  prm.tolerance = pdf_hyph_tolerance(ctx->hyph);
  prm.expansion = expansion;
  breaks = galley_xmalloc((size_t)pl.n * sizeof *breaks);
  n_lines = breaker(pl.pts, pl.n, &prm, breaks, &overfull);
  p->overfull = overfull;

  p->lines = galley_xcalloc((size_t)n_lines, sizeof *p->lines);
  p->n_lines = n_lines;
  {
    int a = 0;
    for (i = 0; i < n_lines; i++)
      if (pl.pts[breaks[i]].penalty == EMERGENCY_BREAK_PENALTY)
        p->forced = 1;
    for (i = 0; i < n_lines; i++) {
      int bi = breaks[i];
      pdf_line *ln = &p->lines[i];
      ln->start = pl.at[a].next_byte;
      ln->end = pl.at[bi].end_byte;
      ln->hyphen = pl.pts[bi].extra > 0 && bi != pl.n - 1;
      ln->x = i == 0 ? indent : 0;
      ln->measure = i == 0 ? measure - indent : measure;
      ln->justify = p->justify && bi != pl.n - 1 && pl.pts[bi].penalty > PDF_BREAK_FORCED;
      /* What no set of breaks could justify within the word-gap limit
       * is set ragged, with its natural spaces. */
      if (ln->justify && pdf_break_is_too_loose(pl.pts, a, bi, ln->measure, &prm)) {
        ln->justify = 0;
        p->ragged++;
      }
      ln->scale = ln->justify || pl.pts[bi].w_end - pl.pts[a].w_start + pl.pts[bi].extra > ln->measure
                      ? pdf_break_glyph_scale(pl.pts, a, bi, ln->measure, &prm)
                      : 1.0;
      a = bi;
    }
  }
  free(adv);
  free(code);
  free(real_w);
  free(pl.pts);
  free(pl.at);
  free(breaks);
}

/* The sources of `p` over bytes [start, end), cut and moved as
 * pdf_spans_cut moves spans (a window's code_mask reads them against the
 * window's bytes), in a new array (caller frees; NULL when none). */
static pdf_source *sources_cut(const pdf_para *p, int start, int end, int *out_n)
{
  pdf_source *cut = NULL;
  int s, n = 0;
  for (s = 0; s < p->n_sources; s++) {
    pdf_source src = p->sources[s];
    if (src.end <= start || src.start >= end)
      continue;
    if (!cut)
      cut = galley_xcalloc((size_t)p->n_sources, sizeof *cut);
    src.start = (src.start > start ? src.start : start) - start;
    src.end = (src.end < end ? src.end : end) - start;
    cut[n++] = src;
  }
  *out_n = n;
  return cut;
}

pdf_span *pdf_spans_cut(const pdf_para *p, int start, int end, int *out_n)
{
  int first = pdf_para_span_at(p, start), n = 0, s, i;
  pdf_span *cut;
  for (s = first; s < p->n_spans && p->spans[s].start < end; s++)
    n++;
  cut = galley_xcalloc((size_t)(n ? n : 1), sizeof *cut);
  for (i = 0; i < n; i++) {
    cut[i] = p->spans[first + i];
    cut[i].start = (cut[i].start > start ? cut[i].start : start) - start;
    cut[i].end = (cut[i].end < end ? cut[i].end : end) - start;
  }
  *out_n = n;
  return cut;
}

/* Where the window of `p` starting at byte `start` ends: after the first
 * space BREAK_WINDOW_BYTES on, else (a run without spaces) at a character
 * boundary there. */
static int window_end(const pdf_para *p, int start)
{
  int e = start + BREAK_WINDOW_BYTES, q;
  if (e >= p->len)
    return p->len;
  for (q = e; q < p->len && q < e + BREAK_WINDOW_BYTES; q++)
    if (p->text[q] == ' ')
      return q + 1;
  while (e > start + 1 && ((unsigned char)p->text[e] & 0xC0) == 0x80)
    e--;
  return e;
}

/* Breaks a very long paragraph a window at a time: each window is broken
 * as a paragraph of its own (the first with the paragraph's indent), and
 * all of its lines but the last are kept; the next window starts where
 * that last line started, so no line ends at a window's edge. The lines
 * differ from a whole-paragraph total fit only near the edges, one line
 * in a hundred or so. Each window's lines go to `publish` as they are
 * found (p->lines is then not touched: pagination takes them from there
 * while the rest is broken), set with `lr` from the window's shaping when
 * `lr` is not NULL, or, with `publish` NULL, into p->lines. */
static void break_windows(const pdf_ctx *ctx, PangoLayout *layout, pdf_liner *lr, pdf_para *p,
                          pdf_line_sink publish, void *arg)
{
  int start = 0, cap_lines = 0, cap_missing = 0, n_found = 0;
  int overfull = 0, forced = 0, ragged = 0, n_missing = 0;
  pdf_missing *missing = NULL;
  /* what the windows copy of the paragraph, read before the first lines
   * are published: after, the drawing thread writes its lines */
  const pdf_para base = *p;
  if (!publish) {
    p->lines = NULL;
    p->n_lines = 0;
  }
  while (start < p->len) {
    int end = window_end(p, start), last = end >= p->len, keep, i;
    pdf_para v = base;
    v.text = p->text + start;
    v.len = end - start;
    v.indent = start == 0 ? p->indent : 0;
    v.spans = pdf_spans_cut(p, start, end, &v.n_spans);
    v.sources = sources_cut(p, start, end, &v.n_sources);
    v.lines = NULL;
    v.n_lines = 0;
    v.missing = NULL;
    v.n_missing = 0;
    v.overfull = 0;
    v.forced = 0;
    v.ragged = 0;
    v.set = NULL;
    break_whole(ctx, layout, &v);
    if (start == 0)
      p->rtl = v.rtl; /* the paragraph's direction is its start's: set
                         before its first lines are published */
    keep = last || v.n_lines < 2 ? v.n_lines : v.n_lines - 1;
    if (lr && publish) {
      /* set from the window's shaping, still the layout's last */
      pdf_para_set_lines(ctx, lr, &v, layout);
      for (i = keep; i < v.n_lines; i++)
        pdf_set_line_clear(&v.set[i]); /* broken again with the next window */
    }
    for (i = 0; i < keep; i++) {
      v.lines[i].start += start;
      v.lines[i].end += start;
    }
    if (publish) {
      publish(arg, p, v.lines, v.set, keep);
      free(v.set);
    } else {
      for (i = 0; i < keep; i++) {
        if (p->n_lines == cap_lines) {
          cap_lines = cap_lines ? cap_lines * 2 : 64;
          p->lines = galley_xreallocarray(p->lines, (size_t)cap_lines, sizeof *p->lines);
        }
        p->lines[p->n_lines++] = v.lines[i];
      }
    }
    n_found += keep;
    overfull += v.overfull;
    forced |= v.forced;
    ragged += v.ragged;
    for (i = 0; i < v.n_missing; i++) {
      int k;
      for (k = 0; k < n_missing && missing[k].cp != v.missing[i].cp; k++)
        ;
      if (k < n_missing)
        continue;
      if (n_missing == cap_missing) {
        cap_missing = cap_missing ? cap_missing * 2 : 4;
        missing = galley_xreallocarray(missing, (size_t)cap_missing, sizeof *missing);
      }
      missing[n_missing++] = v.missing[i];
    }
    start = keep < v.n_lines ? v.lines[keep].start + start : end;
    free(v.lines);
    free(v.missing);
    free(v.spans);
    free(v.sources);
  }
  if (n_found == 0) { /* a paragraph still has its one line */
    pdf_para v = base;
    v.lines = NULL;
    v.n_lines = 0;
    v.missing = NULL;
    v.n_missing = 0;
    v.overfull = v.forced = v.ragged = 0;
    v.set = NULL;
    break_whole(ctx, layout, &v);
    if (publish) {
      publish(arg, p, v.lines, NULL, v.n_lines);
      free(v.lines);
    } else {
      p->lines = v.lines;
      p->n_lines = v.n_lines;
    }
    overfull += v.overfull;
    forced |= v.forced;
    ragged += v.ragged;
    free(v.missing);
  }
  /* the findings, read once the paragraph is whole */
  free(p->missing);
  p->missing = missing;
  p->n_missing = n_missing;
  p->overfull = overfull;
  p->forced = forced;
  p->ragged = ragged;
}

/* Breaks `p` into lines with `layout` (the calling thread's own); see
 * break_whole. */
void pdf_para_break(const pdf_ctx *ctx, PangoLayout *layout, pdf_para *p,
                    pdf_line_sink publish, void *arg)
{
  if (p->len > PDF_SET_AHEAD_MAX_BYTES)
    break_windows(ctx, layout, NULL, p, publish, arg);
  else
    break_whole(ctx, layout, p);
}

void pdf_para_break_set(const pdf_ctx *ctx, PangoLayout *layout, pdf_liner *lr, pdf_para *p,
                        pdf_line_sink publish, void *arg)
{
  break_windows(ctx, layout, lr, p, publish, arg);
}
