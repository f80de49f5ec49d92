/* text_tree.c: the plain-text reader's last pass: heading levels from
 * the conventions found, then the tree of blocks built from the
 * classified units, lists nested by indentation and numbering. */
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "text_emph.h"
#include "text_private.h"

static int is_division_style(heading_style style)
{
  return style == STYLE_VOLUME || style == STYLE_PART || style == STYLE_CHAPTER ||
         style == STYLE_SECTION;
}

/* Whether the n bytes at a and b spell the same word but for case. */
int text_same_word(const char *a, const char *b, size_t n)
{
  size_t i = 0;
  while (i < n) {
    int32_t x, y;
    size_t k = text_next_cp(a, n, i, &x);
    text_next_cp(b, n, i, &y);
    if (text_to_lower(x) != text_to_lower(y))
      return 0;
    i += k;
  }
  return 1;
}

/* Bytes of the first word of s. */
size_t text_first_word_len(const char *s, size_t len)
{
  size_t n = 0;
  while (n < len && s[n] != ' ')
    n++;
  return n;
}

/* Levels from position: where a division heading stands directly above
 * another of the same rank named by another word ("PART I" over "Book I.
 * The History Of A Family", "Teil 1" over "Buch 1", "EPILOGUE" over
 * "Chapter I."), the upper word ranks one step higher throughout the
 * book. */
static void rank_divisions_by_position(text_reader *r)
{
  int i, k;
  for (i = 0; i + 1 < r->nunits; i++) {
    const text_unit *u = &r->units[i], *n = &r->units[i + 1];
    const char *a = unit_text(r, u), *b = unit_text(r, n);
    size_t al = text_first_word_len(a, u->len), bl = text_first_word_len(b, n->len);
    heading_style style = u->style; /* u itself is raised below */
    text_chapter_kind kind = u->chapter;
    if (u->kind != K_HEADING || n->kind != K_HEADING || !is_division_style(u->style) ||
        u->style != n->style || u->style == STYLE_VOLUME || u->roman || n->roman ||
        (al == bl && text_same_word(a, b, al)))
      continue;
    for (k = 0; k < r->nunits; k++) {
      text_unit *w = &r->units[k];
      if (w->kind == K_HEADING && w->chapter == kind && w->style == style &&
          text_first_word_len(unit_text(r, w), w->len) == al &&
          text_same_word(unit_text(r, w), a, al))
        w->style = (heading_style)(w->style - 1);
    }
  }
}

/* Heading levels. The conventions rank, strongest first: Part, Chapter,
 * "=" underline, ALL CAPS, "-" underline, "~" underline, short line. The convention of
 * the first heading is the top level, with every stronger one beside it
 * (an article that opens with a short-line heading and later has an
 * ALL-CAPS one is inconsistent, not nested); each weaker convention
 * present is one level further down. */
/* Headings naming a volume, part or chapter a text has at least for
 * them to be divisions that start pages: one "Chapter 3" heading is an
 * article's, not a book's. */
#define MIN_DIVISIONS 2
/* Bytes of text a division has on average at least to start a page:
 * about four pages of A4. Chapters of a page or two run on, as in a
 * book of short chapters; so do an excerpt's few (and a judge that takes
 * a line opening several pages alike, "CHAPTER 1", "CHAPTER 2", for a
 * running head then has fewer to misread). */
#define MIN_DIVISION_BYTES 12000

/* Whether unit u names a volume, part or chapter by its word. */
static int is_division(const text_unit *u)
{
  return u->chapter == TEXT_CHAPTER_VOLUME || u->chapter == TEXT_CHAPTER_PART ||
         u->chapter == TEXT_CHAPTER_CHAPTER;
}

/* The heading unit i stands right under, its byline, pictures and
 * credits aside ("MERLE'S CRUSADE." / "By Anne Beale" / "CHAPTER I."),
 * or -1. */
static int heading_above(const text_reader *r, int i)
{
  int k = i - 1;
  while (k >= 0 && (r->units[k].kind == K_BYLINE || r->units[k].kind == K_CAPTION ||
                    r->units[k].kind == K_CREDIT || r->units[k].kind == K_OMIT))
    k--;
  return k >= 0 && r->units[k].kind == K_HEADING ? k : -1;
}

/* How many headings of r name a volume, part or chapter and open a page:
 * 0 in a collection, where a chapter stands under an article's title (a
 * magazine's serial: "MERLE'S CRUSADE." / "CHAPTER I."), for its
 * chapters run on with the issue, and 0 when they are short
 * (MIN_DIVISION_BYTES). */
