/* pdf_pipe.c: the layout threads, which break paragraphs and set their
 * lines ahead of drawing, in parallel, with the same output whatever
 * their number (see "Breaking paragraphs, in parallel" below). */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_layout.h"
#include "../util/alloc.h"

/* ------------------------------------------------------------------ */
/* Breaking paragraphs, in parallel                                    */
/* ------------------------------------------------------------------ */

/* Paragraph breaking is independent once the measure is known, and so is
 * setting a paragraph's lines: layout threads take paragraphs in document
 * order from a shared counter, each with its own font map (over the
 * shared, read-only fontconfig configuration), context and layouts, and
 * write only into the paragraph they took. The drawing thread waits for
 * the paragraph it needs, or takes it itself when no thread has, so one
 * thread is the same code with nobody to wait for. Threads take only the
 * paragraphs the walk has published (pdf_pipe_publish: it makes them as
 * pagination needs them) and stay at most PIPE_AHEAD paragraphs ahead of
 * drawing, so memory does not grow with the document. What a thread
 * computes for a paragraph depends on nothing but the paragraph, so the
 * output is the same whatever the number of threads or their timing. */

/* Below this much text per extra thread, a thread's set-up (its font map
 * loads the faces again) costs more than it saves: the two-paragraph
 * article takes 1 ms longer with a layout thread (21.6 against 20.5 ms,
 * process start to exit, both editions), the 10 KB sample 1 ms less,
 * 24 KB and 40 KB articles 7 and 12 ms less (45 against 53, 49 against
 * 61 ms). */
#define BYTES_PER_THREAD (8 * 1024)
/* Paragraphs the layout threads may run ahead of drawing. */
#define PIPE_AHEAD 64
/* Lines of a very long paragraph a layout thread may set ahead of the
 * pages (a few windows' worth). */
#define PIPE_AHEAD_LINES 4096

typedef struct pipe_thread {
  struct pdf_pipe *pipe; /* borrowed */
  PangoFontMap *fontmap; /* owned */
  PangoContext *pango;   /* owned */
  PangoLayout *measure;  /* owned */
  PangoLayout *lines;    /* owned */
  pdf_liner liner;       /* scratch, on `lines` */
  pthread_t id;
  int started;           /* 1: id is a thread to join */
} pipe_thread;

typedef struct pdf_pipe {
  const pdf_ctx *ctx;    /* borrowed */
  FcConfig *config;      /* borrowed: the drawing thread's map's, which
                            each thread's own map shares */
  const char *lang;      /* borrowed: the document's language, or NULL */
  pthread_mutex_t lock;  /* guards next, limit, published, walk_done,
                            stop, each paragraph's `ready`, and the
                            table of paragraph chunks (pdf_new_para) */
  pthread_cond_t cond;   /* signalled when any of those change */
  int next;              /* the next paragraph nobody has taken */
  int limit;             /* threads take no paragraph past this */
  int published;         /* the paragraphs the walk has made whole */
  int walk_done;         /* 1: the walk makes no more */
  int stop;              /* 1: threads finish */
  pipe_thread *threads;  /* owned */
  int n_threads;
  int n_started;         /* threads running */
} pdf_pipe;

/* A very long paragraph's lines as its windows are broken (a
 * pdf_line_sink): kept in p->pending (their set lines, when set ahead, in
 * p->pending_set) for the drawing thread to take. Lines set ahead hold
 * their glyphs: the layout thread waits while PIPE_AHEAD_LINES of them
 * are not yet given to the pages, so that they are not the whole
 * paragraph's. */
