/* markdown_article.c: an article's parts read on the model after the walk:
 * a sentence going on across a blank line as one paragraph
 * (sentence-across-blank-line), an italic standfirst under the title
 * (italic-standfirst), a dateline opening the lede (dateline-lede), a
 * paragraph wholly in bold as a heading (bold-paragraph-heading) and a
 * closing signature as bylines (closing-signature). */
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/utf8.h"
#include "markdown_private.h"
#include "text_rules.h"

/* ------------------------------------------------------------------ */
/* A sentence across a blank line                                      */
/* ------------------------------------------------------------------ */

/* Whether a paragraph's text is body text leaving its sentence open:
 * longer than a heading (TEXT_HEADING_MAX_CHARS) and ending in a letter
 * or digit, no punctuation after it. */
static int leaves_sentence_open(galley_node *p)
{
  char *text;
  const char *t;
  size_t len;
  int32_t cp = 0;
  int open;
  if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH ||
      galley_node_get_type(galley_node_first_child(p)) == GALLEY_NODE_DATELINE)
    return 0;
  text = galley_node_get_plain_text(p);
  t = text;
  len = strlen(t);
  md_trim_span(&t, &len);
  if (len > 0)
    text_prev_cp(t, len, &cp);
  open = galley_utf8_count(t, len) > TEXT_HEADING_MAX_CHARS &&
         (galley_utf8_is_letter(cp) || (cp >= '0' && cp <= '9'));
  free(text);
  return open;
}

/* Whether a paragraph ends in an ampersand, a conjunction that ends no
 * sentence and no list of names: what follows the blank line after it
 * is the rest ("... Advisor to the Vice President &" / "Mrs. Rachel
 * Gordon"). */
static int ends_with_ampersand(galley_node *p)
{
  char *text;
  const char *t;
  size_t len;
  int amp;
  if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH)
    return 0;
  text = galley_node_get_plain_text(p);
  t = text;
  len = strlen(t);
  md_trim_span(&t, &len);
  /* a word of its own: a URL's "?a=1&" does not go on */
  amp = len > 2 && t[len - 1] == '&' && (t[len - 2] == ' ' || t[len - 2] == '\t');
  free(text);
  return amp;
}

/* Whether a paragraph opens in lower case, as a sentence's rest does. */
static int opens_lowercase(galley_node *p)
{
  galley_node *t = galley_node_first_child(p);
  const char *lit;
  size_t len;
  int32_t cp;
  if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH ||
      galley_node_get_type(t) != GALLEY_NODE_TEXT)
    return 0;
  lit = galley_node_get_literal(t, &len);
  md_trim_span(&lit, &len);
  if (len == 0)
    return 0;
  text_next_cp(lit, len, 0, &cp);
  return galley_utf8_is_lower(cp);
}

/* The rule "sentence-across-blank-line": a paragraph of body text that
 * leaves its sentence open (leaves_sentence_open) and the paragraph
 * right after it in the same block, opening in lower case, are one
 * paragraph, the blank line between them a slip of the pen (as the
 * plain-text reader joins them).
 * A paragraph that ends in an ampersand (ends_with_ampersand) goes on
 * in the next paragraph whatever its case.
 *   accepts: "... placed at a distance of 5 mm" / "from the emblem, the ..."
 *   accepts: "... to the Vice President &" / "Mrs. Rachel Gordon"
 *   rejects: "... placed at a distance of 5 mm." / "from the emblem ..." */
void md_join_sentences_across_blank_lines(galley_doc *doc)
{
  size_t nboxes, b;
  /* the blocks holding paragraphs, first: the tree changes after */
  galley_node **boxes = md_block_holders(doc, &nboxes);
  for (b = 0; b < nboxes; b++) {
    galley_node *p;
    for (p = galley_node_first_child(boxes[b]); p; p = galley_node_next(p)) {
      galley_node *next, *c;
      while ((next = galley_node_next(p)) != NULL &&
             ((opens_lowercase(next) && leaves_sentence_open(p)) ||
              (galley_node_get_type(next) == GALLEY_NODE_PARAGRAPH && ends_with_ampersand(p)))) {
        galley_node *space = galley_node_new(GALLEY_NODE_TEXT);
        galley_node_set_literal(space, " ", 1);
        galley_node_set_line(space, galley_node_get_line(next));
        galley_node_append_child(p, space);
        while ((c = galley_node_first_child(next)) != NULL) {
          galley_node_unlink(c);
          galley_node_append_child(p, c);
        }
        galley_node_free(next);
        galley_node_set_rule(p, "sentence-across-blank-line");
      }
    }
  }
  free(boxes);
}

