/* epub_package.c: the files of an EPUB that describe the book rather
 * than hold it, and the book-wide values they carry:
 *
 *   META-INF/container.xml   points at OEBPS/content.opf (OCF 3.3, 4.2.6)
 *   OEBPS/content.opf        the package document (EPUB 3.3, 5): metadata
 *                            with accessibility metadata, manifest, spine
 *   OEBPS/nav.xhtml          the navigation document: a "toc" nav nested
 *                            by heading level, a "page-list" of the print
 *                            edition's pages when given a page map, and
 *                            "landmarks"
 *   OEBPS/toc.ncx            the same table of contents for EPUB 2
 *                            reading systems
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
static int has_text(const char *s)
{
  for (; s && *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
      return 1;
  return 0;
}

galley_status epub_package_prepare(epub_ctx *ctx)
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
  if (has_text(v))
    ctx->title = galley_xstrdup(v);
  if (!ctx->title) {
    char *tb = title_block_text(ctx->doc, GALLEY_NODE_TITLE);
    if (has_text(tb))
      ctx->title = tb;
    else
      free(tb);
  }
  if (!ctx->title && ctx->heading_count > 0 && has_text(ctx->headings[0].text))
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
  if (has_text(v)) {
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

/* ------------------------------------------------------------------ */
/* container.xml                                                       */
/* ------------------------------------------------------------------ */

void epub_package_container(epub_ctx *ctx, galley_buf *out)
{
  (void)ctx;
  galley_buf_puts(out,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<container version=\"1.0\" "
                  "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
                  "  <rootfiles>\n"
                  "    <rootfile full-path=\"OEBPS/content.opf\" "
                  "media-type=\"application/oebps-package+xml\"/>\n"
                  "  </rootfiles>\n"
                  "</container>\n");
}

/* ------------------------------------------------------------------ */
/* The package document                                                */
/* ------------------------------------------------------------------ */

static void put_element(galley_buf *out, const char *name, const char *attrs,
                        const char *value)
{
  galley_buf_printf(out, "    <%s%s>", name, attrs ? attrs : "");
  epub_put_cstr(out, value);
  galley_buf_printf(out, "</%s>\n", name);
}

/* One dc:subject per comma-separated keyword. */
static void put_keywords(galley_buf *out, const char *list)
{
  const char *p = list;
  while (*p) {
    const char *end = strchr(p, ',');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    while (n > 0 && (*p == ' ' || *p == '\t')) {
      p++;
      n--;
    }
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
      n--;
    if (n > 0) {
      galley_buf_puts(out, "    <dc:subject>");
      epub_put_text(out, p, n);
      galley_buf_puts(out, "</dc:subject>\n");
    }
    p = end ? end + 1 : p + strlen(p);
  }
}

/* Whether `s` is a group-position: digits with at most one '.' inside
 * ("2", "2.5"; not "second", "2a" or ".5"). */
static int is_position(const char *s)
{
  int digits = 0, dot = 0;
  if (!s || !*s)
    return 0;
  for (; *s; s++) {
    if (is_digit((unsigned char)*s))
      digits++;
    else if (*s == '.' && digits > 0 && !dot && s[1])
      dot = 1;
    else
      return 0;
  }
  return digits > 0;
}

