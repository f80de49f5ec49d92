/* pdf_shape.c: a paragraph shaped for breaking, its words shaped once.
 *
 * A paragraph is measured from its shaping: glyph runs, and Pango's log
 * attributes (where lines may break). PangoLayout gives both, but sends
 * every word of every paragraph through HarfBuzz (a fifth of the PDF's
 * work), and most words of a text are words met before. Here a
 * left-to-right paragraph is itemized, given its log attributes and
 * split into runs exactly as PangoLayout 1.50 does for a text without a
 * set width (pango-layout.c: pango_layout_check_lines,
 * get_items_log_attrs, apply_attributes_to_runs), but each item's words
 * (a word with the spaces after it) are taken from a cache of shaped
 * words, keyed by the font, the item's analysis, its OpenType features
 * (with their ranges within the word) and the word's bytes. The words
 * not in it are shaped by Pango as a part of the item, in the paragraph
 * (with the context PangoLayout gives them), and cut from that shaping
 * into the cache. A word's shaping does not reach past the space that
 * ends it in the bundled fonts (no kerning or contextual substitution
 * across a space), so the glyphs are those of the whole item:
 * tests/unit/test_pdf_shape.c compares runs and log attributes with
 * PangoLayout's, glyph by glyph, in English, Russian and Kazakh. The log
 * attributes of plain Latin, Greek and Cyrillic text come from
 * pdf_simple_breaks (pdf_breaks.c), in the fields the breaker reads.
 *
 * A paragraph this does not cover exactly is shaped by PangoLayout as
 * before: one that runs right to left or holds any right-to-left text, a
 * tab, a line or paragraph separator, or an attribute other than the
 * font, its features, colour and strikethrough.
 *
 * The cache belongs to a measuring layout (one per layout thread), set on
 * it as object data, so it is read and written by one thread only and
 * freed with the layout: what a thread caches depends only on what it
 * shapes, and a word's glyphs are the same cached or not, so the output
 * does not depend on the threads. It holds a reference to each font it
 * has words of (a font's address is in the key), takes no more words at
 * SHAPE_CACHE_MAX and is emptied before the next item. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_layout.h"
#include "../util/alloc.h"
#include "../util/utf8.h"

/* Words kept per measuring layout; a book's vocabulary in a few MB. */
#define SHAPE_CACHE_MAX 8192
/* Longer runs without a space are shaped without the cache. */
#define SHAPE_WORD_MAX 256

/* What a word's shaping depends on, besides its bytes. */
typedef struct shape_head {
  PangoFont *font;        /* referenced by the cache (fonts[]) */
  PangoLanguage *lang;    /* interned by Pango */
  int script, gravity, level, flags;
} shape_head;             /* followed in a key by the features with their
                             ranges in the word, then the word */

/* A cached word, in one allocation: its glyphs, their log clusters from
 * the word's first byte, then its key (head, features, bytes). */
typedef struct shape_word {
  uint32_t hash;
  int key_len;            /* bytes of key */
  int n_glyphs;
  PangoGlyphInfo *glyphs; /* in the same block */
  int *clusters;          /* in the same block */
  char *key;              /* in the same block */
} shape_word;

/* A word of the item being shaped: bytes [a, e) of it, and its entry. */
typedef struct shape_seg {
  int a, e;
  uint32_t hash;
  const shape_word *word; /* NULL: not cached */
} shape_seg;

typedef struct shape_cache {
  GHashTable *words;      /* shape_word* -> same, owned */
  PangoFont **fonts;      /* owned references */
  int n_fonts, cap_fonts;
  galley_buf key;         /* scratch: the key being looked up */
  shape_seg *segs;        /* scratch: the words of the item being shaped */
  int cap_segs;
  /* the last paragraph shaped here (pdf_shape_para), in logical order */
  PangoGlyphItem **runs;  /* owned, with their items; borrowed from the
                             layout when `borrowed` */
  int n_runs, cap_runs;
  int borrowed;
  PangoLogAttr *attrs;    /* owned */
  int n_attrs;
} shape_cache;

#define SHAPE_CACHE_KEY "galley-shape-cache"

static guint word_hash(gconstpointer p)
{
  return ((const shape_word *)p)->hash;
}

static gboolean word_equal(gconstpointer a, gconstpointer b)
{
  const shape_word *x = a, *y = b;
  return x->key_len == y->key_len && memcmp(x->key, y->key, (size_t)x->key_len) == 0;
}

