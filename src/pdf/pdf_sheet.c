/* pdf_sheet.c: a style sheet parsed (pdf_sheet_new): the built-in sheet
 * and the user's, read through the CSS tokenizer (util/css.h) into rules
 * of declarations, selectors over interned names in buckets, the @page
 * declarations, the @font-face files, and @media blocks kept or dropped
 * against the page. What the declarations mean is pdf_style_values.c's,
 * how they cascade pdf_style.c's. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pdf_sheet.h"
#include "../util/alloc.h"
#include "../util/css.h"
#include "../util/hash.h"

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
    " font-size: 0.9em; font-variant: normal }\n"
    "aside.footnote { font-size: 0.8em; line-height: 1.3; text-indent: 0 }"
    " aside.footnote p { text-indent: 1em }\n";

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

/* Reads a name (element or class) at *p into `out`; returns its length or
 * 0 when there is none or it is too long. */
static size_t read_name(const char **p, char *out)
{
  size_t n = 0;
  while (galley_css_is_name_char((*p)[n]))
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
  return galley_fnv1a(s, n);
}

/* The id of the `n`-byte name at `s`, or -1 when the sheet never names it. */
int pdf_sheet_lookup_name(const pdf_sheet *sh, const char *s, size_t n)
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
  int id = pdf_sheet_lookup_name(sh, name, n), i;
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

const char *pdf_sheet_name_of(const pdf_sheet *sh, int id)
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
    } else if (galley_css_is_name_char(*p)) {
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
  while (p + n < colon && galley_css_is_name_char(p[n]) && n + 1 < sizeof name) {
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
    if (have > 0 && pdf_style_parse_length(&v, 12.0, 0, &x) && *v == '\0')
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
        while (k < e && galley_css_is_name_char(q[k])) {
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
