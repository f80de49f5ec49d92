/* pdf_labels.c: page labels that Cairo 1.16 fails to write.
 *
 * cairo_pdf_surface_set_page_label() is called for every page, but Cairo
 * 1.16 writes the catalog's page-label tree as `<< /Nums [ ] >>` whatever
 * was set (seen with a standalone test program; fixed in later Cairo). So
 * that a reader's page box shows the folio printed at the foot of each
 * page, the writer appends an incremental update (PDF 1.7, section 7.5.6)
 * after Cairo has finished: a new revision of that one label object,
 *
 *   N 0 obj << /Nums [ 0 << /S /D >> ] >> endobj
 *   xref / trailer << ... /Prev OLD >> / startxref
 *
 * which numbers the pages 1, 2, 3 ... exactly as the folios do. The
 * original bytes are not touched. To find the object number and the old
 * trailer without holding the file, the stream is watched as it passes:
 * the last "/PageLabels N 0 R" seen, and the last bytes (the trailer). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_private.h"

/* Keeps the last PDF_LABELS_TAIL bytes: enough for Cairo's trailer and
 * startxref, which it writes last. */
static void keep_tail(pdf_labels *l, const unsigned char *data, size_t len)
{
  if (len >= sizeof l->tail) {
    memcpy(l->tail, data + len - sizeof l->tail, sizeof l->tail);
    l->tail_len = sizeof l->tail;
    return;
  }
  if (l->tail_len + len > sizeof l->tail) {
    size_t drop = l->tail_len + len - sizeof l->tail;
    memmove(l->tail, l->tail + drop, l->tail_len - drop);
    l->tail_len -= drop;
  }
  memcpy(l->tail + l->tail_len, data, len);
  l->tail_len += len;
}

/* Looks for "/PageLabels N 0 R" in `s` and records N. */
static void find_labels(pdf_labels *l, const char *s, size_t len)
{
  static const char key[] = "/PageLabels ";
  const char *p = s, *end = s + len;
  while ((size_t)(end - p) > sizeof key - 1) {
    const char *hit = memchr(p, '/', (size_t)(end - p));
    int n = 0;
    const char *q;
    if (!hit || (size_t)(end - hit) < sizeof key - 1)
      break;
    p = hit + 1;
    if (memcmp(hit, key, sizeof key - 1) != 0)
      continue;
    for (q = hit + sizeof key - 1; q < end && *q >= '0' && *q <= '9' && n < 100000000; q++)
      n = n * 10 + (*q - '0');
    if (q + 4 <= end && memcmp(q, " 0 R", 4) == 0 && n > 0)
      l->labels_obj = n;
  }
}

void pdf_labels_scan(pdf_labels *l, const unsigned char *data, size_t len)
{
  /* The key may straddle two writes: search the joint too. */
  char joint[2 * PDF_LABELS_JOINT];
  size_t a = l->tail_len < PDF_LABELS_JOINT ? l->tail_len : PDF_LABELS_JOINT;
  size_t b = len < PDF_LABELS_JOINT ? len : PDF_LABELS_JOINT;
  memcpy(joint, l->tail + l->tail_len - a, a);
  memcpy(joint + a, data, b);
  find_labels(l, joint, a + b);
  find_labels(l, (const char *)data, len);
  keep_tail(l, data, len);
  l->offset += (long long)len;
}

/* The integer after `key` in the trailer, or -1. */
static long long trailer_int(const char *t, const char *key)
{
  const char *p = strstr(t, key);
  if (!p)
    return -1;
  return strtoll(p + strlen(key), NULL, 10);
}

/* "A B R" after `key` in the trailer into out (empty if absent). */
static void trailer_ref(const char *t, const char *key, char *out, size_t size)
{
  const char *p = strstr(t, key);
  int a, b;
  out[0] = '\0';
  if (p && sscanf(p + strlen(key), " %d %d R", &a, &b) == 2)
    snprintf(out, size, "%s %d %d R", key, a, b);
}

galley_status pdf_labels_finish(pdf_labels *l, int cover_pages,
                                const galley_sink *sink, galley_error *err)
{
  char tail[sizeof l->tail + 1], root[64], info[64];
  char buf[1024];
  const char *tr;
  long long size, prev, obj_at, xref_at;
  int n;

  if (l->labels_obj <= 0)
    return GALLEY_OK; /* no label tree to mend */
  memcpy(tail, l->tail, l->tail_len);
  tail[l->tail_len] = '\0';
  tr = strstr(tail, "trailer");
  if (!tr || !strstr(tr, "startxref"))
    return GALLEY_OK;
  size = trailer_int(tr, "/Size");
  prev = trailer_int(strstr(tr, "startxref"), "startxref");
  trailer_ref(tr, "/Root", root, sizeof root);
  trailer_ref(tr, "/Info", info, sizeof info);
  if (size <= l->labels_obj || prev <= 0 || !root[0])
    return GALLEY_OK;
  obj_at = l->offset;
  if (cover_pages > 0)
    n = snprintf(buf, sizeof buf,
                 "%d 0 obj\n<< /Nums [ 0 << /P (Cover) >> %d << /S /D >> ] >>\nendobj\n",
                 l->labels_obj, cover_pages);
  else
    n = snprintf(buf, sizeof buf, "%d 0 obj\n<< /Nums [ 0 << /S /D >> ] >>\nendobj\n",
                 l->labels_obj);
  xref_at = obj_at + n;
  /* Each xref entry is exactly 20 bytes: "oooooooooo ggggg n\r\n". */
  n += snprintf(buf + n, sizeof buf - (size_t)n,
                "xref\n0 1\n0000000000 65535 f\r\n%d 1\n%010lld 00000 n\r\n"
                "trailer\n<< /Size %lld %s %s /Prev %lld >>\nstartxref\n%lld\n%%%%EOF\n",
                l->labels_obj, obj_at, size, root, info, prev, xref_at);
  return sink->write(sink->ctx, (const unsigned char *)buf, (size_t)n, err);
}
