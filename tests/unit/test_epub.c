/* test_epub.c: the EPUB writer (src/epub/epub*.c) and the image module
 * it uses (src/util/image*.c): image headers and path checks, the OCF
 * container, the XHTML each node type becomes, escaping, links, splitting,
 * the package metadata, the navigation, the style sheet filter,
 * reproducible bytes, and failures that leave the sink untouched. */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include "galley.h"
#include "harness.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/image.h"
#include "epub/epub_private.h"

/* ---- helpers --------------------------------------------------------- */

static galley_node *add_text(galley_node *parent, galley_node_type type,
                             const char *text)
{
  galley_node *n = galley_node_new(type);
  if (text)
    galley_node_append_text(n, text, strlen(text));
  OK(galley_node_append_child(parent, n));
  return n;
}

static galley_node *add_heading(galley_node *parent, int level, const char *text)
{
  galley_node *h = add_text(parent, GALLEY_NODE_HEADING, text);
  galley_node_set_level(h, level);
  return h;
}

/* A sink that counts its calls and keeps the bytes. */
typedef struct mem_sink {
  galley_buf buf;
  int calls;
} mem_sink;

static galley_status mem_write(void *ctx, const unsigned char *data, size_t len,
                               galley_error *err)
{
  mem_sink *m = ctx;
  (void)err;
  m->calls++;
  galley_buf_put(&m->buf, data, len);
  return GALLEY_OK;
}

static galley_write_options options(long long epoch)
{
  static const char css[] =
      "@font-face { font-family: X; src: url(../fonts/X.otf); }\n"
      "p { margin: 0; }\n";
  galley_write_options o;
  memset(&o, 0, sizeof o);
  o.style_css = css;
  o.style_css_len = sizeof css - 1;
  o.source_date_epoch = epoch;
  return o;
}

/* Writes `doc` into *out (caller frees with galley_buf_free). */
static galley_status write_epub(const galley_doc *doc, const galley_write_options *o,
                                mem_sink *out, galley_error *err,
                                galley_diag *diag)
{
  galley_sink sink;
  memset(out, 0, sizeof *out);
  sink.write = mem_write;
  sink.ctx = out;
  galley_error_clear(err);
  return galley_write_epub(doc, o, &sink, diag, err);
}

/* An archive opened over the bytes of `m`; caller zip_discard()s it. */
static zip_t *open_zip(const mem_sink *m)
{
  zip_error_t ze;
  zip_source_t *src;
  zip_t *za;
  zip_error_init(&ze);
  src = zip_source_buffer_create(m->buf.ptr, m->buf.len, 0, &ze);
  za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
  if (!za && src)
    zip_source_free(src);
  zip_error_fini(&ze);
  return za;
}

/* The entry `name` as a NUL-terminated string (caller frees), or NULL. */
static char *entry(zip_t *za, const char *name)
{
  zip_stat_t st;
  zip_file_t *f;
  char *data;
  if (!za || zip_stat(za, name, 0, &st) < 0)
    return NULL;
  f = zip_fopen(za, name, 0);
  if (!f)
    return NULL;
  data = calloc(1, (size_t)st.size + 1);
  if (zip_fread(f, data, st.size) != (zip_int64_t)st.size) {
    free(data);
    data = NULL;
  }
  zip_fclose(f);
  return data;
}

static int contains(const char *hay, const char *needle)
{
  return hay && strstr(hay, needle) != NULL;
}

static int count_of(const char *hay, const char *needle)
{
  int n = 0;
  while (hay && (hay = strstr(hay, needle)) != NULL) {
    n++;
    hay += strlen(needle);
  }
  return n;
}

/* A document using every block and inline type. */
static galley_doc *sample_doc(void)
{
  galley_doc *doc = galley_doc_new();
  galley_node *root = galley_doc_get_root(doc);
  galley_node *p, *fig, *q, *list, *item, *link, *em, *d, *code;
  galley_meta *m = galley_doc_get_meta(doc);

  galley_meta_set(m, "title", "Kazakhstan & the <OSCE>");
  galley_meta_add(m, "author", "Ann \"Q\" Writer");
  galley_meta_set(m, "date", "Jan. 30, 1992");
  galley_meta_set(m, "language", "en-GB");
  galley_meta_set(m, "keywords", "osce, diplomacy , ");
  galley_doc_sync_title_block(doc);

  p = add_text(root, GALLEY_NODE_PARAGRAPH, NULL);
  d = add_text(p, GALLEY_NODE_DATELINE, "ASTANA");
  (void)d;
  {
    static const char lede[] =
        " \xE2\x80\x93 Thirty-four years ago <script>alert(1)</script> ]]> & \"so\".";
    galley_node_append_text(p, lede, sizeof lede - 1);
  }
  add_heading(root, 1, "Concrete examples at work");
  fig = galley_node_new(GALLEY_NODE_FIGURE);
  add_text(fig, GALLEY_NODE_CAPTION, "Alexey Rogov assumed his duties.");
  add_text(fig, GALLEY_NODE_CREDIT, "Photo credit: Fatima Kemelova");
  OK(galley_node_append_child(root, fig));
  fig = galley_node_new(GALLEY_NODE_FIGURE);
  add_text(fig, GALLEY_NODE_CREDIT, "Photo credit: The Astana Times");
  OK(galley_node_append_child(root, fig));
  add_heading(root, 3, "A deeper level");
  add_heading(root, 2, "Back up");
  q = add_text(root, GALLEY_NODE_BLOCK_QUOTE, NULL);
  add_text(q, GALLEY_NODE_PARAGRAPH, "Quoted.");
  list = galley_node_new(GALLEY_NODE_LIST);
  galley_node_set_list(list, 1, 3, 0);
  item = add_text(list, GALLEY_NODE_ITEM, NULL);
  add_text(item, GALLEY_NODE_PARAGRAPH, "third");
  OK(galley_node_append_child(root, list));
  list = galley_node_new(GALLEY_NODE_LIST);
  galley_node_set_list(list, 0, 1, 0);
  item = add_text(list, GALLEY_NODE_ITEM, NULL);
  add_text(item, GALLEY_NODE_PARAGRAPH, "loose one");
  add_text(item, GALLEY_NODE_PARAGRAPH, "loose more");
  OK(galley_node_append_child(root, list));
  list = galley_node_new(GALLEY_NODE_LIST);
  galley_node_set_list(list, 0, 1, 1);
  item = add_text(list, GALLEY_NODE_ITEM, NULL);
  add_text(item, GALLEY_NODE_PARAGRAPH, "tight");
  OK(galley_node_append_child(root, list));
  code = galley_node_new(GALLEY_NODE_CODE_BLOCK);
  galley_node_set_literal(code, "a < b && c\n", 11);
  galley_node_set_title(code, "c");
  OK(galley_node_append_child(root, code));
  OK(galley_node_append_child(root, galley_node_new(GALLEY_NODE_THEMATIC_BREAK)));
  p = add_text(root, GALLEY_NODE_PARAGRAPH, "See ");
  link = add_text(p, GALLEY_NODE_LINK, "the examples");
  galley_node_set_url(link, "#concrete-examples-at-work");
  galley_node_append_text(p, ", ", 2);
  link = add_text(p, GALLEY_NODE_LINK, "the site");
  galley_node_set_url(link, "https://example.org/a b?x=1&y=\"2\"");
  galley_node_append_text(p, ", ", 2);
  link = add_text(p, GALLEY_NODE_LINK, "evil");
  galley_node_set_url(link, "javascript:alert(1)");
  galley_node_set_line(link, 42);
  galley_node_append_text(p, ", ", 2);
  link = add_text(p, GALLEY_NODE_LINK, "nowhere");
  galley_node_set_url(link, "#no-such-heading");
  em = add_text(p, GALLEY_NODE_EMPH, "em");
  add_text(em, GALLEY_NODE_STRONG, "strong");
  add_text(p, GALLEY_NODE_SMALLCAPS, "caps");
  code = galley_node_new(GALLEY_NODE_CODE);
  galley_node_set_literal(code, "x<y", 3);
  OK(galley_node_append_child(p, code));
  OK(galley_node_append_child(p, galley_node_new(GALLEY_NODE_LINEBREAK)));
  galley_node_append_text(p, "end", 3);
  galley_doc_assign_ids(doc);
  return doc;
}

/* ---- image module ---------------------------------------------------- */

/* A whole 1x2 RGBA PNG: IHDR, IDAT (two transparent pixels), IEND, with
 * correct CRCs (galley_image_check verifies them). */
static const unsigned char png_1x2[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x99, 0x81, 0xB6, 0x27, 0x00, 0x00, 0x00, 0x0B, 0x49, 0x44, 0x41,
    0x54, 0x78, 0xDA, 0x63, 0x60, 0x80, 0x01, 0x00, 0x00, 0x0A, 0x00, 0x01,
    0xEC, 0x24, 0x03, 0xB9, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44,
    0xAE, 0x42, 0x60, 0x82};

static void test_image_sniff(void)
{
  galley_image_info info;
  galley_error err;
  /* JPEG: SOI, an APP0 segment, then SOF0 with height 300, width 400 */
  static const unsigned char jpeg[] = {
      0xFF, 0xD8, 0xFF, 0xE0, 0, 6, 'J', 'F', 'I', 'F', 0xFF, 0xFF, 0xC0, 0, 11,
      8, 0x01, 0x2C, 0x01, 0x90, 3, 1, 0x22, 0};
  static const unsigned char gif[] = {'G', 'I', 'F', '8', '9', 'a', 10, 0, 20, 0};
  unsigned char big[sizeof png_1x2];

  galley_error_clear(&err);
  INT_EQ(galley_image_sniff(png_1x2, sizeof png_1x2, &info, &err), GALLEY_OK);
  INT_EQ(info.type, GALLEY_IMAGE_PNG);
  STR_EQ(info.media_type, "image/png");
  INT_EQ(info.width, 1);
  INT_EQ(info.height, 2);
  INT_EQ(galley_image_sniff(jpeg, sizeof jpeg, &info, &err), GALLEY_OK);
  INT_EQ(info.type, GALLEY_IMAGE_JPEG);
  STR_EQ(info.extension, "jpg");
  INT_EQ(info.width, 400);
  INT_EQ(info.height, 300);
  INT_EQ(galley_image_sniff(gif, sizeof gif, &info, &err), GALLEY_OK);
  INT_EQ(info.width, 10);
  INT_EQ(info.height, 20);

  /* a PNG named .jpg is still a PNG: only the bytes count; text is none */
  INT_EQ(galley_image_sniff((const unsigned char *)"<svg/>", 6, &info, &err),
         GALLEY_ERR_DATA);
  OK(contains(err.message, "not a PNG"));
  galley_error_clear(&err);
  INT_EQ(galley_image_sniff(png_1x2, 20, &info, &err), GALLEY_ERR_DATA);
  OK(contains(err.message, "truncated"));
  galley_error_clear(&err);
  INT_EQ(galley_image_sniff(jpeg, 12, &info, &err), GALLEY_ERR_DATA);

  /* oversized headers: 20001 a side, then 15000 x 15000 (225 MP) */
  memcpy(big, png_1x2, sizeof big);
  big[18] = 0x4E;
  big[19] = 0x21; /* width 20001 */
  galley_error_clear(&err);
  INT_EQ(galley_image_sniff(big, sizeof big, &info, &err), GALLEY_ERR_DATA);
  OK(contains(err.message, "too large"));
  big[18] = 0x3A;
  big[19] = 0x98; /* 15000 */
  big[22] = 0x3A;
  big[23] = 0x98;
  galley_error_clear(&err);
  INT_EQ(galley_image_sniff(big, sizeof big, &info, &err), GALLEY_ERR_DATA);
  big[18] = 0x27;
  big[19] = 0x10; /* 10000 x 10000 = 100 MP: allowed */
  big[22] = 0x27;
  big[23] = 0x10;
  INT_EQ(galley_image_sniff(big, sizeof big, &info, NULL), GALLEY_OK);
  big[19] = 0; /* zero height */
  big[22] = 0;
  big[23] = 0;
  INT_EQ(galley_image_sniff(big, sizeof big, &info, NULL), GALLEY_ERR_DATA);
}

static void write_file(const char *path, const void *data, size_t len)
{
  FILE *f = fopen(path, "wb");
  OK(f != NULL);
  if (!f)
    return;
  fwrite(data, 1, len, f);
  fclose(f);
}

