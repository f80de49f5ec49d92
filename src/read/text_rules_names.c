/* text_rules_names.c: the plain-text reader's rules of people and the
 * lines around them: bylines and names, dialogue and signatures, captions
 * and credits, metadata lines, sign-offs and the furniture of a page
 * (boxes, frames, copyright lines, run-in titles). Each is bounded as
 * text_rules.c describes. */
#include "text_rules.h"

#include <stdio.h>
#include <string.h>

#include "../util/utf8.h"
#include "credit.h"
#include "lang.h"

/* ------------------------------------------------------------------ */
/* Bylines and names                                                   */
/* ------------------------------------------------------------------ */

static int is_particle(const char *w, size_t n)
{
  static const char *const particles[] = {
      "de", "da", "di", "du", "van", "von", "der", "den", "del", "della",
      "la", "le", "bin", "ibn", "al", "el", "y", "ter", "dos", "das"};
  size_t k;
  for (k = 0; k < sizeof particles / sizeof *particles; k++)
    if (strlen(particles[k]) == n && memcmp(w, particles[k], n) == 0)
      return 1;
  return 0;
}

/* A word of a name: starts with a capital; holds letters and ' ’ - . */
static int is_name_word(const char *w, size_t n)
{
  size_t i = 0;
  int32_t cp;
  if (n == 0)
    return 0;
  i += text_next_cp(w, n, 0, &cp);
  if (!galley_utf8_is_upper(cp) && !text_is_capital(cp))
    return 0;
  while (i < n) {
    i += text_next_cp(w, n, i, &cp);
    if (!(galley_utf8_is_letter(cp) || cp == '\'' || cp == 0x2019 || cp == '-' ||
          cp == '.'))
      return 0;
  }
  return 1;
}

/* Finds the next word in s[*pos..len): its start and length, skipping
 * spaces. Returns 0 at the end. */
static int next_word(const char *s, size_t len, size_t *pos, size_t *out_start,
                     size_t *out_n)
{
  size_t i = *pos + text_skip_spaces(s, len, *pos), start = i;
  while (i < len) {
    int32_t cp;
    size_t n = text_next_cp(s, len, i, &cp);
    if (text_is_space(cp))
      break;
    i += n;
  }
  if (i == start)
    return 0;
  *out_start = start;
  *out_n = i - start;
  *pos = i;
  return 1;
}

/* Whether the word at w (n bytes) joins names: "&" or a table's "and". */
static int is_and_word(const char *w, size_t n)
{
  return (n == 1 && w[0] == '&') ||
         (n > 0 && text_lang_list_match(w, n, TEXT_LANG_LIST(and_words)) == n);
}

/* Whether s[from..len) holds a word that joins names. */
static int has_and(const char *s, size_t len, size_t from)
{
  size_t pos = from, ws, wn;
  while (next_word(s, len, &pos, &ws, &wn))
    if (is_and_word(s + ws, wn))
      return 1;
  return 0;
}

/* Name words (is_name_word) in s[from..to), or -1 when another word is
 * there. */
static int count_name_words(const char *s, size_t from, size_t to)
{
  size_t pos = from, ws, wn;
  int n = 0;
  while (next_word(s, to, &pos, &ws, &wn)) {
    if (!is_name_word(s + ws, wn))
      return -1;
    n++;
  }
  return n;
}

