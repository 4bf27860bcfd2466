/* compile.c: from syntax tree to code objects: bytecode generation over the scopes symtable.c
 * resolved, with block unwinding for break, continue and return through finally, with and
 * except. */
#include "code.h"
#include "symtable.h"

#include <string.h>

/* ---- code generation ---- */
typedef struct {
    int kind; /* FB_* */
    Node *node;
    int cont, brk; /* loop labels */
} FBlock;

enum {
    FB_LOOP,
    FB_FOR,
    FB_FINALLY,
    FB_HANDLER,
    FB_WITH,
    FB_FINALLY_BODY,
    FB_EXCEPT_BODY,
    FB_HANDLER_CLEANUP
};

/* What a finally body runs over (FBlock.cont of FB_FINALLY_BODY). */
enum { FIN_NOTHING, FIN_VALUE, FIN_EXCEPTION };

typedef struct Unit Unit;
struct Unit {
    Scope *scope;
    Buf code;
    Obj *consts, *names, *varnames, *cellnames, *freenames;
    Obj *linetab; /* Buf of int32 pairs */
    Buf lines;
    int lastline;
    FBlock fb[32];
    int nfb;
    Obj *filename;
    int nargs, nkwonly, flags, firstline;
    int *labels; /* label -> offset */
    int nlabels, caplabels;
    Buf fixups; /* int pairs: code offset, label */
};

typedef struct {
    Unit *u;
    Obj *filename;
    int mode;
    int interactive;
} C;

static void cnode(C *c, Node *n);
static void cexpr(C *c, Node *n);

static int list_index(Obj *l, Obj *v, int add) {
    List *x = (List *)l;
    for (size_t i = 0; i < x->len; i++) {
        Obj *o = x->items[i];
        if (o == v) return (int)i;
        if (TYPE(o) == TYPE(v) && (IS(v, str_type)) && str_eq(o, v)) return (int)i;
    }
    if (!add) return -1;
    list_append(l, v);
    return (int)x->len - 1;
}

static int const_index(C *c, Obj *v) {
    List *x = (List *)c->u->consts;
    for (size_t i = 0; i < x->len; i++) {
        Obj *o = x->items[i];
        if (o == v) return (int)i;
        if (TYPE(o) == TYPE(v) && (IS(v, str_type) || IS(v, int_type) || IS(v, bytes_type)) &&
            obj_eq(o, v))
            return (int)i;
    }
    list_append(c->u->consts, v);
    return (int)x->len - 1;
}

static void set_line(C *c, int line) {
    Unit *u = c->u;
    if (line == u->lastline || line <= 0) return;
    u->lastline = line;
    int32_t pair[2] = {(int32_t)u->code.len, line};
    buf_add(&u->lines, (char *)pair, sizeof pair);
}

static void emit(C *c, int op, int arg) {
    if (arg < 0 || arg > 0xffff)
        raisef(&SyntaxError_type, "too many constants or names in one function");
    char b[3] = {(char)op, (char)(arg & 0xff), (char)(arg >> 8)};
    buf_add(&c->u->code, b, 3);
}

static int new_label(C *c) {
    Unit *u = c->u;
    if (u->nlabels == u->caplabels) {
        int cap = u->caplabels ? u->caplabels * 2 : 16;
        u->labels =
            gc_realloc(u->labels, (size_t)u->nlabels * sizeof(int), (size_t)cap * sizeof(int), 0);
        u->caplabels = cap;
    }
    u->labels[u->nlabels] = -1;
    return u->nlabels++;
}

static void place(C *c, int label) {
    c->u->labels[label] = (int)c->u->code.len;
}

static void emit_jump(C *c, int op, int label) {
    int pair[2] = {(int)c->u->code.len, label};
    buf_add(&c->u->fixups, (char *)pair, sizeof pair);
    emit(c, op, 0);
}

static int name_index(C *c, Obj *name) {
    return list_index(c->u->names, name, 1);
}

static void unit_push(C *c, Scope *s, int firstline) {
    Unit *u = gc_alloc(sizeof(Unit), 1);
    u->scope = s;
    buf_init(&u->code);
    buf_init(&u->lines);
    buf_init(&u->fixups);
    u->consts = list_new(0);
    u->names = list_new(0);
    u->varnames = list_new(0);
    u->cellnames = list_new(0);
    u->freenames = list_new(0);
    u->filename = c->filename;
    u->firstline = firstline;
    u->lastline = -1;
    /* cells and free variables in a stable order */
    List *names = (List *)s->order;
    for (size_t i = 0; i < names->len; i++) {
        int f = symtable_flags(s, names->items[i]);
        if (f & F_CELL) list_append(u->cellnames, names->items[i]);
        if ((f & F_FREE) && !(f & F_CELL)) list_append(u->freenames, names->items[i]);
    }
    Unit *saved = c->u;
    c->u = u;
    u->fixups.p = u->fixups.p;
    (void)saved;
}

static Obj *to_tuple(Obj *l) {
    return tuple_from_iter(l);
}

