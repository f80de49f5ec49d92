/* test_book.c: the plain-text reader on books and long running text.
 * First each predicate of src/read/book.c and the chapter-line table of
 * src/read/text_rules.c (one line accepted, one or more rejected, as each
 * comment promises); then the reader on small books: contents lists,
 * chapter hierarchy, chapter number and title lines, running text that
 * is no heading, and verse that keeps its lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"
#include "harness.h"
#include "read/book.h"
#include "read/text_rules.h"

#define S(lit) (lit), (sizeof(lit) - 1)

/* ------------------------------------------------------------------ */
/* Predicates                                                          */
/* ------------------------------------------------------------------ */

static void test_division_words(void)
{
  INT_EQ(text_is_chapter_line(S("Часть первая")), TEXT_CHAPTER_PART);
  INT_EQ(text_is_chapter_line(S("ТОМ 2")), TEXT_CHAPTER_VOLUME);
  INT_EQ(text_is_chapter_line(S("Volume III")), TEXT_CHAPTER_VOLUME);
  INT_EQ(text_is_chapter_line(S("Book the First--Recalled to Life")), TEXT_CHAPTER_PART);
  INT_EQ(text_is_chapter_line(S("CHAPTER THIRTY-ONE")), TEXT_CHAPTER_CHAPTER);
  INT_EQ(text_is_chapter_line(S("Erstes Kapitel")), TEXT_CHAPTER_CHAPTER);
  INT_EQ(text_is_chapter_line(S("Première partie")), TEXT_CHAPTER_PART);
  INT_EQ(text_is_chapter_line(S("Chapitre\xC2\xA0" "2.\xC2\xA0" "Chefs du projet")),
         TEXT_CHAPTER_CHAPTER);
  INT_EQ(text_is_chapter_line(S("1-тарау")), TEXT_CHAPTER_CHAPTER);
  INT_EQ(text_is_chapter_line(S("Бөлім 2")), TEXT_CHAPTER_PART);
  INT_EQ(text_is_chapter_line(S("Anhang A. Das Debian-Manifest")), TEXT_CHAPTER_CHAPTER);
  INT_EQ(text_is_chapter_line(S("Section 2. Definitions")), TEXT_CHAPTER_SECTION);
  INT_EQ(text_is_chapter_line(S("Civil Part")), TEXT_CHAPTER_NONE);
  INT_EQ(text_is_chapter_line(S("Chapter I.]")), TEXT_CHAPTER_NONE);
  INT_EQ(text_is_chapter_line(S("Teilweise bewölkt")), TEXT_CHAPTER_NONE);
  INT_EQ(text_is_chapter_line(S("Book the man a table")), TEXT_CHAPTER_NONE);
}

static void test_contents_predicates(void)
{
  OK(book_is_contents_title(S("TABLE OF CONTENTS")));
  OK(book_is_contents_title(S("Содержание")));
  OK(book_is_contents_title(S("Table des matières")));
  OK(book_is_contents_title(S("Inhaltsverzeichnis")));
  OK(!book_is_contents_title(S("Contents of the parcel")));
  OK(book_is_pictures_title(S("LIST OF ILLUSTRATIONS.")));
  OK(book_is_pictures_title(S("_ILLUSTRATIONS_")));
  OK(book_is_pictures_title(S("Список иллюстраций")));
  OK(!book_is_pictures_title(S("Illustrations by the author")));
  OK(book_is_page_column_head(S("FACING PAGE")));
  OK(book_is_page_column_head(S("PAGE")));
  OK(!book_is_page_column_head(S("Page 4")));
  OK(book_ends_with_plate_page(S("Gretchen at the Potlatch Feast      E. J. Austen (Frontispiece)")));
  OK(book_ends_with_plate_page(S("according to the best traditions     _Frontispiece_")));
  OK(book_ends_with_plate_page(S("Mount Vernon Place is the centre of Baltimore      32")));
  OK(!book_ends_with_plate_page(S("The frontispiece shows the harbour")));
  OK(!book_ends_with_plate_page(S("Charleston is the last stronghold of a unified American")));
  OK(book_is_contents_entry(S("Chapter XII. The Return .......... 147")));
  OK(book_is_contents_entry(S("4.13.8. Май 2004: погибли Мануэль Эстрада")));
  OK(!book_is_contents_entry(S("and so they went home together, as they had come,")));
  OK(!book_is_contents_entry(S("It was the best of times, it was the worst of times, it "
                               "was the age of wisdom, it was the age of foolishness.")));
  OK(book_has_page_number(S("Heading to Chapter XII.                          75")));
  OK(book_has_page_number(S("Frontispiece                                      iv")));
  OK(!book_has_page_number(S("He was born in 1812")));
  OK(book_is_same_entry(S("1. Einführung"), S("Kapitel 1. Einführung")));
  OK(book_is_same_entry(S("Part I"), S("PART I")));
  OK(book_is_same_entry(S("Chapter I."), S("Chapter I")));
  OK(!book_is_same_entry(S("Chapter I."), S("Chapter II.")));
  OK(!book_is_same_entry(S("1. Einführung"), S("2. Projektleitung")));
}

