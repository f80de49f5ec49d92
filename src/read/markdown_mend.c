/* markdown_mend.c: cmark's inline tree mended before the walk where
 * CommonMark reads otherwise than the writer meant: a bold run whose
 * closer follows a space (spaced-strong-closer) and HTML formatting tags
 * in pairs (format-tags). */
#include <string.h>

#include "markdown_private.h"

/* ------------------------------------------------------------------ */
/* Strong with a spaced closer                                         */
/* ------------------------------------------------------------------ */

/* Whether a text node holds its source bytes unchanged: one line, as
 * long as its span in the source. cmark merges a text run with its
 * backslash escapes and entities ("\*\*" reads "**"), so only then is a
 * "**" in it one the writer typed as markup. */
static int is_verbatim_text(cmark_node *n, const char *lit)
{
  int line = cmark_node_get_start_line(n), from = cmark_node_get_start_column(n);
  return line > 0 && line == cmark_node_get_end_line(n) && from > 0 &&
         (size_t)(cmark_node_get_end_column(n) - from + 1) == strlen(lit);
}

/* The bytes of the white space character that ends at s[end] (exclusive),
 * or 0: ASCII space and tab, and the Unicode spaces CommonMark's flanking
 * rule also counts (no-break space, en and em spaces, ideographic space:
 * word processors put U+00A0 after a sentence). */
static size_t space_before(const char *s, size_t end)
{
  const unsigned char *u = (const unsigned char *)s;
  if (end >= 1 && (u[end - 1] == ' ' || u[end - 1] == '\t'))
    return 1;
  if (end >= 2 && u[end - 2] == 0xC2 && u[end - 1] == 0xA0)
    return 2; /* U+00A0 */
  if (end >= 3 && u[end - 3] == 0xE2 &&
      ((u[end - 2] == 0x80 && (u[end - 1] <= 0x8A || u[end - 1] == 0xAF)) ||
       (u[end - 2] == 0x81 && u[end - 1] == 0x9F)))
    return 3; /* U+2000..U+200A, U+202F, U+205F */
  if (end >= 3 && u[end - 3] == 0xE3 && u[end - 2] == 0x80 && u[end - 1] == 0x80)
    return 3; /* U+3000 */
  return 0;
}

/* Whether s starts with a white space character as space_before counts
 * them (or is empty). */
static int starts_with_space(const char *s)
{
  size_t n = 0;
  while (n < 3 && s[n])
    n++;
  return n == 0 || space_before(s, 1) || (n >= 2 && space_before(s, 2) == 2) ||
         (n >= 3 && space_before(s, 3) == 3);
}

/* Where a run of exactly two asterisks starts in lit[from..], or -1. */
static long find_double_star(const char *lit, size_t from)
{
  size_t i;
  for (i = from; lit[i]; i++) {
    const char *star = strchr(lit + i, '*'); /* most text has none */
    if (!star)
      return -1;
    i = (size_t)(star - lit);
    if (lit[i + 1] == '*' && lit[i + 2] != '*' && (i == 0 || lit[i - 1] != '*'))
      return (long)i;
    while (lit[i + 1] == '*')
      i++;
  }
  return -1;
}

/* A new text node of len bytes of s (cmark copies them), or NULL for
 * none. */
cmark_node *md_new_text(const char *s, size_t len)
{
  cmark_node *t;
  galley_buf b = GALLEY_BUF_INIT;
  if (len == 0)
    return NULL;
  galley_buf_put(&b, s, len);
  t = cmark_node_new_with_mem(CMARK_NODE_TEXT, md_get_allocator());
  cmark_node_set_literal(t, galley_buf_cstr(&b));
  galley_buf_free(&b);
  return t;
}

/* The rule "spaced-strong-closer": a "**" that opens bold text on a
 * paragraph's line and a "**" later on the same line that closes it
 * after white space are bold, with the white space moved outside.
 * CommonMark leaves both literal (a closer must follow a non-space), but
 * the writer plainly meant bold: run-in headings of legal texts are typed
 * so by word processors' Markdown export.
 *   accepts: "**Section 1.  Policy.  **It is the policy of ..."
 *   rejects: "2 ** 3 ** 2 is 512" (no opener: a space follows each)
 * The opener is followed by a non-space, the closer preceded by a space;
 * no line break and no other asterisk comes between, and both were typed
 * as they read (is_verbatim_text). The bold text may hold other inlines
 * (a code span, a link). Returns the number of pairs made strong. */
