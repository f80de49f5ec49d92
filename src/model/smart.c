/* smart.c: galley_doc_smarten, typographic punctuation in the model.
 *
 * Typed text carries typewriter conventions: straight quotes, "--" and
 * "---" for dashes, "..." for an ellipsis. This pass sets them as a copy
 * editor would, by the document's language, in the displayed text of
 * every block (and the displayed metadata: title, subtitle, authors,
 * description), so that both editions print the same characters whichever
 * reader built the model.
 *
 * A block's inline content is handled as one sequence: the TEXT nodes in
 * document order, with a code span, an image or an autolink standing in as
 * one opaque letter and a line break as a space. So a quote that opens in
 * one text node and closes after an emphasis pairs up. Code (CODE,
 * CODE_BLOCK), link targets and words that are URLs, e-mail addresses or
 * file paths are never changed, nor are HTML tags shown as text (raw
 * HTML that the Markdown reader keeps visible). Characters that are
 * typographic already stay as they are.
 *
 * Quotes. Each straight quote is first judged by its neighbours, as
 * SmartyPants and pandoc's smart extension do: a quote between two
 * letters is an apostrophe (don't, l'homme); one before a word and after a
 * space or an opening bracket opens; one after a word and before a space
 * or punctuation closes. The openers then pair with closers of their own
 * kind on a stack. A double quote nested in another takes the language's
 * inner double marks; a single quote takes its single marks. A single
 * closer with no opener is an apostrophe (the dogs' bowls); a double
 * closer with no opener closes the primary pair (the last paragraph of a
 * quotation that ran over several). An opener left open at the end of a
 * paragraph stays an opener (a quotation that goes on in the next one).
 * A quote right after a digit with nothing of its kind open is a prime
 * (5'10"). English elisions ('tis, 'em, rock 'n' roll) and abbreviated
 * years ('90s) take an apostrophe. A quote never opens before a comma, a
 * colon or a closing bracket (a closing quote typed after a line break,
 * "3.0 (quilt) ", ...").
 *
 * Dashes. Exactly two or three hyphens between words, spaces or ordinary
 * punctuation become the language's dash; two hyphens between digits are a
 * range (en dash). A space before a dash becomes a no-break space, so that
 * no line starts with a dash; so does the space before a dash typed as
 * such between spaces, and before a single hyphen typed as a dash between
 * spaces, which stays as typed (the fidelity check reads a hyphen alone
 * as a word of its own). Longer runs (rules, underlines), arrows, table
 * rules and command-line options ("--verbose") stay as typed.
 *
 * French binds the space typed inside guillemets and before ; ! ? with a
 * narrow no-break space (U+202F, the "espace fine insécable" of current
 * French practice: it does not stretch with justification, and no
 * guillemet or mark is left alone at a line's edge), and the one before
 * : with a no-break space (U+00A0), as the Imprimerie nationale has it.
 * No space is added where none was typed ("bonjour" becomes «bonjour»):
 * a space is a word boundary, and the pass changes punctuation, never
 * where one word ends, so every word of the input is found as typed.
 *
 * The conventions of each language, and which a block takes, are in
 * smart_lang.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/link.h"
#include "../util/parallel.h"
#include "../util/utf8.h"
#include "node.h"
#include "smart_private.h"

/* ------------------------------------------------------------------ */
/* Characters                                                          */
/* ------------------------------------------------------------------ */

/* 0 stands for the start or the end of the sequence, which counts as
 * white space. */
static int is_space(int32_t c)
{
  return c == 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 ||
         c == 0x202F || galley_utf8_is_space(c);
}

static int is_digit(int32_t c)
{
  return c >= '0' && c <= '9';
}

static int is_word(int32_t c)
{
  return is_digit(c) || galley_utf8_is_letter(c);
}

static int is_straight_quote(int32_t c)
{
  return c == '"' || c == '\'';
}

/* Before an opening quote: brackets, dashes, slashes and opening quotes. */
static int is_open_context(int32_t c)
{
  return c == '(' || c == '[' || c == '{' || c == '<' || c == '-' || c == '/' ||
         c == 0x2013 || c == 0x2014 || c == 0x201C || c == 0x2018 || c == 0xAB ||
         c == 0x201E || c == 0x201A || c == 0x2039;
}

