/* test_util.c: galley_buf, UTF-8 decoding and classes, atomic files,
 * options structures across versions of galley.h. */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "galley.h"
#include "harness.h"
#include "util/buf.h"
#include "util/css.h"
#include "util/langtag.h"
#include "util/utf8.h"

static void test_buf(void)
{
  galley_buf b = GALLEY_BUF_INIT;
  char *s;
  size_t len;
  STR_EQ(galley_buf_cstr(&b), "");
  galley_buf_puts(&b, "a<b>&\"c\"");
  galley_buf_printf(&b, "%d", 42);
  STR_EQ(galley_buf_cstr(&b), "a<b>&\"c\"42");
  galley_buf_clear(&b);
  galley_buf_put_xml(&b, "a<b>&\"c\"]]>", 11);
  STR_EQ(galley_buf_cstr(&b), "a&lt;b&gt;&amp;&quot;c&quot;]]&gt;");
  s = galley_buf_detach(&b, &len);
  INT_EQ(len, strlen(s));
  OK(b.ptr == NULL && b.len == 0);
  free(s);
  galley_buf_free(&b);
}

static void test_utf8(void)
{
  int32_t cp;
  galley_buf b = GALLEY_BUF_INIT;
  INT_EQ(galley_utf8_decode("\xe2\x80\x93", 3, &cp), 3);
  INT_EQ(cp, 0x2013);
  INT_EQ(galley_utf8_decode("\xc0\x80", 2, &cp), 1); /* overlong NUL */
  INT_EQ(cp, -1);
  INT_EQ(galley_utf8_decode("\xed\xa0\x80", 3, &cp), 1); /* surrogate */
  INT_EQ(cp, -1);
  INT_EQ(galley_utf8_decode("\xe2\x80", 2, &cp), 2); /* truncated: 1 subpart */
  INT_EQ(cp, -1);
  INT_EQ(galley_utf8_decode("\xf4\x90\x80\x80", 4, &cp), 1); /* > U+10FFFF */
  OK(galley_utf8_is_valid("Қазақстан", strlen("Қазақстан")));
  OK(!galley_utf8_is_valid("a\0b", 3));
  INT_EQ(galley_utf8_count("Қаз", strlen("Қаз")), 3);
  {
    /* eight bytes at a time: the same count as byte by byte, at every
     * start and length, every byte value (bad bytes count as their
     * lead bytes do) */
    unsigned char bytes[300];
    size_t i, a, n;
    for (i = 0; i < sizeof bytes; i++)
      bytes[i] = (unsigned char)(i * 37 + (i >> 3));
    memcpy(bytes + 40, "Қазақстан “ёлка” 😀", strlen("Қазақстан “ёлка” 😀"));
    for (a = 0; a < 9; a++)
      for (n = 0; a + n <= sizeof bytes; n += 1 + n / 16) {
        size_t k, want = 0;
        for (k = a; k < a + n; k++)
          want += (bytes[k] & 0xC0) != 0x80;
        if (galley_utf8_count((const char *)bytes + a, n) != want)
          OK(!"galley_utf8_count differs from the byte count");
      }
  }
  galley_utf8_encode(&b, 0x1F600);
  galley_utf8_encode(&b, 0xD800); /* becomes U+FFFD */
  STR_EQ(galley_buf_cstr(&b), "\xf0\x9f\x98\x80\xef\xbf\xbd");
  galley_buf_free(&b);
  OK(galley_utf8_is_upper(0x049A)); /* Қ */
  OK(galley_utf8_is_lower(0x049B)); /* қ */
  OK(galley_utf8_is_upper('A') && !galley_utf8_is_upper('a'));
  OK(galley_utf8_is_upper(0x0394)); /* Δ */
  OK(galley_utf8_is_letter(0x05D0)); /* Hebrew alef */
  OK(!galley_utf8_is_letter(0x2013));
  /* as Unicode has them, where hand-made ranges were wrong: kra is small,
   * S with comma below, A with dot below and Armenian capitals are
   * capitals; title-case digraphs count as capitals; marks are part of
   * letters; digits and symbols are not letters */
  OK(galley_utf8_is_lower(0x0138) && !galley_utf8_is_upper(0x0138)); /* ĸ */
  OK(galley_utf8_is_upper(0x0218) && galley_utf8_is_lower(0x0219));  /* Ș ș */
  OK(galley_utf8_is_upper(0x1EA0) && galley_utf8_is_lower(0x1EA1));  /* Ạ ạ */
  OK(galley_utf8_is_upper(0x0531) && galley_utf8_is_lower(0x0561));  /* Ա ա */
  OK(galley_utf8_is_upper(0x10A0) && !galley_utf8_is_lower(0x10A0)); /* Ⴀ */
  OK(galley_utf8_is_upper(0x01C5));                                   /* ǅ */
  OK(galley_utf8_is_letter(0x0301) && galley_utf8_is_letter(0x4E2D)); /* mark, 中 */
  OK(!galley_utf8_is_letter('7') && !galley_utf8_is_letter(0x0663) &&
     !galley_utf8_is_letter(0x20AC) && !galley_utf8_is_letter(0x110000));
  OK(galley_utf8_is_dash(0x2014));
  OK(!galley_utf8_is_xml_char(0x1));
  OK(galley_utf8_is_xml_char(0x9));
  OK(galley_utf8_is_xml_char(0xFFFD) && galley_utf8_is_xml_char(0x10FFFD));
  /* noncharacters: Cairo refuses strings holding them */
  OK(!galley_utf8_is_xml_char(0xFFFE) && !galley_utf8_is_xml_char(0xFDD0));
  OK(!galley_utf8_is_xml_char(0xFFFFF) && !galley_utf8_is_xml_char(0x10FFFF));
}

