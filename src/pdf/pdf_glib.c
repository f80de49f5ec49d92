/* pdf_glib.c: galley_catch_glib_log, GLib's log routed through galley.
 *
 * GLib, Pango and HarfBuzz report through GLib's log; a fatal message
 * (g_error: g_malloc that failed, a thread that could not start) is
 * printed in GLib's own format and ends in a breakpoint trap (SIGTRAP).
 * A program that owns its process asks galley to take both paths GLib
 * uses, the classic log handler (g_log) and the structured writer
 * (g_log_structured), and to turn a fatal message into galley's fatal
 * handler (galley.h) and the others into its warnings. */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "../galley.h"
#include "../util/alloc.h"

/* Set once at start-up, with the log handlers (galley.h). */
static void (*warn_fn)(const char *domain, const char *message);

/* Whether a fatal GLib message is about memory: a failed allocation, or
 * a thread whose stack could not be mapped. */
static int is_memory(const char *message)
{
  return strstr(message, "allocate") || strstr(message, "creating thread") ||
         strstr(message, "out of memory");
}

static void route(const char *domain, GLogLevelFlags level, const char *message)
{
  char what[GALLEY_ERROR_MESSAGE_MAX];
  char *c;
  if (!domain || !*domain)
    domain = "GLib";
  if (!message)
    message = "";
  if (level & (G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR)) {
    /* snprintf with %s does not allocate: safe with the heap exhausted. */
    snprintf(what, sizeof what, "%s (%s: %s)",
             is_memory(message) ? "out of memory" : "internal error", domain,
             message);
    for (c = what; *c; c++) /* one line */
      if ((unsigned char)*c < 0x20)
        *c = ' ';
    galley_fatal(what);
  }
  if (warn_fn &&
      (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE)))
    warn_fn(domain, message);
}

static void log_handler(const gchar *domain, GLogLevelFlags level,
                        const gchar *message, gpointer data)
{
  (void)data;
  route(domain, level, message);
}

static GLogWriterOutput log_writer(GLogLevelFlags level, const GLogField *fields,
                                   gsize n_fields, gpointer data)
{
  const char *domain = NULL, *message = NULL;
  gsize i;
  (void)data;
  for (i = 0; i < n_fields; i++) {
    /* Text fields come NUL-terminated (length -1) from g_log_structured;
     * others are skipped. */
    if (fields[i].length != -1)
      continue;
    if (strcmp(fields[i].key, "GLIB_DOMAIN") == 0)
      domain = fields[i].value;
    else if (strcmp(fields[i].key, "MESSAGE") == 0)
      message = fields[i].value;
  }
  route(domain, level, message);
  return G_LOG_WRITER_HANDLED;
}

void galley_catch_glib_log(void (*warn)(const char *domain, const char *message))
{
  warn_fn = warn;
  g_log_set_default_handler(log_handler, NULL);
  g_log_set_writer_func(log_writer, NULL, NULL);
}
