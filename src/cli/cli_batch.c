/* cli_batch.c: the run's inputs. They come from the command line and
 * from a manifest (--files-from FILE, one path a line, - for standard
 * input); with --shard K/N only those of shard K of N are converted, so
 * that N workers given the same list cover every input once with no
 * coordination.
 *
 * The rule is stable and written down (README.md, docs/scale-out.md):
 * an input's key is its path relative to the shard root (the working
 * directory unless --shard-root names one), made lexically, without
 * asking the file system (so the same list gives the same keys on every
 * host, whatever its mounts and links); its shard is FNV-1a (64-bit) of
 * the key's bytes modulo N, plus 1. An input added to the list takes its
 * own shard and moves no other.
 *
 * --shard auto takes K and N from the job engine's environment: Slurm's
 * array (SLURM_ARRAY_TASK_ID less SLURM_ARRAY_TASK_MIN, plus 1, of
 * SLURM_ARRAY_TASK_COUNT, the array's step 1) or a Kubernetes indexed
 * job (JOB_COMPLETION_INDEX plus 1, of the N that --shard auto/N gives,
 * which the job's completions are). */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The most shards: far more workers than any engine runs at once. */
#define MAX_SHARDS 1000000

/* A whole number from 1 to MAX_SHARDS spelled out in s[0..len); 0 when
 * it is not one. */
static int shard_number(const char *s, size_t len)
{
  long v = 0;
  size_t i;
  if (len == 0 || len > 7)
    return 0;
  for (i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9')
      return 0;
    v = v * 10 + (s[i] - '0');
  }
  return v >= 1 && v <= MAX_SHARDS ? (int)v : 0;
}

int cli_shard_parse(cli *c, const char *arg)
{
  const char *slash = strchr(arg, '/');
  size_t klen = slash ? (size_t)(slash - arg) : strlen(arg);
  c->shard_auto = klen == 4 && strncmp(arg, "auto", 4) == 0;
  c->shard_k = c->shard_auto ? 0 : shard_number(arg, klen);
  c->shard_n = slash ? shard_number(slash + 1, strlen(slash + 1)) : 0;
  if ((!c->shard_auto && (!c->shard_k || !c->shard_n || c->shard_k > c->shard_n)) ||
      (c->shard_auto && slash && !c->shard_n)) {
    cli_usage_error("--shard wants K/N (1 <= K <= N), auto or auto/N, not '%s'", arg);
    return -1;
  }
  return 0;
}

/* A number from the environment, or -1 when `name` is unset or not a
 * whole number. */
static long env_number(const char *name)
{
  const char *v = getenv(name);
  char *end;
  long n;
  if (!v || !*v)
    return -1;
  errno = 0;
  n = strtol(v, &end, 10);
  return errno || *end || n < 0 ? -1 : n;
}

/* --shard auto: K and N from the engine's environment; 0, or -1 after
 * its message. */
static int shard_from_env(cli *c)
{
  long id = env_number("SLURM_ARRAY_TASK_ID");
  long k, n;
  if (id >= 0) {
    long min = env_number("SLURM_ARRAY_TASK_MIN");
    long count = env_number("SLURM_ARRAY_TASK_COUNT");
    long step = env_number("SLURM_ARRAY_TASK_STEP");
    if (step > 1 || count <= 0) {
      fprintf(stderr, "galley: error: --shard auto: the Slurm array must be "
                      "contiguous (--array=A-B, step 1) and name its count\n");
      return -1;
    }
    k = id - (min >= 0 ? min : 0) + 1;
    n = count;
    if (c->shard_n && c->shard_n != n) {
      fprintf(stderr, "galley: error: --shard auto/%d, but the Slurm array has "
                      "%ld tasks\n", c->shard_n, n);
      return -1;
    }
  } else if ((id = env_number("JOB_COMPLETION_INDEX")) >= 0) {
    if (!c->shard_n) {
      fprintf(stderr, "galley: error: --shard auto in an indexed job needs the "
                      "number of shards: --shard auto/N (the job's completions)\n");
      return -1;
    }
    k = id + 1;
    n = c->shard_n;
  } else {
    fprintf(stderr, "galley: error: --shard auto finds no shard in the environment "
                    "(SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX); give --shard K/N\n");
    return -1;
  }
  if (k < 1 || n > MAX_SHARDS || k > n) {
    fprintf(stderr, "galley: error: --shard auto: shard %ld of %ld is not one\n", k, n);
    return -1;
  }
  c->shard_k = (int)k;
  c->shard_n = (int)n;
  return 0;
}

