/* epub_plan.c: the plan of the EPUB, made before anything is written,
 * and the lookups the renderers make in it.
 *
 * The plan says which top-level blocks go into which content document
 * (chapter-0001.xhtml, ...), after which document each note goes and
 * which reference it links back to (plan_notes; the notes are never part
 * of the flow), every heading's anchor id and document, every image
 * loaded from the resource directory (path checked, format sniffed, size
 * read), and where the print edition's pages begin when a page map is
 * given (plan_pages). epub_fail keeps the writer's sticky status.
 *
 * Splitting: an article of up to EPUB_SPLIT_BYTES of text stays in one
 * content document (title page at its head). A longer one starts a new
 * document at every heading of the top level (the smallest heading level
 * among the document's top-level blocks), with the title page and any
 * text before the first such heading in the first document; sections
 * shorter than EPUB_CHAPTER_MIN_BYTES share a document with the next;
 * and no document grows past EPUB_CHAPTER_MAX_BYTES of text, headings or
 * not. */
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/error.h"
#include "../util/utf8.h"
#include "../model/cover.h"
#include "epub_private.h"

galley_status epub_fail(epub_ctx *ctx, galley_status code, int line,
                        const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  code = galley_fail_first(&ctx->status, ctx->err, code, line, fmt, ap);
  va_end(ap);
  return code;
}

/* ---- node lookups --------------------------------------------------- */

static int ref_cmp(const void *a, const void *b)
{
  uintptr_t x = (uintptr_t)((const epub_ref *)a)->node;
  uintptr_t y = (uintptr_t)((const epub_ref *)b)->node;
  return x < y ? -1 : x > y;
}

void epub_ref_sort(epub_ref *refs, int count)
{
  if (count > 1)
    qsort(refs, (size_t)count, sizeof *refs, ref_cmp);
}

int epub_ref_find(const epub_ref *refs, int count, const galley_node *node)
{
  epub_ref key, *hit;
  if (count <= 0)
    return -1;
  key.node = node;
  key.index = 0;
  hit = bsearch(&key, refs, (size_t)count, sizeof key, ref_cmp);
  return hit ? hit->index : -1;
}

static int anchor_cmp(const void *a, const void *b)
{
  return strcmp(((const epub_anchor *)a)->id, ((const epub_anchor *)b)->id);
}

int epub_find_anchor(const epub_ctx *ctx, const char *id, size_t len)
{
  epub_anchor key, *hit;
  char *s;
  if (!ctx->anchors || ctx->heading_count == 0)
    return -1;
  s = galley_xstrndup(id, len);
  key.id = s;
  key.chapter = 0;
  hit = bsearch(&key, ctx->anchors, (size_t)ctx->heading_count, sizeof key,
                anchor_cmp);
  free(s);
  return hit ? hit->chapter : -1;
}

/* ---- the plan -------------------------------------------------------- */

/* Returns `items` (an array of `count` elements of `size` bytes) with
 * room for one more, doubling its capacity *cap as needed (so 100,000
 * headings cost 13 reallocations, not 100,000). */
static void *grow(void *items, int *cap, int count, size_t size)
{
  if (count < *cap)
    return items;
  *cap = *cap ? 2 * *cap : 16;
  return galley_xreallocarray(items, (size_t)*cap, size);
}

/* Bytes of text in the subtree at `node`. */
static size_t text_bytes(galley_node *node)
{
  galley_iter *it = galley_iter_new(node);
  galley_event_type ev;
  size_t n = 0;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    size_t len = 0;
    if (ev == GALLEY_EVENT_ENTER &&
        galley_node_get_literal(galley_iter_get_node(it), &len))
      n += len;
  }
  galley_iter_free(it);
  return n;
}

/* Plain text on one line: runs of white space become one space. */
static char *one_line_text(const galley_node *node)
{
  char *t = galley_node_get_plain_text(node);
  char *r = t, *w = t;
  int space = 0;
  for (; *r; r++) {
    if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
      space = w > t;
      continue;
    }
    if (space)
      *w++ = ' ';
    space = 0;
    *w++ = *r;
  }
  *w = '\0';
  return t;
}

