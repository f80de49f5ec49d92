/* doc.c: the document (root + metadata), metadata access, anchor ids and
 * the title block that shows the metadata. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/hash.h"
#include "../util/utf8.h"
#include "node.h"
#include "words.h"

galley_doc *galley_doc_new(void)
{
  galley_doc *d = galley_xcalloc(1, sizeof *d);
  d->root = galley_node_new(GALLEY_NODE_DOCUMENT);
  return d;
}

void galley_doc_free(galley_doc *doc)
{
  if (!doc)
    return;
  galley_node_free(doc->root);
  galley_meta_free_entries(&doc->meta);
  free(doc->reader);
  free(doc->reader_reason);
  free(doc);
}

const char *galley_doc_get_reader(const galley_doc *doc)
{
  return doc ? doc->reader : NULL;
}

const char *galley_doc_get_reader_reason(const galley_doc *doc)
{
  return doc ? doc->reader_reason : NULL;
}

void galley_doc_set_reader(galley_doc *doc, const char *reader, const char *reason)
{
  char *r, *why;
  if (!doc)
    return;
  r = reader ? galley_xstrdup(reader) : NULL;
  why = reason ? galley_xstrdup(reason) : NULL;
  free(doc->reader);
  free(doc->reader_reason);
  doc->reader = r;
  doc->reader_reason = why;
}

galley_node *galley_doc_get_root(const galley_doc *doc)
{
  return doc ? doc->root : NULL;
}

galley_meta *galley_doc_get_meta(const galley_doc *doc)
{
  return doc ? (galley_meta *)&doc->meta : NULL;
}

/* ---- metadata ----------------------------------------------------- */

void galley_meta_free_entries(galley_meta *meta)
{
  int i;
  for (i = 0; i < meta->count; i++) {
    free(meta->items[i].key);
    free(meta->items[i].value);
  }
  for (i = 0; i < meta->key_cap; i++)
    free(meta->keys[i].key);
  free(meta->items);
  free(meta->keys);
  memset(meta, 0, sizeof *meta);
}

static unsigned hash_key(const char *key)
{
  return galley_fnv1a(key, strlen(key));
}

/* The index slot of `key`, or NULL when the key was never added. */
static meta_key *find_key(const galley_meta *meta, const char *key)
{
  unsigned h, mask, i;
  if (meta->key_cap == 0)
    return NULL;
  h = hash_key(key);
  mask = (unsigned)meta->key_cap - 1;
  for (i = h & mask; meta->keys[i].key; i = (i + 1) & mask)
    if (meta->keys[i].hash == h && strcmp(meta->keys[i].key, key) == 0)
      return &meta->keys[i];
  return NULL;
}

/* The index slot of `key`, added with no entries when it is new. */
static meta_key *intern_key(galley_meta *meta, const char *key)
{
  meta_key *k = find_key(meta, key);
  unsigned h, mask, i;
  if (k)
    return k;
  if (meta->key_used + 1 > meta->key_cap / 2) {
    /* Grow at half full, so probes stay short. */
    int old_cap = meta->key_cap, j;
    meta_key *old = meta->keys;
    meta->key_cap = old_cap ? old_cap * 2 : 16;
    meta->keys = galley_xcalloc((size_t)meta->key_cap, sizeof *meta->keys);
    mask = (unsigned)meta->key_cap - 1;
    for (j = 0; j < old_cap; j++) {
      if (!old[j].key)
        continue;
      for (i = old[j].hash & mask; meta->keys[i].key; i = (i + 1) & mask)
        ;
      meta->keys[i] = old[j];
    }
    free(old);
  }
  h = hash_key(key);
  mask = (unsigned)meta->key_cap - 1;
  for (i = h & mask; meta->keys[i].key; i = (i + 1) & mask)
    ;
  k = &meta->keys[i];
  k->key = galley_xstrdup(key);
  k->hash = h;
  k->first = k->last = -1;
  k->count = 0;
  meta->key_used++;
  return k;
}

