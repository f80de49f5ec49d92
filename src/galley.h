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

/* ------------------------------------------------------------------ */
/* The document model                                                  */
/* ------------------------------------------------------------------ */

/* Node types. Block types come first, then inline types. For each the
 * XHTML element the EPUB writer emits and the PDF treatment are named. */
typedef enum {
  GALLEY_NODE_NONE = 0,

  /* Blocks */
  GALLEY_NODE_DOCUMENT,       /* root; <body>; the page sequence */
  GALLEY_NODE_TITLE_BLOCK,    /* title, subtitle, byline, date of the article;
                                 <header class="titleblock">; set on page 1 */
  GALLEY_NODE_TITLE,          /* inlines; <h1 class="title">; display size */
  GALLEY_NODE_SUBTITLE,       /* inlines; <p class="subtitle">; italic, larger */
  GALLEY_NODE_BYLINE,         /* inlines; <p class="byline">; small caps line */
  GALLEY_NODE_DATE,           /* inlines; <p class="byline date">; small line */
  GALLEY_NODE_HEADING,        /* inlines, level 1-6; <h2>..<h6> (level+1,
                                 since h1 is the title); heading face, kept
                                 with what follows */
  GALLEY_NODE_PARAGRAPH,      /* inlines; <p>; justified body text */
  GALLEY_NODE_FIGURE,         /* IMAGE?, CAPTION?, CREDIT?; <figure>; kept
                                 together on one page */
  GALLEY_NODE_CAPTION,        /* inlines; <figcaption>; small text */
  GALLEY_NODE_CREDIT,         /* inlines; <span class="credit"> inside the
                                 figcaption, or <p class="credit"> alone;
                                 small caps, smaller still */
  GALLEY_NODE_BLOCK_QUOTE,    /* blocks; <blockquote>; indented both sides */
  GALLEY_NODE_LIST,           /* ITEMs; <ul>/<ol>; hanging markers */
  GALLEY_NODE_ITEM,           /* blocks; <li> */
  GALLEY_NODE_CODE_BLOCK,     /* literal text; <pre><code>; monospace, no
                                 justification */
  GALLEY_NODE_THEMATIC_BREAK, /* <hr/>; a centred ornament with space */
  GALLEY_NODE_TABLE,          /* CAPTION? then TABLE_ROWs (header rows
                                 first); <table> with <caption>, <thead>,
                                 <tbody>; a ruled table at most the text
                                 block wide, header rows repeated on each
                                 page it crosses */
  GALLEY_NODE_TABLE_ROW,      /* TABLE_CELLs; <tr>; a header row when
                                 galley_node_get_row_header says so */
  GALLEY_NODE_TABLE_CELL,     /* inlines, alignment; <th scope="col"> in a
                                 header row, else <td>; wrapped in its
                                 column */
  GALLEY_NODE_FOOTNOTE,       /* blocks, note number; only as a child of the
                                 DOCUMENT, after every other block, one per
                                 number in number order; not in the flow:
                                 <aside epub:type="footnote"> after the
                                 section that cites it, in print at the foot
                                 of the page that holds its first reference */

  /* Inlines */
  GALLEY_NODE_TEXT,           /* literal text; escaped text */
  GALLEY_NODE_EMPH,           /* inlines; <em>; italic */
  GALLEY_NODE_STRONG,         /* inlines; <strong>; bold */
  GALLEY_NODE_SMALLCAPS,      /* inlines; <span class="smallcaps">; small caps */
  GALLEY_NODE_DATELINE,       /* inlines; <span class="dateline">; small caps;
                                 the place (and date) opening a lede */
  GALLEY_NODE_LINK,           /* inlines, url, title; <a href>; link annotation */
  GALLEY_NODE_IMAGE,          /* url (path), title; alt text is its inline
                                 children; <img>; drawn at column width */
  GALLEY_NODE_CODE,           /* literal text; <code>; monospace */
  GALLEY_NODE_LINEBREAK,      /* <br/>; forced line break */
  GALLEY_NODE_DELETE,         /* inlines; <del>; struck through */
  GALLEY_NODE_FOOTNOTE_REF,   /* note number; the FOOTNOTE of that number
                                 (galley_doc_find_footnote); <a
                                 epub:type="noteref">; a superior figure */

  GALLEY_NODE_FIRST_BLOCK = GALLEY_NODE_DOCUMENT,
  GALLEY_NODE_LAST_BLOCK = GALLEY_NODE_FOOTNOTE,
  GALLEY_NODE_FIRST_INLINE = GALLEY_NODE_TEXT,
  GALLEY_NODE_LAST_INLINE = GALLEY_NODE_FOOTNOTE_REF
} galley_node_type;

