/* test_text_emph.c: _words_ and *words* in plain text. Each predicate of
 * src/read/text_emph.h on the text its comment accepts and the ones it
 * rejects, then the reader on whole inputs, with and without
 * GALLEY_OPT_NO_SMART. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"
#include "harness.h"
#include "read/text_emph.h"

#define S(lit) (lit), (sizeof(lit) - 1)

static void test_opener(void)
{
  OK(text_is_emph_opener(S("_very_ good"), 0));
  OK(text_is_emph_opener(S("a *real* one"), 2));
  OK(text_is_emph_opener(S("(_see_ below)"), 1));
  OK(text_is_emph_opener(S("\"_quoted_\""), 1));
  OK(text_is_emph_opener(S("это _важно_"), 7));
  OK(!text_is_emph_opener(S("snake_case"), 5));
  OK(!text_is_emph_opener(S("2*3*4"), 1));
  OK(!text_is_emph_opener(S("a * b"), 2));
  OK(!text_is_emph_opener(S("__init__"), 0));
  /* not before a quotation mark: kept as typed, as the shared fidelity
   * check reads it */
  OK(!text_is_emph_opener(S("_\"The Hurlers,\" St. Cleer_"), 0));
  OK(!text_is_emph_opener(S("_\u201CA little town\u201D_"), 0));
  /* after a dash typed as two hyphens, not after one */
  OK(text_is_emph_opener(S("case--_what_?"), 6));
  OK(!text_is_emph_opener(S("x-_y_"), 2));
  OK(!text_is_emph_opener(S("_"), 0));
}

static void test_closer(void)
{
  OK(text_is_emph_closer(S("_very_ good"), 5));
  OK(text_is_emph_closer(S("_very_"), 5));
  OK(text_is_emph_closer(S("(_see_) x"), 5));
  OK(text_is_emph_closer(S("_so_, then"), 3));
  OK(text_is_emph_closer(S("_stop!_ he"), 6));
  OK(!text_is_emph_closer(S("_init_.py"), 5));
  OK(!text_is_emph_closer(S("_very_s"), 5));
  OK(!text_is_emph_closer(S("a _ b"), 2));
  OK(!text_is_emph_closer(S("snake_case"), 5));
}

static void test_address(void)
{
  OK(!text_is_in_address(S("see _this_ page"), 4));
  OK(text_is_in_address(S("http://x.org/_a_"), 13));
  OK(text_is_in_address(S("/usr/_lib_/x"), 5));
  OK(text_is_in_address(S("mail _jane_@example.org now"), 5));
  OK(text_is_in_address(S("(www.example.com/_x_)"), 17));
}

static void test_find_closer(void)
{
  INT_EQ(text_find_emph_closer(S("_a few words_ here"), 0), 12);
  INT_EQ(text_find_emph_closer(S("_unclosed text"), 0), 14);
  INT_EQ(text_find_emph_closer(S("_init_.py and _x_"), 0), 17);
  INT_EQ(text_find_emph_closer(S("_one _two_ three"), 0), 16);
  INT_EQ(text_find_emph_closer(S("*a* and _b_"), 0), 2);
}

static void test_literal(void)
{
  INT_EQ(text_find_literal_end(S("call ``url_for()`` here"), 5), 16);
  INT_EQ(text_find_literal_end(S("``quoted'' words"), 0), 16);
  INT_EQ(text_find_literal_end(S("a `single' quote"), 2), 16);
  INT_EQ(text_find_literal_end(S("x``y`` z"), 1), 8);
  INT_EQ(text_find_literal_end(S("``a ``b``"), 0), 9);
}

/* The reader: the paragraph's inline children, as TYPE:text items. */
static char *read_inlines(const char *text, unsigned flags)
{
  galley_read_options ro;
  galley_doc *d;
  galley_node *n, *c;
  size_t cap = 1024, len = 0;
  char *out = calloc(cap, 1);
  memset(&ro, 0, sizeof ro);
  ro.flags = flags | GALLEY_OPT_NO_TITLE;
  d = galley_read_text(text, strlen(text), &ro, NULL, NULL);
  for (n = galley_node_first_child(galley_doc_get_root(d)); n; n = galley_node_next(n)) {
    if (galley_node_get_type(n) != GALLEY_NODE_PARAGRAPH)
      continue;
    for (c = galley_node_first_child(n); c; c = galley_node_next(c)) {
      char *t = galley_node_get_plain_text(c);
      const char *tag = galley_node_get_type(c) == GALLEY_NODE_EMPH   ? "E:"
                        : galley_node_get_type(c) == GALLEY_NODE_CODE ? "C:"
                                                                      : "T:";
      if (galley_node_get_type(c) == GALLEY_NODE_TEXT || galley_node_get_type(c) == GALLEY_NODE_CODE) {
        free(t);
        t = strdup(galley_node_get_literal(c, NULL));
      }
      if (len + strlen(t) + 8 < cap)
        len += (size_t)snprintf(out + len, cap - len, "%s%s|", tag, t);
      free(t);
    }
  }
  galley_doc_free(d);
  return out;
}

static void test_reader(void)
{
  char *s = read_inlines("This is _very_ good, *really* and _a few words_.\n", 0);
  STR_EQ(s, "T:This is |E:very|T: good, |E:really|T: and |E:a few words|T:.|");
  free(s);
  s = read_inlines("Keep my_var, 2*3*4, http://x.org/_a_ and _init_.py.\n", 0);
  STR_EQ(s, "T:Keep my_var, 2*3*4, http://x.org/_a_ and _init_.py.|");
  free(s);
  s = read_inlines("This is _very_ good.\n", GALLEY_OPT_NO_SMART);
  STR_EQ(s, "T:This is _very_ good.|");
  free(s);
  s = read_inlines("Call ``url_for()`` and ``map``, not ``quotes''.\n", 0);
  STR_EQ(s, "T:Call |C:url_for()|T: and |C:map|T:, not ``quotes''.|");
  free(s);
  s = read_inlines("_Whole line emphasised here, it says._\n", 0);
  STR_EQ(s, "E:Whole line emphasised here, it says.|");
  free(s);
}

int main(void)
{
  RUN(test_opener);
  RUN(test_closer);
  RUN(test_address);
  RUN(test_find_closer);
  RUN(test_literal);
  RUN(test_reader);
  return harness_report();
}