/* Squeezes the holes out of the entries and relinks the chains. */
static void squeeze(galley_meta *meta)
{
  int i, j = 0;
  for (i = 0; i < meta->key_cap; i++)
    meta->keys[i].first = meta->keys[i].last = -1;
  for (i = 0; i < meta->count; i++) {
    meta_key *k;
    if (!meta->items[i].key)
      continue;
    meta->items[j] = meta->items[i];
    meta->items[j].next = -1;
    k = find_key(meta, meta->items[j].key);
    if (k->last >= 0)
      meta->items[k->last].next = j;
    else
      k->first = j;
    k->last = j;
    j++;
  }
  meta->count = j;
}

void galley_meta_remove(galley_meta *meta, const char *key)
{
  meta_key *k;
  int i;
  if (!meta || !key)
    return;
  k = find_key(meta, key);
  if (!k || k->count == 0)
    return;
  for (i = k->first; i >= 0; i = meta->items[i].next) {
    free(meta->items[i].key);
    free(meta->items[i].value);
    meta->items[i].key = meta->items[i].value = NULL;
  }
  meta->live -= k->count;
  k->first = k->last = -1;
  k->count = 0;
  /* Trailing holes go at once; others when they outnumber the entries,
   * so squeezing costs a constant per removal. */
  while (meta->count > 0 && !meta->items[meta->count - 1].key)
    meta->count--;
  if (meta->count - meta->live > meta->live)
    squeeze(meta);
}

void galley_meta_add(galley_meta *meta, const char *key, const char *value)
{
  meta_key *k;
  meta_entry *e;
  if (!meta || !key || !value)
    return;
  if (meta->count == meta->cap) {
    meta->cap = meta->cap ? meta->cap * 2 : 8;
    meta->items = galley_xreallocarray(meta->items, (size_t)meta->cap,
                                       sizeof(meta_entry));
  }
  k = intern_key(meta, key);
  e = &meta->items[meta->count];
  e->key = galley_xstrdup(key);
  e->value = galley_xstrdup(value);
  e->line = 0;
  e->next = -1;
  if (k->last >= 0)
    meta->items[k->last].next = meta->count;
  else
    k->first = meta->count;
  k->last = meta->count;
  k->count++;
  meta->count++;
  meta->live++;
}

void galley_meta_set_last_line(galley_meta *meta, int line)
{
  if (meta && meta->count > 0)
    meta->items[meta->count - 1].line = line;
}

int galley_meta_get_line(const galley_meta *meta, const char *key)
{
  const meta_key *k;
  if (!meta || !key)
    return 0;
  k = find_key(meta, key);
  return k && k->count > 0 ? meta->items[k->first].line : 0;
}

void galley_meta_set(galley_meta *meta, const char *key, const char *value)
{
  galley_meta_remove(meta, key);
  galley_meta_add(meta, key, value);
}

const char *galley_meta_get(const galley_meta *meta, const char *key)
{
  return galley_meta_get_nth(meta, key, 0);
}

int galley_meta_get_count(const galley_meta *meta, const char *key)
{
  const meta_key *k;
  if (!meta || !key)
    return 0;
  k = find_key(meta, key);
  return k ? k->count : 0;
}

const char *galley_meta_get_nth(const galley_meta *meta, const char *key, int nth)
{
  const meta_key *k;
  int i;
  if (!meta || !key || nth < 0)
    return NULL;
  k = find_key(meta, key);
  if (!k || nth >= k->count)
    return NULL;
  for (i = k->first; nth > 0; nth--)
    i = meta->items[i].next;
  return meta->items[i].value;
}

int galley_meta_get_size(const galley_meta *meta)
{
  return meta ? meta->live : 0;
}

const char *galley_meta_get_entry(const galley_meta *meta, int i,
                                  const char **out_value)
{
  int slot;
  if (!meta || i < 0 || i >= meta->live)
    return NULL;
  if (meta->count == meta->live) {
    slot = i; /* no holes */
  } else if (i == meta->live - 1) {
    slot = meta->count - 1; /* the last slot is never a hole */
  } else {
    for (slot = 0;; slot++)
      if (meta->items[slot].key && i-- == 0)
        break;
  }
  if (out_value)
    *out_value = meta->items[slot].value;
  return meta->items[slot].key;
}