/* ------------------------------------------------------------------ */
/* Standfirst, dateline, end mark                                      */
/* ------------------------------------------------------------------ */

/* A standfirst is at most this long: two sentences under a headline. */
#define STANDFIRST_MAX_CHARS 320
/* A dateline lede is one of the first few paragraphs. */
#define DATELINE_PARAGRAPHS 3

/* Whether a block holds one inline of `type` and nothing else (but
 * white space): a paragraph set wholly in italics. */
static int is_wholly(galley_node *block, galley_node_type type)
{
  galley_node *c, *only = NULL;
  for (c = galley_node_first_child(block); c; c = galley_node_next(c)) {
    if (galley_node_get_type(c) == GALLEY_NODE_TEXT) {
      size_t len;
      const char *t = galley_node_get_literal(c, &len);
      md_trim_span(&t, &len);
      if (len == 0)
        continue;
    }
    if (only)
      return 0;
    only = c;
  }
  return only && galley_node_get_type(only) == type;
}

/* Paragraphs right under a headline that may be its bylines and date
 * lines, and the names one byline may list. */
#define MD_HEADER_LINES 3
#define MD_BYLINE_NAMES 6

/* Whether the line s is a byline or a date line (md_header_lines). */
static int is_header_line(const char *s, size_t len)
{
  size_t off, nl;
  char iso[11];
  text_span names[MD_BYLINE_NAMES];
  return text_is_byline(s, len, &off, &nl) ||
         text_names_byline(s, len, names, MD_BYLINE_NAMES, &nl) > 0 ||
         text_is_date_line(s, len, iso);
}

/* The rule "italic-standfirst": the first block under the title, a
 * paragraph set wholly in italics and short (STANDFIRST_MAX_CHARS), that
 * does not end as a lead-in (':' ',' ';'), with body text after it, is
 * the standfirst: the subtitle. Not when the front matter gave one.
 *   accepts: "*The new line opens in May, two years early.*" then text
 *   rejects: "*Before you start:*" then a list (a lead-in) */
void md_italic_standfirst_as_subtitle(md_reader *r)
{
  galley_node *root = galley_doc_get_root(r->doc);
  galley_node *tb = galley_node_first_child(root), *p, *c;
  char *text;
  const char *t;
  size_t len;
  int32_t last = 0;
  if (galley_node_get_type(tb) != GALLEY_NODE_TITLE_BLOCK ||
      !galley_meta_get(galley_doc_get_meta(r->doc), "title") ||
      galley_meta_get(galley_doc_get_meta(r->doc), "subtitle"))
    return;
  p = galley_node_next(tb);
  if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH || !is_wholly(p, GALLEY_NODE_EMPH) ||
      galley_node_get_type(galley_node_next(p)) != GALLEY_NODE_PARAGRAPH)
    return;
  text = galley_node_get_plain_text(p);
  t = text;
  len = strlen(t);
  md_trim_span(&t, &len);
  if (len > 0)
    text_prev_cp(t, len, &last);
  if (len == 0 || galley_utf8_count(t, len) > STANDFIRST_MAX_CHARS || last == ':' ||
      last == ',' || last == ';' || is_header_line(t, len)) {
    free(text); /* ("*By Jane Roe*": a byline, md_header_lines') */
    return;
  }
  {
    galley_buf b = GALLEY_BUF_INIT;
    galley_buf_put(&b, t, len);
    galley_doc_apply_meta(r->doc, "subtitle", galley_buf_cstr(&b), 1);
    galley_buf_free(&b);
  }
  free(text);
  galley_doc_sync_title_block(r->doc);
  for (c = galley_node_first_child(tb); c; c = galley_node_next(c))
    if (galley_node_get_type(c) == GALLEY_NODE_SUBTITLE) {
      galley_node_set_rule(c, "italic-standfirst");
      galley_node_set_line(c, galley_node_get_line(p));
    }
  galley_node_free(p);
}

static char *block_text(galley_node *p, const char **out, size_t *out_len, int *out_lines);

/* Adds the names of a byline's names part s[0..len) to the authors:
 * each of "Jane Roe, John Doe and Ann Lee", or the whole as one name. */
