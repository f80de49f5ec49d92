/* text_header.c: the header area pass of the plain-text reader
 * (text_header_area): the headline, standfirst, bylines and date lines
 * at the top, in any order, and the tests it asks (sentences, names in
 * the headline's vocabulary, field lines). */
#include <string.h>

#include "../util/utf8.h"
#include "book.h"
#include "lang.h"
#include "text_private.h"

/* A standfirst is at most this many characters and sentences. */
#define STANDFIRST_MAX_CHARS 320
#define STANDFIRST_MAX_SENTENCES 2

/* ------------------------------------------------------------------ */
/* Header area                                                         */
/* ------------------------------------------------------------------ */

/* Sentences in s: sentence ends (. ! ? …) followed by a space or the end,
 * counting no further than limit + 1. */
int text_count_sentences(const char *s, size_t len, int limit)
{
  size_t i;
  int n = 0;
  for (i = 0; i < len && n <= limit; i++)
    if ((s[i] == '.' || s[i] == '!' || s[i] == '?') && (i + 1 == len || s[i + 1] == ' '))
      n++;
  return n > 0 ? n : 1;
}

/* Whether unit i reads as a line of the header area that follows a
 * headline or standfirst: a byline (any form), a date line, or a body
 * paragraph that opens with a dateline. */
static int is_header_follower(const text_reader *r, int i)
{
  const text_unit *u;
  const char *s;
  size_t off, nl;
  char iso[11];
  if (i < 0 || i >= r->nunits)
    return 0;
  u = &r->units[i];
  s = unit_text(r, u);
  if (text_is_name_line(s, u->len)) {
    /* a name alone may be a photo's caption: a byline only with a date
     * line or a dateline lede after it */
    const text_unit *n = i + 1 < r->nunits ? &r->units[i + 1] : NULL;
    return n && (text_is_date_line(unit_text(r, n), n->len, iso) ||
                 (!n->item && !n->brk && text_has_dateline(unit_text(r, n), n->len, &off)));
  }
  return text_is_byline(s, u->len, &off, &nl) || text_is_date_line(s, u->len, iso) ||
         text_is_byline_word_line(s, u->len) || text_is_byline_in_place(s, u->len, &nl) ||
         (!u->item && !u->brk && text_has_dateline(s, u->len, &off));
}

/* Whether a word of s[from..len) (three letters or more) stands in lower
 * case as a whole word (no letter on either side) in t[0..tl): then a
 * line in title case is common words ("Key Findings", "Modern Olympic
 * Games"), not a person's name ("Alexey Rogov"). With `capitals_only`,
 * only the capitalised words after the first are looked for, so that a
 * line in sentence case ("Фото драки") passes. */
int text_words_in_lower_case(const char *s, size_t len, size_t from, const char *t,
                             size_t tl, int capitals_only)
{
  size_t a = from;
  int found = 0;
  while (a < len && !found) {
    galley_buf low = GALLEY_BUF_INIT;
    size_t b = a, k;
    int letters = 0, look = 1;
    if (capitals_only) {
      int32_t c0;
      text_next_cp(s, len, a, &c0);
      look = a > 0 && galley_utf8_is_upper(c0);
    }
    while (b < len && s[b] != ' ') {
      int32_t cp;
      b += text_next_cp(s, len, b, &cp);
      galley_utf8_encode(&low, text_lang_fold(cp));
      letters++;
    }
    for (k = 0; look && letters >= 3 && low.len > 0 && k + low.len <= tl && !found; k++) {
      int32_t before = ' ', after = ' ';
      if (memcmp(t + k, low.ptr, low.len) != 0)
        continue;
      if (k > 0)
        text_prev_cp(t, k, &before);
      if (k + low.len < tl)
        text_next_cp(t, tl, k + low.len, &after);
      found = !galley_utf8_is_letter(before) && !galley_utf8_is_letter(after);
    }
    galley_buf_free(&low);
    a = b + 1;
  }
  return found;
}

/* Bytes of the next unit's text searched for a name's words. */
#define NAME_VOCABULARY_BYTES 4000

/* text_words_in_lower_case for the line at unit i in the first
 * NAME_VOCABULARY_BYTES of unit j. */