/* After a closing quote: sentence punctuation, brackets, dashes, closing
 * quotes. */
static int is_close_context(int32_t c)
{
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
         c == ')' || c == ']' || c == '}' || c == '>' || c == '-' || c == '/' ||
         c == 0x2026 || c == 0x2013 || c == 0x2014 || c == 0x201D || c == 0x2019 ||
         c == 0xBB || c == 0x203A || c == 0x201C;
}

/* Beside a typed dash: what may stand next to a dash in running text. */
static int is_dash_neighbour(int32_t c)
{
  return is_space(c) || is_word(c) || is_straight_quote(c) ||
         (c != '-' && c != '/' && c != '<' && c != '>' &&
          (is_open_context(c) || is_close_context(c))) ||
         c == 0xBB || c == 0x201D || c == 0x2019;
}

/* ------------------------------------------------------------------ */
/* A block's inline sequence                                           */
/* ------------------------------------------------------------------ */

typedef struct smart_seg {
  galley_node *node; /* borrowed: a TEXT node of the block */
  size_t off;        /* where its literal starts in the sequence */
  size_t len;        /* its bytes */
} smart_seg;

/* The opening guillemet, as a language's quote table spells it. */
#define GUILLEMET_OPEN "\xC2\xAB"

typedef struct smart_edit {
  size_t pos;      /* byte offset in the sequence */
  size_t len;      /* bytes replaced (0: an insertion before pos) */
  const char *rep; /* static replacement */
} smart_edit;

typedef struct smart_open {
  int dbl;         /* 1: a double quote, 0: a single one */
  int inner;       /* 0 outer double, 1 nested double, 2 single */
  int wraps;       /* 1: it opens right before a typed «, made nested */
} smart_open;

/* How many openers a closer looks back over for its partner: quotes nest
 * a few deep in real text, and a bound keeps a paragraph of thousands of
 * unpaired quotes linear. */
#define SMART_MAX_LOOKBACK 16
/* Below this many bytes of text, a document's blocks are smartened on
 * the calling thread: starting threads would cost more than it saves. */
#define SMART_PARALLEL_MIN_BYTES (256 * 1024)

typedef struct smart_ctx {
  const smart_lang *lang; /* borrowed, static */
  galley_buf seq;         /* the block's text, with stand-ins */
  unsigned char *keep;    /* owned; seq.len flags: 1 inside a URL or path */
  smart_seg *segs;        /* owned array */
  int nsegs, segs_cap;
  smart_edit *edits;      /* owned array, in order of pos */
  int nedits, edits_cap;
  smart_open *stack;      /* owned array of open quotes */
  int nstack, stack_cap;
  int ndouble;            /* double quotes open on the stack */
  int typed_open;         /* guillemets « typed in the text and not yet closed */
} smart_ctx;

/* Whether a LINK shows its own target (an autolink): then its text is an
 * address, kept as it is. */
static int is_autolink(const galley_node *link)
{
  const char *url = galley_node_get_url(link);
  char *text;
  int same;
  if (!url)
    return 0;
  text = galley_node_get_plain_text(link);
  same = strcmp(text, url) == 0 ||
         (strncmp(url, "mailto:", 7) == 0 && strcmp(text, url + 7) == 0);
  free(text);
  return same;
}

static void collect(smart_ctx *c, galley_node *parent)
{
  galley_node *n;
  for (n = parent->first_child; n; n = n->next) {
    switch (n->type) {
    case GALLEY_NODE_TEXT:
      if (c->nsegs == c->segs_cap) {
        c->segs_cap = c->segs_cap ? 2 * c->segs_cap : 8;
        c->segs = galley_xreallocarray(c->segs, (size_t)c->segs_cap, sizeof *c->segs);
      }
      c->segs[c->nsegs].node = n;
      c->segs[c->nsegs].off = c->seq.len;
      c->segs[c->nsegs].len = n->literal_len;
      c->nsegs++;
      galley_buf_put(&c->seq, n->literal, n->literal_len);
      break;
    case GALLEY_NODE_LINEBREAK:
      galley_buf_putc(&c->seq, ' ');
      break;
    case GALLEY_NODE_LINK:
      if (is_autolink(n))
        galley_buf_putc(&c->seq, 'x');
      else
        collect(c, n);
      break;
    case GALLEY_NODE_CODE:
    case GALLEY_NODE_IMAGE:
      galley_buf_putc(&c->seq, 'x'); /* opaque: a word for its neighbours */
      break;
    default:
      if (galley_node_is_inline(n))
        collect(c, n);
      break;
    }
  }
}

