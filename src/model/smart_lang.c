/* smart_lang.c: the conventions of typographic punctuation by language
 * (data: a new language is one line), and which of them a document and
 * each of its blocks take when the metadata names no language or a block
 * is plainly in another. */
#include <stdint.h>
#include <string.h>

#include "../util/utf8.h"
#include "smart_private.h"

/* ------------------------------------------------------------------ */
/* Conventions by language (data: a new language is one line)          */
/* ------------------------------------------------------------------ */

/* Sources: the Chicago Manual of Style (English: the typewriter's "--" is
 * an em dash); Мильчин and Чельцова, "Справочник издателя и автора"
 * (Russian: «ёлочки» outside, „лапки“ inside, тире as an em dash), the
 * same for Kazakh, Ukrainian and Belarusian; Duden (German: „…“ and ‚…‘,
 * the Gedankenstrich a spaced en dash; Swiss German uses guillemets);
 * Lexique des règles typographiques en usage à l'Imprimerie nationale
 * (French: « … » spaced, “…” inside, the tiret d'incise an en dash, the
 * em dash for dialogue). The first entry is the default.
 *
 * A typed double quote stays a double mark and a single one a single
 * mark, as the author chose them (pandoc and SmartyPants do the same):
 * a double quote nested in another takes the language's inner double
 * marks (Russian „…“), and a single quote the language's single marks
 * (German ‚…‘; Russian ‘…’, its marks for glosses). */
static const smart_lang langs[] = {
    {"en",    {LDQUO, LDQUO}, {RDQUO, RDQUO}, LSQUO, RSQUO, EM_DASH, EM_DASH, 0},
    {"ru",    {LAQUO, BDQUO}, {RAQUO, LDQUO}, LSQUO, RSQUO, EM_DASH, EM_DASH, 0},
    {"kk",    {LAQUO, BDQUO}, {RAQUO, LDQUO}, LSQUO, RSQUO, EM_DASH, EM_DASH, 0},
    {"uk",    {LAQUO, BDQUO}, {RAQUO, LDQUO}, LSQUO, RSQUO, EM_DASH, EM_DASH, 0},
    {"be",    {LAQUO, BDQUO}, {RAQUO, LDQUO}, LSQUO, RSQUO, EM_DASH, EM_DASH, 0},
    {"de-ch", {LAQUO, LAQUO}, {RAQUO, RAQUO}, LSAQUO, RSAQUO, EN_DASH, EM_DASH, 0},
    {"de",    {BDQUO, BDQUO}, {LDQUO, LDQUO}, SBQUO, LSQUO, EN_DASH, EM_DASH, 0},
    {"fr",    {LAQUO, LDQUO}, {RAQUO, RDQUO}, LSQUO, RSQUO, EN_DASH, EM_DASH, 1},
    {"es",    {LAQUO, LDQUO}, {RAQUO, RDQUO}, LSQUO, RSQUO, EM_DASH, EM_DASH, 0},
    {"it",    {LAQUO, LDQUO}, {RAQUO, RDQUO}, LSQUO, RSQUO, EN_DASH, EM_DASH, 0},
    {"pt",    {LAQUO, LDQUO}, {RAQUO, RDQUO}, LSQUO, RSQUO, EM_DASH, EM_DASH, 0},
    {"pl",    {BDQUO, LAQUO}, {RDQUO, RAQUO}, LSQUO, RSQUO, EN_DASH, EM_DASH, 0},
    {"cs",    {BDQUO, BDQUO}, {LDQUO, LDQUO}, SBQUO, LSQUO, EN_DASH, EM_DASH, 0},
    {"nl",    {LDQUO, LDQUO}, {RDQUO, RDQUO}, LSQUO, RSQUO, EN_DASH, EM_DASH, 0},
};

/* Whether the BCP 47 tag `tag` starts with `want` ("de" matches "de-AT"
 * and "de", "de-ch" matches "de-CH-1996"), case-insensitively. */
static int tag_matches(const char *tag, const char *want)
{
  size_t n = strlen(want), i;
  for (i = 0; i < n; i++) {
    char c = tag[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c == '_')
      c = '-';
    if (c != want[i])
      return 0;
  }
  return tag[n] == '\0' || tag[n] == '-' || tag[n] == '_';
}

const smart_lang *smart_lang_for_tag(const char *tag)
{
  size_t i;
  if (!tag)
    return NULL;
  for (i = 0; i < sizeof langs / sizeof *langs; i++)
    if (tag_matches(tag, langs[i].tag))
      return &langs[i];
  return NULL;
}


/* ------------------------------------------------------------------ */
/* Which conventions                                                   */
/* ------------------------------------------------------------------ */

/* Bytes of text looked at to guess the conventions of a document. */
#define SMART_SAMPLE_BYTES 65536
/* A block is told apart from its document's language only when it holds
 * at least this many function words (a sentence or two). */
#define SMART_BLOCK_MIN_WORDS 4

/* Function words that tell the Latin-script languages with a table entry
 * apart when no metadata names the language. */
#define SMART_GUESSED 3
static const struct {
  const char *tag;
  const char *words[6];
} function_words[SMART_GUESSED] = {
    {"en", {"the", "and", "of", "to", "is", "that"}},
    {"de", {"der", "die", "und", "das", "nicht", "ist"}},
    {"fr", {"le", "les", "et", "des", "est", "une"}},
};

typedef struct lang_count {
  long latin, cyrillic;      /* letters of each script */
  long words[SMART_GUESSED]; /* function words of each language */
} lang_count;

/* Counts the word s[w, end) if it is one of the function words (they
 * are lower-case ASCII of 2 to 5 letters). */
