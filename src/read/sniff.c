/* sniff.c: is a text evidently Markdown? (sniff.h)
 *
 * One pass over the lines of the sample, each line looked at once, except
 * that an opening code fence looks ahead for its closing fence; a fence
 * character whose look-ahead reached the end is not looked for again, so
 * the pass stays linear. The counts follow CommonMark's syntax closely
 * enough to tell (an ATX heading needs a space after its hashes, at most
 * three spaces of indentation), without parsing inlines fully. */
#include "sniff.h"

#include <string.h>

/* Bytes of the line starting at s[i], without its line end. */
static size_t line_len(const char *s, size_t len, size_t i)
{
  size_t j = i;
  while (j < len && s[j] != '\n' && s[j] != '\r')
    j++;
  return j - i;
}

/* Offset of the line after the one starting at s[i] (len at the end). */
static size_t next_line(const char *s, size_t len, size_t i)
{
  i += line_len(s, len, i);
  if (i < len && s[i] == '\r')
    i++;
  if (i < len && s[i] == '\n')
    i++;
  return i;
}

/* Spaces of indentation (a tab counts as four). */
static int indent_of(const char *s, size_t n, size_t *out_skip)
{
  size_t i = 0;
  int cols = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) {
    cols = s[i] == '\t' ? (cols / 4 + 1) * 4 : cols + 1;
    i++;
  }
  *out_skip = i;
  return cols;
}

static int is_blank_rest(const char *s, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t')
      return 0;
  return 1;
}

/* A code fence: three or more ` or ~ after at most three spaces; a
 * backtick fence's info string holds no backtick. Returns the run length
 * and its character in *out_c, or 0. */
static size_t fence_run(const char *s, size_t n, char *out_c)
{
  size_t skip, i, run;
  char c;
  if (indent_of(s, n, &skip) > 3 || skip >= n)
    return 0;
  c = s[skip];
  if (c != '`' && c != '~')
    return 0;
  for (i = skip; i < n && s[i] == c; i++)
    ;
  run = i - skip;
  if (run < 3)
    return 0;
  if (c == '`' && memchr(s + i, '`', n - i))
    return 0;
  *out_c = c;
  return run;
}

/* Bytes of s[0..n) without its leading and trailing blanks. */
static size_t trimmed_len(const char *s, size_t n)
{
  size_t a = 0;
  while (a < n && (s[a] == ' ' || s[a] == '\t'))
    a++;
  while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  return n - a;
}

/* A run of tildes right under a line of text, as long as that line give
 * or take two, and nothing after it: the underline of a heading in
 * reStructuredText or AsciiDoc, and in plain text that copies them, not
 * a code fence (which Markdown writers open with three, or after a blank
 * line).
 * + "Thread Safety" over "~~~~~~~~~~~~~"   - "Example:" over "~~~", "~~~ c" */
static int is_tilde_underline(const char *prev, size_t prev_len, const char *s, size_t n,
                              size_t run)
{
  size_t skip, title;
  indent_of(s, n, &skip);
  if (!prev || s[skip] != '~' || !is_blank_rest(s + skip + run, n - skip - run))
    return 0;
  title = trimmed_len(prev, prev_len);
  return title >= 3 && run + 2 >= title && run <= title + 2;
}

/* A line ending in "::", reStructuredText's mark before a literal block
 * ("Run it::" or "::" alone), not in a run of three colons.
 * + "Run it::", "::"   - "a:::", "Note:" */
static int is_rst_literal_mark(const char *s, size_t n)
{
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  return n >= 2 && s[n - 1] == ':' && s[n - 2] == ':' && (n == 2 || s[n - 3] != ':');
}

/* "# Title" .. "###### Title": hashes, a space, then text. One hash
 * before a lower-case word is a shell's root prompt or a comment in a
 * plain-text how-to ("# make install"), not a heading; "## make" is one.
 * + "## Usage", "# Installing"   - "# make install", "#1 priority" */
static int is_atx_heading(const char *s, size_t n)
{
  size_t skip, i, hashes;
  if (indent_of(s, n, &skip) > 3)
    return 0;
  for (i = skip; i < n && s[i] == '#'; i++)
    ;
  hashes = i - skip;
  if (hashes < 1 || hashes > 6 || i >= n || (s[i] != ' ' && s[i] != '\t'))
    return 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '#'))
    i++;
  if (i < n && hashes == 1 && s[i] >= 'a' && s[i] <= 'z')
    return 0;
  return i < n;
}

/* A setext underline: three or more '=' or '-' after at most three spaces,
 * nothing else but trailing blanks.
 * + "=======", "--- "   - "- - -", "==> next" */
