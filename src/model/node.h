/* node.h: the private layout of the document model. Readers and writers
 * use the accessors in galley.h; only model/ touches these fields. */
#ifndef GALLEY_MODEL_NODE_H
#define GALLEY_MODEL_NODE_H

#include "../galley.h"

struct galley_node {
  galley_node_type type;
  galley_node *parent;      /* borrowed; NULL for a root or detached node */
  galley_node *first_child; /* owned (with its siblings) */
  galley_node *last_child;  /* borrowed */
  galley_node *prev;        /* borrowed */
  galley_node *next;        /* owned by the parent's chain */
  char *literal;            /* owned; TEXT, CODE, CODE_BLOCK; NUL-terminated */
  size_t literal_len;       /* bytes of literal */
  char *url;                /* owned; LINK, IMAGE */
  char *title;              /* owned; LINK, IMAGE title, CODE_BLOCK info */
  char *id;                 /* owned; anchor (headings) */
  const char *rule;         /* static; the reader rule that decided it */
  int level;                /* HEADING: 1..6 */
  int list_start;           /* LIST: first number */
  unsigned list_ordered : 1;
  unsigned list_tight : 1;
  int line;                 /* 1-based source line, 0 if none */
};

typedef struct meta_entry {
  char *key;   /* owned */
  char *value; /* owned */
  int line;    /* 1-based input line the value was read from, 0 if none */
} meta_entry;

struct galley_meta {
  meta_entry *items; /* owned array */
  int count;
  int cap;
};

struct galley_doc {
  galley_node *root; /* owned: the DOCUMENT node */
  galley_meta meta;  /* owned entries */
};

void galley_meta_free_entries(galley_meta *meta);

#endif
