/* cli_convert.c: one input converted: the run's files checked before
 * anything is written, the output paths, the editions written through
 * libgalley, the input's Make rule and report record. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* The output path for `input` and edition: DIR/base.ext or beside it. */
static char *output_path(const cli *c, const char *input, galley_edition ed)
{
  const char *ext = ed == GALLEY_EDITION_EPUB ? ".epub" : ".pdf";
  const char *base = strcmp(input, "-") == 0 ? "stdin" : input;
  const char *slash, *dot;
  size_t stem_len, n;
  char *out;
  if (c->output)
    return strdup(c->output);
  if (c->out_dir) {
    slash = strrchr(base, '/');
    base = slash ? slash + 1 : base;
  }
  dot = strrchr(base, '.');
  slash = strrchr(base, '/');
  stem_len = (dot && (!slash || dot > slash + 1) && dot != base) ? (size_t)(dot - base)
                                                                 : strlen(base);
  n = (c->out_dir ? strlen(c->out_dir) + 1 : 0) + stem_len + strlen(ext) + 1;
  out = malloc(n);
  if (!out)
    abort();
  if (c->out_dir)
    snprintf(out, n, "%s/%.*s%s", c->out_dir, (int)stem_len, base, ext);
  else
    snprintf(out, n, "%.*s%s", (int)stem_len, base, ext);
  return out;
}

