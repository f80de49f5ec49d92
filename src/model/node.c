/* node.c: creating, linking and freeing nodes; the containment rule that
 * keeps every tree sensible (as cmark's S_can_contain); accessors. */
#include "node.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"

static const char *const type_names[] = {
    "none",      "document", "title-block", "title",    "subtitle",
    "byline",    "date",     "heading",     "paragraph","figure",
    "caption",   "credit",   "blockquote",  "list",     "item",
    "code-block","rule",     "table",       "row",      "cell",
    "footnote",  "text",     "emph",        "strong",   "smallcaps",
    "dateline",  "link",     "image",       "code",     "linebreak",
    "delete",    "noteref"};

const char *galley_node_get_type_name(galley_node_type type)
{
  if ((int)type < 0 || (size_t)type >= sizeof type_names / sizeof *type_names)
    return "unknown";
  return type_names[type];
}

/* What a node without its extra has: nothing. */
static const galley_node_extra no_extra;

/* The extra fields of `n`, to read. */
static const galley_node_extra *xr(const galley_node *n)
{
  return n->x ? n->x : &no_extra;
}

/* The extra fields of `n`, to write: made on first use. */
static galley_node_extra *xw(galley_node *n)
{
  if (!n->x)
    n->x = galley_xcalloc(1, sizeof *n->x);
  return n->x;
}

galley_node *galley_node_new(galley_node_type type)
{
  galley_node *n = galley_xcalloc(1, sizeof *n);
  n->type = type;
  if (type == GALLEY_NODE_HEADING)
    xw(n)->level = 1;
  if (type == GALLEY_NODE_LIST) {
    xw(n)->list_start = 1;
    xw(n)->list_tight = 1;
  }
  return n;
}

static void free_one(galley_node *n)
{
  free(n->literal);
  if (n->x) {
    free(n->x->url);
    free(n->x->title);
    free(n->x->id);
    free(n->x->marker);
    free(n->x);
  }
  free(n);
}

void galley_node_free(galley_node *node)
{
  galley_node *cur, *next;
  if (!node)
    return;
  galley_node_unlink(node);
  /* Iterative: splice each child's children in after it, so deep trees
   * (thousands of nested quotes) do not exhaust the stack, as cmark's
   * S_free_nodes does. */
  cur = node;
  cur->next = NULL;
  while (cur) {
    if (cur->first_child) {
      cur->last_child->next = cur->next;
      cur->next = cur->first_child;
    }
    next = cur->next;
    free_one(cur);
    cur = next;
  }
}

void galley_node_unlink(galley_node *node)
{
  if (!node)
    return;
  if (node->prev)
    node->prev->next = node->next;
  if (node->next)
    node->next->prev = node->prev;
  if (node->parent) {
    if (node->parent->first_child == node)
      node->parent->first_child = node->next;
    if (node->parent->last_child == node)
      node->parent->last_child = node->prev;
  }
  node->parent = node->prev = node->next = NULL;
}

static int is_inline_type(galley_node_type t)
{
  return t >= GALLEY_NODE_FIRST_INLINE && t <= GALLEY_NODE_LAST_INLINE;
}

static int is_block_type(galley_node_type t)
{
  return t >= GALLEY_NODE_FIRST_BLOCK && t <= GALLEY_NODE_LAST_BLOCK;
}

