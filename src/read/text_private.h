/* text_private.h: what the files of the plain-text reader share: the
 * reader's state (its lines, its units and what was decided about them),
 * the constants more than one file uses, and the functions one file
 * defines for another. Nothing outside src/read/text*.c includes it; the
 * reader's public face is galley_read_text in galley.h. */
#ifndef GALLEY_READ_TEXT_PRIVATE_H
#define GALLEY_READ_TEXT_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "../galley.h"
#include "../util/buf.h"
#include "text_rules.h"

/* The pull-quote searches scan at most this many times the text's bytes
 * in all, so that a text of many quoted lines stays linear. */
#define PULL_QUOTE_SEARCH_FACTOR 8

/* Line lengths are counted no further than this (enough for every
 * decision; keeps the counting of a 20 MB line bounded). */
#define CHARS_CAP 2000
/* Columns of indentation that still count as the same level (hand-typed
 * lists wobble: "9." and "10." set their text one column apart). */
#define LIST_INDENT_SLACK 1
/* The header area (headline, standfirst, bylines, date lines, credits)
 * spans at most this many units at the top. */
#define HEADER_MAX_UNITS 10

/* ------------------------------------------------------------------ */
/* Reader state                                                        */
/* ------------------------------------------------------------------ */

typedef struct text_line {
  size_t off;  /* byte offset in clean of the first non-space byte */
  size_t len;  /* bytes to the last non-space byte; 0 for a blank line */
  int indent;  /* columns of leading white space (tab: to a multiple of 4) */
  int chars;   /* characters of the trimmed line, at most CHARS_CAP */
  int lettered; /* opens a lettered clause ("B. List ...", see
                   text_mark_lettered_clauses), though "B." reads as an initial */
  int framed;   /* a heading framed by marks, now its text alone
                   (text_unframe_headings): the marks on its left, else 0 */
} text_line;   /* line i of r->lines is source line i + 1 (line_number) */

/* What a unit became. */
typedef enum {
  K_PARAGRAPH = 0,
  K_TITLE,
  K_SUBTITLE,
  K_BYLINE_TOP, /* a byline in the title block */
  K_BYLINE,     /* a byline in the body */
  K_DATE,
  K_HEADING,
  K_CAPTION,    /* a figure with caption and credit */
  K_CREDIT,     /* a figure with a credit only */
  K_BREAK,
  K_ITEM,
  K_QUOTE,
  K_OMIT /* a box's edge: no block of its own */
} unit_kind;

/* Heading conventions, for levels. */
typedef enum {
  STYLE_NONE = 0,
  STYLE_VOLUME,
  STYLE_PART,
  STYLE_CHAPTER,
  STYLE_SECTION,
  STYLE_SETEXT_EQ,
  STYLE_SETEXT_DASH,
  STYLE_SETEXT_TILDE, /* "~" underlines, a level below "-" as in reStructuredText */
  STYLE_CAPS,
  STYLE_NUMBERED, /* "2.1. Grants": the level from the number's depth */
  STYLE_SHORT,
  STYLE_CENTRED, /* a line centred by hand with tabs or spaces */
  STYLE_BOXED,   /* lines boxed between two rows of asterisks, or a line
                    framed by marks (text_unframe_headings) */
  STYLE_FRAMED_INNER, /* a line framed by more marks than the text's
                         fewest ("=== Closure ===" under "== History ==") */
  STYLE_COUNT
} heading_style;

/* Fields of an edition's notice that name a person of the book, kept. */
#define NOTICE_PEOPLE_MAX 4

typedef enum { ITEM_NONE = 0, ITEM_BULLET, ITEM_NUMBERED, ITEM_CONTENTS } item_type;

