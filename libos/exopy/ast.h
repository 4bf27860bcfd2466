/* ast.h: the syntax tree the parser builds and the compiler walks; nodes live in the GC heap. */
#ifndef EXOPY_AST_H
#define EXOPY_AST_H

#include "exopy.h"

enum {
    /* expressions */
    N_NAME,
    N_CONST,
    N_FSTR,  /* list: parts (N_CONST or N_FVAL) */
    N_FVAL,  /* a: expr, op: conversion char or 0, b: spec (N_FSTR) or NULL */
    N_BINOP, /* op, a, b */
    N_UNOP,  /* op, a */
    N_NOT,
    N_AND, /* list */
    N_OR,
    N_CMP,    /* list: operands, ops: comparison codes */
    N_CALL,   /* a: callee, list: args (plain, N_STARRED, N_KW, N_DSTAR) */
    N_ATTR,   /* a, v: name */
    N_SUBSCR, /* a, b */
    N_SLICE,  /* a, b, c (each may be NULL) */
    N_TUPLE,
    N_LIST,
    N_SET,
    N_DICT,     /* list: key, value pairs; key NULL means **value */
    N_IFEXP,    /* a: cond, b: then, c: else */
    N_LAMBDA,   /* list: params, a: body expr */
    N_LISTCOMP, /* a: elt, b: value (dict), list: N_COMPFOR */
    N_SETCOMP,
    N_DICTCOMP,
    N_GENEXP,
    N_COMPFOR, /* a: target, b: iter, list: ifs */
    N_STARRED,
    N_YIELD,
    N_YIELDFROM,
    N_KW,     /* v: name, a: value */
    N_DSTAR,  /* a */
    N_WALRUS, /* a: name, b: value */
    N_PARAM,  /* v: name, a: default, op: PARAM_* */
    /* statements */
    N_EXPR,
    N_ASSIGN,    /* list: targets, a: value */
    N_AUGASSIGN, /* op, a: target, b: value */
    N_ANNASSIGN, /* a: target, b: value or NULL */
    N_DEL,
    N_PASS,
    N_BREAK,
    N_CONTINUE,
    N_RETURN,
    N_RAISE,  /* a: exc, b: cause */
    N_GLOBAL, /* list of N_NAME */
    N_NONLOCAL,
    N_ASSERT,     /* a, b */
    N_IF,         /* a, b: body, c: else */
    N_WHILE,      /* a, b, c */
    N_FOR,        /* a: target, b: iter, c: body, d: else */
    N_TRY,        /* a: body, list: handlers, c: else, d: finally */
    N_HANDLER,    /* a: type, v: name, b: body */
    N_WITH,       /* list: N_WITHITEM, b: body */
    N_WITHITEM,   /* a: expr, b: target */
    N_FUNCDEF,    /* v: name, list: params, a: body, d: decorators (N_BLOCK) */
    N_CLASSDEF,   /* v: name, list: bases and keywords, a: body, d: decorators */
    N_IMPORT,     /* list: N_ALIAS */
    N_IMPORTFROM, /* v: module, op: level, list: N_ALIAS (v: name "*" for all) */
    N_ALIAS,      /* v: name, w: asname */
    N_BLOCK,      /* list */
};

enum { PARAM_POS, PARAM_VARARGS, PARAM_KWONLY, PARAM_VARKW };

typedef struct Node Node;
struct Node {
    int kind, line, op, n;
    Node *a, *b, *c, *d;
    Obj *v, *w;
    Node **list;
    int *ops;
    void *scope; /* compiler's scope for function, lambda, class and comprehension nodes */
};

Node *parse_source(const char *src, size_t len, Obj *filename, int mode);
_Noreturn void syntax_error(Obj *filename, int line, const char *fmt, ...);

#endif
