/* pdf_object.c: reading back the PDF Cairo writes (see pdf_object.h).
 * The syntax is ISO 32000-1, 7.2-7.5: white space and comments, the
 * eight kinds of object, indirect references, streams, and the
 * cross-reference table with its trailer. */
#include "pdf_object.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"

/* Arrays and dictionaries nested deeper than this are refused. */
#define MAX_NESTING 64
/* Cross-reference sections followed through /Prev at most. */
#define MAX_SECTIONS 64
/* How far from the end "startxref" is looked for. */
#define TAIL_BYTES 1024

static int is_regular(int c)
{
  return !pdf_is_white(c) && !pdf_is_delim(c);
}

size_t pdf_skip_literal(const unsigned char *s, size_t n, size_t i)
{
  int nest = 0;
  for (; i < n; i++) {
    if (s[i] == '\\')
      i++;
    else if (s[i] == '(')
      nest++;
    else if (s[i] == ')' && --nest == 0)
      return i + 1;
  }
  return 0;
}

/* Skips white space and comments from `i`. */
static size_t skip_space(const unsigned char *s, size_t n, size_t i)
{
  while (i < n) {
    if (pdf_is_white(s[i])) {
      i++;
    } else if (s[i] == '%') {
      while (i < n && s[i] != '\n' && s[i] != '\r')
        i++;
    } else {
      break;
    }
  }
  return i;
}

/* The end of the regular token at `i`. */
static size_t token_end(const unsigned char *s, size_t n, size_t i)
{
  while (i < n && is_regular(s[i]))
    i++;
  return i;
}

/* 1 when the bytes at `i` are keyword `word` as a whole token. */
static int is_keyword(const unsigned char *s, size_t n, size_t i, const char *word)
{
  size_t k = strlen(word);
  return i + k <= n && memcmp(s + i, word, k) == 0 && (i + k == n || !is_regular(s[i + k]));
}

/* Reads an unsigned integer token at `i`; returns its end, or 0 when
 * there is none. */
static size_t read_uint(const unsigned char *s, size_t n, size_t i, long *out)
{
  long v = 0;
  size_t start = i;
  while (i < n && s[i] >= '0' && s[i] <= '9') {
    if (v > (LONG_MAX - 9) / 10)
      return 0; /* too large for any offset or count */
    v = v * 10 + (s[i] - '0');
    i++;
  }
  if (i == start || (i < n && is_regular(s[i])))
    return 0;
  *out = v;
  return i;
}

static int new_value(pdf_parse *p, pdfv_kind kind, size_t start, size_t len)
{
  pdfv *v;
  if (p->n == p->cap) {
    p->cap = p->cap ? 2 * p->cap : 32;
    p->v = galley_xreallocarray(p->v, (size_t)p->cap, sizeof *p->v);
  }
  v = &p->v[p->n];
  v->kind = kind;
  v->first = v->next = -1;
  v->n = 0;
  v->start = start;
  v->len = len;
  v->ref = 0;
  return p->n++;
}

/* Parses the value at *io_i (after white space) into `p`; returns its
 * index, or -1, and moves *io_i past it. */
