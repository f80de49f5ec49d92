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
/* A byline ("By NAME, AGENCY") is at most this many words. */
#define TEXT_BYLINE_MAX_WORDS 14

/* Which heading convention a line follows. */
typedef enum {
  TEXT_CHAPTER_NONE = 0,
  TEXT_CHAPTER_VOLUME,  /* Volume, Том, Band, Tome: the largest division */
  TEXT_CHAPTER_PART,    /* Part, Book, Часть, Teil, Partie */
  TEXT_CHAPTER_CHAPTER, /* Chapter, Appendix, Глава, Kapitel, Chapitre */
  TEXT_CHAPTER_SECTION  /* Section, Раздел, Abschnitt: within a chapter */
} text_chapter_kind;

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
 * lowercase letter).
 * + Central Asia’s shared challenges
 * - “Thank you very much */
int text_starts_like_heading(const char *s, size_t len);

/* The short-line rule's test on the line alone: short, starts like a
 * heading and has no terminal punctuation. The reader adds the context
 * (followed by a longer paragraph, not after another such line).
 * + Youth as strategic asset
 * - Before posting in Astana, he served in Bishkek. */
int text_is_heading_shaped(const char *s, size_t len);

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

/* A setext underline: three or more '=' (returns '=') or '-' (returns
 * '-') and nothing else but spaces; 0 otherwise. A heading only when it
 * sits directly under a line of text; alone, '-' lines are breaks.
 * + =========
 * - == Notes == */
int text_is_setext_underline(const char *s, size_t len);

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

/* A numbered item: 1-3 digits or one letter, then "." or ")" (a letter
 * only with ")"), or the same in parentheses "(1)", then a space and
 * text. Writes the marker's byte length (with spaces) and its number
 * (letters count a=1) to *out_marker_len and *out_number.
 * + 2) Strengthen border monitoring
 * - 2025. It was a year of change. */
int text_is_numbered_item(const char *s, size_t len, size_t *out_marker_len,
                          int *out_number);

/* A byline: "By" (or "BY", "by") and one to a few capitalised names
 * (initials, particles like "de", "van", "al-" and "and" between names),
 * optionally a comma, "|" or "for" and an affiliation; no terminal
 * punctuation. Writes the offset where the names start and the length of
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

/* The whole line is a credit for an image that is not in the text
 * (galley_credit_find, credit.h, finds a credit with no caption before
 * it): a credit label and a short name starting with a capital.
 * + Photo credit: Fatima Kemelova/ The Astana Times
 * - Photo: the view from the office, taken on a clear day in spring. */
int text_is_standalone_credit(const char *s, size_t len);

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
 * carries along: Advertisement, Read more, Related, Share this article,
 * Continue reading, Skip advertisement, ... (any case, optional colon).
 * + ADVERTISEMENT
 * - Read more closely, the figures tell another story */
int text_is_furniture_line(const char *s, size_t len);

/* Shaped like a person's name: two to four capitalised words (initials
 * allowed), nothing else.
 * + Alexey Rogov
 * - Risks facing Kazakhstan */
int text_is_name_line(const char *s, size_t len);

/* A date on a line of its own, optionally after "Published", "Updated" or
 * "Posted" (and "on"): "March 3, 2024", "3 March 2024", "Jan. 30, 1992",
 * "2024-03-03", "03.03.2024", optionally after a weekday. Writes the date
 * as YYYY-MM-DD into out_iso (11 bytes) when it can.
 * + Published March 3, 2024
 * - March 3 was a cold day */
int text_is_date_line(const char *s, size_t len, char out_iso[11]);

#endif
