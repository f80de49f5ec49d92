/* test_pdf.c: the PDF writer's parts alone (CSS subset, hyphenation, line
 * breakers, page sizes) and the whole writer on a model built by hand. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "galley.h"
#include "util/buf.h"
#include "write/pdf_private.h"

static void compute(const char *css, const char *tag, const char *cls,
                    const char *prev_tag, pdf_style *out)
{
  pdf_sheet *sh = pdf_sheet_new(css, strlen(css), NULL);
  pdf_elem body = {"body", NULL, NULL, NULL};
  pdf_elem prev = {prev_tag, NULL, &body, NULL};
  pdf_elem e = {tag, cls, &body, prev_tag ? &prev : NULL};
  pdf_style bs;
  pdf_sheet_compute(sh, &body, NULL, &bs);
  pdf_sheet_compute(sh, &e, &bs, out);
  pdf_sheet_free(sh);
}

static void test_css(void)
{
  pdf_style st;
  const char *css = "/* c */ body { font-size: 10pt; font-family: 'Foo', serif }"
                    " p { text-indent: 2em; margin: 1em 0 } h2 + p { text-indent: 0 }"
                    " .credit { font-variant: small-caps; font-size: 0.5em !important }"
                    " p.credit { font-size: 20pt } @media screen { p { color: red } }"
                    " garbage {{ } } ; p { margin-left: -5mm; line-height: 1e9 }"
                    " @page { size: A5 landscape; margin: 10mm }";
  compute(css, "p", NULL, NULL, &st);
  OK(st.size > 9.99 && st.size < 10.01);
  OK(st.indent > 19.99 && st.indent < 20.01);          /* em of the element */
  OK(st.margin_top > 9.99 && st.margin_top < 10.01);
  OK(st.margin_left == 0);                              /* negative clamped */
  OK(st.line_height <= 5.0);                            /* huge clamped */
  {
    pdf_style neg;
    compute("body { font-size: -11pt; line-height: -3 } p { line-height: -2em }",
            "p", NULL, NULL, &neg);
    OK(neg.size > 10.99 && neg.size < 11.01);           /* negative: ignored */
    OK(neg.line_height > 1.3 && neg.line_height < 1.4); /* as CSS says */
  }
  INT_EQ(st.color, 0);                                  /* @media screen skipped */
  OK(strstr(st.family, "Foo") != NULL);
  OK(strstr(st.family, "Noto Serif") != NULL);   /* serif mapped */
  compute(css, "p", NULL, "h2", &st);
  OK(st.indent == 0);                                   /* h2 + p */
  compute(css, "p", "credit", NULL, &st);
  INT_EQ(st.smallcaps, 1);
  OK(st.size > 4.99 && st.size < 5.01);                 /* !important wins */
  {
    pdf_sheet *sh = pdf_sheet_new(css, strlen(css), NULL);
    double w, h, m[4];
    pdf_sheet_get_page(sh, &w, &h, m);
    OK(w > h && w > 595 && w < 596);                    /* A5 landscape */
    OK(m[0] > 28.3 && m[0] < 28.4);
    pdf_sheet_free(sh);
  }
  {
    /* Hostile input: unterminated everything. Must not crash. */
    const char *bad = "p { font-size: 9999999999999999999999pt; color: #zz; "
                      "margin: 1e400mm } \"unterminated { @page { size: ";
    compute(bad, "p", NULL, NULL, &st);
    OK(st.size <= 200.0);
  }
}

