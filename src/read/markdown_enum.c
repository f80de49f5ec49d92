/* markdown_enum.c: paragraphs that are lists, on the model after the
 * walk: paragraphs opening with "(a)", "(i)" as nested lists
 * (enumerated-paragraphs) and a clause's number alone on its line over its
 * text as one item (lone-enumerator-item). */
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "markdown_private.h"
#include "text_rules.h"

/* ------------------------------------------------------------------ */
/* Enumerated paragraphs                                               */
/* ------------------------------------------------------------------ */

/* Lists of enumerated paragraphs nest at most this deep: (a), (i), (A),
 * (1) and one more is as deep as legal texts go. */
#define ENUM_MAX_DEPTH 6

/* One reading of an enumerator: a numbering style and the number. */
typedef struct enum_reading {
  galley_list_style style;
  int value; /* 1 for "(a)", "(i)", "(1)"; 0 when it counts nothing */
} enum_reading;

/* An enumerated paragraph of a run and where it goes. */
typedef struct enum_para {
  galley_node *para;     /* borrowed */
  text_enum en;          /* its enumerator */
  enum_reading read[2];  /* "(i)" reads as a letter and as a numeral */
  int depth;             /* the list level it joins, 0 outermost */
  int opens;             /* 1 when a new list starts with it */
  enum_reading as;       /* the reading taken */
} enum_para;

/* An open list level while a run is planned. */
typedef struct enum_level {
  galley_list_style style;
  int delim; /* '(' or ')' */
  int last;  /* the number of its last item */
} enum_level;

/* The enumerator opening a paragraph, as the rule "enumerated-paragraphs"
 * takes it: "(a)", "(iv)", "(A)", "(1)", "a)" and "iv)" followed by white
 * space and text, in the paragraph's first text (an escaped "\(a\)" reads
 * the same). "1)" is CommonMark's own list and "a." too often an initial.
 *   accepts: "(ii)  the Secretary of State;"
 *   rejects: "(Reuters) The talks resumed." */
static int para_enumerator(galley_node *para, enum_para *out)
{
  galley_node *t = galley_node_first_child(para);
  const char *lit;
  size_t len;
  text_enum e;
  if (galley_node_get_type(para) != GALLEY_NODE_PARAGRAPH ||
      galley_node_get_type(t) != GALLEY_NODE_TEXT)
    return 0;
  lit = galley_node_get_literal(t, &len);
  if (!text_is_enumerator(lit, len, &e) || e.delim == '.' || (e.delim == ')' && e.digits))
    return 0;
  memset(out, 0, sizeof *out);
  out->para = para;
  out->en = e;
  if (e.digits) {
    out->read[0].style = GALLEY_LIST_DECIMAL;
    out->read[0].value = e.suffix ? 0 : e.decimal; /* "(2a)" counts nothing */
  } else {
    if (e.alpha) {
      out->read[0].style = e.upper ? GALLEY_LIST_UPPER_ALPHA : GALLEY_LIST_LOWER_ALPHA;
      out->read[0].value = e.alpha;
    }
    if (e.roman) {
      out->read[1].style = e.upper ? GALLEY_LIST_UPPER_ROMAN : GALLEY_LIST_LOWER_ROMAN;
      out->read[1].value = e.roman;
    }
  }
  return 1;
}

/* Plans where each paragraph of a run goes, as an editor nests legal
 * provisions: an enumerator that counts on from an open level's last
 * ((b) after (a), (ii) after (i)) joins that level, the innermost first,
 * closing the levels inside it; one that starts a count ((a), (i), (A),
 * (1)) opens a level under the item before it (or in place of an open
 * level of its own style); any other joins the level of its style as
 * written, or starts an outermost list at its own number. Nothing is
 * renumbered. Returns whether the enumerators count: one at least counts
 * on from an open level, and no fewer do than are irregular (joining or
 * starting a list at a number not next in it; the first of the run may
 * follow an "(a)" run in after a heading); else the run stays
 * paragraphs. */
