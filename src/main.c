/* main.c: the galley command line. Options, paths, messages and the exit
 * status live here and nowhere else; the conversion itself is libgalley's
 * galley_convert_read / galley_convert_write. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "galley.h"

/* Exit codes, from sysexits.h; documented in README.md and --help. */
enum {
  EXIT_OK = 0,
  EXIT_USAGE = 64,
  EXIT_DATAERR = 65,
  EXIT_NOINPUT = 66,
  EXIT_SOFTWARE = 70,
  EXIT_CANTCREAT = 73
};

static const char usage_text[] =
    "usage: galley [OPTIONS] INPUT...\n"
    "Convert articles (plain text or Markdown) into an EPUB 3 ebook and a PDF.\n"
    "\n"
    "With no output option, both editions are written beside each input\n"
    "(a.txt gives a.epub and a.pdf).\n"
    "\n"
    "Output:\n"
    "  -o, --output FILE      write one edition to FILE (.epub or .pdf; - for stdout\n"
    "                         with -t)\n"
    "  -t, --to LIST          editions to write: epub, pdf or epub,pdf\n"
    "  -d, --output-dir DIR   write editions into DIR instead of beside the input\n"
    "      --dump             print the recovered document model and exit\n"
    "Input:\n"
    "  -f, --from FORMAT      input format: txt or md (default: by extension)\n"
    "      --strip-html       drop raw HTML in Markdown instead of keeping it as text\n"
    "Metadata (overrides what the input says):\n"
    "      --title TEXT       --author NAME (repeatable)   --language CODE\n"
    "      --date DATE        --metadata KEY=VALUE\n"
    "Style:\n"
    "      --style NAME|FILE  classic (default), modern, or a .css file\n"
    "      --page-size SIZE   A4 (default), Letter, A5, or WxH with mm or in\n"
    "Messages:\n"
    "  -q, --quiet            print errors only\n"
    "  -v, --verbose          say what was written\n"
    "      --Werror           treat warnings as errors\n"
    "  -h, --help             show this help\n"
    "  -V, --version          show the version\n"
    "\n"
    "Exit status: 0 success, 64 usage error, 65 bad input data, 66 input missing\n"
    "or unreadable, 70 internal error, 73 cannot create output.\n"
    "Environment: SOURCE_DATE_EPOCH fixes every date for reproducible output.\n";

enum {
  OPT_TITLE = 256,
  OPT_AUTHOR,
  OPT_LANGUAGE,
  OPT_DATE,
  OPT_METADATA,
  OPT_STYLE,
  OPT_PAGE_SIZE,
  OPT_DUMP,
  OPT_WERROR,
  OPT_STRIP_HTML
};

typedef struct cli {
  const char *output;     /* -o */
  const char *out_dir;    /* -d */
  unsigned editions;      /* GALLEY_EDITION_* bits; 0 = default */
  int dump;
  int quiet;
  int verbose;
  int werror;
  const char **meta;      /* owned array of borrowed strings: key, value pairs */
  int meta_count;
  char **meta_owned;      /* owned keys/values split from --metadata */
  int meta_owned_count;
  galley_convert_options conv;
} cli;

static int exit_code_for(galley_status st)
{
  switch (st) {
  case GALLEY_OK: return EXIT_OK;
  case GALLEY_ERR_USAGE: return EXIT_USAGE;
  case GALLEY_ERR_DATA: return EXIT_DATAERR;
  case GALLEY_ERR_NOINPUT: return EXIT_NOINPUT;
  case GALLEY_ERR_CANTCREAT: return EXIT_CANTCREAT;
  default: return EXIT_SOFTWARE;
  }
}

/* Severity order for "the worst one wins" across several inputs. */
static int worse(int a, int b)
{
  static const int order[] = {EXIT_OK, EXIT_DATAERR, EXIT_NOINPUT,
                              EXIT_CANTCREAT, EXIT_USAGE, EXIT_SOFTWARE};
  int ia = 0, ib = 0, i;
  for (i = 0; i < 6; i++) {
    if (order[i] == a) ia = i;
    if (order[i] == b) ib = i;
  }
  return ia >= ib ? a : b;
}

static void print_error(const galley_error *err, const char *fallback_file)
{
  const char *file = err->file[0] ? err->file : fallback_file;
  if (file && err->line > 0 && err->col > 0)
    fprintf(stderr, "galley: %s:%d:%d: error: %s\n", file, err->line, err->col,
            err->message);
  else if (file && err->line > 0)
    fprintf(stderr, "galley: %s:%d: error: %s\n", file, err->line, err->message);
  else if (file)
    fprintf(stderr, "galley: %s: error: %s\n", file, err->message);
  else
    fprintf(stderr, "galley: error: %s\n", err->message);
}

static void print_warnings(const galley_diag *diag, const char *file, int quiet)
{
  int i, n = galley_diag_get_count(diag);
  if (quiet)
    return;
  for (i = 0; i < n; i++) {
    int line, col;
    const char *msg = galley_diag_get(diag, i, &line, &col);
    if (line > 0 && col > 0)
      fprintf(stderr, "galley: %s:%d:%d: warning: %s\n", file, line, col, msg);
    else if (line > 0)
      fprintf(stderr, "galley: %s:%d: warning: %s\n", file, line, msg);
    else
      fprintf(stderr, "galley: %s: warning: %s\n", file, msg);
  }
}

