/* text.c: galley_read_text, the plain-text article reader.
 *
 * Articles arrive the way people paste them from a browser. The reader
 * works in passes, each linear in the input:
 *
 *   1. Decoding (clean.h, shared with the Markdown reader): UTF-16 (by
 *      its BOM or its zero bytes) becomes UTF-8; a UTF-8 BOM is dropped;
 *      invalid UTF-8, NUL and characters XML forbids become U+FFFD with
 *      a warning naming line and column. LF, CRLF and CR end lines; each
 *      line is recorded trimmed, with its indentation. The frame of a
 *      box typed around text is taken off (text_unframe_boxes).
 *   2. An optional leading block of "Key: value" lines is metadata.
 *   3. The convention is detected: one paragraph per line, or paragraphs
 *      separated by blank lines with their lines hard-wrapped (joined).
 *   4. Lines are grouped into units (a candidate block each) and every
 *      unit's text is normalised (white space runs become one space).
 *   5. The header area at the top (headline, standfirst, bylines, date
 *      lines, in any order) is read first (text_header_area); then each other
 *      unit is classified with the predicates of text_rules.c and
 *      its neighbours: title, byline, date, heading, dateline lede,
 *      figure caption and credit, list item, block quote, break,
 *      paragraph. The rule that decided is kept on the node for --dump.
 *   6. The tree is built, the metadata applied (the language guessed
 *      from the script when nothing names it), the title block synced.
 *
 * No word of the input is lost or reordered: markup (list markers,
 * setext underlines, break lines, the metadata block, the markers of
 * _emphasis_, text_emph.h) is the only text that does not become a TEXT
 * node.
 *
 * This file holds the entry point, which runs the passes in order, and
 * the last touches (the title block's labels, the guessed language).
 * The passes live beside it: text_lines.c (1-3), text_continue.c and
 * text_units.c (4), text_classify.c with text_header.c,
 * text_title_page.c, text_headings.c, text_kinds.c and text_context.c
 * (5), text_tree.c (6). None calls back into this file, and no two call
 * each other; the reader's state and what the files share are in
 * text_private.h.
 */
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/options.h"
#include "reader.h"
#include "text_emph.h"
#include "title.h"
#include "text_private.h"

/* ------------------------------------------------------------------ */
/* Title                                                               */
/* ------------------------------------------------------------------ */

/* Frees the byline that galley_doc_sync_title_block made from the
 * authors (it has no rule yet), when the text's own byline stands outside
 * the title block: the names are shown once. */
static void drop_made_byline(galley_doc *doc)
{
  galley_node *tb = galley_doc_get_title_block(doc), *c, *next;
  for (c = tb ? galley_node_first_child(tb) : NULL; c; c = next) {
    next = galley_node_next(c);
    if (galley_node_get_type(c) == GALLEY_NODE_BYLINE && !galley_node_get_rule(c))
      galley_node_free(c);
  }
}

/* After galley_doc_sync_title_block: gives the title block's pieces the
 * rule and line they came from. */
static void label_title_block(text_reader *r, galley_node *tb)
{
  galley_node *c;
  for (c = galley_node_first_child(tb); c; c = galley_node_next(c)) {
    galley_node_type t = galley_node_get_type(c);
    if (galley_node_get_rule(c))
      continue;
    if (t == GALLEY_NODE_TITLE) {
      galley_node_set_rule(c, r->title_rule ? r->title_rule : "metadata");
      galley_node_set_line(c, r->title_line);
    } else if (t == GALLEY_NODE_SUBTITLE) {
      galley_node_set_rule(c, r->subtitle_rule ? r->subtitle_rule : "metadata");
      galley_node_set_line(c, r->subtitle_line);
    } else if (t == GALLEY_NODE_DATE) {
      galley_node_set_rule(c, r->date_rule ? r->date_rule : "metadata");
      galley_node_set_line(c, r->date_line);
      if (r->date_text) {
        /* show the date as written, "Published March 3, 2024" */
        while (galley_node_first_child(c))
          galley_node_free(galley_node_first_child(c));
        galley_node_append_text(c, r->date_text, r->date_text_len);
      }
    } else if (t == GALLEY_NODE_BYLINE) {
      galley_node_set_rule(c, r->meta_block_line ? "metadata-block" : "metadata");
      galley_node_set_line(c, r->meta_block_line);
    }
  }
  if (r->meta_block_line) {
    galley_node_set_rule(tb, "metadata-block");
    galley_node_set_line(tb, r->meta_block_line);
  } else if (galley_node_first_child(tb)) {
    galley_node_set_rule(tb, galley_node_get_rule(galley_node_first_child(tb)));
    galley_node_set_line(tb, galley_node_get_line(galley_node_first_child(tb)));
  }
}

/* ------------------------------------------------------------------ */
/* Language                                                            */
/* ------------------------------------------------------------------ */

/* When no metadata names the language, a guess from the script of the
 * text's letters (galley_guess_language: a static tag, or NULL when
 * metadata names one or the script does not tell), since the writers
 * otherwise declare English (wrong for screen readers, hyphenation and
 * the direction of the text); *out_rule says which letters decided. */
static const char *guess_language(const text_reader *r, const char **out_rule)
{
  *out_rule = NULL;
  if (galley_meta_get(galley_doc_get_meta(r->doc), "language"))
    return NULL;
  return galley_guess_language(r->clean.ptr, r->clean.len, out_rule);
}

