/* text_continue.c: the line tests of the plain-text reader's units pass:
 * whether a line opens a list item, underlines or overlines a heading,
 * opens a table of contents, or goes on with the unit above it (a
 * contents entry, verse, a field, a copyright notice, text across a
 * blank line). text_units.c asks them. */
#include <string.h>

#include "../util/utf8.h"
#include "book.h"
#include "lang.h"
#include "text_private.h"

/* Indentation (columns beyond the body's own) that sets off a quote. */
#define QUOTE_INDENT 2
/* How far back (in lines) a numbered line looks for the item before it
 * when the item's text hangs under its number. */
#define ITEM_LOOKBACK_LINES 200
/* Characters a reStructuredText underline of another character than
 * '=', '-' or '~' may run past its title: it is typed to the title's
 * length, give or take a keystroke. */
#define RST_UNDERLINE_SLACK 2

/* ------------------------------------------------------------------ */
/* Units                                                               */
/* ------------------------------------------------------------------ */

int text_is_quote_indent(const text_reader *r, int indent)
{
  return indent >= r->base_indent + QUOTE_INDENT;
}

/* Whether line i opens a list item. Strong bullets always do; dashes,
 * asterisks and numbers only after a blank line or a colon, or next to
 * another such line, since wrapped prose can put them at a line start. */
/* Whether the lines right above line i, back to a line that opens with
 * the bullet m, are that item's text wrapped under it (indented at least
 * to the item's text) and line i stands no further left than that
 * bullet: then line i, opening with m too, is the next item or one
 * nested in it, however the wrapped item ended.
 * + "- Introduce a style manager and" / "  high contrast mode." / "  - Support ..."
 * - "Set the options, and then" / "  - as the manual says - restart it" */
static int follows_wrapped_item(const text_reader *r, int i, int32_t m)
{
  const text_line *l = &r->lines[i];
  int k, least = i > r->body ? r->lines[i - 1].indent : 0;
  for (k = i - 1; k >= r->body && i - k <= ITEM_LOOKBACK_LINES && r->lines[k].len > 0; k--) {
    const text_line *p = &r->lines[k];
    size_t pml;
    int pstrong = 0;
    int32_t pm;
    text_next_cp(line_text(r, p), p->len, 0, &pm);
    if (pm == m && text_is_bullet_item(line_text(r, p), p->len, &pml, &pstrong))
      return k < i - 1 && p->indent <= l->indent && least >= p->indent + (int)pml;
    if (p->indent < least)
      least = p->indent;
  }
  return 0;
}

/* Lines a numbered item wrapped flush under its number may run to, for
 * follows_flush_numbered_item. */
#define FLUSH_ITEM_LINES 8

/* Whether numbered line i, after a line that ends a sentence, is the
 * next item of a list wrapped flush, with no blank lines, as a greedy
 * wrapper sets one: a few lines above (FLUSH_ITEM_LINES), at its
 * indentation, a line opens with the number before it, and every line
 * between stands there too (that item's text wrapped under its number).
 * + "1. Accept the resignation of the governor, at his own" / "request."
 *   / "2. Appoint Igor Orlov acting governor"
 * - "... elected in" / "1995. The next year" (no item 1994 above) */
static int follows_flush_numbered_item(const text_reader *r, int i)
{
  const text_line *l = &r->lines[i];
  text_enum le, pe;
  int k;
  if (i <= r->body || !text_line_enumerator(r, i, &le) ||
      !text_has_terminal_punctuation(line_text(r, &r->lines[i - 1]), r->lines[i - 1].len))
    return 0;
  for (k = i - 1; k >= r->body && i - k <= FLUSH_ITEM_LINES; k--) {
    const text_line *p = &r->lines[k];
    if (p->len == 0 || p->indent > l->indent + LIST_INDENT_SLACK ||
        p->indent + LIST_INDENT_SLACK < l->indent)
      return 0;
    if (text_line_enumerator(r, k, &pe))
      return k < i - 1 && text_enum_follows(&pe, &le);
  }
  return 0;
}