void epub_package_opf(epub_ctx *ctx, galley_buf *out, int has_css)
{
  const galley_meta *meta = galley_doc_get_meta(ctx->doc);
  const char *sub = galley_meta_get(meta, "subtitle");
  epub_a11y a11y;
  int n, i;

  galley_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<package xmlns=\"http://www.idpf.org/2007/opf\" "
                       "version=\"3.0\" unique-identifier=\"pub-id\" xml:lang=\"");
  epub_put_cstr(out, ctx->language);
  galley_buf_puts(out, "\">\n"
                       "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
  put_element(out, "dc:identifier", " id=\"pub-id\"", ctx->identifier);
  put_element(out, "dc:title", " id=\"title\"", ctx->title);
  if (has_text(sub)) {
    galley_buf_puts(out, "    <meta refines=\"#title\" property=\"title-type\">"
                         "main</meta>\n");
    put_element(out, "dc:title", " id=\"subtitle\"", sub);
    galley_buf_puts(out, "    <meta refines=\"#subtitle\" property=\"title-type\">"
                         "subtitle</meta>\n");
  }
  put_element(out, "dc:language", NULL, ctx->language);
  n = galley_meta_get_count(meta, "author");
  for (i = 0; i < n; i++) {
    const char *a = galley_meta_get_nth(meta, "author", i);
    char attr[32];
    if (!has_text(a))
      continue;
    snprintf(attr, sizeof attr, " id=\"creator-%d\"", i + 1);
    put_element(out, "dc:creator", attr, a);
    galley_buf_printf(out, "    <meta refines=\"#creator-%d\" property=\"role\" "
                           "scheme=\"marc:relators\">aut</meta>\n",
                      i + 1);
  }
  if (ctx->date)
    put_element(out, "dc:date", NULL, ctx->date);
  if (has_text(galley_meta_get(meta, "publisher")))
    put_element(out, "dc:publisher", NULL, galley_meta_get(meta, "publisher"));
  if (has_text(galley_meta_get(meta, "rights")))
    put_element(out, "dc:rights", NULL, galley_meta_get(meta, "rights"));
  if (has_text(galley_meta_get(meta, "description")))
    put_element(out, "dc:description", NULL, galley_meta_get(meta, "description"));
  n = galley_meta_get_count(meta, "subject");
  for (i = 0; i < n; i++)
    if (has_text(galley_meta_get_nth(meta, "subject", i)))
      put_element(out, "dc:subject", NULL, galley_meta_get_nth(meta, "subject", i));
  n = galley_meta_get_count(meta, "keywords");
  for (i = 0; i < n; i++)
    put_keywords(out, galley_meta_get_nth(meta, "keywords", i));
  if (has_text(galley_meta_get(meta, "source")))
    put_element(out, "dc:source", NULL, galley_meta_get(meta, "source"));
  n = galley_meta_get_count(meta, "contributor");
  for (i = 0; i < n; i++)
    if (has_text(galley_meta_get_nth(meta, "contributor", i)))
      put_element(out, "dc:contributor", NULL, galley_meta_get_nth(meta, "contributor", i));
  /* A series is a collection the book belongs to (EPUB 3.3, D.3.3), its
   * place in it the group-position, when it is a number. */
  if (has_text(galley_meta_get(meta, "series"))) {
    const char *pos = galley_meta_get(meta, "series-position");
    put_element(out, "meta", " property=\"belongs-to-collection\" id=\"c1\"",
                galley_meta_get(meta, "series"));
    galley_buf_puts(out, "    <meta refines=\"#c1\" property=\"collection-type\">"
                         "series</meta>\n");
    if (is_position(pos))
      put_element(out, "meta", " refines=\"#c1\" property=\"group-position\"",
                  pos);
    else if (pos && *pos)
      galley_diag_add(ctx->diag, galley_meta_get_line(meta, "series-position"), 0,
                      "series-position '%s' is not a number such as 2 or 2.5; "
                      "the EPUB gives the series no position",
                      pos);
  }
  /* A standard the publisher says the book conforms to (an accessibility
   * claim is theirs to make: see below). */
  if (has_text(galley_meta_get(meta, "conformsto")))
    put_element(out, "meta", " property=\"dcterms:conformsTo\"",
                galley_meta_get(meta, "conformsto"));
  galley_buf_printf(out, "    <meta property=\"dcterms:modified\">%s</meta>\n",
                    ctx->modified);

  /* Accessibility metadata (EPUB Accessibility 1.1, 2.2), derived from
   * what the book holds (epub_a11y.c). */
  epub_a11y_derive(ctx, &a11y);
  epub_a11y_put(&a11y, out);
  /* Page markers from a paged edition name it (EPUB Accessibility,
   * page navigation): the PDF made from the same book in the same run.
   * A source of pagination as EPUB 3.2 says it (and Ace looks for):
   * epubcheck 4.2 knows no a11y:pageBreakSource, EPUB Accessibility
   * 1.1's newer form. */
  if (ctx->pages_marked > 0) {
    const char *edition = ctx->opts->page_map->edition;
    galley_buf_puts(out, "    <dc:source id=\"pagination-source\">");
    epub_put_cstr(out, ctx->title);
    if (*edition) {
      galley_buf_puts(out, " (");
      epub_put_cstr(out, edition);
      galley_buf_putc(out, ')');
    }
    galley_buf_puts(out, "</dc:source>\n    <meta refines=\"#pagination-source\" "
                         "property=\"source-of\">pagination</meta>\n");
  }
  if (ctx->cover_image >= 0)
    galley_buf_printf(out, "    <meta name=\"cover\" content=\"%s\"/>\n",
                      ctx->images[ctx->cover_image].id);
  else if (ctx->cover_generated)
    galley_buf_puts(out, "    <meta name=\"cover\" content=\"cover-image\"/>\n");
  galley_buf_puts(out, "  </metadata>\n  <manifest>\n");
  galley_buf_puts(out, "    <item id=\"nav\" href=\"nav.xhtml\" "
                       "media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
                       "    <item id=\"ncx\" href=\"toc.ncx\" "
                       "media-type=\"application/x-dtbncx+xml\"/>\n");
  if (has_css)
    galley_buf_puts(out, "    <item id=\"css\" href=\"style.css\" "
                         "media-type=\"text/css\"/>\n");
  /* the generated cover (epub_cover.c): a drawing and the page showing it */
  if (ctx->cover_generated)
    galley_buf_puts(out, "    <item id=\"cover\" href=\"cover.xhtml\" "
                         "media-type=\"application/xhtml+xml\"/>\n"
                         "    <item id=\"cover-image\" href=\"cover.svg\" "
                         "media-type=\"image/svg+xml\" properties=\"cover-image\"/>\n");
  for (i = 0; i < ctx->chapter_count; i++)
    galley_buf_printf(out, "    <item id=\"%s\" href=\"%s\" "
                           "media-type=\"application/xhtml+xml\"/>\n",
                      ctx->chapters[i].id, ctx->chapters[i].name);
  for (i = 0; i < ctx->image_count; i++)
    galley_buf_printf(out, "    <item id=\"%s\" href=\"%s\" media-type=\"%s\"%s/>\n",
                      ctx->images[i].id, ctx->images[i].href,
                      ctx->images[i].img->info.media_type,
                      ctx->images[i].cover ? " properties=\"cover-image\"" : "");
  /* a right-to-left language turns its pages from right to left */
  galley_buf_puts(out, galley_language_is_rtl(ctx->language)
                           ? "  </manifest>\n  <spine toc=\"ncx\" "
                             "page-progression-direction=\"rtl\">\n"
                           : "  </manifest>\n  <spine toc=\"ncx\">\n");
  if (ctx->cover_generated)
    galley_buf_puts(out, "    <itemref idref=\"cover\"/>\n");
  for (i = 0; i < ctx->chapter_count; i++)
    galley_buf_printf(out, "    <itemref idref=\"%s\"/>\n", ctx->chapters[i].id);
  /* The navigation document is a spine item (the "toc" landmark points
   * at it, and links may only lead to spine items: RSC-011), but out of
   * the reading order: the article is read from its title page. */
  galley_buf_puts(out, "    <itemref idref=\"nav\" linear=\"no\"/>\n");
  galley_buf_puts(out, "  </spine>\n</package>\n");
}

