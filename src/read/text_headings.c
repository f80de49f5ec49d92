/* text_headings.c: tests classification asks of a unit among its
 * neighbours, mostly whether it is a heading: the next text unit, the
 * body after it, running text, an end marker, a book's chapter lines,
 * short, capital and flush-numbered headings, and centred groups. */
#include <string.h>

#include "../util/utf8.h"
#include "book.h"
#include "lang.h"
#include "text_private.h"

/* An ALL-CAPS line closed by a full stop is a heading (in a book) only
 * when it is this short; a longer one is a sentence set in capitals ("THIS
 * IS THE END OF THE FIRST STAGE OF PIP'S EXPECTATIONS."). */
#define CAPS_STOP_MAX_WORDS 7

/* ------------------------------------------------------------------ */
/* Classification                                                      */
/* ------------------------------------------------------------------ */

int text_unit_is_figure_line(const text_reader *r, const text_unit *u)
{
  (void)r;
  return !u->item && !u->brk && (u->caption || u->standalone_credit || u->caption_credit);
}

/* The next unit after i that is not a caption or credit line, or -1. */
int text_next_text_unit(const text_reader *r, int i)
{
  for (i++; i < r->nunits; i++)
    if (!text_unit_is_figure_line(r, &r->units[i]))
      return i;
  return -1;
}

/* Whether the item at unit j has a next item in its list: the next unit
 * that is not text hanging under the item (indented deeper) is an item of
 * the same kind. */
static int has_next_item(const text_reader *r, int j)
{
  const text_unit *n = &r->units[j];
  int k;
  for (k = j + 1; k < r->nunits; k++) {
    const text_unit *v = &r->units[k];
    if (v->item)
      return v->item == n->item;
    if (v->indent <= n->indent + LIST_INDENT_SLACK)
      return 0;
  }
  return 0;
}

/* Whether unit j reads as body text that a heading at unit i introduces:
 * a longer line that is a sentence (terminal punctuation) or too long for
 * a heading, or a list of two or more items (each perhaps with its text
 * hanging under it); not a break or an underlined heading. */
int text_is_body_after(const text_reader *r, int i, int j)
{
  const text_unit *u = &r->units[i], *n;
  if (j < 0)
    return 0;
  n = &r->units[j];
  if (n->item)
    return has_next_item(r, j); /* a list */
  if (n->brk || n->setext)
    return 0;
  return n->chars > u->chars && (n->terminal || n->chars > TEXT_HEADING_MAX_CHARS);
}

/* The first word of s, and the last. */
static void word_bounds(const char *s, size_t len, size_t *first_len, size_t *last_off)
{
  size_t i = 0;
  while (i < len && s[i] != ' ')
    i++;
  *first_len = i;
  i = len;
  while (i > 0 && s[i - 1] != ' ')
    i--;
  *last_off = i;
}

/* The name-line guard: a line shaped like a person's name whose next
 * paragraph begins with that name ("Jane Doe" / "Doe is a reporter ...")
 * is a name, not a heading. */
int text_is_name_before_bio(const text_reader *r, int i, int j)
{
  const text_unit *u = &r->units[i], *n = &r->units[j];
  const char *s = unit_text(r, u), *t = unit_text(r, n);
  size_t fl, lo;
  if (!text_is_name_line(s, u->len))
    return 0;
  word_bounds(s, u->len, &fl, &lo);
  if (n->len > fl && memcmp(t, s, fl) == 0 && t[fl] == ' ')
    return 1;
  return n->len > u->len - lo && memcmp(t, s + lo, u->len - lo) == 0 &&
         (t[u->len - lo] == ' ' || (unsigned char)t[u->len - lo] == 0xE2 /* ’s */ ||
          t[u->len - lo] == '\'');
}

/* Whether the text ends in a letter or digit, no punctuation after it. */
static int ends_in_word(const char *s, size_t len)
{
  int32_t cp;
  if (len == 0)
    return 0;
  text_prev_cp(s, len, &cp);
  return galley_utf8_is_letter(cp) || (cp >= '0' && cp <= '9');
}

/* Whether unit i is a line of running text that happens to stand alone:
 * it ends mid-sentence (a comma, a dash, "--"), the paragraph before it
 * leaves its sentence open, or the text after it goes on in lower case.
 * An indented unit set as a paragraph (a title page's lines) is no
 * sentence that goes on. */
