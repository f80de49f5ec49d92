/* image.c: the images an article names (see image.h): safe resolution of
 * a relative path inside the resource directory, and the PNG, JPEG and
 * GIF headers read just far enough to know the format and pixel size. */
#define _XOPEN_SOURCE 700
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "alloc.h"
#include "utf8.h"
#include "buf.h"
#include "image.h"

/* ------------------------------------------------------------------ */
/* Headers                                                             */
/* ------------------------------------------------------------------ */

static unsigned be16(const unsigned char *p)
{
  return ((unsigned)p[0] << 8) | p[1];
}

static unsigned long be32(const unsigned char *p)
{
  return ((unsigned long)p[0] << 24) | ((unsigned long)p[1] << 16) |
         ((unsigned long)p[2] << 8) | p[3];
}

static unsigned le16(const unsigned char *p)
{
  return ((unsigned)p[1] << 8) | p[0];
}

/* PNG: the 8-byte signature, then the IHDR chunk, which the PNG
 * specification (ISO/IEC 15948, 5.6) requires to come first: length 13,
 * "IHDR", width and height as 4-byte big-endian integers. */
static int sniff_png(const unsigned char *d, size_t len, unsigned long *w,
                     unsigned long *h)
{
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (len < 8 || memcmp(d, sig, 8) != 0)
    return 0;
  if (len < 24 || memcmp(d + 12, "IHDR", 4) != 0)
    return -1;
  *w = be32(d + 16);
  *h = be32(d + 20);
  return 1;
}

/* Whether JPEG marker `m` is a start-of-frame holding the image size:
 * SOF0-3, SOF5-7, SOF9-11, SOF13-15 (C4 is DHT, C8 JPG, CC DAC). */
static int is_sof(unsigned m)
{
  return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* JPEG: SOI (FF D8), then marker segments, each FF xx with a 2-byte
 * big-endian length, until a SOFn whose body is precision (1 byte),
 * height and width (2 bytes each). Fill bytes (FF FF ...) and the
 * stand-alone markers (01, D0-D7) carry no length. */
static int sniff_jpeg(const unsigned char *d, size_t len, unsigned long *w,
                      unsigned long *h)
{
  size_t i = 2;
  if (len < 3 || d[0] != 0xFF || d[1] != 0xD8 || d[2] != 0xFF)
    return 0;
  while (i + 1 < len) {
    unsigned m;
    size_t seg;
    if (d[i] != 0xFF)
      return -1;
    while (i < len && d[i] == 0xFF)
      i++;
    if (i >= len)
      return -1;
    m = d[i++];
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7))
      continue;
    if (m == 0xD9 || m == 0xDA) /* end of image, start of scan: no SOF seen */
      return -1;
    if (i + 2 > len)
      return -1;
    seg = be16(d + i);
    if (seg < 2)
      return -1;
    if (is_sof(m)) {
      if (seg < 7 || i + 7 > len)
        return -1;
      *h = be16(d + i + 3);
      *w = be16(d + i + 5);
      return 1;
    }
    i += seg;
  }
  return -1;
}

/* GIF: "GIF87a" or "GIF89a", then the logical screen width and height as
 * 2-byte little-endian integers. */
static int sniff_gif(const unsigned char *d, size_t len, unsigned long *w,
                     unsigned long *h)
{
  if (len < 6 || (memcmp(d, "GIF87a", 6) != 0 && memcmp(d, "GIF89a", 6) != 0))
    return 0;
  if (len < 10)
    return -1;
  *w = le16(d + 6);
  *h = le16(d + 8);
  return 1;
}

galley_status galley_image_sniff(const unsigned char *data, size_t len,
                                 galley_image_info *out_info, galley_error *err)
{
  unsigned long w = 0, h = 0;
  int r;
  galley_image_info info;

  memset(&info, 0, sizeof info);
  if (out_info)
    *out_info = info;
  if (!data)
    len = 0;
  if ((r = sniff_png(data, len, &w, &h)) != 0) {
    info.type = GALLEY_IMAGE_PNG;
    info.media_type = "image/png";
    info.extension = "png";
  } else if ((r = sniff_jpeg(data, len, &w, &h)) != 0) {
    info.type = GALLEY_IMAGE_JPEG;
    info.media_type = "image/jpeg";
    info.extension = "jpg";
  } else if ((r = sniff_gif(data, len, &w, &h)) != 0) {
    info.type = GALLEY_IMAGE_GIF;
    info.media_type = "image/gif";
    info.extension = "gif";
  } else {
    return galley_error_set(err, GALLEY_ERR_DATA, 0,
                            "not a PNG, JPEG or GIF image");
  }
  if (r < 0)
    return galley_error_set(err, GALLEY_ERR_DATA, 0,
                            "truncated or malformed %s header",
                            info.extension);
  if (w == 0 || h == 0)
    return galley_error_set(err, GALLEY_ERR_DATA, 0,
                            "%s header gives no size (%lu x %lu pixels)",
                            info.extension, w, h);
  if (w > GALLEY_IMAGE_MAX_SIDE || h > GALLEY_IMAGE_MAX_SIDE ||
      (long long)w * (long long)h > GALLEY_IMAGE_MAX_PIXELS)
    return galley_error_set(err, GALLEY_ERR_DATA, 0,
                            "image too large: %lu x %lu pixels (at most %d a "
                            "side and %lld in all)",
                            w, h, GALLEY_IMAGE_MAX_SIDE, GALLEY_IMAGE_MAX_PIXELS);
  info.width = (int)w;
  info.height = (int)h;
  if (out_info)
    *out_info = info;
  return GALLEY_OK;
}

