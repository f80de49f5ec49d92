/* text_lines.c: the plain-text reader's first passes, from bytes to
 * lines: decoding (with the frame of a box taken off), the metadata
 * block of "Key: value" lines, lettered clauses, and the convention
 * (one paragraph per line, or hard-wrapped paragraphs). */
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/utf8.h"
#include "clean.h"
#include "lang.h"
#include "text_private.h"

#include "title.h"

/* A line longer than this many characters is not hard-wrapped text; if
 * one line in ten is longer, the file has one paragraph per line. */
#define LONG_LINE_CHARS 100
/* How far ahead (in lines) a lettered clause looks for the next letter:
 * a clause of the GNU FDL runs to eight lines. */
#define LETTER_CLAUSE_LOOKAHEAD_LINES 24

/* ------------------------------------------------------------------ */
/* Decoding                                                            */
/* ------------------------------------------------------------------ */

static int is_trim_space(int32_t cp)
{
  return galley_utf8_is_space(cp) || cp == 0xA0 || cp == 0xFEFF;
}

/* Measures the line that occupies s[start..end) into *l: trimmed of
 * white space at both ends, its indentation counted from `start`. */
static void measure_line(const char *s, size_t start, size_t end, text_line *l)
{
  size_t i = start, chars;
  int indent = 0;
  while (i < end) {
    int32_t cp;
    size_t n = text_next_cp(s, end, i, &cp);
    if (!is_trim_space(cp))
      break;
    indent = cp == '\t' ? (indent / 4 + 1) * 4 : indent + 1;
    i += n;
  }
  while (end > i) {
    int32_t cp;
    size_t p = text_prev_cp(s, end, &cp);
    if (!is_trim_space(cp))
      break;
    end = p;
  }
  l->off = i;
  l->len = end - i;
  l->indent = l->len ? indent : 0;
  l->lettered = 0;
  l->framed = 0;
  chars = galley_utf8_count(s + i, end - i);
  l->chars = chars < CHARS_CAP ? (int)chars : CHARS_CAP;
}

/* Records the line that occupies clean[start..end). */
static void end_line(text_reader *r, size_t start, size_t end)
{
  if (r->nlines == r->lines_cap) {
    r->lines_cap = r->lines_cap ? r->lines_cap * 2 : 256;
    r->lines = galley_xreallocarray(r->lines, (size_t)r->lines_cap, sizeof *r->lines);
  }
  measure_line(r->clean.ptr ? r->clean.ptr : "", start, end, &r->lines[r->nlines++]);
}

/* The first byte c at or after s[from], or n. */
static size_t find_byte(const char *s, size_t from, size_t n, char c)
{
  const char *p = memchr(s + from, c, n - from);
  return p ? (size_t)(p - s) : n;
}

/* Decodes the input into r->clean (clean.h: UTF-16 converted, a BOM
 * dropped, bad bytes replaced and reported with line and column) and
 * splits it into lines at LF, CRLF and CR. */
void text_decode(text_reader *r, const char *text, size_t len)
{
  const char *s;
  size_t start = 0, n, lf, cr;
  galley_clean_input(&r->clean, text, len, r->diag);
  s = r->clean.ptr ? r->clean.ptr : "";
  n = r->clean.len;
  /* the next LF and the next CR, each looked for again only once passed:
   * one pass over the text whichever ends its lines */
  lf = find_byte(s, 0, n, '\n');
  cr = find_byte(s, 0, n, '\r');
  for (;;) {
    size_t e;
    if (lf < start)
      lf = find_byte(s, start, n, '\n');
    if (cr < start)
      cr = find_byte(s, start, n, '\r');
    e = lf < cr ? lf : cr;
    if (e >= n)
      break;
    end_line(r, start, e);
    if (s[e] == '\r' && e + 1 < n && s[e + 1] == '\n')
      e++;
    start = e + 1;
  }
  if (n > start || r->nlines == 0)
    end_line(r, start, n);
}

/* The side character of a box whose edges are rows of c: the same
 * character for '*' and '#', else a bar ("+-----+" / "| ... |"). */
static char box_side(char c)
{
  return c == '*' || c == '#' ? c : '|';
}

/* When line i is the top edge of a box typed around a block of text
 * (text_is_box_edge), with every line under it framed by the box's sides
 * (text_is_framed_line, at the edge's indentation, none blank, some with
 * text) down to the same edge again: the index of that bottom edge, else
 * 0. Edges around bare lines are a boxed heading (text_boxed_heading_end). */
