/* clean.c: input cleaning shared by the readers (see clean.h): invalid
 * UTF-8, NUL and XML-forbidden characters become U+FFFD, as cmark does
 * with NUL in src/blocks.c, but reported with their line. */
#include "clean.h"

#include "../util/utf8.h"

/* What was wrong on one line, for its warning. */
enum { BAD_UTF8 = 1, BAD_NUL = 2, BAD_CONTROL = 4 };

static void report_line(galley_diag *diag, int line, unsigned bad, int *reported)
{
  const char *what = (bad & BAD_UTF8)  ? "invalid UTF-8"
                     : (bad & BAD_NUL) ? "a NUL byte"
                                       : "a control character XML forbids";
  if (*reported < GALLEY_CLEAN_MAX_WARNINGS)
    galley_diag_add(diag, line, 0, "%s%s replaced with U+FFFD", what,
                    (bad & (bad - 1)) ? " (and more)" : "");
  (*reported)++;
}

static int clean(galley_buf *out, const char *text, size_t len, int first_line,
                 galley_diag *diag)
{
  size_t i = 0, run = 0;
  int line = first_line, count = 0, reported = 0;
  unsigned bad = 0; /* BAD_* seen on the current line */

  if (!text)
    return 0;
  galley_buf_grow(out, len);
  while (i < len) {
    unsigned char c = (unsigned char)text[i];
    int32_t cp;
    size_t n;
    if (c >= 0x20 && c < 0x80) { /* the common case, copied in runs */
      i++;
      continue;
    }
    galley_buf_put(out, text + run, i - run);
    if (c == '\n' || c == '\r') {
      if (bad && diag)
        report_line(diag, line, bad, &reported);
      bad = 0;
      line++;
      if (c == '\r' && i + 1 < len && text[i + 1] == '\n')
        galley_buf_putc(out, text[i++]);
      galley_buf_putc(out, text[i++]);
      run = i;
      continue;
    }
    n = galley_utf8_decode(text + i, len - i, &cp);
    if (cp < 0 || cp == 0 || !galley_utf8_is_xml_char(cp)) {
      bad |= cp < 0 ? BAD_UTF8 : cp == 0 ? BAD_NUL : BAD_CONTROL;
      galley_utf8_encode(out, GALLEY_UTF8_REPLACEMENT);
      count++;
    } else {
      galley_buf_put(out, text + i, n);
    }
    i += n;
    run = i;
  }
  galley_buf_put(out, text + run, i - run);
  if (bad && diag)
    report_line(diag, line, bad, &reported);
  if (diag && reported > GALLEY_CLEAN_MAX_WARNINGS)
    galley_diag_add(diag, 0, 0, "characters replaced with U+FFFD on %d more lines",
                    reported - GALLEY_CLEAN_MAX_WARNINGS);
  return count;
}

int galley_clean_text(galley_buf *out, const char *text, size_t len,
                      int first_line, galley_diag *diag)
{
  return clean(out, text, len, first_line, diag);
}

int galley_clean_string(galley_buf *out, const char *s, size_t len)
{
  return clean(out, s, len, 1, NULL);
}
