/* markdown_foreign.c: what galley does not set kept as visible text, with
 * a warning each: raw HTML (blocks and inlines) and the constructs of
 * other Markdowns (TeX math, pandoc's attributes, definition lists and
 * fenced divs, LaTeX page breaks). */
#include <string.h>

#include "markdown_private.h"

/* ------------------------------------------------------------------ */
/* Raw HTML                                                            */
/* ------------------------------------------------------------------ */

/* Whether raw HTML is only a comment, "<!-- ... -->": an author's note,
 * never meant to be seen, so dropped (with a warning) rather than shown.
 *   accepts: "<!-- TODO: check the date -->"
 *   rejects: "<span>Astana</span>" */
static int is_html_comment(const char *s)
{
  size_t len = strlen(s);
  md_trim_span(&s, &len);
  return len >= 7 && strncmp(s, "<!--", 4) == 0 && strncmp(s + len - 3, "-->", 3) == 0;
}

/* An HTML block: kept as a paragraph of its lines as visible text (one
 * LINEBREAK between lines), never passed through as markup. */
void md_read_html_block(md_reader *r, cmark_node *cn, int line)
{
  const char *lit = cmark_node_get_literal(cn);
  const char *s;
  galley_node *p;
  size_t len, start = 0, i;
  if (!lit || (r->flags & GALLEY_OPT_STRIP_HTML))
    return;
  if (is_html_comment(lit)) {
    galley_diag_add(r->diag, line, 0, "HTML comment dropped");
    return;
  }
  galley_diag_add(r->diag, line, 0,
                  "raw HTML block kept as visible text, not markup "
                  "(--strip-html drops it)");
  len = strlen(lit);
  while (len && md_is_ascii_space(lit[len - 1]))
    len--;
  s = md_clean_literal(r, lit, len, line);
  len = r->scratch.len;
  p = galley_node_new(GALLEY_NODE_PARAGRAPH);
  galley_node_set_line(p, line);
  galley_node_set_rule(p, "raw-html-as-text");
  if (!md_append(r, p))
    return;
  /* s lives in r->scratch, which md_append_text does not touch */
  r->cur = p;
  for (i = 0; i <= len; i++) {
    if (i < len && s[i] != '\n')
      continue;
    if (start > 0) {
      galley_node *br = galley_node_new(GALLEY_NODE_LINEBREAK);
      galley_node_set_line(br, line);
      md_append(r, br);
    }
    md_append_text(r, s + start, i - start, line);
    line++;
    start = i + 1;
  }
  r->cur = galley_node_parent(p);
}

/* Inline HTML: kept as its text (newlines as spaces), or dropped. */
void md_read_html_inline(md_reader *r, cmark_node *cn, int line)
{
  const char *lit = cmark_node_get_literal(cn);
  size_t i;
  if (!lit || (r->flags & GALLEY_OPT_STRIP_HTML)) {
    r->dropped_inline = 1;
    return;
  }
  if (is_html_comment(lit)) {
    galley_diag_add(r->diag, line, 0, "HTML comment dropped");
    r->dropped_inline = 1;
    return;
  }
  galley_diag_add(r->diag, line, 0,
                  "raw HTML '%.40s' kept as visible text, not markup "
                  "(--strip-html drops it)", lit);
  md_clean_literal(r, lit, strlen(lit), line);
  for (i = 0; i < r->scratch.len; i++)
    if (r->scratch.ptr[i] == '\n' || r->scratch.ptr[i] == '\r')
      r->scratch.ptr[i] = ' ';
  md_append_text(r, r->scratch.ptr, r->scratch.len, line);
}

/* ------------------------------------------------------------------ */
/* Constructs of other Markdowns                                       */
/* ------------------------------------------------------------------ */

/* What pandoc's and other Markdowns write that CommonMark with GitHub's
 * extensions does not read, and galley does not set: TeX math, pandoc's
 * attributes, definition lists and fenced divs, LaTeX page breaks. Each
 * stays visible text, as typed (cmark has read what it could of it), with
 * one warning naming the line and the construct, so that a reader of the
 * warnings knows what to rewrite and --Werror refuses the input. */

