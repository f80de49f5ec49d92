/* cli_cache.c: the content-addressed cache of editions (--cache DIR), as
 * ccache is for compilers: an edition is stored under the SHA-256 of
 * everything it was made from, and a later run that would make it from
 * the same things copies it instead.
 *
 * The key of an edition hashes, each field named and NUL-terminated:
 *   - the build: galley's and its libraries' versions
 *     (galley_library_versions), the SHA-256 of the program itself, and
 *     the name, size and time of every hyphenation dictionary it may read
 *     (/usr/share/hyphen and the data directory's compiled ones);
 *   - the edition, the editions made together (the EPUB carries the
 *     PDF's page numbers when both are made) and --page-list;
 *   - the options that shape an edition: format, flags, style, page
 *     size, SOURCE_DATE_EPOCH ("now" when unset: such editions carry the
 *     time of the run that made them), the metadata given, the input's
 *     base name (a title may come from it);
 *   - every file the edition is made from (galley_convert_list_deps: the
 *     input, the style sheet, the fonts, the images), each by its path
 *     relative to the data directory or to the input's directory, and
 *     the SHA-256 of its bytes.
 * Paths enter the key relative, so hosts that hold the same files under
 * different roots share entries. A file's time does not: touching a file
 * without changing it still hits.
 *
 * Layout: DIR/ab/cdef...(62 hex).epub or .pdf, the PDF with a record of
 * its page count beside it (.pages); DIR/stats holds the counts of every
 * run. Every file is written to a temporary name in its directory
 * (".NAME.galley-XXXXXX", one a signal handler removes; one a dead
 * process left is removed after an hour) and renamed into place, so readers on any host see a whole entry or none;
 * writers of one key write the same bytes, and the last rename wins. An
 * entry whose head and tail are not an EPUB's or a PDF's is treated as
 * absent. A hit sets the entry's time, and after a run that stored
 * editions the cache is brought under its size limit by removing the
 * least recently used entries (to 90 % of the limit); a reader that
 * opened an entry before it went still reads it whole. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE /* dirent's d_type, flock */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "cli.h"

#define CACHE_VERSION "galley-cache 1"
/* A temporary file older than this was left by a process that died. */
#define STALE_TEMP_SECONDS 3600

/* The data directory's files and their hashes, made once before the
 * workers start. */
typedef struct cache_memo {
  char **name;   /* owned: path relative to the data directory */
  char **hex;    /* owned: SHA-256 of its bytes */
  int n, cap;
} cache_memo;

/* ------------------------------------------------------------------ */
/* Hashing                                                             */
/* ------------------------------------------------------------------ */

static void field(GChecksum *h, const char *name, const char *value)
{
  g_checksum_update(h, (const guchar *)name, (gssize)strlen(name) + 1);
  g_checksum_update(h, (const guchar *)(value ? value : ""), (gssize)strlen(value ? value : "") + 1);
}

/* The SHA-256 of the file at `path` into hex (65 bytes); 0 or -1. */
static int hash_file(const char *path, char *hex)
{
  GChecksum *h;
  unsigned char buf[65536];
  ssize_t got;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  h = g_checksum_new(G_CHECKSUM_SHA256);
  while ((got = read(fd, buf, sizeof buf)) != 0) {
    if (got < 0) {
      if (errno == EINTR)
        continue;
      close(fd);
      g_checksum_free(h);
      return -1;
    }
    g_checksum_update(h, buf, got);
  }
  close(fd);
  snprintf(hex, 65, "%s", g_checksum_get_string(h));
  g_checksum_free(h);
  return 0;
}

static const char *data_dir(const cli *c)
{
  return c->conv.data_dir ? c->conv.data_dir : galley_default_data_dir();
}

static void memo_add(cache_memo *m, const char *name, const char *hex)
{
  if (m->n == m->cap) {
    m->cap = m->cap ? 2 * m->cap : 32;
    m->name = realloc(m->name, (size_t)m->cap * sizeof *m->name);
    m->hex = realloc(m->hex, (size_t)m->cap * sizeof *m->hex);
    if (!m->name || !m->hex)
      abort();
  }
  m->name[m->n] = strdup(name);
  m->hex[m->n] = strdup(hex);
  if (!m->name[m->n] || !m->hex[m->n])
    abort();
  m->n++;
}

