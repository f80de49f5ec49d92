/* pdf_para_text.c: a paragraph's text built from an inline container.
 *
 * The inlines of a block become one string with whitespace collapsed and
 * soft hyphens inserted (pdf_hyph.c), and spans saying which interned
 * font and link each run has; note references become their numbers in
 * superior figures. Sources record where the text came from in the
 * model, for the page map (pdf_page_map.c). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "pdf_layout.h"
#include "../model/markup.h"
#include "../util/alloc.h"
#include "../util/utf8.h"

/* Inline nesting that gets its own style; deeper inlines take the style
 * of the 24th level. */
#define INLINE_MAX_DEPTH 24

/* ------------------------------------------------------------------ */
/* Building a paragraph's text                                         */
/* ------------------------------------------------------------------ */

/* Records that bytes [start, end) of the text come from the literal of
 * `node` (a TEXT, CODE or CODE_BLOCK), for the page map. */
void pdf_para_add_source(pdf_para_builder *pb, int start, int end, const galley_node *node,
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

static void add_span(pdf_para_builder *pb, int start, int end, int font, int link,
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
void pdf_para_append_text(pdf_ctx *ctx, pdf_para_builder *pb, const char *s, size_t len,
                          int font, int link, int line, int hyphenate, int preserve)
{
  size_t i = 0;
  int start = (int)pb->text.len;
  galley_buf_clear(&pb->tmp);
  while (i < len) {
    int32_t c;
    size_t step, e;
    if (!preserve && (e = galley_utf8_ascii_run(s, len, i)) > i) {
      /* printable ASCII (and DEL), as the loop below takes it a character
       * at a time, a word at a time: spaces collapse to one */
      while (i < e) {
        const char *sp;
        size_t end;
        if (s[i] == ' ') {
          if (!pb->at_space)
            galley_buf_putc(&pb->tmp, ' ');
          pb->at_space = 1;
          i++;
          continue;
        }
        sp = memchr(s + i, ' ', e - i);
        end = sp ? (size_t)(sp - s) : e;
        galley_buf_put(&pb->tmp, s + i, end - i);
        pb->at_space = 0;
        i = end;
      }
      continue;
    }
    step = galley_utf8_decode(s + i, len - i, &c);
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
    pdf_hyph_append(ctx->hyph, &ctx->hyph_memo, pb->tmp.ptr ? pb->tmp.ptr : "", pb->tmp.len, &pb->text);
  else
    galley_buf_put(&pb->text, pb->tmp.ptr ? pb->tmp.ptr : "", pb->tmp.len);
  add_span(pb, start, (int)pb->text.len, font, link, line);
}

/* Removes `n` bytes at `at` from the text, moving the spans after it. */
static void cut_text(pdf_para_builder *pb, size_t at, size_t n)
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
void pdf_para_keep_last_words(pdf_para_builder *pb)
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

void pdf_para_trim_trailing_space(pdf_para_builder *pb)
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

/* The element of inline `n` under `parent`, as the EPUB writes it
 * (model/markup.h; an inline's classes are static). */
static void elem_of_inline(const galley_node *n, const pdf_elem *parent, pdf_elem *out)
{
  galley_markup m;
  galley_markup_get(n, &m);
  out->tag = m.tag ? m.tag : "span";
  out->classes = m.cls;
  out->parent = parent;
  out->prev = NULL;
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

/* Appends the number of note `note` in superior figures under `parent`
 * (`pelem`), as reference `ref_node` (the span names the note, so that
 * pagination sets the note on the page of the line holding it, and links
 * to it; styled as the EPUB's sup.noteref > a) or, with `ref_node` NULL,
 * as the note's own number (linking back to the first reference: the
 * EPUB's a.note-back). */
void pdf_para_append_note_number(pdf_ctx *ctx, pdf_para_builder *pb, int note,
                                 const galley_node *ref_node, const pdf_elem *pelem,
                                 const pdf_style *parent, int line)
{
  pdf_elem e, wrap;
  pdf_style st, ws;
  galley_markup m;
  char num[16];
  int link = note_link(ctx, note, ref_node == NULL);
  if (ref_node)
    galley_markup_get(ref_node, &m);
  else
    galley_markup_get_note_number(link >= 0, &m);
  e.tag = m.tag;
  e.classes = m.cls;
  e.parent = pelem;
  e.prev = NULL;
  ws = *parent;
  if (m.wrap_tag) {
    wrap.tag = m.wrap_tag;
    wrap.classes = m.wrap_cls;
    wrap.parent = pelem;
    wrap.prev = NULL;
    e.parent = &wrap;
    pdf_sheet_compute(ctx->sheet, &wrap, parent, &ws);
  }
  pdf_sheet_compute(ctx->sheet, &e, &ws, &st);
  snprintf(num, sizeof num, "%d", note);
  pb->note = ref_node ? note : 0;
  /* the number links to the note, or back to its reference */
  pdf_para_append_text(ctx, pb, num, strlen(num), pdf_ctx_font_sups(ctx, &st, 1, 1), link,
                       line, 0, 0);
  pb->note = 0;
}

/* Walks the inlines of `block` into `pb`. */
void pdf_para_build_inlines(pdf_ctx *ctx, pdf_para_builder *pb, const galley_node *block,
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
      pdf_para_append_text(ctx, pb, lit ? lit : "", lit ? len : 0, fonts[depth], links[depth],
                           line,
                           styles[depth].hyphens && !pdf_font_at(ctx, fonts[depth])->no_hyphens,
                           0);
      pdf_para_add_source(pb, start, (int)pb->text.len, n, 0);
    } else if (t == GALLEY_NODE_CODE) {
      size_t len;
      const char *lit = galley_node_get_literal(n, &len);
      pdf_style cs;
      pdf_elem e;
      elem_of_inline(n, &elems[depth], &e);
      pdf_sheet_compute(ctx->sheet, &e, &styles[depth], &cs);
      {
        int start = (int)pb->text.len;
        pdf_para_append_text(ctx, pb, lit ? lit : "", lit ? len : 0, pdf_ctx_font(ctx, &cs, 1),
                             links[depth], line, 0, 0);
        pdf_para_add_source(pb, start, (int)pb->text.len, n, 0);
      }
    } else if (t == GALLEY_NODE_FOOTNOTE_REF) {
      int num = galley_node_get_note_number(n);
      if (num >= 1 && num <= ctx->n_notes)
        pdf_para_append_note_number(ctx, pb, num, n, &elems[depth], &styles[depth], line);
    } else if (t == GALLEY_NODE_LINEBREAK) {
      pdf_para_trim_trailing_space(pb);
      pdf_para_append_text(ctx, pb, "\n", 1, fonts[depth], links[depth], line, 0, 1);
      pb->at_space = 1;
    } else if (ev == GALLEY_EVENT_ENTER) {
      if (depth == INLINE_MAX_DEPTH) {
        overflow++;
        continue;
      }
      links[depth + 1] = links[depth];
      if (t == GALLEY_NODE_LINK)
        links[depth + 1] = pdf_add_link(ctx, n, line);
      if (t == GALLEY_NODE_LINK && links[depth + 1] < 0) {
        /* A link kept as plain text is its text alone, as in the EPUB,
         * where it has no element: no "a" style either. */
        elems[depth + 1] = elems[depth];
        styles[depth + 1] = styles[depth];
        fonts[depth + 1] = fonts[depth];
        depth++;
        continue;
      }
      elem_of_inline(n, &elems[depth], &elems[depth + 1]);
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

pdf_para *pdf_para_from_builder(pdf_ctx *ctx, pdf_para_builder *pb, const galley_node *node)
{
  pdf_para *p = pdf_new_para(ctx);
  p->len = (int)pb->text.len;
  /* The builder's arrays grew by doubling; each is cut to its size (a
   * fifth of a paragraph's memory: a block walked whole, a long list or
   * quotation, holds all its paragraphs at once). */
  p->text = galley_xrealloc(galley_buf_detach(&pb->text, NULL), (size_t)p->len + 1);
  p->spans = pb->n_spans > 0 ? galley_xreallocarray(pb->spans, (size_t)pb->n_spans,
                                                    sizeof *pb->spans)
                             : pb->spans;
  p->n_spans = pb->n_spans;
  p->node = node;
  p->sources = pb->n_sources > 0 ? galley_xreallocarray(pb->sources, (size_t)pb->n_sources,
                                                        sizeof *pb->sources)
                                 : pb->sources;
  p->n_sources = pb->n_sources;
  return p;
}
