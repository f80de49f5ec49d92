/* epub_private.h: what the files of the EPUB writer share.
 *
 *   epub.c          galley_write_epub: runs the others in order, hands
 *                   the finished archive to the sink
 *   epub_plan.c     the plan of the book (content documents, notes,
 *                   headings and their anchors, images, page starts) and
 *                   the lookups into it; the sticky status
 *   epub_escape.c   escaping of text, attributes and URLs (calls nothing
 *                   of the writer's)
 *   epub_xhtml.c    the model walk: a block, a note, as XHTML
 *   epub_document.c the XHTML documents: their opening, the content
 *                   documents (their blocks, then their notes)
 *   epub_meta.c     the book-wide values: title, language, dates, the
 *                   identifier
 *   epub_package.c  container.xml, the package document (OPF), the
 *                   navigation document and the NCX
 *   epub_a11y.c     the accessibility metadata, derived from the book
 *   epub_css.c      the style sheet as it goes into the package
 *   epub_words.c    the words the writer writes itself, by language
 *   epub_cover.c    the generated cover (SVG) and its content document
 *   epub_zip.c      the OCF container: the only file that calls libzip
 *
 * Everything the writer produces is built in memory first, so a failure
 * at any step sends nothing to the sink.
 *
 * The files call one another one way, never back:
 *
 *   epub.c          -> epub_plan.c, epub_meta.c, epub_document.c,
 *                      epub_cover.c, epub_package.c, epub_css.c, epub_zip.c
 *   epub_package.c  -> epub_plan.c, epub_meta.c, epub_document.c,
 *                      epub_a11y.c, epub_words.c
 *   epub_cover.c    -> epub_document.c (the document's opening)
 *   epub_document.c -> epub_xhtml.c -> epub_plan.c
 *   epub_meta.c     -> epub_plan.c, epub_words.c
 *   and every file that writes markup -> epub_escape.c, which calls none
 *   of the others, nor do epub_plan.c, epub_css.c, epub_words.c and
 *   epub_zip.c. */
#ifndef GALLEY_EPUB_PRIVATE_H
#define GALLEY_EPUB_PRIVATE_H

#include <stddef.h>

#include "../galley.h"
#include "../util/buf.h"
#include "../util/image.h"

/* A plain-text article up to this many bytes of text stays in one content
 * document; longer ones are split at every top-level heading, so reading
 * systems open (and paginate) one section at a time. 40 KB is a long
 * magazine article, about 7000 words. */
#define EPUB_SPLIT_BYTES 40000
/* A top-level section shorter than this shares its content document
 * with the sections after it, so that an article of many one-paragraph
 * sections does not become hundreds of tiny files (each one a page turn
 * and a file open in most reading systems). */
#define EPUB_CHAPTER_MIN_BYTES 4000
/* No content document grows beyond about this much text even without
 * headings: older reading systems (Adobe RMSDK, early Kindles) refused or
 * crawled through XHTML files over 300 KB, markup included. */
#define EPUB_CHAPTER_MAX_BYTES 200000

/* One content document: a run of consecutive top-level blocks. */
typedef struct epub_chapter {
  const galley_node *first; /* borrowed: first top-level block */
  const galley_node *last;  /* borrowed: last top-level block, inclusive */
  char name[32];            /* file name in OEBPS/, "chapter-0001.xhtml" */
  char id[32];              /* manifest id, "chapter-0001" */
  char *title;              /* owned: the <title>, plain text */
  int title_only;           /* holds nothing but the title block */
  int note_begin, note_end; /* its notes: epub_ctx.note_order[begin..end) */
  galley_buf xhtml;         /* owned: the rendered document */
} epub_chapter;

/* One FOOTNOTE: where its <aside> goes and which reference links back.
 * A note is written after the content document holding its first
 * reference in the text; one referenced only from other notes, right
 * after the first note citing it; one never referenced (a reader may
 * keep a definition nothing cites), at the end of the last document. */
typedef struct epub_note {
  const galley_node *node;      /* borrowed: the FOOTNOTE */
  const galley_node *first_ref; /* borrowed: the FOOTNOTE_REF carrying
                                   id="fnrefN", the back link's target;
                                   NULL when nothing links to the note */
  int chapter;                  /* content document holding the aside */
} epub_note;

/* One heading: an entry of the table of contents and a link target. */
typedef struct epub_heading {
  const galley_node *node;  /* borrowed */
  int level;                /* model level, 1..6 */
  int chapter;              /* index of the content document holding it */
  char *id;                 /* owned: the anchor, unique in the book */
  char *text;               /* owned: plain text for the navigation */
} epub_heading;