static int repair_spaced_strong(cmark_node *block)
{
  cmark_node *t = cmark_node_first_child(block);
  int made = 0, verbatim = 0; /* verbatim: `t` is made from verbatim text */
  while (t) {
    cmark_node *u, *strong, *piece;
    const char *lit = cmark_node_get_literal(t), *ulit = NULL;
    long open, close = -1;
    size_t ws;
    if (cmark_node_get_type(t) != CMARK_NODE_TEXT || !lit ||
        !(verbatim || is_verbatim_text(t, lit)) ||
        (open = find_double_star(lit, 0)) < 0) {
      t = cmark_node_next(t);
      verbatim = 0;
      continue;
    }
    /* the opener: the first "**" followed by a non-space */
    while (open >= 0 && starts_with_space(lit + open + 2))
      open = find_double_star(lit, (size_t)open + 2);
    /* the closer: in `t` after it, else in a text node further on the line */
    u = t;
    ulit = lit;
    if (open >= 0) {
      const char *star = strchr(lit + open + 2, '*');
      close = star && star[1] == '*' ? (long)(star - lit) : -1;
      if (!star) {
        for (u = cmark_node_next(t); u; u = cmark_node_next(u)) {
          cmark_node_type ut = cmark_node_get_type(u);
          if (ut == CMARK_NODE_SOFTBREAK || ut == CMARK_NODE_LINEBREAK)
            break;
          ulit = ut == CMARK_NODE_TEXT ? cmark_node_get_literal(u) : NULL;
          if (ulit && (star = strchr(ulit, '*')) != NULL) {
            if (is_verbatim_text(u, ulit) && star[1] == '*')
              close = (long)(star - ulit);
            break;
          }
        }
      }
    }
    if (close < 0 || find_double_star(ulit, (size_t)close) != close || close == 0 ||
        !space_before(ulit, (size_t)close)) {
      t = cmark_node_next(t);
      verbatim = 0;
      continue;
    }
    for (ws = (size_t)close; space_before(ulit, ws) > 0;)
      ws -= space_before(ulit, ws);
    /* t: before the opener | strong: the rest of t, the inlines up to u,
     * u before the closer's spaces | then: the spaces and the rest of u */
    strong = cmark_node_new_with_mem(CMARK_NODE_STRONG, md_get_allocator());
    cmark_node_insert_after(t, strong);
    if (u == t) {
      if ((piece = md_new_text(lit + open + 2, ws - (size_t)open - 2)) != NULL)
        cmark_node_append_child(strong, piece);
    } else {
      if ((piece = md_new_text(lit + open + 2, strlen(lit + open + 2))) != NULL)
        cmark_node_append_child(strong, piece);
      while (cmark_node_next(strong) != u)
        cmark_node_append_child(strong, cmark_node_next(strong));
      if ((piece = md_new_text(ulit, ws)) != NULL)
        cmark_node_append_child(strong, piece);
    }
    piece = md_new_text(ulit + ws, strlen(ulit + ws));
    /* piece holds the spaces and "**": take the asterisks out */
    {
      galley_buf b = GALLEY_BUF_INIT;
      const char *p = cmark_node_get_literal(piece);
      galley_buf_put(&b, p, (size_t)close - ws);
      galley_buf_puts(&b, p + ((size_t)close - ws) + 2);
      cmark_node_set_literal(piece, galley_buf_cstr(&b));
      galley_buf_free(&b);
    }
    cmark_node_insert_after(strong, piece);
    if (u != t)
      cmark_node_free(u);
    if (open > 0) {
      galley_buf b = GALLEY_BUF_INIT;
      galley_buf_put(&b, lit, (size_t)open);
      cmark_node_set_literal(t, galley_buf_cstr(&b));
      galley_buf_free(&b);
    } else {
      cmark_node_free(t);
    }
    made++;
    t = piece;
    verbatim = 1;
  }
  return made;
}

/* ------------------------------------------------------------------ */
/* Formatting tags                                                     */
/* ------------------------------------------------------------------ */

/* HTML's phrasing tags that only set text in a face or position, and
 * what each becomes: bold and italics as the model has them, the others
 * (underline, superscript, a span) as their text alone. Tags that change
 * what the words say (<s>, <del>) or hold no text are not here. */
static const struct format_tag {
  const char *name;
  cmark_node_type as; /* CMARK_NODE_STRONG, CMARK_NODE_EMPH, or 0: text */
} format_tags[] = {
    {"b", CMARK_NODE_STRONG}, {"strong", CMARK_NODE_STRONG}, {"i", CMARK_NODE_EMPH},
    {"em", CMARK_NODE_EMPH},  {"cite", CMARK_NODE_EMPH},     {"u", 0},
    {"ins", 0},               {"sup", 0},                    {"sub", 0},
    {"small", 0},             {"big", 0},                    {"mark", 0},
    {"span", 0},              {"abbr", 0},                   {"font", 0},
};

