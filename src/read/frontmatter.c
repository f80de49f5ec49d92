/* frontmatter.c: the YAML-style front-matter block (see frontmatter.h).
 *
 * A line-by-line reader for the subset of YAML 1.2 that article metadata
 * uses. Each line is one of: blank, a comment, `key: value` at column 1,
 * a `- item` of the list opened by a `key:` with no value, a continuation
 * of a plain scalar or of a block scalar (`|`, `>`), indented. Anything
 * else is reported with its line, because a metadata block that is read
 * wrongly would put the wrong title on a book without a word. */
#include "frontmatter.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/utf8.h"
#include "clean.h"

/* ------------------------------------------------------------------ */
/* Items                                                               */
/* ------------------------------------------------------------------ */

void galley_frontmatter_init(galley_frontmatter *fm)
{
  memset(fm, 0, sizeof *fm);
}

void galley_frontmatter_free(galley_frontmatter *fm)
{
  int i;
  if (!fm)
    return;
  for (i = 0; i < fm->count; i++) {
    free(fm->items[i].key);
    free(fm->items[i].value);
  }
  free(fm->items);
  memset(fm, 0, sizeof *fm);
}

/* Appends an item; `value` (len bytes) is cleaned into valid XML-safe
 * UTF-8, since escapes such as "\x01" or "\0" can produce anything.
 * Returns the new item's index. */
static int add_item(galley_frontmatter *fm, const char *key, size_t key_len,
                    const char *value, size_t value_len, int line, int list_index)
{
  galley_buf v = GALLEY_BUF_INIT;
  galley_frontmatter_item *it;
  if (fm->count == fm->cap) {
    fm->cap = fm->cap ? fm->cap * 2 : 16;
    fm->items = galley_xreallocarray(fm->items, (size_t)fm->cap, sizeof *fm->items);
  }
  galley_clean_string(&v, value, value_len);
  it = &fm->items[fm->count];
  it->key = galley_xstrndup(key, key_len);
  it->value = galley_buf_detach(&v, NULL);
  it->line = line;
  it->list_index = list_index;
  return fm->count++;
}

/* ------------------------------------------------------------------ */
/* Lines                                                               */
/* ------------------------------------------------------------------ */

/* Splits off the line starting at `pos`: its length without the line
 * ending in *out_len, and where the next line starts in *out_next. LF,
 * CRLF and CR all end a line. */
