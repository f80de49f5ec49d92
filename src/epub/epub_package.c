/* epub_package.c: the files of an EPUB that describe the book rather
 * than hold it (the values they state are epub_meta.c's):
 *
 *   META-INF/container.xml   points at OEBPS/content.opf (OCF 3.3, 4.2.6)
 *   OEBPS/content.opf        the package document (EPUB 3.3, 5): metadata
 *                            with accessibility metadata, manifest, spine
 *   OEBPS/nav.xhtml          the navigation document: a "toc" nav nested
 *                            by heading level, a "page-list" of the print
 *                            edition's pages when given a page map, and
 *                            "landmarks"
 *   OEBPS/toc.ncx            the same table of contents for EPUB 2
 *                            reading systems */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "../util/alloc.h"
#include "../util/utf8.h"
#include "epub_private.h"

/* ------------------------------------------------------------------ */
/* container.xml                                                       */
/* ------------------------------------------------------------------ */

void epub_package_container(epub_ctx *ctx, galley_buf *out)
{
  (void)ctx;
  galley_buf_puts(out,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<container version=\"1.0\" "
                  "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
                  "  <rootfiles>\n"
                  "    <rootfile full-path=\"OEBPS/content.opf\" "
                  "media-type=\"application/oebps-package+xml\"/>\n"
                  "  </rootfiles>\n"
                  "</container>\n");
}

/* ------------------------------------------------------------------ */
/* The package document                                                */
/* ------------------------------------------------------------------ */

static void put_element(galley_buf *out, const char *name, const char *attrs,
                        const char *value)
{
  galley_buf_printf(out, "    <%s%s>", name, attrs ? attrs : "");
  epub_put_cstr(out, value);
  galley_buf_printf(out, "</%s>\n", name);
}

/* One dc:subject per comma-separated keyword. */
static void put_keywords(galley_buf *out, const char *list)
{
  const char *p = list;
  while (*p) {
    const char *end = strchr(p, ',');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    while (n > 0 && (*p == ' ' || *p == '\t')) {
      p++;
      n--;
    }
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
      n--;
    if (n > 0) {
      galley_buf_puts(out, "    <dc:subject>");
      epub_put_text(out, p, n);
      galley_buf_puts(out, "</dc:subject>\n");
    }
    p = end ? end + 1 : p + strlen(p);
  }
}

/* Whether `s` is a group-position: digits with at most one '.' inside
 * ("2", "2.5"; not "second", "2a" or ".5"). */
static int is_position(const char *s)
{
  int digits = 0, dot = 0;
  if (!s || !*s)
    return 0;
  for (; *s; s++) {
    if (*s >= '0' && *s <= '9')
      digits++;
    else if (*s == '.' && digits > 0 && !dot && s[1])
      dot = 1;
    else
      return 0;
  }
  return digits > 0;
}

