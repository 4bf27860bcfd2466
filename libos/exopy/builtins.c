/* builtins.c: the builtins module: print, len, iteration helpers (enumerate, zip, map, filter,
 * reversed), numeric helpers, introspection (isinstance, getattr, dir, ...) and input. */
#include "exopy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOKW(name) args_nokw(name, kw)

static Obj *bi_print(int n, Obj **a, Obj *kw) {
    int np = args_npos(n, kw);
    Obj *sep = args_kw(n, a, kw, "sep"), *end = args_kw(n, a, kw, "end");
    Obj *file = args_kw(n, a, kw, "file");
    if (sep && sep != None && !IS(sep, str_type))
        raisef(&TypeError_type, "sep must be None or a string, not %s", type_name(sep));
    if (end && end != None && !IS(end, str_type))
        raisef(&TypeError_type, "end must be None or a string, not %s", type_name(end));
    Buf b;
    buf_init(&b);
    for (int i = 0; i < np; i++) {
        if (i) {
            if (sep && sep != None)
                buf_addobj(&b, sep);
            else
                buf_addc(&b, ' ');
        }
        buf_addobj(&b, obj_str(a[i]));
    }
    if (end && end != None)
        buf_addobj(&b, end);
    else
        buf_addc(&b, '\n');
    if (file && file != None) {
        Obj *s = buf_str(&b);
        call_method(file, "write", 1, &s);
        return None;
    }
    port_write(1, b.p, b.len);
    return None;
}

static Obj *bi_len(int n, Obj **a, Obj *kw) {
    NOKW("len");
    args_count("len", n, 1, 1);
    return int_from(obj_len(a[0]));
}

static Obj *bi_repr(int n, Obj **a, Obj *kw) {
    NOKW("repr");
    args_count("repr", n, 1, 1);
    return obj_repr(a[0]);
}

static Obj *bi_ascii(int n, Obj **a, Obj *kw) {
    NOKW("ascii");
    args_count("ascii", n, 1, 1);
    Obj *r = obj_repr(a[0]);
    Buf b;
    buf_init(&b);
    const char *p = ((Str *)r)->s, *e = p + ((Str *)r)->len;
    while (p < e) {
        uint32_t c = utf8_decode(&p);
        if (c < 128)
            buf_addc(&b, (char)c);
        else if (c < 256)
            buf_printf(&b, "\\x%02x", c);
        else if (c < 0x10000)
            buf_printf(&b, "\\u%04x", c);
        else
            buf_printf(&b, "\\U%08x", c);
    }
    return buf_str(&b);
}

static Obj *bi_abs(int n, Obj **a, Obj *kw) {
    NOKW("abs");
    args_count("abs", n, 1, 1);
    Obj *x = a[0];
    if (IS_INT(x))
        return int_sign(x) < 0 ? int_neg(x) : (IS(x, bool_type) ? int_from(x == True) : x);
    if (IS(x, float_type)) return float_from(fabs(((Float *)x)->v));
    Obj *m = type_lookupc(TYPE(x), "__abs__");
    if (m) return call1(m, x);
    raisef(&TypeError_type, "bad operand type for abs(): '%s'", type_name(x));
}

static Obj *minmax(int n, Obj **a, Obj *kw, int op, const char *name) {
    int np = args_npos(n, kw);
    Obj *key = args_kw(n, a, kw, "key"), *dflt = args_kw(n, a, kw, "default");
    if (key == None) key = NULL;
    if (np == 0) raisef(&TypeError_type, "%s expected at least 1 argument, got 0", name);
    Obj *it;
    if (np == 1) {
        it = obj_iter(a[0]);
    } else {
        if (dflt)
            raisef(&TypeError_type,
                   "Cannot specify a default for %s() with multiple positional arguments", name);
        Obj *t = tuple_new((size_t)np);
        memcpy(((Tuple *)t)->items, a, (size_t)np * sizeof(Obj *));
        it = obj_iter(t);
    }
    Obj *best = NULL, *bestk = NULL;
    for (Obj *v; (v = obj_next(it));) {
        Obj *k = key ? call1(key, v) : v;
        if (!best || obj_cmp(k, bestk, op)) {
            best = v;
            bestk = k;
        }
    }
    if (!best) {
        if (dflt) return dflt;
        raisef(&ValueError_type, "%s() arg is an empty sequence", name);
    }
    return best;
}

