/* cli_pool.c: several inputs converted at once, each in a forked worker
 * that sends its result back through a pipe, with a progress bar; the
 * workers are recorded with cli_signal.c, which stops them when the run
 * must end. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

/* ------------------------------------------------------------------ */
/* Several inputs: workers                                             */
/* ------------------------------------------------------------------ */

/* A worker is a forked process converting one input, so conversions
 * share nothing and a crash in one cannot take the others down. It sends
 * its result back through a pipe as
 * "code\n<no_side>\n<hits> <misses> <stores>\n<json-len>\n<json><deps>". */
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
  res->cache_hits = res->cache_misses = res->cache_stores = 0;
  if (p) {
    code = strtol(p, &end, 10);
    if (*end == '\n')
      res->no_side = (int)strtol(end + 1, &end, 10);
    if (*end == '\n') {
      res->cache_hits = (int)strtol(end + 1, &end, 10);
      res->cache_misses = (int)strtol(end, &end, 10);
      res->cache_stores = (int)strtol(end, &end, 10);
    }
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
      cli_sb_printf(&msg, "conversion died with signal %d", WTERMSIG(wait_status));
    else if (told)
      cli_sb_printf(&msg, "%s", "conversion failed (out of memory or an internal error)");
    else
      cli_sb_printf(&msg, "conversion ended without a result (exit status %d)",
                    WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1);
    if (!told)
      fprintf(stderr, "galley: %s: error: %s\n", name, msg.p);
    cli_sb_puts(&j, "{\"input\": ");
    cli_sb_json_string(&j, name);
    cli_sb_puts(&j, ", \"exit\": 70, \"editions\": [], \"warnings\": [], "
                "\"errors\": [{\"file\": ");
    cli_sb_json_string(&j, name);
    cli_sb_puts(&j, ", \"line\": 0, \"message\": ");
    cli_sb_json_string(&j, msg.p);
    cli_sb_puts(&j, "}]}");
    free(msg.p);
    res->json = cli_sb_take(&j);
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

void cli_page_progress(void *ctx, int page)
{
  (void)ctx;
  if (page >= PAGE_PROGRESS_FROM && page % 10 == 0) {
    fprintf(stderr, "\rgalley: page %d", page);
    fflush(stderr);
  }
}

void cli_run_all(cli *c, char **inputs, int n, result *results)
{
  worker *w;
  int next = 0, active = 0, done = 0, i;

  if (c->jobs <= 1 || n == 1) {
    for (i = 0; i < n; i++) {
      cli_convert_one(c, inputs[i], &results[i]);
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
        char head[128];
        close(fds[0]);
        cli_children_forget();
        c->progress = 0;
        cli_convert_one(c, inputs[next], &r);
        snprintf(head, sizeof head, "%d\n%d\n%d %d %d\n%zu\n", r.code, r.no_side,
                 r.cache_hits, r.cache_misses, r.cache_stores, strlen(r.json));
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
      cli_child_set(i, pid);
      active++;
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
        cli_sb_put(&wk->data, chunk, (size_t)r);
      } else if (r == 0 || (r < 0 && errno != EINTR)) {
        int status = 0;
        close(wk->fd);
        waitpid(wk->pid, &status, 0);
        decode_result(inputs[wk->index], &wk->data, status, &results[wk->index]);
        free(wk->data.p);
        cli_child_set(slots[i], 0);
        memset(wk, 0, sizeof *wk);
        active--;
        done++;
        draw_progress(c, done, n);
      }
    }
  }
  free(w);
}
