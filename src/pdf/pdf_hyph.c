/* pdf_hyph.c: hyphenation points, as soft hyphens.
 *
 * Pango has no hyphenation dictionary: it breaks (and shows a hyphen) at
 * U+00AD SOFT HYPHEN. So words of the text get soft hyphens where the
 * document language allows a break, and the line breaker chooses among
 * them. Where a break may fall comes from one of two sources:
 *   - the language's pattern dictionary from Debian's hyphen-* packages
 *     (the TeX patterns, read through libhyphen), found by the language
 *     tag: "de-AT" tries hyph_de_AT.dic, then the language's own file
 *     (hyph_de_DE.dic, hyph_de.dic), then any regional file of the
 *     language. Dictionaries in an 8-bit character set (Russian's is
 *     KOI8-R, German's ISO 8859-1, Polish's ISO 8859-2) get each word in
 *     their own encoding, through a table built once with iconv;
 *   - for a language with no dictionary in Debian but syllables regular
 *     enough to state as a rule, the rule (Kazakh: see kk_letters below).
 * Other languages without a dictionary are set without hyphenation; the
 * writer warns once. A document whose metadata names no language (the
 * text reader names Cyrillic ones only) is hyphenated in the Latin-script
 * language whose commonest words it uses (pdf_hyph_guess_language, in
 * pdf_hyph_guess.c), so a German article does not get the English
 * patterns.
 *
 * Rules, as a careful compositor keeps them:
 *   - at least `left` letters before a break and `right` after, by
 *     language (hyph_langs below: TeX's English 2 and 3, Russian 2 and 2);
 *   - only words of 6 letters or more ("became" yes, "later" no);
 *   - never in a token holding digits, '@', '/', ':' or '_', or a full
 *     stop between letters (numbers, URLs, addresses, code: "2025-2029",
 *     "www.osce.org", "debian.org" are left whole);
 *   - never in all-capital words (acronyms: "NATO", "OSCE");
 *   - never in a word that already carries soft hyphens (the author chose);
 *   - never inside a word that holds a hard hyphen (U+002D, U+2010,
 *     U+2011): "co-operation", "Kassym-Jomart" break only at the hyphen,
 *     never into "co-op-/eration" or "Kassym-Jo-/mart";
 *   - headings, titles, subtitles and bylines are not hyphenated at all
 *     (pdf_para_text.c does not hand them here);
 *   - the last word of a paragraph keeps at least PDF_HYPH_LAST_MIN
 *     letters after a break (pdf_hyph_find_short_tail), so a paragraph
 *     never ends on a stub such as "play-/ful.". */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <hyphen.h>
#include <sys/stat.h>

#include "pdf_private.h"
#include "../util/alloc.h"
#include "../util/charset.h"
#include "../util/hash.h"
#include "../util/utf8.h"

#define HYPH_WORD_MIN 6
/* Longer "words" are not language (base64, hashes): libhyphen's work is
 * quadratic in pattern matches, so they are left alone. */
#define HYPH_WORD_MAX 60

#define SOFT_HYPHEN "\xC2\xAD"

/* ------------------------------------------------------------------ */
/* Languages                                                           */
/* ------------------------------------------------------------------ */

/* Which rule states a language's syllables when it has no dictionary. */
typedef enum hyph_rule {
  HYPH_RULE_NONE = 0,
  HYPH_RULE_KAZAKH
} hyph_rule;

typedef struct hyph_lang {
  const char *tag; /* primary language subtag */
  int left, right; /* lefthyphenmin, righthyphenmin: letters kept each side */
  hyph_rule rule;  /* used when no dictionary is found */
  int penalty;     /* \hyphenpenalty; 0: PDF_HYPH_PENALTY */
  int expanded_penalty; /* the same where the glyphs may expand (font
                           expansion gives lines more stretch); 0: penalty */
  int ex_penalty;  /* \exhyphenpenalty; 0: PDF_EXHYPH_PENALTY */
  double tolerance; /* the hyphenating pass's \tolerance, as a stretch
                       ratio; 0: the breaker's own */
  int single_penalty; /* a line ending in a one-letter word; 0: none */
} hyph_lang;

/* Fragment minimums are those the hyph-utf8 TeX patterns (the source of
 * Debian's dictionaries) give with each language and babel sets: English
 * 2/3, French, Portuguese and Czech 2/3, German, Dutch, Spanish, Italian,
 * Polish 2/2; Russian, Ukrainian and Belarusian 2/2 (babel-russian; the
 * Russian rule of Мильчин's "Справочник издателя и автора" only forbids
 * leaving one letter). Kazakh takes 2/3: its endings are two-letter
 * suffixes ("-ды", "-ға") that read badly alone at a line start. A
 * language missing here takes 2/3. */
