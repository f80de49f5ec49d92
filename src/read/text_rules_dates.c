/* text_rules_dates.c: the plain-text reader's rules of dates: date lines
 * (a date, with a time and zone, read to YYYY-MM-DD) and datelines (the
 * place, agency and date opening a news story). Each is bounded as
 * text_rules.c describes. */
#include "text_rules.h"

#include <string.h>

#include "../util/utf8.h"
#include "lang.h"

/* ------------------------------------------------------------------ */
/* Datelines and dates                                                 */
/* ------------------------------------------------------------------ */

/* A month name of any language table (lang.c) at s; Latin names of
 * languages that capitalise months must be capitalised ("may" is a
 * verb). Returns its length and the month 1-12 in *out_month. */
static size_t month_len(const char *s, size_t len, int *out_month)
{
  return text_lang_month(s, len, 1, out_month);
}

/* Digits at s (at most `max`), their value in *out. */
static size_t digits_len(const char *s, size_t len, size_t max, int *out)
{
  size_t n = 0;
  int v = 0;
  while (n < len && n < max && s[n] >= '0' && s[n] <= '9') {
    v = v * 10 + (s[n] - '0');
    n++;
  }
  if (n < len && s[n] >= '0' && s[n] <= '9')
    return 0; /* too many digits */
  *out = v;
  return n;
}

/* A date at s in one of the forms text_is_date_line names (the day may be
 * missing when allow_no_year: "March 3"). Returns its length; y/m/d out
 * (year 0 when not given). */
static size_t date_len(const char *s, size_t len, int allow_no_year, int *y,
                       int *m, int *d)
{
  size_t i = 0, n;
  int a = 0, b = 0, c = 0;
  *y = 0;
  if ((n = month_len(s, len, m)) > 0) {
    /* March 3, 2024 | March 3 2024 | March 3 */
    i = n;
    if (i >= len || s[i] != ' ')
      return 0;
    i++;
    if ((n = digits_len(s + i, len - i, 2, d)) == 0 || *d < 1 || *d > 31)
      return 0;
    i += n;
    if (i + 1 < len && s[i] == ',' && s[i + 1] == ' ')
      n = 2;
    else if (i < len && s[i] == ' ')
      n = 1;
    else
      n = 0;
    if (n && (b = (int)digits_len(s + i + n, len - i - n, 4, &a)) == 4) {
      *y = a;
      return i + n + 4;
    }
    return allow_no_year ? i : 0;
  }
  if ((n = digits_len(s, len, 4, &a)) == 4 && n + 1 < len && s[4] == ' ') {
    /* the year first, with its word: "2019 жылғы 8 наурыз" */
    size_t w = text_lang_list_match(s + 5, len - 5, TEXT_LANG_LIST(year_words)), k;
    if (w == 0 || 5 + w + 1 >= len || s[5 + w] != ' ')
      return 0;
    i = 5 + w + 1;
    if ((n = digits_len(s + i, len - i, 2, d)) == 0 || *d < 1 || *d > 31 || i + n + 1 >= len ||
        s[i + n] != ' ' || (k = month_len(s + i + n + 1, len - i - n - 1, m)) == 0)
      return 0;
    *y = a;
    return i + n + 1 + k;
  }
  if (n == 4 && n + 6 <= len && s[4] == '-') {
    /* 2024-03-03 */
    if (digits_len(s + 5, len - 5, 2, &b) != 2 || len < 10 || s[7] != '-' ||
        digits_len(s + 8, len - 8, 2, &c) != 2)
      return 0;
    *y = a;
    *m = b;
    *d = c;
    return 10;
  }
  if (n >= 1 && n <= 2) {
    i = n;
    if (i + 1 < len && s[i] == '.' && s[i + 1] == ' ')
      i++; /* "8. März 2019" */
    else if (i < len && s[i] == '/') {
      /* 04/03/2024: the day first where a part is over 12 says so
       * (14/03/2024, 03/14/2024); otherwise which is the month is
       * unknown (*m = -1) */
      if (digits_len(s + i + 1, len - i - 1, 2, &b) == 0)
        return 0;
      n = i + 1 + (b > 9 || s[i + 1] == '0' ? 2 : 1);
      if (n >= len || s[n] != '/' || digits_len(s + n + 1, len - n - 1, 4, &c) != 4)
        return 0;
      *y = c;
      *d = a > 12 ? a : b > 12 ? b : 0;
      *m = a > 12 ? b : b > 12 ? a : -1;
      if (*m == -1)
        *d = 1;
      return n + 5;
    } else if (i < len && s[i] == '.') {
      /* 03.03.2024 */
      if (digits_len(s + i + 1, len - i - 1, 2, &b) != 2 || i + 3 >= len ||
          s[i + 3] != '.' || digits_len(s + i + 4, len - i - 4, 4, &c) != 4)
        return 0;
      *d = a;
      *m = b;
      *y = c;
      return i + 8;
    }
    if (i < len && s[i] == ' ') {
      /* 3 March 2024, 8 марта 2019 */
      size_t k = month_len(s + i + 1, len - i - 1, m);
      if (k == 0)
        return 0;
      *d = a;
      i += 1 + k;
      if (i + 5 <= len && s[i] == ' ' && digits_len(s + i + 1, len - i - 1, 4, &c) == 4) {
        *y = c;
        return i + 5;
      }
      return allow_no_year ? i : 0;
    }
  }
  return 0;
}