/* The formatting tag an inline HTML node is (format_tags), whether it
 * closes in *out_close; -1 for anything else. An opening tag may carry
 * attributes ("<span class=\"x\">"); a closing tag has none.
 *   accepts: "<u>", "</sup>", "<span lang=\"kk\">"
 *   rejects: "<br>", "<u/>", "<script>" */
static int format_tag(cmark_node *n, int *out_close)
{
  const char *lit = cmark_node_get_literal(n);
  size_t len, i, k;
  if (cmark_node_get_type(n) != CMARK_NODE_HTML_INLINE || !lit)
    return -1;
  len = strlen(lit);
  if (len < 3 || lit[0] != '<' || lit[len - 1] != '>' || lit[len - 2] == '/')
    return -1;
  *out_close = lit[1] == '/';
  i = 1 + (size_t)*out_close;
  for (k = 0; k < sizeof format_tags / sizeof *format_tags; k++) {
    size_t n_len = strlen(format_tags[k].name), j;
    if (i + n_len >= len)
      continue;
    for (j = 0; j < n_len; j++)
      if ((lit[i + j] | 0x20) != format_tags[k].name[j])
        break;
    if (j < n_len)
      continue;
    if (lit[i + n_len] == '>' ||
        (!*out_close && (lit[i + n_len] == ' ' || lit[i + n_len] == '\t' ||
                         lit[i + n_len] == '\n')))
      return (int)k;
  }
  return -1;
}

/* A closing tag looks this many inlines back for its opening tag: a
 * span of formatted words is a few of them, and the bound keeps a run of
 * thousands of unmatched closing tags from costing quadratic time. */
#define FORMAT_TAG_REACH 256

/* The rule "format-tags": a closing formatting tag (format_tag) and the
 * nearest opening tag of its name before it among the same inlines are
 * markup the writer plainly meant, not words: the inlines between them
 * become bold or italic, or stay as they are (underline, superscript),
 * and the tags go. Pairs close innermost first, so "<b><i>x</i></b>" is
 * bold italics. A tag without its partner stays visible text, as other
 * raw HTML does.
 *   accepts: "**<u>Jane Roe, Nominee for Ambassador</u>**", "18<sup>th</sup>"
 *   rejects: "press <b> for bold" (no closing tag)
 * Returns the number of pairs read. */
static int read_format_tags(cmark_node *parent)
{
  cmark_node *n = cmark_node_first_child(parent), *next;
  int made = 0;
  for (; n; n = next) {
    cmark_node *o;
    int k, close = 0, reach = 0;
    next = cmark_node_next(n);
    if ((k = format_tag(n, &close)) < 0 || !close)
      continue;
    for (o = cmark_node_previous(n); o && reach < FORMAT_TAG_REACH;
         o = cmark_node_previous(o), reach++) {
      int open_close;
      if (format_tag(o, &open_close) == k && !open_close)
        break;
    }
    if (!o || reach == FORMAT_TAG_REACH)
      continue;
    if (format_tags[k].as && cmark_node_next(o) != n) {
      cmark_node *box = cmark_node_new_with_mem(format_tags[k].as, md_get_allocator());
      cmark_node_insert_before(o, box);
      while (cmark_node_next(o) != n)
        cmark_node_append_child(box, cmark_node_next(o));
    }
    cmark_node_free(o);
    cmark_node_free(n);
    made++;
  }
  return made;
}

/* The user data of a paragraph whose bold md_mend_inlines mended. */
static const char mended_mark = 'm';

/* Whether md_mend_inlines mended the bold of paragraph `n` (its mark is
 * cleared by the walk, which reuses the user data). */
int md_is_mended(cmark_node *n)
{
  return cmark_node_get_user_data(n) == &mended_mark;
}

/* Mends the inlines of every paragraph before the walk: cmark's iterator
 * has chosen its next node when it returns one, so a paragraph's
 * children are changed at its exit, never under the walk. */
void md_mend_inlines(cmark_node *cdoc)
{
  cmark_iter *it = cmark_iter_new(cdoc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_EXIT)
      continue;
    /* any node holding inlines: a paragraph, a heading, bold, a link */
    if (cmark_node_first_child(n) &&
        (cmark_node_get_type(cmark_node_first_child(n)) & CMARK_NODE_TYPE_MASK) ==
            CMARK_NODE_TYPE_INLINE)
      read_format_tags(n);
    if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH && repair_spaced_strong(n) > 0)
      cmark_node_set_user_data(n, (void *)&mended_mark);
  }
  cmark_iter_free(it);
}