static Obj *unit_finish(C *c, Unit *u, Obj *name, Obj *qualname) {
    /* resolve jumps */
    int *fx = (int *)u->fixups.p;
    size_t nfx = u->fixups.len / (2 * sizeof(int));
    for (size_t i = 0; i < nfx; i++) {
        int at = fx[2 * i], target = u->labels[fx[2 * i + 1]];
        u->code.p[at + 1] = (char)(target & 0xff);
        u->code.p[at + 2] = (char)(target >> 8);
    }
    if (u->code.len > 0xffff) syntax_error(c->filename, u->firstline, "function too large");
    Code *co = (Code *)gc_new(&code_type, sizeof(Code));
    co->name = name;
    co->qualname = qualname;
    co->filename = c->filename;
    co->code = (uint8_t *)u->code.p;
    co->ncode = u->code.len;
    co->consts = u->consts;
    co->names = to_tuple(u->names);
    co->varnames = to_tuple(u->varnames);
    co->cellnames = to_tuple(u->cellnames);
    co->freenames = to_tuple(u->freenames);
    co->nargs = u->nargs;
    co->nkwonly = u->nkwonly;
    co->flags = u->flags;
    co->nlocals = (int)((Tuple *)co->varnames)->len;
    co->lines = (int32_t *)u->lines.p;
    co->nlines = (int)(u->lines.len / (2 * sizeof(int32_t)));
    co->firstline = u->firstline;
    size_t nc = ((Tuple *)co->cellnames)->len;
    co->cell2arg = gc_alloc((nc + 1) * sizeof(int16_t), 0);
    for (size_t i = 0; i < nc; i++) {
        co->cell2arg[i] = -1;
        int k = list_index(u->varnames, ((Tuple *)co->cellnames)->items[i], 0);
        if (k >= 0) co->cell2arg[i] = (int16_t)k;
    }
    /* an upper bound on the value stack: what each instruction can push, summed (the compiled
     * code is balanced across loop iterations, so no instruction pushes twice net) */
    int depth = 8;
    for (size_t i = 0; i + 2 < u->code.len; i += 3) {
        int op = (uint8_t)u->code.p[i],
            arg = (uint8_t)u->code.p[i + 1] | (uint8_t)u->code.p[i + 2] << 8;
        depth += op == UNPACK_SEQUENCE                   ? arg
                 : op == UNPACK_EX                       ? (arg & 0xff) + (arg >> 8) + 1
                 : op == DUP_TOP_TWO || op == SETUP_WITH ? 2
                                                         : 1;
    }
    co->stacksize = depth;
    return (Obj *)co;
}

/* ---- names ---- */
enum { CTX_LOAD, CTX_STORE, CTX_DEL };

static void cname(C *c, Obj *name, int ctx) {
    Unit *u = c->u;
    Scope *s = u->scope;
    int f = symtable_flags(s, name);
    int ci = list_index(u->cellnames, name, 0);
    int fi = list_index(u->freenames, name, 0);
    if (ci >= 0 || fi >= 0) {
        int idx = ci >= 0 ? ci : (int)((List *)u->cellnames)->len + fi;
        if (s->kind == SC_CLASS && ctx == CTX_LOAD && ci < 0) {
            emit(c, LOAD_CLASSDEREF, idx);
            return;
        }
        if (s->kind != SC_CLASS || ci < 0 || str_eqc(name, "__class__") == 0 || 1) {
            if (s->kind == SC_CLASS && ci >= 0 && !str_eqc(name, "__class__")) {
                /* class-level cell: store in dict */
            } else if (s->kind != SC_CLASS || fi >= 0) {
                emit(c,
                     ctx == CTX_LOAD    ? LOAD_DEREF
                     : ctx == CTX_STORE ? STORE_DEREF
                                        : DELETE_DEREF,
                     idx);
                return;
            }
        }
    }
    if (s->kind == SC_FUNC) {
        if ((f & F_GLOBAL) || !(f & (F_LOCAL | F_PARAM))) {
            emit(c,
                 ctx == CTX_LOAD    ? LOAD_GLOBAL
                 : ctx == CTX_STORE ? STORE_GLOBAL
                                    : DELETE_GLOBAL,
                 name_index(c, name));
            return;
        }
        int vi = list_index(u->varnames, name, 1);
        emit(c, ctx == CTX_LOAD ? LOAD_FAST : ctx == CTX_STORE ? STORE_FAST : DELETE_FAST, vi);
        return;
    }
    if (f & F_GLOBAL) {
        emit(c,
             ctx == CTX_LOAD    ? LOAD_GLOBAL
             : ctx == CTX_STORE ? STORE_GLOBAL
                                : DELETE_GLOBAL,
             name_index(c, name));
        return;
    }
    emit(c,
         ctx == CTX_LOAD    ? LOAD_NAME
         : ctx == CTX_STORE ? STORE_NAME
                            : DELETE_NAME,
         name_index(c, name));
}

static void load_const(C *c, Obj *v) {
    emit(c, LOAD_CONST, const_index(c, v));
}

/* ---- function objects ---- */
static Obj *qualname_for(C *c, Obj *name) {
    Scope *s = c->u->scope;
    if (s->kind == SC_MODULE) return name;
    Obj *pre = s->qualname ? s->qualname : s->name;
    if (s->kind == SC_FUNC) return str_fmt("%s.<locals>.%s", str_c(pre), str_c(name));
    return str_fmt("%s.%s", str_c(pre), str_c(name));
}

static void make_closure(C *c, Obj *code, Obj *qualname, int flags) {
    Code *co = (Code *)code;
    Tuple *fv = (Tuple *)co->freenames;
    if (fv->len) {
        for (size_t i = 0; i < fv->len; i++) {
            Obj *name = fv->items[i];
            Unit *u = c->u;
            int ci = list_index(u->cellnames, name, 0);
            int fi = list_index(u->freenames, name, 0);
            int idx = ci >= 0 ? ci : (int)((List *)u->cellnames)->len + fi;
            if (ci < 0 && fi < 0)
                raisef(&SystemExit_type, "compiler: lost free variable %s", str_c(name));
            emit(c, LOAD_CLOSURE, idx);
        }
        emit(c, BUILD_TUPLE, (int)fv->len);
        flags |= 8;
    }
    load_const(c, code);
    load_const(c, qualname);
    emit(c, MAKE_FUNCTION, flags);
}

