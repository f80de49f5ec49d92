/* lang.c: the reader's word tables, one per language (see lang.h), and
 * the lookups that search them all. To add a language, add a table and
 * list it in text_langs; no rule changes. */
#include "lang.h"

#include <string.h>

#include "../util/utf8.h"

/* ------------------------------------------------------------------ */
/* English                                                             */
/* ------------------------------------------------------------------ */

static const char *const en_weekdays[] = {"monday", "tuesday", "wednesday", "thursday",
                                          "friday", "saturday", "sunday", "mon.", "tue.",
                                          "wed.", "thu.", "fri.", "sat.", "sun.", "mon",
                                          "tue", "tues", "wed", "thu", "thurs", "fri", "sat",
                                          "sun", NULL};
static const char *const en_date_words[] = {
    "published", "published on", "updated", "updated on", "posted", "posted on",
    "last updated", "last updated on", "first published", "first published on",
    "last modified", "date", NULL};
static const char *const en_byline_words[] = {"by", "written by", "words by", "story by",
                                              "reporting by", "author:", "authors:", NULL};
static const text_credit_label en_credit_labels[] = {
    {"photo credits:", 0},    {"photo credit:", 0},    {"image credits:", 0},
    {"image credit:", 0},     {"picture credits:", 0}, {"picture credit:", 0},
    {"photo courtesy of", 0}, {"photo courtesy:", 0},  {"image courtesy of", 0},
    {"photography:", 0},      {"photographs:", 0},     {"photograph:", 0},
    {"illustration:", 0},     {"pictures:", 0},        {"picture:", 0},
    {"photos:", 0},           {"photo:", 0},           {"images:", 0},
    {"image:", 0},            {"credits:", 0},         {"credit:", 0},
    {"photograph by", 0},     {"photos by", 0},        {"photo by", 0},
    {"image by", 0},          {"image source,", 0},    {"image source:", 0},
    {"ap photo/", TEXT_CREDIT_SHORT_NAME}, {"reuters/", TEXT_CREDIT_SHORT_NAME},
    {"source:", TEXT_CREDIT_GENERIC},
    {"courtesy:", TEXT_CREDIT_GENERIC}, {NULL, 0}};
static const char *const en_credit_lines[] = {NULL};
/* The English dateline ("WASHINGTON (AP) —") has a rule of its own
 * (text_has_dateline); this shape is the agency written after a full
 * stop, as Kazakh agencies print their English service. */
static const char *const en_dateline_patterns[] = {"P. A -", "C, D (K) -", "C (K) -", NULL};

static const char *const en_and_words[] = {"and", NULL};
static const char *const en_saying_words[] = {
    "reads", "read", "states", "stated", "says", "said", "declares", "declared",
    "wrote", "writes", "added", NULL};
static const char *const en_rights_words[] = {"all rights reserved", NULL};
static const char *const en_end_words[] = {"end of", NULL};

static const char *const en_contributor_words[] = {
    "translated by", "translated from the", "translated from", "illustrated by",
    "with illustrations by", "illustrations by", "edited by", "with an introduction by", NULL};
