/* book.h: the plain-text reader's rules for books and long running text,
 * one named predicate a rule, on one trimmed line (or one joined
 * paragraph) of valid UTF-8, as in text_rules.h. They tell a book's
 * contents list from its chapter headings, a line of running text from a
 * heading, and verse from prose. None allocates or keeps a pointer, and
 * each looks at a bounded part of a long line.
 *
 * The comment of each predicate states the rule with one line it accepts
 * (+) and one it rejects (-). tests/unit/test_text_rules.c checks both. */
#ifndef GALLEY_READ_BOOK_H
#define GALLEY_READ_BOOK_H

#include <stddef.h>

/* A contents list has at most this many entries (a guard: the list never
 * swallows a whole book whose chapters do not repeat its entries). */
#define BOOK_CONTENTS_MAX_ENTRIES 400
/* A contents entry, page number and leaders aside, is at most this many
 * characters. */
#define BOOK_ENTRY_MAX_CHARS 90

/* Letters or digits a title page's line must share with the notice's
 * title field (book_names_title), so "The" alone names nothing. */
#define BOOK_TITLE_MIN_LETTERS 4

/* Dotted leaders or spaces before a page number are looked at no further
 * than this many bytes back (a bound on a pathological line). */
#define BOOK_LEADER_MAX_BYTES 200

/* Whether a contents entry is the head of the list's columns, words of
 * it alone (any case, language tables' prefixes): "CHAPTER  PAGE",
 * "CHAPTER".
 * + CHAPTER                              PAGE
 * - CHAPTER I. PUDDLEBY */
int book_is_contents_column_head(const char *s, size_t len);

/* The title of a contents list, alone on its line, any case: Contents,
 * Table of Contents, Содержание, Оглавление, Мазмұны, Inhalt,
 * Inhaltsverzeichnis, Table des matières, Sommaire (a table by language),
 * perhaps typed in italics.
 * + TABLE OF CONTENTS    + _CONTENTS_
 * - Contents of the parcel */
int book_is_contents_title(const char *s, size_t len);

/* The title of a list of pictures, alone on its line, any case, a full
 * stop or colon after it and italic underscores around it aside: List of
 * Illustrations, Illustrations, List of Plates, Список иллюстраций,
 * Иллюстрации, Verzeichnis der Abbildungen, Abbildungen, Table des
 * illustrations, Liste des illustrations, Table des gravures.
 * + LIST OF ILLUSTRATIONS.
 * - Illustrations by the author */
int book_is_pictures_title(const char *s, size_t len);

/* The head of a list's page column, alone on its line, any case: PAGE,
 * PAGES, FACING PAGE, TO FACE PAGE, СТР., SEITE, PAGE (fr).
 * + FACING PAGE
 * - Page 4 */
int book_is_page_column_head(const char *s, size_t len);

/* The line ends with the page a picture stands on: a page number (after
 * leaders or a gap of two or more spaces), or "Frontispiece", plain, in
 * italic underscores or in parentheses.
 * + Gretchen at the Potlatch Feast      E. J. Austen (Frontispiece)
 * - The frontispiece shows the harbour */
int book_ends_with_plate_page(const char *s, size_t len);

/* The line could be an entry of a contents list: short once a page number
 * (after dotted leaders or a gap of two or more spaces) is set aside, and
 * not a sentence (no comma or semicolon at its end, not started in lower
 * case).
 * + Chapter XII. The Return .......... 147
 * - and so they went home together, as they had come, */
int book_is_contents_entry(const char *s, size_t len);

/* The line ends in a page number (digits, or a Roman numeral in lower
 * case) after dotted leaders or a gap of two or more spaces, with text
 * before it: a line of a contents list or a list of illustrations.
 * + Heading to Chapter XII.                          75
 * - He was born in 1812 */
int book_has_page_number(const char *s, size_t len);

/* Whether two contents entries or headings name the same division: equal
 * when case, a leading division word and number ("Глава 1."), a leading
 * enumerator ("1.", "IV."), a trailing page number and trailing
 * punctuation are set aside; when nothing is left, the whole lines are
 * compared without case.
 * + "1. Einführung" and "Kapitel 1. Einführung"
 * - "Chapter I." and "Chapter II." */
int book_is_same_entry(const char *a, size_t alen, const char *b, size_t blen);

/* A chapter line (or Roman numeral) that gives no title, so a title
 * line may follow it.
 * + CHAPTER XIV.
 * - Chapter 3. The Return */
int book_is_bare_chapter_line(const char *s, size_t len);

/* The line starts with a section number: groups of digits, capital
 * letters or Roman numerals with dots between, at least one of digits
 * ("4.13.8.", "A.1.", "12"), and a space.
 * + 4.13.8. Май 2004
 * - A. SNODGRASS */
int book_starts_with_enumerator(const char *s, size_t len);

/* The line starts with a number of any kind (digits, a Roman numeral or a
 * capital letter, with dots between; "IV.", "A.1.", "12.") and text
 * follows: a numbered entry of a list.
 * + VIII. The Adventure of the Speckled Band
 * - I went home. */
int book_starts_with_numeral(const char *s, size_t len);

/* A division of a book that has a name and no number, alone on its line
 * (Prologue, Epilogue, Preface, Foreword, Afterword, and the Russian,
 * Kazakh, German and French words; a table): a chapter heading in a book.
 * + EPILOGUE
 * - Epilogue to a long day */
