/* text_classify.c: the plain-text reader's classification pass
 * (text_classify): every unit's kind decided, the header area first,
 * with the rule that decided it kept for --dump. */
#include <string.h>

#include "book.h"
#include "lang.h"
#include "text_private.h"

/* The dateline is looked for in the first few paragraphs of the article
 * (or of its first section when it opens with a heading); once one is
 * found, in every paragraph: a page of news briefs gives each its own. */
#define DATELINE_PARAGRAPHS 3
/* A byline among the last few units signs the article: its names are the
 * authors when the top named none. */
#define SIGNING_BYLINE_UNITS 3

/* Whether a contents entry opens with its number: digits or a Roman
 * numeral in capitals, a period after it or not, then a space ("I ON
 * JOURNEYS THROUGH THE STATES  3", "XII. A WARNING"), or a section
 * number (book_starts_with_numeral: "1.2. Aussprache"). */
static int entry_is_numbered(const char *s, size_t len)
{
  size_t i = 0;
  while (i < len && i < 8 && ((s[i] >= '0' && s[i] <= '9') || (s[i] && strchr("IVXLC", s[i]))))
    i++;
  if (i > 0 && i < len && s[i] == '.')
    i++;
  return (i > 0 && i + 1 < len && s[i] == ' ') || book_starts_with_numeral(s, len);
}

/* The contents-part rule: in a contents list whose entries carry numbers,
 * an entry with neither a number nor a page, followed by numbered
 * entries (perhaps after the column's head), is the name of the part of
 * the book they belong to: a heading inside the contents ("THE
 * BORDERLAND" over "I ON JOURNEYS ...  3", "HISTORICAL NOTES." over "I.
 * Vancouver"). A named division (Preface, Introduction) is an entry.
 * + "THE HEART OF THE SOUTH" / "XXVI RALEIGH AND JOSEPHUS DANIELS  273"
 * - "Preface" / "I. The Start" */
static int is_contents_part(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  const text_line *l = &r->lines[u->first];
  int j = i + 1;
  if (u->item != ITEM_CONTENTS || u->first != u->last || entry_is_numbered(s, u->len) ||
      book_has_page_number(line_text(r, l), l->len) || /* as typed: "INTRODUCTION   vii" */ book_is_contents_column_head(s, u->len) ||
      book_is_unnumbered_division(s, u->len))
    return 0;
  if (j < r->nunits && r->units[j].item == ITEM_CONTENTS &&
      book_is_contents_column_head(unit_text(r, &r->units[j]), r->units[j].len))
    j++;
  return j < r->nunits && r->units[j].item == ITEM_CONTENTS &&
         entry_is_numbered(unit_text(r, &r->units[j]), r->units[j].len);
}

/* Whether s opens with words (any case) that credit the author named
 * above with other books: "Author of the Zigzag Books". */
static int is_author_credit(const char *s, size_t len)
{
  static const char *const opens[] = {"author of ", "authors of ", "translator of ",
                                      "editor of "};
  size_t k;
  for (k = 0; k < sizeof opens / sizeof *opens; k++)
    if (len > strlen(opens[k]) && text_lang_prefix(s, len, opens[k]) > 0)
      return 1;
  return 0;
}

/* Whether s is a title page's edition statement alone: ILLUSTRATED,
 * WITH ILLUSTRATIONS (any case, a full stop after it or not). */
static int is_edition_statement(const char *s, size_t len)
{
  static const char *const words[] = {"illustrated", "with illustrations"};
  size_t k;
  while (len > 0 && s[len - 1] == '.')
    len--;
  for (k = 0; k < sizeof words / sizeof *words; k++)
    if (len == strlen(words[k]) && text_lang_prefix(s, len, words[k]) == len)
      return 1;
  return 0;
}

