/* epub_zip.c: the OCF container (a ZIP archive) built in memory with
 * libzip; the only file of galley that calls libzip.
 *
 * Entries are deflated whole by libdeflate's raw DEFLATE (twice as fast
 * as zlib's at libzip's level for the same size: on the corpus's 1.2 MB
 * of prose, level 5, 26 ms and 416.8 KB against zlib's 55 ms and 424.1
 * KB), each handed to libzip at finishing through a source that says its
 * data is deflated already, with its CRC and size, which libzip copies as
 * it is (zip_close's add_data). An entry that deflate does not shrink
 * goes through libzip's own path, which stores it.
 *
 * A book's entries are deflated as they come: once the entries given
 * pass ZIP_PARALLEL_MIN_BYTES, worker threads take them in the order
 * added while the writer goes on rendering the next documents, and at
 * finishing the calling thread joins them for what is left. Each entry's
 * bytes depend on nothing but its text, so the archive is the same for
 * any number of threads and any timing. The entries the writer adds
 * last, the package's own files (epub_zip_add_front), are written first.
 *
 * OCF 3.3 (section 4.2) and PITFALLS.md 4.3: the first entry is
 * `mimetype`, stored, without an extra field; epub.c adds it first and
 * asks for it stored, and every entry here has its extra fields deleted.
 * Every entry carries the same DOS time, computed in UTC from the
 * writer's epoch and set with zip_file_set_dostime: zip_file_set_mtime
 * would go through localtime() and make the bytes depend on TZ. */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libdeflate.h>
#include <zip.h>

#include "../util/alloc.h"
#include "../util/parallel.h"
#include "epub_private.h"

/* Until this many bytes to deflate are given, entries are deflated on the
 * calling thread: starting threads would cost more than it saves. */
#define ZIP_PARALLEL_MIN_BYTES (256 * 1024)
/* libdeflate's level 5: its level 6 sets prose 1 % smaller for 10 % more
 * time, and takes twice as long on text that repeats itself (the bench
 * book); zlib's level 5, which libzip's default would be near, takes
 * twice as long. Levels 3 to 7 set no general-purpose flag bits (the
 * stat below says so). */
#define ZIP_DEFLATE_LEVEL 5
/* Bytes of the finished archive given to the sink at a time. */
#define ZIP_SINK_CHUNK ((size_t)1 << 16)

/* An entry. Once added, only the thread that deflates it writes to it
 * (z, zlen, crc; owned and data, freed), until every worker is joined. */
typedef struct zip_entry {
  char *name;              /* owned */
  const unsigned char *data; /* borrowed from the caller, or `owned` */
  unsigned char *owned;    /* owned (epub_zip_take), freed once deflated */
  size_t len;
  int compress;
  int front;               /* 1: written before every entry without it */
  unsigned char *z;        /* owned: the raw deflate stream, or NULL */
  size_t zlen;
  zip_uint32_t crc;
  zip_uint64_t pos;        /* read position while libzip copies z */
} zip_entry;

struct epub_zip {
  zip_source_t *out; /* owned (one reference kept): the archive's bytes */
  zip_t *za;         /* owned: the archive being written, NULL once closed */
  zip_uint16_t dos_time; /* DOS time of every entry */
  zip_uint16_t dos_date; /* DOS date of every entry */
  int threads;
  zip_entry **entries; /* owned, each owned, in the order added; the
                          array guarded by `lock` while workers run */
  int n_entries, cap_entries;
  size_t given;        /* bytes of the entries to deflate, so far */
  /* The workers (none until `given` passes ZIP_PARALLEL_MIN_BYTES): */
  pthread_mutex_t lock; /* guards entries, n_entries, next, closing */
  pthread_cond_t more;  /* signalled when an entry is added or closing set */
  int next;             /* the next entry no thread has taken */
  int closing;          /* 1: no more entries come; workers end when done */
  pthread_t workers[GALLEY_PARALLEL_MAX];
  int n_workers;        /* started, to be joined */
};