static int is_running_text(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  int j = text_next_text_unit(r, i);
  if (book_is_open_line(unit_text(r, u), u->len) ||
      book_ends_in_function_word(unit_text(r, u), u->len))
    return 1;
  if (j >= 0 && text_starts_lowercase(unit_text(r, &r->units[j]), r->units[j].len))
    return 1;
  if (book_is_signature_line(unit_text(r, u), u->len) ||
      book_is_marker_line(unit_text(r, u), u->len))
    return 1;
  if (i > 0) {
    const text_unit *p = &r->units[i - 1];
    if (p->kind == K_PARAGRAPH && !p->item && !p->quote &&
        ((p->chars > TEXT_HEADING_MAX_CHARS && ends_in_word(unit_text(r, p), p->len)) ||
         book_is_open_line(unit_text(r, p), p->len) ||
         book_ends_letter(unit_text(r, p), p->len)))
      return 1; /* the sentence goes on; a letter's signature */
  }
  return 0;
}

/* The end-marker rule: a line that opens with a language table's words
 * for an end ("END OF TERMS AND CONDITIONS", "End of the licence")
 * marks where a part closes and heads nothing, so it is no heading: set
 * in capitals, or with no body text after it. ("End of an Era" above a
 * paragraph is a headline.) */
int text_is_end_marker(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  if (u->first != u->last || u->item || u->brk || u->setext ||
      text_lang_list_match(s, u->len, TEXT_LANG_LIST(end_words)) == 0)
    return 0;
  return text_is_all_caps_line(s, u->len) || !text_is_body_after(r, i, text_next_text_unit(r, i));
}

/* In a book (r->book), the chapter lines carry the structure: after the
 * first chapter heading, a short line between paragraphs is a heading
 * only when it is numbered ("4.1. Die 0.x Versionen") or is the title of
 * a chapter heading right above it that gives none ("CHAPTER IV." /
 * blank / "The Preparation"). Elsewhere it is running text: a one-word
 * line, a line of verse, a letter's place line. */
static int is_book_short_heading(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *p;
  if (!r->book || book_starts_with_enumerator(unit_text(r, u), u->len))
    return 1;
  if (!r->chapter_seen)
    return 1; /* the front matter: "Abstract", "Preface" */
  p = &r->units[i - 1];
  return p->kind == K_HEADING && (p->chapter || p->roman) && !p->keep_lines &&
         book_is_bare_chapter_line(unit_text(r, p), p->len);
}

/* A chapter heading: a chapter line or a division without a number
 * ("PREFACE.", "Epilogue": in a book or not), or, in a book, a Roman
 * numeral alone, with its title line when it has one, ahead of more text and
 * not cut off mid-sentence. Indentation does not matter: chapter
 * headings are often centred. */
int text_is_chapter_heading(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  if (u->item || u->brk || u->setext ||
      !(u->chapter || book_is_unnumbered_division(s, u->len) || (r->book && u->roman)))
    return 0;
  if (u->first != u->last && !u->keep_lines)
    return 0;
  if (text_next_text_unit(r, i) < 0 || book_is_open_line(s, u->len))
    return 0;
  return !text_is_sign_off(s, u->len) && !text_is_furniture_line(s, u->len);
}

/* Whether the text is a book: three or more chapter lines, or Roman
 * numerals alone, outside its contents list. */
int text_is_book(const text_reader *r)
{
  int i, chapters = 0, romans = 0;
  for (i = 0; i < r->nunits; i++) {
    const text_unit *u = &r->units[i];
    if (u->item || (u->first != u->last && !u->keep_lines))
      continue;
    chapters += u->chapter != TEXT_CHAPTER_NONE;
    romans += u->roman;
  }
  return chapters >= 3 || romans >= 3;
}

/* The quote-after-colon rule in context: in a text of one paragraph per
 * line whose groups of lines are set apart by blank lines, a line that
 * follows a sentence introducing it with a colon (text_introduces_quote)
 * in the same group, and ends that group, is what was introduced: a
 * quotation set off on its own line (as Wikinews sets its quote boxes).
 * A copy editor sets it as a block quote. */