int book_is_unnumbered_division(const char *s, size_t len);

/* The value of the Roman numeral (in capitals, with a period and a space
 * after it) that starts the line; 0 if there is none.
 * + XII. The Adventure of the Copper Beeches   (12)
 * - IIX. Not a numeral */
int book_leading_roman_value(const char *s, size_t len);

/* A Roman numeral in capitals (I to CXCIX) alone on its line, optionally
 * followed by a period: a chapter number in a book.
 * + XIV.
 * - I am. */
int book_is_roman_numeral_line(const char *s, size_t len);

/* A line of running text cut off mid-sentence: it ends in a comma,
 * semicolon, colon or a dash (-, --, – or —), also before closing quotes
 * or a bracket, so the text goes on below it.
 * + Lady Catherine hesitated for a moment, and then replied,--
 * - The Period */
int book_is_open_line(const char *s, size_t len);

/* A line that ends in a word that cannot end a title: an article, a
 * conjunction or a preposition, in lower case (English, Russian, German,
 * French: a table), so the sentence goes on below it.
 * + Signifikante Beiträge zu diesem Dokument stammen von
 * - Youth as strategic asset */
int book_ends_in_function_word(const char *s, size_t len);

/* A marker line framed by asterisks, as electronic editions mark where
 * the book starts and ends: page furniture, not a heading.
 * + *** START OF THIS PROJECT GUTENBERG EBOOK DUBLINERS ***
 * - *** */
int book_is_marker_line(const char *s, size_t len);

/* The marker line that closes an electronic edition's notice: a marker
 * line (book_is_marker_line) in capitals.
 * + *** START OF THE ELECTRONIC EDITION THE OLD HOUSE ***
 * - *** The meeting opened at seven *** */
int book_is_edition_marker(const char *s, size_t len);

/* A field of an electronic edition's notice, alone on its line: a key of
 * one to three words, the first capitalised (a bracket may open it), a
 * colon and a space, then a value.
 * + Release Date: April 17, 2006 [EBook #18195]
 * - and so she said: come home */
int book_is_field_line(const char *s, size_t len);

/* Whether the line s names the title given as v: their letters and
 * digits are alike but for case, one running on where the other ends at
 * the end of a word, and at least BOOK_TITLE_MIN_LETTERS of them match
 * (a title page in capitals, or its first line, against the notice's
 * field).
 * + "THE GIRL'S OWN PAPER" names "The Girl's Own Paper, Vol. VIII: No. 353"
 * - "THE GIRL" does not name "The Girl's Own Paper" */
int book_names_title(const char *s, size_t len, const char *v, size_t vlen);

/* A line in square brackets, as a transcriber marks what the page had
 * besides text: "[Illustration]", "[Music]", "[Illustration: THE
 * HARBOUR AT DUSK]".
 * + [Illustration: THE KEEPER]
 * - [1] See the note above, and the keeper's letter [below]. */
int book_is_bracketed_line(const char *s, size_t len);

/* A signature in capitals: one or more initials (not I, V or X, which
 * number chapters) and one or two names.
 * + B. C. SAWARD.
 * - I. THE RETURN */
int book_is_signature_line(const char *s, size_t len);

/* Whether the text has no lower-case letter (capitals, digits,
 * punctuation).
 * + THE CENTURY CO.    + 1917
 * - Copyright, 1917, by */
int book_has_no_lower(const char *s, size_t len);

/* A signature of initials alone: two to four capitals, each with its
 * full stop, perhaps a space between them.
 * + H.B.    + J. R. M.
 * - I.    - H.B. Smith */
int book_is_initials_line(const char *s, size_t len);

/* A publisher's imprint on a title page: a line without lower-case
 * letters, of at least three words, that ends in a year of printing
 * (four digits, 1450 to 2099, after a space or a comma), perhaps with a
 * full stop after it.
 * + NEW YORK HENRY HOLT AND COMPANY 1922
 * + LONDON: SMITH, ELDER & CO., 1898.
 * - BOOK ONE: 1805 (two words: a division)
 * - The Year 1922 */
int book_is_imprint_line(const char *s, size_t len);

/* A byline in capitals as a magazine sets one under an article's title:
 * a byline (text_is_byline) in capitals, perhaps closed by a full stop,
 * perhaps followed by a comma and a credit that starts with a capital.
 * + BY MARY FENWICK, Author of "The Quay," etc.
 * - BY THE WAY, the boat was late. */
int book_is_caps_byline(const char *s, size_t len);

/* A person's name in capitals alone on its line, as a signature or a
 * composer's credit: up to BOOK_NAME_TITLES words of rank, one or more
 * initials (not I, V or X, which number chapters) and one surname,
 * perhaps closed by a full stop.
 * + PROFESSOR SIR H. J. WOOD.
 * - PART A. INTRODUCTION AND PLAN */
int book_is_caps_name_line(const char *s, size_t len);

/* Words of rank before a name's initials (book_is_caps_name_line):
 * "PROFESSOR SIR". */
#define BOOK_NAME_TITLES 2

/* A paragraph that leaves off as a letter does before its signature: in
 * a comma or an ellipsis ("believe me, ever your own...", "Yours truly,").
 * + Give my dearest love to Father, and believe me, ever your own...
 * - He went home. */
int book_ends_letter(const char *s, size_t len);

#endif
