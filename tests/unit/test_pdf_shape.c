/* test_pdf_shape.c: a paragraph shaped through the cache of shaped words
 * (pdf_shape.c) gives exactly what PangoLayout gives: the same runs
 * (items, glyphs, positions, clusters, attributes) and the same log
 * attributes (the fields the breaker reads: pdf_simple_breaks fills no
 * others), the first time (words shaped) and the next (words taken
 * from the cache), and the same runs without the log attributes
 * (pdf_shape_runs), in English, Russian and Kazakh, with bold and small
 * capitals over part of a word, colour and strikethrough splitting runs,
 * soft hyphens (and ligatures across them), no-break spaces, characters
 * no bundled font has, a word longer than the cache takes, and
 * paragraphs the cache leaves to PangoLayout (Hebrew, a tab). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pdf/pdf_layout.h"

typedef struct span {
  int start, end;
  const char *font;     /* a font description, or NULL */
  const char *features; /* OpenType features, or NULL */
  int color, strike;
} span;

static PangoAttrList *attrs_of(const span *spans, int n)
{
  PangoAttrList *list = pango_attr_list_new();
  int i;
  for (i = 0; i < n; i++) {
    PangoAttribute *a;
    if (spans[i].font) {
      PangoFontDescription *d = pango_font_description_from_string(spans[i].font);
      a = pango_attr_font_desc_new(d);
      pango_font_description_free(d);
      a->start_index = (guint)spans[i].start;
      a->end_index = (guint)spans[i].end;
      pango_attr_list_insert(list, a);
    }
    if (spans[i].features) {
      a = pango_attr_font_features_new(spans[i].features);
      a->start_index = (guint)spans[i].start;
      a->end_index = (guint)spans[i].end;
      pango_attr_list_insert(list, a);
    }
    if (spans[i].color) {
      a = pango_attr_foreground_new(0x8000, 0, 0);
      a->start_index = (guint)spans[i].start;
      a->end_index = (guint)spans[i].end;
      pango_attr_list_insert(list, a);
    }
    if (spans[i].strike) {
      a = pango_attr_strikethrough_new(TRUE);
      a->start_index = (guint)spans[i].start;
      a->end_index = (guint)spans[i].end;
      pango_attr_list_insert(list, a);
    }
  }
  return list;
}

static int cmp_offset(const void *a, const void *b)
{
  const PangoGlyphItem *x = *(PangoGlyphItem *const *)a, *y = *(PangoGlyphItem *const *)b;
  return (x->item->offset > y->item->offset) - (x->item->offset < y->item->offset);
}

/* 1 when run `a` is run `b`: the same item and glyphs. */
static int same_run(const PangoGlyphItem *a, const PangoGlyphItem *b, char *why, size_t n)
{
  int g;
  if (a->item->offset != b->item->offset || a->item->length != b->item->length ||
      a->item->num_chars != b->item->num_chars) {
    snprintf(why, n, "item at %d+%d (%d chars), want %d+%d (%d)", a->item->offset,
             a->item->length, a->item->num_chars, b->item->offset, b->item->length,
             b->item->num_chars);
    return 0;
  }
  if (a->item->analysis.font != b->item->analysis.font ||
      a->item->analysis.level != b->item->analysis.level ||
      a->item->analysis.script != b->item->analysis.script ||
      a->item->analysis.language != b->item->analysis.language ||
      g_slist_length(a->item->analysis.extra_attrs) !=
          g_slist_length(b->item->analysis.extra_attrs)) {
    snprintf(why, n, "analysis of the item at %d differs: font %d level %d script %d "
             "language %d attributes %u, want %u", a->item->offset,
             a->item->analysis.font == b->item->analysis.font,
             a->item->analysis.level == b->item->analysis.level,
             a->item->analysis.script == b->item->analysis.script,
             a->item->analysis.language == b->item->analysis.language,
             g_slist_length(a->item->analysis.extra_attrs),
             g_slist_length(b->item->analysis.extra_attrs));
    return 0;
  }
  if (a->glyphs->num_glyphs != b->glyphs->num_glyphs) {
    snprintf(why, n, "item at %d: %d glyphs, want %d", a->item->offset,
             a->glyphs->num_glyphs, b->glyphs->num_glyphs);
    return 0;
  }
  for (g = 0; g < a->glyphs->num_glyphs; g++) {
    const PangoGlyphInfo *x = &a->glyphs->glyphs[g], *y = &b->glyphs->glyphs[g];
    if (x->glyph != y->glyph || x->geometry.width != y->geometry.width ||
        x->geometry.x_offset != y->geometry.x_offset ||
        x->geometry.y_offset != y->geometry.y_offset ||
        x->attr.is_cluster_start != y->attr.is_cluster_start ||
        a->glyphs->log_clusters[g] != b->glyphs->log_clusters[g]) {
      snprintf(why, n, "item at %d, glyph %d: %u w %d cluster %d, want %u w %d cluster %d",
               a->item->offset, g, x->glyph, x->geometry.width, a->glyphs->log_clusters[g],
               y->glyph, y->geometry.width, b->glyphs->log_clusters[g]);
      return 0;
    }
  }
  return 1;
}