typedef struct text_unit {
  size_t off, len;     /* normalised text in r->norm */
  int first, last;     /* indexes of its first and last line in r->lines */
  int line;            /* source line of the first line */
  int indent;          /* smallest indentation of its lines */
  int blank_before;    /* a blank line (or the start) precedes it */
  int setext;          /* '=', '-' or '~' when underlined, else 0 */
  int brk;             /* a thematic break line */
  int quote;           /* set off by indentation */
  int opened_item;     /* its first line opens a list item */
  int definition;      /* the definition under a numbered term */
  int section_depth;   /* groups of its section number ("2.1." 2), or 0 */
  item_type item;      /* list item marker */
  int item_strong;     /* a dedicated bullet character */
  int32_t marker;      /* the bullet character, or '.'/')' for numbers */
  size_t marker_len;   /* bytes of marker and spaces */
  text_enum en;        /* numbered item's enumerator */
  int chars;           /* characters, at most CHARS_CAP */
  int shaped;          /* text_is_heading_shaped */
  int terminal;        /* text_has_terminal_punctuation */
  unit_kind kind;      /* decided */
  const char *rule;    /* static; the rule that decided it */
  heading_style style; /* for K_HEADING */
  size_t split;        /* K_CAPTION: credit offset; paragraph: dateline length */
  size_t cap_off, cap_len; /* K_CAPTION: the caption within the text, when
                              cap_len > 0 (a transcriber's marker round it) */
  int dateline;        /* the paragraph opens with a dateline */
  int header;          /* decided by the header area (text_header_area) */
  char iso[11];        /* K_DATE: the date as YYYY-MM-DD, or "" */
  int box_line;        /* a further line of a boxed heading */
  size_t br_len;       /* a line of verse ending in <br>: its text's length */
  int keep_lines;      /* its lines are kept, a line break between them
                          (verse; a chapter number over its title) */
  int notice;          /* a copyright notice (text_copyright_notice_goes_on) */
  int literal;         /* a literal block after "::" (literal_block_end):
                          its lines are set as code, as typed */
  text_chapter_kind chapter; /* its first line is a chapter line */
  int roman;           /* it is a Roman numeral alone (a chapter number) */
  int quoted;          /* part of a quoted document (text_mark_quoted_documents) */
  int standalone_credit; /* text_is_standalone_credit (text_mark_credits) */
  int caption_label;     /* under a caption's label alone ("Image caption,"):
                            that caption's text (text_classify) */
  int caption_credit;  /* text_has_caption_credit, the credit at credit_off */
  size_t credit_off;
  int caption;         /* a photo's caption line, without a credit: 1
                          over a quoted document, 2 beside a section
                          heading (text_mark_section_captions) */
  int number_alone;    /* its first line is a section number alone, its
                          text from this line on (a line index), else 0 */
  int column_head;     /* the head of a list's page column ("PAGE") */
  int dialogue;        /* a turn of dialogue opening with a dash, not a
                          list item (text_is_dialogue_turn) */
} text_unit;

typedef struct text_reader {
  const galley_read_options *opts; /* borrowed; may be NULL */
  galley_diag *diag;               /* borrowed; may be NULL */
  galley_doc *doc;                 /* the result, owned until returned */
  galley_buf clean;                /* owned: the decoded input */
  text_line *lines;                /* owned array */
  int nlines, lines_cap;
  int body;                        /* index of the first line after metadata */
  galley_buf norm;                 /* owned: normalised unit texts */
  text_unit *units;                /* owned array */
  int nunits, units_cap;
  int join;                        /* lines of a block are joined (wrapped) */
  int dense;                       /* wrapped with no blank line between
                                      paragraphs (text_build_units) */
  int wrap_chars;                  /* typical full line of wrapped text */
  int wrap_max;                    /* the measure it was wrapped to: the
                                      longest lines but a stray few */
  int base_indent;                 /* indentation of body text */
  int indent_paragraphs;           /* paragraphs start with an indented line */
  int para_indent;                 /* with it, the first lines' usual indentation */
  /* Where the title block's pieces came from, for their rule and line. */
  const char *title_rule;
  int title_line;
  const char *subtitle_rule;
  int subtitle_line;
  const char *date_rule;
  int date_line;
  const char *date_text;           /* borrowed from norm: a date line's words */
  size_t date_text_len;
  int meta_block_line;             /* first line of the metadata block, or 0 */
  char header_iso[11];             /* the header area's date, YYYY-MM-DD, or "" */
  size_t signing_off, signing_len; /* names of a byline signing the article
                                      at its end, in norm; len 0: none */
  int act_date_from;               /* the first unit of an act's place and date
                                      under its closing signature, or 0 */
  int book;                        /* divided by chapter lines: a book */
  int chapter_seen;                /* text_classify has passed a chapter heading */
  int authors_given;               /* metadata named an author */
  int byline_outside;              /* a header byline stands outside the
                                      title block (text_build_tree) */
  int as_typed;                    /* --no-smart: markers stay as typed */
  size_t search_budget;            /* bytes (or units) the searches across the
                                      text (pull quotes, repeated and name
                                      lines) may still scan */
  int title_page;                  /* unit of the title after an edition's
                                      notice, where the title block
                                      stands; -1 if none */
  int half_title;                  /* the unit of a book's half-title (its name
                                      alone before the frontispiece), or -1 */
  size_t notice_title_off;         /* the notice's title field's value, in
                                      norm (its first line); len 0: none */
  size_t notice_title_len;
  int centred_page_end;            /* last unit of a title page centred
                                      by hand (text_centred_title_page) whose
                                      title is title_page; -1 if none */
  size_t notice_author_off;        /* its author field's names, in clean
                                      (the field's source line) */
  size_t notice_author_len;
  int notice_author_unit;          /* the unit of that field */
  size_t notice_sub_off;           /* the title field's further lines (the
                                      subtitle), in norm; len 0: none */
  size_t notice_sub_len;
  size_t notice_people_off[NOTICE_PEOPLE_MAX]; /* the values of its Author,
                                      Illustrator, Translator and Editor
                                      fields, in norm */
  size_t notice_people_len[NOTICE_PEOPLE_MAX];
  int notice_people;
} text_reader;