static const char *const en_clause_words[] = {"i", "you", "he", "she", "it", "we", "they", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could", "should", "may", "must", "do", "does", "did", "not", "no", "this", "there", "said", "says", NULL};
static const char *const en_clause_endings[] = {"ed", NULL};
static const char *const en_section_names[] = {
    "introduction", "background", "abstract", "summary", "overview", "history",
    "early life", "early years", "early life and education", "life", "biography", "career",
    "personal life", "death", "later life", "legacy", "works", "selected works",
    "bibliography", "references", "notes", "see also", "external links", "further reading",
    "sources", "methods", "materials and methods", "results", "discussion", "conclusion",
    "conclusions", "acknowledgements", "acknowledgments", "understand", "get in",
    "get around", "see", "do", "buy", "eat", "drink", "sleep", "stay safe", "connect",
    "go next", "by plane", "by train", "by car", "by bus", "by boat", "by bicycle",
    "on foot", "climate", "geography", "economy", "demographics", "education", "culture",
    "politics", "awards", "filmography", "discography", NULL};
static const char *const en_figure_labels[] = {"figure", "fig.", "table", "extract", "example", "plate", "map", "chart", "diagram", NULL};
static const char *const en_office_words[] = {"president", "prime minister", "minister", "ambassador", "mayor", "governor", "senator", "professor", "dr.", "director", "chairman", "secretary", "general", "judge", "king", "queen", "prince", "princess", "pope", NULL};
static const char *const en_caption_labels[] = {"image caption,", "media caption,",
                                               "video caption,", "pictured:", NULL};
static const char *const en_newsroom_words[] = {
    "news", "correspondent", "reporter", "editor", "writer", "staff", "agency", "bureau",
    "desk", "service", "times", "post", "press", "tribune", "journal", "herald", "daily",
    "weekly", "magazine", "radio", "television", "tv", "reuters", "contributor",
    "columnist", NULL};
static const char *const en_agency_names[] = {"kazinform", "kaztag", "reuters", "tass",
                                             "interfax", NULL};
static const char *const en_relative_days[] = {"today", "yesterday", NULL};
static const char *const en_furniture_words[] = {
    "advertisement", "skip advertisement", "advertisement - scroll to continue",
    "scroll to continue",
    "sponsored", "sponsored content", "read more", "read more here", "read next",
    "read also", "also read", "see also", "related", "related articles", "related stories",
    "related content", "more on this story", "share", "share this", "share this article",
    "share this story", "continue reading", "continue reading below",
    "story continues below", "article continues below", "subscribe",
    "sign up", "supported by", "most read", "top stories", "recommended", "tags", "topics",
    "listen to this article", "listen to article", "print this article", "save",
    "save article", "save this article", "print", "editor's note", "editor\u2019s note",
    "editors' note", "editors\u2019 note",
    "for immediate release", "immediate release", "press release", "news release",
    /* (a number in a line is matched as '#': text_is_furniture_line) */
    "this article is more than # years old", "this article is more than # year old",
    "this article is more than # months old", "this article is more than # month old",
    "# min read", "# minute read", NULL};
static const text_lang lang_en = {
    "en",
    {{"january", "jan", NULL}, {"february", "feb", NULL}, {"march", "mar", NULL},
     {"april", "apr", NULL}, {"may", NULL}, {"june", "jun", NULL},
     {"july", "jul", NULL}, {"august", "aug", NULL}, {"september", "sept", "sep", NULL},
     {"october", "oct", NULL}, {"november", "nov", NULL}, {"december", "dec", NULL}},
    en_weekdays, en_date_words, NULL, en_byline_words, en_credit_labels,
    en_credit_lines, en_dateline_patterns, en_and_words, en_saying_words,
    en_end_words, en_rights_words, en_contributor_words, en_clause_words, en_clause_endings,
    en_section_names, en_figure_labels, en_office_words, en_caption_labels,
    en_newsroom_words, en_agency_names, en_relative_days, en_furniture_words};

/* ------------------------------------------------------------------ */
/* Russian                                                             */
/* ------------------------------------------------------------------ */

static const char *const ru_weekdays[] = {"понедельник", "вторник", "среда", "четверг",
                                          "пятница", "суббота", "воскресенье", NULL};
static const char *const ru_date_words[] = {"опубликовано", "обновлено", "дата публикации",
                                            "дата", "изменено", NULL};
static const char *const ru_year_words[] = {"года", "год", "г.", "г", NULL};
static const char *const ru_byline_words[] = {"автор:", "авторы:", "текст:", NULL};
static const text_credit_label ru_credit_labels[] = {
    {"фото:", TEXT_CREDIT_LOWER_NAME},        {"фотографии:", TEXT_CREDIT_LOWER_NAME},
    {"фотография:", TEXT_CREDIT_LOWER_NAME},  {"коллаж:", TEXT_CREDIT_LOWER_NAME},
    {"иллюстрация:", TEXT_CREDIT_LOWER_NAME}, {"скриншот:", TEXT_CREDIT_LOWER_NAME},
    {"источник фото:", TEXT_CREDIT_LOWER_NAME}, {"фото предоставлено", TEXT_CREDIT_LOWER_NAME},
    {"автор фото,", TEXT_CREDIT_LOWER_NAME},  {"источник изображения,", TEXT_CREDIT_LOWER_NAME},
    {NULL, 0}};
static const char *const ru_credit_lines[] = {
    "фото из открытых источников", "фото из открытого источника", "фото из архива",
    "фото из социальных сетей", "фото из соцсетей", "фото иллюстративное", NULL};
/* АСТАНА. 5 декабря. КАЗИНФОРМ - ...; МОСКВА, 14 мая. /ТАСС/. ...;
 * АСТАНА. Kazinform – ...; МОСКВА, 14 мая – ... */
static const char *const ru_dateline_patterns[] = {
    "P. D. A -", "P, D. A -", "P. D. /A/.", "P, D. /A/.", "P, D /A/ -", "P, D. /A/ -",
    "P. D -",    "P, D -",    "P. A -",     "P, A -",     "P. /A/.",    "P (A) -",
    "C. K -",    "C, D. K -", "C. D. K -",  "C, D, K -", "C. D. A -", "C, D. A -", NULL};

static const char *const ru_and_words[] = {"и", NULL};
static const char *const ru_saying_words[] = {
    "говорится", "говорилось", "сказано", "указано", "отмечается", "гласит", "гласил",
    "пишет", "написал", "написала", "написали", "заявил", "заявила", "заявили",
    "сказал", "сказала", "сказали", "сообщил", "сообщила", "сообщили", "следующее",
    NULL};
static const char *const ru_rights_words[] = {"все права защищены", NULL};
static const char *const ru_end_words[] = {"конец", NULL};

static const char *const ru_contributor_words[] = {"перевод с", "перевод", "перевёл", "перевела",
                                                   "иллюстрации", NULL};
static const char *const ru_clause_words[] = {"я", "ты", "он", "она", "оно", "мы", "вы", "они", "это", "был", "была", "было", "были", "будет", "есть", "не", "нет", "сказал", "сказала", NULL};
static const char *const ru_clause_endings[] = {"л", "ла", "ло", "ли", "лся", "лась", "лось", "лись", NULL};
static const char *const ru_section_names[] = {
    "введение", "история", "биография", "ранние годы", "детство", "карьера",
    "личная жизнь", "смерть", "память", "наследие", "творчество", "библиография",
    "примечания", "литература", "ссылки", "см. также", "источники", "заключение",
    "выводы", "результаты", "методы", "география", "климат", "экономика", "население",
    "культура", "образование", "награды", "семья", NULL};
static const char *const ru_figure_labels[] = {"рисунок", "рис.", "таблица", "схема", "пример", "фрагмент", NULL};
static const char *const ru_office_words[] = {"президент", "премьер-министр", "министр", "посол", "мэр", "губернатор", "аким", "профессор", "директор", "председатель", "генерал", "судья", NULL};
static const char *const ru_caption_labels[] = {"подпись к фото,", "подпись к видео,",
                                               "подпись к иллюстрации,", "на фото:",
                                               "на снимке:", "на фотографии:", NULL};
static const char *const ru_newsroom_words[] = {
    "новости", "корреспондент", "корреспондентка", "корр.", "обозреватель", "редактор",
    "журналист", "журналистка", "служба", "агентство", "газета", "журнал", "радио",
    "телевидение", "би-би-си", "bbc", NULL};
static const char *const ru_agency_names[] = {"казинформ", "казтаг", "тасс", "риа новости",
                                             "интерфакс", "интерфакс-казахстан", "interfax.ru",
                                             "interfax", "tengrinews.kz", "zakon.kz",
                                             NULL};
static const char *const ru_relative_days[] = {"сегодня", "вчера", NULL};
static const char *const ru_furniture_words[] = {
    "реклама", "читайте также", "читать также", "читайте еще", "читайте ещё",
    "смотрите также", "поделиться", "подписывайтесь", "новости по теме", "по теме",
    "материалы по теме", "популярное", "самое читаемое", "самое популярное", "теги", "тэги",
    "метки", "слушать", "слушать статью", "прослушать статью", "сохранить",
    "распечатать", "от редакции", "примечание редакции", "пресс-релиз", NULL};
static const text_lang lang_ru = {
    "ru",
    {{"января", "январь", "янв", NULL},
     {"февраля", "февраль", "февр", "фев", NULL},
     {"марта", "март", "мар", NULL},
     {"апреля", "апрель", "апр", NULL},
     {"мая", "май", NULL},
     {"июня", "июнь", "июн", NULL},
     {"июля", "июль", "июл", NULL},
     {"августа", "август", "авг", NULL},
     {"сентября", "сентябрь", "сент", "сен", NULL},
     {"октября", "октябрь", "окт", NULL},
     {"ноября", "ноябрь", "нояб", "ноя", NULL},
     {"декабря", "декабрь", "дек", NULL}},
    ru_weekdays, ru_date_words, ru_year_words, ru_byline_words, ru_credit_labels,
    ru_credit_lines, ru_dateline_patterns, ru_and_words, ru_saying_words,
    ru_end_words, ru_rights_words, ru_contributor_words, ru_clause_words, ru_clause_endings,
    ru_section_names, ru_figure_labels, ru_office_words, ru_caption_labels,
    ru_newsroom_words, ru_agency_names, ru_relative_days, ru_furniture_words};

/* ------------------------------------------------------------------ */
/* Kazakh                                                              */
/* ------------------------------------------------------------------ */

static const char *const kk_weekdays[] = {"дүйсенбі", "сейсенбі", "сәрсенбі", "бейсенбі",
                                          "жұма", "сенбі", "жексенбі", NULL};
static const char *const kk_date_words[] = {"жарияланды", "жарияланған", "жаңартылды",
                                            "жарияланған күні", NULL};
static const char *const kk_year_words[] = {"жылғы", "жылы", "жыл", "ж.", "ж", NULL};
static const char *const kk_byline_words[] = {"автор:", "авторлар:", "авторы:", "мәтін:",
                                              NULL};
static const text_credit_label kk_credit_labels[] = {
    {"фото:", TEXT_CREDIT_LOWER_NAME},      {"фотосурет:", TEXT_CREDIT_LOWER_NAME},
    {"суреттер:", TEXT_CREDIT_LOWER_NAME},  {"сурет:", TEXT_CREDIT_LOWER_NAME},
    {"коллаж:", TEXT_CREDIT_LOWER_NAME},    {NULL, 0}};
static const char *const kk_credit_lines[] = {"ашық дереккөздерден алынған фото",
                                              "фото ашық дереккөздерден", NULL};
/* АСТАНА. Kazinform – ...; ҚАЛА. Агенттік – ... */
static const char *const kk_dateline_patterns[] = {"P. A -", "P. D. A -", "P, D. A -",
                                                   "C. K -", "C. D. K -", "C. D. A -", NULL};

static const char *const kk_and_words[] = {"және", NULL};
static const char *const kk_saying_words[] = {
    "делінген", "делінеді", "айтылған", "айтылады", "жазылған", "деді", "айтты",
    "мәлімдеді", "жазды", "былай", NULL};
static const char *const kk_rights_words[] = {"барлық құқықтар қорғалған", NULL};

static const char *const kk_contributor_words[] = {"аударған", "аударма", "суреттерін салған", NULL};
static const char *const kk_clause_words[] = {"мен", "сен", "ол", "біз", "сіз", "олар", "бұл", "еді", "болды", "болады", "емес", "деді", "бар", "жоқ", NULL};
static const char *const kk_section_names[] = {
    "кіріспе", "тарихы", "шығармашылығы", "шығармалары", "дереккөздер",
    "сілтемелер", "әдебиет", "әдебиеттер", "тағы қараңыз", "қорытынды", "географиясы",
    "климаты", "экономикасы", "халқы", "мәдениеті", "білімі", "отбасы", "марапаттары", NULL};
static const char *const kk_figure_labels[] = {"сурет", "кесте", "сызба", "мысал", NULL};
static const char *const kk_office_words[] = {"президент", "премьер-министр", "министр", "елші", "әкім", "профессор", "директор", "төраға", "генерал", NULL};
static const char *const kk_caption_labels[] = {"суретте:", "фотода:", NULL};
static const char *const kk_newsroom_words[] = {
    "тілші", "тілшісі", "редактор", "журналист", "агенттігі", "агенттік", "газеті",
    "жаңалықтары", "қызметі", "радиосы", "телеарнасы", NULL};
static const char *const kk_agency_names[] = {"қазақпарат", "казинформ", "қазтаг", NULL};
static const char *const kk_relative_days[] = {"бүгін", "кеше", NULL};
static const char *const kk_furniture_words[] = {
    "жарнама", "сондай-ақ оқыңыз", "оқи отырыңыз", "бөлісу", "тақырыпқа қатысты",
    "тақырып бойынша", "тегтер", "тыңдау", "мақаланы тыңдау", "сақтау",
    "басып шығару", "редакциядан", "баспасөз хабарламасы", NULL};
static const text_lang lang_kk = {
    "kk",
    /* Cyrillic, then the Latin alphabet of 2018 as Kazinform prints it
     * ("30 Qańtar 2026"), then that of 2021 ("Qañtar", "Şılde") */
    {{"қаңтар", "qańtar", "qañtar", NULL}, {"ақпан", "aqpan", NULL},
     {"наурыз", "naýryz", "nauryz", NULL}, {"сәуір", "sáýir", "säuır", NULL},
     {"мамыр", "mamyr", NULL}, {"маусым", "maýsym", "mausym", NULL},
     {"шілде", "shilde", "şılde", NULL}, {"тамыз", "tamyz", NULL},
     {"қыркүйек", "qyrkúıek", "qyrküiek", NULL}, {"қазан", "qazan", NULL},
     {"қараша", "qarasha", "qaraşa", NULL}, {"желтоқсан", "jeltoqsan", NULL}},
    kk_weekdays, kk_date_words, kk_year_words, kk_byline_words, kk_credit_labels,
    kk_credit_lines, kk_dateline_patterns, kk_and_words, kk_saying_words,
    NULL, kk_rights_words, kk_contributor_words, kk_clause_words, NULL,
    kk_section_names, kk_figure_labels, kk_office_words, kk_caption_labels, kk_newsroom_words,
    kk_agency_names, kk_relative_days, kk_furniture_words};

/* ------------------------------------------------------------------ */
/* German and French                                                   */
/* ------------------------------------------------------------------ */

static const char *const de_weekdays[] = {"montag", "dienstag", "mittwoch", "donnerstag",
                                          "freitag", "samstag", "sonntag", NULL};
static const char *const de_date_words[] = {"veröffentlicht", "veröffentlicht am",
                                            "aktualisiert", "aktualisiert am", "stand",
                                            NULL};
static const char *const de_byline_words[] = {"von", "autor:", "autorin:", NULL};
static const text_credit_label de_credit_labels[] = {
    {"foto:", 0}, {"fotos:", 0}, {"bild:", 0}, {"quelle:", TEXT_CREDIT_GENERIC}, {NULL, 0}};

static const char *const de_and_words[] = {"und", NULL};
static const char *const de_saying_words[] = {"heißt", "lautet", "sagte", "schrieb",
                                              "erklärte", NULL};
static const char *const de_rights_words[] = {"alle rechte vorbehalten", NULL};
static const char *const de_end_words[] = {"ende der", "ende des", NULL};

static const char *const de_contributor_words[] = {
    "übersetzt von", "deutsch von", "illustriert von", "mit illustrationen von",
    "herausgegeben von", NULL};
static const char *const de_clause_words[] = {"ich", "du", "er", "sie", "es", "wir", "ihr", "ist", "sind", "war", "waren", "hat", "haben", "wird", "nicht", NULL};
static const char *const de_section_names[] = {
    "einleitung", "geschichte", "leben", "leben und werk", "werk", "werke",
    "literatur", "weblinks", "einzelnachweise", "siehe auch", "anmerkungen", "quellen",
    "zusammenfassung", "geographie", "klima", "wirtschaft", NULL};
static const char *const de_figure_labels[] = {"abbildung", "abb.", "tabelle", "beispiel", "karte", NULL};
static const char *const de_office_words[] = {"präsident", "präsidentin", "bundeskanzler", "bundeskanzlerin", "minister", "ministerin", "botschafter", "bürgermeister", "professor", "dr.", NULL};
static const char *const de_relative_days[] = {"heute", "gestern", NULL};
static const char *const de_furniture_words[] = {"anzeige", "werbung", "lesen sie auch",
                                                 "mehr zum thema", "teilen", "schlagwörter",
                                                 "artikel anhören", NULL};
static const text_lang lang_de = {
    "de",
    {{"januar", "jänner", "jan", NULL}, {"februar", "feb", NULL}, {"märz", "mär", NULL},
     {"april", "apr", NULL}, {"mai", NULL}, {"juni", "jun", NULL},
     {"juli", "jul", NULL}, {"august", "aug", NULL}, {"september", "sept", "sep", NULL},
     {"oktober", "okt", NULL}, {"november", "nov", NULL}, {"dezember", "dez", NULL}},
    de_weekdays, de_date_words, NULL, de_byline_words, de_credit_labels, NULL, NULL,
    de_and_words, de_saying_words,
    de_end_words, de_rights_words, de_contributor_words, de_clause_words, NULL,
    de_section_names, de_figure_labels, de_office_words, NULL, NULL, NULL, de_relative_days,
    de_furniture_words};

static const char *const fr_weekdays[] = {"lundi", "mardi", "mercredi", "jeudi",
                                          "vendredi", "samedi", "dimanche", NULL};
static const char *const fr_date_words[] = {"publié le", "publié", "mis à jour le",
                                            "mis à jour", NULL};
static const char *const fr_byline_words[] = {"par", "auteur :", "auteur:", NULL};
/* French sets a space before the colon: "Photo : AFP". */
static const text_credit_label fr_credit_labels[] = {
    {"photo :", 0}, {"photos :", 0}, {"crédit photo :", 0}, {"crédit :", 0},
    {"illustration :", 0}, {"crédit photo:", 0}, {NULL, 0}};

static const char *const fr_and_words[] = {"et", NULL};
static const char *const fr_saying_words[] = {"déclare", "déclaré", "indique", "stipule",
                                              "écrit", "dit", NULL};
static const char *const fr_rights_words[] = {"tous droits réservés", NULL};
static const char *const fr_end_words[] = {"fin de", "fin des", "fin du", NULL};

static const char *const fr_contributor_words[] = {
    "traduit par", "traduit de", "traduction de", "traduction par", "illustré par",
    "illustrations de", "illustrations par", NULL};
static const char *const fr_clause_words[] = {"je", "tu", "il", "elle", "nous", "vous", "ils", "elles", "est", "sont", "était", "ont", "sera", "ne", "pas", NULL};
static const char *const fr_section_names[] = {
    "introduction", "histoire", "biographie", "jeunesse", "carrière", "vie privée",
    "œuvres", "bibliographie", "références", "notes", "notes et références", "voir aussi",
    "liens externes", "sources", "conclusion", "géographie", "climat", "économie", NULL};
static const char *const fr_figure_labels[] = {"figure", "fig.", "tableau", "exemple", "carte", NULL};
static const char *const fr_office_words[] = {"président", "présidente", "ministre", "ambassadeur", "maire", "professeur", "général", NULL};
static const char *const fr_relative_days[] = {"aujourd'hui", "hier", NULL};
static const char *const fr_furniture_words[] = {"publicité", "lire aussi", "à lire aussi",
                                                 "partager", "mots-clés", "écouter l'article",
                                                 NULL};
static const text_lang lang_fr = {
    "fr",
    {{"janvier", "janv", NULL}, {"février", "févr", NULL}, {"mars", NULL},
     {"avril", "avr", NULL}, {"mai", NULL}, {"juin", NULL},
     {"juillet", "juil", NULL}, {"août", NULL}, {"septembre", "sept", NULL},
     {"octobre", "oct", NULL}, {"novembre", "nov", NULL}, {"décembre", "déc", NULL}},
    fr_weekdays, fr_date_words, NULL, fr_byline_words, fr_credit_labels, NULL, NULL,
    fr_and_words, fr_saying_words,
    fr_end_words, fr_rights_words, fr_contributor_words, fr_clause_words, NULL,
    fr_section_names, fr_figure_labels, fr_office_words, NULL, NULL, NULL, fr_relative_days,
    fr_furniture_words};

const text_lang *const text_langs[] = {&lang_en, &lang_ru, &lang_kk, &lang_de, &lang_fr,
                                       NULL};

/* Whether a table's month names are capitalised in running text, so a
 * lowercase one is a common word ("may", "mars" is not English). */
static int months_capitalised(const text_lang *l)
{
  return strcmp(l->tag, "en") == 0 || strcmp(l->tag, "de") == 0;
}

/* ------------------------------------------------------------------ */
/* Lookups                                                             */
/* ------------------------------------------------------------------ */

int32_t text_lang_fold(int32_t cp)
{
  if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
      (cp >= 0x391 && cp <= 0x3AB) || (cp >= 0x410 && cp <= 0x42F))
    return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F)
    return cp + 0x50;
  /* Latin Extended-A and Ǵ: pairs, upper first (Ā ā ... Ń ń ... Ş ş) */
  if (((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177) || cp == 0x1F4) &&
      !(cp & 1))
    return cp + 1;
  if (cp >= 0x139 && cp <= 0x148 && (cp & 1))
    return cp + 1;
  if (cp >= 0x460 && cp <= 0x52F && !(cp >= 0x482 && cp <= 0x489) && !(cp & 1))
    return cp + 1; /* Ә Ғ Қ Ң Ө Ұ Ү Һ: upper even, lower odd */
  return cp;
}