static void split_line(const char *text, size_t len, size_t pos, size_t *out_len,
                       size_t *out_next)
{
  size_t i = pos;
  while (i < len && text[i] != '\n' && text[i] != '\r')
    i++;
  *out_len = i - pos;
  if (i < len && text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
    i += 2;
  else if (i < len)
    i++;
  *out_next = i;
}

static int is_blank_byte(char c)
{
  return c == ' ' || c == '\t';
}

static size_t skip_blanks(const char *s, size_t len, size_t i)
{
  while (i < len && is_blank_byte(s[i]))
    i++;
  return i;
}

static int is_blank_line(const char *s, size_t len)
{
  return skip_blanks(s, len, 0) == len;
}

/* Whether the line is the delimiter `mark` ("---" or "...") alone,
 * trailing blanks allowed. */
static int is_delimiter(const char *s, size_t len, const char *mark)
{
  return len >= 3 && memcmp(s, mark, 3) == 0 && is_blank_line(s + 3, len - 3);
}

/* Whether only blanks, or blanks and then a comment, follow offset `i`. */
static int is_rest_empty(const char *s, size_t len, size_t i)
{
  i = skip_blanks(s, len, i);
  return i == len || s[i] == '#';
}

/* ------------------------------------------------------------------ */
/* The parser                                                          */
/* ------------------------------------------------------------------ */

/* What a continuation line continues. */
typedef enum {
  OPEN_NONE = 0,
  OPEN_PLAIN, /* a plain scalar: indented lines are folded into it */
  OPEN_LIST,  /* a `key:` with no value, or a list: `- item` lines follow */
  OPEN_BLOCK, /* a block scalar, `|` (literal) or `>` (folded) */
  OPEN_QUOTED /* a quoted scalar not closed on its first line */
} open_kind;

typedef struct fm_parser {
  galley_frontmatter *fm; /* borrowed: where items go */
  galley_error *err;      /* borrowed */
  open_kind open;         /* what the next indented line may continue */
  int item;               /* OPEN_PLAIN, OPEN_BLOCK: index of the item */
  const char *key;        /* OPEN_LIST, OPEN_QUOTED: borrowed from the input */
  size_t key_len;
  int list_count;         /* OPEN_LIST: elements read so far */
  int block_folded;       /* OPEN_BLOCK: '>' rather than '|' */
  size_t block_indent;    /* OPEN_BLOCK: indent of its first line, 0 before */
  int block_blanks;       /* OPEN_BLOCK: blank lines not yet written */
  galley_buf block;       /* OPEN_BLOCK, OPEN_QUOTED: the text so far */
  char quote;             /* OPEN_QUOTED: '"' or '\'' */
  int quote_line;         /* OPEN_QUOTED: line and column of the opening quote */
  int quote_col;
} fm_parser;

/* Records a malformed-block error at `line`, `col` (0: unknown) and
 * returns GALLEY_ERR_DATA. */
static galley_status fm_fail(fm_parser *p, int line, int col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static galley_status fm_fail(fm_parser *p, int line, int col, const char *fmt, ...)
{
  char msg[GALLEY_ERROR_MESSAGE_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (p->err && p->err->code == GALLEY_OK) {
    galley_error_set(p->err, GALLEY_ERR_DATA, 0, "front matter: %s", msg);
    galley_error_set_where(p->err, NULL, line, col);
  }
  return GALLEY_ERR_DATA;
}

/* Replaces the value of item `i` with `len` bytes (cleaned). */
static void set_item_value(galley_frontmatter *fm, int i, const char *value,
                           size_t len)
{
  galley_buf v = GALLEY_BUF_INIT;
  galley_clean_string(&v, value, len);
  free(fm->items[i].value);
  fm->items[i].value = galley_buf_detach(&v, NULL);
}

/* Ends a block scalar: its text becomes the item's value. */
static void close_block(fm_parser *p)
{
  if (p->open == OPEN_BLOCK)
    set_item_value(p->fm, p->item, galley_buf_cstr(&p->block), p->block.len);
  galley_buf_clear(&p->block);
  p->open = OPEN_NONE;
}


/* Reads `digits` hex digits at s[i]; -1 if they are not all there. */
static long read_hex(const char *s, size_t len, size_t i, int digits)
{
  long v = 0;
  int k;
  if (i + (size_t)digits > len)
    return -1;
  for (k = 0; k < digits; k++) {
    int h = galley_hex_digit_value(s[i + (size_t)k]);
    if (h < 0)
      return -1;
    v = v * 16 + h;
  }
  return v;
}

/* Reads a double-quoted scalar whose opening quote is at s[i], with
 * YAML's escapes, into `out`; *out_end receives the offset after the
 * closing quote. */
static galley_status read_double_quoted(fm_parser *p, const char *s, size_t len,
                                        size_t i, int line, galley_buf *out,
                                        size_t *out_end)
{
  size_t open = i++;
  while (i < len && s[i] != '"') {
    long cp;
    int digits = 0;
    if (s[i] != '\\') {
      galley_buf_putc(out, s[i++]);
      continue;
    }
    if (i + 1 >= len)
      break; /* a backslash at the end of the line: unclosed */
    switch (s[i + 1]) {
    case '"': galley_buf_putc(out, '"'); break;
    case '\\': galley_buf_putc(out, '\\'); break;
    case '/': galley_buf_putc(out, '/'); break;
    case ' ': galley_buf_putc(out, ' '); break;
    case '\t': galley_buf_putc(out, '\t'); break;
    case 'n': galley_buf_putc(out, '\n'); break;
    case 't': galley_buf_putc(out, '\t'); break;
    case 'r': galley_buf_putc(out, '\r'); break;
    case '0': galley_utf8_encode(out, GALLEY_UTF8_REPLACEMENT); break; /* NUL */
    case 'a': galley_buf_putc(out, '\a'); break; /* cleaned to U+FFFD */
    case 'b': galley_buf_putc(out, '\b'); break;
    case 'e': galley_buf_putc(out, 0x1b); break;
    case 'f': galley_buf_putc(out, '\f'); break;
    case 'v': galley_buf_putc(out, '\v'); break;
    case '_': galley_utf8_encode(out, 0xA0); break;
    case 'N': galley_utf8_encode(out, 0x85); break;
    case 'L': galley_utf8_encode(out, 0x2028); break;
    case 'P': galley_utf8_encode(out, 0x2029); break;
    case 'x': digits = 2; break;
    case 'u': digits = 4; break;
    case 'U': digits = 8; break;
    default:
      return fm_fail(p, line, (int)i + 1, "unknown escape '\\%c' in a double-quoted value",
                     s[i + 1]);
    }
    if (digits == 0) {
      i += 2;
      continue;
    }
    cp = read_hex(s, len, i + 2, digits);
    if (cp < 0)
      return fm_fail(p, line, (int)i + 1, "'\\%c' wants %d hex digits", s[i + 1], digits);
    i += 2 + (size_t)digits;
    /* A JSON-style surrogate pair, "\ud83d\ude00", is one character. */
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= len && s[i] == '\\' && s[i + 1] == 'u') {
      long lo = read_hex(s, len, i + 2, 4);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        i += 6;
      }
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      cp = GALLEY_UTF8_REPLACEMENT;
    galley_utf8_encode(out, (int32_t)cp);
  }
  if (i >= len)
    return fm_fail(p, line, (int)open + 1, "unclosed double quote");
  *out_end = i + 1;
  return GALLEY_OK;
}

/* Reads a single-quoted scalar ('' stands for one quote) whose opening
 * quote is at s[i]. */
static galley_status read_single_quoted(fm_parser *p, const char *s, size_t len,
                                        size_t i, int line, galley_buf *out,
                                        size_t *out_end)
{
  size_t open = i++;
  for (;;) {
    if (i >= len)
      return fm_fail(p, line, (int)open + 1, "unclosed single quote");
    if (s[i] == '\'') {
      if (i + 1 < len && s[i + 1] == '\'') {
        galley_buf_putc(out, '\'');
        i += 2;
        continue;
      }
      break;
    }
    galley_buf_putc(out, s[i++]);
  }
  *out_end = i + 1;
  return GALLEY_OK;
}

/* Reads a plain scalar from s[i]: up to a comment (" #"), or in a flow
 * list up to ',' or ']'; trailing blanks trimmed. */
static void read_plain(const char *s, size_t len, size_t i, int in_flow,
                       galley_buf *out, size_t *out_end)
{
  size_t start = i, end;
  while (i < len) {
    if (s[i] == '#' && i > start && is_blank_byte(s[i - 1]))
      break;
    if (in_flow && (s[i] == ',' || s[i] == ']'))
      break;
    i++;
  }
  end = i;
  while (end > start && is_blank_byte(s[end - 1]))
    end--;
  galley_buf_put(out, s + start, end - start);
  *out_end = i;
}

/* Characters that may not start a plain value because YAML gives them
 * another meaning we do not read: anchors, aliases, tags, mappings,
 * directives, reserved. */
static int is_unsupported_indicator(char c)
{
  return c == '&' || c == '*' || c == '!' || c == '{' || c == '%' ||
         c == '@' || c == '`';
}

/* Whether a plain scalar is YAML's null: "~", "null", "Null", "NULL".
 *   accepts: "~"   rejects: "nullable", "'null'" (quoted) */
static int is_null(const char *v)
{
  return strcmp(v, "~") == 0 || strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 ||
         strcmp(v, "NULL") == 0;
}

/* Where a scalar quoted with `q` closes in s[i..len): the offset of the
 * closing quote, or len when the line does not close it.
 *   accepts (closes): "a \" b"   rejects (open): "a \"   'it''s */
static size_t quote_close(const char *s, size_t len, size_t i, char q)
{
  while (i < len) {
    if (q == '"' && s[i] == '\\') {
      i += 2;
      continue;
    }
    if (s[i] == q) {
      if (q == '\'' && i + 1 < len && s[i + 1] == '\'')
        i += 2;
      else
        return i;
    } else {
      i++;
    }
  }
  return len;
}

/* Reads one scalar (quoted or plain, not a collection) at s[i] into
 * `out`; anything but a comment after a closing quote is an error. */
static galley_status read_scalar(fm_parser *p, const char *s, size_t len,
                                 size_t i, int line, int in_flow, galley_buf *out,
                                 size_t *out_end)
{
  galley_status st;
  if (s[i] == '"' || s[i] == '\'') {
    st = s[i] == '"' ? read_double_quoted(p, s, len, i, line, out, out_end)
                     : read_single_quoted(p, s, len, i, line, out, out_end);
    if (st != GALLEY_OK)
      return st;
    i = skip_blanks(s, len, *out_end);
    if (in_flow ? (i < len && s[i] != ',' && s[i] != ']')
                : (i < len && s[i] != '#'))
      return fm_fail(p, line, (int)i + 1, "unexpected text after a quoted value");
    *out_end = i;
    return GALLEY_OK;
  }
  if (s[i] == '{')
    return fm_fail(p, line, (int)i + 1,
                   "nested mappings are not supported in metadata");
  if (s[i] == '[')
    return fm_fail(p, line, (int)i + 1, "nested lists are not supported in metadata");
  if (is_unsupported_indicator(s[i]))
    return fm_fail(p, line, (int)i + 1,
                   "a value starting with '%c' must be quoted (YAML reads it "
                   "as an anchor, alias, tag or mapping)", s[i]);
  read_plain(s, len, i, in_flow, out, out_end);
  if (is_null(galley_buf_cstr(out)))
    galley_buf_clear(out); /* "title: ~" gives no title, not "~" */
  return GALLEY_OK;
}

/* Reads a flow list "[a, 'b', "c, d"]" at s[i], adding one item per
 * element under `key`. */
static galley_status read_flow_list(fm_parser *p, const char *key, size_t key_len,
                                    const char *s, size_t len, size_t i, int line)
{
  galley_buf v = GALLEY_BUF_INIT;
  galley_status st = GALLEY_OK;
  size_t open = i;
  int n = 0;
  i = skip_blanks(s, len, i + 1);
  if (i < len && s[i] == ']')
    goto close;
  for (;;) {
    size_t end;
    i = skip_blanks(s, len, i);
    if (i >= len) {
      st = fm_fail(p, line, (int)open + 1, "unclosed '[' list");
      goto done;
    }
    if (s[i] == ']' && n > 0) /* a trailing comma: "[a, b, ]" */
      break;
    galley_buf_clear(&v);
    st = read_scalar(p, s, len, i, line, 1, &v, &end);
    if (st != GALLEY_OK)
      goto done;
    if (v.len > 0)
      add_item(p->fm, key, key_len, galley_buf_cstr(&v), v.len, line, n++);
    i = skip_blanks(s, len, end);
    if (i >= len) {
      st = fm_fail(p, line, (int)open + 1, "unclosed '[' list");
      goto done;
    }
    if (s[i] == ']')
      break;
    i++; /* the ',' */
  }
close:
  if (!is_rest_empty(s, len, i + 1))
    st = fm_fail(p, line, (int)i + 2, "unexpected text after a list");
done:
  galley_buf_free(&v);
  return st;
}

/* Length of the key of a `key: value` line (the ':' at s[result]), or 0
 * when the line is not one: a key is text up to the first ':' that is
 * followed by a blank or the end of the line, and does not start with a
 * YAML indicator.
 *   accepts: "title: Kazakhstan at 34", "cover-image:"
 *   rejects: "Kazakhstan at 34", "- item", "http://example.org" */
static size_t key_length(const char *s, size_t len)
{
  size_t i;
  if (len == 0 || strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0]))
    return 0;
  for (i = 1; i < len; i++)
    if (s[i] == ':' && (i + 1 == len || is_blank_byte(s[i + 1])))
      return i;
  return 0;
}

