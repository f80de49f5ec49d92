/* pdf.c: galley_write_pdf, the print edition.
 *
 * Sets up one pdf_ctx (style sheet, private fonts, one PangoContext at
 * 72 dpi with unhinted metrics so that widths are the font's own, the
 * hyphenation dictionary of the document's language), lays the document
 * out into a vertical list, and has pdf_paginate cut and draw it on a
 * Cairo PDF surface that streams into the caller's sink.
 *
 * What the PDF holds: one page per cut, every font embedded and subset by
 * Cairo; the document information dictionary (Title, Author, Subject,
 * Keywords, Creator "galley VERSION", CreationDate and ModDate fixed by
 * SOURCE_DATE_EPOCH when given, so two runs give the same bytes); page
 * labels; named destinations for headings; link annotations; and an
 * outline with one entry per heading, nested by level. Cairo's PDF is
 * spooled to an anonymous temporary file (or held in memory) and finished
 * by pdf_finish (language, page boxes, alt text, DeviceGray), which sends
 * it to the caller's sink whole. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cairo-pdf.h>

#include "pdf_private.h"
#include "pdf_deps.h"
#include "../util/alloc.h"
#include "../util/options.h"
#include "../util/parallel.h"
#include "../util/utf8.h"

/* Page margins when the style gives none: a classic text block. */
#define DEFAULT_MARGIN_TOP_MM 25.0
#define DEFAULT_MARGIN_SIDE_MM 22.0
#define DEFAULT_MARGIN_BOTTOM_MM 28.0
/* A margin may take at most this share of its page dimension, so a typo
 * in the style (margin: 500mm) still leaves a text column. */
#define MAX_MARGIN_SHARE 0.35
/* Paragraph layout scales to a few cores; beyond, drawing (one thread)
 * is the limit. */
#define MAX_THREADS 8

/* Where Cairo's PDF is held for pdf_finish: in a temporary file
 * (pdf_spool_open), written a quarter of a megabyte at a time, or in
 * memory. */
typedef struct spool {
  FILE *file;      /* owned, or NULL: all of it is in `mem` */
  char path[32];   /* the name `file` is mapped by */
  galley_buf mem;  /* what is not yet in the file, or all of it */
  int lost;        /* 1: a failed write left the file unknown: no PDF */
} spool;

#define SPOOL_CHUNK (256 * 1024)

/* Moves spool `s` into memory: what the file holds, then what was
 * waiting for it. A file that cannot be written (a full disk, a file
 * size limit) costs memory, not the conversion. */
static void spool_to_memory(spool *s)
{
  galley_buf all = GALLEY_BUF_INIT;
  unsigned char chunk[64 * 1024];
  size_t n;
  rewind(s->file);
  while ((n = fread(chunk, 1, sizeof chunk, s->file)) > 0)
    galley_buf_put(&all, chunk, n);
  galley_buf_put(&all, s->mem.ptr, s->mem.len);
  galley_buf_free(&s->mem);
  s->mem = all;
  fclose(s->file);
  s->file = NULL;
}

/* Writes what waits in memory to the file, unbuffered, so that the file
 * holds whole chunks only; on failure moves everything to memory. */
static void spool_flush(spool *s)
{
  size_t done = 0;
  if (!s->file || s->mem.len == 0)
    return;
  while (done < s->mem.len) {
    ssize_t k = write(fileno(s->file), s->mem.ptr + done, s->mem.len - done);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0) {
      /* the chunk's written part is in the file twice over otherwise */
      if (done > 0 && ftruncate(fileno(s->file), lseek(fileno(s->file), 0, SEEK_CUR) -
                                                     (off_t)done) != 0) {
        fclose(s->file); /* cannot tell what it holds */
        s->file = NULL;
        s->lost = 1;
        return;
      }
      spool_to_memory(s);
      return;
    }
    done += (size_t)k;
  }
  s->mem.len = 0;
}

static void spool_write(spool *s, const unsigned char *data, size_t len)
{
  galley_buf_put(&s->mem, data, len);
  if (s->file && s->mem.len >= SPOOL_CHUNK)
    spool_flush(s);
}