int text_line_opens_item(const text_reader *r, int i)
{
  const text_line *l = &r->lines[i];
  size_t ml;
  int strong = 0, num, bullet = 0;
  const char *s = line_text(r, l);
  int32_t m, m2;
  if (text_is_bullet_item(s, l->len, &ml, &strong)) {
    if (strong)
      return 1;
    bullet = 1;
  } else if (!text_line_numbered_item(r, i, &ml, &num)) {
    return 0;
  }
  if (i == r->body || r->lines[i - 1].len == 0)
    return 1;
  if (text_last_byte_is(r, &r->lines[i - 1], ':'))
    return !text_has_run_in_enumeration(s, l->len); /* "(1) ..., and (2) ..." */
  text_next_cp(s, l->len, 0, &m);
  if (i > r->body) {
    const text_line *p = &r->lines[i - 1];
    text_next_cp(line_text(r, p), p->len, 0, &m2);
    if ((m2 == m && text_is_bullet_item(line_text(r, p), p->len, &ml, &strong)) ||
        (text_line_numbered_item(r, i - 1, &ml, &num) && text_line_numbered_item(r, i, &ml, &num)))
      return 1;
  }
  if (!strong && text_line_numbered_item(r, i, &ml, &num) && num > 0) {
    /* a hanging list: the item before this one, at this indentation, above
     * its own text indented under it ("1. Title" / "   Text" / "2. ...") */
    int k, seen = 0;
    text_enum le, pe;
    text_line_enumerator(r, i, &le);
    for (k = i - 1; k >= r->body && seen < ITEM_LOOKBACK_LINES; k--, seen++) {
      const text_line *p = &r->lines[k];
      size_t pml;
      int pnum;
      if (p->len == 0 || p->indent > l->indent + LIST_INDENT_SLACK)
        continue;
      /* the number before this one: by value, or in the same sequence
       * ("ii." after "i.", which also reads as the letter i) */
      if (p->indent + LIST_INDENT_SLACK >= l->indent &&
          text_line_numbered_item(r, k, &pml, &pnum) &&
          (pnum == num - 1 || (text_line_enumerator(r, k, &pe) &&
                               text_enum_follows(&pe, &le))) &&
          k + 1 < i && r->lines[k + 1].indent > p->indent)
        return 1;
      break;
    }
  }
  if (bullet && follows_wrapped_item(r, i, m))
    return 1;
  if (!bullet && follows_flush_numbered_item(r, i))
    return 1;
  if (i + 1 < r->nlines && r->lines[i + 1].len > 0) {
    const text_line *nx = &r->lines[i + 1];
    text_next_cp(line_text(r, nx), nx->len, 0, &m2);
    if ((text_is_bullet_item(line_text(r, nx), nx->len, &ml, &strong) && m2 == m) ||
        (text_line_numbered_item(r, i + 1, &ml, &num) && text_line_numbered_item(r, i, &ml, &num)))
      return 1;
  }
  return 0;
}

/* The column where the text of numbered unit u's first line starts,
 * after its enumerator and the spaces behind it. */
static int item_text_column(const text_reader *r, const text_unit *u)
{
  const text_line *l = &r->lines[u->first];
  text_enum e;
  if (!text_line_enumerator(r, u->first, &e))
    return -1;
  return l->indent + (int)e.marker_len;
}

/* Numbers set flush right ("  i." / " ii." / "iii.", " 9." / "10.") start
 * their lines at different columns, but their text at one: an item whose
 * number follows the one of the item before, and whose text starts where
 * that item's did, takes that item's indentation, so the two are one
 * list. The lines between (the text hanging under the item before) are
 * indented deeper than both. */
