/* test_text_rules.c: the plain-text reader. First each heuristic of
 * src/read/text_rules.c on lines made up for it (one accepted, one or more
 * rejected, as each predicate's comment promises); then the reader on
 * small whole inputs: decoding, conventions, each block rule in context
 * and its guards, the title and metadata, word fidelity, and the
 * pathological sizes that must stay linear. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "galley.h"
#include "harness.h"
#include "read/lang.h"
#include "read/text_rules.h"

#define S(lit) (lit), (sizeof(lit) - 1)

/* ------------------------------------------------------------------ */
/* Predicates                                                          */
/* ------------------------------------------------------------------ */

static void test_terminal_punctuation(void)
{
  OK(text_has_terminal_punctuation(S("He said the OSCE views it through a pragmatic lens.")));
  OK(text_has_terminal_punctuation(S("“We are ready,” he said.”")));
  OK(text_has_terminal_punctuation(S("It introduces a list:")));
  OK(text_has_terminal_punctuation(S("Wait…")));
  OK(text_has_terminal_punctuation(S("(see below.)")));
  OK(text_has_terminal_punctuation(S("Is it over?")));
  OK(!text_has_terminal_punctuation(S("Concrete examples at work")));
  OK(!text_has_terminal_punctuation(S("Results (2024)")));
  OK(!text_has_terminal_punctuation(S("The “New Silk Road”")));
  OK(!text_has_terminal_punctuation(S("")));
  /* an encyclopedia's reference marks after the sentence they cite */
  OK(text_has_terminal_punctuation(S("German, Scottish, and English ancestry. [3]")));
  OK(text_has_terminal_punctuation(S("received her doctorate in 1989.[4][5]")));
  OK(text_has_terminal_punctuation(S("the survey of 2005. [12] [13] ")));
  OK(!text_has_terminal_punctuation(S("described in the report [3]")));
  OK(!text_has_terminal_punctuation(S("the causes [a]")));
  OK(!text_has_terminal_punctuation(S("[3]")));
  OK(!text_has_terminal_punctuation(S("Notes []")));
}

static void test_short_line(void)
{
  OK(text_is_short_line(S("Risks facing Kazakhstan")));
  OK(text_is_short_line(S("one two three four five six seven eight nine ten eleven twelve")));
  OK(!text_is_short_line(S("one two three four five six seven eight nine ten eleven twelve thirteen")));
  OK(!text_is_short_line(S("The world, which is increasingly fractured these days, poses a real risk to Kazakhstan, Rogov said.")));
  OK(!text_is_short_line(S("")));
}

static void test_starts_like_heading(void)
{
  OK(text_starts_like_heading(S("Central Asia’s shared challenges")));
  OK(text_starts_like_heading(S("2025 in review")));
  OK(text_starts_like_heading(S("Экономикалық реформалар")));
  OK(!text_starts_like_heading(S("“Thank you very much")));
  OK(!text_starts_like_heading(S("and then it rained")));
  OK(!text_starts_like_heading(S("– a dash")));
  OK(text_starts_like_heading(S("\"Social Contract\" with the Community")));
  OK(text_starts_like_heading(S("«Астана Опера» на гастролях")));
  OK(!text_starts_like_heading(S("“We are ready,” he said")));
  OK(!text_starts_like_heading(S("\"Open Source\"")));
  OK(!text_starts_like_heading(S("\"the term\" means")));
}

static void test_heading_shaped(void)
{
  OK(text_has_version_number(S("CC0 1.0 Universal")));
  OK(text_has_version_number(S("Release 2.1.3, May 2020")));
  OK(!text_has_version_number(S("1.1 Scope")));
  OK(!text_has_version_number(S("Chapter 2. The Road")));
  OK(!text_has_version_number(S("Pages 1 to 3")));
  OK(text_is_heading_shaped(S("Youth as strategic asset")));
  OK(text_is_heading_shaped(S("OSCE’s security work")));
  OK(!text_is_heading_shaped(S("Before posting in Astana, he served in Bishkek.")));
  OK(!text_is_heading_shaped(S("Three conditions matter:")));
  OK(!text_is_heading_shaped(S("“A one-line quote”")));
}

static void test_all_caps(void)
{
  OK(text_is_all_caps_line(S("THE ROAD TO ASTANA")));
  OK(text_is_all_caps_line(S("ЖАСТАР САЯСАТЫ")));
  OK(text_is_all_caps_line(S("COVID-19 IN 2024")));
  OK(!text_is_all_caps_line(S("The Road to ASTANA")));
  OK(!text_is_all_caps_line(S("2024")));
  OK(!text_is_all_caps_line(S("UN")));
}

static void test_chapter_line(void)
{
  INT_EQ(text_is_chapter_line(S("CHAPTER TWO: The Return")), TEXT_CHAPTER_CHAPTER);
  INT_EQ(text_is_chapter_line(S("Chapter 12")), TEXT_CHAPTER_CHAPTER);
  INT_EQ(text_is_chapter_line(S("Part II")), TEXT_CHAPTER_PART);
  INT_EQ(text_is_chapter_line(S("Book One. Arrival")), TEXT_CHAPTER_PART);
  INT_EQ(text_is_chapter_line(S("Глава 3")), TEXT_CHAPTER_CHAPTER);
  INT_EQ(text_is_chapter_line(S("Part of the problem is cost")), TEXT_CHAPTER_NONE);
  INT_EQ(text_is_chapter_line(S("Part 2 of the series")), TEXT_CHAPTER_NONE);
  INT_EQ(text_is_chapter_line(S("Partial results")), TEXT_CHAPTER_NONE);
  INT_EQ(text_is_chapter_line(S("chapter 1")), TEXT_CHAPTER_NONE);
}

static void test_setext_and_break(void)
{
  INT_EQ(text_is_setext_underline(S("=========")), '=');
  INT_EQ(text_is_setext_underline(S("---")), '-');
  INT_EQ(text_is_setext_underline(S("== Notes ==")), 0);
  INT_EQ(text_is_setext_underline(S("--")), 0);
  OK(text_is_thematic_break(S("* * *")));
  OK(text_is_thematic_break(S("***")));
  OK(text_is_thematic_break(S("---")));
  OK(text_is_thematic_break(S("###")));
  OK(text_is_thematic_break(S("⁂")));
  OK(!text_is_thematic_break(S("*** Important ***")));
  OK(!text_is_thematic_break(S("-*-")));
  OK(!text_is_thematic_break(S("**")));
}

static void test_bullet_item(void)
{
  size_t ml = 0;
  int strong = -1;
  OK(text_is_bullet_item(S("• Asset recovery and civil forfeiture"), &ml, &strong));
  INT_EQ(ml, 4);
  INT_EQ(strong, 1);
  OK(text_is_bullet_item(S("- faster crossings"), &ml, &strong));
  INT_EQ(ml, 2);
  INT_EQ(strong, 0);
  OK(text_is_bullet_item(S("–\tan en dash and a tab"), &ml, &strong));
  OK(!text_is_bullet_item(S("-30-"), &ml, &strong));
  OK(!text_is_bullet_item(S("*emphasis*"), &ml, &strong));
  OK(!text_is_bullet_item(S("• "), &ml, &strong));
}

static void test_numbered_item(void)
{
  size_t ml = 0;
  int n = 0;
  OK(text_is_numbered_item(S("2) Strengthen border monitoring"), &ml, &n));
  INT_EQ(n, 2);
  INT_EQ(ml, 3);
  OK(text_is_numbered_item(S("10. Tenth point"), &ml, &n));
  INT_EQ(n, 10);
  OK(text_is_numbered_item(S("b) second"), &ml, &n));
  INT_EQ(n, 2);
  OK(text_is_numbered_item(S("(3) third"), &ml, &n));
  INT_EQ(n, 3);
  OK(!text_is_numbered_item(S("2025. It was a year of change."), &ml, &n));
  OK(!text_is_numbered_item(S("1.5 million people"), &ml, &n));
  OK(!text_is_numbered_item(S("A. Lincoln wrote"), &ml, &n));
  OK(!text_is_numbered_item(S("3."), &ml, &n));
}

static void test_enumerator(void)
{
  text_enum e;
  OK(text_is_enumerator(S("(iv) the fourth clause"), &e));
  INT_EQ(e.delim, '(');
  INT_EQ(e.roman, 4);
  INT_EQ(e.alpha, 0);
  INT_EQ(e.len, 4);
  INT_EQ(e.marker_len, 5);
  OK(text_is_enumerator(S("i. first"), &e)); /* a letter and a numeral */
  INT_EQ(e.alpha, 9);
  INT_EQ(e.roman, 1);
  INT_EQ(e.delim, '.');
  OK(text_is_enumerator(S("h) eighth"), &e));
  INT_EQ(e.alpha, 8);
  INT_EQ(e.roman, 0);
  OK(text_is_enumerator(S("2a. the inserted step"), &e));
  INT_EQ(e.decimal, 2);
  INT_EQ(e.suffix, 'a');
  INT_EQ(e.len, 3);
  OK(text_is_enumerator(S("XII) twelfth"), &e));
  INT_EQ(e.roman, 12);
  INT_EQ(e.upper, 1);
  OK(text_is_enumerator(S("0. Definitions."), &e));
  INT_EQ(e.decimal, 0);
  OK(!text_is_enumerator(S("J. Smith, Reuters"), &e));    /* an initial */
  OK(!text_is_enumerator(S("mix. Then stir"), &e));       /* a word */
  OK(!text_is_enumerator(S("iiii. no numeral"), &e));
  OK(!text_is_enumerator(S("Vi) mixed case"), &e));
  OK(!text_is_enumerator(S("i.e. that is"), &e));
  OK(!text_is_enumerator(S("(iv"), &e));
  OK(!text_is_enumerator(S("1.1. \"Contributor\""), &e));
}

