/* text.c: galley_read_text, the plain-text article reader.
 *
 * Articles arrive the way people paste them from a browser. The reader
 * works in passes, each linear in the input:
 *
 *   1. Decoding (clean.h, shared with the Markdown reader): UTF-16 (by
 *      its BOM or its zero bytes) becomes UTF-8; a UTF-8 BOM is dropped;
 *      invalid UTF-8, NUL and characters XML forbids become U+FFFD with
 *      a warning naming line and column. LF, CRLF and CR end lines; each
 *      line is recorded trimmed, with its indentation. The frame of a
 *      box typed around text is taken off (text_unframe_boxes).
 *   2. An optional leading block of "Key: value" lines is metadata.
 *   3. The convention is detected: one paragraph per line, or paragraphs
 *      separated by blank lines with their lines hard-wrapped (joined).
 *   4. Lines are grouped into units (a candidate block each) and every
 *      unit's text is normalised (white space runs become one space).
 *   5. The header area at the top (headline, standfirst, bylines, date
 *      lines, in any order) is read first (text_header_area); then each other
 *      unit is classified with the predicates of text_rules.c and
 *      its neighbours: title, byline, date, heading, dateline lede,
 *      figure caption and credit, list item, block quote, break,
 *      paragraph. The rule that decided is kept on the node for --dump.
 *   6. The tree is built, the metadata applied (the language guessed
 *      from the script when nothing names it), the title block synced.
 *
 * No word of the input is lost or reordered: markup (list markers,
 * setext underlines, break lines, the metadata block, the markers of
 * _emphasis_, text_emph.h) is the only text that does not become a TEXT
 * node.
 *
 * This file holds the entry point, which runs the passes in order, and
 * the passes from 5 on but for the unit tests of text_headings.c and
 * text_kinds.c and the header area (text_header.c, text_title_page.c);
 * text_lines.c holds passes 1 to 3, text_units.c pass 4 with the line
 * tests of text_continue.c. The reader's state and what the files share
 * are in text_private.h.
 */
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/options.h"
#include "book.h"
#include "text_emph.h"
#include "title.h"
#include "text_private.h"

/* Lines a chapter's argument (the sentence under a bare chapter number
 * that serves as its title) may take. */
#define CHAPTER_ARGUMENT_LINES 3
/* The dateline is looked for in the first few paragraphs of the article
 * (or of its first section when it opens with a heading); once one is
 * found, in every paragraph: a page of news briefs gives each its own. */
#define DATELINE_PARAGRAPHS 3
/* A byline among the last few units signs the article: its names are the
 * authors when the top named none. */
#define SIGNING_BYLINE_UNITS 3

static int is_division_style(heading_style style)
{
  return style == STYLE_VOLUME || style == STYLE_PART || style == STYLE_CHAPTER ||
         style == STYLE_SECTION;
}

static heading_style chapter_style(text_chapter_kind kind)
{
  switch (kind) {
  case TEXT_CHAPTER_VOLUME:
    return STYLE_VOLUME;
  case TEXT_CHAPTER_PART:
    return STYLE_PART;
  case TEXT_CHAPTER_SECTION:
    return STYLE_SECTION;
  default:
    return STYLE_CHAPTER; /* a chapter, or a Roman numeral alone */
  }
}

/* Bytes of a pull quote's opening words looked for elsewhere. */
#define PULL_QUOTE_KEY_BYTES 40
/* The pull-quote searches scan at most this many times the text's bytes
 * in all, so that a text of many quoted lines stays linear. */
#define PULL_QUOTE_SEARCH_FACTOR 8

/* The quote-before-attribution rule: a paragraph that is one quotation
 * and nothing else (text_is_one_quotation), between a sentence that
 * introduces it with a colon and a paragraph that goes on with a dash
 * and the attribution in lower case (text_opens_attribution: "— деп
 * жазды"), is a quotation set off from the text: a block quote. The
 * words after it stay a paragraph.
 * + "Осы себептен де Абай:" / «"... жанның тамағы еді,"» / "— деп ..."
 * - "Он сказал:" / «Мы придём», — и ушёл. / "Потом ..." */
static int is_quote_before_attribution(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *p, *n;
  if (i == 0 || i + 1 >= r->nunits || u->item || u->brk || u->quote ||
      !text_is_one_quotation(unit_text(r, u), u->len))
    return 0;
  p = &r->units[i - 1];
  n = &r->units[i + 1];
  return p->kind == K_PARAGRAPH && !p->item &&
         text_introduces_quote(unit_text(r, p), p->len) && !n->item &&
         text_opens_attribution(unit_text(r, n), n->len);
}

/* The signature-line rule: a line of its own that is a dash and a name
 * (text_is_dash_signature) right under a paragraph signs the letter,
 * statement or dedication above it, whether it ends the text or more
 * follows (a letter quoted in an article, an open letter's reply). Not
 * in a run of lines that each open with a dash: that is dialogue, one
 * turn a line. Writes the name's offset and length.
 * + "... before it is too late." / "-- Margaret Hale" / "The council ..."
 * - "— Who was there?" / "— Anna Petrovna" / "— And who else?" */
static int is_signature_line(const text_reader *r, int i, size_t *out_name_off,
                             size_t *out_name_len)
{
  const text_unit *u = &r->units[i], *p;
  int j;
  if (i == 0 || u->first != u->last || u->item || u->quote ||
      !text_is_dash_signature(unit_text(r, u), u->len, out_name_off, out_name_len))
    return 0;
  p = &r->units[i - 1];
  if (p->kind != K_PARAGRAPH || p->item || text_dialogue_dash(unit_text(r, p), p->len, 0))
    return 0;
  j = text_next_text_unit(r, i);
  return j < 0 || r->units[j].item ||
         !text_dialogue_dash(unit_text(r, &r->units[j]), r->units[j].len, 0);
}

/* Whether the n bytes at key occur in s[0..len). */
static int contains(const char *s, size_t len, const char *key, size_t n)
{
  size_t k;
  for (k = 0; k + n <= len; k++) {
    const char *c = memchr(s + k, key[0], len - n - k + 1);
    if (!c)
      return 0;
    k = (size_t)(c - s);
    if (memcmp(c, key, n) == 0)
      return 1;
  }
  return 0;
}

/* The pull-quote rule: in a text of one paragraph per line, a line that
 * is one quotation and nothing else (text_quoted_line_inner) whose
 * opening words stand word for word in another paragraph of the text is
 * the page repeating its own sentence to catch the eye: a pull quote,
 * set as a block quote.
 * + ”BRICS is a key element of the emerging multipolar world.“ (said
 *   earlier in an answer)
 * - "We will build the bridge by May." (said nowhere else) */
static int is_pull_quote(text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u), *key;
  size_t inner, n = PULL_QUOTE_KEY_BYTES, after;
  if (r->join || r->book || u->first != u->last || u->item || u->brk ||
      !(inner = text_quoted_line_inner(s, u->len)) || u->len < inner + n + 4)
    return 0;
  key = s + inner;
  while (n > 0 && ((unsigned char)key[n] & 0xC0) == 0x80)
    n--; /* end on a character's boundary */
  if (r->search_budget < r->norm.len)
    return 0;
  r->search_budget -= r->norm.len;
  after = u->off + u->len;
  return contains(r->norm.ptr, u->off, key, n) ||
         contains(r->norm.ptr + after, r->norm.len - after, key, n);
}

/* Numbered points a quoted document has at least. */
#define QUOTED_DOCUMENT_MIN_POINTS 2

/* Whether unit i can be a photo's caption line: one line, no sentence
 * end, short as a heading is, not a list item, break, date line or
 * byline.
 * + Дональд Трамп и Владимир Путин 16 июля 2018 года
 * - Об этом сообщил журналистам сам Трамп: */
static int is_caption_shaped(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  size_t off, nl;
  char iso[11];
  int32_t last;
  if (u->first != u->last || u->item || u->brk || u->quote || u->setext || u->terminal ||
      !text_is_short_line(s, u->len) || text_starts_lowercase(s, u->len))
    return 0;
  text_prev_cp(s, u->len, &last);
  if (last == ':' || last == ',' || last == ';')
    return 0;
  return !text_is_byline(s, u->len, &off, &nl) && !text_is_date_line(s, u->len, iso) &&
         !text_is_sign_off(s, u->len) && !text_is_furniture_line(s, u->len);
}

