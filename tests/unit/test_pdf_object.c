/* test_pdf_object.c: reading back a PDF object by object (pdf_object.c),
 * on files written here byte by byte: the syntax Cairo 1.16 writes, an
 * incremental update, and files that cannot be read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pdf/pdf_object.h"
#include "util/buf.h"

/* A PDF being written: objects, then a cross-reference table. */
typedef struct doc {
  galley_buf b;
  size_t off[16];
} doc;

static void obj(doc *d, int num, const char *body)
{
  d->off[num] = d->b.len;
  galley_buf_printf(&d->b, "%d 0 obj\n%s\nendobj\n", num, body);
}

/* A cross-reference section of objects [first, last] and its trailer. */
static void xref(doc *d, int first, int last, const char *trailer)
{
  size_t at = d->b.len;
  int i;
  galley_buf_printf(&d->b, "xref\n%d %d\n", first == 1 ? 0 : first, last - first + 1 + (first == 1));
  if (first == 1)
    galley_buf_puts(&d->b, "0000000000 65535 f \n");
  for (i = first; i <= last; i++)
    galley_buf_printf(&d->b, "%010zu 00000 n \n", d->off[i]);
  galley_buf_printf(&d->b, "trailer\n%s\nstartxref\n%zu\n%%%%EOF\n", trailer, at);
}

static const char *written(const pdf_file *f, const pdf_parse *p, int v, galley_buf *out)
{
  galley_buf_clear(out);
  pdfv_write(f, p, v, NULL, NULL, out);
  return galley_buf_cstr(out);
}

