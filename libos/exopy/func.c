/* func.c: the runtime objects behind code execution: functions, code objects, cells, frames,
 * generators (send, throw, close, yield from), modules and the class builder. */
#include "code.h"
#include "exopy.h"

#include <string.h>

Obj *vm_exec_body(Obj *func, Obj *ns);

static int64_t id_hash(Obj *o) {
    return (int64_t)((uintptr_t)o >> 4);
}

/* ---- functions ---- */
Obj *func_new(Obj *code, Obj *globals) {
    Func *f = (Func *)gc_new(&func_type, sizeof(Func));
    f->code = (Code *)code;
    f->globals = globals;
    f->name = ((Code *)code)->name;
    f->qualname = ((Code *)code)->qualname;
    f->module = dict_getc(globals, "__name__");
    if (f->code->flags & CO_DOC) f->doc = ((List *)f->code->consts)->items[0];
    return (Obj *)f;
}

static Obj *func_repr(Obj *o) {
    return str_fmt("<function %s at %p>", str_c(((Func *)o)->qualname), (void *)o);
}

static Obj *func_descr(Obj *d, Obj *inst, Type *owner) {
    (void)owner;
    return inst ? method_new(d, inst) : d;
}

static Obj *func_getattr(Obj *o, Obj *name) {
    Func *f = (Func *)o;
    const char *n = str_c(name);
    if (!strcmp(n, "__name__")) return f->name;
    if (!strcmp(n, "__qualname__")) return f->qualname;
    if (!strcmp(n, "__doc__")) return f->doc ? f->doc : None;
    if (!strcmp(n, "__module__")) return f->module ? f->module : None;
    if (!strcmp(n, "__defaults__")) return f->defaults ? f->defaults : None;
    if (!strcmp(n, "__kwdefaults__")) return f->kwdefaults ? f->kwdefaults : None;
    if (!strcmp(n, "__code__")) return (Obj *)f->code;
    if (!strcmp(n, "__globals__")) return f->globals;
    if (!strcmp(n, "__closure__")) return f->closure ? f->closure : None;
    if (!strcmp(n, "__dict__")) {
        if (!f->dict) f->dict = dict_new();
        return f->dict;
    }
    if (f->dict) {
        Obj *v = dict_get(f->dict, name);
        if (v) return v;
    }
    return generic_getattr(o, name);
}

static void func_setattr(Obj *o, Obj *name, Obj *v) {
    Func *f = (Func *)o;
    if (str_eqc(name, "__name__")) {
        f->name = v;
        return;
    }
    if (str_eqc(name, "__qualname__")) {
        f->qualname = v;
        return;
    }
    if (str_eqc(name, "__doc__")) {
        f->doc = v;
        return;
    }
    if (str_eqc(name, "__defaults__")) {
        f->defaults = v == None ? NULL : v;
        return;
    }
    if (!f->dict) f->dict = dict_new();
    if (v)
        dict_set(f->dict, name, v);
    else
        dict_del(f->dict, name);
}

Type func_type = {.name = "function",
                  .repr = func_repr,
                  .hash = id_hash,
                  .call = vm_call_func,
                  .getattr = func_getattr,
                  .setattr = func_setattr,
                  .descr_get = func_descr};

static Obj *code_repr(Obj *o) {
    Code *c = (Code *)o;
    return str_fmt("<code object %s at %p, file \"%s\", line %d>", str_c(c->name), (void *)o,
                   str_c(c->filename), c->firstline);
}

static Obj *code_getattr(Obj *o, Obj *name) {
    Code *c = (Code *)o;
    if (str_eqc(name, "co_name")) return c->name;
    if (str_eqc(name, "co_filename")) return c->filename;
    if (str_eqc(name, "co_argcount")) return int_from(c->nargs);
    if (str_eqc(name, "co_varnames")) return c->varnames;
    if (str_eqc(name, "co_firstlineno")) return int_from(c->firstline);
    return NULL;
}

Type code_type = {.name = "code", .repr = code_repr, .hash = id_hash, .getattr = code_getattr};

static Obj *cell_repr(Obj *o) {
    return str_fmt("<cell at %p>", (void *)o);
}

static Obj *cell_getattr(Obj *o, Obj *name) {
    if (str_eqc(name, "cell_contents")) {
        Cell *c = (Cell *)o;
        if (!c->v) raisef(&ValueError_type, "Cell is empty");
        return c->v;
    }
    return NULL;
}