/* A fresh directory tree for path tests: DIR/res/{a.png, sub dir/b.jpg
 * (really a PNG), out -> ../secret.png}, DIR/secret.png. */
static char *make_tree(void)
{
  char tmpl[] = "/tmp/galley-epub-test-XXXXXX";
  char *dir = mkdtemp(tmpl);
  galley_buf b = GALLEY_BUF_INIT;
  OK(dir != NULL);
  if (!dir)
    return NULL;
  galley_buf_printf(&b, "%s/res", dir);
  mkdir(b.ptr, 0777);
  galley_buf_clear(&b);
  galley_buf_printf(&b, "%s/res/sub dir", dir);
  mkdir(b.ptr, 0777);
  galley_buf_clear(&b);
  galley_buf_printf(&b, "%s/res/a.png", dir);
  write_file(b.ptr, png_1x2, sizeof png_1x2);
  galley_buf_clear(&b);
  galley_buf_printf(&b, "%s/res/sub dir/b.jpg", dir);
  write_file(b.ptr, png_1x2, sizeof png_1x2);
  galley_buf_clear(&b);
  galley_buf_printf(&b, "%s/secret.png", dir);
  write_file(b.ptr, png_1x2, sizeof png_1x2);
  galley_buf_clear(&b);
  galley_buf_printf(&b, "%s/res/out.png", dir);
  OK(symlink("../secret.png", b.ptr) == 0);
  galley_buf_clear(&b);
  galley_buf_printf(&b, "%s/res/bad.png", dir);
  write_file(b.ptr, "GIF8", 4);
  galley_buf_free(&b);
  return strdup(dir);
}

static void remove_tree(const char *dir)
{
  galley_buf b = GALLEY_BUF_INIT;
  const char *files[] = {"res/a.png", "res/sub dir/b.jpg", "res/out.png",
                         "res/bad.png", "secret.png", "res/sub dir", "res"};
  size_t i;
  for (i = 0; i < sizeof files / sizeof *files; i++) {
    galley_buf_clear(&b);
    galley_buf_printf(&b, "%s/%s", dir, files[i]);
    remove(b.ptr);
  }
  remove(dir);
  galley_buf_free(&b);
}

static void test_image_paths(void)
{
  char *dir = make_tree();
  galley_buf res = GALLEY_BUF_INIT;
  galley_error err;
  galley_image img;
  const char *rd[2] = {NULL, NULL};
  char *p;
  if (!dir)
    return;
  galley_buf_printf(&res, "%s/res", dir);
  rd[0] = res.ptr;

  galley_error_clear(&err);
  p = galley_image_resolve(rd, "a.png", &err);
  OK(p != NULL && contains(p, "/res/a.png"));
  free(p);
  p = galley_image_resolve(rd, "./sub%20dir/b.jpg", &err);
  OK(p != NULL);
  free(p);
  INT_EQ(err.code, GALLEY_OK);

  INT_EQ(galley_image_load(rd, "sub dir/b.jpg", &img, &err), GALLEY_OK);
  INT_EQ(img.info.type, GALLEY_IMAGE_PNG); /* the extension lies */
  INT_EQ((long long)img.len, (long long)sizeof png_1x2);
  galley_image_release(&img);
  galley_image_release(NULL);

  p = galley_image_resolve(rd, "../secret.png", &err);
  OK(p == NULL);
  INT_EQ(err.code, GALLEY_ERR_DATA);
  OK(contains(err.message, ".."));
  galley_error_clear(&err);
  p = galley_image_resolve(rd, "sub dir/../../secret.png", &err);
  OK(p == NULL);
  INT_EQ(err.code, GALLEY_ERR_DATA);
  galley_error_clear(&err);
  p = galley_image_resolve(rd, "%2e%2e/secret.png", &err);
  OK(p == NULL);
  INT_EQ(err.code, GALLEY_ERR_DATA);
  galley_error_clear(&err);
  p = galley_image_resolve(rd, "/etc/passwd", &err);
  OK(p == NULL);
  OK(contains(err.message, "absolute"));
  galley_error_clear(&err);
  p = galley_image_resolve(rd, "out.png", &err); /* symlink outside */
  OK(p == NULL);
  INT_EQ(err.code, GALLEY_ERR_DATA);
  OK(contains(err.message, "outside"));
  galley_error_clear(&err);
  p = galley_image_resolve(rd, "https://example.org/a.png", &err);
  OK(p == NULL);
  INT_EQ(err.code, GALLEY_ERR_DATA);
  galley_error_clear(&err);
  p = galley_image_resolve(rd, "missing.png", &err);
  OK(p == NULL);
  INT_EQ(err.code, GALLEY_ERR_NOINPUT);
  OK(contains(err.message, "not found"));
  galley_error_clear(&err);
  p = galley_image_resolve(rd, "sub dir", &err); /* a directory */
  OK(p == NULL);
  INT_EQ(err.code, GALLEY_ERR_NOINPUT);
  galley_error_clear(&err);
  p = galley_image_resolve(NULL, "a.png", &err);
  OK(p == NULL);
  INT_EQ(err.code, GALLEY_ERR_DATA);
  galley_error_clear(&err);
  INT_EQ(galley_image_load(rd, "bad.png", &img, &err), GALLEY_ERR_DATA);
  OK(img.data == NULL && img.path == NULL);
  OK(contains(err.message, "bad.png"));

  galley_buf_free(&res);
  remove_tree(dir);
  free(dir);
}

/* ---- the container and the content ----------------------------------- */

static void test_container(void)
{
  galley_doc *doc = sample_doc();
  galley_write_options o = options(1700000000);
  mem_sink m;
  galley_error err;
  zip_t *za;
  zip_stat_t st;
  char *s;

  INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_OK);
  INT_EQ(m.calls, 1);
  /* OCF: "mimetype" is the first local header, stored, no extra field */
  OK(m.buf.len > 38 && memcmp(m.buf.ptr, "PK\3\4", 4) == 0);
  INT_EQ((unsigned char)m.buf.ptr[8] | ((unsigned char)m.buf.ptr[9] << 8), 0);
  INT_EQ((unsigned char)m.buf.ptr[26], 8);  /* name length */
  INT_EQ((unsigned char)m.buf.ptr[28] | ((unsigned char)m.buf.ptr[29] << 8), 0);
  OK(memcmp(m.buf.ptr + 30, "mimetypeapplication/epub+zip", 28) == 0);
  za = open_zip(&m);
  OK(za != NULL);
  OK(zip_stat_index(za, 0, 0, &st) == 0 && strcmp(st.name, "mimetype") == 0);
  OK(zip_stat_index(za, 1, 0, &st) == 0 &&
     strcmp(st.name, "META-INF/container.xml") == 0);
  OK(zip_stat(za, "OEBPS/toc.ncx", 0, &st) == 0);
  OK(zip_stat(za, "OEBPS/nav.xhtml", 0, &st) == 0);
  s = entry(za, "META-INF/container.xml");
  OK(contains(s, "full-path=\"OEBPS/content.opf\""));
  free(s);
  /* the style sheet without the @font-face rule pointing outside */
  s = entry(za, "OEBPS/style.css");
  OK(contains(s, "p {\n  margin: 0;\n}\n"));
  OK(!contains(s, "font-face") && !contains(s, "url("));
  free(s);
  zip_discard(za);
  galley_buf_free(&m.buf);
  galley_doc_free(doc);
}

