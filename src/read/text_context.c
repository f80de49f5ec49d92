/* text_context.c: tests classification asks that read further than a
 * unit's neighbours (pull quotes, a quotation before its attribution,
 * signatures, quoted documents, captions under a headline, chapter
 * arguments, a line repeated by the next), the heading style of a chapter
 * line, and the passes that mend headings after classification
 * (question headings, nested framed headings). */
#include <string.h>

#include "../util/utf8.h"
#include "credit.h"
#include "lang.h"
#include "text_private.h"

/* Lines a chapter's argument (the sentence under a bare chapter number
 * that serves as its title) may take. */
#define CHAPTER_ARGUMENT_LINES 3

heading_style text_chapter_style(text_chapter_kind kind)
{
  switch (kind) {
  case TEXT_CHAPTER_VOLUME:
    return STYLE_VOLUME;
  case TEXT_CHAPTER_PART:
    return STYLE_PART;
  case TEXT_CHAPTER_SECTION:
    return STYLE_SECTION;
  default:
    return STYLE_CHAPTER; /* a chapter, or a Roman numeral alone */
  }
}

/* Bytes of a pull quote's opening words looked for elsewhere. */
#define PULL_QUOTE_KEY_BYTES 40

/* The quote-before-attribution rule: a paragraph that is one quotation
 * and nothing else (text_is_one_quotation), between a sentence that
 * introduces it with a colon and a paragraph that goes on with a dash
 * and the attribution in lower case (text_opens_attribution: "— деп
 * жазды"), is a quotation set off from the text: a block quote. The
 * words after it stay a paragraph.
 * + "Осы себептен де Абай:" / «"... жанның тамағы еді,"» / "— деп ..."
 * - "Он сказал:" / «Мы придём», — и ушёл. / "Потом ..." */
int text_is_quote_before_attribution(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *p, *n;
  if (i == 0 || i + 1 >= r->nunits || u->item || u->brk || u->quote ||
      !text_is_one_quotation(unit_text(r, u), u->len))
    return 0;
  p = &r->units[i - 1];
  n = &r->units[i + 1];
  return p->kind == K_PARAGRAPH && !p->item &&
         text_introduces_quote(unit_text(r, p), p->len) && !n->item &&
         text_opens_attribution(unit_text(r, n), n->len);
}

/* The signature-line rule: a line of its own that is a dash and a name
 * (text_is_dash_signature) right under a paragraph (or a list's item
 * that is not a dash's) signs the letter,
 * statement or dedication above it, whether it ends the text or more
 * follows (a letter quoted in an article, an open letter's reply). Not
 * in a run of lines that each open with a dash: that is dialogue, one
 * turn a line. Writes the name's offset and length.
 * + "... before it is too late." / "-- Margaret Hale" / "The council ..."
 * - "— Who was there?" / "— Anna Petrovna" / "— And who else?" */
int text_is_signature_line(const text_reader *r, int i, size_t *out_name_off,
                           size_t *out_name_len)
{
  const text_unit *u = &r->units[i], *p;
  int j;
  if (i == 0 || u->first != u->last || u->item || u->quote ||
      !text_is_dash_signature(unit_text(r, u), u->len, out_name_off, out_name_len))
    return 0;
  p = &r->units[i - 1];
  /* under a paragraph or a list's last item, but not a dash item: "- ..."
   * then "-- Name" are turns of one run */
  if ((p->kind != K_PARAGRAPH && p->kind != K_ITEM) ||
      (p->item && galley_utf8_is_dash(p->marker)) ||
      text_dialogue_dash(unit_text(r, p), p->len, 0))
    return 0;
  j = text_next_text_unit(r, i);
  return j < 0 || r->units[j].item ||
         !text_dialogue_dash(unit_text(r, &r->units[j]), r->units[j].len, 0);
}

/* Length of a name at s signed as the Russian and Kazakh press sign an
 * article: two or three words, each capitalised, the last (the surname)
 * in capitals ("Иван ПЕТРОВ", "Айгүл СЕЙІТОВА", "А. ИВАНОВ"); the name
 * ends the text or a comma follows it. 0 if none. */
static size_t press_name_len(const char *s, size_t len)
{
  size_t i = 0;
  int words = 0, last_caps = 0;
  while (i < len && words < 4) {
    int32_t cp, first = 0;
    int letters = 0, upper = 0, lower = 0;
    while (i < len) {
      size_t n = text_next_cp(s, len, i, &cp);
      if (cp == ' ' || cp == ',')
        break;
      if (!first)
        first = cp;
      if (galley_utf8_is_upper(cp))
        upper++;
      else if (galley_utf8_is_lower(cp))
        lower++;
      else if (cp != '.' && cp != '-')
        return 0;
      letters += galley_utf8_is_letter(cp);
      i += n;
    }
    if (letters == 0 || !galley_utf8_is_upper(first))
      return 0;
    words++;
    last_caps = upper >= 2 && lower == 0;
    if (i >= len || s[i] == ',')
      break;
    i++;
  }
  return words >= 2 && words <= 3 && last_caps ? i : 0;
}

/* Whether s is a newspaper's or agency's name in guillemets or quotes
 * alone: «Egemen Qazaqstan», «Казахстанская правда». */
static int is_quoted_paper(const char *s, size_t len)
{
  return text_is_one_quotation(s, len) && text_count_words(s, len, 6) <= 5;
}

/* The press-signature rule: the author's name with the surname in
 * capitals, alone at the end of an article under its last paragraph,
 * perhaps with the newspaper after a comma ("Иван ПЕТРОВ, «Казахстанская
 * правда»") or on the line under it ("Айгүл СЕЙІТОВА," / "«Egemen
 * Qazaqstan»"), signs the article, as the Russian and Kazakh press do.
 * Writes the name's length (before the comma). Returns 1 for the name's
 * line, 2 for the newspaper's line under it, 0 otherwise.
 * + "... – деді министр." / "Айгүл СЕЙІТОВА," / "«Egemen Qazaqstan»"
 * - "... said the minister." / "Ivan Petrov" (no surname in capitals)
 * - "Иван ПЕТРОВ" between two paragraphs */
