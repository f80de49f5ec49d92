/* charset.c: see charset.h. */
#include <iconv.h>
#include <stddef.h>

#include "charset.h"
#include "utf8.h"

int galley_charset_upper_half(const char *name, int32_t cps[128])
{
  iconv_t cd = iconv_open("UTF-8", name);
  int b;
  if (cd == (iconv_t)-1)
    return 0;
  for (b = 0x80; b <= 0xFF; b++) {
    char in = (char)b, out[8];
    char *ip = &in, *op = out;
    size_t il = 1, ol = sizeof out;
    int32_t cp = -1;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && op > out &&
        galley_utf8_decode(out, (size_t)(op - out), &cp) != (size_t)(op - out))
      cp = -1;
    cps[b - 0x80] = cp;
  }
  iconv_close(cd);
  return 1;
}
