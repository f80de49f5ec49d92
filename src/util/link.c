/* link.c: the link policy of both editions (see link.h). */
#include <string.h>

#include "link.h"

/* Schemes a reading system or PDF viewer can hand to a browser or mail
 * program. Anything else, javascript: and data: above all, runs or shows
 * something inside the reader, or reaches the reader's own files. */
static const char *const followable_schemes[] = {"http", "https", "mailto", "ftp",
                                                  "tel"};

static int is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_hex(int c)
{
  return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'f');
}

static int hex_value(int c)
{
  return c <= '9' ? c - '0' : (c | 32) - 'a' + 10;
}

/* Length of the URI scheme at the start of `url` (before ':'), or 0:
 * a letter, then letters, digits, '+', '-', '.' (RFC 3986, 3.1). */
static size_t scheme_length(const char *url, size_t len)
{
  size_t i;
  if (len == 0 || !((url[0] | 32) >= 'a' && (url[0] | 32) <= 'z'))
    return 0;
  for (i = 1; i < len; i++) {
    char c = url[i];
    if (c == ':')
      return i;
    if (!(((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
          c == '-' || c == '.'))
      return 0;
  }
  return 0;
}

static int is_followable_scheme(const char *url, size_t n)
{
  size_t i, k;
  for (i = 0; i < sizeof followable_schemes / sizeof *followable_schemes; i++) {
    if (strlen(followable_schemes[i]) != n)
      continue;
    for (k = 0; k < n; k++)
      if ((url[k] | 32) != followable_schemes[i][k])
        break;
    if (k == n)
      return 1;
  }
  return 0;
}

/* Whether `url` holds a control character: C0 or DEL as a byte, or
 * percent-encoded (%00..%1F, %7F), or a C1 control (U+0080..U+009F) in
 * UTF-8. Browsers drop tabs and newlines inside a URL ("java\tscript:"
 * is javascript:), a NUL cuts a host name short in some resolvers, and
 * epubcheck warns about %00. Accepts "http://example.com/a%20b", rejects
 * "http://exa%00mple.com/". */
static int has_control(const char *url, size_t len)
{
  size_t i;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)url[i];
    if (c < 0x20 || c == 0x7F)
      return 1;
    if (c == 0xC2 && i + 1 < len && (unsigned char)url[i + 1] >= 0x80 &&
        (unsigned char)url[i + 1] <= 0x9F)
      return 1;
    if (c == '%' && i + 2 < len && is_hex((unsigned char)url[i + 1]) &&
        is_hex((unsigned char)url[i + 2])) {
      int v = hex_value((unsigned char)url[i + 1]) * 16 +
              hex_value((unsigned char)url[i + 2]);
      if (v < 0x20 || v == 0x7F)
        return 1;
    }
  }
  return 0;
}

void galley_link_classify(const char *url, galley_link *out)
{
  size_t len;
  memset(out, 0, sizeof *out);
  out->kind = GALLEY_LINK_EMPTY;
  out->url = "";
  if (!url)
    return;
  while (is_space(*url))
    url++;
  len = strlen(url);
  while (len > 0 && is_space(url[len - 1]))
    len--;
  out->url = url;
  out->len = len;
  if (len == 0)
    return;
  out->scheme_len = scheme_length(url, len);
  if (has_control(url, len))
    out->kind = GALLEY_LINK_CONTROL;
  else if (url[0] == '#')
    out->kind = GALLEY_LINK_ANCHOR;
  else if (len > 2 && url[0] == '/' && url[1] == '/') {
    out->kind = GALLEY_LINK_EXTERNAL;
    out->protocol_relative = 1;
  } else if (out->scheme_len > 0)
    /* "http:" alone leads nowhere: refused with the other schemes. */
    out->kind = is_followable_scheme(url, out->scheme_len) && out->scheme_len + 1 < len
                    ? GALLEY_LINK_EXTERNAL
                    : GALLEY_LINK_SCHEME;
  else
    out->kind = GALLEY_LINK_RELATIVE;
}

void galley_link_put_target(galley_buf *out, const galley_link *link)
{
  if (link->protocol_relative)
    galley_buf_puts(out, "https:");
  galley_buf_put(out, link->url, link->len);
}

