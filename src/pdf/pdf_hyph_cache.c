/* pdf_hyph_cache.c: libhyphen's patterns compiled once, read back whole.
 *
 * hnj_hyphen_load builds its state machine from a dictionary's text
 * pattern by pattern, through hash tables and a small allocation per
 * state: about 40 million instructions for the English dictionary, a
 * quarter of the time of setting a one-page article, every run. The
 * machine it builds is plain data (struct _HyphenDict, _HyphenState and
 * _HyphenTrans in hyphen.h, which libhyphen's hnj_hyphen_hyphenate2
 * reads), so it can be written out once and read back in one read.
 *
 * galley-hyphen-cache (src/cli/hyphen_cache.c) writes the file at build
 * time, from the dictionaries libhyphen itself has loaded; the writer
 * reads it back when it is there, else libhyphen loads the dictionary as
 * before. The hyphenation, and so the PDF, is the same either way.
 *
 * The file: a header, then the levels' HyphenDict structs, their states,
 * their transitions and the strings, every pointer stored as an offset
 * from the file's start (0: NULL). The header names the dictionary's
 * size and a 64-bit FNV-1a hash of its bytes: a dictionary changed since
 * (a package upgrade) no longer matches and is loaded from its text. It
 * also names the structs' sizes, for the file is only good for the build
 * that wrote it. Every offset is checked against the file before it is
 * used, so a damaged file is refused, never followed. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hyphen.h>

#include "pdf_private.h"
#include "../util/alloc.h"
#include "../util/buf.h"

#define CACHE_MAGIC "GALHYPH1"
#define CACHE_MAX_LEVELS 4

typedef struct cache_header {
  char magic[8];
  uint32_t sizes[4]; /* HyphenDict, HyphenState, HyphenTrans, a pointer */
  uint64_t src_size;
  uint64_t src_hash;
  uint64_t total;    /* the file's size */
  uint32_t n_levels;
  uint32_t reserved;
} cache_header;

static void header_sizes(uint32_t sizes[4])
{
  sizes[0] = (uint32_t)sizeof(HyphenDict);
  sizes[1] = (uint32_t)sizeof(HyphenState);
  sizes[2] = (uint32_t)sizeof(HyphenTrans);
  sizes[3] = (uint32_t)sizeof(void *);
}

/* Reads the whole file at `path` into a buffer of malloc's (NUL after
 * its end); NULL when it cannot be read. */
static char *read_all(const char *path, size_t *out_len)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  char *data;
  size_t got = 0;
  if (fd < 0)
    return NULL;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
      (uint64_t)st.st_size > SIZE_MAX - 1) {
    close(fd);
    return NULL;
  }
  data = galley_xmalloc((size_t)st.st_size + 1);
  while (got < (size_t)st.st_size) {
    ssize_t n = read(fd, data + got, (size_t)st.st_size - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    got += (size_t)n;
  }
  close(fd);
  if (got != (size_t)st.st_size) {
    free(data);
    return NULL;
  }
  data[got] = '\0';
  *out_len = got;
  return data;
}

/* 64-bit FNV-1a of `len` bytes. */
static uint64_t fnv1a(const char *s, size_t len)
{
  uint64_t h = 14695981039346656037ULL;
  size_t i;
  for (i = 0; i < len; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ULL;
  }
  return h;
}

