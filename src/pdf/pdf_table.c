/* pdf_table.c: tables laid out into the vertical list, a box per row.
 *
 * Column widths as CSS's automatic table layout finds them, each cell a
 * paragraph, header rows repeated on the pages a table crosses (see
 * "Tables" below). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "pdf_layout.h"
#include "../model/markup.h"
#include "../util/alloc.h"


#define PU(pt) ((int)((pt) * PANGO_SCALE + 0.5))

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

/* A table is laid out as CSS's automatic table layout does it: each
 * column's minimum is its widest unbreakable word, its preference its
 * widest cell set on one line. When the preferences fit the measure the
 * columns take them; else each column takes its minimum and the rest of
 * the measure is shared in proportion to what each column would still
 * like (preference less minimum). When even the minimums do not fit (a
 * table of very many columns), the measure is shared in proportion to
 * them, padding included, and words wider than their column are broken
 * by force, as in a paragraph: the table never leaves the text block,
 * and its text is never lost off the page. Cells are not hyphenated: a
 * table's columns are set ragged, and their widths come from their
 * words.
 *
 * Each cell is a paragraph, broken and set ahead with the others; each
 * row is one box whose height is known once its cells are broken
 * (pdf_layout_next_boxes). Header rows stay with the first body row,
 * the caption above with them; a page that ends inside the table opens
 * the next with the header rows again (pdf_layout_repeat_header), drawn
 * outside the structure tree, which holds them once: Table > Caption,
 * THead > TR > TH, TBody > TR > TD. */

/* How narrow a table's horizontal cell padding may become, in percent
 * of the style's, so that the columns' minimum widths fit. */
#define TABLE_MIN_PAD_PERCENT 30
/* The narrowest column a table is drawn with, in em of its body cells: a
 * table with more columns than the text block holds at this width (a
 * thousand columns) cannot be read as a grid, and each row is set as one
 * paragraph, its cells separated by TABLE_LINEAR_SEPARATOR. */
#define TABLE_MIN_COL_EM 1.5
#define TABLE_LINEAR_SEPARATOR " | "

/* The widest line of `p` set unwrapped (out_pref) and with a break at
 * every opportunity (out_min), Pango units. */
static void measure_cell(pdf_ctx *ctx, const pdf_para *p, int *out_min, int *out_pref)
{
  PangoLayout *l = ctx->measure_layout;
  PangoAttrList *attrs = pdf_span_attrs(ctx, p->spans, p->n_spans);
  PangoRectangle logical;
  GSList *lines;
  int min = 0;
  pango_layout_set_text(l, p->text, p->len);
  pango_layout_set_attributes(l, attrs);
  pango_attr_list_unref(attrs);
  pango_layout_set_width(l, -1);
  pango_layout_get_extents(l, NULL, &logical);
  *out_pref = logical.width;
  /* PANGO_WRAP_WORD never breaks inside a word: at a width of one unit
   * each line is one word (a line's trailing spaces are not counted). */
  pango_layout_set_wrap(l, PANGO_WRAP_WORD);
  pango_layout_set_width(l, 1);
  for (lines = pango_layout_get_lines_readonly(l); lines; lines = lines->next) {
    PangoLayoutLine *line = lines->data;
    PangoRectangle ink, lg;
    pango_layout_line_get_extents(line, &ink, &lg);
    /* the trailing space a wrapped line keeps is no part of the word */
    if (line->length > 0 && p->text[line->start_index + line->length - 1] == ' ') {
      int x;
      pango_layout_line_index_to_x(line, line->start_index + line->length - 1, 0, &x);
      lg.width = x;
    }
    if (lg.width > min)
      min = lg.width;
  }
  pango_layout_set_width(l, -1);
  *out_min = min < *out_pref ? min : *out_pref;
}

