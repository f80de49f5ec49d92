/* cli_options.c: the command line read: --help, the options and their
 * checks, the metadata and resource directories they add, the data
 * directory beside the program. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

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
    "  -j, --jobs N           convert N inputs at once (default: number of cores)\n"
    "      --depfile FILE     write a Make dependency file listing every file read\n"
    "      --report json      write a JSON report (per input: editions, sizes, pages,\n"
    "                         warnings, timing) to stderr, or to --report-file FILE\n"
    "      --cache DIR        reuse the editions stored in DIR when everything they\n"
    "                         were made from is the same (made and stored else)\n"
    "      --cache-max-size SIZE  keep DIR under SIZE (k, M, G; default 5G)\n"
    "      --cache-stats      print DIR's hits, misses and size (after the run)\n"
    "      --dump             print the recovered document model and exit\n"
    "      --dump-layout      lay out the PDF and print its lines instead of writing\n"
    "                         it: page, block, width, measure, spaces, word gap in\n"
    "                         em, hyphen, last line, justified, text, baseline,\n"
    "                         glyph scale\n"
    "Input:\n"
    "      --files-from FILE  convert the paths FILE lists, one a line (- : stdin)\n"
    "      --shard K/N        convert only shard K of N of the inputs (by a hash of\n"
    "                         each path relative to --shard-root DIR, default the\n"
    "                         working directory); auto: from SLURM_ARRAY_TASK_ID or\n"
    "                         JOB_COMPLETION_INDEX (auto/N)\n"
    "      --list-inputs      print the inputs the run would convert, one a line,\n"
    "                         and exit\n"
    "  -f, --from FORMAT      input format: txt or md (default: by extension,\n"
    "                         or md for text that is evidently Markdown)\n"
    "      --strip-html       drop raw HTML in Markdown instead of keeping it as text\n"
    "      --no-smart         keep straight quotes, --, ... and _emphasis_ as typed\n"
    "      --resource-path DIRS  further directories images may come from\n"
    "                         (':'-separated); by default only the input's own\n"
    "      --cover FILE       the cover image (PNG or JPEG) of both editions\n"
    "      --no-cover         without a cover image both editions open with a cover\n"
    "                         made from the title and authors: leave it out (as\n"
    "                         the metadata cover: none does)\n"
    "      --no-cover-page    leave that made cover out of the PDF alone (a print\n"
    "                         interior whose cover is printed apart)\n"
    "Metadata (overrides what the input says):\n"
    "      --title TEXT       --author NAME (repeatable)   --language CODE\n"
    "      --date DATE        --metadata KEY=VALUE\n"
    "Style:\n"
    "      --style NAME|FILE  classic (default), modern, or a .css file\n"
    "      --page-size SIZE   A4 (default), Letter, A5, or WxH with mm or in\n"
    "      --page-list        give the EPUB the PDF's page numbers (page-break\n"
    "                         markers and a page list) when the PDF is not written\n"
    "                         with it (with both editions they are always there)\n"
    "Messages:\n"
    "  -q, --quiet            print errors only\n"
    "  -v, --verbose          say what was written\n"
    "      --Werror           treat warnings as errors\n"
    "  -h, --help             show this help\n"
    "  -V, --version          show the version (with -v, its libraries' too)\n"
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
  OPT_DUMP_LAYOUT,
  OPT_WERROR,
  OPT_STRIP_HTML,
  OPT_DEPFILE,
  OPT_REPORT,
  OPT_REPORT_FILE,
  OPT_RESOURCE_PATH,
  OPT_COVER,
  OPT_NO_SMART,
  OPT_PAGE_LIST,
  OPT_NO_COVER,
  OPT_COVER_PAGE,
  OPT_NO_COVER_PAGE,
  OPT_FILES_FROM,
  OPT_SHARD,
  OPT_SHARD_ROOT,
  OPT_CACHE,
  OPT_CACHE_MAX_SIZE,
  OPT_CACHE_STATS,
  OPT_LIST_INPUTS
};

/* The cache's default size limit, as ccache's. */
#define CACHE_DEFAULT_MAX (5LL << 30)