/* @media on the page size, and @page :left / :right margins. */
static void test_css_media(void)
{
  const char *css = "@page { size: A4; margin: 20mm 30mm }"
                    " @page :right { margin-left: 40mm } @page :left { margin-right: 40mm }"
                    " body { font-size: 12pt }"
                    " @media print and (max-width: 160mm) { body { font-size: 9pt }"
                    "   @page { margin: 10mm } @page :left { margin-right: 15mm } }"
                    " @media print { p { color: #ff0000 } }"
                    " @media screen, (min-width: 300mm) { p { font-size: 30pt } }"
                    " @media not print { p { font-size: 31pt } }"
                    " @media (orientation: landscape) { p { font-size: 32pt } }";
  double a4w = 0, a4h = 0, a5w = 0, a5h = 0, w, h, m[4], side[4];
  pdf_elem body = {"body", NULL, NULL, NULL};
  pdf_elem p = {"p", NULL, &body, NULL};
  pdf_style bs, ps;
  pdf_sheet *sh;
  OK(pdf_parse_page_size("A4", &a4w, &a4h) && pdf_parse_page_size("A5", &a5w, &a5h));

  sh = pdf_sheet_new_for_page(css, strlen(css), NULL, a4w, a4h);
  pdf_sheet_compute(sh, &body, NULL, &bs);
  pdf_sheet_compute(sh, &p, &bs, &ps);
  OK(bs.size > 11.99 && bs.size < 12.01);     /* A4: the small-page rule does not hold */
  INT_EQ(ps.color, 0xff0000);                 /* print holds */
  OK(ps.size > 11.99 && ps.size < 12.01);     /* screen, not print, wide, landscape: no */
  pdf_sheet_get_page(sh, &w, &h, m);
  OK(m[1] > 85.0 && m[1] < 85.1 && m[3] > 85.0 && m[3] < 85.1); /* 30mm: sides apart */
  pdf_sheet_get_page_side(sh, PDF_PAGE_RIGHT, side);
  OK(side[3] > 113.3 && side[3] < 113.4 && side[1] < 0); /* 40mm left on the right */
  pdf_sheet_get_page_side(sh, PDF_PAGE_LEFT, side);
  OK(side[1] > 113.3 && side[1] < 113.4 && side[3] < 0);
  pdf_sheet_free(sh);

  sh = pdf_sheet_new_for_page(css, strlen(css), NULL, a5w, a5h);
  pdf_sheet_compute(sh, &body, NULL, &bs);
  OK(bs.size > 8.99 && bs.size < 9.01);       /* A5: it does */
  pdf_sheet_get_page(sh, &w, &h, m);
  OK(m[0] > 28.3 && m[0] < 28.4);             /* @page inside @media */
  pdf_sheet_get_page_side(sh, PDF_PAGE_LEFT, side);
  OK(side[1] > 42.5 && side[1] < 42.6);       /* the later :left wins */
  pdf_sheet_free(sh);

  sh = pdf_sheet_new(css, strlen(css), NULL); /* page not known: no size query holds */
  pdf_sheet_compute(sh, &body, NULL, &bs);
  OK(bs.size > 11.99 && bs.size < 12.01);
  pdf_sheet_free(sh);
}

static void test_page_size(void)
{
  double w = 0, h = 0;
  OK(pdf_parse_page_size("A4", &w, &h) && (int)w == 595 && (int)h == 841);
  OK(pdf_parse_page_size("letter", &w, &h) && w == 612 && h == 792);
  OK(pdf_parse_page_size("6x9in", &w, &h) && w == 432 && h == 648);
  OK(pdf_parse_page_size("150x220mm", &w, &h) && (int)w == 425);
  OK(!pdf_parse_page_size("12xfoo", &w, &h));
  OK(!pdf_parse_page_size("1x1mm", &w, &h));
  OK(!pdf_parse_page_size("", &w, &h));
  {
    /* the public check tells "too small" from "unknown" (issue 16) */
    galley_error err;
    galley_error_clear(&err);
    INT_EQ(galley_page_size_parse("1x1mm", &w, &h, &err), GALLEY_ERR_USAGE);
    OK(strstr(err.message, "too small") != NULL);
    galley_error_clear(&err);
    INT_EQ(galley_page_size_parse("300x300in", NULL, NULL, &err), GALLEY_ERR_USAGE);
    OK(strstr(err.message, "too large") != NULL);
    galley_error_clear(&err);
    INT_EQ(galley_page_size_parse("Q5", NULL, NULL, &err), GALLEY_ERR_USAGE);
    OK(strstr(err.message, "unknown page size") != NULL);
    INT_EQ(galley_page_size_parse("a5", &w, &h, NULL), GALLEY_OK);
    OK((int)w == 419 && (int)h == 595);
  }
}

static int count_shy(const char *s)
{
  int n = 0;
  for (; *s; s++)
    if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xAD)
      n++;
  return n;
}