/* The quoted-document rule: a sentence that ends with a verb of saying
 * and a colon (text_introduces_quoted_text: "В документе говорится:",
 * "The decree reads:") followed by a document with numbered points of
 * its own, 1., 2., 3. ..., perhaps after a preamble that ends with a
 * colon ("... постановляю:"), is a quotation: a copy editor sets preamble
 * and points as one block quote, which ends where the points end and the
 * report resumes. A short line without a sentence end between the
 * introducing sentence and the document (a name: the photo beside it)
 * is its caption. Marks the units (quoted, caption).
 * + "В документе говорится:" / "Постановляю:" / "1. ..." / "2. ..." / report
 * - "Меры таковы:" / "1. ..." / "2. ..." (no verb of saying: a list) */
static void mark_quoted_documents(text_reader *r)
{
  int i, j, k, n, caption, preamble;
  for (i = 0; i + 1 < r->nunits; i++) {
    const text_unit *p = &r->units[i];
    if (p->item || p->brk || p->quote || p->setext ||
        !text_introduces_quoted_text(unit_text(r, p), p->len))
      continue;
    j = i + 1;
    caption = -1;
    preamble = -1;
    if (j + 1 < r->nunits && !r->units[j].item && is_caption_shaped(r, j) &&
        !r->units[j + 1].item) {
      caption = j;
      j++;
    }
    if (j < r->nunits && !r->units[j].item && !r->units[j].brk && !r->units[j].setext &&
        r->units[j].terminal &&
        text_introduces_quote(unit_text(r, &r->units[j]), r->units[j].len)) {
      preamble = j;
      j++;
    }
    for (k = j, n = 0; k < r->nunits; k++, n++) {
      const text_unit *v = &r->units[k];
      if (v->item != ITEM_NUMBERED || !v->en.digits || v->en.suffix ||
          v->en.decimal != n + 1 || v->en.delim != r->units[j].en.delim)
        break;
    }
    if (n < QUOTED_DOCUMENT_MIN_POINTS || (k < r->nunits && r->units[k].item))
      continue; /* no points, or a list that goes on unnumbered */
    if (caption >= 0)
      r->units[caption].caption = 1;
    if (preamble >= 0)
      r->units[preamble].quoted = 1;
    for (; j < k; j++)
      r->units[j].quoted = 1;
    i = k - 1;
  }
}

/* Caption lines above a lede at most (a photo or two, each with a line
 * or two); more short lines are something else, and the bound keeps the
 * look-ahead short. */
#define CAPTION_MAX_LINES 4

/* The caption-under-headline rule: in news of one paragraph per line,
 * short lines without a sentence end (is_caption_shaped) between the
 * headline and the lede, the last of them set directly above the lede
 * (a long sentence), name what the article's photos show: captions. A
 * section heading does not come before the lede.
 * + "Кокорин и Мамаев осуждены" / "Фото драки" / "8 мая завершился суд ..."
 * - "Annual report" / "" / "Introduction" / "" / "This report ..."
 * - "Rivers to share" / "Key Findings" / "The findings show ..." */
static int is_caption_under_headline(const text_reader *r, int i)
{
  int j;
  if (r->join || r->book || i == 0 || r->units[0].kind != K_TITLE)
    return 0;
  for (j = i; j < r->nunits && j - i <= CAPTION_MAX_LINES && is_caption_shaped(r, j); j++)
    if (j > i && r->units[j].blank_before)
      return 0;
  if (j >= r->nunits || j == i || j - i > CAPTION_MAX_LINES)
    return 0;
  {
    const text_unit *n = &r->units[j];
    if (n->item || n->brk || n->setext || n->quote || n->blank_before || !n->terminal ||
        n->chars <= TEXT_HEADING_MAX_CHARS)
      return 0;
  }
  /* common words in title case make a heading: "Key Findings" */
  for (j = i; is_caption_shaped(r, j); j++)
    if (text_next_text_unit(r, j) < 0 || text_name_words_in_vocabulary(r, j, text_next_text_unit(r, j), 1))
      return 0;
  return 1;
}

static int same_word(const char *a, const char *b, size_t n);
static size_t first_word_len(const char *s, size_t len);
/* Whether unit i is the sentence a bare chapter number stands over as
 * the chapter's title ("CHAPTER 1" / "How it happened that Mastro Cherry
 * ... found a piece of wood that wept and laughed like a child."): at
 * most CHAPTER_ARGUMENT_LINES lines right under the number, set apart
 * from the text that follows by a wider gap than the one above it.
 *   "CHAPTER 2" / "" / "Mastro Cherry gives ..." / "" / "" / "He ..."
 *   "CHAPTER 2" / "" / "It rained all night." / "" / "He ..." (the text) */
static int is_chapter_argument(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *p;
  int above;
  if (i == 0 || i + 1 >= r->nunits || u->item || u->quote || u->brk || u->setext ||
      u->last - u->first >= CHAPTER_ARGUMENT_LINES)
    return 0;
  p = &r->units[i - 1];
  if (p->kind != K_HEADING || !p->chapter || p->first != p->last ||
      first_word_len(unit_text(r, p), p->len) + 1 >= p->len ||
      memchr(unit_text(r, p) + first_word_len(unit_text(r, p), p->len) + 1, ' ',
             p->len - first_word_len(unit_text(r, p), p->len) - 1))
    return 0; /* a number alone: "CHAPTER 1", not "CHAPTER 1. The Mill" */
  above = text_blank_lines_before(r, u->first);
  return above >= 1 && text_blank_lines_before(r, r->units[i + 1].first) > above;
}


/* Whether the caption of unit i's picture marker is the text of the unit
 * after it, case aside: a headpiece over the heading it names
 * ("[Illustration: THE SHEPHERD'S FAIRY]" / "THE SHEPHERD'S FAIRY"). The
 * heading says it; the marker stays as typed, a placeholder, not a
 * second caption line. */
static int repeats_next_line(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *n;
  if (i + 1 >= r->nunits)
    return 0;
  n = &r->units[i + 1];
  return n->len == u->cap_len && same_word(unit_text(r, u) + u->cap_off, unit_text(r, n), n->len);
}

/* Words a question heading has at most ("Что будет дальше?"). */
#define QUESTION_HEADING_MAX_WORDS 8

/* The question-heading rule: news pasted from a web page asks some of
 * its subheadings ("What happens next?", "Что дальше?"): a line of its
 * own, short (QUESTION_HEADING_MAX_WORDS), one sentence ending in a
 * question mark, between a paragraph of prose that asks nothing and the
 * body text that answers it, is a heading like the article's other short
 * headings. Only in an article that has such headings already
 * (text_is_short_heading): elsewhere a short question between paragraphs is
 * an interview's or a story's line, and no book's.
 * + "Как изменится движение" / ... / "... рассказала жительница." /
 *   "Что дальше?" / "В акимате обещают ..."
 * - (no other heading) "... said the minister." / "Why now?" / "..." */
static void promote_question_headings(text_reader *r)
{
  int i, j, short_headings = 0;
  int32_t last;
  for (i = 0; i < r->nunits; i++)
    short_headings += r->units[i].kind == K_HEADING && r->units[i].style == STYLE_SHORT;
  if (short_headings == 0 || r->book)
    return;
  for (i = 1; i < r->nunits; i++) {
    text_unit *u = &r->units[i];
    const text_unit *p = &r->units[i - 1];
    const char *s = unit_text(r, u);
    if (u->kind != K_PARAGRAPH || u->dateline || u->first != u->last || u->item || u->quote ||
        u->chars > TEXT_HEADING_MAX_CHARS || !text_starts_like_heading(s, u->len) ||
        text_count_words(s, u->len, QUESTION_HEADING_MAX_WORDS) > QUESTION_HEADING_MAX_WORDS ||
        text_count_sentences(s, u->len, 1) != 1)
      continue;
    text_prev_cp(s, u->len, &last);
    if (last != '?' || p->kind != K_PARAGRAPH || p->shaped || p->item)
      continue;
    text_prev_cp(unit_text(r, p), p->len, &last);
    j = text_next_text_unit(r, i);
    if (last == '?' || !text_is_body_after(r, i, j))
      continue;
    u->kind = K_HEADING;
    u->rule = "question-heading";
    u->style = STYLE_SHORT;
  }
}