static size_t next_cp(const char *s, size_t len, size_t i, int32_t *out_cp)
{
  size_t n = galley_utf8_decode(s + i, len - i, out_cp);
  if (*out_cp < 0)
    *out_cp = GALLEY_UTF8_REPLACEMENT;
  return n;
}

/* strlen(s), looking no further than max bytes. */
static size_t bounded_len(const char *s, size_t max)
{
  size_t n = 0;
  while (n < max && s[n])
    n++;
  return n;
}

size_t text_lang_prefix(const char *s, size_t len, const char *word)
{
  /* The word is walked to its terminating NUL rather than measured
   * first: most calls fail at the first character. */
  size_t i = 0, j = 0;
  while (word[j]) {
    int32_t a, b;
    unsigned char x, y;
    if (i >= len)
      return 0;
    x = (unsigned char)s[i];
    y = (unsigned char)word[j];
    if (x < 0x80 && y < 0x80) {
      /* both ASCII, as most are: the one fold is A-Z */
      if ((x >= 'A' && x <= 'Z' ? x + 0x20 : x) != y)
        return 0;
      i++;
      j++;
      continue;
    }
    i += next_cp(s, len, i, &a);
    j += next_cp(word, j + bounded_len(word + j, 4), j, &b);
    if (text_lang_fold(a) != b)
      return 0;
  }
  return i;
}

