/* convert.c: galley_convert_*, read -> check -> write. The one file that
 * knows both the readers and the writers; everything else depends on the
 * model only. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "galley.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/image.h"
#include "util/options.h"
#include "read/reader.h"
#include "read/sniff.h"
#include "model/cover.h"
#include "pdf/pdf_deps.h"

#ifndef GALLEY_INSTALL_DATADIR
#define GALLEY_INSTALL_DATADIR "/usr/local/share/galley"
#endif

const char *galley_version(void)
{
  return GALLEY_VERSION;
}

int galley_version_number(void)
{
  return GALLEY_VERSION_NUMBER;
}

const char *galley_default_data_dir(void)
{
  const char *env = getenv("GALLEY_DATADIR");
  if (env && *env)
    return env;
  return GALLEY_INSTALL_DATADIR;
}

/* Takes the caller's options (galley_options_take: a struct from another
 * galley.h is read as far as it goes) into *given. Returns given, or NULL
 * when the caller's struct cannot be read, with `err` set to
 * GALLEY_ERR_USAGE. `opts` must not be NULL. */
static const galley_convert_options *take_options(const galley_convert_options *opts,
                                                  galley_convert_options *given,
                                                  galley_error *err)
{
  if (galley_options_take(given, sizeof *given, opts, "galley_convert_options", err) !=
      GALLEY_OK)
    return NULL;
  return given;
}