static void add_byline_authors(galley_doc *doc, const char *s, size_t len)
{
  text_span names[MD_BYLINE_NAMES];
  size_t nl;
  int n = text_names_byline(s, len, names, MD_BYLINE_NAMES, &nl), k;
  if (n < 2) {
    names[0].off = 0;
    names[0].len = n == 1 ? nl : len;
    n = 1;
  }
  for (k = 0; k < n; k++) {
    char *name = galley_xstrndup(s + names[k].off, names[k].len);
    galley_doc_apply_meta(doc, "author", name, 0);
    free(name);
  }
}

/* The rules "header-byline" and "header-date": right under the headline
 * the text gave (its H1 or first line), up to MD_HEADER_LINES paragraphs
 * of one line each that are a byline (text_is_byline: "By Jane Roe",
 * "*By Jane Roe*"; text_names_byline: "Jane Roe and John Doe", "Jane Roe |
 * Reuters") or a date line (text_is_date_line), with more text after
 * them, join the title block as written (emphasis kept). The byline's
 * names are the authors, the date the metadata's date, unless the front
 * matter gave them.
 *   accepts: "# Bridge opens" / "By Jane Roe • 5 min read" / "4 March
 *            2024" / text
 *   rejects: "# Notes" / "By the end of the year, the office had moved." */
void md_header_lines(md_reader *r)
{
  galley_node *root = galley_doc_get_root(r->doc), *tb = galley_node_first_child(root);
  galley_node *p, *next, *c;
  int k, authors, dated, found_title = 0;
  if (galley_node_get_type(tb) != GALLEY_NODE_TITLE_BLOCK)
    return;
  for (c = galley_node_first_child(tb); c; c = galley_node_next(c))
    found_title |= galley_node_get_type(c) == GALLEY_NODE_TITLE;
  if (!found_title)
    return;
  authors = galley_meta_get_count(galley_doc_get_meta(r->doc), "author") > 0;
  dated = galley_meta_get(galley_doc_get_meta(r->doc), "date") != NULL;
  for (k = 0, p = galley_node_next(tb); p && k < MD_HEADER_LINES; k++, p = next) {
    const char *s;
    size_t len, off, nl;
    int lines;
    char iso[11];
    text_span names[MD_BYLINE_NAMES];
    galley_node_type type;
    galley_node *n;
    char *text;
    next = galley_node_next(p);
    if (!next || !(text = block_text(p, &s, &len, &lines)))
      return;
    if (!lines && text_is_byline(s, len, &off, &nl)) {
      type = GALLEY_NODE_BYLINE;
      if (!authors)
        add_byline_authors(r->doc, s + off, nl);
    } else if (!lines && text_names_byline(s, len, names, MD_BYLINE_NAMES, &nl) > 0) {
      type = GALLEY_NODE_BYLINE;
      if (!authors)
        add_byline_authors(r->doc, s, nl);
    } else if (!lines && text_is_date_line(s, len, iso)) {
      type = GALLEY_NODE_DATE;
      if (!dated && iso[0])
        galley_doc_apply_meta(r->doc, "date", iso, 1);
    } else {
      free(text);
      return;
    }
    free(text);
    authors |= type == GALLEY_NODE_BYLINE;
    dated |= type == GALLEY_NODE_DATE;
    n = galley_node_new(type);
    galley_node_set_rule(n, type == GALLEY_NODE_BYLINE ? "header-byline" : "header-date");
    galley_node_set_line(n, galley_node_get_line(p));
    while ((c = galley_node_first_child(p)) != NULL) {
      galley_node_unlink(c);
      galley_node_append_child(n, c);
    }
    galley_node_append_child(tb, n);
    galley_node_free(p);
  }
}

/* Whether a bold run opening a paragraph names a place, as a dateline in
 * bold does: one to four words, each capitalised or a number ("D.C.",
 * "March 3"), commas between, the first capitalised, no other
 * punctuation at its end.
 *   accepts: "Washington, D.C."
 *   rejects: "Note:" */
