/* text_rules.h: the plain-text reader's heuristics, one named predicate a
 * rule (as md4c's md_is_* family). Each looks at one line (or one joined
 * paragraph) of valid UTF-8, already trimmed of leading and trailing
 * white space, and says whether the rule holds. None allocates, none
 * keeps a pointer, and each looks at a bounded part of a long line (its
 * start or its end) or stops early, so the reader stays linear however
 * long a line is.
 *
 * The comment of each predicate states the rule with one line it accepts
 * (+) and one it rejects (-). tests/unit/test_text_rules.c checks both. */
#ifndef GALLEY_READ_TEXT_RULES_H
#define GALLEY_READ_TEXT_RULES_H

#include <stddef.h>
#include <stdint.h>

/* A heading is short: at most this many words ... */
#define TEXT_HEADING_MAX_WORDS 12
/* ... and at most this many characters (a line of a printed page). */
#define TEXT_HEADING_MAX_CHARS 80
/* A derived title may be a little longer than a heading. */
#define TEXT_TITLE_MAX_WORDS 20
#define TEXT_TITLE_MAX_CHARS 150
/* The dateline (place, agency, date) fits in this many bytes. */
#define TEXT_DATELINE_MAX_BYTES 100
/* An agency dateline (text_has_agency_dateline) is found in this many
 * bytes: Cyrillic takes two bytes a letter, and the agency and the date
 * come on top of the place. */
#define TEXT_AGENCY_DATELINE_MAX_BYTES 140
/* A byline ("By NAME, AGENCY") is at most this many words. */
#define TEXT_BYLINE_MAX_WORDS 14
/* Words of a signature line ("-- The Debian Developers"): a name or a
 * body's name, not a sentence. */
#define TEXT_SIGNATURE_MAX_WORDS 6
/* A box edge is a row as long as a short heading, not a scene break. */
#define TEXT_BOX_EDGE_MIN_CHARS 8
/* Columns of indentation beyond the body's that centre a line by hand: two
 * tabs, more than a quotation's indent. */
#define TEXT_CENTRED_MIN_INDENT 8

/* Which heading convention a line follows. */
typedef enum {
  TEXT_CHAPTER_NONE = 0,
  TEXT_CHAPTER_VOLUME,  /* Volume, Том, Band, Tome: the largest division */
  TEXT_CHAPTER_PART,    /* Part, Book, Часть, Teil, Partie */
  TEXT_CHAPTER_CHAPTER, /* Chapter, Appendix, Глава, Kapitel, Chapitre */
  TEXT_CHAPTER_SECTION  /* Section, Раздел, Abschnitt: within a chapter */
} text_chapter_kind;

/* Lower case of a Latin-1, Latin or Cyrillic capital; cp itself for any
 * other character (the one case fold of the reader's word tables). */
int32_t text_fold_case(int32_t cp);

/* Decodes the character at `s[i]` (i < len) into *out_cp (U+FFFD for a
 * bad byte, which the reader never leaves) and returns its byte length. */
size_t text_next_cp(const char *s, size_t len, size_t i, int32_t *out_cp);
/* Decodes the character ending just before `s[end]` (end > 0) into
 * *out_cp and returns the offset where it starts. */
size_t text_prev_cp(const char *s, size_t end, int32_t *out_cp);

/* Counts words (runs of non-space characters), stopping once the count
 * passes `limit` (so the result is at most limit + 1). */
int text_count_words(const char *s, size_t len, int limit);

/* Whether `cp` opens a quotation or a bracket: " ' “ ‘ „ « ( [ and kin. */
int text_is_opening_quote(int32_t cp);
/* Whether `cp` closes a quotation or a bracket: " ' ” ’ » ) ]. */
int text_is_closing_quote(int32_t cp);

/* The line ends a sentence or clause: its last character is one of
 * . , ; : ! ? … or such a character followed by closing quotes or
 * brackets.
 * + He said the OSCE views it through a pragmatic lens.
 * + “We are ready,” he said.”
 * - Concrete examples at work */
int text_has_terminal_punctuation(const char *s, size_t len);

/* The line is short enough to be a heading: at most
 * TEXT_HEADING_MAX_WORDS words and TEXT_HEADING_MAX_CHARS characters.
 * + Risks facing Kazakhstan
 * - The world, which is increasingly fractured these days, poses a real risk to Kazakhstan, Rogov said. */
int text_is_short_line(const char *s, size_t len);

