/* fuzz_text.c: libFuzzer target for the plain-text reader. The model it
 * builds, smartened, must pass galley_doc_check, dump, and carry ids,
 * whatever the bytes (as cmark's fuzz/cmark-fuzz.c). */
#include <stdint.h>
#include <stdlib.h>

#include "galley.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  galley_read_options ro = {.struct_size = sizeof ro, .file_name = "fuzz.txt"};
  galley_diag *diag = galley_diag_new();
  galley_error err;
  galley_doc *doc;
  galley_error_clear(&err);
  doc = galley_read_text((const char *)data, size, &ro, diag, &err);
  if (!doc)
    abort(); /* content is never an error */
  galley_doc_smarten(doc); /* as galley_convert_read does */
  galley_doc_assign_ids(doc);
  if (!galley_doc_check(doc, &err))
    abort();
  free(galley_doc_dump(doc, 40));
  galley_doc_free(doc);
  galley_diag_free(diag);
  return 0;
}
