/* markup.h: the one mapping from the model to markup that both editions
 * share: which XHTML element, with which classes, each node becomes, and
 * the element that stands between it and its parent's element. The EPUB
 * writes its start and end tags from it; the PDF hands the same elements,
 * classes and ancestors to its style sheet matcher, so a selector applies
 * in print where it applies in the ebook. What only the EPUB needs
 * (attributes such as id, href, epub:type, role, start, scope, the page
 * markers, a note's back link) stays in the EPUB writer.
 *
 *   node           element                  wrapped in
 *   DOCUMENT       body
 *   TITLE_BLOCK    header.titleblock
 *   TITLE          h1.title
 *   SUBTITLE       p.subtitle
 *   BYLINE         p.byline
 *   DATE           p.byline.date            (the byline's block, its own
 *                                            style on top)
 *   HEADING        h2..h6 (level + 1); in a note p.note-heading
 *   PARAGRAPH      p; p.dateline-para when it opens with a DATELINE;
 *                  none as the first block of a list item (its text is the
 *                  item's own)
 *   FIGURE         figure; div.figure.credit-only with neither image nor
 *                  caption
 *   IMAGE          img
 *   CAPTION        caption in a TABLE; none in a FIGURE: its text stands
 *                  in the figure's one figcaption        figcaption
 *   CREDIT         span.credit in a figure with an image or caption
 *                                            figcaption (.credit when the
 *                                            figure has no caption);
 *                  p.credit alone or in a credit-only figure
 *   BLOCK_QUOTE    blockquote
 *   LIST           ul, or ol for decimal numbers HTML can count; ul
 *                  .enumerated for markers written as text; .loose when a
 *                  loose item's first paragraph is written bare
 *   ITEM           li; li.task for a task item
 *   CODE_BLOCK     code (.language-X from the info string)   pre
 *   THEMATIC_BREAK hr
 *   TABLE          table                     div.table
 *   TABLE_ROW      tr                        thead (header rows) or tbody
 *   TABLE_CELL     th in a header row, else td; .align-left/-center/-right
 *   FOOTNOTE       aside.footnote            div.footnotes
 *   EMPH STRONG    em strong
 *   SMALLCAPS      span.smallcaps
 *   DATELINE       span.dateline
 *   LINK IMAGE     a img
 *   CODE DELETE    code del
 *   LINEBREAK      br
 *   FOOTNOTE_REF   a                         sup.noteref
 *   TEXT           none
 *
 * Some wrappers are shared (`wrap_shared`): siblings with the same one
 * stand in one element, as a figure's captions and credits in one
 * figcaption, a table's header rows in one thead, a content document's
 * notes in one div.footnotes; the others (pre, div.table, sup) wrap
 * their node alone. */
#ifndef GALLEY_MODEL_MARKUP_H
#define GALLEY_MODEL_MARKUP_H

#include "../galley.h"

/* Room for the longest class a node's markup has: "language-" and a
 * code block's info word of at most GALLEY_MARKUP_LANGUAGE_MAX bytes. */
#define GALLEY_MARKUP_LANGUAGE_MAX 32
#define GALLEY_MARKUP_CLASS_CAP (GALLEY_MARKUP_LANGUAGE_MAX + 16)

typedef struct galley_markup {
  const char *tag;      /* element name, static; NULL when the node has no
                           element of its own and its content stands in the
                           enclosing one (the wrapper, else the parent's) */
  const char *cls;      /* space-separated classes, or NULL; static, or
                           `cls_buf` */
  const char *wrap_tag; /* element between the parent's and the node's own
                           (shared by siblings with the same wrapper), or
                           NULL; static */
  const char *wrap_cls; /* its classes, or NULL; static */
  int wrap_shared;      /* 1: the wrapper is shared by the siblings around
                           the node that have the same one */
  char cls_buf[GALLEY_MARKUP_CLASS_CAP]; /* a class made from the node */
} galley_markup;

/* Fills *out (which the caller owns; `cls` may point into it, so copy
 * the struct whole) with the markup of `node`, derived from the model
 * alone: its type, its attributes and its place in the tree. A node of
 * no known type (or NULL) gets no element. */
void galley_markup_get(const galley_node *node, galley_markup *out);

/* Whether an ordered LIST's numbers are left to <ol> (decimal numbers
 * the list's start and delimiter let HTML count); otherwise its markers
 * are the items' first text, in a ul.enumerated. 0 for other nodes. */
int galley_markup_list_is_counted(const galley_node *list);

/* Whether PARAGRAPH `node` is written bare, without an element of its
 * own, as the text of its list item: the item's first block. */
int galley_markup_is_bare_item_text(const galley_node *node);

/* The elements that stand for no node: a note's number at the start of
 * the note, a link back to its first reference (`linked`) or not. */
void galley_markup_get_note_number(int linked, galley_markup *out);

#endif