static galley_status zip_failed(galley_error *err, const char *what,
                                zip_error_t *ze)
{
  /* libzip reports a failed malloc as ZIP_ER_MEMORY ("Malloc failure"):
   * said as galley says it everywhere else. */
  if (zip_error_code_zip(ze) == ZIP_ER_MEMORY)
    return galley_error_set(err, GALLEY_ERR_INTERNAL, 0, "out of memory (libzip: %s)",
                            what);
  return galley_error_set(err, GALLEY_ERR_INTERNAL, 0, "libzip: %s: %s", what,
                          zip_error_strerror(ze));
}

epub_zip *epub_zip_new(long long epoch, int threads, galley_error *err)
{
  epub_zip *zip = galley_xcalloc(1, sizeof *zip);
  zip_error_t ze;
  time_t t = (time_t)(epoch >= 0 ? epoch : 0);
  struct tm tm;
  long long secs;
  int y, m, d;

  /* gmtime_r, not gmtime: no shared static buffer (the epoch was checked
   * against year 9999 by the caller, so it always converts) */
  if (!gmtime_r(&t, &tm))
    memset(&tm, 0, sizeof tm);
  y = tm.tm_year + 1900;
  m = tm.tm_mon + 1;
  d = tm.tm_mday;
  secs = (long long)tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
  if (y < 1980) { /* the DOS epoch */
    y = 1980;
    m = 1;
    d = 1;
    secs = 0;
  } else if (y > 2107) { /* the last year DOS dates hold */
    y = 2107;
    m = 12;
    d = 31;
    secs = 86399;
  }
  zip->threads = threads < GALLEY_PARALLEL_MAX ? threads : GALLEY_PARALLEL_MAX;
  pthread_mutex_init(&zip->lock, NULL);
  pthread_cond_init(&zip->more, NULL);
  zip->dos_date = (zip_uint16_t)(((y - 1980) << 9) | (m << 5) | d);
  zip->dos_time = (zip_uint16_t)(((secs / 3600) << 11) | (((secs / 60) % 60) << 5) |
                                 ((secs % 60) / 2));

  zip_error_init(&ze);
  zip->out = zip_source_buffer_create(NULL, 0, 0, &ze);
  if (!zip->out) {
    zip_failed(err, "cannot create a memory buffer", &ze);
    goto fail;
  }
  zip->za = zip_open_from_source(zip->out, ZIP_TRUNCATE, &ze);
  if (!zip->za) {
    zip_failed(err, "cannot open the archive", &ze);
    goto fail;
  }
  /* zip_open_from_source took our reference (it does so only on
   * success); keep a second one so the bytes outlive zip_close. */
  zip_source_keep(zip->out);
  zip_error_fini(&ze);
  return zip;

fail:
  zip_error_fini(&ze);
  epub_zip_discard(zip);
  return NULL;
}

/* Deflates `e` into its z with `c`. Leaves z NULL when the result would
 * not be smaller, or memory ran out: libzip's own path then takes the
 * entry. */
static void deflate_entry(struct libdeflate_compressor *c, zip_entry *e)
{
  size_t bound = libdeflate_deflate_compress_bound(c, e->len);
  e->z = malloc(bound);
  if (!e->z)
    return;
  e->zlen = libdeflate_deflate_compress(c, e->data, e->len, e->z, bound);
  if (e->zlen > 0 && e->zlen < e->len) {
    unsigned char *fit = realloc(e->z, e->zlen); /* the bound is the input's size */
    e->crc = (zip_uint32_t)libdeflate_crc32(0, e->data, e->len);
    if (fit)
      e->z = fit;
    if (e->owned) { /* libzip copies z: the text is done with */
      free(e->owned);
      e->owned = NULL;
      e->data = NULL;
    }
  } else {
    free(e->z);
    e->z = NULL;
    e->zlen = 0;
  }
}