/* A word of the tables' list `which` at s[i..len), with the ':' and
 * spaces after it. Returns the offset after them, or i. */
static size_t skip_list_word(const char *s, size_t len, size_t i, size_t which)
{
  size_t n = text_lang_list_match(s + i, len - i, which);
  if (n == 0)
    return i;
  i += n;
  if (i < len && (s[i] == ':' || s[i] == ','))
    i++;
  return i + text_skip_spaces(s, len, i);
}

/* A time zone at s: two to five capitals ("GMT", "MSK"), optionally
 * with an offset after a space or none ("GMT +5", "UTC+03:00"). Returns
 * its length, or 0. */
static size_t zone_len(const char *s, size_t len)
{
  size_t i, n, o;
  int v;
  for (i = 0; i < len && i < 5 && s[i] >= 'A' && s[i] <= 'Z'; i++)
    ;
  if (i < 2 || (i < len && !(s[i] == ' ' || s[i] == '+' || s[i] == '-' || s[i] == ')' ||
                             s[i] == ',')))
    return 0;
  n = i + 1 < len && s[i] == ' ' ? i + 1 : i;
  if (n < len && (s[n] == '+' || s[n] == '-') &&
      (o = digits_len(s + n + 1, len - n - 1, 2, &v)) > 0) {
    i = n + 1 + o;
    if (i + 2 < len && s[i] == ':' && digits_len(s + i + 1, len - i - 1, 2, &v) == 2)
      i += 3;
  }
  return i;
}

/* A time at s: H:MM or HH:MM (":SS" optional; "09.14" as British papers
 * print it, before a space, a comma or the end), optionally "am"/"pm" and
 * a zone (zone_len) or an offset alone ("+03:00"). Returns its length,
 * or 0. */
static size_t time_len(const char *s, size_t len)
{
  size_t i, n, z;
  int v;
  if ((i = digits_len(s, len, 2, &v)) == 0 || v > 24 || i >= len ||
      (s[i] != ':' && s[i] != '.'))
    return 0;
  if (digits_len(s + i + 1, len - i - 1, 2, &v) != 2 || v > 59)
    return 0;
  if (s[i] == '.' && i + 3 < len && s[i + 3] != ' ' && s[i + 3] != ',')
    return 0; /* "09.14 GMT" is a time, "21.11.2022" a date */
  i += 3;
  if (i + 2 < len && s[i] == ':' && digits_len(s + i + 1, len - i - 1, 2, &v) == 2)
    i += 3;
  n = i < len && s[i] == ' ' ? i + 1 : i;
  if (text_has_prefix_nocase(s + n, len - n, "a.m.") ||
      text_has_prefix_nocase(s + n, len - n, "p.m."))
    i = n + 4;
  else if ((text_has_prefix_nocase(s + n, len - n, "am") ||
            text_has_prefix_nocase(s + n, len - n, "pm")) &&
           (n + 2 == len || s[n + 2] == ' ' || s[n + 2] == ','))
    i = n + 2;
  if (i + 1 < len && s[i] == ' ' && (z = zone_len(s + i + 1, len - i - 1)) > 0)
    return i + 1 + z; /* "GMT", "GMT +5" */
  n = i + 1 < len && s[i] == ' ' ? i + 1 : i; /* "10:30 +05" */
  if (n < len && (s[n] == '+' || s[n] == '-') && (z = digits_len(s + n + 1, len - n - 1, 2, &v)) > 0) {
    i = n + 1 + z;
    if (i + 2 < len && s[i] == ':' && digits_len(s + i + 1, len - i - 1, 2, &v) == 2)
      i += 3;
  }
  return i;
}