static void test_section_lines(void)
{
  int depth = 0, last = 0;
  size_t off = 0;
  OK(text_is_section_number(S("2.1. Grants"), &depth, &last, &off));
  INT_EQ(depth, 2);
  INT_EQ(last, 1);
  INT_EQ(off, 5);
  OK(text_is_section_number(S("3.2 Methods"), &depth, &last, &off));
  INT_EQ(depth, 2);
  INT_EQ(last, 2);
  OK(text_is_section_number(S("0. Definitions."), &depth, &last, &off));
  INT_EQ(depth, 1);
  INT_EQ(last, 0);
  OK(text_is_section_number(S("10.4. Distributing Source Code Form"), &depth, &last, &off));
  INT_EQ(last, 4);
  OK(!text_is_section_number(S("2025. It was a year of change."), &depth, &last, &off));
  OK(!text_is_section_number(S("2 Methods"), &depth, &last, &off)); /* one group needs "." */
  OK(!text_is_section_number(S("1.5 million people"), &depth, &last, &off) ||
     !text_is_section_line(S("1.5 million people"), &depth, &last));
  OK(!text_is_section_number(S("2a. spare parts"), &depth, &last, &off));

  OK(text_is_section_line(S("3. Protecting Users' Legal Rights From Anti-Circumvention Law."),
                          &depth, &last));
  INT_EQ(last, 3);
  OK(text_is_section_line(S("2.1. Grants"), &depth, &last));
  OK(text_is_section_line(S("3.2 Methods"), &depth, &last));
  OK(!text_is_section_line(S("2. We give back. We will not hide problems."), &depth, &last));
  OK(!text_is_section_line(S("1.1. \"Contributor\""), &depth, &last)); /* a term */
  OK(!text_is_section_line(S("5.1. The rights granted to You under this License shall terminate "
                              "automatically if You fail to comply with any of its terms."),
                           &depth, &last));
  OK(!text_is_section_line(S("4. the lower case goes on"), &depth, &last));
  OK(!text_is_section_line(S("2. Results: what we found"), &depth, &last));

  OK(text_is_lone_section_number(S("12.")));
  OK(text_is_lone_section_number(S("2.1")));
  OK(text_is_lone_section_number(S("3. ")));
  OK(!text_is_lone_section_number(S("1898")));
  OK(!text_is_lone_section_number(S("2.1. Grants")));
  OK(!text_is_lone_section_number(S("")));

  OK(text_is_numbered_term(S("1.11. \"Patent Claims\" of a Contributor")));
  OK(text_is_numbered_term(S("1.14. \u201cYou\u201d (or \u201cYour\u201d)")));
  OK(!text_is_numbered_term(S("2.1. Grants")));
  OK(!text_is_numbered_term(S("1.1. \"Contributor\" means each individual who creates it.")));
}

static void test_byline(void)
{
  size_t off = 0, len = 0;
  OK(text_is_byline(S("By Aidana Yergaliyeva in Nation on 5 February 2026"), &off, &len));
  INT_EQ(len, 18);
  OK(!text_is_byline(S("By Night in Almaty"), &off, &len));
  OK(text_is_byline_in_place(S("Andrew Roth in Moscow"), &len));
  INT_EQ(len, 11);
  OK(text_is_byline_in_place(S("Reuters in Almaty"), &len));
  OK(!text_is_byline_in_place(S("Protests in Almaty"), &len));
  OK(!text_is_byline_in_place(S("Andrew Roth in the city"), &len));
  OK(text_is_byline(S("By Assel Satubaldina and John Roe, The Astana Times"), &off, &len));
  INT_EQ(off, 3);
  INT_EQ(len, strlen("Assel Satubaldina and John Roe"));
  OK(text_is_byline(S("By MATTHEW LEE, AP Diplomatic Writer"), &off, &len));
  INT_EQ(len, strlen("MATTHEW LEE"));
  OK(text_is_byline(S("By Jane Doe, John Roe and Ann Lee"), &off, &len));
  INT_EQ(len, strlen("Jane Doe, John Roe and Ann Lee"));
  OK(text_is_byline(S("By Ludwig van Beethoven"), &off, &len));
  {
    text_span names[4];
    INT_EQ(text_names_byline(S("Jane Roe and John Doe"), names, 4, &len), 2);
    INT_EQ(len, strlen("Jane Roe and John Doe"));
    INT_EQ(names[1].off, strlen("Jane Roe and "));
    INT_EQ(names[1].len, strlen("John Doe"));
    INT_EQ(text_names_byline(S("Jane Roe, John Doe and Ann Lee"), names, 4, &len), 3);
    INT_EQ(names[0].len, strlen("Jane Roe"));
    INT_EQ(text_names_byline(S("Jane Roe, Staff Writer"), names, 4, &len), 1);
    INT_EQ(len, strlen("Jane Roe"));
    INT_EQ(text_names_byline(S("Jane Roe | Reuters"), names, 4, &len), 1);
    INT_EQ(text_names_byline(S("\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432 | Reuters"),
                             names, 4, &len), 1);
    INT_EQ(text_names_byline(S("Jane Roe"), names, 4, &len), 0); /* text_is_name_line's */
    INT_EQ(text_names_byline(S("Putin and Macron discuss Ukraine"), names, 4, &len), 0);
    INT_EQ(text_names_byline(S("Jane Roe and John Doe."), names, 4, &len), 0);
    INT_EQ(text_names_byline(S("A, B, C, D and E F"), names, 4, &len), 0);
    INT_EQ(text_names_byline(S("Jane Roe \u2022 5 min read"), names, 4, &len), 1);
    INT_EQ(len, strlen("Jane Roe"));
  }
  {
    char iso[11];
    INT_EQ(text_reading_time_tail(S("4 March 2024 \u2022 3 min read")), strlen("4 March 2024"));
    INT_EQ(text_reading_time_tail(S("By Jane Roe \u00b7 12 minutes")), strlen("By Jane Roe"));
    INT_EQ(text_reading_time_tail(S("Almaty | 5 districts")), strlen("Almaty | 5 districts"));
    INT_EQ(text_reading_time_tail(S("Almaty | 500 min read")), strlen("Almaty | 500 min read"));
    OK(text_is_date_line(S("4 March 2024 \u2022 3 min read"), iso));
    STR_EQ(iso, "2024-03-04");
    OK(text_is_byline(S("By Jane Roe \u2022 5 min read"), &off, &len));
    INT_EQ(len, strlen("Jane Roe"));
  }
  OK(text_is_byline(S("By Reuters"), &off, &len));
  OK(!text_is_byline(S("By the end of the year, the office had moved."), &off, &len));
  OK(!text_is_byline(S("By March, the team had grown"), &off, &len));
  OK(!text_is_byline(S("Bye Bye Love"), &off, &len));
  /* the byline words of the language tables */
  OK(text_is_byline(S("Written by Jane Doe"), &off, &len));
  INT_EQ(off, strlen("Written by "));
  OK(text_is_byline(S("By Jane Doe and John Roe"), &off, &len));
  INT_EQ(len, strlen("Jane Doe and John Roe"));
  OK(text_is_byline(S("Автор: Асель Сатубалдина"), &off, &len));
  INT_EQ(off, strlen("Автор: "));
  OK(text_is_byline(S("Авторы: Анна Ли, Иван Петров"), &off, &len));
  INT_EQ(len, strlen("Анна Ли, Иван Петров"));
  OK(text_is_byline(S("Автор: Иван Петров, Kazinform"), &off, &len));
  INT_EQ(len, strlen("Иван Петров"));
  OK(text_is_byline(S("Авторы: Анна Ли и Иван Петров"), &off, &len));
  OK(text_is_byline(S("Автор: Әлия Нұрланқызы"), &off, &len));
  OK(text_is_byline(S("Von Hans Müller"), &off, &len));
  OK(!text_is_byline(S("Von Anfang an war klar"), &off, &len));
  OK(!text_is_byline(S("Автор: неизвестен"), &off, &len));
  OK(!text_is_byline(S("Written by hand, the letter survived."), &off, &len));
}

static void test_dialogue_dash(void)
{
  OK(text_dialogue_dash(S("— Да"), 0) == 3);
  OK(text_dialogue_dash(S("-- Margaret Hale"), 0) == 2);
  OK(text_dialogue_dash(S("- Biz"), 0) == 1);
  OK(text_dialogue_dash(S("word – word"), 5) == 3);
  OK(text_dialogue_dash(S("-1"), 0) == 0);
  OK(text_dialogue_dash(S("well-known"), 4) == 0);
  OK(text_dialogue_dash(S("Mr"), 0) == 0);
  OK(text_is_dialogue_turn(S("— Да, — сказал он.")));
  OK(text_is_dialogue_turn(S("- Ia, - dedi balalar.")));
  OK(!text_is_dialogue_turn(S("— молоко, хлеб и масло")));
  OK(!text_is_dialogue_turn(S("- dollar: buy - 503,73, sell - 506,18;")));
}

static void test_dash_signature(void)
{
  size_t off = 0, len = 0;
  OK(text_is_dash_signature(S("-- The Debian Developers"), &off, &len));
  INT_EQ(off, 3);
  INT_EQ(len, strlen("The Debian Developers"));
  OK(text_is_dash_signature(S("\xE2\x80\x94 Die Debian-Entwickler"), &off, &len));
  INT_EQ(off, 4);
  OK(text_is_dash_signature(S("- Ludwig van Beethoven"), &off, &len));
  OK(!text_is_dash_signature(S("-- and then the train left."), &off, &len));
  OK(!text_is_dash_signature(S("-- The end"), &off, &len));
  OK(!text_is_dash_signature(S("-- He Said It Was Fine."), &off, &len));
  OK(!text_is_dash_signature(S("The Debian Developers"), &off, &len));
  OK(!text_is_dash_signature(S("-- One Two Three Four Five Six Seven"), &off, &len));
}

static void test_centred_heading(void)
{
  OK(text_is_centred_heading(S("Kazakh Language Dictionary for Hunspell"), 8));
  OK(!text_is_centred_heading(S("Kazakh Language Dictionary for Hunspell"), 4));
  OK(!text_is_centred_heading(S("This dictionary has been developed for Hunspell."), 8));
  OK(!text_is_centred_heading(S("and the line goes on"), 12));
}

static void test_html_break(void)
{
  size_t n = 0;
  OK(text_ends_in_html_break(S("Сірә да оңбас торғайым...<br>"), &n));
  INT_EQ(n, strlen("Сірә да оңбас торғайым..."));
  OK(text_ends_in_html_break(S("Sauda tegin <BR />"), &n));
  INT_EQ(n, strlen("Sauda tegin"));
  OK(!text_ends_in_html_break(S("Use the <br> element to break a line."), &n));
  OK(!text_ends_in_html_break(S("<br>"), &n));
  OK(!text_ends_in_html_break(S("a <b>"), &n));
}

static void test_box_edge(void)
{
  OK(text_is_box_edge(S("********************")));
  OK(text_is_box_edge(S("========")));
  OK(!text_is_box_edge(S("* * *")));
  OK(!text_is_box_edge(S("*****")));
  OK(!text_is_box_edge(S("****====****")));
  OK(text_is_box_edge(S("+----------+")));
  OK(!text_is_box_edge(S("+-+-+-+-+")));
}

static void test_copyright_line(void)
{
  OK(text_is_copyright_line(S("Copyright (C) 2007 Free Software Foundation, Inc.")));
  OK(text_is_copyright_line(S("Copyright [yyyy] [name of copyright owner]")));
  OK(text_is_copyright_line(S("Copyright: 2010-2012 Jane Roe")));
  OK(text_is_copyright_line(S("© 2020 Example Ltd")));
  OK(text_is_copyright_line(S("(c) 2021 John Doe")));
  OK(!text_is_copyright_line(S("Copyright law differs from one country to another.")));
  OK(!text_is_copyright_line(S("(c) the buyer pays the price")));
}