/* German's compounds give most long words several points ("Ver-öf-fent-
 * li-chun-gen"), and at the common penalty the German book of the corpus
 * had 252 hyphenated lines at A4 (classic style) where XeLaTeX, same face,
 * size and measure, had 176, with galley's word gaps far more even
 * (sd 0.130 em against 0.153). German also joins compounds with a hyphen
 * ("Debian-Entwickler") far more than English does: at \exhyphenpenalty
 * 50 a quarter of its hyphenated lines (46 of 202, modern style, A4) ended
 * at a word's own hyphen, against a sixth of XeLaTeX's (31 of 174).
 * Measured on that book (bench/typeset, A4, A5, Letter, both styles, each
 * beside XeLaTeX on the same measure): the penalty alone spares hyphens
 * up to about 2500 and no more past it (202 -> 190 hyphenated lines,
 * modern A4); with the word's own hyphen at 300 as well, 187, and the
 * spread of word gaps stays under XeLaTeX's at every size (at 600 it
 * passes it at Letter). Russian, at a penalty of 600, already spreads
 * its gaps past XeLaTeX's.
 * At that penalty a hyphen is chosen only where every set of breaks
 * without one stretches a line past the hyphenating pass's tolerance: the
 * tolerance, not the penalty, then sets the count. German, with its long
 * compounds, gets a looser one: at 3.0 (2.4 the default) the German book
 * has fewer hyphenated lines and more even gaps at every size and style
 * (modern A4 187 -> 169 lines, sd .134 -> .132; classic A5 178 -> 175,
 * .133 -> .129; Letter 168 -> 147, .140 -> .135), under XeLaTeX's 174-177
 * everywhere. Not for all languages: at 3.0 Russian and Kazakh, with
 * hyphens at the default penalty, hyphenate 10-30 % more lines (paragraphs
 * the emergency pass set with fewer hyphens settle in the second).
 * Font expansion (-galley-font-expansion) changed the balance: at 2500
 * the book kept 61-75 hyphenated lines against XeLaTeX's 176-187, but its
 * gaps stayed loose (sd .122-.130 em; 168 of 877 lines over 0.45 em at
 * A5, modern style); at 1000, 86-109 lines and sd .098-.103; at 500,
 * 118-143 and .083-.091; at the common 320, 139-174 and .077-.086, too
 * near XeLaTeX's count at A5 (174 of 178). 500 keeps a fifth of the
 * hyphens in hand and the spread at little more than half XeLaTeX's.
 * Without expansion 500 gives 251 lines at A4 (XeLaTeX 187): there 2500
 * stays. */
#define HYPH_PENALTY_DE 2500
#define HYPH_EXPANDED_PENALTY_DE 500
#define HYPH_EX_PENALTY_DE 300
#define HYPH_TOLERANCE_DE 3.0

/* A line ending in a one-letter preposition or conjunction ("в", "и"),
 * which Russian typesetting rules (Мильчин) keep with the next word, as
 * Polish and Czech ones (ČSN 01 6910) do. As a penalty, not a no-break
 * space: bound by a no-break space in the model, the Russian book's lines
 * ending so went 46 -> 0 at A4 but its spread of word gaps passed
 * XeLaTeX's (.157 against .156 at A4); at 1000, 46 -> 11, the spread .154
 * and 229 hyphenated lines against XeLaTeX's .153 and 222; at 200, 31,
 * with .152 and 220 (modern .149 and 212 against .157 and 222; A5 .154
 * and 204 against .159 and 216), every figure under XeLaTeX's
 * (bench/typeset --sizes A4,A5 on that book). */
#define HYPH_SINGLE_PENALTY 200

static const hyph_lang hyph_langs[] = {
    {"en", 2, 3, HYPH_RULE_NONE, 0, 0, 0, 0, 0},
    {"ru", 2, 2, HYPH_RULE_NONE, 0, 0, 0, 0, HYPH_SINGLE_PENALTY},
    {"uk", 2, 2, HYPH_RULE_NONE, 0, 0, 0, 0, HYPH_SINGLE_PENALTY},
    {"be", 2, 2, HYPH_RULE_NONE, 0, 0, 0, 0, HYPH_SINGLE_PENALTY},
    {"kk", 2, 3, HYPH_RULE_KAZAKH, 0, 0, 0, 0, 0},
    {"de", 2, 2, HYPH_RULE_NONE, HYPH_PENALTY_DE, HYPH_EXPANDED_PENALTY_DE, HYPH_EX_PENALTY_DE,
     HYPH_TOLERANCE_DE, 0},
    {"fr", 2, 3, HYPH_RULE_NONE, 0, 0, 0, 0, 0},
    {"es", 2, 2, HYPH_RULE_NONE, 0, 0, 0, 0, 0},
    {"it", 2, 2, HYPH_RULE_NONE, 0, 0, 0, 0, 0},
    {"pt", 2, 3, HYPH_RULE_NONE, 0, 0, 0, 0, 0},
    {"pl", 2, 2, HYPH_RULE_NONE, 0, 0, 0, 0, HYPH_SINGLE_PENALTY},
    {"nl", 2, 2, HYPH_RULE_NONE, 0, 0, 0, 0, 0},
    {"cs", 2, 3, HYPH_RULE_NONE, 0, 0, 0, 0, HYPH_SINGLE_PENALTY},
};
static const hyph_lang hyph_lang_default = {"", 2, 3, HYPH_RULE_NONE, 0, 0, 0, 0, 0};

static const hyph_lang *lang_for(const char *ll)
{
  size_t i;
  for (i = 0; i < sizeof hyph_langs / sizeof *hyph_langs; i++)
    if (strcmp(hyph_langs[i].tag, ll) == 0)
      return &hyph_langs[i];
  return &hyph_lang_default;
}

/* ------------------------------------------------------------------ */
/* Kazakh syllables                                                    */
/* ------------------------------------------------------------------ */

/* Letter classes of the syllable rule. */
enum {
  L_CONS = 'C',  /* consonant */
  L_VOWEL = 'V', /* vowel */
  L_IOT = 'J',   /* vowel spelled with a leading [j] (я, ю, ё): after a
                    vowel, a syllable starts at it ("қо-ян") */
  L_GLIDE = 'G', /* и, у: [j], [w] after a vowel ("та-уық": a consonant),
                    a vowel after a consonant ("су-ық", "ки-ім") */
  L_SIGN = 'S'   /* ь, ъ: belong to the consonant before them */
};

