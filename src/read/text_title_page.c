/* text_title_page.c: the plain-text reader's recognisers of a book's
 * opening pages: an edition's notice, a title page centred by hand,
 * flush-right signatures, centred author and ruled lines, the subtitle
 * under a title, and the lines of a title page. */
#include <string.h>

#include "book.h"
#include "text_private.h"

/* Words a signature pushed to the right margin has at most. */
#define FLUSH_RIGHT_SIGNATURE_WORDS 3

/* The flush-right signature rule: one line in capitals of a name's few
 * words (at most FLUSH_RIGHT_SIGNATURE_WORDS, a period after them at
 * most), set apart under a body paragraph and pushed into the right half
 * of the width of a hard-wrapped text, signs the preface or article above
 * it, as a printer sets an author's name under a foreword; so do the
 * author's initials alone (book_is_initials_line), indented at all. A centred
 * heading stands nearer the middle; a chapter line is a heading wherever
 * it is.
 * + "... the countries about which they are written." / "      LYONESSE"
 * + "... has forced itself upon my experience." / "      H.B."
 * - "... the countries about which they are written." / "   THE END OF IT" */
int text_is_flush_right_signature(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  int words;
  if (!r->join || r->wrap_chars <= 0 || i == 0 || u->first != u->last || u->item ||
      !u->blank_before || r->units[i - 1].kind != K_PARAGRAPH || r->units[i - 1].item ||
      u->indent <= r->base_indent || text_is_chapter_line(s, u->len) != TEXT_CHAPTER_NONE)
    return 0;
  if (book_is_initials_line(s, u->len))
    return 1; /* "H.B.", initials alone: anywhere to the right */
  if ((u->indent - r->base_indent) * 2 <= r->wrap_chars || !text_is_all_caps_line(s, u->len))
    return 0;
  words = text_count_words(s, u->len, FLUSH_RIGHT_SIGNATURE_WORDS + 1);
  return words >= 1 && words <= FLUSH_RIGHT_SIGNATURE_WORDS;
}

/* Whether the line ends in a date (text_is_date_line) after a comma:
 * "28 WORCESTER STREET, BOSTON, July 4, 1890", "London, May 1, 1900". */
static int ends_in_date(const char *s, size_t len)
{
  char iso[11];
  size_t k;
  for (k = 0; k + 2 < len; k++)
    if (s[k] == ',' && s[k + 1] == ' ' && text_is_date_line(s + k + 2, len - k - 2, iso) &&
        iso[0])
      return 1;
  return 0;
}

/* The signature-date rule: the place and date a preface or letter was
 * written, one line right under its flush-right signature, belong to the
 * signature, as a printer sets them under the name.
 * + "      H.B." / "    28 WORCESTER STREET, BOSTON, July 4, 1890"
 * + "        J.S." / "_October 1, 1917._"
 * - "      H.B." / "    The house stood at the end of Worcester Street." */
int text_is_signature_date(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  size_t len = u->len;
  char iso[11];
  if (i == 0 || u->first != u->last || u->item || u->chars > TEXT_HEADING_MAX_CHARS ||
      r->units[i - 1].kind != K_BYLINE ||
      strcmp(r->units[i - 1].rule, "flush-right-signature") != 0)
    return 0;
  /* "_October 1, 1917._": in italics, closed by a full stop */
  if (len > 2 && s[0] == '_' && s[len - 1] == '_') {
    s++;
    len -= 2;
  }
  while (len > 0 && (s[len - 1] == '.' || s[len - 1] == '_'))
    len--;
  return (text_is_date_line(s, len, iso) && iso[0]) || ends_in_date(s, len);
}

/* Whether unit i is one line centred by hand (text_is_centred_heading)
 * with a rule right under it: the title on a title page that a document
 * converter set as text. */
int text_is_ruled_centred_line(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  return u->quote && u->first == u->last && i + 1 < r->nunits && r->units[i + 1].brk &&
         text_is_centred_heading(unit_text(r, u), u->len, u->indent - r->base_indent);
}

/* Whether unit i, in the front matter of a book (before its first
 * chapter), is an author block's line set centred: a name over an
 * address in angle brackets ("Debian Publicity Team" /
 * "<publicity@example.org>"), or that address under such a name. */