static void test_run_in_enumeration(void)
{
  OK(text_has_run_in_enumeration(S("(1) assert copyright on the software, and (2) offer you")));
  OK(text_has_run_in_enumeration(S("a) the first, and b) the second")));
  OK(text_has_run_in_enumeration(S("(i) the first and (ii) the second")));
  OK(!text_has_run_in_enumeration(S("(a) the supplier delivers, as clause (c) requires;")));
  OK(!text_has_run_in_enumeration(S("1. Open the box and 2. close it")));
}

static void test_run_in_title(void)
{
  OK(text_has_run_in_title(S("Waiver. To the greatest extent permitted by law, Affirmer waives")));
  OK(text_has_run_in_title(S("Grant of Copyright License. Subject to the terms")));
  OK(!text_has_run_in_title(S("Mr. Smith signs for the company.")));
  OK(!text_has_run_in_title(S("Your copies must keep the notice, in every language. Always.")));
  OK(!text_has_run_in_title(S("Definitions.")));
  OK(!text_has_run_in_title(S("the right to reproduce. Then more")));
}

static void test_framed_line(void)
{
  size_t off = 0, n = 0;
  OK(text_is_framed_line(S("*  The Widget is given as is.  *"), '*', &off, &n));
  INT_EQ((int)off, 1);
  INT_EQ((int)n, 30);
  OK(text_is_framed_line(S("*          *"), '*', &off, &n));
  OK(text_is_framed_line(S("| Keep this notice. |"), '|', &off, &n));
  OK(!text_is_framed_line(S("*emphasis* in a line *"), '*', &off, &n));
  OK(!text_is_framed_line(S("* an item of a list"), '*', &off, &n));
  OK(!text_is_framed_line(S("| a cell | another |"), '*', &off, &n));
}

static void test_byline_word_and_author_line(void)
{
  OK(text_is_byline_word_line(S("by")));
  OK(text_is_byline_word_line(S("BY")));
  OK(text_is_byline_word_line(S("Автор:")));
  OK(!text_is_byline_word_line(S("bypass")));
  OK(!text_is_byline_word_line(S("by Jane Doe")));
  OK(text_is_author_line(S("JANE AUSTEN (1775-1817)")));
  OK(text_is_author_line(S("Jane Austen (1817)")));
  OK(text_is_author_line(S("Jane Austen")));
  OK(!text_is_author_line(S("Risks facing Kazakhstan (2024)")));
  OK(!text_is_author_line(S("Jane Austen (see below)")));
}

static void test_dateline(void)
{
  size_t n = 0;
  OK(text_has_dateline(S("WASHINGTON (AP) — The Senate voted on Tuesday."), &n));
  INT_EQ(n, strlen("WASHINGTON (AP)"));
  OK(text_has_dateline(S("ASTANA – Thirty-four years ago, Kazakhstan joined."), &n));
  INT_EQ(n, strlen("ASTANA"));
  OK(text_has_dateline(S("LONDON, March 3 — Markets fell."), &n));
  INT_EQ(n, strlen("LONDON, March 3"));
  OK(text_has_dateline(S("LONDON, March 3 (Reuters) - Markets fell."), &n));
  INT_EQ(n, strlen("LONDON, March 3 (Reuters)"));
  OK(text_has_dateline(S("ASTANA/MOSCOW, March 4 (Reuters) - Talks resumed."), &n));
  INT_EQ(n, strlen("ASTANA/MOSCOW, March 4 (Reuters)"));
  OK(!text_has_dateline(S("US/UK talks \u2013 the two sides met."), &n));
  OK(text_has_dateline(S("Astana, March 4 (Kazinform) - A bridge opened."), &n));
  INT_EQ(n, strlen("Astana, March 4 (Kazinform)"));
  OK(text_has_dateline(S("Astana (Reuters) - A bridge opened."), &n));
  INT_EQ(n, strlen("Astana (Reuters)"));
  OK(text_has_dateline(S("ASTANA, Kazakhstan, March 4, 2024 /PRNewswire/ -- The city opened a bridge."), &n));
  INT_EQ(n, strlen("ASTANA, Kazakhstan, March 4, 2024 /PRNewswire/"));
  OK(text_has_dateline(S("WASHINGTON (Associated Press) \u2014 The Senate voted."), &n));
  OK(text_has_dateline(S("NEW YORK – Stocks rose."), &n));
  INT_EQ(n, strlen("NEW YORK"));
  OK(text_has_dateline(S("ALMATY, Kazakhstan — Snow fell."), &n));
  INT_EQ(n, strlen("ALMATY, Kazakhstan"));
  OK(text_has_dateline(S("АСТАНА – Президент сөйледі."), &n));
  OK(!text_has_dateline(S("US – China relations are strained."), &n));
  OK(!text_has_dateline(S("Astana – the capital – grew."), &n));
  OK(!text_has_dateline(S("ASTANA is the capital."), &n));
  OK(!text_has_dateline(S("ASTANA –"), &n));
  /* the search is ruled out early on a line without a spaced dash or a
   * slash (may_hold_dateline): every agency pattern must have one */
  {
    int l, k;
    for (l = 0; text_langs[l]; l++)
      for (k = 0; text_langs[l]->dateline_patterns && text_langs[l]->dateline_patterns[k]; k++)
        OK(strstr(text_langs[l]->dateline_patterns[k], " -") ||
           strchr(text_langs[l]->dateline_patterns[k], '/'));
  }
  {
    /* the wire shape's dash may follow its place after spaces running
     * past the first bytes looked at */
    char line[400];
    memset(line, ' ', sizeof line);
    memcpy(line, "ASTANA", 6);
    memcpy(line + 300, "\xe2\x80\x93 Snow fell.", 14);
    OK(text_has_dateline(line, 314, &n));
    INT_EQ(n, 6);
    OK(!text_has_dateline(S("ASTANA well-known \xe2\x80\x93 Snow fell."), &n));
  }
}

static void test_agency_dateline(void)
{
  size_t n = 0;
  OK(text_has_agency_dateline(S("АСТАНА. 5 декабря. КАЗИНФОРМ - Глава государства провел встречу."), &n));
  INT_EQ(n, strlen("АСТАНА. 5 декабря. КАЗИНФОРМ"));
  OK(text_has_agency_dateline(S("МОСКВА, 14 мая. /ТАСС/. Президент провел встречу."), &n));
  INT_EQ(n, strlen("МОСКВА, 14 мая. /ТАСС/."));
  OK(text_has_agency_dateline(S("Астана. ҚазАқпарат - Елордада жаңа мектеп ашылды."), &n));
  INT_EQ(n, strlen("Астана. ҚазАқпарат"));
  OK(text_has_agency_dateline(S("Усть-Каменогорск. Казинформ - В городе открыли мост."), &n));
  OK(!text_has_agency_dateline(S("Москва. Путин - президент России."), &n));
  OK(!text_has_agency_dateline(S("BІShkek. KAZINFORM — Poıyz qatynaıdy."), &n));
  OK(text_has_agency_dateline(S("АСТАНА. Kazinform – Мемлекет басшысы кездесу өткізді."), &n));
  INT_EQ(n, strlen("АСТАНА. Kazinform"));
  OK(text_has_agency_dateline(S("ҚАРАҒАНДЫ. Агенттік – Облыста жаңа мектеп ашылды."), &n));
  INT_EQ(n, strlen("ҚАРАҒАНДЫ. Агенттік"));
  OK(text_has_agency_dateline(S("НУР-СУЛТАН, 3 марта – Сенат принял закон."), &n));
  INT_EQ(n, strlen("НУР-СУЛТАН, 3 марта"));
  OK(text_has_agency_dateline(S("АЛМАТЫ. РИА Новости – Снег выпал."), &n));
  INT_EQ(n, strlen("АЛМАТЫ. РИА Новости"));
  /* through text_has_dateline too */
  OK(text_has_dateline(S("МОСКВА, 14 мая. /ТАСС/. Президент провел встречу."), &n));
  OK(!text_has_agency_dateline(S("Москва. Это столица России."), &n));
  OK(!text_has_agency_dateline(S("МОСКВА. Это было давно – в детстве."), &n));
  OK(!text_has_agency_dateline(S("Москва. Это – столица России."), &n));
  OK(!text_has_agency_dateline(S("АСТАНА. 5 декабря. КАЗИНФОРМ -"), &n));
  OK(!text_has_agency_dateline(S("NATO. The allies met – again."), &n));
}

static void test_credits(void)
{
  size_t off = 0;
  /* the labels themselves are credit.c's (tests/unit/test_credit.c); a
   * lowercase one is a credit only where a sentence ended before it */
  OK(!text_has_caption_credit(S("He posed for the photo: Jane Roe"), &off));
  OK(text_has_caption_credit(S("He posed. photo: Jane Roe"), &off));
  OK(text_is_standalone_credit(S("Image source, Getty Images")));
  OK(text_is_standalone_credit(S("Автор фото, Getty Images")));
  OK(text_is_caption_label_line(S("Image caption, Voters in Almaty cast their ballots on Sunday")));
  OK(text_is_caption_label_line(S("Подпись к фото, Избиратели в Алматы")));
  OK(!text_is_caption_label_line(S("Image caption,")));
  OK(text_is_caption_label_line(S("Pictured: the mayor at the opening")));
  OK(text_is_caption_label_line(S("\u041d\u0430 \u0444\u043e\u0442\u043e: \u043c\u044d\u0440")));
  OK(!text_is_caption_label_line(S("\u041d\u0430 \u0444\u043e\u0442\u043e \u0432\u0438\u0434\u043d\u043e")));
  OK(!text_is_caption_label_line(S("Image captions, the short texts under the pictures, help.")));
  OK(text_is_affiliation_line(S("BBC News, Almaty")));
  OK(text_is_affiliation_line(S("Central Asia correspondent")));
  OK(text_is_affiliation_line(S("Корреспондент Би-би-си")));
  OK(!text_is_affiliation_line(S("Voters queued outside the polling station in the morning")));
  OK(!text_is_affiliation_line(S("CAMBRIDGE: THE ABBEY PRESS, 1911")));
  OK(!text_is_affiliation_line(S("He said the news was good.")));
  OK(text_is_standalone_credit(S("Photo credit: Fatima Kemelova/ The Astana Times")));
  OK(text_is_standalone_credit(S("Photo: AP Photo/Evan Vucci")));
  OK(text_is_standalone_credit(S("Фото: пресс-служба Акорды")));
  OK(text_is_standalone_credit(S("Фото из открытых источников")));
  OK(text_is_standalone_credit(S("Photo : AFP")));
  OK(text_has_caption_credit(S("Глава государства на встрече. Фото: Акорда"), &off));
  OK(text_has_caption_credit(S("Глава государства на встрече. Фото из открытых источников"), &off));
  INT_EQ(off, strlen("Глава государства на встрече. "));
  OK(!text_is_standalone_credit(S("Photo: the view from the office, taken on a clear day in spring.")));
  OK(text_is_standalone_credit(S("Image: Getty Images")));
  OK(text_is_standalone_credit(S("Credit: Reuters")));
  OK(text_is_standalone_credit(S("Фото: Ақорда баспасөз қызметі")));
  OK(!text_is_standalone_credit(S("Photo: the view from the office, taken on a clear day in spring.")));
  OK(!text_is_standalone_credit(S("Photo credit:")));
  OK(!text_is_standalone_credit(S("Credit: Is it deserved? Opinions differ.")));
  OK(text_has_caption_credit(S("He served in Bishkek. Photo credit: Fatima Kemelova/ The Astana Times"), &off));
  INT_EQ(off, strlen("He served in Bishkek. "));
  OK(text_has_caption_credit(S("The chamber during the vote. (Photo: Jane Roe/AP)"), &off));
  INT_EQ(off, strlen("The chamber during the vote. "));
  OK(!text_has_caption_credit(S("He took a photo: a man on a bench."), &off));
  OK(!text_has_caption_credit(S("Photo credit: Fatima Kemelova"), &off)); /* nothing before */
  OK(!text_has_caption_credit(S("The bank said. Credit: rating agencies cut it last year."), &off));
}