/* 1 when the log attributes agree in the fields pdf_shape_para fills
 * (pdf_simple_breaks leaves word and sentence boundaries zero) */
static int same_breaks(const PangoLogAttr *a, int n_a, const PangoLogAttr *b, int n_b)
{
  int i;
  if (n_a != n_b)
    return 0;
  for (i = 0; i < n_a; i++)
    if (a[i].is_line_break != b[i].is_line_break ||
        a[i].is_mandatory_break != b[i].is_mandatory_break ||
        a[i].is_cursor_position != b[i].is_cursor_position ||
        a[i].is_char_break != b[i].is_char_break || a[i].is_white != b[i].is_white ||
        a[i].is_expandable_space != b[i].is_expandable_space)
      return 0;
  return 1;
}

/* Shapes `text` with `spans` through pdf_shape_para (twice: words shaped,
 * then cached) and through a PangoLayout, and compares. */
static void check_para(PangoContext *pc, PangoLayout *mine, const char *name,
                       const char *text, const span *spans, int n_spans)
{
  PangoLayout *ref = pango_layout_new(pc);
  PangoAttrList *attrs = attrs_of(spans, n_spans);
  PangoGlyphItem **want = NULL;
  const PangoLogAttr *la;
  int n_want = 0, n_la, pass;
  GSList *lines, *l;

  pango_layout_set_text(ref, text, -1);
  pango_layout_set_attributes(ref, attrs);
  for (lines = pango_layout_get_lines_readonly(ref); lines; lines = lines->next)
    for (l = ((PangoLayoutLine *)lines->data)->runs; l; l = l->next) {
      want = realloc(want, (size_t)(n_want + 1) * sizeof *want);
      want[n_want++] = l->data;
    }
  if (n_want > 1)
    qsort(want, (size_t)n_want, sizeof *want, cmp_offset);
  la = pango_layout_get_log_attrs_readonly(ref, &n_la);

  for (pass = 0; pass < 3; pass++) {
    pdf_shaped sh;
    char why[200] = "";
    int r, ok = 1;
    /* the third: the runs alone (pdf_shape_runs), as lines set when
     * drawn shape them */
    if (pass < 2)
      pdf_shape_para(mine, text, (int)strlen(text), attrs, &sh);
    else
      pdf_shape_runs(mine, text, (int)strlen(text), attrs, &sh);
    if (sh.n_runs != n_want) {
      snprintf(why, sizeof why, "%d runs, want %d", sh.n_runs, n_want);
      ok = 0;
    }
    for (r = 0; ok && r < n_want; r++)
      ok = same_run(sh.runs[r], want[r], why, sizeof why);
    if (ok && pass == 2 && sh.attrs) {
      /* log attributes only where PangoLayout shaped the paragraph */
      if (!same_breaks(sh.attrs, sh.n_attrs, la, n_la)) {
        snprintf(why, sizeof why, "log attributes differ");
        ok = 0;
      }
    } else if (ok && pass < 2 &&
               !same_breaks(sh.attrs, sh.n_attrs, la, n_la)) {
      snprintf(why, sizeof why, "log attributes differ");
      ok = 0;
    }
    if (ok && sh.unknown != pango_layout_get_unknown_glyphs_count(ref)) {
      snprintf(why, sizeof why, "%d unknown glyphs, want %d", sh.unknown,
               pango_layout_get_unknown_glyphs_count(ref));
      ok = 0;
    }
    if (!ok)
      fprintf(stderr, "  %s (pass %d): %s\n", name, pass + 1, why);
    OK(ok);
  }
  free(want);
  pango_attr_list_unref(attrs);
  g_object_unref(ref);
}

#define SERIF "Noto Serif 10"
#define BOLD "Noto Serif Bold 10"
#define SANS "Noto Sans 9"

