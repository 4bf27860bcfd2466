/* bytes.c: bytes (sharing str's layout and most methods) and the mutable bytearray. */
#include "exopy.h"

#include <string.h>

void str_add_shared(Type *t);

Obj *bytes_new(const void *p, size_t len) {
    Obj *o = str_alloc(len);
    o->type = &bytes_type;
    memcpy(((Str *)o)->s, p, len);
    return str_finish(o);
}

static void repr_bytes(Buf *b, const uint8_t *s, size_t n) {
    int sq = memchr(s, '\'', n) != NULL, dq = memchr(s, '"', n) != NULL;
    char q = sq && !dq ? '"' : '\'';
    buf_addc(b, 'b');
    buf_addc(b, q);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        if (c == (uint8_t)q || c == '\\') {
            buf_addc(b, '\\');
            buf_addc(b, (char)c);
        } else if (c == '\n')
            buf_adds(b, "\\n");
        else if (c == '\r')
            buf_adds(b, "\\r");
        else if (c == '\t')
            buf_adds(b, "\\t");
        else if (c < 32 || c >= 127)
            buf_printf(b, "\\x%02x", c);
        else
            buf_addc(b, (char)c);
    }
    buf_addc(b, q);
}

Obj *bytes_repr(Obj *o) {
    Buf b;
    buf_init(&b);
    repr_bytes(&b, (uint8_t *)((Str *)o)->s, ((Str *)o)->len);
    return buf_str(&b);
}

/* Bytes from an int count, an iterable of ints, a str with encoding, or a buffer. */
static Obj *to_bytes(Obj *x, Obj *enc) {
    if (IS(x, bytes_type)) return x;
    if (IS(x, bytearray_type)) return bytes_new(((ByteArray *)x)->data, ((ByteArray *)x)->len);
    if (ISINST(x, str_type)) {
        if (!enc) raisef(&TypeError_type, "string argument without an encoding");
        return bytes_new(((Str *)x)->s, ((Str *)x)->len);
    }
    if (IS_INT(x)) {
        int64_t n = int_val(x);
        if (n < 0) raisef(&ValueError_type, "negative count");
        if (n > (1 << 28)) raise(vm->memerr);
        Obj *o = str_alloc((size_t)n);
        o->type = &bytes_type;
        return str_finish(o);
    }
    if (!TYPE(x)->iter && !TYPE(x)->getitem)
        raisef(&TypeError_type, "cannot convert '%s' object to bytes", type_name(x));
    Buf b;
    buf_init(&b);
    Obj *it = obj_iter(x);
    for (Obj *v; (v = obj_next(it));) {
        if (!IS_INT(v))
            raisef(&TypeError_type, "'%s' object cannot be interpreted as an integer",
                   type_name(v));
        int64_t c = int_val(v);
        if (c < 0 || c > 255) raisef(&ValueError_type, "bytes must be in range(0, 256)");
        buf_addc(&b, (char)c);
    }
    return bytes_new(b.p, b.len);
}

static Obj *bytes_new_slot(Type *t, int n, Obj **a, Obj *kw) {
    (void)t;
    int np = args_npos(n, kw);
    if (np == 0) return bytes_new("", 0);
    Obj *enc = np > 1 ? a[1] : args_kw(n, a, kw, "encoding");
    return to_bytes(a[0], enc);
}

static Obj *bytes_repr_slot(Obj *o) {
    return bytes_repr(o);
}

static Obj *bytes_decode(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Str *s = (Str *)a[0];
    /* validate UTF-8 */
    const uint8_t *p = (const uint8_t *)s->s;
    for (size_t i = 0; i < s->len;) {
        uint8_t c = p[i];
        size_t need = c < 0x80         ? 0
                      : (c >> 5) == 6  ? 1
                      : (c >> 4) == 14 ? 2
                      : (c >> 3) == 30 ? 3
                                       : 9;
        if (need == 9 || i + need >= s->len + (need ? 0 : 1)) {
            if (need == 9 || i + need >= s->len)
                raisef(&UnicodeDecodeError_type,
                       "'utf-8' codec can't decode byte 0x%02x in position %zu: %s", c, i,
                       need == 9 ? "invalid start byte" : "unexpected end of data");
        }
        for (size_t k = 1; k <= need; k++)
            if ((p[i + k] & 0xc0) != 0x80)
                raisef(&UnicodeDecodeError_type,
                       "'utf-8' codec can't decode byte 0x%02x in position %zu: invalid "
                       "continuation byte",
                       c, i);
        i += need + 1;
    }
    return str_new(s->s, s->len);
}

