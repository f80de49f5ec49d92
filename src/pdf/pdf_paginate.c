/* pdf_paginate.c: the vertical list cut into pages.
 *
 * Layout has already marked, box by box, whether a page may end before
 * it (widows, orphans, headings kept with what follows, figures and
 * captions kept whole). Pagination fills a page and, at the first box
 * that does not fit, goes back to the last place on the page where a
 * break is allowed. When a page has no such place (a figure taller than
 * the page, a heading followed by a very long unbreakable block), the
 * rules give way and the page breaks where the space runs out. Space
 * above the first box of a page is dropped, as CSS does at a forced or
 * unforced break.
 *
 * A keep that comes only from break-inside: avoid (a block quote, a
 * list the style keeps whole) gives way when honouring it would leave a
 * hole at the page's foot (half the page, or more than filling can hide):
 * the page then ends at the last place the block's own rules (orphans,
 * widows) allow. A page that ends because the next box does not fit is
 * made full: what is left at its foot is spread over the gaps between
 * blocks (each may grow by three quarters) and above the paragraphs set
 * close (PARA_STRETCH of a line), and then, a little, over the leading
 * (FEATHER of a line at most), so facing pages end on one baseline. The
 * cut looks one page ahead: when the next page would end shorter than
 * filling can hide (a paragraph ending a line and a half above the foot,
 * the next unable to put two lines there), this one ends up to LOOK_BACK
 * boxes earlier if both then fill (balance_foot). A page the rules leave
 * shorter than that keeps a ragged foot.
 * Boxes come from the layout as pagination needs them
 * (paragraphs are broken and set ahead on other threads), each page is
 * drawn as soon as it is cut and its boxes dropped, so memory does not
 * grow with the number of pages. Odd pages are right-hand pages, even
 * ones left-hand (as a book's folios), each with its margins (@page
 * :right and :left): pdf_page_left.
 *
 * Notes: a line holding the first reference to a note brings the note
 * (and the notes it references) to its page, whose text then has the
 * notes' height less, and a rule's space (one body line) more. The notes
 * are bottom-aligned: their last baseline is the common baseline, and the
 * text keeps its lines where they would be (in register with the facing
 * page: a page with notes is not filled), the space left going above the
 * rule. When a line's notes do not fit, the last of them is split (as
 * TeX splits an insertion) if at least two of its lines fit with the
 * page ending at the first place after the line its text allows (within
 * SPLIT_LOOKAHEAD lines), the note's own lines cut where its paragraphs
 * allow (their widows and orphans); the rest goes first at the next
 * page's foot (as much as the page holds less CARRY_TEXT_LINES lines of
 * text), and no other note is split while it runs. Otherwise the page
 * ends as for any box that does not fit, and the reference's line moves
 * on with its notes; a page's first line whose note cannot start on it
 * has the note start at the next page's foot. */
#include <stdlib.h>
#include <string.h>

#include "pdf_private.h"
#include "../util/alloc.h"

/* How much a gap between blocks may grow or shrink, as a share of
 * itself, a paragraph set close to the one above (indented, no gap) grow
 * the space above its first line, as a share of that line's height (as
 * LaTeX's \parskip of 0pt plus 1pt), and each line's leading grow, as a
 * share of the line's height, to bring a page's foot to the common
 * baseline. */
#define GAP_STRETCH 0.75
#define GAP_SHRINK 0.3
#define PARA_STRETCH 0.2
#define FEATHER 0.05
/* Lines of text a page keeps under a note continued from the page
 * before, while the text goes on. */
#define CARRY_TEXT_LINES 3
/* Lines past a note's reference a page may take to end where the text
 * allows, when the note is split there. */
#define SPLIT_LOOKAHEAD 10
/* Boxes a full page may end earlier so that the next one fills too. */
#define LOOK_BACK 4

/* What the space above box `b` may grow (grow 1) or shrink by, before
 * the leading: a gap's share, or a close-set paragraph's. */
static double gap_cap(const pdf_box *b, int grow)
{
  if (!grow)
    return b->space_before * GAP_SHRINK;
  if (b->space_before == 0 && b->kind == PDF_BOX_LINE && b->line == 0)
    return b->height * PARA_STRETCH;
  return b->space_before * GAP_STRETCH;
}