void galley_link_put_anchor_id(galley_buf *out, const galley_link *link)
{
  size_t i;
  for (i = 1; i < link->len; i++) {
    const char *u = link->url;
    if (u[i] == '%' && i + 2 < link->len && is_hex((unsigned char)u[i + 1]) &&
        is_hex((unsigned char)u[i + 2])) {
      galley_buf_putc(out, hex_value((unsigned char)u[i + 1]) * 16 +
                               hex_value((unsigned char)u[i + 2]));
      i += 2;
    } else {
      galley_buf_putc(out, u[i]);
    }
  }
}

/* At most this many bytes of a URL are quoted in a warning. */
#define WARN_URL_MAX 200

void galley_link_warn(galley_diag *diag, int line, const galley_link *link)
{
  galley_buf msg = GALLEY_BUF_INIT;
  int shown = (int)(link->len > WARN_URL_MAX ? WARN_URL_MAX : link->len);
  int i, n, l;
  if (!diag)
    return;
  switch (link->kind) {
  case GALLEY_LINK_EMPTY:
  case GALLEY_LINK_EXTERNAL:
    return;
  case GALLEY_LINK_ANCHOR: {
    galley_buf id = GALLEY_BUF_INIT;
    galley_link_put_anchor_id(&id, link);
    galley_buf_printf(&msg, "link to '%s' names no heading of the article; kept "
                            "as plain text",
                      galley_buf_cstr(&id));
    galley_buf_free(&id);
    break;
  }
  case GALLEY_LINK_SCHEME:
    galley_buf_printf(&msg, "link with a '%.*s:' URL kept as plain text",
                      (int)link->scheme_len, link->url);
    break;
  case GALLEY_LINK_RELATIVE:
    galley_buf_printf(&msg, "link to '%.*s', which is not in the book, kept as "
                            "plain text",
                      shown, link->url);
    break;
  case GALLEY_LINK_CONTROL:
    galley_buf_printf(&msg, "link to '%.*s' has a control character in its URL; "
                            "kept as plain text",
                      shown, link->url);
    break;
  }
  /* galley_diag stores a message with control characters as spaces:
   * compare with it flattened the same way. */
  for (i = 0; (size_t)i < msg.len; i++)
    if ((unsigned char)msg.ptr[i] < 0x20)
      msg.ptr[i] = ' ';
  n = galley_diag_get_count(diag);
  for (i = 0; i < n; i++) {
    const char *m = galley_diag_get(diag, i, &l, NULL);
    if (l == line && strcmp(m, galley_buf_cstr(&msg)) == 0)
      break;
  }
  if (i == n)
    galley_diag_add(diag, line, 0, "%s", galley_buf_cstr(&msg));
  galley_buf_free(&msg);
}

/* ---- words that are addresses ------------------------------------- */

static int has(const char *s, size_t len, const char *what)
{
  size_t n = strlen(what), i;
  for (i = 0; i + n <= len; i++)
    if (memcmp(s + i, what, n) == 0)
      return 1;
  return 0;
}

/* Whether the word `s` (no white space, outer punctuation stripped) is a
 * URL, an e-mail address or a file path, whose characters are kept.
 *   accepts: "http://example.com/a--b", "jane.doe@example.org", "/usr/share/doc"
 *   rejects: "and/or", "don't" */
int galley_link_is_address_word(const char *s, size_t len)
{
  const char *at = memchr(s, '@', len);
  if (len == 0)
    return 0;
  if (has(s, len, "://") || (len > 4 && memcmp(s, "www.", 4) == 0) ||
      (len > 7 && memcmp(s, "mailto:", 7) == 0))
    return 1;
  if (at && at > s && memchr(at, '.', len - (size_t)(at - s)))
    return 1;
  if (s[0] == '/' && len > 1 && memchr(s + 1, '/', len - 1))
    return 1;
  if ((len > 2 && memcmp(s, "./", 2) == 0) || (len > 3 && memcmp(s, "../", 3) == 0) ||
      (len > 2 && memcmp(s, "~/", 2) == 0) || memchr(s, '\\', len))
    return 1;
  return 0;
}

size_t galley_link_trim_word(const char *s, size_t len, size_t *out_start)
{
  size_t a = 0, b = len, quotes = 0;
  while (a < b && strchr("\"'([<{", s[a])) {
    quotes += s[a] == '"' || s[a] == '\'';
    a++;
  }
  while (b > a && s[b - 1] && strchr("\"').,;:!?>]}", s[b - 1])) {
    if (s[b - 1] == '"' || s[b - 1] == '\'') {
      if (quotes == 0)
        break; /* a quote inside the word: x='1' */
      quotes--;
    }
    b--;
  }
  *out_start = a;
  return b - a;
}
