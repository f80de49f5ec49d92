/* pdf_object.h: reading back the PDF Cairo writes, object by object.
 *
 * The file is held in memory (mapped); its cross-reference tables, read
 * from the end and through each /Prev (the page labels galley appends
 * as an incremental update), give where each object starts. An object
 * parses into a small tree of values whose atoms (numbers, names,
 * strings) stay bytes of the file, and is written back compact, without
 * Cairo's indentation and comments. This is no general PDF reader: no
 * encryption, no object or cross-reference streams (Cairo 1.16 writes
 * neither), and what it cannot read it says so rather than guess. */
#ifndef GALLEY_PDF_OBJECT_H
#define GALLEY_PDF_OBJECT_H
#include <stddef.h>

#include "../util/buf.h"

typedef enum pdfv_kind {
  PDFV_NULL,
  PDFV_BOOL,
  PDFV_NUM,
  PDFV_NAME,
  PDFV_STR,
  PDFV_ARRAY,
  PDFV_DICT,
  PDFV_REF
} pdfv_kind;

/* One value. Children (an array's items; a dictionary's keys and
 * values, alternating) are a list through `first` and `next`, indices
 * into the parse's values (-1: none). */
typedef struct pdfv {
  pdfv_kind kind;
  int first, next;
  int n;             /* children */
  size_t start, len; /* an atom's bytes in the file */
  long ref;          /* PDFV_REF: the object number */
} pdfv;

/* One object parsed. */
typedef struct pdf_parse {
  pdfv *v; /* owned; v[0] is the object (a stream's dictionary) */
  int n, cap;
  int is_stream;
  size_t data, data_len; /* a stream's bytes in the file */
  long length_ref;       /* the object holding its /Length, or 0 */
} pdf_parse;
#define PDF_PARSE_INIT {NULL, 0, 0, 0, 0, 0, 0}

typedef struct pdf_file {
  const unsigned char *s; /* borrowed: the file */
  size_t len;
  size_t *offset; /* owned: where each object starts, by number; 0: none */
  long size;      /* objects are numbered [1, size) */
  long root, info;
  const long *renumber; /* borrowed, NULL: none; the number each object is
                           written under (0: it is not, and a reference to
                           it is written null) */
} pdf_file;

/* PDF's white-space and delimiter characters (ISO 32000-1, 7.2.2),
 * shared with the content-stream rewriting of pdf_finish.c. */
static inline int pdf_is_white(int c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

static inline int pdf_is_delim(int c)
{
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
         c == '{' || c == '}' || c == '/' || c == '%';
}

/* The offset past the literal string opening at `i` (s[i] == '('),
 * nested parentheses and backslash escapes followed; 0 when it does not
 * close within the `n` bytes. */
size_t pdf_skip_literal(const unsigned char *s, size_t n, size_t i);

/* Reads the cross-reference tables of the `len` bytes at `s`. Returns 0
 * when they cannot be read, with a reason in *why. */
int pdf_file_open(pdf_file *f, const unsigned char *s, size_t len, const char **why);
void pdf_file_free(pdf_file *f);

/* Parses object `num` into `p` (emptied first). Returns 0 when the object
 * is missing or cannot be parsed. A stream's length is read from its
 * /Length, through the object it names. */
int pdf_parse_object(const pdf_file *f, long num, pdf_parse *p);
void pdf_parse_free(pdf_parse *p);

/* The value of `key` ("/Type") in dictionary `dict` of `p`, or -1. */
int pdfv_get(const pdf_file *f, const pdf_parse *p, int dict, const char *key);
/* 1 when value `v` is the name `name` ("/Page"). */
int pdfv_is_name(const pdf_file *f, const pdf_parse *p, int v, const char *name);
/* 1 when value `v` is a number; its value in *out. */
int pdfv_number(const pdf_file *f, const pdf_parse *p, int v, double *out);

/* Writes value `v` of `p` to `out`, compact, references renumbered
 * through f->renumber. A dictionary's key that
 * comes again later is written once, with its last value (Cairo 1.16
 * can repeat a resource's name). `skip` (NULL: none) names keys left out
 * of the dictionary `v` itself; `extra` (NULL: none) is written inside
 * it, before its end. */
void pdfv_write(const pdf_file *f, const pdf_parse *p, int v, const char *const *skip,
                const char *extra, galley_buf *out);
#endif
