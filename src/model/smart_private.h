/* smart_private.h: what the files of the typographic punctuation pass
 * (smart.c, smart_lang.c) share: the marks, each language's conventions
 * and the smart_ functions that choose them. Included by nothing else. */
#ifndef GALLEY_MODEL_SMART_PRIVATE_H
#define GALLEY_MODEL_SMART_PRIVATE_H

#include <stddef.h>

#include "node.h"

#define NBSP "\xC2\xA0"         /* U+00A0 NO-BREAK SPACE */
#define NNBSP "\xE2\x80\xAF"    /* U+202F NARROW NO-BREAK SPACE */
#define EN_DASH "\xE2\x80\x93"  /* U+2013 */
#define EM_DASH "\xE2\x80\x94"  /* U+2014 */
#define ELLIPSIS "\xE2\x80\xA6" /* U+2026 */
#define APOSTROPHE "\xE2\x80\x99" /* U+2019, the apostrophe in every language */
#define LDQUO "\xE2\x80\x9C"  /* “ U+201C */
#define RDQUO "\xE2\x80\x9D"  /* ” U+201D */
#define LSQUO "\xE2\x80\x98"  /* ‘ U+2018 */
#define RSQUO "\xE2\x80\x99"  /* ’ U+2019 */
#define BDQUO "\xE2\x80\x9E"  /* „ U+201E */
#define SBQUO "\xE2\x80\x9A"  /* ‚ U+201A */
#define LAQUO "\xC2\xAB"      /* « U+00AB */
#define RAQUO "\xC2\xBB"      /* » U+00BB */
#define LSAQUO "\xE2\x80\xB9" /* ‹ U+2039 */
#define RSAQUO "\xE2\x80\xBA" /* › U+203A */

typedef struct smart_lang {
  const char *tag;      /* BCP 47 language (and region) it applies to */
  const char *open[2];  /* a double quote's opening mark: outer, nested */
  const char *close[2]; /* its closing mark: outer, nested */
  const char *sopen;    /* a single quote's opening mark */
  const char *sclose;   /* its closing mark */
  const char *dash2;    /* what "--" between words becomes */
  const char *dash3;    /* what "---" becomes */
  int french_spacing;   /* narrow no-break spaces inside guillemets, before ;!?: */
} smart_lang;

/* smart_lang.c: which conventions apply */
const smart_lang *smart_lang_for_tag(const char *tag);
const smart_lang *smart_guess_lang(galley_node *root);
const smart_lang *smart_block_lang(const smart_lang *doc_lang, const char *s, size_t len);

#endif