void text_classify(text_reader *r)
{
  const galley_meta *meta = galley_doc_get_meta(r->doc);
  int want_title = !galley_meta_get(meta, "title") &&
                   !(r->opts && (r->opts->flags & GALLEY_OPT_NO_TITLE));
  int top = 1, i, paragraphs = 0, headings = 0, datelines = 0, lede_before_heading = 0, k;
  int body_seen = 0; /* a paragraph other than a page's furniture ("Share") */
  int on_title_page = 0; /* between a book's title page and its first heading */
  int seq[TEXT_SECTION_MAX_DEPTH + 1]; /* last section number at each depth */
  for (k = 0; k <= TEXT_SECTION_MAX_DEPTH; k++)
    seq[k] = -1;
  text_mark_credits(r); /* first: every rule below may ask */
  r->book = text_is_book(r);
  r->search_budget = PULL_QUOTE_SEARCH_FACTOR * r->norm.len;
  text_header_area(r);
  text_mark_quoted_documents(r);
  text_mark_section_captions(r);
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
      if ((u->kind == K_DATE || u->kind == K_BYLINE_TOP) && u->iso[0] && !r->header_iso[0]) {
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
    if (u->column_head) {
      u->rule = "list-column-head"; /* "FACING PAGE" over a list of pictures */
      continue;
    }
    if (i == r->half_title) {
      u->kind = K_HEADING; /* the book's name alone before the frontispiece:
                              a heading at the top, in no style's rank */
      u->rule = "half-title";
      u->style = STYLE_NONE;
      headings++;
      top = 0;
    } else if (u->quoted) {
      u->kind = u->item ? K_ITEM : K_QUOTE;
      u->rule = "quoted-document";
    } else if (u->caption) {
      u->kind = K_CAPTION;
      u->rule = u->caption == 2 ? "caption-beside-section-heading" : "caption-before-quotation";
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
    } else if (on_title_page && text_is_title_page_volume(r, i)) {
      u->kind = K_PARAGRAPH; /* "VOLUME ONE" under the title: the title page's line */
      u->rule = "title-page-volume";
    } else if (text_is_chapter_heading(r, i)) {
      u->kind = K_HEADING;
      u->rule = u->chapter ? "chapter-line" : u->roman ? "roman-numeral-line"
                                                      : "unnumbered-division";
      u->style = text_chapter_style(u->chapter);
      r->chapter_seen = 1;
    } else if (u->first == u->last && r->lines[u->first].framed) {
      u->kind = K_HEADING; /* "== Early life ==", its marks taken off */
      u->rule = "framed-heading";
      u->style = STYLE_BOXED;
    } else if (text_is_chapter_argument(r, i)) {
      u->kind = K_HEADING;
      u->rule = "chapter-argument";
      u->style = STYLE_CAPS; /* under the number, as a title in capitals is */
    } else if (!u->item && i + 1 < r->nunits && r->units[i + 1].item == ITEM_CONTENTS &&
               book_is_contents_title(s, u->len)) {
      u->kind = K_HEADING;
      u->rule = "contents-title";
      u->style = STYLE_NONE; /* at the top level, whatever the divisions */
    } else if (!u->item && book_is_pictures_title(s, u->len) &&
               (k = i + 1 + (i + 1 < r->nunits && r->units[i + 1].column_head)) < r->nunits &&
               r->units[k].item == ITEM_CONTENTS) {
      u->kind = K_HEADING; /* "LIST OF ILLUSTRATIONS" over its entries */
      u->rule = "pictures-title";
      u->style = STYLE_NONE;
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
    } else if (is_contents_part(r, i)) {
      u->kind = K_HEADING; /* "THE BORDERLAND" over its chapters' entries */
      u->rule = "contents-part";
      u->style = STYLE_NONE;
    } else if (u->item == ITEM_CONTENTS && u->first == u->last &&
               book_is_contents_column_head(s, u->len) && i + 1 < r->nunits &&
               r->units[i + 1].item == ITEM_CONTENTS) {
      u->kind = K_PARAGRAPH; /* "CHAPTER  PAGE" over the entries */
      u->rule = "list-column-head";
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
    } else if (text_is_signature_date(r, i)) {
      u->kind = K_BYLINE; /* "28 WORCESTER STREET, BOSTON, July 4, 1890" under it */
      u->rule = "signature-date";
    } else if (text_is_centred_unit(r, i)) {
      u->kind = K_HEADING;
      u->rule = "centred-line";
      u->style = STYLE_CENTRED;
    } else if (on_title_page && u->quote && text_is_title_page_table(r, i)) {
      u->kind = K_PARAGRAPH; /* each line of it a paragraph (text_tree.c) */
      u->rule = "title-page-table";
    } else if (on_title_page && u->quote && text_is_title_page_line(r, i)) {
      size_t bo, bn;
      /* a title page set with a margin: its lines are no quotation */
      u->kind = text_is_byline(s, u->len, &bo, &bn) ||
                        text_notice_field_line(r, i) == K_BYLINE_TOP
                    ? K_BYLINE
                    : K_PARAGRAPH;
      u->rule = "title-page-line";
    } else if (u->quote) {
      u->kind = K_QUOTE;
      u->rule = "indented-quote";
    } else if (text_is_quote_before_attribution(r, i)) {
      u->kind = K_QUOTE;
      u->rule = "quote-before-attribution";
    } else if (text_is_pull_quote(r, i)) {
      u->kind = K_QUOTE;
      u->rule = "pull-quote";
    } else if (text_is_attributed_pull_quote(r, i)) {
      u->kind = K_QUOTE; /* "... she was suppressive. Valeska Paris" */
      u->rule = "attributed-pull-quote";
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
               !text_repeats_next_line(r, i)) {
      u->kind = K_CAPTION; /* a picture's caption, not its credit: the
                              marker's label names what stood there */
      u->rule = "illustration-caption";
      u->split = u->len; /* no credit */
    } else if (u->standalone_credit) {
      u->kind = K_CREDIT;
      u->rule = "standalone-credit";
    } else if (u->caption_credit) {
      off = u->credit_off;
      u->kind = K_CAPTION;
      u->rule = "caption-with-credit";
      u->split = off;
    } else if (u->first == u->last && text_is_time_line(s, u->len)) {
      u->kind = K_BYLINE; /* a transcript's closing time stamp */
      u->rule = "time-line";
    } else if (text_is_caption_over_credit(r, i)) {
      u->kind = K_CAPTION; /* "Workers at the intake." over "Photo credit: ..." */
      u->rule = "caption-over-credit";
      u->split = u->len; /* its credit is the next unit's (text_build_tree) */
    } else if (text_is_portrait_caption(r, i)) {
      u->kind = K_CAPTION; /* "Джастин Теру" between two paragraphs */
      u->rule = "portrait-caption";
      u->split = u->len; /* no credit */
    } else if (u->first == u->last && !u->item && i + 1 < r->nunits &&
               r->units[i + 1].first == r->units[i + 1].last && !r->units[i + 1].item &&
               (!r->units[i + 1].terminal || r->units[i + 1].chars <= TEXT_HEADING_MAX_CHARS) &&
               text_is_caption_label_alone(s, u->len)) {
      /* "Image caption," over its caption: a short line, or one that is
       * no sentence (a sentence of body length under a label alone stays
       * body text, caption-label-line-rejected) */
      u->kind = K_CAPTION;
      u->rule = "caption-label-alone";
      u->split = u->len; /* no credit */
      r->units[i + 1].caption_label = 1;
    } else if (u->caption_label) {
      u->kind = K_CAPTION; /* the caption under "Image caption,": one caption */
      u->rule = "caption-after-label";
      u->split = u->len; /* no credit */
    } else if (u->first == u->last && !u->item && text_is_caption_label_line(s, u->len)) {
      u->kind = K_CAPTION; /* "Image caption, Voters in Almaty ..." */
      u->rule = "caption-label-line";
      u->split = u->len; /* no credit */
    } else if (u->first == u->last && !u->item && text_is_label_caption(s, u->len)) {
      u->kind = K_CAPTION; /* "Figure 2. The bridge at night" */
      u->rule = "labelled-caption";
      u->split = u->len; /* no credit */
    } else if ((k = text_is_press_signature(r, i, &nl)) > 0) {
      u->kind = K_BYLINE; /* "Иван ПЕТРОВ, «Казахстанская правда»" closing the text */
      u->rule = k == 1 ? "press-signature" : "press-signature-paper";
      if (k == 1 && !r->signing_len) {
        r->signing_off = u->off;
        r->signing_len = nl;
      }
    } else if (text_is_signature_line(r, i, &off, &nl)) {
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
      if (top) {
        text_take_authors(r, s + off, nl);
      } else if (!body_seen) {
        /* below the picture, "Share" between: the byline stays where it
         * stands, and the title block makes none of its names */
        text_take_authors(r, s + off, nl);
        r->byline_outside = 1;
      } else if (i + SIGNING_BYLINE_UNITS >= r->nunits && !r->signing_len) {
        r->signing_off = u->off + off; /* applied after the title block */
        r->signing_len = nl;
      }
    } else if (i > 0 && u->first == u->last && !u->quote &&
               (r->units[i - 1].kind == K_BYLINE || r->units[i - 1].kind == K_BYLINE_TOP) &&
               strcmp(r->units[i - 1].rule, "byline") == 0 &&
               text_is_affiliation_line(s, u->len)) {
      u->kind = r->units[i - 1].kind; /* "By Jane Roe" / "BBC News, Almaty" below a picture */
      u->rule = "byline-affiliation";
    } else if (r->book && text_is_under_article_title(r, i) && text_is_byline_unit(r, i)) {
      u->kind = K_BYLINE; /* "BY MARY FENWICK." under an article's title */
      u->rule = "article-byline";
    } else if (r->book && i > 0 && u->first == u->last && r->units[i - 1].kind == K_PARAGRAPH &&
               book_is_signature_line(s, u->len)) {
      u->kind = K_BYLINE; /* "B. C. SAWARD." signing the article above */
      u->rule = "article-signature";
    } else if (top && want_title && i == 0 && !text_is_chapter_line(s, u->len) &&
               !text_opens_field_block(r, i) && text_is_title_line(r, i) &&
               !(u->first == u->last && text_lang_is_section_name(s, u->len)) &&
               !text_is_furniture_line(s, u->len) && !text_is_kicker(r, i)) {
      u->kind = K_TITLE;
      u->rule = "derived-title-first-line";
    } else if (top && i == 0 && galley_meta_get(meta, "title") && u->first == u->last &&
               strcmp(galley_meta_get(meta, "title"), s) == 0) {
      u->kind = K_TITLE; /* the title line repeats the metadata's title */
      u->rule = "title-repeats-metadata";
    } else if (top && i == 1 && r->units[0].kind == K_TITLE && u->first == u->last &&
               u->chars <= TEXT_TITLE_MAX_CHARS && i + 1 < r->nunits &&
               !galley_meta_get(meta, "subtitle") && !text_is_furniture_line(s, u->len) &&
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
    } else if (top && text_is_caption_under_headline(r, i)) {
      u->kind = K_CAPTION;
      u->rule = "caption-under-headline";
      u->split = u->len; /* no credit */
    } else if (on_title_page && i > r->title_page && (k = text_title_page_group(r, i)) > 0) {
      /* "NEW YORK" / "THE CENTURY CO." / "1917": one paragraph; "BY" /
       * "WILLIAM MORRIS," / ...: one byline */
      u->kind = k == 2 ? r->units[i - 1].kind
                : text_is_byline_word_line(s, u->len) || text_is_byline(s, u->len, &off, &nl)
                    ? K_BYLINE
                    : K_PARAGRAPH;
      u->rule = k == 1 ? "title-page-group" : "title-page-group-line";
    } else if (r->title_page >= 0 && i > r->title_page && !r->chapter_seen &&
               u->first == u->last && u->chapter == TEXT_CHAPTER_NONE &&
               book_is_imprint_line(s, u->len)) {
      /* the publisher's imprint at the foot of a title page is no heading */
      u->kind = K_PARAGRAPH;
      u->rule = "imprint-line";
    } else if (on_title_page && i > 0 && u->first == u->last &&
               (r->units[i - 1].kind == K_BYLINE || r->units[i - 1].kind == K_BYLINE_TOP) &&
               is_author_credit(s, u->len)) {
      u->kind = K_BYLINE; /* "Author of the Zigzag Books" under the author's name */
      u->rule = "author-credit";
    } else if (on_title_page && u->first == u->last && is_edition_statement(s, u->len)) {
      u->kind = K_PARAGRAPH; /* "ILLUSTRATED" on a title page: no heading */
      u->rule = "edition-statement";
    } else if (on_title_page && i > r->title_page && text_is_title_page_caps_line(r, i)) {
      u->kind = K_PARAGRAPH; /* "JULIA ROSS LOW" over "FOREWORD" */
      u->rule = "title-page-caps-line";
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
    if (!body_seen && u->kind == K_PARAGRAPH &&
        !(u->first == u->last && text_is_furniture_line(s, u->len)))
      body_seen = 1;
  }
  text_promote_question_headings(r);
  text_promote_source_headings(r);
  text_promote_full_stop_headings(r);
  text_promote_heading_pairs(r);
  text_nest_framed_headings(r);
  text_nest_by_contents(r);
}
