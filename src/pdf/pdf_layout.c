/* pdf_layout.c: the document model laid out into a vertical list.
 *
 * Each block gets its computed style from the sheet (as the element the
 * EPUB writer emits for it). Each inline container becomes a pdf_para:
 * its text with whitespace collapsed and soft hyphens inserted, and spans
 * saying which font and link each run has. A paragraph is shaped once,
 * whole, on one unwrapped PangoLayout; Pango's log attrs give the places
 * a line may end and the glyph widths give cumulative widths, which the
 * line breaker (pdf_break.c) turns into lines. Each line becomes a box of
 * the vertical list, marked with whether a page may end before it: that
 * is where widows, orphans, keep-with-next and figures are decided, so
 * pagination itself only has to find the last allowed place.
 *
 * The layout threads then set each line from the paragraph's own glyph
 * runs, cut at the line's ends (a hyphen shaped alone where one is
 * added), and spread the difference to the measure over its spaces
 * (shrinking too, which Pango's justification cannot). A line those runs
 * cannot give (right-to-left text, a ligature across its end), and the
 * lines of a paragraph too long to set ahead, are shaped again on their
 * own layout (set_line, pdf_layout_set_line).
 *
 * Notes (the DOCUMENT's FOOTNOTE children) are laid out first, into a
 * list of their own (layout_notes), each opening with its number; a
 * reference is its number in superior figures, its span naming the note,
 * so that pagination finds which lines bring which notes
 * (pdf_layout_line_notes). */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_private.h"
#include "../util/alloc.h"
#include "../util/image.h"
#include "../util/link.h"
#include "../util/utf8.h"

/* Beyond this depth of nested blocks (quotes in quotes...) the layout
 * stops indenting and walks the rest flat, so the C stack stays small
 * whatever the input. */
#define LAYOUT_MAX_DEPTH 48
/* Inline nesting that gets its own style; deeper inlines take the style
 * of the 24th level. */
#define INLINE_MAX_DEPTH 24
/* \exhyphenpenalty; \hyphenpenalty is the language's (pdf_hyph_penalty). */
#define EXPLICIT_HYPHEN_PENALTY 50
/* A break after a dash or slash with no hyphen shown. */
#define OTHER_BREAK_PENALTY 100
/* A break inside a word too wide for the measure: a last resort. */
#define EMERGENCY_BREAK_PENALTY 1000
/* Longer paragraphs keep only their breaks: their lines (glyphs of the
 * whole paragraph) are set one by one as they are drawn. They are also
 * broken a window at a time (BREAK_WINDOW_BYTES), not shaped whole. */
#define SET_AHEAD_MAX_BYTES (256 * 1024)
/* The text a very long paragraph is shaped and broken in at a time.
 * Shaping and total-fit breaking take a few hundred bytes for each byte
 * of text they see (glyphs, HarfBuzz buffers, break points, breaker
 * nodes), so a 20 MB paragraph shaped whole took gigabytes; a window
 * keeps that to tens of megabytes whatever the paragraph's length. */
#define BREAK_WINDOW_BYTES (64 * 1024)
/* Lines after a heading that must share its page. */
#define HEADING_KEEP_LINES 2

#define PU(pt) ((int)((pt) * PANGO_SCALE + 0.5))
/* An image pixel is a CSS px: 0.75pt, so a 600-pixel picture is drawn
 * 450pt wide unless the column is narrower. */
#define IMAGE_PT_PER_PX 0.75
/* A figure's picture takes at most this share of the page height, so
 * that its caption fits on the same page. */
#define IMAGE_MAX_HEIGHT_SHARE 0.7

/* ------------------------------------------------------------------ */
/* Context helpers                                                     */
/* ------------------------------------------------------------------ */

galley_status pdf_fail(pdf_ctx *ctx, galley_status code, const char *fmt, ...)
{
  char msg[GALLEY_ERROR_MESSAGE_MAX];
  va_list ap;
  if (ctx->status != GALLEY_OK)
    return ctx->status;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  ctx->status = code;
  galley_error_set(ctx->err, code, 0, "%s", msg);
  return code;
}

/* pdf_ctx_font, with superior figures when `sups`. */
static int ctx_font(pdf_ctx *ctx, const pdf_style *style, int no_hyphens, int sups)
{
  PangoFontDescription *desc = pango_font_description_new();
  int i;
  unsigned color = style->color;
  pango_font_description_set_family(desc, style->family);
  pango_font_description_set_size(desc, PU(style->size));
  pango_font_description_set_weight(desc, (PangoWeight)style->weight);
  pango_font_description_set_style(desc, style->italic ? PANGO_STYLE_ITALIC
                                                       : PANGO_STYLE_NORMAL);
  for (i = 0; i < ctx->n_fonts; i++) {
    pdf_font *f = &ctx->fonts[i];
    if (f->smallcaps == style->smallcaps && f->color == color && f->sups == sups &&
        f->no_hyphens == no_hyphens && f->strike == style->strike &&
        pango_font_description_equal(f->desc, desc)) {
      pango_font_description_free(desc);
      return i;
    }
  }
  if (ctx->n_fonts == ctx->cap_fonts) {
    ctx->cap_fonts = ctx->cap_fonts ? ctx->cap_fonts * 2 : 16;
    ctx->fonts = galley_xreallocarray(ctx->fonts, (size_t)ctx->cap_fonts,
                                      sizeof *ctx->fonts);
  }
  ctx->fonts[ctx->n_fonts].desc = desc;
  ctx->fonts[ctx->n_fonts].smallcaps = style->smallcaps;
  ctx->fonts[ctx->n_fonts].sups = sups;
  ctx->fonts[ctx->n_fonts].color = color;
  ctx->fonts[ctx->n_fonts].no_hyphens = no_hyphens;
  ctx->fonts[ctx->n_fonts].strike = style->strike;
  ctx->fonts[ctx->n_fonts].ascent = -1;
  ctx->fonts[ctx->n_fonts].descent = -1;
  ctx->fonts[ctx->n_fonts].hyphen_width = -1;
  return ctx->n_fonts++;
}

int pdf_ctx_font(pdf_ctx *ctx, const pdf_style *style, int no_hyphens)
{
  return ctx_font(ctx, style, no_hyphens, 0);
}

static void font_metrics(pdf_ctx *ctx, int font)
{
  pdf_font *f = &ctx->fonts[font];
  PangoFontMetrics *m;
  if (f->ascent >= 0)
    return;
  m = pango_context_get_metrics(ctx->pango, f->desc, NULL);
  f->ascent = pango_font_metrics_get_ascent(m);
  f->descent = pango_font_metrics_get_descent(m);
  pango_font_metrics_unref(m);
}

/* Adds the attributes of `font` over bytes [start, end) of a layout. */
static void add_font_attrs(const pdf_ctx *ctx, PangoAttrList *list, int font,
                           int start, int end)
{
  const pdf_font *f = &ctx->fonts[font];
  PangoAttribute *a = pango_attr_font_desc_new(f->desc);
  a->start_index = (guint)start;
  a->end_index = (guint)end;
  pango_attr_list_insert(list, a);
  if (f->smallcaps || f->sups) {
    /* Noto Serif has real small capitals (OpenType smcp, and c2sc for
     * capitals): far better than scaled-down capitals. Its superior
     * figures (sups) are drawn for the purpose, raised and light enough
     * to stand beside the text, which a scaled-down figure is not. */
    a = pango_attr_font_features_new(f->sups ? "sups"
                                     : f->smallcaps == 2 ? "smcp, c2sc" : "smcp");
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(list, a);
  }
  if (f->strike) {
    /* Drawn by Pango's renderer for a layout line, and by pdf_draw.c for
     * a line set ahead (glyph runs carry it in their extra attributes). */
    a = pango_attr_strikethrough_new(TRUE);
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(list, a);
  }
  if (f->color) {
    a = pango_attr_foreground_new((guint16)((f->color >> 16 & 0xff) * 257),
                                  (guint16)((f->color >> 8 & 0xff) * 257),
                                  (guint16)((f->color & 0xff) * 257));
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(list, a);
  }
}

static int hyphen_width(pdf_ctx *ctx, int font)
{
  pdf_font *f = &ctx->fonts[font];
  if (f->hyphen_width < 0) {
    PangoAttrList *list = pango_attr_list_new();
    PangoRectangle logical;
    add_font_attrs(ctx, list, font, 0, 1);
    pango_layout_set_text(ctx->line_layout, "-", 1);
    pango_layout_set_attributes(ctx->line_layout, list);
    pango_attr_list_unref(list);
    pango_layout_get_extents(ctx->line_layout, NULL, &logical);
    f->hyphen_width = logical.width;
  }
  return f->hyphen_width;
}

static int has_heading_id(const pdf_ctx *ctx, const char *id)
{
  int i;
  for (i = 0; i < ctx->n_ids; i++)
    if (strcmp(ctx->ids[i], id) == 0)
      return 1;
  return 0;
}

/* The link of a LINK node, by the policy both editions share
 * (util/link.h): its index in ctx->links, which holds the URI of an
 * external link or "#id" of a heading, or -1 (with a warning at `line`)
 * when the link stays plain text. */
static int add_link(pdf_ctx *ctx, const galley_node *node, int line)
{
  galley_link link;
  galley_buf target = GALLEY_BUF_INIT;
  galley_link_classify(galley_node_get_url(node), &link);
  if (link.kind == GALLEY_LINK_EXTERNAL) {
    galley_link_put_target(&target, &link);
  } else if (link.kind == GALLEY_LINK_ANCHOR) {
    galley_buf_putc(&target, '#');
    galley_link_put_anchor_id(&target, &link);
    if (!has_heading_id(ctx, galley_buf_cstr(&target) + 1))
      galley_buf_clear(&target);
  }
  if (target.len == 0) {
    galley_buf_free(&target);
    galley_link_warn(ctx->diag, line, &link);
    return -1;
  }
  if (ctx->n_links == ctx->cap_links) {
    ctx->cap_links = ctx->cap_links ? ctx->cap_links * 2 : 8;
    ctx->links = galley_xreallocarray(ctx->links, (size_t)ctx->cap_links,
                                      sizeof *ctx->links);
  }
  ctx->links[ctx->n_links] = galley_buf_detach(&target, NULL);
  return ctx->n_links++;
}

static pdf_box *push_box(pdf_ctx *ctx, pdf_box_kind kind)
{
  pdf_box *b;
  if (ctx->n_boxes == ctx->cap_boxes) {
    ctx->cap_boxes = ctx->cap_boxes ? ctx->cap_boxes * 2 : 256;
    ctx->boxes = galley_xreallocarray(ctx->boxes, (size_t)ctx->cap_boxes,
                                      sizeof *ctx->boxes);
  }
  b = &ctx->boxes[ctx->n_boxes++];
  memset(b, 0, sizeof *b);
  b->kind = kind;
  b->para = -1;
  b->image = -1;
  b->container = ctx->cur_struct;
  b->allow_break = 1;
  if (ctx->pending_marker) {
    b->marker = ctx->pending_marker;
    b->marker_x = ctx->pending_marker_x;
    b->marker_font = ctx->pending_marker_font;
    ctx->pending_marker = NULL;
  }
  return b;
}

/* ------------------------------------------------------------------ */
/* Building a paragraph's text                                         */
/* ------------------------------------------------------------------ */

typedef struct para_builder {
  galley_buf text;     /* the paragraph text so far */
  pdf_span *spans;     /* owned until handed to the pdf_para */
  int n_spans, cap_spans;
  int at_space;        /* 1: the text ends in a space or is empty */
  int no_hyphens;      /* 1: a heading or title line, never hyphenated */
  int note;            /* the note whose reference is being appended, 0:
                          none */
  galley_buf tmp;      /* scratch for collapsing */
  pdf_source *sources; /* owned until handed to the pdf_para */
  int n_sources, cap_sources;
} para_builder;

/* Records that bytes [start, end) of the text come from the literal of
 * `node` (a TEXT, CODE or CODE_BLOCK), for the page map. */