/* The line starts as a heading does: with an uppercase letter, a digit, or
 * a letter of a script without case (not with a quote, bracket, dash or
 * lowercase letter), or with a capitalised name in double quotes or
 * guillemets, closed before more words follow and with no punctuation
 * inside the quotes.
 * + Central Asia’s shared challenges
 * + “Social Contract” with the Free Software Community
 * - “Thank you very much
 * - “We are ready,” he said */
int text_starts_like_heading(const char *s, size_t len);

/* The short-line rule's test on the line alone: short, starts like a
 * heading and has no terminal punctuation. The reader adds the context
 * (followed by a longer paragraph, not after another such line).
 * + Youth as strategic asset
 * - Before posting in Astana, he served in Bishkek. */
int text_is_heading_shaped(const char *s, size_t len);

/* A caption that opens with a language table's figure label and a
 * number ("Figure 2. The bridge", "Table 3", "Extract 1 American English
 * [NB, 1:1:19]", "Рис. 4 — Схема"), up to a title's length; not a
 * sentence about the figure ("Figure 1 shows ..."). */
int text_is_label_caption(const char *s, size_t len);

/* A caption as a page's text for screen readers prints it: a language
 * table's caption label, then the caption ("Image caption, Voters cast
 * their ballots in Almaty", "Подпись к фото, ..."), on one line.
 * + Image caption, Voters in Almaty cast their ballots on Sunday
 * - Image caption, */
int text_is_caption_label_line(const char *s, size_t len);

/* A caption's label of the language tables alone on its line, its caption
 * on the next ("Image caption," / "Protesters in Almaty"), as some pages
 * copy their screen readers' labels.
 * + Image caption,    + Подпись к фото,
 * - Image caption, Protesters in Almaty (text_is_caption_label_line) */
int text_is_caption_label_alone(const char *s, size_t len);

/* Whether the whole of s[0..len) is one of the words of `list` (a NULL-
 * ended list of lowercase words), case folded: "Home", "ago", "мин". */
int text_is_one_of(const char *s, size_t len, const char *const *list);

/* A byline's affiliation, the line under a reporter's name: at most
 * TEXT_AFFILIATION_MAX_WORDS words with a language table's newsroom word
 * among them, no full stop at the end, no colon or digit (an imprint's
 * "CAMBRIDGE: THE ABBEY PRESS, 1911") ("BBC News, Almaty", "Central Asia
 * correspondent", "Корреспондент Би-би-си").
 * + BBC News, Almaty
 * - Voters queued outside the polling station in the morning */
int text_is_affiliation_line(const char *s, size_t len);
#define TEXT_AFFILIATION_MAX_WORDS 6

/* The line introduces what follows with a colon and is a sentence of
 * three words or more, not a label ("Note:").
 * + Об этом сообщил журналистам сам Трамп:
 * - Примечание: */
int text_introduces_quote(const char *s, size_t len);

/* A line that is one quotation and nothing else: it opens with a
 * quotation mark (" “ ” « „, since some sites open with ”), ends with one
 * (" ” “ ») and, inside it, ends a sentence (. ! ? …). Returns the byte
 * offset of the quoted words, or 0.
 * + ”BRICS is a key element of the emerging multipolar world.“
 * - “Hey everyone!” he said. */
size_t text_quoted_line_inner(const char *s, size_t len);

/* The line opens and ends with a double quotation mark (as
 * text_quoted_line_inner, wherever its sentence stops).
 * + «"... бұл жанның тамағы еді,"»
 * - «Абай» журналы 1918 жылы шықты. */
int text_is_one_quotation(const char *s, size_t len);

/* The line opens with a dash and goes on in lower case: the words that
 * follow a quotation in Russian and Kazakh ("«...», — сказал он",
 * "— деп жазды").
 * + — деп қайыра түсінік беріп отыр.
 * - — Мы встретимся позже, — сказал он. */
int text_opens_attribution(const char *s, size_t len);

/* Words before the colon searched for a verb of saying. */
#define TEXT_SAYING_TAIL_WORDS 3

/* text_introduces_quote, with a verb of saying (lang.h saying_words)
 * among its last TEXT_SAYING_TAIL_WORDS words: what follows is a quoted
 * text, not a list the sentence announces.
 * + В подписанном главой государства документе говорится:
 * - Участники договорились о следующих мерах: */
int text_introduces_quoted_text(const char *s, size_t len);