static void usage_error(const char *fmt, const char *arg)
{
  fprintf(stderr, "galley: error: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'galley --help' for more information.\n");
}

static void add_meta(cli *c, const char *key, const char *value)
{
  c->meta = realloc(c->meta, sizeof(char *) * (size_t)(c->meta_count + 1) * 2);
  if (!c->meta) {
    fprintf(stderr, "galley: out of memory\n");
    abort();
  }
  c->meta[2 * c->meta_count] = key;
  c->meta[2 * c->meta_count + 1] = value;
  c->meta_count++;
}

static char *keep(cli *c, char *s)
{
  c->meta_owned = realloc(c->meta_owned, sizeof(char *) * (size_t)(c->meta_owned_count + 1));
  if (!c->meta_owned || !s) {
    fprintf(stderr, "galley: out of memory\n");
    abort();
  }
  c->meta_owned[c->meta_owned_count++] = s;
  return s;
}

static int parse_editions(const char *list, unsigned *out)
{
  char *copy = strdup(list), *tok, *save = NULL;
  unsigned e = 0;
  int ok = 1;
  if (!copy)
    abort();
  for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    if (strcmp(tok, "epub") == 0)
      e |= GALLEY_EDITION_EPUB;
    else if (strcmp(tok, "pdf") == 0)
      e |= GALLEY_EDITION_PDF;
    else
      ok = 0;
  }
  free(copy);
  *out = e;
  return ok && e;
}