static int wants_deflate(const zip_entry *e)
{
  return e->compress && e->len > 0;
}

/* Deflates the entries no thread has taken, in the order added, until
 * there are none and no more will come (`wait`: else until there are
 * none now). `locked`: called with zip->lock held, and returns with it
 * held, each entry deflated without it. */
static void deflate_queue(epub_zip *zip, int wait, int locked)
{
  struct libdeflate_compressor *c = NULL;
  for (;;) {
    zip_entry *e;
    while (zip->next < zip->n_entries && !wants_deflate(zip->entries[zip->next]))
      zip->next++;
    if (zip->next == zip->n_entries) {
      if (!wait || zip->closing)
        break;
      pthread_cond_wait(&zip->more, &zip->lock);
      continue;
    }
    e = zip->entries[zip->next++];
    if (!c)
      c = libdeflate_alloc_compressor(ZIP_DEFLATE_LEVEL);
    if (!c)
      continue; /* out of memory: libzip deflates it */
    if (locked)
      pthread_mutex_unlock(&zip->lock);
    deflate_entry(c, e);
    if (locked)
      pthread_mutex_lock(&zip->lock);
  }
  libdeflate_free_compressor(c);
}

static void *worker_main(void *arg)
{
  epub_zip *zip = arg;
  pthread_mutex_lock(&zip->lock);
  deflate_queue(zip, 1, 1);
  pthread_mutex_unlock(&zip->lock);
  return NULL;
}

/* Tells the workers no more entries come and waits for them, the
 * calling thread taking with them (`help`) what they have not taken. */
static void join_workers(epub_zip *zip, int help)
{
  int k;
  if (zip->n_workers == 0)
    return;
  pthread_mutex_lock(&zip->lock);
  zip->closing = 1;
  pthread_cond_broadcast(&zip->more);
  if (help)
    deflate_queue(zip, 0, 1);
  pthread_mutex_unlock(&zip->lock);
  for (k = 0; k < zip->n_workers; k++)
    pthread_join(zip->workers[k], NULL);
  zip->n_workers = 0;
}

static void add_entry(epub_zip *zip, const char *name, const void *data, size_t len,
                      int compress, int front, void *owned)
{
  zip_entry *e = galley_xcalloc(1, sizeof *e);
  e->name = galley_xstrdup(name);
  e->data = len ? data : (const unsigned char *)"";
  e->owned = owned;
  e->len = len;
  e->compress = compress;
  e->front = front;
  if (zip->n_workers > 0)
    pthread_mutex_lock(&zip->lock);
  if (zip->n_entries == zip->cap_entries) {
    zip->cap_entries = zip->cap_entries ? zip->cap_entries * 2 : 16;
    zip->entries = galley_xreallocarray(zip->entries, (size_t)zip->cap_entries,
                                        sizeof *zip->entries);
  }
  zip->entries[zip->n_entries++] = e;
  if (zip->n_workers > 0) {
    pthread_cond_signal(&zip->more);
    pthread_mutex_unlock(&zip->lock);
    return;
  }
  if (!wants_deflate(e))
    return;
  zip->given += len;
  if (zip->threads > 1 && zip->given >= ZIP_PARALLEL_MIN_BYTES) {
    /* a book: other threads deflate from now on, the entries given so
     * far first; they wait for the lock until the workers are counted */
    int k;
    pthread_mutex_lock(&zip->lock);
    for (k = 1; k < zip->threads; k++)
      if (pthread_create(&zip->workers[zip->n_workers], NULL, worker_main, zip) == 0)
        zip->n_workers++;
    pthread_mutex_unlock(&zip->lock);
    if (zip->n_workers == 0)
      zip->threads = 1; /* none could start: the calling thread does it */
  }
}

void epub_zip_add(epub_zip *zip, const char *name, const void *data, size_t len,
                  int compress)
{
  add_entry(zip, name, data, len, compress, 0, NULL);
}