/* The segment holding byte `pos`, or -1 for a stand-in. */
static int seg_at(const smart_ctx *c, size_t pos)
{
  int lo = 0, hi = c->nsegs - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    const smart_seg *s = &c->segs[mid];
    if (pos < s->off)
      hi = mid - 1;
    else if (pos >= s->off + s->len)
      lo = mid + 1;
    else
      return mid;
  }
  return -1;
}

/* Whether bytes [pos, pos+len) lie in one text node and outside URLs. */
static int is_editable(const smart_ctx *c, size_t pos, size_t len)
{
  int s = seg_at(c, pos);
  size_t i;
  if (s < 0 || pos + len > c->segs[s].off + c->segs[s].len)
    return 0;
  for (i = 0; i < len; i++)
    if (c->keep[pos + i])
      return 0;
  return 1;
}

static int32_t cp_before(const smart_ctx *c, size_t pos)
{
  int32_t cp;
  if (pos == 0)
    return 0;
  galley_utf8_prev(c->seq.ptr, pos, &cp);
  return cp < 0 ? 0xFFFD : cp;
}

static int32_t cp_at(const smart_ctx *c, size_t pos)
{
  int32_t cp;
  if (pos >= c->seq.len)
    return 0;
  galley_utf8_decode(c->seq.ptr + pos, c->seq.len - pos, &cp);
  return cp < 0 ? 0xFFFD : cp;
}

static void add_edit(smart_ctx *c, size_t pos, size_t len, const char *rep)
{
  if (c->nedits == c->edits_cap) {
    c->edits_cap = c->edits_cap ? 2 * c->edits_cap : 16;
    c->edits = galley_xreallocarray(c->edits, (size_t)c->edits_cap, sizeof *c->edits);
  }
  c->edits[c->nedits].pos = pos;
  c->edits[c->nedits].len = len;
  c->edits[c->nedits].rep = rep;
  c->nedits++;
}

static int cmp_edit(const void *a, const void *b)
{
  const smart_edit *x = a, *y = b;
  if (x->pos != y->pos)
    return x->pos < y->pos ? -1 : 1;
  return x->len < y->len ? -1 : x->len > y->len; /* insertions first */
}

/* ------------------------------------------------------------------ */
/* Words that are addresses                                            */
/* ------------------------------------------------------------------ */

/* A markup tag shown as text bounds its search for the closing '>'. */
#define SMART_TAG_MAX_BYTES 256

/* Whether an HTML or XML tag starts at `i` ("<div class=\"box\">",
 * "</p>", "<!-- x -->"): raw HTML kept as visible text keeps its straight
 * quotes. Returns the bytes up to and with its '>', else 0. */
static size_t tag_length(const char *s, size_t n, size_t i)
{
  size_t j = i + 1, name;
  int attrs = 0; /* an '=' seen: name="value" */
  if (j < n && (s[j] == '/' || s[j] == '!' || s[j] == '?'))
    j++;
  name = j;
  while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
                   (s[j] >= '0' && s[j] <= '9') || s[j] == '-' || s[j] == ':'))
    j++;
  if (j == name || !((s[name] >= 'a' && s[name] <= 'z') || (s[name] >= 'A' && s[name] <= 'Z') ||
                     s[i + 1] == '!'))
    return 0;
  if (j < n && s[j] == '>')
    return j + 1 - i; /* <p>, </p> */
  if (j + 1 < n && s[j] == '/' && s[j + 1] == '>')
    return j + 2 - i; /* <br/> */
  if (j >= n || (s[j] != ' ' && s[j] != '\t' && s[i + 1] != '!'))
    return 0;
  for (; j < n && j - i < SMART_TAG_MAX_BYTES; j++) {
    if (s[j] == '<')
      return 0;
    if (s[j] == '=')
      attrs = 1;
    /* "<one line to give the program's name>" is a placeholder in
     * prose, not a tag: a tag with more than its name has attributes */
    if (s[j] == '>')
      return attrs || s[i + 1] == '!' ? j + 1 - i : 0;
  }
  return 0;
}