static int parse_value(const pdf_file *f, pdf_parse *p, size_t *io_i, int depth)
{
  const unsigned char *s = f->s;
  size_t n = f->len, i = skip_space(s, n, *io_i), start = i;
  int v;
  if (i >= n || depth > MAX_NESTING)
    return -1;
  if (s[i] == '[' || (s[i] == '<' && i + 1 < n && s[i + 1] == '<')) {
    int dict = s[i] == '<', last = -1;
    v = new_value(p, dict ? PDFV_DICT : PDFV_ARRAY, i, 0);
    i += dict ? 2 : 1;
    for (;;) {
      int c;
      i = skip_space(s, n, i);
      if (i >= n)
        return -1;
      if (dict ? (s[i] == '>' && i + 1 < n && s[i + 1] == '>') : s[i] == ']') {
        i += dict ? 2 : 1;
        break;
      }
      if (dict && s[i] != '/' && p->v[v].n % 2 == 0)
        return -1; /* a key that is not a name */
      c = parse_value(f, p, &i, depth + 1);
      if (c < 0)
        return -1;
      if (last < 0)
        p->v[v].first = c;
      else
        p->v[last].next = c;
      last = c;
      p->v[v].n++;
    }
    if (dict && p->v[v].n % 2 != 0)
      return -1;
    p->v[v].len = i - start;
    *io_i = i;
    return v;
  }
  if (s[i] == '(') {
    if ((i = pdf_skip_literal(s, n, i)) == 0)
      return -1;
    v = new_value(p, PDFV_STR, start, i - start);
  } else if (s[i] == '<') {
    while (i < n && s[i] != '>')
      i++;
    if (i >= n)
      return -1;
    i++;
    v = new_value(p, PDFV_STR, start, i - start);
  } else if (s[i] == '/') {
    i = token_end(s, n, i + 1);
    v = new_value(p, PDFV_NAME, start, i - start);
  } else if ((s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '+' || s[i] == '.') {
    long num, gen;
    size_t k, e = read_uint(s, n, i, &num);
    i = token_end(s, n, i);
    /* "num gen R": an indirect reference */
    if (e && (k = read_uint(s, n, skip_space(s, n, e), &gen)) != 0 &&
        is_keyword(s, n, skip_space(s, n, k), "R")) {
      i = skip_space(s, n, k) + 1;
      v = new_value(p, PDFV_REF, start, i - start);
      p->v[v].ref = num;
    } else {
      v = new_value(p, PDFV_NUM, start, i - start);
    }
  } else if (is_keyword(s, n, i, "true") || is_keyword(s, n, i, "false")) {
    i = token_end(s, n, i);
    v = new_value(p, PDFV_BOOL, start, i - start);
  } else if (is_keyword(s, n, i, "null")) {
    i += 4;
    v = new_value(p, PDFV_NULL, start, 4);
  } else {
    return -1;
  }
  *io_i = i;
  return v;
}

void pdf_parse_free(pdf_parse *p)
{
  free(p->v);
  memset(p, 0, sizeof *p);
}

int pdfv_get(const pdf_file *f, const pdf_parse *p, int dict, const char *key)
{
  size_t k = strlen(key);
  int c;
  if (dict < 0 || p->v[dict].kind != PDFV_DICT)
    return -1;
  for (c = p->v[dict].first; c >= 0; c = p->v[p->v[c].next].next)
    if (p->v[c].len == k && memcmp(f->s + p->v[c].start, key, k) == 0)
      return p->v[c].next;
  return -1;
}

int pdfv_is_name(const pdf_file *f, const pdf_parse *p, int v, const char *name)
{
  size_t k = strlen(name);
  return v >= 0 && p->v[v].kind == PDFV_NAME && p->v[v].len == k &&
         memcmp(f->s + p->v[v].start, name, k) == 0;
}

int pdfv_number(const pdf_file *f, const pdf_parse *p, int v, double *out)
{
  char tmp[64];
  char *end;
  if (v < 0 || p->v[v].kind != PDFV_NUM || p->v[v].len >= sizeof tmp)
    return 0;
  memcpy(tmp, f->s + p->v[v].start, p->v[v].len);
  tmp[p->v[v].len] = '\0';
  *out = strtod(tmp, &end);
  return end != tmp;
}

/* The integer value `v`, or -1. */
static long uint_value(const pdf_file *f, const pdf_parse *p, int v)
{
  long out;
  if (v < 0 || p->v[v].kind != PDFV_NUM ||
      read_uint(f->s, p->v[v].start + p->v[v].len, p->v[v].start, &out) == 0)
    return -1;
  return out;
}

/* Parses object `num` into `p`; a stream's length through the object
 * its /Length names only when `streams` is set (that object is parsed
 * without it: a length that is itself a stream is no length, and two
 * streams naming each other cannot recurse). */
static int parse_object(const pdf_file *f, long num, pdf_parse *p, int streams)
{
  const unsigned char *s = f->s;
  size_t n = f->len, i;
  long got, gen;
  int len_v;
  p->n = 0;
  p->is_stream = 0;
  p->data = p->data_len = 0;
  p->length_ref = 0;
  if (num <= 0 || num >= f->size || f->offset[num] == 0)
    return 0;
  i = f->offset[num];
  if ((i = read_uint(s, n, i, &got)) == 0 || got != num ||
      (i = read_uint(s, n, skip_space(s, n, i), &gen)) == 0 ||
      !is_keyword(s, n, (i = skip_space(s, n, i)), "obj"))
    return 0;
  i += 3;
  if (parse_value(f, p, &i, 0) != 0)
    return 0;
  i = skip_space(s, n, i);
  if (!is_keyword(s, n, i, "stream"))
    return 1;
  if (!streams || p->v[0].kind != PDFV_DICT)
    return 0;
  i += 6;
  if (i < n && s[i] == '\r')
    i++;
  if (i < n && s[i] == '\n')
    i++;
  p->is_stream = 1;
  p->data = i;
  len_v = pdfv_get(f, p, 0, "/Length");
  if (len_v >= 0 && p->v[len_v].kind == PDFV_REF) {
    pdf_parse lp = PDF_PARSE_INIT;
    p->length_ref = p->v[len_v].ref;
    got = parse_object(f, p->length_ref, &lp, 0) ? uint_value(f, &lp, 0) : -1;
    pdf_parse_free(&lp);
  } else {
    got = uint_value(f, p, len_v);
  }
  if (got >= 0 && (size_t)got <= n - i) {
    size_t e = skip_space(s, n, i + (size_t)got);
    if (is_keyword(s, n, e, "endstream")) {
      p->data_len = (size_t)got;
      return 1;
    }
  }
  return 0; /* a length that does not end at "endstream" */
}

int pdf_parse_object(const pdf_file *f, long num, pdf_parse *p)
{
  return parse_object(f, num, p, 1);
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

static int same_atom(const pdf_file *f, const pdfv *a, const pdfv *b)
{
  return a->len == b->len && memcmp(f->s + a->start, f->s + b->start, a->len) == 0;
}

static int in_list(const pdf_file *f, const pdfv *key, const char *const *list)
{
  for (; list && *list; list++)
    if (strlen(*list) == key->len && memcmp(f->s + key->start, *list, key->len) == 0)
      return 1;
  return 0;
}

void pdfv_write(const pdf_file *f, const pdf_parse *p, int v, const char *const *skip,
                const char *extra, galley_buf *out)
{
  const pdfv *x = &p->v[v];
  int c;
  switch (x->kind) {
  case PDFV_REF:
    if (!f->renumber)
      galley_buf_printf(out, "%ld 0 R", x->ref);
    else if (x->ref > 0 && x->ref < f->size && f->renumber[x->ref] > 0)
      galley_buf_printf(out, "%ld 0 R", f->renumber[x->ref]);
    else
      galley_buf_puts(out, "null");
    break;
  case PDFV_ARRAY:
    galley_buf_putc(out, '[');
    for (c = x->first; c >= 0; c = p->v[c].next) {
      if (c != x->first)
        galley_buf_putc(out, ' ');
      pdfv_write(f, p, c, NULL, NULL, out);
    }
    galley_buf_putc(out, ']');
    break;
  case PDFV_DICT:
    galley_buf_puts(out, "<<");
    for (c = x->first; c >= 0; c = p->v[p->v[c].next].next) {
      int later, dup = 0;
      if (in_list(f, &p->v[c], skip))
        continue;
      for (later = p->v[p->v[c].next].next; later >= 0 && !dup;
           later = p->v[p->v[later].next].next)
        dup = same_atom(f, &p->v[c], &p->v[later]);
      if (dup)
        continue;
      galley_buf_put(out, f->s + p->v[c].start, p->v[c].len);
      galley_buf_putc(out, ' ');
      pdfv_write(f, p, p->v[c].next, NULL, NULL, out);
      galley_buf_putc(out, ' ');
    }
    if (extra)
      galley_buf_puts(out, extra);
    galley_buf_puts(out, ">>");
    break;
  default:
    galley_buf_put(out, f->s + x->start, x->len);
    break;
  }
}

/* ------------------------------------------------------------------ */
/* Cross-reference tables                                              */
/* ------------------------------------------------------------------ */

/* Reads the section at `at`: its entries into `f` where no later
 * section has set them (`seen`), its trailer into `trailer`. Returns 0
 * when it cannot be read. */
static int read_section(pdf_file *f, size_t at, unsigned char **io_seen, long *io_cap,
                        pdf_parse *trailer)
{
  const unsigned char *s = f->s;
  size_t n = f->len, i = at;
  if (!is_keyword(s, n, i, "xref"))
    return 0;
  i += 4;
  for (;;) {
    long first, count, k;
    i = skip_space(s, n, i);
    if (is_keyword(s, n, i, "trailer"))
      break;
    if ((i = read_uint(s, n, i, &first)) == 0 ||
        (i = read_uint(s, n, skip_space(s, n, i), &count)) == 0 || count > (long)(n / 18) ||
        first > (long)(n / 18))
      return 0;
    if (first + count > *io_cap) {
      long cap = first + count;
      *io_seen = galley_xrealloc(*io_seen, (size_t)cap);
      memset(*io_seen + *io_cap, 0, (size_t)(cap - *io_cap));
      f->offset = galley_xreallocarray(f->offset, (size_t)cap, sizeof *f->offset);
      memset(f->offset + *io_cap, 0, (size_t)(cap - *io_cap) * sizeof *f->offset);
      *io_cap = cap;
    }
    for (k = 0; k < count; k++) {
      long off, gen, num = first + k;
      if ((i = read_uint(s, n, skip_space(s, n, i), &off)) == 0 ||
          (i = read_uint(s, n, skip_space(s, n, i), &gen)) == 0)
        return 0;
      i = skip_space(s, n, i);
      if (i >= n || (s[i] != 'n' && s[i] != 'f'))
        return 0;
      if (!(*io_seen)[num]) {
        (*io_seen)[num] = 1;
        f->offset[num] = s[i] == 'n' && gen == 0 && off > 0 ? (size_t)off : 0;
      }
      i++;
    }
  }
  i += 7;
  trailer->n = 0;
  return parse_value(f, trailer, &i, 0) == 0 && trailer->v[0].kind == PDFV_DICT;
}

int pdf_file_open(pdf_file *f, const unsigned char *s, size_t len, const char **why)
{
  pdf_parse t = PDF_PARSE_INIT;
  unsigned char *seen = NULL;
  long cap = 0, at = -1;
  size_t i;
  int sections = 0;
  memset(f, 0, sizeof *f);
  f->s = s;
  f->len = len;
  f->root = f->info = -1;
  /* The last "startxref" in the file's tail. */
  for (i = len > 9 ? len - 9 : 0; i + TAIL_BYTES >= len && i > 0; i--)
    if (memcmp(s + i, "startxref", 9) == 0) {
      if (read_uint(s, len, skip_space(s, len, i + 9), &at) == 0)
        at = -1;
      break;
    }
  *why = "no cross-reference table";
  while (at >= 0 && (size_t)at < len && sections++ < MAX_SECTIONS) {
    int v;
    if (!read_section(f, (size_t)at, &seen, &cap, &t)) {
      *why = "an unreadable cross-reference section";
      at = -1;
      f->size = 0;
      break;
    }
    if (f->size == 0) { /* the latest section's trailer */
      f->size = uint_value(f, &t, pdfv_get(f, &t, 0, "/Size"));
      v = pdfv_get(f, &t, 0, "/Root");
      f->root = v >= 0 && t.v[v].kind == PDFV_REF ? t.v[v].ref : -1;
      v = pdfv_get(f, &t, 0, "/Info");
      f->info = v >= 0 && t.v[v].kind == PDFV_REF ? t.v[v].ref : -1;
      if (f->size <= 0 || f->root <= 0) {
        *why = "a trailer without /Size or /Root";
        f->size = 0;
        break;
      }
    }
    v = pdfv_get(f, &t, 0, "/Prev");
    at = v >= 0 ? uint_value(f, &t, v) : -1;
    if (at < 0)
      *why = NULL;
  }
  pdf_parse_free(&t);
  free(seen);
  if (*why || f->size <= 0 || f->size > cap || f->root >= f->size || f->info >= f->size) {
    if (!*why)
      *why = "a /Size or /Root beyond the cross-reference table";
    pdf_file_free(f);
    return 0;
  }
  return 1;
}

void pdf_file_free(pdf_file *f)
{
  free(f->offset);
  f->offset = NULL;
  f->size = 0;
}