static int is_bold_place(const char *s, size_t len)
{
  size_t i = 0;
  int words = 0;
  if (len == 0 || len > TEXT_DATELINE_MAX_BYTES)
    return 0;
  while (i < len) {
    int32_t cp;
    size_t start = i;
    i += text_next_cp(s, len, i, &cp);
    if (!galley_utf8_is_upper(cp) && !(words > 0 && cp >= '0' && cp <= '9'))
      return 0;
    while (i < len && s[i] != ' ' && s[i] != ',') {
      i += text_next_cp(s, len, i, &cp);
      if (!(galley_utf8_is_letter(cp) || (cp >= '0' && cp <= '9') || cp == '.' ||
            cp == '-' || cp == '\'' || cp == 0x2019))
        return 0;
    }
    if (++words > 4 || i == start)
      return 0;
    if (i < len && s[i] == ',')
      i++;
    if (i < len && s[i] == ' ')
      i++;
  }
  return words > 0;
}

/* Whether s opens with a spaced dash ("  – ", " - ", " — ") and then a
 * sentence's start: a capital, a digit or an opening quote (a lede's
 * first sentence, not a label's gloss, "Note – the form ..."). */
static int has_spaced_dash_lede(const char *s, size_t len)
{
  size_t i = 0, n;
  int32_t cp;
  while (i < len && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (i == 0 || i >= len)
    return 0;
  n = text_next_cp(s, len, i, &cp);
  if (!(cp == 0x2013 || cp == 0x2014 || cp == '-'))
    return 0;
  i += n;
  if (i >= len || s[i] != ' ')
    return 0;
  while (i < len && s[i] == ' ')
    i++;
  if (i >= len)
    return 0;
  text_next_cp(s, len, i, &cp);
  return galley_utf8_is_upper(cp) || (cp >= '0' && cp <= '9') || text_is_opening_quote(cp);
}

/* The dateline a paragraph opens with, made its first inline (DATELINE):
 * a wire dateline in capitals ("WASHINGTON – ...", text_has_dateline) or
 * a place in bold before a spaced dash and a sentence
 * ("**Washington, D.C.** – The ...").
 * Returns whether it found one. */
static int mark_dateline(galley_node *p)
{
  galley_node *first = galley_node_first_child(p), *d;
  const char *lit;
  size_t len, off;
  if (galley_node_get_type(first) == GALLEY_NODE_TEXT) {
    char *rest;
    lit = galley_node_get_literal(first, &len);
    if (!text_has_dateline(lit, len, &off))
      return 0;
    d = galley_node_new(GALLEY_NODE_DATELINE);
    galley_node_set_line(d, galley_node_get_line(p));
    galley_node_append_text(d, lit, off);
    /* copy: set_literal frees what `lit` points into */
    rest = galley_xstrndup(lit + off, len - off);
    galley_node_set_literal(first, rest, len - off);
    free(rest);
    galley_node_insert_before(first, d);
    return 1;
  }
  if (galley_node_get_type(first) == GALLEY_NODE_STRONG &&
      galley_node_get_type(galley_node_next(first)) == GALLEY_NODE_TEXT) {
    galley_node *c = galley_node_first_child(first);
    int place;
    if (galley_node_get_type(c) != GALLEY_NODE_TEXT || galley_node_next(c))
      return 0;
    lit = galley_node_get_literal(c, &len);
    place = is_bold_place(lit, len);
    lit = galley_node_get_literal(galley_node_next(first), &len);
    if (!place || !has_spaced_dash_lede(lit, len))
      return 0;
    d = galley_node_new(GALLEY_NODE_DATELINE);
    galley_node_set_line(d, galley_node_get_line(p));
    galley_node_unlink(c);
    galley_node_append_child(d, c);
    galley_node_insert_before(first, d);
    galley_node_free(first);
    return 1;
  }
  return 0;
}

/* The rule "dateline-lede": one of the first DATELINE_PARAGRAPHS
 * paragraphs of the body, before any heading, that opens with a dateline
 * (mark_dateline) is the lede. Only the first such paragraph.
 *   accepts: "WASHINGTON – Today the President announced ..."
 *   rejects: "US – China relations are strained." */
void md_dateline_lede(galley_doc *doc)
{
  galley_node *c = galley_node_first_child(galley_doc_get_root(doc));
  int paragraphs = 0;
  for (; c && paragraphs < DATELINE_PARAGRAPHS; c = galley_node_next(c)) {
    galley_node_type t = galley_node_get_type(c);
    if (t == GALLEY_NODE_HEADING)
      return;
    if (t != GALLEY_NODE_PARAGRAPH)
      continue;
    if (mark_dateline(c)) {
      galley_node_set_rule(c, "dateline-lede");
      return;
    }
    paragraphs++;
  }
}

/* ------------------------------------------------------------------ */
/* Bold headings                                                       */
/* ------------------------------------------------------------------ */

/* A paragraph set wholly in bold heads what follows when it is at most
 * this long: a name and an office ("Jane Roe, Nominee for Ambassador
 * Extraordinary and Plenipotentiary to ...") runs past the dozen words of
 * a plain line's heading, the bold saying what its length cannot. */
#define BOLD_HEADING_MAX_WORDS 30
#define BOLD_HEADING_MAX_CHARS 240

/* The rule "bold-paragraph-heading": a top-level paragraph set wholly in
 * bold (underlined or not), of one to BOLD_HEADING_MAX_WORDS words,
 * opening with a capital and without closing punctuation, with body text
 * after it (a paragraph or a list not itself wholly bold) is a heading,
 * as word processors' exports and press releases set a section's or a
 * profile's title: one level under the heading before it.
 *   accepts: "**Jane Roe, Nominee for Ambassador to Italy**" then text
 *   rejects: "**Note:**" then text (a lead-in); "**Minister**" over
 *            "**J. Roe**" (bold over bold: a signature's lines) */
/* Whether block p is the document's first, or comes right after the
 * title block or after a first heading (the headline). */
static int is_under_title(galley_node *p)
{
  galley_node *prev = galley_node_previous(p);
  return !prev || galley_node_get_type(prev) == GALLEY_NODE_TITLE_BLOCK ||
         (galley_node_get_type(prev) == GALLEY_NODE_HEADING && !galley_node_previous(prev));
}

void md_bold_paragraphs_as_headings(galley_doc *doc)
{
  galley_node *root = galley_doc_get_root(doc);
  galley_node *p = galley_node_first_child(root), *next;
  int level = 1;
  for (; p; p = next) {
    galley_node *h, *c;
    galley_node_type nt;
    char *text;
    const char *t;
    size_t len;
    int shaped;
    next = galley_node_next(p);
    if (galley_node_get_type(p) == GALLEY_NODE_HEADING) {
      level = galley_node_get_level(p) < 6 ? galley_node_get_level(p) + 1 : 6;
      continue;
    }
    nt = galley_node_get_type(next);
    if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH || !is_wholly(p, GALLEY_NODE_STRONG) ||
        !(nt == GALLEY_NODE_LIST || (nt == GALLEY_NODE_PARAGRAPH &&
                                     !is_wholly(next, GALLEY_NODE_STRONG))))
      continue;
    text = galley_node_get_plain_text(p);
    t = text;
    len = strlen(t);
    md_trim_span(&t, &len);
    shaped = len > 0 && text_starts_like_heading(t, len) &&
             !text_has_terminal_punctuation(t, len) &&
             text_count_words(t, len, BOLD_HEADING_MAX_WORDS) <= BOLD_HEADING_MAX_WORDS &&
             galley_utf8_count(t, len) <= BOLD_HEADING_MAX_CHARS &&
             !(is_under_title(p) && is_header_line(t, len)); /* a byline (md_header_lines) */
    free(text);
    if (!shaped)
      continue;
    h = galley_node_new(GALLEY_NODE_HEADING);
    galley_node_set_level(h, level);
    galley_node_set_line(h, galley_node_get_line(p));
    galley_node_set_rule(h, "bold-paragraph-heading");
    /* the heading's face is bold already: its words, not the bold */
    for (c = galley_node_first_child(p); c; c = galley_node_next(c))
      if (galley_node_get_type(c) == GALLEY_NODE_STRONG)
        break;
    while (galley_node_first_child(c)) {
      galley_node *k = galley_node_first_child(c);
      galley_node_unlink(k);
      galley_node_append_child(h, k);
    }
    galley_node_insert_before(p, h);
    galley_node_free(p);
  }
}