/* Framed headings nest by their marks, as a wiki's do: "== History =="
 * over "=== Closure ===". The fewest marks in the text are the upper
 * level, more marks the level below. */
static void nest_framed_headings(text_reader *r)
{
  int i, fewest = 0;
  for (i = 0; i < r->nunits; i++) {
    const text_unit *u = &r->units[i];
    int m = r->lines[u->first].framed;
    if (u->kind == K_HEADING && u->style == STYLE_BOXED && m > 0 && (fewest == 0 || m < fewest))
      fewest = m;
  }
  for (i = 0; i < r->nunits; i++) {
    text_unit *u = &r->units[i];
    if (u->kind == K_HEADING && u->style == STYLE_BOXED && r->lines[u->first].framed > fewest)
      u->style = STYLE_FRAMED_INNER;
  }
}

static void classify(text_reader *r)
{
  const galley_meta *meta = galley_doc_get_meta(r->doc);
  int want_title = !galley_meta_get(meta, "title") &&
                   !(r->opts && (r->opts->flags & GALLEY_OPT_NO_TITLE));
  int top = 1, i, paragraphs = 0, headings = 0, datelines = 0, lede_before_heading = 0, k;
  int on_title_page = 0; /* between a book's title page and its first heading */
  int seq[TEXT_SECTION_MAX_DEPTH + 1]; /* last section number at each depth */
  for (k = 0; k <= TEXT_SECTION_MAX_DEPTH; k++)
    seq[k] = -1;
  r->book = text_is_book(r);
  r->search_budget = PULL_QUOTE_SEARCH_FACTOR * r->norm.len;
  text_header_area(r);
  mark_quoted_documents(r);
  for (i = 0; i < r->nunits; i++) {
    text_unit *u = &r->units[i];
    const char *s = unit_text(r, u);
    size_t off, nl;
    char iso[11];
    int depth = 0, end;
    if (i == r->title_page)
      on_title_page = 1;
    if (u->header) {
      if (!text_is_top_kind(u->kind))
        top = 0; /* an edition's notice: the book's top is its title page */
      if (u->kind == K_DATE && u->iso[0] && !r->header_iso[0]) {
        memcpy(r->header_iso, u->iso, sizeof r->header_iso);
        r->date_rule = u->rule;
        r->date_line = u->line;
      }
      continue;
    }
    if (i > r->title_page && i <= r->centred_page_end) {
      size_t bo, bn;
      /* a line of a title page centred by hand: its byline, or the
       * date under that, or the imprint (text_centred_title_page) */
      u->kind = text_is_centred_byline(r, i) || text_is_byline(s, u->len, &bo, &bn) ? K_BYLINE
                                                                              : K_PARAGRAPH;
      u->rule = "centred-title-page";
      top = 0;
      continue;
    }
    u->kind = K_PARAGRAPH;
    u->rule = r->join ? "blank-line-paragraph" : "one-paragraph-per-line";
    if (u->dialogue)
      u->rule = "dialogue-turns";
    if (u->literal) {
      u->rule = "rst-literal-block";
      continue;
    }
    if (u->quoted) {
      u->kind = u->item ? K_ITEM : K_QUOTE;
      u->rule = "quoted-document";
    } else if (u->caption) {
      u->kind = K_CAPTION;
      u->rule = "caption-before-quotation";
      u->split = u->len; /* no credit */
    } else if (u->brk && (end = text_boxed_heading_end(r, i)) > 0) {
      /* "****" / "Appendix" / "The Manifesto" / "****": one heading */
      u->kind = K_OMIT;
      u->rule = "box-edge";
      for (k = i + 1; k < end; k++) {
        r->units[k].kind = K_HEADING;
        r->units[k].rule = "boxed-heading";
        r->units[k].style = STYLE_BOXED;
        r->units[k].box_line = k > i + 1;
      }
      r->units[end].kind = K_OMIT;
      r->units[end].rule = "box-edge";
      headings++;
      top = 0;
      i = end;
      continue;
    } else if (u->brk) {
      u->kind = K_BREAK;
      u->rule = "thematic-break";
    } else if ((end = text_closing_signature_start(r, i)) >= 0) {
      for (k = end; k <= i; k++) {
        r->units[k].kind = K_BYLINE; /* the office over the name, and the name */
        r->units[k].rule = "closing-signature";
      }
      if (i + 1 < r->nunits)
        r->act_date_from = i + 1;
    } else if (r->act_date_from > 0 && i >= r->act_date_from) {
      u->kind = K_BYLINE; /* the act's place and date under the signature */
      u->rule = "closing-signature";
    } else if (u->setext && top && want_title && i == 0 && i + 1 < r->nunits &&
               !text_has_other_setext(r, u->setext)) {
      u->kind = K_TITLE; /* an underlined first line, underlined alike nowhere else */
      u->rule = "derived-title-first-line";
    } else if (u->setext) {
      u->kind = K_HEADING;
      u->rule = "setext-underline";
      u->style = u->setext == '=' ? STYLE_SETEXT_EQ
                 : u->setext == '-' ? STYLE_SETEXT_DASH
                                    : STYLE_SETEXT_TILDE;
    } else if (text_is_chapter_heading(r, i)) {
      u->kind = K_HEADING;
      u->rule = u->chapter ? "chapter-line" : u->roman ? "roman-numeral-line"
                                                      : "unnumbered-division";
      u->style = chapter_style(u->chapter);
      r->chapter_seen = 1;
    } else if (u->first == u->last && r->lines[u->first].framed) {
      u->kind = K_HEADING; /* "== Early life ==", its marks taken off */
      u->rule = "framed-heading";
      u->style = STYLE_BOXED;
    } else if (is_chapter_argument(r, i)) {
      u->kind = K_HEADING;
      u->rule = "chapter-argument";
      u->style = STYLE_CAPS; /* under the number, as a title in capitals is */
    } else if (!u->item && i + 1 < r->nunits && r->units[i + 1].item == ITEM_CONTENTS &&
               book_is_contents_title(s, u->len)) {
      u->kind = K_HEADING;
      u->rule = "contents-title";
      u->style = STYLE_NONE; /* at the top level, whatever the divisions */
    } else if (text_is_numbered_term_unit(r, i)) {
      u->kind = K_PARAGRAPH; /* 1.1. "Contributor" */
      u->rule = "numbered-term";
      r->units[i + 1].definition = 1;
    } else if (text_is_section_heading(r, i, seq, &depth)) {
      u->kind = K_HEADING; /* "2. Methods" before its paragraphs */
      u->rule = "numbered-heading";
      u->style = STYLE_NUMBERED;
    } else if (text_is_numbered_clause(r, i)) {
      u->kind = K_PARAGRAPH; /* "  0. This License applies to ..." */
      u->rule = "numbered-clause";
    } else if (text_is_flush_numbered_heading(r, i)) {
      u->kind = K_HEADING; /* "4.14. What next?" flush left over indented text */
      u->rule = "flush-numbered-heading";
      u->style = STYLE_NUMBERED;
    } else if (u->item) {
      /* (a lone numbered line that is no heading is still an item) */
      u->kind = K_ITEM;
      u->rule = u->item == ITEM_BULLET     ? "bullet-item"
                : u->item == ITEM_CONTENTS ? "contents-entry"
                                           : "numbered-item";
    } else if (u->definition) {
      u->kind = K_PARAGRAPH;
      u->rule = "term-definition";
    } else if (text_is_end_marker(r, i)) {
      u->kind = K_PARAGRAPH; /* "END OF TERMS AND CONDITIONS" */
      u->rule = "end-marker";
    } else if (text_is_html_break_verse(r, i, &u->br_len)) {
      u->kind = K_QUOTE; /* verse saved from a web page, "<br>" ending each line */
      u->rule = "html-break-verse";
    } else if (!top && text_is_centred_byline(r, i)) {
      u->kind = K_BYLINE; /* "Written by Jane Roe" and its date, centred */
      u->rule = "centred-byline";
    } else if (r->book && text_is_centred_author_line(r, i)) {
      u->kind = K_BYLINE; /* the author block of a title page */
      u->rule = "centred-author";
    } else if (text_is_flush_right_signature(r, i)) {
      u->kind = K_BYLINE; /* "HUGH WALPOLE." pushed right under a preface */
      u->rule = "flush-right-signature";
    } else if (text_is_centred_unit(r, i)) {
      u->kind = K_HEADING;
      u->rule = "centred-line";
      u->style = STYLE_CENTRED;
    } else if (on_title_page && u->quote && text_is_title_page_line(r, i)) {
      size_t bo, bn;
      /* a title page set with a margin: its lines are no quotation */
      u->kind = text_is_byline(s, u->len, &bo, &bn) ? K_BYLINE : K_PARAGRAPH;
      u->rule = "title-page-line";
    } else if (u->quote) {
      u->kind = K_QUOTE;
      u->rule = "indented-quote";
    } else if (is_quote_before_attribution(r, i)) {
      u->kind = K_QUOTE;
      u->rule = "quote-before-attribution";
    } else if (is_pull_quote(r, i)) {
      u->kind = K_QUOTE;
      u->rule = "pull-quote";
    } else if (text_is_quote_after_colon(r, i)) {
      u->kind = K_QUOTE; /* "Источник издания сказал:" / the words said */
      u->rule = "quote-after-colon";
    } else if (u->notice) {
      u->kind = K_PARAGRAPH; /* "Copyright (c) 2021 ..." / "All rights reserved." */
      u->rule = "copyright-notice";
    } else if (u->keep_lines && u->last > u->first && !u->chapter && !u->roman) {
      u->kind = K_QUOTE; /* short lines after prose, each set as verse is */
      u->rule = "verse-lines";
    } else if (text_illustration_caption(s, u->len, &u->cap_off, &u->cap_len) &&
               !repeats_next_line(r, i)) {
      u->kind = K_CAPTION; /* a picture's caption, not its credit: the
                              marker's label names what stood there */
      u->rule = "illustration-caption";
      u->split = u->len; /* no credit */
    } else if (text_is_standalone_credit(s, u->len)) {
      u->kind = K_CREDIT;
      u->rule = "standalone-credit";
    } else if (text_has_caption_credit(s, u->len, &off)) {
      u->kind = K_CAPTION;
      u->rule = "caption-with-credit";
      u->split = off;
    } else if (is_signature_line(r, i, &off, &nl)) {
      u->kind = K_BYLINE; /* " -- The Debian Developers" under the last paragraph */
      u->rule = "signature-line";
      if (!r->signing_len) {
        r->signing_off = u->off + off;
        r->signing_len = nl;
      }
    } else if (text_is_byline(s, u->len, &off, &nl) && !text_is_label_in_field_list(r, i, off)) {
      u->kind = top ? K_BYLINE_TOP : K_BYLINE;
      u->rule = "byline";
      /* the byline at the top, or the one signing the article at its end
       * ("Автор: ..." closes Kazakh and Russian news), names the authors */
      if (top)
        text_take_authors(r, s + off, nl);
      else if (i + SIGNING_BYLINE_UNITS >= r->nunits && !r->signing_len) {
        r->signing_off = u->off + off; /* applied after the title block */
        r->signing_len = nl;
      }
    } else if (r->book && text_is_under_article_title(r, i) && text_is_byline_unit(r, i)) {
      u->kind = K_BYLINE; /* "BY MARY FENWICK." under an article's title */
      u->rule = "article-byline";
    } else if (r->book && i > 0 && u->first == u->last && r->units[i - 1].kind == K_PARAGRAPH &&
               book_is_signature_line(s, u->len)) {
      u->kind = K_BYLINE; /* "B. C. SAWARD." signing the article above */
      u->rule = "article-signature";
    } else if (top && want_title && i == 0 && !text_is_chapter_line(s, u->len) &&
               !text_opens_field_block(r, i) && text_is_title_line(r, i)) {
      u->kind = K_TITLE;
      u->rule = "derived-title-first-line";
    } else if (top && i == 0 && galley_meta_get(meta, "title") && u->first == u->last &&
               strcmp(galley_meta_get(meta, "title"), s) == 0) {
      u->kind = K_TITLE; /* the title line repeats the metadata's title */
      u->rule = "title-repeats-metadata";
    } else if (top && i == 1 && r->units[0].kind == K_TITLE && u->first == u->last &&
               u->chars <= TEXT_TITLE_MAX_CHARS && i + 1 < r->nunits &&
               !galley_meta_get(meta, "subtitle") &&
               (text_is_byline(unit_text(r, &r->units[2]), r->units[2].len, &off, &nl) ||
                text_is_date_line(unit_text(r, &r->units[2]), r->units[2].len, iso))) {
      u->kind = K_SUBTITLE;
      u->rule = "subtitle-before-byline";
    } else if (top && text_is_date_line(s, u->len, iso)) {
      u->kind = K_DATE;
      u->rule = "date-line";
      if (!galley_meta_get(meta, "date") && !r->header_iso[0] && iso[0]) {
        galley_doc_apply_meta(r->doc, "date", iso, 1);
        r->date_rule = u->rule;
        r->date_line = u->line;
        r->date_text = s;
        r->date_text_len = u->len;
      }
    } else if (top && is_caption_under_headline(r, i)) {
      u->kind = K_CAPTION;
      u->rule = "caption-under-headline";
      u->split = u->len; /* no credit */
    } else if (r->title_page >= 0 && i > r->title_page && !r->chapter_seen &&
               u->first == u->last && u->chapter == TEXT_CHAPTER_NONE &&
               book_is_imprint_line(s, u->len)) {
      /* the publisher's imprint at the foot of a title page is no heading */
      u->kind = K_PARAGRAPH;
      u->rule = "imprint-line";
    } else if (text_is_all_caps_line(s, u->len) && text_is_caps_heading_context(r, i) &&
               !text_has_dateline(s, u->len, &off)) {
      u->kind = K_HEADING;
      u->rule = "all-caps-line";
      u->style = STYLE_CAPS;
    } else if (!u->item && text_is_short_heading(r, i)) {
      u->kind = K_HEADING;
      u->rule = "short-line-without-terminal-punctuation";
      u->style = STYLE_SHORT;
    } else if (text_is_heading_after_break(r, i)) {
      u->kind = K_HEADING;
      u->rule = "heading-after-break";
      u->style = STYLE_SHORT;
    }
    if (u->kind == K_HEADING) {
      headings++;
      on_title_page = 0;
    }
    /* section numbers: the depth of a numbered heading (its level), and
     * the sequence later section headings continue */
    {
      int d, last;
      size_t ml;
      if (text_is_section_number(s, u->len, &d, &last, &ml) &&
          (u->kind == K_HEADING || d >= 2)) {
        if (u->kind == K_HEADING)
          u->section_depth = d;
        seq[d] = last;
        for (k = d + 1; k <= TEXT_SECTION_MAX_DEPTH; k++)
          seq[k] = -1;
      }
    }
    /* the dateline: at the start of one of the first paragraphs of the
     * article (or of the first section, when the article opens with a
     * heading); once one is found, at the start of any paragraph, as in a
     * page of news briefs */
    if (u->kind == K_PARAGRAPH) {
      if (datelines > 0 ||
          (paragraphs < DATELINE_PARAGRAPHS && (headings == 0 || !lede_before_heading))) {
        if (text_has_dateline(s, u->len, &off)) {
          u->dateline = 1;
          u->split = off;
          u->rule = "dateline-lede";
          datelines++;
        }
      }
      paragraphs++;
      if (headings == 0)
        lede_before_heading = 1;
    }
    if (!text_is_top_kind(u->kind))
      top = 0;
  }
  promote_question_headings(r);
  nest_framed_headings(r);
}

