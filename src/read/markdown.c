/* markdown.c: galley_read_markdown, CommonMark with GitHub's extensions
 * (through cmark-gfm: tables, footnotes, strikethrough, autolinks, task
 * lists) and a YAML-style front-matter block, into the document model.
 * The only file that includes <cmark-gfm.h>.
 *
 * The input is cleaned first (clean.h, shared with the text reader:
 * UTF-16 converted, a BOM dropped, invalid UTF-8, NUL and control
 * characters made U+FFFD with warnings naming line and column), the front
 * matter read (frontmatter.h), and the rest parsed by cmark with source
 * positions. cmark's tree is then walked once with cmark_iter, which needs
 * no recursion, so thousands of nested quotes or lists cost no stack:
 *
 *   CommonMark            model
 *   heading (level n)     HEADING n, moved up so the highest is 1
 *                         (a lone `#` at the top is the title)
 *   paragraph             PARAGRAPH; a paragraph of one image alone is a
 *                         FIGURE: IMAGE, CAPTION (the image's title, else
 *                         its alt text), CREDIT (a trailing "Photo credit:")
 *   block quote           BLOCK_QUOTE
 *   list, item            LIST (ordered, start, delimiter, tight), ITEM
 *   code block            CODE_BLOCK (info string as its title)
 *   thematic break        THEMATIC_BREAK
 *   HTML block            PARAGRAPH of TEXT lines, LINEBREAK between them
 *                         (a warning); nothing with GALLEY_OPT_STRIP_HTML;
 *                         an HTML comment is dropped (a warning)
 *   text, soft break      TEXT (a soft break is a space)
 *   hard break            LINEBREAK
 *   emph, strong, code    EMPH, STRONG, CODE
 *   link, image           LINK, IMAGE (url as written, title; alt text as
 *                         the IMAGE's inline children); an image inside
 *                         alt text, a link inside a link: their text only
 *   inline HTML           TEXT (a warning); nothing with
 *                         GALLEY_OPT_STRIP_HTML; a comment is dropped;
 *                         formatting tags in pairs are markup (format-tags)
 *   table, row, cell      TABLE, TABLE_ROW (the header row flagged),
 *                         TABLE_CELL (its column's alignment); every row
 *                         has the header's cells (short rows padded; the
 *                         cells a long row has past them kept as text in
 *                         its last cell, a warning)
 *   footnote definition   FOOTNOTE, after every other block, numbered in
 *                         reading order (the body's citations, then the
 *                         notes'); one nothing in the text cites: its
 *                         paragraphs where it stands, a warning (cmark-gfm
 *                         drops one nothing cites at all)
 *   footnote reference    FOOTNOTE_REF with the note's number (a label no
 *                         note has stays text)
 *   strikethrough         DELETE
 *   autolink (www., URL)  LINK
 *   task item             ITEM with its task state
 *
 * What other Markdowns write and galley does not set (TeX math, pandoc's
 * attributes, definition lists and fenced divs, LaTeX page breaks) stays
 * text, with one warning each.
 *
 * Every node made gets its source line (cmark's line plus the lines the
 * front matter took), so writers can name the line of, say, a missing
 * image.
 *
 * Around the walk, a few rules read what the writer plainly meant where
 * CommonMark reads otherwise: before it, a bold run whose closer follows
 * a space (spaced-strong-closer); during it, a line of one repeated mark
 * ("\###") as a thematic break (mark-line-as-break); before it too, HTML
 * formatting tags in pairs as bold, italics or their text (format-tags);
 * after it, on the model, paragraphs opening with "(a)", "(i)" as lists
 * (enumerated-paragraphs), a clause's number alone on its line over its
 * text as one item (lone-enumerator-item), a sentence going on across a
 * blank line as one paragraph (sentence-across-blank-line), a signer's
 * name and office closing the text or its main part as bylines
 * (closing-signature), a paragraph wholly in bold over body text as a
 * heading (bold-paragraph-heading), a dateline opening the lede
 * (dateline-lede) and an italic standfirst under the title
 * (italic-standfirst). */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../galley.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/options.h"
#include "../util/utf8.h"
#include "clean.h"
#include "credit.h"
#include "frontmatter.h"
#include "text_rules.h"
#include "title.h"

/* A footnote label as typed: bytes of the source (borrowed). */
typedef struct note_label {
  const char *ptr;
  size_t len;
} note_label;

/* The reader's state, passed first to every function. */
typedef struct md_reader {
  galley_doc *doc;             /* borrowed: the document being built */
  galley_diag *diag;           /* borrowed; may be NULL */
  unsigned flags;              /* GALLEY_OPT_* */
  int line_offset;             /* lines before cmark's line 1 (front matter) */
  int last_line;               /* last source line seen, for nodes cmark
                                  gives no position (soft breaks) */
  galley_node *cur;            /* borrowed: the node receiving children */
  galley_node *notes;          /* owned: a detached DOCUMENT holding the
                                  FOOTNOTEs read, in number order, until the
                                  body's own rules have run */
  int note_count;              /* FOOTNOTEs read so far */
  galley_node *orphans;        /* owned: a detached DOCUMENT holding, as
                                  FOOTNOTEs numbered 0, the blocks of the
                                  notes nothing cites, until they are put
                                  where they stand */
  const note_label **note_labels; /* owned by read_orphan_notes while it
                                  reads them: the label of each of its
                                  parse's note numbers (1..count), or NULL */
  int note_label_count;
  char **note_names;           /* owned, each entry too: the label of each
                                  note cmark-gfm kept, by its number
                                  (1..count), or NULL (read_note_names) */
  int note_name_count;
  const uint8_t *aligns;       /* borrowed from cmark's current table: its
                                  columns' alignments ('l', 'c', 'r', 0) */
  int columns;                 /* the current table's column count */
  int cell;                    /* the next cell's column in the current row */
  cmark_node *title_heading;   /* borrowed: the `#` heading that is the
                                  title and is not kept as a heading */
  int title_from_heading;      /* 1 when its text (or the opening line's,
                                  title_line_para) became the metadata title */
  int title_line;              /* its line */
  cmark_node *tagline;         /* borrowed: the paragraph under the title
                                  that became the subtitle, or NULL */
  int tagline_line;            /* its line */
  cmark_node *title_line_para; /* borrowed: the opening line that became
                                  the title (first-line-as-title), or NULL */
  int level_shift;             /* subtracted from heading levels, 0..5 */
  int dropped_inline;          /* 1 right after an inline was dropped, so
                                  the spaces around it are not doubled */
  galley_buf scratch;          /* owned: cleaned literals */
} md_reader;

static void warn_foreign_inlines(md_reader *r, const char *s, size_t len, int line);
static void prefix_label(md_reader *r, galley_node *holder, const char *label, size_t len);

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

/* cmark's allocator (cmark_mem): galley's, which never returns NULL.
 * Nodes made by the reader take it too: cmark joins only nodes of one
 * allocator. */
static void *cmark_calloc(size_t count, size_t size)
{
  return galley_xcalloc(count, size);
}

static void *cmark_realloc(void *p, size_t size)
{
  return galley_xrealloc(p, size);
}

static cmark_mem cmark_allocator = {cmark_calloc, cmark_realloc, free};

/* GitHub's extensions galley reads: tables, ~~struck text~~, bare
 * www. and http(s) addresses as links, "- [ ]" task items. (Not
 * "tagfilter": raw HTML is never passed through anyway.) */
static const char *const gfm_extensions[] = {"table", "strikethrough", "autolink",
                                             "tasklist"};

static pthread_once_t gfm_registered = PTHREAD_ONCE_INIT;

/* cmark-gfm keeps its extensions in a process-wide list that
 * cmark_gfm_core_extensions_ensure_registered fills without a lock: it
 * runs once, whichever thread reads Markdown first. */
static void register_gfm(void)
{
  cmark_gfm_core_extensions_ensure_registered();
}

/* A parser with source positions, footnotes and gfm_extensions attached,
 * allocating through galley's allocator; caller frees with
 * cmark_parser_free. No CMARK_OPT_SMART: quotes and dashes are set for
 * both readers alike, by language, by galley_doc_smarten
 * (model/smart.c). */
static cmark_parser *new_parser(void)
{
  cmark_parser *parser;
  size_t i;
  pthread_once(&gfm_registered, register_gfm);
  parser = cmark_parser_new_with_mem(CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8 |
                                         CMARK_OPT_FOOTNOTES,
                                     &cmark_allocator);
  for (i = 0; i < sizeof gfm_extensions / sizeof *gfm_extensions; i++) {
    cmark_syntax_extension *ext = cmark_find_syntax_extension(gfm_extensions[i]);
    if (ext) /* always: the core extensions are registered above */
      cmark_parser_attach_syntax_extension(parser, ext);
  }
  return parser;
}

/* The model line of a cmark node, or the last line seen when cmark gives
 * none (soft breaks carry no position). */
static int node_line(md_reader *r, cmark_node *cn)
{
  int line = cmark_node_get_start_line(cn);
  if (line > 0)
    r->last_line = line + r->line_offset;
  return r->last_line;
}

/* Cleans `len` bytes of `s` (from cmark: entities such as "&#1;" decode to
 * characters XML forbids) into r->scratch, warning at `line` if anything
 * was replaced. Returns the cleaned bytes (borrowed until the next call). */
static const char *clean_literal(md_reader *r, const char *s, size_t len, int line)
{
  galley_buf_clear(&r->scratch);
  if (galley_clean_string(&r->scratch, s, len) > 0)
    galley_diag_add(r->diag, line, 0,
                    "a character reference to a character XML forbids was "
                    "replaced with U+FFFD");
  return galley_buf_cstr(&r->scratch);
}

static int is_ascii_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Narrows the span *s, *len to leave out ASCII space at both ends. */
static void trim_span(const char **s, size_t *len)
{
  while (*len && is_ascii_space((*s)[*len - 1]))
    (*len)--;
  while (*len && is_ascii_space(**s))
    (*s)++, (*len)--;
}

/* Appends `g` to the current node; if the model does not allow it there,
 * frees it and returns 0. */
static int append(md_reader *r, galley_node *g)
{
  if (galley_node_append_child(r->cur, g))
    return 1;
  galley_node_free(g);
  return 0;
}

static void append_text(md_reader *r, const char *s, size_t len, int line)
{
  galley_node *t, *last = galley_node_last_child(r->cur);
  if (r->dropped_inline && last && galley_node_get_type(last) == GALLEY_NODE_TEXT) {
    /* "a <!-- x --> b" reads "a b", not "a  b" */
    size_t n;
    const char *prev = galley_node_get_literal(last, &n);
    if (n > 0 && is_ascii_space(prev[n - 1]))
      while (len > 0 && is_ascii_space(*s))
        s++, len--;
  }
  r->dropped_inline = 0;
  if (len == 0)
    return;
  t = galley_node_append_text(r->cur, s, len);
  if (t && galley_node_get_line(t) == 0)
    galley_node_set_line(t, line);
}

/* The plain text of a cmark subtree (text, code, a space for breaks),
 * walked with its own iterator. Caller frees `out`. */
static void cmark_plain_text(cmark_node *root, galley_buf *out)
{
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER)
      continue;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
      galley_buf_puts(out, cmark_node_get_literal(n));
      break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      galley_buf_putc(out, ' ');
      break;
    default:
      break;
    }
  }
  cmark_iter_free(it);
}

/* Whether two titles are the same, ignoring ASCII case and surrounding
 * space: "Kazakhstan at 34" and " kazakhstan AT 34". */
static int is_same_title(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b), i;
  trim_span(&a, &la);
  trim_span(&b, &lb);
  if (la != lb)
    return 0;
  for (i = 0; i < la; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = (char)(x + 32);
    if (y >= 'A' && y <= 'Z')
      y = (char)(y + 32);
    if (x != y)
      return 0;
  }
  return 1;
}

/* ------------------------------------------------------------------ */
/* Titles                                                              */
/* ------------------------------------------------------------------ */

/* The rule "tagline-as-subtitle": a paragraph right under the title
 * heading, of one short line without closing punctuation, with a section
 * heading after it, is the project's tagline or the article's subtitle
 * (unless the front matter gave one). A sentence under the title is the
 * text's opening, and so is a paragraph more text follows.
 *   accepts: "PyYAML\n======\n\nA YAML framework for Python\n\n## Install"
 *   rejects: "# Notes\n\nThese are my notes.\n\n## One" (a sentence),
 *            "# Notes\n\nAbout it\n\nMore text" (no heading after) */
static void decide_tagline(md_reader *r, cmark_node *title)
{
  cmark_node *p = cmark_node_next(title), *after = p ? cmark_node_next(p) : NULL;
  galley_buf text = GALLEY_BUF_INIT;
  if (!p || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH || !after ||
      cmark_node_get_type(after) != CMARK_NODE_HEADING ||
      cmark_node_get_start_line(p) != cmark_node_get_end_line(p) ||
      galley_meta_get(galley_doc_get_meta(r->doc), "subtitle"))
    return;
  cmark_plain_text(p, &text);
  if (text.len > 0 && text_is_short_line(text.ptr, text.len) &&
      !text_has_terminal_punctuation(text.ptr, text.len)) {
    galley_doc_apply_meta(r->doc, "subtitle", clean_literal(r, text.ptr, text.len, 0), 1);
    r->tagline = p;
    r->tagline_line = cmark_node_get_start_line(p) + r->line_offset;
  }
  galley_buf_free(&text);
}