static int plan_enum_run(enum_para *run, int n)
{
  enum_level stack[ENUM_MAX_DEPTH];
  int depth = 0, counted = 0, irregular = 0, k;
  for (k = 0; k < n; k++) {
    enum_para *q = &run[k];
    int d, c, found = 0;
    /* counts on from an open level */
    for (d = depth - 1; d >= 0 && !found; d--)
      for (c = 0; c < 2 && !found; c++)
        if (q->read[c].value && stack[d].delim == q->en.delim &&
            q->read[c].style == stack[d].style && q->read[c].value == stack[d].last + 1) {
          depth = d + 1;
          q->depth = d;
          q->as = q->read[c];
          found = 1;
        }
    if (found) {
      counted++;
    } else {
      /* a count's start: a numeral "i" before the letter, "a" a letter */
      for (c = 1; c >= 0 && !found; c--)
        if (q->read[c].value == 1) {
          q->as = q->read[c];
          found = 1;
        }
      if (found) {
        for (d = depth - 1; d >= 0; d--)
          if (stack[d].style == q->as.style && stack[d].delim == q->en.delim)
            break;
        if (d >= 0)
          depth = d; /* a count of its own style starts again */
        if (depth == ENUM_MAX_DEPTH)
          depth--;
      } else {
        /* irregular: the level of its style, else a list of its own */
        q->as = q->read[0].value ? q->read[0] : q->read[1];
        irregular += k > 0; /* the first may follow one run in before */
        for (d = depth - 1; d >= 0; d--)
          if (stack[d].style == q->as.style && stack[d].delim == q->en.delim)
            break;
        if (d >= 0) {
          depth = d + 1;
          q->depth = d;
          stack[d].last = q->as.value;
          continue;
        }
        depth = 0;
      }
      q->opens = 1;
      q->depth = depth;
      stack[depth].style = q->as.style;
      stack[depth].delim = q->en.delim;
      depth++;
    }
    stack[q->depth].last = q->as.value;
  }
  return counted > 0 && counted >= irregular;
}

/* Builds the lists a planned run makes, in place of its paragraphs: each
 * paragraph moves into an item, its enumerator taken off its text and
 * kept as the item's marker unless the list's numbering writes the same. */
static void build_enum_run(enum_para *run, int n)
{
  galley_node *levels[ENUM_MAX_DEPTH], *last_item[ENUM_MAX_DEPTH];
  int k;
  for (k = 0; k < n; k++) {
    enum_para *q = &run[k];
    galley_node *item, *t = galley_node_first_child(q->para);
    size_t len;
    const char *lit = galley_node_get_literal(t, &len);
    char *marker = galley_xstrndup(lit, q->en.len);
    if (q->opens) {
      galley_node *list = galley_node_new(GALLEY_NODE_LIST);
      galley_node_set_line(list, galley_node_get_line(q->para));
      galley_node_set_rule(list, "enumerated-paragraphs");
      /* paragraphs with blank lines between: a loose list */
      galley_node_set_list(list, 1, q->as.value > 0 ? q->as.value : 1, 0);
      galley_node_set_list_numbering(list, q->as.style,
                                     q->en.delim == '(' ? GALLEY_LIST_PARENS : GALLEY_LIST_PAREN);
      if (q->depth == 0)
        galley_node_insert_before(q->para, list);
      else
        galley_node_append_child(last_item[q->depth - 1], list);
      levels[q->depth] = list;
    }
    item = galley_node_new(GALLEY_NODE_ITEM);
    galley_node_set_line(item, galley_node_get_line(q->para));
    galley_node_set_rule(item, "enumerated-paragraphs");
    galley_node_set_item_marker(item, marker);
    free(marker);
    galley_node_append_child(levels[q->depth], item);
    last_item[q->depth] = item;
    if (len > q->en.marker_len) {
      /* copy: set_literal frees what `lit` points into */
      char *rest = galley_xstrndup(lit + q->en.marker_len, len - q->en.marker_len);
      galley_node_set_literal(t, rest, len - q->en.marker_len);
      free(rest);
    } else {
      galley_node_free(t);
    }
    galley_node_unlink(q->para);
    galley_node_append_child(item, q->para);
  }
  /* a list whose numbering writes every marker as written keeps none */
  for (k = 0; k < n; k++) {
    galley_node *list, *item;
    int number, regular = 1;
    if (!run[k].opens)
      continue;
    list = galley_node_parent(galley_node_parent(run[k].para));
    number = galley_node_get_list_start(list);
    for (item = galley_node_first_child(list); item && regular; item = galley_node_next(item)) {
      char want[24];
      galley_list_format_marker(list, number++, want, sizeof want);
      regular = strcmp(want, galley_node_get_item_marker(item)) == 0;
    }
    for (item = galley_node_first_child(list); item && regular; item = galley_node_next(item))
      galley_node_set_item_marker(item, NULL);
  }
}

