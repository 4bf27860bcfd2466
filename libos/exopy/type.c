/* type.c: type objects and classes: object and type, attribute lookup along the base chain,
 * descriptors (functions, property, staticmethod, classmethod), super(), builtin functions,
 * and the slot functions of classes that route every operation to dunder methods. */
#include "exopy.h"

#include <stdio.h>
#include <string.h>

void gc_register_type(Type *t);

int type_issub(Type *a, Type *b) {
    for (; a; a = a->base)
        if (a == b) return 1;
    return 0;
}

Obj *type_lookup(Type *t, Obj *name) {
    for (; t; t = t->base) {
        if (t->dict) {
            Obj *v = dict_get(t->dict, name);
            if (v) return v;
        }
    }
    return NULL;
}

Obj *type_lookupc(Type *t, const char *name) {
    return type_lookup(t, str_intern(name));
}

static Obj **dict_slot(Obj *o) {
    Type *t = TYPE(o);
    if (!(t->flags & TF_HASDICT)) return NULL;
    if (ISINST(o, BaseException_type)) return &((Exc *)o)->dict;
    if (IS(o, func_type)) return &((Func *)o)->dict;
    if (t->flags & TF_PREFIXDICT) return (Obj **)o - 1;
    if (t->flags & TF_HEAP) {
        /* heap instances keep their dict in the last word of the layout */
        return (Obj **)((char *)o + t->size - sizeof(Obj *));
    }
    return &((Inst *)o)->dict;
}

static Obj *descr_bind(Obj *d, Obj *inst, Type *owner) {
    Type *dt = TYPE(d);
    if (dt->descr_get) return dt->descr_get(d, inst, owner);
    return d;
}

Obj *generic_getattr(Obj *o, Obj *name) {
    Type *t = TYPE(o);
    Obj *d = type_lookup(t, name);
    if (d && IS(d, property_type)) return descr_bind(d, o, t);
    /* a class-defined data descriptor (with __set__) wins over the instance dict */
    if (d && (TYPE(d)->flags & TF_HEAP) && TYPE(d)->descr_get &&
        (type_lookupc(TYPE(d), "__set__") || type_lookupc(TYPE(d), "__delete__")))
        return descr_bind(d, o, t);
    Obj **ds = dict_slot(o);
    if (ds && *ds) {
        Obj *v = dict_get(*ds, name);
        if (v) return v;
    }
    if (d) return descr_bind(d, o, t);
    if (str_eqc(name, "__class__")) return (Obj *)t;
    if (str_eqc(name, "__dict__") && ds) {
        if (!*ds) *ds = dict_new();
        return *ds;
    }
    return NULL;
}

void generic_setattr(Obj *o, Obj *name, Obj *v) {
    Type *t = TYPE(o);
    Obj *d = type_lookup(t, name);
    if (d && IS(d, property_type)) {
        Property *p = (Property *)d;
        Obj *f = v ? p->fset : p->fdel;
        if (!f)
            raisef(&AttributeError_type, "property '%s' of '%s' object has no %s", str_c(name),
                   t->name, v ? "setter" : "deleter");
        if (v)
            call2(f, o, v);
        else
            call1(f, o);
        return;
    }
    if (d && (TYPE(d)->flags & TF_HEAP)) {
        Obj *m = type_lookupc(TYPE(d), v ? "__set__" : "__delete__");
        if (m) {
            if (v) {
                Obj *args[3] = {d, o, v};
                obj_call(m, 3, args, NULL);
            } else {
                call2(m, d, o);
            }
            return;
        }
    }
    Obj **ds = dict_slot(o);
    if (!ds) {
        if (type_lookup(t, name))
            raisef(&AttributeError_type, "'%s' object attribute '%s' is read-only", t->name,
                   str_c(name));
        raisef(&AttributeError_type, "'%s' object has no attribute '%s'", t->name, str_c(name));
    }
    if (!*ds) *ds = dict_new();
    if (v)
        dict_set(*ds, name, v);
    else if (!dict_del(*ds, name))
        raisef(&AttributeError_type, "'%s' object has no attribute '%s'", t->name, str_c(name));
}

/* ---- builtin functions and bound methods ---- */
Obj *builtin_new(const char *name, bfn fn, Obj *self) {
    Builtin *b = (Builtin *)gc_new(&builtin_type, sizeof(Builtin));
    b->name = name;
    b->fn = fn;
    b->self = self;
    b->hi = -1;
    return (Obj *)b;
}

static Obj *prepend_call(bfn fn, Obj *self, int n, Obj **a, Obj *kw) {
    Obj *buf[8];
    Obj **args = n < 7 ? buf : gc_alloc(sizeof(Obj *) * (size_t)(n + 1), 1);
    args[0] = self;
    objs_copy(args + 1, a, (size_t)n);
    return fn(n + 1, args, kw);
}

static Obj *builtin_call(Obj *f, int n, Obj **a, Obj *kw) {
    Builtin *b = (Builtin *)f;
    if (b->hi >= 0) {
        /* a method's own arguments, self excluded (it is the first when called unbound) */
        int np = args_npos(n, kw) - (b->self ? 0 : 1);
        if (np < b->lo || np > b->hi) {
            if (b->hi == 0)
                raisef(&TypeError_type, "%s() takes no arguments (%d given)", b->name, np);
            if (b->lo == b->hi)
                raisef(&TypeError_type, "%s() takes exactly %s argument%s (%d given)", b->name,
                       b->lo == 1 ? "one" : "two", b->lo == 1 ? "" : "s", np);
            raisef(&TypeError_type, "%s expected at %s %d argument%s, got %d", b->name,
                   np < b->lo ? "least" : "most", np < b->lo ? b->lo : b->hi,
                   (np < b->lo ? b->lo : b->hi) == 1 ? "" : "s", np);
        }
    }
    if (b->self) return prepend_call(b->fn, b->self, n, a, kw);
    return b->fn(n, a, kw);
}

static Obj *builtin_descr(Obj *d, Obj *inst, Type *owner) {
    (void)owner;
    if (!inst) return d;
    Builtin *b = (Builtin *)d;
    Builtin *r = (Builtin *)builtin_new(b->name, b->fn, inst);
    r->lo = b->lo;
    r->hi = b->hi;
    return (Obj *)r;
}

