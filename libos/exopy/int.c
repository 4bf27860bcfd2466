/* int.c: arbitrary-precision integers (and bool): int64 fast paths, base-2^32 magnitudes beyond,
 * with Python's floor division, modulo, shifts, two's-complement bitwise ops and hashing. */
#include "exopy.h"

#include <math.h>
#include <string.h>

typedef struct {
    uint32_t *d;
    size_t n;
    int neg;
    uint32_t buf[2];
} Mag;

static Obj *int_truediv_big(Obj *a, Obj *b);
Obj *uni_ascii_digits(Obj *o);

static Int *big_alloc(size_t n) {
    Int *r = (Int *)gc_new(&int_type, sizeof(Int) + n * 4);
    r->n = (int32_t)n;
    return r;
}

Obj *int_from(int64_t v) {
    if (v >= SMALLINT_MIN && v < NSMALLINT + SMALLINT_MIN && vm->small[v - SMALLINT_MIN])
        return vm->small[v - SMALLINT_MIN];
    Int *r = (Int *)gc_new(&int_type, sizeof(Int));
    r->v = v;
    return (Obj *)r;
}

static void mag_of(Obj *o, Mag *m) {
    Int *i = (Int *)o;
    if (i->n == 0) {
        uint64_t u = i->v < 0 ? (uint64_t)0 - (uint64_t)i->v : (uint64_t)i->v;
        m->neg = i->v < 0;
        m->buf[0] = (uint32_t)u;
        m->buf[1] = (uint32_t)(u >> 32);
        m->d = m->buf;
        m->n = m->buf[1] ? 2 : (m->buf[0] ? 1 : 0);
    } else {
        m->neg = i->n < 0;
        m->n = (size_t)(i->n < 0 ? -i->n : i->n);
        m->d = i->d;
    }
}

/* Build an int from a magnitude; small when it fits in int64. */
static Obj *from_mag(const uint32_t *d, size_t n, int neg) {
    while (n && !d[n - 1])
        n--;
    if (n <= 2) {
        uint64_t u = n == 0 ? 0 : (n == 1 ? d[0] : ((uint64_t)d[1] << 32 | d[0]));
        if (u <= (uint64_t)INT64_MAX) return int_from(neg ? -(int64_t)u : (int64_t)u);
        if (neg && u == (uint64_t)1 << 63) return int_from(INT64_MIN);
    }
    Int *r = big_alloc(n);
    memcpy(r->d, d, n * 4);
    r->n = neg ? -(int32_t)n : (int32_t)n;
    return (Obj *)r;
}

Obj *int_from_u64(uint64_t v) {
    uint32_t d[2] = {(uint32_t)v, (uint32_t)(v >> 32)};
    return from_mag(d, 2, 0);
}

int int_fits(Obj *o) {
    return ((Int *)o)->n == 0;
}

int64_t int_val(Obj *o) {
    Int *i = (Int *)o;
    if (i->n) raisef(&OverflowError_type, "Python int too large to convert to C int");
    return i->v;
}

int int_sign(Obj *o) {
    Int *i = (Int *)o;
    if (i->n) return i->n < 0 ? -1 : 1;
    return i->v < 0 ? -1 : (i->v > 0);
}

static int mag_cmp(const uint32_t *a, size_t an, const uint32_t *b, size_t bn) {
    if (an != bn) return an < bn ? -1 : 1;
    while (an--) {
        if (a[an] != b[an]) return a[an] < b[an] ? -1 : 1;
    }
    return 0;
}

static size_t mag_add(uint32_t *r, const uint32_t *a, size_t an, const uint32_t *b, size_t bn) {
    if (an < bn) {
        const uint32_t *t = a;
        a = b;
        b = t;
        size_t tn = an;
        an = bn;
        bn = tn;
    }
    uint64_t c = 0;
    for (size_t i = 0; i < an; i++) {
        c += (uint64_t)a[i] + (i < bn ? b[i] : 0);
        r[i] = (uint32_t)c;
        c >>= 32;
    }
    r[an] = (uint32_t)c;
    return an + 1;
}

/* a >= b */
static size_t mag_sub(uint32_t *r, const uint32_t *a, size_t an, const uint32_t *b, size_t bn) {
    int64_t c = 0;
    for (size_t i = 0; i < an; i++) {
        c += (int64_t)a[i] - (i < bn ? (int64_t)b[i] : 0);
        r[i] = (uint32_t)c;
        c = c < 0 ? -1 : 0;
    }
    return an;
}