static int has_suffix(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The output path for `input` and edition: DIR/base.ext or beside it. */
static char *output_path(const cli *c, const char *input, galley_edition ed)
{
  const char *ext = ed == GALLEY_EDITION_EPUB ? ".epub" : ".pdf";
  const char *base = strcmp(input, "-") == 0 ? "stdin" : input;
  const char *slash, *dot;
  size_t stem_len, n;
  char *out;
  if (c->out_dir) {
    slash = strrchr(base, '/');
    base = slash ? slash + 1 : base;
  }
  dot = strrchr(base, '.');
  slash = strrchr(base, '/');
  stem_len = (dot && (!slash || dot > slash) && dot != base) ? (size_t)(dot - base)
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
  if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
    return 0;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int convert_one(cli *c, const char *input)
{
  galley_error err;
  galley_diag *diag = galley_diag_new();
  galley_doc *doc;
  const char *name = strcmp(input, "-") == 0 ? "<stdin>" : input;
  int code = EXIT_OK;
  int k;

  galley_error_clear(&err);
  c->conv.input = input;
  doc = galley_convert_read(&c->conv, diag, &err);
  if (!doc) {
    print_warnings(diag, name, c->quiet);
    print_error(&err, name);
    galley_diag_free(diag);
    return exit_code_for(err.code);
  }
  if (c->dump) {
    char *d = galley_doc_dump(doc, 60);
    fputs(d, stdout);
    free(d);
    print_warnings(diag, name, c->quiet);
    galley_doc_free(doc);
    galley_diag_free(diag);
    return EXIT_OK;
  }
  for (k = 0; k < 2 && code == EXIT_OK; k++) {
    galley_edition ed = k == 0 ? GALLEY_EDITION_EPUB : GALLEY_EDITION_PDF;
    char *out;
    if (c->output) {
      if (!(c->editions & ed))
        continue;
      out = strdup(c->output);
    } else {
      if (c->editions && !(c->editions & ed))
        continue;
      out = output_path(c, input, ed);
    }
    if (!out)
      abort();
    if (same_file(out, input)) {
      fprintf(stderr, "galley: %s: error: refusing to overwrite the input\n", out);
      code = EXIT_CANTCREAT;
    } else if (galley_convert_write(doc, &c->conv, ed, out, diag, &err) != GALLEY_OK) {
      print_error(&err, out);
      code = exit_code_for(err.code);
    } else if (c->verbose) {
      fprintf(stderr, "galley: wrote %s\n", out);
    }
    free(out);
  }
  print_warnings(diag, name, c->quiet);
  if (code == EXIT_OK && c->werror && galley_diag_get_count(diag) > 0) {
    fprintf(stderr, "galley: %s: error: warnings treated as errors (--Werror)\n", name);
    code = EXIT_DATAERR;
  }
  galley_doc_free(doc);
  galley_diag_free(diag);
  return code;
}

int main(int argc, char **argv)
{
  static const struct option longopts[] = {
      {"output", required_argument, NULL, 'o'},
      {"to", required_argument, NULL, 't'},
      {"output-dir", required_argument, NULL, 'd'},
      {"from", required_argument, NULL, 'f'},
      {"quiet", no_argument, NULL, 'q'},
      {"verbose", no_argument, NULL, 'v'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {"title", required_argument, NULL, OPT_TITLE},
      {"author", required_argument, NULL, OPT_AUTHOR},
      {"language", required_argument, NULL, OPT_LANGUAGE},
      {"date", required_argument, NULL, OPT_DATE},
      {"metadata", required_argument, NULL, OPT_METADATA},
      {"style", required_argument, NULL, OPT_STYLE},
      {"page-size", required_argument, NULL, OPT_PAGE_SIZE},
      {"dump", no_argument, NULL, OPT_DUMP},
      {"Werror", no_argument, NULL, OPT_WERROR},
      {"strip-html", no_argument, NULL, OPT_STRIP_HTML},
      {NULL, 0, NULL, 0}};
  cli c;
  int opt, i, code = EXIT_OK;
  const char *sde;

  setlocale(LC_ALL, "C");
  memset(&c, 0, sizeof c);
  c.conv.source_date_epoch = -1;
  opterr = 0;
  while ((opt = getopt_long(argc, argv, ":o:t:d:f:qvhV", longopts, NULL)) != -1) {
    switch (opt) {
    case 'o': c.output = optarg; break;
    case 'd': c.out_dir = optarg; break;
    case 't':
      if (!parse_editions(optarg, &c.editions)) {
        usage_error("unknown edition '%s' (use epub, pdf or epub,pdf)", optarg);
        return EXIT_USAGE;
      }
      break;
    case 'f':
      if (strcmp(optarg, "md") == 0 || strcmp(optarg, "markdown") == 0)
        c.conv.format = GALLEY_FORMAT_MARKDOWN;
      else if (strcmp(optarg, "txt") == 0 || strcmp(optarg, "text") == 0)
        c.conv.format = GALLEY_FORMAT_TEXT;
      else {
        usage_error("unknown input format '%s' (use txt or md)", optarg);
        return EXIT_USAGE;
      }
      break;
    case 'q': c.quiet = 1; break;
    case 'v': c.verbose = 1; break;
    case 'h': fputs(usage_text, stdout); return EXIT_OK;
    case 'V': printf("galley %s\n", GALLEY_VERSION); return EXIT_OK;
    case OPT_TITLE: add_meta(&c, "title", optarg); break;
    case OPT_AUTHOR: add_meta(&c, "author", optarg); break;
    case OPT_LANGUAGE: add_meta(&c, "language", optarg); break;
    case OPT_DATE: add_meta(&c, "date", optarg); break;
    case OPT_METADATA: {
      const char *eq = strchr(optarg, '=');
      if (!eq || eq == optarg) {
        usage_error("--metadata wants KEY=VALUE, not '%s'", optarg);
        return EXIT_USAGE;
      }
      add_meta(&c, keep(&c, strndup(optarg, (size_t)(eq - optarg))), eq + 1);
      break;
    }
    case OPT_STYLE: c.conv.style = optarg; break;
    case OPT_PAGE_SIZE: c.conv.page_size = optarg; break;
    case OPT_DUMP: c.dump = 1; break;
    case OPT_WERROR: c.werror = 1; break;
    case OPT_STRIP_HTML: c.conv.flags |= GALLEY_OPT_STRIP_HTML; break;
    case ':':
      usage_error("option '%s' needs an argument", argv[optind - 1]);
      return EXIT_USAGE;
    default:
      usage_error("unknown option '%s'", argv[optind - 1]);
      return EXIT_USAGE;
    }
  }
  if (optind >= argc) {
    usage_error("%s", "no input given");
    return EXIT_USAGE;
  }
  if (c.output && argc - optind > 1) {
    usage_error("%s", "-o takes one input; use -d DIR for several");
    return EXIT_USAGE;
  }
  if (c.output) {
    if (strcmp(c.output, "-") == 0) {
      if (c.editions != GALLEY_EDITION_EPUB && c.editions != GALLEY_EDITION_PDF) {
        usage_error("%s", "-o - needs exactly one edition with -t epub or -t pdf");
        return EXIT_USAGE;
      }
    } else {
      unsigned by_ext = has_suffix(c.output, ".epub")  ? GALLEY_EDITION_EPUB
                        : has_suffix(c.output, ".pdf") ? GALLEY_EDITION_PDF
                                                       : 0;
      if (!by_ext || (c.editions && c.editions != by_ext)) {
        usage_error("cannot tell the edition of '%s' (name it .epub or .pdf)", c.output);
        return EXIT_USAGE;
      }
      c.editions = by_ext;
    }
  }
  sde = getenv("SOURCE_DATE_EPOCH");
  if (sde && *sde) {
    char *end;
    long long v;
    errno = 0;
    v = strtoll(sde, &end, 10);
    if (errno || *end || v < 0) {
      usage_error("SOURCE_DATE_EPOCH is not a number of seconds: '%s'", sde);
      return EXIT_USAGE;
    }
    c.conv.source_date_epoch = v;
  }
  c.conv.meta = c.meta;
  c.conv.meta_count = c.meta_count;
  for (i = optind; i < argc; i++)
    code = worse(code, convert_one(&c, argv[i]));
  free(c.meta);
  for (i = 0; i < c.meta_owned_count; i++)
    free(c.meta_owned[i]);
  free(c.meta_owned);
  return code;
}