static int count_divisions(const text_reader *r)
{
  int i, k, n = 0;
  for (i = 0; i < r->nunits; i++) {
    if (r->units[i].kind != K_HEADING || !is_division(&r->units[i]))
      continue;
    k = heading_above(r, i);
    if (k >= 0 && !is_division(&r->units[k]))
      return 0;
    n++;
  }
  return n > 0 && r->norm.len / (size_t)n >= MIN_DIVISION_BYTES ? n : 0;
}

static void assign_levels(const text_reader *r, int *out_level)
{
  static const heading_style rank[] = {
      STYLE_VOLUME,    STYLE_PART,         STYLE_CHAPTER,     STYLE_SECTION,
      STYLE_BOXED,     STYLE_FRAMED_INNER, STYLE_SETEXT_EQ,   STYLE_CENTRED,
      STYLE_CAPS,      STYLE_SETEXT_DASH,  STYLE_SETEXT_TILDE, STYLE_NUMBERED,
      STYLE_SHORT};
  int seen[STYLE_COUNT] = {0}, i, k, level = 1, below = 0, divisions = 0;
  heading_style first = STYLE_NONE;
  for (i = 0; i < STYLE_COUNT; i++)
    out_level[i] = 1;
  for (i = 0; i < r->nunits; i++)
    if (r->units[i].kind == K_HEADING) {
      seen[r->units[i].style] = 1;
      if (first == STYLE_NONE)
        first = r->units[i].style;
    }
  /* the divisions of a book nest by their words, whatever comes first:
   * Volume over Part over Chapter over Section */
  for (k = 0; k < (int)(sizeof rank / sizeof *rank) && is_division_style(rank[k]); k++)
    if (seen[rank[k]])
      out_level[rank[k]] = ++divisions;
  if (r->book && divisions > 0) {
    /* in a book, every other convention is one level below the
     * divisions (front matter, a chapter's inner headings), unless its
     * headings stand directly above division headings: then they head
     * the divisions ("ADVENTURE I. A SCANDAL IN BOHEMIA" over "I.") */
    heading_style over = STYLE_NONE;
    int j;
    for (i = 0; i + 1 < r->nunits && over == STYLE_NONE; i++)
      if (r->units[i].kind == K_HEADING && r->units[i + 1].kind == K_HEADING &&
          r->units[i].style != STYLE_NONE && !is_division_style(r->units[i].style) &&
          is_division_style(r->units[i + 1].style))
        over = r->units[i].style;
    for (; k < (int)(sizeof rank / sizeof *rank); k++)
      out_level[rank[k]] = divisions < 5 ? divisions + 1 + (over != STYLE_NONE) : 6;
    if (over != STYLE_NONE) {
      for (j = 0; j < STYLE_COUNT; j++)
        if (is_division_style((heading_style)j) && seen[j])
          out_level[j]++;
      out_level[over] = 1;
    }
    return;
  }
  if (is_division_style(first))
    level = divisions; /* the other conventions go below the deepest */
  for (k = 0; k < (int)(sizeof rank / sizeof *rank); k++) {
    if (rank[k] == first)
      below = 1;
    if (is_division_style(rank[k]))
      continue;
    if (rank[k] != first && below && seen[rank[k]] && level < 6)
      level++;
    out_level[rank[k]] = below ? level : 1;
  }
}

/* ------------------------------------------------------------------ */
/* Tree                                                                */
/* ------------------------------------------------------------------ */

static galley_node *block(galley_node_type type, const text_unit *u, const char *rule)
{
  galley_node *n = galley_node_new(type);
  galley_node_set_line(n, u->line);
  galley_node_set_rule(n, rule);
  return n;
}

/* A literal block's lines as typed, their common indentation taken off,
 * blank lines between them kept. */
static galley_node *code_block(const text_reader *r, const text_unit *u)
{
  galley_node *n = block(GALLEY_NODE_CODE_BLOCK, u, u->rule);
  galley_buf b;
  int k, col;
  galley_buf_init(&b);
  for (k = u->first; k <= u->last; k++) {
    const text_line *l = &r->lines[k];
    if (k > u->first)
      galley_buf_putc(&b, '\n');
    for (col = u->indent; l->len > 0 && col < l->indent; col++)
      galley_buf_putc(&b, ' ');
    galley_buf_put(&b, line_text(r, l), l->len);
  }
  galley_node_set_literal(n, b.ptr ? b.ptr : "", b.len);
  galley_buf_free(&b);
  return n;
}

static galley_node *text_block(galley_node_type type, const text_unit *u,
                               const char *s, size_t len)
{
  galley_node *n = block(type, u, u->rule);
  if (len)
    galley_node_append_text(n, s, len);
  return n;
}

/* A line of the title block typed in italics as a whole ("_THE STORY OF
 * DOCTOR DOLITTLE_", a title page's typewritten style): the line without
 * its two markers, for the title block's face is the style's (runs
 * inside a subtitle or byline become emphasis, text_apply_emphasis). */
