/* epub_a11y.c: the accessibility metadata of the package document
 * (EPUB Accessibility 1.1, 2.2; the Schema.org accessibility vocabulary),
 * derived from what the planned book holds rather than written as
 * boilerplate:
 *
 *   epub_a11y_derive  counts the facts: headings and contents entries,
 *                     images and those whose alt text describes them,
 *                     tables and their header rows, notes and whether
 *                     they are linked both ways, lists, the language
 *   epub_a11y_put     writes accessMode, accessModeSufficient,
 *                     accessibilityFeature, accessibilityHazard and
 *                     accessibilitySummary from those facts alone; the
 *                     summary in the book's language from one table of
 *                     sentences, in English marked xml:lang="en" for a
 *                     language the table lacks
 *
 * No dcterms:conformsTo: WCAG conformance cannot be established
 * mechanically. */
#define _POSIX_C_SOURCE 200809L /* strncasecmp */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/langtag.h"
#include "../util/utf8.h"
#include "epub_private.h"

/* ------------------------------------------------------------------ */
/* Alt text that describes its image                                   */
/* ------------------------------------------------------------------ */

/* The lower case of `cp` over Latin, Greek and Cyrillic (the letters
 * galley_utf8_is_upper knows), else `cp`. */
static int32_t fold_letter(int32_t cp)
{
  if (!galley_utf8_is_upper(cp))
    return cp == 0x3C2 ? 0x3C3 : cp; /* final sigma */
  if (cp < 0x80 || (cp >= 0xC0 && cp <= 0xDE) || (cp >= 0x391 && cp <= 0x3AB) ||
      (cp >= 0x410 && cp <= 0x42F))
    return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F)
    return cp + 0x50;
  return cp + 1; /* Latin Extended-A, Cyrillic pairs: the next code point */
}

/* `s` with case folded and everything but letters and digits dropped
 * (spaces, punctuation, quotes, dashes), into `out` (cleared first), so
 * "The OSCE office, Astana." and "the OSCE office — Astana" compare
 * equal. */
static void fold_text(const char *s, galley_buf *out)
{
  size_t len = s ? strlen(s) : 0, i = 0;
  galley_buf_clear(out);
  while (i < len) {
    int32_t cp;
    i += galley_utf8_decode(s + i, len - i, &cp);
    if (cp < 0)
      continue;
    if ((cp >= '0' && cp <= '9') || galley_utf8_is_letter(cp))
      galley_utf8_encode(out, fold_letter(cp));
  }
}

/* Whether the folded alt text `alt` (non-empty) is all of, or a part of,
 * the folded `text`: then it says nothing that `text` does not. */
static int is_repeated_in(const galley_buf *alt, const char *text,
                          galley_buf *scratch)
{
  size_t i;
  fold_text(text, scratch);
  for (i = 0; i + alt->len <= scratch->len; i++)
    if (memcmp(scratch->ptr + i, alt->ptr, alt->len) == 0)
      return 1;
  return 0;
}

/* Whether the trimmed alt text `alt` (`len` bytes) is a file name rather
 * than words: one word ending in an image file extension ("IMG_0042.JPG",
 * "photo.png" rejected; "Photo of the port" accepted), or the image's own
 * file name with or without its extension ("DSC01234" for
 * "images/DSC01234.jpg" rejected). */
static int is_file_name(const char *alt, size_t len, const char *url)
{
  static const char *const ext[] = {".png", ".jpg", ".jpeg", ".gif", ".svg",
                                    ".webp", ".tif", ".tiff", ".bmp"};
  const char *base, *dot;
  size_t i, n;
  for (i = 0; i < len; i++)
    if (alt[i] == ' ' || alt[i] == '\t' || alt[i] == '\n' || alt[i] == '\r')
      break;
  if (i == len)
    for (i = 0; i < sizeof ext / sizeof *ext; i++) {
      n = strlen(ext[i]);
      if (len > n && strncasecmp(alt + len - n, ext[i], n) == 0)
        return 1;
    }
  if (!url)
    return 0;
  base = strrchr(url, '/');
  base = base ? base + 1 : url;
  n = strlen(base);
  if (n == len && strncasecmp(base, alt, len) == 0)
    return 1;
  dot = strrchr(base, '.');
  return dot && (size_t)(dot - base) == len && strncasecmp(base, alt, len) == 0;
}

