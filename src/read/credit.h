/* credit.h: the photo-credit rule shared by the readers. A caption that
 * ends in a credit ("Sunrise over Astana. Photo credit: J. Doe") becomes a
 * CAPTION and a CREDIT; a line that is only a credit is a CREDIT alone. */
#ifndef GALLEY_READ_CREDIT_H
#define GALLEY_READ_CREDIT_H

#include <stddef.h>

/* Longest credit taken, in bytes after its label: a longer tail is running
 * text that happens to contain "Photo:", not a credit. */
#define GALLEY_CREDIT_MAX 160

/* Finds a credit at the end of `len` bytes of UTF-8 `text`.
 *
 * The rule: a credit label, case-insensitive ("Photo credit:", "Photo
 * credits:", "Image credit:", "Picture credit:", "Photo:", "Photos:",
 * "Photograph:", "Image:", "Credit:", "Credits:", "Source:", "Courtesy:",
 * "Photo by", "Photos by", "Photograph by", "Image by", "Photo courtesy
 * of") starts the text or follows a sentence end or separator (. ! ? …
 * closing quote or bracket, | – — / ; or an opening parenthesis) and a
 * space, and is followed by at most GALLEY_CREDIT_MAX bytes of name that
 * runs to the end. When several labels qualify the last one wins.
 *   accepts: "Rogov in Astana. Photo credit: Fatima Kemelova/ The Astana Times"
 *   accepts: "Photo credit: Fatima Kemelova"      (credit alone, caption empty)
 *   accepts: "Rogov in Astana (Photo: AP)"        (parentheses dropped)
 *   rejects: "The photo: a study of light"        (no sentence end before it)
 *   rejects: "Photo credit:"                      (no name after the label)
 *
 * Returns 1 when a credit is found and writes the caption's length with
 * trailing spaces (and a parenthesis opened for the credit) trimmed to
 * *out_caption_len, and where the credit (label included, closing
 * parenthesis excluded) starts and how long it is to *out_credit_start and
 * *out_credit_len. Returns 0 and writes nothing otherwise. No pointer is
 * kept; `text` may hold any bytes. */
int galley_split_credit(const char *text, size_t len, size_t *out_caption_len,
                        size_t *out_credit_start, size_t *out_credit_len);

#endif
