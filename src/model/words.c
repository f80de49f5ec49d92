/* words.c: the byline and date words of the title block, one table row
 * per language (the primary subtag of dc:language), English for any
 * language not in the table. */
#include <string.h>

#include "../util/langtag.h"
#include "words.h"

typedef struct words_row {
  const char *lang;       /* primary language subtag, lower case */
  const char *by;         /* before the names: "By ", or "" for names alone */
  const char *and_word;   /* between the last two names: " and " */
  const char *date;       /* %d day, %m month name, %y year; the rest as is */
  const char *first_day;  /* the 1st of a month when not "1" ("1er"), or NULL */
  const char *months[12]; /* as the date form needs them (genitive in ru) */
} words_row;

static const words_row rows[] = {
    {"en", "By ", " and ", "%d %m %y", NULL,
     {"January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December"}},
    {"ru", "", " и ", "%d %m %y г.", NULL,
     {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
      "сентября", "октября", "ноября", "декабря"}},
    {"kk", "", " және ", "%y жылғы %d %m", NULL,
     {"қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
      "қыркүйек", "қазан", "қараша", "желтоқсан"}},
    {"uk", "", " і ", "%d %m %y р.", NULL,
     {"січня", "лютого", "березня", "квітня", "травня", "червня", "липня",
      "серпня", "вересня", "жовтня", "листопада", "грудня"}},
    {"be", "", " і ", "%d %m %y г.", NULL,
     {"студзеня", "лютага", "сакавіка", "красавіка", "мая", "чэрвеня", "ліпеня",
      "жніўня", "верасня", "кастрычніка", "лістапада", "снежня"}},
    {"de", "Von ", " und ", "%d. %m %y", NULL,
     {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
      "September", "Oktober", "November", "Dezember"}},
    {"fr", "Par ", " et ", "%d %m %y", "1er",
     {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
      "septembre", "octobre", "novembre", "décembre"}},
    {"es", "Por ", " y ", "%d de %m de %y", NULL,
     {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
      "septiembre", "octubre", "noviembre", "diciembre"}},
    {"it", "Di ", " e ", "%d %m %y", NULL,
     {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
      "agosto", "settembre", "ottobre", "novembre", "dicembre"}},
    {"pt", "Por ", " e ", "%d de %m de %y", NULL,
     {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
      "agosto", "setembro", "outubro", "novembro", "dezembro"}},
};

/* The row of the language tag's primary subtag ("ru-RU" is "ru"), in any
 * case; English's when none matches. */
static const words_row *lookup(const char *lang)
{
  size_t i;
  for (i = 0; i < sizeof rows / sizeof *rows; i++)
    if (galley_langtag_is(lang, rows[i].lang))
      return &rows[i];
  return &rows[0];
}

void galley_words_put_byline(galley_buf *out, const char *lang,
                             const char *const *names, int count)
{
  const words_row *w = lookup(lang);
  int i;
  galley_buf_puts(out, w->by);
  for (i = 0; i < count; i++) {
    if (i > 0)
      galley_buf_puts(out, i == count - 1 ? w->and_word : ", ");
    galley_buf_puts(out, names[i]);
  }
}

static int is_digits(const char *s, int n)
{
  int i;
  for (i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return 0;
  return 1;
}

void galley_words_put_date(galley_buf *out, const char *lang, const char *date)
{
  const words_row *w = lookup(lang);
  const char *f;
  int month, day;
  /* only YYYY-MM-DD, a real month and a day it can have (29 February
   * is not checked against the year: the date is shown, not computed) */
  static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (!date || strlen(date) != 10 || !is_digits(date, 4) || date[4] != '-' ||
      !is_digits(date + 5, 2) || date[7] != '-' || !is_digits(date + 8, 2)) {
    galley_buf_puts(out, date ? date : "");
    return;
  }
  month = (date[5] - '0') * 10 + (date[6] - '0');
  day = (date[8] - '0') * 10 + (date[9] - '0');
  if (month < 1 || month > 12 || day < 1 || day > days[month - 1]) {
    galley_buf_puts(out, date);
    return;
  }
  for (f = w->date; *f; f++) {
    if (f[0] != '%' || !f[1]) {
      galley_buf_putc(out, *f);
      continue;
    }
    f++;
    if (*f == 'd') {
      if (day == 1 && w->first_day)
        galley_buf_puts(out, w->first_day);
      else
        galley_buf_printf(out, "%d", day);
    } else if (*f == 'm') {
      galley_buf_puts(out, w->months[month - 1]);
    } else if (*f == 'y') {
      galley_buf_put(out, date, 4);
    }
  }
}