int text_is_byline(const char *s, size_t len, size_t *out_name_off,
                   size_t *out_name_len)
{
  size_t i, names_end, pos, ws, wn, lw;
  int words = 0, name_words = 0, label;
  len = text_reading_time_tail(s, len); /* "By Jane Roe • 5 min read" */
  lw = text_lang_list_match(s, len, TEXT_LANG_LIST(byline_words));
  if (lw == 0 || lw >= len)
    return 0;
  label = s[lw - 1] == ':'; /* "Автор:", "Authors:" */
  if (!label && s[lw] != ' ')
    return 0;
  if (text_count_words(s, len, TEXT_BYLINE_MAX_WORDS) > TEXT_BYLINE_MAX_WORDS ||
      len > 160 || text_has_terminal_punctuation(s, len))
    return 0;
  i = lw + text_skip_spaces(s, len, lw);
  /* Where the names end: at "|", " for ", a spaced dash, or a comma that
   * is not followed by more names joined with "and" (after a label, by a
   * person's name of two words or more: "Авторы: Анна Ли, Иван Петров"). */
  names_end = len;
  for (pos = i; pos < len; pos++) {
    if (s[pos] == '|' || (pos + 5 <= len && memcmp(s + pos, " for ", 5) == 0) ||
        (pos + 4 <= len && (memcmp(s + pos, " in ", 4) == 0 || memcmp(s + pos, " on ", 4) == 0 ||
                            memcmp(s + pos, " at ", 4) == 0)) ||
        (pos + 2 <= len && s[pos] == ' ' && s[pos + 1] == '-') ||
        (pos + 4 <= len && memcmp(s + pos, " \xE2\x80", 3) == 0 &&
         ((unsigned char)s[pos + 3] == 0x93 || (unsigned char)s[pos + 3] == 0x94))) {
      names_end = pos;
      break;
    }
    if (s[pos] == ',' && !has_and(s, len, pos)) {
      size_t next = pos + 1;
      while (next < len && s[next] != ',')
        next++;
      if (label && count_name_words(s, pos + 1, next) >= 2)
        continue;
      names_end = pos;
      break;
    }
  }
  while (names_end > i && s[names_end - 1] == ' ')
    names_end--;
  if (names_end <= i)
    return 0;
  pos = i;
  while (next_word(s, names_end, &pos, &ws, &wn)) {
    const char *w = s + ws;
    size_t n = wn;
    if (n > 0 && w[n - 1] == ',')
      n--; /* "Jane Doe, John Roe and Ann Lee" */
    words++;
    if (n == 0)
      return 0;
    if (is_and_word(w, n)) {
      if (words == 1)
        return 0;
      continue;
    }
    if (is_particle(w, n) && words > 1)
      continue;
    if (!is_name_word(w, n))
      return 0;
    name_words++;
  }
  if (name_words == 0)
    return 0;
  /* "By March, the team ..." has one word before a long tail: a single
   * name word is a byline only when nothing follows ("By Reuters"). */
  if (name_words == 1 && names_end != len)
    return 0;
  *out_name_off = i;
  *out_name_len = names_end - i;
  return 1;
}

/* A short lowercase word that may join the words of a name or of a body's
 * name: "of", "van", "и". */
static int is_joining_word(const char *w, size_t n)
{
  int32_t cp;
  if (is_particle(w, n) || is_and_word(w, n))
    return 1;
  text_next_cp(w, n, 0, &cp);
  return galley_utf8_is_lower(cp) && text_count_chars(w, n, 4) <= 3;
}

size_t text_dialogue_dash(const char *s, size_t len, size_t i)
{
  int32_t cp;
  size_t n;
  if (i >= len)
    return 0;
  if (s[i] == '-')
    return i + 1 < len && s[i + 1] == '-' ? 2 : i + 1 < len && s[i + 1] == ' ' ? 1 : 0;
  n = text_next_cp(s, len, i, &cp);
  return galley_utf8_is_dash(cp) ? n : 0;
}

int text_is_dialogue_turn(const char *s, size_t len)
{
  size_t i = 0;
  while (i < len) {
    int32_t cp, next;
    size_t n = text_next_cp(s, len, i, &cp), j, dash;
    i += n;
    if (!(cp == ',' || cp == '!' || cp == '?' || cp == 0x2026 || (cp == '.' && i >= 3 &&
                                                                  s[i - 2] == '.' &&
                                                                  s[i - 3] == '.')))
      continue;
    /* a space, a dialogue dash, a space, a lowercase letter */
    j = i;
    if (j >= len || s[j] != ' ')
      continue;
    while (j < len && s[j] == ' ')
      j++;
    dash = text_dialogue_dash(s, len, j);
    if (dash == 0)
      continue;
    j += dash;
    if (j >= len || s[j] != ' ')
      continue;
    while (j < len && s[j] == ' ')
      j++;
    if (j < len) {
      text_next_cp(s, len, j, &next);
      if (galley_utf8_is_lower(next))
        return 1;
    }
  }
  return 0;
}

