/* markdown_notes.c: footnotes: the notes nothing cites kept where they
 * stand (a warning), the labels of the notes cmark-gfm kept, and every
 * note numbered in reading order. */
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "clean.h"
#include "markdown_private.h"

static void prefix_label(md_reader *r, galley_node *holder, const char *label, size_t len);

/* ------------------------------------------------------------------ */
/* Notes never cited                                                   */
/* ------------------------------------------------------------------ */

/* cmark-gfm drops a footnote definition nothing cites, without a word.
 * galley keeps it where it was written, as the paragraphs it holds
 * after its label ("[^aside]: ..."), with a warning: so the text finds
 * where a definition's label was typed ("[^x]:" in the source) and, when
 * there are more labels than notes kept, reads the text again with a
 * paragraph citing each label put before it. The definitions cited only
 * by those paragraphs are the ones dropped. The source is read twice
 * only then. */

/* A footnote label longer than this is not one (cmark's link labels stop
 * at 999 bytes too). */
#define NOTE_LABEL_MAX 999

static int compare_labels(const void *a, const void *b)
{
  const note_label *x = a, *y = b;
  if (x->len != y->len)
    return x->len < y->len ? -1 : 1;
  return memcmp(x->ptr, y->ptr, x->len);
}

/* The distinct labels of what looks like a footnote definition in
 * s[0..len), "[^label]:" (cmark-gfm's scanner: no space, tab, line end
 * or "]" in the label), wherever it stands (in a quote, an item, code);
 * caller frees *out (NULL when none). Returns how many. */