static inline const char *unit_text(const text_reader *r, const text_unit *u)
{
  return r->norm.ptr + u->off;
}

/* The 1-based source line of r->lines[i]: text_decode records every line. */
static inline int line_number(int i)
{
  return i + 1;
}

static inline const char *line_text(const text_reader *r, const text_line *l)
{
  return r->clean.ptr + l->off;
}

static inline void set_header(text_unit *u, unit_kind kind, const char *rule)
{
  u->kind = kind;
  u->rule = rule;
  u->header = 1;
}

/* ------------------------------------------------------------------ */
/* Functions shared between the reader's files                         */
/* ------------------------------------------------------------------ */

/* Each is commented where it is defined; grouped by file, in the order
 * of the passes. */

/* text_lines.c */
void text_decode(text_reader *r, const char *text, size_t len);
void text_unframe_boxes(text_reader *r);
void text_unframe_headings(text_reader *r);
void text_unquote_marked_lines(text_reader *r);
int32_t text_to_lower(int32_t cp);
void text_add_authors(text_reader *r, const char *v, size_t len, int commas);
void text_read_metadata(text_reader *r);
int text_starts_lowercase(const char *s, size_t len);
int text_last_byte_is(const text_reader *r, const text_line *l, char c);
void text_mark_lettered_clauses(text_reader *r);
int text_line_enumerator(const text_reader *r, int i, text_enum *out);
int text_line_numbered_item(const text_reader *r, int i, size_t *out_marker_len,
                            int *out_number);
void text_detect_convention(text_reader *r);

/* text_continue.c */
int text_is_quote_indent(const text_reader *r, int indent);
int text_line_opens_item(const text_reader *r, int i);
void text_align_flush_right_items(text_reader *r);
int text_is_item_title_line(const text_reader *r, int i);
int text_word_fits_above(const text_reader *r, int i);
int text_word_fits_measure(const text_reader *r, int i);
int text_is_underline_of(const text_reader *r, int i, const text_unit *cur);
int text_is_overline(const text_reader *r, int i);
int text_opens_contents(const text_reader *r, int i);
int text_opens_paged_list(const text_reader *r, int i);
int text_opens_numbered_contents(const text_reader *r, int i);
int text_continues_entry(const text_reader *r, int i);
int text_starts_with_section_number(const char *s, size_t len);
int text_is_chapter_title_of(const text_reader *r, int i, const text_unit *cur);
int text_continues_verse(const text_reader *r, int i, const text_unit *cur, int short_limit);
int text_continues_across_blank(const text_reader *r, int i, const text_unit *u);
int text_are_centred_lines(const text_reader *r, int a, int b);
int text_copyright_notice_goes_on(const text_reader *r, int i, const text_unit *cur);
int text_continues_field(const text_reader *r, int i, const text_unit *cur);
int text_blank_lines_before(const text_reader *r, int i);

/* text_units.c */
void text_build_units(text_reader *r);
void text_measure_units(text_reader *r);

/* text_headings.c */
int text_unit_is_figure_line(const text_reader *r, const text_unit *u);
int text_next_text_unit(const text_reader *r, int i);
int text_is_body_after(const text_reader *r, int i, int j);
int text_is_name_before_bio(const text_reader *r, int i, int j);
int text_is_end_marker(const text_reader *r, int i);
int text_is_chapter_heading(const text_reader *r, int i);
int text_is_book(const text_reader *r);
int text_is_quote_after_colon(const text_reader *r, int i);
int text_is_short_heading(text_reader *r, int i);
int text_is_heading_after_break(const text_reader *r, int i);
int text_is_byline_unit(const text_reader *r, int i);
int text_is_caps_heading_context(const text_reader *r, int i);
int text_in_centred_group(const text_reader *r, int i);
int text_is_flush_numbered_heading(const text_reader *r, int i);