static void mag_mul(uint32_t *r, const uint32_t *a, size_t an, const uint32_t *b, size_t bn) {
    memset(r, 0, (an + bn) * 4);
    for (size_t i = 0; i < an; i++) {
        uint64_t c = 0;
        for (size_t j = 0; j < bn; j++) {
            c += (uint64_t)a[i] * b[j] + r[i + j];
            r[i + j] = (uint32_t)c;
            c >>= 32;
        }
        r[i + bn] = (uint32_t)c;
    }
}

/* Knuth's algorithm D: q = a / b, r = a % b; q has an-bn+1 digits, r has bn. */
static void mag_divmod(uint32_t *q, uint32_t *r, const uint32_t *a, size_t an, const uint32_t *b,
                       size_t bn) {
    if (bn == 1) {
        uint64_t rem = 0;
        for (size_t i = an; i-- > 0;) {
            uint64_t cur = rem << 32 | a[i];
            q[i] = (uint32_t)(cur / b[0]);
            rem = cur % b[0];
        }
        r[0] = (uint32_t)rem;
        return;
    }
    int s = __builtin_clz(b[bn - 1]);
    uint32_t *bn_ = gc_alloc(bn * 4, 0);
    uint32_t *un = gc_alloc((an + 1) * 4, 0);
    for (size_t i = bn - 1; i > 0; i--)
        bn_[i] = (b[i] << s) | (s ? (uint32_t)((uint64_t)b[i - 1] >> (32 - s)) : 0);
    bn_[0] = b[0] << s;
    un[an] = s ? (uint32_t)((uint64_t)a[an - 1] >> (32 - s)) : 0;
    for (size_t i = an - 1; i > 0; i--)
        un[i] = (a[i] << s) | (s ? (uint32_t)((uint64_t)a[i - 1] >> (32 - s)) : 0);
    un[0] = a[0] << s;
    for (size_t j = an - bn + 1; j-- > 0;) {
        uint64_t num = (uint64_t)un[j + bn] << 32 | un[j + bn - 1];
        uint64_t qhat = num / bn_[bn - 1];
        uint64_t rhat = num % bn_[bn - 1];
        while (qhat >= ((uint64_t)1 << 32) ||
               qhat * bn_[bn - 2] > ((rhat << 32) | un[j + bn - 2])) {
            qhat--;
            rhat += bn_[bn - 1];
            if (rhat >= ((uint64_t)1 << 32)) break;
        }
        int64_t borrow = 0;
        uint64_t carry = 0;
        for (size_t i = 0; i < bn; i++) {
            uint64_t p = qhat * bn_[i] + carry;
            carry = p >> 32;
            int64_t t = (int64_t)un[i + j] - borrow - (int64_t)(uint32_t)p;
            un[i + j] = (uint32_t)t;
            borrow = t < 0 ? 1 : 0;
        }
        int64_t t = (int64_t)un[j + bn] - borrow - (int64_t)carry;
        un[j + bn] = (uint32_t)t;
        q[j] = (uint32_t)qhat;
        if (t < 0) {
            q[j]--;
            uint64_t c = 0;
            for (size_t i = 0; i < bn; i++) {
                c += (uint64_t)un[i + j] + bn_[i];
                un[i + j] = (uint32_t)c;
                c >>= 32;
            }
            un[j + bn] += (uint32_t)c;
        }
    }
    for (size_t i = 0; i < bn; i++)
        r[i] = (un[i] >> s) | (s ? (uint32_t)((uint64_t)un[i + 1] << (32 - s)) : 0);
}

static Obj *big_addsub(Mag *a, Mag *b, int negate_b) {
    int bneg = b->neg ^ negate_b;
    size_t n = (a->n > b->n ? a->n : b->n) + 1;
    uint32_t *r = gc_alloc(n * 4, 0);
    if (a->neg == bneg) return from_mag(r, mag_add(r, a->d, a->n, b->d, b->n), a->neg);
    if (mag_cmp(a->d, a->n, b->d, b->n) >= 0)
        return from_mag(r, mag_sub(r, a->d, a->n, b->d, b->n), a->neg);
    return from_mag(r, mag_sub(r, b->d, b->n, a->d, a->n), bneg);
}

static Obj *big_mul(Mag *a, Mag *b) {
    if (!a->n || !b->n) return int_from(0);
    uint32_t *r = gc_alloc((a->n + b->n) * 4, 0);
    mag_mul(r, a->d, a->n, b->d, b->n);
    return from_mag(r, a->n + b->n, a->neg ^ b->neg);
}