static void test_metadata_line(void)
{
  size_t kl = 0, vo = 0;
  OK(text_is_metadata_line(S("Language: kk"), &kl, &vo));
  INT_EQ(kl, 8);
  INT_EQ(vo, 10);
  OK(text_is_metadata_line(S("TITLE: Kazakhstan at 34"), &kl, &vo));
  OK(text_is_metadata_line(S("Cover-image: cover.png"), &kl, &vo));
  OK(!text_is_metadata_line(S("Note: the figures are preliminary."), &kl, &vo));
  OK(!text_is_metadata_line(S("Title:"), &kl, &vo));
  OK(!text_is_metadata_line(S("Title:no space"), &kl, &vo));
}

static void test_sign_off_and_name(void)
{
  OK(text_is_sign_off(S("Thank you for reading")));
  OK(text_is_sign_off(S("Thanks!")));
  OK(text_is_sign_off(S("Best regards,")));
  OK(!text_is_sign_off(S("Thanksgiving traditions in the north")));
  OK(!text_is_sign_off(S("Thank you notes and their history")));
  OK(text_is_name_line(S("Alexey Rogov")));
  OK(text_is_name_line(S("J. R. Smith")));
  OK(!text_is_name_line(S("Risks facing Kazakhstan")));
  OK(!text_is_name_line(S("Rogov")));
  OK(text_is_initialled_name(S("А. Бисембаев")));
  OK(text_is_initialled_name(S("A. B. Smith")));
  OK(text_is_initialled_name(S("Бисембаев А.Е.")));
  OK(text_is_initialled_name(S("Ж.Ә. Нұрланқызы")));
  OK(!text_is_initialled_name(S("Alexey Rogov")));   /* no initial */
  OK(!text_is_initialled_name(S("A. Smith B.")));    /* initials apart */
  OK(!text_is_initialled_name(S("J. R.")));          /* no surname */
  OK(!text_is_initialled_name(S("A. Smith and B. Jones")));
  OK(text_signature_gap(S("Minister of Justice      A. Smith")) == 25);
  OK(text_signature_gap(S("Республики Казахстан\tМ. Бекетаев")) > 0);
  OK(text_signature_gap(S("Minister of Justice A. Smith")) == 0);  /* no gap */
  OK(text_signature_gap(S("He signed.      A. Smith")) == 0);      /* a sentence */
}

static void test_furniture(void)
{
  OK(text_is_furniture_line(S("ADVERTISEMENT")));
  OK(text_is_furniture_line(S("Read more:")));
  OK(text_is_furniture_line(S("Share this article")));
  /* breadcrumb trails */
  OK(text_is_furniture_line(S("Home / World / Asia")));
  OK(text_is_furniture_line(S("News > Kazakhstan > Politics")));
  OK(text_is_furniture_line(S("\u0413\u043b\u0430\u0432\u043d\u0430\u044f \u00bb \u041d\u043e\u0432\u043e\u0441\u0442\u0438")));
  OK(!text_is_furniture_line(S("Europe / Asia trade talks resume")));
  OK(!text_is_furniture_line(S("Home / the place where we live / our town")));
  /* two parts: a breadcrumb when the first is the home page or furniture */
  OK(text_is_furniture_line(S("Home / World")));
  OK(text_is_furniture_line(S("Related > Politics")));
  OK(!text_is_furniture_line(S("Europe / Asia")));
  OK(!text_is_furniture_line(S("Home")));
  OK(text_is_furniture_line(S("Tags: Astana, bridges, transport")));
  OK(text_is_furniture_line(S("This article is more than 2 years old")));
  OK(text_is_furniture_line(S("5 min read")));
  OK(!text_is_furniture_line(S("This article is more than 2 years late")));
  /* runs of furniture words between separators, each kind of separator */
  OK(text_is_furniture_line(S("Share \u00b7 Print \u00b7 Save")));
  OK(text_is_furniture_line(S("Share | Print")));
  OK(text_is_furniture_line(S("Share \u2022 Subscribe \u2022 Sign up")));
  OK(text_is_furniture_line(S("Related - Most read - Top stories")));
  OK(text_is_furniture_line(S("Print \u2013 Save")));
  OK(!text_is_furniture_line(S("Share | the bridge opened")));
  OK(!text_is_furniture_line(S("Share |")));
  OK(!text_is_furniture_line(S("Share  |  Print"))); /* the parts hold spaces */
  OK(!text_is_furniture_line(S("Share \u00b7 Print | Save"))); /* two kinds */
  OK(!text_is_furniture_line(S("Print and Save")));
  {
    char iso[11];
    OK(text_is_date_line(S("2 hours ago"), iso));
    STR_EQ(iso, "");
    OK(text_is_date_line(S("5 \u043c\u0438\u043d\u0443\u0442 \u043d\u0430\u0437\u0430\u0434"), iso));
    OK(!text_is_date_line(S("2 hours ago the bridge opened"), iso));
    OK(!text_is_date_line(S("200 hours ago"), iso));
    /* two dates, the second after a date word; slashed dates; offsets */
    OK(text_is_date_line(S("Published: 4 March 2024 | Updated: 5 March 2024"), iso));
    STR_EQ(iso, "2024-03-04");
    OK(text_is_date_line(S("Published 4 March 2024, last updated 5 March 2024"), iso));
    OK(!text_is_date_line(S("4 March 2024, 5 March 2024"), iso));
    OK(text_is_date_line(S("14/03/2024"), iso));
    STR_EQ(iso, "2024-03-14");
    OK(text_is_date_line(S("03/14/2024 10:30 AM"), iso));
    STR_EQ(iso, "2024-03-14");
    OK(text_is_date_line(S("04/03/2024"), iso));
    STR_EQ(iso, ""); /* the 4th of March or April 3rd */
    OK(!text_is_date_line(S("04/03/24"), iso));
    OK(text_is_date_line(S("4 March 2024, 10:30 +05"), iso));
    OK(!text_is_date_line(S("4 March 2024, the city said"), iso));
  }
  OK(!text_is_furniture_line(S("Read more closely, the figures tell another story")));
  OK(!text_is_furniture_line(S("Related costs")));
  OK(text_is_furniture_line(S("Читайте также: В Астане построят три новых школы")));
  OK(text_is_furniture_line(S("Read also: Kazakhstan's libraries get 240,000 new books")));
  OK(text_is_furniture_line(S("Жарнама")));
  OK(text_is_furniture_line(S("Читайте также:")));
  OK(!text_is_furniture_line(S("Related: ")));
  OK(!text_is_furniture_line(S("Reading also matters")));
}

static void test_date_line(void)
{
  char iso[11];
  OK(text_is_date_line(S("Published March 3, 2024"), iso));
  STR_EQ(iso, "2024-03-03");
  OK(text_is_date_line(S("OCTOBER 2, 1886."), iso));
  STR_EQ(iso, "1886-10-02");
  OK(!text_is_date_line(S("October 2, 1886. It rained."), iso));
  OK(!text_is_date_line(S("3 March 2024.."), iso));
  OK(text_is_date_line(S("3 March 2024"), iso));
  STR_EQ(iso, "2024-03-03");
  OK(text_is_date_line(S("Jan. 30, 1992"), iso));
  STR_EQ(iso, "1992-01-30");
  OK(text_is_date_line(S("2024-05-17"), iso));
  OK(text_is_date_line(S("17.05.2024"), iso));
  STR_EQ(iso, "2024-05-17");
  OK(text_is_date_line(S("Monday, March 4, 2024"), iso));
  OK(text_is_date_line(S("Сегодня, 10:15"), iso));
  STR_EQ(iso, "");
  OK(text_is_date_line(S("Yesterday at 18:30"), iso));
  OK(text_is_date_line(S("Бүгін, 09:30"), iso));
  OK(!text_is_date_line(S("Today"), iso));
  OK(!text_is_date_line(S("Today the city votes"), iso));
  OK(text_is_date_line(S("Mon 21 Nov 2022 09.14 GMT"), iso));
  STR_EQ(iso, "2022-11-21");
  OK(text_is_date_line(S("21.11.2022 09.14"), iso));
  STR_EQ(iso, "2022-11-21");
  OK(!text_is_date_line(S("Sun 21 Nov 2022 09.14.5"), iso));
  OK(!text_is_date_line(S("March 3 was a cold day"), iso));
  OK(!text_is_date_line(S("May the best team win"), iso));
  OK(!text_is_date_line(S("March 3"), iso));
  /* more forms, and the other languages' month names and words */
  OK(text_is_date_line(S("2019-03-08"), iso));
  STR_EQ(iso, "2019-03-08");
  OK(text_is_date_line(S("14.05.2022"), iso));
  STR_EQ(iso, "2022-05-14");
  OK(text_is_date_line(S("03.11.2025, 09:40"), iso));
  STR_EQ(iso, "2025-11-03");
  OK(text_is_date_line(S("March 8, 2019"), iso));
  STR_EQ(iso, "2019-03-08");
  OK(text_is_date_line(S("8 марта 2019"), iso));
  STR_EQ(iso, "2019-03-08");
  OK(text_is_date_line(S("8 марта 2019 г."), iso));
  STR_EQ(iso, "2019-03-08");
  OK(text_is_date_line(S("8 наурыз 2019 ж."), iso));
  STR_EQ(iso, "2019-03-08");
  OK(text_is_date_line(S("8 Наурыз 2019 жылы"), iso));
  OK(text_is_date_line(S("2019 жылғы 8 наурыз"), iso));
  STR_EQ(iso, "2019-03-08");
  OK(!text_is_date_line(S("2019 жылғы жоспар"), iso));
  OK(!text_is_date_line(S("2019 was a year of change"), iso));
  OK(text_is_date_line(S("Updated: March 8, 2019 10:42 am GMT"), iso));
  STR_EQ(iso, "2019-03-08");
  OK(text_is_date_line(S("Updated 10:42 GMT, 8 March 2019"), iso));
  STR_EQ(iso, "2019-03-08");
  OK(text_is_date_line(S("Published 10:42 GMT"), iso));
  STR_EQ(iso, "");
  OK(text_is_date_line(S("Обновлено: 14 мая 2022, 10:42"), iso));
  STR_EQ(iso, "2022-05-14");
  OK(text_is_date_line(S("Среда, 14 мая 2022"), iso));
  OK(text_is_date_line(S("Veröffentlicht am 8. März 2019"), iso));
  STR_EQ(iso, "2019-03-08");
  OK(text_is_date_line(S("Publié le 8 mars 2019 à"), iso) == 0);
  OK(text_is_date_line(S("8 août 2019"), iso));
  STR_EQ(iso, "2019-08-08");
  OK(!text_is_date_line(S("10:42 GMT"), iso));
  OK(!text_is_date_line(S("8 марта был праздник"), iso));
  OK(!text_is_date_line(S("Updated the figures on 8 March 2019"), iso));
  OK(!text_is_date_line(S("14.05.2022 – a day to remember"), iso));
  /* Kazakh in the Latin alphabet, and a time-zone tail */
  OK(text_is_date_line(S("11:17, 30 Qańtar 2026 | GMT +5"), iso));
  STR_EQ(iso, "2026-01-30");
  OK(text_is_date_line(S("09:00, 02 Aqpan 2026 | GMT +5"), iso));
  STR_EQ(iso, "2026-02-02");
  OK(text_is_date_line(S("1 QAŃTAR 2025"), iso));
  OK(text_is_date_line(S("8 Şılde 2024"), iso));
  STR_EQ(iso, "2024-07-08");
  OK(text_is_date_line(S("10:42 GMT+3, 8 March 2019"), iso));
  OK(text_is_date_line(S("Published 10:42 GMT +3"), iso));
  OK(!text_is_date_line(S("30 Qańtar 2026 | GMT +5"), iso)); /* a zone needs a time */
  OK(!text_is_date_line(S("11:17, 30 Qańtar 2026 | GMT +5 report"), iso));
  OK(!text_is_date_line(S("30 qańtarda Astana ýaqytymen"), iso));
}