static void test_read(void)
{
  doc d;
  pdf_file f;
  pdf_parse p = PDF_PARSE_INIT;
  galley_buf out = GALLEY_BUF_INIT;
  const char *why = NULL;
  double x;
  size_t first_xref;
  char trailer[96];
  long renumber[9] = {0, 1, 2, 0, 0, 3, 4, 5, 0};
  static const char *const skip[] = {"/Resources", NULL};

  memset(&d, 0, sizeof d);
  galley_buf_puts(&d.b, "%PDF-1.5\n%\xb5\xed\xae\xfb\n");
  obj(&d, 1, "<< /Type /Pages\n   /Kids [ 2 0 R ]\n   /Count 1\n>>");
  obj(&d, 2, "<< /Type /Page % 1\n   /Parent 1 0 R\n   /MediaBox [ 0 0 595.2756 841.8898 ]\n"
             "   /Contents 3 0 R\n   /Resources << /Font << /f-0 5 0 R /f-0 6 0 R >> >>\n>>");
  d.off[3] = d.b.len;
  galley_buf_puts(&d.b, "3 0 obj\n<< /Length 4 0 R\n   /Filter /FlateDecode\n>>\nstream\n"
                        "ab)c(d\nendstream\nendobj\n");
  obj(&d, 4, "   6");
  obj(&d, 5, "<< /S (a (nested\\)) string) /H <FEFF0041> /T true /N null /R -1.5 >>");
  obj(&d, 6, "[1 0 R 8 0 R/Name[]<<>>]");
  obj(&d, 7, "<< /Type /Catalog /Pages 1 0 R >>");
  xref(&d, 1, 7, "<< /Size 8\n   /Root 7 0 R\n>>");
  /* An incremental update: object 5 again. */
  first_xref = (size_t)strtoul(strstr(d.b.ptr, "startxref\n") + 10, NULL, 10);
  obj(&d, 5, "<< /S (new) >>");
  snprintf(trailer, sizeof trailer, "<< /Size 8 /Root 7 0 R /Prev %zu >>", first_xref);
  xref(&d, 5, 5, trailer);

  OK(pdf_file_open(&f, (const unsigned char *)d.b.ptr, d.b.len, &why));
  OK(why == NULL);
  INT_EQ(f.size, 8);
  INT_EQ(f.root, 7);
  INT_EQ(f.info, -1);

  /* A stream whose length is an object of its own. */
  OK(pdf_parse_object(&f, 3, &p));
  OK(p.is_stream);
  INT_EQ(p.data_len, 6);
  INT_EQ(p.length_ref, 4);
  OK(memcmp(d.b.ptr + p.data, "ab)c(d", 6) == 0);
  OK(pdfv_is_name(&f, &p, pdfv_get(&f, &p, 0, "/Filter"), "/FlateDecode"));
  OK(pdfv_get(&f, &p, 0, "/Filt") < 0);

  /* The comment goes, the repeated key is written once with its last
   * value, and a dictionary is written without its skipped keys. */
  OK(pdf_parse_object(&f, 2, &p));
  OK(!p.is_stream);
  STR_EQ(written(&f, &p, 0, &out),
         "<</Type /Page /Parent 1 0 R /MediaBox [0 0 595.2756 841.8898] /Contents 3 0 R "
         "/Resources <</Font <</f-0 6 0 R >> >> >>");
  galley_buf_clear(&out);
  pdfv_write(&f, &p, 0, skip, "/Extra 1 ", &out);
  STR_EQ(galley_buf_cstr(&out),
         "<</Type /Page /Parent 1 0 R /MediaBox [0 0 595.2756 841.8898] /Contents 3 0 R "
         "/Extra 1 >>");
  OK(pdfv_number(&f, &p, p.v[pdfv_get(&f, &p, 0, "/MediaBox")].first, &x) && x == 0);

  /* The update's object 5, not the first one. */
  OK(pdf_parse_object(&f, 5, &p));
  STR_EQ(written(&f, &p, 0, &out), "<</S (new) >>");

  /* Atoms as they are; references renumbered, one to nothing null. */
  OK(pdf_parse_object(&f, 6, &p));
  STR_EQ(written(&f, &p, 0, &out), "[1 0 R 8 0 R /Name [] <<>>]");
  f.renumber = renumber;
  renumber[1] = 9;
  STR_EQ(written(&f, &p, 0, &out), "[9 0 R null /Name [] <<>>]");
  f.renumber = NULL;

  /* Missing objects. */
  OK(!pdf_parse_object(&f, 0, &p));
  OK(!pdf_parse_object(&f, 8, &p));
  OK(!pdf_parse_object(&f, -1, &p));
  pdf_file_free(&f);

  /* The first version's object 5: strings with nested and escaped
   * parentheses, hex strings, booleans, null, signed reals. */
  {
    const char *s = strstr(d.b.ptr, "5 0 obj");
    size_t len = d.b.len;
    galley_buf one = GALLEY_BUF_INIT;
    doc e;
    memset(&e, 0, sizeof e);
    galley_buf_puts(&e.b, "%PDF-1.5\n");
    e.off[1] = e.b.len;
    galley_buf_put(&e.b, "1", 1);
    galley_buf_put(&e.b, s + 1, (size_t)(strstr(s, "endobj") - s) + 6 - 1);
    galley_buf_putc(&e.b, '\n');
    xref(&e, 1, 1, "<< /Size 2 /Root 1 0 R >>");
    OK(pdf_file_open(&f, (const unsigned char *)e.b.ptr, e.b.len, &why));
    OK(pdf_parse_object(&f, 1, &p));
    STR_EQ(written(&f, &p, 0, &one),
           "<</S (a (nested\\)) string) /H <FEFF0041> /T true /N null /R -1.5 >>");
    OK(pdfv_number(&f, &p, pdfv_get(&f, &p, 0, "/R"), &x) && x == -1.5);
    OK(!pdfv_number(&f, &p, pdfv_get(&f, &p, 0, "/S"), &x));
    pdf_file_free(&f);
    galley_buf_free(&one);
    galley_buf_free(&e.b);
    (void)len;
  }
  pdf_parse_free(&p);
  galley_buf_free(&out);
  galley_buf_free(&d.b);
}