int text_name_words_in_vocabulary(const text_reader *r, int i, int j, int capitals_only)
{
  const text_unit *u = &r->units[i], *n = &r->units[j];
  size_t tl = n->len < NAME_VOCABULARY_BYTES ? n->len : NAME_VOCABULARY_BYTES;
  return text_words_in_lower_case(unit_text(r, u), u->len, 0, unit_text(r, n), tl,
                                  capitals_only);
}

/* Letters a surname keeps whole; from this many on its last letter may
 * be a case ending ("Петрова" / "Петровой"). */
#define SURNAME_STEM_MIN 5

/* The folded letters of s[a..b) into out, at most `max` of them. */
static void fold_into(galley_buf *out, const char *s, size_t a, size_t b, int max)
{
  int n = 0;
  while (a < b && n < max) {
    int32_t cp;
    a += text_next_cp(s, b, a, &cp);
    galley_utf8_encode(out, text_lang_fold(cp));
    n++;
  }
}

/* Bytes of the lede searched for the name of the line above it. */
#define NAME_LEDE_BYTES 2000

/* The name-of-the-subject sign: whether the surname (the last word) of
 * the name line at unit i opens a word of unit t (its first
 * NAME_LEDE_BYTES), its last letter left out when it has
 * SURNAME_STEM_MIN or more (the end that the cases of Russian or Kazakh
 * change). Asked of the headline and of the lede under the name: then
 * the name is the person the story is about, and a name line under the
 * headline names that person's photo: the reporter is not the story's
 * subject.
 * + "У Бооса родился сын" / "Георгий Боос"
 * + "Ivanova wins the marathon" / "Maria Ivanova"
 * + "Глава Samsung арестован ..." / "Ли Джэён" / "... ордер на арест
 *   фактического главы Samsung Ли Джэён ..."
 * - "Summit ends without agreement" / "Anna Berg" / "Talks in Geneva
 *   ended on Friday ..." */
static int name_in_unit(const text_reader *r, int t, const char *s, size_t len);

int text_name_in_unit(const text_reader *r, int t, int i)
{
  return name_in_unit(r, t, unit_text(r, &r->units[i]), r->units[i].len);
}

/* text_name_in_unit for the name s[0..len). */
static int name_in_unit(const text_reader *r, int t, const char *s, size_t len)
{
  const text_unit *h = &r->units[t];
  const char *ht = unit_text(r, h);
  galley_buf stem = GALLEY_BUF_INIT, head = GALLEY_BUF_INIT;
  size_t a = len, k;
  int letters = 0, found = 0;
  while (a > 0 && s[a - 1] != ' ')
    a--;
  for (k = a; k < len; letters++) {
    int32_t cp;
    k += text_next_cp(s, len, k, &cp);
    if (!galley_utf8_is_letter(cp) && cp != '-')
      return 0; /* "Jr.", initials: no surname at the end */
  }
  if (letters < 3)
    return 0;
  fold_into(&stem, s, a, len, letters >= SURNAME_STEM_MIN ? letters - 1 : letters);
  fold_into(&head, ht, 0, h->len < NAME_LEDE_BYTES ? h->len : NAME_LEDE_BYTES, (int)h->len);
  for (k = 0; !found && k + stem.len <= head.len; k++) {
    int32_t prev = ' ';
    if (k > 0)
      text_prev_cp(head.ptr, k, &prev);
    found = !galley_utf8_is_letter(prev) && memcmp(head.ptr + k, stem.ptr, stem.len) == 0;
  }
  galley_buf_free(&stem);
  galley_buf_free(&head);
  return found;
}

/* Names a byline may list (text_names_byline). */
#define BYLINE_NAMES_MAX 6

/* Whether unit i, under the headline (unit t) and over unit j, is a
 * byline of names without "By" (text_names_byline): "Jane Roe and John
 * Doe", "Jane Roe, Staff Writer", "Иван Петров | Reuters". Not when a
 * name's surname is in the headline or in unit j: the line then names
 * the people in the story's photo ("Putin and Macron talk ..." / "Vladimir
 * Putin and Emmanuel Macron"). Writes the names' length to *out_len. */