/* Whether the (unindented) line is a `- item` line: a '-' alone or
 * followed by a blank. */
static int is_list_item(const char *s, size_t len)
{
  return len >= 1 && s[0] == '-' && (len == 1 || is_blank_byte(s[1]));
}

/* A `- item` line, its '-' at s[0]. */
static galley_status read_list_item(fm_parser *p, const char *s, size_t len,
                                    int line, int col)
{
  galley_buf v = GALLEY_BUF_INIT;
  galley_status st = GALLEY_OK;
  size_t i = skip_blanks(s, len, 1), end;
  if (p->open != OPEN_LIST)
    return fm_fail(p, line, col,
                   "a '- item' line must follow a 'key:' line with no value");
  if (i == len || s[i] == '#')
    return GALLEY_OK; /* an empty element */
  if (key_length(s + i, len - i) > 0)
    return fm_fail(p, line, col + (int)i,
                   "lists of mappings are not supported; give plain values");
  if (is_list_item(s + i, len - i))
    return fm_fail(p, line, col + (int)i, "nested lists are not supported in metadata");
  st = read_scalar(p, s, len, i, line, 0, &v, &end);
  if (st == GALLEY_OK && v.len > 0)
    add_item(p->fm, p->key, p->key_len, galley_buf_cstr(&v), v.len, line,
             p->list_count++);
  galley_buf_free(&v);
  return st;
}