typedef struct galley_node galley_node;
typedef struct galley_doc galley_doc;
typedef struct galley_meta galley_meta;

/* Returns a new detached node of `type`; caller frees with galley_node_free
 * unless it is appended to a tree, which then owns it. */
GALLEY_EXPORT galley_node *galley_node_new(galley_node_type type);
/* Unlinks `node` and frees it with its whole subtree. NULL is accepted. */
GALLEY_EXPORT void galley_node_free(galley_node *node);
/* Detaches `node` from its parent and siblings without freeing it; the
 * caller owns it afterwards. */
GALLEY_EXPORT void galley_node_unlink(galley_node *node);
/* Appends `child` (detached) as the last child of `node`. Returns 1 on
 * success, 0 (and changes nothing) if `node` may not contain a `child` of
 * that type (see galley_node_can_contain). */
GALLEY_EXPORT int galley_node_append_child(galley_node *node, galley_node *child);
/* Inserts `node` (detached) just before `sibling`, under the same parent.
 * Returns 1 on success, 0 (and changes nothing) when `sibling` has no
 * parent or the parent may not contain `node`. */
GALLEY_EXPORT int galley_node_insert_before(galley_node *sibling,
                                            galley_node *node);
/* Whether a node of type `parent` may hold a child of type `child`: blocks
 * hold blocks, inline containers hold inlines, etc. */
GALLEY_EXPORT int galley_node_can_contain(galley_node_type parent,
                                          galley_node_type child);

/* Tree accessors: borrowed pointers, NULL when absent or `node` is NULL. */
GALLEY_EXPORT galley_node_type galley_node_get_type(const galley_node *node);
GALLEY_EXPORT const char *galley_node_get_type_name(galley_node_type type);
GALLEY_EXPORT galley_node *galley_node_parent(const galley_node *node);
GALLEY_EXPORT galley_node *galley_node_first_child(const galley_node *node);
GALLEY_EXPORT galley_node *galley_node_last_child(const galley_node *node);
GALLEY_EXPORT galley_node *galley_node_next(const galley_node *node);
GALLEY_EXPORT galley_node *galley_node_previous(const galley_node *node);
GALLEY_EXPORT int galley_node_is_block(const galley_node *node);
GALLEY_EXPORT int galley_node_is_inline(const galley_node *node);

/* Literal text of TEXT, CODE and CODE_BLOCK nodes: valid UTF-8 without
 * NUL; borrowed, valid until the node is freed or the literal set again.
 * *out_len (may be NULL) receives its byte length. NULL for other types. */
GALLEY_EXPORT const char *galley_node_get_literal(const galley_node *node,
                                                  size_t *out_len);
/* Copies `len` bytes of `text` in as the literal. Returns 0 if the node
 * type has no literal. The bytes must already be valid UTF-8. */
GALLEY_EXPORT int galley_node_set_literal(galley_node *node, const char *text,
                                          size_t len);
/* URL of LINK and IMAGE; title of LINK and IMAGE; info string of CODE_BLOCK.
 * Borrowed; setters copy. */
GALLEY_EXPORT const char *galley_node_get_url(const galley_node *node);
GALLEY_EXPORT int galley_node_set_url(galley_node *node, const char *url);
GALLEY_EXPORT const char *galley_node_get_title(const galley_node *node);
GALLEY_EXPORT int galley_node_set_title(galley_node *node, const char *title);
/* Heading level 1..6 (1 = a top-level section). 0 for non-headings. */
GALLEY_EXPORT int galley_node_get_level(const galley_node *node);
GALLEY_EXPORT int galley_node_set_level(galley_node *node, int level);
/* Lists: ordered or bullet, start number, tight (no space between items). */
GALLEY_EXPORT int galley_node_get_list_ordered(const galley_node *node);
GALLEY_EXPORT int galley_node_get_list_start(const galley_node *node);
GALLEY_EXPORT int galley_node_get_list_tight(const galley_node *node);
GALLEY_EXPORT int galley_node_set_list(galley_node *node, int ordered, int start,
                                       int tight);