static Obj *builtin_repr(Obj *o) {
    Builtin *b = (Builtin *)o;
    if (b->self)
        return str_fmt("<built-in method %s of %s object at %p>", b->name, type_name(b->self),
                       (void *)b->self);
    return str_fmt("<built-in function %s>", b->name);
}

static int64_t id_hash(Obj *o) {
    return (int64_t)((uintptr_t)o >> 4);
}

static Obj *builtin_getattr(Obj *o, Obj *name) {
    Builtin *b = (Builtin *)o;
    if (str_eqc(name, "__name__") || str_eqc(name, "__qualname__")) return str_from(b->name);
    if (str_eqc(name, "__self__")) return b->self ? b->self : None;
    return generic_getattr(o, name);
}

Type builtin_type = {.name = "builtin_function_or_method",
                     .repr = builtin_repr,
                     .hash = id_hash,
                     .call = builtin_call,
                     .getattr = builtin_getattr,
                     .descr_get = builtin_descr};

Obj *method_new(Obj *f, Obj *self) {
    Method *m = (Method *)gc_new(&method_type, sizeof(Method));
    m->func = f;
    m->self = self;
    return (Obj *)m;
}

static Obj *method_call(Obj *f, int n, Obj **a, Obj *kw) {
    Method *m = (Method *)f;
    Obj *buf[8];
    Obj **args = n < 7 ? buf : gc_alloc(sizeof(Obj *) * (size_t)(n + 1), 1);
    args[0] = m->self;
    objs_copy(args + 1, a, (size_t)n);
    return obj_call(m->func, n + 1, args, kw);
}

static Obj *method_repr(Obj *o) {
    Method *m = (Method *)o;
    Obj *name = obj_getattr(m->func, str_intern("__qualname__"));
    return str_fmt("<bound method %s of %s>", str_c(name), str_c(obj_repr(m->self)));
}

static Obj *method_getattr(Obj *o, Obj *name) {
    Method *m = (Method *)o;
    if (str_eqc(name, "__self__")) return m->self;
    if (str_eqc(name, "__func__")) return m->func;
    return obj_getattr_opt(m->func, name);
}

static Obj *method_cmp(Obj *a, Obj *b, int op) {
    if (!IS(b, method_type) || (op != CMP_EQ && op != CMP_NE)) return NotImpl;
    Method *x = (Method *)a, *y = (Method *)b;
    int eq = x->self == y->self && obj_eq(x->func, y->func);
    return BOOL(op == CMP_EQ ? eq : !eq);
}

Type method_type = {.name = "method",
                    .repr = method_repr,
                    .hash = id_hash,
                    .richcmp = method_cmp,
                    .call = method_call,
                    .getattr = method_getattr};

/* ---- slot wrappers: builtin slots exposed as dunder methods (object.__init__, ...) ---- */
typedef struct {
    Obj h;
    Type *owner;
    int slot;
    const char *name;
} SlotWrap;

enum {
    SW_REPR,
    SW_STR,
    SW_HASH,
    SW_EQ,
    SW_NE,
    SW_LT,
    SW_LE,
    SW_GT,
    SW_GE,
    SW_LEN,
    SW_GETITEM,
    SW_SETITEM,
    SW_DELITEM,
    SW_CONTAINS,
    SW_ITER,
    SW_NEXT,
    SW_INIT,
    SW_NEW,
    SW_SETATTR,
    SW_GETATTRIBUTE,
    SW_BOOL,
    SW_BINOP, /* + op */
    SW_RBINOP = SW_BINOP + OP_NBINOPS,
    SW_UNOP = SW_RBINOP + OP_NBINOPS,
    SW_COUNT = SW_UNOP + 3,
};

static const char *binop_names[] = {
    "__add__",    "__sub__",    "__mul__", "__truediv__", "__floordiv__", "__mod__",   "__pow__",
    "__lshift__", "__rshift__", "__and__", "__or__",      "__xor__",      "__matmul__"};
static const char *rbinop_names[] = {"__radd__",      "__rsub__", "__rmul__", "__rtruediv__",
                                     "__rfloordiv__", "__rmod__", "__rpow__", "__rlshift__",
                                     "__rrshift__",   "__rand__", "__ror__",  "__rxor__",
                                     "__rmatmul__"};
static const char *unop_names[] = {"__neg__", "__pos__", "__invert__"};
static const char *cmp_names[] = {"__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"};

static Type *first_builtin(Type *t) {
    while (t && (t->flags & TF_HEAP))
        t = t->base;
    return t;
}

static Obj *object_new_inst(Type *t);