static Obj *bi_min(int n, Obj **a, Obj *kw) {
    return minmax(n, a, kw, CMP_LT, "min");
}

static Obj *bi_max(int n, Obj **a, Obj *kw) {
    return minmax(n, a, kw, CMP_GT, "max");
}

static Obj *bi_sum(int n, Obj **a, Obj *kw) {
    int np = args_npos(n, kw);
    args_count("sum", np, 1, 2);
    Obj *acc = np > 1 ? a[1] : args_kw(n, a, kw, "start");
    if (!acc) acc = int_from(0);
    if (IS(acc, str_type))
        raisef(&TypeError_type, "sum() can't sum strings [use ''.join(seq) instead]");
    Obj *it = obj_iter(a[0]);
    for (Obj *v; (v = obj_next(it));)
        acc = obj_binop(acc, v, OP_ADD);
    return acc;
}

static Obj *bi_all(int n, Obj **a, Obj *kw) {
    NOKW("all");
    args_count("all", n, 1, 1);
    Obj *it = obj_iter(a[0]);
    for (Obj *v; (v = obj_next(it));)
        if (!obj_truth(v)) return False;
    return True;
}

static Obj *bi_any(int n, Obj **a, Obj *kw) {
    NOKW("any");
    args_count("any", n, 1, 1);
    Obj *it = obj_iter(a[0]);
    for (Obj *v; (v = obj_next(it));)
        if (obj_truth(v)) return True;
    return False;
}

static int isinstance_of(Obj *o, Obj *cls, const char *fname) {
    if (IS(cls, tuple_type)) {
        Tuple *t = (Tuple *)cls;
        for (size_t i = 0; i < t->len; i++)
            if (isinstance_of(o, t->items[i], fname)) return 1;
        return 0;
    }
    if (!IS(cls, type_type))
        raisef(&TypeError_type, "%s() arg 2 must be a type, a tuple of types, or a union", fname);
    if (!strcmp(fname, "issubclass")) {
        if (!IS(o, type_type)) raisef(&TypeError_type, "issubclass() arg 1 must be a class");
        return type_issub((Type *)o, (Type *)cls);
    }
    return type_issub(TYPE(o), (Type *)cls);
}

static Obj *bi_isinstance(int n, Obj **a, Obj *kw) {
    NOKW("isinstance");
    args_count("isinstance", n, 2, 2);
    return BOOL(isinstance_of(a[0], a[1], "isinstance"));
}

static Obj *bi_issubclass(int n, Obj **a, Obj *kw) {
    NOKW("issubclass");
    args_count("issubclass", n, 2, 2);
    return BOOL(isinstance_of(a[0], a[1], "issubclass"));
}

static Obj *bi_id(int n, Obj **a, Obj *kw) {
    NOKW("id");
    args_count("id", n, 1, 1);
    return int_from((int64_t)(uintptr_t)a[0]);
}

static Obj *bi_hash(int n, Obj **a, Obj *kw) {
    NOKW("hash");
    args_count("hash", n, 1, 1);
    return int_from(obj_hash(a[0]));
}

/* iter(callable, sentinel): calls until the sentinel comes back */
static Obj *iter_self(Obj *o);

static Obj *calliter_next(Obj *o) {
    Iter *it = (Iter *)o;
    if (!it->a) return NULL;
    Obj *v = call0(it->a);
    if (obj_eq(v, it->b)) {
        it->a = NULL;
        return NULL;
    }
    return v;
}

Type calliter_type = {.name = "callable_iterator", .iter = iter_self, .next = calliter_next};

