/* text_units.c: the plain-text reader's units pass: lines grouped into
 * units, each a candidate block, with their text normalised
 * (text_build_units), then the features every later rule reads
 * measured once (text_measure_units). */
#include <string.h>

#include "../util/alloc.h"
#include "../util/utf8.h"
#include "book.h"
#include "credit.h"
#include "text_private.h"

/* In wrapped text, a line shorter than this share (in percent) of the
 * typical full line ends its paragraph even without a blank line. */
#define SHORT_LINE_PERCENT 60

/* Appends line l's text to norm, runs of spaces and tabs made one. */
static void put_normalised(text_reader *r, const text_line *l)
{
  const char *s = line_text(r, l);
  char *out;
  size_t i;
  int in_space = 0;
  /* every run of spaces and tabs becomes one space: never longer */
  galley_buf_grow(&r->norm, l->len);
  out = r->norm.ptr + r->norm.len;
  for (i = 0; i < l->len; i++) {
    char c = s[i];
    if (c == ' ' || c == '\t') {
      if (!in_space)
        *out++ = ' ';
      in_space = 1;
    } else {
      *out++ = c;
      in_space = 0;
    }
  }
  r->norm.len = (size_t)(out - r->norm.ptr);
  r->norm.ptr[r->norm.len] = '\0';
}

static text_unit *new_unit(text_reader *r, int first, int blank_before)
{
  text_unit *u;
  if (r->nunits == r->units_cap) {
    r->units_cap = r->units_cap ? r->units_cap * 2 : 128;
    r->units = galley_xreallocarray(r->units, (size_t)r->units_cap, sizeof *r->units);
  }
  u = &r->units[r->nunits++];
  memset(u, 0, sizeof *u);
  u->first = u->last = first;
  u->line = line_number(first);
  u->indent = r->lines[first].indent;
  u->blank_before = blank_before;
  u->off = r->norm.len;
  put_normalised(r, &r->lines[first]);
  return u;
}

static void extend_unit(text_reader *r, text_unit *u, int i)
{
  galley_buf_putc(&r->norm, ' ');
  put_normalised(r, &r->lines[i]);
  u->last = i;
  if (r->lines[i].indent < u->indent)
    u->indent = r->lines[i].indent;
}

/* A contents list ends at a gap of blank lines wider than
 * LIST_GAP_FACTOR times the widest between its entries (and at least
 * LIST_GAP_MIN lines), once it has LIST_GAP_ENTRIES entries: a line set
 * that far below it starts the text (the half-title "DUBLINERS" five
 * lines under a list spaced by one). */
#define LIST_GAP_FACTOR 2
#define LIST_GAP_MIN 3
#define LIST_GAP_ENTRIES 3

/* reStructuredText's literal block: a paragraph ending in "::", a blank
 * line, then lines indented deeper than that paragraph, blank lines
 * among them, up to the first line indented no deeper. The block is
 * code (program text, a shell session) and keeps its lines. Returns the
 * block's last line when line i, after a blank line, opens one; else -1.
 *   "the ``RoutesMiddleware`` as Pylons does::" / "" / "    app = ..."
 *   "The text reads as follows:" / "" / "    Dear Sir, ..." (a quotation) */
static int literal_block_end(const text_reader *r, int i)
{
  const text_line *p;
  const text_unit *u;
  int k, end = i;
  if (r->nunits == 0 || i == 0 || r->lines[i - 1].len != 0)
    return -1;
  u = &r->units[r->nunits - 1];
  p = &r->lines[u->last];
  if (p->len < 2 || u->last >= i || memcmp(line_text(r, p) + p->len - 2, "::", 2) != 0 ||
      r->lines[i].indent <= u->indent)
    return -1;
  for (k = i + 1; k < r->nlines; k++) {
    if (r->lines[k].len == 0)
      continue;
    if (r->lines[k].indent <= u->indent)
      break;
    end = k;
  }
  return end;
}

/* Whether line i is a section number alone ("1.", "2.1.",
 * text_is_lone_section_number) whose text stands on the next line, right
 * below or after one blank line: that line's index, else 0. The text is
 * a line of words, not another number, a break or a framed heading; a
 * page number has no period and is no section number.
 * + "1." / "Definitions"
 * - "1." / "2." (a column of numbers, its last number included) */