/* A `key: value` line at column 1, the ':' at s[klen]. */
static galley_status read_pair(fm_parser *p, const char *s, size_t len,
                               size_t klen, int line)
{
  galley_buf v = GALLEY_BUF_INIT;
  galley_status st = GALLEY_OK;
  size_t i = skip_blanks(s, len, klen + 1), end, kend = klen;
  while (kend > 0 && is_blank_byte(s[kend - 1]))
    kend--;
  if (i == len || s[i] == '#') {
    /* "key:" alone: a list, or nothing, follows */
    p->open = OPEN_LIST;
    p->key = s;
    p->key_len = kend;
    p->list_count = 0;
    return GALLEY_OK;
  }
  if (s[i] == '[')
    return read_flow_list(p, s, kend, s, len, i, line);
  if (s[i] == '|' || s[i] == '>') {
    /* a block scalar header: indicator, then optional chomping and
     * indentation indicators; chomping is moot since metadata values
     * lose their trailing newlines anyway */
    size_t h = i + 1;
    while (h < len && (s[h] == '-' || s[h] == '+' || (s[h] >= '1' && s[h] <= '9')))
      h++;
    if (!is_rest_empty(s, len, h))
      return fm_fail(p, line, (int)h + 1, "unexpected text after a block scalar header");
    p->open = OPEN_BLOCK;
    p->item = add_item(p->fm, s, kend, "", 0, line, -1);
    p->block_folded = s[i] == '>';
    p->block_indent = 0;
    p->block_blanks = 0;
    galley_buf_clear(&p->block);
    return GALLEY_OK;
  }
  if ((s[i] == '"' || s[i] == '\'') && quote_close(s, len, i + 1, s[i]) == len) {
    /* a quoted scalar that goes on over the next lines, as YAML writers
     * (PyYAML among them) wrap a long title */
    size_t end_text = len;
    while (end_text > i + 1 && is_blank_byte(s[end_text - 1]) &&
           !(s[i] == '"' && s[end_text - 2] == '\\'))
      end_text--;
    p->open = OPEN_QUOTED;
    p->key = s;
    p->key_len = kend;
    p->quote = s[i];
    p->quote_line = line;
    p->quote_col = (int)i + 1;
    p->block_blanks = 0;
    galley_buf_clear(&p->block);
    galley_buf_put(&p->block, s + i, end_text - i);
    return GALLEY_OK;
  }
  st = read_scalar(p, s, len, i, line, 0, &v, &end);
  if (st == GALLEY_OK) {
    p->item = add_item(p->fm, s, kend, galley_buf_cstr(&v), v.len, line, -1);
    p->open = (s[i] == '"' || s[i] == '\'') ? OPEN_NONE : OPEN_PLAIN;
  }
  galley_buf_free(&v);
  return st;
}