static int framed_box_end(const text_reader *r, int i)
{
  const text_line *e = &r->lines[i];
  const char *s = line_text(r, e);
  int j, text = 0;
  if (!text_is_box_edge(s, e->len))
    return 0;
  for (j = i + 1; j < r->nlines; j++) {
    const text_line *l = &r->lines[j];
    const char *t = line_text(r, l);
    size_t off, n, k;
    if (l->len == e->len && l->indent == e->indent && memcmp(s, t, e->len) == 0)
      return text ? j : 0;
    if (l->len == 0 || l->indent != e->indent ||
        !text_is_framed_line(t, l->len, box_side(s[0]), &off, &n))
      return 0;
    for (k = off; k < off + n && !text; k++)
      text = t[k] != ' ' && t[k] != '\t';
  }
  return 0;
}

/* Takes the frames off boxes typed around a block of text (the notices a
 * licence sets in a box of asterisks): a copy editor sets the text and
 * drops the frame. Each framed line becomes the text between its sides,
 * indented as it was within the box (the box's own margin taken off), and
 * the edges become blank lines, so the box's text reads like the text
 * around it: an underlined heading, paragraphs. */
void text_unframe_boxes(text_reader *r)
{
  int i, j, end, least;
  for (i = 0; i < r->nlines; i++) {
    if ((end = framed_box_end(r, i)) == 0)
      continue;
    least = -1;
    for (j = i + 1; j < end; j++) {
      text_line *l = &r->lines[j];
      measure_line(r->clean.ptr, l->off + 1, l->off + l->len - 1, l);
      if (l->len > 0 && (least < 0 || l->indent < least))
        least = l->indent;
    }
    for (j = i + 1; j < end; j++)
      if (r->lines[j].len > 0)
        r->lines[j].indent += r->lines[i].indent - least;
    r->lines[i].len = r->lines[end].len = 0;
    r->lines[i].indent = r->lines[end].indent = 0;
    r->lines[i].chars = r->lines[end].chars = 0;
    i = end;
  }
}

/* Takes the marks off headings framed on their own line ("*** CHAPTER I
 * ***", "== Early life ==", text_is_framed_heading): the marks are the
 * typist's way of setting a heading apart, and a copy editor sets the
 * words as a heading and drops the marks. The line keeps its indentation
 * and is marked framed, which text_classify reads. */
void text_unframe_headings(text_reader *r)
{
  int i;
  for (i = 0; i < r->nlines; i++) {
    text_line *l = &r->lines[i];
    size_t off, n, marks = 0;
    int indent = l->indent;
    const char *s = line_text(r, l);
    if (l->len == 0 || !text_is_framed_heading(s, l->len, &off, &n))
      continue;
    while (marks < off && s[marks] == s[0])
      marks++;
    measure_line(r->clean.ptr, l->off + off, l->off + off + n, l);
    l->indent = indent;
    l->framed = (int)marks;
  }
}

/* Columns of indentation each quotation mark of a marked line stands
 * for. */
#define QUOTE_MARK_INDENT 4

/* Takes the marks off quoted lines as e-mail and forums set them ("> The
 * bridge opens on Monday", ">> an older reply"): each '>' at a line's
 * start that a space or the line's end follows becomes QUOTE_MARK_INDENT
 * columns of indentation, so the lines read as the indented block they
 * stand for (a block quote), the marks no words. A '>' alone is a blank
 * line inside the quotation. */
void text_unquote_marked_lines(text_reader *r)
{
  int i;
  for (i = 0; i < r->nlines; i++) {
    text_line *l = &r->lines[i];
    const char *s = line_text(r, l);
    size_t k = 0, end = 0;
    int depth = 0, indent = l->indent;
    if (l->len == 0 || s[0] != '>')
      continue;
    while (k < l->len && s[k] == '>' && (k + 1 == l->len || s[k + 1] == ' ' || s[k + 1] == '>')) {
      depth++;
      k++;
      end = k;
      while (k < l->len && s[k] == ' ')
        k++;
    }
    if (depth == 0)
      continue;
    measure_line(r->clean.ptr, l->off + end, l->off + l->len, l);
    l->indent = l->len ? indent + depth * QUOTE_MARK_INDENT : 0;
  }
}

/* ------------------------------------------------------------------ */
/* Metadata block                                                      */
/* ------------------------------------------------------------------ */

/* Lowercase of an uppercase Latin, Greek or Cyrillic letter; else cp. */
int32_t text_to_lower(int32_t cp)
{
  return cp >= 0x391 && cp <= 0x3AB ? cp + 0x20 : text_fold_case(cp); /* and Greek */
}

/* A copy of a name for the metadata; an ALL-CAPS name ("MATTHEW LEE", as
 * wire bylines print it) in capitalised words ("Matthew Lee"). Caller
 * frees. */