/* The line gives a value: an equals sign with a number after it
 * ("mpv=3.9", "K = -2"). A heading names a subject; such a line is a
 * line of data, never a heading.
 * + Magnitude mpv=3.9
 * - Magnitude of the earthquake */
int text_has_value(const char *s, size_t len);

/* Every cased letter is uppercase, there are at least three letters, and
 * the line is short.
 * + THE ROAD TO ASTANA
 * - The Road to ASTANA */
int text_is_all_caps_line(const char *s, size_t len);

/* A chapter, part or volume line: a word naming a division of a book
 * (English, Russian, Kazakh, German, French: a table in text_rules.c, any
 * case) and a number (digits, Roman numerals, or a number word; "Book the
 * First"), or the number first ("Erstes Kapitel", "1-тарау"), optionally
 * followed by a separator (. : – — -) and a short title. Returns the
 * division's kind, or TEXT_CHAPTER_NONE.
 * + CHAPTER TWO: The Return
 * + Часть первая
 * - Part of the problem is cost */
text_chapter_kind text_is_chapter_line(const char *s, size_t len);

/* A setext underline: three or more '=' (returns '='), '-' (returns '-')
 * or '~' (returns '~', reStructuredText's and AsciiDoc's third level) and
 * nothing else but spaces; 0 otherwise. A heading only when it sits
 * directly under a line of text; alone, such lines are breaks.
 * + =========, ~~~~~~~~~
 * - == Notes == */
int text_is_setext_underline(const char *s, size_t len);

/* The characters reStructuredText underlines a section title with: any
 * printable ASCII punctuation. */
#define TEXT_RST_ADORNMENT_CHARS "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

/* A reStructuredText adornment: three or more of one character of
 * TEXT_RST_ADORNMENT_CHARS and nothing else; returns the character, 0
 * otherwise. An underline only under a line of text at least as long
 * (which the caller checks); alone, such a line is a break or a rule.
 * + %%%%%%%%%%%%%%%%
 * - %% done %% */
int text_is_rst_adornment(const char *s, size_t len);

/* A thematic break: three or more of one of * - _ = # ~ • · (or the same
 * separated by spaces) and nothing else.
 * + * * *
 * - *** Important *** */
int text_is_thematic_break(const char *s, size_t len);

/* A bullet item: a bullet (• ◦ ▪ ▫ ‣ ● ○ ■ □ ► ▸ ✓ ✔ · - * + – —) and a
 * space, then text. Writes the bytes of marker and spaces to
 * *out_marker_len, and to *out_strong whether the bullet is a dedicated
 * bullet character (1) or a dash or asterisk that prose also begins lines
 * with (0; the reader wants two such items in a row).
 * + • Asset recovery and civil forfeiture
 * - -30- */
int text_is_bullet_item(const char *s, size_t len, size_t *out_marker_len,
                        int *out_strong);

/* A list item's enumerator, as text_is_enumerator reads it. */
typedef struct text_enum {
  int delim;         /* '.' "1.", ')' "1)", or '(' for "(1)" */
  int digits;        /* the enumerator is a number ("0", "12", "2a") */
  int decimal;       /* that number ("2a": 2); else 0 */
  int suffix;        /* a letter after the digits ("2a."): irregular */
  int alpha;         /* one letter's place (a=1), or 0 */
  int roman;         /* the letters as a roman numeral (i=1), or 0 */
  int upper;         /* the letters are capitals */
  size_t len;        /* bytes of the enumerator, without the spaces */
  size_t marker_len; /* bytes of enumerator and spaces */
} text_enum;

/* A list item's enumerator, then a space and text: 1-3 digits (and
 * perhaps one lowercase letter, "2a."), one letter, or a roman numeral of
 * several letters below 90 (ii .. lxxxix; "mix" is a word), followed by "." or ")" or inside parentheses "(iv)". A single
 * capital with "." is an initial ("A. Lincoln"), not an enumerator.
 * Whether "i" is a letter or a numeral is left to the list's sequence:
 * both readings are given. Writes what it read to *out.
 * + (iv) the fourth clause
 * - J. Smith, Reuters */
int text_is_enumerator(const char *s, size_t len, text_enum *out);

/* A single capital with "." and then text, which text_is_enumerator
 * takes for an initial: a lettered clause ("A. Use in the Title Page")
 * when the caller sees it in a sequence of such lines (A., B., C.).
 * Writes the enumerator to *out.
 * + B. List on the Title Page, as authors, one or more persons
 * - (b) the second clause */
int text_is_letter_clause(const char *s, size_t len, text_enum *out);