/* The rule "first-line-as-title": with no `#` title and none in the front
 * matter, a document that opens with one short line shaped as a heading
 * (a capital, no closing punctuation), a section heading right after it,
 * opens with its title: a README whose name line stands above its "## "
 * sections. Returns 1 when the title was taken.
 *   accepts: "Weather station firmware\n\n## Hardware"
 *   rejects: "Read this first.\n\n## Hardware" (a sentence),
 *            "Weather station\n\nIt logs.\n\n## Hardware" (text follows) */
static int decide_title_line(md_reader *r, cmark_node *first)
{
  cmark_node *after = first ? cmark_node_next(first) : NULL;
  galley_buf text = GALLEY_BUF_INIT;
  int taken = 0;
  if (!first || cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH || !after ||
      cmark_node_get_type(after) != CMARK_NODE_HEADING ||
      cmark_node_get_start_line(first) != cmark_node_get_end_line(first))
    return 0;
  cmark_plain_text(first, &text);
  if (text.len > 0 && text_is_heading_shaped(text.ptr, text.len)) {
    galley_doc_apply_meta(r->doc, "title", clean_literal(r, text.ptr, text.len, 0), 1);
    r->title_line_para = first;
    r->title_from_heading = 1;
    r->title_line = cmark_node_get_start_line(first) + r->line_offset;
    taken = 1;
  }
  galley_buf_free(&text);
  return taken;
}

/* The rule "first-h1-as-title": when the document opens with a `#`
 * heading and has no other, that heading is the article's title, not a
 * section. It becomes the metadata title (unless the front matter already
 * gave one) and leaves the body.
 *   accepts: "# Kazakhstan at 34\n\nText\n\n## History"
 *   rejects: "Intro\n\n# One\n\n# Two" (not at the top; two of them)
 * With a front-matter title, the heading is dropped only when it repeats
 * that title; otherwise it stays a heading.
 *
 * Then the rule "top-heading-is-level-1": the levels of the remaining
 * headings move up so that the highest of them is level 1, since the
 * title is the book's only level above the sections (`##` sections under
 * a front-matter title are level 1, not level 2 with no level 1 above
 * them). Relative levels, gaps included, are kept. */
static void decide_title(md_reader *r, cmark_node *cdoc, unsigned flags)
{
  cmark_node *first = cmark_node_first_child(cdoc);
  cmark_iter *it;
  cmark_event_type ev;
  int h1_count = 0, top = 7;
  galley_buf text = GALLEY_BUF_INIT;
  const char *meta_title;

  it = cmark_iter_new(cdoc);
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    int level;
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HEADING)
      continue;
    level = cmark_node_get_heading_level(n);
    h1_count += level == 1;
    if (n != first && level < top)
      top = level;
  }
  cmark_iter_free(it);
  if (first && cmark_node_get_type(first) == CMARK_NODE_HEADING &&
      cmark_node_get_heading_level(first) == 1 && h1_count == 1) {
    cmark_plain_text(first, &text);
    meta_title = galley_meta_get(galley_doc_get_meta(r->doc), "title");
    if (meta_title && *meta_title) {
      if (is_same_title(meta_title, galley_buf_cstr(&text)))
        r->title_heading = first;
    } else if (!(flags & GALLEY_OPT_NO_TITLE) && text.len > 0) {
      const char *t = clean_literal(r, text.ptr, text.len, 0);
      galley_doc_apply_meta(r->doc, "title", t, 1);
      warn_foreign_inlines(r, text.ptr, text.len,
                           cmark_node_get_start_line(first) + r->line_offset);
      r->title_heading = first;
      r->title_from_heading = 1;
      r->title_line = cmark_node_get_start_line(first) + r->line_offset;
    }
  }
  if (r->title_heading)
    decide_tagline(r, r->title_heading);
  else if (!(flags & GALLEY_OPT_NO_TITLE) &&
           !galley_meta_get(galley_doc_get_meta(r->doc), "title"))
    decide_title_line(r, first);
  if (first && cmark_node_get_type(first) == CMARK_NODE_HEADING &&
      first != r->title_heading && cmark_node_get_heading_level(first) < top)
    top = cmark_node_get_heading_level(first);
  r->level_shift = top <= 6 ? top - 1 : 0;
  galley_buf_free(&text);
}

/* Marks the `type` node (TITLE, SUBTITLE) of the title block with the
 * rule that made it. */
static void mark_title(md_reader *r, galley_node_type type, const char *rule, int line)
{
  galley_node *tb = galley_node_first_child(galley_doc_get_root(r->doc)), *c;
  if (!tb || galley_node_get_type(tb) != GALLEY_NODE_TITLE_BLOCK)
    return;
  for (c = galley_node_first_child(tb); c; c = galley_node_next(c))
    if (galley_node_get_type(c) == type) {
      galley_node_set_rule(c, rule);
      galley_node_set_line(c, line);
    }
}

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
  trim_span(&s, &len);
  return len >= 7 && strncmp(s, "<!--", 4) == 0 && strncmp(s + len - 3, "-->", 3) == 0;
}

/* An HTML block: kept as a paragraph of its lines as visible text (one
 * LINEBREAK between lines), never passed through as markup. */
static void read_html_block(md_reader *r, cmark_node *cn, int line)
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
  while (len && is_ascii_space(lit[len - 1]))
    len--;
  s = clean_literal(r, lit, len, line);
  len = r->scratch.len;
  p = galley_node_new(GALLEY_NODE_PARAGRAPH);
  galley_node_set_line(p, line);
  galley_node_set_rule(p, "raw-html-as-text");
  if (!append(r, p))
    return;
  /* s lives in r->scratch, which append_text does not touch */
  r->cur = p;
  for (i = 0; i <= len; i++) {
    if (i < len && s[i] != '\n')
      continue;
    if (start > 0) {
      galley_node *br = galley_node_new(GALLEY_NODE_LINEBREAK);
      galley_node_set_line(br, line);
      append(r, br);
    }
    append_text(r, s + start, i - start, line);
    line++;
    start = i + 1;
  }
  r->cur = galley_node_parent(p);
}

/* Inline HTML: kept as its text (newlines as spaces), or dropped. */
static void read_html_inline(md_reader *r, cmark_node *cn, int line)
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
  clean_literal(r, lit, strlen(lit), line);
  for (i = 0; i < r->scratch.len; i++)
    if (r->scratch.ptr[i] == '\n' || r->scratch.ptr[i] == '\r')
      r->scratch.ptr[i] = ' ';
  append_text(r, r->scratch.ptr, r->scratch.len, line);
}

/* ------------------------------------------------------------------ */
/* Figures                                                             */
/* ------------------------------------------------------------------ */

/* The rule "image-alone-as-figure": a paragraph whose only content is
 * one image is a figure, not a line of text.
 *   accepts: "![Rogov in Astana](rogov.jpg \"Rogov in Astana\")"
 *   rejects: "See ![map](map.png) for the route." */
static int is_lone_image(cmark_node *paragraph)
{
  cmark_node *c = cmark_node_first_child(paragraph);
  return c && c == cmark_node_last_child(paragraph) &&
         cmark_node_get_type(c) == CMARK_NODE_IMAGE;
}

/* Adds a CAPTION and/or CREDIT to a finished FIGURE, from its image's
 * title or, without one, its alt text; a trailing "Photo credit: ..."
 * becomes the CREDIT (credit.h). */
static void finish_figure(galley_node *fig)
{
  galley_node *img = galley_node_first_child(fig);
  const char *title = galley_node_get_title(img);
  const char *rule = "image-title-as-caption";
  char *alt = NULL;
  const char *text;
  size_t len, cap_len, cred_start = 0, cred_len;
  galley_credit credit;
  int line = galley_node_get_line(fig);
  if (!img || galley_node_get_type(img) != GALLEY_NODE_IMAGE)
    return;
  if (title && *title) {
    text = title;
  } else {
    alt = galley_node_get_plain_text(img);
    text = alt;
    rule = "image-alt-as-caption";
  }
  len = strlen(text);
  trim_span(&text, &len);
  if (galley_credit_find(text, len, GALLEY_CREDIT_FOR_IMAGE, &credit)) {
    /* the brackets of "(Photo: AP)" go: the credit has its own element */
    cap_len = credit.caption_len;
    cred_start = credit.label;
    cred_len = credit.name_end - credit.label;
  } else {
    cap_len = len;
    cred_len = 0;
  }
  if (cap_len > 0) {
    galley_node *cap = galley_node_new(GALLEY_NODE_CAPTION);
    galley_node_set_line(cap, line);
    galley_node_set_rule(cap, rule);
    galley_node_append_text(cap, text, cap_len);
    galley_node_append_child(fig, cap);
  }
  if (cred_len > 0) {
    galley_node *cred = galley_node_new(GALLEY_NODE_CREDIT);
    galley_node_set_line(cred, line);
    galley_node_set_rule(cred, "photo-credit");
    galley_node_append_text(cred, text + cred_start, cred_len);
    galley_node_append_child(fig, cred);
  }
  free(alt);
}

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
    if (lit[i] != '*')
      continue;
    if (lit[i + 1] == '*' && lit[i + 2] != '*' && (i == 0 || lit[i - 1] != '*'))
      return (long)i;
    while (lit[i + 1] == '*')
      i++;
  }
  return -1;
}

/* A new text node of len bytes of s (cmark copies them), or NULL for
 * none. */