/* Whether the n bytes at a and b spell the same word but for case. */
static int same_word(const char *a, const char *b, size_t n)
{
  size_t i = 0;
  while (i < n) {
    int32_t x, y;
    size_t k = text_next_cp(a, n, i, &x);
    text_next_cp(b, n, i, &y);
    if (text_to_lower(x) != text_to_lower(y))
      return 0;
    i += k;
  }
  return 1;
}

/* Bytes of the first word of s. */
static size_t first_word_len(const char *s, size_t len)
{
  size_t n = 0;
  while (n < len && s[n] != ' ')
    n++;
  return n;
}

/* Levels from position: where a division heading stands directly above
 * another of the same rank named by another word ("PART I" over "Book I.
 * The History Of A Family", "Teil 1" over "Buch 1", "EPILOGUE" over
 * "Chapter I."), the upper word ranks one step higher throughout the
 * book. */
static void rank_divisions_by_position(text_reader *r)
{
  int i, k;
  for (i = 0; i + 1 < r->nunits; i++) {
    const text_unit *u = &r->units[i], *n = &r->units[i + 1];
    const char *a = unit_text(r, u), *b = unit_text(r, n);
    size_t al = first_word_len(a, u->len), bl = first_word_len(b, n->len);
    heading_style style = u->style; /* u itself is raised below */
    text_chapter_kind kind = u->chapter;
    if (u->kind != K_HEADING || n->kind != K_HEADING || !is_division_style(u->style) ||
        u->style != n->style || u->style == STYLE_VOLUME || u->roman || n->roman ||
        (al == bl && same_word(a, b, al)))
      continue;
    for (k = 0; k < r->nunits; k++) {
      text_unit *w = &r->units[k];
      if (w->kind == K_HEADING && w->chapter == kind && w->style == style &&
          first_word_len(unit_text(r, w), w->len) == al &&
          same_word(unit_text(r, w), a, al))
        w->style = (heading_style)(w->style - 1);
    }
  }
}