int galley_node_can_contain(galley_node_type parent, galley_node_type child)
{
  switch (parent) {
  case GALLEY_NODE_DOCUMENT:
  case GALLEY_NODE_BLOCK_QUOTE:
  case GALLEY_NODE_ITEM:
    return is_block_type(child) && child != GALLEY_NODE_DOCUMENT &&
           child != GALLEY_NODE_ITEM && child != GALLEY_NODE_CAPTION &&
           child != GALLEY_NODE_TITLE && child != GALLEY_NODE_SUBTITLE &&
           child != GALLEY_NODE_DATE && child != GALLEY_NODE_TABLE_ROW &&
           child != GALLEY_NODE_TABLE_CELL &&
           (child != GALLEY_NODE_FOOTNOTE || parent == GALLEY_NODE_DOCUMENT) &&
           (child != GALLEY_NODE_TITLE_BLOCK || parent == GALLEY_NODE_DOCUMENT);
  case GALLEY_NODE_FOOTNOTE:
    return is_block_type(child) && child != GALLEY_NODE_DOCUMENT &&
           child != GALLEY_NODE_ITEM && child != GALLEY_NODE_CAPTION &&
           child != GALLEY_NODE_TITLE && child != GALLEY_NODE_SUBTITLE &&
           child != GALLEY_NODE_DATE && child != GALLEY_NODE_TABLE_ROW &&
           child != GALLEY_NODE_TABLE_CELL && child != GALLEY_NODE_FOOTNOTE &&
           child != GALLEY_NODE_TITLE_BLOCK;
  case GALLEY_NODE_TABLE:
    return child == GALLEY_NODE_CAPTION || child == GALLEY_NODE_TABLE_ROW;
  case GALLEY_NODE_TABLE_ROW:
    return child == GALLEY_NODE_TABLE_CELL;
  case GALLEY_NODE_TITLE_BLOCK:
    return child == GALLEY_NODE_TITLE || child == GALLEY_NODE_SUBTITLE ||
           child == GALLEY_NODE_BYLINE || child == GALLEY_NODE_DATE;
  case GALLEY_NODE_LIST:
    return child == GALLEY_NODE_ITEM;
  case GALLEY_NODE_FIGURE:
    return child == GALLEY_NODE_IMAGE || child == GALLEY_NODE_CAPTION ||
           child == GALLEY_NODE_CREDIT;
  case GALLEY_NODE_DELETE:
  case GALLEY_NODE_EMPH:
  case GALLEY_NODE_STRONG:
  case GALLEY_NODE_SMALLCAPS:
  case GALLEY_NODE_DATELINE:
    return is_inline_type(child);
  case GALLEY_NODE_LINK:
    return is_inline_type(child) && child != GALLEY_NODE_LINK;
  case GALLEY_NODE_IMAGE:
    /* alt text */
    return child == GALLEY_NODE_TEXT || child == GALLEY_NODE_CODE ||
           child == GALLEY_NODE_EMPH || child == GALLEY_NODE_STRONG;
  default:
    return galley_node_type_holds_inlines(parent) && is_inline_type(child);
  }
}

int galley_node_type_holds_inlines(galley_node_type type)
{
  switch (type) {
  case GALLEY_NODE_TITLE:
  case GALLEY_NODE_SUBTITLE:
  case GALLEY_NODE_BYLINE:
  case GALLEY_NODE_DATE:
  case GALLEY_NODE_HEADING:
  case GALLEY_NODE_PARAGRAPH:
  case GALLEY_NODE_CAPTION:
  case GALLEY_NODE_CREDIT:
  case GALLEY_NODE_TABLE_CELL:
    return 1;
  default:
    return 0;
  }
}

int galley_node_type_is_leaf(galley_node_type type)
{
  switch (type) {
  case GALLEY_NODE_TEXT:
  case GALLEY_NODE_CODE:
  case GALLEY_NODE_CODE_BLOCK:
  case GALLEY_NODE_LINEBREAK:
  case GALLEY_NODE_THEMATIC_BREAK:
  case GALLEY_NODE_FOOTNOTE_REF:
  case GALLEY_NODE_NONE:
    return 1;
  default:
    return 0;
  }
}

int galley_node_append_child(galley_node *node, galley_node *child)
{
  if (!node || !child || child->parent ||
      !galley_node_can_contain(node->type, child->type))
    return 0;
  child->parent = node;
  child->next = NULL;
  child->prev = node->last_child;
  if (node->last_child)
    node->last_child->next = child;
  else
    node->first_child = child;
  node->last_child = child;
  return 1;
}

int galley_node_insert_before(galley_node *sibling, galley_node *node)
{
  galley_node *parent = sibling ? sibling->parent : NULL;
  if (!parent || !node || node->parent ||
      !galley_node_can_contain(parent->type, node->type))
    return 0;
  node->parent = parent;
  node->next = sibling;
  node->prev = sibling->prev;
  if (sibling->prev)
    sibling->prev->next = node;
  else
    parent->first_child = node;
  sibling->prev = node;
  return 1;
}

