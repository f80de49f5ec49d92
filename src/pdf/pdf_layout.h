/* pdf_layout.h: what the files of the layout stage share among
 * themselves (pagination and drawing see only pdf_private.h).
 *
 *   pdf_layout.c      the context's fonts and links, the walk's entry
 *                     point, the boxes handed to pagination
 *   pdf_blocks.c      blocks -> the vertical list (text, rules, images,
 *                     list markers, notes)
 *   pdf_table.c       tables: column widths, a box per row
 *   pdf_para_text.c   inlines -> a paragraph's text and spans
 *   pdf_shape.c       a paragraph shaped, its words through a cache
 *   pdf_para_break.c  a paragraph measured and broken into lines
 *   pdf_set_line.c    the lines of a broken paragraph set to the measure
 *   pdf_pipe.c        the layout threads, breaking and setting ahead
 *   pdf_page_map.c    where each page starts in the model's text */
#ifndef GALLEY_PDF_LAYOUT_H
#define GALLEY_PDF_LAYOUT_H

#include "pdf_private.h"

/* Longer paragraphs keep only their breaks: their lines (glyphs of the
 * whole paragraph) are set a window at a time as they are drawn. They are
 * also broken a window at a time (BREAK_WINDOW_BYTES), not shaped whole. */
#define PDF_SET_AHEAD_MAX_BYTES (256 * 1024)
/* The text a very long paragraph's lines are shaped by at a time when
 * drawn (pdf_para_set_window). */
#define PDF_SET_WINDOW_BYTES (64 * 1024)

/* ---- pdf_layout.c: the context's fonts, links and boxes ------------- */

/* pdf_ctx_font, with superior figures when `sups`. */
int pdf_ctx_font_sups(pdf_ctx *ctx, const pdf_style *style, int no_hyphens, int sups);
/* Fills in the ascent and descent of interned font `font`, once. */
void pdf_font_metrics(pdf_ctx *ctx, int font);
/* Adds the attributes of `font` over bytes [start, end) of a layout. */
void pdf_add_font_attrs(const pdf_ctx *ctx, PangoAttrList *list, int font,
                        int start, int end);
/* The width of a hyphen in interned font `font`, Pango units (measured
 * once, on ctx->line_layout). */
int pdf_hyphen_width(pdf_ctx *ctx, int font);
/* The index in ctx->links of the link of LINK node `node`, or -1 when it
 * stays plain text (see the definition). */
int pdf_add_link(pdf_ctx *ctx, const galley_node *node, int line);
/* Appends a zeroed box of `kind` to ctx->boxes, taking a pending list
 * marker; the pointer is valid until the next push. */
pdf_box *pdf_push_box(pdf_ctx *ctx, pdf_box_kind kind);

/* ---- pdf_para_text.c: a paragraph's text ----------------------------- */

/* A paragraph's text as it is built, handed to a pdf_para when done. */
typedef struct pdf_para_builder {
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
} pdf_para_builder;

/* Records that bytes [start, end) of the text come from the literal of
 * `node` (a TEXT, CODE or CODE_BLOCK), for the page map. */
void pdf_para_add_source(pdf_para_builder *pb, int start, int end, const galley_node *node,
                         int preserve);
/* Appends text in `font`, whitespace collapsed unless `preserve`. */
void pdf_para_append_text(pdf_ctx *ctx, pdf_para_builder *pb, const char *s, size_t len,
                          int font, int link, int line, int hyphenate, int preserve);
/* Drops the soft hyphens that would leave the last word of the paragraph
 * (and of each forced line) fewer than PDF_HYPH_LAST_MIN letters. */
void pdf_para_keep_last_words(pdf_para_builder *pb);
/* Drops a space the text ends in. */
void pdf_para_trim_trailing_space(pdf_para_builder *pb);
/* Appends the number of note `note` in superior figures, as reference
 * `ref_node` (a FOOTNOTE_REF) or, with NULL, as the note's own number. */
void pdf_para_append_note_number(pdf_ctx *ctx, pdf_para_builder *pb, int note,
                                 const galley_node *ref_node, const pdf_elem *pelem,
                                 const pdf_style *parent, int line);
/* Walks the inlines of `block` into `pb`. */
void pdf_para_build_inlines(pdf_ctx *ctx, pdf_para_builder *pb, const galley_node *block,
                            const pdf_elem *belem, const pdf_style *bstyle);