/* An indented line inside a block scalar; returns 0 when it is not (it
 * is less indented than the block) and the block has been closed. */
static int read_block_line(fm_parser *p, const char *s, size_t len)
{
  size_t indent = skip_blanks(s, len, 0);
  if (indent == len) {
    p->block_blanks++;
    return 1;
  }
  if (indent == 0 || (p->block_indent && indent < p->block_indent)) {
    close_block(p);
    return 0;
  }
  if (!p->block_indent)
    p->block_indent = indent;
  if (p->block.len > 0) {
    int k;
    if (!p->block_folded || p->block_blanks == 0)
      galley_buf_putc(&p->block, p->block_folded ? ' ' : '\n');
    for (k = 0; k < p->block_blanks; k++)
      galley_buf_putc(&p->block, '\n');
  }
  p->block_blanks = 0;
  galley_buf_put(&p->block, s + p->block_indent, len - p->block_indent);
  return 1;
}

/* An indented line that continues a plain scalar: folded in with one
 * space, as YAML folds multi-line plain scalars. */
static galley_status read_continuation(fm_parser *p, const char *s, size_t len,
                                       size_t indent, int line)
{
  galley_buf v = GALLEY_BUF_INIT;
  galley_frontmatter_item *it = &p->fm->items[p->item];
  size_t end;
  if (key_length(s + indent, len - indent) > 0)
    return fm_fail(p, line, (int)indent + 1,
                   "nested mappings are not supported in metadata");
  galley_buf_puts(&v, it->value);
  if (v.len > 0)
    galley_buf_putc(&v, ' ');
  read_plain(s, len, indent, 0, &v, &end);
  set_item_value(p->fm, p->item, galley_buf_cstr(&v), v.len);
  galley_buf_free(&v);
  return GALLEY_OK;
}

