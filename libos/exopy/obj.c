/* obj.c: the abstract object protocol: repr, hash, comparison, arithmetic, attributes, items,
 * iteration and calls, dispatched through type slots with CPython's fallbacks and messages. */
#include "exopy.h"

#include <string.h>

const char *type_name(Obj *o) {
    return TYPE(o)->name;
}

Obj *obj_repr(Obj *o) {
    stack_check();
    Type *t = TYPE(o);
    if (!t->repr) return str_fmt("<%s object at %p>", t->name, (void *)o);
    Obj *r = t->repr(o);
    if (!IS(r, str_type) && !ISINST(r, str_type))
        raisef(&TypeError_type, "__repr__ returned non-string (type %s)", type_name(r));
    return r;
}

Obj *obj_str(Obj *o) {
    if (IS(o, str_type)) return o;
    Type *t = TYPE(o);
    Obj *r = t->str ? t->str(o) : obj_repr(o);
    if (!ISINST(r, str_type))
        raisef(&TypeError_type, "__str__ returned non-string (type %s)", type_name(r));
    return r;
}

int64_t obj_hash(Obj *o) {
    Type *t = TYPE(o);
    if (!t->hash || (t->flags & TF_NOHASH))
        raisef(&TypeError_type, "unhashable type: '%s'", t->name);
    return t->hash(o);
}

int obj_truth(Obj *o) {
    if (o == True) return 1;
    if (o == False || o == None) return 0;
    Type *t = TYPE(o);
    if (t->truth) return t->truth(o);
    if (t->len) return t->len(o) != 0;
    return 1;
}

static const char *cmp_sym[] = {"<", "<=", "==", "!=", ">", ">="};
static const int cmp_swap[] = {CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE};

/* The answer to comparison `op` given a three-way result c (<0, 0, >0). */
Obj *cmp_result(int c, int op) {
    switch (op) {
    case CMP_LT:
        return BOOL(c < 0);
    case CMP_LE:
        return BOOL(c <= 0);
    case CMP_EQ:
        return BOOL(c == 0);
    case CMP_NE:
        return BOOL(c != 0);
    case CMP_GT:
        return BOOL(c > 0);
    default:
        return BOOL(c >= 0);
    }
}

Obj *obj_richcmp(Obj *a, Obj *b, int op) {
    stack_check();
    Type *ta = TYPE(a), *tb = TYPE(b);
    Obj *r = NotImpl;
    /* a subclass's reflected method takes priority, as in CPython */
    int sub_first = ta != tb && type_issub(tb, ta) && tb->richcmp;
    if (sub_first) {
        r = tb->richcmp(b, a, cmp_swap[op]);
        if (r != NotImpl) return r;
    }
    if (ta->richcmp) r = ta->richcmp(a, b, op);
    if (r == NotImpl && tb->richcmp && !sub_first) r = tb->richcmp(b, a, cmp_swap[op]);
    if (r != NotImpl) return r;
    if (op == CMP_EQ) return BOOL(a == b);
    if (op == CMP_NE) return BOOL(a != b);
    raisef(&TypeError_type, "'%s' not supported between instances of '%s' and '%s'", cmp_sym[op],
           ta->name, tb->name);
}

int obj_cmp(Obj *a, Obj *b, int op) {
    if (op == CMP_EQ && a == b && !IS(a, float_type)) return 1;
    return obj_truth(obj_richcmp(a, b, op));
}

int obj_eq(Obj *a, Obj *b) {
    if (a == b) return 1;
    return obj_truth(obj_richcmp(a, b, CMP_EQ));
}

static const char *binop_sym[] = {"+",  "-",  "*", "/", "//", "%", "** or pow()",
                                  "<<", ">>", "&", "|", "^",  "@"};