static Obj *bi_iter(int n, Obj **a, Obj *kw) {
    NOKW("iter");
    args_count("iter", n, 1, 2);
    if (n == 2) {
        if (!TYPE(a[0])->call) raisef(&TypeError_type, "iter(v, w): v must be callable");
        Iter *it = (Iter *)gc_new(&calliter_type, sizeof(Iter));
        it->a = a[0];
        it->b = a[1];
        return (Obj *)it;
    }
    return obj_iter(a[0]);
}

static Obj *bi_next(int n, Obj **a, Obj *kw) {
    NOKW("next");
    args_count("next", n, 1, 2);
    if (!TYPE(a[0])->next)
        raisef(&TypeError_type, "'%s' object is not an iterator", type_name(a[0]));
    if (IS(a[0], gen_type) && n == 1)
        return gen_send(a[0], None); /* keeps the return value in StopIteration */
    Obj *v = obj_next(a[0]);
    if (v) return v;
    if (n == 2) return a[1];
    raise_type(&StopIteration_type, NULL);
}

static Obj *bi_getattr(int n, Obj **a, Obj *kw) {
    NOKW("getattr");
    args_count("getattr", n, 2, 3);
    if (!IS(a[1], str_type))
        raisef(&TypeError_type, "attribute name must be string, not '%s'", type_name(a[1]));
    if (n == 2) return obj_getattr(a[0], a[1]);
    Obj *r = NULL;
    TRY {
        r = obj_getattr_opt(a[0], a[1]);
    }
    CATCH(e) {
        if (!ISINST(e, AttributeError_type)) raise(e);
        r = NULL;
    }
    ENDTRY
    return r ? r : a[2];
}

static Obj *bi_setattr(int n, Obj **a, Obj *kw) {
    NOKW("setattr");
    args_count("setattr", n, 3, 3);
    obj_setattr(a[0], str_intern_obj(a[1]), a[2]);
    return None;
}

static Obj *bi_delattr(int n, Obj **a, Obj *kw) {
    NOKW("delattr");
    args_count("delattr", n, 2, 2);
    obj_setattr(a[0], a[1], NULL);
    return None;
}

static Obj *bi_hasattr(int n, Obj **a, Obj *kw) {
    NOKW("hasattr");
    args_count("hasattr", n, 2, 2);
    Obj *r = NULL;
    TRY {
        r = obj_getattr_opt(a[0], a[1]);
    }
    CATCH(e) {
        if (!ISINST(e, AttributeError_type)) raise(e);
        r = NULL;
    }
    ENDTRY
    return BOOL(r != NULL);
}

static Obj *bi_callable(int n, Obj **a, Obj *kw) {
    NOKW("callable");
    args_count("callable", n, 1, 1);
    return BOOL(TYPE(a[0])->call != NULL);
}

static Obj *bi_chr(int n, Obj **a, Obj *kw) {
    NOKW("chr");
    args_count("chr", n, 1, 1);
    if (!IS_INT(a[0]))
        raisef(&TypeError_type, "'%s' object cannot be interpreted as an integer", type_name(a[0]));
    int64_t v = int_val(a[0]);
    if (v < 0 || v > 0x10ffff) raisef(&ValueError_type, "chr() arg not in range(0x110000)");
    return str_from_cp((uint32_t)v);
}

static Obj *bi_ord(int n, Obj **a, Obj *kw) {
    NOKW("ord");
    args_count("ord", n, 1, 1);
    Obj *s = a[0];
    if (IS(s, bytes_type) || IS(s, bytearray_type)) {
        size_t len = IS(s, bytes_type) ? ((Str *)s)->len : ((ByteArray *)s)->len;
        if (len != 1)
            raisef(&TypeError_type, "ord() expected a character, but string of length %zu found",
                   len);
        return int_from(IS(s, bytes_type) ? (uint8_t)((Str *)s)->s[0] : ((ByteArray *)s)->data[0]);
    }
    if (!ISINST(s, str_type))
        raisef(&TypeError_type, "ord() expected string of length 1, but %s found", type_name(s));
    if (((Str *)s)->clen != 1)
        raisef(&TypeError_type, "ord() expected a character, but string of length %zu found",
               ((Str *)s)->clen);
    const char *p = ((Str *)s)->s;
    return int_from(utf8_decode(&p));
}