int text_is_press_signature(const text_reader *r, int i, size_t *out_name_len)
{
  const text_unit *u = &r->units[i], *p;
  const char *s = unit_text(r, u);
  size_t n, rest;
  int j;
  *out_name_len = 0;
  if (r->book || i == 0 || u->first != u->last || u->item || u->quote)
    return 0;
  p = &r->units[i - 1];
  if (p->kind == K_BYLINE && strcmp(p->rule, "press-signature") == 0 && is_quoted_paper(s, u->len))
    return text_next_text_unit(r, i) < 0 ? 2 : 0;
  if (!((p->kind == K_PARAGRAPH && !p->item && p->terminal) || p->kind == K_CREDIT ||
        p->kind == K_CAPTION) ||
      (n = press_name_len(s, u->len)) == 0)
    return 0; /* under the last paragraph, or a picture's credit after it */
  j = text_next_text_unit(r, i);
  rest = n;
  if (rest < u->len) {
    rest++; /* the comma */
    while (rest < u->len && s[rest] == ' ')
      rest++;
    if (rest < u->len && !is_quoted_paper(s + rest, u->len - rest))
      return 0;
    if (rest == u->len) /* "Айгүл СЕЙІТОВА," over the paper's line */
      if (j < 0 || text_next_text_unit(r, j) >= 0 ||
          !is_quoted_paper(unit_text(r, &r->units[j]), r->units[j].len))
        return 0;
  }
  if (j >= 0 && !(rest == u->len && n < u->len))
    return 0; /* not the text's last line */
  *out_name_len = n;
  return 1;
}

/* Whether the n bytes at key occur in s[0..len). */
static int contains(const char *s, size_t len, const char *key, size_t n)
{
  size_t k;
  for (k = 0; k + n <= len; k++) {
    const char *c = memchr(s + k, key[0], len - n - k + 1);
    if (!c)
      return 0;
    k = (size_t)(c - s);
    if (memcmp(c, key, n) == 0)
      return 1;
  }
  return 0;
}

/* Whether the first n bytes at key (cut back to a character's boundary)
 * stand word for word in the text outside unit u: before it or after
 * it. Draws on the reader's search budget; when it is spent, no. */
static int said_elsewhere(text_reader *r, const text_unit *u, const char *key, size_t n)
{
  size_t after = u->off + u->len;
  while (n > 0 && ((unsigned char)key[n] & 0xC0) == 0x80)
    n--; /* end on a character's boundary */
  if (r->search_budget < r->norm.len)
    return 0;
  r->search_budget -= r->norm.len;
  return contains(r->norm.ptr, u->off, key, n) ||
         contains(r->norm.ptr + after, r->norm.len - after, key, n);
}

/* The pull-quote rule: in a text of one paragraph per line, a line that
 * is one quotation and nothing else (text_quoted_line_inner) whose
 * opening words stand word for word in another paragraph of the text is
 * the page repeating its own sentence to catch the eye: a pull quote,
 * set as a block quote.
 * + ”BRICS is a key element of the emerging multipolar world.“ (said
 *   earlier in an answer)
 * - "We will build the bridge by May." (said nowhere else) */
int text_is_pull_quote(text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u), *key;
  size_t inner, n = PULL_QUOTE_KEY_BYTES;
  if (r->join || r->book || u->first != u->last || u->item || u->brk ||
      !(inner = text_quoted_line_inner(s, u->len)) || u->len < inner + n + 4)
    return 0;
  key = s + inner;
  return said_elsewhere(r, u, key, n);
}

/* The attributed-pull-quote rule: a pull quote as a web page sets it,
 * its quotation marks lost in the copy, keeps the speaker's name after
 * the words ("I was basically hauled in ... she was suppressive. Valeska
 * Paris"). A paragraph that ends with a name (text_is_name_line) after a
 * sentence's end, and whose opening words stand word for word in another
 * paragraph of the text, is that pull quote.
 * + "I was basically hauled in ... suppressive. Valeska Paris" / "I was
 *   basically hauled in ... suppressive. Her mother had spoken ..."
 * - "The report was published on Monday. Anna Petrova" (its words are
 *   said nowhere else) */
int text_is_attributed_pull_quote(text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  size_t n = PULL_QUOTE_KEY_BYTES, name;
  int32_t cp;
  if (r->book || u->item || u->brk || u->quote || u->len < 2 * n)
    return 0;
  name = u->len;
  while (name > 0 && s[name - 1] != ' ')
    name--;
  if (name > 0)
    name--;
  while (name > 0 && s[name - 1] != ' ')
    name--; /* the last two words */
  if (name < n + 2 || !text_is_name_line(s + name, u->len - name))
    return 0;
  text_prev_cp(s, name - 1, &cp);
  if (s[name - 1] != ' ' || !(cp == '.' || cp == '!' || cp == '?' || cp == 0x2026))
    return 0;
  return said_elsewhere(r, u, s, n);
}

/* Numbered points a quoted document has at least. */
#define QUOTED_DOCUMENT_MIN_POINTS 2

/* Whether unit i can be a photo's caption line: one line, no sentence
 * end, short as a heading is, not a list item, break, date line or
 * byline.
 * + Дональд Трамп и Владимир Путин 16 июля 2018 года
 * - Об этом сообщил журналистам сам Трамп: */
static int is_caption_shaped(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  size_t off, nl;
  char iso[11];
  int32_t last;
  if (u->first != u->last || u->item || u->brk || u->quote || u->setext || u->terminal ||
      !text_is_short_line(s, u->len) || text_starts_lowercase(s, u->len))
    return 0;
  text_prev_cp(s, u->len, &last);
  if (last == ':' || last == ',' || last == ';')
    return 0;
  return !text_is_byline(s, u->len, &off, &nl) && !text_is_date_line(s, u->len, iso) &&
         !text_is_sign_off(s, u->len) && !text_is_furniture_line(s, u->len);
}

/* The quoted-document rule: a sentence that ends with a verb of saying
 * and a colon (text_introduces_quoted_text: "В документе говорится:",
 * "The decree reads:") followed by a document with numbered points of
 * its own, 1., 2., 3. ..., perhaps after a preamble that ends with a
 * colon ("... постановляю:"), is a quotation: a copy editor sets preamble
 * and points as one block quote, which ends where the points end and the
 * report resumes. A short line without a sentence end between the
 * introducing sentence and the document (a name: the photo beside it)
 * is its caption. Marks the units (quoted, caption).
 * + "В документе говорится:" / "Постановляю:" / "1. ..." / "2. ..." / report
 * - "Меры таковы:" / "1. ..." / "2. ..." (no verb of saying: a list) */