/* ------------------------------------------------------------------ */
/* Closing signature                                                   */
/* ------------------------------------------------------------------ */

/* A signature as official documents close: a name alone in capitals,
 * two to four words (text_is_name_line) of which one is an initial, a
 * capital and a period, as signers of acts print their names.
 *   accepts: "JANE Q. ROE JR."
 *   rejects: "ALL RIGHTS RESERVED" (no initial) */
static int is_signature_name(const char *s, size_t len)
{
  size_t i;
  if (!text_is_all_caps_line(s, len) || !text_is_name_line(s, len))
    return 0;
  for (i = 0; i + 1 < len; i++)
    if (s[i] >= 'A' && s[i] <= 'Z' && s[i + 1] == '.' && (i == 0 || s[i - 1] == ' ') &&
        (i + 2 == len || s[i + 2] == ' '))
      return 1;
  return 0;
}

/* A signer's position stands over the name on at most this many lines
 * of its own ("Minister of Justice" / "of the Republic of Kazakhstan"). */
#define SIGNATURE_POSITION_LINES 3

/* A top-level paragraph's plain text, trimmed (also of a no-break space
 * after it), in *out; whether it has lines of its own (a LINEBREAK) in
 * *out_lines. Returns the text to free, NULL for another block. */
static char *block_text(galley_node *p, const char **out, size_t *out_len, int *out_lines)
{
  galley_node *c;
  char *text;
  size_t len;
  if (galley_node_get_type(p) != GALLEY_NODE_PARAGRAPH)
    return NULL;
  *out_lines = 0;
  for (c = galley_node_first_child(p); c; c = galley_node_next(c))
    if (galley_node_get_type(c) == GALLEY_NODE_LINEBREAK)
      *out_lines = 1;
  text = galley_node_get_plain_text(p);
  *out = text;
  len = strlen(text);
  md_trim_span(out, &len);
  while (len >= 2 && (unsigned char)(*out)[len - 2] == 0xC2 &&
         (unsigned char)(*out)[len - 1] == 0xA0)
    len -= 2; /* a no-break space after the name */
  *out_len = len;
  return text;
}

