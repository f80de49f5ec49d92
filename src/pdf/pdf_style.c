/* pdf_style.c: the CSS subset the PDF writer honours (README.md, "Styles").
 *
 * The style sheet is user input, so this is a tolerant reader in the
 * spirit of CSS's own error recovery (CSS Syntax Level 3, section 2.2):
 * comments, strings, at-rules and garbage are skipped, a declaration that
 * is not understood is dropped alone, and every number is clamped to a
 * sane range. What is read:
 *
 *   properties  font-family font-size font-weight font-style font-variant
 *               line-height text-align text-indent margin(-*) color
 *               hyphens page-break-before/after/inside break-before/after/
 *               inside widows orphans text-decoration padding(-*)
 *               border-top/-bottom (their widths: a table's rules)
 *   selectors   element names, .classes, el.class, and combinations with
 *               descendant ( ), child (>), adjacent (+) and sibling (~)
 *   at-rules    @page { size; margin(-*) }, @page :left and :right
 *               { margin(-*) } (mirrored margins), @font-face { src: url() },
 *               @media (types print and all; width, height, min-/max-
 *               and orientation, against the page: see media_matches)
 *
 * A built-in sheet (ua_css below) comes first, so a short user sheet still
 * gives a sensible page. Cascade: importance, then specificity, then order.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pdf_private.h"
#include "../util/alloc.h"
#include "../util/css.h"

/* Generic families map to the bundled faces: the private fontconfig has
 * no aliases, so "serif" would otherwise match whatever sorts first. */
#define PDF_SERIF "Noto Serif"
#define PDF_SANS "Noto Sans"
#define PDF_MONO "DejaVu Sans Mono"

/* Selector parts beyond this are not needed by any sensible sheet; longer
 * selectors are dropped rather than allocated without bound. */
#define SEL_MAX_PARTS 8
#define SEL_MAX_CLASSES 4
#define NAME_MAX_LEN 32
/* Selector buckets an element is looked up in: any, its name, and its
 * classes (galley's elements have at most two). */
#define ELEM_MAX_BUCKETS 8
/* The tallest line, pt: five inches, within the text column of an A5
 * page with wide margins. */
#define PDF_MAX_PITCH 360.0

static const char ua_css[] =
    "body { font-family: serif; font-size: 11pt; line-height: 1.35;"
    " color: #000; widows: 2; orphans: 2; text-align: left }\n"
    "p { margin: 0 }\n"
    "h1, h2, h3, h4, h5, h6 { font-weight: bold; hyphens: none;"
    " break-after: avoid; break-inside: avoid; text-indent: 0 }\n"
    "h1 { font-size: 2em; margin: 0.67em 0 } h2 { font-size: 1.5em;"
    " margin: 0.83em 0 } h3 { font-size: 1.17em; margin: 1em 0 }"
    " h4 { margin: 1.33em 0 } h5 { font-size: 0.83em; margin: 1.67em 0 }"
    " h6 { font-size: 0.67em; margin: 2.33em 0 }\n"
    "blockquote { margin: 1em 2em } figure { margin: 1em 0; break-inside:"
    " avoid } figcaption { font-size: 0.85em; text-indent: 0 }\n"
    ".credit { font-size: 0.8em; font-variant: small-caps; text-indent: 0 }\n"
    "pre { font-family: monospace; font-size: 0.85em; margin: 1em 0;"
    " text-align: left; hyphens: none; text-indent: 0 }\n"
    "code { font-family: monospace; hyphens: none } em { font-style: italic }"
    " strong { font-weight: bold }\n"
    ".dateline { font-variant: all-small-caps } .smallcaps { font-variant:"
    " small-caps }\n"
    "ul, ol { margin: 1em 0 1em 1.5em } li { text-indent: 0 }"
    " hr { margin: 1em 0 }\n"
    "header { margin: 0 0 2em 0; text-align: center; text-indent: 0 }\n"
    ".title { font-size: 2em; margin: 0 0 0.3em 0; text-align: center }\n"
    ".subtitle { font-size: 1.2em; font-style: italic }\n"
    ".byline { font-variant: small-caps; margin-top: 0.8em } .date {"
    " font-size: 0.9em }\n"
    "aside.footnote { font-size: 0.8em; line-height: 1.3; text-indent: 0 }"
    " aside.footnote p { text-indent: 1em }\n";

/* ------------------------------------------------------------------ */
/* The parsed sheet                                                    */
/* ------------------------------------------------------------------ */

/* Names (element names and classes) are interned: each distinct name is
 * stored once in the sheet's pool and known by a small id, so a selector
 * costs a few integers however long the sheet. */
typedef struct sel_part {
  int tag;            /* name id; -1: any element */
  int cls;            /* index of its first class id in sheet->cls */
  unsigned char n_cls;/* required classes, at most SEL_MAX_CLASSES */
  char comb;          /* combinator to the part before: ' ', '>', '+', '~' */
} sel_part;

typedef struct selector {
  int part;         /* index of its first part in sheet->parts */
  int n_parts;
  int specificity;  /* classes * 100 + elements */
  int rule;         /* index of its rule */
} selector;

typedef struct decl {
  char *name;      /* owned, lower case */
  char *value;     /* owned, trimmed, without !important */
  int important;
  int side;        /* @page only: PDF_PAGE_ANY, _LEFT or _RIGHT */
} decl;

typedef struct rule {
  decl *decls;     /* owned */
  int n_decls;
} rule;

struct pdf_sheet {
  selector *sels;  /* owned, in source order */
  int n_sels, cap_sels;
  sel_part *parts; /* owned: the parts of every selector */
  int n_parts, cap_parts;
  int *cls;        /* owned: the class ids of every part */
  int n_cls, cap_cls;
  galley_buf pool; /* owned: every interned name, NUL-terminated */
  int *name_off;   /* owned: pool offset of each name id */
  int n_names, cap_names;
  int *name_table; /* owned: open-addressing table of name ids (-1:
                      empty), `table_cap` slots, a power of two */
  int table_cap;
  /* Selectors by the name their rightmost part needs (its first class,
   * else its element name), so an element is tried only against the
   * selectors that can match it: those of bucket i are
   * bucket_sels[bucket_start[i] .. bucket_start[i + 1]), in source order;
   * those that need no name (`*`) are in any_sels. Built once parsed. */
  int *bucket_start; /* owned, n_names + 1 entries */
  int *bucket_sels;  /* owned */
  int *any_sels;     /* owned */
  int n_any;
  rule *rules;     /* owned */
  int n_rules, cap_rules;
  decl *page;      /* owned: @page declarations */
  int n_page, cap_page;
  char **fonts;    /* owned: @font-face files */
  int n_fonts, cap_fonts;
  char *base_dir;  /* owned, or NULL */
  double media_w, media_h; /* the page @media queries are asked about,
                              points; 0: not known, and no size feature
                              matches */
};

/* ------------------------------------------------------------------ */
/* Scanning                                                            */
/* ------------------------------------------------------------------ */

static char *trim_copy(const char *s, size_t len)
{
  while (len > 0 && isspace((unsigned char)*s)) {
    s++;
    len--;
  }
  while (len > 0 && isspace((unsigned char)s[len - 1]))
    len--;
  return galley_xstrndup(s, len);
}