static void test_numbers_and_running_text(void)
{
  OK(book_starts_with_enumerator(S("4.13.8. Май 2004")));
  OK(book_starts_with_enumerator(S("A.1. Was ist Debian Linux?")));
  OK(!book_starts_with_enumerator(S("Солиер")));
  OK(!book_starts_with_enumerator(S("A. SNODGRASS")));
  OK(!book_starts_with_enumerator(S("I went home")));
  OK(book_starts_with_numeral(S("VIII. The Adventure of the Speckled Band")));
  OK(book_starts_with_numeral(S("A.1. Was ist Debian Linux?")));
  OK(!book_starts_with_numeral(S("I went home.")));
  OK(!book_starts_with_numeral(S("IV.")));
  INT_EQ(book_leading_roman_value(S("XII. The Adventure of the Copper Beeches")), 12);
  INT_EQ(book_leading_roman_value(S("IV. The Boscombe Valley Mystery")), 4);
  INT_EQ(book_leading_roman_value(S("XL. Forty")), 40);
  INT_EQ(book_leading_roman_value(S("IIX. Not a numeral")), 0);
  INT_EQ(book_leading_roman_value(S("I went home")), 0);
  OK(book_is_unnumbered_division(S("EPILOGUE")));
  OK(book_is_unnumbered_division(S("Предисловие")));
  OK(book_is_unnumbered_division(S("Préface.")));
  OK(!book_is_unnumbered_division(S("Epilogue to a long day")));
  OK(book_is_roman_numeral_line(S("XIV.")));
  OK(book_is_roman_numeral_line(S("IX")));
  OK(book_is_roman_numeral_line(S("XXXVIII")));
  OK(!book_is_roman_numeral_line(S("I am.")));
  OK(!book_is_roman_numeral_line(S("IIII")));
  OK(!book_is_roman_numeral_line(S("MIX")));
  OK(book_is_bare_chapter_line(S("CHAPTER XIV.")));
  OK(book_is_bare_chapter_line(S("IV")));
  OK(!book_is_bare_chapter_line(S("Chapter 3. The Return")));
  OK(book_is_open_line(S("Lady Catherine hesitated for a moment, and then replied,--")));
  OK(book_is_open_line(S("“I wonder if--”")));
  OK(book_is_open_line(S("When I went to Lunnon town sirs,")));
  OK(!book_is_open_line(S("The Period")));
  OK(book_ends_letter(S("Give my dearest love to Father, and believe me, ever your own...")));
  OK(book_ends_letter(S("I remain, yours truly,")));
  OK(!book_ends_letter(S("“So then, of course, they thought there was something wrong....”")));
  OK(!book_ends_letter(S("He went home.")));
  OK(book_ends_in_function_word(S("Signifikante Beiträge zu diesem Dokument stammen von")));
  OK(book_ends_in_function_word(S("The following people contributed to")));
  OK(book_ends_in_function_word(S("Следующие люди внесли вклад в")));
  OK(!book_ends_in_function_word(S("Youth as strategic asset")));
  OK(!book_ends_in_function_word(S("The")));
  OK(!book_ends_in_function_word(S("Part A")));
  OK(book_is_marker_line(S("*** START OF THIS PROJECT GUTENBERG EBOOK DUBLINERS ***")));
  OK(!book_is_marker_line(S("***")));
  OK(!book_is_marker_line(S("*** Important")));
  OK(book_is_signature_line(S("B. C. SAWARD.")));
  OK(book_is_signature_line(S("A. SNODGRASS")));
  OK(!book_is_signature_line(S("I. THE RETURN")));
  OK(!book_is_signature_line(S("THE AMATEUR CHURCH ORGANIST.")));
  OK(!book_is_open_line(S("1.2. Aussprache von »Debian«")));
  OK(book_is_caps_byline(S("BY MARY FENWICK, Author of \"The Quay,\" etc.")));
  OK(book_is_caps_byline(S("BY JOHN HARROW.")));
  OK(!book_is_caps_byline(S("BY THE WAY, the boat was late.")));
  OK(!book_is_caps_byline(S("By John Harrow, with a preface")));
  OK(book_is_caps_name_line(S("PROFESSOR SIR H. J. WOOD.")));
  OK(book_is_caps_name_line(S("J. HARROW")));
  OK(!book_is_caps_name_line(S("PART A. INTRODUCTION AND PLAN")));
  OK(!book_is_caps_name_line(S("CHAPTER I. THE LAMP")));
  OK(!book_is_caps_name_line(S("THE OLD BELL.")));
  OK(book_is_bracketed_line(S("[Illustration: THE KEEPER]")));
  OK(!book_is_bracketed_line(S("[1] See the note above, and the keeper's letter [below].")));
  OK(book_is_edition_marker(S("*** START OF THE ELECTRONIC EDITION THE OLD HOUSE ***")));
  OK(!book_is_edition_marker(S("*** The meeting opened at seven ***")));
  OK(book_is_field_line(S("Release Date: April 17, 2006 [EBook #18195]")));
  OK(book_is_field_line(S("Character set encoding: UTF-8")));
  OK(book_is_field_line(S("[Most recently updated: May 1, 2020]")));
  OK(!book_is_field_line(S("and so she said: come home")));
  OK(!book_is_field_line(S("He told them all very plainly: no")));
  OK(!book_is_field_line(S("Title:")));
  OK(book_names_title(S("THE GIRL'S OWN PAPER"), S("The Girl's Own Paper, Vol. VIII: No. 353")));
  OK(book_names_title(S("DUBLINERS"), S("Dubliners")));
  OK(book_names_title(S("THE OLD HOUSE: A TALE"), S("The Old House")));
  OK(!book_names_title(S("THE GIRL"), S("The Girl's Own Paper")));
  OK(!book_names_title(S("Produced by A. Reader"), S("The Old House")));
  OK(!book_names_title(S("THE"), S("The Old House")));
}

