/* galley_model.h: the document model of libgalley's public API.
 *
 * Part of galley.h, which includes it; include galley.h, not this file.
 * It declares the tree that readers build and writers walk: node types,
 * the document and its metadata, building and walking the tree, and the
 * dump that shows how a text was read. Ownership, errors and thread
 * rules are stated per function, as in galley.h.
 */
#ifndef GALLEY_MODEL_H
#define GALLEY_MODEL_H

#ifndef GALLEY_H
#error "include galley.h, which includes galley_model.h"
#endif
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
                                 together on one page; with no child (a
                                 transcriber's bare "[Illustration]")
                                 nothing is set */
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
/* Whether a heading opens a division of a book (a volume, part or
 * chapter, "CHAPTER I", "Глава 2"): print starts it on a new page (the
 * class "chapter"). 0 for other headings and non-headings. */
GALLEY_EXPORT int galley_node_get_division(const galley_node *node);
GALLEY_EXPORT int galley_node_set_division(galley_node *node, int division);
/* Whether a list is a contents list (a book's parts and chapters, with
 * their pages): both editions set it without bullets, flush and ragged
 * (the class "contents"). 0 for other lists and non-lists. */
GALLEY_EXPORT int galley_node_get_list_contents(const galley_node *node);
GALLEY_EXPORT int galley_node_set_list_contents(galley_node *node, int contents);
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

#endif