/* Canonical key for the synonyms people write in a metadata block. */
static const char *canonical_key(const char *key)
{
  static const char *const map[][2] = {
      {"authors", "author"},   {"by", "author"},        {"creator", "author"},
      {"lang", "language"},    {"summary", "description"},{"abstract", "description"},
      {"copyright", "rights"}, {"license", "rights"},   {"tags", "keywords"},
      {"keyword", "keywords"}, {"id", "identifier"},    {"isbn", "identifier"},
      {"url", "source"},       {"published", "date"},   {"cover-image", "cover"},
      {"series-index", "series-position"}, {"conforms-to", "conformsto"},
      {"contributors", "contributor"}, {"subjects", "subject"}};
  size_t i;
  for (i = 0; i < sizeof map / sizeof *map; i++)
    if (strcmp(key, map[i][0]) == 0)
      return map[i][1];
  return key;
}

/* Copies `s` into `out` as text the model may hold: invalid UTF-8 and
 * characters XML forbids (controls, noncharacters) become U+FFFD; tabs and
 * line ends stay (a front-matter block scalar has several lines). Values
 * may come from the command line, which no reader has cleaned. */
static void put_clean(galley_buf *out, const char *s)
{
  size_t i = 0, len = strlen(s);
  while (i < len) {
    int32_t cp;
    size_t n = galley_utf8_decode(s + i, len - i, &cp);
    if (cp < 0 || !galley_utf8_is_xml_char(cp))
      galley_utf8_encode(out, GALLEY_UTF8_REPLACEMENT);
    else
      galley_buf_put(out, s + i, n);
    i += n;
  }
}

int galley_meta_is_known_key(const char *key)
{
  static const char *const known[] = {
      "title",     "subtitle",    "author",     "date",   "language",
      "publisher", "rights",      "description", "keywords", "subject",
      "identifier", "source",     "cover",      "contributor", "conformsto",
      "series",    "series-position"};
  galley_buf k = GALLEY_BUF_INIT;
  const char *p;
  size_t i;
  int found = 0;
  if (!key)
    return 0;
  for (p = key; *p; p++)
    galley_buf_putc(&k, (*p >= 'A' && *p <= 'Z') ? *p + 32 : (*p == '_' ? '-' : *p));
  p = canonical_key(galley_buf_cstr(&k));
  for (i = 0; i < sizeof known / sizeof *known && !found; i++)
    found = strcmp(p, known[i]) == 0;
  galley_buf_free(&k);
  return found;
}

void galley_doc_apply_meta(galley_doc *doc, const char *key, const char *value,
                           int replace)
{
  galley_buf k = GALLEY_BUF_INIT, v = GALLEY_BUF_INIT;
  const char *p;
  if (!doc || !key || !value)
    return;
  for (p = key; *p; p++)
    galley_buf_putc(&k, (*p >= 'A' && *p <= 'Z') ? *p + 32 : (*p == '_' ? '-' : *p));
  put_clean(&v, value);
  p = canonical_key(galley_buf_cstr(&k));
  if (strcmp(p, "title") == 0)
    doc->title_hidden = 0; /* a title given is one to print */
  if (strcmp(p, "language") == 0)
    doc->language_rule = NULL; /* declared, not guessed */
  if ((strcmp(p, "author") == 0 || strcmp(p, "contributor") == 0 ||
       strcmp(p, "subject") == 0) &&
      !replace)
    galley_meta_add(&doc->meta, p, galley_buf_cstr(&v));
  else
    galley_meta_set(&doc->meta, p, galley_buf_cstr(&v));
  galley_buf_free(&k);
  galley_buf_free(&v);
}

/* ---- anchor ids --------------------------------------------------- */

/* A small open-addressing set of the ids handed out so far, so that making
 * 100,000 heading ids unique stays linear. */
typedef struct id_set {
  char **slots; /* owned strings */
  int *next;    /* per slot: the next number suffix to try after it */
  size_t cap;   /* power of two */
  size_t count;
} id_set;

static uint32_t hash_str(const char *s)
{
  return galley_fnv1a(s, strlen(s));
}

/* The slot holding s, or NULL. */
static int *id_set_find(const id_set *set, const char *s)
{
  size_t i;
  if (!set->cap)
    return NULL;
  for (i = hash_str(s) & (set->cap - 1); set->slots[i]; i = (i + 1) & (set->cap - 1))
    if (strcmp(set->slots[i], s) == 0)
      return &set->next[i];
  return NULL;
}