static char *name_case(const char *s, size_t len)
{
  galley_buf b = GALLEY_BUF_INIT;
  size_t i = 0;
  int word_start = 1;
  while (i < len) {
    int32_t cp;
    i += text_next_cp(s, len, i, &cp);
    if (galley_utf8_is_lower(cp))
      return galley_xstrndup(s, len);
  }
  for (i = 0; i < len;) {
    int32_t cp;
    i += text_next_cp(s, len, i, &cp);
    galley_utf8_encode(&b, word_start ? cp : text_to_lower(cp));
    word_start = !galley_utf8_is_letter(cp) && cp != '\'' && cp != 0x2019;
  }
  return galley_buf_detach(&b, NULL);
}

/* Bytes of a word joining names at s ("and", "и", "және": the language
 * tables' and_words), or 0. */
static size_t and_word_len(const char *s, size_t len)
{
  return text_lang_list_match(s, len, TEXT_LANG_LIST(and_words));
}

/* Applies one author value, split at ";", " and " (or another table's
 * word for it), " & " (and at "," for "Authors:"), appending to the
 * authors already given. */
void text_add_authors(text_reader *r, const char *v, size_t len, int commas)
{
  size_t i = 0, start = 0;
  while (i <= len) {
    size_t sep = 0;
    if (i == len)
      sep = 1;
    else if (v[i] == ';' || (commas && v[i] == ','))
      sep = 1;
    else if (v[i] == ' ' && (sep = and_word_len(v + i + 1, len - i - 1)) > 0 &&
             i + 1 + sep < len && v[i + 1 + sep] == ' ')
      sep += 2; /* " and ", " и ", " және " */
    else if (i + 3 <= len && memcmp(v + i, " & ", 3) == 0)
      sep = 3;
    else
      sep = 0;
    if (sep) {
      size_t a = start, b = i;
      while (a < b && v[a] == ' ')
        a++;
      while (b > a && v[b - 1] == ' ')
        b--;
      if (b > a) {
        char *name = name_case(v + a, b - a);
        galley_doc_apply_meta(r->doc, "author", name, 0);
        free(name);
      }
      i += sep;
      start = i;
      continue;
    }
    i++;
  }
}

/* Reads the leading "Key: value" block, which must end with a blank
 * line, and sets r->body past it. */
void text_read_metadata(text_reader *r)
{
  int i = 0, end, k;
  while (i < r->nlines && r->lines[i].len == 0)
    i++;
  for (end = i; end < r->nlines && r->lines[end].len > 0; end++) {
    size_t kl, vo;
    if (r->lines[end].indent > 0 ||
        !text_is_metadata_line(line_text(r, &r->lines[end]), r->lines[end].len, &kl, &vo))
      return;
  }
  if (end == i || end >= r->nlines)
    return; /* no block, or no blank line after it */
  for (k = i; k < end; k++) {
    const char *s = line_text(r, &r->lines[k]);
    size_t kl = 0, vo = 0;
    char *key, *value;
    text_is_metadata_line(s, r->lines[k].len, &kl, &vo);
    key = galley_xstrndup(s, kl);
    value = galley_xstrndup(s + vo, r->lines[k].len - vo);
    for (kl = 0; key[kl]; kl++)
      if (key[kl] >= 'A' && key[kl] <= 'Z')
        key[kl] = (char)(key[kl] + 32);
    if (strcmp(key, "author") == 0 || strcmp(key, "authors") == 0 ||
        strcmp(key, "by") == 0 || strcmp(key, "creator") == 0) {
      /* "Authors: A, B and C" lists; "Author: Doe, Jane" is one name */
      text_add_authors(r, value, strlen(value), strcmp(key, "authors") == 0);
      r->authors_given = 1;
    } else {
      galley_doc_apply_meta(r->doc, key, value, 1);
      galley_meta_set_last_line(galley_doc_get_meta(r->doc), line_number(k));
      if (galley_meta_get(galley_doc_get_meta(r->doc), "title") && !r->title_rule &&
          strcmp(galley_meta_get(galley_doc_get_meta(r->doc), "title"), value) == 0) {
        r->title_rule = "metadata-block";
        r->title_line = line_number(k);
      }
      if (galley_meta_get(galley_doc_get_meta(r->doc), "subtitle") && !r->subtitle_rule) {
        r->subtitle_rule = "metadata-block";
        r->subtitle_line = line_number(k);
      }
      if (galley_meta_get(galley_doc_get_meta(r->doc), "date") && !r->date_rule) {
        r->date_rule = "metadata-block";
        r->date_line = line_number(k);
      }
    }
    free(key);
    free(value);
  }
  r->meta_block_line = line_number(i);
  r->body = end + 1;
}