Obj *obj_binop(Obj *a, Obj *b, int op) {
    Type *ta = TYPE(a), *tb = TYPE(b);
    Obj *r = NotImpl;
    int sub_first = ta != tb && type_issub(tb, ta) && (tb->flags & TF_HEAP) && tb->binop;
    if (sub_first) {
        r = tb->binop(b, a, op, 1);
        if (r != NotImpl) return r;
    }
    if (ta->binop) r = ta->binop(a, b, op, 0);
    if (r == NotImpl && tb != ta && tb->binop && !sub_first) r = tb->binop(b, a, op, 1);
    if (r != NotImpl) return r;
    if (op == OP_ADD && IS(a, str_type))
        raisef(&TypeError_type, "can only concatenate str (not \"%s\") to str", tb->name);
    if (op == OP_ADD && IS(a, list_type))
        raisef(&TypeError_type, "can only concatenate list (not \"%s\") to list", tb->name);
    if (op == OP_ADD && IS(a, tuple_type))
        raisef(&TypeError_type, "can only concatenate tuple (not \"%s\") to tuple", tb->name);
    if (op == OP_MUL &&
        (ISINST(a, str_type) || ISINST(a, list_type) || ISINST(a, tuple_type) ||
         IS(a, bytes_type)) &&
        !IS_INT(b))
        raisef(&TypeError_type, "can't multiply sequence by non-int of type '%s'", tb->name);
    if (op == OP_MUL &&
        (ISINST(b, str_type) || ISINST(b, list_type) || ISINST(b, tuple_type) ||
         IS(b, bytes_type)) &&
        !IS_INT(a))
        raisef(&TypeError_type, "can't multiply sequence by non-int of type '%s'", ta->name);
    raisef(&TypeError_type, "unsupported operand type(s) for %s: '%s' and '%s'", binop_sym[op],
           ta->name, tb->name);
}

static const char *inplace_names[] = {"__iadd__",      "__isub__", "__imul__", "__itruediv__",
                                      "__ifloordiv__", "__imod__", "__ipow__", "__ilshift__",
                                      "__irshift__",   "__iand__", "__ior__",  "__ixor__",
                                      "__imatmul__"};

Obj *obj_inplace(Obj *a, Obj *b, int op) {
    if (IS(a, list_type) && op == OP_ADD) {
        Obj *it = obj_iter(b);
        if (a == b) it = obj_iter(list_from_iter(b));
        for (Obj *v; (v = obj_next(it));)
            list_append(a, v);
        return a;
    }
    if (IS(a, list_type) && op == OP_MUL) {
        Obj *r = obj_binop(a, b, op);
        List *l = (List *)a, *s = (List *)r;
        l->items = s->items;
        l->len = s->len;
        l->cap = s->cap;
        return a;
    }
    if (TYPE(a)->flags & TF_HEAP) {
        Obj *m = type_lookupc(TYPE(a), inplace_names[op]);
        if (m) {
            Obj *args[2] = {a, b};
            Obj *r = obj_call(m, 2, args, NULL);
            if (r != NotImpl) return r;
        }
    }
    if ((IS(a, set_type)) && (op == OP_OR || op == OP_AND || op == OP_SUB || op == OP_XOR)) {
        Obj *r = obj_binop(a, b, op);
        Dict *d = (Dict *)a, *s = (Dict *)r;
        *d = *s;
        return a;
    }
    if (IS(a, dict_type) && op == OP_OR) {
        dict_update(a, b);
        return a;
    }
    if (IS(a, bytearray_type) && op == OP_ADD) {
        call_method(a, "extend", 1, &b);
        return a;
    }
    return obj_binop(a, b, op);
}

Obj *obj_unop(Obj *o, int op) {
    Type *t = TYPE(o);
    if (t->unop) {
        Obj *r = t->unop(o, op);
        if (r != NotImpl) return r;
    }
    static const char *sym[] = {"-", "+", "~"};
    raisef(&TypeError_type, "bad operand type for unary %s: '%s'", sym[op], t->name);
}

Obj *obj_getattr_opt(Obj *o, Obj *name) {
    Type *t = TYPE(o);
    if (t->getattr) return t->getattr(o, name);
    return generic_getattr(o, name);
}

Obj *obj_getattr(Obj *o, Obj *name) {
    Obj *r = obj_getattr_opt(o, name);
    if (r) return r;
    if (IS(o, module_type))
        raisef(&AttributeError_type, "module '%s' has no attribute '%s'",
               str_c(((Module *)o)->name), str_c(name));
    if (IS(o, type_type))
        raisef(&AttributeError_type, "type object '%s' has no attribute '%s'", ((Type *)o)->name,
               str_c(name));
    raisef(&AttributeError_type, "'%s' object has no attribute '%s'", type_name(o), str_c(name));
}

void obj_setattr(Obj *o, Obj *name, Obj *v) {
    Type *t = TYPE(o);
    if (t->setattr)
        t->setattr(o, name, v);
    else
        generic_setattr(o, name, v);
}

Obj *obj_getitem(Obj *o, Obj *k) {
    Type *t = TYPE(o);
    if (t->getitem) return t->getitem(o, k);
    if (IS(o, type_type)) {
        Obj *m = type_lookupc((Type *)o, "__class_getitem__");
        if (m) return call1(m, k);
        return o; /* list[int] and friends: annotations only */
    }
    raisef(&TypeError_type, "'%s' object is not subscriptable", t->name);
}

