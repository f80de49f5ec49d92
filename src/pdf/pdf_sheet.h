/* pdf_sheet.h: the parsed style sheet's insides, which the files of the
 * CSS subset share (pdf_style.h is what the rest of the writer sees):
 *
 *   pdf_sheet.c         a sheet parsed: rules, selectors, @page,
 *                       @font-face, @media
 *   pdf_style_values.c  declared values read into a computed style
 *   pdf_style.c         the cascade over an element, and the page */
#ifndef GALLEY_PDF_SHEET_H
#define GALLEY_PDF_SHEET_H

#include "pdf_private.h"

/* Generic families map to the bundled faces: the private fontconfig has
 * no aliases, so "serif" would otherwise match whatever sorts first. */
#define PDF_SERIF "Noto Serif"
#define PDF_SANS "Noto Sans"
#define PDF_MONO "DejaVu Sans Mono"

/* Selector parts beyond this are not needed by any sensible sheet; longer
 * selectors are dropped rather than allocated without bound. */
#define SEL_MAX_PARTS 8
#define SEL_MAX_CLASSES 4
#define NAME_MAX_LEN 32
/* Selector buckets an element is looked up in: any, its name, and its
 * classes (galley's elements have at most two). */
#define ELEM_MAX_BUCKETS 8
/* The tallest line, pt: five inches, within the text column of an A5
 * page with wide margins. */
#define PDF_MAX_PITCH 360.0

/* Names (element names and classes) are interned: each distinct name is
 * stored once in the sheet's pool and known by a small id, so a selector
 * costs a few integers however long the sheet. */
typedef struct sel_part {
  int tag;            /* name id; -1: any element */
  int cls;            /* index of its first class id in sheet->cls */
  unsigned char n_cls;/* required classes, at most SEL_MAX_CLASSES */
  char comb;          /* combinator to the part before: ' ', '>', '+', '~' */
} sel_part;

typedef struct selector {
  int part;         /* index of its first part in sheet->parts */
  int n_parts;
  int specificity;  /* classes * 100 + elements */
  int rule;         /* index of its rule */
} selector;

typedef struct decl {
  char *name;      /* owned, lower case */
  char *value;     /* owned, trimmed, without !important */
  int important;
  int side;        /* @page only: PDF_PAGE_ANY, _LEFT or _RIGHT */
} decl;

typedef struct rule {
  decl *decls;     /* owned */
  int n_decls;
} rule;

struct pdf_sheet {
  selector *sels;  /* owned, in source order */
  int n_sels, cap_sels;
  sel_part *parts; /* owned: the parts of every selector */
  int n_parts, cap_parts;
  int *cls;        /* owned: the class ids of every part */
  int n_cls, cap_cls;
  galley_buf pool; /* owned: every interned name, NUL-terminated */
  int *name_off;   /* owned: pool offset of each name id */
  int n_names, cap_names;
  int *name_table; /* owned: open-addressing table of name ids (-1:
                      empty), `table_cap` slots, a power of two */
  int table_cap;
  /* Selectors by the name their rightmost part needs (its first class,
   * else its element name), so an element is tried only against the
   * selectors that can match it: those of bucket i are
   * bucket_sels[bucket_start[i] .. bucket_start[i + 1]), in source order;
   * those that need no name (`*`) are in any_sels. Built once parsed. */
  int *bucket_start; /* owned, n_names + 1 entries */
  int *bucket_sels;  /* owned */
  int *any_sels;     /* owned */
  int n_any;
  rule *rules;     /* owned */
  int n_rules, cap_rules;
  decl *page;      /* owned: @page declarations */
  int n_page, cap_page;
  char **fonts;    /* owned: @font-face files */
  int n_fonts, cap_fonts;
  char *base_dir;  /* owned, or NULL */
  double media_w, media_h; /* the page @media queries are asked about,
                              points; 0: not known, and no size feature
                              matches */
};

/* ---- pdf_sheet.c --------------------------------------------------- */

/* The id of the `n`-byte name at `s`, or -1 when the sheet never names
 * it. */
int pdf_sheet_lookup_name(const pdf_sheet *sh, const char *s, size_t n);
/* The name of id `id`: borrowed, valid as long as the sheet. */
const char *pdf_sheet_name_of(const pdf_sheet *sh, int id);

/* ---- pdf_style_values.c -------------------------------------------- */

/* Parses a length at *p (advancing it) in points. `em` is the font size
 * em refers to; `pct` what 100% means (0: percentages refused). Returns 1
 * on success. A bare 0 is a length. */
int pdf_style_parse_length(const char **p, double em, double pct, double *out);
/* Applies `margin` shorthand values (1 to 4 lengths; `auto`, as 0, only
 * when `allow_auto`) to out[4] (top, right, bottom, left); a value not
 * understood leaves `out` as it was. */
void pdf_style_apply_margins(const char *v, double em, double out[4], int allow_auto);
/* Applies a font-size declaration against the parent's size. */
void pdf_style_apply_font_size(const decl *d, double parent_size, pdf_style *st);
/* Applies any other declaration the subset knows to `st`; the others are
 * dropped. */
void pdf_style_apply_decl(const decl *d, pdf_style *st);

#endif