/* Push defaults tuple / kwdefaults dict for params; returns MAKE_FUNCTION flags. */
static int cdefaults(C *c, Node **params, int n) {
    int flags = 0, nd = 0, nk = 0;
    for (int i = 0; i < n; i++) {
        if (params[i]->op == PARAM_POS && params[i]->a) {
            cexpr(c, params[i]->a);
            nd++;
        }
    }
    if (nd) {
        emit(c, BUILD_TUPLE, nd);
        flags |= 1;
    }
    for (int i = 0; i < n; i++) {
        if (params[i]->op == PARAM_KWONLY && params[i]->a) {
            load_const(c, params[i]->v);
            cexpr(c, params[i]->a);
            nk++;
        }
    }
    if (nk) {
        emit(c, BUILD_MAP, nk);
        flags |= 2;
    }
    return flags;
}

static void setup_params(Unit *u, Node **params, int n) {
    for (int pass = 0; pass < 4; pass++) {
        for (int i = 0; i < n; i++) {
            Node *p = params[i];
            if (p->op != pass) continue;
            list_append(u->varnames, p->v);
            if (pass == PARAM_POS)
                u->nargs++;
            else if (pass == PARAM_KWONLY)
                u->nkwonly++;
            else if (pass == PARAM_VARARGS)
                u->flags |= CO_VARARGS;
            else
                u->flags |= CO_VARKW;
        }
        if (pass == 0) {
            /* kwonly come right after positional: reorder passes 2 before 1 */
        }
    }
}

static void order_params(Unit *u, Node **params, int n) {
    static const int order[] = {PARAM_POS, PARAM_KWONLY, PARAM_VARARGS, PARAM_VARKW};
    for (int k = 0; k < 4; k++) {
        for (int i = 0; i < n; i++) {
            Node *p = params[i];
            if (p->op != order[k]) continue;
            list_append(u->varnames, p->v);
            if (p->op == PARAM_POS)
                u->nargs++;
            else if (p->op == PARAM_KWONLY)
                u->nkwonly++;
            else if (p->op == PARAM_VARARGS)
                u->flags |= CO_VARARGS;
            else
                u->flags |= CO_VARKW;
        }
    }
    (void)setup_params;
}

static Obj *compile_function_body(C *c, Node *n, Node *body, int is_lambda) {
    Scope *s = n->scope;
    Unit *outer = c->u;
    s->qualname = qualname_for(c, is_lambda ? str_intern("<lambda>") : n->v);
    unit_push(c, s, n->line);
    Unit *u = c->u;
    order_params(u, n->list, n->n);
    if (s->generator) u->flags |= CO_GENERATOR;
    set_line(c, n->line);
    if (is_lambda) {
        cexpr(c, body);
        emit(c, RETURN_VALUE, 0);
    } else {
        /* a leading string literal is the docstring: the first constant */
        Node *first = body->kind == N_BLOCK && body->n ? body->list[0] : body;
        if (first->kind == N_EXPR && first->a->kind == N_CONST && IS(first->a->v, str_type)) {
            list_append(u->consts, first->a->v);
            u->flags |= CO_DOC;
        }
        cnode(c, body);
        load_const(c, None);
        emit(c, RETURN_VALUE, 0);
    }
    Obj *code = unit_finish(c, u, is_lambda ? str_intern("<lambda>") : n->v, s->qualname);
    c->u = outer;
    return code;
}

static void cfunc(C *c, Node *n, int is_lambda) {
    if (n->d)
        for (int i = 0; i < n->d->n; i++)
            cexpr(c, n->d->list[i]);
    int flags = cdefaults(c, n->list, n->n);
    Obj *code = compile_function_body(c, n, is_lambda ? n->a : n->a, is_lambda);
    make_closure(c, code, ((Code *)code)->qualname, flags);
    if (n->d)
        for (int i = 0; i < n->d->n; i++)
            emit(c, CALL, 1);
}

static void ccall_args(C *c, Node **args, int n, int already);

static void cclass(C *c, Node *n) {
    if (n->d)
        for (int i = 0; i < n->d->n; i++)
            cexpr(c, n->d->list[i]);
    emit(c, LOAD_BUILD_CLASS, 0);
    Scope *s = n->scope;
    Unit *outer = c->u;
    s->qualname = qualname_for(c, n->v);
    unit_push(c, s, n->line);
    Unit *u = c->u;
    u->flags = CO_MODULE;
    set_line(c, n->line);
    cname(c, str_intern("__name__"), CTX_LOAD);
    cname(c, str_intern("__module__"), CTX_STORE);
    load_const(c, s->qualname);
    cname(c, str_intern("__qualname__"), CTX_STORE);
    if (n->a->kind == N_BLOCK && n->a->n && n->a->list[0]->kind == N_EXPR &&
        n->a->list[0]->a->kind == N_CONST && IS(n->a->list[0]->a->v, str_type)) {
        load_const(c, n->a->list[0]->a->v);
        cname(c, str_intern("__doc__"), CTX_STORE);
    }
    cnode(c, n->a);
    int ci = list_index(u->cellnames, str_intern("__class__"), 0);
    if (ci >= 0) {
        emit(c, LOAD_CLOSURE, ci);
        emit(c, STORE_NAME, name_index(c, str_intern("__classcell__")));
    }
    load_const(c, None);
    emit(c, RETURN_VALUE, 0);
    Obj *code = unit_finish(c, u, n->v, s->qualname);
    c->u = outer;
    make_closure(c, code, s->qualname, 0);
    load_const(c, n->v);
    /* bases and keywords as call arguments after (func, name) */
    ccall_args(c, n->list, n->n, 2);
    if (n->d)
        for (int i = 0; i < n->d->n; i++)
            emit(c, CALL, 1);
    cname(c, n->v, CTX_STORE);
}