int text_is_dash_signature(const char *s, size_t len, size_t *out_name_off,
                           size_t *out_name_len)
{
  size_t i = 0, pos, ws = 0, wn = 0, end;
  const char *comma;
  int words = 0;
  if (len >= 2 && s[0] == '-' && s[1] == '-') {
    i = 2;
    while (i < len && s[i] == '-')
      i++;
  } else if (len >= 3 && memcmp(s, "\xE2\x80", 2) == 0 &&
             ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94)) {
    i = 3; /* an en or em dash */
  } else if (len >= 2 && s[0] == '-' && s[1] == ' ') {
    i = 1;
  } else {
    return 0;
  }
  i += text_skip_spaces(s, len, i);
  if (i >= len || text_has_terminal_punctuation(s + i, len - i) ||
      !text_starts_like_heading(s + i, len - i))
    return 0;
  comma = memchr(s + i, ',', len - i);
  end = comma ? (size_t)(comma - s) : len;
  pos = i;
  while (next_word(s, end, &pos, &ws, &wn)) {
    if (++words > TEXT_SIGNATURE_MAX_WORDS)
      return 0;
    if (!is_name_word(s + ws, wn) && !is_joining_word(s + ws, wn))
      return 0;
  }
  if (words == 0 || !is_name_word(s + ws, wn))
    return 0; /* a name ends in a name: not "-- The end" */
  if (comma && (words < 2 || text_count_words(comma + 1, len - end - 1,
                                              TEXT_HEADING_MAX_WORDS) > TEXT_HEADING_MAX_WORDS))
    return 0; /* a full name before the office or place; not "— Yes, sir" */
  *out_name_off = i;
  *out_name_len = end - i;
  return 1;
}

int text_is_centred_heading(const char *s, size_t len, int indent)
{
  return indent >= TEXT_CENTRED_MIN_INDENT && text_is_heading_shaped(s, len);
}

/* Whether the letters of s are of more than one script (Latin, Greek,
 * Cyrillic): no person's name mixes them ("Сэндвич Burger King"). */
static int mixes_scripts(const char *s, size_t len)
{
  size_t i = 0;
  int scripts = 0;
  while (i < len) {
    int32_t cp;
    i += text_next_cp(s, len, i, &cp);
    if (!galley_utf8_is_letter(cp))
      continue;
    scripts |= cp < 0x370 ? 1 : cp < 0x400 ? 2 : cp < 0x530 ? 4 : 8;
  }
  return scripts != 0 && (scripts & (scripts - 1)) != 0;
}

/* Words of a place after " in " in a byline at most ("Nur-Sultan",
 * "New York", "Rio de Janeiro"). */
#define PLACE_MAX_WORDS 3

int text_is_byline_in_place(const char *s, size_t len, size_t *out_name_len)
{
  size_t k, pos, ws, wn;
  int words = 0;
  for (k = len; k >= 4; k--)
    if (memcmp(s + k - 4, " in ", 4) == 0)
      break;
  if (k < 4 || k == len)
    return 0;
  pos = k;
  while (next_word(s, len, &pos, &ws, &wn)) {
    if (++words > PLACE_MAX_WORDS || !(is_name_word(s + ws, wn) || is_particle(s + ws, wn)))
      return 0;
  }
  if (words == 0 || s[len - 1] == '.')
    return 0;
  k -= 4;
  if (text_lang_list_match(s, k, TEXT_LANG_LIST(byline_words)) > 0)
    return 0; /* "By Night in Almaty": text_is_byline's */
  if (!text_is_name_line(s, k) && !text_is_affiliation_line(s, k))
    return 0;
  *out_name_len = k;
  return 1;
}

/* The separators between a byline's names and the newsroom after them,
 * the last one found first ("Jane Roe | Reuters", "Jane Roe, Staff
 * Writer", "Иван Петров — корреспондент"). */
static const char *const affiliation_separators[] = {" | ", ", ", " - ", " \xE2\x80\x93 ",
                                                     " \xE2\x80\x94 ", NULL};

