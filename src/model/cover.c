/* cover.c: what the two editions' generated covers share (see cover.h). */
#include "cover.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/css.h"

/* The selectors the faces are read from, most specific last in each
 * part's chain (see CHAINS). */
enum { S_BODY, S_HEADER, S_H1, S_TITLE, S_P, S_SUBTITLE, S_BYLINE, S_COUNT };
static const char *const selector_names[S_COUNT] = {
    "body", "header", "h1", "h1.title", "p", "p.subtitle", "p.byline"};

/* What one selector's rules set; empty or -1: nothing. */
typedef struct decls {
  char family[256];
  int weight, italic, smallcaps;
  long color; /* -1: not set */
} decls;

static int is_space(int c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Copies [s, e) trimmed and lowercased when `lower` into out (size n). */
static void copy_trim(const char *s, const char *e, char *out, size_t n, int lower)
{
  size_t k = 0;
  while (s < e && is_space((unsigned char)*s))
    s++;
  while (e > s && is_space((unsigned char)e[-1]))
    e--;
  for (; s < e && k + 1 < n; s++)
    out[k++] = lower && *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
  out[k] = '\0';
}

static long parse_color(const char *v)
{
  unsigned x = 0;
  size_t n, i;
  if (strcmp(v, "black") == 0)
    return 0;
  if (strcmp(v, "white") == 0)
    return 0xffffff;
  if (v[0] != '#')
    return -1;
  n = strlen(v + 1);
  for (i = 1; i <= n; i++) {
    int c = v[i], d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0)
      return -1;
    x = x * 16 + (unsigned)d;
  }
  if (n == 3)
    return (long)(((x >> 8) & 15) * 0x110000 + ((x >> 4) & 15) * 0x1100 + (x & 15) * 0x11);
  return n == 6 ? (long)x : -1;
}

/* Applies the declarations [s, e) to d. */
static void apply_decls(const char *s, const char *e, decls *d)
{
  galley_css_scan sc = {s, (size_t)(e - s), 0};
  while (s < e) {
    const char *semi, *colon;
    char name[32], value[256];
    galley_css_scan_to(&sc, ";");
    semi = sc.s + sc.pos++;
    colon = memchr(s, ':', (size_t)(semi - s));
    if (colon) {
      copy_trim(s, colon, name, sizeof name, 1);
      copy_trim(colon + 1, semi, value, sizeof value, 0);
      if (strstr(value, "!important"))
        *strstr(value, "!important") = '\0';
      if (strcmp(name, "font-family") == 0 && value[0]) {
        snprintf(d->family, sizeof d->family, "%s", value);
      } else {
        char *p;
        for (p = value; *p; p++)
          if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
        if (strcmp(name, "font-weight") == 0)
          d->weight = strcmp(value, "bold") == 0 || strcmp(value, "bolder") == 0 ? 700
                      : atoi(value) >= 100 && atoi(value) <= 900 ? atoi(value)
                                                                  : 400;
        else if (strcmp(name, "font-style") == 0)
          d->italic = strcmp(value, "italic") == 0 || strcmp(value, "oblique") == 0;
        else if (strcmp(name, "font-variant") == 0)
          d->smallcaps = strstr(value, "small-caps") != NULL;
        else if (strcmp(name, "color") == 0 && parse_color(value) >= 0)
          d->color = parse_color(value);
      }
    }
    s = semi < e ? semi + 1 : e;
  }
}

/* Applies a rule with selectors [s, e) and declarations [ds, de). */
static void apply_rule(const char *s, const char *e, const char *ds, const char *de,
                       decls *slots)
{
  galley_css_scan sc = {s, (size_t)(e - s), 0};
  while (s < e) {
    const char *comma;
    char sel[64];
    int i;
    galley_css_scan_to(&sc, ",");
    comma = sc.s + sc.pos++;
    copy_trim(s, comma, sel, sizeof sel, 1);
    for (i = 0; i < S_COUNT; i++)
      if (strcmp(sel, selector_names[i]) == 0)
        apply_decls(ds, de, &slots[i]);
    s = comma < e ? comma + 1 : e;
  }
}

/* Reads the rules of [s, e), descending into @media blocks that are not
 * for screens alone. */
static void read_rules(const char *s, const char *e, decls *slots)
{
  galley_css_scan sc = {s, (size_t)(e - s), 0};
  while (sc.pos < sc.len) {
    const char *open, *body_end;
    char stop = galley_css_scan_to_flat(&sc, "{;}");
    if (stop == 0)
      return;
    open = sc.s + sc.pos;
    if (stop != '{') {
      s = open + 1;
      sc.pos++;
      continue;
    }
    galley_css_skip_block(&sc);
    body_end = sc.s + sc.pos;
    while (s < open && is_space((unsigned char)*s))
      s++;
    if (*s == '@') {
      char prelude[128];
      copy_trim(s, open, prelude, sizeof prelude, 1);
      if (strncmp(prelude, "@media", 6) == 0 &&
          !(strstr(prelude, "screen") && !strstr(prelude, "print")))
        read_rules(open + 1, body_end, slots);
    } else {
      apply_rule(s, open, open + 1, body_end, slots);
    }
    if (sc.pos < sc.len)
      sc.pos++;
    s = sc.s + sc.pos;
  }
}