void text_mark_quoted_documents(text_reader *r)
{
  int i, j, k, n, caption, preamble;
  for (i = 0; i + 1 < r->nunits; i++) {
    const text_unit *p = &r->units[i];
    if (p->item || p->brk || p->quote || p->setext ||
        !text_introduces_quoted_text(unit_text(r, p), p->len))
      continue;
    j = i + 1;
    caption = -1;
    preamble = -1;
    if (j + 1 < r->nunits && !r->units[j].item && is_caption_shaped(r, j) &&
        !r->units[j + 1].item) {
      caption = j;
      j++;
    }
    if (j < r->nunits && !r->units[j].item && !r->units[j].brk && !r->units[j].setext &&
        r->units[j].terminal &&
        text_introduces_quote(unit_text(r, &r->units[j]), r->units[j].len)) {
      preamble = j;
      j++;
    }
    for (k = j, n = 0; k < r->nunits; k++, n++) {
      const text_unit *v = &r->units[k];
      if (v->item != ITEM_NUMBERED || !v->en.digits || v->en.suffix ||
          v->en.decimal != n + 1 || v->en.delim != r->units[j].en.delim)
        break;
    }
    if (n < QUOTED_DOCUMENT_MIN_POINTS || (k < r->nunits && r->units[k].item))
      continue; /* no points, or a list that goes on unnumbered */
    if (caption >= 0)
      r->units[caption].caption = 1;
    if (preamble >= 0)
      r->units[preamble].quoted = 1;
    for (; j < k; j++)
      r->units[j].quoted = 1;
    i = k - 1;
  }
}

/* Caption lines above a lede at most (a photo or two, each with a line
 * or two); more short lines are something else, and the bound keeps the
 * look-ahead short. */
#define CAPTION_MAX_LINES 4

/* Whether some unit after unit j is a short line without a sentence end
 * (is_caption_shaped): a section heading further down, or another line
 * of that shape, as an article set in sections has. */
static int has_short_line_after(const text_reader *r, int j)
{
  int k;
  for (k = j + 1; k < r->nunits; k++)
    if (is_caption_shaped(r, k))
      return 1;
  return 0;
}

/* Whether every unit is one line: a text of one paragraph per line with
 * blank lines between all of them, which the convention's test reads as
 * joined (no line is continued by another) though nothing is wrapped. */
static int every_unit_one_line(const text_reader *r)
{
  int k;
  for (k = 0; k < r->nunits; k++)
    if (r->units[k].first != r->units[k].last)
      return 0;
  return 1;
}

/* Whether every unit after the first stands after a blank line: a text
 * whose paragraphs are all set apart by blank lines. */
static int every_unit_after_blank(const text_reader *r)
{
  int k;
  for (k = 1; k < r->nunits; k++)
    if (!r->units[k].blank_before)
      return 0;
  return 1;
}

/* Whether unit i is one of a run of name lines between the header above
 * (the headline, its date or byline) and the lede (a long sentence),
 * each naming someone the headline or the lede speaks of: the portraits
 * of the story's people, set apart by blank lines or not.
 * + "Медведев уволил главу РЖД Якунина и назначил Мишарина" / ""
 *   / "Владимир Якунин" / "" / "Александр Мишарин" / "" / "19 июня ..." */
static int is_portrait_run(const text_reader *r, int i)
{
  int a = i, b = i, k;
  const text_unit *lede;
  while (a > 1 && r->units[a - 1].first == r->units[a - 1].last &&
         !r->units[a - 1].header &&
         text_is_name_line(unit_text(r, &r->units[a - 1]), r->units[a - 1].len))
    a--;
  while (b < r->nunits && b - a < CAPTION_MAX_LINES && r->units[b].first == r->units[b].last &&
         text_is_name_line(unit_text(r, &r->units[b]), r->units[b].len))
    b++;
  if (b == i || b >= r->nunits || b - a >= CAPTION_MAX_LINES || !r->units[a - 1].header)
    return 0;
  lede = &r->units[b];
  if (lede->item || lede->brk || lede->quote || !lede->terminal ||
      lede->chars <= TEXT_HEADING_MAX_CHARS)
    return 0;
  for (k = a; k < b; k++)
    if ((!text_name_in_unit(r, 0, k) && !text_name_in_unit(r, b, k)) ||
        text_name_words_in_vocabulary(r, k, b, 0))
      return 0; /* "Key Findings" over "The findings of this report ..." */
  return 1;
}

/* A caption longer than a heading: at most this many characters and
 * words. */
#define LONG_CAPTION_MAX_CHARS 200
#define LONG_CAPTION_MAX_WORDS 30

/* Whether unit i is a caption too long for is_caption_shaped right under
 * the headline: one line with no sentence end, longer than a heading,
 * over a lede that is longer still and ends its sentence, in news of one
 * paragraph per line (in hard-wrapped text a long line is wrapped text).
 * A standfirst ends its sentence; a headline's second line is short.
 * + "Глеб Панфилов завершил съемки фильма ..." / "Режиссёр Глеб Панфилов
 *   с призом за вклад в кинематограф на 21 кинофестивале «Кинотавр»" /
 *   "21 мая 2019 года режиссёр ..."
 * - the same with the line ending in a full stop: a standfirst */
