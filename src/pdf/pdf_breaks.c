/* pdf_breaks.c: where lines may break in a paragraph of plain Latin,
 * Greek or Cyrillic text, as Pango 1.50 says, at a tenth of its cost.
 *
 * pango_default_break computes every log attribute of a paragraph at
 * once (grapheme, word and sentence boundaries of UAX #29, the line
 * breaks of UAX #14, hyphen insertion), some 800 instructions a
 * character: an eighth of a PDF's work. The breaker reads four of them
 * (pdf_para_break.c): is_line_break, is_mandatory_break,
 * is_cursor_position and is_white. For a paragraph whose every character
 * is in the ranges below (letters, digits and punctuation of the Latin,
 * Greek and Cyrillic blocks, the general punctuation's spaces, dashes,
 * quotes and marks, the currency signs) and of a line-break class below,
 * those come from a few rules:
 *
 *   - every character starts a grapheme cluster (no combining mark,
 *     joiner, Hangul, emoji or regional indicator is in the ranges), so
 *     every position is a cursor position and a character break, and the
 *     line-break rules see every character;
 *   - is_white and is_expandable_space are Pango's tests of the
 *     character itself;
 *   - is_line_break is Pango's pair rules (break.c, default_break, "Line
 *     breaking"), kept below in Pango's order, with Pango's state: the
 *     class before, the class before a run of spaces, the numeric state
 *     of rule LB25, and the class of the next character. The rules of
 *     classes that cannot occur here are left out.
 *
 * The other fields (word and sentence boundaries, hyphen insertion) are
 * left zero: nothing in galley reads them. No tailoring applies: Pango's
 * script tailoring of Latin touches word boundaries only, and none of
 * Arabic, Indic or Thai text is here; the attributes galley shapes with
 * (fonts, features) change no break. tests/unit/test_pdf_breaks.c
 * compares the fields with pango_default_break's on generated strings of
 * every class and on real paragraphs in English, Russian and Kazakh. */
#include <string.h>

#include "pdf_layout.h"
#include "../util/utf8.h"

/* Pango's LineBreakType (rule LB25 with example 7 of the customization) */
enum { LB_OTHER, LB_NUMERIC, LB_NUMERIC_CLOSE };
/* What a rule says of the break before a character */
enum { NO = 1, YES };

#define AL G_UNICODE_BREAK_ALPHABETIC
#define NU G_UNICODE_BREAK_NUMERIC
#define SP G_UNICODE_BREAK_SPACE
#define BA G_UNICODE_BREAK_AFTER
#define BB G_UNICODE_BREAK_BEFORE
#define B2 G_UNICODE_BREAK_BEFORE_AND_AFTER
#define HY G_UNICODE_BREAK_HYPHEN
#define IS G_UNICODE_BREAK_INFIX_SEPARATOR
#define SY G_UNICODE_BREAK_SYMBOL
#define EX G_UNICODE_BREAK_EXCLAMATION
#define OP G_UNICODE_BREAK_OPEN_PUNCTUATION
#define CL G_UNICODE_BREAK_CLOSE_PUNCTUATION
#define CP G_UNICODE_BREAK_CLOSE_PARANTHESIS
#define QU G_UNICODE_BREAK_QUOTATION
#define GL G_UNICODE_BREAK_NON_BREAKING_GLUE
#define PR G_UNICODE_BREAK_PREFIX
#define PO G_UNICODE_BREAK_POSTFIX
#define IN G_UNICODE_BREAK_INSEPARABLE
#define NS G_UNICODE_BREAK_NON_STARTER

/* GLib's classes of the printable ASCII characters, U+0020 to U+007E
 * (g_unichar_break_type; the test compares every one with Pango). */
static const unsigned char ascii_class[95] = {
    SP, EX, QU, AL, PR, PO, AL, QU, OP, CP, AL, PR, IS, HY, IS, SY, /* space to / */
    NU, NU, NU, NU, NU, NU, NU, NU, NU, NU, IS, IS, AL, AL, AL, EX, /* 0 to ? */
    AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, /* @ to O */
    AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, OP, PR, CP, AL, AL, /* P to _ */
    AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, /* ` to o */
    AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, OP, BA, CL, AL};    /* p to ~ */

/* The class of `wc` as the rules below use it (Pango's rule LB1 applied:
 * ambiguous and unknown as alphabetic), or -1 when `wc` is outside the
 * ranges or of a class these rules do not follow. */
static int simple_class(int32_t wc)
{
  GUnicodeBreakType t;
  if (wc >= 0x20 && wc <= 0x7E)
    return ascii_class[wc - 0x20];
  if (!((wc >= 0xA0 && wc <= 0x2FF) || (wc >= 0x370 && wc <= 0x482) ||
        (wc >= 0x48A && wc <= 0x52F) || (wc >= 0x2000 && wc <= 0x200A) ||
        (wc >= 0x2010 && wc <= 0x2027) || (wc >= 0x202F && wc <= 0x205E) ||
        (wc >= 0x20A0 && wc <= 0x20C0 && wc != 0x20A9)))
    return -1;
  t = g_unichar_break_type((gunichar)wc);
  switch ((int)t) {
  case G_UNICODE_BREAK_AMBIGUOUS:
  case G_UNICODE_BREAK_UNKNOWN:
    return AL;
  case AL:
  case NU:
  case SP:
  case BA:
  case BB:
  case B2:
  case HY:
  case IS:
  case SY:
  case EX:
  case OP:
  case CL:
  case CP:
  case QU:
  case GL:
  case PR:
  case PO:
  case IN:
  case NS:
    return (int)t;
  default:
    return -1;
  }
}

