/* pdf_finish.c: what Cairo 1.16 cannot say, added to the finished PDF.
 *
 * Cairo's PDF surface has no API for the document language, the page
 * boxes a printer trims and bleeds to, or a figure's alternate text, and
 * it writes every solid colour as DeviceRGB ("r g b rg") and every page as
 * a transparency group whether or not anything on it is transparent. So
 * the PDF Cairo writes (kept in a temporary file, mapped, or in memory)
 * is read back object by object (pdf_object.c) and written out again,
 * in one pass and straight to the sink, with:
 *
 *   - /Lang in the catalog, the document's language (PDF 1.7, 14.9.2);
 *   - the page labels, which Cairo 1.16 leaves empty (12.4.2);
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
 *     flatten an opaque page;
 *   - every content stream, and every other stream Cairo left
 *     unfiltered, deflated by libdeflate, on as many threads as there are;
 *   - the objects that are not streams (the structure tree is most of
 *     them) packed in compressed object streams, and a cross-reference
 *     stream (7.5.7, 7.5.8) whose /ID is the MD5 of the bytes before it,
 *     so the bytes are a function of the input.
 *
 * Every object is read once before a byte is written, so the file is
 * either written whole or the pass fails before it starts. Until this
 * pass, libqpdf did the same work: it parsed the whole file into objects
 * and held them, which made the peak memory grow with the book. */
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

#include <glib.h>
#include <libdeflate.h>
#include <zlib.h>

#include "pdf_object.h"
#include "pdf_private.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/parallel.h"

/* Deeper nesting of forms and patterns than this is taken as
 * transparent (and a reference cycle cannot loop). */
#define MAX_RESOURCE_DEPTH 8
/* Page and structure trees deeper than this are not walked further. */
#define MAX_STRUCT_DEPTH 64
/* Content streams rewritten in parallel at a time: bounds what is held
 * at once. */
#define FINISH_BATCH 128

static const char *pdf_lang(const char *lang);

/* ------------------------------------------------------------------ */
/* Content streams: neutral colours in DeviceGray                      */
/* ------------------------------------------------------------------ */

typedef struct token {
  size_t start, len; /* bytes of the content stream */
  int is_number;
} token;

/* Skips the token at `i` and returns the offset past it. Strings,
 * names, dictionaries and arrays are skipped whole or by their brackets;
 * what matters is that a string's bytes are never read as operators. */