static int is_note(const galley_node *n)
{
  return galley_node_get_type(n) == GALLEY_NODE_FOOTNOTE;
}

static epub_chapter *add_chapter(epub_ctx *ctx, galley_node *first)
{
  epub_chapter *ch;
  ctx->chapters = grow(ctx->chapters, &ctx->chapter_cap, ctx->chapter_count,
                       sizeof *ctx->chapters);
  ch = &ctx->chapters[ctx->chapter_count++];
  memset(ch, 0, sizeof *ch);
  ch->first = ch->last = first;
  snprintf(ch->id, sizeof ch->id, "chapter-%04d", ctx->chapter_count);
  snprintf(ch->name, sizeof ch->name, "chapter-%04d.xhtml", ctx->chapter_count);
  if (galley_node_get_type(first) == GALLEY_NODE_HEADING)
    ch->title = one_line_text(first);
  return ch;
}

static void plan_chapters(epub_ctx *ctx)
{
  galley_node *root = galley_doc_get_root(ctx->doc), *n;
  epub_chapter *ch = NULL;
  size_t total = 0, bytes = 0, *sizes = NULL;
  int split, top = 7, has_top = 0, n_blocks = 0, cap = 0, k;

  /* The notes close the document (galley_doc_check) and are not part of
   * the flow: they follow the documents that cite them (plan_notes). Each
   * block's text is measured once. */
  for (n = galley_node_first_child(root); n && !is_note(n); n = galley_node_next(n)) {
    if (n_blocks == cap) {
      cap = cap ? cap * 2 : 64;
      sizes = galley_xreallocarray(sizes, (size_t)cap, sizeof *sizes);
    }
    sizes[n_blocks] = text_bytes(n);
    total += sizes[n_blocks++];
    if (galley_node_get_type(n) == GALLEY_NODE_HEADING &&
        galley_node_get_level(n) < top)
      top = galley_node_get_level(n);
  }
  split = total > EPUB_SPLIT_BYTES;
  for (n = galley_node_first_child(root), k = 0; n && !is_note(n);
       n = galley_node_next(n), k++) {
    size_t b = split ? sizes[k] : 0;
    int is_top = split && galley_node_get_type(n) == GALLEY_NODE_HEADING &&
                 galley_node_get_level(n) == top;
    /* A top-level heading opens a document, unless the current one is a
     * section still shorter than EPUB_CHAPTER_MIN_BYTES: then short
     * sections share one, and a thousand one-line sections do not make a
     * thousand files. What precedes the first section stays apart. */
    int starts = is_top && (!has_top || bytes >= EPUB_CHAPTER_MIN_BYTES);
    if (ch && (starts || (bytes > 0 && bytes + b > EPUB_CHAPTER_MAX_BYTES))) {
      ch = NULL;
      bytes = 0;
      has_top = 0;
    }
    if (!ch)
      ch = add_chapter(ctx, n);
    ch->last = n;
    bytes += b;
    has_top |= is_top;
  }
  free(sizes);
  if (!ch) /* an empty document still has one (empty) content document */
    add_chapter(ctx, NULL);
  for (ch = ctx->chapters; ch < ctx->chapters + ctx->chapter_count; ch++)
    ch->title_only = ch->first && ch->first == ch->last &&
                     galley_node_get_type(ch->first) == GALLEY_NODE_TITLE_BLOCK;
}

int epub_note_ref_is_linked(const galley_node *ref)
{
  const galley_node *p;
  for (p = galley_node_parent(ref); p; p = galley_node_parent(p))
    if (galley_node_get_type(p) == GALLEY_NODE_IMAGE)
      return 0;
  return 1;
}

int epub_is_note_id(const char *id)
{
  const char *d;
  if (strncmp(id, "fnref", 5) == 0)
    d = id + 5;
  else if (strncmp(id, "fn", 2) == 0)
    d = id + 2;
  else
    return 0;
  if (!*d)
    return 0;
  for (; *d; d++)
    if (*d < '0' || *d > '9')
      return 0;
  return 1;
}

/* Calls back for each linked FOOTNOTE_REF in the subtree at `node`, in
 * document order, with its note's index; stops early when `visit`
 * returns nonzero. */