void epub_zip_add_front(epub_zip *zip, const char *name, const void *data, size_t len,
                        int compress)
{
  add_entry(zip, name, data, len, compress, 1, NULL);
}

void epub_zip_take(epub_zip *zip, const char *name, void *data, size_t len)
{
  add_entry(zip, name, data, len, 1, 0, data);
}

/* A libzip source of an entry's deflated bytes: its stat gives the
 * method, sizes and CRC, so that zip_close copies the data unchanged;
 * its attributes what libzip's deflate would set (version 2.0 needed,
 * no general-purpose flags at ZIP_DEFLATE_LEVEL). The entry is borrowed. */
static zip_int64_t deflated_source(void *ud, void *data, zip_uint64_t len,
                                   zip_source_cmd_t cmd)
{
  zip_entry *e = ud;
  switch (cmd) {
  case ZIP_SOURCE_OPEN:
    e->pos = 0;
    return 0;
  case ZIP_SOURCE_READ: {
    zip_uint64_t n = e->zlen - e->pos;
    if (n > len)
      n = len;
    memcpy(data, e->z + e->pos, (size_t)n);
    e->pos += n;
    return (zip_int64_t)n;
  }
  case ZIP_SOURCE_CLOSE:
    return 0;
  case ZIP_SOURCE_STAT: {
    zip_stat_t *st = data;
    if (len < sizeof *st)
      return -1;
    zip_stat_init(st);
    st->size = e->len;
    st->comp_size = e->zlen;
    st->crc = (zip_uint32_t)e->crc;
    st->comp_method = ZIP_CM_DEFLATE;
    st->encryption_method = ZIP_EM_NONE;
    st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC | ZIP_STAT_COMP_METHOD |
                ZIP_STAT_ENCRYPTION_METHOD;
    return sizeof *st;
  }
  case ZIP_SOURCE_GET_FILE_ATTRIBUTES: {
    zip_file_attributes_t *at = data;
    if (len < sizeof *at)
      return -1;
    at->valid |= ZIP_FILE_ATTRIBUTES_VERSION_NEEDED |
                 ZIP_FILE_ATTRIBUTES_GENERAL_PURPOSE_BIT_FLAGS;
    at->version_needed = 20;
    at->general_purpose_bit_mask = 0x0006; /* bits 1-2: the deflate level */
    at->general_purpose_bit_flags = 0;
    return sizeof *at;
  }
  case ZIP_SOURCE_ERROR: { /* as zip_error_to_data: libzip's and the system's code */
    int *codes = data;
    if (len < 2 * sizeof *codes)
      return -1;
    codes[0] = ZIP_ER_INTERNAL; /* reading memory cannot fail: never asked */
    codes[1] = 0;
    return 2 * (zip_int64_t)sizeof *codes;
  }
  case ZIP_SOURCE_FREE:
    return 0; /* the entry is the archive's */
  case ZIP_SOURCE_SUPPORTS:
    return ZIP_SOURCE_SUPPORTS_READABLE |
           zip_source_make_command_bitmap(ZIP_SOURCE_GET_FILE_ATTRIBUTES, -1);
  default:
    return -1;
  }
}

/* Hands entry `e` to libzip: deflated already when it has z, else the
 * raw bytes for libzip to deflate or store. */
