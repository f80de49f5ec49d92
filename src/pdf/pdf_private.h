/* pdf_private.h: what the files of the PDF writer share.
 *
 * The writer runs in stages, each in its own file, all sharing one
 * pdf_ctx made per galley_write_pdf call (no global mutable state):
 *
 *   pdf_style.c     the CSS subset: style sheet -> pdf_style per element
 *                   (pdf_sheet.c parses, pdf_style_values.c reads values)
 *   pdf_fonts.c     a private fontconfig that sees only the bundled fonts
 *   pdf_hyph.c      libhyphen: soft hyphens at allowed points of words
 *                   (pdf_hyph_guess.c: the language of an unlabelled text)
 *   pdf_layout.c    blocks -> paragraphs (text + styled spans) -> lines,
 *                   measured with Pango; then -> a vertical list of boxes
 *                   (with the files pdf_layout.h lists)
 *   pdf_break.c     the replaceable line breaker (total fit, first fit)
 *   pdf_paginate.c  boxes -> pages under keep/widow/orphan rules
 *   pdf_draw.c      one page through Cairo: lines, links, images, furniture
 *   pdf_dump.c      the layout dump: a line of text for each line drawn
 *   pdf_image.c     image files -> Cairo surfaces, once per file
 *   pdf_cover.c     the cover page
 *   pdf_finish.c    what Cairo 1.16 cannot write (language, page boxes,
 *                   alt text, DeviceGray, Artifacts), object streams
 *   pdf_object.c    Cairo's PDF read back object by object, for pdf_finish
 *   pdf.c           galley_write_pdf: surface, metadata, outline, the loop
 *
 * Lengths are Pango units (1/PANGO_SCALE pt, as ints) from layout to
 * pagination; they become points once, at the Cairo call. */
#ifndef GALLEY_PDF_PRIVATE_H
#define GALLEY_PDF_PRIVATE_H

#include <stdint.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "../util/image.h"
#include "../galley.h"
#include "../util/buf.h"

#include "pdf_style.h"

/* ================================================================== */
/* Fonts (pdf_fonts.c)                                                 */
/* ================================================================== */

/* Returns a Pango font map over a private fontconfig configuration that
 * holds only the fonts in `font_dir` and the `n_files` extra font files
 * (borrowed), or NULL with `err` set when none loads. Caller frees with
 * g_object_unref. */
PangoFontMap *pdf_fonts_new_map(const char *font_dir, const char *const *files,
                                int n_files, galley_error *err);

/* The fontconfig configuration of `map` (borrowed). */
FcConfig *pdf_fonts_config(PangoFontMap *map);
/* Returns a new font map over `config` (pdf_fonts_config of the drawing
 * thread's map, shared read-only), for another thread: Pango objects are
 * not thread-safe when shared, so each layout thread has its own map,
 * context and layout. Caller frees with g_object_unref. */
PangoFontMap *pdf_fonts_new_map_sharing(FcConfig *config);

/* Returns a new context on `map` set up as every measuring and drawing
 * context of the writer is: 72 dpi, no hinting, unrounded glyph positions
 * (widths measured are widths drawn), language `lang` (NULL: "en").
 * Caller frees with g_object_unref. */
PangoContext *pdf_fonts_new_context(PangoFontMap *map, const char *lang);

/* ================================================================== */
/* Hyphenation (pdf_hyph.c)                                            */
/* ================================================================== */

typedef struct pdf_hyph pdf_hyph;

/* The language of a document whose metadata names none, for its
 * hyphenation: the Latin-script language with a dictionary whose
 * commonest short words ("der", "und"; "les", "et") its text uses most,
 * or NULL when the text says too little or is not in Latin script. A
 * static string. */
const char *pdf_hyph_guess_language(const galley_doc *doc);

/* Lower case for the scripts the bundled fonts cover (the patterns are
 * lower case): `c` itself for any other character. */
int32_t pdf_hyph_to_lower(int32_t c);

/* Letters the last word of a paragraph keeps after a hyphenation point:
 * no paragraph ends on a stub such as "play-/ful.". */
#define PDF_HYPH_LAST_MIN 4

/* The hyphenation of `language` (a BCP 47 tag such as "en", "en-GB",
 * "de-AT", "ru"; NULL means "en"): its libhyphen dictionary from
 * `dict_dir` (NULL: the system directory), or for a language without one
 * whose syllables follow a stated rule (Kazakh), that rule. Words in the
 * other script take the English patterns in a Cyrillic-script language
 * and the Russian ones in a Latin-script language. A dictionary compiled
 * into `cache_dir` (pdf_hyph_cache.c; NULL: none) is read from there when
 * it matches the dictionary's bytes. Returns NULL when the language has
 * neither; the caller warns. Caller frees with pdf_hyph_free, which
 * accepts NULL. */
pdf_hyph *pdf_hyph_new(const char *language, const char *dict_dir, const char *cache_dir);
/* pdf_hyph_new, but the dictionary is read on a thread of its own while
 * the caller goes on (reading one takes milliseconds); pdf_hyph_append
 * waits for it. A dictionary file found but unreadable then means no
 * hyphenation rather than NULL. */
pdf_hyph *pdf_hyph_start(const char *language, const char *dict_dir, const char *cache_dir);
void pdf_hyph_free(pdf_hyph *hyph);

/* Compiled dictionaries (pdf_hyph_cache.c). libhyphen's HyphenDict,
 * declared here without hyphen.h. */
struct _HyphenDict;
/* Writes the machine libhyphen built from the dictionary at `dic_path`
 * to `out_path`. Returns 1 when written. */
int pdf_hyph_cache_write(const struct _HyphenDict *dict, const char *dic_path,
                         const char *out_path);
/* The dictionary at `dic_path` as compiled into `cache_dir`, or NULL when
 * there is none, it no longer matches the dictionary's bytes, or it is
 * damaged. The whole of it is one allocation, *out_blob, which the caller
 * frees (never hnj_hyphen_free). */
