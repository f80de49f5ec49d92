#define _POSIX_C_SOURCE 200809L
/* test_pdf.c: the PDF writer's parts alone (CSS subset, hyphenation, line
 * breakers, page sizes) and the whole writer on a model built by hand. */
#include <math.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>
#include <hyphen.h>

#include "harness.h"
#include "galley.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "pdf/pdf_private.h"

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
  OK(fabs(st.expansion - PDF_DEFAULT_EXPANSION) < 1e-12); /* initial value */
  {
    pdf_style x;
    const char *xcss = "body { -galley-font-expansion: 1.5% } .a { -galley-font-expansion: none }"
                       " .b { -galley-font-expansion: 9% } .c { -galley-font-expansion: 0.01 }"
                       " .d { -galley-font-expansion: -1% } .e { -galley-font-expansion: 2pt }";
    compute(xcss, "p", NULL, NULL, &x);
    OK(fabs(x.expansion - 0.015) < 1e-12);              /* inherited from body */
    compute(xcss, "p", "a", NULL, &x);
    OK(x.expansion == 0);
    compute(xcss, "p", "b", NULL, &x);
    OK(fabs(x.expansion - PDF_MAX_EXPANSION) < 1e-12);  /* clamped */
    compute(xcss, "p", "c", NULL, &x);
    OK(fabs(x.expansion - 0.01) < 1e-12);               /* a share */
    compute(xcss, "p", "d", NULL, &x);
    OK(fabs(x.expansion - 0.015) < 1e-12);              /* negative: ignored */
    compute(xcss, "p", "e", NULL, &x);
    OK(fabs(x.expansion - 0.015) < 1e-12);              /* a length: ignored */
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

/* The bundled fonts have a fontconfig configuration of their own, and
 * the library leaves fontconfig's current one (the process's) alone:
 * the configuration made current before a font map is made is still
 * current after it, and is not the map's. */
static void test_fonts_private_current(void)
{
  galley_error err;
  PangoFontMap *map;
  FcConfig *mine = FcConfigCreate();
  FcStrList *files;
  FcConfig *own;
  galley_error_clear(&err);
  OK(FcConfigSetCurrent(mine));
  map = pdf_fonts_new_map(GALLEY_TEST_SOURCE_DIR "/fonts", NULL, 0, &err);
  OK(map != NULL);
  OK(FcConfigGetCurrent() == mine);
  if (map) {
    own = pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(map));
    OK(own != NULL && own != mine);
    /* no system configuration file in the writer's own */
    files = FcConfigGetConfigFiles(own);
    OK(files && FcStrListNext(files) == NULL);
    FcStrListDone(files);
    g_object_unref(map);
  }
  FcConfigDestroy(mine); /* fontconfig keeps its reference while current */
}

static void test_hyph(void)
{
  pdf_hyph *h = pdf_hyph_new("en", NULL, NULL);
  galley_buf b = GALLEY_BUF_INIT;
  OK(h != NULL);
  if (!h)
    return;
  pdf_hyph_append(h, NULL, "hyphenation", 11, &b);
  OK(count_shy(galley_buf_cstr(&b)) >= 2);
  /* lefthyphenmin 2, righthyphenmin 3 */
  OK(strncmp(galley_buf_cstr(&b), "\xC2\xAD", 2) != 0);
  OK(memcmp(galley_buf_cstr(&b) + b.len - 4, "\xC2\xAD", 2) != 0);
  galley_buf_clear(&b);
  pdf_hyph_append(h, NULL, "2025-2029 OSCE later www.example.org/international", 51, &b);
  INT_EQ(count_shy(galley_buf_cstr(&b)), 0);
  galley_buf_clear(&b);
  /* a word with a hard hyphen breaks there only: no "co-op-/eration" */
  pdf_hyph_append(h, NULL, "co-operation Kassym-Jomart state\xE2\x80\x90" "of\xE2\x80\x90" "the\xE2\x80\x90" "art", 43, &b);
  INT_EQ(count_shy(galley_buf_cstr(&b)), 0);
  galley_buf_clear(&b);
  pdf_hyph_append(h, NULL, "debian.org HYPHENATION hyphenation2", 35, &b);
  INT_EQ(count_shy(galley_buf_cstr(&b)), 0);
  galley_buf_free(&b);
  pdf_hyph_free(h);
  OK(pdf_hyph_new("xx-YY", NULL, NULL) == NULL);              /* no dictionary */
  OK(pdf_hyph_new("sr-Latn-RS", NULL, NULL) == NULL);         /* none in Debian */
}

/* The memo of hyphenated words changes nothing but the work: the same
 * text through one memo, call after call, gives what each call gives
 * without it, for words of both scripts (the Russian words take the
 * other patterns) and a word too long to be kept; a repeated word is
 * kept once. */
static void test_hyph_memo(void)
{
  static const char *const texts[] = {
      "hyphenation international organization hyphenation",
      "\xD1\x80\xD0\xB0\xD1\x81\xD0\xBF\xD1\x80\xD0\xBE\xD1\x81\xD1\x82\xD1\x80\xD0\xB0"
      "\xD0\xBD\xD1\x8F\xD0\xB5\xD1\x82\xD1\x81\xD1\x8F hyphenation Hyphenation",
      "internationalizationinternationalizationinternationalizationinternationalization "
      "organization HYPHENATION international",
      NULL};
  pdf_hyph *h = pdf_hyph_new("en", NULL, NULL);
  pdf_hyph_memo memo;
  galley_buf x = GALLEY_BUF_INIT, y = GALLEY_BUF_INIT;
  int round, i;
  memset(&memo, 0, sizeof memo);
  OK(h != NULL);
  if (!h)
    return;
  for (round = 0; round < 2; round++)
    for (i = 0; texts[i]; i++) {
      galley_buf_clear(&x);
      galley_buf_clear(&y);
      pdf_hyph_append(h, NULL, texts[i], strlen(texts[i]), &x);
      pdf_hyph_append(h, &memo, texts[i], strlen(texts[i]), &y);
      STR_EQ(galley_buf_cstr(&y), galley_buf_cstr(&x));
    }
  /* hyphenation international organization, the Russian word,
   * Hyphenation, HYPHENATION: the long word is not kept */
  INT_EQ((int)memo.n, 6);
  OK(count_shy(galley_buf_cstr(&y)) >= 4);
  pdf_hyph_memo_clear(&memo);
  INT_EQ((int)memo.n, 0);
  galley_buf_free(&x);
  galley_buf_free(&y);
  pdf_hyph_free(h);
}

/* Hyphenates `word` for `lang` and writes it with '|' at the soft
 * hyphens into `out`. */
