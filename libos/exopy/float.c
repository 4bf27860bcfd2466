/* float.c: the float type: IEEE double arithmetic with Python's floor/mod semantics, mixed
 * int/float comparison, and repr as the shortest string that round-trips (as CPython). */
#include "exopy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Obj *uni_ascii_digits(Obj *o);

Obj *float_from(double d) {
    Float *f = (Float *)gc_alloc(sizeof(Float), 0);
    f->h.type = &float_type;
    f->v = d;
    return (Obj *)f;
}

double num_to_double(Obj *o) {
    if (IS(o, float_type) || ISINST(o, float_type)) return ((Float *)o)->v;
    if (IS_INT(o)) return int_to_double(o);
    if (TYPE(o)->flags & TF_HEAP) {
        Obj *m = type_lookupc(TYPE(o), "__float__");
        if (m) return ((Float *)call1(m, o))->v;
    }
    raisef(&TypeError_type, "must be real number, not %s", type_name(o));
}

/* The shortest round-tripping digits, laid out like CPython's repr (exponent form outside
 * 1e-4 <= |d| < 1e16); dtoa.c does the exact work. */
void float_fmt(char *buf, size_t n, double d) {
    Buf b;
    buf_init(&b);
    if (isnan(d))
        buf_adds(&b, "nan");
    else {
        if (signbit(d)) buf_addc(&b, '-');
        if (isinf(d))
            buf_adds(&b, "inf");
        else
            dtoa_format(&b, fabs(d), 'r', 0, 0, 1);
    }
    size_t len = b.len < n ? b.len : n - 1;
    memcpy(buf, b.p, len);
    buf[len] = 0;
}

/* trunc, floor, ceil and round-half-even by the bits, exact for every double (picolibc's soft-float
 * trunc is wrong from 2^63 on): an integral part is the mantissa with its fraction bits cleared. */
double float_trunc(double d) {
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    int e = (int)(u >> 52 & 0x7ff) - 1023; /* d's binary exponent */
    if (e >= 52) return d;                 /* integral already, or inf or nan */
    if (e < 0)
        u &= (uint64_t)1 << 63;
    else
        u &= ~((((uint64_t)1 << 52) - 1) >> e);
    memcpy(&d, &u, sizeof d);
    return d;
}

double float_floor(double d) {
    double t = float_trunc(d);
    return d < t ? t - 1.0 : t; /* below 2^52 the subtraction is exact */
}

double float_ceil(double d) {
    double t = float_trunc(d);
    if (d > t) return t + 1.0;
    return t == 0 && d < 0 ? -0.0 : t;
}

double float_rint(double d) {
    double t = float_trunc(d), f = d - t; /* exact: both below 2^52 when f is not 0 */
    int odd = f != 0 && ((int64_t)t & 1);
    if (f > 0.5 || (f == 0.5 && odd)) return t + 1.0;
    if (f < -0.5 || (f == -0.5 && odd)) return t - 1.0;
    return t;
}

Obj *float_repr_d(double d) {
    char buf[64];
    float_fmt(buf, sizeof buf, d);
    return str_from(buf);
}

static Obj *float_repr(Obj *o) {
    return float_repr_d(((Float *)o)->v);
}

static int64_t float_hash(Obj *o) {
    double d = ((Float *)o)->v;
    if (isnan(d)) return (int64_t)((uintptr_t)o >> 4);
    if (isinf(d)) return d > 0 ? 314159 : -314159;
    if (d == floor(d) && fabs(d) < 9e18) return int_hash(int_from((int64_t)d));
    if (d == floor(d)) return int_hash(int_from_double(d));
    /* non-integral: CPython's modular scheme over 2^61-1 */
    const uint64_t P = ((uint64_t)1 << 61) - 1;
    int e;
    double m = frexp(fabs(d), &e);
    uint64_t x = 0;
    while (m) {
        x = ((x << 28) & P) | x >> (61 - 28);
        m *= 268435456.0;
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= P) x -= P;
    }
    e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
    x = ((x << e) & P) | x >> (61 - e);
    int64_t r = d < 0 ? -(int64_t)x : (int64_t)x;
    return r == -1 ? -2 : r;
}

