/* str_methods.c: the methods of str, most shared with bytes (same layout): split, strip, find,
 * replace, case mapping and classification, padding, partition, translate. */
#include "str_impl.h"

#include <stdio.h>
#include <string.h>

/* ---- methods shared by str and bytes ---- */
#define SELF ((Str *)a[0])

static void want_same(Obj *self, Obj *x, const char *what) {
    if (IS(self, bytes_type)) {
        if (!IS(x, bytes_type) && !IS(x, bytearray_type))
            raisef(&TypeError_type, "a bytes-like object is required, not '%s'", type_name(x));
    } else if (!ISINST(x, str_type)) {
        raisef(&TypeError_type, "%s arg must be None or str", what);
    }
}

static Str *as_str(Obj *x) {
    if (IS(x, bytearray_type))
        return (Str *)bytes_new(((ByteArray *)x)->data, ((ByteArray *)x)->len);
    return (Str *)x;
}

int uni_isspace(uint32_t c);

/* Whitespace as str.split() sees it: Unicode spaces for str, ASCII ones for bytes. */
static int is_ws(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Byte length of the character at s[i] (1 for bytes). */
static size_t char_len(Obj *self, const char *s, size_t i) {
    uint8_t c = (uint8_t)s[i];
    if (IS(self, bytes_type) || c < 0xc0) return 1;
    return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
}

/* Length of the whitespace character starting at s[i], or 0. */
static size_t ws_at(Obj *self, const char *s, size_t i) {
    uint8_t c = (uint8_t)s[i];
    if (IS(self, bytes_type)) return is_ws((char)c);
    if (c < 0x80) return uni_isspace(c);
    const char *p = s + i;
    uint32_t cp = utf8_decode(&p);
    return uni_isspace(cp) ? (size_t)(p - (s + i)) : 0;
}

/* Length of the whitespace character ending at s[j - 1], or 0. */
static size_t ws_before(Obj *self, const char *s, size_t j) {
    size_t k = j - 1;
    if (!IS(self, bytes_type))
        while (k > 0 && ((uint8_t)s[k] & 0xc0) == 0x80)
            k--;
    size_t w = ws_at(self, s, k);
    return w == j - k ? w : 0;
}

static Obj *do_strip(int n, Obj **a, int left, int right) {
    Str *s = SELF;
    size_t i = 0, j = s->len;
    if (n > 1 && a[1] != None) {
        want_same(a[0], a[1], "strip");
        Str *c = as_str(a[1]);
        if (IS(a[0], str_type) && c->clen != c->len) {
            /* non-ASCII characters to strip: compare whole code points */
            Obj *set = set_new(&set_type);
            Obj *it = obj_iter((Obj *)c);
            for (Obj *ch; (ch = obj_next(it));)
                set_add(set, ch);
            while (left && i < j) {
                size_t w = char_len(a[0], s->s, i);
                if (!set_has(set, str_new(s->s + i, w))) break;
                i += w;
            }
            while (right && j > i) {
                size_t k = j - 1;
                while (k > i && ((uint8_t)s->s[k] & 0xc0) == 0x80)
                    k--;
                if (!set_has(set, str_new(s->s + k, j - k))) break;
                j = k;
            }
        } else {
            while (left && i < j && memchr(c->s, s->s[i], c->len))
                i++;
            while (right && j > i && memchr(c->s, s->s[j - 1], c->len))
                j--;
        }
    } else {
        size_t w;
        while (left && i < j && (w = ws_at(a[0], s->s, i)))
            i += w;
        while (right && j > i && (w = ws_before(a[0], s->s, j)))
            j -= w;
    }
    if (i == 0 && j == s->len && IS(a[0], str_type)) return a[0];
    return str_same_kind(a[0], s->s + i, j - i);
}

static Obj *m_strip(int n, Obj **a, Obj *kw) {
    (void)kw;
    return do_strip(n, a, 1, 1);
}

static Obj *m_lstrip(int n, Obj **a, Obj *kw) {
    (void)kw;
    return do_strip(n, a, 1, 0);
}

static Obj *m_rstrip(int n, Obj **a, Obj *kw) {
    (void)kw;
    return do_strip(n, a, 0, 1);
}

static Obj *m_split_impl(int n, Obj **a, Obj *kw, int rev) {
    int np = args_npos(n, kw);
    Obj *sep = np > 1 ? a[1] : args_kw(n, a, kw, "sep");
    Obj *mo = np > 2 ? a[2] : args_kw(n, a, kw, "maxsplit");
    int64_t max = mo ? int_val(mo) : -1;
    Str *s = SELF;
    Obj *l = list_new(0);
    if (!sep || sep == None) {
        if (!rev) {
            size_t i = 0, w;
            for (;;) {
                while (i < s->len && (w = ws_at(a[0], s->s, i)))
                    i += w;
                if (i >= s->len) break;
                if (max == 0) {
                    /* the remainder keeps its trailing whitespace, as CPython */
                    list_append(l, str_same_kind(a[0], s->s + i, s->len - i));
                    break;
                }
                size_t j = i;
                while (j < s->len && !ws_at(a[0], s->s, j))
                    j += char_len(a[0], s->s, j);
                list_append(l, str_same_kind(a[0], s->s + i, j - i));
                max--;
                i = j;
            }
            return l;
        }
        size_t j = s->len, w;
        for (;;) {
            while (j > 0 && (w = ws_before(a[0], s->s, j)))
                j -= w;
            if (!j) break;
            if (max == 0) {
                list_append(l, str_same_kind(a[0], s->s, j));
                break;
            }
            size_t i = j;
            while (i > 0 && !ws_before(a[0], s->s, i)) {
                i--;
                while (i > 0 && !IS(a[0], bytes_type) && ((uint8_t)s->s[i] & 0xc0) == 0x80)
                    i--;
            }
            list_append(l, str_same_kind(a[0], s->s + i, j - i));
            max--;
            j = i;
        }
        call_method(l, "reverse", 0, NULL);
        return l;
    }
    want_same(a[0], sep, "split");
    Str *p = as_str(sep);
    if (p->len == 0) raisef(&ValueError_type, "empty separator");
    if (!rev) {
        size_t i = 0;
        for (;;) {
            const char *f = max == 0 ? NULL : str_find(s->s + i, s->len - i, p->s, p->len);
            if (!f) {
                list_append(l, str_same_kind(a[0], s->s + i, s->len - i));
                break;
            }
            list_append(l, str_same_kind(a[0], s->s + i, (size_t)(f - (s->s + i))));
            i = (size_t)(f - s->s) + p->len;
            max--;
        }
        return l;
    }
    size_t j = s->len;
    for (;;) {
        const char *f = NULL;
        if (max != 0 && j >= p->len)
            for (size_t k = j - p->len + 1; k-- > 0;)
                if (!memcmp(s->s + k, p->s, p->len)) {
                    f = s->s + k;
                    break;
                }
        if (!f) {
            list_append(l, str_same_kind(a[0], s->s, j));
            break;
        }
        size_t k = (size_t)(f - s->s);
        list_append(l, str_same_kind(a[0], f + p->len, j - k - p->len));
        j = k;
        max--;
    }
    call_method(l, "reverse", 0, NULL);
    return l;
}

static Obj *m_split(int n, Obj **a, Obj *kw) {
    return m_split_impl(n, a, kw, 0);
}

static Obj *m_rsplit(int n, Obj **a, Obj *kw) {
    return m_split_impl(n, a, kw, 1);
}

/* Line boundaries: \n, \r, \r\n for bytes; str adds \v, \f, \x1c-\x1e, \x85, U+2028/9. */
static size_t line_break_at(Obj *self, const char *s, size_t i, size_t len) {
    uint8_t c = (uint8_t)s[i];
    if (c == '\r') return i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
    if (c == '\n') return 1;
    if (IS(self, bytes_type)) return 0;
    if (c == '\v' || c == '\f' || c == 0x1c || c == 0x1d || c == 0x1e) return 1;
    if (c >= 0x80) {
        const char *p = s + i;
        uint32_t cp = utf8_decode(&p);
        if (cp == 0x85 || cp == 0x2028 || cp == 0x2029) return (size_t)(p - (s + i));
    }
    return 0;
}

static Obj *m_splitlines(int n, Obj **a, Obj *kw) {
    int np = args_npos(n, kw);
    Obj *ke = np > 1 ? a[1] : args_kw(n, a, kw, "keepends");
    int keep = ke && obj_truth(ke);
    Str *s = SELF;
    Obj *l = list_new(0);
    size_t i = 0;
    while (i < s->len) {
        size_t j = i, brk = 0;
        while (j < s->len && !(brk = line_break_at(a[0], s->s, j, s->len)))
            j += char_len(a[0], s->s, j);
        list_append(l, str_same_kind(a[0], s->s + i, (keep ? j + brk : j) - i));
        i = j + brk;
    }
    return l;
}

Obj *str_join(Obj *sep, Obj *iterable) {
    Str *s = (Str *)sep;
    Buf b;
    buf_init(&b);
    Obj *it = obj_iter(iterable);
    size_t i = 0;
    for (Obj *v; (v = obj_next(it)); i++) {
        if (i) buf_add(&b, s->s, s->len);
        if (IS(sep, bytes_type)) {
            if (IS(v, bytearray_type)) v = bytes_new(((ByteArray *)v)->data, ((ByteArray *)v)->len);
            if (!IS(v, bytes_type))
                raisef(&TypeError_type, "sequence item %zu: expected a bytes-like object, %s found",
                       i, type_name(v));
        } else if (!ISINST(v, str_type)) {
            raisef(&TypeError_type, "sequence item %zu: expected str instance, %s found", i,
                   type_name(v));
        }
        buf_addobj(&b, v);
    }
    return str_same_kind(sep, b.p, b.len);
}

static Obj *m_join(int n, Obj **a, Obj *kw) {
    args_nokw("join", kw);
    args_count("str.join", n - 1, 1, 1);
    return str_join(a[0], a[1]);
}

/* start/end arguments in code points -> byte range */
static void sub_range(Str *s, int n, Obj **a, int first, size_t *lo, size_t *hi) {
    int64_t len = (int64_t)s->clen, st = 0, en = len;
    if (n > first && a[first] != None) {
        st = int_val(obj_index(a[first]));
        if (st < 0) st = st + len < 0 ? 0 : st + len;
    }
    if (n > first + 1 && a[first + 1] != None) {
        en = int_val(obj_index(a[first + 1]));
        if (en < 0) en = en + len < 0 ? 0 : en + len;
    }
    if (en > len) en = len;
    if (st > len) {
        *lo = s->len + 1;
        *hi = s->len;
        return;
    }
    if (en < st) en = st;
    *lo = str_cp_off(s, (size_t)st);
    *hi = str_cp_off(s, (size_t)en);
}

static int64_t to_cp(Str *s, size_t off) {
    return s->clen == s->len ? (int64_t)off : (int64_t)str_count_cp(s->s, off);
}

static int64_t do_find(int n, Obj **a, int rev) {
    Str *s = SELF;
    Obj *x = a[1];
    Str *p;
    char one;
    Str tmp;
    if (IS(a[0], bytes_type) && IS_INT(x)) {
        one = (char)int_val(x);
        (void)tmp;
        p = (Str *)bytes_new(&one, 1);
    } else {
        want_same(a[0], x, "find");
        p = as_str(x);
    }
    size_t lo, hi;
    sub_range(s, n, a, 2, &lo, &hi);
    if (lo > s->len || hi < lo || hi - lo < p->len) return -1;
    if (!rev) {
        const char *f = str_find(s->s + lo, hi - lo, p->s, p->len);
        return f ? to_cp(s, (size_t)(f - s->s)) : -1;
    }
    for (size_t k = hi - p->len + 1; k-- > lo;)
        if (!memcmp(s->s + k, p->s, p->len)) return to_cp(s, k);
    return -1;
}

static Obj *m_find(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("find", n - 1, 1, 3);
    return int_from(do_find(n, a, 0));
}

static Obj *m_rfind(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("rfind", n - 1, 1, 3);
    return int_from(do_find(n, a, 1));
}

static Obj *m_index(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("index", n - 1, 1, 3);
    int64_t r = do_find(n, a, 0);
    if (r < 0)
        raisef(&ValueError_type,
               IS(a[0], bytes_type) ? "subsection not found" : "substring not found");
    return int_from(r);
}

static Obj *m_rindex(int n, Obj **a, Obj *kw) {
    (void)kw;
    int64_t r = do_find(n, a, 1);
    if (r < 0)
        raisef(&ValueError_type,
               IS(a[0], bytes_type) ? "subsection not found" : "substring not found");
    return int_from(r);
}

static Obj *m_count(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("count", n - 1, 1, 3);
    Str *s = SELF;
    Str *p;
    char one;
    if (IS(a[0], bytes_type) && IS_INT(a[1])) {
        one = (char)int_val(a[1]);
        p = (Str *)bytes_new(&one, 1);
    } else {
        want_same(a[0], a[1], "count");
        p = as_str(a[1]);
    }
    size_t lo, hi;
    sub_range(s, n, a, 2, &lo, &hi);
    if (lo > s->len) return int_from(0);
    if (p->len == 0) return int_from(to_cp(s, hi) - to_cp(s, lo) + 1);
    int64_t c = 0;
    size_t i = lo;
    while (i + p->len <= hi) {
        const char *f = str_find(s->s + i, hi - i, p->s, p->len);
        if (!f) break;
        c++;
        i = (size_t)(f - s->s) + p->len;
    }
    return int_from(c);
}

static Obj *m_replace(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("replace", n - 1, 2, 3);
    want_same(a[0], a[1], "replace");
    want_same(a[0], a[2], "replace");
    Str *s = SELF, *o = as_str(a[1]), *r = as_str(a[2]);
    int64_t max = n > 3 ? int_val(a[3]) : -1;
    Buf b;
    buf_init(&b);
    size_t i = 0;
    if (o->len == 0) {
        /* insert between every code point */
        const char *p = s->s, *end = s->s + s->len;
        if (max != 0) {
            buf_add(&b, r->s, r->len);
            max--;
        }
        while (p < end) {
            const char *q = p;
            if (IS(a[0], bytes_type))
                q++;
            else
                utf8_decode(&q);
            buf_add(&b, p, (size_t)(q - p));
            p = q;
            if (max != 0 && p < end + 1 && p <= end) {
                if (p == end && 0) break;
                buf_add(&b, r->s, r->len);
                max--;
            }
        }
        return str_same_kind(a[0], b.p, b.len);
    }
    while (i <= s->len) {
        const char *f = max == 0 ? NULL : str_find(s->s + i, s->len - i, o->s, o->len);
        if (!f) {
            buf_add(&b, s->s + i, s->len - i);
            break;
        }
        buf_add(&b, s->s + i, (size_t)(f - (s->s + i)));
        buf_add(&b, r->s, r->len);
        i = (size_t)(f - s->s) + o->len;
        max--;
    }
    return str_same_kind(a[0], b.p, b.len);
}

static int affix_match(Obj *self, Obj *x, int n, Obj **a, int end) {
    Str *s = (Str *)self;
    want_same(self, x, end ? "endswith" : "startswith");
    Str *p = as_str(x);
    size_t lo, hi;
    sub_range(s, n, a, 2, &lo, &hi);
    if (lo > s->len || hi - lo < p->len) return 0;
    return !memcmp(s->s + (end ? hi - p->len : lo), p->s, p->len);
}

static Obj *affix(int n, Obj **a, int end) {
    args_count(end ? "endswith" : "startswith", n - 1, 1, 3);
    if (IS(a[1], tuple_type)) {
        Tuple *t = (Tuple *)a[1];
        for (size_t i = 0; i < t->len; i++)
            if (affix_match(a[0], t->items[i], n, a, end)) return True;
        return False;
    }
    if (!IS(a[0], bytes_type) && !ISINST(a[1], str_type))
        raisef(&TypeError_type, "%s first arg must be str or a tuple of str, not %s",
               end ? "endswith" : "startswith", type_name(a[1]));
    return BOOL(affix_match(a[0], a[1], n, a, end));
}

static Obj *m_startswith(int n, Obj **a, Obj *kw) {
    (void)kw;
    return affix(n, a, 0);
}

static Obj *m_endswith(int n, Obj **a, Obj *kw) {
    (void)kw;
    return affix(n, a, 1);
}

uint32_t uni_lower(uint32_t c);
uint32_t uni_upper(uint32_t c);
int uni_isupper(uint32_t c);
int uni_islower(uint32_t c);
int uni_isdigit(uint32_t c);
int uni_isalpha(uint32_t c);
int uni_isspace(uint32_t c);
int uni_isprintable(uint32_t c);

/* Next code point of a str, or next byte of bytes (which are treated as ASCII). */
static uint32_t next_cp(Obj *self, const char **p) {
    if (IS(self, bytes_type)) return (uint8_t) * (*p)++;
    return utf8_decode(p);
}

static void put_cp(Obj *self, Buf *b, uint32_t c) {
    if (IS(self, bytes_type)) {
        buf_addc(b, (char)c);
        return;
    }
    char u[4];
    buf_add(b, u, utf8_encode(c, u));
}

static uint32_t lower_cp(Obj *self, uint32_t c) {
    return IS(self, bytes_type) && c >= 128 ? c : uni_lower(c);
}

static uint32_t upper_cp(Obj *self, uint32_t c) {
    return IS(self, bytes_type) && c >= 128 ? c : uni_upper(c);
}

int uni_istitlecase(uint32_t c);

static int cased(Obj *self, uint32_t c) {
    return IS(self, bytes_type) && c >= 128
               ? 0
               : (uni_isupper(c) || uni_islower(c) || uni_istitlecase(c));
}

int uni_istitlecase(uint32_t c);
uint32_t uni_title(uint32_t c);
int uni_special_upper(uint32_t c, int title, uint32_t out[3]);

/* Upper (or, with title, titlecase) form of c, which may be several characters. */
static void put_upper(Obj *self, Buf *b, uint32_t c, int title) {
    if (IS(self, bytes_type)) {
        put_cp(self, b, upper_cp(self, c));
        return;
    }
    uint32_t many[3];
    int n = uni_special_upper(c, title, many);
    for (int i = 0; i < n; i++)
        put_cp(self, b, many[i]);
    if (n) return;
    uint32_t t = title ? uni_title(c) : 0;
    put_cp(self, b, t ? t : uni_upper(c));
}

/* Lower form of c; `final` says a capital sigma ends a word (so it becomes final sigma). */
static void put_lower(Obj *self, Buf *b, uint32_t c, int final) {
    if (IS(self, bytes_type)) {
        put_cp(self, b, lower_cp(self, c));
        return;
    }
    if (c == 0x130) {
        put_cp(self, b, 'i');
        put_cp(self, b, 0x307);
        return;
    }
    if (c == 0x3a3 && final) {
        put_cp(self, b, 0x3c2);
        return;
    }
    put_cp(self, b, uni_lower(c));
}

static Obj *map_case(Obj *self, int mode) {
    Str *s = (Str *)self;
    Buf b;
    buf_init(&b);
    const char *p = s->s, *end = s->s + s->len;
    int start = 1, first = 1, prev_cased = 0;
    while (p < end) {
        uint32_t c = next_cp(self, &p);
        int final = 0;
        if (c == 0x3a3 && prev_cased) {
            /* final sigma: preceded by a cased letter and not followed by one */
            const char *q = p;
            final = q >= end || !cased(self, next_cp(self, &q));
        }
        switch (mode) {
        case 0:
            put_lower(self, &b, c, final);
            break;
        case 1:
            put_upper(self, &b, c, 0);
            break;
        case 2: /* capitalize: the first character in titlecase */
            if (first)
                put_upper(self, &b, c, 1);
            else
                put_lower(self, &b, c, final);
            break;
        case 3: /* title */
            if (start)
                put_upper(self, &b, c, 1);
            else
                put_lower(self, &b, c, final);
            start = !cased(self, c);
            break;
        default: /* swapcase */
            if (IS(self, bytes_type) && c >= 128)
                put_cp(self, &b, c);
            else if (uni_isupper(c))
                put_lower(self, &b, c, final);
            else
                put_upper(self, &b, c, 0);
        }
        prev_cased = cased(self, c);
        first = 0;
    }
    return str_same_kind(self, b.p, b.len);
}

static Obj *m_lower(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return map_case(a[0], 0);
}

static Obj *m_upper(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return map_case(a[0], 1);
}

static Obj *m_capitalize(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return map_case(a[0], 2);
}

static Obj *m_title(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return map_case(a[0], 3);
}

static Obj *m_swapcase(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return map_case(a[0], 4);
}

typedef int (*cpred)(uint32_t c);

static int p_alnum(uint32_t c) {
    return uni_isdigit(c) || uni_isalpha(c);
}

static Obj *all_chars(Obj *self, cpred pr) {
    Str *s = (Str *)self;
    if (!s->len) return False;
    const char *p = s->s, *end = s->s + s->len;
    while (p < end) {
        uint32_t c = next_cp(self, &p);
        if (IS(self, bytes_type) && c >= 128) return False;
        if (!pr(c)) return False;
    }
    return True;
}

static Obj *m_isdigit(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return all_chars(a[0], uni_isdigit);
}

static Obj *m_isalpha(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return all_chars(a[0], uni_isalpha);
}

static Obj *m_isalnum(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return all_chars(a[0], p_alnum);
}

static Obj *m_isspace(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return all_chars(a[0], uni_isspace);
}

static Obj *m_isprintable(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    if (!SELF->len) return True;
    return all_chars(a[0], uni_isprintable);
}

static Obj *case_check(Obj *self, int upper) {
    Str *s = (Str *)self;
    int any = 0;
    const char *p = s->s, *end = s->s + s->len;
    while (p < end) {
        uint32_t c = next_cp(self, &p);
        if (IS(self, bytes_type) && c >= 128) continue;
        if (uni_islower(c) && !uni_isupper(c)) {
            if (upper) return False;
            any = 1;
        } else if (uni_isupper(c)) {
            if (!upper) return False;
            any = 1;
        }
    }
    return BOOL(any);
}

static Obj *m_isupper(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return case_check(a[0], 1);
}

static Obj *m_islower(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return case_check(a[0], 0);
}

static Obj *m_istitle(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Str *s = SELF;
    int prev_cased = 0, any = 0;
    const char *p = s->s, *end = s->s + s->len;
    while (p < end) {
        uint32_t c = next_cp(a[0], &p);
        int up = uni_isupper(c) || uni_istitlecase(c), low = uni_islower(c) && !up;
        if (up) {
            if (prev_cased) return False;
            prev_cased = any = 1;
        } else if (low) {
            if (!prev_cased) return False;
            prev_cased = any = 1;
        } else {
            prev_cased = 0;
        }
    }
    return BOOL(any);
}

static Obj *m_isidentifier(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Str *s = SELF;
    if (!s->len || (s->s[0] >= '0' && s->s[0] <= '9')) return False;
    const char *p = s->s, *end = s->s + s->len;
    while (p < end) {
        uint32_t c = utf8_decode(&p);
        if (!p_alnum(c) && c != '_') return False;
    }
    return True;
}

static Obj *m_isascii(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Str *s = SELF;
    for (size_t i = 0; i < s->len; i++)
        if ((uint8_t)s->s[i] & 0x80) return False;
    return True;
}

static Obj *pad(int n, Obj **a, int where) {
    args_count(where == 0 ? "ljust" : where == 1 ? "rjust" : "center", n - 1, 1, 2);
    Str *s = SELF;
    int64_t w = int_val(a[1]);
    const char *fill = " ";
    size_t fl = 1;
    if (n > 2) {
        Str *f = as_str(a[2]);
        if (IS(a[0], str_type) && (!ISINST(a[2], str_type) || f->clen != 1))
            raisef(&TypeError_type, "The fill character must be exactly one character long");
        fill = f->s;
        fl = f->len;
    }
    int64_t len = (int64_t)s->clen;
    if (w <= len) return IS(a[0], str_type) ? a[0] : str_same_kind(a[0], s->s, s->len);
    int64_t total = w - len, left;
    if (where == 0)
        left = 0;
    else if (where == 1)
        left = total;
    else
        left = total / 2 + (total & w & 1);
    Buf b;
    buf_init(&b);
    for (int64_t i = 0; i < left; i++)
        buf_add(&b, fill, fl);
    buf_add(&b, s->s, s->len);
    for (int64_t i = 0; i < total - left; i++)
        buf_add(&b, fill, fl);
    return str_same_kind(a[0], b.p, b.len);
}

static Obj *m_ljust(int n, Obj **a, Obj *kw) {
    (void)kw;
    return pad(n, a, 0);
}

static Obj *m_rjust(int n, Obj **a, Obj *kw) {
    (void)kw;
    return pad(n, a, 1);
}

static Obj *m_center(int n, Obj **a, Obj *kw) {
    (void)kw;
    return pad(n, a, 2);
}

static Obj *m_zfill(int n, Obj **a, Obj *kw) {
    (void)kw;
    args_count("zfill", n - 1, 1, 1);
    Str *s = SELF;
    int64_t w = int_val(a[1]);
    if (w <= (int64_t)s->clen) return a[0];
    Buf b;
    buf_init(&b);
    size_t i = 0;
    if (s->len && (s->s[0] == '-' || s->s[0] == '+')) {
        buf_addc(&b, s->s[0]);
        i = 1;
    }
    for (int64_t k = 0; k < w - (int64_t)s->clen; k++)
        buf_addc(&b, '0');
    buf_add(&b, s->s + i, s->len - i);
    return str_same_kind(a[0], b.p, b.len);
}

static Obj *do_partition(int n, Obj **a, int rev) {
    args_count(rev ? "rpartition" : "partition", n - 1, 1, 1);
    want_same(a[0], a[1], "partition");
    Str *s = SELF, *p = as_str(a[1]);
    if (!p->len) raisef(&ValueError_type, "empty separator");
    const char *f = NULL;
    if (!rev) {
        f = str_find(s->s, s->len, p->s, p->len);
    } else if (s->len >= p->len) {
        for (size_t k = s->len - p->len + 1; k-- > 0;)
            if (!memcmp(s->s + k, p->s, p->len)) {
                f = s->s + k;
                break;
            }
    }
    Obj *e = str_same_kind(a[0], "", 0);
    if (!f) return rev ? tuple_pack(3, e, e, a[0]) : tuple_pack(3, a[0], e, e);
    size_t k = (size_t)(f - s->s);
    return tuple_pack(3, str_same_kind(a[0], s->s, k), a[1],
                      str_same_kind(a[0], f + p->len, s->len - k - p->len));
}

static Obj *m_partition(int n, Obj **a, Obj *kw) {
    (void)kw;
    return do_partition(n, a, 0);
}

static Obj *m_rpartition(int n, Obj **a, Obj *kw) {
    (void)kw;
    return do_partition(n, a, 1);
}

static Obj *m_encode(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return bytes_new(SELF->s, SELF->len);
}

static Obj *m_format(int n, Obj **a, Obj *kw) {
    return str_format(a[0], n - 1, a + 1, kw);
}

static Obj *m_expandtabs(int n, Obj **a, Obj *kw) {
    (void)kw;
    int64_t ts = n > 1 ? int_val(a[1]) : 8;
    Str *s = SELF;
    Buf b;
    buf_init(&b);
    int64_t col = 0;
    for (size_t i = 0; i < s->len; i++) {
        char c = s->s[i];
        if (c == '\t') {
            if (ts > 0) {
                int64_t sp = ts - col % ts;
                for (int64_t k = 0; k < sp; k++)
                    buf_addc(&b, ' ');
                col += sp;
            }
        } else {
            buf_addc(&b, c);
            col = c == '\n' || c == '\r' ? 0 : col + (((uint8_t)c & 0xc0) != 0x80);
        }
    }
    return str_same_kind(a[0], b.p, b.len);
}

static Obj *m_removeprefix(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Str *s = SELF, *p = as_str(a[1]);
    if (p->len <= s->len && !memcmp(s->s, p->s, p->len))
        return str_same_kind(a[0], s->s + p->len, s->len - p->len);
    return a[0];
}

static Obj *m_removesuffix(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Str *s = SELF, *p = as_str(a[1]);
    if (p->len && p->len <= s->len && !memcmp(s->s + s->len - p->len, p->s, p->len))
        return str_same_kind(a[0], s->s, s->len - p->len);
    return a[0];
}

static Obj *m_maketrans(int n, Obj **a, Obj *kw) {
    (void)kw;
    Obj *d = dict_new();
    if (n == 1) {
        size_t pos = 0;
        Obj *k, *v;
        while (dict_next(a[0], &pos, &k, &v))
            dict_set(d, ISINST(k, str_type) ? int_from(utf8_decode(&(const char *){str_c(k)})) : k,
                     v);
        return d;
    }
    Str *x = (Str *)a[0], *y = (Str *)a[1];
    if (x->clen != y->clen)
        raisef(&ValueError_type, "the first two maketrans arguments must have equal length");
    const char *p = x->s, *q = y->s;
    for (size_t i = 0; i < x->clen; i++) {
        uint32_t c1 = utf8_decode(&p), c2 = utf8_decode(&q);
        dict_set(d, int_from(c1), int_from(c2));
    }
    if (n > 2) {
        const char *r = ((Str *)a[2])->s;
        for (size_t i = 0; i < ((Str *)a[2])->clen; i++)
            dict_set(d, int_from(utf8_decode(&r)), None);
    }
    return d;
}

static Obj *m_translate(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Str *s = SELF;
    Buf b;
    buf_init(&b);
    const char *p = s->s, *end = s->s + s->len;
    while (p < end) {
        const char *st = p;
        uint32_t c = utf8_decode(&p);
        Obj *r = NULL;
        TRY {
            r = obj_getitem(a[1], int_from(c));
        }
        CATCH(e) {
            if (!ISINST(e, LookupError_type)) raise(e);
            r = NULL;
        }
        ENDTRY
        if (!r)
            buf_add(&b, st, (size_t)(p - st));
        else if (r == None)
            continue;
        else if (IS_INT(r)) {
            char u[4];
            buf_add(&b, u, utf8_encode((uint32_t)int_val(r), u));
        } else
            buf_addobj(&b, r);
    }
    return buf_str(&b);
}

static Obj *m_casefold(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return map_case(a[0], 0);
}

void str_add_shared(Type *t) {
    type_add_method(t, "strip", m_strip);
    type_add_method(t, "lstrip", m_lstrip);
    type_add_method(t, "rstrip", m_rstrip);
    type_add_method(t, "split", m_split);
    type_add_method(t, "rsplit", m_rsplit);
    type_add_method(t, "splitlines", m_splitlines);
    type_add_method(t, "join", m_join);
    type_add_method(t, "find", m_find);
    type_add_method(t, "rfind", m_rfind);
    type_add_method(t, "index", m_index);
    type_add_method(t, "rindex", m_rindex);
    type_add_method(t, "count", m_count);
    type_add_method(t, "replace", m_replace);
    type_add_method(t, "startswith", m_startswith);
    type_add_method(t, "endswith", m_endswith);
    type_add_method(t, "lower", m_lower);
    type_add_method(t, "upper", m_upper);
    type_add_method(t, "capitalize", m_capitalize);
    type_add_method(t, "title", m_title);
    type_add_method(t, "swapcase", m_swapcase);
    type_add_method(t, "isdigit", m_isdigit);
    type_add_method(t, "isalpha", m_isalpha);
    type_add_method(t, "isalnum", m_isalnum);
    type_add_method(t, "isspace", m_isspace);
    type_add_method(t, "isupper", m_isupper);
    type_add_method(t, "islower", m_islower);
    type_add_method(t, "istitle", m_istitle);
    type_add_method(t, "isascii", m_isascii);
    type_add_method(t, "ljust", m_ljust);
    type_add_method(t, "rjust", m_rjust);
    type_add_method(t, "center", m_center);
    type_add_method(t, "zfill", m_zfill);
    type_add_method(t, "partition", m_partition);
    type_add_method(t, "rpartition", m_rpartition);
    type_add_method(t, "expandtabs", m_expandtabs);
    type_add_method(t, "removeprefix", m_removeprefix);
    type_add_method(t, "removesuffix", m_removesuffix);
}

void str_methods_init(void) {
    str_add_shared(&str_type);
    type_add_method(&str_type, "isidentifier", m_isidentifier);
    type_add_method(&str_type, "isdecimal", m_isdigit);
    type_add_method(&str_type, "isnumeric", m_isdigit);
    type_add_method(&str_type, "encode", m_encode);
    type_add_method(&str_type, "format", m_format);
    type_add_method(&str_type, "translate", m_translate);
    type_add_method(&str_type, "casefold", m_casefold);
    type_add_method(&str_type, "isprintable", m_isprintable);
    Wrap *w = (Wrap *)gc_new(&staticmethod_type, sizeof(Wrap));
    w->f = builtin_new("maketrans", m_maketrans, NULL);
    dict_setc(str_type.dict, "maketrans", (Obj *)w);
}