static int is_names_byline(const text_reader *r, int t, int i, int j, size_t *out_len)
{
  const char *s = unit_text(r, &r->units[i]), *lede = unit_text(r, &r->units[j]);
  size_t tl = r->units[j].len < NAME_VOCABULARY_BYTES ? r->units[j].len : NAME_VOCABULARY_BYTES;
  text_span names[BYLINE_NAMES_MAX];
  int n = text_names_byline(s, r->units[i].len, names, BYLINE_NAMES_MAX, out_len), k;
  for (k = 0; k < n; k++)
    if (text_words_in_lower_case(s + names[k].off, names[k].len, 0, lede, tl, 0) ||
        name_in_unit(r, t, s + names[k].off, names[k].len) ||
        name_in_unit(r, j, s + names[k].off, names[k].len))
      return 0; /* common words in title case, or the story's people */
  return n > 0;
}

/* Whether the standfirst candidate s ends as a summary does: with a
 * sentence end (. ! ? …, closing quotes after it) or with no punctuation
 * at all; not with ':' (a lede introducing a quotation or list), ',' or
 * ';'. */
static int ends_as_standfirst(const char *s, size_t len)
{
  size_t end = len;
  int32_t cp = 0;
  while (end > 0) {
    end = text_prev_cp(s, end, &cp);
    if (!text_is_closing_quote(cp))
      break;
  }
  return !(cp == ':' || cp == ',' || cp == ';');
}

/* A field line "Key: value": one to three words, a colon, a value; not
 * a photo credit or a date line, which sit beside bylines. */
static int is_field_line(const text_reader *r, int i)
{
  const text_unit *u;
  const char *s, *colon;
  size_t k;
  char iso[11];
  if (i < 0 || i >= r->nunits)
    return 0;
  u = &r->units[i];
  s = unit_text(r, u);
  if (text_unit_is_figure_line(r, u) || text_is_date_line(s, u->len, iso))
    return 0;
  colon = memchr(s, ':', u->len < 40 ? u->len : 40);
  if (!colon || colon == s || (size_t)(colon - s) + 2 > u->len || colon[1] != ' ')
    return 0;
  return text_count_words(s, (size_t)(colon - s), 3) <= 3 &&
         (k = (size_t)(colon - s)) > 0 && s[k - 1] != ' ';
}

/* The field-list guard: a byline written as a label ("Author: James
 * Joyce", its names at `name_off` after a colon) between other
 * "Key: value" lines (Title:, Release Date:, Language:) is one field of
 * a list, not the article's byline. */
int text_is_label_in_field_list(const text_reader *r, int i, size_t name_off)
{
  const char *s = unit_text(r, &r->units[i]);
  if (!memchr(s, ':', name_off))
    return 0;
  return is_field_line(r, i - 1) || is_field_line(r, i + 1);
}

/* The unit after i that is not a credit or caption line; -1 if none. */
static int next_header_unit(const text_reader *r, int i)
{
  return text_next_text_unit(r, i);
}

/* Words a kicker has at most, and the units after the headline searched
 * for the byline or date line that shows a news header. */
#define KICKER_MAX_WORDS 3
#define KICKER_HEADER_LOOKAHEAD 3

/* The unit after i that is no page furniture, or -1. */
static int next_unfurnished(const text_reader *r, int i)
{
  int j;
  for (j = i + 1; j < r->nunits; j++)
    if (!text_is_furniture_line(unit_text(r, &r->units[j]), r->units[j].len))
      return j;
  return -1;
}

/* Whether unit u is one line that is a byline (of any form) or a date
 * line. */
static int is_byline_or_date(const text_reader *r, const text_unit *u)
{
  const char *s = unit_text(r, u);
  size_t off, nl;
  char iso[11];
  text_span names[1];
  return u->first == u->last &&
         (text_is_byline(s, u->len, &off, &nl) || text_is_byline_in_place(s, u->len, &nl) ||
          text_names_byline(s, u->len, names, 1, &nl) > 0 || text_is_date_line(s, u->len, iso));
}

static int ends_in_question_or_exclamation(const char *s, size_t len)
{
  int32_t last = 0;
  if (len > 0)
    text_prev_cp(s, len, &last);
  return last == '?' || last == '!';
}

