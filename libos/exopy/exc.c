/* exc.c: the built-in exception hierarchy, raising (a longjmp to the innermost handler),
 * traceback records and CPython-format traceback printing. */
#include "exopy.h"

#include <string.h>

Obj *exc_handled_top(void) {
    if (!vm->nhandled) return NULL;
    return vm->handled[(vm->nhandled <= vm->handled_cap ? vm->nhandled : vm->handled_cap) - 1];
}

/* Entering an except or finally handler. If the stack cannot grow (no memory), the entry is
 * only counted, so that pops stay balanced. */
void exc_handled_push(Obj *exc) {
    if (vm->nhandled >= vm->handled_cap) {
        int cap = vm->handled_cap ? vm->handled_cap * 2 : 64;
        Obj **grown = NULL;
        TRY {
            grown = gc_alloc((size_t)cap * sizeof(Obj *), 1);
        }
        CATCH(e) {
            grown = NULL;
        }
        ENDTRY
        if (grown) {
            if (vm->handled) memcpy(grown, vm->handled, (size_t)vm->handled_cap * sizeof(Obj *));
            vm->handled = grown;
            vm->handled_cap = cap;
        }
    }
    if (vm->nhandled < vm->handled_cap) vm->handled[vm->nhandled] = exc;
    vm->nhandled++;
}

_Noreturn void raise(Obj *exc) {
    if (IS(exc, type_type)) exc = call0(exc);
    if (!ISINST(exc, BaseException_type))
        raisef(&TypeError_type, "exceptions must derive from BaseException");
    /* an exception raised while another is being handled remembers it, as in CPython */
    if (vm->nhandled) {
        Obj *ctx = exc_handled_top();
        Exc *e = (Exc *)exc;
        if (ctx != exc && !e->context) {
            /* avoid a cycle through the context chain */
            Obj *c = ctx;
            int cyc = 0;
            for (int i = 0; c && i < 100; i++, c = ((Exc *)c)->context)
                if (c == exc) cyc = 1;
            if (!cyc) e->context = ctx;
        }
    }
    vm->exc = exc;
    if (!vm->handler) {
        exc_print(exc);
        port_exit(1);
    }
    longjmp(vm->handler->jb, 1);
}

Obj *exc_make(Type *t, int n, Obj **a) {
    return obj_call((Obj *)t, n, a, NULL);
}

Obj *exc_new(Type *t, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    Obj *msg = str_vfmt(fmt, ap);
    va_end(ap);
    return exc_make(t, 1, &msg);
}

_Noreturn void raisef(Type *t, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    Obj *msg = str_vfmt(fmt, ap);
    va_end(ap);
    raise(exc_make(t, 1, &msg));
}

_Noreturn void raise_type(Type *t, Obj *arg) {
    raise(exc_make(t, arg ? 1 : 0, &arg));
}

void exc_add_tb(Obj *exc, Obj *file, int line, Obj *name) {
    Exc *e = (Exc *)exc;
    if (exc == vm->memerr)
        return; /* shared and preallocated: recording would need the memory that ran out */
    if (!e->tb) e->tb = list_new(0);
    list_append(e->tb, tuple_pack(3, file, int_from(line), name));
}

static Obj *exc_new_slot(Type *t, int n, Obj **a, Obj *kw) {
    (void)kw;
    Exc *e = (Exc *)gc_new(t, t->size ? t->size : sizeof(Exc));
    int np = args_npos(n, kw);
    Tuple *args = (Tuple *)tuple_new((size_t)np);
    for (int i = 0; i < np; i++)
        args->items[i] = a[i];
    e->args = (Obj *)args;
    return (Obj *)e;
}

Obj *exc_str(Obj *o) {
    Exc *e = (Exc *)o;
    Tuple *t = (Tuple *)e->args;
    if (!t || t->len == 0) return str_from("");
    if (t->len == 1) {
        if (ISINST(o, KeyError_type)) return obj_repr(t->items[0]);
        return obj_str(t->items[0]);
    }
    return obj_str((Obj *)t);
}

static Obj *exc_str_slot(Obj *o) {
    return exc_str(o);
}

static Obj *exc_repr(Obj *o) {
    Exc *e = (Exc *)o;
    Tuple *t = (Tuple *)e->args;
    if (t && t->len == 1) return str_fmt("%s(%s)", type_name(o), str_c(obj_repr(t->items[0])));
    return str_fmt("%s%s", type_name(o), t && t->len ? str_c(obj_repr((Obj *)t)) : "()");
}

