/* lang.c: the language of a text that declares none, guessed from the
 * script of its letters, and which languages are written right to left.
 *
 * Both readers go through here: the plain-text reader with the text it
 * read, the Markdown reader with its document's text nodes
 * (galley_doc_guess_language). The letters of each script are counted;
 * the script of most letters decides, so a Russian article quoting
 * English stays Russian and an English one quoting Russian stays
 * unguessed (the writers' default, English). Within Cyrillic and Arabic
 * the letters only one language of the script writes tell which:
 *
 *   Cyrillic  Kazakh with ә ғ қ ң ө ұ ү һ (1 % of the Cyrillic letters),
 *             Ukrainian with є ї ґ (0.5 %) or with і (2 %) where Russian's
 *             ы э ъ are missing, Belarusian with ў (0.5 %), Serbian with
 *             ђ ћ џ љ њ (0.5 %), else Russian;
 *   Arabic    Urdu with ے ٹ ڈ ڑ (1 % of the Arabic letters), Persian with
 *             پ چ ژ گ (1 %), else Arabic;
 *   Greek, Armenian, Georgian, Hebrew: their languages.
 *
 * Latin script does not say which language, and is left to the
 * declaration, except Kazakh in its Latin alphabet of 2018, whose ǵ no
 * other language writes, beside its dotless ı. Ranges of code points,
 * not a Unicode library: the model depends on nothing outside util/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../galley.h"
#include "../util/langtag.h"
#include "../util/utf8.h"
#include "node.h"

/* Bytes of text looked at: enough for any article's majority. */
#define LANG_SAMPLE_BYTES 65536

typedef struct lang_count {
  long latin, kk_latin_g, kk_latin_i;
  long cyr, kk, uk, uk_i, ru_only, be, sr;
  long arab, ur, fa;
  long greek, hy, ka, he;
  size_t seen; /* bytes counted so far */
} lang_count;

/* Whether cp is one of the code points of list[0..n). */
static int is_one_of(int32_t cp, const int32_t *list, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (list[i] == cp)
      return 1;
  return 0;
}

#define ONE_OF(cp, ...)                                                        \
  is_one_of((cp), (const int32_t[]){__VA_ARGS__},                               \
            sizeof((const int32_t[]){__VA_ARGS__}) / sizeof(int32_t))

static void count_cyrillic(lang_count *k, int32_t cp)
{
  k->cyr++;
  /* ә ғ қ ң ө ұ ү һ, both cases */
  if (ONE_OF(cp, 0x4D9, 0x4D8, 0x493, 0x492, 0x49B, 0x49A, 0x4A3, 0x4A2, 0x4E9, 0x4E8,
             0x4B1, 0x4B0, 0x4AF, 0x4AE, 0x4BB, 0x4BA))
    k->kk++;
  else if (ONE_OF(cp, 0x454, 0x404, 0x457, 0x407, 0x491, 0x490)) /* є ї ґ */
    k->uk++;
  else if (cp == 0x456 || cp == 0x406) /* і: Ukrainian, Belarusian, Kazakh */
    k->uk_i++;
  else if (ONE_OF(cp, 0x44B, 0x42B, 0x44D, 0x42D, 0x44A, 0x42A)) /* ы э ъ */
    k->ru_only++;
  else if (cp == 0x45E || cp == 0x40E) /* ў */
    k->be++;
  else if (ONE_OF(cp, 0x452, 0x402, 0x45B, 0x40B, 0x45F, 0x40F, 0x459, 0x409, 0x45A,
                  0x40A))
    k->sr++;
}

static void count_arabic(lang_count *k, int32_t cp)
{
  k->arab++;
  if (ONE_OF(cp, 0x6D2, 0x679, 0x688, 0x691)) /* ے ٹ ڈ ڑ */
    k->ur++;
  else if (ONE_OF(cp, 0x67E, 0x686, 0x698, 0x6AF)) /* پ چ ژ گ */
    k->fa++;
}

/* Counts the letters of s[0..len), up to LANG_SAMPLE_BYTES in all. */
static void count_letters(lang_count *k, const char *s, size_t len)
{
  size_t i = 0;
  if (k->seen >= LANG_SAMPLE_BYTES)
    return;
  if (len > LANG_SAMPLE_BYTES - k->seen)
    len = LANG_SAMPLE_BYTES - k->seen;
  k->seen += len;
  while (i < len) {
    int32_t cp;
    i += galley_utf8_decode(s + i, len - i, &cp);
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
        (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7)) {
      k->latin++;
      k->kk_latin_g += cp == 0x1F5 || cp == 0x1F4; /* ǵ Ǵ */
      k->kk_latin_i += cp == 0x131;                /* ı */
    } else if (cp >= 0x400 && cp <= 0x52F && !(cp >= 0x482 && cp <= 0x489))
      count_cyrillic(k, cp);
    else if ((cp >= 0x620 && cp <= 0x64A) || (cp >= 0x66E && cp <= 0x6D3) ||
             (cp >= 0x6FA && cp <= 0x6FF) || (cp >= 0x750 && cp <= 0x77F) ||
             (cp >= 0x8A0 && cp <= 0x8C9) || (cp >= 0xFB50 && cp <= 0xFDFB) ||
             (cp >= 0xFE70 && cp <= 0xFEFC))
      count_arabic(k, cp);
    else if ((cp >= 0x370 && cp <= 0x3FF && cp != 0x37E && cp != 0x387) ||
             (cp >= 0x1F00 && cp <= 0x1FFF))
      k->greek++;
    else if (cp >= 0x531 && cp <= 0x587)
      k->hy++;
    else if ((cp >= 0x10A0 && cp <= 0x10FF) || (cp >= 0x1C90 && cp <= 0x1CBF))
      k->ka++;
    else if ((cp >= 0x5D0 && cp <= 0x5EA) || (cp >= 0x5EF && cp <= 0x5F2) ||
             (cp >= 0xFB1D && cp <= 0xFB4F))
      k->he++;
  }
}