static void test_paragraphs(PangoContext *pc)
{
  PangoLayout *mine = pango_layout_new(pc);
  const char *en = "The office staff affirmed the final \xC2\xAD""figures: \xE2\x80\x9CWe waited "
                   "for AVA to arrive,\xE2\x80\x9D the office said. The office said so.";
  const char *ru = "\xD0\x90\xD1\x81\xD1\x82\xD0\xB0\xD0\xBD\xD0\xB0 \xE2\x80\x93 "
                   "\xD0\xB3\xD0\xBE\xD1\x80\xD0\xBE\xD0\xB4 \xD0\xB8 "
                   "\xD0\xB3\xD0\xBE\xD1\x80\xD0\xBE\xD0\xB4 \xD0\xB8 "
                   "\xD1\x81\xD1\x82\xD0\xBE\xD0\xBB\xD0\xB8\xD1\x86\xD0\xB0.";
  const char *kk = "\xD2\x9A\xD0\xB0\xD0\xB7\xD0\xB0\xD2\x9B\xD1\x81\xD1\x82\xD0\xB0\xD0\xBD "
                   "\xD3\x98\xD0\xBB\xD0\xB5\xD0\xBC \xD2\xAF\xD0\xB9 \xD2\x93\xD1\x8B\xD0\xBB"
                   "\xD1\x8B\xD0\xBC \xD3\xA9\xD0\xBD\xD0\xB5\xD1\x80 \xD2\xB1\xD0\xBB\xD1\x82"
                   "\xD1\x8B\xD2\xA3 \xD1\x96\xD1\x81 \xD2\xBB\xD0\xB0\xD0\xBC "
                   "\xD2\x9A\xD0\xB0\xD0\xB7\xD0\xB0\xD2\x9B\xD1\x81\xD1\x82\xD0\xB0\xD0\xBD.";
  char longword[700];
  int i;
  span plain[] = {{0, 1000, SERIF, NULL, 0, 0}};
  /* bold and small capitals over part of words, a coloured and a struck
   * stretch in the same font (one item, runs split) */
  span mixed[] = {{0, 4, SERIF, NULL, 0, 0},
                  {4, 10, SERIF, "smcp, c2sc", 0, 0},
                  {10, 20, BOLD, NULL, 0, 0},
                  {20, 40, SERIF, NULL, 1, 0},
                  {40, 60, SERIF, NULL, 0, 1},
                  {60, 1000, SERIF, "smcp", 0, 0}};
  /* the same word first in small capitals, then not: a key without the
   * features would give the second the first's glyphs */
  const char *twice = "ASTANA Astana office ASTANA Astana office";
  span twice_spans[] = {{0, 7, SERIF, "smcp, c2sc", 0, 0}, {7, 1000, SERIF, NULL, 0, 0}};
  span twice_bold[] = {{0, 21, BOLD, NULL, 0, 0}, {21, 1000, SERIF, NULL, 0, 0}};
  span sans[] = {{0, 1000, SANS, NULL, 0, 0}};

  check_para(pc, mine, "English", en, plain, 1);
  check_para(pc, mine, "English, mixed", en, mixed, 6);
  check_para(pc, mine, "Russian", ru, plain, 1);
  check_para(pc, mine, "Russian, sans", ru, sans, 1);
  check_para(pc, mine, "Kazakh", kk, plain, 1);
  check_para(pc, mine, "Kazakh, mixed", kk, mixed, 6);
  check_para(pc, mine, "small capitals, then not", twice, twice_spans, 2);
  check_para(pc, mine, "bold, then not", twice, twice_bold, 2);
  check_para(pc, mine, "no-break spaces",
             "10\xC2\xA0km and 20\xC2\xA0km, 10\xC2\xA0km again", plain, 1);
  check_para(pc, mine, "spaces", "  two  spaces   three    ", plain, 1);
  check_para(pc, mine, "ligatures across soft hyphens",
             "of\xC2\xAD""fice af\xC2\xAD""firm of\xC2\xAD""fice", plain, 1);
  /* characters no bundled font has: unknown glyphs, cached as any */
  check_para(pc, mine, "no font has them",
             "\xE6\xBC\xA2\xE5\xAD\x97 office \xF0\x9F\x98\x80 \xE6\xBC\xA2\xE5\xAD\x97",
             plain, 1);
  check_para(pc, mine, "Greek and Latin",
             "\xCE\xB1\xCE\xB2\xCE\xB3 abc \xCE\xB1\xCE\xB2\xCE\xB3 abc", plain, 1);
  for (i = 0; i < 600; i++)
    longword[i] = (char)('a' + i % 26);
  memcpy(longword + 600, " office", 8);
  check_para(pc, mine, "a word longer than the cache takes", longword, plain, 1);
  /* left to PangoLayout */
  check_para(pc, mine, "Hebrew",
             "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D office \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", plain, 1);
  check_para(pc, mine, "English with Hebrew",
             "office \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D office", plain, 1);
  check_para(pc, mine, "a tab", "one\ttwo office", plain, 1);
  check_para(pc, mine, "a line separator", "one\xE2\x80\xA8two office", plain, 1);
  check_para(pc, mine, "empty", "", plain, 1);
  /* again, every word cached now */
  check_para(pc, mine, "English, again", en, plain, 1);
  check_para(pc, mine, "Kazakh, mixed, again", kk, mixed, 6);
  g_object_unref(mine);
}

int main(void)
{
  galley_error err;
  PangoFontMap *map;
  const char *langs[] = {"en", "ru", "kk"};
  int i;
  memset(&err, 0, sizeof err);
  map = pdf_fonts_new_map(GALLEY_TEST_SOURCE_DIR "/fonts", NULL, 0, &err);
  OK(map != NULL);
  if (!map)
    return harness_report();
  for (i = 0; i < 3; i++) {
    PangoContext *pc = pdf_fonts_new_context(map, langs[i]);
    test_paragraphs(pc);
    g_object_unref(pc);
  }
  g_object_unref(map);
  return harness_report();
}