static int is_long_caption_under_headline(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *n;
  const char *s = unit_text(r, u);
  size_t off, nl;
  char iso[11];
  int32_t last;
  if (i != 1 || r->book || r->units[0].kind != K_TITLE || i + 1 >= r->nunits ||
      (r->join && !every_unit_one_line(r)))
    return 0;
  if (u->first != u->last || u->item || u->brk || u->quote || u->setext || u->terminal ||
      text_is_short_line(s, u->len) || text_starts_lowercase(s, u->len) ||
      u->chars > LONG_CAPTION_MAX_CHARS ||
      text_count_words(s, u->len, LONG_CAPTION_MAX_WORDS) > LONG_CAPTION_MAX_WORDS)
    return 0;
  text_prev_cp(s, u->len, &last);
  if (last == ':' || last == ',' || last == ';' || last == '-' || last == 0x2013 ||
      last == 0x2014 || text_is_byline(s, u->len, &off, &nl) ||
      text_is_date_line(s, u->len, iso) || text_is_sign_off(s, u->len) ||
      text_is_furniture_line(s, u->len))
    return 0;
  n = &r->units[i + 1];
  return !n->item && !n->brk && !n->setext && !n->quote && n->terminal && n->chars > u->chars;
}

/* The caption-under-headline rule: in news of one paragraph per line,
 * short lines without a sentence end (is_caption_shaped) between the
 * headline and the lede, the last of them set directly above the lede
 * (a long sentence), name what the article's photos show: captions. A
 * section heading does not come before the lede. One such line right
 * under the headline is a caption even with a blank line between it and
 * the lede, when the article has no other line of its shape: an article
 * without sections has no heading to open its first one. (A text whose
 * every paragraph is one line between blank lines counts as one
 * paragraph per line.)
 * + "Кокорин и Мамаев осуждены" / "Фото драки" / "8 мая завершился суд ..."
 * + "Обстрел Негева: ..." / "" / "Автобус после атаки" / "" / "7 апреля ..."
 *   (and no other short line in the article)
 * - "Annual report" / "" / "Introduction" / "" / "This report ..." /
 *   "Bridge works" / "The new bridge ..."
 * - "Rivers to share" / "Key Findings" / "The findings show ..." */
int text_is_caption_under_headline(const text_reader *r, int i)
{
  int j, first = i, spaced;
  if (!r->book && i > 0 && r->units[0].kind == K_TITLE && is_portrait_run(r, i))
    return 1;
  if (r->book || i == 0 || r->units[0].kind != K_TITLE)
    return 0;
  if (is_long_caption_under_headline(r, i))
    return 1;
  spaced = every_unit_after_blank(r);
  if (r->join && !every_unit_one_line(r)) {
    /* hard-wrapped text: only a run that starts right under the headline */
    for (first = 1; first < i && is_caption_shaped(r, first); first++)
      ;
    if (first != i)
      return 0;
    first = 1;
  }
  for (j = i; j < r->nunits && j - first <= CAPTION_MAX_LINES && is_caption_shaped(r, j); j++)
    if (j > i && r->units[j].blank_before && !spaced)
      return 0;
  if (j >= r->nunits || j == i || j - first > CAPTION_MAX_LINES)
    return 0;
  {
    const text_unit *n = &r->units[j];
    if (n->item || n->brk || n->setext || n->quote || !n->terminal ||
        n->chars <= TEXT_HEADING_MAX_CHARS)
      return 0;
    /* lines set apart by blank lines read as captions only right under
     * the headline, in an article with no other line of their shape; one
     * line, unless every paragraph of the text stands between blank lines
     * (which then tell nothing) */
    if (n->blank_before &&
        (first != 1 || (j != first + 1 && !spaced) || has_short_line_after(r, j)))
      return 0;
  }
  /* common words in title case make a heading: "Key Findings" */
  for (j = i; is_caption_shaped(r, j); j++)
    if (text_next_text_unit(r, j) < 0 ||
        text_name_words_in_vocabulary(r, j, text_next_text_unit(r, j), 1))
      return 0;
  return 1;
}
/* Whether unit i is the sentence a bare chapter number stands over as
 * the chapter's title ("CHAPTER 1" / "How it happened that Mastro Cherry
 * ... found a piece of wood that wept and laughed like a child."): at
 * most CHAPTER_ARGUMENT_LINES lines right under the number, set apart
 * from the text that follows by a wider gap than the one above it.
 *   "CHAPTER 2" / "" / "Mastro Cherry gives ..." / "" / "" / "He ..."
 *   "CHAPTER 2" / "" / "It rained all night." / "" / "He ..." (the text) */
int text_is_chapter_argument(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *p;
  int above;
  if (i == 0 || i + 1 >= r->nunits || u->item || u->quote || u->brk || u->setext ||
      u->last - u->first >= CHAPTER_ARGUMENT_LINES)
    return 0;
  p = &r->units[i - 1];
  if (p->kind != K_HEADING || !p->chapter || p->first != p->last ||
      text_first_word_len(unit_text(r, p), p->len) + 1 >= p->len ||
      memchr(unit_text(r, p) + text_first_word_len(unit_text(r, p), p->len) + 1, ' ',
             p->len - text_first_word_len(unit_text(r, p), p->len) - 1))
    return 0; /* a number alone: "CHAPTER 1", not "CHAPTER 1. The Mill" */
  above = text_blank_lines_before(r, u->first);
  return above >= 1 && text_blank_lines_before(r, r->units[i + 1].first) > above;
}


/* Whether the caption of unit i's picture marker is the text of the unit
 * after it, case aside: a headpiece over the heading it names
 * ("[Illustration: THE SHEPHERD'S FAIRY]" / "THE SHEPHERD'S FAIRY"). The
 * heading says it; the marker stays as typed, a placeholder, not a
 * second caption line. */
int text_repeats_next_line(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *n;
  if (i + 1 >= r->nunits)
    return 0;
  n = &r->units[i + 1];
  return n->len == u->cap_len &&
         text_same_word(unit_text(r, u) + u->cap_off, unit_text(r, n), n->len);
}

/* A paragraph of one line, no item, quotation or dateline: what the
 * heading promotions below may turn into a heading. */
static int is_lone_line_paragraph(const text_unit *u)
{
  return u->kind == K_PARAGRAPH && !u->dateline && u->first == u->last && !u->item &&
         !u->quote;
}

/* Whether unit u is a paragraph only because no rule claimed it (not an
 * end marker, a copyright notice, an imprint ...). */
static int is_plain_paragraph(const text_unit *u)
{
  return u->kind == K_PARAGRAPH && (strcmp(u->rule, "blank-line-paragraph") == 0 ||
                                    strcmp(u->rule, "one-paragraph-per-line") == 0);
}

