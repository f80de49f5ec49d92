/* markdown.c: galley_read_markdown, CommonMark with GitHub's extensions
 * (through cmark-gfm: tables, footnotes, strikethrough, autolinks, task
 * lists) and a YAML-style front-matter block, into the document model.
 * This file holds the entry point, the order of its passes, cmark's
 * set-up and the helpers every pass shares; the passes have files of
 * their own, sharing markdown_private.h: before the walk the title
 * (markdown_title.c), mended inlines (markdown_mend.c), long table rows
 * (markdown_table.c) and the notes' labels (markdown_notes.c); the walk
 * (markdown_walk.c), keeping raw HTML and other Markdowns as text
 * (markdown_foreign.c); after it the notes' numbers, paragraphs that are
 * lists (markdown_enum.c) and an article's parts (markdown_article.c).
 * The markdown*.c files are the only ones that include <cmark-gfm.h>.
 *
 * The input is cleaned first (clean.h, shared with the text reader:
 * UTF-16 converted, a BOM dropped, invalid UTF-8, NUL and control
 * characters made U+FFFD with warnings naming line and column), the front
 * matter read (frontmatter.h), and the rest parsed by cmark with source
 * positions (a text of over a megabyte in parts, each parsed, walked and
 * freed before the next, where that gives the same model:
 * markdown_chunk.c). cmark's tree is then walked once with cmark_iter, which needs
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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../galley.h"
#include "../util/alloc.h"
#include "../util/error.h"
#include "../util/options.h"
#include "../util/parallel.h"
#include "clean.h"
#include "frontmatter.h"
#include "markdown_private.h"
#include "reader.h"
#include "title.h"

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

/* The allocator above, for the nodes the passes make (borrowed; static,
 * never written). */
cmark_mem *md_get_allocator(void)
{
  return &cmark_allocator;
}

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

/* cmark-gfm 0.29 keeps the special characters of its inline extensions
 * (~ of struck text; : and w of autolinks) in process-wide tables, which
 * cmark_parser_finish sets before it parses a document's inlines and
 * clears after: two documents finished at once, on two threads, could
 * each lose the other's marks half-way. So every finish holds this lock,
 * and Markdown read on several threads of a program (docs/library.md,
 * "Threads") gives what it gives alone. */
static pthread_mutex_t cmark_finish_lock = PTHREAD_MUTEX_INITIALIZER;

/* cmark's tree of s[0..len), parsed with source positions, footnotes and
 * gfm_extensions, through galley's allocator (every cmark call on the
 * tree, freeing and iterating included, uses it); NULL when cmark gives
 * none. No CMARK_OPT_SMART: quotes and dashes are set for both readers
 * alike, by language, by galley_doc_smarten (model/smart.c). */
cmark_node *md_parse(const char *s, size_t len)
{
  cmark_parser *parser;
  cmark_node *cdoc;
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
  cmark_parser_feed(parser, s, len);
  pthread_mutex_lock(&cmark_finish_lock);
  cdoc = cmark_parser_finish(parser);
  pthread_mutex_unlock(&cmark_finish_lock);
  cmark_parser_free(parser);
  return cdoc;
}

/* The model line of a cmark node, or the last line seen when cmark gives
 * none (soft breaks carry no position). */
int md_node_line(md_reader *r, cmark_node *cn)
{
  int line = cmark_node_get_start_line(cn);
  if (line > 0)
    r->last_line = line + r->line_offset;
  return r->last_line;
}

/* Cleans `len` bytes of `s` (from cmark: entities such as "&#1;" decode to
 * characters XML forbids) into r->scratch, warning at `line` if anything
 * was replaced. Returns the cleaned bytes (borrowed until the next call). */
const char *md_clean_literal(md_reader *r, const char *s, size_t len, int line)
{
  galley_buf_clear(&r->scratch);
  if (galley_clean_string(&r->scratch, s, len) > 0)
    galley_diag_add(r->diag, line, 0,
                    "a character reference to a character XML forbids was "
                    "replaced with U+FFFD");
  return galley_buf_cstr(&r->scratch);
}