/* Flags in c->keep the words that are addresses and the tags. */
static void mark_addresses(smart_ctx *c)
{
  const char *s = c->seq.ptr;
  size_t n = c->seq.len, i = 0;
  c->keep = galley_xcalloc(n ? n : 1, 1);
  for (i = 0; i < n; i++) {
    const char *lt = memchr(s + i, '<', n - i);
    size_t t;
    if (!lt)
      break;
    i = (size_t)(lt - s);
    t = tag_length(s, n, i);
    if (t) {
      memset(c->keep + i, 1, t);
      i += t - 1;
    }
  }
  i = 0;
  while (i < n) {
    size_t a, b;
    int marked = 0; /* every address has one of : . @ / \ */
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
      i++;
    a = i;
    while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') {
      marked |= s[i] == ':' || s[i] == '.' || s[i] == '@' || s[i] == '/' || s[i] == '\\';
      i++;
    }
    b = i;
    if (marked) {
      size_t start, wlen = galley_link_trim_word(s + a, b - a, &start);
      if (wlen > 0 && galley_link_is_address_word(s + a + start, wlen))
        memset(c->keep + a + start, 1, wlen);
    }
  }
}

/* ------------------------------------------------------------------ */
/* Quotes                                                              */
/* ------------------------------------------------------------------ */

/* English words that begin with an elided letter: 'tis, 'em, rock 'n'
 * roll. Their quote is an apostrophe, not an opener. */
static const char *const elisions_en[] = {"tis", "twas", "twere", "twill", "em", "n",
                                           "cause", "til", "bout", "round"};

