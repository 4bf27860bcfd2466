/* vm.c: the bytecode interpreter: frames, argument binding, the dispatch loop, exception
 * blocks and tracebacks, and generator resumption. */
#include "code.h"
#include "exopy.h"

#include <string.h>

static int code_line(Code *c, int offset) {
    int line = c->firstline;
    for (int i = 0; i < c->nlines; i++) {
        if (c->lines[2 * i] > offset) break;
        line = c->lines[2 * i + 1];
    }
    return line;
}

static Frame *frame_new(Code *code, Obj *globals, Obj *locals, Obj *func) {
    Frame *f = (Frame *)gc_new(&frame_type, sizeof(Frame));
    f->code = code;
    f->globals = globals;
    f->locals = locals;
    f->func = func;
    size_t nv = ((Tuple *)code->varnames)->len, nc = ((Tuple *)code->cellnames)->len,
           nf = ((Tuple *)code->freenames)->len;
    f->fast = gc_alloc((nv + nc + nf + 1) * sizeof(Obj *), 1);
    f->stack = gc_alloc((size_t)(code->stacksize + 4) * sizeof(Obj *), 1);
    return f;
}

/* ---- argument binding ---- */
static _Noreturn void missing_args(Code *co, Obj **fast, int kwonly) {
    Tuple *vn = (Tuple *)co->varnames;
    int lo = kwonly ? co->nargs : 0, hi = kwonly ? co->nargs + co->nkwonly : co->nargs;
    Obj *names = list_new(0);
    for (int i = lo; i < hi; i++)
        if (!fast[i]) list_append(names, str_repr(vn->items[i]));
    List *l = (List *)names;
    Buf b;
    buf_init(&b);
    for (size_t i = 0; i < l->len; i++) {
        if (i && l->len > 2) buf_adds(&b, ", ");
        if (i && i == l->len - 1) buf_adds(&b, l->len > 2 ? "and " : " and ");
        buf_addobj(&b, l->items[i]);
    }
    raisef(&TypeError_type, "%s() missing %zu required %sargument%s: %s", str_c(co->name), l->len,
           kwonly ? "keyword-only " : "positional ", l->len == 1 ? "" : "s", str_c(buf_str(&b)));
}

static void bind_args(Func *fn, Frame *f, int n, Obj **a, Obj *kwnames) {
    Code *co = fn->code;
    Obj **fast = f->fast;
    int nkw = kwnames ? (int)((Tuple *)kwnames)->len : 0;
    int npos = n - nkw;
    int slot = co->nargs + co->nkwonly;
    Obj *varkw = NULL;
    if (co->flags & CO_VARKW) {
        varkw = dict_new();
        fast[slot + ((co->flags & CO_VARARGS) ? 1 : 0)] = varkw;
    }
    if (npos > co->nargs) {
        if (!(co->flags & CO_VARARGS)) {
            int ndef = fn->defaults ? (int)((Tuple *)fn->defaults)->len : 0;
            if (ndef)
                raisef(&TypeError_type,
                       "%s() takes from %d to %d positional arguments but %d were given",
                       str_c(co->name), co->nargs - ndef, co->nargs, npos);
            raisef(&TypeError_type, "%s() takes %d positional argument%s but %d %s given",
                   str_c(co->name), co->nargs, co->nargs == 1 ? "" : "s", npos,
                   npos == 1 ? "was" : "were");
        }
    }
    int ncopy = npos < co->nargs ? npos : co->nargs;
    for (int i = 0; i < ncopy; i++)
        fast[i] = a[i];
    if (co->flags & CO_VARARGS) {
        int extra = npos > co->nargs ? npos - co->nargs : 0;
        Tuple *t = (Tuple *)tuple_new((size_t)extra);
        for (int i = 0; i < extra; i++)
            t->items[i] = a[co->nargs + i];
        fast[slot] = (Obj *)t;
    }
    Tuple *vn = (Tuple *)co->varnames;
    for (int k = 0; k < nkw; k++) {
        Obj *name = ((Tuple *)kwnames)->items[k];
        int found = -1;
        for (int i = 0; i < co->nargs + co->nkwonly; i++) {
            Obj *v = vn->items[i];
            if (v == name || str_eq(v, name)) {
                found = i;
                break;
            }
        }
        if (found < 0) {
            if (!varkw)
                raisef(&TypeError_type, "%s() got an unexpected keyword argument '%s'",
                       str_c(co->name), str_c(name));
            if (dict_get(varkw, name))
                raisef(&TypeError_type, "%s() got multiple values for keyword argument '%s'",
                       str_c(co->name), str_c(name));
            dict_set(varkw, name, a[npos + k]);
            continue;
        }
        if (fast[found])
            raisef(&TypeError_type, "%s() got multiple values for argument '%s'", str_c(co->name),
                   str_c(name));
        fast[found] = a[npos + k];
    }
    if (npos < co->nargs) {
        Tuple *d = (Tuple *)fn->defaults;
        int ndef = d ? (int)d->len : 0;
        for (int i = npos; i < co->nargs; i++) {
            if (fast[i]) continue;
            int di = i - (co->nargs - ndef);
            if (di >= 0) fast[i] = d->items[di];
        }
        for (int i = 0; i < co->nargs; i++)
            if (!fast[i]) missing_args(co, fast, 0);
    }
    for (int i = co->nargs; i < co->nargs + co->nkwonly; i++) {
        if (fast[i]) continue;
        Obj *v = fn->kwdefaults ? dict_get(fn->kwdefaults, vn->items[i]) : NULL;
        if (v) fast[i] = v;
    }
    for (int i = co->nargs; i < co->nargs + co->nkwonly; i++)
        if (!fast[i]) missing_args(co, fast, 1);
}