int md_is_ascii_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Narrows the span *s, *len to leave out ASCII space at both ends. */
void md_trim_span(const char **s, size_t *len)
{
  while (*len && md_is_ascii_space((*s)[*len - 1]))
    (*len)--;
  while (*len && md_is_ascii_space(**s))
    (*s)++, (*len)--;
}

size_t md_line_length(const char *body, size_t len, size_t at)
{
  const char *s = body + at, *nl = memchr(s, '\n', len - at), *cr;
  size_t n = nl ? (size_t)(nl - s) : len - at;
  cr = memchr(s, '\r', n);
  return cr ? (size_t)(cr - s) : n;
}

size_t md_next_line(const char *body, size_t len, size_t at)
{
  size_t e = at + md_line_length(body, len, at);
  if (e < len && body[e] == '\r')
    e++;
  if (e < len && body[e] == '\n')
    e++;
  return e;
}

/* Whether a node of type `t` may hold, at any depth, a BLOCK_QUOTE or an
 * ITEM: these stand only in DOCUMENT, BLOCK_QUOTE, ITEM, FOOTNOTE and
 * LIST (galley_node_can_contain). */
static int may_hold_holders(galley_node_type t)
{
  return t == GALLEY_NODE_DOCUMENT || t == GALLEY_NODE_BLOCK_QUOTE ||
         t == GALLEY_NODE_ITEM || t == GALLEY_NODE_FOOTNOTE || t == GALLEY_NODE_LIST;
}

/* The first of `n` and its next siblings that may hold holders, or NULL. */
static galley_node *next_holding(galley_node *n)
{
  while (n && !may_hold_holders(galley_node_get_type(n)))
    n = galley_node_next(n);
  return n;
}

/* The blocks of `doc` that hold blocks (the document, block quotes, list
 * items), in document order, for the rules after the walk, which change
 * the tree and so gather them first. Writes their count to *out_count;
 * caller frees the array (the nodes are borrowed). */
galley_node **md_block_holders(galley_doc *doc, size_t *out_count)
{
  galley_node *root = galley_doc_get_root(doc), *node = root;
  galley_node **boxes = NULL;
  size_t nboxes = 0, box_cap = 0;
  /* In document order, going down only where a holder may be: not into
   * paragraphs, headings and tables, whose inlines are most of a book's
   * nodes (this ran over all of them, three passes a document). */
  while (node) {
    galley_node_type type = galley_node_get_type(node);
    galley_node *down;
    if (type == GALLEY_NODE_DOCUMENT || type == GALLEY_NODE_BLOCK_QUOTE ||
        type == GALLEY_NODE_ITEM) {
      if (nboxes == box_cap) {
        box_cap = box_cap ? 2 * box_cap : 16;
        boxes = galley_xreallocarray(boxes, box_cap, sizeof *boxes);
      }
      boxes[nboxes++] = node;
    }
    if ((down = next_holding(galley_node_first_child(node))) != NULL) {
      node = down;
      continue;
    }
    while (node != root) {
      galley_node *side = next_holding(galley_node_next(node));
      if (side) {
        node = side;
        break;
      }
      node = galley_node_parent(node);
    }
    if (node == root)
      break;
  }
  *out_count = nboxes;
  return boxes;
}

/* Appends `g` to the current node; if the model does not allow it there,
 * frees it and returns 0. */
int md_append(md_reader *r, galley_node *g)
{
  if (galley_node_append_child(r->cur, g))
    return 1;
  galley_node_free(g);
  return 0;
}

