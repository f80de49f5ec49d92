/* text_kinds.c: tests classification asks of a unit for the other
 * kinds: a title or byline at the top, an address, verse broken with
 * <br>, boxed headings, signers and an act's closing signature, numbered
 * terms and clauses, and section headings. */
#include <string.h>

#include "book.h"
#include "text_private.h"

/* Lines a boxed heading may have ('Appendix' / 'The Manifesto'). */
#define BOX_MAX_LINES 3
/* How far back (in units) a wrapped section title looks for the section
 * before it (a section's paragraphs and items lie between). */
#define SECTION_LOOKBACK_UNITS 500

/* Units looked back over, from a byline to its article's title: a deck
 * and a figure line. */
#define ARTICLE_HEAD_UNITS 2

/* Whether unit i stands under an article's title (a heading that is no
 * chapter line), with at most ARTICLE_HEAD_UNITS single lines between:
 * a deck in capitals ("A PASTORALE."), a figure line. */
int text_is_under_article_title(const text_reader *r, int i)
{
  int k;
  for (k = i - 1; k >= 0 && k >= i - 1 - ARTICLE_HEAD_UNITS; k--) {
    const text_unit *p = &r->units[k];
    if (p->kind == K_HEADING)
      return !p->chapter && !p->roman;
    if (p->first != p->last ||
        !(text_unit_is_figure_line(r, p) || text_is_all_caps_line(unit_text(r, p), p->len) ||
          book_is_bracketed_line(unit_text(r, p), p->len)))
      return 0;
  }
  return 0;
}

/* Whether unit i is a byline centred by hand below the body's margin:
 * one line of a centred group (text_in_centred_group) that is a byline, or
 * the line set directly under such a byline (its date: "Written by Jane
 * Roe" / "Revised 01/06/94"), as an article's own header sets them
 * after an editor's note. */
int text_is_centred_byline(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *p;
  size_t off, nl;
  if (!u->quote || !text_in_centred_group(r, i))
    return 0;
  if (text_is_byline(unit_text(r, u), u->len, &off, &nl))
    return 1;
  if (i == 0)
    return 0;
  p = &r->units[i - 1];
  return p->first == p->last && u->first == p->last + 1 &&
         text_are_centred_lines(r, p->last, u->first) &&
         text_is_byline(unit_text(r, p), p->len, &off, &nl);
}

/* A short first line that is not a paragraph: no sentence end (a
 * question or exclamation may end a title), not a list item, credit,
 * byline or dateline, with more text after it. In a hard-wrapped text
 * a long headline may take two lines ("President Vladimir Putin met
 * with representatives of the Japanese" / "parliamentary deputies'
 * association For Friendship with Russia"). */
int text_is_title_line(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  size_t dummy, d2;
  int32_t last;
  if ((u->first != u->last && !(r->join && u->last == u->first + 1 && !u->setext)) ||
      u->item || u->brk || (u->quote && !text_in_centred_group(r, i)) || i + 1 >= r->nunits)
    return 0; /* (a hard-wrapped text may wrap a long headline once) */
  if (u->chars > TEXT_TITLE_MAX_CHARS ||
      text_count_words(s, u->len, TEXT_TITLE_MAX_WORDS) > TEXT_TITLE_MAX_WORDS)
    return 0;
  text_prev_cp(s, u->len, &last);
  if (u->terminal && last != '?' && last != '!')
    return 0;
  if (text_has_dateline(s, u->len, &dummy) || text_is_byline(s, u->len, &dummy, &d2) ||
      text_unit_is_figure_line(r, u))
    return 0;
  return 1;
}

/* Whether a unit after the first is underlined with `c`. */
/* Unit i is one line centred by hand (text_is_centred_heading) between
 * units that are not indented, or at an end of the text: a heading, where
 * a run of indented lines would be a quotation or verse. */
int text_is_centred_unit(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  if (u->first != u->last || !u->quote || u->item ||
      !text_is_centred_heading(unit_text(r, u), u->len, u->indent - r->base_indent))
    return 0;
  /* (the unit before is decided: an indented line that became no
   * quotation, such as an end marker, does not count) */
  return (i == 0 || !r->units[i - 1].quote || r->units[i - 1].kind != K_QUOTE) &&
         (i + 1 >= r->nunits || !r->units[i + 1].quote);
}

