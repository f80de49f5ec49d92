/* main.c: galley's main. It sets the process up (fault injection in the
 * test program, the C locale, an empty fontconfig configuration, Cairo's
 * content streams unfiltered), reads
 * the options (cli_options.c), checks the run's files (cli_convert.c),
 * converts the inputs (cli_pool.c) and reports (cli_report.c); see cli.h. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>

#include "cli.h"
#ifdef GALLEY_FAULT_INJECTION
#include "util/alloc.h" /* galley_fault_*: the test program only */
#endif

/* ------------------------------------------------------------------ */
/* Fault injection (the galley_fault test program only)                */
/* ------------------------------------------------------------------ */

#ifdef GALLEY_FAULT_INJECTION
/* GALLEY_FAULT_ALLOC=N fails the N-th allocation, GALLEY_FAULT_WRITE=N
 * the N-th output write; GALLEY_FAULT_COUNTS=FILE receives "ALLOCS
 * WRITES" at a normal exit, so a test knows how many points there are. */
static const char *g_fault_counts; /* borrowed from the environment */

static void fault_report(void)
{
  long allocs, writes;
  FILE *f = fopen(g_fault_counts, "w");
  if (!f)
    return;
  galley_fault_get_counts(&allocs, &writes);
  fprintf(f, "%ld %ld\n", allocs, writes);
  fclose(f);
}

static void fault_setup(void)
{
  const char *a = getenv("GALLEY_FAULT_ALLOC");
  const char *w = getenv("GALLEY_FAULT_WRITE");
  galley_fault_set(a ? atol(a) : 0, w ? atol(w) : 0);
  g_fault_counts = getenv("GALLEY_FAULT_COUNTS");
  if (g_fault_counts && *g_fault_counts)
    atexit(fault_report);
}
#else
static void fault_setup(void) {}
#endif

/* ------------------------------------------------------------------ */
/* main                                                                */
/* ------------------------------------------------------------------ */

/* galley draws only its bundled fonts, each PDF through a fontconfig
 * configuration of its own (src/pdf/pdf_fonts.c). Pango's first font
 * map starts a thread that calls FcInit, which, when no configuration is
 * current, parses the system's configuration files and reads every
 * system font cache, and the first font lookup waits for it: a fifth of
 * the time of converting a short article. An empty configuration made
 * current leaves FcInit nothing to do. The program does this, not the
 * library: the current configuration belongs to the process. */
static void fontconfig_empty_current(void)
{
  FcConfig *empty = FcConfigCreate();
  if (empty) {
    FcConfigSetCurrent(empty); /* takes its own reference */
    FcConfigDestroy(empty);
  }
}

/* Cairo 1.16 deflates every content stream it writes, at zlib's default
 * level, on the one thread that draws the pages; pdf_finish then inflates
 * each again to rewrite it and deflates it with libdeflate, on every
 * thread. Cairo's only switch for writing them unfiltered is the
 * environment variable CAIRO_DEBUG_PDF, read when a PDF surface is made
 * (cairo-pdf-surface.c, Cairo 1.16 and later): set here, before
 * any thread, as the environment belongs to the process. Cairo's page
 * emission then does a sixth less work (bench/README.md). */
static void cairo_pdf_unfiltered(void)
{
  setenv("CAIRO_DEBUG_PDF", "1", 1);
}

int main(int argc, char **argv)
{
  char data_dir[4200]; /* the data beside the program: c.conv.data_dir */
  cli c;
  int i, n, code;
  result *results;
  char **inputs;

  fault_setup();
  setlocale(LC_ALL, "C");
  fontconfig_empty_current();
  cairo_pdf_unfiltered();
  memset(&c, 0, sizeof c);
  galley_convert_options_init(&c.conv); /* source_date_epoch -1: now */
  /* One worker a processor, as many as the pool has room for (a machine
   * with more processors than MAX_CHILDREN gets MAX_CHILDREN). */
  c.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
  if (c.jobs > MAX_CHILDREN)
    c.jobs = MAX_CHILDREN;
  code = cli_options_parse(&c, argc, argv, data_dir, sizeof data_dir, &inputs, &n);
  if (code >= 0)
    goto done; /* --help, --list-inputs, a usage error */
  c.conv.meta = c.meta;
  c.conv.meta_count = c.meta_count;
  c.conv.temp_hook = cli_temp_hook;
  c.progress = n > 1 && !c.quiet && !c.dump && isatty(2);
  if (n == 1 && !c.quiet && !c.dump && isatty(2))
    c.conv.on_page = cli_page_progress;
  if (c.out_dir && !c.dump && cli_make_dirs(c.out_dir) != 0) {
    fprintf(stderr, "galley: %s: error: cannot create directory: %s\n", c.out_dir,
            strerror(errno));
    return EXIT_CANTCREAT;
  }
  code = cli_check_run_files(&c, inputs, n);
  if (code != EXIT_OK)
    goto done;
  if (c.cache_dir && !c.dump && !c.dump_layout) {
    code = cli_cache_open(&c);
    if (code >= 0)
      goto done;
    code = EXIT_OK;
  }
  cli_install_signals();
  cli_install_fatal_handlers(c.quiet);

  results = calloc((size_t)n, sizeof *results);
  if (!results)
    abort();
  cli_run_all(&c, inputs, n, results);

  code = cli_report_finish(&c, inputs, n, results, code);
  if (c.cache_build) {
    cli_cache_finish(&c, results, n);
    if (c.cache_stats)
      cli_cache_print_stats(&c);
  }
  for (i = 0; i < n; i++) {
    free(results[i].json);
    free(results[i].deps);
  }
  free(results);
done:
  cli_cache_close(&c);
  free(c.manifest);
  free(c.input_list);
  free(c.meta);
  for (i = 0; i < c.meta_owned_count; i++)
    free(c.meta_owned[i]);
  free(c.meta_owned);
  free(c.resource_paths);
  return code;
}
