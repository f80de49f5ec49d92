/* image.h: the images an article names, shared by the EPUB and PDF
 * writers: resolving a node's path safely inside the resource directory,
 * recognising PNG, JPEG and GIF by their magic bytes (never by the file
 * name's extension), and reading their pixel size from the header (PNG
 * IHDR, JPEG SOFn, GIF logical screen) without decoding them. */
#ifndef GALLEY_UTIL_IMAGE_H
#define GALLEY_UTIL_IMAGE_H

#include <stddef.h>

#include "../galley.h"

typedef enum {
  GALLEY_IMAGE_UNKNOWN = 0,
  GALLEY_IMAGE_PNG,
  GALLEY_IMAGE_JPEG,
  GALLEY_IMAGE_GIF
} galley_image_type;

/* Headers claiming more than this many pixels a side, or more than
 * GALLEY_IMAGE_MAX_PIXELS in all, are refused: a decompression bomb of a
 * few bytes could otherwise ask a reader (or Cairo) for gigabytes. */
#define GALLEY_IMAGE_MAX_SIDE 20000
#define GALLEY_IMAGE_MAX_PIXELS 100000000LL
/* Largest image file read, in bytes: far beyond any photo an article
 * carries, small enough that a mistaken path to a disk image fails fast. */
#define GALLEY_IMAGE_MAX_BYTES (64u * 1024u * 1024u)
/* The distinct image files of one document may hold at most this many
 * pixels in all (by their headers): twice the largest single image. Each
 * decoded pixel costs the PDF writer 4 bytes, and an e-reader as much, so
 * this bounds a document's decoded images near 800 MB however many
 * pictures it names; the same file named again costs nothing more. */
#define GALLEY_IMAGE_MAX_DOC_PIXELS (2 * GALLEY_IMAGE_MAX_PIXELS)

/* What the header says. Strings are static. */
typedef struct galley_image_info {
  galley_image_type type;
  const char *media_type; /* static: "image/png", "image/jpeg", "image/gif" */
  const char *extension;  /* static: "png", "jpg", "gif" */
  int width;              /* pixels, 1..GALLEY_IMAGE_MAX_SIDE */
  int height;             /* pixels, 1..GALLEY_IMAGE_MAX_SIDE */
  int components;         /* JPEG (after galley_image_check): 1, 3 or 4
                             colour components; else 0 */
  int adobe;              /* JPEG: 1 when an Adobe APP14 segment is present,
                             which marks 4-component (CMYK) data as stored
                             inverted, as Photoshop writes it */
} galley_image_info;

/* An image read from disk. */
typedef struct galley_image {
  char *path;              /* owned: the resolved (real) path */
  unsigned char *data;     /* owned: the file's bytes */
  size_t len;              /* bytes of data */
  galley_image_info info;  /* from the header */
} galley_image;

/* Recognises the `len` bytes at `data` and reads the pixel size. Returns
 * GALLEY_OK and fills *out_info, or GALLEY_ERR_DATA in `err` (an unknown
 * format, a truncated header, zero or oversized dimensions). */
galley_status galley_image_sniff(const unsigned char *data, size_t len,
                                 galley_image_info *out_info, galley_error *err);

/* Checks the whole structure of the `len` bytes at `data`, after
 * galley_image_sniff, without decoding pixels, so that every image galley
 * accepts can be decoded by e-readers (epubcheck's "corrupted image",
 * PKG-021) and by the PDF writer:
 *   JPEG: SOI; marker segments within the file; one frame header, SOF0,
 *         SOF1 or SOF2 (baseline or progressive, Huffman) with 8-bit
 *         samples and 1, 3 or 4 components; a quantization table; scans
 *         naming the frame's components; EOI (a file ending inside its
 *         entropy-coded data is truncated). Bytes after EOI are ignored.
 *   PNG:  chunks within the file with correct CRCs; IHDR first with a bit
 *         depth allowed for its colour type; PLTE for palette images;
 *         consecutive IDAT whose zlib stream inflates (into a small
 *         scratch buffer) to exactly the rows IHDR implies, each with a
 *         known filter type; no unknown critical chunk; IEND.
 *   GIF:  header, colour tables, extension and image blocks, trailer.
 * Returns GALLEY_OK and fills *out_info (as galley_image_sniff, plus the
 * JPEG fields), or GALLEY_ERR_DATA with a message in `err` saying what is
 * wrong. */
galley_status galley_image_check(const unsigned char *data, size_t len,
                                 galley_image_info *out_info, galley_error *err);

/* Resolves `url` (a relative path as written in the article, with %XX
 * escapes decoded and any "?query" or "#fragment" dropped) against `dirs`,
 * a NULL-terminated list of directories: dirs[0] is the article's
 * directory, which relative paths start from; the others are directories
 * the user allowed (--resource-path). Each entry is one directory: no
 * character in its name (':' included) separates anything. With allowed
 * directories, an absolute path or a ".." is accepted when its real
 * location lies inside one of them. Refuses, with GALLEY_ERR_DATA in
 * `err`: a NULL or empty `dirs`, an empty path, a URL with a scheme
 * (http:, data:, ...), an absolute path, a ".." component, and a path
 * whose real location (symbolic links followed) lies outside every real
 * directory of `dirs`; a file that does not exist or is not a regular
 * file is GALLEY_ERR_NOINPUT. Returns the real path, which the caller
 * frees with free(), or NULL. `err->file` is left empty: the caller knows
 * which input named the image and sets it with the node's line. */
char *galley_image_resolve(const char *const *dirs, const char *url,
                           galley_error *err);

/* The path `url` names relative to dirs[0], as galley_image_resolve reads
 * it (%XX decoded, query and fragment dropped), without checking that it
 * exists: "dir/my pic.png" for "my%20pic.png?v=2". For dependency lists.
 * Returns NULL for a URL with a scheme, an empty path or a decoded NUL;
 * the caller frees the result with free(). */
char *galley_image_source_path(const char *const *dirs, const char *url);

/* Resolves `url` as galley_image_resolve does, reads the file and checks
 * it (galley_image_check). On success fills *out (release with galley_image_release) and
 * returns GALLEY_OK; on failure *out is empty and `err` says why. */
galley_status galley_image_load(const char *const *dirs, const char *url,
                                galley_image *out, galley_error *err);

/* Frees what *image holds and empties it. NULL is accepted. */
void galley_image_release(galley_image *image);

/* The distinct image files one document names, each read and checked
 * once however often it is named, with their pixels counted against
 * GALLEY_IMAGE_MAX_DOC_PIXELS. Each writer keeps one per document. */
typedef struct galley_image_set galley_image_set;

/* Returns an empty set; release it with galley_image_set_free. */
galley_image_set *galley_image_set_new(void);

/* Frees the set and its images. NULL is accepted. */
void galley_image_set_free(galley_image_set *set);

/* Resolves `url` as galley_image_resolve does. A file already in the set
 * (the same real path) returns its index without being read again;
 * otherwise the file is loaded and checked (galley_image_load), added, and
 * its new index returned: indexes count up from 0 in first-use order.
 * Returns -1 with the reason in `err` when the image cannot be used, or
 * when its pixels would bring the set above GALLEY_IMAGE_MAX_DOC_PIXELS
 * (GALLEY_ERR_DATA). `err->line` is left 0 for the caller to set. */
int galley_image_set_add(galley_image_set *set, const char *const *dirs,
                         const char *url, galley_error *err);

/* The image at `index`, borrowed: valid until the set is freed. NULL when
 * the index is out of range. */
const galley_image *galley_image_set_get(const galley_image_set *set, int index);

#endif
