/* image_format.c: what an image file's bytes say (see image.h): PNG, JPEG
 * and GIF recognised by their magic bytes and their pixel size read from
 * the header (galley_image_sniff), then the whole file's structure walked
 * without decoding pixels (galley_image_check). Where the files come
 * from, and who holds them, is image.c's. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

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
