/* main.c: the galley command line. Options, paths, messages and the exit
 * status live here and nowhere else; the conversion itself is libgalley's
 * galley_convert_read / galley_convert_write. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>

#include "galley.h"
#ifdef GALLEY_FAULT_INJECTION
#include "util/alloc.h" /* galley_fault_*: the test program only */
#endif

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
    "  -j, --jobs N           convert N inputs at once (default: number of cores)\n"
    "      --depfile FILE     write a Make dependency file listing every file read\n"
    "      --report json      write a JSON report (per input: editions, sizes, pages,\n"
    "                         warnings, timing) to stderr, or to --report-file FILE\n"
    "      --dump             print the recovered document model and exit\n"
    "      --dump-layout      lay out the PDF and print its lines instead of writing\n"
    "                         it: page, block, width, measure, spaces, word gap in\n"
    "                         em, hyphen, last line, justified, text\n"
    "Input:\n"
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
  OPT_NO_COVER_PAGE
};

typedef struct cli {
  const char *output;     /* -o */
  const char *out_dir;    /* -d */
  unsigned editions;      /* GALLEY_EDITION_* bits; 0 = both */
  int jobs;               /* -j */
  int dump;
  int dump_layout;        /* --dump-layout */
  int page_list;          /* --page-list */
  int quiet;
  int verbose;
  int werror;
  int progress;           /* draw a progress bar on stderr */
  const char *depfile;    /* --depfile */
  int report;             /* --report json */
  const char *report_file;/* --report-file */
  const char **meta;      /* owned array of borrowed strings: key, value pairs */
  int meta_count;
  char **meta_owned;      /* owned keys/values split from --metadata */
  int meta_owned_count;
  const char **resource_paths; /* owned NULL-terminated array of borrowed
                                  directories (--resource-path, --cover) */
  int resource_path_count;
  galley_convert_options conv;
} cli;

#define NO_DEPFILE 1
#define NO_REPORT_FILE 2

/* What converting one input produced, carried back from a worker. */
typedef struct result {
  int code;      /* exit code for this input */
  char *json;    /* owned: the input's report record (JSON object) */
  char *deps;    /* owned: its Make rule for --depfile */
  int no_side;   /* NO_DEPFILE | NO_REPORT_FILE: side outputs that must not
                    be written (one would replace a file this input was
                    made from, or cannot name one) */
} result;

/* ------------------------------------------------------------------ */
/* Growing strings (main.c does not use the library's internals)       */
/* ------------------------------------------------------------------ */

typedef struct sbuf {
  char *p;
  size_t len, cap;
} sbuf;

static void fatal_exit(const char *what); /* see "Fatal failures" below */

static void sb_put(sbuf *b, const char *s, size_t n)
{
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
      cap *= 2;
    b->p = realloc(b->p, cap);
    if (!b->p)
      fatal_exit("out of memory");
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

/* Appends the formatted text whole, however long (a report's message
 * may quote a long file name). */
static void sb_printf(sbuf *b, const char *fmt, ...)
{
  char tmp[512];
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n <= 0)
    return;
  if ((size_t)n < sizeof tmp) {
    sb_put(b, tmp, (size_t)n);
  } else {
    char *big = malloc((size_t)n + 1);
    if (!big)
      fatal_exit("out of memory");
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_put(b, big, (size_t)n);
    free(big);
  }
}

static char *sb_take(sbuf *b)
{
  char *p = b->p;
  if (!p) {
    p = malloc(1);
    if (!p)
      fatal_exit("out of memory");
    p[0] = '\0';
  }
  b->p = NULL;
  b->len = b->cap = 0;
  return p;
}

static void sb_json_string(sbuf *b, const char *s)
{
  sb_puts(b, "\"");
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      sb_put(b, e, 2);
    } else if (c < 0x20) {
      sb_printf(b, "\\u%04x", c);
    } else {
      sb_put(b, (const char *)&c, 1);
    }
  }
  sb_puts(b, "\"");
}

/* A path in a Make rule: spaces, '#' and ':' escaped with a backslash,
 * '$' doubled. */
static void sb_make_path(sbuf *b, const char *s)
{
  for (; *s; s++) {
    if (*s == ' ' || *s == '#' || *s == ':' || *s == '\\')
      sb_put(b, "\\", 1);
    if (*s == '$')
      sb_put(b, "$", 1);
    sb_put(b, s, 1);
  }
}

