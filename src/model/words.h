/* words.h: the words the model itself writes into a book (the title
 * block's byline and date), per language, shared by both editions. (The
 * EPUB's own furniture, such as its contents' heading, is in
 * epub/epub_words.c.) */
#ifndef GALLEY_MODEL_WORDS_H
#define GALLEY_MODEL_WORDS_H

#include "../util/buf.h"

/* Appends the byline for `count` authors (`names[0..count)`, borrowed)
 * in the language `lang` (a BCP 47 tag; NULL, unknown: English):
 * "By A, B and C" in English, "A, B и C" in Russian (a Russian,
 * Kazakh, Ukrainian or Belarusian byline is the names alone). */
void galley_words_put_byline(galley_buf *out, const char *lang,
                             const char *const *names, int count);

/* Appends `date` as the language writes it when it is an ISO calendar
 * date ("2026-03-14": "14 March 2026", "14 марта 2026 г.", "2026 жылғы
 * 14 наурыз", "14. März 2026"); any other date as written. */
void galley_words_put_date(galley_buf *out, const char *lang, const char *date);

#endif