/* Heading levels. The conventions rank, strongest first: Part, Chapter,
 * "=" underline, ALL CAPS, "-" underline, "~" underline, short line. The convention of
 * the first heading is the top level, with every stronger one beside it
 * (an article that opens with a short-line heading and later has an
 * ALL-CAPS one is inconsistent, not nested); each weaker convention
 * present is one level further down. */
static void assign_levels(const text_reader *r, int *out_level)
{
  static const heading_style rank[] = {
      STYLE_VOLUME,    STYLE_PART,         STYLE_CHAPTER,     STYLE_SECTION,
      STYLE_BOXED,     STYLE_FRAMED_INNER, STYLE_SETEXT_EQ,   STYLE_CENTRED,
      STYLE_CAPS,      STYLE_SETEXT_DASH,  STYLE_SETEXT_TILDE, STYLE_NUMBERED,
      STYLE_SHORT};
  int seen[STYLE_COUNT] = {0}, i, k, level = 1, below = 0, divisions = 0;
  heading_style first = STYLE_NONE;
  for (i = 0; i < STYLE_COUNT; i++)
    out_level[i] = 1;
  for (i = 0; i < r->nunits; i++)
    if (r->units[i].kind == K_HEADING) {
      seen[r->units[i].style] = 1;
      if (first == STYLE_NONE)
        first = r->units[i].style;
    }
  /* the divisions of a book nest by their words, whatever comes first:
   * Volume over Part over Chapter over Section */
  for (k = 0; k < (int)(sizeof rank / sizeof *rank) && is_division_style(rank[k]); k++)
    if (seen[rank[k]])
      out_level[rank[k]] = ++divisions;
  if (r->book && divisions > 0) {
    /* in a book, every other convention is one level below the
     * divisions (front matter, a chapter's inner headings), unless its
     * headings stand directly above division headings: then they head
     * the divisions ("ADVENTURE I. A SCANDAL IN BOHEMIA" over "I.") */
    heading_style over = STYLE_NONE;
    int j;
    for (i = 0; i + 1 < r->nunits && over == STYLE_NONE; i++)
      if (r->units[i].kind == K_HEADING && r->units[i + 1].kind == K_HEADING &&
          r->units[i].style != STYLE_NONE && !is_division_style(r->units[i].style) &&
          is_division_style(r->units[i + 1].style))
        over = r->units[i].style;
    for (; k < (int)(sizeof rank / sizeof *rank); k++)
      out_level[rank[k]] = divisions < 5 ? divisions + 1 + (over != STYLE_NONE) : 6;
    if (over != STYLE_NONE) {
      for (j = 0; j < STYLE_COUNT; j++)
        if (is_division_style((heading_style)j) && seen[j])
          out_level[j]++;
      out_level[over] = 1;
    }
    return;
  }
  if (is_division_style(first))
    level = divisions; /* the other conventions go below the deepest */
  for (k = 0; k < (int)(sizeof rank / sizeof *rank); k++) {
    if (rank[k] == first)
      below = 1;
    if (is_division_style(rank[k]))
      continue;
    if (rank[k] != first && below && seen[rank[k]] && level < 6)
      level++;
    out_level[rank[k]] = below ? level : 1;
  }
}

/* ------------------------------------------------------------------ */
/* Tree                                                                */
/* ------------------------------------------------------------------ */

static galley_node *block(galley_node_type type, const text_unit *u, const char *rule)
{
  galley_node *n = galley_node_new(type);
  galley_node_set_line(n, u->line);
  galley_node_set_rule(n, rule);
  return n;
}

/* A literal block's lines as typed, their common indentation taken off,
 * blank lines between them kept. */
static galley_node *code_block(const text_reader *r, const text_unit *u)
{
  galley_node *n = block(GALLEY_NODE_CODE_BLOCK, u, u->rule);
  galley_buf b;
  int k, col;
  galley_buf_init(&b);
  for (k = u->first; k <= u->last; k++) {
    const text_line *l = &r->lines[k];
    if (k > u->first)
      galley_buf_putc(&b, '\n');
    for (col = u->indent; l->len > 0 && col < l->indent; col++)
      galley_buf_putc(&b, ' ');
    galley_buf_put(&b, line_text(r, l), l->len);
  }
  galley_node_set_literal(n, b.ptr ? b.ptr : "", b.len);
  galley_buf_free(&b);
  return n;
}

static galley_node *text_block(galley_node_type type, const text_unit *u,
                               const char *s, size_t len)
{
  galley_node *n = block(type, u, u->rule);
  if (len)
    galley_node_append_text(n, s, len);
  return n;
}

static size_t trim_end(const char *s, size_t len)
{
  while (len > 0 && s[len - 1] == ' ')
    len--;
  return len;
}

/* Appends the lines of u to n, each normalised as in its unit, with a
 * line break between them (keep_lines units). */
static void append_lines(const text_reader *r, const text_unit *u, galley_node *n)
{
  const char *s = unit_text(r, u);
  size_t off = 0;
  int k, first = 1;
  for (k = u->first; k <= u->last && off < u->len; k++) {
    const text_line *l = &r->lines[k];
    size_t n_bytes = 0, i = 0;
    if (l->len == 0 || text_is_setext_underline(line_text(r, l), l->len))
      continue;
    /* the normalised line is as long as the line with its white space
     * runs made one space */
    while (i < l->len) {
      const char *t = line_text(r, l);
      if (t[i] == ' ' || t[i] == '\t') {
        while (i < l->len && (t[i] == ' ' || t[i] == '\t'))
          i++;
        n_bytes++;
      } else {
        i++;
        n_bytes++;
      }
    }
    if (!first) {
      galley_node_append_child(n, galley_node_new(GALLEY_NODE_LINEBREAK));
      off++; /* the space that joined the lines */
    }
    if (n_bytes > u->len - off)
      n_bytes = u->len - off;
    galley_node_append_text(n, s + off, n_bytes);
    off += n_bytes;
    first = 0;
  }
}