/* Floor division and modulo with Python's signs. */
static void big_divmod(Mag *a, Mag *b, Obj **qo, Obj **ro) {
    if (!b->n) raisef(&ZeroDivisionError_type, "integer division or modulo by zero");
    if (mag_cmp(a->d, a->n, b->d, b->n) < 0) {
        /* |a| < |b| */
        if (!a->n || a->neg == b->neg) {
            if (qo) *qo = int_from(0);
            if (ro) *ro = from_mag(a->d, a->n, a->neg);
        } else {
            if (qo) *qo = int_from(-1);
            if (ro) {
                uint32_t *r = gc_alloc((b->n + 1) * 4, 0);
                size_t rn = mag_sub(r, b->d, b->n, a->d, a->n);
                *ro = from_mag(r, rn, b->neg);
            }
        }
        return;
    }
    size_t qn = a->n - b->n + 1;
    uint32_t *q = gc_alloc(qn * 4 + 4, 0);
    uint32_t *r = gc_alloc(b->n * 4 + 4, 0);
    mag_divmod(q, r, a->d, a->n, b->d, b->n);
    size_t rn = b->n;
    while (rn && !r[rn - 1])
        rn--;
    if (a->neg != b->neg && rn) {
        /* q = -(q + 1), r = |b| - r */
        uint32_t one = 1;
        uint32_t *q2 = gc_alloc((qn + 1) * 4, 0);
        size_t q2n = mag_add(q2, q, qn, &one, 1);
        uint32_t *r2 = gc_alloc(b->n * 4, 0);
        mag_sub(r2, b->d, b->n, r, rn);
        if (qo) *qo = from_mag(q2, q2n, 1);
        if (ro) *ro = from_mag(r2, b->n, b->neg);
        return;
    }
    if (qo) *qo = from_mag(q, qn, a->neg != b->neg);
    if (ro) *ro = from_mag(r, rn, b->neg);
}

static Obj *big_shift(Obj *a, int64_t s) {
    Mag m;
    mag_of(a, &m);
    if (!m.n) return int_from(0);
    if (s >= 0) {
        size_t w = (size_t)s / 32, b = (size_t)s % 32;
        if (w > (1u << 24)) raise(vm->memerr);
        size_t n = m.n + w + 1;
        uint32_t *r = gc_alloc(n * 4, 0);
        for (size_t i = 0; i < m.n; i++) {
            uint64_t v = (uint64_t)m.d[i] << b;
            r[i + w] |= (uint32_t)v;
            r[i + w + 1] |= (uint32_t)(v >> 32);
        }
        return from_mag(r, n, m.neg);
    }
    s = -s;
    if (m.neg) {
        /* floor: -((|a| - 1) >> s) - 1 */
        Obj *t = obj_binop(int_neg(a), int_from(1), OP_SUB);
        Obj *sh = big_shift(t, -s);
        return obj_binop(int_neg(sh), int_from(1), OP_SUB);
    }
    size_t w = (size_t)s / 32, b = (size_t)s % 32;
    if (w >= m.n) return int_from(0);
    size_t n = m.n - w;
    uint32_t *r = gc_alloc(n * 4, 0);
    for (size_t i = 0; i < n; i++) {
        uint64_t v = m.d[i + w] >> b;
        if (b && i + w + 1 < m.n) v |= (uint64_t)m.d[i + w + 1] << (32 - b);
        r[i] = (uint32_t)v;
    }
    return from_mag(r, n, 0);
}

/* Two's complement of width n digits. */
static void twos(Mag *m, uint32_t *out, size_t n) {
    for (size_t i = 0; i < n; i++)
        out[i] = i < m->n ? m->d[i] : 0;
    if (m->neg) {
        uint64_t c = 1;
        for (size_t i = 0; i < n; i++) {
            c += (uint32_t)~out[i];
            out[i] = (uint32_t)c;
            c >>= 32;
        }
    }
}

static Obj *big_bitop(Mag *a, Mag *b, int op) {
    size_t n = (a->n > b->n ? a->n : b->n) + 1;
    uint32_t *x = gc_alloc(n * 4, 0), *y = gc_alloc(n * 4, 0);
    twos(a, x, n);
    twos(b, y, n);
    for (size_t i = 0; i < n; i++)
        x[i] = op == OP_AND ? x[i] & y[i] : op == OP_OR ? x[i] | y[i] : x[i] ^ y[i];
    int neg = x[n - 1] >> 31;
    if (neg) {
        uint64_t c = 1;
        for (size_t i = 0; i < n; i++) {
            c += (uint32_t)~x[i];
            x[i] = (uint32_t)c;
            c >>= 32;
        }
    }
    return from_mag(x, n, neg);
}

