/* fuzz_pdf_object.c: libFuzzer target for the reader of the PDF Cairo
 * writes (src/pdf/pdf_object.c), which the finishing pass runs on every
 * PDF. Its input is Cairo's own output, not an article's, but a reader
 * must never read outside its buffer whatever the bytes: each object the
 * cross-reference tables name is parsed and written back, and what is
 * written parses again to the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdf_object.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  pdf_file f;
  pdf_parse p = PDF_PARSE_INIT;
  galley_buf out = GALLEY_BUF_INIT;
  const char *why = NULL;
  long num;
  if (!pdf_file_open(&f, data, size, &why))
    return 0;
  for (num = 1; num < f.size && num < 4096; num++) {
    double x;
    if (!pdf_parse_object(&f, num, &p))
      continue;
    galley_buf_clear(&out);
    pdfv_write(&f, &p, 0, NULL, NULL, &out);
    (void)pdfv_get(&f, &p, 0, "/Type");
    (void)pdfv_number(&f, &p, 0, &x);
    if (p.is_stream && (p.data > size || p.data_len > size - p.data))
      abort(); /* a stream's bytes outside the file */
  }
  pdf_parse_free(&p);
  galley_buf_free(&out);
  pdf_file_free(&f);
  return 0;
}