static cmark_node *new_text(const char *s, size_t len)
{
  cmark_node *t;
  galley_buf b = GALLEY_BUF_INIT;
  if (len == 0)
    return NULL;
  galley_buf_put(&b, s, len);
  t = cmark_node_new_with_mem(CMARK_NODE_TEXT, &cmark_allocator);
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
    strong = cmark_node_new_with_mem(CMARK_NODE_STRONG, &cmark_allocator);
    cmark_node_insert_after(t, strong);
    if (u == t) {
      if ((piece = new_text(lit + open + 2, ws - (size_t)open - 2)) != NULL)
        cmark_node_append_child(strong, piece);
    } else {
      if ((piece = new_text(lit + open + 2, strlen(lit + open + 2))) != NULL)
        cmark_node_append_child(strong, piece);
      while (cmark_node_next(strong) != u)
        cmark_node_append_child(strong, cmark_node_next(strong));
      if ((piece = new_text(ulit, ws)) != NULL)
        cmark_node_append_child(strong, piece);
    }
    piece = new_text(ulit + ws, strlen(ulit + ws));
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
      cmark_node *box = cmark_node_new_with_mem(format_tags[k].as, &cmark_allocator);
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

/* The user data of a paragraph whose bold mend_inlines mended. */
static const char mended_mark = 'm';

/* Mends the inlines of every paragraph before the walk: cmark's iterator
 * has chosen its next node when it returns one, so a paragraph's
 * children are changed at its exit, never under the walk. */
static void mend_inlines(cmark_node *cdoc)
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
    if (s[i] != '$' || (i > 0 && s[i - 1] == '\\'))
      continue;
    if (s[i + 1] == '$') { /* display math: up to the next "$$" */
      for (j = i + 2; j + 1 < len; j++)
        if (s[j] == '$' && s[j + 1] == '$' && j > i + 2) {
          *out_len = j + 2 - i;
          return (long)i;
        }
      return -1;
    }
    if (is_ascii_space(s[i + 1]))
      continue;
    for (j = i + 1; j < len; j++)
      if (s[j] == '$' && !is_ascii_space(s[j - 1]) && s[j - 1] != '\\' &&
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
  trim_span(&s, &len);
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
static void warn_foreign_inlines(md_reader *r, const char *s, size_t len, int line)
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
static void check_foreign_block(md_reader *r, galley_node *g)
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
    warn_foreign_inlines(r, words.ptr ? words.ptr : "", words.len, line);
  galley_buf_free(&words);
}

/* The rules "definition-list" and "fenced-div", which only warn: a
 * paragraph with a line opening with ": " (pandoc's definition, under
 * its term or a blank line after it) or ":::" (pandoc's fenced div) is kept as
 * a paragraph of its text, as typed. Reads cmark's inlines, where the
 * lines still show (the model has made soft breaks spaces).
 *   accepts: "Astana\n: the capital since 1997", "::: warning"
 *   rejects: "Note: it rains" (the colon is not at a line's start) */
static void check_paragraph_lines(md_reader *r, cmark_node *para, int line)
{
  cmark_node *c;
  int at_line_start = 1;
  for (c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
    cmark_node_type t = cmark_node_get_type(c);
    const char *lit = t == CMARK_NODE_TEXT ? cmark_node_get_literal(c) : NULL;
    if (at_line_start && lit) {
      int at = cmark_node_get_start_line(c) > 0 ? node_line(r, c) : line;
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

/* ------------------------------------------------------------------ */
/* The walk                                                            */
/* ------------------------------------------------------------------ */

/* Removes spaces left at either end of a paragraph or heading (by a
 * dropped HTML fragment, say), and reports whether anything is left. */
static int trim_inlines(galley_node *block)
{
  galley_node *t;
  while ((t = galley_node_last_child(block)) &&
         galley_node_get_type(t) == GALLEY_NODE_TEXT) {
    size_t len;
    const char *s = galley_node_get_literal(t, &len), *end = s + len;
    while (end > s && is_ascii_space(end[-1]))
      end--;
    if (end > s) {
      galley_node_set_literal(t, s, (size_t)(end - s));
      break;
    }
    galley_node_free(t);
  }
  while ((t = galley_node_first_child(block)) &&
         galley_node_get_type(t) == GALLEY_NODE_TEXT) {
    size_t len;
    const char *s = galley_node_get_literal(t, &len), *p = s;
    while (p < s + len && is_ascii_space(*p))
      p++;
    if (p < s + len) {
      if (p > s) {
        /* copy: set_literal frees what `p` points into */
        galley_buf b = GALLEY_BUF_INIT;
        galley_buf_put(&b, p, len - (size_t)(p - s));
        galley_node_set_literal(t, b.ptr, b.len);
        galley_buf_free(&b);
      }
      break;
    }
    galley_node_free(t);
  }
  return galley_node_first_child(block) != NULL;
}

/* Whether cmark node `cn` is of the extension node type named `name`
 * ("table", "table_header", "table_row", "table_cell", "strikethrough",
 * "tasklist"): cmark-gfm numbers the extensions' types when they are
 * registered, and names them through cmark_node_get_type_string. */
static int is_extension(cmark_node *cn, const char *name)
{
  return cmark_node_get_syntax_extension(cn) &&
         strcmp(cmark_node_get_type_string(cn), name) == 0;
}

/* A new TABLE_CELL aligned as column `col` of the current table. */
static galley_node *new_cell(md_reader *r, int col)
{
  galley_node *g = galley_node_new(GALLEY_NODE_TABLE_CELL);
  galley_align align = GALLEY_ALIGN_NONE;
  if (r->aligns && col < r->columns) {
    switch (r->aligns[col]) {
    case 'l':
      align = GALLEY_ALIGN_LEFT;
      break;
    case 'c':
      align = GALLEY_ALIGN_CENTER;
      break;
    case 'r':
      align = GALLEY_ALIGN_RIGHT;
      break;
    default:
      break;
    }
  }
  galley_node_set_align(g, align);
  return g;
}

/* The model node for an extension's container (table, row, cell,
 * strikethrough), or NULL when its children pass through: an unknown
 * type, or one the current node may not hold (struck text in alt text).
 * Tables come whole from cmark-gfm: a header row, then body rows, each
 * of the header's cells (a short row padded, a long one cut). */
static galley_node *enter_extension(md_reader *r, cmark_node *cn)
{
  galley_node *g;
  if (is_extension(cn, "table")) {
    r->columns = cmark_gfm_extensions_get_table_columns(cn);
    r->aligns = cmark_gfm_extensions_get_table_alignments(cn);
    return galley_node_new(GALLEY_NODE_TABLE);
  }
  if (is_extension(cn, "table_header") || is_extension(cn, "table_row")) {
    g = galley_node_new(GALLEY_NODE_TABLE_ROW);
    galley_node_set_row_header(g, cmark_gfm_extensions_get_table_row_is_header(cn));
    r->cell = 0;
    return g;
  }
  if (is_extension(cn, "table_cell"))
    return new_cell(r, r->cell++);
  if (is_extension(cn, "strikethrough") &&
      galley_node_can_contain(galley_node_get_type(r->cur), GALLEY_NODE_DELETE))
    return galley_node_new(GALLEY_NODE_DELETE);
  return NULL;
}

/* A leaf or container starts. Containers that map to a model node push
 * it (its pointer kept as the cmark node's user data, so that the exit
 * event can pop it); others pass their children through. */
static void enter(md_reader *r, cmark_iter *it, cmark_node *cn)
{
  int line = node_line(r, cn);
  galley_node *g = NULL;
  const char *lit;
  int mended = cmark_node_get_user_data(cn) == &mended_mark;

  cmark_node_set_user_data(cn, NULL);
  switch (cmark_node_get_type(cn)) {
  case CMARK_NODE_DOCUMENT:
    r->cur = galley_doc_get_root(r->doc);
    return;
  case CMARK_NODE_BLOCK_QUOTE:
    g = galley_node_new(GALLEY_NODE_BLOCK_QUOTE);
    break;
  case CMARK_NODE_LIST: {
    int ordered = cmark_node_get_list_type(cn) == CMARK_ORDERED_LIST;
    g = galley_node_new(GALLEY_NODE_LIST);
    galley_node_set_list(g, ordered, ordered ? cmark_node_get_list_start(cn) : 1,
                         cmark_node_get_list_tight(cn));
    /* "1)" lists keep their parenthesis (CommonMark numbers are decimal) */
    if (ordered && cmark_node_get_list_delim(cn) == CMARK_PAREN_DELIM)
      galley_node_set_list_numbering(g, GALLEY_LIST_DECIMAL, GALLEY_LIST_PAREN);
    break;
  }
  case CMARK_NODE_ITEM:
    g = galley_node_new(GALLEY_NODE_ITEM);
    if (is_extension(cn, "tasklist"))
      galley_node_set_task(g, cmark_gfm_extensions_get_tasklist_item_checked(cn)
                                  ? GALLEY_TASK_DONE
                                  : GALLEY_TASK_OPEN);
    break;
  case CMARK_NODE_FOOTNOTE_DEFINITION:
    /* cmark-gfm moved the definitions after the body, in the order of
     * their first reference, and dropped those never referenced: the
     * n-th here is note n. They wait in r->notes until the body's rules
     * have run, and then close the document. */
    g = galley_node_new(GALLEY_NODE_FOOTNOTE);
    galley_node_set_line(g, line);
    galley_node_set_rule(g, "markdown");
    if (r->note_labels) { /* a note nothing cites (read_orphan_notes) */
      galley_node_append_child(r->orphans, g);
    } else {
      galley_node_set_note_number(g, ++r->note_count);
      galley_node_append_child(r->notes, g);
    }
    cmark_node_set_user_data(cn, g);
    r->cur = g;
    return;
  case CMARK_NODE_FOOTNOTE_REFERENCE: {
    /* its literal is the note's number, as cmark-gfm counted them */
    int number = atoi(cmark_node_get_literal(cn) ? cmark_node_get_literal(cn) : "");
    char mark[24];
    if (r->note_labels) {
      /* in a note nothing cites, kept as text: its citations as typed */
      if (number >= 1 && number <= r->note_label_count && r->note_labels[number]) {
        const note_label *label = r->note_labels[number];
        append_text(r, "[^", 2, line);
        clean_literal(r, label->ptr, label->len, line);
        append_text(r, r->scratch.ptr, r->scratch.len, line);
        append_text(r, "]", 1, line);
      }
      return;
    }
    if (number >= 1 &&
        galley_node_can_contain(galley_node_get_type(r->cur), GALLEY_NODE_FOOTNOTE_REF)) {
      g = galley_node_new(GALLEY_NODE_FOOTNOTE_REF);
      galley_node_set_note_number(g, number);
      galley_node_set_line(g, line);
      append(r, g);
    } else if (number >= 1 && number <= r->note_name_count && r->note_names[number]) {
      /* in alt text: the citation as typed */
      append_text(r, "[^", 2, line);
      append_text(r, r->note_names[number], strlen(r->note_names[number]), line);
      append_text(r, "]", 1, line);
    } else {
      snprintf(mark, sizeof mark, "[%d]", number);
      append_text(r, mark, strlen(mark), line);
    }
    return;
  }
  case CMARK_NODE_PARAGRAPH:
    if (cn == r->tagline || cn == r->title_line_para) {
      /* the subtitle or title lives in the metadata now */
      cmark_iter_reset(it, cn, CMARK_EVENT_EXIT);
      return;
    }
    check_paragraph_lines(r, cn, line);
    if (is_lone_image(cn)) {
      g = galley_node_new(GALLEY_NODE_FIGURE);
      galley_node_set_rule(g, "image-alone-as-figure");
    } else {
      g = galley_node_new(GALLEY_NODE_PARAGRAPH);
      if (mended)
        galley_node_set_rule(g, "spaced-strong-closer");
    }
    break;
  case CMARK_NODE_HEADING: {
    int level = cmark_node_get_heading_level(cn) - r->level_shift;
    if (cn == r->title_heading) {
      /* the title lives in the metadata now: skip the whole heading */
      cmark_iter_reset(it, cn, CMARK_EVENT_EXIT);
      return;
    }
    g = galley_node_new(GALLEY_NODE_HEADING);
    galley_node_set_level(g, level < 1 ? 1 : level > 6 ? 6 : level);
    break;
  }
  case CMARK_NODE_CODE_BLOCK: {
    const char *info = cmark_node_get_fence_info(cn);
    size_t len;
    lit = cmark_node_get_literal(cn);
    len = lit ? strlen(lit) : 0;
    if (len && lit[len - 1] == '\n') /* the line end of its last line */
      len--;
    g = galley_node_new(GALLEY_NODE_CODE_BLOCK);
    galley_node_set_line(g, line);
    galley_node_set_rule(g, "markdown");
    clean_literal(r, lit ? lit : "", len, line);
    galley_node_set_literal(g, r->scratch.ptr ? r->scratch.ptr : "", r->scratch.len);
    if (info && *info) {
      size_t n = strlen(info);
      trim_span(&info, &n);
      if (n) {
        clean_literal(r, info, n, line);
        galley_node_set_title(g, galley_buf_cstr(&r->scratch));
      }
    }
    append(r, g);
    return;
  }
  case CMARK_NODE_THEMATIC_BREAK:
    g = galley_node_new(GALLEY_NODE_THEMATIC_BREAK);
    galley_node_set_line(g, line);
    galley_node_set_rule(g, "markdown");
    append(r, g);
    return;
  case CMARK_NODE_HTML_BLOCK:
    read_html_block(r, cn, line);
    return;
  case CMARK_NODE_TEXT:
    lit = cmark_node_get_literal(cn);
    if (lit) {
      clean_literal(r, lit, strlen(lit), line);
      append_text(r, r->scratch.ptr, r->scratch.len, line);
    }
    return;
  case CMARK_NODE_SOFTBREAK:
    append_text(r, " ", 1, line);
    return;
  case CMARK_NODE_LINEBREAK:
    if (galley_node_can_contain(galley_node_get_type(r->cur), GALLEY_NODE_LINEBREAK)) {
      g = galley_node_new(GALLEY_NODE_LINEBREAK);
      galley_node_set_line(g, line);
      append(r, g);
    } else {
      append_text(r, " ", 1, line); /* in alt text */
    }
    return;
  case CMARK_NODE_CODE:
    lit = cmark_node_get_literal(cn);
    g = galley_node_new(GALLEY_NODE_CODE);
    galley_node_set_line(g, line);
    clean_literal(r, lit ? lit : "", lit ? strlen(lit) : 0, line);
    galley_node_set_literal(g, r->scratch.ptr ? r->scratch.ptr : "", r->scratch.len);
    append(r, g);
    return;
  case CMARK_NODE_HTML_INLINE:
    read_html_inline(r, cn, line);
    return;
  case CMARK_NODE_EMPH:
    g = galley_node_new(GALLEY_NODE_EMPH);
    break;
  case CMARK_NODE_STRONG:
    g = galley_node_new(GALLEY_NODE_STRONG);
    break;
  case CMARK_NODE_LINK:
  case CMARK_NODE_IMAGE: {
    int is_image = cmark_node_get_type(cn) == CMARK_NODE_IMAGE;
    const char *url = cmark_node_get_url(cn), *title = cmark_node_get_title(cn);
    galley_node_type t = is_image ? GALLEY_NODE_IMAGE : GALLEY_NODE_LINK;
    if (!galley_node_can_contain(galley_node_get_type(r->cur), t))
      return; /* an image in alt text, a link in a link: keep the text */
    g = galley_node_new(t);
    clean_literal(r, url ? url : "", url ? strlen(url) : 0, line);
    galley_node_set_url(g, galley_buf_cstr(&r->scratch));
    if (title && *title) {
      clean_literal(r, title, strlen(title), line);
      galley_node_set_title(g, galley_buf_cstr(&r->scratch));
    }
    break;
  }
  default:
    /* the extensions' nodes; anything else (custom blocks and inlines):
     * its children pass through */
    if ((g = enter_extension(r, cn)) == NULL)
      return;
    break;
  }
  galley_node_set_line(g, line);
  if (galley_node_is_block(g))
    galley_node_set_rule(g, galley_node_get_rule(g) ? galley_node_get_rule(g)
                                                    : "markdown");
  if (!append(r, g))
    return;
  cmark_node_set_user_data(cn, g);
  r->cur = g;
}

/* A line of three or more of one mark ("###", "~~~", "• • •",
 * text_is_thematic_break) as a paragraph of its own: the end mark of a
 * press release ("\###", escaped from being a heading) or a scene break,
 * typed so that Markdown would not take it. The rule "mark-line-as-break".
 *   accepts: "\###"
 *   rejects: "### and more" */
static int is_mark_paragraph(galley_node *p)
{
  galley_node *c = galley_node_first_child(p);
  const char *lit;
  size_t len;
  if (galley_node_get_type(c) != GALLEY_NODE_TEXT || galley_node_next(c))
    return 0;
  lit = galley_node_get_literal(c, &len);
  return text_is_thematic_break(lit, len);
}

/* Puts a thematic break (rule "mark-line-as-break") in the place of the
 * block `g`, which is freed. */
static void replace_with_break(galley_node *g)
{
  galley_node *hr = galley_node_new(GALLEY_NODE_THEMATIC_BREAK);
  galley_node_set_line(hr, galley_node_get_line(g));
  galley_node_set_rule(hr, "mark-line-as-break");
  galley_node_insert_before(g, hr);
  galley_node_free(g);
}

/* A container ends: pop the node it pushed and finish it. */
static void leave(md_reader *r, cmark_node *cn)
{
  galley_node *g = cmark_node_get_user_data(cn);
  if (!g)
    return;
  r->cur = galley_node_parent(g);
  switch (galley_node_get_type(g)) {
  case GALLEY_NODE_TABLE_ROW:
    /* every row has the table's columns, so writers count on them */
    while (r->cell < r->columns) {
      galley_node *c = new_cell(r, r->cell++);
      galley_node_set_line(c, galley_node_get_line(g));
      galley_node_append_child(g, c);
    }
    break;
  case GALLEY_NODE_TABLE:
    r->aligns = NULL;
    r->columns = 0;
    break;
  case GALLEY_NODE_FOOTNOTE:
    r->cur = galley_doc_get_root(r->doc);
    break;
  case GALLEY_NODE_FIGURE:
    finish_figure(g);
    break;
  case GALLEY_NODE_PARAGRAPH:
  case GALLEY_NODE_HEADING:
    if (!trim_inlines(g)) {
      /* only dropped HTML was in it; or an ATX heading of three or more
       * "#" and nothing else, which CommonMark reads as an empty heading
       * but the writer typed as the mark "###" */
      if (galley_node_get_type(g) == GALLEY_NODE_HEADING &&
          cmark_node_get_heading_level(cn) >= 3 && !cmark_node_first_child(cn))
        replace_with_break(g);
      else
        galley_node_free(g);
    } else if (galley_node_get_type(g) == GALLEY_NODE_PARAGRAPH && is_mark_paragraph(g)) {
      replace_with_break(g);
    } else {
      check_foreign_block(r, g);
    }
    break;
  case GALLEY_NODE_TABLE_CELL:
    check_foreign_block(r, g);
    break;
  default:
    break;
  }
}

/* ------------------------------------------------------------------ */
/* Table rows longer than the header                                   */
/* ------------------------------------------------------------------ */

/* A table row with more cells than its header row: GitHub's tables drop
 * the cells past the header's columns. So nothing typed is lost, their
 * source (" | d | e") goes at the end of the row's last cell, with a
 * warning naming the line. */
typedef struct long_row {
  cmark_node *cell; /* borrowed: the row's last cell */
  int line;         /* the row's line in the body (cmark's) */
  int from, to;     /* 1-based byte columns after the cell, to the row's end */
} long_row;

static int compare_long_rows(const void *a, const void *b)
{
  const long_row *x = a, *y = b;
  return (x->line > y->line) - (x->line < y->line);
}

/* Finds the rows that go on past their last cell in body[0..len), and
 * keeps what they drop (above). Only the lines of such rows are looked
 * at, found in one pass over the body. */
static void keep_long_rows(md_reader *r, cmark_node *cdoc, const char *body, size_t len)
{
  cmark_iter *it = cmark_iter_new(cdoc);
  cmark_event_type ev;
  long_row *rows = NULL;
  int n = 0, cap = 0, i, line = 1;
  size_t at = 0;
  galley_buf extra = GALLEY_BUF_INIT;
  if (!memchr(body, '|', len)) { /* no table: nothing to walk */
    cmark_iter_free(it);
    return;
  }
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *row = cmark_iter_get_node(it), *cell;
    if (ev != CMARK_EVENT_ENTER || !is_extension(row, "table_row"))
      continue;
    cell = cmark_node_last_child(row);
    if (cell && cmark_node_get_start_column(cell) > 0 &&
        cmark_node_get_end_line(row) == cmark_node_get_start_line(row) &&
        cmark_node_get_end_column(row) > cmark_node_get_end_column(cell) + 1) {
      if (n == cap) {
        cap = cap ? 2 * cap : 8;
        rows = galley_xreallocarray(rows, (size_t)cap, sizeof *rows);
      }
      rows[n].cell = cell;
      rows[n].line = cmark_node_get_start_line(row);
      rows[n].from = cmark_node_get_end_column(cell) + 1;
      rows[n].to = cmark_node_get_end_column(row);
      n++;
    }
  }
  cmark_iter_free(it);
  if (n > 1)
    qsort(rows, (size_t)n, sizeof *rows, compare_long_rows);
  for (i = 0; i < n; i++) {
    const char *s, *e;
    size_t line_len;
    while (line < rows[i].line && at < len) { /* to the row's line */
      const char *nl = memchr(body + at, '\n', len - at);
      at = nl ? (size_t)(nl - body) + 1 : len;
      line++;
    }
    if (line != rows[i].line)
      break;
    {
      const char *nl = memchr(body + at, '\n', len - at);
      line_len = nl ? (size_t)(nl - (body + at)) : len - at;
    }
    if ((size_t)rows[i].to > line_len)
      continue;
    /* the dropped cells: past the pipe that closes the last one kept */
    s = body + at + rows[i].from - 1;
    e = body + at + rows[i].to;
    while (s < e && (*s == ' ' || *s == '\t'))
      s++;
    if (s < e && *s == '|')
      s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
      e--;
    if (e > s && e[-1] == '|' && (e - 1 == s || e[-2] != '\\'))
      e--;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
      e--;
    while (s < e && (*s == ' ' || *s == '\t'))
      s++;
    if (s == e)
      continue; /* only the closing pipe and spaces */
    galley_buf_clear(&extra);
    galley_buf_puts(&extra, " | ");
    galley_buf_put(&extra, s, (size_t)(e - s));
    cmark_node_append_child(rows[i].cell, new_text(extra.ptr, extra.len));
    galley_diag_add(r->diag, rows[i].line + r->line_offset, 0,
                    "table row has more cells than its header; '%.*s' kept in its last cell",
                    (int)(e - s > 60 ? 60 : e - s), s);
  }
  free(rows);
  galley_buf_free(&extra);
}

/* ------------------------------------------------------------------ */
/* Notes never cited                                                   */
/* ------------------------------------------------------------------ */

/* cmark-gfm drops a footnote definition nothing cites, without a word.
 * galley keeps it where it was written, as the paragraphs it holds
 * after its label ("[^aside]: ..."), with a warning: so the text finds
 * where a definition's label was typed ("[^x]:" in the source) and, when
 * there are more labels than notes kept, reads the text again with a
 * paragraph citing each label put before it. The definitions cited only
 * by those paragraphs are the ones dropped. The source is read twice
 * only then. */

/* A footnote label longer than this is not one (cmark's link labels stop
 * at 999 bytes too). */
#define NOTE_LABEL_MAX 999

static int compare_labels(const void *a, const void *b)
{
  const note_label *x = a, *y = b;
  if (x->len != y->len)
    return x->len < y->len ? -1 : 1;
  return memcmp(x->ptr, y->ptr, x->len);
}

/* The distinct labels of what looks like a footnote definition in
 * s[0..len), "[^label]:" (cmark-gfm's scanner: no space, tab, line end
 * or "]" in the label), wherever it stands (in a quote, an item, code);
 * caller frees *out (NULL when none). Returns how many. */
static int find_note_labels(const char *s, size_t len, note_label **out)
{
  const char *p = s, *end = s + len;
  note_label *labels = NULL;
  int n = 0, cap = 0, i, kept;
  while ((p = memchr(p, '[', (size_t)(end - p))) != NULL) {
    const char *q = p + 2;
    if (q > end || p[1] != '^') {
      p++;
      continue;
    }
    while (q < end && *q != ']' && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r')
      q++;
    if (q + 1 < end && q[0] == ']' && q[1] == ':' && q > p + 2 &&
        (size_t)(q - p - 2) <= NOTE_LABEL_MAX) {
      if (n == cap) {
        cap = cap ? 2 * cap : 16;
        labels = galley_xreallocarray(labels, (size_t)cap, sizeof *labels);
      }
      labels[n].ptr = p + 2;
      labels[n].len = (size_t)(q - p - 2);
      n++;
    }
    p = q;
  }
  if (n > 1)
    qsort(labels, (size_t)n, sizeof *labels, compare_labels);
  for (i = 0, kept = 0; i < n; i++)
    if (kept == 0 || compare_labels(&labels[kept - 1], &labels[i]) != 0)
      labels[kept++] = labels[i];
  *out = labels;
  return kept;
}

/* The number of footnote definitions cmark kept: the document's last
 * children. */
static int count_notes(cmark_node *cdoc)
{
  cmark_node *c;
  int n = 0;
  for (c = cmark_node_last_child(cdoc);
       c && cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION; c = cmark_node_previous(c))
    n++;
  return n;
}

/* Reads the definitions nothing cites in body[0..len) into r->orphans,
 * one FOOTNOTE (numbered 0: a holder) each, its blocks read as the
 * document's, the label put before them; warns of each. */
static void read_orphan_notes(md_reader *r, const char *body, size_t len, cmark_node *cdoc)
{
  note_label *labels = NULL;
  int n = find_note_labels(body, len, &labels), i, defs, *cited = NULL;
  const note_label **by_number = NULL; /* cmark's note number -> label */
  galley_buf text = GALLEY_BUF_INIT;
  cmark_parser *parser;
  cmark_node *cdoc2 = NULL, *c, *first_def;
  cmark_iter *it;
  cmark_event_type ev;
  int saved_offset = r->line_offset, saved_line = r->last_line;

  if (n <= count_notes(cdoc))
    goto done; /* every label typed is a note kept */
  for (i = 0; i < n; i++) {
    galley_buf_puts(&text, "[^");
    galley_buf_put(&text, labels[i].ptr, labels[i].len);
    galley_buf_puts(&text, "]\n\n");
  }
  galley_buf_put(&text, body, len);
  parser = new_parser();
  cmark_parser_feed(parser, text.ptr, text.len);
  cdoc2 = cmark_parser_finish(parser);
  cmark_parser_free(parser);
  galley_buf_free(&text);
  if (!cdoc2)
    goto done;
  defs = count_notes(cdoc2);
  by_number = galley_xcalloc((size_t)defs + 1, sizeof *by_number);
  cited = galley_xcalloc((size_t)defs + 1, sizeof *cited);
  /* the first n blocks cite the labels; the others cite what they cite */
  for (c = cmark_node_first_child(cdoc2), i = 0; c; c = cmark_node_next(c), i++) {
    cmark_iter *ci;
    if (cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION)
      break;
    if (i < n) {
      cmark_node *ref = cmark_node_first_child(c);
      const char *num = ref ? cmark_node_get_literal(ref) : NULL;
      int k = num && cmark_node_get_type(ref) == CMARK_NODE_FOOTNOTE_REFERENCE ? atoi(num) : 0;
      if (k >= 1 && k <= defs)
        by_number[k] = &labels[i];
      continue;
    }
    ci = cmark_iter_new(c);
    while ((ev = cmark_iter_next(ci)) != CMARK_EVENT_DONE) {
      cmark_node *x = cmark_iter_get_node(ci);
      int k;
      if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(x) == CMARK_NODE_FOOTNOTE_REFERENCE &&
          (k = atoi(cmark_node_get_literal(x) ? cmark_node_get_literal(x) : "")) >= 1 &&
          k <= defs)
        cited[k] = 1;
    }
    cmark_iter_free(ci);
  }
  first_def = c;
  /* notes cite notes as well: a note cited only from a note is kept */
  for (c = first_def; c; c = cmark_node_next(c)) {
    it = cmark_iter_new(c);
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
      cmark_node *x = cmark_iter_get_node(it);
      int k;
      if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(x) == CMARK_NODE_FOOTNOTE_REFERENCE &&
          (k = atoi(cmark_node_get_literal(x) ? cmark_node_get_literal(x) : "")) >= 1 &&
          k <= defs)
        cited[k] = 1;
    }
    cmark_iter_free(it);
  }
  /* the orphans, read as the body is, their citations as typed */
  r->line_offset = saved_offset - 2 * n;
  r->note_labels = by_number;
  r->note_label_count = defs;
  for (c = first_def, i = 1; c; c = cmark_node_next(c), i++) {
    galley_node *holder;
    const note_label *label = by_number[i];
    if (cited[i] || !label)
      continue;
    r->cur = r->orphans;
    it = cmark_iter_new(c);
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
      cmark_node *x = cmark_iter_get_node(it);
      if (ev == CMARK_EVENT_ENTER)
        enter(r, it, x);
      else
        leave(r, x);
    }
    cmark_iter_free(it);
    holder = galley_node_last_child(r->orphans);
    if (!holder)
      continue;
    galley_diag_add(r->diag, galley_node_get_line(holder), 0,
                    "footnote [^%.*s] is never cited; kept as a paragraph where it stands",
                    (int)(label->len > 60 ? 60 : label->len), label->ptr);
    prefix_label(r, holder, label->ptr, label->len);
  }
  r->note_labels = NULL;
  r->note_label_count = 0;
  r->line_offset = saved_offset;
  r->last_line = saved_line;
  r->cur = galley_doc_get_root(r->doc);
done:
  if (cdoc2)
    cmark_node_free(cdoc2);
  free(by_number);
  free(cited);
  free(labels);
  galley_buf_free(&text);
}