int text_is_quote_after_colon(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *p;
  int j;
  if (r->join || i == 0 || u->first != u->last || u->blank_before || u->item || u->brk ||
      !u->terminal || text_starts_lowercase(unit_text(r, u), u->len))
    return 0;
  p = &r->units[i - 1];
  if (p->kind != K_PARAGRAPH || p->first != p->last || p->item ||
      !text_introduces_quote(unit_text(r, p), p->len))
    return 0;
  j = i + 1;
  return j >= r->nunits || r->units[j].blank_before;
}

/* The short-line rule in context: a heading-shaped single line, not a
 * sign-off or a name, after something that is not itself an unfinished
 * short line nor a line of data (text_has_value), and followed by a
 * longer paragraph. */
/* Whether unit i heads pictures: a photo report's section may hold
 * only pictures ("Disney" / "Belle. Image: Nick Moreau."). The unit
 * right after i is a caption with its credit (not a credit alone), and
 * after the captions comes body text, the end, or another short line
 * heading pictures of its own. j is text_next_text_unit(r, i). */
static int heads_pictures(const text_reader *r, int i, int j)
{
  const text_unit *n, *w;
  if (i + 1 >= r->nunits)
    return 0;
  n = &r->units[i + 1];
  if (n->item || n->brk || !n->caption_credit)
    return 0;
  if (j < 0)
    return 1;
  if (text_is_body_after(r, i, j))
    return 1;
  w = &r->units[j];
  return j + 1 < r->nunits && w->shaped && w->first == w->last && !w->item &&
         text_unit_is_figure_line(r, &r->units[j + 1]);
}

int text_is_short_heading(text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  int j;
  if (!u->shaped || u->first != u->last || u->quote ||
      (u->item && u->item != ITEM_NUMBERED))
    return 0;
  if (text_is_sign_off(unit_text(r, u), u->len) ||
      text_is_furniture_line(unit_text(r, u), u->len) || text_has_value(unit_text(r, u), u->len) ||
      text_is_copyright_line(unit_text(r, u), u->len))
    return 0; /* ... or a line of data: "Magnitude mpv=3.9", or a notice */
  if (text_is_name_line(unit_text(r, u), u->len) && text_line_repeats(r, i))
    return 0; /* a transcript's speaker over each turn: "Анна Смирнова" */
  if (i > 0) {
    const text_unit *p = &r->units[i - 1];
    if (p->kind == K_PARAGRAPH && p->shaped && !p->quote && !text_is_end_marker(r, i - 1))
      return 0; /* one of several short lines: an address, a poem (an end
                   marker closes what came before it instead) */
  }
  j = text_next_text_unit(r, i);
  if (!(text_is_body_after(r, i, j) || heads_pictures(r, i, j)) || is_running_text(r, i) ||
      !is_book_short_heading(r, i))
    return 0;
  return j < 0 || !text_is_name_before_bio(r, i, j); /* (no text after: pictures) */
}

/* The heading-after-break rule: in text of one paragraph per line, a
 * line right after a thematic break ("* * *") that does not end as a
 * sentence does (no punctuation closes it), starts with a capital and
 * has body text after it titles the section the break opens, even when
 * it is longer than a short heading (up to a title's length).
 * + "* * *" / "Speech at the meeting of the heads of state in expanded
 *   format" / "Colleagues, friends, ..."
 * - "* * *" / "The talks went on into the night." */
int text_is_heading_after_break(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  int32_t last;
  int j;
  if (r->join || i == 0 || !r->units[i - 1].brk || u->first != u->last || u->item ||
      u->quote || u->terminal || u->chars > TEXT_TITLE_MAX_CHARS ||
      text_count_words(s, u->len, TEXT_TITLE_MAX_WORDS) > TEXT_TITLE_MAX_WORDS ||
      !text_starts_like_heading(s, u->len))
    return 0;
  text_prev_cp(s, u->len, &last);
  if (!galley_utf8_is_letter(last) && !(last >= '0' && last <= '9'))
    return 0;
  j = text_next_text_unit(r, i);
  return j >= 0 && !r->units[j].brk && !r->units[j].setext;
}

/* ALL-CAPS lines are headings wherever something follows, unless they
 * end a sentence (`stop_ok`: but for a full stop) or are running text. */
static int is_heading_context(const text_reader *r, int i, int stop_ok)
{
  const text_unit *u = &r->units[i];
  int j = text_next_text_unit(r, i);
  if (u->first != u->last || u->quote || u->item || j < 0 || (u->terminal && !stop_ok) ||
      is_running_text(r, i))
    return 0;
  return !text_is_sign_off(unit_text(r, u), u->len) &&
         !text_is_furniture_line(unit_text(r, u), u->len);
}