static void test_atomic(void)
{
  char dir[] = "/tmp/galley-test-XXXXXX";
  char path[256], bad[256];
  galley_error err;
  char *back;
  size_t len;
  OK(mkdtemp(dir) != NULL);
  snprintf(path, sizeof path, "%s/out.bin", dir);
  galley_error_clear(&err);
  INT_EQ(galley_file_write_atomic(path, "hello", 5, &err), GALLEY_OK);
  back = galley_file_read(path, &len, &err);
  OK(back && len == 5 && memcmp(back, "hello", 5) == 0);
  free(back);
  snprintf(bad, sizeof bad, "%s/no/such/dir/out.bin", dir);
  INT_EQ(galley_file_write_atomic(bad, "x", 1, &err), GALLEY_ERR_CANTCREAT);
  galley_error_clear(&err);
  OK(galley_file_read(bad, &len, &err) == NULL);
  INT_EQ(err.code, GALLEY_ERR_NOINPUT);
  STR_EQ(err.file, bad);
  unlink(path);
  OK(rmdir(dir) == 0); /* nothing else was left behind */
}

/* A reused error structure reports each call's own outcome: a success
 * after a failure leaves it clear, and a second failure its own message. */
static void test_error_reuse(void)
{
  galley_error err;
  size_t len = 0;
  char *text;
  double w = 0, h = 0;
  char path[] = "/tmp/galley-test-XXXXXX";
  int fd = mkstemp(path);
  OK(fd >= 0 && write(fd, "text\n", 5) == 5);
  close(fd);
  galley_error_clear(&err);
  OK(galley_file_read("/nonexistent/galley-test", &len, &err) == NULL);
  INT_EQ(err.code, GALLEY_ERR_NOINPUT);
  OK(strstr(err.message, "cannot open") != NULL);
  text = galley_file_read(path, &len, &err);
  unlink(path);
  OK(text != NULL && len == 5);
  INT_EQ(err.code, GALLEY_OK);
  STR_EQ(err.message, "");
  free(text);
  INT_EQ(galley_page_size_parse("Z9", &w, &h, &err), GALLEY_ERR_USAGE);
  OK(strstr(err.message, "cannot open") == NULL);
  INT_EQ(galley_page_size_parse("A5", &w, &h, &err), GALLEY_OK);
  INT_EQ(err.code, GALLEY_OK);
}

static void test_langtag(void)
{
  OK(galley_langtag_is("ru", "ru"));
  OK(galley_langtag_is("ru-RU", "ru"));
  OK(galley_langtag_is("RU", "ru"));
  OK(galley_langtag_is("pt_BR", "pt"));
  OK(!galley_langtag_is("rus", "ru"));
  OK(!galley_langtag_is("r", "ru"));
  OK(!galley_langtag_is("", "ru"));
  OK(!galley_langtag_is(NULL, "ru"));
  OK(!galley_langtag_is("en", ""));
  /* the tables that share it: right-to-left by language, in any case */
  OK(galley_language_is_rtl("AR"));
  OK(galley_language_is_rtl("fa-IR"));
  OK(!galley_language_is_rtl("arn"));
  OK(!galley_language_is_rtl("ar-Latn"));
}

static galley_status count_write(void *ctx, const unsigned char *data, size_t len,
                                 galley_error *err)
{
  (void)data;
  (void)err;
  *(size_t *)ctx += len;
  return GALLEY_OK;
}

/* Options structures grow without breaking the ABI: the library reads
 * the caller's struct_size bytes and refuses a struct larger than its
 * own (galley.h, "Options structures"). */
