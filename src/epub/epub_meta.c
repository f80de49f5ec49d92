/* epub_meta.c: the book-wide values the package document states, taken
 * from the metadata, the document and the options before anything is
 * written: dc:title, dc:language, dc:date, dcterms:modified and
 * dc:identifier.
 *
 * dc:identifier, when the metadata gives none, is a name-based UUID
 * (RFC 4122 version 5 layout, SHA-1) of the metadata that names the
 * book: title, authors in order, language and publisher, each trimmed,
 * its spaces collapsed and its case folded. A corrected text (a comma, a
 * paragraph) keeps its identity; a new title, author or language makes
 * another book. Only a book named by nothing (no title of its own, no
 * author) falls back to a UUID of its whole dump. dcterms:modified comes
 * from SOURCE_DATE_EPOCH when it is set. */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "../util/alloc.h"
#include "../util/utf8.h"
#include "epub_private.h"

/* ------------------------------------------------------------------ */
/* Name-based UUIDs (SHA-1 from GLib's GChecksum)                      */
/* ------------------------------------------------------------------ */

/* galley's namespace for name-based UUIDs (itself a random UUID). */
static const unsigned char galley_uuid_ns[16] = {
    0x3f, 0x2a, 0x8c, 0x51, 0x6b, 0xd4, 0x4e, 0x09,
    0x9a, 0x17, 0x5c, 0xe2, 0x80, 0x4b, 0x71, 0xd6};

/* A hash of galley's namespace, to which the name is then added. */
static GChecksum *uuid_hash_new(void)
{
  GChecksum *c = g_checksum_new(G_CHECKSUM_SHA1);
  g_checksum_update(c, galley_uuid_ns, sizeof galley_uuid_ns);
  return c;
}

/* The UUID text for a hash of the namespace and the name; frees `c`. */
static void uuid_from_hash(GChecksum *c, char *out)
{
  guint8 h[20];
  gsize n = sizeof h;
  int i;
  char *p = out;
  g_checksum_get_digest(c, h, &n);
  g_checksum_free(c);
  h[6] = (unsigned char)((h[6] & 0x0F) | 0x50); /* version 5 */
  h[8] = (unsigned char)((h[8] & 0x3F) | 0x80); /* RFC 4122 variant */
  p += sprintf(p, "urn:uuid:");
  for (i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      *p++ = '-';
    p += sprintf(p, "%02x", h[i]);
  }
  *p = '\0';
}

void epub_uuid_for(const char *name, size_t len, char *out)
{
  GChecksum *c = uuid_hash_new();
  g_checksum_update(c, (const guchar *)name, (gssize)len);
  uuid_from_hash(c, out);
}

static void hash_dump_line(void *arg, const char *line, size_t len)
{
  g_checksum_update((GChecksum *)arg, (const guchar *)line, (gssize)len);
}

/* Hashes one field of the book's name, normalised: white space trimmed
 * and each run of it one space, then case-folded (Unicode full case
 * folding, g_utf8_casefold: "THE TITLE", "The Title" and "the title" are
 * one book); then the unit separator, which no metadata value holds (the
 * model has no C0 controls). */
static void hash_name_field(GChecksum *c, const char *v)
{
  galley_buf b = GALLEY_BUF_INIT;
  size_t i = 0, len = v ? strlen(v) : 0;
  int space = 0;
  char *folded;
  while (i < len) {
    int32_t cp;
    size_t n = galley_utf8_decode(v + i, len - i, &cp);
    if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
        galley_utf8_is_space(cp)) {
      space = 1;
    } else {
      if (space && b.len > 0)
        galley_buf_putc(&b, ' ');
      space = 0;
      galley_utf8_encode(&b, cp);
    }
    i += n;
  }
  folded = g_utf8_casefold(b.ptr ? b.ptr : "", (gssize)b.len);
  g_checksum_update(c, (const guchar *)folded, (gssize)strlen(folded));
  g_checksum_update(c, (const guchar *)"\x1f", 1);
  g_free(folded);
  galley_buf_free(&b);
}

/* ------------------------------------------------------------------ */
/* Language tags and dates                                             */
/* ------------------------------------------------------------------ */

static int is_alpha(int c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
  return c >= '0' && c <= '9';
}