static void test_content(void)
{
  galley_doc *doc = sample_doc();
  galley_write_options o = options(1700000000);
  galley_diag *diag = galley_diag_new();
  mem_sink m;
  galley_error err;
  zip_t *za;
  char *x;
  int i, line, warned_js = 0;

  INT_EQ(write_epub(doc, &o, &m, &err, diag), GALLEY_OK);
  za = open_zip(&m);
  x = entry(za, "OEBPS/chapter-0001.xhtml");
  OK(x != NULL);
  OK(contains(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>"));
  OK(contains(x, "xmlns=\"http://www.w3.org/1999/xhtml\""));
  OK(contains(x, "xmlns:epub=\"http://www.idpf.org/2007/ops\""));
  OK(contains(x, "lang=\"en-GB\" xml:lang=\"en-GB\""));
  OK(contains(x, "<title>Kazakhstan &amp; the &lt;OSCE&gt;</title>"));
  OK(contains(x, "<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>"));
  OK(contains(x, "<header class=\"titleblock\" epub:type=\"frontmatter titlepage\">\n"
                 "<h1 class=\"title\">Kazakhstan "
                 "&amp; the &lt;OSCE&gt;</h1>"));
  OK(contains(x, "<p class=\"byline\">By Ann &quot;Q&quot; Writer</p>"));
  OK(contains(x, "<p class=\"byline date\">Jan. 30, 1992</p>"));
  /* the text starts after the title page: the bodymatter landmark's target */
  OK(contains(x, "</header>\n<p id=\"text_start\" class=\"dateline-para\">"
                 "<span class=\"dateline\">ASTANA</span> "
                 "\xE2\x80\x93 Thirty-four"));
  /* escaped text: no markup from the article survives */
  OK(contains(x, "&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; &quot;so&quot;."));
  OK(!contains(x, "<script"));
  OK(contains(x, "<h2 id=\"concrete-examples-at-work\">Concrete examples at work</h2>"));
  OK(contains(x, "<h4 id=\"a-deeper-level\">"));
  OK(contains(x, "<h3 id=\"back-up\">"));
  OK(contains(x, "<figure>\n<figcaption>Alexey Rogov assumed his duties. "
                 "<span class=\"credit\">Photo credit: Fatima Kemelova</span>"
                 "</figcaption>\n</figure>"));
  OK(contains(x, "<div class=\"figure credit-only\">\n<p class=\"credit\">Photo "
                 "credit: The Astana Times</p>\n</div>"));
  OK(count_of(x, "<figure>") == 1);
  OK(contains(x, "<blockquote>\n<p>Quoted.</p>\n</blockquote>"));
  /* a loose item of one paragraph is that paragraph: no <p>, the list's
   * class carries the looseness */
  OK(contains(x, "<ol class=\"loose\" start=\"3\">\n<li>third</li>\n</ol>"));
  OK(contains(x, "<ul>\n<li>tight</li>\n</ul>"));
  /* a loose item of several blocks: its first paragraph is the item's
   * own text, beside its marker; a later one keeps its <p> */
  OK(contains(x, "<ul class=\"loose\">\n<li>loose one\n<p>loose more</p>\n</li>\n</ul>"));
  OK(contains(x, "<pre><code class=\"language-c\">a &lt; b &amp;&amp; c\n</code></pre>"));
  OK(contains(x, "<hr/>"));
  OK(contains(x, "<a href=\"#concrete-examples-at-work\">the examples</a>"));
  OK(contains(x, "<a href=\"https://example.org/a%20b?x=1&amp;y=%222%22\">the site</a>"));
  OK(!contains(x, "javascript"));
  OK(contains(x, ", evil, nowhere"));
  OK(contains(x, "<em>em<strong>strong</strong></em><span class=\"smallcaps\">caps"
                 "</span><code>x&lt;y</code><br/>\nend</p>"));
  for (i = 0; i < galley_diag_get_count(diag); i++)
    if (contains(galley_diag_get(diag, i, &line, NULL), "javascript") && line == 42)
      warned_js = 1;
  OK(warned_js);
  free(x);
  zip_discard(za);
  galley_buf_free(&m.buf);
  galley_diag_free(diag);
  galley_doc_free(doc);
}

/* The cover made when the metadata names none: an SVG, the package's
 * cover-image, shown by the first document of the spine, holding the
 * title and author escaped; --no-cover, `cover: none` and a title that is
 * only the "Untitled" fallback leave it out. */
static void test_generated_cover(void)
{
  static const char css[] =
      "h1 { font-family: \"Noto Sans\", sans-serif; font-weight: bold; }\n"
      "@media print { h1.title { color: #102a43; } }\n"
      "@media screen { h1.title { color: #ff0000; } }\n"
      "p.byline { font-variant: small-caps; }\n";
  galley_doc *doc = sample_doc();
  galley_write_options o = options(1700000000);
  mem_sink m;
  galley_error err;
  zip_t *za;
  char *opf, *svg, *x, *nav;
  int pass;

  o.style_css = css;
  o.style_css_len = sizeof css - 1;
  INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_OK);
  za = open_zip(&m);
  opf = entry(za, "OEBPS/content.opf");
  svg = entry(za, "OEBPS/cover.svg");
  x = entry(za, "OEBPS/cover.xhtml");
  OK(contains(opf, "<item id=\"cover-image\" href=\"cover.svg\" "
                   "media-type=\"image/svg+xml\" properties=\"cover-image\"/>"));
  OK(count_of(opf, "properties=\"cover-image\"") == 1);
  OK(contains(opf, "<meta name=\"cover\" content=\"cover-image\"/>"));
  OK(contains(opf, "<spine toc=\"ncx\">\n    <itemref idref=\"cover\"/>\n"));
  OK(contains(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
  OK(contains(svg, "xml:lang=\"en-GB\">"));
  OK(!contains(svg, "direction="));
  OK(contains(svg, "<title>Kazakhstan &amp; the &lt;OSCE&gt; \xe2\x80\x94 "
                   "Ann &quot;Q&quot; Writer</title>"));
  /* the title's lines, then the byline's, in the style's faces: the
   * print colour, not the screen's */
  OK(contains(svg, "font-family=\"&quot;Noto Sans&quot;, sans-serif\""));
  OK(contains(svg, "font-weight=\"700\" fill=\"#102a43\""));
  OK(!contains(svg, "#ff0000"));
  OK(contains(svg, "&lt;OSCE&gt;</text>"));
  OK(contains(svg, ">Ann &quot;Q&quot; Writer</text>"));
  OK(contains(svg, "font-variant=\"small-caps\""));
  OK(!contains(svg, "<image") && !contains(svg, "foreignObject"));
  OK(contains(x, "<body epub:type=\"cover\">"));
  OK(contains(x, "<img role=\"doc-cover\" src=\"cover.svg\""));
  OK(contains(x, "alt=\"Kazakhstan &amp; the &lt;OSCE&gt; \xe2\x80\x94 Ann &quot;Q&quot; Writer\""));
  free(opf);
  free(svg);
  free(x);
  zip_discard(za);
  galley_buf_free(&m.buf);

  /* Off: by option, by `cover: none`, and for a title nothing prints. */
  for (pass = 0; pass < 3; pass++) {
    galley_write_options off = o;
    if (pass == 0)
      off.flags |= GALLEY_OPT_NO_COVER;
    else if (pass == 1)
      galley_meta_set(galley_doc_get_meta(doc), "cover", "None");
    else {
      galley_meta_remove(galley_doc_get_meta(doc), "cover");
      galley_doc_set_title_shown(doc, 0);
    }
    INT_EQ(write_epub(doc, &off, &m, &err, NULL), GALLEY_OK);
    za = open_zip(&m);
    opf = entry(za, "OEBPS/content.opf");
    svg = entry(za, "OEBPS/cover.svg");
    OK(opf != NULL);
    OK(svg == NULL);
    OK(entry(za, "OEBPS/cover.xhtml") == NULL);
    OK(!contains(opf, "cover"));
    nav = entry(za, "OEBPS/nav.xhtml");
    x = entry(za, "OEBPS/chapter-0001.xhtml");
    OK(!contains(nav, "epub:type=\"cover\""));
    /* the title page's landmark exactly when there is one */
    OK(contains(nav, "<a epub:type=\"titlepage\" href=\"chapter-0001.xhtml\">") ==
       contains(x, "epub:type=\"frontmatter titlepage\""));
    free(nav);
    free(x);
    OK(contains(opf, "<spine toc=\"ncx\">\n    <itemref idref=\"chapter-0001\"/>"));
    free(opf);
    zip_discard(za);
    galley_buf_free(&m.buf);
  }
  galley_doc_free(doc);

  /* A right-to-left title: the drawing says its language and direction. */
  doc = sample_doc();
  galley_meta_set(galley_doc_get_meta(doc), "title", "\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8");
  galley_meta_set(galley_doc_get_meta(doc), "language", "ar");
  INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_OK);
  za = open_zip(&m);
  svg = entry(za, "OEBPS/cover.svg");
  OK(contains(svg, "xml:lang=\"ar\" direction=\"rtl\">"));
  OK(contains(svg, ">\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8</text>"));
  free(svg);
  zip_discard(za);
  galley_buf_free(&m.buf);
  galley_doc_free(doc);
}

static void test_package(void)
{
  galley_doc *doc = sample_doc();
  galley_write_options o = options(1700000000);
  mem_sink m;
  galley_error err;
  zip_t *za;
  char *opf, *nav, *ncx;

  INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_OK);
  za = open_zip(&m);
  opf = entry(za, "OEBPS/content.opf");
  OK(contains(opf, "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
                   "unique-identifier=\"pub-id\" xml:lang=\"en-GB\">"));
  OK(contains(opf, "<dc:identifier id=\"pub-id\">urn:uuid:"));
  OK(contains(opf, "<dc:title id=\"title\">Kazakhstan &amp; the &lt;OSCE&gt;</dc:title>"));
  OK(contains(opf, "<dc:language>en-GB</dc:language>"));
  OK(contains(opf, ">Ann &quot;Q&quot; Writer</dc:creator>"));
  OK(contains(opf, "<dc:date>1992-01-30</dc:date>"));
  OK(contains(opf, "<dc:subject>osce</dc:subject>"));
  OK(contains(opf, "<dc:subject>diplomacy</dc:subject>"));
  OK(count_of(opf, "<dc:subject>") == 2);
  OK(count_of(opf, "dcterms:modified") == 1);
  OK(contains(opf, "<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"));
  OK(contains(opf, "schema:accessMode\">textual<"));
  OK(!contains(opf, "schema:accessMode\">visual<")); /* no images */
  OK(contains(opf, "schema:accessModeSufficient\">textual<"));
  OK(contains(opf, "accessibilityFeature\">structuralNavigation<"));
  OK(contains(opf, "accessibilityFeature\">tableOfContents<"));
  OK(contains(opf, "accessibilityFeature\">readingOrder<"));
  OK(!contains(opf, "alternativeText"));
  OK(contains(opf, "accessibilityHazard\">none<"));
  OK(contains(opf, "schema:accessibilitySummary"));
  OK(!contains(opf, "conformsTo"));
  OK(contains(opf, "properties=\"nav\""));
  /* the generated cover first (test_generated_cover), then the text */
  OK(contains(opf, "<spine toc=\"ncx\">\n    <itemref idref=\"cover\"/>\n"
                   "    <itemref idref=\"chapter-0001\"/>"));

  nav = entry(za, "OEBPS/nav.xhtml");
  /* the start, then headings nested by level (1 > 3 nests one deeper) */
  OK(contains(nav, "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">"));
  OK(contains(nav, "<li><a href=\"chapter-0001.xhtml\">Kazakhstan &amp; the "
                   "&lt;OSCE&gt;</a></li>\n"
                   "<li><a href=\"chapter-0001.xhtml#concrete-examples-at-work\">"
                   "Concrete examples at work</a>\n<ol>\n"
                   "<li><a href=\"chapter-0001.xhtml#a-deeper-level\">A deeper "
                   "level</a></li>\n"
                   "<li><a href=\"chapter-0001.xhtml#back-up\">Back up</a></li>\n"
                   "</ol>\n</li>\n</ol>"));
  OK(contains(nav, "epub:type=\"landmarks\""));
  /* landmarks in reading order: cover, title page, contents, the text */
  OK(contains(nav, "<ol>\n<li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>\n"
                   "<li><a epub:type=\"titlepage\" href=\"chapter-0001.xhtml\">Title "
                   "Page</a></li>\n<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">"));
  OK(contains(nav, "<a epub:type=\"bodymatter\" href=\"chapter-0001.xhtml#text_start\">"));
  OK(!contains(nav, "<ol>\n</ol>"));

  ncx = entry(za, "OEBPS/toc.ncx");
  OK(contains(ncx, "<meta name=\"dtb:depth\" content=\"2\"/>"));
  INT_EQ(count_of(ncx, "<navPoint "), 4);
  INT_EQ(count_of(ncx, "</navPoint>"), 4);
  OK(contains(ncx, "content src=\"chapter-0001.xhtml#back-up\""));
  free(opf);
  free(nav);
  free(ncx);
  zip_discard(za);
  galley_buf_free(&m.buf);
  galley_doc_free(doc);
}

/* ---- reproducibility --------------------------------------------------- */

static void test_reproducible(void)
{
  galley_doc *doc = sample_doc();
  galley_write_options o = options(1700000000);
  mem_sink a, b, c;
  galley_error err;
  zip_t *za, *zc;
  char *opf_a, *opf_c;
  const char *id_a, *id_c;

  INT_EQ(write_epub(doc, &o, &a, &err, NULL), GALLEY_OK);
  setenv("TZ", "Pacific/Kiritimati", 1); /* UTC+14: DOS times must not move */
  tzset();
  INT_EQ(write_epub(doc, &o, &b, &err, NULL), GALLEY_OK);
  unsetenv("TZ");
  tzset();
  OK(a.buf.len == b.buf.len && memcmp(a.buf.ptr, b.buf.ptr, a.buf.len) == 0);
  /* another time: other bytes, the same identifier */
  o.source_date_epoch = 1800000000;
  INT_EQ(write_epub(doc, &o, &c, &err, NULL), GALLEY_OK);
  OK(!(a.buf.len == c.buf.len && memcmp(a.buf.ptr, c.buf.ptr, a.buf.len) == 0));
  za = open_zip(&a);
  zc = open_zip(&c);
  opf_a = entry(za, "OEBPS/content.opf");
  opf_c = entry(zc, "OEBPS/content.opf");
  id_a = opf_a ? strstr(opf_a, "urn:uuid:") : NULL;
  id_c = opf_c ? strstr(opf_c, "urn:uuid:") : NULL;
  OK(id_a && id_c && strncmp(id_a, id_c, 45) == 0);
  /* version 5 layout: xxxxxxxx-xxxx-5xxx-[89ab]xxx-xxxxxxxxxxxx */
  OK(id_a && id_a[9 + 14] == '5' && strchr("89ab", id_a[9 + 19]) != NULL);
  free(opf_a);
  free(opf_c);
  zip_discard(za);
  zip_discard(zc);
  galley_buf_free(&a.buf);
  galley_buf_free(&b.buf);
  galley_buf_free(&c.buf);

  /* a changed article gets another identifier */
  {
    galley_doc *d2 = sample_doc();
    mem_sink e;
    zip_t *ze;
    char *opf_e;
    o.source_date_epoch = 1700000000;
    galley_meta_set(galley_doc_get_meta(d2), "title", "Another title");
    INT_EQ(write_epub(d2, &o, &e, &err, NULL), GALLEY_OK);
    INT_EQ(write_epub(doc, &o, &a, &err, NULL), GALLEY_OK);
    ze = open_zip(&e);
    za = open_zip(&a);
    opf_e = entry(ze, "OEBPS/content.opf");
    opf_a = entry(za, "OEBPS/content.opf");
    OK(opf_e && opf_a &&
       strncmp(strstr(opf_e, "urn:uuid:"), strstr(opf_a, "urn:uuid:"), 45) != 0);
    free(opf_e);
    free(opf_a);
    zip_discard(ze);
    zip_discard(za);
    galley_buf_free(&e.buf);
    galley_buf_free(&a.buf);
    galley_doc_free(d2);
  }
  galley_doc_free(doc);
}

/* ---- a stable identifier ------------------------------------------------ */

/* The dc:identifier of the EPUB made from doc, into out (64 bytes); "" when
 * none is found. */
static void identifier_of(galley_doc *doc, char *out)
{
  galley_write_options o = options(1700000000);
  galley_error err;
  mem_sink m;
  zip_t *za;
  char *opf, *p, *q;
  out[0] = '\0';
  if (write_epub(doc, &o, &m, &err, NULL) != GALLEY_OK)
    return;
  za = open_zip(&m);
  opf = za ? entry(za, "OEBPS/content.opf") : NULL;
  p = opf ? strstr(opf, "<dc:identifier id=\"pub-id\">") : NULL;
  q = p ? strstr(p, "</dc:identifier>") : NULL;
  if (p && q) {
    p += strlen("<dc:identifier id=\"pub-id\">");
    if (q - p < 64) {
      memcpy(out, p, (size_t)(q - p));
      out[q - p] = '\0';
    }
  }
  free(opf);
  if (za)
    zip_discard(za);
  galley_buf_free(&m.buf);
}

static void test_identifier(void)
{
  galley_doc *doc = sample_doc();
  galley_meta *m = galley_doc_get_meta(doc);
  char base[64], id[64];

  identifier_of(doc, base);
  OK(strncmp(base, "urn:uuid:", 9) == 0 && strlen(base) == 45);
  /* a corrected text keeps the book's identity */
  add_text(galley_doc_get_root(doc), GALLEY_NODE_PARAGRAPH, "An added paragraph, with a comma.");
  identifier_of(doc, id);
  STR_EQ(id, base);
  /* as does the title written with other spaces and case */
  galley_meta_set(m, "title", "  KAZAKHSTAN &\tthe   <osce> ");
  identifier_of(doc, id);
  STR_EQ(id, base);
  /* another title, author, language or publisher is another book */
  galley_meta_set(m, "title", "Kazakhstan and the OSCE");
  identifier_of(doc, id);
  OK(strcmp(id, base) != 0 && strncmp(id, "urn:uuid:", 9) == 0);
  galley_meta_set(m, "title", "Kazakhstan & the <OSCE>");
  galley_meta_set(m, "author", "Ann Writer");
  identifier_of(doc, id);
  OK(strcmp(id, base) != 0);
  galley_meta_set(m, "author", "Ann \"Q\" Writer");
  galley_meta_add(m, "author", "Bob Second");
  identifier_of(doc, id);
  OK(strcmp(id, base) != 0);
  galley_meta_remove(m, "author");
  galley_meta_add(m, "author", "Ann \"Q\" Writer");
  identifier_of(doc, id);
  STR_EQ(id, base);
  galley_meta_set(m, "language", "kk");
  identifier_of(doc, id);
  OK(strcmp(id, base) != 0);
  galley_meta_set(m, "language", "en-GB");
  galley_meta_set(m, "publisher", "The Astana Times");
  identifier_of(doc, id);
  OK(strcmp(id, base) != 0);
  /* known answer (Python: uuid5 over the namespace, "book", then each
   * field trimmed, spaces collapsed, case-folded, and ended by U+001F) */
  {
    galley_doc *k = galley_doc_new();
    galley_meta *km = galley_doc_get_meta(k);
    char kid[64];
    galley_meta_set(km, "title", "  THE GREAT\t  Steppe ");
    galley_meta_set(km, "author", "АБАЙ Құнанбайұлы");
    galley_meta_set(km, "language", "kk");
    add_text(galley_doc_get_root(k), GALLEY_NODE_PARAGRAPH, "Text.");
    identifier_of(k, kid);
    STR_EQ(kid, "urn:uuid:e7e8211d-31db-5bd2-bc71-09b112978cec");
    galley_doc_free(k);
  }
  /* a book named by nothing (a fallback title, no author) is known by
   * its text: two such texts are two books */
  {
    galley_doc *u1 = galley_doc_new(), *u2 = galley_doc_new();
    char id1[64], id2[64];
    galley_meta_set(galley_doc_get_meta(u1), "title", "Untitled");
    galley_meta_set(galley_doc_get_meta(u2), "title", "Untitled");
    galley_doc_set_title_shown(u1, 0);
    galley_doc_set_title_shown(u2, 0);
    add_text(galley_doc_get_root(u1), GALLEY_NODE_PARAGRAPH, "One text.");
    add_text(galley_doc_get_root(u2), GALLEY_NODE_PARAGRAPH, "Another text.");
    identifier_of(u1, id1);
    identifier_of(u2, id2);
    OK(strncmp(id1, "urn:uuid:", 9) == 0 && strcmp(id1, id2) != 0);
    galley_doc_free(u1);
    galley_doc_free(u2);
  }
  /* one given in the metadata is used as given */
  galley_meta_set(m, "identifier", "isbn:978-3-16-148410-0");
  identifier_of(doc, id);
  STR_EQ(id, "isbn:978-3-16-148410-0");
  galley_doc_free(doc);
}

/* ---- splitting and links across documents ----------------------------- */

static void test_split(void)
{
  galley_doc *doc = galley_doc_new();
  galley_node *root = galley_doc_get_root(doc), *p, *link;
  galley_write_options o = options(0);
  mem_sink m;
  galley_error err;
  zip_t *za;
  char *opf, *c1, *c3, *nav;
  galley_buf para = GALLEY_BUF_INIT;
  int s, i;

  galley_meta_set(galley_doc_get_meta(doc), "title", "Long");
  galley_doc_sync_title_block(doc);
  for (i = 0; i < 60; i++)
    galley_buf_puts(&para, "All work and no play makes a long article. ");
  add_text(root, GALLEY_NODE_PARAGRAPH, "Lede.");
  for (s = 0; s < 3; s++) {
    char title[32];
    snprintf(title, sizeof title, "Section %d", s + 1);
    add_heading(root, 1, title);
    add_heading(root, 2, "Sub");
    for (i = 0; i < 6; i++)
      add_text(root, GALLEY_NODE_PARAGRAPH, para.ptr);
  }
  p = add_text(root, GALLEY_NODE_PARAGRAPH, "Back to ");
  link = add_text(p, GALLEY_NODE_LINK, "section two");
  galley_node_set_url(link, "#section-2");
  link = add_text(p, GALLEY_NODE_LINK, "its sub");
  galley_node_set_url(link, "#sub-2");
  galley_doc_assign_ids(doc);

  INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_OK);
  za = open_zip(&m);
  opf = entry(za, "OEBPS/content.opf");
  /* the title page and lede, then one document per section */
  OK(contains(opf, "<itemref idref=\"chapter-0001\"/>\n    <itemref "
                   "idref=\"chapter-0002\"/>\n    <itemref idref=\"chapter-0003\"/>"
                   "\n    <itemref idref=\"chapter-0004\"/>\n"));
  OK(!contains(opf, "chapter-0005"));
  OK(contains(opf, "<meta property=\"dcterms:modified\">1970-01-01T00:00:00Z</meta>"));
  c1 = entry(za, "OEBPS/chapter-0001.xhtml");
  OK(contains(c1, "</header>\n<p id=\"text_start\">Lede.</p>") && !contains(c1, "Section 1"));
  c3 = entry(za, "OEBPS/chapter-0003.xhtml");
  OK(contains(c3, "<title>Section 2</title>"));
  OK(contains(c3, "<h2 id=\"section-2\">Section 2</h2>"));
  free(c3);
  c3 = entry(za, "OEBPS/chapter-0004.xhtml");
  OK(contains(c3, "<a href=\"chapter-0003.xhtml#section-2\">section two</a>"));
  OK(contains(c3, "<a href=\"chapter-0003.xhtml#sub-2\">its sub</a>"));
  nav = entry(za, "OEBPS/nav.xhtml");
  OK(contains(nav, "href=\"chapter-0004.xhtml#section-3\""));
  OK(contains(nav, "href=\"chapter-0002.xhtml#sub\""));
  free(nav);
  free(c3);
  free(c1);
  free(opf);
  zip_discard(za);
  galley_buf_free(&m.buf);
  galley_buf_free(&para);
  galley_doc_free(doc);
}

/* Many short sections share documents; none is empty. */
static void test_split_short_sections(void)
{
  galley_doc *doc = galley_doc_new();
  galley_node *root = galley_doc_get_root(doc);
  galley_write_options o = options(0);
  mem_sink m;
  galley_error err;
  zip_t *za;
  char *opf;
  int i, docs;

  for (i = 0; i < 1000; i++) {
    char t[64];
    snprintf(t, sizeof t, "Heading number %d", i + 1);
    add_heading(root, 1, t);
    add_text(root, GALLEY_NODE_PARAGRAPH, "A short section of one sentence only.");
  }
  galley_doc_assign_ids(doc);
  INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_OK);
  za = open_zip(&m);
  opf = entry(za, "OEBPS/content.opf");
  docs = count_of(opf, "<itemref idref=\"chapter-");
  /* about 60 bytes a section, at least EPUB_CHAPTER_MIN_BYTES a document */
  OK(docs > 5 && docs <= 60000 / EPUB_CHAPTER_MIN_BYTES + 1);
  free(opf);
  zip_discard(za);
  galley_buf_free(&m.buf);
  galley_doc_free(doc);
}

/* ---- tables, notes, deleted text, tasks -------------------------------- */

static galley_node *add_note_ref(galley_node *parent, int number)
{
  galley_node *r = galley_node_new(GALLEY_NODE_FOOTNOTE_REF);
  OK(galley_node_set_note_number(r, number));
  OK(galley_node_append_child(parent, r));
  return r;
}

static galley_node *add_note(galley_node *root, int number)
{
  galley_node *fn = galley_node_new(GALLEY_NODE_FOOTNOTE);
  OK(galley_node_set_note_number(fn, number));
  OK(galley_node_append_child(root, fn));
  return fn;
}

static galley_node *add_cell(galley_node *row, const char *text, galley_align a)
{
  galley_node *c = add_text(row, GALLEY_NODE_TABLE_CELL, text);
  OK(galley_node_set_align(c, a));
  return c;
}

/* An article long enough to be split in four documents (the lede, three
 * sections) with a table, notes cited across documents, from notes and
 * not at all, deleted text and a task list. */
static galley_doc *gfm_doc(void)
{
  galley_doc *doc = galley_doc_new();
  galley_node *root = galley_doc_get_root(doc), *p, *t, *row, *list, *item, *fn, *link;
  galley_buf para = GALLEY_BUF_INIT;
  int s, i;

  galley_meta_set(galley_doc_get_meta(doc), "title", "Notes and tables");
  galley_doc_sync_title_block(doc);
  for (i = 0; i < 60; i++)
    galley_buf_puts(&para, "All work and no play makes a long article. ");
  add_text(root, GALLEY_NODE_PARAGRAPH, "Lede.");
  for (s = 0; s < 3; s++) {
    char title[32];
    snprintf(title, sizeof title, "Section %d", s + 1);
    add_heading(root, 1, title);
    if (s == 0) {
      /* notes 1 and 2 cited first here, 1 twice */
      p = add_text(root, GALLEY_NODE_PARAGRAPH, "Cited");
      add_note_ref(p, 1);
      galley_node_append_text(p, " twice", 6);
      add_note_ref(p, 1);
      galley_node_append_text(p, " and ", 5);
      add_note_ref(p, 2);
      galley_node_append_text(p, ", ", 2);
      add_text(p, GALLEY_NODE_DELETE, "struck");
      galley_node_append_text(p, " and ", 5);
      link = add_text(p, GALLEY_NODE_LINK, "a link");
      galley_node_set_url(link, "https://example.org/");
      add_note_ref(link, 2); /* links do not nest: after the link */
      t = galley_node_new(GALLEY_NODE_TABLE);
      add_text(t, GALLEY_NODE_CAPTION, "Exports & imports");
      row = add_text(t, GALLEY_NODE_TABLE_ROW, NULL);
      OK(galley_node_set_row_header(row, 1));
      add_cell(row, "Item", GALLEY_ALIGN_NONE);
      add_cell(row, "Left", GALLEY_ALIGN_LEFT);
      add_cell(row, "Mid", GALLEY_ALIGN_CENTER);
      add_cell(row, "Tonnes", GALLEY_ALIGN_RIGHT);
      for (i = 0; i < 2; i++) {
        row = add_text(t, GALLEY_NODE_TABLE_ROW, NULL);
        add_cell(row, i ? "Wheat" : "Oil", GALLEY_ALIGN_NONE);
        add_cell(row, "a", GALLEY_ALIGN_LEFT);
        add_cell(row, "", GALLEY_ALIGN_CENTER);
        add_cell(row, i ? "12" : "3 400", GALLEY_ALIGN_RIGHT);
      }
      add_note_ref(galley_node_last_child(row), 2);
      OK(galley_node_append_child(root, t));
      list = galley_node_new(GALLEY_NODE_LIST);
      galley_node_set_list(list, 0, 1, 1);
      item = add_text(list, GALLEY_NODE_ITEM, NULL);
      add_text(item, GALLEY_NODE_PARAGRAPH, "open task");
      OK(galley_node_set_task(item, GALLEY_TASK_OPEN));
      item = add_text(list, GALLEY_NODE_ITEM, NULL);
      add_text(item, GALLEY_NODE_PARAGRAPH, "done task");
      OK(galley_node_set_task(item, GALLEY_TASK_DONE));
      item = add_text(list, GALLEY_NODE_ITEM, NULL);
      add_text(item, GALLEY_NODE_PARAGRAPH, "no task");
      OK(galley_node_append_child(root, list));
    }
    if (s == 1) {
      /* a later reference to note 1 (in the previous document), the
       * first to note 3 */
      p = add_text(root, GALLEY_NODE_PARAGRAPH, "Again");
      add_note_ref(p, 1);
      galley_node_append_text(p, " and new", 8);
      add_note_ref(p, 3);
    }
    for (i = 0; i < 6; i++)
      add_text(root, GALLEY_NODE_PARAGRAPH, para.ptr);
  }
  /* note 1: two paragraphs, citing note 4, which the text never cites */
  fn = add_note(root, 1);
  add_text(fn, GALLEY_NODE_PARAGRAPH, "First note.");
  p = add_text(fn, GALLEY_NODE_PARAGRAPH, "Its second paragraph");
  add_note_ref(p, 4);
  galley_node_append_text(p, ".", 1);
  /* note 2: opens with a list */
  fn = add_note(root, 2);
  list = galley_node_new(GALLEY_NODE_LIST);
  galley_node_set_list(list, 0, 1, 1);
  item = add_text(list, GALLEY_NODE_ITEM, NULL);
  add_text(item, GALLEY_NODE_PARAGRAPH, "listed");
  OK(galley_node_append_child(fn, list));
  /* note 3: a heading inside, no section of the book */
  fn = add_note(root, 3);
  add_heading(fn, 1, "Fn3 heading");
  add_text(fn, GALLEY_NODE_PARAGRAPH, "Third note.");
  /* note 4: cites note 1 back */
  fn = add_note(root, 4);
  p = add_text(fn, GALLEY_NODE_PARAGRAPH, "Fourth, see");
  add_note_ref(p, 1);
  /* note 5: nothing cites it */
  fn = add_note(root, 5);
  add_text(fn, GALLEY_NODE_PARAGRAPH, "Orphan note.");
  galley_doc_assign_ids(doc);
  galley_buf_free(&para);
  return doc;
}

static void test_gfm_nodes(void)
{
  galley_doc *doc = gfm_doc();
  galley_write_options o = options(0);
  mem_sink m;
  galley_error err;
  zip_t *za;
  char *x[5], *nav, *ncx, *opf;
  int i, k;

  galley_error_clear(&err);
  OK(galley_doc_check(doc, &err));
  INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_OK);
  za = open_zip(&m);
  for (i = 1; i <= 4; i++) {
    char name[64];
    snprintf(name, sizeof name, "OEBPS/chapter-%04d.xhtml", i);
    x[i] = entry(za, name);
    OK(x[i] != NULL);
  }
  opf = entry(za, "OEBPS/content.opf");
  OK(!contains(opf, "chapter-0005"));

  /* the table: caption first, a header row group, cells aligned by class */
  OK(contains(x[2], "<div class=\"table\">\n<table>\n<caption>Exports &amp; imports"
                    "</caption>\n<thead>\n<tr><th scope=\"col\">Item</th>"
                    "<th scope=\"col\" class=\"align-left\">Left</th>"
                    "<th scope=\"col\" class=\"align-center\">Mid</th>"
                    "<th scope=\"col\" class=\"align-right\">Tonnes</th></tr>\n"
                    "</thead>\n<tbody>\n<tr><td>Oil</td><td class=\"align-left\">a</td>"
                    "<td class=\"align-center\"></td><td class=\"align-right\">3 400"
                    "</td></tr>\n"));
  OK(contains(x[2], "</td></tr>\n</tbody>\n</table>\n</div>\n"));
  INT_EQ(count_of(x[2], "<thead>"), 1);
  INT_EQ(count_of(x[2], "<tbody>"), 1);

  /* deleted text, task boxes a screen reader announces, labelled */
  OK(contains(x[2], "<del>struck</del>"));
  OK(contains(x[2], "<ul>\n<li class=\"task\"><label><input type=\"checkbox\" "
                    "disabled=\"disabled\"/> open task</label></li>\n"
                    "<li class=\"task\"><label><input type=\"checkbox\" "
                    "disabled=\"disabled\" checked=\"checked\"/> done task</label>"
                    "</li>\n<li>no task</li>\n</ul>"));

  /* references: the first carries the back link's target, a later one
   * none; one inside a link follows it */
  OK(contains(x[2], "Cited<sup class=\"noteref\"><a epub:type=\"noteref\" "
                    "role=\"doc-noteref\" href=\"#fn1\" id=\"fnref1\">1</a></sup> "
                    "twice<sup class=\"noteref\"><a epub:type=\"noteref\" "
                    "role=\"doc-noteref\" href=\"#fn1\">1</a></sup>"));
  OK(contains(x[2], "a link</a><sup class=\"noteref\"><a epub:type=\"noteref\" "
                    "role=\"doc-noteref\" href=\"#fn2\">2</a></sup></p>"));
  INT_EQ(count_of(x[2], "id=\"fnref2\""), 1);
  OK(contains(x[3], "Again<sup class=\"noteref\"><a epub:type=\"noteref\" "
                    "role=\"doc-noteref\" href=\"chapter-0002.xhtml#fn1\">1</a></sup>"));
  OK(contains(x[3], "href=\"#fn3\" id=\"fnref3\">3</a>"));

  /* the asides: after the text of the document citing them first, each
   * once; note 4 (cited only by note 1) right after note 1 */
  for (k = 1; k <= 5; k++) {
    char id[32];
    int total = 0;
    snprintf(id, sizeof id, " id=\"fn%d\"", k);
    for (i = 1; i <= 4; i++)
      total += count_of(x[i], id);
    INT_EQ(total, 1);
  }
  OK(!contains(x[1], "<aside"));
  OK(contains(x[2], "</p>\n<div class=\"footnotes\">\n<aside epub:type=\"footnote\" "
                    "role=\"doc-footnote\" class=\"footnote\" id=\"fn1\">\n<p><a "
                    "class=\"note-back\" role=\"doc-backlink\" href=\"#fnref1\">1</a> "
                    "First note.</p>\n<p>Its second paragraph<sup class=\"noteref\">"
                    "<a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn4\" "
                    "id=\"fnref4\">4</a></sup>.</p>\n</aside>\n<aside "
                    "epub:type=\"footnote\" role=\"doc-footnote\" class=\"footnote\" "
                    "id=\"fn4\">\n<p><a class=\"note-back\" role=\"doc-backlink\" "
                    "href=\"#fnref4\">4</a> Fourth, see<sup class=\"noteref\"><a "
                    "epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn1\">1</a>"
                    "</sup></p>\n</aside>\n<aside epub:type=\"footnote\" "
                    "role=\"doc-footnote\" class=\"footnote\" id=\"fn2\">\n"
                    "<p class=\"note-number\"><a class=\"note-back\" "
                    "role=\"doc-backlink\" href=\"#fnref2\">2</a></p>\n<ul>\n"
                    "<li>listed</li>\n</ul>\n</aside>\n</div>\n</body>"));
  OK(contains(x[3], "<p class=\"note-heading\">Fn3 heading</p>\n<p>Third note.</p>"));
  OK(contains(x[4], "id=\"fn5\">\n<p><span class=\"note-back\">5</span> Orphan note."));
  /* no note in the flow, none in the navigation */
  nav = entry(za, "OEBPS/nav.xhtml");
  ncx = entry(za, "OEBPS/toc.ncx");
  OK(!contains(nav, "fn") && !contains(nav, "Fn3") && !contains(ncx, "Fn3"));
  OK(contains(nav, "Section 3"));
  for (i = 1; i <= 4; i++)
    free(x[i]);
  free(nav);
  free(ncx);
  free(opf);
  zip_discard(za);
  galley_buf_free(&m.buf);
  galley_doc_free(doc);
}

/* Writes the EPUB of gfm_doc to `path` (for the epubcheck test in
 * tests/epub.cmake). Returns 0 on success. */
static int write_gfm_epub(const char *path)
{
  galley_doc *doc = gfm_doc();
  galley_write_options o = options(1700000000);
  mem_sink m;
  galley_error err;
  FILE *f;
  int rc = 1;
  char *css;
  size_t len;
  char sheet[1024];

  /* the bundled style, as the command line would package it */
  snprintf(sheet, sizeof sheet, "%s/styles/modern.css", GALLEY_TEST_SOURCE_DIR);
  galley_error_clear(&err);
  css = galley_file_read(sheet, &len, &err);
  if (css) {
    o.style_css = css;
    o.style_css_len = len;
  }
  if (css && write_epub(doc, &o, &m, &err, NULL) == GALLEY_OK) {
    f = fopen(path, "wb");
    if (f) {
      rc = fwrite(m.buf.ptr, 1, m.buf.len, f) != m.buf.len;
      rc |= fclose(f) != 0;
    }
  }
  galley_buf_free(&m.buf);
  free(css);
  galley_doc_free(doc);
  return rc;
}

/* ---- edge cases ------------------------------------------------------- */

static void test_empty_and_odd(void)
{
  galley_doc *doc = galley_doc_new();
  galley_node *root = galley_doc_get_root(doc), *h1, *h2;
  galley_write_options o = options(1700000000);
  mem_sink m;
  galley_error err;
  zip_t *za;
  char *nav, *opf, *x;

  /* nothing at all: still a valid book with one toc entry */
  INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_OK);
  za = open_zip(&m);
  nav = entry(za, "OEBPS/nav.xhtml");
  opf = entry(za, "OEBPS/content.opf");
  OK(contains(nav, "<ol>\n<li><a href=\"chapter-0001.xhtml\">Untitled</a></li>\n</ol>"));
  OK(contains(opf, "<dc:title id=\"title\">Untitled</dc:title>"));
  OK(contains(opf, "<dc:language>en</dc:language>"));
  free(nav);
  free(opf);
  zip_discard(za);
  galley_buf_free(&m.buf);

  /* duplicate and unusable heading ids; a bad language; an odd date */
  h1 = add_heading(root, 1, "Same");
  h2 = add_heading(root, 1, "Same");
  galley_node_set_id(h1, "dup");
  galley_node_set_id(h2, "dup");
  h1 = add_heading(root, 2, "Spaced");
  galley_node_set_id(h1, "has space");
  galley_meta_set(galley_doc_get_meta(doc), "language", "English");
  galley_meta_set(galley_doc_get_meta(doc), "date", "sometime in spring");
  {
    galley_diag *diag = galley_diag_new();
    INT_EQ(write_epub(doc, &o, &m, &err, diag), GALLEY_OK);
    INT_EQ(galley_diag_get_count(diag), 2);
    galley_diag_free(diag);
  }
  za = open_zip(&m);
  x = entry(za, "OEBPS/chapter-0001.xhtml");
  opf = entry(za, "OEBPS/content.opf");
  INT_EQ(count_of(x, "id=\"dup\""), 1);
  OK(contains(x, "<h2 id=\"section-2\">Same</h2>"));
  OK(contains(x, "<h3 id=\"section-3\">Spaced</h3>"));
  OK(contains(x, "lang=\"und\""));
  OK(contains(x, "<title>Same</title>"));
  OK(!contains(opf, "<dc:date>"));
  /* headings first: no extra entry for a start */
  nav = entry(za, "OEBPS/nav.xhtml");
  OK(contains(nav, "<ol>\n<li><a href=\"chapter-0001.xhtml#dup\">Same</a></li>"));
  free(nav);
  free(x);
  free(opf);
  zip_discard(za);
  galley_buf_free(&m.buf);
  galley_doc_free(doc);

  /* bad arguments */
  galley_error_clear(&err);
  INT_EQ(galley_write_epub(NULL, &o, NULL, NULL, &err), GALLEY_ERR_USAGE);
}

/* The navigation speaks the book's language: its headings, landmarks
 * and the fallback title come from epub_words.c by dc:language. */
static void test_nav_language(void)
{
  static const struct {
    const char *language, *contents, *start, *untitled, *cover;
  } cases[] = {
      {"ru", "Содержание", "Начало текста", "Без названия", "Обложка"},
      {"kk-KZ", "Мазмұны", "Мәтіннің басы", "Атаусыз", "Мұқаба"},
      {"de", "Inhalt", "Beginn des Textes", "Ohne Titel", "Umschlag"},
      {"fr", "Table des matières", "Début du texte", "Sans titre", "Couverture"},
      {"es", "Índice", "Inicio del texto", "Sin título", "Cubierta"},
      {"EN-GB", "Contents", "Start of Content", "Untitled", "Cover"},
      {"tlh", "Contents", "Start of Content", "Untitled", "Cover"}, /* not listed */
  };
  size_t k;
  for (k = 0; k < sizeof cases / sizeof *cases; k++) {
    galley_doc *doc = galley_doc_new();
    galley_write_options o = options(1700000000);
    mem_sink m;
    galley_error err;
    zip_t *za;
    char *nav, *opf, want[128];
    galley_meta_set(galley_doc_get_meta(doc), "language", cases[k].language);
    add_text(galley_doc_get_root(doc), GALLEY_NODE_PARAGRAPH, "Text.");
    INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_OK);
    za = open_zip(&m);
    nav = entry(za, "OEBPS/nav.xhtml");
    opf = entry(za, "OEBPS/content.opf");
    snprintf(want, sizeof want, "<title>%s</title>", cases[k].contents);
    OK(contains(nav, want));
    snprintf(want, sizeof want, "<h1>%s</h1>", cases[k].contents);
    OK(contains(nav, want));
    snprintf(want, sizeof want, "\">%s</a></li>", cases[k].start);
    OK(contains(nav, want));
    snprintf(want, sizeof want, ">%s</dc:title>", cases[k].untitled);
    OK(contains(opf, want));
    if (strcmp(cases[k].contents, "Contents") != 0)
      OK(!contains(nav, "Contents") && !contains(nav, "Landmarks"));
    free(nav);
    free(opf);
    zip_discard(za);
    galley_buf_free(&m.buf);
    /* with a title, the generated cover's landmark too */
    galley_meta_set(galley_doc_get_meta(doc), "title", "T");
    INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_OK);
    za = open_zip(&m);
    nav = entry(za, "OEBPS/nav.xhtml");
    snprintf(want, sizeof want, "<a epub:type=\"cover\" href=\"cover.xhtml\">%s</a>",
             cases[k].cover);
    OK(contains(nav, want));
    free(nav);
    zip_discard(za);
    galley_buf_free(&m.buf);
    galley_doc_free(doc);
  }
  OK(epub_words_lookup(NULL) == epub_words_lookup("en"));
  OK(epub_words_lookup("rue") == epub_words_lookup("en")); /* not "ru" */
}

