/* pdf_finish.c: what Cairo 1.16 cannot say, added to the finished PDF.
 *
 * Cairo's PDF surface has no API for the document language, the page
 * boxes a printer trims and bleeds to, or a figure's alternate text, and
 * it writes every solid colour as DeviceRGB ("r g b rg") and every page as
 * a transparency group whether or not anything on it is transparent. So
 * the PDF Cairo writes (kept in memory) is read once more with libqpdf
 * and written out again with:
 *
 *   - /Lang in the catalog, the document's language (PDF 1.7, 14.9.2);
 *   - /TrimBox and /BleedBox on every page, equal to the MediaBox: the
 *     page is the trimmed page and nothing bleeds (14.11.2);
 *   - /Alt on each Figure structure element, the picture's alt text, in
 *     the order the figures were drawn (14.9.3);
 *   - a neutral colour, "g g g rg" or "RG", written "g g" or "G": one
 *     DeviceGray ink, so black type prints on the black plate alone;
 *   - what a page draws outside every structure element (the running
 *     head, the folio, ornaments) marked as an Artifact (14.8.2.2);
 *   - no /Group on a page or form whose resources hold nothing
 *     transparent (no alpha, soft mask or blend mode), so a RIP does not
 *     flatten an opaque page.
 *
 * qpdf's deterministic /ID keeps the bytes a function of the input. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* madvise */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <qpdf/qpdf-c.h>
#include <zlib.h>

#include "pdf_private.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/parallel.h"

/* Deeper nesting of forms and patterns than this is taken as
 * transparent (and a reference cycle cannot loop). */
#define MAX_RESOURCE_DEPTH 8
/* Structure trees deeper than this are not searched for figures. */
#define MAX_STRUCT_DEPTH 64
/* Content streams read from qpdf, rewritten in parallel, then written
 * back, at a time: bounds what is held at once. */
#define FINISH_BATCH 128

/* ------------------------------------------------------------------ */
/* Content streams: neutral colours in DeviceGray                      */
/* ------------------------------------------------------------------ */

typedef struct token {
  size_t start, len; /* bytes of the content stream */
  int is_number;
} token;