static void add_source(para_builder *pb, int start, int end, const galley_node *node,
                       int preserve)
{
  if (end <= start)
    return;
  if (pb->n_sources == pb->cap_sources) {
    pb->cap_sources = pb->cap_sources ? pb->cap_sources * 2 : 8;
    pb->sources = galley_xreallocarray(pb->sources, (size_t)pb->cap_sources,
                                       sizeof *pb->sources);
  }
  pb->sources[pb->n_sources].start = start;
  pb->sources[pb->n_sources].end = end;
  pb->sources[pb->n_sources].node = node;
  pb->sources[pb->n_sources].preserve = preserve;
  pb->n_sources++;
}

static void add_span(para_builder *pb, int start, int end, int font, int link,
                     int line)
{
  pdf_span *last = pb->n_spans ? &pb->spans[pb->n_spans - 1] : NULL;
  if (end <= start)
    return;
  if (last && last->end == start && last->font == font && last->link == link &&
      last->note == pb->note) {
    last->end = end;
    return;
  }
  if (pb->n_spans == pb->cap_spans) {
    pb->cap_spans = pb->cap_spans ? pb->cap_spans * 2 : 8;
    pb->spans = galley_xreallocarray(pb->spans, (size_t)pb->cap_spans,
                                     sizeof *pb->spans);
  }
  pb->spans[pb->n_spans].start = start;
  pb->spans[pb->n_spans].end = end;
  pb->spans[pb->n_spans].font = font;
  pb->spans[pb->n_spans].link = link;
  pb->spans[pb->n_spans].line = line;
  pb->spans[pb->n_spans].note = pb->note;
  pb->n_spans++;
}

/* Appends text in `font`. Whitespace collapses to single spaces (CSS
 * white-space: normal) unless `preserve` (code blocks: tabs become four
 * spaces, newlines forced breaks). */
static void append_text(pdf_ctx *ctx, para_builder *pb, const char *s, size_t len,
                        int font, int link, int line, int hyphenate, int preserve)
{
  size_t i = 0;
  int start = (int)pb->text.len;
  galley_buf_clear(&pb->tmp);
  while (i < len) {
    int32_t c;
    size_t step = galley_utf8_decode(s + i, len - i, &c);
    if (c < 0)
      c = 0xFFFD;
    if (preserve) {
      if (c == '\n')
        galley_buf_puts(&pb->tmp, "\xE2\x80\xA8");
      else if (c == '\t')
        galley_buf_puts(&pb->tmp, "    ");
      else if (c == '\r')
        ;
      else if (c < 0x20)
        galley_utf8_encode(&pb->tmp, 0xFFFD);
      else
        galley_buf_put(&pb->tmp, s + i, step);
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
               (galley_utf8_is_space(c) && c != 0xA0)) {
      if (!pb->at_space)
        galley_buf_putc(&pb->tmp, ' ');
      pb->at_space = 1;
    } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
      /* Controls have no glyph; they would only show as boxes. */
    } else {
      galley_buf_put(&pb->tmp, s + i, step);
      pb->at_space = 0;
    }
    i += step;
  }
  if (preserve)
    pb->at_space = 0;
  if (hyphenate && ctx->hyph && !pb->no_hyphens)
    pdf_hyph_append(ctx->hyph, pb->tmp.ptr ? pb->tmp.ptr : "", pb->tmp.len, &pb->text);
  else
    galley_buf_put(&pb->text, pb->tmp.ptr ? pb->tmp.ptr : "", pb->tmp.len);
  add_span(pb, start, (int)pb->text.len, font, link, line);
}

/* Removes `n` bytes at `at` from the text, moving the spans after it. */
static void cut_text(para_builder *pb, size_t at, size_t n)
{
  int i;
  memmove(pb->text.ptr + at, pb->text.ptr + at + n, pb->text.len - at - n);
  galley_buf_truncate(&pb->text, pb->text.len - n);
  for (i = 0; i < pb->n_spans; i++) {
    pdf_span *sp = &pb->spans[i];
    if (sp->start > (int)at)
      sp->start = sp->start - (int)n < (int)at ? (int)at : sp->start - (int)n;
    if (sp->end > (int)at)
      sp->end = sp->end - (int)n < (int)at ? (int)at : sp->end - (int)n;
  }
  for (i = 0; i < pb->n_sources; i++) {
    pdf_source *so = &pb->sources[i];
    if (so->start > (int)at)
      so->start = so->start - (int)n < (int)at ? (int)at : so->start - (int)n;
    if (so->end > (int)at)
      so->end = so->end - (int)n < (int)at ? (int)at : so->end - (int)n;
  }
}

/* The last word before the paragraph's end and before each forced line
 * break keeps PDF_HYPH_LAST_MIN letters after its last hyphenation point
 * (soft hyphens that would leave less go), so no line ends the
 * paragraph on a stub such as "ful.". */
static void keep_last_words(para_builder *pb)
{
  size_t end = pb->text.len;
  for (;;) {
    size_t at;
    while ((at = pdf_hyph_find_short_tail(pb->text.ptr, end)) != (size_t)-1) {
      cut_text(pb, at, 2);
      end -= 2;
    }
    /* the forced break (U+2028) before `end`, if any */
    while (end >= 3 && memcmp(pb->text.ptr + end - 3, "\xE2\x80\xA8", 3) != 0)
      end--;
    if (end < 3)
      break;
    end -= 3;
  }
}

static void trim_trailing_space(para_builder *pb)
{
  while (pb->text.len > 0 && pb->text.ptr[pb->text.len - 1] == ' ') {
    galley_buf_truncate(&pb->text, pb->text.len - 1);
    while (pb->n_spans > 0) {
      pdf_span *l = &pb->spans[pb->n_spans - 1];
      if (l->end > (int)pb->text.len)
        l->end = (int)pb->text.len;
      if (l->end > l->start)
        break;
      pb->n_spans--;
    }
  }
}

static void elem_of_inline(const galley_node *n, const char **tag, const char **cls)
{
  *cls = NULL;
  switch (galley_node_get_type(n)) {
  case GALLEY_NODE_EMPH: *tag = "em"; break;
  case GALLEY_NODE_STRONG: *tag = "strong"; break;
  case GALLEY_NODE_SMALLCAPS: *tag = "span"; *cls = "smallcaps"; break;
  case GALLEY_NODE_DATELINE: *tag = "span"; *cls = "dateline"; break;
  case GALLEY_NODE_LINK: *tag = "a"; break;
  case GALLEY_NODE_CODE: *tag = "code"; break;
  case GALLEY_NODE_IMAGE: *tag = "img"; break;
  case GALLEY_NODE_DELETE: *tag = "del"; break;
  case GALLEY_NODE_FOOTNOTE_REF: *tag = "a"; *cls = "noteref"; break;
  default: *tag = "span"; break;
  }
}

/* The link from a note's reference to the note (`back` 0) or from the
 * note's number back to its first reference (`back` 1): its index in
 * ctx->links, "#" and the destination pdf_draw.c places. */
static int note_link(pdf_ctx *ctx, int note, int back)
{
  int *slot = &ctx->note_links[2 * (note - 1) + back];
  char name[64];
  if (*slot >= 0 || *slot == -2)
    return *slot >= 0 ? *slot : -1; /* -2: a note nothing references */
  snprintf(name, sizeof name, "#" PDF_NOTE_DEST_FMT, back ? "noteref" : "note", note);
  if (ctx->n_links == ctx->cap_links) {
    ctx->cap_links = ctx->cap_links ? ctx->cap_links * 2 : 8;
    ctx->links = galley_xreallocarray(ctx->links, (size_t)ctx->cap_links,
                                      sizeof *ctx->links);
  }
  ctx->links[ctx->n_links] = galley_xstrdup(name);
  *slot = ctx->n_links++;
  return *slot;
}

/* Appends the number of note `note` in superior figures of the style of
 * element a.noteref under `parent` (`pelem`), as reference (`ref` 1: the
 * span names the note, so that pagination sets the note on the page of
 * the line holding it, and links to it) or as the note's own number
 * (linking back to the first reference). */
static void append_note_number(pdf_ctx *ctx, para_builder *pb, int note, int ref,
                               const pdf_elem *pelem, const pdf_style *parent,
                               int line)
{
  pdf_elem e;
  pdf_style st;
  char num[16];
  e.tag = "a";
  e.classes = "noteref";
  e.parent = pelem;
  e.prev = NULL;
  pdf_sheet_compute(ctx->sheet, &e, parent, &st);
  snprintf(num, sizeof num, "%d", note);
  pb->note = ref ? note : 0;
  /* the number links to the note, or back to its reference */
  append_text(ctx, pb, num, strlen(num), ctx_font(ctx, &st, 1, 1),
              note_link(ctx, note, !ref), line, 0, 0);
  pb->note = 0;
}

/* Walks the inlines of `block` into `pb`. */
static void build_inlines(pdf_ctx *ctx, para_builder *pb, const galley_node *block,
                          const pdf_elem *belem, const pdf_style *bstyle)
{
  pdf_style *styles = galley_xmalloc((INLINE_MAX_DEPTH + 1) * sizeof *styles);
  pdf_elem elems[INLINE_MAX_DEPTH + 1];
  int fonts[INLINE_MAX_DEPTH + 1], links[INLINE_MAX_DEPTH + 1];
  int depth = 0, overflow = 0;
  galley_iter *it = galley_iter_new((galley_node *)block);
  galley_event_type ev;

  styles[0] = *bstyle;
  elems[0] = *belem;
  fonts[0] = pdf_ctx_font(ctx, bstyle, 0);
  links[0] = -1;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *n = galley_iter_get_node(it);
    galley_node_type t = galley_node_get_type(n);
    int line = galley_node_get_line(n);
    if (n == block)
      continue;
    if (line == 0)
      line = galley_node_get_line(block);
    if (t == GALLEY_NODE_TEXT) {
      size_t len;
      const char *lit = galley_node_get_literal(n, &len);
      int start = (int)pb->text.len;
      append_text(ctx, pb, lit ? lit : "", lit ? len : 0, fonts[depth], links[depth],
                  line, styles[depth].hyphens && !ctx->fonts[fonts[depth]].no_hyphens, 0);
      add_source(pb, start, (int)pb->text.len, n, 0);
    } else if (t == GALLEY_NODE_CODE) {
      size_t len;
      const char *lit = galley_node_get_literal(n, &len);
      const char *tag, *cls;
      pdf_style cs;
      pdf_elem e;
      elem_of_inline(n, &tag, &cls);
      e.tag = tag;
      e.classes = cls;
      e.parent = &elems[depth];
      e.prev = NULL;
      pdf_sheet_compute(ctx->sheet, &e, &styles[depth], &cs);
      {
        int start = (int)pb->text.len;
        append_text(ctx, pb, lit ? lit : "", lit ? len : 0, pdf_ctx_font(ctx, &cs, 1),
                    links[depth], line, 0, 0);
        add_source(pb, start, (int)pb->text.len, n, 0);
      }
    } else if (t == GALLEY_NODE_FOOTNOTE_REF) {
      int num = galley_node_get_note_number(n);
      if (num >= 1 && num <= ctx->n_notes)
        append_note_number(ctx, pb, num, 1, &elems[depth], &styles[depth], line);
    } else if (t == GALLEY_NODE_LINEBREAK) {
      trim_trailing_space(pb);
      append_text(ctx, pb, "\n", 1, fonts[depth], links[depth], line, 0, 1);
      pb->at_space = 1;
    } else if (ev == GALLEY_EVENT_ENTER) {
      const char *tag, *cls;
      if (depth == INLINE_MAX_DEPTH) {
        overflow++;
        continue;
      }
      links[depth + 1] = links[depth];
      if (t == GALLEY_NODE_LINK)
        links[depth + 1] = add_link(ctx, n, line);
      if (t == GALLEY_NODE_LINK && links[depth + 1] < 0) {
        /* A link kept as plain text is its text alone, as in the EPUB,
         * where it has no element: no "a" style either. */
        elems[depth + 1] = elems[depth];
        styles[depth + 1] = styles[depth];
        fonts[depth + 1] = fonts[depth];
        depth++;
        continue;
      }
      elem_of_inline(n, &tag, &cls);
      elems[depth + 1].tag = tag;
      elems[depth + 1].classes = cls;
      elems[depth + 1].parent = &elems[depth];
      elems[depth + 1].prev = NULL;
      pdf_sheet_compute(ctx->sheet, &elems[depth + 1], &styles[depth], &styles[depth + 1]);
      /* deleted text is struck through whatever the style sheet says, as
       * a browser's own style sheet has it */
      if (t == GALLEY_NODE_DELETE)
        styles[depth + 1].strike = 1;
      fonts[depth + 1] = pdf_ctx_font(ctx, &styles[depth + 1], 0);
      depth++;
    } else if (ev == GALLEY_EVENT_EXIT) {
      if (overflow > 0)
        overflow--;
      else if (depth > 0)
        depth--;
    }
  }
  galley_iter_free(it);
  free(styles);
}