galley_node_type galley_node_get_type(const galley_node *n)
{
  return n ? n->type : GALLEY_NODE_NONE;
}
galley_node *galley_node_parent(const galley_node *n) { return n ? n->parent : NULL; }
galley_node *galley_node_first_child(const galley_node *n) { return n ? n->first_child : NULL; }
galley_node *galley_node_last_child(const galley_node *n) { return n ? n->last_child : NULL; }
galley_node *galley_node_next(const galley_node *n) { return n ? n->next : NULL; }
galley_node *galley_node_previous(const galley_node *n) { return n ? n->prev : NULL; }
int galley_node_is_block(const galley_node *n) { return n && is_block_type(n->type); }
int galley_node_is_inline(const galley_node *n) { return n && is_inline_type(n->type); }

static int has_literal(galley_node_type t)
{
  return t == GALLEY_NODE_TEXT || t == GALLEY_NODE_CODE ||
         t == GALLEY_NODE_CODE_BLOCK;
}

const char *galley_node_get_literal(const galley_node *n, size_t *out_len)
{
  if (!n || !has_literal(n->type)) {
    if (out_len)
      *out_len = 0;
    return NULL;
  }
  if (out_len)
    *out_len = n->literal_len;
  return n->literal ? n->literal : "";
}

int galley_node_set_literal(galley_node *n, const char *text, size_t len)
{
  char *copy;
  if (!n || !has_literal(n->type))
    return 0;
  copy = galley_xstrndup(text ? text : "", text ? len : 0);
  free(n->literal);
  n->literal = copy;
  n->literal_len = text ? len : 0;
  return 1;
}

static int set_string(char **field, const char *value)
{
  char *copy = galley_xstrdup(value);
  free(*field);
  *field = copy;
  return 1;
}

const char *galley_node_get_url(const galley_node *n)
{
  return n ? xr(n)->url : NULL;
}

int galley_node_set_url(galley_node *n, const char *url)
{
  if (!n || (n->type != GALLEY_NODE_LINK && n->type != GALLEY_NODE_IMAGE))
    return 0;
  return set_string(&xw(n)->url, url);
}

const char *galley_node_get_title(const galley_node *n)
{
  return n ? xr(n)->title : NULL;
}

int galley_node_set_title(galley_node *n, const char *title)
{
  if (!n || (n->type != GALLEY_NODE_LINK && n->type != GALLEY_NODE_IMAGE &&
             n->type != GALLEY_NODE_CODE_BLOCK))
    return 0;
  return set_string(&xw(n)->title, title);
}

int galley_node_get_level(const galley_node *n)
{
  return n && n->type == GALLEY_NODE_HEADING ? xr(n)->level : 0;
}

int galley_node_set_level(galley_node *n, int level)
{
  if (!n || n->type != GALLEY_NODE_HEADING || level < 1 || level > 6)
    return 0;
  xw(n)->level = level;
  return 1;
}

int galley_node_get_division(const galley_node *n)
{
  return n && n->type == GALLEY_NODE_HEADING ? xr(n)->division : 0;
}

int galley_node_set_division(galley_node *n, int division)
{
  if (!n || n->type != GALLEY_NODE_HEADING)
    return 0;
  xw(n)->division = division != 0;
  return 1;
}

int galley_node_get_list_contents(const galley_node *n)
{
  return n && n->type == GALLEY_NODE_LIST ? xr(n)->contents : 0;
}

int galley_node_set_list_contents(galley_node *n, int contents)
{
  if (!n || n->type != GALLEY_NODE_LIST)
    return 0;
  xw(n)->contents = contents != 0;
  return 1;
}

int galley_node_get_list_ordered(const galley_node *n)
{
  return n && n->type == GALLEY_NODE_LIST ? xr(n)->list_ordered : 0;
}

int galley_node_get_list_start(const galley_node *n)
{
  return n && n->type == GALLEY_NODE_LIST ? xr(n)->list_start : 0;
}

int galley_node_get_list_tight(const galley_node *n)
{
  return n && n->type == GALLEY_NODE_LIST ? xr(n)->list_tight : 0;
}

int galley_node_set_list(galley_node *n, int ordered, int start, int tight)
{
  if (!n || n->type != GALLEY_NODE_LIST)
    return 0;
  xw(n)->list_ordered = ordered != 0;
  xw(n)->list_start = start;
  xw(n)->list_tight = tight != 0;
  return 1;
}