static void test_images(void)
{
  char *dir = make_tree();
  galley_buf res = GALLEY_BUF_INIT;
  galley_doc *doc;
  galley_node *root, *fig, *img, *p;
  galley_write_options o = options(1700000000);
  mem_sink m;
  galley_error err;
  zip_t *za;
  zip_stat_t st;
  char *x, *opf;
  if (!dir)
    return;
  galley_buf_printf(&res, "%s/res", dir);
  { static const char *dirs[2]; dirs[0] = res.ptr; o.resource_dirs = dirs; }

  doc = galley_doc_new();
  root = galley_doc_get_root(doc);
  fig = galley_node_new(GALLEY_NODE_FIGURE);
  img = add_text(fig, GALLEY_NODE_IMAGE, "A \"chart\" <of> tides");
  galley_node_set_url(img, "sub%20dir/b.jpg");
  add_text(fig, GALLEY_NODE_CREDIT, "Chart: Office");
  OK(galley_node_append_child(root, fig));
  p = add_text(root, GALLEY_NODE_PARAGRAPH, "Inline ");
  img = add_text(p, GALLEY_NODE_IMAGE, "dot");
  galley_node_set_url(img, "a.png");
  img = add_text(p, GALLEY_NODE_IMAGE, "the chart again");
  galley_node_set_url(img, "./sub dir/b.jpg");

  INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_OK);
  za = open_zip(&m);
  x = entry(za, "OEBPS/chapter-0001.xhtml");
  opf = entry(za, "OEBPS/content.opf");
  OK(contains(x, "<figure>\n<img src=\"images/img-0001.png\" alt=\"A &quot;chart&quot; "
                 "&lt;of&gt; tides\"/>\n<figcaption class=\"credit\"><span "
                 "class=\"credit\">Chart: Office</span></figcaption>\n</figure>"));
  OK(contains(x, "<p>Inline <img src=\"images/img-0002.png\" alt=\"dot\"/>"
                 "<img src=\"images/img-0001.png\" alt=\"the chart again\"/></p>"));
  OK(contains(opf, "<item id=\"img-0001\" href=\"images/img-0001.png\" "
                   "media-type=\"image/png\"/>"));
  OK(!contains(opf, "img-0003"));
  OK(contains(opf, "schema:accessMode\">visual<"));
  OK(contains(opf, "accessibilityFeature\">alternativeText<"));
  OK(zip_stat(za, "OEBPS/images/img-0002.png", 0, &st) == 0 &&
     st.comp_method == ZIP_CM_STORE);
  free(x);
  free(opf);
  zip_discard(za);
  galley_buf_free(&m.buf);

  /* a missing image: an error naming the line, nothing written */
  galley_node_set_url(img, "nope.png");
  galley_node_set_line(img, 7);
  INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_ERR_NOINPUT);
  INT_EQ(m.calls, 0);
  INT_EQ(err.line, 7);
  OK(contains(err.message, "nope.png"));
  galley_buf_free(&m.buf);
  /* one escaping through a symbolic link */
  galley_node_set_url(img, "out.png");
  INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_ERR_DATA);
  INT_EQ(m.calls, 0);
  INT_EQ(err.line, 7);
  galley_buf_free(&m.buf);
  /* no resource directory: no image may be read */
  galley_node_set_url(img, "a.png");
  o.resource_dirs = NULL;
  INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_ERR_DATA);
  INT_EQ(m.calls, 0);
  galley_buf_free(&m.buf);

  galley_doc_free(doc);
  galley_buf_free(&res);
  remove_tree(dir);
  free(dir);
}