/* Whether enumerator b comes right after a in one sequence of the same
 * kind: digits count on (9, 10), letters go on by one (h, i), numerals
 * by one (i, ii; "v" after "iv" though it is also a letter). */
int text_enum_follows(const text_enum *a, const text_enum *b);

/* Whether the line names a version by number: a word of digits, a dot
 * and digits ("1.0", "2.1.3"), not at the line's start (a section
 * number there numbers a heading).
 * + CC0 1.0 Universal
 * - 1.1 Scope */
int text_has_version_number(const char *s, size_t len);

/* A numbered item: text_is_enumerator's line, with its marker's byte
 * length (with spaces) and its number (digits as written; a letter or a
 * numeral by its place, a=1) in *out_marker_len and *out_number.
 * + 2) Strengthen border monitoring
 * - 2025. It was a year of change. */
int text_is_numbered_item(const char *s, size_t len, size_t *out_marker_len,
                          int *out_number);

/* Groups of a section number counted at most (1.2.3.4.5.6). */
#define TEXT_SECTION_MAX_DEPTH 6

/* A section number opening a line: one to TEXT_SECTION_MAX_DEPTH groups
 * of one to three digits joined by ".", then "." (which a number of one
 * group needs: "2. Methods"; "3.2 Methods" may leave it out), then a
 * space and text. Writes the number of groups, the last group's value and
 * the bytes of number and spaces.
 * + 2.1. Grants
 * - 2025. It was a year of change. */
int text_is_section_number(const char *s, size_t len, int *out_depth, int *out_last,
                           size_t *out_len);

/* A section line: a section number and a short title (at most
 * TEXT_HEADING_MAX_WORDS words and TEXT_HEADING_MAX_CHARS characters)
 * that starts as a heading does, with no sentence punctuation inside it
 * (at most one comma) and nothing but a period at its end. Only the
 * context says whether it is a heading or a list item. Writes depth and
 * last number as text_is_section_number does.
 * + 3. Protecting Users' Legal Rights From Anti-Circumvention Law.
 * - 2. We give back. We will not hide problems. */
int text_is_section_line(const char *s, size_t len, int *out_depth, int *out_last);

/* A numbered term of a definitions section: a section number, then a
 * quoted term (perhaps with a few words after it), whose definition
 * follows on the next, indented lines.
 * + 1.11. "Patent Claims" of a Contributor
 * - 2.1. Grants */
int text_is_numbered_term(const char *s, size_t len);

/* A byline: a byline word of the language tables ("By", "Written by",
 * "Автор:", "Авторы:", "Von", "Par", any case) and one to a few capitalised names
 * (initials, particles like "de", "van", "al-" and "and" between names),
 * (joined by a table's "and": "и", "және"; after a "Label:" also by commas
 * before a name of two words or more),
 * optionally a comma, "|", "for", "in", "on" or "at" and an affiliation,
 * a section or a date ("By Aidana Yergaliyeva in Nation on 5 February
 * 2026"); no terminal punctuation. Writes the offset where the names start and the length of
 * the names (before the affiliation) to *out_name_off / *out_name_len.
 * + By Assel Satubaldina and John Roe, The Astana Times
 * - By the end of the year, the office had moved. */
int text_is_byline(const char *s, size_t len, size_t *out_name_off,
                   size_t *out_name_len);

/* A dateline opening a lede: an ALL-CAPS place of one to four words (each
 * with two or more letters, the first with three), optionally ", Region"
 * and/or a date ("March 3", "Jan. 30", "3 March"), and optionally a
 * parenthesised agency ("(AP)", "(Reuters)"), followed by a spaced en
 * dash, em dash or hyphen and more text. Writes the byte length of the
 * dateline words (without the space before the dash) to *out_len.
 * + WASHINGTON (AP) — The Senate voted on Tuesday.
 * - US – China relations are strained. */
int text_has_dateline(const char *s, size_t len, size_t *out_len);

/* An agency dateline of one of the language tables' patterns (lang.c).
 * A pattern is literal characters and: P a place (one to four ALL-CAPS
 * words), C a place in title case (one or two words), D a day and month
 * ("5 декабря", "May 14"), A an agency (one to three capitalised words),
 * K an agency the tables name ("ҚазАқпарат", "ТАСС"), ' ' one space, '-' a spaced dash that ends
 * the dateline (the dash is not part of it). A pattern that does not end
 * in a dash ends the dateline where it ends, before a space and text.
 * Writes the dateline's byte length to *out_len.
 * + МОСКВА, 14 мая. /ТАСС/. Президент провел встречу.
 * + Астана. ҚазАқпарат - Елордада жаңа мектеп ашылды.
 * - Москва. Это столица России.
 * - Москва. Путин - президент России. */