/* A size with an optional k, M or G (powers of 1024); -1 when not one. */
static long long parse_size(const char *s)
{
  char *end;
  double v;
  errno = 0;
  v = strtod(s, &end);
  if (errno || end == s || v < 0)
    return -1;
  switch (*end) {
  case '\0': break;
  case 'k': case 'K': v *= 1024.0; end++; break;
  case 'm': case 'M': v *= 1024.0 * 1024.0; end++; break;
  case 'g': case 'G': v *= 1024.0 * 1024.0 * 1024.0; end++; break;
  default: return -1;
  }
  if (*end == 'B' || *end == 'b')
    end++;
  return *end || v > 9e18 ? -1 : (long long)v;
}

/* ------------------------------------------------------------------ */
/* Options                                                             */
/* ------------------------------------------------------------------ */

static void add_meta(cli *c, const char *key, const char *value)
{
  c->meta = realloc(c->meta, sizeof(char *) * (size_t)(c->meta_count + 1) * 2);
  if (!c->meta)
    abort();
  c->meta[2 * c->meta_count] = key;
  c->meta[2 * c->meta_count + 1] = value;
  c->meta_count++;
}

static char *keep(cli *c, char *s)
{
  c->meta_owned = realloc(c->meta_owned, sizeof(char *) * (size_t)(c->meta_owned_count + 1));
  if (!c->meta_owned || !s)
    abort();
  c->meta_owned[c->meta_owned_count++] = s;
  return s;
}

/* Appends one directory to the resource path list (a NULL-terminated
 * array the cli owns; the strings are borrowed from argv or kept). */
static void add_resource_dir(cli *c, const char *dir)
{
  c->resource_paths = realloc(c->resource_paths,
                              sizeof(char *) * (size_t)(c->resource_path_count + 2));
  if (!c->resource_paths)
    abort();
  c->resource_paths[c->resource_path_count++] = dir;
  c->resource_paths[c->resource_path_count] = NULL;
  c->conv.resource_paths = c->resource_paths;
}

/* --resource-path DIR[:DIR...]: the entries are separated by ':' as in
 * pandoc's option, unless the whole argument names an existing directory
 * (a folder called "pub:draft" is one directory). Empty entries are
 * skipped. The directories stay separate strings from here on. */
static void add_resource_path(cli *c, const char *arg)
{
  struct stat st;
  const char *p = arg;
  if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
    add_resource_dir(c, arg);
    return;
  }
  while (*p) {
    const char *colon = strchr(p, ':');
    size_t n = colon ? (size_t)(colon - p) : strlen(p);
    if (n)
      add_resource_dir(c, keep(c, strndup(p, n)));
    p += n + (colon ? 1 : 0);
  }
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

/* The data directory (fonts/, styles/) beside this program, when
 * $GALLEY_DATADIR names none: share/galley next to the executable (the
 * build tree's, links CMake makes) or ../share/galley from it (an
 * installation, moved or not). Written into buf; NULL when neither is
 * there (or the executable cannot be found): then the library's
 * installed one. */
static const char *exe_data_dir(char *buf, size_t size)
{
  static const char *const places[] = {"/share/galley", "/../share/galley"};
  char exe[4096], probe[4200];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  char *slash;
  size_t i;
  struct stat st;
  if (n <= 0)
    return NULL;
  exe[n] = '\0';
  slash = strrchr(exe, '/');
  if (!slash)
    return NULL;
  *slash = '\0';
  for (i = 0; i < sizeof places / sizeof *places; i++) {
    int ok;
    snprintf(probe, sizeof probe, "%s%s/fonts", exe, places[i]);
    ok = stat(probe, &st) == 0 && S_ISDIR(st.st_mode);
    snprintf(probe, sizeof probe, "%s%s/styles", exe, places[i]);
    ok = ok && stat(probe, &st) == 0 && S_ISDIR(st.st_mode);
    if (ok && (size_t)snprintf(buf, size, "%s%s", exe, places[i]) < size)
      return buf;
  }
  return NULL;
}

