/* epub_xhtml.c: the model as XHTML, one walk of each top-level block
 * and each note (as cmark's html.c renders its tree) into the content
 * document epub_document.c opens and closes:
 *
 *   <header class="titleblock"><h1 class="title">…</h1>
 *     <p class="subtitle">…</p><p class="byline">…</p><p class="byline date">…</p></header>
 *   <p class="dateline-para"><span class="dateline">ASTANA</span> – …</p>
 *   <h2 id="…">…</h2>                     heading level n is h(n+1), h6 at most
 *   <figure><img src="images/img-0001.jpg" alt="…"/>
 *     <figcaption>… <span class="credit">Photo credit: …</span></figcaption></figure>
 *   <div class="figure credit-only"><p class="credit">Photo: …</p></div>
 *   <blockquote>…</blockquote> <ul>/<ol start="n"><li>…</li></ul> <hr/>
 *   <pre><code>…</code></pre>
 *   <div class="table"><table><caption>…</caption>
 *     <thead><tr><th scope="col" class="align-right">…</th></tr></thead>
 *     <tbody><tr><td>…</td></tr></tbody></table></div>
 *   <ul><li class="task"><label><input type="checkbox" disabled="disabled"
 *     checked="checked"/> …</label></li></ul>
 *   <aside epub:type="footnote" role="doc-footnote" class="footnote" id="fn1">
 *     <p><a class="note-back" role="doc-backlink" href="#fnref1">1</a> …</p>
 *     </aside>                              a note, after the document's text
 *
 * Inline runs become <em>, <strong>, <span class="smallcaps">,
 * <span class="dateline">, <code>, <a href>, <br/>, <del>, and note
 * references <sup class="noteref"><a epub:type="noteref"
 * role="doc-noteref" href="#fn1" id="fnref1">1</a></sup> (the id on the
 * first reference only, the href naming the note's document when it is
 * another; see epub_note for where notes go). Every text and
 * attribute goes through epub_put_text. Links follow the policy of
 * util/link.h, the PDF's too: web and mail URLs, and "#id" anchors of
 * headings (pointed at the content document that holds them); others
 * (javascript:, data:, relative files not in the book, control
 * characters, dangling anchors) become plain text with a warning.
 *
 * Given a page map (galley_write_options.page_map), each page of the
 * print edition is marked where it begins, before its block or at the
 * first word of a text: <span epub:type="pagebreak"
 * role="doc-pagebreak" id="page_37" aria-label="37"/>. */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/link.h"
#include "../util/utf8.h"
#include "../model/markup.h"
#include "epub_private.h"

/* ------------------------------------------------------------------ */
/* Links                                                               */
/* ------------------------------------------------------------------ */

/* Writes the href of a link to `url` from content document `chapter`
 * into `href`. Returns 1, or 0 when the link cannot be kept (the policy
 * of util/link.h), with its warning when `warn_line` >= 0. */
static int resolve_link(epub_ctx *ctx, const char *url, int chapter,
                        galley_buf *href, int warn_line)
{
  galley_link link;
  galley_buf id = GALLEY_BUF_INIT;
  int c;
  galley_link_classify(url, &link);
  switch (link.kind) {
  case GALLEY_LINK_EXTERNAL:
    galley_link_put_target(&id, &link);
    epub_put_url(href, id.ptr, id.len, 0);
    galley_buf_free(&id);
    return 1;
  case GALLEY_LINK_ANCHOR:
    galley_link_put_anchor_id(&id, &link);
    c = epub_find_anchor(ctx, galley_buf_cstr(&id), id.len);
    if (c >= 0) {
      if (c != chapter)
        galley_buf_puts(href, ctx->chapters[c].name);
      galley_buf_putc(href, '#');
      epub_put_url(href, id.ptr, id.len, 1);
      galley_buf_free(&id);
      return 1;
    }
    galley_buf_free(&id);
    break;
  default:
    break;
  }
  if (warn_line >= 0)
    galley_link_warn(ctx->diag, warn_line, &link);
  return 0;
}

/* The state of one content document's walk. */
typedef struct renderer {
  epub_ctx *ctx;        /* borrowed */
  galley_buf *out;      /* borrowed: the document */
  int chapter;          /* index of the document */
} renderer;

static void render(renderer *r, galley_node *root);