int epub_image_alt_describes(const galley_node *image)
{
  char *alt = galley_node_get_plain_text(image), *t = alt;
  const galley_node *fig = galley_node_parent(image), *c;
  galley_buf key = GALLEY_BUF_INIT, scratch = GALLEY_BUF_INIT;
  galley_buf captions = GALLEY_BUF_INIT;
  size_t len;
  int describes = 0;

  while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
    t++;
  len = strlen(t);
  while (len > 0 && (t[len - 1] == ' ' || t[len - 1] == '\t' ||
                     t[len - 1] == '\n' || t[len - 1] == '\r'))
    len--;
  if (len == 0 || is_file_name(t, len, galley_node_get_url(image)))
    goto done;
  fold_text(t, &key);
  if (key.len == 0) /* only punctuation or symbols */
    goto done;
  /* What is shown with the image: its title, and in a figure the
   * captions and credits, one after another. */
  if (galley_node_get_title(image) &&
      is_repeated_in(&key, galley_node_get_title(image), &scratch))
    goto done;
  if (fig && galley_node_get_type(fig) == GALLEY_NODE_FIGURE) {
    for (c = galley_node_first_child(fig); c; c = galley_node_next(c)) {
      galley_node_type type = galley_node_get_type(c);
      if (type == GALLEY_NODE_CAPTION || type == GALLEY_NODE_CREDIT) {
        char *text = galley_node_get_plain_text(c);
        galley_buf_puts(&captions, text);
        galley_buf_putc(&captions, ' ');
        free(text);
      }
    }
    if (captions.len > 0 && is_repeated_in(&key, captions.ptr, &scratch))
      goto done;
  }
  describes = 1;
done:
  galley_buf_free(&captions);
  galley_buf_free(&scratch);
  galley_buf_free(&key);
  free(alt);
  return describes;
}

/* ------------------------------------------------------------------ */
/* The facts                                                           */
/* ------------------------------------------------------------------ */

void epub_a11y_derive(const epub_ctx *ctx, epub_a11y *out)
{
  galley_iter *it = galley_iter_new(galley_doc_get_root(ctx->doc));
  galley_event_type ev;
  int k;

  memset(out, 0, sizeof *out);
  out->language = ctx->language;
  /* Every heading the plan found is an entry of the contents besides
   * the one for the start of the text (toc_entries in epub_package.c). */
  out->toc_entries = ctx->heading_count;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    const galley_node *n = galley_iter_get_node(it), *row;
    int headers = 0;
    if (ev != GALLEY_EVENT_ENTER)
      continue;
    switch (galley_node_get_type(n)) {
    case GALLEY_NODE_HEADING: out->headings++; break;
    case GALLEY_NODE_LIST: out->lists++; break;
    case GALLEY_NODE_IMAGE:
      out->images++;
      out->images_described += epub_image_alt_describes(n);
      break;
    case GALLEY_NODE_TABLE:
      out->tables++;
      for (row = galley_node_first_child(n); row; row = galley_node_next(row))
        if (galley_node_get_type(row) == GALLEY_NODE_TABLE_ROW &&
            galley_node_get_row_header(row))
          headers++;
      out->header_rows += headers;
      out->tables_with_header += headers > 0;
      break;
    default: break;
    }
  }
  galley_iter_free(it);
  /* A note is linked both ways when a reference leads to it: the plan
   * gave it that reference, which its back link returns to. */
  out->notes = ctx->note_count;
  for (k = 0; k < ctx->note_count; k++)
    out->notes_linked += ctx->notes[k].first_ref != NULL;
  out->page_list = ctx->pages_marked > 0;
}