/* ---- accessibility metadata ------------------------------------------ */

/* The package document of `doc` written with `o` (caller frees), or NULL. */
static char *opf_of(const galley_doc *doc, const galley_write_options *o)
{
  mem_sink m;
  galley_error err;
  zip_t *za;
  char *opf;
  INT_EQ(write_epub(doc, o, &m, &err, NULL), GALLEY_OK);
  za = open_zip(&m);
  opf = entry(za, "OEBPS/content.opf");
  zip_discard(za);
  galley_buf_free(&m.buf);
  return opf;
}

/* The accessibilitySummary element of `opf`, from its "<meta" to its
 * "</meta>" (caller frees), or an empty string. */
static char *summary_in(const char *opf)
{
  const char *a = opf ? strstr(opf, "<meta property=\"schema:accessibilitySummary\"") : NULL;
  const char *b = a ? strstr(a, "</meta>") : NULL;
  return a && b ? strndup(a, (size_t)(b - a)) : strdup("");
}

/* A book of paragraphs in `language`, with a heading before the second
 * when `heading` is set. */
static galley_doc *plain_book(const char *language, int heading)
{
  galley_doc *doc = galley_doc_new();
  galley_node *root = galley_doc_get_root(doc);
  galley_meta_set(galley_doc_get_meta(doc), "title", "A book");
  if (language)
    galley_meta_set(galley_doc_get_meta(doc), "language", language);
  galley_doc_sync_title_block(doc);
  add_text(root, GALLEY_NODE_PARAGRAPH, "One paragraph.");
  if (heading)
    add_heading(root, 1, "A part");
  add_text(root, GALLEY_NODE_PARAGRAPH, "Another paragraph.");
  galley_doc_assign_ids(doc);
  return doc;
}