static int is_white(int c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

static int is_delim(int c)
{
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
         c == '{' || c == '}' || c == '/' || c == '%';
}

/* Skips the token at `i` and returns the offset past it. Strings,
 * names, dictionaries and arrays are skipped whole or by their brackets;
 * what matters is that a string's bytes are never read as operators. */
static size_t skip_token(const unsigned char *s, size_t n, size_t i)
{
  if (s[i] == '(') {
    int depth = 0;
    for (; i < n; i++) {
      if (s[i] == '\\')
        i++;
      else if (s[i] == '(')
        depth++;
      else if (s[i] == ')' && --depth == 0)
        return i + 1;
    }
    return n;
  }
  if (s[i] == '<') {
    if (i + 1 < n && s[i + 1] == '<')
      return i + 2;
    while (i < n && s[i] != '>')
      i++;
    return i < n ? i + 1 : n;
  }
  if (s[i] == '>')
    return i + 1 < n && s[i + 1] == '>' ? i + 2 : i + 1;
  if (s[i] == '%') {
    while (i < n && s[i] != '\n' && s[i] != '\r')
      i++;
    return i;
  }
  if (s[i] == '[' || s[i] == ']' || s[i] == '{' || s[i] == '}' || s[i] == ')')
    return i + 1;
  i++; /* a name's slash, or the first byte of a regular token */
  while (i < n && !is_white(s[i]) && !is_delim(s[i]))
    i++;
  return i;
}

static int is_number_token(const unsigned char *s, size_t len)
{
  size_t i;
  int digits = 0;
  for (i = 0; i < len; i++) {
    if (s[i] >= '0' && s[i] <= '9')
      digits++;
    else if (!(s[i] == '.' || (i == 0 && (s[i] == '-' || s[i] == '+'))))
      return 0;
  }
  return digits > 0;
}

static int same_token(const unsigned char *s, const token *a, const token *b)
{
  return a->len == b->len && memcmp(s + a->start, s + b->start, a->len) == 0;
}

static int token_is(const unsigned char *s, const token *t, const char *word)
{
  size_t n = strlen(word);
  return t->len == n && memcmp(s + t->start, word, n) == 0;
}

/* 1 for an operator (a bare word that is not a number, name or keyword
 * operand). */
static int is_operator(const unsigned char *s, const token *t)
{
  unsigned char c = s[t->start];
  if (t->is_number || c == '/' || c == '(' || c == '<' || c == '>' || c == '[' ||
      c == ']' || c == '{' || c == '}' || c == '%')
    return 0;
  return !token_is(s, t, "true") && !token_is(s, t, "false") && !token_is(s, t, "null");
}

/* 1 for an operator that ends a path by painting it ("n" ends one
 * unpainted: a clip). */
static int is_path_paint(const unsigned char *s, const token *t)
{
  static const char *const ops[] = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"};
  size_t i;
  for (i = 0; i < sizeof ops / sizeof *ops; i++)
    if (token_is(s, t, ops[i]))
      return 1;
  return 0;
}

/* The rewriting of one content stream: `s` copied to `out` up to
 * `copied`, with edits at ascending offsets. */
typedef struct content_edit {
  const unsigned char *s;
  galley_buf *out;
  size_t copied;
  int changed;   /* edits made */
} content_edit;

static void copy_to(content_edit *e, size_t pos)
{
  if (pos > e->copied) {
    galley_buf_put(e->out, e->s + e->copied, pos - e->copied);
    e->copied = pos;
  }
}

static void insert_at(content_edit *e, size_t pos, const char *text)
{
  copy_to(e, pos);
  galley_buf_puts(e->out, text);
  e->changed++;
}

#define ARTIFACT_BEGIN "/Artifact BMC\n"
#define ARTIFACT_END "\nEMC\n"

/* Writes `n` bytes of content `s` to `out` with
 *   - each "a a a rg" (and "RG") of three equal numbers written "a g"
 *     ("G");
 *   - when `artifacts` is set, each text object, painted path, XObject,
 *     shading and inline image outside all marked content wrapped in
 *     "/Artifact BMC ... EMC" (PDF 1.7, 14.8.2.2): Cairo 1.16 leaves
 *     what is drawn outside a structure leaf (the running head, the
 *     folio, the ornament between sections) unmarked, and a tagged PDF
 *     must mark it as no part of the text.
 * Returns the number of edits made. An inline image's data (BI ... ID
 * data EI) is copied as it is. */
static int rewrite_content(const unsigned char *s, size_t n, int artifacts, galley_buf *out)
{
  token last[3];
  content_edit e;
  int n_last = 0, marked = 0, in_text = 0, in_path = 0, have_operands = 0;
  size_t i = 0, operands = 0, path_start = 0;

  memset(last, 0, sizeof last);
  e.s = s;
  e.out = out;
  e.copied = 0;
  e.changed = 0;
  while (i < n) {
    size_t end, op_start;
    int wrap_here;
    token t;
    if (is_white(s[i])) {
      i++;
      continue;
    }
    end = skip_token(s, n, i);
    t.start = i;
    t.len = end - i;
    t.is_number = is_number_token(s + i, t.len);
    if (!is_operator(s, &t)) {
      if (!have_operands) {
        operands = i;
        have_operands = 1;
      }
      if (t.is_number) {
        if (n_last == 3) {
          last[0] = last[1];
          last[1] = last[2];
          n_last = 2;
        }
        last[n_last++] = t;
      } else {
        n_last = 0;
      }
      i = end;
      continue;
    }
    /* An operator, whose operands began at op_start. */
    op_start = have_operands ? operands : i;
    wrap_here = artifacts && marked == 0 && !in_text;
    if (token_is(s, &t, "BDC") || token_is(s, &t, "BMC")) {
      marked++;
    } else if (token_is(s, &t, "EMC")) {
      if (marked > 0)
        marked--;
    } else if (token_is(s, &t, "BT")) {
      in_text = 1;
      if (wrap_here) {
        insert_at(&e, op_start, ARTIFACT_BEGIN);
        in_text = 2; /* an artifact text object */
      }
    } else if (token_is(s, &t, "ET")) {
      if (in_text == 2)
        insert_at(&e, end, ARTIFACT_END);
      in_text = 0;
    } else if (token_is(s, &t, "m") || token_is(s, &t, "re")) {
      if (!in_path) {
        in_path = 1;
        path_start = op_start;
      }
    } else if (in_path && (is_path_paint(s, &t) || token_is(s, &t, "n"))) {
      if (wrap_here && !token_is(s, &t, "n")) {
        insert_at(&e, path_start, ARTIFACT_BEGIN);
        insert_at(&e, end, ARTIFACT_END);
      }
      in_path = 0;
    } else if (token_is(s, &t, "Do") || token_is(s, &t, "sh")) {
      if (wrap_here) {
        insert_at(&e, op_start, ARTIFACT_BEGIN);
        insert_at(&e, end, ARTIFACT_END);
      }
    } else if (token_is(s, &t, "BI")) {
      /* Inline image data: after "ID" and one white byte, up to white,
       * "EI", white. */
      size_t k = end;
      while (k + 3 <= n && !(s[k] == 'I' && s[k + 1] == 'D' && is_white(s[k + 2])))
        k++;
      k += 3;
      while (k + 2 <= n && !(is_white(s[k - 1]) && s[k] == 'E' && s[k + 1] == 'I' &&
                             (k + 2 == n || is_white(s[k + 2]))))
        k++;
      end = k + 2 <= n ? k + 2 : n;
      if (wrap_here) {
        insert_at(&e, op_start, ARTIFACT_BEGIN);
        insert_at(&e, end, ARTIFACT_END);
      }
    } else if ((token_is(s, &t, "rg") || token_is(s, &t, "RG")) && n_last == 3 &&
               same_token(s, &last[0], &last[1]) && same_token(s, &last[1], &last[2])) {
      copy_to(&e, last[0].start);
      galley_buf_put(out, s + last[0].start, last[0].len);
      galley_buf_puts(out, s[i] == 'r' ? " g" : " G");
      e.copied = end;
      e.changed++;
    }
    n_last = 0;
    have_operands = 0;
    i = end;
  }
  copy_to(&e, n);
  return e.changed;
}

/* One content stream to rewrite: read from qpdf and written back by the
 * thread that talks to qpdf; rewritten and deflated by any thread (it
 * touches nothing else). */
typedef struct stream_job {
  qpdf_oh stream;
  unsigned char *data; /* owned: the decoded content (qpdf's malloc) */
  size_t len;
  int artifacts;
  int deflated;        /* 1: data is as stored, deflated */
  int changed;         /* edits made by rewrite_content */
  galley_buf out;      /* owned: the rewritten content */
  unsigned char *z;    /* owned: `out` deflated, or NULL */
  size_t zlen;
} stream_job;

/* Reads a stream's content into `job`: as stored when it is deflated
 * and nothing else (Cairo's content streams), to be inflated by the
 * job's thread; otherwise decoded by qpdf. Returns 0 when the stream
 * cannot be read (then it is left as it is). */
static int job_read(qpdf_data q, qpdf_oh stream, int artifacts, stream_job *job)
{
  QPDF_BOOL filtered = QPDF_FALSE;
  qpdf_oh dict = qpdf_oh_get_dict(q, stream);
  memset(job, 0, sizeof *job);
  job->stream = stream;
  job->artifacts = artifacts;
  if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, dict, "/Filter"), "/FlateDecode") &&
      !qpdf_oh_has_key(q, dict, "/DecodeParms") &&
      qpdf_oh_get_stream_data(q, stream, qpdf_dl_none, &filtered, &job->data, &job->len) ==
          QPDF_SUCCESS) {
    job->deflated = 1;
    return 1;
  }
  free(job->data);
  job->data = NULL;
  if (qpdf_oh_get_stream_data(q, stream, qpdf_dl_generalized, &filtered, &job->data,
                              &job->len) != QPDF_SUCCESS ||
      !filtered) {
    free(job->data);
    job->data = NULL;
    return 0;
  }
  return 1;
}

