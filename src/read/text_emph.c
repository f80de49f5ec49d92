/* text_emph.c: _words_ and *words* in plain text become emphasis, and
 * ``words`` code (see text_emph.h for the rules). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../galley.h"
#include "../util/alloc.h"
#include "../util/link.h"
#include "../util/utf8.h"
#include "text_emph.h"
#include "text_rules.h"

static int is_marker(char c)
{
  return c == '_' || c == '*';
}

static int is_word_cp(int32_t cp)
{
  return (cp >= '0' && cp <= '9') || galley_utf8_is_letter(cp);
}

int text_is_emph_opener(const char *s, size_t len, size_t i)
{
  int32_t p = ' ', n;
  if (i + 1 >= len || !is_marker(s[i]))
    return 0;
  if (i > 0)
    text_prev_cp(s, i, &p);
  /* not before a quotation mark (_"The Hurlers," St. Cleer_): the shared
   * fidelity check folds a marker only before a letter or digit, so such
   * a run stays as typed */
  text_next_cp(s, len, i + 1, &n);
  if (!is_word_cp(n))
    return 0;
  return p == ' ' || p == '\t' || p == 0xA0 || p == '(' || p == '[' || p == '{' ||
         p == 0x2014 || p == 0x2013 || (p == '-' && i >= 2 && s[i - 2] == '-') ||
         (text_is_opening_quote(p) && p != ')' && p != ']');
}

int text_is_emph_closer(const char *s, size_t len, size_t i)
{
  int32_t p, n = ' ';
  if (i == 0 || i >= len || !is_marker(s[i]))
    return 0;
  text_prev_cp(s, i, &p);
  if (!is_word_cp(p) && !strchr(".,;:!?", (int)(p < 128 ? p : 'x')) &&
      !text_is_closing_quote(p))
    return 0;
  if (i + 1 < len)
    text_next_cp(s, len, i + 1, &n);
  if (n == ' ' || n == '\t' || n == 0xA0 || n == 0x2014 || n == 0x2013 || n == 0x2026)
    return 1;
  if (n == ')' || n == ']' || n == '}' || text_is_closing_quote(n) ||
      (n < 128 && strchr(".,;:!?-", (int)n))) {
    /* "_init_.py", "*x*-y": punctuation that goes on into a word */
    int32_t after = ' ';
    if (i + 2 < len)
      text_next_cp(s, len, i + 2, &after);
    return !is_word_cp(after) && !is_marker((char)(after < 128 ? after : 0));
  }
  return 0;
}

int text_is_in_address(const char *s, size_t len, size_t i)
{
  size_t a = i, b = i;
  while (a > 0 && s[a - 1] != ' ' && s[a - 1] != '\t')
    a--;
  while (b < len && s[b] != ' ' && s[b] != '\t')
    b++;
  {
    size_t start, wlen = galley_link_trim_word(s + a, b - a, &start);
    return wlen > 0 && galley_link_is_address_word(s + a + start, wlen);
  }
}

size_t text_find_emph_closer(const char *s, size_t len, size_t i)
{
  size_t j, end = len - i > TEXT_EMPH_MAX_BYTES ? i + TEXT_EMPH_MAX_BYTES : len;
  int same_word = 1; /* no space yet between the opener and j */
  for (j = i + 2; j < end; j++) {
    if (s[j] == ' ')
      same_word = 0;
    if (s[j] != s[i])
      continue;
    if (text_is_emph_closer(s, len, j))
      return j;
    /* "_init_.py", "_a_b_": a marker inside the opener's own word that
     * closes nothing; "_one _two_": another run opens first */
    if (same_word || text_is_emph_opener(s, len, j))
      return len;
  }
  return len;
}