/* Parses `name: value; ...` into a growing decl array. */
static void parse_decls(const char *s, size_t len, decl **arr, int *n, int *cap)
{
  galley_css_scan sc;
  sc.s = s;
  sc.len = len;
  sc.pos = 0;
  while (sc.pos < sc.len) {
    size_t start = sc.pos, colon, end;
    char stop = galley_css_scan_to(&sc, ";:{");
    char *name, *value;
    size_t vlen;
    if (stop == '{') { /* a nested block (margin boxes): skipped */
      size_t a, b;
      galley_css_scan_block(&sc, &a, &b);
      continue;
    }
    if (stop != ':') {
      if (stop == ';')
        sc.pos++;
      continue;
    }
    colon = sc.pos++;
    stop = galley_css_scan_to(&sc, ";{");
    if (stop == '{') {
      size_t a, b;
      galley_css_scan_block(&sc, &a, &b);
      continue;
    }
    end = sc.pos;
    if (stop == ';')
      sc.pos++;
    name = trim_copy(s + start, colon - start);
    value = trim_copy(s + colon + 1, end - colon - 1);
    {
      char *p;
      for (p = name; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    }
    if (!*name || !*value || strlen(name) >= NAME_MAX_LEN) {
      free(name);
      free(value);
      continue;
    }
    if (*n == *cap) {
      *cap = *cap ? *cap * 2 : 8;
      *arr = galley_xreallocarray(*arr, (size_t)*cap, sizeof **arr);
    }
    (*arr)[*n].important = 0;
    (*arr)[*n].side = PDF_PAGE_ANY;
    vlen = strlen(value);
    {
      char *bang = strrchr(value, '!');
      if (bang && strncasecmp(bang + 1, "important", 9) == 0) {
        (*arr)[*n].important = 1;
        *bang = '\0';
        vlen = (size_t)(bang - value);
        while (vlen > 0 && isspace((unsigned char)value[vlen - 1]))
          value[--vlen] = '\0';
      }
    }
    (*arr)[*n].name = name;
    (*arr)[*n].value = value;
    (*n)++;
  }
}

static int is_name_char(char c)
{
  return isalnum((unsigned char)c) || c == '-' || c == '_';
}

/* Reads a name (element or class) at *p into `out`; returns its length or
 * 0 when there is none or it is too long. */
static size_t read_name(const char **p, char *out)
{
  size_t n = 0;
  while (is_name_char((*p)[n]))
    n++;
  if (n == 0 || n >= NAME_MAX_LEN)
    return 0;
  memcpy(out, *p, n);
  out[n] = '\0';
  *p += n;
  return n;
}

static unsigned hash_name(const char *s, size_t n)
{
  unsigned h = 2166136261u; /* FNV-1a */
  size_t i;
  for (i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

/* The id of the `n`-byte name at `s`, or -1 when the sheet never names it. */
static int lookup_name(const pdf_sheet *sh, const char *s, size_t n)
{
  unsigned mask, i;
  if (sh->table_cap == 0)
    return -1;
  mask = (unsigned)sh->table_cap - 1;
  for (i = hash_name(s, n) & mask; sh->name_table[i] >= 0; i = (i + 1) & mask) {
    const char *name = sh->pool.ptr + sh->name_off[sh->name_table[i]];
    if (strncmp(name, s, n) == 0 && name[n] == '\0')
      return sh->name_table[i];
  }
  return -1;
}

static void table_insert(pdf_sheet *sh, int id)
{
  const char *name = sh->pool.ptr + sh->name_off[id];
  unsigned mask = (unsigned)sh->table_cap - 1, i;
  for (i = hash_name(name, strlen(name)) & mask; sh->name_table[i] >= 0; i = (i + 1) & mask)
    ;
  sh->name_table[i] = id;
}

/* The id of `name`, interned when new. */
static int intern_name(pdf_sheet *sh, const char *name)
{
  size_t n = strlen(name);
  int id = lookup_name(sh, name, n), i;
  if (id >= 0)
    return id;
  if (sh->n_names + 1 > sh->table_cap / 2) {
    free(sh->name_table);
    sh->table_cap = sh->table_cap ? sh->table_cap * 2 : 64;
    sh->name_table = galley_xmalloc((size_t)sh->table_cap * sizeof *sh->name_table);
    for (i = 0; i < sh->table_cap; i++)
      sh->name_table[i] = -1;
    for (i = 0; i < sh->n_names; i++)
      table_insert(sh, i);
  }
  if (sh->n_names == sh->cap_names) {
    sh->cap_names = sh->cap_names ? sh->cap_names * 2 : 64;
    sh->name_off = galley_xreallocarray(sh->name_off, (size_t)sh->cap_names,
                                        sizeof *sh->name_off);
  }
  id = sh->n_names++;
  sh->name_off[id] = (int)sh->pool.len;
  galley_buf_put(&sh->pool, name, n + 1);
  table_insert(sh, id);
  return id;
}

static const char *name_of(const pdf_sheet *sh, int id)
{
  return sh->pool.ptr + sh->name_off[id];
}

/* A selector part as it is read, before it is stored. */
typedef struct read_part {
  char tag[NAME_MAX_LEN];                     /* "" or "*": any element */
  char cls[SEL_MAX_CLASSES][NAME_MAX_LEN];    /* required classes */
  int n_cls;
  char comb;
} read_part;

/* Parses one complex selector (no commas) into `parts`, `*out_n` of them,
 * and its specificity. Returns 0 when it uses what the subset does not
 * have (ids, attributes, pseudo-classes). */
static int parse_selector(const char *s, read_part parts[SEL_MAX_PARTS], int *out_n,
                          int *out_specificity)
{
  const char *p = s;
  char comb = ' ';
  int n = 0, specificity = 0;
  while (*p) {
    read_part *part;
    while (isspace((unsigned char)*p))
      p++;
    if (!*p)
      break;
    if (*p == '>' || *p == '+' || *p == '~') {
      if (n == 0)
        return 0;
      comb = *p++;
      continue;
    }
    if (n == SEL_MAX_PARTS)
      return 0;
    part = &parts[n];
    memset(part, 0, sizeof *part);
    part->comb = comb;
    comb = ' ';
    if (*p == '*') {
      p++;
    } else if (is_name_char(*p)) {
      char *t;
      if (!read_name(&p, part->tag))
        return 0;
      for (t = part->tag; *t; t++)
        *t = (char)tolower((unsigned char)*t);
      specificity += 1;
    }
    while (*p == '.') {
      p++;
      if (part->n_cls == SEL_MAX_CLASSES || !read_name(&p, part->cls[part->n_cls]))
        return 0;
      part->n_cls++;
      specificity += 100;
    }
    if (*p && !isspace((unsigned char)*p) && *p != '>' && *p != '+' && *p != '~')
      return 0; /* '#', ':', '[', or garbage */
    n++;
  }
  *out_n = n;
  *out_specificity = specificity;
  return n > 0;
}

/* Stores a parsed selector of rule `rule`. */
static void add_selector(pdf_sheet *sh, const read_part *rp, int n, int specificity,
                         int rule_index)
{
  selector *sel;
  int i, k;
  if (sh->n_sels == sh->cap_sels) {
    sh->cap_sels = sh->cap_sels ? sh->cap_sels * 2 : 32;
    sh->sels = galley_xreallocarray(sh->sels, (size_t)sh->cap_sels, sizeof *sh->sels);
  }
  sel = &sh->sels[sh->n_sels++];
  sel->part = sh->n_parts;
  sel->n_parts = n;
  sel->specificity = specificity;
  sel->rule = rule_index;
  for (i = 0; i < n; i++) {
    sel_part *part;
    if (sh->n_parts == sh->cap_parts) {
      sh->cap_parts = sh->cap_parts ? sh->cap_parts * 2 : 64;
      sh->parts = galley_xreallocarray(sh->parts, (size_t)sh->cap_parts,
                                       sizeof *sh->parts);
    }
    part = &sh->parts[sh->n_parts++];
    part->tag = rp[i].tag[0] && strcmp(rp[i].tag, "*") != 0 ? intern_name(sh, rp[i].tag) : -1;
    part->cls = sh->n_cls;
    part->n_cls = (unsigned char)rp[i].n_cls;
    part->comb = rp[i].comb;
    for (k = 0; k < rp[i].n_cls; k++) {
      if (sh->n_cls == sh->cap_cls) {
        sh->cap_cls = sh->cap_cls ? sh->cap_cls * 2 : 64;
        sh->cls = galley_xreallocarray(sh->cls, (size_t)sh->cap_cls, sizeof *sh->cls);
      }
      sh->cls[sh->n_cls++] = intern_name(sh, rp[i].cls[k]);
    }
  }
}

static unsigned sel_hash(const pdf_sheet *sh, const selector *s)
{
  unsigned h = (unsigned)s->n_parts;
  int i, k;
  for (i = 0; i < s->n_parts; i++) {
    const sel_part *part = &sh->parts[s->part + i];
    h = h * 31u + (unsigned)part->tag;
    h = h * 31u + (unsigned char)part->comb;
    for (k = 0; k < part->n_cls; k++)
      h = h * 31u + (unsigned)sh->cls[part->cls + k];
  }
  return h;
}

static int sel_equal(const pdf_sheet *sh, const selector *a, const selector *b)
{
  int i, k;
  if (a->n_parts != b->n_parts)
    return 0;
  for (i = 0; i < a->n_parts; i++) {
    const sel_part *x = &sh->parts[a->part + i], *y = &sh->parts[b->part + i];
    if (x->tag != y->tag || x->comb != y->comb || x->n_cls != y->n_cls)
      return 0;
    for (k = 0; k < x->n_cls; k++)
      if (sh->cls[x->cls + k] != sh->cls[y->cls + k])
        return 0;
  }
  return 1;
}

/* Drops the selector just added when the same rule already has one equal
 * to it ("p, p, p ..."): it would match the same elements with the same
 * specificity and apply the same declarations. `seen` is a table of
 * `*cap` selector indices (-1: empty), grown here. */
static void drop_duplicate(pdf_sheet *sh, int **seen, int *cap, int *used)
{
  int id = sh->n_sels - 1, i;
  const selector *s = &sh->sels[id];
  unsigned mask, j;
  if (*used + 1 > *cap / 2) {
    int old_cap = *cap, *old = *seen;
    *cap = old_cap ? old_cap * 2 : 16;
    *seen = galley_xmalloc((size_t)*cap * sizeof **seen);
    for (i = 0; i < *cap; i++)
      (*seen)[i] = -1;
    mask = (unsigned)*cap - 1;
    for (i = 0; i < old_cap; i++) {
      if (old[i] < 0)
        continue;
      for (j = sel_hash(sh, &sh->sels[old[i]]) & mask; (*seen)[j] >= 0; j = (j + 1) & mask)
        ;
      (*seen)[j] = old[i];
    }
    free(old);
  }
  mask = (unsigned)*cap - 1;
  for (j = sel_hash(sh, s) & mask; (*seen)[j] >= 0; j = (j + 1) & mask)
    if (sel_equal(sh, &sh->sels[(*seen)[j]], s)) {
      sh->n_cls = sh->parts[s->part].cls;
      sh->n_parts = s->part;
      sh->n_sels--;
      return;
    }
  (*seen)[j] = id;
  (*used)++;
}

static void add_rule(pdf_sheet *sh, const char *prelude, size_t plen,
                     const char *body, size_t blen)
{
  int *seen = NULL, seen_cap = 0, seen_used = 0;
  char *pre = galley_xstrndup(prelude, plen);
  rule r;
  char *tok, *save = NULL;
  int index = sh->n_rules, any = 0;

  memset(&r, 0, sizeof r);
  {
    int cap = 0;
    parse_decls(body, blen, &r.decls, &r.n_decls, &cap);
  }
  for (tok = strtok_r(pre, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    read_part parts[SEL_MAX_PARTS];
    int n, specificity;
    if (!parse_selector(tok, parts, &n, &specificity))
      continue;
    add_selector(sh, parts, n, specificity, index);
    drop_duplicate(sh, &seen, &seen_cap, &seen_used);
    any = 1;
  }
  free(seen);
  free(pre);
  if (!any) {
    int i;
    for (i = 0; i < r.n_decls; i++) {
      free(r.decls[i].name);
      free(r.decls[i].value);
    }
    free(r.decls);
    return;
  }
  if (sh->n_rules == sh->cap_rules) {
    sh->cap_rules = sh->cap_rules ? sh->cap_rules * 2 : 32;
    sh->rules = galley_xreallocarray(sh->rules, (size_t)sh->cap_rules, sizeof *sh->rules);
  }
  sh->rules[sh->n_rules++] = r;
}

/* Takes the font files of an @font-face `src` value: each url(...). */
static void add_font_face(pdf_sheet *sh, const char *body, size_t blen)
{
  decl *d = NULL;
  int n = 0, cap = 0, i;
  parse_decls(body, blen, &d, &n, &cap);
  for (i = 0; i < n; i++) {
    const char *p = d[i].value;
    if (strcmp(d[i].name, "src") != 0)
      continue;
    while ((p = strstr(p, "url(")) != NULL) {
      const char *q = p + 4, *e;
      char quote = 0;
      galley_buf path = GALLEY_BUF_INIT;
      while (isspace((unsigned char)*q))
        q++;
      if (*q == '"' || *q == '\'')
        quote = *q++;
      e = q;
      while (*e && (quote ? *e != quote : (*e != ')' && !isspace((unsigned char)*e))))
        e++;
      if (e > q && strncmp(q, "data:", 5) != 0 && !strstr(q, "://")) {
        if (*q != '/' && sh->base_dir)
          galley_buf_printf(&path, "%s/", sh->base_dir);
        galley_buf_put(&path, q, (size_t)(e - q));
        if (sh->n_fonts == sh->cap_fonts) {
          sh->cap_fonts = sh->cap_fonts ? sh->cap_fonts * 2 : 4;
          sh->fonts = galley_xreallocarray(sh->fonts, (size_t)sh->cap_fonts,
                                           sizeof *sh->fonts);
        }
        sh->fonts[sh->n_fonts++] = galley_buf_detach(&path, NULL);
      }
      galley_buf_free(&path);
      p = *e ? e + 1 : e;
    }
  }
  for (i = 0; i < n; i++) {
    free(d[i].name);
    free(d[i].value);
  }
  free(d);
}

static int parse_length(const char **p, double em, double pct, double *out);

/* Whether one media feature, `(name: value)` without its brackets,
 * holds for the page of `sh`. Lengths in em count 12pt, CSS's initial
 * font size. A feature not known here does not hold. */
static int media_feature_matches(const pdf_sheet *sh, const char *f, size_t len)
{
  char name[NAME_MAX_LEN], *value;
  const char *colon = memchr(f, ':', len), *p;
  size_t n;
  double x, have;
  int ok = 0, kind; /* kind: 0 exact, 1 min-, 2 max- */
  if (!colon)
    return 0;
  value = trim_copy(colon + 1, len - (size_t)(colon + 1 - f));
  p = f;
  while (p < colon && isspace((unsigned char)*p))
    p++;
  n = 0;
  while (p + n < colon && is_name_char(p[n]) && n + 1 < sizeof name) {
    name[n] = (char)tolower((unsigned char)p[n]);
    n++;
  }
  name[n] = '\0';
  kind = strncmp(name, "min-", 4) == 0 ? 1 : strncmp(name, "max-", 4) == 0 ? 2 : 0;
  if (strcmp(name, "orientation") == 0) {
    ok = sh->media_w > 0 &&
         ((strcasecmp(value, "portrait") == 0 && sh->media_h >= sh->media_w) ||
          (strcasecmp(value, "landscape") == 0 && sh->media_w > sh->media_h));
  } else if (strcmp(name + (kind ? 4 : 0), "width") == 0 ||
             strcmp(name + (kind ? 4 : 0), "height") == 0) {
    const char *v = value;
    have = name[kind ? 4 : 0] == 'w' ? sh->media_w : sh->media_h;
    if (have > 0 && parse_length(&v, 12.0, 0, &x) && *v == '\0')
      /* a hundredth of a point of slack: A4 is 595.2756pt, 210mm */
      ok = kind == 1 ? have >= x - 0.01 : kind == 2 ? have <= x + 0.01
                                                   : fabs(have - x) <= 0.01;
  }
  free(value);
  return ok;
}

/* Whether the @media query list `q` (`len` bytes) holds for the page:
 * one of its comma-separated queries does, each being an optional `only`
 * or `not`, a media type (print and all hold, screen and the rest do
 * not) and/or features joined by `and`. The print edition is print. */
static int media_matches(const pdf_sheet *sh, const char *q, size_t len)
{
  size_t i = 0;
  while (i <= len) {
    size_t e = i;
    int ok = 1, negate = 0, first = 1;
    while (e < len && q[e] != ',')
      e++;
    {
      size_t k = i;
      while (k < e) {
        char word[NAME_MAX_LEN];
        size_t n = 0;
        while (k < e && isspace((unsigned char)q[k]))
          k++;
        if (k >= e)
          break;
        if (q[k] == '(') {
          size_t c = k + 1;
          while (c < e && q[c] != ')')
            c++;
          if (c >= e || !media_feature_matches(sh, q + k + 1, c - k - 1))
            ok = 0;
          k = c + 1;
          first = 0;
          continue;
        }
        while (k < e && is_name_char(q[k])) {
          if (n + 1 < sizeof word)
            word[n++] = (char)tolower((unsigned char)q[k]);
          k++;
        }
        word[n] = '\0';
        if (n == 0) { /* garbage: the query does not hold */
          ok = 0;
          break;
        }
        if (first && strcmp(word, "not") == 0)
          negate = 1;
        else if (first && strcmp(word, "only") == 0)
          ;
        else if (strcmp(word, "and") == 0)
          ;
        else if (strcmp(word, "print") != 0 && strcmp(word, "all") != 0)
          ok = 0;
        else
          first = 0;
      }
    }
    if (ok != negate)
      return 1;
    i = e + 1;
  }
  return 0;
}

/* @media blocks nested deeper than this are skipped: no sheet needs it,
 * and it bounds the recursion on hostile input. */
#define MEDIA_MAX_DEPTH 4

/* Reads the rules of `len` bytes of comment-free CSS at `css`. */
static void parse_rules(pdf_sheet *sh, const char *css, size_t len, int depth)
{
  galley_css_scan sc;
  sc.s = css;
  sc.len = len;
  sc.pos = 0;
  while (sc.pos < sc.len) {
    size_t start;
    char stop;
    while (sc.pos < sc.len && isspace((unsigned char)css[sc.pos]))
      sc.pos++;
    if (sc.pos >= sc.len)
      break;
    start = sc.pos;
    if (css[sc.pos] == '@') {
      char name[NAME_MAX_LEN] = "";
      const char *p = css + sc.pos + 1;
      size_t a, b, prelude, prelude_end;
      read_name(&p, name);
      prelude = (size_t)(p - css);
      stop = galley_css_scan_to(&sc, ";{");
      if (stop == ';') {
        sc.pos++;
        continue;
      }
      if (stop != '{')
        break;
      prelude_end = sc.pos;
      galley_css_scan_block(&sc, &a, &b);
      if (strcasecmp(name, "page") == 0) {
        /* @page :left and :right give the margins of left-hand (even)
         * and right-hand (odd) pages; :first and the like are read as
         * @page. */
        char *sel = galley_xstrndup(css + prelude, prelude_end - prelude), *c;
        int side, first = sh->n_page, k;
        for (c = sel; *c; c++)
          *c = (char)tolower((unsigned char)*c);
        side = strstr(sel, ":left") ? PDF_PAGE_LEFT
               : strstr(sel, ":right") ? PDF_PAGE_RIGHT : PDF_PAGE_ANY;
        free(sel);
        parse_decls(css + a, b - a, &sh->page, &sh->n_page, &sh->cap_page);
        for (k = first; k < sh->n_page; k++)
          sh->page[k].side = side;
      } else if (strcasecmp(name, "font-face") == 0) {
        add_font_face(sh, css + a, b - a);
      } else if (strcasecmp(name, "media") == 0 && depth < MEDIA_MAX_DEPTH &&
                 media_matches(sh, css + prelude, prelude_end - prelude)) {
        parse_rules(sh, css + a, b - a, depth + 1);
      }
      /* @supports and the rest: skipped whole. */
      continue;
    }
    stop = galley_css_scan_to(&sc, "{}");
    if (stop == '}') { /* a stray closing brace: CSS drops it */
      sc.pos++;
      continue;
    }
    if (stop != '{')
      break;
    {
      size_t a, b, plen = sc.pos - start;
      galley_css_scan_block(&sc, &a, &b);
      add_rule(sh, css + start, plen, css + a, b - a);
    }
  }
}

static void parse_sheet(pdf_sheet *sh, const char *css, size_t len)
{
  size_t clean_len;
  char *clean = galley_css_strip_comments(css, len, &clean_len);
  parse_rules(sh, clean, clean_len, 0);
  free(clean);
}

/* The name id selector `s` is filed under, or -1 for any_sels. */
static int bucket_of(const pdf_sheet *sh, const selector *s)
{
  const sel_part *last = &sh->parts[s->part + s->n_parts - 1];
  if (last->n_cls > 0)
    return sh->cls[last->cls];
  return last->tag;
}

static void build_buckets(pdf_sheet *sh)
{
  int i, *fill;
  sh->bucket_start = galley_xcalloc((size_t)sh->n_names + 1, sizeof *sh->bucket_start);
  sh->bucket_sels = galley_xmalloc(((size_t)sh->n_sels + 1) * sizeof *sh->bucket_sels);
  sh->any_sels = galley_xmalloc(((size_t)sh->n_sels + 1) * sizeof *sh->any_sels);
  for (i = 0; i < sh->n_sels; i++) {
    int b = bucket_of(sh, &sh->sels[i]);
    if (b >= 0)
      sh->bucket_start[b + 1]++;
  }
  for (i = 0; i < sh->n_names; i++)
    sh->bucket_start[i + 1] += sh->bucket_start[i];
  fill = galley_xmalloc(((size_t)sh->n_names + 1) * sizeof *fill);
  memcpy(fill, sh->bucket_start, ((size_t)sh->n_names + 1) * sizeof *fill);
  for (i = 0; i < sh->n_sels; i++) {
    int b = bucket_of(sh, &sh->sels[i]);
    if (b >= 0)
      sh->bucket_sels[fill[b]++] = i;
    else
      sh->any_sels[sh->n_any++] = i;
  }
  free(fill);
}

pdf_sheet *pdf_sheet_new(const char *css, size_t len, const char *base_dir)
{
  return pdf_sheet_new_for_page(css, len, base_dir, 0, 0);
}

pdf_sheet *pdf_sheet_new_for_page(const char *css, size_t len, const char *base_dir,
                                  double page_w, double page_h)
{
  pdf_sheet *sh = galley_xcalloc(1, sizeof *sh);
  sh->base_dir = base_dir ? galley_xstrdup(base_dir) : NULL;
  sh->media_w = page_w > 0 ? page_w : 0;
  sh->media_h = page_h > 0 ? page_h : 0;
  parse_sheet(sh, ua_css, sizeof ua_css - 1);
  if (css && len > 0)
    parse_sheet(sh, css, len);
  build_buckets(sh);
  return sh;
}

static void free_decls(decl *d, int n)
{
  int i;
  for (i = 0; i < n; i++) {
    free(d[i].name);
    free(d[i].value);
  }
  free(d);
}

void pdf_sheet_free(pdf_sheet *sh)
{
  int i;
  if (!sh)
    return;
  for (i = 0; i < sh->n_rules; i++)
    free_decls(sh->rules[i].decls, sh->rules[i].n_decls);
  free(sh->rules);
  free(sh->sels);
  free(sh->parts);
  free(sh->cls);
  galley_buf_free(&sh->pool);
  free(sh->name_off);
  free(sh->name_table);
  free(sh->bucket_start);
  free(sh->bucket_sels);
  free(sh->any_sels);
  free_decls(sh->page, sh->n_page);
  for (i = 0; i < sh->n_fonts; i++)
    free(sh->fonts[i]);
  free(sh->fonts);
  free(sh->base_dir);
  free(sh);
}

int pdf_sheet_get_font_file_count(const pdf_sheet *sheet)
{
  return sheet ? sheet->n_fonts : 0;
}

const char *pdf_sheet_get_font_file(const pdf_sheet *sheet, int i)
{
  return sheet && i >= 0 && i < sheet->n_fonts ? sheet->fonts[i] : NULL;
}

/* ------------------------------------------------------------------ */
/* Values                                                              */
/* ------------------------------------------------------------------ */

static double clamp(double v, double lo, double hi)
{
  if (!(v == v)) /* NaN */
    return lo;
  return v < lo ? lo : v > hi ? hi : v;
}

/* Parses a length at *p (advancing it) in points. `em` is the font size
 * em refers to; `pct` what 100% means (0: percentages refused). Returns 1
 * on success. A bare 0 is a length. */
static int parse_length(const char **p, double em, double pct, double *out)
{
  char *end;
  double v;
  const char *s = *p;
  while (isspace((unsigned char)*s))
    s++;
  v = strtod(s, &end);
  if (end == s || !isfinite(v))
    return 0;
  s = end;
  if (strncasecmp(s, "pt", 2) == 0) { s += 2; }
  else if (strncasecmp(s, "px", 2) == 0) { v *= 0.75; s += 2; }
  else if (strncasecmp(s, "mm", 2) == 0) { v *= 72.0 / 25.4; s += 2; }
  else if (strncasecmp(s, "cm", 2) == 0) { v *= 72.0 / 2.54; s += 2; }
  else if (strncasecmp(s, "in", 2) == 0) { v *= 72.0; s += 2; }
  else if (strncasecmp(s, "pc", 2) == 0) { v *= 12.0; s += 2; }
  else if (strncasecmp(s, "rem", 3) == 0) { v *= 11.0; s += 3; }
  else if (strncasecmp(s, "em", 2) == 0) { v *= em; s += 2; }
  else if (strncasecmp(s, "ex", 2) == 0) { v *= em * 0.5; s += 2; }
  else if (*s == '%') {
    if (pct <= 0)
      return 0;
    v = v * pct / 100.0;
    s++;
  } else if (v != 0) {
    return 0; /* a number without a unit is not a length */
  }
  if (is_name_char(*s))
    return 0;
  *p = s;
  *out = v;
  return 1;
}

/* The darkest neutral grey still printed as a grey: a text colour of
 * equal channels at or below it (the #1a1a1a, #202020 that soften body
 * text on a screen) is printed as black, one ink at full strength, rather
 * than a 90 % screen that breaks up the thin strokes of the type. A grey
 * above it (#555555 for a credit) and any hue are kept: asked for on
 * purpose. */
#define PRINT_BLACK_MAX 0x33

static unsigned print_color(unsigned rgb)
{
  unsigned r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
  return r == g && g == b && r <= PRINT_BLACK_MAX ? 0 : rgb;
}

static int parse_color(const char *v, unsigned *out)
{
  static const struct { const char *name; unsigned rgb; } named[] = {
      {"black", 0x000000}, {"white", 0xffffff}, {"gray", 0x808080},
      {"grey", 0x808080},  {"red", 0xff0000},   {"green", 0x008000},
      {"blue", 0x0000ff},  {"navy", 0x000080},  {"maroon", 0x800000},
      {"darkgray", 0xa9a9a9}, {"darkgrey", 0xa9a9a9}, {"dimgray", 0x696969},
      {"dimgrey", 0x696969}, {"silver", 0xc0c0c0}, {"teal", 0x008080},
      {"purple", 0x800080}, {"olive", 0x808000}};
  size_t i, n = strlen(v);
  if (v[0] == '#') {
    unsigned x = 0;
    for (i = 1; i < n; i++) {
      int c = tolower((unsigned char)v[i]);
      if (!isxdigit(c))
        return 0;
      x = x * 16 + (unsigned)(isdigit(c) ? c - '0' : c - 'a' + 10);
    }
    if (n == 4) {
      *out = ((x >> 8 & 0xf) * 0x110000) | ((x >> 4 & 0xf) * 0x1100) | ((x & 0xf) * 0x11);
      return 1;
    }
    if (n == 7) {
      *out = x & 0xffffff;
      return 1;
    }
    return 0;
  }
  if (strncasecmp(v, "rgb", 3) == 0) {
    const char *p = strchr(v, '(');
    double c[3];
    int k;
    if (!p)
      return 0;
    p++;
    for (k = 0; k < 3; k++) {
      char *end;
      c[k] = strtod(p, &end);
      if (end == p)
        return 0;
      if (*end == '%') {
        c[k] = c[k] * 2.55;
        end++;
      }
      c[k] = clamp(c[k], 0, 255);
      p = end;
      while (*p == ',' || isspace((unsigned char)*p))
        p++;
    }
    *out = ((unsigned)lround(c[0]) << 16) | ((unsigned)lround(c[1]) << 8) |
           (unsigned)lround(c[2]);
    return 1;
  }
  for (i = 0; i < sizeof named / sizeof *named; i++)
    if (strcasecmp(v, named[i].name) == 0) {
      *out = named[i].rgb;
      return 1;
    }
  return 0;
}

/* Turns a CSS family list into a Pango one: quotes removed, generic
 * names replaced by the bundled faces. */
static void parse_family(const char *v, char *out)
{
  galley_buf b = GALLEY_BUF_INIT;
  const char *p = v;
  while (*p) {
    const char *start, *end;
    char name[PDF_FAMILY_MAX];
    size_t n;
    while (isspace((unsigned char)*p) || *p == ',')
      p++;
    if (!*p)
      break;
    if (*p == '"' || *p == '\'') {
      char q = *p++;
      start = p;
      while (*p && *p != q)
        p++;
      end = p;
      if (*p)
        p++;
    } else {
      start = p;
      while (*p && *p != ',')
        p++;
      end = p;
      while (end > start && isspace((unsigned char)end[-1]))
        end--;
    }
    n = (size_t)(end - start);
    if (n == 0 || n >= sizeof name)
      continue;
    memcpy(name, start, n);
    name[n] = '\0';
    if (strchr(name, ',') || strchr(name, ';'))
      continue; /* would split the Pango list */
    if (strcasecmp(name, "serif") == 0 || strcasecmp(name, "cursive") == 0 ||
        strcasecmp(name, "fantasy") == 0 || strcasecmp(name, "system-ui") == 0)
      strcpy(name, PDF_SERIF);
    else if (strcasecmp(name, "sans-serif") == 0)
      strcpy(name, PDF_SANS);
    else if (strcasecmp(name, "monospace") == 0)
      strcpy(name, PDF_MONO);
    if (b.len + n + 2 >= PDF_FAMILY_MAX)
      break;
    if (b.len)
      galley_buf_putc(&b, ',');
    galley_buf_puts(&b, name);
  }
  if (b.len) {
    memcpy(out, b.ptr, b.len + 1);
  }
  galley_buf_free(&b);
}

static pdf_break_rule parse_break(const char *v)
{
  if (strcasecmp(v, "always") == 0 || strcasecmp(v, "page") == 0 ||
      strcasecmp(v, "left") == 0 || strcasecmp(v, "right") == 0 ||
      strcasecmp(v, "recto") == 0 || strcasecmp(v, "verso") == 0)
    return PDF_BREAK_ALWAYS;
  if (strncasecmp(v, "avoid", 5) == 0)
    return PDF_BREAK_AVOID;
  return PDF_BREAK_AUTO;
}

/* Applies `margin` shorthand values (1 to 4 lengths). */
static void apply_margins(const char *v, double em, double out[4], int allow_auto)
{
  double m[4];
  int n = 0;
  const char *p = v;
  while (n < 4) {
    while (isspace((unsigned char)*p))
      p++;
    if (!*p)
      break;
    if (strncasecmp(p, "auto", 4) == 0 && allow_auto) {
      m[n++] = 0;
      p += 4;
      continue;
    }
    if (!parse_length(&p, em, 0, &m[n]))
      return;
    n++;
  }
  if (n == 0)
    return;
  if (n == 1) m[1] = m[2] = m[3] = m[0];
  else if (n == 2) { m[2] = m[0]; m[3] = m[1]; }
  else if (n == 3) m[3] = m[1];
  memcpy(out, m, sizeof m);
}

/* Font-size keywords relative to the body's 11pt, as CSS's scale. */
static int font_size_keyword(const char *v, double parent, double *out)
{
  static const struct { const char *k; double f; } kw[] = {
      {"xx-small", 0.6}, {"x-small", 0.75}, {"small", 0.89}, {"medium", 1.0},
      {"large", 1.2}, {"x-large", 1.5}, {"xx-large", 2.0}};
  size_t i;
  if (strcasecmp(v, "smaller") == 0) { *out = parent / 1.2; return 1; }
  if (strcasecmp(v, "larger") == 0) { *out = parent * 1.2; return 1; }
  for (i = 0; i < sizeof kw / sizeof *kw; i++)
    if (strcasecmp(v, kw[i].k) == 0) {
      *out = 11.0 * kw[i].f;
      return 1;
    }
  return 0;
}

static void apply_font_size(const decl *d, double parent_size, pdf_style *st)
{
  const char *p = d->value;
  double v;
  /* A negative size is invalid in CSS: the declaration is ignored (not
   * clamped to the smallest size, which would set the text in 2pt). */
  if ((font_size_keyword(d->value, parent_size, &v) ||
       parse_length(&p, parent_size, parent_size, &v)) && v >= 0)
    st->size = clamp(v, 2.0, 200.0);
}

static void apply_decl(const decl *d, pdf_style *st)
{
  const char *n = d->name, *v = d->value, *p = v;
  double x;
  unsigned c;

  if (strcmp(n, "font-family") == 0) {
    parse_family(v, st->family);
  } else if (strcmp(n, "font-weight") == 0) {
    char *end;
    long w = strtol(v, &end, 10);
    if (strcasecmp(v, "bold") == 0 || strcasecmp(v, "bolder") == 0)
      st->weight = 700;
    else if (strcasecmp(v, "normal") == 0 || strcasecmp(v, "lighter") == 0)
      st->weight = 400;
    else if (end != v && *end == '\0')
      st->weight = (int)clamp((double)w, 100, 900);
  } else if (strcmp(n, "font-style") == 0) {
    if (strcasecmp(v, "italic") == 0 || strncasecmp(v, "oblique", 7) == 0)
      st->italic = 1;
    else if (strcasecmp(v, "normal") == 0)
      st->italic = 0;
  } else if (strcmp(n, "font-variant") == 0 || strcmp(n, "font-variant-caps") == 0) {
    if (strcasecmp(v, "small-caps") == 0)
      st->smallcaps = 1;
    else if (strcasecmp(v, "all-small-caps") == 0)
      st->smallcaps = 2;
    else if (strcasecmp(v, "normal") == 0)
      st->smallcaps = 0;
  } else if (strcmp(n, "line-height") == 0) {
    char *end;
    double f = strtod(v, &end);
    /* Negative line heights are invalid in CSS and ignored. */
    if (strcasecmp(v, "normal") == 0)
      st->line_height = 1.2;
    else if (end != v && *end == '\0' && isfinite(f)) {
      if (f >= 0)
        st->line_height = clamp(f, 0.5, 5.0);
    } else if (parse_length(&p, st->size, st->size, &x) && *p == '\0' && x >= 0)
      st->line_height = clamp(x / st->size, 0.5, 5.0);
  } else if (strcmp(n, "text-align") == 0) {
    if (strcasecmp(v, "left") == 0 || strcasecmp(v, "start") == 0)
      st->align = PDF_ALIGN_LEFT;
    else if (strcasecmp(v, "right") == 0 || strcasecmp(v, "end") == 0)
      st->align = PDF_ALIGN_RIGHT;
    else if (strcasecmp(v, "center") == 0)
      st->align = PDF_ALIGN_CENTER;
    else if (strcasecmp(v, "justify") == 0)
      st->align = PDF_ALIGN_JUSTIFY;
  } else if (strcmp(n, "text-indent") == 0) {
    if (parse_length(&p, st->size, 0, &x))
      st->indent = clamp(x, -100.0, 200.0);
  } else if (strcmp(n, "margin") == 0) {
    double m[4] = {st->margin_top, st->margin_right, st->margin_bottom,
                   st->margin_left};
    apply_margins(v, st->size, m, 1);
    st->margin_top = clamp(m[0], 0, 500);
    st->margin_right = clamp(m[1], 0, 500);
    st->margin_bottom = clamp(m[2], 0, 500);
    st->margin_left = clamp(m[3], 0, 500);
  } else if (strncmp(n, "margin-", 7) == 0) {
    double *slot = strcmp(n + 7, "top") == 0      ? &st->margin_top
                   : strcmp(n + 7, "right") == 0  ? &st->margin_right
                   : strcmp(n + 7, "bottom") == 0 ? &st->margin_bottom
                   : strcmp(n + 7, "left") == 0   ? &st->margin_left
                                                  : NULL;
    if (slot && strcasecmp(v, "auto") == 0)
      *slot = 0;
    else if (slot && parse_length(&p, st->size, 0, &x))
      *slot = clamp(x, 0, 500); /* negative margins are not honoured */
  } else if (strcmp(n, "color") == 0) {
    if (parse_color(v, &c))
      st->color = print_color(c);
  } else if (strcmp(n, "hyphens") == 0 || strcmp(n, "-epub-hyphens") == 0 ||
             strcmp(n, "-webkit-hyphens") == 0) {
    st->hyphens = strcasecmp(v, "auto") == 0;
  } else if (strcmp(n, "page-break-before") == 0 || strcmp(n, "break-before") == 0) {
    st->break_before = parse_break(v);
  } else if (strcmp(n, "page-break-after") == 0 || strcmp(n, "break-after") == 0) {
    st->break_after = parse_break(v);
  } else if (strcmp(n, "page-break-inside") == 0 || strcmp(n, "break-inside") == 0) {
    st->break_inside = parse_break(v) == PDF_BREAK_AUTO ? PDF_BREAK_AUTO
                                                          : PDF_BREAK_AVOID;
  } else if (strcmp(n, "text-decoration") == 0 ||
             strcmp(n, "text-decoration-line") == 0) {
    if (strstr(v, "line-through"))
      st->strike = 1;
    else if (strcasecmp(v, "none") == 0)
      st->strike = 0;
  } else if (strcmp(n, "padding") == 0) {
    double m[4];
    memcpy(m, st->padding, sizeof m);
    apply_margins(v, st->size, m, 0);
    for (c = 0; c < 4; c++)
      st->padding[c] = clamp(m[c], 0, 100);
  } else if (strncmp(n, "padding-", 8) == 0) {
    int k = strcmp(n + 8, "top") == 0      ? 0
            : strcmp(n + 8, "right") == 0  ? 1
            : strcmp(n + 8, "bottom") == 0 ? 2
            : strcmp(n + 8, "left") == 0   ? 3
                                           : -1;
    if (k >= 0 && parse_length(&p, st->size, 0, &x))
      st->padding[k] = clamp(x, 0, 100);
  } else if (strcmp(n, "border-top") == 0 || strcmp(n, "border-bottom") == 0 ||
             strcmp(n, "border-top-width") == 0 ||
             strcmp(n, "border-bottom-width") == 0 || strcmp(n, "border") == 0) {
    /* Only a rule's width: the first length of the shorthand ("0.8pt
     * solid"); "none" or no length, no rule. Tables draw them. */
    double w = 0;
    while (*p) {
      const char *q = p;
      if (parse_length(&q, st->size, 0, &x)) {
        w = x;
        break;
      }
      while (*p && !isspace((unsigned char)*p))
        p++;
      while (isspace((unsigned char)*p))
        p++;
    }
    w = clamp(w, 0, 20);
    if (strcmp(n, "border") == 0)
      st->border_top = st->border_bottom = w;
    else if (strncmp(n, "border-top", 10) == 0)
      st->border_top = w;
    else
      st->border_bottom = w;
  } else if (strcmp(n, "widows") == 0 || strcmp(n, "orphans") == 0) {
    char *end;
    long k = strtol(v, &end, 10);
    if (end != v && *end == '\0') {
      int val = (int)clamp((double)k, 1, 10);
      if (n[0] == 'w')
        st->widows = val;
      else
        st->orphans = val;
    }
  }
}

/* ------------------------------------------------------------------ */
/* Matching and the cascade                                            */
/* ------------------------------------------------------------------ */

static int has_class(const char *classes, const char *cls)
{
  size_t n = strlen(cls);
  const char *p = classes;
  if (!classes)
    return 0;
  while (*p) {
    const char *e;
    while (*p == ' ')
      p++;
    e = p;
    while (*e && *e != ' ')
      e++;
    if ((size_t)(e - p) == n && strncmp(p, cls, n) == 0)
      return 1;
    p = e;
  }
  return 0;
}

static int part_matches(const pdf_sheet *sh, const sel_part *part, const pdf_elem *e)
{
  int i;
  if (part->tag >= 0 && strcmp(name_of(sh, part->tag), e->tag) != 0)
    return 0;
  for (i = 0; i < part->n_cls; i++)
    if (!has_class(e->classes, name_of(sh, sh->cls[part->cls + i])))
      return 0;
  return 1;
}

/* Whether parts 0..k of `s` match with part k on `e`. */
static int sel_matches(const pdf_sheet *sh, const selector *s, int k, const pdf_elem *e)
{
  const pdf_elem *o;
  const sel_part *part = &sh->parts[s->part + k];
  if (!e || !part_matches(sh, part, e))
    return 0;
  if (k == 0)
    return 1;
  switch (part->comb) {
  case '>':
    return sel_matches(sh, s, k - 1, e->parent);
  case '+':
    return sel_matches(sh, s, k - 1, e->prev);
  case '~':
    for (o = e->prev; o; o = o->prev)
      if (sel_matches(sh, s, k - 1, o))
        return 1;
    return 0;
  default:
    for (o = e->parent; o; o = o->parent)
      if (sel_matches(sh, s, k - 1, o))
        return 1;
    return 0;
  }
}

typedef struct match {
  int important, specificity, order, rule;
} match;

static int cmp_match(const void *a, const void *b)
{
  const match *x = a, *y = b;
  if (x->specificity != y->specificity)
    return x->specificity < y->specificity ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static void defaults(pdf_style *st)
{
  memset(st, 0, sizeof *st);
  strcpy(st->family, PDF_SERIF);
  st->size = 11.0;
  st->weight = 400;
  st->line_height = 1.35;
  st->widows = 2;
  st->orphans = 2;
}

void pdf_sheet_compute(const pdf_sheet *sheet, const pdf_elem *elem,
                       const pdf_style *parent, pdf_style *out)
{
  match stack_matches[32];
  match *m = stack_matches;
  int n = 0, cap = 32, i, j, pass, imp, b, n_buckets;
  int bucket_ids[ELEM_MAX_BUCKETS];
  const char *p;
  pdf_style st;

  if (parent) {
    /* Inherited properties come from the parent; the rest start over. */
    st = *parent;
    st.margin_top = st.margin_right = st.margin_bottom = st.margin_left = 0;
    st.break_before = st.break_after = st.break_inside = PDF_BREAK_AUTO;
    memset(st.padding, 0, sizeof st.padding);
    st.border_top = st.border_bottom = 0;
  } else {
    defaults(&st);
  }
  /* The candidates: the selectors needing no name, those needing the
   * element's name, and those needing one of its classes (each distinct
   * class once). Matches are sorted below, so their order here is free. */
  n_buckets = 0;
  bucket_ids[n_buckets++] = -1;
  {
    int id = lookup_name(sheet, elem->tag, strlen(elem->tag));
    if (id >= 0)
      bucket_ids[n_buckets++] = id;
  }
  for (p = elem->classes; p && *p && n_buckets < ELEM_MAX_BUCKETS;) {
    const char *e;
    int id, k;
    while (*p == ' ')
      p++;
    for (e = p; *e && *e != ' '; e++)
      ;
    id = e > p ? lookup_name(sheet, p, (size_t)(e - p)) : -1;
    for (k = 1; k < n_buckets && id >= 0; k++)
      if (bucket_ids[k] == id)
        id = -1;
    if (id >= 0)
      bucket_ids[n_buckets++] = id;
    p = e;
  }
  for (b = 0; b < n_buckets; b++) {
    const int *list = bucket_ids[b] < 0 ? sheet->any_sels
                                        : sheet->bucket_sels + sheet->bucket_start[bucket_ids[b]];
    int count = bucket_ids[b] < 0 ? sheet->n_any
                                  : sheet->bucket_start[bucket_ids[b] + 1] -
                                        sheet->bucket_start[bucket_ids[b]];
    for (i = 0; i < count; i++) {
      const selector *s = &sheet->sels[list[i]];
      if (!sel_matches(sheet, s, s->n_parts - 1, elem))
        continue;
      if (n == cap) {
        cap *= 2;
        if (m == stack_matches) {
          m = galley_xmalloc((size_t)cap * sizeof *m);
          memcpy(m, stack_matches, sizeof stack_matches);
        } else {
          m = galley_xreallocarray(m, (size_t)cap, sizeof *m);
        }
      }
      m[n].specificity = s->specificity;
      m[n].order = s->rule;
      m[n].rule = s->rule;
      m[n].important = 0;
      n++;
    }
  }
  qsort(m, (size_t)n, sizeof *m, cmp_match);
  /* Font size first, since em lengths in the other properties refer to
   * the element's own size; normal declarations, then !important ones. */
  for (pass = 0; pass < 2; pass++)
    for (imp = 0; imp < 2; imp++)
      for (i = 0; i < n; i++) {
        const rule *r = &sheet->rules[m[i].rule];
        for (j = 0; j < r->n_decls; j++) {
          const decl *d = &r->decls[j];
          int is_size = strcmp(d->name, "font-size") == 0;
          if (d->important != imp || is_size != (pass == 0))
            continue;
          if (is_size)
            apply_font_size(d, parent ? parent->size : 11.0, &st);
          else
            apply_decl(d, &st);
        }
      }
  if (m != stack_matches)
    free(m);
  /* A line may be at most PDF_MAX_PITCH tall, so that a huge font size
   * times a huge line height (200pt x 5) still leaves lines that fit the
   * text column of a page instead of falling off its foot. */
  if (st.size * st.line_height > PDF_MAX_PITCH)
    st.line_height = PDF_MAX_PITCH / st.size;
  *out = st;
}

/* ------------------------------------------------------------------ */
/* Pages                                                               */
/* ------------------------------------------------------------------ */

int pdf_parse_page_size(const char *spec, double *out_width, double *out_height)
{
  double w, h;
  if (pdf_parse_page_size_ex(spec, &w, &h) != 1)
    return 0;
  *out_width = w;
  *out_height = h;
  return 1;
}

int pdf_parse_page_size_ex(const char *spec, double *out_width, double *out_height)
{
  static const struct { const char *name; double w, h; } named[] = {
      {"a4", 595.2756, 841.8898}, {"a5", 419.5276, 595.2756},
      {"a3", 841.8898, 1190.5512}, {"b5", 498.8976, 708.6614},
      {"letter", 612, 792}, {"legal", 612, 1008}};
  size_t i;
  double w, h, unit = 0;
  char *end;
  const char *p;

  if (!spec)
    return 0;
  while (isspace((unsigned char)*spec))
    spec++;
  for (i = 0; i < sizeof named / sizeof *named; i++)
    if (strcasecmp(spec, named[i].name) == 0) {
      *out_width = named[i].w;
      *out_height = named[i].h;
      return 1;
    }
  w = strtod(spec, &end);
  if (end == spec || (*end != 'x' && *end != 'X'))
    return 0;
  p = end + 1;
  h = strtod(p, &end);
  if (end == p)
    return 0;
  if (strcasecmp(end, "mm") == 0) unit = 72.0 / 25.4;
  else if (strcasecmp(end, "cm") == 0) unit = 72.0 / 2.54;
  else if (strcasecmp(end, "in") == 0) unit = 72.0;
  else if (strcasecmp(end, "pt") == 0) unit = 1.0;
  if (unit == 0 || !isfinite(w) || !isfinite(h))
    return 0;
  w *= unit;
  h *= unit;
  /* From a business card to a poster: outside that, it is a typo. */
  if (w < 72 || h < 72 || w > 14400 || h > 14400) {
    *out_width = w; /* what was understood, for the caller's message */
    *out_height = h;
    return -1;
  }
  *out_width = w;
  *out_height = h;
  return 1;
}

/* Applies an @page margin declaration to out_margin (top right bottom
 * left, points); other declarations are left alone. */
static void apply_page_margin(const decl *d, double out_margin[4])
{
  const char *p = d->value;
  if (strcmp(d->name, "margin") == 0) {
    double m[4] = {-1, -1, -1, -1};
    int k;
    apply_margins(d->value, 12, m, 0);
    for (k = 0; k < 4; k++)
      if (m[k] >= 0)
        out_margin[k] = m[k];
  } else if (strncmp(d->name, "margin-", 7) == 0) {
    double x;
    int k = strcmp(d->name + 7, "top") == 0      ? 0
            : strcmp(d->name + 7, "right") == 0  ? 1
            : strcmp(d->name + 7, "bottom") == 0 ? 2
            : strcmp(d->name + 7, "left") == 0   ? 3
                                                 : -1;
    if (k >= 0 && parse_length(&p, 12, 0, &x) && x >= 0)
      out_margin[k] = x;
  }
}

void pdf_sheet_get_page_side(const pdf_sheet *sheet, int side, double out_margin[4])
{
  int i;
  for (i = 0; i < 4; i++)
    out_margin[i] = -1;
  for (i = 0; i < sheet->n_page; i++)
    if (sheet->page[i].side == side)
      apply_page_margin(&sheet->page[i], out_margin);
}

void pdf_sheet_get_page(const pdf_sheet *sheet, double *out_width,
                        double *out_height, double out_margin[4])
{
  int i;
  *out_width = *out_height = 0;
  for (i = 0; i < 4; i++)
    out_margin[i] = -1;
  for (i = 0; i < sheet->n_page; i++) {
    const decl *d = &sheet->page[i];
    const char *p = d->value;
    if (d->side != PDF_PAGE_ANY)
      continue; /* pdf_sheet_get_page_side */
    if (strcmp(d->name, "size") == 0) {
      char word[32];
      double w, h;
      int landscape = strstr(d->value, "landscape") != NULL;
      size_t n = strcspn(p, " \t");
      if (n < sizeof word) {
        memcpy(word, p, n);
        word[n] = '\0';
        if (pdf_parse_page_size(word, &w, &h)) {
          *out_width = landscape ? h : w;
          *out_height = landscape ? w : h;
          continue;
        }
      }
      if (parse_length(&p, 12, 0, &w)) {
        h = w;
        parse_length(&p, 12, 0, &h);
        if (w >= 72 && h >= 72 && w <= 14400 && h <= 14400) {
          *out_width = w;
          *out_height = h;
        }
      }
    } else {
      apply_page_margin(d, out_margin);
    }
  }
}