/* Appends to ctx->paras a paragraph of `node` holding what `pb` built:
 * its text, spans and sources pass to the paragraph. */
pdf_para *pdf_para_from_builder(pdf_ctx *ctx, pdf_para_builder *pb, const galley_node *node);

/* ---- pdf_shape.c: a paragraph shaped, its words once ----------------- */

/* A paragraph's shaping: its glyph runs in logical order (ascending
 * offsets) and its log attributes, borrowed from the measuring layout
 * until the next paragraph is shaped on it. */
typedef struct pdf_shaped {
  PangoGlyphItem *const *runs;
  int n_runs;
  const PangoLogAttr *attrs; /* a character's each, and one at the end */
  int n_attrs;
  int unknown;               /* glyphs of characters no font has */
  int rtl;                   /* 1: its base direction is right to left */
} pdf_shaped;

/* Fills attrs[0, n_attrs) for the `len` bytes of `text` (n_attrs: its
 * characters and one more) as pango_default_break would, in the fields
 * is_line_break, is_mandatory_break, is_cursor_position, is_char_break,
 * is_white and is_expandable_space (the others zero), and returns 1, when
 * every character is one of pdf_breaks.c's Latin, Greek and Cyrillic
 * ranges and line-break classes; returns 0 otherwise (attrs then
 * unspecified). */
int pdf_simple_breaks(const char *text, int len, PangoLogAttr *attrs, int n_attrs);

/* Shapes `len` bytes of `text` with `attrs` on `layout` (the calling
 * thread's measuring layout, which keeps the cache of shaped words). */
void pdf_shape_para(PangoLayout *layout, const char *text, int len, PangoAttrList *attrs,
                    pdf_shaped *out);
/* pdf_shape_para without the log attributes (out->attrs NULL where the
 * paragraph is shaped here; PangoLayout gives them where it is not), for
 * lines whose breaks are known. */
void pdf_shape_runs(PangoLayout *layout, const char *text, int len, PangoAttrList *attrs,
                    pdf_shaped *out);
/* The runs of the paragraph last shaped on `layout` (attrs not given). */
void pdf_shape_last(PangoLayout *layout, pdf_shaped *out);

/* ---- pdf_para_break.c: measuring and breaking ------------------------ */

/* The attributes of spans [0, n) of a paragraph. Caller unrefs. */
PangoAttrList *pdf_span_attrs(const pdf_ctx *ctx, const pdf_span *spans, int n);
/* The spans of `p` over bytes [start, end), cut to them and moved to
 * start at 0, in a new array (*out_n of them; caller frees). */
pdf_span *pdf_spans_cut(const pdf_para *p, int start, int end, int *out_n);
/* The index of the span of `p` holding byte `byte`. */
int pdf_para_span_at(const pdf_para *p, int byte);
/* Whether paragraph byte `b` starts a character lines do not draw: a
 * soft hyphen or a line separator. */
int pdf_para_is_dropped(const pdf_para *p, int b);
/* Takes `n` lines of paragraph `p` as they are broken (`lines` is lent
 * for the call), and, when `sets` is not NULL, their set lines (whose
 * runs, text and links it then owns). */
typedef void (*pdf_line_sink)(void *arg, pdf_para *p, const pdf_line *lines,
                              pdf_set_line *sets, int n);
/* Breaks `p` into lines with `layout` (the calling thread's own), reading
 * ctx only: safe on several paragraphs at once. A paragraph longer than
 * PDF_SET_AHEAD_MAX_BYTES, broken a window at a time, gives its lines to
 * `publish` (with `arg`) window by window when `publish` is not NULL,
 * leaving p->lines alone; any other paragraph's go into p->lines. */
void pdf_para_break(const pdf_ctx *ctx, PangoLayout *layout, pdf_para *p,
                    pdf_line_sink publish, void *arg);
/* pdf_para_break for a paragraph that is broken a window at a time,
 * setting each window's lines with `lr` from the window's own shaping
 * before they go to `publish`. */
void pdf_para_break_set(const pdf_ctx *ctx, PangoLayout *layout, pdf_liner *lr, pdf_para *p,
                        pdf_line_sink publish, void *arg);

/* ---- pdf_set_line.c: setting lines ----------------------------------- */

/* Sets every line of `p` ahead of drawing into p->set, from `shaped`, the
 * layout pdf_para_break shaped `p` on. */