/* Inflates job->data in place of itself. Returns 0 when the data is not
 * a whole zlib stream (the job then leaves the stream as it is). */
static int job_inflate(stream_job *job)
{
  z_stream zs;
  galley_buf out = GALLEY_BUF_INIT;
  unsigned char chunk[64 * 1024];
  int rc;
  memset(&zs, 0, sizeof zs);
  if (job->len > UINT_MAX || inflateInit(&zs) != Z_OK)
    return 0;
  zs.next_in = job->data;
  zs.avail_in = (uInt)job->len;
  do {
    zs.next_out = chunk;
    zs.avail_out = sizeof chunk;
    rc = inflate(&zs, Z_NO_FLUSH);
    galley_buf_put(&out, chunk, sizeof chunk - zs.avail_out);
  } while (rc == Z_OK);
  inflateEnd(&zs);
  free(job->data);
  job->data = NULL;
  if (rc != Z_STREAM_END) {
    galley_buf_free(&out);
    return 0;
  }
  job->len = out.len;
  job->data = (unsigned char *)galley_buf_detach(&out, NULL);
  return 1;
}

/* The part of a job that needs no qpdf: rewrite, then deflate at zlib's
 * default level, which is what qpdf's own writer uses, so the bytes are
 * those qpdf would write, and qpdf copies them as they are (a stream
 * already /FlateDecode is not compressed again). Held deflated until
 * qpdf writes: held inflated, the content of a 2,000-page book took
 * 70 MB. */