static pdf_align cell_align(const galley_node *cell)
{
  switch (galley_node_get_align(cell)) {
  case GALLEY_ALIGN_CENTER: return PDF_ALIGN_CENTER;
  case GALLEY_ALIGN_RIGHT: return PDF_ALIGN_RIGHT;
  default: return PDF_ALIGN_LEFT; /* NONE: the start of the line */
  }
}

/* Makes the paragraph of one cell, or with `all` of the cell and those
 * after it, separated by TABLE_LINEAR_SEPARATOR; returns its index, or
 * -1 when it holds no text. */
static int table_cell(pdf_ctx *ctx, const galley_node *cell, int all,
                      const pdf_elem *elem, const pdf_style *st, int header)
{
  pdf_para_builder pb;
  pdf_para *p;
  const galley_node *first_cell = cell;
  int font = pdf_ctx_font(ctx, st, 1), first = 1;
  memset(&pb, 0, sizeof pb);
  pb.at_space = 1;
  pb.no_hyphens = 1;
  for (; cell; cell = all ? galley_node_next(cell) : NULL) {
    if (galley_node_get_type(cell) != GALLEY_NODE_TABLE_CELL)
      continue;
    if (!first) {
      pdf_para_trim_trailing_space(&pb);
      pdf_para_append_text(ctx, &pb, TABLE_LINEAR_SEPARATOR, strlen(TABLE_LINEAR_SEPARATOR),
                           font, -1, galley_node_get_line(cell), 0, 0);
    }
    first = 0;
    pdf_para_build_inlines(ctx, &pb, cell, elem, st);
  }
  pdf_para_trim_trailing_space(&pb);
  galley_buf_free(&pb.tmp);
  if (pb.text.len == 0) {
    galley_buf_free(&pb.text);
    free(pb.spans);
    free(pb.sources);
    return -1;
  }
  p = pdf_para_from_builder(ctx, &pb, first_cell);
  p->align = all ? PDF_ALIGN_LEFT : cell_align(first_cell);
  pdf_set_pitch(ctx, p, st, font);
  p->em = PU(st->size);
  p->elem_tag = elem->tag;
  p->src_line = galley_node_get_line(cell);
  p->tag = header ? "TH" : "TD";
  p->keep_set = header;
  p->quiet = 1;
  return ctx->n_paras - 1; /* p's */
}

/* Shares `avail` among `n` columns in proportion to `weight` (sum
 * `total` > 0) on top of `base`, into out_w; cumulative rounding keeps
 * the sum exact. */
static void share_widths(const int64_t *base, const int64_t *weight, int n,
                         int64_t total, int64_t avail, int *out_w)
{
  int64_t acc = 0, given = 0;
  int c;
  for (c = 0; c < n; c++) {
    int64_t add;
    acc += weight[c];
    add = avail * acc / total - given;
    given += add;
    out_w[c] = (int)(base[c] + add);
  }
}

/* Fills the row group, row and cell elements the EPUB writes for header
 * rows (`header` 1) or body rows under `table` (model/markup.h), the cell
 * without an alignment class. */
static void table_elems(int header, const pdf_elem *table, pdf_elem *out_group,
                        pdf_elem *out_row, pdf_elem *out_cell)
{
  galley_node *r = galley_node_new(GALLEY_NODE_TABLE_ROW);
  galley_node *c = galley_node_new(GALLEY_NODE_TABLE_CELL);
  galley_markup m;
  galley_node_set_row_header(r, header);
  galley_node_append_child(r, c);
  galley_markup_get(r, &m); /* static names */
  out_group->tag = m.wrap_tag;
  out_group->classes = m.wrap_cls;
  out_group->parent = table;
  out_group->prev = NULL;
  out_row->tag = m.tag;
  out_row->classes = m.cls;
  out_row->parent = out_group;
  out_row->prev = NULL;
  galley_markup_get(c, &m);
  out_cell->tag = m.tag;
  out_cell->classes = m.cls;
  out_cell->parent = out_row;
  out_cell->prev = NULL;
  galley_node_free(r);
}