static void each_note_ref(epub_ctx *ctx, const galley_node *node,
                          int (*visit)(epub_ctx *ctx, const galley_node *ref,
                                       int note, void *data),
                          void *data)
{
  galley_iter *it = galley_iter_new((galley_node *)node);
  galley_event_type ev;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    const galley_node *n = galley_iter_get_node(it);
    int k;
    if (ev != GALLEY_EVENT_ENTER || galley_node_get_type(n) != GALLEY_NODE_FOOTNOTE_REF ||
        !epub_note_ref_is_linked(n))
      continue;
    k = galley_node_get_note_number(n) - 1;
    assert(k >= 0 && k < ctx->note_count); /* galley_doc_check */
    if (visit(ctx, n, k, data))
      break;
  }
  galley_iter_free(it);
}

/* Phase 1 of plan_notes: the first reference in the text claims a note
 * for its document (`data` points to the document's index). */
static int claim_in_text(epub_ctx *ctx, const galley_node *ref, int note, void *data)
{
  epub_note *nt = &ctx->notes[note];
  if (!nt->first_ref) {
    nt->first_ref = ref;
    nt->chapter = *(const int *)data;
  }
  return 0;
}

/* The state of placing notes in writing order (plan_notes). */
typedef struct note_plan {
  int chapter;   /* the document being filled */
  int *stack;    /* owned: note indexes still to write, next on top */
  int top;
  int *pending;  /* owned: what one note cites, in citing order */
  int npending;
  int *placed;   /* owned: 1 once a note is in note_order */
  int count;     /* notes in note_order so far */
} note_plan;

/* Collects the notes a note cites that nothing in the text cites and no
 * earlier note placed: they are written after it. */
static int claim_in_note(epub_ctx *ctx, const galley_node *ref, int note, void *data)
{
  note_plan *p = data;
  epub_note *nt = &ctx->notes[note];
  if (nt->first_ref || p->placed[note])
    return 0;
  nt->first_ref = ref;
  nt->chapter = p->chapter;
  p->pending[p->npending++] = note;
  return 0;
}

/* Places note `root` in the order of the current document, followed by
 * the notes only it cites (depth first, with a stack of our own: notes
 * may cite notes to any depth). */
static void place_note(epub_ctx *ctx, note_plan *p, int root)
{
  p->stack[p->top++] = root;
  p->placed[root] = 1;
  while (p->top > 0) {
    int k = p->stack[--p->top], i;
    ctx->note_order[p->count++] = k;
    p->npending = 0;
    each_note_ref(ctx, ctx->notes[k].node, claim_in_note, p);
    /* pushed in reverse, so the first cited is written first */
    for (i = p->npending - 1; i >= 0; i--) {
      p->placed[p->pending[i]] = 1;
      p->stack[p->top++] = p->pending[i];
    }
  }
}

/* Places a note's first reference of a document's text in writing
 * order, with the notes only it cites after it. */
static int place_in_text(epub_ctx *ctx, const galley_node *ref, int note, void *data)
{
  note_plan *p = data;
  if (ctx->notes[note].first_ref == ref && !p->placed[note])
    place_note(ctx, p, note);
  return 0;
}

/* Where each FOOTNOTE's aside goes (see epub_note) and the order of the
 * asides: in each document, the notes it cites first, in order of
 * reference, each followed by the notes only it cites. */
