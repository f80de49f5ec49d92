/* node.h: the private layout of the document model. Readers and writers
 * use the accessors in galley.h; only model/ touches these fields. */
#ifndef GALLEY_MODEL_NODE_H
#define GALLEY_MODEL_NODE_H

#include "../galley.h"

/* The fields few nodes have (links and images, headings, lists and
 * their items, notes, table cells and rows), apart, so that the many
 * text nodes of a book stay small. */
typedef struct galley_node_extra {
  char *url;                /* owned; LINK, IMAGE */
  char *title;              /* owned; LINK, IMAGE title, CODE_BLOCK info */
  char *id;                 /* owned; anchor (headings) */
  char *marker;             /* owned; ITEM: the marker as written, or NULL */
  int level;                /* HEADING: 1..6 */
  int list_start;           /* LIST: first number */
  int note;                 /* FOOTNOTE, FOOTNOTE_REF: note number */
  unsigned char list_style; /* LIST: galley_list_style */
  unsigned char list_delim; /* LIST: galley_list_delim */
  unsigned char task;       /* ITEM: galley_task */
  unsigned char align;      /* TABLE_CELL: galley_align */
  unsigned row_header : 1;  /* TABLE_ROW: a header row */
  unsigned list_ordered : 1;
  unsigned list_tight : 1;
  unsigned division : 1;    /* HEADING: opens a division of a book */
  unsigned contents : 1;    /* LIST: a contents list (a book's chapters) */
} galley_node_extra;

struct galley_node {
  galley_node_type type;
  int line;                 /* 1-based source line, 0 if none */
  galley_node *parent;      /* borrowed; NULL for a root or detached node */
  galley_node *first_child; /* owned (with its siblings) */
  galley_node *last_child;  /* borrowed */
  galley_node *prev;        /* borrowed */
  galley_node *next;        /* owned by the parent's chain */
  char *literal;            /* owned; TEXT, CODE, CODE_BLOCK; NUL-terminated */
  size_t literal_len;       /* bytes of literal */
  const char *rule;         /* static; the reader rule that decided it */
  galley_node_extra *x;     /* owned, or NULL: all its fields 0 (node.c's
                               accessors read and write it) */
};

typedef struct meta_entry {
  char *key;   /* owned; NULL: a hole left by galley_meta_remove */
  char *value; /* owned */
  int line;    /* 1-based input line the value was read from, 0 if none */
  int next;    /* slot of the next entry with the same key, -1 at the end */
} meta_entry;

/* One key of the index: where its chain of entries starts and ends. */
typedef struct meta_key {
  char *key;      /* owned; NULL: an empty slot of the table */
  unsigned hash;  /* of key */
  int first;      /* slot of its first entry, -1 when it has none */
  int last;       /* slot of its last entry, -1 when it has none */
  int count;      /* its entries */
} meta_key;

/* Entries in order, with holes where entries were removed (squeezed out
 * when they outnumber the entries), and an open-addressing index from
 * each key to its chain of entries: adding, replacing and looking up a
 * key cost the same however many other keys there are. */
struct galley_meta {
  meta_entry *items; /* owned array of `count` slots, holes included */
  int count;         /* slots used, holes included */
  int cap;           /* slots allocated */
  int live;          /* entries (slots that are not holes) */
  meta_key *keys;    /* owned table of `key_cap` (a power of two, or 0) */
  int key_cap;
  int key_used;      /* table slots holding a key */
};

struct galley_doc {
  galley_node *root; /* owned: the DOCUMENT node */
  galley_meta meta;  /* owned entries */
  char *reader;        /* owned; "text" or "markdown", NULL if unrecorded */
  char *reader_reason; /* owned; why that reader, NULL when it was named */
  int title_hidden;  /* the metadata's title is a fallback that nothing
                        prints (galley_doc_set_title_shown) */
  const char *language_rule; /* static; why the language was guessed, NULL
                                when it was declared (model/lang.c) */
};

void galley_meta_free_entries(galley_meta *meta);

#endif
