/* markdown_chunk.c: where a long Markdown text may be read in parts.
 *
 * cmark-gfm parses a whole document before it gives any of it: every
 * paragraph's text (its own copy) and every inline node at once, about
 * 3.4 times the text, beside galley's cleaned copy and the model being
 * built from it. A book of many megabytes is read in parts instead, each
 * parsed, walked into the model and freed before the next (markdown.c),
 * so that cmark holds one part at a time.
 *
 * A part ends only where a whole-document parse would end every block:
 * before a `#` heading at the line's start that follows a blank line.
 * Such a line closes every container (a list item, a block quote and a
 * footnote need their indent or marker on it, and a heading is never a
 * lazy continuation line) and starts a block of the document, unless a
 * fenced code block or one of the raw HTML blocks that end only at their
 * closing string (<script>, <!-- ... -->, ...) is open at the top level.
 * The scan below keeps no split after a group of lines (those between
 * blank lines) in which one of those could start, and markdown.c checks
 * after parsing each part that it did not end in one, reading the text
 * whole if it did. Link reference definitions and footnotes are the
 * document's, not a part's: a text with "]:" anywhere is read whole.
 *
 * The title rules need the headings of the whole document before the
 * first part is walked (md_decide_title): the scan counts them too, and
 * markdown.c compares the count with cmark's, part by part; when they
 * differ (a heading the scan did not see, in a list or a quote) the text
 * is read again, whole. So a text read in parts gives the same model as
 * read whole, always; only the time differs when a guess is wrong. */
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "markdown_private.h"

/* Whether s[0..n) holds `needle` (ASCII, case-insensitive for letters). */
static int has_marker(const char *s, size_t n, const char *needle)
{
  size_t k = strlen(needle), i, j;
  for (i = 0; i + k <= n; i++) {
    for (j = 0; j < k; j++) {
      char a = s[i + j], b = needle[j];
      if (a >= 'A' && a <= 'Z')
        a = (char)(a - 'A' + 'a');
      if (a != b)
        break;
    }
    if (j == k)
      return 1;
  }
  return 0;
}

/* The level of an ATX heading line (after its indent), or 0. */
static int atx_level(const char *s, size_t n)
{
  size_t k = 0;
  while (k < n && k < 7 && s[k] == '#')
    k++;
  if (k == 0 || k > 6)
    return 0;
  return k == n || s[k] == ' ' || s[k] == '\t' ? (int)k : 0;
}

/* The closing string of a raw HTML block of kinds 1-5 (CommonMark 4.6)
 * opening at s[0..n), which end only there, or NULL. */
static const char *html_block_end(const char *s, size_t n)
{
  static const char *const tags[] = {"script", "pre", "style", "textarea"};
  size_t i;
  if (n < 2 || s[0] != '<')
    return NULL;
  for (i = 0; i < sizeof tags / sizeof *tags; i++) {
    size_t k = strlen(tags[i]);
    if (n >= k + 1 && has_marker(s + 1, k, tags[i]) &&
        (n == k + 1 || s[k + 1] == ' ' || s[k + 1] == '\t' || s[k + 1] == '>'))
      return i == 0 ? "</script>" : i == 1 ? "</pre>" : i == 2 ? "</style>" : "</textarea>";
  }
  if (n >= 4 && memcmp(s, "<!--", 4) == 0)
    return "-->";
  if (s[1] == '?')
    return "?>";
  if (n >= 9 && memcmp(s, "<![CDATA[", 9) == 0)
    return "]]>";
  if (s[1] == '!' && n >= 3 && ((s[2] >= 'A' && s[2] <= 'Z') || (s[2] >= 'a' && s[2] <= 'z')))
    return ">";
  return NULL;
}

/* Whether s[0..n) (after its indent) is only `c` repeated, then spaces:
 * a setext heading's underline. */
static int is_underline(const char *s, size_t n, char c)
{
  size_t k = 0;
  while (k < n && s[k] == c)
    k++;
  if (k == 0)
    return 0;
  while (k < n && (s[k] == ' ' || s[k] == '\t'))
    k++;
  return k == n;
}

/* Whether a line (after its indent) may be a paragraph's, so that an
 * underline after it makes a setext heading: not a list item, a quote, a
 * heading, a fence or raw HTML. */
static int is_paragraph_line(const char *s, size_t n)
{
  size_t k = 0;
  if (n == 0 || s[0] == '>' || s[0] == '#' || s[0] == '<' || s[0] == '`' || s[0] == '~' ||
      s[0] == '|')
    return 0;
  if ((s[0] == '-' || s[0] == '+' || s[0] == '*') && (n == 1 || s[1] == ' ' || s[1] == '\t'))
    return 0;
  while (k < n && k < 9 && s[k] >= '0' && s[k] <= '9')
    k++;
  if (k > 0 && k < n && (s[k] == '.' || s[k] == ')') &&
      (k + 1 == n || s[k + 1] == ' ' || s[k + 1] == '\t'))
    return 0;
  return !is_underline(s, n, '=') && !is_underline(s, n, '-');
}

/* Plans the parts of body[0..len), each at least `part` bytes long but
 * the last: fills `plan` and returns 1 when there are two or more, else
 * returns 0 (the text is read whole). */