/* Compare a double with an int exactly. */
static int cmp_float_int(double d, Obj *i) {
    if (isinf(d)) return d > 0 ? 1 : -1;
    double fi;
    int fits = 1;
    if (int_fits(i) && llabs(((Int *)i)->v) < (1LL << 53))
        fi = (double)((Int *)i)->v;
    else
        fits = 0;
    if (fits) return d < fi ? -1 : d > fi;
    Obj *di = int_from_double(floor(d));
    int c = int_cmp(di, i);
    if (c) return c;
    return d > floor(d) ? 1 : 0;
}

static Obj *float_richcmp(Obj *a, Obj *b, int op) {
    double x = ((Float *)a)->v;
    int c;
    if (IS(b, float_type) || ISINST(b, float_type)) {
        double y = ((Float *)b)->v;
        if (isnan(x) || isnan(y)) return BOOL(op == CMP_NE);
        c = x < y ? -1 : x > y;
    } else if (IS_INT(b)) {
        if (isnan(x)) return BOOL(op == CMP_NE);
        c = cmp_float_int(x, b);
    } else {
        return NotImpl;
    }
    return cmp_result(c, op);
}

/* a ** n for a small integral n, correctly rounded: |a| = m * 2^e, so the exact power is
 * m^n * 2^(en), an int or one over an int, which int division rounds once (libm's pow may be
 * an ulp off, and glibc's, CPython's on the host, is not). 0 when out of its range. */
static int pow_exact(double a, double b, double *out) {
    uint64_t m;
    int e;
    if (b != float_trunc(b) || b < -64 || b > 64 || a == 0 || !dtoa_split(a, &m, &e)) return 0;
    while (!(m & 1)) {
        m >>= 1;
        e++;
    }
    int n = (int)(b < 0 ? -b : b);
    int lg = 64 - __builtin_clzll(m) + e;                /* 2^(lg - 1) <= |a| < 2^lg */
    if (lg * n > 1000 || (lg - 1) * n < -1000) return 0; /* leave overflow and underflow to pow */
    Obj *num = int_binop(int_from_u64(m), int_from(n), OP_POW), *den = int_from(1);
    if (b < 0) {
        den = num;
        num = int_from(1);
        e = -e;
    }
    if (e * n >= 0)
        num = int_binop(num, int_from((int64_t)e * n), OP_LSHIFT);
    else
        den = int_binop(den, int_from(-(int64_t)e * n), OP_LSHIFT);
    double r = ((Float *)int_binop(num, den, OP_TRUEDIV))->v;
    *out = signbit(a) && (n & 1) ? -r : r;
    return 1;
}

static Obj *float_binop(Obj *self, Obj *other, int op, int reflected) {
    if (!IS(other, float_type) && !IS_INT(other) && !ISINST(other, float_type)) return NotImpl;
    double a = num_to_double(reflected ? other : self);
    double b = num_to_double(reflected ? self : other);
    switch (op) {
    case OP_ADD:
        return float_from(a + b);
    case OP_SUB:
        return float_from(a - b);
    case OP_MUL:
        return float_from(a * b);
    case OP_TRUEDIV:
        if (b == 0) raisef(&ZeroDivisionError_type, "float division by zero");
        return float_from(a / b);
    case OP_FLOORDIV:
    case OP_MOD: {
        if (b == 0)
            raisef(&ZeroDivisionError_type,
                   op == OP_MOD ? "float modulo" : "float floor division by zero");
        double m = fmod(a, b);
        double div = (a - m) / b;
        if (m) {
            if ((b < 0) != (m < 0)) {
                m += b;
                div -= 1.0;
            }
        } else {
            m = copysign(0.0, b);
        }
        double fd;
        if (div) {
            fd = floor(div);
            if (div - fd > 0.5) fd += 1.0;
        } else {
            fd = copysign(0.0, a / b);
        }
        return float_from(op == OP_MOD ? m : fd);
    }
    case OP_POW:
        if (a == 0 && b < 0)
            raisef(&ZeroDivisionError_type, "0.0 cannot be raised to a negative power");
        if (a < 0 && b != floor(b)) raisef(&ValueError_type, "complex results are not supported");
        {
            double r;
            if (!pow_exact(a, b, &r)) r = pow(a, b);
            if (isinf(r) && !isinf(a) && !isinf(b))
                raisef(&OverflowError_type, "(34, 'Numerical result out of range')");
            return float_from(r);
        }
    default:
        return NotImpl;
    }
}