/* Pango's is_white (a space, line or paragraph separator, or one of four
 * controls) for the characters of the ranges: the space separators. */
static int is_white(int32_t wc)
{
  return wc == 0x20 || wc == 0xA0 || (wc >= 0x2000 && wc <= 0x200A) || wc == 0x202F ||
         wc == 0x205F;
}

int pdf_simple_breaks(const char *text, int len, PangoLogAttr *attrs, int n_attrs)
{
  int prev = G_UNICODE_BREAK_UNKNOWN, prev_prev = G_UNICODE_BREAK_UNKNOWN;
  int prev_lb = LB_OTHER, cls, next_cls = -1, i, b = 0, next_b;
  int32_t wc = 0, next_wc = 0;

  if (len <= 0 || n_attrs < 1)
    return 0;
  next_b = (int)galley_utf8_decode(text, (size_t)len, &next_wc);
  if (next_wc < 0 || (next_cls = simple_class(next_wc)) < 0)
    return 0;
  memset(attrs, 0, (size_t)n_attrs * sizeof *attrs);
  for (i = 0; i < n_attrs - 1; i++) {
    int row, lb, op;
    PangoLogAttr *a = &attrs[i];
    if (b >= len)
      return 0; /* fewer characters than attributes */
    wc = next_wc;
    cls = next_cls;
    b = next_b;
    if (b < len) {
      next_b = b + (int)galley_utf8_decode(text + b, (size_t)(len - b), &next_wc);
      if (next_wc < 0 || (next_cls = simple_class(next_wc)) < 0)
        return 0;
    } else {
      next_cls = G_UNICODE_BREAK_MANDATORY; /* the paragraph separator after */
    }

    a->is_cursor_position = a->is_char_break = 1;
    if (cls == AL && prev == AL) {
      /* A letter after a letter, most of a text: rule LB28 forbids the
       * break and no later rule speaks (none looks at two letters); the
       * numeric state goes back to "other" */
      prev_lb = LB_OTHER;
      prev_prev = AL;
      continue;
    }
    a->is_white = is_white(wc);
    a->is_expandable_space = wc == 0x20 || wc == 0xA0;

    row = prev == SP ? prev_prev : prev;
    if (row == G_UNICODE_BREAK_UNKNOWN)
      row = AL;
    lb = cls == NU ? LB_NUMERIC : LB_OTHER;
    if (cls == CL || cls == CP)
      lb = prev_lb == LB_NUMERIC ? LB_NUMERIC_CLOSE : LB_OTHER;

    /* The rules in Pango's order, each overriding those before it; where
     * none speaks, rule LB31 allows the break. */
    op = 0;
    if ((prev == AL || prev == NU) && cls == OP) /* LB30 (no wide ones here) */
      op = NO;
    if (prev == CP && (cls == AL || cls == NU))
      op = NO;
    if (prev == IS && cls == AL) /* LB29 */
      op = NO;
    if (prev == AL && cls == AL) /* LB28 */
      op = NO;
    if ((prev == PR || prev == PO) && cls == NU) /* LB25 */
      op = NO;
    if ((prev == PR || prev == PO) && (cls == OP || cls == HY) && next_cls == NU)
      op = NO;
    if ((prev == OP || prev == HY) && cls == NU)
      op = NO;
    if (prev == NU && (cls == NU || cls == SY || cls == IS))
      op = NO;
    if (prev_lb == LB_NUMERIC && (cls == NU || cls == SY || cls == IS || cls == CL || cls == CP))
      op = NO;
    if ((prev_lb == LB_NUMERIC || prev_lb == LB_NUMERIC_CLOSE) && (cls == PO || cls == PR))
      op = NO;
    if ((prev == PR || prev == PO) && cls == AL) /* LB24 */
      op = NO;
    if (prev == AL && (cls == PR || cls == PO))
      op = NO;
    if (prev == AL && cls == NU) /* LB23 */
      op = NO;
    if (prev == NU && cls == AL)
      op = NO;
    if (cls == IN) /* LB22 */
      op = NO;
    if (cls == BA || cls == HY || cls == NS || prev == BB) /* LB21 */
      op = NO;
    if (prev == QU || cls == QU) /* LB19 */
      op = NO;
    if (prev == SP) /* LB18 */
      op = YES;
    if (row == B2 && cls == B2) /* LB17 */
      op = NO;
    if ((row == CL || row == CP) && cls == NS) /* LB16 */
      op = NO;
    if (row == QU && cls == OP) /* LB15 */
      op = NO;
    if (row == OP) /* LB14 */
      op = NO;
    if (cls == EX) /* LB13 */
      op = NO;
    if (prev != NU && (cls == CL || cls == CP || cls == IS || cls == SY))
      op = NO;
    if (prev == GL) /* LB12 */
      op = NO;
    if (cls == GL && prev != SP && prev != BA && prev != HY) /* LB12a */
      op = NO;
    if (cls == SP) /* LB7 */
      op = NO;
    a->is_line_break = op != NO;

    if (cls == NU || cls == SY || cls == IS) {
      if (prev_lb != LB_NUMERIC)
        prev_lb = lb;
    } else {
      prev_lb = lb;
    }
    if (cls != SP || prev != SP) {
      prev_prev = prev;
      prev = cls;
    }
  }
  if (b != len)
    return 0; /* more characters than attributes */
  /* the end: a paragraph separator after the text (rules GB2, LB3) */
  attrs[i].is_cursor_position = attrs[i].is_char_break = 1;
  attrs[i].is_white = 1;
  attrs[i].is_line_break = attrs[i].is_mandatory_break = 1;
  attrs[0].is_line_break = 0; /* LB2 */
  return 1;
}