/* The Kazakh Cyrillic alphabet (42 letters, lower case), by class.
 * Kazakh syllables are V, CV, VC, CVC, VCC, CVCC: a syllable starts at
 * the consonant before each vowel, so between two vowels one consonant
 * goes to the right ("а-на", "Абай-дың"), of two or three the last does
 * ("мем-ле-кет-тік", "жұрт-қа"); a vowel after и or у read as a vowel,
 * or an iotated vowel after any vowel, starts a syllable of its own
 * ("оқи-ға", "су-ық", "қо-ян"). The table also covers the Russian
 * letters that Kazakh shares, so loanwords follow the same rule, and the
 * Latin alphabets (a text tagged kk-Latn). A word with any other letter
 * is not hyphenated by it. */
typedef struct hyph_letter {
  int32_t cp;
  char cls;
} hyph_letter;

static const hyph_letter kk_letters[] = {
    {0x430, L_VOWEL}, /* а */ {0x4D9, L_VOWEL}, /* ә */ {0x431, L_CONS}, /* б */
    {0x432, L_CONS},  /* в */ {0x433, L_CONS},  /* г */ {0x493, L_CONS}, /* ғ */
    {0x434, L_CONS},  /* д */ {0x435, L_VOWEL}, /* е */ {0x451, L_IOT},  /* ё */
    {0x436, L_CONS},  /* ж */ {0x437, L_CONS},  /* з */ {0x438, L_GLIDE}, /* и */
    {0x439, L_CONS},  /* й */ {0x43A, L_CONS},  /* к */ {0x49B, L_CONS}, /* қ */
    {0x43B, L_CONS},  /* л */ {0x43C, L_CONS},  /* м */ {0x43D, L_CONS}, /* н */
    {0x4A3, L_CONS},  /* ң */ {0x43E, L_VOWEL}, /* о */ {0x4E9, L_VOWEL}, /* ө */
    {0x43F, L_CONS},  /* п */ {0x440, L_CONS},  /* р */ {0x441, L_CONS}, /* с */
    {0x442, L_CONS},  /* т */ {0x443, L_GLIDE}, /* у */ {0x4B1, L_VOWEL}, /* ұ */
    {0x4AF, L_VOWEL}, /* ү */ {0x444, L_CONS},  /* ф */ {0x445, L_CONS}, /* х */
    {0x4BB, L_CONS},  /* һ */ {0x446, L_CONS},  /* ц */ {0x447, L_CONS}, /* ч */
    {0x448, L_CONS},  /* ш */ {0x449, L_CONS},  /* щ */ {0x44A, L_SIGN}, /* ъ */
    {0x44B, L_VOWEL}, /* ы */ {0x456, L_VOWEL}, /* і */ {0x44C, L_SIGN}, /* ь */
    {0x44D, L_VOWEL}, /* э */ {0x44E, L_IOT},   /* ю */ {0x44F, L_IOT},  /* я */
    /* the Latin alphabet of 2018 (Kazinform's: á ǵ ı ń ó ú ý, sh, ch)
     * and of 2021 (ä ğ ı ñ ö ş ü ū): ı is и, ý and u of 2021 у, y ы;
     * h after s or c ends a digraph (sh, ch: one consonant) */
    {'a', L_VOWEL},   {0xE1, L_VOWEL},  /* á */ {0xE4, L_VOWEL},  /* ä */
    {'b', L_CONS},    {'c', L_CONS},    {'d', L_CONS},    {'e', L_VOWEL},
    {'f', L_CONS},    {'g', L_CONS},    {0x1F5, L_CONS},  /* ǵ */
    {0x11F, L_CONS},  /* ğ */ {'h', L_CONS}, {0x131, L_GLIDE}, /* ı */
    {'i', L_VOWEL},   {'j', L_CONS},    {'k', L_CONS},    {'l', L_CONS},
    {'m', L_CONS},    {'n', L_CONS},    {0x144, L_CONS},  /* ń */
    {0xF1, L_CONS},   /* ñ */ {'o', L_VOWEL}, {0xF3, L_VOWEL}, /* ó */
    {0xF6, L_VOWEL},  /* ö */ {'p', L_CONS}, {'q', L_CONS},  {'r', L_CONS},
    {'s', L_CONS},    {0x15F, L_CONS},  /* ş */ {'t', L_CONS},
    {'u', L_VOWEL},   {0xFA, L_VOWEL},  /* ú */ {0xFC, L_VOWEL}, /* ü */
    {0x16B, L_VOWEL}, /* ū */ {'v', L_CONS}, {'w', L_CONS},  {'x', L_CONS},
    {'y', L_VOWEL},   {0xFD, L_GLIDE},  /* ý */ {'z', L_CONS},
};

static char kk_class(int32_t cp)
{
  size_t i;
  for (i = 0; i < sizeof kk_letters / sizeof *kk_letters; i++)
    if (kk_letters[i].cp == cp)
      return kk_letters[i].cls;
  return 0;
}

static int is_vowel_class(char c)
{
  return c == L_VOWEL || c == L_IOT;
}

/* Marks in `allow` (n entries, allow[k]: a break after letter k) the
 * syllable boundaries of the lower-case word `w` by the Kazakh rule.
 * Returns 0 when a letter is not in the table (nothing marked). */
static int kk_syllables(const int32_t *w, int n, char *allow)
{
  char cls[HYPH_WORD_MAX];
  int k, seen_vowel = 0;
  for (k = 0; k < n; k++) {
    cls[k] = kk_class(w[k]);
    if (!cls[k] || (k > 0 && (w[k] < 0x250) != (w[k - 1] < 0x250)))
      return 0; /* a letter outside the table, or Latin and Cyrillic mixed */
    if (w[k] == 'h' && k > 0 && (w[k - 1] == 's' || w[k - 1] == 'c'))
      cls[k] = L_SIGN; /* sh, ch */
    if (cls[k] == L_GLIDE)
      cls[k] = k > 0 && is_vowel_class(cls[k - 1]) ? L_CONS : L_VOWEL;
  }
  for (k = 1; k < n; k++) {
    int next = k + 1 < n && cls[k + 1] == L_SIGN ? k + 2 : k + 1;
    seen_vowel |= is_vowel_class(cls[k - 1]);
    if (!seen_vowel)
      continue;
    /* a consonant starts the syllable of the vowel after it */
    if (cls[k] == L_CONS && next < n && is_vowel_class(cls[next]))
      allow[k - 1] = 1;
    /* two vowels: a new syllable after и or у read as a vowel, or at
     * я, ю, ё */
    if (is_vowel_class(cls[k - 1]) && is_vowel_class(cls[k]) &&
        (kk_class(w[k - 1]) == L_GLIDE || cls[k] == L_IOT))
      allow[k - 1] = 1;
  }
  return 1;
}

