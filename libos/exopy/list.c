/* list.c: sequences: list, tuple, range and slice, the index iterator, and a stable merge sort. */
#include "exopy.h"

#include <string.h>

/* ---- helpers ---- */
int64_t seq_index(Obj *idx, int64_t len, const char *what) {
    if (!IS_INT(idx)) {
        if ((TYPE(idx)->flags & TF_HEAP) && type_lookupc(TYPE(idx), "__index__"))
            idx = obj_index(idx);
        else
            raisef(&TypeError_type, "%s indices must be integers or slices, not %s",
                   !strcmp(what, "string index")  ? "string"
                   : !strcmp(what, "tuple index") ? "tuple"
                   : !strcmp(what, "index")       ? "byte"
                                                  : "list",
                   type_name(idx));
    }
    if (!int_fits(idx)) raisef(&IndexError_type, "cannot fit 'int' into an index-sized integer");
    int64_t i = int_val(idx);
    if (i < 0) i += len;
    if (i < 0 || i >= len) raisef(&IndexError_type, "%s out of range", what);
    return i;
}

static int64_t clampi(Obj *o, int64_t dflt) {
    if (o == None || !o) return dflt;
    Obj *i = obj_index(o);
    if (!int_fits(i)) return int_sign(i) < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
    return int_val(i);
}

void slice_indices(Obj *so, int64_t len, int64_t *start, int64_t *stop, int64_t *step, int64_t *n) {
    Slice *s = (Slice *)so;
    int64_t st = clampi(s->step, 1);
    if (st == 0) raisef(&ValueError_type, "slice step cannot be zero");
    int64_t a, b;
    if (st > 0) {
        a = clampi(s->start, 0);
        b = clampi(s->stop, len);
        if (a < 0) a = a + len < 0 ? 0 : a + len;
        if (a > len) a = len;
        if (b < 0) b = b + len < 0 ? 0 : b + len;
        if (b > len) b = len;
        *n = b > a ? (b - a + st - 1) / st : 0;
    } else {
        a = clampi(s->start, len - 1);
        b = s->stop == None ? -1 : clampi(s->stop, -1);
        if (s->start != None && a < 0) a = a + len < 0 ? -1 : a + len;
        if (a >= len) a = len - 1;
        if (s->stop != None && b < 0) b = b + len < 0 ? -1 : b + len;
        if (b >= len) b = len - 1;
        *n = a > b ? (a - b - st - 1) / -st : 0;
    }
    *start = a;
    *stop = b;
    *step = st;
}

/* ---- the sequence iterator (index based) ---- */
static Obj *iter_self(Obj *o) {
    return o;
}

static Obj *seqiter_next(Obj *o) {
    Iter *it = (Iter *)o;
    if (!it->seq) return NULL;
    Obj *s = it->seq;
    if (IS(s, list_type)) {
        List *l = (List *)s;
        if ((size_t)it->i < l->len) return l->items[it->i++];
        it->seq = NULL;
        return NULL;
    }
    if (IS(s, tuple_type)) {
        Tuple *t = (Tuple *)s;
        if ((size_t)it->i < t->len) return t->items[it->i++];
        it->seq = NULL;
        return NULL;
    }
    Obj *v = NULL;
    TRY {
        v = obj_getitem(s, int_from(it->i));
    }
    CATCH(e) {
        if (!ISINST(e, IndexError_type) && !ISINST(e, StopIteration_type)) raise(e);
        v = NULL;
    }
    ENDTRY
    it->i++;
    if (!v) it->seq = NULL;
    return v;
}

Type iter_type = {.name = "iterator", .iter = iter_self, .next = seqiter_next};

Obj *seq_iter_new(Obj *seq) {
    Iter *it = (Iter *)gc_new(&iter_type, sizeof(Iter));
    it->seq = seq;
    return (Obj *)it;
}

static Obj *seq_repr(Obj **items, size_t n, const char *open, const char *close, Obj *self) {
    List *st = (List *)vm->repr_stack;
    for (size_t i = 0; i < st->len; i++)
        if (st->items[i] == self) return str_fmt("%s...%s", open, close);
    list_append(vm->repr_stack, self);
    Buf b;
    buf_init(&b);
    buf_adds(&b, open);
    TRY {
        for (size_t i = 0; i < n; i++) {
            if (i) buf_adds(&b, ", ");
            buf_addobj(&b, obj_repr(items[i]));
        }
    }
    CATCH(e) {
        st->len--;
        raise(e);
    }
    ENDTRY
    st->len--;
    if (n == 1 && !strcmp(open, "(")) buf_addc(&b, ',');
    buf_adds(&b, close);
    return buf_str(&b);
}