size_t text_find_literal_end(const char *s, size_t len, size_t i)
{
  size_t j, end = len - i > TEXT_EMPH_MAX_BYTES ? i + TEXT_EMPH_MAX_BYTES : len;
  int32_t p = ' ';
  if (i + 4 >= len || s[i] != '`' || s[i + 1] != '`' || s[i + 2] == '`' || s[i + 2] == ' ')
    return len;
  if (i > 0)
    text_prev_cp(s, i, &p);
  if (is_word_cp(p) || p == '`')
    return len;
  for (j = i + 3; j + 1 < end; j++) {
    int32_t n = ' ';
    if (s[j] != '`' || s[j + 1] != '`')
      continue;
    if (s[j - 1] == ' ')
      return len;
    if (j + 2 < len)
      text_next_cp(s, len, j + 2, &n);
    return is_word_cp(n) || n == '`' ? len : j;
  }
  return len;
}

/* The run a marker at s[i] opens: the offset of its closing marker, with
 * the marker's bytes in *mark (2: a ``literal``, 1: an _emphasis_), or
 * `len` when no run opens there. */
static size_t run_at(const char *s, size_t len, size_t i, size_t *mark)
{
  size_t j;
  if (s[i] == '`') {
    *mark = 2;
    return text_find_literal_end(s, len, i);
  }
  *mark = 1;
  if (!is_marker(s[i]) || !text_is_emph_opener(s, len, i))
    return len;
  j = text_find_emph_closer(s, len, i);
  if (j == len || text_is_in_address(s, len, i) || text_is_in_address(s, len, j))
    return len;
  return j;
}

/* Splits one TEXT node into text and EMPH nodes in its place. */
static void split_node(galley_node *t)
{
  size_t len, i, from = 0;
  const char *s = galley_node_get_literal(t, &len);
  char *copy = galley_xstrndup(s, len);
  int changed = 0;
  for (i = 0; i < len; i++) {
    size_t mark, j = run_at(copy, len, i, &mark); /* mark: bytes of the marker */
    galley_node *e;
    if (j == len)
      continue;
    if (i > from) {
      galley_node *before = galley_node_new(GALLEY_NODE_TEXT);
      galley_node_set_literal(before, copy + from, i - from);
      galley_node_insert_before(t, before);
    }
    if (mark == 2) {
      e = galley_node_new(GALLEY_NODE_CODE);
      galley_node_set_literal(e, copy + i + 2, j - i - 2);
    } else {
      e = galley_node_new(GALLEY_NODE_EMPH);
      galley_node_append_text(e, copy + i + 1, j - i - 1);
    }
    galley_node_insert_before(t, e);
    from = j + mark;
    i = from - 1;
    changed = 1;
  }
  if (changed) {
    if (from < len)
      galley_node_set_literal(t, copy + from, len - from);
    else
      galley_node_free(t);
  }
  free(copy);
}

void text_emph_plain(const char *s, size_t len, galley_buf *out)
{
  size_t i, j, mark;
  for (i = 0; i < len; i++) {
    if ((j = run_at(s, len, i, &mark)) < len) {
      galley_buf_put(out, s + i + mark, j - i - mark);
      i = j + mark - 1;
      continue;
    }
    galley_buf_putc(out, s[i]);
  }
}

/* Lines a run may span when it crosses line breaks (verse, a title
 * page's lines set one under another). */
#define EMPH_SPAN_LINES 8

/* The first opener in TEXT node t that closes nowhere in t (split_node
 * has taken the runs that do), or len. */
static size_t open_run(const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < len; i++)
    if (is_marker(s[i]) && text_is_emph_opener(s, len, i) &&
        text_find_emph_closer(s, len, i) == len && !text_is_in_address(s, len, i))
      return i;
  return len;
}

/* A run typed across forced line breaks ("_Oh, the sea, the sea," /
 * "the wide and open sea!_", each line a TEXT node between LINEBREAK
 * nodes): the nodes from t's unclosed opener to the first closer of the
 * same marker within EMPH_SPAN_LINES lines go into one EMPH node, the
 * two markers dropped. A line with another opener of that marker, or
 * anything but text and line breaks, ends the search. Returns the node
 * after what it looked at, where the walk goes on. */
