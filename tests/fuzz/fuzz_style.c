/* fuzz_style.c: libFuzzer target for the style sheet, read the two ways
 * galley reads it, on the same bytes: the PDF writer's CSS subset
 * (pdf_sheet.c, pdf_style.c: pdf_sheet_new, the cascade over a small
 * element tree, the @page rule, @font-face files) and the EPUB writer's
 * packaging filter (epub_css.c). Whatever the bytes, every computed value
 * must stay inside the ranges pdf_private.h documents, and the filter must
 * be idempotent: what it writes passes it again unchanged, so nothing it
 * keeps is something it would drop (a file reference, a malformed
 * declaration). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "epub/epub_private.h"
#include "pdf/pdf_private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_style(const pdf_style *st)
{
  if (memchr(st->family, '\0', sizeof st->family) == NULL)
    abort();
  if (!(st->size >= 2.0 && st->size <= 200.0))
    abort();
  if (st->weight < 100 || st->weight > 900)
    abort();
  if (!(st->line_height >= 0.5 && st->line_height <= 5.0))
    abort();
  if (!isfinite(st->indent))
    abort();
  if (!(st->margin_top >= 0 && st->margin_right >= 0 && st->margin_bottom >= 0 &&
        st->margin_left >= 0) ||
      !isfinite(st->margin_top + st->margin_right + st->margin_bottom + st->margin_left))
    abort();
  if (st->color > 0xFFFFFFu || st->smallcaps < 0 || st->smallcaps > 2)
    abort();
  if (st->widows < 1 || st->widows > 10 || st->orphans < 1 || st->orphans > 10)
    abort();
  if ((int)st->align < PDF_ALIGN_LEFT || (int)st->align > PDF_ALIGN_JUSTIFY)
    abort();
}

/* Computes the styles of a small document shaped like the XHTML the EPUB
 * writer emits, each element from its parent's style, and checks them. */
static void compute_tree(const pdf_sheet *sheet)
{
  pdf_elem body = {"body", NULL, NULL, NULL};
  pdf_elem header = {"header", NULL, &body, NULL};
  pdf_elem h1 = {"h1", "title", &header, NULL};
  pdf_elem sub = {"p", "subtitle", &header, &h1};
  pdf_elem p1 = {"p", "dateline", &body, &header};
  pdf_elem p2 = {"p", NULL, &body, &p1};
  pdf_elem em = {"em", NULL, &p2, NULL};
  pdf_elem h2 = {"h2", NULL, &body, &p2};
  pdf_elem quote = {"blockquote", NULL, &body, &h2};
  pdf_elem qp = {"p", NULL, &quote, NULL};
  pdf_elem ul = {"ul", NULL, &body, &quote};
  pdf_elem li = {"li", NULL, &ul, NULL};
  pdf_elem fig = {"figure", NULL, &body, &ul};
  pdf_elem cap = {"figcaption", NULL, &fig, NULL};
  pdf_elem credit = {"p", "credit", &fig, &cap};
  pdf_elem pre = {"pre", NULL, &body, &fig};
  pdf_elem code = {"code", NULL, &pre, NULL};
  struct {
    const pdf_elem *e;
    int parent; /* index of the parent's style, -1 for body */
  } tree[] = {{&body, -1}, {&header, 0}, {&h1, 1},    {&sub, 1},
              {&p1, 0},    {&p2, 0},     {&em, 5},    {&h2, 0},
              {&quote, 0}, {&qp, 8},     {&ul, 0},    {&li, 10},
              {&fig, 0},   {&cap, 12},   {&credit, 12}, {&pre, 0},
              {&code, 15}};
  pdf_style st[sizeof tree / sizeof *tree];
  size_t i;
  for (i = 0; i < sizeof tree / sizeof *tree; i++) {
    pdf_sheet_compute(sheet, tree[i].e, tree[i].parent < 0 ? NULL : &st[tree[i].parent],
                      &st[i]);
    check_style(&st[i]);
  }
}

static void check_page(const pdf_sheet *sheet)
{
  double w = -1, h = -1, m[4];
  int i, n;
  pdf_sheet_get_page(sheet, &w, &h, m);
  if (!((w == 0 && h == 0) || (w >= 72 && h >= 72 && w <= 14400 && h <= 14400)))
    abort();
  for (i = 0; i < 4; i++)
    if (!(m[i] == -1 || m[i] >= 0) || isnan(m[i]))
      abort();
  pdf_sheet_get_page_side(sheet, PDF_PAGE_LEFT, m);
  for (i = 0; i < 4; i++)
    if (!(m[i] == -1 || m[i] >= 0) || isnan(m[i]))
      abort();
  n = pdf_sheet_get_font_file_count(sheet);
  if (n < 0)
    abort();
  for (i = 0; i < n; i++) {
    const char *f = pdf_sheet_get_font_file(sheet, i);
    if (!f || !*f)
      abort();
  }
}

/* The filter rewrites the sheet from what it accepts, so what it wrote
 * must be accepted whole: a second pass drops nothing and gives the same
 * bytes. And the sheet goes into the package as UTF-8 without NUL. */
static void check_filter(const char *css, size_t len)
{
  galley_buf once, twice;
  int dropped;
  galley_buf_init(&once);
  galley_buf_init(&twice);
  dropped = epub_css_filter(css, len, &once);
  if (dropped < 0 || !galley_utf8_is_valid(once.ptr, once.len))
    abort();
  if (epub_css_filter(once.ptr, once.len, &twice) != 0 || twice.len != once.len ||
      (once.len && memcmp(once.ptr, twice.ptr, once.len) != 0))
    abort();
  galley_buf_free(&once);
  galley_buf_free(&twice);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *css = (const char *)data;
  pdf_sheet *sheet = pdf_sheet_new(css, size, NULL);
  if (!sheet)
    abort();
  compute_tree(sheet);
  check_page(sheet);
  pdf_sheet_free(sheet);
  /* again for an A5 page, where @media rules on the size may hold */
  sheet = pdf_sheet_new_for_page(css, size, NULL, 419.5276, 595.2756);
  compute_tree(sheet);
  check_page(sheet);
  pdf_sheet_free(sheet);
  check_filter(css, size);
  /* A --page-size value is user input too: the first line, as text. */
  {
    size_t n = 0;
    char spec[64];
    double w = 0, h = 0;
    while (n < size && n < sizeof spec - 1 && css[n] != '\n' && css[n] != '\0')
      n++;
    memcpy(spec, css, n);
    spec[n] = '\0';
    if (pdf_parse_page_size(spec, &w, &h) &&
        !(w >= 72 && h >= 72 && w <= 14400 && h <= 14400))
      abort();
  }
  return 0;
}