/* How an ordered list counts: the numbering style of its markers. */
typedef enum {
  GALLEY_LIST_DECIMAL = 0, /* 1 2 3; <ol>; type="1" */
  GALLEY_LIST_LOWER_ALPHA, /* a b c; <ol type="a"> */
  GALLEY_LIST_UPPER_ALPHA, /* A B C; <ol type="A"> */
  GALLEY_LIST_LOWER_ROMAN, /* i ii iii; <ol type="i"> */
  GALLEY_LIST_UPPER_ROMAN  /* I II III; <ol type="I"> */
} galley_list_style;

/* What surrounds an ordered list's number. Only the period is a list
 * style XHTML can say; lists with other delimiters, or with item markers
 * as written (below), are written with their markers as text. */
typedef enum {
  GALLEY_LIST_PERIOD = 0, /* "1." */
  GALLEY_LIST_PAREN,      /* "1)" */
  GALLEY_LIST_PARENS      /* "(1)" */
} galley_list_delim;

/* An ordered list's numbering style and delimiter (GALLEY_LIST_DECIMAL and
 * GALLEY_LIST_PERIOD for other nodes and by default). The setter returns 0
 * (changing nothing) when `node` is not a LIST or a value is out of range. */
GALLEY_EXPORT galley_list_style galley_node_get_list_style(const galley_node *node);
GALLEY_EXPORT galley_list_delim galley_node_get_list_delim(const galley_node *node);
GALLEY_EXPORT int galley_node_set_list_numbering(galley_node *node,
                                                 galley_list_style style,
                                                 galley_list_delim delim);
/* An ITEM's marker as the text wrote it ("2a.", "(iv)"), kept when the
 * list's style, delimiter and start cannot produce it: an irregular
 * sequence (1, 2, 2a, 4) is never renumbered. NULL when the list's
 * numbering says it. Borrowed; the setter copies (NULL clears) and
 * returns 0 when `node` is not an ITEM. */
GALLEY_EXPORT const char *galley_node_get_item_marker(const galley_node *node);
GALLEY_EXPORT int galley_node_set_item_marker(galley_node *node, const char *marker);
/* The marker an item of an ordered `list` shows when it is the item
 * numbered `number` (the list's start for its first item, one more for
 * each next): "(c)", "iv.", "3)", written NUL-terminated into `out` of
 * `cap` bytes (24 is always enough). Numbers outside 1..3999 are written
 * in decimal whatever the style. Writers call it for items without their
 * own marker. */
GALLEY_EXPORT void galley_list_format_marker(const galley_node *list, int number,
                                             char *out, size_t cap);
/* Whether an ordered list's markers are all what XHTML's <ol type start>
 * shows: the period delimiter and no item marker of its own. */
GALLEY_EXPORT int galley_list_is_expressible(const galley_node *list);
/* A list item's task box: none (an ordinary item), open or done
 * ("- [ ]", "- [x]"). The setter returns 0 when `node` is not an ITEM. */
typedef enum {
  GALLEY_TASK_NONE = 0,
  GALLEY_TASK_OPEN,
  GALLEY_TASK_DONE
} galley_task;
GALLEY_EXPORT galley_task galley_node_get_task(const galley_node *node);
GALLEY_EXPORT int galley_node_set_task(galley_node *node, galley_task task);
/* A TABLE_CELL's horizontal alignment (its column's, as the source said);
 * NONE leaves it to the style (start of line). */
typedef enum {
  GALLEY_ALIGN_NONE = 0,
  GALLEY_ALIGN_LEFT,
  GALLEY_ALIGN_CENTER,
  GALLEY_ALIGN_RIGHT
} galley_align;
GALLEY_EXPORT galley_align galley_node_get_align(const galley_node *node);
GALLEY_EXPORT int galley_node_set_align(galley_node *node, galley_align align);
/* Whether a TABLE_ROW is a header row (0 for other nodes). Header rows
 * come before the body rows of their table. */