/* ------------------------------------------------------------------ */
/* Convention: one paragraph per line, or wrapped blank-line blocks     */
/* ------------------------------------------------------------------ */

int text_starts_lowercase(const char *s, size_t len)
{
  int32_t cp;
  if (len == 0)
    return 0;
  text_next_cp(s, len, 0, &cp);
  return galley_utf8_is_lower(cp);
}

int text_last_byte_is(const text_reader *r, const text_line *l, char c)
{
  return l->len > 0 && line_text(r, l)[l->len - 1] == c;
}

/* An indented first line of a paragraph reaches at least this share of
 * the typical full line, its indentation included. */
#define INDENT_START_FULL_PERCENT 60
/* Lettered clauses: a line opening with a capital and "." ("A. Use in
 * the Title Page ...") reads as an initial, unless the next line at its
 * indentation that opens a new block opens with the next letter ("B.
 * List on ..."): two successive letters at the start of lines are a
 * sequence, as names are not. Lines between belong to the clause (its
 * text hanging under the letter, or wrapped flush under it); a line
 * after a blank one that is not the next clause ends the search.
 * Marks both lines.
 *   A. Use in the Title Page a title      (with "B. List ..." below)
 *   J. Smith, Reuters                     (no "K." line follows) */
void text_mark_lettered_clauses(text_reader *r)
{
  int i, k;
  for (i = r->body; i < r->nlines; i++) {
    const text_line *l = &r->lines[i];
    text_enum a, b;
    if (l->len == 0 || !text_is_letter_clause(line_text(r, l), l->len, &a))
      continue;
    for (k = i + 1; k < r->nlines && k <= i + LETTER_CLAUSE_LOOKAHEAD_LINES; k++) {
      const text_line *n = &r->lines[k];
      if (n->len == 0 || n->indent > l->indent + LIST_INDENT_SLACK)
        continue;
      if (n->indent + LIST_INDENT_SLACK >= l->indent &&
          text_is_letter_clause(line_text(r, n), n->len, &b)) {
        if (b.alpha == a.alpha + 1) {
          r->lines[i].lettered = 1;
          r->lines[k].lettered = 1;
        }
        break;
      }
      if (r->lines[k - 1].len == 0 || n->indent + LIST_INDENT_SLACK < l->indent)
        break;
    }
  }
}

/* text_is_enumerator for line i, which takes a marked lettered clause's
 * letter for an enumerator. */
int text_line_enumerator(const text_reader *r, int i, text_enum *out)
{
  const text_line *l = &r->lines[i];
  if (l->lettered)
    return text_is_letter_clause(line_text(r, l), l->len, out);
  return text_is_enumerator(line_text(r, l), l->len, out);
}

/* text_is_numbered_item for line i, lettered clauses included. */
int text_line_numbered_item(const text_reader *r, int i, size_t *out_marker_len,
                            int *out_number)
{
  text_enum e;
  if (!text_line_enumerator(r, i, &e))
    return 0;
  *out_marker_len = e.marker_len;
  *out_number = e.alpha ? e.alpha : e.roman ? e.roman : e.decimal;
  return 1;
}

/* Lines of a header area set as paragraphs of one line each (a date
 * line over a headline) that is_indented_one_liner looks back over. */
#define ONE_LINER_RUN_MAX 4

/* Whether line k, indented by `indent`, is a headline or a date line set
 * as a paragraph of one line: it has a heading's shape (short,
 * capitalised, no closing punctuation) and begins as a paragraph does (at
 * the top, after a blank, a finished or a less indented line), or after
 * up to ONE_LINER_RUN_MAX such lines of its own. The first line of a
 * two-line indented quotation continues into the line under it and is
 * rarely so short. */
static int is_indented_one_liner(const text_reader *r, int k, int indent)
{
  int run;
  for (run = 0; run < ONE_LINER_RUN_MAX && k >= r->body; run++, k--) {
    const text_line *p = &r->lines[k], *q;
    if (p->len == 0 || p->indent != indent || !text_is_heading_shaped(line_text(r, p), p->len))
      return 0;
    if (k == r->body)
      return 1;
    q = &r->lines[k - 1];
    if (q->len == 0 || q->indent < indent ||
        text_has_terminal_punctuation(line_text(r, q), q->len))
      return 1;
  }
  return 0;
}

/* Lines of those another line continues at most as long as the
 * measure the text was wrapped to, in hundredths. */
#define WRAP_MAX_PERCENT 95

