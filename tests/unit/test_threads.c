/* test_threads.c: galley.h's thread rule, tested: threads converting
 * different documents with one library at the same time get exactly the
 * bytes each document gets alone (reading, both writers, the model's
 * dump), with no lock of the caller's. Run under ThreadSanitizer or
 * Helgrind to see races that happen not to change the bytes. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"
#include "harness.h"

#define ROUNDS 3

typedef struct job {
  const char *input;        /* path */
  galley_format format;
  galley_edition edition;
  const char *style;
  const char *page_size;
  /* results */
  char *bytes;              /* owned: the edition of the last round */
  size_t len;
  char *dump;               /* owned: the model's dump */
  int failures;             /* rounds whose bytes differed from the first */
  galley_status status;
} job;

static galley_convert_options options_for(const job *j)
{
  galley_convert_options o;
  memset(&o, 0, sizeof o);
  o.input = j->input;
  o.format = j->format;
  o.style = j->style;
  o.page_size = j->page_size;
  o.source_date_epoch = 1700000000;
  return o;
}

/* Converts j's input ROUNDS times, keeping the first bytes and counting
 * later rounds that differ from them. */
static void *run_job(void *arg)
{
  job *j = arg;
  galley_convert_options o = options_for(j);
  int round;
  for (round = 0; round < ROUNDS; round++) {
    galley_error err;
    galley_diag *diag = galley_diag_new();
    galley_doc *doc = galley_convert_read(&o, diag, &err);
    char *data = NULL;
    size_t len = 0;
    if (!doc) {
      j->status = err.code;
      galley_diag_free(diag);
      return NULL;
    }
    if (!j->dump)
      j->dump = galley_doc_dump(doc, 40);
    j->status = galley_convert_to_memory(doc, &o, j->edition, &data, &len, diag, &err);
    if (j->status == GALLEY_OK) {
      if (!j->bytes) {
        j->bytes = data;
        j->len = len;
        data = NULL;
      } else if (len != j->len || memcmp(data, j->bytes, len) != 0) {
        j->failures++;
      }
    }
    free(data);
    galley_doc_free(doc);
    galley_diag_free(diag);
  }
  return NULL;
}

static void job_clear(job *j)
{
  free(j->bytes);
  free(j->dump);
  j->bytes = j->dump = NULL;
  j->len = 0;
  j->failures = 0;
}

static void test_two_threads(void)
{
  job jobs[4] = {
      {GALLEY_TEST_SOURCE_DIR "/input/000_0cf0c6b4b4a8e552.txt", GALLEY_FORMAT_TEXT,
       GALLEY_EDITION_PDF, "classic", "A5", NULL, 0, NULL, 0, GALLEY_OK},
      {GALLEY_TEST_SOURCE_DIR "/input/article.md", GALLEY_FORMAT_MARKDOWN,
       GALLEY_EDITION_PDF, "modern", "A4", NULL, 0, NULL, 0, GALLEY_OK},
      {GALLEY_TEST_SOURCE_DIR "/tests/golden/novel-russian.txt", GALLEY_FORMAT_TEXT,
       GALLEY_EDITION_EPUB, "classic", NULL, NULL, 0, NULL, 0, GALLEY_OK},
      {GALLEY_TEST_SOURCE_DIR "/tests/golden/kazakh-cyrillic.txt", GALLEY_FORMAT_TEXT,
       GALLEY_EDITION_PDF, "classic", "A4", NULL, 0, NULL, 0, GALLEY_OK},
  };
  job alone[4];
  pthread_t th[4];
  int i;

  /* each job alone, one after the other */
  for (i = 0; i < 4; i++) {
    alone[i] = jobs[i];
    run_job(&alone[i]);
    INT_EQ(alone[i].status, GALLEY_OK);
    OK(alone[i].bytes && alone[i].len > 1000);
    INT_EQ(alone[i].failures, 0);
  }
  /* the same four at once, on one library */
  for (i = 0; i < 4; i++)
    OK(pthread_create(&th[i], NULL, run_job, &jobs[i]) == 0);
  for (i = 0; i < 4; i++)
    pthread_join(th[i], NULL);
  for (i = 0; i < 4; i++) {
    INT_EQ(jobs[i].status, GALLEY_OK);
    INT_EQ(jobs[i].failures, 0);
    OK(jobs[i].bytes && jobs[i].len == alone[i].len &&
       memcmp(jobs[i].bytes, alone[i].bytes, alone[i].len) == 0);
    STR_EQ(jobs[i].dump, alone[i].dump);
    job_clear(&jobs[i]);
    job_clear(&alone[i]);
  }
}