void text_align_flush_right_items(text_reader *r)
{
  int i, j;
  for (i = 1; i < r->nunits; i++) {
    text_unit *u = &r->units[i];
    const text_unit *p = NULL;
    if (u->item != ITEM_NUMBERED)
      continue;
    for (j = i - 1; j >= 0; j--) {
      if (r->units[j].item) {
        p = &r->units[j];
        break;
      }
      if (r->units[j].indent <= u->indent + LIST_INDENT_SLACK)
        break;
    }
    if (p && p->item == ITEM_NUMBERED && p->indent != u->indent &&
        text_enum_follows(&p->en, &u->en) &&
        item_text_column(r, p) == item_text_column(r, u))
      u->indent = p->indent;
  }
}

/* Whether line i, an item's first line, is a title rather than the start
 * of a wrapped sentence: its text after the marker is heading-shaped
 * (short, capitalised, no closing punctuation). */
int text_is_item_title_line(const text_reader *r, int i)
{
  const text_line *l = &r->lines[i];
  const char *s = line_text(r, l);
  size_t ml;
  int strong, num;
  if (!text_is_bullet_item(s, l->len, &ml, &strong) &&
      !text_line_numbered_item(r, i, &ml, &num))
    return 0;
  return text_is_heading_shaped(s + ml, l->len - ml) &&
         !book_ends_in_function_word(s + ml, l->len - ml); /* "... copies of the" */
}

/* Whether the first word of line i would have fitted at the end of line
 * i-1 within `measure` or line i itself, the wider. */
static int word_fits(const text_reader *r, int i, int measure)
{
  const text_line *l = &r->lines[i], *p = &r->lines[i - 1];
  const char *s = line_text(r, l);
  int word = 0, width = l->indent + l->chars;
  size_t k;
  for (k = 0; k < l->len && s[k] != ' ' && s[k] != '\t'; k++)
    if (((unsigned char)s[k] & 0xC0) != 0x80)
      word++;
  if (measure > width || width * 2 > measure * 3)
    width = measure; /* far beyond it: lines joined after the fact */
  if ((p->indent + p->chars) * 2 > measure * 3)
    return 1; /* so is the line above: where its last line ended is not
                 known, and a sentence ending a line ends its paragraph
                 more often than not */
  return p->indent + p->chars + 1 + word <= width;
}

/* Whether the first word of line i would have fitted at the end of line
 * i-1 (within the wider of the text's typical line and line i itself):
 * then the line above was broken on purpose, not wrapped ("1. Free
 * Redistribution" / "The license of ..."), while "(b) You may distribute
 * ... the terms of this" / "License, or ..." ran out of room. */
int text_word_fits_above(const text_reader *r, int i)
{
  return word_fits(r, i, r->wrap_chars);
}

/* text_word_fits_above against the measure the text was wrapped to (its
 * longest lines, r->wrap_max) rather than its typical line: whether a
 * greedy wrapper would have set line i's first word on line i-1, so
 * that the line above ended on purpose. */
int text_word_fits_measure(const text_reader *r, int i)
{
  return word_fits(r, i, r->wrap_max);
}

/* Whether line i, directly under the text line i-1, underlines it. */
int text_is_underline_of(const text_reader *r, int i, const text_unit *cur)
{
  const text_line *l = &r->lines[i];
  if (!cur || cur->last != i - 1 || cur->first != cur->last || cur->setext ||
      cur->brk)
    return 0;
  if (!text_is_setext_underline(line_text(r, l), l->len) &&
      !(text_is_rst_adornment(line_text(r, l), l->len) &&
        l->chars >= r->lines[i - 1].chars &&
        l->chars <= r->lines[i - 1].chars + RST_UNDERLINE_SLACK &&
        (i - 1 == r->body || r->lines[i - 2].len == 0 ||
         (r->lines[i - 2].len == l->len &&
          memcmp(line_text(r, &r->lines[i - 2]), line_text(r, l), l->len) == 0))))
    return 0; /* reStructuredText underlines with any punctuation, as
                 long as the title or longer ("Porting" / "%%%%%%%"), a
                 line standing alone or under the same overline; the
                 last row of a box round several lines is no underline */
  {
    const text_line *p = &r->lines[i - 1];
    int d, last;
    size_t ml;
    /* an underlined "1. Definitions" is a section heading, not an item */
    return text_is_short_line(line_text(r, p), p->len) &&
           (!text_line_opens_item(r, i - 1) ||
            text_is_section_number(line_text(r, p), p->len, &d, &last, &ml));
  }
}

