/* pdf_deps.h: what the PDF writer reads besides the model, for dependency
 * lists (convert.c's galley_convert_list_deps). Kept apart from
 * pdf_private.h so that its callers need neither Pango nor Cairo. */
#ifndef GALLEY_WRITE_PDF_DEPS_H
#define GALLEY_WRITE_PDF_DEPS_H

#include <stddef.h>

/* Calls `fn` once for every font file the style sheet's @font-face rules
 * name (`css`, `len` bytes, read from the file `style_name`, against whose
 * directory relative urls are resolved), in the sheet's order. Paths are
 * borrowed for the call only. */
void pdf_list_font_files(const char *css, size_t len, const char *style_name,
                         void (*fn)(void *ctx, const char *path), void *ctx);

#endif