/* A line inside a quoted scalar that opened on an earlier line, folded
 * in as YAML folds flow scalars: the line break becomes one space, a
 * blank line a newline, and in double quotes a break escaped by a
 * backslash disappears; the blanks around the break go. When the line
 * closes the quote, the whole scalar is read as one. */
static galley_status read_quoted_line(fm_parser *p, const char *s, size_t len, int line)
{
  galley_buf *b = &p->block;
  size_t indent = skip_blanks(s, len, 0), from, close, end_text = len;
  galley_status st;
  if (indent == len) {
    p->block_blanks++;
    return GALLEY_OK;
  }
  if (p->quote == '"' && b->len > 0 && b->ptr[b->len - 1] == '\\') {
    size_t run = 0;
    while (run < b->len && b->ptr[b->len - 1 - run] == '\\')
      run++;
    if (run % 2 == 1)
      galley_buf_truncate(b, b->len - 1); /* an escaped line break: nothing between the lines */
    else
      galley_buf_putc(b, ' ');
  } else if (p->block_blanks == 0) {
    galley_buf_putc(b, ' ');
  }
  for (; p->block_blanks > 0; p->block_blanks--)
    galley_buf_puts(b, p->quote == '"' ? "\\n" : "\n");
  while (end_text > indent && is_blank_byte(s[end_text - 1]) &&
         !(p->quote == '"' && end_text >= 2 && s[end_text - 2] == '\\'))
    end_text--;
  from = b->len;
  galley_buf_put(b, s + indent, end_text - indent);
  close = quote_close(galley_buf_cstr(b), b->len, from, p->quote);
  if (close == b->len)
    return GALLEY_OK;
  {
    /* what follows the closing quote, in this line's own columns */
    size_t after = skip_blanks(s, end_text, indent + (close + 1 - from));
    if (after < end_text && s[after] != '#')
      return fm_fail(p, line, (int)after + 1, "unexpected text after a quoted value");
  }
  {
    galley_buf v = GALLEY_BUF_INIT;
    size_t end;
    st = read_scalar(p, galley_buf_cstr(b), b->len, 0, line, 0, &v, &end);
    if (st == GALLEY_OK)
      p->item = add_item(p->fm, p->key, p->key_len, galley_buf_cstr(&v), v.len,
                         p->quote_line, -1);
    galley_buf_free(&v);
  }
  p->open = OPEN_NONE;
  galley_buf_clear(b);
  return st;
}

static galley_status read_line(fm_parser *p, const char *s, size_t len, int line)
{
  if (p->open == OPEN_QUOTED)
    return read_quoted_line(p, s, len, line);
  size_t indent, klen;
  if (p->open == OPEN_BLOCK && read_block_line(p, s, len))
    return GALLEY_OK;
  indent = skip_blanks(s, len, 0);
  if (indent == len || s[indent] == '#')
    return GALLEY_OK; /* blank or comment */
  if (is_list_item(s + indent, len - indent))
    return read_list_item(p, s + indent, len - indent, line, (int)indent + 1);
  if (indent > 0) {
    if (p->open == OPEN_PLAIN)
      return read_continuation(p, s, len, indent, line);
    if (key_length(s + indent, len - indent) > 0)
      return fm_fail(p, line, (int)indent + 1,
                     "nested mappings are not supported in metadata");
    return fm_fail(p, line, (int)indent + 1,
                   "an indented line that continues nothing");
  }
  klen = key_length(s, len);
  if (klen == 0)
    return fm_fail(p, line, 1, "expected 'key: value', a '- item' or a '# comment'");
  p->open = OPEN_NONE;
  return read_pair(p, s, len, klen, line);
}

