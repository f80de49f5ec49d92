/* test_fatal.c: the fatal handler (galley_set_fatal_handler) and GLib's
 * log routed through galley (galley_catch_glib_log). The handler here
 * jumps back into the test instead of exiting, which a real one must not
 * do (galley.h), but which shows what it was called with. */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "galley.h"
#include "harness.h"
#include "util/alloc.h"

static jmp_buf back;
static char fatal_what[GALLEY_ERROR_MESSAGE_MAX];
static char warned[256];

static void on_fatal(const char *what)
{
  snprintf(fatal_what, sizeof fatal_what, "%s", what);
  longjmp(back, 1);
}

static void on_warn(const char *domain, const char *message)
{
  snprintf(warned, sizeof warned, "%s: %s", domain, message);
}

static void test_allocation(void)
{
  volatile int reached = 0;
  fatal_what[0] = '\0';
  if (setjmp(back) == 0) {
    /* An impossible size fails before malloc: the handler's path. */
    galley_xreallocarray(NULL, SIZE_MAX / 2, 4);
    reached = 1;
  }
  OK(!reached);
  STR_EQ(fatal_what, "out of memory");
}

static void test_glib(void)
{
  galley_catch_glib_log(on_warn);
  warned[0] = '\0';
  g_log("Pango", G_LOG_LEVEL_WARNING, "no glyph for U+%04X", 0x1234u);
  STR_EQ(warned, "Pango: no glyph for U+1234");
  warned[0] = '\0';
  g_log("Pango", G_LOG_LEVEL_DEBUG, "chatter");
  STR_EQ(warned, "");
  /* GLib's own report of a failed g_malloc. */
  fatal_what[0] = '\0';
  if (setjmp(back) == 0)
    g_log("GLib", G_LOG_LEVEL_ERROR, "%s: failed to allocate %lu bytes", "gmem.c:123",
          12345ul);
  STR_EQ(fatal_what, "out of memory (GLib: gmem.c:123: failed to allocate 12345 bytes)");
}

int main(void)
{
  galley_set_fatal_handler(on_fatal);
  RUN(test_allocation);
  RUN(test_glib);
  galley_set_fatal_handler(NULL);
  return harness_report();
}