/* The rule "enumerated-paragraphs": paragraphs in a row that each open
 * with an enumerator in parentheses (para_enumerator), as legal texts set
 * their provisions, are the items of lists, nested by their counts
 * (plan_enum_run) and keeping every enumerator as written, since other
 * clauses cite them ("section 4(c)(iv)"). A paragraph whose enumerator
 * runs in after other text ("Sec. 3.  Membership.  (a) ...") stays a
 * paragraph.
 *   accepts: "(a)  The Chair shall ...\n\n(b)  The Task Force ..."
 *   rejects: "(c) 2019 Ann Roe\n\n(c) 2021 Bo Lee" (nothing counts on)
 * Runs are looked for among the blocks of the document, of block quotes
 * and of list items (not among the items the rule makes). */
void md_enumerated_paragraphs_as_lists(galley_doc *doc)
{
  size_t nboxes, b;
  galley_node **boxes = md_block_holders(doc, &nboxes);
  enum_para *run = NULL;
  int run_cap = 0;
  for (b = 0; b < nboxes; b++) {
    galley_node *c = galley_node_first_child(boxes[b]);
    while (c) {
      int n = 0;
      enum_para q;
      while (c && para_enumerator(c, &q)) {
        if (n == run_cap) {
          run_cap = run_cap ? 2 * run_cap : 16;
          run = galley_xreallocarray(run, (size_t)run_cap, sizeof *run);
        }
        run[n++] = q;
        c = galley_node_next(c);
      }
      /* c is past the run: building it leaves c where it is */
      if (n >= 2 && plan_enum_run(run, n))
        build_enum_run(run, n);
      if (n == 0)
        c = galley_node_next(c);
    }
  }
  free(run);
  free(boxes);
}

/* ------------------------------------------------------------------ */
/* An enumerator alone on its line                                     */
/* ------------------------------------------------------------------ */

/* Whether two lists count on as one: both ordered alike (style and
 * delimiter), the second starting at the number after the first's last. */
static int lists_count_on(galley_node *a, galley_node *b)
{
  int n = 0;
  galley_node *item;
  if (galley_node_get_type(b) != GALLEY_NODE_LIST || !galley_node_get_list_ordered(a) ||
      !galley_node_get_list_ordered(b) ||
      galley_node_get_list_style(a) != galley_node_get_list_style(b) ||
      galley_node_get_list_delim(a) != galley_node_get_list_delim(b))
    return 0;
  for (item = galley_node_first_child(a); item; item = galley_node_next(item))
    n++;
  return galley_node_get_list_start(b) == galley_node_get_list_start(a) + n;
}

/* The rule "lone-enumerator-item": a numbered clause whose number stands
 * alone on its line ("2.") with its text on the next line, not indented,
 * which CommonMark reads as an empty item and a paragraph after the
 * list, is one item holding that paragraph; and the lists such clauses
 * make, counting on ("1." then "2."), are one list.
 *   accepts: "1.\nApprove the rules.\n\n2.\nThe order comes into force."
 *   rejects: "1. Approve the rules.\n\nThe order comes into force."
 *            (the item has its text: the paragraph after it is not its) */
void md_lone_enumerators_as_items(galley_doc *doc)
{
  size_t nboxes, b;
  /* the blocks holding lists, first: the tree changes after */
  galley_node **boxes = md_block_holders(doc, &nboxes);
  for (b = 0; b < nboxes; b++) {
    galley_node *list;
    for (list = galley_node_first_child(boxes[b]); list; list = galley_node_next(list)) {
      galley_node *last, *next;
      if (galley_node_get_type(list) != GALLEY_NODE_LIST || !galley_node_get_list_ordered(list))
        continue;
      for (;;) {
        last = galley_node_last_child(list);
        next = galley_node_next(list);
        if (last && !galley_node_first_child(last) &&
            galley_node_get_type(next) == GALLEY_NODE_PARAGRAPH) {
          /* the empty item's text: the paragraph under its number */
          galley_node_unlink(next);
          galley_node_append_child(last, next);
          galley_node_set_rule(last, "lone-enumerator-item");
          continue;
        }
        if (last && galley_node_get_rule(last) &&
            strcmp(galley_node_get_rule(last), "lone-enumerator-item") == 0 &&
            lists_count_on(list, next)) {
          galley_node *item;
          while ((item = galley_node_first_child(next)) != NULL) {
            galley_node_unlink(item);
            galley_node_append_child(list, item);
          }
          galley_node_free(next);
          galley_node_set_list(list, 1, galley_node_get_list_start(list), 0);
          continue;
        }
        break;
      }
    }
  }
  free(boxes);
}