/* Moves the foot of a page whose boxes [0, end) are `used` tall to
 * `target` by changing the space above boxes [1, end): growing, first the
 * gaps between blocks and above close-set paragraphs, then every box's
 * leading; shrinking, the gaps only. Cumulative rounding keeps the sum
 * exact. Returns 0 when the page cannot be brought there within the
 * limits (and leaves it as it is); with `apply` 0 only says whether it
 * can. */
static int fill_page(pdf_box *win, int end, int used, int target, int apply)
{
  double cap_gaps = 0, cap_lines = 0, f_gaps = 0, f_lines = 0, acc = 0;
  int k, given = 0, slack = target - used;
  if (slack == 0)
    return 1;
  if (end < 2)
    return 0;
  for (k = 1; k < end; k++) {
    cap_gaps += gap_cap(&win[k], slack > 0);
    cap_lines += win[k].height * FEATHER;
  }
  if (slack < 0) {
    if (-slack > cap_gaps)
      return 0;
    f_gaps = slack / cap_gaps; /* negative: shrink */
  } else {
    if (slack > cap_gaps + cap_lines)
      return 0; /* too short to fill without showing: a ragged foot */
    f_gaps = cap_gaps > 0 ? (slack < cap_gaps ? slack / cap_gaps : 1.0) : 0;
    if (slack > cap_gaps)
      f_lines = (slack - cap_gaps) / cap_lines;
  }
  if (!apply)
    return 1;
  for (k = 1; k < end; k++) {
    int add;
    acc += gap_cap(&win[k], slack > 0) * f_gaps + win[k].height * FEATHER * f_lines;
    add = (int)(acc + (acc < 0 ? -0.5 : 0.5)) - given;
    win[k].space_before += add;
    given += add;
  }
  return 1;
}

double pdf_page_left(const pdf_ctx *ctx, int page)
{
  return page % 2 == 0 ? ctx->verso_left : ctx->margin[3];
}

int pdf_page_grid(const pdf_ctx *ctx)
{
  /* as pdf_paginate's grid */
  int pitch = (int)(ctx->body.size * ctx->body.line_height * PANGO_SCALE + 0.5);
  return pitch > 0 && pitch <= ctx->col_h ? ctx->col_h / pitch * pitch : ctx->col_h;
}

/* Whether a keep that comes from break-inside: avoid gives way: the page
 * would end before box `end` (`ok`, the last place its rules allow, or 0
 * or less for none), `y_ok` tall, with `room_ok` to fill, and ending at
 * the soft place `soft` instead (`y_soft` tall, `room_soft`) fills, where
 * ending at `end` would leave a hole at the foot (half the page, or more
 * than filling can hide). */
static int keep_gives_way(pdf_box *win, int ok, int end, int y_ok, int room_ok, int soft,
                          int y_soft, int room_soft)
{
  return soft > ok &&
         (ok <= 0 || y_ok < room_ok / 2 || !fill_page(win, end, y_ok, room_ok, 0)) &&
         fill_page(win, soft, y_soft, room_soft, 0);
}

/* How far below the body's the foot of a page ending before box `end`
 * is aimed, so that its last line's baseline, not its box, registers: a
 * caption's smaller type sits lower in its line box than a body line. */
static int foot_shift(const pdf_ctx *ctx, const pdf_box *win, int end)
{
  const pdf_para *p;
  if (end <= 0 || win[end - 1].kind != PDF_BOX_LINE)
    return 0;
  p = pdf_para_at(ctx, win[end - 1].para);
  return p->pitch - p->ascent - ctx->body_descent;
}

/* The layout's side of the window, which the look-ahead extends. */
typedef struct feed {
  pdf_box **win;
  int *n, *cap, *block, *keep_lines, *more;
} feed;

/* Box `j` of the window, asking the layout for more when need be; NULL
 * past the text's end. */
static pdf_box *feed_box(pdf_ctx *ctx, const feed *f, int j)
{
  while (j >= *f->n && *f->more)
    *f->more = pdf_layout_next_boxes(ctx, f->block, f->keep_lines, f->win, f->n, f->cap);
  return j < *f->n ? &(*f->win)[j] : NULL;
}