static Obj *bytes_hex(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    const uint8_t *p;
    size_t len;
    if (IS(a[0], bytearray_type)) {
        p = ((ByteArray *)a[0])->data;
        len = ((ByteArray *)a[0])->len;
    } else {
        p = (const uint8_t *)((Str *)a[0])->s;
        len = ((Str *)a[0])->len;
    }
    Buf b;
    buf_init(&b);
    for (size_t i = 0; i < len; i++)
        buf_printf(&b, "%02x", p[i]);
    return buf_str(&b);
}

static Obj *bytes_fromhex(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Str *s = (Str *)a[1];
    Buf b;
    buf_init(&b);
    for (size_t i = 0; i < s->len;) {
        if (s->s[i] == ' ') {
            i++;
            continue;
        }
        int hi = -1, lo = -1;
        char c = s->s[i];
        hi = c >= '0' && c <= '9'                 ? c - '0'
             : (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10
                                                  : -1;
        if (i + 1 < s->len) {
            c = s->s[i + 1];
            lo = c >= '0' && c <= '9'                 ? c - '0'
                 : (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10
                                                      : -1;
        }
        if (hi < 0 || lo < 0)
            raisef(&ValueError_type,
                   "non-hexadecimal number found in fromhex() arg at position %zu",
                   hi < 0 ? i : i + 1);
        buf_addc(&b, (char)(hi * 16 + lo));
        i += 2;
    }
    Obj *r = bytes_new(b.p, b.len);
    if (a[0] == (Obj *)&bytearray_type) return call1((Obj *)&bytearray_type, r);
    return r;
}

Type bytes_type = {
    .name = "bytes", .size = sizeof(Str), .repr = bytes_repr_slot, .new = bytes_new_slot};

/* ---- bytearray ---- */
static ByteArray *ba_alloc(size_t n) {
    ByteArray *b = (ByteArray *)gc_new(&bytearray_type, sizeof(ByteArray));
    b->cap = n < 8 ? 8 : n;
    b->data = gc_alloc(b->cap, 0);
    b->len = n;
    return b;
}

static void ba_grow(ByteArray *b, size_t need) {
    if (need <= b->cap) return;
    size_t cap = b->cap * 2 > need ? b->cap * 2 : need;
    b->data = gc_realloc(b->data, b->len, cap, 0);
    b->cap = cap;
}

static Obj *ba_new_slot(Type *t, int n, Obj **a, Obj *kw) {
    (void)t;
    int np = args_npos(n, kw);
    Obj *src =
        np ? to_bytes(a[0], np > 1 ? a[1] : args_kw(n, a, kw, "encoding")) : bytes_new("", 0);
    Str *s = (Str *)src;
    ByteArray *b = ba_alloc(s->len);
    memcpy(b->data, s->s, s->len);
    return (Obj *)b;
}

static Obj *ba_as_bytes(Obj *o) {
    return bytes_new(((ByteArray *)o)->data, ((ByteArray *)o)->len);
}

static Obj *ba_repr(Obj *o) {
    ByteArray *ba = (ByteArray *)o;
    Buf b;
    buf_init(&b);
    buf_adds(&b, "bytearray(");
    repr_bytes(&b, ba->data, ba->len);
    buf_addc(&b, ')');
    return buf_str(&b);
}

static int64_t ba_len(Obj *o) {
    return (int64_t)((ByteArray *)o)->len;
}

static Obj *ba_getitem(Obj *o, Obj *k) {
    ByteArray *b = (ByteArray *)o;
    if (IS(k, slice_type)) {
        Obj *r = obj_getitem(ba_as_bytes(o), k);
        return ba_new_slot(&bytearray_type, 1, &r, NULL);
    }
    return int_from(b->data[seq_index(k, (int64_t)b->len, "bytearray index")]);
}

static void ba_setitem(Obj *o, Obj *k, Obj *v) {
    ByteArray *b = (ByteArray *)o;
    if (IS(k, slice_type)) {
        /* rebuild through a list of ints, then copy back */
        Obj *l = list_from_iter(ba_as_bytes(o));
        obj_setitem(l, k, v ? list_from_iter(to_bytes(v, NULL)) : NULL);
        Obj *nb = to_bytes(l, NULL);
        b->len = 0;
        ba_grow(b, ((Str *)nb)->len);
        memcpy(b->data, ((Str *)nb)->s, ((Str *)nb)->len);
        b->len = ((Str *)nb)->len;
        return;
    }
    int64_t i = seq_index(k, (int64_t)b->len, "bytearray index");
    if (!v) {
        memmove(b->data + i, b->data + i + 1, b->len - (size_t)i - 1);
        b->len--;
        return;
    }
    int64_t c = int_val(v);
    if (c < 0 || c > 255) raisef(&ValueError_type, "byte must be in range(0, 256)");
    b->data[i] = (uint8_t)c;
}

static Obj *ba_richcmp(Obj *a, Obj *b, int op) {
    if (IS(b, bytearray_type)) b = ba_as_bytes(b);
    if (!IS(b, bytes_type)) return NotImpl;
    return obj_richcmp(ba_as_bytes(a), b, op);
}

static int ba_contains(Obj *o, Obj *k) {
    return obj_contains(ba_as_bytes(o), k);
}

static Obj *ba_iter(Obj *o) {
    return obj_iter(ba_as_bytes(o));
}

static Obj *ba_binop(Obj *self, Obj *other, int op, int reflected) {
    if (op == OP_ADD && !reflected) {
        Obj *r = obj_binop(ba_as_bytes(self), to_bytes(other, NULL), OP_ADD);
        return ba_new_slot(&bytearray_type, 1, &r, NULL);
    }
    if (op == OP_MUL && IS_INT(other)) {
        Obj *r = obj_binop(ba_as_bytes(self), other, OP_MUL);
        return ba_new_slot(&bytearray_type, 1, &r, NULL);
    }
    if (op == OP_MOD && !reflected) {
        Obj *r = bytes_percent(ba_as_bytes(self), other);
        return ba_new_slot(&bytearray_type, 1, &r, NULL);
    }
    return NotImpl;
}

static Obj *bam_append(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("append", n - 1, 1, 1);
    ByteArray *b = (ByteArray *)a[0];
    int64_t c = int_val(a[1]);
    if (c < 0 || c > 255) raisef(&ValueError_type, "byte must be in range(0, 256)");
    ba_grow(b, b->len + 1);
    b->data[b->len++] = (uint8_t)c;
    return None;
}

static Obj *bam_extend(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("extend", n - 1, 1, 1);
    ByteArray *b = (ByteArray *)a[0];
    Str *s = (Str *)to_bytes(a[1], NULL);
    ba_grow(b, b->len + s->len);
    memcpy(b->data + b->len, s->s, s->len);
    b->len += s->len;
    return None;
}

static Obj *bam_pop(int n, Obj **a, Obj *kw) {
    (void)kw;
    ByteArray *b = (ByteArray *)a[0];
    if (!b->len) raisef(&IndexError_type, "pop from empty bytearray");
    int64_t i = n > 1 ? seq_index(a[1], (int64_t)b->len, "pop index") : (int64_t)b->len - 1;
    uint8_t c = b->data[i];
    memmove(b->data + i, b->data + i + 1, b->len - (size_t)i - 1);
    b->len--;
    return int_from(c);
}

static Obj *bam_insert(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    ByteArray *b = (ByteArray *)a[0];
    int64_t i = int_val(a[1]), len = (int64_t)b->len;
    if (i < 0) i = i + len < 0 ? 0 : i + len;
    if (i > len) i = len;
    ba_grow(b, b->len + 1);
    memmove(b->data + i + 1, b->data + i, b->len - (size_t)i);
    b->data[i] = (uint8_t)int_val(a[2]);
    b->len++;
    return None;
}

static Obj *bam_clear(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    ((ByteArray *)a[0])->len = 0;
    return None;
}

static Obj *bam_reverse(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    ByteArray *b = (ByteArray *)a[0];
    for (size_t i = 0, j = b->len; i + 1 < j; i++, j--) {
        uint8_t t = b->data[i];
        b->data[i] = b->data[j - 1];
        b->data[j - 1] = t;
    }
    return None;
}

static Obj *bam_copy(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Obj *r = ba_as_bytes(a[0]);
    return ba_new_slot(&bytearray_type, 1, &r, NULL);
}

static Obj *bam_decode(int n, Obj **a, Obj *kw) {
    Obj *args[1] = {ba_as_bytes(a[0])};
    (void)n;
    return bytes_decode(1, args, kw);
}

static Obj *bam_remove(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    ByteArray *b = (ByteArray *)a[0];
    int64_t c = int_val(a[1]);
    for (size_t i = 0; i < b->len; i++)
        if (b->data[i] == c) {
            memmove(b->data + i, b->data + i + 1, b->len - i - 1);
            b->len--;
            return None;
        }
    raisef(&ValueError_type, "value not found in bytearray");
}

/* Read-only methods of bytes, run on a bytes copy; results that are bytes become bytearray. */
static Obj *ba_delegate(int n, Obj **a, Obj *kw, const char *name) {
    Obj **args = gc_alloc(sizeof(Obj *) * (size_t)(n + 1), 1);
    memcpy(args, a, sizeof(Obj *) * (size_t)n);
    Obj *m = obj_getattr(ba_as_bytes(a[0]), str_intern(name));
    Obj *r = obj_call(m, n - 1, args + 1, kw);
    if (IS(r, bytes_type)) return ba_new_slot(&bytearray_type, 1, &r, NULL);
    return r;
}

#define DELEGATE(m)                                                                                \
    static Obj *bad_##m(int n, Obj **a, Obj *kw) {                                                 \
        return ba_delegate(n, a, kw, #m);                                                          \
    }
DELEGATE(find)
DELEGATE(rfind)
DELEGATE(rindex)
DELEGATE(count)
DELEGATE(index)
DELEGATE(startswith)
DELEGATE(endswith)
DELEGATE(upper)
DELEGATE(lower)
DELEGATE(strip)
DELEGATE(split)
DELEGATE(replace)
DELEGATE(join)
DELEGATE(isdigit)
DELEGATE(isalpha)

Type bytearray_type = {.name = "bytearray",
                       .flags = TF_NOHASH,
                       .size = sizeof(ByteArray),
                       .repr = ba_repr,
                       .richcmp = ba_richcmp,
                       .iter = ba_iter,
                       .len = ba_len,
                       .getitem = ba_getitem,
                       .setitem = ba_setitem,
                       .contains = ba_contains,
                       .binop = ba_binop,
                       .new = ba_new_slot};

/* bytes reuses str's slots, set up here so the two types stay in one place each */
extern Type str_type;

void bytes_init(void) {
    bytes_type.hash = str_type.hash;
    bytes_type.richcmp = str_type.richcmp;
    bytes_type.iter = str_type.iter;
    bytes_type.len = str_type.len;
    bytes_type.getitem = str_type.getitem;
    bytes_type.contains = str_type.contains;
    bytes_type.binop = str_type.binop;
    type_finish(&bytes_type);
    type_finish(&bytearray_type);
    str_add_shared(&bytes_type);
    type_add_method(&bytes_type, "decode", bytes_decode);
    type_add_method(&bytes_type, "hex", bytes_hex);
    Wrap *w = (Wrap *)gc_new(&classmethod_type, sizeof(Wrap));
    w->f = builtin_new("fromhex", bytes_fromhex, NULL);
    dict_setc(bytes_type.dict, "fromhex", (Obj *)w);
    dict_setc(bytearray_type.dict, "fromhex", (Obj *)w);
    type_add_method(&bytearray_type, "append", bam_append);
    type_add_method(&bytearray_type, "extend", bam_extend);
    type_add_method(&bytearray_type, "pop", bam_pop);
    type_add_method(&bytearray_type, "insert", bam_insert);
    type_add_method(&bytearray_type, "clear", bam_clear);
    type_add_method(&bytearray_type, "reverse", bam_reverse);
    type_add_method(&bytearray_type, "copy", bam_copy);
    type_add_method(&bytearray_type, "decode", bam_decode);
    type_add_method(&bytearray_type, "remove", bam_remove);
    type_add_method(&bytearray_type, "hex", bytes_hex);
    type_add_method(&bytearray_type, "find", bad_find);
    type_add_method(&bytearray_type, "rfind", bad_rfind);
    type_add_method(&bytearray_type, "rindex", bad_rindex);
    type_add_method(&bytearray_type, "count", bad_count);
    type_add_method(&bytearray_type, "index", bad_index);
    type_add_method(&bytearray_type, "startswith", bad_startswith);
    type_add_method(&bytearray_type, "endswith", bad_endswith);
    type_add_method(&bytearray_type, "upper", bad_upper);
    type_add_method(&bytearray_type, "lower", bad_lower);
    type_add_method(&bytearray_type, "strip", bad_strip);
    type_add_method(&bytearray_type, "split", bad_split);
    type_add_method(&bytearray_type, "replace", bad_replace);
    type_add_method(&bytearray_type, "join", bad_join);
    type_add_method(&bytearray_type, "isdigit", bad_isdigit);
    type_add_method(&bytearray_type, "isalpha", bad_isalpha);
}
