/* reader.h: the readers' entry points for a caller that gives them its
 * own copy of the text (galley_convert_read): the text is freed as soon
 * as the reader's cleaned copy of it is made, so that reading a long text
 * does not hold it twice. Otherwise as galley_read_markdown and
 * galley_read_text (galley.h); `text` is freed on every path. */
#ifndef GALLEY_READ_READER_H
#define GALLEY_READ_READER_H

#include <stddef.h>

#include "../galley.h"

galley_doc *galley_read_markdown_taking(char *text, size_t len,
                                        const galley_read_options *opts,
                                        galley_diag *diag, galley_error *err);
galley_doc *galley_read_text_taking(char *text, size_t len,
                                    const galley_read_options *opts, galley_diag *diag,
                                    galley_error *err);

#endif