static void init_cells(Frame *f, Obj *closure) {
    Code *co = f->code;
    size_t nv = ((Tuple *)co->varnames)->len, nc = ((Tuple *)co->cellnames)->len,
           nf = ((Tuple *)co->freenames)->len;
    for (size_t i = 0; i < nc; i++) {
        Cell *c = (Cell *)gc_new(&cell_type, sizeof(Cell));
        if (co->cell2arg[i] >= 0) {
            c->v = f->fast[co->cell2arg[i]];
        }
        f->fast[nv + i] = (Obj *)c;
    }
    for (size_t i = 0; i < nf; i++)
        f->fast[nv + nc + i] = ((Tuple *)closure)->items[i];
}

static Obj *vm_run(Frame *f);

Obj *gen_new_from_frame(Frame *f, Func *fn);

Obj *vm_call_func(Obj *fo, int n, Obj **a, Obj *kw) {
    Func *fn = (Func *)fo;
    Code *co = fn->code;
    Frame *f = frame_new(co, fn->globals, NULL, fo);
    bind_args(fn, f, n, a, kw);
    init_cells(f, fn->closure);
    if (co->flags & CO_GENERATOR) return gen_new_from_frame(f, fn);
    return vm_run(f);
}

Obj *vm_exec(Obj *code, Obj *globals, Obj *locals) {
    Frame *f = frame_new((Code *)code, globals, locals ? locals : globals, NULL);
    init_cells(f, NULL);
    return vm_run(f);
}

/* Run a class body with its namespace dict. */
Obj *vm_exec_body(Obj *func, Obj *ns) {
    Func *fn = (Func *)func;
    Frame *f = frame_new(fn->code, fn->globals, ns, func);
    init_cells(f, fn->closure);
    return vm_run(f);
}

/* ---- helpers for the loop ---- */
static Obj *load_global(Frame *f, Obj *name) {
    Obj *v = dict_get(f->globals, name);
    if (!v) v = dict_get(vm->builtins, name);
    if (!v) raisef(&NameError_type, "name '%s' is not defined", str_c(name));
    return v;
}

static void unpack(Frame *f, Obj *v, int n) {
    Obj **items;
    size_t len;
    if (IS(v, tuple_type)) {
        items = ((Tuple *)v)->items;
        len = ((Tuple *)v)->len;
    } else if (IS(v, list_type)) {
        items = ((List *)v)->items;
        len = ((List *)v)->len;
    } else {
        if (!TYPE(v)->iter && !TYPE(v)->getitem)
            raisef(&TypeError_type, "cannot unpack non-iterable %s object", type_name(v));
        Obj *it = obj_iter(v);
        Obj *l = list_new(0);
        for (Obj *x; (x = obj_next(it));) {
            list_append(l, x);
            if ((int)((List *)l)->len > n) break;
        }
        items = ((List *)l)->items;
        len = ((List *)l)->len;
    }
    if ((int)len < n)
        raisef(&ValueError_type, "not enough values to unpack (expected %d, got %zu)", n, len);
    if ((int)len > n) raisef(&ValueError_type, "too many values to unpack (expected %d)", n);
    for (int i = n - 1; i >= 0; i--)
        f->stack[f->sp++] = items[i];
}

