/* cli_signal.c: how a run ends when it must end at once. The signal
 * handlers stop the workers and remove every temporary output; fatal
 * failures (out of memory, crashes) end the same way, with one message.
 * It holds the program's mutable globals, what a handler must reach
 * (the fault-injection test build adds one more in main.c, the file an
 * atexit handler reports to), and calls no other file of the command
 * line. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

#define MAX_TEMPS 4
/* ------------------------------------------------------------------ */
/* Signals: interrupted runs leave no temporary file behind            */
/* ------------------------------------------------------------------ */


/* The only mutable globals of galley: what a signal handler must reach. */
static char g_temps[MAX_TEMPS][4096];        /* temporary outputs now open */
static volatile sig_atomic_t g_temp_used[MAX_TEMPS];
static pid_t g_children[MAX_CHILDREN];       /* running workers */
static volatile sig_atomic_t g_child_count;

void cli_child_set(int slot, pid_t pid)
{
  g_children[slot] = pid;
  if (pid > 0 && slot + 1 > g_child_count)
    g_child_count = slot + 1;
}

void cli_children_forget(void)
{
  g_child_count = 0;
}

void cli_temp_hook(void *ctx, const char *path, int created)
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

void cli_install_signals(void)
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
void cli_fatal_set_input(const char *name)
{
  snprintf(g_input, sizeof g_input, "%s", name);
}

/* Appends `s` to line[*len], within `cap` bytes; async-signal-safe. */
static void fatal_put(char *line, size_t *len, size_t cap, const char *s)
{
  while (*s && *len + 1 < cap)
    line[(*len)++] = *s++;
}

void cli_fatal_exit(const char *what)
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

static void on_fatal(const char *what) { cli_fatal_exit(what); }

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
static char g_limit_note[48]; /* ", address space limited to N MB", or "" */

/* Appends the decimal digits of `v` to line[*len]; async-signal-safe. */
static void fatal_put_number(char *line, size_t *len, size_t cap, unsigned long v)
{
  char digits[24];
  int k = 0;
  do
    digits[k++] = (char)('0' + v % 10);
  while ((v /= 10) > 0 && k < (int)sizeof digits);
  while (k > 0 && *len + 1 < cap)
    line[(*len)++] = digits[--k];
}

/* A crash says which signal, and whether the address space was limited:
 * under `ulimit -v` some libraries (Fontconfig's FcFontRenderPrepare, in
 * Pango's matching thread) dereference a failed allocation instead of
 * reporting it, so the limit is the likely cause. */
static void on_crash(int sig)
{
  char what[96];
  size_t n = 0;
  fatal_put(what, &n, sizeof what, "internal error (signal ");
  fatal_put_number(what, &n, sizeof what, (unsigned long)sig);
  fatal_put(what, &n, sizeof what, g_limit_note);
  fatal_put(what, &n, sizeof what, ")");
  what[n] = '\0';
  cli_fatal_exit(what);
}

/* Notes a finite address-space limit for crash messages. */
static void note_memory_limit(void)
{
  struct rlimit rl;
  size_t n = 0;
  if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    return;
  fatal_put(g_limit_note, &n, sizeof g_limit_note, ", address space limited to ");
  fatal_put_number(g_limit_note, &n, sizeof g_limit_note,
                   (unsigned long)(rl.rlim_cur / (1024 * 1024)));
  fatal_put(g_limit_note, &n, sizeof g_limit_note, " MB");
  g_limit_note[n] = '\0';
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

void cli_install_fatal_handlers(int quiet)
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
  note_memory_limit();
  for (i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
    sigaction(crash_signals[i], &sa, NULL);
#endif
  g_quiet = quiet;
  galley_set_fatal_handler(on_fatal);
  galley_catch_glib_log(on_library_warning);
}