/* Words a question heading has at most ("Что будет дальше?"). */
#define QUESTION_HEADING_MAX_WORDS 8

/* The question-heading rule: news pasted from a web page asks some of
 * its subheadings ("What happens next?", "Что дальше?"): a line of its
 * own, short (QUESTION_HEADING_MAX_WORDS), one sentence ending in a
 * question mark, between a paragraph of prose that asks nothing and the
 * body text that answers it, is a heading like the article's other short
 * headings. Only in an article that has such headings already
 * (text_is_short_heading): elsewhere a short question between paragraphs is
 * an interview's or a story's line, and no book's.
 * + "Как изменится движение" / ... / "... рассказала жительница." /
 *   "Что дальше?" / "В акимате обещают ..."
 * - (no other heading) "... said the minister." / "Why now?" / "..." */
void text_promote_question_headings(text_reader *r)
{
  int i, j, short_headings = 0;
  int32_t last;
  for (i = 0; i < r->nunits; i++)
    short_headings += r->units[i].kind == K_HEADING && r->units[i].style == STYLE_SHORT;
  if (short_headings == 0 || r->book)
    return;
  for (i = 1; i < r->nunits; i++) {
    text_unit *u = &r->units[i];
    const text_unit *p = &r->units[i - 1];
    const char *s = unit_text(r, u);
    if (!is_lone_line_paragraph(u) ||
        u->chars > TEXT_HEADING_MAX_CHARS || !text_starts_like_heading(s, u->len) ||
        text_count_words(s, u->len, QUESTION_HEADING_MAX_WORDS) > QUESTION_HEADING_MAX_WORDS ||
        text_count_sentences(s, u->len, 1) != 1)
      continue;
    text_prev_cp(s, u->len, &last);
    if (last != '?' || p->kind != K_PARAGRAPH || p->shaped || p->item)
      continue;
    text_prev_cp(unit_text(r, p), p->len, &last);
    j = text_next_text_unit(r, i);
    if (last == '?' || !text_is_body_after(r, i, j))
      continue;
    u->kind = K_HEADING;
    u->rule = "question-heading";
    u->style = STYLE_SHORT;
  }
}

/* Words and characters a press review's source label has at most ("The
 * Times of Central Asia:", "РИА Новости:"). */
#define SOURCE_LABEL_MAX_WORDS 5
#define SOURCE_LABEL_MAX_CHARS 40

/* Whether `s` opens with a source label: up to SOURCE_LABEL_MAX_WORDS
 * words, capitalised, no sentence inside them, then ": " and the
 * headline starting as a heading does. */
static int has_source_label(const char *s, size_t len)
{
  size_t i = 0, chars = 0;
  int32_t cp = 0;
  while (i < len && chars <= SOURCE_LABEL_MAX_CHARS) {
    size_t n = text_next_cp(s, len, i, &cp);
    if (cp == ':')
      break;
    if ((cp == '.' || cp == '!' || cp == '?' || cp == ';') && i + 1 < len && s[i + 1] == ' ')
      return 0; /* a sentence ends before the colon */
    chars++;
    i += n;
  }
  if (i == 0 || i + 2 >= len || cp != ':' || s[i + 1] != ' ' ||
      chars > SOURCE_LABEL_MAX_CHARS ||
      text_count_words(s, i, SOURCE_LABEL_MAX_WORDS) > SOURCE_LABEL_MAX_WORDS ||
      !text_starts_like_heading(s, i))
    return 0;
  text_next_cp(s, len, 0, &cp);
  if (!galley_utf8_is_upper(cp) && !(cp >= '0' && cp <= '9'))
    return 0;
  return text_starts_like_heading(s + i + 2, len - i - 2);
}

/* The source-heading rule: a press review pasted from a news site heads
 * each of its parts with the outlet and its headline ("TASS: ...",
 * "The Times of Central Asia: ..."), a line of its own that no
 * punctuation closes, between the previous part's last paragraph and the
 * next part's body. The short ones are headings already
 * (text_is_short_heading); the others, up to a title's length, are too
 * when at least one such short heading has the same label-and-headline
 * shape: the series shows what they are. Not in books.
 * + "Anadolu: Qazaqstan ... maquldady" (short) ... "Report: Qazaqstan
 *   memlekettik qyzmetshilerge ... jeńildetti" (93 characters)
 * - (no short heading of that shape) "Note: the figures below ... revised" */
void text_promote_source_headings(text_reader *r)
{
  int i, j, series = 0;
  int32_t last;
  if (r->book)
    return;
  for (i = 0; i < r->nunits; i++) {
    const text_unit *u = &r->units[i];
    series += u->kind == K_HEADING && u->style == STYLE_SHORT &&
              has_source_label(unit_text(r, u), u->len);
  }
  if (series == 0)
    return;
  for (i = 1; i < r->nunits; i++) {
    text_unit *u = &r->units[i];
    const text_unit *p = &r->units[i - 1];
    const char *s = unit_text(r, u);
    if (!is_lone_line_paragraph(u) || u->terminal || u->chars > TEXT_TITLE_MAX_CHARS ||
        text_count_words(s, u->len, TEXT_TITLE_MAX_WORDS) > TEXT_TITLE_MAX_WORDS ||
        !has_source_label(s, u->len) || text_is_furniture_line(s, u->len))
      continue; /* ("Related: City plans ...": a link to another story) */
    text_prev_cp(s, u->len, &last);
    if (!galley_utf8_is_letter(last) && !(last >= '0' && last <= '9'))
      continue;
    if (p->kind != K_PARAGRAPH || p->shaped || p->item || !p->terminal)
      continue;
    /* the body: as after any heading, or a sentence shorter than this
     * long headline */
    j = text_next_text_unit(r, i);
    if (!text_is_body_after(r, i, j) &&
        (j < 0 || !r->units[j].terminal || r->units[j].item || r->units[j].brk ||
         r->units[j].setext))
      continue;
    u->kind = K_HEADING;
    u->rule = "source-heading";
    u->style = STYLE_SHORT;
  }
}

/* Framed headings nest by their marks, as a wiki's do: "== History =="
 * over "=== Closure ===". The fewest marks in the text are the upper
 * level, more marks the level below. */
