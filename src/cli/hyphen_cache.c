/* galley-hyphen-cache: compiles libhyphen dictionaries for the PDF writer.
 *
 *     galley-hyphen-cache OUTDIR DICTIONARY...
 *
 * Loads each dictionary with libhyphen and writes the machine it built to
 * OUTDIR/NAME.bin (NAME: the dictionary's file name), which the writer
 * reads in one piece instead of parsing the patterns again on every run
 * (src/pdf/pdf_hyph_cache.c). Each file is written under a temporary
 * name and renamed, so a reader never sees half of one. Run by the build
 * over the system's dictionaries; the files are only good for the build
 * that wrote them. Exit status 0, or 1 when a dictionary cannot be
 * compiled (the message names it). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hyphen.h>

#include "../pdf/pdf_private.h"

int main(int argc, char **argv)
{
  int i, status = 0;
  if (argc < 3) {
    fprintf(stderr, "usage: galley-hyphen-cache OUTDIR DICTIONARY...\n");
    return 2;
  }
  for (i = 2; i < argc; i++) {
    const char *slash = strrchr(argv[i], '/');
    const char *name = slash ? slash + 1 : argv[i];
    char out[4096], tmp[4200];
    HyphenDict *dict;
    if ((size_t)snprintf(out, sizeof out, "%s/%s.bin", argv[1], name) >= sizeof out) {
      fprintf(stderr, "galley-hyphen-cache: %s: name too long\n", argv[i]);
      status = 1;
      continue;
    }
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", out, (long)getpid());
    dict = hnj_hyphen_load(argv[i]);
    if (!dict) {
      fprintf(stderr, "galley-hyphen-cache: %s: cannot load the dictionary\n", argv[i]);
      status = 1;
      continue;
    }
    if (!pdf_hyph_cache_write(dict, argv[i], tmp) || rename(tmp, out) != 0) {
      fprintf(stderr, "galley-hyphen-cache: %s: cannot write %s\n", argv[i], out);
      remove(tmp);
      status = 1;
    }
    hnj_hyphen_free(dict);
  }
  return status;
}