galley_list_style galley_node_get_list_style(const galley_node *n)
{
  return n && n->type == GALLEY_NODE_LIST ? (galley_list_style)xr(n)->list_style
                                          : GALLEY_LIST_DECIMAL;
}

galley_list_delim galley_node_get_list_delim(const galley_node *n)
{
  return n && n->type == GALLEY_NODE_LIST ? (galley_list_delim)xr(n)->list_delim
                                          : GALLEY_LIST_PERIOD;
}

int galley_node_set_list_numbering(galley_node *n, galley_list_style style,
                                   galley_list_delim delim)
{
  if (!n || n->type != GALLEY_NODE_LIST || (int)style < 0 ||
      style > GALLEY_LIST_UPPER_ROMAN || (int)delim < 0 || delim > GALLEY_LIST_PARENS)
    return 0;
  xw(n)->list_style = (unsigned char)style;
  xw(n)->list_delim = (unsigned char)delim;
  return 1;
}

const char *galley_node_get_item_marker(const galley_node *n)
{
  return n && n->type == GALLEY_NODE_ITEM ? xr(n)->marker : NULL;
}

int galley_node_set_item_marker(galley_node *n, const char *marker)
{
  if (!n || n->type != GALLEY_NODE_ITEM)
    return 0;
  if (!marker) {
    if (n->x) {
      free(n->x->marker);
      n->x->marker = NULL;
    }
    return 1;
  }
  return set_string(&xw(n)->marker, marker);
}

/* Appends `number` (1..3999) as a roman numeral, in upper or lower case. */
static void put_roman(galley_buf *b, int number, int upper)
{
  static const struct {
    int value;
    const char *digits;
  } table[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
               {90, "xc"},  {50, "l"},   {40, "xl"},  {10, "x"},   {9, "ix"},
               {5, "v"},    {4, "iv"},   {1, "i"}};
  size_t k, i;
  for (k = 0; k < sizeof table / sizeof *table; k++)
    while (number >= table[k].value) {
      for (i = 0; table[k].digits[i]; i++)
        galley_buf_putc(b, upper ? table[k].digits[i] - 32 : table[k].digits[i]);
      number -= table[k].value;
    }
}

void galley_list_format_marker(const galley_node *list, int number, char *out,
                               size_t cap)
{
  galley_buf b = GALLEY_BUF_INIT;
  galley_list_style style = galley_node_get_list_style(list);
  galley_list_delim delim = galley_node_get_list_delim(list);
  size_t n;
  if (!out || cap == 0)
    return;
  if (delim == GALLEY_LIST_PARENS)
    galley_buf_putc(&b, '(');
  if (number < 1 || number > 3999 || style == GALLEY_LIST_DECIMAL)
    galley_buf_printf(&b, "%d", number);
  else if (style == GALLEY_LIST_LOWER_ALPHA || style == GALLEY_LIST_UPPER_ALPHA) {
    /* a..z, then aa..zz as in CSS's alphabetic counters */
    char letters[8];
    int k = 0, v = number;
    while (v > 0 && k < (int)sizeof letters) {
      v--;
      letters[k++] = (char)((style == GALLEY_LIST_UPPER_ALPHA ? 'A' : 'a') + v % 26);
      v /= 26;
    }
    while (k > 0)
      galley_buf_putc(&b, letters[--k]);
  } else
    put_roman(&b, number, style == GALLEY_LIST_UPPER_ROMAN);
  galley_buf_putc(&b, delim == GALLEY_LIST_PERIOD ? '.' : ')');
  n = b.len < cap - 1 ? b.len : cap - 1;
  memcpy(out, galley_buf_cstr(&b), n);
  out[n] = '\0';
  galley_buf_free(&b);
}

int galley_list_is_expressible(const galley_node *list)
{
  const galley_node *c;
  if (!list || list->type != GALLEY_NODE_LIST || xr(list)->list_delim != GALLEY_LIST_PERIOD)
    return 0;
  for (c = list->first_child; c; c = c->next)
    if (xr(c)->marker)
      return 0;
  return 1;
}

const char *galley_node_get_id(const galley_node *n) { return n ? xr(n)->id : NULL; }