/* ---- calls ---- */
static void ccall_args(C *c, Node **args, int n, int already) {
    int has_star = 0, nkw = 0;
    for (int i = 0; i < n; i++) {
        if (args[i]->kind == N_STARRED || args[i]->kind == N_DSTAR) has_star = 1;
        if (args[i]->kind == N_KW) nkw++;
    }
    if (!has_star) {
        Obj *names = list_new(0);
        for (int i = 0; i < n; i++) {
            if (args[i]->kind == N_KW) {
                for (size_t k = 0; k < ((List *)names)->len; k++)
                    if (str_eq(((List *)names)->items[k], args[i]->v))
                        syntax_error(c->filename, args[i]->line, "keyword argument repeated: %s",
                                     str_c(args[i]->v));
                cexpr(c, args[i]->a);
                list_append(names, args[i]->v);
            } else {
                cexpr(c, args[i]);
            }
        }
        if (nkw) {
            load_const(c, to_tuple(names));
            emit(c, CALL_KW, n + already);
        } else {
            emit(c, CALL, n + already);
        }
        return;
    }
    /* general form: build a list of positionals, then a dict of keywords */
    emit(c, BUILD_LIST, already);
    /* the already-pushed leading args (class: func, name) were folded into the list above, but
     * the callee is below them, so BUILD_LIST of `already` collects exactly those */
    for (int i = 0; i < n; i++) {
        if (args[i]->kind == N_STARRED) {
            cexpr(c, args[i]->a);
            emit(c, LIST_EXTEND, 1);
        } else if (args[i]->kind != N_KW && args[i]->kind != N_DSTAR) {
            cexpr(c, args[i]);
            emit(c, LIST_APPEND, 1);
        }
    }
    emit(c, LIST_TO_TUPLE, 0);
    int have_kw = 0;
    for (int i = 0; i < n; i++) {
        if (args[i]->kind == N_KW || args[i]->kind == N_DSTAR) {
            if (!have_kw) {
                emit(c, BUILD_MAP, 0);
                have_kw = 1;
            }
            if (args[i]->kind == N_KW) {
                load_const(c, args[i]->v);
                cexpr(c, args[i]->a);
                emit(c, BUILD_MAP, 1);
            } else {
                cexpr(c, args[i]->a);
            }
            emit(c, DICT_MERGE, 1);
        }
    }
    emit(c, CALL_EX, have_kw);
}

/* ---- comprehensions ---- */
static void ccomp(C *c, Node *n) {
    Scope *s = n->scope;
    Unit *outer = c->u;
    s->qualname = qualname_for(c, s->name);
    unit_push(c, s, n->line);
    Unit *u = c->u;
    list_append(u->varnames, str_intern(".0"));
    u->nargs = 1;
    if (n->kind == N_GENEXP) u->flags |= CO_GENERATOR;
    set_line(c, n->line);
    if (n->kind == N_LISTCOMP)
        emit(c, BUILD_LIST, 0);
    else if (n->kind == N_SETCOMP)
        emit(c, BUILD_SET, 0);
    else if (n->kind == N_DICTCOMP)
        emit(c, BUILD_MAP, 0);
    int *starts = gc_alloc(sizeof(int) * (size_t)(n->n + 1) * 2, 0);
    for (int i = 0; i < n->n; i++) {
        Node *f = n->list[i];
        if (i == 0)
            emit(c, LOAD_FAST, 0);
        else {
            cexpr(c, f->b);
            emit(c, GET_ITER, 0);
        }
        int top = new_label(c), end = new_label(c);
        starts[2 * i] = top;
        starts[2 * i + 1] = end;
        place(c, top);
        emit_jump(c, FOR_ITER, end);
        Node *t = f->a;
        /* store the target */
        extern void cstore_target(C * c, Node * t);
        cstore_target(c, t);
        for (int k = 0; k < f->n; k++) {
            cexpr(c, f->list[k]);
            emit_jump(c, POP_JUMP_IF_FALSE, top);
        }
    }
    int depth = n->n + 1;
    if (n->kind == N_GENEXP) {
        cexpr(c, n->a);
        emit(c, YIELD_VALUE, 0);
        emit(c, POP_TOP, 0);
    } else if (n->kind == N_DICTCOMP) {
        cexpr(c, n->a);
        cexpr(c, n->b);
        emit(c, MAP_ADD, depth);
    } else {
        cexpr(c, n->a);
        emit(c, n->kind == N_LISTCOMP ? LIST_APPEND : SET_ADD, depth);
    }
    for (int i = n->n - 1; i >= 0; i--) {
        emit_jump(c, JUMP, starts[2 * i]);
        place(c, starts[2 * i + 1]);
    }
    if (n->kind == N_GENEXP) load_const(c, None);
    emit(c, RETURN_VALUE, 0);
    Obj *code = unit_finish(c, u, s->name, s->qualname);
    c->u = outer;
    make_closure(c, code, s->qualname, 0);
    cexpr(c, n->list[0]->b);
    emit(c, GET_ITER, 0);
    emit(c, CALL, 1);
}

/* ---- expressions ---- */
static void cjump_if(C *c, Node *n, int label, int when) {
    stack_check();
    /* jump to label when truth(n) == when */
    if (n->kind == N_NOT) {
        cjump_if(c, n->a, label, !when);
        return;
    }
    if (n->kind == N_AND || n->kind == N_OR) {
        int is_and = n->kind == N_AND;
        if (is_and != when) {
            /* and with when=false / or with when=true: any operand decides */
            for (int i = 0; i < n->n; i++)
                cjump_if(c, n->list[i], label, when);
        } else {
            int skip = new_label(c);
            for (int i = 0; i < n->n - 1; i++)
                cjump_if(c, n->list[i], skip, !when);
            cjump_if(c, n->list[n->n - 1], label, when);
            place(c, skip);
        }
        return;
    }
    cexpr(c, n);
    emit_jump(c, when ? POP_JUMP_IF_TRUE : POP_JUMP_IF_FALSE, label);
}