/* ------------------------------------------------------------------ */
/* The print edition's page breaks                                     */
/* ------------------------------------------------------------------ */

/* Writes the marker of page start `i` (EPUB 3 Structural Semantics
 * pagebreak, DPUB-ARIA doc-pagebreak, labelled with the folio as the
 * accessibility rules ask), once. */
static void put_page_marker(renderer *r, int i)
{
  epub_ctx *ctx = r->ctx;
  char id[32];
  if (ctx->page_chapter[i] >= 0)
    return;
  epub_page_id(ctx, i, id);
  galley_buf_printf(r->out, "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" "
                            "id=\"%s\" aria-label=\"", id);
  epub_put_cstr(r->out, ctx->opts->page_map->pages[i].label);
  galley_buf_puts(r->out, "\"/>");
  ctx->page_chapter[i] = r->chapter;
  ctx->pages_marked++;
}

/* The index of the first page start at `node`, or -1 (always without a
 * page map). */
static int first_page_at(const renderer *r, const galley_node *node)
{
  if (r->ctx->page_ref_count == 0)
    return -1;
  return epub_ref_find(r->ctx->page_refs, r->ctx->page_ref_count, node);
}

/* The markers of the pages that begin before `node`. */
static void put_pages_before(renderer *r, const galley_node *node)
{
  const galley_page_map *map = r->ctx->opts->page_map;
  int i = first_page_at(r, node);
  for (; i >= 0 && i < map->count && map->pages[i].node == node; i++)
    put_page_marker(r, i);
}

/* Whether `node` opens markup where no phrasing content may stand (a
 * table's row, cell or caption): its page markers go inside it. */
static int in_table_markup(const galley_node *node)
{
  galley_node_type t = galley_node_get_type(node);
  return t == GALLEY_NODE_TABLE_ROW || t == GALLEY_NODE_TABLE_CELL ||
         (t == GALLEY_NODE_CAPTION &&
          galley_node_get_type(galley_node_parent(node)) == GALLEY_NODE_TABLE);
}

/* Writes the literal of `node` (`len` bytes at `lit`) as text, with the
 * markers of the pages that begin in it at their words. */
static void put_literal(renderer *r, const galley_node *node, const char *lit,
                        size_t len)
{
  const galley_page_map *map = r->ctx->opts->page_map;
  int i = first_page_at(r, node);
  size_t at = 0;
  if (!lit)
    return;
  for (; i >= 0 && i < map->count && map->pages[i].node == node; i++) {
    size_t off = map->pages[i].offset;
    if (off > len)
      off = len;
    if (off < at)
      off = at;
    epub_put_text(r->out, lit + at, off - at);
    put_page_marker(r, i);
    at = off;
  }
  epub_put_text(r->out, lit + at, len - at);
}

static void render_children(renderer *r, const galley_node *node)
{
  galley_node *c;
  for (c = galley_node_first_child(node); c; c = galley_node_next(c))
    render(r, c);
}

/* ------------------------------------------------------------------ */
/* Tags, from the markup both editions share (model/markup.h)          */
/* ------------------------------------------------------------------ */

/* Writes "<tag", the EPUB's own attributes `before` (each with its
 * leading space; NULL for none), and the class attribute of `cls` (NULL
 * for none: classes are tokens that need no escaping). The caller writes
 * any further attributes and the closing '>'. */
static void open_tag(galley_buf *out, const char *tag, const char *before, const char *cls)
{
  galley_buf_putc(out, '<');
  galley_buf_puts(out, tag);
  if (before)
    galley_buf_puts(out, before);
  if (cls) {
    galley_buf_puts(out, " class=\"");
    galley_buf_puts(out, cls);
    galley_buf_putc(out, '"');
  }
}

/* The start tag of a node's own element, or of its wrapper, with no
 * attribute but the class. */
static void start_tag(galley_buf *out, const char *tag, const char *cls)
{
  open_tag(out, tag, NULL, cls);
  galley_buf_putc(out, '>');
}

static void end_tag(galley_buf *out, const char *tag)
{
  galley_buf_puts(out, "</");
  galley_buf_puts(out, tag);
  galley_buf_putc(out, '>');
}

/* The start or end tag of `node`'s own element, and a newline after an
 * end tag when `newline`. */