static Obj *slotwrap_call(Obj *f, int n, Obj **a, Obj *kw) {
    SlotWrap *w = (SlotWrap *)f;
    Type *t = w->owner;
    int s = w->slot;
    if (s == SW_NEW) {
        if (n < 1 || !IS(a[0], type_type))
            raisef(&TypeError_type, "%s.__new__(X): X is not a type object", t->name);
        Type *cls = (Type *)a[0];
        if (t == &object_type) return object_new_inst(cls);
        return t->new (cls, n - 1, a + 1, kw);
    }
    if (n < 1) raisef(&TypeError_type, "descriptor '%s' needs an argument", w->name);
    Obj *self = a[0];
    if (s == SW_INIT) {
        if (ISINST(self, BaseException_type)) {
            Obj *args = tuple_new((size_t)args_npos(n - 1, kw));
            for (size_t i = 0; i < ((Tuple *)args)->len; i++)
                ((Tuple *)args)->items[i] = a[1 + i];
            ((Exc *)self)->args = args;
        }
        return None;
    }
    switch (s) {
    case SW_REPR:
        if (t == &object_type) break;
        return t->repr(self);
    case SW_STR:
        return t->str ? t->str(self) : obj_repr(self);
    case SW_HASH:
        return int_from(t->hash(self));
    case SW_LEN:
        return int_from(t->len(self));
    case SW_GETITEM:
        return t->getitem(self, a[1]);
    case SW_SETITEM:
        t->setitem(self, a[1], a[2]);
        return None;
    case SW_DELITEM:
        t->setitem(self, a[1], NULL);
        return None;
    case SW_CONTAINS:
        return BOOL(t->contains(self, a[1]));
    case SW_ITER:
        return t->iter(self);
    case SW_NEXT: {
        Obj *v = t->next(self);
        if (!v) raise_type(&StopIteration_type, NULL);
        return v;
    }
    case SW_SETATTR:
        args_count(w->name, n, 3, 3);
        generic_setattr(self, a[1], a[2]);
        return None;
    case SW_GETATTRIBUTE: {
        args_count(w->name, n, 2, 2);
        Obj *v = generic_getattr(self, a[1]);
        if (!v)
            raisef(&AttributeError_type, "'%s' object has no attribute '%s'", type_name(self),
                   str_c(a[1]));
        return v;
    }
    case SW_BOOL:
        return BOOL(t->truth(self));
    default:
        break;
    }
    if (s == SW_REPR) {
        Obj *mod = TYPE(self)->dict ? dict_getc(TYPE(self)->dict, "__module__") : NULL;
        if (mod && IS(mod, str_type))
            return str_fmt("<%s.%s object at %p>", str_c(mod), type_name(self), (void *)self);
        return str_fmt("<%s object at %p>", type_name(self), (void *)self);
    }
    if (s >= SW_EQ && s <= SW_GE) {
        static const int ops[] = {CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE};
        int op = ops[s - SW_EQ];
        if (t == &object_type) {
            if (op == CMP_EQ) return self == a[1] ? True : NotImpl;
            if (op == CMP_NE) {
                Obj *r = obj_richcmp(self, a[1], CMP_EQ);
                return r == NotImpl ? r : BOOL(!obj_truth(r));
            }
            return NotImpl;
        }
        return t->richcmp(self, a[1], op);
    }
    if (s >= SW_BINOP && s < SW_RBINOP) return t->binop(self, a[1], s - SW_BINOP, 0);
    if (s >= SW_RBINOP && s < SW_UNOP) return t->binop(self, a[1], s - SW_RBINOP, 1);
    if (s >= SW_UNOP) return t->unop(self, s - SW_UNOP);
    return None;
}

static Obj *slotwrap_descr(Obj *d, Obj *inst, Type *owner) {
    SlotWrap *w = (SlotWrap *)d;
    if (w->slot == SW_NEW) return d; /* __new__ is a static method */
    (void)owner;
    return inst ? method_new(d, inst) : d;
}

static Obj *slotwrap_repr(Obj *o) {
    SlotWrap *w = (SlotWrap *)o;
    return str_fmt("<slot wrapper '%s' of '%s' objects>", w->name, w->owner->name);
}

static Obj *slotwrap_getattr(Obj *o, Obj *name) {
    if (str_eqc(name, "__name__")) return str_from(((SlotWrap *)o)->name);
    return NULL;
}

static Type slotwrap_type = {.name = "wrapper_descriptor",
                             .repr = slotwrap_repr,
                             .hash = id_hash,
                             .call = slotwrap_call,
                             .getattr = slotwrap_getattr,
                             .descr_get = slotwrap_descr};

static void add_wrap(Type *t, const char *name, int slot) {
    Obj *key = str_intern(name);
    if (dict_get(t->dict, key)) return;
    SlotWrap *w = (SlotWrap *)gc_new(&slotwrap_type, sizeof(SlotWrap));
    w->owner = t;
    w->slot = slot;
    w->name = name;
    dict_set(t->dict, key, (Obj *)w);
}

/* How many arguments (besides self) built-in methods take, checked before the call: by
 * "type.name" first, then by name alone. Methods not listed check their own arguments. */
static const struct {
    const char *name;
    int8_t lo, hi;
} method_arity[] = {
    {"list.pop", 0, 1},
    {"dict.pop", 1, 2},
    {"set.pop", 0, 0},
    {"bytearray.pop", 0, 1},
    {"list.index", 1, 3},
    {"list.count", 1, 1},
    {"tuple.count", 1, 1},
    {"tuple.index", 1, 3},
    {"upper", 0, 0},
    {"lower", 0, 0},
    {"capitalize", 0, 0},
    {"title", 0, 0},
    {"swapcase", 0, 0},
    {"casefold", 0, 0},
    {"isdigit", 0, 0},
    {"isalpha", 0, 0},
    {"isalnum", 0, 0},
    {"isspace", 0, 0},
    {"isupper", 0, 0},
    {"islower", 0, 0},
    {"istitle", 0, 0},
    {"isascii", 0, 0},
    {"isidentifier", 0, 0},
    {"isdecimal", 0, 0},
    {"isnumeric", 0, 0},
    {"isprintable", 0, 0},
    {"keys", 0, 0},
    {"values", 0, 0},
    {"items", 0, 0},
    {"copy", 0, 0},
    {"clear", 0, 0},
    {"reverse", 0, 0},
    {"popitem", 0, 0},
    {"bit_length", 0, 0},
    {"bit_count", 0, 0},
    {"is_integer", 0, 0},
    {"as_integer_ratio", 0, 0},
    {"conjugate", 0, 0},
    {"append", 1, 1},
    {"add", 1, 1},
    {"remove", 1, 1},
    {"discard", 1, 1},
    {"join", 1, 1},
    {"extend", 1, 1},
    {"insert", 2, 2},
    {"get", 1, 2},
    {"setdefault", 1, 2},
    {"count", 1, 3},
    {"find", 1, 3},
    {"rfind", 1, 3},
    {"index", 1, 3},
    {"rindex", 1, 3},
    {"startswith", 1, 3},
    {"endswith", 1, 3},
    {"replace", 2, 3},
    {"split", 0, 2},
    {"rsplit", 0, 2},
    {"strip", 0, 1},
    {"lstrip", 0, 1},
    {"rstrip", 0, 1},
    {"zfill", 1, 1},
    {"center", 1, 2},
    {"ljust", 1, 2},
    {"rjust", 1, 2},
    {"partition", 1, 1},
    {"rpartition", 1, 1},
    {"encode", 0, 2},
    {"decode", 0, 2},
    {"splitlines", 0, 1},
    {"expandtabs", 0, 1},
    {"removeprefix", 1, 1},
    {"removesuffix", 1, 1},
    {"issubset", 1, 1},
    {"issuperset", 1, 1},
    {"isdisjoint", 1, 1},
    {"send", 1, 1},
    {"close", 0, 0},
    {"translate", 1, 1},
};