static Obj *int_prefixed(Obj *x, int base, const char *prefix) {
    x = obj_index(x);
    Obj *s = int_str(x, base);
    const char *c = str_c(s);
    if (c[0] == '-') return str_fmt("-%s%s", prefix, c + 1);
    return str_fmt("%s%s", prefix, c);
}

static Obj *bi_hex(int n, Obj **a, Obj *kw) {
    NOKW("hex");
    args_count("hex", n, 1, 1);
    return int_prefixed(a[0], 16, "0x");
}

static Obj *bi_oct(int n, Obj **a, Obj *kw) {
    NOKW("oct");
    args_count("oct", n, 1, 1);
    return int_prefixed(a[0], 8, "0o");
}

static Obj *bi_bin(int n, Obj **a, Obj *kw) {
    NOKW("bin");
    args_count("bin", n, 1, 1);
    return int_prefixed(a[0], 2, "0b");
}

static Obj *bi_divmod(int n, Obj **a, Obj *kw) {
    NOKW("divmod");
    args_count("divmod", n, 2, 2);
    Obj *q = obj_binop(a[0], a[1], OP_FLOORDIV); /* first, for its error message */
    return tuple_pack(2, q, obj_binop(a[0], a[1], OP_MOD));
}

static Obj *bi_pow(int n, Obj **a, Obj *kw) {
    int np = args_npos(n, kw);
    args_count("pow", np, 2, 3);
    Obj *mod = np > 2 ? a[2] : args_kw(n, a, kw, "mod");
    if (!mod || mod == None) return obj_binop(a[0], a[1], OP_POW);
    if (!IS_INT(a[0]) || !IS_INT(a[1]) || !IS_INT(mod))
        raisef(&TypeError_type, "pow() 3rd argument not allowed unless all arguments are integers");
    if (int_sign(mod) == 0) raisef(&ValueError_type, "pow() 3rd argument cannot be 0");
    Obj *base = int_binop(a[0], mod, OP_MOD), *e = a[1], *r = int_binop(int_from(1), mod, OP_MOD);
    if (int_sign(e) < 0) {
        /* modular inverse by the extended Euclidean algorithm, then the positive power */
        Obj *m = int_sign(mod) < 0 ? int_neg(mod) : mod;
        Obj *r0 = m, *r1 = int_binop(base, m, OP_MOD), *t0 = int_from(0), *t1 = int_from(1);
        while (int_sign(r1)) {
            Obj *q = int_binop(r0, r1, OP_FLOORDIV);
            Obj *r2 = int_binop(r0, int_binop(q, r1, OP_MUL), OP_SUB);
            Obj *t2 = int_binop(t0, int_binop(q, t1, OP_MUL), OP_SUB);
            r0 = r1;
            r1 = r2;
            t0 = t1;
            t1 = t2;
        }
        if (int_cmp(r0, int_from(1)) != 0)
            raisef(&ValueError_type, "base is not invertible for the given modulus");
        base = int_binop(t0, mod, OP_MOD);
        e = int_neg(e);
    }
    while (int_sign(e) > 0) {
        if (int_sign(int_binop(e, int_from(1), OP_AND)))
            r = int_binop(int_binop(r, base, OP_MUL), mod, OP_MOD);
        e = int_binop(e, int_from(1), OP_RSHIFT);
        base = int_binop(int_binop(base, base, OP_MUL), mod, OP_MOD);
    }
    return r;
}

