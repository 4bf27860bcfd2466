/* fmt.c: libexo's printf formatter (exo/fmt.h): integers, characters, strings, pointers. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <exo/fmt.h>

struct spec {
    bool left, plus, space, alt, zero;
    int width;
    int precision; /* -1: none */
    char length;   /* 0, 'H' (hh), 'h', 'l', 'L' (ll), 'z', 't', 'j' */
    char conv;
};

struct sink {
    fmt_out_fn out;
    void *ctx;
    int count;
};

static void emit(struct sink *k, const char *s, size_t n) {
    if (n == 0) return;
    k->out(k->ctx, s, n);
    k->count += (int)n;
}

static void pad(struct sink *k, char c, int n) {
    char buf[16];
    memset(buf, c, sizeof buf);
    while (n > 0) {
        int m = n < (int)sizeof buf ? n : (int)sizeof buf;
        emit(k, buf, (size_t)m);
        n -= m;
    }
}

/* Emits prefix, zeros and digits within the field width. */
static void field(struct sink *k, const struct spec *sp, const char *prefix, const char *digits,
                  int ndigits, int zeros) {
    int plen = (int)strlen(prefix);
    int body = plen + zeros + ndigits;
    int fill = sp->width > body ? sp->width - body : 0;
    if (!sp->left && !(sp->zero && sp->precision < 0 && sp->conv != 's' && sp->conv != 'c'))
        pad(k, ' ', fill);
    emit(k, prefix, (size_t)plen);
    if (!sp->left && sp->zero && sp->precision < 0 && sp->conv != 's' && sp->conv != 'c')
        pad(k, '0', fill);
    pad(k, '0', zeros);
    emit(k, digits, (size_t)ndigits);
    if (sp->left) pad(k, ' ', fill);
}

static void integer(struct sink *k, const struct spec *sp, uintmax_t v, bool negative) {
    char buf[sizeof(uintmax_t) * 3 + 2];
    unsigned base = 10;
    const char *alphabet = "0123456789abcdef";
    if (sp->conv == 'o') base = 8;
    if (sp->conv == 'x' || sp->conv == 'p') base = 16;
    if (sp->conv == 'X') {
        base = 16;
        alphabet = "0123456789ABCDEF";
    }
    char *end = buf + sizeof buf, *p = end;
    /* "%.0d" of 0 prints no digits. */
    if (!(v == 0 && sp->precision == 0)) {
        do {
            *--p = alphabet[v % base];
            v /= base;
        } while (v != 0);
    }
    int ndigits = (int)(end - p);
    int zeros = sp->precision > ndigits ? sp->precision - ndigits : 0;
    const char *prefix = "";
    if (negative)
        prefix = "-";
    else if (sp->plus && (sp->conv == 'd' || sp->conv == 'i'))
        prefix = "+";
    else if (sp->space && (sp->conv == 'd' || sp->conv == 'i'))
        prefix = " ";
    if (sp->alt && sp->conv == 'o' && zeros == 0 && (ndigits == 0 || *p != '0')) zeros = 1;
    if ((sp->alt && ndigits != 0 && !(ndigits == 1 && *p == '0')) || sp->conv == 'p') {
        if (sp->conv == 'x' || sp->conv == 'p') prefix = "0x";
        if (sp->conv == 'X') prefix = "0X";
    }
    field(k, sp, prefix, p, ndigits, zeros);
}

static intmax_t signed_arg(const struct spec *sp, va_list *ap) {
    switch (sp->length) {
    case 'H':
        return (signed char)va_arg(*ap, int);
    case 'h':
        return (short)va_arg(*ap, int);
    case 'l':
        return va_arg(*ap, long);
    case 'L':
        return va_arg(*ap, long long);
    case 'z':
    case 't':
        return va_arg(*ap, intptr_t);
    case 'j':
        return va_arg(*ap, intmax_t);
    default:
        return va_arg(*ap, int);
    }
}