/* ------------------------------------------------------------------ */
/* Structure                                                           */
/* ------------------------------------------------------------------ */

/* The checks below walk a whole file once, without decoding pixels (a
 * PNG's zlib stream is inflated into a small scratch buffer and counted,
 * never kept), so that an image galley accepts is one every reader and
 * Cairo can decode: epubcheck reports PKG-021 ("corrupted image") when
 * Java's ImageIO cannot read a header, and a broken JPEG embedded as
 * DCTDecode makes an invalid PDF. Each returns GALLEY_OK or
 * GALLEY_ERR_DATA with a message saying what is wrong. */

/* Whether JPEG marker `m` is a start-of-frame galley accepts: SOF0
 * (baseline), SOF1 (extended sequential, Huffman) and SOF2 (progressive,
 * Huffman). Lossless (SOF3), hierarchical (SOF5-7) and arithmetic-coded
 * (SOF9-15) JPEGs are outside what PDF's DCTDecode and most e-readers
 * decode. */
static int is_accepted_sof(unsigned m)
{
  return m == 0xC0 || m == 0xC1 || m == 0xC2;
}

/* Skips the entropy-coded data of a scan starting at `i`: bytes other
 * than FF, stuffed FF 00, restart markers FF D0-D7 and fill bytes FF FF.
 * Returns the offset of the next marker's FF, or `len` when the data runs
 * to the end of the file. */
static size_t skip_entropy(const unsigned char *d, size_t len, size_t i)
{
  while (i < len) {
    const unsigned char *ff = memchr(d + i, 0xFF, len - i);
    unsigned m;
    if (!ff)
      return len;
    i = (size_t)(ff - d);
    if (i + 1 >= len)
      return len;
    m = d[i + 1];
    if (m == 0x00 || (m >= 0xD0 && m <= 0xD7))
      i += 2;
    else if (m == 0xFF)
      i++;
    else
      return i;
  }
  return len;
}

/* JPEG (ITU-T T.81, Annex B): SOI, then marker segments whose lengths lie
 * within the file; exactly one frame header, SOF0-2 with 8-bit samples
 * and 1 (grey), 3 (YCbCr/RGB) or 4 (CMYK/YCCK) components; a quantization
 * table before the first scan; at least one scan (SOS) whose components
 * belong to the frame, each followed by its entropy-coded data; and EOI.
 * A file that ends inside a scan, before EOI, is refused as truncated:
 * readers would show a grey or garbled part. Bytes after EOI (some
 * cameras append data) are ignored. Also notes an Adobe APP14 segment,
 * which marks 4-component data as stored inverted. */