void text_nest_framed_headings(text_reader *r)
{
  int i, fewest = 0;
  for (i = 0; i < r->nunits; i++) {
    const text_unit *u = &r->units[i];
    int m = r->lines[u->first].framed;
    if (u->kind == K_HEADING && u->style == STYLE_BOXED && m > 0 && (fewest == 0 || m < fewest))
      fewest = m;
  }
  for (i = 0; i < r->nunits; i++) {
    text_unit *u = &r->units[i];
    if (u->kind == K_HEADING && u->style == STYLE_BOXED && r->lines[u->first].framed > fewest)
      u->style = STYLE_FRAMED_INNER;
  }
}

/* The depth of a numbered contents entry s ("2.1 The Azov campaigns",
 * "3. Legacy": groups of digits joined by '.', a '.' after them or not, a
 * space), the offset of its title in *out_title; 0 when unnumbered. */
static int contents_entry_depth(const char *s, size_t len, size_t *out_title)
{
  size_t i = 0;
  int depth = 0;
  while (depth < TEXT_SECTION_MAX_DEPTH) {
    size_t a = i;
    while (i < len && i - a < 3 && s[i] >= '0' && s[i] <= '9')
      i++;
    if (i == a)
      return 0;
    depth++;
    if (i < len && s[i] == '.' && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9') {
      i++;
      continue;
    }
    break;
  }
  if (i < len && s[i] == '.')
    i++;
  if (i >= len || s[i] != ' ')
    return 0;
  while (i < len && s[i] == ' ')
    i++;
  *out_title = i;
  return i < len ? depth : 0;
}

/* Whether two titles are the same words, case and trailing spaces aside. */
static int same_title(const char *a, size_t an, const char *b, size_t bn)
{
  while (an > 0 && a[an - 1] == ' ')
    an--;
  while (bn > 0 && b[bn - 1] == ' ')
    bn--;
  return an == bn && text_same_word(a, b, bn);
}

void text_nest_by_contents(text_reader *r)
{
  int i, j, deep = 0, first = -1, last = -1;
  for (i = 0; i < r->nunits; i++) {
    const text_unit *u = &r->units[i];
    size_t t;
    int d;
    if (u->item != ITEM_CONTENTS)
      continue;
    if (first < 0)
      first = i;
    last = i;
    d = contents_entry_depth(unit_text(r, u), u->len, &t);
    deep |= d >= 2;
  }
  if (!deep)
    return; /* a flat list tells no levels */
  for (i = last + 1; i < r->nunits; i++) {
    text_unit *h = &r->units[i];
    if (h->kind != K_HEADING || h->section_depth)
      continue;
    for (j = first; j <= last; j++) {
      const text_unit *u = &r->units[j];
      size_t t = 0;
      int d = u->item == ITEM_CONTENTS ? contents_entry_depth(unit_text(r, u), u->len, &t) : 0;
      if (d > 0 && same_title(unit_text(r, u) + t, u->len - t, unit_text(r, h), h->len)) {
        h->section_depth = d;
        break;
      }
    }
  }
}

/* Words and characters a heading closed by a full stop has at most
 * ("Reason for discrimination."). */
#define FULL_STOP_HEADING_MAX_WORDS 5
#define FULL_STOP_HEADING_MAX_CHARS 60

/* Whether the lone line s reads as a name for what follows, closed by a
 * full stop: one full stop at the end after a letter, no other sentence
 * punctuation, no digit, a capital first, at most
 * FULL_STOP_HEADING_MAX_WORDS words, none of the language tables'
 * clause words ("it", "was", "not": "Nobody was hurt." is a sentence)
 * and, after the first word, no last word with a clause ending ("The
 * girl stopped."). */
static int is_full_stop_heading_line(const char *s, size_t len)
{
  size_t i, body = len - 1;
  int32_t cp;
  if (len < 3 || s[len - 1] != '.' || len > 4 * FULL_STOP_HEADING_MAX_CHARS ||
      text_count_chars(s, len, FULL_STOP_HEADING_MAX_CHARS) > FULL_STOP_HEADING_MAX_CHARS ||
      text_count_words(s, len, FULL_STOP_HEADING_MAX_WORDS) > FULL_STOP_HEADING_MAX_WORDS ||
      !text_starts_like_heading(s, len) || text_is_sign_off(s, len) ||
      text_is_furniture_line(s, len) || text_is_name_line(s, body))
    return 0;
  text_next_cp(s, len, 0, &cp);
  if (!galley_utf8_is_upper(cp))
    return 0;
  text_prev_cp(s, body, &cp);
  if (!galley_utf8_is_letter(cp))
    return 0; /* "Etc..", "p. 12." */
  for (i = body; i > 0 && s[i - 1] != ' '; i--)
    ;
  if (i > 0 && text_lang_has_clause_ending(s + i, body - i))
    return 0; /* "The girl stopped." */
  for (i = 0; i < body; i++) {
    char c = s[i];
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
        (c >= '0' && c <= '9') || c == '"' || c == '(')
      return 0;
    if ((i == 0 || s[i - 1] == ' ') &&
        text_lang_list_match(s + i, body - i, TEXT_LANG_LIST(clause_words)))
      return 0;
  }
  return 1;
}

/* The full-stop-heading rule: some texts close their section headings
 * with a full stop (an academic paper's "Introduction.", the Kazakh
 * Wikipedia extraction's "Радианның басқа да бірліктермен
 * байланысы."). Such a line (is_full_stop_heading_line), a paragraph of
 * its own between prose that ends a sentence (or the title block) and
 * body text longer than it, is a heading when the text has two or more
 * of them, or when it is the one line opening the text under its title.
 * Not in books or texts with chapter headings, whose short sentences
 * between paragraphs ("The girl stopped.") are narrative.
 * + "Introduction." / "Personal experiences of discrimination ..." /
 *   ... / "Reason for discrimination." / "All respondents ..."
 * - "Nobody was hurt." (a clause: "was"); a single "Analytical plan."
 *   in mid-text (no series). */