static int number_text_line(const text_reader *r, int i)
{
  const text_line *l = &r->lines[i];
  int j = i + 1;
  if (!text_is_lone_section_number(line_text(r, l), l->len) ||
      (i > r->body && text_is_lone_section_number(line_text(r, &r->lines[i - 1]),
                                                  r->lines[i - 1].len)))
    return 0; /* (the last of a column of numbers) */
  if (j < r->nlines && r->lines[j].len == 0)
    j++;
  if (j >= r->nlines || r->lines[j].len == 0 || r->lines[j].framed ||
      r->lines[j].indent + LIST_INDENT_SLACK < l->indent)
    return 0;
  {
    const text_line *t = &r->lines[j];
    const char *s = line_text(r, t);
    size_t ml;
    int num;
    if (text_is_lone_section_number(s, t->len) || text_is_thematic_break(s, t->len) ||
        text_line_numbered_item(r, j, &ml, &num) || !text_starts_like_heading(s, t->len))
      return 0;
  }
  return j;
}

static int ends_list_by_gap(int gap, int widest, int entries)
{
  return entries >= LIST_GAP_ENTRIES && gap >= LIST_GAP_MIN && gap > LIST_GAP_FACTOR * widest;
}

/* A picture's entry in a list of pictures is at most this many lines (a
 * title wrapped twice, an artist's line under it). */
#define PICTURE_ENTRY_MAX_LINES 4

/* The list-of-pictures rule: under its title ("LIST OF ILLUSTRATIONS",
 * book_is_pictures_title), a list of pictures gives each picture one
 * entry, however its title is wrapped: an entry ends with its page (a
 * page number or "Frontispiece", book_ends_with_plate_page), or where a
 * blank line follows it when the list gives no pages; a line right
 * under an entry that has not ended carries it on ("Multnomah Falls in
 * earlier years." / "      Redrawn by Walter C. Greenough"). The
 * column's head ("PAGE", "FACING PAGE") is a line of its own, no entry.
 * The list ends at a gap of blank lines wider than any between its
 * entries (two at least), at a chapter line or a contents title, or at
 * a line that is no entry (a sentence in lower case, a block longer than
 * PICTURE_ENTRY_MAX_LINES lines, a block without a page that ends as a
 * sentence does). With commit 0 it only counts; with 1
 * it makes the units (the title's, the heads' and the entries').
 * Returns the number of entries and writes the first line after the
 * list to *out_next and whether blank lines precede it to *out_blank.
 *   "LIST OF ILLUSTRATIONS" / "" / "Charleston is ... American upper
 *   class;" / "... according to the best traditions  _Frontispiece_"
 *   (one entry) / "" / "Mount Vernon Place ...  32" */
static int picture_list(text_reader *r, int i, int blank, int commit, int *out_next,
                        int *out_blank)
{
  text_unit *cur = NULL;
  int k = i + 1, entries = 0, widest = 0, open = 0, gap = 0;
  if (commit)
    new_unit(r, i, blank);
  while (k < r->nlines) {
    const text_line *l;
    const char *s;
    for (gap = 0; k < r->nlines && r->lines[k].len == 0; k++)
      gap++;
    if (k >= r->nlines)
      break;
    l = &r->lines[k];
    s = line_text(r, l);
    if (entries > 0 && gap >= 2 && gap > widest)
      break;
    if (text_is_chapter_line(s, l->len) != TEXT_CHAPTER_NONE ||
        book_is_contents_title(s, l->len) || book_is_pictures_title(s, l->len) ||
        entries >= BOOK_CONTENTS_MAX_ENTRIES)
      break;
    if (book_is_page_column_head(s, l->len)) {
      if (commit)
        new_unit(r, k, gap > 0 || k == i + 1)->column_head = 1;
      cur = NULL;
      open = 0;
      k++;
      continue;
    }
    if (gap == 0 && open && cur && cur->last - cur->first + 1 < PICTURE_ENTRY_MAX_LINES) {
      extend_unit(r, cur, k);
      open = !book_ends_with_plate_page(s, l->len);
      k++;
      continue;
    }
    if (text_starts_lowercase(s, l->len) || l->chars > BOOK_ENTRY_MAX_CHARS + 10)
      break;
    {
      int m = k, end;
      /* the entry's lines, to its page or its blank line */
      for (end = k; end < r->nlines && r->lines[end].len > 0 && end - k < PICTURE_ENTRY_MAX_LINES;
           end++)
        if (book_ends_with_plate_page(line_text(r, &r->lines[end]), r->lines[end].len))
          break;
      if (end < r->nlines && r->lines[end].len > 0 && end - k >= PICTURE_ENTRY_MAX_LINES)
        break; /* a paragraph, not an entry */
      if ((end >= r->nlines || r->lines[end].len == 0) &&
          text_has_terminal_punctuation(line_text(r, &r->lines[end - 1]), r->lines[end - 1].len))
        break; /* no page, and a sentence's end: a paragraph */
      if (entries > 0 && gap > widest)
        widest = gap;
      entries++;
      if (commit) {
        cur = new_unit(r, m, gap > 0);
        cur->item = ITEM_CONTENTS;
      }
      open = !book_ends_with_plate_page(s, l->len);
      if (!commit) {
        /* skip the entry's further lines */
        while (open && k + 1 < r->nlines && r->lines[k + 1].len > 0 &&
               !book_is_page_column_head(line_text(r, &r->lines[k + 1]), r->lines[k + 1].len)) {
          k++;
          open = !book_ends_with_plate_page(line_text(r, &r->lines[k]), r->lines[k].len);
        }
      }
      k++;
    }
  }
  *out_next = k;
  *out_blank = gap > 0;
  return entries;
}