/* Cairo's write callback, into the spool. Cairo writes a content stream a
 * number or an operator at a time (two million writes for a 400-page
 * book), so a write that fits the spool's buffer is copied there at once.
 * The spool cannot fail (a file it cannot write is traded for memory,
 * and running out of memory ends the process), so Cairo is always told
 * the write succeeded. */
static cairo_status_t stream_write(void *closure, const unsigned char *data,
                                   unsigned int length)
{
  spool *s = closure;
  galley_buf *b = &s->mem;
  if (length < b->cap - b->len && (!s->file || b->len + length < SPOOL_CHUNK)) {
    memcpy(b->ptr + b->len, data, length);
    b->len += length;
    b->ptr[b->len] = '\0';
  } else
    spool_write(s, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* "YYYY-MM-DDThh:mm:ssZ" for `t`, in UTC. */
static void iso_date(long long t, char out[32])
{
  time_t tt = (time_t)t;
  struct tm tm;
  if (!gmtime_r(&tt, &tm)) {
    strcpy(out, "1970-01-01T00:00:00Z");
    return;
  }
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void set_metadata(pdf_ctx *ctx, cairo_surface_t *surface)
{
  const galley_meta *m = galley_doc_get_meta(ctx->doc);
  galley_buf authors = GALLEY_BUF_INIT;
  const char *subject, *keywords;
  char date[32];
  long long t;
  int i, n = galley_meta_get_count(m, "author");

  if (ctx->title && *ctx->title)
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, ctx->title);
  for (i = 0; i < n; i++) {
    if (i)
      galley_buf_puts(&authors, ", ");
    galley_buf_puts(&authors, galley_meta_get_nth(m, "author", i));
  }
  if (authors.len)
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR,
                                   galley_buf_cstr(&authors));
  galley_buf_free(&authors);
  subject = galley_meta_get(m, "subject");
  if (!subject)
    subject = galley_meta_get(m, "description");
  if (subject)
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject);
  keywords = galley_meta_get(m, "keywords");
  if (keywords)
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, keywords);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                 "galley " GALLEY_VERSION);
  /* Cairo would stamp "now" in local time: always set both dates, in UTC. */
  t = ctx->opts->source_date_epoch >= 0 ? ctx->opts->source_date_epoch
                                        : (long long)time(NULL);
  iso_date(t, date);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
}

/* The running head and PDF title: the metadata title, else the text of
 * the TITLE node. */
static char *find_title(const galley_doc *doc)
{
  const char *t = galley_meta_get(galley_doc_get_meta(doc), "title");
  galley_node *n;
  if (t && *t)
    return galley_xstrdup(t);
  for (n = galley_node_first_child(galley_doc_get_root(doc)); n; n = galley_node_next(n))
    if (galley_node_get_type(n) == GALLEY_NODE_TITLE_BLOCK) {
      galley_node *c;
      for (c = galley_node_first_child(n); c; c = galley_node_next(c))
        if (galley_node_get_type(c) == GALLEY_NODE_TITLE)
          return galley_node_get_plain_text(c);
    }
  return galley_xstrdup("");
}

/* Characters of the title given to the running head. The head is one
 * line, ellipsized at the measure, so a few hundred characters are more
 * than any page shows; setting a whole megabyte title again on every page
 * of its own title pages made the PDF quadratic in the title. */
#define RUNNING_HEAD_MAX_CHARS 512

static char *cut_running_head(const char *title)
{
  size_t len = strlen(title);
  size_t cut = galley_utf8_offset(title, len, RUNNING_HEAD_MAX_CHARS);
  char *s = galley_xmalloc(cut + 1);
  memcpy(s, title, cut);
  s[cut] = '\0';
  return s;
}

static void collect_ids(pdf_ctx *ctx)
{
  galley_iter *it = galley_iter_new(galley_doc_get_root(ctx->doc));
  galley_event_type ev;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *n = galley_iter_get_node(it);
    const char *id;
    if (ev != GALLEY_EVENT_ENTER || galley_node_get_type(n) != GALLEY_NODE_HEADING)
      continue;
    id = galley_node_get_id(n);
    if (!id || !*id)
      continue;
    if (ctx->n_ids == ctx->cap_ids) {
      ctx->cap_ids = ctx->cap_ids ? ctx->cap_ids * 2 : 16;
      ctx->ids = galley_xreallocarray(ctx->ids, (size_t)ctx->cap_ids, sizeof *ctx->ids);
    }
    ctx->ids[ctx->n_ids++] = (char *)id;
  }
  galley_iter_free(it);
}