/* A separator between a date and a time: ", ", " ", " | ", " at ", " в ",
 * " - ", " – ". Returns its length at s, or 0. */
static size_t date_time_sep(const char *s, size_t len)
{
  static const char *const seps[] = {", at ", " at ", ", ", " | ", " - ", " \xE2\x80\x93 ",
                                     " \xD0\xB2 ", " / ", " \xE2\x80\xA2 ", " \xC2\xB7 ", " "};
  size_t k;
  for (k = 0; k < sizeof seps / sizeof *seps; k++)
    if (text_has_prefix_nocase(s, len, seps[k]))
      return strlen(seps[k]);
  return 0;
}

/* The units a reading time is counted in, in the languages galley reads
 * ("5 min read", "3 мин", "4 минуты", "2 минут"), lowercase. */
static const char *const reading_time_units[] = {
    "min", "mins", "minute", "minutes", "\xD0\xBC\xD0\xB8\xD0\xBD" /* мин */,
    "\xD0\xBC\xD0\xB8\xD0\xBD." /* мин. */,
    "\xD0\xBC\xD0\xB8\xD0\xBD\xD1\x83\xD1\x82" /* минут */,
    "\xD0\xBC\xD0\xB8\xD0\xBD\xD1\x83\xD1\x82\xD0\xB0" /* минута */,
    "\xD0\xBC\xD0\xB8\xD0\xBD\xD1\x83\xD1\x82\xD1\x8B" /* минуты */, NULL};

/* Words a reading time may have after its unit ("read", "чтения"), and
 * the bytes it takes at most after its separator: a line's tail only is
 * searched, so a long line costs no more than a short one. */
#define READING_TIME_MAX_WORDS 2
#define READING_TIME_MAX_BYTES 48

size_t text_reading_time_tail(const char *s, size_t len)
{
  static const char *const seps[] = {" \xE2\x80\xA2 " /* • */, " \xC2\xB7 " /* · */, " | ",
                                     NULL};
  size_t best = len;
  int k;
  for (k = 0; seps[k]; k++) {
    size_t sl = strlen(seps[k]), at, i, d = 0, u;
    int words = 0;
    for (at = len; at >= sl && at - sl > 0 && len - at <= READING_TIME_MAX_BYTES; at--)
      if (s[at - sl] == ' ' && memcmp(s + at - sl, seps[k], sl) == 0)
        break;
    if (at < sl || at - sl == 0 || len - at > READING_TIME_MAX_BYTES)
      continue;
    i = at;
    while (i < len && s[i] >= '0' && s[i] <= '9' && d < 3)
      i++, d++;
    if (d == 0 || d == 3)
      continue;
    if (i < len && s[i] == ' ')
      i++;
    for (u = i; u < len && s[u] != ' '; u++)
      ;
    if (!text_is_one_of(s + i, u - i, reading_time_units))
      continue;
    for (; u < len; u++)
      words += s[u] == ' ';
    if (words <= READING_TIME_MAX_WORDS && at - sl < best)
      best = at - sl;
  }
  return best;
}

/* A time ago as sites print it instead of a date: a number under 100,
 * a unit, and the word for "ago" ("2 hours ago", "5 минут назад",
 * "3 сағат бұрын"), nothing else. The units and words are the languages'
 * galley reads, lowercase. */