static void unwrap_display_line(const text_reader *r, const char **s, size_t *len)
{
  const char *t = *s;
  size_t n = *len;
  if (r->as_typed || n < 3 || (t[0] != '_' && t[0] != '*') || t[n - 1] != t[0])
    return;
  if (text_is_emph_opener(t, n, 0) && text_find_emph_closer(t, n, 0) == n - 1) {
    *s = t + 1;
    *len = n - 2;
  }
}

static size_t trim_end(const char *s, size_t len)
{
  while (len > 0 && s[len - 1] == ' ')
    len--;
  return len;
}

/* The bytes of line l in its unit's normalised text: the line with its
 * white space runs made one space. */
static size_t normalised_bytes(const text_reader *r, const text_line *l)
{
  const char *t = line_text(r, l);
  size_t n_bytes = 0, i = 0;
  while (i < l->len) {
    if (t[i] == ' ' || t[i] == '\t') {
      while (i < l->len && (t[i] == ' ' || t[i] == '\t'))
        i++;
    } else {
      i++;
    }
    n_bytes++;
  }
  return n_bytes;
}

/* Appends a paragraph to `root` for each line of u (title-page-table),
 * each normalised as in its unit and trimmed. */
static void line_paragraphs(const text_reader *r, const text_unit *u, galley_node *root)
{
  const char *s = unit_text(r, u);
  size_t off = 0;
  int k;
  for (k = u->first; k <= u->last && off < u->len; k++) {
    const text_line *l = &r->lines[k];
    size_t n_bytes, start;
    galley_node *p;
    if (l->len == 0)
      continue;
    if (k > u->first)
      off++; /* the space that joined the lines */
    n_bytes = normalised_bytes(r, l);
    if (n_bytes > u->len - off)
      n_bytes = u->len - off;
    start = off;
    off += n_bytes;
    while (n_bytes > 0 && s[start] == ' ')
      start++, n_bytes--;
    n_bytes = trim_end(s + start, n_bytes);
    if (n_bytes == 0)
      continue;
    p = block(GALLEY_NODE_PARAGRAPH, u, u->rule);
    galley_node_set_line(p, k + 1);
    galley_node_append_text(p, s + start, n_bytes);
    galley_node_append_child(root, p);
  }
}

/* Appends the lines of u to n, each normalised as in its unit, with a
 * line break between them (keep_lines units). */
static void append_lines(const text_reader *r, const text_unit *u, galley_node *n)
{
  const char *s = unit_text(r, u);
  size_t off = 0;
  int k, first = 1;
  for (k = u->first; k <= u->last && off < u->len; k++) {
    const text_line *l = &r->lines[k];
    size_t n_bytes;
    if (l->len == 0 || text_is_setext_underline(line_text(r, l), l->len))
      continue;
    n_bytes = normalised_bytes(r, l);
    if (!first) {
      galley_node_append_child(n, galley_node_new(GALLEY_NODE_LINEBREAK));
      off++; /* the space that joined the lines */
    }
    if (n_bytes > u->len - off)
      n_bytes = u->len - off;
    galley_node_append_text(n, s + off, n_bytes);
    off += n_bytes;
    first = 0;
  }
}

/* A line read as going on from the block above it ("by" / "SIR ARTHUR
 * CONAN DOYLE", "Published" / "5 January 2022", "Image caption," / its
 * caption, a title page's statement set line by line): when `parent`'s
 * last child is of `type`, s[0..len) goes on in it after a space, and 1
 * is returned; else 0 and nothing is changed. */
static int goes_on(galley_node *parent, galley_node_type type, const char *s, size_t len)
{
  galley_node *last = parent ? galley_node_last_child(parent) : NULL;
  if (!last || galley_node_get_type(last) != type)
    return 0;
  galley_node_append_text(last, " ", 1);
  galley_node_append_text(last, s, len);
  return 1;
}

/* A further line of a title page's statement (text_title_page_group),
 * which goes on in the block of `type` above it. */
static int continues_group(const text_reader *r, const text_unit *u, galley_node *root,
                           galley_node_type type)
{
  return strcmp(u->rule, "title-page-group-line") == 0 &&
         goes_on(root, type, unit_text(r, u), u->len);
}

static galley_node *paragraph(const text_reader *r, const text_unit *u, const char *rule)
{
  const char *s = unit_text(r, u);
  galley_node *p = block(GALLEY_NODE_PARAGRAPH, u, rule);
  if (u->keep_lines && !u->dateline) {
    append_lines(r, u, p);
  } else if (u->dateline) {
    galley_node *d = galley_node_new(GALLEY_NODE_DATELINE);
    galley_node_set_line(d, u->line);
    galley_node_append_text(d, s, u->split);
    galley_node_append_child(p, d);
    galley_node_append_text(p, s + u->split, u->len - u->split);
  } else if (u->len) {
    galley_node_append_text(p, s, u->len);
  }
  return p;
}