/* Decides r->join, r->wrap_chars, r->wrap_max, r->base_indent,
 * r->indent_paragraphs. */
void text_detect_convention(text_reader *r)
{
  int i, nonblank = 0, longs = 0, pairs = 0, cont = 0, total = 0, k, acc;
  int *hist = galley_xcalloc(CHARS_CAP + 1, sizeof(int));
  int indent_hist[9] = {0}, starts = 0, start_hist[9] = {0};
  for (i = r->body; i < r->nlines; i++) {
    const text_line *a = &r->lines[i], *b;
    if (a->len == 0)
      continue;
    nonblank++;
    indent_hist[a->indent < 8 ? a->indent : 8]++;
    /* a long line that runs on into the next (no closing punctuation)
     * is lines joined after the fact, as pdftotext joins a word broken
     * at a line's end, not a paragraph of its own */
    if (a->chars > LONG_LINE_CHARS &&
        (i + 1 >= r->nlines || r->lines[i + 1].len == 0 ||
         text_has_terminal_punctuation(line_text(r, a), a->len)))
      longs++;
    if (i + 1 >= r->nlines || r->lines[i + 1].len == 0)
      continue;
    b = &r->lines[i + 1];
    pairs++;
    if (a->chars <= LONG_LINE_CHARS) {
      /* a longer line that runs on is lines joined after the fact */
      hist[a->chars]++;
      total++;
    }
    if (text_starts_lowercase(line_text(r, b), b->len) || text_last_byte_is(r, a, ',') ||
        text_last_byte_is(r, a, '-'))
      cont++;
  }
  /* the typical full line: the upper quartile of the lengths of lines
   * that another line continues (headings and list items are shorter) */
  r->wrap_chars = r->wrap_max = 0;
  for (k = 0, acc = 0; k <= CHARS_CAP && total > 0; k++) {
    acc += hist[k];
    if (acc * 4 >= total * 3) {
      r->wrap_chars = k;
      break;
    }
  }
  /* the measure itself: nearly the longest of those lines, a stray long
   * line aside, and lines far beyond the typical one left out (two or
   * three lines joined after the fact, as pdftotext joins the lines of a
   * word broken at a line's end) */
  for (k = r->wrap_chars * 3 / 2 + 1; k <= CHARS_CAP; k++)
    total -= hist[k];
  for (k = 0, acc = 0; k <= CHARS_CAP && total > 0; k++) {
    acc += hist[k];
    if (acc * 100 >= total * WRAP_MAX_PERCENT) {
      r->wrap_max = k;
      break;
    }
  }
  free(hist);
  /* Paragraphs marked by an indented first line: a slightly indented
   * line after a blank or a finished line, continued by a line less
   * indented. The first line of a paragraph is a full line: a short
   * indented line over a flush one ("        J.S." over "October 1,
   * 1917.", a signature over its date) starts none. The line before may
   * also be a headline or a date line set as a paragraph of one line, at
   * the same indentation and begun as a paragraph is. */
  for (i = r->body; i + 1 < r->nlines; i++) {
    const text_line *a = &r->lines[i], *b = &r->lines[i + 1];
    size_t ml;
    int num;
    if (a->len > 0 && a->indent > 0 && a->indent <= 8 && b->len > 0 &&
        b->indent < a->indent &&
        (a->indent + a->chars) * 100 >= r->wrap_chars * INDENT_START_FULL_PERCENT &&
        /* not the next item of a list, set flush right (" ii." over
         * "iii.") or less indented than the text of the one before */
        !text_line_numbered_item(r, i + 1, &ml, &num) &&
        (i == r->body || r->lines[i - 1].len == 0 ||
         text_has_terminal_punctuation(line_text(r, &r->lines[i - 1]),
                                       r->lines[i - 1].len) ||
         is_indented_one_liner(r, i - 1, a->indent))) {
      starts++;
      start_hist[a->indent]++;
    }
  }
  r->join = pairs == 0 || (longs * 10 < nonblank && cont * 5 >= pairs);
  r->base_indent = 0;
  for (k = 1; k <= 8; k++)
    if (indent_hist[k] > indent_hist[r->base_indent])
      r->base_indent = k;
  r->indent_paragraphs = r->join && starts >= 2;
  r->para_indent = 0;
  for (k = 1; k <= 8; k++)
    if (start_hist[k] > start_hist[r->para_indent])
      r->para_indent = k;
  if (r->indent_paragraphs) {
    /* body text is the continuation lines, the least indented */
    for (k = 0; k < 8 && indent_hist[k] == 0; k++)
      ;
    r->base_indent = k;
  }
}