static int is_elision(const smart_ctx *c, size_t pos)
{
  const char *s = c->seq.ptr + pos + 1;
  size_t n = 0, i;
  if (strcmp(c->lang->tag, "en") != 0)
    return 0;
  while (pos + 1 + n < c->seq.len && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z')))
    n++;
  if (n == 0 || is_word(cp_at(c, pos + 1 + n)))
    return 0;
  for (i = 0; i < sizeof elisions_en / sizeof *elisions_en; i++) {
    size_t k;
    if (strlen(elisions_en[i]) != n)
      continue;
    for (k = 0; k < n && (s[k] | 0x20) == elisions_en[i][k]; k++)
      ;
    if (k == n)
      return 1;
  }
  return 0;
}

/* '90s, '06: an apostrophe for the century left out. */
static int is_abbreviated_year(const smart_ctx *c, size_t pos)
{
  return is_digit(cp_at(c, pos + 1)) && is_digit(cp_at(c, pos + 2)) &&
         !is_digit(cp_at(c, pos + 3));
}

static void push_open(smart_ctx *c, int dbl, int inner)
{
  if (c->nstack == c->stack_cap) {
    c->stack_cap = c->stack_cap ? 2 * c->stack_cap : 8;
    c->stack = galley_xreallocarray(c->stack, (size_t)c->stack_cap, sizeof *c->stack);
  }
  c->stack[c->nstack].dbl = dbl;
  c->stack[c->nstack].inner = inner;
  c->stack[c->nstack].wraps = 0;
  c->nstack++;
  c->ndouble += dbl;
}

/* Pops the nearest open quote of the kind `dbl` (and any opened after
 * it, which stay openers). Returns its inner flag, or -1 when none is
 * open within SMART_MAX_LOOKBACK; *wraps says whether it opened right
 * before a typed «. */
static int pop_open(smart_ctx *c, int dbl, int *wraps)
{
  int i, lim = c->nstack - SMART_MAX_LOOKBACK;
  *wraps = 0;
  for (i = c->nstack - 1; i >= 0 && i >= lim; i--)
    if (c->stack[i].dbl == dbl) {
      int inner = c->stack[i].inner, k;
      *wraps = c->stack[i].wraps;
      for (k = i; k < c->nstack; k++)
        c->ndouble -= c->stack[k].dbl;
      c->nstack = i;
      return inner;
    }
  return -1;
}

static int has_open(const smart_ctx *c, int dbl)
{
  int i, lim = c->nstack - SMART_MAX_LOOKBACK;
  for (i = c->nstack - 1; i >= 0 && i >= lim; i--)
    if (c->stack[i].dbl == dbl)
      return 1;
  return 0;
}

/* Emits an opening quote at `pos`, with French spacing when due. */
/* `inner`: 0 an outer double quote, 1 a nested one, 2 a single one. */
static void emit_open(smart_ctx *c, size_t pos, int inner)
{
  const char *mark = inner == 2 ? c->lang->sopen : c->lang->open[inner];
  if (c->lang->french_spacing && !inner && cp_at(c, pos + 1) == ' ' &&
      is_editable(c, pos + 1, 1))
    add_edit(c, pos + 1, 1, NNBSP);
  add_edit(c, pos, 1, mark);
}

static void emit_close(smart_ctx *c, size_t pos, int inner)
{
  if (c->lang->french_spacing && !inner && cp_before(c, pos) == ' ' &&
      is_editable(c, pos - 1, 1))
    add_edit(c, pos - 1, 1, NNBSP);
  add_edit(c, pos, 1, inner == 2 ? c->lang->sclose : c->lang->close[inner]);
}

/* Whether the byte at `pos` is punctuation that ends a clause or closes
 * a bracket, and so can follow a closing quote but never an opening one
 * ("3.0 (quilt)\n", ..." typed with its closing quote on the next line):
 * a full stop only as such, not the start of "..." or of ".NET". */
static int is_clause_punct_at(const smart_ctx *c, size_t pos)
{
  char ch = pos < c->seq.len ? c->seq.ptr[pos] : 0;
  if (ch == '.') {
    char nx = pos + 1 < c->seq.len ? c->seq.ptr[pos + 1] : 0;
    return nx == 0 || nx == ' ' || nx == '\n';
  }
  return ch == ',' || ch == ';' || ch == ':' || ch == '!' || ch == '?' || ch == ')' ||
         ch == ']' || ch == '}';
}

/* Whether the bytes at `pos` are a typed guillemet (0xAB «, 0xBB ») in
 * text smartening may edit. */
static int has_typed_guillemet(const smart_ctx *c, size_t pos, unsigned char which)
{
  return pos + 1 < c->seq.len && (unsigned char)c->seq.ptr[pos] == 0xC2 &&
         (unsigned char)c->seq.ptr[pos + 1] == which && is_editable(c, pos, 2);
}

static void do_quote(smart_ctx *c, size_t pos)
{
  int dbl = c->seq.ptr[pos] == '"', wraps;
  int32_t p = cp_before(c, pos), n = cp_at(c, pos + 1);
  int left = (is_space(p) || is_open_context(p) || is_straight_quote(p)) && !is_space(n) &&
             !is_clause_punct_at(c, pos + 1);
  int right = !is_space(p) && !is_open_context(p) &&
              (is_space(n) || is_close_context(n) || is_straight_quote(n));
  int inner;

  if (!dbl) {
    if (is_digit(p) && is_digit(n) && !has_open(c, 0)) {
      size_t k = pos + 1;
      while (k < c->seq.len && is_digit((unsigned char)c->seq.ptr[k]))
        k++;
      if (k < c->seq.len && c->seq.ptr[k] == '"') {
        add_edit(c, pos, 1, "\xE2\x80\xB2"); /* 6'2": feet before inches */
        return;
      }
    }
    if (is_word(p) && is_word(n)) {
      add_edit(c, pos, 1, APOSTROPHE); /* don't, l'homme, 1990's */
      return;
    }
    if (!is_word(p) && (is_abbreviated_year(c, pos) || is_elision(c, pos))) {
      add_edit(c, pos, 1, APOSTROPHE);
      return;
    }
  }
  if (is_digit(p) && !is_word(n) && !has_open(c, dbl)) {
    add_edit(c, pos, 1, dbl ? "\xE2\x80\xB3" : "\xE2\x80\xB2"); /* 5'10" */
    return;
  }
  if (left == right) /* between spaces, or between a word and a word */
    left = !has_open(c, dbl);
  if (left) {
    /* a quote inside a typed «…» is a nested one: «… „…“ …» */
    inner = dbl ? (c->ndouble + c->typed_open) % 2 : 2;
    push_open(c, dbl, inner);
    emit_open(c, pos, inner);
    if (dbl && inner == 0 && strcmp(c->lang->open[0], GUILLEMET_OPEN) == 0 &&
        has_typed_guillemet(c, pos + 1, 0xAB)) {
      /* a straight quote typed around a quotation already in «…»
       * ("«Абай»" from a wiki): the straight pair is the outer quote,
       * the typed pair the nested one, not «« »» */
      add_edit(c, pos + 1, 2, c->lang->open[1]);
      c->stack[c->nstack - 1].wraps = 1;
    }
    return;
  }
  inner = pop_open(c, dbl, &wraps);
  if (inner >= 0 && wraps && pos >= 2 && has_typed_guillemet(c, pos - 2, 0xBB))
    add_edit(c, pos - 2, 2, c->lang->close[1]);
  if (inner >= 0)
    emit_close(c, pos, inner);
  else if (dbl)
    emit_close(c, pos, 0); /* a quotation closing that opened earlier */
  else
    add_edit(c, pos, 1, APOSTROPHE); /* the dogs' bowls */
}

/* ------------------------------------------------------------------ */
/* Dashes, ellipses, French spaces                                     */
/* ------------------------------------------------------------------ */

/* Whether the option-like word at `pos` (after a quote and "--") ends
 * the quotation or is followed by another option: "--all" or "--all
 * --force", not a dash opening a quoted sentence. */
static int is_quoted_option(const smart_ctx *c, size_t pos)
{
  const char *s = c->seq.ptr;
  size_t i = pos;
  while (i < c->seq.len && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
                            s[i] == '-' || s[i] == '_' || s[i] == '=' || s[i] == '.'))
    i++;
  if (i >= c->seq.len || s[i] == '"' || s[i] == '\'')
    return 1;
  return s[i] == ' ' && i + 1 < c->seq.len && s[i + 1] == '-';
}