static void plan_notes(epub_ctx *ctx)
{
  galley_node *root = galley_doc_get_root(ctx->doc), *n;
  note_plan p;
  int c, k;

  for (n = galley_node_first_child(root); n; n = galley_node_next(n))
    if (is_note(n)) {
      ctx->notes = grow(ctx->notes, &ctx->note_cap, ctx->note_count, sizeof *ctx->notes);
      ctx->notes[ctx->note_count].node = n;
      ctx->notes[ctx->note_count].first_ref = NULL;
      ctx->notes[ctx->note_count].chapter = -1;
      ctx->note_count++;
    }
  for (c = 0; c < ctx->chapter_count; c++)
    ctx->chapters[c].note_begin = ctx->chapters[c].note_end = 0;
  if (ctx->note_count == 0)
    return;
  memset(&p, 0, sizeof p);
  ctx->note_order = galley_xreallocarray(NULL, (size_t)ctx->note_count, sizeof(int));
  p.stack = galley_xreallocarray(NULL, (size_t)ctx->note_count, sizeof(int));
  p.pending = galley_xreallocarray(NULL, (size_t)ctx->note_count, sizeof(int));
  p.placed = galley_xcalloc((size_t)ctx->note_count, sizeof(int));

  /* 1. the text: every note cited there belongs to its first citation */
  for (c = 0; c < ctx->chapter_count; c++)
    for (n = (galley_node *)ctx->chapters[c].first; n; n = galley_node_next(n)) {
      each_note_ref(ctx, n, claim_in_text, &c);
      if (n == ctx->chapters[c].last)
        break;
    }
  /* 2. the order of the asides, document by document */
  for (c = 0; c < ctx->chapter_count; c++) {
    epub_chapter *ch = &ctx->chapters[c];
    p.chapter = c;
    ch->note_begin = p.count;
    for (n = (galley_node *)ch->first; n; n = galley_node_next(n)) {
      each_note_ref(ctx, n, place_in_text, &p);
      if (n == ch->last)
        break;
    }
    /* notes nothing links to (cited only from notes nothing cites, or
     * not at all): at the end of the last document, not lost */
    if (c == ctx->chapter_count - 1)
      for (k = 0; k < ctx->note_count; k++)
        if (!p.placed[k]) {
          ctx->notes[k].chapter = c;
          place_note(ctx, &p, k);
        }
    ch->note_end = p.count;
  }
  assert(p.count == ctx->note_count);
  free(p.stack);
  free(p.pending);
  free(p.placed);
}

/* Whether `id` can serve as an anchor: an HTML id (non-empty, no white
 * space) of valid UTF-8 and XML characters, of reasonable length. */
static int is_usable_id(const char *id)
{
  size_t i, len;
  if (!id || !*id)
    return 0;
  len = strlen(id);
  if (len > 200)
    return 0;
  for (i = 0; i < len; i++)
    if (id[i] == ' ' || id[i] == '\t' || id[i] == '\n' || id[i] == '\r' ||
        id[i] == '\f' || (unsigned char)id[i] < 0x20)
      return 0;
  /* the notes' anchors (fn1, fnref1) are not a heading's */
  return galley_utf8_is_valid(id, len) && !epub_is_note_id(id);
}