void type_add_method(Type *t, const char *name, bfn fn) {
    if (!t->dict) t->dict = dict_new();
    Builtin *b = (Builtin *)builtin_new(name, fn, NULL);
    char full[64];
    snprintf(full, sizeof full, "%s.%s", t->name, name);
    int found = 0;
    for (size_t i = 0; i < sizeof method_arity / sizeof method_arity[0] && !found; i++)
        if (!strcmp(method_arity[i].name, full)) {
            b->lo = method_arity[i].lo;
            b->hi = method_arity[i].hi;
            found = 1;
        }
    for (size_t i = 0; i < sizeof method_arity / sizeof method_arity[0] && !found; i++)
        if (!strcmp(method_arity[i].name, name)) {
            b->lo = method_arity[i].lo;
            b->hi = method_arity[i].hi;
            found = 1;
        }
    dict_set(t->dict, str_intern(name), (Obj *)b);
}

/* Give a static type its dict, name and dunder wrappers; called once per builtin type. */
void type_finish(Type *t) {
    t->h.type = &type_type;
    gc_register_type(t);
    if (!t->dict) t->dict = dict_new();
    t->name_obj = str_intern(t->name);
    if (t->base == NULL && t != &object_type) t->base = &object_type;
    if (t->repr) add_wrap(t, "__repr__", SW_REPR);
    if (t->str) add_wrap(t, "__str__", SW_STR);
    if (t->hash && t != &object_type) add_wrap(t, "__hash__", SW_HASH);
    if (t->richcmp) {
        for (int i = 0; i < 6; i++) {
            static const int sw[] = {SW_LT, SW_LE, SW_EQ, SW_NE, SW_GT, SW_GE};
            add_wrap(t, cmp_names[i], sw[i]);
        }
    }
    if (t->len) add_wrap(t, "__len__", SW_LEN);
    if (t->getitem) add_wrap(t, "__getitem__", SW_GETITEM);
    if (t->setitem) {
        add_wrap(t, "__setitem__", SW_SETITEM);
        add_wrap(t, "__delitem__", SW_DELITEM);
    }
    if (t->contains) add_wrap(t, "__contains__", SW_CONTAINS);
    if (t->iter) add_wrap(t, "__iter__", SW_ITER);
    if (t->next) add_wrap(t, "__next__", SW_NEXT);
    if (t->truth) add_wrap(t, "__bool__", SW_BOOL);
    if (t->binop) {
        for (int i = 0; i < OP_NBINOPS; i++) {
            add_wrap(t, binop_names[i], SW_BINOP + i);
            add_wrap(t, rbinop_names[i], SW_RBINOP + i);
        }
    }
    if (t->unop)
        for (int i = 0; i < 3; i++)
            add_wrap(t, unop_names[i], SW_UNOP + i);
    if (t->new) add_wrap(t, "__new__", SW_NEW);
}

/* ---- object ---- */
static Obj *object_new_inst(Type *t) {
    Type *b = first_builtin(t);
    if (b != &object_type && b->new && !(t->flags & TF_HEAP)) return b->new (t, 0, NULL, NULL);
    if (b != &object_type && b->new) return b->new (t, 0, NULL, NULL);
    return gc_new(t, t->size ? t->size : sizeof(Inst));
}

static Obj *object_new(Type *t, int n, Obj **a, Obj *kw) {
    (void)a;
    (void)kw;
    if (t == &object_type && n) raisef(&TypeError_type, "object() takes no arguments");
    return object_new_inst(t);
}

static Obj *object_repr(Obj *o) {
    return str_fmt("<%s object at %p>", type_name(o), (void *)o);
}

static Obj *object_cmp(Obj *a, Obj *b, int op) {
    if (op == CMP_EQ) return a == b ? True : NotImpl;
    if (op == CMP_NE) return a == b ? False : NotImpl;
    return NotImpl;
}

Type object_type = {.name = "object",
                    .flags = TF_BASE,
                    .size = sizeof(Obj),
                    .repr = object_repr,
                    .hash = id_hash,
                    .richcmp = object_cmp,
                    .new = object_new};

static Obj *object_dir(int n, Obj **a, Obj *kw) {
    (void)kw;
    (void)n;
    Obj *l = list_new(0);
    Obj *seen = dict_new();
    static const char *always[] = {"__class__",         "__doc__",     "__module__", "__format__",
                                   "__init_subclass__", "__delattr__", "__sizeof__"};
    for (size_t i = 0; i < sizeof always / sizeof always[0]; i++)
        dict_set(seen, str_intern(always[i]), None);
    Obj **ds = dict_slot(a[0]);
    if (ds) dict_set(seen, str_intern("__dict__"), None);
    if (ds && *ds) {
        size_t pos = 0;
        Obj *k, *v;
        while (dict_next(*ds, &pos, &k, &v))
            dict_set(seen, k, None);
    }
    for (Type *t = IS(a[0], type_type) ? (Type *)a[0] : TYPE(a[0]); t; t = t->base) {
        size_t pos = 0;
        Obj *k, *v;
        while (t->dict && dict_next(t->dict, &pos, &k, &v))
            dict_set(seen, k, None);
    }
    size_t pos = 0;
    Obj *k, *v;
    while (dict_next(seen, &pos, &k, &v))
        list_append(l, k);
    list_sort(l, NULL, 0);
    return l;
}

/* ---- type ---- */
static Obj *type_repr(Obj *o) {
    Type *t = (Type *)o;
    if (t->flags & TF_HEAP) {
        Obj *mod = dict_getc(t->dict, "__module__");
        Obj *qn = dict_getc(t->dict, "__qualname__");
        if (mod && IS(mod, str_type) && !str_eqc(mod, "builtins"))
            return str_fmt("<class '%s.%s'>", str_c(mod), qn ? str_c(qn) : t->name);
    }
    return str_fmt("<class '%s'>", t->name);
}