/* round half to even, as CPython */
static Obj *bi_round(int n, Obj **a, Obj *kw) {
    int np = args_npos(n, kw);
    args_count("round", np, 1, 2);
    Obj *nd = np > 1 ? a[1] : args_kw(n, a, kw, "ndigits");
    Obj *x = a[0];
    if (IS_INT(x)) {
        if (!nd || nd == None || int_sign(nd) >= 0)
            return IS(x, bool_type) ? int_from(x == True) : x;
        Obj *p = int_binop(int_from(10), int_neg(nd), OP_POW);
        Obj *q = int_binop(x, p, OP_FLOORDIV), *r = int_binop(x, p, OP_MOD);
        Obj *twice = int_binop(r, int_from(2), OP_MUL);
        int c = int_cmp(twice, p);
        if (c > 0 || (c == 0 && int_sign(int_binop(q, int_from(1), OP_AND))))
            q = int_binop(q, int_from(1), OP_ADD);
        return int_binop(q, p, OP_MUL);
    }
    if (!IS(x, float_type)) {
        Obj *m = type_lookupc(TYPE(x), "__round__");
        if (m) return nd ? call2(m, x, nd) : call1(m, x);
        raisef(&TypeError_type, "type %s doesn't define __round__ method", type_name(x));
    }
    double d = ((Float *)x)->v;
    if (!nd || nd == None) {
        if (isnan(d)) raisef(&ValueError_type, "cannot convert float NaN to integer");
        if (isinf(d)) raisef(&OverflowError_type, "cannot convert float infinity to integer");
        double r = float_rint(d);
        return int_from_double(r);
    }
    int64_t digits = int_val(nd);
    /* as CPython: beyond these every double is already rounded, or rounds to zero */
    if (!isfinite(d) || digits > 323) return x;
    if (digits < -308) return float_from(0.0 * d);
    /* the exact value rounded half-even to 10^-digits, then read back */
    char text[1300];
    int decpt;
    int nds = dtoa_digits(fabs(d), DTOA_FIX, (int)digits, text + 2, 1200, &decpt);
    text[0] = signbit(d) ? '-' : '+';
    text[1] = '.';
    if (!nds) text[2 + nds++] = '0';
    int len = 2 + nds + snprintf(text + 2 + nds, 16, "e%d", decpt);
    double r;
    dtoa_parse(text, (size_t)len, &r);
    if (isinf(r)) raisef(&OverflowError_type, "rounded value too large to represent");
    return float_from(r);
}

static Obj *bi_sorted(int n, Obj **a, Obj *kw) {
    if (args_npos(n, kw) != 1)
        raisef(&TypeError_type, "sorted expected 1 argument, got %d", args_npos(n, kw));
    Obj *l = list_from_iter(a[0]);
    Obj *key = args_kw(n, a, kw, "key"), *rev = args_kw(n, a, kw, "reverse");
    list_sort(l, key, rev && obj_truth(rev));
    return l;
}

static Obj *bi_dir(int n, Obj **a, Obj *kw) {
    NOKW("dir");
    args_count("dir", n, 0, 1);
    if (n == 0) {
        Obj *d = vm->frame && vm->frame->locals ? vm->frame->locals : vm->main_dict;
        Obj *l = list_new(0);
        size_t pos = 0;
        Obj *k, *v;
        while (dict_next(d, &pos, &k, &v))
            list_append(l, k);
        list_sort(l, NULL, 0);
        return l;
    }
    if (IS(a[0], module_type)) {
        Obj *l = list_new(0);
        size_t pos = 0;
        Obj *k, *v;
        while (dict_next(((Module *)a[0])->dict, &pos, &k, &v))
            list_append(l, k);
        list_sort(l, NULL, 0);
        return l;
    }
    Obj *m = type_lookupc(TYPE(a[0]), "__dir__");
    return list_from_iter(call1(m, a[0]));
}

static Obj *bi_globals(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    return vm->frame ? vm->frame->globals : vm->main_dict;
}

static Obj *bi_locals(int n, Obj **a, Obj *kw) {
    (void)kw;
    if (n == 1) {
        Obj *d = obj_getattr_opt(a[0], str_intern("__dict__"));
        if (!d) raisef(&TypeError_type, "vars() argument must have __dict__ attribute");
        return d;
    }
    Frame *f = vm->frame;
    if (!f) return vm->main_dict;
    if (f->locals) return f->locals;
    Obj *d = dict_new();
    Tuple *vn = (Tuple *)f->code->varnames;
    for (size_t i = 0; i < vn->len; i++)
        if (f->fast[i]) dict_set(d, vn->items[i], f->fast[i]);
    return d;
}