static int is_letter_at(const char *s, size_t len, size_t i)
{
  int32_t cp;
  if (i >= len)
    return 0;
  next_cp(s, len, i, &cp);
  return galley_utf8_is_letter(cp);
}

size_t text_lang_month(const char *s, size_t len, int capital, int *out_month)
{
  size_t best = 0;
  int l, m, k;
  int32_t first;
  if (len == 0)
    return 0;
  next_cp(s, len, 0, &first);
  for (l = 0; text_langs[l]; l++) {
    const text_lang *lang = text_langs[l];
    if (capital && months_capitalised(lang) && !galley_utf8_is_upper(first))
      continue;
    for (m = 0; m < 12; m++)
      for (k = 0; k < TEXT_LANG_MONTH_FORMS && lang->months[m][k]; k++) {
        size_t n = text_lang_prefix(s, len, lang->months[m][k]);
        if (n == 0 || is_letter_at(s, len, n))
          continue;
        if (k > 0 && n < len && s[n] == '.')
          n++; /* "Jan.", "дек." */
        if (n > best) {
          best = n;
          *out_month = m + 1;
        }
      }
  }
  return best;
}

size_t text_lang_list_match(const char *s, size_t len, size_t which)
{
  size_t best = 0;
  int l, k;
  unsigned char first;
  if (len == 0)
    return 0;
  /* An ASCII first byte, folded, rules out the entries that begin with
   * another ASCII byte before a call (most lines, most entries). */
  first = (unsigned char)s[0];
  if (first >= 'A' && first <= 'Z')
    first += 0x20;
  for (l = 0; text_langs[l]; l++) {
    const char *const *list =
        *(const char *const *const *)((const char *)text_langs[l] + which);
    for (k = 0; list && list[k]; k++) {
      size_t n;
      char last;
      if (first < 0x80 && (unsigned char)list[k][0] < 0x80 && (unsigned char)list[k][0] != first)
        continue;
      n = text_lang_prefix(s, len, list[k]);
      if (n == 0 || n <= best)
        continue;
      last = list[k][strlen(list[k]) - 1];
      if (n < len && last != ':' && last != '.' && s[n] != ' ' && s[n] != ':' &&
          s[n] != ',' && s[n] != ')')
        continue; /* "bypass", "Dated"; "(Reuters)" ends at its bracket */
      best = n;
    }
  }
  return best;
}