void pdf_layout_table(pdf_ctx *ctx, const galley_node *node, const pdf_elem *elem,
                      const pdf_style *st, int left, int right)
{
  const galley_node *r, *c, *caption = NULL;
  pdf_elem e_group[2], e_row[2], e_cell[2]; /* [1]: header rows' */
  pdf_style s_group, s_row[2], s_cell[2];
  pdf_table *t;
  int n_cols = 0, n_rows = 0, n_header = 0, ti, k, col, saved = ctx->cur_struct;
  int s_table, s_head = -1, s_body = -1, avail, pad_x, overflow = 0, linear;
  int *min_w, *pref_w;
  int64_t sum_min = 0, sum_pref = 0;

  for (r = galley_node_first_child(node); r; r = galley_node_next(r)) {
    int cells = 0;
    if (galley_node_get_type(r) == GALLEY_NODE_CAPTION && !caption)
      caption = r;
    if (galley_node_get_type(r) != GALLEY_NODE_TABLE_ROW)
      continue;
    for (c = galley_node_first_child(r); c; c = galley_node_next(c))
      cells += galley_node_get_type(c) == GALLEY_NODE_TABLE_CELL;
    if (cells > n_cols)
      n_cols = cells;
    n_rows++;
    n_header += galley_node_get_row_header(r) != 0;
  }
  if (PU(st->margin_top) > ctx->pending_space)
    ctx->pending_space = PU(st->margin_top);
  /* the table's own break-before applies to its first box (the caption's
   * or the first row's) */
  if (st->break_before == PDF_BREAK_ALWAYS)
    ctx->pending_force = 1;
  if (st->break_before == PDF_BREAK_AVOID)
    ctx->keep_next = 1;
  s_table = pdf_new_struct(ctx, "Table");
  ctx->cur_struct = s_table;
  if (caption) {
    pdf_elem ce;
    pdf_style cs;
    galley_markup m;
    galley_markup_get(caption, &m);
    ce.tag = m.tag;
    ce.classes = m.cls;
    ce.parent = elem;
    ce.prev = NULL;
    pdf_sheet_compute(ctx->sheet, &ce, st, &cs);
    pdf_layout_text_block(ctx, caption, &ce, &cs, left + PU(cs.margin_left),
                          right + PU(cs.margin_right), 0, 0);
    if (n_rows > 0)
      ctx->keep_next = 1; /* the caption stays with the table */
  }
  if (n_rows == 0 || n_cols == 0) {
    ctx->cur_struct = saved;
    pdf_close_block(ctx, st);
    return;
  }

  /* the cells, with the style of each kind */
  if (ctx->n_tables == ctx->cap_tables) {
    ctx->cap_tables = ctx->cap_tables ? ctx->cap_tables * 2 : 4;
    ctx->tables = galley_xreallocarray(ctx->tables, (size_t)ctx->cap_tables,
                                       sizeof *ctx->tables);
  }
  ti = ctx->n_tables++;
  t = &ctx->tables[ti];
  memset(t, 0, sizeof *t);
  t->n_cols = n_cols;
  t->n_header = n_header;
  t->first_row = ctx->n_rows;
  t->n_rows = n_rows;
  t->col_x = galley_xcalloc((size_t)n_cols, sizeof *t->col_x);
  t->col_w = galley_xcalloc((size_t)n_cols, sizeof *t->col_w);
  min_w = galley_xcalloc((size_t)n_cols, sizeof *min_w);
  pref_w = galley_xcalloc((size_t)n_cols, sizeof *pref_w);
  if (n_header > 0)
    s_head = pdf_new_struct(ctx, "THead");
  if (n_header < n_rows)
    s_body = pdf_new_struct(ctx, "TBody");
  /* The elements the style sheet sees: table > thead|tbody > tr > th|td
   * (a cell's siblings are not told: "td + td" does not match). */
  for (k = 0; k < 2; k++) {
    table_elems(k, elem, &e_group[k], &e_row[k], &e_cell[k]);
    pdf_sheet_compute(ctx->sheet, &e_group[k], st, &s_group);
    pdf_sheet_compute(ctx->sheet, &e_row[k], &s_group, &s_row[k]);
    pdf_sheet_compute(ctx->sheet, &e_cell[k], &s_row[k], &s_cell[k]);
  }
  /* One padding for every cell, the body cells' (the header's when the
   * table has no body), so that columns line up; the rule under the
   * header is the header cells' bottom border. */
  for (k = 0; k < 4; k++)
    t->pad[k] = PU(s_cell[n_header == n_rows].padding[k]);
  t->rule_mid = PU(s_cell[1].border_bottom);
  avail = ctx->col_w - left - right;
  if (avail < PU(36))
    avail = PU(36); /* deep nesting: keep a usable measure */
  linear = (double)n_cols * s_cell[0].size * TABLE_MIN_COL_EM > pango_units_to_double(avail);
  k = 0;
  for (r = galley_node_first_child(node); r; r = galley_node_next(r)) {
    int header = galley_node_get_row_header(r) != 0, ri;
    pdf_row *row;
    if (galley_node_get_type(r) != GALLEY_NODE_TABLE_ROW)
      continue;
    if (ctx->n_rows == ctx->cap_rows) {
      ctx->cap_rows = ctx->cap_rows ? ctx->cap_rows * 2 : 64;
      ctx->rows = galley_xreallocarray(ctx->rows, (size_t)ctx->cap_rows, sizeof *ctx->rows);
    }
    ri = ctx->n_rows++;
    row = &ctx->rows[ri];
    memset(row, 0, sizeof *row);
    row->table = ti;
    row->header = header;
    row->cells = galley_xmalloc((size_t)n_cols * sizeof *row->cells);
    for (col = 0; col < n_cols; col++)
      row->cells[col] = -1;
    col = 0;
    if (linear) {
      row->cells[0] = table_cell(ctx, galley_node_first_child(r), 1, &e_cell[header],
                                 &s_cell[header], header);
      k++;
      continue;
    }
    for (c = galley_node_first_child(r); c; c = galley_node_next(c)) {
      int pi, mn, pf;
      pdf_elem ce = e_cell[header];
      pdf_style cs = s_cell[header];
      galley_markup m;
      if (galley_node_get_type(c) != GALLEY_NODE_TABLE_CELL)
        continue;
      /* the cell's own class (its alignment), as the EPUB has it */
      galley_markup_get(c, &m);
      if (m.cls) {
        ce.classes = m.cls;
        pdf_sheet_compute(ctx->sheet, &ce, &s_row[header], &cs);
      }
      pi = table_cell(ctx, c, 0, &ce, &cs, header);
      ctx->rows[ri].cells[col] = pi;
      if (pi >= 0) {
        measure_cell(ctx, pdf_para_at(ctx, pi), &mn, &pf);
        if (mn > min_w[col])
          min_w[col] = mn;
        if (pf > pref_w[col])
          pref_w[col] = pf;
      }
      col++;
    }
    k++;
  }

  /* the columns */
  pad_x = t->pad[1] + t->pad[3];

  for (col = 0; col < n_cols; col++) {
    sum_min += (int64_t)min_w[col] + pad_x;
    sum_pref += (int64_t)pref_w[col] + pad_x;
  }
  if (linear) {
    t->col_w[0] = avail; /* one column the measure wide, the others none */
  } else if (sum_pref <= avail) {
    for (col = 0; col < n_cols; col++)
      t->col_w[col] = pref_w[col] + pad_x;
  } else {
    int64_t *base = galley_xcalloc((size_t)n_cols, sizeof *base);
    int64_t *weight = galley_xcalloc((size_t)n_cols, sizeof *weight);
    if (sum_min <= avail) {
      for (col = 0; col < n_cols; col++) {
        base[col] = (int64_t)min_w[col] + pad_x;
        weight[col] = (int64_t)pref_w[col] - min_w[col];
      }
      share_widths(base, weight, n_cols, sum_pref - sum_min, avail - sum_min, t->col_w);
    } else if (sum_min - (int64_t)n_cols * pad_x * (100 - TABLE_MIN_PAD_PERCENT) / 100 <=
               avail) {
      /* The minimums fit with narrower padding: the padding gives way
       * (to TABLE_MIN_PAD_PERCENT of itself) before any word is broken. */
      int64_t content = sum_min - (int64_t)n_cols * pad_x;
      int pad = (int)((avail - content) / n_cols);
      t->pad[3] = (int)((int64_t)t->pad[3] * pad / pad_x);
      t->pad[1] = pad - t->pad[3];
      pad_x = pad;
      for (col = 0; col < n_cols; col++) {
        base[col] = (int64_t)min_w[col] + pad_x;
        weight[col] = 1;
      }
      share_widths(base, weight, n_cols, n_cols, avail - content - (int64_t)n_cols * pad_x,
                   t->col_w);
    } else {
      /* The minimums do not fit: shared in proportion to them, and the
       * padding shrinks with the columns. */
      for (col = 0; col < n_cols; col++)
        weight[col] = (int64_t)min_w[col] + pad_x;
      share_widths(base, weight, n_cols, sum_min, avail, t->col_w);
      t->pad[1] = (int)((int64_t)t->pad[1] * avail / sum_min);
      t->pad[3] = (int)((int64_t)t->pad[3] * avail / sum_min);
      pad_x = t->pad[1] + t->pad[3];
      overflow = 1;
    }
    free(base);
    free(weight);
  }
  t->width = 0;
  for (col = 0; col < n_cols; col++) {
    t->col_x[col] = t->width;
    t->width += t->col_w[col];
  }
  /* a table narrower than the measure is centred on it */
  t->x = left + (avail > t->width ? (avail - t->width) / 2 : 0);
  t->rule_top = PU(st->border_top);
  t->rule_bottom = PU(st->border_bottom);
  t->linear = linear;
  if (linear)
    galley_diag_add(ctx->diag, galley_node_get_line(node), 0,
                    "a table of %d columns cannot be shown as columns in the text "
                    "block; each row is set as one paragraph, its cells separated by "
                    "\"|\"",
                    n_cols);
  else if (overflow)
    galley_diag_add(ctx->diag, galley_node_get_line(node), 0,
                    "a table of %d columns is wider than the text block; its "
                    "words are broken by force across lines",
                    n_cols);
  free(min_w);
  free(pref_w);

  /* the rows: a box each, their measures set */
  for (k = 0; k < n_rows; k++) {
    pdf_row *row = &ctx->rows[t->first_row + k];
    pdf_box *b;
    for (col = 0; col < n_cols; col++) {
      pdf_para *p;
      if (row->cells[col] < 0)
        continue;
      p = pdf_para_at(ctx, row->cells[col]);
      p->width = t->col_w[col] - pad_x;
      if (p->width < 1)
        p->width = 1;
    }
    row->rule_above = k == 0 ? t->rule_top : 0;
    if (k == n_header - 1)
      row->rule_below = t->rule_mid;
    if (k == n_rows - 1 && t->rule_bottom > row->rule_below)
      row->rule_below = t->rule_bottom;
    ctx->cur_struct = pdf_new_struct(ctx, "TR");
    ctx->structs[ctx->cur_struct].parent = row->header ? s_head : s_body;
    b = pdf_push_box(ctx, PDF_BOX_ROW);
    b->para = t->first_row + k;
    b->x = t->x;
    b->height = PU(st->size * st->line_height);
    b->src_line = galley_node_get_line(node);
    b->space_before = pdf_take_space(ctx, &s_row[row->header]);
    if (k == 0)
      pdf_open_block(ctx, b, &s_row[row->header]);
    else if (k < n_header || (k == n_header && n_header > 0))
      b->allow_break = 0; /* the header stays with the first body row */
  }
  ctx->cur_struct = saved;
  pdf_close_block(ctx, st);
}