static int compare_lines(const void *a, const void *b)
{
  int x = galley_node_get_line(*(galley_node *const *)a);
  int y = galley_node_get_line(*(galley_node *const *)b);
  return (x > y) - (x < y);
}

/* Moves the blocks of each note never cited (r->orphans) into the body,
 * before the first top-level block that starts after it. */
static void place_orphan_notes(md_reader *r)
{
  galley_node *root = galley_doc_get_root(r->doc), *c, *at, **list;
  int n = 0, i;
  for (c = galley_node_first_child(r->orphans); c; c = galley_node_next(c))
    n++;
  if (n == 0)
    return;
  list = galley_xcalloc((size_t)n, sizeof *list);
  for (c = galley_node_first_child(r->orphans), i = 0; c; c = galley_node_next(c))
    list[i++] = c;
  qsort(list, (size_t)n, sizeof *list, compare_lines);
  at = galley_node_first_child(root);
  for (i = 0; i < n; i++) {
    int line = galley_node_get_line(list[i]);
    while (at && galley_node_get_line(at) <= line)
      at = galley_node_next(at);
    while ((c = galley_node_first_child(list[i])) != NULL) {
      galley_node_unlink(c);
      if (at)
        galley_node_insert_before(at, c);
      else
        galley_node_append_child(root, c);
    }
  }
  free(list);
}