/* Ends the name of *words words that runs from `start` to `end`: two to
 * four words, or 0. Counts it in *n (stored while `max` allows). */
static int end_name(text_span *names, int max, int *n, int *words, size_t start, size_t end)
{
  if (*words < 2 || *words > 4)
    return 0;
  if (*n < max) {
    names[*n].off = start;
    names[*n].len = end - start;
  }
  (*n)++;
  *words = 0;
  return 1;
}

int text_names_byline(const char *s, size_t len, text_span *names, int max,
                      size_t *out_names_len)
{
  size_t cut = len, pos = 0, ws, wn, name_start = 0, last_end = 0;
  int n = 0, words = 0, affiliated = 0, k, timed;
  cut = text_reading_time_tail(s, len);
  timed = cut < len; /* "Jane Roe • 5 min read": a byline's furniture */
  len = cut;
  if (len == 0 || len > TEXT_NAMES_BYLINE_MAX || s[len - 1] == '.')
    return 0;
  for (k = 0; affiliation_separators[k]; k++) {
    const char *sep = affiliation_separators[k];
    size_t sl = strlen(sep), i;
    for (i = len; i >= sl && i - sl > 0; i--)
      if (memcmp(s + i - sl, sep, sl) == 0)
        break;
    if (i >= sl && i - sl > 0 && i < len && text_is_affiliation_line(s + i, len - i) &&
        (!affiliated || i - sl < cut)) {
      cut = i - sl;
      affiliated = 1;
    }
  }
  if (mixes_scripts(s, cut))
    return 0;
  /* the names: two to four name words each, joined by commas and "and" */
  while (next_word(s, cut, &pos, &ws, &wn)) {
    int comma = s[ws + wn - 1] == ',';
    size_t wlen = comma ? wn - 1 : wn;
    if (!comma && is_and_word(s + ws, wn)) {
      if (!end_name(names, max, &n, &words, name_start, last_end))
        return 0;
      continue;
    }
    if (wlen == 0 || !is_name_word(s + ws, wlen))
      return 0;
    if (words++ == 0)
      name_start = ws;
    last_end = ws + wlen;
    if (comma && !end_name(names, max, &n, &words, name_start, last_end))
      return 0;
  }
  if (words > 0 && !end_name(names, max, &n, &words, name_start, last_end))
    return 0;
  if (n == 0 || n > max || (n < 2 && !affiliated && !timed))
    return 0;
  *out_names_len = cut;
  return n;
}

int text_is_name_line(const char *s, size_t len)
{
  size_t pos = 0, ws, wn;
  int words = 0;
  if (len > 60 || mixes_scripts(s, len))
    return 0;
  while (next_word(s, len, &pos, &ws, &wn)) {
    if (!is_name_word(s + ws, wn))
      return 0;
    if (++words > 4)
      return 0;
  }
  return words >= 2;
}

/* Whether a word is only initials: capitals each followed by a period,
 * "A.", "А.Е.", "J.R.R." (a name word may carry periods too). */
static int is_initials_word(const char *w, size_t n)
{
  size_t i = 0;
  int32_t cp;
  if (n < 2)
    return 0;
  while (i < n) {
    i += text_next_cp(w, n, i, &cp);
    if (!galley_utf8_is_upper(cp) || i >= n || w[i] != '.')
      return 0;
    i++;
  }
  return 1;
}

int text_is_initialled_name(const char *s, size_t len)
{
  size_t pos = 0, ws, wn;
  int words = 0, initials = 0, turns = 0, last = -1;
  if (len > 60)
    return 0;
  while (next_word(s, len, &pos, &ws, &wn)) {
    int kind;
    if (!is_name_word(s + ws, wn) || ++words > 4)
      return 0;
    kind = is_initials_word(s + ws, wn);
    initials += kind;
    turns += last >= 0 && kind != last;
    last = kind;
  }
  /* one turn: the initials stand together, before or after the names */
  return turns == 1 && initials <= 3 && words - initials <= 2;
}