static galley_node *span_breaks(galley_node *t)
{
  size_t len, oa, blen, ob = 0;
  const char *s = galley_node_get_literal(t, &len);
  galley_node *n, *b = NULL, *e, *m;
  char mark;
  int lines = 0;
  if ((oa = open_run(s, len)) == len)
    return galley_node_next(t);
  mark = s[oa];
  for (n = galley_node_next(t); n && !b && lines < EMPH_SPAN_LINES; n = galley_node_next(n)) {
    const char *ns;
    size_t k;
    if (galley_node_get_type(n) == GALLEY_NODE_LINEBREAK) {
      lines++;
      continue;
    }
    if (galley_node_get_type(n) != GALLEY_NODE_TEXT)
      return galley_node_next(t);
    ns = galley_node_get_literal(n, &blen);
    for (k = 0; k < blen; k++) {
      if (ns[k] != mark)
        continue;
      if (text_is_emph_closer(ns, blen, k) && !text_is_in_address(ns, blen, k)) {
        b = n;
        ob = k;
        break;
      }
      if (text_is_emph_opener(ns, blen, k))
        return galley_node_next(t); /* another run opens first */
    }
  }
  if (!b)
    return galley_node_next(t);
  e = galley_node_new(GALLEY_NODE_EMPH);
  galley_node_insert_before(galley_node_next(t), e);
  galley_node_append_text(e, s + oa + 1, len - oa - 1);
  while ((m = galley_node_next(e)) != b) {
    galley_node_unlink(m);
    galley_node_append_child(e, m);
  }
  {
    const char *bs = galley_node_get_literal(b, &blen);
    char *tail = galley_xstrndup(bs + ob + 1, blen - ob - 1);
    galley_node_append_text(e, bs, ob);
    if (blen - ob - 1 > 0)
      galley_node_set_literal(b, tail, blen - ob - 1);
    else
      galley_node_free(b);
    free(tail);
  }
  if (oa > 0) {
    char *head = galley_xstrndup(s, oa); /* s is t's own literal */
    galley_node_set_literal(t, head, oa);
    free(head);
  } else {
    galley_node_free(t);
  }
  return galley_node_next(e);
}

static int has_marker(const galley_node *t)
{
  size_t len;
  const char *s = galley_node_get_literal(t, &len);
  return memchr(s, '_', len) || memchr(s, '*', len) || memchr(s, '`', len);
}

/* span_breaks for every TEXT node with a marker right before a line
 * break under `parent`, outside the title and datelines. The walk
 * takes its next node from span_breaks, since a run moves and frees the
 * nodes it spans. */
static void span_lines(galley_node *parent)
{
  galley_node *c = galley_node_first_child(parent);
  while (c) {
    galley_node_type t = galley_node_get_type(c);
    if (t == GALLEY_NODE_TITLE || t == GALLEY_NODE_DATELINE) {
      c = galley_node_next(c);
      continue;
    }
    if (t == GALLEY_NODE_TEXT && has_marker(c) &&
        galley_node_get_type(galley_node_next(c)) == GALLEY_NODE_LINEBREAK) {
      c = span_breaks(c);
      continue;
    }
    if (galley_node_first_child(c))
      span_lines(c);
    c = galley_node_next(c);
  }
}

void text_apply_emphasis(galley_node *root)
{
  galley_iter *it;
  galley_event_type ev;
  galley_node **todo = NULL; /* owned array of borrowed TEXT nodes */
  size_t n = 0, cap = 0, k;
  int skip = 0; /* inside the title or a dateline */
  if (!root)
    return;
  it = galley_iter_new(root);
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *node = galley_iter_get_node(it);
    galley_node_type t = galley_node_get_type(node);
    if (t == GALLEY_NODE_TITLE || t == GALLEY_NODE_DATELINE) {
      skip += ev == GALLEY_EVENT_ENTER ? 1 : -1;
      continue;
    }
    if (skip || ev != GALLEY_EVENT_ENTER || t != GALLEY_NODE_TEXT || !has_marker(node))
      continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 16;
      todo = galley_xreallocarray(todo, cap, sizeof *todo);
    }
    todo[n++] = node;
  }
  galley_iter_free(it);
  /* The tree changes only now, after the iterator is gone. */
  for (k = 0; k < n; k++)
    split_node(todo[k]);
  free(todo);
  span_lines(root);
}
