/* dict.c: hash tables: dict (insertion ordered), set and frozenset, sharing one implementation
 * (an entries array in insertion order plus an open-addressing index over it). */
#include "exopy.h"

#include <string.h>

#define EMPTY   (-1)
#define DELETED (-2)

/* Marks every index slot EMPTY (all ones) a word at a time: the target's memset is a byte loop,
 * and each new dict (every instance has one) fills 64 bytes. isize is a power of two of at least
 * 16, so the index is whole words; the empty asm keeps the loop from becoming a memset call. */
static void index_clear(Dict *d) {
    uint64_t *w = (uint64_t *)d->index, *end = w + d->isize / 2;
    while (w < end) {
        *w++ = ~(uint64_t)0;
        __asm__("" : : "r"(w) : "memory");
    }
}

static void table_init(Dict *d) {
    d->cap = 8;
    d->isize = 16;
    d->ent = gc_alloc(d->cap * sizeof(Entry), 1);
    d->index = gc_alloc(d->isize * sizeof(int32_t), 0);
    index_clear(d);
}

static int key_eq(Obj *a, Obj *b) {
    if (a == b) return 1;
    if (IS(a, str_type) && IS(b, str_type)) return str_eq(a, b);
    return obj_eq(a, b);
}

/* Index slot for key: the slot holding it, or (if absent) -1 and *free set to an empty slot. */
static int64_t lookup(Dict *d, Obj *k, int64_t h, size_t *free_slot) {
    size_t mask = d->isize - 1, i = (size_t)h & mask;
    size_t perturb = (size_t)h;
    int have_free = 0;
    for (;;) {
        int32_t ix = d->index[i];
        if (ix == EMPTY) {
            if (free_slot) *free_slot = have_free ? *free_slot : i;
            return -1;
        }
        if (ix == DELETED) {
            if (!have_free && free_slot) {
                *free_slot = i;
                have_free = 1;
            }
        } else {
            Entry *e = &d->ent[ix];
            if (e->key == k || (e->hash == h && key_eq(e->key, k))) return (int64_t)i;
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

static void rebuild(Dict *d, size_t need) {
    size_t cap = 8;
    while (cap < need * 2)
        cap *= 2;
    Entry *old = d->ent;
    size_t n = d->nent;
    d->ent = gc_alloc(cap * sizeof(Entry), 1);
    d->cap = cap;
    d->isize = cap * 2;
    d->index = gc_alloc(d->isize * sizeof(int32_t), 0);
    index_clear(d);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (!old[i].key) continue;
        d->ent[j] = old[i];
        size_t mask = d->isize - 1, s = (size_t)old[i].hash & mask, perturb = (size_t)old[i].hash;
        while (d->index[s] != EMPTY) {
            perturb >>= 5;
            s = (s * 5 + perturb + 1) & mask;
        }
        d->index[s] = (int32_t)j++;
    }
    d->nent = j;
    d->used = j;
}

Obj *dict_new(void) {
    Dict *d = (Dict *)gc_new(&dict_type, sizeof(Dict));
    table_init(d);
    return (Obj *)d;
}

static Obj *table_get(Dict *d, Obj *k) {
    int64_t h = obj_hash(k);
    int64_t s = lookup(d, k, h, NULL);
    return s < 0 ? NULL : d->ent[d->index[s]].value;
}

Obj *dict_get(Obj *o, Obj *k) {
    return table_get((Dict *)o, k);
}

Obj *dict_getc(Obj *d, const char *k) {
    return dict_get(d, str_from(k));
}

static void table_set(Dict *d, Obj *k, Obj *v) {
    int64_t h = obj_hash(k);
    size_t free_slot = 0;
    int64_t s = lookup(d, k, h, &free_slot);
    if (s >= 0) {
        d->ent[d->index[s]].value = v;
        return;
    }
    if (d->nent >= d->cap) {
        rebuild(d, d->used + 1);
        lookup(d, k, h, &free_slot);
    }
    Entry *e = &d->ent[d->nent];
    e->key = k;
    e->value = v;
    e->hash = h;
    d->index[free_slot] = (int32_t)d->nent++;
    d->used++;
}

void dict_set(Obj *d, Obj *k, Obj *v) {
    table_set((Dict *)d, k, v);
}

void dict_setc(Obj *d, const char *k, Obj *v) {
    dict_set(d, str_intern(k), v);
}

int dict_del(Obj *o, Obj *k) {
    Dict *d = (Dict *)o;
    int64_t s = lookup(d, k, obj_hash(k), NULL);
    if (s < 0) return 0;
    Entry *e = &d->ent[d->index[s]];
    e->key = NULL;
    e->value = NULL;
    d->index[s] = DELETED;
    d->used--;
    return 1;
}

int dict_next(Obj *o, size_t *pos, Obj **k, Obj **v) {
    Dict *d = (Dict *)o;
    while (*pos < d->nent) {
        Entry *e = &d->ent[(*pos)++];
        if (e->key) {
            *k = e->key;
            if (v) *v = e->value;
            return 1;
        }
    }
    return 0;
}

void dict_update(Obj *d, Obj *other) {
    if (ISINST(other, dict_type)) {
        size_t pos = 0;
        Obj *k, *v;
        while (dict_next(other, &pos, &k, &v))
            dict_set(d, k, v);
        return;
    }
    Obj *keys = obj_getattr_opt(other, str_intern("keys"));
    if (keys) {
        Obj *it = obj_iter(call0(keys));
        for (Obj *k; (k = obj_next(it));)
            dict_set(d, k, obj_getitem(other, k));
        return;
    }
    Obj *it = obj_iter(other);
    size_t i = 0;
    for (Obj *p; (p = obj_next(it)); i++) {
        Obj *l = list_from_iter(p);
        if (((List *)l)->len != 2)
            raisef(&ValueError_type,
                   "dictionary update sequence element #%zu has length %zu; 2 is required", i,
                   ((List *)l)->len);
        dict_set(d, ((List *)l)->items[0], ((List *)l)->items[1]);
    }
}

/* ---- dict slots ---- */
static Obj *dict_repr(Obj *o) {
    Dict *d = (Dict *)o;
    List *st = (List *)vm->repr_stack;
    for (size_t i = 0; i < st->len; i++)
        if (st->items[i] == o) return str_from("{...}");
    list_append(vm->repr_stack, o);
    Buf b;
    buf_init(&b);
    buf_addc(&b, '{');
    size_t pos = 0, i = 0;
    Obj *k, *v;
    TRY {
        while (dict_next(o, &pos, &k, &v)) {
            if (i++) buf_adds(&b, ", ");
            buf_addobj(&b, obj_repr(k));
            buf_adds(&b, ": ");
            buf_addobj(&b, obj_repr(v));
        }
    }
    CATCH(e) {
        st->len--;
        raise(e);
    }
    ENDTRY
    st->len--;
    (void)d;
    buf_addc(&b, '}');
    return buf_str(&b);
}

static Obj *dict_richcmp(Obj *a, Obj *b, int op) {
    if (!ISINST(b, dict_type) || (op != CMP_EQ && op != CMP_NE)) return NotImpl;
    Dict *x = (Dict *)a, *y = (Dict *)b;
    int eq = x->used == y->used;
    size_t pos = 0;
    Obj *k, *v;
    while (eq && dict_next(a, &pos, &k, &v)) {
        Obj *w = dict_get(b, k);
        eq = w && obj_eq(v, w);
    }
    return BOOL(op == CMP_EQ ? eq : !eq);
}

static int64_t dict_len(Obj *o) {
    return (int64_t)((Dict *)o)->used;
}

static Obj *dict_getitem(Obj *o, Obj *k) {
    Obj *v = dict_get(o, k);
    if (v) return v;
    if (TYPE(o)->flags & TF_HEAP) {
        Obj *m = type_lookupc(TYPE(o), "__missing__");
        if (m) return call2(m, o, k);
    }
    raise_type(&KeyError_type, k);
}

static void dict_setitem(Obj *o, Obj *k, Obj *v) {
    if (v)
        dict_set(o, k, v);
    else if (!dict_del(o, k))
        raise_type(&KeyError_type, k);
}

static int dict_contains(Obj *o, Obj *k) {
    return dict_get(o, k) != NULL;
}

/* Iterators over keys, values or items; they notice size changes as CPython does. */
typedef struct {
    Obj h;
    Obj *d;
    size_t pos, used;
    int kind; /* 0 keys, 1 values, 2 items */
} DictIter;

static Obj *iter_self(Obj *o) {
    return o;
}

static Obj *dictiter_next(Obj *o) {
    DictIter *it = (DictIter *)o;
    Dict *d = (Dict *)it->d;
    if (d->used != it->used)
        raisef(&RuntimeError_type, ISINST(it->d, dict_type)
                                       ? "dictionary changed size during iteration"
                                       : "Set changed size during iteration");
    Obj *k, *v;
    if (!dict_next(it->d, &it->pos, &k, &v)) return NULL;
    return it->kind == 0 ? k : it->kind == 1 ? v : tuple_pack(2, k, v);
}

Type dictiter_type = {.name = "dict_keyiterator", .iter = iter_self, .next = dictiter_next};

static Obj *dictiter_new(Obj *d, int kind) {
    DictIter *it = (DictIter *)gc_new(&dictiter_type, sizeof(DictIter));
    it->d = d;
    it->kind = kind;
    it->used = ((Dict *)d)->used;
    return (Obj *)it;
}

static Obj *dict_iter(Obj *o) {
    return dictiter_new(o, 0);
}

/* views: keys(), values(), items() */
typedef struct {
    Obj h;
    Obj *d;
    int kind;
} DictView;

static Obj *view_iter(Obj *o) {
    return dictiter_new(((DictView *)o)->d, ((DictView *)o)->kind);
}

static int64_t view_len(Obj *o) {
    return (int64_t)((Dict *)((DictView *)o)->d)->used;
}

static int view_contains(Obj *o, Obj *k) {
    DictView *v = (DictView *)o;
    if (v->kind == 0) return dict_get(v->d, k) != NULL;
    Obj *it = view_iter(o);
    for (Obj *x; (x = obj_next(it));)
        if (obj_eq(x, k)) return 1;
    return 0;
}

static Obj *view_repr(Obj *o) {
    DictView *v = (DictView *)o;
    static const char *names[] = {"dict_keys", "dict_values", "dict_items"};
    return str_fmt("%s(%s)", names[v->kind], str_c(obj_repr(list_from_iter(o))));
}

static Obj *view_binop(Obj *self, Obj *other, int op, int reflected) {
    if (((DictView *)self)->kind == 1) return NotImpl;
    Obj *a = set_new(&set_type), *b;
    Obj *it = obj_iter(self);
    for (Obj *x; (x = obj_next(it));)
        set_add(a, x);
    b = set_new(&set_type);
    it = obj_iter(other);
    for (Obj *x; (x = obj_next(it));)
        set_add(b, x);
    return reflected ? obj_binop(b, a, op) : obj_binop(a, b, op);
}

static Obj *view_richcmp(Obj *a, Obj *b, int op) {
    if (((DictView *)a)->kind == 1) return NotImpl;
    Obj *x = set_new(&set_type), *y = set_new(&set_type);
    Obj *it = obj_iter(a);
    for (Obj *v; (v = obj_next(it));)
        set_add(x, v);
    if (!IS(b, set_type) && !IS(b, frozenset_type) && TYPE(b) != TYPE(a)) return NotImpl;
    it = obj_iter(b);
    for (Obj *v; (v = obj_next(it));)
        set_add(y, v);
    return obj_richcmp(x, y, op);
}

Type dictview_type = {.name = "dict_view",
                      .repr = view_repr,
                      .richcmp = view_richcmp,
                      .iter = view_iter,
                      .len = view_len,
                      .contains = view_contains,
                      .binop = view_binop};

static Obj *view_new(Obj *d, int kind) {
    DictView *v = (DictView *)gc_new(&dictview_type, sizeof(DictView));
    v->d = d;
    v->kind = kind;
    return (Obj *)v;
}

static Obj *dict_new_slot(Type *t, int n, Obj **a, Obj *kw) {
    Dict *d = (Dict *)gc_new(t, t == &dict_type ? sizeof(Dict) : t->size);
    table_init(d);
    int np = args_npos(n, kw);
    if (np > 1) raisef(&TypeError_type, "dict expected at most 1 argument, got %d", np);
    if (np == 1) dict_update((Obj *)d, a[0]);
    for (int i = np; i < n; i++)
        dict_set((Obj *)d, ((Tuple *)kw)->items[i - np], a[i]);
    return (Obj *)d;
}

static Obj *dict_binop(Obj *self, Obj *other, int op, int reflected) {
    if (op != OP_OR || !ISINST(other, dict_type)) return NotImpl;
    Obj *a = reflected ? other : self, *b = reflected ? self : other;
    Obj *r = dict_new();
    dict_update(r, a);
    dict_update(r, b);
    return r;
}

#define D a[0]

static Obj *dm_keys(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return view_new(D, 0);
}

static Obj *dm_values(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return view_new(D, 1);
}

static Obj *dm_items(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return view_new(D, 2);
}

static Obj *dm_get(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("get", n - 1, 1, 2);
    Obj *v = dict_get(D, a[1]);
    return v ? v : n > 2 ? a[2] : None;
}

static Obj *dm_setdefault(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("setdefault", n - 1, 1, 2);
    Obj *v = dict_get(D, a[1]);
    if (v) return v;
    v = n > 2 ? a[2] : None;
    dict_set(D, a[1], v);
    return v;
}

static Obj *dm_pop(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("pop", n - 1, 1, 2);
    Obj *v = dict_get(D, a[1]);
    if (v) {
        dict_del(D, a[1]);
        return v;
    }
    if (n > 2) return a[2];
    raise_type(&KeyError_type, a[1]);
}

static Obj *dm_popitem(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Dict *d = (Dict *)D;
    for (size_t i = d->nent; i-- > 0;) {
        if (d->ent[i].key) {
            Obj *k = d->ent[i].key, *v = d->ent[i].value;
            dict_del(D, k);
            return tuple_pack(2, k, v);
        }
    }
    raisef(&KeyError_type, "popitem(): dictionary is empty");
}

static Obj *dm_update(int n, Obj **a, Obj *kw) {
    int np = args_npos(n, kw);
    if (np > 1) dict_update(D, a[1]);
    for (int i = np; i < n; i++)
        dict_set(D, ((Tuple *)kw)->items[i - np], a[i]);
    return None;
}

static Obj *dm_clear(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Dict *d = (Dict *)D;
    table_init(d);
    d->used = d->nent = 0;
    return None;
}

static Obj *dm_copy(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Obj *r = dict_new();
    dict_update(r, D);
    return r;
}

static Obj *dm_fromkeys(int n, Obj **a, Obj *kw) {
    (void)kw;
    Obj *r = dict_new();
    Obj *it = obj_iter(a[1]);
    for (Obj *k; (k = obj_next(it));)
        dict_set(r, k, n > 2 ? a[2] : None);
    return r;
}

static Obj *dict_reversed(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Obj *l = list_from_iter(D);
    call_method(l, "reverse", 0, NULL);
    return obj_iter(l);
}

Type dict_type = {.name = "dict",
                  .flags = TF_BASE | TF_NOHASH,
                  .size = sizeof(Dict),
                  .repr = dict_repr,
                  .richcmp = dict_richcmp,
                  .iter = dict_iter,
                  .len = dict_len,
                  .getitem = dict_getitem,
                  .setitem = dict_setitem,
                  .contains = dict_contains,
                  .binop = dict_binop,
                  .new = dict_new_slot};

/* ---- set and frozenset ---- */
Obj *set_new(Type *t) {
    Dict *d = (Dict *)gc_new(t, sizeof(Dict));
    table_init(d);
    return (Obj *)d;
}

void set_add(Obj *s, Obj *k) {
    table_set((Dict *)s, k, True);
}

int set_has(Obj *s, Obj *k) {
    return table_get((Dict *)s, k) != NULL;
}

static Obj *set_from(Type *t, Obj *src) {
    Obj *s = set_new(t);
    Obj *it = obj_iter(src);
    for (Obj *v; (v = obj_next(it));)
        set_add(s, v);
    return s;
}

static int is_set(Obj *o) {
    return ISINST(o, set_type) || ISINST(o, frozenset_type);
}

/* Elements in table-slot order, which is how CPython iterates small-int sets. */
static Obj *set_repr(Obj *o) {
    Dict *d = (Dict *)o;
    const char *name = type_name(o);
    if (!d->used) return str_fmt("%s()", name);
    List *st = (List *)vm->repr_stack;
    for (size_t i = 0; i < st->len; i++)
        if (st->items[i] == o) return str_fmt("%s(...)", name);
    list_append(vm->repr_stack, o);
    Buf b;
    buf_init(&b);
    int plain = IS(o, set_type);
    if (!plain) buf_printf(&b, "%s(", name);
    buf_addc(&b, '{');
    Obj *it = obj_iter(o);
    size_t i = 0;
    TRY {
        for (Obj *v; (v = obj_next(it)); i++) {
            if (i) buf_adds(&b, ", ");
            buf_addobj(&b, obj_repr(v));
        }
    }
    CATCH(e) {
        st->len--;
        raise(e);
    }
    ENDTRY
    st->len--;
    buf_addc(&b, '}');
    if (!plain) buf_addc(&b, ')');
    return buf_str(&b);
}

static int subset(Obj *a, Obj *b) {
    if (((Dict *)a)->used > ((Dict *)b)->used) return 0;
    size_t pos = 0;
    Obj *k;
    while (dict_next(a, &pos, &k, NULL))
        if (!set_has(b, k)) return 0;
    return 1;
}

static Obj *set_richcmp(Obj *a, Obj *b, int op) {
    if (!is_set(b)) return NotImpl;
    size_t na = ((Dict *)a)->used, nb = ((Dict *)b)->used;
    switch (op) {
    case CMP_EQ:
        return BOOL(na == nb && subset(a, b));
    case CMP_NE:
        return BOOL(!(na == nb && subset(a, b)));
    case CMP_LE:
        return BOOL(subset(a, b));
    case CMP_LT:
        return BOOL(na < nb && subset(a, b));
    case CMP_GE:
        return BOOL(subset(b, a));
    default:
        return BOOL(na > nb && subset(b, a));
    }
}

/* Iterate in hash-slot order: for small ints this matches CPython's visible order. */
typedef struct {
    Obj h;
    Obj *s;
    Obj *order; /* List snapshot */
    size_t i, used;
} SetIter;

static int64_t slot_of(Obj *k) {
    return obj_hash(k);
}

static Obj *setiter_next(Obj *o) {
    SetIter *it = (SetIter *)o;
    if (((Dict *)it->s)->used != it->used)
        raisef(&RuntimeError_type, "Set changed size during iteration");
    List *l = (List *)it->order;
    if (it->i >= l->len) return NULL;
    return l->items[it->i++];
}

Type setiter_type = {.name = "set_iterator", .iter = iter_self, .next = setiter_next};

static Obj *set_iter(Obj *o) {
    Dict *d = (Dict *)o;
    SetIter *it = (SetIter *)gc_new(&setiter_type, sizeof(SetIter));
    it->s = o;
    it->used = d->used;
    /* order by (hash mod table size) like an open-addressing set of CPython's size; ties keep
     * insertion order */
    size_t tsize = 8;
    while (tsize * 3 < d->used * 5)
        tsize *= 4;
    Obj *l = list_new(0);
    size_t pos = 0;
    Obj *k;
    while (dict_next(o, &pos, &k, NULL))
        list_append(l, k);
    List *ll = (List *)l;
    int64_t *keys = gc_alloc(ll->len * sizeof(int64_t) + 8, 0);
    for (size_t i = 0; i < ll->len; i++)
        keys[i] = (int64_t)((uint64_t)slot_of(ll->items[i]) & (tsize - 1));
    for (size_t i = 1; i < ll->len; i++) {
        Obj *v = ll->items[i];
        int64_t kk = keys[i];
        size_t j = i;
        while (j > 0 && keys[j - 1] > kk) {
            keys[j] = keys[j - 1];
            ll->items[j] = ll->items[j - 1];
            j--;
        }
        keys[j] = kk;
        ll->items[j] = v;
    }
    it->order = l;
    return (Obj *)it;
}

static int64_t set_len(Obj *o) {
    return (int64_t)((Dict *)o)->used;
}

static int set_contains(Obj *o, Obj *k) {
    if (IS(k, set_type)) k = set_from(&frozenset_type, k);
    return set_has(o, k);
}

static Obj *set_binop(Obj *self, Obj *other, int op, int reflected) {
    if (!is_set(other)) return NotImpl;
    Obj *a = reflected ? other : self, *b = reflected ? self : other;
    Type *t = TYPE(a) == &frozenset_type ? &frozenset_type : &set_type;
    Obj *r = set_new(t);
    size_t pos = 0;
    Obj *k;
    switch (op) {
    case OP_OR:
        while (dict_next(a, &pos, &k, NULL))
            set_add(r, k);
        pos = 0;
        while (dict_next(b, &pos, &k, NULL))
            set_add(r, k);
        return r;
    case OP_AND:
        while (dict_next(a, &pos, &k, NULL))
            if (set_has(b, k)) set_add(r, k);
        return r;
    case OP_SUB:
        while (dict_next(a, &pos, &k, NULL))
            if (!set_has(b, k)) set_add(r, k);
        return r;
    case OP_XOR:
        while (dict_next(a, &pos, &k, NULL))
            if (!set_has(b, k)) set_add(r, k);
        pos = 0;
        while (dict_next(b, &pos, &k, NULL))
            if (!set_has(a, k)) set_add(r, k);
        return r;
    default:
        return NotImpl;
    }
}

static Obj *set_new_slot(Type *t, int n, Obj **a, Obj *kw) {
    args_nokw(t->name, kw);
    args_count(t->name, n, 0, 1);
    return n ? set_from(t, a[0]) : set_new(t);
}

static int64_t frozenset_hash(Obj *o) {
    uint64_t h = 0x1f2e3d4c;
    size_t pos = 0;
    Obj *k;
    while (dict_next(o, &pos, &k, NULL))
        h ^= (uint64_t)obj_hash(k) * 0x9e3779b97f4a7c15ull;
    int64_t r = (int64_t)(h >> 2);
    return r == -1 ? -2 : r;
}

static Obj *sm_add(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("add", n - 1, 1, 1);
    set_add(a[0], a[1]);
    return None;
}

static Obj *sm_remove(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("remove", n - 1, 1, 1);
    if (!dict_del(a[0], a[1])) raise_type(&KeyError_type, a[1]);
    return None;
}

static Obj *sm_discard(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("discard", n - 1, 1, 1);
    dict_del(a[0], a[1]);
    return None;
}

static Obj *sm_pop(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Obj *it = set_iter(a[0]);
    Obj *k = obj_next(it);
    if (!k) raisef(&KeyError_type, "pop from an empty set");
    dict_del(a[0], k);
    return k;
}

static Obj *sm_clear(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Dict *d = (Dict *)a[0];
    table_init(d);
    d->used = d->nent = 0;
    return None;
}

static Obj *sm_copy(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return set_from(TYPE(a[0]), a[0]);
}

static Obj *multi_op(int n, Obj **a, int op) {
    Obj *r = set_from(TYPE(a[0]), a[0]);
    for (int i = 1; i < n; i++)
        r = set_binop(r, set_from(&set_type, a[i]), op, 0);
    if (IS(a[0], frozenset_type)) r->type = &frozenset_type;
    return r;
}

static Obj *sm_union(int n, Obj **a, Obj *kw) {
    (void)kw;
    return multi_op(n, a, OP_OR);
}

static Obj *sm_intersection(int n, Obj **a, Obj *kw) {
    (void)kw;
    return multi_op(n, a, OP_AND);
}

static Obj *sm_difference(int n, Obj **a, Obj *kw) {
    (void)kw;
    return multi_op(n, a, OP_SUB);
}

static Obj *sm_symdiff(int n, Obj **a, Obj *kw) {
    (void)kw;
    return multi_op(n, a, OP_XOR);
}

static void set_assign(Obj *dst, Obj *src) {
    Dict *d = (Dict *)dst, *s = (Dict *)src;
    Type *t = d->h.type;
    *d = *s;
    d->h.type = t;
}

static Obj *sm_update(int n, Obj **a, Obj *kw) {
    (void)kw;
    for (int i = 1; i < n; i++) {
        Obj *it = obj_iter(a[i]);
        for (Obj *v; (v = obj_next(it));)
            set_add(a[0], v);
    }
    return None;
}

static Obj *sm_intersection_update(int n, Obj **a, Obj *kw) {
    (void)kw;
    set_assign(a[0], multi_op(n, a, OP_AND));
    return None;
}

static Obj *sm_difference_update(int n, Obj **a, Obj *kw) {
    (void)kw;
    set_assign(a[0], multi_op(n, a, OP_SUB));
    return None;
}

static Obj *sm_symdiff_update(int n, Obj **a, Obj *kw) {
    (void)kw;
    set_assign(a[0], multi_op(n, a, OP_XOR));
    return None;
}

static Obj *sm_issubset(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return BOOL(subset(a[0], set_from(&set_type, a[1])));
}

static Obj *sm_issuperset(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return BOOL(subset(set_from(&set_type, a[1]), a[0]));
}

static Obj *sm_isdisjoint(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Obj *it = obj_iter(a[1]);
    for (Obj *v; (v = obj_next(it));)
        if (set_has(a[0], v)) return False;
    return True;
}

Type set_type = {.name = "set",
                 .flags = TF_BASE | TF_NOHASH,
                 .size = sizeof(Dict),
                 .repr = set_repr,
                 .richcmp = set_richcmp,
                 .iter = set_iter,
                 .len = set_len,
                 .contains = set_contains,
                 .binop = set_binop,
                 .new = set_new_slot};

Type frozenset_type = {.name = "frozenset",
                       .flags = TF_BASE,
                       .size = sizeof(Dict),
                       .repr = set_repr,
                       .hash = frozenset_hash,
                       .richcmp = set_richcmp,
                       .iter = set_iter,
                       .len = set_len,
                       .contains = set_contains,
                       .binop = set_binop,
                       .new = set_new_slot};

void dict_init(void) {
    type_finish(&dict_type);
    type_finish(&dictiter_type);
    type_finish(&dictview_type);
    type_finish(&set_type);
    type_finish(&frozenset_type);
    type_finish(&setiter_type);
    type_add_method(&dict_type, "keys", dm_keys);
    type_add_method(&dict_type, "values", dm_values);
    type_add_method(&dict_type, "items", dm_items);
    type_add_method(&dict_type, "get", dm_get);
    type_add_method(&dict_type, "setdefault", dm_setdefault);
    type_add_method(&dict_type, "pop", dm_pop);
    type_add_method(&dict_type, "popitem", dm_popitem);
    type_add_method(&dict_type, "update", dm_update);
    type_add_method(&dict_type, "clear", dm_clear);
    type_add_method(&dict_type, "copy", dm_copy);
    type_add_method(&dict_type, "__reversed__", dict_reversed);
    Wrap *w = (Wrap *)gc_new(&classmethod_type, sizeof(Wrap));
    w->f = builtin_new("fromkeys", dm_fromkeys, NULL);
    dict_setc(dict_type.dict, "fromkeys", (Obj *)w);
    Type *sets[2] = {&set_type, &frozenset_type};
    for (int i = 0; i < 2; i++) {
        Type *t = sets[i];
        type_add_method(t, "copy", sm_copy);
        type_add_method(t, "union", sm_union);
        type_add_method(t, "intersection", sm_intersection);
        type_add_method(t, "difference", sm_difference);
        type_add_method(t, "symmetric_difference", sm_symdiff);
        type_add_method(t, "issubset", sm_issubset);
        type_add_method(t, "issuperset", sm_issuperset);
        type_add_method(t, "isdisjoint", sm_isdisjoint);
    }
    type_add_method(&set_type, "add", sm_add);
    type_add_method(&set_type, "remove", sm_remove);
    type_add_method(&set_type, "discard", sm_discard);
    type_add_method(&set_type, "pop", sm_pop);
    type_add_method(&set_type, "clear", sm_clear);
    type_add_method(&set_type, "update", sm_update);
    type_add_method(&set_type, "intersection_update", sm_intersection_update);
    type_add_method(&set_type, "difference_update", sm_difference_update);
    type_add_method(&set_type, "symmetric_difference_update", sm_symdiff_update);
}