static Obj *type_call(Obj *f, int n, Obj **a, Obj *kw) {
    Type *t = (Type *)f;
    if (t == &type_type && n == 1 && !kw) return (Obj *)TYPE(a[0]);
    if (t == &type_type && n == 3) return type_new_class(a[0], a[1], a[2]);
    if (!(t->flags & TF_HEAP)) {
        if (!t->new) raisef(&TypeError_type, "cannot create '%s' instances", t->name);
        return t->new (t, n, a, kw);
    }
    Obj *newf = type_lookupc(t, "__new__");
    Obj *o;
    if (newf && !IS(newf, slotwrap_type)) {
        Obj *buf[8];
        Obj **args = n < 7 ? buf : gc_alloc(sizeof(Obj *) * (size_t)(n + 1), 1);
        args[0] = f;
        objs_copy(args + 1, a, (size_t)n);
        o = obj_call(newf, n + 1, args, kw);
        if (!type_issub(TYPE(o), t)) return o;
    } else {
        Type *b = first_builtin(t);
        Obj *user_init = type_lookupc(t, "__init__");
        int has_init = user_init && !IS(user_init, slotwrap_type);
        if (type_issub(b, &BaseException_type))
            o = b->new (t, n, a, kw);
        else if (b == &str_type || b == &tuple_type || b == &int_type || b == &float_type)
            o = b->new (t, n, a, kw); /* immutable: the value comes from the arguments */
        else if (b != &object_type && b->new && !has_init)
            o = b->new (t, n, a, kw); /* list(...), dict(...) arguments fill the instance */
        else
            o = object_new_inst(t);
    }
    Obj *init = type_lookupc(t, "__init__");
    if (init && !IS(init, slotwrap_type)) {
        Obj *r = obj_call(descr_bind(init, o, t), n, a, kw);
        if (r != None)
            raisef(&TypeError_type, "__init__() should return None, not '%s'", type_name(r));
    } else if (n && (!newf || IS(newf, slotwrap_type)) && !type_issub(t, &BaseException_type) &&
               first_builtin(t) == &object_type) {
        raisef(&TypeError_type, "%s() takes no arguments", t->name);
    }
    return o;
}

static Obj *type_getattr(Obj *o, Obj *name) {
    Type *t = (Type *)o;
    Obj *d = type_lookup(t, name);
    if (d) {
        if (IS(d, staticmethod_type)) return ((Wrap *)d)->f;
        if (IS(d, classmethod_type)) return method_new(((Wrap *)d)->f, o);
        if (IS(d, builtin_type) && ((Builtin *)d)->self == NULL && type_issub(t, &type_type))
            return d;
        return d;
    }
    const char *n = str_c(name);
    if (!strcmp(n, "__name__")) return t->name_obj ? t->name_obj : str_from(t->name);
    if (!strcmp(n, "__qualname__")) return t->name_obj;
    if (!strcmp(n, "__base__")) return t->base ? (Obj *)t->base : None;
    if (!strcmp(n, "__bases__")) return t->base ? tuple_pack(1, (Obj *)t->base) : tuple_new(0);
    if (!strcmp(n, "__mro__")) {
        Obj *l = list_new(0);
        for (Type *b = t; b; b = b->base)
            list_append(l, (Obj *)b);
        return tuple_from_iter(l);
    }
    if (!strcmp(n, "__dict__")) return t->dict;
    if (!strcmp(n, "__module__")) return str_from("builtins");
    if (!strcmp(n, "__doc__")) return None;
    if (!strcmp(n, "__class__")) return (Obj *)TYPE(o);
    /* methods of type itself, e.g. mro() */
    d = type_lookup(TYPE(o), name);
    if (d) return descr_bind(d, o, TYPE(o));
    return NULL;
}

static void type_setattr(Obj *o, Obj *name, Obj *v) {
    Type *t = (Type *)o;
    if (!(t->flags & TF_HEAP))
        raisef(&TypeError_type, "cannot set '%s' attribute of immutable type '%s'", str_c(name),
               t->name);
    if (v)
        dict_set(t->dict, name, v);
    else if (!dict_del(t->dict, name))
        raisef(&AttributeError_type, "type object '%s' has no attribute '%s'", t->name,
               str_c(name));
}

static Obj *type_cmp(Obj *a, Obj *b, int op) {
    (void)a;
    (void)b;
    (void)op;
    return NotImpl;
}

static Obj *type_new_fn(Type *t, int n, Obj **a, Obj *kw) {
    return type_call((Obj *)t, n, a, kw);
}

static Obj *type_or(Obj *self, Obj *other, int op, int reflected) {
    (void)self;
    (void)other;
    (void)op;
    (void)reflected;
    return NotImpl;
}

Type type_type = {.name = "type",
                  .flags = TF_BASE,
                  .repr = type_repr,
                  .hash = id_hash,
                  .richcmp = type_cmp,
                  .call = type_call,
                  .getattr = type_getattr,
                  .setattr = type_setattr,
                  .binop = type_or,
                  .new = type_new_fn};

static Obj *type_mro(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Obj *l = list_new(0);
    for (Type *b = (Type *)a[0]; b; b = b->base)
        list_append(l, (Obj *)b);
    return l;
}

static Obj *type_subclasses(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    return list_new(0);
}

/* ---- heap type slots: every operation looks up its dunder method ---- */
static Obj *lookup_call(Obj *o, const char *name, int n, Obj **a) {
    Obj *m = type_lookupc(TYPE(o), name);
    if (!m) return NULL;
    Obj *buf[4];
    buf[0] = o;
    for (int i = 0; i < n; i++)
        buf[1 + i] = a[i];
    return obj_call(m, n + 1, buf, NULL);
}

static Obj *inst_repr(Obj *o) {
    return lookup_call(o, "__repr__", 0, NULL);
}

static Obj *inst_str(Obj *o) {
    Obj *m = type_lookupc(TYPE(o), "__str__");
    if (!m || (IS(m, slotwrap_type) && ((SlotWrap *)m)->owner == &object_type)) return obj_repr(o);
    return call1(m, o);
}