/* What cannot be read is refused, with a reason, never guessed at. */
static void test_unreadable(void)
{
  static const char *const bodies[] = {
      "<< /Length 99 >>\nstream\nabc\nendstream", /* a length past endstream */
      "<< /A [1 2 >>",                            /* an array left open */
      "<< 1 2 >>",                                /* a key that is no name */
      "<< /A (open string >>",                    /* a string left open */
      "<< /A >>",                                 /* a key without a value */
      "@",                                        /* no object at all */
  };
  pdf_file f;
  pdf_parse p = PDF_PARSE_INIT;
  const char *why;
  size_t i;
  doc d;
  galley_buf deep = GALLEY_BUF_INIT;

  for (i = 0; i < sizeof bodies / sizeof *bodies; i++) {
    memset(&d, 0, sizeof d);
    galley_buf_puts(&d.b, "%PDF-1.5\n");
    obj(&d, 1, bodies[i]);
    xref(&d, 1, 1, "<< /Size 2 /Root 1 0 R >>");
    why = NULL;
    OK(pdf_file_open(&f, (const unsigned char *)d.b.ptr, d.b.len, &why));
    OK(!pdf_parse_object(&f, 1, &p));
    pdf_file_free(&f);
    galley_buf_free(&d.b);
  }

  /* Two streams whose lengths name each other: refused, not followed
   * round (a fuzzing campaign found the recursion). */
  memset(&d, 0, sizeof d);
  galley_buf_puts(&d.b, "%PDF-1.5\n");
  obj(&d, 1, "<< /Length 2 0 R >>\nstream\nab\nendstream");
  obj(&d, 2, "<< /Length 1 0 R >>\nstream\ncd\nendstream");
  xref(&d, 1, 2, "<< /Size 3 /Root 1 0 R >>");
  OK(pdf_file_open(&f, (const unsigned char *)d.b.ptr, d.b.len, &why));
  OK(!pdf_parse_object(&f, 1, &p));
  OK(!pdf_parse_object(&f, 2, &p));
  pdf_file_free(&f);
  galley_buf_free(&d.b);

  /* Nesting deeper than the reader takes. */
  for (i = 0; i < 100; i++)
    galley_buf_putc(&deep, '[');
  for (i = 0; i < 100; i++)
    galley_buf_putc(&deep, ']');
  memset(&d, 0, sizeof d);
  galley_buf_puts(&d.b, "%PDF-1.5\n");
  obj(&d, 1, deep.ptr);
  xref(&d, 1, 1, "<< /Size 2 /Root 1 0 R >>");
  OK(pdf_file_open(&f, (const unsigned char *)d.b.ptr, d.b.len, &why));
  OK(!pdf_parse_object(&f, 1, &p));
  pdf_file_free(&f);

  /* Cross-reference tables that are not there or do not hold. */
  why = NULL;
  OK(!pdf_file_open(&f, (const unsigned char *)"%PDF-1.5\n", 9, &why));
  OK(why != NULL);
  {
    static const char *const trailers[] = {
        "<< /Root 1 0 R >>",         /* no /Size */
        "<< /Size 2 >>",             /* no /Root */
        "<< /Size 9 /Root 1 0 R >>", /* more objects than the table holds */
        "<< /Size 2 /Root 5 0 R >>", /* a /Root beyond /Size */
    };
    for (i = 0; i < sizeof trailers / sizeof *trailers; i++) {
      galley_buf_free(&d.b);
      memset(&d, 0, sizeof d);
      galley_buf_puts(&d.b, "%PDF-1.5\n");
      obj(&d, 1, "<< >>");
      xref(&d, 1, 1, trailers[i]);
      why = NULL;
      OK(!pdf_file_open(&f, (const unsigned char *)d.b.ptr, d.b.len, &why));
      OK(why != NULL);
    }
    /* a startxref that points at no table */
    galley_buf_truncate(&d.b, (size_t)(strstr(d.b.ptr, "startxref") - d.b.ptr));
    galley_buf_puts(&d.b, "startxref\n9\n%%EOF\n");
    why = NULL;
    OK(!pdf_file_open(&f, (const unsigned char *)d.b.ptr, d.b.len, &why));
    OK(why != NULL);
  }

  pdf_parse_free(&p);
  galley_buf_free(&deep);
  galley_buf_free(&d.b);
}

int main(void)
{
  RUN(test_read);
  RUN(test_unreadable);
  return harness_report();
}