/* Longest line, in characters, of verse set off in a text of one
 * paragraph per line: a paragraph's line is longer. */
#define VERSE_LINE_CHARS 72

/* Whether lines a..b (one unit so far) are lines of such verse: every one
 * indented as a quotation, as far as line a, and short. */
static int lines_are_verse(const text_reader *r, int a, int b)
{
  int k;
  for (k = a; k <= b; k++) {
    const text_line *l = &r->lines[k];
    if (l->len == 0 || !text_is_quote_indent(r, l->indent) ||
        l->indent != r->lines[a].indent || l->chars > VERSE_LINE_CHARS)
      return 0;
  }
  return 1;
}

/* Lines a transcriber's picture marker may span, blank lines included
 * (a map's legend transcribed inside it). */
#define MARKER_MAX_LINES 40

/* Whether line i opens "[Illustration:" (Project Gutenberg's marker for a
 * picture, text_illustration_caption) without closing it, and blank
 * lines come before the line that does: returns that line, else -1.
 * Within one paragraph the marker's lines join as any wrapped text does. */
static int open_marker_end(const text_reader *r, int i)
{
  static const char marker[] = TEXT_ILLUSTRATION_MARKER;
  const text_line *l = &r->lines[i];
  const char *s = line_text(r, l);
  int k, blanks = 0;
  if (l->len < sizeof marker - 1 || memcmp(s, marker, sizeof marker - 1) != 0 ||
      memchr(s, ']', l->len))
    return -1;
  for (k = i + 1; k < r->nlines && k - i <= MARKER_MAX_LINES; k++) {
    const text_line *m = &r->lines[k];
    const char *t = line_text(r, m);
    if (m->len == 0) {
      blanks++;
      continue;
    }
    if (memchr(t, '[', m->len))
      return -1;
    if (memchr(t, ']', m->len))
      return blanks > 0 && t[m->len - 1] == ']' ? k : -1;
  }
  return -1;
}

/* Whether line p ends in a word broken at a hyphen that line l goes on
 * with: a letter and "-" over a letter ("after-" / "noon", "Kassym-" /
 * "Jomart"). A paragraph does not end there. */
static int word_broken_across(const text_reader *r, const text_line *p, const text_line *l)
{
  const char *ps = line_text(r, p);
  int32_t before, after;
  if (p->len < 2 || ps[p->len - 1] != '-' || l->len == 0)
    return 0;
  text_prev_cp(ps, p->len - 1, &before);
  text_next_cp(line_text(r, l), l->len, 0, &after);
  return galley_utf8_is_letter(before) && galley_utf8_is_letter(after);
}

/* A headline under which a dateline may start the lede in text wrapped
 * without blank lines is among the document's first units (a date line,
 * a kicker, the headline). */
#define DATELINE_HEADER_UNITS 3

/* A headline's shape: capitalised, no closing punctuation, a title's
 * words at most (longer than a heading may be). */