/* Returns the bytes consumed at `pos` (a '-'). */
static size_t do_dash(smart_ctx *c, size_t pos)
{
  const char *s = c->seq.ptr;
  size_t run = 0;
  int32_t p = cp_before(c, pos), n;
  while (pos + run < c->seq.len && s[pos + run] == '-')
    run++;
  n = cp_at(c, pos + run);
  if (run == 1 && p == ' ' && n == ' ' && is_editable(c, pos - 1, 1)) {
    /* a hyphen typed as a dash ("online - wegen", "24. - 28. August")
     * stays a hyphen, as typed, but starts no line either */
    add_edit(c, pos - 1, 1, NBSP);
    return run;
  }
  if (p == '-' || (run != 2 && run != 3) || !is_editable(c, pos, run) ||
      !is_dash_neighbour(p) || !is_dash_neighbour(n))
    return run;
  /* "---" in quotes or brackets: the characters themselves are meant */
  if (!is_space(p) && !is_word(p) && !is_space(n) && !is_word(n))
    return run;
  /* "--verbose", "(--all)": a command-line option, not a dash; but after
   * an opening quote only when the word is all the quotation holds or
   * another option follows ("--they whet their beaks," is a dash) */
  if (run == 2 && (is_space(p) || p == '(' || p == '[' ||
                   ((p == '"' || p == '\'') && is_quoted_option(c, pos + run))) &&
      ((n >= 'a' && n <= 'z') || is_digit(n)))
    return run;
  if (run == 2 && is_digit(p) && is_digit(n)) {
    add_edit(c, pos, run, EN_DASH); /* 10--12: a range */
    return run;
  }
  if (p == ' ' && is_editable(c, pos - 1, 1))
    add_edit(c, pos - 1, 1, NBSP); /* no line starts with the dash */
  add_edit(c, pos, run, run == 2 ? c->lang->dash2 : c->lang->dash3);
  return run;
}

static void do_ellipsis(smart_ctx *c, size_t pos)
{
  int32_t p = cp_before(c, pos), n = cp_at(c, pos + 3);
  if (p == '.' || n == '.' || p == '/' || n == '/' || !is_editable(c, pos, 3))
    return;
  add_edit(c, pos, 3, ELLIPSIS);
}