static int str_ptr_cmp(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int id_index_cmp(const void *a, const void *b)
{
  const epub_anchor *x = a, *y = b;
  int c = strcmp(x->id, y->id);
  return c ? c : (x->chapter > y->chapter) - (x->chapter < y->chapter);
}

/* Every heading with its document and a usable id unique in the book:
 * the model's id (galley_doc_assign_ids) when it has one that is usable
 * and not already taken, else "section-N". */
static void plan_headings(epub_ctx *ctx)
{
  int c, i, count = 0, cap = 0;
  char **taken;
  epub_anchor *dup;
  galley_buf b = GALLEY_BUF_INIT;

  for (c = 0; c < ctx->chapter_count; c++) {
    const epub_chapter *ch = &ctx->chapters[c];
    galley_node *n;
    for (n = (galley_node *)ch->first; n; n = galley_node_next(n)) {
      galley_iter *it = galley_iter_new(n);
      galley_event_type ev;
      while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
        galley_node *h = galley_iter_get_node(it);
        epub_heading *hd;
        if (ev != GALLEY_EVENT_ENTER || galley_node_get_type(h) != GALLEY_NODE_HEADING)
          continue;
        ctx->headings = grow(ctx->headings, &cap, count, sizeof *ctx->headings);
        hd = &ctx->headings[count++];
        hd->node = h;
        hd->level = galley_node_get_level(h);
        hd->chapter = c;
        hd->text = one_line_text(h);
        hd->id = is_usable_id(galley_node_get_id(h))
                     ? galley_xstrdup(galley_node_get_id(h))
                     : NULL;
      }
      galley_iter_free(it);
      if (n == ch->last)
        break;
    }
  }
  ctx->heading_count = count;
  if (count == 0)
    return;

  /* Duplicates: the first in document order keeps the id, the others
   * lose it. Sorting (id, index) pairs puts each run of equal ids
   * together, first occurrence first. */
  dup = galley_xreallocarray(NULL, (size_t)count, sizeof *dup);
  for (i = 0; i < count; i++) {
    dup[i].id = ctx->headings[i].id ? ctx->headings[i].id : "";
    dup[i].chapter = i; /* here: the heading's index */
  }
  qsort(dup, (size_t)count, sizeof *dup, id_index_cmp);
  for (i = 1; i < count; i++)
    if (*dup[i].id && strcmp(dup[i].id, dup[i - 1].id) == 0) {
      epub_heading *hd = &ctx->headings[dup[i].chapter];
      free(hd->id);
      hd->id = NULL;
    }
  free(dup);
  taken = galley_xreallocarray(NULL, (size_t)count, sizeof *taken);
  for (i = 0; i < count; i++)
    taken[i] = ctx->headings[i].id ? ctx->headings[i].id : "";
  qsort(taken, (size_t)count, sizeof *taken, str_ptr_cmp);
  /* Fresh ids for the rest, avoiding every id in use. */
  for (i = 0; i < count; i++) {
    epub_heading *hd = &ctx->headings[i];
    int k = i + 1;
    char *key;
    if (hd->id)
      continue;
    for (;;) {
      galley_buf_clear(&b);
      galley_buf_printf(&b, "section-%d", k);
      key = b.ptr;
      if (!bsearch(&key, taken, (size_t)count, sizeof *taken, str_ptr_cmp))
        break;
      k += count;
    }
    hd->id = galley_buf_detach(&b, NULL);
  }
  free(taken);
  galley_buf_free(&b);

  ctx->heading_refs = galley_xreallocarray(NULL, (size_t)count,
                                           sizeof *ctx->heading_refs);
  ctx->anchors = galley_xreallocarray(NULL, (size_t)count, sizeof *ctx->anchors);
  for (i = 0; i < count; i++) {
    ctx->heading_refs[i].node = ctx->headings[i].node;
    ctx->heading_refs[i].index = i;
    ctx->anchors[i].id = ctx->headings[i].id;
    ctx->anchors[i].chapter = ctx->headings[i].chapter;
  }
  epub_ref_sort(ctx->heading_refs, count);
  qsort(ctx->anchors, (size_t)count, sizeof *ctx->anchors, anchor_cmp);
}

/* Loads the image `url` names (once per file, through the document's
 * image set), returning its index, or -1 with the failure recorded
 * against `line`. */
static int load_image(epub_ctx *ctx, const char *url, int line, int cover)
{
  galley_error e;
  epub_image *im;
  int i;

  galley_error_clear(&e);
  i = galley_image_set_add(ctx->image_set, ctx->opts->resource_dirs, url, &e);
  if (i < 0) {
    epub_fail(ctx, e.code, line, "%s%s", cover ? "cover " : "", e.message);
    return -1;
  }
  if (i < ctx->image_count) {
    ctx->images[i].cover |= cover;
    return i;
  }
  /* A new file: the set gives indexes in first-use order, as here. */
  assert(i == ctx->image_count);
  ctx->images = grow(ctx->images, &ctx->image_cap, ctx->image_count,
                     sizeof *ctx->images);
  im = &ctx->images[ctx->image_count++];
  memset(im, 0, sizeof *im);
  im->img = galley_image_set_get(ctx->image_set, i);
  im->cover = cover;
  snprintf(im->id, sizeof im->id, "img-%04d", i + 1);
  snprintf(im->href, sizeof im->href, "images/img-%04d.%s", i + 1,
           im->img->info.extension);
  return i;
}

