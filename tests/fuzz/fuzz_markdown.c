/* fuzz_markdown.c: libFuzzer target for the Markdown reader with front
 * matter. The first byte chooses reader options; malformed front matter
 * may fail (with an error naming a line), anything else must give a model
 * that passes galley_doc_check. */
#include <stdint.h>
#include <stdlib.h>

#include "galley.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  galley_read_options ro = {.struct_size = sizeof ro, .file_name = "fuzz.md"};
  galley_diag *diag = galley_diag_new();
  galley_error err;
  galley_doc *doc;
  if (size > 0) {
    ro.flags = (data[0] & 1) ? GALLEY_OPT_STRIP_HTML : 0;
    data++;
    size--;
  }
  galley_error_clear(&err);
  doc = galley_read_markdown((const char *)data, size, &ro, diag, &err);
  if (!doc) {
    if (err.code != GALLEY_ERR_DATA || err.line <= 0)
      abort(); /* only malformed front matter fails, and names its line */
  } else {
    galley_doc_smarten(doc); /* as galley_convert_read does */
    galley_doc_assign_ids(doc);
    if (!galley_doc_check(doc, &err))
      abort();
    free(galley_doc_dump(doc, 40));
  }
  galley_doc_free(doc);
  galley_diag_free(diag);
  return 0;
}
