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

typedef struct work_queue {
  void (*fn)(void *arg, int i);
  void *arg;
  int n;
  atomic_int next;
} work_queue;

static void *queue_work(void *q_)
{
  work_queue *q = q_;
  int i;
  while ((i = atomic_fetch_add(&q->next, 1)) < q->n)
    q->fn(q->arg, i);
  return NULL;
}

void galley_parallel_for(int n, int threads, void (*fn)(void *arg, int i), void *arg)
{
  pthread_t ids[GALLEY_PARALLEL_MAX];
  int started = 0, i;
  work_queue q;
  q.fn = fn;
  q.arg = arg;
  q.n = n;
  atomic_init(&q.next, 0);
  if (threads > GALLEY_PARALLEL_MAX)
    threads = GALLEY_PARALLEL_MAX;
  if (threads > n)
    threads = n;
  for (i = 1; i < threads; i++)
    if (pthread_create(&ids[started], NULL, queue_work, &q) == 0)
      started++;
  queue_work(&q);
  for (i = 0; i < started; i++)
    pthread_join(ids[i], NULL);
}