static Obj *exc_getattr(Obj *o, Obj *name) {
    Exc *e = (Exc *)o;
    Obj *r = generic_getattr(o, name);
    if (r) return r;
    Tuple *t = (Tuple *)e->args;
    if (str_eqc(name, "args")) return e->args;
    if (str_eqc(name, "__cause__")) return e->cause ? e->cause : None;
    if (str_eqc(name, "__context__")) return e->context ? e->context : None;
    if (str_eqc(name, "__suppress_context__")) return BOOL(e->suppress_context);
    if (str_eqc(name, "__traceback__")) return e->tb ? e->tb : None;
    if (str_eqc(name, "value") && ISINST(o, StopIteration_type)) return t->len ? t->items[0] : None;
    if (str_eqc(name, "code") && ISINST(o, SystemExit_type)) return t->len ? t->items[0] : None;
    if (str_eqc(name, "msg") && ISINST(o, SyntaxError_type)) return t->len ? t->items[0] : None;
    if (str_eqc(name, "lineno") && ISINST(o, SyntaxError_type)) return None;
    if (str_eqc(name, "name") && ISINST(o, ImportError_type)) return None;
    return NULL;
}

static void exc_setattr(Obj *o, Obj *name, Obj *v) {
    Exc *e = (Exc *)o;
    if (str_eqc(name, "args")) {
        e->args = tuple_from_iter(v);
        return;
    }
    if (str_eqc(name, "__cause__")) {
        e->cause = v == None ? NULL : v;
        e->suppress_context = 1;
        return;
    }
    if (str_eqc(name, "__context__")) {
        e->context = v == None ? NULL : v;
        return;
    }
    if (str_eqc(name, "__traceback__")) return;
    generic_setattr(o, name, v);
}

static Obj *exc_with_traceback(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return a[0];
}

#define EXC(var, nm, parent)                                                                       \
    Type var = {.name = nm,                                                                        \
                .base = parent,                                                                    \
                .flags = TF_BASE | TF_HASDICT,                                                     \
                .size = sizeof(Exc),                                                               \
                .repr = exc_repr,                                                                  \
                .str = exc_str_slot,                                                               \
                .hash = NULL,                                                                      \
                .getattr = exc_getattr,                                                            \
                .setattr = exc_setattr,                                                            \
                .new = exc_new_slot};

static int64_t exc_hash(Obj *o) {
    return (int64_t)((uintptr_t)o >> 4);
}

EXC(BaseException_type, "BaseException", &object_type)
EXC(Exception_type, "Exception", &BaseException_type)
EXC(SystemExit_type, "SystemExit", &BaseException_type)
EXC(KeyboardInterrupt_type, "KeyboardInterrupt", &BaseException_type)
EXC(GeneratorExit_type, "GeneratorExit", &BaseException_type)
EXC(StopIteration_type, "StopIteration", &Exception_type)
EXC(StopAsyncIteration_type, "StopAsyncIteration", &Exception_type)
EXC(ArithmeticError_type, "ArithmeticError", &Exception_type)
EXC(ZeroDivisionError_type, "ZeroDivisionError", &ArithmeticError_type)
EXC(OverflowError_type, "OverflowError", &ArithmeticError_type)
EXC(AssertionError_type, "AssertionError", &Exception_type)
EXC(AttributeError_type, "AttributeError", &Exception_type)
EXC(LookupError_type, "LookupError", &Exception_type)
EXC(IndexError_type, "IndexError", &LookupError_type)
EXC(KeyError_type, "KeyError", &LookupError_type)
EXC(NameError_type, "NameError", &Exception_type)
EXC(UnboundLocalError_type, "UnboundLocalError", &NameError_type)
EXC(TypeError_type, "TypeError", &Exception_type)
EXC(ValueError_type, "ValueError", &Exception_type)
EXC(UnicodeError_type, "UnicodeError", &ValueError_type)
EXC(UnicodeDecodeError_type, "UnicodeDecodeError", &UnicodeError_type)
EXC(UnicodeEncodeError_type, "UnicodeEncodeError", &UnicodeError_type)
EXC(RuntimeError_type, "RuntimeError", &Exception_type)
EXC(RecursionError_type, "RecursionError", &RuntimeError_type)
EXC(NotImplementedError_type, "NotImplementedError", &RuntimeError_type)
EXC(MemoryError_type, "MemoryError", &Exception_type)
EXC(SyntaxError_type, "SyntaxError", &Exception_type)
EXC(IndentationError_type, "IndentationError", &SyntaxError_type)
EXC(TabError_type, "TabError", &IndentationError_type)
EXC(ImportError_type, "ImportError", &Exception_type)
EXC(ModuleNotFoundError_type, "ModuleNotFoundError", &ImportError_type)
EXC(OSError_type, "OSError", &Exception_type)
EXC(FileNotFoundError_type, "FileNotFoundError", &OSError_type)
EXC(EOFError_type, "EOFError", &Exception_type)

