/* error.c: galley_error (one failure, first one wins) and galley_diag (a
 * list of warnings with positions). Every failure in the library is raised
 * through galley_error_set, one breakpoint for all, as cairo's _cairo_error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#include "../galley.h"
#include "alloc.h"
#include "buf.h"

void galley_error_clear(galley_error *err)
{
  if (!err)
    return;
  memset(err, 0, sizeof *err);
}

/* Keeps a message on one line: newlines and other controls become spaces. */
static void flatten(char *s)
{
  for (; *s; s++)
    if ((unsigned char)*s < 0x20)
      *s = ' ';
}

galley_status galley_error_set(galley_error *err, galley_status code,
                               int sys_errno, const char *fmt, ...)
{
  va_list ap;
  if (!err || err->code != GALLEY_OK)
    return code;
  err->code = code;
  err->sys_errno = sys_errno;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  flatten(err->message);
  return code;
}

void galley_error_set_where(galley_error *err, const char *file, int line,
                            int col)
{
  if (!err)
    return;
  if (file)
    snprintf(err->file, sizeof err->file, "%s", file);
  err->line = line;
  err->col = col;
}

galley_status galley_fail_first(galley_status *status, galley_error *err,
                                galley_status code, int line, const char *fmt,
                                va_list ap)
{
  char msg[GALLEY_ERROR_MESSAGE_MAX];
  if (*status != GALLEY_OK)
    return *status;
  vsnprintf(msg, sizeof msg, fmt, ap);
  *status = code;
  galley_error_set(err, code, 0, "%s", msg);
  if (line > 0)
    galley_error_set_where(err, NULL, line, 0);
  return code;
}

/* ---- diagnostics -------------------------------------------------- */

typedef struct diag_entry {
  int line;      /* 1-based, 0 if unknown */
  int col;       /* 1-based, 0 if unknown */
  char *message; /* owned; one line */
} diag_entry;

struct galley_diag {
  diag_entry *items; /* owned array */
  int count;
  int cap;
};

galley_diag *galley_diag_new(void)
{
  return galley_xcalloc(1, sizeof(galley_diag));
}

void galley_diag_free(galley_diag *diag)
{
  int i;
  if (!diag)
    return;
  for (i = 0; i < diag->count; i++)
    free(diag->items[i].message);
  free(diag->items);
  free(diag);
}

/* A runaway input (a million bad bytes) must not make a million warnings:
 * past this many, warnings are counted in one last summary entry. */
#define DIAG_MAX 1000

void galley_diag_add(galley_diag *diag, int line, int col, const char *fmt, ...)
{
  va_list ap;
  galley_buf b = GALLEY_BUF_INIT;
  if (!diag)
    return;
  if (diag->count > DIAG_MAX)
    return;
  if (diag->count == diag->cap) {
    diag->cap = diag->cap ? diag->cap * 2 : 8;
    diag->items = galley_xreallocarray(diag->items, (size_t)diag->cap,
                                       sizeof(diag_entry));
  }
  if (diag->count == DIAG_MAX) {
    galley_buf_puts(&b, "further warnings suppressed");
  } else {
    va_start(ap, fmt);
    galley_buf_vprintf(&b, fmt, ap);
    va_end(ap);
  }
  diag->items[diag->count].line = line;
  diag->items[diag->count].col = col;
  diag->items[diag->count].message = galley_buf_detach(&b, NULL);
  flatten(diag->items[diag->count].message);
  diag->count++;
}

void galley_diag_truncate(galley_diag *diag, int count)
{
  if (!diag || count < 0)
    return;
  while (diag->count > count)
    free(diag->items[--diag->count].message);
}

int galley_diag_get_count(const galley_diag *diag)
{
  return diag ? diag->count : 0;
}

const char *galley_diag_get(const galley_diag *diag, int i, int *out_line,
                            int *out_col)
{
  if (!diag || i < 0 || i >= diag->count)
    return NULL;
  if (out_line)
    *out_line = diag->items[i].line;
  if (out_col)
    *out_col = diag->items[i].col;
  return diag->items[i].message;
}