int text_has_agency_dateline(const char *s, size_t len, size_t *out_len);

/* A dash as dialogue and signatures set one, at s[i]: "--" as typed, a
 * hyphen standing alone before a space, or a dash character (an en or em
 * dash, a horizontal bar: galley_utf8_is_dash). Returns its bytes, or 0.
 * + "— Да", "-- Margaret Hale", "- Biz"
 * - "-1", "well-known" */
size_t text_dialogue_dash(const char *s, size_t len, size_t i);

/* A turn of dialogue as Russian, Kazakh, Ukrainian (and French or
 * Spanish with dashes) print it: the speaker's words break off at a
 * comma, "!", "?" or an ellipsis for the narrator's, set off by a spaced
 * dash and starting in lower case. A list item, even one that opens with
 * a dash, has no such break. The reader takes a run of dash-opened lines
 * any of which is such a turn as dialogue, a paragraph a turn.
 * + — Да, — сказал он. — Пойдём.
 * + — Қайда барасың? — деп сұрады әкесі.
 * - — молоко, хлеб и масло
 * - — Ташкент — столица Узбекистана */
int text_is_dialogue_turn(const char *s, size_t len);

/* A signature closing a text: a dash (-- or --- as typed, an en or em
 * dash, or a spaced hyphen) and then one to TEXT_SIGNATURE_MAX_WORDS words
 * that name someone, each capitalised but for short joining words ("of",
 * "van"), with no terminal punctuation; a full name (two words or more)
 * may be followed by a comma and up to TEXT_HEADING_MAX_WORDS words of
 * office or place. Writes where the names start and their byte length
 * (the name before any comma) to *out_name_off / *out_name_len. The
 * reader takes it as a line of its own after a paragraph.
 * + -- The Debian Developers
 * + — Margaret Hale, chair of the Friends of the Library
 * - -- and then the train left.
 * - — Yes, sir */
int text_is_dash_signature(const char *s, size_t len, size_t *out_name_off,
                           size_t *out_name_len);

/* A heading centred by hand: a line indented by at least
 * TEXT_CENTRED_MIN_INDENT columns beyond the body text (the reader
 * passes that indentation), short, starting as a heading does and with no
 * terminal punctuation. The reader takes it only as a one-line block
 * between blocks that are not indented, so verse and quotes stay quotes.
 * + (indent 8) Kazakh Language Dictionary for Hunspell
 * - (indent 4) Kazakh Language Dictionary for Hunspell */
int text_is_centred_heading(const char *s, size_t len, int indent);

/* A line saved from a web page with its line-break tag: it ends in
 * <br>, <br/> or <br /> (any case). Writes the length of the text before
 * the tag, without the spaces before it, to *out_len. The reader sets a
 * run of such lines as one quotation of verse, a line break for each tag.
 * + Сірә да оңбас торғайым...<br>
 * - Use the <br> element to break a line. */
int text_ends_in_html_break(const char *s, size_t len, size_t *out_len);

/* The top or bottom edge of a heading boxed in by a typewriter: at least
 * TEXT_BOX_EDGE_MIN_CHARS of one character of * = # ~ - + and nothing
 * else, or a row of - or = between two '+' corners. The reader takes two equal edges with one to three short lines
 * between them (no blank line) as one heading, the edges as no block.
 * + ********************
 * - * * * */
int text_is_box_edge(const char *s, size_t len);

/* A heading framed on its own line by runs of one mark, the way a
 * typist marks a title without a box: at least two of one of * = # ~ - +
 * on each side, white space between marks and words (marks that cling
 * to a word are markup of another kind: "**strong**"), around a
 * short text (at most TEXT_HEADING_MAX_WORDS words) that starts as a
 * heading does. Writes the offset and length of the framed text. Not an
 * edition's marker (book_is_edition_marker) of five words or more or with
 * a colon ("*** START OF THE PROJECT GUTENBERG EBOOK ... ***"), which is
 * a line of the edition's notice.
 * + *** CHAPTER I ***
 * + == Early life ==
 * - **Note:** the tower was closed in 1962.
 * - ==Unspaced== */
int text_is_framed_heading(const char *s, size_t len, size_t *out_inner_off,
                           size_t *out_inner_len);