/* ------------------------------------------------------------------ */
/* Note numbers                                                        */
/* ------------------------------------------------------------------ */

/* cmark-gfm numbers the notes in the order their citations stand in the
 * source: a definition's citations count where it was typed (above the
 * text, say), and so does a citation in the title, which the model keeps
 * in the metadata. The model numbers notes in reading order: the body's
 * citations first, then those in the notes, note by note
 * (renumber_notes). A note only the title or notes outside that order
 * cite is kept as its paragraphs where it stands, as a note nothing cites
 * is (read_orphan_notes). Both need each note's label, read here from the
 * source: cmark-gfm keeps it to itself. */

typedef struct note_at {
  int number; /* cmark-gfm's note number */
  int line;   /* the body line where its text starts */
  int col;    /* 1-based byte column where its text starts */
} note_at;

static int compare_note_at(const void *a, const void *b)
{
  const note_at *x = a, *y = b;
  return (x->line > y->line) - (x->line < y->line);
}

/* The label of each note cmark-gfm kept (its number's), copied into
 * r->note_names: the "[^label]:" on the line its text starts on, before
 * the text. One pass over body[0..len). */
static void read_note_names(md_reader *r, cmark_node *cdoc, const char *body, size_t len)
{
  int n = count_notes(cdoc), i, line = 1;
  note_at *at;
  cmark_node *c;
  size_t pos = 0;
  if (n == 0)
    return;
  at = galley_xcalloc((size_t)n, sizeof *at);
  r->note_names = galley_xcalloc((size_t)n + 1, sizeof *r->note_names);
  r->note_name_count = n;
  for (c = cmark_node_last_child(cdoc), i = n; i >= 1; c = cmark_node_previous(c), i--) {
    at[i - 1].number = i;
    at[i - 1].line = cmark_node_get_start_line(c);
    at[i - 1].col = cmark_node_get_start_column(c);
  }
  qsort(at, (size_t)n, sizeof *at, compare_note_at);
  for (i = 0; i < n; i++) {
    const char *s, *nl;
    size_t line_len, p;
    while (line < at[i].line && pos < len) {
      nl = memchr(body + pos, '\n', len - pos);
      pos = nl ? (size_t)(nl - body) + 1 : len;
      line++;
    }
    if (line != at[i].line)
      break;
    s = body + pos;
    nl = memchr(s, '\n', len - pos);
    line_len = nl ? (size_t)(nl - s) : len - pos;
    p = at[i].col > 1 && (size_t)at[i].col - 1 < line_len ? (size_t)at[i].col - 1 : line_len;
    /* back to the "]:" closing the label, then to its "[^" */
    while (p >= 2 && !(s[p - 2] == ']' && s[p - 1] == ':'))
      p--;
    if (p >= 2) {
      size_t end = p - 2, q = end;
      while (q >= 2 && !(s[q - 2] == '[' && s[q - 1] == '^'))
        q--;
      if (q >= 2 && end > q) {
        galley_buf b = GALLEY_BUF_INIT;
        galley_clean_string(&b, s + q, end - q);
        r->note_names[at[i].number] = galley_buf_detach(&b, NULL);
      }
    }
  }
  free(at);
}

/* Puts "[^label]: " (as typed) before the first paragraph of `holder`, a
 * FOOTNOTE whose blocks go into the body, and marks that paragraph. */
static void prefix_label(md_reader *r, galley_node *holder, const char *label, size_t len)
{
  galley_node *first = galley_node_first_child(holder), *t;
  galley_buf text = GALLEY_BUF_INIT;
  galley_buf_puts(&text, "[^");
  galley_buf_put(&text, label, len);
  galley_buf_puts(&text, "]: ");
  clean_literal(r, text.ptr, text.len, 0);
  galley_buf_free(&text);
  if (!first || galley_node_get_type(first) != GALLEY_NODE_PARAGRAPH) {
    galley_node *p = galley_node_new(GALLEY_NODE_PARAGRAPH);
    galley_node_set_line(p, galley_node_get_line(holder));
    if (first)
      galley_node_insert_before(first, p);
    else
      galley_node_append_child(holder, p);
    first = p;
  }
  t = galley_node_new(GALLEY_NODE_TEXT);
  galley_node_set_literal(t, r->scratch.ptr, r->scratch.len);
  galley_node_set_line(t, galley_node_get_line(holder));
  if (galley_node_first_child(first))
    galley_node_insert_before(galley_node_first_child(first), t);
  else
    galley_node_append_child(first, t);
  galley_node_set_rule(first, "note-never-cited");
}

/* Numbers the citations under `root` (cmark-gfm's numbers, 1..n) in
 * reading order: a note not numbered yet gets the next number
 * (*io_next), recorded in to_new[old] and order[new]. */
static void number_citations(galley_node *root, int n, int *to_new, int *order, int *io_next)
{
  galley_iter *it = galley_iter_new(root);
  galley_event_type ev;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *g = galley_iter_get_node(it);
    int k;
    if (ev != GALLEY_EVENT_ENTER || galley_node_get_type(g) != GALLEY_NODE_FOOTNOTE_REF)
      continue;
    k = galley_node_get_note_number(g);
    if (k < 1 || k > n)
      continue;
    if (!to_new[k]) {
      to_new[k] = ++*io_next;
      order[*io_next] = k;
    }
    galley_node_set_note_number(g, to_new[k]);
  }
  galley_iter_free(it);
}

/* The citations in a note that goes into the body (`holder`) as text:
 * "[^label]" as typed. */
static void citations_as_text(md_reader *r, galley_node *holder)
{
  galley_iter *it = galley_iter_new(holder);
  galley_event_type ev;
  galley_node **refs = NULL;
  int n = 0, cap = 0, i;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *g = galley_iter_get_node(it);
    if (ev != GALLEY_EVENT_ENTER || galley_node_get_type(g) != GALLEY_NODE_FOOTNOTE_REF)
      continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 8;
      refs = galley_xreallocarray(refs, (size_t)cap, sizeof *refs);
    }
    refs[n++] = g;
  }
  galley_iter_free(it);
  for (i = 0; i < n; i++) {
    int k = galley_node_get_note_number(refs[i]);
    const char *name = k >= 1 && k <= r->note_name_count ? r->note_names[k] : NULL;
    galley_buf b = GALLEY_BUF_INIT;
    galley_node *t = galley_node_new(GALLEY_NODE_TEXT);
    if (name)
      galley_buf_printf(&b, "[^%s]", name);
    else
      galley_buf_printf(&b, "[%d]", k);
    galley_node_set_literal(t, b.ptr, b.len);
    galley_node_set_line(t, galley_node_get_line(refs[i]));
    galley_node_insert_before(refs[i], t);
    galley_node_free(refs[i]);
    galley_buf_free(&b);
  }
  free(refs);
}

/* The rule for numbers (above): the notes in r->notes renumbered in
 * reading order, the citations with them; a note outside that order
 * moved to r->orphans, its citations as text, with a warning. */
static void renumber_notes(md_reader *r)
{
  int n = r->note_count, next = 0, q, k;
  galley_node **notes, *c;
  int *to_new, *order;
  if (n == 0)
    return;
  notes = galley_xcalloc((size_t)n + 1, sizeof *notes);
  to_new = galley_xcalloc((size_t)n + 1, sizeof *to_new);
  order = galley_xcalloc((size_t)n + 1, sizeof *order);
  for (c = galley_node_first_child(r->notes), k = 1; c && k <= n; c = galley_node_next(c), k++)
    notes[k] = c;
  number_citations(galley_doc_get_root(r->doc), n, to_new, order, &next);
  for (q = 1; q <= next; q++)
    if (notes[order[q]])
      number_citations(notes[order[q]], n, to_new, order, &next);
  for (q = 1; q <= next; q++) {
    if (!notes[order[q]])
      continue;
    galley_node_unlink(notes[order[q]]);
    galley_node_set_note_number(notes[order[q]], q);
    galley_node_append_child(r->notes, notes[order[q]]);
  }
  /* what is left before them is cited from nowhere in the text */
  for (k = 1; k <= n; k++) {
    const char *name = r->note_names && k <= r->note_name_count ? r->note_names[k] : NULL;
    if (to_new[k] || !notes[k])
      continue;
    galley_node_unlink(notes[k]);
    citations_as_text(r, notes[k]);
    if (name) {
      prefix_label(r, notes[k], name, strlen(name));
      galley_diag_add(r->diag, galley_node_get_line(notes[k]), 0,
                      "footnote [^%.60s] is cited only from the title or from notes the "
                      "text does not cite; kept as a paragraph where it stands",
                      name);
    } else {
      galley_diag_add(r->diag, galley_node_get_line(notes[k]), 0,
                      "a footnote is cited only from the title or from notes the text "
                      "does not cite; kept as a paragraph where it stands");
    }
    galley_node_append_child(r->orphans, notes[k]);
  }
  free(notes);
  free(to_new);
  free(order);
}

/* ------------------------------------------------------------------ */
/* Enumerated paragraphs                                               */
/* ------------------------------------------------------------------ */

/* Lists of enumerated paragraphs nest at most this deep: (a), (i), (A),
 * (1) and one more is as deep as legal texts go. */
#define ENUM_MAX_DEPTH 6

/* One reading of an enumerator: a numbering style and the number. */
typedef struct enum_reading {
  galley_list_style style;
  int value; /* 1 for "(a)", "(i)", "(1)"; 0 when it counts nothing */
} enum_reading;

/* An enumerated paragraph of a run and where it goes. */
typedef struct enum_para {
  galley_node *para;     /* borrowed */
  text_enum en;          /* its enumerator */
  enum_reading read[2];  /* "(i)" reads as a letter and as a numeral */
  int depth;             /* the list level it joins, 0 outermost */
  int opens;             /* 1 when a new list starts with it */
  enum_reading as;       /* the reading taken */
} enum_para;

/* An open list level while a run is planned. */
typedef struct enum_level {
  galley_list_style style;
  int delim; /* '(' or ')' */
  int last;  /* the number of its last item */
} enum_level;

/* The enumerator opening a paragraph, as the rule "enumerated-paragraphs"
 * takes it: "(a)", "(iv)", "(A)", "(1)", "a)" and "iv)" followed by white
 * space and text, in the paragraph's first text (an escaped "\(a\)" reads
 * the same). "1)" is CommonMark's own list and "a." too often an initial.
 *   accepts: "(ii)  the Secretary of State;"
 *   rejects: "(Reuters) The talks resumed." */
static int para_enumerator(galley_node *para, enum_para *out)
{
  galley_node *t = galley_node_first_child(para);
  const char *lit;
  size_t len;
  text_enum e;
  if (galley_node_get_type(para) != GALLEY_NODE_PARAGRAPH ||
      galley_node_get_type(t) != GALLEY_NODE_TEXT)
    return 0;
  lit = galley_node_get_literal(t, &len);
  if (!text_is_enumerator(lit, len, &e) || e.delim == '.' || (e.delim == ')' && e.digits))
    return 0;
  memset(out, 0, sizeof *out);
  out->para = para;
  out->en = e;
  if (e.digits) {
    out->read[0].style = GALLEY_LIST_DECIMAL;
    out->read[0].value = e.suffix ? 0 : e.decimal; /* "(2a)" counts nothing */
  } else {
    if (e.alpha) {
      out->read[0].style = e.upper ? GALLEY_LIST_UPPER_ALPHA : GALLEY_LIST_LOWER_ALPHA;
      out->read[0].value = e.alpha;
    }
    if (e.roman) {
      out->read[1].style = e.upper ? GALLEY_LIST_UPPER_ROMAN : GALLEY_LIST_LOWER_ROMAN;
      out->read[1].value = e.roman;
    }
  }
  return 1;
}

/* Plans where each paragraph of a run goes, as an editor nests legal
 * provisions: an enumerator that counts on from an open level's last
 * ((b) after (a), (ii) after (i)) joins that level, the innermost first,
 * closing the levels inside it; one that starts a count ((a), (i), (A),
 * (1)) opens a level under the item before it (or in place of an open
 * level of its own style); any other joins the level of its style as
 * written, or starts an outermost list at its own number. Nothing is
 * renumbered. Returns whether the enumerators count: one at least counts
 * on from an open level, and no fewer do than are irregular (joining or
 * starting a list at a number not next in it; the first of the run may
 * follow an "(a)" run in after a heading); else the run stays
 * paragraphs. */