static Obj *bi_input(int n, Obj **a, Obj *kw) {
    NOKW("input");
    args_count("input", n, 0, 1);
    if (n) {
        Obj *p = obj_str(a[0]);
        port_write(1, ((Str *)p)->s, ((Str *)p)->len);
    }
    Buf b;
    buf_init(&b);
    char chunk[512];
    for (;;) {
        long got = port_readline(chunk, sizeof chunk);
        if (got < 0) {
            if (!b.len) raisef(&EOFError_type, "EOF when reading a line");
            break;
        }
        buf_add(&b, chunk, (size_t)got);
        if (got && chunk[got - 1] == '\n') break;
    }
    if (b.len && b.p[b.len - 1] == '\n') b.len--;
    return buf_str(&b);
}

static Obj *bi_format(int n, Obj **a, Obj *kw) {
    NOKW("format");
    args_count("format", n, 1, 2);
    return obj_format(a[0], n > 1 ? a[1] : vm->empty_str);
}

static Obj *bi_exec_eval(int n, Obj **a, Obj *kw, int mode) {
    NOKW(mode == MODE_EVAL ? "eval" : "exec");
    args_count(mode == MODE_EVAL ? "eval" : "exec", n, 1, 3);
    Obj *g = n > 1 && a[1] != None ? a[1] : (vm->frame ? vm->frame->globals : vm->main_dict);
    Obj *l =
        n > 2 && a[2] != None
            ? a[2]
            : (n > 1 && a[1] != None ? g
                                     : (vm->frame && vm->frame->locals ? vm->frame->locals : g));
    Obj *src = a[0];
    if (!IS(src, str_type))
        raisef(&TypeError_type, "%s() arg 1 must be a string", mode == MODE_EVAL ? "eval" : "exec");
    Obj *code = compile_source(((Str *)src)->s, ((Str *)src)->len, str_from("<string>"), mode);
    Obj *r = vm_exec(code, g, l);
    return mode == MODE_EVAL ? r : None;
}

static Obj *bi_eval(int n, Obj **a, Obj *kw) {
    return bi_exec_eval(n, a, kw, MODE_EVAL);
}

static Obj *bi_exec(int n, Obj **a, Obj *kw) {
    return bi_exec_eval(n, a, kw, MODE_FILE);
}

/* ---- iterator objects: enumerate, zip, map, filter, reversed ---- */
static Obj *iter_self(Obj *o) {
    return o;
}

static Obj *enumerate_next(Obj *o) {
    Iter *it = (Iter *)o;
    Obj *v = obj_next(it->seq);
    if (!v) return NULL;
    Obj *idx = it->a;
    it->a = obj_binop(idx, int_from(1), OP_ADD);
    return tuple_pack(2, idx, v);
}

static Obj *enumerate_new(Type *t, int n, Obj **a, Obj *kw);
Type enumerate_type = {
    .name = "enumerate", .iter = iter_self, .next = enumerate_next, .new = enumerate_new};

static Obj *enumerate_new(Type *t, int n, Obj **a, Obj *kw) {
    (void)t;
    int np = args_npos(n, kw);
    Obj *start = np > 1 ? a[1] : args_kw(n, a, kw, "start");
    if (np < 1) raisef(&TypeError_type, "enumerate() missing required argument 'iterable'");
    Iter *it = (Iter *)gc_new(&enumerate_type, sizeof(Iter));
    it->seq = obj_iter(a[0]);
    it->a = start ? start : int_from(0);
    return (Obj *)it;
}

