/* parallel.c: see parallel.h. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "parallel.h"

int galley_thread_count(int requested, int max)
{
  long n = requested;
  if (n <= 0) {
    const char *env = getenv("GALLEY_THREADS");
    n = env && *env ? strtol(env, NULL, 10) : 0;
  }
  if (n <= 0)
    n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n > max)
    n = max;
  if (n < 1)
    n = 1;
  return (int)n;
}

static void *queue_work(void *p_)
{
  galley_parallel *p = p_;
  int i;
  while ((i = atomic_fetch_add(&p->next, 1)) < p->n)
    p->fn(p->arg, i);
  return NULL;
}

void galley_parallel_start(galley_parallel *p, int n, int threads,
                           void (*fn)(void *arg, int i), void *arg)
{
  int i;
  p->fn = fn;
  p->arg = arg;
  p->n = n;
  p->started = 0;
  atomic_init(&p->next, 0);
  if (threads > GALLEY_PARALLEL_MAX)
    threads = GALLEY_PARALLEL_MAX;
  if (threads > n)
    threads = n;
  for (i = 1; i < threads; i++)
    if (pthread_create(&p->ids[p->started], NULL, queue_work, p) == 0)
      p->started++;
}

void galley_parallel_finish(galley_parallel *p)
{
  int i;
  queue_work(p);
  for (i = 0; i < p->started; i++)
    pthread_join(p->ids[i], NULL);
  p->started = 0;
}

void galley_parallel_for(int n, int threads, void (*fn)(void *arg, int i), void *arg)
{
  galley_parallel p;
  galley_parallel_start(&p, n, threads, fn, arg);
  galley_parallel_finish(&p);
}