/* ------------------------------------------------------------------ */
/* Lists: nesting by indentation, numbering kept as written            */
/* ------------------------------------------------------------------ */

/* Deepest nesting of lists kept; items deeper still join the deepest. */
#define LIST_MAX_DEPTH 8

/* One list open while the tree is built. */
typedef struct open_list {
  galley_node *list;      /* borrowed: owned by the tree */
  galley_node *last_item; /* borrowed */
  int unit;               /* the unit of its first item */
  int indent;             /* its items' indentation */
  int as_written;         /* irregular: each item keeps its marker */
} open_list;

/* Whether unit b's item can follow unit a's in one list: the same kind of
 * marker (the same bullet; digits, or letters of one case, with the same
 * delimiter). */
int text_same_list_marker(const text_unit *a, const text_unit *b)
{
  if (a->item != b->item)
    return 0;
  if (a->item == ITEM_BULLET)
    return a->marker == b->marker;
  return a->en.delim == b->en.delim && a->en.digits == b->en.digits &&
         a->en.upper == b->en.upper;
}

int text_near_indent(int a, int b)
{
  return a - b <= LIST_INDENT_SLACK && b - a <= LIST_INDENT_SLACK;
}

static int consecutive(const int *v, int n)
{
  int k;
  for (k = 0; k < n; k++)
    if (v[k] <= 0 || (k > 0 && v[k] != v[k - 1] + 1))
      return 0;
  return 1;
}

/* The numbering of the ordered list whose first item is unit `first`:
 * its items are the units after it at its indentation with a marker of
 * the same kind, past nested items and continuation paragraphs. Letters
 * or roman numerals are told apart by the sequence (i, ii, iii counts in
 * numerals; h, i, j in letters; a lone "i" is a numeral, a lone "v" a
 * letter). Writes the style and start, and returns 1 when the markers
 * run in sequence (else each item keeps its marker as written). */
static int decide_numbering(const text_reader *r, int first, galley_list_style *out_style,
                            int *out_start)
{
  const text_unit *u = &r->units[first];
  int *dec, *alpha, *roman, n = 0, cap = 16, j, regular, alpha_ok = 1, roman_ok = 1;
  int suffix = 0;
  dec = galley_xreallocarray(NULL, (size_t)cap, sizeof *dec);
  alpha = galley_xreallocarray(NULL, (size_t)cap, sizeof *alpha);
  roman = galley_xreallocarray(NULL, (size_t)cap, sizeof *roman);
  for (j = first; j < r->nunits; j++) {
    const text_unit *v = &r->units[j];
    if (j > first && ((v->kind == K_QUOTE && (v->blank_before || v->indent > u->indent)) ||
                      (v->kind == K_PARAGRAPH && v->indent > u->indent + LIST_INDENT_SLACK &&
                       v->first == r->units[j - 1].last + 1)))
      continue; /* an item's continuation */
    if (v->kind != K_ITEM || v->indent < u->indent - LIST_INDENT_SLACK)
      break;
    if (v->indent > u->indent + LIST_INDENT_SLACK)
      continue; /* a nested list */
    if (!text_same_list_marker(u, v))
      break;
    if (n == cap) {
      cap *= 2;
      dec = galley_xreallocarray(dec, (size_t)cap, sizeof *dec);
      alpha = galley_xreallocarray(alpha, (size_t)cap, sizeof *alpha);
      roman = galley_xreallocarray(roman, (size_t)cap, sizeof *roman);
    }
    dec[n] = v->en.decimal;
    alpha[n] = v->en.alpha;
    roman[n] = v->en.roman;
    alpha_ok = alpha_ok && v->en.alpha;
    roman_ok = roman_ok && v->en.roman;
    suffix = suffix || v->en.suffix;
    n++;
  }
  if (u->en.digits) {
    *out_style = GALLEY_LIST_DECIMAL;
    *out_start = dec[0];
    /* "0." starts at zero, as the GPL counts its sections */
    regular = !suffix && (consecutive(dec, n) || (dec[0] == 0 && (n == 1 || consecutive(dec + 1, n - 1)) &&
                                                  (n == 1 || dec[1] == 1)));
  } else {
    int alpha_seq = alpha_ok && consecutive(alpha, n);
    int roman_seq = roman_ok && consecutive(roman, n);
    int use_roman = roman_seq ? (!alpha_seq || roman[0] == 1) : (!alpha_seq && roman_ok);
    *out_style = use_roman ? (u->en.upper ? GALLEY_LIST_UPPER_ROMAN : GALLEY_LIST_LOWER_ROMAN)
                           : (u->en.upper ? GALLEY_LIST_UPPER_ALPHA : GALLEY_LIST_LOWER_ALPHA);
    *out_start = use_roman ? roman[0] : alpha[0];
    regular = use_roman ? roman_seq : alpha_seq;
  }
  free(dec);
  free(alpha);
  free(roman);
  return regular;
}