/* Hashes the regular files of data directory's `sub`/ into the memo. */
static void memo_dir(cache_memo *m, const char *base, const char *sub)
{
  char *dir = g_build_filename(base, sub, NULL);
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    char *path, *name, hex[65];
    struct stat st;
    if (e->d_name[0] == '.')
      continue;
    path = g_build_filename(dir, e->d_name, NULL);
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && hash_file(path, hex) == 0) {
      name = g_build_filename(sub, e->d_name, NULL);
      memo_add(m, name, hex);
      g_free(name);
    }
    g_free(path);
  }
  if (d)
    closedir(d);
  g_free(dir);
}

/* Adds the name, size and time of every file of `dir` to h, in name
 * order. */
static void hash_listing(GChecksum *h, const char *dir)
{
  struct dirent **names = NULL;
  int n = scandir(dir, &names, NULL, alphasort), i;
  for (i = 0; i < n; i++) {
    char *path = g_build_filename(dir, names[i]->d_name, NULL), line[96];
    struct stat st;
    if (names[i]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
      snprintf(line, sizeof line, "%lld %lld", (long long)st.st_size,
               (long long)st.st_mtime);
      field(h, names[i]->d_name, line);
    }
    g_free(path);
    free(names[i]);
  }
  free(names);
}

int cli_cache_open(cli *c)
{
  GChecksum *h;
  char versions[512], self[65], *hyph;
  struct stat st;
  int e = 0;
  if (cli_make_dirs(c->cache_dir) != 0 || stat(c->cache_dir, &st) != 0)
    e = errno;
  else if (!S_ISDIR(st.st_mode))
    e = ENOTDIR;
  if (e) {
    fprintf(stderr, "galley: %s: error: cannot create the cache directory: %s\n",
            c->cache_dir, strerror(e));
    return EXIT_CANTCREAT;
  }
  h = g_checksum_new(G_CHECKSUM_SHA256);
  galley_library_versions(versions, sizeof versions);
  field(h, "versions", versions);
  if (hash_file("/proc/self/exe", self) != 0)
    snprintf(self, sizeof self, "unknown");
  field(h, "program", self);
  hash_listing(h, "/usr/share/hyphen");
  hyph = g_build_filename(data_dir(c), "hyphen", NULL);
  hash_listing(h, hyph);
  g_free(hyph);
  c->cache_build = strdup(g_checksum_get_string(h));
  g_checksum_free(h);
  if (!c->cache_build)
    abort();
  c->cache_memo = calloc(1, sizeof *c->cache_memo);
  if (!c->cache_memo)
    abort();
  memo_dir(c->cache_memo, data_dir(c), "fonts");
  memo_dir(c->cache_memo, data_dir(c), "styles");
  return -1;
}

void cli_cache_close(cli *c)
{
  int i;
  if (c->cache_memo) {
    for (i = 0; i < c->cache_memo->n; i++) {
      free(c->cache_memo->name[i]);
      free(c->cache_memo->hex[i]);
    }
    free(c->cache_memo->name);
    free(c->cache_memo->hex);
    free(c->cache_memo);
    c->cache_memo = NULL;
  }
  free(c->cache_build);
  c->cache_build = NULL;
}

typedef struct key_ctx {
  const cli *c;
  GChecksum *h;
  char *cwd;       /* owned: the working directory (NULL: unknown) */
  char *data_base; /* owned: the data directory, absolute */
  char *input_base;/* owned: the input's directory, absolute */
  int failed;      /* a file could not be read */
} key_ctx;

static void key_dep(void *ctx, const char *path)
{
  key_ctx *k = ctx;
  const cache_memo *m = k->c->cache_memo;
  char *name = cli_path_key(path, k->cwd, k->data_base), hex[65];
  const char *known = NULL;
  int i;
  if (name[0] == '/') {
    /* not a data file: relative to the input's directory */
    free(name);
    name = cli_path_key(path, k->cwd, k->input_base);
  } else {
    for (i = 0; m && i < m->n && !known; i++)
      if (strcmp(m->name[i], name) == 0)
        known = m->hex[i];
  }
  if (!known) {
    if (hash_file(path, hex) != 0)
      k->failed = 1;
    known = hex;
  }
  field(k->h, name, known);
  free(name);
}