static void test_a11y_headings(void)
{
  galley_write_options o = options(1700000000);
  galley_doc *doc = plain_book("en", 0);
  char *opf = opf_of(doc, &o), *sum = summary_in(opf);

  /* no headings: no structural navigation or contents to claim, and a
   * summary that does not speak of headings */
  OK(!contains(opf, "structuralNavigation"));
  OK(!contains(opf, "tableOfContents"));
  OK(contains(opf, "accessibilityFeature\">readingOrder<"));
  OK(contains(opf, "accessibilityFeature\">displayTransformability<"));
  OK(contains(opf, "accessModeSufficient\">textual<"));
  OK(!contains(opf, "accessMode\">visual<"));
  OK(!contains(sum, "heading") && !contains(sum, "Heading") &&
     !contains(sum, "contents"));
  OK(contains(sum, "without sections."));
  OK(!contains(sum, "xml:lang")); /* English in an English book */
  free(sum);
  free(opf);
  galley_doc_free(doc);

  /* one heading: both claims, and the summary says so */
  doc = plain_book("en", 1);
  opf = opf_of(doc, &o);
  sum = summary_in(opf);
  OK(contains(opf, "accessibilityFeature\">structuralNavigation<"));
  OK(contains(opf, "accessibilityFeature\">tableOfContents<"));
  OK(contains(sum, "headings mark its sections"));
  OK(!contains(sum, "without sections"));
  free(sum);
  free(opf);
  galley_doc_free(doc);
}

static void test_a11y_images(void)
{
  char *dir = make_tree();
  galley_buf res = GALLEY_BUF_INIT;
  galley_write_options o = options(1700000000);
  galley_doc *doc;
  galley_node *root, *fig, *img, *p, *alt, *plain;
  char *opf, *sum;
  if (!dir)
    return;
  galley_buf_printf(&res, "%s/res", dir);
  { static const char *dirs[2]; dirs[0] = res.ptr; o.resource_dirs = dirs; }

  /* an alt text that only repeats its caption (in other case and
   * punctuation): the picture is left to the eyes */
  doc = galley_doc_new();
  root = galley_doc_get_root(doc);
  fig = galley_node_new(GALLEY_NODE_FIGURE);
  img = add_text(fig, GALLEY_NODE_IMAGE, "The OSCE office in Astana");
  galley_node_set_url(img, "a.png");
  add_text(fig, GALLEY_NODE_CAPTION, "The OSCE office, in  Astana.");
  add_text(fig, GALLEY_NODE_CREDIT, "Photo: A. Photographer");
  OK(galley_node_append_child(root, fig));
  add_heading(root, 1, "After the picture");
  OK(!epub_image_alt_describes(img));
  opf = opf_of(doc, &o);
  sum = summary_in(opf);
  OK(contains(opf, "accessMode\">visual<"));
  OK(!contains(opf, "accessModeSufficient\">textual<"));
  OK(contains(opf, "accessModeSufficient\">textual,visual<"));
  OK(!contains(opf, "alternativeText"));
  OK(contains(sum, " No image has a text alternative that describes it."));
  free(sum);
  free(opf);

  /* an alt text that says what the picture shows: text suffices */
  alt = galley_node_first_child(img);
  galley_node_unlink(alt);
  galley_node_free(alt);
  galley_node_append_text(img, "A white building, flags at its door", 35);
  OK(epub_image_alt_describes(img));
  opf = opf_of(doc, &o);
  sum = summary_in(opf);
  OK(contains(opf, "accessModeSufficient\">textual<"));
  OK(contains(opf, "accessModeSufficient\">textual,visual<"));
  OK(contains(opf, "accessibilityFeature\">alternativeText<"));
  OK(contains(sum, " Every image has a text alternative."));
  free(sum);
  free(opf);

  /* a second image whose alt text is a file name: some, not all */
  p = add_text(root, GALLEY_NODE_PARAGRAPH, "Inline ");
  plain = add_text(p, GALLEY_NODE_IMAGE, "IMG_0042.JPG");
  galley_node_set_url(plain, "sub dir/b.jpg");
  OK(!epub_image_alt_describes(plain));
  opf = opf_of(doc, &o);
  sum = summary_in(opf);
  OK(!contains(opf, "accessModeSufficient\">textual<"));
  OK(!contains(opf, "alternativeText"));
  OK(contains(sum, " Some images have no text alternative that describes them."));
  free(sum);
  free(opf);
  galley_doc_free(doc);

  /* the predicate alone: empty, the image's own file name with or
   * without extension, a part of the credit or the title; real words */
  {
    static const struct {
      const char *alt, *url, *title, *caption;
      int describes;
    } cases[] = {
        {"  ", "a.png", NULL, NULL, 0},
        {"--", "a.png", NULL, NULL, 0},
        {"DSC01234", "x/DSC01234.jpg", NULL, NULL, 0},
        {"dsc01234.JPG", "x/DSC01234.jpg", NULL, NULL, 0},
        {"photo.png", "x/other.png", NULL, NULL, 0},
        {"Harbour at dawn", "x/h.png", "Harbour at dawn. Photo: M. E.", NULL, 0},
        {"harbour", "x/h.png", NULL, "The harbour at dawn", 0},
        {"Harbour at dawn", "x/h.png", NULL, "Photo: M. E.", 1},
        {"Гавань на рассвете", "x/h.png", NULL, "ГАВАНЬ — на рассвете!", 0},
        {"Гавань на рассвете", "x/h.png", NULL, "Фото: М. Е.", 1},
        {"route", "images/map.png", NULL, NULL, 1},
    };
    size_t k;
    for (k = 0; k < sizeof cases / sizeof *cases; k++) {
      galley_node *f = galley_node_new(GALLEY_NODE_FIGURE);
      galley_node *i = add_text(f, GALLEY_NODE_IMAGE, cases[k].alt);
      galley_node_set_url(i, cases[k].url);
      if (cases[k].title)
        galley_node_set_title(i, cases[k].title);
      if (cases[k].caption)
        add_text(f, GALLEY_NODE_CAPTION, cases[k].caption);
      if (epub_image_alt_describes(i) != cases[k].describes)
        fprintf(stderr, "alt text case %zu: %s\n", k, cases[k].alt);
      INT_EQ(epub_image_alt_describes(i), cases[k].describes);
      galley_node_free(f);
    }
  }
  galley_buf_free(&res);
  remove_tree(dir);
  free(dir);
}