static galley_status check_jpeg(const unsigned char *d, size_t len,
                                galley_image_info *info, galley_error *err)
{
  size_t i = 2;
  int sof = 0, dqt = 0, scans = 0;
  unsigned char ids[4];

  for (;;) {
    unsigned m;
    size_t seg;
    const unsigned char *body;
    size_t blen;

    if (i >= len)
      return galley_error_set(err, GALLEY_ERR_DATA, 0,
                              "truncated JPEG: the file ends before its "
                              "end-of-image marker");
    if (d[i] != 0xFF)
      return galley_error_set(err, GALLEY_ERR_DATA, 0,
                              "malformed JPEG: stray bytes between marker "
                              "segments at offset %zu", i);
    while (i < len && d[i] == 0xFF)
      i++;
    if (i >= len)
      continue; /* reported as truncated above */
    m = d[i++];
    if (m == 0xD9) { /* EOI */
      if (!scans)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "malformed JPEG: no scan (SOS) before the "
                                "end-of-image marker");
      return GALLEY_OK;
    }
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7))
      continue; /* stand-alone markers without a length */
    if (m == 0x00 || m == 0xD8)
      return galley_error_set(err, GALLEY_ERR_DATA, 0,
                              "malformed JPEG: unexpected marker FF %02X at "
                              "offset %zu", m, i - 2);
    if (len - i < 2 || (seg = be16(d + i)) < 2 || seg > len - i)
      return galley_error_set(err, GALLEY_ERR_DATA, 0,
                              "truncated JPEG: the segment of marker FF %02X "
                              "at offset %zu runs past the end of the file",
                              m, i - 2);
    body = d + i + 2;
    blen = seg - 2;
    i += seg;
    /* Markers a decoder knows (libjpeg stops at any other, T.81's JPGn,
     * DHP, EXP and the reserved ones): frames, Huffman and quantization
     * tables, restart interval, scans, APPn, comments. DAC (arithmetic
     * conditioning) has no place in the Huffman-coded JPEGs accepted,
     * nor DNL (a height given after the first scan) in one whose height
     * is known. */
    if (!(is_sof(m) || m == 0xC4 || m == 0xDA || m == 0xDB || m == 0xDD ||
          (m >= 0xE0 && m <= 0xEF) || m == 0xFE))
      return galley_error_set(err, GALLEY_ERR_DATA, 0,
                              "malformed JPEG: unknown marker FF %02X at "
                              "offset %zu", m, i - seg - 2);
    if (is_sof(m)) {
      unsigned nc, k, j;
      if (sof)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "malformed JPEG: more than one frame header");
      sof = 1;
      if (!is_accepted_sof(m))
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "unsupported JPEG: %s coding (SOF%u); only "
                                "baseline and progressive JPEGs are accepted",
                                m == 0xC3 || m == 0xC7 || m == 0xCB || m == 0xCF
                                    ? "lossless"
                                : m >= 0xC9                   ? "arithmetic"
                                                              : "hierarchical",
                                m - 0xC0);
      if (blen < 6)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "malformed JPEG: frame header too short");
      if (body[0] != 8)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "unsupported JPEG: %u-bit samples; only 8-bit "
                                "JPEGs are accepted",
                                body[0]);
      nc = body[5];
      if (nc != 1 && nc != 3 && nc != 4)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "unsupported JPEG: %u colour components; only "
                                "1 (grey), 3 (colour) or 4 (CMYK) are accepted",
                                nc);
      if (blen != 6 + 3 * (size_t)nc)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "malformed JPEG: frame header length %zu for "
                                "%u components", seg, nc);
      for (k = 0; k < nc; k++) {
        const unsigned char *c = body + 6 + 3 * k;
        unsigned hs = c[1] >> 4, vs = c[1] & 15;
        if (hs < 1 || hs > 4 || vs < 1 || vs > 4 || c[2] > 3)
          return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                  "malformed JPEG: component %u has sampling "
                                  "%ux%u or table %u",
                                  k + 1, hs, vs, c[2]);
        for (j = 0; j < k; j++)
          if (ids[j] == c[0])
            return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                    "malformed JPEG: two components with id %u",
                                    c[0]);
        ids[k] = c[0];
      }
      info->components = (int)nc;
    } else if (m == 0xDD && blen != 2) {
      return galley_error_set(err, GALLEY_ERR_DATA, 0,
                              "malformed JPEG: a restart interval segment of "
                              "length %zu", seg);
    } else if (m == 0xDB) {
      /* DQT: tables of 64 values, 8- or 16-bit (Pq 0 or 1), ids 0-3,
       * filling the segment exactly (T.81 B.2.4.1). */
      size_t k = 0;
      while (k < blen) {
        unsigned pq = body[k] >> 4, tq = body[k] & 15;
        size_t n = 1 + 64 * (pq + 1);
        if (pq > 1 || tq > 3 || n > blen - k)
          return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                  "malformed JPEG: a bad quantization table");
        k += n;
      }
      dqt = blen > 0;
    } else if (m == 0xC4) {
      /* DHT: tables of class 0 or 1 and id 0-3, 16 code counts adding up
       * to at most 256 symbols, then the symbols, filling the segment
       * exactly (T.81 B.2.4.2). */
      size_t k = 0;
      while (k < blen) {
        size_t n = 0;
        int c;
        if (blen - k < 17 || (body[k] >> 4) > 1 || (body[k] & 15) > 3)
          return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                  "malformed JPEG: a bad Huffman table");
        for (c = 1; c <= 16; c++)
          n += body[k + c];
        if (n > 256 || n > blen - k - 17)
          return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                  "malformed JPEG: a bad Huffman table");
        k += 17 + n;
      }
    } else if (m == 0xEE && blen >= 12 && memcmp(body, "Adobe", 5) == 0) {
      info->adobe = 1;
    } else if (m == 0xDA) {
      unsigned ns, k, j, next;
      if (!sof)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "malformed JPEG: a scan before the frame "
                                "header (SOF)");
      if (!dqt)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "malformed JPEG: no quantization table (DQT) "
                                "before the first scan");
      ns = blen ? body[0] : 0;
      if (ns < 1 || ns > 4 || blen != 4 + 2 * (size_t)ns)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "malformed JPEG: scan header of length %zu",
                                seg);
      /* Each component named once, in the frame's order (T.81 B.2.3),
       * with Huffman tables 0-3. */
      for (k = 0, next = 0; k < ns; k++) {
        unsigned id = body[1 + 2 * k];
        for (j = next; j < (unsigned)info->components; j++)
          if (ids[j] == id)
            break;
        if (j == (unsigned)info->components)
          return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                  "malformed JPEG: a scan names component %u, "
                                  "which the frame lacks or names earlier",
                                  id);
        next = j + 1;
        if ((body[2 + 2 * k] >> 4) > 3 || (body[2 + 2 * k] & 15) > 3)
          return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                  "malformed JPEG: a scan names a Huffman table "
                                  "above 3");
      }
      scans++;
      i = skip_entropy(d, len, i);
    }
  }
}