/* ------------------------------------------------------------------ */
/* Table of contents (nav and NCX)                                     */
/* ------------------------------------------------------------------ */

/* One entry of the table of contents. */
typedef struct toc_entry {
  const char *text; /* borrowed, plain */
  int chapter;
  const char *id;   /* borrowed; NULL: the document's start */
  int depth;        /* 0 = top */
} toc_entry;

/* The entries in order with their nesting depth. Headings nest by level,
 * a jump of two levels nesting only one deeper (an <ol> holds <li>s, so
 * no level may be skipped). Content before the first heading gets an
 * entry of its own, titled with the book's title, so that it can be
 * reached and so a book without headings has a non-empty list. Returns
 * an array the caller frees, its length in *out_count. */
static toc_entry *toc_entries(const epub_ctx *ctx, int *out_count)
{
  toc_entry *e = galley_xreallocarray(NULL, (size_t)ctx->heading_count + 1,
                                      sizeof *e);
  int *stack = galley_xreallocarray(NULL, (size_t)ctx->heading_count + 1,
                                    sizeof *stack);
  int n = 0, top = 0, i;
  const galley_node *first_block = galley_node_first_child(
      galley_doc_get_root(ctx->doc));
  int lead = ctx->heading_count == 0 || ctx->headings[0].node != first_block;
  if (lead) {
    e[n].text = ctx->lead && ctx->lead[0] ? ctx->lead : ctx->title;
    e[n].chapter = 0;
    e[n].id = NULL;
    e[n].depth = 0;
    n++;
  }
  for (i = 0; i < ctx->heading_count; i++) {
    const epub_heading *h = &ctx->headings[i];
    while (top > 0 && stack[top - 1] >= h->level)
      top--;
    e[n].text = h->text;
    e[n].chapter = h->chapter;
    e[n].id = h->id;
    e[n].depth = top;
    stack[top++] = h->level;
    n++;
  }
  free(stack);
  *out_count = n;
  return e;
}