static int64_t inst_hash(Obj *o) {
    Obj *m = type_lookupc(TYPE(o), "__hash__");
    if (m == None) raisef(&TypeError_type, "unhashable type: '%s'", type_name(o));
    if (!m) {
        Type *b = first_builtin(TYPE(o));
        return b->hash ? b->hash(o) : id_hash(o);
    }
    /* a builtin base's hash, exactly (not folded through an int) so equal values collide */
    if (IS(m, slotwrap_type) && ((SlotWrap *)m)->owner->hash)
        return ((SlotWrap *)m)->owner->hash(o);
    Obj *r = call1(m, o);
    if (!IS_INT(r)) raisef(&TypeError_type, "__hash__ method should return an integer");
    return int_hash(r);
}

static Obj *inst_richcmp(Obj *a, Obj *b, int op) {
    Obj *m = type_lookupc(TYPE(a), cmp_names[op]);
    if (!m) return NotImpl;
    return call2(m, a, b);
}

static Obj *inst_call(Obj *f, int n, Obj **a, Obj *kw) {
    Obj *m = type_lookupc(TYPE(f), "__call__");
    if (!m) raisef(&TypeError_type, "'%s' object is not callable", type_name(f));
    return obj_call(method_new(m, f), n, a, kw);
}

static Obj *inst_getattr(Obj *o, Obj *name) {
    Obj *ga = type_lookupc(TYPE(o), "__getattribute__");
    Obj *r;
    if (ga && !IS(ga, slotwrap_type)) {
        r = NULL;
        TRY {
            r = call2(ga, o, name);
        }
        CATCH(e) {
            if (!ISINST(e, AttributeError_type)) raise(e);
        }
        ENDTRY
    } else {
        r = generic_getattr(o, name);
    }
    if (r) return r;
    /* attributes a builtin base computes (exception args, ...) */
    Type *b = first_builtin(TYPE(o));
    if (b && b->getattr) {
        r = b->getattr(o, name);
        if (r) return r;
    }
    Obj *m = type_lookupc(TYPE(o), "__getattr__");
    if (m) return call2(m, o, name); /* its AttributeError propagates, as in CPython */
    return NULL;
}

static void inst_setattr(Obj *o, Obj *name, Obj *v) {
    Obj *m = type_lookupc(TYPE(o), v ? "__setattr__" : "__delattr__");
    if (m && !IS(m, slotwrap_type)) {
        if (v) {
            Obj *args[3] = {o, name, v};
            obj_call(m, 3, args, NULL);
        } else {
            call2(m, o, name);
        }
        return;
    }
    Type *b = first_builtin(TYPE(o));
    if (b && b->setattr) {
        b->setattr(o, name, v);
        return;
    }
    generic_setattr(o, name, v);
}

static Obj *inst_iter(Obj *o) {
    Obj *r = lookup_call(o, "__iter__", 0, NULL);
    if (r) return r;
    if (type_lookupc(TYPE(o), "__getitem__")) return seq_iter_new(o);
    raisef(&TypeError_type, "'%s' object is not iterable", type_name(o));
}

static Obj *inst_next(Obj *o) {
    Obj *m = type_lookupc(TYPE(o), "__next__");
    if (!m) raisef(&TypeError_type, "'%s' object is not an iterator", type_name(o));
    Obj *r = NULL;
    TRY {
        r = call1(m, o);
    }
    CATCH(e) {
        if (!ISINST(e, StopIteration_type)) raise(e);
        r = NULL;
    }
    ENDTRY
    return r;
}

static int64_t inst_len(Obj *o) {
    Obj *r = lookup_call(o, "__len__", 0, NULL);
    if (!r) raisef(&TypeError_type, "object of type '%s' has no len()", type_name(o));
    if (!IS_INT(r))
        raisef(&TypeError_type, "'%s' object cannot be interpreted as an integer", type_name(r));
    int64_t n = int_val(r);
    if (n < 0) raisef(&ValueError_type, "__len__() should return >= 0");
    return n;
}

static Obj *inst_getitem(Obj *o, Obj *k) {
    Obj *r = lookup_call(o, "__getitem__", 1, &k);
    if (!r) raisef(&TypeError_type, "'%s' object is not subscriptable", type_name(o));
    return r;
}

static void inst_setitem(Obj *o, Obj *k, Obj *v) {
    Obj *args[2] = {k, v};
    Obj *r = v ? lookup_call(o, "__setitem__", 2, args) : lookup_call(o, "__delitem__", 1, args);
    if (!r) {
        if (v)
            raisef(&TypeError_type, "'%s' object does not support item assignment", type_name(o));
        raisef(&TypeError_type, "'%s' object doesn't support item deletion", type_name(o));
    }
}

static int inst_contains(Obj *o, Obj *k) {
    Obj *r = lookup_call(o, "__contains__", 1, &k);
    if (r) return obj_truth(r);
    Obj *it = obj_iter(o);
    for (Obj *v; (v = obj_next(it));)
        if (obj_eq(v, k)) return 1;
    return 0;
}

static int inst_truth(Obj *o) {
    Obj *r = lookup_call(o, "__bool__", 0, NULL);
    if (r) {
        if (!IS(r, bool_type))
            raisef(&TypeError_type, "__bool__ should return bool, returned %s", type_name(r));
        return r == True;
    }
    if (type_lookupc(TYPE(o), "__len__")) return inst_len(o) != 0;
    return 1;
}

static Obj *inst_binop(Obj *self, Obj *other, int op, int reflected) {
    Obj *r = lookup_call(self, reflected ? rbinop_names[op] : binop_names[op], 1, &other);
    return r ? r : NotImpl;
}

static Obj *inst_unop(Obj *o, int op) {
    Obj *r = lookup_call(o, unop_names[op], 0, NULL);
    return r ? r : NotImpl;
}

static Obj *inst_descr_get(Obj *d, Obj *inst, Type *owner) {
    Obj *m = type_lookupc(TYPE(d), "__get__");
    if (!m) return d;
    Obj *args[3] = {d, inst ? inst : None, (Obj *)owner};
    return obj_call(m, 3, args, NULL);
}