void md_append_text(md_reader *r, const char *s, size_t len, int line)
{
  galley_node *t, *last = galley_node_last_child(r->cur);
  if (r->dropped_inline && last && galley_node_get_type(last) == GALLEY_NODE_TEXT) {
    /* "a <!-- x --> b" reads "a b", not "a  b" */
    size_t n;
    const char *prev = galley_node_get_literal(last, &n);
    if (n > 0 && md_is_ascii_space(prev[n - 1]))
      while (len > 0 && md_is_ascii_space(*s))
        s++, len--;
  }
  r->dropped_inline = 0;
  if (len == 0)
    return;
  t = galley_node_append_text(r->cur, s, len);
  if (t && galley_node_get_line(t) == 0)
    galley_node_set_line(t, line);
}

/* ------------------------------------------------------------------ */
/* The reader                                                          */
/* ------------------------------------------------------------------ */

/* A text longer than this is read in parts of at least this many bytes
 * (markdown_chunk.c), so that cmark holds one part at a time; half as
 * many when the next part is parsed while the last is walked
 * (part_reading), so that the two hold what one did. */
#define MD_PART_BYTES ((size_t)1 << 20)

static size_t part_bytes(void)
{
  return galley_thread_count(0, GALLEY_PARALLEL_MAX) > 1 ? MD_PART_BYTES / 2 : MD_PART_BYTES;
}

/* Walks cmark's tree into the model, freeing each top-level block once
 * the next begins: cmark's tree and the model do not both hold the whole
 * text (a 16 MB book peaks 28 MB lower). The iterator holds only the
 * current node; title_heading, tagline and title_line_para are only
 * compared. */
static void walk_tree(md_reader *r, cmark_node *cdoc)
{
  cmark_iter *it = cmark_iter_new(cdoc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *cn = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER && cmark_node_parent(cn) == cdoc && cmark_node_previous(cn))
      cmark_node_free(cmark_node_previous(cn));
    if (ev == CMARK_EVENT_ENTER)
      md_enter(r, it, cn);
    else
      md_leave(r, cn);
  }
  cmark_iter_free(it);
}

/* Whether a part's tree ends where the whole text's would end every
 * block: not in a fenced code block or raw HTML that the next part's
 * lines might have continued (markdown_chunk.c). */
static int part_ends_cleanly(cmark_node *cdoc)
{
  cmark_node *last = cmark_node_last_child(cdoc);
  int len, offset;
  char c;
  if (!last)
    return 1;
  if (cmark_node_get_type(last) == CMARK_NODE_HTML_BLOCK)
    return 0;
  return cmark_node_get_type(last) != CMARK_NODE_CODE_BLOCK ||
         !cmark_node_get_fenced(last, &len, &offset, &c);
}

/* cmark's tree of body[from..to). */
static cmark_node *parse_part(const char *body, size_t from, size_t to)
{
  return md_parse(body + from, to - from);
}

/* A long text read in parts (markdown_chunk.c). With more than one
 * thread, the calling thread parses the parts while a thread of its own
 * walks each into the model as soon as it is parsed, one part behind
 * (parsing on two threads would gain little: cmark_parser_finish, most
 * of the parse, runs one at a time, see md_parse), and the model is made
 * by one thread, in order. cmark's trees are made and freed on the
 * calling thread's heap, as when read on one thread, so that the memory
 * they leave is there for what comes after. */
typedef struct part_reading {
  md_reader *r;           /* borrowed */
  const char *body;       /* borrowed */
  const md_parts *plan;   /* borrowed */
  unsigned flags;
  int base;               /* the reader's line offset before the parts */
  md_headings seen;       /* the headings the walk met */
  int ok;                 /* 0: the text must be read whole (walk_part) */
  cmark_node **trees;     /* owned: each part's tree until walked */
  int parsed;             /* trees[0..parsed) were set */
  int taken;              /* parts the walk has taken */
  pthread_mutex_t lock;   /* guards trees, parsed, taken, ok */
  pthread_cond_t cond;    /* signalled when any of them change */
} part_reading;

static size_t part_from(const md_parts *plan, int k)
{
  return k > 0 ? plan->ends[k - 1] : 0;
}