static int has_suffix(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static galley_format pick_format(const galley_convert_options *opts)
{
  const char *in = opts->input ? opts->input : "";
  if (opts->format != GALLEY_FORMAT_AUTO)
    return opts->format;
  if (has_suffix(in, ".md") || has_suffix(in, ".markdown") ||
      has_suffix(in, ".MD") || has_suffix(in, ".mdown") || has_suffix(in, ".mkd"))
    return GALLEY_FORMAT_MARKDOWN;
  return GALLEY_FORMAT_TEXT;
}

static const char *input_name(const galley_convert_options *opts)
{
  if (opts->input && strcmp(opts->input, "-") != 0)
    return opts->input;
  return opts->input_name ? opts->input_name : "<stdin>";
}

/* Whether the bytes are a binary file rather than text: a known binary
 * signature (PNG, JPEG, GIF, PDF, ZIP/EPUB, gzip) or a NUL byte in the
 * first 8 KB that a UTF-16 byte-order mark does not explain. Such input is
 * refused before reading, since an "article" of binary noise is never what
 * a user meant (the readers themselves accept any bytes).
 * Accepts: "Hello\n". Rejects: "\x89PNG\r\n\x1a\n...". */
static int is_binary(const char *text, size_t len)
{
  static const struct {
    const char *magic;
    size_t len;
  } sigs[] = {{"\x89PNG\r\n\x1a\n", 8}, {"\xff\xd8\xff", 3}, {"GIF8", 4},
              {"%PDF-", 5},              {"PK\x03\x04", 4}, {"\x1f\x8b", 2}};
  size_t i, n = len < 8192 ? len : 8192;
  for (i = 0; i < sizeof sigs / sizeof *sigs; i++)
    if (len >= sigs[i].len && memcmp(text, sigs[i].magic, sigs[i].len) == 0)
      return 1;
  if (len >= 2 && (((unsigned char)text[0] == 0xFF && (unsigned char)text[1] == 0xFE) ||
                   ((unsigned char)text[0] == 0xFE && (unsigned char)text[1] == 0xFF)))
    return 0;
  return memchr(text, '\0', n) != NULL;
}

galley_doc *galley_convert_read(const galley_convert_options *opts,
                                galley_diag *diag, galley_error *err)
{
  galley_read_options ro;
  galley_doc *doc;
  galley_format format;
  galley_buf reason = GALLEY_BUF_INIT; /* why the reader, when not named */
  char *text;
  size_t len = 0;
  galley_convert_options given;
  int i;
  galley_error_clear(err);

  if (opts && !(opts = take_options(opts, &given, err)))
    return NULL;
  if (!opts || !opts->input) {
    galley_error_set(err, GALLEY_ERR_USAGE, 0, "no input given");
    return NULL;
  }
  text = galley_file_read(opts->input, &len, err);
  if (!text)
    return NULL;
  if (is_binary(text, len)) {
    free(text);
    galley_error_set(err, GALLEY_ERR_DATA, 0,
                     "not a text file (binary data); galley reads plain text "
                     "or Markdown");
    galley_error_set_where(err, input_name(opts), 0, 0);
    return NULL;
  }
  {
    size_t k;
    for (k = 0; k < len && text[k] && strchr(" \t\r\n\f\v", text[k]); k++)
      ;
    if (k == len)
      galley_diag_add(diag, 0, 0, "the input has no text; the editions hold only "
                                  "a title");
  }
  memset(&ro, 0, sizeof ro);
  ro.file_name = input_name(opts);
  /* A title given on the command line will replace any the reader makes:
   * then the file name is no fallback (nor a warning about one), though a
   * title line in the text is still recognised as one. */
  for (i = 0; i < opts->meta_count; i++)
    if (opts->meta[2 * i] && strcmp(opts->meta[2 * i], "title") == 0)
      ro.file_name = NULL;
  ro.flags = opts->flags;
  format = pick_format(opts);
  if (format == GALLEY_FORMAT_TEXT) {
    /* A README saved as .txt: evidently Markdown is read as Markdown,
     * unless the caller named the format (-f txt), which the dump then
     * notes beside the evidence it overrode. */
    galley_sniff sniff;
    if (galley_sniff_markdown(text, len, &sniff)) {
      galley_buf_puts(&reason, opts->format == GALLEY_FORMAT_AUTO
                                   ? "detected: " : "format given; Markdown evidence: ");
      galley_sniff_describe(&sniff, &reason);
      if (opts->format == GALLEY_FORMAT_AUTO)
        format = GALLEY_FORMAT_MARKDOWN;
    }
  }
  /* the reader frees the text once it has its cleaned copy */
  if (format == GALLEY_FORMAT_MARKDOWN)
    doc = galley_read_markdown_taking(text, len, &ro, diag, err);
  else
    doc = galley_read_text_taking(text, len, &ro, diag, err);
  text = NULL;
  if (doc)
    galley_doc_set_reader(doc, format == GALLEY_FORMAT_MARKDOWN ? "markdown" : "text",
                          reason.len ? galley_buf_cstr(&reason) : NULL);
  galley_buf_free(&reason);
  if (!doc) {
    if (err && !err->file[0])
      galley_error_set_where(err, input_name(opts), err->line, err->col);
    return NULL;
  }
  for (i = 0; i < opts->meta_count; i++) {
    const char *k = opts->meta[2 * i], *v = opts->meta[2 * i + 1];
    if (!k || !v)
      continue;
    if (!galley_meta_is_known_key(k))
      galley_diag_add(diag, 0, 0, "--metadata %s: unknown key; no edition uses it", k);
    /* An override replaces what the input said, authors included; a
     * second --author adds to the first. */
    if (strcmp(k, "author") == 0) {
      int j, first = 1;
      for (j = 0; j < i; j++)
        if (opts->meta[2 * j] && strcmp(opts->meta[2 * j], "author") == 0)
          first = 0;
      galley_doc_apply_meta(doc, k, v, first);
    } else {
      galley_doc_apply_meta(doc, k, v, 1);
    }
  }
  /* After the overrides, so that --language decides the quotes; before
   * the title block is synced, so that it shows the smartened title. */
  if (!(opts->flags & GALLEY_OPT_NO_SMART))
    galley_doc_smarten(doc);
  if (opts->meta_count > 0)
    galley_doc_sync_title_block(doc);
  galley_doc_assign_ids(doc);
  if (!galley_doc_check(doc, err)) {
    galley_error_set_where(err, input_name(opts), 0, 0);
    galley_doc_free(doc);
    return NULL;
  }
  return doc;
}

/* Resolves the style to a file path: a name is looked up as
 * DATA/styles/NAME.css, anything with a '/' or ending in .css is a path. */
static char *style_path(const galley_convert_options *opts, const char *data_dir)
{
  const char *style = opts->style ? opts->style : "classic";
  galley_buf b = GALLEY_BUF_INIT;
  if (strchr(style, '/') || has_suffix(style, ".css"))
    galley_buf_puts(&b, style);
  else
    galley_buf_printf(&b, "%s/styles/%s.css", data_dir, style);
  return galley_buf_detach(&b, NULL);
}

/* The directories images may come from, as the writers take them: the
 * input's directory first (relative paths start there), then the
 * further ones of opts->resource_paths, each kept as its own string.
 * NULL-terminated; free with resource_dirs_free. */
static char **resource_dirs_new(const galley_convert_options *opts)
{
  const char *in = opts->input ? opts->input : "-";
  const char *slash = strrchr(in, '/');
  size_t n = 0, i;
  char **dirs;
  while (opts->resource_paths && opts->resource_paths[n])
    n++;
  dirs = galley_xreallocarray(NULL, n + 2, sizeof *dirs);
  if (strcmp(in, "-") == 0 || !slash)
    dirs[0] = galley_xstrdup(".");
  else if (slash == in)
    dirs[0] = galley_xstrdup("/"); /* an input in the root directory */
  else
    dirs[0] = galley_xstrndup(in, (size_t)(slash - in));
  for (i = 0; i < n; i++)
    dirs[i + 1] = galley_xstrdup(opts->resource_paths[i]);
  dirs[n + 1] = NULL;
  return dirs;
}

static void resource_dirs_free(char **dirs)
{
  size_t i;
  for (i = 0; dirs && dirs[i]; i++)
    free(dirs[i]);
  free(dirs);
}

/* A sink that appends to a galley_buf. */
static galley_status buf_sink_write(void *ctx, const unsigned char *data,
                                    size_t len, galley_error *err)
{
  (void)err;
  galley_buf_put(ctx, data, len);
  return GALLEY_OK;
}

/* A sink that writes to standard output. */
static galley_status stdout_sink_write(void *ctx, const unsigned char *data,
                                       size_t len, galley_error *err)
{
  (void)ctx;
  while (len > 0) {
    ssize_t n = GALLEY_FAULT_WRITE_FAILS() ? (errno = ENOSPC, -1) : write(1, data, len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      galley_error_set(err, GALLEY_ERR_CANTCREAT, errno,
                       "cannot write to standard output: %s", strerror(errno));
      return GALLEY_ERR_CANTCREAT;
    }
    data += n;
    len -= (size_t)n;
  }
  return GALLEY_OK;
}

static galley_status write_to_sink(const galley_doc *doc,
                                   const galley_convert_options *opts,
                                   galley_edition edition, int layout_only,
                                   const galley_sink *sink, galley_diag *diag,
                                   galley_error *err)
{
  galley_write_options wo;
  const char *data_dir = opts->data_dir ? opts->data_dir : galley_default_data_dir();
  char *css_path = style_path(opts, data_dir);
  galley_buf fonts = GALLEY_BUF_INIT;
  galley_buf hyphen = GALLEY_BUF_INIT;
  char *css;
  size_t css_len = 0;
  galley_status st;

  css = galley_file_read_max(css_path, GALLEY_MAX_STYLE_BYTES, &css_len, err);
  if (!css && err && err->code == GALLEY_ERR_DATA) {
    snprintf(err->message, sizeof err->message,
             "style sheet larger than galley reads (at most %zu KB)",
             GALLEY_MAX_STYLE_BYTES / 1024);
    free(css_path);
    return GALLEY_ERR_DATA;
  }
  if (!css) {
    /* A missing style is the user's input problem, not ours. */
    if (err) {
      err->code = GALLEY_ERR_NOINPUT;
      galley_error_set_where(err, css_path, 0, 0);
      char why[GALLEY_ERROR_MESSAGE_MAX];
      snprintf(why, sizeof why, "%s",
               err->sys_errno ? strerror(err->sys_errno) : err->message);
      snprintf(err->message, sizeof err->message, "cannot read style sheet: %.400s",
               why);
    }
    free(css_path);
    return GALLEY_ERR_NOINPUT;
  }
  galley_buf_printf(&fonts, "%s/fonts", data_dir);
  galley_buf_printf(&hyphen, "%s/hyphen", data_dir);
  memset(&wo, 0, sizeof wo);
  wo.style_css = css;
  wo.style_css_len = css_len;
  wo.style_name = css_path;
  wo.font_dir = galley_buf_cstr(&fonts);
  wo.hyphen_cache_dir = galley_buf_cstr(&hyphen);
  wo.page_size = opts->page_size;
  wo.source_date_epoch = opts->source_date_epoch;
  wo.flags = opts->flags;
  wo.out_pages = opts->out_pages;
  wo.on_page = opts->on_page;
  wo.on_page_ctx = opts->on_page_ctx;
  wo.layout_dump = opts->layout_dump;
  wo.out_page_map = opts->out_page_map;
  wo.layout_only = layout_only;
  wo.page_map = opts->page_map;
  {
    char **dirs = resource_dirs_new(opts);
    wo.resource_dirs = (const char *const *)dirs;
    if (edition == GALLEY_EDITION_EPUB)
      st = galley_write_epub(doc, &wo, sink, diag, err);
    else
      st = galley_write_pdf(doc, &wo, sink, diag, err);
    /* A writer names the input line of a bad node (an image that is
     * missing or outside the article's directory); the file is the
     * input's, which only this file knows. */
    if (st != GALLEY_OK && err && err->line > 0 && !err->file[0])
      galley_error_set_where(err, input_name(opts), err->line, err->col);
    resource_dirs_free(dirs);
  }
  galley_buf_free(&fonts);
  galley_buf_free(&hyphen);
  free(css);
  free(css_path);
  return st;
}

galley_status galley_convert_to_memory(const galley_doc *doc,
                                       const galley_convert_options *opts,
                                       galley_edition edition, char **out_data,
                                       size_t *out_len, galley_diag *diag,
                                       galley_error *err)
{
  galley_buf b = GALLEY_BUF_INIT;
  galley_sink sink;
  galley_status st;
  galley_convert_options given;
  galley_error_clear(err);
  *out_data = NULL;
  *out_len = 0;
  if (!(opts = take_options(opts, &given, err)))
    return GALLEY_ERR_USAGE;
  sink.write = buf_sink_write;
  sink.ctx = &b;
  st = write_to_sink(doc, opts, edition, 0, &sink, diag, err);
  if (st != GALLEY_OK) {
    galley_buf_free(&b);
    *out_data = NULL;
    *out_len = 0;
    return st;
  }
  *out_data = galley_buf_detach(&b, out_len);
  return GALLEY_OK;
}

galley_status galley_convert_write(const galley_doc *doc,
                                   const galley_convert_options *opts,
                                   galley_edition edition, const char *out_path,
                                   galley_diag *diag, galley_error *err)
{
  galley_atomic a;
  galley_sink sink;
  galley_status st;
  galley_convert_options given;
  galley_error_clear(err);
  if (!(opts = take_options(opts, &given, err)))
    return GALLEY_ERR_USAGE;

  if (strcmp(out_path, "-") == 0) {
    sink.write = stdout_sink_write;
    sink.ctx = NULL;
    return write_to_sink(doc, opts, edition, 0, &sink, diag, err);
  }
  if (galley_atomic_open(&a, out_path, err) != GALLEY_OK)
    return GALLEY_ERR_CANTCREAT;
  if (opts->temp_hook)
    opts->temp_hook(opts->temp_hook_ctx, a.tmp_path, 1);
  {
    /* The hook is told of the removal with the path it was given. */
    char *tmp = galley_xstrdup(a.tmp_path);
    sink.write = galley_atomic_write;
    sink.ctx = &a;
    st = write_to_sink(doc, opts, edition, 0, &sink, diag, err);
    if (st != GALLEY_OK)
      galley_atomic_abort(&a);
    else
      st = galley_atomic_commit(&a, err);
    if (opts->temp_hook)
      opts->temp_hook(opts->temp_hook_ctx, tmp, 0);
    free(tmp);
  }
  return st;
}

galley_status galley_convert_page_map(const galley_doc *doc,
                                      const galley_convert_options *opts,
                                      galley_page_map *out_map, galley_error *err)
{
  galley_convert_options o;
  galley_diag *quiet;
  galley_buf nothing = GALLEY_BUF_INIT;
  galley_sink sink;
  galley_status st;
  galley_error_clear(err);
  galley_page_map_clear(out_map);
  if (!take_options(opts, &o, err))
    return GALLEY_ERR_USAGE;
  quiet = galley_diag_new(); /* the PDF's warnings: no edition made */
  o.out_page_map = out_map;
  o.page_map = NULL;
  o.out_pages = NULL;
  o.on_page = NULL;
  o.layout_dump = NULL;
  sink.write = buf_sink_write;
  sink.ctx = &nothing;
  st = write_to_sink(doc, &o, GALLEY_EDITION_PDF, 1, &sink, quiet, err);
  galley_buf_free(&nothing);
  galley_diag_free(quiet);
  return st;
}

/* ---- dependencies ------------------------------------------------- */

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

void galley_convert_list_deps(const galley_doc *doc,
                              const galley_convert_options *opts,
                              unsigned editions,
                              void (*fn)(void *ctx, const char *path), void *ctx)
{
  galley_convert_options given;
  const char *data_dir, *in;
  char *css;
  galley_iter *it;
  galley_event_type ev;
  galley_buf b = GALLEY_BUF_INIT;

  if (!(opts = take_options(opts, &given, NULL)))
    return;
  data_dir = opts->data_dir ? opts->data_dir : galley_default_data_dir();
  css = style_path(opts, data_dir);
  in = opts->input ? opts->input : "-";

  if (strcmp(in, "-") != 0)
    fn(ctx, in);
  fn(ctx, css);
  if (editions & GALLEY_EDITION_PDF) {
    /* Fonts the style sheet's @font-face rules name: the PDF embeds them. */
    size_t css_len = 0;
    char *sheet = galley_file_read_max(css, GALLEY_MAX_STYLE_BYTES, &css_len, NULL);
    if (sheet)
      pdf_list_font_files(sheet, css_len, css, fn, ctx);
    free(sheet);
  }
  free(css);
  if (editions & GALLEY_EDITION_PDF) {
    /* The PDF writer's private font configuration loads every font in
     * fonts/, so each of them is an input of the PDF. Sorted, so the
     * depfile's bytes do not depend on the directory's order. */
    DIR *d;
    galley_buf_printf(&b, "%s/fonts", data_dir);
    d = opendir(galley_buf_cstr(&b));
    if (d) {
      struct dirent *e;
      char **names = NULL;
      size_t n = 0, i;
      while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' ||
            !(has_suffix(e->d_name, ".otf") || has_suffix(e->d_name, ".ttf")))
          continue;
        names = galley_xreallocarray(names, n + 1, sizeof *names);
        names[n++] = galley_xstrdup(e->d_name);
      }
      closedir(d);
      qsort(names, n, sizeof *names, by_name);
      for (i = 0; i < n; i++) {
        galley_buf p = GALLEY_BUF_INIT;
        galley_buf_printf(&p, "%s/%s", galley_buf_cstr(&b), names[i]);
        fn(ctx, galley_buf_cstr(&p));
        galley_buf_free(&p);
        free(names[i]);
      }
      free(names);
    }
  }
  /* Images and the cover, named as the writers read them: relative to
   * the input's directory, %XX decoded, any ?query or #fragment dropped
   * (a depfile naming "my%20pic.png" sends make looking for a file that
   * does not exist). URLs with a scheme name no file. */
  {
    char **dirs = resource_dirs_new(opts);
    const char *cover = galley_meta_get(galley_doc_get_meta(doc), "cover");
    char *p;
    if (cover && *cover && !cover_is_none(cover) &&
        (p = galley_image_source_path((const char *const *)dirs, cover))) {
      fn(ctx, p);
      free(p);
    }
    it = galley_iter_new(galley_doc_get_root(doc));
    while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
      galley_node *n = galley_iter_get_node(it);
      if (ev != GALLEY_EVENT_ENTER || galley_node_get_type(n) != GALLEY_NODE_IMAGE)
        continue;
      p = galley_image_source_path((const char *const *)dirs, galley_node_get_url(n));
      if (p)
        fn(ctx, p);
      free(p);
    }
    resource_dirs_free(dirs);
  }
  galley_iter_free(it);
  galley_buf_free(&b);
}