static Obj *zip_next(Obj *o) {
    Iter *it = (Iter *)o;
    Tuple *its = (Tuple *)it->seq;
    if (!its->len) return NULL;
    Tuple *r = (Tuple *)tuple_new(its->len);
    for (size_t i = 0; i < its->len; i++) {
        Obj *v = obj_next(its->items[i]);
        if (!v) {
            if (it->n && i > 0)
                raisef(&ValueError_type, "zip() argument %zu is shorter than argument%s%s", i + 1,
                       i == 1 ? " " : "s 1-",
                       i == 1 ? "1" : str_c(int_str(int_from((int64_t)i), 10)));
            if (it->n && i == 0) {
                for (size_t k = 1; k < its->len; k++)
                    if (obj_next(its->items[k]))
                        raisef(&ValueError_type, "zip() argument %zu is longer than argument%s%s",
                               k + 1, k == 1 ? " " : "s 1-",
                               k == 1 ? "1" : str_c(int_str(int_from((int64_t)k), 10)));
            }
            return NULL;
        }
        r->items[i] = v;
    }
    return (Obj *)r;
}

static Obj *zip_new(Type *t, int n, Obj **a, Obj *kw);
Type zip_type = {.name = "zip", .iter = iter_self, .next = zip_next, .new = zip_new};

static Obj *zip_new(Type *t, int n, Obj **a, Obj *kw) {
    (void)t;
    int np = args_npos(n, kw);
    Obj *strict = args_kw(n, a, kw, "strict");
    Tuple *its = (Tuple *)tuple_new((size_t)np);
    for (int i = 0; i < np; i++)
        its->items[i] = obj_iter(a[i]);
    Iter *it = (Iter *)gc_new(&zip_type, sizeof(Iter));
    it->seq = (Obj *)its;
    it->n = strict && obj_truth(strict);
    return (Obj *)it;
}

static Obj *map_next(Obj *o) {
    Iter *it = (Iter *)o;
    Tuple *its = (Tuple *)it->seq;
    Obj **args = gc_alloc(its->len * sizeof(Obj *) + 8, 1);
    for (size_t i = 0; i < its->len; i++) {
        args[i] = obj_next(its->items[i]);
        if (!args[i]) return NULL;
    }
    return obj_call(it->a, (int)its->len, args, NULL);
}

static Obj *map_new(Type *t, int n, Obj **a, Obj *kw);
Type map_type = {.name = "map", .iter = iter_self, .next = map_next, .new = map_new};

static Obj *map_new(Type *t, int n, Obj **a, Obj *kw) {
    (void)t;
    NOKW("map");
    if (n < 2) raisef(&TypeError_type, "map() must have at least two arguments.");
    Tuple *its = (Tuple *)tuple_new((size_t)(n - 1));
    for (int i = 1; i < n; i++)
        its->items[i - 1] = obj_iter(a[i]);
    Iter *it = (Iter *)gc_new(&map_type, sizeof(Iter));
    it->seq = (Obj *)its;
    it->a = a[0];
    return (Obj *)it;
}

static Obj *filter_next(Obj *o) {
    Iter *it = (Iter *)o;
    for (;;) {
        Obj *v = obj_next(it->seq);
        if (!v) return NULL;
        if (it->a == None ? obj_truth(v) : obj_truth(call1(it->a, v))) return v;
    }
}

static Obj *filter_new(Type *t, int n, Obj **a, Obj *kw);
Type filter_type = {.name = "filter", .iter = iter_self, .next = filter_next, .new = filter_new};

static Obj *filter_new(Type *t, int n, Obj **a, Obj *kw) {
    (void)t;
    NOKW("filter");
    args_count("filter", n, 2, 2);
    Iter *it = (Iter *)gc_new(&filter_type, sizeof(Iter));
    it->seq = obj_iter(a[1]);
    it->a = a[0];
    return (Obj *)it;
}

static Obj *reversed_next(Obj *o) {
    Iter *it = (Iter *)o;
    if (it->i < 0) return NULL;
    if (IS(it->seq, list_type) && it->i >= (int64_t)((List *)it->seq)->len) {
        it->i = -1;
        return NULL;
    }
    Obj *v = obj_getitem(it->seq, int_from(it->i));
    it->i--;
    return v;
}