/* ------------------------------------------------------------------ */
/* Signals: interrupted runs leave no temporary file behind            */
/* ------------------------------------------------------------------ */

#define MAX_TEMPS 4
#define MAX_CHILDREN 256

/* The only mutable globals of galley: what a signal handler must reach. */
static char g_temps[MAX_TEMPS][4096];        /* temporary outputs now open */
static volatile sig_atomic_t g_temp_used[MAX_TEMPS];
static pid_t g_children[MAX_CHILDREN];       /* running workers */
static volatile sig_atomic_t g_child_count;

static void temp_hook(void *ctx, const char *path, int created)
{
  sigset_t all, old;
  int i;
  (void)ctx;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &old);
  for (i = 0; i < MAX_TEMPS; i++) {
    if (created && !g_temp_used[i]) {
      snprintf(g_temps[i], sizeof g_temps[i], "%s", path);
      g_temp_used[i] = 1;
      break;
    }
    if (!created && g_temp_used[i] && strcmp(g_temps[i], path) == 0) {
      g_temp_used[i] = 0;
      break;
    }
  }
  sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Sends `sig` to every running worker, waits for them (their own
 * handlers remove their temporary files), and removes this process's
 * temporary outputs. Async-signal-safe: kill, waitpid, unlink only. */
static void stop_workers_remove_temps(int sig)
{
  int i;
  for (i = 0; i < g_child_count; i++)
    if (g_children[i] > 0)
      kill(g_children[i], sig);
  for (i = 0; i < g_child_count; i++)
    if (g_children[i] > 0)
      waitpid(g_children[i], NULL, 0);
  for (i = 0; i < MAX_TEMPS; i++)
    if (g_temp_used[i])
      unlink(g_temps[i]);
}

static void on_signal(int sig)
{
  /* Only async-signal-safe calls here: kill, waitpid, unlink, raise. */
  stop_workers_remove_temps(sig);
  signal(sig, SIG_DFL);
  raise(sig);
}