static int is_headline_shaped(const char *s, size_t len)
{
  return text_starts_like_heading(s, len) && !text_has_terminal_punctuation(s, len) &&
         text_count_words(s, len, TEXT_TITLE_MAX_WORDS) <= TEXT_TITLE_MAX_WORDS;
}

/* Whether s opens a sentence: a capital, a digit or an opening quote or
 * dash. */
static int starts_sentence(const char *s, size_t len)
{
  int32_t cp;
  if (len == 0)
    return 0;
  text_next_cp(s, len, 0, &cp);
  return galley_utf8_is_upper(cp) || (cp >= '0' && cp <= '9') || text_is_opening_quote(cp) ||
         galley_utf8_is_dash(cp);
}

/* Whether line p ends a sentence or a clause: terminal punctuation, not
 * a comma or semicolon, which leave it open ("... useful," / "but
 * WITHOUT ..."). */
static int ends_clause(const text_reader *r, const text_line *p)
{
  return text_has_terminal_punctuation(line_text(r, p), p->len) &&
         !text_last_byte_is(r, p, ',') && !text_last_byte_is(r, p, ';');
}

/* Whether lines first..last all have a heading's shape: a headline,
 * perhaps wrapped, rather than running text that happens to end in a
 * line without punctuation ("... of cooperation," / "Head of the OSCE
 * Programme Office in Astana, Ambassador Alexey" / "Rogov reflected"). */
static int lines_heading_shaped(const text_reader *r, int first, int last)
{
  int k;
  for (k = first; k <= last; k++)
    if (!text_is_heading_shaped(line_text(r, &r->lines[k]), r->lines[k].len))
      return 0;
  return 1;
}

/* Blank lines per hundred text lines below which a wrapped text sets
 * its paragraphs apart by nothing but where their lines end. */
#define DENSE_BLANK_PERCENT 5

/* Short lines ending a sentence, under each of which another sentence
 * starts, that a wrapped text with blank lines of its own (between pages
 * or pictures) needs before it counts as setting paragraphs apart by line
 * ends: at least this many, and twice as many as those under which a
 * blank line follows. */
#define DENSE_SHORT_ENDS_MIN 3

/* Whether the text is hard-wrapped with (almost) no blank lines: its
 * paragraphs end where a line ends a sentence short of the measure.
 * Text copied out of a PDF has a blank line at each page or picture and
 * none between paragraphs: there the short lines that end a sentence are
 * followed by the next sentence far more often than by a blank line. */
static int wrapped_without_blanks(const text_reader *r, int short_limit)
{
  int k, blank = 0, text = 0, in_text = 0, at_blank = 0;
  if (!r->join || r->indent_paragraphs)
    return 0;
  for (k = r->body; k < r->nlines; k++) {
    const text_line *l = &r->lines[k];
    if (l->len == 0) {
      blank++;
      continue;
    }
    text++;
    if (k + 1 >= r->nlines || !ends_clause(r, l))
      continue;
    if (r->lines[k + 1].len == 0)
      at_blank++;
    else if (starts_sentence(line_text(r, &r->lines[k + 1]), r->lines[k + 1].len) &&
             (l->chars < short_limit || text_word_fits_measure(r, k + 1)))
      in_text++;
  }
  return text > 0 && (blank * 100 < text * DENSE_BLANK_PERCENT ||
                      (in_text >= DENSE_SHORT_ENDS_MIN && in_text >= 2 * at_blank));
}

/* Whether a photo's credit ends line k, alone or after a caption, its
 * name perhaps begun on the line before ("... Photo credit: Fatima
 * Kemelova/ The Astana" / "Times"). `starts`: the labels' first
 * characters, made once for the document. */
static int credit_ends_line(const text_reader *r, int k, const text_credit_starts *starts)
{
  galley_buf b = GALLEY_BUF_INIT;
  galley_credit c;
  int found;
  if (k > r->body && r->lines[k - 1].len > 0) {
    galley_buf_put(&b, line_text(r, &r->lines[k - 1]), r->lines[k - 1].len);
    galley_buf_putc(&b, ' ');
  }
  galley_buf_put(&b, line_text(r, &r->lines[k]), r->lines[k].len);
  found = galley_credit_find_from(b.ptr, b.len, 0, starts, &c);
  galley_buf_free(&b);
  return found;
}