Obj *int_neg(Obj *o) {
    Int *i = (Int *)o;
    if (!i->n && i->v != INT64_MIN) return int_from(-i->v);
    Mag m;
    mag_of(o, &m);
    return from_mag(m.d, m.n, !m.neg);
}

static Obj *int_pow(Obj *a, Obj *b) {
    if (int_sign(b) < 0) {
        double x = int_to_double(a), y = int_to_double(b);
        if (x == 0) raisef(&ZeroDivisionError_type, "0.0 cannot be raised to a negative power");
        return float_from(pow(x, y));
    }
    /* bases whose powers never grow: any exponent, however large */
    if (int_fits(a) && ((Int *)a)->v >= -1 && ((Int *)a)->v <= 1) {
        int64_t v = ((Int *)a)->v;
        if (v != -1) return int_sign(b) == 0 ? int_from(1) : int_from(v);
        return int_from(int_sign(int_binop(b, int_from(1), OP_AND)) ? -1 : 1);
    }
    int64_t e = int_val(b);
    Obj *r = int_from(1);
    Obj *base = a;
    while (e) {
        if (e & 1) r = int_binop(r, base, OP_MUL);
        e >>= 1;
        if (e) base = int_binop(base, base, OP_MUL);
    }
    return r;
}

Obj *int_binop(Obj *a, Obj *b, int op) {
    Int *x = (Int *)a, *y = (Int *)b;
    if (!x->n && !y->n) {
        int64_t p = x->v, q = y->v, r;
        switch (op) {
        case OP_ADD:
            if (!__builtin_add_overflow(p, q, &r)) return int_from(r);
            break;
        case OP_SUB:
            if (!__builtin_sub_overflow(p, q, &r)) return int_from(r);
            break;
        case OP_MUL:
            if (!__builtin_mul_overflow(p, q, &r)) return int_from(r);
            break;
        case OP_FLOORDIV:
        case OP_MOD:
            if (q == 0)
                raisef(&ZeroDivisionError_type, op == OP_MOD
                                                    ? "integer modulo by zero"
                                                    : "integer division or modulo by zero");
            if (p == INT64_MIN && q == -1) break;
            {
                int64_t d = p / q, m = p % q;
                if (m && ((m < 0) != (q < 0))) {
                    d--;
                    m += q;
                }
                return int_from(op == OP_MOD ? m : d);
            }
        case OP_AND:
            return int_from(p & q);
        case OP_OR:
            return int_from(p | q);
        case OP_XOR:
            return int_from(p ^ q);
        case OP_LSHIFT:
            if (q < 0) raisef(&ValueError_type, "negative shift count");
            if (q < 62 && p > -((int64_t)1 << 32) && p < ((int64_t)1 << 32) && q < 31)
                return int_from(p * ((int64_t)1 << q));
            break;
        case OP_RSHIFT:
            if (q < 0) raisef(&ValueError_type, "negative shift count");
            return int_from(q >= 63 ? (p < 0 ? -1 : 0) : p >> q);
        default:
            break;
        }
    }
    Mag m, n;
    mag_of(a, &m);
    mag_of(b, &n);
    switch (op) {
    case OP_ADD:
        return big_addsub(&m, &n, 0);
    case OP_SUB:
        return big_addsub(&m, &n, 1);
    case OP_MUL:
        return big_mul(&m, &n);
    case OP_FLOORDIV: {
        Obj *q;
        big_divmod(&m, &n, &q, NULL);
        return q;
    }
    case OP_MOD: {
        if (!n.n) raisef(&ZeroDivisionError_type, "integer modulo by zero");
        Obj *r;
        big_divmod(&m, &n, NULL, &r);
        return r;
    }
    case OP_TRUEDIV: {
        if (!n.n) raisef(&ZeroDivisionError_type, "division by zero");
        if (!x->n && !y->n && x->v > -(1LL << 53) && x->v < (1LL << 53) && y->v > -(1LL << 53) &&
            y->v < (1LL << 53))
            return float_from((double)x->v / (double)y->v);
        return int_truediv_big(a, b);
    }
    case OP_POW:
        return int_pow(a, b);
    case OP_LSHIFT:
        if (int_sign(b) < 0) raisef(&ValueError_type, "negative shift count");
        return big_shift(a, int_val(b));
    case OP_RSHIFT:
        if (int_sign(b) < 0) raisef(&ValueError_type, "negative shift count");
        if (!y->n) return big_shift(a, -y->v);
        return int_from(int_sign(a) < 0 ? -1 : 0);
    case OP_AND:
    case OP_OR:
    case OP_XOR:
        return big_bitop(&m, &n, op);
    default:
        return NotImpl;
    }
}