static int plan_enum_run(enum_para *run, int n)
{
  enum_level stack[ENUM_MAX_DEPTH];
  int depth = 0, counted = 0, irregular = 0, k;
  for (k = 0; k < n; k++) {
    enum_para *q = &run[k];
    int d, c, found = 0;
    /* counts on from an open level */
    for (d = depth - 1; d >= 0 && !found; d--)
      for (c = 0; c < 2 && !found; c++)
        if (q->read[c].value && stack[d].delim == q->en.delim &&
            q->read[c].style == stack[d].style && q->read[c].value == stack[d].last + 1) {
          depth = d + 1;
          q->depth = d;
          q->as = q->read[c];
          found = 1;
        }
    if (found) {
      counted++;
    } else {
      /* a count's start: a numeral "i" before the letter, "a" a letter */
      for (c = 1; c >= 0 && !found; c--)
        if (q->read[c].value == 1) {
          q->as = q->read[c];
          found = 1;
        }
      if (found) {
        for (d = depth - 1; d >= 0; d--)
          if (stack[d].style == q->as.style && stack[d].delim == q->en.delim)
            break;
        if (d >= 0)
          depth = d; /* a count of its own style starts again */
        if (depth == ENUM_MAX_DEPTH)
          depth--;
      } else {
        /* irregular: the level of its style, else a list of its own */
        q->as = q->read[0].value ? q->read[0] : q->read[1];
        irregular += k > 0; /* the first may follow one run in before */
        for (d = depth - 1; d >= 0; d--)
          if (stack[d].style == q->as.style && stack[d].delim == q->en.delim)
            break;
        if (d >= 0) {
          depth = d + 1;
          q->depth = d;
          stack[d].last = q->as.value;
          continue;
        }
        depth = 0;
      }
      q->opens = 1;
      q->depth = depth;
      stack[depth].style = q->as.style;
      stack[depth].delim = q->en.delim;
      depth++;
    }
    stack[q->depth].last = q->as.value;
  }
  return counted > 0 && counted >= irregular;
}

/* Builds the lists a planned run makes, in place of its paragraphs: each
 * paragraph moves into an item, its enumerator taken off its text and
 * kept as the item's marker unless the list's numbering writes the same. */
static void build_enum_run(enum_para *run, int n)
{
  galley_node *levels[ENUM_MAX_DEPTH], *last_item[ENUM_MAX_DEPTH];
  int k;
  for (k = 0; k < n; k++) {
    enum_para *q = &run[k];
    galley_node *item, *t = galley_node_first_child(q->para);
    size_t len;
    const char *lit = galley_node_get_literal(t, &len);
    char *marker = galley_xstrndup(lit, q->en.len);
    if (q->opens) {
      galley_node *list = galley_node_new(GALLEY_NODE_LIST);
      galley_node_set_line(list, galley_node_get_line(q->para));
      galley_node_set_rule(list, "enumerated-paragraphs");
      /* paragraphs with blank lines between: a loose list */
      galley_node_set_list(list, 1, q->as.value > 0 ? q->as.value : 1, 0);
      galley_node_set_list_numbering(list, q->as.style,
                                     q->en.delim == '(' ? GALLEY_LIST_PARENS : GALLEY_LIST_PAREN);
      if (q->depth == 0)
        galley_node_insert_before(q->para, list);
      else
        galley_node_append_child(last_item[q->depth - 1], list);
      levels[q->depth] = list;
    }
    item = galley_node_new(GALLEY_NODE_ITEM);
    galley_node_set_line(item, galley_node_get_line(q->para));
    galley_node_set_rule(item, "enumerated-paragraphs");
    galley_node_set_item_marker(item, marker);
    free(marker);
    galley_node_append_child(levels[q->depth], item);
    last_item[q->depth] = item;
    if (len > q->en.marker_len) {
      /* copy: set_literal frees what `lit` points into */
      char *rest = galley_xstrndup(lit + q->en.marker_len, len - q->en.marker_len);
      galley_node_set_literal(t, rest, len - q->en.marker_len);
      free(rest);
    } else {
      galley_node_free(t);
    }
    galley_node_unlink(q->para);
    galley_node_append_child(item, q->para);
  }
  /* a list whose numbering writes every marker as written keeps none */
  for (k = 0; k < n; k++) {
    galley_node *list, *item;
    int number, regular = 1;
    if (!run[k].opens)
      continue;
    list = galley_node_parent(galley_node_parent(run[k].para));
    number = galley_node_get_list_start(list);
    for (item = galley_node_first_child(list); item && regular; item = galley_node_next(item)) {
      char want[24];
      galley_list_format_marker(list, number++, want, sizeof want);
      regular = strcmp(want, galley_node_get_item_marker(item)) == 0;
    }
    for (item = galley_node_first_child(list); item && regular; item = galley_node_next(item))
      galley_node_set_item_marker(item, NULL);
  }
}

/* The rule "enumerated-paragraphs": paragraphs in a row that each open
 * with an enumerator in parentheses (para_enumerator), as legal texts set
 * their provisions, are the items of lists, nested by their counts
 * (plan_enum_run) and keeping every enumerator as written, since other
 * clauses cite them ("section 4(c)(iv)"). A paragraph whose enumerator
 * runs in after other text ("Sec. 3.  Membership.  (a) ...") stays a
 * paragraph.
 *   accepts: "(a)  The Chair shall ...\n\n(b)  The Task Force ..."
 *   rejects: "(c) 2019 Ann Roe\n\n(c) 2021 Bo Lee" (nothing counts on)
 * Runs are looked for among the blocks of the document, of block quotes
 * and of list items (not among the items the rule makes). */
static void enumerated_paragraphs_as_lists(galley_doc *doc)
{
  galley_iter *it = galley_iter_new(galley_doc_get_root(doc));
  galley_event_type ev;
  galley_node **boxes = NULL;
  enum_para *run = NULL;
  size_t nboxes = 0, box_cap = 0, b;
  int run_cap = 0;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *node = galley_iter_get_node(it);
    galley_node_type type = galley_node_get_type(node);
    if (ev != GALLEY_EVENT_ENTER || !(type == GALLEY_NODE_DOCUMENT ||
                                      type == GALLEY_NODE_BLOCK_QUOTE ||
                                      type == GALLEY_NODE_ITEM))
      continue;
    if (nboxes == box_cap) {
      box_cap = box_cap ? 2 * box_cap : 16;
      boxes = galley_xreallocarray(boxes, box_cap, sizeof *boxes);
    }
    boxes[nboxes++] = node;
  }
  galley_iter_free(it);
  for (b = 0; b < nboxes; b++) {
    galley_node *c = galley_node_first_child(boxes[b]);
    while (c) {
      int n = 0;
      enum_para q;
      while (c && para_enumerator(c, &q)) {
        if (n == run_cap) {
          run_cap = run_cap ? 2 * run_cap : 16;
          run = galley_xreallocarray(run, (size_t)run_cap, sizeof *run);
        }
        run[n++] = q;
        c = galley_node_next(c);
      }
      /* c is past the run: building it leaves c where it is */
      if (n >= 2 && plan_enum_run(run, n))
        build_enum_run(run, n);
      if (n == 0)
        c = galley_node_next(c);
    }
  }
  free(run);
  free(boxes);
}

/* ------------------------------------------------------------------ */
/* An enumerator alone on its line                                     */
/* ------------------------------------------------------------------ */

/* Whether two lists count on as one: both ordered alike (style and
 * delimiter), the second starting at the number after the first's last. */
static int lists_count_on(galley_node *a, galley_node *b)
{
  int n = 0;
  galley_node *item;
  if (galley_node_get_type(b) != GALLEY_NODE_LIST || !galley_node_get_list_ordered(a) ||
      !galley_node_get_list_ordered(b) ||
      galley_node_get_list_style(a) != galley_node_get_list_style(b) ||
      galley_node_get_list_delim(a) != galley_node_get_list_delim(b))
    return 0;
  for (item = galley_node_first_child(a); item; item = galley_node_next(item))
    n++;
  return galley_node_get_list_start(b) == galley_node_get_list_start(a) + n;
}

/* The rule "lone-enumerator-item": a numbered clause whose number stands
 * alone on its line ("2.") with its text on the next line, not indented,
 * which CommonMark reads as an empty item and a paragraph after the
 * list, is one item holding that paragraph; and the lists such clauses
 * make, counting on ("1." then "2."), are one list.
 *   accepts: "1.\nApprove the rules.\n\n2.\nThe order comes into force."
 *   rejects: "1. Approve the rules.\n\nThe order comes into force."
 *            (the item has its text: the paragraph after it is not its) */
static void lone_enumerators_as_items(galley_doc *doc)
{
  galley_iter *it = galley_iter_new(galley_doc_get_root(doc));
  galley_event_type ev;
  galley_node **boxes = NULL;
  size_t nboxes = 0, box_cap = 0, b;
  /* the blocks holding lists, first: the tree changes after */
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *node = galley_iter_get_node(it);
    galley_node_type type = galley_node_get_type(node);
    if (ev != GALLEY_EVENT_ENTER || !(type == GALLEY_NODE_DOCUMENT ||
                                      type == GALLEY_NODE_BLOCK_QUOTE ||
                                      type == GALLEY_NODE_ITEM))
      continue;
    if (nboxes == box_cap) {
      box_cap = box_cap ? 2 * box_cap : 16;
      boxes = galley_xreallocarray(boxes, box_cap, sizeof *boxes);
    }
    boxes[nboxes++] = node;
  }
  galley_iter_free(it);
  for (b = 0; b < nboxes; b++) {
    galley_node *list;
    for (list = galley_node_first_child(boxes[b]); list; list = galley_node_next(list)) {
      galley_node *last, *next;
      if (galley_node_get_type(list) != GALLEY_NODE_LIST || !galley_node_get_list_ordered(list))
        continue;
      for (;;) {
        last = galley_node_last_child(list);
        next = galley_node_next(list);
        if (last && !galley_node_first_child(last) &&
            galley_node_get_type(next) == GALLEY_NODE_PARAGRAPH) {
          /* the empty item's text: the paragraph under its number */
          galley_node_unlink(next);
          galley_node_append_child(last, next);
          galley_node_set_rule(last, "lone-enumerator-item");
          continue;
        }
        if (last && galley_node_get_rule(last) &&
            strcmp(galley_node_get_rule(last), "lone-enumerator-item") == 0 &&
            lists_count_on(list, next)) {
          galley_node *item;
          while ((item = galley_node_first_child(next)) != NULL) {
            galley_node_unlink(item);
            galley_node_append_child(list, item);
          }
          galley_node_free(next);
          galley_node_set_list(list, 1, galley_node_get_list_start(list), 0);
          continue;
        }
        break;
      }
    }
  }
  free(boxes);
}

/* ------------------------------------------------------------------ */
/* A sentence across a blank line                                      */
/* ------------------------------------------------------------------ */

/* Whether a paragraph's text is body text leaving its sentence open:
 * longer than a heading (TEXT_HEADING_MAX_CHARS) and ending in a letter
 * or digit, no punctuation after it. */
static int leaves_sentence_open(galley_node *p)
{
  char *text;
  const char *t;
  size_t len;
  int32_t cp = 0;
  int open;
  if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH ||
      galley_node_get_type(galley_node_first_child(p)) == GALLEY_NODE_DATELINE)
    return 0;
  text = galley_node_get_plain_text(p);
  t = text;
  len = strlen(t);
  trim_span(&t, &len);
  if (len > 0)
    text_prev_cp(t, len, &cp);
  open = galley_utf8_count(t, len) > TEXT_HEADING_MAX_CHARS &&
         (galley_utf8_is_letter(cp) || (cp >= '0' && cp <= '9'));
  free(text);
  return open;
}

/* Whether a paragraph ends in an ampersand, a conjunction that ends no
 * sentence and no list of names: what follows the blank line after it
 * is the rest ("... Advisor to the Vice President &" / "Mrs. Rachel
 * Gordon"). */
static int ends_with_ampersand(galley_node *p)
{
  char *text;
  const char *t;
  size_t len;
  int amp;
  if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH)
    return 0;
  text = galley_node_get_plain_text(p);
  t = text;
  len = strlen(t);
  trim_span(&t, &len);
  amp = len > 1 && t[len - 1] == '&';
  free(text);
  return amp;
}

/* Whether a paragraph opens in lower case, as a sentence's rest does. */
static int opens_lowercase(galley_node *p)
{
  galley_node *t = galley_node_first_child(p);
  const char *lit;
  size_t len;
  int32_t cp;
  if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH ||
      galley_node_get_type(t) != GALLEY_NODE_TEXT)
    return 0;
  lit = galley_node_get_literal(t, &len);
  trim_span(&lit, &len);
  if (len == 0)
    return 0;
  text_next_cp(lit, len, 0, &cp);
  return galley_utf8_is_lower(cp);
}

/* The rule "sentence-across-blank-line": a paragraph of body text that
 * leaves its sentence open (leaves_sentence_open) and the paragraph
 * right after it in the same block, opening in lower case, are one
 * paragraph, the blank line between them a slip of the pen (as the
 * plain-text reader joins them).
 * A paragraph that ends in an ampersand (ends_with_ampersand) goes on
 * in the next paragraph whatever its case.
 *   accepts: "... placed at a distance of 5 mm" / "from the emblem, the ..."
 *   accepts: "... to the Vice President &" / "Mrs. Rachel Gordon"
 *   rejects: "... placed at a distance of 5 mm." / "from the emblem ..." */