static int id_set_has(const id_set *set, const char *s)
{
  return id_set_find(set, s) != NULL;
}

/* Adds s (not yet in the set), its next suffix 2. */
static void id_set_add(id_set *set, const char *s)
{
  size_t i;
  if ((set->count + 1) * 2 > set->cap) {
    id_set bigger;
    bigger.cap = set->cap ? set->cap * 2 : 64;
    bigger.count = 0;
    bigger.slots = galley_xcalloc(bigger.cap, sizeof(char *));
    bigger.next = galley_xcalloc(bigger.cap, sizeof(int));
    for (i = 0; i < set->cap; i++)
      if (set->slots[i]) {
        size_t j = hash_str(set->slots[i]) & (bigger.cap - 1);
        while (bigger.slots[j])
          j = (j + 1) & (bigger.cap - 1);
        bigger.slots[j] = set->slots[i];
        bigger.next[j] = set->next[i];
        bigger.count++;
      }
    free(set->slots);
    free(set->next);
    *set = bigger;
  }
  for (i = hash_str(s) & (set->cap - 1); set->slots[i]; i = (i + 1) & (set->cap - 1))
    ;
  set->slots[i] = galley_xstrdup(s);
  set->next[i] = 2;
  set->count++;
}

static void id_set_free(id_set *set)
{
  size_t i;
  for (i = 0; i < set->cap; i++)
    free(set->slots[i]);
  free(set->slots);
  free(set->next);
}

/* Longest slug kept from a heading's text, in bytes. */
#define SLUG_MAX 48

/* Makes an XML NCName from text: ASCII letters and digits lowercased,
 * letters of other scripts kept, everything else folded into single '-'. */
static void slugify(galley_buf *out, const char *text)
{
  size_t i = 0, len = strlen(text);
  int dash = 0;
  while (i < len && out->len < SLUG_MAX) {
    int32_t cp;
    size_t n = galley_utf8_decode(text + i, len - i, &cp);
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      if (dash && out->len)
        galley_buf_putc(out, '-');
      dash = 0;
      galley_buf_putc(out, (char)cp);
    } else if (cp >= 'A' && cp <= 'Z') {
      if (dash && out->len)
        galley_buf_putc(out, '-');
      dash = 0;
      galley_buf_putc(out, (char)(cp + 32));
    } else if (cp >= 0xC0 && galley_utf8_is_letter(cp) && cp != 0xD7 && cp != 0xF7) {
      if (dash && out->len)
        galley_buf_putc(out, '-');
      dash = 0;
      galley_buf_put(out, text + i, n);
    } else if (cp == 0x2019 || cp == '\'') {
      /* apostrophes vanish: "OSCE’s" gives "osces" */
    } else {
      dash = 1;
    }
    i += n;
  }
}

void galley_doc_assign_ids(galley_doc *doc)
{
  id_set used = {NULL, NULL, 0, 0};
  galley_buf b = GALLEY_BUF_INIT;
  galley_iter *it;
  galley_event_type ev;
  galley_node **headings = NULL; /* the headings without an id, in order */
  size_t n_headings = 0, cap = 0, h;
  if (!doc)
    return;
  /* Ids already set (by a reader) are kept and reserved first; one walk
   * finds them and the headings to name. */
  it = galley_iter_new(doc->root);
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *n = galley_iter_get_node(it);
    if (ev != GALLEY_EVENT_ENTER)
      continue;
    if (galley_node_get_id(n)) {
      id_set_add(&used, galley_node_get_id(n));
    } else if (n->type == GALLEY_NODE_HEADING) {
      if (n_headings == cap) {
        cap = cap ? cap * 2 : 64;
        headings = galley_xreallocarray(headings, cap, sizeof *headings);
      }
      headings[n_headings++] = n;
    }
  }
  galley_iter_free(it);
  for (h = 0; h < n_headings; h++) {
    galley_node *n = headings[h];
    char *text;
    size_t base;
    int k, *next;
    galley_buf_clear(&b);
    text = galley_node_get_plain_text(n);
    slugify(&b, text);
    free(text);
    if (b.len == 0 || !((b.ptr[0] >= 'a' && b.ptr[0] <= 'z') ||
                        (unsigned char)b.ptr[0] >= 0xC0)) {
      galley_buf bb = GALLEY_BUF_INIT;
      galley_buf_puts(&bb, b.len ? "s-" : "section");
      galley_buf_put(&bb, galley_buf_cstr(&b), b.len);
      galley_buf_free(&b);
      b = bb;
    }
    base = b.len;
    /* a taken slug numbers its repeats "-2", "-3" ...: the search goes on
     * from where the last repeat of this slug stopped (ids are only ever
     * added, so every number before it is still taken), which keeps a
     * thousand headings of one name linear */
    next = id_set_find(&used, galley_buf_cstr(&b));
    if (next) {
      for (k = *next;; k++) {
        galley_buf_truncate(&b, base);
        galley_buf_printf(&b, "-%d", k);
        if (!id_set_has(&used, galley_buf_cstr(&b)))
          break;
      }
      *next = k + 1;
    }
    id_set_add(&used, galley_buf_cstr(&b));
    galley_node_set_id(n, galley_buf_cstr(&b));
  }
  free(headings);
  galley_buf_free(&b);
  id_set_free(&used);
}