static size_t skip_token(const unsigned char *s, size_t n, size_t i)
{
  if (s[i] == '(') {
    size_t end = pdf_skip_literal(s, n, i);
    return end ? end : n;
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
  while (i < n && !pdf_is_white(s[i]) && !pdf_is_delim(s[i]))
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
    if (pdf_is_white(s[i])) {
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
      while (k + 3 <= n && !(s[k] == 'I' && s[k + 1] == 'D' && pdf_is_white(s[k + 2])))
        k++;
      k += 3;
      while (k + 2 <= n && !(pdf_is_white(s[k - 1]) && s[k] == 'E' && s[k + 1] == 'I' &&
                             (k + 2 == n || pdf_is_white(s[k + 2]))))
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

/* ------------------------------------------------------------------ */
/* Content streams, rewritten on several threads                       */
/* ------------------------------------------------------------------ */

/* One content stream to rewrite. What a job computes depends on nothing
 * but its own input, so the bytes are the same for any thread count. */
typedef struct stream_job {
  const unsigned char *in; /* borrowed: the stream's data as stored */
  size_t in_len;
  int deflated;            /* 1: `in` is /FlateDecode; 0: unfiltered */
  int content;             /* 1: a content stream to rewrite; 0: an
                              unfiltered stream to deflate, nothing else */
  int artifacts;
  int changed;             /* 1: written from `z` or `out`, not `in` */
  galley_buf out;          /* owned: the rewritten content */
  unsigned char *z;        /* owned: `out` deflated, or NULL */
  size_t zlen;
} stream_job;

/* Inflates `n` bytes at `s` into `out`. Returns 0 when they are not a
 * whole zlib stream (the stream is then left as it is). */
static int inflate_all(const unsigned char *s, size_t n, galley_buf *out)
{
  z_stream zs;
  unsigned char chunk[64 * 1024];
  int rc;
  memset(&zs, 0, sizeof zs);
  if (n > UINT_MAX || inflateInit(&zs) != Z_OK)
    return 0;
  zs.next_in = (Bytef *)s;
  zs.avail_in = (uInt)n;
  do {
    zs.next_out = chunk;
    zs.avail_out = sizeof chunk;
    rc = inflate(&zs, Z_NO_FLUSH);
    galley_buf_put(out, chunk, sizeof chunk - zs.avail_out);
  } while (rc == Z_OK);
  inflateEnd(&zs);
  return rc == Z_STREAM_END;
}

/* Deflates `n` bytes at `s` into a new zlib stream (NULL when
 * libdeflate's memory runs out); its length in *out_len. libdeflate's
 * level 6 rather than zlib's: on the content of the 1 MB bench book it
 * takes half the time (55 ms against 110 ms for 4.1 MB) and comes out 3 %
 * smaller. */
static unsigned char *deflate_all(const void *s, size_t n, size_t *out_len)
{
  struct libdeflate_compressor *c = libdeflate_alloc_compressor(6);
  size_t bound, len;
  unsigned char *z;
  if (!c)
    return NULL;
  bound = libdeflate_zlib_compress_bound(c, n);
  z = galley_xmalloc(bound);
  len = libdeflate_zlib_compress(c, s, n, z, bound);
  libdeflate_free_compressor(c);
  if (len == 0) {
    free(z);
    return NULL;
  }
  *out_len = len;
  return z;
}

/* Bytes "/Filter /FlateDecode " adds to a stream's dictionary. */
#define FILTER_ENTRY_LEN 21

/* Inflates, rewrites and deflates one job; deflates an unfiltered
 * stream. Every content stream comes out of libdeflate, whether Cairo
 * deflated it or not (CAIRO_DEBUG_PDF, which galley's program sets: see
 * galley.h), so the bytes do not depend on which. Held deflated until
 * written: held inflated, the content of a 2,000-page book took 70 MB. */
static void job_run(stream_job *job)
{
  galley_buf plain = GALLEY_BUF_INIT;
  const unsigned char *s = job->in;
  size_t n = job->in_len;
  if (job->deflated) {
    if (!inflate_all(job->in, job->in_len, &plain)) {
      galley_buf_free(&plain);
      return;
    }
    s = (const unsigned char *)plain.ptr;
    n = plain.len;
  }
  if (s && job->content && rewrite_content(s, n, job->artifacts, &job->out)) {
    s = (const unsigned char *)job->out.ptr;
    n = job->out.len;
    job->changed = 1;
  }
  if (s && (job->deflated || n > FILTER_ENTRY_LEN + 6)) {
    job->z = deflate_all(s, n, &job->zlen);
    /* what deflating does not make smaller stays as it is */
    if (job->z && !job->deflated && job->zlen + FILTER_ENTRY_LEN >= n) {
      free(job->z);
      job->z = NULL;
    }
  }
  if (job->z) {
    job->changed = 1;
    galley_buf_free(&job->out); /* written from z */
  }
  galley_buf_free(&plain);
}

static void job_free(stream_job *job)
{
  free(job->z);
  galley_buf_free(&job->out);
  memset(job, 0, sizeof *job);
}

static void run_job(void *jobs, int i)
{
  job_run(&((stream_job *)jobs)[i]);
}

/* A batch of jobs: the content streams of the next objects, rewritten by
 * helper threads while the calling thread writes the objects of the
 * batch before, and by the calling thread too once it has written them
 * (galley_parallel_finish). */
typedef struct job_batch {
  stream_job *jobs;     /* owned, FINISH_BATCH of them */
  long *nums;           /* owned: each job's object number */
  int n;
  galley_parallel run;  /* the jobs being run */
} job_batch;

static void batch_clear(job_batch *b)
{
  int k;
  for (k = 0; k < b->n; k++)
    job_free(&b->jobs[k]);
  b->n = 0;
}

/* ------------------------------------------------------------------ */
/* What each object needs                                              */
/* ------------------------------------------------------------------ */

enum {
  F_BOXES = 1 << 0,      /* a page: TrimBox and BleedBox */
  F_DROP_GROUP = 1 << 1, /* a page or form: its /Group goes */
  F_CONTENT = 1 << 2,    /* a content stream to rewrite */
  F_ARTIFACTS = 1 << 3,  /* ... a page's: unmarked drawing as Artifacts */
  F_CATALOG = 1 << 4,    /* /Lang */
  F_FIGURE = 1 << 5,     /* /Alt, figure_alts[alt] */
  F_TH = 1 << 6,         /* /A << /Scope /Column >> */
  F_VISITED = 1 << 7,    /* a page-tree node or form looked at */
  F_DEFLATE = 1 << 8     /* a stream without a filter: to deflate */
};

/* What an object is, for the order of the finished file. */
enum { K_NONE, K_PLAIN, K_ELEM, K_STREAM };

typedef struct obj_info {
  unsigned short flags;
  unsigned char kind;      /* K_*: K_ELEM a structure element */
  unsigned char is_length; /* holds a stream's /Length: written direct */
  int alt;
} obj_info;

/* The finishing pass: the file Cairo wrote, what each object needs,
 * and the writer of the finished file. */
typedef struct finisher {
  pdf_ctx *ctx;
  pdf_file file;       /* owned: the cross-reference of Cairo's file */
  obj_info *info;      /* owned: by object number */
  long *renumber;      /* owned: the number each object is written under */
  long first_new;      /* the first number for an object made here */
  const char *why;     /* what cannot be read, or NULL */
  int next_alt;
  long labels;         /* the page-label tree Cairo wrote, or 0 */
  void *mapped;        /* borrowed: Cairo's file mapped, or NULL */
  size_t mapped_len;
  long n_read;         /* objects read by the walks (read_one) */
} finisher;

/* Lets the pages of Cairo's mapped file that have been read go: a page
 * read again comes back from the page cache (a minor fault). Held, every
 * page read would count in the resident memory, so the peak would grow
 * with the pages of the book. */
static void drop_mapped(void *addr, size_t len)
{
#ifdef MADV_DONTNEED
  if (addr)
    madvise(addr, len, MADV_DONTNEED);
#else
  (void)addr;
  (void)len;
#endif
}

/* Counts an object read from Cairo's mapped file, and lets the pages read
 * go every so many: the walks of the objects, the page tree and the
 * structure tree read a little of many pages of the file (a stream's
 * end, a page's dictionary beside its content), which held would make
 * the peak grow with the book (by 2.5 MB per MB of text with Cairo's
 * content streams unfiltered). */
static void read_one(finisher *fz)
{
  if (++fz->n_read % 512 == 0)
    drop_mapped(fz->mapped, fz->mapped_len);
}

/* Value `v` of `p`, or when it is a reference, the object it names
 * parsed into `tmp` (its root: a stream's dictionary). Returns the
 * value's index in *out_p, or -1. */
static int resolve(finisher *fz, const pdf_parse *p, int v, pdf_parse *tmp,
                   const pdf_parse **out_p)
{
  *out_p = p;
  if (v < 0 || p->v[v].kind != PDFV_REF)
    return v;
  *out_p = tmp;
  return pdf_parse_object(&fz->file, p->v[v].ref, tmp) ? 0 : -1;
}

static int resources_transparent(finisher *fz, const pdf_parse *p, int res, int depth);

/* 1 when a dictionary of resources of one kind (ExtGState, XObject,
 * Pattern) holds something transparent: a soft mask, a blend mode, an
 * alpha below 1, or resources of its own that do. */
static int category_transparent(finisher *fz, const pdf_parse *p, int res,
                                const char *category, int depth)
{
  const pdf_file *f = &fz->file;
  pdf_parse cat_tmp = PDF_PARSE_INIT, item_tmp = PDF_PARSE_INIT;
  const pdf_parse *cp, *ip;
  int cat = resolve(fz, p, pdfv_get(f, p, res, category), &cat_tmp, &cp);
  int c, found = 0;
  if (cat >= 0 && cp->v[cat].kind == PDFV_DICT)
    for (c = cp->v[cat].first; c >= 0 && !found; c = cp->v[cp->v[c].next].next) {
      int d = resolve(fz, cp, cp->v[c].next, &item_tmp, &ip), v;
      double a;
      if (d < 0 || ip->v[d].kind != PDFV_DICT)
        continue;
      if ((v = pdfv_get(f, ip, d, "/SMask")) >= 0 && !pdfv_is_name(f, ip, v, "/None"))
        found = 1;
      else if ((v = pdfv_get(f, ip, d, "/BM")) >= 0 && !pdfv_is_name(f, ip, v, "/Normal") &&
               !pdfv_is_name(f, ip, v, "/Compatible"))
        found = 1;
      else if (((v = pdfv_get(f, ip, d, "/ca")) >= 0 && !(pdfv_number(f, ip, v, &a) && a >= 1)) ||
               ((v = pdfv_get(f, ip, d, "/CA")) >= 0 && !(pdfv_number(f, ip, v, &a) && a >= 1)))
        found = 1;
      else if ((v = pdfv_get(f, ip, d, "/Resources")) >= 0) {
        pdf_parse r_tmp = PDF_PARSE_INIT;
        const pdf_parse *rp;
        int r = resolve(fz, ip, v, &r_tmp, &rp);
        found = r >= 0 && resources_transparent(fz, rp, r, depth + 1);
        pdf_parse_free(&r_tmp);
      } else if (pdfv_get(f, ip, d, "/ExtGState") >= 0) { /* a shading pattern's */
        found = resources_transparent(fz, ip, d, depth + 1);
      }
    }
  pdf_parse_free(&cat_tmp);
  pdf_parse_free(&item_tmp);
  return found;
}

static int resources_transparent(finisher *fz, const pdf_parse *p, int res, int depth)
{
  if (depth > MAX_RESOURCE_DEPTH)
    return 1;
  if (res < 0 || p->v[res].kind != PDFV_DICT)
    return 0;
  return category_transparent(fz, p, res, "/ExtGState", depth) ||
         category_transparent(fz, p, res, "/XObject", depth) ||
         category_transparent(fz, p, res, "/Pattern", depth);
}

/* Marks the forms among the XObjects of resources `res` (of `p`) to be
 * rewritten, and their groups to go when nothing inside is transparent;
 * each form once, however many pages show it. */
static void mark_forms(finisher *fz, const pdf_parse *p, int res, int depth)
{
  const pdf_file *f = &fz->file;
  pdf_parse x_tmp = PDF_PARSE_INIT, form = PDF_PARSE_INIT, r_tmp = PDF_PARSE_INIT;
  const pdf_parse *xp, *rp;
  int xobj, c;
  if (depth > MAX_RESOURCE_DEPTH || res < 0)
    return;
  xobj = resolve(fz, p, pdfv_get(f, p, res, "/XObject"), &x_tmp, &xp);
  if (xobj >= 0 && xp->v[xobj].kind == PDFV_DICT)
    for (c = xp->v[xobj].first; c >= 0; c = xp->v[xp->v[c].next].next) {
      const pdfv *ref = &xp->v[xp->v[c].next];
      int r;
      if (ref->kind != PDFV_REF || ref->ref <= 0 || ref->ref >= f->size ||
          (fz->info[ref->ref].flags & F_VISITED))
        continue;
      fz->info[ref->ref].flags |= F_VISITED;
      if (!pdf_parse_object(f, ref->ref, &form) || !form.is_stream ||
          !pdfv_is_name(f, &form, pdfv_get(f, &form, 0, "/Subtype"), "/Form"))
        continue;
      fz->info[ref->ref].flags |= F_CONTENT;
      r = resolve(fz, &form, pdfv_get(f, &form, 0, "/Resources"), &r_tmp, &rp);
      if (r >= 0)
        mark_forms(fz, rp, r, depth + 1);
      if (pdfv_get(f, &form, 0, "/Group") >= 0 && !(r >= 0 && resources_transparent(fz, rp, r, 0)))
        fz->info[ref->ref].flags |= F_DROP_GROUP;
    }
  pdf_parse_free(&x_tmp);
  pdf_parse_free(&form);
  pdf_parse_free(&r_tmp);
}

static void mark_content(finisher *fz, const pdfv *ref)
{
  if (ref->kind == PDFV_REF && ref->ref > 0 && ref->ref < fz->file.size)
    fz->info[ref->ref].flags |= F_CONTENT | F_ARTIFACTS;
}

/* Walks the page tree from node `num`, marking each page's needs. */
static void mark_pages(finisher *fz, long num, int depth)
{
  const pdf_file *f = &fz->file;
  pdf_parse p = PDF_PARSE_INIT, r_tmp = PDF_PARSE_INIT;
  const pdf_parse *rp;
  int kids, v, r, c;
  if (depth > MAX_STRUCT_DEPTH || num <= 0 || num >= f->size ||
      (fz->info[num].flags & F_VISITED) || !pdf_parse_object(f, num, &p))
    goto done;
  fz->info[num].flags |= F_VISITED;
  read_one(fz);
  kids = pdfv_get(f, &p, 0, "/Kids");
  if (kids >= 0 && p.v[kids].kind == PDFV_ARRAY) {
    for (c = p.v[kids].first; c >= 0; c = p.v[c].next)
      if (p.v[c].kind == PDFV_REF)
        mark_pages(fz, p.v[c].ref, depth + 1);
    goto done;
  }
  if ((v = pdfv_get(f, &p, 0, "/MediaBox")) >= 0 && p.v[v].kind == PDFV_ARRAY)
    fz->info[num].flags |= F_BOXES;
  if ((v = pdfv_get(f, &p, 0, "/Contents")) >= 0) {
    if (p.v[v].kind == PDFV_ARRAY)
      for (c = p.v[v].first; c >= 0; c = p.v[c].next)
        mark_content(fz, &p.v[c]);
    else
      mark_content(fz, &p.v[v]);
  }
  r = resolve(fz, &p, pdfv_get(f, &p, 0, "/Resources"), &r_tmp, &rp);
  if (r >= 0)
    mark_forms(fz, rp, r, 0);
  if (pdfv_get(f, &p, 0, "/Group") >= 0 && !(r >= 0 && resources_transparent(fz, rp, r, 0)))
    fz->info[num].flags |= F_DROP_GROUP;
done:
  pdf_parse_free(&p);
  pdf_parse_free(&r_tmp);
}

/* Walks the structure tree from value `v` of `p` in document order:
 * each Figure takes the next alternate text (and is not looked into),
 * each TH is marked for its /Scope. Only elements that are objects of
 * their own can be; Cairo writes every element so. */
static void mark_structure(finisher *fz, const pdf_parse *p, int v, long num, int depth)
{
  const pdf_file *f = &fz->file;
  pdf_parse tmp = PDF_PARSE_INIT;
  int c, s;
  if (depth > MAX_STRUCT_DEPTH || v < 0)
    return;
  if (p->v[v].kind == PDFV_REF) {
    long ref = p->v[v].ref;
    if (ref > 0 && ref < f->size && !(fz->info[ref].flags & F_VISITED) &&
        pdf_parse_object(f, ref, &tmp) && !tmp.is_stream) {
      fz->info[ref].flags |= F_VISITED;
      read_one(fz);
      mark_structure(fz, &tmp, 0, ref, depth + 1);
    }
    pdf_parse_free(&tmp);
    return;
  }
  if (p->v[v].kind == PDFV_ARRAY) {
    for (c = p->v[v].first; c >= 0; c = p->v[c].next)
      mark_structure(fz, p, c, 0, depth + 1);
    return;
  }
  if (p->v[v].kind != PDFV_DICT)
    return;
  s = pdfv_get(f, p, v, "/S");
  if (pdfv_is_name(f, p, s, "/Figure")) {
    if (num > 0 && v == 0 && fz->next_alt < fz->ctx->n_figure_alts) {
      fz->info[num].flags |= F_FIGURE;
      fz->info[num].alt = fz->next_alt;
    }
    fz->next_alt++;
    return;
  }
  if (pdfv_is_name(f, p, s, "/TH") && num > 0 && v == 0)
    fz->info[num].flags |= F_TH;
  mark_structure(fz, p, pdfv_get(f, p, v, "/K"), 0, depth + 1);
}

/* Numbers the objects to be written: those packed in object streams
 * first (the structure's elements after the rest), then the streams,
 * each kind in the order of Cairo's numbers. The cross-reference stream
 * is then runs of like entries (an object stream and a place one more
 * than the last; an offset a little past the last), which its predictor
 * and deflate take to almost nothing. */
static void number_objects(finisher *fz)
{
  pdf_file *f = &fz->file;
  long num, next = 1;
  int kind;
  fz->renumber = galley_xcalloc((size_t)f->size, sizeof *fz->renumber);
  for (kind = K_PLAIN; kind <= K_STREAM; kind++)
    for (num = 1; num < f->size; num++)
      if (f->offset[num] != 0 && !fz->info[num].is_length && fz->info[num].kind == kind)
        fz->renumber[num] = next++;
  fz->first_new = next;
  f->renumber = fz->renumber;
}

/* Reads every object once (so that writing cannot meet one it cannot
 * read), notes the objects that only hold a stream's length, and marks
 * what the pages, forms, catalog and structure need. Returns 0 with
 * fz->why set when the file cannot be read. */
static int mark_objects(finisher *fz)
{
  pdf_file *f = &fz->file;
  pdf_parse p = PDF_PARSE_INIT;
  long num;
  int v;
  for (num = 1; num < f->size; num++) {
    if (f->offset[num] != 0)
      read_one(fz);
    if (f->offset[num] == 0)
      continue;
    if (!pdf_parse_object(f, num, &p)) {
      fz->why = "an object that cannot be read";
      pdf_parse_free(&p);
      return 0;
    }
    if (p.length_ref > 0 && p.length_ref < f->size)
      fz->info[p.length_ref].is_length = 1;
    fz->info[num].kind =
        p.is_stream ? K_STREAM
        : pdfv_is_name(f, &p, pdfv_get(f, &p, 0, "/Type"), "/StructElem") ? K_ELEM
                                                                           : K_PLAIN;
    /* Cairo's unfiltered streams (all of its content streams with
     * CAIRO_DEBUG_PDF, its ToUnicode maps): deflated here, on every
     * thread, but not a metadata stream, which a reader may want as it is */
    if (p.is_stream && pdfv_get(f, &p, 0, "/Filter") < 0 &&
        pdfv_get(f, &p, 0, "/DecodeParms") < 0 &&
        !pdfv_is_name(f, &p, pdfv_get(f, &p, 0, "/Type"), "/Metadata"))
      fz->info[num].flags |= F_DEFLATE;
  }
  number_objects(fz);
  if (!pdf_parse_object(f, f->root, &p) || p.v[0].kind != PDFV_DICT) {
    fz->why = "no catalog";
    pdf_parse_free(&p);
    return 0;
  }
  fz->info[f->root].flags |= F_CATALOG;
  v = pdfv_get(f, &p, 0, "/PageLabels");
  if (v >= 0 && p.v[v].kind == PDFV_REF && p.v[v].ref > 0 && p.v[v].ref < f->size &&
      f->offset[p.v[v].ref] != 0 && fz->info[p.v[v].ref].kind == K_PLAIN)
    fz->labels = p.v[v].ref;
  v = pdfv_get(f, &p, 0, "/Pages");
  if (v >= 0 && p.v[v].kind == PDFV_REF)
    mark_pages(fz, p.v[v].ref, 0);
  v = pdfv_get(f, &p, 0, "/StructTreeRoot");
  if (v >= 0 && p.v[v].kind == PDFV_REF && (fz->ctx->n_figure_alts > 0 || fz->ctx->n_tables > 0)) {
    pdf_parse tree = PDF_PARSE_INIT;
    if (pdf_parse_object(f, p.v[v].ref, &tree) && tree.v[0].kind == PDFV_DICT)
      mark_structure(fz, &tree, pdfv_get(f, &tree, 0, "/K"), 0, 0);
    pdf_parse_free(&tree);
  }
  pdf_parse_free(&p);
  return 1;
}

/* ------------------------------------------------------------------ */
/* Writing the finished file                                           */
/* ------------------------------------------------------------------ */

/* Objects packed in one object stream at most (qpdf's number). */
#define OBJSTM_MAX 100
/* Bytes held before they go to the sink. */
#define WRITE_CHUNK (256 * 1024)

typedef struct xref_entry {
  unsigned char type; /* 0 free, 1 at an offset, 2 in an object stream */
  size_t field;       /* the offset, or the object stream's number */
  int index;          /* the place in the object stream */
} xref_entry;

/* An object stream being filled. */
typedef struct objstm {
  galley_buf head; /* owned: "num offset" pairs */
  galley_buf body; /* owned: the objects */
  long objs[OBJSTM_MAX];
  int n;
} objstm;

typedef struct writer {
  const galley_sink *sink;
  galley_error *err;
  galley_status st;
  galley_buf out;      /* owned: bytes not yet sent */
  size_t pos;          /* bytes written, sent or not */
  GChecksum *md5;      /* owned: of every byte, for the /ID */
  int hashed;          /* 1: md5 is read, and takes no more bytes */
  xref_entry *xref;    /* owned: by object number */
  long n_xref;         /* entries allocated */
  long next_num;       /* the next number for a new object */
  objstm os[2];        /* owned: object streams being filled, of the
                          structure tree's elements and of the rest */
} writer;

static void w_flush(writer *w)
{
  if (w->st == GALLEY_OK && w->out.len > 0)
    w->st = w->sink->write(w->sink->ctx, (const unsigned char *)w->out.ptr, w->out.len, w->err);
  galley_buf_clear(&w->out);
}

static void w_put(writer *w, const void *data, size_t len)
{
  if (!w->hashed)
    g_checksum_update(w->md5, data, (gssize)len);
  w->pos += len;
  if (w->out.len + len > WRITE_CHUNK)
    w_flush(w);
  if (len >= WRITE_CHUNK && w->st == GALLEY_OK)
    w->st = w->sink->write(w->sink->ctx, data, len, w->err);
  else
    galley_buf_put(&w->out, data, len);
}

static void w_puts(writer *w, const char *s)
{
  w_put(w, s, strlen(s));
}

static void w_entry(writer *w, long num, int type, size_t field, int index)
{
  if (num >= w->n_xref) {
    long n = num + 1 + w->n_xref / 2;
    w->xref = galley_xreallocarray(w->xref, (size_t)n, sizeof *w->xref);
    memset(w->xref + w->n_xref, 0, (size_t)(n - w->n_xref) * sizeof *w->xref);
    w->n_xref = n;
  }
  w->xref[num].type = (unsigned char)type;
  w->xref[num].field = field;
  w->xref[num].index = index;
}

/* Writes stream object `num`: dictionary `dict` (its own /Length
 * added) and `len` bytes of data. */
static void w_stream(writer *w, long num, galley_buf *dict, const void *data, size_t len)
{
  char head[48];
  w_entry(w, num, 1, w->pos, 0);
  snprintf(head, sizeof head, "%ld 0 obj\n", num);
  w_puts(w, head);
  w_put(w, dict->ptr, dict->len);
  w_puts(w, "\nstream\n");
  w_put(w, data, len);
  w_puts(w, "\nendstream\nendobj\n");
}

/* Writes object stream `os`, if it holds anything, and empties it. */
static void w_objstm_flush(writer *w, objstm *os)
{
  galley_buf dict = GALLEY_BUF_INIT;
  unsigned char *z;
  size_t zlen = 0, first = os->head.len;
  long num;
  int i;
  if (os->n == 0)
    return;
  num = w->next_num++;
  galley_buf_put(&os->head, os->body.ptr, os->body.len);
  z = deflate_all(os->head.ptr, os->head.len, &zlen);
  galley_buf_printf(&dict, "<< /Type /ObjStm /N %d /First %zu %s/Length %zu >>", os->n, first,
                    z ? "/Filter /FlateDecode " : "", z ? zlen : os->head.len);
  w_stream(w, num, &dict, z ? (const void *)z : (const void *)os->head.ptr,
           z ? zlen : os->head.len);
  for (i = 0; i < os->n; i++)
    w_entry(w, os->objs[i], 2, (size_t)num, i);
  free(z);
  galley_buf_free(&dict);
  galley_buf_clear(&os->head);
  galley_buf_clear(&os->body);
  os->n = 0;
}

/* Adds object `num`, written in `text`, to an object stream: the
 * structure tree's elements (`elem`) to one, the rest to another, as
 * like objects deflate best together (a fifth smaller than in the order
 * of their numbers, where pages, resources and elements alternate). */
static void w_objstm_add(writer *w, long num, const galley_buf *text, int elem)
{
  objstm *os = &w->os[elem ? 0 : 1];
  galley_buf_printf(&os->head, "%ld %zu ", num, os->body.len);
  galley_buf_put(&os->body, text->ptr, text->len);
  galley_buf_putc(&os->body, '\n');
  os->objs[os->n++] = num;
  w_entry(w, num, 2, 0, 0); /* its stream's number comes at the flush */
  if (os->n == OBJSTM_MAX)
    w_objstm_flush(w, os);
}

/* Writes a text string for `utf8` as PDF takes it: literal when it is
 * printable ASCII, else UTF-16BE with its byte order mark, in hex. */
static void put_text_string(galley_buf *b, const char *utf8)
{
  const unsigned char *s = (const unsigned char *)utf8;
  gunichar2 *u;
  glong i, n = 0;
  char *valid;
  for (i = 0; s[i]; i++)
    if (s[i] < 0x20 || s[i] > 0x7e)
      break;
  if (!s[i]) {
    galley_buf_putc(b, '(');
    for (i = 0; s[i]; i++) {
      if (s[i] == '(' || s[i] == ')' || s[i] == '\\')
        galley_buf_putc(b, '\\');
      galley_buf_putc(b, s[i]);
    }
    galley_buf_putc(b, ')');
    return;
  }
  valid = g_utf8_make_valid(utf8, -1);
  u = g_utf8_to_utf16(valid, -1, NULL, &n, NULL);
  galley_buf_puts(b, "<FEFF");
  for (i = 0; u && i < n; i++)
    galley_buf_printf(b, "%04X", (unsigned)u[i]);
  galley_buf_putc(b, '>');
  g_free(u);
  g_free(valid);
}

/* The PNG passed through (pdf_image.c) whose stand-in is the stream `p`,
 * or NULL: an image whose data is, byte for byte, a stand-in made for
 * this document, its comment naming which. */
static const pdf_png_pass *png_pass_for(const finisher *fz, const pdf_parse *p)
{
  static const char tag[] = "galley PNG stand-in ";
  const pdf_ctx *ctx = fz->ctx;
  const unsigned char *d;
  const pdf_png_pass *pass;
  int index = 0, k;
  if (ctx->n_png_pass == 0 || !p->is_stream || p->data_len < 6 + sizeof tag - 1 + 8 ||
      !pdfv_is_name(&fz->file, p, pdfv_get(&fz->file, p, 0, "/Subtype"), "/Image"))
    return NULL;
  d = (const unsigned char *)fz->file.s + p->data;
  if (d[0] != 0xFF || d[1] != 0xD8 || d[2] != 0xFF || d[3] != 0xFE ||
      memcmp(d + 6, tag, sizeof tag - 1) != 0)
    return NULL;
  for (k = 0; k < 8; k++) {
    unsigned char c = d[6 + sizeof tag - 1 + k];
    if (c < '0' || c > '9')
      return NULL;
    index = index * 10 + (c - '0');
  }
  if (index >= ctx->n_png_pass)
    return NULL;
  pass = &ctx->png_pass[index];
  if ((size_t)pass->stand_in_len != p->data_len ||
      memcmp(d, pass->stand_in, (size_t)pass->stand_in_len) != 0)
    return NULL;
  return pass;
}

/* The image dictionary's entries for the PNG `pass`'s own data: its
 * colours, bits, and the zlib stream through the PNG predictors, which
 * choose per row (Predictor 15, 7.4.4.4). */
static void png_pass_entries(const pdf_png_pass *pass, galley_buf *extra)
{
  int colours = pass->colour_type == 2 ? 3 : 1, i;
  if (pass->colour_type == 3) {
    galley_buf_printf(extra, "/ColorSpace [/Indexed /DeviceRGB %d <", pass->n_plte - 1);
    for (i = 0; i < 3 * pass->n_plte; i++)
      galley_buf_printf(extra, "%02X", pass->plte[i]);
    galley_buf_puts(extra, ">] ");
  } else {
    galley_buf_puts(extra, colours == 3 ? "/ColorSpace /DeviceRGB " : "/ColorSpace /DeviceGray ");
  }
  galley_buf_printf(extra,
                    "/BitsPerComponent %d /Filter /FlateDecode /DecodeParms << /Predictor 15 "
                    "/Colors %d /BitsPerComponent %d /Columns %d >> ",
                    pass->depth, colours, pass->depth, pass->width);
}

/* Writes object `num` (parsed in `p`) with what it needs; a content
 * stream from its job `job` (NULL: none). */
static void write_object(finisher *fz, writer *w, long num, const pdf_parse *p,
                         const stream_job *job, galley_buf *text)
{
  static const char *const skip_page[] = {"/TrimBox", "/BleedBox", "/Group", NULL};
  static const char *const skip_page_boxes[] = {"/TrimBox", "/BleedBox", NULL};
  static const char *const skip_group[] = {"/Length", "/Group", NULL};
  static const char *const skip_length[] = {"/Length", NULL};
  static const char *const skip_filtered_group[] = {"/Length", "/Filter", "/DecodeParms",
                                                    "/Group", NULL};
  static const char *const skip_filtered[] = {"/Length", "/Filter", "/DecodeParms", NULL};
  static const char *const skip_png[] = {"/Length", "/Filter", "/DecodeParms", "/ColorSpace",
                                         "/BitsPerComponent", NULL};
  static const char *const skip_lang[] = {"/Lang", NULL};
  static const char *const skip_alt[] = {"/Alt", NULL};
  static const char *const skip_a[] = {"/A", NULL};
  const pdf_file *f = &fz->file;
  int flags = fz->info[num].flags;
  galley_buf extra = GALLEY_BUF_INIT;
  const char *const *skip = NULL;

  galley_buf_clear(text);
  if (p->is_stream) {
    const void *data = f->s + p->data;
    size_t len = p->data_len;
    const pdf_png_pass *png = png_pass_for(fz, p);
    skip = flags & F_DROP_GROUP ? skip_group : skip_length;
    if (png) {
      skip = skip_png;
      png_pass_entries(png, &extra);
      data = png->idat;
      len = png->idat_len;
    } else if (job && job->changed) {
      /* the filters go with the old data; /Group too when it goes */
      skip = flags & F_DROP_GROUP ? skip_filtered_group : skip_filtered;
      if (job->z)
        galley_buf_puts(&extra, "/Filter /FlateDecode ");
      data = job->z ? (const void *)job->z : (const void *)job->out.ptr;
      len = job->z ? job->zlen : job->out.len;
    }
    galley_buf_printf(&extra, "/Length %zu ", len);
    pdfv_write(f, p, 0, skip, extra.ptr, text);
    w_stream(w, fz->renumber[num], text, data, len);
    galley_buf_free(&extra);
    return;
  }
  if (flags & F_BOXES) {
    int media = pdfv_get(f, p, 0, "/MediaBox");
    int k;
    for (k = 0; k < 2; k++) {
      galley_buf_puts(&extra, k ? "/BleedBox " : "/TrimBox ");
      pdfv_write(f, p, media, NULL, NULL, &extra);
      galley_buf_putc(&extra, ' ');
    }
    skip = flags & F_DROP_GROUP ? skip_page : skip_page_boxes;
  } else if (flags & F_DROP_GROUP) {
    skip = skip_page + 2;
  } else if (flags & F_CATALOG) {
    const char *lang = pdf_lang(galley_meta_get(galley_doc_get_meta(fz->ctx->doc), "language"));
    if (lang) {
      galley_buf_printf(&extra, "/Lang (%s) ", lang);
      skip = skip_lang;
    }
  } else if (flags & F_FIGURE) {
    const char *alt = fz->ctx->figure_alts[fz->info[num].alt];
    if (alt && *alt) {
      galley_buf_puts(&extra, "/Alt ");
      put_text_string(&extra, alt);
      galley_buf_putc(&extra, ' ');
      skip = skip_alt;
    }
  } else if (flags & F_TH) {
    galley_buf_puts(&extra, "/A << /O /Table /Scope /Column >> ");
    skip = skip_a;
  }
  if (num == fz->labels) {
    /* Cairo 1.16 writes the tree as << /Nums [ ] >> whatever was set
     * (cairo_pdf_surface_set_page_label; fixed in later Cairo): the pages
     * are numbered 1, 2, 3 ... as their folios are, after a page labelled
     * "Cover" when there is one (PDF 1.7, 12.4.2) */
    if (fz->ctx->cover_pages > 0)
      galley_buf_printf(text, "<< /Nums [ 0 << /P (Cover) >> %d << /S /D >> ] >>",
                        fz->ctx->cover_pages);
    else
      galley_buf_puts(text, "<< /Nums [ 0 << /S /D >> ] >>");
  } else
    pdfv_write(f, p, 0, skip, extra.ptr, text);
  w_objstm_add(w, fz->renumber[num], text, fz->info[num].kind == K_ELEM);
  galley_buf_free(&extra);
}

/* Writes the cross-reference stream and the end of the file. */
static void write_xref(finisher *fz, writer *w)
{
  galley_buf dict = GALLEY_BUF_INIT, rows = GALLEY_BUF_INIT, raw = GALLEY_BUF_INIT;
  const char *md5;
  unsigned char *z;
  size_t zlen = 0, max_field = 0;
  long num = w->next_num++, i;
  int width = 1, k;
  char tail[64];
  unsigned char prev[11] = {0};

  w_entry(w, num, 1, w->pos, 0);
  md5 = g_checksum_get_string(w->md5); /* of every byte before this object */
  w->hashed = 1;
  for (i = 0; i <= num; i++)
    if (w->xref[i].field > max_field)
      max_field = w->xref[i].field;
  while (width < 8 && (max_field >> (8 * width)) != 0)
    width++;
  /* Rows through the PNG "Up" predictor (7.4.4.4): each byte less the
   * one above it, so that a column of offsets that grow slowly deflates
   * to little (three times less than the rows as they are). */
  for (i = 0; i <= num; i++) {
    const xref_entry *e = &w->xref[i];
    unsigned idx = i == 0 ? 65535u : (unsigned)e->index;
    unsigned char row[11];
    int n = 0;
    row[n++] = e->type;
    for (k = width - 1; k >= 0; k--)
      row[n++] = (unsigned char)((e->field >> (8 * k)) & 0xff);
    row[n++] = (unsigned char)(idx >> 8);
    row[n++] = (unsigned char)(idx & 0xff);
    galley_buf_put(&raw, row, (size_t)n);
    galley_buf_putc(&rows, 2);
    for (k = 0; k < n; k++)
      galley_buf_putc(&rows, (row[k] - prev[k]) & 0xff);
    memcpy(prev, row, sizeof row);
  }
  z = deflate_all(rows.ptr, rows.len, &zlen);
  galley_buf_printf(&dict,
                    "<< /Type /XRef /Size %ld /W [1 %d 2] /Root %ld 0 R ", num + 1, width,
                    fz->renumber[fz->file.root]);
  if (fz->file.info > 0 && fz->renumber[fz->file.info] > 0)
    galley_buf_printf(&dict, "/Info %ld 0 R ", fz->renumber[fz->file.info]);
  galley_buf_printf(&dict, "/ID [<%s><%s>] ", md5, md5);
  if (z)
    galley_buf_printf(&dict, "/Filter /FlateDecode /DecodeParms << /Columns %d /Predictor 12 >> ",
                      width + 3);
  galley_buf_printf(&dict, "/Length %zu >>", z ? zlen : raw.len);
  /* unfiltered where zlib's memory ran out: the rows as they are */
  w_stream(w, num, &dict, z ? (const void *)z : (const void *)raw.ptr, z ? zlen : raw.len);
  snprintf(tail, sizeof tail, "startxref\n%zu\n%%%%EOF\n", w->xref[num].field);
  w_puts(w, tail);
  free(z);
  galley_buf_free(&dict);
  galley_buf_free(&rows);
  galley_buf_free(&raw);
}


/* Fills `b` with the jobs of the next FINISH_BATCH streams to rewrite or
 * deflate from object *scan on, parsing them with `p`. */
static void batch_fill(finisher *fz, job_batch *b, long *scan, pdf_parse *p)
{
  const pdf_file *f = &fz->file;
  b->n = 0;
  for (; *scan < f->size && b->n < FINISH_BATCH; (*scan)++) {
    stream_job *j = &b->jobs[b->n];
    int filter;
    if (!(fz->info[*scan].flags & (F_CONTENT | F_DEFLATE)) || f->offset[*scan] == 0 ||
        !pdf_parse_object(f, *scan, p) || !p->is_stream)
      continue;
    filter = pdfv_get(f, p, 0, "/Filter");
    if (pdfv_get(f, p, 0, "/DecodeParms") >= 0 ||
        (filter >= 0 && !pdfv_is_name(f, p, filter, "/FlateDecode")))
      continue; /* left as it is */
    j->in = f->s + p->data;
    j->in_len = p->data_len;
    j->deflated = filter >= 0;
    j->content = (fz->info[*scan].flags & F_CONTENT) != 0;
    j->artifacts = (fz->info[*scan].flags & F_ARTIFACTS) != 0;
    b->nums[b->n++] = *scan;
  }
}

/* Writes every object of Cairo's file in the order of their numbers:
 * streams as they are (content streams rewritten, in batches on the
 * layout threads' count of threads), the others packed in compressed
 * object streams (PDF 1.5, the version Cairo declares: the structure
 * tree is a few small objects per paragraph), then a cross-reference
 * stream whose /ID is the MD5 of the bytes before it. */
static galley_status write_finished(finisher *fz, const galley_sink *sink, galley_error *err,
                                    void *mapped, size_t mapped_len)
{
  const pdf_file *f = &fz->file;
  writer w;
  pdf_parse p = PDF_PARSE_INIT, scan_p = PDF_PARSE_INIT;
  galley_buf text = GALLEY_BUF_INIT;
  job_batch batches[2], *cur = &batches[0], *ahead = &batches[1];
  long num, scan = 1;
  int next_job = 0, started = 0, k;
  galley_status st;

  memset(batches, 0, sizeof batches);
  for (k = 0; k < 2; k++) {
    batches[k].jobs = galley_xcalloc(FINISH_BATCH, sizeof *batches[k].jobs);
    batches[k].nums = galley_xcalloc(FINISH_BATCH, sizeof *batches[k].nums);
  }
  memset(&w, 0, sizeof w);
  w.sink = sink;
  w.err = err;
  w.st = GALLEY_OK;
  w.md5 = g_checksum_new(G_CHECKSUM_MD5);
  w.next_num = fz->first_new;
  w_entry(&w, 0, 0, 0, 0);
  w_put(&w, "%PDF-1.5\n%\xbf\xf7\xa2\xfe\n", 15);
  for (num = 1; num < f->size && w.st == GALLEY_OK; num++) {
    const stream_job *job = NULL;
    if (f->offset[num] == 0 || fz->info[num].is_length)
      continue;
    if ((fz->info[num].flags & (F_CONTENT | F_DEFLATE)) && next_job == cur->n) {
      /* The next batch of streams: rewritten ahead (the first, now),
       * and the one after it started, to be rewritten while this one's
       * objects are written. */
      job_batch *t;
      batch_clear(cur);
      if (!started) {
        batch_fill(fz, ahead, &scan, &scan_p);
        galley_parallel_start(&ahead->run, ahead->n, fz->ctx->threads, run_job, ahead->jobs);
      }
      galley_parallel_finish(&ahead->run);
      drop_mapped(mapped, mapped_len);
      t = cur;
      cur = ahead;
      ahead = t;
      next_job = 0;
      batch_fill(fz, ahead, &scan, &scan_p);
      galley_parallel_start(&ahead->run, ahead->n, fz->ctx->threads, run_job, ahead->jobs);
      started = 1;
    }
    if (next_job < cur->n && cur->nums[next_job] == num)
      job = &cur->jobs[next_job++];
    if (!pdf_parse_object(f, num, &p)) { /* read once already: cannot fail */
      fz->why = "an object that cannot be read";
      break;
    }
    write_object(fz, &w, num, &p, job, &text);
  }
  if (started) /* its helpers read the file: done before it goes */
    galley_parallel_finish(&ahead->run);
  for (k = 0; k < 2; k++) {
    batch_clear(&batches[k]);
    free(batches[k].jobs);
    free(batches[k].nums);
  }
  if (!fz->why && w.st == GALLEY_OK) {
    w_objstm_flush(&w, &w.os[0]);
    w_objstm_flush(&w, &w.os[1]);
    write_xref(fz, &w);
    w_flush(&w);
  }
  st = w.st;
  g_checksum_free(w.md5);
  galley_buf_free(&w.out);
  for (k = 0; k < 2; k++) {
    galley_buf_free(&w.os[k].head);
    galley_buf_free(&w.os[k].body);
  }
  galley_buf_free(&text);
  pdf_parse_free(&p);
  pdf_parse_free(&scan_p);
  free(w.xref);
  return st;
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

/* Maps file `path` for reading; its size in *out_len. NULL when it
 * cannot be (the caller then reads it into memory). The mapping is of
 * the page cache, not a copy. */
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
  finisher fz;
  galley_status st = GALLEY_OK;
  char *copy = NULL;                 /* owned: `path` read, where it cannot be mapped */
  void *mapped = NULL;               /* owned: `path` mapped, `len` bytes */

  memset(&fz, 0, sizeof fz);
  fz.ctx = ctx;
  if (path) {
    if ((mapped = map_file(path, &len)) != NULL) {
      pdf = mapped;
    } else if ((copy = galley_file_read_max(path, SIZE_MAX, &len, NULL)) != NULL) {
      pdf = copy;
    } else {
      st = pdf_fail(ctx, GALLEY_ERR_CANTCREAT, "cannot read back the temporary PDF file");
      goto done;
    }
  }
  if (!pdf || !pdf_file_open(&fz.file, (const unsigned char *)pdf, len, &fz.why)) {
    if (!fz.why)
      fz.why = "no file";
    goto fail;
  }
  fz.info = galley_xcalloc((size_t)fz.file.size, sizeof *fz.info);
  fz.mapped = mapped;
  fz.mapped_len = len;
  if (!mark_objects(&fz))
    goto fail;
  drop_mapped(mapped, len);
  st = write_finished(&fz, sink, err, mapped, len);
  if (fz.why)
    goto fail;
  if (st != GALLEY_OK && ctx->status == GALLEY_OK)
    ctx->status = st; /* the sink has filled err */
  goto done;

fail:
  st = pdf_fail(ctx, GALLEY_ERR_INTERNAL, "cannot finish the PDF Cairo wrote: %s", fz.why);
done:
  pdf_file_free(&fz.file);
  free(fz.info);
  free(fz.renumber);
  free(copy);
  if (mapped)
    munmap(mapped, len);
  return st;
}