static void hyph_show(const char *lang, const char *word, char *out, size_t size)
{
  pdf_hyph *h = pdf_hyph_new(lang, NULL, NULL);
  galley_buf b = GALLEY_BUF_INIT;
  size_t i, o = 0;
  out[0] = '\0';
  if (!h)
    return;
  pdf_hyph_append(h, NULL, word, strlen(word), &b);
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

/* Copies `name` from Debian's dictionaries into `dir`; 1 on success. */
static int copy_dict(const char *dir, const char *name)
{
  galley_buf from = GALLEY_BUF_INIT, to = GALLEY_BUF_INIT;
  FILE *in, *out;
  char chunk[4096];
  size_t n;
  int ok = 0;
  galley_buf_printf(&from, "/usr/share/hyphen/%s", name);
  galley_buf_printf(&to, "%s/%s", dir, name);
  in = fopen(galley_buf_cstr(&from), "rb");
  out = in ? fopen(galley_buf_cstr(&to), "wb") : NULL;
  if (in && out) {
    ok = 1;
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
      ok &= fwrite(chunk, 1, n, out) == n;
  }
  if (out)
    ok &= fclose(out) == 0;
  if (in)
    fclose(in);
  galley_buf_free(&from);
  galley_buf_free(&to);
  return ok;
}

/* The other script's dictionary is read by its first word, not when the
 * hyphenator is made (most texts have no such word): removed in between,
 * it is not found, and the Cyrillic word stays whole; the English
 * patterns, read at once, still apply. */
static void test_hyph_other_lazy(void)
{
  char tmpl[] = "/tmp/galley-hyph-test-XXXXXX";
  char *dir = mkdtemp(tmpl);
  galley_buf path = GALLEY_BUF_INIT, b = GALLEY_BUF_INIT;
  pdf_hyph *h;
  OK(dir != NULL);
  if (!dir)
    return;
  OK(copy_dict(dir, "hyph_en_US.dic"));
  OK(copy_dict(dir, "hyph_ru_RU.dic"));
  h = pdf_hyph_new("en", dir, NULL);
  OK(h != NULL);
  galley_buf_printf(&path, "%s/hyph_ru_RU.dic", dir);
  OK(unlink(galley_buf_cstr(&path)) == 0);
  if (h) {
    pdf_hyph_append(h, NULL, "распространяется hyphenation", strlen("распространяется hyphenation"), &b);
    OK(strncmp(galley_buf_cstr(&b), "распространяется ", strlen("распространяется ")) == 0);
    OK(count_shy(galley_buf_cstr(&b)) >= 2); /* hy-phen-ation */
  }
  pdf_hyph_free(h);
  galley_buf_clear(&path);
  galley_buf_printf(&path, "%s/hyph_en_US.dic", dir);
  unlink(galley_buf_cstr(&path));
  rmdir(dir);
  galley_buf_free(&path);
  galley_buf_free(&b);
}

/* Writes `len` bytes of `data` to the file at `path`; 1 on success. */
static int put_file(const char *path, const char *data, size_t len, const char *mode)
{
  FILE *f = fopen(path, mode);
  int ok = f && fwrite(data, 1, len, f) == len;
  if (f)
    ok &= fclose(f) == 0;
  return ok;
}

/* A dictionary compiled by galley-hyphen-cache (pdf_hyph_cache.c) gives
 * the hyphenation libhyphen gives from its text, in UTF-8 and in an
 * 8-bit encoding (KOI8-R); one whose dictionary changed since, or that
 * is cut short or damaged, is refused (libhyphen then reads the text). */
static void test_hyph_compiled(void)
{
  static const struct {
    const char *lang, *file, *text;
  } cases[] = {
      {"en", "hyph_en_US.dic", "hyphenation internationalisation encyclopedia "
                               "uncharacteristically photosynthesis don't mother-in-law "
                               "rock\u2019n\u2019roll"},
      {"ru", "hyph_ru_RU.dic", "распространяется государственный достопримечательность"},
      /* ISO-8859-1, two levels, a NOHYPHEN list of its own */
      {"de", "hyph_de_DE.dic", "Bundesverfassungsgericht Donaudampfschifffahrtsgesellschaft "
                               "Schifffahrt Rock'n'Roll Müller-Lüdenscheidt Straßenbahnhaltestelle"},
  };
  char tmpl[] = "/tmp/galley-hyph-compiled-XXXXXX";
  char *dir = mkdtemp(tmpl);
  size_t i;
  OK(dir != NULL);
  if (!dir)
    return;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    galley_buf dic = GALLEY_BUF_INIT, bin = GALLEY_BUF_INIT;
    galley_buf x = GALLEY_BUF_INIT, y = GALLEY_BUF_INIT;
    HyphenDict *d;
    pdf_hyph *text_h, *compiled_h;
    void *blob = NULL;
    char *data;
    size_t len;
    OK(copy_dict(dir, cases[i].file));
    galley_buf_printf(&dic, "%s/%s", dir, cases[i].file);
    galley_buf_printf(&bin, "%s/%s.bin", dir, cases[i].file);
    d = hnj_hyphen_load(galley_buf_cstr(&dic));
    OK(d != NULL);
    OK(d && pdf_hyph_cache_write(d, galley_buf_cstr(&dic), galley_buf_cstr(&bin)));
    if (d)
      hnj_hyphen_free(d);
    d = pdf_hyph_cache_read(dir, galley_buf_cstr(&dic), &blob);
    OK(d != NULL && blob != NULL); /* read compiled, not from the text */
    free(blob);
    text_h = pdf_hyph_new(cases[i].lang, dir, NULL);
    compiled_h = pdf_hyph_new(cases[i].lang, dir, dir);
    OK(text_h != NULL && compiled_h != NULL);
    if (text_h && compiled_h) {
      pdf_hyph_append(text_h, NULL, cases[i].text, strlen(cases[i].text), &x);
      pdf_hyph_append(compiled_h, NULL, cases[i].text, strlen(cases[i].text), &y);
      OK(count_shy(galley_buf_cstr(&x)) >= 6);
      STR_EQ(galley_buf_cstr(&y), galley_buf_cstr(&x));
    }
    pdf_hyph_free(text_h);
    pdf_hyph_free(compiled_h);

    /* damaged: bytes overwritten inside its tables, or cut short */
    data = galley_file_read(galley_buf_cstr(&bin), &len, NULL);
    OK(data != NULL && len > 4096);
    if (data && len > 4096) {
      memset(data + 100, 0x7f, 300);
      OK(put_file(galley_buf_cstr(&bin), data, len, "wb"));
      OK(pdf_hyph_cache_read(dir, galley_buf_cstr(&dic), &blob) == NULL && blob == NULL);
      OK(put_file(galley_buf_cstr(&bin), data, len / 2, "wb"));
      OK(pdf_hyph_cache_read(dir, galley_buf_cstr(&dic), &blob) == NULL && blob == NULL);
    }
    free(data);
    /* stale: compiled again, then the dictionary changed */
    d = hnj_hyphen_load(galley_buf_cstr(&dic));
    OK(d && pdf_hyph_cache_write(d, galley_buf_cstr(&dic), galley_buf_cstr(&bin)));
    if (d)
      hnj_hyphen_free(d);
    data = galley_file_read(galley_buf_cstr(&dic), &len, NULL);
    OK(data != NULL && len > 2);
    if (data && len > 2) { /* a letter of its last pattern, the size kept */
      data[len - 2] = data[len - 2] == 'z' ? 'y' : 'z';
      OK(put_file(galley_buf_cstr(&dic), data, len, "wb"));
    }
    free(data);
    OK(pdf_hyph_cache_read(dir, galley_buf_cstr(&dic), &blob) == NULL && blob == NULL);
    unlink(galley_buf_cstr(&dic));
    unlink(galley_buf_cstr(&bin));
    galley_buf_free(&dic);
    galley_buf_free(&bin);
    galley_buf_free(&x);
    galley_buf_free(&y);
  }
  rmdir(dir);
}