int text_is_centred_author_line(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  int j;
  if (r->chapter_seen || !u->quote || u->first != u->last)
    return 0;
  if (text_is_address_line(unit_text(r, u), u->len))
    return i > 0 && r->units[i - 1].kind == K_BYLINE &&
           strcmp(r->units[i - 1].rule, "centred-author") == 0;
  j = text_next_text_unit(r, i);
  return j == i + 1 && text_is_name_line(unit_text(r, u), u->len) && r->units[j].quote &&
         r->units[j].first == r->units[j].last &&
         text_is_address_line(unit_text(r, &r->units[j]), r->units[j].len);
}

/* Units a half-title is at most ahead of the title page it goes
 * before (its frontispiece's caption between them). */
#define HALF_TITLE_MAX_UNITS 3

/* Lines a notice's title field may run to, its subtitle wrapped under
 * the title. */
#define NOTICE_SUBTITLE_MAX_LINES 5

/* Whether s names the notice's value v at a word of its own: v's letters
 * and digits, case aside, from one of s's word starts to a word's end
 * ("JULIAN STREET", "TOLD BY HUGH LOFTING    ILLUSTRATED BY THE
 * AUTHOR" name "Julian Street", "Hugh Lofting"). */
static int names_within(const char *s, size_t len, const char *v, size_t vlen)
{
  size_t p = 0;
  while (p < len) {
    if ((p == 0 || s[p - 1] == ' ') && s[p] != ' ' && len - p >= vlen / 2 &&
        book_names_title(s + p, len - p, v, vlen) && book_names_title(v, vlen, s + p, len - p) &&
        text_count_words(s + p, len - p, 64) >= text_count_words(v, vlen, 64))
      return 1;
    p++;
  }
  return 0;
}

/* The notice's-fields rule: on a title page after an edition's notice,
 * a line that repeats the title field's further lines (the subtitle the
 * notice wraps under the title) is the subtitle, and a line that names a
 * person of the notice's Author, Illustrator, Translator or Editor field
 * is a byline. Returns K_SUBTITLE, K_BYLINE_TOP or K_PARAGRAPH (neither).
 * + "Title: American Adventures" / "       A Second Trip 'Abroad at home'"
 *   and on the page "A SECOND TRIP \"ABROAD AT HOME\" BY" (subtitle)
 * + "Author: Julian Street" and on the page "JULIAN STREET" (byline)
 * - "NEW YORK" (the imprint names neither) */
unit_kind text_notice_field_line(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  int k;
  if (r->title_page < 0 || i <= r->title_page || u->last - u->first >= NOTICE_SUBTITLE_MAX_LINES ||
      u->item || u->brk)
    return K_PARAGRAPH;
  if (r->notice_sub_len &&
      book_names_title(s, u->len, r->norm.ptr + r->notice_sub_off, r->notice_sub_len))
    return K_SUBTITLE;
  for (k = 0; k < r->notice_people; k++)
    if (names_within(s, u->len, r->norm.ptr + r->notice_people_off[k],
                     r->notice_people_len[k]))
      return K_BYLINE_TOP;
  return K_PARAGRAPH;
}

/* Units an electronic edition's notice is looked for in. */
#define NOTICE_MAX_UNITS 40
/* Field lines that make the units before a marker line a notice. */
#define NOTICE_MIN_FIELDS 2

/* An electronic edition's notice before the book (as Project Gutenberg
 * sets one): within the first NOTICE_MAX_UNITS units, a marker line
 * framed by asterisks ("*** START OF ... ***") with field lines
 * ("Title: ...", "Author: ...") before it. The notice and the marker are
 * body paragraphs, one a field, and its first line is no headline. The
 * book's title page follows, maybe after a credit ("Produced by ..."):
 * its title is the first unit after the marker that names the notice's
 * first field, the title (book_names_title). Returns whether there is a
 * notice; sets the units up to the title page as paragraphs (but for a
 * frontispiece's "[Illustration: ...]", a caption), and
 * *out_start and r->title_page to the title's unit (-1 if none names
 * it within HEADER_MAX_UNITS). */