static Type *all_exc[] = {
    &BaseException_type,
    &Exception_type,
    &SystemExit_type,
    &KeyboardInterrupt_type,
    &GeneratorExit_type,
    &StopIteration_type,
    &StopAsyncIteration_type,
    &ArithmeticError_type,
    &ZeroDivisionError_type,
    &OverflowError_type,
    &AssertionError_type,
    &AttributeError_type,
    &LookupError_type,
    &IndexError_type,
    &KeyError_type,
    &NameError_type,
    &UnboundLocalError_type,
    &TypeError_type,
    &ValueError_type,
    &UnicodeError_type,
    &UnicodeDecodeError_type,
    &UnicodeEncodeError_type,
    &RuntimeError_type,
    &RecursionError_type,
    &NotImplementedError_type,
    &MemoryError_type,
    &SyntaxError_type,
    &IndentationError_type,
    &TabError_type,
    &ImportError_type,
    &ModuleNotFoundError_type,
    &OSError_type,
    &FileNotFoundError_type,
    &EOFError_type,
};

static void print_one(Obj *exc) {
    Exc *e = (Exc *)exc;
    Buf b;
    buf_init(&b);
    if (ISINST(exc, SyntaxError_type) && e->dict) {
        Obj *file = dict_getc(e->dict, "filename"), *line = dict_getc(e->dict, "lineno");
        if (file && line)
            buf_printf(&b, "  File \"%s\", line %lld\n", str_c(file), (long long)int_val(line));
    }
    if (e->tb && ((List *)e->tb)->len) {
        buf_adds(&b, "Traceback (most recent call last):\n");
        List *l = (List *)e->tb;
        /* entries were appended innermost first while unwinding; runs of the same line are
         * folded as CPython does */
        Tuple *prev = NULL;
        size_t repeat = 0;
        for (size_t i = l->len; i-- > 0;) {
            Tuple *t = (Tuple *)l->items[i];
            int same = prev && obj_eq(prev->items[0], t->items[0]) &&
                       obj_eq(prev->items[1], t->items[1]) && obj_eq(prev->items[2], t->items[2]);
            if (same) {
                if (++repeat >= 3) continue;
            } else {
                if (repeat >= 3)
                    buf_printf(&b, "  [Previous line repeated %zu more time%s]\n", repeat - 2,
                               repeat - 2 == 1 ? "" : "s");
                repeat = 0;
            }
            prev = t;
            buf_printf(&b, "  File \"%s\", line %lld, in %s\n", str_c(t->items[0]),
                       (long long)int_val(t->items[1]), str_c(t->items[2]));
        }
        if (repeat >= 3)
            buf_printf(&b, "  [Previous line repeated %zu more time%s]\n", repeat - 2,
                       repeat - 2 == 1 ? "" : "s");
    }
    Obj *mod = TYPE(exc)->flags & TF_HEAP ? dict_getc(TYPE(exc)->dict, "__module__") : NULL;
    if (mod && IS(mod, str_type) && !str_eqc(mod, "__main__") && !str_eqc(mod, "builtins"))
        buf_printf(&b, "%s.", str_c(mod));
    buf_adds(&b, type_name(exc));
    Obj *s = NULL;
    TRY {
        s = obj_str(exc);
    }
    CATCH(err) {
        s = str_from("<exception str() failed>");
    }
    ENDTRY
    if (((Str *)s)->len) {
        buf_adds(&b, ": ");
        buf_addobj(&b, s);
    }
    buf_addc(&b, '\n');
    port_write(2, b.p, b.len);
}

static void print_chain(Obj *exc, int depth) {
    Exc *e = (Exc *)exc;
    if (depth < 32) {
        if (e->cause) {
            print_chain(e->cause, depth + 1);
            const char *m = "\nThe above exception was the direct cause of the following "
                            "exception:\n\n";
            port_write(2, m, strlen(m));
        } else if (e->context && !e->suppress_context) {
            print_chain(e->context, depth + 1);
            const char *m = "\nDuring handling of the above exception, another exception "
                            "occurred:\n\n";
            port_write(2, m, strlen(m));
        }
    }
    print_one(exc);
}

void exc_print(Obj *exc) {
    Handler *saved = vm->handler;
    TRY {
        print_chain(exc, 0);
    }
    CATCH(err) {
        const char *m = "exopy: error while printing an exception\n";
        port_write(2, m, strlen(m));
    }
    ENDTRY
    vm->handler = saved;
}

void exc_init(void) {
    for (size_t i = 0; i < sizeof all_exc / sizeof all_exc[0]; i++) {
        all_exc[i]->hash = exc_hash;
        type_finish(all_exc[i]);
        dict_set(vm->builtins, all_exc[i]->name_obj, (Obj *)all_exc[i]);
    }
    type_add_method(&BaseException_type, "with_traceback", exc_with_traceback);
    dict_setc(vm->builtins, "IOError", (Obj *)&OSError_type);
    dict_setc(vm->builtins, "EnvironmentError", (Obj *)&OSError_type);
    Obj *msg = str_from("out of memory");
    vm->memerr = exc_make(&MemoryError_type, 0, &msg);
}