int epub_is_language_tag(const char *tag)
{
  const char *p = tag;
  int first = 1;
  if (!tag || !*tag)
    return 0;
  /* Subtags of 1-8 letters or digits joined by '-'; the first is 2-3
   * letters (a language: RFC 5646 also allows 4-8, but none such is
   * registered, and "English" or "German" are what such tags turn out to
   * be), or "x"/"i" (private use, grandfathered). */
  while (*p) {
    const char *s = p;
    int letters = 1;
    size_t n;
    while (*p && *p != '-') {
      if (!is_alpha((unsigned char)*p) && !is_digit((unsigned char)*p))
        return 0;
      if (!is_alpha((unsigned char)*p))
        letters = 0;
      p++;
    }
    n = (size_t)(p - s);
    if (n < 1 || n > 8)
      return 0;
    if (first && !(letters && (n == 2 || n == 3 ||
                               (n == 1 && (*s == 'x' || *s == 'X' ||
                                           *s == 'i' || *s == 'I')))))
      return 0;
    first = 0;
    if (*p == '-') {
      p++;
      if (!*p)
        return 0;
    }
  }
  return 1;
}

static int days_in_month(int y, int m)
{
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return days[m - 1];
}

/* Reads exactly `n` digits at *p as a number, advancing *p; -1 if not. */
static int read_digits(const char **p, int n)
{
  int v = 0, i;
  for (i = 0; i < n; i++) {
    if (!is_digit((unsigned char)(*p)[i]))
      return -1;
    v = v * 10 + ((*p)[i] - '0');
  }
  *p += n;
  return v;
}

/* The month named by the word at `s` (English, full or 3-letter, a
 * trailing '.' allowed, "Sept" too), advancing *len; 0 if none. */
static int month_of(const char *s, size_t *len)
{
  static const char *const names[12] = {"january", "february", "march", "april",
                                        "may", "june", "july", "august",
                                        "september", "october", "november",
                                        "december"};
  char w[16];
  size_t n = 0;
  int m;
  while (is_alpha((unsigned char)s[n]) && n < sizeof w - 1) {
    w[n] = (char)((s[n] >= 'A' && s[n] <= 'Z') ? s[n] + 32 : s[n]);
    n++;
  }
  w[n] = '\0';
  if (n < 3 || is_alpha((unsigned char)s[n]))
    return 0;
  for (m = 0; m < 12; m++)
    if (strcmp(w, names[m]) == 0 || (n == 3 && strncmp(w, names[m], 3) == 0) ||
        (m == 8 && strcmp(w, "sept") == 0))
      break;
  if (m == 12)
    return 0;
  if (s[n] == '.')
    n++;
  *len = n;
  return m + 1;
}

static int valid_ymd(int y, int m, int d)
{
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
         d <= days_in_month(y, m);
}

/* ISO 8601 / W3CDTF: YYYY, YYYY-MM, YYYY-MM-DD, optionally
 * Thh:mm[:ss[.s+]](Z|+hh:mm|-hh:mm). Also YYYY/MM/DD and YYYY.MM.DD. */
static int parse_iso(const char *s, char *out)
{
  const char *p = s;
  int y, m = 0, d = 0, hh, mi, ss = -1;
  char sep;
  if ((y = read_digits(&p, 4)) < 1)
    return 0;
  if (!*p) {
    sprintf(out, "%04d", y);
    return 1;
  }
  sep = *p;
  if (sep != '-' && sep != '/' && sep != '.')
    return 0;
  p++;
  if ((m = read_digits(&p, 2)) < 1 || m > 12)
    return 0;
  if (!*p) {
    sprintf(out, "%04d-%02d", y, m);
    return 1;
  }
  if (*p++ != sep || (d = read_digits(&p, 2)) < 1 || !valid_ymd(y, m, d))
    return 0;
  if (!*p) {
    sprintf(out, "%04d-%02d-%02d", y, m, d);
    return 1;
  }
  if (sep != '-' || (*p != 'T' && *p != ' '))
    return 0;
  p++;
  if ((hh = read_digits(&p, 2)) < 0 || hh > 23 || *p++ != ':' ||
      (mi = read_digits(&p, 2)) < 0 || mi > 59)
    return 0;
  if (*p == ':') {
    p++;
    if ((ss = read_digits(&p, 2)) < 0 || ss > 59)
      return 0;
    if (*p == '.') /* fractions of a second: dropped */
      for (p++; is_digit((unsigned char)*p); p++)
        ;
  }
  out += sprintf(out, "%04d-%02d-%02dT%02d:%02d", y, m, d, hh, mi);
  if (ss >= 0)
    out += sprintf(out, ":%02d", ss);
  else
    out += sprintf(out, ":00");
  if (*p == 'Z' && !p[1]) {
    strcpy(out, "Z");
    return 1;
  }
  if ((*p == '+' || *p == '-')) {
    int oh, om;
    char sign = *p++;
    if ((oh = read_digits(&p, 2)) < 0 || oh > 14 || *p++ != ':' ||
        (om = read_digits(&p, 2)) < 0 || om > 59 || *p)
      return 0;
    sprintf(out, "%c%02d:%02d", sign, oh, om);
    return 1;
  }
  /* No zone: W3CDTF needs one with a time, so keep the day only. */
  if (!*p) {
    out[-9] = '\0'; /* cut "Thh:mm:ss" */
    return 1;
  }
  return 0;
}