static const char *const ago_units[] = {
    "min", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs", "day", "days",
    "\xD0\xBC\xD0\xB8\xD0\xBD" /* мин */, "\xD0\xBC\xD0\xB8\xD0\xBD." /* мин. */,
    "\xD0\xBC\xD0\xB8\xD0\xBD\xD1\x83\xD1\x82" /* минут */,
    "\xD0\xBC\xD0\xB8\xD0\xBD\xD1\x83\xD1\x82\xD1\x83" /* минуту */,
    "\xD0\xBC\xD0\xB8\xD0\xBD\xD1\x83\xD1\x82\xD1\x8B" /* минуты */,
    "\xD1\x87\xD0\xB0\xD1\x81" /* час */, "\xD1\x87\xD0\xB0\xD1\x81\xD0\xB0" /* часа */,
    "\xD1\x87\xD0\xB0\xD1\x81\xD0\xBE\xD0\xB2" /* часов */,
    "\xD0\xB4\xD0\xB5\xD0\xBD\xD1\x8C" /* день */, "\xD0\xB4\xD0\xBD\xD1\x8F" /* дня */,
    "\xD0\xB4\xD0\xBD\xD0\xB5\xD0\xB9" /* дней */,
    "\xD1\x81\xD0\xB0\xD2\x93\xD0\xB0\xD1\x82" /* сағат */, "\xD0\xBA\xD2\xAF\xD0\xBD" /* күн */,
    NULL};
static const char *const ago_words[] = {"ago", "\xD0\xBD\xD0\xB0\xD0\xB7\xD0\xB0\xD0\xB4" /* назад */,
                                        "\xD0\xB1\xD2\xB1\xD1\x80\xD1\x8B\xD0\xBD" /* бұрын */,
                                        NULL};

static int is_time_ago(const char *s, size_t len)
{
  size_t i = 0, a;
  while (i < len && i < 2 && s[i] >= '0' && s[i] <= '9')
    i++;
  if (i == 0 || i >= len || s[i] != ' ')
    return 0;
  a = ++i;
  while (i < len && s[i] != ' ')
    i++;
  if (!text_is_one_of(s + a, i - a, ago_units) || i >= len)
    return 0;
  a = i + 1;
  return text_is_one_of(s + a, len - a, ago_words);
}

/* text_is_date_line for one date (and its time) alone. */
static int one_date(const char *s, size_t len, char out_iso[11])
{
  size_t i = 0, n, t, w;
  int y = 0, m = 0, d = 0, worded;
  out_iso[0] = '\0';
  if (is_time_ago(s, len))
    return 1; /* "2 hours ago": a date line that gives no date */
  i = skip_list_word(s, len, 0, TEXT_LANG_LIST(date_words));
  worded = i > 0;
  if (worded && is_time_ago(s + i, len - i))
    return 1; /* "Updated 2 hours ago" */
  w = skip_list_word(s, len, i, TEXT_LANG_LIST(relative_days));
  if (w > i) {
    /* "Сегодня, 10:15", "Yesterday at 18:30": a time must follow */
    if (w < len && (n = date_time_sep(s + w - 1, len - w + 1)) > 0 && s[w - 1] == ' ')
      w += n - 1; /* "at " after the day */
    t = time_len(s + w, len - w);
    return t > 0 && w + t == len;
  }
  w = skip_list_word(s, len, i, TEXT_LANG_LIST(weekdays));
  if (w > i)
    i = w; /* "Monday, March 3, 2024" */
  if ((t = time_len(s + i, len - i)) > 0) {
    /* "10:42 GMT", "09:40, 3 March 2025": a time first */
    i += t;
    if (i == len)
      return worded; /* a time alone only after "Published" */
    if ((n = date_time_sep(s + i, len - i)) == 0)
      return 0;
    i += n;
    i = skip_list_word(s, len, i, TEXT_LANG_LIST(weekdays));
    t = 1;
  }
  n = date_len(s + i, len - i, 0, &y, &m, &d);
  if (n == 0 || m == 0 || m > 12 || d < 1 || d > 31 || y < 1000)
    return 0;
  i += n;
  /* "2019 г.", "2019 ж.", "2019 года" */
  if (i + 1 < len && s[i] == ' ' &&
      (n = text_lang_list_match(s + i + 1, len - i - 1, TEXT_LANG_LIST(year_words))) > 0)
    i += 1 + n;
  if (i < len && t == 0 && (n = date_time_sep(s + i, len - i)) > 0 &&
      (t = time_len(s + i + n, len - i - n)) > 0)
    i += n + t; /* "03.11.2025, 09:40" */
  if (i < len && t > 0 && (n = date_time_sep(s + i, len - i)) > 0 &&
      (w = zone_len(s + i + n, len - i - n)) > 0)
    i += n + w; /* "11:17, 30 Qańtar 2026 | GMT +5" */
  if (i + 1 == len && s[i] == '.' && s[i - 1] >= '0' && s[i - 1] <= '9')
    i++; /* "OCTOBER 2, 1886.": a full stop after the year, as older print set it */
  if (i != len)
    return 0;
  if (m < 0)
    return 1; /* "04/03/2024": a date, but which month is unknown */
  out_iso[0] = (char)('0' + y / 1000);
  out_iso[1] = (char)('0' + y / 100 % 10);
  out_iso[2] = (char)('0' + y / 10 % 10);
  out_iso[3] = (char)('0' + y % 10);
  out_iso[4] = '-';
  out_iso[5] = (char)('0' + m / 10);
  out_iso[6] = (char)('0' + m % 10);
  out_iso[7] = '-';
  out_iso[8] = (char)('0' + d / 10);
  out_iso[9] = (char)('0' + d % 10);
  out_iso[10] = '\0';
  return 1;
}