/* The language the counts tell, and why in *out_rule; NULL (and *out_rule
 * NULL) when Latin or no letters are the majority. */
static const char *lang_of_count(const lang_count *k, const char **out_rule)
{
  long most = k->latin;
  const char *tag = NULL, *rule = NULL;
  if (k->kk_latin_g * 1000 >= k->latin && k->kk_latin_i * 200 >= k->latin &&
      k->latin > 0) {
    tag = "kk-Latn"; /* the script named: hyphenation and fonts by it */
    rule = "Latin letters with Kazakh ǵ and ı";
  }
  if (k->cyr > most) {
    most = k->cyr;
    if (k->kk * 100 >= k->cyr) {
      tag = "kk";
      rule = "Cyrillic letters with Kazakh ә ғ қ ң ө ұ ү һ";
    } else if (k->uk * 200 >= k->cyr) {
      tag = "uk";
      rule = "Cyrillic letters with Ukrainian є ї ґ";
    } else if (k->be * 200 >= k->cyr) {
      tag = "be";
      rule = "Cyrillic letters with Belarusian ў";
    } else if (k->uk_i * 50 >= k->cyr && k->ru_only * 500 < k->cyr) {
      tag = "uk";
      rule = "Cyrillic letters with і and without ы э ъ";
    } else if (k->sr * 200 >= k->cyr) {
      tag = "sr";
      rule = "Cyrillic letters with Serbian ђ ћ џ љ њ";
    } else {
      tag = "ru";
      rule = "Cyrillic letters";
    }
  }
  if (k->arab > most) {
    most = k->arab;
    if (k->ur * 100 >= k->arab) {
      tag = "ur";
      rule = "Arabic letters with Urdu ے ٹ ڈ ڑ";
    } else if (k->fa * 100 >= k->arab) {
      tag = "fa";
      rule = "Arabic letters with Persian پ چ ژ گ";
    } else {
      tag = "ar";
      rule = "Arabic letters";
    }
  }
  if (k->greek > most) {
    most = k->greek;
    tag = "el";
    rule = "Greek letters";
  }
  if (k->hy > most) {
    most = k->hy;
    tag = "hy";
    rule = "Armenian letters";
  }
  if (k->ka > most) {
    most = k->ka;
    tag = "ka";
    rule = "Georgian letters";
  }
  if (k->he > most) {
    tag = "he";
    rule = "Hebrew letters";
  }
  if (out_rule)
    *out_rule = rule;
  return tag;
}

const char *galley_guess_language(const char *text, size_t len, const char **out_rule)
{
  lang_count k;
  memset(&k, 0, sizeof k);
  count_letters(&k, text ? text : "", text ? len : 0);
  return lang_of_count(&k, out_rule);
}

void galley_doc_set_guessed_language(galley_doc *doc, const char *tag, const char *rule)
{
  if (!doc || !tag)
    return;
  galley_doc_apply_meta(doc, "language", tag, 1);
  doc->language_rule = rule; /* after apply_meta, which forgets it */
}

const char *galley_doc_get_language_rule(const galley_doc *doc)
{
  return doc ? doc->language_rule : NULL;
}

const char *galley_doc_guess_language(galley_doc *doc)
{
  lang_count k;
  galley_iter *it;
  galley_event_type ev;
  const char *tag, *rule;
  if (!doc || galley_meta_get(&doc->meta, "language"))
    return NULL;
  memset(&k, 0, sizeof k);
  it = galley_iter_new(doc->root);
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE && k.seen < LANG_SAMPLE_BYTES) {
    const galley_node *n = galley_iter_get_node(it);
    /* the words of the text: not code, whose keywords are English */
    if (ev == GALLEY_EVENT_ENTER && n->type == GALLEY_NODE_TEXT && n->literal)
      count_letters(&k, n->literal, n->literal_len);
  }
  galley_iter_free(it);
  tag = lang_of_count(&k, &rule);
  galley_doc_set_guessed_language(doc, tag, rule);
  return tag;
}

/* Whether the four letters at s are the script subtag `script`
 * (compared without case, as BCP 47 tags are). */
static int is_script(const char *s, const char *script)
{
  int i;
  for (i = 0; i < 4; i++)
    if ((s[i] | 0x20) != (script[i] | 0x20))
      return 0;
  return 1;
}

int galley_language_is_rtl(const char *tag)
{
  /* languages written in Arabic, Hebrew, Thaana or Syriac script unless a
   * script subtag says otherwise */
  static const char *const rtl[] = {"ar", "fa", "ur", "he", "iw", "yi", "ps", "sd", "ug",
                                    "dv", "ckb", "syr", "arc", "ks", "prs", "pnb", NULL};
  const char *sub;
  size_t n;
  int i;
  if (!tag || !*tag)
    return 0;
  /* a script subtag decides: "az-Arab", "sd-Deva", "ar-Latn" */
  for (sub = strchr(tag, '-'); sub; sub = strchr(sub + 1, '-')) {
    n = strcspn(sub + 1, "-_");
    if (n == 4 && !(sub[1] >= '0' && sub[1] <= '9'))
      return is_script(sub + 1, "Arab") || is_script(sub + 1, "Hebr") ||
             is_script(sub + 1, "Thaa") || is_script(sub + 1, "Syrc") ||
             is_script(sub + 1, "Nkoo") || is_script(sub + 1, "Adlm");
  }
  for (i = 0; rtl[i]; i++)
    if (galley_langtag_is(tag, rtl[i]))
      return 1;
  return 0;
}