/* Whether s is an address alone in angle brackets: "<name@example.org>". */
int text_is_address_line(const char *s, size_t len)
{
  return len > 4 && s[0] == '<' && s[len - 1] == '>' && memchr(s, '@', len) &&
         !memchr(s, ' ', len);
}

/* Whether unit i is one line ending in a line-break tag
 * (text_ends_in_html_break) next to another such line: a run of them is
 * verse. Writes the length of its text without the tag to *out_len. */
int text_is_html_break_verse(const text_reader *r, int i, size_t *out_len)
{
  const text_unit *u = &r->units[i];
  size_t n;
  int k;
  if (u->first != u->last || u->item || !text_ends_in_html_break(unit_text(r, u), u->len, out_len))
    return 0;
  for (k = i - 1; k <= i + 1; k += 2) {
    const text_unit *v = &r->units[k];
    if (k >= 0 && k < r->nunits && v->first == v->last &&
        text_ends_in_html_break(unit_text(r, v), v->len, &n))
      return 1;
  }
  *out_len = 0;
  return 0;
}

/* When unit i is a box edge (text_is_box_edge) with one to
 * BOX_MAX_LINES short heading-shaped lines under it and the same edge
 * under them, no blank line between: the index of the closing edge, else
 * 0. */
int text_boxed_heading_end(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  int k;
  if (u->first != u->last || !text_is_box_edge(s, u->len))
    return 0;
  for (k = i + 1; k < r->nunits && k <= i + BOX_MAX_LINES + 1; k++) {
    const text_unit *v = &r->units[k];
    const char *t = unit_text(r, v);
    if (v->first != r->units[k - 1].last + 1 || v->header)
      return 0;
    if (v->brk)
      return k > i + 1 && v->len == u->len && memcmp(s, t, u->len) == 0 ? k : 0;
    if (v->first != v->last || v->item || !text_is_heading_shaped(t, v->len))
      return 0;
  }
  return 0;
}

int text_has_other_setext(const text_reader *r, int c)
{
  int i;
  for (i = 1; i < r->nunits; i++)
    if (r->units[i].setext == c)
      return 1;
  return 0;
}

/* A signer's office stands over the name on at most this many lines. */
#define SIGNATURE_OFFICE_LINES 3

/* Whether line j is a signer's name with initials (text_is_initialled_name)
 * or an office and the name across the page (text_signature_gap). */
static int is_signer_line(const text_reader *r, int j)
{
  const text_line *l = &r->lines[j];
  const char *t = line_text(r, l);
  return l->len > 0 &&
         (text_is_initialled_name(t, l->len) || text_signature_gap(t, l->len) > 0);
}

/* Whether line j can be a signer's office over the name: short, opening
 * with a capital, without closing punctuation. */
static int is_office_line(const text_reader *r, int j)
{
  const text_line *l = &r->lines[j];
  return l->len > 0 && text_is_heading_shaped(line_text(r, l), l->len);
}

/* The place, date and number of an act under its signature take at most
 * this many lines. */
#define ACT_DATE_LINES 2

/* Whether units i to the end are the place and date of an act under its
 * signature: one or two short lines, without a full stop, one of them
 * holding a year.
 *   accepts: "Astana, 12 June 2019" / "No. 12"
 *   rejects: "The meeting closed in 2019." */
static int is_act_date_tail(const text_reader *r, int i)
{
  int year = 0, lines = 0;
  for (; i < r->nunits; i++) {
    const text_unit *u = &r->units[i];
    const char *s = unit_text(r, u);
    size_t k, digits = 0;
    lines += u->last - u->first + 1;
    if (lines > ACT_DATE_LINES || !text_is_short_line(s, u->len) ||
        (u->len > 0 && s[u->len - 1] == '.'))
      return 0;
    for (k = 0; k <= u->len; k++) {
      if (k < u->len && s[k] >= '0' && s[k] <= '9') {
        digits++;
        continue;
      }
      year |= digits == 4;
      digits = 0;
    }
  }
  return year;
}

