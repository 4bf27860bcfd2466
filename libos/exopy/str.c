/* str.c: the str type (UTF-8, indexed by code point), the byte buffer used to build strings,
 * interning, and the methods shared by str and bytes (which reuse the same layout). */
#include "exopy.h"
#include "str_impl.h"

#include <stdio.h>
#include <string.h>

/* ---- Buf ---- */
void buf_init(Buf *b) {
    b->cap = 32;
    b->len = 0;
    b->p = gc_alloc(b->cap, 0);
}

void buf_add(Buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        b->p = gc_realloc(b->p, b->len, cap, 0);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

void buf_adds(Buf *b, const char *s) {
    buf_add(b, s, strlen(s));
}

void buf_addc(Buf *b, char c) {
    buf_add(b, &c, 1);
}

void buf_addobj(Buf *b, Obj *s) {
    buf_add(b, ((Str *)s)->s, ((Str *)s)->len);
}

void buf_printf(Buf *b, const char *fmt, ...) {
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < (int)sizeof tmp) {
        buf_add(b, tmp, (size_t)n);
        return;
    }
    char *big = gc_alloc((size_t)n + 1, 0);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf_add(b, big, (size_t)n);
}

Obj *buf_str(Buf *b) {
    return str_new(b->p, b->len);
}

/* ---- UTF-8 ---- */
size_t utf8_encode(uint32_t cp, char *o) {
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | cp >> 12);
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | cp >> 18);
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