static int is_setext_underline(const char *s, size_t n)
{
  size_t skip, i;
  char c;
  if (indent_of(s, n, &skip) > 3 || skip >= n)
    return 0;
  c = s[skip];
  if (c != '=' && c != '-')
    return 0;
  for (i = skip; i < n && s[i] == c; i++)
    ;
  return i - skip >= 3 && is_blank_rest(s + i, n - i);
}

/* An ordered list item: one to nine digits, '.' or ')', a blank, text.
 * + "1. one", "10) ten"   - "1.5 litres", "1.Intro" */
static int is_ordered_item(const char *s, size_t n)
{
  size_t skip, i;
  if (indent_of(s, n, &skip) > 3)
    return 0;
  for (i = skip; i < n && i - skip < 9 && s[i] >= '0' && s[i] <= '9'; i++)
    ;
  if (i == skip || i + 1 >= n || (s[i] != '.' && s[i] != ')'))
    return 0;
  return (s[i + 1] == ' ' || s[i + 1] == '\t') && !is_blank_rest(s + i + 1, n - i - 1);
}

/* A line that is only a thematic break of '*', '-' or '_' ("* * *"). */
static int is_thematic_break(const char *s, size_t n)
{
  size_t skip, i;
  int marks = 0;
  char c;
  if (indent_of(s, n, &skip) > 3 || skip >= n)
    return 0;
  c = s[skip];
  if (c != '*' && c != '-' && c != '_')
    return 0;
  for (i = skip; i < n; i++) {
    if (s[i] == c)
      marks++;
    else if (s[i] != ' ' && s[i] != '\t')
      return 0;
  }
  return marks >= 3;
}

/* A bullet list item: '-', '*' or '+' after at most three spaces, a blank,
 * then text; not a thematic break.
 * + "- one", "* two"   - "* * *", "-- signature", "-1 degrees" */
static int is_bullet_item(const char *s, size_t n)
{
  size_t skip, i;
  if (indent_of(s, n, &skip) > 3 || skip + 1 >= n)
    return 0;
  if (s[skip] != '-' && s[skip] != '*' && s[skip] != '+')
    return 0;
  i = skip + 1;
  if (s[i] != ' ' && s[i] != '\t')
    return 0;
  return !is_blank_rest(s + i, n - i) && !is_thematic_break(s, n);
}

/* A destination that reads as a link target: a URL with a scheme, a path,
 * a fragment, or "www.". */
static int looks_like_url(const char *s, size_t n)
{
  size_t i;
  if (n == 0)
    return 0;
  if (s[0] == '/' || s[0] == '#' || s[0] == '.' || (n >= 4 && memcmp(s, "www.", 4) == 0) ||
      (n >= 7 && memcmp(s, "mailto:", 7) == 0))
    return 1;
  for (i = 0; i + 2 < n; i++)
    if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
      return i > 0;
  return 0;
}