int text_edition_notice(text_reader *r, int *out_start)
{
  int i, marker = -1, fields = 0, first_field = -1, t = -1, half = -1;
  *out_start = 0;
  r->title_page = -1;
  r->half_title = -1;
  for (i = 0; i < r->nunits && i < NOTICE_MAX_UNITS; i++) {
    const text_unit *u = &r->units[i];
    const char *s = unit_text(r, u);
    if (book_is_field_line(s, u->len)) {
      fields++;
      if (first_field < 0)
        first_field = i;
    }
    if (u->last - u->first <= 1 && book_is_edition_marker(s, u->len)) {
      marker = i;
      break;
    }
  }
  if (marker < 0 || fields < NOTICE_MIN_FIELDS)
    return 0;
  for (i = first_field; i < marker; i++) {
    /* "Author: NAME" names the book's authors */
    const text_unit *u = &r->units[i];
    size_t off, nl;
    const char *s = line_text(r, &r->lines[u->first]);
    if (!r->notice_author_len && text_is_byline(s, r->lines[u->first].len, &off, &nl)) {
      r->notice_author_off = (size_t)(s + off - r->clean.ptr);
      r->notice_author_unit = i;
      r->notice_author_len = nl;
    }
  }
  r->notice_people = 0;
  for (i = first_field; i < marker && r->notice_people < NOTICE_PEOPLE_MAX; i++) {
    /* the people the notice names: their names on the title page are
     * its bylines (text_notice_field_line) */
    static const char *const keys[] = {"Author: ", "Illustrator: ", "Translator: ",
                                       "Editor: "};
    const text_unit *u = &r->units[i];
    const char *s = unit_text(r, u);
    size_t k, kl;
    for (k = 0; k < sizeof keys / sizeof *keys; k++) {
      kl = strlen(keys[k]);
      if (u->first == u->last && u->len > kl && memcmp(s, keys[k], kl) == 0) {
        r->notice_people_off[r->notice_people] = u->off + kl;
        r->notice_people_len[r->notice_people] = u->len - kl;
        r->notice_people++;
        break;
      }
    }
  }
  {
    const text_unit *f = &r->units[first_field];
    const char *colon = (const char *)memchr(unit_text(r, f), ':', f->len);
    size_t value = colon ? (size_t)(colon - unit_text(r, f)) + 2 : f->len;
    const char *v;
    size_t vl;
    if (value > f->len)
      value = f->len; /* the colon ends the field: no value */
    v = unit_text(r, f) + value;
    vl = f->len - value;
    r->notice_title_off = (size_t)(v - r->norm.ptr);
    /* the title is the value on the field's first line (none when the
     * colon ends that line and the value starts on the next) */
    r->notice_title_len =
        r->lines[f->first].len > value ? r->lines[f->first].len - value : 0;
    while (r->notice_title_len > 0 && v[r->notice_title_len - 1] == ' ')
      r->notice_title_len--;
    r->notice_sub_len = 0;
    if (f->last > f->first && f->last - f->first < NOTICE_SUBTITLE_MAX_LINES) {
      /* "Title: American Adventures" / "       A Second Trip ..." */
      size_t at = r->notice_title_off + r->notice_title_len;
      while (at < f->off + f->len && r->norm.ptr[at] == ' ')
        at++;
      r->notice_sub_off = at;
      r->notice_sub_len = f->off + f->len - at;
    }
    for (i = marker + 1; i < r->nunits && i <= marker + HEADER_MAX_UNITS; i++) {
      const text_unit *u = &r->units[i];
      if (u->item)
        break;
      if (u->brk)
        continue; /* a rule between a frontispiece and the title page */
      if (book_names_title(unit_text(r, u), u->len, v, vl)) {
        t = i;
        break;
      }
    }
    /* the half-title rule: a book may print its name alone before the
     * frontispiece, the title page after it; the line naming the book
     * again past a picture's caption is the title page, the first its
     * half-title (text_classify sets it as a heading)
     * + "_THE STORY OF DOCTOR DOLITTLE_" / "[Illustration: ...]" /
     *   "THE" / "_Story of_" / "DOCTOR DOLITTLE" */
    if (t >= 0) {
      int pictured = 0;
      for (i = t + 1; i < r->nunits && i <= t + HALF_TITLE_MAX_UNITS; i++) {
        const text_unit *u = &r->units[i];
        size_t co, cl;
        if (u->item)
          break;
        if (u->brk)
          continue;
        if (text_illustration_caption(unit_text(r, u), u->len, &co, &cl)) {
          pictured = 1;
          continue;
        }
        if (pictured && book_names_title(unit_text(r, u), u->len, v, vl)) {
          half = t;
          t = i;
        }
        break;
      }
    }
  }
  for (i = 0; i < (t >= 0 ? t : marker + 1); i++) {
    size_t co, cl;
    if (i > marker && (i == half || r->units[i].brk ||
                       text_illustration_caption(unit_text(r, &r->units[i]), r->units[i].len,
                                                 &co, &cl)))
      continue; /* a frontispiece before the title page: its caption
                   (text_classify), a rule after it, a half-title */
    set_header(&r->units[i], K_PARAGRAPH, i <= marker ? "edition-notice" : "edition-credit");
  }
  r->title_page = t;
  r->half_title = half;
  *out_start = t;
  return 1;
}