static int find_note_labels(const char *s, size_t len, note_label **out)
{
  const char *p = s, *end = s + len;
  note_label *labels = NULL;
  int n = 0, cap = 0, i, kept;
  while ((p = memchr(p, '[', (size_t)(end - p))) != NULL) {
    const char *q = p + 2;
    if (q > end || p[1] != '^') {
      p++;
      continue;
    }
    while (q < end && *q != ']' && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r')
      q++;
    if (q + 1 < end && q[0] == ']' && q[1] == ':' && q > p + 2 &&
        (size_t)(q - p - 2) <= NOTE_LABEL_MAX) {
      if (n == cap) {
        cap = cap ? 2 * cap : 16;
        labels = galley_xreallocarray(labels, (size_t)cap, sizeof *labels);
      }
      labels[n].ptr = p + 2;
      labels[n].len = (size_t)(q - p - 2);
      n++;
    }
    p = q;
  }
  if (n > 1)
    qsort(labels, (size_t)n, sizeof *labels, compare_labels);
  for (i = 0, kept = 0; i < n; i++)
    if (kept == 0 || compare_labels(&labels[kept - 1], &labels[i]) != 0)
      labels[kept++] = labels[i];
  *out = labels;
  return kept;
}

/* The number of footnote definitions cmark kept: the document's last
 * children. */
static int count_notes(cmark_node *cdoc)
{
  cmark_node *c;
  int n = 0;
  for (c = cmark_node_last_child(cdoc);
       c && cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION; c = cmark_node_previous(c))
    n++;
  return n;
}

/* Reads the definitions nothing cites in body[0..len) into r->orphans,
 * one FOOTNOTE (numbered 0: a holder) each, its blocks read as the
 * document's, the label put before them; warns of each. */
void md_read_orphan_notes(md_reader *r, const char *body, size_t len, cmark_node *cdoc)
{
  note_label *labels = NULL;
  int n = find_note_labels(body, len, &labels), i, defs, *cited = NULL;
  const note_label **by_number = NULL; /* cmark's note number -> label */
  galley_buf text = GALLEY_BUF_INIT;
  cmark_node *cdoc2 = NULL, *c, *first_def;
  cmark_iter *it;
  cmark_event_type ev;
  int saved_offset = r->line_offset, saved_line = r->last_line;

  if (n <= count_notes(cdoc))
    goto done; /* every label typed is a note kept */
  for (i = 0; i < n; i++) {
    galley_buf_puts(&text, "[^");
    galley_buf_put(&text, labels[i].ptr, labels[i].len);
    galley_buf_puts(&text, "]\n\n");
  }
  galley_buf_put(&text, body, len);
  cdoc2 = md_parse(text.ptr, text.len);
  galley_buf_free(&text);
  if (!cdoc2)
    goto done;
  defs = count_notes(cdoc2);
  by_number = galley_xcalloc((size_t)defs + 1, sizeof *by_number);
  cited = galley_xcalloc((size_t)defs + 1, sizeof *cited);
  /* the first n blocks cite the labels; the others cite what they cite */
  for (c = cmark_node_first_child(cdoc2), i = 0; c; c = cmark_node_next(c), i++) {
    cmark_iter *ci;
    if (cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION)
      break;
    if (i < n) {
      cmark_node *ref = cmark_node_first_child(c);
      const char *num = ref ? cmark_node_get_literal(ref) : NULL;
      int k = num && cmark_node_get_type(ref) == CMARK_NODE_FOOTNOTE_REFERENCE ? atoi(num) : 0;
      if (k >= 1 && k <= defs)
        by_number[k] = &labels[i];
      continue;
    }
    ci = cmark_iter_new(c);
    while ((ev = cmark_iter_next(ci)) != CMARK_EVENT_DONE) {
      cmark_node *x = cmark_iter_get_node(ci);
      int k;
      if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(x) == CMARK_NODE_FOOTNOTE_REFERENCE &&
          (k = atoi(cmark_node_get_literal(x) ? cmark_node_get_literal(x) : "")) >= 1 &&
          k <= defs)
        cited[k] = 1;
    }
    cmark_iter_free(ci);
  }
  first_def = c;
  /* notes cite notes as well: a note cited only from a note is kept */
  for (c = first_def; c; c = cmark_node_next(c)) {
    it = cmark_iter_new(c);
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
      cmark_node *x = cmark_iter_get_node(it);
      int k;
      if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(x) == CMARK_NODE_FOOTNOTE_REFERENCE &&
          (k = atoi(cmark_node_get_literal(x) ? cmark_node_get_literal(x) : "")) >= 1 &&
          k <= defs)
        cited[k] = 1;
    }
    cmark_iter_free(it);
  }
  /* the orphans, read as the body is, their citations as typed */
  r->line_offset = saved_offset - 2 * n;
  r->note_labels = by_number;
  r->note_label_count = defs;
  for (c = first_def, i = 1; c; c = cmark_node_next(c), i++) {
    galley_node *holder;
    const note_label *label = by_number[i];
    if (cited[i] || !label)
      continue;
    r->cur = r->orphans;
    it = cmark_iter_new(c);
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
      cmark_node *x = cmark_iter_get_node(it);
      if (ev == CMARK_EVENT_ENTER)
        md_enter(r, it, x);
      else
        md_leave(r, x);
    }
    cmark_iter_free(it);
    holder = galley_node_last_child(r->orphans);
    if (!holder)
      continue;
    galley_diag_add(r->diag, galley_node_get_line(holder), 0,
                    "footnote [^%.*s] is never cited; kept as a paragraph where it stands",
                    (int)(label->len > 60 ? 60 : label->len), label->ptr);
    prefix_label(r, holder, label->ptr, label->len);
  }
  r->note_labels = NULL;
  r->note_label_count = 0;
  r->line_offset = saved_offset;
  r->last_line = saved_line;
  r->cur = galley_doc_get_root(r->doc);
done:
  if (cdoc2)
    cmark_node_free(cdoc2);
  free(by_number);
  free(cited);
  free(labels);
  galley_buf_free(&text);
}

static int compare_lines(const void *a, const void *b)
{
  int x = galley_node_get_line(*(galley_node *const *)a);
  int y = galley_node_get_line(*(galley_node *const *)b);
  return (x > y) - (x < y);
}

/* Moves the blocks of each note never cited (r->orphans) into the body,
 * before the first top-level block that starts after it. */
void md_place_orphan_notes(md_reader *r)
{
  galley_node *root = galley_doc_get_root(r->doc), *c, *at, **list;
  int n = 0, i;
  for (c = galley_node_first_child(r->orphans); c; c = galley_node_next(c))
    n++;
  if (n == 0)
    return;
  list = galley_xcalloc((size_t)n, sizeof *list);
  for (c = galley_node_first_child(r->orphans), i = 0; c; c = galley_node_next(c))
    list[i++] = c;
  qsort(list, (size_t)n, sizeof *list, compare_lines);
  at = galley_node_first_child(root);
  for (i = 0; i < n; i++) {
    int line = galley_node_get_line(list[i]);
    while (at && galley_node_get_line(at) <= line)
      at = galley_node_next(at);
    while ((c = galley_node_first_child(list[i])) != NULL) {
      galley_node_unlink(c);
      if (at)
        galley_node_insert_before(at, c);
      else
        galley_node_append_child(root, c);
    }
  }
  free(list);
}