static void unpack_ex(Frame *f, Obj *v, int before, int after) {
    if (!TYPE(v)->iter && !TYPE(v)->getitem)
        raisef(&TypeError_type, "cannot unpack non-iterable %s object", type_name(v));
    List *l = (List *)list_from_iter(v);
    if ((int)l->len < before + after)
        raisef(&ValueError_type, "not enough values to unpack (expected at least %d, got %zu)",
               before + after, l->len);
    for (int i = 0; i < after; i++)
        f->stack[f->sp++] = l->items[l->len - 1 - (size_t)i];
    size_t mid = l->len - (size_t)before - (size_t)after;
    List *m = (List *)list_new(mid);
    memcpy(m->items, l->items + before, mid * sizeof(Obj *));
    f->stack[f->sp++] = (Obj *)m;
    for (int i = before - 1; i >= 0; i--)
        f->stack[f->sp++] = l->items[i];
}

static int exc_match(Obj *exc, Obj *t) {
    if (IS(t, tuple_type)) {
        Tuple *tt = (Tuple *)t;
        for (size_t i = 0; i < tt->len; i++)
            if (exc_match(exc, tt->items[i])) return 1;
        return 0;
    }
    if (!IS(t, type_type) || !type_issub((Type *)t, &BaseException_type))
        raisef(&TypeError_type,
               "catching classes that do not inherit from BaseException is not allowed");
    return type_issub(TYPE(exc), (Type *)t);
}

static Obj *call_ex(Obj *fn, Obj *args, Obj *kwargs) {
    Tuple *t = (Tuple *)args;
    size_t nkw = kwargs ? ((Dict *)kwargs)->used : 0;
    size_t n = t->len + nkw;
    Obj **v = gc_alloc((n + 1) * sizeof(Obj *), 1);
    objs_copy(v, t->items, t->len);
    Obj *names = NULL;
    if (nkw) {
        names = tuple_new(nkw);
        size_t pos = 0, i = 0;
        Obj *k, *val;
        while (dict_next(kwargs, &pos, &k, &val)) {
            if (!IS(k, str_type)) raisef(&TypeError_type, "keywords must be strings");
            ((Tuple *)names)->items[i] = k;
            v[t->len + i] = val;
            i++;
        }
    }
    return obj_call(fn, (int)n, v, names);
}

Obj *build_class(int n, Obj **a, Obj *kw);

static void do_raise(Frame *f, int n) {
    if (n == 0) {
        if (!vm->nhandled) raisef(&RuntimeError_type, "No active exception to reraise");
        vm->exc = exc_handled_top();
        raise(vm->exc);
    }
    Obj *cause = n == 2 ? f->stack[--f->sp] : NULL;
    Obj *exc = f->stack[--f->sp];
    if (IS(exc, type_type)) {
        if (!type_issub((Type *)exc, &BaseException_type))
            raisef(&TypeError_type, "exceptions must derive from BaseException");
        exc = call0(exc);
    }
    if (!ISINST(exc, BaseException_type))
        raisef(&TypeError_type, "exceptions must derive from BaseException");
    if (cause) {
        if (IS(cause, type_type)) cause = call0(cause);
        if (cause != None && !ISINST(cause, BaseException_type))
            raisef(&TypeError_type, "exception causes must derive from BaseException");
        ((Exc *)exc)->cause = cause == None ? NULL : cause;
        ((Exc *)exc)->suppress_context = 1;
    }
    raise(exc);
}

Obj *gen_yield_from(Obj *it, Obj *v, int *done);

#define PUSH(x)  (f->stack[f->sp++] = (x))
#define POP()    (f->stack[--f->sp])
#define TOP()    (f->stack[f->sp - 1])
#define SECOND() (f->stack[f->sp - 2])

/* Asynchronous work the port asked for (vm_wake, e.g. from an upcall handler), done between two
 * bytecodes: at the next call or backward jump, a cheap flag test. busy keeps the port's own
 * Python code (a revocation callback) from being re-entered by its loops. */