/* One image file in the package (several IMAGE nodes may share one). */
typedef struct epub_image {
  const galley_image *img;  /* borrowed from epub_ctx.image_set: bytes,
                               real path, header info */
  char href[32];            /* "images/img-0001.png", relative to OEBPS/ */
  char id[32];              /* manifest id, "img-0001" */
  int cover;                /* 1: the metadata's cover image */
} epub_image;

/* A node and the index of what the plan made of it (its epub_heading or
 * epub_image), sorted by node address for lookup while rendering. */
typedef struct epub_ref {
  const galley_node *node;  /* borrowed */
  int index;
} epub_ref;

/* An anchor id and its document, sorted by id for link resolution. */
typedef struct epub_anchor {
  const char *id;           /* borrowed from an epub_heading */
  int chapter;
} epub_anchor;

typedef struct epub_ctx {
  const galley_doc *doc;           /* borrowed */
  const galley_write_options *opts; /* borrowed */
  galley_diag *diag;               /* borrowed; may be NULL */
  galley_error *err;               /* borrowed; may be NULL */
  galley_status status;            /* sticky: the first failure */

  epub_chapter *chapters;          /* owned array */
  int chapter_count;
  int chapter_cap;                 /* elements allocated */
  epub_heading *headings;          /* owned array, document order */
  int heading_count;
  epub_ref *heading_refs;          /* owned array, heading_count long */
  epub_anchor *anchors;            /* owned array, heading_count long */
  galley_image_set *image_set;     /* owned: each image file read once */
  epub_image *images;              /* owned array, first use order, index
                                      for index with image_set */
  int image_count;
  int image_cap;                   /* elements allocated */
  epub_ref *image_refs;            /* owned: IMAGE node -> image index */
  int image_node_count;
  int images_without_alt;          /* IMAGE nodes with empty alt text */
  int cover_image;                 /* index into images, or -1 */
  int cover_generated;             /* 1: the cover is generated (cover.h):
                                      cover_svg and cover_xhtml hold it */
  galley_buf cover_svg;            /* owned: OEBPS/cover.svg */
  galley_buf cover_xhtml;          /* owned: OEBPS/cover.xhtml */
  epub_note *notes;                /* owned array, note_count long: note
                                      number N at index N - 1 */
  int note_count;
  int note_cap;                    /* elements allocated */
  int *note_order;                 /* owned array, note_count long: note
                                      indexes in the order their asides are
                                      written, chapter by chapter */

  /* Book-wide values, owned strings. */
  char *title;                     /* dc:title, never empty */
  char *lead;                      /* owned: the contents' entry for the text
                                      before the first heading when the title
                                      is not printed; NULL otherwise */
  char *language;                  /* dc:language, well-formed BCP 47 */
  char *identifier;                /* dc:identifier */
  int start_chapter;               /* the document where the text starts
                                      (after the title page), or -1 */
  char start_id[64];               /* the id there of the text's first
                                      block, or "" for the document's top */
  char *date;                      /* dc:date (W3CDTF) or NULL */
  char modified[32];               /* dcterms:modified, CCYY-MM-DDThh:mm:ssZ */
  long long epoch;                 /* the time of modified, seconds */

  /* The print edition's pages (opts->page_map), when given. */
  epub_ref *page_refs;             /* owned: node -> index of its first page
                                      start, sorted by node */
  int page_ref_count;
  int *page_chapter;               /* owned, one per page start: the content
                                      document its marker went into, -1:
                                      none (its node is not shown) */
  int pages_marked;                /* markers written */
} epub_ctx;

/* ---- epub_plan.c -------------------------------------------------- */

/* Plans the book into ctx: its content documents, the notes' places,
 * the headings and their anchors, the images (loaded; a failure recorded
 * with epub_fail), the print edition's page starts. */
void epub_plan_book(epub_ctx *ctx);

/* The id of the marker of page start `i` of opts->page_map, into out
 * (32 bytes): "page_" and its folio ("page_37"), or "page_n" and its
 * place for a folio of other characters; no heading's id, as slugs hold
 * no '_'. */
void epub_page_id(const epub_ctx *ctx, int i, char *out);

/* Whether a FOOTNOTE_REF becomes a link: not inside an IMAGE, whose
 * inlines are its alternative text. (One inside a link is written right
 * after it: links do not nest.) */
int epub_note_ref_is_linked(const galley_node *ref);
/* Whether `id` has the form of a note's anchor, "fnN" or "fnrefN" (N
 * digits), which headings do not take. */
int epub_is_note_id(const char *id);

/* The index that `refs` (`count` long, sorted) holds for `node`, or -1. */
int epub_ref_find(const epub_ref *refs, int count, const galley_node *node);
/* Sorts `count` refs by node address. */
void epub_ref_sort(epub_ref *refs, int count);