void obj_setitem(Obj *o, Obj *k, Obj *v) {
    Type *t = TYPE(o);
    if (t->setitem) {
        t->setitem(o, k, v);
        return;
    }
    if (v) raisef(&TypeError_type, "'%s' object does not support item assignment", t->name);
    raisef(&TypeError_type, "'%s' object doesn't support item deletion", t->name);
}

int obj_contains(Obj *o, Obj *k) {
    Type *t = TYPE(o);
    if (t->contains) return t->contains(o, k);
    if (!t->iter && !t->getitem)
        raisef(&TypeError_type, "argument of type '%s' is not iterable", t->name);
    Obj *it = obj_iter(o);
    for (Obj *v; (v = obj_next(it));)
        if (obj_eq(v, k)) return 1;
    return 0;
}

int64_t obj_len(Obj *o) {
    Type *t = TYPE(o);
    if (!t->len) raisef(&TypeError_type, "object of type '%s' has no len()", t->name);
    return t->len(o);
}

Obj *obj_iter(Obj *o) {
    Type *t = TYPE(o);
    if (t->iter) return t->iter(o);
    if (t->getitem && !(t->flags & TF_HEAP)) return seq_iter_new(o);
    raisef(&TypeError_type, "'%s' object is not iterable", t->name);
}

Obj *obj_next(Obj *it) {
    Type *t = TYPE(it);
    if (!t->next) raisef(&TypeError_type, "'%s' object is not an iterator", t->name);
    return t->next(it);
}

Obj *obj_call(Obj *f, int n, Obj **a, Obj *kwnames) {
    Type *t = TYPE(f);
    if (!t->call) raisef(&TypeError_type, "'%s' object is not callable", t->name);
    return t->call(f, n, a, kwnames);
}

Obj *call0(Obj *f) {
    return obj_call(f, 0, NULL, NULL);
}

Obj *call1(Obj *f, Obj *a) {
    return obj_call(f, 1, &a, NULL);
}

Obj *call2(Obj *f, Obj *a, Obj *b) {
    Obj *args[2] = {a, b};
    return obj_call(f, 2, args, NULL);
}

Obj *call_method(Obj *o, const char *name, int n, Obj **a) {
    Obj *m = obj_getattr(o, str_intern(name));
    return obj_call(m, n, a, NULL);
}

Obj *obj_index(Obj *o) {
    if (IS_INT(o)) return IS(o, int_type) ? o : obj_binop(o, vm->small[-SMALLINT_MIN], OP_ADD);
    if (TYPE(o)->flags & TF_HEAP) {
        Obj *m = type_lookupc(TYPE(o), "__index__");
        if (m) return call1(m, o);
    }
    raisef(&TypeError_type, "'%s' object cannot be interpreted as an integer", type_name(o));
}

Obj *obj_format(Obj *o, Obj *spec) {
    if (TYPE(o)->flags & TF_HEAP) {
        Obj *m = type_lookupc(TYPE(o), "__format__");
        if (m) return call2(m, o, spec);
    }
    Str *s = (Str *)spec;
    return format_spec(o, s->s, s->len);
}

/* ---- argument helpers for builtins ---- */
void args_count(const char *fname, int n, int lo, int hi) {
    if (n >= lo && n <= hi) return;
    if (lo == hi)
        raisef(&TypeError_type, "%s() takes exactly %d argument%s (%d given)", fname, lo,
               lo == 1 ? "" : "s", n);
    if (n < lo)
        raisef(&TypeError_type, "%s expected at least %d argument%s, got %d", fname, lo,
               lo == 1 ? "" : "s", n);
    raisef(&TypeError_type, "%s expected at most %d argument%s, got %d", fname, hi,
           hi == 1 ? "" : "s", n);
}

void args_nokw(const char *fname, Obj *kw) {
    if (kw && ((Tuple *)kw)->len) raisef(&TypeError_type, "%s() takes no keyword arguments", fname);
}

int args_npos(int n, Obj *kw) {
    return kw ? n - (int)((Tuple *)kw)->len : n;
}

Obj *args_kw(int n, Obj **a, Obj *kw, const char *name) {
    if (!kw) return NULL;
    Tuple *t = (Tuple *)kw;
    int npos = n - (int)t->len;
    for (size_t i = 0; i < t->len; i++)
        if (str_eqc(t->items[i], name)) return a[npos + (int)i];
    return NULL;
}