/* ------------------------------------------------------------------ */
/* The summary's sentences                                             */
/* ------------------------------------------------------------------ */

/* The sentences of accessibilitySummary in one language. Each is a whole
 * sentence, so that no language needs agreement across pieces; the
 * summary is the structure sentence, then one sentence each on images,
 * tables and notes when the book has them. "Some" sentences are used
 * only when some but not all qualify, hence of two or more. */
typedef struct a11y_words {
  const char *language;  /* primary subtag, lowercase */
  const char *headings_toc, *headings, *no_headings;
  const char *images_all, *images_some, *images_none;
  const char *tables_all, *tables_some, *tables_none;
  const char *notes_all, *notes_some, *notes_none;
} a11y_words;

static const a11y_words summaries[] = {
    /* the first row is the fallback */
    {"en",
     "A reflowable text edition in the original reading order: headings mark "
     "its sections, and the table of contents links to each of them.",
     "A reflowable text edition in the original reading order: headings mark "
     "its sections.",
     "A reflowable text edition in the original reading order, one continuous "
     "text without sections.",
     "Every image has a text alternative.",
     "Some images have no text alternative that describes them.",
     "No image has a text alternative that describes it.",
     "Every table has a header row.", "Some tables have no header row.",
     "No table has a header row.",
     "Every note is linked from the text and links back to it.",
     "Some notes are not linked from the text.",
     "No note is linked from the text."},
    {"ru",
     "Текстовое издание с перестраиваемой вёрсткой в исходном порядке чтения: "
     "заголовки обозначают его разделы, а оглавление ссылается на каждый из "
     "них.",
     "Текстовое издание с перестраиваемой вёрсткой в исходном порядке чтения: "
     "заголовки обозначают его разделы.",
     "Текстовое издание с перестраиваемой вёрсткой в исходном порядке чтения, "
     "сплошной текст без разделов.",
     "У каждого изображения есть текстовая альтернатива.",
     "У некоторых изображений нет текстовой альтернативы, которая их "
     "описывает.",
     "Ни у одного изображения нет текстовой альтернативы, которая его "
     "описывает.",
     "В каждой таблице есть строка заголовков.",
     "В некоторых таблицах нет строки заголовков.",
     "Ни в одной таблице нет строки заголовков.",
     "К каждому примечанию ведёт ссылка из текста, а из примечания — ссылка "
     "обратно.",
     "К некоторым примечаниям не ведёт ссылка из текста.",
     "Ни к одному примечанию не ведёт ссылка из текста."},
    {"kk",
     "Түпнұсқадағы оқу ретімен берілген, экранға бейімделетін мәтіндік "
     "басылым: тақырыптар оның бөлімдерін белгілейді, ал мазмұнда әр бөлімге "
     "сілтеме бар.",
     "Түпнұсқадағы оқу ретімен берілген, экранға бейімделетін мәтіндік "
     "басылым: тақырыптар оның бөлімдерін белгілейді.",
     "Түпнұсқадағы оқу ретімен берілген, экранға бейімделетін мәтіндік "
     "басылым; мәтін бөлімдерге бөлінбеген.",
     "Әр суреттің мәтіндік баламасы бар.",
     "Кейбір суреттердің оларды сипаттайтын мәтіндік баламасы жоқ.",
     "Ешбір суреттің оны сипаттайтын мәтіндік баламасы жоқ.",
     "Әр кестенің тақырып жолы бар.", "Кейбір кестелердің тақырып жолы жоқ.",
     "Ешбір кестенің тақырып жолы жоқ.",
     "Мәтіннен әр ескертпеге сілтеме бар, ескертпеден мәтінге қайтатын "
     "сілтеме де бар.",
     "Кейбір ескертпелерге мәтіннен сілтеме жоқ.",
     "Ешбір ескертпеге мәтіннен сілтеме жоқ."},
    {"de",
     "Eine umbrechbare Textausgabe in der Lesereihenfolge des Originals: "
     "Überschriften gliedern sie in Abschnitte, und das Inhaltsverzeichnis "
     "verweist auf jeden davon.",
     "Eine umbrechbare Textausgabe in der Lesereihenfolge des Originals: "
     "Überschriften gliedern sie in Abschnitte.",
     "Eine umbrechbare Textausgabe in der Lesereihenfolge des Originals, ein "
     "durchgehender Text ohne Abschnitte.",
     "Jedes Bild hat eine Textalternative.",
     "Einige Bilder haben keine Textalternative, die sie beschreibt.",
     "Kein Bild hat eine Textalternative, die es beschreibt.",
     "Jede Tabelle hat eine Kopfzeile.", "Einige Tabellen haben keine Kopfzeile.",
     "Keine Tabelle hat eine Kopfzeile.",
     "Jede Fußnote ist aus dem Text verlinkt und führt zu ihm zurück.",
     "Einige Fußnoten sind nicht aus dem Text verlinkt.",
     "Keine Fußnote ist aus dem Text verlinkt."},
    {"fr",
     "Une édition texte recomposable dans l'ordre de lecture de "
     "l'original\xC2\xA0: des titres marquent ses sections et la table des "
     "matières renvoie à chacune d'elles.",
     "Une édition texte recomposable dans l'ordre de lecture de "
     "l'original\xC2\xA0: des titres marquent ses sections.",
     "Une édition texte recomposable dans l'ordre de lecture de l'original, "
     "un texte continu sans sections.",
     "Chaque image a une alternative textuelle.",
     "Certaines images n'ont pas d'alternative textuelle qui les décrive.",
     "Aucune image n'a d'alternative textuelle qui la décrive.",
     "Chaque tableau a une ligne d'en-tête.",
     "Certains tableaux n'ont pas de ligne d'en-tête.",
     "Aucun tableau n'a de ligne d'en-tête.",
     "Chaque note est liée depuis le texte et renvoie à son appel.",
     "Certaines notes ne sont pas liées depuis le texte.",
     "Aucune note n'est liée depuis le texte."},
    {"es",
     "Una edición de texto adaptable en el orden de lectura del original: los "
     "encabezados marcan sus secciones y el índice enlaza con cada una de "
     "ellas.",
     "Una edición de texto adaptable en el orden de lectura del original: los "
     "encabezados marcan sus secciones.",
     "Una edición de texto adaptable en el orden de lectura del original, un "
     "texto continuo sin secciones.",
     "Cada imagen tiene una alternativa textual.",
     "Algunas imágenes no tienen una alternativa textual que las describa.",
     "Ninguna imagen tiene una alternativa textual que la describa.",
     "Cada tabla tiene una fila de encabezado.",
     "Algunas tablas no tienen fila de encabezado.",
     "Ninguna tabla tiene fila de encabezado.",
     "Cada nota está enlazada desde el texto y remite de vuelta a él.",
     "Algunas notas no están enlazadas desde el texto.",
     "Ninguna nota está enlazada desde el texto."},
};