char *cli_path_absolute(const char *path, const char *cwd)
{
  size_t n = strlen(path) + (cwd ? strlen(cwd) : 0) + 3;
  char *joined = malloc(n), *out = malloc(n);
  const char *p;
  size_t len = 0;
  if (!joined || !out)
    abort();
  if (path[0] == '/' || !cwd)
    snprintf(joined, n, "/%s", path);
  else
    snprintf(joined, n, "%s/%s", cwd, path);
  for (p = joined; *p;) {
    const char *e;
    size_t seg;
    while (*p == '/')
      p++;
    e = strchr(p, '/');
    seg = e ? (size_t)(e - p) : strlen(p);
    if (seg == 0)
      break;
    if (seg == 1 && p[0] == '.') {
      /* nothing */
    } else if (seg == 2 && p[0] == '.' && p[1] == '.') {
      while (len > 0 && out[len - 1] != '/')
        len--;
      if (len > 0)
        len--; /* the slash before the dropped component */
    } else {
      out[len++] = '/';
      memcpy(out + len, p, seg);
      len += seg;
    }
    p += seg;
  }
  if (len == 0)
    out[len++] = '/';
  out[len] = '\0';
  free(joined);
  return out;
}

char *cli_path_key(const char *path, const char *cwd, const char *base)
{
  char *abs = cli_path_absolute(path, cwd);
  size_t bl = strlen(base);
  char *key;
  if (strcmp(base, "/") == 0 && abs[1])
    key = strdup(abs + 1);
  else if (strncmp(abs, base, bl) == 0 && abs[bl] == '/' && abs[bl + 1])
    key = strdup(abs + bl + 1);
  else
    key = strdup(abs);
  if (!key)
    abort();
  free(abs);
  return key;
}

int cli_shard_of(const char *key, int n)
{
  uint64_t h = 14695981039346656037ULL; /* FNV-1a 64-bit offset basis */
  const unsigned char *p;
  for (p = (const unsigned char *)key; *p; p++) {
    h ^= *p;
    h *= 1099511628211ULL; /* the FNV prime */
  }
  return (int)(h % (uint64_t)n) + 1;
}

/* Reads the manifest into c->manifest; its lines (less a trailing CR,
 * empty ones skipped) appended to list. Returns -1, or the exit status
 * after its message. */
static int read_manifest(cli *c, char ***list, int *n, int *cap)
{
  FILE *f = strcmp(c->files_from, "-") == 0 ? stdin : fopen(c->files_from, "rb");
  sbuf text = {0};
  char chunk[65536], *p;
  size_t got;
  if (!f) {
    fprintf(stderr, "galley: %s: error: cannot read the list of inputs: %s\n",
            c->files_from, strerror(errno));
    return EXIT_NOINPUT;
  }
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
    cli_sb_put(&text, chunk, got);
  if (ferror(f)) {
    fprintf(stderr, "galley: %s: error: cannot read the list of inputs: %s\n",
            c->files_from, strerror(errno));
    if (f != stdin)
      fclose(f);
    free(text.p);
    return EXIT_NOINPUT;
  }
  if (f != stdin)
    fclose(f);
  c->manifest = text.p ? text.p : strdup("");
  if (!c->manifest)
    abort();
  if (memchr(c->manifest, '\0', text.len)) {
    fprintf(stderr, "galley: %s: error: the list of inputs holds a NUL byte; "
                    "give one path a line\n", c->files_from);
    return EXIT_DATAERR;
  }
  for (p = c->manifest; *p;) {
    char *nl = strchr(p, '\n'), *next = nl ? nl + 1 : p + strlen(p);
    size_t len = (size_t)(next - p);
    if (nl)
      *nl = '\0', len--;
    if (len > 0 && p[len - 1] == '\r')
      p[--len] = '\0';
    if (len > 0) {
      if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        *list = realloc(*list, (size_t)*cap * sizeof **list);
        if (!*list)
          abort();
      }
      (*list)[(*n)++] = p;
    }
    p = next;
  }
  return -1;
}

int cli_batch_inputs(cli *c, char **args, int n_args, char ***out_inputs, int *out_n)
{
  char **list;
  int n = n_args, cap = n_args + 1, i, kept = 0, code;
  *out_inputs = args;
  *out_n = n_args;
  if (!c->files_from && !c->shard_n && !c->shard_auto)
    return -1;
  list = malloc((size_t)cap * sizeof *list);
  if (!list)
    abort();
  memcpy(list, args, (size_t)n_args * sizeof *list);
  c->input_list = list;
  if (c->files_from) {
    code = read_manifest(c, &list, &n, &cap);
    c->input_list = list;
    if (code >= 0)
      return code;
    for (i = 0; i < n; i++)
      if (strcmp(list[i], "-") == 0) {
        cli_usage_error("%s", "standard input (-) cannot be one of several inputs "
                              "of --files-from");
        return EXIT_USAGE;
      }
  }
  if (c->shard_auto && shard_from_env(c) != 0)
    return EXIT_USAGE;
  if (c->shard_n) {
    /* the working directory and the root made once, not for every path
     * of a manifest that may list millions */
    char *cwd = getcwd(NULL, 0);
    char *base = cli_path_absolute(c->shard_root ? c->shard_root : ".", cwd);
    for (i = 0; i < n; i++) {
      char *key = cli_path_key(list[i], cwd, base);
      if (cli_shard_of(key, c->shard_n) == c->shard_k)
        list[kept++] = list[i];
      free(key);
    }
    free(base);
    free(cwd);
    n = kept;
  }
  *out_inputs = list;
  *out_n = n;
  return -1;
}