static void install_signals(void)
{
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  /* A file-size limit (ulimit -f) or a closed pipe must fail the write
   * with EFBIG / EPIPE, which galley reports and cleans up after, rather
   * than kill the process with the temporary file still there. */
  signal(SIGXFSZ, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
}

/* ------------------------------------------------------------------ */
/* Fatal failures: out of memory, crashes                              */
/* ------------------------------------------------------------------ */

/* Out of memory anywhere (galley's allocator, cmark, libhyphen, GLib),
 * and a crash (SIGSEGV, SIGBUS, SIGABRT, SIGTRAP, SIGILL, SIGFPE), end the
 * same way: the workers are stopped, every temporary output is removed,
 * one message naming the input goes to stderr, and the status is 70.
 * Everything here may run in a signal handler or with the heap exhausted,
 * on any thread: only write, unlink, kill, waitpid and _exit. */

static char g_input[1024];              /* the input being converted, "" in the parent of workers */
static atomic_flag g_fatal_once = ATOMIC_FLAG_INIT; /* set by the first fatal failure */
static int g_quiet;                     /* -q: library warnings are not shown */

/* Names the input in fatal messages (called before each conversion). */
static void fatal_set_input(const char *name)
{
  snprintf(g_input, sizeof g_input, "%s", name);
}

/* Appends `s` to line[*len], within `cap` bytes; async-signal-safe. */
static void fatal_put(char *line, size_t *len, size_t cap, const char *s)
{
  while (*s && *len + 1 < cap)
    line[(*len)++] = *s++;
}

static void fatal_exit(const char *what)
{
  char line[2048];
  size_t n = 0;
  if (atomic_flag_test_and_set(&g_fatal_once)) {
    /* Another thread is already cleaning up: it ends the process. */
    for (;;)
      pause();
  }
  stop_workers_remove_temps(SIGTERM);
  fatal_put(line, &n, sizeof line, "galley: ");
  if (g_input[0]) {
    fatal_put(line, &n, sizeof line, g_input);
    fatal_put(line, &n, sizeof line, ": ");
  }
  fatal_put(line, &n, sizeof line, "error: ");
  fatal_put(line, &n, sizeof line, what);
  line[n++] = '\n';
  while (write(2, line, n) < 0 && errno == EINTR)
    ;
  _exit(EXIT_SOFTWARE);
}

static void on_fatal(const char *what) { fatal_exit(what); }

/* Under AddressSanitizer the crash signals stay its own: it reports
 * them with a stack trace, and it cannot run under ulimit -v anyway. */
#if defined(__SANITIZE_ADDRESS__)
#define GALLEY_KEEP_CRASH_SIGNALS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GALLEY_KEEP_CRASH_SIGNALS 1
#endif
#endif

#ifndef GALLEY_KEEP_CRASH_SIGNALS
static void on_crash(int sig)
{
  char what[48] = "internal error (signal ", digits[12];
  size_t n = strlen(what);
  int k = 0;
  do
    digits[k++] = (char)('0' + sig % 10);
  while ((sig /= 10) > 0 && k < 11);
  while (k > 0)
    what[n++] = digits[--k];
  what[n++] = ')';
  what[n] = '\0';
  fatal_exit(what);
}
#endif

/* GLib's, Pango's and HarfBuzz's warnings, in galley's format. */
static void on_library_warning(const char *domain, const char *message)
{
  if (g_quiet)
    return;
  fprintf(stderr, "galley: %s%swarning: %s: %s\n", g_input, g_input[0] ? ": " : "",
          domain, message);
}

static void install_fatal_handlers(int quiet)
{
#ifndef GALLEY_KEEP_CRASH_SIGNALS
  /* The handler runs on a stack of its own, so that a stack overflow
   * (SIGSEGV at the guard page) still gets its message and clean-up.
   * Only the main thread has it; sigaltstack is per thread. */
  static char alt_stack[1 << 16];
  static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGABRT, SIGTRAP, SIGILL, SIGFPE};
  stack_t ss;
  struct sigaction sa;
  size_t i;
  memset(&ss, 0, sizeof ss);
  ss.ss_sp = alt_stack;
  ss.ss_size = sizeof alt_stack;
  sigaltstack(&ss, NULL);
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_crash;
  sa.sa_flags = SA_ONSTACK;
  sigfillset(&sa.sa_mask); /* no other signal handler in between */
  for (i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
    sigaction(crash_signals[i], &sa, NULL);
#endif
  g_quiet = quiet;
  galley_set_fatal_handler(on_fatal);
  galley_catch_glib_log(on_library_warning);
}

/* ------------------------------------------------------------------ */
/* Messages                                                            */
/* ------------------------------------------------------------------ */

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
  int ia = 5, ib = 5, i;
  for (i = 0; i < 6; i++) {
    if (order[i] == a) ia = i;
    if (order[i] == b) ib = i;
  }
  return ia >= ib ? a : b;
}

/* "FILE:LINE:COL: " as far as known. */
static void where(sbuf *b, const char *file, int line, int col)
{
  if (file && *file) {
    sb_puts(b, file);
    if (line > 0) {
      sb_printf(b, ":%d", line);
      if (col > 0)
        sb_printf(b, ":%d", col);
    }
    sb_puts(b, ": ");
  }
}

static void print_error(const galley_error *err, const char *fallback_file,
                        sbuf *json_errors)
{
  sbuf b = {0};
  char *line;
  const char *file = err->file[0] ? err->file : fallback_file;
  sb_puts(&b, "galley: ");
  where(&b, file, err->line, err->col);
  sb_puts(&b, "error: ");
  sb_puts(&b, err->message);
  sb_puts(&b, "\n");
  line = sb_take(&b);
  fputs(line, stderr);
  free(line);
  if (json_errors) {
    if (json_errors->len)
      sb_puts(json_errors, ", ");
    sb_printf(json_errors, "{\"file\": ");
    sb_json_string(json_errors, file);
    sb_printf(json_errors, ", \"line\": %d, \"message\": ", err->line);
    sb_json_string(json_errors, err->message);
    sb_puts(json_errors, "}");
  }
}

static void print_warnings(const galley_diag *diag, const char *file, int quiet,
                           sbuf *json)
{
  int i, n = galley_diag_get_count(diag);
  for (i = 0; i < n; i++) {
    int line, col;
    const char *msg = galley_diag_get(diag, i, &line, &col);
    if (!quiet) {
      sbuf b = {0};
      char *s;
      sb_puts(&b, "galley: ");
      where(&b, file, line, col);
      sb_puts(&b, "warning: ");
      sb_puts(&b, msg);
      sb_puts(&b, "\n");
      s = sb_take(&b);
      fputs(s, stderr);
      free(s);
    }
    if (json) {
      if (i)
        sb_puts(json, ", ");
      sb_printf(json, "{\"line\": %d, \"column\": %d, \"message\": ", line, col);
      sb_json_string(json, msg);
      sb_puts(json, "}");
    }
  }
}