/* ------------------------------------------------------------------ */
/* Dictionaries                                                        */
/* ------------------------------------------------------------------ */

/* One character of an 8-bit dictionary encoding. */
typedef struct hyph_byte {
  int32_t cp;         /* code point */
  unsigned char byte; /* its byte in the dictionary's encoding */
} hyph_byte;

/* The scripts whose words may take another language's patterns. */
enum { SCRIPT_OTHER = 0, SCRIPT_LATIN, SCRIPT_CYRILLIC };

struct pdf_hyph {
  HyphenDict *dict;         /* owned; NULL: `lang->rule` decides */
  void *blob;               /* owned, or NULL: `dict` read compiled
                               (pdf_hyph_cache.c), all of it in here */
  const hyph_lang *lang;    /* static */
  int script;               /* the language's script (SCRIPT_*) */
  /* The patterns for words of the other script, English for Latin words
   * in a Cyrillic-script text and Russian for Cyrillic words in a
   * Latin-script one (names, titles, quotations, untranslated passages).
   * Loaded by the first such word (other_of), as most texts have none and
   * a dictionary takes milliseconds to load; the layout threads share it. */
  pdf_hyph *other;           /* owned, or NULL: none; read only once
                                other_once is set */
  gsize other_once;          /* GLib once: 1 when `other` is final */
  char *dict_dir;            /* owned, or NULL: for loading `other` */
  char *cache_dir;           /* owned, or NULL: compiled dictionaries */
  /* pdf_hyph_start: `dict` (and `high`) are written by the `loader`
   * thread; every reader of them calls wait_loaded first, which joins
   * it. */
  char *dict_path;           /* owned, or NULL: the dictionary file */
  pthread_t loader;
  int loading;               /* 1: `loader` was started (joined once) */
  gsize loaded;              /* GLib once: 1 when `dict` and `high` are
                                final */
  hyph_byte high[128];      /* 8-bit dictionaries: bytes 0x80-0xFF, by cp */
  int n_high;               /* entries of `high` */
};

/* libhyphen's allocator. Its own hnj_malloc and hnj_realloc (hnjalloc.c)
 * print "can't allocate N bytes" and exit(1) when malloc fails, a message
 * and a status galley cannot route. libhyphen calls them through its PLT,
 * so these definitions, exported from the program or from libgalley (both
 * come before libhyphen in the dynamic linker's search order), take their
 * place: libhyphen's allocations then fail the way galley's do, through
 * the fatal handler. Memory stays malloc's, so libhyphen's own hnj_free
 * (free) still matches. */
void *hnj_malloc(int size);
void *hnj_realloc(void *p, int size);

__attribute__((visibility("default"))) void *hnj_malloc(int size)
{
  return galley_xmalloc(size > 0 ? (size_t)size : 1);
}

__attribute__((visibility("default"))) void *hnj_realloc(void *p, int size)
{
  return galley_xrealloc(p, size > 0 ? (size_t)size : 1);
}

