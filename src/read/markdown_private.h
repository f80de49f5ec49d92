/* markdown_private.h: what the files of the Markdown reader (markdown*.c)
 * share: the reader's state and the md_ functions one file gives another.
 * Each function's comment is at its definition. Not installed, and
 * included by nothing outside src/read/markdown*.c. */
#ifndef GALLEY_READ_MARKDOWN_PRIVATE_H
#define GALLEY_READ_MARKDOWN_PRIVATE_H

#include <cmark-gfm.h>
#include <stddef.h>
#include <stdint.h>

#include "../galley.h"
#include "../util/buf.h"

/* A footnote label as typed: bytes of the source (borrowed). */
typedef struct note_label {
  const char *ptr;
  size_t len;
} note_label;

/* The reader's state, passed first to every function. */
typedef struct md_reader {
  galley_doc *doc;             /* borrowed: the document being built */
  galley_diag *diag;           /* borrowed; may be NULL */
  unsigned flags;              /* GALLEY_OPT_* */
  int line_offset;             /* lines before cmark's line 1 (front matter) */
  int last_line;               /* last source line seen, for nodes cmark
                                  gives no position (soft breaks) */
  galley_node *cur;            /* borrowed: the node receiving children */
  galley_node *notes;          /* owned: a detached DOCUMENT holding the
                                  FOOTNOTEs read, in number order, until the
                                  body's own rules have run */
  int note_count;              /* FOOTNOTEs read so far */
  galley_node *orphans;        /* owned: a detached DOCUMENT holding, as
                                  FOOTNOTEs numbered 0, the blocks of the
                                  notes nothing cites, until they are put
                                  where they stand */
  const note_label **note_labels; /* owned by md_read_orphan_notes while it
                                  reads them: the label of each of its
                                  parse's note numbers (1..count), or NULL */
  int note_label_count;
  char **note_names;           /* owned, each entry too: the label of each
                                  note cmark-gfm kept, by its number
                                  (1..count), or NULL (md_read_note_names) */
  int note_name_count;
  const uint8_t *aligns;       /* borrowed from cmark's current table: its
                                  columns' alignments ('l', 'c', 'r', 0) */
  int columns;                 /* the current table's column count */
  int cell;                    /* the next cell's column in the current row */
  cmark_node *title_heading;   /* borrowed: the `#` heading that is the
                                  title and is not kept as a heading */
  int title_from_heading;      /* 1 when its text (or the opening line's,
                                  title_line_para) became the metadata title */
  int title_line;              /* its line */
  cmark_node *tagline;         /* borrowed: the paragraph under the title
                                  that became the subtitle, or NULL */
  int tagline_line;            /* its line */
  cmark_node *title_line_para; /* borrowed: the opening line that became
                                  the title (first-line-as-title), or NULL */
  int title_from_line;         /* 1 when title_line_para was taken (the
                                  pointers above are only compared, and a
                                  text read in parts frees the part that
                                  holds them) */
  int has_tagline;             /* 1 when a tagline was taken */
  int level_shift;             /* subtracted from heading levels, 0..5 */
  int dropped_inline;          /* 1 right after an inline was dropped, so
                                  the spaces around it are not doubled */
  galley_buf scratch;          /* owned: cleaned literals */
} md_reader;

/* markdown.c: the parser and the helpers every pass shares */
galley_doc *md_read_markdown(const char *text, size_t len, char *owned,
                             const galley_read_options *opts,
                             galley_diag *diag, galley_error *err, size_t part,
                             int *parts_read);
cmark_mem *md_get_allocator(void);
cmark_node *md_parse(const char *s, size_t len);
int md_node_line(md_reader *r, cmark_node *cn);
const char *md_clean_literal(md_reader *r, const char *s, size_t len, int line);
int md_is_ascii_space(char c);
void md_trim_span(const char **s, size_t *len);
int md_append(md_reader *r, galley_node *g);
void md_append_text(md_reader *r, const char *s, size_t len, int line);
galley_node **md_block_holders(galley_doc *doc, size_t *out_count);
/* The length of the line at body[at..len), without its end, and where
 * the next begins: lines as cmark numbers them, ended by a line feed, a
 * carriage return, or both. */
size_t md_line_length(const char *body, size_t len, size_t at);
size_t md_next_line(const char *body, size_t len, size_t at);

/* What md_decide_title needs of the headings of the whole document. */
typedef struct md_headings {
  int h1_count; /* level-1 headings, counted to 2 */
  int top;      /* the highest level (smallest number) of the headings
                   other than the document's first block; 7 when none */
} md_headings;

/* markdown_chunk.c: where a long text may be read in parts */
typedef struct md_parts {
  size_t *ends;        /* owned: where each part ends; the last, the text's */
  int *lines;          /* owned: cmark's lines before each end */
  int count, cap;
  md_headings headings; /* the whole text's, as the scan found them */
} md_parts;
int md_plan_parts(const char *body, size_t len, size_t part, md_parts *plan);
void md_parts_free(md_parts *plan);

/* markdown_title.c: the title and the tagline, before the walk */
void md_count_headings(cmark_node *cdoc, cmark_node *first, md_headings *h);
void md_decide_title(md_reader *r, cmark_node *cdoc, unsigned flags, const md_headings *given);
void md_mark_title(md_reader *r, galley_node_type type, const char *rule, int line);

/* markdown_mend.c: cmark's inlines mended before the walk */
cmark_node *md_new_text(const char *s, size_t len);
void md_mend_inlines(cmark_node *cdoc);
int md_is_mended(cmark_node *n);

/* markdown_table.c: table rows longer than their header, before the walk */
void md_keep_long_rows(md_reader *r, cmark_node *cdoc, const char *body, size_t len);

/* markdown_notes.c: footnotes, before and after the walk */
void md_read_orphan_notes(md_reader *r, const char *body, size_t len, cmark_node *cdoc);
void md_place_orphan_notes(md_reader *r);
void md_read_note_names(md_reader *r, cmark_node *cdoc, const char *body, size_t len);
void md_renumber_notes(md_reader *r);

/* markdown_walk.c: the walk over cmark's tree */
int md_is_extension(cmark_node *cn, const char *name);
void md_enter(md_reader *r, cmark_iter *it, cmark_node *cn);
void md_leave(md_reader *r, cmark_node *cn);

/* markdown_foreign.c: raw HTML and other Markdowns, kept as text */
void md_read_html_block(md_reader *r, cmark_node *cn, int line);
void md_read_html_inline(md_reader *r, cmark_node *cn, int line);
void md_warn_foreign_inlines(md_reader *r, const char *s, size_t len, int line);
void md_check_foreign_block(md_reader *r, galley_node *g);
void md_check_paragraph_lines(md_reader *r, cmark_node *para, int line);

/* markdown_enum.c: paragraphs that are lists, after the walk */
void md_enumerated_paragraphs_as_lists(galley_doc *doc);
void md_lone_enumerators_as_items(galley_doc *doc);

/* markdown_article.c: an article's parts, after the walk */
void md_join_sentences_across_blank_lines(galley_doc *doc);
void md_italic_standfirst_as_subtitle(md_reader *r);
void md_header_lines(md_reader *r);
void md_dateline_lede(galley_doc *doc);
void md_bold_paragraphs_as_headings(galley_doc *doc);
void md_closing_signature_as_byline(galley_doc *doc);
void md_transcript_time_lines(galley_doc *doc);

#endif