/* Whether line i is the upper frame of a heading set between two equal
 * lines ("=============" / "Version 1.8.1" / "============="): a setext
 * or reStructuredText adornment, one short line no longer than it under
 * it, and the same adornment again under that. The lower line underlines
 * the heading (text_is_underline_of); the upper one is markup as well, not a
 * break.
 * + "=====" / "News" / "====="
 * - "=====" / "News" / "" (a break above a line) */
int text_is_overline(const text_reader *r, int i)
{
  const text_line *l = &r->lines[i], *t, *u;
  const char *s = line_text(r, l);
  if (i + 2 >= r->nlines ||
      (!text_is_setext_underline(s, l->len) && !text_is_rst_adornment(s, l->len)))
    return 0;
  t = &r->lines[i + 1];
  u = &r->lines[i + 2];
  return t->len > 0 && t->chars <= l->chars && u->len == l->len &&
         memcmp(line_text(r, u), s, l->len) == 0 &&
         text_is_short_line(line_text(r, t), t->len);
}

/* The next non-blank line after line i, or -1. */
static int next_nonblank_line(const text_reader *r, int i)
{
  for (i++; i < r->nlines; i++)
    if (r->lines[i].len > 0)
      return i;
  return -1;
}

/* Whether line i is the title of a contents list: its title alone, with
 * a contents entry (not a bulleted item) on the next non-blank line. */
int text_opens_contents(const text_reader *r, int i)
{
  const text_line *l = &r->lines[i];
  int j;
  size_t ml;
  int strong;
  if (!book_is_contents_title(line_text(r, l), l->len))
    return 0;
  j = next_nonblank_line(r, i);
  return j >= 0 && book_is_contents_entry(line_text(r, &r->lines[j]), r->lines[j].len) &&
         !text_is_bullet_item(line_text(r, &r->lines[j]), r->lines[j].len, &ml, &strong);
}

/* Whether line i opens a list with page numbers and no title (a list of
 * illustrations): it and the next two non-blank lines end in page
 * numbers. */
int text_opens_paged_list(const text_reader *r, int i)
{
  int k, j = i;
  for (k = 0; k < 3; k++) {
    if (j < 0 || !book_has_page_number(line_text(r, &r->lines[j]), r->lines[j].len) ||
        !book_is_contents_entry(line_text(r, &r->lines[j]), r->lines[j].len))
      return 0;
    j = next_nonblank_line(r, j);
  }
  return 1;
}

/* Whether line i opens a list with no title that reads as a book's
 * contents: after a blank line, it and the next two lines (no blank
 * between) are short entries numbered I., II., III. ("I. A Scandal in
 * Bohemia", "II. The Red-headed League", ...). */
int text_opens_numbered_contents(const text_reader *r, int i)
{
  int k;
  if (i > r->body && r->lines[i - 1].len > 0)
    return 0;
  for (k = i; k < i + 3; k++) {
    const text_line *l = &r->lines[k];
    if (k >= r->nlines || l->len == 0 ||
        book_leading_roman_value(line_text(r, l), l->len) != k - i + 1 ||
        !book_is_contents_entry(line_text(r, l), l->len) ||
        text_has_terminal_punctuation(line_text(r, l), l->len))
      return 0;
  }
  return 1;
}

/* Whether line i, more indented than the entry line above it and not
 * starting a new entry, carries on that entry ("4.13.8. Май 2004:
 * погибли Мануэль Эстрада" / "Солиер"). */