int int_cmp(Obj *a, Obj *b) {
    Int *x = (Int *)a, *y = (Int *)b;
    if (!x->n && !y->n) return x->v < y->v ? -1 : x->v > y->v;
    Mag m, n;
    mag_of(a, &m);
    mag_of(b, &n);
    if (m.neg != n.neg) return m.neg ? -1 : 1;
    int c = mag_cmp(m.d, m.n, n.d, n.n);
    return m.neg ? -c : c;
}

/* The top 64 bits of |o| with a sticky low bit, and the shift that scales them back: |o| is
 * about top * 2^shift, and converting top to double rounds exactly as the whole value would. */
static uint64_t int_top64(Obj *o, int64_t *shift) {
    size_t bits = int_bitlen(o);
    Obj *mag = int_sign(o) < 0 ? int_neg(o) : o;
    if (bits <= 64) {
        *shift = 0;
        Mag m;
        mag_of(mag, &m);
        uint64_t u = 0;
        for (size_t k = m.n; k-- > 0;)
            u = u << 32 | m.d[k];
        return u;
    }
    *shift = (int64_t)bits - 64;
    Obj *top = big_shift(mag, -*shift);
    Mag m;
    mag_of(top, &m);
    uint64_t u = 0;
    for (size_t k = m.n; k-- > 0;)
        u = u << 32 | m.d[k];
    Obj *back = int_binop(top, int_from(*shift), OP_LSHIFT);
    if (int_cmp(back, mag) != 0) u |= 1; /* bits were dropped: sticky */
    return u;
}

/* Correctly rounded conversion to double. */
double int_to_double(Obj *o) {
    Int *i = (Int *)o;
    if (!i->n) return (double)i->v;
    int64_t shift;
    uint64_t top = int_top64(o, &shift);
    double r = shift > 2000 ? INFINITY : ldexp((double)top, (int)shift);
    if (isinf(r)) raisef(&OverflowError_type, "int too large to convert to float");
    return int_sign(o) < 0 ? -r : r;
}

/* |o| as m * 2^e with 0.5 <= m < 1, for ints of any size (math.log and friends). */
double int_frexp(Obj *o, int64_t *e) {
    int64_t shift;
    uint64_t top = int_top64(o, &shift);
    int e2;
    double m = frexp((double)top, &e2);
    *e = e2 + shift;
    return m;
}

/* Correctly rounded a / b: scale so the quotient has 63 or 64 bits, divide exactly, keep a
 * sticky bit for the remainder, and let the conversion to double round once. */
static Obj *int_truediv_big(Obj *a, Obj *b) {
    int neg = (int_sign(a) < 0) != (int_sign(b) < 0);
    Obj *x = int_sign(a) < 0 ? int_neg(a) : a, *y = int_sign(b) < 0 ? int_neg(b) : b;
    if (!int_sign(x)) return float_from(neg ? -0.0 : 0.0);
    int64_t shift = (int64_t)int_bitlen(x) - (int64_t)int_bitlen(y) - 63;
    if (shift > 0)
        y = int_binop(y, int_from(shift), OP_LSHIFT);
    else
        x = int_binop(x, int_from(-shift), OP_LSHIFT);
    Mag m, n;
    mag_of(x, &m);
    mag_of(y, &n);
    Obj *q, *r;
    big_divmod(&m, &n, &q, &r);
    int64_t s2;
    uint64_t top = int_top64(q, &s2);
    if (int_sign(r)) top |= 1;
    if (shift + s2 > 1100)
        raisef(&OverflowError_type, "integer division result too large for a float");
    double d = ldexp((double)top, (int)(shift + s2));
    if (isinf(d)) raisef(&OverflowError_type, "integer division result too large for a float");
    return float_from(neg ? -d : d);
}

/* Exact: the truncated value of d is its mantissa shifted by its binary exponent. */
Obj *int_from_double(double d) {
    if (isnan(d)) raisef(&ValueError_type, "cannot convert float NaN to integer");
    if (isinf(d)) raisef(&OverflowError_type, "cannot convert float infinity to integer");
    uint64_t m;
    int e;
    dtoa_split(d, &m, &e);
    Obj *r;
    if (e >= 0)
        r = big_shift(int_from_u64(m), e);
    else
        r = int_from_u64(e <= -64 ? 0 : m >> -e);
    return signbit(d) ? int_neg(r) : r;
}