int cli_has_suffix(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}
int cli_options_parse(cli *c, int argc, char **argv, char *data_dir,
                      size_t data_dir_size, char ***out_inputs, int *out_n)
{
  static const struct option longopts[] = {
      {"output", required_argument, NULL, 'o'},
      {"to", required_argument, NULL, 't'},
      {"output-dir", required_argument, NULL, 'd'},
      {"jobs", required_argument, NULL, 'j'},
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
      {"dump-layout", no_argument, NULL, OPT_DUMP_LAYOUT},
      {"Werror", no_argument, NULL, OPT_WERROR},
      {"strip-html", no_argument, NULL, OPT_STRIP_HTML},
      {"no-smart", no_argument, NULL, OPT_NO_SMART},
      {"page-list", no_argument, NULL, OPT_PAGE_LIST},
      {"no-cover", no_argument, NULL, OPT_NO_COVER},
      {"cover-page", no_argument, NULL, OPT_COVER_PAGE},
      {"no-cover-page", no_argument, NULL, OPT_NO_COVER_PAGE},
      {"depfile", required_argument, NULL, OPT_DEPFILE},
      {"report", required_argument, NULL, OPT_REPORT},
      {"report-file", required_argument, NULL, OPT_REPORT_FILE},
      {"resource-path", required_argument, NULL, OPT_RESOURCE_PATH},
      {"cover", required_argument, NULL, OPT_COVER},
      {"files-from", required_argument, NULL, OPT_FILES_FROM},
      {"shard", required_argument, NULL, OPT_SHARD},
      {"shard-root", required_argument, NULL, OPT_SHARD_ROOT},
      {"cache", required_argument, NULL, OPT_CACHE},
      {"cache-max-size", required_argument, NULL, OPT_CACHE_MAX_SIZE},
      {"cache-stats", no_argument, NULL, OPT_CACHE_STATS},
      {"list-inputs", no_argument, NULL, OPT_LIST_INPUTS},
      {NULL, 0, NULL, 0}};
  int opt, i, n, version = 0;
  const char *sde;
  char **inputs;

  opterr = 0;
  while ((opt = getopt_long(argc, argv, ":o:t:d:j:f:qvhV", longopts, NULL)) != -1) {
    switch (opt) {
    case 'o': c->output = optarg; break;
    case 'd': c->out_dir = optarg; break;
    case 'j': {
      char *end;
      long v = strtol(optarg, &end, 10);
      if (*end || v < 1 || v > MAX_CHILDREN) {
        cli_usage_error("-j wants a number of jobs from 1 to 256, not '%s'", optarg);
        return EXIT_USAGE;
      }
      c->jobs = (int)v;
      break;
    }
    case 't':
      if (!parse_editions(optarg, &c->editions)) {
        cli_usage_error("unknown edition '%s' (use epub, pdf or epub,pdf)", optarg);
        return EXIT_USAGE;
      }
      break;
    case 'f':
      if (strcmp(optarg, "md") == 0 || strcmp(optarg, "markdown") == 0)
        c->conv.format = GALLEY_FORMAT_MARKDOWN;
      else if (strcmp(optarg, "txt") == 0 || strcmp(optarg, "text") == 0)
        c->conv.format = GALLEY_FORMAT_TEXT;
      else {
        cli_usage_error("unknown input format '%s' (use txt or md)", optarg);
        return EXIT_USAGE;
      }
      break;
    case 'q': c->quiet = 1; break;
    case 'v': c->verbose = 1; break;
    case 'h': fputs(usage_text, stdout); return EXIT_OK;
    case 'V': version = 1; break;
    case OPT_TITLE: add_meta(c, "title", optarg); break;
    case OPT_AUTHOR: add_meta(c, "author", optarg); break;
    case OPT_LANGUAGE: add_meta(c, "language", optarg); break;
    case OPT_DATE: add_meta(c, "date", optarg); break;
    case OPT_METADATA: {
      const char *eq = strchr(optarg, '=');
      if (!eq || eq == optarg) {
        cli_usage_error("--metadata wants KEY=VALUE, not '%s'", optarg);
        return EXIT_USAGE;
      }
      add_meta(c, keep(c, strndup(optarg, (size_t)(eq - optarg))), eq + 1);
      break;
    }
    case OPT_STYLE: c->conv.style = optarg; break;
    case OPT_PAGE_SIZE: c->conv.page_size = optarg; break;
    case OPT_DUMP: c->dump = 1; break;
    case OPT_DUMP_LAYOUT: c->dump_layout = 1; break;
    case OPT_WERROR: c->werror = 1; break;
    case OPT_STRIP_HTML: c->conv.flags |= GALLEY_OPT_STRIP_HTML; break;
    case OPT_NO_SMART: c->conv.flags |= GALLEY_OPT_NO_SMART; break;
    case OPT_PAGE_LIST: c->page_list = 1; break;
    case OPT_NO_COVER: c->conv.flags |= GALLEY_OPT_NO_COVER; break;
    /* --cover-page asked for what is now the default; kept so that
       scripts written for it still run. */
    case OPT_COVER_PAGE: c->conv.flags &= ~GALLEY_OPT_NO_COVER_PAGE; break;
    case OPT_NO_COVER_PAGE: c->conv.flags |= GALLEY_OPT_NO_COVER_PAGE; break;
    case OPT_DEPFILE: c->depfile = optarg; break;
    case OPT_RESOURCE_PATH: add_resource_path(c, optarg); break;
    case OPT_COVER: {
      /* A cover named on the command line is the user's own choice: its
       * directory is allowed, and the path no longer depends on where the
       * input lies. */
      char *real = realpath(optarg, NULL);
      char *slash;
      if (!real) {
        fprintf(stderr, "galley: %s: error: cannot open cover image: %s\n", optarg,
                strerror(errno));
        return EXIT_NOINPUT;
      }
      add_meta(c, "cover", keep(c, real));
      slash = strrchr(real, '/');
      add_resource_dir(c, keep(c, slash == real ? strdup("/")
                                                  : strndup(real, (size_t)(slash - real))));
      break;
    }
    case OPT_REPORT:
      if (strcmp(optarg, "json") != 0) {
        cli_usage_error("unknown report format '%s' (use json)", optarg);
        return EXIT_USAGE;
      }
      c->report = 1;
      break;
    case OPT_REPORT_FILE: c->report = 1; c->report_file = optarg; break;
    case OPT_FILES_FROM: c->files_from = optarg; break;
    case OPT_SHARD:
      if (cli_shard_parse(c, optarg) != 0)
        return EXIT_USAGE;
      break;
    case OPT_SHARD_ROOT: c->shard_root = optarg; break;
    case OPT_CACHE: c->cache_dir = optarg; break;
    case OPT_CACHE_MAX_SIZE:
      c->cache_max = parse_size(optarg);
      if (c->cache_max <= 0) {
        cli_usage_error("--cache-max-size wants a size such as 500M or 5G, not '%s'",
                        optarg);
        return EXIT_USAGE;
      }
      break;
    case OPT_CACHE_STATS: c->cache_stats = 1; break;
    case OPT_LIST_INPUTS: c->list_inputs = 1; break;
    case ':':
      cli_usage_error("option '%s' needs an argument", argv[optind - 1]);
      return EXIT_USAGE;
    default:
      cli_usage_error("unknown option '%s'", argv[optind - 1]);
      return EXIT_USAGE;
    }
  }
  if (version) {
    /* with -v, the libraries that shape the editions too */
    char libs[512];
    galley_library_versions(libs, sizeof libs);
    printf("galley %s\n", galley_version());
    if (c->verbose)
      printf("%s\n", libs);
    return EXIT_OK;
  }
  if ((c->cache_stats || c->cache_max) && !c->cache_dir) {
    cli_usage_error("%s", "--cache-stats and --cache-max-size go with --cache DIR");
    return EXIT_USAGE;
  }
  if (c->shard_root && !c->shard_n && !c->shard_auto) {
    cli_usage_error("%s", "--shard-root goes with --shard");
    return EXIT_USAGE;
  }
  if (!c->cache_max)
    c->cache_max = CACHE_DEFAULT_MAX;
  n = argc - optind;
  inputs = argv + optind;
  *out_inputs = inputs;
  *out_n = n;
  /* A manifest or a shard may hold no input, and --cache-stats alone
   * asks for the statistics only. */
  if (n <= 0 && !c->files_from && !c->shard_n && !c->shard_auto && !c->cache_stats) {
    cli_usage_error("%s", "no input given");
    return EXIT_USAGE;
  }
  {
    int code = cli_batch_inputs(c, inputs, n, &inputs, &n);
    if (code >= 0)
      return code;
    *out_inputs = inputs;
    *out_n = n;
  }
  if (c->list_inputs) {
    for (i = 0; i < n; i++)
      printf("%s\n", inputs[i]);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_CANTCREAT;
  }
  if (c->output && n > 1) {
    cli_usage_error("%s", "-o takes one input; use -d DIR for several");
    return EXIT_USAGE;
  }
  if (c->output && c->out_dir) {
    cli_usage_error("%s", "-o and -d do not go together");
    return EXIT_USAGE;
  }
  if (c->output) {
    if (strcmp(c->output, "-") == 0) {
      if (c->editions != GALLEY_EDITION_EPUB && c->editions != GALLEY_EDITION_PDF) {
        cli_usage_error("%s", "-o - needs exactly one edition: -t epub or -t pdf");
        return EXIT_USAGE;
      }
    } else {
      unsigned by_ext = cli_has_suffix(c->output, ".epub")  ? GALLEY_EDITION_EPUB
                        : cli_has_suffix(c->output, ".pdf") ? GALLEY_EDITION_PDF
                                                       : 0;
      if (!by_ext || (c->editions && c->editions != by_ext)) {
        cli_usage_error("cannot tell the edition of '%s' (name it .epub or .pdf)", c->output);
        return EXIT_USAGE;
      }
      c->editions = by_ext;
    }
  }
  for (i = 0; i < n; i++)
    if (strcmp(inputs[i], "-") == 0 && n > 1) {
      cli_usage_error("%s", "standard input (-) must be the only input");
      return EXIT_USAGE;
    }
  sde = getenv("SOURCE_DATE_EPOCH");
  if (sde && *sde) {
    char *end;
    long long v;
    errno = 0;
    v = strtoll(sde, &end, 10);
    if (errno || *end || v < 0) {
      cli_usage_error("SOURCE_DATE_EPOCH is not a number of seconds: '%s'", sde);
      return EXIT_USAGE;
    }
    if (v > GALLEY_MAX_SOURCE_DATE_EPOCH) {
      cli_usage_error("SOURCE_DATE_EPOCH '%s' lies after the year 9999", sde);
      return EXIT_USAGE;
    }
    c->conv.source_date_epoch = v;
  }
  if (c->conv.page_size) {
    /* Checked before converting: a typo must not surface only after the
     * EPUB has been written. */
    galley_error perr;
    galley_error_clear(&perr);
    if (galley_page_size_parse(c->conv.page_size, NULL, NULL, &perr) != GALLEY_OK) {
      cli_usage_error("%s", perr.message);
      return EXIT_USAGE;
    }
  }
  {
    const char *env = getenv("GALLEY_DATADIR");
    if (!env || !*env)
      c->conv.data_dir = exe_data_dir(data_dir, data_dir_size);
  }
  return -1;
}