/* Separators between a date line's first date and a second one that a
 * date word opens ("Published: 4 March 2024 | Updated: 5 March 2024",
 * "Published 4 March 2024, last updated 5 March 2024", "March 5, 2024
 * 12:30 PM GMT+5 Updated 2 hours ago"). */
static const char *const second_date_seps[] = {" | ", ", ", " \xE2\x80\xA2 ", " \xC2\xB7 ",
                                               " ", NULL};

int text_is_date_word_line(const char *s, size_t len)
{
  while (len > 0 && s[len - 1] == ' ')
    len--;
  return len > 0 && skip_list_word(s, len, 0, TEXT_LANG_LIST(date_words)) == len;
}

int text_is_date_line(const char *s, size_t len, char out_iso[11])
{
  size_t i;
  int k;
  char iso2[11];
  len = text_reading_time_tail(s, len); /* "4 March 2024 • 3 min read" */
  if (len > 80)
    return 0;
  if (one_date(s, len, out_iso))
    return 1;
  for (k = 0; second_date_seps[k]; k++) {
    size_t sl = strlen(second_date_seps[k]);
    for (i = 1; i + sl < len; i++) {
      size_t a = i + sl, w;
      if (memcmp(s + i, second_date_seps[k], sl) != 0)
        continue;
      w = skip_list_word(s, len, a, TEXT_LANG_LIST(date_words)); /* "last updated" */
      if (w > a && one_date(s + a, len - a, iso2) && one_date(s, i, out_iso))
        return 1;
    }
  }
  out_iso[0] = '\0';
  return 0;
}

/* An ALL-CAPS word of a place at s[i..len): capitals and . - ’ '; ends at
 * a space, a comma, a parenthesis or the end. Returns its length and the
 * number of letters in *out_letters; 0 if not such a word. The Latin
 * Kazakh digraphs sh, ch and zh keep their small h when a transliteration
 * sets a word in capitals ("TAShKENT", "ShYMKENT"): an h between S, C or
 * Z and a capital counts as a capital. */
static size_t caps_word_len(const char *s, size_t len, size_t i, int *out_letters)
{
  size_t start = i;
  int letters = 0;
  while (i < len) {
    int32_t cp, next = 0;
    size_t n = text_next_cp(s, len, i, &cp);
    if (text_is_space(cp) || cp == ',' || cp == '(')
      break;
    if (cp == 'h' && i > start && (s[i - 1] == 'S' || s[i - 1] == 'C' || s[i - 1] == 'Z') &&
        i + 1 < len)
      text_next_cp(s, len, i + 1, &next);
    if (galley_utf8_is_upper(cp) || (next && galley_utf8_is_upper(next)))
      letters++;
    else if (cp == '/' && i > start && i + 1 < len && (text_next_cp(s, len, i + 1, &next),
                                                       galley_utf8_is_upper(next)))
      ; /* two places of one story: "ASTANA/MOSCOW" */
    else if (!(cp == '.' || cp == '-' || cp == '\'' || cp == 0x2019))
      return 0;
    i += n;
  }
  *out_letters = letters;
  return letters > 0 ? i - start : 0;
}

