/* markup.c: which element and classes each node of the model becomes
 * (markup.h has the table), decided once for both editions: the EPUB
 * writes these elements, the PDF's style sheet matcher is asked about
 * them. */
#include "markup.h"

#include <string.h>

/* Whether `node` lies inside a FOOTNOTE. */
static int in_note(const galley_node *node)
{
  const galley_node *a;
  for (a = galley_node_parent(node); a; a = galley_node_parent(a))
    if (galley_node_get_type(a) == GALLEY_NODE_FOOTNOTE)
      return 1;
  return 0;
}

int galley_markup_is_bare_item_text(const galley_node *node)
{
  const galley_node *item = galley_node_parent(node);
  return galley_node_get_type(node) == GALLEY_NODE_PARAGRAPH &&
         galley_node_get_type(item) == GALLEY_NODE_ITEM &&
         galley_node_first_child(item) == node;
}

/* Whether a list is loose and one of its items opens with a paragraph
 * written bare: the class "loose" then gives the style sheet the
 * looseness the missing <p> does not show. */
static int is_loose(const galley_node *list)
{
  const galley_node *item;
  if (galley_node_get_list_tight(list))
    return 0;
  for (item = galley_node_first_child(list); item; item = galley_node_next(item))
    if (galley_markup_is_bare_item_text(galley_node_first_child(item)))
      return 1;
  return 0;
}

int galley_markup_list_is_counted(const galley_node *list)
{
  /* only decimal numbers are left to <ol>: a letter or a numeral is part
   * of the text other clauses cite ("section II", "item (b)") and a
   * reading system may restyle or drop the type attribute */
  return galley_node_get_type(list) == GALLEY_NODE_LIST && galley_node_get_list_ordered(list) &&
         galley_list_is_expressible(list) &&
         galley_node_get_list_style(list) == GALLEY_LIST_DECIMAL;
}

/* The class "language-X" of a code block whose info string starts with
 * a short, safe word X ("c++ {.x}" gives "language-c++"), into `out`
 * (GALLEY_MARKUP_CLASS_CAP bytes). Returns 0, writing nothing, when the
 * info string has no such word. */
static int language_class(const char *info, char *out)
{
  size_t n = 0;
  if (!info)
    return 0;
  while (info[n] && ((info[n] >= 'a' && info[n] <= 'z') ||
                     (info[n] >= 'A' && info[n] <= 'Z') ||
                     (info[n] >= '0' && info[n] <= '9') || info[n] == '+' ||
                     info[n] == '-' || info[n] == '_' || info[n] == '#') &&
         n < GALLEY_MARKUP_LANGUAGE_MAX)
    n++;
  if (n == 0 || (info[n] && info[n] != ' ' && info[n] != '\t'))
    return 0;
  memcpy(out, "language-", 9);
  memcpy(out + 9, info, n);
  out[9 + n] = '\0';
  return 1;
}

/* The class of a table cell's alignment, or NULL for none (a class
 * rather than a style attribute, so a user's sheet decides). */
static const char *align_class(galley_align a)
{
  switch (a) {
  case GALLEY_ALIGN_LEFT: return "align-left";
  case GALLEY_ALIGN_CENTER: return "align-center";
  case GALLEY_ALIGN_RIGHT: return "align-right";
  case GALLEY_ALIGN_NONE:
  default: return NULL;
  }
}

/* What a figure holds, counted. */
static void count_figure(const galley_node *fig, int *out_images, int *out_captions)
{
  const galley_node *c;
  *out_images = *out_captions = 0;
  for (c = galley_node_first_child(fig); c; c = galley_node_next(c)) {
    galley_node_type t = galley_node_get_type(c);
    *out_images += t == GALLEY_NODE_IMAGE;
    *out_captions += t == GALLEY_NODE_CAPTION;
  }
}

static void set(galley_markup *out, const char *tag, const char *cls)
{
  out->tag = tag;
  out->cls = cls;
}

static void wrap(galley_markup *out, const char *tag, const char *cls, int shared)
{
  out->wrap_tag = tag;
  out->wrap_cls = cls;
  out->wrap_shared = shared;
}