static galley_node *paragraph(const text_reader *r, const text_unit *u, const char *rule)
{
  const char *s = unit_text(r, u);
  galley_node *p = block(GALLEY_NODE_PARAGRAPH, u, rule);
  if (u->keep_lines && !u->dateline) {
    append_lines(r, u, p);
  } else if (u->dateline) {
    galley_node *d = galley_node_new(GALLEY_NODE_DATELINE);
    galley_node_set_line(d, u->line);
    galley_node_append_text(d, s, u->split);
    galley_node_append_child(p, d);
    galley_node_append_text(p, s + u->split, u->len - u->split);
  } else if (u->len) {
    galley_node_append_text(p, s, u->len);
  }
  return p;
}

/* ------------------------------------------------------------------ */
/* Lists: nesting by indentation, numbering kept as written            */
/* ------------------------------------------------------------------ */

/* Deepest nesting of lists kept; items deeper still join the deepest. */
#define LIST_MAX_DEPTH 8

/* One list open while the tree is built. */
typedef struct open_list {
  galley_node *list;      /* borrowed: owned by the tree */
  galley_node *last_item; /* borrowed */
  int unit;               /* the unit of its first item */
  int indent;             /* its items' indentation */
  int as_written;         /* irregular: each item keeps its marker */
} open_list;

/* Whether unit b's item can follow unit a's in one list: the same kind of
 * marker (the same bullet; digits, or letters of one case, with the same
 * delimiter). */
int text_same_list_marker(const text_unit *a, const text_unit *b)
{
  if (a->item != b->item)
    return 0;
  if (a->item == ITEM_BULLET)
    return a->marker == b->marker;
  return a->en.delim == b->en.delim && a->en.digits == b->en.digits &&
         a->en.upper == b->en.upper;
}

int text_near_indent(int a, int b)
{
  return a - b <= LIST_INDENT_SLACK && b - a <= LIST_INDENT_SLACK;
}

static int consecutive(const int *v, int n)
{
  int k;
  for (k = 0; k < n; k++)
    if (v[k] <= 0 || (k > 0 && v[k] != v[k - 1] + 1))
      return 0;
  return 1;
}

/* The numbering of the ordered list whose first item is unit `first`:
 * its items are the units after it at its indentation with a marker of
 * the same kind, past nested items and continuation paragraphs. Letters
 * or roman numerals are told apart by the sequence (i, ii, iii counts in
 * numerals; h, i, j in letters; a lone "i" is a numeral, a lone "v" a
 * letter). Writes the style and start, and returns 1 when the markers
 * run in sequence (else each item keeps its marker as written). */
static int decide_numbering(const text_reader *r, int first, galley_list_style *out_style,
                            int *out_start)
{
  const text_unit *u = &r->units[first];
  int *dec, *alpha, *roman, n = 0, cap = 16, j, regular, alpha_ok = 1, roman_ok = 1;
  int suffix = 0;
  dec = galley_xreallocarray(NULL, (size_t)cap, sizeof *dec);
  alpha = galley_xreallocarray(NULL, (size_t)cap, sizeof *alpha);
  roman = galley_xreallocarray(NULL, (size_t)cap, sizeof *roman);
  for (j = first; j < r->nunits; j++) {
    const text_unit *v = &r->units[j];
    if (j > first && ((v->kind == K_QUOTE && (v->blank_before || v->indent > u->indent)) ||
                      (v->kind == K_PARAGRAPH && v->indent > u->indent + LIST_INDENT_SLACK &&
                       v->first == r->units[j - 1].last + 1)))
      continue; /* an item's continuation */
    if (v->kind != K_ITEM || v->indent < u->indent - LIST_INDENT_SLACK)
      break;
    if (v->indent > u->indent + LIST_INDENT_SLACK)
      continue; /* a nested list */
    if (!text_same_list_marker(u, v))
      break;
    if (n == cap) {
      cap *= 2;
      dec = galley_xreallocarray(dec, (size_t)cap, sizeof *dec);
      alpha = galley_xreallocarray(alpha, (size_t)cap, sizeof *alpha);
      roman = galley_xreallocarray(roman, (size_t)cap, sizeof *roman);
    }
    dec[n] = v->en.decimal;
    alpha[n] = v->en.alpha;
    roman[n] = v->en.roman;
    alpha_ok = alpha_ok && v->en.alpha;
    roman_ok = roman_ok && v->en.roman;
    suffix = suffix || v->en.suffix;
    n++;
  }
  if (u->en.digits) {
    *out_style = GALLEY_LIST_DECIMAL;
    *out_start = dec[0];
    /* "0." starts at zero, as the GPL counts its sections */
    regular = !suffix && (consecutive(dec, n) || (dec[0] == 0 && (n == 1 || consecutive(dec + 1, n - 1)) &&
                                                  (n == 1 || dec[1] == 1)));
  } else {
    int alpha_seq = alpha_ok && consecutive(alpha, n);
    int roman_seq = roman_ok && consecutive(roman, n);
    int use_roman = roman_seq ? (!alpha_seq || roman[0] == 1) : (!alpha_seq && roman_ok);
    *out_style = use_roman ? (u->en.upper ? GALLEY_LIST_UPPER_ROMAN : GALLEY_LIST_LOWER_ROMAN)
                           : (u->en.upper ? GALLEY_LIST_UPPER_ALPHA : GALLEY_LIST_LOWER_ALPHA);
    *out_start = use_roman ? roman[0] : alpha[0];
    regular = use_roman ? roman_seq : alpha_seq;
  }
  free(dec);
  free(alpha);
  free(roman);
  return regular;
}

/* Opens a list for item unit i, under `parent` (the root or an item). */
static open_list open_list_for(const text_reader *r, int i, galley_node *parent)
{
  const text_unit *u = &r->units[i];
  open_list o;
  int ordered = u->item == ITEM_NUMBERED;
  memset(&o, 0, sizeof o);
  o.list = block(GALLEY_NODE_LIST, u, u->rule);
  o.unit = i;
  o.indent = u->indent;
  if (ordered) {
    galley_list_style style;
    int start;
    o.as_written = !decide_numbering(r, i, &style, &start);
    galley_node_set_list(o.list, 1, start, 1);
    galley_node_set_list_numbering(o.list, style,
                                   u->en.delim == '(' ? GALLEY_LIST_PARENS
                                   : u->en.delim == ')' ? GALLEY_LIST_PAREN
                                                        : GALLEY_LIST_PERIOD);
  } else {
    galley_node_set_list(o.list, 0, 1, 1);
  }
  galley_node_append_child(parent, o.list);
  return o;
}

/* Adds item unit i to the lists open in stack[0..*depth), opening,
 * nesting or closing lists by its marker and indentation. */
static void add_item(const text_reader *r, int i, galley_node *root, open_list *stack,
                     int *depth)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  open_list *top;
  galley_node *item, *p;
  /* a contents list is flat whatever its indentation: its numbers are
   * often set flush right ("   I.", "  II.", " III.") */
  if (u->item == ITEM_CONTENTS && *depth > 0 &&
      r->units[stack[*depth - 1].unit].item == ITEM_CONTENTS) {
    top = &stack[*depth - 1];
    goto add;
  }
  /* close the lists this item is to the left of, and a list of another
   * marker at its own level */
  while (*depth > 0 && stack[*depth - 1].indent > u->indent + LIST_INDENT_SLACK)
    (*depth)--;
  if (*depth > 0 && text_near_indent(stack[*depth - 1].indent, u->indent) &&
      !text_same_list_marker(&r->units[stack[*depth - 1].unit], u))
    (*depth)--;
  top = *depth > 0 ? &stack[*depth - 1] : NULL;
  if (!top || (!text_near_indent(top->indent, u->indent) && *depth < LIST_MAX_DEPTH)) {
    /* a new list: nested in the item above when indented under it */
    galley_node *parent = top && top->last_item && u->indent > top->indent ? top->last_item : root;
    if (parent == root)
      *depth = 0;
    stack[*depth] = open_list_for(r, i, parent);
    top = &stack[(*depth)++];
  } else if (u->blank_before) {
    galley_node_set_list(top->list, galley_node_get_list_ordered(top->list),
                         galley_node_get_list_start(top->list), 0);
  }
