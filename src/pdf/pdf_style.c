/* pdf_style.c: the CSS subset the PDF writer honours (README.md, "Styles").
 *
 * The style sheet is user input, so this is a tolerant reader in the
 * spirit of CSS's own error recovery (CSS Syntax Level 3, section 2.2):
 * comments, strings, at-rules and garbage are skipped, a declaration that
 * is not understood is dropped alone, and every number is clamped to a
 * sane range. What is read:
 *
 *   properties  font-family font-size font-weight font-style font-variant
 *               line-height text-align text-indent margin(-*) color
 *               hyphens page-break-before/after/inside break-before/after/
 *               inside widows orphans text-decoration padding(-*)
 *               border-top/-bottom (their widths: a table's rules)
 *               -galley-font-expansion (inherited)
 *   selectors   element names, .classes, el.class, and combinations with
 *               descendant ( ), child (>), adjacent (+) and sibling (~)
 *   at-rules    @page { size; margin(-*) }, @page :left and :right
 *               { margin(-*) } (mirrored margins), @font-face { src: url() },
 *               @media (types print and all; width, height, min-/max-
 *               and orientation, against the page: see media_matches in
 *               pdf_sheet.c)
 *
 * A built-in sheet (ua_css in pdf_sheet.c) comes first, so a short user
 * sheet still gives a sensible page. Cascade: importance, then
 * specificity, then order.
 *
 * This file holds the cascade over an element and the page's size and
 * margins; the sheet is parsed in pdf_sheet.c, and the declared values
 * are read in pdf_style_values.c (pdf_sheet.h lists the three). */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pdf_sheet.h"
#include "../util/alloc.h"

/* ------------------------------------------------------------------ */
/* Matching and the cascade                                            */
/* ------------------------------------------------------------------ */

static int has_class(const char *classes, const char *cls)
{
  size_t n = strlen(cls);
  const char *p = classes;
  if (!classes)
    return 0;
  while (*p) {
    const char *e;
    while (*p == ' ')
      p++;
    e = p;
    while (*e && *e != ' ')
      e++;
    if ((size_t)(e - p) == n && strncmp(p, cls, n) == 0)
      return 1;
    p = e;
  }
  return 0;
}

static int part_matches(const pdf_sheet *sh, const sel_part *part, const pdf_elem *e)
{
  int i;
  if (part->tag >= 0 && strcmp(pdf_sheet_name_of(sh, part->tag), e->tag) != 0)
    return 0;
  for (i = 0; i < part->n_cls; i++)
    if (!has_class(e->classes, pdf_sheet_name_of(sh, sh->cls[part->cls + i])))
      return 0;
  return 1;
}

/* Whether parts 0..k of `s` match with part k on `e`. */
static int sel_matches(const pdf_sheet *sh, const selector *s, int k, const pdf_elem *e)
{
  const pdf_elem *o;
  const sel_part *part = &sh->parts[s->part + k];
  if (!e || !part_matches(sh, part, e))
    return 0;
  if (k == 0)
    return 1;
  switch (part->comb) {
  case '>':
    return sel_matches(sh, s, k - 1, e->parent);
  case '+':
    return sel_matches(sh, s, k - 1, e->prev);
  case '~':
    for (o = e->prev; o; o = o->prev)
      if (sel_matches(sh, s, k - 1, o))
        return 1;
    return 0;
  default:
    for (o = e->parent; o; o = o->parent)
      if (sel_matches(sh, s, k - 1, o))
        return 1;
    return 0;
  }
}

typedef struct match {
  int important, specificity, order, rule;
} match;