/* Opens a list for item unit i, under `parent` (the root or an item). */
static open_list open_list_for(const text_reader *r, int i, galley_node *parent)
{
  const text_unit *u = &r->units[i];
  open_list o;
  int ordered = u->item == ITEM_NUMBERED;
  memset(&o, 0, sizeof o);
  o.list = block(GALLEY_NODE_LIST, u, u->rule);
  o.unit = i;
  o.indent = u->indent;
  if (ordered) {
    galley_list_style style;
    int start;
    o.as_written = !decide_numbering(r, i, &style, &start);
    galley_node_set_list(o.list, 1, start, 1);
    galley_node_set_list_numbering(o.list, style,
                                   u->en.delim == '(' ? GALLEY_LIST_PARENS
                                   : u->en.delim == ')' ? GALLEY_LIST_PAREN
                                                        : GALLEY_LIST_PERIOD);
  } else {
    galley_node_set_list(o.list, 0, 1, 1);
  }
  galley_node_append_child(parent, o.list);
  return o;
}

/* Adds item unit i to the lists open in stack[0..*depth), opening,
 * nesting or closing lists by its marker and indentation. */
static void add_item(const text_reader *r, int i, galley_node *root, open_list *stack,
                     int *depth)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  open_list *top;
  galley_node *item, *p;
  /* a contents list is flat whatever its indentation: its numbers are
   * often set flush right ("   I.", "  II.", " III.") */
  if (u->item == ITEM_CONTENTS && *depth > 0 &&
      r->units[stack[*depth - 1].unit].item == ITEM_CONTENTS) {
    top = &stack[*depth - 1];
    goto add;
  }
  /* close the lists this item is to the left of, and a list of another
   * marker at its own level */
  while (*depth > 0 && stack[*depth - 1].indent > u->indent + LIST_INDENT_SLACK)
    (*depth)--;
  if (*depth > 0 && text_near_indent(stack[*depth - 1].indent, u->indent) &&
      !text_same_list_marker(&r->units[stack[*depth - 1].unit], u))
    (*depth)--;
  top = *depth > 0 ? &stack[*depth - 1] : NULL;
  if (!top || (!text_near_indent(top->indent, u->indent) && *depth < LIST_MAX_DEPTH)) {
    /* a new list: nested in the item above when indented under it */
    galley_node *parent = top && top->last_item && u->indent > top->indent ? top->last_item : root;
    if (parent == root)
      *depth = 0;
    stack[*depth] = open_list_for(r, i, parent);
    if (u->item == ITEM_CONTENTS)
      galley_node_set_list_contents(stack[*depth].list, 1);
    top = &stack[(*depth)++];
  } else if (u->blank_before) {
    galley_node_set_list(top->list, galley_node_get_list_ordered(top->list),
                         galley_node_get_list_start(top->list), 0);
  }
add:
  item = block(GALLEY_NODE_ITEM, u, u->rule);
  if (top->as_written) {
    /* an irregular sequence (1, 2, 2a, 4) is never renumbered */
    char *m = galley_xstrndup(s, u->en.len);
    galley_node_set_item_marker(item, m);
    free(m);
  }
  p = block(GALLEY_NODE_PARAGRAPH, u, u->rule);
  galley_node_append_text(p, s + u->marker_len, u->len - u->marker_len);
  galley_node_append_child(item, p);
  galley_node_append_child(top->list, item);
  top->last_item = item;
}

/* Whether unit u goes into the title block. */
static int is_title_block_unit(const text_unit *u)
{
  return u->kind == K_TITLE || u->kind == K_SUBTITLE || (u->kind == K_BYLINE_TOP && u->header) ||
         (u->kind == K_DATE && u->header);
}

/* Whether a block with text follows the title block (a title page's
 * rules between its lines do not count). */
static int text_after(galley_node *tb)
{
  galley_node *c;
  for (c = galley_node_next(tb); c; c = galley_node_next(c))
    if (galley_node_get_type(c) != GALLEY_NODE_THEMATIC_BREAK)
      return 1;
  return 0;
}

static int has_child(galley_node *n, galley_node_type type)
{
  galley_node *c;
  for (c = galley_node_first_child(n); c; c = galley_node_next(c))
    if (galley_node_get_type(c) == type)
      return 1;
  return 0;
}