int text_continues_entry(const text_reader *r, int i)
{
  const text_line *l = &r->lines[i], *p = &r->lines[i - 1];
  const char *s = line_text(r, l);
  int word = 0;
  size_t k = 0;
  if (p->len == 0 || book_starts_with_numeral(s, l->len) ||
      text_is_chapter_line(s, l->len) != TEXT_CHAPTER_NONE)
    return 0;
  if (book_is_contents_column_head(line_text(r, p), p->len))
    return 0; /* "CHAPTER  PAGE" over the first entry heads the columns */
  if (book_has_page_number(line_text(r, p), p->len))
    return 0; /* the entry above ended with its page number: this line
                 is the next entry, though numerals set flush right push
                 it further in ("      III MORE TROUBLES   19" / "       IV
                 A MESSAGE   29") */
  if (l->indent > p->indent)
    return 1;
  /* at the same indentation, when its first word would not have fitted
   * on the numbered entry's line: that line was wrapped ("4.13.8. May
   * 2004: ... and Andrés García" / "Solier die") */
  while (k < l->len && s[k] != ' ') {
    if (((unsigned char)s[k] & 0xC0) != 0x80)
      word++;
    k++;
  }
  return l->indent == p->indent && book_starts_with_numeral(line_text(r, p), p->len) &&
         p->indent + p->chars + 1 + word > r->base_indent + r->wrap_chars;
}

/* Whether a line opens with a section number ("8.1. Prices"). */
int text_starts_with_section_number(const char *s, size_t len)
{
  int depth, last;
  size_t n;
  return text_is_section_number(s, len, &depth, &last, &n);
}

/* Whether line i, directly under the chapter line (or Roman numeral) of
 * unit cur and followed by a blank line, is that chapter's title:
 * "CHAPTER I." / "The Period". */
int text_is_chapter_title_of(const text_reader *r, int i, const text_unit *cur)
{
  const text_line *l = &r->lines[i], *p;
  const char *s = line_text(r, l);
  if (!cur || cur->first != cur->last || cur->last != i - 1 || cur->setext || cur->brk ||
      cur->item)
    return 0;
  p = &r->lines[i - 1];
  if (text_is_chapter_line(line_text(r, p), p->len) == TEXT_CHAPTER_NONE &&
      !book_is_roman_numeral_line(line_text(r, p), p->len))
    return 0;
  if (i + 1 < r->nlines && r->lines[i + 1].len > 0)
    return 0;
  return text_is_short_line(s, l->len) && text_starts_like_heading(s, l->len) &&
         !book_is_open_line(s, l->len) && text_is_chapter_line(s, l->len) == TEXT_CHAPTER_NONE;
}

/* Whether line i, short like the line above it in wrapped prose, goes on
 * a block of verse set flush with the text: the block (unit cur) stands
 * alone after a paragraph of prose, and each of its lines starts as a line
 * of verse does, with a capital or a quote ("Too rul loo rul" under "When
 * I went to Lunnon town sirs,"). */
int text_continues_verse(const text_reader *r, int i, const text_unit *cur, int short_limit)
{
  const text_line *l = &r->lines[i], *p = &r->lines[i - 1];
  const text_unit *prose;
  const char *s = line_text(r, l);
  int32_t cp;
  if (short_limit <= 0 || !cur || cur != &r->units[r->nunits - 1] || r->nunits < 2 ||
      cur->item || cur->setext || cur->brk || !cur->blank_before || cur->last != i - 1 ||
      p->chars >= short_limit || l->chars >= short_limit)
    return 0;
  prose = &r->units[r->nunits - 2];
  if (prose->item || prose->last == prose->first || prose->last + 1 >= cur->first ||
      r->lines[prose->first].chars < short_limit)
    return 0; /* no paragraph of prose (two full lines or more) before it */
  text_next_cp(s, l->len, 0, &cp);
  if (!(text_starts_like_heading(s, l->len) || text_is_opening_quote(cp)))
    return 0;
  return text_is_chapter_line(s, l->len) == TEXT_CHAPTER_NONE &&
         text_is_chapter_line(line_text(r, p), p->len) == TEXT_CHAPTER_NONE &&
         !book_is_roman_numeral_line(line_text(r, p), p->len);
}

