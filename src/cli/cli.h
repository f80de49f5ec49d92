/* cli.h: what the files of the galley command line share. The command
 * line is a thin client of libgalley (galley.h): options, paths,
 * messages and the exit status live here and nowhere else; the
 * conversion itself is libgalley's galley_convert_read /
 * galley_convert_write.
 *
 *   main.c          the process set up (locale, fontconfig, fault
 *                   injection), then options, checks, conversions, reports
 *   cli_options.c   --help and the options read into a cli
 *   cli_convert.c   the run's files checked before anything is written,
 *                   output paths, one input converted
 *   cli_pool.c      several inputs at once in forked workers
 *   cli_report.c    growing strings, messages in galley's format, the exit
 *                   status, the --depfile rule and the --report JSON
 *   cli_signal.c    signals and fatal failures, which stop the workers and
 *                   leave no temporary file
 *
 * The calls go one way, never back:
 *
 *   main.c         -> cli_options.c, cli_convert.c, cli_pool.c,
 *                     cli_report.c, cli_signal.c
 *   cli_pool.c     -> cli_convert.c, cli_report.c, cli_signal.c
 *   cli_convert.c  -> cli_options.c, cli_report.c, cli_signal.c
 *   cli_options.c  -> cli_report.c -> cli_signal.c, which calls none */
#ifndef GALLEY_CLI_H
#define GALLEY_CLI_H

#include <stddef.h>
#include <sys/types.h>

#include "galley.h"

/* The most workers at once (-j). */
#define MAX_CHILDREN 256

/* Exit codes, from sysexits.h; documented in README.md and --help. */
enum {
  EXIT_OK = 0,
  EXIT_USAGE = 64,
  EXIT_DATAERR = 65,
  EXIT_NOINPUT = 66,
  EXIT_SOFTWARE = 70,
  EXIT_CANTCREAT = 73
};

/* The run as the options give it. */
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

/* A growing string: p holds len bytes and a NUL, in cap allocated. */
typedef struct sbuf {
  char *p;
  size_t len, cap;
} sbuf;

/* ---- cli_options.c: the command line read into a cli -------------- */

/* Whether `s` ends in `suffix`. */
int cli_has_suffix(const char *s, const char *suffix);
/* Reads the options and inputs in argv into c (set up by the caller),
 * with the data directory beside the program in data_dir (data_dir_size
 * bytes) when GALLEY_DATADIR is not set. Returns -1 when the run goes on,
 * with the inputs in *out_inputs (borrowed from argv) and their number in
 * *out_n; else the exit status to end with at once (--help, --version,
 * a usage error, a cover that cannot be opened), its message printed. */
int cli_options_parse(cli *c, int argc, char **argv, char *data_dir,
                      size_t data_dir_size, char ***out_inputs, int *out_n);

/* ---- cli_convert.c: the run's files, one input converted ----------- */

/* Creates `dir` and its parents as needed; 0 or -1 with errno set. */
int cli_make_dirs(const char *dir);
/* Checks, before anything is converted, that no file the run writes is
 * one it reads or another output; EXIT_OK or the exit status, its
 * message printed. */
int cli_check_run_files(const cli *c, char **inputs, int n);
/* Converts `input` as c says, its messages printed, into *res. */
void cli_convert_one(cli *c, const char *input, result *res);

/* ---- cli_pool.c: several inputs at once, in workers --------------- */

/* galley_convert_options.on_page: progress inside one long PDF. */
void cli_page_progress(void *ctx, int page);
/* Converts the `n` inputs, `c->jobs` at once in forked workers (one
 * input: in this process), into results[0..n). */
void cli_run_all(cli *c, char **inputs, int n, result *results);

/* ---- cli_signal.c: signals and fatal failures --------------------- */

/* Records worker `slot` (0..MAX_CHILDREN-1) as process `pid` (0: the
 * slot is free), for the handlers to stop. */
void cli_child_set(int slot, pid_t pid);
/* In a worker: there are no workers of its own to stop. */
void cli_children_forget(void);
/* galley_convert_options.temp_hook: records the temporary outputs open,
 * for the signal handlers to remove. */
void cli_temp_hook(void *ctx, const char *path, int created);
/* Installs the handlers of SIGINT, SIGTERM and SIGHUP. */
void cli_install_signals(void);
/* Names the input in fatal messages (called before each conversion). */
void cli_fatal_set_input(const char *name);
/* Stops the workers, removes the temporary outputs, prints one line
 * naming `what` and the input, and exits with status 70. Async-signal-
 * safe; does not return. */
void cli_fatal_exit(const char *what);
/* Installs the out-of-memory hooks, the crash handlers and the handler of
 * the libraries' warnings (silent under -q). */
void cli_install_fatal_handlers(int quiet);

/* ---- cli_report.c: growing strings, messages, the run's reports ---- */

/* Growing strings; out of memory is fatal (cli_fatal_exit). */
void cli_sb_put(sbuf *b, const char *s, size_t n);
void cli_sb_puts(sbuf *b, const char *s);
void cli_sb_printf(sbuf *b, const char *fmt, ...);
/* The text built so far; caller frees with free(). `b` is left empty. */
char *cli_sb_take(sbuf *b);
/* `s` as a JSON string, quotes included. */
void cli_sb_json_string(sbuf *b, const char *s);
/* `s` as a path in a Make rule. */
void cli_sb_make_path(sbuf *b, const char *s);
/* The exit status of a library status. */
int cli_exit_code_for(galley_status st);
/* Prints `err` in galley's format, naming fallback_file when the error
 * names no file, and adds it to json_errors when not NULL. */
void cli_print_error(const galley_error *err, const char *fallback_file,
                     sbuf *json_errors);
/* Prints the warnings of `diag` (none under quiet), and adds them to
 * json when not NULL. */
void cli_print_warnings(const galley_diag *diag, const char *file, int quiet, sbuf *json);
/* Prints a usage error: `fmt` with one %s, `arg`. */
void cli_usage_error(const char *fmt, const char *arg);
/* Adds the inputs' results up: the worst exit status (starting from
 * `code`), the --depfile rule and the --report records written, and the
 * closing line of a run of several inputs. Returns the exit status. */
int cli_report_finish(cli *c, char **inputs, int n, const result *results, int code);

#endif