/* The rule "closing-signature": unit i, whose last line is a signer's
 * name (is_signer_line) and whose other lines, with up to
 * SIGNATURE_OFFICE_LINES units of one line right over it, are the
 * signer's office (is_office_line), ends the text (the last unit, or over
 * the act's place and date, is_act_date_tail) after body text: a
 * paragraph or a list item. Returns the first unit of the signature, or
 * -1.
 *   accepts: "... comes into force on signing." / "Minister of Justice" /
 *            "of the Republic     A. Smith" (the last lines)
 *   rejects: "A. Smith" with a paragraph after it */
int text_closing_signature_start(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  int j, first = i, lines;
  if (!(i == r->nunits - 1 || is_act_date_tail(r, i + 1)) ||
      !is_signer_line(r, u->last) || u->last - u->first >= SIGNATURE_OFFICE_LINES)
    return -1;
  for (j = u->first; j < u->last; j++)
    if (!is_office_line(r, j))
      return -1;
  lines = u->last - u->first;
  while (first > 0 && lines < SIGNATURE_OFFICE_LINES &&
         r->units[first - 1].first == r->units[first - 1].last &&
         (r->units[first - 1].kind == K_PARAGRAPH || r->units[first - 1].kind == K_HEADING) &&
         is_office_line(r, r->units[first - 1].first)) {
    first--;
    lines++;
  }
  if (first == 0 ||
      !(r->units[first - 1].kind == K_PARAGRAPH || r->units[first - 1].kind == K_ITEM))
    return -1;
  return first;
}

int text_is_top_kind(unit_kind k)
{
  return k == K_TITLE || k == K_SUBTITLE || k == K_BYLINE_TOP || k == K_DATE ||
         k == K_CAPTION || k == K_CREDIT;
}

/* The numbered-term rule in context: a term line ("1.1. "Contributor"")
 * whose definition follows, indented under it and starting in lower case
 * ("means each individual ..."). A copy editor sets the pair as the
 * licence's own HTML does, a definition list: the term is no heading (it
 * introduces one definition, not a section, and the terms are not
 * entries of the table of contents) and the definition is no quotation.
 * Both stay paragraphs, the term keeping its number. */
int text_is_numbered_term_unit(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *n;
  if (u->first != u->last || i + 1 >= r->nunits ||
      !text_is_numbered_term(unit_text(r, u), u->len))
    return 0;
  n = &r->units[i + 1];
  return n->indent > u->indent && !n->item && text_starts_lowercase(unit_text(r, n), n->len);
}

/* Whether unit u is a title too long for its line: two lines, the second
 * a short tail (at most half as long as the first), with no sentence
 * punctuation at the end ("10.4. Distributing Source Code Form that is
 * Incompatible With Secondary" / "Licenses"). */
static int is_wrapped_title(const text_reader *r, const text_unit *u)
{
  return u->last == u->first + 1 && !u->terminal &&
         r->lines[u->last].chars * 2 <= r->lines[u->first].chars;
}

/* Whether the last unit before i numbered at `depth` ("10.3.") is a
 * section heading: its siblings have titles, so a numbered line at that
 * depth is one more title, even wrapped onto a second line. */
static int follows_section_heading(const text_reader *r, int i, int depth)
{
  int k, d, last;
  size_t ml;
  for (k = i - 1; k >= 0 && k >= i - SECTION_LOOKBACK_UNITS; k--) {
    const text_unit *v = &r->units[k];
    if (text_is_section_number(unit_text(r, v), v->len, &d, &last, &ml) && d <= depth)
      return d == depth && v->kind == K_HEADING;
  }
  return 0;
}

/* The numbered-clause rule: a numbered paragraph of several lines is a
 * clause of a licence or a contract, not an item of a list, when its
 * text opens with a run-in title ("2. Grant of Copyright License.
 * Subject to ...", text_has_run_in_title), or when, in a text whose
 * paragraphs open with an indented first line (r->indent_paragraphs),
 * its number sits in that indent and its further lines are back at the
 * body's margin ("  0. This License applies to any program ..." / "a
 * notice placed by the copyright holder ..."): a list hangs its lines
 * under the item's text or its number. */