void galley_markup_get(const galley_node *node, galley_markup *out)
{
  static const char *const h[] = {"h2", "h3", "h4", "h5", "h6"};
  const galley_node *parent = galley_node_parent(node);
  galley_node_type pt = galley_node_get_type(parent);
  memset(out, 0, sizeof *out);
  switch (galley_node_get_type(node)) {
  case GALLEY_NODE_DOCUMENT: set(out, "body", NULL); break;
  /* the title page */
  case GALLEY_NODE_TITLE_BLOCK: set(out, "header", "titleblock"); break;
  case GALLEY_NODE_TITLE: set(out, "h1", "title"); break;
  case GALLEY_NODE_SUBTITLE: set(out, "p", "subtitle"); break;
  case GALLEY_NODE_BYLINE: set(out, "p", "byline"); break;
  /* the date line belongs to the byline block of the header (as a news
   * page sets "By NAME" over its date): both classes, the date's own
   * style on top */
  case GALLEY_NODE_DATE: set(out, "p", "byline date"); break;
  case GALLEY_NODE_HEADING: {
    /* h1 is the title: level n is h(n+1), h6 at most. A heading inside a
     * note is no section of the book: a paragraph of its own class,
     * outside the contents and the document's heading outline. */
    int level = galley_node_get_level(node);
    if (in_note(node))
      set(out, "p", "note-heading");
    else
      set(out, h[level < 1 ? 0 : level > 5 ? 4 : level - 1],
          galley_node_get_division(node) ? "chapter" : NULL);
    break;
  }
  case GALLEY_NODE_PARAGRAPH:
    /* a list item's first paragraph is the item's own line: the marker
     * and its first words are one line for every reader, and a <p> would
     * only add a level a screen reader steps through */
    if (galley_markup_is_bare_item_text(node))
      break;
    set(out, "p",
        galley_node_get_type(galley_node_first_child(node)) == GALLEY_NODE_DATELINE
            ? "dateline-para"
            : NULL);
    break;
  case GALLEY_NODE_FIGURE: {
    /* neither image nor caption: only a credit, for a picture the text
     * does not carry, and no <figure>, which would be empty */
    int images, captions;
    count_figure(node, &images, &captions);
    if (images == 0 && captions == 0)
      set(out, "div", "figure credit-only");
    else
      set(out, "figure", NULL);
    break;
  }
  case GALLEY_NODE_CAPTION:
    if (pt == GALLEY_NODE_TABLE) {
      set(out, "caption", NULL);
      break;
    }
    /* a figure's captions are the text of its one figcaption (HTML allows
     * one, as the first or last child) */
    wrap(out, "figcaption", NULL, 1);
    break;
  case GALLEY_NODE_CREDIT: {
    int images, captions;
    if (pt != GALLEY_NODE_FIGURE) {
      set(out, "p", "credit");
      break;
    }
    count_figure(parent, &images, &captions);
    if (images == 0 && captions == 0) {
      set(out, "p", "credit"); /* in a div.figure.credit-only */
      break;
    }
    /* after the captions, in the figure's figcaption; a figcaption of
     * credits alone is itself a credit */
    set(out, "span", "credit");
    wrap(out, "figcaption", captions ? NULL : "credit", 1);
    break;
  }
  case GALLEY_NODE_BLOCK_QUOTE: set(out, "blockquote", NULL); break;
  case GALLEY_NODE_LIST:
    if (galley_node_get_list_ordered(node) && galley_markup_list_is_counted(node)) {
      set(out, "ol", is_loose(node) ? "loose" : NULL);
    } else if (galley_node_get_list_ordered(node)) {
      /* "(a)", "1)", "2a.": markers HTML cannot number are the item's
       * first text, in a list whose bullets the style sheet hides: a
       * reading system that ignores the style sheet then shows a bullet
       * beside the marker, where an <ol> would print a second, wrong
       * number ("1. (a)") */
      set(out, "ul", is_loose(node) ? "enumerated loose" : "enumerated");
    } else if (galley_node_get_list_contents(node)) {
      set(out, "ul", is_loose(node) ? "contents loose" : "contents");
    } else {
      set(out, "ul", is_loose(node) ? "loose" : NULL);
    }
    break;
  case GALLEY_NODE_ITEM:
    set(out, "li", galley_node_get_task(node) != GALLEY_TASK_NONE ? "task" : NULL);
    break;
  case GALLEY_NODE_CODE_BLOCK:
    set(out, "code", language_class(galley_node_get_title(node), out->cls_buf) ? out->cls_buf
                                                                                 : NULL);
    wrap(out, "pre", NULL, 0);
    break;
  case GALLEY_NODE_THEMATIC_BREAK: set(out, "hr", NULL); break;
  case GALLEY_NODE_TABLE:
    /* the div scrolls a table wider than the screen, caption and all */
    set(out, "table", NULL);
    wrap(out, "div", "table", 0);
    break;
  case GALLEY_NODE_TABLE_ROW:
    /* header rows come first (galley_doc_check) */
    set(out, "tr", NULL);
    wrap(out, galley_node_get_row_header(node) ? "thead" : "tbody", NULL, 1);
    break;
  case GALLEY_NODE_TABLE_CELL:
    set(out, galley_node_get_row_header(parent) ? "th" : "td",
        align_class(galley_node_get_align(node)));
    break;
  case GALLEY_NODE_FOOTNOTE:
    set(out, "aside", "footnote");
    wrap(out, "div", "footnotes", 1);
    break;
  case GALLEY_NODE_EMPH: set(out, "em", NULL); break;
  case GALLEY_NODE_STRONG: set(out, "strong", NULL); break;
  case GALLEY_NODE_SMALLCAPS: set(out, "span", "smallcaps"); break;
  case GALLEY_NODE_DATELINE: set(out, "span", "dateline"); break;
  case GALLEY_NODE_LINK: set(out, "a", NULL); break;
  case GALLEY_NODE_IMAGE: set(out, "img", NULL); break;
  case GALLEY_NODE_CODE: set(out, "code", NULL); break;
  case GALLEY_NODE_LINEBREAK: set(out, "br", NULL); break;
  case GALLEY_NODE_DELETE: set(out, "del", NULL); break;
  case GALLEY_NODE_FOOTNOTE_REF:
    /* a superior figure, linking to the note */
    set(out, "a", NULL);
    wrap(out, "sup", "noteref", 0);
    break;
  case GALLEY_NODE_TEXT:
  case GALLEY_NODE_NONE:
  default:
    break;
  }
}

void galley_markup_get_note_number(int linked, galley_markup *out)
{
  memset(out, 0, sizeof *out);
  set(out, linked ? "a" : "span", "note-back");
}