static uintmax_t unsigned_arg(const struct spec *sp, va_list *ap) {
    switch (sp->length) {
    case 'H':
        return (unsigned char)va_arg(*ap, unsigned);
    case 'h':
        return (unsigned short)va_arg(*ap, unsigned);
    case 'l':
        return va_arg(*ap, unsigned long);
    case 'L':
        return va_arg(*ap, unsigned long long);
    case 'z':
    case 't':
        return va_arg(*ap, size_t);
    case 'j':
        return va_arg(*ap, uintmax_t);
    default:
        return va_arg(*ap, unsigned);
    }
}

/* Parses the spec after '%'; returns where it ends, NULL if malformed. */
static const char *parse(const char *f, struct spec *sp, va_list *ap) {
    memset(sp, 0, sizeof *sp);
    sp->precision = -1;
    for (;; f++) {
        if (*f == '-')
            sp->left = true;
        else if (*f == '+')
            sp->plus = true;
        else if (*f == ' ')
            sp->space = true;
        else if (*f == '#')
            sp->alt = true;
        else if (*f == '0')
            sp->zero = true;
        else
            break;
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0) {
            sp->left = true;
            sp->width = sp->width == INT32_MIN ? 0 : -sp->width;
        }
        f++;
    } else {
        while (*f >= '0' && *f <= '9' && sp->width < 100000)
            sp->width = sp->width * 10 + (*f++ - '0');
    }
    if (*f == '.') {
        f++;
        sp->precision = 0;
        if (*f == '*') {
            sp->precision = va_arg(*ap, int);
            if (sp->precision < 0) sp->precision = -1;
            f++;
        } else {
            while (*f >= '0' && *f <= '9' && sp->precision < 100000)
                sp->precision = sp->precision * 10 + (*f++ - '0');
        }
    }
    if (f[0] == 'h' && f[1] == 'h') {
        sp->length = 'H';
        f += 2;
    } else if (f[0] == 'l' && f[1] == 'l') {
        sp->length = 'L';
        f += 2;
    } else if (*f == 'h' || *f == 'l' || *f == 'z' || *f == 't' || *f == 'j') {
        sp->length = *f++;
    }
    if (*f == '\0' || strchr("diuoxXcsp%", *f) == NULL) return NULL;
    sp->conv = *f;
    return f + 1;
}

int fmt_vformat(fmt_out_fn out, void *ctx, const char *fmt, va_list ap) {
    struct sink k = {out, ctx, 0};
    va_list args;
    va_copy(args, ap);
    while (*fmt != '\0') {
        const char *pct = strchr(fmt, '%');
        if (pct == NULL) {
            emit(&k, fmt, strlen(fmt));
            break;
        }
        emit(&k, fmt, (size_t)(pct - fmt));
        struct spec sp;
        const char *next = parse(pct + 1, &sp, &args);
        if (next == NULL) {
            /* Unknown: copy the '%' and go on from the next character. */
            emit(&k, pct, 1);
            fmt = pct + 1;
            continue;
        }
        fmt = next;
        switch (sp.conv) {
        case '%':
            emit(&k, "%", 1);
            break;
        case 'c': {
            char c = (char)va_arg(args, int);
            field(&k, &sp, "", &c, 1, 0);
            break;
        }
        case 's': {
            const char *s = va_arg(args, const char *);
            if (s == NULL) s = "(null)";
            size_t n = 0;
            while (s[n] != '\0' && (sp.precision < 0 || n < (size_t)sp.precision))
                n++;
            field(&k, &sp, "", s, (int)n, 0);
            break;
        }
        case 'p':
            sp.length = 'z';
            integer(&k, &sp, (uintptr_t)va_arg(args, void *), false);
            break;
        case 'd':
        case 'i': {
            intmax_t v = signed_arg(&sp, &args);
            integer(&k, &sp, v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v, v < 0);
            break;
        }
        default:
            integer(&k, &sp, unsigned_arg(&sp, &args), false);
            break;
        }
    }
    va_end(args);
    return k.count;
}