struct _HyphenDict *pdf_hyph_cache_read(const char *cache_dir, const char *dic_path,
                                        void **out_blob);

/* \hyphenpenalty: what a break at a dictionary's hyphenation point
 * costs the line breaker. The default is well above TeX's 50: XeLaTeX's
 * emergency stretch sets a hard paragraph loose rather than hyphenated,
 * and with TeX's value galley hyphenated more lines than XeLaTeX on the
 * same texts, face, size and measure (bench/typeset). Measured with tight
 * lines rated as shrunk 1.5 times as far (pdf_break.c) on the sample and
 * English, Russian and German books, A4 and A5, both styles: from about
 * 300 the Russian book has no more hyphenated lines than XeLaTeX's; past
 * about 340 its word gaps, and the English ones, spread wider than
 * XeLaTeX's. Each 100 more spreads the word gaps of English and French
 * books about 3% and spares 15-30% of their hyphens. A language whose
 * words offer far more points (German compounds) sets its own in
 * pdf_hyph.c. */
#define PDF_HYPH_PENALTY 320

/* A break after a word's own hyphen ("Debian-/Entwickler"): TeX's
 * \exhyphenpenalty. A language may set its own (pdf_hyph.c). */
#define PDF_EXHYPH_PENALTY 50

/* The penalty of a hyphenation point of `hyph`'s language (the default,
 * PDF_HYPH_PENALTY, for NULL), in a paragraph whose glyphs may expand
 * when `expanded` (a language may set another there: pdf_hyph.c). */
int pdf_hyph_penalty(const pdf_hyph *hyph, int expanded);
/* The penalty of a break after a hyphen in the text, in `hyph`'s language
 * (PDF_EXHYPH_PENALTY for NULL). */
int pdf_hyph_ex_penalty(const pdf_hyph *hyph);
/* The penalty of a line ending in a word of one letter (a preposition or
 * a conjunction: "в", "и", "z") in `hyph`'s language, 0 where the
 * language has no such rule (and for NULL). */
int pdf_hyph_single_penalty(const pdf_hyph *hyph);
/* The tolerance of the hyphenating pass in `hyph`'s language, as a
 * stretch ratio (pdf_break_params.tolerance), or 0 (also for NULL): the
 * breaker's own. */
double pdf_hyph_tolerance(const pdf_hyph *hyph);

/* The words one document has hyphenated, each with its result, so that
 * a word met again is copied rather than hyphenated again (a book's
 * running text repeats its words: most of them are met before). Bounded:
 * past PDF_HYPH_MEMO_MAX words or bytes nothing is added. All zero is an
 * empty memo; pdf_hyph_memo_clear frees it. Used by one thread at a time
 * (the paragraph walk). */
typedef struct pdf_hyph_memo_slot pdf_hyph_memo_slot;
typedef struct pdf_hyph_memo {
  pdf_hyph_memo_slot *slots; /* owned: open addressing, cap entries */
  size_t cap, n;
  galley_buf arena;          /* owned: each entry's word, then its result */
} pdf_hyph_memo;
void pdf_hyph_memo_clear(pdf_hyph_memo *memo);

/* Appends `len` bytes of `text` to `out`, with U+00AD inserted at the
 * dictionary's hyphenation points of every eligible word (see pdf_hyph.c
 * for the rules). `hyph` may be NULL: the text is copied unchanged.
 * `memo` (NULL: none) holds the words of earlier calls with the same
 * `hyph`; the output is the same with or without it. */
void pdf_hyph_append(pdf_hyph *hyph, pdf_hyph_memo *memo, const char *text, size_t len,
                     galley_buf *out);

/* The byte offset in `text` of a soft hyphen that would leave fewer than
 * PDF_HYPH_LAST_MIN letters of the word ending at byte `end` (before any
 * closing punctuation) on a line of their own, or (size_t)-1 when there
 * is none. The caller removes it and asks again. */
size_t pdf_hyph_find_short_tail(const char *text, size_t end);

/* ================================================================== */
/* Line breaking (pdf_break.c): the replaceable part                   */
/* ================================================================== */

/* A place where a line may end. Widths are cumulative from the paragraph
 * start, so a line from point a to point b has natural width
 * b.w_end - a.w_start + b.extra, stretch b.st_end - a.st_start and shrink
 * b.sh_end - a.sh_start. Point 0 is the paragraph start (only its *_start
 * fields count); the last point is the paragraph end. */
typedef struct pdf_break_point {
  int64_t w_end, w_start;   /* natural width before the line end / at the
                               next line's start (past the spaces), Pango
                               units (64-bit: a 10 MB paragraph overflows
                               int) */
  int64_t st_end, st_start; /* cumulative stretch of the spaces */
  int64_t sh_end, sh_start; /* cumulative shrink of the spaces */
  int spaces_end, spaces_start; /* cumulative count of the spaces, as the
                               widths: a line has spaces_end(b) -
                               spaces_start(a) word gaps */
  int extra;            /* width added when breaking here (a hyphen) */
  int penalty;          /* cost of breaking here; PDF_BREAK_FORCED forces */
  int flagged;          /* 1: a hyphenated break (soft or explicit hyphen) */
  int soft;             /* 1: a dictionary hyphenation point (a soft
                           hyphen), which the first pass does not use */
} pdf_break_point;

#define PDF_BREAK_FORCED (-10000)

typedef struct pdf_break_params {
  int width_first;      /* measure of the first line, Pango units */
  int width_rest;       /* measure of the other lines */
  int justify;          /* 1: lines are stretched to the measure */
  int max_hyphen_run;   /* most hyphenated lines in a row (0: no limit) */
  int last_line_gap;    /* space the last line should leave at its end, so
                           that the paragraph visibly ends (0: none) */
  int em;               /* the font size, Pango units: the unit of the
                           word-gap limit and of the emergency stretch
                           (0: no limit, no emergency stretch) */
  double tolerance;     /* the hyphenating passes' limit on a line's
                           stretch ratio (0: the breaker's default) */
  double expansion;     /* how far a justified line's glyphs may be
                           widened or narrowed, a share of their width
                           (0.02: 98 to 102 %); 0: not at all */
} pdf_break_params;

