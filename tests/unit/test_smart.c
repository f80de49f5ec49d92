/* test_smart.c: galley_doc_smarten, typographic punctuation in the model:
 * quotes, apostrophes, primes, dashes and ellipses by language, pairing
 * across inline nodes, and what must stay as typed (code, addresses,
 * tags, typographic characters, option names). */
#include <stdlib.h>
#include <string.h>

#include "galley.h"
#include "harness.h"

/* Smartens one paragraph of `text` in a document of `lang` (NULL: none)
 * and returns its plain text (caller frees). */
static char *smart(const char *lang, const char *text)
{
  galley_doc *d = galley_doc_new();
  galley_node *p = galley_node_new(GALLEY_NODE_PARAGRAPH);
  char *out;
  if (lang)
    galley_meta_set(galley_doc_get_meta(d), "language", lang);
  galley_node_append_text(p, text, strlen(text));
  galley_node_append_child(galley_doc_get_root(d), p);
  galley_doc_smarten(d);
  out = galley_node_get_plain_text(p);
  galley_doc_free(d);
  return out;
}

#define SMART_EQ(lang, in, want)                                               \
  do {                                                                         \
    char *got_ = smart((lang), (in));                                          \
    STR_EQ(got_, (want));                                                      \
    free(got_);                                                                \
  } while (0)

static void test_english(void)
{
  SMART_EQ("en", "\"Hello,\" she said.", "“Hello,” she said.");
  SMART_EQ("en", "He said \"it's 'fine'\".", "He said “it’s ‘fine’”.");
  SMART_EQ("en", "\"a \"b\" c\"", "“a “b” c”"); /* typed doubles stay doubles */
  SMART_EQ("en", "(\"quoted\") and [\"this\"]", "(“quoted”) and [“this”]");
  SMART_EQ("en", "don't, O'Neil, the '90s, rock 'n' roll, 'tis",
           "don’t, O’Neil, the ’90s, rock ’n’ roll, ’tis");
  SMART_EQ("en", "the dogs' bowls", "the dogs’ bowls");
  SMART_EQ("en", "He is 6'2\" tall.", "He is 6′2″ tall.");
  SMART_EQ("de-CH", "Es kostet 1'000 Franken.", "Es kostet 1’000 Franken.");
  SMART_EQ("en", "She ran 5' farther.", "She ran 5′ farther.");
  SMART_EQ("en", "\"It ran over", "“It ran over"); /* goes on in the next paragraph */
  SMART_EQ("en", "ended here.\" Then", "ended here.” Then");
  SMART_EQ("en", "word -- word", "word\xC2\xA0— word");
  SMART_EQ("en", "word--word---word", "word—word—word");
  SMART_EQ("en", "pages 10--12", "pages 10–12");
  SMART_EQ("de", "online - wegen 24. - 28. August", "online\xC2\xA0- wegen 24.\xC2\xA0- 28. August");
  SMART_EQ("en", "well-known, a -b, a- b", "well-known, a -b, a- b");
  SMART_EQ("kk", "тұрады — «Йузи» және —бір", "тұрады\xC2\xA0— «Йузи» және —бір");
  SMART_EQ("en", "Astana – the capital", "Astana\xC2\xA0– the capital");
  SMART_EQ("ru", "— Да, — сказал он.", "— Да,\xC2\xA0— сказал он.");
  SMART_EQ("en", "Wait...", "Wait…");
  SMART_EQ("en", "leaders .... and ......", "leaders .... and ......");
  SMART_EQ("en", "a ---- rule, an arrow --> and <-- back", "a ---- rule, an arrow --> and <-- back");
  SMART_EQ("en", "use --verbose or (--all)", "use --verbose or (--all)");
  /* after an opening quote: an option only when the quotation is the
   * option, or options follow; otherwise a dash opening the sentence */
  SMART_EQ("en", "run \"--verbose\" or \"--all --force\"",
           "run “--verbose” or “--all --force”");
  SMART_EQ("en", "\"--they whet their beaks,\" he read", "“\u2014they whet their beaks,” he read");
  SMART_EQ("en", "type \"---\" here", "type “---” here");
}