/* Where a page opening at window box `s` would end, as the cut in
 * pdf_paginate makes it for a page without notes: 1 when it ends
 * because the next box does not fit (*end, *used, the height to fill),
 * 0 when the text ends or a break is forced first (nothing to fill), -1
 * when the cut cannot be foreseen here (a note referenced, a table row
 * whose header would repeat). */
static int foresee_page(pdf_ctx *ctx, const feed *f, int s, int grid, int *end, int *used)
{
  int j, y = 0, last_ok = -1, y_ok = 0, last_soft = -1, y_soft = 0;
  for (j = s;; j++) {
    const pdf_box *b = feed_box(ctx, f, j);
    int space;
    if (!b)
      return 0;
    if (j > s && b->force_break)
      return 0;
    if (b->kind == PDF_BOX_ROW ||
        (ctx->n_notes > 0 && pdf_layout_line_notes(ctx, b, NULL, 0) > 0))
      return -1;
    space = j == s ? 0 : b->space_before;
    if (j > s && b->allow_break)
      last_ok = j, y_ok = y;
    else if (j > s && b->soft_break)
      last_soft = j, y_soft = y;
    if (y + space + b->height > grid && j > s) {
      pdf_box *w = *f->win + s;
      *end = last_ok > s ? last_ok : j;
      if (last_ok <= s)
        y_ok = y;
      if (keep_gives_way(w, last_ok - s, *end - s, y_ok, grid, last_soft - s, y_soft, grid))
        *end = last_soft, y_ok = y_soft;
      *used = y_ok;
      return 1;
    }
    y += space + b->height;
  }
}

/* Whether the page of window boxes [s, end), `used` tall, can be brought
 * to the common baseline. */
static int page_fills(const pdf_ctx *ctx, pdf_box *win, int s, int end, int used, int grid)
{
  return fill_page(win + s, end - s, used, grid + foot_shift(ctx, win + s, end - s), 0);
}

/* A full page without notes ending before window box `end` (`used`
 * tall): when the page after it would end short, more than filling can
 * hide (a paragraph ending a line and a half above the foot, the next
 * unable to put two lines there), the page ends up to LOOK_BACK boxes
 * earlier instead, where its own rules allow and it still fills, if the
 * next page then fills (or ends the text). The page cut is otherwise
 * greedy, as TeX's is; this one page of look-ahead is what a typesetter
 * does by hand, running a line back. Returns the end, *used updated. */
static int balance_foot(pdf_ctx *ctx, const feed *f, int end, int grid, int *used)
{
  int e, e2, u2, r = foresee_page(ctx, f, end, grid, &e2, &u2);
  if (r != 1 || page_fills(ctx, *f->win, end, e2, u2, grid))
    return end;
  int y = *used; /* the page's height when it ends before box e */
  for (e = end - 1; e > 0 && e >= end - LOOK_BACK; e--) {
    const pdf_box *w = *f->win;
    y -= w[e].space_before + w[e].height;
    if (!w[e].allow_break)
      continue;
    if (y < grid / 2 || !page_fills(ctx, *f->win, 0, e, y, grid))
      continue;
    r = foresee_page(ctx, f, e, grid, &e2, &u2);
    if (r == 0 || (r == 1 && page_fills(ctx, *f->win, e, e2, u2, grid))) {
      *used = y;
      return e;
    }
  }
  return end;
}

static void free_boxes(pdf_box *boxes, int n)
{
  int i;
  for (i = 0; i < n; i++) {
    free(boxes[i].outline_text);
    free(boxes[i].marker);
  }
}

/* Releases the paragraphs of the running text whose last line is among
 * the `n` boxes just drawn: nothing reads them again (the window holds
 * only what is still to come), and a book's paragraphs held to its end
 * made the layout's memory grow with the pages. A note's paragraphs and
 * a table's cells (drawn again as repeated headers) stay to the end. */
static void release_drawn(pdf_ctx *ctx, const pdf_box *boxes, int n)
{
  int i;
  for (i = 0; i < n; i++) {
    pdf_para *p;
    if (boxes[i].kind != PDF_BOX_LINE || boxes[i].para < 0)
      continue;
    p = pdf_para_at(ctx, boxes[i].para);
    if (p->note == 0 && !p->keep_set && p->n_lines > 0 && boxes[i].line == p->n_lines - 1)
      pdf_release_para(ctx, boxes[i].para);
  }
}