static void test_quote_intro(void)
{
  OK(text_introduces_quote(S("Об этом сообщил журналистам сам Трамп:")));
  OK(text_introduces_quote(S("The minister told reporters: ")));
  OK(!text_introduces_quote(S("Примечание:")));
  OK(!text_introduces_quote(S("Source: Reuters")));
  OK(!text_introduces_quote(S("He said it would rain.")));
}

static void test_value_line(void)
{
  OK(text_has_value(S("Magnitude mpv=3.9")));
  OK(text_has_value(S("Energy class K = -2")));
  OK(!text_has_value(S("Magnitude of the earthquake")));
  OK(!text_has_value(S("=== Setext")));
  OK(!text_has_value(S("Where x = y")));
}

static void test_lang_tables(void)
{
  int m = 0, l;
  size_t n;
  unsigned flags;
  /* months: nominative, genitive, abbreviations, any case */
  INT_EQ(text_lang_month(S("марта"), 1, &m), strlen("марта"));
  INT_EQ(m, 3);
  INT_EQ(text_lang_month(S("Март"), 1, &m), strlen("Март"));
  INT_EQ(text_lang_month(S("ЖЕЛТОҚСАН"), 1, &m), strlen("ЖЕЛТОҚСАН"));
  INT_EQ(m, 12);
  INT_EQ(text_lang_month(S("Sept. 3"), 1, &m), strlen("Sept."));
  INT_EQ(m, 9);
  INT_EQ(text_lang_month(S("März"), 1, &m), strlen("März"));
  INT_EQ(text_lang_month(S("décembre"), 1, &m), strlen("décembre"));
  INT_EQ(m, 12);
  INT_EQ(text_lang_month(S("may"), 1, &m), 0);   /* an English verb */
  INT_EQ(text_lang_month(S("Marty"), 1, &m), 0); /* a longer word */
  INT_EQ(text_lang_month(S("мартышка"), 1, &m), 0);
  /* every table has twelve months, each with a name */
  for (l = 0; text_langs[l]; l++)
    for (m = 0; m < 12; m++)
      OK(text_langs[l]->months[m][0] != NULL);
  /* credit labels and lines */
  OK(text_lang_credit_label(S("ФОТО: ТАСС"), 0, &flags) == strlen("ФОТО:"));
  OK(flags & TEXT_CREDIT_LOWER_NAME);
  OK(text_lang_credit_label(S("Photo : AFP"), 0, &flags) == strlen("Photo :"));
  OK(text_lang_credit_label(S("Foto: dpa"), 0, &flags) == strlen("Foto:"));
  OK(text_lang_credit_label(S("Source: AP"), 0, &flags) == 0);
  OK(text_lang_credit_label(S("Source: AP"), 1, &flags) == strlen("Source:"));
  OK(text_lang_credit_label(S("Photographer Jane"), 0, &flags) == 0);
  OK(text_lang_is_credit_line(S("Фото из открытых источников")));
  OK(text_lang_is_credit_line(S("Фото из открытых источников.")));
  OK(!text_lang_is_credit_line(S("Фото из открытых источников показывает")));
  OK(!text_lang_is_credit_line(S("Photo from open sources")));
  /* prefixes fold case, byte by byte in ASCII and by character beyond */
  OK(text_lang_prefix(S("PHOTO BY AP"), "photo by") == strlen("PHOTO BY"));
  OK(text_lang_prefix(S("PhOtO[ by"), "photo by") == 0);
  OK(text_lang_prefix(S("Ärger"), "ärger") == strlen("Ärger"));
  OK(text_lang_prefix(S("Фото: ТАСС"), "фото:") == strlen("Фото:"));
  OK(text_lang_prefix(S("apple"), "\xD0\xB0pple") == 0); /* Cyrillic а */
  OK(text_lang_prefix(S("\xD0\xB0pple"), "apple") == 0);
  OK(text_lang_prefix(S("phot"), "photo") == 0);
  /* lists */
  n = text_lang_list_match(S("Обновлено: вчера"), TEXT_LANG_LIST(date_words));
  INT_EQ(n, strlen("Обновлено"));
  n = text_lang_list_match(S("Datenschutz"), TEXT_LANG_LIST(date_words));
  INT_EQ(n, 0);
}

/* ------------------------------------------------------------------ */
/* The reader                                                          */
/* ------------------------------------------------------------------ */

static galley_doc *read_named(const char *text, size_t len, const char *name,
                              unsigned flags, galley_diag *diag)
{
  galley_read_options ro;
  galley_error err;
  galley_doc *doc;
  memset(&ro, 0, sizeof ro);
  ro.file_name = name;
  ro.flags = flags;
  galley_error_clear(&err);
  doc = galley_read_text(text, len, &ro, diag, &err);
  OK(doc != NULL);
  if (doc)
    OK(galley_doc_check(doc, &err));
  return doc;
}

static galley_doc *read_str(const char *text)
{
  return read_named(text, strlen(text), "test.txt", 0, NULL);
}

/* The n-th top-level block after the title block (0-based), or NULL. */
static galley_node *body_block(galley_doc *doc, int n)
{
  galley_node *c = galley_node_first_child(galley_doc_get_root(doc));
  if (c && galley_node_get_type(c) == GALLEY_NODE_TITLE_BLOCK)
    c = galley_node_next(c);
  while (c && n-- > 0)
    c = galley_node_next(c);
  return c;
}

static int body_count(galley_doc *doc)
{
  int n = 0;
  while (body_block(doc, n))
    n++;
  return n;
}

static const char *rule_of(galley_doc *doc, int n)
{
  const char *r = galley_node_get_rule(body_block(doc, n));
  return r ? r : "(none)";
}

static int type_of(galley_doc *doc, int n)
{
  return galley_node_get_type(body_block(doc, n));
}

/* Plain text of a block, in a static buffer, for STR_EQ. */
static const char *text_of(galley_node *n)
{
  static char buf[512];
  char *t = galley_node_get_plain_text(n);
  snprintf(buf, sizeof buf, "%s", t);
  free(t);
  return buf;
}

static const char *meta(galley_doc *doc, const char *key)
{
  const char *v = galley_meta_get(galley_doc_get_meta(doc), key);
  return v ? v : "(none)";
}

static galley_node *title_node(galley_doc *doc, galley_node_type type)
{
  galley_node *tb = galley_node_first_child(galley_doc_get_root(doc)), *c;
  if (!tb || galley_node_get_type(tb) != GALLEY_NODE_TITLE_BLOCK)
    return NULL;
  for (c = galley_node_first_child(tb); c; c = galley_node_next(c))
    if (galley_node_get_type(c) == type)
      return c;
  return NULL;
}

#define LEDE "The first paragraph is long enough to be body text and it ends with a full stop."
#define BODY "Another paragraph follows here, long enough to be read as body text by the reader."