static void test_hyph(void)
{
  pdf_hyph *h = pdf_hyph_new("en", NULL);
  galley_buf b = GALLEY_BUF_INIT;
  OK(h != NULL);
  if (!h)
    return;
  pdf_hyph_append(h, "hyphenation", 11, &b);
  OK(count_shy(galley_buf_cstr(&b)) >= 2);
  /* lefthyphenmin 2, righthyphenmin 3 */
  OK(strncmp(galley_buf_cstr(&b), "\xC2\xAD", 2) != 0);
  OK(memcmp(galley_buf_cstr(&b) + b.len - 4, "\xC2\xAD", 2) != 0);
  galley_buf_clear(&b);
  pdf_hyph_append(h, "2025-2029 OSCE later www.example.org/international", 51, &b);
  INT_EQ(count_shy(galley_buf_cstr(&b)), 0);
  galley_buf_clear(&b);
  /* a word with a hard hyphen breaks there only: no "co-op-/eration" */
  pdf_hyph_append(h, "co-operation Kassym-Jomart state\xE2\x80\x90" "of\xE2\x80\x90" "the\xE2\x80\x90" "art", 43, &b);
  INT_EQ(count_shy(galley_buf_cstr(&b)), 0);
  galley_buf_clear(&b);
  pdf_hyph_append(h, "debian.org HYPHENATION hyphenation2", 35, &b);
  INT_EQ(count_shy(galley_buf_cstr(&b)), 0);
  galley_buf_free(&b);
  pdf_hyph_free(h);
  OK(pdf_hyph_new("xx-YY", NULL) == NULL);              /* no dictionary */
  OK(pdf_hyph_new("sr-Latn-RS", NULL) == NULL);         /* none in Debian */
}

/* Hyphenates `word` for `lang` and writes it with '|' at the soft
 * hyphens into `out`. */
static void hyph_show(const char *lang, const char *word, char *out, size_t size)
{
  pdf_hyph *h = pdf_hyph_new(lang, NULL);
  galley_buf b = GALLEY_BUF_INIT;
  size_t i, o = 0;
  out[0] = '\0';
  if (!h)
    return;
  pdf_hyph_append(h, word, strlen(word), &b);
  for (i = 0; i < b.len && o + 1 < size; i++) {
    if ((unsigned char)b.ptr[i] == 0xC2 && i + 1 < b.len && (unsigned char)b.ptr[i + 1] == 0xAD) {
      out[o++] = '|';
      i++;
    } else {
      out[o++] = b.ptr[i];
    }
  }
  out[o] = '\0';
  galley_buf_free(&b);
  pdf_hyph_free(h);
}

/* Debian's dictionaries in their own encodings (Russian KOI8-R, German
 * ISO 8859-1, Polish ISO 8859-2), region variants, the Kazakh rule. */