static void plan_images(epub_ctx *ctx)
{
  galley_iter *it = galley_iter_new(galley_doc_get_root(ctx->doc));
  galley_event_type ev;
  const char *cover = galley_meta_get(galley_doc_get_meta(ctx->doc), "cover");
  int count = 0, cap = 0;

  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE && !ctx->status) {
    galley_node *n = galley_iter_get_node(it);
    char *alt;
    int k;
    const char *p;
    if (ev != GALLEY_EVENT_ENTER || galley_node_get_type(n) != GALLEY_NODE_IMAGE)
      continue;
    k = load_image(ctx, galley_node_get_url(n), galley_node_get_line(n), 0);
    if (k < 0)
      break;
    ctx->image_refs = grow(ctx->image_refs, &cap, count, sizeof *ctx->image_refs);
    ctx->image_refs[count].node = n;
    ctx->image_refs[count].index = k;
    count++;
    alt = galley_node_get_plain_text(n);
    for (p = alt; *p == ' ' || *p == '\t' || *p == '\n'; p++)
      ;
    if (!*p) {
      ctx->images_without_alt++;
      galley_diag_add(ctx->diag, galley_node_get_line(n), 0,
                      "image '%s' has no alternative text; readers who cannot "
                      "see it will not know what it shows",
                      galley_node_get_url(n));
    }
    free(alt);
  }
  galley_iter_free(it);
  ctx->image_node_count = count;
  epub_ref_sort(ctx->image_refs, count);
  ctx->cover_image = -1;
  if (!ctx->status && cover && *cover && !cover_is_none(cover)) {
    /* Named where the user named it: the front matter's line, else (a
     * --cover option) the image file itself. */
    int line = galley_meta_get_line(galley_doc_get_meta(ctx->doc), "cover");
    ctx->cover_image = load_image(ctx, cover, line, 1);
    if (ctx->cover_image < 0 && line == 0)
      galley_error_set_where(ctx->err, cover, 0, 0);
  }
  ctx->cover_generated = !ctx->status && cover_is_generated(ctx->doc, ctx->opts->flags);
}

/* The most pages marked and listed in the EPUB. */
#define EPUB_PAGE_LIST_MAX 4000

/* The print edition's page starts (opts->page_map): the first of each
 * node, for lookup while rendering, which writes the markers and notes
 * the document of each (page_chapter). */
static void plan_pages(epub_ctx *ctx)
{
  const galley_page_map *map = ctx->opts->page_map;
  int i, n = 0;
  if (!map || map->count <= 0)
    return;
  if (map->count > EPUB_PAGE_LIST_MAX) {
    /* epubcheck 4.2 checks the reading order of the page list
     * recursively and overflows its stack on some 8,000 entries (4,000
     * pass); a print edition that long is no book anyone cites by page */
    galley_diag_add(ctx->diag, 0, 0,
                    "no print page numbers in the EPUB: the PDF has %d pages, more "
                    "than the %d a page list holds", map->count, EPUB_PAGE_LIST_MAX);
    return;
  }
  ctx->page_refs = galley_xreallocarray(NULL, (size_t)map->count, sizeof *ctx->page_refs);
  ctx->page_chapter = galley_xreallocarray(NULL, (size_t)map->count,
                                           sizeof *ctx->page_chapter);
  for (i = 0; i < map->count; i++) {
    ctx->page_chapter[i] = -1;
    if (i > 0 && map->pages[i].node == map->pages[i - 1].node)
      continue;
    ctx->page_refs[n].node = map->pages[i].node;
    ctx->page_refs[n].index = i;
    n++;
  }
  ctx->page_ref_count = n;
  epub_ref_sort(ctx->page_refs, n);
}

void epub_page_id(const epub_ctx *ctx, int i, char *out)
{
  const char *label = ctx->opts->page_map->pages[i].label;
  size_t k;
  for (k = 0; label[k]; k++)
    if (!((label[k] >= '0' && label[k] <= '9') || (label[k] >= 'a' && label[k] <= 'z') ||
          (label[k] >= 'A' && label[k] <= 'Z')))
      break;
  /* the folio when it makes an id ("page_37"), else the page's place */
  if (k > 0 && !label[k])
    snprintf(out, 32, "page_%s", label);
  else
    snprintf(out, 32, "page_n%d", i + 1);
}

void epub_plan_book(epub_ctx *ctx)
{
  plan_chapters(ctx);
  plan_notes(ctx);
  plan_headings(ctx);
  plan_images(ctx);
  plan_pages(ctx);
}