/* French: the typed space before ; ! ? : and beside guillemets binds. */
static void do_french_space(smart_ctx *c, size_t pos)
{
  int32_t n = cp_at(c, pos + 1), p = cp_before(c, pos);
  if (!is_editable(c, pos, 1))
    return;
  if (n == ';' || n == '!' || n == '?' || n == 0xBB)
    add_edit(c, pos, 1, NNBSP);
  else if (n == ':' && (is_space(cp_at(c, pos + 2))))
    add_edit(c, pos, 1, NBSP);
  else if (p == 0xAB)
    add_edit(c, pos, 1, NNBSP);
}

/* A dash typed as such (U+2013, U+2014) between spaces starts no line:
 * the space before it binds, as the space before a "--" made a dash
 * does ("тұрады — «Йузи-рәушән»", "Astana – the capital"). */
static void do_space_before_dash(smart_ctx *c, size_t pos)
{
  int32_t n = cp_at(c, pos + 1);
  if (pos == 0 || (n != 0x2013 && n != 0x2014) || is_space(cp_before(c, pos)) ||
      !is_space(cp_at(c, pos + 4)) || !is_editable(c, pos, 1))
    return;
  add_edit(c, pos, 1, NBSP);
}

/* ------------------------------------------------------------------ */
/* The pass                                                            */
/* ------------------------------------------------------------------ */

static void rewrite(smart_ctx *c)
{
  galley_buf out = GALLEY_BUF_INIT;
  int e = 0, i;
  size_t last_end = 0;
  for (i = 0; i < c->nsegs; i++) {
    const smart_seg *sg = &c->segs[i];
    size_t at = sg->off, end = sg->off + sg->len;
    int changed = 0;
    galley_buf_clear(&out);
    while (e < c->nedits && c->edits[e].pos < end) {
      const smart_edit *ed = &c->edits[e++];
      if (ed->pos < at || ed->pos < last_end)
        continue; /* overlaps an edit already made */
      galley_buf_put(&out, c->seq.ptr + at, ed->pos - at);
      galley_buf_puts(&out, ed->rep);
      at = ed->pos + ed->len;
      last_end = at;
      changed = 1;
    }
    if (!changed)
      continue;
    galley_buf_put(&out, c->seq.ptr + at, end - at);
    galley_node_set_literal(sg->node, out.ptr, out.len);
  }
  galley_buf_free(&out);
}

/* The bytes smarten_block looks at: quotes, dashes, full stops, spaces
 * and the lead byte of U+00AB and U+00BB. */
static const unsigned char smart_marks[256] = {
    ['"'] = 1, ['\''] = 1, ['-'] = 1, ['.'] = 1, [' '] = 1, [0xC2] = 1};

/* Whether the loop below could edit `s`, in any language: it holds a
 * straight quote, a hyphen, three dots, or a space before a dash or (for
 * French spacing) next to ; ! ? : or guillemets. Most blocks of many
 * texts hold none, and are left before their language is counted and
 * their addresses found. */
static int may_edit(const char *s, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned char b = (unsigned char)s[i], next = i + 1 < n ? (unsigned char)s[i + 1] : 0;
    if (b == '"' || b == '\'' || b == '-')
      return 1;
    if (b == '.' && next == '.' && i + 2 < n && s[i + 2] == '.')
      return 1;
    if (b == ' ' && (next == 0xE2 || next == ';' || next == '!' || next == '?' || next == ':' ||
                     next == 0xC2))
      return 1;
    if (b == 0xC2 && next == 0xAB && i + 2 < n && s[i + 2] == ' ')
      return 1; /* "« " */
  }
  return 0;
}