/* A section number alone on its line ("1.", "2.1.", "3.2"), its title or
 * text on the next line: a number of one group needs its period, as in
 * text_is_section_number.
 * + 12.
 * - 1898 */
int text_is_lone_section_number(const char *s, size_t len);

/* A line inside a box typed around a block of text: it starts and ends
 * with the box's side character (`side`: '*', '#' or '|'), with white
 * space inside both sides, or only white space between them. Writes the
 * offset and length of what lies between the sides. The reader takes a
 * run of such lines between two equal edges (text_is_box_edge) as a
 * framed block: the frame is decoration, its text the text.
 * + *  Covered Software is provided "as is".  *
 * - *emphasis* in a line */
int text_is_framed_line(const char *s, size_t len, char side, size_t *out_inner_off,
                        size_t *out_inner_len);

/* A copyright notice's line: "Copyright" (a colon may follow) and then
 * a year, "(c)", "©" or a placeholder in brackets ("[yyyy]",
 * "<year>"); or "©", or "(c)" and a year, opening the line. A notice
 * stands apart from the text after it: the reader ends its paragraph at
 * the end of the notice.
 * + Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>
 * - Copyright law differs from one country to another. */
int text_is_copyright_line(const char *s, size_t len);

/* An item's enumerator followed, on the same line, by the next
 * enumerator of its sequence in brackets ("(1) ... and (2) ...", "a) ...
 * b) ..."): an enumeration run into a sentence, which a wrapped line
 * happened to start, not a list set off line by line.
 * + (1) assert copyright on the software, and (2) offer you this License
 * - (1) assert copyright on the software, as section (4) says */
int text_has_run_in_enumeration(const char *s, size_t len);
/* The next enumerator of a run-in enumeration is looked for in this many
 * bytes: the hard-wrapped line it shares with the first. */
#define TEXT_RUN_IN_MAX_BYTES 160

/* Words of a run-in title at most ("Grant of Copyright License."). */
#define TEXT_RUN_IN_TITLE_MAX_WORDS 8

/* A clause's text (after its number) that opens with a run-in title: a
 * capitalised phrase of at most TEXT_RUN_IN_TITLE_MAX_WORDS words and no
 * punctuation, closed by a full stop after a word of three letters or
 * more, then a new sentence ("Grant of Copyright License. Subject to
 * ..."). Looks at the first TEXT_RUN_IN_MAX_BYTES bytes.
 * + Waiver. To the greatest extent permitted by law, Affirmer waives
 * - Mr. Smith signs for the company. */
int text_has_run_in_title(const char *s, size_t len);

/* A line that is only a byline word of the tables ("by", "Автор:"),
 * the names following on the next line.
 * + by
 * - bypass */
int text_is_byline_word_line(const char *s, size_t len);

/* An author's name line as a book's title page prints it: a name line
 * (text_is_name_line), optionally followed by a year or years in
 * parentheses.
 * + JANE AUSTEN (1775-1817)
 * - Risks facing Kazakhstan (2024) */
int text_is_author_line(const char *s, size_t len);

/* The credit rule's answer for a line of running text, where "Source:"
 * and "Courtesy:" are not credit labels: TEXT_CREDIT_ALONE when the whole
 * line is a credit (text_is_standalone_credit), TEXT_CREDIT_CAPTION when
 * it is a caption ending in one (text_has_caption_credit; the credit's
 * start in *out_credit_off), TEXT_CREDIT_NONE otherwise. `starts` is
 * text_lang_credit_starts (lang.h), made once by a caller that asks of
 * many lines. */
typedef enum { TEXT_CREDIT_NONE, TEXT_CREDIT_ALONE, TEXT_CREDIT_CAPTION } text_credit_kind;
struct text_credit_starts;
text_credit_kind text_line_credit(const char *s, size_t len,
                                  const struct text_credit_starts *starts,
                                  size_t *out_credit_off);

/* The whole line is a credit for an image that is not in the text
 * (galley_credit_find, credit.h, finds a credit with no caption before
 * it): a credit label and a short name starting with a capital.
 * + Photo credit: Fatima Kemelova/ The Astana Times
 * - Photo: the view from the office, taken on a clear day in spring. */
int text_is_standalone_credit(const char *s, size_t len);

/* The marker a transcriber puts where a printed book had a picture:
 * "[Illustration: caption]" (Project Gutenberg's convention, in English
 * whatever the book's language), on one line or wrapped. Writes the
 * caption's offset and length to *out_off and *out_len and returns 1
 * when the marker has a caption; a bare "[Illustration]" has none.
 * + [Illustration: "They made up their minds to set out to roam"]
 * - [Illustration] */