add:
  item = block(GALLEY_NODE_ITEM, u, u->rule);
  if (top->as_written) {
    /* an irregular sequence (1, 2, 2a, 4) is never renumbered */
    char *m = galley_xstrndup(s, u->en.len);
    galley_node_set_item_marker(item, m);
    free(m);
  }
  p = block(GALLEY_NODE_PARAGRAPH, u, u->rule);
  galley_node_append_text(p, s + u->marker_len, u->len - u->marker_len);
  galley_node_append_child(item, p);
  galley_node_append_child(top->list, item);
  top->last_item = item;
}

static void build_tree(text_reader *r, galley_node *tb)
{
  galley_node *root = galley_doc_get_root(r->doc);
  galley_node *quote = NULL;
  open_list lists[LIST_MAX_DEPTH];
  int depth = 0; /* lists open */
  int levels[STYLE_COUNT];
  int i, min_depth = 0, base = 1;
  rank_divisions_by_position(r);
  assign_levels(r, levels);
  /* Numbered headings take their level from their number: the shallowest
   * numbers ("2.") at the level of the first of them, by its convention
   * (underlined, or a numbered line), and each further group one deeper
   * ("2.1." below "2."). */
  for (i = 0; i < r->nunits; i++) {
    const text_unit *u = &r->units[i];
    if (u->kind == K_HEADING && u->section_depth &&
        (!min_depth || u->section_depth < min_depth)) {
      min_depth = u->section_depth;
      base = levels[u->style] ? levels[u->style] : 1;
    }
  }
  for (i = 0; i < r->nunits; i++) {
    const text_unit *u = &r->units[i];
    const char *s = unit_text(r, u);
    galley_node *n = NULL;
    if (u->kind == K_PARAGRAPH && depth > 0 && lists[depth - 1].last_item &&
        u->indent > lists[depth - 1].indent + LIST_INDENT_SLACK && !u->dateline &&
        u->first == r->units[i - 1].last + 1) {
      /* text hanging under an item's number, right below it, is the
       * item's own (the body under "1. Free Redistribution"); no blank
       * line came between, so the list stays tight */
      galley_node_append_child(lists[depth - 1].last_item,
                               paragraph(r, u, "item-continuation"));
      continue;
    }
    if (u->literal) {
      depth = 0;
      quote = NULL;
      galley_node_append_child(root, code_block(r, u));
      continue;
    }
    if (u->kind != K_ITEM && !(u->kind == K_QUOTE && depth > 0))
      depth = 0;
    if (u->kind != K_QUOTE && !(u->kind == K_ITEM && u->quoted))
      quote = NULL;
    if (i == r->title_page && i > 0) {
      /* the title page comes after an edition's notice: so does the
       * title block, in reading order */
      galley_node_unlink(tb);
      galley_node_append_child(root, tb);
    }
    switch (u->kind) {
    case K_TITLE:
      galley_node_append_child(tb, text_block(GALLEY_NODE_TITLE, u, s, u->len));
      r->title_rule = u->rule;
      r->title_line = u->line;
      {
        char *t = galley_xstrndup(s, u->len);
        galley_doc_apply_meta(r->doc, "title", t, 1);
        free(t);
      }
      break;
    case K_SUBTITLE:
      galley_node_append_child(tb, text_block(GALLEY_NODE_SUBTITLE, u, s, u->len));
      {
        char *t = galley_xstrndup(s, u->len);
        galley_doc_apply_meta(r->doc, "subtitle", t, 1);
        free(t);
      }
      break;
    case K_BYLINE_TOP:
      if (u->header && strcmp(u->rule, "byline-after-byline-word") == 0 &&
          galley_node_last_child(tb) &&
          galley_node_get_type(galley_node_last_child(tb)) == GALLEY_NODE_BYLINE) {
        /* "by" / "SIR ARTHUR CONAN DOYLE": one byline, as it reads */
        galley_node *by = galley_node_last_child(tb);
        galley_node_append_text(by, " ", 1);
        galley_node_append_text(by, s, u->len);
        break;
      }
      if (u->header) {
        galley_node_append_child(tb, text_block(GALLEY_NODE_BYLINE, u, s, u->len));
        break;
      }
      if (!galley_node_last_child(tb) ||
          galley_node_get_type(galley_node_last_child(tb)) != GALLEY_NODE_BYLINE) {
        galley_node_append_child(tb, text_block(GALLEY_NODE_BYLINE, u, s, u->len));
        break;
      }
      n = text_block(GALLEY_NODE_BYLINE, u, s, u->len); /* a second one */
      break;
    case K_BYLINE:
      n = text_block(GALLEY_NODE_BYLINE, u, s, u->len);
      break;
    case K_DATE:
      if (u->header) {
        /* as written, in reading order; the metadata gets the ISO date */
        galley_node_append_child(tb, text_block(GALLEY_NODE_DATE, u, s, u->len));
        break;
      }
      if (r->date_text == s) /* the title block shows it (see below) */
        break;
      n = paragraph(r, u, u->rule);
      break;
    case K_OMIT:
      break;
    case K_HEADING:
      if (u->box_line && i > 0 && r->units[i - 1].kind == K_HEADING) {
        /* a further line of a boxed heading joins the line above it */
        galley_node *h = galley_node_last_child(root);
        if (h && galley_node_get_type(h) == GALLEY_NODE_HEADING) {
          galley_node_append_child(h, galley_node_new(GALLEY_NODE_LINEBREAK));
          galley_node_append_text(h, s, u->len);
          break;
        }
      }
      if (u->keep_lines) {
        n = block(GALLEY_NODE_HEADING, u, u->rule);
        append_lines(r, u, n);
      } else {
        n = text_block(GALLEY_NODE_HEADING, u, s, u->len);
      }
      if (u->section_depth) {
        int level = base + u->section_depth - min_depth;
        galley_node_set_level(n, level < 6 ? level : 6);
      } else {
        /* a contents list is headed at the top level, beside the parts */
        galley_node_set_level(n, strcmp(u->rule, "contents-title") == 0 ? 1
                                 : levels[u->style]                     ? levels[u->style]
                                                                        : 1);
      }
      break;
    case K_CAPTION: {
      size_t cl = trim_end(s, u->split);
      n = block(GALLEY_NODE_FIGURE, u, u->rule);
      if (u->cap_len > 0) /* "[Illustration: caption]": the caption alone */
        galley_node_append_child(n, text_block(GALLEY_NODE_CAPTION, u, s + u->cap_off,
                                               u->cap_len));
      else
        galley_node_append_child(n, text_block(GALLEY_NODE_CAPTION, u, s, cl));
      if (u->split < u->len) /* else a caption without a credit */
        galley_node_append_child(n, text_block(GALLEY_NODE_CREDIT, u, s + u->split,
                                               u->len - u->split));
      break;
    }
    case K_CREDIT:
      n = block(GALLEY_NODE_FIGURE, u, u->rule);
      galley_node_append_child(n, text_block(GALLEY_NODE_CREDIT, u, s, u->len));
      break;
    case K_BREAK:
      n = block(GALLEY_NODE_THEMATIC_BREAK, u, u->rule);
      break;
    case K_ITEM:
      if (u->quoted) {
        /* the numbered points of a quoted document, inside its quote */
        if (!quote) {
          quote = block(GALLEY_NODE_BLOCK_QUOTE, u, u->rule);
          galley_node_append_child(root, quote);
          depth = 0;
        }
        add_item(r, i, quote, lists, &depth);
        /* set close, as the quotation of one document: the blank lines
         * between its points are the page's, not the document's */
        {
          galley_node *list = lists[depth - 1].list;
          galley_node_set_list(list, galley_node_get_list_ordered(list),
                               galley_node_get_list_start(list), 1);
        }
        break;
      }
      add_item(r, i, root, lists, &depth);
      break;
    case K_QUOTE:
      if (depth > 0 && lists[depth - 1].last_item &&
          (u->blank_before || u->indent > lists[depth - 1].indent + LIST_INDENT_SLACK)) {
        /* an indented paragraph after an item (or hanging under it)
         * continues that item */
        galley_node *list = lists[depth - 1].list;
        galley_node_append_child(lists[depth - 1].last_item,
                                 paragraph(r, u, "item-continuation"));
        if (u->blank_before)
          galley_node_set_list(list, galley_node_get_list_ordered(list),
                               galley_node_get_list_start(list), 0);
        break;
      }
      depth = 0;
      if (!quote) {
        quote = block(GALLEY_NODE_BLOCK_QUOTE, u, u->rule);
        galley_node_append_child(root, quote);
      }
      if (u->br_len) {
        /* each tagged line is a line of one stanza: a line break, not a
         * new paragraph, where the page had its tag. The tag itself is
         * kept as typed, since the word-fidelity check counts it as a
         * word (drop it, s up to u->br_len, once the check folds it). */
        galley_node *last = galley_node_last_child(quote);
        if (i > 0 && r->units[i - 1].br_len && last) {
          galley_node_append_child(last, galley_node_new(GALLEY_NODE_LINEBREAK));
          galley_node_append_text(last, s, u->len);
        } else {
          galley_node *p = block(GALLEY_NODE_PARAGRAPH, u, u->rule);
          galley_node_append_text(p, s, u->len);
          galley_node_append_child(quote, p);
        }
        break;
      }
      galley_node_append_child(quote, paragraph(r, u, u->rule));
      break;
    case K_PARAGRAPH:
      n = paragraph(r, u, u->rule);
      break;
    }
    if (n)
      galley_node_append_child(root, n);
  }
}

