/* pdf_hyph_guess.c: the language of a document whose metadata names
 * none, guessed from its commonest words, so that it is hyphenated with
 * its own patterns (pdf_hyph.c) rather than the English ones. */
#include <string.h>

#include "pdf_private.h"
#include "../util/utf8.h"

/* ------------------------------------------------------------------ */
/* The language of an unlabelled document                              */
/* ------------------------------------------------------------------ */

/* Bytes of text looked at. */
#define GUESS_SAMPLE_BYTES 65536
/* Function words a language needs before it is believed: a few
 * sentences' worth. */
#define GUESS_MIN_WORDS 12

/* The commonest short words of each Latin-script language with a Debian
 * dictionary, chosen so that no word is common in another of them. */
static const struct {
  const char *tag;
  const char *words[6];
} guess_words[] = {
    {"en", {"the", "and", "of", "that", "with", "is"}},
    {"de", {"der", "die", "und", "das", "nicht", "ist"}},
    {"fr", {"les", "et", "des", "est", "une", "dans"}},
    {"es", {"el", "los", "las", "del", "por", "y"}},
    {"it", {"il", "della", "gli", "di", "che", "sono"}},
    {"pt", {"os", "n\xC3\xA3o", "uma", "ao", "em", "pelo"}},
    {"nl", {"het", "een", "van", "niet", "zijn", "ook"}},
    {"pl", {"si\xC4\x99", "nie", "jest", "\xC5\xBC" "e", "oraz", "przez"}},
    {"cs", {"se", "je", "\xC5\xBE" "e", "jsou", "tak\xC3\xA9", "kter\xC3\xA9"}},
};
#define GUESS_LANGS (sizeof guess_words / sizeof *guess_words)

/* Appends cp's UTF-8 bytes to low[0..n) when they fit in `cap` bytes;
 * returns their number either way. */
static size_t put_utf8(char *low, size_t n, size_t cap, int32_t cp)
{
  char b[4];
  size_t k = galley_utf8_encode_to(b, cp);
  if (n + k <= cap)
    memcpy(low + n, b, k);
  return k;
}

/* Counts the function words of each language in `s`, and its letters:
 * letters[0] Latin (and other), letters[1] Cyrillic. ASCII letters, most
 * of a Latin-script text, are lowered without decoding; a word is
 * compared only with the function words that start with its byte. */
static void count_words(const char *s, size_t len, long *counts, long *letters)
{
  size_t i = 0;
  while (i < len) {
    char low[16]; /* the word, lower case; longer words are none */
    size_t n = 0, k, j, step;
    int32_t c;
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80 ? !galley_is_ascii_letter(b)
                 : (step = galley_utf8_decode(s + i, len - i, &c), !galley_utf8_is_letter(c))) {
      i += b < 0x80 ? 1 : step;
      continue;
    }
    while (i < len) {
      b = (unsigned char)s[i];
      if (b < 0x80) {
        if (!galley_is_ascii_letter(b))
          break;
        letters[0]++;
        n += put_utf8(low, n, sizeof low - 1, b | 0x20);
        i++;
        continue;
      }
      step = galley_utf8_decode(s + i, len - i, &c);
      if (!galley_utf8_is_letter(c))
        break;
      letters[c >= 0x400 && c <= 0x52F]++;
      n += put_utf8(low, n, sizeof low - 1, pdf_hyph_to_lower(c));
      i += step;
    }
    if (n >= sizeof low)
      continue;
    low[n] = '\0';
    for (k = 0; k < GUESS_LANGS; k++)
      for (j = 0; j < 6; j++)
        if (guess_words[k].words[j][0] == low[0] && strcmp(low, guess_words[k].words[j]) == 0)
          counts[k]++;
  }
}

const char *pdf_hyph_guess_language(const galley_doc *doc)
{
  long counts[GUESS_LANGS], letters[2] = {0, 0};
  size_t seen = 0, k, best = 0;
  galley_iter *it;
  galley_event_type ev;
  if (!doc)
    return NULL;
  memset(counts, 0, sizeof counts);
  it = galley_iter_new(galley_doc_get_root(doc));
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE && seen < GUESS_SAMPLE_BYTES) {
    galley_node *n = galley_iter_get_node(it);
    size_t len;
    const char *lit;
    if (ev != GALLEY_EVENT_ENTER || galley_node_get_type(n) != GALLEY_NODE_TEXT)
      continue;
    lit = galley_node_get_literal(n, &len);
    if (!lit)
      continue;
    count_words(lit, len, counts, letters);
    seen += len;
  }
  galley_iter_free(it);
  if (letters[1] > letters[0])
    return NULL;
  for (k = 1; k < GUESS_LANGS; k++)
    if (counts[k] > counts[best])
      best = k;
  return counts[best] >= GUESS_MIN_WORDS ? guess_words[best].tag : NULL;
}