/* Whether unit i is a headline closed by a full stop, as some sites set
 * one: a line of a title's words at most, capitalised, no dateline, with
 * a byline or a date line right under it (page furniture aside): the
 * header shows it is no lede.
 *   + "Bridge opens in Astana after two years of work." / "By Jane Roe"
 *   - "The bridge opened on Monday." / "The mayor said ..." */
static int is_full_stop_headline(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  size_t dl;
  int j;
  if (u->first != u->last || u->item || u->quote || u->len < 2 || s[u->len - 1] != '.' ||
      s[u->len - 2] == '.' || !text_starts_like_heading(s, u->len) ||
      text_count_words(s, u->len, TEXT_TITLE_MAX_WORDS + 1) > TEXT_TITLE_MAX_WORDS ||
      text_has_dateline(s, u->len, &dl) || (j = next_unfurnished(r, i)) < 0)
    return 0;
  return is_byline_or_date(r, &r->units[j]);
}

int text_is_kicker(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *h;
  const char *s = unit_text(r, u);
  int j, k, n, words;
  char iso[11];
  if (r->book || u->first != u->last || u->item || u->quote ||
      text_has_terminal_punctuation(s, u->len) || !text_starts_like_heading(s, u->len) ||
      (words = text_count_words(s, u->len, KICKER_MAX_WORDS)) > KICKER_MAX_WORDS ||
      text_is_date_line(s, u->len, iso) || (j = next_unfurnished(r, i)) < 0)
    return 0;
  h = &r->units[j];
  if (h->first != h->last || h->item || h->quote || is_byline_or_date(r, h) ||
      text_count_words(unit_text(r, h), h->len, TEXT_TITLE_MAX_WORDS + 1) < words + 2 ||
      text_count_words(unit_text(r, h), h->len, TEXT_TITLE_MAX_WORDS + 1) > TEXT_TITLE_MAX_WORDS ||
      (h->terminal && !ends_in_question_or_exclamation(unit_text(r, h), h->len)))
    return 0;
  for (k = j, n = 0; n < KICKER_HEADER_LOOKAHEAD && (k = next_unfurnished(r, k)) >= 0; n++)
    if (r->units[k].first == r->units[k].last &&
        text_is_date_line(unit_text(r, &r->units[k]), r->units[k].len, iso))
      return 1; /* a news header's date (a book's title page has none) */
  return 0;
}

/* Lines a transcript's place line has at most ("Waffle House" /
 * "Atlanta, Georgia"). */
#define PLACE_LINE_MAX_LINES 2

/* Whether unit i names where a transcript's remarks were made: at most
 * PLACE_LINE_MAX_LINES short lines without a sentence's end, right
 * above the time stamp (text_is_time_line), perhaps with one more such
 * unit between them (one paragraph a line). */
static int is_place_line(const text_reader *r, int i)
{
  int k;
  for (k = i; k < r->nunits && k <= i + 2; k++) {
    const text_unit *v = &r->units[k];
    if (v->first == v->last && text_is_time_line(unit_text(r, v), v->len))
      return k > i;
    if (v->item || v->brk || v->quote || v->terminal ||
        v->last - v->first >= PLACE_LINE_MAX_LINES ||
        v->chars > TEXT_HEADING_MAX_CHARS)
      return 0;
  }
  return 0;
}

/* Authors from a byline's names, unless metadata named some. Where an
 * edition's notice names the author ("Author: Julian Street"; text.c
 * takes that after), a title page's name line gives the authors only
 * when it ends in a surname of the notice's field (name_in_unit: "By
 * Anne Holt" for "A. Holt", "SIR ARTHUR CONAN DOYLE"): its other name
 * lines are an illustrator's, an editor's ("WITH PICTORIAL SIDELIGHTS" /
 * "BY" / "WALLACE MORGAN"), a school's ("Des Écoles Primaires."). */
void text_take_authors(text_reader *r, const char *s, size_t len)
{
  if (r->authors_given)
    return;
  if (r->notice_author_len > 0 && !name_in_unit(r, r->notice_author_unit, s, len))
    return;
  text_add_authors(r, s, len, 1); /* a byline's commas join names */
  r->authors_given = 1;
}