/* Where a TeX math span starts in s[0..len) (pandoc's tex_math_dollars:
 * "$$...$$" for display, "$...$" inline, the opening "$" before a
 * non-space, the closing one after a non-space and not before a digit),
 * its length in *out_len; -1 when there is none. One pass: once an
 * opener has no closer after it, no later one has.
 *   accepts: "Einstein wrote $E = mc^2$ in 1905", "$$\int f$$"
 *   rejects: "It cost $5 and $10 later" (the second "$" follows a space) */
static long find_math(const char *s, size_t len, size_t *out_len)
{
  size_t i, j;
  for (i = 0; i + 1 < len; i++) {
    const char *d = memchr(s + i, '$', len - 1 - i); /* most text has none */
    if (!d)
      return -1;
    i = (size_t)(d - s);
    if (i > 0 && s[i - 1] == '\\')
      continue;
    if (s[i + 1] == '$') { /* display math: up to the next "$$" */
      for (j = i + 2; j + 1 < len; j++)
        if (s[j] == '$' && s[j + 1] == '$' && j > i + 2) {
          *out_len = j + 2 - i;
          return (long)i;
        }
      return -1;
    }
    if (md_is_ascii_space(s[i + 1]))
      continue;
    for (j = i + 1; j < len; j++)
      if (s[j] == '$' && !md_is_ascii_space(s[j - 1]) && s[j - 1] != '\\' &&
          !(j + 1 < len && s[j + 1] >= '0' && s[j + 1] <= '9'))
        break;
    if (j == len)
      return -1;
    *out_len = j + 1 - i;
    return (long)i;
  }
  return -1;
}

static int is_attribute_name_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == ':' || c == '.';
}

/* Where a pandoc attribute block starts in s[0..len): braces on one line
 * holding an identifier "#id", classes ".class" or "key=value" pairs, as
 * pandoc puts after a heading, a link, an image, a span or a code fence;
 * its length in *out_len; -1 when there is none.
 *   accepts: "Results {#results .unnumbered}", "[x](a.png){width=50%}"
 *   rejects: "a set {1, 2, 3}", "{ }" */
static long find_attributes(const char *s, size_t len, size_t *out_len)
{
  const char *open = s, *end = s + len;
  while ((open = memchr(open, '{', (size_t)(end - open))) != NULL) {
    const char *p = open + 1;
    int items = 0;
    for (;;) {
      const char *name;
      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      if (p < end && *p == '}' && items > 0) {
        *out_len = (size_t)(p + 1 - open);
        return (long)(open - s);
      }
      name = p;
      if (p < end && (*p == '#' || *p == '.'))
        p++;
      while (p < end && is_attribute_name_char(*p))
        p++;
      if (p == name || (p == name + 1 && (*name == '#' || *name == '.')))
        break;
      if (*name != '#' && *name != '.') { /* key=value, the value to a space */
        if (p == end || *p != '=')
          break;
        p++;
        if (p < end && *p == '"') {
          const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
          if (!q)
            break;
          p = q + 1;
        } else {
          while (p < end && *p != ' ' && *p != '}' && *p != '\n')
            p++;
        }
      }
      if (p == end || (*p != ' ' && *p != '\t' && *p != '}'))
        break;
      items++;
    }
    open++;
  }
  return -1;
}

/* The LaTeX page breaks pandoc passes to its LaTeX writer, alone on a
 * paragraph: galley breaks pages by its own rules.
 *   accepts: "\newpage", "\pagebreak", "\clearpage"
 *   rejects: "\newpage and text" */
static int is_latex_page_break(const char *s, size_t len)
{
  static const char *const breaks[] = {"\\newpage", "\\pagebreak", "\\clearpage"};
  size_t k;
  md_trim_span(&s, &len);
  for (k = 0; k < sizeof breaks / sizeof *breaks; k++)
    if (len == strlen(breaks[k]) && memcmp(s, breaks[k], len) == 0)
      return 1;
  return 0;
}