static void test_other_languages(void)
{
  SMART_EQ("ru", "Он сказал: \"Это \"лучший\" выбор\" -- и ушёл.",
           "Он сказал: «Это „лучший“ выбор»\xC2\xA0— и ушёл.");
  SMART_EQ("kk-KZ", "\"Сөз\" 1941--1945", "«Сөз» 1941–1945");
  /* a quote inside guillemets typed as such is a nested one */
  SMART_EQ("kk", "«Абай \"Қара сөз\" жазды»", "«Абай „Қара сөз“ жазды»");
  SMART_EQ("ru", "«Он сказал: \"да\"», а потом \"нет\"", "«Он сказал: „да“», а потом «нет»");
  SMART_EQ("ru", "слово 'значение'", "слово ‘значение’");
  SMART_EQ("de", "Er sagte: \"Das ist 'gut'\" -- oder?",
           "Er sagte: „Das ist ‚gut‘“\xC2\xA0– oder?");
  SMART_EQ("de", "Hans' Buch", "Hans’ Buch");
  SMART_EQ("de-CH", "\"Grüezi\"", "«Grüezi»");
  SMART_EQ("fr", "Il dit \" bonjour \" et l'homme rit !",
           "Il dit «\xE2\x80\xAF" "bonjour\xE2\x80\xAF» et l’homme rit\xE2\x80\xAF!");
  SMART_EQ("fr", "Il dit \"bonjour\".", "Il dit «bonjour»."); /* no space added */
  SMART_EQ("fr", "« déjà » : oui ; non", "«\xE2\x80\xAF" "déjà\xE2\x80\xAF»\xC2\xA0: oui\xE2\x80\xAF; non");
  SMART_EQ("fr", "un -- deux --- trois", "un\xC2\xA0– deux\xC2\xA0— trois");
  /* a quote typed after a line break before its comma closes */
  SMART_EQ("ru", "формат \"3.0 (quilt) \", отделяет", "формат «3.0 (quilt) », отделяет");
  SMART_EQ("en", "the \"...and then\" part", "the “…and then” part");
  /* a block whose one mark is each of these alone is still edited (the
   * pass leaves a block without any before counting its language) */
  SMART_EQ("fr", "oui ; non", "oui\xE2\x80\xAF; non");
  SMART_EQ("fr", "oui ! non", "oui\xE2\x80\xAF! non");
  SMART_EQ("fr", "oui ? non", "oui\xE2\x80\xAF? non");
  SMART_EQ("fr", "note : oui", "note\xC2\xA0: oui");
  SMART_EQ("fr", "« oui»", "«\xE2\x80\xAF" "oui»");
  SMART_EQ("fr", "«oui »", "«oui\xE2\x80\xAF»");
  SMART_EQ("en", "Astana \xE2\x80\x93 the capital", "Astana\xC2\xA0\xE2\x80\x93 the capital");
  SMART_EQ("en", "wait...", "wait…");
  SMART_EQ("en", "one - two", "one\xC2\xA0- two");
  SMART_EQ("en", "it's", "it’s");
  SMART_EQ("en", "no marks at all, here.", "no marks at all, here.");
}

static void test_kept(void)
{
  /* (the space before a dash binds) */
  SMART_EQ("en", "“Already” curly ‘ones’ — and «these»", "“Already” curly ‘ones’\xC2\xA0— and «these»");
  SMART_EQ("en", "see \"http://example.com/a--b?x='1'\" now",
           "see “http://example.com/a--b?x='1'” now");
  SMART_EQ("en", "at www.example.com/it's--here.", "at www.example.com/it's--here.");
  SMART_EQ("en", "mail \"jane.doe@example.org\"", "mail “jane.doe@example.org”");
  SMART_EQ("en", "in /usr/share/a--b/... dir", "in /usr/share/a--b/... dir");
  SMART_EQ("en", "<div class=\"box\"> it's</div>", "<div class=\"box\"> it’s</div>");
  SMART_EQ("en", "<one line to give the program's name>", "<one line to give the program’s name>");
}

/* The language of the block wins where it plainly differs. */
static void test_guess(void)
{
  SMART_EQ(NULL, "Он сказал \"да\"", "Он сказал «да»");
  SMART_EQ(NULL, "Er sagte, dass die Katze und der Hund \"nicht\" da ist.",
           "Er sagte, dass die Katze und der Hund „nicht“ da ist.");
  SMART_EQ(NULL, "plain \"English\"", "plain “English”");
  SMART_EQ("fr", "At that time, the whole concept of a \"distribution\" of Linux was new and that is it.",
           "At that time, the whole concept of a “distribution” of Linux was new and that is it.");
  SMART_EQ("ru", "Ian Murdock notes that the \"release\" of the year is the one to keep.",
           "Ian Murdock notes that the “release” of the year is the one to keep.");
  SMART_EQ("en", "In Moskau sagte er \"привет\" to the crowd.",
           "In Moskau sagte er “привет” to the crowd.");
}

/* A quote opening in one text node pairs with one after an emphasis;
 * code spans and autolinks stay as typed. */
static void test_inline_sequence(void)
{
  galley_doc *d = galley_doc_new();
  galley_node *p = galley_node_new(GALLEY_NODE_PARAGRAPH);
  galley_node *em = galley_node_new(GALLEY_NODE_EMPH);
  galley_node *code = galley_node_new(GALLEY_NODE_CODE);
  galley_node *link = galley_node_new(GALLEY_NODE_LINK);
  char *out;
  galley_meta_set(galley_doc_get_meta(d), "language", "en");
  galley_node_append_text(p, "He said \"", 9);
  galley_node_append_text(em, "stop", 4);
  galley_node_append_child(p, em);
  galley_node_append_text(p, "\" and ", 6);
  galley_node_set_literal(code, "a--b \"c\"", 8);
  galley_node_append_child(p, code);
  galley_node_append_text(p, " at ", 4);
  galley_node_set_url(link, "http://x.org/a--b");
  galley_node_append_text(link, "http://x.org/a--b", 17);
  galley_node_append_child(p, link);
  galley_node_append_child(galley_doc_get_root(d), p);
  galley_meta_set(galley_doc_get_meta(d), "title", "It's \"here\"");
  galley_doc_smarten(d);
  out = galley_node_get_plain_text(p);
  STR_EQ(out, "He said “stop” and a--b \"c\" at http://x.org/a--b");
  free(out);
  STR_EQ(galley_meta_get(galley_doc_get_meta(d), "title"), "It’s “here”");
  galley_doc_free(d);
  galley_doc_smarten(NULL);
}

/* Many unpaired quotes stay linear and leave no open state behind. */
static void test_pathological(void)
{
  size_t n = 200000, i;
  char *s = malloc(n + 1), *out;
  for (i = 0; i < n; i++)
    s[i] = "'\"- ."[i % 5];
  s[n] = '\0';
  out = smart("en", s);
  OK(strlen(out) >= n);
  free(out);
  free(s);
}

int main(void)
{
  RUN(test_english);
  RUN(test_other_languages);
  RUN(test_kept);
  RUN(test_guess);
  RUN(test_inline_sequence);
  RUN(test_pathological);
  return harness_report();
}