void text_build_units(text_reader *r)
{
  int i, blank = 1;
  text_unit *cur = NULL;
  int short_limit = r->wrap_chars * SHORT_LINE_PERCENT / 100;
  int dense = r->dense = wrapped_without_blanks(r, short_limit);
  text_credit_starts credit_starts;
  int toc_first = -1, toc_entries = 0; /* the contents list being read */
  int toc_paged = 0;                    /* its entries end in page numbers */
  int paged;
  int toc_numbered = 0;                 /* its entries start with numerals */
  int toc_gap = 0;                      /* most blank lines between its entries */
  int end;
  text_lang_credit_starts(&credit_starts); /* once for the document */
  for (i = r->body; i < r->nlines; i++) {
    const text_line *l = &r->lines[i];
    const char *s = line_text(r, l);
    int opens_item, q, notice;
    size_t dl;
    if (l->len == 0) {
      blank = 1;
      cur = NULL;
      continue;
    }
    if (toc_first < 0 && blank && (end = literal_block_end(r, i)) >= i) {
      cur = new_unit(r, i, blank);
      while (i < end)
        if (r->lines[++i].len > 0)
          extend_unit(r, cur, i); /* blank lines are the block's too */
      cur->literal = 1;
      cur = NULL;
      blank = 0;
      continue;
    }
    if (toc_first < 0 && blank && (end = open_marker_end(r, i)) > i) {
      /* "[Illustration:" / "" / "G.W.R: The Line to Legend Land" / ... /
       * "Vol. One Front End]": one marker, blank lines and all */
      cur = new_unit(r, i, blank);
      while (i < end)
        if (r->lines[++i].len > 0)
          extend_unit(r, cur, i);
      cur = NULL;
      blank = 0;
      continue;
    }
    if (toc_first >= 0) {
      /* a contents list: one entry a line, until the first entry comes
       * again as a heading, or a line that is no entry */
      const text_line *f = &r->lines[toc_first];
      int gap = text_blank_lines_before(r, i);
      if (toc_entries > 0 && toc_entries < BOOK_CONTENTS_MAX_ENTRIES &&
          !ends_list_by_gap(gap, toc_gap, toc_entries) &&
          book_is_contents_entry(s, l->len) && !book_is_pictures_title(s, l->len) &&
          (!toc_paged || book_has_page_number(s, l->len)) &&
          (!toc_numbered || (!blank && book_leading_roman_value(s, l->len) ==
                                           toc_entries + 1)) &&
          !book_is_same_entry(line_text(r, f), f->len, s, l->len)) {
        text_unit *last = r->nunits > 0 ? &r->units[r->nunits - 1] : NULL;
        if (!blank && last && last->item == ITEM_CONTENTS && last->last == i - 1 &&
            text_continues_entry(r, i)) {
          extend_unit(r, last, i);
          continue;
        }
        cur = new_unit(r, i, blank);
        cur->item = ITEM_CONTENTS;
        cur = NULL;
        toc_entries++;
        if (gap > toc_gap)
          toc_gap = gap;
        blank = 0;
        continue;
      }
      if (toc_entries == 0) {
        cur = new_unit(r, i, blank); /* the first entry */
        cur->item = ITEM_CONTENTS;
        cur = NULL;
        toc_first = i;
        toc_entries = 1;
        blank = 0;
        continue;
      }
      if (!book_is_contents_entry(s, l->len) && blank && r->nunits > 0 &&
          r->units[r->nunits - 1].item == ITEM_CONTENTS && toc_entries > 2 &&
          r->units[r->nunits - 1].blank_before)
        r->units[r->nunits - 1].item = ITEM_NONE; /* it heads this text */
      toc_first = -1;
    }
    if (toc_first < 0 && l->len > 0 && book_is_pictures_title(s, l->len)) {
      int next, nb;
      if (picture_list(r, i, blank, 0, &next, &nb) >= 2) {
        picture_list(r, i, blank, 1, &next, &nb);
        cur = NULL;
        blank = nb;
        i = next - 1;
        continue;
      }
    }
    if (text_opens_contents(r, i)) {
      new_unit(r, i, blank);
      cur = NULL;
      blank = 0;
      toc_first = i; /* the first entry comes next */
      toc_entries = 0;
      toc_paged = toc_numbered = toc_gap = 0;
      continue;
    }
    if ((paged = text_opens_paged_list(r, i)) || text_opens_numbered_contents(r, i)) {
      cur = new_unit(r, i, blank);
      cur->item = ITEM_CONTENTS;
      cur = NULL;
      blank = 0;
      toc_first = i;
      toc_entries = 1;
      toc_paged = paged;
      toc_numbered = !paged;
      toc_gap = 0;
      continue;
    }
    if (text_is_underline_of(r, i, cur)) {
      cur->setext = s[0];
      cur->last = i;
      cur = NULL; /* the heading ends here */
      blank = 0;
      continue;
    }
    if (text_is_overline(r, i)) {
      cur = NULL; /* markup, as the underline two lines down */
      continue;
    }
    if (text_is_thematic_break(s, l->len)) {
      cur = new_unit(r, i, blank);
      cur->brk = 1;
      cur = NULL;
      blank = 0;
      continue;
    }
    if (text_is_chapter_title_of(r, i, cur)) {
      extend_unit(r, cur, i);
      cur->keep_lines = 1;
      cur = NULL;
      continue;
    }
    if ((end = number_text_line(r, i)) > 0) {
      /* "1." alone, its title or text on the next line: one unit, as
       * though typed on one line ("1. Definitions") */
      cur = new_unit(r, i, blank);
      cur->opened_item = text_line_opens_item(r, i);
      extend_unit(r, cur, end);
      cur->number_alone = end;
      i = end;
      blank = 0;
      continue;
    }
    opens_item = text_line_opens_item(r, i);
    notice = cur && r->join && !opens_item ? text_copyright_notice_goes_on(r, i, cur) : 0;
    if (notice > 0) {
      extend_unit(r, cur, i);
      cur->keep_lines = 1; /* one holder a line */
      cur->notice = 1;
      continue;
    }
    if (notice < 0) {
      cur->notice = 1;
      cur = NULL; /* the notice ends with its line */
    }
    q = text_is_quote_indent(r, l->indent);
    if (!cur && blank && !opens_item && r->nunits > 0 && toc_first < 0 && !l->framed &&
        !r->units[r->nunits - 1].literal &&
        text_continues_across_blank(r, i, &r->units[r->nunits - 1])) {
      cur = &r->units[r->nunits - 1];
      extend_unit(r, cur, i);
      blank = 0;
      continue;
    }
    if (cur && r->join && !opens_item) {
      const text_line *p = &r->lines[i - 1];
      int split = 0;
      if (!r->indent_paragraphs && q != text_is_quote_indent(r, p->indent) &&
          !(cur->opened_item && l->indent > r->lines[cur->first].indent))
        split = 1; /* into or out of an indented block, except an item's
                      lines hanging under its text */
      if (r->indent_paragraphs && l->indent > r->base_indent &&
          (ends_clause(r, p) || credit_ends_line(r, i - 1, &credit_starts)))
        split = 1; /* a paragraph's indented first line, after a line
                      that ends a sentence or a photo's credit (a comma or
                      a semicolon leaves it open: "... useful," / "but
                      WITHOUT ...") */
      if (r->indent_paragraphs && l->indent == r->para_indent && starts_sentence(s, l->len) &&
          !text_last_byte_is(r, p, ',') && !text_last_byte_is(r, p, ';') &&
          !text_last_byte_is(r, p, '-'))
        split = 1; /* a first line's indentation and a capital: a new
                      paragraph after one that ends without punctuation
                      (a headline, a date line; a headline wrapped onto a
                      second line) */
      if (short_limit > 0 && p->chars < short_limit && !word_broken_across(r, p, l) &&
          !(q && !r->indent_paragraphs && text_is_quote_indent(r, p->indent) && !cur->item &&
            !text_starts_with_section_number(s, l->len)))
        split = 1; /* only a paragraph's last line is short (not one that
                      breaks a word, "The well-" / "known chair"); an
                      indented block keeps its short lines (verse, a
                      letter), but not numbered lines ("8.1. Prices" /
                      "8.2. Invoices") */
      if (dense && !split && starts_sentence(s, l->len) && text_word_fits_measure(r, i) &&
          (ends_clause(r, p) ||
           lines_heading_shaped(r, cur->first, i - 1) ||
           credit_ends_line(r, i - 1, &credit_starts)))
        split = 1; /* wrapped text with no blank line between paragraphs:
                      a sentence or a clause introducing what follows
                      ("The decree says:"), a headline (every line of the
                      unit so far of its shape, not the end of a sentence
                      begun above) or a photo's credit ends the line above
                      though the next word would have fitted there */
      if (dense && !split &&
          (ends_clause(r, p) ||
           (cur->first == i - 1 && cur - r->units < DATELINE_HEADER_UNITS &&
            is_headline_shaped(line_text(r, p), p->len))) &&
          (text_has_dateline(s, l->len, &dl) || text_has_agency_dateline(s, l->len, &dl)))
        split = 1; /* there too, a dateline opens a lede, after a sentence
                      or under a headline as long as the measure
                      ("QYZYLORDA. KAZINFORM - ..."); inside a paragraph,
                      "OSCE – most visibly ..." is no dateline */
      if (dense && !split && short_limit > 0 && l->chars < short_limit &&
          ends_clause(r, p) && !text_last_byte_is(r, p, ':') &&
          text_is_heading_shaped(s, l->len) &&
          !text_is_standalone_credit(s, l->len))
        split = 1; /* there too, a short unpunctuated line after a sentence
                      is a line of its own, a heading, unless it is the
                      credit of the caption above */
      if (text_are_centred_lines(r, i - 1, i))
        split = 1; /* a title's lines, each centred by hand */
      if (l->framed || p->framed)
        split = 1; /* a framed heading is a line of its own */
      if (book_is_field_line(s, l->len) && book_is_field_line(line_text(r, p), p->len))
        split = 1; /* "Posting Date: ..." over "First Posted: ...": two fields */
      if (cur->opened_item && cur->first == i - 1 && l->indent > p->indent &&
          !text_starts_lowercase(s, l->len) && text_is_item_title_line(r, i - 1) &&
          text_word_fits_above(r, i))
        split = 1; /* "1. Free Redistribution" above its text */
      if (split && text_continues_field(r, i, cur))
        split = 0; /* a field's value hanging under its key */
      if (split && !q && text_continues_verse(r, i, cur, short_limit)) {
        extend_unit(r, cur, i);
        cur->keep_lines = 1; /* verse set flush with the text */
        blank = 0;
        continue;
      }
      if (!split) {
        extend_unit(r, cur, i);
        blank = 0;
        continue;
      }
    } else if (cur && !r->join && !opens_item && cur->last == i - 1 && !cur->item && q &&
               l->indent == r->lines[cur->first].indent && l->chars <= VERSE_LINE_CHARS &&
               lines_are_verse(r, cur->first, i - 1)) {
      /* one paragraph per line, but an indented run of short lines under
       * each other is set line by line: verse or an address quoted in the
       * text ("    Oh, the sea, the sea," / "    the wide and open sea,") */
      extend_unit(r, cur, i);
      cur->keep_lines = 1;
      continue;
    } else if (cur && !r->join && !opens_item && cur->last == i - 1 && !cur->item &&
               q == text_is_quote_indent(r, r->lines[i - 1].indent) &&
               text_starts_lowercase(s, l->len) &&
               !text_has_terminal_punctuation(line_text(r, &r->lines[i - 1]),
                                              r->lines[i - 1].len)) {
      /* one paragraph per line, but this line continues a sentence the
       * line above left open: a wrapped line after all */
      extend_unit(r, cur, i);
      continue;
    }
    cur = new_unit(r, i, blank);
    cur->opened_item = opens_item;
    blank = 0;
  }
}