static galley_status put_entry(epub_zip *zip, zip_entry *e, galley_error *err)
{
  zip_source_t *src;
  zip_int64_t idx;
  zip_uint64_t i;
  galley_status st = GALLEY_OK;

  /* The data is borrowed (freep 0): it must live until zip_close. */
  src = e->z ? zip_source_function(zip->za, deflated_source, e)
             : zip_source_buffer(zip->za, e->data, e->len, 0);
  if (!src)
    return zip_failed(err, e->name, zip_get_error(zip->za));
  idx = zip_file_add(zip->za, e->name, src, 0);
  if (idx < 0) {
    /* zip_file_add owns the source only when it succeeds. */
    zip_source_free(src);
    return zip_failed(err, e->name, zip_get_error(zip->za));
  }
  i = (zip_uint64_t)idx;
  if (zip_set_file_compression(zip->za, i, e->compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                               e->compress ? ZIP_DEFLATE_LEVEL : 0) < 0 ||
      zip_file_set_dostime(zip->za, i, zip->dos_time, zip->dos_date, 0) < 0)
    st = zip_failed(err, e->name, zip_get_error(zip->za));
  /* No extra fields, local or central (PKG-005 for mimetype; for the
   * others they would only carry host-dependent data). An entry without
   * any makes this fail harmlessly, so the result is not checked. */
  zip_file_extra_field_delete(zip->za, i, ZIP_EXTRA_FIELD_ALL, ZIP_FL_LOCAL);
  zip_file_extra_field_delete(zip->za, i, ZIP_EXTRA_FIELD_ALL, ZIP_FL_CENTRAL);
  return st;
}

/* Frees what the entries hold: libzip has copied them into the archive
 * (zip_close), or the archive is given up. */
static void free_entries(epub_zip *zip)
{
  int k;
  for (k = 0; k < zip->n_entries; k++) {
    free(zip->entries[k]->name);
    free(zip->entries[k]->z);
    free(zip->entries[k]->owned);
    free(zip->entries[k]);
  }
  free(zip->entries);
  zip->entries = NULL;
  zip->n_entries = zip->cap_entries = 0;
}

galley_status epub_zip_finish(epub_zip *zip, const galley_sink *sink, galley_error *err)
{
  zip_stat_t zs;
  unsigned char *chunk = NULL;
  zip_uint64_t done = 0;
  galley_status st = GALLEY_OK;

  {
    int k, front;
    join_workers(zip, 1);
    deflate_queue(zip, 0, 0); /* without workers, all; with them, none left */
    for (front = 1; front >= 0; front--)
      for (k = 0; k < zip->n_entries; k++)
        if (zip->entries[k]->front == front &&
            (st = put_entry(zip, zip->entries[k], err)) != GALLEY_OK)
          goto done;
  }
  /* zip_close frees the archive only on success; else zip_discard. */
  if (zip_close(zip->za) < 0) {
    st = zip_failed(err, "cannot write the archive", zip_get_error(zip->za));
    goto done;
  }
  zip->za = NULL;
  free_entries(zip); /* in the archive now */
  zip_stat_init(&zs);
  if (zip_source_stat(zip->out, &zs) < 0 || !(zs.valid & ZIP_STAT_SIZE)) {
    st = zip_failed(err, "cannot measure the archive", zip_source_error(zip->out));
    goto done;
  }
  if (zip_source_open(zip->out) < 0) {
    st = zip_failed(err, "cannot read the archive", zip_source_error(zip->out));
    goto done;
  }
  /* to the sink a piece at a time: the archive is not copied whole */
  chunk = galley_xmalloc(ZIP_SINK_CHUNK);
  while (done < zs.size && st == GALLEY_OK) {
    zip_uint64_t want = zs.size - done < ZIP_SINK_CHUNK ? zs.size - done : ZIP_SINK_CHUNK;
    zip_int64_t got = zip_source_read(zip->out, chunk, want);
    if (got <= 0) {
      st = zip_failed(err, "cannot read the archive", zip_source_error(zip->out));
      break;
    }
    st = sink->write(sink->ctx, chunk, (size_t)got, err);
    done += (zip_uint64_t)got;
  }
  zip_source_close(zip->out);
  free(chunk);

done:
  epub_zip_discard(zip);
  return st;
}

void epub_zip_discard(epub_zip *zip)
{
  if (!zip)
    return;
  join_workers(zip, 0); /* they may be deflating entries freed below */
  if (zip->za)
    zip_discard(zip->za);
  free_entries(zip);
  if (zip->out)
    zip_source_free(zip->out);
  pthread_cond_destroy(&zip->more);
  pthread_mutex_destroy(&zip->lock);
  free(zip);
}