/* pdf_hyph_start reads the dictionary on a thread: the words come out as
 * pdf_hyph_new hyphenates them, whether the first word waits for the
 * dictionary or it is freed unused; a language without one is NULL. */
static void test_hyph_start(void)
{
  const char *text = "hyphenation распространяется internationalisation";
  pdf_hyph *a = pdf_hyph_new("en", NULL, NULL), *b = pdf_hyph_start("en", NULL, NULL);
  galley_buf x = GALLEY_BUF_INIT, y = GALLEY_BUF_INIT;
  OK(a != NULL && b != NULL);
  pdf_hyph_append(a, NULL, text, strlen(text), &x);
  pdf_hyph_append(b, NULL, text, strlen(text), &y);
  OK(count_shy(galley_buf_cstr(&x)) >= 4);
  STR_EQ(galley_buf_cstr(&y), galley_buf_cstr(&x));
  pdf_hyph_free(a);
  pdf_hyph_free(b);
  pdf_hyph_free(pdf_hyph_start("ru", NULL, NULL));
  OK(pdf_hyph_start("xx-YY", NULL, NULL) == NULL);
  galley_buf_free(&x);
  galley_buf_free(&y);
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
      /* function words that are not ASCII ("się", "że"), one in
       * capitals at a sentence's start */
      {"\xC5\xBB" "e projekt nie jest prosty, wiedz\xC4\x85 wszyscy. Praca si\xC4\x99 "
       "toczy przez lata oraz nie ko\xC5\x84" "czy si\xC4\x99, a to, \xC5\xBC" "e jest "
       "wsp\xC3\xB3lna, nie dziwi nikogo, kto zna si\xC4\x99 na rzeczy.\n", "pl"},
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
  pdf_break_params prm = {58, 58, 1, 2, 0, 0, 0, 0};
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

/* Points of the words `w` (widths), with spaces `space` wide that
 * stretch by `stretch` and do not shrink; the last point ends the
 * paragraph. */
static int make_words_spaced(pdf_break_point *pts, const int *w, int n, int space,
                             int stretch)
{
  int i;
  int64_t x = 0;
  memset(pts, 0, sizeof *pts * (size_t)(n + 1));
  for (i = 0; i < n; i++) {
    pdf_break_point *p = &pts[i + 1];
    x += w[i];
    p->w_end = x;
    p->st_end = (int64_t)i * stretch;
    p->spaces_end = i;
    p->w_start = x + space;
    p->st_start = (int64_t)(i + 1) * stretch;
    p->spaces_start = i + 1;
    x += space;
  }
  pts[n].penalty = PDF_BREAK_FORCED;
  return n + 1;
}

/* As make_words_spaced, with spaces of width 3, stretch 1. */
static int make_words(pdf_break_point *pts, const int *w, int n)
{
  return make_words_spaced(pts, w, n, 3, 1);
}

/* Known answers: the line breaks of fixed paragraphs at a fixed measure.
 * Twelve words (widths below, spaces 30 wide stretching 15) in a measure
 * of 400: first fit fills line one exactly (4 words, 400) and leaves line
 * two "120 120" 130 short, stretched 8.7 times its stretch; total fit
 * takes 3 words a line (320, 350, 380 wide: ratios 2.7, 1.7, 0.7). */
static void test_break_known(void)
{
  pdf_break_point pts[16];
  int breaks[16], lines, over, n;
  static const int w[] = {90, 120, 50, 50, 120, 120, 120, 120, 80, 50, 60, 50};
  pdf_break_params prm = {400, 400, 1, 2, 0, 0, 0, 0};
  n = make_words_spaced(pts, w, 12, 30, 15);
  lines = pdf_break_first_fit(pts, n, &prm, breaks, &over);
  INT_EQ(lines, 4);
  INT_EQ(breaks[0], 4);
  INT_EQ(breaks[1], 6);
  INT_EQ(breaks[2], 9);
  lines = pdf_break_total_fit(pts, n, &prm, breaks, &over);
  INT_EQ(lines, 4);
  INT_EQ(breaks[0], 3);
  INT_EQ(breaks[1], 6);
  INT_EQ(breaks[2], 9);
  INT_EQ(breaks[3], 12);
  INT_EQ(over, 0);
}

/* Font expansion: the glyphs take a share of a line's stretch and
 * shrink, within their limit, so a line that was too loose is not. Two
 * words 100 wide, a space 30 wide that stretches 15 and does not shrink;
 * with an expansion of 2 % the glyphs add 4 of stretch and of shrink. */
static void test_break_expansion(void)
{
  pdf_break_point pts[8];
  int breaks[8], lines, over, n;
  static const int two[] = {100, 100};
  static const int narrow[] = {100, 100, 100};
  pdf_break_params prm = {240, 240, 1, 2, 0, 0, 0, 0};
  n = make_words_spaced(pts, two, 2, 30, 15);
  /* natural 230: without expansion the glyphs keep their width */
  OK(pdf_break_glyph_scale(pts, 0, 2, 240, &prm) == 1.0);
  prm.expansion = 0.02;
  /* 10 short: ratio 10/19 of the stretch, the glyphs 1.05 % wider, in
   * steps of 0.1 % */
  OK(fabs(pdf_break_glyph_scale(pts, 0, 2, 240, &prm) - 1.011) < 1e-9);
  /* 20 short: past the stretch, the glyphs at their limit */
  OK(fabs(pdf_break_glyph_scale(pts, 0, 2, 250, &prm) - 1.02) < 1e-12);
  /* 2 too wide, no shrink in the space: the glyphs narrow by half their
   * limit */
  OK(fabs(pdf_break_glyph_scale(pts, 0, 2, 228, &prm) - 0.99) < 1e-12);
  OK(pdf_break_glyph_scale(pts, 0, 2, 230, &prm) == 1.0);

  /* The word-gap limit counts the glyphs' widening: em 10, a space 4
   * wide; in 213 the gap is 13 at the glyphs' width, 9 at 102 %. */
  n = make_words_spaced(pts, two, 2, 4, 2);
  prm.em = 10;
  prm.expansion = 0;
  OK(pdf_break_is_too_loose(pts, 0, 2, 213, &prm));
  prm.expansion = 0.02;
  OK(!pdf_break_is_too_loose(pts, 0, 2, 213, &prm));

  /* Three words 100 wide in 204 wide lines, spaces 30 wide stretching
   * 15 and shrinking nothing: two words (230) fit only by narrowing the
   * glyphs 13 %, which no expansion allows: three lines either way. A
   * measure of 226 takes two words with the glyphs at 98 % (an expansion
   * of 2 % shrinks them by 4), and none without. */
  n = make_words_spaced(pts, narrow, 3, 30, 15);
  prm.em = 0;
  prm.width_first = prm.width_rest = 204;
  lines = pdf_break_total_fit(pts, n, &prm, breaks, &over);
  INT_EQ(lines, 3);
  prm.width_first = prm.width_rest = 226;
  lines = pdf_break_total_fit(pts, n, &prm, breaks, &over);
  INT_EQ(lines, 2);
  INT_EQ(over, 0);
  prm.expansion = 0;
  lines = pdf_break_total_fit(pts, n, &prm, breaks, &over);
  OK(lines != 2 || over > 0 || breaks[0] != 2);
}

static void test_break_degrade(void)
{
  pdf_break_point pts[16];
  int breaks[16], lines, over, i, n;
  static const int abc[] = {10, 1, 10};
  static const int six[] = {10, 10, 10, 10, 10, 10};
  pdf_break_params prm = {20, 20, 1, 2, 0, 0, 0, 0};

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

/* ---- tables, deleted text, task items ------------------------------ */

static galley_node *add_text_node(galley_node *parent, galley_node_type t,
                                  const char *text)
{
  galley_node *n = galley_node_new(t);
  if (text)
    galley_node_append_text(n, text, strlen(text));
  galley_node_append_child(parent, n);
  return n;
}

/* Words for the cells: a column of names, one of numbers (right), one of
 * short codes (centred) and one of notes long enough to wrap. */
static const char *const table_words[] = {
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
static const char *const table_words_ru[] = {
    "альфа", "браво", "чарли", "дельта", "эхо", "фокстрот", "гольф", "отель"};

/* Appends a table of `rows` body rows (and one header row) and
 * `cols` columns (4 when 0) to `root`; each cell's text starts with
 * "rRcC" so that a check can find every cell. */
static void add_table(galley_node *root, int rows, int cols, int ru, int tall)
{
  static const galley_align aligns[4] = {GALLEY_ALIGN_NONE, GALLEY_ALIGN_RIGHT,
                                          GALLEY_ALIGN_CENTER, GALLEY_ALIGN_LEFT};
  const char *const *w = ru ? table_words_ru : table_words;
  galley_node *table = galley_node_new(GALLEY_NODE_TABLE), *row, *cell;
  int r, c, wide = cols > 0;
  char text[256];
  if (!wide)
    cols = 4;
  add_text_node(table, GALLEY_NODE_CAPTION,
                ru ? "Таблица 1. Позывные, их номера и примечания"
                   : "Table 1. Call signs, their numbers and notes");
  for (r = 0; r <= rows; r++) {
    row = galley_node_new(GALLEY_NODE_TABLE_ROW);
    galley_node_set_row_header(row, r == 0);
    for (c = 0; c < cols; c++) {
      if (r == 0)
        snprintf(text, sizeof text, "r0c%d %s", c,
                 wide ? "h" : c == 0 ? (ru ? "Позывной" : "Call sign")
                            : c == 1 ? (ru ? "Число" : "Number")
                            : c == 2 ? (ru ? "Код" : "Code")
                                     : (ru ? "Примечания" : "Notes"));
      else if (wide || c == 0)
        snprintf(text, sizeof text, "r%dc%d %s", r, c, w[r % 8]);
      else if (c == 1)
        snprintf(text, sizeof text, "r%dc%d %d", r, c, (r * 7919) % (r % 3 ? 100 : 100000));
      else if (c == 2)
        snprintf(text, sizeof text, "r%dc%d", r, c);
      else if (tall && r == 2)
        snprintf(text, sizeof text, "r%dc%d", r, c);
      else
        snprintf(text, sizeof text, "r%dc%d %s %s %s %s %s %s %s", r, c, w[r % 8],
                 w[(r + 1) % 8], w[(r + 2) % 8], w[(r + 3) % 8], w[(r + 5) % 8],
                 w[(r + 6) % 8], r % 5 ? "" : w[(r + 7) % 8]);
      cell = add_text_node(row, GALLEY_NODE_TABLE_CELL, text);
      if (tall && r == 2 && c == 3) {
        /* a cell taller than a page: its row is cut into slices */
        int k;
        for (k = 0; k < 1500; k++) {
          snprintf(text, sizeof text, " t%d %s", k, w[k % 8]);
          galley_node_append_text(cell, text, strlen(text));
        }
      }
      if (!wide)
        galley_node_set_align(cell, aligns[c]);
    }
    galley_node_append_child(table, row);
  }
  galley_node_append_child(root, table);
}

/* A document with a table (`rows` body rows, `cols` columns or the four
 * of add_table), deleted text and a task list. */
static galley_doc *table_doc(int rows, int cols, int ru, int tall)
{
  galley_doc *doc = galley_doc_new();
  galley_node *root = galley_doc_get_root(doc), *p, *del, *list, *item;
  galley_meta_set(galley_doc_get_meta(doc), "title", ru ? "Таблицы" : "Tables");
  galley_meta_set(galley_doc_get_meta(doc), "language", ru ? "ru" : "en");
  galley_doc_sync_title_block(doc);
  galley_node_set_level(add_text_node(root, GALLEY_NODE_HEADING,
                                      ru ? "Вступление" : "Introduction"), 1);
  p = add_text_node(root, GALLEY_NODE_PARAGRAPH,
                    ru ? "Перед таблицей стоит абзац с " : "A paragraph before the table, with ");
  del = galley_node_new(GALLEY_NODE_DELETE);
  galley_node_append_text(del, "struckwords gone", 16);
  galley_node_append_child(p, del);
  {
    const char *more = ru ? " и ещё текст: абзац длиной в три строки, чтобы его строки, "
                            "выключенные по формату, показали края наборной полосы, "
                            "которые таблица не должна пересекать ни одним словом."
                          : " and more text: a paragraph three lines long, so that its "
                            "justified lines show the edges of the text block, which "
                            "no word of the table may cross, whatever its columns.";
    galley_node_append_text(p, more, strlen(more));
  }
  list = galley_node_new(GALLEY_NODE_LIST);
  item = galley_node_new(GALLEY_NODE_ITEM);
  galley_node_set_task(item, GALLEY_TASK_OPEN);
  add_text_node(item, GALLEY_NODE_PARAGRAPH, "an open task");
  galley_node_append_child(list, item);
  item = galley_node_new(GALLEY_NODE_ITEM);
  galley_node_set_task(item, GALLEY_TASK_DONE);
  add_text_node(item, GALLEY_NODE_PARAGRAPH, "a finished task");
  galley_node_append_child(list, item);
  galley_node_append_child(root, list);
  add_table(root, rows, cols, ru, tall);
  add_text_node(root, GALLEY_NODE_PARAGRAPH, ru ? "Абзац после таблицы." : "A paragraph after the table.");
  galley_doc_assign_ids(doc);
  return doc;
}

typedef struct table_run {
  galley_buf pdf, dump;
  galley_diag *diag;
} table_run;

/* Writes `doc` at `page` with the style `style` ("classic", "modern")
 * followed by the rules `extra` (may be NULL); fills *out (free with
 * table_run_free). */
static galley_status table_write_css(galley_doc *doc, const char *page, const char *style,
                                     const char *extra, table_run *out)
{
  galley_write_options o;
  galley_sink sink, dump;
  galley_error err;
  galley_status st;
  size_t css_len = 0;
  char style_path[1024];
  char *css;
  snprintf(style_path, sizeof style_path, "%s/styles/%s.css", GALLEY_TEST_SOURCE_DIR, style);
  css = galley_file_read(style_path, &css_len, NULL);
  if (css && extra) {
    css = realloc(css, css_len + strlen(extra) + 1);
    memcpy(css + css_len, extra, strlen(extra) + 1);
    css_len += strlen(extra);
  }
  memset(out, 0, sizeof *out);
  out->diag = galley_diag_new();
  memset(&o, 0, sizeof o);
  o.font_dir = GALLEY_TEST_SOURCE_DIR "/fonts";
  o.style_css = css;
  o.style_css_len = css_len;
  o.style_name = style_path;
  o.page_size = page;
  o.source_date_epoch = 1700000000;
  /* the checks read the text's pages; the cover has tests of its own */
  o.flags = GALLEY_OPT_NO_COVER_PAGE;
  sink.write = mem_write;
  sink.ctx = &out->pdf;
  dump.write = mem_write;
  dump.ctx = &out->dump;
  o.layout_dump = &dump;
  galley_error_clear(&err);
  st = galley_write_pdf(doc, &o, &sink, out->diag, &err);
  galley_buf_putc(&out->dump, '\0');
  free(css);
  return st;
}

static galley_status table_write(galley_doc *doc, const char *page, table_run *out)
{
  return table_write_css(doc, page, "classic", NULL, out);
}

/* The page of the first dumped line of block `block` ("caption", "th"),
 * or 0. */
static int dump_page_of(const char *dump, const char *block)
{
  const char *line;
  size_t n = strlen(block);
  for (line = dump; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
    const char *tab = strchr(line, '\t');
    if (*line != '#' && tab && strncmp(tab + 1, block, n) == 0 && tab[1 + n] == '\t')
      return atoi(line);
  }
  return 0;
}

static void table_run_free(table_run *t)
{
  galley_buf_free(&t->pdf);
  galley_buf_free(&t->dump);
  galley_diag_free(t->diag);
}

/* Checks the layout dump of a table of `rows` body rows and `cols`
 * columns: every cell's "rRcC" is drawn, no cell line is wider than its
 * measure, and (with `repeats`) every page holding body cells holds
 * header cells too.
 * Returns the number of pages with body cells. */
static int check_table_dump(const char *dump, int rows, int cols, int repeats)
{
  const char *line;
  char *seen = calloc((size_t)(rows + 1) * (size_t)cols, 1);
  int missing = 0, too_wide = 0, pages = 0, page_th = -1, page_td = -1, bad_pages = 0, i;
  for (line = dump; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : line + strlen(line)) {
    int page;
    char block[32];
    double width, measure;
    const char *text;
    int k;
    const char *q;
    char *end;
    if (*line == '#' || !*line)
      continue;
    /* (sscanf would read the string's length first, every line) */
    page = (int)strtol(line, &end, 10);
    q = end + 1;
    end = strchr(q, '\t');
    if (!end || end - q >= (int)sizeof block)
      continue;
    memcpy(block, q, (size_t)(end - q));
    block[end - q] = '\0';
    width = strtod(end + 1, &end);
    measure = strtod(end + 1, &end);
    if (strcmp(block, "td") != 0 && strcmp(block, "th") != 0)
      continue;
    if (width > measure + 0.01)
      too_wide++;
    if (strcmp(block, "th") == 0)
      page_th = page;
    else if (page != page_td) {
      page_td = page;
      pages++;
      if (page_th != page)
        bad_pages++;
    }
    text = line;
    for (k = 0; k < 9; k++)
      text = strchr(text, '\t') + 1;
    for (; *text && *text != '\n'; text++) {
      int r, c;
      char *e;
      if (*text != 'r' || text[1] < '0' || text[1] > '9')
        continue;
      r = (int)strtol(text + 1, &e, 10);
      if (*e != 'c' || e[1] < '0' || e[1] > '9')
        continue;
      c = (int)strtol(e + 1, &e, 10);
      if (r >= 0 && r <= rows && c >= 0 && c < cols)
        seen[r * cols + c] = 1;
    }
  }
  for (i = 0; i < (rows + 1) * cols; i++)
    missing += !seen[i];
  INT_EQ(missing, 0);
  INT_EQ(too_wide, 0);
  if (repeats)
    INT_EQ(bad_pages, 0);
  free(seen);
  return pages;
}

static int count_diag(galley_diag *diag, const char *what)
{
  int k, n = 0;
  for (k = 0; k < galley_diag_get_count(diag); k++)
    if (strstr(galley_diag_get(diag, k, NULL, NULL), what))
      n++;
  return n;
}

static void test_tables(void)
{
  galley_doc *doc = table_doc(12, 0, 0, 0);
  galley_error err;
  table_run t;
  galley_error_clear(&err);
  OK(galley_doc_check(doc, &err));
  INT_EQ(table_write(doc, "A4", &t), GALLEY_OK);
  INT_EQ(check_table_dump(t.dump.ptr, 12, 4, 1), 1);
  INT_EQ(count_diag(t.diag, "table"), 0);
  table_run_free(&t);
  galley_doc_free(doc);

  /* 200 rows at A5: several pages, each with the header rows */
  doc = table_doc(200, 0, 0, 0);
  INT_EQ(table_write(doc, "A5", &t), GALLEY_OK);
  OK(check_table_dump(t.dump.ptr, 200, 4, 1) > 3);
  table_run_free(&t);
  galley_doc_free(doc);

  /* a table that starts a page starts it with its caption, the rows
   * following on the same page */
  doc = table_doc(5, 0, 0, 0);
  INT_EQ(table_write_css(doc, "A4", "classic", "table { break-before: page; }", &t), GALLEY_OK);
  INT_EQ(dump_page_of(t.dump.ptr, "caption"), 2);
  INT_EQ(dump_page_of(t.dump.ptr, "th"), 2);
  table_run_free(&t);
  galley_doc_free(doc);

  /* 12 columns at A5: the minimums do not fit; words are broken by force,
   * no line is wider than its column */
  doc = table_doc(3, 12, 0, 0);
  INT_EQ(table_write(doc, "A5", &t), GALLEY_OK);
  INT_EQ(count_diag(t.diag, "table of 12 columns is wider"), 1);
  INT_EQ(count_diag(t.diag, "wider than the column"), 0);
  table_run_free(&t);
  galley_doc_free(doc);

  /* 10,000 columns: each row one paragraph; one warning, all text drawn */
  doc = table_doc(2, 10000, 0, 0);
  INT_EQ(table_write(doc, "A4", &t), GALLEY_OK);
  check_table_dump(t.dump.ptr, 2, 10000, 0);
  INT_EQ(count_diag(t.diag, "table of 10000 columns cannot"), 1);
  table_run_free(&t);
  galley_doc_free(doc);
}

/* `test_pdf write DIR`: writes the PDFs the table checks of the PDF
 * suite read (tests/pdf/table_test.py). */
static int write_table_pdfs(const char *dir)
{
  static const struct {
    const char *name;
    int rows, cols, ru, tall;
    const char *page;
  } cases[] = {{"table-a4", 12, 0, 0, 0, "A4"},       {"table-a5", 12, 0, 0, 0, "A5"},
               {"table-long-a5", 200, 0, 0, 0, "A5"},  {"table-ru-a5", 30, 0, 1, 0, "A5"},
               {"table-wide-a4", 2, 10000, 0, 0, "A4"}, {"table-cols-a5", 3, 12, 0, 0, "A5"},
               {"table-tall-a5", 4, 0, 0, 1, "A5"},   {"table-modern-a4", 30, 0, 0, 0, "A4"},
               {"table-modern-ru-a5", 30, 0, 1, 0, "A5"}};
  size_t i;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    galley_doc *doc = table_doc(cases[i].rows, cases[i].cols, cases[i].ru, cases[i].tall);
    table_run t;
    char path[4096];
    FILE *f;
    if (table_write_css(doc, cases[i].page,
                        strstr(cases[i].name, "modern") ? "modern" : "classic", NULL,
                        &t) != GALLEY_OK)
      return 1;
    snprintf(path, sizeof path, "%s/%s.pdf", dir, cases[i].name);
    f = fopen(path, "wb");
    if (!f || fwrite(t.pdf.ptr, 1, t.pdf.len, f) != t.pdf.len || fclose(f) != 0)
      return 1;
    snprintf(path, sizeof path, "%s/%s.layout", dir, cases[i].name);
    f = fopen(path, "wb");
    if (!f || fwrite(t.dump.ptr, 1, strlen(t.dump.ptr), f) != strlen(t.dump.ptr) ||
        fclose(f) != 0)
      return 1;
    table_run_free(&t);
    galley_doc_free(doc);
  }
  return 0;
}

/* ---- notes at the foot of the page ---------------------------------- */

static const char NOTE_FILL[] =
    "The committee met again in the spring and talked for a long time about "
    "the rules of the house, the money that was owed, and the many small "
    "matters that had been left undone since the winter. ";

static galley_node *note_ref(int n)
{
  galley_node *r = galley_node_new(GALLEY_NODE_FOOTNOTE_REF);
  galley_node_set_note_number(r, n);
  return r;
}

static void append_str(galley_node *p, const char *s)
{
  galley_node_append_text(p, s, strlen(s));
}

/* 24 paragraphs; note 1 (short, referencing note 3) referenced from the
 * third paragraph and again from the tenth, note 2 (two long paragraphs,
 * longer than an A5 page's foot can hold: `note2_fill` sentences each)
 * from the sixth; note 4 from nowhere; note 5 from the seventh. */
static galley_doc *notes_doc(int note2_fill)
{
  galley_doc *doc = galley_doc_new();
  galley_node *root = galley_doc_get_root(doc), *p, *fn;
  int i, k;
  galley_meta_set(galley_doc_get_meta(doc), "title", "Notes");
  galley_meta_set(galley_doc_get_meta(doc), "language", "en");
  galley_doc_sync_title_block(doc);
  for (i = 0; i < 24; i++) {
    p = galley_node_new(GALLEY_NODE_PARAGRAPH);
    if (i == 6) {
      /* first thing in its paragraph: met while note 2 runs on */
      append_str(p, "Epsilonword");
      galley_node_append_child(p, note_ref(5));
      append_str(p, " too. ");
    }
    for (k = 0; k < 3; k++)
      append_str(p, NOTE_FILL);
    if (i == 2 || i == 5 || i == 9) {
      append_str(p, i == 2 ? "Alphaword" : i == 5 ? "Betaword" : "Gammaword");
      galley_node_append_child(p, note_ref(i == 5 ? 2 : 1));
      append_str(p, " goes on. ");
    }
    append_str(p, NOTE_FILL);
    galley_node_append_child(root, p);
  }
  fn = galley_node_new(GALLEY_NODE_FOOTNOTE);
  galley_node_set_note_number(fn, 1);
  p = galley_node_new(GALLEY_NODE_PARAGRAPH);
  append_str(p, "Firstnote, short, naming a third");
  galley_node_append_child(p, note_ref(3));
  append_str(p, " inside it.");
  galley_node_append_child(fn, p);
  galley_node_append_child(root, fn);
  fn = galley_node_new(GALLEY_NODE_FOOTNOTE);
  galley_node_set_note_number(fn, 2);
  for (k = 0; k < 2; k++) {
    p = galley_node_new(GALLEY_NODE_PARAGRAPH);
    append_str(p, "Secondnote begins. ");
    for (i = 0; i < note2_fill; i++)
      append_str(p, NOTE_FILL);
    append_str(p, "Secondnote ends.");
    galley_node_append_child(fn, p);
  }
  galley_node_append_child(root, fn);
  fn = galley_node_new(GALLEY_NODE_FOOTNOTE);
  galley_node_set_note_number(fn, 3);
  p = galley_node_new(GALLEY_NODE_PARAGRAPH);
  append_str(p, "Thirdnote, referenced from the first.");
  galley_node_append_child(fn, p);
  galley_node_append_child(root, fn);
  fn = galley_node_new(GALLEY_NODE_FOOTNOTE);
  galley_node_set_note_number(fn, 4);
  p = galley_node_new(GALLEY_NODE_PARAGRAPH);
  append_str(p, "Fourthnote, referenced from nowhere.");
  galley_node_append_child(fn, p);
  galley_node_append_child(root, fn);
  fn = galley_node_new(GALLEY_NODE_FOOTNOTE);
  galley_node_set_note_number(fn, 5);
  p = galley_node_new(GALLEY_NODE_PARAGRAPH);
  append_str(p, "Fifthnote, referenced while the second runs on. ");
  for (i = 0; i < 6; i++)
    append_str(p, NOTE_FILL);
  galley_node_append_child(fn, p);
  galley_node_append_child(root, fn);
  return doc;
}

/* The page of the first dump line whose block is (or, with `note` 0, is
 * not) a note's and whose text holds `word`; 0 when there is none.
 * *out_count gets how many lines hold it. */
static int note_dump_page_of(const char *dump, const char *word, int note, int *out_count)
{
  const char *line = dump;
  int page = 0, count = 0;
  while (line && *line) {
    const char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) : strlen(line);
    char buf[1024];
    if (len >= sizeof buf)
      len = sizeof buf - 1;
    memcpy(buf, line, len);
    buf[len] = '\0';
    if (buf[0] != '#' && strstr(buf, word) &&
        (strstr(buf, "\tp.footnote\t") != NULL) == (note != 0)) {
      if (!page)
        page = atoi(buf);
      count++;
    }
    line = end ? end + 1 : NULL;
  }
  if (out_count)
    *out_count = count;
  return page;
}

/* Lines of the notes on page `page` of the dump. */
static int dump_note_lines(const char *dump, int page)
{
  const char *line = dump;
  int count = 0;
  while (line && *line) {
    const char *end = strchr(line, '\n');
    if (line[0] != '#' && atoi(line) == page) {
      const char *tab = strchr(line, '\t');
      if (tab && strncmp(tab, "\tp.footnote\t", 12) == 0)
        count++;
    }
    line = end ? end + 1 : NULL;
  }
  return count;
}

/* Widows and orphans of the running text in the dump: a page whose
 * first text line ends a paragraph begun on the page before, or whose
 * last text line begins a paragraph that goes on. */
static int dump_widows_orphans(const char *dump)
{
  const char *line = dump;
  int bad = 0, prev_page = 0, prev_last = 1, prev_prev_last = 1;
  while (line && *line) {
    const char *end = strchr(line, '\n'), *tab = strchr(line, '\t');
    if (line[0] != '#' && tab && strncmp(tab, "\tp\t", 3) == 0) {
      const char *c = line;
      int page = atoi(line), col, last;
      for (col = 0; col < 7 && c; col++) {
        c = strchr(c, '\t');
        if (c)
          c++;
      }
      last = c ? atoi(c) : 0;
      if (prev_page && page != prev_page) {
        if (last && !prev_last)
          bad++; /* a widow at the head of this page */
        if (!prev_last && prev_prev_last)
          bad++; /* an orphan at the foot of the page before */
      }
      prev_prev_last = prev_last;
      prev_last = last;
      prev_page = page;
    }
    line = end ? end + 1 : NULL;
  }
  return bad;
}

/* The lowest baseline of each page (pdftotext -bbox; Noto Serif's
 * ascent and descent, 1.069 and 0.293 em, give the baseline from a
 * word's box), into base[] (room for max pages); returns the page count,
 * or -1 when pdftotext cannot run. */
static int foot_baselines(const char *pdf_path, double *base, int max)
{
  char cmd[512], buf[1024];
  FILE *f;
  int page = -1;
  snprintf(cmd, sizeof cmd, "pdftotext -bbox '%s' - 2>/dev/null", pdf_path);
  f = popen(cmd, "r");
  if (!f)
    return -1;
  while (fgets(buf, sizeof buf, f)) {
    double x0, y0, x1, y1;
    const char *w = strstr(buf, "<word ");
    if (strstr(buf, "<page ") && page + 1 < max)
      base[++page] = 0;
    if (w && page >= 0 &&
        sscanf(w, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0, &y0,
               &x1, &y1) == 4) {
      double size = (y1 - y0) / (1.069 + 0.293), b = y1 - 0.293 * size;
      if (b > base[page])
        base[page] = b;
    }
  }
  if (pclose(f) != 0)
    return -1;
  return page + 1;
}

/* The output of `cmd` (at most `max` - 1 bytes) into out; returns 0
 * when it cannot run or fails. */
static int run_capture(const char *cmd, char *out, size_t max)
{
  FILE *f = popen(cmd, "r");
  size_t n;
  if (!f)
    return 0;
  n = fread(out, 1, max - 1, f);
  out[n] = '\0';
  return pclose(f) == 0;
}

/* Occurrences of `needle` in `hay`. */
static int count_of(const char *hay, const char *needle)
{
  int n = 0;
  while ((hay = strstr(hay, needle)) != NULL)
    n++, hay++;
  return n;
}

static void test_notes(void)
{
  /* the last: note 2 runs over three pages and more */
  static const char *const sizes[] = {"A5", "A4", "A5", "A5"};
  static const char *const styles[] = {"/styles/classic.css", "/styles/classic.css",
                                       "/styles/modern.css", "/styles/classic.css"};
  galley_doc *doc = notes_doc(8);
  galley_error err;
  char *css = galley_xmalloc(1 << 16);
  size_t css_len = 0;
  int s;
  galley_error_clear(&err);
  OK(galley_doc_check(doc, &err));
  for (s = 0; s < 4; s++) {
    char path[512];
    FILE *f;
    if (s == 3) {
      galley_doc_free(doc);
      doc = notes_doc(40);
    }
    snprintf(path, sizeof path, "%s%s", GALLEY_TEST_SOURCE_DIR, styles[s]);
    f = fopen(path, "rb");
    OK(f != NULL);
    if (f) {
      css_len = fread(css, 1, 1 << 16, f);
      fclose(f);
    }
    galley_write_options o;
    galley_buf pdf = GALLEY_BUF_INIT, dump = GALLEY_BUF_INIT;
    galley_sink sink, dsink;
    const char *d;
    int ref1, ref2, ref1b, n1, n2, n3, n2_end, count, pages, k;
    double base[64], common;
    memset(&o, 0, sizeof o);
    o.font_dir = GALLEY_TEST_SOURCE_DIR "/fonts";
    o.source_date_epoch = 1700000000;
    o.page_size = sizes[s];
    o.flags = GALLEY_OPT_NO_COVER_PAGE; /* pages as the layout dump numbers them */
    o.style_css = css;
    o.style_css_len = css_len;
    sink.write = mem_write;
    sink.ctx = &pdf;
    dsink.write = mem_write;
    dsink.ctx = &dump;
    o.layout_dump = &dsink;
    INT_EQ(galley_write_pdf(doc, &o, &sink, NULL, &err), GALLEY_OK);
    d = galley_buf_cstr(&dump);
    /* each note on the page of its first reference; a note referenced
     * from a note on the same page */
    ref1 = note_dump_page_of(d, "Alphaword1", 0, NULL);
    ref2 = note_dump_page_of(d, "Betaword2", 0, NULL);
    ref1b = note_dump_page_of(d, "Gammaword1", 0, NULL);
    n1 = note_dump_page_of(d, "1 Firstnote", 1, &count);
    INT_EQ(count, 1); /* set once, though referenced twice */
    n3 = note_dump_page_of(d, "3 Thirdnote", 1, NULL);
    n2 = note_dump_page_of(d, "2 Secondnote begins", 1, NULL);
    OK(ref1 > 0 && ref2 > 0 && ref1b > ref1);
    INT_EQ(n1, ref1);
    INT_EQ(n3, ref1);
    INT_EQ(n2, ref2);
    INT_EQ(note_dump_page_of(d, "5 Fifthnote", 1, NULL), note_dump_page_of(d, "Epsilonword5", 0, NULL));
    /* a note nothing references is set after the text, not lost */
    OK(note_dump_page_of(d, "4 Fourthnote", 1, NULL) >= note_dump_page_of(d, "Gammaword", 0, NULL));
    /* the notes' text is not in the running text */
    note_dump_page_of(d, "Secondnote", 0, &count);
    INT_EQ(count, 0);
    /* note 2 is longer than a page's foot holds at A5: two lines at least
     * on its reference's page, the rest at the foot of the next */
    note_dump_page_of(d, "Secondnote ends", 1, &count);
    INT_EQ(count, 2);
    n2_end = 0;
    {
      /* the page of the last line of note 2 */
      const char *q = d, *hit = NULL;
      while ((q = strstr(q, "Secondnote ends")) != NULL)
        hit = q++;
      if (hit) {
        while (hit > d && hit[-1] != '\n')
          hit--;
        n2_end = atoi(hit);
      }
    }
    INT_EQ(dump_widows_orphans(d), 0);
    if (s == 3) {
      /* on the foot of every page from its reference to its end */
      for (k = ref2; k <= n2_end; k++)
        OK(dump_note_lines(d, k) > 0);
      OK(n2_end > ref2 + 2);
    } else if (s != 1) {
      INT_EQ(n2_end, ref2 + 1);
      OK(dump_note_lines(d, ref2) >= 2);
      OK(dump_note_lines(d, ref2 + 1) >= 1);
    } else {
      OK(n2_end >= ref2);
    }
    /* every full page ends on the common baseline, with notes or not:
     * the last line of the notes sits where the text's would */
    {
      FILE *out = fopen("test_pdf_notes.pdf", "wb");
      OK(out != NULL);
      if (out) {
        fwrite(pdf.ptr, 1, pdf.len, out);
        fclose(out);
      }
      pages = foot_baselines("test_pdf_notes.pdf", base, 64);
      OK(pages > 4); /* pdftotext is one of the test tools */
      /* the common baseline: the lowest foot of the pages without notes
       * but the last (a page a keep left short ends above it) */
      common = 0;
      for (k = 0; k < pages - 1; k++)
        if (dump_note_lines(d, k + 1) == 0 && base[k] > common)
          common = base[k];
      OK(common > 0);
      for (k = 0; k < pages - 1; k++)
        if (dump_note_lines(d, k + 1) > 0) {
          if (!(base[k] > common - 0.2 && base[k] < common + 0.2))
            fprintf(stderr, "  %s page %d: foot baseline %.2f, common %.2f\n", sizes[s],
                    k + 1, base[k], common);
          OK(base[k] > common - 0.2 && base[k] < common + 0.2);
        }
      {
        /* pdftotext reads the note at the foot of its reference's page,
         * after the text; the notes are Note elements, the references
         * link to them */
        static char text[1 << 20];
        char cmd[256];
        const char *at;
        snprintf(cmd, sizeof cmd, "pdftotext -f %d -l %d test_pdf_notes.pdf -", ref2, ref2);
        OK(run_capture(cmd, text, sizeof text));
        at = strstr(text, "Betaword");
        OK(at && strstr(at, "Secondnote begins"));
        OK(run_capture("qpdf --qdf --object-streams=disable test_pdf_notes.pdf -", text,
                       sizeof text));
        OK(count_of(text, "/S /Note") >= 4);
        OK(count_of(text, "/Dest (galley-note-2)") == 1);
        OK(count_of(text, "/Dest (galley-noteref-2)") == 1);
      }
      remove("test_pdf_notes.pdf");
    }
    galley_buf_free(&pdf);
    galley_buf_free(&dump);
  }
  free(css);
  galley_doc_free(doc);
}


int main(int argc, char **argv)
{
  if (argc == 3 && strcmp(argv[1], "write") == 0)
    return write_table_pdfs(argv[2]);
  RUN(test_css);
  RUN(test_css_media);
  RUN(test_page_size);
  RUN(test_fonts_private_current);
  RUN(test_hyph);
  RUN(test_hyph_memo);
  RUN(test_hyph_languages);
  RUN(test_hyph_other_lazy);
  RUN(test_hyph_compiled);
  RUN(test_hyph_start);
  RUN(test_hyph_tail);
  RUN(test_hyph_guess);
  RUN(test_break);
  RUN(test_break_degrade);
  RUN(test_break_known);
  RUN(test_break_expansion);
  RUN(test_write);
  RUN(test_tables);
  RUN(test_notes);
  return harness_report();
}