/* Whether unit u's last line ends in a lowercase letter: a sentence
 * stopped on a word, no punctuation at all closing it (an ALL-CAPS title
 * line is no sentence). */
static int ends_in_lowercase(const text_reader *r, const text_unit *u)
{
  const text_line *l = &r->lines[u->last];
  int32_t cp;
  text_prev_cp(line_text(r, l), l->len, &cp);
  return galley_utf8_is_lower(cp);
}

/* Whether unit u's last word starts in lower case: a sentence stopped
 * mid-way ("... his first poem was"), not one ending in a name ("Photo
 * credit: Fatima Kemelova/ The Astana" / "Times"). */
static int last_word_lowercase(const text_reader *r, const text_unit *u)
{
  const text_line *l = &r->lines[u->last];
  const char *s = line_text(r, l);
  size_t a = l->len;
  int32_t cp;
  while (a > 0 && s[a - 1] != ' ')
    a--;
  text_next_cp(s, l->len, a, &cp);
  return galley_utf8_is_lower(cp);
}

/* The sentence-across-a-blank rule: in text whose paragraphs are set
 * apart by blank lines, a paragraph that stops on a word, with no
 * punctuation at all, goes on after the blank line when the next line
 * continues its sentence: it starts in lower case, or (the paragraph
 * being too long for a heading) with an opening quotation mark, the
 * title of a work the sentence names, after a last word in lower case
 * (a name ends a caption's credit). The blank line is an accident of
 * the saved page. Line i follows a blank line; u is the unit before it.
 * + "... қазақ қоғамы өмірінің" / "" / "барлық жақтарын ашып көрсетті."
 * - "Early works" / "" / "«Kim eken...» was his first poem."
 * - "... Photo credit: Fatima Kemelova/ The Astana" / "Times" / "" / "“Kazakhstan ..." 
 * - "THE ADVENTURES OF SHERLOCK HOLMES" / "" / "by"
 * - "The Stationmaster's Daughter" / "" / "by" / "" / "ANNA WHITFIELD" */
int text_continues_across_blank(const text_reader *r, int i, const text_unit *u)
{
  const text_line *l = &r->lines[i];
  const char *s = line_text(r, l);
  int32_t cp;
  size_t off, nl;
  if (!r->join || u == r->units || u->item || u->opened_item || u->brk || u->setext ||
      u->keep_lines || u->quote != text_is_quote_indent(r, l->indent) || !ends_in_lowercase(r, u))
    return 0; /* (the first unit may be the headline, "by" under it) */
  if (text_is_byline_word_line(s, l->len) || text_is_byline(s, l->len, &off, &nl))
    return 0;
  if (text_starts_lowercase(s, l->len))
    return 1;
  text_next_cp(s, l->len, 0, &cp);
  return cp != '(' && cp != '[' && text_is_opening_quote(cp) &&
         (u->last > u->first || r->lines[u->last].chars > TEXT_HEADING_MAX_CHARS) &&
         last_word_lowercase(r, u);
}

/* Columns two centred lines' middles may differ by, doubled (a line of
 * odd length is centred half a column off). */
#define CENTRE_SLACK_HALF_COLUMNS 3

/* Whether lines a and b, one above the other, are each centred by hand:
 * both indented far beyond the body (TEXT_CENTRED_MIN_INDENT), short,
 * indented differently but with their middles in one column ("GNU
 * GENERAL PUBLIC LICENSE" over "Version 3, 29 June 2007"). Lines of
 * verse or a quotation share their left edge instead. */