static void usage_error(const char *fmt, const char *arg)
{
  fprintf(stderr, "galley: error: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'galley --help' for more information.\n");
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
 * build tree's, a link CMake makes) or ../share/galley from it (an
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
static int make_dirs(const char *dir)
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
  sb_puts(d->rule, " \\\n  ");
  sb_make_path(d->rule, path);
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
static int check_run_files(const cli *c, char **inputs, int n)
{
  run_file *files;
  int count = 0, i, j, k, code = EXIT_OK;
  files = calloc((size_t)n * 3 + 4, sizeof *files);
  if (!files)
    abort();
  for (i = 0; i < n; i++)
    if (strcmp(inputs[i], "-") != 0)
      add_run_file(files, &count, inputs[i], NULL, i, "the input", 0);
  if (c->conv.style && (strchr(c->conv.style, '/') || has_suffix(c->conv.style, ".css")))
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

static void convert_one(cli *c, const char *input, result *res)
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
  int code = EXIT_OK, pages = -1, k, no_side = 0;

  galley_error_clear(&err);
  c->conv.input = input;
  fatal_set_input(name);
  doc = galley_convert_read(&c->conv, diag, &err);
  if (!doc) {
    code = exit_code_for(err.code);
    print_warnings(diag, name, c->quiet, &warnings);
    print_error(&err, name, &errors);
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
    print_warnings(diag, name, c->quiet, &warnings);
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
      print_error(&err, name, &errors);
      code = exit_code_for(err.code);
    }
    free(data);
    print_warnings(diag, name, c->quiet, &warnings);
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
  } else if (c->page_list && wanted == GALLEY_EDITION_EPUB) {
    galley_error_clear(&err);
    if (galley_convert_page_map(doc, &c->conv, &page_map, &err) != GALLEY_OK) {
      print_error(&err, name, &errors);
      code = exit_code_for(err.code);
    }
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
    c->conv.out_pages = ed == GALLEY_EDITION_PDF ? &pages : NULL;
    c->conv.out_page_map = ed == GALLEY_EDITION_PDF && (wanted & GALLEY_EDITION_EPUB)
                               ? &page_map : NULL;
    c->conv.page_map = ed == GALLEY_EDITION_EPUB && page_map.count > 0 ? &page_map : NULL;
    galley_error_clear(&err);
    if (same_file(out, input)) {
      galley_error_set(&err, GALLEY_ERR_CANTCREAT, 0,
                       "refusing to overwrite the input %s", input);
      galley_error_set_where(&err, out, 0, 0);
      print_error(&err, out, &errors);
      code = EXIT_CANTCREAT;
    } else if (galley_convert_write(doc, &c->conv, ed, out, diag, &err) != GALLEY_OK) {
      print_error(&err, out, &errors);
      code = exit_code_for(err.code);
    } else {
      sbuf *ej = &edition_json[k];
      if (c->verbose)
        fprintf(stderr, "galley: wrote %s\n", out);
      sb_puts(ej, "{\"format\": ");
      sb_json_string(ej, ed == GALLEY_EDITION_EPUB ? "epub" : "pdf");
      sb_puts(ej, ", \"path\": ");
      sb_json_string(ej, out);
      sb_printf(ej, ", \"bytes\": %lld", strcmp(out, "-") == 0 ? -1LL : file_size(out));
      if (ed == GALLEY_EDITION_PDF)
        sb_printf(ej, ", \"pages\": %d", pages);
      sb_puts(ej, "}");
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
        sb_puts(&editions, ", ");
      sb_put(&editions, edition_json[k].p, edition_json[k].len);
    }
    free(edition_json[k].p);
  }
  print_warnings(diag, name, c->quiet, &warnings);
  if (code == EXIT_OK && c->werror && galley_diag_get_count(diag) > 0) {
    galley_error_clear(&err);
    galley_error_set(&err, GALLEY_ERR_DATA, 0,
                     "%d warning(s) treated as errors (--Werror)",
                     galley_diag_get_count(diag));
    print_error(&err, name, &errors);
    code = EXIT_DATAERR;
  }
  if (code == EXIT_OK && (c->depfile || c->report_file) && (written[0] || written[1])) {
    dep_ctx dc;
    unsigned eds = 0;
    for (k = 0; k < 2; k++)
      if (written[k]) {
        if (deps.len)
          sb_puts(&deps, " ");
        sb_make_path(&deps, written[k]);
        eds |= k == 0 ? GALLEY_EDITION_EPUB : GALLEY_EDITION_PDF;
      }
    /* the page numbers of --page-list come from the PDF's layout: its
     * fonts are inputs of the EPUB */
    if (c->page_list && written[0])
      eds |= GALLEY_EDITION_PDF;
    sb_puts(&deps, ":");
    memset(&dc, 0, sizeof dc);
    dc.rule = &deps;
    dc.c = c;
    galley_convert_list_deps(doc, &c->conv, eds, add_dep, &dc);
    sb_puts(&deps, "\n");
    if (dc.clash) {
      galley_error_clear(&err);
      galley_error_set(&err, GALLEY_ERR_CANTCREAT, 0,
                       "refusing to overwrite %s, which %s was made from, with %s",
                       dc.clash, name,
                       dc.clash_side == NO_DEPFILE ? "--depfile" : "--report-file");
      print_error(&err, dc.clash_side == NO_DEPFILE ? c->depfile : c->report_file,
                  &errors);
      code = EXIT_CANTCREAT;
      no_side = dc.clash_side;
    } else if (dc.unnamed && c->depfile) {
      galley_error_clear(&err);
      galley_error_set(&err, GALLEY_ERR_CANTCREAT, 0,
                       "a Make rule cannot name '%s' (a line break in a file "
                       "name); rename it",
                       dc.unnamed);
      print_error(&err, c->depfile, &errors);
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
  sb_puts(&json, "{\"input\": ");
  sb_json_string(&json, name);
  sb_printf(&json, ", \"exit\": %d, \"editions\": [%s], \"warnings\": [%s], "
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
  res->json = sb_take(&json);
  res->deps = sb_take(&deps);
}

/* ------------------------------------------------------------------ */
/* Several inputs: workers                                             */
/* ------------------------------------------------------------------ */

/* A worker is a forked process converting one input, so conversions
 * share nothing and a crash in one cannot take the others down. It sends
 * its result back through a pipe as
 * "code\n<no_side>\n<json-len>\n<json><deps>". */
typedef struct worker {
  pid_t pid;
  int fd;       /* read end of the result pipe */
  int index;    /* which input */
  sbuf data;    /* what has arrived */
} worker;

static void write_all(int fd, const char *p, size_t n)
{
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return;
    }
    p += w;
    n -= (size_t)w;
  }
}

static void decode_result(const char *input, const sbuf *data, int wait_status,
                          result *res)
{
  const char *p = data->p;
  long code, jlen;
  char *end;
  res->code = EXIT_SOFTWARE;
  res->json = NULL;
  res->deps = NULL;
  if (p) {
    code = strtol(p, &end, 10);
    if (*end == '\n')
      res->no_side = (int)strtol(end + 1, &end, 10);
    if (*end == '\n') {
      jlen = strtol(end + 1, &end, 10);
      if (*end == '\n' && jlen >= 0 && (size_t)(end + 1 - p) + (size_t)jlen <= data->len) {
        res->code = (int)code;
        res->json = strndup(end + 1, (size_t)jlen);
        res->deps = strdup(end + 1 + jlen);
      }
    }
  }
  if (!res->json) {
    /* The worker died without reporting (a crash): an internal error,
     * named after its input like every other message. */
    const char *name = strcmp(input, "-") == 0 ? "<stdin>" : input;
    sbuf j = {0}, msg = {0};
    /* A worker that ran out of memory or crashed has said so itself, in
     * one line naming its input, and exited 70: not said twice. */
    int told = WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == EXIT_SOFTWARE;
    if (WIFSIGNALED(wait_status))
      sb_printf(&msg, "conversion died with signal %d", WTERMSIG(wait_status));
    else if (told)
      sb_printf(&msg, "%s", "conversion failed (out of memory or an internal error)");
    else
      sb_printf(&msg, "conversion ended without a result (exit status %d)",
                WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1);
    if (!told)
      fprintf(stderr, "galley: %s: error: %s\n", name, msg.p);
    sb_puts(&j, "{\"input\": ");
    sb_json_string(&j, name);
    sb_puts(&j, ", \"exit\": 70, \"editions\": [], \"warnings\": [], "
                "\"errors\": [{\"file\": ");
    sb_json_string(&j, name);
    sb_puts(&j, ", \"line\": 0, \"message\": ");
    sb_json_string(&j, msg.p);
    sb_puts(&j, "}]}");
    free(msg.p);
    res->json = sb_take(&j);
    res->deps = strdup("");
  }
}

static void draw_progress(const cli *c, int done, int total)
{
  char bar[41];
  int i, filled;
  if (!c->progress)
    return;
  filled = total ? done * 40 / total : 40;
  for (i = 0; i < 40; i++)
    bar[i] = i < filled ? '#' : '.';
  bar[40] = '\0';
  fprintf(stderr, "\r[%s] %d/%d", bar, done, total);
  if (done == total)
    fputs("\r\033[K", stderr);
  fflush(stderr);
}

/* Progress inside one long PDF (one input, stderr a terminal): a line
 * that counts pages, shown from PAGE_PROGRESS_FROM pages on, so short
 * documents print nothing. */
#define PAGE_PROGRESS_FROM 100

static void page_progress(void *ctx, int page)
{
  (void)ctx;
  if (page >= PAGE_PROGRESS_FROM && page % 10 == 0) {
    fprintf(stderr, "\rgalley: page %d", page);
    fflush(stderr);
  }
}

static void run_all(cli *c, char **inputs, int n, result *results)
{
  worker *w;
  int next = 0, active = 0, done = 0, i;

  if (c->jobs <= 1 || n == 1) {
    for (i = 0; i < n; i++) {
      convert_one(c, inputs[i], &results[i]);
      draw_progress(c, i + 1, n);
    }
    if (c->conv.on_page)
      fputs("\r\033[K", stderr); /* clear the page counter's line */
    return;
  }
  w = calloc((size_t)c->jobs, sizeof *w);
  if (!w)
    abort();
  fflush(stdout);
  fflush(stderr);
  while (done < n) {
    struct pollfd pfd[MAX_CHILDREN];
    int slots[MAX_CHILDREN], np = 0;
    /* start workers while there are free slots */
    for (i = 0; i < c->jobs && next < n; i++) {
      int fds[2];
      pid_t pid;
      if (w[i].pid)
        continue;
      if (pipe(fds) != 0) {
        perror("galley: pipe");
        exit(EXIT_SOFTWARE);
      }
      pid = fork();
      if (pid < 0) {
        perror("galley: fork");
        exit(EXIT_SOFTWARE);
      }
      if (pid == 0) {
        result r;
        char head[64];
        close(fds[0]);
        g_child_count = 0;
        c->progress = 0;
        convert_one(c, inputs[next], &r);
        snprintf(head, sizeof head, "%d\n%d\n%zu\n", r.code, r.no_side,
                 strlen(r.json));
        write_all(fds[1], head, strlen(head));
        write_all(fds[1], r.json, strlen(r.json));
        write_all(fds[1], r.deps, strlen(r.deps));
        close(fds[1]);
        fflush(stderr);
        _exit(0);
      }
      close(fds[1]);
      w[i].pid = pid;
      w[i].fd = fds[0];
      w[i].index = next++;
      g_children[i] = pid;
      active++;
      if (i + 1 > g_child_count)
        g_child_count = i + 1;
    }
    for (i = 0; i < c->jobs; i++)
      if (w[i].pid) {
        pfd[np].fd = w[i].fd;
        pfd[np].events = POLLIN;
        slots[np++] = i;
      }
    if (poll(pfd, (nfds_t)np, -1) < 0) {
      if (errno == EINTR)
        continue;
      perror("galley: poll");
      exit(EXIT_SOFTWARE);
    }
    for (i = 0; i < np; i++) {
      worker *wk = &w[slots[i]];
      char chunk[65536];
      ssize_t r;
      if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      r = read(wk->fd, chunk, sizeof chunk);
      if (r > 0) {
        sb_put(&wk->data, chunk, (size_t)r);
      } else if (r == 0 || (r < 0 && errno != EINTR)) {
        int status = 0;
        close(wk->fd);
        waitpid(wk->pid, &status, 0);
        decode_result(inputs[wk->index], &wk->data, status, &results[wk->index]);
        free(wk->data.p);
        g_children[slots[i]] = 0;
        memset(wk, 0, sizeof *wk);
        active--;
        done++;
        draw_progress(c, done, n);
      }
    }
  }
  free(w);
}

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
 * configuration of its own (src/write/pdf_fonts.c). Pango's first font
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

int main(int argc, char **argv)
{
  char data_dir[4200]; /* the data beside the program: c.conv.data_dir */
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
      {NULL, 0, NULL, 0}};
  cli c;
  int opt, i, n, code = EXIT_OK, failed = 0;
  const char *sde;
  result *results;
  char **inputs;

  fault_setup();
  setlocale(LC_ALL, "C");
  fontconfig_empty_current();
  memset(&c, 0, sizeof c);
  galley_convert_options_init(&c.conv); /* source_date_epoch -1: now */
  c.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
  opterr = 0;
  while ((opt = getopt_long(argc, argv, ":o:t:d:j:f:qvhV", longopts, NULL)) != -1) {
    switch (opt) {
    case 'o': c.output = optarg; break;
    case 'd': c.out_dir = optarg; break;
    case 'j': {
      char *end;
      long v = strtol(optarg, &end, 10);
      if (*end || v < 1 || v > MAX_CHILDREN) {
        usage_error("-j wants a number of jobs from 1 to 256, not '%s'", optarg);
        return EXIT_USAGE;
      }
      c.jobs = (int)v;
      break;
    }
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
    case 'V': printf("galley %s\n", galley_version()); return EXIT_OK;
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
    case OPT_DUMP_LAYOUT: c.dump_layout = 1; break;
    case OPT_WERROR: c.werror = 1; break;
    case OPT_STRIP_HTML: c.conv.flags |= GALLEY_OPT_STRIP_HTML; break;
    case OPT_NO_SMART: c.conv.flags |= GALLEY_OPT_NO_SMART; break;
    case OPT_PAGE_LIST: c.page_list = 1; break;
    case OPT_NO_COVER: c.conv.flags |= GALLEY_OPT_NO_COVER; break;
    /* --cover-page asked for what is now the default; kept so that
       scripts written for it still run. */
    case OPT_COVER_PAGE: c.conv.flags &= ~GALLEY_OPT_NO_COVER_PAGE; break;
    case OPT_NO_COVER_PAGE: c.conv.flags |= GALLEY_OPT_NO_COVER_PAGE; break;
    case OPT_DEPFILE: c.depfile = optarg; break;
    case OPT_RESOURCE_PATH: add_resource_path(&c, optarg); break;
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
      add_meta(&c, "cover", keep(&c, real));
      slash = strrchr(real, '/');
      add_resource_dir(&c, keep(&c, slash == real ? strdup("/")
                                                  : strndup(real, (size_t)(slash - real))));
      break;
    }
    case OPT_REPORT:
      if (strcmp(optarg, "json") != 0) {
        usage_error("unknown report format '%s' (use json)", optarg);
        return EXIT_USAGE;
      }
      c.report = 1;
      break;
    case OPT_REPORT_FILE: c.report = 1; c.report_file = optarg; break;
    case ':':
      usage_error("option '%s' needs an argument", argv[optind - 1]);
      return EXIT_USAGE;
    default:
      usage_error("unknown option '%s'", argv[optind - 1]);
      return EXIT_USAGE;
    }
  }
  n = argc - optind;
  inputs = argv + optind;
  if (n <= 0) {
    usage_error("%s", "no input given");
    return EXIT_USAGE;
  }
  if (c.output && n > 1) {
    usage_error("%s", "-o takes one input; use -d DIR for several");
    return EXIT_USAGE;
  }
  if (c.output && c.out_dir) {
    usage_error("%s", "-o and -d do not go together");
    return EXIT_USAGE;
  }
  if (c.output) {
    if (strcmp(c.output, "-") == 0) {
      if (c.editions != GALLEY_EDITION_EPUB && c.editions != GALLEY_EDITION_PDF) {
        usage_error("%s", "-o - needs exactly one edition: -t epub or -t pdf");
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
  for (i = 0; i < n; i++)
    if (strcmp(inputs[i], "-") == 0 && n > 1) {
      usage_error("%s", "standard input (-) must be the only input");
      return EXIT_USAGE;
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
    if (v > GALLEY_MAX_SOURCE_DATE_EPOCH) {
      usage_error("SOURCE_DATE_EPOCH '%s' lies after the year 9999", sde);
      return EXIT_USAGE;
    }
    c.conv.source_date_epoch = v;
  }
  if (c.conv.page_size) {
    /* Checked before converting: a typo must not surface only after the
     * EPUB has been written. */
    galley_error perr;
    galley_error_clear(&perr);
    if (galley_page_size_parse(c.conv.page_size, NULL, NULL, &perr) != GALLEY_OK) {
      usage_error("%s", perr.message);
      return EXIT_USAGE;
    }
  }
  {
    const char *env = getenv("GALLEY_DATADIR");
    if (!env || !*env)
      c.conv.data_dir = exe_data_dir(data_dir, sizeof data_dir);
  }
  c.conv.meta = c.meta;
  c.conv.meta_count = c.meta_count;
  c.conv.temp_hook = temp_hook;
  c.progress = n > 1 && !c.quiet && !c.dump && isatty(2);
  if (n == 1 && !c.quiet && !c.dump && isatty(2))
    c.conv.on_page = page_progress;
  if (c.out_dir && !c.dump && make_dirs(c.out_dir) != 0) {
    fprintf(stderr, "galley: %s: error: cannot create directory: %s\n", c.out_dir,
            strerror(errno));
    return EXIT_CANTCREAT;
  }
  code = check_run_files(&c, inputs, n);
  if (code != EXIT_OK)
    goto done;
  install_signals();
  install_fatal_handlers(c.quiet);

  results = calloc((size_t)n, sizeof *results);
  if (!results)
    abort();
  run_all(&c, inputs, n, results);

  for (i = 0; i < n; i++) {
    code = worse(code, results[i].code);
    if (results[i].code != EXIT_OK)
      failed++;
    if (results[i].no_side & NO_DEPFILE)
      c.depfile = NULL;
    if ((results[i].no_side & NO_REPORT_FILE) && c.report_file)
      c.report_file = NULL, c.report = 0;
  }
  if (c.depfile) {
    sbuf d = {0};
    galley_error err;
    for (i = 0; i < n; i++)
      sb_puts(&d, results[i].deps ? results[i].deps : "");
    galley_error_clear(&err);
    if (galley_file_write_atomic(c.depfile, d.p ? d.p : "", d.len, &err) != GALLEY_OK) {
      print_error(&err, c.depfile, NULL);
      code = worse(code, EXIT_CANTCREAT);
    }
    free(d.p);
  }
  if (c.report) {
    sbuf r = {0};
    sb_puts(&r, "[\n");
    for (i = 0; i < n; i++) {
      sb_puts(&r, "  ");
      sb_puts(&r, results[i].json ? results[i].json : "{}");
      sb_puts(&r, i + 1 < n ? ",\n" : "\n");
    }
    sb_puts(&r, "]\n");
    if (c.report_file) {
      galley_error err;
      galley_error_clear(&err);
      if (galley_file_write_atomic(c.report_file, r.p, r.len, &err) != GALLEY_OK) {
        print_error(&err, c.report_file, NULL);
        code = worse(code, EXIT_CANTCREAT);
      }
    } else {
      fputs(r.p, stderr);
    }
    free(r.p);
  }
  if (n > 1 && (failed || c.verbose)) {
    fprintf(stderr, "galley: %d input%s, %d converted, %d failed", n,
            n == 1 ? "" : "s", n - failed, failed);
    if (failed) {
      int shown = 0;
      fputs(":", stderr);
      for (i = 0; i < n; i++)
        if (results[i].code != EXIT_OK)
          fprintf(stderr, "%s %s", shown++ ? "," : "", inputs[i]);
    }
    fputs("\n", stderr);
  }
  for (i = 0; i < n; i++) {
    free(results[i].json);
    free(results[i].deps);
  }
  free(results);
done:
  free(c.meta);
  for (i = 0; i < c.meta_owned_count; i++)
    free(c.meta_owned[i]);
  free(c.meta_owned);
  free(c.resource_paths);
  return code;
}