/* ------------------------------------------------------------------ */
/* Notes                                                               */
/* ------------------------------------------------------------------ */

/* A note's lines on a page: [from, to) of its line boxes. */
typedef struct note_part {
  int note, from, to;
} note_part;

typedef struct note_state {
  pdf_box **lines;      /* owned, by note number: its line boxes, NULL
                           until its first reference is met */
  int *n_lines;
  char *placed;         /* 1: set on a page already cut */
  note_part *parts;     /* owned: the notes of the page being cut */
  int n_parts, cap_parts;
  note_part carry;      /* the rest of a note split at a page's foot
                           (note 0: none) */
  int *fresh;           /* owned: scratch, notes new at a box */
  int n_fresh, cap_fresh;
  int sep;              /* the space the rule takes over the notes */
} note_state;

static const pdf_box *note_lines(pdf_ctx *ctx, note_state *ns, int k)
{
  if (!ns->lines[k]) {
    ns->n_lines[k] = pdf_layout_note_lines(ctx, k, &ns->lines[k]);
    if (!ns->lines[k])
      ns->lines[k] = galley_xcalloc(1, sizeof *ns->lines[k]);
  }
  return ns->lines[k];
}

static int lines_height(const pdf_box *lines, int from, int to)
{
  int i, h = 0;
  for (i = from; i < to; i++)
    h += (i == from ? 0 : lines[i].space_before) + lines[i].height;
  return h;
}

static int note_on_page(const note_state *ns, int k)
{
  int i;
  if (ns->placed[k] || ns->carry.note == k)
    return 1;
  for (i = 0; i < ns->n_parts; i++)
    if (ns->parts[i].note == k)
      return 1;
  return 0;
}

static void push_part(note_state *ns, int note, int from, int to)
{
  if (ns->n_parts == ns->cap_parts) {
    ns->cap_parts = ns->cap_parts ? ns->cap_parts * 2 : 8;
    ns->parts = galley_xreallocarray(ns->parts, (size_t)ns->cap_parts, sizeof *ns->parts);
  }
  ns->parts[ns->n_parts].note = note;
  ns->parts[ns->n_parts].from = from;
  ns->parts[ns->n_parts].to = to;
  ns->n_parts++;
}

static void push_fresh(note_state *ns, int k)
{
  int i;
  for (i = 0; i < ns->n_fresh; i++)
    if (ns->fresh[i] == k)
      return;
  if (ns->n_fresh == ns->cap_fresh) {
    ns->cap_fresh = ns->cap_fresh ? ns->cap_fresh * 2 : 8;
    ns->fresh = galley_xreallocarray(ns->fresh, (size_t)ns->cap_fresh, sizeof *ns->fresh);
  }
  ns->fresh[ns->n_fresh++] = k;
}

/* The notes box `b` brings to the page (its references to notes not yet
 * set, and the notes these reference in turn) into ns->fresh, and
 * their height whole. */
static void push_refs(pdf_ctx *ctx, note_state *ns, const pdf_box *b)
{
  int small[16], *refs = small, n, i;
  n = pdf_layout_line_notes(ctx, b, refs, 16);
  if (n > 16) {
    refs = galley_xreallocarray(NULL, (size_t)n, sizeof *refs);
    pdf_layout_line_notes(ctx, b, refs, n);
  }
  for (i = 0; i < n; i++)
    if (!note_on_page(ns, refs[i]))
      push_fresh(ns, refs[i]);
  if (refs != small)
    free(refs);
}

static int fresh_notes(pdf_ctx *ctx, note_state *ns, const pdf_box *b)
{
  int i, j, h = 0;
  ns->n_fresh = 0;
  push_refs(ctx, ns, b);
  /* a worklist: notes referenced from the notes just found */
  for (i = 0; i < ns->n_fresh; i++) {
    int k = ns->fresh[i];
    const pdf_box *lines = note_lines(ctx, ns, k);
    h += lines_height(lines, 0, ns->n_lines[k]);
    for (j = 0; j < ns->n_lines[k]; j++)
      push_refs(ctx, ns, &lines[j]);
  }
  return h;
}

/* The most lines of note `k` from line `from` that fit in `room`, at
 * least `min` of them, ending where the note's paragraphs allow a break
 * (their widows and orphans) if there is such a place; 0 when fewer than
 * `min` fit. */