void galley_node_set_id(galley_node *n, const char *id)
{
  if (n)
    set_string(&xw(n)->id, id);
}

int galley_node_get_line(const galley_node *n) { return n ? n->line : 0; }

void galley_node_set_line(galley_node *n, int line)
{
  if (n)
    n->line = line;
}

const char *galley_node_get_rule(const galley_node *n) { return n ? n->rule : NULL; }

void galley_node_set_rule(galley_node *n, const char *rule)
{
  if (n)
    n->rule = rule;
}

galley_node *galley_node_append_text(galley_node *node, const char *text,
                                     size_t len)
{
  galley_node *t;
  if (!node || !galley_node_can_contain(node->type, GALLEY_NODE_TEXT))
    return NULL;
  t = node->last_child;
  if (t && t->type == GALLEY_NODE_TEXT) {
    t->literal = galley_xrealloc(t->literal, t->literal_len + len + 1);
    memcpy(t->literal + t->literal_len, text, len);
    t->literal_len += len;
    t->literal[t->literal_len] = '\0';
    return t;
  }
  t = galley_node_new(GALLEY_NODE_TEXT);
  galley_node_set_literal(t, text, len);
  t->line = node->line;
  galley_node_append_child(node, t);
  return t;
}

char *galley_node_get_plain_text(const galley_node *node)
{
  galley_buf b = GALLEY_BUF_INIT;
  const galley_node *cur;
  if (!node)
    return galley_buf_detach(&b, NULL);
  if (has_literal(node->type)) {
    galley_buf_put(&b, node->literal ? node->literal : "", node->literal_len);
    return galley_buf_detach(&b, NULL);
  }
  /* Iterative pre-order walk of the subtree. */
  cur = node->first_child;
  while (cur) {
    if (has_literal(cur->type))
      galley_buf_put(&b, cur->literal ? cur->literal : "", cur->literal_len);
    else if (cur->type == GALLEY_NODE_LINEBREAK)
      galley_buf_putc(&b, ' ');
    if (cur->first_child) {
      cur = cur->first_child;
      continue;
    }
    while (cur && cur != node && !cur->next)
      cur = cur->parent;
    if (!cur || cur == node)
      break;
    cur = cur->next;
  }
  return galley_buf_detach(&b, NULL);
}

galley_task galley_node_get_task(const galley_node *node)
{
  return node && node->type == GALLEY_NODE_ITEM ? (galley_task)xr(node)->task
                                                : GALLEY_TASK_NONE;
}

int galley_node_set_task(galley_node *node, galley_task task)
{
  if (!node || node->type != GALLEY_NODE_ITEM || (int)task < GALLEY_TASK_NONE ||
      task > GALLEY_TASK_DONE)
    return 0;
  xw(node)->task = (unsigned char)task;
  return 1;
}

galley_align galley_node_get_align(const galley_node *node)
{
  return node && node->type == GALLEY_NODE_TABLE_CELL ? (galley_align)xr(node)->align
                                                      : GALLEY_ALIGN_NONE;
}

int galley_node_set_align(galley_node *node, galley_align align)
{
  if (!node || node->type != GALLEY_NODE_TABLE_CELL ||
      (int)align < GALLEY_ALIGN_NONE || align > GALLEY_ALIGN_RIGHT)
    return 0;
  xw(node)->align = (unsigned char)align;
  return 1;
}

int galley_node_get_row_header(const galley_node *node)
{
  return node && node->type == GALLEY_NODE_TABLE_ROW && xr(node)->row_header;
}

int galley_node_set_row_header(galley_node *node, int header)
{
  if (!node || node->type != GALLEY_NODE_TABLE_ROW)
    return 0;
  xw(node)->row_header = header != 0;
  return 1;
}

int galley_node_get_note_number(const galley_node *node)
{
  return node && (node->type == GALLEY_NODE_FOOTNOTE ||
                  node->type == GALLEY_NODE_FOOTNOTE_REF)
             ? xr(node)->note
             : 0;
}

int galley_node_set_note_number(galley_node *node, int number)
{
  if (!node || number < 1 ||
      (node->type != GALLEY_NODE_FOOTNOTE && node->type != GALLEY_NODE_FOOTNOTE_REF))
    return 0;
  xw(node)->note = number;
  return 1;
}