/* The kicker rule: a label of a few words over a longer headline (the
 * site's section: "Kazakhstan" over "Bridge opens in Astana after two
 * years of work"), page furniture between them or not, with a date line
 * among the few units under the headline (a book's title page has a
 * byline but no date): the label is no title, a paragraph before the
 * title block.
 * + "Kazakhstan" / "Bridge opens in Astana ..." / "Jane Roe in Astana" /
 *   "Mon 4 Mar 2024 10.30 GMT"
 * - "Ulysses" / "A novel in eighteen episodes" / "By James Joyce" */
int text_is_kicker(const text_reader *r, int i);

/* text_kinds.c */
int text_is_under_article_title(const text_reader *r, int i);
int text_is_centred_byline(const text_reader *r, int i);
int text_is_title_line(const text_reader *r, int i);
int text_is_centred_unit(const text_reader *r, int i);
int text_is_address_line(const char *s, size_t len);
int text_is_html_break_verse(const text_reader *r, int i, size_t *out_len);
int text_boxed_heading_end(const text_reader *r, int i);
int text_has_other_setext(const text_reader *r, int c);
int text_closing_signature_start(const text_reader *r, int i);
int text_is_top_kind(unit_kind k);
int text_is_numbered_term_unit(const text_reader *r, int i);
int text_is_numbered_clause(const text_reader *r, int i);
int text_is_section_heading(const text_reader *r, int i, const int *seq, int *out_depth);

/* text_header.c */
int text_count_sentences(const char *s, size_t len, int limit);
int text_words_in_lower_case(const char *s, size_t len, size_t from, const char *t,
                             size_t tl, int capitals_only);
int text_name_in_unit(const text_reader *r, int t, int i);
int text_name_words_in_vocabulary(const text_reader *r, int i, int j, int capitals_only);
int text_is_label_in_field_list(const text_reader *r, int i, size_t name_off);
void text_take_authors(text_reader *r, const char *s, size_t len);
void text_header_area(text_reader *r);

/* text_title_page.c */
int text_is_flush_right_signature(const text_reader *r, int i);
int text_is_signature_date(const text_reader *r, int i);
int text_is_ruled_centred_line(const text_reader *r, int i);
int text_is_centred_author_line(const text_reader *r, int i);
int text_edition_notice(text_reader *r, int *out_start);
int text_is_subtitle_under_title(const text_reader *r, int title, int i);
int text_opens_field_block(const text_reader *r, int i);
int text_centred_title_page(const text_reader *r, int *out_end);
int text_is_title_page_line(const text_reader *r, int i);
int text_is_title_page_table(const text_reader *r, int i);
int text_is_title_page_volume(const text_reader *r, int i);
int text_title_page_group(const text_reader *r, int i);
int text_is_title_page_caps_line(const text_reader *r, int i);
unit_kind text_notice_field_line(const text_reader *r, int i);

/* text_context.c */
heading_style text_chapter_style(text_chapter_kind kind);
int text_is_quote_before_attribution(const text_reader *r, int i);
int text_is_press_signature(const text_reader *r, int i, size_t *out_name_len);
int text_is_signature_line(const text_reader *r, int i, size_t *out_name_off,
                           size_t *out_name_len);
int text_is_pull_quote(text_reader *r, int i);
void text_mark_quoted_documents(text_reader *r);
int text_is_caption_under_headline(const text_reader *r, int i);
int text_is_chapter_argument(const text_reader *r, int i);
int text_repeats_next_line(const text_reader *r, int i);
void text_promote_question_headings(text_reader *r);
void text_promote_source_headings(text_reader *r);
void text_promote_full_stop_headings(text_reader *r);
void text_mark_section_captions(text_reader *r);
void text_mark_credits(text_reader *r);
int text_is_portrait_caption(text_reader *r, int i);
int text_is_caption_over_credit(const text_reader *r, int i);
int text_is_attributed_pull_quote(text_reader *r, int i);
/* Whether another lone line of the text reads exactly as unit i (a
 * speaker's name over each of their turns). */
int text_line_repeats(text_reader *r, int i);
void text_promote_heading_pairs(text_reader *r);
void text_nest_framed_headings(text_reader *r);
/* The nest-by-contents rule: a contents list whose numbered entries go
 * two deep or more ("2 Service in Russia" / "2.1 The Crimean campaigns")
 * gives the headings after it that repeat an entry's title the entry's
 * depth (u->section_depth): the headings nest as the contents do. */
void text_nest_by_contents(text_reader *r);

/* text_classify.c */
void text_classify(text_reader *r);

/* text_tree.c */
int text_same_word(const char *a, const char *b, size_t n);
size_t text_first_word_len(const char *s, size_t len);
int text_same_list_marker(const text_unit *a, const text_unit *b);
int text_near_indent(int a, int b);
void text_build_tree(text_reader *r, galley_node *tb);

#endif