/* A capitalised region word ("Kazakhstan", "Calif.") at s[i..len). */
static size_t region_word_len(const char *s, size_t len, size_t i)
{
  size_t start = i;
  int32_t cp;
  size_t n;
  if (i >= len)
    return 0;
  n = text_next_cp(s, len, i, &cp);
  if (!galley_utf8_is_upper(cp))
    return 0;
  i += n;
  while (i < len) {
    n = text_next_cp(s, len, i, &cp);
    if (text_is_space(cp) || cp == ',' || cp == '(')
      break;
    if (!(galley_utf8_is_letter(cp) || cp == '.' || cp == '-'))
      return 0;
    i += n;
  }
  return i - start;
}

/* The dash separating a dateline from the text at s[i..): spaces, a dash
 * (– — ― - or --), a space. Returns the offset after it, or 0. */
static size_t dateline_dash_end(const char *s, size_t len, size_t i)
{
  int32_t cp;
  size_t sp = text_skip_spaces(s, len, i), n;
  if (sp == 0 || i + sp >= len)
    return 0;
  i += sp;
  n = text_next_cp(s, len, i, &cp);
  if (!(cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == '-'))
    return 0;
  i += n;
  if (cp == '-' && i < len && s[i] == '-')
    i++;
  sp = text_skip_spaces(s, len, i);
  if (sp == 0 || i + sp >= len)
    return 0;
  return i + sp;
}

/* The English wire dateline of text_has_dateline. */
static int has_wire_dateline(const char *s, size_t len, size_t *out_len)
{
  size_t i = 0, n, end, lim = len < TEXT_DATELINE_MAX_BYTES ? len : TEXT_DATELINE_MAX_BYTES;
  int words = 0, letters, first_letters = 0, parts = 0, y, m, d;
  /* the place: one to four ALL-CAPS words */
  for (;;) {
    n = caps_word_len(s, lim, i, &letters);
    if (n == 0 || letters < 2)
      break;
    if (words == 0)
      first_letters = letters;
    words++;
    i += n;
    if (words == 4 || i + 1 >= lim || s[i] != ' ')
      break;
    if (caps_word_len(s, lim, i + 1, &letters) == 0 || letters < 2)
      break;
    i++;
  }
  if (words == 0 || (words == 1 && first_letters < 3))
    return 0;
  end = i;
  /* ", Region" / ", DATE", at most twice */
  while (parts < 2 && i + 2 < lim && s[i] == ',' && s[i + 1] == ' ') {
    size_t j = i + 2;
    if ((n = date_len(s + j, lim - j, 1, &y, &m, &d)) > 0) {
      j += n;
    } else if ((n = caps_word_len(s, lim, j, &letters)) > 0 && letters >= 2) {
      j += n;
    } else if ((n = region_word_len(s, lim, j)) > 0) {
      j += n;
      if (j + 1 < lim && s[j] == ' ' && (n = region_word_len(s, lim, j + 1)) > 0 &&
          dateline_dash_end(s, len, j + 1 + n))
        j += 1 + n; /* two words: "New Jersey" */
    } else {
      break;
    }
    i = end = j;
    parts++;
  }
  /* " (AP)", " /PRNewswire/" */
  if (i + 2 < lim && s[i] == ' ' && (s[i + 1] == '(' || s[i + 1] == '/')) {
    size_t j = i + 2, close = 0;
    char closer = s[i + 1] == '(' ? ')' : '/';
    int32_t cp;
    text_next_cp(s, lim, j, &cp);
    if (galley_utf8_is_upper(cp)) {
      for (; j < lim && j < i + 40; j++)
        if (s[j] == closer) {
          close = j;
          break;
        } else if (s[j] == '(' || (closer == '/' && s[j] == ' ')) {
          break; /* ("(Associated Press)" has a space, "/PRNewswire/" none) */
        }
    }
    if (close)
      i = end = close + 1;
  }
  if (!dateline_dash_end(s, len, end))
    return 0;
  *out_len = end;
  return 1;
}

/* Words of an agency at s[i..len): one to three words that start with a
 * capital (КАЗИНФОРМ, Kazinform, РИА Новости), each of letters, digits,
 * '-' '.' '&'; a word ends at a space or at the pattern's next literal
 * character `stop`. Writes the ends of each word to ends[] and returns
 * how many words there are (at most 3). */