/* Resolves one part's face from its chain of selectors, most specific
 * first, ending at -1, over the defaults `def`: the cascade, least
 * specific first, each property a selector sets overriding the ones
 * before it. */
static void resolve(const decls *slots, const int *chain, const cover_face *def,
                    cover_face *out)
{
  int i, n = 0;
  *out = *def;
  while (chain[n] >= 0)
    n++;
  for (i = n - 1; i >= 0; i--) {
    const decls *d = &slots[chain[i]];
    if (d->family[0])
      snprintf(out->family, sizeof out->family, "%s", d->family);
    if (d->weight >= 0)
      out->weight = d->weight;
    if (d->italic >= 0)
      out->italic = d->italic;
    if (d->smallcaps >= 0)
      out->smallcaps = d->smallcaps;
    if (d->color >= 0)
      out->color = (unsigned)d->color;
  }
}

void cover_style_read(const char *css, size_t len, cover_style *out)
{
  static const int title[] = {S_TITLE, S_H1, S_HEADER, S_BODY, -1};
  static const int subtitle[] = {S_SUBTITLE, S_P, S_HEADER, S_BODY, -1};
  static const int byline[] = {S_BYLINE, S_P, S_HEADER, S_BODY, -1};
  decls slots[S_COUNT];
  char *clean;
  size_t clean_len;
  int k;

  for (k = 0; k < S_COUNT; k++) {
    slots[k].family[0] = '\0';
    slots[k].weight = slots[k].italic = slots[k].smallcaps = -1;
    slots[k].color = -1;
  }
  /* comments out, so that a brace or quote in one cannot mislead */
  clean = galley_css_strip_comments(css ? css : "", css ? len : 0, &clean_len);
  read_rules(clean, clean + clean_len, slots);
  free(clean);
  /* the print edition's defaults for what the sheet leaves unsaid
   * (pdf_style.c): a bold title, an italic subtitle, a byline in small
   * capitals, so that both covers look as the printed title page does */
  resolve(slots, title, &(cover_face){"serif", 700, 0, 0, 0}, &out->title);
  resolve(slots, subtitle, &(cover_face){"serif", 400, 1, 0, 0}, &out->subtitle);
  resolve(slots, byline, &(cover_face){"serif", 400, 0, 1, 0}, &out->byline);
}

int cover_is_none(const char *value)
{
  const char *n = "none";
  if (!value)
    return 0;
  for (; *n; n++, value++)
    if ((*value | 0x20) != *n)
      return 0;
  return *value == '\0';
}

int cover_is_generated(const galley_doc *doc, unsigned flags)
{
  const galley_meta *meta = galley_doc_get_meta(doc);
  const char *cover = galley_meta_get(meta, "cover");
  const char *title = galley_meta_get(meta, "title");
  if (flags & GALLEY_OPT_NO_COVER)
    return 0;
  if (cover && *cover)
    return 0; /* an image, or "none" */
  /* a title no cover can hold (the type would shrink past reading, and
   * balancing its lines costs the square of its words): the title page
   * carries it, the book gets no generated cover */
  if (title && strlen(title) > COVER_TITLE_MAX)
    return 0;
  return galley_doc_get_title_shown(doc) && title && *title;
}

char *cover_authors_line(const galley_doc *doc)
{
  const galley_meta *meta = galley_doc_get_meta(doc);
  int n = galley_meta_get_count(meta, "author"), i;
  galley_buf b = GALLEY_BUF_INIT;
  for (i = 0; i < n; i++) {
    const char *a = galley_meta_get_nth(meta, "author", i);
    if (!a || !*a)
      continue;
    if (b.len > 0)
      galley_buf_puts(&b, ", ");
    galley_buf_puts(&b, a);
  }
  return b.len > 0 ? galley_buf_detach(&b, NULL) : (galley_buf_free(&b), NULL);
}

char *cover_small_line(const galley_doc *doc)
{
  const galley_meta *meta = galley_doc_get_meta(doc);
  const char *series = galley_meta_get(meta, "series");
  const char *pos = galley_meta_get(meta, "series-position");
  const char *publisher = galley_meta_get(meta, "publisher");
  galley_buf b = GALLEY_BUF_INIT;
  if (series && *series) {
    galley_buf_puts(&b, series);
    if (pos && *pos) {
      galley_buf_puts(&b, " \xc2\xb7 "); /* a middle dot */
      galley_buf_puts(&b, pos);
    }
  } else if (publisher && *publisher) {
    galley_buf_puts(&b, publisher);
  }
  return b.len > 0 ? galley_buf_detach(&b, NULL) : (galley_buf_free(&b), NULL);
}