static void count_word(lang_count *k, const char *s, size_t w, size_t end)
{
  /* the letters the function words begin with: a, d, e, i, l, n, o, t,
   * u (most words of a text are passed over here, every block's every
   * word being looked at) */
  static const unsigned long firsts =
      1ul << ('a' - 'a') | 1ul << ('d' - 'a') | 1ul << ('e' - 'a') | 1ul << ('i' - 'a') |
      1ul << ('l' - 'a') | 1ul << ('n' - 'a') | 1ul << ('o' - 'a') | 1ul << ('t' - 'a') |
      1ul << ('u' - 'a');
  size_t f, j, n = end - w;
  if (n < 2 || n > 5 || s[w] < 'a' || s[w] > 'z' || !(firsts >> (s[w] - 'a') & 1))
    return;
  for (f = 0; f < SMART_GUESSED; f++)
    for (j = 0; j < 6; j++) {
      const char *fw = function_words[f].words[j];
      /* every function word has two letters or more; strncmp stops at
       * the shorter word's end: a letter of s is no NUL */
      if (fw[0] == s[w] && fw[1] == s[w + 1] && strncmp(fw + 2, s + w + 2, n - 2) == 0 &&
          fw[n] == '\0')
        k->words[f]++;
    }
}

static void count_lang(lang_count *k, const char *s, size_t len)
{
  size_t i = 0, w = 0;
  while (i < len) {
    int32_t cp;
    size_t step;
    int letter;
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80 && galley_is_ascii_letter(b)) {
      /* a run of ASCII letters, most of the text, counted at once */
      size_t j = i + 1;
      while (j < len && galley_is_ascii_letter((unsigned char)s[j]))
        j++;
      k->latin += (long)(j - i);
      i = j;
      if (i == len)
        count_word(k, s, w, len);
      continue;
    }
    if (b < 0x80) { /* ASCII, no letter: no decoding */
      cp = b;
      step = 1;
      letter = 0;
    } else {
      step = galley_utf8_decode(s + i, len - i, &cp);
      letter = galley_utf8_is_letter(cp);
    }
    if (cp >= 0x400 && cp <= 0x52F)
      k->cyrillic++;
    else if (letter)
      k->latin++;
    if (!letter || i + step == len) {
      size_t end = letter ? len : i;
      if (end - w >= 2 && end - w <= 5) /* count_word's lengths, asked inline */
        count_word(k, s, w, end);
      w = i + step;
    }
    i += step;
  }
}

/* The table a count points to: Cyrillic text takes the Russian marks,
 * Latin text those of the language whose function words it uses most
 * (English when none). */
static const smart_lang *lang_of_count(const lang_count *k)
{
  int best = 0, f;
  if (k->cyrillic > k->latin)
    return smart_lang_for_tag("ru");
  for (f = 1; f < SMART_GUESSED; f++)
    if (k->words[f] > k->words[best])
      best = f;
  return smart_lang_for_tag(function_words[best].tag);
}

/* The conventions of a document whose metadata names no language (or
 * one without a table entry), from its first SMART_SAMPLE_BYTES. */
const smart_lang *smart_guess_lang(galley_node *root)
{
  galley_iter *it = galley_iter_new(root);
  galley_event_type ev;
  lang_count k;
  size_t seen = 0;
  memset(&k, 0, sizeof k);
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE && seen < SMART_SAMPLE_BYTES) {
    galley_node *n = galley_iter_get_node(it);
    if (ev != GALLEY_EVENT_ENTER || n->type != GALLEY_NODE_TEXT)
      continue;
    seen += n->literal_len;
    count_lang(&k, n->literal, n->literal_len);
  }
  galley_iter_free(it);
  return lang_of_count(&k);
}

/* Whether a table entry is that of a Cyrillic-script language. */
static int is_cyrillic_lang(const smart_lang *l)
{
  return strcmp(l->tag, "ru") == 0 || strcmp(l->tag, "kk") == 0 ||
         strcmp(l->tag, "uk") == 0 || strcmp(l->tag, "be") == 0;
}

/* The conventions of one block: its document's, unless the block is
 * plainly in another language (a passage left untranslated, an English
 * paragraph in a Russian or French book), which then keeps its own
 * marks: Cyrillic letters outnumbering Latin ones in a Latin-script
 * document, or at least SMART_BLOCK_MIN_WORDS function words, most of
 * them of one other language. */
const smart_lang *smart_block_lang(const smart_lang *doc_lang, const char *s, size_t len)
{
  lang_count k;
  const smart_lang *own;
  long total = 0;
  int f, best = 0;
  memset(&k, 0, sizeof k);
  count_lang(&k, s, len);
  if (k.cyrillic > k.latin)
    return is_cyrillic_lang(doc_lang) || k.cyrillic < 2 * SMART_BLOCK_MIN_WORDS
               ? doc_lang : smart_lang_for_tag("ru");
  for (f = 0; f < SMART_GUESSED; f++) {
    total += k.words[f];
    if (k.words[f] > k.words[best])
      best = f;
  }
  if (total < SMART_BLOCK_MIN_WORDS || 2 * k.words[best] <= total)
    return doc_lang;
  own = smart_lang_for_tag(function_words[best].tag);
  /* a language without function words here (Spanish, Kazakh) is only
   * left for English, the one most often left untranslated */
  if (own != doc_lang && !is_cyrillic_lang(doc_lang) && strcmp(doc_lang->tag, "de") != 0 &&
      strcmp(doc_lang->tag, "fr") != 0 && strcmp(doc_lang->tag, "en") != 0 &&
      strcmp(own->tag, "en") != 0)
    return doc_lang;
  return own;
}