static void smarten_block(const smart_lang *lang, galley_node *block)
{
  smart_ctx c;
  size_t i;
  memset(&c, 0, sizeof c);
  collect(&c, block);
  if (c.nsegs == 0 || !may_edit(c.seq.ptr, c.seq.len))
    goto done;
  c.lang = lang = smart_block_lang(lang, c.seq.ptr, c.seq.len);
  mark_addresses(&c);
  for (i = 0; i < c.seq.len;) {
    char ch = c.seq.ptr[i];
    /* most bytes are none of the marks below, and most spaces are before
     * no dash (U+2013 and U+2014 begin with 0xE2) and in no language
     * that spaces its punctuation: skip them before looking up their
     * segment */
    if (!smart_marks[(unsigned char)ch] ||
        (ch == ' ' && !lang->french_spacing &&
         (i + 1 >= c.seq.len || (unsigned char)c.seq.ptr[i + 1] != 0xE2)) ||
        c.keep[i] || seg_at(&c, i) < 0) {
      i++;
      continue;
    }
    if (ch == '"' || ch == '\'')
      do_quote(&c, i);
    else if (ch == '-') {
      i += do_dash(&c, i);
      continue;
    } else if (ch == '.' && i + 3 <= c.seq.len && memcmp(c.seq.ptr + i, "...", 3) == 0) {
      size_t run = 0;
      while (i + run < c.seq.len && c.seq.ptr[i + run] == '.')
        run++;
      if (run == 3)
        do_ellipsis(&c, i);
      i += run;
      continue;
    } else if (ch == ' ') {
      if (lang->french_spacing)
        do_french_space(&c, i);
      do_space_before_dash(&c, i);
    }
    else if ((unsigned char)ch == 0xC2 && i + 1 < c.seq.len) {
      if ((unsigned char)c.seq.ptr[i + 1] == 0xAB)
        c.typed_open++; /* « */
      else if ((unsigned char)c.seq.ptr[i + 1] == 0xBB && c.typed_open > 0)
        c.typed_open--; /* » */
    }
    i++;
  }
  if (c.nedits > 0) {
    qsort(c.edits, (size_t)c.nedits, sizeof *c.edits, cmp_edit);
    rewrite(&c);
  }
done:
  galley_buf_free(&c.seq);
  free(c.keep);
  free(c.segs);
  free(c.edits);
  free(c.stack);
}

/* Smartens every value of `key` where it stands, so the metadata keeps
 * its order and the lines its values were read from. */
static void smarten_meta(const smart_lang *lang, galley_meta *m, const char *key)
{
  int i;
  for (i = 0; i < m->count; i++) {
    meta_entry *e = &m->items[i];
    galley_node *p;
    if (!e->key || strcmp(e->key, key) != 0)
      continue;
    p = galley_node_new(GALLEY_NODE_PARAGRAPH);
    galley_node_append_text(p, e->value, strlen(e->value));
    smarten_block(lang, p);
    free(e->value);
    e->value = galley_node_get_plain_text(p); /* owned by the entry now */
    galley_node_free(p);
  }
}

/* The blocks of a document to smarten, for galley_parallel_for. */
typedef struct smart_job {
  const smart_lang *lang;
  galley_node **blocks; /* owned array of borrowed blocks */
  size_t n;
} smart_job;

static void smarten_one(void *job_, int i)
{
  const smart_job *job = job_;
  smarten_block(job->lang, job->blocks[i]);
}

void galley_doc_smarten(galley_doc *doc)
{
  smart_job job = {NULL, NULL, 0};
  size_t cap = 0, bytes = 0;
  static const char *const keys[] = {"title", "subtitle", "author", "description"};
  const smart_lang *lang;
  galley_iter *it;
  galley_event_type ev;
  size_t k;
  if (!doc)
    return;
  lang = smart_lang_for_tag(galley_meta_get(&doc->meta, "language"));
  if (!lang)
    lang = smart_guess_lang(doc->root);
  for (k = 0; k < sizeof keys / sizeof *keys; k++)
    smarten_meta(lang, &doc->meta, keys[k]);
  /* The blocks first, then each smartened: a block's edits touch only the
   * literals of its own inline text (collect does not enter a nested
   * block), so the blocks are independent and a long document's are done
   * side by side, with the same result in any order. */
  it = galley_iter_new(doc->root);
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    galley_node *n = galley_iter_get_node(it);
    if (ev == GALLEY_EVENT_ENTER)
      bytes += n->literal_len;
    if (ev != GALLEY_EVENT_ENTER || !galley_node_type_holds_inlines(n->type))
      continue;
    if (job.n == cap) {
      cap = cap ? cap * 2 : 64;
      job.blocks = galley_xreallocarray(job.blocks, cap, sizeof *job.blocks);
    }
    job.blocks[job.n++] = n;
  }
  galley_iter_free(it);
  job.lang = lang;
  galley_parallel_for((int)job.n,
                      bytes < SMART_PARALLEL_MIN_BYTES
                          ? 1 : galley_thread_count(0, GALLEY_PARALLEL_MAX),
                      smarten_one, &job);
  free(job.blocks);
}
