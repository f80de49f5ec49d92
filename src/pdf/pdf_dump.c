/* pdf_dump.c: the layout dump (galley_write_options.layout_dump, the
 * command line's --dump-layout): a tab-separated line for each line drawn,
 * with its page, block, widths, spaces, word gap in em, hyphen and text,
 * which the PDF tests read. */
#include "pdf_private.h"
#include "../util/buf.h"

/* Adds the spaces among `run`'s glyphs (`text` is the line's) to *io_n
 * and their widths as drawn, justification included, to *io_w. */
static void count_spaces(const PangoGlyphItem *run, const char *text, int *io_n,
                         int *io_w)
{
  int g;
  for (g = 0; g < run->glyphs->num_glyphs; g++)
    if (pdf_is_word_space(text, run->item->offset + run->glyphs->log_clusters[g])) {
      (*io_n)++;
      *io_w += run->glyphs->glyphs[g].geometry.width;
    }
}

/* Writes one line of the layout dump (galley_write_options.layout_dump)
 * for line `li` of `p`, drawn on `page`: `width` is its natural width,
 * `text` its text as drawn, `spaces` and `space_w` its spaces and their
 * width as drawn. The first call writes the header. */
static void dump_line(pdf_ctx *ctx, const pdf_para *p, int li, int page, int width,
                      double base, const char *text, int spaces, int space_w)
{
  const galley_sink *sink = ctx->opts ? ctx->opts->layout_dump : NULL;
  const pdf_line *ln = &p->lines[li];
  galley_buf b = GALLEY_BUF_INIT;
  galley_status st;
  if (!sink || ctx->status != GALLEY_OK)
    return;
  if (!ctx->dump_started) {
    galley_buf_puts(&b, "# page\tblock\twidth\tmeasure\tspaces\tgap_em\thyphen\t"
                        "last\tjustified\ttext\tbaseline\tscale\n");
    ctx->dump_started = 1;
  }
  galley_buf_printf(&b, "%d\t%s%s%s\t%.2f\t%.2f\t%d\t%.3f\t%d\t%d\t%d\t", page,
                    p->elem_tag ? p->elem_tag : "p", p->cls ? "." : "", p->cls ? p->cls : "",
                    pango_units_to_double(width), pango_units_to_double(ln->measure), spaces,
                    spaces > 0 && p->em > 0
                        ? (double)space_w * pdf_line_scale(ln) / spaces / p->em
                        : 0.0,
                    ln->hyphen, li == p->n_lines - 1, ln->justify);
  for (; *text; text++)
    galley_buf_putc(&b, *text == '\t' || *text == '\n' ? ' ' : *text);
  galley_buf_printf(&b, "\t%.2f\t%.4f\n", base, pdf_line_scale(ln));
  st = sink->write(sink->ctx, (const unsigned char *)b.ptr, b.len, ctx->err);
  if (st != GALLEY_OK && ctx->status == GALLEY_OK)
    ctx->status = st; /* the sink has filled err */
  galley_buf_free(&b);
}

void pdf_dump_drawn_line(pdf_ctx *ctx, const pdf_para *p, int li, int page, int width,
                         double base, const pdf_set_line *sl, PangoLayoutLine *line)
{
  int spaces = 0, space_w = 0, r;
  GSList *l;
  if (!ctx->opts || !ctx->opts->layout_dump)
    return;
  if (sl)
    for (r = 0; r < sl->n_runs; r++)
      count_spaces(sl->runs[r], sl->text, &spaces, &space_w);
  else
    for (l = line->runs; l; l = l->next)
      count_spaces(l->data, galley_buf_cstr(&ctx->liner.text), &spaces, &space_w);
  dump_line(ctx, p, li, page, width, base,
            sl ? sl->text : galley_buf_cstr(&ctx->liner.text), spaces, space_w);
}
