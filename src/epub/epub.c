/* epub.c: galley_write_epub, the EPUB 3 edition.
 *
 * The writer plans the book, renders it, then packs it:
 *
 *   1. plan (epub_plan.c): the content documents, where each note
 *      goes, every heading's anchor, every image, and where the print
 *      edition's pages begin;
 *   2. render: the book-wide values (epub_meta.c), the content
 *      documents (epub_document.c, epub_xhtml.c), then the package
 *      document, navigation document and NCX (epub_package.c) and the
 *      style sheet (epub_css.c);
 *   3. pack: the OCF container in memory (epub_zip.c), in a fixed order:
 *
 *        mimetype                   stored, first, no extra field
 *        META-INF/container.xml
 *        OEBPS/content.opf
 *        OEBPS/nav.xhtml
 *        OEBPS/toc.ncx
 *        OEBPS/style.css            when the options carry a style sheet
 *        OEBPS/chapter-NNNN.xhtml   in reading order
 *        OEBPS/images/img-NNNN.ext  stored (already compressed)
 *
 *   and only then the bytes go to the sink, from the finished archive a
 *   piece at a time: a failure at any step before leaves the sink
 *   untouched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/options.h"
#include "../util/parallel.h"
#include "epub_private.h"

/* ---- the writer ------------------------------------------------------- */

static void ctx_free(epub_ctx *ctx)
{
  int i;
  for (i = 0; i < ctx->chapter_count; i++) {
    free(ctx->chapters[i].title);
    galley_buf_free(&ctx->chapters[i].xhtml);
  }
  free(ctx->chapters);
  for (i = 0; i < ctx->heading_count; i++) {
    free(ctx->headings[i].id);
    free(ctx->headings[i].text);
  }
  free(ctx->headings);
  free(ctx->heading_refs);
  free(ctx->anchors);
  galley_image_set_free(ctx->image_set);
  free(ctx->images);
  free(ctx->image_refs);
  free(ctx->page_refs);
  free(ctx->page_chapter);
  free(ctx->notes);
  free(ctx->note_order);
  free(ctx->title);
  free(ctx->lead);
  free(ctx->language);
  free(ctx->identifier);
  free(ctx->date);
  galley_buf_free(&ctx->cover_svg);
  galley_buf_free(&ctx->cover_xhtml);
}

/* What give_chapter needs. */
typedef struct chapter_giver {
  epub_ctx *ctx;
  epub_zip *zip;
} chapter_giver;

/* Hands content document `i`, whole, to the archive, which deflates it
 * while the next is rendered. */
static void give_chapter(void *arg, int i)
{
  chapter_giver *give = arg;
  epub_chapter *ch = &give->ctx->chapters[i];
  char name[64];
  snprintf(name, sizeof name, "OEBPS/%s", ch->name);
  if (ch->xhtml.len > 0) {
    size_t len;
    char *xhtml = galley_buf_detach(&ch->xhtml, &len);
    epub_zip_take(give->zip, name, xhtml, len);
  } else {
    epub_zip_add(give->zip, name, "", 0, 1);
  }
}

galley_status galley_write_epub(const galley_doc *doc,
                                const galley_write_options *opts,
                                const galley_sink *sink, galley_diag *diag,
                                galley_error *err)
{
  static const char mimetype[] = "application/epub+zip";
  galley_write_options defaults;
  epub_ctx ctx;
  galley_buf container = GALLEY_BUF_INIT, opf = GALLEY_BUF_INIT;
  galley_buf nav = GALLEY_BUF_INIT, ncx = GALLEY_BUF_INIT, css = GALLEY_BUF_INIT;
  epub_zip *zip = NULL;
  chapter_giver give;
  char name[64];
  int i, has_css;

  galley_error_clear(err);
  if (!doc || !sink || !sink->write)
    return galley_error_set(err, GALLEY_ERR_USAGE, 0,
                            "galley_write_epub: no document or no sink");
  if (!opts) {
    galley_write_options_init(&defaults);
  } else if (galley_options_take(&defaults, sizeof defaults, opts, "galley_write_options",
                                 err) != GALLEY_OK) {
    return GALLEY_ERR_USAGE;
  }
  opts = &defaults;
  memset(&ctx, 0, sizeof ctx);
  ctx.doc = doc;
  ctx.opts = opts;
  ctx.diag = diag;
  ctx.err = err;
  ctx.cover_image = -1;
  ctx.image_set = galley_image_set_new();

  /* 1. plan */
  epub_plan_book(&ctx);
  if (ctx.status || epub_meta_prepare(&ctx))
    goto done;

  /* 2. render, each content document deflated as soon as it is whole
   * (epub_zip.c), while the next is rendered */
  zip = epub_zip_new(ctx.epoch, galley_thread_count(opts->threads, GALLEY_PARALLEL_MAX), err);
  if (!zip) {
    ctx.status = GALLEY_ERR_INTERNAL;
    goto done;
  }
  give.ctx = &ctx;
  give.zip = zip;
  if (epub_document_render_all(&ctx, give_chapter, &give))
    goto done;
  if (ctx.cover_generated)
    epub_cover_render(&ctx);
  epub_package_container(&ctx, &container);
  has_css = opts->style_css != NULL;
  if (has_css) /* what it drops (@font-face, url()) is by design: no warning */
    epub_css_filter(opts->style_css, opts->style_css_len, &css);
  epub_package_opf(&ctx, &opf, has_css);
  epub_package_nav(&ctx, &nav);
  epub_package_ncx(&ctx, &ncx);

  /* 3. pack: mimetype first and stored (OCF 3.3, 4.2.6), then the
   * package's files, before the content documents given above */
  epub_zip_add_front(zip, "mimetype", mimetype, sizeof mimetype - 1, 0);
  epub_zip_add_front(zip, "META-INF/container.xml", container.ptr, container.len, 1);
  epub_zip_add_front(zip, "OEBPS/content.opf", opf.ptr, opf.len, 1);
  epub_zip_add_front(zip, "OEBPS/nav.xhtml", nav.ptr, nav.len, 1);
  epub_zip_add_front(zip, "OEBPS/toc.ncx", ncx.ptr, ncx.len, 1);
  if (has_css)
    epub_zip_add_front(zip, "OEBPS/style.css", css.ptr ? css.ptr : "", css.len, 1);
  if (ctx.cover_generated) {
    epub_zip_add_front(zip, "OEBPS/cover.xhtml", ctx.cover_xhtml.ptr, ctx.cover_xhtml.len, 1);
    epub_zip_add_front(zip, "OEBPS/cover.svg", ctx.cover_svg.ptr, ctx.cover_svg.len, 1);
  }
  for (i = 0; i < ctx.image_count; i++) {
    snprintf(name, sizeof name, "OEBPS/%s", ctx.images[i].href);
    /* PNG, JPEG and GIF are compressed already: stored */
    epub_zip_add(zip, name, ctx.images[i].img->data, ctx.images[i].img->len, 0);
  }
  ctx.status = epub_zip_finish(zip, sink, err);
  zip = NULL;

done:
  epub_zip_discard(zip);
  galley_buf_free(&container);
  galley_buf_free(&opf);
  galley_buf_free(&nav);
  galley_buf_free(&ncx);
  galley_buf_free(&css);
  ctx_free(&ctx);
  return ctx.status;
}
