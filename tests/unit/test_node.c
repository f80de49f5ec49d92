/* test_node.c: the document model: containment, linking, freeing, the
 * iterator, metadata, ids, the title block, the checker and the dump. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "galley.h"
#include "harness.h"
#include "model/words.h"
#include "util/buf.h"

static galley_node *para(const char *text)
{
  galley_node *p = galley_node_new(GALLEY_NODE_PARAGRAPH);
  galley_node_append_text(p, text, strlen(text));
  return p;
}

static void test_containment(void)
{
  galley_node *doc = galley_node_new(GALLEY_NODE_DOCUMENT);
  galley_node *p = galley_node_new(GALLEY_NODE_PARAGRAPH);
  galley_node *item = galley_node_new(GALLEY_NODE_ITEM);
  galley_node *list = galley_node_new(GALLEY_NODE_LIST);
  galley_node *text = galley_node_new(GALLEY_NODE_TEXT);
  OK(!galley_node_append_child(doc, item));  /* an item needs a list */
  OK(!galley_node_append_child(p, list));    /* a paragraph holds inlines */
  OK(galley_node_append_child(list, item));
  OK(galley_node_append_child(doc, list));
  OK(galley_node_append_child(p, text));
  OK(!galley_node_append_child(doc, text));  /* already attached */
  OK(galley_node_append_child(doc, p));
  OK(galley_node_can_contain(GALLEY_NODE_FIGURE, GALLEY_NODE_CREDIT));
  OK(!galley_node_can_contain(GALLEY_NODE_FIGURE, GALLEY_NODE_PARAGRAPH));
  OK(!galley_node_can_contain(GALLEY_NODE_LINK, GALLEY_NODE_LINK));
  OK(!galley_node_can_contain(GALLEY_NODE_BLOCK_QUOTE, GALLEY_NODE_TITLE_BLOCK));
  INT_EQ(galley_node_get_type(galley_node_first_child(doc)), GALLEY_NODE_LIST);
  INT_EQ(galley_node_get_type(galley_node_last_child(doc)), GALLEY_NODE_PARAGRAPH);
  galley_node_free(doc);
}

static void test_text_merge_and_plain(void)
{
  galley_node *p = para("Hello, ");
  galley_node *em = galley_node_new(GALLEY_NODE_EMPH);
  char *plain;
  galley_node_append_text(p, "big ", 4); /* merges with the text before */
  INT_EQ(galley_node_first_child(p) == galley_node_last_child(p), 1);
  galley_node_append_text(em, "world", 5);
  galley_node_append_child(p, em);
  galley_node_append_child(p, galley_node_new(GALLEY_NODE_LINEBREAK));
  galley_node_append_text(p, "!", 1);
  plain = galley_node_get_plain_text(p);
  STR_EQ(plain, "Hello, big world !");
  free(plain);
  galley_node_free(p);
}

static void test_unlink_insert(void)
{
  galley_node *doc = galley_node_new(GALLEY_NODE_DOCUMENT);
  galley_node *a = para("a"), *b = para("b"), *c = para("c");
  galley_node_append_child(doc, a);
  galley_node_append_child(doc, c);
  OK(galley_node_insert_before(c, b));
  OK(galley_node_next(a) == b && galley_node_next(b) == c);
  OK(galley_node_previous(c) == b);
  galley_node_unlink(a);
  OK(galley_node_first_child(doc) == b);
  OK(galley_node_parent(a) == NULL);
  galley_node_free(a);
  galley_node_unlink(c);
  OK(galley_node_last_child(doc) == b);
  galley_node_free(c);
  galley_node_free(doc);
}