void epub_package_opf(epub_ctx *ctx, galley_buf *out, int has_css)
{
  const galley_meta *meta = galley_doc_get_meta(ctx->doc);
  const char *sub = galley_meta_get(meta, "subtitle");
  epub_a11y a11y;
  int n, i;

  galley_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<package xmlns=\"http://www.idpf.org/2007/opf\" "
                       "version=\"3.0\" unique-identifier=\"pub-id\" xml:lang=\"");
  epub_put_cstr(out, ctx->language);
  galley_buf_puts(out, "\">\n"
                       "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
  put_element(out, "dc:identifier", " id=\"pub-id\"", ctx->identifier);
  put_element(out, "dc:title", " id=\"title\"", ctx->title);
  if (epub_has_text(sub)) {
    galley_buf_puts(out, "    <meta refines=\"#title\" property=\"title-type\">"
                         "main</meta>\n");
    put_element(out, "dc:title", " id=\"subtitle\"", sub);
    galley_buf_puts(out, "    <meta refines=\"#subtitle\" property=\"title-type\">"
                         "subtitle</meta>\n");
  }
  put_element(out, "dc:language", NULL, ctx->language);
  n = galley_meta_get_count(meta, "author");
  for (i = 0; i < n; i++) {
    const char *a = galley_meta_get_nth(meta, "author", i);
    char attr[32];
    if (!epub_has_text(a))
      continue;
    snprintf(attr, sizeof attr, " id=\"creator-%d\"", i + 1);
    put_element(out, "dc:creator", attr, a);
    galley_buf_printf(out, "    <meta refines=\"#creator-%d\" property=\"role\" "
                           "scheme=\"marc:relators\">aut</meta>\n",
                      i + 1);
  }
  if (ctx->date)
    put_element(out, "dc:date", NULL, ctx->date);
  if (epub_has_text(galley_meta_get(meta, "publisher")))
    put_element(out, "dc:publisher", NULL, galley_meta_get(meta, "publisher"));
  if (epub_has_text(galley_meta_get(meta, "rights")))
    put_element(out, "dc:rights", NULL, galley_meta_get(meta, "rights"));
  if (epub_has_text(galley_meta_get(meta, "description")))
    put_element(out, "dc:description", NULL, galley_meta_get(meta, "description"));
  n = galley_meta_get_count(meta, "subject");
  for (i = 0; i < n; i++)
    if (epub_has_text(galley_meta_get_nth(meta, "subject", i)))
      put_element(out, "dc:subject", NULL, galley_meta_get_nth(meta, "subject", i));
  n = galley_meta_get_count(meta, "keywords");
  for (i = 0; i < n; i++)
    put_keywords(out, galley_meta_get_nth(meta, "keywords", i));
  if (epub_has_text(galley_meta_get(meta, "source")))
    put_element(out, "dc:source", NULL, galley_meta_get(meta, "source"));
  n = galley_meta_get_count(meta, "contributor");
  for (i = 0; i < n; i++)
    if (epub_has_text(galley_meta_get_nth(meta, "contributor", i)))
      put_element(out, "dc:contributor", NULL, galley_meta_get_nth(meta, "contributor", i));
  /* A series is a collection the book belongs to (EPUB 3.3, D.3.3), its
   * place in it the group-position, when it is a number. */
  if (epub_has_text(galley_meta_get(meta, "series"))) {
    const char *pos = galley_meta_get(meta, "series-position");
    put_element(out, "meta", " property=\"belongs-to-collection\" id=\"c1\"",
                galley_meta_get(meta, "series"));
    galley_buf_puts(out, "    <meta refines=\"#c1\" property=\"collection-type\">"
                         "series</meta>\n");
    if (is_position(pos))
      put_element(out, "meta", " refines=\"#c1\" property=\"group-position\"",
                  pos);
    else if (pos && *pos)
      galley_diag_add(ctx->diag, galley_meta_get_line(meta, "series-position"), 0,
                      "series-position '%s' is not a number such as 2 or 2.5; "
                      "the EPUB gives the series no position",
                      pos);
  }
  /* A standard the publisher says the book conforms to (an accessibility
   * claim is theirs to make: see below). */
  if (epub_has_text(galley_meta_get(meta, "conformsto")))
    put_element(out, "meta", " property=\"dcterms:conformsTo\"",
                galley_meta_get(meta, "conformsto"));
  galley_buf_printf(out, "    <meta property=\"dcterms:modified\">%s</meta>\n",
                    ctx->modified);

  /* Accessibility metadata (EPUB Accessibility 1.1, 2.2), derived from
   * what the book holds (epub_a11y.c). */
  epub_a11y_derive(ctx, &a11y);
  epub_a11y_put(&a11y, out);
  /* Page markers from a paged edition name it (EPUB Accessibility,
   * page navigation): the PDF made from the same book in the same run.
   * A source of pagination as EPUB 3.2 says it (and Ace looks for):
   * epubcheck 4.2 knows no a11y:pageBreakSource, EPUB Accessibility
   * 1.1's newer form. */
  if (ctx->pages_marked > 0) {
    const char *edition = ctx->opts->page_map->edition;
    galley_buf_puts(out, "    <dc:source id=\"pagination-source\">");
    epub_put_cstr(out, ctx->title);
    if (*edition) {
      galley_buf_puts(out, " (");
      epub_put_cstr(out, edition);
      galley_buf_putc(out, ')');
    }
    galley_buf_puts(out, "</dc:source>\n    <meta refines=\"#pagination-source\" "
                         "property=\"source-of\">pagination</meta>\n");
  }
  if (ctx->cover_image >= 0)
    galley_buf_printf(out, "    <meta name=\"cover\" content=\"%s\"/>\n",
                      ctx->images[ctx->cover_image].id);
  else if (ctx->cover_generated)
    galley_buf_puts(out, "    <meta name=\"cover\" content=\"cover-image\"/>\n");
  galley_buf_puts(out, "  </metadata>\n  <manifest>\n");
  galley_buf_puts(out, "    <item id=\"nav\" href=\"nav.xhtml\" "
                       "media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
                       "    <item id=\"ncx\" href=\"toc.ncx\" "
                       "media-type=\"application/x-dtbncx+xml\"/>\n");
  if (has_css)
    galley_buf_puts(out, "    <item id=\"css\" href=\"style.css\" "
                         "media-type=\"text/css\"/>\n");
  /* the generated cover (epub_cover.c): a drawing and the page showing it */
  if (ctx->cover_generated)
    galley_buf_puts(out, "    <item id=\"cover\" href=\"cover.xhtml\" "
                         "media-type=\"application/xhtml+xml\"/>\n"
                         "    <item id=\"cover-image\" href=\"cover.svg\" "
                         "media-type=\"image/svg+xml\" properties=\"cover-image\"/>\n");
  for (i = 0; i < ctx->chapter_count; i++)
    galley_buf_printf(out, "    <item id=\"%s\" href=\"%s\" "
                           "media-type=\"application/xhtml+xml\"/>\n",
                      ctx->chapters[i].id, ctx->chapters[i].name);
  for (i = 0; i < ctx->image_count; i++)
    galley_buf_printf(out, "    <item id=\"%s\" href=\"%s\" media-type=\"%s\"%s/>\n",
                      ctx->images[i].id, ctx->images[i].href,
                      ctx->images[i].img->info.media_type,
                      ctx->images[i].cover ? " properties=\"cover-image\"" : "");
  /* a right-to-left language turns its pages from right to left */
  galley_buf_puts(out, galley_language_is_rtl(ctx->language)
                           ? "  </manifest>\n  <spine toc=\"ncx\" "
                             "page-progression-direction=\"rtl\">\n"
                           : "  </manifest>\n  <spine toc=\"ncx\">\n");
  if (ctx->cover_generated)
    galley_buf_puts(out, "    <itemref idref=\"cover\"/>\n");
  for (i = 0; i < ctx->chapter_count; i++)
    galley_buf_printf(out, "    <itemref idref=\"%s\"/>\n", ctx->chapters[i].id);
  /* The navigation document is a spine item (the "toc" landmark points
   * at it, and links may only lead to spine items: RSC-011), but out of
   * the reading order: the article is read from its title page. */
  galley_buf_puts(out, "    <itemref idref=\"nav\" linear=\"no\"/>\n");
  galley_buf_puts(out, "  </spine>\n</package>\n");
}