galley_status galley_page_size_parse(const char *spec, double *out_width,
                                     double *out_height, galley_error *err)
{
  double w = 0, h = 0;
  int r = pdf_parse_page_size_ex(spec, &w, &h);
  galley_error_clear(err);
  if (r == 1) {
    if (out_width)
      *out_width = w;
    if (out_height)
      *out_height = h;
    return GALLEY_OK;
  }
  if (r < 0)
    return galley_error_set(err, GALLEY_ERR_USAGE, 0,
                            "page size \"%s\" is %s (from 1 inch, 25.4 mm, to "
                            "200 inches a side)",
                            spec, w < 72 || h < 72 ? "too small" : "too large");
  return galley_error_set(err, GALLEY_ERR_USAGE, 0,
                          "unknown page size \"%s\" (use A4, A5, Letter, or "
                          "WIDTHxHEIGHT with mm or in, e.g. 150x220mm)",
                          spec ? spec : "");
}

/* Fills in the margins `m` leaves negative from `base`, and keeps each
 * within its share of the page. */
static void settle_margins(double m[4], const double base[4], double w, double h)
{
  int i;
  for (i = 0; i < 4; i++) {
    double limit = (i % 2 == 0 ? h : w) * MAX_MARGIN_SHARE;
    if (m[i] < 0)
      m[i] = base[i];
    if (m[i] > limit)
      m[i] = limit;
  }
}

/* Page size and margins: --page-size, else @page, else A4; margins from
 * @page, else the defaults. The sheet is then read again for that page,
 * so that its @media rules on the page size apply (to the margins too).
 * Right-hand (odd) pages take their margins from @page :right over
 * @page, left-hand (even) pages from @page :left over @page. The text
 * column keeps one width and height, those of the right-hand pages: a
 * left-hand page takes from its own margins where the column starts (its
 * left margin, else the page less the column and its right margin). */
static galley_status setup_page(pdf_ctx *ctx, const char *style_dir)
{
  double w = 0, h = 0, m[4], base[4], left[4], col, dw, dh;
  const double defaults[4] = {DEFAULT_MARGIN_TOP_MM * 72 / 25.4,
                              DEFAULT_MARGIN_SIDE_MM * 72 / 25.4,
                              DEFAULT_MARGIN_BOTTOM_MM * 72 / 25.4,
                              DEFAULT_MARGIN_SIDE_MM * 72 / 25.4};
  pdf_sheet_get_page(ctx->sheet, &w, &h, m);
  if (ctx->opts->page_size && *ctx->opts->page_size &&
      galley_page_size_parse(ctx->opts->page_size, &w, &h, ctx->err) != GALLEY_OK) {
    ctx->status = GALLEY_ERR_USAGE;
    return ctx->status;
  }
  if (w <= 0 || h <= 0)
    pdf_parse_page_size("A4", &w, &h);
  pdf_sheet_free(ctx->sheet);
  ctx->sheet = pdf_sheet_new_for_page(ctx->opts->style_css, ctx->opts->style_css_len,
                                      style_dir, w, h);
  pdf_sheet_get_page(ctx->sheet, &dw, &dh, base); /* the size is kept */
  settle_margins(base, defaults, w, h);
  pdf_sheet_get_page_side(ctx->sheet, PDF_PAGE_RIGHT, m);
  settle_margins(m, base, w, h);
  col = w - m[1] - m[3];
  pdf_sheet_get_page_side(ctx->sheet, PDF_PAGE_LEFT, left);
  if (left[3] < 0 && left[1] >= 0 && left[1] <= w - col)
    left[3] = w - col - left[1];
  settle_margins(left, base, w, h);
  ctx->page_w = w;
  ctx->page_h = h;
  memcpy(ctx->margin, m, sizeof m);
  ctx->col_w = (int)(col * PANGO_SCALE);
  ctx->col_h = (int)((h - m[0] - m[2]) * PANGO_SCALE);
  /* the column stays on the page */
  ctx->verso_left = left[3] > w - col ? w - col : left[3];
  return GALLEY_OK;
}

