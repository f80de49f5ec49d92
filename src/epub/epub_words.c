/* epub_words.c: the words the EPUB writer adds to a book itself, the
 * navigation document's headings and landmarks and the fallbacks for a
 * missing title or heading text, one row a language. A book in Russian
 * gets a contents list headed "Содержание"; a language not listed here
 * falls back to English. The row is chosen by the book's dc:language. */
#include <string.h>

#include "../util/langtag.h"
#include "epub_private.h"

static const epub_words words[] = {
    /* the first row is the fallback; the columns are those of
     * epub_words, in order */
    {"en", "Contents", "Landmarks", "Table of Contents", "Start of Content",
     "Section", "Untitled",
     "Cover", "Title Page"},
    {"ru", "Содержание", "Ориентиры", "Оглавление", "Начало текста", "Раздел",
     "Без названия",
     "Обложка", "Титульный лист"},
    {"kk", "Мазмұны", "Бағдарлар", "Мазмұны", "Мәтіннің басы", "Бөлім",
     "Атаусыз",
     "Мұқаба", "Титул парағы"},
    {"uk", "Зміст", "Орієнтири", "Зміст", "Початок тексту", "Розділ",
     "Без назви",
     "Обкладинка", "Титульна сторінка"},
    {"be", "Змест", "Арыенціры", "Змест", "Пачатак тэксту", "Раздзел",
     "Без назвы",
     "Вокладка", "Тытульны ліст"},
    {"de", "Inhalt", "Orientierungspunkte", "Inhaltsverzeichnis",
     "Beginn des Textes", "Abschnitt", "Ohne Titel",
     "Umschlag", "Titelseite"},
    {"fr", "Table des matières", "Repères", "Table des matières",
     "Début du texte", "Section", "Sans titre",
     "Couverture", "Page de titre"},
    {"es", "Índice", "Puntos de referencia", "Índice", "Inicio del texto",
     "Sección", "Sin título",
     "Cubierta", "Portada"},
    {"it", "Indice", "Punti di riferimento", "Indice", "Inizio del testo",
     "Sezione", "Senza titolo",
     "Copertina", "Frontespizio"},
    {"pt", "Sumário", "Pontos de referência", "Sumário", "Início do texto",
     "Seção", "Sem título",
     "Capa", "Folha de rosto"},
};

const epub_words *epub_words_lookup(const char *language)
{
  size_t k;
  for (k = 0; k < sizeof words / sizeof *words; k++)
    if (galley_langtag_is(language, words[k].language))
      return &words[k];
  return &words[0];
}