static int agency_words(const char *s, size_t len, size_t i, char stop, size_t ends[3])
{
  int words = 0;
  while (words < 3 && i < len) {
    int32_t cp;
    size_t n = text_next_cp(s, len, i, &cp);
    if (!text_is_capital(cp) && !text_is_digit(cp))
      break;
    i += n;
    while (i < len) {
      n = text_next_cp(s, len, i, &cp);
      if (text_is_space(cp) || (stop && cp == (int32_t)(unsigned char)stop))
        break;
      if (!(galley_utf8_is_letter(cp) || text_is_digit(cp) || cp == '-' || cp == '&' ||
            (cp == '.' && stop != '.')))
        return words;
      i += n;
    }
    ends[words++] = i;
    if (i >= len || s[i] != ' ')
      break;
    i++;
  }
  return words;
}

/* Matches pattern p (text_has_agency_dateline) at s[i..len). Returns 1
 * and the end of the dateline (before a final dash) in *out_end. */
static int match_dateline(const char *s, size_t len, size_t i, const char *p,
                          size_t *out_end)
{
  int letters, y, m, d, k, words;
  size_t n, ends[3];
  for (; *p; p++) {
    switch (*p) {
    case 'P': /* a place: one to four ALL-CAPS words ("НУР-СУЛТАН") */
      for (words = 0; words < 4;) {
        n = caps_word_len(s, len, i, &letters);
        if (n > 0 && s[i + n - 1] == '.')
          n--; /* "АСТАНА." ends the place */
        if (n == 0 || letters < 2)
          break;
        words++;
        if (words == 1 && letters < 3 && (i + n >= len || s[i + n] != ' '))
          return 0;
        i += n;
        if (!(i + 1 < len && s[i] == ' ' && caps_word_len(s, len, i + 1, &letters) > 0 &&
              letters >= 2))
          break;
        i++;
      }
      if (words == 0 || (i > 0 && s[i - 1] == ' '))
        return 0;
      break;
    case 'C': /* a place in title case, one or two words ("Астана", "Усть-Каменогорск") */
      for (words = 0; words < 2;) {
        int32_t cp;
        size_t j = i;
        n = text_next_cp(s, len, j, &cp);
        if (j >= len || !galley_utf8_is_upper(cp))
          break;
        j += n;
        letters = 1;
        while (j < len) {
          int32_t before = cp;
          n = text_next_cp(s, len, j, &cp);
          if (!(galley_utf8_is_letter(cp) || cp == '-'))
            break;
          if (galley_utf8_is_upper(cp) && before != '-')
            return 0; /* title case only: "Усть-Каменогорск", not "BІShkek" */
          letters++;
          j += n;
        }
        if (letters < 3)
          break;
        words++;
        i = j;
        if (!(i + 1 < len && s[i] == ' ' && (text_next_cp(s, len, i + 1, &cp), galley_utf8_is_upper(cp))))
          break;
        if (p[1] == ' ' || p[1] == '\0')
          break; /* the next word is the pattern's */
        i++;
      }
      if (words == 0 || s[i - 1] == ' ')
        return 0;
      break;
    case 'K': /* an agency of the tables' agency_names */
      n = text_lang_list_match(s + i, len - i, TEXT_LANG_LIST(agency_names));
      if (n == 0)
        return 0;
      i += n;
      break;
    case 'D': /* a day and a month: "5 декабря", "May 14" */
      n = date_len(s + i, len - i, 1, &y, &m, &d);
      if (n == 0)
        return 0;
      i += n;
      break;
    case 'A': /* an agency; try each length against the rest */
      words = agency_words(s, len, i, p[1] == ' ' ? 0 : p[1], ends);
      for (k = 0; k < words; k++)
        if (match_dateline(s, len, ends[k], p + 1, out_end))
          return 1;
      return 0;
    case ' ':
      if (i >= len || s[i] != ' ')
        return 0;
      i++;
      break;
    case '-':
      /* the dateline ends before the dash */
      {
        size_t e = i;
        while (e > 0 && s[e - 1] == ' ')
          e--;
        if (!dateline_dash_end(s, len, e))
          return 0;
        *out_end = e;
        return p[1] == '\0';
      }
    default:
      if (i >= len || s[i] != *p)
        return 0;
      i++;
      break;
    }
  }
  /* a pattern that does not end in a dash ends at text: a space, then
   * a word */
  if (i + 1 >= len || s[i] != ' ' || s[i + 1] == ' ')
    return 0;
  *out_end = i;
  return 1;
}