static int file_exists(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Looks for `dir`/hyph_`name`.dic; writes the path to `out` on success. */
static int try_dict(const char *dir, const char *name, galley_buf *out)
{
  galley_buf_clear(out);
  galley_buf_printf(out, "%s/hyph_%s.dic", dir, name);
  return file_exists(galley_buf_cstr(out));
}

static int cmp_high(const void *a, const void *b)
{
  int32_t x = ((const hyph_byte *)a)->cp, y = ((const hyph_byte *)b)->cp;
  return (x > y) - (x < y);
}

/* Reads the upper half of the 8-bit character set `cset` (the .dic's
 * first line: "KOI8-R", "ISO8859-1") into h->high, sorted by code point.
 * Returns 0 when iconv does not know the set. */
static int load_charset(pdf_hyph *h, const char *cset)
{
  int32_t cps[128];
  int b;
  if (!galley_charset_upper_half(cset, cps))
    return 0;
  h->n_high = 0;
  for (b = 0; b < 128; b++) {
    if (cps[b] < 0x80)
      continue;
    h->high[h->n_high].cp = cps[b];
    h->high[h->n_high].byte = (unsigned char)(b + 0x80);
    h->n_high++;
  }
  qsort(h->high, (size_t)h->n_high, sizeof *h->high, cmp_high);
  return 1;
}

/* The byte of `cp` in the dictionary's 8-bit set, or -1. */
static int byte_of(const pdf_hyph *h, int32_t cp)
{
  int lo = 0, hi = h->n_high - 1;
  if (cp < 0x80)
    return (int)cp;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (h->high[mid].cp == cp)
      return h->high[mid].byte;
    if (h->high[mid].cp < cp)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return -1;
}

/* Finds the dictionary file of language `ll`, region `rr` (may be
 * empty) in `dir`; writes its path to `path`. Returns 1 when found. */
static int find_dict(const char *dir, const char *ll, const char *rr, galley_buf *path)
{
  char name[40], up[16];
  size_t i;
  DIR *d;
  struct dirent *e;
  char best[256] = "";
  size_t pl = strlen(ll);

  if (rr[0]) {
    snprintf(name, sizeof name, "%s_%s", ll, rr);
    if (try_dict(dir, name, path))
      return 1;
  }
  if (strcmp(ll, "en") == 0 && try_dict(dir, "en_US", path))
    return 1;
  /* the language's home region: de_DE, ru_RU, pt_PT */
  for (i = 0; ll[i]; i++)
    up[i] = (char)(ll[i] & ~0x20);
  up[i] = '\0';
  snprintf(name, sizeof name, "%s_%s", ll, up);
  if (try_dict(dir, name, path) || try_dict(dir, ll, path))
    return 1;
  /* Any regional dictionary of the language (hyph_be_BY, hyph_pl_PL):
   * the first by name, so the choice does not depend on the directory's
   * order. */
  d = opendir(dir);
  while (d && (e = readdir(d)) != NULL) {
    const char *f = e->d_name;
    size_t fl = strlen(f);
    if (strncmp(f, "hyph_", 5) == 0 && strncmp(f + 5, ll, pl) == 0 &&
        f[5 + pl] == '_' && fl > 4 && strcmp(f + fl - 4, ".dic") == 0 &&
        fl < sizeof best && (!best[0] || strcmp(f, best) < 0))
      strcpy(best, f);
  }
  if (d)
    closedir(d);
  if (!best[0])
    return 0;
  galley_buf_clear(path);
  galley_buf_printf(path, "%s/%s", dir, best);
  return 1;
}

/* Languages written in Cyrillic among those galley may be asked for;
 * every other takes the Latin script's fallback. */
static int script_of_lang(const char *ll)
{
  static const char *const cyrillic[] = {"ru", "uk", "be", "kk", "bg", "mk", "ky",
                                         "tg", "mn", "tt", "ba", "cv", NULL};
  int i;
  for (i = 0; cyrillic[i]; i++)
    if (strcmp(cyrillic[i], ll) == 0)
      return SCRIPT_CYRILLIC;
  return SCRIPT_LATIN;
}

static int script_of_cp(int32_t c)
{
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
      (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7))
    return SCRIPT_LATIN;
  if (c >= 0x400 && c <= 0x52F)
    return SCRIPT_CYRILLIC;
  return SCRIPT_OTHER;
}

static pdf_hyph *hyph_new_one(const char *language, const char *dict_dir,
                               const char *cache_dir, int background);

pdf_hyph *pdf_hyph_new(const char *language, const char *dict_dir, const char *cache_dir)
{
  return hyph_new_one(language, dict_dir, cache_dir, 0);
}

pdf_hyph *pdf_hyph_start(const char *language, const char *dict_dir, const char *cache_dir)
{
  return hyph_new_one(language, dict_dir, cache_dir, 1);
}

/* Frees h->dict, however it was read. */
static void free_dict(pdf_hyph *h)
{
  if (h->blob)
    free(h->blob);
  else if (h->dict)
    hnj_hyphen_free(h->dict);
  h->blob = NULL;
  h->dict = NULL;
}

/* Reads h->dict_path into h->dict (and the 8-bit table): compiled, when
 * h->cache_dir holds it as it is now, else through libhyphen; a
 * dictionary that cannot be read or whose character set iconv lacks
 * leaves NULL. */
static void load_dict(pdf_hyph *h)
{
  h->dict = pdf_hyph_cache_read(h->cache_dir, h->dict_path, &h->blob);
  if (!h->dict)
    h->dict = hnj_hyphen_load(h->dict_path);
  if (h->dict && !h->dict->utf8 && !load_charset(h, h->dict->cset))
    free_dict(h);
}

static void *loader_main(void *arg)
{
  load_dict(arg);
  return NULL;
}

/* Waits for the loader thread, if any; then `dict` and `high` may be
 * read. Any thread may call it: the first joins the loader inside GLib's
 * once, the others wait there until it has (g_once_init_leave publishes
 * what the join made visible), and later calls only read `loaded`. */
static void wait_loaded(pdf_hyph *h)
{
  if (g_once_init_enter(&h->loaded)) {
    if (h->loading)
      pthread_join(h->loader, NULL);
    g_once_init_leave(&h->loaded, 1);
  }
}

/* The other script's patterns (see struct pdf_hyph), loaded on first use
 * inside GLib's once, as wait_loaded; NULL if it has none. Any thread may
 * call it. */
static const pdf_hyph *other_of(pdf_hyph *hyph)
{
  if (g_once_init_enter(&hyph->other_once)) {
    hyph->other = hyph_new_one(hyph->script == SCRIPT_CYRILLIC ? "en" : "ru",
                               hyph->dict_dir, hyph->cache_dir, 0);
    g_once_init_leave(&hyph->other_once, 1);
  }
  return hyph->other;
}

/* background: the dictionary is read on a thread of its own (if one can
 * be started), and a language whose dictionary file exists is taken to
 * have one. */