static void cstarred_seq(C *c, Node **items, int n, int kind) {
    /* build a list incrementally, then convert */
    emit(c, BUILD_LIST, 0);
    for (int i = 0; i < n; i++) {
        if (items[i]->kind == N_STARRED) {
            cexpr(c, items[i]->a);
            emit(c, LIST_EXTEND, 1);
        } else {
            cexpr(c, items[i]);
            emit(c, LIST_APPEND, 1);
        }
    }
    if (kind == N_TUPLE)
        emit(c, LIST_TO_TUPLE, 0);
    else if (kind == N_SET) {
        emit(c, BUILD_SET, 0);
        emit(c, ROT_TWO, 0);
        emit(c, SET_UPDATE, 1);
    }
}

static void cexpr(C *c, Node *n) {
    stack_check();
    set_line(c, n->line);
    switch (n->kind) {
    case N_CONST:
        load_const(c, n->v);
        return;
    case N_NAME:
        cname(c, n->v, CTX_LOAD);
        return;
    case N_FSTR: {
        int cnt = 0;
        for (int i = 0; i < n->n; i++) {
            Node *p = n->list[i];
            if (p->kind == N_CONST) {
                load_const(c, p->v);
            } else {
                cexpr(c, p->a);
                int arg = p->op;
                if (p->b) {
                    cexpr(c, p->b);
                    arg |= 0x100;
                }
                emit(c, FORMAT_VALUE, arg);
            }
            cnt++;
        }
        emit(c, BUILD_STRING, cnt);
        return;
    }
    case N_BINOP:
        cexpr(c, n->a);
        cexpr(c, n->b);
        emit(c, BINARY_OP, n->op);
        return;
    case N_UNOP:
        cexpr(c, n->a);
        emit(c, UNARY_OP, n->op);
        return;
    case N_NOT:
        cexpr(c, n->a);
        emit(c, UNARY_NOT, 0);
        return;
    case N_AND:
    case N_OR: {
        int end = new_label(c);
        for (int i = 0; i < n->n - 1; i++) {
            cexpr(c, n->list[i]);
            emit_jump(c, n->kind == N_AND ? JUMP_IF_FALSE_OR_POP : JUMP_IF_TRUE_OR_POP, end);
        }
        cexpr(c, n->list[n->n - 1]);
        place(c, end);
        return;
    }
    case N_CMP: {
        if (n->n == 2) {
            cexpr(c, n->list[0]);
            cexpr(c, n->list[1]);
            emit(c, COMPARE_OP, n->ops[0]);
            return;
        }
        int cleanup = new_label(c), end = new_label(c);
        cexpr(c, n->list[0]);
        for (int i = 1; i < n->n; i++) {
            cexpr(c, n->list[i]);
            if (i < n->n - 1) {
                emit(c, DUP_TOP, 0);
                emit(c, ROT_THREE, 0);
                emit(c, COMPARE_OP, n->ops[i - 1]);
                emit_jump(c, JUMP_IF_FALSE_OR_POP, cleanup);
            } else {
                emit(c, COMPARE_OP, n->ops[i - 1]);
            }
        }
        emit_jump(c, JUMP, end);
        place(c, cleanup);
        emit(c, ROT_TWO, 0);
        emit(c, POP_TOP, 0);
        place(c, end);
        return;
    }
    case N_CALL:
        cexpr(c, n->a);
        ccall_args(c, n->list, n->n, 0);
        return;
    case N_ATTR:
        cexpr(c, n->a);
        emit(c, LOAD_ATTR, name_index(c, n->v));
        return;
    case N_SUBSCR:
        cexpr(c, n->a);
        cexpr(c, n->b);
        emit(c, BINARY_SUBSCR, 0);
        return;
    case N_SLICE:
        if (n->a)
            cexpr(c, n->a);
        else
            load_const(c, None);
        if (n->b)
            cexpr(c, n->b);
        else
            load_const(c, None);
        if (n->c)
            cexpr(c, n->c);
        else
            load_const(c, None);
        emit(c, BUILD_SLICE, 3);
        return;
    case N_TUPLE:
    case N_LIST:
    case N_SET: {
        for (int i = 0; i < n->n; i++)
            if (n->list[i]->kind == N_STARRED) {
                cstarred_seq(c, n->list, n->n, n->kind);
                return;
            }
        for (int i = 0; i < n->n; i++)
            cexpr(c, n->list[i]);
        emit(c,
             n->kind == N_TUPLE  ? BUILD_TUPLE
             : n->kind == N_LIST ? BUILD_LIST
                                 : BUILD_SET,
             n->n);
        return;
    }
    case N_DICT: {
        int pending = 0, built = 0;
        for (int i = 0; i < n->n; i += 2) {
            if (!n->list[i]) {
                if (!built) {
                    emit(c, BUILD_MAP, pending);
                    built = 1;
                } else if (pending) {
                    emit(c, BUILD_MAP, pending);
                    emit(c, DICT_UPDATE, 1);
                }
                pending = 0;
                cexpr(c, n->list[i + 1]);
                emit(c, DICT_UPDATE, 1);
                continue;
            }
            cexpr(c, n->list[i]);
            cexpr(c, n->list[i + 1]);
            pending++;
        }
        if (!built)
            emit(c, BUILD_MAP, pending);
        else if (pending) {
            emit(c, BUILD_MAP, pending);
            emit(c, DICT_UPDATE, 1);
        }
        return;
    }
    case N_IFEXP: {
        int els = new_label(c), end = new_label(c);
        cjump_if(c, n->a, els, 0);
        cexpr(c, n->b);
        emit_jump(c, JUMP, end);
        place(c, els);
        cexpr(c, n->c);
        place(c, end);
        return;
    }
    case N_LAMBDA:
        cfunc(c, n, 1);
        return;
    case N_LISTCOMP:
    case N_SETCOMP:
    case N_DICTCOMP:
    case N_GENEXP:
        ccomp(c, n);
        return;
    case N_STARRED:
        syntax_error(c->filename, n->line, "can't use starred expression here");
    case N_YIELD:
        if (n->a)
            cexpr(c, n->a);
        else
            load_const(c, None);
        emit(c, YIELD_VALUE, 0);
        return;
    case N_YIELDFROM:
        cexpr(c, n->a);
        emit(c, GET_ITER, 0);
        load_const(c, None);
        emit(c, YIELD_FROM, 0);
        return;
    case N_WALRUS:
        cexpr(c, n->b);
        emit(c, DUP_TOP, 0);
        cname(c, n->a->v, CTX_STORE);
        return;
    default:
        syntax_error(c->filename, n->line, "invalid syntax");
    }
}

