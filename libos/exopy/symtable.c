/* symtable.c: scope analysis before code generation: records the names each scope binds, uses
 * and declares, then marks cells and free variables through enclosing functions. */
#include "symtable.h"

#include <string.h>

typedef struct {
    Obj *filename;
    Scope *top;
} SymCtx;

int symtable_flags(Scope *s, Obj *name) {
    Obj *v = dict_get(s->syms, name);
    return v ? (int)int_val(v) : 0;
}

static void sym_add(Scope *s, Obj *name, int flag) {
    int old = symtable_flags(s, name);
    if (!old) list_append(s->order, name);
    dict_set(s->syms, name, int_from(old | flag));
}

static Scope *scope_new(int kind, Scope *parent, Obj *name) {
    Scope *s = gc_alloc(sizeof(Scope), 1);
    s->kind = kind;
    s->parent = parent;
    s->syms = dict_new();
    s->order = list_new(0);
    s->name = name;
    return s;
}

static void visit(SymCtx *c, Scope *s, Node *n);

static void visit_list(SymCtx *c, Scope *s, Node **l, int cnt) {
    for (int i = 0; i < cnt; i++)
        if (l[i]) visit(c, s, l[i]);
}

static void bind_target(SymCtx *c, Scope *s, Node *t) {
    if (!t) return;
    switch (t->kind) {
    case N_NAME:
        sym_add(s, t->v, F_LOCAL);
        break;
    case N_TUPLE:
    case N_LIST:
        for (int i = 0; i < t->n; i++)
            bind_target(c, s, t->list[i]);
        break;
    case N_STARRED:
        bind_target(c, s, t->a);
        break;
    default:
        visit(c, s, t);
    }
}

static void visit_params(SymCtx *c, Scope *outer, Scope *inner, Node **params, int n) {
    for (int i = 0; i < n; i++) {
        if (params[i]->a) visit(c, outer, params[i]->a);
        sym_add(inner, params[i]->v, F_PARAM | F_LOCAL);
    }
}

static void visit_comp(SymCtx *c, Scope *s, Node *n) {
    Scope *cs = scope_new(SC_FUNC, s,
                          str_intern(n->kind == N_LISTCOMP   ? "<listcomp>"
                                     : n->kind == N_SETCOMP  ? "<setcomp>"
                                     : n->kind == N_DICTCOMP ? "<dictcomp>"
                                                             : "<genexpr>"));
    cs->generator = n->kind == N_GENEXP;
    n->scope = cs;
    sym_add(cs, str_intern(".0"), F_PARAM | F_LOCAL);
    for (int i = 0; i < n->n; i++) {
        Node *f = n->list[i];
        if (i == 0)
            visit(c, s, f->b); /* the first iterable is evaluated outside */
        else
            visit(c, cs, f->b);
        bind_target(c, cs, f->a);
        visit_list(c, cs, f->list, f->n);
    }
    visit(c, cs, n->a);
    if (n->b) visit(c, cs, n->b);
}