static int has_digit(const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < len; i++)
    if (s[i] >= '0' && s[i] <= '9')
      return 1;
  return 0;
}

/* Whether the line starts with the word "By" in any case. */
static int is_by_line(const char *s, size_t len)
{
  return len > 3 && (s[0] == 'B' || s[0] == 'b') && (s[1] == 'Y' || s[1] == 'y') &&
         s[2] == ' ';
}

/* Whether unit i is a byline of a book's article: "By NAME", or in
 * capitals "BY NAME." (with a credit after a comma), or a name in
 * capitals alone ("PROFESSOR SIR H. J. WOOD."). */
int text_is_byline_unit(const text_reader *r, int i)
{
  const text_unit *u;
  size_t off, nl;
  if (i < 0 || i >= r->nunits)
    return 0;
  u = &r->units[i];
  return u->first == u->last &&
         (text_is_byline(unit_text(r, u), u->len, &off, &nl) ||
          book_is_caps_byline(unit_text(r, u), u->len) ||
          book_is_caps_name_line(unit_text(r, u), u->len));
}

/* The ALL-CAPS rule's context: as for chapter lines, except that in a
 * book an old typesetting's full stop may close the heading ("THE
 * AMATEUR CHURCH ORGANIST."). */
int text_is_caps_heading_context(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  int32_t last;
  if (!r->book || !u->terminal)
    return is_heading_context(r, i, 0);
  {
    /* the stop may stand inside closing quotes: THE "WOMAN OF STENAY." */
    size_t end = u->len;
    do
      end = text_prev_cp(unit_text(r, u), end, &last);
    while (end > 0 && text_is_closing_quote(last));
  }
  if (last != '.' || book_ends_letter(unit_text(r, u), u->len) ||
      text_count_words(unit_text(r, u), u->len, CAPS_STOP_MAX_WORDS) > CAPS_STOP_MAX_WORDS ||
      has_digit(unit_text(r, u), u->len) || is_by_line(unit_text(r, u), u->len))
    return 0; /* a date, an issue number, a byline */
  if (i > 0 && r->units[i - 1].kind == K_HEADING && !r->units[i - 1].chapter &&
      !r->units[i - 1].roman && text_is_byline_unit(r, text_next_text_unit(r, i)))
    return 0; /* the deck under a title, over its byline: "A PASTORALE." */
  return is_heading_context(r, i, 1);
}

/* Whether unit i is one line of a group centred by hand (a title over
 * its subtitle, a byline over its date): the line directly above or
 * below it is its own unit, centred with it (text_are_centred_lines). A lone
 * centred line is a heading (text_is_centred_unit). */
int text_in_centred_group(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *v;
  if (u->first != u->last)
    return 0;
  if (i + 1 < r->nunits) {
    v = &r->units[i + 1];
    if (v->first == v->last && v->first == u->last + 1 &&
        text_are_centred_lines(r, u->last, v->first))
      return 1;
  }
  if (i > 0) {
    v = &r->units[i - 1];
    if (v->first == v->last && u->first == v->last + 1 &&
        text_are_centred_lines(r, v->last, u->first))
      return 1;
  }
  return 0;
}

/* Lines a numbered heading set flush left may wrap onto. */
#define FLUSH_HEADING_MAX_LINES 2

/* Whether unit i is a numbered heading of a text whose body is indented
 * (a document converter's output): flush left, at most
 * FLUSH_HEADING_MAX_LINES lines, opening with a section number
 * (book_starts_with_enumerator), with the indented body text right
 * under it. Its end does not matter there: "4.14. What next?", a title
 * wrapped onto a second flush line. The same line in a text set flush
 * left is left to the other rules. */
int text_is_flush_numbered_heading(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  int j;
  if (r->base_indent <= 0 || u->indent >= r->base_indent || u->item || u->brk ||
      u->last - u->first >= FLUSH_HEADING_MAX_LINES)
    return 0; /* (the cheap tests first: text_next_text_unit looks for credits) */
  j = text_next_text_unit(r, i);
  return j == i + 1 &&
         r->units[j].indent >= r->base_indent && !r->units[j].item &&
         u->chars <= 2 * TEXT_HEADING_MAX_CHARS && book_starts_with_enumerator(unit_text(r, u), u->len);
}