static void pipe_publish(void *arg, pdf_para *p, const pdf_line *lines, pdf_set_line *sets,
                         int n)
{
  pdf_pipe *pp = arg;
  pthread_mutex_lock(&pp->lock);
  while (sets && !pp->stop && p->n_lines + p->n_pending - p->consumed > PIPE_AHEAD_LINES)
    pthread_cond_wait(&pp->cond, &pp->lock);
  if (p->n_pending + n > p->cap_pending) {
    while (p->n_pending + n > p->cap_pending)
      p->cap_pending = p->cap_pending ? p->cap_pending * 2 : 256;
    p->pending = galley_xreallocarray(p->pending, (size_t)p->cap_pending, sizeof *p->pending);
    if (p->pending_set)
      p->pending_set = galley_xreallocarray(p->pending_set, (size_t)p->cap_pending,
                                            sizeof *p->pending_set);
  }
  if (sets && !p->pending_set) /* the lines pending before came without */
    p->pending_set = galley_xcalloc((size_t)p->cap_pending, sizeof *p->pending_set);
  memcpy(p->pending + p->n_pending, lines, (size_t)n * sizeof *lines);
  if (p->pending_set) {
    if (sets)
      memcpy(p->pending_set + p->n_pending, sets, (size_t)n * sizeof *sets);
    else
      memset(p->pending_set + p->n_pending, 0, (size_t)n * sizeof *sets);
  }
  p->n_pending += n;
  pthread_cond_broadcast(&pp->cond);
  pthread_mutex_unlock(&pp->lock);
}

/* Moves the lines `p` has pending into p->lines, and their set lines
 * into p->set (made here when lines come set, a line each; kept a line
 * each once made). Under the pipeline's lock, on the drawing thread. */
static void take_pending(pdf_para *p)
{
  int n;
  if (p->n_pending == 0)
    return;
  n = p->n_lines + p->n_pending;
  p->lines = galley_xreallocarray(p->lines, (size_t)n, sizeof *p->lines);
  memcpy(p->lines + p->n_lines, p->pending, (size_t)p->n_pending * sizeof *p->lines);
  if (p->pending_set && !p->set)
    p->set = galley_xcalloc((size_t)(p->n_lines ? p->n_lines : 1), sizeof *p->set);
  if (p->set) {
    p->set = galley_xreallocarray(p->set, (size_t)n, sizeof *p->set);
    if (p->pending_set)
      memcpy(p->set + p->n_lines, p->pending_set, (size_t)p->n_pending * sizeof *p->set);
    else
      memset(p->set + p->n_lines, 0, (size_t)p->n_pending * sizeof *p->set);
  }
  p->n_lines = n;
  p->n_pending = 0;
}

/* Breaks paragraph `i` and sets its lines; a very long one's only when
 * `set_long` (a layout thread: on the drawing thread, which would hold
 * them all before drawing the first, its lines are set as drawn). */
static void pipe_do(const pdf_ctx *ctx, PangoLayout *measure, pdf_liner *lr, pdf_para *p,
                    int set_long)
{
  if (p->len > PDF_SET_AHEAD_MAX_BYTES && set_long && !ctx->opts->layout_only)
    pdf_para_break_set(ctx, measure, lr, p, pipe_publish, ctx->pipe);
  else
    pdf_para_break(ctx, measure, p, pipe_publish, ctx->pipe);
  /* lines are set only to be drawn */
  if (p->len <= PDF_SET_AHEAD_MAX_BYTES && !ctx->opts->layout_only)
    pdf_para_set_lines(ctx, lr, p, measure);
}

static void *pipe_thread_main(void *arg)
{
  pipe_thread *t = arg;
  pdf_pipe *pp = t->pipe;
  /* The thread's own map, context and layouts, made here rather than by
   * the drawing thread, which meanwhile goes on. A thread that cannot
   * make them leaves its share to the others (pipe_wait counts on the
   * threads started for a very long paragraph). */
  t->fontmap = pdf_fonts_new_map_sharing(pp->config);
  if (t->fontmap) {
    t->pango = pdf_fonts_new_context(t->fontmap, pp->lang);
    t->measure = pango_layout_new(t->pango);
    t->lines = pango_layout_new(t->pango);
    t->liner.layout = t->lines;
  }
  pthread_mutex_lock(&pp->lock);
  if (!t->fontmap) {
    pp->n_started--;
    pthread_cond_broadcast(&pp->cond);
    pthread_mutex_unlock(&pp->lock);
    return NULL;
  }
  for (;;) {
    pdf_para *p;
    /* wait for a paragraph to take: one the walk has made, not too far
     * ahead of drawing */
    while (!pp->stop &&
           (pp->next >= pp->published ? !pp->walk_done : pp->next > pp->limit))
      pthread_cond_wait(&pp->cond, &pp->lock);
    if (pp->stop || pp->next >= pp->published)
      break;
    /* the chunk table is read under the lock (the walk grows it) */
    p = pdf_para_at(pp->ctx, pp->next++);
    pthread_mutex_unlock(&pp->lock);
    pipe_do(pp->ctx, t->measure, &t->liner, p, 1);
    pthread_mutex_lock(&pp->lock);
    p->ready = 1;
    pthread_cond_broadcast(&pp->cond);
  }
  pthread_mutex_unlock(&pp->lock);
  return NULL;
}