/* The widest word gap a justified line may have, in em: a line that
 * would need more is set ragged (pdf_break_is_too_loose). */
#define PDF_BREAK_MAX_GAP_EM 1.0

/* The breaker: chooses line ends among `n` points. Writes the indexes of
 * the chosen points (ascending, the last is n - 1) to out_breaks (room for
 * n) and returns their number (the line count); *out_overfull receives the
 * number of lines wider than the measure (words that cannot fit). */
typedef int (*pdf_breaker)(const pdf_break_point *pts, int n,
                           const pdf_break_params *params, int *out_breaks,
                           int *out_overfull);

/* Total fit (Knuth and Plass): minimises the demerits of the whole
 * paragraph, with a limit on consecutive hyphens. */
int pdf_break_total_fit(const pdf_break_point *pts, int n,
                        const pdf_break_params *params, int *out_breaks,
                        int *out_overfull);
/* First fit: each line takes as much as fits (Pango's own method). */
int pdf_break_first_fit(const pdf_break_point *pts, int n,
                        const pdf_break_params *params, int *out_breaks,
                        int *out_overfull);
/* Balanced, for display lines (titles, headings): as many lines as first
 * fit gives, but of similar lengths, so that the last is not a lone
 * word; dictionary hyphenation points are never used. */
int pdf_break_balanced(const pdf_break_point *pts, int n,
                       const pdf_break_params *params, int *out_breaks,
                       int *out_overfull);
/* Whether the line from point `a` to point `b` (not the paragraph's last),
 * justified to `width`, would have word gaps wider than
 * PDF_BREAK_MAX_GAP_EM: such a line is set ragged instead. Always 0 when
 * params->em is 0. */
int pdf_break_is_too_loose(const pdf_break_point *pts, int a, int b, int width,
                           const pdf_break_params *params);
/* The horizontal scale of the glyphs of the line from point `a` to `b`
 * set to `width`: the glyphs take their share of the line's stretch or
 * shrink (params->expansion of their width against the spaces' own),
 * up to params->expansion each way, in steps of PDF_EXPANSION_STEP; the
 * spaces take the rest. 1 when params->expansion is 0. */
double pdf_break_glyph_scale(const pdf_break_point *pts, int a, int b, int width,
                             const pdf_break_params *params);
/* The steps of a glyph scale: 0.1 % (41 scales at an expansion of 2 %). */
#define PDF_EXPANSION_STEP 0.001

/* ================================================================== */
/* Layout (pdf_layout.c and the files pdf_layout.h lists)             */
/* ================================================================== */

/* How a run of text is set: interned in the context, so spans share. */
typedef struct pdf_font {
  PangoFontDescription *desc; /* owned */
  int smallcaps;              /* 0, 1 (smcp), 2 (c2sc + smcp) */
  int sups;                   /* 1: superior figures (OpenType sups), for
                                 note numbers */
  unsigned color;             /* 0xRRGGBB */
  int no_hyphens;             /* code: never hyphenate */
  int strike;                 /* 1: struck through (deleted text) */
  int ascent, descent;        /* font metrics, Pango units; -1: not yet read */
  int hyphen_width;           /* width of "-", Pango units; -1: not yet read */
} pdf_font;

/* Where a span landed in the line last set by pdf_layout_set_line. */
typedef struct pdf_line_span {
  int span;        /* index into the paragraph's spans */
  int start, end;  /* bytes in the line layout's text */
} pdf_line_span;

/* A run of paragraph text in one font, maybe inside a link. */
typedef struct pdf_span {
  int start, end;  /* byte offsets into pdf_para.text */
  int font;        /* index into pdf_ctx.fonts */
  int link;        /* index into pdf_ctx.links, -1 for none */
  int line;        /* source line, 0 when unknown */
  int note;        /* a note reference's number (its superior figure), 0:
                      none */
} pdf_span;

/* Where a stretch of a paragraph's text comes from in the model, for the
 * page map: bytes [start, end) of pdf_para.text are the literal of `node`
 * as set (white space collapsed, soft hyphens added, controls dropped),
 * so that its words are the literal's words, one for one. */
typedef struct pdf_source {
  int start, end;            /* byte offsets into pdf_para.text */
  const galley_node *node;   /* borrowed: a TEXT, CODE or CODE_BLOCK */
  int preserve;              /* 1: white space kept (a code block's) */
} pdf_source;

/* One line of a paragraph, as chosen by the breaker. */
typedef struct pdf_line {
  int start, end;  /* bytes of pdf_para.text shown (no trailing spaces) */
  int hyphen;      /* 1: a hyphen is drawn at the end */
  int x;           /* offset from the block's left edge, Pango units */
  int measure;     /* the width available to this line, Pango units */
  int justify;     /* 1: spaces stretch or shrink to fill the measure */
  double scale;    /* the glyphs' horizontal scale (1: as designed): the
                      share of the stretch or shrink the glyphs take */
} pdf_line;

/* The horizontal scale line `ln` is drawn at (1 where none was set). */
static inline double pdf_line_scale(const pdf_line *ln)
{
  return ln->scale > 0 ? ln->scale : 1.0;
}

/* A link's extent on a set line. */
typedef struct pdf_link_rect {
  int link;        /* index into pdf_ctx.links */
  int xa, xb;      /* from the line start, Pango units */
} pdf_link_rect;

/* A line set ahead of drawing by a layout thread: its glyphs, shaped and
 * justified, ready for pango_cairo_show_glyph_item. */
typedef struct pdf_set_line {
  char *text;              /* owned: the line's text as drawn */
  PangoGlyphItem **runs;   /* owned copies (pango_glyph_item_free), left to
                              right */
  int *run_x;              /* owned: each run's x from the line start */
  int n_runs;
  int width;               /* logical width as shaped, Pango units */
  pdf_link_rect *links;    /* owned */
  int n_links;
  unsigned char *plain;    /* owned: for each run, 1 when it is drawn as
                              shaped (no no-break space to blank, no glyph
                              standing in for a character: pdf_draw.c),
                              found by the thread that set it */
} pdf_set_line;