static void test_options_versions(void)
{
  static const char text[] = "A Headline\n\nThe first paragraph of the text, which says "
                             "enough to be a paragraph.\n";
  galley_read_options ro;
  galley_write_options wo;
  galley_convert_options co;
  galley_error err;
  galley_doc *doc;
  char *data = (char *)"x";
  size_t len = 1, written = 0;
  galley_sink sink;

  galley_read_options_init(&ro);
  INT_EQ(ro.struct_size, sizeof ro);
  INT_EQ(ro.flags, 0);
  galley_write_options_init(&wo);
  INT_EQ(wo.struct_size, sizeof wo);
  OK(wo.source_date_epoch == -1 && wo.page_size == NULL && wo.flags == 0);
  galley_convert_options_init(&co);
  INT_EQ(co.struct_size, sizeof co);
  OK(co.source_date_epoch == -1 && co.input == NULL);

  /* the full struct: NO_TITLE is obeyed */
  ro.flags = GALLEY_OPT_NO_TITLE;
  doc = galley_read_text(text, sizeof text - 1, &ro, NULL, &err);
  OK(doc != NULL);
  OK(galley_meta_get(galley_doc_get_meta(doc), "title") == NULL);
  galley_doc_free(doc);
  /* an older, smaller struct that ends before `flags`: the flag the
   * caller's struct does not have is not read */
  ro.struct_size = offsetof(galley_read_options, flags);
  doc = galley_read_text(text, sizeof text - 1, &ro, NULL, &err);
  OK(doc != NULL);
  STR_EQ(galley_meta_get(galley_doc_get_meta(doc), "title"), "A Headline");
  galley_doc_free(doc);
  /* zeroed by the caller (struct_size 0): this header's struct */
  ro.struct_size = 0;
  doc = galley_read_text(text, sizeof text - 1, &ro, NULL, &err);
  OK(doc != NULL && galley_meta_get(galley_doc_get_meta(doc), "title") == NULL);
  galley_doc_free(doc);

  /* a newer, larger struct: refused before anything is done, by name */
  ro.struct_size = sizeof ro + 8;
  OK(galley_read_text(text, sizeof text - 1, &ro, NULL, &err) == NULL);
  INT_EQ(err.code, GALLEY_ERR_USAGE);
  OK(strstr(err.message, "galley_read_options") != NULL);
  OK(galley_read_markdown(text, sizeof text - 1, &ro, NULL, &err) == NULL);
  INT_EQ(err.code, GALLEY_ERR_USAGE);
  doc = galley_read_text(text, sizeof text - 1, NULL, NULL, &err);
  OK(doc != NULL);
  sink.write = count_write;
  sink.ctx = &written;
  wo.struct_size = sizeof wo + 1;
  INT_EQ(galley_write_epub(doc, &wo, &sink, NULL, &err), GALLEY_ERR_USAGE);
  INT_EQ(galley_write_pdf(doc, &wo, &sink, NULL, &err), GALLEY_ERR_USAGE);
  INT_EQ(written, 0);
  wo.struct_size = sizeof wo;
  INT_EQ(galley_write_epub(doc, &wo, &sink, NULL, &err), GALLEY_OK);
  OK(written > 0);
  co.struct_size = sizeof co + 64;
  co.input = "-";
  INT_EQ(galley_convert_to_memory(doc, &co, GALLEY_EDITION_EPUB, &data, &len, NULL, &err),
         GALLEY_ERR_USAGE);
  OK(data == NULL && len == 0);
  OK(strstr(err.message, "galley_convert_options") != NULL);
  INT_EQ(galley_convert_write(doc, &co, GALLEY_EDITION_EPUB, "/nonexistent/x.epub", NULL,
                              &err),
         GALLEY_ERR_USAGE);
  OK(galley_convert_read(&co, NULL, &err) == NULL);
  INT_EQ(err.code, GALLEY_ERR_USAGE);
  galley_doc_free(doc);
}

/* The CSS tokenizer: a NUL byte inside the scanned span is no stop (strchr
 * would find every stop list's terminator), and stops inside strings,
 * comments and brackets do not count. */
static void test_css_scan(void)
{
  static const char sheet[] = "a[x=\";\"] /* ; */ { b: url(x;y) }\0; c; d";
  galley_css_scan sc = {sheet, sizeof sheet - 1, 0};
  INT_EQ(galley_css_scan_to(&sc, ";"), ';');
  INT_EQ((int)sc.pos, (int)(strchr(sheet + 1, '}') - sheet) + 2);
  sc.pos = 0;
  INT_EQ(galley_css_scan_to_flat(&sc, "{"), '{');
  sc.pos = 0;
  INT_EQ(galley_css_scan_to(&sc, "#"), 0);
  INT_EQ((int)sc.pos, (int)(sizeof sheet - 1));
}

int main(void)
{
  RUN(test_buf);
  RUN(test_utf8);
  RUN(test_atomic);
  RUN(test_error_reuse);
  RUN(test_langtag);
  RUN(test_options_versions);
  RUN(test_css_scan);
  return harness_report();
}
