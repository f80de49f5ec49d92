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
 * Reading a font file (FcFreeTypeQueryAll: its coverage of Unicode and
 * of languages) is most of the cost of a font map: 16 million
 * instructions for the fourteen bundled faces, a tenth of converting a
 * short article. So the directory is added through fontconfig's own
 * cache of it (FcConfigAppFontAddDir), kept where fontconfig keeps the
 * user's: $XDG_CACHE_HOME/galley/fontconfig, or ~/.cache/galley/fontconfig.
 * The first conversion reads the files and writes the cache; the next
 * ones map it. The cache holds what reading the files gives, so the PDF
 * is the same bytes either way. Fontconfig takes a cache as valid while
 * the directory's time is unchanged, which a font file overwritten in
 * place does not change: a cache older than any font file in the
 * directory is thrown away and written again. With $SOURCE_DATE_EPOCH
 * set, fontconfig writes caches it never takes as valid: a valid cache is
 * read, none is written. Where no cache directory can be made or written
 * (no HOME, a read-only home, a cache home that does not exist: it is
 * never made), or none valid can be had, the directory is
 * read file by file (FcConfigAppFontAddFile), in name order, as before:
 * fontconfig, asked to scan with no writable cache directory, prints
 * "No writable cache directories" on stderr and scans every time.
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
#include <glib.h>
#include <pango/pangofc-fontmap.h>
#include <unistd.h>

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

/* Notes the file at `path` as added; 0 when it was added already. */
static int note_added(const char *path, added_list *added)
{
  struct stat st;
  int i;
  if (stat(path, &st) != 0)
    return 1;
  for (i = 0; i < added->n; i++)
    if (added->files[i].dev == st.st_dev && added->files[i].ino == st.st_ino)
      return 0;
  if (added->n == added->cap) {
    added->cap = added->cap ? added->cap * 2 : 16;
    added->files = galley_xreallocarray(added->files, (size_t)added->cap,
                                        sizeof *added->files);
  }
  added->files[added->n].dev = st.st_dev;
  added->files[added->n].ino = st.st_ino;
  added->n++;
  return 1;
}

/* Adds the font file at `path` unless it was added already. */
static void add_file(FcConfig *config, const char *path, added_list *added)
{
  if (note_added(path, added))
    FcConfigAppFontAddFile(config, (const FcChar8 *)path);
}

/* Makes the directory `base`/`sub` and those between (mode 0700 for new
 * ones), `base` itself never: a cache home that does not exist
 * ("XDG_CACHE_HOME=/nonexistent") means no cache, not one to make.
 * Returns the path (owned by the caller) when it exists and can be
 * written, else NULL. */
static char *make_dirs(const char *base, const char *sub)
{
  galley_buf b = GALLEY_BUF_INIT;
  struct stat st;
  const char *p;
  char *path;
  if (stat(base, &st) != 0 || !S_ISDIR(st.st_mode))
    return NULL;
  galley_buf_puts(&b, base);
  for (p = sub; *p;) {
    const char *slash = strchr(p, '/');
    size_t n = slash ? (size_t)(slash - p) : strlen(p);
    galley_buf_putc(&b, '/');
    galley_buf_put(&b, p, n);
    mkdir(galley_buf_cstr(&b), 0700);
    p += n + (slash ? 1 : 0);
  }
  path = galley_buf_detach(&b, NULL);
  if (access(path, W_OK | X_OK) != 0) {
    free(path);
    return NULL;
  }
  return path;
}

/* The directory for galley's fontconfig caches (owned by the caller), made
 * in the cache home if missing; NULL when there is none that can be
 * written. */
static char *cache_dir_new(void)
{
  const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  if (xdg && xdg[0] == '/')
    return make_dirs(xdg, "galley/fontconfig");
  if (home && home[0] == '/')
    return make_dirs(home, ".cache/galley/fontconfig");
  return NULL;
}

static int newer(const struct stat *a, const struct stat *b)
{
  return a->st_mtim.tv_sec > b->st_mtim.tv_sec ||
         (a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec > b->st_mtim.tv_nsec);
}

/* 1 when $SOURCE_DATE_EPOCH is set. fontconfig 2.14 then writes a cache
 * whose checksum is made for reproducible builds (FcDirChecksum and
 * FcDirChecksumNano: the directory's time clamped to the epoch, its
 * nanoseconds 0) but checks a cache against the directory's real time,
 * so the cache it writes is never valid: every conversion would read the
 * fonts and write it again. A valid cache (written without it) is read. */
static int epoch_spoils_cache(void)
{
  return getenv("SOURCE_DATE_EPOCH") != NULL;
}

/* Adds the fonts of `dir` (whose font files are `names`, `n` of them)
 * through fontconfig's cache of the directory, made or refreshed when it
 * is missing or older than a font file. Returns 1 when the fonts were
 * added so; 0 when there is no cache directory to keep it in, or no
 * valid cache and none that could be written valid. */
static int add_dir_cached(FcConfig *config, const char *dir, char *const *names, int n)
{
  char *cache_dir = cache_dir_new(), *escaped;
  galley_buf xml = GALLEY_BUF_INIT;
  FcChar8 *cache_file = NULL;
  FcCache *cache;
  int ok, valid, i;
  if (!cache_dir)
    return 0;
  if (!g_utf8_validate(cache_dir, -1, NULL)) {
    /* fontconfig's configuration is XML: a name it cannot hold there */
    free(cache_dir);
    return 0;
  }
  escaped = g_markup_escape_text(cache_dir, -1);
  galley_buf_printf(&xml, "<fontconfig><cachedir>%s</cachedir></fontconfig>", escaped);
  g_free(escaped);
  free(cache_dir);
  ok = FcConfigParseAndLoadFromMemory(config, (const FcChar8 *)galley_buf_cstr(&xml), FcFalse);
  galley_buf_free(&xml);
  if (!ok)
    return 0;
  cache = FcDirCacheLoad((const FcChar8 *)dir, config, &cache_file);
  valid = cache != NULL;
  if (cache) {
    struct stat cst, fst;
    valid = cache_file && stat((const char *)cache_file, &cst) == 0;
    for (i = 0; i < n && valid; i++)
      valid = !(stat(names[i], &fst) == 0 && newer(&fst, &cst));
    FcDirCacheUnload(cache);
    if (!valid)
      FcDirCacheUnlink((const FcChar8 *)dir, config);
  }
  FcStrFree(cache_file);
  if (!valid && epoch_spoils_cache())
    return 0;
  return FcConfigAppFontAddDir(config, (const FcChar8 *)dir) == FcTrue;
}

/* Adds the font files of `dir` in name order. */
static void add_dir(FcConfig *config, const char *dir, added_list *added)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  char **names = NULL;
  int n = 0, cap = 0, i, cached;
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
  if (n > 1)
    qsort(names, (size_t)n, sizeof *names, cmp_str);
  cached = n > 0 && add_dir_cached(config, dir, names, n);
  for (i = 0; i < n; i++) {
    if (cached)
      note_added(names[i], added);
    else
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

FcConfig *pdf_fonts_config(PangoFontMap *map)
{
  return pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(map));
}

PangoFontMap *pdf_fonts_new_map_sharing(FcConfig *config)
{
  PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
  if (!map)
    return NULL;
  /* FcConfig is reference counted and only read once built: the maps
   * share it, each taking its own reference. */
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
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