galley_node *galley_doc_find_footnote(const galley_doc *doc, int number)
{
  galley_node *n;
  if (!doc || number < 1)
    return NULL;
  /* Notes close the document in number order: look back from its end. */
  for (n = doc->root->last_child; n && n->type == GALLEY_NODE_FOOTNOTE; n = n->prev)
    if (galley_node_get_note_number(n) == number)
      return n;
  return NULL;
}

int galley_doc_get_heading_count(const galley_doc *doc)
{
  galley_iter *it;
  galley_event_type ev;
  int n = 0;
  if (!doc)
    return 0;
  it = galley_iter_new(doc->root);
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE)
    if (ev == GALLEY_EVENT_ENTER &&
        galley_iter_get_node(it)->type == GALLEY_NODE_HEADING)
      n++;
  galley_iter_free(it);
  return n;
}

/* ---- title block -------------------------------------------------- */

static galley_node *find_child(galley_node *parent, galley_node_type type)
{
  galley_node *c;
  for (c = parent->first_child; c; c = c->next)
    if (c->type == type)
      return c;
  return NULL;
}

/* Replaces the content of the title-block child of `type` with `text`,
 * creating it (in canonical order) or removing it when text is NULL. */
static void sync_child(galley_node *tb, galley_node_type type, const char *text)
{
  galley_node *c = find_child(tb, type);
  if (!text || !*text) {
    return; /* keep what a reader put there; nothing to add */
  }
  if (c) {
    char *old = galley_node_get_plain_text(c);
    int same = strcmp(old, text) == 0;
    free(old);
    if (same)
      return;
    while (c->first_child)
      galley_node_free(c->first_child);
  } else {
    galley_node *after;
    c = galley_node_new(type);
    /* canonical order: title, subtitle, byline, date (the enum's order) */
    for (after = tb->first_child; after && after->type <= type; after = after->next)
      ;
    if (after)
      galley_node_insert_before(after, c);
    else
      galley_node_append_child(tb, c);
  }
  galley_node_append_text(c, text, strlen(text));
}

int galley_doc_get_title_shown(const galley_doc *doc)
{
  return doc ? !doc->title_hidden : 0;
}

void galley_doc_set_title_shown(galley_doc *doc, int shown)
{
  if (doc)
    doc->title_hidden = !shown;
}

galley_node *galley_doc_get_title_block(const galley_doc *doc)
{
  galley_node *c;
  if (!doc)
    return NULL;
  for (c = doc->root->first_child; c; c = c->next)
    if (c->type == GALLEY_NODE_TITLE_BLOCK)
      return c;
  return NULL;
}

/* 1 when TITLE `t` holds a headline the text gave (its reader rule names
 * how it was read), not one made from the metadata or the file name. */
static int title_from_text(const galley_node *t)
{
  return t->rule && strcmp(t->rule, "metadata") != 0 &&
         strcmp(t->rule, "title-from-file-name") != 0 &&
         strcmp(t->rule, "untitled-file-name-is-identifier") != 0;
}