/* The bytes of text of the document's literals: what the paragraphs
 * will hold, about, before the walk has made them. */
static size_t text_bytes(const galley_doc *doc)
{
  galley_iter *it = galley_iter_new(galley_doc_get_root(doc));
  galley_event_type ev;
  size_t bytes = 0;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    size_t len = 0;
    if (ev == GALLEY_EVENT_ENTER && galley_node_get_literal(galley_iter_get_node(it), &len))
      bytes += len;
  }
  galley_iter_free(it);
  return bytes;
}

void pdf_pipe_lock(pdf_ctx *ctx)
{
  if (ctx->pipe)
    pthread_mutex_lock(&ctx->pipe->lock);
}

void pdf_pipe_unlock(pdf_ctx *ctx)
{
  if (ctx->pipe)
    pthread_mutex_unlock(&ctx->pipe->lock);
}

void pdf_pipe_publish(pdf_ctx *ctx, int done)
{
  pdf_pipe *pp = ctx->pipe;
  /* Widths the threads read, known before they take a paragraph: what
   * in ctx a thread reads does not change once it is published. */
  for (; ctx->walk.fonts_measured < ctx->n_fonts; ctx->walk.fonts_measured++)
    pdf_hyphen_width(ctx, ctx->walk.fonts_measured);
  if (!pp)
    return;
  pthread_mutex_lock(&pp->lock);
  pp->published = ctx->n_paras;
  pp->walk_done = done;
  pthread_cond_broadcast(&pp->cond);
  pthread_mutex_unlock(&pp->lock);
}

void pdf_pipe_start(pdf_ctx *ctx)
{
  pdf_pipe *pp;
  size_t bytes;
  int n = ctx->threads, i;

  bytes = n > 1 ? text_bytes(ctx->doc) : 0;
  if ((size_t)n > bytes / BYTES_PER_THREAD + 1)
    n = (int)(bytes / BYTES_PER_THREAD) + 1;
  /* The drawing thread is one of the n. */
  n = n > 1 ? n - 1 : 0;
  pp = galley_xcalloc(1, sizeof *pp);
  pp->ctx = ctx;
  pp->limit = PIPE_AHEAD;
  pthread_mutex_init(&pp->lock, NULL);
  pthread_cond_init(&pp->cond, NULL);
  ctx->pipe = pp;
  pdf_pipe_publish(ctx, 0); /* the notes' paragraphs */
  if (n == 0)
    return;
  pp->config = pdf_fonts_config(ctx->fontmap);
  pp->lang = galley_meta_get(galley_doc_get_meta(ctx->doc), "language");
  pp->threads = galley_xcalloc((size_t)n, sizeof *pp->threads);
  pp->n_threads = n;
  for (i = 0; i < n; i++) {
    pipe_thread *t = &pp->threads[i];
    t->pipe = pp;
    /* A thread that cannot start leaves its share to the others. */
    pthread_mutex_lock(&pp->lock);
    t->started = pthread_create(&t->id, NULL, pipe_thread_main, t) == 0;
    pp->n_started += t->started;
    pthread_mutex_unlock(&pp->lock);
  }
}

/* Waits until paragraph `i` is ready or, with `want` >= 0, has more
 * than `want` lines, doing paragraphs itself while nobody has taken
 * them; moves its lines broken so far into p->lines. Returns 1 when it
 * is ready (whole). */
