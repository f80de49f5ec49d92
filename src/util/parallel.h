/* parallel.h: running independent pieces of work on a few threads.
 *
 * The writers use it where the work splits into pieces that depend on
 * nothing but their own input (a PDF content stream to rewrite, an EPUB
 * entry to deflate), so the result is the same for any thread count. */
#ifndef GALLEY_UTIL_PARALLEL_H
#define GALLEY_UTIL_PARALLEL_H

#include <pthread.h>
#include <stdatomic.h>

/* The most threads galley_parallel_for starts for one call. */
#define GALLEY_PARALLEL_MAX 16

/* Threads to use: `requested` when positive, else the GALLEY_THREADS
 * environment variable when set and positive, else the online cores;
 * then clamped to [1, max]. */
int galley_thread_count(int requested, int max);

/* Calls fn(arg, i) once for each i in [0, n), on up to `threads` threads,
 * the calling one among them; returns when every call has returned. Each
 * thread takes the next index not taken. A thread that cannot be started
 * leaves its share to the others, so the work is always done. */
void galley_parallel_for(int n, int threads, void (*fn)(void *arg, int i), void *arg);

/* galley_parallel_for in two steps, for a caller with something else to
 * do while the pieces are worked on: galley_parallel_start starts
 * `threads` - 1 threads taking the pieces, and returns at once;
 * galley_parallel_finish has the calling thread take the pieces left
 * and returns when every call has returned. `p` must not move between
 * the two. */
typedef struct galley_parallel {
  void (*fn)(void *arg, int i);
  void *arg;
  int n;
  atomic_int next;                   /* the next piece nobody has taken */
  pthread_t ids[GALLEY_PARALLEL_MAX];
  int started;                       /* threads to join */
} galley_parallel;

void galley_parallel_start(galley_parallel *p, int n, int threads,
                           void (*fn)(void *arg, int i), void *arg);
void galley_parallel_finish(galley_parallel *p);

#endif