static int source_key(const char *dic_path, uint64_t *size, uint64_t *hash)
{
  size_t len;
  char *src = read_all(dic_path, &len);
  if (!src)
    return 0;
  *size = len;
  *hash = fnv1a(src, len);
  free(src);
  return 1;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

static size_t align8(size_t n)
{
  return (n + 7) & ~(size_t)7;
}

/* The file's regions, laid out by plan(). */
typedef struct cache_plan {
  const HyphenDict *levels[CACHE_MAX_LEVELS];
  int n_levels;
  size_t dicts, states, trans, strings, total; /* offsets; total: size */
} cache_plan;

static int plan(const HyphenDict *dict, cache_plan *p)
{
  size_t n_states = 0, n_trans = 0;
  const HyphenDict *d;
  int i;
  memset(p, 0, sizeof *p);
  for (d = dict; d; d = d->nextlevel) {
    if (p->n_levels == CACHE_MAX_LEVELS || d->num_states < 0)
      return 0;
    p->levels[p->n_levels++] = d;
    n_states += (size_t)d->num_states;
    for (i = 0; i < d->num_states; i++)
      n_trans += (size_t)(d->states[i].num_trans > 0 ? d->states[i].num_trans : 0);
  }
  p->dicts = align8(sizeof(cache_header));
  p->states = align8(p->dicts + (size_t)p->n_levels * sizeof(HyphenDict));
  p->trans = align8(p->states + n_states * sizeof(HyphenState));
  p->strings = align8(p->trans + n_trans * sizeof(HyphenTrans));
  return 1;
}

/* Appends `count` strings (NUL-terminated, one after another) at s
 * (NULL: nothing) to the strings region; their offset. */
static uintptr_t put_strings(galley_buf *strings, size_t base, const char *s, int count)
{
  uintptr_t off;
  size_t len = 0;
  int k;
  if (!s)
    return 0;
  for (k = 0; k < count; k++)
    len += strlen(s + len) + 1;
  off = (uintptr_t)(base + strings->len);
  galley_buf_put(strings, s, len);
  return off;
}

static uintptr_t put_string(galley_buf *strings, size_t base, const char *s)
{
  return put_strings(strings, base, s, 1);
}

int pdf_hyph_cache_write(const HyphenDict *dict, const char *dic_path, const char *out_path)
{
  cache_plan p;
  cache_header h;
  galley_buf strings = GALLEY_BUF_INIT;
  char *blob;
  size_t next_state, next_trans;
  int i, k, ok;
  FILE *f;

  if (!dict || !plan(dict, &p))
    return 0;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, CACHE_MAGIC, sizeof h.magic);
  header_sizes(h.sizes);
  if (!source_key(dic_path, &h.src_size, &h.src_hash))
    return 0;
  h.n_levels = (uint32_t)p.n_levels;

  /* the strings first (their region's size sets the total) */
  {
    HyphenDict *dicts = galley_xcalloc((size_t)p.n_levels, sizeof *dicts);
    HyphenState *states = galley_xcalloc((p.trans - p.states) / sizeof *states + 1,
                                         sizeof *states);
    HyphenTrans *trans = galley_xcalloc((p.strings - p.trans) / sizeof *trans + 1,
                                        sizeof *trans);
    next_state = next_trans = 0;
    for (k = 0; k < p.n_levels; k++) {
      const HyphenDict *d = p.levels[k];
      dicts[k] = *d;
      /* NOHYPHEN's list: nohyphenl + 1 strings, the commas made NULs */
      dicts[k].nohyphen = (char *)put_strings(&strings, p.strings, d->nohyphen,
                                              d->nohyphenl + 1);
      dicts[k].states = (HyphenState *)(uintptr_t)(p.states + next_state * sizeof *states);
      dicts[k].nextlevel = k + 1 < p.n_levels
                               ? (HyphenDict *)(uintptr_t)(p.dicts + (size_t)(k + 1) * sizeof *dicts)
                               : NULL;
      for (i = 0; i < d->num_states; i++) {
        const HyphenState *s = &d->states[i];
        HyphenState *o = &states[next_state++];
        int nt = s->num_trans > 0 ? s->num_trans : 0;
        *o = *s;
        o->match = (char *)put_string(&strings, p.strings, s->match);
        o->repl = (char *)put_string(&strings, p.strings, s->repl);
        o->num_trans = nt;
        o->trans = nt ? (HyphenTrans *)(uintptr_t)(p.trans + next_trans * sizeof *trans) : NULL;
        if (nt)
          memcpy(&trans[next_trans], s->trans, (size_t)nt * sizeof *trans);
        next_trans += (size_t)nt;
      }
    }
    galley_buf_putc(&strings, '\0'); /* the file ends in a NUL */
    p.total = p.strings + strings.len;
    h.total = p.total;
    blob = galley_xcalloc(1, p.total);
    memcpy(blob, &h, sizeof h);
    memcpy(blob + p.dicts, dicts, (size_t)p.n_levels * sizeof *dicts);
    memcpy(blob + p.states, states, next_state * sizeof *states);
    memcpy(blob + p.trans, trans, next_trans * sizeof *trans);
    memcpy(blob + p.strings, strings.ptr, strings.len);
    free(dicts);
    free(states);
    free(trans);
    galley_buf_free(&strings);
  }

  f = fopen(out_path, "wb");
  ok = f && fwrite(blob, 1, p.total, f) == p.total;
  if (f && fclose(f) != 0)
    ok = 0;
  free(blob);
  if (!ok)
    remove(out_path);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

/* The pointer at offset `off` of a blob of `total` bytes holding
 * `size`-byte items, `count` of them; NULL (and *bad set) when they do
 * not lie inside the region [lo, hi). Offset 0 with count 0 is NULL. */
static void *at(char *blob, uintptr_t off, size_t count, size_t size, size_t lo, size_t hi,
                int *bad)
{
  if (off == 0 && count == 0)
    return NULL;
  if (off < lo || off > hi || (hi - off) / size < count || off % 4 != 0) {
    *bad = 1;
    return NULL;
  }
  return blob + off;
}

/* A string's pointer: offset 0 is NULL; else it must start in the
 * strings region (the file ends in a NUL, so it ends inside it). */
static char *string_at(char *blob, uintptr_t off, size_t lo, size_t total, int *bad)
{
  if (off == 0)
    return NULL;
  if (off < lo || off >= total) {
    *bad = 1;
    return NULL;
  }
  return blob + off;
}

HyphenDict *pdf_hyph_cache_read(const char *cache_dir, const char *dic_path, void **out_blob)
{
  char real[PATH_MAX];
  const char *base;
  galley_buf path = GALLEY_BUF_INIT;
  cache_header h;
  uint32_t sizes[4];
  uint64_t src_size, src_hash;
  size_t len, dicts, states_lo, trans_lo, strings_lo;
  char *blob;
  int k, i, t, bad = 0;
  HyphenDict *first = NULL;

  *out_blob = NULL;
  if (!cache_dir || !dic_path || !realpath(dic_path, real))
    return NULL;
  base = strrchr(real, '/');
  base = base ? base + 1 : real;
  galley_buf_printf(&path, "%s/%s.bin", cache_dir, base);
  blob = read_all(galley_buf_cstr(&path), &len);
  galley_buf_free(&path);
  if (!blob)
    return NULL;
  header_sizes(sizes);
  if (len < sizeof h)
    goto refuse;
  memcpy(&h, blob, sizeof h);
  if (memcmp(h.magic, CACHE_MAGIC, sizeof h.magic) != 0 ||
      memcmp(h.sizes, sizes, sizeof sizes) != 0 || h.total != len || h.n_levels == 0 ||
      h.n_levels > CACHE_MAX_LEVELS || blob[len - 1] != '\0')
    goto refuse;
  if (!source_key(dic_path, &src_size, &src_hash) || src_size != h.src_size ||
      src_hash != h.src_hash)
    goto refuse;

  /* The regions in order: dicts, states, transitions, strings. Their
   * bounds are taken from the first level's pointers and checked as the
   * pointers are fixed. */
  dicts = align8(sizeof h);
  states_lo = align8(dicts + h.n_levels * sizeof(HyphenDict));
  if (states_lo > len)
    goto refuse;
  first = (HyphenDict *)(blob + dicts);
  /* the transitions start where the states end, the strings where the
   * transitions end: the writer's plan, recomputed */
  {
    size_t n_states = 0, n_trans = 0;
    for (k = 0; k < (int)h.n_levels; k++) {
      if (first[k].num_states < 0)
        goto refuse;
      n_states += (size_t)first[k].num_states;
    }
    if ((len - states_lo) / sizeof(HyphenState) < n_states)
      goto refuse;
    trans_lo = align8(states_lo + n_states * sizeof(HyphenState));
    for (i = 0; i < (int)n_states; i++) {
      const HyphenState *s = (const HyphenState *)(blob + states_lo) + i;
      if (s->num_trans < 0)
        goto refuse;
      n_trans += (size_t)s->num_trans;
    }
    if (trans_lo > len || (len - trans_lo) / sizeof(HyphenTrans) < n_trans)
      goto refuse;
    strings_lo = align8(trans_lo + n_trans * sizeof(HyphenTrans));
    if (strings_lo > len)
      goto refuse;
  }
  for (k = 0; k < (int)h.n_levels; k++) {
    HyphenDict *d = &first[k];
    uintptr_t next = (uintptr_t)d->nextlevel;
    d->nohyphen = string_at(blob, (uintptr_t)d->nohyphen, strings_lo, len, &bad);
    if (d->nohyphen) { /* its nohyphenl + 1 strings end inside the file */
      size_t at = (size_t)(d->nohyphen - blob);
      int n;
      if (d->nohyphenl < 0)
        goto refuse;
      for (n = 0; n <= d->nohyphenl; n++) {
        const char *nul = memchr(blob + at, '\0', len - at);
        if (!nul || (size_t)(nul - blob) + 1 >= len + (n == d->nohyphenl))
          goto refuse;
        at = (size_t)(nul - blob) + 1;
      }
    }
    d->states = at(blob, (uintptr_t)d->states, (size_t)d->num_states, sizeof(HyphenState),
                   states_lo, trans_lo, &bad);
    if (k + 1 < (int)h.n_levels ? next != dicts + (size_t)(k + 1) * sizeof(HyphenDict)
                                : next != 0)
      goto refuse;
    d->nextlevel = next ? &first[k + 1] : NULL;
    d->cset[sizeof d->cset - 1] = '\0';
    if (bad || (d->num_states > 0 && !d->states))
      goto refuse;
    for (i = 0; i < d->num_states; i++) {
      HyphenState *s = &d->states[i];
      s->match = string_at(blob, (uintptr_t)s->match, strings_lo, len, &bad);
      s->repl = string_at(blob, (uintptr_t)s->repl, strings_lo, len, &bad);
      s->trans = at(blob, (uintptr_t)s->trans, (size_t)s->num_trans, sizeof(HyphenTrans),
                    trans_lo, strings_lo, &bad);
      if (bad || s->fallback_state < -1 || s->fallback_state >= d->num_states)
        goto refuse;
      for (t = 0; t < s->num_trans; t++)
        if (s->trans[t].new_state < 0 || s->trans[t].new_state >= d->num_states)
          goto refuse;
    }
  }
  *out_blob = blob;
  return first;

refuse:
  free(blob);
  return NULL;
}