static volatile struct { int woken, busy; } wake;

void vm_wake(void) {
    wake.woken = 1;
}

static void service(void) {
    if (wake.busy) return;
    wake.woken = 0;
    wake.busy = 1;
    TRY {
        port_service();
    }
    CATCH(e) {
        wake.busy = 0;
        raise(e); /* into the running code, as a signal handler's exception in CPython */
    }
    ENDTRY
    wake.busy = 0;
}

/* Runs until RETURN_VALUE or a yield; exceptions leave by longjmp to vm_run. */
static Obj *loop(Frame *f) {
    Code *co = f->code;
    const uint8_t *code = co->code;
    Tuple *names = (Tuple *)co->names;
    List *consts = (List *)co->consts;
    size_t nv = ((Tuple *)co->varnames)->len;
    if (f->pending) {
        Obj *e = f->pending;
        f->pending = NULL;
        raise(e);
    }
    for (;;) {
        int op = code[f->ip];
        int arg = code[f->ip + 1] | code[f->ip + 2] << 8;
        f->lasti = f->ip;
        f->ip += INSN_SIZE;
        switch (op) {
        case NOP:
            break;
        case POP_TOP:
            f->sp--;
            break;
        case ROT_TWO: {
            Obj *t = TOP();
            TOP() = SECOND();
            SECOND() = t;
            break;
        }
        case ROT_THREE: {
            Obj *t = TOP();
            f->stack[f->sp - 1] = f->stack[f->sp - 2];
            f->stack[f->sp - 2] = f->stack[f->sp - 3];
            f->stack[f->sp - 3] = t;
            break;
        }
        case DUP_TOP: {
            Obj *t = TOP();
            PUSH(t);
            break;
        }
        case DUP_TOP_TWO: {
            Obj *a = SECOND(), *b = TOP();
            PUSH(a);
            PUSH(b);
            break;
        }
        case LOAD_CONST:
            PUSH(consts->items[arg]);
            break;
        case LOAD_NAME: {
            Obj *name = names->items[arg];
            Obj *v = f->locals ? dict_get(f->locals, name) : NULL;
            if (!v) v = dict_get(f->globals, name);
            if (!v) v = dict_get(vm->builtins, name);
            if (!v) raisef(&NameError_type, "name '%s' is not defined", str_c(name));
            PUSH(v);
            break;
        }
        case STORE_NAME:
            dict_set(f->locals, names->items[arg], POP());
            break;
        case DELETE_NAME:
            if (!dict_del(f->locals, names->items[arg]))
                raisef(&NameError_type, "name '%s' is not defined", str_c(names->items[arg]));
            break;
        case LOAD_GLOBAL:
            PUSH(load_global(f, names->items[arg]));
            break;
        case STORE_GLOBAL:
            dict_set(f->globals, names->items[arg], POP());
            break;
        case DELETE_GLOBAL:
            if (!dict_del(f->globals, names->items[arg]))
                raisef(&NameError_type, "name '%s' is not defined", str_c(names->items[arg]));
            break;
        case LOAD_FAST: {
            Obj *v = f->fast[arg];
            if (!v)
                raisef(&UnboundLocalError_type,
                       "cannot access local variable '%s' where it is not associated with a "
                       "value",
                       str_c(((Tuple *)co->varnames)->items[arg]));
            PUSH(v);
            break;
        }
        case STORE_FAST:
            f->fast[arg] = POP();
            break;
        case DELETE_FAST:
            if (!f->fast[arg])
                raisef(&UnboundLocalError_type,
                       "cannot access local variable '%s' where it is not associated with a "
                       "value",
                       str_c(((Tuple *)co->varnames)->items[arg]));
            f->fast[arg] = NULL;
            break;
        case LOAD_DEREF:
        case LOAD_CLASSDEREF: {
            Cell *c = (Cell *)f->fast[nv + (size_t)arg];
            size_t nc = ((Tuple *)co->cellnames)->len;
            Obj *name = (size_t)arg < nc ? ((Tuple *)co->cellnames)->items[arg]
                                         : ((Tuple *)co->freenames)->items[(size_t)arg - nc];
            if (op == LOAD_CLASSDEREF && f->locals) {
                Obj *v = dict_get(f->locals, name);
                if (v) {
                    PUSH(v);
                    break;
                }
            }
            if (!c->v) {
                if ((size_t)arg < nc)
                    raisef(&UnboundLocalError_type,
                           "cannot access local variable '%s' where it is not associated with a "
                           "value",
                           str_c(name));
                raisef(&NameError_type,
                       "cannot access free variable '%s' where it is not associated with a value "
                       "in enclosing scope",
                       str_c(name));
            }
            PUSH(c->v);
            break;
        }
        case STORE_DEREF:
            ((Cell *)f->fast[nv + (size_t)arg])->v = POP();
            break;
        case DELETE_DEREF:
            ((Cell *)f->fast[nv + (size_t)arg])->v = NULL;
            break;
        case LOAD_CLOSURE:
            PUSH(f->fast[nv + (size_t)arg]);
            break;
        case LOAD_ATTR:
            TOP() = obj_getattr(TOP(), names->items[arg]);
            break;
        case STORE_ATTR: {
            Obj *o = POP(), *v = POP();
            obj_setattr(o, names->items[arg], v);
            break;
        }
        case DELETE_ATTR:
            obj_setattr(POP(), names->items[arg], NULL);
            break;
        case BINARY_SUBSCR: {
            Obj *k = POP();
            TOP() = obj_getitem(TOP(), k);
            break;
        }
        case STORE_SUBSCR: {
            Obj *k = POP(), *o = POP(), *v = POP();
            obj_setitem(o, k, v);
            break;
        }
        case DELETE_SUBSCR: {
            Obj *k = POP(), *o = POP();
            obj_setitem(o, k, NULL);
            break;
        }
        case BUILD_SLICE: {
            Obj *c = POP(), *b = POP(), *a = POP();
            PUSH(slice_new(a, b, c));
            break;
        }
        case BINARY_OP: {
            Obj *b = POP(), *a = TOP();
            Obj *r;
            if (IS(a, int_type) && IS(b, int_type) && int_fits(a) && int_fits(b) &&
                (arg == OP_ADD || arg == OP_SUB || arg == OP_MUL))
                r = int_binop(a, b, arg);
            else
                r = obj_binop(a, b, arg);
            TOP() = r;
            break;
        }
        case INPLACE_OP: {
            Obj *b = POP();
            TOP() = obj_inplace(TOP(), b, arg);
            break;
        }
        case UNARY_OP:
            TOP() = obj_unop(TOP(), arg);
            break;
        case UNARY_NOT:
            TOP() = BOOL(!obj_truth(TOP()));
            break;
        case COMPARE_OP: {
            Obj *b = POP(), *a = TOP();
            Obj *r;
            switch (arg) {
            case 6:
                r = BOOL(obj_contains(b, a));
                break;
            case 7:
                r = BOOL(!obj_contains(b, a));
                break;
            case 8:
                r = BOOL(a == b);
                break;
            case 9:
                r = BOOL(a != b);
                break;
            default:
                if (IS(a, int_type) && IS(b, int_type) && int_fits(a) && int_fits(b)) {
                    int64_t x = ((Int *)a)->v, y = ((Int *)b)->v;
                    int c = x < y ? -1 : x > y;
                    static const int8_t want[6][3] = {{1, 0, 0}, {1, 1, 0}, {0, 1, 0},
                                                      {1, 0, 1}, {0, 0, 1}, {0, 1, 1}};
                    r = BOOL(want[arg][c + 1]);
                } else {
                    r = obj_richcmp(a, b, arg);
                }
            }
            TOP() = r;
            break;
        }
        case JUMP:
            if (arg < f->ip) { /* every loop passes here: Ctrl-C and upcalls can reach it */
                if (wake.woken) service();
                console_tick();
            }
            f->ip = arg;
            break;
        case POP_JUMP_IF_FALSE: {
            Obj *v = POP();
            if (v == False || (v != True && !obj_truth(v))) f->ip = arg;
            break;
        }
        case POP_JUMP_IF_TRUE: {
            Obj *v = POP();
            if (v == True || (v != False && obj_truth(v))) f->ip = arg;
            break;
        }
        case JUMP_IF_FALSE_OR_POP:
            if (!obj_truth(TOP()))
                f->ip = arg;
            else
                f->sp--;
            break;
        case JUMP_IF_TRUE_OR_POP:
            if (obj_truth(TOP()))
                f->ip = arg;
            else
                f->sp--;
            break;
        case GET_ITER:
            TOP() = obj_iter(TOP());
            break;
        case FOR_ITER: {
            /* range over int64 bounds, the commonest loop, steps here without two calls */
            Obj *it = TOP(), *v;
            Range *r = IS(it, range_iter_type) ? (Range *)((Iter *)it)->seq : NULL;
            if (r && !r->big) {
                Iter *ri = (Iter *)it;
                v = ri->i < ri->n ? int_from(r->start + (ri->i++) * r->step) : NULL;
            } else {
                v = obj_next(it);
            }
            if (v)
                PUSH(v);
            else {
                f->sp--;
                f->ip = arg;
            }
            break;
        }
        case CALL: {
            if (wake.woken) service();
            Obj **args = &f->stack[f->sp - arg];
            Obj *fn = args[-1];
            Obj *r = obj_call(fn, arg, args, NULL);
            f->sp -= arg;
            TOP() = r;
            break;
        }
        case CALL_KW: {
            if (wake.woken) service();
            Obj *kwn = POP();
            Obj **args = &f->stack[f->sp - arg];
            Obj *r = obj_call(args[-1], arg, args, kwn);
            f->sp -= arg;
            TOP() = r;
            break;
        }
        case CALL_EX: {
            if (wake.woken) service();
            Obj *kwargs = arg & 1 ? POP() : NULL;
            Obj *args = POP();
            Obj *fn = TOP();
            TOP() = call_ex(fn, args, kwargs);
            break;
        }
        case MAKE_FUNCTION: {
            Obj *qual = POP(), *code = POP();
            Func *fn = (Func *)func_new(code, f->globals);
            fn->qualname = qual;
            if (arg & 8) fn->closure = POP();
            if (arg & 2) fn->kwdefaults = POP();
            if (arg & 1) fn->defaults = POP();
            PUSH((Obj *)fn);
            break;
        }
        case RETURN_VALUE:
            f->yielded = 0;
            return POP();
        case YIELD_VALUE:
            f->yielded = 1;
            return POP();
        case YIELD_FROM: {
            Obj *v = POP();
            int done = 0;
            Obj *r = gen_yield_from(TOP(), v, &done);
            if (done) {
                TOP() = r;
                break;
            }
            f->ip -= INSN_SIZE; /* resume here with the sent value */
            f->yielded = 1;
            return r;
        }
        case BUILD_TUPLE: {
            Tuple *t = (Tuple *)tuple_new((size_t)arg);
            f->sp -= arg;
            objs_copy(t->items, &f->stack[f->sp], (size_t)arg);
            PUSH((Obj *)t);
            break;
        }
        case BUILD_LIST: {
            List *l = (List *)list_new((size_t)arg);
            f->sp -= arg;
            objs_copy(l->items, &f->stack[f->sp], (size_t)arg);
            PUSH((Obj *)l);
            break;
        }
        case BUILD_SET: {
            Obj *s = set_new(&set_type);
            for (int i = arg; i > 0; i--)
                set_add(s, f->stack[f->sp - i]);
            f->sp -= arg;
            PUSH(s);
            break;
        }
        case BUILD_MAP: {
            Obj *d = dict_new();
            for (int i = arg; i > 0; i--)
                dict_set(d, f->stack[f->sp - 2 * i], f->stack[f->sp - 2 * i + 1]);
            f->sp -= 2 * arg;
            PUSH(d);
            break;
        }
        case LIST_APPEND: {
            Obj *v = POP();
            list_append(f->stack[f->sp - arg], v);
            break;
        }
        case SET_ADD: {
            Obj *v = POP();
            set_add(f->stack[f->sp - arg], v);
            break;
        }
        case MAP_ADD: {
            Obj *v = POP(), *k = POP();
            dict_set(f->stack[f->sp - arg], k, v);
            break;
        }
        case LIST_EXTEND: {
            Obj *v = POP();
            Obj *l = f->stack[f->sp - arg];
            if (!TYPE(v)->iter && !TYPE(v)->getitem)
                raisef(&TypeError_type, "Value after * must be an iterable, not %s", type_name(v));
            Obj *it = obj_iter(v);
            for (Obj *x; (x = obj_next(it));)
                list_append(l, x);
            break;
        }
        case SET_UPDATE: {
            Obj *v = POP();
            Obj *s = f->stack[f->sp - arg];
            Obj *it = obj_iter(v);
            for (Obj *x; (x = obj_next(it));)
                set_add(s, x);
            break;
        }
        case DICT_UPDATE: {
            Obj *v = POP();
            if (!ISINST(v, dict_type) && !obj_getattr_opt(v, str_intern("keys")))
                raisef(&TypeError_type, "'%s' object is not a mapping", type_name(v));
            dict_update(f->stack[f->sp - arg], v);
            break;
        }
        case DICT_MERGE: {
            Obj *v = POP();
            Obj *d = f->stack[f->sp - arg];
            if (!ISINST(v, dict_type) && !obj_getattr_opt(v, str_intern("keys")))
                raisef(&TypeError_type, "argument after ** must be a mapping, not %s",
                       type_name(v));
            Obj *tmp = dict_new();
            dict_update(tmp, v);
            size_t pos = 0;
            Obj *k, *x;
            while (dict_next(tmp, &pos, &k, &x)) {
                if (dict_get(d, k))
                    raisef(&TypeError_type, "got multiple values for keyword argument '%s'",
                           str_c(obj_str(k)));
                dict_set(d, k, x);
            }
            break;
        }
        case LIST_TO_TUPLE:
            TOP() = tuple_from_iter(TOP());
            break;
        case UNPACK_SEQUENCE:
            unpack(f, POP(), arg);
            break;
        case UNPACK_EX:
            unpack_ex(f, POP(), arg & 0xff, arg >> 8);
            break;
        case SETUP_FINALLY:
        case SETUP_WITH: {
            if (f->nblocks >= (int)(sizeof f->blocks / sizeof f->blocks[0]))
                raisef(&SyntaxError_type, "too many statically nested blocks");
            if (op == SETUP_WITH) {
                Obj *mgr = POP();
                Obj *enter = type_lookupc(TYPE(mgr), "__enter__");
                Obj *exit = type_lookupc(TYPE(mgr), "__exit__");
                if (!enter || !exit)
                    raisef(&TypeError_type,
                           "'%s' object does not support the context manager protocol",
                           type_name(mgr));
                Obj *bound_exit = method_new(exit, mgr);
                Obj *r = call1(enter, mgr); /* if this raises, __exit__ must not run */
                PUSH(bound_exit);
                Block *b = &f->blocks[f->nblocks++];
                b->kind = BLOCK_WITH;
                b->handler = arg;
                b->level = f->sp;
                b->excdepth = vm->nhandled - f->hbase;
                PUSH(r);
                break;
            }
            Block *b = &f->blocks[f->nblocks++];
            b->kind = BLOCK_FINALLY;
            b->handler = arg;
            b->level = f->sp;
            b->excdepth = vm->nhandled - f->hbase;
            break;
        }
        case POP_BLOCK:
            f->nblocks--;
            break;
        case POP_EXCEPT:
            if (vm->nhandled) vm->nhandled--;
            break;
        case RERAISE: {
            Obj *e = POP();
            vm->exc = e;
            ((Exc *)e)->suppress_context = ((Exc *)e)->suppress_context;
            f->yielded = -1; /* marks a re-raise: no new traceback entry */
            raise(e);
        }
        case RAISE:
            do_raise(f, arg);
            break;
        case JUMP_IF_NOT_EXC_MATCH: {
            Obj *t = POP(), *e = POP();
            if (!exc_match(e, t)) f->ip = arg;
            break;
        }
        case WITH_EXCEPT: {
            Obj *e = POP(), *exit = POP();
            Obj *args[3] = {(Obj *)TYPE(e), e, ((Exc *)e)->tb ? ((Exc *)e)->tb : None};
            Obj *r = obj_call(exit, 3, args, NULL);
            if (obj_truth(r)) {
                if (vm->nhandled) vm->nhandled--;
                break;
            }
            f->yielded = -1;
            raise(e);
        }
        case IMPORT_NAME: {
            f->sp -= 2; /* level and fromlist: only flat, absolute imports exist */
            PUSH(import_module(names->items[arg]));
            break;
        }
        case IMPORT_FROM: {
            Obj *m = TOP();
            Obj *v = obj_getattr_opt(m, names->items[arg]);
            if (!v) {
                Obj *mn = IS(m, module_type) ? ((Module *)m)->name : str_from("?");
                raisef(&ImportError_type, "cannot import name '%s' from '%s'",
                       str_c(names->items[arg]), str_c(mn));
            }
            PUSH(v);
            break;
        }
        case IMPORT_STAR: {
            Obj *m = POP();
            Obj *d = ((Module *)m)->dict;
            size_t pos = 0;
            Obj *k, *v;
            while (dict_next(d, &pos, &k, &v))
                if (((Str *)k)->s[0] != '_') dict_set(f->locals, k, v);
            break;
        }
        case LOAD_BUILD_CLASS:
            PUSH(dict_getc(vm->builtins, "__build_class__"));
            break;
        case FORMAT_VALUE: {
            Obj *spec = arg & 0x100 ? POP() : vm->empty_str;
            Obj *v = TOP();
            int conv = arg & 0xff;
            if (conv == 'r' || conv == 'a')
                v = obj_repr(v);
            else if (conv == 's')
                v = obj_str(v);
            if (IS(v, str_type) && ((Str *)spec)->len == 0)
                TOP() = v;
            else
                TOP() = obj_format(v, spec);
            break;
        }
        case BUILD_STRING: {
            Buf b;
            buf_init(&b);
            for (int i = arg; i > 0; i--)
                buf_addobj(&b, f->stack[f->sp - i]);
            f->sp -= arg;
            PUSH(buf_str(&b));
            break;
        }
        case LOAD_ASSERTION_ERROR:
            PUSH((Obj *)&AssertionError_type);
            break;
        case PRINT_EXPR: {
            Obj *v = POP();
            if (v != None) {
                dict_setc(vm->builtins, "_", v);
                Obj *r = obj_repr(v);
                port_write(1, ((Str *)r)->s, ((Str *)r)->len);
                port_write(1, "\n", 1);
            }
            break;
        }
        default:
            raisef(&SystemExit_type, "exopy: bad opcode %d", op);
        }
    }
}