static void test_a11y_language(void)
{
  galley_write_options o = options(1700000000);
  static const struct {
    const char *language, *with_headings, *without;
    int english; /* 1: the summary is in English, marked so */
  } cases[] = {
      {"ru", "Текстовое издание с перестраиваемой вёрсткой в исходном порядке "
             "чтения: заголовки обозначают его разделы",
       "сплошной текст без разделов.", 0},
      {"kk-KZ", "тақырыптар оның бөлімдерін белгілейді",
       "мәтін бөлімдерге бөлінбеген.", 0},
      {"de", "Überschriften gliedern sie in Abschnitte", "ohne Abschnitte.", 0},
      {"fr", "des titres marquent ses sections", "un texte continu sans sections.", 0},
      {"es", "los encabezados marcan sus secciones", "un texto continuo sin secciones.", 0},
      {"el", "headings mark its sections", "one continuous text without sections.", 1},
      {"tlh", "headings mark its sections", "one continuous text without sections.", 1},
  };
  size_t k;
  int h;
  for (k = 0; k < sizeof cases / sizeof *cases; k++)
    for (h = 0; h < 2; h++) {
      galley_doc *doc = plain_book(cases[k].language, h);
      char *opf = opf_of(doc, &o), *sum = summary_in(opf);
      OK(contains(sum, h ? cases[k].with_headings : cases[k].without));
      INT_EQ(contains(sum, " xml:lang=\"en\">"), cases[k].english);
      if (!cases[k].english)
        OK(!contains(sum, "reflowable") && !contains(sum, "xml:lang"));
      free(sum);
      free(opf);
      galley_doc_free(doc);
    }
}

/* The summary's sentences on tables and notes, from the facts alone. */
static void test_a11y_facts(void)
{
  epub_a11y a;
  galley_buf out = GALLEY_BUF_INIT;
  galley_doc *doc = gfm_doc();
  galley_write_options o = options(1700000000);
  char *opf = opf_of(doc, &o), *sum = summary_in(opf);

  /* the GFM article: a table with a header row; notes, one of them
   * never cited */
  OK(contains(sum, " Every table has a header row."));
  OK(contains(sum, " Some notes are not linked from the text."));
  free(sum);
  free(opf);
  galley_doc_free(doc);

  memset(&a, 0, sizeof a);
  a.language = "en";
  a.headings = a.toc_entries = 3;
  a.tables = 2;
  a.tables_with_header = 1;
  a.notes = a.notes_linked = 4;
  epub_a11y_put(&a, &out);
  galley_buf_putc(&out, '\0');
  OK(contains(out.ptr, " Some tables have no header row."));
  OK(contains(out.ptr, " Every note is linked from the text and links back to it."));
  OK(!contains(out.ptr, "image"));
  galley_buf_clear(&out);
  a.language = "ru";
  a.tables_with_header = 0;
  a.notes_linked = 0;
  epub_a11y_put(&a, &out);
  galley_buf_putc(&out, '\0');
  OK(contains(out.ptr, " Ни в одной таблице нет строки заголовков."));
  OK(contains(out.ptr, " Ни к одному примечанию не ведёт ссылка из текста."));
  galley_buf_free(&out);
}

/* The print edition's pages (galley_write_options.page_map): a marker at
 * each page start the map gives, before a block or at a word of a text,
 * a page-list linking each, the source of the pagination and the
 * features and summary that say so; none of it without a map, and no
 * link to a page whose node the EPUB does not show. */
static void test_page_map(void)
{
  galley_write_options o = options(1700000000);
  galley_doc *doc = plain_book("de", 1);
  galley_node *root = galley_doc_get_root(doc);
  galley_node *p1 = galley_node_next(galley_doc_get_title_block(doc));
  galley_node *h = galley_node_next(p1), *p2 = galley_node_next(h);
  galley_node *stray = galley_node_new(GALLEY_NODE_TEXT);
  galley_page_map map;
  mem_sink m;
  galley_error err;
  zip_t *za;
  char *x, *nav, *opf, *sum;

  OK(root && p1 && h && p2);
  INT_EQ(galley_node_get_type(h), GALLEY_NODE_HEADING);
  memset(&map, 0, sizeof map);
  galley_page_map_add(&map, "1", p1, 0);
  galley_page_map_add(&map, "2", h, 0);
  galley_page_map_add(&map, "3", galley_node_first_child(p2), 8); /* "paragraph." */
  galley_page_map_add(&map, "4", stray, 0);                       /* not shown */
  snprintf(map.edition, sizeof map.edition, "PDF edition, 148 x 210 mm");
  o.page_map = &map;
  INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_OK);
  za = open_zip(&m);
  x = entry(za, "OEBPS/chapter-0001.xhtml");
  nav = entry(za, "OEBPS/nav.xhtml");
  opf = entry(za, "OEBPS/content.opf");
  sum = summary_in(opf);
  OK(contains(x, "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page_1\" "
                 "aria-label=\"1\"/><p id=\"text_start\">One paragraph."));
  OK(contains(x, "aria-label=\"2\"/><h2 id="));
  OK(contains(x, "<p>Another <span epub:type=\"pagebreak\" role=\"doc-pagebreak\" "
                 "id=\"page_3\" aria-label=\"3\"/>paragraph.</p>"));
  OK(!contains(x, "page_4"));
  OK(contains(nav, "<nav epub:type=\"page-list\" id=\"page-list\" "
                   "role=\"doc-pagelist\" hidden=\"hidden\">"));
  INT_EQ(count_of(nav, "#page_"), 3);
  OK(contains(nav, "<li><a href=\"chapter-0001.xhtml#page_3\">3</a></li>"));
  /* the text starts at its first block, not at the page break before it */
  OK(!contains(nav, "bodymatter\" href=\"chapter-0001.xhtml#page_"));
  OK(contains(opf, "<dc:source id=\"pagination-source\">A book (PDF edition, 148 x "
                   "210 mm)</dc:source>"));
  OK(contains(opf, "<meta refines=\"#pagination-source\" property=\"source-of\">"
                   "pagination</meta>"));
  OK(contains(opf, "accessibilityFeature\">pageBreakMarkers<"));
  OK(contains(opf, "accessibilityFeature\">pageNavigation<"));
  OK(contains(sum, "Seitenzahlen der Druckausgabe"));
  free(sum);
  free(opf);
  free(nav);
  free(x);
  zip_discard(za);
  galley_buf_free(&m.buf);

  /* a map none of whose pages is shown: no page list to claim */
  galley_page_map_clear(&map);
  galley_page_map_add(&map, "1", stray, 0);
  opf = opf_of(doc, &o);
  OK(!contains(opf, "pageNavigation") && !contains(opf, "pagination"));
  free(opf);

  /* no map: nothing of it */
  o.page_map = NULL;
  INT_EQ(write_epub(doc, &o, &m, &err, NULL), GALLEY_OK);
  za = open_zip(&m);
  x = entry(za, "OEBPS/chapter-0001.xhtml");
  nav = entry(za, "OEBPS/nav.xhtml");
  opf = entry(za, "OEBPS/content.opf");
  OK(x && !contains(x, "pagebreak"));
  OK(nav && !contains(nav, "page-list"));
  OK(opf && !contains(opf, "pageBreakMarkers") && !contains(opf, "dc:source"));
  free(opf);
  free(nav);
  free(x);
  zip_discard(za);
  galley_buf_free(&m.buf);
  galley_page_map_clear(&map);
  galley_node_free(stray);
  galley_doc_free(doc);
}

/* A sink that fails: the writer reports its error. */
static galley_status failing_write(void *ctx, const unsigned char *data,
                                   size_t len, galley_error *err)
{
  (void)ctx;
  (void)data;
  (void)len;
  return galley_error_set(err, GALLEY_ERR_CANTCREAT, 28, "disk full");
}

static void test_sink_failure(void)
{
  galley_doc *doc = sample_doc();
  galley_write_options o = options(1700000000);
  galley_sink sink;
  galley_error err;
  sink.write = failing_write;
  sink.ctx = NULL;
  galley_error_clear(&err);
  INT_EQ(galley_write_epub(doc, &o, &sink, NULL, &err), GALLEY_ERR_CANTCREAT);
  STR_EQ(err.message, "disk full");
  galley_doc_free(doc);
}

/* ---- helpers of the package ------------------------------------------- */

static void test_dates_languages(void)
{
  char out[64];
  static const char *const good[][2] = {
      {"2024", "2024"},
      {"2024-03", "2024-03"},
      {"2024-03-07", "2024-03-07"},
      {" 2024/03/07 ", "2024-03-07"},
      {"2024-03-07T10:05:00Z", "2024-03-07T10:05:00Z"},
      {"2024-03-07T10:05+05:30", "2024-03-07T10:05:00+05:30"},
      {"2024-03-07T10:05:00", "2024-03-07"},
      {"March 7, 2024", "2024-03-07"},
      {"Jan. 30, 1992", "1992-01-30"},
      {"Sept 1 2020", "2020-09-01"},
      {"7 March 2024", "2024-03-07"},
      {"Tuesday, 5 Nov 2024", "2024-11-05"},
      {"February 29, 2024", "2024-02-29"},
      {"March 2024", "2024-03"}};
  static const char *const bad[] = {"", "yesterday", "2024-13-01", "2023-02-29",
                                    "31/12/2024", "March 32, 2024", "20240307",
                                    "2024-03-07T25:00Z", "Marchy 7, 2024"};
  size_t i;
  for (i = 0; i < sizeof good / sizeof *good; i++) {
    out[0] = '\0';
    OK(epub_normalize_date(good[i][0], out));
    STR_EQ(out, good[i][1]);
  }
  for (i = 0; i < sizeof bad / sizeof *bad; i++)
    OK(!epub_normalize_date(bad[i], out));

  OK(epub_is_language_tag("en"));
  OK(epub_is_language_tag("pt-BR"));
  OK(epub_is_language_tag("zh-Hant-TW"));
  OK(epub_is_language_tag("x-private"));
  OK(!epub_is_language_tag("English"));
  OK(!epub_is_language_tag("en_GB"));
  OK(!epub_is_language_tag("en-"));
  OK(!epub_is_language_tag("e"));
  OK(!epub_is_language_tag("en-toolongsubtag"));
}

static void test_uuid(void)
{
  char a[64], b[64];
  /* the same name gives the same UUID, another name another */
  epub_uuid_for("abc", 3, a);
  epub_uuid_for("abc", 3, b);
  STR_EQ(a, b);
  INT_EQ((long long)strlen(a), 45);
  epub_uuid_for("abd", 3, b);
  OK(strcmp(a, b) != 0);
  /* known answer: RFC 4122 version 5 of "abc" in galley's namespace,
   * as Python's uuid.uuid5 computes it */
  STR_EQ(a, "urn:uuid:30650296-6c47-54d0-9822-55d254f1454e");
}

/* The DOS time and date of the archive's first local header (offsets 10
 * and 12, little-endian), for a book written at `epoch`. */
static void zip_stamp(long long epoch, unsigned *time_out, unsigned *date_out)
{
  galley_doc *doc = sample_doc();
  galley_write_options o = options(epoch);
  galley_error err;
  mem_sink m;
  const unsigned char *p;
  *time_out = *date_out = 0;
  if (write_epub(doc, &o, &m, &err, NULL) == GALLEY_OK && m.buf.len > 14) {
    p = (const unsigned char *)m.buf.ptr;
    *time_out = (unsigned)(p[10] | p[11] << 8);
    *date_out = (unsigned)(p[12] | p[13] << 8);
  }
  galley_buf_free(&m.buf);
  galley_doc_free(doc);
}