Type cell_type = {.name = "cell", .repr = cell_repr, .hash = id_hash, .getattr = cell_getattr};

Type frame_type = {.name = "frame", .hash = id_hash};

/* ---- generators ---- */
Obj *gen_new_from_frame(Frame *f, Func *fn) {
    Gen *g = (Gen *)gc_new(&gen_type, sizeof(Gen));
    g->frame = f;
    g->name = fn->name;
    g->qualname = fn->qualname;
    return (Obj *)g;
}

Obj *vm_resume(Frame *f);

/* Resume; returns the yielded value, or NULL with *ret set when the generator returned. */
static Obj *gen_resume(Gen *g, Obj *v, Obj *thrown, Obj **ret) {
    Obj *volatile exc = thrown; /* may change below; kept in memory across setjmp */
    *ret = NULL;
    if (g->running) raisef(&ValueError_type, "generator already executing");
    if (g->done) {
        if (exc) raise(exc);
        *ret = None;
        return NULL;
    }
    Frame *f = g->frame;
    int started = f->ip != 0;
    if (!started && v != None && !exc)
        raisef(&TypeError_type, "can't send non-None value to a just-started generator");
    int push = started && !exc;
    if (exc && started && f->code->code[f->ip] == YIELD_FROM && IS(f->stack[f->sp - 1], gen_type)) {
        /* suspended in `yield from`: the delegate gets the exception first */
        Obj *sub_ret = NULL;
        Obj *volatile sub_err = NULL;
        Obj *volatile r = NULL;
        g->running = 1;
        TRY {
            r = gen_resume((Gen *)f->stack[f->sp - 1], None, exc, &sub_ret);
        }
        CATCH(e) {
            sub_err = e;
        }
        ENDTRY
        g->running = 0;
        if (!sub_err && r) return r; /* it yielded: so do we, still delegating */
        f->sp--;                     /* the delegate is done */
        f->ip += INSN_SIZE;
        if (sub_err) {
            exc = sub_err; /* raised in this frame, at the yield from */
        } else {
            exc = NULL;
            f->stack[f->sp++] = sub_ret; /* the value of the yield from expression */
        }
        push = 0;
    }
    if (push) f->stack[f->sp++] = v;
    if (exc) f->pending = exc;
    g->running = 1;
    Obj *r = NULL;
    TRY {
        r = vm_resume(f);
    }
    CATCH(e) {
        g->running = 0;
        g->done = 1;
        if (ISINST(e, StopIteration_type)) {
            Obj *msg = str_from("generator raised StopIteration");
            Obj *re = exc_make(&RuntimeError_type, 1, &msg);
            ((Exc *)re)->cause = e;
            ((Exc *)re)->context = e;
            raise(re);
        }
        raise(e);
    }
    ENDTRY
    g->running = 0;
    if (!f->yielded) {
        g->done = 1;
        *ret = r;
        return NULL;
    }
    return r;
}

static Obj *gen_next(Obj *o) {
    Obj *ret;
    return gen_resume((Gen *)o, None, NULL, &ret);
}

Obj *gen_send(Obj *o, Obj *v) {
    Obj *ret;
    Obj *r = gen_resume((Gen *)o, v, NULL, &ret);
    if (!r) raise_type(&StopIteration_type, ret == None ? NULL : ret);
    return r;
}

Obj *gen_throw(Obj *o, Obj *exc) {
    Obj *ret;
    if (IS(exc, type_type)) exc = call0(exc);
    Obj *r = gen_resume((Gen *)o, None, exc, &ret);
    if (!r) raise_type(&StopIteration_type, ret == None ? NULL : ret);
    return r;
}

/* One step of `yield from it` sending v; *done with the result when it finished. */
Obj *gen_yield_from(Obj *it, Obj *v, int *done) {
    Obj *r;
    if (IS(it, gen_type)) {
        Obj *ret;
        r = gen_resume((Gen *)it, v, NULL, &ret);
        if (!r) {
            *done = 1;
            return ret;
        }
        return r;
    }
    if (v == None) {
        r = obj_next(it);
        if (!r) {
            *done = 1;
            return None;
        }
        return r;
    }
    r = NULL;
    TRY {
        r = call_method(it, "send", 1, &v);
    }
    CATCH(e) {
        if (!ISINST(e, StopIteration_type)) raise(e);
        *done = 1;
        Tuple *a = (Tuple *)((Exc *)e)->args;
        r = a->len ? a->items[0] : None;
    }
    ENDTRY
    return r;
}