/* The text of a block's TEXT inlines (code spans as one space, so that
 * nothing in code is taken for math or attributes) into `out`. Walks the
 * inlines without recursion. */
static void block_words(galley_node *block, galley_buf *out)
{
  galley_node *cur = galley_node_first_child(block);
  galley_buf_clear(out);
  while (cur) {
    galley_node *next;
    if (galley_node_get_type(cur) == GALLEY_NODE_TEXT) {
      size_t n;
      const char *lit = galley_node_get_literal(cur, &n);
      galley_buf_put(out, lit, n);
    } else if (galley_node_get_type(cur) == GALLEY_NODE_CODE ||
               galley_node_get_type(cur) == GALLEY_NODE_LINEBREAK) {
      galley_buf_putc(out, ' ');
    }
    if ((next = galley_node_first_child(cur)) != NULL) {
      cur = next;
      continue;
    }
    while (cur && cur != block && !galley_node_next(cur))
      cur = galley_node_parent(cur);
    if (!cur || cur == block)
      break;
    cur = galley_node_next(cur);
  }
}

/* Warns of math and attributes in `s` (a block's words or a title read
 * at `line`): one warning for each span, quoting at most 60 bytes of it. */
void md_warn_foreign_inlines(md_reader *r, const char *s, size_t len, int line)
{
  size_t n, from;
  long at;
  for (from = 0; (at = find_math(s + from, len - from, &n)) >= 0; from += (size_t)at + n)
    galley_diag_add(r->diag, line, 0,
                    "TeX math '%.*s' kept as text: galley does not typeset math",
                    (int)(n > 60 ? 60 : n), s + from + at);
  for (from = 0; (at = find_attributes(s + from, len - from, &n)) >= 0;
       from += (size_t)at + n)
    galley_diag_add(r->diag, line, 0, "attributes '%.*s' not understood; kept as text",
                    (int)(n > 60 ? 60 : n), s + from + at);
}

/* At a block's end: its words checked for math and attributes, and a
 * paragraph that is only a LaTeX page break named. */
void md_check_foreign_block(md_reader *r, galley_node *g)
{
  galley_buf words = GALLEY_BUF_INIT;
  int line = galley_node_get_line(g);
  block_words(g, &words);
  if (galley_node_get_type(g) == GALLEY_NODE_PARAGRAPH &&
      is_latex_page_break(words.ptr ? words.ptr : "", words.len))
    galley_diag_add(r->diag, line, 0,
                    "LaTeX page break '%s' kept as text: galley breaks pages itself",
                    galley_buf_cstr(&words));
  else
    md_warn_foreign_inlines(r, words.ptr ? words.ptr : "", words.len, line);
  galley_buf_free(&words);
}

/* The rules "definition-list" and "fenced-div", which only warn: a
 * paragraph with a line opening with ": " (pandoc's definition, under
 * its term or a blank line after it) or ":::" (pandoc's fenced div) is kept as
 * a paragraph of its text, as typed. Reads cmark's inlines, where the
 * lines still show (the model has made soft breaks spaces).
 *   accepts: "Astana\n: the capital since 1997", "::: warning"
 *   rejects: "Note: it rains" (the colon is not at a line's start) */
void md_check_paragraph_lines(md_reader *r, cmark_node *para, int line)
{
  cmark_node *c;
  int at_line_start = 1;
  for (c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
    cmark_node_type t = cmark_node_get_type(c);
    const char *lit = t == CMARK_NODE_TEXT ? cmark_node_get_literal(c) : NULL;
    if (at_line_start && lit) {
      int at = cmark_node_get_start_line(c) > 0 ? md_node_line(r, c) : line;
      if (strncmp(lit, ":::", 3) == 0) {
        galley_diag_add(r->diag, at, 0,
                        "fenced div '%.40s' not understood; kept as text", lit);
        return;
      }
      if (lit[0] == ':' && (lit[1] == ' ' || lit[1] == '\t')) {
        galley_diag_add(r->diag, at, 0,
                        "definition list (': %.40s') not understood; kept as a "
                        "paragraph",
                        lit + 2);
        return;
      }
    }
    at_line_start = t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK;
  }
}