uint32_t utf8_decode(const char **pp) {
    const uint8_t *p = (const uint8_t *)*pp;
    uint32_t c = *p++;
    if (c >= 0xf0) {
        c = (c & 7) << 18 | (uint32_t)(p[0] & 0x3f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 |
            (p[2] & 0x3f);
        p += 3;
    } else if (c >= 0xe0) {
        c = (c & 15) << 12 | (uint32_t)(p[0] & 0x3f) << 6 | (p[1] & 0x3f);
        p += 2;
    } else if (c >= 0xc0) {
        c = (c & 31) << 6 | (p[0] & 0x3f);
        p += 1;
    }
    *pp = (const char *)p;
    return c;
}

size_t str_count_cp(const char *s, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((uint8_t)s[i] & 0xc0) != 0x80;
    return c;
}

/* Byte offset of code point i. */
size_t str_cp_off(Str *s, size_t i) {
    if (s->clen == s->len) return i;
    size_t off = 0;
    while (i && off < s->len) {
        off++;
        while (off < s->len && ((uint8_t)s->s[off] & 0xc0) == 0x80)
            off++;
        i--;
    }
    return off;
}

/* ---- construction ---- */
Obj *str_alloc(size_t len) {
    Str *s = (Str *)gc_alloc(sizeof(Str) + len + 1, 0);
    s->h.type = &str_type;
    s->len = len;
    s->hash = -1;
    return (Obj *)s;
}

Obj *str_finish(Obj *o) {
    Str *s = (Str *)o;
    s->s[s->len] = 0;
    s->clen = s->h.type == &str_type ? str_count_cp(s->s, s->len) : s->len;
    return o;
}

Obj *str_new(const char *p, size_t len) {
    if (len == 0 && vm->empty_str) return vm->empty_str;
    if (len == 1 && (uint8_t)p[0] < 128 && vm->chars[(uint8_t)p[0]])
        return vm->chars[(uint8_t)p[0]];
    Obj *o = str_alloc(len);
    memcpy(((Str *)o)->s, p, len);
    return str_finish(o);
}

Obj *str_from(const char *s) {
    return str_new(s, strlen(s));
}

Obj *str_vfmt(const char *fmt, va_list ap) {
    char tmp[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    if (n < (int)sizeof tmp) {
        va_end(ap2);
        return str_new(tmp, (size_t)n);
    }
    Obj *o = str_alloc((size_t)n);
    vsnprintf(((Str *)o)->s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return str_finish(o);
}

Obj *str_fmt(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    Obj *r = str_vfmt(fmt, ap);
    va_end(ap);
    return r;
}

Obj *str_intern_obj(Obj *s) {
    Obj *v = dict_get(vm->interned, s);
    if (v) return v;
    dict_set(vm->interned, s, s);
    return s;
}

Obj *str_intern(const char *c) {
    size_t h = ((uintptr_t)c >> 3) % (sizeof vm->icache / sizeof vm->icache[0]);
    if (vm->icache[h].c == c && !strcmp(((Str *)vm->icache[h].s)->s, c)) return vm->icache[h].s;
    Obj *s = str_intern_obj(str_from(c));
    vm->icache[h].c = c;
    vm->icache[h].s = s;
    return s;
}

const char *str_c(Obj *s) {
    if (!ISINST(s, str_type) && !IS(s, bytes_type))
        raisef(&TypeError_type, "expected str, got %s", type_name(s));
    return ((Str *)s)->s;
}

int str_eq(Obj *a, Obj *b) {
    Str *x = (Str *)a, *y = (Str *)b;
    return x == y || (x->len == y->len && !memcmp(x->s, y->s, x->len));
}

int str_eqc(Obj *a, const char *c) {
    Str *x = (Str *)a;
    return strlen(c) == x->len && !memcmp(x->s, c, x->len);
}

int64_t str_hash(Obj *o) {
    Str *s = (Str *)o;
    if (s->hash != -1) return s->hash;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < s->len; i++) {
        h ^= (uint8_t)s->s[i];
        h *= 1099511628211ull;
    }
    int64_t r = (int64_t)(h >> 1);
    if (IS(o, bytes_type)) r ^= 0x5bd1e995;
    if (r == -1) r = -2;
    s->hash = r;
    return r;
}

Obj *str_concat(Obj *a, Obj *b) {
    Str *x = (Str *)a, *y = (Str *)b;
    Obj *o = str_alloc(x->len + y->len);
    o->type = a->type == &bytes_type ? &bytes_type : &str_type;
    memcpy(((Str *)o)->s, x->s, x->len);
    memcpy(((Str *)o)->s + x->len, y->s, y->len);
    return str_finish(o);
}

Obj *str_from_cp(uint32_t cp) {
    char b[4];
    return str_new(b, utf8_encode(cp, b));
}

Obj *str_repr(Obj *o) {
    Str *s = (Str *)o;
    int sq = memchr(s->s, '\'', s->len) != NULL, dq = memchr(s->s, '"', s->len) != NULL;
    char q = sq && !dq ? '"' : '\'';
    Buf b;
    buf_init(&b);
    buf_addc(&b, q);
    const char *p = s->s, *end = s->s + s->len;
    while (p < end) {
        uint32_t c = utf8_decode(&p);
        if (c == (uint32_t)q || c == '\\') {
            buf_addc(&b, '\\');
            buf_addc(&b, (char)c);
        } else if (c == '\n') {
            buf_adds(&b, "\\n");
        } else if (c == '\r') {
            buf_adds(&b, "\\r");
        } else if (c == '\t') {
            buf_adds(&b, "\\t");
        } else if (!uni_isprintable(c)) {
            buf_printf(&b, c < 0x100 ? "\\x%02x" : c < 0x10000 ? "\\u%04x" : "\\U%08x", c);
        } else {
            char u[4];
            buf_add(&b, u, utf8_encode(c, u));
        }
    }
    buf_addc(&b, q);
    return buf_str(&b);
}

/* ---- slots ---- */
static Obj *str_repr_slot(Obj *o) {
    return str_repr(o);
}

static Obj *str_str_slot(Obj *o) {
    if (IS(o, str_type)) return o;
    Str *s = (Str *)o;
    return str_new(s->s, s->len);
}

static int64_t str_hash_slot(Obj *o) {
    return str_hash(o);
}

static int str_compare(Str *x, Str *y) {
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->s, y->s, n);
    if (c) return c < 0 ? -1 : 1;
    return x->len < y->len ? -1 : x->len > y->len;
}

static Obj *str_richcmp(Obj *a, Obj *b, int op) {
    int same = IS(a, bytes_type) ? IS(b, bytes_type) : ISINST(b, str_type);
    if (!same) return NotImpl;
    int c = op == CMP_EQ || op == CMP_NE ? !str_eq(a, b) : str_compare((Str *)a, (Str *)b);
    return cmp_result(c, op);
}

static int64_t str_len(Obj *o) {
    return (int64_t)((Str *)o)->clen;
}

Obj *str_same_kind(Obj *self, const char *p, size_t n) {
    if (IS(self, bytes_type)) return bytes_new(p, n);
    return str_new(p, n);
}

static Obj *str_getitem(Obj *o, Obj *k) {
    Str *s = (Str *)o;
    if (IS(k, slice_type)) {
        int64_t start, stop, step, n;
        slice_indices(k, (int64_t)s->clen, &start, &stop, &step, &n);
        if (step == 1) {
            size_t a = str_cp_off(s, (size_t)start);
            size_t b = n ? str_cp_off(s, (size_t)stop) : a;
            return str_same_kind(o, s->s + a, n ? b - a : 0);
        }
        Buf b;
        buf_init(&b);
        for (int64_t i = 0, j = start; i < n; i++, j += step) {
            size_t off = str_cp_off(s, (size_t)j);
            const char *p = s->s + off;
            if (IS(o, bytes_type)) {
                buf_addc(&b, *p);
            } else {
                const char *q = p;
                utf8_decode(&q);
                buf_add(&b, p, (size_t)(q - p));
            }
        }
        return str_same_kind(o, b.p, b.len);
    }
    int64_t i = seq_index(k, (int64_t)s->clen, IS(o, bytes_type) ? "index" : "string index");
    if (IS(o, bytes_type)) return int_from((uint8_t)s->s[i]);
    size_t off = str_cp_off(s, (size_t)i);
    const char *p = s->s + off, *q = p;
    utf8_decode(&q);
    return str_new(p, (size_t)(q - p));
}

const char *str_find(const char *h, size_t hn, const char *n, size_t nn) {
    if (nn == 0) return h;
    if (nn > hn) return NULL;
    for (size_t i = 0; i + nn <= hn; i++)
        if (h[i] == n[0] && !memcmp(h + i, n, nn)) return h + i;
    return NULL;
}

static int str_contains(Obj *o, Obj *k) {
    Str *s = (Str *)o;
    if (IS(o, bytes_type) && IS_INT(k)) {
        int64_t v = int_val(k);
        return memchr(s->s, (int)v, s->len) != NULL;
    }
    int ok = IS(o, bytes_type) ? (IS(k, bytes_type) || IS(k, bytearray_type)) : ISINST(k, str_type);
    if (!ok) {
        if (IS(o, bytes_type))
            raisef(&TypeError_type, "a bytes-like object is required, not '%s'", type_name(k));
        raisef(&TypeError_type, "'in <string>' requires string as left operand, not %s",
               type_name(k));
    }
    if (IS(k, bytearray_type))
        return str_find(s->s, s->len, (char *)((ByteArray *)k)->data, ((ByteArray *)k)->len) !=
               NULL;
    Str *t = (Str *)k;
    return str_find(s->s, s->len, t->s, t->len) != NULL;
}

static Obj *str_repeat(Obj *o, Obj *times) {
    Str *s = (Str *)o;
    int64_t n = int_val(times);
    if (n <= 0 || s->len == 0) return str_same_kind(o, "", 0);
    if ((uint64_t)n * s->len > ((uint64_t)1 << 31)) raise(vm->memerr);
    Obj *r = str_alloc(s->len * (size_t)n);
    r->type = IS(o, bytes_type) ? &bytes_type : &str_type;
    for (int64_t i = 0; i < n; i++)
        memcpy(((Str *)r)->s + (size_t)i * s->len, s->s, s->len);
    return str_finish(r);
}

static Obj *str_binop(Obj *self, Obj *other, int op, int reflected) {
    if (op == OP_ADD && !reflected) {
        if (IS(self, bytes_type)) {
            if (IS(other, bytearray_type))
                other = bytes_new(((ByteArray *)other)->data, ((ByteArray *)other)->len);
            if (!IS(other, bytes_type))
                raisef(&TypeError_type, "can't concat %s to bytes", type_name(other));
            return str_concat(self, other);
        }
        if (ISINST(other, str_type)) return str_concat(self, other);
        return NotImpl;
    }
    if (op == OP_MUL && IS_INT(other)) return str_repeat(self, other);
    if (op == OP_MOD && !reflected) {
        if (IS(self, bytes_type)) return bytes_percent(self, other);
        return str_percent(self, other);
    }
    return NotImpl;
}

static Obj *str_new_slot(Type *t, int n, Obj **a, Obj *kw) {
    int np = args_npos(n, kw);
    Obj *r;
    if (np == 0) {
        r = vm->empty_str;
    } else if (np == 1 && !kw) {
        r = obj_str(a[0]);
    } else {
        Obj *enc = np > 1 ? a[1] : args_kw(n, a, kw, "encoding");
        (void)enc;
        Obj *x = a[0];
        if (IS(x, bytearray_type)) x = bytes_new(((ByteArray *)x)->data, ((ByteArray *)x)->len);
        if (!IS(x, bytes_type))
            raisef(&TypeError_type, "decoding to str: need a bytes-like object, %s found",
                   type_name(x));
        r = call_method(x, "decode", np > 1 ? np - 1 : 0, a + 1);
    }
    if (t != &str_type) {
        Str *s = (Str *)r;
        Str *o = (Str *)gc_new_prefixed(t, sizeof(Str) + s->len + 1);
        o->len = s->len;
        o->clen = s->clen;
        o->hash = -1;
        memcpy(o->s, s->s, s->len + 1);
        return (Obj *)o;
    }
    return r;
}

/* ---- iteration ---- */
static Obj *str_iter_next(Obj *o) {
    Iter *it = (Iter *)o;
    Str *s = (Str *)it->seq;
    if ((size_t)it->i >= s->len) return NULL;
    if (IS(it->seq, bytes_type)) return int_from((uint8_t)s->s[it->i++]);
    const char *p = s->s + it->i, *q = p;
    utf8_decode(&q);
    it->i += q - p;
    return str_new(p, (size_t)(q - p));
}

static Obj *iter_self(Obj *o) {
    return o;
}

Type str_iter_type = {.name = "str_ascii_iterator", .iter = iter_self, .next = str_iter_next};

static Obj *str_iter(Obj *o) {
    Iter *it = (Iter *)gc_new(&str_iter_type, sizeof(Iter));
    it->seq = o;
    return (Obj *)it;
}

Type str_type = {.name = "str",
                 .flags = TF_BASE,
                 .size = sizeof(Str),
                 .repr = str_repr_slot,
                 .str = str_str_slot,
                 .hash = str_hash_slot,
                 .richcmp = str_richcmp,
                 .iter = str_iter,
                 .len = str_len,
                 .getitem = str_getitem,
                 .contains = str_contains,
                 .binop = str_binop,
                 .new = str_new_slot};

void str_init(void) {
    type_finish(&str_type);
    type_finish(&str_iter_type);
    vm->empty_str = str_alloc(0);
    str_finish(vm->empty_str);
    for (int c = 0; c < 128; c++) {
        char ch = (char)c;
        Obj *o = str_alloc(1);
        memcpy(((Str *)o)->s, &ch, 1);
        vm->chars[c] = str_finish(o);
    }
    str_methods_init();
}