static void node_tag(galley_buf *out, const galley_node *node, int entering, int newline)
{
  galley_markup m;
  galley_markup_get(node, &m);
  assert(m.tag);
  if (entering) {
    start_tag(out, m.tag, m.cls);
    return;
  }
  end_tag(out, m.tag);
  if (newline)
    galley_buf_putc(out, '\n');
}

static void render_image(renderer *r, galley_node *img)
{
  epub_ctx *ctx = r->ctx;
  int k = epub_ref_find(ctx->image_refs, ctx->image_node_count, img);
  const epub_image *im;
  char *alt;
  const char *title = galley_node_get_title(img);
  assert(k >= 0); /* the plan loaded every image */
  im = &ctx->images[k];
  alt = galley_node_get_plain_text(img);
  galley_markup m;
  galley_markup_get(img, &m);
  open_tag(r->out, m.tag, NULL, m.cls);
  galley_buf_printf(r->out, " src=\"%s\" alt=\"", im->href);
  epub_put_cstr(r->out, alt);
  galley_buf_putc(r->out, '"');
  if (title && *title) {
    galley_buf_puts(r->out, " title=\"");
    epub_put_cstr(r->out, title);
    galley_buf_putc(r->out, '"');
  }
  galley_buf_puts(r->out, "/>");
  free(alt);
}

/* A FIGURE as a whole: its images, then one figcaption holding the
 * captions and, after them, the credits (HTML allows one figcaption, as
 * the first or last child). A figure with neither image nor caption is
 * only a credit, for a picture the text does not carry (model/markup.h
 * names the elements). */
static void render_figure(renderer *r, galley_node *fig)
{
  galley_node *c;
  galley_markup m, cm;
  const galley_node *first_text = NULL; /* the first caption or credit */
  int k;
  galley_markup_get(fig, &m);
  start_tag(r->out, m.tag, m.cls);
  galley_buf_putc(r->out, '\n');
  for (c = galley_node_first_child(fig); c; c = galley_node_next(c)) {
    galley_node_type t = galley_node_get_type(c);
    if (t == GALLEY_NODE_IMAGE) {
      render_image(r, c);
      galley_buf_putc(r->out, '\n');
    } else if (!first_text && (t == GALLEY_NODE_CAPTION || t == GALLEY_NODE_CREDIT)) {
      first_text = c;
    }
  }
  galley_markup_get(first_text, &cm);
  if (first_text && !cm.wrap_tag) {
    /* a credit-only figure: its credits, each an element of its own */
    for (c = galley_node_first_child(fig); c; c = galley_node_next(c))
      if (galley_node_get_type(c) == GALLEY_NODE_CREDIT)
        render(r, c);
  } else if (first_text) {
    start_tag(r->out, cm.wrap_tag, cm.wrap_cls);
    k = 0;
    for (c = galley_node_first_child(fig); c; c = galley_node_next(c))
      if (galley_node_get_type(c) == GALLEY_NODE_CAPTION) {
        if (k++)
          galley_buf_puts(r->out, "<br/>");
        render_children(r, c);
      }
    for (c = galley_node_first_child(fig); c; c = galley_node_next(c))
      if (galley_node_get_type(c) == GALLEY_NODE_CREDIT) {
        if (k++)
          galley_buf_putc(r->out, ' ');
        node_tag(r->out, c, 1, 0);
        render_children(r, c);
        node_tag(r->out, c, 0, 0);
      }
    end_tag(r->out, cm.wrap_tag);
    galley_buf_putc(r->out, '\n');
  }
  end_tag(r->out, m.tag);
  galley_buf_putc(r->out, '\n');
}

/* A note's number linking back to its first reference (DPUB-ARIA
 * doc-backlink), or the bare number when nothing links to the note. */
static void put_backlink(galley_buf *out, const epub_note *nt, int number)
{
  galley_markup m;
  galley_markup_get_note_number(nt->first_ref != NULL, &m);
  open_tag(out, m.tag, NULL, m.cls);
  if (nt->first_ref)
    galley_buf_printf(out, " role=\"doc-backlink\" href=\"#fnref%d\"", number);
  galley_buf_printf(out, ">%d", number);
  end_tag(out, m.tag);
}

