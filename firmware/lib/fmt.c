/* lib/fmt.c: formats kernel messages into a caller's buffer; never writes past it. */
#include "lib/fmt.h"

#include <stdint.h>

struct out {
    char *buf;
    size_t cap, len;
};

static void put(struct out *o, char c) {
    if (o->len + 1 < o->cap) o->buf[o->len++] = c;
}

static void number(struct out *o, uint64_t v, unsigned base, int neg, int width, char pad) {
    char digits[24];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg) digits[n++] = '-';
    for (; width > n; width--)
        put(o, pad);
    while (n)
        put(o, digits[--n]);
}

size_t fmt_vformat(char *buf, size_t cap, const char *fmt, va_list ap) {
    struct out o = {buf, cap, 0};
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        char pad = ' ';
        int width = 0, size = 0;
        if (*++fmt == '0') pad = '0', fmt++;
        for (; *fmt >= '0' && *fmt <= '9'; fmt++)
            width = width * 10 + (*fmt - '0');
        for (; *fmt == 'l' || *fmt == 'z'; fmt++)
            size++;
        switch (*fmt) {
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            for (s = s ? s : "(null)"; *s; s++)
                put(&o, *s);
            break;
        }
        case 'd': {
            int64_t v =
                size ? (size > 1 ? va_arg(ap, long long) : va_arg(ap, long)) : va_arg(ap, int);
            number(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, width, pad);
            break;
        }
        case 'u':
        case 'x': {
            uint64_t v =
                size ? (size > 1 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned long))
                     : va_arg(ap, unsigned);
            number(&o, v, *fmt == 'x' ? 16 : 10, 0, width, pad);
            break;
        }
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            number(&o, (uintptr_t)va_arg(ap, void *), 16, 0, width, pad);
            break;
        case '%':
            put(&o, '%');
            break;
        default: /* unknown conversion, or the string ended after '%' */
            if (!*fmt) fmt--;
            break;
        }
    }
    if (cap) buf[o.len] = 0;
    return o.len;
}

size_t fmt_format(char *buf, size_t cap, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    size_t n = fmt_vformat(buf, cap, fmt, ap);
    va_end(ap);
    return n;
}
