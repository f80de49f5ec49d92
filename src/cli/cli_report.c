/* cli_report.c: what the command line says: growing strings (the command
 * line does not use the library's internals), messages in galley's
 * format and the exit status they add up to, and at the end of a run the
 * --depfile rule, the --report JSON and the closing summary. */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ------------------------------------------------------------------ */
/* Growing strings (not the library's: the command line uses galley.h)  */
/* ------------------------------------------------------------------ */

void cli_sb_put(sbuf *b, const char *s, size_t n)
{
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
      cap *= 2;
    b->p = realloc(b->p, cap);
    if (!b->p)
      cli_fatal_exit("out of memory");
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

void cli_sb_puts(sbuf *b, const char *s) { cli_sb_put(b, s, strlen(s)); }

/* Appends the formatted text whole, however long (a report's message
 * may quote a long file name). */
void cli_sb_printf(sbuf *b, const char *fmt, ...)
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
    cli_sb_put(b, tmp, (size_t)n);
  } else {
    char *big = malloc((size_t)n + 1);
    if (!big)
      cli_fatal_exit("out of memory");
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    cli_sb_put(b, big, (size_t)n);
    free(big);
  }
}

char *cli_sb_take(sbuf *b)
{
  char *p = b->p;
  if (!p) {
    p = malloc(1);
    if (!p)
      cli_fatal_exit("out of memory");
    p[0] = '\0';
  }
  b->p = NULL;
  b->len = b->cap = 0;
  return p;
}

void cli_sb_json_string(sbuf *b, const char *s)
{
  cli_sb_puts(b, "\"");
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      cli_sb_put(b, e, 2);
    } else if (c < 0x20) {
      cli_sb_printf(b, "\\u%04x", c);
    } else {
      cli_sb_put(b, (const char *)&c, 1);
    }
  }
  cli_sb_puts(b, "\"");
}

/* A path in a Make rule: spaces, '#' and ':' escaped with a backslash,
 * '$' doubled. */
void cli_sb_make_path(sbuf *b, const char *s)
{
  for (; *s; s++) {
    if (*s == ' ' || *s == '#' || *s == ':' || *s == '\\')
      cli_sb_put(b, "\\", 1);
    if (*s == '$')
      cli_sb_put(b, "$", 1);
    cli_sb_put(b, s, 1);
  }
}
/* ------------------------------------------------------------------ */
/* Messages                                                            */
/* ------------------------------------------------------------------ */

int cli_exit_code_for(galley_status st)
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
    cli_sb_puts(b, file);
    if (line > 0) {
      cli_sb_printf(b, ":%d", line);
      if (col > 0)
        cli_sb_printf(b, ":%d", col);
    }
    cli_sb_puts(b, ": ");
  }
}

void cli_print_error(const galley_error *err, const char *fallback_file,
                     sbuf *json_errors)
{
  sbuf b = {0};
  char *line;
  const char *file = err->file[0] ? err->file : fallback_file;
  cli_sb_puts(&b, "galley: ");
  where(&b, file, err->line, err->col);
  cli_sb_puts(&b, "error: ");
  cli_sb_puts(&b, err->message);
  cli_sb_puts(&b, "\n");
  line = cli_sb_take(&b);
  fputs(line, stderr);
  free(line);
  if (json_errors) {
    if (json_errors->len)
      cli_sb_puts(json_errors, ", ");
    cli_sb_printf(json_errors, "{\"file\": ");
    cli_sb_json_string(json_errors, file);
    cli_sb_printf(json_errors, ", \"line\": %d, \"message\": ", err->line);
    cli_sb_json_string(json_errors, err->message);
    cli_sb_puts(json_errors, "}");
  }
}

void cli_print_warnings(const galley_diag *diag, const char *file, int quiet,
                        sbuf *json)
{
  int i, n = galley_diag_get_count(diag);
  for (i = 0; i < n; i++) {
    int line, col;
    const char *msg = galley_diag_get(diag, i, &line, &col);
    if (!quiet) {
      sbuf b = {0};
      char *s;
      cli_sb_puts(&b, "galley: ");
      where(&b, file, line, col);
      cli_sb_puts(&b, "warning: ");
      cli_sb_puts(&b, msg);
      cli_sb_puts(&b, "\n");
      s = cli_sb_take(&b);
      fputs(s, stderr);
      free(s);
    }
    if (json) {
      if (i)
        cli_sb_puts(json, ", ");
      cli_sb_printf(json, "{\"line\": %d, \"column\": %d, \"message\": ", line, col);
      cli_sb_json_string(json, msg);
      cli_sb_puts(json, "}");
    }
  }
}

void cli_usage_error(const char *fmt, const char *arg)
{
  fprintf(stderr, "galley: error: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'galley --help' for more information.\n");
}
int cli_report_finish(cli *c, char **inputs, int n, const result *results, int code)
{
  int i, failed = 0;

  for (i = 0; i < n; i++) {
    code = worse(code, results[i].code);
    if (results[i].code != EXIT_OK)
      failed++;
    if (results[i].no_side & NO_DEPFILE)
      c->depfile = NULL;
    if ((results[i].no_side & NO_REPORT_FILE) && c->report_file)
      c->report_file = NULL, c->report = 0;
  }
  if (c->depfile) {
    sbuf d = {0};
    galley_error err;
    for (i = 0; i < n; i++)
      cli_sb_puts(&d, results[i].deps ? results[i].deps : "");
    galley_error_clear(&err);
    if (galley_file_write_atomic(c->depfile, d.p ? d.p : "", d.len, &err) != GALLEY_OK) {
      cli_print_error(&err, c->depfile, NULL);
      code = worse(code, EXIT_CANTCREAT);
    }
    free(d.p);
  }
  if (c->report) {
    sbuf r = {0};
    cli_sb_puts(&r, "[\n");
    for (i = 0; i < n; i++) {
      cli_sb_puts(&r, "  ");
      cli_sb_puts(&r, results[i].json ? results[i].json : "{}");
      cli_sb_puts(&r, i + 1 < n ? ",\n" : "\n");
    }
    cli_sb_puts(&r, "]\n");
    if (c->report_file) {
      galley_error err;
      galley_error_clear(&err);
      if (galley_file_write_atomic(c->report_file, r.p, r.len, &err) != GALLEY_OK) {
        cli_print_error(&err, c->report_file, NULL);
        code = worse(code, EXIT_CANTCREAT);
      }
    } else {
      fputs(r.p, stderr);
    }
    free(r.p);
  }
  if (n > 1 && (failed || c->verbose)) {
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
  return code;
}