/* The header area of a news article: headline, standfirst, bylines,
 * date and time lines and photo credits at the top, in whatever order
 * the site put them, up to the first unit that is none of these (the
 * lede, a section heading, a list). Decides those units (u->header):
 *
 *   date line (any position)      K_DATE, "date-line"; the first with a
 *                                 full date is the metadata's date
 *   "By NAME", "Автор: NAME"      K_BYLINE_TOP, "byline"
 *   "by" / "AUTHOR (YEAR)"        K_BYLINE_TOP twice, "byline-word-line"
 *                                 and "byline-after-byline-word" (one
 *                                 byline in the tree)
 *   the headline                  K_TITLE, "derived-title-first-line" (first
 *                                 unit) or "headline-after-date-or-byline"
 *   a name line under it          K_BYLINE_TOP, "byline-name-line"
 *   a standfirst under it         K_SUBTITLE, "standfirst" (one or two
 *                                 sentences before a byline, date line or
 *                                 dateline lede) or "subtitle-before-byline"
 *
 * Credits and captions are left to text_classify (they may sit anywhere in
 * the header). Nothing is invented: with no headline there is no title.
 * A book with an electronic edition's notice (text_edition_notice) has its
 * header area on its title page after the notice: the unit naming the
 * notice's title is the title ("title-page"), and a line between it and
 * a byline or date line its subtitle. */
/* The date a byline's tail gives after its names ("By Aidana Yergaliyeva
 * in Nation on 5 February 2026", "By Jane Roe | March 4, 2024"): the
 * first word start from which the rest is a date line, into iso ("" if
 * none); the header's date when no date line comes. */
static void byline_date(const char *s, size_t len, size_t from, char iso[11])
{
  size_t p;
  iso[0] = '\0';
  for (p = from + 1; p < len; p++)
    if (s[p - 1] == ' ' && text_is_date_line(s + p, len - p, iso))
      return; /* (a failed test leaves iso empty) */
}

/* Whether s is a name, or a name and a newsroom after a comma ("Dana
 * Omarova, Staff Writer"), or a byline; writes the names' span. */
static int names_part(const char *s, size_t len, size_t *out_off, size_t *out_len)
{
  size_t c;
  if (text_is_byline(s, len, out_off, out_len))
    return 1;
  *out_off = 0;
  for (c = 0; c < len && s[c] != ','; c++)
    ;
  if (c < len && c + 2 < len && s[c + 1] == ' ' &&
      !text_is_affiliation_line(s + c + 2, len - c - 2))
    return 0;
  *out_len = c;
  return text_is_name_line(s, c);
}

/* The byline-with-date rule: one line under the headline holding a date
 * line and the author's name (or byline) side by side, joined by "by" or
 * a separator: "Posted on March 12, 2025 by Dana Omarova", "12 March
 * 2025 | Dana Omarova", "Dana Omarova, Staff Writer | March 12, 2025".
 * Writes the names' span and the date.
 * - "Kazakhstan | Politics" (no date), "March 12, 2025 | Kazakhstan
 *   doubles its grain exports" (no name) */
static int byline_with_date(const char *s, size_t len, size_t *out_off, size_t *out_len,
                            char iso[11])
{
  static const char *const seps[] = {" by ", " | ", " \xC2\xB7 ", " \xE2\x80\xA2 ", NULL};
  int k;
  size_t p;
  if (len > TEXT_HEADING_MAX_CHARS * 2)
    return 0;
  for (k = 0; seps[k]; k++) {
    size_t sl = strlen(seps[k]);
    for (p = 1; p + sl < len; p++) {
      const char *b = s + p + sl;
      size_t bl = len - p - sl;
      if (memcmp(s + p, seps[k], sl) != 0)
        continue;
      if (text_is_date_line(s, p, iso) && iso[0]) {
        /* the date, then the names: after "by" a name alone */
        int named = k > 0 ? names_part(b, bl, out_off, out_len) : text_is_name_line(b, bl);
        if (k == 0) {
          *out_off = 0;
          *out_len = bl;
        }
        if (named) {
          *out_off += p + sl;
          return 1;
        }
      }
      if (k > 0 && names_part(s, p, out_off, out_len) && text_is_date_line(b, bl, iso) &&
          iso[0])
        return 1;
    }
  }
  iso[0] = '\0';
  return 0;
}