/* ------------------------------------------------------------------ */
/* Table of contents (nav and NCX)                                     */
/* ------------------------------------------------------------------ */

/* One entry of the table of contents. */
typedef struct toc_entry {
  const char *text; /* borrowed, plain */
  int chapter;
  const char *id;   /* borrowed; NULL: the document's start */
  int depth;        /* 0 = top */
} toc_entry;

/* The entries in order with their nesting depth. Headings nest by level,
 * a jump of two levels nesting only one deeper (an <ol> holds <li>s, so
 * no level may be skipped). Content before the first heading gets an
 * entry of its own, titled with the book's title, so that it can be
 * reached and so a book without headings has a non-empty list. Returns
 * an array the caller frees, its length in *out_count. */
static toc_entry *toc_entries(const epub_ctx *ctx, int *out_count)
{
  toc_entry *e = galley_xreallocarray(NULL, (size_t)ctx->heading_count + 1,
                                      sizeof *e);
  int *stack = galley_xreallocarray(NULL, (size_t)ctx->heading_count + 1,
                                    sizeof *stack);
  int n = 0, top = 0, i;
  const galley_node *first_block = galley_node_first_child(
      galley_doc_get_root(ctx->doc));
  int lead = ctx->heading_count == 0 || ctx->headings[0].node != first_block;
  if (lead) {
    e[n].text = ctx->lead && ctx->lead[0] ? ctx->lead : ctx->title;
    e[n].chapter = 0;
    e[n].id = NULL;
    e[n].depth = 0;
    n++;
  }
  for (i = 0; i < ctx->heading_count; i++) {
    const epub_heading *h = &ctx->headings[i];
    while (top > 0 && stack[top - 1] >= h->level)
      top--;
    e[n].text = h->text;
    e[n].chapter = h->chapter;
    e[n].id = h->id;
    e[n].depth = top;
    stack[top++] = h->level;
    n++;
  }
  free(stack);
  *out_count = n;
  return e;
}