static void join_sentences_across_blank_lines(galley_doc *doc)
{
  galley_iter *it = galley_iter_new(galley_doc_get_root(doc));
  galley_event_type ev;
  galley_node **boxes = NULL;
  size_t nboxes = 0, box_cap = 0, b;
  /* the blocks holding paragraphs, first: the tree changes after */
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *node = galley_iter_get_node(it);
    galley_node_type type = galley_node_get_type(node);
    if (ev != GALLEY_EVENT_ENTER || !(type == GALLEY_NODE_DOCUMENT ||
                                      type == GALLEY_NODE_BLOCK_QUOTE ||
                                      type == GALLEY_NODE_ITEM))
      continue;
    if (nboxes == box_cap) {
      box_cap = box_cap ? 2 * box_cap : 16;
      boxes = galley_xreallocarray(boxes, box_cap, sizeof *boxes);
    }
    boxes[nboxes++] = node;
  }
  galley_iter_free(it);
  for (b = 0; b < nboxes; b++) {
    galley_node *p;
    for (p = galley_node_first_child(boxes[b]); p; p = galley_node_next(p)) {
      galley_node *next, *c;
      while ((next = galley_node_next(p)) != NULL &&
             ((opens_lowercase(next) && leaves_sentence_open(p)) ||
              (galley_node_get_type(next) == GALLEY_NODE_PARAGRAPH && ends_with_ampersand(p)))) {
        galley_node *space = galley_node_new(GALLEY_NODE_TEXT);
        galley_node_set_literal(space, " ", 1);
        galley_node_set_line(space, galley_node_get_line(next));
        galley_node_append_child(p, space);
        while ((c = galley_node_first_child(next)) != NULL) {
          galley_node_unlink(c);
          galley_node_append_child(p, c);
        }
        galley_node_free(next);
        galley_node_set_rule(p, "sentence-across-blank-line");
      }
    }
  }
  free(boxes);
}

/* ------------------------------------------------------------------ */
/* Standfirst, dateline, end mark                                      */
/* ------------------------------------------------------------------ */

/* A standfirst is at most this long: two sentences under a headline. */
#define STANDFIRST_MAX_CHARS 320
/* A dateline lede is one of the first few paragraphs. */
#define DATELINE_PARAGRAPHS 3

/* Whether a block holds one inline of `type` and nothing else (but
 * white space): a paragraph set wholly in italics. */
static int is_wholly(galley_node *block, galley_node_type type)
{
  galley_node *c, *only = NULL;
  for (c = galley_node_first_child(block); c; c = galley_node_next(c)) {
    if (galley_node_get_type(c) == GALLEY_NODE_TEXT) {
      size_t len;
      const char *t = galley_node_get_literal(c, &len);
      trim_span(&t, &len);
      if (len == 0)
        continue;
    }
    if (only)
      return 0;
    only = c;
  }
  return only && galley_node_get_type(only) == type;
}

/* The rule "italic-standfirst": the first block under the title, a
 * paragraph set wholly in italics and short (STANDFIRST_MAX_CHARS), that
 * does not end as a lead-in (':' ',' ';'), with body text after it, is
 * the standfirst: the subtitle. Not when the front matter gave one.
 *   accepts: "*The new line opens in May, two years early.*" then text
 *   rejects: "*Before you start:*" then a list (a lead-in) */
static void italic_standfirst_as_subtitle(md_reader *r)
{
  galley_node *root = galley_doc_get_root(r->doc);
  galley_node *tb = galley_node_first_child(root), *p, *c;
  char *text;
  const char *t;
  size_t len;
  int32_t last = 0;
  if (galley_node_get_type(tb) != GALLEY_NODE_TITLE_BLOCK ||
      !galley_meta_get(galley_doc_get_meta(r->doc), "title") ||
      galley_meta_get(galley_doc_get_meta(r->doc), "subtitle"))
    return;
  p = galley_node_next(tb);
  if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH || !is_wholly(p, GALLEY_NODE_EMPH) ||
      galley_node_get_type(galley_node_next(p)) != GALLEY_NODE_PARAGRAPH)
    return;
  text = galley_node_get_plain_text(p);
  t = text;
  len = strlen(t);
  trim_span(&t, &len);
  if (len > 0)
    text_prev_cp(t, len, &last);
  if (len == 0 || galley_utf8_count(t, len) > STANDFIRST_MAX_CHARS || last == ':' ||
      last == ',' || last == ';') {
    free(text);
    return;
  }
  {
    galley_buf b = GALLEY_BUF_INIT;
    galley_buf_put(&b, t, len);
    galley_doc_apply_meta(r->doc, "subtitle", galley_buf_cstr(&b), 1);
    galley_buf_free(&b);
  }
  free(text);
  galley_doc_sync_title_block(r->doc);
  for (c = galley_node_first_child(tb); c; c = galley_node_next(c))
    if (galley_node_get_type(c) == GALLEY_NODE_SUBTITLE) {
      galley_node_set_rule(c, "italic-standfirst");
      galley_node_set_line(c, galley_node_get_line(p));
    }
  galley_node_free(p);
}

/* Whether a bold run opening a paragraph names a place, as a dateline in
 * bold does: one to four words, each capitalised or a number ("D.C.",
 * "March 3"), commas between, the first capitalised, no other
 * punctuation at its end.
 *   accepts: "Washington, D.C."
 *   rejects: "Note:" */
static int is_bold_place(const char *s, size_t len)
{
  size_t i = 0;
  int words = 0;
  if (len == 0 || len > TEXT_DATELINE_MAX_BYTES)
    return 0;
  while (i < len) {
    int32_t cp;
    size_t start = i;
    i += text_next_cp(s, len, i, &cp);
    if (!galley_utf8_is_upper(cp) && !(words > 0 && cp >= '0' && cp <= '9'))
      return 0;
    while (i < len && s[i] != ' ' && s[i] != ',') {
      i += text_next_cp(s, len, i, &cp);
      if (!(galley_utf8_is_letter(cp) || (cp >= '0' && cp <= '9') || cp == '.' ||
            cp == '-' || cp == '\'' || cp == 0x2019))
        return 0;
    }
    if (++words > 4 || i == start)
      return 0;
    if (i < len && s[i] == ',')
      i++;
    if (i < len && s[i] == ' ')
      i++;
  }
  return words > 0;
}

/* Whether s opens with a spaced dash ("  – ", " - ", " — ") and then a
 * sentence's start: a capital, a digit or an opening quote (a lede's
 * first sentence, not a label's gloss, "Note – the form ..."). */
static int has_spaced_dash_lede(const char *s, size_t len)
{
  size_t i = 0, n;
  int32_t cp;
  while (i < len && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (i == 0 || i >= len)
    return 0;
  n = text_next_cp(s, len, i, &cp);
  if (!(cp == 0x2013 || cp == 0x2014 || cp == '-'))
    return 0;
  i += n;
  if (i >= len || s[i] != ' ')
    return 0;
  while (i < len && s[i] == ' ')
    i++;
  if (i >= len)
    return 0;
  text_next_cp(s, len, i, &cp);
  return galley_utf8_is_upper(cp) || (cp >= '0' && cp <= '9') || text_is_opening_quote(cp);
}

/* The dateline a paragraph opens with, made its first inline (DATELINE):
 * a wire dateline in capitals ("WASHINGTON – ...", text_has_dateline) or
 * a place in bold before a spaced dash and a sentence
 * ("**Washington, D.C.** – The ...").
 * Returns whether it found one. */
static int mark_dateline(galley_node *p)
{
  galley_node *first = galley_node_first_child(p), *d;
  const char *lit;
  size_t len, off;
  if (galley_node_get_type(first) == GALLEY_NODE_TEXT) {
    char *rest;
    lit = galley_node_get_literal(first, &len);
    if (!text_has_dateline(lit, len, &off))
      return 0;
    d = galley_node_new(GALLEY_NODE_DATELINE);
    galley_node_set_line(d, galley_node_get_line(p));
    galley_node_append_text(d, lit, off);
    /* copy: set_literal frees what `lit` points into */
    rest = galley_xstrndup(lit + off, len - off);
    galley_node_set_literal(first, rest, len - off);
    free(rest);
    galley_node_insert_before(first, d);
    return 1;
  }
  if (galley_node_get_type(first) == GALLEY_NODE_STRONG &&
      galley_node_get_type(galley_node_next(first)) == GALLEY_NODE_TEXT) {
    galley_node *c = galley_node_first_child(first);
    int place;
    if (galley_node_get_type(c) != GALLEY_NODE_TEXT || galley_node_next(c))
      return 0;
    lit = galley_node_get_literal(c, &len);
    place = is_bold_place(lit, len);
    lit = galley_node_get_literal(galley_node_next(first), &len);
    if (!place || !has_spaced_dash_lede(lit, len))
      return 0;
    d = galley_node_new(GALLEY_NODE_DATELINE);
    galley_node_set_line(d, galley_node_get_line(p));
    galley_node_unlink(c);
    galley_node_append_child(d, c);
    galley_node_insert_before(first, d);
    galley_node_free(first);
    return 1;
  }
  return 0;
}

/* The rule "dateline-lede": one of the first DATELINE_PARAGRAPHS
 * paragraphs of the body, before any heading, that opens with a dateline
 * (mark_dateline) is the lede. Only the first such paragraph.
 *   accepts: "WASHINGTON – Today the President announced ..."
 *   rejects: "US – China relations are strained." */
static void dateline_lede(galley_doc *doc)
{
  galley_node *c = galley_node_first_child(galley_doc_get_root(doc));
  int paragraphs = 0;
  for (; c && paragraphs < DATELINE_PARAGRAPHS; c = galley_node_next(c)) {
    galley_node_type t = galley_node_get_type(c);
    if (t == GALLEY_NODE_HEADING)
      return;
    if (t != GALLEY_NODE_PARAGRAPH)
      continue;
    if (mark_dateline(c)) {
      galley_node_set_rule(c, "dateline-lede");
      return;
    }
    paragraphs++;
  }
}

/* ------------------------------------------------------------------ */
/* Bold headings                                                       */
/* ------------------------------------------------------------------ */

/* A paragraph set wholly in bold heads what follows when it is at most
 * this long: a name and an office ("Jane Roe, Nominee for Ambassador
 * Extraordinary and Plenipotentiary to ...") runs past the dozen words of
 * a plain line's heading, the bold saying what its length cannot. */
#define BOLD_HEADING_MAX_WORDS 30
#define BOLD_HEADING_MAX_CHARS 240

/* The rule "bold-paragraph-heading": a top-level paragraph set wholly in
 * bold (underlined or not), of one to BOLD_HEADING_MAX_WORDS words,
 * opening with a capital and without closing punctuation, with body text
 * after it (a paragraph or a list not itself wholly bold) is a heading,
 * as word processors' exports and press releases set a section's or a
 * profile's title: one level under the heading before it.
 *   accepts: "**Jane Roe, Nominee for Ambassador to Italy**" then text
 *   rejects: "**Note:**" then text (a lead-in); "**Minister**" over
 *            "**J. Roe**" (bold over bold: a signature's lines) */
static void bold_paragraphs_as_headings(galley_doc *doc)
{
  galley_node *root = galley_doc_get_root(doc);
  galley_node *p = galley_node_first_child(root), *next;
  int level = 1;
  for (; p; p = next) {
    galley_node *h, *c;
    galley_node_type nt;
    char *text;
    const char *t;
    size_t len;
    int shaped;
    next = galley_node_next(p);
    if (galley_node_get_type(p) == GALLEY_NODE_HEADING) {
      level = galley_node_get_level(p) < 6 ? galley_node_get_level(p) + 1 : 6;
      continue;
    }
    nt = galley_node_get_type(next);
    if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH || !is_wholly(p, GALLEY_NODE_STRONG) ||
        !(nt == GALLEY_NODE_LIST || (nt == GALLEY_NODE_PARAGRAPH &&
                                     !is_wholly(next, GALLEY_NODE_STRONG))))
      continue;
    text = galley_node_get_plain_text(p);
    t = text;
    len = strlen(t);
    trim_span(&t, &len);
    shaped = len > 0 && text_starts_like_heading(t, len) &&
             !text_has_terminal_punctuation(t, len) &&
             text_count_words(t, len, BOLD_HEADING_MAX_WORDS) <= BOLD_HEADING_MAX_WORDS &&
             galley_utf8_count(t, len) <= BOLD_HEADING_MAX_CHARS;
    free(text);
    if (!shaped)
      continue;
    h = galley_node_new(GALLEY_NODE_HEADING);
    galley_node_set_level(h, level);
    galley_node_set_line(h, galley_node_get_line(p));
    galley_node_set_rule(h, "bold-paragraph-heading");
    /* the heading's face is bold already: its words, not the bold */
    for (c = galley_node_first_child(p); c; c = galley_node_next(c))
      if (galley_node_get_type(c) == GALLEY_NODE_STRONG)
        break;
    while (galley_node_first_child(c)) {
      galley_node *k = galley_node_first_child(c);
      galley_node_unlink(k);
      galley_node_append_child(h, k);
    }
    galley_node_insert_before(p, h);
    galley_node_free(p);
  }
}

/* ------------------------------------------------------------------ */
/* Closing signature                                                   */
/* ------------------------------------------------------------------ */