static void visit(SymCtx *c, Scope *s, Node *n) {
    if (!n) return;
    stack_check();
    switch (n->kind) {
    case N_NAME:
        sym_add(s, n->v, F_USE);
        if (str_eqc(n->v, "super") && s->kind == SC_FUNC)
            sym_add(s, str_intern("__class__"), F_USE);
        return;
    case N_CONST:
    case N_PASS:
    case N_BREAK:
    case N_CONTINUE:
        return;
    case N_WALRUS: {
        Scope *t = s;
        while (t->kind == SC_FUNC && t->name && str_c(t->name)[0] == '<' &&
               !str_eqc(t->name, "<lambda>") && t->parent)
            t = t->parent;
        if (t != s) {
            sym_add(s, n->a->v, F_USE);
            sym_add(t, n->a->v, F_LOCAL);
        } else {
            sym_add(s, n->a->v, F_LOCAL);
        }
        visit(c, s, n->b);
        return;
    }
    case N_LAMBDA: {
        Scope *fs = scope_new(SC_FUNC, s, str_intern("<lambda>"));
        n->scope = fs;
        visit_params(c, s, fs, n->list, n->n);
        visit(c, fs, n->a);
        return;
    }
    case N_FUNCDEF: {
        if (n->d) visit(c, s, n->d);
        Scope *fs = scope_new(SC_FUNC, s, n->v);
        n->scope = fs;
        visit_params(c, s, fs, n->list, n->n);
        visit(c, fs, n->a);
        sym_add(s, n->v, F_LOCAL);
        return;
    }
    case N_CLASSDEF: {
        if (n->d) visit(c, s, n->d);
        visit_list(c, s, n->list, n->n);
        Scope *cs = scope_new(SC_CLASS, s, n->v);
        n->scope = cs;
        visit(c, cs, n->a);
        sym_add(s, n->v, F_LOCAL);
        return;
    }
    case N_LISTCOMP:
    case N_SETCOMP:
    case N_DICTCOMP:
    case N_GENEXP:
        visit_comp(c, s, n);
        return;
    case N_YIELD:
    case N_YIELDFROM:
        s->generator = 1;
        visit(c, s, n->a);
        return;
    case N_ASSIGN:
        for (int i = 0; i < n->n; i++)
            bind_target(c, s, n->list[i]);
        visit(c, s, n->a);
        return;
    case N_AUGASSIGN:
        if (n->a->kind == N_NAME)
            sym_add(s, n->a->v, F_LOCAL | F_USE);
        else
            visit(c, s, n->a);
        visit(c, s, n->b);
        return;
    case N_ANNASSIGN:
        if (n->b)
            bind_target(c, s, n->a);
        else if (n->a->kind != N_NAME)
            visit(c, s, n->a);
        visit(c, s, n->b);
        return;
    case N_DEL:
        for (int i = 0; i < n->n; i++)
            bind_target(c, s, n->list[i]);
        return;
    case N_FOR:
        bind_target(c, s, n->a);
        visit(c, s, n->b);
        visit(c, s, n->c);
        visit(c, s, n->d);
        return;
    case N_HANDLER:
        visit(c, s, n->a);
        if (n->v) sym_add(s, n->v, F_LOCAL);
        visit(c, s, n->b);
        return;
    case N_WITHITEM:
        visit(c, s, n->a);
        bind_target(c, s, n->b);
        return;
    case N_GLOBAL:
    case N_NONLOCAL:
        for (int i = 0; i < n->n; i++) {
            int f = symtable_flags(s, n->list[i]->v);
            if (f & (F_LOCAL | F_USE))
                syntax_error(c->filename, n->line, "name '%s' is %s before %s declaration",
                             str_c(n->list[i]->v), f & F_LOCAL ? "assigned to" : "used",
                             n->kind == N_GLOBAL ? "global" : "nonlocal");
            sym_add(s, n->list[i]->v, n->kind == N_GLOBAL ? F_GLOBAL : F_NONLOCAL);
        }
        return;
    case N_IMPORT:
        for (int i = 0; i < n->n; i++) {
            Node *al = n->list[i];
            if (al->w) {
                sym_add(s, al->w, F_LOCAL);
            } else {
                const char *full = str_c(al->v);
                const char *dot = strchr(full, '.');
                sym_add(s, dot ? str_intern_obj(str_new(full, (size_t)(dot - full))) : al->v,
                        F_LOCAL);
            }
        }
        return;
    case N_IMPORTFROM:
        for (int i = 0; i < n->n; i++) {
            Node *al = n->list[i];
            if (str_eqc(al->v, "*")) {
                if (s->kind != SC_MODULE)
                    syntax_error(c->filename, n->line, "import * only allowed at module level");
                continue;
            }
            sym_add(s, al->w ? al->w : al->v, F_LOCAL);
        }
        return;
    default:
        break;
    }
    visit(c, s, n->a);
    visit(c, s, n->b);
    visit(c, s, n->c);
    visit(c, s, n->d);
    if (n->kind != N_DICT)
        visit_list(c, s, n->list, n->n);
    else
        visit_list(c, s, n->list, n->n);
}

/* Mark name as free in s and every scope up to (not including) the one defining it. */
static int resolve_free(Scope *s, Obj *name) {
    int is_class_cell = str_eqc(name, "__class__");
    for (Scope *t = s->parent; t; t = t->parent) {
        if (t->kind == SC_MODULE) return 0;
        int f = symtable_flags(t, name);
        if (t->kind == SC_CLASS) {
            if (is_class_cell) {
                sym_add(t, name, F_CELL);
                goto mark;
            }
            continue;
        }
        if (f & F_GLOBAL) return 0;
        if ((f & (F_LOCAL | F_PARAM)) && !(f & F_NONLOCAL)) {
            sym_add(t, name, F_CELL);
            goto mark;
        }
        if (f & (F_FREE | F_NONLOCAL)) {
            goto mark;
        }
        continue;
    mark:
        for (Scope *u = s; u != t; u = u->parent)
            sym_add(u, name, F_FREE);
        return 1;
    }
    return 0;
}

static void collect_scopes(Node *n, Obj *acc) {
    if (!n) return;
    stack_check();
    if (n->scope) list_append(acc, (Obj *)n);
    collect_scopes(n->a, acc);
    collect_scopes(n->b, acc);
    collect_scopes(n->c, acc);
    collect_scopes(n->d, acc);
    for (int i = 0; i < n->n; i++)
        collect_scopes(n->list[i], acc);
}

static void resolve_all(SymCtx *c, Obj *nodes) {
    List *l = (List *)nodes;
    for (size_t i = 0; i < l->len; i++) {
        Scope *s = ((Node *)l->items[i])->scope;
        List *names = (List *)s->order;
        for (size_t k = 0; k < names->len; k++) {
            Obj *name = names->items[k];
            int f = symtable_flags(s, name);
            if (f & F_NONLOCAL) {
                if (!resolve_free(s, name))
                    syntax_error(c->filename, ((Node *)l->items[i])->line,
                                 "no binding for nonlocal '%s' found", str_c(name));
                continue;
            }
            if (s->kind == SC_FUNC && (f & F_GLOBAL)) continue;
            if (s->kind == SC_FUNC && (f & (F_LOCAL | F_PARAM))) continue;
            if (s->kind == SC_CLASS && (f & (F_LOCAL | F_GLOBAL)) && !str_eqc(name, "__class__"))
                continue;
            if (f & F_USE) resolve_free(s, name);
        }
    }
}

Scope *symtable_build(Node *tree, Obj *filename) {
    SymCtx sc = {filename, NULL};
    Scope *top = scope_new(SC_MODULE, NULL, str_intern("<module>"));
    tree->scope = top;
    visit(&sc, top, tree);
    Obj *nodes = list_new(0);
    collect_scopes(tree, nodes);
    resolve_all(&sc, nodes);
    return top;
}