/* ------------------------------------------------------------------ */
/* The reader                                                          */
/* ------------------------------------------------------------------ */

static galley_doc *read_str(const char *text)
{
  galley_read_options ro;
  galley_error err;
  galley_doc *doc;
  memset(&ro, 0, sizeof ro);
  ro.file_name = "book.txt";
  galley_error_clear(&err);
  doc = galley_read_text(text, strlen(text), &ro, NULL, &err);
  OK(doc != NULL);
  if (doc)
    OK(galley_doc_check(doc, &err));
  return doc;
}

/* The first top-level block (after the title block) whose plain text
 * starts with `start`, or NULL. */
static galley_node *find_block(galley_doc *doc, const char *start)
{
  galley_node *c;
  for (c = galley_node_first_child(galley_doc_get_root(doc)); c; c = galley_node_next(c)) {
    char *t = galley_node_get_plain_text(c);
    int hit = strncmp(t, start, strlen(start)) == 0;
    free(t);
    if (hit && galley_node_get_type(c) != GALLEY_NODE_TITLE_BLOCK)
      return c;
  }
  return NULL;
}

static int count_type(galley_doc *doc, galley_node_type type)
{
  galley_node *c;
  int n = 0;
  for (c = galley_node_first_child(galley_doc_get_root(doc)); c; c = galley_node_next(c))
    n += galley_node_get_type(c) == type;
  return n;
}