static Obj *float_unop(Obj *o, int op) {
    double d = ((Float *)o)->v;
    if (op == UOP_NEG) return float_from(-d);
    if (op == UOP_POS) return o;
    return NotImpl;
}

static int float_truth(Obj *o) {
    return ((Float *)o)->v != 0;
}

int float_parse(const char *s, size_t len, double *out) {
    size_t i = 0, j = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
        i++;
    while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n'))
        len--;
    if (i == len) return 0;
    char *buf = gc_alloc(len - i + 1, 0); /* the text without its underscores */
    for (; i < len; i++) {
        if (s[i] == '_') {
            if (!j || i + 1 >= len || !(s[i + 1] >= '0' && s[i + 1] <= '9') ||
                !(buf[j - 1] >= '0' && buf[j - 1] <= '9'))
                return 0;
            continue;
        }
        buf[j++] = s[i];
    }
    buf[j] = 0;
    return dtoa_parse(buf, j, out);
}

static Obj *float_new(Type *t, int n, Obj **a, Obj *kw) {
    (void)t;
    args_nokw("float", kw);
    args_count("float", n, 0, 1);
    if (t != &float_type) {
        Obj *v = float_new(&float_type, n, a, kw);
        Float *o = (Float *)gc_new(t, t->size);
        o->v = ((Float *)v)->v;
        return (Obj *)o;
    }
    if (n == 0) return float_from(0.0);
    Obj *x = a[0];
    if (IS(x, float_type)) return x;
    if (ISINST(x, str_type) || IS(x, bytes_type)) {
        double d;
        Str *s = (Str *)(ISINST(x, str_type) ? uni_ascii_digits(x) : x);
        if (!float_parse(s->s, s->len, &d))
            raisef(&ValueError_type, "could not convert string to float: %s", str_c(obj_repr(x)));
        return float_from(d);
    }
    return float_from(num_to_double(x));
}

static Obj *float_is_integer(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    double d = ((Float *)a[0])->v;
    return BOOL(isfinite(d) && d == floor(d));
}

static Obj *float_as_integer_ratio(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    double d = ((Float *)a[0])->v;
    if (isinf(d)) raisef(&OverflowError_type, "cannot convert Infinity to integer ratio");
    if (isnan(d)) raisef(&ValueError_type, "cannot convert NaN to integer ratio");
    int e;
    double m = frexp(d, &e);
    for (int i = 0; i < 300 && m != floor(m); i++) {
        m *= 2.0;
        e--;
    }
    Obj *num = int_from_double(m);
    Obj *den = int_from(1);
    if (e > 0)
        num = int_binop(num, int_from(e), OP_LSHIFT);
    else
        den = int_binop(den, int_from(-e), OP_LSHIFT);
    return tuple_pack(2, num, den);
}

static Obj *float_getattr(Obj *o, Obj *name) {
    if (str_eqc(name, "real")) return o;
    if (str_eqc(name, "imag")) return float_from(0.0);
    return generic_getattr(o, name);
}

static Obj *float_conjugate(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return a[0];
}

Type float_type = {.name = "float",
                   .flags = TF_BASE,
                   .size = sizeof(Float),
                   .repr = float_repr,
                   .hash = float_hash,
                   .richcmp = float_richcmp,
                   .getattr = float_getattr,
                   .truth = float_truth,
                   .binop = float_binop,
                   .unop = float_unop,
                   .new = float_new};

void float_init(void) {
    type_finish(&float_type);
    type_add_method(&float_type, "is_integer", float_is_integer);
    type_add_method(&float_type, "as_integer_ratio", float_as_integer_ratio);
    type_add_method(&float_type, "conjugate", float_conjugate);
}
