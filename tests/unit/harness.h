/* harness.h: a small in-tree test harness, as cmark's api_test/harness.h.
 * A test program calls its test functions through RUN, and returns
 * harness_report() from main. */
#ifndef GALLEY_TEST_HARNESS_H
#define GALLEY_TEST_HARNESS_H

#include <stddef.h>

typedef struct harness {
  int tests;   /* checks run */
  int failed;  /* checks failed */
} harness;

extern harness galley_test_h;

void harness_ok(int cond, const char *file, int line, const char *expr);
void harness_int_eq(long long got, long long want, const char *file, int line,
                    const char *expr);
void harness_str_eq(const char *got, const char *want, const char *file,
                    int line, const char *expr);
/* Prints "N passed, N failed" and returns the exit status. */
int harness_report(void);

#define OK(cond) harness_ok((cond) != 0, __FILE__, __LINE__, #cond)
#define INT_EQ(got, want) \
  harness_int_eq((long long)(got), (long long)(want), __FILE__, __LINE__, #got)
#define STR_EQ(got, want) harness_str_eq((got), (want), __FILE__, __LINE__, #got)
#define RUN(fn) fn()

#endif