/* "[label]: url" at a line start. */
static int is_ref_def(const char *s, size_t n)
{
  size_t skip, i, u;
  if (indent_of(s, n, &skip) > 3 || skip >= n || s[skip] != '[')
    return 0;
  for (i = skip + 1; i < n && s[i] != ']' && s[i] != '['; i++)
    ;
  if (i >= n || s[i] != ']' || i == skip + 1 || i + 1 >= n || s[i + 1] != ':')
    return 0;
  for (i += 2; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
    ;
  if (i < n && s[i] == '<')
    i++;
  for (u = i; u < n && s[u] != ' ' && s[u] != '\t' && s[u] != '>'; u++)
    ;
  return looks_like_url(s + i, u - i);
}

/* A pipe table's delimiter row: only | : - and spaces, with a pipe and a
 * run of three hyphens. */
static int is_table_delimiter(const char *s, size_t n)
{
  size_t i;
  int pipes = 0, run = 0, best = 0;
  for (i = 0; i < n; i++) {
    if (s[i] == '|')
      pipes++;
    else if (s[i] != ':' && s[i] != '-' && s[i] != ' ' && s[i] != '\t')
      return 0;
    run = s[i] == '-' ? run + 1 : 0;
    if (run > best)
      best = run;
  }
  return pipes > 0 && best >= 3;
}

/* An autolink "<https://example.org/>" or "<mailto:a@b.org>" at s:
 * returns its length with the brackets, or 0. Plain-text mail writes URLs
 * so too (RFC 3986, appendix C), so it is only a shared sign. */
static size_t autolink_len(const char *s, size_t n)
{
  size_t i = 1, j;
  while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
    i++;
  if (i < 3)
    return 0;
  if (i + 3 <= n && memcmp(s + i, "://", 3) == 0)
    j = i + 3;
  else if (i == 7 && memcmp(s + 1, "mailto:", 7) == 0)
    j = i + 1;
  else
    return 0;
  if (j >= n || s[j] == '>')
    return 0;
  for (; j < n && s[j] != '>'; j++)
    if (s[j] == ' ' || s[j] == '\t' || s[j] == '<')
      return 0;
  return j < n ? j + 1 : 0;
}

/* Inline links, code spans, autolinks and strong emphasis on one line. */
static void count_inlines(const char *s, size_t n, galley_sniff *out)
{
  size_t i = 0;
  while (i < n) {
    if (s[i] == '`') {
      size_t run = 0, j, k;
      while (i + run < n && s[i + run] == '`')
        run++;
      /* the closing run of the same length, further on the line */
      for (j = i + run; j < n; j = k) {
        size_t r2 = 0;
        if (s[j] != '`') {
          k = j + 1;
          continue;
        }
        while (j + r2 < n && s[j + r2] == '`')
          r2++;
        k = j + r2;
        if (r2 == run)
          break;
      }
      /* `quoted' text in the GNU manner closes with an apostrophe: a
       * "span" from its backtick to the next ("`show w' and `") ends in
       * a blank where it did not begin with one */
      if (j < n && !is_blank_rest(s + i + run, j - i - run) &&
          !(s[j - 1] == ' ' && s[i + run] != ' ')) {
        /* reStructuredText writes a reference "`text <url>`_", and its
         * literals in double backticks ("``yq``"), which some Markdown
         * writers use too: they count once the text shows no sign of
         * reStructuredText */
        if (j + run < n && s[j + run] == '_')
          out->rst_marks++;
        else if (run == 2 && !memchr(s + i + run, '`', j - i - run))
          out->double_spans++;
        else
          out->code_spans++;
        i = j + run;
      } else {
        i += run;
      }
      continue;
    }
    if (s[i] == '[') {
      size_t j, u;
      for (j = i + 1; j < n && s[j] != ']' && s[j] != '['; j++)
        ;
      if (j < n && s[j] == ']' && j > i + 1 && j + 1 < n && s[j + 1] == '(') {
        for (u = j + 2; u < n && s[u] != ')' && s[u] != ' '; u++)
          ;
        if (u > j + 2 && u < n && (s[u] == ')' || (u + 1 < n && s[u + 1] == '"'))) {
          out->links++;
          i = u;
          continue;
        }
      }
      i = j > i ? j : i + 1;
      continue;
    }
    if (s[i] == '<') {
      size_t j = autolink_len(s + i, n - i);
      if (j > 0) {
        out->autolinks++;
        i += j;
        continue;
      }
    }
    if (s[i] == '*' && i + 2 < n && s[i + 1] == '*' && s[i + 2] != ' ' &&
        s[i + 2] != '*' && (i == 0 || s[i - 1] != '*')) {
      size_t j;
      for (j = i + 3; j + 1 < n; j++)
        if (s[j] == '*' && s[j + 1] == '*' && s[j - 1] != ' ')
          break;
      if (j + 1 < n) {
        out->strong++;
        i = j + 2;
        continue;
      }
    }
    i++;
  }
}

/* Points for a kind of syntax seen n times: SNIFF_KIND_POINTS from `full`
 * occurrences on, one below that, none for none. */
static int kind_points(int n, int full)
{
  return n >= full ? SNIFF_KIND_POINTS : n > 0 ? 1 : 0;
}

/* The evidence of syntax that plain text would print literally. */
static int literal_points(const galley_sniff *s)
{
  return kind_points(s->atx_headings, SNIFF_ATX_SERIES) + kind_points(s->links, 1) +
         kind_points(s->ref_defs, 1) + kind_points(s->code_spans, SNIFF_SPAN_MIN) +
         kind_points(s->strong, SNIFF_SPAN_MIN) + kind_points(s->tables, 1);
}

/* The evidence of conventions plain text shares with Markdown: a point a
 * kind, a list counting from two items. */
static int shared_points(const galley_sniff *s)
{
  return (s->setext_headings > 0) + (s->bullets >= 2) + (s->indented_code > 0) +
         (s->autolinks > 0);
}

int galley_sniff_markdown(const char *text, size_t len, galley_sniff *out)
{
  size_t i = 0, prev_len = 0;
  const char *prev = NULL;
  int no_close[2] = {0, 0}; /* a ` (0) or ~ (1) fence found no close */
  int blank_before = 1;     /* the line above is blank, or there is none */
  int prev_item = 0;        /* the line above opens a list item */
  int in_item = 0;          /* the block above is a list item, which
                               indented text after a blank line continues */
  int in_code = 0;          /* inside an indented code block */
  int literal, shared;
  memset(out, 0, sizeof *out);
  if (!text)
    return 0;
  if (len > SNIFF_SAMPLE_BYTES)
    len = SNIFF_SAMPLE_BYTES;
  while (i < len) {
    const char *s = text + i;
    size_t n = line_len(text, len, i), run, skip;
    size_t after = next_line(text, len, i);
    int indent = indent_of(s, n, &skip), item = 0;
    char c = 0;
    if (skip == n) {
      blank_before = 1;
      prev_item = 0;
      prev = s;
      prev_len = n;
      i = after;
      continue;
    }
    if ((run = fence_run(s, n, &c)) != 0 && !blank_before &&
        is_tilde_underline(prev, prev_len, s, n, run)) {
      out->setext_headings++;
      prev_item = blank_before = 0;
      prev = s;
      prev_len = n;
      i = after;
      continue;
    }
    if (run != 0 && !no_close[c == '~']) {
      size_t j = after, r2;
      char c2;
      while (j < len) {
        size_t m = line_len(text, len, j);
        r2 = fence_run(text + j, m, &c2);
        if (r2 >= run && c2 == c) {
          indent_of(text + j, m, &skip);
          if (is_blank_rest(text + j + skip + r2, m - skip - r2))
            break;
        }
        j = next_line(text, len, j);
      }
      if (j < len) {
        out->fences++;
        prev = NULL;
        blank_before = 1;
        prev_item = in_item = in_code = 0;
        i = next_line(text, len, j);
        continue;
      }
      no_close[c == '~'] = 1;
    }
    /* indented code starts after a blank line, outside a list item, and
     * runs over blank lines while its lines stay indented */
    if (indent >= 4) {
      if (blank_before && !in_item && !in_code)
        out->indented_code++;
      if (blank_before && !in_item)
        in_code = 1;
    } else {
      in_code = 0;
      if (blank_before)
        in_item = 0;
    }
    if (is_atx_heading(s, n))
      out->atx_headings++;
    else if (is_ref_def(s, n))
      out->ref_defs++;
    else if (prev && memchr(prev, '|', prev_len) && is_table_delimiter(s, n))
      out->tables++;
    else if (prev && !blank_before && !prev_item && !in_code && is_setext_underline(s, n))
      out->setext_headings++;
    else {
      if (!in_code && is_bullet_item(s, n)) {
        out->bullets++;
        item = 1;
      } else if (!in_code && is_ordered_item(s, n)) {
        item = 1;
      }
      count_inlines(s, n, out);
      if (!in_code && is_rst_literal_mark(s, n))
        out->rst_marks++;
    }
    if (item)
      in_item = 1;
    prev_item = item;
    blank_before = 0;
    prev = s;
    prev_len = n;
    i = after;
  }
  if (out->rst_marks == 0)
    out->code_spans += out->double_spans;
  if (out->fences > 0)
    return 1;
  literal = literal_points(out);
  shared = shared_points(out);
  return (literal >= SNIFF_KIND_POINTS && literal + shared >= SNIFF_POINTS) ||
         (literal >= 1 && literal + shared >= SNIFF_POINTS + 1);
}

static void put_count(galley_buf *out, int *first, int n, const char *one,
                      const char *many)
{
  if (n <= 0)
    return;
  galley_buf_printf(out, "%s%d %s", *first ? "" : ", ", n, n == 1 ? one : many);
  *first = 0;
}

void galley_sniff_describe(const galley_sniff *s, galley_buf *out)
{
  int first = 1;
  put_count(out, &first, s->atx_headings, "ATX heading", "ATX headings");
  put_count(out, &first, s->fences, "fenced code block", "fenced code blocks");
  put_count(out, &first, s->links, "link", "links");
  put_count(out, &first, s->ref_defs, "reference definition", "reference definitions");
  put_count(out, &first, s->code_spans, "code span", "code spans");
  put_count(out, &first, s->strong, "strong emphasis", "strong emphases");
  put_count(out, &first, s->tables, "table", "tables");
  put_count(out, &first, s->setext_headings, "setext heading", "setext headings");
  put_count(out, &first, s->bullets, "bullet item", "bullet items");
  put_count(out, &first, s->indented_code, "indented code block", "indented code blocks");
  put_count(out, &first, s->autolinks, "autolink", "autolinks");
  if (first)
    galley_buf_puts(out, "no Markdown syntax");
}