static void put_href(const epub_ctx *ctx, galley_buf *out, const toc_entry *e)
{
  galley_buf_puts(out, ctx->chapters[e->chapter].name);
  if (e->id) {
    galley_buf_putc(out, '#');
    epub_put_url(out, e->id, strlen(e->id), 1);
  }
}

void epub_package_nav(epub_ctx *ctx, galley_buf *out)
{
  int n, i, k, body = 0;
  toc_entry *e = toc_entries(ctx, &n);
  const epub_words *w = epub_words_lookup(ctx->language);

  epub_document_open(ctx, out, w->contents, NULL);
  galley_buf_puts(out, "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>");
  epub_put_cstr(out, w->contents);
  galley_buf_puts(out, "</h1>\n<ol>\n");
  for (i = 0; i < n; i++) {
    if (i > 0) {
      if (e[i].depth > e[i - 1].depth) {
        galley_buf_puts(out, "\n<ol>\n");
      } else {
        galley_buf_puts(out, "</li>\n");
        for (k = e[i - 1].depth; k > e[i].depth; k--)
          galley_buf_puts(out, "</ol>\n</li>\n");
      }
    }
    galley_buf_puts(out, "<li><a href=\"");
    put_href(ctx, out, &e[i]);
    galley_buf_puts(out, "\">");
    epub_put_cstr(out, epub_has_text(e[i].text) ? e[i].text : w->section);
    galley_buf_puts(out, "</a>");
  }
  galley_buf_puts(out, "</li>\n");
  for (k = n > 0 ? e[n - 1].depth : 0; k > 0; k--)
    galley_buf_puts(out, "</ol>\n</li>\n");
  galley_buf_puts(out, "</ol>\n</nav>\n");

  /* The print edition's pages: a flat list linking every marker written,
   * labelled with its folio alone. */
  if (ctx->pages_marked > 0) {
    const galley_page_map *map = ctx->opts->page_map;
    int pg;
    galley_buf_puts(out, "<nav epub:type=\"page-list\" id=\"page-list\" "
                         "role=\"doc-pagelist\" hidden=\"hidden\">\n<ol>\n");
    for (pg = 0; pg < map->count; pg++) {
      char id[32];
      if (ctx->page_chapter[pg] < 0)
        continue;
      epub_page_id(ctx, pg, id);
      galley_buf_printf(out, "<li><a href=\"%s#%s\">",
                        ctx->chapters[ctx->page_chapter[pg]].name, id);
      epub_put_cstr(out, map->pages[pg].label);
      galley_buf_puts(out, "</a></li>\n");
    }
    galley_buf_puts(out, "</ol>\n</nav>\n");
  }

  /* Landmarks: a flat list. The body matter starts with the first
   * document that holds more than the title page, at its first block
   * after the title block when it has one. */
  if (ctx->start_chapter >= 0)
    body = ctx->start_chapter;
  while (body + 1 < ctx->chapter_count && ctx->chapters[body].title_only)
    body++;
  galley_buf_puts(out, "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n"
                       "<h2>");
  epub_put_cstr(out, w->landmarks);
  galley_buf_puts(out, "</h2>\n<ol>\n");
  if (ctx->cover_generated) {
    galley_buf_puts(out, "<li><a epub:type=\"cover\" href=\"cover.xhtml\">");
    epub_put_cstr(out, w->cover);
    galley_buf_puts(out, "</a></li>\n");
  }
  for (i = 0; i < ctx->chapter_count; i++)
    if (ctx->chapters[i].first &&
        galley_node_get_type(ctx->chapters[i].first) == GALLEY_NODE_TITLE_BLOCK) {
      galley_buf_printf(out, "<li><a epub:type=\"titlepage\" href=\"%s\">",
                        ctx->chapters[i].name);
      epub_put_cstr(out, w->titlepage);
      galley_buf_puts(out, "</a></li>\n");
      break;
    }
  galley_buf_puts(out, "<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">");
  epub_put_cstr(out, w->toc);
  galley_buf_printf(out, "</a></li>\n<li><a epub:type=\"bodymatter\" href=\"%s%s%s\">",
                    ctx->chapters[body].name,
                    body == ctx->start_chapter && ctx->start_id[0] ? "#" : "",
                    body == ctx->start_chapter ? ctx->start_id : "");
  epub_put_cstr(out, w->start);
  galley_buf_puts(out, "</a></li>\n</ol>\n</nav>\n</body>\n</html>\n");
  free(e);
}

void epub_package_ncx(epub_ctx *ctx, galley_buf *out)
{
  int n, i, k, depth = 0;
  toc_entry *e = toc_entries(ctx, &n);
  const epub_words *w = epub_words_lookup(ctx->language);

  for (i = 0; i < n; i++)
    if (e[i].depth + 1 > depth)
      depth = e[i].depth + 1;
  galley_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" "
                       "version=\"2005-1\" xml:lang=\"");
  epub_put_cstr(out, ctx->language);
  galley_buf_puts(out, "\">\n  <head>\n    <meta name=\"dtb:uid\" content=\"");
  epub_put_cstr(out, ctx->identifier);
  galley_buf_printf(out, "\"/>\n    <meta name=\"dtb:depth\" content=\"%d\"/>\n"
                         "    <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
                         "    <meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n"
                         "  </head>\n  <docTitle><text>",
                    depth);
  epub_put_cstr(out, ctx->title);
  galley_buf_puts(out, "</text></docTitle>\n  <navMap>\n");
  for (i = 0; i < n; i++) {
    if (i > 0 && e[i].depth <= e[i - 1].depth)
      for (k = e[i - 1].depth; k >= e[i].depth; k--)
        galley_buf_puts(out, "</navPoint>\n");
    galley_buf_printf(out, "<navPoint id=\"navpoint-%d\" playOrder=\"%d\">"
                           "<navLabel><text>",
                      i + 1, i + 1);
    epub_put_cstr(out, epub_has_text(e[i].text) ? e[i].text : w->section);
    galley_buf_puts(out, "</text></navLabel><content src=\"");
    put_href(ctx, out, &e[i]);
    galley_buf_puts(out, "\"/>\n");
  }
  for (k = n > 0 ? e[n - 1].depth : -1; k >= 0; k--)
    galley_buf_puts(out, "</navPoint>\n");
  galley_buf_puts(out, "  </navMap>\n</ncx>\n");
  free(e);
}