/* CRC-32 as PNG uses it (ISO 3309, the same as zlib's crc32). */
static unsigned long png_crc(const unsigned char *p, size_t n)
{
  return crc32(0L, p, (uInt)n) & 0xFFFFFFFFUL;
}

/* Whether IHDR's bit depth and colour type go together (PNG 11.2.2,
 * Table 11.1). */
static int is_png_depth_ok(unsigned ctype, unsigned depth)
{
  switch (ctype) {
  case 0: return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
  case 3: return depth == 1 || depth == 2 || depth == 4 || depth == 8;
  case 2: case 4: case 6: return depth == 8 || depth == 16;
  default: return 0;
  }
}

/* The rows of a PNG's filtered image data: each row is a filter-type
 * byte (0-4) and its packed pixels, for the whole image or, interlaced
 * (Adam7), for each of the seven reduced images in turn. */
typedef struct png_rows {
  unsigned long long rows[7];  /* rows of each pass (one pass unless Adam7) */
  unsigned long long bytes[7]; /* bytes of one row of each pass, filter byte
                                  included */
  int passes;
  int pass;                    /* pass being read */
  unsigned long long row;      /* row of that pass */
  unsigned long long at;       /* byte within that row */
} png_rows;

static void png_rows_init(png_rows *r, unsigned long w, unsigned long h,
                          unsigned bpp, int interlaced)
{
  static const int x0[7] = {0, 4, 0, 2, 0, 1, 0}, y0[7] = {0, 0, 4, 0, 2, 0, 1};
  static const int dx[7] = {8, 8, 4, 4, 2, 2, 1}, dy[7] = {8, 8, 8, 4, 4, 2, 2};
  int p;
  memset(r, 0, sizeof *r);
  if (!interlaced) {
    r->rows[0] = h;
    r->bytes[0] = 1 + ((unsigned long long)w * bpp + 7) / 8;
    r->passes = 1;
    return;
  }
  for (p = 0; p < 7; p++) {
    unsigned long long pw = w > (unsigned long)x0[p] ? (w - x0[p] + dx[p] - 1) / dx[p] : 0;
    unsigned long long ph = h > (unsigned long)y0[p] ? (h - y0[p] + dy[p] - 1) / dy[p] : 0;
    if (pw && ph) {
      r->rows[r->passes] = ph;
      r->bytes[r->passes] = 1 + (pw * bpp + 7) / 8;
      r->passes++;
    }
  }
}

/* Follows `n` more inflated bytes at `p` through the rows. Returns 0 when
 * a row starts with a filter type above 4 or the bytes run past the last
 * row. */
static int png_rows_take(png_rows *r, const unsigned char *p, size_t n)
{
  while (n > 0) {
    unsigned long long left;
    if (r->pass >= r->passes)
      return 0;
    if (r->at == 0 && *p > 4)
      return 0;
    left = r->bytes[r->pass] - r->at;
    if (left > n) {
      r->at += n;
      return 1;
    }
    p += left;
    n -= (size_t)left;
    r->at = 0;
    if (++r->row == r->rows[r->pass]) {
      r->row = 0;
      r->pass++;
    }
  }
  return 1;
}

/* Inflates the IDAT chunks of the PNG at `d` into a scratch buffer, and
 * checks that the stream is whole and holds exactly the rows `rows`
 * describes, each with a known filter type: what libpng (hence Cairo)
 * will insist on when it decodes the image. */
