/* credit.h: the photo-credit rule, one implementation for both readers.
 * A caption that ends in a credit ("Sunrise over Astana. Photo credit:
 * J. Doe") becomes a CAPTION and a CREDIT; a line (or an image's alt text
 * or title) that is only a credit is a CREDIT alone. The plain-text
 * reader looks at each line, the Markdown reader at the alt text or title
 * of an image that stands alone as a figure. */
#ifndef GALLEY_READ_CREDIT_H
#define GALLEY_READ_CREDIT_H

#include <stddef.h>

#include "lang.h"

/* Longest name taken, in bytes after its label: a longer tail is running
 * text that happens to contain "Photo:", not a credit. */
#define GALLEY_CREDIT_MAX 160
/* A credited name is at most this many words. */
#define GALLEY_CREDIT_MAX_WORDS 12
/* A credit is looked for only where its label starts in this many bytes
 * at the end of the text (label and GALLEY_CREDIT_MAX bytes of name fit),
 * so a 20 MB line is not searched through. */
#define GALLEY_CREDIT_TAIL_BYTES 240

/* Flags for galley_credit_find. */
enum {
  /* The text is known to describe an image (a Markdown image's alt text
   * or title), so the generic labels "Source:" and "Courtesy:" name its
   * credit too. In running text they name an article's source, not a
   * photographer, and are not credits. */
  GALLEY_CREDIT_FOR_IMAGE = 1 << 0
};

/* Where a credit sits in a text, as byte offsets into it. */
typedef struct galley_credit {
  size_t caption_len; /* bytes of caption before the credit, trailing white
                         space trimmed; 0 when the text is only a credit */
  size_t start;       /* the credit as written: its label, or the bracket
                         opening "(Photo: X)" */
  size_t end;         /* end of the credit as written (closing bracket
                         included, trailing white space not) */
  size_t label;       /* where the label starts ("Photo credit:") */
  size_t name;        /* where the credited name starts */
  size_t name_end;    /* where it ends (before a closing bracket) */
} galley_credit;

/* Length of a credit label at `s` (`len` bytes), matched without ASCII
 * case: "Photo credit(s):", "Image credit(s):", "Picture credit(s):",
 * "Photo courtesy of", "Photo courtesy:", "Image courtesy of",
 * "Photography:", "Photograph(s):", "Illustration:", "Picture(s):",
 * "Photo(s):", "Image(s):", "Credit(s):", "Photo by", "Photos by",
 * "Photograph by", "Image by", and the other languages' labels of the
 * tables in lang.c ("Фото:", "Foto:", "Photo :"), all without case; with
 * GALLEY_CREDIT_FOR_IMAGE also "Source:", "Courtesy:" and their kin.
 * A label ending in a word ("by", "of") must be followed by a space.
 * Writes to *out_capitalised whether it starts with a capital letter
 * ("Photo:" yes, "photo:" no). Returns 0 when there is no label. */
size_t galley_credit_label_len(const char *s, size_t len, unsigned flags,
                               int *out_capitalised);

/* Whether `len` bytes at `s` read as a credited name: non-empty, at most
 * GALLEY_CREDIT_MAX bytes and GALLEY_CREDIT_MAX_WORDS words, starting
 * with a capital, a digit, © or an opening quote, one sentence only (a
 * full stop after an initial is fine), not ending in ? ! : or ,.
 *   accepts: "Fatima Kemelova/ The Astana Times", "B. Smith"
 *   rejects: "the view from the office", "Is it deserved? Opinions differ." */
int galley_credit_is_name(const char *s, size_t len);

/* Finds a credit at the end of `len` bytes of UTF-8 `text` (trailing
 * white space ignored).
 *
 * The rule: a credit label (galley_credit_label_len) starts the text, or
 * follows an opening bracket, or follows white space; after white space
 * the label must either come after a sentence end or separator (. ! ? …
 * a closing quote or bracket, | / ; – —) or be capitalised. A credited
 * name (galley_credit_is_name) follows it and runs to the end of the
 * text; after an opening bracket, the matching closing bracket ends the
 * text. The first such label in the text wins, so "Photo credit: X"
 * is one credit, not "Photo" captioned with "credit: X". After a label
 * that allows it (TEXT_CREDIT_LOWER_NAME, lang.h) the name may start in
 * lower case ("Фото: пресс-служба"). A credit line of the tables that
 * names no one ("Фото из открытых источников") is a credit as a whole.
 *   accepts: "Rogov in Astana. Photo credit: Fatima Kemelova/ The Astana Times"
 *   accepts: "Photo credit: Fatima Kemelova"   (credit alone, caption empty)
 *   accepts: "Rogov in Astana (Photo: AP)"     (brackets kept in start..end)
 *   accepts: "Delegates arrive – photo by Jane Doe"
 *   accepts: "Фото: Ақорда баспасөз қызметі"
 *   accepts: "Фото: пресс-служба Акорды"
 *   accepts: "Встреча в Акорде. Фото из открытых источников"
 *   rejects: "He took a photo: a man on a bench."  (no sentence end, not
 *                                                   capitalised, no name)
 *   rejects: "Photo credit:"                       (no name after the label)
 *   rejects: "Rogov (Photo: AP) at the summit"     (not at the end)
 *
 * Returns 1 and fills *out when a credit is found; returns 0 and leaves
 * *out alone otherwise. `text` may be NULL (0). No pointer is kept. */
int galley_credit_find(const char *text, size_t len, unsigned flags,
                       galley_credit *out);

/* galley_credit_find with the set of characters labels start with
 * (text_lang_credit_starts) made once by the caller: a reader that
 * searches every paragraph builds it once for the document. */
int galley_credit_find_from(const char *text, size_t len, unsigned flags,
                            const text_credit_starts *starts, galley_credit *out);

#endif