static Obj *reversed_new(Type *t, int n, Obj **a, Obj *kw);
Type reversed_type = {
    .name = "reversed", .iter = iter_self, .next = reversed_next, .new = reversed_new};

static Obj *reversed_new(Type *t, int n, Obj **a, Obj *kw) {
    (void)t;
    NOKW("reversed");
    args_count("reversed", n, 1, 1);
    Obj *m = type_lookupc(TYPE(a[0]), "__reversed__");
    if (m && !IS(a[0], list_type)) return call1(m, a[0]);
    if (!strcmp(type_name(a[0]), "dict_view")) {
        Obj *l = list_from_iter(a[0]);
        Iter *it = (Iter *)gc_new(&reversed_type, sizeof(Iter));
        it->seq = l;
        it->i = (int64_t)((List *)l)->len - 1;
        return (Obj *)it;
    }
    if (!TYPE(a[0])->getitem || !TYPE(a[0])->len || IS(a[0], dict_type))
        raisef(&TypeError_type, "'%s' object is not reversible", type_name(a[0]));
    Iter *it = (Iter *)gc_new(&reversed_type, sizeof(Iter));
    it->seq = a[0];
    it->i = obj_len(a[0]) - 1;
    return (Obj *)it;
}

static Obj *bi_import(int n, Obj **a, Obj *kw) {
    if (args_npos(n, kw) < 1 || !IS(a[0], str_type))
        raisef(&TypeError_type, "__import__() argument 1 must be str");
    return import_module(str_intern_obj(a[0]));
}

static void add(const char *name, bfn fn) {
    dict_setc(vm->builtins, name, builtin_new(name, fn, NULL));
}

static void add_type(Type *t) {
    dict_set(vm->builtins, str_intern(t->name), (Obj *)t);
}

void builtins_init(void) {
    add("print", bi_print);
    add("len", bi_len);
    add("repr", bi_repr);
    add("ascii", bi_ascii);
    add("abs", bi_abs);
    add("min", bi_min);
    add("max", bi_max);
    add("sum", bi_sum);
    add("all", bi_all);
    add("any", bi_any);
    add("isinstance", bi_isinstance);
    add("issubclass", bi_issubclass);
    add("id", bi_id);
    add("hash", bi_hash);
    add("iter", bi_iter);
    add("next", bi_next);
    add("getattr", bi_getattr);
    add("setattr", bi_setattr);
    add("delattr", bi_delattr);
    add("hasattr", bi_hasattr);
    add("callable", bi_callable);
    add("chr", bi_chr);
    add("ord", bi_ord);
    add("hex", bi_hex);
    add("oct", bi_oct);
    add("bin", bi_bin);
    add("divmod", bi_divmod);
    add("pow", bi_pow);
    add("round", bi_round);
    add("sorted", bi_sorted);
    add("dir", bi_dir);
    add("globals", bi_globals);
    add("locals", bi_locals);
    add("vars", bi_locals);
    add("input", bi_input);
    add("format", bi_format);
    add("eval", bi_eval);
    add("exec", bi_exec);
    add("__import__", bi_import);
    Type *types[] = {&int_type,          &bool_type,        &float_type,     &str_type,
                     &bytes_type,        &bytearray_type,   &tuple_type,     &list_type,
                     &dict_type,         &set_type,         &frozenset_type, &range_type,
                     &slice_type,        &object_type,      &type_type,      &property_type,
                     &staticmethod_type, &classmethod_type, &super_type,     &enumerate_type,
                     &zip_type,          &map_type,         &filter_type,    &reversed_type};
    type_finish(&calliter_type);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (!types[i]->h.type) type_finish(types[i]);
        add_type(types[i]);
    }
    dict_setc(vm->builtins, "None", None);
    dict_setc(vm->builtins, "True", True);
    dict_setc(vm->builtins, "False", False);
    dict_setc(vm->builtins, "NotImplemented", NotImpl);
    dict_setc(vm->builtins, "Ellipsis", &Ellipsis_obj);
    dict_setc(vm->builtins, "__name__", str_from("builtins"));
}