static int cmp_match(const void *a, const void *b)
{
  const match *x = a, *y = b;
  if (x->specificity != y->specificity)
    return x->specificity < y->specificity ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static void defaults(pdf_style *st)
{
  memset(st, 0, sizeof *st);
  strcpy(st->family, PDF_SERIF);
  st->size = 11.0;
  st->weight = 400;
  st->line_height = 1.35;
  st->widows = 2;
  st->orphans = 2;
  st->expansion = PDF_DEFAULT_EXPANSION;
}

void pdf_style_inherit(const pdf_style *parent, pdf_style *out)
{
  /* Inherited properties come from the parent; the rest start over. */
  *out = *parent;
  out->margin_top = out->margin_right = out->margin_bottom = out->margin_left = 0;
  out->break_before = out->break_after = out->break_inside = PDF_BREAK_AUTO;
  memset(out->padding, 0, sizeof out->padding);
  out->border_top = out->border_bottom = 0;
}

void pdf_sheet_compute(const pdf_sheet *sheet, const pdf_elem *elem,
                       const pdf_style *parent, pdf_style *out)
{
  match stack_matches[32];
  match *m = stack_matches;
  int n = 0, cap = 32, i, j, pass, imp, b, n_buckets;
  int bucket_ids[ELEM_MAX_BUCKETS];
  const char *p;
  pdf_style st;

  if (parent)
    pdf_style_inherit(parent, &st);
  else
    defaults(&st);
  /* The candidates: the selectors needing no name, those needing the
   * element's name, and those needing one of its classes (each distinct
   * class once). Matches are sorted below, so their order here is free. */
  n_buckets = 0;
  bucket_ids[n_buckets++] = -1;
  {
    int id = pdf_sheet_lookup_name(sheet, elem->tag, strlen(elem->tag));
    if (id >= 0)
      bucket_ids[n_buckets++] = id;
  }
  for (p = elem->classes; p && *p && n_buckets < ELEM_MAX_BUCKETS;) {
    const char *e;
    int id, k;
    while (*p == ' ')
      p++;
    for (e = p; *e && *e != ' '; e++)
      ;
    id = e > p ? pdf_sheet_lookup_name(sheet, p, (size_t)(e - p)) : -1;
    for (k = 1; k < n_buckets && id >= 0; k++)
      if (bucket_ids[k] == id)
        id = -1;
    if (id >= 0)
      bucket_ids[n_buckets++] = id;
    p = e;
  }
  for (b = 0; b < n_buckets; b++) {
    const int *list = bucket_ids[b] < 0 ? sheet->any_sels
                                        : sheet->bucket_sels + sheet->bucket_start[bucket_ids[b]];
    int count = bucket_ids[b] < 0 ? sheet->n_any
                                  : sheet->bucket_start[bucket_ids[b] + 1] -
                                        sheet->bucket_start[bucket_ids[b]];
    for (i = 0; i < count; i++) {
      const selector *s = &sheet->sels[list[i]];
      if (!sel_matches(sheet, s, s->n_parts - 1, elem))
        continue;
      if (n == cap) {
        cap *= 2;
        if (m == stack_matches) {
          m = galley_xmalloc((size_t)cap * sizeof *m);
          memcpy(m, stack_matches, sizeof stack_matches);
        } else {
          m = galley_xreallocarray(m, (size_t)cap, sizeof *m);
        }
      }
      m[n].specificity = s->specificity;
      m[n].order = s->rule;
      m[n].rule = s->rule;
      m[n].important = 0;
      n++;
    }
  }
  qsort(m, (size_t)n, sizeof *m, cmp_match);
  /* Font size first, since em lengths in the other properties refer to
   * the element's own size; normal declarations, then !important ones. */
  for (pass = 0; pass < 2; pass++)
    for (imp = 0; imp < 2; imp++)
      for (i = 0; i < n; i++) {
        const rule *r = &sheet->rules[m[i].rule];
        for (j = 0; j < r->n_decls; j++) {
          const decl *d = &r->decls[j];
          int is_size = strcmp(d->name, "font-size") == 0;
          if (d->important != imp || is_size != (pass == 0))
            continue;
          if (is_size)
            pdf_style_apply_font_size(d, parent ? parent->size : 11.0, &st);
          else
            pdf_style_apply_decl(d, &st);
        }
      }
  if (m != stack_matches)
    free(m);
  /* A line may be at most PDF_MAX_PITCH tall, so that a huge font size
   * times a huge line height (200pt x 5) still leaves lines that fit the
   * text column of a page instead of falling off its foot. */
  if (st.size * st.line_height > PDF_MAX_PITCH)
    st.line_height = PDF_MAX_PITCH / st.size;
  *out = st;
}

/* ------------------------------------------------------------------ */
/* Pages                                                               */
/* ------------------------------------------------------------------ */

int pdf_parse_page_size(const char *spec, double *out_width, double *out_height)
{
  double w, h;
  if (pdf_parse_page_size_ex(spec, &w, &h) != 1)
    return 0;
  *out_width = w;
  *out_height = h;
  return 1;
}

int pdf_parse_page_size_ex(const char *spec, double *out_width, double *out_height)
{
  static const struct { const char *name; double w, h; } named[] = {
      {"a4", 595.2756, 841.8898}, {"a5", 419.5276, 595.2756},
      {"a3", 841.8898, 1190.5512}, {"b5", 498.8976, 708.6614},
      {"letter", 612, 792}, {"legal", 612, 1008}};
  size_t i;
  double w, h, unit = 0;
  char *end;
  const char *p;

  if (!spec)
    return 0;
  while (isspace((unsigned char)*spec))
    spec++;
  for (i = 0; i < sizeof named / sizeof *named; i++)
    if (strcasecmp(spec, named[i].name) == 0) {
      *out_width = named[i].w;
      *out_height = named[i].h;
      return 1;
    }
  w = strtod(spec, &end);
  if (end == spec || (*end != 'x' && *end != 'X'))
    return 0;
  p = end + 1;
  h = strtod(p, &end);
  if (end == p)
    return 0;
  if (strcasecmp(end, "mm") == 0) unit = 72.0 / 25.4;
  else if (strcasecmp(end, "cm") == 0) unit = 72.0 / 2.54;
  else if (strcasecmp(end, "in") == 0) unit = 72.0;
  else if (strcasecmp(end, "pt") == 0) unit = 1.0;
  if (unit == 0 || !isfinite(w) || !isfinite(h))
    return 0;
  w *= unit;
  h *= unit;
  /* From a business card to a poster: outside that, it is a typo. */
  if (w < 72 || h < 72 || w > 14400 || h > 14400) {
    *out_width = w; /* what was understood, for the caller's message */
    *out_height = h;
    return -1;
  }
  *out_width = w;
  *out_height = h;
  return 1;
}

/* Applies an @page margin declaration to out_margin (top right bottom
 * left, points); other declarations are left alone. */
static void apply_page_margin(const decl *d, double out_margin[4])
{
  const char *p = d->value;
  if (strcmp(d->name, "margin") == 0) {
    double m[4] = {-1, -1, -1, -1};
    int k;
    pdf_style_apply_margins(d->value, 12, m, 0);
    for (k = 0; k < 4; k++)
      if (m[k] >= 0)
        out_margin[k] = m[k];
  } else if (strncmp(d->name, "margin-", 7) == 0) {
    double x;
    int k = strcmp(d->name + 7, "top") == 0      ? 0
            : strcmp(d->name + 7, "right") == 0  ? 1
            : strcmp(d->name + 7, "bottom") == 0 ? 2
            : strcmp(d->name + 7, "left") == 0   ? 3
                                                 : -1;
    if (k >= 0 && pdf_style_parse_length(&p, 12, 0, &x) && x >= 0)
      out_margin[k] = x;
  }
}

void pdf_sheet_get_page_side(const pdf_sheet *sheet, int side, double out_margin[4])
{
  int i;
  for (i = 0; i < 4; i++)
    out_margin[i] = -1;
  for (i = 0; i < sheet->n_page; i++)
    if (sheet->page[i].side == side)
      apply_page_margin(&sheet->page[i], out_margin);
}

void pdf_sheet_get_page(const pdf_sheet *sheet, double *out_width,
                        double *out_height, double out_margin[4])
{
  int i;
  *out_width = *out_height = 0;
  for (i = 0; i < 4; i++)
    out_margin[i] = -1;
  for (i = 0; i < sheet->n_page; i++) {
    const decl *d = &sheet->page[i];
    const char *p = d->value;
    if (d->side != PDF_PAGE_ANY)
      continue; /* pdf_sheet_get_page_side */
    if (strcmp(d->name, "size") == 0) {
      char word[32];
      double w, h;
      int landscape = strstr(d->value, "landscape") != NULL;
      size_t n = strcspn(p, " \t");
      if (n < sizeof word) {
        memcpy(word, p, n);
        word[n] = '\0';
        if (pdf_parse_page_size(word, &w, &h)) {
          *out_width = landscape ? h : w;
          *out_height = landscape ? w : h;
          continue;
        }
      }
      if (pdf_style_parse_length(&p, 12, 0, &w)) {
        h = w;
        pdf_style_parse_length(&p, 12, 0, &h);
        if (w >= 72 && h >= 72 && w <= 14400 && h <= 14400) {
          *out_width = w;
          *out_height = h;
        }
      }
    } else {
      apply_page_margin(d, out_margin);
    }
  }
}