/* The subtitle-under-title rule: the line set directly under a one-line
 * title, no blank line between them (or one, see below), alone and heading-shaped (no
 * sentence), and set off from the text below by a blank line (or centred
 * with the title's lines) is the title's second line, its subtitle: "GNU
 * GENERAL PUBLIC LICENSE" / "Version 3, 29 June 2007". A sentence under
 * the title is its lede, an underlined title stands alone, and a line
 * that runs on into the text is the first heading of the text. */
int text_is_subtitle_under_title(const text_reader *r, int title, int i)
{
  const text_unit *t, *u = &r->units[i];
  int gap;
  if (title < 0 || i != title + 1 || i + 1 >= r->nunits || u->first != u->last || u->setext)
    return 0;
  t = &r->units[title];
  /* one blank line may part them when the line names the title's version
   * by number ("Example Public Licence" / "" / "EPL 2.0 International"):
   * a section heading carries its number at its start, if any */
  gap = u->blank_before && text_has_version_number(unit_text(r, u), u->len) ? 2 : 1;
  if (t->first != t->last || t->setext || u->first != t->last + gap ||
      !text_is_heading_shaped(unit_text(r, u), u->len))
    return 0;
  return r->units[i + 1].blank_before || text_in_centred_group(r, i);
}

/* Whether unit i opens a block of field lines: a "Key: value" line
 * (book_is_field_line) with another directly under it, no blank line
 * between ("From: ..." / "To: ...", "Title: ..." / "Author: ..."). A
 * mail's or a notice's header, not a headline, however short.
 *   accepts: "From: Jan <jan@example.org>" over "To: list@example.org"
 *   rejects: "Astana: a city of glass" over a blank line and its lede */
int text_opens_field_block(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *v;
  if (i + 1 >= r->nunits || u->first != u->last ||
      !book_is_field_line(unit_text(r, u), u->len))
    return 0;
  v = &r->units[i + 1];
  return v->first == u->last + 1 &&
         book_is_field_line(line_text(r, &r->lines[v->first]), r->lines[v->first].len);
}

/* Columns two centred lines' middles may differ by, doubled, on a title
 * page centred by hand (its lines far apart, typed one by one). */
#define TITLE_PAGE_SLACK_HALF_COLUMNS 4

/* Whether line k is set as a title page's line centred by hand is: far
 * beyond the body's margin (TEXT_CENTRED_MIN_INDENT) and short. */
static int is_centred_page_line(const text_reader *r, int k)
{
  const text_line *l = &r->lines[k];
  return l->len > 0 && l->indent >= r->base_indent + TEXT_CENTRED_MIN_INDENT &&
         l->chars <= TEXT_HEADING_MAX_CHARS;
}

/* The centred-title-page rule: a text that opens (or whose header opens,
 * after an editor's note and the like) with a title page set as text, its
 * lines each centred by hand (is_centred_page_line, the middles of all in
 * one column), blank lines between them, at least two units, and text
 * set flush after them. Its first line is the title, the
 * rest the title page's lines (subtitle, byline, the imprint), not a
 * quotation. Only a title page that the header area would not read line
 * by line (its lines apart, or after other text) is looked for, and only
 * when the text opens with no headline. Returns the title's unit and
 * writes the page's last unit, or -1.
 * + "            THE SILVER ROAD" / "" / "        A Tale of the Mountains" /
 *   "" / "  ... text set flush"
 * - "    An indented quotation of one line," / "" / "    and another." */