/* Fonts whose own glyphs a liner remembers (pdf_liner.nominal). */
#define PDF_LINER_FONTS 8
/* A font's own glyph for a character below 256, not looked up yet / none. */
#define PDF_NOMINAL_UNASKED 0xFFFFFFFFu
#define PDF_NOMINAL_NONE 0xFFFFFFFEu

/* What sets lines: a layout and scratch, one per thread. */
typedef struct pdf_liner {
  PangoLayout *layout;     /* borrowed */
  galley_buf text;         /* the text of the line last set */
  pdf_line_span *spans;    /* owned: spans of the line last set */
  int n_spans, cap_spans;
  PangoFont *nominal_font[PDF_LINER_FONTS]; /* owned references: the fonts
                              whose tables nominal holds */
  uint32_t (*nominal)[256]; /* owned: each such font's own glyph for each
                              character below 256 (PDF_NOMINAL_*) */
  int n_nominal;
} pdf_liner;

/* A character no bundled font has, met in a paragraph. */
typedef struct pdf_missing {
  uint32_t cp;      /* the code point */
  int line;         /* source line of its span */
} pdf_missing;

/* A paragraph of text made from one inline container. The walk over the
 * document fills text, spans and the breaking parameters; breaking
 * (pdf_layout_break_para, on any layout thread) fills lines and the
 * findings, which the walk's thread reports in document order. */
typedef struct pdf_para {
  char *text;       /* owned: UTF-8, U+00AD at hyphenation points, U+2028
                       at forced line breaks */
  int len;          /* bytes of text */
  pdf_span *spans;  /* owned, ascending, covering text */
  int n_spans;
  pdf_line *lines;  /* owned */
  int n_lines;
  int pitch;        /* baseline to baseline, Pango units */
  int ascent;       /* top of the line box to the baseline */
  pdf_align align;
  int width;        /* the measure */
  int indent;       /* the first line's indent, Pango units */
  int justify;      /* 1: justified (total fit), 0: ragged (first fit) */
  int last_gap;     /* pdf_break_params.last_line_gap */
  int em;           /* the block's font size, Pango units */
  double expansion; /* pdf_break_params.expansion */
  int display;      /* 1: a title or heading, broken balanced */
  int rtl;          /* found: 1 when its base direction is right to left
                       (its first strong letter, pango_find_base_dir): its
                       indent is at the right, a ragged line flush right */
  const char *elem_tag; /* borrowed static string: the block's element, as
                           the style sheet sees it ("p", "h2", "li"...) */
  const char *cls;  /* borrowed: its classes, or NULL */
  int src_line;     /* source line of the block, for messages */
  int overfull;     /* found: lines wider than the measure */
  int forced;       /* found: 1 when a word was broken by force */
  int ragged;       /* found: justified lines set ragged (too loose) */
  pdf_missing *missing; /* owned: characters without a glyph, each once */
  int n_missing;
  const char *tag;      /* its structure type: "P", "H1".."H6", "Caption"
                           (static) */
  pdf_set_line *set;    /* owned: the lines set ahead (freed as drawn), or
                           NULL: set when drawn (a very long paragraph) */
  int keep_set;         /* 1: its set lines are kept once drawn (a table's
                           header cell, drawn again on each page) */
  int quiet;            /* 1: breaking's findings are not reported (a
                           table cell: its table warns once) */
  int ready;            /* 1: broken (and set); guarded by the pipeline */
  pdf_line *pending;    /* owned, guarded by the pipeline: lines of a very
                           long paragraph broken on a layout thread and not
                           yet moved into `lines` by the drawing thread
                           (pdf_pipe_take), which alone writes `lines`
                           while the rest is broken */
  int n_pending, cap_pending;
  pdf_set_line *pending_set; /* owned, guarded likewise: their set lines,
                           when a layout thread set them, else NULL */
  int consumed;         /* guarded likewise: the lines pagination has
                           asked for (INT_MAX: all of them at once) */
  int note;             /* the number of the note it belongs to, 0: the
                           running text */
  const galley_node *node; /* borrowed: the block it is made from (a
                           paragraph, heading, code block, table cell) */
  pdf_source *sources;  /* owned, ascending: where its text comes from */
  int n_sources;
} pdf_para;

typedef enum {
  PDF_BOX_LINE = 1, /* one line of a paragraph */
  PDF_BOX_IMAGE,    /* a picture */
  PDF_BOX_RULE,     /* a thematic break's ornament */
  PDF_BOX_PARA,     /* stands for a paragraph's lines until it is broken;
                       pagination never sees one */
  PDF_BOX_ROW       /* a table row (or, for a row taller than a page, a
                       slice of it): its cells side by side */
} pdf_box_kind;

/* One item of the vertical list that pagination cuts into pages. */
typedef struct pdf_box {
  pdf_box_kind kind;
  int space_before;   /* gap above, dropped at the top of a page */
  int height;         /* Pango units */
  int x;              /* left edge inside the text column */
  int para;           /* LINE: a paragraph (pdf_para_at); ROW: index into
                         pdf_ctx.rows */
  int line;           /* LINE: index into that paragraph's lines; ROW: the
                         slice's top within the row, Pango units */
  int repeat;         /* ROW: a header row drawn again at the head of a
                         page, no part of the structure tree */
  int allow_break;    /* 1: a page may end before this box */
  int soft_break;     /* 1: a page may end before this box when a keep must
                         give way: only break-inside: avoid on a block
                         (not a figure, not a heading) bars it */
  int force_break;    /* 1: a page must end before this box */
  int image;          /* IMAGE: index into pdf_ctx.images */
  const char *dest;   /* borrowed heading id to place here, or NULL */
  int outline_level;  /* 1..6 when this box starts a heading, else 0 */
  char *outline_text; /* owned: the heading's text for the outline */
  char *marker;       /* owned: a list marker drawn left of this line */
  int marker_x;       /* the marker's right edge, column coordinates */
  int marker_font;    /* font index for the marker */
  int src_line;       /* source line of the block */
  int container;      /* innermost structure container holding the box
                         (index into pdf_ctx.structs), -1: the Document */
  /* PARA only: how its lines get allow_break when they replace it. */
  int unbreakable;    /* 1: no page break between its lines */
  int keep_soft;      /* 1: its keep (unbreakable, keep_inside) comes from
                         break-inside: avoid only, which gives way rather
                         than leave a page less than half full */
  int keep_inside;    /* 1: inside a block kept whole (a figure) */
  int heading;        /* 1: a heading (its lines do not use up keep_lines) */
  int orphans, widows;/* lines kept at the foot / head of a page */
  int keep_after;     /* any kind: the block ends with break-after: avoid,
                         so the next HEADING_KEEP_LINES lines follow it */
  const galley_node *node; /* IMAGE, RULE: the node it shows (borrowed),
                         for the page map */
} pdf_box;