Obj *type_new_class(Obj *name, Obj *bases, Obj *dict) {
    Tuple *b = (Tuple *)bases;
    if (b->len > 1) raisef(&NotImplementedError_type, "multiple inheritance is not supported");
    Type *base = b->len ? (Type *)b->items[0] : &object_type;
    if (!IS(base, type_type)) raisef(&TypeError_type, "bases must be types");
    if (!(base->flags & TF_BASE) && base != &object_type)
        raisef(&TypeError_type, "type '%s' is not an acceptable base type", base->name);
    Type *t = (Type *)gc_new(&type_type, sizeof(Type));
    t->name = str_c(name);
    t->name_obj = name;
    t->base = base;
    t->dict = dict;
    t->flags = TF_HEAP | TF_BASE | TF_HASDICT;
    Type *bb = first_builtin(base);
    if (bb == &str_type || bb == &tuple_type || bb == &int_type) t->flags |= TF_PREFIXDICT;
    if (base->flags & TF_HEAP)
        t->size = base->size;
    else if (bb == &object_type)
        t->size = sizeof(Obj) + sizeof(Obj *);
    else if (type_issub(bb, &BaseException_type))
        t->size = sizeof(Exc) + sizeof(Obj *);
    else
        t->size = bb->size + sizeof(Obj *);
    t->repr = inst_repr;
    t->str = inst_str;
    t->hash = inst_hash;
    t->richcmp = inst_richcmp;
    t->call = inst_call;
    t->getattr = inst_getattr;
    t->setattr = inst_setattr;
    t->iter = inst_iter;
    t->next = inst_next;
    t->len = inst_len;
    t->getitem = inst_getitem;
    t->setitem = inst_setitem;
    t->contains = inst_contains;
    t->truth = inst_truth;
    t->binop = inst_binop;
    t->unop = inst_unop;
    t->new = bb->new;
    t->descr_get = inst_descr_get;
    /* only define the slots the class (or a builtin base) can answer, so that protocol errors
     * read as in CPython */
    if (!type_lookupc(t, "__call__")) t->call = NULL;
    if (!type_lookupc(t, "__next__")) t->next = NULL;
    if (!type_lookupc(t, "__iter__") && !type_lookupc(t, "__getitem__")) t->iter = NULL;
    if (!type_lookupc(t, "__len__")) t->len = NULL;
    if (!type_lookupc(t, "__getitem__")) t->getitem = NULL;
    if (!type_lookupc(t, "__get__")) t->descr_get = NULL;
    if (dict_getc(dict, "__eq__") && !dict_getc(dict, "__hash__"))
        dict_setc(dict, "__hash__", None);
    Obj *cell = dict_getc(dict, "__classcell__");
    if (cell) {
        ((Cell *)cell)->v = (Obj *)t;
        dict_del(dict, str_intern("__classcell__"));
    }
    /* descriptors learn their attribute names, then the base may react to the new subclass */
    size_t pos = 0;
    Obj *k, *v;
    Obj *items = list_new(0);
    while (dict_next(dict, &pos, &k, &v))
        list_append(items, tuple_pack(2, k, v));
    for (size_t i = 0; i < ((List *)items)->len; i++) {
        Tuple *kv = (Tuple *)((List *)items)->items[i];
        Obj *val = kv->items[1];
        if (TYPE(val)->flags & TF_HEAP) {
            Obj *set_name = type_lookupc(TYPE(val), "__set_name__");
            if (set_name) {
                Obj *args[3] = {val, (Obj *)t, kv->items[0]};
                obj_call(set_name, 3, args, NULL);
            }
        }
    }
    Obj *init_sub = type_lookupc(base, "__init_subclass__");
    if (init_sub) {
        if (IS(init_sub, classmethod_type))
            call1(((Wrap *)init_sub)->f, (Obj *)t);
        else
            call1(init_sub, (Obj *)t);
    }
    return (Obj *)t;
}

/* ---- property, staticmethod, classmethod ---- */
static Obj *property_new(Type *t, int n, Obj **a, Obj *kw) {
    (void)t;
    Property *p = (Property *)gc_new(&property_type, sizeof(Property));
    int np = args_npos(n, kw);
    p->fget = np > 0 ? a[0] : args_kw(n, a, kw, "fget");
    p->fset = np > 1 ? a[1] : args_kw(n, a, kw, "fset");
    p->fdel = np > 2 ? a[2] : args_kw(n, a, kw, "fdel");
    p->doc = np > 3 ? a[3] : args_kw(n, a, kw, "doc");
    if (p->fget == None) p->fget = NULL;
    if (p->fset == None) p->fset = NULL;
    return (Obj *)p;
}

static Obj *property_get(Obj *d, Obj *inst, Type *owner) {
    (void)owner;
    if (!inst) return d;
    Property *p = (Property *)d;
    if (!p->fget)
        raisef(&AttributeError_type, "property of '%s' object has no getter", type_name(inst));
    return call1(p->fget, inst);
}

static Obj *property_copy(Obj *self, int which, Obj *f) {
    Property *p = (Property *)gc_new(&property_type, sizeof(Property));
    *p = *(Property *)self;
    if (which == 0)
        p->fget = f;
    else if (which == 1)
        p->fset = f;
    else
        p->fdel = f;
    return (Obj *)p;
}

static Obj *property_getter(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return property_copy(a[0], 0, a[1]);
}

static Obj *property_setter(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return property_copy(a[0], 1, a[1]);
}

static Obj *property_deleter(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return property_copy(a[0], 2, a[1]);
}

static Obj *property_getattr(Obj *o, Obj *name) {
    Property *p = (Property *)o;
    if (str_eqc(name, "fget")) return p->fget ? p->fget : None;
    if (str_eqc(name, "fset")) return p->fset ? p->fset : None;
    if (str_eqc(name, "__doc__"))
        return p->doc ? p->doc : (p->fget ? obj_getattr(p->fget, str_intern("__doc__")) : None);
    return generic_getattr(o, name);
}

Type property_type = {.name = "property",
                      .hash = id_hash,
                      .new = property_new,
                      .getattr = property_getattr,
                      .descr_get = property_get};

static Obj *wrap_new(Type *t, int n, Obj **a, Obj *kw) {
    args_nokw(t->name, kw);
    args_count(t->name, n, 1, 1);
    Wrap *w = (Wrap *)gc_new(t, sizeof(Wrap));
    w->f = a[0];
    return (Obj *)w;
}