static void test_iter(void)
{
  galley_node *doc = galley_node_new(GALLEY_NODE_DOCUMENT);
  galley_node *q = galley_node_new(GALLEY_NODE_BLOCK_QUOTE);
  galley_iter *it;
  galley_event_type ev;
  char seq[256] = "";
  galley_node_append_child(q, para("x"));
  galley_node_append_child(doc, q);
  galley_node_append_child(doc, galley_node_new(GALLEY_NODE_THEMATIC_BREAK));
  it = galley_iter_new(doc);
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    strcat(seq, ev == GALLEY_EVENT_ENTER ? "+" : "-");
    strcat(seq, galley_node_get_type_name(galley_node_get_type(galley_iter_get_node(it))));
    strcat(seq, " ");
  }
  galley_iter_free(it);
  STR_EQ(seq, "+document +blockquote +paragraph +text -paragraph -blockquote +rule -document ");
  galley_node_free(doc);
}

static void test_deep_free(void)
{
  /* 100,000 nested quotes: freeing and iterating must not recurse. */
  galley_node *root = galley_node_new(GALLEY_NODE_DOCUMENT), *cur = root;
  galley_iter *it;
  int i, n = 0;
  for (i = 0; i < 100000; i++) {
    galley_node *q = galley_node_new(GALLEY_NODE_BLOCK_QUOTE);
    galley_node_append_child(cur, q);
    cur = q;
  }
  it = galley_iter_new(root);
  while (galley_iter_next(it) != GALLEY_EVENT_DONE)
    n++;
  galley_iter_free(it);
  INT_EQ(n, 2 * 100001);
  galley_node_free(root);
}

/* Deep nesting is dumped at 32 levels of indentation with the depth as a
 * number, so the dump stays linear in the document. */
static void test_dump_deep(void)
{
  galley_doc *d = galley_doc_new();
  galley_node *cur = galley_doc_get_root(d);
  char *dump;
  int i;
  for (i = 0; i < 40; i++) {
    galley_node *q = galley_node_new(GALLEY_NODE_BLOCK_QUOTE);
    galley_node_append_child(cur, q);
    cur = q;
  }
  dump = galley_doc_dump(d, 40);
  OK(strstr(dump, "\n                                                              "
                  "  blockquote") != NULL); /* depth 31: indented */
  OK(strstr(dump, "[depth 32]") == NULL);
  OK(strstr(dump, "  [depth 33] blockquote") != NULL);
  OK(strstr(dump, "  [depth 39] blockquote") != NULL);
  OK(strstr(dump, "                                                                  ") ==
     NULL); /* never more than 64 spaces */
  free(dump);
  galley_doc_free(d);
}

static void test_meta(void)
{
  galley_doc *d = galley_doc_new();
  galley_meta *m = galley_doc_get_meta(d);
  galley_doc_apply_meta(d, "Title", "First", 1);
  galley_doc_apply_meta(d, "TITLE", "Second", 1);
  galley_doc_apply_meta(d, "Author", "A. One", 0);
  galley_doc_apply_meta(d, "Authors", "B. Two", 0);
  galley_doc_apply_meta(d, "lang", "kk", 1);
  STR_EQ(galley_meta_get(m, "title"), "Second");
  INT_EQ(galley_meta_get_count(m, "author"), 2);
  STR_EQ(galley_meta_get_nth(m, "author", 1), "B. Two");
  STR_EQ(galley_meta_get(m, "language"), "kk");
  OK(galley_meta_get(m, "nothing") == NULL);
  galley_doc_sync_title_block(d);
  {
    char *dump = galley_doc_dump(d, 40);
    OK(strstr(dump, "title-block") != NULL);
    OK(strstr(dump, "title          line 0     -                                    Second") != NULL);
    OK(strstr(dump, "A. One және B. Two") != NULL); /* language kk */
    free(dump);
  }
  /* sync again: no duplicate children */
  galley_doc_sync_title_block(d);
  {
    galley_node *tb = galley_node_first_child(galley_doc_get_root(d));
    galley_node *c;
    int n = 0;
    for (c = galley_node_first_child(tb); c; c = galley_node_next(c))
      n++;
    INT_EQ(n, 2);
  }
  galley_doc_free(d);
}

/* Replacing keys leaves holes that are squeezed out later: the order,
 * the counts and the i-th entry are as if every removal closed up at once. */
