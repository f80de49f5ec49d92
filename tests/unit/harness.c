/* harness.c: counting and reporting checks for the unit tests. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

harness galley_test_h = {0, 0};

void harness_ok(int cond, const char *file, int line, const char *expr)
{
  galley_test_h.tests++;
  if (!cond) {
    galley_test_h.failed++;
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, expr);
  }
}

void harness_int_eq(long long got, long long want, const char *file, int line,
                    const char *expr)
{
  galley_test_h.tests++;
  if (got != want) {
    galley_test_h.failed++;
    fprintf(stderr, "%s:%d: %s is %lld, want %lld\n", file, line, expr, got, want);
  }
}

void harness_str_eq(const char *got, const char *want, const char *file,
                    int line, const char *expr)
{
  galley_test_h.tests++;
  if (!got || !want || strcmp(got, want) != 0) {
    galley_test_h.failed++;
    fprintf(stderr, "%s:%d: %s is \"%s\", want \"%s\"\n", file, line, expr,
            got ? got : "(null)", want ? want : "(null)");
  }
}

int harness_report(void)
{
  printf("%d passed, %d failed\n", galley_test_h.tests - galley_test_h.failed,
         galley_test_h.failed);
  return galley_test_h.failed ? 1 : 0;
}