static galley_status check_png_data(const unsigned char *d, size_t len,
                                    png_rows *rows, galley_error *err)
{
  unsigned char out[16384];
  size_t pos = 8;
  z_stream z;
  int r = Z_OK, ok = 1;

  memset(&z, 0, sizeof z);
  if (inflateInit(&z) != Z_OK)
    return galley_error_set(err, GALLEY_ERR_INTERNAL, 0, "zlib: cannot start");
  /* The chunks were walked before: every length lies within the file. */
  while (ok && r == Z_OK && pos + 12 <= len) {
    size_t n = be32(d + pos);
    if (memcmp(d + pos + 4, "IDAT", 4) == 0) {
      z.next_in = (unsigned char *)d + pos + 8;
      z.avail_in = (uInt)n;
      do {
        z.next_out = out;
        z.avail_out = sizeof out;
        r = inflate(&z, Z_NO_FLUSH);
        if (r != Z_OK && r != Z_STREAM_END)
          break;
        ok = png_rows_take(rows, out, sizeof out - z.avail_out);
        /* Output left in zlib is fetched while the buffer comes back full. */
      } while (ok && r == Z_OK && (z.avail_in > 0 || z.avail_out == 0));
      if (r == Z_BUF_ERROR)
        r = Z_OK; /* this chunk is used up: on to the next */
    } else if (memcmp(d + pos + 4, "IEND", 4) == 0) {
      break;
    }
    pos += 12 + n;
  }
  inflateEnd(&z);
  if (r != Z_OK && r != Z_STREAM_END)
    return galley_error_set(err, GALLEY_ERR_DATA, 0,
                            "corrupt PNG: its compressed image data is damaged");
  if (!ok || r != Z_STREAM_END || rows->pass != rows->passes)
    return galley_error_set(err, GALLEY_ERR_DATA, 0,
                            "corrupt PNG: its image data does not match the "
                            "size and filters its header implies");
  return GALLEY_OK;
}

/* PNG (ISO/IEC 15948): the signature, then chunks, each with a length
 * that lies within the file and a correct CRC; IHDR first, with a valid
 * bit depth for its colour type, compression and filter method 0 and
 * interlace 0 or 1; PLTE before the image data of a palette image; one
 * run of IDAT chunks whose zlib stream inflates to exactly the size the
 * header implies; no unknown critical chunk; IEND. Bytes after IEND are
 * ignored, as libpng does. */
static galley_status check_png(const unsigned char *d, size_t len,
                               galley_error *err)
{
  size_t pos = 8;
  int plte = 0, idat = 0, idat_done = 0;
  unsigned depth = 0, ctype = 0, interlace = 0;
  unsigned long w = 0, h = 0;
  static const unsigned channels[7] = {1, 0, 3, 1, 2, 0, 4};
  png_rows rows;

  for (;;) {
    unsigned long n;
    const unsigned char *type, *body;
    int k;
    if (len - pos < 12)
      return galley_error_set(err, GALLEY_ERR_DATA, 0,
                              "truncated PNG: the file ends before its IEND "
                              "chunk");
    n = be32(d + pos);
    type = d + pos + 4;
    body = d + pos + 8;
    if (n > 0x7FFFFFFFUL || n > len - pos - 12)
      return galley_error_set(err, GALLEY_ERR_DATA, 0,
                              "truncated PNG: a chunk at offset %zu runs past "
                              "the end of the file", pos);
    for (k = 0; k < 4; k++)
      if (!((type[k] >= 'A' && type[k] <= 'Z') || (type[k] >= 'a' && type[k] <= 'z')))
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "corrupt PNG: a chunk at offset %zu has no "
                                "valid type", pos);
    if (png_crc(type, n + 4) != be32(body + n))
      return galley_error_set(err, GALLEY_ERR_DATA, 0,
                              "corrupt PNG: the CRC of its %.4s chunk is wrong",
                              (const char *)type);
    if (pos == 8) {
      if (memcmp(type, "IHDR", 4) != 0 || n != 13)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "malformed PNG: it does not start with IHDR");
      w = be32(body);
      h = be32(body + 4);
      depth = body[8];
      ctype = body[9];
      interlace = body[12];
      if (!is_png_depth_ok(ctype, depth))
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "malformed PNG: bit depth %u is not allowed "
                                "with colour type %u", depth, ctype);
      if (body[10] != 0 || body[11] != 0 || interlace > 1)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "malformed PNG: unknown compression, filter or "
                                "interlace method (%u, %u, %u)",
                                body[10], body[11], interlace);
    } else if (memcmp(type, "IHDR", 4) == 0) {
      return galley_error_set(err, GALLEY_ERR_DATA, 0,
                              "malformed PNG: a second IHDR chunk");
    } else if (memcmp(type, "PLTE", 4) == 0) {
      if (idat || n == 0 || n % 3 != 0 || n > 768)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "malformed PNG: a bad PLTE chunk");
      plte = 1;
    } else if (memcmp(type, "IDAT", 4) == 0) {
      if (idat_done)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "malformed PNG: its IDAT chunks are not "
                                "consecutive");
      if (ctype == 3 && !plte)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "malformed PNG: a palette image without PLTE");
      idat = 1;
    } else if (memcmp(type, "IEND", 4) == 0) {
      if (!idat)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "malformed PNG: no image data (IDAT)");
      break;
    } else if (!(type[0] & 0x20)) {
      /* An uppercase first letter marks a critical chunk, which a decoder
       * must understand to show the image (PNG 5.4). */
      return galley_error_set(err, GALLEY_ERR_DATA, 0,
                              "unsupported PNG: unknown critical chunk %.4s",
                              (const char *)type);
    }
    if (idat && memcmp(type, "IDAT", 4) != 0)
      idat_done = 1;
    pos += 12 + n;
  }
  png_rows_init(&rows, w, h, depth * channels[ctype], interlace == 1);
  return check_png_data(d, len, &rows, err);
}