static void test_decoding(void)
{
  galley_diag *diag = galley_diag_new();
  galley_doc *doc;
  int line = 0, col = 0;
  /* invalid UTF-8, NUL, a control character: U+FFFD, one warning a line */
  static const char bad[] = "Bad \xff\xfe bytes and \xc3 here.\nA NUL \0 and \x01 too.\n";
  doc = read_named(bad, sizeof bad - 1, "bad.txt", GALLEY_OPT_NO_TITLE, diag);
  STR_EQ(text_of(body_block(doc, 0)), "Bad \xEF\xBF\xBD\xEF\xBF\xBD bytes and \xEF\xBF\xBD here.");
  STR_EQ(text_of(body_block(doc, 1)), "A NUL \xEF\xBF\xBD and \xEF\xBF\xBD too.");
  INT_EQ(galley_diag_get_count(diag), 2); /* one a line */
  STR_EQ(galley_diag_get(diag, 0, &line, &col), "invalid UTF-8 replaced by U+FFFD");
  INT_EQ(line, 1);
  INT_EQ(col, 5);
  galley_diag_get(diag, 1, &line, &col);
  INT_EQ(line, 2);
  INT_EQ(col, 7);
  galley_diag_free(diag);
  galley_doc_free(doc);

  /* CRLF, lone CR and a BOM: same blocks and lines as LF */
  doc = read_str("\xEF\xBB\xBFOne line.\r\nTwo line.\rThree line.\n");
  INT_EQ(body_count(doc), 3);
  STR_EQ(text_of(body_block(doc, 0)), "One line.");
  INT_EQ(galley_node_get_line(body_block(doc, 2)), 3);
  galley_doc_free(doc);

  /* UTF-16 with a BOM, both byte orders, a surrogate pair and a lone one */
  {
    static const char le[] = "\xFF\xFE" "A\0b\0\x3D\xD8\x00\xDE\n\0\x00\xD8x\0";
    static const char be[] = "\xFE\xFF" "\0A\0b\0\n\x04\x10";
    diag = galley_diag_new();
    doc = read_named(le, sizeof le - 1, "u16.txt", GALLEY_OPT_NO_TITLE, diag);
    STR_EQ(text_of(body_block(doc, 0)), "Ab\xF0\x9F\x98\x80");
    STR_EQ(text_of(body_block(doc, 1)), "\xEF\xBF\xBDx");
    OK(galley_diag_get_count(diag) == 2);
    STR_EQ(galley_diag_get(diag, 0, NULL, NULL), "UTF-16LE input converted to UTF-8");
    galley_diag_free(diag);
    galley_doc_free(doc);
    doc = read_named(be, sizeof be - 1, "u16.txt", GALLEY_OPT_NO_TITLE, NULL);
    STR_EQ(text_of(body_block(doc, 1)), "\xD0\x90");
    galley_doc_free(doc);
  }
  /* legacy 8-bit sets: Windows-1252, Windows-1251 and KOI8-R read with one
   * warning naming the line of the first byte that is not UTF-8; stray
   * bytes in UTF-8 text stay U+FFFD */
  {
    static const char w1252[] = "Title\n\nCaf\xE9 cr\xE8me, \x93quoted\x94.\n";
    static const char w1251[] = "\xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0!\n";
    static const char koi8[] = "\xF0\xD2\xC9\xD7\xC5\xD4, \xCD\xC9\xD2!\n";
    static const char stray[] = "Caf\xC3\xA9 and \xE9t\xE9.\n";
    diag = galley_diag_new();
    doc = read_named(w1252, sizeof w1252 - 1, "w.txt", GALLEY_OPT_NO_TITLE, diag);
    STR_EQ(text_of(body_block(doc, 1)), "Caf\xC3\xA9 cr\xC3\xA8me, \xE2\x80\x9Cquoted\xE2\x80\x9D.");
    INT_EQ(galley_diag_get_count(diag), 1);
    STR_EQ(galley_diag_get(diag, 0, &line, NULL), "not UTF-8: read as Windows-1252 (Western European)");
    INT_EQ(line, 3);
    galley_diag_free(diag);
    galley_doc_free(doc);
    diag = galley_diag_new();
    doc = read_named(w1251, sizeof w1251 - 1, "r.txt", GALLEY_OPT_NO_TITLE, diag);
    STR_EQ(text_of(body_block(doc, 0)), "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82, "
                                        "\xD0\xBC\xD0\xB8\xD1\x80!");
    STR_EQ(galley_diag_get(diag, 0, NULL, NULL), "not UTF-8: read as Windows-1251 (Cyrillic)");
    galley_diag_free(diag);
    galley_doc_free(doc);
    diag = galley_diag_new();
    doc = read_named(koi8, sizeof koi8 - 1, "k.txt", GALLEY_OPT_NO_TITLE, diag);
    STR_EQ(text_of(body_block(doc, 0)), "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82, "
                                        "\xD0\xBC\xD0\xB8\xD1\x80!");
    STR_EQ(galley_diag_get(diag, 0, NULL, NULL), "not UTF-8: read as KOI8-R (Cyrillic)");
    galley_diag_free(diag);
    galley_doc_free(doc);
    /* CR line ends count as clean() counts them; a byte the set has no
     * character for (0x81) is replaced and reported where it stands */
    {
      static const char cr[] = "Title\r\rCaf\xE9 cr\xE8me, a\x81" "b.\r";
      diag = galley_diag_new();
      doc = read_named(cr, sizeof cr - 1, "cr.txt", GALLEY_OPT_NO_TITLE, diag);
      STR_EQ(text_of(body_block(doc, 1)), "Caf\xC3\xA9 cr\xC3\xA8me, a\xEF\xBF\xBD" "b.");
      INT_EQ(galley_diag_get_count(diag), 2);
      STR_EQ(galley_diag_get(diag, 0, &line, NULL), "not UTF-8: read as Windows-1252 (Western European)");
      INT_EQ(line, 3);
      STR_EQ(galley_diag_get(diag, 1, &line, &col), "invalid UTF-8 replaced by U+FFFD");
      INT_EQ(line, 3);
      INT_EQ(col, 14);
      galley_diag_free(diag);
      galley_doc_free(doc);
    }
    diag = galley_diag_new();
    doc = read_named(stray, sizeof stray - 1, "s.txt", GALLEY_OPT_NO_TITLE, diag);
    STR_EQ(text_of(body_block(doc, 0)), "Caf\xC3\xA9 and \xEF\xBF\xBDt\xEF\xBF\xBD.");
    STR_EQ(galley_diag_get(diag, 0, NULL, NULL), "invalid UTF-8 replaced by U+FFFD");
    galley_diag_free(diag);
    galley_doc_free(doc);
  }
  /* UTF-16 without a BOM is recognised by its zero bytes */
  {
    static const char le[] = "H\0e\0l\0l\0o\0 \0t\0h\0e\0r\0e\0.\0";
    doc = read_named(le, sizeof le - 1, "u16.txt", GALLEY_OPT_NO_TITLE, NULL);
    STR_EQ(text_of(body_block(doc, 0)), "Hello there.");
    galley_doc_free(doc);
  }
  /* empty input: no blocks, a title from the file name */
  doc = read_named("", 0, "my_first-article.txt", 0, NULL);
  INT_EQ(body_count(doc), 0);
  STR_EQ(meta(doc, "title"), "My first article");
  galley_doc_free(doc);
  /* NULL with a length is the only failure */
  {
    galley_error err;
    galley_error_clear(&err);
    OK(galley_read_text(NULL, 3, NULL, NULL, &err) == NULL);
    OK(err.code != GALLEY_OK);
    doc = galley_read_text(NULL, 0, NULL, NULL, &err);
    OK(doc != NULL);
    galley_doc_free(doc);
  }
}

static void test_conventions(void)
{
  galley_doc *doc;
  /* one paragraph per line */
  doc = read_str(LEDE "\n" BODY "\n" LEDE "\n");
  INT_EQ(body_count(doc), 3);
  STR_EQ(rule_of(doc, 0), "one-paragraph-per-line");
  galley_doc_free(doc);
  /* hard-wrapped, blank-line separated: lines joined, spaces squeezed, a
   * line-end hyphen kept as written */
  doc = read_str("The trains arrive when they arrive, and the timetable is\n"
                 "a statement of   hope rather than\tof fact, say the long-\n"
                 "distance drivers.\n\n"
                 "Much of that network survives, and it is still used by\n"
                 "freight trains every day of the week.\n");
  INT_EQ(body_count(doc), 2);
  STR_EQ(rule_of(doc, 0), "blank-line-paragraph");
  STR_EQ(text_of(body_block(doc, 0)),
         "The trains arrive when they arrive, and the timetable is a statement of "
         "hope rather than of fact, say the long- distance drivers.");
  INT_EQ(galley_node_get_line(body_block(doc, 1)), 5);
  galley_doc_free(doc);
  /* hard-wrapped with an indented first line a paragraph, no blank lines */
  doc = read_str("  It was late in the autumn when the train finally reached the\n"
                 "station, and the passengers looked about them in the dusk.\n"
                 "  The stationmaster came out to meet them with a lantern that\n"
                 "he held up to each face in turn, saying nothing at all.\n"
                 "  \"You will want the inn,\" he said.\n"
                 "  Nobody contradicted him, and they followed him along the\n"
                 "muddy road towards the lights of the village below.\n");
  INT_EQ(body_count(doc), 4);
  INT_EQ(type_of(doc, 2), GALLEY_NODE_PARAGRAPH);
  STR_EQ(text_of(body_block(doc, 2)), "\"You will want the inn,\" he said.");
  galley_doc_free(doc);
  /* wrapped text: a short line ends its paragraph without a blank line */
  doc = read_str("We visited every shop on the main streets of each district and\n"
                 "asked the owner to answer twelve questions, the same in each\n"
                 "district of the city.\n"
                 "Most owners agreed to answer, and those who did not gave lack\n"
                 "of time as their reason for declining to take part in it.\n");
  INT_EQ(body_count(doc), 2);
  galley_doc_free(doc);
  /* one paragraph per line, but a line continuing an open sentence */
  doc = read_str(LEDE "\nThe committee said that the plan, which it had studied for\n"
                 "months, would not work. " BODY "\n");
  INT_EQ(body_count(doc), 2);
  galley_doc_free(doc);
}

static void test_headings(void)
{
  galley_doc *doc;
  /* between paragraphs, one a line */
  doc = read_str(LEDE "\nRisks facing the region\n" BODY "\n");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_HEADING);
  STR_EQ(rule_of(doc, 1), "short-line-without-terminal-punctuation");
  INT_EQ(galley_node_get_level(body_block(doc, 1)), 1);
  galley_doc_free(doc);
  /* a block of one short line in blank-line text */
  doc = read_str(LEDE "\n\nRisks facing the region\n\n" BODY "\n");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_HEADING);
  galley_doc_free(doc);
  /* guards: a short last line, a one-line quote, a colon before a list,
   * a sign-off, a name before the bio, a run of short lines */
  doc = read_str(LEDE "\n" BODY "\nMore to come\n");
  INT_EQ(type_of(doc, 2), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
  doc = read_str(LEDE "\n“We will not give up”\n" BODY "\n");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
  doc = read_str(LEDE "\nThe plan has three parts:\n" BODY "\n");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
  doc = read_str(LEDE "\nThank you\n" BODY "\n");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
  doc = read_str(LEDE "\nJane Doe\nJane Doe is a reporter based in Almaty who covers energy and trade.\n");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
  doc = read_str(LEDE "\n12 Abai Avenue\nAstana 010000\n" BODY "\n");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_PARAGRAPH);
  INT_EQ(type_of(doc, 2), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
  /* not followed by a longer sentence */
  doc = read_str(LEDE "\nA short line\nAnother short line here\n");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
  /* a credit between the heading and its paragraph does not hide it */
  doc = read_str(LEDE "\nRisks facing the region\nPhoto: Jane Roe\n" BODY "\n");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_HEADING);
  galley_doc_free(doc);
  /* ALL CAPS, chapter lines, setext; levels by convention */
  doc = read_str(LEDE "\n\nPART ONE\n\nChapter 1\n\n" BODY "\n\nTHE BEGINNING\n\n" BODY
                 "\n\nA smaller part\n-------------\n\n" BODY "\n");
  STR_EQ(rule_of(doc, 1), "chapter-line");
  INT_EQ(galley_node_get_level(body_block(doc, 1)), 1);
  STR_EQ(rule_of(doc, 2), "chapter-line");
  INT_EQ(galley_node_get_level(body_block(doc, 2)), 2);
  STR_EQ(rule_of(doc, 4), "all-caps-line");
  INT_EQ(galley_node_get_level(body_block(doc, 4)), 3);
  STR_EQ(rule_of(doc, 6), "setext-underline");
  STR_EQ(text_of(body_block(doc, 6)), "A smaller part");
  INT_EQ(galley_node_get_level(body_block(doc, 6)), 4);
  galley_doc_free(doc);
  /* mixed conventions that are not nested stay one level */
  doc = read_str(LEDE "\nRisks facing the region\n" BODY "\nTHE OUTLOOK\n" BODY "\n");
  INT_EQ(galley_node_get_level(body_block(doc, 1)), 1);
  INT_EQ(galley_node_get_level(body_block(doc, 3)), 1);
  galley_doc_free(doc);
  /* web page furniture is not a heading */
  doc = read_str(LEDE "\nAdvertisement\n" BODY "\n");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
  /* a heading may introduce a list */
  doc = read_str(LEDE "\nKey facts\n• three lines\n• forty stops\n" BODY "\n");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_HEADING);
  galley_doc_free(doc);
  /* a numbered heading alone before a paragraph */
  doc = read_str(LEDE "\n2. Methods\n" BODY "\n");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_HEADING);
  STR_EQ(text_of(body_block(doc, 1)), "2. Methods");
  galley_doc_free(doc);
}

