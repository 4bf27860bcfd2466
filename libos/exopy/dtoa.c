/* dtoa.c: exact conversions between doubles and decimal text, on small fixed-size big integers:
 * correctly rounded parsing, the shortest round-tripping digits (repr) and correctly rounded
 * fixed digit counts (%e, %f, %g), laid out as CPython's float formatting. A double is m * 2^e
 * exactly, so everything here is integer arithmetic: no host printf/strtod, and the same digits
 * on the soft-float target as on the host. */
#include "exopy.h"

#include <stdint.h>
#include <string.h>

/* Enough for the largest intermediate: a parsed mantissa of DIGITS_MAX digits over 10^1130,
 * shifted by 64 bits (about 3,900 bits). */
#define WORDS      136
#define DIGITS_MAX 800 /* a midpoint between doubles has at most 767 significant digits */

typedef struct {
    int n; /* words in use; d[n - 1] != 0 unless n == 0 */
    uint32_t d[WORDS];
} Big;

static void trim(Big *a) {
    while (a->n && !a->d[a->n - 1])
        a->n--;
}

static void set_u64(Big *a, uint64_t v) {
    a->d[0] = (uint32_t)v;
    a->d[1] = (uint32_t)(v >> 32);
    a->n = 2;
    trim(a);
}

static void grow(Big *a, uint32_t carry) {
    if (!carry) return;
    if (a->n >= WORDS) raisef(&OverflowError_type, "float conversion too large");
    a->d[a->n++] = carry;
}

static void mul_small(Big *a, uint32_t m, uint32_t add) {
    uint64_t carry = add;
    for (int i = 0; i < a->n; i++) {
        uint64_t t = (uint64_t)a->d[i] * m + carry;
        a->d[i] = (uint32_t)t;
        carry = t >> 32;
    }
    grow(a, (uint32_t)carry);
}