/* Skips GIF data sub-blocks (a size byte, then that many bytes) up to the
 * block terminator (size 0). Returns the offset after it, or 0 when the
 * file ends first. */
static size_t skip_gif_blocks(const unsigned char *d, size_t len, size_t i)
{
  while (i < len) {
    size_t n = d[i++];
    if (n == 0)
      return i;
    if (n > len - i)
      return 0;
    i += n;
  }
  return 0;
}

/* GIF (GIF89a specification): the header and logical screen descriptor,
 * the global colour table if flagged, then extension blocks and images
 * (descriptor, local colour table, LZW code size 2-8, data sub-blocks),
 * and the trailer 3B. At least one image. */
static galley_status check_gif(const unsigned char *d, size_t len,
                               galley_error *err)
{
  size_t i = 13;
  int images = 0;
  if (len < 13)
    return galley_error_set(err, GALLEY_ERR_DATA, 0, "truncated GIF header");
  if (d[10] & 0x80)
    i += 3u << ((d[10] & 7) + 1);
  for (;;) {
    if (i >= len)
      return galley_error_set(err, GALLEY_ERR_DATA, 0,
                              "truncated GIF: the file ends before its trailer");
    if (d[i] == 0x3B) {
      if (!images)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "malformed GIF: no image");
      return GALLEY_OK;
    }
    if (d[i] == 0x21) {
      if (len - i < 2 || !(i = skip_gif_blocks(d, len, i + 2)))
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "truncated GIF: an extension runs past the end "
                                "of the file");
    } else if (d[i] == 0x2C) {
      if (len - i < 11)
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "truncated GIF: an image descriptor runs past "
                                "the end of the file");
      if (d[i + 9] & 0x80)
        i += 3u << ((d[i + 9] & 7) + 1);
      i += 10;
      if (i >= len || d[i] < 2 || d[i] > 8 || !(i = skip_gif_blocks(d, len, i + 1)))
        return galley_error_set(err, GALLEY_ERR_DATA, 0,
                                "truncated or malformed GIF image data");
      images++;
    } else {
      return galley_error_set(err, GALLEY_ERR_DATA, 0,
                              "malformed GIF: unknown block %02X at offset %zu",
                              d[i], i);
    }
  }
}

galley_status galley_image_check(const unsigned char *data, size_t len,
                                 galley_image_info *out_info, galley_error *err)
{
  galley_image_info info;
  galley_status st = galley_image_sniff(data, len, &info, err);
  if (st != GALLEY_OK)
    goto done;
  switch (info.type) {
  case GALLEY_IMAGE_PNG: st = check_png(data, len, err); break;
  case GALLEY_IMAGE_JPEG: st = check_jpeg(data, len, &info, err); break;
  case GALLEY_IMAGE_GIF: st = check_gif(data, len, err); break;
  default: assert(0); st = GALLEY_ERR_DATA; break;
  }
done:
  if (out_info)
    *out_info = info;
  return st;
}

/* ------------------------------------------------------------------ */
/* Paths                                                               */
/* ------------------------------------------------------------------ */


/* Whether `url` starts with a URI scheme ("http:", "data:"): a letter,
 * then letters, digits, '+', '-', '.', then ':'. "C:" is taken as a
 * scheme too, which refuses Windows drive paths as well. */
static int has_scheme(const char *url)
{
  const char *p = url;
  if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
    return 0;
  for (p++; *p; p++) {
    if (*p == ':')
      return 1;
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.'))
      return 0;
  }
  return 0;
}

/* Whether the '/'-separated path has a ".." component. */
static int has_dotdot(const char *path)
{
  const char *p = path;
  while (*p) {
    const char *end = strchr(p, '/');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n == 2 && p[0] == '.' && p[1] == '.')
      return 1;
    p += n;
    while (*p == '/')
      p++;
  }
  return 0;
}

/* Whether the real path `real` lies inside the real directory `dir`. */
static int is_inside(const char *real, const char *dir)
{
  size_t n = strlen(dir);
  return strcmp(dir, "/") == 0 || (strncmp(real, dir, n) == 0 && real[n] == '/');
}

/* Whether `real` lies inside one of the directories dirs[from...] (each
 * made real first; entries that do not exist are skipped). */
static int is_inside_any(const char *real, const char *const *dirs, int from)
{
  int i;
  for (i = from; dirs[i]; i++) {
    char *real_dir = *dirs[i] ? realpath(dirs[i], NULL) : NULL;
    int in = real_dir && is_inside(real, real_dir);
    free(real_dir);
    if (in)
      return 1;
  }
  return 0;
}

/* Appends `url` to `path` as a file path: %XX escapes decoded (Markdown
 * writers escape spaces and non-ASCII), a query or fragment dropped
 * (they name no part of a file). */