static void test_dateline_lede(void)
{
  galley_doc *doc;
  galley_node *p, *d;
  doc = read_str("WASHINGTON (AP) — The Senate passed a bill late Tuesday, ending weeks of talks.\n" BODY "\n");
  p = body_block(doc, 0);
  STR_EQ(rule_of(doc, 0), "dateline-lede");
  d = galley_node_first_child(p);
  INT_EQ(galley_node_get_type(d), GALLEY_NODE_DATELINE);
  STR_EQ(text_of(d), "WASHINGTON (AP)");
  STR_EQ(text_of(p), "WASHINGTON (AP) — The Senate passed a bill late Tuesday, ending weeks of talks.");
  galley_doc_free(doc);
  /* only at the start of an article, not after a heading */
  doc = read_str(LEDE "\nRisks facing the region\nLONDON – Markets fell on Monday as investors weighed the news.\n");
  OK(strcmp(rule_of(doc, 2), "dateline-lede") != 0);
  galley_doc_free(doc);
}

/* The header area: a date line above the headline is the date, never the
 * title; a lone "by" is a byline only above an author's name. */
static void test_header_area(void)
{
  galley_doc *doc = read_str("2019-03-08\nRivers to share\nBy Jane Doe\n" BODY "\n");
  const galley_meta *m = galley_doc_get_meta(doc);
  STR_EQ(galley_meta_get(m, "title"), "Rivers to share");
  STR_EQ(galley_meta_get(m, "date"), "2019-03-08");
  STR_EQ(galley_meta_get(m, "author"), "Jane Doe");
  OK(galley_doc_get_title_shown(doc));
  galley_doc_free(doc);
  doc = read_str("Rivers to share\nby\nthe river, where the towns meet\n" BODY "\n");
  m = galley_doc_get_meta(doc);
  OK(galley_meta_get(m, "author") == NULL);
  galley_doc_free(doc);
  /* a lone name line under the headline is its byline; title-case words
   * that the text uses in lower case are a heading, not a name */
  doc = read_str("Rivers to share\nAlexey Rogov\n" BODY "\n");
  STR_EQ(galley_meta_get(galley_doc_get_meta(doc), "author"), "Alexey Rogov");
  galley_doc_free(doc);
  doc = read_str("Rivers to share\nKey Findings\nThe findings show that " BODY "\n");
  OK(galley_meta_get(galley_doc_get_meta(doc), "author") == NULL);
  INT_EQ(type_of(doc, 0), GALLEY_NODE_HEADING);
  galley_doc_free(doc);
  /* no headline: the lede stays the lede, no title is invented */
  doc = read_named(S(LEDE "\n" BODY "\n"), "0cf0c6b4b4a8e552.txt", 0, NULL);
  OK(!galley_doc_get_title_shown(doc));
  INT_EQ(type_of(doc, 0), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
}

static void test_figures(void)
{
  galley_doc *doc = read_str(LEDE "\nPhoto credit: Fatima Kemelova/ The Astana Times\n"
                             "He served in Bishkek. Photo credit: Fatima Kemelova\n" BODY "\n");
  galley_node *f = body_block(doc, 1), *c;
  INT_EQ(type_of(doc, 1), GALLEY_NODE_FIGURE);
  STR_EQ(rule_of(doc, 1), "standalone-credit");
  c = galley_node_first_child(f);
  INT_EQ(galley_node_get_type(c), GALLEY_NODE_CREDIT);
  STR_EQ(text_of(c), "Photo credit: Fatima Kemelova/ The Astana Times");
  OK(galley_node_next(c) == NULL);
  f = body_block(doc, 2);
  STR_EQ(rule_of(doc, 2), "caption-with-credit");
  c = galley_node_first_child(f);
  INT_EQ(galley_node_get_type(c), GALLEY_NODE_CAPTION);
  STR_EQ(text_of(c), "He served in Bishkek.");
  INT_EQ(galley_node_get_type(galley_node_next(c)), GALLEY_NODE_CREDIT);
  STR_EQ(text_of(galley_node_next(c)), "Photo credit: Fatima Kemelova");
  galley_doc_free(doc);
}

static void test_lists_quotes_breaks(void)
{
  galley_doc *doc;
  galley_node *l, *item;
  doc = read_str(LEDE "\nIt would:\n• require forecasts;\n• create a commission.\n"
                 "3) third\n4) fourth\n" BODY "\n");
  l = body_block(doc, 2);
  INT_EQ(galley_node_get_type(l), GALLEY_NODE_LIST);
  INT_EQ(galley_node_get_list_ordered(l), 0);
  item = galley_node_first_child(l);
  INT_EQ(galley_node_get_type(galley_node_first_child(item)), GALLEY_NODE_PARAGRAPH);
  STR_EQ(text_of(galley_node_first_child(item)), "require forecasts;");
  l = body_block(doc, 3);
  INT_EQ(galley_node_get_list_ordered(l), 1);
  INT_EQ(galley_node_get_list_start(l), 3);
  STR_EQ(rule_of(doc, 3), "numbered-item");
  galley_doc_free(doc);
  /* a single dash line is prose (a dialogue dash), two make a list */
  doc = read_str(LEDE "\n– We are ready, said the minister.\n" BODY "\n");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_PARAGRAPH);
  STR_EQ(text_of(body_block(doc, 1)), "– We are ready, said the minister.");
  galley_doc_free(doc);
  doc = read_str(LEDE "\n- one\n- two\n" BODY "\n");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_LIST);
  galley_doc_free(doc);
  /* an indented block quote, wrapped lines joined; a break */
  doc = read_str(LEDE "\n    The yard is the real border, and if the cranes are\n"
                 "    slow the trains wait.\n* * *\n" BODY "\n");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_BLOCK_QUOTE);
  STR_EQ(rule_of(doc, 1), "indented-quote");
  STR_EQ(text_of(galley_node_first_child(body_block(doc, 1))),
         "The yard is the real border, and if the cranes are slow the trains wait.");
  INT_EQ(type_of(doc, 2), GALLEY_NODE_THEMATIC_BREAK);
  INT_EQ(type_of(doc, 3), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
}

static void test_title_and_metadata(void)
{
  galley_doc *doc;
  galley_node *t;
  /* a short first line becomes the title, not a heading */
  doc = read_str("Kazakhstan at 34\nBy Assel Satubaldina\n" LEDE "\n");
  STR_EQ(meta(doc, "title"), "Kazakhstan at 34");
  t = title_node(doc, GALLEY_NODE_TITLE);
  STR_EQ(galley_node_get_rule(t), "derived-title-first-line");
  INT_EQ(galley_node_get_line(t), 1);
  STR_EQ(text_of(title_node(doc, GALLEY_NODE_BYLINE)), "By Assel Satubaldina");
  STR_EQ(meta(doc, "author"), "Assel Satubaldina");
  INT_EQ(body_count(doc), 1);
  /* --title replaces a derived title */
  galley_doc_apply_meta(doc, "title", "Another title", 1);
  galley_doc_sync_title_block(doc);
  STR_EQ(text_of(title_node(doc, GALLEY_NODE_TITLE)), "Another title");
  INT_EQ(galley_meta_get_count(galley_doc_get_meta(doc), "title"), 1);
  galley_doc_free(doc);
  /* an underlined first line is the title when no other line is
   * underlined alike; a byline's commas separate names */
  doc = read_str("Kazakhstan at 34\n================\n\nBy Jane Doe, John Roe and Ann Lee\n\n" LEDE
                 "\n\nA section\n---------\n\n" BODY "\n");
  STR_EQ(meta(doc, "title"), "Kazakhstan at 34");
  INT_EQ(galley_meta_get_count(galley_doc_get_meta(doc), "author"), 3);
  STR_EQ(galley_meta_get_nth(galley_doc_get_meta(doc), "author", 1), "John Roe");
  INT_EQ(type_of(doc, 1), GALLEY_NODE_HEADING);
  galley_doc_free(doc);
  doc = read_str("Origins\n=======\n\n" LEDE "\n\nOutcomes\n========\n\n" BODY "\n");
  INT_EQ(type_of(doc, 0), GALLEY_NODE_HEADING);
  galley_doc_free(doc);
  /* never the lede's first sentence: the file name instead */
  doc = read_named(S("ASTANA – Thirty-four years ago, Kazakhstan joined the OSCE.\n" BODY "\n"),
                   "/some/dir/kazakhstan-at_34.txt", 0, NULL);
  STR_EQ(meta(doc, "title"), "Kazakhstan at 34");
  STR_EQ(galley_node_get_rule(title_node(doc, GALLEY_NODE_TITLE)), "title-from-file-name");
  galley_doc_free(doc);
  doc = read_named(S(LEDE "\n"), "x.txt", GALLEY_OPT_NO_TITLE, NULL);
  STR_EQ(meta(doc, "title"), "(none)");
  galley_doc_free(doc);
  /* a metadata block */
  doc = read_str("Title: Notes from the shore\nAuthor: Dana Sadykova; Peter Hall\n"
                 "Date: 2024-05-17\nLanguage: kk\n\n" LEDE "\n");
  STR_EQ(meta(doc, "title"), "Notes from the shore");
  INT_EQ(galley_meta_get_count(galley_doc_get_meta(doc), "author"), 2);
  STR_EQ(meta(doc, "language"), "kk");
  /* the byline and date the block makes are in the book's language */
  STR_EQ(text_of(title_node(doc, GALLEY_NODE_BYLINE)), "Dana Sadykova және Peter Hall");
  INT_EQ(body_count(doc), 1);
  INT_EQ(galley_node_get_line(body_block(doc, 0)), 6);
  galley_doc_free(doc);
  /* a "Key: value" line that is not ended by a blank line stays text */
  doc = read_named(S("Title: Notes from the shore\n" LEDE "\n"), "x.txt",
                   GALLEY_OPT_NO_TITLE, NULL);
  INT_EQ(body_count(doc), 2);
  STR_EQ(text_of(body_block(doc, 0)), "Title: Notes from the shore");
  galley_doc_free(doc);
  /* a date line under the byline: shown as written, metadata in ISO */
  doc = read_str("Senate passes water bill\nBy MATTHEW LEE, Associated Press\n"
                 "Published March 3, 2024\n\n" LEDE "\n");
  STR_EQ(meta(doc, "date"), "2024-03-03");
  STR_EQ(meta(doc, "author"), "Matthew Lee");
  STR_EQ(text_of(title_node(doc, GALLEY_NODE_DATE)), "Published March 3, 2024");
  galley_doc_free(doc);
}