static int count_children(galley_node *n, galley_node_type type)
{
  galley_node *c;
  int k = 0;
  for (c = galley_node_first_child(n); c; c = galley_node_next(c))
    k += galley_node_get_type(c) == type;
  return k;
}

#define PROSE1                                                               \
  "It was the best of times, it was the worst of times, it was the age of\n" \
  "wisdom, it was the age of foolishness, it was the epoch of belief, it\n"  \
  "was the epoch of incredulity, it was the season of Light.\n"
#define PROSE2                                                                 \
  "There were a king with a large jaw and a queen with a plain face, on the\n" \
  "throne of England; there were a king with a large jaw and a queen with\n"   \
  "a fair face, on the throne of France.\n"

static void test_contents_and_chapters(void)
{
  galley_node *n, *list;
  galley_doc *doc = read_str("A TALE OF TWO CITIES\n\n\nCONTENTS\n\n"
                             "     Book the First--Recalled to Life\n\n"
                             "     CHAPTER I      The Period\n"
                             "     CHAPTER II     The Mail\n\n"
                             "     Book the Second--the Golden Thread\n\n"
                             "     CHAPTER I      Five Years Later\n\n\n"
                             "Book the First--Recalled to Life\n\n\n"
                             "CHAPTER I.\nThe Period\n\n\n" PROSE1 "\n" PROSE2 "\n"
                             "CHAPTER II.\nThe Mail\n\n" PROSE2 "\n"
                             "Book the Second--the Golden Thread\n\n"
                             "CHAPTER I.\nFive Years Later\n\n" PROSE1);
  /* the contents list is one list of five entries, kept whole */
  list = find_block(doc, "Book the First");
  OK(list != NULL);
  INT_EQ(galley_node_get_type(list), GALLEY_NODE_LIST);
  INT_EQ(count_children(list, GALLEY_NODE_ITEM), 5);
  STR_EQ(galley_node_get_rule(galley_node_first_child(list)), "contents-entry");
  n = find_block(doc, "CONTENTS");
  INT_EQ(galley_node_get_type(n), GALLEY_NODE_HEADING);
  STR_EQ(galley_node_get_rule(n), "contents-title");
  /* the book's own headings: Book over Chapter, each chapter's number
   * and title one heading with a line break */
  n = galley_node_next(list);
  INT_EQ(galley_node_get_type(n), GALLEY_NODE_HEADING);
  STR_EQ(galley_node_get_rule(n), "chapter-line");
  INT_EQ(galley_node_get_level(n), 1);
  n = galley_node_next(n);
  INT_EQ(galley_node_get_type(n), GALLEY_NODE_HEADING);
  INT_EQ(galley_node_get_level(n), 2);
  INT_EQ(count_children(n, GALLEY_NODE_LINEBREAK), 1);
  {
    char *t = galley_node_get_plain_text(n);
    STR_EQ(t, "CHAPTER I. The Period");
    free(t);
  }
  INT_EQ(count_type(doc, GALLEY_NODE_HEADING), 6); /* contents, 2 books, 3 chapters */
  galley_doc_free(doc);

  /* a part heading over a book heading of the same rank is one level up */
  doc = read_str("Some front matter line that is long enough to be a paragraph here.\n\n"
                 "PART I\n\nBook I. The History Of A Family\n\nChapter I.\n"
                 "Fyodor Pavlovitch Karamazov\n\n" PROSE1 "\nChapter II.\nHe Gets Rid Of\n\n" PROSE2
                 "\nBook II. An Unfortunate Gathering\n\nChapter I.\nThey Arrive\n\n" PROSE1);
  INT_EQ(galley_node_get_level(find_block(doc, "PART I")), 1);
  INT_EQ(galley_node_get_level(find_block(doc, "Book I.")), 2);
  INT_EQ(galley_node_get_level(find_block(doc, "Chapter I.")), 3);
  galley_doc_free(doc);

  /* a contents list with no title, numbered I., II., III.; the heading
   * right above the first Roman numeral heads it */
  doc = read_str("THE ADVENTURES OF SHERLOCK HOLMES\n\n\n"
                 "   I. A Scandal in Bohemia\n  II. The Red-headed League\n"
                 " III. A Case of Identity\n\n\n"
                 "ADVENTURE I. A SCANDAL IN BOHEMIA\n\nI.\n\n" PROSE1 "\nII.\n\n" PROSE2
                 "\nIII.\n\n" PROSE1);
  list = find_block(doc, "I. A Scandal");
  INT_EQ(galley_node_get_type(list), GALLEY_NODE_LIST);
  INT_EQ(count_children(list, GALLEY_NODE_ITEM), 3);
  INT_EQ(galley_node_get_level(find_block(doc, "ADVENTURE I.")), 1);
  n = find_block(doc, "II.");
  STR_EQ(galley_node_get_rule(n), "roman-numeral-line");
  INT_EQ(galley_node_get_level(n), 2);
  galley_doc_free(doc);

  /* an epilogue over the chapters it holds */
  doc = read_str("Chapter I.\n\n" PROSE1 "\nChapter II.\n\n" PROSE2 "\nEPILOGUE\n\n"
                 "Chapter I.\nPlans For Mitya's Escape\n\n" PROSE1);
  n = find_block(doc, "EPILOGUE");
  STR_EQ(galley_node_get_rule(n), "unnumbered-division");
  INT_EQ(galley_node_get_level(n), 1);
  INT_EQ(galley_node_get_level(find_block(doc, "Chapter II.")), 2);
  galley_doc_free(doc);

  /* Roman numerals alone head the chapters of a book */
  doc = read_str("                    I\n\n" PROSE1 "\n                    II\n\n" PROSE2
                 "\n                    III\n\n" PROSE1);
  n = find_block(doc, "II");
  INT_EQ(galley_node_get_type(n), GALLEY_NODE_HEADING);
  STR_EQ(galley_node_get_rule(n), "roman-numeral-line");
  galley_doc_free(doc);
  /* ... but one numeral alone in an article is no chapter number */
  doc = read_str(PROSE1 "\nII\n\n" PROSE2);
  OK(strcmp(galley_node_get_rule(find_block(doc, "II")), "roman-numeral-line") != 0);
  galley_doc_free(doc);
}