GALLEY_EXPORT int galley_node_get_row_header(const galley_node *node);
GALLEY_EXPORT int galley_node_set_row_header(galley_node *node, int header);
/* The note number of a FOOTNOTE or FOOTNOTE_REF: 1, 2, 3... in order of
 * first reference; 0 for other nodes. The setter returns 0 when `node` is
 * neither or `number` < 1. */
GALLEY_EXPORT int galley_node_get_note_number(const galley_node *node);
GALLEY_EXPORT int galley_node_set_note_number(galley_node *node, int number);
/* Anchor id (for headings): an XML name, unique in the document, assigned
 * by galley_doc_assign_ids. Borrowed; NULL when none. */
GALLEY_EXPORT const char *galley_node_get_id(const galley_node *node);
GALLEY_EXPORT void galley_node_set_id(galley_node *node, const char *id);
/* Source position, 1-based; 0 when the node was not read from a source. */
GALLEY_EXPORT int galley_node_get_line(const galley_node *node);
GALLEY_EXPORT void galley_node_set_line(galley_node *node, int line);
/* The reader rule that decided this block (a static string such as
 * "short-line-without-terminal-punctuation"), or NULL. Not copied: `rule`
 * must be a string literal or otherwise outlive the node. */
GALLEY_EXPORT const char *galley_node_get_rule(const galley_node *node);
GALLEY_EXPORT void galley_node_set_rule(galley_node *node, const char *rule);

/* Convenience: appends a TEXT node holding `len` bytes of `text` to the
 * inline container `node`, merging with a preceding TEXT sibling. Returns
 * the text node, or NULL if `node` may not hold text. */
GALLEY_EXPORT galley_node *galley_node_append_text(galley_node *node,
                                                   const char *text, size_t len);

/* Writes the plain text of `node`'s inline content (TEXT and CODE
 * literals, a space for LINEBREAK) into a new NUL-terminated string, which
 * the caller frees with free(). Never NULL. */
GALLEY_EXPORT char *galley_node_get_plain_text(const galley_node *node);

/* Iterator: visits every node of a subtree in document order, reporting
 * containers twice (ENTER, then EXIT) and leaves once (ENTER). */
typedef enum {
  GALLEY_EVENT_NONE = 0,
  GALLEY_EVENT_DONE,
  GALLEY_EVENT_ENTER,
  GALLEY_EVENT_EXIT
} galley_event_type;

typedef struct galley_iter galley_iter;
/* Returns an iterator over the subtree at `root` (borrowed; the tree must
 * not change while iterating); caller frees with galley_iter_free. */
GALLEY_EXPORT galley_iter *galley_iter_new(galley_node *root);
GALLEY_EXPORT void galley_iter_free(galley_iter *iter);
/* Advances and returns the event; GALLEY_EVENT_DONE at the end. */
GALLEY_EXPORT galley_event_type galley_iter_next(galley_iter *iter);
/* The node of the current event (borrowed). */
GALLEY_EXPORT galley_node *galley_iter_get_node(const galley_iter *iter);
/* Whether `type` has children that the iterator enters and exits. */
GALLEY_EXPORT int galley_node_type_is_leaf(galley_node_type type);
/* Whether a block of `type` holds inline text itself (title block lines,
 * headings, paragraphs, captions, credits, table cells), rather than
 * blocks, rows or a literal: the blocks whose text is set, smartened and
 * written as runs. 0 for inline types and GALLEY_NODE_NONE. */
GALLEY_EXPORT int galley_node_type_holds_inlines(galley_node_type type);

/* Metadata: an ordered multimap of keys to UTF-8 values. Known keys:
 * title, subtitle, author (repeatable), date, language, publisher, rights,
 * description, subject, keywords, identifier, source, cover. */
/* Replaces every value of `key` with `value` (copied). */
GALLEY_EXPORT void galley_meta_set(galley_meta *meta, const char *key,
                                   const char *value);
/* Appends another value for `key` (copied). */
GALLEY_EXPORT void galley_meta_add(galley_meta *meta, const char *key,
                                   const char *value);