static void test_language_guess(void)
{
  galley_doc *doc;
  doc = read_str("Мемлекет басшысы өңірлерге бөлінген қаржының тиімділігін бағалады.\n");
  STR_EQ(meta(doc, "language"), "kk");
  galley_doc_free(doc);
  doc = read_str("Президент провёл совещание по вопросам развития регионов.\n");
  STR_EQ(meta(doc, "language"), "ru");
  galley_doc_free(doc);
  doc = read_str(LEDE "\n");
  STR_EQ(meta(doc, "language"), "(none)"); /* Latin script says no language */
  galley_doc_free(doc);
  doc = read_str("Memleket basshysy óńirlerge bólingen qarjynyń tıimdiligin baǵalady.\n");
  STR_EQ(meta(doc, "language"), "kk-Latn"); /* but for Kazakh's ǵ and ı, script named */
  galley_doc_free(doc);
  doc = read_str("Bakanlık, yağışların ılık havayla birlikte artacağını açıkladı.\n");
  STR_EQ(meta(doc, "language"), "(none)"); /* ı without ǵ: Turkish, not Kazakh */
  galley_doc_free(doc);
  doc = read_str("Language: ru\n\nМемлекет басшысы өңірлерге бөлінген қаржыны бағалады.\n");
  STR_EQ(meta(doc, "language"), "ru"); /* the metadata wins */
  galley_doc_free(doc);
}

/* ------------------------------------------------------------------ */
/* Word fidelity                                                       */
/* ------------------------------------------------------------------ */

/* Markup is not a word: list markers, underlines, break lines. */
static int is_markup_token(const char *w, size_t n)
{
  size_t i;
  if (n == 0)
    return 1;
  if (strspn(w, "=-*_#~") >= n)
    return 1;
  if (n == 3 && memcmp(w, "\xE2\x80\xA2", 3) == 0) /* • */
    return 1;
  for (i = 0; i < n && w[i] >= '0' && w[i] <= '9'; i++)
    ;
  return i > 0 && i + 1 == n && (w[i] == '.' || w[i] == ')');
}

/* Appends the words of s to *words (an array of strings), skipping markup. */
static void split_words(const char *s, char ***words, int *count, int *cap)
{
  size_t i = 0, len = strlen(s);
  while (i < len) {
    size_t start;
    while (i < len && strchr(" \t\r\n", s[i]))
      i++;
    start = i;
    while (i < len && !strchr(" \t\r\n", s[i]))
      i++;
    if (i > start && !is_markup_token(s + start, i - start)) {
      if (*count == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        *words = realloc(*words, sizeof(char *) * (size_t)*cap);
      }
      (*words)[(*count)++] = strndup(s + start, i - start);
    }
  }
}

/* The plain text of every text block in document order, the title
 * block's pieces read from the input included. */
static char *doc_words(galley_doc *doc)
{
  galley_iter *it = galley_iter_new(galley_doc_get_root(doc));
  galley_event_type ev;
  size_t cap = 1024, len = 0;
  char *out = malloc(cap);
  out[0] = '\0';
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *n = galley_iter_get_node(it);
    galley_node *c = galley_node_first_child(n);
    char *t;
    size_t tl;
    if (ev != GALLEY_EVENT_ENTER || !galley_node_is_block(n) || !c ||
        !galley_node_is_inline(c) || galley_node_get_line(n) == 0)
      continue;
    t = galley_node_get_plain_text(n);
    tl = strlen(t);
    while (len + tl + 2 > cap)
      cap *= 2;
    out = realloc(out, cap);
    memcpy(out + len, t, tl);
    len += tl;
    out[len++] = '\n';
    out[len] = '\0';
    free(t);
  }
  galley_iter_free(it);
  return out;
}

static void check_fidelity(const char *input, size_t len, const char *name)
{
  galley_doc *doc = read_named(input, len, name, 0, NULL);
  char *got_text = doc_words(doc), *in = strndup(input, len);
  char **want = NULL, **got = NULL;
  int nw = 0, ng = 0, cw = 0, cg = 0, i, same;
  split_words(in, &want, &nw, &cw);
  split_words(got_text, &got, &ng, &cg);
  same = nw == ng;
  for (i = 0; same && i < nw; i++)
    if (strcmp(want[i], got[i]) != 0) {
      fprintf(stderr, "%s: word %d: want \"%s\", got \"%s\"\n", name, i, want[i], got[i]);
      same = 0;
    }
  if (nw != ng)
    fprintf(stderr, "%s: %d words in, %d out\n", name, nw, ng);
  OK(same);
  for (i = 0; i < nw; i++)
    free(want[i]);
  for (i = 0; i < ng; i++)
    free(got[i]);
  free(want);
  free(got);
  free(in);
  free(got_text);
  galley_doc_free(doc);
}

static char *read_source_file(const char *rel, size_t *out_len)
{
  char path[1024];
  galley_error err;
  snprintf(path, sizeof path, "%s/%s", GALLEY_TEST_SOURCE_DIR, rel);
  galley_error_clear(&err);
  return galley_file_read(path, out_len, &err);
}

static void test_word_fidelity(void)
{
  static const char *const files[] = {
      "input/000_0cf0c6b4b4a8e552.txt", "tests/golden/wrapped-essay.txt",
      "tests/golden/wire-story.txt", "tests/golden/kazakh-cyrillic.txt"};
  size_t k, len;
  for (k = 0; k < sizeof files / sizeof *files; k++) {
    char *text = read_source_file(files[k], &len);
    OK(text != NULL);
    if (text)
      check_fidelity(text, len, files[k]);
    free(text);
  }
  check_fidelity(S("Short title\n\nBy Jane Doe\n\nLONDON, March 3 — A lede that is long "
                   "enough to be a paragraph.\nA heading\nThen a paragraph, which is the "
                   "longest line of all of them.\nA caption. Photo: Jane Roe\n"),
                 "inline.txt");
}

/* ------------------------------------------------------------------ */
/* Pathological sizes                                                  */
/* ------------------------------------------------------------------ */

/* Generous bound in seconds: linear work takes a second or two; a
 * quadratic loop on these sizes would take hours. Sanitized builds run
 * several times slower (on a slow shared machine the one-word blocks
 * took over 20 s under ASan and UBSan), so they get five times the
 * bound, still minutes short of a quadratic loop. */
#if defined(__SANITIZE_ADDRESS__)
#define PATHOLOGICAL_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define PATHOLOGICAL_SANITIZED 1
#endif
#endif
#ifdef PATHOLOGICAL_SANITIZED
#define PATHOLOGICAL_MAX_SECONDS 100.0
#else
#define PATHOLOGICAL_MAX_SECONDS 20.0
#endif

static void test_pathological(void)
{
  size_t n = 20u * 1024 * 1024, i;
  char *big = malloc(n + 1);
  galley_doc *doc;
  clock_t t0;
  double secs;
  /* one 20 MB line of words */
  for (i = 0; i < n; i++)
    big[i] = (i % 7 == 6) ? ' ' : (char)('a' + i % 7);
  big[n - 1] = '.';
  t0 = clock();
  doc = read_named(big, n, "big.txt", 0, NULL);
  secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  fprintf(stderr, "20 MB line: %.2f s\n", secs);
  OK(secs < PATHOLOGICAL_MAX_SECONDS);
  INT_EQ(body_count(doc), 1);
  galley_doc_free(doc);
  /* 100,000 one-word lines, then the same as blank-line blocks */
  for (i = 0; i < 100000; i++)
    memcpy(big + i * 5, "word\n", 5);
  t0 = clock();
  doc = read_named(big, 100000 * 5, "words.txt", 0, NULL);
  secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  fprintf(stderr, "100,000 one-word lines: %.2f s\n", secs);
  OK(secs < PATHOLOGICAL_MAX_SECONDS);
  galley_doc_free(doc);
  for (i = 0; i < 100000; i++)
    memcpy(big + i * 6, "Word\n\n", 6);
  t0 = clock();
  doc = read_named(big, 100000 * 6, "blocks.txt", 0, NULL);
  secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  fprintf(stderr, "100,000 one-word blocks: %.2f s\n", secs);
  OK(secs < PATHOLOGICAL_MAX_SECONDS);
  galley_doc_free(doc);
  for (i = 0; i < 100000; i++)
    memcpy(big + i * 5, (i % 2) ? "Word\n" : "- it\n", 5);
  t0 = clock();
  doc = read_named(big, 100000 * 5, "lines.txt", 0, NULL);
  secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  fprintf(stderr, "100,000 short lines: %.2f s\n", secs);
  OK(secs < PATHOLOGICAL_MAX_SECONDS);
  galley_doc_free(doc);
  free(big);
}

int main(void)
{
  RUN(test_terminal_punctuation);
  RUN(test_short_line);
  RUN(test_starts_like_heading);
  RUN(test_heading_shaped);
  RUN(test_all_caps);
  RUN(test_chapter_line);
  RUN(test_setext_and_break);
  RUN(test_bullet_item);
  RUN(test_numbered_item);
  RUN(test_enumerator);
  RUN(test_section_lines);
  RUN(test_byline);
  RUN(test_dash_signature);
  RUN(test_centred_heading);
  RUN(test_html_break);
  RUN(test_box_edge);
  RUN(test_framed_line);
  RUN(test_copyright_line);
  RUN(test_dialogue_dash);
  RUN(test_run_in_enumeration);
  RUN(test_run_in_title);
  RUN(test_dateline);
  RUN(test_agency_dateline);
  RUN(test_byline_word_and_author_line);
  RUN(test_lang_tables);
  RUN(test_credits);
  RUN(test_metadata_line);
  RUN(test_sign_off_and_name);
  RUN(test_furniture);
  RUN(test_date_line);
  RUN(test_value_line);
  RUN(test_quote_intro);
  RUN(test_decoding);
  RUN(test_conventions);
  RUN(test_headings);
  RUN(test_dateline_lede);
  RUN(test_header_area);
  RUN(test_figures);
  RUN(test_lists_quotes_breaks);
  RUN(test_title_and_metadata);
  RUN(test_language_guess);
  RUN(test_word_fidelity);
  RUN(test_pathological);
  return harness_report();
}