static pdf_hyph *hyph_new_one(const char *language, const char *dict_dir,
                               const char *cache_dir, int background)
{
  char ll[16] = "", rr[16] = "";
  const char *lang = language && *language ? language : "en";
  const char *dir = dict_dir ? dict_dir : "/usr/share/hyphen";
  const char *sub;
  galley_buf path = GALLEY_BUF_INIT;
  size_t i, n;
  int script = SCRIPT_OTHER; /* a script subtag's, if any */
  pdf_hyph *h = NULL;

  /* "en-GB" -> ll "en", rr "GB"; a script subtag ("sr-Latn-RS",
   * "en-Latn-US") is skipped on the way to the region. */
  n = strcspn(lang, "-_");
  if (n == 0 || n >= sizeof ll)
    goto done;
  for (i = 0; i < n; i++) {
    char c = lang[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
      goto done;
    ll[i] = (char)(c | 0x20);
  }
  ll[n] = '\0';
  sub = lang + n;
  while (*sub) {
    size_t m = strcspn(++sub, "-_");
    if (m == 4)
      script = g_ascii_strncasecmp(sub, "Latn", 4) == 0   ? SCRIPT_LATIN
               : g_ascii_strncasecmp(sub, "Cyrl", 4) == 0 ? SCRIPT_CYRILLIC
                                                           : script;
    if (m == 2 && ((sub[0] | 0x20) >= 'a' && (sub[0] | 0x20) <= 'z') &&
        ((sub[1] | 0x20) >= 'a' && (sub[1] | 0x20) <= 'z')) {
      rr[0] = (char)(sub[0] & ~0x20);
      rr[1] = (char)(sub[1] & ~0x20);
      rr[2] = '\0';
      break;
    }
    if (m != 4)
      break;
    sub += m;
  }
  h = galley_xcalloc(1, sizeof *h);
  h->dict_dir = dict_dir ? galley_xstrdup(dict_dir) : NULL;
  h->cache_dir = cache_dir ? galley_xstrdup(cache_dir) : NULL;
  h->lang = lang_for(ll);
  h->script = script ? script : script_of_lang(ll); /* "kk-Latn": Latin */
  if (find_dict(dir, ll, rr, &path)) {
    h->dict_path = galley_buf_detach(&path, NULL);
    if (background)
      h->loading = pthread_create(&h->loader, NULL, loader_main, h) == 0;
    if (h->loading)
      goto done;
    load_dict(h);
  }
  if (!h->dict && h->lang->rule == HYPH_RULE_NONE) {
    pdf_hyph_free(h);
    h = NULL;
  }
done:
  galley_buf_free(&path);
  return h;
}

void pdf_hyph_free(pdf_hyph *hyph)
{
  if (!hyph)
    return;
  wait_loaded(hyph);
  free_dict(hyph);
  pdf_hyph_free(hyph->other);
  free(hyph->dict_dir);
  free(hyph->cache_dir);
  free(hyph->dict_path);
  free(hyph);
}

/* ------------------------------------------------------------------ */
/* Words                                                               */
/* ------------------------------------------------------------------ */

int32_t pdf_hyph_to_lower(int32_t c)
{
  if (c >= 'A' && c <= 'Z')
    return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
    return c + 32;
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
    return (c & 1) ? c : c + 1;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
    return (c & 1) ? c + 1 : c;
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
    return c + 32;
  if (c >= 0x410 && c <= 0x42F)
    return c + 32;
  if (c >= 0x400 && c <= 0x40F)
    return c + 80;
  if (c >= 0x460 && c <= 0x4FF && c != 0x4C0 && !(c >= 0x4C1 && c <= 0x4CE))
    return (c & 1) ? c : c + 1;
  return c;
}

/* A hard hyphen: U+002D HYPHEN-MINUS, U+2010 HYPHEN, U+2011 NON-BREAKING
 * HYPHEN. */
static int is_hard_hyphen(int32_t c)
{
  return c == '-' || c == 0x2010 || c == 0x2011;
}

/* A token (between spaces) that must not be hyphenated at all: numbers,
 * URLs, addresses, code ("2025-2029", "www.osce.org", "a/b", "x_y",
 * "debian.org": a full stop between letters); a token holding a hard
 * hyphen, which breaks there and only there ("Kassym-Jomart", but not
 * "Kassym-Jo-mart"); a token with the author's soft hyphens. */
static int is_unbreakable_token(const char *s, size_t len)
{
  size_t i = 0;
  int32_t prev = 0;
  while (i < len) {
    int32_t c;
    size_t step = galley_utf8_decode(s + i, len - i, &c);
    if ((c >= '0' && c <= '9') || c == '@' || c == '/' || c == ':' || c == '_' ||
        c == '\\' || c == '=' || c == '<' || c == '>' || c == 0xAD || is_hard_hyphen(c))
      return 1;
    if (prev == '.' && galley_utf8_is_letter(c) && i >= 2)
      return 1;
    prev = c;
    i += step;
  }
  return 0;
}

/* Words the patterns break wrongly, with their breaks, by language (as
 * TeX's \hyphenation exceptions): data, a word a line. Names of the
 * region galley's sample comes from, which the English patterns, made
 * from English words, split across a digraph ("Kaza-khstan", "Kyr-gyzs-
 * tan"); the breaks are the names' syllables. */
static const struct {
  const char *lang;
  const char *word; /* lower case, "-" at each break */
} hyph_exceptions[] = {
    {"en", "ka-zakh"},       {"en", "ka-zakhs"},     {"en", "ka-zakh-stan"},
    {"en", "ka-zakh-stani"}, {"en", "ka-zakh-stanis"}, {"en", "kyr-gyz-stan"},
    {"en", "na-zar-ba-yev"}, {"en", "to-ka-yev"},    {"en", "shym-kent"},
};

/* Marks allow[] from the exception for the lower-cased word `cps` (n
 * characters), if `h`'s language has one. */
static int hyph_exception(const pdf_hyph *h, const int32_t *cps, int n, char *allow)
{
  size_t e;
  for (e = 0; e < sizeof hyph_exceptions / sizeof *hyph_exceptions; e++) {
    const char *x = hyph_exceptions[e].word;
    int k = 0;
    size_t i = 0, xl = strlen(x);
    if (strcmp(hyph_exceptions[e].lang, h->lang->tag) != 0)
      continue;
    memset(allow, 0, (size_t)n);
    while (i < xl && k < n) {
      int32_t c;
      i += galley_utf8_decode(x + i, xl - i, &c);
      if (c == '-') {
        if (k > 0)
          allow[k - 1] = 1;
        continue;
      }
      if (c != cps[k])
        break;
      k++;
    }
    if (i == xl && k == n)
      return 1;
  }
  return 0;
}

/* Appends one word (a run of letters) with its soft hyphens. */
static void hyphenate_word(const pdf_hyph *h, const char *w, size_t len, galley_buf *out)
{
  int32_t cps[HYPH_WORD_MAX];
  size_t offs[HYPH_WORD_MAX + 1];
  char allow[HYPH_WORD_MAX];
  size_t i = 0;
  int n = 0, upper = 0, k, ok = 0;

  while (i < len) {
    int32_t c;
    size_t step = galley_utf8_decode(w + i, len - i, &c);
    if (n == HYPH_WORD_MAX) {
      galley_buf_put(out, w, len);
      return;
    }
    if (galley_utf8_is_upper(c))
      upper++;
    offs[n] = i;
    cps[n++] = pdf_hyph_to_lower(c);
    i += step;
  }
  offs[n] = len;
  if (n < HYPH_WORD_MIN || upper == n) {
    galley_buf_put(out, w, len);
    return;
  }
  memset(allow, 0, sizeof allow);
  if (hyph_exception(h, cps, n, allow)) {
    ok = 1;
  } else if (h->dict) {
    /* libhyphen wants the word in the dictionary's encoding; its
     * hyphens[] then has an entry per character either way (UTF-8
     * dictionaries count characters, 8-bit ones bytes). */
    galley_buf enc = GALLEY_BUF_INIT;
    char hyphens[HYPH_WORD_MAX * 4 + 8];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    for (k = 0; k < n; k++) {
      if (h->dict->utf8) {
        galley_utf8_encode(&enc, cps[k]);
      } else {
        int b = byte_of(h, cps[k]);
        if (b < 0)
          break;
        galley_buf_putc(&enc, (char)b);
      }
    }
    memset(hyphens, 0, sizeof hyphens);
    if (k == n &&
        hnj_hyphen_hyphenate3(h->dict, galley_buf_cstr(&enc), (int)enc.len, hyphens, NULL,
                              &rep, &pos, &cut, h->lang->left, h->lang->right,
                              h->lang->left, h->lang->right) == 0) {
      /* An odd value after character k allows a break there.
       * Non-standard breaks (rep[k] set: "Schiffahrt" -> "Schiff-fahrt")
       * change letters, which a soft hyphen cannot express; they are
       * skipped. */
      for (k = 0; k < n; k++)
        allow[k] = (hyphens[k] & 1) && !(rep && rep[k]);
      ok = 1;
    }
    if (rep) {
      for (k = 0; k < (int)enc.len; k++)
        free(rep[k]);
      free(rep);
    }
    free(pos);
    free(cut);
    galley_buf_free(&enc);
  } else if (h->lang->rule == HYPH_RULE_KAZAKH) {
    ok = kk_syllables(cps, n, allow);
  }
  if (!ok) {
    galley_buf_put(out, w, len);
    return;
  }
  for (k = 0; k < n; k++) {
    galley_buf_put(out, w + offs[k], offs[k + 1] - offs[k]);
    if (allow[k] && k + 1 >= h->lang->left && n - (k + 1) >= h->lang->right)
      galley_buf_puts(out, SOFT_HYPHEN);
  }
}

int pdf_hyph_penalty(const pdf_hyph *hyph, int expanded)
{
  if (hyph && expanded && hyph->lang->expanded_penalty > 0)
    return hyph->lang->expanded_penalty;
  return hyph && hyph->lang->penalty > 0 ? hyph->lang->penalty : PDF_HYPH_PENALTY;
}

int pdf_hyph_ex_penalty(const pdf_hyph *hyph)
{
  return hyph && hyph->lang->ex_penalty > 0 ? hyph->lang->ex_penalty : PDF_EXHYPH_PENALTY;
}

int pdf_hyph_single_penalty(const pdf_hyph *hyph)
{
  return hyph ? hyph->lang->single_penalty : 0;
}

double pdf_hyph_tolerance(const pdf_hyph *hyph)
{
  return hyph ? hyph->lang->tolerance : 0;
}

/* ------------------------------------------------------------------ */
/* The memo of words hyphenated                                        */
/* ------------------------------------------------------------------ */

/* Words longer than this are hyphenated each time (few, and they would
 * fill the memo). */
#define MEMO_WORD_MAX 64
/* At most this many words, and this many bytes of words and results. */
#define PDF_HYPH_MEMO_MAX (1u << 17)
#define MEMO_ARENA_MAX ((size_t)8 << 20)

struct pdf_hyph_memo_slot {
  uint32_t hash;
  uint32_t off;  /* the word's first byte in the arena; its result follows */
  uint16_t wlen; /* 0: an empty slot */
  uint16_t olen;
  const pdf_hyph *h; /* the patterns the result came from */
};

/* The slot of word w (hashed `hash`) hyphenated with h, or the empty
 * slot where it would go. The table is never full (grown at half). */
static pdf_hyph_memo_slot *memo_find(const pdf_hyph_memo *m, const pdf_hyph *h, const char *w,
                                     size_t len, uint32_t hash)
{
  size_t i = hash & (m->cap - 1);
  for (;;) {
    pdf_hyph_memo_slot *sl = &m->slots[i];
    if (sl->wlen == 0 ||
        (sl->hash == hash && sl->wlen == len && sl->h == h &&
         memcmp(m->arena.ptr + sl->off, w, len) == 0))
      return sl;
    i = (i + 1) & (m->cap - 1);
  }
}

void pdf_hyph_memo_clear(pdf_hyph_memo *memo)
{
  free(memo->slots);
  galley_buf_free(&memo->arena);
  memset(memo, 0, sizeof *memo);
}

/* Adds word w's result `res` (olen bytes), unless the memo is full. */
static void memo_put(pdf_hyph_memo *m, const pdf_hyph *h, const char *w, size_t len,
                     uint32_t hash, const char *res, size_t olen)
{
  pdf_hyph_memo_slot *sl;
  if (m->n >= PDF_HYPH_MEMO_MAX || olen > UINT16_MAX ||
      m->arena.len + len + olen > MEMO_ARENA_MAX)
    return;
  if (2 * (m->n + 1) > m->cap) {
    pdf_hyph_memo old = *m;
    size_t i;
    m->cap = old.cap ? 2 * old.cap : 1024;
    m->slots = galley_xcalloc(m->cap, sizeof *m->slots);
    for (i = 0; i < old.cap; i++)
      if (old.slots[i].wlen) {
        const pdf_hyph_memo_slot *o = &old.slots[i];
        *memo_find(m, o->h, m->arena.ptr + o->off, o->wlen, o->hash) = *o;
      }
    free(old.slots);
  }
  sl = memo_find(m, h, w, len, hash);
  sl->hash = hash;
  sl->off = (uint32_t)m->arena.len;
  sl->wlen = (uint16_t)len;
  sl->olen = (uint16_t)olen;
  sl->h = h;
  galley_buf_put(&m->arena, w, len);
  galley_buf_put(&m->arena, res, olen);
  m->n++;
}

/* hyphenate_word through the memo: a word met before is copied. */
static void hyphenate_memo(pdf_hyph_memo *m, const pdf_hyph *h, const char *w, size_t len,
                           galley_buf *out)
{
  uint32_t hash;
  size_t before;
  if (!m || len > MEMO_WORD_MAX) {
    hyphenate_word(h, w, len, out);
    return;
  }
  hash = galley_fnv1a(w, len);
  if (m->cap) {
    const pdf_hyph_memo_slot *sl = memo_find(m, h, w, len, hash);
    if (sl->wlen) {
      galley_buf_put(out, m->arena.ptr + sl->off + sl->wlen, sl->olen);
      return;
    }
  }
  before = out->len;
  hyphenate_word(h, w, len, out);
  memo_put(m, h, w, len, hash, out->ptr + before, out->len - before);
}

/* galley_utf8_decode, _is_space and _is_letter with ASCII taken without
 * a call: pdf_hyph_append looks at every character of the book. */
static size_t next_cp(const char *s, size_t n, int32_t *c)
{
  if ((unsigned char)s[0] < 0x80) {
    *c = (unsigned char)s[0];
    return 1;
  }
  return galley_utf8_decode(s, n, c);
}

static int is_space_cp(int32_t c)
{
  return c < 0x80 ? c == ' ' || (c >= '\t' && c <= '\r') : galley_utf8_is_space(c);
}

static int is_letter_cp(int32_t c)
{
  return c < 0x80 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') : galley_utf8_is_letter(c);
}

void pdf_hyph_append(pdf_hyph *hyph, pdf_hyph_memo *memo, const char *text, size_t len,
                     galley_buf *out)
{
  size_t i = 0;
  if (!hyph) {
    galley_buf_put(out, text, len);
    return;
  }
  wait_loaded(hyph);
  while (i < len) {
    size_t start = i, end;
    int32_t c;
    /* Copy spaces through. */
    while (i < len) {
      size_t step = next_cp(text + i, len - i, &c);
      if (!is_space_cp(c))
        break;
      i += step;
    }
    galley_buf_put(out, text + start, i - start);
    start = i;
    while (i < len) {
      size_t step = next_cp(text + i, len - i, &c);
      if (is_space_cp(c))
        break;
      i += step;
    }
    end = i;
    if (is_unbreakable_token(text + start, end - start)) {
      galley_buf_put(out, text + start, end - start);
      continue;
    }
    /* Within the token, hyphenate each run of letters. */
    i = start;
    while (i < end) {
      size_t ws = i;
      while (i < end) {
        size_t step = next_cp(text + i, end - i, &c);
        if (!is_letter_cp(c))
          break;
        i += step;
      }
      if (i > ws) {
        /* A word in the other script takes that script's patterns. */
        const pdf_hyph *h = hyph;
        galley_utf8_decode(text + ws, i - ws, &c);
        if (script_of_cp(c) != SCRIPT_OTHER && script_of_cp(c) != hyph->script) {
          h = other_of(hyph);
          if (!h)
            h = hyph;
        }
        hyphenate_memo(memo, h, text + ws, i - ws, out);
      }
      ws = i;
      while (i < end) {
        size_t step = next_cp(text + i, end - i, &c);
        if (is_letter_cp(c))
          break;
        i += step;
      }
      galley_buf_put(out, text + ws, i - ws);
    }
  }
}

/* ------------------------------------------------------------------ */
/* The end of a paragraph                                              */
/* ------------------------------------------------------------------ */

size_t pdf_hyph_find_short_tail(const char *text, size_t end)
{
  size_t i = end;
  int letters = 0;
  /* back over what follows the last word: full stop, quotes, brackets */
  while (i > 0) {
    int32_t c;
    size_t s = galley_utf8_prev(text, i, &c);
    if (galley_utf8_is_letter(c) || c == 0xAD || c == ' ' || c == 0x2028)
      break;
    i = s;
  }
  /* back through the word, counting its letters */
  while (i > 0) {
    int32_t c;
    size_t s = galley_utf8_prev(text, i, &c);
    if (c == 0xAD) {
      if (letters < PDF_HYPH_LAST_MIN)
        return s;
      break;
    }
    if (!galley_utf8_is_letter(c))
      break;
    letters++;
    i = s;
  }
  return (size_t)-1;
}