int text_illustration_caption(const char *s, size_t len, size_t *out_off, size_t *out_len);
/* The marker's opening, as Project Gutenberg types it. */
#define TEXT_ILLUSTRATION_MARKER "[Illustration:"

/* Whether the text is a transcriber's bare marker of a picture or a
 * piece of music left out of the transcription, with no caption: it
 * says only that something the text cannot hold stood there, and an
 * edition without the picture sets nothing in its place.
 * + [Illustration]    + [ Music ]
 * - [Illustration: The harbour]    - [Illustration] and a sentence */
int text_is_bare_picture_marker(const char *s, size_t len);

/* A caption ending in a credit (galley_credit_find with a caption): text,
 * then (after white space or an opening parenthesis) a credit label and a
 * short name at the end of the line. Writes where the credit starts (the
 * label, or the parenthesis of "(Photo: X)") to *out_credit_off.
 * + He served in Bishkek. Photo credit: Fatima Kemelova/ The Astana Times
 * - He took a photo: a man on a bench. */
int text_has_caption_credit(const char *s, size_t len, size_t *out_credit_off);

/* A metadata line "Key: value" whose key is one galley knows (Title,
 * Author, Date, Language, Subtitle, Publisher, Rights, Description,
 * Keywords, Source, ... in any case). Writes the key's byte length and
 * the value's offset.
 * + Language: kk
 * - Note: the figures are preliminary. */
int text_is_metadata_line(const char *s, size_t len, size_t *out_key_len,
                          size_t *out_value_off);

/* A closing formula: Thank you, Thanks, Regards, Sincerely, The End, ...
 * (optionally with "very much", "for reading" and the like).
 * + Thank you for reading
 * - Thanksgiving traditions in the north */
int text_is_sign_off(const char *s, size_t len);

/* Page furniture that web pages put between paragraphs and that a paste
 * carries along, the language tables' furniture_words: Advertisement,
 * Read more, Related, Share this article, Реклама, Жарнама, ... (any
 * case, optional colon), or one of them with a colon and the headline it
 * links to ("Read also: ...", "Читайте также: ...").
 * + ADVERTISEMENT
 * + Читайте также: В Астане построят три новых школы
 * - Read more closely, the figures tell another story */
int text_is_furniture_line(const char *s, size_t len);
/* A breadcrumb trail (furniture too) at most this long, its parts of at
 * most so many words: "Home / World / Asia". */
#define BREADCRUMB_MAX_BYTES 120
/* A furniture line with a number in it is at most this long. */
#define FURNITURE_NUMBERED_MAX 96
#define BREADCRUMB_PART_MAX_WORDS 4

/* Shaped like a person's name: two to four capitalised words (initials
 * allowed), nothing else.
 * + Alexey Rogov
 * - Risks facing Kazakhstan */
int text_is_name_line(const char *s, size_t len);

/* A byte range of a line. */
typedef struct text_span {
  size_t off, len;
} text_span;

/* A byline of names without "By": two or more names (text_is_name_line
 * each) joined by commas and a language table's "and", or one or more
 * followed by a newsroom (text_is_affiliation_line) after " | ", ", " or
 * a spaced dash, or by a reading time (text_reading_time_tail). Writes up to `max` names' ranges to `names` and the
 * length of the names' part to *out_names_len; returns how many names,
 * or 0 (also when more than `max`).
 * + Jane Roe and John Doe
 * + Jane Roe, Staff Writer
 * + Иван Петров | Reuters
 * + Jane Roe • 5 min read
 * - Jane Roe (one name: text_is_name_line)
 * - Putin and Macron discuss Ukraine */
int text_names_byline(const char *s, size_t len, text_span *names, int max,
                      size_t *out_names_len);
#define TEXT_NAMES_BYLINE_MAX 160

/* A byline as British papers print it, the reporter and where the story
 * was filed: a name (text_is_name_line) or a newsroom's name
 * (text_is_affiliation_line), " in ", then a place of one to three
 * capitalised words ("Reuters in Almaty", "Andrew Roth in Moscow"). Writes
 * the length before " in " to *out_name_len.
 * + Andrew Roth in Moscow
 * - Protests in Almaty */
int text_is_byline_in_place(const char *s, size_t len, size_t *out_name_len);