/* Whether two paths name the same existing file. */
static int same_file(const char *a, const char *b)
{
  struct stat sa, sb;
  if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
    return 0;
  if (strcmp(a, b) == 0)
    return 1;
  if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
    return 0;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* mkdir -p: creates `dir` and its missing parents (mode 0777 less the
 * umask). Returns 0 on success, else -1 with errno set. */
int cli_make_dirs(const char *dir)
{
  char *p = strdup(dir), *q;
  int rc = 0;
  if (!p)
    abort();
  for (q = p + 1; rc == 0; q++) {
    if (*q == '/' || *q == '\0') {
      char c = *q;
      *q = '\0';
      if (mkdir(p, 0777) != 0 && errno != EEXIST)
        rc = -1;
      *q = c;
      if (c == '\0')
        break;
    }
  }
  free(p);
  return rc;
}

static double now_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long long file_size(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

typedef struct dep_ctx {
  sbuf *rule;
  const cli *c;
  char *clash;   /* owned: a file read that the depfile or report would
                    overwrite, or NULL */
  int clash_side;/* NO_DEPFILE or NO_REPORT_FILE: which one */
  char *unnamed; /* owned: a file whose name no Make rule can hold, or NULL */
} dep_ctx;

static char *file_key(const char *path);

/* Adds one file the editions were made from to the rule. Also the last
 * guard of the run's side outputs: the images are known only now, and a
 * depfile or report named like one of them must not replace it. */
static void add_dep(void *ctx, const char *path)
{
  dep_ctx *d = ctx;
  const char *side[2];
  int i;
  side[0] = d->c->depfile;
  side[1] = d->c->report_file;
  for (i = 0; i < 2 && !d->clash; i++)
    if (side[i]) {
      char *a = file_key(side[i]), *b = file_key(path);
      if (strcmp(a, b) == 0) {
        d->clash = strdup(path);
        d->clash_side = i == 0 ? NO_DEPFILE : NO_REPORT_FILE;
      }
      free(a);
      free(b);
    }
  /* Make has no way to write a newline inside a file name. */
  if (!d->unnamed && strpbrk(path, "\n\r"))
    d->unnamed = strdup(path);
  cli_sb_puts(d->rule, " \\\n  ");
  cli_sb_make_path(d->rule, path);
}

/* ------------------------------------------------------------------ */
/* The run's files, checked before anything is converted               */
/* ------------------------------------------------------------------ */

/* A name for the file `path` that two spellings of one file share: the
 * real path when it exists, else the real path of its directory and its
 * base name ("out/./a.epub" and "out/a.epub" agree). Caller frees. */
static char *file_key(const char *path)
{
  char *real = realpath(path, NULL), *dir, *key;
  const char *slash, *base;
  size_t n;
  if (real)
    return real;
  slash = strrchr(path, '/');
  base = slash ? slash + 1 : path;
  dir = slash ? (slash == path ? strdup("/") : strndup(path, (size_t)(slash - path)))
              : strdup(".");
  if (!dir)
    abort();
  real = realpath(dir, NULL);
  free(dir);
  if (!real)
    return strdup(path);
  n = strlen(real) + strlen(base) + 2;
  key = malloc(n);
  if (!key)
    abort();
  snprintf(key, n, "%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", base);
  free(real);
  return key;
}

/* One file of the run: what it is, for messages. */
typedef struct run_file {
  const char *path;  /* as the user will see it (borrowed or owned below) */
  char *owned;       /* owned copy, when path was computed */
  char *key;         /* owned: file_key(path) */
  int input;         /* index of the input it belongs to, -1 for none */
  const char *role;  /* "the input", "the style sheet", "--depfile", ... */
  int is_output;
} run_file;

/* Whether a cover value turns the cover off ("none", any case) rather
 * than naming an image file. */
static int is_cover_none(const char *v)
{
  return (v[0] | 0x20) == 'n' && (v[1] | 0x20) == 'o' && (v[2] | 0x20) == 'n' &&
         (v[3] | 0x20) == 'e' && v[4] == '\0';
}

static void add_run_file(run_file *files, int *n, const char *path, char *owned,
                         int input, const char *role, int is_output)
{
  run_file *f = &files[(*n)++];
  f->path = owned ? owned : path;
  f->owned = owned;
  f->key = file_key(f->path);
  if (!f->key)
    abort();
  f->input = input;
  f->role = role;
  f->is_output = is_output;
}

/* Checks, before anything is converted, that no file the run writes is
 * one it reads (an input, the style sheet, the cover) and that no two
 * outputs (editions of different inputs, --depfile, --report-file) are
 * the same file: a batch "-d out a/x.txt b/x.txt" would otherwise write
 * out/x.epub twice and lose one article, and "--depfile in.md" would
 * replace the article. Prints one message and returns the exit status
 * (73 for an output over something read, 64 for two outputs colliding),
 * or 0 when the run is sound. */
int cli_check_run_files(const cli *c, char **inputs, int n)
{
  run_file *files;
  int count = 0, i, j, k, code = EXIT_OK;
  files = calloc((size_t)n * 3 + 4, sizeof *files);
  if (!files)
    abort();
  for (i = 0; i < n; i++)
    if (strcmp(inputs[i], "-") != 0)
      add_run_file(files, &count, inputs[i], NULL, i, "the input", 0);
  if (c->conv.style && (strchr(c->conv.style, '/') || cli_has_suffix(c->conv.style, ".css")))
    add_run_file(files, &count, c->conv.style, NULL, -1, "the style sheet", 0);
  for (i = 0; i < c->meta_count; i++)
    if (strcmp(c->meta[2 * i], "cover") == 0 && !is_cover_none(c->meta[2 * i + 1]))
      add_run_file(files, &count, c->meta[2 * i + 1], NULL, -1, "the cover image", 0);
  if (!c->dump)
    for (i = 0; i < n; i++)
      for (k = 0; k < 2; k++) {
        galley_edition ed = k == 0 ? GALLEY_EDITION_EPUB : GALLEY_EDITION_PDF;
        char *out;
        if (c->editions && !(c->editions & ed))
          continue;
        out = output_path(c, inputs[i], ed);
        if (!out)
          abort();
        if (strcmp(out, "-") == 0) {
          free(out);
          continue;
        }
        add_run_file(files, &count, NULL, out, i,
                     k == 0 ? "the EPUB" : "the PDF", 1);
      }
  if (c->depfile)
    add_run_file(files, &count, c->depfile, NULL, -1, "--depfile", 1);
  if (c->report_file)
    add_run_file(files, &count, c->report_file, NULL, -1, "--report-file", 1);
  for (i = 0; i < count && code == EXIT_OK; i++) {
    if (!files[i].is_output)
      continue;
    for (j = 0; j < count && code == EXIT_OK; j++) {
      const run_file *a = &files[i], *b = &files[j];
      if (i == j || strcmp(a->key, b->key) != 0)
        continue;
      if (!b->is_output) {
        if (a->input >= 0 && a->input == b->input)
          fprintf(stderr, "galley: %s: error: refusing to overwrite the input %s\n",
                  a->path, b->path);
        else
          fprintf(stderr, "galley: %s: error: refusing to overwrite %s %s with %s%s%s\n",
                  a->path, b->role, b->path, a->role,
                  a->input >= 0 ? " of " : "", a->input >= 0 ? inputs[a->input] : "");
        code = EXIT_CANTCREAT;
      } else if (j > i) {
        if (a->input >= 0 && b->input >= 0)
          fprintf(stderr, "galley: error: %s and %s would both be written to %s; "
                          "convert them into different directories (-d) or "
                          "rename one\n",
                  inputs[a->input], inputs[b->input], a->path);
        else
          fprintf(stderr, "galley: error: %s%s%s and %s%s%s are the same file %s\n",
                  a->role, a->input >= 0 ? " of " : "",
                  a->input >= 0 ? inputs[a->input] : "", b->role,
                  b->input >= 0 ? " of " : "", b->input >= 0 ? inputs[b->input] : "",
                  a->path);
        code = EXIT_USAGE;
      }
    }
  }
  for (i = 0; i < count; i++) {
    free(files[i].owned);
    free(files[i].key);
  }
  free(files);
  return code;
}

/* ------------------------------------------------------------------ */
/* Converting one input                                                */
/* ------------------------------------------------------------------ */

/* A galley_sink on standard output, for --dump-layout. */
static galley_status write_stdout(void *ctx, const unsigned char *data, size_t len,
                                  galley_error *err)
{
  (void)ctx;
  if (fwrite(data, 1, len, stdout) != len) {
    galley_error_set(err, GALLEY_ERR_CANTCREAT, errno, "cannot write to standard output");
    return GALLEY_ERR_CANTCREAT;
  }
  return GALLEY_OK;
}

/* An edition's entry in the input's report record; `cache` "hit",
 * "miss" or NULL (no cache). */
static void edition_entry(sbuf *ej, galley_edition ed, const char *out, int pages,
                          const char *cache)
{
  cli_sb_puts(ej, "{\"format\": ");
  cli_sb_json_string(ej, ed == GALLEY_EDITION_EPUB ? "epub" : "pdf");
  cli_sb_puts(ej, ", \"path\": ");
  cli_sb_json_string(ej, out);
  cli_sb_printf(ej, ", \"bytes\": %lld", strcmp(out, "-") == 0 ? -1LL : file_size(out));
  if (ed == GALLEY_EDITION_PDF)
    cli_sb_printf(ej, ", \"pages\": %d", pages);
  if (cache) {
    cli_sb_puts(ej, ", \"cache\": ");
    cli_sb_json_string(ej, cache);
  }
  cli_sb_puts(ej, "}");
}

void cli_convert_one(cli *c, const char *input, result *res)
{
  galley_error err;
  galley_diag *diag = galley_diag_new();
  galley_doc *doc;
  const char *name = strcmp(input, "-") == 0 ? "<stdin>" : input;
  sbuf json = {0}, editions = {0}, errors = {0}, warnings = {0}, deps = {0};
  sbuf edition_json[2] = {{0}, {0}}; /* each edition's entry, EPUB first */
  char *written[2] = {NULL, NULL};
  galley_page_map page_map;
  unsigned wanted;
  int order[2] = {0, 1}, o;
  double t0 = now_seconds();
  int code = EXIT_OK, pages = -1, k, no_side = 0, warned = 0, pdf_cached = 0;
  int keyed[2] = {0, 0};
  char keys[2][65];

  res->cache_hits = res->cache_misses = res->cache_stores = 0;
  galley_error_clear(&err);
  c->conv.input = input;
  cli_fatal_set_input(name);
  doc = galley_convert_read(&c->conv, diag, &err);
  if (!doc) {
    code = cli_exit_code_for(err.code);
    cli_print_warnings(diag, name, c->quiet, &warnings);
    cli_print_error(&err, name, &errors);
    goto report;
  }
  if (c->conv.format == GALLEY_FORMAT_AUTO && galley_doc_get_reader_reason(doc) &&
      !c->quiet) {
    /* a note, not a warning: the input was read as it should be, and
     * --Werror has nothing to object to */
    fprintf(stderr, "galley: %s: note: read as Markdown (%s); -f txt reads it as plain text\n",
            name, galley_doc_get_reader_reason(doc));
  }
  if (c->dump) {
    char *d = galley_doc_dump(doc, 60);
    fputs(d, stdout);
    free(d);
    cli_print_warnings(diag, name, c->quiet, &warnings);
    goto report;
  }
  if (c->dump_layout) {
    /* The PDF is laid out in memory and dropped: only its lines matter. */
    galley_sink dump = {write_stdout, NULL};
    char *data = NULL;
    size_t len = 0;
    galley_convert_options conv = c->conv;
    conv.layout_dump = &dump;
    galley_error_clear(&err);
    if (galley_convert_to_memory(doc, &conv, GALLEY_EDITION_PDF, &data, &len, diag,
                                 &err) != GALLEY_OK) {
      cli_print_error(&err, name, &errors);
      code = cli_exit_code_for(err.code);
    }
    free(data);
    cli_print_warnings(diag, name, c->quiet, &warnings);
    goto report;
  }
  /* The EPUB carries the PDF's page numbers when both are made (the PDF
   * is then made first, and its pages mapped as it is cut) or when
   * --page-list asks (the PDF is laid out, not written). */
  memset(&page_map, 0, sizeof page_map);
  wanted = c->editions ? c->editions : GALLEY_EDITION_EPUB | GALLEY_EDITION_PDF;
  if (wanted == (GALLEY_EDITION_EPUB | GALLEY_EDITION_PDF)) {
    order[0] = 1;
    order[1] = 0;
  }
  /* With --cache, each edition's key (none for standard output, nor when
   * a file it is made from cannot be read: it is then made as usual). */
  for (k = 0; k < 2 && c->cache_dir && !(c->output && strcmp(c->output, "-") == 0); k++) {
    galley_edition ed = k == 0 ? GALLEY_EDITION_EPUB : GALLEY_EDITION_PDF;
    if (wanted & ed)
      keyed[k] = cli_cache_key(c, doc, ed, wanted, keys[k]) == 0;
  }
  for (o = 0; o < 2 && code == EXIT_OK; o++) {
    galley_edition ed;
    char *out;
    k = order[o];
    ed = k == 0 ? GALLEY_EDITION_EPUB : GALLEY_EDITION_PDF;
    if (!(wanted & ed))
      continue;
    out = output_path(c, input, ed);
    if (!out)
      abort();
    if (keyed[k] && !same_file(out, input) &&
        cli_cache_fetch(c, keys[k], ed, out, &pages) == 0) {
      /* made before from the same files: copied from the cache */
      res->cache_hits++;
      if (c->verbose)
        fprintf(stderr, "galley: wrote %s (from the cache)\n", out);
      edition_entry(&edition_json[k], ed, out, pages, "hit");
      written[k] = out;
      pdf_cached = ed == GALLEY_EDITION_PDF;
      continue;
    }
    if (keyed[k])
      res->cache_misses++;
    /* The EPUB with the PDF's page numbers, the PDF not laid out here
     * (--page-list, or the PDF taken from the cache): laid out now. */
    if (ed == GALLEY_EDITION_EPUB &&
        ((c->page_list && wanted == GALLEY_EDITION_EPUB) || pdf_cached)) {
      galley_error_clear(&err);
      if (galley_convert_page_map(doc, &c->conv, &page_map, &err) != GALLEY_OK) {
        cli_print_error(&err, name, &errors);
        code = cli_exit_code_for(err.code);
        free(out);
        break;
      }
    }
    c->conv.out_pages = ed == GALLEY_EDITION_PDF ? &pages : NULL;
    c->conv.out_page_map = ed == GALLEY_EDITION_PDF && (wanted & GALLEY_EDITION_EPUB)
                               ? &page_map : NULL;
    c->conv.page_map = ed == GALLEY_EDITION_EPUB && page_map.count > 0 ? &page_map : NULL;
    warned = galley_diag_get_count(diag);
    galley_error_clear(&err);
    if (same_file(out, input)) {
      galley_error_set(&err, GALLEY_ERR_CANTCREAT, 0,
                       "refusing to overwrite the input %s", input);
      galley_error_set_where(&err, out, 0, 0);
      cli_print_error(&err, out, &errors);
      code = EXIT_CANTCREAT;
    } else if (galley_convert_write(doc, &c->conv, ed, out, diag, &err) != GALLEY_OK) {
      cli_print_error(&err, out, &errors);
      code = cli_exit_code_for(err.code);
    } else {
      if (c->verbose)
        fprintf(stderr, "galley: wrote %s\n", out);
      /* An edition whose making warned is not stored: its warnings are
       * said again on every run, as --Werror expects. */
      if (keyed[k] && galley_diag_get_count(diag) == warned &&
          cli_cache_store(c, keys[k], ed, out, pages) == 0)
        res->cache_stores++;
      edition_entry(&edition_json[k], ed, out, pages, keyed[k] ? "miss" : NULL);
      written[k] = out;
      out = NULL;
    }
    free(out);
  }
  c->conv.out_page_map = NULL;
  c->conv.page_map = NULL;
  galley_page_map_clear(&page_map);
  for (k = 0; k < 2; k++) {
    if (edition_json[k].len) {
      if (editions.len)
        cli_sb_puts(&editions, ", ");
      cli_sb_put(&editions, edition_json[k].p, edition_json[k].len);
    }
    free(edition_json[k].p);
  }
  cli_print_warnings(diag, name, c->quiet, &warnings);
  if (code == EXIT_OK && c->werror && galley_diag_get_count(diag) > 0) {
    galley_error_clear(&err);
    galley_error_set(&err, GALLEY_ERR_DATA, 0,
                     "%d warning(s) treated as errors (--Werror)",
                     galley_diag_get_count(diag));
    cli_print_error(&err, name, &errors);
    code = EXIT_DATAERR;
  }
  if (code == EXIT_OK && (c->depfile || c->report_file) && (written[0] || written[1])) {
    dep_ctx dc;
    unsigned eds = 0;
    for (k = 0; k < 2; k++)
      if (written[k]) {
        if (deps.len)
          cli_sb_puts(&deps, " ");
        cli_sb_make_path(&deps, written[k]);
        eds |= k == 0 ? GALLEY_EDITION_EPUB : GALLEY_EDITION_PDF;
      }
    /* the page numbers of --page-list come from the PDF's layout: its
     * fonts are inputs of the EPUB */
    if (c->page_list && written[0])
      eds |= GALLEY_EDITION_PDF;
    cli_sb_puts(&deps, ":");
    memset(&dc, 0, sizeof dc);
    dc.rule = &deps;
    dc.c = c;
    galley_convert_list_deps(doc, &c->conv, eds, add_dep, &dc);
    cli_sb_puts(&deps, "\n");
    if (dc.clash) {
      galley_error_clear(&err);
      galley_error_set(&err, GALLEY_ERR_CANTCREAT, 0,
                       "refusing to overwrite %s, which %s was made from, with %s",
                       dc.clash, name,
                       dc.clash_side == NO_DEPFILE ? "--depfile" : "--report-file");
      cli_print_error(&err, dc.clash_side == NO_DEPFILE ? c->depfile : c->report_file,
                      &errors);
      code = EXIT_CANTCREAT;
      no_side = dc.clash_side;
    } else if (dc.unnamed && c->depfile) {
      galley_error_clear(&err);
      galley_error_set(&err, GALLEY_ERR_CANTCREAT, 0,
                       "a Make rule cannot name '%s' (a line break in a file "
                       "name); rename it",
                       dc.unnamed);
      cli_print_error(&err, c->depfile, &errors);
      code = EXIT_CANTCREAT;
      no_side = NO_DEPFILE;
    }
    if (code != EXIT_OK || !c->depfile) {
      free(deps.p);
      memset(&deps, 0, sizeof deps);
    }
    free(dc.clash);
    free(dc.unnamed);
  }
report:
  cli_sb_puts(&json, "{\"input\": ");
  cli_sb_json_string(&json, name);
  cli_sb_printf(&json, ", \"exit\": %d, \"editions\": [%s], \"warnings\": [%s], "
                   "\"errors\": [%s], \"seconds\": %.4f}",
                code, editions.p ? editions.p : "", warnings.p ? warnings.p : "",
                errors.p ? errors.p : "", now_seconds() - t0);
  free(editions.p);
  free(warnings.p);
  free(errors.p);
  free(written[0]);
  free(written[1]);
  galley_doc_free(doc);
  galley_diag_free(diag);
  res->code = code;
  res->no_side = no_side;
  res->json = cli_sb_take(&json);
  res->deps = cli_sb_take(&deps);
}
