/* pdf_hyph.c: hyphenation points from libhyphen, as soft hyphens.
 *
 * Pango has no hyphenation dictionary: it breaks (and shows a hyphen) at
 * U+00AD SOFT HYPHEN. So words of the text get soft hyphens where the
 * document language's pattern dictionary (Debian's hyphen-* packages, the
 * TeX patterns) allows, and the line breaker chooses among them. Rules,
 * as a careful compositor keeps them:
 *   - at least 2 letters before a break and 3 after (lefthyphenmin 2,
 *     righthyphenmin 3, TeX's English values are 2 and 3);
 *   - only words of 6 letters or more ("became" yes, "later" no);
 *   - never in a token holding digits, '@', '/', ':' or '_' (numbers, URLs,
 *     addresses, code: "2025-2029", "www.osce.org" are left whole);
 *   - never in all-capital words (acronyms: "NATO", "OSCE");
 *   - never in a word that already carries soft hyphens (the author chose);
 *   - each part of a hyphenated compound ("co-operation") is a word of its
 *     own, so parts shorter than 6 letters are never broken again. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <hyphen.h>
#include <sys/stat.h>

#include "pdf_private.h"
#include "../util/alloc.h"
#include "../util/utf8.h"

#define HYPH_LEFT_MIN 2
#define HYPH_RIGHT_MIN 3
#define HYPH_WORD_MIN 6
/* Longer "words" are not language (base64, hashes): libhyphen's work is
 * quadratic in pattern matches, so they are left alone. */
#define HYPH_WORD_MAX 60

#define SOFT_HYPHEN "\xC2\xAD"

struct pdf_hyph {
  HyphenDict *dict; /* owned */
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

pdf_hyph *pdf_hyph_new(const char *language, const char *dict_dir)
{
  char ll[16] = "", rr[16] = "", name[40];
  const char *lang = language && *language ? language : "en";
  const char *dir = dict_dir ? dict_dir : "/usr/share/hyphen";
  galley_buf path = GALLEY_BUF_INIT;
  size_t i, n;
  int found = 0;
  pdf_hyph *h = NULL;

  /* "en-GB" -> ll "en", rr "GB"; script subtags ("sr-Latn") are skipped. */
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
  if (lang[n]) {
    const char *sub = lang + n + 1;
    size_t m = strcspn(sub, "-_");
    if (m == 2) {
      rr[0] = (char)(sub[0] & ~0x20);
      rr[1] = (char)(sub[1] & ~0x20);
      rr[2] = '\0';
    }
  }
  if (rr[0]) {
    snprintf(name, sizeof name, "%s_%s", ll, rr);
    found = try_dict(dir, name, &path);
  }
  if (!found && strcmp(ll, "en") == 0)
    found = try_dict(dir, "en_US", &path);
  if (!found) {
    char up[16];
    for (i = 0; ll[i]; i++)
      up[i] = (char)(ll[i] & ~0x20);
    up[i] = '\0';
    snprintf(name, sizeof name, "%s_%s", ll, up);
    found = try_dict(dir, name, &path);
  }
  if (!found)
    found = try_dict(dir, ll, &path);
  if (!found) {
    /* Any regional dictionary of the language: the first by name, so the
     * choice does not depend on the directory's order. */
    DIR *d = opendir(dir);
    struct dirent *e;
    char best[256] = "";
    size_t pl = strlen(ll);
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
    if (best[0]) {
      galley_buf_clear(&path);
      galley_buf_printf(&path, "%s/%s", dir, best);
      found = 1;
    }
  }
  if (found) {
    HyphenDict *dict = hnj_hyphen_load(galley_buf_cstr(&path));
    if (dict) {
      h = galley_xcalloc(1, sizeof *h);
      h->dict = dict;
    }
  }
done:
  galley_buf_free(&path);
  return h;
}

void pdf_hyph_free(pdf_hyph *hyph)
{
  if (!hyph)
    return;
  hnj_hyphen_free(hyph->dict);
  free(hyph);
}

/* Lower case for the scripts the bundled fonts cover (the patterns are
 * lower case). Each mapping stays within its UTF-8 length. */
static int32_t to_lower(int32_t c)
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

/* A token (between spaces) that must not be hyphenated at all. */
static int is_unbreakable_token(const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < len; i++) {
    char c = s[i];
    if ((c >= '0' && c <= '9') || c == '@' || c == '/' || c == ':' || c == '_' ||
        c == '\\' || c == '=' || c == '<' || c == '>')
      return 1;
    if ((unsigned char)c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xAD)
      return 1; /* already has soft hyphens */
  }
  return len >= 4 && strncmp(s, "www.", 4) == 0;
}

