/* galley.h: the public API of libgalley.
 *
 * galley turns an article (plain text or Markdown) into two editions, an
 * EPUB 3 ebook and a print-ready PDF. A reader builds one document model
 * (a tree of galley_node under a galley_doc, plus metadata); each writer
 * walks that model and knows nothing of the readers.
 *
 *   text/markdown bytes --reader--> galley_doc --writer--> EPUB / PDF bytes
 *
 * Nothing in the library prints or exits. Functions that can fail return a
 * galley_status (GALLEY_OK == 0) and fill a caller-provided galley_error;
 * constructors that can fail return NULL and take `galley_error *err` last.
 * Every such function resets `err` on entry, so an error structure reused
 * across calls never carries an earlier call's message; after a failure it
 * holds the first error of that call.
 * Non-fatal findings (invalid UTF-8 replaced, a glyph no font has) are
 * appended to a galley_diag list that the caller owns and prints.
 * Out of memory ends in the program's fatal handler (galley_set_fatal_handler,
 * below), by default one line on stderr and abort().
 */
#ifndef GALLEY_H
#define GALLEY_H

#include <stddef.h>
#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(GALLEY_STATIC)
#define GALLEY_EXPORT
#elif defined(__GNUC__)
#define GALLEY_EXPORT __attribute__((visibility("default")))
#else
#define GALLEY_EXPORT
#endif

/* The version of galley.h the program is compiled with. The library it
 * runs with may be newer (the same major version keeps the ABI): ask
 * galley_version() or galley_version_number() at run time. */
#define GALLEY_VERSION_MAJOR 0
#define GALLEY_VERSION_MINOR 1
#define GALLEY_VERSION_PATCH 0
#define GALLEY_VERSION "0.1.0"
#define GALLEY_VERSION_NUMBER                                                  \
  ((GALLEY_VERSION_MAJOR << 16) | (GALLEY_VERSION_MINOR << 8) | GALLEY_VERSION_PATCH)

/* The running library's version, "MAJOR.MINOR.PATCH" (static storage),
 * and the same as one number, (major << 16) | (minor << 8) | patch, as
 * cmark_version() gives it. Thread-safe. */
GALLEY_EXPORT const char *galley_version(void);
GALLEY_EXPORT int galley_version_number(void);

/* The versions of galley and of the libraries it runs with, those that
 * shape what it writes ("galley 0.1.0, cmark-gfm 0.29.0.gfm.6, pango
 * 1.50.12, ..."), written into buf (size bytes, NUL-terminated,
 * truncated if need be). Returns the length the whole text has. For
 * `galley --version --verbose`, and for a cache whose entries must not
 * outlive an upgrade of any of them. Thread-safe. */