/* Walks part k's tree `cdoc` into the model and frees it. Returns 0 when
 * the text must be read whole instead: the part ended inside a block
 * (not the last), or the first has fewer than three blocks (the title
 * rules look two blocks past the first). */
static int walk_part(part_reading *pr, int k, cmark_node *cdoc)
{
  md_reader *r = pr->r;
  const md_parts *plan = pr->plan;
  size_t from = part_from(plan, k), to = plan->ends[k];
  if (!cdoc)
    return 0;
  if ((k + 1 < plan->count && !part_ends_cleanly(cdoc)) ||
      (k == 0 && !(cmark_node_first_child(cdoc) &&
                   cmark_node_next(cmark_node_first_child(cdoc)) &&
                   cmark_node_next(cmark_node_next(cmark_node_first_child(cdoc)))))) {
    cmark_node_free(cdoc);
    return 0;
  }
  md_count_headings(cdoc, k == 0 ? cmark_node_first_child(cdoc) : NULL, &pr->seen);
  r->line_offset = pr->base + (k > 0 ? plan->lines[k - 1] : 0);
  if (k == 0)
    md_decide_title(r, cdoc, pr->flags, &plan->headings);
  md_mend_inlines(cdoc);
  md_keep_long_rows(r, cdoc, pr->body + from, to - from);
  walk_tree(r, cdoc);
  cmark_node_free(cdoc);
  /* the first part's nodes are gone: nothing later is one of them */
  r->title_heading = r->tagline = r->title_line_para = NULL;
  return 1;
}

/* The walking thread: each part as it is parsed, until the last or one
 * that means reading whole. */
static void *walk_main(void *arg)
{
  part_reading *pr = arg;
  int k, ok = 1;
  for (k = 0; k < pr->plan->count && ok; k++) {
    cmark_node *t;
    pthread_mutex_lock(&pr->lock);
    while (pr->parsed <= k)
      pthread_cond_wait(&pr->cond, &pr->lock);
    t = pr->trees[k];
    pr->trees[k] = NULL;
    pr->taken = k + 1;
    pthread_cond_broadcast(&pr->cond);
    pthread_mutex_unlock(&pr->lock);
    ok = walk_part(pr, k, t);
  }
  pthread_mutex_lock(&pr->lock);
  pr->ok = ok;
  pr->taken = pr->plan->count; /* no more parts wanted */
  pthread_cond_broadcast(&pr->cond);
  pthread_mutex_unlock(&pr->lock);
  return NULL;
}

/* Reads the parts with a walking thread; 0 when it cannot start. */
static int read_parts_beside(part_reading *pr)
{
  pthread_t id;
  int k;
  pthread_mutex_init(&pr->lock, NULL);
  pthread_cond_init(&pr->cond, NULL);
  pr->trees = galley_xcalloc((size_t)pr->plan->count, sizeof *pr->trees);
  if (pthread_create(&id, NULL, walk_main, pr) != 0) {
    free(pr->trees);
    pthread_cond_destroy(&pr->cond);
    pthread_mutex_destroy(&pr->lock);
    return 0;
  }
  for (k = 0; k < pr->plan->count; k++) {
    cmark_node *t;
    pthread_mutex_lock(&pr->lock);
    while (k > pr->taken) /* one part ahead of the walk */
      pthread_cond_wait(&pr->cond, &pr->lock);
    if (pr->taken == pr->plan->count) { /* the walk has ended early */
      pthread_mutex_unlock(&pr->lock);
      break;
    }
    pthread_mutex_unlock(&pr->lock);
    t = parse_part(pr->body, part_from(pr->plan, k), pr->plan->ends[k]);
    pthread_mutex_lock(&pr->lock);
    pr->trees[k] = t;
    pr->parsed = k + 1;
    pthread_cond_broadcast(&pr->cond);
    pthread_mutex_unlock(&pr->lock);
  }
  if (k < pr->plan->count) { /* stopped early: the walk waits for none */
    pthread_mutex_lock(&pr->lock);
    pr->parsed = pr->plan->count;
    pthread_cond_broadcast(&pr->cond);
    pthread_mutex_unlock(&pr->lock);
  }
  pthread_join(id, NULL);
  for (k = 0; k < pr->plan->count; k++)
    if (pr->trees[k])
      cmark_node_free(pr->trees[k]);
  free(pr->trees);
  pthread_cond_destroy(&pr->cond);
  pthread_mutex_destroy(&pr->lock);
  return 1;
}