size_t text_signature_gap(const char *s, size_t len)
{
  size_t i, gap = 0;
  for (i = len; i > 0; i--) {
    if (s[i - 1] == ' ' || s[i - 1] == '\t') {
      gap++;
      continue;
    }
    if (gap >= TEXT_SIGNATURE_GAP_SPACES || (gap > 0 && memchr(s + i, '\t', gap)))
      break;
    gap = 0;
  }
  if (i == 0)
    return 0;
  return text_is_heading_shaped(s, i) && text_is_initialled_name(s + i + gap, len - i - gap)
             ? i + gap
             : 0;
}

/* ------------------------------------------------------------------ */
/* Captions and credits                                                */
/* ------------------------------------------------------------------ */

/* The credit rule itself is galley_credit_find (credit.c), shared with
 * the Markdown reader; text_line_credit gives its two outcomes for a line
 * of running text, and the two predicates ask it for one each. */

text_credit_kind text_line_credit(const char *s, size_t len, const text_credit_starts *starts,
                                  size_t *out_credit_off)
{
  galley_credit c;
  if (!galley_credit_find_from(s, len, 0, starts, &c))
    return TEXT_CREDIT_NONE;
  if (c.caption_len > 0) {
    *out_credit_off = c.start;
    return TEXT_CREDIT_CAPTION;
  }
  /* the credit search starts in the tail: a longer line has a caption
   * before its credit */
  return len <= GALLEY_CREDIT_TAIL_BYTES ? TEXT_CREDIT_ALONE : TEXT_CREDIT_NONE;
}

int text_is_standalone_credit(const char *s, size_t len)
{
  text_credit_starts starts;
  size_t off;
  if (len > GALLEY_CREDIT_TAIL_BYTES)
    return 0;
  text_lang_credit_starts(&starts);
  return text_line_credit(s, len, &starts, &off) == TEXT_CREDIT_ALONE;
}

int text_has_caption_credit(const char *s, size_t len, size_t *out_credit_off)
{
  text_credit_starts starts;
  text_lang_credit_starts(&starts);
  return text_line_credit(s, len, &starts, out_credit_off) == TEXT_CREDIT_CAPTION;
}

/* ------------------------------------------------------------------ */
/* Metadata and sign-offs                                              */
/* ------------------------------------------------------------------ */

int text_is_metadata_line(const char *s, size_t len, size_t *out_key_len,
                          size_t *out_value_off)
{
  static const char *const keys[] = {
      "title",    "subtitle",   "author",  "authors",     "by",       "creator",
      "date",     "published",  "language","lang",        "publisher","rights",
      "copyright","license",    "description", "summary", "abstract", "subject",
      "keywords", "keyword",    "tags",    "identifier",  "id",       "isbn",
      "source",   "url",        "cover",   "cover-image", "cover_image"};
  size_t i = 0, k, v;
  while (i < len && i < 24 &&
         ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
          s[i] == '-' || s[i] == '_'))
    i++;
  if (i == 0 || i >= len || s[i] != ':')
    return 0;
  v = i + 1 + text_skip_spaces(s, len, i + 1);
  if (v >= len || v == i + 1)
    return 0;
  for (k = 0; k < sizeof keys / sizeof *keys; k++)
    if (text_equals_nocase(s, i, keys[k])) {
      *out_key_len = i;
      *out_value_off = v;
      return 1;
    }
  return 0;
}

int text_is_sign_off(const char *s, size_t len)
{
  static const char *const phrases[] = {
      "thank you", "thank you very much", "thank you for reading",
      "thank you for your attention", "thanks", "thanks for reading",
      "many thanks", "regards", "best regards", "kind regards", "warm regards",
      "sincerely", "yours sincerely", "sincerely yours", "yours truly",
      "yours faithfully", "cheers", "best", "best wishes", "all the best",
      "the end", "end", "ends", "fin"};
  size_t k;
  int32_t cp;
  while (len > 0) {
    size_t p = text_prev_cp(s, len, &cp);
    if (!(cp == '.' || cp == '!' || cp == ',' || cp == ' '))
      break;
    len = p;
  }
  if (len > 40)
    return 0;
  for (k = 0; k < sizeof phrases / sizeof *phrases; k++)
    if (text_equals_nocase(s, len, phrases[k]))
      return 1;
  return (len == 14 && memcmp(s, "Спасибо", 14) == 0) ||
         (len == 12 && memcmp(s, "Рахмет", 12) == 0);
}