/* A headline the text gave, which a title from the metadata (--title)
 * now replaces, stays in the text, as pandoc keeps a `#` heading under
 * a --metadata title: TITLE `t` becomes the body's first heading, right
 * after the title block `tb`, and the headings already there go one
 * level down under it (6 stays 6). Its inlines, source line and rule go
 * with it. */
static void keep_replaced_headline(galley_doc *doc, galley_node *tb, galley_node *t)
{
  galley_node *h = galley_node_new(GALLEY_NODE_HEADING);
  galley_iter *it = galley_iter_new(doc->root);
  galley_event_type ev;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *n = galley_iter_get_node(it);
    if (ev == GALLEY_EVENT_ENTER && n->type == GALLEY_NODE_HEADING &&
        galley_node_get_level(n) < 6)
      galley_node_set_level(n, galley_node_get_level(n) + 1);
  }
  galley_iter_free(it);
  galley_node_set_level(h, 1);
  h->rule = t->rule;
  h->line = t->line;
  while (t->first_child) {
    galley_node *c = t->first_child;
    galley_node_unlink(c);
    galley_node_append_child(h, c);
  }
  galley_node_free(t);
  if (tb->next)
    galley_node_insert_before(tb->next, h);
  else
    galley_node_append_child(doc->root, h);
}

void galley_doc_sync_title_block(galley_doc *doc)
{
  galley_node *tb;
  const galley_meta *m;
  galley_buf by = GALLEY_BUF_INIT;
  int i, n;
  if (!doc)
    return;
  m = &doc->meta;
  tb = galley_doc_get_title_block(doc);
  if (!tb) {
    galley_node *old_first = doc->root->first_child;
    tb = galley_node_new(GALLEY_NODE_TITLE_BLOCK);
    tb->rule = "metadata";
    if (old_first)
      galley_node_insert_before(old_first, tb);
    else
      galley_node_append_child(doc->root, tb);
  }
  if (!doc->title_hidden) {
    const char *title = galley_meta_get(m, "title");
    galley_node *old = find_child(tb, GALLEY_NODE_TITLE);
    if (old && title && *title && title_from_text(old)) {
      char *text = galley_node_get_plain_text(old);
      if (strcmp(text, title) != 0)
        keep_replaced_headline(doc, tb, old);
      free(text);
    }
    sync_child(tb, GALLEY_NODE_TITLE, title);
  }
  sync_child(tb, GALLEY_NODE_SUBTITLE, galley_meta_get(m, "subtitle"));
  n = galley_meta_get_count(m, "author");
  {
    /* A byline read from the text ("By Jane Doe", a name line under
     * the headline, a paper's author with an address: any reader's
     * rule) stays as written; one made from the metadata (no rule yet,
     * or "metadata") follows it (an --author override), so it is made
     * again. */
    galley_node *old = find_child(tb, GALLEY_NODE_BYLINE);
    if (old && n > 0 &&
        (!old->rule || strcmp(old->rule, "metadata") == 0 ||
         strcmp(old->rule, "metadata-block") == 0))
      galley_node_free(old);
  }
  if (n > 0 && !find_child(tb, GALLEY_NODE_BYLINE)) {
    /* in the book's language: "By A and B", "A и B" */
    const char **names = galley_xcalloc((size_t)n, sizeof *names);
    for (i = 0; i < n; i++)
      names[i] = galley_meta_get_nth(m, "author", i);
    galley_words_put_byline(&by, galley_meta_get(m, "language"), names, n);
    free(names);
    sync_child(tb, GALLEY_NODE_BYLINE, galley_buf_cstr(&by));
  }
  {
    /* an ISO date as the book's language writes it, any other as written */
    const char *date = galley_meta_get(m, "date");
    galley_buf shown = GALLEY_BUF_INIT;
    if (date && *date)
      galley_words_put_date(&shown, galley_meta_get(m, "language"), date);
    sync_child(tb, GALLEY_NODE_DATE, shown.len ? galley_buf_cstr(&shown) : NULL);
    galley_buf_free(&shown);
  }
  galley_buf_free(&by);
  if (!tb->first_child)
    galley_node_free(tb);
}
