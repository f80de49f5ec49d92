/* fuzz_pipeline.c: the whole pipeline into memory. The first byte picks
 * the reader (text or Markdown) and the editions; both writers must
 * succeed on any model a reader returns (as md4c's fuzz-mdhtml.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void write_edition(const galley_doc *doc, galley_edition ed)
{
  galley_convert_options co;
  galley_diag *diag = galley_diag_new();
  galley_error err;
  char *out = NULL;
  size_t len = 0;
  memset(&co, 0, sizeof co);
  co.input = "fuzz.txt";
  co.source_date_epoch = 0;
  galley_error_clear(&err);
  if (galley_convert_to_memory(doc, &co, ed, &out, &len, diag, &err) != GALLEY_OK) {
    /* The only acceptable failure is a refused resource (an image path). */
    if (err.code != GALLEY_ERR_DATA && err.code != GALLEY_ERR_NOINPUT)
      abort();
  } else if (len == 0) {
    abort();
  }
  free(out);
  galley_diag_free(diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  galley_read_options ro = {.struct_size = sizeof ro, .file_name = "fuzz"};
  galley_diag *diag = galley_diag_new();
  galley_error err;
  galley_doc *doc;
  unsigned sel = 0;
  if (size > 0) {
    sel = data[0];
    data++;
    size--;
  }
  if (size > 16384)
    size = 16384; /* layout cost grows with size; keep executions fast */
  galley_error_clear(&err);
  doc = (sel & 1) ? galley_read_markdown((const char *)data, size, &ro, diag, &err)
                  : galley_read_text((const char *)data, size, &ro, diag, &err);
  if (doc) {
    galley_doc_assign_ids(doc);
    if (!galley_doc_check(doc, &err))
      abort();
    if (!(sel & 2))
      write_edition(doc, GALLEY_EDITION_EPUB);
    if (!(sel & 4))
      write_edition(doc, GALLEY_EDITION_PDF);
  }
  galley_doc_free(doc);
  galley_diag_free(diag);
  return 0;
}
