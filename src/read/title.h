/* title.h: the title both readers derive from an input's file name when
 * the text names none (no front matter or metadata block, no --title, no
 * title line or lone top `#` heading). */
#ifndef GALLEY_READ_TITLE_H
#define GALLEY_READ_TITLE_H

#include <stddef.h>

#include "../galley.h"

/* What galley_title_from_file_name made of a name. */
typedef enum {
  GALLEY_FILE_TITLE_NONE = 0, /* no usable name (NULL, "", "-", "<stdin>") */
  GALLEY_FILE_TITLE_WORDS,    /* words a reader can use as a title */
  GALLEY_FILE_TITLE_ID        /* only an identifier: a hash, a UUID, digits */
} galley_file_title;

/* Whether `len` bytes of space-separated words are only identifiers,
 * nothing a reader would take for a title. A word is an identifier when
 * it is all digits; or hexadecimal of four or more characters with a
 * digit among them ("0cf0c6b4b4a8e552", UUID groups such as "e29b");
 * or eight or more letters and digits with at least two of each kind of
 * character ("a8Xk2pQz9", a base-62 key). No words at all is an
 * identifier too.
 *   accepts: "0cf0c6b4b4a8e552", "550e8400 e29b 41d4 a716 446655440000", "12345"
 *   rejects: "Kazakhstan at 34", "deadbeef" (letters only), "covid19 notes" */
int galley_title_is_identifier(const char *words, size_t len);

/* Makes a file name readable as a title, into a new string in *out_title
 * (caller frees; NULL with GALLEY_FILE_TITLE_NONE):
 *   - the directory and the extension go ("a/b/kazakhstan-at-34.txt");
 *   - '_', '-', '.', '+' and runs of spaces separate words, and so does a
 *     change of case inside a word ("KazakhstanAt34" gives "Kazakhstan
 *     At34", "OSCEReport" gives "OSCE Report");
 *   - a leading counter goes: zero-padded numbers ("000_", "01-") and a
 *     date ("2024-03-17-", "20240317_"), but not a plain number, which
 *     may be the title's own ("10-ways-to-read");
 *   - a title with no capital gets one on its first letter;
 *   - bytes that are not UTF-8 become U+FFFD.
 * Returns GALLEY_FILE_TITLE_ID when what is left is only identifiers
 * (galley_title_is_identifier); *out_title then holds the name as it was
 * (base name without extension), for messages. */
galley_file_title galley_title_from_file_name(const char *file_name, char **out_title);

/* The title given to an article whose only name is an identifier, in the
 * article's language (a BCP 47 tag, may be NULL): "Untitled", "Без
 * названия", "Атаусыз", ... Static storage. */
const char *galley_title_untitled(const char *language);

/* Gives `doc` the title galley_title_from_file_name makes of `file_name`:
 * the readable words (rule "title-from-file-name"), or for an identifier
 * galley_title_untitled in `language` (NULL: the document's) with a warning in
 * `diag` (may be NULL) that says so and how to name it (rule
 * "untitled-file-name-is-identifier"); that title is only the metadata's
 * (galley_doc_set_title_shown 0): no edition prints it. An editor would not print a hash
 * as a book's title, nor promote a section heading or the lede to one.
 * Returns the rule (static), or NULL when no title was set (no usable
 * name). The caller checks first that nothing else gave a title. */
const char *galley_title_apply_file_name(galley_doc *doc, const char *file_name,
                                         const char *language, galley_diag *diag);

#endif