/* "March 7, 2024", "Mar. 7 2024", "March 2024", "7 March 2024",
 * "7 Mar. 2024", each possibly after a weekday ("Tuesday, ..."). */
static int parse_written(const char *s, char *out)
{
  const char *p = s;
  size_t n = 0;
  int y, m, d = 0;
  /* a leading weekday */
  while (is_alpha((unsigned char)*p))
    p++;
  if (p > s && *p == ',' && !month_of(s, &n)) {
    p++;
    while (*p == ' ')
      p++;
    s = p;
  }
  p = s;
  if ((m = month_of(p, &n)) != 0) {
    p += n;
    while (*p == ' ')
      p++;
    /* a day has one or two digits; four are the year ("March 2024") */
    if (is_digit((unsigned char)*p) &&
        (!is_digit((unsigned char)p[1]) || !is_digit((unsigned char)p[2]))) {
      d = *p++ - '0';
      if (is_digit((unsigned char)*p))
        d = d * 10 + (*p++ - '0');
      if (p[0] == 's' || p[0] == 'n' || p[0] == 'r' || p[0] == 't')
        p += 2; /* 1st, 2nd, 3rd, 4th */
      if (*p == ',')
        p++;
      while (*p == ' ')
        p++;
    }
  } else if (is_digit((unsigned char)*p)) {
    d = *p++ - '0';
    if (is_digit((unsigned char)*p))
      d = d * 10 + (*p++ - '0');
    if (p[0] == 's' || p[0] == 'n' || p[0] == 'r' || p[0] == 't')
      p += 2;
    if (*p == '.')
      p++;
    while (*p == ' ')
      p++;
    if ((m = month_of(p, &n)) == 0)
      return 0;
    p += n;
    if (*p == ',')
      p++;
    while (*p == ' ')
      p++;
  } else {
    return 0;
  }
  if ((y = read_digits(&p, 4)) < 1 || *p)
    return 0;
  if (d == 0) {
    sprintf(out, "%04d-%02d", y, m);
    return 1;
  }
  if (!valid_ymd(y, m, d))
    return 0;
  sprintf(out, "%04d-%02d-%02d", y, m, d);
  return 1;
}

int epub_normalize_date(const char *in, char *out)
{
  char buf[64];
  size_t n;
  if (!in)
    return 0;
  while (*in == ' ' || *in == '\t')
    in++;
  n = strlen(in);
  while (n > 0 && (in[n - 1] == ' ' || in[n - 1] == '\t'))
    n--;
  if (n == 0 || n >= sizeof buf)
    return 0;
  memcpy(buf, in, n);
  buf[n] = '\0';
  return parse_iso(buf, out) || parse_written(buf, out);
}

/* ------------------------------------------------------------------ */
/* Book-wide values                                                    */
/* ------------------------------------------------------------------ */

/* Plain text of the first node of `type` in the title block, or NULL. */
static char *title_block_text(const galley_doc *doc, galley_node_type type)
{
  galley_node *tb = galley_doc_get_title_block(doc), *c;
  if (!tb)
    return NULL;
  for (c = galley_node_first_child(tb); c; c = galley_node_next(c))
    if (galley_node_get_type(c) == type)
      return galley_node_get_plain_text(c);
  return NULL;
}

/* Words of the opening text named in the contents of an untitled book. */
#define LEAD_WORDS 6

/* The first LEAD_WORDS words of the first block after the title block,
 * with "…" when there are more; NULL when there is none. Caller frees. */
static char *lead_words(const galley_doc *doc)
{
  galley_node *n = galley_node_first_child(galley_doc_get_root(doc));
  galley_buf out = GALLEY_BUF_INIT;
  char *t;
  const char *r;
  int words = 0, space = 1;
  if (n && galley_node_get_type(n) == GALLEY_NODE_TITLE_BLOCK)
    n = galley_node_next(n);
  if (!n)
    return NULL;
  t = galley_node_get_plain_text(n);
  for (r = t; *r; r++) {
    if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
      if (!space)
        words++;
      space = 1;
      continue;
    }
    if (words == LEAD_WORDS) {
      galley_buf_puts(&out, "\xE2\x80\xA6"); /* … */
      break;
    }
    if (space && out.len > 0)
      galley_buf_putc(&out, ' ');
    space = 0;
    galley_buf_putc(&out, *r);
  }
  free(t);
  return galley_buf_detach(&out, NULL);
}