/* A task item's box: a disabled checkbox, which every screen reader
 * announces as a check box, checked or not, in the reader's own words
 * (text boxes such as U+2610 are read as "ballot box", if at all, and an
 * aria-label would have to be written in the book's language). It is
 * labelled by the item's text, which the caller wraps with it in a
 * <label>, or, when the item opens with no paragraph, by `aria_label`. */
static void put_task_box(galley_buf *out, galley_task task, const char *aria_label)
{
  galley_buf_puts(out, "<input type=\"checkbox\" disabled=\"disabled\"");
  if (task == GALLEY_TASK_DONE)
    galley_buf_puts(out, " checked=\"checked\"");
  if (aria_label) {
    galley_buf_puts(out, " aria-label=\"");
    epub_put_cstr(out, aria_label);
    galley_buf_putc(out, '"');
  }
  galley_buf_puts(out, "/>");
}

/* Renders `root` and its subtree: one loop over the iterator with one
 * switch on the node type, every type handled. Subtrees rendered whole
 * (figures, image alt text) are skipped by the walk. */
static void render(renderer *r, galley_node *root)
{
  galley_iter *it = galley_iter_new(root);
  galley_event_type ev;
  galley_buf *out = r->out;
  const galley_node *skip = NULL;
  galley_buf href = GALLEY_BUF_INIT;
  /* Note references inside an open <a>, written after its </a> (links
   * do not nest), and whether one is open. */
  galley_buf after_link = GALLEY_BUF_INIT;
  int in_link = 0;
  /* Ordered lists open around the walk: the number of each one's next
   * item and whether HTML numbers it, a stack (owned) so that an item
   * costs the same however many came before it. */
  struct open_list {
    int number;
    int expressible;
  } *numbers = NULL;
  int depth = 0, cap = 0;
  char marker[24]; /* the marker still to write at the item's text, or "" */
  galley_task task = GALLEY_TASK_NONE; /* the task box still to write */
  const galley_node *label = NULL;     /* the paragraph in a task's <label> */
  const char *row_group = NULL; /* the open row group's element, or NULL */
  galley_markup m;              /* the markup of the node at hand */
  int backlink = 0;    /* the note number to write at the paragraph, or 0 */
  marker[0] = '\0';

  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *n = galley_iter_get_node(it);
    galley_node_type type = galley_node_get_type(n);
    int entering = ev == GALLEY_EVENT_ENTER;
    const char *lit;
    size_t len;

    if (skip) {
      if (n == skip && ev == GALLEY_EVENT_EXIT)
        skip = NULL;
      continue;
    }
    /* a page of the print edition that begins with this block or
     * inline (one beginning in a text is marked at its word, below) */
    if (entering && r->ctx->page_ref_count > 0 && type != GALLEY_NODE_TEXT &&
        type != GALLEY_NODE_CODE && type != GALLEY_NODE_CODE_BLOCK &&
        !in_table_markup(n))
      put_pages_before(r, n);
    switch (type) {
    case GALLEY_NODE_DOCUMENT:
      break;
    case GALLEY_NODE_TITLE_BLOCK:
      /* the title page, front matter (EPUB 3 Structural Semantics), even
       * when the text follows it in one document */
      galley_markup_get(n, &m);
      if (entering) {
        open_tag(out, m.tag, NULL, m.cls);
        galley_buf_puts(out, " epub:type=\"frontmatter titlepage\">\n");
      } else {
        end_tag(out, m.tag);
        galley_buf_putc(out, '\n');
      }
      break;
    case GALLEY_NODE_TITLE:
    case GALLEY_NODE_SUBTITLE:
    case GALLEY_NODE_BYLINE:
    case GALLEY_NODE_DATE:
      node_tag(out, n, entering, 1);
      break;
    case GALLEY_NODE_HEADING:
      galley_markup_get(n, &m);
      if (!entering) {
        end_tag(out, m.tag);
        galley_buf_putc(out, '\n');
      } else if (m.tag[0] != 'h') {
        /* a heading inside a note: no section, no id */
        start_tag(out, m.tag, m.cls);
      } else {
        int k = epub_ref_find(r->ctx->heading_refs, r->ctx->heading_count, n);
        assert(k >= 0); /* the plan saw every heading */
        open_tag(out, m.tag, " id=\"", NULL);
        epub_put_cstr(out, k >= 0 ? r->ctx->headings[k].id : "");
        galley_buf_puts(out, "\">");
      }
      break;
    case GALLEY_NODE_PARAGRAPH:
      if (galley_markup_is_bare_item_text(n)) {
        /* the item's own line: no element, a newline before what follows */
        if (!entering && n == label) {
          galley_buf_puts(out, "</label>");
          label = NULL;
        }
        if (!entering && galley_node_next(n))
          galley_buf_putc(out, '\n');
      } else {
        node_tag(out, n, entering, 1);
      }
      if (entering && marker[0]) {
        /* an item's enumerator as text, before its first words */
        galley_buf_puts(out, "<span class=\"marker\">");
        epub_put_cstr(out, marker);
        galley_buf_puts(out, "</span> ");
        marker[0] = '\0';
      }
      if (entering && task != GALLEY_TASK_NONE) {
        /* the box and the item's text: one label, one line */
        galley_buf_puts(out, "<label>");
        put_task_box(out, task, NULL);
        galley_buf_putc(out, ' ');
        task = GALLEY_TASK_NONE;
        label = n;
      }
      if (entering && backlink) {
        put_backlink(out, &r->ctx->notes[backlink - 1], backlink);
        galley_buf_putc(out, ' ');
        backlink = 0;
      }
      break;
    case GALLEY_NODE_FIGURE:
      if (entering) {
        if (galley_node_first_child(n)) /* else a bare marker: nothing to set */
          render_figure(r, n);
        skip = n;
      }
      break;
    case GALLEY_NODE_CAPTION:
      /* a table's caption; a figure's (its text in the figure's
       * figcaption) only when rendered on its own */
      galley_markup_get(n, &m);
      if (entering) {
        start_tag(out, m.tag ? m.tag : m.wrap_tag, m.tag ? m.cls : m.wrap_cls);
      } else {
        end_tag(out, m.tag ? m.tag : m.wrap_tag);
        galley_buf_putc(out, '\n');
      }
      if (entering && m.tag && r->ctx->page_ref_count > 0)
        put_pages_before(r, n);
      break;
    case GALLEY_NODE_TABLE:
      /* The div scrolls a table wider than the screen (the style sheet's
       * overflow-x), the caption with it: <caption> must be the table's
       * first child. */
      galley_markup_get(n, &m);
      if (entering) {
        start_tag(out, m.wrap_tag, m.wrap_cls);
        galley_buf_putc(out, '\n');
        start_tag(out, m.tag, m.cls);
        galley_buf_putc(out, '\n');
        row_group = NULL;
      } else {
        if (row_group) {
          end_tag(out, row_group);
          galley_buf_putc(out, '\n');
        }
        row_group = NULL;
        end_tag(out, m.tag);
        galley_buf_putc(out, '\n');
        end_tag(out, m.wrap_tag);
        galley_buf_putc(out, '\n');
      }
      break;
    case GALLEY_NODE_TABLE_ROW:
      galley_markup_get(n, &m);
      if (!entering) {
        end_tag(out, m.tag);
        galley_buf_putc(out, '\n');
        break;
      }
      /* header rows come first (galley_doc_check): one group of each */
      if (!row_group || strcmp(row_group, m.wrap_tag) != 0) {
        if (row_group) {
          end_tag(out, row_group);
          galley_buf_putc(out, '\n');
        }
        start_tag(out, m.wrap_tag, m.wrap_cls);
        galley_buf_putc(out, '\n');
        row_group = m.wrap_tag;
      }
      start_tag(out, m.tag, m.cls);
      break;
    case GALLEY_NODE_TABLE_CELL: {
      galley_markup_get(n, &m);
      if (!entering) {
        end_tag(out, m.tag);
        break;
      }
      /* a header cell heads its column */
      open_tag(out, m.tag, strcmp(m.tag, "th") == 0 ? " scope=\"col\"" : NULL, m.cls);
      galley_buf_putc(out, '>');
      /* a page that begins with the row, or this cell, is marked inside
       * the cell: <tr> and <tbody> may hold no <span> */
      if (r->ctx->page_ref_count > 0) {
        if (!galley_node_previous(n))
          put_pages_before(r, galley_node_parent(n));
        put_pages_before(r, n);
      }
      break;
    }
    case GALLEY_NODE_FOOTNOTE: {
      int number = galley_node_get_note_number(n);
      galley_node *first = galley_node_first_child(n);
      galley_markup_get(n, &m);
      if (!entering) {
        end_tag(out, m.tag);
        galley_buf_putc(out, '\n');
        break;
      }
      open_tag(out, m.tag, " epub:type=\"footnote\" role=\"doc-footnote\"", m.cls);
      galley_buf_printf(out, " id=\"fn%d\">\n", number);
      if (galley_node_get_type(first) == GALLEY_NODE_PARAGRAPH) {
        backlink = number; /* at the start of its first paragraph */
      } else {
        galley_buf_puts(out, "<p class=\"note-number\">");
        put_backlink(out, &r->ctx->notes[number - 1], number);
        galley_buf_puts(out, "</p>\n");
      }
      break;
    }
    case GALLEY_NODE_CREDIT:
      /* a credit on its own line (render_figure puts a caption's credit
       * inside the figcaption) */
      node_tag(out, n, entering, 1);
      break;
    case GALLEY_NODE_BLOCK_QUOTE:
      node_tag(out, n, entering, 1);
      if (entering)
        galley_buf_putc(out, '\n');
      break;
    case GALLEY_NODE_LIST:
      /* ul, ol, or ul.enumerated for markers HTML cannot number
       * (model/markup.h): those are the item's first text, as written, so
       * every reader shows and reads out the enumerator that other
       * clauses cite, and a screen reader announces a list of N items and
       * reads each marker with its item */
      galley_markup_get(n, &m);
      if (!entering) {
        if (galley_node_get_list_ordered(n)) {
          assert(depth > 0);
          depth--;
        }
        end_tag(out, m.tag);
        galley_buf_putc(out, '\n');
        break;
      }
      open_tag(out, m.tag, NULL, m.cls);
      if (galley_node_get_list_ordered(n)) {
        if (depth == cap) {
          cap = cap ? cap * 2 : 8;
          numbers = galley_xreallocarray(numbers, (size_t)cap, sizeof *numbers);
        }
        numbers[depth].number = galley_node_get_list_start(n);
        numbers[depth].expressible = galley_markup_list_is_counted(n);
        /* HTML's own numbering says the markers: start */
        if (numbers[depth++].expressible && galley_node_get_list_start(n) != 1)
          galley_buf_printf(out, " start=\"%d\"", galley_node_get_list_start(n));
      }
      galley_buf_puts(out, ">\n");
      break;
    case GALLEY_NODE_ITEM:
      if (entering) {
        galley_node *first = galley_node_first_child(n);
        galley_node *list = galley_node_parent(n);
        task = galley_node_get_task(n);
        node_tag(out, n, 1, 0);
        marker[0] = '\0';
        if (galley_node_get_list_ordered(list) && depth > 0) {
          int number = numbers[depth - 1].number++;
          if (!numbers[depth - 1].expressible) {
            if (galley_node_get_item_marker(n))
              snprintf(marker, sizeof marker, "%s", galley_node_get_item_marker(n));
            else
              galley_list_format_marker(list, number, marker, sizeof marker);
          }
        }
        if (marker[0] && galley_node_get_type(first) != GALLEY_NODE_PARAGRAPH) {
          /* no paragraph to begin: the marker on the item's own line */
          galley_buf_puts(out, "<span class=\"marker\">");
          epub_put_cstr(out, marker);
          galley_buf_puts(out, "</span>");
          marker[0] = '\0';
        }
        if (task != GALLEY_TASK_NONE && galley_node_get_type(first) != GALLEY_NODE_PARAGRAPH) {
          /* no text to label the box: the item's words name it */
          char *words = galley_node_get_plain_text(n);
          put_task_box(out, task, words);
          free(words);
          task = GALLEY_TASK_NONE;
        }
        /* a nested block starts on its own line */
        if (first && !(galley_node_get_type(first) == GALLEY_NODE_PARAGRAPH &&
                       galley_markup_is_bare_item_text(first)))
          galley_buf_putc(out, '\n');
      } else {
        node_tag(out, n, 0, 1);
      }
      break;
    case GALLEY_NODE_CODE_BLOCK:
      galley_markup_get(n, &m);
      lit = galley_node_get_literal(n, &len);
      start_tag(out, m.wrap_tag, m.wrap_cls);
      start_tag(out, m.tag, m.cls);
      put_literal(r, n, lit, len);
      end_tag(out, m.tag);
      end_tag(out, m.wrap_tag);
      galley_buf_putc(out, '\n');
      break;
    case GALLEY_NODE_THEMATIC_BREAK:
      galley_markup_get(n, &m);
      open_tag(out, m.tag, NULL, m.cls);
      galley_buf_puts(out, "/>\n");
      break;
    case GALLEY_NODE_TEXT:
      lit = galley_node_get_literal(n, &len);
      put_literal(r, n, lit, len);
      break;
    case GALLEY_NODE_EMPH:
    case GALLEY_NODE_STRONG:
    case GALLEY_NODE_SMALLCAPS:
    case GALLEY_NODE_DATELINE:
    case GALLEY_NODE_DELETE:
      node_tag(out, n, entering, 0);
      break;
    case GALLEY_NODE_LINK:
      /* Resolved again at the exit (the same answer; warnings only once). */
      galley_buf_clear(&href);
      if (!resolve_link(r->ctx, galley_node_get_url(n), r->chapter, &href,
                        entering ? galley_node_get_line(n) : -1)) {
        /* plain text: only the link's content; a link without content
         * shows its URL */
        if (entering && !galley_node_first_child(n))
          epub_put_cstr(out, galley_node_get_url(n));
        break;
      }
      galley_markup_get(n, &m);
      if (entering) {
        const char *title = galley_node_get_title(n);
        open_tag(out, m.tag, " href=\"", NULL);
        galley_buf_put(out, href.ptr, href.len);
        galley_buf_putc(out, '"');
        if (title && *title) {
          galley_buf_puts(out, " title=\"");
          epub_put_cstr(out, title);
          galley_buf_putc(out, '"');
        }
        galley_buf_putc(out, '>');
        if (!galley_node_first_child(n))
          epub_put_cstr(out, galley_node_get_url(n));
        in_link = 1;
      } else {
        end_tag(out, m.tag);
        galley_buf_put(out, after_link.ptr, after_link.len);
        galley_buf_clear(&after_link);
        in_link = 0;
      }
      break;
    case GALLEY_NODE_IMAGE:
      if (entering) {
        render_image(r, n);
        skip = n; /* its children are the alt text */
      }
      break;
    case GALLEY_NODE_CODE:
      lit = galley_node_get_literal(n, &len);
      node_tag(out, n, 1, 0);
      put_literal(r, n, lit, len);
      node_tag(out, n, 0, 0);
      break;
    case GALLEY_NODE_LINEBREAK:
      galley_markup_get(n, &m);
      open_tag(out, m.tag, NULL, m.cls);
      galley_buf_puts(out, "/>\n");
      break;
    case GALLEY_NODE_FOOTNOTE_REF: {
      /* EPUB 3 noteref (epub:type for reading systems that pop notes up,
       * the DPUB-ARIA role for assistive technology), a superior figure;
       * the first reference carries the back link's target. Inside a
       * link: right after it, as links do not nest. (Images skip their
       * inlines, so none is written from an image's text.) */
      int number = galley_node_get_note_number(n);
      const epub_note *nt = &r->ctx->notes[number - 1];
      galley_buf *dst = in_link ? &after_link : out;
      if (!entering)
        break;
      galley_markup_get(n, &m);
      start_tag(dst, m.wrap_tag, m.wrap_cls);
      open_tag(dst, m.tag, " epub:type=\"noteref\" role=\"doc-noteref\" href=\"", m.cls);
      if (nt->chapter != r->chapter)
        galley_buf_puts(dst, r->ctx->chapters[nt->chapter].name);
      galley_buf_printf(dst, "#fn%d\"", number);
      if (nt->first_ref == n)
        galley_buf_printf(dst, " id=\"fnref%d\"", number);
      galley_buf_printf(dst, ">%d", number);
      end_tag(dst, m.tag);
      end_tag(dst, m.wrap_tag);
      break;
    }
    case GALLEY_NODE_NONE:
    default:
      assert(!"unknown node type");
      break;
    }
  }
  galley_buf_free(&href);
  galley_buf_free(&after_link);
  galley_iter_free(it);
  free(numbers);
}

void epub_xhtml_render_node(epub_ctx *ctx, galley_buf *out, int chapter,
                             galley_node *node)
{
  renderer r;
  r.ctx = ctx;
  r.out = out;
  r.chapter = chapter;
  render(&r, node);
}