/* Whether the whole of s[0..len) is one of the entries of list `which`
 * of any table (TEXT_LANG_LIST), compared without case. The first
 * character rules out most entries at once (the credit search asks at
 * every word start of a line's tail). */
static int whole_in_list(const char *s, size_t len, size_t which)
{
  int l, k;
  int32_t first, cf;
  if (len == 0)
    return 0;
  next_cp(s, len, 0, &first);
  first = text_lang_fold(first);
  for (l = 0; text_langs[l]; l++) {
    const char *const *list =
        *(const char *const *const *)((const char *)text_langs[l] + which);
    for (k = 0; list && list[k]; k++) {
      if (((unsigned char)list[k][0] < 0x80) != (first < 0x80))
        continue; /* an ASCII character is never a longer one */
      if ((unsigned char)list[k][0] < 0x80)
        cf = (unsigned char)list[k][0];
      else
        next_cp(list[k], bounded_len(list[k], 4), 0, &cf);
      if (cf == first && text_lang_prefix(s, len, list[k]) == len)
        return 1;
    }
  }
  return 0;
}

int text_lang_is_credit_line(const char *s, size_t len)
{
  if (len > 0 && s[len - 1] == '.')
    len--;
  return whole_in_list(s, len, TEXT_LANG_LIST(credit_lines));
}