/* ------------------------------------------------------------------ */
/* Unit features                                                       */
/* ------------------------------------------------------------------ */

/* Whether the lines of an indented block are set line by line (verse, a
 * letter's address): one of its lines but the last ends well short of
 * the full line. */
static int is_verse_block(const text_reader *r, const text_unit *u)
{
  int k, full = r->wrap_chars * SHORT_LINE_PERCENT / 100;
  for (k = u->first; k < u->last; k++)
    if (r->lines[k].len > 0 && r->lines[k].chars < full)
      return 1;
  return 0;
}

void text_measure_units(text_reader *r)
{
  int i;
  for (i = 0; i < r->nunits; i++) {
    text_unit *u = &r->units[i];
    const char *s;
    size_t k;
    u->len = (i + 1 < r->nunits ? r->units[i + 1].off : r->norm.len) - u->off;
    /* new_unit writes each unit's text right after the previous one's,
     * and extend_unit appends to the newest, so the spans tile norm. */
    s = unit_text(r, u);
    k = galley_utf8_count(s, u->len);
    u->chars = k < CHARS_CAP ? (int)k : CHARS_CAP;
    u->terminal = text_has_terminal_punctuation(s, u->len);
    u->shaped = u->first == u->last || u->setext || u->last == u->number_alone
                    ? text_is_heading_shaped(s, u->len)
                    : 0;
    if (u->literal)
      continue; /* code: no heading, item or quotation */
    u->quote = text_is_quote_indent(r, u->indent);
    if (r->indent_paragraphs && u->first == u->last && u->quote)
      u->quote = 0; /* a one-line paragraph with its first-line indent */
    if (u->item == ITEM_CONTENTS)
      continue; /* an entry of a contents list, kept whole */
    u->chapter = text_is_chapter_line(line_text(r, &r->lines[u->first]), r->lines[u->first].len);
    u->roman = u->first == u->last &&
               book_is_roman_numeral_line(line_text(r, &r->lines[u->first]),
                                          r->lines[u->first].len);
    if (u->quote && u->last > u->first && is_verse_block(r, u))
      u->keep_lines = 1;
    if (!u->brk && text_line_opens_item(r, u->first)) {
      int strong = 0;
      if (text_is_bullet_item(s, u->len, &u->marker_len, &strong)) {
        u->item = ITEM_BULLET;
        u->item_strong = strong;
        text_next_cp(s, u->len, 0, &u->marker);
      } else if (r->lines[u->first].lettered ? text_is_letter_clause(s, u->len, &u->en)
                                             : text_is_enumerator(s, u->len, &u->en)) {
        u->item = ITEM_NUMBERED;
        u->marker_len = u->en.marker_len;
        u->marker = u->en.delim;
      }
    }
  }
  /* A dash or asterisk is a bullet only with a neighbour that has it too,
   * or, for an asterisk, alone on one line that names something rather
   * than states it ("* The \"Joel 'Espy' Klecker\" release"): a note
   * keyed by an asterisk is a sentence, and a lone dash line is a
   * speaker's turn or a signature. */
  for (i = 0; i < r->nunits; i++) {
    text_unit *u = &r->units[i];
    if (u->item == ITEM_BULLET && !u->item_strong &&
        !(i > 0 && r->units[i - 1].item == ITEM_BULLET && r->units[i - 1].marker == u->marker) &&
        !(i + 1 < r->nunits && r->units[i + 1].item == ITEM_BULLET &&
          r->units[i + 1].marker == u->marker) &&
        !(u->marker == '*' && u->first == u->last && u->blank_before &&
          !text_has_terminal_punctuation(unit_text(r, u), u->len)))
      u->item = ITEM_NONE;
  }
  /* A run of dash items any of which breaks off for the narrator's words
   * ("— Да, — сказал он.") is dialogue, a turn a paragraph, not a list
   * (text_is_dialogue_turn); so is an interview's run, every turn a
   * sentence and a question answered by one that is not ("— Почему
   * так долго?" / "— Река оказалась шире."; a list of questions alone
   * stays a list). */
  for (i = 0; i < r->nunits;) {
    int32_t m = r->units[i].marker, last;
    int j = i, k, dialogue = 0, sentences = 1, answered = 0, asked = 0;
    if (r->units[i].item != ITEM_BULLET ||
        !text_dialogue_dash(unit_text(r, &r->units[i]), r->units[i].len, 0)) {
      i++;
      continue;
    }
    for (; j < r->nunits && r->units[j].item == ITEM_BULLET && r->units[j].marker == m; j++) {
      const char *t = unit_text(r, &r->units[j]);
      size_t tl = r->units[j].len;
      dialogue |= text_is_dialogue_turn(t, tl);
      if (!text_has_terminal_punctuation(t, tl)) {
        sentences = 0;
        continue;
      }
      text_prev_cp(t, tl, &last);
      answered |= asked && last != '?';
      asked = last == '?';
    }
    if (dialogue || (sentences && answered))
      for (k = i; k < j; k++) {
        r->units[k].item = ITEM_NONE;
        r->units[k].dialogue = 1;
      }
    i = j;
  }
  text_align_flush_right_items(r);
}