static void mul_pow10(Big *a, int k) {
    for (; k >= 9; k -= 9)
        mul_small(a, 1000000000u, 0);
    static const uint32_t p10[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
    if (k > 0) mul_small(a, p10[k], 0);
}

static void shl(Big *a, int bits) {
    if (!a->n || !bits) return;
    int w = bits / 32, b = bits % 32;
    if (a->n + w + 1 > WORDS) raisef(&OverflowError_type, "float conversion too large");
    a->d[a->n + w] = 0;
    for (int i = a->n - 1; i >= 0; i--) {
        uint32_t v = a->d[i];
        a->d[i + w + 1] |= b ? v >> (32 - b) : 0;
        a->d[i + w] = v << b;
    }
    for (int i = 0; i < w; i++)
        a->d[i] = 0;
    a->n += w + 1;
    trim(a);
}

static void shr1(Big *a) {
    for (int i = 0; i < a->n; i++)
        a->d[i] = a->d[i] >> 1 | (i + 1 < a->n ? a->d[i + 1] << 31 : 0);
    trim(a);
}

static int cmp(const Big *a, const Big *b) {
    if (a->n != b->n) return a->n < b->n ? -1 : 1;
    for (int i = a->n - 1; i >= 0; i--)
        if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
    return 0;
}

/* r = a + b (r may be a) */
static void add(Big *r, const Big *a, const Big *b) {
    int n = a->n > b->n ? a->n : b->n;
    uint64_t carry = 0;
    for (int i = 0; i < n; i++) {
        uint64_t t = carry + (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0);
        r->d[i] = (uint32_t)t;
        carry = t >> 32;
    }
    r->n = n;
    grow(r, (uint32_t)carry);
}

/* a -= b, a >= b */
static void sub(Big *a, const Big *b) {
    int64_t borrow = 0;
    for (int i = 0; i < a->n; i++) {
        int64_t t = (int64_t)a->d[i] - (i < b->n ? b->d[i] : 0) - borrow;
        borrow = t < 0;
        a->d[i] = (uint32_t)(t + (borrow ? ((int64_t)1 << 32) : 0));
    }
    trim(a);
}

static int bitlen(const Big *a) {
    if (!a->n) return 0;
    return (a->n - 1) * 32 + 32 - __builtin_clz(a->d[a->n - 1]);
}

/* 2a vs b */
static int cmp_half(const Big *a, const Big *b) {
    Big t = *a;
    shl(&t, 1);
    return cmp(&t, b);
}

/* The quotient digit of r / s (r < 10 s) and r becomes the remainder. */
static int quot_digit(Big *r, const Big *s) {
    int q = 0;
    while (cmp(r, s) >= 0) {
        sub(r, s);
        q++;
    }
    return q;
}

static uint64_t bits_of(double d) {
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static double double_of(uint64_t u) {
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

int dtoa_split(double d, uint64_t *m, int *e) {
    uint64_t u = bits_of(d);
    int be = (int)(u >> 52 & 0x7ff);
    uint64_t f = u & (((uint64_t)1 << 52) - 1);
    *m = 0;
    *e = 0;
    if (be == 0x7ff) return 0;
    if (be) {
        *m = f | (uint64_t)1 << 52;
        *e = be - 1075;
    } else {
        *m = f;
        *e = -1074;
    }
    return 1;
}

/* Add one to the last digit, carrying; all nines become "1" one place up. */
static void round_up(char *digits, int *n, int *decpt) {
    int i = *n - 1;
    while (i >= 0 && digits[i] == '9')
        i--;
    if (i < 0) {
        digits[0] = '1';
        *n = 1;
        (*decpt)++;
        return;
    }
    digits[i]++;
    *n = i + 1;
}

/* The decimal exponent k with 10^(k-1) <= r/s < 10^k, scaling r (and the margins) or s so that
 * r/s becomes the value / 10^k. An estimate from the binary exponent, then fixed up exactly. */
static int scale(Big *r, Big *s, Big *mp, Big *mm, int e2) {
    /* e2 = floor(log2(value)); k about floor(log10(value)) + 1, off by one at most */
    int k = (int)((int64_t)e2 * 78913 >> 18) + 1;
    if (k >= 0)
        mul_pow10(s, k);
    else {
        mul_pow10(r, -k);
        if (mp) mul_pow10(mp, -k), mul_pow10(mm, -k);
    }
    while (cmp(r, s) >= 0) {
        mul_small(s, 10, 0);
        k++;
    }
    for (;;) {
        Big t = *r;
        mul_small(&t, 10, 0);
        if (cmp(&t, s) >= 0) break;
        *r = t;
        if (mp) mul_small(mp, 10, 0), mul_small(mm, 10, 0);
        k--;
    }
    return k;
}

/* Digits of a finite d >= 0 into out (trailing zeros dropped, at most cap), value = 0.DIGITS *
 * 10^decpt. DTOA_SHORTEST: the shortest digits that read back as d, the nearest such;
 * DTOA_SIG: n significant digits; DTOA_FIX: digits down to 10^-n (possibly none: then decpt is
 * -n). Both correctly rounded, half to even on the exact binary value. Zero is "0", decpt 1. */
int dtoa_digits(double d, int mode, int n, char *out, int cap, int *decpt) {
    uint64_t m;
    int e;
    dtoa_split(d, &m, &e);
    if (!m) {
        out[0] = '0';
        *decpt = 1;
        return 1;
    }
    Big r, s, mp, mm;
    if (mode == DTOA_SHORTEST) {
        /* Steele & White / Burger & Dybvig with Gay's choices between candidates: r/s is the
         * value, mp/s and mm/s the distances to the halfway points to the neighbours */
        int even = !(m & 1);
        int edge = m == (uint64_t)1 << 52 && e > -1074; /* the gap below is half */
        set_u64(&r, m);
        shl(&r, edge ? 2 : 1);
        set_u64(&s, 1);
        shl(&s, edge ? 2 : 1);
        set_u64(&mp, 1);
        set_u64(&mm, 1);
        if (edge) shl(&mp, 1);
        if (e >= 0) {
            shl(&r, e);
            shl(&mp, e);
            shl(&mm, e);
        } else {
            shl(&s, -e);
        }
        int k = scale(&r, &s, &mp, &mm, 63 - __builtin_clzll(m) + e);
        /* r + mp may still reach s: then the first digit is one place up */
        Big hi;
        add(&hi, &r, &mp);
        int c = cmp(&hi, &s);
        if (c > 0 || (c == 0 && even)) {
            mul_small(&s, 10, 0);
            k++;
        }
        *decpt = k;
        int nd = 0;
        for (;;) {
            mul_small(&r, 10, 0);
            mul_small(&mp, 10, 0);
            mul_small(&mm, 10, 0);
            int dig = quot_digit(&r, &s);
            int j = cmp(&r, &mm);
            add(&hi, &r, &mp);
            int j1 = cmp(&hi, &s);
            if (j1 == 0 && even) { /* the upper neighbour's halfway point reads back as d */
                out[nd++] = (char)('0' + dig);
                if (dig == 9 || j > 0) round_up(out, &nd, decpt);
                break;
            }
            if (j < 0 || (j == 0 && even)) {
                out[nd++] = (char)('0' + dig);
                if (r.n && j1 > 0) {
                    int h = cmp_half(&r, &s);
                    if (h > 0 || (h == 0 && (dig & 1))) round_up(out, &nd, decpt);
                }
                break;
            }
            if (j1 > 0) {
                out[nd++] = (char)('0' + dig);
                round_up(out, &nd, decpt);
                break;
            }
            out[nd++] = (char)('0' + dig);
        }
        while (nd > 1 && out[nd - 1] == '0')
            nd--;
        return nd;
    }
    set_u64(&r, m);
    set_u64(&s, 1);
    if (e >= 0)
        shl(&r, e);
    else
        shl(&s, -e);
    int k = scale(&r, &s, NULL, NULL, 63 - __builtin_clzll(m) + e);
    int want = mode == DTOA_SIG ? n : k + n; /* digits to produce */
    int nd = 0;
    *decpt = k;
    if (want < 0) {
        *decpt = -n;
        return 0;
    }
    while (nd < want && r.n) {
        mul_small(&r, 10, 0);
        int dig = quot_digit(&r, &s);
        if (nd < cap) out[nd] = (char)('0' + dig);
        nd++;
    }
    if (nd > cap) raisef(&OverflowError_type, "float conversion too large");
    if (r.n) {
        /* dropped a non-zero remainder: round half to even on what is left */
        int h = cmp_half(&r, &s);
        int last = nd ? out[nd - 1] - '0' : 0;
        if (h > 0 || (h == 0 && (last & 1))) {
            if (nd)
                round_up(out, &nd, decpt);
            else {
                out[0] = '1';
                nd = 1;
                (*decpt)++;
            }
        }
    }
    while (nd > 0 && out[nd - 1] == '0')
        nd--;
    if (!nd) *decpt = -n; /* DTOA_FIX rounded to nothing */
    return nd;
}

/* The double nearest to D * 10^E (D the digit string), half to even. */
static double from_decimal(const char *dig, int nd, int sticky, int64_t E) {
    if (!nd) return 0.0;
    if (nd + E > 310) return double_of((uint64_t)0x7ff << 52);
    if (nd + E < -330) return 0.0;
    Big a, b;
    a.n = 0;
    for (int i = 0; i < nd;) {
        uint32_t chunk = 0, mul = 1;
        for (int j = 0; j < 9 && i < nd; j++, i++) {
            chunk = chunk * 10 + (uint32_t)(dig[i] - '0');
            mul *= 10;
        }
        mul_small(&a, mul, chunk);
    }
    if (sticky) { /* digits beyond DIGITS_MAX were dropped: one more, non-zero, keeps them */
        mul_small(&a, 10, 1);
        E--;
    }
    set_u64(&b, 1);
    if (E >= 0)
        mul_pow10(&a, (int)E);
    else
        mul_pow10(&b, (int)-E);
    /* q = floor(a * 2^sh / b) with 63 or 64 bits, and whether a remainder was left */
    int sh = 63 - (bitlen(&a) - bitlen(&b));
    if (sh > 0)
        shl(&a, sh);
    else
        shl(&b, -sh);
    Big t = b;
    shl(&t, 63);
    uint64_t q = 0;
    for (int i = 63; i >= 0; i--) {
        if (cmp(&a, &t) >= 0) {
            sub(&a, &t);
            q |= (uint64_t)1 << i;
        }
        shr1(&t);
    }
    int rest = a.n != 0;
    /* value = q * 2^-sh: keep 53 bits, or fewer below 2^-1022 */
    int bl = 64 - __builtin_clzll(q);
    int drop = bl - 53;
    if (sh - 1074 > drop) drop = sh - 1074;
    if (drop > 64) return 0.0;
    uint64_t mant = drop == 64 ? 0 : q >> drop;
    uint64_t low = drop == 64 ? q : q & ((((uint64_t)1 << (drop - 1)) << 1) - 1);
    uint64_t half = (uint64_t)1 << (drop - 1);
    if (low > half || (low == half && (rest || (mant & 1)))) mant++;
    int exp2 = drop - sh; /* value = mant * 2^exp2 */
    if (mant == (uint64_t)1 << 53) {
        mant >>= 1;
        exp2++;
    }
    if (mant < (uint64_t)1 << 52) return double_of(mant); /* subnormal (exp2 is -1074) */
    int be = exp2 + 1075;
    if (be >= 0x7ff) return double_of((uint64_t)0x7ff << 52);
    return double_of((uint64_t)be << 52 | (mant & (((uint64_t)1 << 52) - 1)));
}

static int lower(char c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int word_at(const char *s, size_t len, const char *w) {
    size_t n = strlen(w);
    if (len != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (lower(s[i]) != w[i]) return 0;
    return 1;
}

/* Python float text (sign, digits with one optional '.', optional exponent, or inf, infinity,
 * nan), no spaces or underscores: 1 and the nearest double in *out, or 0 if malformed. */
int dtoa_parse(const char *s, size_t len, double *out) {
    size_t i = 0;
    int neg = 0;
    if (i < len && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    double v;
    if (word_at(s + i, len - i, "inf") || word_at(s + i, len - i, "infinity")) {
        v = double_of((uint64_t)0x7ff << 52);
    } else if (word_at(s + i, len - i, "nan")) {
        v = double_of((uint64_t)0x7ff8 << 48);
    } else {
        char dig[DIGITS_MAX];
        int nd = 0, sticky = 0, any = 0, dot = 0;
        int64_t E = 0;
        for (; i < len; i++) {
            char c = s[i];
            if (c == '.') {
                if (dot) return 0;
                dot = 1;
                continue;
            }
            if (c < '0' || c > '9') break;
            any = 1;
            if (c == '0' && !nd) { /* leading zero */
                if (dot) E--;
                continue;
            }
            if (nd < DIGITS_MAX) {
                dig[nd++] = c;
                if (dot) E--;
            } else {
                if (c != '0') sticky = 1;
                if (!dot) E++;
            }
        }
        if (!any) return 0;
        if (i < len && (s[i] == 'e' || s[i] == 'E')) {
            i++;
            int eneg = 0, edig = 0;
            int64_t x = 0;
            if (i < len && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
            for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, edig++)
                if (x < 100000000) x = x * 10 + (s[i] - '0');
            if (!edig) return 0;
            E += eneg ? -x : x;
        }
        if (i != len) return 0;
        while (nd && dig[nd - 1] == '0') {
            nd--;
            E++;
        }
        v = from_decimal(dig, nd, sticky, E);
    }
    *out = neg ? -v : v;
    return 1;
}

/* Lay out a finite d >= 0 as CPython's float formatting (format_float_short) does. type is
 * 'e', 'f', 'g' or 'r' (repr); alt keeps the point and, for 'g', trailing zeros; dot0 gives an
 * integral value without exponent a ".0" (repr, and format() with no type). */
void dtoa_format(Buf *b, double d, char type, int prec, int alt, int dot0) {
    /* digits of a double: at most 17 significant, or 1075 after the point for %f of a tiny one */
    char digits[1200];
    int decpt, n, end, use_exp = 0;
    switch (type) {
    case 'e':
        n = dtoa_digits(d, DTOA_SIG, prec + 1, digits, sizeof digits, &decpt);
        use_exp = 1;
        end = prec + 1;
        break;
    case 'f':
        n = dtoa_digits(d, DTOA_FIX, prec, digits, sizeof digits, &decpt);
        end = decpt + prec;
        break;
    case 'g':
        if (!prec) prec = 1;
        n = dtoa_digits(d, DTOA_SIG, prec, digits, sizeof digits, &decpt);
        use_exp = decpt <= -4 || decpt > (dot0 ? prec - 1 : prec);
        end = alt ? prec : n;
        break;
    default:
        n = dtoa_digits(d, DTOA_SHORTEST, 0, digits, sizeof digits, &decpt);
        use_exp = decpt <= -4 || decpt > 16;
        end = n;
        break;
    }
    int exp = 0;
    if (use_exp) {
        exp = decpt - 1;
        decpt = 1;
    }
    int start = decpt <= 0 ? decpt - 1 : 0;
    if (!use_exp && dot0)
        end = end > decpt ? end : decpt + 1;
    else
        end = end > decpt ? end : decpt;
    size_t first = b->len;
    if (decpt <= 0) {
        for (int i = 0; i < decpt - start; i++)
            buf_addc(b, '0');
        buf_addc(b, '.');
        for (int i = 0; i < -decpt; i++)
            buf_addc(b, '0');
    } else {
        for (int i = 0; i < -start; i++)
            buf_addc(b, '0');
    }
    if (decpt > 0 && decpt <= n) {
        buf_add(b, digits, (size_t)decpt);
        buf_addc(b, '.');
        buf_add(b, digits + decpt, (size_t)(n - decpt));
    } else {
        buf_add(b, digits, (size_t)n);
    }
    if (n < decpt) {
        for (int i = 0; i < decpt - n; i++)
            buf_addc(b, '0');
        buf_addc(b, '.');
        for (int i = 0; i < end - decpt; i++)
            buf_addc(b, '0');
    } else {
        for (int i = 0; i < end - n; i++)
            buf_addc(b, '0');
    }
    if (b->len > first && b->p[b->len - 1] == '.' && !alt) b->len--;
    if (use_exp) {
        buf_addc(b, 'e');
        buf_addc(b, exp < 0 ? '-' : '+');
        int x = exp < 0 ? -exp : exp;
        if (x >= 100) buf_addc(b, (char)('0' + x / 100));
        buf_addc(b, (char)('0' + x / 10 % 10));
        buf_addc(b, (char)('0' + x % 10));
    }
}