static void word_free(gpointer p)
{
  free(p);
}

static void runs_clear(shape_cache *c)
{
  int i;
  for (i = 0; i < c->n_runs && !c->borrowed; i++)
    pango_glyph_item_free(c->runs[i]);
  c->n_runs = 0;
  c->borrowed = 0;
  g_free(c->attrs);
  c->attrs = NULL;
  c->n_attrs = 0;
}

static void cache_empty(shape_cache *c)
{
  int i;
  g_hash_table_remove_all(c->words);
  for (i = 0; i < c->n_fonts; i++)
    g_object_unref(c->fonts[i]);
  c->n_fonts = 0;
}

static void cache_free(gpointer p)
{
  shape_cache *c = p;
  runs_clear(c);
  cache_empty(c);
  g_hash_table_destroy(c->words);
  free(c->fonts);
  free(c->runs);
  free(c->segs);
  galley_buf_free(&c->key);
  free(c);
}

static shape_cache *cache_of(PangoLayout *layout)
{
  shape_cache *c = g_object_get_data(G_OBJECT(layout), SHAPE_CACHE_KEY);
  if (!c) {
    c = galley_xcalloc(1, sizeof *c);
    c->words = g_hash_table_new_full(word_hash, word_equal, word_free, NULL);
    g_object_set_data_full(G_OBJECT(layout), SHAPE_CACHE_KEY, c, cache_free);
  }
  return c;
}

static void hold_font(shape_cache *c, PangoFont *font)
{
  int i;
  for (i = 0; i < c->n_fonts; i++)
    if (c->fonts[i] == font)
      return;
  if (c->n_fonts == c->cap_fonts) {
    c->cap_fonts = c->cap_fonts ? c->cap_fonts * 2 : 8;
    c->fonts = galley_xreallocarray(c->fonts, (size_t)c->cap_fonts, sizeof *c->fonts);
  }
  c->fonts[c->n_fonts++] = g_object_ref(font);
}