static int pipe_wait(pdf_ctx *ctx, int i, int want)
{
  pdf_pipe *pp = ctx->pipe;
  pdf_para *p = pdf_para_at(ctx, i);
  int ready;
  pthread_mutex_lock(&pp->lock);
  if (i + PIPE_AHEAD > pp->limit) {
    pp->limit = i + PIPE_AHEAD;
    pthread_cond_broadcast(&pp->cond);
  }
  /* what the pages have been given: a layout thread setting lines ahead
   * waits on it (none to wait on when the whole paragraph is wanted) */
  p->consumed = want >= 0 ? want : INT_MAX;
  pthread_cond_broadcast(&pp->cond);
  for (;;) {
    take_pending(p);
    /* Only a paragraph broken a window at a time comes in parts: any
     * other's lines are written by the thread breaking it until it is
     * ready, and are not to be read before. */
    if (p->ready || (want >= 0 && p->len > PDF_SET_AHEAD_MAX_BYTES && p->n_lines > want))
      break;
    /* A paragraph nobody has taken is done here, but for a very long
     * one, left to a layout thread that sets it ahead in windows while
     * the pages before it are drawn: here its lines would be set as
     * drawn, on this thread alone (the walk publishes it just before
     * the pages need it, often before a thread has woken). */
    if (pp->next <= i &&
        !(pp->n_started > 0 && pdf_para_at(ctx, pp->next)->len > PDF_SET_AHEAD_MAX_BYTES &&
          !ctx->opts->layout_only)) {
      pdf_para *q = pdf_para_at(ctx, pp->next++);
      pthread_mutex_unlock(&pp->lock);
      pipe_do(ctx, ctx->measure_layout, &ctx->liner, q, 0);
      pthread_mutex_lock(&pp->lock);
      q->ready = 1;
      pthread_cond_broadcast(&pp->cond);
    } else {
      pthread_cond_wait(&pp->cond, &pp->lock);
    }
  }
  ready = p->ready;
  pthread_mutex_unlock(&pp->lock);
  return ready;
}

void pdf_pipe_wait(pdf_ctx *ctx, int i)
{
  pipe_wait(ctx, i, -1);
}

int pdf_pipe_take(pdf_ctx *ctx, int i, int want)
{
  return pipe_wait(ctx, i, want);
}

void pdf_layout_end(pdf_ctx *ctx)
{
  pdf_pipe *pp = ctx->pipe;
  int i, j;
  if (!pp)
    return;
  pthread_mutex_lock(&pp->lock);
  pp->stop = 1;
  pthread_cond_broadcast(&pp->cond);
  pthread_mutex_unlock(&pp->lock);
  for (i = 0; i < pp->n_threads; i++) {
    pipe_thread *t = &pp->threads[i];
    if (t->started)
      pthread_join(t->id, NULL);
  }
  /* Lines set but never drawn (an error stopped drawing) go first: their
   * glyph runs hold the threads' fonts. */
  for (i = 0; i < ctx->n_paras; i++) {
    pdf_para *p;
    if (!ctx->para_chunks[i >> PDF_PARA_CHUNK_BITS])
      continue; /* released, whole */
    p = pdf_para_at(ctx, i);
    if (p->set) {
      for (j = 0; j < p->n_lines; j++)
        pdf_set_line_clear(&p->set[j]);
      free(p->set);
      p->set = NULL;
    }
    if (p->pending_set) {
      for (j = 0; j < p->n_pending; j++)
        pdf_set_line_clear(&p->pending_set[j]);
      free(p->pending_set);
      p->pending_set = NULL;
    }
  }
  for (i = 0; i < ctx->n_held_fonts; i++)
    g_object_unref(ctx->held_fonts[i]);
  free(ctx->held_fonts);
  ctx->held_fonts = NULL;
  free(ctx->held_nominal);
  ctx->held_nominal = NULL;
  ctx->n_held_fonts = ctx->cap_held_fonts = 0;
  for (i = 0; i < pp->n_threads; i++) {
    pipe_thread *t = &pp->threads[i];
    pdf_liner_free(&t->liner);
    if (t->lines)
      g_object_unref(t->lines);
    if (t->measure)
      g_object_unref(t->measure);
    if (t->pango)
      g_object_unref(t->pango);
    if (t->fontmap)
      g_object_unref(t->fontmap);
  }
  free(pp->threads);
  pthread_cond_destroy(&pp->cond);
  pthread_mutex_destroy(&pp->lock);
  free(pp);
  ctx->pipe = NULL;
}