static void test_hyph_languages(void)
{
  char s[256];
  hyph_show("ru", "распространяется", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  OK(strncmp(s, "рас|про", strlen("рас|про")) == 0);
  hyph_show("ru-RU", "Государственный", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  hyph_show("de", "Entwicklungsumgebung", s, sizeof s);
  OK(strstr(s, "lungs|um") != NULL);
  hyph_show("de-AT", "Qualitätssicherung", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  hyph_show("de-CH-1996", "Entwicklungsumgebung", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  hyph_show("pl", "Rzeczpospolita", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  hyph_show("cs", "nejneobhospodařovávatelnějšími", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  hyph_show("pt-BR", "paralelepípedo", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  hyph_show("pt-PT", "paralelepípedo", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  hyph_show("fr-CA", "anticonstitutionnellement", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  hyph_show("es", "desafortunadamente", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  hyph_show("it", "precipitevolissimevolmente", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  hyph_show("nl-BE", "ontwikkelingsomgeving", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  hyph_show("uk", "державотворення", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  hyph_show("be", "беларуская", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  hyph_show("en-GB", "hyphenation", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  /* A word of the other script takes that script's patterns: English in
   * a Russian or Kazakh text, Russian in an English one. */
  hyph_show("ru", "installation", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  hyph_show("kk", "installation", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  hyph_show("en", "распространяется", s, sizeof s);
  OK(strstr(s, "|") != NULL);
  /* Russian keeps 2 letters each side; not 1 */
  hyph_show("ru", "электростанция", s, sizeof s);
  OK(strncmp(s, "э|", strlen("э|")) != 0);
  OK(strlen(s) < 4 || strcmp(s + strlen(s) - strlen("|я"), "|я") != 0);
  /* Kazakh: a syllable starts at the consonant before a vowel, the last
   * of a cluster, at a vowel after и or у; 2 letters left, 3 right */
  hyph_show("kk", "мемлекеттік", s, sizeof s);
  STR_EQ(s, "мем|ле|кет|тік");
  hyph_show("kk-KZ", "ұйымдастыру", s, sizeof s);
  STR_EQ(s, "ұйым|дас|тыру");
  hyph_show("kk", "Абайдың", s, sizeof s);
  STR_EQ(s, "Абай|дың");
  hyph_show("kk", "жұртқа", s, sizeof s);
  STR_EQ(s, "жұртқа");                                  /* "қа": 2 letters */
  hyph_show("kk", "альбомы", s, sizeof s);
  STR_EQ(s, "аль|бомы");                                /* ь stays left */
  hyph_show("kk", "оқиғалары", s, sizeof s);
  STR_EQ(s, "оқи|ға|лары");
  /* a hard-hyphen compound and capitals are not broken; a Latin word
   * takes the English patterns, not the Kazakh rule */
  hyph_show("kk", "Қасым-Жомарт Microsoft ҚАЗАҚСТАН", s, sizeof s);
  STR_EQ(s, "Қасым-Жомарт Mi|cro|soft ҚАЗАҚСТАН");
}

/* An article without a language gets its hyphenation by its words. */
static void test_hyph_guess(void)
{
  static const struct {
    const char *text, *want;
  } cases[] = {
      {"Die Entwicklung der Software ist nicht einfach, und die Arbeit an der "
       "Verteilung ist das Werk vieler. Die Gemeinschaft und die Entwickler "
       "sind nicht allein: der Kern und die Pakete sind das Ergebnis.\n", "de"},
      {"Les d\xC3\xA9veloppeurs et les traducteurs des paquets sont dans une "
       "communaut\xC3\xA9 qui est ouverte. Les versions et les mises \xC3\xA0 jour "
       "des logiciels sont dans une archive et les miroirs est des copies.\n", "fr"},
      {"The history of the project is the story of the people and the work "
       "that they did with the code, and of the community that is still "
       "growing with the users and the developers of the system.\n", "en"},
      {"Short text.\n", NULL},
      /* Cyrillic text with English words in it: not a Latin language */
      {"История проекта и его разработчиков, которые делали "
       "систему вместе: the and of the and of the and of the and of "
       "операционная система и её пакеты свободны и открыты "
       "для всех пользователей и разработчиков.\n", NULL},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    galley_doc *d = galley_read_text(cases[i].text, strlen(cases[i].text), NULL, NULL, NULL);
    const char *got = pdf_hyph_guess_language(d);
    if (cases[i].want)
      STR_EQ(got ? got : "(none)", cases[i].want);
    else
      OK(got == NULL);
    galley_doc_free(d);
  }
}

/* The last word of a paragraph keeps 4 letters after its last break. */
static void test_hyph_tail(void)
{
  const char *a = "is play\xC2\xAD" "ful.";
  const char *b = "hy\xC2\xAD" "phen\xC2\xAD" "ation\xC2\xBB.";
  const char *c = "wonder\xC2\xAD" "ful";
  OK(pdf_hyph_find_short_tail(a, strlen(a)) == 7);
  OK(pdf_hyph_find_short_tail(b, strlen(b)) == (size_t)-1);
  OK(pdf_hyph_find_short_tail(c, strlen(c)) == 6);
  OK(pdf_hyph_find_short_tail("", 0) == (size_t)-1);
  OK(pdf_hyph_find_short_tail("word.", 5) == (size_t)-1);
}

/* Words of width 10 and spaces of width 3; a flagged hyphen point in the
 * middle of every word. */
static int make_points(pdf_break_point *pts, int words)
{
  int n = 0, w;
  int64_t x = 0, st = 0, sh = 0;
  memset(pts, 0, sizeof *pts * (size_t)(2 * words + 2));
  n = 1;
  for (w = 0; w < words; w++) {
    pdf_break_point *p = &pts[n++];
    p->w_end = x + 5;
    p->w_start = x + 5;
    p->st_end = p->st_start = st;
    p->sh_end = p->sh_start = sh;
    p->extra = 1;
    p->flagged = 1;
    p->penalty = 50;
    x += 10;
    if (w == words - 1)
      break;
    p = &pts[n++];
    p->w_end = x;
    p->st_end = st;
    p->sh_end = sh;
    x += 3;
    st += 2;
    sh += 1;
    p->w_start = x;
    p->st_start = st;
    p->sh_start = sh;
  }
  pts[n].w_end = x;
  pts[n].st_end = st;
  pts[n].sh_end = sh;
  pts[n].penalty = PDF_BREAK_FORCED;
  return n + 1;
}

static void test_break(void)
{
  pdf_break_point pts[200];
  int breaks[200], n = make_points(pts, 60), lines, over, i, run = 0, maxrun = 0;
  pdf_break_params prm = {58, 58, 1, 2, 0, 0};
  lines = pdf_break_total_fit(pts, n, &prm, breaks, &over);
  OK(lines > 5);
  INT_EQ(over, 0);
  INT_EQ(breaks[lines - 1], n - 1);
  for (i = 0; i < lines; i++) {
    run = pts[breaks[i]].flagged && i < lines - 1 ? run + 1 : 0;
    if (run > maxrun)
      maxrun = run;
  }
  OK(maxrun <= 2);
  lines = pdf_break_first_fit(pts, n, &prm, breaks, &over);
  OK(lines > 5);
  INT_EQ(breaks[lines - 1], n - 1);
  /* A word wider than the measure: one overfull line, no hang. */
  prm.width_first = prm.width_rest = 4;
  lines = pdf_break_total_fit(pts, 3, &prm, breaks, &over);
  OK(lines >= 1);
}

/* Points of the words `w` (widths), with spaces of width 3, stretch 1
 * and no shrink between them; the last point ends the paragraph. */
static int make_words(pdf_break_point *pts, const int *w, int n)
{
  int i;
  int64_t x = 0;
  memset(pts, 0, sizeof *pts * (size_t)(n + 1));
  for (i = 0; i < n; i++) {
    pdf_break_point *p = &pts[i + 1];
    x += w[i];
    p->w_end = x;
    p->st_end = i;
    p->spaces_end = i;
    p->w_start = x + 3;
    p->st_start = i + 1;
    p->spaces_start = i + 1;
    x += 3;
  }
  pts[n].penalty = PDF_BREAK_FORCED;
  return n + 1;
}

static void test_break_degrade(void)
{
  pdf_break_point pts[16];
  int breaks[16], lines, over, i, n;
  static const int abc[] = {10, 1, 10};
  static const int six[] = {10, 10, 10, 10, 10, 10};
  pdf_break_params prm = {20, 20, 1, 2, 0, 0};

  /* "a b | c" stretches its first line 6 times its stretch, "a | b c"
   * leaves a word alone with nothing to stretch: no pass accepts either,
   * and the last must still prefer the first (badness is not capped). */
  n = make_words(pts, abc, 3);
  lines = pdf_break_total_fit(pts, n, &prm, breaks, &over);
  INT_EQ(lines, 2);
  INT_EQ(breaks[0], 2);
  INT_EQ(over, 0);

  /* The word-gap limit: em 10, spaces 3 wide. A line of "a b" stretched
   * to 20 has one gap of 9 (0.9 em); to 25, 14 (too loose); "a" alone
   * is always too loose. */
  prm.em = 10;
  OK(!pdf_break_is_too_loose(pts, 0, 2, 20, &prm));
  OK(pdf_break_is_too_loose(pts, 0, 2, 25, &prm));
  OK(pdf_break_is_too_loose(pts, 0, 1, 20, &prm));
  OK(!pdf_break_is_too_loose(pts, 0, 1, 10, &prm)); /* fills the measure */

  /* The first pass leaves dictionary hyphens alone when the words fit. */
  n = make_points(pts, 6);
  for (i = 0; i < n; i++)
    pts[i].soft = pts[i].flagged;
  prm.width_first = prm.width_rest = 50; /* 4 words: 49, stretch 6 */
  lines = pdf_break_total_fit(pts, n, &prm, breaks, &over);
  for (i = 0; i < lines; i++)
    OK(!pts[breaks[i]].flagged);

  /* Balanced: 6 words in 60 are 4 + 2 by first fit, 3 + 3 balanced. */
  n = make_words(pts, six, 6);
  prm.width_first = prm.width_rest = 60;
  prm.justify = 0;
  lines = pdf_break_first_fit(pts, n, &prm, breaks, &over);
  INT_EQ(lines, 2);
  INT_EQ(breaks[0], 4);
  lines = pdf_break_balanced(pts, n, &prm, breaks, &over);
  INT_EQ(lines, 2);
  INT_EQ(breaks[0], 3);
}

static galley_status mem_write(void *ctx, const unsigned char *d, size_t n,
                               galley_error *err)
{
  (void)err;
  galley_buf_put(ctx, d, n);
  return GALLEY_OK;
}

static void add_para(galley_node *root, galley_node_type t, const char *text)
{
  galley_node *p = galley_node_new(t);
  galley_node_append_text(p, text, strlen(text));
  galley_node_append_child(root, p);
}

static void test_write(void)
{
  galley_doc *doc = galley_doc_new();
  galley_node *root = galley_doc_get_root(doc);
  galley_write_options o;
  galley_buf a = GALLEY_BUF_INIT, b = GALLEY_BUF_INIT;
  galley_sink sink;
  galley_error err;
  galley_diag *diag = galley_diag_new();
  galley_node *h, *p, *l;
  int i;

  galley_meta_set(galley_doc_get_meta(doc), "title", "Hand-built");
  galley_meta_set(galley_doc_get_meta(doc), "language", "en");
  galley_doc_sync_title_block(doc);
  for (i = 0; i < 40; i++) {
    h = galley_node_new(GALLEY_NODE_HEADING);
    galley_node_append_text(h, "A section heading", 17);
    galley_node_append_child(root, h);
    p = galley_node_new(GALLEY_NODE_PARAGRAPH);
    l = galley_node_new(GALLEY_NODE_LINK);
    galley_node_set_url(l, "https://example.org/it's");
    galley_node_append_text(l, "a link that runs on", 19);
    galley_node_append_text(p, "Extraordinary responsibilities of international "
                               "organisations, with ", 68);
    galley_node_append_child(p, l);
    {
      const char *tail = " and \xD2\x9B\xD3\x99\xD2\xA3 text and \xE4\xB8\xAD.";
      galley_node_append_text(p, tail, strlen(tail));
    }
    galley_node_append_child(root, p);
    add_para(root, GALLEY_NODE_PARAGRAPH, "A second paragraph.");
  }
  galley_doc_assign_ids(doc);
  memset(&o, 0, sizeof o);
  o.font_dir = GALLEY_TEST_SOURCE_DIR "/fonts";
  o.source_date_epoch = 1700000000;
  sink.write = mem_write;
  sink.ctx = &a;
  galley_error_clear(&err);
  INT_EQ(galley_write_pdf(doc, &o, &sink, diag, &err), GALLEY_OK);
  OK(a.len > 1000 && memcmp(a.ptr, "%PDF-", 5) == 0);
  OK(strstr(a.ptr + a.len - 10, "%%EOF") != NULL);
  /* U+4E2D (a CJK ideograph) is in no bundled font: exactly one warning for it. */
  {
    int k, snow = 0;
    for (k = 0; k < galley_diag_get_count(diag); k++)
      if (strstr(galley_diag_get(diag, k, NULL, NULL), "U+4E2D"))
        snow++;
    INT_EQ(snow, 1);
  }
  sink.ctx = &b;
  INT_EQ(galley_write_pdf(doc, &o, &sink, NULL, &err), GALLEY_OK);
  OK(a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0);   /* same bytes */

  /* A bad page size and a missing font directory fail cleanly. */
  o.page_size = "huge";
  galley_error_clear(&err);
  INT_EQ(galley_write_pdf(doc, &o, &sink, NULL, &err), GALLEY_ERR_USAGE);
  o.page_size = NULL;
  /* a date past 9999 is refused, as the EPUB writer refuses it */
  o.source_date_epoch = GALLEY_MAX_SOURCE_DATE_EPOCH + 1;
  galley_error_clear(&err);
  INT_EQ(galley_write_pdf(doc, &o, &sink, NULL, &err), GALLEY_ERR_USAGE);
  OK(strstr(err.message, "9999") != NULL);
  o.source_date_epoch = 1700000000;
  o.font_dir = "/nonexistent";
  galley_error_clear(&err);
  OK(galley_write_pdf(doc, &o, &sink, NULL, &err) != GALLEY_OK);
  galley_buf_free(&a);
  galley_buf_free(&b);
  galley_diag_free(diag);
  galley_doc_free(doc);
}

int main(void)
{
  RUN(test_css);
  RUN(test_css_media);
  RUN(test_page_size);
  RUN(test_hyph);
  RUN(test_hyph_languages);
  RUN(test_hyph_tail);
  RUN(test_hyph_guess);
  RUN(test_break);
  RUN(test_break_degrade);
  RUN(test_write);
  return harness_report();
}
