/* symtable.h: scopes of a module's syntax tree, as CPython's symtable: which names are local,
 * global, cells captured by nested functions, or free variables taken from enclosing ones. */
#ifndef EXOPY_SYMTABLE_H
#define EXOPY_SYMTABLE_H

#include "ast.h"

enum { SC_MODULE, SC_CLASS, SC_FUNC };
enum {
    F_LOCAL = 1,
    F_GLOBAL = 2,
    F_NONLOCAL = 4,
    F_USE = 8,
    F_PARAM = 16,
    F_CELL = 32,
    F_FREE = 64,
};

typedef struct Scope Scope;
struct Scope {
    int kind;
    Scope *parent;
    Obj *syms;  /* name -> int flags */
    Obj *order; /* names in first-seen order */
    int generator;
    Obj *name;
    Obj *qualname;
};

/* Attach a Scope to the module node and to every function, lambda, class and comprehension
 * node (Node.scope), with every name's flags resolved. */
Scope *symtable_build(Node *module, Obj *filename);
/* A name's F_* flags in a scope (0 if unknown there). */
int symtable_flags(Scope *s, Obj *name);

#endif