/* ---- assignment targets ---- */
void cstore_target(C *c, Node *t) {
    switch (t->kind) {
    case N_NAME:
        cname(c, t->v, CTX_STORE);
        return;
    case N_ATTR:
        cexpr(c, t->a);
        emit(c, STORE_ATTR, name_index(c, t->v));
        return;
    case N_SUBSCR:
        cexpr(c, t->a);
        cexpr(c, t->b);
        emit(c, STORE_SUBSCR, 0);
        return;
    case N_TUPLE:
    case N_LIST: {
        int star = -1;
        for (int i = 0; i < t->n; i++)
            if (t->list[i]->kind == N_STARRED) {
                if (star >= 0)
                    syntax_error(c->filename, t->line,
                                 "multiple starred expressions in assignment");
                star = i;
            }
        if (star >= 0)
            emit(c, UNPACK_EX, star | ((t->n - star - 1) << 8));
        else
            emit(c, UNPACK_SEQUENCE, t->n);
        for (int i = 0; i < t->n; i++)
            cstore_target(c, t->list[i]->kind == N_STARRED ? t->list[i]->a : t->list[i]);
        return;
    }
    case N_STARRED:
        syntax_error(c->filename, t->line, "starred assignment target must be in a list or tuple");
    default:
        syntax_error(c->filename, t->line, "cannot assign to expression");
    }
}

static void cdel(C *c, Node *t) {
    switch (t->kind) {
    case N_NAME:
        cname(c, t->v, CTX_DEL);
        return;
    case N_ATTR:
        cexpr(c, t->a);
        emit(c, DELETE_ATTR, name_index(c, t->v));
        return;
    case N_SUBSCR:
        cexpr(c, t->a);
        cexpr(c, t->b);
        emit(c, DELETE_SUBSCR, 0);
        return;
    case N_TUPLE:
    case N_LIST:
        for (int i = 0; i < t->n; i++)
            cdel(c, t->list[i]);
        return;
    default:
        syntax_error(c->filename, t->line, "cannot delete expression");
    }
}

/* ---- unwinding for break, continue, return ---- */
static void push_fb(C *c, int kind, Node *n, int cont, int brk) {
    Unit *u = c->u;
    if (u->nfb >= 32)
        syntax_error(c->filename, n ? n->line : 0, "too many statically nested blocks");
    u->fb[u->nfb++] = (FBlock){kind, n, cont, brk};
}

static void unwind_one(C *c, FBlock *f, int preserve_tos) {
    switch (f->kind) {
    case FB_FOR:
        if (preserve_tos) emit(c, ROT_TWO, 0);
        emit(c, POP_TOP, 0);
        return;
    case FB_FINALLY: {
        emit(c, POP_BLOCK, 0);
        /* run the finally body with this block popped, so a return inside it does not loop */
        Unit *u = c->u;
        int saved = u->nfb, at = (int)(f - u->fb);
        FBlock copy[32];
        memcpy(copy, u->fb, sizeof copy);
        u->nfb = at;
        /* a return unwinding through here leaves its value on the stack under the body */
        push_fb(c, FB_FINALLY_BODY, f->node, preserve_tos ? FIN_VALUE : FIN_NOTHING, 0);
        cnode(c, f->node->d);
        memcpy(u->fb, copy, sizeof copy);
        u->nfb = saved;
        return;
    }
    case FB_HANDLER:
        emit(c, POP_EXCEPT, 0);
        if (f->node && f->node->v) {
            load_const(c, None);
            cname(c, f->node->v, CTX_STORE);
            cname(c, f->node->v, CTX_DEL);
        }
        return;
    case FB_WITH:
        emit(c, POP_BLOCK, 0);
        if (preserve_tos) emit(c, ROT_TWO, 0);
        load_const(c, None);
        emit(c, DUP_TOP, 0);
        emit(c, DUP_TOP, 0);
        emit(c, CALL, 3);
        emit(c, POP_TOP, 0);
        return;
    case FB_FINALLY_BODY:
        /* break, continue or return inside a finally body cancel what was pending: drop the
         * pending return value, or the exception (and its handled-exception entry) */
        if (f->cont == FIN_NOTHING) return;
        if (preserve_tos) emit(c, ROT_TWO, 0);
        emit(c, POP_TOP, 0);
        if (f->cont == FIN_EXCEPTION) emit(c, POP_EXCEPT, 0);
        return;
    case FB_EXCEPT_BODY:
    case FB_HANDLER_CLEANUP:
        emit(c, POP_BLOCK, 0);
        return;
    default:
        return;
    }
}

static void cloop_exit(C *c, Node *n, int is_break) {
    Unit *u = c->u;
    for (int i = u->nfb - 1; i >= 0; i--) {
        FBlock *f = &u->fb[i];
        if (f->kind == FB_LOOP || f->kind == FB_FOR) {
            if (is_break) {
                if (f->kind == FB_FOR) emit(c, POP_TOP, 0);
                emit_jump(c, JUMP, f->brk);
            } else {
                emit_jump(c, JUMP, f->cont);
            }
            return;
        }
        unwind_one(c, f, 0);
    }
    syntax_error(c->filename, n->line,
                 is_break ? "'break' outside loop" : "'continue' not properly in loop");
}