static void job_run(stream_job *job)
{
  uLongf zlen;
  if (job->deflated && !job_inflate(job))
    return;
  if (!job->data)
    return;
  job->changed = rewrite_content(job->data, job->len, job->artifacts, &job->out);
  if (!job->changed)
    return;
  zlen = compressBound((uLong)job->out.len);
  job->z = galley_xmalloc((size_t)zlen);
  if (compress2(job->z, &zlen, (const Bytef *)job->out.ptr, (uLong)job->out.len,
                Z_DEFAULT_COMPRESSION) == Z_OK) {
    job->zlen = (size_t)zlen;
  } else {
    free(job->z); /* zlib's own memory ran out: written unfiltered */
    job->z = NULL;
  }
}

/* Gives qpdf the rewritten stream and frees the job's buffers. */
static void job_write(qpdf_data q, stream_job *job)
{
  if (job->changed && job->z)
    qpdf_oh_replace_stream_data(q, job->stream, job->z, (unsigned long long)job->zlen,
                                qpdf_oh_new_name(q, "/FlateDecode"), qpdf_oh_new_null(q));
  else if (job->changed)
    qpdf_oh_replace_stream_data(q, job->stream, (const unsigned char *)job->out.ptr,
                                job->out.len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
  free(job->z);
  galley_buf_free(&job->out);
  free(job->data);
  memset(job, 0, sizeof *job);
}

static void rewrite_stream(qpdf_data q, qpdf_oh stream, int artifacts)
{
  stream_job job;
  if (!job_read(q, stream, artifacts, &job))
    return;
  job_run(&job);
  job_write(q, &job);
}

/* One job of a batch, for galley_parallel_for: what a job computes
 * depends on nothing but its own input, so the result is the same for
 * any thread count. */
static void run_job(void *jobs, int i)
{
  job_run(&((stream_job *)jobs)[i]);
}

/* ------------------------------------------------------------------ */
/* Transparency                                                        */
/* ------------------------------------------------------------------ */

/* The values of dictionary `dict` (none when it is not one), in a new
 * array the caller frees; their number in *out_n. The key iterator is
 * one per qpdf_data, so values are collected before they are looked
 * into. */
static qpdf_oh *dict_values(qpdf_data q, qpdf_oh dict, int *out_n)
{
  qpdf_oh *items = NULL;
  int n = 0, cap = 0;
  if (qpdf_oh_is_dictionary(q, dict)) {
    qpdf_oh_begin_dict_key_iter(q, dict);
    while (qpdf_oh_dict_more_keys(q)) {
      const char *key = qpdf_oh_dict_next_key(q);
      if (n == cap) {
        cap = cap ? cap * 2 : 8;
        items = galley_xreallocarray(items, (size_t)cap, sizeof *items);
      }
      items[n++] = qpdf_oh_get_key(q, dict, key);
    }
  }
  *out_n = n;
  return items;
}

static int is_opaque_alpha(qpdf_data q, qpdf_oh dict, const char *key)
{
  qpdf_oh v = qpdf_oh_get_key(q, dict, key);
  return qpdf_oh_is_null(q, v) ||
         (qpdf_oh_is_number(q, v) && qpdf_oh_get_numeric_value(q, v) >= 1.0);
}

static int resources_transparent(qpdf_data q, qpdf_oh res, int depth);

/* 1 when a dictionary of resources of one kind (ExtGState, XObject,
 * Pattern) holds something transparent. */
static int category_transparent(qpdf_data q, qpdf_oh res, const char *category, int depth)
{
  qpdf_oh *items;
  int n, i, found = 0;
  items = dict_values(q, qpdf_oh_get_key(q, res, category), &n);
  for (i = 0; i < n && !found; i++) {
    qpdf_oh o = items[i], d = qpdf_oh_is_stream(q, o) ? qpdf_oh_get_dict(q, o) : o;
    qpdf_oh smask = qpdf_oh_get_key(q, d, "/SMask");
    qpdf_oh bm = qpdf_oh_get_key(q, d, "/BM");
    if (!qpdf_oh_is_dictionary(q, d))
      continue;
    if (!qpdf_oh_is_null(q, smask) && !qpdf_oh_is_name_and_equals(q, smask, "/None"))
      found = 1;
    else if (!qpdf_oh_is_null(q, bm) && !qpdf_oh_is_name_and_equals(q, bm, "/Normal") &&
             !qpdf_oh_is_name_and_equals(q, bm, "/Compatible"))
      found = 1;
    else if (!is_opaque_alpha(q, d, "/ca") || !is_opaque_alpha(q, d, "/CA"))
      found = 1;
    else if (qpdf_oh_has_key(q, d, "/Resources"))
      found = resources_transparent(q, qpdf_oh_get_key(q, d, "/Resources"), depth + 1);
    else if (qpdf_oh_has_key(q, d, "/ExtGState")) /* a shading pattern's */
      found = resources_transparent(q, d, depth + 1);
  }
  free(items);
  return found;
}

static int resources_transparent(qpdf_data q, qpdf_oh res, int depth)
{
  if (depth > MAX_RESOURCE_DEPTH)
    return 1;
  if (!qpdf_oh_is_dictionary(q, res))
    return 0;
  return category_transparent(q, res, "/ExtGState", depth) ||
         category_transparent(q, res, "/XObject", depth) ||
         category_transparent(q, res, "/Pattern", depth);
}

/* The form XObjects finished already, by object number: a form every
 * page shows (an ornament) is one object, finished once rather than once
 * per page. */
typedef struct form_set {
  int *ids; /* owned, sorted */
  int n, cap;
} form_set;

/* Adds object `id`; returns 0 when it was there already. */
static int form_set_add(form_set *fs, int id)
{
  int lo = 0, hi = fs->n;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (fs->ids[mid] == id)
      return 0;
    if (fs->ids[mid] < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (fs->n == fs->cap) {
    fs->cap = fs->cap ? 2 * fs->cap : 16;
    fs->ids = galley_xreallocarray(fs->ids, (size_t)fs->cap, sizeof *fs->ids);
  }
  memmove(fs->ids + lo + 1, fs->ids + lo, (size_t)(fs->n - lo) * sizeof *fs->ids);
  fs->ids[lo] = id;
  fs->n++;
  return 1;
}

/* Grays the content of the forms among `res`'s XObjects and drops the
 * group of those with nothing transparent inside; a form in `done` is
 * left alone, and each form finished is added to it. */
static void finish_forms(qpdf_data q, qpdf_oh res, form_set *done, int depth)
{
  qpdf_oh *items;
  int n, i;
  if (depth > MAX_RESOURCE_DEPTH)
    return;
  items = dict_values(q, qpdf_oh_get_key(q, res, "/XObject"), &n);
  for (i = 0; i < n; i++) {
    qpdf_oh d;
    int id;
    if (!qpdf_oh_is_stream(q, items[i]))
      continue;
    d = qpdf_oh_get_dict(q, items[i]);
    if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, d, "/Subtype"), "/Form"))
      continue;
    id = qpdf_oh_get_object_id(q, items[i]);
    if (id > 0 && !form_set_add(done, id))
      continue; /* finished, through another page */
    rewrite_stream(q, items[i], 0);
    finish_forms(q, qpdf_oh_get_key(q, d, "/Resources"), done, depth + 1);
    if (qpdf_oh_has_key(q, d, "/Group") &&
        !resources_transparent(q, qpdf_oh_get_key(q, d, "/Resources"), 0))
      qpdf_oh_remove_key(q, d, "/Group");
  }
  free(items);
}

