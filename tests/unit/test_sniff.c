/* test_sniff.c: the Markdown sniffer (src/read/sniff.c) on texts that are
 * Markdown saved as plain text and on plain texts that only look a little
 * like it, and the description of what it found. */
#include <string.h>

#include "harness.h"
#include "read/sniff.h"

#define S(lit) (lit), (sizeof(lit) - 1)

static int sniff(const char *s, size_t n, galley_sniff *out)
{
  return galley_sniff_markdown(s, n, out);
}

static void test_accepted(void)
{
  galley_sniff s;
  /* ATX series and a link */
  OK(sniff(S("## Install\n\nSee [the docs](https://x.org).\n\n## Use\n\nRun it.\n"), &s));
  INT_EQ(s.atx_headings, 2);
  INT_EQ(s.links, 1);
  /* fenced code alone is strong */
  OK(sniff(S("Build it:\n\n```sh\nmake\n# not a heading\n```\n\nDone.\n"), &s));
  INT_EQ(s.fences, 1);
  INT_EQ(s.atx_headings, 0); /* the line inside the fence is code */
  OK(sniff(S("~~~~\ncode\n~~~~~\n"), &s));
  /* three kinds, no heading: links, code spans, strong */
  OK(sniff(S("Use `make` and `make test`.\n\n**Note** the [site](http://a.b) **now**.\n"), &s));
  INT_EQ(s.code_spans, 2);
  INT_EQ(s.strong, 2);
  /* reference definitions and a table beside headings */
  OK(sniff(S("# A\n\n# B\n\n[home]: https://example.org\n"), &s));
  INT_EQ(s.ref_defs, 1);
  OK(sniff(S("# A\n\n# B\n\n| a | b |\n|---|:--|\n| 1 | 2 |\n"), &s));
  INT_EQ(s.tables, 1);
  /* CRLF line ends */
  OK(sniff(S("# One\r\n\r\n# Two\r\n\r\n[x](y.html)\r\n"), &s));
  /* an ATX heading series beside a list */
  OK(sniff(S("Tool\n\n## Build\n\nRun make.\n\n## Use\n\n- one\n- two\n"), &s));
  INT_EQ(s.bullets, 2);
  /* literal code spans beside setext headings and bullets */
  OK(sniff(S("v2.0\n====\n\n- `-q` is quiet\n- `-v` is not\n"), &s));
  INT_EQ(s.setext_headings, 1);
  INT_EQ(s.code_spans, 2);
  /* one code span, tipped by three shared conventions */
  OK(sniff(S("Title\n-----\n\nRun:\n\n    make\n\n* a\n* b\n\nSee `x` at <https://x.org>.\n"),
           &s));
  INT_EQ(s.code_spans, 1);
  INT_EQ(s.indented_code, 1);
  INT_EQ(s.autolinks, 1);
  /* double-backtick code spans where nothing reads as reStructuredText */
  OK(sniff(S("Use\n===\n\nSet ``A`` and ``B``.\n"), &s));
  INT_EQ(s.code_spans, 2);
  /* a short tilde fence under a line of text is a fence */
  OK(sniff(S("Run it as follows:\n~~~\nmake\n~~~\n"), &s));
  INT_EQ(s.fences, 1);
}

static void test_rejected(void)
{
  galley_sniff s;
  /* reStructuredText: literals in double backticks beside its
   * references and "::" marks, tilde underlines that open no fence */
  OK(!sniff(S("Use\n===\n\nSet ``A`` and ``B``, see `docs <https://x.org>`_::\n\n"
              "    make\n\nThread safety\n~~~~~~~~~~~~~\n\nText.\n\nOther notes\n~~~~~~~~~~~\n"),
            &s));
  INT_EQ(s.code_spans, 0);
  INT_EQ(s.fences, 0);
  INT_EQ(s.setext_headings, 3);
  INT_EQ(s.rst_marks, 2);
  /* "#1", dash lists, a lone asterisk bullet, _italics_ */
  OK(!sniff(S("#1 priority\n\n- one\n- two\n\n* a lone bullet\n\nIt was _very_ late.\n"), &s));
  INT_EQ(s.atx_headings, 0);
  /* a heading series alone, one link alone */
  OK(!sniff(S("# Notes\n\n# More notes\n\nplain words\n"), &s));
  OK(!sniff(S("Read [the manual](https://x.org) first.\n"), &s));
  /* an unclosed fence, and TeX quotes with backticks */
  OK(!sniff(S("```\nnever closed\n\nHe said ``hello'' twice.\n"), &s));
  INT_EQ(s.fences, 0);
  INT_EQ(s.code_spans, 0);
  /* an indented "# comment" is code, not a heading; a footnote "[1]: text"
   * is no reference definition; a separator row needs a row above */
  OK(!sniff(S("    # comment\n\n[1]: see page 4\n\n|---|---|\n"), &s));
  INT_EQ(s.atx_headings, 0);
  INT_EQ(s.ref_defs, 0);
  INT_EQ(s.tables, 0);
  /* a plain-text README: tab-indented titles, rules of underscores */
  OK(!sniff(S("\t\tKazakh Language Dictionary\n\nThis dictionary (could@gnu.kz).\n"
              "\n_______________________________\n"), &s));
  OK(!sniff(NULL, 10, &s));
  /* shared conventions alone: underlines, bullets, indented text, a URL
   * in angle brackets, quoted mail, a break of asterisks */
  OK(!sniff(S("REPORT\n======\n\n    indented\n\n- a\n- b\n\n> quoted <https://x.org>\n\n"
              "* * *\n"),
            &s));
  INT_EQ(s.setext_headings, 1);
  INT_EQ(s.bullets, 2); /* not the break */
  INT_EQ(s.indented_code, 1);
  INT_EQ(s.autolinks, 1);
  /* `quotes' in the GNU manner are no code spans; "# make" is a prompt */
  OK(!sniff(S("Type `make' and `make install'.\n\n# make\n# make install\n\n- a\n- b\n"), &s));
  INT_EQ(s.code_spans, 0);
  INT_EQ(s.atx_headings, 0);
  /* a dash list's indented continuation is no code block */
  OK(!sniff(S("- one\n\n    more of one\n\n- two\n"), &s));
  INT_EQ(s.indented_code, 0);
}

/* Many unclosed fences ("```x" opens, never closes) stay linear: each
 * fence character looks ahead once, not once a line (which would take
 * seconds here, and the unit test's timeout catches). */
static void test_unclosed_fences(void)
{
  static char big[200000];
  galley_sniff s;
  size_t i;
  for (i = 0; i + 5 <= sizeof big; i += 5)
    memcpy(big + i, "```x\n", 5);
  OK(!sniff(big, sizeof big - sizeof big % 5, &s));
  INT_EQ(s.fences, 0);
}

static void test_describe(void)
{
  galley_sniff s;
  galley_buf b = GALLEY_BUF_INIT;
  sniff(S("# A\n\n# B\n\n[x](http://a) [y](http://b)\n\n```\nc\n```\n"), &s);
  galley_sniff_describe(&s, &b);
  STR_EQ(galley_buf_cstr(&b), "2 ATX headings, 1 fenced code block, 2 links");
  galley_buf_clear(&b);
  sniff(S("plain\n"), &s);
  galley_sniff_describe(&s, &b);
  STR_EQ(galley_buf_cstr(&b), "no Markdown syntax");
  galley_buf_free(&b);
}

int main(void)
{
  RUN(test_accepted);
  RUN(test_rejected);
  RUN(test_unclosed_fences);
  RUN(test_describe);
  return harness_report();
}