/* ---- statements ---- */
static void ctry(C *c, Node *n) {
    int end = new_label(c);
    int fin = -1;
    if (n->d) {
        fin = new_label(c);
        emit_jump(c, SETUP_FINALLY, fin);
        push_fb(c, FB_FINALLY, n, 0, 0);
    }
    if (n->n) {
        int handler = new_label(c), orelse = new_label(c);
        emit_jump(c, SETUP_FINALLY, handler);
        push_fb(c, FB_EXCEPT_BODY, n, 0, 0);
        cnode(c, n->a);
        c->u->nfb--;
        emit(c, POP_BLOCK, 0);
        emit_jump(c, JUMP, orelse);
        place(c, handler);
        /* stack: exc */
        int after = new_label(c);
        for (int i = 0; i < n->n; i++) {
            Node *h = n->list[i];
            set_line(c, h->line);
            int nexth = new_label(c);
            if (h->a) {
                emit(c, DUP_TOP, 0);
                cexpr(c, h->a);
                emit_jump(c, JUMP_IF_NOT_EXC_MATCH, nexth);
            }
            if (h->v)
                cname(c, h->v, CTX_STORE);
            else
                emit(c, POP_TOP, 0);
            /* the handler body runs under a block that clears the name if it raises */
            int cleanup = -1;
            if (h->v) {
                cleanup = new_label(c);
                emit_jump(c, SETUP_FINALLY, cleanup);
            }
            push_fb(c, FB_HANDLER, h, 0, 0);
            if (h->v) push_fb(c, FB_HANDLER_CLEANUP, h, 0, 0);
            cnode(c, h->b);
            if (h->v) {
                c->u->nfb--;
                emit(c, POP_BLOCK, 0);
            }
            c->u->nfb--;
            emit(c, POP_EXCEPT, 0);
            if (h->v) {
                load_const(c, None);
                cname(c, h->v, CTX_STORE);
                cname(c, h->v, CTX_DEL);
            }
            emit_jump(c, JUMP, after);
            if (h->v) {
                /* exception inside the handler body: clear the name, re-raise */
                place(c, cleanup);
                load_const(c, None);
                cname(c, h->v, CTX_STORE);
                cname(c, h->v, CTX_DEL);
                emit(c, RERAISE, 0);
            }
            place(c, nexth);
        }
        emit(c, RERAISE, 0);
        place(c, orelse);
        if (n->c) cnode(c, n->c);
        place(c, after);
    } else {
        cnode(c, n->a);
    }
    if (n->d) {
        c->u->nfb--;
        emit(c, POP_BLOCK, 0);
        push_fb(c, FB_FINALLY_BODY, n, FIN_NOTHING, 0);
        cnode(c, n->d);
        c->u->nfb--;
        emit_jump(c, JUMP, end);
        place(c, fin);
        push_fb(c, FB_FINALLY_BODY, n, FIN_EXCEPTION, 0);
        cnode(c, n->d);
        c->u->nfb--;
        emit(c, RERAISE, 0);
    }
    place(c, end);
}

static void cwith(C *c, Node *n, int i) {
    if (i >= n->n) {
        cnode(c, n->b);
        return;
    }
    Node *it = n->list[i];
    int handler = new_label(c), end = new_label(c);
    cexpr(c, it->a);
    emit_jump(c, SETUP_WITH, handler);
    if (it->b)
        cstore_target(c, it->b);
    else
        emit(c, POP_TOP, 0);
    push_fb(c, FB_WITH, n, 0, 0);
    cwith(c, n, i + 1);
    c->u->nfb--;
    emit(c, POP_BLOCK, 0);
    load_const(c, None);
    emit(c, DUP_TOP, 0);
    emit(c, DUP_TOP, 0);
    emit(c, CALL, 3);
    emit(c, POP_TOP, 0);
    emit_jump(c, JUMP, end);
    place(c, handler);
    emit(c, WITH_EXCEPT, 0);
    place(c, end);
}

static Obj *import_fromlist(Node *n) {
    Obj *l = list_new(0);
    for (int i = 0; i < n->n; i++)
        list_append(l, n->list[i]->v);
    return to_tuple(l);
}