/* Reads body[0..len) into the model in the parts `plan` gives, each
 * parsed, walked and freed in turn (part_reading). Returns 1 when read; 0
 * when the text must be read whole instead (a part ended inside a block,
 * or the headings were not those the scan counted, on which the title
 * rules were decided): the model then holds part of the text, to be
 * thrown away. */
static int read_in_parts(md_reader *r, const char *body, const md_parts *plan, unsigned flags)
{
  part_reading pr;
  int k;
  memset(&pr, 0, sizeof pr);
  pr.r = r;
  pr.body = body;
  pr.plan = plan;
  pr.flags = flags;
  pr.base = r->line_offset;
  pr.seen.top = 7;
  pr.ok = 1;
  if (plan->count < 2 || galley_thread_count(0, GALLEY_PARALLEL_MAX) < 2 ||
      !read_parts_beside(&pr))
    for (k = 0; k < plan->count && pr.ok; k++)
      pr.ok = walk_part(&pr, k, parse_part(body, part_from(plan, k), plan->ends[k]));
  r->line_offset = pr.base;
  return pr.ok && pr.seen.h1_count == plan->headings.h1_count &&
         pr.seen.top == plan->headings.top;
}

/* Frees what the reader owns. */
static void reader_free(md_reader *r)
{
  galley_node_free(r->notes);
  galley_node_free(r->orphans);
  if (r->note_names) {
    int k;
    for (k = 0; k <= r->note_name_count; k++)
      free(r->note_names[k]);
    free(r->note_names);
  }
  galley_buf_free(&r->scratch);
  memset(r, 0, sizeof *r);
}

galley_doc *galley_read_markdown(const char *text, size_t len,
                                 const galley_read_options *opts,
                                 galley_diag *diag, galley_error *err)
{
  return md_read_markdown(text, len, NULL, opts, diag, err, part_bytes(), NULL);
}

galley_doc *galley_read_markdown_taking(char *text, size_t len,
                                        const galley_read_options *opts,
                                        galley_diag *diag, galley_error *err)
{
  return md_read_markdown(text, len, text, opts, diag, err, part_bytes(), NULL);
}

/* galley_read_markdown, reading a text longer than `part` bytes in parts
 * of at least `part` (0: whole); *parts_read, when not NULL, is set to the
 * number of parts the text was read in (1: whole). `owned`, when not
 * NULL, is `text`, freed here once its cleaned copy is made. */