/* The directory of the style file, for @font-face urls; NULL if none. */
static char *style_dir(const char *style_name)
{
  const char *slash = style_name ? strrchr(style_name, '/') : NULL;
  if (!slash)
    return style_name ? galley_xstrdup(".") : NULL;
  return galley_xstrndup(style_name, (size_t)(slash - style_name));
}

void pdf_list_font_files(const char *css, size_t len, const char *style_name,
                         void (*fn)(void *ctx, const char *path), void *ctx)
{
  char *dir = style_dir(style_name);
  pdf_sheet *sheet = pdf_sheet_new(css, len, dir);
  int i, n = pdf_sheet_get_font_file_count(sheet);
  for (i = 0; i < n; i++) {
    struct stat st;
    const char *f = pdf_sheet_get_font_file(sheet, i);
    /* as setup_fonts: only regular files are read (and so listed) */
    if (stat(f, &st) == 0 && S_ISREG(st.st_mode))
      fn(ctx, f);
  }
  pdf_sheet_free(sheet);
  free(dir);
}

static galley_status setup_fonts(pdf_ctx *ctx)
{
  int n = pdf_sheet_get_font_file_count(ctx->sheet), i;
  const char **files = galley_xcalloc((size_t)n + 1, sizeof *files);
  galley_error ferr;

  for (i = 0; i < n; i++) {
    struct stat st;
    files[i] = pdf_sheet_get_font_file(ctx->sheet, i);
    errno = 0;
    /* fontconfig would open a FIFO and wait for a writer forever, or read
     * a device without end: only regular files are fonts. */
    if (stat(files[i], &st) != 0 || !S_ISREG(st.st_mode)) {
      galley_diag_add(ctx->diag, 0, 0,
                      "%s: @font-face font '%s' is %s; skipped",
                      ctx->opts->style_name ? ctx->opts->style_name : "style sheet",
                      files[i], errno == ENOENT ? "missing" : "not a regular file");
      files[i] = NULL;
    }
  }
  galley_error_clear(&ferr);
  ctx->fontmap = pdf_fonts_new_map(ctx->opts->font_dir, files, n, &ferr);
  free(files);
  if (!ctx->fontmap) {
    ctx->status = ferr.code;
    if (ctx->err)
      *ctx->err = ferr;
    return ctx->status;
  }
  ctx->pango = pdf_fonts_new_context(
      ctx->fontmap, galley_meta_get(galley_doc_get_meta(ctx->doc), "language"));
  ctx->measure_layout = pango_layout_new(ctx->pango);
  ctx->line_layout = pango_layout_new(ctx->pango);
  ctx->liner.layout = ctx->line_layout;
  return GALLEY_OK;
}

/* Frees the laid-out document (paragraphs, boxes, table rows), once it
 * is drawn or when it will not be: its texts are some times the size of
 * the input, and pdf_finish needs none of it. */
static void free_layout(pdf_ctx *ctx)
{
  int i;
  pdf_layout_end(ctx); /* the layout threads read what is freed below */
  for (i = 0; i < ctx->n_paras; i++)
    if (ctx->para_chunks[i >> PDF_PARA_CHUNK_BITS])
      pdf_para_free(pdf_para_at(ctx, i));
  for (i = 0; i < ctx->n_para_chunks; i++)
    free(ctx->para_chunks[i]);
  free(ctx->para_chunks);
  ctx->para_chunks = NULL;
  ctx->n_para_chunks = ctx->cap_para_chunks = 0;
  ctx->n_paras = 0;
  for (i = 0; i < ctx->n_boxes; i++) {
    free(ctx->boxes[i].outline_text);
    free(ctx->boxes[i].marker);
  }
  free(ctx->boxes);
  ctx->boxes = NULL;
  ctx->n_boxes = 0;
  for (i = 0; i < ctx->n_rows; i++)
    free(ctx->rows[i].cells);
  free(ctx->rows);
  ctx->rows = NULL;
  ctx->n_rows = 0;
}