/* Puts the title block's lines before it, as blocks of their own where it
 * stands: a byline stays a byline, a date or subtitle line becomes a
 * paragraph. The title block is left empty. */
static void hoist_children(galley_node *tb)
{
  galley_node *c;
  while ((c = galley_node_first_child(tb)) != NULL) {
    galley_node_unlink(c);
    if (galley_node_get_type(c) != GALLEY_NODE_BYLINE) {
      galley_node *p = galley_node_new(GALLEY_NODE_PARAGRAPH), *k;
      galley_node_set_line(p, galley_node_get_line(c));
      galley_node_set_rule(p, galley_node_get_rule(c));
      while ((k = galley_node_first_child(c)) != NULL) {
        galley_node_unlink(k);
        galley_node_append_child(p, k);
      }
      galley_node_free(c);
      c = p;
    }
    galley_node_insert_before(tb, c);
  }
}

void text_build_tree(text_reader *r, galley_node *tb)
{
  galley_node *root = galley_doc_get_root(r->doc);
  galley_node *quote = NULL;
  open_list lists[LIST_MAX_DEPTH];
  int depth = 0; /* lists open */
  int levels[STYLE_COUNT];
  int i, min_depth = 0, base = 1, divisions = 0;
  rank_divisions_by_position(r);
  assign_levels(r, levels);
  divisions = count_divisions(r);
  /* Numbered headings take their level from their number: the shallowest
   * numbers ("2.") at the level of the first of them, by its convention
   * (underlined, or a numbered line), and each further group one deeper
   * ("2.1." below "2."). */
  for (i = 0; i < r->nunits; i++) {
    const text_unit *u = &r->units[i];
    if (u->kind == K_HEADING && u->section_depth &&
        (!min_depth || u->section_depth < min_depth)) {
      min_depth = u->section_depth;
      base = levels[u->style] ? levels[u->style] : 1;
    }
  }
  for (i = 0; i < r->nunits; i++) {
    const text_unit *u = &r->units[i];
    const char *s = unit_text(r, u);
    size_t len = u->len; /* of s: a title block's line may lose its markers */
    galley_node *n = NULL;
    if (u->kind == K_PARAGRAPH && depth > 0 && lists[depth - 1].last_item &&
        u->indent > lists[depth - 1].indent + LIST_INDENT_SLACK && !u->dateline &&
        u->first == r->units[i - 1].last + 1) {
      /* text hanging under an item's number, right below it, is the
       * item's own (the body under "1. Free Redistribution"); no blank
       * line came between, so the list stays tight */
      galley_node_append_child(lists[depth - 1].last_item,
                               paragraph(r, u, "item-continuation"));
      continue;
    }
    if (u->literal) {
      depth = 0;
      quote = NULL;
      galley_node_append_child(root, code_block(r, u));
      continue;
    }
    if (u->kind != K_ITEM && !(u->kind == K_QUOTE && depth > 0))
      depth = 0;
    if (u->kind != K_QUOTE && !(u->kind == K_ITEM && u->quoted))
      quote = NULL;
    if (i > 0 && !galley_node_first_child(tb) &&
        (i == r->title_page || u->kind == K_TITLE || u->kind == K_SUBTITLE ||
         (u->kind == K_BYLINE_TOP && u->header) || (u->kind == K_DATE && u->header))) {
      /* the title page comes after an edition's notice, a headline after
       * a site's furniture ("Home / World / Asia", "Advertisement"): so
       * does the title block, in reading order */
      galley_node_unlink(tb);
      galley_node_append_child(root, tb);
    }
    if (u->kind == K_TITLE || u->kind == K_SUBTITLE ||
        u->kind == K_BYLINE_TOP || (u->kind == K_DATE && u->header))
      unwrap_display_line(r, &s, &len);
    if (is_title_block_unit(u) && galley_node_first_child(tb) && text_after(tb)) {
      /* a header line after page furniture that came after the title
       * block's first lines ("4 March 2024" / "Share" / "Jane Roe"): the
       * text keeps its order. The headline takes the title block with it,
       * the lines before the furniture staying where they are; a byline
       * or date line after the headline stands on its own. */
      if (u->kind == K_TITLE && !has_child(tb, GALLEY_NODE_TITLE)) {
        hoist_children(tb);
        galley_node_unlink(tb);
        galley_node_append_child(root, tb);
      } else {
        if (u->kind == K_BYLINE_TOP) {
          n = text_block(GALLEY_NODE_BYLINE, u, s, len);
          r->byline_outside = 1;
        } else {
          n = paragraph(r, u, u->rule);
        }
        galley_node_append_child(root, n);
        continue;
      }
    }
    switch (u->kind) {
    case K_TITLE: {
      /* set in the title's own face, named so in the metadata: a run's
       * markers go ("THE" / "_Story of_" / "DOCTOR DOLITTLE") */
      galley_buf plain = GALLEY_BUF_INIT;
      if (r->as_typed)
        galley_buf_put(&plain, s, len);
      else
        text_emph_plain(s, len, &plain);
      galley_node_append_child(tb, text_block(GALLEY_NODE_TITLE, u, plain.ptr ? plain.ptr : "",
                                              plain.len));
      r->title_rule = u->rule;
      r->title_line = u->line;
      galley_doc_apply_meta(r->doc, "title", galley_buf_cstr(&plain), 1);
      galley_buf_free(&plain);
      break;
    }
    case K_SUBTITLE:
      galley_node_append_child(tb, text_block(GALLEY_NODE_SUBTITLE, u, s, len));
      {
        /* the metadata is plain text: a run's markers go, as the
         * subtitle's own runs become emphasis (text_apply_emphasis) */
        galley_buf plain = GALLEY_BUF_INIT;
        if (r->as_typed)
          galley_buf_put(&plain, s, len);
        else
          text_emph_plain(s, len, &plain);
        galley_doc_apply_meta(r->doc, "subtitle", galley_buf_cstr(&plain), 1);
        galley_buf_free(&plain);
      }
      break;
    case K_BYLINE_TOP:
      if (u->header && strcmp(u->rule, "byline-after-byline-word") == 0 &&
          goes_on(tb, GALLEY_NODE_BYLINE, s, len))
        break; /* "by" / "SIR ARTHUR CONAN DOYLE": one byline, as it reads */
      if (u->header) {
        galley_node_append_child(tb, text_block(GALLEY_NODE_BYLINE, u, s, len));
        break;
      }
      if (!galley_node_last_child(tb) ||
          galley_node_get_type(galley_node_last_child(tb)) != GALLEY_NODE_BYLINE ||
          strcmp(u->rule, "byline-affiliation") == 0) {
        /* (where the reporter works goes with the byline: "BBC News, Almaty") */
        galley_node_append_child(tb, text_block(GALLEY_NODE_BYLINE, u, s, len));
        break;
      }
      n = text_block(GALLEY_NODE_BYLINE, u, s, len); /* a second one */
      break;
    case K_BYLINE:
      if (!continues_group(r, u, root, GALLEY_NODE_BYLINE))
        n = text_block(GALLEY_NODE_BYLINE, u, s, u->len);
      break;
    case K_DATE:
      if (u->header && strcmp(u->rule, "date-after-date-word") == 0 &&
          goes_on(tb, GALLEY_NODE_DATE, s, u->len))
        break; /* "Published" / "5 January 2022": one date line */
      if (u->header) {
        /* as written, in reading order; the metadata gets the ISO date */
        galley_node_append_child(tb, text_block(GALLEY_NODE_DATE, u, s, u->len));
        break;
      }
      if (r->date_text == s) /* the title block shows it (see below) */
        break;
      n = paragraph(r, u, u->rule);
      break;
    case K_OMIT:
      break;
    case K_HEADING:
      if (u->box_line && i > 0 && r->units[i - 1].kind == K_HEADING) {
        /* a further line of a boxed heading joins the line above it */
        galley_node *h = galley_node_last_child(root);
        if (h && galley_node_get_type(h) == GALLEY_NODE_HEADING) {
          galley_node_append_child(h, galley_node_new(GALLEY_NODE_LINEBREAK));
          galley_node_append_text(h, s, u->len);
          break;
        }
      }
      if (u->keep_lines) {
        n = block(GALLEY_NODE_HEADING, u, u->rule);
        append_lines(r, u, n);
      } else {
        n = text_block(GALLEY_NODE_HEADING, u, s, u->len);
      }
      /* a volume, part or chapter named by its word ("CHAPTER I", "Глава
       * 2", "Kapitel 3") in a text of several: a division, which print
       * starts on a new page; not a section inside a chapter, and not one
       * right under another heading, whose page it shares ("PART ONE" /
       * "CHAPTER 1", a magazine's "MERLE'S CRUSADE." / "CHAPTER I.") */
      if (divisions >= MIN_DIVISIONS && is_division(u) && heading_above(r, i) < 0)
        galley_node_set_division(n, 1);
      if (u->section_depth) {
        int level = base + u->section_depth - min_depth;
        galley_node_set_level(n, level < 6 ? level : 6);
      } else {
        /* a contents list is headed at the top level, beside the parts */
        galley_node_set_level(n, strcmp(u->rule, "contents-title") == 0 ? 1
                                 : levels[u->style]                     ? levels[u->style]
                                                                        : 1);
      }
      break;
    case K_CAPTION: {
      size_t cl = trim_end(s, u->split);
      galley_node *last = galley_node_last_child(root);
      if (strcmp(u->rule, "caption-after-label") == 0 && last &&
          galley_node_get_type(last) == GALLEY_NODE_FIGURE &&
          goes_on(last, GALLEY_NODE_CAPTION, s, cl))
        break; /* "Image caption," / "Protesters in Almaty": one caption */
      n = block(GALLEY_NODE_FIGURE, u, u->rule);
      if (u->cap_len > 0) /* "[Illustration: caption]": the caption alone */
        galley_node_append_child(n, text_block(GALLEY_NODE_CAPTION, u, s + u->cap_off,
                                               u->cap_len));
      else
        galley_node_append_child(n, text_block(GALLEY_NODE_CAPTION, u, s, cl));
      if (u->split < u->len) /* else a caption without a credit */
        galley_node_append_child(n, text_block(GALLEY_NODE_CREDIT, u, s + u->split,
                                               u->len - u->split));
      break;
    }
    case K_CREDIT:
      if (i > 0 && r->units[i - 1].kind == K_CAPTION &&
          strcmp(r->units[i - 1].rule, "caption-over-credit") == 0) {
        /* the credit under its caption: one figure */
        galley_node *f = galley_node_last_child(root);
        if (f && galley_node_get_type(f) == GALLEY_NODE_FIGURE) {
          galley_node_append_child(f, text_block(GALLEY_NODE_CREDIT, u, s, u->len));
          break;
        }
      }
      n = block(GALLEY_NODE_FIGURE, u, u->rule);
      galley_node_append_child(n, text_block(GALLEY_NODE_CREDIT, u, s, u->len));
      break;
    case K_BREAK:
      n = block(GALLEY_NODE_THEMATIC_BREAK, u, u->rule);
      break;
    case K_ITEM:
      if (u->quoted) {
        /* the numbered points of a quoted document, inside its quote */
        if (!quote) {
          quote = block(GALLEY_NODE_BLOCK_QUOTE, u, u->rule);
          galley_node_append_child(root, quote);
          depth = 0;
        }
        add_item(r, i, quote, lists, &depth);
        /* set close, as the quotation of one document: the blank lines
         * between its points are the page's, not the document's */
        {
          galley_node *list = lists[depth - 1].list;
          galley_node_set_list(list, galley_node_get_list_ordered(list),
                               galley_node_get_list_start(list), 1);
        }
        break;
      }
      add_item(r, i, root, lists, &depth);
      break;
    case K_QUOTE:
      if (depth > 0 && lists[depth - 1].last_item &&
          (u->blank_before || u->indent > lists[depth - 1].indent + LIST_INDENT_SLACK)) {
        /* an indented paragraph after an item (or hanging under it)
         * continues that item */
        galley_node *list = lists[depth - 1].list;
        galley_node_append_child(lists[depth - 1].last_item,
                                 paragraph(r, u, "item-continuation"));
        if (u->blank_before)
          galley_node_set_list(list, galley_node_get_list_ordered(list),
                               galley_node_get_list_start(list), 0);
        break;
      }
      depth = 0;
      if (!quote) {
        quote = block(GALLEY_NODE_BLOCK_QUOTE, u, u->rule);
        galley_node_append_child(root, quote);
      }
      if (u->br_len) {
        /* each tagged line is a line of one stanza: a line break, not a
         * new paragraph, where the page had its tag. The tag is markup
         * (u->br_len is the text before it): the page shows the break,
         * not "<br>". */
        galley_node *last = galley_node_last_child(quote);
        if (i > 0 && r->units[i - 1].br_len && last) {
          galley_node_append_child(last, galley_node_new(GALLEY_NODE_LINEBREAK));
          galley_node_append_text(last, s, u->br_len);
        } else {
          galley_node *p = block(GALLEY_NODE_PARAGRAPH, u, u->rule);
          galley_node_append_text(p, s, u->br_len);
          galley_node_append_child(quote, p);
        }
        break;
      }
      galley_node_append_child(quote, paragraph(r, u, u->rule));
      break;
    case K_PARAGRAPH:
      if (strcmp(u->rule, "title-page-table") == 0) {
        line_paragraphs(r, u, root); /* a table typed in columns: a line each */
      } else if (continues_group(r, u, root, GALLEY_NODE_PARAGRAPH)) {
        /* a line of a title page's statement: the paragraph above goes on */
      } else if (u->first == u->last && text_is_bare_picture_marker(s, u->len)) {
        n = block(GALLEY_NODE_FIGURE, u, "bare-picture-marker"); /* nothing to set */
      } else {
        n = paragraph(r, u, u->rule);
      }
      break;
    }
    if (n)
      galley_node_append_child(root, n);
  }
}