static void test_meta_many(void)
{
  galley_doc *d = galley_doc_new();
  galley_meta *m = galley_doc_get_meta(d);
  const char *v;
  char key[32], val[32];
  int i;
  for (i = 0; i < 1000; i++) {
    snprintf(key, sizeof key, "k%d", i);
    galley_meta_add(m, key, "first");
    galley_meta_add(m, "author", key);
  }
  for (i = 0; i < 1000; i += 2) {
    snprintf(key, sizeof key, "k%d", i);
    snprintf(val, sizeof val, "v%d", i);
    galley_meta_set(m, key, val);
  }
  INT_EQ(galley_meta_get_size(m), 2000);
  INT_EQ(galley_meta_get_count(m, "author"), 1000);
  STR_EQ(galley_meta_get_nth(m, "author", 999), "k999");
  STR_EQ(galley_meta_get(m, "k998"), "v998");
  STR_EQ(galley_meta_get(m, "k999"), "first");
  INT_EQ(galley_meta_get_count(m, "k2"), 1);
  /* author, k1, author, author, k3 ... then the replaced k0, k2 ... */
  STR_EQ(galley_meta_get_entry(m, 0, &v), "author");
  STR_EQ(v, "k0");
  STR_EQ(galley_meta_get_entry(m, 1, &v), "k1");
  STR_EQ(v, "first");
  STR_EQ(galley_meta_get_entry(m, 1500, &v), "k0");
  STR_EQ(v, "v0");
  STR_EQ(galley_meta_get_entry(m, 1999, &v), "k998");
  OK(galley_meta_get_entry(m, 2000, &v) == NULL);
  galley_meta_remove(m, "author");
  INT_EQ(galley_meta_get_size(m), 1000);
  OK(galley_meta_get(m, "author") == NULL);
  STR_EQ(galley_meta_get_entry(m, 0, NULL), "k1");
  STR_EQ(galley_meta_get_entry(m, 499, NULL), "k999");
  STR_EQ(galley_meta_get_entry(m, 500, NULL), "k0");
  {
    char *dump = galley_doc_dump(d, 40);
    OK(strstr(dump, "meta k1: first\nmeta k3: first\n") == dump);
    OK(strstr(dump, "meta author") == NULL);
    free(dump);
  }
  galley_doc_free(d);
}

static void test_ids(void)
{
  galley_doc *d = galley_doc_new();
  galley_node *root = galley_doc_get_root(d);
  const char *texts[] = {"Risks facing Kazakhstan", "OSCE’s security work",
                         "Risks facing Kazakhstan", "2025: a year", "?!"};
  galley_node *h[5];
  int i;
  for (i = 0; i < 5; i++) {
    h[i] = galley_node_new(GALLEY_NODE_HEADING);
    galley_node_append_text(h[i], texts[i], strlen(texts[i]));
    galley_node_append_child(root, h[i]);
  }
  galley_doc_assign_ids(d);
  STR_EQ(galley_node_get_id(h[0]), "risks-facing-kazakhstan");
  STR_EQ(galley_node_get_id(h[1]), "osces-security-work");
  STR_EQ(galley_node_get_id(h[2]), "risks-facing-kazakhstan-2");
  STR_EQ(galley_node_get_id(h[3]), "s-2025-a-year");
  STR_EQ(galley_node_get_id(h[4]), "section");
  INT_EQ(galley_doc_get_heading_count(d), 5);
  galley_doc_free(d);
}

