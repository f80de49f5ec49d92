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
 *   cli_batch.c     the run's inputs: the command line's, a manifest's
 *                   (--files-from), one shard of them (--shard K/N)
 *   cli_cache.c     the content-addressed cache of editions (--cache)
 *   cli_pool.c      several inputs at once in forked workers
 *   cli_report.c    growing strings, messages in galley's format, the exit
 *                   status, the --depfile rule and the --report JSON
 *   cli_signal.c    signals and fatal failures, which stop the workers and
 *                   leave no temporary file
 *
 * The calls go one way, never back:
 *
 *   main.c         -> cli_options.c, cli_batch.c, cli_convert.c,
 *                     cli_cache.c, cli_pool.c, cli_report.c, cli_signal.c
 *   cli_pool.c     -> cli_convert.c, cli_report.c, cli_signal.c
 *   cli_convert.c  -> cli_options.c, cli_cache.c, cli_report.c,
 *                     cli_signal.c
 *   cli_batch.c    -> cli_report.c
 *   cli_cache.c    -> cli_report.c, cli_signal.c
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
  /* The run's inputs (cli_batch.c) */
  const char *files_from; /* --files-from: a manifest, one path a line */
  int shard_k, shard_n;   /* --shard K/N: convert shard K (1..N) of N;
                             shard_n 0: every input */
  int shard_auto;         /* --shard auto[/N]: K (and N) from the job
                             engine's environment */
  int list_inputs;        /* --list-inputs: print them and exit */
  const char *shard_root; /* --shard-root: paths are hashed relative to it
                             (NULL: the working directory) */
  char *manifest;         /* owned: the manifest's text, its lines split in
                             place (the inputs point into it) */
  char **input_list;      /* owned array (of borrowed strings) when the
                             inputs are not argv's own */
  /* The cache (cli_cache.c) */
  const char *cache_dir;  /* --cache DIR, or NULL */
  long long cache_max;    /* --cache-max-size, bytes */
  int cache_stats;        /* --cache-stats */
  char *cache_build;      /* owned: what every key starts from: galley's and
                             its libraries' versions, the program's hash */
  struct cache_memo *cache_memo; /* owned: hashes of the data files */
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
  int cache_hits, cache_misses, cache_stores; /* editions, with --cache */
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

/* ---- cli_batch.c: the run's inputs -------------------------------- */

/* Reads --shard's value into c; 0, or -1 after a usage error. */
int cli_shard_parse(cli *c, const char *arg);
/* The run's inputs: argv's `n_args` inputs `args` and the manifest's
 * lines (--files-from), then only those of the shard (--shard), into
 * *out_inputs (owned by c) and *out_n. Returns -1 when the run goes on,
 * else the exit status, its message printed. */
int cli_batch_inputs(cli *c, char **args, int n_args, char ***out_inputs, int *out_n);
/* `path` made lexically into an absolute path without "." or ".."
 * components or repeated slashes ("./a//b/../c" from /w is "/w/a/c"), a
 * relative one taken from `cwd` (NULL: from /). Caller frees. */
char *cli_path_absolute(const char *path, const char *cwd);
/* The key a path is sharded (and a file named in a cache key) by: its
 * path made as cli_path_absolute makes it, relative to `base` (an
 * absolute path so made), or whole when it lies outside. Caller frees. */
char *cli_path_key(const char *path, const char *cwd, const char *base);
/* Which shard, 1..n, the path key `key` falls in: FNV-1a (64-bit) of its
 * bytes, modulo n, plus 1. */
int cli_shard_of(const char *key, int n);

/* ---- cli_cache.c: the content-addressed cache of editions ---------- */

/* Prepares the cache of c->cache_dir (creating it) before any worker
 * starts: the build identity and the data files' hashes, which the
 * workers inherit. Returns -1 when the run goes on, else the exit
 * status, its message printed. */
int cli_cache_open(cli *c);
/* The key of `edition` of `doc` as c converts it, the editions wanted
 * `wanted`, into hex (65 bytes). Returns 0, or -1 when a file it was made
 * from cannot be read (the edition is then made and not stored). */
int cli_cache_key(const cli *c, const galley_doc *doc, galley_edition edition,
                  unsigned wanted, char *hex);
/* Copies the stored edition `hex` to `out` atomically; *pages (PDF) from
 * its record. Returns 0 on a hit, -1 when it is not there (or unsound). */
int cli_cache_fetch(const cli *c, const char *hex, galley_edition edition,
                    const char *out, int *pages);
/* Stores the edition just written to `out` under `hex`; 0 or -1. */
int cli_cache_store(const cli *c, const char *hex, galley_edition edition,
                    const char *out, int pages);
/* After the run: adds its counts to the cache's statistics and keeps the
 * cache under its size limit (the least recently used editions go
 * first). */
void cli_cache_finish(const cli *c, const result *results, int n);
/* Prints the cache's statistics (--cache-stats) on stdout. */
void cli_cache_print_stats(const cli *c);
/* Frees what cli_cache_open made. */
void cli_cache_close(cli *c);

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
