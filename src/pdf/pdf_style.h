/* pdf_style.h: the PDF writer's CSS subset, as the other stages see it:
 * a style sheet parsed once, the computed style (pdf_style) of each
 * element the EPUB writer would emit, the @page rules, and page sizes
 * (pdf_sheet.c, pdf_style_values.c, pdf_style.c). Needs neither Pango
 * nor Cairo. */
#ifndef GALLEY_PDF_STYLE_H
#define GALLEY_PDF_STYLE_H

#include <stddef.h>

typedef enum {
  PDF_ALIGN_LEFT = 0,
  PDF_ALIGN_RIGHT,
  PDF_ALIGN_CENTER,
  PDF_ALIGN_JUSTIFY
} pdf_align;

typedef enum {
  PDF_BREAK_AUTO = 0,
  PDF_BREAK_AVOID,
  PDF_BREAK_ALWAYS /* before/after only: a forced page break */
} pdf_break_rule;

#define PDF_FAMILY_MAX 256

/* -galley-font-expansion: its initial value (pdfTeX's microtype sets
 * 2 % each way by default) and the most it may be. */
#define PDF_DEFAULT_EXPANSION 0.02
#define PDF_MAX_EXPANSION 0.05

/* The computed style of one element: every length resolved to points. */
typedef struct pdf_style {
  char family[PDF_FAMILY_MAX]; /* Pango family list, generic names mapped to
                                  the bundled faces */
  double size;                 /* font size, pt (clamped 2..200) */
  int weight;                  /* 100..900 */
  int italic;                  /* 1: italic */
  int smallcaps;               /* 0 none, 1 small-caps (smcp), 2 all-small-caps */
  double line_height;          /* multiple of size (0.5..5) */
  pdf_align align;
  double indent;               /* text-indent, pt */
  double margin_top, margin_right, margin_bottom, margin_left; /* pt, >= 0 */
  unsigned color;              /* 0xRRGGBB */
  int hyphens;                 /* 1: hyphens:auto */
  double expansion;            /* -galley-font-expansion: how far the glyphs
                                  of a justified line may be widened or
                                  narrowed, a share of their width
                                  (0..PDF_MAX_EXPANSION) */
  pdf_break_rule break_before, break_after, break_inside;
  int widows, orphans;         /* 1..10 */
  int strike;                  /* 1: text-decoration: line-through (kept
                                  by descendants, as CSS draws it over
                                  them) */
  double padding[4];           /* top right bottom left, pt, >= 0: table
                                  cells */
  double border_top, border_bottom; /* rule widths, pt, >= 0 (0: none):
                                  the table's rules */
} pdf_style;

/* An element as the selectors see it: the XHTML the EPUB writer emits for
 * a node. Borrowed strings; parent/prev point at stack frames. */
typedef struct pdf_elem {
  const char *tag;              /* "p", "h2", "figcaption", ... */
  const char *classes;          /* space-separated, or NULL */
  const struct pdf_elem *parent;/* NULL at body */
  const struct pdf_elem *prev;  /* previous element sibling, or NULL */
} pdf_elem;

typedef struct pdf_sheet pdf_sheet;

/* Parses `len` bytes of CSS (any bytes: what is not understood is
 * skipped). Never NULL; caller frees with pdf_sheet_free. `base_dir` (may
 * be NULL) resolves @font-face urls. */
pdf_sheet *pdf_sheet_new(const char *css, size_t len, const char *base_dir);
/* As pdf_sheet_new, for a page of `page_w` x `page_h` points, which the
 * sheet's @media queries are asked about (0: not known, so that no query
 * on the page size holds). */
pdf_sheet *pdf_sheet_new_for_page(const char *css, size_t len, const char *base_dir,
                                  double page_w, double page_h);
void pdf_sheet_free(pdf_sheet *sheet);

/* Computes the style of `elem` given its parent's computed style
 * (`parent` NULL for body: the built-in defaults). Writes *out. */
void pdf_sheet_compute(const pdf_sheet *sheet, const pdf_elem *elem,
                       const pdf_style *parent, pdf_style *out);
/* The style of text that has no element of its own inside an element of
 * style `parent` (CSS's anonymous box: a list item's bare first
 * paragraph): the inherited properties, the others at their initial
 * values. Writes *out. */
void pdf_style_inherit(const pdf_style *parent, pdf_style *out);

/* The @page rule: size in points (0 when the sheet gives none) and the
 * four margins in points (negative when not given). */
void pdf_sheet_get_page(const pdf_sheet *sheet, double *out_width,
                        double *out_height, double out_margin[4]);

/* The sides of a spread, for @page :left and :right. */
enum { PDF_PAGE_ANY = 0, PDF_PAGE_LEFT, PDF_PAGE_RIGHT };

/* The margins @page :left (side PDF_PAGE_LEFT) or @page :right
 * (PDF_PAGE_RIGHT) rules give, points, in out_margin (top right bottom
 * left; negative when not given). */
void pdf_sheet_get_page_side(const pdf_sheet *sheet, int side, double out_margin[4]);

/* Font files the sheet names in @font-face rules (absolute or relative to
 * base_dir), count and the i-th (borrowed). */
int pdf_sheet_get_font_file_count(const pdf_sheet *sheet);
const char *pdf_sheet_get_font_file(const pdf_sheet *sheet, int i);

/* Parses a page size: "A4", "A5", "Letter", "Legal", "WxHmm", "WxHin",
 * "WxHcm", "WxHpt" (case-insensitive). Returns 1 and the size in points,
 * or 0 when `spec` is not understood. */
int pdf_parse_page_size(const char *spec, double *out_width, double *out_height);
/* As pdf_parse_page_size, but tells a size it understood and refuses
 * (smaller than 1 inch or larger than 200 inches a side: -1) from one it
 * does not understand (0). */
int pdf_parse_page_size_ex(const char *spec, double *out_width, double *out_height);

#endif