/* The first character of s, folded, and its second byte when ASCII
 * (A-Z folded), else 0: what rules out most labels at once (the credit
 * search tries every position of a line's tail; most words that begin as
 * a label, "p", go no further, "ph"). */
static int32_t label_key(const char *s, size_t len, unsigned char *out_second)
{
  int32_t first;
  unsigned char second;
  next_cp(s, len, 0, &first);
  second = len > 1 && (unsigned char)s[1] < 0x80 ? (unsigned char)s[1] : 0;
  if (second >= 'A' && second <= 'Z')
    second += 0x20;
  *out_second = second;
  return text_lang_fold(first);
}

/* Tries label `t` at s (first character `first`, second byte `second`,
 * as label_key gives them) against the longest found so far, *best.
 * `ascii_len`: the label's bytes when all are ASCII, else 0. */
static void try_label(const text_credit_label *t, size_t ascii_len, const char *s, size_t len,
                      int generic, int32_t first, unsigned char second, size_t *best,
                      unsigned *out_flags)
{
  size_t n, tl;
  int32_t lf;
  if (ascii_len > 0) {
    /* text_lang_fold keeps every other character out of ASCII: an ASCII
     * label is at s only if its last byte is there, folded, as ASCII */
    unsigned char x;
    if (ascii_len > len)
      return;
    x = (unsigned char)s[ascii_len - 1];
    if (x >= 'A' && x <= 'Z')
      x += 0x20;
    if (x >= 0x80 || x != (unsigned char)t->text[ascii_len - 1])
      return;
  }
  if ((unsigned char)t->text[0] < 0x80
          ? t->text[0] != first ||
                (second && t->text[1] && (unsigned char)t->text[1] < 0x80 && t->text[1] != second)
          : first < 0x80 || (next_cp(t->text, bounded_len(t->text, 4), 0, &lf), lf != first))
    return;
  n = text_lang_prefix(s, len, t->text);
  if (n == 0 || n <= *best || ((t->flags & TEXT_CREDIT_GENERIC) && !generic))
    return;
  tl = strlen(t->text);
  if (t->text[tl - 1] != ':' && t->text[tl - 1] != '/' && (n >= len || s[n] != ' '))
    return; /* "Photo by" needs a word boundary ("AP Photo/" none) */
  *best = n;
  *out_flags = t->flags;
}