galley_doc *md_read_markdown(const char *text, size_t len, char *owned,
                             const galley_read_options *opts,
                             galley_diag *diag, galley_error *err, size_t part,
                             int *parts_read)
{
  galley_buf clean = GALLEY_BUF_INIT;
  galley_frontmatter fm;
  md_reader r;
  md_parts plan;
  galley_doc *doc = NULL;
  cmark_node *cdoc = NULL;
  const char *body;
  size_t body_len;
  galley_read_options given;
  unsigned flags;
  const char *title_rule; /* static: the rule of a title from the file name */
  int i, diag_mark, in_parts;
  if (!galley_read_options_take(&opts, &given, err)) {
    free(owned);
    return NULL;
  }
  flags = opts ? opts->flags : 0;

  galley_frontmatter_init(&fm);
  memset(&r, 0, sizeof r);
  memset(&plan, 0, sizeof plan);
  if (!text && len > 0) {
    galley_error_set(err, GALLEY_ERR_USAGE, 0, "no Markdown text given");
    goto fail;
  }
  galley_clean_input(&clean, text, len, diag); /* UTF-16 and a BOM too */
  free(owned); /* a long text's bytes are not held twice */
  owned = NULL;
  text = NULL;
  body = galley_buf_cstr(&clean);
  body_len = clean.len;
  if (galley_frontmatter_read(body, body_len, &fm, err) != GALLEY_OK)
    goto fail;
  if (fm.present) {
    body += fm.body_offset;
    body_len -= fm.body_offset;
  } else if (body_len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) {
    body += 3;
    body_len -= 3;
  }
  in_parts = md_plan_parts(body, body_len, part, &plan);
  if (parts_read)
    *parts_read = 1;
  diag_mark = galley_diag_get_count(diag);

again:
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
  r.line_offset = fm.present ? fm.body_line - 1 : 0;
  r.cur = galley_doc_get_root(doc);
  r.notes = galley_node_new(GALLEY_NODE_DOCUMENT);
  r.orphans = galley_node_new(GALLEY_NODE_DOCUMENT);
  r.last_line = r.line_offset + 1;

  if (in_parts) {
    /* A long text, read part by part: cmark holds one at a time. The
     * text has no footnotes (markdown_chunk.c), so there are no notes'
     * labels to read. */
    if (!read_in_parts(&r, body, &plan, flags)) {
      /* read whole, the model so far and its warnings unsaid */
      galley_diag_truncate(diag, diag_mark);
      reader_free(&r);
      galley_doc_free(doc);
      doc = NULL;
      in_parts = 0;
      goto again;
    }
    if (parts_read)
      *parts_read = plan.count;
  } else {
    /* cmark allocates through galley's allocator: its default one prints
     * its own message and aborts, where galley's reaches the program's
     * fatal handler (galley.h). */
    cdoc = md_parse(body, body_len);
    if (!cdoc) {
      galley_error_set(err, GALLEY_ERR_INTERNAL, 0, "cmark could not parse the document");
      goto fail;
    }
    md_decide_title(&r, cdoc, flags, NULL);
    md_mend_inlines(cdoc);
    md_keep_long_rows(&r, cdoc, body, body_len);
    md_read_note_names(&r, cdoc, body, body_len);
    md_read_orphan_notes(&r, body, body_len, cdoc);
    /* cmark holds its own copy now: the cleaned text goes before the model
     * is built, so peak memory holds one copy of the input less. */
    galley_buf_free(&clean);
    body = NULL;
    walk_tree(&r, cdoc);
  }
  md_renumber_notes(&r);
  md_place_orphan_notes(&r);
  md_enumerated_paragraphs_as_lists(doc);
  md_lone_enumerators_as_items(doc);
  md_join_sentences_across_blank_lines(doc);
  md_closing_signature_as_byline(doc);
  md_transcript_time_lines(doc);
  md_bold_paragraphs_as_headings(doc);
  md_dateline_lede(doc);
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
    md_mark_title(&r, GALLEY_NODE_TITLE, title_rule, 0);
  } else {
    galley_doc_sync_title_block(doc);
    if (r.title_from_heading)
      md_mark_title(&r, GALLEY_NODE_TITLE,
                 r.title_from_line ? "first-line-as-title" : "first-h1-as-title",
                 r.title_line);
    /* a headline the text gave: a standfirst may stand under it */
    if (!(flags & GALLEY_OPT_NO_TITLE)) {
      md_italic_standfirst_as_subtitle(&r);
      md_header_lines(&r);
    }
  }
  if (r.has_tagline)
    md_mark_title(&r, GALLEY_NODE_SUBTITLE, "tagline-as-subtitle", r.tagline_line);
  goto done;

fail:
  galley_doc_free(doc);
  doc = NULL;
done:
  if (cdoc) /* cmark_node_free does not accept NULL */
    cmark_node_free(cdoc);
  free(owned);
  galley_frontmatter_free(&fm);
  md_parts_free(&plan);
  reader_free(&r);
  galley_buf_free(&clean);
  return doc;
}