static int lines_that_fit(note_state *ns, int k, int from, int room, int min)
{
  const pdf_box *lines = ns->lines[k];
  int n = ns->n_lines[k], to, best = 0, best_ok = 0, h = 0;
  for (to = from; to < n; to++) {
    h += (to == from ? 0 : lines[to].space_before) + lines[to].height;
    if (h > room)
      break;
    if (to + 1 - from >= min) {
      best = to + 1 - from;
      if (to + 1 == n || lines[to + 1].allow_break)
        best_ok = best;
    }
  }
  return best_ok ? best_ok : best;
}

static void notes_free(note_state *ns, int n_notes)
{
  int k, i;
  for (k = 0; k <= n_notes; k++)
    if (ns->lines && ns->lines[k]) {
      for (i = 0; i < ns->n_lines[k]; i++) {
        free(ns->lines[k][i].outline_text);
        free(ns->lines[k][i].marker);
      }
      free(ns->lines[k]);
    }
  free(ns->lines);
  free(ns->n_lines);
  free(ns->placed);
  free(ns->parts);
  free(ns->fresh);
}

/* The notes of a page in drawing order, bottom-aligned: the last line's
 * baseline on the common baseline (`grid` less the body's descent), the
 * rule above the first. `body_descent` is the body lines' depth below
 * their baseline. */
static void page_notes(const note_state *ns, int grid, int body_descent,
                       const pdf_ctx *ctx, pdf_box **io_boxes, int **io_note,
                       pdf_page_notes *out)
{
  int i, j, n = 0, h = 0, last_descent = body_descent;
  for (i = 0; i < ns->n_parts; i++)
    n += ns->parts[i].to - ns->parts[i].from;
  *io_boxes = galley_xreallocarray(*io_boxes, (size_t)n + 1, sizeof **io_boxes);
  *io_note = galley_xreallocarray(*io_note, (size_t)n + 1, sizeof **io_note);
  n = 0;
  for (i = 0; i < ns->n_parts; i++) {
    const note_part *pt = &ns->parts[i];
    for (j = pt->from; j < pt->to; j++) {
      (*io_boxes)[n] = ns->lines[pt->note][j];
      if (j == pt->from)
        (*io_boxes)[n].space_before = 0;
      (*io_note)[n] = pt->from > 0 ? -pt->note : pt->note;
      h += (n == 0 ? 0 : (*io_boxes)[n].space_before) + (*io_boxes)[n].height;
      n++;
    }
  }
  if (n > 0 && (*io_boxes)[n - 1].kind == PDF_BOX_LINE) {
    const pdf_para *p = pdf_para_at(ctx, (*io_boxes)[n - 1].para);
    last_descent = p->pitch - p->ascent;
  }
  out->boxes = *io_boxes;
  out->note = *io_note;
  out->n = n;
  out->top = grid - h - (body_descent - last_descent);
  out->rule_y = out->top - ns->sep / 2;
}