size_t text_lang_credit_label(const char *s, size_t len, int generic,
                              unsigned *out_flags)
{
  size_t best = 0;
  int l, k;
  int32_t first;
  unsigned char second;
  *out_flags = 0;
  if (len == 0)
    return 0;
  first = label_key(s, len, &second);
  for (l = 0; text_langs[l]; l++) {
    const text_credit_label *t = text_langs[l]->credit_labels;
    for (k = 0; t && t[k].text; k++)
      try_label(&t[k], 0, s, len, generic, first, second, &best, out_flags);
  }
  return best;
}

size_t text_lang_credit_label_from(const text_credit_starts *st, const char *s, size_t len,
                                   int generic, unsigned *out_flags)
{
  size_t best = 0;
  int k, from, to;
  int32_t first;
  unsigned char second;
  if (!st || st->n_label < 0)
    return text_lang_credit_label(s, len, generic, out_flags);
  *out_flags = 0;
  if (len == 0)
    return 0;
  first = label_key(s, len, &second);
  /* the labels that may start with `first`, in table order, as
   * text_lang_credit_label meets them */
  from = first >= 0 && first < 0x80 ? st->by_ascii[first] : st->by_ascii[128];
  to = first >= 0 && first < 0x80 ? st->by_ascii[first + 1] : st->n_label;
  for (k = from; k < to; k++)
    if (first < 0x80 || st->label_first[k] == first)
      try_label(st->label[k], st->label_ascii_len[k], s, len, generic, first, second, &best,
                out_flags);
  return best;
}