static Obj *gm_send(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("send", n - 1, 1, 1);
    return gen_send(a[0], a[1]);
}

static Obj *gm_throw(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("throw", n - 1, 1, 3);
    Obj *e = a[1];
    if (n > 2 && a[2] != None && IS(e, type_type)) e = call1(e, a[2]);
    return gen_throw(a[0], e);
}

static Obj *gm_close(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Gen *g = (Gen *)a[0];
    if (g->done || g->frame->ip == 0) {
        g->done = 1;
        return None;
    }
    Obj *r = NULL;
    TRY {
        Obj *ret;
        r = gen_resume(g, None, call0((Obj *)&GeneratorExit_type), &ret);
    }
    CATCH(e) {
        if (!ISINST(e, GeneratorExit_type) && !ISINST(e, StopIteration_type)) raise(e);
        r = NULL;
    }
    ENDTRY
    if (r) raisef(&RuntimeError_type, "generator ignored GeneratorExit");
    return None;
}

static Obj *gen_repr(Obj *o) {
    return str_fmt("<generator object %s at %p>", str_c(((Gen *)o)->qualname), (void *)o);
}

static Obj *gen_iter(Obj *o) {
    return o;
}

static Obj *gen_getattr(Obj *o, Obj *name) {
    Gen *g = (Gen *)o;
    if (str_eqc(name, "__name__")) return g->name;
    if (str_eqc(name, "__qualname__")) return g->qualname;
    if (str_eqc(name, "gi_running")) return BOOL(g->running);
    return generic_getattr(o, name);
}

Type gen_type = {.name = "generator",
                 .repr = gen_repr,
                 .hash = id_hash,
                 .getattr = gen_getattr,
                 .iter = gen_iter,
                 .next = gen_next};

/* ---- modules ---- */
Obj *module_new(Obj *name) {
    Module *m = (Module *)gc_new(&module_type, sizeof(Module));
    m->name = name;
    m->dict = dict_new();
    dict_setc(m->dict, "__name__", name);
    return (Obj *)m;
}

static Obj *module_getattr(Obj *o, Obj *name) {
    Module *m = (Module *)o;
    Obj *v = dict_get(m->dict, name);
    if (v) return v;
    if (str_eqc(name, "__dict__")) return m->dict;
    return NULL;
}

static void module_setattr(Obj *o, Obj *name, Obj *v) {
    Module *m = (Module *)o;
    if (v)
        dict_set(m->dict, name, v);
    else if (!dict_del(m->dict, name))
        raisef(&AttributeError_type, "module '%s' has no attribute '%s'", str_c(m->name),
               str_c(name));
}

static Obj *module_repr(Obj *o) {
    Module *m = (Module *)o;
    Obj *file = dict_getc(m->dict, "__file__");
    if (file) return str_fmt("<module '%s' from '%s'>", str_c(m->name), str_c(file));
    return str_fmt("<module '%s' (built-in)>", str_c(m->name));
}

Type module_type = {.name = "module",
                    .repr = module_repr,
                    .hash = id_hash,
                    .getattr = module_getattr,
                    .setattr = module_setattr};

/* __build_class__(func, name, *bases, **kw) */
Obj *build_class(int n, Obj **a, Obj *kw) {
    int np = args_npos(n, kw);
    if (np < 2) raisef(&TypeError_type, "__build_class__: not enough arguments");
    Obj *fn = a[0], *name = a[1];
    Obj *bases = tuple_new((size_t)(np - 2));
    for (int i = 2; i < np; i++)
        ((Tuple *)bases)->items[i - 2] = a[i];
    Obj *meta = args_kw(n, a, kw, "metaclass");
    Obj *ns = dict_new();
    vm_exec_body(fn, ns);
    if (meta && meta != (Obj *)&type_type) {
        Obj *args[3] = {name, bases, ns};
        return obj_call(meta, 3, args, NULL);
    }
    return type_new_class(name, bases, ns);
}

void func_init(void) {
    type_finish(&func_type);
    type_finish(&code_type);
    type_finish(&cell_type);
    type_finish(&frame_type);
    type_finish(&gen_type);
    type_finish(&module_type);
    type_add_method(&gen_type, "send", gm_send);
    type_add_method(&gen_type, "throw", gm_throw);
    type_add_method(&gen_type, "close", gm_close);
    dict_setc(vm->builtins, "__build_class__", builtin_new("__build_class__", build_class, NULL));
}