/* FNV-1a */
static uint32_t hash_bytes(const char *s, size_t n)
{
  uint32_t h = 2166136261u;
  size_t i;
  for (i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

/* Index `x` of the paragraph as an index of the word at `at`, `len`
 * bytes long, clamped to it. Pango gives a feature the range of its
 * attribute, and HarfBuzz applies it to the clusters in that range:
 * shaped alone, the word's clusters count from 0. */
static guint word_index(guint x, int at, int len)
{
  if (x <= (guint)at)
    return 0;
  return x - (guint)at >= (guint)len ? (guint)len : x - (guint)at;
}

/* Appends to `key` each font feature of `item` with its range within
 * the word at paragraph byte `at`, `len` bytes long. */
static void key_features(galley_buf *key, const PangoItem *item, int at, int len)
{
  GSList *l;
  for (l = item->analysis.extra_attrs; l; l = l->next) {
    const PangoAttribute *a = l->data;
    guint range[2];
    if (a->klass->type != PANGO_ATTR_FONT_FEATURES)
      continue;
    range[0] = word_index(a->start_index, at, len);
    range[1] = word_index(a->end_index, at, len);
    galley_buf_put(key, range, sizeof range);
    galley_buf_puts(key, ((const PangoAttrFontFeatures *)a)->features);
    galley_buf_putc(key, '\0');
  }
}

/* Makes the key of bytes [a, e) of `item` in c->key; returns its hash. */
static uint32_t make_key(shape_cache *c, const shape_head *head, const PangoItem *item,
                         const char *t, int a, int e)
{
  galley_buf_clear(&c->key);
  galley_buf_put(&c->key, head, sizeof *head);
  key_features(&c->key, item, item->offset + a, e - a);
  galley_buf_put(&c->key, t + a, (size_t)(e - a));
  return hash_bytes(c->key.ptr, c->key.len);
}

/* Caches glyphs [g0, g1) of `gs` as the word whose key is in c->key,
 * its clusters from byte `a`. */
static void cache_word(shape_cache *c, PangoFont *font, uint32_t hash,
                       const PangoGlyphString *gs, int g0, int g1, int a)
{
  size_t n = (size_t)(g1 - g0), size;
  shape_word *w, probe;
  int i;
  probe.key = c->key.ptr;
  probe.key_len = (int)c->key.len;
  probe.hash = hash;
  if (g_hash_table_contains(c->words, &probe))
    return; /* the same word earlier in the item */
  if (g_hash_table_size(c->words) >= SHAPE_CACHE_MAX)
    return; /* emptied before the next item (the item's words point in) */
  hold_font(c, font);
  size = sizeof *w + n * sizeof *w->glyphs + n * sizeof *w->clusters + c->key.len;
  w = galley_xmalloc(size);
  w->hash = hash;
  w->key_len = (int)c->key.len;
  w->n_glyphs = (int)n;
  w->glyphs = (PangoGlyphInfo *)(void *)(w + 1);
  w->clusters = (int *)(void *)(w->glyphs + n);
  w->key = (char *)(w->clusters + n);
  memcpy(w->glyphs, gs->glyphs + g0, n * sizeof *w->glyphs);
  for (i = 0; i < (int)n; i++)
    w->clusters[i] = gs->log_clusters[g0 + i] - a;
  memcpy(w->key, c->key.ptr, c->key.len);
  g_hash_table_add(c->words, w);
}

/* Makes room in `gs` for `n` more glyphs and counts them in; returns
 * where they go. pango_glyph_string_set_size reallocates on every call,
 * which AddressSanitizer's realloc turns into a copy of the whole string
 * (a word at a time, a 64 KB window took minutes), so the room doubles
 * here and the count is set directly. */
static int glyphs_append(PangoGlyphString *gs, int n)
{
  int base = gs->num_glyphs;
  if (base + n > gs->space)
    pango_glyph_string_set_size(gs, gs->space * 2 > base + n ? gs->space * 2 : base + n);
  gs->num_glyphs = base + n;
  return base;
}

/* Shapes `item` of the paragraph `text` (`len` bytes): its words (each
 * with the spaces after it) from the cache where they are in it, the
 * stretches between shaped by Pango as parts of the item. */
static PangoGlyphString *shape_item(shape_cache *c, const PangoItem *item, const char *text,
                                    int len)
{
  PangoGlyphString *gs = pango_glyph_string_new();
  const char *t = text + item->offset;
  shape_head head;
  int a, e, n = 0, k, g;
  if (g_hash_table_size(c->words) >= SHAPE_CACHE_MAX)
    cache_empty(c);
  memset(&head, 0, sizeof head);
  head.font = item->analysis.font;
  head.lang = item->analysis.language;
  head.script = item->analysis.script;
  head.gravity = item->analysis.gravity;
  head.level = item->analysis.level;
  head.flags = item->analysis.flags;
  for (a = 0; a < item->length; a = e) {
    shape_seg *sg;
    shape_word probe;
    e = a;
    while (e < item->length && t[e] != ' ')
      e++;
    while (e < item->length && t[e] == ' ')
      e++;
    if (n == c->cap_segs) {
      c->cap_segs = c->cap_segs ? c->cap_segs * 2 : 64;
      c->segs = galley_xreallocarray(c->segs, (size_t)c->cap_segs, sizeof *c->segs);
    }
    sg = &c->segs[n++];
    sg->a = a;
    sg->e = e;
    sg->word = NULL;
    sg->hash = 0;
    if (e - a > SHAPE_WORD_MAX)
      continue;
    sg->hash = make_key(c, &head, item, t, a, e);
    probe.key = c->key.ptr;
    probe.key_len = (int)c->key.len;
    probe.hash = sg->hash;
    sg->word = g_hash_table_lookup(c->words, &probe);
  }
  /* the words in order: a cached word's glyphs as they are; a stretch of
   * words not cached shaped as a part of the item, in the paragraph (so
   * with the context PangoLayout gives it), and its words cut from that
   * shaping into the cache where their clusters begin and end at their
   * edges (left to right: clusters ascend) */
  for (k = 0; k < n;) {
    const shape_word *w = c->segs[k].word;
    int m, g0, a0, base;
    PangoGlyphString *part;
    PangoItem *sub;
    if (w) { /* cached words have glyphs: a word without any is not kept */
      base = glyphs_append(gs, w->n_glyphs);
      memcpy(gs->glyphs + base, w->glyphs, (size_t)w->n_glyphs * sizeof *w->glyphs);
      for (g = 0; g < w->n_glyphs; g++)
        gs->log_clusters[base + g] = w->clusters[g] + c->segs[k].a;
      k++;
      continue;
    }
    for (m = k + 1; m < n && !c->segs[m].word; m++)
      ;
    a0 = c->segs[k].a;
    sub = pango_item_copy((PangoItem *)item);
    sub->offset = item->offset + a0;
    sub->length = c->segs[m - 1].e - a0;
    sub->num_chars = (int)galley_utf8_count(text + sub->offset, (size_t)sub->length);
    part = pango_glyph_string_new();
    pango_shape_item(sub, text, len, NULL, part, PANGO_SHAPE_NONE);
    pango_item_free(sub);
    base = glyphs_append(gs, part->num_glyphs);
    if (part->num_glyphs > 0)
      memcpy(gs->glyphs + base, part->glyphs, (size_t)part->num_glyphs * sizeof *part->glyphs);
    for (g = 0; g < part->num_glyphs; g++)
      gs->log_clusters[base + g] = part->log_clusters[g] + a0;
    for (g = 0; k < m; k++) {
      shape_seg *sg = &c->segs[k];
      while (g < part->num_glyphs && part->log_clusters[g] + a0 < sg->a)
        g++;
      g0 = g;
      while (g < part->num_glyphs && part->log_clusters[g] + a0 < sg->e)
        g++;
      if (sg->e - sg->a > SHAPE_WORD_MAX || g0 == g || part->log_clusters[g0] + a0 != sg->a)
        continue;
      make_key(c, &head, item, t, sg->a, sg->e);
      cache_word(c, head.font, sg->hash, part, g0, g, sg->a - a0);
    }
    pango_glyph_string_free(part);
  }
  return gs;
}

/* What PangoLayout 1.50 does with an attribute (pango-layout.c:
 * affects_itemization, affects_break_or_shape): ATTR_ITEMIZE, those that
 * choose fonts or must be constant over a run; ATTR_SHAPE, those that
 * change breaks or shaping; 0, the rest (drawn, or applied to runs). */
enum { ATTR_ITEMIZE = 1, ATTR_SHAPE = 2 };

static int attr_use(const PangoAttribute *a)
{
  switch ((int)a->klass->type) {
  case PANGO_ATTR_LANGUAGE:
  case PANGO_ATTR_FAMILY:
  case PANGO_ATTR_STYLE:
  case PANGO_ATTR_WEIGHT:
  case PANGO_ATTR_VARIANT:
  case PANGO_ATTR_STRETCH:
  case PANGO_ATTR_SIZE:
  case PANGO_ATTR_FONT_DESC:
  case PANGO_ATTR_SCALE:
  case PANGO_ATTR_FALLBACK:
  case PANGO_ATTR_ABSOLUTE_SIZE:
  case PANGO_ATTR_GRAVITY:
  case PANGO_ATTR_GRAVITY_HINT:
  case PANGO_ATTR_FONT_SCALE:
  case PANGO_ATTR_LETTER_SPACING:
  case PANGO_ATTR_SHAPE:
  case PANGO_ATTR_RISE:
  case PANGO_ATTR_BASELINE_SHIFT:
  case PANGO_ATTR_LINE_HEIGHT:
  case PANGO_ATTR_ABSOLUTE_LINE_HEIGHT:
  case PANGO_ATTR_TEXT_TRANSFORM:
    return ATTR_ITEMIZE;
  case PANGO_ATTR_ALLOW_BREAKS:
  case PANGO_ATTR_WORD:
  case PANGO_ATTR_SENTENCE:
  case PANGO_ATTR_INSERT_HYPHENS:
  case PANGO_ATTR_FONT_FEATURES:
  case PANGO_ATTR_SHOW:
    return ATTR_SHAPE;
  default:
    return 0;
  }
}

static gboolean affects_itemization(PangoAttribute *a, gpointer data)
{
  (void)data;
  return attr_use(a) == ATTR_ITEMIZE;
}

static gboolean affects_break_or_shape(PangoAttribute *a, gpointer data)
{
  (void)data;
  return attr_use(a) == ATTR_SHAPE;
}

/* Notes (without taking it) an attribute this file does not shape as
 * PangoLayout would. The one check: what passes leaves an item no extra
 * attribute but font features, colour and strikethrough, and of those
 * only the features shape (the cache's key holds them). */
static gboolean find_unusual(PangoAttribute *a, gpointer data)
{
  switch ((int)a->klass->type) {
  case PANGO_ATTR_FONT_DESC:
  case PANGO_ATTR_FONT_FEATURES:
  case PANGO_ATTR_FOREGROUND:
  case PANGO_ATTR_STRIKETHROUGH:
    break;
  default:
    *(int *)data = 1;
  }
  return FALSE;
}

static int cmp_run_offset(const void *a, const void *b)
{
  const PangoGlyphItem *ra = *(PangoGlyphItem *const *)a;
  const PangoGlyphItem *rb = *(PangoGlyphItem *const *)b;
  return (ra->item->offset > rb->item->offset) - (ra->item->offset < rb->item->offset);
}

static void push_run(shape_cache *c, PangoGlyphItem *run)
{
  if (c->n_runs == c->cap_runs) {
    c->cap_runs = c->cap_runs ? c->cap_runs * 2 : 16;
    c->runs = galley_xreallocarray(c->runs, (size_t)c->cap_runs, sizeof *c->runs);
  }
  c->runs[c->n_runs++] = run;
}

/* Whether `text` is one this file shapes: no tab, no line or paragraph
 * separator (they end PangoLayout's lines and paragraphs). */
static int plain_text(const char *text, int len)
{
  int i;
  for (i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)text[i];
    if (ch == '\t' || ch == '\n' || ch == '\r')
      return 0;
    if (ch == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 &&
        ((unsigned char)text[i + 2] == 0xA8 || (unsigned char)text[i + 2] == 0xA9))
      return 0;
    if (ch == 0xC2 && i + 1 < len && (unsigned char)text[i + 1] == 0x85)
      return 0; /* NEL */
  }
  return 1;
}

/* Shapes `text` with `attrs` on our own into the cache's runs, and finds
 * its log attributes unless `runs_only`; 0 when the paragraph is one
 * PangoLayout must shape. */
static int shape_own(shape_cache *c, PangoContext *pango, const char *text, int len,
                     PangoAttrList *attrs, int runs_only)
{
  PangoAttrList *copy, *shape_attrs, *itemize_attrs;
  PangoDirection dir;
  GList *items, *l;
  int unusual = 0, n_chars, offset, ok = 1;

  if (len == 0 || !plain_text(text, len))
    return 0;
  /* as pango_layout_check_lines finds it (deprecated for applications,
   * it is what PangoLayout 1.50 itself calls) */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dir = pango_find_base_dir(text, len);
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (dir == PANGO_DIRECTION_RTL)
    return 0;
  if (dir == PANGO_DIRECTION_NEUTRAL)
    dir = pango_context_get_base_dir(pango);
  if (dir == PANGO_DIRECTION_RTL || dir == PANGO_DIRECTION_WEAK_RTL)
    return 0;
  if (attrs)
    pango_attr_list_filter(attrs, find_unusual, &unusual);
  if (unusual)
    return 0;

  copy = attrs ? pango_attr_list_copy(attrs) : NULL;
  shape_attrs = copy ? pango_attr_list_filter(copy, affects_break_or_shape, NULL) : NULL;
  itemize_attrs = copy ? pango_attr_list_filter(copy, affects_itemization, NULL) : NULL;
  items = pango_itemize_with_base_dir(pango, dir, text, 0, len, itemize_attrs, NULL);
  for (l = items; l; l = l->next)
    if (((PangoItem *)l->data)->analysis.level & 1)
      break;
  if (l) { /* right-to-left text within */
    g_list_free_full(items, (GDestroyNotify)pango_item_free);
    ok = 0;
    goto done;
  }
  if (shape_attrs) {
    PangoAttrIterator *it = pango_attr_list_get_iterator(shape_attrs);
    for (l = items; l; l = l->next)
      pango_item_apply_attrs(l->data, it);
    pango_attr_iterator_destroy(it);
  }

  /* get_items_log_attrs */
  if (runs_only)
    goto shape;
  n_chars = (int)galley_utf8_count(text, (size_t)len);
  c->n_attrs = n_chars + 1;
  c->attrs = g_new0(PangoLogAttr, c->n_attrs);
  /* Plain Latin, Greek or Cyrillic text: the fields the breaker reads, at
   * a tenth of the cost (no tailoring or attribute here changes them) */
  if (pdf_simple_breaks(text, len, c->attrs, c->n_attrs))
    goto shape;
  memset(c->attrs, 0, (size_t)c->n_attrs * sizeof *c->attrs);
  pango_default_break(text, len, NULL, c->attrs, c->n_attrs);
  offset = 0;
  for (l = items; l; l = l->next) {
    PangoItem *item = l->data;
    pango_tailor_break(text + item->offset, item->length, &item->analysis, -1,
                       c->attrs + offset, item->num_chars + 1);
    offset += item->num_chars;
  }
  if (shape_attrs && items)
    pango_attr_break(text, len, shape_attrs, ((PangoItem *)items->data)->offset, c->attrs,
                     c->n_attrs);

  /* a run per item, then split where the other attributes change, as
   * apply_attributes_to_runs does */
shape:
  for (l = items; l; l = l->next) {
    PangoItem *item = l->data;
    PangoGlyphItem *run = g_slice_new0(PangoGlyphItem);
    GSList *parts, *p;
    run->item = item;
    run->glyphs = shape_item(c, item, text, len);
    l->data = NULL; /* the run's now */
    /* `copy` holds what the two filters left: the attributes that
     * neither itemize nor shape (colour, strikethrough) */
    parts = copy ? pango_glyph_item_apply_attrs(run, text, copy) : g_slist_prepend(NULL, run);
    for (p = parts; p; p = p->next)
      push_run(c, p->data);
    g_slist_free(parts);
  }
  g_list_free(items);
  if (c->n_runs > 1)
    qsort(c->runs, (size_t)c->n_runs, sizeof *c->runs, cmp_run_offset);
done:
  if (shape_attrs)
    pango_attr_list_unref(shape_attrs);
  if (itemize_attrs)
    pango_attr_list_unref(itemize_attrs);
  if (copy)
    pango_attr_list_unref(copy);
  return ok;
}

static void shape_para(PangoLayout *layout, const char *text, int len, PangoAttrList *attrs,
                       int runs_only, pdf_shaped *out)
{
  shape_cache *c = cache_of(layout);
  int i, g;
  memset(out, 0, sizeof *out);
  runs_clear(c);
  if (shape_own(c, pango_layout_get_context(layout), text, len, attrs, runs_only)) {
    out->runs = c->runs;
    out->n_runs = c->n_runs;
    out->attrs = c->attrs;
    out->n_attrs = c->n_attrs;
    for (i = 0; i < c->n_runs; i++)
      for (g = 0; g < c->runs[i]->glyphs->num_glyphs; g++)
        if (c->runs[i]->glyphs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG)
          out->unknown++;
    return;
  }
  /* PangoLayout's own way (shape_own kept nothing): its runs lent until
   * the layout's next text */
  pango_layout_set_text(layout, text, len);
  pango_layout_set_attributes(layout, attrs);
  c->borrowed = 1;
  {
    GSList *lines, *l;
    for (lines = pango_layout_get_lines_readonly(layout); lines; lines = lines->next)
      for (l = ((PangoLayoutLine *)lines->data)->runs; l; l = l->next)
        push_run(c, l->data);
    if (c->n_runs > 1)
      qsort(c->runs, (size_t)c->n_runs, sizeof *c->runs, cmp_run_offset);
  }
  out->runs = c->runs;
  out->n_runs = c->n_runs;
  out->attrs = pango_layout_get_log_attrs_readonly(layout, &out->n_attrs);
  out->unknown = pango_layout_get_unknown_glyphs_count(layout);
  out->rtl = pango_layout_get_line_readonly(layout, 0) &&
             pango_layout_get_line_readonly(layout, 0)->resolved_dir == PANGO_DIRECTION_RTL;
}

void pdf_shape_para(PangoLayout *layout, const char *text, int len, PangoAttrList *attrs,
                    pdf_shaped *out)
{
  shape_para(layout, text, len, attrs, 0, out);
}

void pdf_shape_runs(PangoLayout *layout, const char *text, int len, PangoAttrList *attrs,
                    pdf_shaped *out)
{
  shape_para(layout, text, len, attrs, 1, out);
}

void pdf_shape_last(PangoLayout *layout, pdf_shaped *out)
{
  shape_cache *c = cache_of(layout);
  memset(out, 0, sizeof *out);
  out->runs = c->runs;
  out->n_runs = c->n_runs;
}