/* Removes every value of `key`. */
GALLEY_EXPORT void galley_meta_remove(galley_meta *meta, const char *key);
/* The first value of `key`, or NULL. Borrowed; valid until changed. */
GALLEY_EXPORT const char *galley_meta_get(const galley_meta *meta,
                                          const char *key);
/* The number of values of `key`, and the i-th of them (NULL if out of range). */
GALLEY_EXPORT int galley_meta_get_count(const galley_meta *meta, const char *key);
GALLEY_EXPORT const char *galley_meta_get_nth(const galley_meta *meta,
                                              const char *key, int i);
/* The input line the first value of `key` was read from (front matter,
 * a `Key: value` block), or 0 when unknown or set by a program. */
GALLEY_EXPORT int galley_meta_get_line(const galley_meta *meta, const char *key);
/* Records that the entry written last (by galley_meta_add or _set, or
 * through galley_doc_apply_meta) was read from input line `line`, so that
 * a writer refusing the value (a cover image) can name the line. */
GALLEY_EXPORT void galley_meta_set_last_line(galley_meta *meta, int line);
/* Total number of entries, and the i-th entry's key and value. The i-th
 * is found at once when no value has been removed or replaced since the
 * metadata last closed up its gaps, and the last entry always; otherwise
 * finding it counts past the gaps before it. */
GALLEY_EXPORT int galley_meta_get_size(const galley_meta *meta);
GALLEY_EXPORT const char *galley_meta_get_entry(const galley_meta *meta, int i,
                                                const char **out_value);

/* Returns a new document with an empty DOCUMENT root and no metadata;
 * caller frees with galley_doc_free. */
GALLEY_EXPORT galley_doc *galley_doc_new(void);
/* Frees the document, its tree and metadata. NULL is accepted. */
GALLEY_EXPORT void galley_doc_free(galley_doc *doc);
/* The DOCUMENT root (borrowed; owned by the document). */
GALLEY_EXPORT galley_node *galley_doc_get_root(const galley_doc *doc);
/* The metadata (borrowed; owned by the document). */
GALLEY_EXPORT galley_meta *galley_doc_get_meta(const galley_doc *doc);
/* Gives every heading (and any node a writer may link to) a unique id
 * derived from its text ("risks-facing-kazakhstan"). Idempotent. */
GALLEY_EXPORT void galley_doc_assign_ids(galley_doc *doc);
/* Checks the tree's invariants (containment, levels, valid UTF-8 in
 * literals, parent/sibling links). Returns 1 when sound; otherwise 0 and a
 * description in `err`. */
GALLEY_EXPORT int galley_doc_check(const galley_doc *doc, galley_error *err);
/* Sets typographic punctuation in the displayed text of `doc`, by its
 * `language` metadata (guessed from the script and common words when
 * absent; a paragraph plainly in another language keeps that language's
 * marks): straight quotes become the language's quotes (“…” ‘…’ English,
 * «…» „…“ Russian and Kazakh, „…“ ‚…‘ German, «…» “…” French, whose typed
 * spaces inside guillemets and before ; ! ? : become no-break spaces),
 * primes or apostrophes, "--" and "---" its dashes (between digits an en
 * dash; a space before a dash becomes a no-break space), "..." an
 * ellipsis. A quote is paired across the inline nodes of its block. Code, link targets, autolinks and words that are URLs, e-mail
 * addresses or paths are left alone, as are characters already
 * typographic. The metadata's title, subtitle, authors and description
 * are set the same way. No character other than these punctuation marks
 * and the spaces beside them changes. galley_convert_read calls it unless
 * GALLEY_OPT_NO_SMART is set. NULL is accepted. */
GALLEY_EXPORT void galley_doc_smarten(galley_doc *doc);
/* The language of a text that declares none, guessed from the script of
 * its letters (the script of most letters decides): Cyrillic is Kazakh
 * with ә ғ қ ң ө ұ ү һ, Ukrainian with є ї ґ (or і without ы э ъ),
 * Belarusian with ў, Serbian with ђ ћ џ љ њ, else Russian; Arabic script
 * is Urdu with ے ٹ ڈ ڑ, Persian with پ چ ژ گ, else Arabic; Greek,
 * Armenian, Georgian and Hebrew are their languages. Latin script is left
 * to the declared or default language (NULL), except Kazakh's Latin ǵ and
 * ı. Returns a static BCP 47 tag or NULL; *out_rule (may be NULL) is set
 * to a static phrase saying which letters decided, NULL with NULL. Looks
 * at the first 64 KB. */
