/* fuzz_main.c: a plain main for the fuzz targets when libFuzzer is not
 * used (as libzip's ossfuzz/fuzz_main.c): runs the target once on each
 * file or directory entry named on the command line, so ctest replays the
 * checked-in corpus under the ordinary (or sanitizer) build. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "galley.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
  galley_error err;
  size_t len = 0;
  char *data;
  galley_error_clear(&err);
  data = galley_file_read(path, &len, &err);
  if (!data) {
    fprintf(stderr, "%s: %s\n", path, err.message);
    return 1;
  }
  LLVMFuzzerTestOneInput((const uint8_t *)data, len);
  free(data);
  return 0;
}

int main(int argc, char **argv)
{
  int i, n = 0, bad = 0;
  for (i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
      DIR *d = opendir(argv[i]);
      struct dirent *e;
      while (d && (e = readdir(d)) != NULL) {
        char path[4096];
        if (e->d_name[0] == '.')
          continue;
        snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
        bad += run_file(path);
        n++;
      }
      if (d)
        closedir(d);
    } else {
      bad += run_file(argv[i]);
      n++;
    }
  }
  printf("%d passed, %d failed\n", n - bad, bad);
  return bad ? 1 : 0;
}