/* ------------------------------------------------------------------ */
/* Note numbers                                                        */
/* ------------------------------------------------------------------ */

/* cmark-gfm numbers the notes in the order their citations stand in the
 * source: a definition's citations count where it was typed (above the
 * text, say), and so does a citation in the title, which the model keeps
 * in the metadata. The model numbers notes in reading order: the body's
 * citations first, then those in the notes, note by note
 * (md_renumber_notes). A note only the title or notes outside that order
 * cite is kept as its paragraphs where it stands, as a note nothing cites
 * is (md_read_orphan_notes). Both need each note's label, read here from the
 * source: cmark-gfm keeps it to itself. */

typedef struct note_at {
  int number; /* cmark-gfm's note number */
  int line;   /* the body line where its text starts */
  int col;    /* 1-based byte column where its text starts */
} note_at;

static int compare_note_at(const void *a, const void *b)
{
  const note_at *x = a, *y = b;
  return (x->line > y->line) - (x->line < y->line);
}

/* The label of each note cmark-gfm kept (its number's), copied into
 * r->note_names: the "[^label]:" on the line its text starts on, before
 * the text. One pass over body[0..len). */
void md_read_note_names(md_reader *r, cmark_node *cdoc, const char *body, size_t len)
{
  int n = count_notes(cdoc), i, line = 1;
  note_at *at;
  cmark_node *c;
  size_t pos = 0;
  if (n == 0)
    return;
  at = galley_xcalloc((size_t)n, sizeof *at);
  r->note_names = galley_xcalloc((size_t)n + 1, sizeof *r->note_names);
  r->note_name_count = n;
  for (c = cmark_node_last_child(cdoc), i = n; i >= 1; c = cmark_node_previous(c), i--) {
    at[i - 1].number = i;
    at[i - 1].line = cmark_node_get_start_line(c);
    at[i - 1].col = cmark_node_get_start_column(c);
  }
  qsort(at, (size_t)n, sizeof *at, compare_note_at);
  for (i = 0; i < n; i++) {
    const char *s;
    size_t line_len, p;
    while (line < at[i].line && pos < len) {
      pos = md_next_line(body, len, pos);
      line++;
    }
    if (line != at[i].line)
      break;
    s = body + pos;
    line_len = md_line_length(body, len, pos);
    p = at[i].col > 1 && (size_t)at[i].col - 1 < line_len ? (size_t)at[i].col - 1 : line_len;
    /* back to the "]:" closing the label, then to its "[^" */
    while (p >= 2 && !(s[p - 2] == ']' && s[p - 1] == ':'))
      p--;
    if (p >= 2) {
      size_t end = p - 2, q = end;
      while (q >= 2 && !(s[q - 2] == '[' && s[q - 1] == '^'))
        q--;
      if (q >= 2 && end > q) {
        galley_buf b = GALLEY_BUF_INIT;
        galley_clean_string(&b, s + q, end - q);
        r->note_names[at[i].number] = galley_buf_detach(&b, NULL);
      }
    }
  }
  free(at);
}

/* Puts "[^label]: " (as typed) before the first paragraph of `holder`, a
 * FOOTNOTE whose blocks go into the body, and marks that paragraph. */
static void prefix_label(md_reader *r, galley_node *holder, const char *label, size_t len)
{
  galley_node *first = galley_node_first_child(holder), *t;
  galley_buf text = GALLEY_BUF_INIT;
  galley_buf_puts(&text, "[^");
  galley_buf_put(&text, label, len);
  galley_buf_puts(&text, "]: ");
  md_clean_literal(r, text.ptr, text.len, 0);
  galley_buf_free(&text);
  if (!first || galley_node_get_type(first) != GALLEY_NODE_PARAGRAPH) {
    galley_node *p = galley_node_new(GALLEY_NODE_PARAGRAPH);
    galley_node_set_line(p, galley_node_get_line(holder));
    if (first)
      galley_node_insert_before(first, p);
    else
      galley_node_append_child(holder, p);
    first = p;
  }
  t = galley_node_new(GALLEY_NODE_TEXT);
  galley_node_set_literal(t, r->scratch.ptr, r->scratch.len);
  galley_node_set_line(t, galley_node_get_line(holder));
  if (galley_node_first_child(first))
    galley_node_insert_before(galley_node_first_child(first), t);
  else
    galley_node_append_child(first, t);
  galley_node_set_rule(first, "note-never-cited");
}