int cli_cache_key(const cli *c, const galley_doc *doc, galley_edition edition,
                  unsigned wanted, char *hex)
{
  key_ctx k;
  char num[64];
  const char *input = c->conv.input, *slash = strrchr(input, '/');
  const char *style = c->conv.style ? c->conv.style : "classic";
  unsigned eds = edition;
  int i;
  memset(&k, 0, sizeof k);
  k.c = c;
  k.h = g_checksum_new(G_CHECKSUM_SHA256);
  k.cwd = getcwd(NULL, 0);
  k.data_base = cli_path_absolute(data_dir(c), k.cwd);
  /* the input's directory: "a/b.txt" less "/b.txt" and its parent ".." */
  k.input_base = cli_path_absolute(slash ? input : ".", k.cwd);
  if (slash) {
    char *last = strrchr(k.input_base, '/');
    if (last == k.input_base)
      last[1] = '\0'; /* a file at the root: "/" */
    else
      *last = '\0';
  }
  field(k.h, CACHE_VERSION, c->cache_build);
  field(k.h, "edition", edition == GALLEY_EDITION_EPUB ? "epub" : "pdf");
  snprintf(num, sizeof num, "%u %d", wanted, c->page_list);
  field(k.h, "wanted", num);
  snprintf(num, sizeof num, "%d %u", (int)c->conv.format, c->conv.flags);
  field(k.h, "format", num);
  /* a style sheet named by path is hashed below, as a file */
  field(k.h, "style", strrchr(style, '/') ? strrchr(style, '/') + 1 : style);
  field(k.h, "page-size", c->conv.page_size);
  if (c->conv.source_date_epoch >= 0)
    snprintf(num, sizeof num, "%lld", c->conv.source_date_epoch);
  else
    snprintf(num, sizeof num, "now");
  field(k.h, "source-date-epoch", num);
  for (i = 0; i < c->meta_count; i++) {
    const char *v = c->meta[2 * i + 1];
    if (strcmp(c->meta[2 * i], "cover") == 0 && strrchr(v, '/'))
      v = strrchr(v, '/') + 1; /* its bytes are one of the files below */
    field(k.h, c->meta[2 * i], v);
  }
  field(k.h, "input", slash ? slash + 1 : input);
  /* The EPUB made with the PDF, or with --page-list, carries the PDF's
   * page numbers: what the PDF is made from shapes it too. */
  if (edition == GALLEY_EDITION_EPUB &&
      ((wanted & GALLEY_EDITION_PDF) || c->page_list))
    eds |= GALLEY_EDITION_PDF;
  galley_convert_list_deps(doc, &c->conv, eds, key_dep, &k);
  snprintf(hex, 65, "%s", g_checksum_get_string(k.h));
  g_checksum_free(k.h);
  free(k.cwd);
  free(k.data_base);
  free(k.input_base);
  return k.failed ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Entries                                                             */
/* ------------------------------------------------------------------ */

/* DIR/ab/cdef....ext; caller frees. */
static char *entry_path(const cli *c, const char *hex, const char *ext)
{
  char sub[3] = {hex[0], hex[1], '\0'};
  char *name = g_strconcat(hex + 2, ext, NULL);
  char *p = g_build_filename(c->cache_dir, sub, name, NULL);
  char *out = strdup(p);
  g_free(name);
  g_free(p);
  if (!out)
    abort();
  return out;
}

static const char *edition_ext(galley_edition edition)
{
  return edition == GALLEY_EDITION_EPUB ? ".epub" : ".pdf";
}

/* Whether `mark` starts somewhere between `from` and `last` bytes before
 * the end of `data` (len >= last), looking from the end back. */
static int mark_near_end(const char *data, size_t len, const char *mark, size_t last,
                         size_t from)
{
  size_t i, n = strlen(mark);
  for (i = len - last + 1; i-- > 0 && i + from >= len;)
    if (memcmp(data + i, mark, n) == 0)
      return 1;
  return 0;
}

/* Whether `data` looks like a whole edition: an EPUB's zip header and
 * end of central directory (22 bytes, a comment of up to 65535 after it),
 * a PDF's header and end-of-file marker (in its last 64 bytes). */
static int looks_whole(const char *data, size_t len, galley_edition edition)
{
  if (edition == GALLEY_EDITION_EPUB)
    return len >= 26 && memcmp(data, "PK\003\004", 4) == 0 &&
           mark_near_end(data, len, "PK\005\006", 22, 65557);
  return len >= 16 && memcmp(data, "%PDF-", 5) == 0 &&
         mark_near_end(data, len, "%%EOF", 5, 64);
}

/* Writes `data` to `out` as galley_convert_write writes an edition: into
 * a temporary file beside it (".NAME.galley-XXXXXX", made by mkstemp, so
 * unique on a shared file system too), which the signal handlers know
 * of, renamed over `out` when whole. An edition taken from the cache, and
 * an entry stored in it, go this way. 0 or -1. */
static int write_atomic(const char *out, const char *data, size_t len)
{
  const char *slash = strrchr(out, '/');
  char *tmp = slash ? g_strdup_printf("%.*s.%s.galley-XXXXXX", (int)(slash - out + 1), out,
                                      slash + 1)
                    : g_strdup_printf(".%s.galley-XXXXXX", out);
  mode_t um = umask(0);
  size_t done = 0;
  int fd, ok = 1;
  umask(um);
  fd = mkstemp(tmp);
  if (fd < 0) {
    g_free(tmp);
    return -1;
  }
  cli_temp_hook(NULL, tmp, 1);
  fchmod(fd, 0666 & ~um);
  while (ok && done < len) {
    ssize_t w = write(fd, data + done, len - done);
    if (w < 0 && errno == EINTR)
      continue;
    ok = w > 0;
    done += ok ? (size_t)w : 0;
  }
  ok = close(fd) == 0 && ok;
  ok = ok && rename(tmp, out) == 0;
  if (!ok)
    unlink(tmp);
  cli_temp_hook(NULL, tmp, 0);
  g_free(tmp);
  return ok ? 0 : -1;
}

int cli_cache_fetch(const cli *c, const char *hex, galley_edition edition,
                    const char *out, int *pages)
{
  char *path = entry_path(c, hex, edition_ext(edition));
  galley_error err;
  size_t len = 0;
  char *data;
  int rc = -1;
  galley_error_clear(&err);
  data = galley_file_read_max(path, (size_t)1 << 40, &len, &err);
  if (data && looks_whole(data, len, edition)) {
    if (edition == GALLEY_EDITION_PDF) {
      char *rec = g_strconcat(path, ".pages", NULL);
      FILE *f = fopen(rec, "r");
      *pages = -1;
      if (f) {
        if (fscanf(f, "%d", pages) != 1)
          *pages = -1;
        fclose(f);
      }
      g_free(rec);
    }
    if (write_atomic(out, data, len) == 0) {
      rc = 0;
      utimensat(AT_FDCWD, path, NULL, 0); /* recently used */
    }
  }
  free(data);
  free(path);
  return rc;
}

int cli_cache_store(const cli *c, const char *hex, galley_edition edition,
                    const char *out, int pages)
{
  char *path = entry_path(c, hex, edition_ext(edition)), *dir;
  galley_error err;
  size_t len = 0;
  char *data;
  int rc = -1;
  galley_error_clear(&err);
  data = galley_file_read_max(out, (size_t)1 << 40, &len, &err);
  dir = g_path_get_dirname(path);
  if (data && looks_whole(data, len, edition) && cli_make_dirs(dir) == 0) {
    rc = 0;
    if (edition == GALLEY_EDITION_PDF) {
      /* the record first: an entry never stands without it */
      char *rec = g_strconcat(path, ".pages", NULL), num[32];
      snprintf(num, sizeof num, "%d\n", pages);
      rc = write_atomic(rec, num, strlen(num));
      g_free(rec);
    }
    if (rc == 0)
      rc = write_atomic(path, data, len);
  }
  g_free(dir);
  free(data);
  free(path);
  return rc;
}

/* ------------------------------------------------------------------ */
/* Statistics and the size limit                                       */
/* ------------------------------------------------------------------ */

typedef struct stats {
  long long hits, misses, stores;
} stats;

/* Reads (and with `add`, adds to and writes back) DIR/stats under an
 * exclusive lock, so that runs on several hosts keep one count. */
static int stats_update(const cli *c, const stats *add, stats *out)
{
  char *path = g_build_filename(c->cache_dir, "stats", NULL);
  int fd = open(path, (add ? O_RDWR | O_CREAT : O_RDONLY) | O_CLOEXEC, 0666);
  char buf[256];
  ssize_t got;
  g_free(path);
  memset(out, 0, sizeof *out);
  if (fd < 0)
    return -1;
  if (flock(fd, add ? LOCK_EX : LOCK_SH) != 0) {
    close(fd);
    return -1;
  }
  got = read(fd, buf, sizeof buf - 1);
  if (got > 0) {
    buf[got] = '\0';
    if (sscanf(buf, "hits %lld\nmisses %lld\nstored %lld", &out->hits, &out->misses,
               &out->stores) != 3)
      memset(out, 0, sizeof *out);
  }
  if (add) {
    int len;
    out->hits += add->hits;
    out->misses += add->misses;
    out->stores += add->stores;
    len = snprintf(buf, sizeof buf, "hits %lld\nmisses %lld\nstored %lld\n", out->hits,
                   out->misses, out->stores);
    if (ftruncate(fd, 0) != 0 || pwrite(fd, buf, (size_t)len, 0) != len) {
      close(fd);
      return -1;
    }
  }
  close(fd); /* releases the lock */
  return 0;
}

typedef struct entry {
  char *path;      /* owned */
  long long size;
  struct timespec used; /* its time: stored, or last hit */
} entry;

typedef struct scan {
  entry *e;
  int n, cap;
  long long total;
  int epubs, pdfs;
} scan;

/* Lists the entries of the cache; removes temporary files left by
 * processes that died. */
static void scan_cache(const cli *c, scan *s)
{
  int i;
  time_t now = time(NULL);
  memset(s, 0, sizeof *s);
  for (i = 0; i < 256; i++) {
    char sub[3], *dir;
    DIR *d;
    struct dirent *de;
    snprintf(sub, sizeof sub, "%02x", i);
    dir = g_build_filename(c->cache_dir, sub, NULL);
    d = opendir(dir);
    while (d && (de = readdir(d)) != NULL) {
      char *path;
      struct stat st;
      int epub = g_str_has_suffix(de->d_name, ".epub");
      int pdf = g_str_has_suffix(de->d_name, ".pdf");
      if (de->d_name[0] == '.' && !strstr(de->d_name, ".galley-"))
        continue;
      path = g_build_filename(dir, de->d_name, NULL);
      if (stat(path, &st) == 0) {
        if (de->d_name[0] == '.') {
          if (now - st.st_mtime > STALE_TEMP_SECONDS)
            unlink(path);
        } else if (epub || pdf) {
          if (s->n == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 256;
            s->e = realloc(s->e, (size_t)s->cap * sizeof *s->e);
            if (!s->e)
              abort();
          }
          s->e[s->n].path = strdup(path);
          if (!s->e[s->n].path)
            abort();
          s->e[s->n].size = (long long)st.st_size;
          s->e[s->n].used = st.st_mtim;
          s->n++;
          s->total += (long long)st.st_size;
          s->epubs += epub;
          s->pdfs += pdf;
        } else if (g_str_has_suffix(de->d_name, ".pages")) {
          s->total += (long long)st.st_size;
        }
      }
      g_free(path);
    }
    if (d)
      closedir(d);
    g_free(dir);
  }
}

static void scan_free(scan *s)
{
  int i;
  for (i = 0; i < s->n; i++)
    free(s->e[i].path);
  free(s->e);
}

static int by_use(const void *a, const void *b)
{
  const entry *x = a, *y = b;
  if (x->used.tv_sec != y->used.tv_sec)
    return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
  if (x->used.tv_nsec != y->used.tv_nsec)
    return x->used.tv_nsec < y->used.tv_nsec ? -1 : 1;
  return strcmp(x->path, y->path);
}

void cli_cache_finish(const cli *c, const result *results, int n)
{
  stats add = {0, 0, 0}, total;
  int i;
  for (i = 0; i < n; i++) {
    add.hits += results[i].cache_hits;
    add.misses += results[i].cache_misses;
    add.stores += results[i].cache_stores;
  }
  if (add.hits || add.misses)
    stats_update(c, &add, &total);
  if (add.stores) {
    scan s;
    scan_cache(c, &s);
    if (s.total > c->cache_max) {
      long long goal = c->cache_max / 10 * 9;
      qsort(s.e, (size_t)s.n, sizeof *s.e, by_use);
      for (i = 0; i < s.n && s.total > goal; i++) {
        char *rec = g_strconcat(s.e[i].path, ".pages", NULL);
        struct stat st;
        if (stat(rec, &st) == 0 && unlink(rec) == 0)
          s.total -= (long long)st.st_size;
        if (unlink(s.e[i].path) == 0 || errno == ENOENT)
          s.total -= s.e[i].size;
        g_free(rec);
      }
    }
    scan_free(&s);
  }
}

void cli_cache_print_stats(const cli *c)
{
  stats st;
  scan s;
  long long asked;
  stats_update(c, NULL, &st);
  scan_cache(c, &s);
  asked = st.hits + st.misses;
  printf("cache directory  %s\n", c->cache_dir);
  printf("editions         %d (%d EPUB, %d PDF)\n", s.n, s.epubs, s.pdfs);
  printf("size             %.1f MB of %.1f MB\n", (double)s.total / 1e6,
         (double)c->cache_max / 1e6);
  printf("hits             %lld\n", st.hits);
  printf("misses           %lld\n", st.misses);
  printf("stored           %lld\n", st.stores);
  if (asked > 0)
    printf("hit rate         %.1f %%\n", 100.0 * (double)st.hits / (double)asked);
  else
    printf("hit rate         -\n");
  scan_free(&s);
}