/* Whether s is a signer's name: in capitals with an initial
 * (is_signature_name) or with initials before or after the surname
 * (text_is_initialled_name). */
static int is_signer_name(const char *s, size_t len)
{
  return is_signature_name(s, len) || text_is_initialled_name(s, len);
}

/* Whether a paragraph is only a signer's name (is_signer_name) on one
 * line, or an office and the name across the page (text_signature_gap).
 *   accepts: "A. Smith", "Minister of Justice      A. Smith"
 *   rejects: "Minister of Justice A. Smith" (no gap: a sentence's words) */
static int is_signer_paragraph(galley_node *p)
{
  const char *s;
  size_t len;
  int lines, sign;
  char *text = block_text(p, &s, &len, &lines);
  if (!text)
    return 0;
  sign = !lines && (is_signer_name(s, len) || text_signature_gap(s, len) > 0);
  free(text);
  return sign;
}

/* Whether a paragraph can be a signer's position over the name: short,
 * opening with a capital, without closing punctuation, as an office is
 * printed (on one line or several).
 *   accepts: "Minister of Justice of the Republic of Kazakhstan"
 *   rejects: "The order comes into force on signing." */
static int is_position_paragraph(galley_node *p)
{
  const char *s;
  size_t len;
  int lines, shaped;
  char *text = block_text(p, &s, &len, &lines);
  if (!text)
    return 0;
  shaped = text_is_heading_shaped(s, len);
  free(text);
  return shaped;
}

/* Whether a paragraph is the place, date and number of an act under
 * its signature: the last block, a short line holding a year.
 *   accepts: "Astana, 12 June 2019, No. 12"
 *   rejects: "Questions go to the city clerk." */
static int is_act_date_paragraph(galley_node *p)
{
  const char *s;
  size_t len, i, digits = 0;
  int lines, year = 0;
  char *text;
  if (galley_node_next(p) || !(text = block_text(p, &s, &len, &lines)))
    return 0;
  for (i = 0; i <= len; i++) {
    if (i < len && s[i] >= '0' && s[i] <= '9') {
      digits++;
      continue;
    }
    year |= digits == 4;
    digits = 0;
  }
  year = year && text_is_short_line(s, len) && !(len > 0 && s[len - 1] == '.');
  free(text);
  return year;
}

/* Whether the signature ends where a block stands: at the end, before
 * the act's place and date (is_act_date_paragraph), or before what opens
 * an annex (a block quote such as an approval stamp, a heading, a rule). */
static int closes_signature(galley_node *next)
{
  galley_node_type t = galley_node_get_type(next);
  return !next || t == GALLEY_NODE_BLOCK_QUOTE || t == GALLEY_NODE_HEADING ||
         t == GALLEY_NODE_THEMATIC_BREAK ||
         (t == GALLEY_NODE_PARAGRAPH && is_act_date_paragraph(next));
}