static void ctx_free(pdf_ctx *ctx)
{
  int i;
  free_layout(ctx);
  for (i = 0; i < ctx->n_tables; i++) {
    free(ctx->tables[i].col_x);
    free(ctx->tables[i].col_w);
  }
  free(ctx->tables);
  for (i = 0; ctx->note_start && i < ctx->note_start[ctx->n_notes]; i++) {
    free(ctx->note_boxes[i].outline_text);
    free(ctx->note_boxes[i].marker);
  }
  free(ctx->note_boxes);
  free(ctx->note_start);
  free(ctx->note_links);
  free(ctx->note_dests);
  for (i = 0; i < ctx->n_fonts; i++)
    pango_font_description_free(pdf_font_at(ctx, i)->desc);
  for (i = 0; i < PDF_FONT_CHUNKS; i++)
    free(ctx->font_chunks[i]);
  for (i = 0; i < ctx->n_links; i++)
    free(ctx->links[i]);
  free(ctx->links);
  for (i = 0; i < ctx->n_images; i++) {
    if (ctx->images[i].surface)
      cairo_surface_destroy(ctx->images[i].surface);
    free(ctx->images[i].alt);
  }
  free(ctx->images);
  pdf_image_free_all(ctx);
  free(ctx->ids);
  if (ctx->running_head_art)
    cairo_surface_destroy(ctx->running_head_art);
  for (i = 0; i < 10; i++)
    if (ctx->folio_art[i])
      cairo_surface_destroy(ctx->folio_art[i]);
  free(ctx->structs);
  free(ctx->open_structs);
  free(ctx->pending_links);
  for (i = 0; i < ctx->n_figure_alts; i++)
    free(ctx->figure_alts[i]);
  free(ctx->figure_alts);
  free(ctx->warned);
  pdf_liner_free(&ctx->liner);
  free(ctx->pending_marker);
  free(ctx->title);
  free(ctx->running_head);
  if (ctx->measure_layout)
    g_object_unref(ctx->measure_layout);
  if (ctx->line_layout)
    g_object_unref(ctx->line_layout);
  if (ctx->pango)
    g_object_unref(ctx->pango);
  if (ctx->fontmap)
    g_object_unref(ctx->fontmap);
  pdf_hyph_free(ctx->hyph);
  pdf_hyph_memo_clear(&ctx->hyph_memo);
  pdf_sheet_free(ctx->sheet);
}