static Obj *vm_run(Frame *f) {
    stack_check();
    if (vm->depth >= vm->recursion_limit)
        raisef(&RecursionError_type, "maximum recursion depth exceeded");
    Frame *volatile saved = vm->frame;
    volatile int base_handled = vm->nhandled;
    f->hbase = base_handled;
    if (f->held) {
        /* a generator resumes inside its except or finally handlers */
        List *held = (List *)f->held;
        f->held = NULL;
        for (size_t i = 0; i < held->len; i++)
            exc_handled_push(held->items[i]);
    }
    f->back = saved;
    vm->depth++;
    for (;;) {
        Handler h;
        h.prev = vm->handler;
        vm->handler = &h;
        vm->frame = f;
        if (setjmp(h.jb) == 0) {
            Obj *r = loop(f);
            vm->handler = h.prev;
            vm->frame = saved;
            vm->depth--;
            if (f->yielded && vm->nhandled > base_handled) {
                /* a generator yields inside handlers: keep their exceptions for its resumption */
                Obj *held = list_new(0);
                int top = vm->nhandled <= vm->handled_cap ? vm->nhandled : vm->handled_cap;
                for (int i = base_handled; i < top; i++)
                    list_append(held, vm->handled[i]);
                f->held = held;
            }
            vm->nhandled = base_handled;
            return r;
        }
        vm->handler = h.prev;
        Obj *exc = vm->exc;
        if (f->yielded != -1)
            exc_add_tb(exc, f->code->filename, code_line(f->code, f->lasti), f->code->name);
        f->yielded = 0;
        if (f->nblocks > 0) {
            Block *b = &f->blocks[--f->nblocks];
            f->sp = b->level;
            vm->nhandled = f->hbase + b->excdepth;
            exc_handled_push(exc);
            f->stack[f->sp++] = exc;
            f->ip = b->handler;
            continue;
        }
        vm->frame = saved;
        vm->depth--;
        vm->nhandled = base_handled;
        f->yielded = 0;
        f->ip = (int)f->code->ncode; /* a generator frame is finished */
        vm->exc = exc;
        if (!vm->handler) {
            exc_print(exc);
            port_exit(1);
        }
        longjmp(vm->handler->jb, 1);
    }
}

Obj *vm_resume(Frame *f) {
    return vm_run(f);
}