/* The separators of a site's breadcrumb trail. */
static const char *const crumb_separators[] = {" / ", " > ", " \xE2\x80\xBA " /* › */,
                                               " \xC2\xBB " /* » */, " \xE2\x86\x92 " /* → */,
                                               NULL};

/* The first part of a site's breadcrumb trail, its home page. A line
 * that is only one of them is no furniture: a story may be called
 * "Home". */
static const char *const crumb_home_words[] = {
    "home", "\xD0\xB3\xD0\xBB\xD0\xB0\xD0\xB2\xD0\xBD\xD0\xB0\xD1\x8F" /* главная */,
    "\xD0\xB1\xD0\xB0\xD1\x81\xD1\x82\xD1\x8B \xD0\xB1\xD0\xB5\xD1\x82" /* басты бет */,
    "startseite", "accueil", NULL};

/* The first place at or after `from` where s holds `sep`, which begins
 * with a space (every separator here does); NULL if none. Steps from space to space (memchr), not
 * byte by byte. */
static const char *find_sep(const char *s, size_t len, size_t from, const char *sep, size_t sl)
{
  while (from + sl <= len) {
    const char *sp = memchr(s + from, ' ', len - from - sl + 1);
    if (!sp)
      return NULL;
    if (sp[1] == sep[1] && memcmp(sp, sep, sl) == 0)
      return sp;
    from = (size_t)(sp - s) + 1;
  }
  return NULL;
}

/* Whether s is a breadcrumb trail, the sections a page sits in: three or
 * more short capitalised parts between one of the separators, or two
 * when the first names the home page or is a furniture word ("Home /
 * World / Asia", "Главная » Новости"). */
static int is_breadcrumb(const char *s, size_t len)
{
  int k;
  if (len > BREADCRUMB_MAX_BYTES)
    return 0;
  for (k = 0; crumb_separators[k]; k++) {
    const char *sep = crumb_separators[k];
    size_t sl = strlen(sep), a = 0, first_end = 0;
    int parts = 0;
    for (;;) {
      const char *hit = find_sep(s, len, a, sep, sl);
      size_t b = hit ? (size_t)(hit - s) : len;
      if (b == a || !text_starts_like_heading(s + a, b - a) ||
          text_has_terminal_punctuation(s + a, b - a) ||
          text_count_words(s + a, b - a, BREADCRUMB_PART_MAX_WORDS) > BREADCRUMB_PART_MAX_WORDS)
        break;
      if (parts++ == 0)
        first_end = b;
      if (!hit) {
        /* the first part's words are looked up only when they decide
         * (a line without the separator is one part: no lookup) */
        if (parts >= 3 ||
            (parts == 2 && (text_lang_is_furniture(s, first_end) ||
                            text_is_one_of(s, first_end, crumb_home_words))))
          return 1;
        break;
      }
      a = b + sl;
    }
  }
  return 0;
}

/* Furniture with a number in it, the number read as '#' ("This article is
 * more than 2 years old", "5 min read"): lines of a furniture line's
 * length only. */
static int is_numbered_furniture(const char *s, size_t len)
{
  char buf[FURNITURE_NUMBERED_MAX];
  size_t i, n = 0;
  int digits = 0, any = 0;
  if (len >= sizeof buf)
    return 0;
  for (i = 0; i < len; i++) {
    if (s[i] >= '0' && s[i] <= '9') {
      if (!digits)
        buf[n++] = '#';
      digits = any = 1;
    } else {
      buf[n++] = s[i];
      digits = 0;
    }
  }
  return any && text_lang_is_furniture(buf, n);
}

/* Whether the line is two or more labels of a page's furniture joined by
 * a separator ("Advertisement \xC2\xB7 Scroll to continue", "Share | Save"),
 * each of them furniture on its own. */