/* The bytes a dateline's dash or slash may lie within (before the
 * spaces that may follow them, for the wire shape's dash). */
#define DATELINE_SCAN_BYTES                                                                    \
  (TEXT_DATELINE_MAX_BYTES > TEXT_AGENCY_DATELINE_MAX_BYTES ? TEXT_DATELINE_MAX_BYTES            \
                                                            : TEXT_AGENCY_DATELINE_MAX_BYTES)

static int is_ascii_alnum(unsigned char c)
{
  return (c >= '0' && c <= '9') || galley_is_ascii_letter(c);
}

/* Whether s has a dash (U+002D, U+2013 to U+2015) not after a letter or
 * digit, or a slash, within DATELINE_SCAN_BYTES or the run of spaces
 * going on past them: every dateline has one (the wire shape and every
 * agency pattern end in a spaced dash, dateline_dash_end, or hold
 * "/AGENCY/": a test holds the tables to it). A paragraph without one,
 * most of them, is ruled out a byte at a time, not pattern by pattern:
 * after a first dateline, every paragraph is asked. */
static int may_hold_dateline(const char *s, size_t len)
{
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    int dash = c == '-' || (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                            (unsigned char)s[i + 2] >= 0x93 && (unsigned char)s[i + 2] <= 0x95);
    if (c == '/' || (dash && !(i > 0 && is_ascii_alnum((unsigned char)s[i - 1]))))
      return 1;
    if (i >= DATELINE_SCAN_BYTES) {
      int32_t cp;
      size_t n = text_next_cp(s, len, i, &cp);
      if (!text_is_space(cp))
        return 0;
      i += n;
    } else {
      i++;
    }
  }
  return 0;
}

static int agency_dateline(const char *s, size_t len, size_t *out_len)
{
  size_t lim = len < TEXT_AGENCY_DATELINE_MAX_BYTES ? len : TEXT_AGENCY_DATELINE_MAX_BYTES;
  int l, k;
  for (l = 0; text_langs[l]; l++)
    for (k = 0; text_langs[l]->dateline_patterns && text_langs[l]->dateline_patterns[k]; k++) {
      size_t end;
      /* matched within the first lim bytes, so a long line costs no more */
      if (match_dateline(s, lim, 0, text_langs[l]->dateline_patterns[k], &end)) {
        *out_len = end;
        return 1;
      }
    }
  return 0;
}

int text_has_agency_dateline(const char *s, size_t len, size_t *out_len)
{
  return may_hold_dateline(s, len) && agency_dateline(s, len, out_len);
}

int text_has_dateline(const char *s, size_t len, size_t *out_len)
{
  return may_hold_dateline(s, len) &&
         (has_wire_dateline(s, len, out_len) || agency_dateline(s, len, out_len));
}

int text_is_byline_word_line(const char *s, size_t len)
{
  size_t n = text_lang_list_match(s, len, TEXT_LANG_LIST(byline_words));
  return n > 0 && n == len;
}

int text_is_author_line(const char *s, size_t len)
{
  size_t end = len;
  if (end > 2 && s[end - 1] == ')') {
    /* " (1817)", " (1775-1817)" */
    size_t open = end - 1;
    while (open > 0 && s[open] != '(' && end - open <= 16)
      open--;
    if (s[open] != '(' || open == 0 || end - open < 6 || end - open > 16)
      return 0;
    {
      size_t j;
      int digits = 0;
      for (j = open + 1; j < end - 1; j++)
        if (s[j] >= '0' && s[j] <= '9')
          digits++;
        else if (!(s[j] == '-' || s[j] == ' ' || (unsigned char)s[j] >= 0x80))
          return 0;
      if (digits < 4)
        return 0;
    }
    end = open;
    while (end > 0 && s[end - 1] == ' ')
      end--;
  }
  return text_is_name_line(s, end);
}

int text_is_time_line(const char *s, size_t len)
{
  size_t n, k;
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
    len--;
  if ((n = time_len(s, len)) != len)
    return 0;
  for (k = 0; k < len; k++)
    if ((s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= 'a' && s[k] <= 'z'))
      return 1; /* "12:18 A.M. EDT", "4:05 pm" */
  return 0;     /* "12:18" alone may be anything */
}