GALLEY_EXPORT size_t galley_library_versions(char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* What kind of failure. The command line maps these to sysexits codes
 * (see README.md, "Exit status"). */
typedef enum {
  GALLEY_OK = 0,
  GALLEY_ERR_USAGE,    /* a bad option or argument (EX_USAGE 64) */
  GALLEY_ERR_DATA,     /* input bytes that cannot be converted (EX_DATAERR 65) */
  GALLEY_ERR_NOINPUT,  /* an input file missing or unreadable (EX_NOINPUT 66) */
  GALLEY_ERR_CANTCREAT,/* an output cannot be created or written (EX_CANTCREAT 73) */
  GALLEY_ERR_INTERNAL  /* a library failed unexpectedly (EX_SOFTWARE 70) */
} galley_status;

#define GALLEY_ERROR_MESSAGE_MAX 512
#define GALLEY_ERROR_FILE_MAX 1024

/* One failure, described in one line. `file` and `line` say where in the
 * input the problem is, when that is known (line 0: no line). */
typedef struct galley_error {
  galley_status code;                       /* GALLEY_OK when nothing failed */
  int sys_errno;                            /* errno at the failure, or 0 */
  int line;                                 /* 1-based input line, 0 if none */
  int col;                                  /* 1-based column, 0 if none */
  char file[GALLEY_ERROR_FILE_MAX];         /* file concerned, "" if none */
  char message[GALLEY_ERROR_MESSAGE_MAX];   /* one line, no trailing newline */
} galley_error;

/* Resets `err` to GALLEY_OK with empty strings. `err` may be NULL. */
GALLEY_EXPORT void galley_error_clear(galley_error *err);

/* Records a failure in `err` (if `err` is not NULL and holds no earlier
 * failure: the first error wins) and returns `code`. Every failure in the
 * library goes through here, so one breakpoint catches them all. */
GALLEY_EXPORT galley_status galley_error_set(galley_error *err,
                                             galley_status code, int sys_errno,
                                             const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Sets the file, line and column of an error already recorded. */
GALLEY_EXPORT void galley_error_set_where(galley_error *err, const char *file,
                                          int line, int col);

/* ------------------------------------------------------------------ */
/* Fatal failures: out of memory                                       */
/* ------------------------------------------------------------------ */

/* Called when galley cannot go on and has no caller to return a status
 * to: an allocation failed (galley's own, or cmark's and libhyphen's,
 * which galley routes through its allocator), or, once
 * galley_catch_glib_log was called, GLib logged a fatal error (g_error: a
 * failed g_malloc in GLib, Pango or HarfBuzz, a thread that cannot
 * start). `what` is a one-line description ("out of memory", "out of
 * memory (GLib: ...)"), borrowed for the call.
 *
 * The handler must not return; if it does, galley prints `what` and
 * aborts. It may run on any thread, with the heap exhausted and with
 * malloc's or GLib's locks held, so it should do only what a signal
 * handler may (write(2), unlink(2), _exit(2)). The command line writes one
 * message naming the input, removes its temporary outputs, and exits 70. */
typedef void (*galley_fatal_fn)(const char *what);

/* Sets the fatal handler; NULL restores the default (a line on stderr,
 * abort()). Process-wide, like cmark's allocator: set it once, before any
 * conversion starts and before other threads run. */
GALLEY_EXPORT void galley_set_fatal_handler(galley_fatal_fn fn);

/* For a program that owns its process (the command line): routes GLib's
 * log, which GLib, Pango and HarfBuzz write to, through galley. A fatal
 * message (g_error, such as GLib's "failed to allocate N bytes") calls the
 * fatal handler instead of printing and trapping; other messages
 * (critical, warning, message) call `warn` with the log domain ("Pango")
 * and the text, or are dropped when `warn` is NULL; info and debug are
 * dropped. Installs GLib's default log handler and its writer function,
 * which GLib allows once per process: call it once, at start-up, never
 * from a library or a program with a GLib log of its own. */
GALLEY_EXPORT void galley_catch_glib_log(void (*warn)(const char *domain,
                                                      const char *message));

/* ------------------------------------------------------------------ */
/* Diagnostics (warnings)                                              */
/* ------------------------------------------------------------------ */

typedef struct galley_diag galley_diag;

/* Returns a new, empty diagnostics list; caller frees with
 * galley_diag_free. Never NULL (out of memory aborts). */
GALLEY_EXPORT galley_diag *galley_diag_new(void);
/* Frees the list and its messages. NULL is accepted. */
GALLEY_EXPORT void galley_diag_free(galley_diag *diag);
/* Appends a warning at 1-based `line`/`col` (0 when unknown). `diag` may be
 * NULL, in which case the warning is dropped. */
GALLEY_EXPORT void galley_diag_add(galley_diag *diag, int line, int col,
                                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Number of warnings recorded (0 for NULL). */
GALLEY_EXPORT int galley_diag_get_count(const galley_diag *diag);
/* The i-th warning's message (borrowed; valid until the list is freed),
 * and its position in *out_line / *out_col (either may be NULL). */
GALLEY_EXPORT const char *galley_diag_get(const galley_diag *diag, int i,
                                          int *out_line, int *out_col);

/* The document model: node types, document, metadata, building and
 * walking the tree (galley_model.h, included here). */
#include "galley_model.h"

/* ------------------------------------------------------------------ */
/* Readers                                                             */
/* ------------------------------------------------------------------ */

/* Options structures (galley_read_options, galley_write_options,
 * galley_convert_options) may grow in later versions of galley without
 * breaking programs built against this one. Initialise each with its
 * _init function, which zeroes it, sets `struct_size` to the size this
 * header gives it and sets the defaults; then set what you need. The
 * library reads only the first struct_size bytes, so a program built
 * against an older, smaller struct keeps working (the fields it lacks
 * are zero), and a struct larger than the library knows (a program built
 * against a newer galley.h run with an older library) is refused with
 * GALLEY_ERR_USAGE before anything is done. A struct zeroed by the
 * caller (struct_size 0) is read as this header's: programs that
 * zero-initialise keep working when they are rebuilt, but only the
 * _init functions survive a library upgrade without a rebuild. The
 * _init functions take no lock and touch nothing but the struct. */

/* Reader options. */
typedef struct galley_read_options {
  size_t struct_size;    /* sizeof (galley_read_options), set by _init */
  const char *file_name; /* input name, used for messages and a derived
                            title; may be NULL */
  unsigned flags;        /* GALLEY_OPT_* */
} galley_read_options;

/* Zeroes `opts` and sets its struct_size. */
GALLEY_EXPORT void galley_read_options_init(galley_read_options *opts);

#define GALLEY_OPT_STRIP_HTML (1u << 0) /* Markdown: drop raw HTML */
#define GALLEY_OPT_NO_TITLE (1u << 1)   /* do not derive a title */
#define GALLEY_OPT_NO_SMART (1u << 2)   /* keep quotes, dashes, "..." and
                                           plain text's _emphasis_ as typed */
/* Writers: when the metadata names no cover image, the EPUB opens with a
 * typographic cover made from the title, subtitle and authors in the
 * style's title faces (an SVG, the package's cover-image); NO_COVER
 * leaves it out of both editions, as the metadata `cover: none` does.
 * The same cover is the PDF's first page (labelled "Cover", the text's
 * pages keep their numbers from 1); NO_COVER_PAGE leaves it out of the
 * PDF alone (a print interior whose cover is printed apart). */
#define GALLEY_OPT_NO_COVER (1u << 3)
#define GALLEY_OPT_NO_COVER_PAGE (1u << 4)

/* Reads a plain-text article (`len` bytes, any content) into a new
 * document. Invalid UTF-8 and NUL become U+FFFD with a warning in `diag`;
 * CRLF, CR and a UTF-8 BOM are accepted. Content is never an error: the
 * result is NULL only when `text` is NULL with len > 0 (err says so).
 * Caller frees with galley_doc_free. Holds no pointer into `text`. */
GALLEY_EXPORT galley_doc *galley_read_text(const char *text, size_t len,
                                           const galley_read_options *opts,
                                           galley_diag *diag, galley_error *err);

/* Reads a CommonMark article, with GitHub's tables, footnotes, struck
 * text, autolinks and task items, and optional front matter. What galley
 * does not set (TeX math, pandoc's attributes, definition lists) stays
 * text with a warning in `diag`. Returns NULL with
 * `err` (GALLEY_ERR_DATA, naming the line) for malformed front matter. */
GALLEY_EXPORT galley_doc *galley_read_markdown(const char *text, size_t len,
                                               const galley_read_options *opts,
                                               galley_diag *diag,
                                               galley_error *err);

/* Applies `Key: value` metadata (as from a front-matter block or
 * --metadata KEY=VALUE) to `doc`, replacing earlier values except for
 * `author`, where `replace` says whether to replace or append. */
GALLEY_EXPORT void galley_doc_apply_meta(galley_doc *doc, const char *key,
                                         const char *value, int replace);

/* Whether an edition uses the metadata key `key` (as written: case,
 * '_' for '-' and synonyms such as `summary` or `series_index` as
 * galley_doc_apply_meta takes them): title, subtitle, author, date,
 * language, publisher, rights, description, keywords, subject,
 * identifier, source, cover, contributor, conformsTo, series and
 * series-position. A caller warns about the others, which are kept in
 * the model but shown by no edition. 0 for NULL. */
GALLEY_EXPORT int galley_meta_is_known_key(const char *key);

/* Whether the metadata's title is the article's own, to be printed (on
 * the title page, in running heads, as the table of contents' first
 * entry). A reader sets 0 when the title is only a fallback the EPUB
 * package needs ("Untitled" for a file named by a hash): nothing prints
 * it, and the title block shows no TITLE. Setting the title again
 * through galley_doc_apply_meta makes it shown. 1 for a new document;
 * 0 for NULL. */
GALLEY_EXPORT int galley_doc_get_title_shown(const galley_doc *doc);
GALLEY_EXPORT void galley_doc_set_title_shown(galley_doc *doc, int shown);

/* The document's TITLE_BLOCK, a child of the root: its first child, or
 * later when the source sets a notice before its title page (an
 * electronic edition's licence header, which a reader keeps in reading
 * order); NULL if it has none (or for NULL). Borrowed: valid until the
 * node is freed. */
GALLEY_EXPORT galley_node *galley_doc_get_title_block(const galley_doc *doc);

/* Makes sure the document has a TITLE_BLOCK (at its start, unless a
 * reader placed one later) that shows the metadata's title, subtitle,
 * authors and date (creating or updating it). Readers call it; call it
 * again after changing metadata. A title that replaces a headline the
 * text gave (a TITLE whose rule is a reader's) keeps the headline as the
 * body's first HEADING, level 1, the other headings one level down. */
GALLEY_EXPORT void galley_doc_sync_title_block(galley_doc *doc);

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

/* Where writers send bytes. `write` returns GALLEY_OK or an error it has
 * recorded in `err`. */
typedef struct galley_sink {
  galley_status (*write)(void *ctx, const unsigned char *data, size_t len,
                         galley_error *err);
  void *ctx;
} galley_sink;

/* Where the pages of the print edition begin in the model: what the PDF
 * writer's pagination finds and the EPUB writer marks (page-break markers
 * and a page list), so that "page 37" is the same sentence in both. The
 * writers know nothing of each other: only this plain list passes between
 * them, through the caller. */
typedef struct galley_page_start {
  char label[16];           /* the printed folio, "37", unique in the map */
  /* Borrowed, valid while the document lives. A TEXT, CODE or
   * CODE_BLOCK node: the page begins at byte `offset` of its literal,
   * the start of a word (a word hyphenated across the page break is
   * marked before its first letter). Any other node (offset 0): the page
   * begins before it (a heading, a figure, a thematic break, a block
   * whose first line opens the page). */
  const galley_node *node;
  size_t offset;
} galley_page_start;

typedef struct galley_page_map {
  galley_page_start *pages; /* owned: in document order, `count` long */
  int count, cap;
  char edition[64];         /* the print edition the folios are from, for
                               the EPUB's pageBreakSource ("PDF edition, 148 x 210
                               mm"); "" when unknown */
} galley_page_map;

/* Appends a page start to `map` (copies `label`, at most 15 bytes). */
GALLEY_EXPORT void galley_page_map_add(galley_page_map *map, const char *label,
                                       const galley_node *node, size_t offset);
/* Frees what `map` holds and empties it (the struct itself is the
 * caller's). NULL is accepted. */
GALLEY_EXPORT void galley_page_map_clear(galley_page_map *map);

/* The latest time both editions can carry: 9999-12-31T23:59:59Z. A later
 * source_date_epoch is refused by both writers (GALLEY_ERR_USAGE). */
#define GALLEY_MAX_SOURCE_DATE_EPOCH 253402300799LL

/* Writer options (see "Options structures" above). */
typedef struct galley_write_options {
  size_t struct_size;        /* sizeof (galley_write_options), set by _init */
  const char *style_css;     /* the style sheet's bytes (borrowed); NULL: no
                                stylesheet (the PDF uses built-in defaults) */
  size_t style_css_len;
  const char *style_name;    /* for messages, e.g. "styles/classic.css" */
  const char *font_dir;      /* directory holding the bundled fonts */
  const char *page_size;     /* "A4", "Letter", "A5", "WxHmm", "WxHin", or
                                NULL for the style's or A4 */
  /* Directories images may come from, a NULL-terminated list (borrowed):
   * the first is the one relative paths start from (the article's), the
   * others are further directories the user allowed. Each entry is one
   * directory, whatever characters its name holds (':' included). NULL or
   * an empty list: no image may be read. */
  const char *const *resource_dirs;
  long long source_date_epoch; /* seconds since 1970 for dates and ids, or
                                  -1 to use the current time */
  unsigned flags;            /* GALLEY_OPT_* */
  int *out_pages;            /* if not NULL, the PDF writer stores the number
                                of pages it wrote here */
  /* If not NULL, called by the PDF writer after each page it finishes
   * (1-based), for a progress display. */
  void (*on_page)(void *ctx, int page);
  void *on_page_ctx;
  /* Threads a writer may use (the PDF's to lay out paragraphs and
   * rewrite page contents, the EPUB's to deflate its entries); 0: the
   * GALLEY_THREADS environment variable if set, else the online cores.
   * The output bytes do not depend on it. */
  int threads;
  /* If not NULL (borrowed), the PDF writer also writes a layout dump here:
   * a comment line naming the columns, then one tab-separated line per
   * text line drawn: page, block element, natural width and measure in
   * points, spaces, mean word gap as drawn in em, hyphenated, last line
   * of its paragraph, justified, the text. For typography tests. */
  const galley_sink *layout_dump;
  /* If not NULL (borrowed), the PDF writer adds where each page it sets
   * begins (galley_page_map_add) to this map. */
  galley_page_map *out_page_map;
  /* 1: the PDF writer lays the document out and cuts its pages (filling
   * out_page_map) without drawing them: nothing is sent to the sink. */
  int layout_only;
  /* If not NULL (borrowed), the EPUB writer marks these page starts in
   * the text (epub:type="pagebreak") and lists them in a page-list of
   * the navigation document, naming map->edition as their source. NULL:
   * no page numbers, and the EPUB's bytes are those of before. */
  const galley_page_map *page_map;
  /* If not NULL (borrowed), a directory of hyphenation dictionaries
   * compiled by galley-hyphen-cache, which the PDF writer reads in place
   * of a dictionary whose bytes they still match (the PDF is the same;
   * loading a dictionary's text takes milliseconds). NULL: none. */
  const char *hyphen_cache_dir;
} galley_write_options;

/* Zeroes `opts`, sets its struct_size and source_date_epoch -1 (now). */
GALLEY_EXPORT void galley_write_options_init(galley_write_options *opts);

/* Writes `doc` as an EPUB 3 package to `sink`. Warnings go to `diag`. */
GALLEY_EXPORT galley_status galley_write_epub(const galley_doc *doc,
                                              const galley_write_options *opts,
                                              const galley_sink *sink,
                                              galley_diag *diag,
                                              galley_error *err);

/* Writes `doc` as a PDF to `sink`. Warnings (a character no bundled font
 * covers, a word forced across the measure) go to `diag`. The bundled
 * fonts are found through a fontconfig configuration of the writer's
 * own; fontconfig's current configuration is left as it is (Pango's
 * first font map makes fontconfig load the system's when there is none:
 * a program that draws nothing else may make an empty one current first,
 * FcConfigSetCurrent, and start faster, as galley's own program does).
 * The font directory is read through fontconfig's cache of it, in
 * $XDG_CACHE_HOME/galley/fontconfig (else ~/.cache/galley/fontconfig),
 * written there when missing or older than a font file and the directory
 * can be written; the PDF is the same bytes with or without it. Cairo
 * deflates each page's content as it draws, on the drawing thread, and
 * the writer's finishing pass inflates it again to rewrite it: a program
 * whose environment has CAIRO_DEBUG_PDF set when the PDF is written
 * (galley's own sets it at start-up) has Cairo write it unfiltered, and
 * Cairo's page emission does a sixth less work; the finishing pass
 * deflates every content stream either way. */
GALLEY_EXPORT galley_status galley_write_pdf(const galley_doc *doc,
                                             const galley_write_options *opts,
                                             const galley_sink *sink,
                                             galley_diag *diag,
                                             galley_error *err);

/* Parses a page size as --page-size takes it: "A4", "A5", "A3", "B5",
 * "Letter", "Legal", or WIDTHxHEIGHT with mm, cm, in or pt ("150x220mm"),
 * case-insensitive. Returns GALLEY_OK and the size in points in
 * *out_width / *out_height (either may be NULL), or GALLEY_ERR_USAGE with
 * a message in `err` that says whether the size was not understood or is
 * outside 1 to 200 inches a side. A program checks --page-size with it
 * before converting, so that no edition is written before the PDF
 * writer refuses it. */
GALLEY_EXPORT galley_status galley_page_size_parse(const char *spec,
                                                   double *out_width,
                                                   double *out_height,
                                                   galley_error *err);

/* Writes `len` bytes to `path` atomically: into a temporary file beside
 * it, renamed over `path` only on success. On failure nothing is left
 * behind and an existing `path` is untouched. */
GALLEY_EXPORT galley_status galley_file_write_atomic(const char *path,
                                                     const void *data,
                                                     size_t len,
                                                     galley_error *err);

/* The largest input galley reads, in bytes: fifteen times "War and
 * Peace", far beyond any article or book, small enough that a mistaken
 * path (a disk image, a log) fails at once instead of filling memory. */
#define GALLEY_MAX_INPUT_BYTES ((size_t)64 * 1024 * 1024)
/* The largest style sheet galley reads, in bytes. The bundled ones are
 * about 10 KB; a larger sheet is refused (GALLEY_ERR_DATA, naming the
 * file) before it is read, rather than parsed into memory and matched
 * against every element of the document. */
#define GALLEY_MAX_STYLE_BYTES ((size_t)1024 * 1024)

/* Reads a whole file of at most GALLEY_MAX_INPUT_BYTES into a new buffer
 * (NUL-terminated; caller frees with free()), its length in *out_len.
 * "-" reads standard input. Only regular files are read: a directory, a
 * FIFO, a device or a socket is refused without blocking. Returns NULL
 * with `err` naming the file: GALLEY_ERR_NOINPUT when it cannot be read
 * or is not a regular file, GALLEY_ERR_DATA when it is larger than the
 * limit. */
GALLEY_EXPORT char *galley_file_read(const char *path, size_t *out_len,
                                     galley_error *err);
/* As galley_file_read, with a limit of `max_bytes`. */
GALLEY_EXPORT char *galley_file_read_max(const char *path, size_t max_bytes,
                                         size_t *out_len, galley_error *err);

/* ------------------------------------------------------------------ */
/* Conversion: the one place that knows both readers and writers       */
/* ------------------------------------------------------------------ */

typedef enum {
  GALLEY_FORMAT_AUTO = 0, /* by the input's extension; text otherwise */
  GALLEY_FORMAT_TEXT,
  GALLEY_FORMAT_MARKDOWN
} galley_format;

typedef enum {
  GALLEY_EDITION_EPUB = 1,
  GALLEY_EDITION_PDF = 2
} galley_edition;

/* Options for galley_convert_* (see "Options structures" above). */
typedef struct galley_convert_options {
  size_t struct_size;       /* sizeof (galley_convert_options), set by _init */
  const char *input;        /* input path, or "-" for standard input */
  const char *input_name;   /* name used in messages for "-"; NULL: "<stdin>" */
  galley_format format;
  const char *const *meta;  /* overrides: pairs key, value, key, value, ... */
  int meta_count;           /* number of pairs */
  const char *style;        /* style name (in data_dir/styles) or a path to
                               a .css file; NULL: "classic" */
  const char *data_dir;     /* holds fonts/ and styles/; NULL: built-in */
  const char *page_size;    /* see galley_write_options */
  /* Further directories images may come from (--resource-path, the
   * cover's directory), a NULL-terminated list (borrowed), each entry one
   * directory; NULL: only the input's directory. */
  const char *const *resource_paths;
  long long source_date_epoch; /* -1: now */
  unsigned flags;           /* GALLEY_OPT_* */
  /* Called with created=1 right after galley_convert_write creates the
   * temporary file of an output, and with created=0 once it has been
   * renamed into place or removed; a program that can be interrupted
   * removes the files it was told of from its signal handler. May be NULL. */
  void (*temp_hook)(void *ctx, const char *tmp_path, int created);
  void *temp_hook_ctx;
  int *out_pages;           /* if not NULL, the number of PDF pages written */
  void (*on_page)(void *ctx, int page); /* see galley_write_options */
  void *on_page_ctx;
  const galley_sink *layout_dump; /* see galley_write_options */
  galley_page_map *out_page_map;  /* see galley_write_options (PDF) */
  const galley_page_map *page_map; /* see galley_write_options (EPUB) */
} galley_convert_options;

/* Zeroes `opts`, sets its struct_size and source_date_epoch -1 (now). */
GALLEY_EXPORT void galley_convert_options_init(galley_convert_options *opts);

/* Calls `fn` once for every file that writing `edition` of `doc` reads:
 * the input, the style sheet, the fonts (PDF), the images the document
 * names. For dependency files (make, ninja). Paths are borrowed for the
 * call only. Options this library does not know (a larger struct_size)
 * list nothing. */
GALLEY_EXPORT void galley_convert_list_deps(const galley_doc *doc,
                                            const galley_convert_options *opts,
                                            unsigned editions,
                                            void (*fn)(void *ctx, const char *path),
                                            void *ctx);

/* The data directory (fonts/, styles/) a conversion uses when its options
 * name none: $GALLEY_DATADIR when set, else the one galley was installed
 * with (PREFIX/share/galley). The library knows no source tree: a program
 * run uninstalled names its data in the options (as galley's own program
 * does, from its executable's place). Borrowed string. */
GALLEY_EXPORT const char *galley_default_data_dir(void);

/* Reads the input of `opts` with the reader its format names (with
 * GALLEY_FORMAT_AUTO, a name that is not Markdown's whose text is evidently
 * Markdown is read as Markdown, and galley_doc_get_reader_reason says
 * why), applies the
 * metadata overrides, completes the title block and ids, and checks the
 * model. Returns NULL with `err` (file and line named) on failure; caller
 * frees the result with galley_doc_free. */
GALLEY_EXPORT galley_doc *galley_convert_read(const galley_convert_options *opts,
                                              galley_diag *diag,
                                              galley_error *err);

/* Writes `edition` of `doc` to `out_path` ("-": standard output)
 * atomically, loading the style and fonts that `opts` names; a style sheet
 * over GALLEY_MAX_STYLE_BYTES is refused, before it is read, with GALLEY_ERR_DATA. */
GALLEY_EXPORT galley_status galley_convert_write(const galley_doc *doc,
                                                 const galley_convert_options *opts,
                                                 galley_edition edition,
                                                 const char *out_path,
                                                 galley_diag *diag,
                                                 galley_error *err);

/* Lays out the PDF edition of `doc` as galley_convert_write would write
 * it, without drawing or writing it, and fills `out_map` (emptied first)
 * with where its pages begin: for an EPUB with the print edition's page
 * numbers when the PDF itself is not made. The layout's warnings are
 * the PDF's and are not reported. Returns GALLEY_OK, or the PDF writer's
 * error (a style sheet or font that cannot be read, a page size it
 * refuses). */
GALLEY_EXPORT galley_status galley_convert_page_map(const galley_doc *doc,
                                                    const galley_convert_options *opts,
                                                    galley_page_map *out_map,
                                                    galley_error *err);

/* Writes `edition` of `doc` into memory: *out_data (caller frees with
 * free()) and *out_len. For tests and fuzzing. */
GALLEY_EXPORT galley_status galley_convert_to_memory(const galley_doc *doc,
                                                     const galley_convert_options *opts,
                                                     galley_edition edition,
                                                     char **out_data,
                                                     size_t *out_len,
                                                     galley_diag *diag,
                                                     galley_error *err);

#ifdef __cplusplus
}
#endif

#endif