static Obj *staticmethod_get(Obj *d, Obj *inst, Type *owner) {
    (void)inst;
    (void)owner;
    return ((Wrap *)d)->f;
}

static Obj *classmethod_get(Obj *d, Obj *inst, Type *owner) {
    (void)owner;
    return method_new(((Wrap *)d)->f, inst ? (Obj *)TYPE(inst) : (Obj *)owner);
}

static Obj *wrap_getattr(Obj *o, Obj *name) {
    if (str_eqc(name, "__func__")) return ((Wrap *)o)->f;
    return obj_getattr_opt(((Wrap *)o)->f, name);
}

Type staticmethod_type = {.name = "staticmethod",
                          .hash = id_hash,
                          .new = wrap_new,
                          .getattr = wrap_getattr,
                          .descr_get = staticmethod_get};
Type classmethod_type = {.name = "classmethod",
                         .hash = id_hash,
                         .new = wrap_new,
                         .getattr = wrap_getattr,
                         .descr_get = classmethod_get};

/* ---- super ---- */
static Obj *super_new(Type *t, int n, Obj **a, Obj *kw) {
    (void)t;
    args_nokw("super", kw);
    Super *s = (Super *)gc_new(&super_type, sizeof(Super));
    if (n == 2) {
        if (!IS(a[0], type_type)) raisef(&TypeError_type, "super() argument 1 must be a type");
        s->cls = (Type *)a[0];
        s->obj = a[1];
        return (Obj *)s;
    }
    if (n != 0) raisef(&TypeError_type, "super() takes 0 or 2 arguments");
    /* zero-argument form: the calling frame's __class__ cell and first argument */
    Frame *f = vm->frame;
    if (!f || !f->code->freenames || f->code->nargs < 1)
        raisef(&RuntimeError_type, "super(): no arguments");
    Code *c = f->code;
    Tuple *fn = (Tuple *)c->freenames;
    size_t nv = ((Tuple *)c->varnames)->len, nc = ((Tuple *)c->cellnames)->len;
    Obj *cls = NULL;
    for (size_t i = 0; i < fn->len; i++)
        if (str_eqc(fn->items[i], "__class__")) cls = ((Cell *)f->fast[nv + nc + i])->v;
    if (!cls) raisef(&RuntimeError_type, "super(): __class__ cell not found");
    Obj *self = f->fast[0];
    for (size_t i = 0; i < nc; i++)
        if (c->cell2arg[i] == 0) self = ((Cell *)f->fast[nv + i])->v;
    if (!self) raisef(&RuntimeError_type, "super(): arg[0] deleted");
    s->cls = (Type *)cls;
    s->obj = self;
    return (Obj *)s;
}

static Obj *super_getattr(Obj *o, Obj *name) {
    Super *s = (Super *)o;
    Type *start = s->cls->base;
    int is_type = IS(s->obj, type_type) && type_issub((Type *)s->obj, s->cls);
    Type *objt = is_type ? (Type *)s->obj : TYPE(s->obj);
    Obj *d = type_lookup(start, name);
    if (!d) return generic_getattr(o, name);
    if (IS(d, staticmethod_type)) return ((Wrap *)d)->f;
    if (IS(d, classmethod_type)) return method_new(((Wrap *)d)->f, (Obj *)objt);
    if (is_type) return d;
    return descr_bind(d, s->obj, objt);
}

static Obj *super_repr(Obj *o) {
    Super *s = (Super *)o;
    return str_fmt("<super: <class '%s'>, <%s object>>", s->cls->name, type_name(s->obj));
}

Type super_type = {.name = "super",
                   .repr = super_repr,
                   .hash = id_hash,
                   .getattr = super_getattr,
                   .new = super_new};

/* ---- None, NotImplemented, Ellipsis ---- */
static Obj *none_repr(Obj *o) {
    (void)o;
    return str_from("None");
}

static int none_truth(Obj *o) {
    (void)o;
    return 0;
}

static Obj *none_new(Type *t, int n, Obj **a, Obj *kw) {
    (void)t;
    (void)a;
    (void)kw;
    if (n) raisef(&TypeError_type, "NoneType takes no arguments");
    return None;
}

static int64_t none_hash(Obj *o) {
    (void)o;
    return 0x5c5a0b1;
}

Type none_type = {
    .name = "NoneType", .repr = none_repr, .hash = none_hash, .truth = none_truth, .new = none_new};

static Obj *notimpl_repr(Obj *o) {
    (void)o;
    return str_from("NotImplemented");
}

Type notimpl_type = {.name = "NotImplementedType", .repr = notimpl_repr, .hash = id_hash};

static Obj *ellipsis_repr(Obj *o) {
    (void)o;
    return str_from("Ellipsis");
}

Type ellipsis_type = {.name = "ellipsis", .repr = ellipsis_repr, .hash = id_hash};

Obj None_obj = {&none_type};
Obj NotImpl_obj = {&notimpl_type};
Obj Ellipsis_obj = {&ellipsis_type};

void type_init(void) {
    type_finish(&object_type);
    type_finish(&type_type);
    type_add_method(&object_type, "__dir__", object_dir);
    add_wrap(&object_type, "__init__", SW_INIT);
    add_wrap(&object_type, "__setattr__", SW_SETATTR);
    add_wrap(&object_type, "__getattribute__", SW_GETATTRIBUTE);
    add_wrap(&object_type, "__str__", SW_STR);
    add_wrap(&object_type, "__ne__", SW_NE);
    type_add_method(&type_type, "mro", type_mro);
    type_add_method(&type_type, "__subclasses__", type_subclasses);
    type_finish(&builtin_type);
    type_finish(&method_type);
    type_finish(&slotwrap_type);
    type_finish(&property_type);
    type_add_method(&property_type, "getter", property_getter);
    type_add_method(&property_type, "setter", property_setter);
    type_add_method(&property_type, "deleter", property_deleter);
    type_finish(&staticmethod_type);
    type_finish(&classmethod_type);
    type_finish(&super_type);
    type_finish(&none_type);
    type_finish(&notimpl_type);
    type_finish(&ellipsis_type);
}