galley_status galley_frontmatter_parse_lines(const char *text, size_t len,
                                             int first_line,
                                             galley_frontmatter *fm,
                                             galley_error *err)
{
  fm_parser p;
  galley_status st = GALLEY_OK;
  size_t pos = 0;
  int line = first_line;
  memset(&p, 0, sizeof p);
  p.fm = fm;
  p.err = err;
  while (pos < len && st == GALLEY_OK) {
    size_t line_len, next;
    split_line(text, len, pos, &line_len, &next);
    st = read_line(&p, text + pos, line_len, line);
    pos = next;
    line++;
  }
  if (st == GALLEY_OK && p.open == OPEN_QUOTED)
    st = fm_fail(&p, p.quote_line, p.quote_col, p.quote == '"' ? "unclosed double quote"
                                                               : "unclosed single quote");
  if (st == GALLEY_OK)
    close_block(&p);
  galley_buf_free(&p.block);
  return st;
}

/* ------------------------------------------------------------------ */
/* The delimited block                                                 */
/* ------------------------------------------------------------------ */

static size_t bom_length(const char *text, size_t len)
{
  return (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
}

int galley_frontmatter_is_present(const char *text, size_t len)
{
  size_t pos, line_len, next;
  if (!text)
    return 0;
  pos = bom_length(text, len);
  split_line(text, len, pos, &line_len, &next);
  if (!is_delimiter(text + pos, line_len, "---") || next == pos + line_len)
    return 0; /* no line after it */
  split_line(text, len, next, &line_len, &pos);
  return !is_blank_line(text + next, line_len);
}

galley_status galley_frontmatter_read(const char *text, size_t len,
                                      galley_frontmatter *fm, galley_error *err)
{
  size_t pos, line_len, next, content;
  int line = 1;
  if (!galley_frontmatter_is_present(text, len))
    return GALLEY_OK;
  pos = bom_length(text, len);
  split_line(text, len, pos, &line_len, &next);
  content = pos = next;
  line = 2;
  while (pos < len) {
    split_line(text, len, pos, &line_len, &next);
    if (is_delimiter(text + pos, line_len, "---") ||
        is_delimiter(text + pos, line_len, "...")) {
      galley_status st = galley_frontmatter_parse_lines(text + content, pos - content,
                                                        2, fm, err);
      if (st != GALLEY_OK)
        return st;
      fm->present = 1;
      fm->body_offset = next;
      fm->body_line = line + 1;
      return GALLEY_OK;
    }
    pos = next;
    line++;
  }
  galley_error_set(err, GALLEY_ERR_DATA, 0,
                   "front matter: the block opened by '---' on line 1 never "
                   "closes with '---' or '...'");
  galley_error_set_where(err, NULL, 1, 0);
  return GALLEY_ERR_DATA;
}

/* ------------------------------------------------------------------ */
/* Applying                                                            */
/* ------------------------------------------------------------------ */

void galley_frontmatter_apply(const galley_frontmatter *fm, galley_doc *doc)
{
  galley_meta *meta = galley_doc_get_meta(doc);
  char *list_key = NULL; /* owned: canonical key of the list being applied */
  int i;
  if (!fm || !doc)
    return;
  for (i = 0; i < fm->count; i++) {
    const galley_frontmatter_item *it = &fm->items[i];
    if (!it->value[0])
      continue;
    if (it->list_index > 0 && list_key) {
      galley_meta_add(meta, list_key, it->value);
      galley_meta_set_last_line(meta, it->line);
      continue;
    }
    /* replace = 0: an author is appended, any other key replaced */
    galley_doc_apply_meta(doc, it->key, it->value, 0);
    galley_meta_set_last_line(meta, it->line);
    free(list_key);
    list_key = NULL;
    if (it->list_index == 0) {
      /* galley_meta_set/add leave the entry they wrote last, under the
       * canonical key ("tags" becomes "keywords") */
      const char *k = galley_meta_get_entry(meta, galley_meta_get_size(meta) - 1, NULL);
      list_key = galley_xstrdup(k);
    }
  }
  free(list_key);
}
