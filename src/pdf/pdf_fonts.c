/* pdf_fonts.c: the fonts the PDF may use, and nothing else.
 *
 * A private fontconfig configuration made with FcConfigCreate holds only
 * the files in the bundled fonts/ directory (and any a style names in
 * @font-face): no configuration files, no system fonts, no cache
 * directories. So the PDF is the same on every machine, and fontconfig
 * has no cache to complain about on stderr. Pango gets it through its own
 * font map (pango_fc_font_map_set_config), as Pango's tests do in
 * generate_font_map.
 *
 * The directory is read file by file (FcConfigAppFontAddFile), in name
 * order: FcConfigAppFontAddDir would scan it and then try to write a
 * cache, and with no cache directory configured fontconfig prints
 * "No writable cache directories" on stderr.
 *
 * The library leaves fontconfig's current configuration alone: it is
 * the process's, and a program embedding galley may draw its own text
 * with it. Pango 1.50's first font map starts a thread that calls
 * FcInit, which, with no current configuration, parses the system's
 * configuration files and reads the cache of every system font
 * directory, and the first font lookup waits for that thread
 * (wait_for_fc_init in pangofc-fontmap.c): a fifth of the time of
 * converting a short article. galley's own program, which draws nothing
 * but the bundled fonts, makes an empty configuration current before it
 * converts (src/cli/main.c), so that FcInit has nothing to do. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>

#include "pdf_private.h"
#include "../util/alloc.h"

static int is_font_file(const char *name)
{
  const char *dot = strrchr(name, '.');
  return name[0] != '.' && dot &&
         (strcasecmp(dot, ".otf") == 0 || strcasecmp(dot, ".ttf") == 0 ||
          strcasecmp(dot, ".ttc") == 0 || strcasecmp(dot, ".otc") == 0);
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A font file added, by identity: a style's @font-face that names a
 * bundled font ("../fonts/NotoSerif-Regular.ttf") is not read twice. */
typedef struct added_file {
  dev_t dev;
  ino_t ino;
} added_file;

typedef struct added_list {
  added_file *files; /* owned */
  int n, cap;
} added_list;

/* Adds the font file at `path` unless it was added already. */
static void add_file(FcConfig *config, const char *path, added_list *added)
{
  struct stat st;
  int i;
  if (stat(path, &st) == 0) {
    for (i = 0; i < added->n; i++)
      if (added->files[i].dev == st.st_dev && added->files[i].ino == st.st_ino)
        return;
    if (added->n == added->cap) {
      added->cap = added->cap ? added->cap * 2 : 16;
      added->files = galley_xreallocarray(added->files, (size_t)added->cap,
                                          sizeof *added->files);
    }
    added->files[added->n].dev = st.st_dev;
    added->files[added->n].ino = st.st_ino;
    added->n++;
  }
  FcConfigAppFontAddFile(config, (const FcChar8 *)path);
}

/* Adds the font files of `dir` in name order. */
static void add_dir(FcConfig *config, const char *dir, added_list *added)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  char **names = NULL;
  int n = 0, cap = 0, i;
  if (!d)
    return;
  while ((e = readdir(d)) != NULL) {
    galley_buf path = GALLEY_BUF_INIT;
    if (!is_font_file(e->d_name))
      continue;
    galley_buf_printf(&path, "%s/%s", dir, e->d_name);
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      names = galley_xreallocarray(names, (size_t)cap, sizeof *names);
    }
    names[n++] = galley_buf_detach(&path, NULL);
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof *names, cmp_str);
  for (i = 0; i < n; i++) {
    add_file(config, names[i], added);
    free(names[i]);
  }
  free(names);
}

PangoFontMap *pdf_fonts_new_map(const char *font_dir, const char *const *files,
                                int n_files, galley_error *err)
{
  FcConfig *config;
  FcFontSet *set;
  PangoFontMap *map;
  added_list added = {NULL, 0, 0};
  int i;

  config = FcConfigCreate();
  if (!config) {
    galley_error_set(err, GALLEY_ERR_INTERNAL, 0, "fontconfig: cannot create a configuration");
    return NULL;
  }
  if (font_dir)
    add_dir(config, font_dir, &added);
  for (i = 0; i < n_files; i++)
    if (files[i])
      add_file(config, files[i], &added);
  free(added.files);
  set = FcConfigGetFonts(config, FcSetApplication);
  if (!set || set->nfont == 0) {
    FcConfigDestroy(config);
    galley_error_set(err, GALLEY_ERR_NOINPUT, 0, "no usable fonts in %s",
                     font_dir ? font_dir : "(no font directory)");
    if (err && font_dir)
      galley_error_set_where(err, font_dir, 0, 0);
    return NULL;
  }
  map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
  if (!map) {
    FcConfigDestroy(config);
    galley_error_set(err, GALLEY_ERR_INTERNAL, 0, "Pango: no FreeType font map");
    return NULL;
  }
  /* The font map takes its own reference to the configuration. */
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
  FcConfigDestroy(config);
  return map;
}

PangoFontMap *pdf_fonts_new_map_sharing(PangoFontMap *base)
{
  PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
  if (!map)
    return NULL;
  /* FcConfig is reference counted and only read once built: the maps
   * share it, each taking its own reference. */
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map),
                               pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(base)));
  return map;
}

PangoContext *pdf_fonts_new_context(PangoFontMap *map, const char *lang)
{
  PangoContext *pc = pango_font_map_create_context(map);
  cairo_font_options_t *fo;
  /* Points are PDF units: 72 dpi. No hinting and no rounding, so that the
   * widths measured are the widths drawn, at any size. */
  pango_cairo_context_set_resolution(pc, 72.0);
  fo = cairo_font_options_create();
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options(pc, fo);
  cairo_font_options_destroy(fo);
  pango_context_set_round_glyph_positions(pc, FALSE);
  pango_context_set_language(pc, pango_language_from_string(lang && *lang ? lang : "en"));
  return pc;
}