/* A signature as official documents close: a name alone in capitals,
 * two to four words (text_is_name_line) of which one is an initial, a
 * capital and a period, as signers of acts print their names.
 *   accepts: "JANE Q. ROE JR."
 *   rejects: "ALL RIGHTS RESERVED" (no initial) */
static int is_signature_name(const char *s, size_t len)
{
  size_t i;
  if (!text_is_all_caps_line(s, len) || !text_is_name_line(s, len))
    return 0;
  for (i = 0; i + 1 < len; i++)
    if (s[i] >= 'A' && s[i] <= 'Z' && s[i + 1] == '.' && (i == 0 || s[i - 1] == ' ') &&
        (i + 2 == len || s[i + 2] == ' '))
      return 1;
  return 0;
}

/* A signer's position stands over the name on at most this many lines
 * of its own ("Minister of Justice" / "of the Republic of Kazakhstan"). */
#define SIGNATURE_POSITION_LINES 3

/* A top-level paragraph's plain text, trimmed (also of a no-break space
 * after it), in *out; whether it has lines of its own (a LINEBREAK) in
 * *out_lines. Returns the text to free, NULL for another block. */
static char *block_text(galley_node *p, const char **out, size_t *out_len, int *out_lines)
{
  galley_node *c;
  char *text;
  size_t len;
  if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH)
    return NULL;
  *out_lines = 0;
  for (c = galley_node_first_child(p); c; c = galley_node_next(c))
    if (galley_node_get_type(c) == GALLEY_NODE_LINEBREAK)
      *out_lines = 1;
  text = galley_node_get_plain_text(p);
  *out = text;
  len = strlen(text);
  trim_span(out, &len);
  while (len >= 2 && (unsigned char)(*out)[len - 2] == 0xC2 &&
         (unsigned char)(*out)[len - 1] == 0xA0)
    len -= 2; /* a no-break space after the name */
  *out_len = len;
  return text;
}

/* Whether s is a signer's name: in capitals with an initial
 * (is_signature_name) or with initials before or after the surname
 * (text_is_initialled_name). */
static int is_signer_name(const char *s, size_t len)
{
  return is_signature_name(s, len) || text_is_initialled_name(s, len);
}

/* Whether a paragraph is only a signer's name (is_signer_name) on one
 * line, or an office and the name across the page (text_signature_gap).
 *   accepts: "A. Smith", "Minister of Justice      A. Smith"
 *   rejects: "Minister of Justice A. Smith" (no gap: a sentence's words) */
static int is_signer_paragraph(galley_node *p)
{
  const char *s;
  size_t len;
  int lines, sign;
  char *text = block_text(p, &s, &len, &lines);
  if (!text)
    return 0;
  sign = !lines && (is_signer_name(s, len) || text_signature_gap(s, len) > 0);
  free(text);
  return sign;
}

/* Whether a paragraph can be a signer's position over the name: short,
 * opening with a capital, without closing punctuation, as an office is
 * printed (on one line or several).
 *   accepts: "Minister of Justice of the Republic of Kazakhstan"
 *   rejects: "The order comes into force on signing." */
static int is_position_paragraph(galley_node *p)
{
  const char *s;
  size_t len;
  int lines, shaped;
  char *text = block_text(p, &s, &len, &lines);
  if (!text)
    return 0;
  shaped = text_is_heading_shaped(s, len);
  free(text);
  return shaped;
}

/* Whether a paragraph is the place, date and number of an act under
 * its signature: the last block, a short line holding a year.
 *   accepts: "Astana, 12 June 2019, No. 12"
 *   rejects: "Questions go to the city clerk." */
static int is_act_date_paragraph(galley_node *p)
{
  const char *s;
  size_t len, i, digits = 0;
  int lines, year = 0;
  char *text;
  if (galley_node_next(p) || !(text = block_text(p, &s, &len, &lines)))
    return 0;
  for (i = 0; i <= len; i++) {
    if (i < len && s[i] >= '0' && s[i] <= '9') {
      digits++;
      continue;
    }
    year |= digits == 4;
    digits = 0;
  }
  year = year && text_is_short_line(s, len) && !(len > 0 && s[len - 1] == '.');
  free(text);
  return year;
}

/* Whether the signature ends where a block stands: at the end, before
 * the act's place and date (is_act_date_paragraph), or before what opens
 * an annex (a block quote such as an approval stamp, a heading, a rule). */
static int closes_signature(galley_node *next)
{
  galley_node_type t = galley_node_get_type(next);
  return !next || t == GALLEY_NODE_BLOCK_QUOTE || t == GALLEY_NODE_HEADING ||
         t == GALLEY_NODE_THEMATIC_BREAK ||
         (t == GALLEY_NODE_PARAGRAPH && is_act_date_paragraph(next));
}

/* Makes a paragraph a byline of the rule "closing-signature". */
static void paragraph_to_byline(galley_node *p)
{
  galley_node *by = galley_node_new(GALLEY_NODE_BYLINE), *c;
  galley_node_set_line(by, galley_node_get_line(p));
  galley_node_set_rule(by, "closing-signature");
  while ((c = galley_node_first_child(p)) != NULL) {
    galley_node_unlink(c);
    galley_node_append_child(by, c);
  }
  galley_node_insert_before(p, by);
  galley_node_free(p);
}

/* The rule "closing-signature": after body text, a paragraph that is
 * only a signer's name (is_signer_paragraph), at the end of the document
 * or of its main part (closes_signature: an annex follows), is the byline
 * signing it, and so are the position lines right over it
 * (is_position_paragraph, at most SIGNATURE_POSITION_LINES) as letters,
 * orders and decrees print the signer's office over the name (or at the
 * left of the page, the name at the right), and the act's place and date
 * under it (is_act_date_paragraph).
 *   accepts: "... comes into force on signing." / "Minister of Justice" /
 *            "A. Smith" (the last blocks)
 *   rejects: "See also" / "A. Smith" with a paragraph after it */
static void closing_signature_as_byline(galley_doc *doc)
{
  galley_node *root = galley_doc_get_root(doc);
  galley_node *p = galley_node_first_child(root), *next;
  for (; p; p = next) {
    galley_node *top = p, *prev;
    int positions = 0;
    next = galley_node_next(p);
    if (!closes_signature(next) || !is_signer_paragraph(p))
      continue;
    while ((prev = galley_node_previous(top)) != NULL && positions < SIGNATURE_POSITION_LINES &&
           is_position_paragraph(prev)) {
      top = prev;
      positions++;
    }
    /* body text before the signature: else a name under the title */
    prev = galley_node_previous(top);
    if (!prev || galley_node_get_type(prev) == GALLEY_NODE_TITLE_BLOCK)
      continue;
    /* the act's place and date under the signature sign it too */
    if (galley_node_get_type(next) == GALLEY_NODE_PARAGRAPH)
      next = galley_node_next(next);
    while (top != next) {
      galley_node *after = galley_node_next(top);
      paragraph_to_byline(top);
      top = after;
    }
  }
}

/* ------------------------------------------------------------------ */
/* The reader                                                          */
/* ------------------------------------------------------------------ */

galley_doc *galley_read_markdown(const char *text, size_t len,
                                 const galley_read_options *opts,
                                 galley_diag *diag, galley_error *err)
{
  galley_buf clean = GALLEY_BUF_INIT;
  galley_frontmatter fm;
  md_reader r;
  galley_doc *doc = NULL;
  cmark_node *cdoc = NULL;
  cmark_iter *it;
  cmark_event_type ev;
  const char *body;
  size_t body_len;
  galley_read_options given;
  unsigned flags;
  const char *title_rule; /* static: the rule of a title from the file name */
  int i;
  galley_error_clear(err);
  if (opts) {
    if (galley_options_take(&given, sizeof given, opts, "galley_read_options", err) !=
        GALLEY_OK)
      return NULL;
    opts = &given;
  }
  flags = opts ? opts->flags : 0;

  galley_frontmatter_init(&fm);
  memset(&r, 0, sizeof r);
  if (!text && len > 0) {
    galley_error_set(err, GALLEY_ERR_USAGE, 0, "no Markdown text given");
    goto fail;
  }
  galley_clean_input(&clean, text, len, diag); /* UTF-16 and a BOM too */
  body = galley_buf_cstr(&clean);
  body_len = clean.len;
  if (galley_frontmatter_read(body, body_len, &fm, err) != GALLEY_OK)
    goto fail;
  if (fm.present) {
    body += fm.body_offset;
    body_len -= fm.body_offset;
    r.line_offset = fm.body_line - 1;
  } else if (body_len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) {
    body += 3;
    body_len -= 3;
  }

  doc = galley_doc_new();
  galley_frontmatter_apply(&fm, doc);
  /* A key no edition uses is kept but named, once, where it is written:
   * a misspelt `auther:` must not vanish in silence. */
  for (i = 0; i < fm.count; i++)
    if (fm.items[i].list_index <= 0 && !galley_meta_is_known_key(fm.items[i].key))
      galley_diag_add(diag, fm.items[i].line, 0,
                      "front matter: unknown key '%s'; no edition uses it",
                      fm.items[i].key);
  r.doc = doc;
  r.diag = diag;
  r.flags = flags;
  r.cur = galley_doc_get_root(doc);
  r.notes = galley_node_new(GALLEY_NODE_DOCUMENT);
  r.orphans = galley_node_new(GALLEY_NODE_DOCUMENT);
  r.last_line = r.line_offset + 1;

  {
    /* cmark allocates through galley's allocator: its default one prints
     * its own message and aborts, where galley's reaches the program's
     * fatal handler (galley.h). Every cmark call on this tree, freeing
     * and iterating included, uses the allocator the parser was given. */
    cmark_parser *parser = new_parser();
    cmark_parser_feed(parser, body, body_len);
    cdoc = cmark_parser_finish(parser);
    cmark_parser_free(parser);
  }
  if (!cdoc) {
    galley_error_set(err, GALLEY_ERR_INTERNAL, 0, "cmark could not parse the document");
    goto fail;
  }
  decide_title(&r, cdoc, flags);
  mend_inlines(cdoc);
  keep_long_rows(&r, cdoc, body, body_len);
  read_note_names(&r, cdoc, body, body_len);
  read_orphan_notes(&r, body, body_len, cdoc);
  /* cmark holds its own copy now: the cleaned text goes before the model
   * is built, so peak memory holds one copy of the input less. */
  galley_buf_free(&clean);
  body = NULL;
  it = cmark_iter_new(cdoc);
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *cn = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER && cmark_node_parent(cn) == cdoc &&
        cmark_node_previous(cn)) {
      /* The top-level block before this one is in the model now: freeing
       * it as we go keeps cmark's tree and the model from both holding
       * the whole input (a 16 MB book peaks 28 MB lower). The iterator
       * holds only the current node; title_heading, tagline and
       * title_line_para are only compared. */
      cmark_node_free(cmark_node_previous(cn));
    }
    if (ev == CMARK_EVENT_ENTER)
      enter(&r, it, cn);
    else
      leave(&r, cn);
  }
  cmark_iter_free(it);
  renumber_notes(&r);
  place_orphan_notes(&r);
  enumerated_paragraphs_as_lists(doc);
  lone_enumerators_as_items(doc);
  join_sentences_across_blank_lines(doc);
  closing_signature_as_byline(doc);
  bold_paragraphs_as_headings(doc);
  dateline_lede(doc);
  /* the notes close the document, after the body's rules have run */
  while (galley_node_first_child(r.notes)) {
    galley_node *note = galley_node_first_child(r.notes);
    galley_node_unlink(note);
    galley_node_append_child(galley_doc_get_root(doc), note);
  }

  /* a text that declares no language: its letters may tell (an untitled
   * article's word is in it) */
  galley_doc_guess_language(doc);
  if (!r.title_from_heading && !(flags & GALLEY_OPT_NO_TITLE) &&
      !galley_meta_get(galley_doc_get_meta(doc), "title") &&
      (title_rule = galley_title_apply_file_name(doc, opts ? opts->file_name : NULL,
                                                 NULL, diag)) != NULL) {
    /* title.h: the file name made readable, or "Untitled" for a hash */
    galley_doc_sync_title_block(doc);
    mark_title(&r, GALLEY_NODE_TITLE, title_rule, 0);
  } else {
    galley_doc_sync_title_block(doc);
    if (r.title_from_heading)
      mark_title(&r, GALLEY_NODE_TITLE,
                 r.title_line_para ? "first-line-as-title" : "first-h1-as-title",
                 r.title_line);
    /* a headline the text gave: a standfirst may stand under it */
    if (!(flags & GALLEY_OPT_NO_TITLE))
      italic_standfirst_as_subtitle(&r);
  }
  if (r.tagline)
    mark_title(&r, GALLEY_NODE_SUBTITLE, "tagline-as-subtitle", r.tagline_line);
  goto done;

fail:
  galley_doc_free(doc);
  doc = NULL;
done:
  if (cdoc) /* cmark_node_free does not accept NULL */
    cmark_node_free(cdoc);
  galley_frontmatter_free(&fm);
  galley_node_free(r.notes);
  galley_node_free(r.orphans);
  if (r.note_names) {
    int k;
    for (k = 0; k <= r.note_name_count; k++)
      free(r.note_names[k]);
    free(r.note_names);
  }
  galley_buf_free(&r.scratch);
  galley_buf_free(&clean);
  return doc;
}