/* Makes a paragraph a byline of the rule `rule` (static storage). */
static void paragraph_to_byline(galley_node *p, const char *rule)
{
  galley_node *by = galley_node_new(GALLEY_NODE_BYLINE), *c;
  galley_node_set_line(by, galley_node_get_line(p));
  galley_node_set_rule(by, rule);
  while ((c = galley_node_first_child(p)) != NULL) {
    galley_node_unlink(c);
    galley_node_append_child(by, c);
  }
  galley_node_insert_before(p, by);
  galley_node_free(p);
}

/* The rule "closing-signature": after body text, a paragraph that is
 * only a signer's name (is_signer_paragraph), at the end of the document
 * or of its main part (closes_signature: an annex follows), is the byline
 * signing it, and so are the position lines right over it
 * (is_position_paragraph, at most SIGNATURE_POSITION_LINES) as letters,
 * orders and decrees print the signer's office over the name (or at the
 * left of the page, the name at the right), and the act's place and date
 * under it (is_act_date_paragraph).
 *   accepts: "... comes into force on signing." / "Minister of Justice" /
 *            "A. Smith" (the last blocks)
 *   rejects: "See also" / "A. Smith" with a paragraph after it */
void md_closing_signature_as_byline(galley_doc *doc)
{
  galley_node *root = galley_doc_get_root(doc);
  galley_node *p = galley_node_first_child(root), *next;
  for (; p; p = next) {
    galley_node *top = p, *prev;
    int positions = 0;
    next = galley_node_next(p);
    if (!closes_signature(next) || !is_signer_paragraph(p))
      continue;
    while ((prev = galley_node_previous(top)) != NULL && positions < SIGNATURE_POSITION_LINES &&
           is_position_paragraph(prev)) {
      top = prev;
      positions++;
    }
    /* body text before the signature: else a name under the title */
    prev = galley_node_previous(top);
    if (!prev || galley_node_get_type(prev) == GALLEY_NODE_TITLE_BLOCK)
      continue;
    /* the act's place and date under the signature sign it too */
    if (galley_node_get_type(next) == GALLEY_NODE_PARAGRAPH)
      next = galley_node_next(next);
    while (top != next) {
      galley_node *after = galley_node_next(top);
      paragraph_to_byline(top, "closing-signature");
      top = after;
    }
  }
}


/* Characters a transcript's place line has at most ("Waffle House" /
 * "Atlanta, Georgia"). */
#define MD_PLACE_LINE_MAX_CHARS 80

/* Whether top-level block p names where a transcript's remarks were
 * made: the document's first block, a paragraph of one or two short lines
 * without a sentence's end. */
static int is_place_paragraph(galley_node *p)
{
  galley_node *prev = galley_node_previous(p);
  const char *s;
  size_t len;
  int lines, place;
  char *text;
  if (prev && galley_node_get_type(prev) != GALLEY_NODE_TITLE_BLOCK)
    return 0;
  if (!(text = block_text(p, &s, &len, &lines)))
    return 0;
  place = len > 0 && text_count_chars(s, len, MD_PLACE_LINE_MAX_CHARS) <= MD_PLACE_LINE_MAX_CHARS &&
          !text_has_terminal_punctuation(s, len);
  free(text);
  return place;
}

/* The rule "time-line": a top-level paragraph that is only a clock time
 * with "A.M."/"pm" or a zone (text_is_time_line) is a transcript's time
 * stamp, where the remarks began or ended: a byline, as a date line is.
 * The document's first block right above the first of them, one or two
 * short lines without a sentence's end, is the place the remarks were
 * made ("place-line"), a byline too.
 *   accepts: "Waffle House" / "Atlanta, Georgia" / "12:18 A.M. EDT" /
 *            ... / "12:19 A.M. EDT"
 *   rejects: "12:18" (a bare time), "At 12:18 A.M. EDT the plane landed." */
void md_transcript_time_lines(galley_doc *doc)
{
  galley_node *p = galley_node_first_child(galley_doc_get_root(doc)), *next;
  int first = 1;
  for (; p; p = next) {
    const char *s;
    size_t len;
    int lines, time;
    char *text = block_text(p, &s, &len, &lines);
    next = galley_node_next(p);
    if (!text)
      continue;
    time = !lines && text_is_time_line(s, len);
    free(text);
    if (!time)
      continue;
    if (first && galley_node_previous(p) && is_place_paragraph(galley_node_previous(p)))
      paragraph_to_byline(galley_node_previous(p), "place-line");
    paragraph_to_byline(p, "time-line");
    first = 0;
  }
}
