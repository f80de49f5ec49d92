/* lang.h: the words of the plain-text reader's rules, one table per
 * language. Where the rule is the same and only the words differ (month
 * names, the words that open a byline or a date line, photo-credit
 * labels, the shapes of an agency dateline), the rule is code in
 * text_rules.c or credit.c and the words are data here, so a new
 * language is a new table in lang.c, not new code.
 *
 * Every lookup tries every table: a Russian article quotes an English
 * date, a Kazakh agency writes its dateline in Russian. Words are
 * compared without case for Latin (ASCII, Latin-1, Latin Extended-A:
 * the Latin Kazakh Ń, Ǵ, Ş) and Cyrillic
 * (Russian and Kazakh letters) (text_lang_fold). */
#ifndef GALLEY_READ_LANG_H
#define GALLEY_READ_LANG_H

#include <stddef.h>
#include <stdint.h>

/* Forms of one month a table lists at most (nominative, genitive,
 * abbreviations). */
#define TEXT_LANG_MONTH_FORMS 6

/* Flags of a credit label. */
enum {
  /* Counts only in text known to describe an image (a Markdown image's
   * alt text): "Source:", "Courtesy:" name an article's source in
   * running text. */
  TEXT_CREDIT_GENERIC = 1 << 0,
  /* The credited name may start in lower case: Russian and Kazakh write
   * "Фото: пресс-служба Акорды". */
  TEXT_CREDIT_LOWER_NAME = 1 << 1,
  /* The credited name is a photographer's, a few words at most
   * (TEXT_CREDIT_SHORT_NAME_WORDS): "AP Photo/Evan Vucci, File", where
   * "The AP Photo/Video archive holds ..." runs on as a sentence. */
  TEXT_CREDIT_SHORT_NAME = 1 << 2
};
#define TEXT_CREDIT_SHORT_NAME_WORDS 5

typedef struct text_credit_label {
  const char *text; /* lowercase; ends in ':', '/' or a word ("by", "of") */
  unsigned flags;   /* TEXT_CREDIT_* */
} text_credit_label;

/* One language's words. Lists end with NULL; all words are lowercase
 * UTF-8 (matching folds case). */
typedef struct text_lang {
  const char *tag; /* BCP 47: "en", "ru", "kk" */
  /* Month names, January first: full forms, then abbreviations (which
   * may be followed by '.'), NULL-terminated per month. */
  const char *months[12][TEXT_LANG_MONTH_FORMS];
  /* Weekday names that may open a date line ("Monday, March 3, 2024"). */
  const char *const *weekdays;
  /* Words that open a date line: "published", "updated", "обновлено".
   * A ':' or " on" may follow. */
  const char *const *date_words;
  /* Words that may follow a year: "г.", "года", "ж.", "жылы". */
  const char *const *year_words;
  /* Words that open a byline, a space or ':' after them: "by",
   * "written by", "автор:". A word ending in ':' lists names separated by
   * commas ("Авторы: A, B"). */
  const char *const *byline_words;
  /* Credit labels ("photo:", "фото:"). */
  const text_credit_label *credit_labels;
  /* Whole lines that are credits with no name: "фото из открытых
   * источников". */
  const char *const *credit_lines;
  /* Shapes of an agency dateline (text_has_agency_dateline in
   * text_rules.h gives the pattern language). */
  const char *const *dateline_patterns;
  /* Words joining two names in a byline: "and", "и", "және". */
  const char *const *and_words;
  /* Verbs of saying that, closing a sentence with a colon, introduce a
   * quoted text: "reads", "говорится", "делінген". */
  const char *const *saying_words;
  /* Words that open a line marking where a part of the text ends:
   * "end of", "конец", "ende der". */
  const char *const *end_words;
  /* The formula reserving rights that closes a copyright notice: "all
   * rights reserved", "все права защищены". */
  const char *const *rights_words;
  /* Words that open a title page's line naming who else made the book
   * than its author: "translated by", "illustrated by", "traduit par". */
  const char *const *contributor_words;
  /* Words that make a short line a clause rather than a name for what
   * follows: personal pronouns, forms of "be" and "have", auxiliaries,
   * negation ("it", "was", "not"; "он", "был"; "ол", "еді"). A line
   * ending in a full stop without any of them may be a heading
   * ("Introduction.", "Reason for discrimination."). */
  const char *const *clause_words;
  /* Endings of a verb that closes a short sentence ("The girl
   * stopped.", "Девочка остановилась."): such a last word makes the
   * line a clause too. */
  const char *const *clause_endings;
  /* Names of the standard sections of encyclopedia articles, travel
   * guides and papers ("early life", "get in", "introduction";
   * "биография"): a line that is one of them is a section heading, which
   * tells it from a picture's caption beside it. */
  const char *const *section_names;
  /* Words that label a numbered figure, table or example in its caption
   * ("figure", "fig.", "table", "рис.", "кесте"). */
  const char *const *figure_labels;
  /* Offices and titles written before a person's name ("mayor",
   * "president", "министр", "әкім"): a caption "Mayor Jane Porter" is a
   * name though "mayor" stands in lower case in the text. */
  const char *const *office_words;
  /* Labels opening a picture's caption as a page's text for screen
   * readers prints it ("image caption,", "подпись к фото,"): the line is
   * a caption. */
  const char *const *caption_labels;
  /* Words of a reporter's post or newsroom ("correspondent", "news",
   * "agency"; "корреспондент"; "тілші"): a short line of them under a
   * byline is the byline's affiliation ("BBC News, Almaty"). */
  const char *const *newsroom_words;
  /* Names of news agencies as their datelines print them ("Kazinform",
   * "ҚазАқпарат", "ТАСС"): the 'K' of a dateline pattern, after which a
   * place in title case ('C') is a dateline ("Астана. ҚазАқпарат -"). */
  const char *const *agency_names;
  /* Days named relative to today, as news pages date their newest
   * items ("today", "yesterday"; "сегодня", "вчера"; "бүгін", "кеше"):
   * with a time after them, a date line without a date. */
  const char *const *relative_days;
  /* Page furniture of news sites that a paste keeps between paragraphs
   * ("advertisement", "read also", "share"; "реклама", "читайте
   * также"; "жарнама", "сондай-ақ оқыңыз"): such a line, or one of them
   * with a colon and a linked headline after it, is no heading. */
  const char *const *furniture_words;
} text_lang;