static void add_start(text_credit_starts *st, const char *text)
{
  int32_t cp;
  int k;
  if ((unsigned char)text[0] < 0x80) {
    st->ascii[(unsigned char)text[0] >> 5] |= 1u << ((unsigned char)text[0] & 31);
    return;
  }
  if (st->n_other < 0)
    return;
  next_cp(text, bounded_len(text, 4), 0, &cp);
  for (k = 0; k < st->n_other; k++)
    if (st->other[k] == cp)
      return;
  if (st->n_other == (int)(sizeof st->other / sizeof *st->other))
    st->n_other = -1;
  else
    st->other[st->n_other++] = cp;
}

void text_lang_credit_starts(text_credit_starts *out)
{
  int l, k, c, n = 0, count[129];
  memset(out, 0, sizeof *out);
  memset(count, 0, sizeof count);
  for (l = 0; text_langs[l]; l++) {
    const text_credit_label *t = text_langs[l]->credit_labels;
    for (k = 0; t && t[k].text; k++) {
      int words = 0, b;
      add_start(out, t[k].text);
      count[(unsigned char)t[k].text[0] < 0x80 ? (unsigned char)t[k].text[0] : 128]++;
      n++;
      for (b = 0; t[k].text[b]; b++)
        words += t[k].text[b] != ' ' && (b == 0 || t[k].text[b - 1] == ' ');
      if (words > out->label_words)
        out->label_words = words;
    }
    for (k = 0; text_langs[l]->credit_lines && text_langs[l]->credit_lines[k]; k++) {
      size_t len = strlen(text_langs[l]->credit_lines[k]);
      add_start(out, text_langs[l]->credit_lines[k]);
      if (len > out->line_max)
        out->line_max = len;
    }
  }
  if (n > TEXT_CREDIT_LABELS_MAX) {
    out->n_label = -1;
    return;
  }
  /* group by first character, keeping table order within a group */
  for (c = 0, n = 0; c <= 128; c++) {
    out->by_ascii[c] = (unsigned short)n;
    n += count[c];
    count[c] = out->by_ascii[c]; /* now the next free slot of group c */
  }
  out->n_label = n;
  for (l = 0; text_langs[l]; l++) {
    const text_credit_label *t = text_langs[l]->credit_labels;
    for (k = 0; t && t[k].text; k++) {
      int g = (unsigned char)t[k].text[0] < 0x80 ? (unsigned char)t[k].text[0] : 128;
      int32_t cp = (unsigned char)t[k].text[0];
      if (g == 128)
        next_cp(t[k].text, bounded_len(t[k].text, 4), 0, &cp);
      size_t b;
      for (b = 0; t[k].text[b] && (unsigned char)t[k].text[b] < 0x80; b++)
        ;
      out->label[count[g]] = &t[k];
      out->label_ascii_len[count[g]] = !t[k].text[b] && b < 256 ? (unsigned char)b : 0;
      out->label_first[count[g]++] = cp;
    }
  }
}

int text_credit_may_start(const text_credit_starts *st, int32_t folded)
{
  int k;
  if (folded >= 0 && folded < 0x80)
    return (st->ascii[folded >> 5] >> (folded & 31)) & 1u;
  if (st->n_other < 0)
    return 1;
  for (k = 0; k < st->n_other; k++)
    if (st->other[k] == folded)
      return 1;
  return 0;
}

int text_lang_has_clause_ending(const char *s, size_t len)
{
  int l, k;
  for (l = 0; text_langs[l]; l++) {
    const char *const *list = text_langs[l]->clause_endings;
    for (k = 0; list && list[k]; k++) {
      size_t n = strlen(list[k]), i, letters = 0;
      if (n >= len || memcmp(s + len - n, list[k], n) != 0)
        continue;
      for (i = 0; i < len - n; i++)
        letters += ((unsigned char)s[i] & 0xC0) != 0x80;
      if (letters >= 2)
        return 1;
    }
  }
  return 0;
}

/* Bytes the longest section name of the tables has at most. */
#define SECTION_NAME_MAX_BYTES 48

int text_lang_is_furniture(const char *s, size_t len)
{
  size_t n;
  if (len > 0 && s[len - 1] == ':')
    len--;
  if (whole_in_list(s, len, TEXT_LANG_LIST(furniture_words)))
    return 1;
  n = text_lang_list_match(s, len, TEXT_LANG_LIST(furniture_words));
  return n > 0 && n + 2 < len && s[n] == ':' && s[n + 1] == ' ';
}

int text_lang_is_newsroom_word(const char *s, size_t len)
{
  return whole_in_list(s, len, TEXT_LANG_LIST(newsroom_words));
}

int text_lang_is_section_name(const char *s, size_t len)
{
  if (len > 0 && (s[len - 1] == '.' || s[len - 1] == ':'))
    len--;
  return len <= SECTION_NAME_MAX_BYTES &&
         whole_in_list(s, len, TEXT_LANG_LIST(section_names));
}