static void test_check(void)
{
  galley_doc *d = galley_doc_new();
  galley_node *p = para("ok");
  galley_node *t;
  galley_error err;
  galley_error_clear(&err);
  galley_node_append_child(galley_doc_get_root(d), p);
  OK(galley_doc_check(d, &err));
  t = galley_node_first_child(p);
  galley_node_set_literal(t, "bad\x01", 4); /* a control character */
  OK(!galley_doc_check(d, &err));
  INT_EQ(err.code, GALLEY_ERR_INTERNAL);
  OK(strstr(err.message, "XML") != NULL);
  /* past the eight-byte steps and the two-byte characters: still found */
  galley_error_clear(&err);
  galley_node_set_literal(t, "a long run of plain text\x01 after it", 34);
  OK(!galley_doc_check(d, &err));
  galley_error_clear(&err);
  galley_node_set_literal(t, "sixteen bytes ok \xD0\x9A\xD0\xB0\xC3", 22);
  OK(!galley_doc_check(d, &err));
  OK(strstr(err.message, "UTF-8") != NULL);
  galley_error_clear(&err);
  galley_node_set_literal(t, "sixteen bytes ok \xD0\x9A\xD0\xB0 \xC2\xA0\xDF\xBF", 26);
  OK(galley_doc_check(d, &err));
  galley_doc_free(d);
}

static void test_error_first_wins(void)
{
  galley_error err;
  galley_error_clear(&err);
  galley_error_set(&err, GALLEY_ERR_DATA, 0, "first %d", 1);
  galley_error_set(&err, GALLEY_ERR_INTERNAL, 0, "second");
  INT_EQ(err.code, GALLEY_ERR_DATA);
  STR_EQ(err.message, "first 1");
  galley_error_clear(&err);
  galley_error_set(&err, GALLEY_ERR_DATA, 0, "two\nlines");
  STR_EQ(err.message, "two lines");
}

static void test_list_markers(void)
{
  galley_node *list = galley_node_new(GALLEY_NODE_LIST);
  galley_node *item = galley_node_new(GALLEY_NODE_ITEM);
  char m[24];
  galley_node_set_list(list, 1, 1, 1);
  galley_list_format_marker(list, 3, m, sizeof m);
  STR_EQ(m, "3.");
  OK(galley_list_is_expressible(list));
  OK(galley_node_set_list_numbering(list, GALLEY_LIST_LOWER_ALPHA, GALLEY_LIST_PARENS));
  galley_list_format_marker(list, 3, m, sizeof m);
  STR_EQ(m, "(c)");
  galley_list_format_marker(list, 28, m, sizeof m);
  STR_EQ(m, "(ab)");
  OK(!galley_list_is_expressible(list)); /* "(c)" is no <ol type> */
  galley_node_set_list_numbering(list, GALLEY_LIST_UPPER_ROMAN, GALLEY_LIST_PAREN);
  galley_list_format_marker(list, 1994, m, sizeof m);
  STR_EQ(m, "MCMXCIV)");
  galley_node_set_list_numbering(list, GALLEY_LIST_LOWER_ROMAN, GALLEY_LIST_PERIOD);
  galley_list_format_marker(list, 4, m, sizeof m);
  STR_EQ(m, "iv.");
  galley_list_format_marker(list, 0, m, sizeof m); /* no numeral for zero */
  STR_EQ(m, "0.");
  galley_list_format_marker(list, 4, m, 3); /* cut to the buffer */
  STR_EQ(m, "iv");
  OK(galley_list_is_expressible(list));
  INT_EQ(galley_node_get_list_style(list), GALLEY_LIST_LOWER_ROMAN);
  INT_EQ(galley_node_get_list_delim(list), GALLEY_LIST_PERIOD);
  OK(!galley_node_set_list_numbering(item, GALLEY_LIST_DECIMAL, GALLEY_LIST_PERIOD));
  OK(!galley_node_set_list_numbering(list, (galley_list_style)9, GALLEY_LIST_PERIOD));
  OK(galley_node_set_item_marker(item, "2a."));
  STR_EQ(galley_node_get_item_marker(item), "2a.");
  OK(!galley_node_set_item_marker(list, "x"));
  OK(galley_node_get_item_marker(list) == NULL);
  galley_node_append_child(list, item);
  OK(!galley_list_is_expressible(list)); /* an item keeps its own marker */
  galley_node_set_item_marker(item, NULL);
  OK(galley_list_is_expressible(list));
  galley_node_free(list);
}