static Obj *seq_cmp(Obj **x, size_t xn, Obj **y, size_t yn, int op) {
    size_t n = xn < yn ? xn : yn;
    for (size_t i = 0; i < n; i++) {
        if (x[i] == y[i] || obj_eq(x[i], y[i])) continue;
        if (op == CMP_EQ) return False;
        if (op == CMP_NE) return True;
        return obj_richcmp(x[i], y[i], op);
    }
    int c = xn < yn ? -1 : xn > yn;
    return cmp_result(c, op);
}

/* ---- tuple ---- */
Obj *tuple_new(size_t n) {
    if (n == 0 && vm->empty_tuple) return vm->empty_tuple;
    Tuple *t = (Tuple *)gc_new(&tuple_type, sizeof(Tuple) + n * sizeof(Obj *));
    t->len = n;
    return (Obj *)t;
}

Obj *tuple_pack(int n, ...) {
    Tuple *t = (Tuple *)tuple_new((size_t)n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        t->items[i] = va_arg(ap, Obj *);
    va_end(ap);
    return (Obj *)t;
}

Obj *tuple_from_iter(Obj *o) {
    if (IS(o, tuple_type)) return o;
    List *l = (List *)(IS(o, list_type) ? o : list_from_iter(o));
    Tuple *t = (Tuple *)tuple_new(l->len);
    memcpy(t->items, l->items, l->len * sizeof(Obj *));
    return (Obj *)t;
}

static Obj *tuple_repr(Obj *o) {
    Tuple *t = (Tuple *)o;
    return seq_repr(t->items, t->len, "(", ")", o);
}

static int64_t tuple_hash(Obj *o) {
    Tuple *t = (Tuple *)o;
    uint64_t h = 0x27d4eb2f165667c5ull;
    for (size_t i = 0; i < t->len; i++) {
        h ^= (uint64_t)obj_hash(t->items[i]);
        h *= 0x9e3779b97f4a7c15ull;
        h ^= h >> 29;
    }
    int64_t r = (int64_t)(h >> 2);
    return r == -1 ? -2 : r;
}

static Obj *tuple_richcmp(Obj *a, Obj *b, int op) {
    if (!ISINST(b, tuple_type)) return NotImpl;
    Tuple *x = (Tuple *)a, *y = (Tuple *)b;
    return seq_cmp(x->items, x->len, y->items, y->len, op);
}

static int64_t tuple_len(Obj *o) {
    return (int64_t)((Tuple *)o)->len;
}

static Obj *tuple_getitem(Obj *o, Obj *k) {
    Tuple *t = (Tuple *)o;
    if (IS(k, slice_type)) {
        int64_t start, stop, step, n;
        slice_indices(k, (int64_t)t->len, &start, &stop, &step, &n);
        Tuple *r = (Tuple *)tuple_new((size_t)n);
        for (int64_t i = 0, j = start; i < n; i++, j += step)
            r->items[i] = t->items[j];
        return (Obj *)r;
    }
    return t->items[seq_index(k, (int64_t)t->len, "tuple index")];
}

static int tuple_contains(Obj *o, Obj *k) {
    Tuple *t = (Tuple *)o;
    for (size_t i = 0; i < t->len; i++)
        if (obj_eq(t->items[i], k)) return 1;
    return 0;
}

static Obj *tuple_binop(Obj *self, Obj *other, int op, int reflected) {
    Tuple *t = (Tuple *)self;
    if (op == OP_ADD && !reflected) {
        if (!ISINST(other, tuple_type)) return NotImpl;
        Tuple *u = (Tuple *)other;
        Tuple *r = (Tuple *)tuple_new(t->len + u->len);
        memcpy(r->items, t->items, t->len * sizeof(Obj *));
        memcpy(r->items + t->len, u->items, u->len * sizeof(Obj *));
        return (Obj *)r;
    }
    if (op == OP_MUL && IS_INT(other)) {
        int64_t n = int_val(other);
        if (n <= 0) return tuple_new(0);
        if ((uint64_t)n * t->len > (1u << 28)) raise(vm->memerr);
        Tuple *r = (Tuple *)tuple_new(t->len * (size_t)n);
        for (int64_t i = 0; i < n; i++)
            memcpy(r->items + (size_t)i * t->len, t->items, t->len * sizeof(Obj *));
        return (Obj *)r;
    }
    return NotImpl;
}

static Obj *tuple_iter(Obj *o) {
    return seq_iter_new(o);
}

static Obj *tuple_new_slot(Type *t, int n, Obj **a, Obj *kw) {
    args_nokw("tuple", kw);
    args_count("tuple", n, 0, 1);
    Obj *r = n ? tuple_from_iter(a[0]) : tuple_new(0);
    if (t != &tuple_type) {
        Tuple *src = (Tuple *)r;
        Tuple *o = (Tuple *)gc_new_prefixed(t, sizeof(Tuple) + src->len * sizeof(Obj *));
        o->len = src->len;
        memcpy(o->items, src->items, src->len * sizeof(Obj *));
        return (Obj *)o;
    }
    return r;
}

static Obj *seq_count(Obj **items, size_t n, Obj *v) {
    int64_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += obj_eq(items[i], v);
    return int_from(c);
}

static Obj *seq_find(Obj **items, size_t len, int n, Obj **a, const char *what) {
    int64_t st = n > 2 ? int_val(a[2]) : 0, en = n > 3 ? int_val(a[3]) : (int64_t)len;
    if (st < 0) st = st + (int64_t)len < 0 ? 0 : st + (int64_t)len;
    if (en < 0) en += (int64_t)len;
    if (en > (int64_t)len) en = (int64_t)len;
    for (int64_t i = st; i < en; i++)
        if (obj_eq(items[i], a[1])) return int_from(i);
    raisef(&ValueError_type, "%s", what);
}

static Obj *tuple_m_count(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("count", n - 1, 1, 1);
    Tuple *t = (Tuple *)a[0];
    return seq_count(t->items, t->len, a[1]);
}

static Obj *tuple_m_index(int n, Obj **a, Obj *kw) {
    (void)kw;
    Tuple *t = (Tuple *)a[0];
    return seq_find(t->items, t->len, n, a, "tuple.index(x): x not in tuple");
}

Type tuple_type = {.name = "tuple",
                   .flags = TF_BASE,
                   .size = sizeof(Tuple),
                   .repr = tuple_repr,
                   .hash = tuple_hash,
                   .richcmp = tuple_richcmp,
                   .iter = tuple_iter,
                   .len = tuple_len,
                   .getitem = tuple_getitem,
                   .contains = tuple_contains,
                   .binop = tuple_binop,
                   .new = tuple_new_slot};

/* ---- list ---- */
static Obj *list_alloc(Type *t, size_t n) {
    List *l = (List *)gc_new(t, t == &list_type ? sizeof(List) : t->size);
    l->cap = n < 4 ? 4 : n;
    l->items = gc_alloc(l->cap * sizeof(Obj *), 1);
    l->len = n;
    return (Obj *)l;
}

Obj *list_new(size_t n) {
    return list_alloc(&list_type, n);
}

static void list_grow(List *l, size_t need) {
    if (need <= l->cap) return;
    size_t cap = l->cap * 2 > need ? l->cap * 2 : need;
    if (cap > ((size_t)1 << 28)) raise(vm->memerr);
    l->items = gc_realloc(l->items, l->len * sizeof(Obj *), cap * sizeof(Obj *), 1);
    l->cap = cap;
}

void list_append(Obj *o, Obj *v) {
    List *l = (List *)o;
    list_grow(l, l->len + 1);
    l->items[l->len++] = v;
}

Obj *list_from_iter(Obj *o) {
    Obj *l = list_new(0);
    if (IS(o, list_type) || IS(o, tuple_type)) {
        size_t n = IS(o, list_type) ? ((List *)o)->len : ((Tuple *)o)->len;
        Obj **src = IS(o, list_type) ? ((List *)o)->items : ((Tuple *)o)->items;
        list_grow((List *)l, n);
        memcpy(((List *)l)->items, src, n * sizeof(Obj *));
        ((List *)l)->len = n;
        return l;
    }
    Obj *it = obj_iter(o);
    for (Obj *v; (v = obj_next(it));)
        list_append(l, v);
    return l;
}

static Obj *list_repr(Obj *o) {
    List *l = (List *)o;
    return seq_repr(l->items, l->len, "[", "]", o);
}

static Obj *list_richcmp(Obj *a, Obj *b, int op) {
    if (!ISINST(b, list_type)) return NotImpl;
    List *x = (List *)a, *y = (List *)b;
    return seq_cmp(x->items, x->len, y->items, y->len, op);
}

static int64_t list_len(Obj *o) {
    return (int64_t)((List *)o)->len;
}

static Obj *list_getitem(Obj *o, Obj *k) {
    List *l = (List *)o;
    if (IS(k, slice_type)) {
        int64_t start, stop, step, n;
        slice_indices(k, (int64_t)l->len, &start, &stop, &step, &n);
        List *r = (List *)list_new((size_t)n);
        for (int64_t i = 0, j = start; i < n; i++, j += step)
            r->items[i] = l->items[j];
        return (Obj *)r;
    }
    return l->items[seq_index(k, (int64_t)l->len, "list index")];
}

static void list_delete_range(List *l, size_t at, size_t n) {
    memmove(l->items + at, l->items + at + n, (l->len - at - n) * sizeof(Obj *));
    l->len -= n;
}

static void list_setitem(Obj *o, Obj *k, Obj *v) {
    List *l = (List *)o;
    if (IS(k, slice_type)) {
        int64_t start, stop, step, n;
        slice_indices(k, (int64_t)l->len, &start, &stop, &step, &n);
        if (!v) {
            if (step < 0) {
                start = start + (n - 1) * step;
                step = -step;
            }
            for (int64_t i = n - 1; i >= 0; i--)
                list_delete_range(l, (size_t)(start + i * step), 1);
            return;
        }
        List *src = (List *)list_from_iter(v);
        if (step == 1) {
            if (stop < start) stop = start;
            size_t old = (size_t)(stop - start), nn = src->len;
            list_grow(l, l->len - old + nn);
            memmove(l->items + start + nn, l->items + stop,
                    (l->len - (size_t)stop) * sizeof(Obj *));
            memcpy(l->items + start, src->items, nn * sizeof(Obj *));
            l->len = l->len - old + nn;
            return;
        }
        if ((int64_t)src->len != n)
            raisef(&ValueError_type,
                   "attempt to assign sequence of size %zu to extended slice of size %lld",
                   src->len, (long long)n);
        for (int64_t i = 0, j = start; i < n; i++, j += step)
            l->items[j] = src->items[i];
        return;
    }
    int64_t i =
        seq_index(k, (int64_t)l->len, v ? "list assignment index" : "list assignment index");
    if (v)
        l->items[i] = v;
    else
        list_delete_range(l, (size_t)i, 1);
}

static int list_contains(Obj *o, Obj *k) {
    List *l = (List *)o;
    for (size_t i = 0; i < l->len; i++)
        if (obj_eq(l->items[i], k)) return 1;
    return 0;
}

static Obj *list_binop(Obj *self, Obj *other, int op, int reflected) {
    List *l = (List *)self;
    if (op == OP_ADD && !reflected) {
        if (!ISINST(other, list_type)) return NotImpl;
        List *u = (List *)other;
        List *r = (List *)list_new(l->len + u->len);
        memcpy(r->items, l->items, l->len * sizeof(Obj *));
        memcpy(r->items + l->len, u->items, u->len * sizeof(Obj *));
        return (Obj *)r;
    }
    if (op == OP_MUL && IS_INT(other)) {
        int64_t n = int_val(other);
        if (n <= 0) return list_new(0);
        if ((uint64_t)n * l->len > (1u << 26)) raise(vm->memerr);
        size_t len = l->len;
        List *r = (List *)list_new(len * (size_t)n);
        for (int64_t i = 0; i < n; i++)
            memcpy(r->items + (size_t)i * len, l->items, len * sizeof(Obj *));
        return (Obj *)r;
    }
    return NotImpl;
}

static Obj *list_iter(Obj *o) {
    return seq_iter_new(o);
}

static Obj *list_new_slot(Type *t, int n, Obj **a, Obj *kw) {
    args_nokw("list", kw);
    args_count("list", n, 0, 1);
    Obj *l = list_alloc(t, 0);
    if (n) {
        Obj *src = list_from_iter(a[0]);
        *(List *)l = (List){{t}, ((List *)src)->len, ((List *)src)->cap, ((List *)src)->items};
    }
    return l;
}

#define L ((List *)a[0])

static Obj *lm_append(int n, Obj **a, Obj *kw) {
    args_nokw("append", kw);
    args_count("list.append", n - 1, 1, 1);
    list_append(a[0], a[1]);
    return None;
}

static Obj *lm_extend(int n, Obj **a, Obj *kw) {
    args_nokw("extend", kw);
    args_count("list.extend", n - 1, 1, 1);
    Obj *src = list_from_iter(a[1]);
    for (size_t i = 0; i < ((List *)src)->len; i++)
        list_append(a[0], ((List *)src)->items[i]);
    return None;
}

static Obj *lm_pop(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("pop", n - 1, 0, 1);
    if (!L->len) raisef(&IndexError_type, "pop from empty list");
    int64_t i = n > 1 ? seq_index(a[1], (int64_t)L->len, "pop index") : (int64_t)L->len - 1;
    Obj *v = L->items[i];
    list_delete_range(L, (size_t)i, 1);
    return v;
}

static Obj *lm_insert(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("insert", n - 1, 2, 2);
    int64_t i = int_val(obj_index(a[1])), len = (int64_t)L->len;
    if (i < 0) i = i + len < 0 ? 0 : i + len;
    if (i > len) i = len;
    list_grow(L, L->len + 1);
    memmove(L->items + i + 1, L->items + i, (L->len - (size_t)i) * sizeof(Obj *));
    L->items[i] = a[2];
    L->len++;
    return None;
}

static Obj *lm_remove(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("remove", n - 1, 1, 1);
    for (size_t i = 0; i < L->len; i++)
        if (obj_eq(L->items[i], a[1])) {
            list_delete_range(L, i, 1);
            return None;
        }
    raisef(&ValueError_type, "list.remove(x): x not in list");
}

static Obj *lm_index(int n, Obj **a, Obj *kw) {
    (void)kw;
    Obj *r = NULL;
    TRY {
        r = seq_find(L->items, L->len, n, a, "");
    }
    CATCH(e) {
        if (!ISINST(e, ValueError_type)) raise(e);
        raisef(&ValueError_type, "%s is not in list", str_c(obj_repr(a[1])));
    }
    ENDTRY
    return r;
}

static Obj *lm_count(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("count", n - 1, 1, 1);
    return seq_count(L->items, L->len, a[1]);
}

static Obj *lm_clear(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    L->len = 0;
    return None;
}

static Obj *lm_copy(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return list_from_iter(a[0]);
}

static Obj *lm_reverse(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    for (size_t i = 0, j = L->len; i + 1 < j; i++, j--) {
        Obj *t = L->items[i];
        L->items[i] = L->items[j - 1];
        L->items[j - 1] = t;
    }
    return None;
}

/* Stable merge sort on (key, value) pairs; comparisons go through __lt__ only, as in CPython. */
static void merge_sort(Obj **keys, Obj **vals, Obj **tk, Obj **tv, size_t n) {
    if (n < 2) return;
    if (n <= 8) {
        for (size_t i = 1; i < n; i++) {
            Obj *k = keys[i], *v = vals[i];
            size_t j = i;
            while (j > 0 && obj_cmp(k, keys[j - 1], CMP_LT)) {
                keys[j] = keys[j - 1];
                vals[j] = vals[j - 1];
                j--;
            }
            keys[j] = k;
            vals[j] = v;
        }
        return;
    }
    size_t m = n / 2;
    merge_sort(keys, vals, tk, tv, m);
    merge_sort(keys + m, vals + m, tk, tv, n - m);
    memcpy(tk, keys, m * sizeof(Obj *));
    memcpy(tv, vals, m * sizeof(Obj *));
    size_t i = 0, j = m, o = 0;
    while (i < m && j < n) {
        if (obj_cmp(keys[j], tk[i], CMP_LT)) {
            keys[o] = keys[j];
            vals[o++] = vals[j++];
        } else {
            keys[o] = tk[i];
            vals[o++] = tv[i++];
        }
    }
    while (i < m) {
        keys[o] = tk[i];
        vals[o++] = tv[i++];
    }
}

void list_sort(Obj *o, Obj *key, int reverse) {
    List *l = (List *)o;
    volatile size_t n = l->len;
    Obj **vals = gc_alloc(n * sizeof(Obj *) + 8, 1);
    Obj **keys = gc_alloc(n * sizeof(Obj *) + 8, 1);
    memcpy(vals, l->items, n * sizeof(Obj *));
    for (size_t i = 0; i < n; i++)
        keys[i] = key && key != None ? call1(key, vals[i]) : vals[i];
    if (reverse) {
        /* reverse, sort stably, reverse back: keeps equal elements in original order */
        for (size_t i = 0, j = n; i + 1 < j; i++, j--) {
            Obj *t = keys[i];
            keys[i] = keys[j - 1];
            keys[j - 1] = t;
            t = vals[i];
            vals[i] = vals[j - 1];
            vals[j - 1] = t;
        }
    }
    Obj **tk = gc_alloc(n * sizeof(Obj *) + 8, 1), **tv = gc_alloc(n * sizeof(Obj *) + 8, 1);
    size_t saved = l->len;
    l->len = 0; /* CPython empties the list while sorting */
    TRY {
        merge_sort(keys, vals, tk, tv, n);
    }
    CATCH(e) {
        l->len = saved;
        raise(e);
    }
    ENDTRY
    if (reverse)
        for (size_t i = 0, j = n; i + 1 < j; i++, j--) {
            Obj *t = vals[i];
            vals[i] = vals[j - 1];
            vals[j - 1] = t;
        }
    memcpy(l->items, vals, n * sizeof(Obj *));
    l->len = saved;
}

static Obj *lm_sort(int n, Obj **a, Obj *kw) {
    if (args_npos(n, kw) > 1) raisef(&TypeError_type, "sort() takes no positional arguments");
    Obj *key = args_kw(n, a, kw, "key"), *rev = args_kw(n, a, kw, "reverse");
    list_sort(a[0], key, rev && obj_truth(rev));
    return None;
}

Type list_type = {.name = "list",
                  .flags = TF_BASE | TF_NOHASH,
                  .size = sizeof(List),
                  .repr = list_repr,
                  .richcmp = list_richcmp,
                  .iter = list_iter,
                  .len = list_len,
                  .getitem = list_getitem,
                  .setitem = list_setitem,
                  .contains = list_contains,
                  .binop = list_binop,
                  .new = list_new_slot};

/* ---- range ---- */
/* Bounds within this magnitude keep every int64 computation on them free of overflow. */
#define RANGE_SMALL ((int64_t)1 << 61)

Obj *range_new(int64_t start, int64_t stop, int64_t step) {
    Range *r = (Range *)gc_new(&range_type, sizeof(Range));
    r->start = start;
    r->stop = stop;
    r->step = step;
    if (step > 0)
        r->len = stop > start ? (stop - start + step - 1) / step : 0;
    else
        r->len = start > stop ? (start - stop - step - 1) / -step : 0;
    return (Obj *)r;
}

static int small_int(Obj *o) {
    return int_fits(o) && int_val(o) > -RANGE_SMALL && int_val(o) < RANGE_SMALL;
}

/* A range over ints of any size: the bounds live in r->big as int objects. */
static Obj *range_new_big(Obj *start, Obj *stop, Obj *step) {
    Range *r = (Range *)gc_new(&range_type, sizeof(Range));
    Obj *one = int_from(1);
    Obj *len;
    if (int_sign(step) > 0)
        len = int_cmp(stop, start) > 0 ? int_binop(int_binop(int_binop(stop, start, OP_SUB),
                                                             int_binop(step, one, OP_SUB), OP_ADD),
                                                   step, OP_FLOORDIV)
                                       : int_from(0);
    else
        len = int_cmp(start, stop) > 0
                  ? int_binop(int_binop(int_binop(start, stop, OP_SUB),
                                        int_binop(int_neg(step), one, OP_SUB), OP_ADD),
                              int_neg(step), OP_FLOORDIV)
                  : int_from(0);
    r->big = tuple_pack(4, start, stop, step, len);
    r->len = int_fits(len) ? int_val(len) : -1;
    return (Obj *)r;
}

static Obj *range_make(Obj *start, Obj *stop, Obj *step) {
    if (small_int(start) && small_int(stop) && small_int(step))
        return range_new(int_val(start), int_val(stop), int_val(step));
    return range_new_big(start, stop, step);
}

static Obj *rfield(Range *r, int i) {
    if (r->big) return ((Tuple *)r->big)->items[i];
    return int_from(i == 0 ? r->start : i == 1 ? r->stop : i == 2 ? r->step : r->len);
}

static Obj *range_new_slot(Type *t, int n, Obj **a, Obj *kw) {
    (void)t;
    args_nokw("range", kw);
    args_count("range", n, 1, 3);
    Obj *v[3];
    for (int i = 0; i < n; i++) {
        if (!IS_INT(a[i]) &&
            !((TYPE(a[i])->flags & TF_HEAP) && type_lookupc(TYPE(a[i]), "__index__")))
            raisef(&TypeError_type, "'%s' object cannot be interpreted as an integer",
                   type_name(a[i]));
        v[i] = obj_index(a[i]);
    }
    if (n == 1) return range_make(int_from(0), v[0], int_from(1));
    Obj *step = n == 3 ? v[2] : int_from(1);
    if (!int_sign(step)) raisef(&ValueError_type, "range() arg 3 must not be zero");
    return range_make(v[0], v[1], step);
}

static Obj *range_repr(Obj *o) {
    Range *r = (Range *)o;
    Obj *step = rfield(r, 2);
    if (int_cmp(step, int_from(1)) == 0)
        return str_fmt("range(%s, %s)", str_c(obj_repr(rfield(r, 0))),
                       str_c(obj_repr(rfield(r, 1))));
    return str_fmt("range(%s, %s, %s)", str_c(obj_repr(rfield(r, 0))),
                   str_c(obj_repr(rfield(r, 1))), str_c(obj_repr(step)));
}

static int64_t range_len(Obj *o) {
    Range *r = (Range *)o;
    if (r->len < 0) raisef(&OverflowError_type, "Python int too large to convert to C ssize_t");
    return r->len;
}

static int range_truth(Obj *o) {
    Range *r = (Range *)o;
    return r->len != 0;
}

static Obj *range_getitem(Obj *o, Obj *k) {
    Range *r = (Range *)o;
    if (IS(k, slice_type)) {
        int64_t start, stop, step, n;
        slice_indices(k, range_len(o), &start, &stop, &step, &n);
        (void)n;
        Obj *st = rfield(r, 0), *sp = rfield(r, 2);
        return range_make(int_binop(st, int_binop(int_from(start), sp, OP_MUL), OP_ADD),
                          int_binop(st, int_binop(int_from(stop), sp, OP_MUL), OP_ADD),
                          int_binop(int_from(step), sp, OP_MUL));
    }
    if (!r->big) {
        int64_t i = seq_index(k, r->len, "range object index");
        return int_from(r->start + i * r->step);
    }
    if (!IS_INT(k)) k = obj_index(k);
    Obj *len = rfield(r, 3);
    Obj *i = int_sign(k) < 0 ? int_binop(k, len, OP_ADD) : k;
    if (int_sign(i) < 0 || int_cmp(i, len) >= 0)
        raisef(&IndexError_type, "range object index out of range");
    return int_binop(rfield(r, 0), int_binop(i, rfield(r, 2), OP_MUL), OP_ADD);
}

static Obj *range_iter_next(Obj *o) {
    Iter *it = (Iter *)o;
    Range *r = (Range *)it->seq;
    if (r->big) {
        /* a: the next value, b: how many are left */
        if (int_sign(it->b) <= 0) return NULL;
        Obj *v = it->a;
        it->a = int_binop(v, rfield(r, 2), OP_ADD);
        it->b = int_binop(it->b, int_from(1), OP_SUB);
        return v;
    }
    if (it->i >= it->n) return NULL;
    return int_from(r->start + (it->i++) * r->step);
}

Type range_iter_type = {.name = "range_iterator", .iter = iter_self, .next = range_iter_next};

static Obj *range_iter(Obj *o) {
    Iter *it = (Iter *)gc_new(&range_iter_type, sizeof(Iter));
    Range *r = (Range *)o;
    it->seq = o;
    it->n = r->len;
    if (r->big) {
        it->a = rfield(r, 0);
        it->b = rfield(r, 3);
    }
    return (Obj *)it;
}

static int range_contains(Obj *o, Obj *k) {
    Range *r = (Range *)o;
    if (!IS_INT(k)) {
        Obj *it = range_iter(o);
        for (Obj *v; (v = obj_next(it));)
            if (obj_eq(v, k)) return 1;
        return 0;
    }
    if (!r->big && int_fits(k)) {
        int64_t v = int_val(k);
        if (r->step > 0 ? (v < r->start || v >= r->stop) : (v > r->start || v <= r->stop)) return 0;
        return (v - r->start) % r->step == 0;
    }
    Obj *start = rfield(r, 0), *stop = rfield(r, 1), *step = rfield(r, 2);
    if (int_sign(step) > 0 ? (int_cmp(k, start) < 0 || int_cmp(k, stop) >= 0)
                           : (int_cmp(k, start) > 0 || int_cmp(k, stop) <= 0))
        return 0;
    return int_sign(int_binop(int_binop(k, start, OP_SUB), step, OP_MOD)) == 0;
}

static Obj *range_richcmp(Obj *a, Obj *b, int op) {
    if (!IS(b, range_type) || (op != CMP_EQ && op != CMP_NE)) return NotImpl;
    Range *x = (Range *)a, *y = (Range *)b;
    Obj *xl = rfield(x, 3), *yl = rfield(y, 3);
    int eq = int_cmp(xl, yl) == 0 &&
             (!int_sign(xl) ||
              (int_cmp(rfield(x, 0), rfield(y, 0)) == 0 &&
               (int_cmp(xl, int_from(1)) == 0 || int_cmp(rfield(x, 2), rfield(y, 2)) == 0)));
    return BOOL(op == CMP_EQ ? eq : !eq);
}

static Obj *range_getattr(Obj *o, Obj *name) {
    Range *r = (Range *)o;
    if (str_eqc(name, "start")) return rfield(r, 0);
    if (str_eqc(name, "stop")) return rfield(r, 1);
    if (str_eqc(name, "step")) return rfield(r, 2);
    return generic_getattr(o, name);
}

static Obj *range_m_index(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Range *r = (Range *)a[0];
    if (!range_contains(a[0], a[1]))
        raisef(&ValueError_type, "%s is not in range", str_c(obj_repr(a[1])));
    return int_binop(int_binop(a[1], rfield(r, 0), OP_SUB), rfield(r, 2), OP_FLOORDIV);
}

static Obj *range_m_count(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return int_from(range_contains(a[0], a[1]));
}

static int64_t range_hash(Obj *o) {
    Range *r = (Range *)o;
    return obj_hash(tuple_pack(3, rfield(r, 3), rfield(r, 0), rfield(r, 2)));
}

Type range_type = {.name = "range",
                   .repr = range_repr,
                   .hash = range_hash,
                   .richcmp = range_richcmp,
                   .getattr = range_getattr,
                   .iter = range_iter,
                   .len = range_len,
                   .truth = range_truth,
                   .getitem = range_getitem,
                   .contains = range_contains,
                   .new = range_new_slot};

/* ---- slice ---- */
Obj *slice_new(Obj *a, Obj *b, Obj *c) {
    Slice *s = (Slice *)gc_new(&slice_type, sizeof(Slice));
    s->start = a;
    s->stop = b;
    s->step = c;
    return (Obj *)s;
}

static Obj *slice_new_slot(Type *t, int n, Obj **a, Obj *kw) {
    (void)t;
    args_nokw("slice", kw);
    args_count("slice", n, 1, 3);
    if (n == 1) return slice_new(None, a[0], None);
    return slice_new(a[0], a[1], n == 3 ? a[2] : None);
}

static Obj *slice_repr(Obj *o) {
    Slice *s = (Slice *)o;
    return str_fmt("slice(%s, %s, %s)", str_c(obj_repr(s->start)), str_c(obj_repr(s->stop)),
                   str_c(obj_repr(s->step)));
}

static Obj *slice_getattr(Obj *o, Obj *name) {
    Slice *s = (Slice *)o;
    if (str_eqc(name, "start")) return s->start;
    if (str_eqc(name, "stop")) return s->stop;
    if (str_eqc(name, "step")) return s->step;
    return generic_getattr(o, name);
}

static Obj *slice_m_indices(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    int64_t start, stop, step, cnt;
    slice_indices(a[0], int_val(a[1]), &start, &stop, &step, &cnt);
    return tuple_pack(3, int_from(start), int_from(stop), int_from(step));
}

static Obj *slice_richcmp(Obj *a, Obj *b, int op) {
    if (!IS(b, slice_type)) return NotImpl;
    Slice *x = (Slice *)a, *y = (Slice *)b;
    Obj *tx = tuple_pack(3, x->start, x->stop, x->step);
    Obj *ty = tuple_pack(3, y->start, y->stop, y->step);
    return obj_richcmp(tx, ty, op);
}

Type slice_type = {.name = "slice",
                   .repr = slice_repr,
                   .richcmp = slice_richcmp,
                   .getattr = slice_getattr,
                   .new = slice_new_slot};

void list_init(void) {
    type_finish(&tuple_type);
    type_finish(&list_type);
    type_finish(&range_type);
    type_finish(&slice_type);
    type_finish(&iter_type);
    type_finish(&range_iter_type);
    vm->empty_tuple = tuple_new(0);
    vm->repr_stack = list_new(0);
    type_add_method(&tuple_type, "count", tuple_m_count);
    type_add_method(&tuple_type, "index", tuple_m_index);
    type_add_method(&list_type, "append", lm_append);
    type_add_method(&list_type, "extend", lm_extend);
    type_add_method(&list_type, "pop", lm_pop);
    type_add_method(&list_type, "insert", lm_insert);
    type_add_method(&list_type, "remove", lm_remove);
    type_add_method(&list_type, "index", lm_index);
    type_add_method(&list_type, "count", lm_count);
    type_add_method(&list_type, "clear", lm_clear);
    type_add_method(&list_type, "copy", lm_copy);
    type_add_method(&list_type, "reverse", lm_reverse);
    type_add_method(&list_type, "sort", lm_sort);
    type_add_method(&range_type, "index", range_m_index);
    type_add_method(&range_type, "count", range_m_count);
    type_add_method(&slice_type, "indices", slice_m_indices);
}