static void test_zip_time(void)
{
  unsigned t, d;
  /* 2023-11-14 22:13:20 UTC, whatever TZ says */
  zip_stamp(1700000000, &t, &d);
  INT_EQ(t, (22u << 11) | (13u << 5) | (20u / 2));
  INT_EQ(d, ((2023u - 1980u) << 9) | (11u << 5) | 14u);
  /* 1970 is before the DOS epoch: 1980-01-01 00:00 */
  zip_stamp(0, &t, &d);
  INT_EQ(t, 0);
  INT_EQ(d, (1u << 5) | 1u);
  /* 2108 is after the last DOS year: 2107-12-31 23:59:58 */
  zip_stamp(4354819200LL, &t, &d);
  INT_EQ(t, (23u << 11) | (59u << 5) | (59u / 2));
  INT_EQ(d, (127u << 9) | (12u << 5) | 31u);
}

/* What a filtered style sheet must hold (`want` 1) or must not (0). */
typedef struct css_expect {
  int want;
  const char *text;
} css_expect;

static void css_expect_all(const char *css, const css_expect *e, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    int has = contains(css, e[i].text);
    if (has != e[i].want)
      fprintf(stderr, "  filtered CSS %s \"%s\"\n", has ? "holds" : "lacks", e[i].text);
    OK(has == e[i].want);
  }
}

static void test_css_filter(void)
{
  static const char css[] =
      "/* a comment with url(x) { } */\n"
      "@import url(other.css);\n"
      "@font-face { font-family: \"A\"; src: url(../fonts/A.otf); }\n"
      "@font-face{font-family:B;src:url('data:font/woff2;base64,AAAA')}\n"
      "body { font-family: A, serif; background: url(bg.png); color: red }\n"
      "p::before { content: \"url(not-a-reference) ; }\"; }\n"
      "@media print { h1 { background-image: URL( \"x.png\" ) } h2 { color: blue } }\n"
      "@page :first { margin: 2cm; @top-center { content: \"x\" } }\n";
  /* the hostile sheets of tests/bad-input/run.py, and more */
  static const char garbage[] =
      "}}}{{{ @@@ body { font-size: ; color: #zzz } p { text-indent: ????; \0 } "
      "/* unclosed";
  static const char numbers[] =
      "@page { size: 99999999999999999999mm 1e308mm; margin: 1e300pt } body { "
      "font-size: 1e30pt; line-height: 99999999 } p { "
      "text-indent: 1e40em; font-size: -11pt } h1 { font-size: 1.2em !important }"
      "@media (prefers-color-scheme: light) { h2 { color: #1e3e4f } }";
  static const char forbidden[] =
      "p { direction: rtl; unicode-bidi: embed; position: fixed; top: 0 }\n"
      "h1, { color: red }\n"
      "h2 { color: inherit; ; margin 0; 3d: x; width: calc(100% - (2em); }\n"
      "a[href { color: red }\n"
      "em { font-style: italic";
  galley_buf out = GALLEY_BUF_INIT;
  const char *s;
  int dropped = epub_css_filter(css, sizeof css - 1, &out);

  static const css_expect first[] = {
      {0, "comment"}, /* comments go */
      {0, "@import"},
      {0, "font-face"},
      {0, "../fonts"},
      {1, "body {\n  font-family: A, serif;\n}\n"},
      {1, "p::before {\n  content: \"url(not-a-reference) ; }\";\n}\n"},
      {0, "@media print"},
      {0, "@page"},
      {0, "x.png"},
      {0, "top-center"},
  };
  s = galley_buf_cstr(&out);
  INT_EQ(dropped, 7);
  css_expect_all(s, first, sizeof first / sizeof *first);

  galley_buf_clear(&out);
  epub_css_filter(garbage, sizeof garbage - 1, &out);
  STR_EQ(galley_buf_cstr(&out), "");

  galley_buf_clear(&out);
  epub_css_filter(numbers, sizeof numbers - 1, &out);
  s = galley_buf_cstr(&out);
  OK(!contains(s, "1e308") && !contains(s, "1e300") && !contains(s, "1e30pt") &&
     !contains(s, "1e40"));
  OK(contains(s, "line-height: 99999999;"));
  OK(contains(s, "color: #1e3e4f;")); /* a colour, not a number */
  OK(!contains(s, "-11pt"));
  OK(contains(s, "font-size: 1.2em !important;"));

  galley_buf_clear(&out);
  epub_css_filter(forbidden, sizeof forbidden - 1, &out);
  s = galley_buf_cstr(&out);
  STR_EQ(s, "p {\n  top: 0;\n}\nh2 {\n  color: inherit;\n}\n");
  galley_buf_free(&out);

  OK(epub_css_filter(NULL, 0, &out) == 0);
}

/* The EPUB leaves type size and colours to the reader: no @page, no
 * print-only rules, no absolute font sizes, no colour on the body, no
 * colour under 4.5:1 on white or black; the print edition's look stays in
 * @media print, which the PDF reads. */
static void test_css_reader(void)
{
  static const char css[] =
      "@page { size: A4; margin: 2cm }\n"
      "@media print { body { font-size: 11pt; color: #1a1a1a } }\n"
      "@media only print and (max-width: 160mm) { p { margin: 0 } }\n"
      "@media print, screen { em { font-style: italic } }\n"
      "@media not print { strong { font-weight: bold } }\n"
      "html, body { font-size: 12px; color: #000000; line-height: 1.4 }\n"
      "h1 { font-size: 2em; color: #102a43 } small { font-size: 80% }\n"
      "pre { font-size: 9pt } code { font-size: 0.85em }\n"
      ".credit { color: #555555 } .mark { color: #767676 } .x { color: red }\n"
      "@media (prefers-color-scheme: dark) { .credit { color: #aaaaaa } }\n";
  static const char *const sheets[] = {"styles/classic.css", "styles/modern.css"};
  galley_buf out = GALLEY_BUF_INIT;
  size_t k;

  static const css_expect reader[] = {
      {0, "@page"}, {0, "A4"},
      {0, "11pt"}, {0, "12px"}, {0, "9pt"},
      {0, "@media print {"}, {0, "max-width"},
      {1, "@media print, screen {"},
      {1, "@media not print {"},
      {1, "html, body {\n  line-height: 1.4;\n}\n"},
      {1, "font-size: 2em;"}, {1, "font-size: 80%;"}, {1, "font-size: 0.85em;"},
      {0, "#102a43"}, {0, "#555555"}, {0, "color: red"},
      {1, ".mark {\n  color: #767676;\n}"}, /* 4.54:1 and 4.62:1 */
      {1, "color: #aaaaaa;"},                /* the author's dark scheme */
  };
  /* the bundled styles: the EPUB gets the screen rules */
  static const css_expect bundled[] = {
      {0, "@page"},
      {0, "pt;"}, {0, "pt !"}, /* no point sizes */
      {0, "color: #"},         /* the reader's colours */
      {1, "max-width: 100%;"}, {1, "height: auto;"},
      {1, "hr::after {"}, {1, "content: \"\\2042\";"},
      /* tables, notes, deleted text, tasks (the writer's classes) */
      {1, "div.table {\n    overflow-x: auto;"},
      {1, "border-collapse: collapse;"}, {1, "caption {"},
      {1, "td.align-right {\n    text-align: right;"},
      {1, "td.align-center {\n    text-align: center;"},
      {1, "sup.noteref {"}, {1, "aside.footnote {"},
      {1, "div.footnotes > aside:first-child {"},
      {1, "del {\n    text-decoration: line-through;"},
      {1, "li.task {\n    list-style-type: none;"},
  };

  epub_css_filter(css, sizeof css - 1, &out);
  css_expect_all(galley_buf_cstr(&out), reader, sizeof reader / sizeof *reader);

  for (k = 0; k < sizeof sheets / sizeof *sheets; k++) {
    char path[1024];
    size_t len;
    galley_error err;
    char *text;
    snprintf(path, sizeof path, "%s/%s", GALLEY_TEST_SOURCE_DIR, sheets[k]);
    galley_error_clear(&err);
    text = galley_file_read(path, &len, &err);
    OK(text != NULL);
    if (!text)
      continue;
    galley_buf_clear(&out);
    epub_css_filter(text, len, &out);
    css_expect_all(galley_buf_cstr(&out), bundled, sizeof bundled / sizeof *bundled);
    free(text);
  }
  galley_buf_free(&out);
}

static void test_escape(void)
{
  galley_buf b = GALLEY_BUF_INIT;
  /* controls, a C1 control, invalid UTF-8, U+FFFE: each U+FFFD */
  static const char in[] = "a\x01" "b\xC2\x85" "c\xFF" "d\xEF\xBF\xBE" "e\t\n&<>\"'";
  epub_put_text(&b, in, sizeof in - 1);
  STR_EQ(galley_buf_cstr(&b), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD"
                              "d\xEF\xBF\xBD" "e\t\n&amp;&lt;&gt;&quot;'");
  /* each mark at every place of a long plain run (the run is stepped
   * over eight bytes at a time): escaped or replaced where it is */
  {
    static const char marks[] = {'&', '<', '>', '"', 0x7F, 0x01, '\t'};
    static const char *const want[] = {"&amp;", "&lt;", "&gt;", "&quot;",
                                       "\xEF\xBF\xBD", "\xEF\xBF\xBD", "\t"};
    size_t m;
    int at;
    for (m = 0; m < sizeof marks; m++)
      for (at = 0; at < 20; at++) {
        char in2[24];
        galley_buf exp = GALLEY_BUF_INIT;
        memset(in2, 'x', sizeof in2);
        in2[at] = marks[m];
        galley_buf_put(&exp, in2, (size_t)at);
        galley_buf_puts(&exp, want[m]);
        galley_buf_put(&exp, in2 + at + 1, sizeof in2 - (size_t)at - 1);
        galley_buf_clear(&b);
        epub_put_text(&b, in2, sizeof in2);
        STR_EQ(galley_buf_cstr(&b), galley_buf_cstr(&exp));
        galley_buf_free(&exp);
      }
  }
  /* two-byte characters copied whole; a lead byte without its second
   * byte, or at the end, is one U+FFFD */
  galley_buf_clear(&b);
  epub_put_text(&b, "\xD2\x9A\xD0\xB0 \xC3\xA9<\xC3(\xDF\xBF\xD0", 13);
  STR_EQ(galley_buf_cstr(&b), "\xD2\x9A\xD0\xB0 \xC3\xA9&lt;\xEF\xBF\xBD(\xDF\xBF\xEF\xBF\xBD");
  galley_buf_clear(&b);
  epub_put_url(&b, "http://x/a b%20c%zz\xC3\xA9&\"<", 24, 0);
  STR_EQ(galley_buf_cstr(&b), "http://x/a%20b%20c%25zz%C3%A9&amp;%22%3C");
  /* one fragment: a second '#' (a chat room's address) is encoded, as is
   * every '#' of an id written after one; a NUL byte too */
  galley_buf_clear(&b);
  epub_put_url(&b, "https://matrix.to/#/#room:x.io", 30, 0);
  STR_EQ(galley_buf_cstr(&b), "https://matrix.to/#/%23room:x.io");
  galley_buf_clear(&b);
  epub_put_url(&b, "a#b\0c", 5, 1);
  STR_EQ(galley_buf_cstr(&b), "a%23b%00c");
  galley_buf_free(&b);
}

int main(int argc, char **argv)
{
  if (argc == 3 && strcmp(argv[1], "gfm") == 0)
    return write_gfm_epub(argv[2]);
  RUN(test_gfm_nodes);
  RUN(test_image_sniff);
  RUN(test_image_paths);
  RUN(test_container);
  RUN(test_generated_cover);
  RUN(test_content);
  RUN(test_package);
  RUN(test_reproducible);
  RUN(test_split);
  RUN(test_split_short_sections);
  RUN(test_empty_and_odd);
  RUN(test_images);
  RUN(test_sink_failure);
  RUN(test_dates_languages);
  RUN(test_nav_language);
  RUN(test_a11y_headings);
  RUN(test_a11y_images);
  RUN(test_a11y_language);
  RUN(test_a11y_facts);
  RUN(test_page_map);
  RUN(test_uuid);
  RUN(test_zip_time);
  RUN(test_identifier);
  RUN(test_css_filter);
  RUN(test_css_reader);
  RUN(test_escape);
  return harness_report();
}
