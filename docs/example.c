/* example.c: a complete program on libgalley, as docs/library.md
 * explains it. It converts one article into both editions:
 *
 *     example ARTICLE.txt|ARTICLE.md BOOK.epub BOOK.pdf
 *
 * Build it against an installed galley with pkg-config
 *     cc example.c $(pkg-config --cflags --libs galley) -o example
 * or with CMake: find_package(galley) and link galley::galley.
 * The test suite builds and runs it both ways (tests/cli, case install). */
#include <galley.h>
#include <stdio.h>

/* Prints each warning as "FILE:LINE: warning: MESSAGE". */
static void print_warnings(const galley_diag *diag, const char *file)
{
  int i, line, col;
  for (i = 0; i < galley_diag_get_count(diag); i++) {
    const char *msg = galley_diag_get(diag, i, &line, &col);
    fprintf(stderr, "%s:%d: warning: %s\n", file, line, msg);
  }
}

/* The exit status a build script expects: sysexits, as galley's own
 * program maps galley_status (README.md, "Exit status"). */
static int exit_code(galley_status s)
{
  switch (s) {
  case GALLEY_OK: return 0;
  case GALLEY_ERR_USAGE: return 64;
  case GALLEY_ERR_DATA: return 65;
  case GALLEY_ERR_NOINPUT: return 66;
  case GALLEY_ERR_CANTCREAT: return 73;
  default: return 70;
  }
}

int main(int argc, char **argv)
{
  galley_convert_options opts;
  galley_error err;
  galley_diag *diag;
  galley_doc *doc;
  int status = 0;

  if (argc != 4) {
    fprintf(stderr, "usage: %s ARTICLE BOOK.epub BOOK.pdf\n", argv[0]);
    return 64;
  }
  /* The header and the library may be of different releases. */
  if (galley_version_number() >> 16 != GALLEY_VERSION_MAJOR) {
    fprintf(stderr, "libgalley %s cannot serve galley.h %s\n", galley_version(),
            GALLEY_VERSION);
    return 70;
  }

  /* Options start from their _init (which records the struct's size, so
   * a later libgalley with larger options still reads this program's);
   * set what differs from the defaults. The data directory (fonts,
   * styles) is the installed one unless named here. */
  galley_convert_options_init(&opts);
  opts.input = argv[1];
  opts.format = GALLEY_FORMAT_AUTO;   /* by the extension, or sniffed */
  opts.style = "classic";
  opts.source_date_epoch = 0;         /* reproducible: the same bytes each run */

  diag = galley_diag_new();           /* owned by us: the warnings */
  doc = galley_convert_read(&opts, diag, &err);  /* owned by us */
  if (!doc) {
    /* one line naming file and line, as galley's own program prints it */
    fprintf(stderr, "%s:%d: error: %s\n", err.file[0] ? err.file : argv[1], err.line,
            err.message);
    galley_diag_free(diag);
    return exit_code(err.code);
  }
  printf("%s: title \"%s\", language %s\n", argv[1],
         galley_meta_get(galley_doc_get_meta(doc), "title"),
         galley_meta_get(galley_doc_get_meta(doc), "language"));

  /* One model, two editions; each is written to a temporary file and
   * renamed into place, so a failure never leaves half a book. */
  if (galley_convert_write(doc, &opts, GALLEY_EDITION_EPUB, argv[2], diag, &err) !=
          GALLEY_OK ||
      galley_convert_write(doc, &opts, GALLEY_EDITION_PDF, argv[3], diag, &err) !=
          GALLEY_OK) {
    fprintf(stderr, "%s: error: %s\n", err.file[0] ? err.file : argv[1], err.message);
    status = exit_code(err.code);
  }
  print_warnings(diag, argv[1]);
  galley_doc_free(doc);
  galley_diag_free(diag);
  return status;
}