static int is_furniture_run(const char *s, size_t len)
{
  static const char *const seps[] = {" \xC2\xB7 " /* · */, " \xE2\x80\xA2 " /* • */, " | ",
                                     " - ", " \xE2\x80\x93 " /* – */, NULL};
  int k, parts;
  const char *sp = s;
  unsigned present = 0;
  /* One pass over the line's spaces finds which separators it holds at
   * all (most lines: none); only those are followed part by part. */
  while ((sp = memchr(sp, ' ', len - (size_t)(sp - s))) != NULL) {
    size_t left = len - (size_t)(sp - s);
    for (k = 0; left > 1 && seps[k]; k++) {
      size_t sl;
      if (sp[1] != seps[k][1])
        continue;
      sl = strlen(seps[k]);
      if (left >= sl && memcmp(sp, seps[k], sl) == 0)
        present |= 1u << k;
    }
    sp++;
  }
  for (k = 0; seps[k]; k++) {
    size_t sl = strlen(seps[k]), a = 0;
    const char *hit;
    int whole = 1;
    if (!(present & (1u << k)))
      continue;
    parts = 0;
    while ((hit = find_sep(s, len, a, seps[k], sl)) != NULL) {
      size_t i = (size_t)(hit - s);
      if (!text_lang_is_furniture(s + a, i - a)) {
        whole = 0;
        break;
      }
      parts++;
      a = i + sl;
    }
    if (whole && parts > 0 && text_lang_is_furniture(s + a, len - a))
      return 1;
  }
  return 0;
}

int text_is_furniture_line(const char *s, size_t len)
{
  return text_lang_is_furniture(s, len) || is_breadcrumb(s, len) ||
         is_numbered_furniture(s, len) || is_furniture_run(s, len);
}

int text_ends_in_html_break(const char *s, size_t len, size_t *out_len)
{
  size_t end = len;
  if (end == 0 || s[end - 1] != '>')
    return 0;
  end--;
  if (end > 0 && s[end - 1] == '/')
    end--;
  while (end > 0 && s[end - 1] == ' ')
    end--;
  if (end < 3 || (s[end - 1] | 0x20) != 'r' || (s[end - 2] | 0x20) != 'b' ||
      s[end - 3] != '<')
    return 0;
  end -= 3;
  while (end > 0 && s[end - 1] == ' ')
    end--;
  if (end == 0)
    return 0; /* a tag alone is no line of verse */
  *out_len = end;
  return 1;
}

int text_is_box_edge(const char *s, size_t len)
{
  size_t i, a = 0, b = len;
  if (len < TEXT_BOX_EDGE_MIN_CHARS || !strchr("*=#~-+", s[0]))
    return 0;
  if (s[0] == '+' && s[len - 1] == '+' && (s[1] == '-' || s[1] == '='))
    a = 1, b = len - 1; /* "+-----+": corners and a row */
  for (i = a + 1; i < b; i++)
    if (s[i] != s[a])
      return 0;
  return 1;
}

int text_is_framed_line(const char *s, size_t len, char side, size_t *out_inner_off,
                        size_t *out_inner_len)
{
  size_t i;
  if (len < 2 || s[0] != side || s[len - 1] != side || (side != '*' && side != '#' &&
                                                         side != '|'))
    return 0;
  for (i = 1; i + 1 < len && s[i] == ' '; i++)
    ;
  if (i + 1 < len && (i == 1 || s[len - 2] != ' '))
    return 0; /* "**bold**", "*emphasis*": no space inside the sides */
  *out_inner_off = 1;
  *out_inner_len = len - 2;
  return 1;
}

int text_is_copyright_line(const char *s, size_t len)
{
  size_t i;
  if (len > 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA9)
    return 1; /* "© 2020 Example Ltd" */
  if (text_has_prefix_nocase(s, len, "(c) "))
    return len > 4 && text_is_digit((unsigned char)s[4]);
  if (!text_has_prefix_nocase(s, len, "copyright"))
    return 0;
  i = 9;
  if (i < len && s[i] == ':')
    i++;
  if (i >= len || s[i] != ' ')
    return 0;
  i += text_skip_spaces(s, len, i);
  if (i >= len)
    return 0;
  return text_is_digit((unsigned char)s[i]) || s[i] == '[' || s[i] == '<' ||
         text_has_prefix_nocase(s + i, len - i, "(c)") ||
         (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA9);
}