/* The sentence on the print edition's page numbers (a page list and
 * page-break markers), by language as the rows above. */
static const struct {
  const char *language;
  const char *sentence;
} page_words[] = {
    {"en", "The page numbers of the print edition are marked in the text and "
           "listed for navigation."},
    {"ru", "Номера страниц печатного издания отмечены в тексте и собраны в "
           "список для навигации."},
    {"kk", "Баспа басылымының бет нөмірлері мәтінде белгіленген және "
           "навигацияға арналған тізімге жиналған."},
    {"de", "Die Seitenzahlen der Druckausgabe sind im Text markiert und zur "
           "Navigation aufgelistet."},
    {"fr", "Les numéros de page de l'édition imprimée sont marqués dans le "
           "texte et listés pour la navigation."},
    {"es", "Los números de página de la edición impresa están marcados en el "
           "texto y listados para la navegación."},
};

static const char *page_sentence(const char *language)
{
  size_t k;
  for (k = 0; k < sizeof page_words / sizeof *page_words; k++)
    if (galley_langtag_is(language, page_words[k].language))
      return page_words[k].sentence;
  return page_words[0].sentence;
}

/* The row for the primary subtag of `language`, or NULL. */
static const a11y_words *summary_words(const char *language)
{
  size_t k;
  for (k = 0; k < sizeof summaries / sizeof *summaries; k++)
    if (galley_langtag_is(language, summaries[k].language))
      return &summaries[k];
  return NULL;
}