int text_centred_title_page(const text_reader *r, int *out_end)
{
  int t, k, mid;
  if (r->nunits == 0 || (!r->units[0].quote && text_is_title_line(r, 0)))
    return -1; /* a headline at the top: the title is that */
  for (t = 0; t < r->nunits && t < HEADER_MAX_UNITS; t++) {
    const text_unit *u = &r->units[t];
    if (u->first != u->last || !is_centred_page_line(r, u->first) || u->item ||
        u->terminal)
      continue;
    if (t == 0 && text_in_centred_group(r, t))
      return -1; /* read line by line by the header area */
    mid = 2 * r->lines[u->first].indent + r->lines[u->first].chars;
    for (k = t + 1; k < r->nunits; k++) {
      const text_unit *v = &r->units[k];
      int line;
      if (v->item || v->brk || v->literal)
        break;
      for (line = v->first; line <= v->last; line++) {
        int m = 2 * r->lines[line].indent + r->lines[line].chars;
        if (r->lines[line].len > 0 &&
            (!is_centred_page_line(r, line) || m - mid > TITLE_PAGE_SLACK_HALF_COLUMNS ||
             mid - m > TITLE_PAGE_SLACK_HALF_COLUMNS))
          break;
      }
      if (line <= v->last)
        break; /* (a unit of several lines: the imprint, each line centred) */
    }
    if (k - t < 2 || (k < r->nunits && r->units[k].quote))
      return -1;
    *out_end = k - 1;
    return t;
  }
  return -1;
}

/* Lines a unit of a title page has at most (a subtitle, a notice of
 * rights wrapped onto a second line). */
#define TITLE_PAGE_UNIT_LINES 4

/* The title-page-line rule: after an edition's notice, the book's title
 * page and the pages behind it (imprint, copyright, dedication) run to
 * the first heading; set as text they are often indented as a whole. An
 * indented unit there of a few short lines (TITLE_PAGE_UNIT_LINES, none
 * longer than a heading) is one of the page's lines, not a quotation.
 * + (after the notice) "    _Published by ... NEW YORK._" / "    _A.D. 1920_"
 * - (after the notice) a quotation of long wrapped lines, or any indented
 *   text after the first heading */
int text_is_title_page_line(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  int k;
  if (u->last - u->first >= TITLE_PAGE_UNIT_LINES || u->item)
    return 0;
  for (k = u->first; k <= u->last; k++)
    if (r->lines[k].chars > TEXT_HEADING_MAX_CHARS)
      return 0;
  return 1;
}

/* Lines a table of a title page's reverse has at most. */
#define TITLE_PAGE_TABLE_LINES 40

/* Whether line k has a run of at least two spaces between its words: a
 * column's gap ("First Printing,     Aug.   24, 1920"). */
static int has_column_gap(const text_reader *r, int k)
{
  const text_line *l = &r->lines[k];
  const char *t = line_text(r, l);
  size_t i = 0, end = l->len;
  while (i < end && (t[i] == ' ' || t[i] == '\t'))
    i++;
  while (end > i && (t[end - 1] == ' ' || t[end - 1] == '\t'))
    end--;
  for (; i + 1 < end; i++)
    if ((t[i] == ' ' && t[i + 1] == ' ') || t[i] == '\t')
      return 1;
  return 0;
}

/* The title-page-table rule: on the reverse of a book's title page, an
 * indented unit of three or more short lines, each with a column's gap
 * between its words, is a table typed in columns (the printings of an
 * edition, each with its date): its lines are lines of the page, each
 * set on its own, not a quotation run together.
 * + "    First Printing,     Aug.   24, 1920" / "    Second Printing,
 *   Dec.   17, 1920" / ...
 * - "    _BEING THE" / "    HISTORY OF HIS PECULIAR LIFE" (no columns) */
int text_is_title_page_table(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  int k;
  if (u->last - u->first < 2 || u->last - u->first >= TITLE_PAGE_TABLE_LINES || u->item)
    return 0;
  for (k = u->first; k <= u->last; k++)
    if (r->lines[k].chars > TEXT_HEADING_MAX_CHARS || !has_column_gap(r, k))
      return 0;
  return 1;
}