/* ------------------------------------------------------------------ */
/* Entry point                                                         */
/* ------------------------------------------------------------------ */

/* galley_read_text; `owned`, when not NULL, is `text`, freed once its
 * cleaned copy is made (reader.h). */
static galley_doc *read_text(const char *text, size_t len, char *owned,
                             const galley_read_options *opts, galley_diag *diag,
                             galley_error *err)
{
  text_reader r;
  galley_node *root, *tb;
  const char *language; /* static: the language guessed from the script */
  const char *language_rule; /* static: the letters that told it */
  galley_read_options given;
  if (!galley_read_options_take(&opts, &given, err)) {
    free(owned);
    return NULL;
  }
  if (!text && len > 0) {
    galley_error_set(err, GALLEY_ERR_USAGE, 0, "no text given to the text reader");
    return NULL;
  }
  memset(&r, 0, sizeof r);
  r.half_title = -1;
  r.opts = opts;
  r.diag = diag;
  r.doc = galley_doc_new();
  root = galley_doc_get_root(r.doc);
  r.as_typed = opts && (opts->flags & GALLEY_OPT_NO_SMART);
  text_decode(&r, text ? text : "", len);
  free(owned); /* a long text's bytes are not held twice */
  text = NULL;
  text_unframe_boxes(&r);
  text_unframe_headings(&r);
  text_unquote_marked_lines(&r);
  text_read_metadata(&r);
  text_mark_lettered_clauses(&r); /* before text_detect_convention counts items */
  text_detect_convention(&r);
  text_build_units(&r);
  text_measure_units(&r);
  text_classify(&r);

  /* The title block comes first; the tree builder fills in what the text
   * shows (a title line, a byline), then sync adds what only the
   * metadata says. */
  tb = galley_node_new(GALLEY_NODE_TITLE_BLOCK);
  galley_node_append_child(root, tb);
  text_build_tree(&r, tb);
  if (!r.as_typed)
    text_apply_emphasis(root); /* _words_ and *words*: text_emph.h */
  language = guess_language(&r, &language_rule); /* an untitled article's word is in it */
  if (!galley_meta_get(galley_doc_get_meta(r.doc), "title") &&
      !(opts && (opts->flags & GALLEY_OPT_NO_TITLE)) && r.notice_title_len > 0) {
    /* no title page found: the edition's notice still names the book,
     * better than its file's name */
    char *t = galley_xstrndup(r.norm.ptr + r.notice_title_off, r.notice_title_len);
    galley_doc_apply_meta(r.doc, "title", t, 1);
    free(t);
    r.title_rule = "title-from-notice";
    r.title_line = 0;
  }
  if (!galley_meta_get(galley_doc_get_meta(r.doc), "title") &&
      !(opts && (opts->flags & GALLEY_OPT_NO_TITLE))) {
    const char *rule = galley_title_apply_file_name(r.doc, opts ? opts->file_name : NULL,
                                                    language, diag);
    if (rule) {
      r.title_rule = rule;
      r.title_line = 0;
    }
  }
  galley_doc_set_guessed_language(r.doc, language, language_rule);
  galley_doc_sync_title_block(r.doc);
  if (r.byline_outside)
    drop_made_byline(r.doc); /* the text shows its byline, after furniture */
  /* The names of a byline that signs the article at its end are its
   * authors when nothing else named them; after the sync, so the title
   * block does not repeat them. */
  if (r.signing_len && !r.authors_given)
    text_add_authors(&r, r.norm.ptr + r.signing_off, r.signing_len, 1);
  /* An edition's notice names the book as its fields spell it: the
   * title as "Title:" gives it (not in a title page's capitals), the
   * authors as "Author:" does when no byline did; after the sync, so
   * the title page stays as printed and no byline is made up. */
  if (r.notice_title_len > 0 && r.title_page >= 0 &&
      r.units[r.title_page].kind == K_TITLE) {
    char *t = galley_xstrndup(r.norm.ptr + r.notice_title_off, r.notice_title_len);
    galley_doc_apply_meta(r.doc, "title", t, 1);
    free(t);
  }
  if (r.notice_author_len > 0 && !r.authors_given) {
    text_add_authors(&r, r.clean.ptr + r.notice_author_off, r.notice_author_len, 1);
    r.authors_given = 1;
  }
  /* The header's date goes to the metadata after the sync, so the sync
   * leaves the date line shown as written. */
  if (r.header_iso[0] && !galley_meta_get(galley_doc_get_meta(r.doc), "date"))
    galley_doc_apply_meta(r.doc, "date", r.header_iso, 1);
  tb = galley_doc_get_title_block(r.doc);
  if (tb) {
    if (galley_node_first_child(tb))
      label_title_block(&r, tb);
    else
      galley_node_free(tb);
  }

  galley_buf_free(&r.clean);
  galley_buf_free(&r.norm);
  free(r.lines);
  free(r.units);
  return r.doc;
}

galley_doc *galley_read_text(const char *text, size_t len,
                             const galley_read_options *opts, galley_diag *diag,
                             galley_error *err)
{
  return read_text(text, len, NULL, opts, diag, err);
}

galley_doc *galley_read_text_taking(char *text, size_t len,
                                    const galley_read_options *opts, galley_diag *diag,
                                    galley_error *err)
{
  return read_text(text, len, text, opts, diag, err);
}
