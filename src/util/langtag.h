/* langtag.h: the one reading of a BCP 47 language tag's primary subtag
 * that the per-language tables of the model and the writers share. */
#ifndef GALLEY_UTIL_LANGTAG_H
#define GALLEY_UTIL_LANGTAG_H

/* Whether the primary subtag of `tag` (up to the first '-' or '_':
 * "ru-RU", "pt_BR") is `primary` (lowercase ASCII: "ru", "ckb"), compared
 * without case as BCP 47 tags are. A NULL or empty `tag` is no language. */
int galley_langtag_is(const char *tag, const char *primary);

#endif