/* Markdown whose every paragraph has struck text and autolinks: the
 * marks cmark-gfm keeps in process-wide tables (md_parse). */
static char *struck_text(size_t *len)
{
  static const char para[] =
      "Some ~~old~~ words, see www.example.com/a and https://example.org/b "
      "for ~two~ more ~~struck~~ ones, then plain words to the end.\n\n";
  size_t n = 3000, k, plen = sizeof para - 1;
  char *s = malloc(n * plen + 1);
  for (k = 0; k < n; k++)
    memcpy(s + k * plen, para, plen);
  s[n * plen] = '\0';
  *len = n * plen;
  return s;
}

typedef struct md_job {
  const char *text;
  size_t len;
  const char *want; /* the dump read alone */
  int rounds, differed;
} md_job;

/* The model's dump of `text` read as Markdown, with its count of links
 * and of struck spans first (the dump names the struck text, not the
 * links). */
static char *read_dump(const char *text, size_t len)
{
  galley_error err;
  galley_diag *diag = galley_diag_new();
  galley_doc *doc = galley_read_markdown(text, len, NULL, diag, &err);
  char *dump = NULL, *with = NULL;
  if (doc) {
    galley_iter *it = galley_iter_new(galley_doc_get_root(doc));
    galley_event_type ev;
    int links = 0, struck = 0;
    size_t n;
    while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
      galley_node_type t = galley_node_get_type(galley_iter_get_node(it));
      if (ev == GALLEY_EVENT_ENTER) {
        links += t == GALLEY_NODE_LINK;
        struck += t == GALLEY_NODE_DELETE;
      }
    }
    galley_iter_free(it);
    dump = galley_doc_dump(doc, 40);
    n = strlen(dump) + 64;
    with = malloc(n);
    snprintf(with, n, "links %d struck %d\n%s", links, struck, dump);
    free(dump);
  }
  galley_doc_free(doc);
  galley_diag_free(diag);
  return with;
}

static void *run_md_job(void *arg)
{
  md_job *j = arg;
  int r;
  for (r = 0; r < j->rounds; r++) {
    char *dump = read_dump(j->text, j->len);
    if (!dump || strcmp(dump, j->want) != 0)
      j->differed++;
    free(dump);
  }
  return NULL;
}

/* Markdown read on four threads at once keeps every struck word and
 * autolink: without md_parse's lock, one thread's cmark_parser_finish
 * cleared the others' special characters mid-parse. */
static void test_markdown_threads(void)
{
  size_t len;
  char *text = struck_text(&len);
  char *alone = read_dump(text, len);
  md_job jobs[4];
  pthread_t th[4];
  int i;
  OK(alone && strncmp(alone, "links 6000 struck 9000\n", 23) == 0);
  for (i = 0; i < 4; i++) {
    jobs[i].text = text;
    jobs[i].len = len;
    jobs[i].want = alone;
    jobs[i].rounds = 6;
    jobs[i].differed = 0;
    OK(pthread_create(&th[i], NULL, run_md_job, &jobs[i]) == 0);
  }
  for (i = 0; i < 4; i++) {
    pthread_join(th[i], NULL);
    INT_EQ(jobs[i].differed, 0);
  }
  free(alone);
  free(text);
}

int main(void)
{
  printf("galley %s (header %s)\n", galley_version(), GALLEY_VERSION);
  INT_EQ(galley_version_number(), GALLEY_VERSION_NUMBER);
  STR_EQ(galley_version(), GALLEY_VERSION);
  RUN(test_two_threads);
  RUN(test_markdown_threads);
  return harness_report();
}