/* A table as laid out: its columns. */
typedef struct pdf_table {
  int n_cols;
  int *col_x;         /* owned: each column's left edge from the table's,
                         Pango units */
  int *col_w;         /* owned: each column's width, padding included */
  int x, width;       /* the table's left edge in the text column, width */
  int pad[4];         /* cell padding, top right bottom left, Pango units */
  int rule_top, rule_mid, rule_bottom; /* rule widths, Pango units */
  int n_header;       /* header rows (the first rows) */
  int first_row;      /* index into pdf_ctx.rows of its first row */
  int n_rows;
  int header_height;  /* the header rows' heights, once known (0 before) */
  int linear;         /* 1: too many columns to show; each row is one
                         paragraph in the first column */
} pdf_table;

/* A table row: one cell (a paragraph, or -1 when empty) per column. */
typedef struct pdf_row {
  int table;          /* index into pdf_ctx.tables */
  int header;         /* 1: a header row */
  int *cells;         /* owned: n_cols paragraph indexes, -1: none */
  int rule_above, rule_below; /* rule widths drawn with this row */
  int height;         /* the whole row, rules included, once its cells are
                         broken (0 before) */
} pdf_row;

/* A PNG whose own compressed data goes into the PDF (pdf_image.c):
 * Cairo writes the image object for a stand-in (`stand_in`, a JPEG
 * header with no picture), and pdf_finish puts this data in its place. */
#define PDF_PNG_STAND_IN_MAX 64
typedef struct pdf_png_pass {
  unsigned char stand_in[PDF_PNG_STAND_IN_MAX]; /* the stand-in's bytes */
  int stand_in_len;
  unsigned char *idat;        /* owned: the IDAT chunks' data, joined */
  size_t idat_len;
  const unsigned char *plte;  /* borrowed from the image set: the palette
                                 of a palette image, else NULL */
  int n_plte;                 /* its entries */
  int width, height, depth, colour_type; /* from IHDR */
} pdf_png_pass;

/* One showing of a picture. */
typedef struct pdf_image {
  cairo_surface_t *surface; /* owned reference (the file's surface is
                               shared by all its boxes) */
  int width, height;        /* drawn size, Pango units */
  char *alt;                /* owned: the alt text, for the Figure's /Alt */
} pdf_image;

/* A grouping structure element (a list, an item, a quotation, a figure
 * with its caption) as layout meets it; boxes name their innermost. */
typedef struct pdf_struct {
  const char *type;         /* "L", "LI", "BlockQuote", "Div" (static) */
  int parent;               /* index into pdf_ctx.structs, -1: Document */
} pdf_struct;

/* A link annotation waiting for the structure element of its text to
 * close (pdf_draw.c), so that the paragraph stays a leaf. */
typedef struct pdf_pending_link {
  int link;                 /* index into pdf_ctx.links */
  double x, y, w, h;        /* its rectangle, points */
} pdf_pending_link;

/* Paragraphs are kept in chunks that never move, so that a layout
 * thread may hold its paragraph while the walk adds more (pdf_para_at);
 * a chunk whose paragraphs are all drawn is freed. */
#define PDF_PARA_CHUNK_BITS 8
#define PDF_PARA_CHUNK (1 << PDF_PARA_CHUNK_BITS)
typedef struct pdf_para_chunk {
  pdf_para paras[PDF_PARA_CHUNK];
  int released;             /* paragraphs drawn and released */
} pdf_para_chunk;

/* Fonts likewise (the layout threads read them while the walk interns
 * more), in chunks of PDF_FONT_CHUNK, at most PDF_FONT_CHUNKS of them. */
#define PDF_FONT_CHUNK_BITS 6
#define PDF_FONT_CHUNK (1 << PDF_FONT_CHUNK_BITS)
#define PDF_FONT_CHUNKS 256

/* The siblings before the next child of a container being laid out:
 * what that child's element sees before it (pdf_layout_children). */
typedef struct pdf_siblings {
  /* The element before the next child, the wrapper open around the
   * children (shared by siblings with the same one) with the element
   * before it, and the last element inside the wrapper. */
  pdf_elem prev, group, group_before, in_group;
  int have_prev, have_group, have_in_group;
} pdf_siblings;

/* The walk over the document's top-level blocks, which pagination runs
 * a block at a time as it needs boxes (pdf_layout_next_boxes), so that
 * only the paragraphs near the page being cut are held. */
typedef struct pdf_walk {
  const galley_node *next;  /* borrowed: the next top-level block, NULL
                               when none is left */
  pdf_elem body;            /* the document's element */
  pdf_siblings sibs;        /* the top level's siblings so far */
  int done;                 /* 1: every block is laid out */
  int fonts_measured;       /* fonts whose hyphen width is known */
  int asked;                /* the last paragraph pagination asked for */
} pdf_walk;

/* ================================================================== */
/* The context                                                         */
/* ================================================================== */