/* ------------------------------------------------------------------ */
/* Measuring and breaking                                              */
/* ------------------------------------------------------------------ */

static PangoAttrList *span_attrs(const pdf_ctx *ctx, const pdf_span *spans, int n)
{
  PangoAttrList *list = pango_attr_list_new();
  int i;
  for (i = 0; i < n; i++)
    add_font_attrs(ctx, list, spans[i].font, spans[i].start, spans[i].end);
  return list;
}

static int span_at(const pdf_para *p, int byte)
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
static void find_missing(PangoLayout *layout, pdf_para *p)
{
  GSList *l;
  PangoLayoutLine *line;
  GSList *lines = pango_layout_get_lines_readonly(layout);
  int cap = 0;
  for (; lines; lines = lines->next) {
    line = lines->data;
    for (l = line->runs; l; l = l->next) {
      PangoGlyphItem *run = l->data;
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
        p->missing[p->n_missing].line = p->spans[span_at(p, byte)].line;
        p->n_missing++;
      }
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
static int is_dropped(const pdf_para *p, int b)
{
  const unsigned char *t = (const unsigned char *)p->text + b;
  return (b + 1 < p->len && t[0] == 0xC2 && t[1] == 0xAD) ||
         (b + 2 < p->len && t[0] == 0xE2 && t[1] == 0x80 && t[2] == 0xA8);
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
  int64_t *real_w = NULL; /* width at each real break opportunity */
  int64_t w, st, sh, w_e, st_e, sh_e, pw, pst, psh;
  int sp, sp_e, psp; /* spaces counted as st: at c, at the line end, before c */
  int e_byte, p_byte;
  int32_t prev, cp, e_cp = 0; /* e_cp: the last character that is not a space */
  point_list pl;
  pdf_break_params prm;
  GSList *lines;
  int measure = p->width, indent = p->indent;
  pdf_breaker breaker = p->display   ? pdf_break_balanced
                        : p->justify ? ctx->breaker
                                     : pdf_break_first_fit;

  memset(&pl, 0, sizeof pl);
  attrs = span_attrs(ctx, p->spans, p->n_spans);
  pango_layout_set_text(layout, p->text, p->len);
  pango_layout_set_attributes(layout, attrs);
  pango_attr_list_unref(attrs);
  if (pango_layout_get_unknown_glyphs_count(layout) > 0)
    find_missing(layout, p);
  /* an Arabic or Hebrew paragraph runs from the right whatever the book's
   * language (an English quotation in an Arabic book does not): the
   * direction Pango resolved from its first strong letter */
  p->rtl = pango_layout_get_line_readonly(layout, 0) &&
           pango_layout_get_line_readonly(layout, 0)->resolved_dir == PANGO_DIRECTION_RTL;
  la = pango_layout_get_log_attrs_readonly(layout, &n_attrs);
  n_chars = n_attrs - 1;

  /* Advance of each byte's cluster. */
  adv = galley_xcalloc((size_t)p->len + 1, sizeof *adv);
  starts = galley_xcalloc((size_t)p->len + 1, 1);
  for (lines = pango_layout_get_lines_readonly(layout); lines; lines = lines->next) {
    PangoLayoutLine *line = lines->data;
    GSList *l;
    for (l = line->runs; l; l = l->next) {
      PangoGlyphItem *run = l->data;
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
      if (!is_dropped(p, q))
        k++;
    }
    if (n > 1 && k > 0) {
      share = adv[b] / k;
      rest = adv[b] - share * k;
      adv[b] = 0;
      for (q = b; q < e; q += (int)galley_utf8_decode(p->text + q, (size_t)(e - q), &cp))
        if (!is_dropped(p, q)) {
          adv[q] = share + rest;
          rest = 0;
        }
    }
    b = e;
  }
  free(starts);

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
      if (c >= 1 && (la[c].is_line_break || la[c].is_mandatory_break)) {
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
      int real = la[c].is_line_break || la[c].is_mandatory_break;
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
          pt->extra = ctx->fonts[p->spans[span_at(p, b)].font].hyphen_width;
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
          pt->penalty = 0;
          /* A line ending in a word that ends in a hyphen ("Debian-Med-
           * und ...") shows a hyphen at its end as a hyphenated line
           * does, and counts in the run of them. */
          pt->flagged = e_cp == '-' || e_cp == 0x2010;
        } else if (prev == 0xAD) {
          int pb = b - 2; /* U+00AD is two bytes */
          pt->extra = ctx->fonts[p->spans[span_at(p, pb)].font].hyphen_width;
          pt->flagged = 1;
          pt->soft = 1;
          pt->penalty = pdf_hyph_penalty(ctx->hyph);
        } else if (prev == '-' || prev == 0x2010) {
          pt->flagged = 1;
          pt->penalty = EXPLICIT_HYPHEN_PENALTY;
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
      a = bi;
    }
  }
  free(adv);
  free(real_w);
  free(pl.pts);
  free(pl.at);
  free(breaks);
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
 * in a hundred or so. */
static void break_windows(const pdf_ctx *ctx, PangoLayout *layout, pdf_para *p)
{
  int start = 0, first_span = 0, cap_lines = 0, cap_missing = 0;
  p->lines = NULL;
  p->n_lines = 0;
  while (start < p->len) {
    int end = window_end(p, start), last = end >= p->len, keep, i, s, n_spans = 0;
    pdf_para v = *p;
    while (first_span < p->n_spans - 1 && p->spans[first_span].end <= start)
      first_span++;
    for (s = first_span; s < p->n_spans && p->spans[s].start < end; s++)
      n_spans++;
    v.text = p->text + start;
    v.len = end - start;
    v.indent = start == 0 ? p->indent : 0;
    v.spans = galley_xcalloc((size_t)(n_spans ? n_spans : 1), sizeof *v.spans);
    v.n_spans = n_spans;
    for (i = 0; i < n_spans; i++) {
      v.spans[i] = p->spans[first_span + i];
      v.spans[i].start = (v.spans[i].start > start ? v.spans[i].start : start) - start;
      v.spans[i].end = (v.spans[i].end < end ? v.spans[i].end : end) - start;
    }
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
      p->rtl = v.rtl; /* the paragraph's direction is its start's */
    keep = last || v.n_lines < 2 ? v.n_lines : v.n_lines - 1;
    for (i = 0; i < keep; i++) {
      if (p->n_lines == cap_lines) {
        cap_lines = cap_lines ? cap_lines * 2 : 64;
        p->lines = galley_xreallocarray(p->lines, (size_t)cap_lines, sizeof *p->lines);
      }
      p->lines[p->n_lines] = v.lines[i];
      p->lines[p->n_lines].start += start;
      p->lines[p->n_lines].end += start;
      p->n_lines++;
    }
    p->overfull += v.overfull;
    p->forced |= v.forced;
    p->ragged += v.ragged;
    for (i = 0; i < v.n_missing; i++) {
      int k;
      for (k = 0; k < p->n_missing && p->missing[k].cp != v.missing[i].cp; k++)
        ;
      if (k < p->n_missing)
        continue;
      if (p->n_missing == cap_missing) {
        cap_missing = cap_missing ? cap_missing * 2 : 4;
        p->missing = galley_xreallocarray(p->missing, (size_t)cap_missing,
                                          sizeof *p->missing);
      }
      p->missing[p->n_missing++] = v.missing[i];
    }
    start = keep < v.n_lines ? start + v.lines[keep].start : end;
    free(v.lines);
    free(v.missing);
    free(v.spans);
  }
  if (!p->lines) /* an empty paragraph still has its one line */
    break_whole(ctx, layout, p);
}

/* Breaks `p` into lines with `layout` (the calling thread's own); see
 * break_whole. */
static void break_para(const pdf_ctx *ctx, PangoLayout *layout, pdf_para *p)
{
  if (p->len > SET_AHEAD_MAX_BYTES)
    break_windows(ctx, layout, p);
  else
    break_whole(ctx, layout, p);
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
  int s, last_font = p->n_spans ? p->spans[0].font : 0;

  *out_width = 0;
  galley_buf_clear(&lr->text);
  lr->n_spans = 0;
  for (s = span_at(p, ln->start); s < p->n_spans && p->spans[s].start < ln->end; s++) {
    const pdf_span *sp = &p->spans[s];
    int a = sp->start > ln->start ? sp->start : ln->start;
    int e = sp->end < ln->end ? sp->end : ln->end;
    int start = (int)lr->text.len, b;
    if (e <= a)
      continue;
    /* Soft hyphens and line separators are not drawn: the PDF's text
     * then extracts as the words themselves. */
    for (b = a; b < e;) {
      unsigned char ch = (unsigned char)p->text[b];
      if (ch == 0xC2 && b + 1 < e && (unsigned char)p->text[b + 1] == 0xAD) {
        b += 2;
        continue;
      }
      if (ch == 0xE2 && b + 2 < e + 0 && (unsigned char)p->text[b + 1] == 0x80 &&
          (unsigned char)p->text[b + 2] == 0xA8) {
        b += 3;
        continue;
      }
      galley_buf_putc(&lr->text, (char)ch);
      b++;
    }
    if ((int)lr->text.len > start) {
      add_font_attrs(ctx, attrs, sp->font, start, (int)lr->text.len);
      if (lr->n_spans == lr->cap_spans) {
        lr->cap_spans = lr->cap_spans ? lr->cap_spans * 2 : 8;
        lr->spans = galley_xreallocarray(lr->spans,
                                               (size_t)lr->cap_spans,
                                               sizeof *lr->spans);
      }
      lr->spans[lr->n_spans].span = s;
      lr->spans[lr->n_spans].start = start;
      lr->spans[lr->n_spans].end = (int)lr->text.len;
      lr->n_spans++;
      last_font = sp->font;
    }
  }
  if (ln->hyphen) {
    int start = (int)lr->text.len;
    galley_buf_putc(&lr->text, '-');
    add_font_attrs(ctx, attrs, last_font, start, start + 1);
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
    GSList *l;
    int spaces = 0, delta, per, rem;
    const char *text = galley_buf_cstr(&lr->text);
    pango_layout_line_get_extents(line, NULL, &logical);
    *out_width = logical.width;
    delta = ln->measure - logical.width;
    /* A justified line fills the measure; any other line (the last of a
     * paragraph, ragged text) keeps its natural spaces unless the breaker
     * counted on shrinking them to fit. */
    if (!ln->justify && delta >= 0)
      return line;
    for (l = line->runs; l; l = l->next) {
      PangoGlyphItem *run = l->data;
      int g;
      for (g = 0; g < run->glyphs->num_glyphs; g++)
        if (pdf_is_word_space(text, run->item->offset + run->glyphs->log_clusters[g]))
          spaces++;
    }
    if (spaces > 0 && delta != 0) {
      per = delta / spaces;
      rem = delta - per * spaces;
      for (l = line->runs; l; l = l->next) {
        PangoGlyphItem *run = l->data;
        int g;
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
  }
  return line;
}

PangoLayoutLine *pdf_layout_set_line(pdf_ctx *ctx, const pdf_para *p, int li,
                                     int *out_width)
{
  return set_line(ctx, &ctx->liner, p, li, out_width);
}

/* The paragraph's runs from its single shaping, in logical order, for
 * setting lines without shaping them again. */
typedef struct para_runs {
  PangoGlyphItem **runs; /* owned array of borrowed runs (the measure
                            layout's), sorted by text offset */
  int n;
} para_runs;

static int cmp_run_offset(const void *a, const void *b)
{
  const PangoGlyphItem *ra = *(PangoGlyphItem *const *)a;
  const PangoGlyphItem *rb = *(PangoGlyphItem *const *)b;
  return (ra->item->offset > rb->item->offset) - (ra->item->offset < rb->item->offset);
}

static void para_runs_collect(PangoLayout *layout, para_runs *pr)
{
  GSList *lines, *l;
  int cap = 0;
  pr->runs = NULL;
  pr->n = 0;
  for (lines = pango_layout_get_lines_readonly(layout); lines; lines = lines->next)
    for (l = ((PangoLayoutLine *)lines->data)->runs; l; l = l->next) {
      if (pr->n == cap) {
        cap = cap ? cap * 2 : 16;
        pr->runs = galley_xreallocarray(pr->runs, (size_t)cap, sizeof *pr->runs);
      }
      pr->runs[pr->n++] = l->data;
    }
  if (pr->n > 1)
    qsort(pr->runs, (size_t)pr->n, sizeof *pr->runs, cmp_run_offset);
}

/* Whether byte `b` of the paragraph starts a cluster of `run` or lies on
 * its edges: a line may start or end there without cutting a ligature. */
static int run_cluster_edge(const PangoGlyphItem *run, int b)
{
  int g, rel = b - run->item->offset;
  if (rel <= 0 || rel >= run->item->length)
    return 1;
  for (g = 0; g < run->glyphs->num_glyphs; g++)
    if (run->glyphs->log_clusters[g] == rel)
      return 1;
  return 0;
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
  int r0, r, n = 0, b, s, k, width = 0, x;
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
  galley_buf_clear(&lr->text);
  lr->n_spans = 0;
  for (s = span_at(p, ln->start); s < p->n_spans && p->spans[s].start < ln->end; s++) {
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
        for (k = 0; k < skip; k++)
          map[b - ln->start + k] = (int)lr->text.len;
        b += skip;
        continue;
      }
      map[b - ln->start] = (int)lr->text.len;
      galley_buf_putc(&lr->text, (char)ch);
      b++;
    }
    if ((int)lr->text.len > start) {
      if (lr->n_spans == lr->cap_spans) {
        lr->cap_spans = lr->cap_spans ? lr->cap_spans * 2 : 8;
        lr->spans = galley_xreallocarray(lr->spans, (size_t)lr->cap_spans,
                                         sizeof *lr->spans);
      }
      lr->spans[lr->n_spans].span = s;
      lr->spans[lr->n_spans].start = start;
      lr->spans[lr->n_spans].end = (int)lr->text.len;
      lr->n_spans++;
    }
  }
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
    PangoGlyphItem *out;
    PangoGlyphString *gs;
    gs = pango_glyph_string_new();
    pango_glyph_string_set_size(gs, run->glyphs->num_glyphs + with_hyph);
    for (g = 0; g < run->glyphs->num_glyphs; g++) {
      int cb = off + run->glyphs->log_clusters[g];
      if (cb < a || cb >= e || is_dropped(p, cb))
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
    out->item->num_chars = (int)g_utf8_strlen(galley_buf_cstr(&lr->text) + la, last - la);
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

  /* justification, as set_line */
  {
    int delta = ln->measure - width, spaces = 0, per, rem, g;
    if (ln->justify || delta < 0) {
      for (r = 0; r < sl->n_runs; r++) {
        const PangoGlyphItem *run = sl->runs[r];
        for (g = 0; g < run->glyphs->num_glyphs; g++)
          if (pdf_is_word_space(sl->text, run->item->offset + run->glyphs->log_clusters[g]))
            spaces++;
      }
      if (spaces > 0 && delta != 0) {
        per = delta / spaces;
        rem = delta - per * spaces;
        for (r = 0; r < sl->n_runs; r++) {
          PangoGlyphItem *run = sl->runs[r];
          for (g = 0; g < run->glyphs->num_glyphs; g++)
            if (pdf_is_word_space(sl->text, run->item->offset + run->glyphs->log_clusters[g])) {
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
    }
  }
  for (r = 0, x = 0; r < sl->n_runs; r++) {
    sl->run_x[r] = x;
    x += pango_glyph_string_get_width(sl->runs[r]->glyphs);
  }
  set_line_links(lr, p, sl, NULL);
  return 1;
}

/* Sets every line of `p` ahead of drawing into p->set: copies of the
 * glyph runs (their fonts' cairo scaled fonts made here, so that the
 * drawing thread only reads them), the text, the link extents. The runs
 * are cut from `shaped`, the layout break_para shaped `p` on; a line
 * that cannot be (set_line_from_runs) is shaped again on its own. */
static void set_para_lines(const pdf_ctx *ctx, pdf_liner *lr, pdf_para *p,
                           PangoLayout *shaped)
{
  int li;
  para_runs pr;
  para_runs_collect(shaped, &pr);
  p->set = galley_xcalloc((size_t)(p->n_lines ? p->n_lines : 1), sizeof *p->set);
  for (li = 0; li < p->n_lines; li++) {
    pdf_set_line *sl = &p->set[li];
    int width = 0, x = 0, r;
    PangoLayoutLine *line;
    GSList *l;
    if (set_line_from_runs(lr, p, li, &pr, sl))
      continue;
    line = set_line(ctx, lr, p, li, &width);
    sl->width = width;
    sl->text = galley_xstrndup(galley_buf_cstr(&lr->text), lr->text.len);
    if (!line)
      continue;
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
  }
  free(pr.runs);
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
  memset(sl, 0, sizeof *sl);
}

/* ------------------------------------------------------------------ */
/* Blocks                                                              */
/* ------------------------------------------------------------------ */

typedef struct block_env {
  const pdf_elem *elem;   /* this block's element */
  const pdf_style *style; /* this block's style */
  int left, right;        /* indents from the column edges, Pango units */
  int depth;
} block_env;

static void layout_children(pdf_ctx *ctx, const galley_node *parent,
                            const pdf_elem *pelem, const pdf_style *pstyle,
                            int left, int right, int depth);

static void elem_of_block(const galley_node *n, const char **tag, const char **cls)
{
  static const char *const h[] = {"h1", "h2", "h3", "h4", "h5", "h6"};
  galley_node *parent = galley_node_parent(n);
  *cls = NULL;
  switch (galley_node_get_type(n)) {
  case GALLEY_NODE_TITLE_BLOCK: *tag = "header"; *cls = "titleblock"; break;
  case GALLEY_NODE_TITLE: *tag = "h1"; *cls = "title"; break;
  case GALLEY_NODE_SUBTITLE: *tag = "p"; *cls = "subtitle"; break;
  case GALLEY_NODE_BYLINE: *tag = "p"; *cls = "byline"; break;
  case GALLEY_NODE_DATE: *tag = "p"; *cls = "date"; break;
  case GALLEY_NODE_HEADING: {
    int level = galley_node_get_level(n) + 1;
    *tag = h[level < 1 ? 1 : level > 6 ? 5 : level - 1];
    break;
  }
  case GALLEY_NODE_PARAGRAPH:
    *tag = "p";
    if (galley_node_get_type(galley_node_first_child(n)) == GALLEY_NODE_DATELINE)
      *cls = "dateline-para";
    break;
  case GALLEY_NODE_FIGURE: *tag = "figure"; break;
  case GALLEY_NODE_CAPTION: *tag = "figcaption"; break;
  case GALLEY_NODE_CREDIT:
    *tag = galley_node_get_type(parent) == GALLEY_NODE_FIGURE ? "span" : "p";
    *cls = "credit";
    break;
  case GALLEY_NODE_BLOCK_QUOTE: *tag = "blockquote"; break;
  case GALLEY_NODE_LIST: *tag = galley_node_get_list_ordered(n) ? "ol" : "ul"; break;
  case GALLEY_NODE_ITEM: *tag = "li"; break;
  case GALLEY_NODE_CODE_BLOCK: *tag = "pre"; break;
  case GALLEY_NODE_THEMATIC_BREAK: *tag = "hr"; break;
  case GALLEY_NODE_TABLE: *tag = "table"; break;
  case GALLEY_NODE_FOOTNOTE: *tag = "aside"; *cls = "footnote"; break;
  default: *tag = "div"; break;
  }
}

/* Space above a block: CSS margins collapse to the larger. */
/* The structure type of a text block, from the element it is styled
 * as: "h1".."h6" are headings, "figcaption" a caption, the rest (title
 * block lines, code, credits) paragraphs. */
static const char *struct_of_text(const char *tag)
{
  static const char *const h[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
  if (tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6' && !tag[2])
    return h[tag[1] - '1'];
  if (strcmp(tag, "figcaption") == 0 || strcmp(tag, "caption") == 0)
    return "Caption";
  return "P";
}

/* The grouping structure type of a container node, or NULL for none
 * (the document, the title block: their blocks go under the Document). */
static const char *struct_of_container(galley_node_type t)
{
  switch (t) {
  case GALLEY_NODE_LIST: return "L";
  case GALLEY_NODE_ITEM: return "LI"; /* drawn as LI > Lbl, LBody */
  case GALLEY_NODE_BLOCK_QUOTE: return "BlockQuote";
  case GALLEY_NODE_FIGURE: return "Div"; /* holds the Figure and Caption */
  default: return NULL;
  }
}

static int new_struct(pdf_ctx *ctx, const char *type)
{
  if (ctx->n_structs == ctx->cap_structs) {
    ctx->cap_structs = ctx->cap_structs ? ctx->cap_structs * 2 : 16;
    ctx->structs = galley_xreallocarray(ctx->structs, (size_t)ctx->cap_structs,
                                        sizeof *ctx->structs);
  }
  ctx->structs[ctx->n_structs].type = type;
  ctx->structs[ctx->n_structs].parent = ctx->cur_struct;
  return ctx->n_structs++;
}

static int take_space(pdf_ctx *ctx, const pdf_style *st)
{
  int top = PU(st->margin_top);
  int s = ctx->pending_space > top ? ctx->pending_space : top;
  ctx->pending_space = 0;
  return s;
}

/* Marks the first box of a block: forced break, keep rules. */
static void open_block(pdf_ctx *ctx, pdf_box *b, const pdf_style *st)
{
  if ((st->break_before == PDF_BREAK_ALWAYS || ctx->pending_force) && ctx->n_boxes > 1)
    b->force_break = 1;
  if (st->break_before == PDF_BREAK_AVOID || ctx->keep_next)
    b->allow_break = 0;
  ctx->pending_force = 0;
  ctx->keep_next = 0;
}

static void close_block(pdf_ctx *ctx, const pdf_style *st)
{
  ctx->pending_space = PU(st->margin_bottom);
  if (st->break_after == PDF_BREAK_ALWAYS)
    ctx->pending_force = 1;
  if (st->break_after == PDF_BREAK_AVOID) {
    ctx->keep_next = 1;
    /* The block's own box is the last one pushed. */
    if (ctx->n_boxes > 0)
      ctx->boxes[ctx->n_boxes - 1].keep_after = 1;
  }
}

static pdf_para *new_para(pdf_ctx *ctx)
{
  pdf_para *p;
  if (ctx->n_paras == ctx->cap_paras) {
    ctx->cap_paras = ctx->cap_paras ? ctx->cap_paras * 2 : 64;
    ctx->paras = galley_xreallocarray(ctx->paras, (size_t)ctx->cap_paras,
                                      sizeof *ctx->paras);
  }
  p = &ctx->paras[ctx->n_paras++];
  memset(p, 0, sizeof *p);
  return p;
}

/* Sets the line pitch of `p` from its style and the ascent that centres
 * the font's `font` ascent and descent in it (CSS's half-leading). */
static void set_pitch(pdf_ctx *ctx, pdf_para *p, const pdf_style *st, int font)
{
  const pdf_font *f;
  font_metrics(ctx, font);
  f = &ctx->fonts[font];
  p->pitch = PU(st->size * st->line_height);
  p->ascent = (p->pitch - (f->ascent + f->descent)) / 2 + f->ascent;
}

/* Lays out a block of text (inlines, or a code block's literal). */
static void layout_text_block(pdf_ctx *ctx, const galley_node *node,
                              const pdf_elem *elem, const pdf_style *st,
                              int left, int right, int in_figure)
{
  para_builder pb;
  pdf_para *p;
  pdf_box *b;
  int font, measure, indent, justify, src_line = galley_node_get_line(node);
  galley_node_type t = galley_node_get_type(node);
  int unbreakable = st->break_inside == PDF_BREAK_AVOID || in_figure;

  memset(&pb, 0, sizeof pb);
  pb.at_space = 1;
  font = pdf_ctx_font(ctx, st, t == GALLEY_NODE_CODE_BLOCK);
  if (t == GALLEY_NODE_CODE_BLOCK) {
    size_t len;
    const char *lit = galley_node_get_literal(node, &len);
    if (lit && len > 0 && lit[len - 1] == '\n')
      len--;
    append_text(ctx, &pb, lit ? lit : "", lit ? len : 0, font, -1, src_line, 0, 1);
    add_source(&pb, 0, (int)pb.text.len, node, 1);
  } else {
    /* Headings and the title block are never hyphenated, whatever the
     * style sheet says: a display line is set whole. */
    pb.no_hyphens = t == GALLEY_NODE_HEADING || t == GALLEY_NODE_TITLE ||
                    t == GALLEY_NODE_SUBTITLE || t == GALLEY_NODE_BYLINE ||
                    t == GALLEY_NODE_DATE;
    if (ctx->layout_note > 0) {
      /* A note's first paragraph opens with its number, then a space. */
      append_note_number(ctx, &pb, ctx->layout_note, 0, elem, st, src_line);
      append_text(ctx, &pb, " ", 1, font, -1, src_line, 0, 0);
      ctx->layout_note = -ctx->layout_note;
    }
    build_inlines(ctx, &pb, node, elem, st);
    trim_trailing_space(&pb);
    if (pb.text.len > 0)
      keep_last_words(&pb);
  }
  galley_buf_free(&pb.tmp);
  if (pb.text.len == 0) {
    galley_buf_free(&pb.text);
    free(pb.spans);
    free(pb.sources);
    /* An empty block still keeps its place in the rhythm. */
    ctx->pending_space = take_space(ctx, st);
    if (PU(st->margin_bottom) > ctx->pending_space)
      ctx->pending_space = PU(st->margin_bottom);
    return;
  }
  measure = ctx->col_w - left - right;
  if (measure < PU(36))
    measure = PU(36); /* deep nesting: keep a usable measure */
  indent = PU(st->indent);
  if (indent > measure / 2)
    indent = measure / 2;
  if (indent < -left)
    indent = -left;
  justify = st->align == PDF_ALIGN_JUSTIFY && t != GALLEY_NODE_CODE_BLOCK;

  p = new_para(ctx);
  p->len = (int)pb.text.len;
  p->text = galley_buf_detach(&pb.text, NULL);
  p->spans = pb.spans;
  p->n_spans = pb.n_spans;
  p->node = node;
  p->sources = pb.sources;
  p->n_sources = pb.n_sources;
  p->align = t == GALLEY_NODE_CODE_BLOCK ? PDF_ALIGN_LEFT : st->align;
  p->width = measure;
  set_pitch(ctx, p, st, font);
  p->indent = indent;
  p->justify = justify;
  p->last_gap = PU(st->size);
  p->em = PU(st->size);
  p->display = t == GALLEY_NODE_TITLE || t == GALLEY_NODE_SUBTITLE ||
               t == GALLEY_NODE_HEADING;
  p->elem_tag = elem->tag;
  p->cls = elem->classes;
  p->src_line = src_line;
  p->tag = struct_of_text(elem->tag);
  p->note = ctx->layout_note < 0 ? -ctx->layout_note : ctx->layout_note;
  if (p->note)
    p->cls = "footnote";

  /* The lines are not known until the paragraph is broken (later, maybe
   * on another thread): one box stands for them meanwhile, carrying what
   * pdf_layout_next_boxes needs to mark them. */
  b = push_box(ctx, PDF_BOX_PARA);
  b->para = (int)(p - ctx->paras);
  b->height = p->pitch;
  b->x = left;
  b->src_line = src_line;
  b->space_before = take_space(ctx, st);
  open_block(ctx, b, st);
  b->unbreakable = unbreakable;
  b->keep_soft = !in_figure && t != GALLEY_NODE_HEADING && t != GALLEY_NODE_TITLE &&
                 t != GALLEY_NODE_SUBTITLE;
  b->orphans = st->orphans;
  b->widows = st->widows;
  b->heading = t == GALLEY_NODE_HEADING;
  if (t == GALLEY_NODE_HEADING) {
    b->dest = galley_node_get_id(node);
    b->outline_level = galley_node_get_level(node);
    if (b->outline_level < 1)
      b->outline_level = 1;
    if (b->outline_level > 6)
      b->outline_level = 6;
    b->outline_text = galley_node_get_plain_text(node);
  }
  close_block(ctx, st);
}

static void layout_rule(pdf_ctx *ctx, const galley_node *node, const pdf_style *st)
{
  pdf_box *b = push_box(ctx, PDF_BOX_RULE);
  b->node = node;
  b->space_before = take_space(ctx, st);
  b->height = PU(st->size * st->line_height);
  b->para = pdf_ctx_font(ctx, st, 1); /* RULE: the ornament's font */
  open_block(ctx, b, st);
  close_block(ctx, st);
}

/* Adds the box of an IMAGE node's picture. Returns 0 when it cannot be
 * shown: with a warning for a GIF, so the alt text stands in, or with the
 * error recorded on ctx (a missing or refused image). */
static int layout_image(pdf_ctx *ctx, const galley_node *node, const pdf_style *st,
                        int left, int right)
{
  const galley_image *img;
  cairo_surface_t *surf;
  double w, h, max_w, max_h;
  pdf_image *pi;
  pdf_box *b;
  int line = galley_node_get_line(node);
  const char *url = galley_node_get_url(node);

  if (pdf_image_get(ctx, url, line, "", &img, &surf) != GALLEY_OK)
    return 0;
  if (!surf) {
    galley_diag_add(ctx->diag, line, 0,
                    "image \"%s\" not shown: GIF is not supported in the PDF",
                    url ? url : "");
    return 0;
  }
  max_w = pango_units_to_double(ctx->col_w - left - right);
  max_h = pango_units_to_double(ctx->col_h) * IMAGE_MAX_HEIGHT_SHARE;
  w = img->info.width * IMAGE_PT_PER_PX;
  h = img->info.height * IMAGE_PT_PER_PX;
  if (w > max_w) {
    h *= max_w / w;
    w = max_w;
  }
  if (h > max_h) {
    w *= max_h / h;
    h = max_h;
  }
  if (ctx->n_images == ctx->cap_images) {
    ctx->cap_images = ctx->cap_images ? ctx->cap_images * 2 : 4;
    ctx->images = galley_xreallocarray(ctx->images, (size_t)ctx->cap_images,
                                       sizeof *ctx->images);
  }
  pi = &ctx->images[ctx->n_images];
  pi->surface = cairo_surface_reference(surf);
  pi->width = PU(w);
  pi->height = PU(h);
  pi->alt = galley_node_get_plain_text(node);
  b = push_box(ctx, PDF_BOX_IMAGE);
  b->node = node;
  b->image = ctx->n_images++;
  b->height = pi->height;
  b->x = left + (ctx->col_w - left - right - pi->width) / 2;
  b->src_line = line;
  b->space_before = take_space(ctx, st);
  open_block(ctx, b, st);
  close_block(ctx, st);
  /* The caption below stays with its picture. */
  ctx->keep_next = 1;
  return 1;
}

/* The task box's size, relative to the item's text: DejaVu's ballot box
 * at the text's size is no taller than a lower-case letter. */
#define TASK_BOX_SCALE 1.3

static void set_marker(pdf_ctx *ctx, const galley_node *item, const pdf_style *st,
                       int content_left)
{
  galley_node *list = galley_node_parent(item);
  galley_buf m = GALLEY_BUF_INIT;
  free(ctx->pending_marker);
  if (galley_node_get_task(item) != GALLEY_TASK_NONE) {
    /* U+2610 BALLOT BOX, U+2611 BALLOT BOX WITH CHECK: in the bundled
     * DejaVu Sans Mono, which font fallback finds; the text extracts as
     * the box a reader sees. */
    galley_buf_puts(&m, galley_node_get_task(item) == GALLEY_TASK_DONE ? "\xE2\x98\x91"
                                                                        : "\xE2\x98\x90");
  } else if (galley_node_get_item_marker(item)) {
    galley_buf_puts(&m, galley_node_get_item_marker(item)); /* as written */
  } else if (galley_node_get_list_ordered(list)) {
    /* "3.", "(c)", "iv)": the list's own numbering, never renumbered */
    char text[24];
    int k = galley_node_get_list_start(list);
    const galley_node *s;
    for (s = galley_node_previous(item); s; s = galley_node_previous(s))
      k++;
    galley_list_format_marker(list, k, text, sizeof text);
    galley_buf_puts(&m, text);
  } else {
    int level = 0;
    const galley_node *a;
    for (a = galley_node_parent(list); a; a = galley_node_parent(a))
      if (galley_node_get_type(a) == GALLEY_NODE_LIST)
        level++;
    galley_buf_puts(&m, level % 2 ? "\xE2\x80\x93" : "\xE2\x80\xA2"); /* – or • */
  }
  ctx->pending_marker = galley_buf_detach(&m, NULL);
  ctx->pending_marker_x = content_left - PU(st->size * 0.5);
  if (galley_node_get_task(item) != GALLEY_TASK_NONE) {
    /* the box, a symbol font's small square, as tall as a capital */
    pdf_style bs = *st;
    bs.size = st->size * TASK_BOX_SCALE;
    ctx->pending_marker_font = pdf_ctx_font(ctx, &bs, 1);
  } else {
    ctx->pending_marker_font = pdf_ctx_font(ctx, st, 1);
  }
}

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
  PangoAttrList *attrs = span_attrs(ctx, p->spans, p->n_spans);
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
  para_builder pb;
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
      trim_trailing_space(&pb);
      append_text(ctx, &pb, TABLE_LINEAR_SEPARATOR, strlen(TABLE_LINEAR_SEPARATOR),
                  font, -1, galley_node_get_line(cell), 0, 0);
    }
    first = 0;
    build_inlines(ctx, &pb, cell, elem, st);
  }
  trim_trailing_space(&pb);
  galley_buf_free(&pb.tmp);
  if (pb.text.len == 0) {
    galley_buf_free(&pb.text);
    free(pb.spans);
    free(pb.sources);
    return -1;
  }
  p = new_para(ctx);
  p->len = (int)pb.text.len;
  p->text = galley_buf_detach(&pb.text, NULL);
  p->spans = pb.spans;
  p->n_spans = pb.n_spans;
  p->node = first_cell;
  p->sources = pb.sources;
  p->n_sources = pb.n_sources;
  p->align = all ? PDF_ALIGN_LEFT : cell_align(first_cell);
  set_pitch(ctx, p, st, font);
  p->em = PU(st->size);
  p->elem_tag = elem->tag;
  p->src_line = galley_node_get_line(cell);
  p->tag = header ? "TH" : "TD";
  p->keep_set = header;
  p->quiet = 1;
  return (int)(p - ctx->paras);
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

static void layout_table(pdf_ctx *ctx, const galley_node *node, const pdf_elem *elem,
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
  s_table = new_struct(ctx, "Table");
  ctx->cur_struct = s_table;
  if (caption) {
    pdf_elem ce;
    pdf_style cs;
    ce.tag = "caption";
    ce.classes = NULL;
    ce.parent = elem;
    ce.prev = NULL;
    pdf_sheet_compute(ctx->sheet, &ce, st, &cs);
    layout_text_block(ctx, caption, &ce, &cs, left + PU(cs.margin_left),
                      right + PU(cs.margin_right), 0);
    if (n_rows > 0)
      ctx->keep_next = 1; /* the caption stays with the table */
  }
  if (n_rows == 0 || n_cols == 0) {
    ctx->cur_struct = saved;
    close_block(ctx, st);
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
    s_head = new_struct(ctx, "THead");
  if (n_header < n_rows)
    s_body = new_struct(ctx, "TBody");
  /* The elements the style sheet sees: table > thead|tbody > tr > th|td
   * (a cell's siblings are not told: "td + td" does not match). */
  for (k = 0; k < 2; k++) {
    e_group[k].tag = k ? "thead" : "tbody";
    e_group[k].classes = NULL;
    e_group[k].parent = elem;
    e_group[k].prev = NULL;
    pdf_sheet_compute(ctx->sheet, &e_group[k], st, &s_group);
    e_row[k].tag = "tr";
    e_row[k].classes = NULL;
    e_row[k].parent = &e_group[k];
    e_row[k].prev = NULL;
    pdf_sheet_compute(ctx->sheet, &e_row[k], &s_group, &s_row[k]);
    e_cell[k].tag = k ? "th" : "td";
    e_cell[k].classes = NULL;
    e_cell[k].parent = &e_row[k];
    e_cell[k].prev = NULL;
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
      if (galley_node_get_type(c) != GALLEY_NODE_TABLE_CELL)
        continue;
      pi = table_cell(ctx, c, 0, &e_cell[header], &s_cell[header], header);
      ctx->rows[ri].cells[col] = pi;
      if (pi >= 0) {
        measure_cell(ctx, &ctx->paras[pi], &mn, &pf);
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
      p = &ctx->paras[row->cells[col]];
      p->width = t->col_w[col] - pad_x;
      if (p->width < 1)
        p->width = 1;
    }
    row->rule_above = k == 0 ? t->rule_top : 0;
    if (k == n_header - 1)
      row->rule_below = t->rule_mid;
    if (k == n_rows - 1 && t->rule_bottom > row->rule_below)
      row->rule_below = t->rule_bottom;
    ctx->cur_struct = new_struct(ctx, "TR");
    ctx->structs[ctx->cur_struct].parent = row->header ? s_head : s_body;
    b = push_box(ctx, PDF_BOX_ROW);
    b->para = t->first_row + k;
    b->x = t->x;
    b->height = PU(st->size * st->line_height);
    b->src_line = galley_node_get_line(node);
    b->space_before = take_space(ctx, &s_row[row->header]);
    if (k == 0)
      open_block(ctx, b, &s_row[row->header]);
    else if (k < n_header || (k == n_header && n_header > 0))
      b->allow_break = 0; /* the header stays with the first body row */
  }
  ctx->cur_struct = saved;
  close_block(ctx, st);
}

static void layout_block(pdf_ctx *ctx, const galley_node *node, const pdf_elem *elem,
                         const pdf_style *pstyle, int left, int right, int depth)
{
  pdf_style st;
  galley_node_type t = galley_node_get_type(node);
  int in_figure = galley_node_get_type(galley_node_parent(node)) == GALLEY_NODE_FIGURE;

  pdf_sheet_compute(ctx->sheet, elem, pstyle, &st);
  switch (t) {
  case GALLEY_NODE_TITLE:
  case GALLEY_NODE_SUBTITLE:
  case GALLEY_NODE_BYLINE:
  case GALLEY_NODE_DATE:
  case GALLEY_NODE_HEADING:
  case GALLEY_NODE_PARAGRAPH:
  case GALLEY_NODE_CAPTION:
  case GALLEY_NODE_CREDIT:
  case GALLEY_NODE_CODE_BLOCK: {
    int l = left + PU(st.margin_left), r = right + PU(st.margin_right);
    /* A credit stays with the caption before it. */
    int keep = t == GALLEY_NODE_CREDIT &&
               galley_node_get_type(galley_node_previous(node)) == GALLEY_NODE_CAPTION;
    if (keep)
      ctx->keep_next = 1;
    layout_text_block(ctx, node, elem, &st, l, r, in_figure);
    break;
  }
  case GALLEY_NODE_THEMATIC_BREAK:
    layout_rule(ctx, node, &st);
    break;
  case GALLEY_NODE_TABLE:
    layout_table(ctx, node, elem, &st, left + PU(st.margin_left),
                 right + PU(st.margin_right));
    break;
  case GALLEY_NODE_IMAGE:
    if (!layout_image(ctx, node, &st, left, right))
      layout_text_block(ctx, node, elem, &st, left, right, in_figure);
    break;
  case GALLEY_NODE_FIGURE:
  case GALLEY_NODE_TITLE_BLOCK:
  case GALLEY_NODE_BLOCK_QUOTE:
  case GALLEY_NODE_LIST:
  case GALLEY_NODE_ITEM:
  case GALLEY_NODE_FOOTNOTE:
  case GALLEY_NODE_DOCUMENT: {
    int l = left + PU(st.margin_left), r = right + PU(st.margin_right);
    int top = PU(st.margin_top);
    int first = ctx->n_boxes, i, saved_struct;
    if (top > ctx->pending_space)
      ctx->pending_space = top;
    if (st.break_before == PDF_BREAK_ALWAYS)
      ctx->pending_force = 1;
    if (t == GALLEY_NODE_ITEM)
      set_marker(ctx, node, &st, l);
    if (t == GALLEY_NODE_ITEM && !galley_node_get_list_tight(galley_node_parent(node)) &&
        galley_node_previous(node)) {
      int gap = PU(st.size * 0.5);
      if (gap > ctx->pending_space)
        ctx->pending_space = gap;
    }
    if (depth >= LAYOUT_MAX_DEPTH)
      l = left, r = right;
    saved_struct = ctx->cur_struct;
    if (struct_of_container(t))
      ctx->cur_struct = new_struct(ctx, struct_of_container(t));
    layout_children(ctx, node, elem, &st, l, r, depth + 1);
    ctx->cur_struct = saved_struct;
    if (t == GALLEY_NODE_FIGURE || st.break_inside == PDF_BREAK_AVOID)
      for (i = first; i < ctx->n_boxes; i++) {
        pdf_box *kb = &ctx->boxes[i];
        if (i > first) {
          /* A block kept whole by break-inside: avoid may still break
           * where its content allows, should the keep have to give way;
           * a figure never. */
          kb->soft_break = t != GALLEY_NODE_FIGURE && (kb->allow_break || kb->soft_break);
          kb->allow_break = 0;
        }
        /* Every line of a paragraph here but the block's first. */
        if (kb->kind == PDF_BOX_PARA) {
          kb->keep_inside = 1;
          if (t == GALLEY_NODE_FIGURE)
            kb->keep_soft = 0;
        }
      }
    if (PU(st.margin_bottom) > ctx->pending_space)
      ctx->pending_space = PU(st.margin_bottom);
    if (st.break_after == PDF_BREAK_ALWAYS)
      ctx->pending_force = 1;
    break;
  }
  default:
    break;
  }
}

static void layout_children(pdf_ctx *ctx, const galley_node *parent,
                            const pdf_elem *pelem, const pdf_style *pstyle,
                            int left, int right, int depth)
{
  const galley_node *child;
  pdf_elem prev;
  int have_prev = 0;
  if (depth > LAYOUT_MAX_DEPTH * 4) {
    /* Past any sane nesting: lay the text blocks out flat, with no more
     * recursion, so a pathological input cannot exhaust the stack. */
    galley_iter *it = galley_iter_new((galley_node *)parent);
    galley_event_type ev;
    while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
      galley_node *n = galley_iter_get_node(it);
      galley_node_type t = galley_node_get_type(n);
      pdf_elem e;
      if (ev != GALLEY_EVENT_ENTER || n == parent)
        continue;
      /* a table lays out its own caption and cells (no deeper: cells
       * hold inlines only) */
      if (t == GALLEY_NODE_CAPTION &&
          galley_node_get_type(galley_node_parent(n)) == GALLEY_NODE_TABLE)
        continue;
      if (t == GALLEY_NODE_PARAGRAPH || t == GALLEY_NODE_HEADING ||
          t == GALLEY_NODE_CODE_BLOCK || t == GALLEY_NODE_CAPTION ||
          t == GALLEY_NODE_CREDIT || t == GALLEY_NODE_THEMATIC_BREAK ||
          t == GALLEY_NODE_TABLE) {
        elem_of_block(n, &e.tag, &e.classes);
        e.parent = pelem;
        e.prev = NULL;
        layout_block(ctx, n, &e, pstyle, left, right, depth);
      }
    }
    galley_iter_free(it);
    return;
  }
  for (child = galley_node_first_child(parent); child; child = galley_node_next(child)) {
    pdf_elem e;
    if (!galley_node_is_block(child) && galley_node_get_type(child) != GALLEY_NODE_IMAGE)
      continue;
    /* Notes are set at the foot of their pages (pdf_layout_document). */
    if (galley_node_get_type(child) == GALLEY_NODE_FOOTNOTE)
      continue;
    elem_of_block(child, &e.tag, &e.classes);
    e.parent = pelem;
    e.prev = have_prev ? &prev : NULL;
    layout_block(ctx, child, &e, pstyle, left, right, depth);
    prev = e;
    prev.prev = NULL;
    have_prev = 1;
  }
}

/* ------------------------------------------------------------------ */
/* Breaking paragraphs, in parallel                                    */
/* ------------------------------------------------------------------ */

/* Paragraph breaking is independent once the measure is known, and so is
 * setting a paragraph's lines: layout threads take paragraphs in document
 * order from a shared counter, each with its own font map (over the
 * shared, read-only fontconfig configuration), context and layouts, and
 * write only into the paragraph they took. The drawing thread waits for
 * the paragraph it needs, or takes it itself when no thread has, so one
 * thread is the same code with nobody to wait for. Threads stay at most
 * PIPE_AHEAD paragraphs ahead of drawing, so memory does not grow with
 * the document. What a thread computes for a paragraph depends on nothing
 * but the paragraph, so the output is the same whatever the number of
 * threads or their timing. */

/* Below this much text per extra thread, a thread's set-up (its font map
 * loads the faces again) costs more than it saves. */
#define BYTES_PER_THREAD (48 * 1024)
/* Paragraphs the layout threads may run ahead of drawing. */
#define PIPE_AHEAD 64

typedef struct pipe_thread {
  struct pdf_pipe *pipe; /* borrowed */
  PangoFontMap *fontmap; /* owned */
  PangoContext *pango;   /* owned */
  PangoLayout *measure;  /* owned */
  PangoLayout *lines;    /* owned */
  pdf_liner liner;       /* scratch, on `lines` */
  pthread_t id;
  int started;           /* 1: id is a thread to join */
} pipe_thread;

typedef struct pdf_pipe {
  const pdf_ctx *ctx;    /* borrowed */
  pthread_mutex_t lock;  /* guards next, limit, stop, paras[].ready */
  pthread_cond_t cond;   /* signalled when any of those change */
  int next;              /* the next paragraph nobody has taken */
  int limit;             /* threads take no paragraph past this */
  int stop;              /* 1: threads finish */
  pipe_thread *threads;  /* owned */
  int n_threads;
} pdf_pipe;

/* Breaks paragraph `i` and, unless it is very long, sets its lines. */
static void pipe_do(const pdf_ctx *ctx, PangoLayout *measure, pdf_liner *lr, int i)
{
  pdf_para *p = &ctx->paras[i];
  break_para(ctx, measure, p);
  /* lines are set only to be drawn */
  if (p->len <= SET_AHEAD_MAX_BYTES && !ctx->opts->layout_only)
    set_para_lines(ctx, lr, p, measure);
}

static void *pipe_thread_main(void *arg)
{
  pipe_thread *t = arg;
  pdf_pipe *pp = t->pipe;
  pthread_mutex_lock(&pp->lock);
  for (;;) {
    int i;
    while (!pp->stop && pp->next < pp->ctx->n_paras && pp->next > pp->limit)
      pthread_cond_wait(&pp->cond, &pp->lock);
    if (pp->stop || pp->next >= pp->ctx->n_paras)
      break;
    i = pp->next++;
    pthread_mutex_unlock(&pp->lock);
    pipe_do(pp->ctx, t->measure, &t->liner, i);
    pthread_mutex_lock(&pp->lock);
    pp->ctx->paras[i].ready = 1;
    pthread_cond_broadcast(&pp->cond);
  }
  pthread_mutex_unlock(&pp->lock);
  return NULL;
}

static void pipe_start(pdf_ctx *ctx)
{
  pdf_pipe *pp;
  size_t bytes = 0;
  int n = ctx->threads, i;
  const char *lang = galley_meta_get(galley_doc_get_meta(ctx->doc), "language");

  /* Widths the threads read, known before they start: nothing in ctx
   * that they read changes while they run. */
  for (i = 0; i < ctx->n_fonts; i++)
    hyphen_width(ctx, i);
  for (i = 0; i < ctx->n_paras; i++)
    bytes += (size_t)ctx->paras[i].len;
  if ((size_t)n > bytes / BYTES_PER_THREAD + 1)
    n = (int)(bytes / BYTES_PER_THREAD) + 1;
  /* The drawing thread is one of the n. */
  n = n > 1 ? n - 1 : 0;
  pp = galley_xcalloc(1, sizeof *pp);
  pp->ctx = ctx;
  pp->limit = PIPE_AHEAD;
  pthread_mutex_init(&pp->lock, NULL);
  pthread_cond_init(&pp->cond, NULL);
  ctx->pipe = pp;
  if (n == 0)
    return;
  pp->threads = galley_xcalloc((size_t)n, sizeof *pp->threads);
  pp->n_threads = n;
  for (i = 0; i < n; i++) {
    pipe_thread *t = &pp->threads[i];
    t->pipe = pp;
    t->fontmap = pdf_fonts_new_map_sharing(ctx->fontmap);
    if (!t->fontmap)
      continue;
    t->pango = pdf_fonts_new_context(t->fontmap, lang);
    t->measure = pango_layout_new(t->pango);
    t->lines = pango_layout_new(t->pango);
    t->liner.layout = t->lines;
    /* A thread that cannot start leaves its share to the others. */
    t->started = pthread_create(&t->id, NULL, pipe_thread_main, t) == 0;
  }
}

/* Waits until paragraph `i` is ready, doing paragraphs itself while
 * nobody has taken them. */
static void pipe_wait(pdf_ctx *ctx, int i)
{
  pdf_pipe *pp = ctx->pipe;
  pthread_mutex_lock(&pp->lock);
  if (i + PIPE_AHEAD > pp->limit) {
    pp->limit = i + PIPE_AHEAD;
    pthread_cond_broadcast(&pp->cond);
  }
  while (!ctx->paras[i].ready) {
    if (pp->next <= i) {
      int k = pp->next++;
      pthread_mutex_unlock(&pp->lock);
      pipe_do(ctx, ctx->measure_layout, &ctx->liner, k);
      pthread_mutex_lock(&pp->lock);
      ctx->paras[k].ready = 1;
      pthread_cond_broadcast(&pp->cond);
    } else {
      pthread_cond_wait(&pp->cond, &pp->lock);
    }
  }
  pthread_mutex_unlock(&pp->lock);
}

void pdf_layout_end(pdf_ctx *ctx)
{
  pdf_pipe *pp = ctx->pipe;
  int i, j;
  if (!pp)
    return;
  pthread_mutex_lock(&pp->lock);
  pp->stop = 1;
  pthread_cond_broadcast(&pp->cond);
  pthread_mutex_unlock(&pp->lock);
  for (i = 0; i < pp->n_threads; i++) {
    pipe_thread *t = &pp->threads[i];
    if (t->started)
      pthread_join(t->id, NULL);
  }
  /* Lines set but never drawn (an error stopped drawing) go first: their
   * glyph runs hold the threads' fonts. */
  for (i = 0; i < ctx->n_paras; i++)
    if (ctx->paras[i].set) {
      for (j = 0; j < ctx->paras[i].n_lines; j++)
        pdf_set_line_clear(&ctx->paras[i].set[j]);
      free(ctx->paras[i].set);
      ctx->paras[i].set = NULL;
    }
  for (i = 0; i < ctx->n_held_fonts; i++)
    g_object_unref(ctx->held_fonts[i]);
  free(ctx->held_fonts);
  ctx->held_fonts = NULL;
  ctx->n_held_fonts = ctx->cap_held_fonts = 0;
  for (i = 0; i < pp->n_threads; i++) {
    pipe_thread *t = &pp->threads[i];
    free(t->liner.spans);
    galley_buf_free(&t->liner.text);
    if (t->lines)
      g_object_unref(t->lines);
    if (t->measure)
      g_object_unref(t->measure);
    if (t->pango)
      g_object_unref(t->pango);
    if (t->fontmap)
      g_object_unref(t->fontmap);
  }
  free(pp->threads);
  pthread_cond_destroy(&pp->cond);
  pthread_mutex_destroy(&pp->lock);
  free(pp);
  ctx->pipe = NULL;
}

/* What breaking found, reported in document order (so messages do not
 * depend on which thread broke which paragraph). */
static void report_para(pdf_ctx *ctx, const pdf_para *p)
{
  int i, k;
  for (i = 0; i < p->n_missing; i++) {
    uint32_t c = p->missing[i].cp;
    for (k = 0; k < ctx->n_warned; k++)
      if (ctx->warned[k] == c)
        break;
    if (k < ctx->n_warned)
      continue;
    if (ctx->n_warned == ctx->cap_warned) {
      ctx->cap_warned = ctx->cap_warned ? ctx->cap_warned * 2 : 8;
      ctx->warned = galley_xreallocarray(ctx->warned, (size_t)ctx->cap_warned,
                                         sizeof *ctx->warned);
    }
    ctx->warned[ctx->n_warned++] = c;
    galley_diag_add(ctx->diag, p->missing[i].line, 0,
                    "no bundled font has U+%04X; it will show as a box in the PDF",
                    (unsigned)c);
  }
  if (p->quiet)
    return;
  if (p->overfull > 0)
    galley_diag_add(ctx->diag, p->src_line, 0,
                    "a word is wider than the column and sticks out of it");
  /* Text is never lost off the page, but a reader should know a word was
   * cut where the language does not allow it. */
  if (p->forced)
    galley_diag_add(ctx->diag, p->src_line, 0,
                    "a word is wider than the column; it is broken by force "
                    "across lines");
  if (p->ragged > 0)
    galley_diag_add(ctx->diag, p->src_line, 0,
                    "no line breaks keep the word spaces under %.1f em; %d line%s "
                    "of this paragraph %s set ragged",
                    PDF_BREAK_MAX_GAP_EM, p->ragged, p->ragged == 1 ? "" : "s",
                    p->ragged == 1 ? "is" : "are");
}

static pdf_box *win_push(pdf_box **win, int *n, int *cap)
{
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 256;
    *win = galley_xreallocarray(*win, (size_t)*cap, sizeof **win);
  }
  return &(*win)[(*n)++];
}

/* Whether the header rows of `t` are repeated on the pages it crosses:
 * not when they would take more than half the text block. */
static int header_repeats(const pdf_table *t, int grid)
{
  return t->n_header > 0 && t->header_height > 0 && t->header_height <= grid / 2;
}

int pdf_layout_repeat_header(pdf_ctx *ctx, int at, pdf_box **io_win, int *io_n,
                             int *io_cap)
{
  const pdf_box *b = &(*io_win)[at];
  const pdf_row *row;
  const pdf_table *t;
  int k, nh, x, container;
  if (b->kind != PDF_BOX_ROW || b->repeat)
    return 0;
  row = &ctx->rows[b->para];
  t = &ctx->tables[row->table];
  if (row->header || !header_repeats(t, pdf_page_grid(ctx)))
    return 0;
  nh = t->n_header;
  x = b->x;
  container = b->container;
  for (k = 0; k < nh; k++)
    win_push(io_win, io_n, io_cap);
  memmove(*io_win + at + nh, *io_win + at, (size_t)(*io_n - nh - at) * sizeof **io_win);
  for (k = 0; k < nh; k++) {
    pdf_box *h = &(*io_win)[at + k];
    memset(h, 0, sizeof *h);
    h->kind = PDF_BOX_ROW;
    h->para = t->first_row + k;
    h->image = -1;
    h->height = ctx->rows[t->first_row + k].height;
    h->x = x;
    h->container = container;
    h->repeat = 1;
    h->allow_break = k == 0;
  }
  (*io_win)[at + nh].allow_break = 0;
  (*io_win)[at + nh].soft_break = 0;
  (*io_win)[at + nh].space_before = 0;
  return nh;
}

/* The box of a table row, its height known once its cells are broken;
 * a row taller than the page (less the header rows repeated above it) is
 * cut into bands of a line, each a box of its own. */
static void next_row_boxes(pdf_ctx *ctx, const pdf_box *b, int *io_keep_lines,
                           pdf_box **io_win, int *io_n, int *io_cap)
{
  pdf_row *row = &ctx->rows[b->para];
  pdf_table *t = &ctx->tables[row->table];
  int grid = pdf_page_grid(ctx), c, content = 0, pitch = 1, limit, off, top, k, n_bands;
  for (c = 0; c < t->n_cols; c++) {
    const pdf_para *p;
    if (row->cells[c] < 0)
      continue;
    pipe_wait(ctx, row->cells[c]);
    p = &ctx->paras[row->cells[c]];
    report_para(ctx, p);
    if (p->n_lines * p->pitch > content)
      content = p->n_lines * p->pitch;
    if (p->pitch > pitch)
      pitch = p->pitch;
  }
  top = row->rule_above + t->pad[0];
  row->height = top + content + t->pad[2] + row->rule_below;
  if (row->header && b->para < t->first_row + t->n_header)
    t->header_height += row->height;
  limit = grid - (!row->header && header_repeats(t, grid) ? t->header_height : 0);
  /* A row taller than that is cut into bands of one line (of the tallest
   * lines), so that it starts where the row before it ends and pages
   * break between its lines: the first band holds the rule and padding
   * above, the last the padding and rule below; two lines at least stay
   * on each side of a break. A cell's line is drawn in the band its top
   * falls in. */
  n_bands = row->height > limit && content >= 4 * pitch ? content / pitch : 1;
  for (k = 0, off = 0; k < n_bands; k++) {
    pdf_box *o = win_push(io_win, io_n, io_cap);
    *o = *b;
    o->line = off;
    o->height = k == n_bands - 1 ? row->height - off : (k == 0 ? top : 0) + pitch;
    if (k > 0) {
      o->space_before = 0;
      o->allow_break = k >= 2 && k <= n_bands - 2;
      o->soft_break = 0;
      o->force_break = 0;
    } else if (*io_keep_lines > 0) {
      o->allow_break = 0;
      o->soft_break = 0;
      (*io_keep_lines)--;
    }
    off += o->height;
  }
}

/* Replaces a PARA box by the boxes of its lines, marking where a page
 * may end: within a paragraph after its orphans and before its widows,
 * never in a block kept whole, and not within the HEADING_KEEP_LINES
 * lines that follow a block with break-after: avoid (a heading). */
int pdf_layout_next_boxes(pdf_ctx *ctx, int *io_block, int *io_keep_lines,
                          pdf_box **io_win, int *io_n, int *io_cap)
{
  pdf_box *b;
  const pdf_para *p;
  int j;
  if (*io_block >= ctx->n_boxes)
    return 0;
  b = &ctx->boxes[(*io_block)++];
  if (b->kind == PDF_BOX_ROW) {
    next_row_boxes(ctx, b, io_keep_lines, io_win, io_n, io_cap);
    return 1;
  }
  if (b->kind != PDF_BOX_PARA) {
    *win_push(io_win, io_n, io_cap) = *b;
    b->outline_text = NULL; /* now the window's */
    b->marker = NULL;
    if (b->keep_after)
      *io_keep_lines = HEADING_KEEP_LINES;
    return 1;
  }
  pipe_wait(ctx, b->para);
  p = &ctx->paras[b->para];
  report_para(ctx, p);
  for (j = 0; j < p->n_lines; j++) {
    pdf_box *o = win_push(io_win, io_n, io_cap);
    if (j == 0) {
      *o = *b; /* space, breaks, heading, marker: the first line's */
      b->outline_text = NULL;
      b->marker = NULL;
    } else {
      memset(o, 0, sizeof *o);
      o->para = b->para;
      o->image = -1;
      o->height = b->height;
      o->x = b->x;
      o->src_line = b->src_line;
      int lines_allow = !(j < b->orphans || p->n_lines - j < b->widows);
      o->container = b->container;
      o->allow_break = lines_allow && !(b->unbreakable || b->keep_inside);
      o->soft_break = lines_allow && !o->allow_break && b->keep_soft;
    }
    o->kind = PDF_BOX_LINE;
    o->line = j;
    if (*io_keep_lines > 0 && !b->heading) {
      o->allow_break = 0;
      o->soft_break = 0;
      (*io_keep_lines)--;
    }
  }
  if (b->heading)
    *io_keep_lines = 0;
  if (b->keep_after)
    *io_keep_lines = HEADING_KEEP_LINES;
  return 1;
}

/* Lays out the notes (the DOCUMENT's last children) before the running
 * text, into ctx->note_boxes: their paragraphs come first in the
 * pipeline, so that pagination, which needs a note's height where its
 * reference is, finds it broken. */
static void layout_notes(pdf_ctx *ctx, const pdf_elem *body)
{
  const galley_node *root = galley_doc_get_root(ctx->doc), *n;
  int count = 0, k, i;
  for (n = galley_node_first_child(root); n; n = galley_node_next(n))
    if (galley_node_get_type(n) == GALLEY_NODE_FOOTNOTE)
      count++;
  if (count == 0)
    return;
  ctx->note_start = galley_xcalloc((size_t)count + 1, sizeof *ctx->note_start);
  ctx->n_notes = count;
  ctx->note_links = galley_xreallocarray(NULL, (size_t)count * 2, sizeof *ctx->note_links);
  for (k = 0; k < count * 2; k++)
    ctx->note_links[k] = -1;
  ctx->note_dests = galley_xcalloc((size_t)count + 1, 1);
  {
    /* A note nothing references has no reference to link back to. */
    galley_iter *it = galley_iter_new((galley_node *)root);
    galley_event_type ev;
    for (k = 1; k <= count; k++)
      ctx->note_links[2 * k - 1] = -2;
    while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
      const galley_node *r = galley_iter_get_node(it);
      int num = galley_node_get_note_number(r);
      if (ev == GALLEY_EVENT_ENTER && galley_node_get_type(r) == GALLEY_NODE_FOOTNOTE_REF &&
          num >= 1 && num <= count)
        ctx->note_links[2 * num - 1] = -1;
    }
    galley_iter_free(it);
  }
  for (k = 1; k <= count; k++) {
    const galley_node *fn = galley_doc_find_footnote(ctx->doc, k);
    pdf_elem e;
    if (fn) {
      elem_of_block(fn, &e.tag, &e.classes);
      e.parent = body;
      e.prev = NULL;
      ctx->pending_space = 0;
      ctx->pending_force = 0;
      ctx->keep_next = 0;
      ctx->layout_note = k;
      layout_block(ctx, fn, &e, &ctx->body, 0, 0, 1);
      ctx->layout_note = 0;
      if (ctx->n_boxes > ctx->note_start[k - 1])
        ctx->boxes[ctx->note_start[k - 1]].space_before = 0;
      /* A note's boxes are cut where its page ends, never forced. */
      for (i = ctx->note_start[k - 1]; i < ctx->n_boxes; i++)
        ctx->boxes[i].force_break = 0;
    }
    ctx->note_start[k] = ctx->n_boxes;
  }
  ctx->note_boxes = ctx->boxes;
  ctx->boxes = NULL;
  ctx->n_boxes = ctx->cap_boxes = 0;
  ctx->pending_space = 0;
  ctx->pending_force = 0;
  ctx->keep_next = 0;
  free(ctx->pending_marker);
  ctx->pending_marker = NULL;
}

int pdf_layout_note_lines(pdf_ctx *ctx, int note, pdf_box **out)
{
  int block, end, keep = 0, n = 0, cap = 0;
  pdf_box *saved = ctx->boxes;
  int saved_n = ctx->n_boxes;
  *out = NULL;
  if (note < 1 || note > ctx->n_notes)
    return 0;
  /* pdf_layout_next_boxes reads ctx->boxes: lend it the note's. */
  block = ctx->note_start[note - 1];
  end = ctx->note_start[note];
  ctx->boxes = ctx->note_boxes;
  ctx->n_boxes = end;
  while (block < end && pdf_layout_next_boxes(ctx, &block, &keep, out, &n, &cap))
    ;
  ctx->boxes = saved;
  ctx->n_boxes = saved_n;
  return n;
}

/* Adds the notes referenced from line `li` of `p` to out (room for
 * `max`) from index `count`; returns the new count. */
static int para_line_notes(const pdf_para *p, int li, int *out, int max, int count)
{
  const pdf_line *ln = &p->lines[li];
  int i;
  for (i = span_at(p, ln->start); i < p->n_spans && p->spans[i].start < ln->end; i++)
    if (p->spans[i].note > 0 && p->spans[i].end > ln->start) {
      if (count < max)
        out[count] = p->spans[i].note;
      count++;
    }
  return count;
}

int pdf_layout_line_notes(const pdf_ctx *ctx, const pdf_box *b, int *out, int max)
{
  const pdf_row *row;
  const pdf_table *t;
  int c, li, count = 0;
  if (ctx->n_notes == 0)
    return 0;
  if (b->kind == PDF_BOX_LINE)
    return para_line_notes(&ctx->paras[b->para], b->line, out, max, 0);
  if (b->kind != PDF_BOX_ROW || b->repeat)
    return 0; /* a repeated header row's notes went with the row itself */
  /* a row (or its slice from b->line down b->height): its cells' lines
   * that start in it, cell by cell */
  row = &ctx->rows[b->para];
  t = &ctx->tables[row->table];
  for (c = 0; c < t->n_cols; c++) {
    const pdf_para *p = row->cells[c] >= 0 ? &ctx->paras[row->cells[c]] : NULL;
    for (li = 0; p && li < p->n_lines; li++) {
      int ly = row->rule_above + t->pad[0] + li * p->pitch;
      if (ly >= b->line && ly < b->line + b->height)
        count = para_line_notes(p, li, out, max, count);
    }
  }
  return count;
}

galley_status pdf_layout_document(pdf_ctx *ctx)
{
  pdf_elem body;
  body.tag = "body";
  body.classes = NULL;
  body.parent = NULL;
  body.prev = NULL;
  {
    int font = pdf_ctx_font(ctx, &ctx->body, 0), pitch = PU(ctx->body.size * ctx->body.line_height);
    const pdf_font *f = &ctx->fonts[font];
    font_metrics(ctx, font);
    ctx->body_descent = pitch - ((pitch - (f->ascent + f->descent)) / 2 + f->ascent);
  }
  layout_notes(ctx, &body);
  layout_children(ctx, galley_doc_get_root(ctx->doc), &body, &ctx->body, 0, 0, 0);
  free(ctx->pending_marker);
  ctx->pending_marker = NULL;
  if (ctx->status != GALLEY_OK)
    return ctx->status;
  pipe_start(ctx);
  return ctx->status;
}

/* ------------------------------------------------------------------ */
/* The page map                                                        */
/* ------------------------------------------------------------------ */

/* Bytes of the word separator at text[i] as a paragraph's text has it:
 * a space (white space collapsed, a tab of a code block) or U+2028 (a
 * forced line break); 0 for any other byte. */
static int separator_at(const char *text, int len, int i)
{
  if (text[i] == ' ')
    return 1;
  if (i + 3 <= len && memcmp(text + i, "\xE2\x80\xA8", 3) == 0)
    return 3;
  return 0;
}

/* Whether character `c` of a literal separates words once append_text
 * has set it: white space, which it collapses to a space (or, in a code
 * block, keeps as spaces and line breaks); not a no-break space. */
static int is_literal_space(int32_t c, int preserve)
{
  if (c == ' ' || c == '\t' || c == '\n')
    return 1;
  return !preserve && (c == '\r' || (galley_utf8_is_space(c) && c != 0xA0));
}

/* The byte of the literal of `src` where its word `k` (from 0) begins,
 * or (size_t)-1 when it has fewer words. */
static size_t literal_word(const pdf_source *src, int k)
{
  size_t len = 0, i = 0;
  const char *lit = galley_node_get_literal(src->node, &len);
  int at_space = 1;
  while (lit && i < len) {
    int32_t c;
    size_t step = galley_utf8_decode(lit + i, len - i, &c);
    if (is_literal_space(c, src->preserve)) {
      at_space = 1;
    } else if (at_space) {
      if (k-- == 0)
        return i;
      at_space = 0;
    }
    i += step ? step : 1;
  }
  return (size_t)-1;
}

/* Adds the page start at byte `at` of paragraph `p`'s text: the start of
 * the word holding it (a word hyphenated across the break is marked
 * before its first letter), found in the literal it comes from by
 * counting words, which setting the text (collapsing white space, adding
 * soft hyphens) keeps one for one. */
static void map_para_byte(galley_page_map *map, const pdf_para *p, int at,
                          const char *label)
{
  const pdf_source *src;
  int i, k = 0, in_word = 0;
  size_t off;
  while (at > 0 && p->text[at - 1] != ' ' &&
         !(at >= 3 && memcmp(p->text + at - 3, "\xE2\x80\xA8", 3) == 0))
    at--;
  for (i = 0; i < p->n_sources && p->sources[i].end <= at; i++)
    ;
  if (i == p->n_sources) {
    galley_page_map_add(map, label, p->node, 0);
    return;
  }
  src = &p->sources[i];
  /* text no literal holds (a note's number): the next that does */
  if (at < src->start)
    at = src->start;
  for (i = src->start; i < at;) {
    int sep = separator_at(p->text, p->len, i);
    if (sep) {
      in_word = 0;
      i += sep;
      continue;
    }
    k += !in_word;
    in_word = 1;
    i++;
  }
  off = literal_word(src, k);
  galley_page_map_add(map, label, src->node, off == (size_t)-1 ? 0 : off);
}

/* Whether the EPUB shows `node` as an element of its own where a marker
 * may stand before it (flow content, not inside a table row): the page
 * then begins before the block rather than at its first word. */
static int marks_before(const galley_node *node)
{
  const galley_node *parent = galley_node_parent(node);
  switch (galley_node_get_type(node)) {
  case GALLEY_NODE_PARAGRAPH:
  case GALLEY_NODE_HEADING:
  case GALLEY_NODE_TITLE:
  case GALLEY_NODE_SUBTITLE:
  case GALLEY_NODE_BYLINE:
  case GALLEY_NODE_DATE:
  case GALLEY_NODE_CODE_BLOCK:
  case GALLEY_NODE_IMAGE:
  case GALLEY_NODE_FIGURE:
  case GALLEY_NODE_THEMATIC_BREAK:
    return 1;
  case GALLEY_NODE_CREDIT: /* a figure's is in its figcaption */
    return !parent || galley_node_get_type(parent) != GALLEY_NODE_FIGURE;
  default:
    return 0;
  }
}

void pdf_layout_map_page(pdf_ctx *ctx, const pdf_box *boxes, int n, int page)
{
  galley_page_map *map = ctx->opts->out_page_map;
  const pdf_box *b;
  char label[16];
  int i;
  if (!map)
    return;
  for (i = 0; i < n && boxes[i].repeat; i++)
    ;
  if (i == n)
    return;
  b = &boxes[i];
  snprintf(label, sizeof label, "%d", page);
  switch (b->kind) {
  case PDF_BOX_LINE: {
    const pdf_para *p = &ctx->paras[b->para];
    if (b->line == 0 && marks_before(p->node))
      galley_page_map_add(map, label, p->node, 0);
    else
      map_para_byte(map, p, p->lines[b->line].start, label);
    break;
  }
  case PDF_BOX_IMAGE:
  case PDF_BOX_RULE: {
    const galley_node *node = b->node, *parent = galley_node_parent(node);
    /* a picture of a figure: before the figure */
    if (parent && galley_node_get_type(parent) == GALLEY_NODE_FIGURE)
      node = parent;
    galley_page_map_add(map, label, node, 0);
    break;
  }
  case PDF_BOX_ROW: {
    /* the line of its first cell with text that the band's top falls in */
    const pdf_row *row = &ctx->rows[b->para];
    const pdf_table *t = &ctx->tables[row->table];
    int c;
    for (c = 0; c < t->n_cols; c++) {
      const pdf_para *p;
      int li;
      if (row->cells[c] < 0)
        continue;
      p = &ctx->paras[row->cells[c]];
      if (p->n_lines == 0)
        continue;
      li = (b->line - row->rule_above - t->pad[0]) / (p->pitch > 0 ? p->pitch : 1);
      li = li < 0 ? 0 : li >= p->n_lines ? p->n_lines - 1 : li;
      map_para_byte(map, p, p->lines[li].start, label);
      break;
    }
    break;
  }
  case PDF_BOX_PARA:
  default:
    break;
  }
}