static void put_url_path(galley_buf *path, const char *url)
{
  const char *p;
  for (p = url; *p && *p != '?' && *p != '#'; p++) {
    int hi, lo;
    if (*p == '%' && (hi = galley_hex_digit_value(p[1])) >= 0 &&
        (lo = galley_hex_digit_value(p[2])) >= 0) {
      galley_buf_putc(path, hi * 16 + lo);
      p += 2;
    } else {
      galley_buf_putc(path, *p);
    }
  }
}

char *galley_image_source_path(const char *const *dirs, const char *url)
{
  galley_buf path = GALLEY_BUF_INIT;
  size_t dlen;
  if (!url || !*url || has_scheme(url))
    return NULL;
  if (url[0] != '/' && dirs && dirs[0] && strcmp(dirs[0], ".") != 0)
    galley_buf_printf(&path, "%s%s", dirs[0],
                      dirs[0][strlen(dirs[0]) - 1] == '/' ? "" : "/");
  dlen = path.len;
  put_url_path(&path, url);
  if (path.len == dlen || strlen(galley_buf_cstr(&path)) != path.len) {
    galley_buf_free(&path);
    return NULL;
  }
  return galley_buf_detach(&path, NULL);
}

char *galley_image_resolve(const char *const *dirs, const char *url,
                           galley_error *err)
{
  galley_buf path = GALLEY_BUF_INIT;
  char *real_dir = NULL, *real = NULL;
  int extra;
  size_t dlen;
  struct stat st;

  if (!url || !*url) {
    galley_error_set(err, GALLEY_ERR_DATA, 0, "image without a path");
    goto fail;
  }
  if (!dirs || !dirs[0] || !*dirs[0]) {
    galley_error_set(err, GALLEY_ERR_DATA, 0,
                     "image '%s': no resource directory to look in", url);
    goto fail;
  }
  /* dirs is a search path, as pandoc's --resource-path: the first entry
   * is the article's directory, which relative paths start from; further
   * entries are directories the user allowed too, so an absolute path or
   * a ".." may lead into them. The entries stay separate strings: a
   * directory named "pub:draft" is one directory, never two. */
  extra = dirs[1] != NULL;
  if (has_scheme(url)) {
    galley_error_set(err, GALLEY_ERR_DATA, 0,
                     "image '%s': only local files are embedded (save the "
                     "image beside the article and name it by a relative path)",
                     url);
    goto fail;
  }
  if (url[0] != '/')
    galley_buf_printf(&path, "%s/", dirs[0]);
  dlen = path.len;
  put_url_path(&path, url);
  if (path.len == dlen || strlen(path.ptr) != path.len) {
    galley_error_set(err, GALLEY_ERR_DATA, 0, "image '%s': not a file path", url);
    goto fail;
  }
  if (!extra && path.ptr[0] == '/' && url[0] == '/') {
    galley_error_set(err, GALLEY_ERR_DATA, 0,
                     "image '%s': absolute paths are refused; name the image "
                     "relative to the article (or allow its directory with "
                     "--resource-path)",
                     url);
    goto fail;
  }
  if (!extra && has_dotdot(path.ptr + dlen)) {
    galley_error_set(err, GALLEY_ERR_DATA, 0,
                     "image '%s': paths leading out of the article's directory "
                     "(\"..\") are refused (allow a directory with "
                     "--resource-path)",
                     url);
    goto fail;
  }
  real_dir = realpath(dirs[0], NULL);
  if (!real_dir) {
    galley_error_set(err, GALLEY_ERR_NOINPUT, errno,
                     "image '%s': resource directory '%s': %s", url, dirs[0],
                     strerror(errno));
    goto fail;
  }
  real = realpath(path.ptr, NULL);
  if (!real) {
    galley_error_set(err, GALLEY_ERR_NOINPUT, errno, "image '%s' not found: %s",
                     url, strerror(errno));
    goto fail;
  }
  /* A symbolic link or a ".." may still lead outside: the real path
   * decides. */
  if (!is_inside(real, real_dir) && !(extra && is_inside_any(real, dirs, 1))) {
    galley_error_set(err, GALLEY_ERR_DATA, 0,
                     "image '%s' lies outside the article's directory%s; refused "
                     "(allow its directory with --resource-path)",
                     url, extra ? " and the resource path" : "");
    goto fail;
  }
  if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
    galley_error_set(err, GALLEY_ERR_NOINPUT, 0, "image '%s' is not a regular file",
                     url);
    goto fail;
  }
  free(real_dir);
  galley_buf_free(&path);
  return real;

fail:
  free(real);
  free(real_dir);
  galley_buf_free(&path);
  return NULL;
}