/* The tables, NULL-terminated (static storage). */
extern const text_lang *const text_langs[];

/* Lowercase of an uppercase Latin (ASCII, Latin-1), Greek or Cyrillic
 * letter (Kazakh letters included); else cp. */
int32_t text_lang_fold(int32_t cp);

/* Whether s[0..len) starts with `word` (lowercase UTF-8) compared without
 * case; returns the bytes of s matched, or 0. */
size_t text_lang_prefix(const char *s, size_t len, const char *word);

/* A month name of any table at s, ending at a non-letter (an
 * abbreviation may take its '.'). Returns its length and the month 1-12
 * in *out_month; 0 when none. The longest form wins ("марта" over
 * "мар"). When `capital` is set, the name must start with a capital in
 * Latin script (English and German capitalise months; "may" in running
 * text is a verb). */
size_t text_lang_month(const char *s, size_t len, int capital, int *out_month);

/* The longest word of list `which` of any table at s, followed by a
 * space, ':' or the end. Returns its length (not the space), or 0.
 * `which` selects a list by its offset in text_lang: use the
 * TEXT_LANG_LIST macro. */
size_t text_lang_list_match(const char *s, size_t len, size_t which);
#define TEXT_LANG_LIST(field) offsetof(text_lang, field)

/* Whether the word s[0..len) ends with one of the tables' clause
 * endings, at least two letters before it. */
int text_lang_has_clause_ending(const char *s, size_t len);

/* Whether the whole of s (a trailing '.' or ':' allowed) is one of the
 * tables' section names. */
int text_lang_is_section_name(const char *s, size_t len);

/* Whether s[0..len) is one of the tables' furniture words (a final ':'
 * allowed), or one of them, a colon and more text ("Читайте также: В
 * Астане построят три школы"). */
int text_lang_is_furniture(const char *s, size_t len);

/* Whether the word s[0..len) (compared without case) is one of the
 * tables' newsroom words. */
int text_lang_is_newsroom_word(const char *s, size_t len);

/* Whether the whole of s (a trailing '.' allowed) is one of the tables'
 * credit lines ("Фото из открытых источников"). */
int text_lang_is_credit_line(const char *s, size_t len);

/* The longest credit label of any table at s (TEXT_CREDIT_GENERIC ones
 * only when `generic` is set), its flags in *out_flags; a label ending
 * in a word must be followed by a space. Returns its length, or 0. */
size_t text_lang_credit_label(const char *s, size_t len, int generic,
                              unsigned *out_flags);

/* The characters a credit label or credit line of any table starts with
 * (as text_lang_fold folds a text's first character): a text whose
 * folded first character is none of them has no label or credit line at
 * its start, which lets a search skip most positions at once. */
#define TEXT_CREDIT_LABELS_MAX 256
typedef struct text_credit_starts {
  uint32_t ascii[4]; /* bit c: some label starts with ASCII c */
  int32_t other[32]; /* the other first characters */
  int n_other;       /* -1: more than `other` holds (filter nothing) */
  /* Every table's labels in table order, grouped by first character: those
   * starting with ASCII c are label[by_ascii[c] .. by_ascii[c + 1]), the
   * rest label[by_ascii[128] .. n_label), each with its first character in
   * label_first; so a position is tried against the labels that may start
   * there only. n_label -1: more than label holds (each table is tried). */
  const text_credit_label *label[TEXT_CREDIT_LABELS_MAX];
  int32_t label_first[TEXT_CREDIT_LABELS_MAX];
  unsigned char label_ascii_len[TEXT_CREDIT_LABELS_MAX]; /* its bytes when
                        all ASCII (and fewer than 256), else 0 */
  unsigned short by_ascii[129];
  int n_label;
  size_t line_max;   /* the longest credit line's bytes: a longer text, a
                        trailing '.' aside, is none (folding keeps a
                        character's length) */
  int label_words;   /* the most words (runs between spaces) of a label */
} text_credit_starts;
void text_lang_credit_starts(text_credit_starts *out);
/* Whether `cp`, folded, may start a label or a credit line. */
int text_credit_may_start(const text_credit_starts *st, int32_t folded);
/* text_lang_credit_label through the grouped labels of `st` (the same
 * label, as fast as the few that may start at s allow). */
size_t text_lang_credit_label_from(const text_credit_starts *st, const char *s, size_t len,
                                   int generic, unsigned *out_flags);

#endif