typedef struct pdf_ctx {
  const galley_doc *doc;          /* borrowed */
  const galley_write_options *opts; /* borrowed */
  galley_diag *diag;              /* borrowed; may be NULL */
  galley_error *err;              /* borrowed; may be NULL */
  galley_status status;           /* sticky: the first failure */

  pdf_sheet *sheet;               /* owned */
  PangoFontMap *fontmap;          /* owned */
  PangoContext *pango;            /* owned: the one context */
  PangoLayout *measure_layout;    /* owned: shapes whole paragraphs (this
                                     thread's; other layout threads have
                                     their own) */
  PangoLayout *line_layout;       /* owned: sets one line at a time */
  int threads;                    /* layout threads to use, >= 1 */
  pdf_hyph *hyph;                 /* owned; NULL: no hyphenation */
  pdf_hyph_memo hyph_memo;        /* owned: words hyphenated by the walk */
  pdf_breaker breaker;            /* the line breaker in use */

  double page_w, page_h;          /* points */
  double margin[4];               /* top right bottom left, points: those
                                     of right-hand (odd) pages */
  double verso_left;              /* left margin of left-hand (even)
                                     pages, points (@page :left) */
  int col_w, col_h;               /* text column, Pango units */

  pdf_style body;                 /* computed style of body */
  pdf_font *font_chunks[PDF_FONT_CHUNKS]; /* owned, interned: pdf_font_at */
  int n_fonts;
  char **links;                   /* owned URLs */
  int n_links, cap_links;
  pdf_para_chunk **para_chunks;   /* owned: pdf_para_at; an entry is NULL
                                     once its chunk is released. Grown by
                                     the walk under the pipeline's lock,
                                     which a layout thread holds to read
                                     it. */
  int n_para_chunks, cap_para_chunks;
  int n_paras;
  pdf_walk walk;                  /* the top-level walk (pdf_walk_more) */
  pdf_box *boxes;                 /* owned array: the vertical list */
  int n_boxes, cap_boxes;
  pdf_image *images;              /* owned array, one per IMAGE box */
  int n_images, cap_images;
  galley_image_set *image_set;    /* owned: each image file read once */
  cairo_surface_t **image_surfaces; /* owned references, by image_set
                                       index; NULL until first drawn */
  int n_image_surfaces;
  pdf_png_pass *png_pass;         /* owned: PNGs passed through, each
                                     stand-in naming its index */
  int n_png_pass, cap_png_pass;
  pdf_table *tables;              /* owned array */
  int n_tables, cap_tables;
  pdf_row *rows;                  /* owned array: every table's rows */
  int n_rows, cap_rows;
  char **ids;                     /* borrowed heading ids (link targets) */
  int n_ids, cap_ids;

  pdf_box *note_boxes;            /* owned: the boxes of the notes, laid out
                                     apart from the running text */
  int *note_start;                /* owned: the boxes of note k are
                                     note_boxes[note_start[k - 1] ..
                                     note_start[k]), k = 1..n_notes */
  int n_notes;
  int *note_links;                /* owned: for note k, [2k - 2] the index
                                     in links of "#" + its destination,
                                     [2k - 1] of its first reference's */
  unsigned char *note_dests;      /* owned, drawing: for note k, bit 1 its
                                     destination placed, bit 2 its first
                                     reference's */
  int body_descent;               /* the body lines' depth below their
                                     baseline, Pango units */
  int layout_note;                /* layout: the note being laid out, whose
                                     first paragraph opens with its number
                                     (0: none) */

  int in_notes;                   /* 1: ctx->boxes holds a note's boxes
                                     for a while (pdf_layout_note_lines) */
  int expand_line;                /* pagination: the lines of the paragraph
                                     box at the block cursor already given
                                     to the page window
                                     (pdf_layout_next_boxes) */
  int keep_next;                  /* 1: no page break before the next block */
  int pending_force;              /* 1: the next block starts a new page */
  int pending_space;              /* collapsed margin waiting above the next
                                     block, Pango units */

  uint32_t *warned;               /* owned: code points already warned of */
  int n_warned, cap_warned;
  int hyphen_run_check;           /* longest run of hyphenated lines seen */

  char *pending_marker;            /* owned: list marker for the next line */
  int pending_marker_x;           /* its right edge, Pango units */
  int pending_marker_font;        /* its font */
  pdf_liner liner;                /* this thread's, on line_layout */
  struct pdf_pipe *pipe;          /* owned: the layout threads, from
                                     pdf_layout_document to pdf_layout_end */
  PangoFont **held_fonts;         /* owned references: fonts of lines set
                                     on other threads, kept until they end */
  uint32_t (*held_nominal)[256];  /* owned: for each held font, its own
                                     glyph for each character below 256
                                     (PDF_NOMINAL_UNASKED: not looked up
                                     yet; PDF_NOMINAL_NONE: none), the
                                     drawing thread's lookups */
  int n_held_fonts, cap_held_fonts;
  int outline_parent[8];          /* outline ids of the open headings by
                                     level (0: root) */
  char *title;                    /* owned: the title, for the PDF metadata */
  char *running_head;             /* owned: the title's first
                                     RUNNING_HEAD_MAX_CHARS characters,
                                     set (ellipsized) on every page */
  pdf_struct *structs;            /* owned: grouping elements, in document
                                     order */
  int n_structs, cap_structs;
  int cur_struct;                 /* layout: the container being filled,
                                     -1: the Document */
  int *open_structs;              /* drawing: the containers open, outermost
                                     first (owned) */
  int n_open_structs, cap_open_structs;
  int open_para;                  /* drawing: the paragraph whose element is
                                     open, -1: none */
  int open_para_spans;            /* 1: that element holds a Span per page
                                     (it crosses a page) */
  pdf_pending_link *pending_links; /* owned */
  int n_pending_links, cap_pending_links;
  cairo_surface_t *running_head_art; /* owned: the running head outlined,
                                     drawn on every page; NULL until the
                                     first */
  cairo_surface_t *folio_art[10]; /* owned: each digit of the folio
                                     outlined, as running_head_art; NULL
                                     until a page number needs it */
  int folio_adv[10];              /* each digit's advance, Pango units (set
                                     with its folio_art) */
  char **figure_alts;             /* owned: the alt text of each Figure
                                     structure element, in drawing order
                                     (NULL entries: none) */
  int n_figure_alts, cap_figure_alts;
  int page_count;                 /* pages drawn so far (not the cover) */
  double page_left;               /* the text column's left edge on the
                                     page being drawn, points */
  int cover_pages;                /* 1 when a cover page was drawn */
  int dump_started;               /* 1: the layout dump's header is out */
} pdf_ctx;