static void put_href(const epub_ctx *ctx, galley_buf *out, const toc_entry *e)
{
  galley_buf_puts(out, ctx->chapters[e->chapter].name);
  if (e->id) {
    galley_buf_putc(out, '#');
    epub_put_url(out, e->id, strlen(e->id), 1);
  }
}

void epub_package_nav(epub_ctx *ctx, galley_buf *out)
{
  int n, i, k, body = 0;
  toc_entry *e = toc_entries(ctx, &n);
  const epub_words *w = epub_words_lookup(ctx->language);

  epub_xhtml_open(ctx, out, w->contents, NULL);
  galley_buf_puts(out, "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>");
  epub_put_cstr(out, w->contents);
  galley_buf_puts(out, "</h1>\n<ol>\n");
  for (i = 0; i < n; i++) {
    if (i > 0) {
      if (e[i].depth > e[i - 1].depth) {
        galley_buf_puts(out, "\n<ol>\n");
      } else {
        galley_buf_puts(out, "</li>\n");
        for (k = e[i - 1].depth; k > e[i].depth; k--)
          galley_buf_puts(out, "</ol>\n</li>\n");
      }
    }
    galley_buf_puts(out, "<li><a href=\"");
    put_href(ctx, out, &e[i]);
    galley_buf_puts(out, "\">");
    epub_put_cstr(out, has_text(e[i].text) ? e[i].text : w->section);
    galley_buf_puts(out, "</a>");
  }
  galley_buf_puts(out, "</li>\n");
  for (k = n > 0 ? e[n - 1].depth : 0; k > 0; k--)
    galley_buf_puts(out, "</ol>\n</li>\n");
  galley_buf_puts(out, "</ol>\n</nav>\n");

  /* The print edition's pages: a flat list linking every marker written,
   * labelled with its folio alone. */
  if (ctx->pages_marked > 0) {
    const galley_page_map *map = ctx->opts->page_map;
    int pg;
    galley_buf_puts(out, "<nav epub:type=\"page-list\" id=\"page-list\" "
                         "role=\"doc-pagelist\" hidden=\"hidden\">\n<ol>\n");
    for (pg = 0; pg < map->count; pg++) {
      char id[32];
      if (ctx->page_chapter[pg] < 0)
        continue;
      epub_page_id(ctx, pg, id);
      galley_buf_printf(out, "<li><a href=\"%s#%s\">",
                        ctx->chapters[ctx->page_chapter[pg]].name, id);
      epub_put_cstr(out, map->pages[pg].label);
      galley_buf_puts(out, "</a></li>\n");
    }
    galley_buf_puts(out, "</ol>\n</nav>\n");
  }

  /* Landmarks: a flat list. The body matter starts with the first
   * document that holds more than the title page, at its first block
   * after the title block when it has one. */
  if (ctx->start_chapter >= 0)
    body = ctx->start_chapter;
  while (body + 1 < ctx->chapter_count && ctx->chapters[body].title_only)
    body++;
  galley_buf_puts(out, "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n"
                       "<h2>");
  epub_put_cstr(out, w->landmarks);
  galley_buf_puts(out, "</h2>\n<ol>\n");
  if (ctx->cover_generated) {
    galley_buf_puts(out, "<li><a epub:type=\"cover\" href=\"cover.xhtml\">");
    epub_put_cstr(out, w->cover);
    galley_buf_puts(out, "</a></li>\n");
  }
  for (i = 0; i < ctx->chapter_count; i++)
    if (ctx->chapters[i].first &&
        galley_node_get_type(ctx->chapters[i].first) == GALLEY_NODE_TITLE_BLOCK) {
      galley_buf_printf(out, "<li><a epub:type=\"titlepage\" href=\"%s\">",
                        ctx->chapters[i].name);
      epub_put_cstr(out, w->titlepage);
      galley_buf_puts(out, "</a></li>\n");
      break;
    }
  galley_buf_puts(out, "<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">");
  epub_put_cstr(out, w->toc);
  galley_buf_printf(out, "</a></li>\n<li><a epub:type=\"bodymatter\" href=\"%s%s%s\">",
                    ctx->chapters[body].name,
                    body == ctx->start_chapter && ctx->start_id[0] ? "#" : "",
                    body == ctx->start_chapter ? ctx->start_id : "");
  epub_put_cstr(out, w->start);
  galley_buf_puts(out, "</a></li>\n</ol>\n</nav>\n</body>\n</html>\n");
  free(e);
}

void epub_package_ncx(epub_ctx *ctx, galley_buf *out)
{
  int n, i, k, depth = 0;
  toc_entry *e = toc_entries(ctx, &n);
  const epub_words *w = epub_words_lookup(ctx->language);

  for (i = 0; i < n; i++)
    if (e[i].depth + 1 > depth)
      depth = e[i].depth + 1;
  galley_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" "
                       "version=\"2005-1\" xml:lang=\"");
  epub_put_cstr(out, ctx->language);
  galley_buf_puts(out, "\">\n  <head>\n    <meta name=\"dtb:uid\" content=\"");
  epub_put_cstr(out, ctx->identifier);
  galley_buf_printf(out, "\"/>\n    <meta name=\"dtb:depth\" content=\"%d\"/>\n"
                         "    <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
                         "    <meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n"
                         "  </head>\n  <docTitle><text>",
                    depth);
  epub_put_cstr(out, ctx->title);
  galley_buf_puts(out, "</text></docTitle>\n  <navMap>\n");
  for (i = 0; i < n; i++) {
    if (i > 0 && e[i].depth <= e[i - 1].depth)
      for (k = e[i - 1].depth; k >= e[i].depth; k--)
        galley_buf_puts(out, "</navPoint>\n");
    galley_buf_printf(out, "<navPoint id=\"navpoint-%d\" playOrder=\"%d\">"
                           "<navLabel><text>",
                      i + 1, i + 1);
    epub_put_cstr(out, has_text(e[i].text) ? e[i].text : w->section);
    galley_buf_puts(out, "</text></navLabel><content src=\"");
    put_href(ctx, out, &e[i]);
    galley_buf_puts(out, "\"/>\n");
  }
  for (k = n > 0 ? e[n - 1].depth : -1; k >= 0; k--)
    galley_buf_puts(out, "</navPoint>\n");
  galley_buf_puts(out, "  </navMap>\n</ncx>\n");
  free(e);
}