int text_are_centred_lines(const text_reader *r, int a, int b)
{
  const text_line *x = &r->lines[a], *y = &r->lines[b];
  int mid;
  if (x->len == 0 || y->len == 0 || x->indent == y->indent ||
      x->indent < r->base_indent + TEXT_CENTRED_MIN_INDENT ||
      y->indent < r->base_indent + TEXT_CENTRED_MIN_INDENT ||
      x->chars > TEXT_HEADING_MAX_CHARS || y->chars > TEXT_HEADING_MAX_CHARS)
    return 0;
  mid = (2 * x->indent + x->chars) - (2 * y->indent + y->chars);
  return mid <= CENTRE_SLACK_HALF_COLUMNS && -mid <= CENTRE_SLACK_HALF_COLUMNS;
}

/* Whether the line is the formula reserving rights that may close a
 * copyright notice ("All rights reserved."): a language table's words,
 * a full stop after them or not. */
static int is_rights_line(const char *s, size_t len)
{
  if (len > 0 && s[len - 1] == '.')
    len--;
  return len > 0 && text_lang_list_match(s, len, TEXT_LANG_LIST(rights_words)) == len;
}

/* Whether a line opens a bracket it does not close ("... Team <" before
 * the address on the next line). */
static int leaves_bracket_open(const char *s, size_t len)
{
  size_t i;
  int depth = 0;
  for (i = 0; i < len; i++)
    if (s[i] == '<' || s[i] == '(' || s[i] == '[')
      depth++;
    else if ((s[i] == '>' || s[i] == ')' || s[i] == ']') && depth > 0)
      depth--;
  return depth > 0;
}

/* The copyright-notice rule, for line i under the lines of unit cur: a
 * notice (a unit opened by a copyright line, text_is_copyright_line)
 * ends at the end of a line, unless that line ends in a comma or leaves
 * a bracket open (the holder's address goes on). Returns 1 when line i is a further line of
 * the notice, set on a line of its own (another holder's copyright line,
 * "All rights reserved.", the holder's address "<https://fsf.org/>"), -1 when line i starts a new paragraph (the
 * permission under the notice: "Everyone is permitted to copy ..."), and
 * 0 when the rule does not apply. */
/* A line that is only an address in angle brackets, as a copyright
 * holder's is given under its name ("<https://fsf.org/>").
 *   + <https://fsf.org/>      - <b>Note</b> the terms */
static int is_bracketed_address(const char *s, size_t len)
{
  return len > 2 && s[0] == '<' && s[len - 1] == '>' && !memchr(s, ' ', len) &&
         (memchr(s, '/', len) || memchr(s, '@', len) || memchr(s, '.', len));
}

int text_copyright_notice_goes_on(const text_reader *r, int i, const text_unit *cur)
{
  const text_line *f = &r->lines[cur->first], *l = &r->lines[i];
  if (!text_is_copyright_line(line_text(r, f), f->len) ||
      text_last_byte_is(r, &r->lines[i - 1], ',') ||
      leaves_bracket_open(line_text(r, &r->lines[i - 1]), r->lines[i - 1].len))
    return 0;
  return text_is_copyright_line(line_text(r, l), l->len) ||
                 is_rights_line(line_text(r, l), l->len) ||
                 is_bracketed_address(line_text(r, l), l->len)
             ? 1
             : -1;
}

/* Whether line i, indented under the field line that opened unit cur
 * and no field itself, carries on that field's value ("Title: News from
 * the Rock" / "       or, A Year of Storms"). */
int text_continues_field(const text_reader *r, int i, const text_unit *cur)
{
  const text_line *l = &r->lines[i], *f = &r->lines[cur->first];
  return l->indent > f->indent && book_is_field_line(line_text(r, f), f->len) &&
         !book_is_field_line(line_text(r, l), l->len);
}

/* The blank lines right before line i. */
int text_blank_lines_before(const text_reader *r, int i)
{
  int n = 0;
  while (i - n - 1 >= r->body && r->lines[i - n - 1].len == 0)
    n++;
  return n;
}
