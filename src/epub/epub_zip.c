/* epub_zip.c: the OCF container (a ZIP archive) built in memory with
 * libzip; the only file of galley that calls libzip.
 *
 * OCF 3.3 (section 4.2) and PITFALLS.md 4.3: the first entry is
 * `mimetype`, stored, without an extra field; epub.c adds it first and
 * asks for it stored, and every entry here has its extra fields deleted.
 * Every entry carries the same DOS time, computed in UTC from the
 * writer's epoch and set with zip_file_set_dostime: zip_file_set_mtime
 * would go through localtime() and make the bytes depend on TZ. */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zip.h>

#include "../util/alloc.h"
#include "epub_private.h"

struct epub_zip {
  zip_source_t *out; /* owned (one reference kept): the archive's bytes */
  zip_t *za;         /* owned: the archive being written, NULL once closed */
  zip_uint16_t dos_time; /* DOS time of every entry */
  zip_uint16_t dos_date; /* DOS date of every entry */
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

epub_zip *epub_zip_new(long long epoch, galley_error *err)
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

galley_status epub_zip_add(epub_zip *zip, const char *name, const void *data,
                           size_t len, int compress, galley_error *err)
{
  zip_source_t *src;
  zip_int64_t idx;
  zip_uint64_t i;
  galley_status st = GALLEY_OK;

  /* The data is borrowed (freep 0): it must live until zip_close. */
  src = zip_source_buffer(zip->za, len ? data : "", len, 0);
  if (!src)
    return zip_failed(err, name, zip_get_error(zip->za));
  idx = zip_file_add(zip->za, name, src, 0);
  if (idx < 0) {
    /* zip_file_add owns the source only when it succeeds. */
    zip_source_free(src);
    return zip_failed(err, name, zip_get_error(zip->za));
  }
  i = (zip_uint64_t)idx;
  if (zip_set_file_compression(zip->za, i, compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                               compress ? 6 : 0) < 0 ||
      zip_file_set_dostime(zip->za, i, zip->dos_time, zip->dos_date, 0) < 0)
    st = zip_failed(err, name, zip_get_error(zip->za));
  /* No extra fields, local or central (PKG-005 for mimetype; for the
   * others they would only carry host-dependent data). An entry without
   * any makes this fail harmlessly, so the result is not checked. */
  zip_file_extra_field_delete(zip->za, i, ZIP_EXTRA_FIELD_ALL, ZIP_FL_LOCAL);
  zip_file_extra_field_delete(zip->za, i, ZIP_EXTRA_FIELD_ALL, ZIP_FL_CENTRAL);
  return st;
}

galley_status epub_zip_finish(epub_zip *zip, unsigned char **out_data,
                              size_t *out_len, galley_error *err)
{
  zip_stat_t zs;
  unsigned char *data = NULL;
  zip_int64_t got;
  galley_status st = GALLEY_OK;

  *out_data = NULL;
  *out_len = 0;
  /* zip_close frees the archive only on success; else zip_discard. */
  if (zip_close(zip->za) < 0) {
    st = zip_failed(err, "cannot write the archive", zip_get_error(zip->za));
    goto done;
  }
  zip->za = NULL;
  zip_stat_init(&zs);
  if (zip_source_stat(zip->out, &zs) < 0 || !(zs.valid & ZIP_STAT_SIZE)) {
    st = zip_failed(err, "cannot measure the archive", zip_source_error(zip->out));
    goto done;
  }
  if (zip_source_open(zip->out) < 0) {
    st = zip_failed(err, "cannot read the archive", zip_source_error(zip->out));
    goto done;
  }
  data = galley_xmalloc(zs.size ? (size_t)zs.size : 1);
  got = zip_source_read(zip->out, data, zs.size);
  zip_source_close(zip->out);
  if (got < 0 || (zip_uint64_t)got != zs.size) {
    st = zip_failed(err, "cannot read the archive", zip_source_error(zip->out));
    free(data);
    goto done;
  }
  *out_data = data;
  *out_len = (size_t)zs.size;

done:
  epub_zip_discard(zip);
  return st;
}

void epub_zip_discard(epub_zip *zip)
{
  if (!zip)
    return;
  if (zip->za)
    zip_discard(zip->za);
  if (zip->out)
    zip_source_free(zip->out);
  free(zip);
}