void text_promote_full_stop_headings(text_reader *r)
{
  int i, n = 0, pass;
  if (r->book || r->chapter_seen || r->title_page >= 0)
    return;
  for (pass = 0; pass < 2; pass++) {
    for (i = 1; i < r->nunits; i++) {
      text_unit *u = &r->units[i];
      const text_unit *p = &r->units[i - 1];
      int after_title = text_is_top_kind(p->kind) && p->kind != K_CAPTION &&
                        p->kind != K_CREDIT;
      if (!is_lone_line_paragraph(u) || !is_plain_paragraph(u) || !u->terminal ||
          !is_full_stop_heading_line(unit_text(r, u), u->len))
        continue;
      if (!after_title && !(p->kind == K_PARAGRAPH && !p->shaped && !p->item && p->terminal) &&
          p->kind != K_HEADING)
        continue;
      if (!text_is_body_after(r, i, text_next_text_unit(r, i)))
        continue;
      if (pass == 0) {
        n += after_title ? 2 : 1; /* the line under the title stands alone */
        continue;
      }
      if (n < 2)
        return;
      u->kind = K_HEADING;
      u->rule = "full-stop-heading";
      u->style = STYLE_SHORT;
    }
  }
}

/* The heading-pair rule: a section heading directly above the heading of
 * its first subsection ("Get in" / "By plane" in a travel guide) is two
 * short lines, which the short-line rule leaves alone as the lines of an
 * address or a poem would be. In an article that has short headings
 * already, two lone heading-shaped lines between prose that ends a
 * sentence and the body text the second introduces are both headings
 * (a picture's caption may stand between them).
 * Not in books or texts with chapter headings.
 * + "... love their city." / "Get in" / "By plane" / "- Tulsa
 *   International Airport ..." / "- Richard L. Jones ..."
 * - "Ministry of Foreign Affairs" / "Astana" / a paragraph, in an
 *   article with no short heading. */
void text_promote_heading_pairs(text_reader *r)
{
  int i, j, headings = 0;
  if (r->book || r->chapter_seen || r->title_page >= 0)
    return;
  for (i = 0; i < r->nunits; i++)
    headings += r->units[i].kind == K_HEADING && r->units[i].style == STYLE_SHORT;
  if (headings == 0)
    return;
  for (i = 1; i + 1 < r->nunits; i++) {
    text_unit *u = &r->units[i], *v;
    const text_unit *p = &r->units[i - 1];
    int k;
    if (!is_lone_line_paragraph(u) || !is_plain_paragraph(u) || !u->shaped ||
        !text_is_short_line(unit_text(r, u), u->len))
      continue;
    k = text_next_text_unit(r, i); /* past a picture's caption */
    if (k < 0)
      break;
    v = &r->units[k];
    if (!((is_lone_line_paragraph(v) && is_plain_paragraph(v) && v->shaped &&
           text_is_short_line(unit_text(r, v), v->len)) ||
          (v->kind == K_HEADING && v->style == STYLE_SHORT)))
      continue;
    if (!(p->kind == K_PARAGRAPH && !p->shaped && p->terminal) && p->kind != K_HEADING &&
        p->kind != K_CAPTION && !(p->item && p->terminal))
      continue;
    j = text_next_text_unit(r, k);
    if (!text_is_body_after(r, k, j) || text_starts_lowercase(unit_text(r, v), v->len))
      continue;
    u->kind = K_HEADING;
    u->rule = "heading-pair";
    u->style = STYLE_SHORT;
    if (v->kind != K_HEADING) {
      v->kind = K_HEADING;
      v->rule = "heading-pair";
      v->style = STYLE_SHORT;
    }
    i = k;
  }
}

/* Whether unit i is prose: a sentence longer than any heading, no item,
 * break or underline. */
static int is_prose_unit(const text_reader *r, int i)
{
  const text_unit *u;
  if (i < 0 || i >= r->nunits)
    return 0;
  u = &r->units[i];
  return !u->item && !u->brk && !u->setext && u->terminal && u->chars > TEXT_HEADING_MAX_CHARS;
}

/* Whether unit i is a line of its own that is one of the language
 * tables' section names ("Early life", "Understand", "Биография"). */
static int is_section_name_unit(const text_reader *r, int i)
{
  const text_unit *u;
  if (i < 0 || i >= r->nunits)
    return 0;
  u = &r->units[i];
  return u->first == u->last && !u->item && !u->brk && !u->quote && !u->setext &&
         text_lang_is_section_name(unit_text(r, u), u->len);
}

/* The caption-beside-section-heading rule: an encyclopedia article or a
 * travel guide pasted from a web page keeps its pictures' captions as
 * short lines of their own, without a credit, and they stand next to
 * the section headings. A short line without a sentence end
 * (is_caption_shaped) that is no section name is a caption when it
 * stands between prose and a section name ("Daniel Bernoulli" over
 * "Early life"), or right under a section name with prose after it, or
 * with one more short line (that section's first heading) before the
 * prose ("Understand" / "Historic fire station in Księży Młyn area" /
 * "Name and history" / "The origin of ..."). The section name then
 * heads the prose past the caption. Not in books.
 * + "... mathematician." / "Daniel Bernoulli" / "Early life" /
 *   "Frontpage of Hydrodynamica (1738)" / "Daniel Bernoulli was born ..."
 * - "Get in" / "By plane" / "..." (both section names: a section and its
 *   first subsection) */
void text_mark_section_captions(text_reader *r)
{
  int i;
  if (r->book || r->title_page >= 0)
    return;
  /* backwards: a caption under the section name is marked before the
   * line over it asks what the section name heads */
  for (i = r->nunits - 2; i >= 1; i--) {
    text_unit *u = &r->units[i];
    if (u->caption || u->quoted || u->header || !is_caption_shaped(r, i) ||
        is_section_name_unit(r, i))
      continue;
    if (is_section_name_unit(r, i - 1)
            ? is_prose_unit(r, i + 1) ||
                  (is_caption_shaped(r, i + 1) && !is_section_name_unit(r, i + 1) &&
                   is_prose_unit(r, i + 2))
            : is_section_name_unit(r, i + 1) && is_prose_unit(r, i - 1) &&
                  is_prose_unit(r, text_next_text_unit(r, i + 1)))
      u->caption = 2;
  }
}