/* ------------------------------------------------------------------ */
/* Structure: alternate text of figures                                */
/* ------------------------------------------------------------------ */

static void set_alts(qpdf_data q, qpdf_oh elem, char *const *alts, int n_alts,
                     int *io_next, int depth)
{
  qpdf_oh k;
  int i, n;
  if (depth > MAX_STRUCT_DEPTH || *io_next >= n_alts)
    return;
  if (qpdf_oh_is_array(q, elem)) {
    n = qpdf_oh_get_array_n_items(q, elem);
    for (i = 0; i < n; i++)
      set_alts(q, qpdf_oh_get_array_item(q, elem, i), alts, n_alts, io_next, depth + 1);
    return;
  }
  if (!qpdf_oh_is_dictionary(q, elem))
    return;
  if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, elem, "/S"), "/Figure")) {
    const char *alt = alts[(*io_next)++];
    if (alt && *alt)
      qpdf_oh_replace_key(q, elem, "/Alt", qpdf_oh_new_unicode_string(q, alt));
    return;
  }
  k = qpdf_oh_get_key(q, elem, "/K");
  if (qpdf_oh_is_array(q, k) || qpdf_oh_is_dictionary(q, k))
    set_alts(q, k, alts, n_alts, io_next, depth + 1);
}

/* Gives each TH element the table attribute /Scope /Column (PDF 1.7,
 * 14.8.5.7): a header cell heads its column, as the EPUB's th
 * scope="col" says. */
