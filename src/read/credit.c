/* credit.c: galley_split_credit, the photo-credit rule (see credit.h). */
#include "credit.h"

#include <string.h>

/* Labels, lowercase. A label ending in ':' is followed by optional space;
 * one ending in a word ("by", "of") needs a space after it. */
static const char *const credit_labels[] = {
    "photo credits:",  "photo credit:",   "image credits:", "image credit:",
    "picture credits:", "picture credit:", "photographs:",  "photograph:",
    "photos:",         "photo:",          "image:",         "credits:",
    "credit:",         "source:",         "courtesy:",      "photo courtesy of",
    "photograph by",   "photos by",       "photo by",       "image by"};

static int lower_ascii(int c)
{
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* Length of the label at `s` (`len` bytes available), or 0. */
static size_t match_label(const char *s, size_t len)
{
  size_t k;
  for (k = 0; k < sizeof credit_labels / sizeof *credit_labels; k++) {
    const char *label = credit_labels[k];
    size_t n = strlen(label), i;
    for (i = 0; i < n && i < len; i++)
      if (lower_ascii((unsigned char)s[i]) != label[i])
        break;
    if (i < n)
      continue;
    if (label[n - 1] != ':' && (n >= len || s[n] != ' '))
      continue; /* "photo by" needs a word boundary */
    return n;
  }
  return 0;
}

static int is_space_byte(int c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether the text before offset `i` (which starts a candidate label)
 * ends a sentence or a separate part: the start of the text, an opening
 * parenthesis right before it, or whitespace preceded by . ! ? … ) ] "
 * ” ’ ' | – — / ; *   accepts "Astana. |Photo", rejects "The |photo". */
static int is_credit_boundary(const char *text, size_t i, int *out_paren)
{
  size_t j = i;
  unsigned char c;
  *out_paren = 0;
  if (i == 0)
    return 1;
  if (text[i - 1] == '(' || text[i - 1] == '[') {
    *out_paren = 1;
    return 1;
  }
  if (!is_space_byte((unsigned char)text[i - 1]))
    return 0;
  while (j > 0 && is_space_byte((unsigned char)text[j - 1]))
    j--;
  if (j == 0)
    return 1;
  c = (unsigned char)text[j - 1];
  if (strchr(".!?)]\"'|/;", c))
    return 1;
  /* multi-byte marks: … ” ’ – — (all end in one of these trail bytes
   * after E2 80) */
  if (j >= 3 && (unsigned char)text[j - 3] == 0xE2 &&
      (unsigned char)text[j - 2] == 0x80) {
    switch (c) {
    case 0xA6: /* … */
    case 0x9D: /* ” */
    case 0x99: /* ’ */
    case 0x93: /* – */
    case 0x94: /* — */
      return 1;
    default:
      return 0;
    }
  }
  return 0;
}

int galley_split_credit(const char *text, size_t len, size_t *out_caption_len,
                        size_t *out_credit_start, size_t *out_credit_len)
{
  size_t i, end = len, best = len, best_end = len;
  int best_paren = 0;
  if (!text)
    return 0;
  while (end > 0 && is_space_byte((unsigned char)text[end - 1]))
    end--;
  for (i = 0; i < end; i++) {
    size_t n, name, stop = end;
    int paren;
    char c = text[i];
    if (c != 'p' && c != 'P' && c != 'i' && c != 'I' && c != 'c' && c != 'C' &&
        c != 's' && c != 'S')
      continue;
    if (!is_credit_boundary(text, i, &paren))
      continue;
    n = match_label(text + i, end - i);
    if (n == 0)
      continue;
    if (paren) {
      /* "(Photo: AP)": the credit must close the text */
      if (text[end - 1] != ')' && text[end - 1] != ']')
        continue;
      stop = end - 1;
    }
    name = i + n;
    while (name < stop && is_space_byte((unsigned char)text[name]))
      name++;
    if (name >= stop || stop - name > GALLEY_CREDIT_MAX)
      continue;
    best = i;
    best_end = stop;
    best_paren = paren;
  }
  if (best == len)
    return 0;
  i = best - (best_paren ? 1 : 0);
  while (i > 0 && is_space_byte((unsigned char)text[i - 1]))
    i--;
  *out_caption_len = i;
  *out_credit_start = best;
  *out_credit_len = best_end - best;
  return 1;
}