void pdf_para_set_lines(const pdf_ctx *ctx, pdf_liner *lr, pdf_para *p,
                        PangoLayout *shaped);
/* For a paragraph too long to set ahead: shapes the lines from `li` on
 * that fit in PDF_SET_WINDOW_BYTES (one at least) as a paragraph of their
 * own on `layout` (the calling thread's measuring layout) and sets them
 * into p->set (made here when NULL, a line for each line of p->lines,
 * which pdf_pipe_take keeps as it adds lines), as pdf_para_set_lines
 * sets a whole paragraph, so that drawing holds one window's glyphs at a
 * time and shapes no line alone that it need not. Returns the lines set. */
int pdf_para_set_window(const pdf_ctx *ctx, pdf_liner *lr, PangoLayout *layout, pdf_para *p,
                        int li);

/* ---- pdf_blocks.c: blocks -------------------------------------------- */

/* Lays out the children of `parent` (element `pelem`, style `pstyle`)
 * between indents `left` and `right`, `depth` blocks deep. */
void pdf_layout_children(pdf_ctx *ctx, const galley_node *parent,
                         const pdf_elem *pelem, const pdf_style *pstyle,
                         int left, int right, int depth);
/* Readies the walk over the document's top-level blocks (ctx->walk),
 * under element `body`. */
void pdf_walk_start(pdf_ctx *ctx, const pdf_elem *body);
/* Lays out the next top-level block into ctx->boxes and gives its
 * paragraphs to the layout threads; after the last, marks the walk done. */
void pdf_walk_more(pdf_ctx *ctx);
/* Lays out the notes before the running text, into ctx->note_boxes. */
void pdf_layout_notes(pdf_ctx *ctx, const pdf_elem *body);
/* Adds a structure element of `type` under the current one; returns its
 * index. */
int pdf_new_struct(pdf_ctx *ctx, const char *type);
/* The space before a block of style `st`, collapsed with the margin
 * pending from the block before. */
int pdf_take_space(pdf_ctx *ctx, const pdf_style *st);
/* Marks the first box of a block: forced break, keep rules. */
void pdf_open_block(pdf_ctx *ctx, pdf_box *b, const pdf_style *st);
/* Ends a block of style `st`: its space after, its keep rules. */
void pdf_close_block(pdf_ctx *ctx, const pdf_style *st);
/* Appends an empty paragraph to the document's (index n_paras - 1). */
pdf_para *pdf_new_para(pdf_ctx *ctx);
/* Sets the line pitch of `p` from its style and the ascent that centres
 * the font's `font` ascent and descent in it (CSS's half-leading). */
void pdf_set_pitch(pdf_ctx *ctx, pdf_para *p, const pdf_style *st, int font);
/* Lays out a block of text (inlines, or a code block's literal).
 * `next_indented`: the block after it is a paragraph whose first line is
 * indented, which shows where this one ends. */
void pdf_layout_text_block(pdf_ctx *ctx, const galley_node *node,
                           const pdf_elem *elem, const pdf_style *st,
                           int left, int right, int in_figure, int next_indented);

/* ---- pdf_table.c: tables --------------------------------------------- */

/* Lays out TABLE `node`: its columns, then a box per row. */
void pdf_layout_table(pdf_ctx *ctx, const galley_node *node, const pdf_elem *elem,
                      const pdf_style *st, int left, int right);

/* ---- pdf_pipe.c: the layout threads ---------------------------------- */

/* Starts the layout threads (none when one thread does), which take the
 * paragraphs pdf_pipe_publish makes theirs. */
void pdf_pipe_start(pdf_ctx *ctx);
/* Lets the layout threads take the paragraphs the walk has made, and
 * says with `done` that it will make no more. */
void pdf_pipe_publish(pdf_ctx *ctx, int done);
/* Take and give back the pipeline's lock (no-ops without threads). */
void pdf_pipe_lock(pdf_ctx *ctx);
void pdf_pipe_unlock(pdf_ctx *ctx);
/* Waits until paragraph `i` is ready, doing paragraphs itself while
 * nobody has taken them. */
void pdf_pipe_wait(pdf_ctx *ctx, int i);
/* For pagination: waits until paragraph `i` is ready or has more than
 * `want` lines broken (a very long paragraph's lines come window by
 * window), and moves the lines broken so far into its `lines`. Returns 1
 * when the paragraph is whole: its n_lines is then final. */
int pdf_pipe_take(pdf_ctx *ctx, int i, int want);

#endif
