/* cover.h: the generated cover, what both editions agree on. When the
 * metadata names no cover image, the book has a title of its own and the
 * cover is not switched off, each edition opens with a typographic cover:
 * the title, the subtitle, the authors, and the publisher or series in
 * small type, set from the style's title faces and colours. The EPUB
 * draws it as SVG (epub_cover.c), the PDF with Pango (pdf_cover.c); both
 * place the text where this file says, in fractions of the page, so the
 * two covers look alike. Neither writer depends on the other. */
#ifndef GALLEY_MODEL_COVER_H
#define GALLEY_MODEL_COVER_H

#include <stddef.h>

#include "../galley.h"

/* Where the text goes, as fractions of the cover's width W (sizes and the
 * measure) or height H (positions). */
#define COVER_MEASURE 0.76        /* the text's width, of W */
#define COVER_TITLE_SIZE 0.085    /* the title's type size, of W */
#define COVER_TITLE_MIN_SIZE 0.04 /* never smaller, of W */
#define COVER_TITLE_MAX_LINES 5   /* more lines than this: smaller type */
#define COVER_TITLE_LEADING 1.15  /* the title's line height, of its size */
#define COVER_TITLE_TOP 0.18      /* the title's first line's top, of H */
#define COVER_SUBTITLE_SIZE 0.042 /* of W */
#define COVER_AUTHOR_SIZE 0.045   /* of W */
#define COVER_AUTHOR_TOP 0.70     /* the authors' first line's top, of H */
#define COVER_SMALL_SIZE 0.026    /* the publisher or series, of W */
#define COVER_SMALL_BOTTOM 0.93   /* their last line's baseline, of H */
#define COVER_RULE_WIDTH 0.14     /* the rule under the title, of W */
#define COVER_FRAME 0.045         /* the frame's inset, of W */
#define COVER_GAP 0.035           /* between the title, the rule and the
                                     subtitle, of H */
#define COVER_LEADING 1.3         /* other lines' height, of their size */
#define COVER_LINE_WIDTH 0.004    /* the frame and rule's strokes, of W */

/* The baseline of line `i` of a part whose first line's top is `top`,
 * set at `size` with line height `leading` (a multiple of size): the
 * centre of the line box, lowered by a third of the size, about where
 * capitals and small letters sit centred in it. */
#define COVER_BASELINE(top, i, size, leading) \
  ((top) + ((i) + 0.5) * (leading) * (size) + 0.33 * (size))

/* The type of one part of the cover, as the style sheet gives it. */
typedef struct cover_face {
  char family[256]; /* the CSS font-family list as written */
  int weight;       /* 100..900 */
  int italic;       /* 1: italic */
  int smallcaps;    /* 1: small capitals */
  unsigned color;   /* 0xRRGGBB */
} cover_face;

/* The faces of the title (h1.title), the subtitle (p.subtitle) and the
 * byline (p.byline) in a style sheet, each from the most specific rule
 * that sets a property (p.byline, then header, then body; h1.title,
 * then h1...), including rules for print: the cover is the printed
 * title's. What the sheet leaves unsaid is the print edition's default
 * (a serif face in black; the title bold, the subtitle italic, the byline
 * in small capitals). */
typedef struct cover_style {
  cover_face title, subtitle, byline;
} cover_style;

/* Reads the faces from `css` (`len` bytes, any content; NULL: none). */
void cover_style_read(const char *css, size_t len, cover_style *out);

/* The longest title a generated cover sets, in bytes (the longest test
 * title, about 270 bytes, fills seven lines at the smallest size). */
#define COVER_TITLE_MAX 600

/* Whether `doc` gets a generated cover under `flags` (GALLEY_OPT_*): the
 * metadata names no cover (`cover: none` turns it off as --no-cover
 * does), and the book has a title of its own, at most COVER_TITLE_MAX
 * bytes long. */
int cover_is_generated(const galley_doc *doc, unsigned flags);

/* Whether a cover value means "no cover": "none", any case. */
int cover_is_none(const char *value);

/* The line printed under the authors, small: the series (with its
 * position) if set, else the publisher; NULL when neither. Caller frees
 * with free(). */
char *cover_small_line(const galley_doc *doc);

/* The authors as one line, joined by ", " (NULL when none). Caller frees
 * with free(). */
char *cover_authors_line(const galley_doc *doc);

#endif