size_t int_bitlen(Obj *o) {
    Mag m;
    mag_of(o, &m);
    if (!m.n) return 0;
    return (m.n - 1) * 32 + (32 - (size_t)__builtin_clz(m.d[m.n - 1]));
}

Obj *int_str(Obj *o, int base) {
    Mag m;
    mag_of(o, &m);
    Buf b;
    buf_init(&b);
    if (!m.n) {
        buf_addc(&b, '0');
        return buf_str(&b);
    }
    /* digits least significant first, reversed at the end */
    uint32_t *t = gc_alloc(m.n * 4, 0);
    memcpy(t, m.d, m.n * 4);
    size_t n = m.n;
    static const char dig[] = "0123456789abcdef";
    uint32_t chunk = base == 10 ? 1000000000u : (uint32_t)base;
    int per = base == 10 ? 9 : 1;
    while (n) {
        uint64_t rem = 0;
        for (size_t i = n; i-- > 0;) {
            uint64_t cur = rem << 32 | t[i];
            t[i] = (uint32_t)(cur / chunk);
            rem = cur % chunk;
        }
        while (n && !t[n - 1])
            n--;
        for (int k = 0; k < per; k++) {
            buf_addc(&b, dig[rem % (uint32_t)base]);
            rem /= (uint32_t)base;
            if (!n && !rem) break;
        }
    }
    if (m.neg) buf_addc(&b, '-');
    for (size_t i = 0, j = b.len - 1; i < j; i++, j--) {
        char c = b.p[i];
        b.p[i] = b.p[j];
        b.p[j] = c;
    }
    return buf_str(&b);
}