static void cnode(C *c, Node *n) {
    if (!n) return;
    stack_check();
    set_line(c, n->line);
    switch (n->kind) {
    case N_BLOCK:
        for (int i = 0; i < n->n; i++)
            cnode(c, n->list[i]);
        return;
    case N_EXPR:
        if (n->a->kind == N_CONST && c->u->scope->kind != SC_MODULE && !c->interactive) return;
        cexpr(c, n->a);
        emit(c, c->interactive && c->u->scope->kind == SC_MODULE ? PRINT_EXPR : POP_TOP, 0);
        return;
    case N_ASSIGN:
        cexpr(c, n->a);
        for (int i = 0; i < n->n; i++) {
            if (i < n->n - 1) emit(c, DUP_TOP, 0);
            cstore_target(c, n->list[i]);
        }
        return;
    case N_AUGASSIGN: {
        Node *t = n->a;
        if (t->kind == N_NAME) {
            cname(c, t->v, CTX_LOAD);
            cexpr(c, n->b);
            emit(c, INPLACE_OP, n->op);
            cname(c, t->v, CTX_STORE);
        } else if (t->kind == N_ATTR) {
            cexpr(c, t->a);
            emit(c, DUP_TOP, 0);
            emit(c, LOAD_ATTR, name_index(c, t->v));
            cexpr(c, n->b);
            emit(c, INPLACE_OP, n->op);
            emit(c, ROT_TWO, 0);
            emit(c, STORE_ATTR, name_index(c, t->v));
        } else {
            cexpr(c, t->a);
            cexpr(c, t->b);
            emit(c, DUP_TOP_TWO, 0);
            emit(c, BINARY_SUBSCR, 0);
            cexpr(c, n->b);
            emit(c, INPLACE_OP, n->op);
            emit(c, ROT_THREE, 0);
            emit(c, STORE_SUBSCR, 0);
        }
        return;
    }
    case N_ANNASSIGN:
        if (n->b) {
            cexpr(c, n->b);
            cstore_target(c, n->a);
        }
        return;
    case N_DEL:
        for (int i = 0; i < n->n; i++)
            cdel(c, n->list[i]);
        return;
    case N_PASS:
        return;
    case N_BREAK:
        cloop_exit(c, n, 1);
        return;
    case N_CONTINUE:
        cloop_exit(c, n, 0);
        return;
    case N_RETURN: {
        if (c->u->scope->kind != SC_FUNC && c->mode != MODE_EVAL)
            syntax_error(c->filename, n->line, "'return' outside function");
        if (n->a)
            cexpr(c, n->a);
        else
            load_const(c, None);
        Unit *u = c->u;
        for (int i = u->nfb - 1; i >= 0; i--)
            unwind_one(c, &u->fb[i], 1);
        emit(c, RETURN_VALUE, 0);
        return;
    }
    case N_RAISE:
        if (n->a) cexpr(c, n->a);
        if (n->b) cexpr(c, n->b);
        emit(c, RAISE, n->a ? (n->b ? 2 : 1) : 0);
        return;
    case N_GLOBAL:
    case N_NONLOCAL:
        return;
    case N_ASSERT: {
        int ok = new_label(c);
        cjump_if(c, n->a, ok, 1);
        emit(c, LOAD_ASSERTION_ERROR, 0);
        if (n->b) {
            cexpr(c, n->b);
            emit(c, CALL, 1);
        }
        emit(c, RAISE, 1);
        place(c, ok);
        return;
    }
    case N_IF: {
        int els = new_label(c), end = new_label(c);
        cjump_if(c, n->a, els, 0);
        cnode(c, n->b);
        if (n->c) emit_jump(c, JUMP, end);
        place(c, els);
        cnode(c, n->c);
        place(c, end);
        return;
    }
    case N_WHILE: {
        int top = new_label(c), els = new_label(c), end = new_label(c);
        place(c, top);
        cjump_if(c, n->a, els, 0);
        push_fb(c, FB_LOOP, n, top, end);
        cnode(c, n->b);
        c->u->nfb--;
        emit_jump(c, JUMP, top);
        place(c, els);
        cnode(c, n->c);
        place(c, end);
        return;
    }
    case N_FOR: {
        int top = new_label(c), els = new_label(c), end = new_label(c);
        cexpr(c, n->b);
        emit(c, GET_ITER, 0);
        place(c, top);
        emit_jump(c, FOR_ITER, els);
        cstore_target(c, n->a);
        push_fb(c, FB_FOR, n, top, end);
        cnode(c, n->c);
        c->u->nfb--;
        emit_jump(c, JUMP, top);
        place(c, els);
        cnode(c, n->d);
        place(c, end);
        return;
    }
    case N_TRY:
        ctry(c, n);
        return;
    case N_WITH:
        cwith(c, n, 0);
        return;
    case N_FUNCDEF:
        cfunc(c, n, 0);
        cname(c, n->v, CTX_STORE);
        return;
    case N_CLASSDEF:
        cclass(c, n);
        return;
    case N_IMPORT:
        for (int i = 0; i < n->n; i++) {
            Node *al = n->list[i];
            load_const(c, int_from(0));
            load_const(c, None);
            emit(c, IMPORT_NAME, name_index(c, al->v));
            if (al->w) {
                /* import a.b as c binds the submodule */
                const char *full = str_c(al->v);
                for (const char *d = strchr(full, '.'); d; d = strchr(d + 1, '.')) {
                    const char *e = strchr(d + 1, '.');
                    Obj *part = str_new(d + 1, e ? (size_t)(e - d - 1) : strlen(d + 1));
                    emit(c, LOAD_ATTR, name_index(c, str_intern_obj(part)));
                }
                cname(c, al->w, CTX_STORE);
            } else {
                const char *full = str_c(al->v);
                const char *dot = strchr(full, '.');
                cname(c, dot ? str_intern_obj(str_new(full, (size_t)(dot - full))) : al->v,
                      CTX_STORE);
            }
        }
        return;
    case N_IMPORTFROM: {
        load_const(c, int_from(n->op));
        load_const(c, import_fromlist(n));
        emit(c, IMPORT_NAME, name_index(c, n->v));
        if (n->n == 1 && str_eqc(n->list[0]->v, "*")) {
            emit(c, IMPORT_STAR, 0);
            return;
        }
        for (int i = 0; i < n->n; i++) {
            Node *al = n->list[i];
            emit(c, IMPORT_FROM, name_index(c, al->v));
            cname(c, al->w ? al->w : al->v, CTX_STORE);
        }
        emit(c, POP_TOP, 0);
        return;
    }
    default:
        cexpr(c, n);
        emit(c, POP_TOP, 0);
    }
}

Obj *compile_source(const char *src, size_t len, Obj *filename, int mode) {
    Node *tree = parse_source(src, len, filename, mode == MODE_SINGLE ? MODE_FILE : mode);
    Scope *top = symtable_build(tree, filename);
    C c = {NULL, filename, mode, mode == MODE_SINGLE};
    unit_push(&c, top, 1);
    c.u->flags = CO_MODULE;
    cnode(&c, tree);
    if (mode != MODE_EVAL) {
        load_const(&c, None);
        emit(&c, RETURN_VALUE, 0);
    }
    return unit_finish(&c, c.u, str_intern("<module>"), str_intern("<module>"));
}