int text_is_numbered_clause(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  int k, first;
  if (u->item != ITEM_NUMBERED || !u->en.digits || u->last == u->first)
    return 0;
  if (u->en.delim == '.' && !u->en.suffix &&
      text_has_run_in_title(unit_text(r, u) + u->marker_len, u->len - u->marker_len))
    return 1; /* "2. Grant of Copyright License. Subject to ..." */
  if (!r->indent_paragraphs)
    return 0;
  first = r->lines[u->first].indent;
  if (first <= r->base_indent)
    return 0;
  for (k = u->first + 1; k <= u->last; k++)
    if (r->lines[k].len > 0 && r->lines[k].indent >= first)
      return 0;
  return 1;
}

/* The numbered-heading rule in context: a section line ("0. Definitions.",
 * "2.1. Grants", "3.2 Methods") that introduces body text at its own
 * indentation (a text indented under the number is an item's text, as in
 * a numbered list of principles), is not followed by the next item of a
 * list of such lines ("1. Open the box." / "2. Check the parts."), and
 * whose number follows the section heading before it at its depth
 * (`seq`, the last number at each depth, -1 when none). Writes the depth. */
int text_is_section_heading(const text_reader *r, int i, const int *seq, int *out_depth)
{
  const text_unit *u = &r->units[i], *n;
  const char *s = unit_text(r, u);
  int depth, last, nd, nl, j;
  size_t off;
  if ((u->first != u->last && !is_wrapped_title(r, u) && u->last != u->number_alone) ||
      u->brk || !text_is_section_line(s, u->len, &depth, &last) || text_is_sign_off(s, u->len) ||
      text_is_furniture_line(s, u->len))
    return 0;
  if (seq[depth] >= 0 && last != seq[depth] + 1)
    return 0; /* out of sequence: "3." after section 7 is an item */
  if (u->first != u->last && u->last != u->number_alone && !follows_section_heading(r, i, depth))
    return 0; /* a wrapped title only among titled sections */
  for (j = i - 1; j > 0 && !r->units[j].item && r->units[j].kind == K_PARAGRAPH &&
                  r->units[j].indent > u->indent + LIST_INDENT_SLACK;
       j--)
    ; /* (past the text hanging under the item before) */
  if (i > 0 && u->item && r->units[j].item && text_same_list_marker(&r->units[j], u) &&
      text_near_indent(r->units[j].indent, u->indent) &&
      (!u->blank_before || r->units[j].kind == K_ITEM))
    return 0; /* the last item of a list ("4. Assemble." after "3.", blank
                 lines between the items or not, text hanging under them
                 or not) */
  j = text_next_text_unit(r, i);
  if (j < 0)
    return 0;
  n = &r->units[j];
  if ((n->indent > u->indent + LIST_INDENT_SLACK && !n->item && !n->blank_before) || n->brk)
    return 0; /* text hanging under the number, right below it: an item's
                 own (set off by a blank line, it is the section's body:
                 "1. Definitions." / blank / indented definitions) */
  if (text_is_section_number(unit_text(r, n), n->len, &nd, &nl, &off) && nd == depth &&
      nl == last + 1 && !n->setext && n->first == n->last &&
      n->chars <= TEXT_HEADING_MAX_CHARS)
    return 0; /* the next item of a list of short numbered lines */
  if (u->item && n->item && text_same_list_marker(u, n) && text_near_indent(u->indent, n->indent))
    return 0; /* the next item of its list ("2a." after "2.") */
  if ((!n->blank_before && text_is_section_number(unit_text(r, n), n->len, &nd, &nl, &off)) ||
      (i > 0 && !u->blank_before &&
       text_is_section_number(unit_text(r, &r->units[i - 1]), r->units[i - 1].len, &nd, &nl,
                              &off)))
    return 0; /* one line of a table of contents, numbered lines in a row */
  if (n->item == ITEM_NUMBERED && !n->en.digits)
    ; /* a lettered list the section opens */
  else if (!n->item && n->shaped && !n->setext &&
           !text_is_section_number(unit_text(r, n), n->len, &nd, &nl, &off))
    return 0; /* another short line: a list or an address, not body */
  *out_depth = depth;
  return 1;
}