/* Records a failure (first one wins) and returns ctx->status. */
galley_status epub_fail(epub_ctx *ctx, galley_status code, int line,
                        const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* The index of the content document holding anchor `id` (`len` bytes),
 * or -1. */
int epub_find_anchor(const epub_ctx *ctx, const char *id, size_t len);

/* ---- epub_escape.c ------------------------------------------------- */

/* Appends `len` bytes of text escaped for XML text and attributes (& < >
 * "), with bytes that are not valid UTF-8 and characters that XML or HTML
 * forbid (C0 and C1 controls but tab and newline, U+FFFE, U+FFFF) written
 * as U+FFFD. */
void epub_put_text(galley_buf *out, const char *s, size_t len);
void epub_put_cstr(galley_buf *out, const char *s);
/* Appends a URL as an attribute value: characters that may not appear in
 * a URL (space, controls, quotes, <>, non-ASCII bytes...) percent-encoded,
 * '%' kept only before two hex digits. A URL has one fragment: a '#' after
 * the first is encoded, and every '#' when `fragment` says that `s` is
 * all a fragment (the part after a '#' already written). */
void epub_put_url(galley_buf *out, const char *s, size_t len, int fragment);

/* ---- epub_xhtml.c -------------------------------------------------- */

/* Appends `node` (a top-level block of content document `chapter`, or a
 * FOOTNOTE: its aside) and all it holds, as XHTML to `out`, with the
 * markers of the print edition's pages that begin in it. A link that
 * cannot be kept is warned of and written as text. */
void epub_xhtml_render_node(epub_ctx *ctx, galley_buf *out, int chapter, galley_node *node);

/* ---- epub_document.c ----------------------------------------------- */

/* The opening of an XHTML document with `title` (plain text; NULL or
 * empty: the book's) and the style sheet link, up to and including
 * <body>, whose attributes `body_attrs` gives (NULL: none). */
void epub_document_open(epub_ctx *ctx, galley_buf *out, const char *title,
                        const char *body_attrs);
/* Renders every content document into chapters[i].xhtml, and notes
 * where the text starts (start_chapter, start_id), calling done(arg, i)
 * (when not NULL) as soon as chapter i is whole, which may take its
 * XHTML away. Returns ctx->status. */
galley_status epub_document_render_all(epub_ctx *ctx, void (*done)(void *arg, int i),
                                       void *arg);

/* ---- epub_meta.c -------------------------------------------------- */

/* Fills title, language, identifier, date and modified from the
 * metadata, the document and opts (warnings to diag). Returns
 * ctx->status: a SOURCE_DATE_EPOCH past the year 9999 fails. */
galley_status epub_meta_prepare(epub_ctx *ctx);
/* Whether `s` (NULL: no) holds anything but white space. */
int epub_has_text(const char *s);
/* Whether `tag` is a well-formed BCP 47 language tag (the langtag
 * production of RFC 5646, without the grandfathered list). */
int epub_is_language_tag(const char *tag);
/* Writes `in` as a W3CDTF date ("2024", "2024-03", "2024-03-07",
 * "2024-03-07T10:00:00Z") into out (at least 32 bytes) when it is one, or
 * a common written form ("March 7, 2024", "7 March 2024", "Mar. 7, 2024",
 * "2024/03/07"). Returns 1 on success, 0 when unrecognised. */
int epub_normalize_date(const char *in, char *out);
/* The name-based (version 5 style, SHA-1) UUID of `len` bytes at `name`,
 * as "urn:uuid:xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx" into out (46 bytes). */
void epub_uuid_for(const char *name, size_t len, char *out);

/* ---- epub_package.c ----------------------------------------------- */

void epub_package_container(epub_ctx *ctx, galley_buf *out);
void epub_package_opf(epub_ctx *ctx, galley_buf *out, int has_css);
void epub_package_nav(epub_ctx *ctx, galley_buf *out);
void epub_package_ncx(epub_ctx *ctx, galley_buf *out);

/* ---- epub_a11y.c --------------------------------------------------- */

/* What the accessibility metadata states of a book, counted from the
 * planned book by epub_a11y_derive; epub_a11y_put writes the metadata
 * from these facts alone. */
typedef struct epub_a11y {
  const char *language;   /* borrowed: dc:language */
  int headings;           /* HEADING nodes */
  int toc_entries;        /* contents entries besides the start's */
  int images;             /* IMAGE nodes */
  int images_described;   /* of them, with an alt text of their own
                             (epub_image_alt_describes) */
  int tables;             /* TABLE nodes */
  int tables_with_header; /* of them, with a header row */
  int header_rows;        /* header rows in all tables */
  int notes;              /* FOOTNOTEs */
  int notes_linked;       /* of them, linked from a reference and back */
  int lists;              /* LIST nodes */
  int page_list;          /* 1 when the nav has a page-list (markers of
                             the print edition's pages) */
} epub_a11y;

/* Whether the alt text of IMAGE `image` describes it: not empty, not a
 * file name ("IMG_0042.jpg", the image's own file name) and not a repeat
 * of what is shown with it (its title, its figure's captions and
 * credits), compared without case, spaces or punctuation; an alt text
 * that is only a part of the caption repeats it too. */
int epub_image_alt_describes(const galley_node *image);
/* Fills *out from the planned book (headings, notes, language) and a walk
 * of the document. */
void epub_a11y_derive(const epub_ctx *ctx, epub_a11y *out);
/* Appends the schema:accessMode, accessModeSufficient,
 * accessibilityFeature, accessibilityHazard and accessibilitySummary meta
 * elements of the package metadata that `a` supports. The summary is in
 * the language of a->language (English, Russian, Kazakh, German, French,
 * Spanish), else in English with xml:lang="en". */
void epub_a11y_put(const epub_a11y *a, galley_buf *out);

/* ---- epub_css.c ---------------------------------------------------- */

/* Appends the style sheet `css` (`len` bytes, any content) as it goes
 * into the package: rewritten from its well-formed rules and declarations
 * that EPUB allows, without @font-face, @page, @import and other
 * at-rules but @media (not for print alone) and @supports, without url()
 * references to files (galley packages no fonts or other resources),
 * without absolute font sizes and colours that would override the
 * reader's, comments and anything epubcheck would reject (see
 * epub_css.c). Returns the number of rules and declarations dropped. */
int epub_css_filter(const char *css, size_t len, galley_buf *out);

/* ---- epub_words.c -------------------------------------------------- */

/* The fixed words the EPUB writes itself (navigation, fallbacks), in one
 * language. All strings are static UTF-8. */
typedef struct epub_words {
  const char *language;   /* primary subtag, lowercase: "en", "ru" */
  const char *contents;   /* the nav document's title and heading */
  const char *landmarks;  /* the landmarks nav's heading */
  const char *toc;        /* the landmark of the table of contents */
  const char *start;      /* the landmark where the body matter starts */
  const char *section;    /* a contents entry for a heading with no text */
  const char *untitled;   /* dc:title when the document names none */
  const char *cover;      /* the landmark of the generated cover */
  const char *titlepage;  /* the landmark of the title page */
} epub_words;

/* The words for the BCP 47 tag `language` by its primary subtag ("ru-RU"
 * takes Russian), English for NULL, "und" and languages not in the
 * table. Never NULL; borrowed, static. */
const epub_words *epub_words_lookup(const char *language);

/* ---- epub_cover.c -------------------------------------------------- */

/* Draws the generated cover into ctx->cover_svg and its content document
 * into ctx->cover_xhtml, from the metadata and the style sheet. */
void epub_cover_render(epub_ctx *ctx);

/* ---- epub_zip.c ---------------------------------------------------- */

typedef struct epub_zip epub_zip;

/* A new in-memory OCF container whose entries carry the DOS time of
 * `epoch` (UTC; before 1980 gives 1980-01-01), deflated on up to
 * `threads` threads (the bytes do not depend on it). NULL with `err` set
 * when libzip fails. */
epub_zip *epub_zip_new(long long epoch, int threads, galley_error *err);
/* Adds an entry `name` (ASCII) of `len` bytes at `data`, deflated when
 * `compress` is set, stored otherwise. `data` is borrowed and must stay
 * valid until epub_zip_finish or epub_zip_discard, and unchanged: it may
 * be deflated at once, on another thread. Entries are written at
 * epub_zip_finish: those added by epub_zip_add_front first, then the
 * others, each group in the order added. */
void epub_zip_add(epub_zip *zip, const char *name, const void *data, size_t len,
                  int compress);
/* epub_zip_add, for an entry written before every one epub_zip_add and
 * epub_zip_take give: the package's own files, made last. */
void epub_zip_add_front(epub_zip *zip, const char *name, const void *data, size_t len,
                        int compress);
/* Adds an entry `name` of `len` bytes at `data` (from malloc), deflated:
 * the archive owns `data`, and frees it once deflated, so that a book's
 * text is not held beside all of its deflated documents. */
void epub_zip_take(epub_zip *zip, const char *name, void *data, size_t len);
/* Deflates the entries, writes the archive and gives its bytes to `sink`,
 * a piece at a time. Frees `zip` whatever the outcome. */
galley_status epub_zip_finish(epub_zip *zip, const galley_sink *sink, galley_error *err);
/* Frees an unfinished archive. NULL is accepted. */
void epub_zip_discard(epub_zip *zip);

#endif
