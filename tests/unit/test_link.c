/* test_link.c: the link policy both editions share (util/link.h). */
#include <string.h>

#include "galley.h"
#include "harness.h"
#include "util/buf.h"
#include "util/link.h"

static galley_link_kind kind_of(const char *url)
{
  galley_link link;
  galley_link_classify(url, &link);
  return link.kind;
}

static void test_kept(void)
{
  INT_EQ(kind_of("http://example.com/"), GALLEY_LINK_EXTERNAL);
  INT_EQ(kind_of("https://example.com/a?b=c#d"), GALLEY_LINK_EXTERNAL);
  INT_EQ(kind_of("HTTPS://EXAMPLE.COM/"), GALLEY_LINK_EXTERNAL);
  INT_EQ(kind_of("mailto:desk@example.com"), GALLEY_LINK_EXTERNAL);
  INT_EQ(kind_of("ftp://ftp.example.com/f"), GALLEY_LINK_EXTERNAL);
  INT_EQ(kind_of("tel:+441234567"), GALLEY_LINK_EXTERNAL);
  INT_EQ(kind_of("http://example.com/a%20b"), GALLEY_LINK_EXTERNAL);
  INT_EQ(kind_of("  https://example.com/  \n"), GALLEY_LINK_EXTERNAL);
  INT_EQ(kind_of("#tides"), GALLEY_LINK_ANCHOR);
  INT_EQ(kind_of("#caf%C3%A9"), GALLEY_LINK_ANCHOR);
}

static void test_refused(void)
{
  INT_EQ(kind_of("javascript:alert(1)"), GALLEY_LINK_SCHEME);
  INT_EQ(kind_of("JaVaScRiPt:alert(1)"), GALLEY_LINK_SCHEME);
  INT_EQ(kind_of(" \tjavascript:alert(1)"), GALLEY_LINK_SCHEME);
  INT_EQ(kind_of("vbscript:msgbox(1)"), GALLEY_LINK_SCHEME);
  INT_EQ(kind_of("data:text/html;base64,PHNjcmlwdD4="), GALLEY_LINK_SCHEME);
  INT_EQ(kind_of("file:///etc/passwd"), GALLEY_LINK_SCHEME);
  INT_EQ(kind_of("http:"), GALLEY_LINK_SCHEME);
  INT_EQ(kind_of("C:\\Windows\\win.ini"), GALLEY_LINK_SCHEME);
  INT_EQ(kind_of("../../etc/passwd"), GALLEY_LINK_RELATIVE);
  INT_EQ(kind_of("chapter2.html"), GALLEY_LINK_RELATIVE);
  INT_EQ(kind_of("/etc/passwd"), GALLEY_LINK_RELATIVE);
  /* control characters, raw or percent-encoded */
  INT_EQ(kind_of("http://exa%00mple.com/"), GALLEY_LINK_CONTROL);
  INT_EQ(kind_of("http://example.com/%0a"), GALLEY_LINK_CONTROL);
  INT_EQ(kind_of("http://example.com/%7F"), GALLEY_LINK_CONTROL);
  INT_EQ(kind_of("java\tscript:alert(1)"), GALLEY_LINK_CONTROL);
  INT_EQ(kind_of("https://exa\nmple.com/"), GALLEY_LINK_CONTROL);
  INT_EQ(kind_of("https://example.com/\xc2\x85"), GALLEY_LINK_CONTROL);
  INT_EQ(kind_of("#top%00"), GALLEY_LINK_CONTROL);
  /* "%" not followed by two hex digits is no encoding */
  INT_EQ(kind_of("http://example.com/100%"), GALLEY_LINK_EXTERNAL);
  INT_EQ(kind_of(""), GALLEY_LINK_EMPTY);
  INT_EQ(kind_of("   "), GALLEY_LINK_EMPTY);
  INT_EQ(kind_of(NULL), GALLEY_LINK_EMPTY);
}

static void test_targets(void)
{
  galley_link link;
  galley_buf b = GALLEY_BUF_INIT;
  galley_link_classify("//example.com/x", &link);
  INT_EQ(link.kind, GALLEY_LINK_EXTERNAL);
  galley_link_put_target(&b, &link);
  STR_EQ(galley_buf_cstr(&b), "https://example.com/x");
  galley_buf_clear(&b);
  galley_link_classify(" https://example.com/ ", &link);
  galley_link_put_target(&b, &link);
  STR_EQ(galley_buf_cstr(&b), "https://example.com/");
  galley_buf_clear(&b);
  galley_link_classify("#caf%C3%A9", &link);
  galley_link_put_anchor_id(&b, &link);
  STR_EQ(galley_buf_cstr(&b), "caf\xc3\xa9");
  galley_buf_free(&b);
}

static void test_warnings(void)
{
  galley_diag *d = galley_diag_new();
  galley_link link;
  int line;
  galley_link_classify("javascript:alert(1)", &link);
  galley_link_warn(d, 7, &link);
  /* the second edition of the same conversion adds nothing */
  galley_link_warn(d, 7, &link);
  INT_EQ(galley_diag_get_count(d), 1);
  STR_EQ(galley_diag_get(d, 0, &line, NULL), "link with a 'javascript:' URL kept as plain text");
  INT_EQ(line, 7);
  /* the same link on another line is another warning */
  galley_link_warn(d, 9, &link);
  INT_EQ(galley_diag_get_count(d), 2);
  galley_link_classify("http://exa%00mple.com/", &link);
  galley_link_warn(d, 9, &link);
  STR_EQ(galley_diag_get(d, 2, NULL, NULL),
         "link to 'http://exa%00mple.com/' has a control character in its URL; "
         "kept as plain text");
  galley_link_classify("https://exa\nmple.com/", &link);
  galley_link_warn(d, 9, &link);
  galley_link_warn(d, 9, &link);
  INT_EQ(galley_diag_get_count(d), 4);
  galley_link_classify("../../etc/passwd", &link);
  galley_link_warn(d, 3, &link);
  STR_EQ(galley_diag_get(d, 4, NULL, NULL),
         "link to '../../etc/passwd', which is not in the book, kept as plain text");
  galley_link_classify("#nowhere", &link);
  galley_link_warn(d, 3, &link);
  STR_EQ(galley_diag_get(d, 5, NULL, NULL),
         "link to 'nowhere' names no heading of the article; kept as plain text");
  /* kept and empty links warn of nothing */
  galley_link_classify("https://example.com/", &link);
  galley_link_warn(d, 3, &link);
  galley_link_classify("", &link);
  galley_link_warn(d, 3, &link);
  INT_EQ(galley_diag_get_count(d), 6);
  galley_link_warn(NULL, 3, &link);
  galley_diag_free(d);
}

int main(void)
{
  RUN(test_kept);
  RUN(test_refused);
  RUN(test_targets);
  RUN(test_warnings);
  return harness_report();
}