#define CHAPTERS                                             \
  "CHAPTER I.\n\n" PROSE1 "\nCHAPTER II.\n\n" PROSE2 "\n" \
  "CHAPTER III.\n\n" PROSE1 "\n"

static void test_running_text(void)
{
  galley_doc *doc;
  /* dialogue introduced and broken off with "--" */
  doc = read_str(CHAPTERS "Lady Catherine hesitated for a moment, and then replied,--\n\n"
                          "“Why should you be surprised, my dear Eliza? Do you think it "
                          "incredible that Mr. Collins should be able to procure?”\n");
  INT_EQ(galley_node_get_type(find_block(doc, "Lady Catherine")), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
  /* outside a book too: a line broken off with a dash is no heading */
  doc = read_str(PROSE1 "\nWhen this little interruption was over, Joe resumed:—\n\n" PROSE2);
  INT_EQ(galley_node_get_type(find_block(doc, "When this")), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
  /* a line ending in a comma is no heading */
  doc = read_str(PROSE1 "\nAfter a pause, I hinted,\n\n" PROSE2);
  INT_EQ(galley_node_get_type(find_block(doc, "After a pause")), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
  /* the text after it goes on in lower case */
  doc = read_str(PROSE1 "\nAnd then the Dover mail\n\nwent on up the hill, and the horses "
                        "laboured, and the guard kept his hand on the arm-chest.\n");
  INT_EQ(galley_node_get_type(find_block(doc, "And then")), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
  /* in a book, a one-word line or a place line between paragraphs of a
   * chapter is running text, not a heading */
  doc = read_str(CHAPTERS "Knitting\n\n" PROSE2 "\nLondon\n\n" PROSE1);
  INT_EQ(galley_node_get_type(find_block(doc, "Knitting")), GALLEY_NODE_PARAGRAPH);
  INT_EQ(galley_node_get_type(find_block(doc, "London")), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
  /* in a book, an ALL-CAPS title may close with a full stop; a
   * signature in capitals (a byline signing the article) and a letter's
   * signer are no headings */
  doc = read_str(CHAPTERS "THE AMATEUR CHURCH ORGANIST.\n\n" PROSE2 "\nB. C. SAWARD.\n\n"
                          "THIS IS THE END OF THE FIRST STAGE OF PIP'S EXPECTATIONS.\n\n" PROSE1
                          "\nGive my dearest love to Father, and believe me, ever your own...\n\n"
                          "MEG\n\n" PROSE2);
  INT_EQ(galley_node_get_type(find_block(doc, "THE AMATEUR")), GALLEY_NODE_HEADING);
  INT_EQ(galley_node_get_type(find_block(doc, "B. C. SAWARD.")), GALLEY_NODE_BYLINE);
  INT_EQ(galley_node_get_type(find_block(doc, "THIS IS THE END")), GALLEY_NODE_PARAGRAPH);
  INT_EQ(galley_node_get_type(find_block(doc, "MEG")), GALLEY_NODE_PARAGRAPH);
  galley_doc_free(doc);
  /* the same line in an article is a heading */
  doc = read_str(PROSE1 "\nKnitting\n\n" PROSE2);
  INT_EQ(galley_node_get_type(find_block(doc, "Knitting")), GALLEY_NODE_HEADING);
  galley_doc_free(doc);
}

static void test_verse(void)
{
  galley_doc *doc = read_str(PROSE1 "\n     When I went to Lunnon town sirs,\n"
                                    "     Too rul loo rul\n"
                                    "     Wasn’t I done very brown sirs?\n\n" PROSE2);
  galley_node *q = find_block(doc, "When I went");
  OK(q != NULL);
  INT_EQ(galley_node_get_type(q), GALLEY_NODE_BLOCK_QUOTE);
  INT_EQ(count_children(q, GALLEY_NODE_PARAGRAPH), 1);
  INT_EQ(count_children(galley_node_first_child(q), GALLEY_NODE_LINEBREAK), 2);
  galley_doc_free(doc);
  /* verse set flush with the text, short lines after a paragraph */
  doc = read_str(PROSE1 "\nSilenus with his rosy phiz\nUpon his stumbling ass.\n\n" PROSE2);
  q = find_block(doc, "Silenus");
  INT_EQ(galley_node_get_type(q), GALLEY_NODE_BLOCK_QUOTE);
  STR_EQ(galley_node_get_rule(q), "verse-lines");
  INT_EQ(count_children(galley_node_first_child(q), GALLEY_NODE_LINEBREAK), 1);
  galley_doc_free(doc);
  /* ... but short lines at the top, with no prose before them, are not */
  doc = read_str("The Headline of a Story\nBy Jane Doe\n\n" PROSE1 "\n" PROSE2);
  OK(find_block(doc, "The Headline of a Story By") == NULL);
  OK(count_type(doc, GALLEY_NODE_BLOCK_QUOTE) == 0);
  galley_doc_free(doc);
  /* an indented block of full lines is a wrapped quotation: joined */
  doc = read_str(PROSE1 "\n     It was the best of times, it was the worst of times, it was the\n"
                        "     age of wisdom, it was the age of foolishness, it was the epoch\n"
                        "     of belief.\n\n" PROSE2);
  q = find_block(doc, "It was the best of times, it was the worst of times, it was the age");
  OK(q != NULL);
  INT_EQ(count_children(galley_node_first_child(q), GALLEY_NODE_LINEBREAK), 0);
  galley_doc_free(doc);
}

int main(void)
{
  RUN(test_division_words);
  RUN(test_contents_predicates);
  RUN(test_numbers_and_running_text);
  RUN(test_contents_and_chapters);
  RUN(test_running_text);
  RUN(test_verse);
  return harness_report();
}