int md_plan_parts(const char *body, size_t len, size_t part, md_parts *plan)
{
  size_t at = 0, part_start = 0;
  int blank_before = 1, risky = 0, in_fence = 0, fence_len = 0, para_before = 0;
  int groups = 0; /* groups of lines begun (the title rules look at the
                     first three blocks: they are to be in the first part) */
  int lines = 0; /* cmark's lines before the current one */
  int first = 0; /* the first block: 0 not begun, 1 paragraph lines so
                    far (an underline makes it a heading), 2 known */
  char fence_char = 0;
  const char *html_end = NULL;
  md_headings h = {0, 7};
  memset(plan, 0, sizeof *plan);
  if (part == 0 || len <= part || !body)
    return 0;
  {
    /* link reference definitions and footnotes are the document's */
    const char *p = body, *end = body + len;
    while ((p = memchr(p, ']', (size_t)(end - p))) != NULL && p + 1 < end) {
      if (p[1] == ':')
        return 0;
      p++;
    }
  }
  while (at < len) {
    const char *line = body + at, *nl = memchr(line, '\n', len - at), *s, *cr;
    size_t n = nl ? (size_t)(nl - line) : len - at, k = 0, rest;
    size_t next = nl ? at + n + 1 : len;
    int indent = 0, level, setext = 0, is_first = 0, line_no = lines;
    /* cmark's lines, which its positions count: a carriage return alone
     * ends one too (the scan looks at the text between line feeds) */
    lines++;
    for (cr = memchr(line, '\r', n); cr; cr = memchr(cr + 1, '\r', (size_t)(line + n - cr - 1)))
      if (cr + 1 < line + n)
        lines++;
    while (k < n && (line[k] == ' ' || line[k] == '\t')) {
      indent += line[k] == '\t' ? 4 - indent % 4 : 1;
      k++;
    }
    s = line + k;
    rest = n - k;
    while (rest > 0 && s[rest - 1] == '\r')
      rest--;
    if (in_fence) {
      size_t f = 0;
      while (f < rest && s[f] == fence_char)
        f++;
      if (indent <= 3 && (int)f >= fence_len && is_underline(s, rest, fence_char))
        in_fence = 0;
      at = next;
      continue;
    }
    if (html_end) {
      if (has_marker(line, n, html_end))
        html_end = NULL;
      at = next;
      continue;
    }
    if (rest == 0) { /* a blank line */
      blank_before = 1;
      para_before = 0;
      if (first == 1)
        first = 2;
      at = next;
      continue;
    }
    level = indent <= 3 ? atx_level(s, rest) : 0;
    if (blank_before) {
      /* a part may end before this line when the group of lines before
       * it holds nothing that could still be open */
      if (indent == 0 && level > 0 && !risky && at - part_start >= part &&
          len - at > part / 4 && groups > 3) {
        if (plan->count + 1 >= plan->cap) {
          plan->cap = plan->cap ? 2 * plan->cap : 16;
          plan->ends = galley_xreallocarray(plan->ends, (size_t)plan->cap, sizeof *plan->ends);
          plan->lines = galley_xreallocarray(plan->lines, (size_t)plan->cap,
                                             sizeof *plan->lines);
        }
        plan->ends[plan->count] = at;
        plan->lines[plan->count++] = line_no;
        part_start = at;
      }
      risky = 0;
      groups++;
    }
    blank_before = 0;
    if (indent <= 3) {
      if (s[0] == '<' || s[0] == '`' || s[0] == '~')
        risky = 1;
      if (s[0] == '`' || s[0] == '~') {
        size_t f = 0;
        while (f < rest && s[f] == s[0])
          f++;
        if (f >= 3 && (s[0] == '~' || !memchr(s + f, '`', rest - f))) {
          in_fence = 1;
          fence_char = s[0];
          fence_len = (int)f;
        }
      } else if (s[0] == '<') {
        const char *end = html_block_end(s, rest);
        if (end && !has_marker(s + 1, rest - 1, end))
          html_end = end;
      }
      if (para_before && (is_underline(s, rest, '=') || is_underline(s, rest, '-'))) {
        level = s[0] == '=' ? 1 : 2;
        setext = 1;
      }
    }
    /* the document's first block, left out of h.top */
    if (first == 0) {
      is_first = level > 0;
      first = level == 0 && is_paragraph_line(s, rest) ? 1 : 2;
    } else if (first == 1) {
      is_first = setext;
      if (!is_paragraph_line(s, rest) || level > 0)
        first = 2;
    }
    if (level > 0) {
      if (level == 1 && h.h1_count < 2)
        h.h1_count++;
      if (!is_first && level < h.top)
        h.top = level;
    }
    para_before = indent > 3 ? para_before : level == 0 && is_paragraph_line(s, rest);
    at = next;
  }
  if (plan->count == 0) {
    md_parts_free(plan);
    return 0;
  }
  plan->ends[plan->count] = len;
  plan->lines[plan->count++] = lines;
  plan->headings = h;
  return 1;
}

void md_parts_free(md_parts *plan)
{
  free(plan->ends);
  free(plan->lines);
  memset(plan, 0, sizeof *plan);
}