static void set_scopes(qpdf_data q, qpdf_oh elem, int depth)
{
  qpdf_oh k;
  int i, n;
  if (depth > MAX_STRUCT_DEPTH)
    return;
  if (qpdf_oh_is_array(q, elem)) {
    n = qpdf_oh_get_array_n_items(q, elem);
    for (i = 0; i < n; i++)
      set_scopes(q, qpdf_oh_get_array_item(q, elem, i), depth + 1);
    return;
  }
  if (!qpdf_oh_is_dictionary(q, elem))
    return;
  if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, elem, "/S"), "/TH")) {
    qpdf_oh_replace_key(q, elem, "/A", qpdf_oh_parse(q, "<< /O /Table /Scope /Column >>"));
    return;
  }
  k = qpdf_oh_get_key(q, elem, "/K");
  if (qpdf_oh_is_array(q, k) || qpdf_oh_is_dictionary(q, k))
    set_scopes(q, k, depth + 1);
}

/* ------------------------------------------------------------------ */
/* The pass                                                            */
/* ------------------------------------------------------------------ */

/* A language tag as /Lang takes it (RFC 3066 letters, digits and
 * hyphens, starting with a letter); else NULL. */
static const char *pdf_lang(const char *lang)
{
  size_t i, n;
  if (!lang || !*lang)
    return "en"; /* as the EPUB's dc:language */
  n = strlen(lang);
  if (n > 35 || !((lang[0] | 0x20) >= 'a' && (lang[0] | 0x20) <= 'z'))
    return NULL;
  for (i = 0; i < n; i++) {
    char c = (char)(lang[i] | 0x20);
    if (!((c >= 'a' && c <= 'z') || (lang[i] >= '0' && lang[i] <= '9') || lang[i] == '-'))
      return NULL;
  }
  return lang;
}

FILE *pdf_spool_open(char path[32])
{
  FILE *f = tmpfile();
  if (!f)
    return NULL;
  snprintf(path, 32, "/proc/self/fd/%d", fileno(f));
  if (access(path, R_OK | W_OK) != 0) {
    fclose(f);
    return NULL;
  }
  return f;
}