/* ------------------------------------------------------------------ */
/* Title                                                               */
/* ------------------------------------------------------------------ */

/* After galley_doc_sync_title_block: gives the title block's pieces the
 * rule and line they came from. */
static void label_title_block(text_reader *r, galley_node *tb)
{
  galley_node *c;
  for (c = galley_node_first_child(tb); c; c = galley_node_next(c)) {
    galley_node_type t = galley_node_get_type(c);
    if (galley_node_get_rule(c))
      continue;
    if (t == GALLEY_NODE_TITLE) {
      galley_node_set_rule(c, r->title_rule ? r->title_rule : "metadata");
      galley_node_set_line(c, r->title_line);
    } else if (t == GALLEY_NODE_SUBTITLE) {
      galley_node_set_rule(c, r->subtitle_rule ? r->subtitle_rule : "metadata");
      galley_node_set_line(c, r->subtitle_line);
    } else if (t == GALLEY_NODE_DATE) {
      galley_node_set_rule(c, r->date_rule ? r->date_rule : "metadata");
      galley_node_set_line(c, r->date_line);
      if (r->date_text) {
        /* show the date as written, "Published March 3, 2024" */
        while (galley_node_first_child(c))
          galley_node_free(galley_node_first_child(c));
        galley_node_append_text(c, r->date_text, r->date_text_len);
      }
    } else if (t == GALLEY_NODE_BYLINE) {
      galley_node_set_rule(c, r->meta_block_line ? "metadata-block" : "metadata");
      galley_node_set_line(c, r->meta_block_line);
    }
  }
  if (r->meta_block_line) {
    galley_node_set_rule(tb, "metadata-block");
    galley_node_set_line(tb, r->meta_block_line);
  } else if (galley_node_first_child(tb)) {
    galley_node_set_rule(tb, galley_node_get_rule(galley_node_first_child(tb)));
    galley_node_set_line(tb, galley_node_get_line(galley_node_first_child(tb)));
  }
}

/* ------------------------------------------------------------------ */
/* Language                                                            */
/* ------------------------------------------------------------------ */

/* When no metadata names the language, a guess from the script of the
 * text's letters (galley_guess_language: a static tag, or NULL when
 * metadata names one or the script does not tell), since the writers
 * otherwise declare English (wrong for screen readers, hyphenation and
 * the direction of the text); *out_rule says which letters decided. */
static const char *guess_language(const text_reader *r, const char **out_rule)
{
  *out_rule = NULL;
  if (galley_meta_get(galley_doc_get_meta(r->doc), "language"))
    return NULL;
  return galley_guess_language(r->clean.ptr, r->clean.len, out_rule);
}

/* ------------------------------------------------------------------ */
/* Entry point                                                         */
/* ------------------------------------------------------------------ */

galley_doc *galley_read_text(const char *text, size_t len,
                             const galley_read_options *opts, galley_diag *diag,
                             galley_error *err)
{
  text_reader r;
  galley_node *root, *tb;
  const char *language; /* static: the language guessed from the script */
  const char *language_rule; /* static: the letters that told it */
  galley_read_options given;
  galley_error_clear(err);
  if (opts) {
    if (galley_options_take(&given, sizeof given, opts, "galley_read_options", err) !=
        GALLEY_OK)
      return NULL;
    opts = &given;
  }
  if (!text && len > 0) {
    galley_error_set(err, GALLEY_ERR_USAGE, 0, "no text given to the text reader");
    return NULL;
  }
  memset(&r, 0, sizeof r);
  r.opts = opts;
  r.diag = diag;
  r.doc = galley_doc_new();
  root = galley_doc_get_root(r.doc);
  text_decode(&r, text ? text : "", len);
  text_unframe_boxes(&r);
  text_unframe_headings(&r);
  text_read_metadata(&r);
  text_mark_lettered_clauses(&r); /* before text_detect_convention counts items */
  text_detect_convention(&r);
  text_build_units(&r);
  text_measure_units(&r);
  classify(&r);

  /* The title block comes first; the tree builder fills in what the text
   * shows (a title line, a byline), then sync adds what only the
   * metadata says. */
  tb = galley_node_new(GALLEY_NODE_TITLE_BLOCK);
  galley_node_append_child(root, tb);
  build_tree(&r, tb);
  if (!(opts && (opts->flags & GALLEY_OPT_NO_SMART)))
    text_apply_emphasis(root); /* _words_ and *words*: text_emph.h */
  language = guess_language(&r, &language_rule); /* an untitled article's word is in it */
  if (!galley_meta_get(galley_doc_get_meta(r.doc), "title") &&
      !(opts && (opts->flags & GALLEY_OPT_NO_TITLE))) {
    const char *rule = galley_title_apply_file_name(r.doc, opts ? opts->file_name : NULL,
                                                    language, diag);
    if (rule) {
      r.title_rule = rule;
      r.title_line = 0;
    }
  }
  galley_doc_set_guessed_language(r.doc, language, language_rule);
  galley_doc_sync_title_block(r.doc);
  /* The names of a byline that signs the article at its end are its
   * authors when nothing else named them; after the sync, so the title
   * block does not repeat them. */
  if (r.signing_len && !r.authors_given)
    text_add_authors(&r, r.norm.ptr + r.signing_off, r.signing_len, 1);
  /* An edition's notice names the book as its fields spell it: the
   * title as "Title:" gives it (not in a title page's capitals), the
   * authors as "Author:" does when no byline did; after the sync, so
   * the title page stays as printed and no byline is made up. */
  if (r.notice_title_len > 0 && r.title_page >= 0 &&
      r.units[r.title_page].kind == K_TITLE) {
    char *t = galley_xstrndup(r.norm.ptr + r.notice_title_off, r.notice_title_len);
    galley_doc_apply_meta(r.doc, "title", t, 1);
    free(t);
  }
  if (r.notice_author_len > 0 && !r.authors_given) {
    text_add_authors(&r, r.clean.ptr + r.notice_author_off, r.notice_author_len, 1);
    r.authors_given = 1;
  }
  /* The header's date goes to the metadata after the sync, so the sync
   * leaves the date line shown as written. */
  if (r.header_iso[0] && !galley_meta_get(galley_doc_get_meta(r.doc), "date"))
    galley_doc_apply_meta(r.doc, "date", r.header_iso, 1);
  tb = galley_doc_get_title_block(r.doc);
  if (tb) {
    if (galley_node_first_child(tb))
      label_title_block(&r, tb);
    else
      galley_node_free(tb);
  }

  galley_buf_free(&r.clean);
  galley_buf_free(&r.norm);
  free(r.lines);
  free(r.units);
  return r.doc;
}