/* Numbers the citations under `root` (cmark-gfm's numbers, 1..n) in
 * reading order: a note not numbered yet gets the next number
 * (*io_next), recorded in to_new[old] and order[new]. */
static void number_citations(galley_node *root, int n, int *to_new, int *order, int *io_next)
{
  galley_iter *it = galley_iter_new(root);
  galley_event_type ev;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *g = galley_iter_get_node(it);
    int k;
    if (ev != GALLEY_EVENT_ENTER || galley_node_get_type(g) != GALLEY_NODE_FOOTNOTE_REF)
      continue;
    k = galley_node_get_note_number(g);
    if (k < 1 || k > n)
      continue;
    if (!to_new[k]) {
      to_new[k] = ++*io_next;
      order[*io_next] = k;
    }
    galley_node_set_note_number(g, to_new[k]);
  }
  galley_iter_free(it);
}

/* The citations in a note that goes into the body (`holder`) as text:
 * "[^label]" as typed. */
static void citations_as_text(md_reader *r, galley_node *holder)
{
  galley_iter *it = galley_iter_new(holder);
  galley_event_type ev;
  galley_node **refs = NULL;
  int n = 0, cap = 0, i;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *g = galley_iter_get_node(it);
    if (ev != GALLEY_EVENT_ENTER || galley_node_get_type(g) != GALLEY_NODE_FOOTNOTE_REF)
      continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 8;
      refs = galley_xreallocarray(refs, (size_t)cap, sizeof *refs);
    }
    refs[n++] = g;
  }
  galley_iter_free(it);
  for (i = 0; i < n; i++) {
    int k = galley_node_get_note_number(refs[i]);
    const char *name = k >= 1 && k <= r->note_name_count ? r->note_names[k] : NULL;
    galley_buf b = GALLEY_BUF_INIT;
    galley_node *t = galley_node_new(GALLEY_NODE_TEXT);
    if (name)
      galley_buf_printf(&b, "[^%s]", name);
    else
      galley_buf_printf(&b, "[%d]", k);
    galley_node_set_literal(t, b.ptr, b.len);
    galley_node_set_line(t, galley_node_get_line(refs[i]));
    galley_node_insert_before(refs[i], t);
    galley_node_free(refs[i]);
    galley_buf_free(&b);
  }
  free(refs);
}

/* The rule for numbers (above): the notes in r->notes renumbered in
 * reading order, the citations with them; a note outside that order
 * moved to r->orphans, its citations as text, with a warning. */
void md_renumber_notes(md_reader *r)
{
  int n = r->note_count, next = 0, q, k;
  galley_node **notes, *c;
  int *to_new, *order;
  if (n == 0)
    return;
  notes = galley_xcalloc((size_t)n + 1, sizeof *notes);
  to_new = galley_xcalloc((size_t)n + 1, sizeof *to_new);
  order = galley_xcalloc((size_t)n + 1, sizeof *order);
  for (c = galley_node_first_child(r->notes), k = 1; c && k <= n; c = galley_node_next(c), k++)
    notes[k] = c;
  number_citations(galley_doc_get_root(r->doc), n, to_new, order, &next);
  for (q = 1; q <= next; q++)
    if (notes[order[q]])
      number_citations(notes[order[q]], n, to_new, order, &next);
  for (q = 1; q <= next; q++) {
    if (!notes[order[q]])
      continue;
    galley_node_unlink(notes[order[q]]);
    galley_node_set_note_number(notes[order[q]], q);
    galley_node_append_child(r->notes, notes[order[q]]);
  }
  /* what is left before them is cited from nowhere in the text */
  for (k = 1; k <= n; k++) {
    const char *name = r->note_names && k <= r->note_name_count ? r->note_names[k] : NULL;
    if (to_new[k] || !notes[k])
      continue;
    galley_node_unlink(notes[k]);
    citations_as_text(r, notes[k]);
    if (name) {
      prefix_label(r, notes[k], name, strlen(name));
      galley_diag_add(r->diag, galley_node_get_line(notes[k]), 0,
                      "footnote [^%.60s] is cited only from the title or from notes the "
                      "text does not cite; kept as a paragraph where it stands",
                      name);
    } else {
      galley_diag_add(r->diag, galley_node_get_line(notes[k]), 0,
                      "a footnote is cited only from the title or from notes the text "
                      "does not cite; kept as a paragraph where it stands");
    }
    galley_node_append_child(r->orphans, notes[k]);
  }
  free(notes);
  free(to_new);
  free(order);
}