/* Whether `m` (NUL-terminated) stands in s after a space. */
static int has_spaced(const char *s, size_t len, const char *m)
{
  size_t i, n = strlen(m);
  for (i = 1; i + n <= len; i++)
    if (s[i - 1] == ' ' && memcmp(s + i, m, n) == 0)
      return 1;
  return 0;
}

int text_has_run_in_enumeration(const char *s, size_t len)
{
  text_enum e;
  char next[3][16];
  int k, forms = 0;
  if (!text_is_enumerator(s, len, &e) || e.delim == '.' || e.suffix)
    return 0;
  if (e.digits && e.decimal < 998)
    snprintf(next[forms++], sizeof next[0], "%s%d)", e.delim == '(' ? "(" : "", e.decimal + 1);
  if (e.alpha && e.alpha < 26)
    snprintf(next[forms++], sizeof next[0], "%s%c)", e.delim == '(' ? "(" : "",
             (e.upper ? 'A' : 'a') + e.alpha);
  if (e.roman == 1)
    snprintf(next[forms++], sizeof next[0], "%s%s)", e.delim == '(' ? "(" : "",
             e.upper ? "II" : "ii");
  if (len > TEXT_RUN_IN_MAX_BYTES)
    len = TEXT_RUN_IN_MAX_BYTES;
  for (k = 0; k < forms; k++)
    if (has_spaced(s + e.marker_len, len - e.marker_len, next[k]))
      return 1;
  return 0;
}

int text_has_run_in_title(const char *s, size_t len)
{
  size_t i, end = len < TEXT_RUN_IN_MAX_BYTES ? len : TEXT_RUN_IN_MAX_BYTES;
  int words = 1, letters = 0;
  int32_t cp;
  if (len == 0)
    return 0;
  text_next_cp(s, len, 0, &cp);
  if (!text_is_capital(cp))
    return 0;
  for (i = 0; i + 2 < end; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '.' && s[i + 1] == ' ') {
      text_next_cp(s, len, i + 2, &cp);
      return letters >= 3 && (text_is_capital(cp) || text_is_opening_quote(cp));
    }
    if (c == ' ') {
      if (++words > TEXT_RUN_IN_TITLE_MAX_WORDS)
        return 0;
      letters = 0;
    } else if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
               c == '(' || c == '"') {
      return 0; /* a sentence, not a title */
    } else if ((c & 0xC0) != 0x80) {
      letters++;
    }
  }
  return 0;
}

/* Bytes an author's line in a paper's header has at most. */
#define AUTHOR_ADDRESS_MAX_BYTES 400

int text_is_author_address(const char *s, size_t len, size_t *out_name_len)
{
  const char *at = len <= AUTHOR_ADDRESS_MAX_BYTES ? memchr(s, '@', len) : NULL;
  size_t a, k, name_end;
  int dot = 0;
  if (!at)
    return 0;
  a = (size_t)(at - s);
  for (k = a; k > 0 && s[k - 1] != ' ' && s[k - 1] != '\n'; k--)
    ;
  if (k == a || k == 0)
    return 0; /* no mailbox, or no name before it */
  name_end = k;
  while (name_end > 0 && (s[name_end - 1] == ' ' || s[name_end - 1] == ','))
    name_end--;
  for (k = a + 1; k < len && s[k] != ' ' && s[k] != '\n'; k++) {
    unsigned char c = (unsigned char)s[k];
    if (c == '.' && k + 1 < len && s[k + 1] != ' ' && s[k + 1] != '\n')
      dot = 1;
    else if (!(c == '.' || c == '-' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
      return 0;
  }
  if (!dot || memchr(s + k, '@', len - k))
    return 0; /* no domain; or more mailboxes than one name */
  *out_name_len = name_end;
  return name_end > 0 && text_is_name_line(s, name_end);
}