galley_status galley_write_pdf(const galley_doc *doc, const galley_write_options *opts,
                               const galley_sink *sink, galley_diag *diag,
                               galley_error *err)
{
  pdf_ctx ctx;
  spool cairo_pdf; /* what Cairo writes */
  cairo_surface_t *surface = NULL;
  cairo_t *cr = NULL;
  galley_status st;
  char *dir;
  pdf_elem body;
  galley_write_options given;
  int i;

  memset(&cairo_pdf, 0, sizeof cairo_pdf);
  galley_error_clear(err);
  if (!doc || !opts || !sink || !sink->write)
    return galley_error_set(err, GALLEY_ERR_USAGE, 0,
                            "galley_write_pdf: document, options and sink are required");
  if (galley_options_take(&given, sizeof given, opts, "galley_write_options", err) !=
      GALLEY_OK)
    return GALLEY_ERR_USAGE;
  opts = &given;
  if (opts->source_date_epoch > GALLEY_MAX_SOURCE_DATE_EPOCH)
    return galley_error_set(err, GALLEY_ERR_USAGE, 0,
                            "SOURCE_DATE_EPOCH %lld lies after the year 9999",
                            opts->source_date_epoch);
  memset(&ctx, 0, sizeof ctx);
  ctx.doc = doc;
  ctx.opts = opts;
  ctx.diag = diag;
  ctx.err = err;
  ctx.breaker = pdf_break_total_fit;
  ctx.threads = galley_thread_count(opts->threads, MAX_THREADS);
  ctx.cur_struct = -1;
  ctx.open_para = -1;
  for (i = 0; i < 8; i++)
    ctx.outline_parent[i] = CAIRO_PDF_OUTLINE_ROOT;

  dir = style_dir(opts->style_name);
  ctx.sheet = pdf_sheet_new(opts->style_css, opts->style_css_len, dir);
  if (setup_page(&ctx, dir) != GALLEY_OK) {
    free(dir);
    goto done;
  }
  free(dir);
  pdf_elem_of_type(GALLEY_NODE_DOCUMENT, NULL, NULL, &body);
  pdf_sheet_compute(ctx.sheet, &body, NULL, &ctx.body);
  {
    const char *lang = galley_meta_get(galley_doc_get_meta(doc), "language");
    /* The text reader names the language of Cyrillic text only; a
     * German or French article without metadata would otherwise be
     * hyphenated with the English patterns ("weit-ergegeben"). */
    if (!lang || !*lang)
      lang = pdf_hyph_guess_language(doc);
    /* With threads, the dictionary is read while the fonts are scanned
     * (each takes milliseconds); with one, allocations keep their order. */
    ctx.hyph = ctx.threads > 1 ? pdf_hyph_start(lang, NULL, ctx.opts->hyphen_cache_dir)
                                : pdf_hyph_new(lang, NULL, ctx.opts->hyphen_cache_dir);
    if (setup_fonts(&ctx) != GALLEY_OK)
      goto done;
    if (!ctx.hyph)
      galley_diag_add(diag, 0, 0,
                      "no hyphenation dictionary for language \"%s\": the PDF "
                      "is set without hyphenation",
                      lang && *lang ? lang : "en");
  }
  ctx.title = find_title(doc);
  /* a title that is only the metadata's fallback is not printed */
  ctx.running_head = cut_running_head(galley_doc_get_title_shown(doc) ? ctx.title : "");
  collect_ids(&ctx);
  if (pdf_layout_document(&ctx) != GALLEY_OK)
    goto done;
  if (opts->out_page_map)
    snprintf(opts->out_page_map->edition, sizeof opts->out_page_map->edition,
             "PDF edition, %.0f x %.0f mm", ctx.page_w * 25.4 / 72, ctx.page_h * 25.4 / 72);
  if (opts->layout_only) {
    /* The cheapest way to the page starts: the layout and pagination of
     * the PDF, without a surface, drawing or the file. */
    pdf_paginate(&ctx, NULL, NULL);
    goto done;
  }

  /* Cairo writes into a temporary file (or memory); pdf_finish sends the
   * finished file to the caller's sink. */
  cairo_pdf.file = pdf_spool_open(cairo_pdf.path);
  surface = cairo_pdf_surface_create_for_stream(stream_write, &cairo_pdf, ctx.page_w,
                                                ctx.page_h);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    pdf_fail(&ctx, GALLEY_ERR_INTERNAL, "cairo: %s",
             cairo_status_to_string(cairo_surface_status(surface)));
    goto done;
  }
  set_metadata(&ctx, surface);
  cr = cairo_create(surface);
  pdf_paginate(&ctx, cr, surface);
  if (ctx.status == GALLEY_OK && cairo_status(cr) != CAIRO_STATUS_SUCCESS)
    pdf_fail(&ctx, GALLEY_ERR_INTERNAL, "cairo: %s", cairo_status_to_string(cairo_status(cr)));
  cairo_destroy(cr);
  cr = NULL;
  cairo_surface_finish(surface);
  if (ctx.status == GALLEY_OK && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    pdf_fail(&ctx, GALLEY_ERR_INTERNAL, "cairo: %s",
             cairo_status_to_string(cairo_surface_status(surface)));
  }
  free_layout(&ctx);
  spool_flush(&cairo_pdf);
  if (ctx.status == GALLEY_OK && cairo_pdf.lost)
    pdf_fail(&ctx, GALLEY_ERR_CANTCREAT, "cannot write or read back a temporary file");
  if (ctx.status == GALLEY_OK)
    pdf_finish(&ctx, cairo_pdf.mem.ptr, cairo_pdf.mem.len,
               cairo_pdf.file ? cairo_pdf.path : NULL, sink, err);
  if (ctx.status == GALLEY_OK && opts && opts->out_pages)
    *opts->out_pages = ctx.cover_pages + ctx.page_count;

done:
  if (cr)
    cairo_destroy(cr);
  if (surface)
    cairo_surface_destroy(surface);
  st = ctx.status;
  galley_buf_free(&cairo_pdf.mem);
  if (cairo_pdf.file)
    fclose(cairo_pdf.file);
  ctx_free(&ctx);
  return st;
}