void text_header_area(text_reader *r)
{
  const galley_meta *meta = galley_doc_get_meta(r->doc);
  int want_title = !galley_meta_get(meta, "title") &&
                   !(r->opts && (r->opts->flags & GALLEY_OPT_NO_TITLE));
  int i, title = -1, after_title = 0, subtitle = 0, start = 0;
  r->centred_page_end = -1;
  if (text_edition_notice(r, &start) && start < 0)
    return; /* a notice, and no title page found after it */
  if (r->title_page < 0 && want_title &&
      (i = text_centred_title_page(r, &r->centred_page_end)) >= 0) {
    r->title_page = i;
    start = i;
  }
  for (i = start; i < r->nunits && i < start + HEADER_MAX_UNITS; i++) {
    text_unit *u = &r->units[i];
    const char *s = unit_text(r, u);
    size_t off, nl;
    int j;
    if (i == r->title_page && want_title) {
      set_header(u, K_TITLE, "title-page");
      title = i;
      continue;
    }
    if (i == 0 && want_title && text_is_ruled_centred_line(r, i)) {
      /* a title page set as text: the title centred, a rule under it */
      set_header(u, K_TITLE, "centred-title");
      title = i;
      continue;
    }
    if (u->brk && title >= 0 && strcmp(r->units[title].rule, "centred-title") == 0)
      continue; /* the title page's rules stay rules (text_classify) */
    if (title >= 0 && !subtitle && strcmp(r->units[title].rule, "centred-title") == 0 &&
        u->quote && u->first == u->last && u->chars <= TEXT_TITLE_MAX_CHARS &&
        i + 1 < r->nunits && r->units[i + 1].brk && !galley_meta_get(meta, "subtitle")) {
      set_header(u, K_SUBTITLE, "centred-subtitle"); /* "Version: 2.28" between rules */
      subtitle = 1;
      continue;
    }
    if (u->brk || u->item || (u->quote && r->title_page < 0 && !text_in_centred_group(r, i)))
      return; /* (a title page, a title's lines, may be centred by hand) */
    if (text_unit_is_figure_line(r, u) || text_is_furniture_line(s, u->len))
      continue; /* a photo credit under the headline; text_classify decides */
    if (title < 0 && text_is_kicker(r, i))
      continue; /* the section's name over the headline, as furniture */
    if (title >= 0 && u->first == u->last && !u->quote &&
        byline_with_date(s, u->len, &off, &nl, u->iso)) {
      set_header(u, K_BYLINE_TOP, "byline-with-date"); /* "12 March 2025 | Dana Omarova" */
      text_take_authors(r, s + off, nl);
      after_title = 1;
      continue;
    }
    if (u->first == u->last && i + 1 < r->nunits && r->units[i + 1].first == r->units[i + 1].last &&
        text_is_date_word_line(s, u->len) &&
        text_is_date_line(unit_text(r, &r->units[i + 1]), r->units[i + 1].len,
                          r->units[i + 1].iso)) {
      /* "Published" / "5 January 2022": one date line, as it reads */
      set_header(u, K_DATE, "date-word-line");
      set_header(&r->units[i + 1], K_DATE, "date-after-date-word");
      after_title = 1;
      i++;
      continue;
    }
    if (u->first == u->last && text_is_date_line(s, u->len, u->iso)) {
      set_header(u, K_DATE, "date-line");
      after_title = 1;
      continue;
    }
    if (u->first == u->last && text_is_byline(s, u->len, &off, &nl) &&
        !text_is_label_in_field_list(r, i, off)) {
      set_header(u, K_BYLINE_TOP, "byline");
      text_take_authors(r, s + off, nl);
      byline_date(s, u->len, off + nl, u->iso);
      after_title = 1;
      continue;
    }
    if (title >= 0 && u->first == u->last && text_is_time_line(s, u->len)) {
      /* a transcript's time stamp under its title: "12:18 A.M. EDT" */
      set_header(u, K_BYLINE_TOP, "time-line");
      after_title = 1;
      continue;
    }
    if (title >= 0 && is_place_line(r, i)) {
      /* where the remarks were made, over their time: "Waffle House" /
       * "Atlanta, Georgia" / "12:18 A.M. EDT" (a place, not an author) */
      set_header(u, K_BYLINE_TOP, "place-line");
      after_title = 1;
      continue;
    }
    if (title >= 0 && text_is_author_address(s, u->len, &nl)) {
      /* a paper's authors, each with an address and an affiliation */
      if (i > 0 && r->units[i - 1].header && r->units[i - 1].rule &&
          strcmp(r->units[i - 1].rule, "author-with-address") == 0)
        text_add_authors(r, s, nl, 1); /* the next author of the paper */
      else
        text_take_authors(r, s, nl);
      set_header(u, K_BYLINE_TOP, "author-with-address");
      after_title = 1;
      continue;
    }
    if (u->first == u->last && text_is_byline_word_line(s, u->len) && i + 1 < r->nunits &&
        text_is_author_line(unit_text(r, &r->units[i + 1]), r->units[i + 1].len)) {
      const char *t = unit_text(r, &r->units[i + 1]);
      size_t tl = r->units[i + 1].len;
      set_header(u, K_BYLINE_TOP, "byline-word-line");
      set_header(&r->units[i + 1], K_BYLINE_TOP, "byline-after-byline-word");
      if (tl > 0 && t[tl - 1] == ')')
        while (tl > 0 && t[tl - 1] != '(')
          tl--; /* the name without its years */
      while (tl > 0 && (t[tl - 1] == '(' || t[tl - 1] == ' '))
        tl--;
      text_take_authors(r, t, tl);
      after_title = 1;
      i++;
      continue;
    }
    if (title >= 0 && u->first == u->last &&
        text_lang_list_match(s, u->len, TEXT_LANG_LIST(contributor_words)) > 0) {
      /* "Translated from the Italian by Carol Della Chiesa": who else
       * made the book, a byline of the title page (not its author) */
      set_header(u, K_BYLINE_TOP, "contributor-line");
      after_title = 1;
      continue;
    }
    if (title >= 0 && u->first == u->last && i > 0 && r->units[i - 1].header &&
        r->units[i - 1].kind == K_BYLINE_TOP && u->len > 2 && s[0] == '[' &&
        s[u->len - 1] == ']' && !memchr(s + 1, '[', u->len - 1) &&
        strncmp(s, "[Illustration", strlen("[Illustration")) != 0) {
      /* a bracketed note on the name above ("by C. Collodi" / "[Pseudonym
       * of Carlo Lorenzini]"): the byline's own; not a transcriber's
       * "[Illustration]" where the title page had a picture */
      set_header(u, K_BYLINE_TOP, "byline-note");
      continue;
    }
    if (title < 0) {
      if (u->setext) {
        /* an underlined headline, underlined alike nowhere else */
        if (!want_title || i + 1 >= r->nunits || text_has_other_setext(r, u->setext))
          return;
      } else if (!(want_title && !text_is_chapter_line(s, u->len) &&
                   !(i + 1 < r->nunits && r->units[i + 1].item == ITEM_CONTENTS &&
                     book_is_contents_title(s, u->len)) &&
                   !text_opens_field_block(r, i) &&
                   (text_is_title_line(r, i) || is_full_stop_headline(r, i)) &&
                   !(u->first == u->last && text_lang_is_section_name(s, u->len)))) {
        /* (a text that opens with "Introduction" has lost its title:
         * the line heads its first section) */
        if (galley_meta_get(meta, "title") && u->first == u->last &&
            strcmp(galley_meta_get(meta, "title"), s) == 0) {
          set_header(u, K_TITLE, "title-repeats-metadata");
          title = i;
          after_title = 0;
          continue;
        }
        return; /* the lede: no headline */
      }
      set_header(u, K_TITLE,
                 i == 0 ? "derived-title-first-line" : "headline-after-date-or-byline");
      title = i;
      after_title = 0;
      continue;
    }
    j = next_header_unit(r, i);
    if (u->first == u->last && text_is_name_line(s, u->len) && j >= 0 &&
        text_is_chapter_line(s, u->len) == TEXT_CHAPTER_NONE &&
        !text_name_words_in_vocabulary(r, i, j, 0) && !text_name_in_unit(r, title, i) &&
        !text_name_in_unit(r, j, i) &&
        !text_is_name_before_bio(r, i, j) && !text_is_name_line(unit_text(r, &r->units[j]),
                                                                r->units[j].len)) {
      set_header(u, K_BYLINE_TOP, "byline-name-line");
      text_take_authors(r, s, u->len);
      after_title = 1;
      continue;
    }
    if (title >= 0 && j >= 0 && u->first == u->last && !u->quote &&
        is_names_byline(r, title, i, j, &nl)) {
      set_header(u, K_BYLINE_TOP, "byline-names");
      text_take_authors(r, s, nl);
      after_title = 1;
      continue;
    }
    if (title >= 0 && u->first == u->last && !u->quote &&
        text_is_byline_in_place(s, u->len, &nl) &&
        ((j = next_header_unit(r, i)) < 0 || !text_name_words_in_vocabulary(r, i, j, 0))) {
      /* "Reuters in Almaty", "Andrew Roth in Moscow"; not common words in
       * title case ("Heavy Rain in Almaty" over "... the heavy rain ...") */
      set_header(u, K_BYLINE_TOP, "byline-in-place");
      if (text_is_name_line(s, nl))
        text_take_authors(r, s, nl);
      after_title = 1;
      continue;
    }
    if (u->first == u->last && i > 0 && r->units[i - 1].header &&
        r->units[i - 1].kind == K_BYLINE_TOP && !u->quote &&
        text_is_affiliation_line(s, u->len)) {
      /* "Abdujalil Abdurasulov" / "BBC News, Almaty": where the reporter
       * works, the byline's own */
      set_header(u, K_BYLINE_TOP, "byline-affiliation");
      after_title = 1;
      continue;
    }
    if (text_is_subtitle_under_title(r, title, i) && !subtitle &&
        !galley_meta_get(meta, "subtitle")) {
      set_header(u, K_SUBTITLE, "subtitle-under-title");
      subtitle = 1;
      continue;
    }
    if (title >= 0 && title == r->title_page) {
      /* the title page repeats the notice's subtitle and names its people */
      unit_kind k = text_notice_field_line(r, i);
      if (k == K_SUBTITLE && !subtitle && !galley_meta_get(meta, "subtitle")) {
        set_header(u, K_SUBTITLE, "subtitle-from-notice");
        subtitle = 1;
        continue;
      }
      if (k == K_BYLINE_TOP) {
        set_header(u, K_BYLINE_TOP, "byline-from-notice");
        after_title = 1;
        continue;
      }
    }
    if (!after_title && !subtitle && !u->setext && u->chars <= STANDFIRST_MAX_CHARS &&
        !galley_meta_get(meta, "subtitle") && is_header_follower(r, j) &&
        !text_has_dateline(s, u->len, &off) && ends_as_standfirst(s, u->len) &&
        text_count_sentences(s, u->len, STANDFIRST_MAX_SENTENCES) <= STANDFIRST_MAX_SENTENCES) {
      set_header(u, K_SUBTITLE, u->terminal ? "standfirst" : "subtitle-before-byline");
      subtitle = 1;
      continue;
    }
    if (i == r->title_page + 1 && title == r->title_page && !subtitle && u->first == u->last &&
        u->chars <= TEXT_TITLE_MAX_CHARS && !galley_meta_get(meta, "subtitle") && j >= 0 &&
        (text_is_byline(unit_text(r, &r->units[j]), r->units[j].len, &off, &nl) ||
         text_is_date_line(unit_text(r, &r->units[j]), r->units[j].len, u->iso))) {
      /* a title page's line between the title and a byline or date
       * ("VOL. VIII.--NO. 353." over "OCTOBER 2, 1886.") */
      set_header(u, K_SUBTITLE, "subtitle-before-byline");
      subtitle = 1;
      continue;
    }
    return;
  }
}