/* One of three sentences by how many of `total` qualify (total > 0). */
static const char *by_share(int qualify, int total, const char *all,
                            const char *some, const char *none)
{
  return qualify >= total ? all : qualify > 0 ? some : none;
}

/* ------------------------------------------------------------------ */
/* The metadata                                                        */
/* ------------------------------------------------------------------ */

static void put_meta(galley_buf *out, const char *property, const char *value)
{
  galley_buf_printf(out, "    <meta property=\"schema:%s\">%s</meta>\n", property,
                    value);
}

void epub_a11y_put(const epub_a11y *a, galley_buf *out)
{
  const a11y_words *w = summary_words(a->language);
  int visual = a->images > 0;
  int all_described = a->images_described == a->images;

  put_meta(out, "accessMode", "textual");
  if (visual)
    put_meta(out, "accessMode", "visual");
  /* Text alone carries the work only when every image has words of its
   * own; an alt text that repeats the caption leaves the picture to the
   * eyes. */
  if (all_described)
    put_meta(out, "accessModeSufficient", "textual");
  if (visual)
    put_meta(out, "accessModeSufficient", "textual,visual");
  if (a->headings > 0)
    put_meta(out, "accessibilityFeature", "structuralNavigation");
  if (a->toc_entries > 0)
    put_meta(out, "accessibilityFeature", "tableOfContents");
  if (visual && all_described)
    put_meta(out, "accessibilityFeature", "alternativeText");
  /* the print edition's pages: markers in the text, a page list */
  if (a->page_list) {
    put_meta(out, "accessibilityFeature", "pageBreakMarkers");
    put_meta(out, "accessibilityFeature", "pageNavigation");
  }
  put_meta(out, "accessibilityFeature", "readingOrder");
  /* The style sheet leaves sizes, fonts and colours to the reader
   * (epub_css.c). */
  put_meta(out, "accessibilityFeature", "displayTransformability");
  put_meta(out, "accessibilityHazard", "none");

  /* A language without sentences of its own gets the English ones,
   * marked as English. */
  galley_buf_puts(out, w ? "    <meta property=\"schema:accessibilitySummary\">"
                         : "    <meta property=\"schema:accessibilitySummary\" "
                           "xml:lang=\"en\">");
  if (!w)
    w = &summaries[0];
  epub_put_cstr(out, a->headings > 0 && a->toc_entries > 0 ? w->headings_toc
                     : a->headings > 0                     ? w->headings
                                                           : w->no_headings);
  if (visual) {
    galley_buf_putc(out, ' ');
    epub_put_cstr(out, by_share(a->images_described, a->images, w->images_all,
                                w->images_some, w->images_none));
  }
  if (a->tables > 0) {
    galley_buf_putc(out, ' ');
    epub_put_cstr(out, by_share(a->tables_with_header, a->tables, w->tables_all,
                                w->tables_some, w->tables_none));
  }
  if (a->notes > 0) {
    galley_buf_putc(out, ' ');
    epub_put_cstr(out, by_share(a->notes_linked, a->notes, w->notes_all,
                                w->notes_some, w->notes_none));
  }
  if (a->page_list) {
    galley_buf_putc(out, ' ');
    epub_put_cstr(out, page_sentence(w->language));
  }
  galley_buf_puts(out, "</meta>\n");
}