galley_status pdf_paginate(pdf_ctx *ctx, cairo_t *cr, cairo_surface_t *surface)
{
  /* The window: boxes from the first of the page being cut to as far as
   * it has looked; those drawn are dropped, so it holds about a page. */
  pdf_box *win = NULL;
  int n = 0, cap = 0, block = 0, keep_lines = 0, page = 0, more = 1;
  /* The text block is as tall as the body lines the column holds, as a
   * book's is: its foot is the common baseline every full page ends on
   * (the rest of the column joins the bottom margin). */
  int pitch = (int)(ctx->body.size * ctx->body.line_height * PANGO_SCALE + 0.5);
  int grid = pitch > 0 && pitch <= ctx->col_h ? ctx->col_h / pitch * pitch : ctx->col_h;
  note_state ns;
  pdf_box *note_boxes = NULL;
  int *note_of = NULL;
  memset(&ns, 0, sizeof ns);
  ns.lines = galley_xcalloc((size_t)ctx->n_notes + 1, sizeof *ns.lines);
  ns.n_lines = galley_xcalloc((size_t)ctx->n_notes + 1, sizeof *ns.n_lines);
  ns.placed = galley_xcalloc((size_t)ctx->n_notes + 1, 1);
  ns.sep = pitch;
  /* Cairo 1.16 reserves an object for the structure tree as soon as a
   * link tag is used and writes it only when structure tags exist: with
   * links and no structure the xref points at nothing (qpdf: "file is
   * damaged"). The text is wrapped in a Document structure element
   * anyway, holding one element per block (pdf_draw.c). */
  if (cr && pdf_draw_cover(ctx, cr, surface) != GALLEY_OK)
    goto out;
  if (cr)
    cairo_tag_begin(cr, "Document", "");
  while (ctx->status == GALLEY_OK) {
    int y = 0, j = 0, end, last_ok = -1, y_ok = 0, last_soft = -1, y_soft = 0, full = 0;
    /* the notes' height on the page (0: none; else with the rule's
     * space), and the parts and height at each place the page may end */
    int nh = 0, np_ok = 0, nh_ok = 0, np_soft = 0, nh_soft = 0;
    pdf_page_notes pn;
    while (n == 0 && more)
      more = pdf_layout_next_boxes(ctx, &block, &keep_lines, &win, &n, &cap);
    ns.n_parts = 0;
    if (n == 0 && !ns.carry.note) {
      /* The text has ended: a note nothing referenced goes at the foot
       * of a page of its own, rather than nowhere. */
      int k;
      for (k = 1; k <= ctx->n_notes && !ns.carry.note; k++)
        if (!ns.placed[k] && note_lines(ctx, &ns, k) && ns.n_lines[k] > 0) {
          ns.carry.note = k;
          ns.carry.from = 0;
        } else {
          ns.placed[k] = 1;
        }
    }
    if (ns.carry.note) {
      /* A note split on the page before goes on first, as much of it as
       * the page holds (as TeX continues an insertion) less three lines
       * of text while the text goes on. */
      note_part c = ns.carry;
      int room = (n > 0 ? grid - CARRY_TEXT_LINES * pitch : grid) - ns.sep;
      int k = lines_that_fit(&ns, c.note, c.from, room, 1);
      if (k == 0)
        k = 1; /* a line taller than the room: set it all the same */
      push_part(&ns, c.note, c.from, c.from + k);
      nh = ns.sep + lines_height(ns.lines[c.note], c.from, c.from + k);
      ns.carry.from += k;
      if (ns.carry.from >= ns.n_lines[c.note])
        ns.carry.note = 0;
    }
    if (n == 0 && ns.n_parts == 0)
      break;
    end = -1;
    for (;; j++) {
      const pdf_box *b;
      int space, add;
      while (j >= n && more)
        more = pdf_layout_next_boxes(ctx, &block, &keep_lines, &win, &n, &cap);
      if (j >= n) {
        end = n;
        break;
      }
      b = &win[j];
      space = j == 0 ? 0 : b->space_before;
      if (j > 0 && b->force_break) {
        end = j;
        break;
      }
      if (j > 0 && b->allow_break)
        last_ok = j, y_ok = y, np_ok = ns.n_parts, nh_ok = nh;
      else if (j > 0 && b->soft_break)
        last_soft = j, y_soft = y, np_soft = ns.n_parts, nh_soft = nh;
      add = ctx->n_notes > 0 ? fresh_notes(ctx, &ns, b) : 0;
      if (ns.n_fresh > 0 && nh == 0)
        add += ns.sep;
      if (y + space + b->height + nh + add > grid && (j > 0 || ns.n_fresh > 0)) {
        /* The line with the references fits, its notes do not: the last
         * of them is split (as TeX does), two of its lines at least on
         * this page, the page ending at the first place after the line
         * its text allows (widows, orphans), a few lines on at most
         * (and no note already going on to the next page). */
        int m = -1, extra = 0;
        if (ns.n_fresh > 0 && !ns.carry.note && y + space + b->height + nh <= grid) {
          for (m = j + 1;; m++) {
            while (m >= n && more)
              more = pdf_layout_next_boxes(ctx, &block, &keep_lines, &win, &n, &cap);
            if (m >= n || win[m].allow_break || win[m].force_break)
              break;
            if (m - j > SPLIT_LOOKAHEAD || pdf_layout_line_notes(ctx, &win[m], NULL, 0) > 0) {
              m = -1;
              break;
            }
            extra += win[m].space_before + win[m].height;
          }
          b = &win[j];
        }
        if (m > j) {
          int last = ns.fresh[ns.n_fresh - 1], f, k;
          int whole = add - lines_height(ns.lines[last], 0, ns.n_lines[last]);
          int room = grid - (y + space + b->height + extra + nh + whole);
          k = lines_that_fit(&ns, last, 0, room, j == 0 ? 1 : 2);
          if (k > 0) {
            for (f = 0; f + 1 < ns.n_fresh; f++)
              push_part(&ns, ns.fresh[f], 0, ns.n_lines[ns.fresh[f]]);
            push_part(&ns, last, 0, k);
            ns.carry.note = last;
            ns.carry.from = k;
            end = m;
            break;
          }
        }
        if (j == 0 && ns.carry.note) {
          /* A note continued here goes on past this page, and the
           * page's first line brings more: the page holds the note
           * alone, the text waits for the room. */
          end = 0;
          break;
        }
        if (j == 0) {
          /* The first line of the page, whose last note cannot be split
           * here (the others go on it whatever their height): that note
           * starts at the next page's foot, and the page goes on. */
          int f, last = ns.fresh[ns.n_fresh - 1];
          for (f = 0; f + 1 < ns.n_fresh; f++)
            push_part(&ns, ns.fresh[f], 0, ns.n_lines[ns.fresh[f]]);
          nh += add - lines_height(ns.lines[last], 0, ns.n_lines[last]);
          if (ns.n_fresh == 1 && nh == ns.sep)
            nh = 0; /* no note on the page after all */
          ns.carry.note = last;
          ns.carry.from = 0;
          y += space + b->height;
          continue;
        }
        end = last_ok > 0 ? last_ok : j;
        if (last_ok <= 0)
          y_ok = y, np_ok = ns.n_parts, nh_ok = nh;
        /* A keep that would leave a hole at the page's foot (more than
         * filling can hide, or half the page) gives way where it can. */
        if (keep_gives_way(win, last_ok, end, y_ok, grid - nh_ok, last_soft, y_soft,
                           grid - nh_soft))
          end = last_soft, y_ok = y_soft, np_ok = np_soft, nh_ok = nh_soft;
        ns.n_parts = np_ok;
        nh = nh_ok;
        full = 1;
        break;
      }
      {
        int f;
        for (f = 0; f < ns.n_fresh; f++)
          push_part(&ns, ns.fresh[f], 0, ns.n_lines[ns.fresh[f]]);
      }
      nh += add;
      y += space + b->height;
    }
    page++;
    /* A page with notes keeps its text on the lines it has (in register
     * with the facing page) and the notes on the common baseline; the
     * space left goes above the rule. */
    if (full && ns.n_parts == 0) {
      if (!ns.carry.note) {
        feed f = { &win, &n, &cap, &block, &keep_lines, &more };
        end = balance_foot(ctx, &f, end, grid, &y_ok);
      }
      fill_page(win, end, y_ok, grid + foot_shift(ctx, win, end), 1);
    }
    if (ns.n_parts > 0) {
      int k;
      page_notes(&ns, grid, ctx->body_descent, ctx, &note_boxes, &note_of, &pn);
      for (k = 0; k < ns.n_parts; k++)
        ns.placed[ns.parts[k].note] = 1;
    }
    pdf_layout_map_page(ctx, win, end, page);
    if (cr && pdf_draw_page(ctx, cr, surface, win, 0, end, page,
                            ns.n_parts > 0 ? &pn : NULL) != GALLEY_OK)
      break;
    release_drawn(ctx, win, end);
    free_boxes(win, end);
    memmove(win, win + end, (size_t)(n - end) * sizeof *win);
    n -= end;
    /* a table crossing the page repeats its header rows on the next */
    if (n > 0)
      pdf_layout_repeat_header(ctx, 0, &win, &n, &cap);
  }
  if (!cr)
    goto out; /* pages cut, none drawn (layout_only) */
  if (page == 0 && ctx->status == GALLEY_OK)
    /* An empty document is still a PDF with one (empty) page. */
    pdf_draw_page(ctx, cr, surface, win, 0, 0, 1, NULL);
  pdf_draw_end(ctx, cr);
  cairo_tag_end(cr, "Document");
out:
  free_boxes(win, n);
  free(win);
  free(note_boxes);
  free(note_of);
  notes_free(&ns, ctx->n_notes);
  return ctx->status;
}