static void test_diag(void)
{
  galley_diag *d = galley_diag_new();
  int line, col, i;
  galley_diag_add(d, 3, 7, "bad byte %s", "0xff");
  STR_EQ(galley_diag_get(d, 0, &line, &col), "bad byte 0xff");
  INT_EQ(line, 3);
  INT_EQ(col, 7);
  for (i = 0; i < 5000; i++)
    galley_diag_add(d, i, 1, "again");
  OK(galley_diag_get_count(d) <= 1002); /* capped */
  galley_diag_free(d);
  galley_diag_free(NULL);
}

/* Tables, notes, deleted text and task items: where each may stand, its
 * attributes, and what the checker demands of them. */
static void test_tables_and_notes(void)
{
  galley_doc *d = galley_doc_new();
  galley_node *root = galley_doc_get_root(d);
  galley_node *table = galley_node_new(GALLEY_NODE_TABLE);
  galley_node *head = galley_node_new(GALLEY_NODE_TABLE_ROW);
  galley_node *row = galley_node_new(GALLEY_NODE_TABLE_ROW);
  galley_node *cell = galley_node_new(GALLEY_NODE_TABLE_CELL);
  galley_node *p = para("see");
  galley_node *ref = galley_node_new(GALLEY_NODE_FOOTNOTE_REF);
  galley_node *note = galley_node_new(GALLEY_NODE_FOOTNOTE);
  galley_node *del = galley_node_new(GALLEY_NODE_DELETE);
  galley_node *list = galley_node_new(GALLEY_NODE_LIST);
  galley_node *item = galley_node_new(GALLEY_NODE_ITEM);
  galley_error err;
  char *dump;
  galley_error_clear(&err);

  OK(!galley_node_can_contain(GALLEY_NODE_DOCUMENT, GALLEY_NODE_TABLE_ROW));
  OK(!galley_node_can_contain(GALLEY_NODE_TABLE, GALLEY_NODE_PARAGRAPH));
  OK(!galley_node_can_contain(GALLEY_NODE_BLOCK_QUOTE, GALLEY_NODE_FOOTNOTE));
  OK(!galley_node_can_contain(GALLEY_NODE_FOOTNOTE, GALLEY_NODE_FOOTNOTE));
  OK(galley_node_can_contain(GALLEY_NODE_ITEM, GALLEY_NODE_TABLE));
  OK(galley_node_can_contain(GALLEY_NODE_TABLE_CELL, GALLEY_NODE_DELETE));
  OK(galley_node_type_is_leaf(GALLEY_NODE_FOOTNOTE_REF));

  OK(galley_node_set_row_header(head, 1));
  OK(!galley_node_set_row_header(cell, 1));
  OK(galley_node_set_align(cell, GALLEY_ALIGN_RIGHT));
  OK(!galley_node_set_align(row, GALLEY_ALIGN_RIGHT));
  INT_EQ(galley_node_get_align(cell), GALLEY_ALIGN_RIGHT);
  galley_node_append_text(cell, "1", 1);
  OK(galley_node_append_child(head, cell));
  OK(galley_node_append_child(table, head));
  OK(galley_node_append_child(table, row));
  OK(galley_node_append_child(root, table));

  OK(!galley_node_set_note_number(ref, 0));
  OK(galley_node_set_note_number(ref, 1));
  OK(galley_node_append_child(p, ref));
  galley_node_append_text(del, "gone", 4);
  OK(galley_node_append_child(p, del));
  OK(galley_node_append_child(root, p));
  OK(galley_node_set_task(item, GALLEY_TASK_DONE));
  OK(!galley_node_set_task(list, GALLEY_TASK_DONE));
  OK(galley_node_append_child(list, item));
  OK(galley_node_append_child(root, list));

  /* A reference without its note is refused; then the note closes it. */
  OK(!galley_doc_check(d, &err));
  OK(strstr(err.message, "without its footnote") != NULL);
  galley_error_clear(&err);
  OK(galley_node_set_note_number(note, 1));
  OK(galley_node_append_child(note, para("The note.")));
  OK(galley_node_append_child(root, note));
  OK(galley_doc_find_footnote(d, 1) == note);
  OK(galley_doc_find_footnote(d, 2) == NULL);
  OK(galley_doc_check(d, &err));

  dump = galley_doc_dump(d, 40);
  OK(strstr(dump, "row head") != NULL);
  OK(strstr(dump, "cell right") != NULL);
  OK(strstr(dump, "footnote 1") != NULL);
  OK(strstr(dump, "[task: done]") != NULL);
  free(dump);

  /* A header row after a body row, and a block after the notes. */
  galley_node_unlink(head);
  OK(galley_node_append_child(table, head));
  OK(!galley_doc_check(d, &err));
  OK(strstr(err.message, "header row") != NULL);
  galley_node_unlink(head);
  galley_node_insert_before(row, head);
  galley_error_clear(&err);
  OK(galley_node_append_child(root, para("late")));
  OK(!galley_doc_check(d, &err));
  OK(strstr(err.message, "after the footnotes") != NULL);
  galley_doc_free(d);
}