/* An author's line in a paper's header: a name (text_is_name_line), the
 * author's e-mail address, perhaps an affiliation after it ("Claire
 * Warwick c.l.h.warwick@durham.ac.uk Durham University, United
 * Kingdom"). Writes the name's length. */
int text_is_author_address(const char *s, size_t len, size_t *out_name_len);

/* A person's name as signers of letters and orders print it: initials
 * (a capital and a period each, one to three, "А.Е." joined or apart)
 * together before or after one or two capitalised names, nothing else.
 * + А. Бисембаев
 * + Smith J.R.
 * - Alexey Rogov (no initial) */
int text_is_initialled_name(const char *s, size_t len);

/* A gap across the page is at least this many spaces (or a tab): a
 * signature set with the office at the left and the name at the right. */
#define TEXT_SIGNATURE_GAP_SPACES 3

/* A signature across the page: a signer's office (heading-shaped), a gap
 * (TEXT_SIGNATURE_GAP_SPACES) and a name with initials
 * (text_is_initialled_name). Returns the offset of the name, 0 if not.
 * + Minister of Justice          A. Smith
 * - Minister of Justice A. Smith (no gap: one run of words) */
size_t text_signature_gap(const char *s, size_t len);

/* A date on a line of its own, optionally after a date word of the
 * language tables ("Published", "Updated:", "Обновлено", "Жарияланды")
 * and a weekday: "March 3, 2024", "3 March 2024", "Jan. 30, 1992",
 * "2024-03-03", "03.03.2024", "8 марта 2019 г.", "8 наурыз 2019 ж.",
 * "2019 жылғы 8 наурыз",
 * "30 Qańtar 2026" (Kazakh in the Latin alphabet),
 * optionally with a time before or after it ("03.11.2025, 09:40",
 * "10:42 GMT, 8 March 2019") and then a time zone
 * ("11:17, 30 Qańtar 2026 | GMT +5"). After a date word, a time alone is a date
 * line too ("Published 10:42 GMT"). Writes the date as YYYY-MM-DD into
 * out_iso (11 bytes), or "" when the line gives only a time.
 * + Published March 3, 2024
 * - March 3 was a cold day */
int text_is_date_line(const char *s, size_t len, char out_iso[11]);

/* A date word of the language tables alone on its line, perhaps with a
 * colon: the label a page sets over its date line ("Published" /
 * "5 January 2022").
 * + Published    + Опубликовано:
 * - Published in 2022 */
int text_is_date_word_line(const char *s, size_t len);

/* Where a header line's reading time starts, the separator before it
 * included: " • 5 min read", " · 3 мин", " | 4 минуты" at the end of a
 * date line or a byline (a number under 100, a unit of a table, at most
 * two words after it); `len` when there is none.
 * + "4 March 2024 • 3 min read" -> 12
 * - "Almaty | 5 districts" -> 20 */
size_t text_reading_time_tail(const char *s, size_t len);

/* A line that is a clock time with "A.M."/"pm" or a time zone and nothing
 * else: a transcript's time stamp ("12:18 A.M. EDT", "4:05 p.m."). */
int text_is_time_line(const char *s, size_t len);


/* ------------------------------------------------------------------ */
/* Shared by the rules' own files                                      */
/* ------------------------------------------------------------------ */

/* Not rules: the character and word helpers text_rules.c and
 * text_rules_lists.c lend the other rules files. */

/* White space, counting U+00A0. */
int text_is_space(int32_t cp);
/* Bytes of the white space at s[i] (a space, a tab, a no-break or narrow
 * no-break space, as typeset texts put after "Chapitre"); 0 if none or
 * at the end. */
size_t text_space_at(const char *s, size_t len, size_t i);
/* An ASCII digit. */
int text_is_digit(int32_t cp);
/* An uppercase letter, or a letter of a script without case. */
int text_is_capital(int32_t cp);
/* The ASCII lower case of c; c itself for any other byte. */
int text_ascii_lower(int c);
/* Whether s[0..len) starts with `word` compared without ASCII case. */
int text_has_prefix_nocase(const char *s, size_t len, const char *word);
/* Whether s[0..len) is `word` compared without ASCII case. */
int text_equals_nocase(const char *s, size_t len, const char *word);
/* Characters in s, counting no further than limit + 1. */
size_t text_count_chars(const char *s, size_t len, size_t limit);
/* Bytes of white space at s[i..len). */
size_t text_skip_spaces(const char *s, size_t len, size_t i);

#endif
