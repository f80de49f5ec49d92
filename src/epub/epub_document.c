/* epub_document.c: the XHTML documents of the EPUB as wholes. Every one
 * of them (the content documents, the navigation document, the generated
 * cover's) opens the same way:
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <!DOCTYPE html>
 *   <html xmlns=... xmlns:epub=... lang="en" xml:lang="en">
 *   (and dir="rtl" for a language written right to left)
 *   <head><title>…</title><link rel="stylesheet" … href="style.css"/></head>
 *   <body>
 *
 * A content document holds a run of top-level blocks (the plan's
 * epub_chapter), each written by the model walk of epub_xhtml.c, then
 * the notes it cites first (see epub_note for where notes go):
 *
 *   <div class="footnotes">
 *     <aside epub:type="footnote" role="doc-footnote" class="footnote" id="fn1">
 *     …</aside></div>
 *   </body></html>
 *
 * and where the text starts after the title page gets an id, the
 * target of the "bodymatter" landmark. */
#include <stdlib.h>
#include <string.h>

#include "../model/markup.h"
#include "epub_private.h"

void epub_document_open(epub_ctx *ctx, galley_buf *out, const char *title,
                        const char *body_attrs)
{
  galley_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<!DOCTYPE html>\n"
                       "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                       "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"");
  epub_put_cstr(out, ctx->language);
  galley_buf_puts(out, "\" xml:lang=\"");
  epub_put_cstr(out, ctx->language);
  /* a right-to-left language sets the base direction of every document,
   * the navigation document's too */
  if (galley_language_is_rtl(ctx->language))
    galley_buf_puts(out, "\" dir=\"rtl");
  galley_buf_puts(out, "\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
  epub_put_cstr(out, title && *title ? title : ctx->title);
  galley_buf_puts(out, "</title>\n");
  if (ctx->opts->style_css)
    galley_buf_puts(out, "<link rel=\"stylesheet\" type=\"text/css\" "
                         "href=\"style.css\"/>\n");
  galley_buf_printf(out, "</head>\n<body%s>\n", body_attrs ? body_attrs : "");
}

/* The id the start of the text gets when it has none of its own: no
 * heading's id (those are slugs, which never hold '_') nor a note's. */
#define START_ID "text_start"

/* Gives the block rendered into out from byte `at` on an id, or takes
 * the one it has (a heading's), as where the text starts: the element
 * the "bodymatter" landmark points at. Nothing rendered, nothing done:
 * the next block is tried. */
static void mark_start(epub_ctx *ctx, galley_buf *out, size_t at)
{
  static const char marker[] = "<span epub:type=\"pagebreak\"";
  size_t i = at, name_end, tag_end;
  const char *id;
  for (;;) {
    while (i < out->len && out->ptr[i] != '<')
      i++;
    if (i >= out->len)
      return;
    /* the text starts at its block, not at a page break before it */
    if (out->len - i < sizeof marker - 1 ||
        memcmp(out->ptr + i, marker, sizeof marker - 1) != 0)
      break;
    while (i < out->len && out->ptr[i] != '>')
      i++;
  }
  for (name_end = i + 1; name_end < out->len && out->ptr[name_end] != ' ' &&
                         out->ptr[name_end] != '>' && out->ptr[name_end] != '/';
       name_end++)
    ;
  for (tag_end = name_end; tag_end < out->len && out->ptr[tag_end] != '>'; tag_end++)
    ;
  galley_buf_putc(out, '\0'); /* a terminator for strstr, taken off below */
  out->len--;
  id = strstr(out->ptr + name_end, " id=\"");
  if (id && (size_t)(id - out->ptr) < tag_end) {
    const char *v = id + 5, *e = strchr(v, '"');
    if (e && (size_t)(e - v) < sizeof ctx->start_id) {
      memcpy(ctx->start_id, v, (size_t)(e - v));
      ctx->start_id[e - v] = '\0';
      return;
    }
  }
  {
    static const char attr[] = " id=\"" START_ID "\"";
    size_t n = sizeof attr - 1;
    galley_buf_put(out, attr, n); /* grows the buffer; moved below */
    memmove(out->ptr + name_end + n, out->ptr + name_end, out->len - n - name_end);
    memcpy(out->ptr + name_end, attr, n);
    strcpy(ctx->start_id, START_ID);
  }
}

galley_status epub_document_render_all(epub_ctx *ctx, void (*done)(void *arg, int i),
                                       void *arg)
{
  int i;
  ctx->start_chapter = -1;
  ctx->start_id[0] = '\0';
  for (i = 0; i < ctx->chapter_count; i++) {
    epub_chapter *ch = &ctx->chapters[i];
    galley_node *n;
    int k, has_title = 0, after_title = 0;
    /* A document that holds the title page (after an edition notice,
     * say) is not all body matter: its title block says what it is, and
     * the text after it is marked by the first block's id, which the
     * "bodymatter" landmark names. */
    for (n = (galley_node *)ch->first; n && !has_title; n = galley_node_next(n)) {
      has_title = galley_node_get_type(n) == GALLEY_NODE_TITLE_BLOCK;
      if (n == ch->last)
        break;
    }
    epub_document_open(ctx, &ch->xhtml, ch->title,
                       has_title ? NULL : " epub:type=\"bodymatter\"");
    if (ctx->start_chapter < 0 && !ch->title_only)
      ctx->start_chapter = i;
    for (n = (galley_node *)ch->first; n; n = galley_node_next(n)) {
      size_t at = ch->xhtml.len;
      epub_xhtml_render_node(ctx, &ch->xhtml, i, n);
      if (after_title && ctx->start_chapter == i && !ctx->start_id[0])
        mark_start(ctx, &ch->xhtml, at);
      if (galley_node_get_type(n) == GALLEY_NODE_TITLE_BLOCK)
        after_title = 1;
      if (n == ch->last)
        break;
    }
    /* The notes this document cites first, after its text: reading
     * systems that pop notes up hide the asides, the others show them as
     * the section's endnotes. */
    if (ch->note_begin < ch->note_end) {
      galley_markup m; /* the notes' shared wrapper (model/markup.h) */
      galley_markup_get(ctx->notes[ctx->note_order[ch->note_begin]].node, &m);
      galley_buf_printf(&ch->xhtml, "<%s class=\"%s\">\n", m.wrap_tag, m.wrap_cls);
      for (k = ch->note_begin; k < ch->note_end; k++)
        epub_xhtml_render_node(ctx, &ch->xhtml, i,
                               (galley_node *)ctx->notes[ctx->note_order[k]].node);
      galley_buf_printf(&ch->xhtml, "</%s>\n", m.wrap_tag);
    }
    galley_buf_puts(&ch->xhtml, "</body>\n</html>\n");
    if (done && !ctx->status)
      done(arg, i);
  }
  return ctx->status;
}