/* Appends one word (a run of letters) with its soft hyphens. */
static void hyphenate_word(HyphenDict *dict, const char *w, size_t len,
                           galley_buf *out)
{
  char lower[HYPH_WORD_MAX * 4 + 8];
  char hyphens[HYPH_WORD_MAX * 4 + 8];
  size_t offs[HYPH_WORD_MAX + 1];
  char **rep = NULL;
  int *pos = NULL, *cut = NULL;
  size_t i = 0, lo = 0;
  int n = 0, upper = 0, k;

  while (i < len) {
    int32_t c;
    size_t step = galley_utf8_decode(w + i, len - i, &c);
    galley_buf tmp = GALLEY_BUF_INIT;
    if (n == HYPH_WORD_MAX) {
      galley_buf_put(out, w, len);
      return;
    }
    if (galley_utf8_is_upper(c))
      upper++;
    offs[n++] = i;
    galley_utf8_encode(&tmp, to_lower(c));
    if (tmp.len != step || lo + step >= sizeof lower) {
      galley_buf_free(&tmp);
      galley_buf_put(out, w, len);
      return;
    }
    memcpy(lower + lo, tmp.ptr, step);
    lo += step;
    i += step;
    galley_buf_free(&tmp);
  }
  offs[n] = len;
  lower[lo] = '\0';
  if (n < HYPH_WORD_MIN || upper == n) {
    galley_buf_put(out, w, len);
    return;
  }
  memset(hyphens, 0, sizeof hyphens);
  if (hnj_hyphen_hyphenate3(dict, lower, (int)lo, hyphens, NULL, &rep, &pos, &cut,
                            HYPH_LEFT_MIN, HYPH_RIGHT_MIN, HYPH_LEFT_MIN,
                            HYPH_RIGHT_MIN) != 0) {
    galley_buf_put(out, w, len);
    goto done;
  }
  /* hyphens[] is indexed by character for UTF-8 dictionaries: an odd
   * value after character k allows a break there. Non-standard breaks
   * (rep[k] set: "Schiffahrt" -> "Schiff-fahrt") change letters, which a
   * soft hyphen cannot express; they are skipped. */
  for (k = 0; k < n; k++) {
    galley_buf_put(out, w + offs[k], offs[k + 1] - offs[k]);
    if ((hyphens[k] & 1) && !(rep && rep[k]) && k + 1 >= HYPH_LEFT_MIN &&
        n - (k + 1) >= HYPH_RIGHT_MIN)
      galley_buf_puts(out, SOFT_HYPHEN);
  }
done:
  if (rep) {
    for (k = 0; k < (int)lo; k++)
      free(rep[k]);
    free(rep);
  }
  free(pos);
  free(cut);
}

void pdf_hyph_append(pdf_hyph *hyph, const char *text, size_t len,
                     galley_buf *out)
{
  size_t i = 0;
  if (!hyph || !hyph->dict->utf8) {
    galley_buf_put(out, text, len);
    return;
  }
  while (i < len) {
    size_t start = i, end;
    int32_t c;
    /* Copy spaces through. */
    while (i < len) {
      size_t step = galley_utf8_decode(text + i, len - i, &c);
      if (!galley_utf8_is_space(c) && c != '\n')
        break;
      i += step;
    }
    galley_buf_put(out, text + start, i - start);
    start = i;
    while (i < len) {
      size_t step = galley_utf8_decode(text + i, len - i, &c);
      if (galley_utf8_is_space(c) || c == '\n')
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
        size_t step = galley_utf8_decode(text + i, end - i, &c);
        if (!galley_utf8_is_letter(c))
          break;
        i += step;
      }
      if (i > ws)
        hyphenate_word(hyph->dict, text + ws, i - ws, out);
      ws = i;
      while (i < end) {
        size_t step = galley_utf8_decode(text + i, end - i, &c);
        if (galley_utf8_is_letter(c))
          break;
        i += step;
      }
      galley_buf_put(out, text + ws, i - ws);
    }
  }
}