/* The title-page-volume rule: on a book's title page, a line naming a
 * volume ("VOLUME ONE", "Vol. II") says which volume of the work this
 * book is, as the line under the title of a printed title page does,
 * when no other line of the book names a volume: a book holding several
 * volumes heads each of them, and then the line is the first volume's
 * heading.
 * + (title page) "LEGEND LAND" / ... / "VOLUME ONE" / "_Published in
 *   1922 by_" (no other volume line)
 * - (title page) "VOLUME I" / ... later "VOLUME II" */
int text_is_title_page_volume(const text_reader *r, int i)
{
  int k;
  if (r->units[i].chapter != TEXT_CHAPTER_VOLUME || r->units[i].first != r->units[i].last)
    return 0;
  for (k = 0; k < r->nunits; k++)
    if (k != i && r->units[k].chapter == TEXT_CHAPTER_VOLUME)
      return 0;
  return 1;
}

/* Whether unit i is one short line in capitals (book_has_no_lower) right
 * under the one-line unit before it, no blank line between. */
static int caps_line_under(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *p;
  if (i < 1 || i >= r->nunits || u->first != u->last || u->blank_before || u->item ||
      u->chars > TEXT_HEADING_MAX_CHARS)
    return 0;
  p = &r->units[i - 1];
  return p->first == p->last && p->last + 1 == u->first && !p->item &&
         book_has_no_lower(unit_text(r, u), u->len) &&
         text_is_chapter_line(unit_text(r, u), u->len) == TEXT_CHAPTER_NONE;
}

/* The title-page-group rule: on the pages behind a book's title page
 * (on_title_page: after the title block, before the first heading), a
 * short line with lines in capitals right under it, no blank line
 * between, is one statement set line by line: the publisher's imprint,
 * a copyright notice, a dedication. The lines are one paragraph, not a
 * heading each. Lines in lower case under it (verse, an epigraph) are
 * not drawn in. Returns 1 for the group's first line, 2 for a line that
 * continues the group of the unit before it, 0 otherwise.
 * + "NEW YORK" / "THE CENTURY CO." / "1917"
 * + "Copyright, 1917, by" / "THE CENTURY CO."
 * - "Whose woods these are I think I know." / "His house is in the
 *   village though;" */
int text_title_page_group(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  if (i > 0 && caps_line_under(r, i) &&
      (strcmp(r->units[i - 1].rule, "title-page-group") == 0 ||
       strcmp(r->units[i - 1].rule, "title-page-group-line") == 0))
    return 2;
  if (u->first != u->last || u->item || u->quote || u->chars > TEXT_HEADING_MAX_CHARS ||
      text_is_chapter_line(unit_text(r, u), u->len) != TEXT_CHAPTER_NONE ||
      book_is_contents_title(unit_text(r, u), u->len) ||
      book_is_unnumbered_division(unit_text(r, u), u->len))
    return 0;
  return caps_line_under(r, i + 1);
}

/* The title-page-caps-line rule: on the pages behind a book's title page
 * (on_title_page), a line in capitals with no body text under it (the
 * next block is another short line or a heading) is one of those pages'
 * lines (a dedicatee's name, a motto), not a heading over nothing. A
 * chapter line, a named division or a contents title is still a heading,
 * and so is a line over a chapter or numeral line ("ADVENTURE I. A
 * SCANDAL IN BOHEMIA" / "I.") or over an indented block.
 * + "TO MY AUNT AND SECOND MOTHER" / "JULIA ROSS LOW" / "FOREWORD"
 * - "THE FIRST TALE" / "The boats came in late that evening, ..." */
int text_is_title_page_caps_line(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *v;
  int j;
  const char *s = unit_text(r, u);
  if (u->first != u->last || u->item || u->quote || !text_is_all_caps_line(s, u->len) ||
      text_is_chapter_line(s, u->len) != TEXT_CHAPTER_NONE ||
      book_is_contents_title(s, u->len) || book_is_pictures_title(s, u->len) ||
      book_is_unnumbered_division(s, u->len))
    return 0;
  j = text_next_text_unit(r, i);
  if (j < 0)
    return 0;
  v = &r->units[j];
  return v->first == v->last && !v->item && !v->quote && !v->chapter && !v->roman &&
         v->chars <= TEXT_HEADING_MAX_CHARS && !text_is_body_after(r, i, j);
}
