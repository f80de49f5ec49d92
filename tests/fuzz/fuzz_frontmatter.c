/* fuzz_frontmatter.c: libFuzzer target for the front-matter reader
 * (read/frontmatter.c), the YAML subset of Markdown articles and the
 * `Key: value` block of plain text. Whatever the bytes: the block is read
 * or refused with an error naming a line inside the input; every value is
 * valid UTF-8; applied to a document, the model passes galley_doc_check
 * and the title block follows the metadata. The first byte picks the
 * entry point (bit 0: a delimited block, else bare `Key: value` lines). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"
#include "read/clean.h"
#include "read/frontmatter.h"
#include "util/buf.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  galley_frontmatter fm;
  galley_error err;
  galley_doc *doc;
  galley_status st;
  galley_buf clean = GALLEY_BUF_INIT;
  size_t n;
  int i, lines = 1, mode;
  const char *text;

  if (size < 1)
    return 0;
  mode = data[0];
  /* The reader expects clean UTF-8, as the Markdown reader hands it. */
  galley_clean_text(&clean, (const char *)data + 1, size - 1, 1, NULL);
  text = galley_buf_cstr(&clean);
  n = clean.len;
  /* Lines end at LF, CRLF or a lone CR, as the readers count them. */
  for (i = 0; (size_t)i < n; i++)
    if (text[i] == '\n' || (text[i] == '\r' && ((size_t)i + 1 == n || text[i + 1] != '\n')))
      lines++;
  galley_frontmatter_init(&fm);
  galley_error_clear(&err);
  if (mode & 1)
    st = galley_frontmatter_read(text, n, &fm, &err);
  else
    st = galley_frontmatter_parse_lines(text, n, 1, &fm, &err);
  if (st != GALLEY_OK) {
    /* refused: with a message and a line of the input */
    if (st != GALLEY_ERR_DATA || !err.message[0] || err.line < 1 || err.line > lines)
      abort();
  } else {
    for (i = 0; i < fm.count; i++)
      if (!galley_utf8_is_valid(fm.items[i].value, strlen(fm.items[i].value)) ||
          fm.items[i].line < 1 || fm.items[i].line > lines)
        abort();
    doc = galley_doc_new();
    galley_frontmatter_apply(&fm, doc);
    galley_doc_sync_title_block(doc);
    galley_doc_assign_ids(doc);
    if (!galley_doc_check(doc, &err))
      abort();
    free(galley_doc_dump(doc, 40));
    galley_doc_free(doc);
  }
  galley_frontmatter_free(&fm);
  galley_buf_free(&clean);
  return 0;
}