/* The language guessed from the letters (model/lang.c), by the script of
 * most letters and the letters one language of it writes. */
static const char *guess(const char *s)
{
  return galley_guess_language(s, strlen(s), NULL);
}

static void test_guess_language(void)
{
  const char *rule = "unset";
  static const char code_text[] = "int main(void) { return printf(\"hello world, this is code\"); }";
  galley_doc *d;
  galley_node *code;
  STR_EQ(guess("Городской сад снова принимает посетителей."), "ru");
  STR_EQ(guess("Ауылдағы балалар жаңа мектепке барады."), "kk");
  STR_EQ(guess("Читачі можуть узяти книжку додому, її чекають."), "uk");
  /* і without є ї ґ and without Russian's ы э ъ */
  STR_EQ(guess("Він пішов до міста і побачив багато цікавого, дивних людей."), "uk");
  STR_EQ(guess("Мы ўсе пайшлі ў горад, і там было вельмі цікава."), "be");
  STR_EQ(guess("افتتحت البلدية اليوم حديقة عامة كبيرة في وسط المدينة."), "ar");
  STR_EQ(guess("این کتاب را برای پدرم گرفتم. چه روز خوبی بود، پارک پر از گل بود."), "fa");
  STR_EQ(guess("یہ ایک اچھی کتاب ہے۔ میں نے اسے بڑے شوق سے پڑھا اور ٹھیک سے سمجھا۔"), "ur");
  STR_EQ(guess("העירייה פתחה היום גן ציבורי גדול במרכז העיר."), "he");
  STR_EQ(guess("Η πόλη άνοιξε ένα νέο πάρκο."), "el");
  STR_EQ(guess("Քաղաքը բացեց նոր այգի։"), "hy");
  STR_EQ(guess("ქალაქმა ახალი პარკი გახსნა."), "ka");
  /* the majority decides: Russian quoting English, English quoting Russian */
  STR_EQ(guess("Гость сказал: «it feels like home», и все согласились с ним."), "ru");
  OK(guess("The proverb «Тише едешь» means that the slower you go, the further.") == NULL);
  OK(galley_guess_language("Plain English text.", 19, &rule) == NULL && rule == NULL);
  OK(guess("") == NULL && guess("1234 -- !!") == NULL);
  /* a document: its text decides, not its code; a declaration wins */
  d = galley_doc_new();
  galley_node_append_child(galley_doc_get_root(d), para("Короткий текст по-русски."));
  code = galley_node_new(GALLEY_NODE_CODE_BLOCK);
  galley_node_set_literal(code, code_text, strlen(code_text));
  galley_node_append_child(galley_doc_get_root(d), code);
  STR_EQ(galley_doc_guess_language(d), "ru");
  STR_EQ(galley_meta_get(galley_doc_get_meta(d), "language"), "ru");
  STR_EQ(galley_doc_get_language_rule(d), "Cyrillic letters");
  OK(galley_doc_guess_language(d) == NULL); /* named now */
  galley_doc_apply_meta(d, "language", "kk", 1);
  OK(galley_doc_get_language_rule(d) == NULL);
  galley_doc_free(d);
}