/* Whether `s` holds anything but white space. */
int epub_has_text(const char *s)
{
  for (; s && *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
      return 1;
  return 0;
}

galley_status epub_meta_prepare(epub_ctx *ctx)
{
  const galley_meta *meta = galley_doc_get_meta(ctx->doc);
  const char *v;
  char date[40];
  time_t t;
  struct tm tm;
  int untitled, n_authors;

  /* dc:title: the metadata's, else the title block's, else the first
   * heading's; a package must have a non-empty one. */
  v = galley_meta_get(meta, "title");
  if (epub_has_text(v))
    ctx->title = galley_xstrdup(v);
  if (!ctx->title) {
    char *tb = title_block_text(ctx->doc, GALLEY_NODE_TITLE);
    if (epub_has_text(tb))
      ctx->title = tb;
    else
      free(tb);
  }
  if (!ctx->title && ctx->heading_count > 0 && epub_has_text(ctx->headings[0].text))
    ctx->title = galley_xstrdup(ctx->headings[0].text);
  /* A title that is only the metadata's fallback is not printed: the
   * contents name the opening text by its first words instead. */
  if (!galley_doc_get_title_shown(ctx->doc))
    ctx->lead = lead_words(ctx->doc);

  /* dc:language: the metadata's when it is a well-formed tag. */
  v = galley_meta_get(meta, "language");
  if (!v || !*v) {
    ctx->language = galley_xstrdup("en");
  } else if (epub_is_language_tag(v)) {
    ctx->language = galley_xstrdup(v);
  } else {
    galley_diag_add(ctx->diag, 0, 0,
                    "language '%s' is not a language tag such as 'en' or "
                    "'pt-BR'; the EPUB says 'und' (undetermined)",
                    v);
    ctx->language = galley_xstrdup("und");
  }

  /* A package must have a title: the word for it in the book's language. */
  /* a fallback title ("Untitled" for a file named by a hash) names no
   * book */
  untitled = !ctx->title || !galley_doc_get_title_shown(ctx->doc);
  if (!ctx->title)
    ctx->title = galley_xstrdup(epub_words_lookup(ctx->language)->untitled);

  /* dc:date: only in a form epubcheck accepts (W3CDTF); the title page
   * still shows the date as written. */
  v = galley_meta_get(meta, "date");
  if (v && *v) {
    if (epub_normalize_date(v, date))
      ctx->date = galley_xstrdup(date);
    else
      galley_diag_add(ctx->diag, 0, 0,
                      "date '%s' is not in a form galley reads (such as "
                      "2024-03-07 or March 7, 2024); the EPUB has no dc:date",
                      v);
  }

  /* dcterms:modified, in UTC. */
  ctx->epoch = ctx->opts->source_date_epoch >= 0 ? ctx->opts->source_date_epoch
                                                  : (long long)time(NULL);
  t = (time_t)ctx->epoch;
  if (ctx->epoch > GALLEY_MAX_SOURCE_DATE_EPOCH)
    return epub_fail(ctx, GALLEY_ERR_USAGE, 0,
                     "SOURCE_DATE_EPOCH %lld lies after the year 9999", ctx->epoch);
  if (!gmtime_r(&t, &tm) ||
      strftime(ctx->modified, sizeof ctx->modified, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
    return epub_fail(ctx, GALLEY_ERR_USAGE, 0,
                     "SOURCE_DATE_EPOCH %lld is not a representable time",
                     ctx->epoch);

  /* dc:identifier: the metadata's, else derived from the metadata that
   * names the book (see the top of this file). */
  v = galley_meta_get(meta, "identifier");
  n_authors = galley_meta_get_count(meta, "author");
  if (epub_has_text(v)) {
    ctx->identifier = galley_xstrdup(v);
  } else if (!untitled || n_authors > 0) {
    GChecksum *c = uuid_hash_new();
    char uuid[64];
    int i;
    g_checksum_update(c, (const guchar *)"book\x1f", 5);
    hash_name_field(c, ctx->title);
    for (i = 0; i < n_authors; i++)
      hash_name_field(c, galley_meta_get_nth(meta, "author", i));
    hash_name_field(c, ctx->language);
    hash_name_field(c, galley_meta_get(meta, "publisher"));
    uuid_from_hash(c, uuid);
    ctx->identifier = galley_xstrdup(uuid);
  } else {
    /* The name is the whole dump (every block's full text), hashed a
     * line at a time as the dump is made: the same bytes as
     * epub_uuid_for(galley_doc_dump(doc, INT_MAX / 2)) without holding
     * the dump, and linear in the document (the dump caps indentation). */
    GChecksum *c = uuid_hash_new();
    char uuid[64];
    galley_doc_dump_each(ctx->doc, INT_MAX / 2, hash_dump_line, c);
    uuid_from_hash(c, uuid);
    ctx->identifier = galley_xstrdup(uuid);
  }
  return ctx->status;
}