/* Sends file `f`, from its start, to `sink`. */
static galley_status send_file(FILE *f, const galley_sink *sink, galley_error *err)
{
  unsigned char chunk[64 * 1024];
  size_t n;
  galley_status st = GALLEY_OK;
  rewind(f);
  while (st == GALLEY_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
    st = sink->write(sink->ctx, chunk, n, err);
  if (st == GALLEY_OK && ferror(f))
    st = galley_error_set(err, GALLEY_ERR_CANTCREAT, 0,
                          "cannot read back the temporary PDF file");
  return st;
}

/* 1 when file `f` ends as qpdf ends a PDF it has written whole. qpdf
 * does not report every failed write to a file (a buffer that cannot be
 * flushed at the end is let go), so a file cut short by a full disk or
 * a size limit is told by its end. */
static int ends_whole(FILE *f)
{
  char tail[7];
  if (fseek(f, -6, SEEK_END) != 0 || fread(tail, 1, 6, f) != 6)
    return 0;
  tail[6] = '\0';
  return strcmp(tail, "%%EOF\n") == 0;
}

/* Cairo's PDF mapped for qpdf to read (map_file), or nothing. */
typedef struct mapped_pdf {
  void *addr; /* owned: the mapping, or NULL */
  size_t len;
} mapped_pdf;

/* Lets the pages of the mapping qpdf has read go: a page read again
 * comes back from the page cache (a minor fault). Held, every page qpdf
 * touched would count in the resident memory, so the peak would grow
 * with the pages of the book (11 MB at the 4 MB book); called between
 * batches of pages and as qpdf reports its progress in writing. */
static void drop_mapped(const mapped_pdf *m)
{
#ifdef MADV_DONTNEED
  if (m && m->addr)
    madvise(m->addr, m->len, MADV_DONTNEED);
#else
  (void)m;
#endif
}

static void write_progress(int percent, void *data)
{
  (void)percent;
  drop_mapped(data);
}

/* Writes the PDF `q` holds to the file at `path`, or into qpdf's memory
 * when `path` is NULL, letting go of the pages of `m` (NULL: none) as it
 * goes. Returns 1 when it is written. */
static int write_pdf(qpdf_data q, const char *path, mapped_pdf *m)
{
  if ((path ? qpdf_init_write(q, path) : qpdf_init_write_memory(q)) & QPDF_ERRORS)
    return 0;
  if (m && m->addr)
    qpdf_register_progress_reporter(q, write_progress, m);
  qpdf_set_deterministic_ID(q, QPDF_TRUE);
  qpdf_set_compress_streams(q, QPDF_TRUE);
  /* The structure tree is a few small objects per paragraph: packed in
   * compressed object streams (PDF 1.5, the version Cairo declares). */
  qpdf_set_object_stream_mode(q, qpdf_o_generate);
  return !(qpdf_write(q) & QPDF_ERRORS);
}

/* Maps file `path` for reading; its size in *out_len. NULL when it
 * cannot be (the caller then has qpdf read the file). qpdf reads a PDF
 * object by object, seeking to each: from a file every seek and tell is
 * a system call (a fifth of writing the file), from memory none. The
 * mapping is of the page cache, not a copy. */
static void *map_file(const char *path, size_t *out_len)
{
  struct stat st;
  void *m;
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return NULL;
  if (fstat(fd, &st) != 0 || st.st_size <= 0) {
    close(fd);
    return NULL;
  }
  m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (m == MAP_FAILED)
    return NULL;
  *out_len = (size_t)st.st_size;
  return m;
}

galley_status pdf_finish(pdf_ctx *ctx, const char *pdf, size_t len, const char *path,
                         const galley_sink *sink, galley_error *err)
{
  qpdf_data q = qpdf_init();
  qpdf_oh root, tree;
  const char *lang = pdf_lang(galley_meta_get(galley_doc_get_meta(ctx->doc), "language"));
  galley_status st = GALLEY_OK;
  int i, n_pages, next_alt = 0;
  stream_job *jobs;
  char out_path[32];
  FILE *out = NULL;
  form_set forms = {NULL, 0, 0}; /* owned: its ids */
  mapped_pdf mapped = {NULL, 0}; /* owned: `path` mapped, unmapped after qpdf */

  qpdf_silence_errors(q);
  qpdf_set_suppress_warnings(q, QPDF_TRUE);
  if (path && (mapped.addr = map_file(path, &mapped.len)) != NULL) {
    pdf = mapped.addr;
    len = mapped.len;
    path = NULL;
  }
  if ((path ? qpdf_read(q, path, NULL)
            : qpdf_read_memory(q, "PDF", pdf, (unsigned long long)len, NULL)) &
      QPDF_ERRORS)
    goto fail;
  root = qpdf_get_root(q);
  if (lang)
    qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_string(q, lang));
  tree = qpdf_oh_get_key(q, root, "/StructTreeRoot");
  if (qpdf_oh_is_dictionary(q, tree))
    set_alts(q, qpdf_oh_get_key(q, tree, "/K"), ctx->figure_alts, ctx->n_figure_alts,
             &next_alt, 0);
  if (qpdf_oh_is_dictionary(q, tree) && ctx->n_tables > 0)
    set_scopes(q, qpdf_oh_get_key(q, tree, "/K"), 0);

  /* Pages in batches: their content streams read from qpdf, rewritten
   * and deflated on the layout threads' count of threads, written back;
   * then the batch's handles are let go. */
  n_pages = qpdf_get_num_pages(q);
  jobs = galley_xcalloc(FINISH_BATCH, sizeof *jobs);
  for (i = 0; i < n_pages;) {
    int n_jobs = 0, k;
    for (; i < n_pages && n_jobs < FINISH_BATCH; i++) {
      qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
      qpdf_oh media = qpdf_oh_get_key(q, page, "/MediaBox");
      qpdf_oh contents = qpdf_oh_get_key(q, page, "/Contents");
      qpdf_oh res = qpdf_oh_get_key(q, page, "/Resources");
      int n;
      if (qpdf_oh_is_array(q, media)) {
        qpdf_oh_replace_key(q, page, "/TrimBox", media);
        qpdf_oh_replace_key(q, page, "/BleedBox", media);
      }
      if (qpdf_oh_is_stream(q, contents)) {
        n_jobs += job_read(q, contents, 1, &jobs[n_jobs]);
      } else if (qpdf_oh_is_array(q, contents)) {
        n = qpdf_oh_get_array_n_items(q, contents);
        /* A page of more streams than a batch holds is done alone. */
        for (k = 0; k < n; k++)
          if (n_jobs < FINISH_BATCH)
            n_jobs += job_read(q, qpdf_oh_get_array_item(q, contents, k), 1, &jobs[n_jobs]);
          else
            rewrite_stream(q, qpdf_oh_get_array_item(q, contents, k), 1);
      }
      finish_forms(q, res, &forms, 0);
      if (qpdf_oh_has_key(q, page, "/Group") && !resources_transparent(q, res, 0))
        qpdf_oh_remove_key(q, page, "/Group");
    }
    galley_parallel_for(n_jobs, ctx->threads, run_job, jobs);
    for (k = 0; k < n_jobs; k++)
      job_write(q, &jobs[k]);
    qpdf_oh_release_all(q);
    drop_mapped(&mapped);
  }
  free(jobs);
  if (qpdf_has_error(q))
    goto fail;

  /* Into a temporary file; into memory where there is none, or it
   * cannot be written (a full disk, a file size limit). */
  out = pdf_spool_open(out_path);
  if (out && !(write_pdf(q, out_path, &mapped) && ends_whole(out))) {
    qpdf_get_error(q); /* cleared: written again below */
    fclose(out);
    out = NULL;
  }
  if (!out && !write_pdf(q, NULL, &mapped))
    goto fail;
  if (out)
    st = send_file(out, sink, err);
  else
    st = sink->write(sink->ctx, qpdf_get_buffer(q), qpdf_get_buffer_length(q), err);
  if (st != GALLEY_OK && ctx->status == GALLEY_OK)
    ctx->status = st; /* the sink has filled err */
  goto done;

fail:
  st = pdf_fail(ctx, GALLEY_ERR_INTERNAL, "qpdf: %s",
                qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q))
                                  : "cannot rewrite the PDF");
done:
  qpdf_cleanup(&q); /* closes qpdf's own handle on `out` first */
  if (out)
    fclose(out);
  if (mapped.addr)
    munmap(mapped.addr, mapped.len);
  free(forms.ids);
  return st;
}
