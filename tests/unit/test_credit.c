/* test_credit.c: the reader helpers shared by both readers: the
 * photo-credit splitter (credit.h) and input cleaning (clean.h). */
#include <stdlib.h>
#include <string.h>

#include "galley.h"
#include "harness.h"
#include "read/clean.h"
#include "read/credit.h"

/* Splits `text`; returns "caption|credit" in a static buffer, or "-" when
 * there is no credit. */
static const char *split(const char *text)
{
  static char out[512];
  size_t cap, start, len;
  if (!galley_split_credit(text, strlen(text), &cap, &start, &len))
    return "-";
  memcpy(out, text, cap);
  out[cap] = '|';
  memcpy(out + cap + 1, text + start, len);
  out[cap + 1 + len] = '\0';
  return out;
}

static void test_split_credit(void)
{
  STR_EQ(split("Alexey Rogov in Astana. Photo credit: Fatima Kemelova/ The Astana Times"),
         "Alexey Rogov in Astana.|Photo credit: Fatima Kemelova/ The Astana Times");
  STR_EQ(split("Photo credit: Fatima Kemelova/ The Astana Times"),
         "|Photo credit: Fatima Kemelova/ The Astana Times");
  STR_EQ(split("The skyline at dusk (Photo: AP)"), "The skyline at dusk|Photo: AP");
  STR_EQ(split("GDP growth, 2000-2025. Source: World Bank  "),
         "GDP growth, 2000-2025.|Source: World Bank");
  STR_EQ(split("Delegates arrive \xE2\x80\x93 photo by Jane Doe"),
         "Delegates arrive \xE2\x80\x93|photo by Jane Doe");
  STR_EQ(split("Delegates arrive. IMAGE CREDIT: Reuters"),
         "Delegates arrive.|IMAGE CREDIT: Reuters");
  /* the last label wins */
  STR_EQ(split("Source: a report. Photo: B. Smith"), "Source: a report.|Photo: B. Smith");
  /* rejected */
  STR_EQ(split("The photo: a study of light"), "-");        /* no sentence end */
  STR_EQ(split("Rogov in Astana. Photo credit:"), "-");     /* no name */
  STR_EQ(split("A photographer at work"), "-");
  STR_EQ(split("Rogov in Astana (Photo: AP) at the summit"), "-"); /* not at the end */
  STR_EQ(split(""), "-");
  {
    /* a tail longer than a credit is running text */
    char long_text[400];
    memset(long_text, 'x', sizeof long_text);
    memcpy(long_text, "Intro. Photo: ", 14);
    long_text[sizeof long_text - 1] = '\0';
    STR_EQ(split(long_text), "-");
  }
}

static void test_clean(void)
{
  galley_buf b = GALLEY_BUF_INIT;
  galley_diag *diag = galley_diag_new();
  int line;
  /* line 2 has invalid UTF-8, line 3 a NUL, line 4 a control character */
  static const char in[] = "ok \xC3\xA9\nbad \xFF\xFE\r\nnul \0 here\rctl \x01\n\tfine\n";
  INT_EQ(galley_clean_text(&b, in, sizeof in - 1, 1, diag), 4);
  STR_EQ(galley_buf_cstr(&b), "ok \xC3\xA9\nbad \xEF\xBF\xBD\xEF\xBF\xBD\r\nnul "
                              "\xEF\xBF\xBD here\rctl \xEF\xBF\xBD\n\tfine\n");
  INT_EQ(galley_diag_get_count(diag), 3);
  OK(strstr(galley_diag_get(diag, 0, &line, NULL), "invalid UTF-8") != NULL);
  INT_EQ(line, 2);
  OK(strstr(galley_diag_get(diag, 1, &line, NULL), "NUL") != NULL);
  INT_EQ(line, 3);
  OK(strstr(galley_diag_get(diag, 2, &line, NULL), "control") != NULL);
  INT_EQ(line, 4);
  galley_buf_free(&b);
  galley_diag_free(diag);

  /* many bad lines: GALLEY_CLEAN_MAX_WARNINGS of them, then one summary */
  {
    galley_buf many = GALLEY_BUF_INIT;
    int i;
    diag = galley_diag_new();
    for (i = 0; i < 50; i++)
      galley_buf_puts(&many, "\xFF\n");
    galley_clean_text(&b, many.ptr, many.len, 1, diag);
    INT_EQ(galley_diag_get_count(diag), GALLEY_CLEAN_MAX_WARNINGS + 1);
    OK(strstr(galley_diag_get(diag, GALLEY_CLEAN_MAX_WARNINGS, NULL, NULL), "30 more") != NULL);
    galley_buf_free(&many);
    galley_buf_free(&b);
    galley_diag_free(diag);
  }
  /* strings: no warnings, NULL accepted */
  INT_EQ(galley_clean_string(&b, NULL, 0), 0);
  INT_EQ(galley_clean_string(&b, "\x1b[0m", 4), 1);
  STR_EQ(galley_buf_cstr(&b), "\xEF\xBF\xBD[0m");
  galley_buf_free(&b);
}

int main(void)
{
  RUN(test_split_credit);
  RUN(test_clean);
  return harness_report();
}