static void test_language_is_rtl(void)
{
  OK(galley_language_is_rtl("ar") && galley_language_is_rtl("ar-EG") &&
     galley_language_is_rtl("fa") && galley_language_is_rtl("ur") &&
     galley_language_is_rtl("he") && galley_language_is_rtl("yi"));
  OK(galley_language_is_rtl("az-Arab") && galley_language_is_rtl("pa-arab-PK"));
  OK(!galley_language_is_rtl("ar-Latn") && !galley_language_is_rtl("en") &&
     !galley_language_is_rtl("ru") && !galley_language_is_rtl("arn") &&
     !galley_language_is_rtl("hy") && !galley_language_is_rtl(NULL) &&
     !galley_language_is_rtl(""));
  OK(galley_language_is_rtl("ar-419")); /* a region, not a script */
}

/* The title block's byline and date in the book's language. */
static void expect_byline(const char *lang, int count, const char *want)
{
  static const char *const names[] = {"A. Author", "B. Author", "C. Author"};
  galley_buf b = GALLEY_BUF_INIT;
  galley_words_put_byline(&b, lang, names, count);
  STR_EQ(galley_buf_cstr(&b), want);
  galley_buf_free(&b);
}

static void expect_date(const char *lang, const char *date, const char *want)
{
  galley_buf b = GALLEY_BUF_INIT;
  galley_words_put_date(&b, lang, date);
  STR_EQ(galley_buf_cstr(&b), want);
  galley_buf_free(&b);
}

static void test_words(void)
{
  expect_byline("en", 2, "By A. Author and B. Author");
  expect_byline(NULL, 3, "By A. Author, B. Author and C. Author");
  expect_byline("xx", 1, "By A. Author");
  expect_byline("ru", 2, "A. Author и B. Author");
  expect_byline("ru-RU", 3, "A. Author, B. Author и C. Author");
  expect_byline("kk", 2, "A. Author және B. Author");
  expect_byline("uk", 2, "A. Author і B. Author");
  expect_byline("DE", 2, "Von A. Author und B. Author");
  expect_byline("fr", 2, "Par A. Author et B. Author");
  expect_byline("es", 2, "Por A. Author y B. Author");
  expect_byline("it", 2, "Di A. Author e B. Author");
  expect_byline("pt-BR", 2, "Por A. Author e B. Author");
  expect_date("en", "2026-03-14", "14 March 2026");
  expect_date("ru", "2026-03-14", "14 марта 2026 г.");
  expect_date("kk", "2026-03-14", "2026 жылғы 14 наурыз");
  expect_date("de", "2026-03-14", "14. März 2026");
  expect_date("fr", "2026-03-14", "14 mars 2026");
  expect_date("fr", "2026-03-01", "1er mars 2026");
  expect_date("es", "2026-03-14", "14 de marzo de 2026");
  expect_date("en", "2026-03-04", "4 March 2026");
  /* not an ISO calendar date: as written */
  expect_date("ru", "March 14, 2026", "March 14, 2026");
  expect_date("en", "2026-13-01", "2026-13-01");
  expect_date("en", "2026-02-30", "2026-02-30");
  expect_date("en", "2026-03", "2026-03");
}

int main(void)
{
  RUN(test_guess_language);
  RUN(test_language_is_rtl);
  RUN(test_tables_and_notes);
  RUN(test_containment);
  RUN(test_text_merge_and_plain);
  RUN(test_unlink_insert);
  RUN(test_iter);
  RUN(test_deep_free);
  RUN(test_dump_deep);
  RUN(test_meta);
  RUN(test_meta_many);
  RUN(test_ids);
  RUN(test_check);
  RUN(test_error_first_wins);
  RUN(test_diag);
  RUN(test_list_markers);
  RUN(test_words);
  return harness_report();
}