int text_line_repeats(text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  int k;
  if (r->search_budget < (size_t)r->nunits)
    return 1; /* the search spent: as if repeated (no heading, no caption) */
  r->search_budget -= (size_t)r->nunits;
  for (k = 0; k < r->nunits; k++) {
    const text_unit *v = &r->units[k];
    if (k != i && v->first == v->last && v->len == u->len &&
        memcmp(unit_text(r, v), unit_text(r, u), u->len) == 0)
      return 1;
  }
  return 0;
}

/* Bytes of the text searched for the words of a name line. */
#define NAME_TEXT_SEARCH_BYTES (256 * 1024)

/* Whether a word of unit i (three letters or more) stands in lower case
 * as a word anywhere in the text's first NAME_TEXT_SEARCH_BYTES: then
 * the line is common words in title case ("Modern Olympic Games", the
 * text speaks of "modern Athens"), not a person's name. An office before
 * the name (the tables' office_words) is not looked for. */
static int name_words_in_text(text_reader *r, int i)
{
  const text_unit *u = &r->units[i];
  const char *s = unit_text(r, u);
  size_t tl = r->norm.len < NAME_TEXT_SEARCH_BYTES ? r->norm.len : NAME_TEXT_SEARCH_BYTES;
  size_t a = 0;
  if (r->search_budget < 4 * tl)
    return 1; /* the search spent: as if found (no caption) */
  r->search_budget -= 4 * tl; /* a name line has up to four words */
  {
    /* an office before the name is not asked about ("Mayor Jane Porter",
     * "Prime Minister ...": the text speaks of "the mayor") */
    size_t o = text_lang_list_match(s, u->len, TEXT_LANG_LIST(office_words));
    if (o > 0 && o < u->len && s[o] == ' ')
      a = o + 1;
  }
  return text_words_in_lower_case(s, u->len, a, r->norm.ptr, tl, 0);
}

/* The portrait-caption rule: news pasted from a web page keeps the
 * caption of a portrait, the person's name, as a line of its own between
 * two paragraphs ("... в минувшую пятницу." / "Джастин Теру" / "Объявленный
 * брак ..."). A line that is a name only (text_is_name_line: two to four
 * capitalised words of one script), after a paragraph that ends a
 * sentence and before one that ends a sentence or opens a quotation
 * with a colon, longer than it, is that caption, not a heading: a
 * section is not named after a person alone. Not in capitals, nor when
 * a word of it stands in lower case elsewhere in the text ("Modern
 * Olympic Games": name_words_in_text). Not when the next
 * paragraph opens with the name (a profile: text_is_name_before_bio),
 * when the same line comes again (a speaker over each turn), or in
 * books. */
int text_is_portrait_caption(text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *p, *n;
  const char *s = unit_text(r, u);
  int j;
  size_t bo, bn;
  if (r->book || r->title_page >= 0 || i == 0 || u->first != u->last || u->item ||
      u->quote || u->brk || u->setext || u->dialogue || !text_is_name_line(s, u->len) ||
      text_is_byline(s, u->len, &bo, &bn))
    return 0; /* ("By Jane Roe" between two paragraphs signs the text) */
  p = &r->units[i - 1];
  if (!(p->kind == K_PARAGRAPH || p->kind == K_QUOTE) || p->item || !p->terminal ||
      p->chars <= TEXT_HEADING_MAX_CHARS)
    return 0;
  j = text_next_text_unit(r, i);
  if (j < 0)
    return 0;
  n = &r->units[j];
  if (n->item || n->brk || n->setext || n->chars <= u->chars ||
      !(n->terminal || unit_text(r, n)[n->len - 1] == ':'))
    return 0;
  return !text_is_name_before_bio(r, i, j) && !text_line_repeats(r, i) &&
         !text_is_all_caps_line(s, u->len) && !name_words_in_text(r, i);
}

/* Longest caption, in characters, that the caption-over-credit rule
 * takes: a sentence or two naming what the picture shows. A lede or a
 * paragraph over a picture without a caption of its own is longer. */
#define CAPTION_OVER_CREDIT_MAX_CHARS 200
/* Lines such a caption may be wrapped to. */
#define CAPTION_OVER_CREDIT_MAX_LINES 3

/* The caption-over-credit rule: in text wrapped with no blank line
 * between paragraphs (copied out of a PDF, where caption and credit are
 * set on lines of their own), a short paragraph directly over a photo's
 * credit standing alone is that photo's caption ("Workers at the
 * plant's intake." / "Photo credit: ..."). Not a paragraph longer than a
 * caption (the lede over a photo that has no caption), one opening with
 * a dateline, in lower case or with a colon at its end, nor an item, a
 * quotation or a line of the header. Where each paragraph is a line of
 * its own, a credit on the line under a paragraph is that of a photo
 * without a caption (a caption shares its credit's line there). */
int text_is_caption_over_credit(const text_reader *r, int i)
{
  const text_unit *u = &r->units[i], *c;
  const char *s = unit_text(r, u);
  size_t dl;
  if (!r->dense || i + 1 >= r->nunits || r->book || u->item || u->brk || u->quote || u->setext ||
      u->header || u->dialogue || u->standalone_credit || u->caption_credit ||
      u->last - u->first >= CAPTION_OVER_CREDIT_MAX_LINES ||
      u->chars > CAPTION_OVER_CREDIT_MAX_CHARS || text_starts_lowercase(s, u->len) ||
      s[u->len - 1] == ':' || text_has_dateline(s, u->len, &dl))
    return 0;
  c = &r->units[i + 1];
  return c->standalone_credit && c->first == u->last + 1 && !c->blank_before;
}

/* Finds once, for every unit, whether it is a credit alone or a caption
 * with its credit: the heading and caption rules ask it of a unit many
 * times over (text_unit_is_figure_line through text_next_text_unit), and
 * the credit search is the reader's dearest test. */
void text_mark_credits(text_reader *r)
{
  int i;
  text_credit_starts starts;
  text_lang_credit_starts(&starts); /* once for the document */
  for (i = 0; i < r->nunits; i++) {
    text_unit *u = &r->units[i];
    text_credit_kind k = text_line_credit(unit_text(r, u), u->len, &starts, &u->credit_off);
    u->standalone_credit = k == TEXT_CREDIT_ALONE;
    u->caption_credit = k == TEXT_CREDIT_CAPTION;
  }
}