Obj *int_parse(const char *s, size_t len, int base) {
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    while (len > i &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    int neg = 0;
    if (i < len && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    if (i + 1 < len && s[i] == '0') {
        char c = (char)(s[i + 1] | 32);
        int pb = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 0;
        if (pb && (base == 0 || base == pb)) {
            base = pb;
            i += 2;
            if (i < len && s[i] == '_') i++;
        }
    }
    if (base == 0) {
        base = 10;
        /* "010" is invalid with base 0, but "000" is fine */
        if (i + 1 < len && s[i] == '0') {
            for (size_t k = i; k < len; k++)
                if (s[k] != '0' && s[k] != '_') return NULL;
        }
    }
    if (i >= len) return NULL;
    Obj *r = int_from(0);
    int64_t acc = 0;
    int nacc = 0;
    int64_t mult = 1;
    Obj *bo = int_from(base);
    int prev_us = 1;
    for (; i < len; i++) {
        char c = s[i];
        if (c == '_') {
            if (prev_us) return NULL;
            prev_us = 1;
            continue;
        }
        prev_us = 0;
        int d = c >= '0' && c <= '9'                 ? c - '0'
                : (c | 32) >= 'a' && (c | 32) <= 'z' ? (c | 32) - 'a' + 10
                                                     : 99;
        if (d >= base) return NULL;
        acc = acc * base + d;
        mult *= base;
        if (++nacc == 12) {
            r = int_binop(int_binop(r, int_from(mult), OP_MUL), int_from(acc), OP_ADD);
            acc = 0;
            nacc = 0;
            mult = 1;
        }
    }
    if (prev_us) return NULL;
    (void)bo;
    if (nacc) r = int_binop(int_binop(r, int_from(mult), OP_MUL), int_from(acc), OP_ADD);
    return neg ? int_neg(r) : r;
}

int64_t int_hash(Obj *o) {
    const uint64_t P = ((uint64_t)1 << 61) - 1;
    Int *i = (Int *)o;
    if (!i->n) {
        int64_t v = i->v;
        if (v == -1) return -2;
        if (v > -(int64_t)P && v < (int64_t)P) return v;
    }
    Mag m;
    mag_of(o, &m);
    uint64_t h = 0;
    for (size_t k = m.n; k-- > 0;) {
        /* h = (h * 2^32 + d) mod P, computed with 61-bit rotation */
        h = ((h << 32) & P) | (h >> 29);
        h += m.d[k];
        if (h >= P) h -= P;
    }
    int64_t r = m.neg ? -(int64_t)h : (int64_t)h;
    return r == -1 ? -2 : r;
}

/* ---- slots ---- */
static Obj *int_repr(Obj *o) {
    return int_str(o, 10);
}

static Obj *bool_repr(Obj *o) {
    return str_from(o == True ? "True" : "False");
}

static Obj *int_richcmp(Obj *a, Obj *b, int op) {
    if (!IS_INT(b)) {
        if (IS(b, float_type)) return NotImpl; /* float's slot handles mixed comparisons */
        return NotImpl;
    }
    int c = int_cmp(a, b);
    return cmp_result(c, op);
}

static Obj *int_slot_binop(Obj *self, Obj *other, int op, int reflected) {
    if (!IS_INT(other)) return NotImpl;
    Obj *a = reflected ? other : self, *b = reflected ? self : other;
    if (IS(a, bool_type) && IS(b, bool_type) && (op == OP_AND || op == OP_OR || op == OP_XOR)) {
        int x = a == True, y = b == True;
        return BOOL(op == OP_AND ? x & y : op == OP_OR ? x | y : x ^ y);
    }
    if (!IS(a, int_type) && !IS(a, bool_type)) a = int_from(0) == a ? a : a;
    return int_binop(a, b, op);
}

static Obj *int_unop(Obj *o, int op) {
    switch (op) {
    case UOP_NEG:
        return int_neg(o);
    case UOP_POS:
        return IS(o, bool_type) ? int_from(o == True) : o;
    default:
        return int_binop(int_neg(o), int_from(1), OP_SUB);
    }
}

static int int_truth(Obj *o) {
    return int_sign(o) != 0;
}

static Obj *int_new(Type *t, int n, Obj **a, Obj *kw) {
    int np = args_npos(n, kw);
    args_count("int", np, 0, 2);
    Obj *base_o = np > 1 ? a[1] : args_kw(n, a, kw, "base");
    Obj *r;
    if (np == 0) {
        r = int_from(0);
    } else {
        Obj *x = a[0];
        if (base_o) {
            if (!ISINST(x, str_type) && !IS(x, bytes_type) && !IS(x, bytearray_type))
                raisef(&TypeError_type, "int() can't convert non-string with explicit base");
        }
        if (IS_INT(x)) {
            r = IS(x, int_type) ? x : int_binop(x, int_from(0), OP_ADD);
        } else if (IS(x, float_type)) {
            r = int_from_double(((Float *)x)->v);
        } else if (ISINST(x, str_type) || IS(x, bytes_type) || IS(x, bytearray_type)) {
            Obj *orig = x;
            if (ISINST(x, str_type)) x = uni_ascii_digits(x);
            int base = base_o ? (int)int_val(base_o) : 10;
            if (base != 0 && (base < 2 || base > 36))
                raisef(&ValueError_type, "int() base must be >= 2 and <= 36, or 0");
            const char *s;
            size_t len;
            if (IS(x, bytearray_type)) {
                s = (const char *)((ByteArray *)x)->data;
                len = ((ByteArray *)x)->len;
            } else {
                s = ((Str *)x)->s;
                len = ((Str *)x)->len;
            }
            r = int_parse(s, len, base);
            if (!r)
                raisef(&ValueError_type, "invalid literal for int() with base %d: %s", base,
                       str_c(IS(orig, str_type) ? str_repr(orig) : obj_repr(orig)));
        } else {
            Obj *m = type_lookupc(TYPE(x), "__int__");
            if (!m) m = type_lookupc(TYPE(x), "__index__");
            if (!m || (TYPE(x)->flags & TF_HEAP) == 0)
                raisef(&TypeError_type,
                       "int() argument must be a string, a bytes-like object or a real number, "
                       "not '%s'",
                       type_name(x));
            r = call1(m, x);
        }
    }
    if (t != &int_type) {
        Int *src = (Int *)r;
        size_t nd = (size_t)(src->n < 0 ? -src->n : src->n);
        Int *o = (Int *)gc_new_prefixed(t, sizeof(Int) + nd * 4);
        o->v = src->v;
        o->n = src->n;
        memcpy(o->d, src->d, nd * 4);
        return (Obj *)o;
    }
    return r;
}

static Obj *bool_new(Type *t, int n, Obj **a, Obj *kw) {
    (void)t;
    args_nokw("bool", kw);
    args_count("bool", n, 0, 1);
    return BOOL(n && obj_truth(a[0]));
}

static Obj *int_bit_length(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return int_from((int64_t)int_bitlen(a[0]));
}

static Obj *int_bit_count(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    Mag m;
    mag_of(a[0], &m);
    int64_t c = 0;
    for (size_t i = 0; i < m.n; i++)
        c += __builtin_popcount(m.d[i]);
    return int_from(c);
}

static Obj *int_to_bytes(int n, Obj **a, Obj *kw) {
    int np = args_npos(n, kw);
    Obj *lo = np > 1 ? a[1] : args_kw(n, a, kw, "length");
    Obj *bo = np > 2 ? a[2] : args_kw(n, a, kw, "byteorder");
    int64_t len = lo ? int_val(lo) : 1;
    int little = bo && str_eqc(bo, "little");
    Obj *sg = args_kw(n, a, kw, "signed");
    Obj *v = a[0];
    if (int_sign(v) < 0) {
        if (!sg || !obj_truth(sg))
            raisef(&OverflowError_type, "can't convert negative int to unsigned");
        v = int_binop(v, int_binop(int_from(1), int_from(len * 8), OP_LSHIFT), OP_ADD);
    }
    if ((int64_t)int_bitlen(v) > len * 8) raisef(&OverflowError_type, "int too big to convert");
    Mag m;
    mag_of(v, &m);
    uint8_t *out = gc_alloc((size_t)len + 1, 0);
    for (int64_t i = 0; i < len; i++) {
        size_t w = (size_t)i / 4;
        uint8_t byte = w < m.n ? (uint8_t)(m.d[w] >> (8 * (i % 4))) : 0;
        out[little ? i : len - 1 - i] = byte;
    }
    return bytes_new(out, (size_t)len);
}

static Obj *int_from_bytes(int n, Obj **a, Obj *kw) {
    int np = args_npos(n, kw);
    Obj *data = a[1];
    Obj *bo = np > 2 ? a[2] : args_kw(n, a, kw, "byteorder");
    int little = bo && str_eqc(bo, "little");
    Obj *sg = args_kw(n, a, kw, "signed");
    Obj *b = IS(data, bytes_type) ? data : call1((Obj *)&bytes_type, data);
    Str *s = (Str *)b;
    Obj *r = int_from(0);
    for (size_t i = 0; i < s->len; i++) {
        uint8_t byte = (uint8_t)s->s[little ? s->len - 1 - i : i];
        r = int_binop(int_binop(r, int_from(256), OP_MUL), int_from(byte), OP_ADD);
    }
    if (sg && obj_truth(sg) && s->len && (uint8_t)s->s[little ? s->len - 1 : 0] & 0x80)
        r = int_binop(r, int_binop(int_from(1), int_from((int64_t)s->len * 8), OP_LSHIFT), OP_SUB);
    return r;
}

static Obj *int_conjugate(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    return IS(a[0], int_type) ? a[0] : int_from(a[0] == True);
}

static Obj *int_getattr(Obj *o, Obj *name) {
    if (str_eqc(name, "real") || str_eqc(name, "numerator"))
        return IS(o, int_type) ? o : int_from(o == True);
    if (str_eqc(name, "imag")) return int_from(0);
    if (str_eqc(name, "denominator")) return int_from(1);
    return generic_getattr(o, name);
}

static int64_t int_hash_slot(Obj *o) {
    return int_hash(o);
}

Type int_type = {.name = "int",
                 .flags = TF_BASE,
                 .size = sizeof(Int),
                 .repr = int_repr,
                 .hash = int_hash_slot,
                 .richcmp = int_richcmp,
                 .getattr = int_getattr,
                 .truth = int_truth,
                 .binop = int_slot_binop,
                 .unop = int_unop,
                 .new = int_new};

Type bool_type = {.name = "bool",
                  .base = &int_type,
                  .repr = bool_repr,
                  .hash = int_hash_slot,
                  .richcmp = int_richcmp,
                  .getattr = int_getattr,
                  .truth = int_truth,
                  .binop = int_slot_binop,
                  .unop = int_unop,
                  .new = bool_new};

Int True_obj = {{&bool_type}, 1, 0};
Int False_obj = {{&bool_type}, 0, 0};

void int_init(void) {
    type_finish(&int_type);
    type_finish(&bool_type);
    for (int i = 0; i < NSMALLINT; i++) {
        Int *r = (Int *)gc_new(&int_type, sizeof(Int));
        r->v = i + SMALLINT_MIN;
        vm->small[i] = (Obj *)r;
    }
    type_add_method(&int_type, "bit_length", int_bit_length);
    type_add_method(&int_type, "bit_count", int_bit_count);
    type_add_method(&int_type, "to_bytes", int_to_bytes);
    type_add_method(&int_type, "conjugate", int_conjugate);
    Obj *fb = builtin_new("from_bytes", int_from_bytes, NULL);
    Wrap *w = (Wrap *)gc_new(&classmethod_type, sizeof(Wrap));
    w->f = fb;
    dict_setc(int_type.dict, "from_bytes", (Obj *)w);
}