/* Reads a whole regular file of at most GALLEY_IMAGE_MAX_BYTES. */
static galley_status read_file(const char *path, const char *url,
                               unsigned char **out_data, size_t *out_len,
                               galley_error *err)
{
  galley_buf b = GALLEY_BUF_INIT;
  char chunk[65536];
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return galley_error_set(err, GALLEY_ERR_NOINPUT, errno,
                            "image '%s' cannot be opened: %s", url,
                            strerror(errno));
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int e = errno;
      close(fd);
      galley_buf_free(&b);
      return galley_error_set(err, GALLEY_ERR_NOINPUT, e,
                              "image '%s' cannot be read: %s", url, strerror(e));
    }
    if (n == 0)
      break;
    if (b.len + (size_t)n > GALLEY_IMAGE_MAX_BYTES) {
      close(fd);
      galley_buf_free(&b);
      return galley_error_set(err, GALLEY_ERR_DATA, 0,
                              "image '%s' is larger than %u MB", url,
                              GALLEY_IMAGE_MAX_BYTES / (1024u * 1024u));
    }
    galley_buf_put(&b, chunk, (size_t)n);
  }
  close(fd);
  *out_data = (unsigned char *)galley_buf_detach(&b, out_len);
  return GALLEY_OK;
}

galley_status galley_image_load(const char *const *dirs, const char *url,
                                galley_image *out, galley_error *err)
{
  galley_image img;
  galley_error e; /* local, so the status is known even when err is NULL */
  galley_error sub;
  memset(&img, 0, sizeof img);
  memset(out, 0, sizeof *out);
  galley_error_clear(&e);
  img.path = galley_image_resolve(dirs, url, &e);
  if (!img.path)
    goto fail;
  if (read_file(img.path, url, &img.data, &img.len, &e) != GALLEY_OK)
    goto fail;
  galley_error_clear(&sub);
  if (galley_image_check(img.data, img.len, &img.info, &sub) != GALLEY_OK) {
    galley_error_set(&e, sub.code, 0, "image '%s': %s", url, sub.message);
    goto fail;
  }
  *out = img;
  return GALLEY_OK;

fail:
  galley_image_release(&img);
  galley_error_set(err, e.code, e.sys_errno, "%s", e.message);
  return e.code;
}

void galley_image_release(galley_image *image)
{
  if (!image)
    return;
  free(image->path);
  free(image->data);
  memset(image, 0, sizeof *image);
}

/* ------------------------------------------------------------------ */
/* The images of one document                                          */
/* ------------------------------------------------------------------ */

struct galley_image_set {
  galley_image **images;    /* owned array of owned images, first use order
                               (each allocated alone, so the pointers
                               galley_image_set_get lends stay valid as the
                               array grows) */
  int count, cap;
  long long pixels;         /* sum of width x height over images */
};

galley_image_set *galley_image_set_new(void)
{
  return galley_xcalloc(1, sizeof(galley_image_set));
}

void galley_image_set_free(galley_image_set *set)
{
  int i;
  if (!set)
    return;
  for (i = 0; i < set->count; i++) {
    galley_image_release(set->images[i]);
    free(set->images[i]);
  }
  free(set->images);
  free(set);
}

int galley_image_set_add(galley_image_set *set, const char *const *dirs,
                         const char *url, galley_error *err)
{
  galley_error e;
  galley_image img;
  char *real;
  int i;
  long long px;

  galley_error_clear(&e);
  real = galley_image_resolve(dirs, url, &e);
  if (!real) {
    galley_error_set(err, e.code, e.sys_errno, "%s", e.message);
    return -1;
  }
  /* The real path names the file: "a.png", "./a.png" and a link to it
   * are one image, read and checked once. */
  for (i = 0; i < set->count; i++)
    if (strcmp(set->images[i]->path, real) == 0) {
      free(real);
      return i;
    }
  free(real);
  if (galley_image_load(dirs, url, &img, &e) != GALLEY_OK) {
    galley_error_set(err, e.code, e.sys_errno, "%s", e.message);
    return -1;
  }
  px = (long long)img.info.width * img.info.height;
  if (px > GALLEY_IMAGE_MAX_DOC_PIXELS - set->pixels) {
    galley_error_set(err, GALLEY_ERR_DATA, 0,
                     "image '%s' refused: its %d x %d pixels would bring the "
                     "document's images to %lld megapixels, more than the %lld "
                     "one document may hold",
                     url, img.info.width, img.info.height,
                     (set->pixels + px + 999999) / 1000000,
                     GALLEY_IMAGE_MAX_DOC_PIXELS / 1000000);
    galley_image_release(&img);
    return -1;
  }
  set->pixels += px;
  if (set->count == set->cap) {
    set->cap = set->cap ? set->cap * 2 : 8;
    set->images = galley_xreallocarray(set->images, (size_t)set->cap,
                                       sizeof *set->images);
  }
  set->images[set->count] = galley_xmalloc(sizeof img);
  *set->images[set->count] = img;
  return set->count++;
}

const galley_image *galley_image_set_get(const galley_image_set *set, int index)
{
  if (!set || index < 0 || index >= set->count)
    return NULL;
  return set->images[index];
}