/* Paragraph `i` (0 <= i < n_paras, its chunk not released). */
static inline pdf_para *pdf_para_at(const pdf_ctx *ctx, int i)
{
  return &ctx->para_chunks[i >> PDF_PARA_CHUNK_BITS]->paras[i & (PDF_PARA_CHUNK - 1)];
}

/* Font `i` (0 <= i < n_fonts). */
static inline pdf_font *pdf_font_at(const pdf_ctx *ctx, int i)
{
  return &ctx->font_chunks[i >> PDF_FONT_CHUNK_BITS][i & (PDF_FONT_CHUNK - 1)];
}

/* Records the first failure (sticky) and returns the status. */
galley_status pdf_fail(pdf_ctx *ctx, galley_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Interns a font (copies `desc`) and returns its index. */
int pdf_ctx_font(pdf_ctx *ctx, const pdf_style *style, int no_hyphens);

/* Lays out the notes, readies the walk of the running text into
 * ctx->boxes (each paragraph one PDF_BOX_PARA standing for its lines),
 * which pdf_layout_next_boxes runs a top-level block at a time as the
 * pages need it, and starts the layout threads, which break paragraphs
 * and set their lines ahead of drawing, in document order, a bounded
 * number ahead. */
galley_status pdf_layout_document(pdf_ctx *ctx);
/* Fills *out with the element the EPUB writes for a node of `type`
 * whose markup does not depend on its place in the tree (the body, the
 * title block and its lines: model/markup.h), under `parent` after
 * `prev` (either may be NULL). */
void pdf_elem_of_type(galley_node_type type, const pdf_elem *parent, const pdf_elem *prev,
                      pdf_elem *out);

/* Appends to the page window (*io_win, *io_n, *io_cap) the boxes of
 * ctx->boxes[*io_block], waiting for its paragraph if need be, and
 * advances *io_block; a paragraph of many lines comes a chunk of lines
 * per call (ctx->expand_line), *io_block advancing with its last, so that
 * the window holds a page or two, not a whole long paragraph, and is not
 * moved up a whole paragraph's boxes after every page. *io_keep_lines
 * carries the heading keep across calls (start at 0). Returns 0 when there are no more blocks. Boxes in
 * the window own their outline_text and marker. */
int pdf_layout_next_boxes(pdf_ctx *ctx, int *io_block, int *io_keep_lines,
                          pdf_box **io_win, int *io_n, int *io_cap);

/* When the page being cut ends before window box `at`, a row of a table
 * with header rows, and it is a body row: inserts copies of the table's
 * header rows before it (marked repeat), so the next page opens with
 * them, and returns how many were inserted (0: none). */
int pdf_layout_repeat_header(pdf_ctx *ctx, int at, pdf_box **io_win, int *io_n,
                             int *io_cap);

/* The height of the text block pagination fills: the body lines the
 * column holds (pdf_paginate.c). */
int pdf_page_grid(const pdf_ctx *ctx);

/* The line boxes of note `note` (1..ctx->n_notes), as
 * pdf_layout_next_boxes gives them, in a new array (*out, caller frees
 * the array and each box's marker and outline_text); returns their count.
 * Call once per note. */
int pdf_layout_note_lines(pdf_ctx *ctx, int note, pdf_box **out);

/* The numbers of the notes whose references line box or table row box
 * `b` holds (a row: its cells' lines in the slice it stands for, cell by
 * cell; a repeated header row: none), in order, into out (room for
 * `max`); returns how many there are (may be more than max). */
int pdf_layout_line_notes(const pdf_ctx *ctx, const pdf_box *b, int *out, int max);

/* The named destination of note k ("note") and of its first reference
 * ("noteref"), which the links between them name. */
#define PDF_NOTE_DEST_FMT "galley-%s-%d"

/* Stops and joins the layout threads (any time; idempotent). */
void pdf_layout_end(pdf_ctx *ctx);

/* Whether byte `i` of the NUL-terminated `text` starts a word space,
 * which justification stretches: a space or a no-break space (the
 * breaker counts the same ones, is_space_char). */
int pdf_is_word_space(const char *text, int i);

/* Sets line `line` of `para` into ctx->line_layout (spaces stretched to
 * its measure) and returns the layout line (borrowed from the layout,
 * valid until the next call); *out_width gets its logical width. */
PangoLayoutLine *pdf_layout_set_line(pdf_ctx *ctx, const pdf_para *para,
                                     int line, int *out_width);
/* For a paragraph too long to have been set ahead: sets the window of
 * lines from `line` on into para->set (pdf_para_set_window, on
 * ctx->measure_layout); 0 for any other paragraph, whose lines are set
 * ahead or, where they are not, one by one by pdf_layout_set_line. */
int pdf_layout_set_window(pdf_ctx *ctx, pdf_para *para, int line);

/* Frees what paragraph `p` holds for breaking and drawing (its text,
 * spans, sources, lines, set lines) once its last line is drawn, so that
 * the layout's memory follows the pages being drawn rather than the
 * whole book; its tag, node and findings stay. On the drawing thread,
 * after the layout threads are done with it (it was ready). */
void pdf_para_release(pdf_para *p);
/* pdf_para_release for paragraph `i` of the running text, once drawn;
 * frees its chunk when all the chunk's paragraphs are. */
void pdf_release_para(pdf_ctx *ctx, int i);
/* Frees what paragraph `p` holds and empties it. */
void pdf_para_free(pdf_para *p);

/* Frees what a set line holds (on the drawing thread; the fonts of its
 * runs are held by ctx->held_fonts until the layout threads end). */
void pdf_set_line_clear(pdf_set_line *line);
/* Frees what a liner holds (not its layout). */
void pdf_liner_free(pdf_liner *lr);
/* Marks sub[g] for each glyph g of `run` (text `text`) that stands alone
 * for one WinAnsi character but is not the font's own glyph for it (a
 * small capital, a superior figure); `nominal` is the font's table of own
 * glyphs (PDF_NOMINAL_*; NULL: HarfBuzz is asked each time). Returns how
 * many. */
int pdf_run_substitutes(const char *text, const PangoGlyphItem *run, uint32_t *nominal,
                        char *sub);
/* Whether glyph g of `run` is a no-break space's own glyph (which the
 * drawing blanks). */
int pdf_glyph_is_no_break_space(const char *text, const PangoGlyphItem *run, int g);

/* Cuts the vertical list into pages and draws each through `cr` as it is
 * made; with `cr` NULL (opts->layout_only) only cuts them. Each page's
 * start goes to opts->out_page_map when there is one. */
galley_status pdf_paginate(pdf_ctx *ctx, cairo_t *cr, cairo_surface_t *surface);

/* Adds to opts->out_page_map (when there is one) where the page of
 * boxes [0, n) of `boxes` begins in the model (pdf_page_map.c), labelled
 * with its folio `page`. A page that opens with a table's repeated header
 * rows begins at the first row after them; a page of notes alone adds
 * nothing. */
void pdf_layout_map_page(pdf_ctx *ctx, const pdf_box *boxes, int n, int page);

/* Closes the structure elements still open after the last page. */
void pdf_draw_end(pdf_ctx *ctx, cairo_t *cr);

/* The left edge of the text column on page `page` (1-based), points:
 * left-hand (even) pages may have other margins than right-hand ones. */
double pdf_page_left(const pdf_ctx *ctx, int page);

/* The notes at the foot of a page: their lines top to bottom, under a
 * short rule. */
typedef struct pdf_page_notes {
  const pdf_box *boxes;     /* borrowed: the lines (space_before counts
                               from the second) */
  const int *note;          /* borrowed: the note number of each, negated
                               for a line continuing the note from the
                               page before */
  int n;
  int top;                  /* the first line's top in the column, Pango
                               units */
  int rule_y;               /* the rule's y in the column, Pango units */
} pdf_page_notes;

/* Draws boxes [first, last) of `boxes` as one page, with running head and
 * folio, and `notes` (NULL: none) at its foot, and shows the page. `page`
 * is 1-based. Lines set ahead are freed once drawn. */
galley_status pdf_draw_page(pdf_ctx *ctx, cairo_t *cr, cairo_surface_t *surface,
                            const pdf_box *boxes, int first, int last, int page,
                            const pdf_page_notes *notes);

/* Writes line `li` of `p`, drawn on `page` at natural `width` with its
 * baseline `base` points below the page's top, to the layout dump when
 * there is one (pdf_dump.c): from its set glyphs `sl`, or when `sl` is
 * NULL from `line`, set on ctx->liner. A failing sink sets ctx->status. */
void pdf_dump_drawn_line(pdf_ctx *ctx, const pdf_para *p, int li, int page, int width,
                         double base, const pdf_set_line *sl, PangoLayoutLine *line);

/* ---- pdf_finish.c: what Cairo 1.16 cannot write ------------------- */

/* An anonymous temporary file (tmpfile(3): it goes when closed, whatever
 * happens) and in `path` a name it can be opened (and mapped) by
 * (/proc/self/fd/N); NULL where there is none (no /proc, no writable
 * temporary directory): the caller holds the bytes in memory instead.
 * Cairo's PDF is spooled there so that it is not held in memory: at
 * 16 MB of text it is 60 MB. */
FILE *pdf_spool_open(char path[32]);

/* Reads the PDF Cairo wrote, `len` bytes at `pdf` or, when `path` is not
 * NULL, the file at `path` (mapped), object by object, and writes it to
 * `sink` with the catalog's /Lang, each page's TrimBox and BleedBox, each
 * figure's /Alt (ctx->figure_alts) and each table header cell's /Scope,
 * neutral colours as DeviceGray, what is drawn outside the structure as
 * Artifacts, no transparency group where nothing is transparent, and the
 * objects that are not streams in object streams. Returns GALLEY_OK, or
 * the sink's error (in `err`), or GALLEY_ERR_INTERNAL recorded on ctx
 * when Cairo's file cannot be read (then nothing is written). */
galley_status pdf_finish(pdf_ctx *ctx, const char *pdf, size_t len, const char *path,
                         const galley_sink *sink, galley_error *err);

/* ---- images and the cover --------------------------------------------- */

/* The image file `url` names (pdf_image.c), read, checked and made a
 * surface once per document however often it is named. Returns GALLEY_OK
 * with the image in *out_image and its surface in *out_surface, both
 * borrowed until the context is freed; the surface's size need not be the
 * image's (a JPEG's is 1 x 1): draw it scaled by its own width and height.
 * For a GIF, which the PDF does not show, *out_surface is NULL. A missing
 * or refused image is recorded on ctx against `line` (0: none), its
 * message prefixed with `what` ("" or "cover "), and returned. */
galley_status pdf_image_get(pdf_ctx *ctx, const char *url, int line,
                            const char *what, const galley_image **out_image,
                            cairo_surface_t **out_surface);
/* Releases the surfaces and the image set. */
void pdf_image_free_all(pdf_ctx *ctx);
/* Draws the cover page when the metadata names a cover image: the picture
 * fitted to the page and centred, no folio. Returns GALLEY_OK when there
 * is none. A missing or refused cover is an error. With no cover image
 * and without GALLEY_OPT_NO_COVER_PAGE, the generated cover (cover.h)
 * instead. Sets
 * ctx->cover_pages. */
galley_status pdf_draw_cover(pdf_ctx *ctx, cairo_t *cr, cairo_surface_t *surface);

#endif