GALLEY_EXPORT const char *galley_guess_language(const char *text, size_t len,
                                                const char **out_rule);
/* When the metadata names no language: guesses it from the letters of the
 * document's text (not its code), as galley_guess_language, and sets the
 * `language` metadata to it. Returns the tag set (static), or NULL when
 * the metadata named one or the letters do not tell. Both readers call it
 * (the plain-text reader through galley_guess_language on its text). */
GALLEY_EXPORT const char *galley_doc_guess_language(galley_doc *doc);
/* Sets the `language` metadata to a guessed `tag` and records `rule`
 * (static, as galley_guess_language gives) as the reason; NULL tag does
 * nothing. Setting the language again through galley_doc_apply_meta
 * forgets the reason. */
GALLEY_EXPORT void galley_doc_set_guessed_language(galley_doc *doc, const char *tag,
                                                   const char *rule);
/* Why the `language` metadata was guessed ("Cyrillic letters with
 * Kazakh ә ғ қ ң ө ұ ү һ"; --dump shows it as "meta language guessed:
 * ..."), NULL when it was declared or is absent. Static string. */
GALLEY_EXPORT const char *galley_doc_get_language_rule(const galley_doc *doc);
/* Whether a BCP 47 tag names a language written right to left: Arabic,
 * Persian, Urdu, Hebrew, Yiddish, Pashto, Sindhi, Uyghur, Dhivehi, Sorani
 * Kurdish, Syriac, Kashmiri; a script subtag decides when present
 * ("az-Arab" yes, "ar-Latn" no). 0 for NULL. */
GALLEY_EXPORT int galley_language_is_rtl(const char *tag);
/* Which reader read the document ("text" or "markdown"; NULL when no
 * reader recorded it) and, when the reader was not simply the one the
 * file name or the caller named, why: "detected: 4 ATX headings, 6 links"
 * for a .txt file read as Markdown, "format given; Markdown evidence: ..."
 * for Markdown-looking text read as plain text because the caller said so.
 * The reason is NULL otherwise; --dump shows it on its first line. Both
 * borrowed, valid until the document is freed or they are set again. */
GALLEY_EXPORT const char *galley_doc_get_reader(const galley_doc *doc);
GALLEY_EXPORT const char *galley_doc_get_reader_reason(const galley_doc *doc);
/* Records the reader and the reason (either may be NULL); copies both. */
GALLEY_EXPORT void galley_doc_set_reader(galley_doc *doc, const char *reader,
                                         const char *reason);
/* The FOOTNOTE numbered `number` (borrowed), or NULL. */
GALLEY_EXPORT galley_node *galley_doc_find_footnote(const galley_doc *doc,
                                                    int number);
/* Number of HEADING nodes in the document. */
GALLEY_EXPORT int galley_doc_get_heading_count(const galley_doc *doc);

/* Writes the model as text, one block a line (type, source line, rule,
 * start of text), metadata first, and before it a line "reader NAME
 * (REASON)" when the document has a reader reason. Returns a NUL-terminated string the
 * caller frees with free(). `text_width` is how many characters of each
 * block's text are shown (0: 40). Nested blocks are indented two spaces
 * a level, 32 levels at most; a deeper block also shows "[depth N]". */
GALLEY_EXPORT char *galley_doc_dump(const galley_doc *doc, int text_width);
/* Receives one line of the dump (`len` bytes ending in '\n', not
 * NUL-terminated, borrowed until the call returns). */
typedef void (*galley_dump_sink)(void *arg, const char *line, size_t len);
/* The same dump, handed to `sink` a line at a time with `arg`, so it is
 * never held whole. Does nothing when `doc` or `sink` is NULL. */
GALLEY_EXPORT void galley_doc_dump_each(const galley_doc *doc, int text_width,
                                        galley_dump_sink sink, void *arg);

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
  /* Threads the PDF writer may use to lay out paragraphs; 0: the
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
 * FcConfigSetCurrent, and start faster, as galley's own program does). */
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
