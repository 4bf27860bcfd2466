/* format.c: the format mini-language (format(), f-strings, str.format) and printf-style
 * % formatting, for str, int and float, following CPython's rules. */
#include "exopy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t fill;
    char align, sign, type, grouping;
    int alt, zero, width, prec;
    int fill_set; /* an explicit fill character was given */
} Spec;

static void parse_spec(const char *s, size_t n, Spec *sp) {
    memset(sp, 0, sizeof *sp);
    sp->fill = ' ';
    sp->width = -1;
    sp->prec = -1;
    size_t i = 0;
    /* fill is any character followed by an align char */
    const char *p = s;
    uint32_t first = 0;
    size_t flen = 0;
    if (n) {
        const char *q = p;
        first = utf8_decode(&q);
        flen = (size_t)(q - p);
    }
    if (n > flen && strchr("<>=^", s[flen]) && s[flen]) {
        sp->fill = first;
        sp->fill_set = 1;
        sp->align = s[flen];
        i = flen + 1;
    } else if (n && strchr("<>=^", s[0]) && s[0]) {
        sp->align = s[0];
        i = 1;
    }
    if (i < n && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) sp->sign = s[i++];
    if (i < n && s[i] == '#') {
        sp->alt = 1;
        i++;
    }
    if (i < n && s[i] == '0') {
        sp->zero = 1;
        i++;
    }
    if (i < n && s[i] >= '0' && s[i] <= '9') {
        sp->width = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            sp->width = sp->width * 10 + (s[i++] - '0');
    }
    if (i < n && (s[i] == ',' || s[i] == '_')) sp->grouping = s[i++];
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || s[i] < '0' || s[i] > '9')
            raisef(&ValueError_type, "Format specifier missing precision");
        sp->prec = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            sp->prec = sp->prec * 10 + (s[i++] - '0');
    }
    if (i < n) sp->type = s[i++];
    if (i < n)
        raisef(&ValueError_type, "Invalid format specifier '%.*s' for object of type", (int)n, s);
}

/* Pad body (already with sign/prefix split at `prefix_len`) to the width. */
static Obj *pad(Spec *sp, const char *body, size_t len, size_t prefix_len, char default_align) {
    char align = sp->align ? sp->align : default_align;
    uint32_t fill = sp->fill;
    /* the 0 flag means a '0' fill unless one was given, and sign-aware padding for numbers
     * when no alignment was */
    if (sp->zero && !sp->fill_set) {
        fill = '0';
        if (!sp->align && default_align == '>') align = '=';
    }
    size_t clen = 0;
    for (size_t i = 0; i < len; i++)
        clen += ((uint8_t)body[i] & 0xc0) != 0x80;
    Buf b;
    buf_init(&b);
    int64_t padn = sp->width > (int)clen ? sp->width - (int64_t)clen : 0;
    char fb[4];
    size_t fl = utf8_encode(fill, fb);
    int64_t left = align == '<' ? 0 : align == '^' ? padn / 2 : padn;
    if (align == '=') {
        buf_add(&b, body, prefix_len);
        for (int64_t i = 0; i < padn; i++)
            buf_add(&b, fb, fl);
        buf_add(&b, body + prefix_len, len - prefix_len);
        return buf_str(&b);
    }
    for (int64_t i = 0; i < left; i++)
        buf_add(&b, fb, fl);
    buf_add(&b, body, len);
    for (int64_t i = 0; i < padn - left; i++)
        buf_add(&b, fb, fl);
    return buf_str(&b);
}

static void group_digits(Buf *out, const char *digits, size_t n, char sep, int every) {
    for (size_t i = 0; i < n; i++) {
        buf_addc(out, digits[i]);
        size_t rest = n - i - 1;
        if (sep && rest && rest % (size_t)every == 0) buf_addc(out, sep);
    }
}

static Obj *format_int(Obj *o, Spec *sp) {
    char t = sp->type ? sp->type : 'd';
    if (t == 'c') {
        char u[4];
        size_t n = utf8_encode((uint32_t)int_val(o), u);
        return pad(sp, u, n, 0, '<');
    }
    int base = t == 'b' ? 2 : t == 'o' ? 8 : (t == 'x' || t == 'X') ? 16 : 10;
    if (!strchr("bdoxXn", t))
        raisef(&ValueError_type, "Unknown format code '%c' for object of type '%s'", t,
               type_name(o));
    int neg = int_sign(o) < 0;
    Obj *mag = neg ? int_neg(o) : o;
    Obj *ds = int_str(mag, base);
    Str *d = (Str *)ds;
    Buf b;
    buf_init(&b);
    if (neg)
        buf_addc(&b, '-');
    else if (sp->sign == '+')
        buf_addc(&b, '+');
    else if (sp->sign == ' ')
        buf_addc(&b, ' ');
    if (sp->alt && base != 10) {
        buf_addc(&b, '0');
        buf_addc(&b, t == 'b' ? 'b' : t == 'o' ? 'o' : t);
    }
    size_t prefix = b.len;
    char *digits = d->s;
    if (t == 'X')
        for (size_t i = 0; i < d->len; i++)
            if (digits[i] >= 'a') digits[i] = (char)(digits[i] - 32);
    int every = base == 10 ? 3 : 4;
    if (sp->zero && !sp->align && sp->grouping && sp->width > 0) {
        /* zero padding is grouped too */
        size_t want = (size_t)sp->width > prefix ? (size_t)sp->width - prefix : 0;
        size_t nd = d->len;
        while (nd + (nd - 1) / (size_t)every < want)
            nd++;
        Buf z;
        buf_init(&z);
        for (size_t i = d->len; i < nd; i++)
            buf_addc(&z, '0');
        buf_add(&z, digits, d->len);
        group_digits(&b, z.p, z.len, sp->grouping, every);
        return buf_str(&b);
    }
    group_digits(&b, digits, d->len, sp->grouping, every);
    return pad(sp, b.p, b.len, prefix, '>');
}

static Obj *format_float(double v, Spec *sp) {
    char t = sp->type;
    int prec = sp->prec;
    int neg = signbit(v) && !isnan(v);
    double a = fabs(v);
    if (t == '%') a *= 100;
    char ct = t; /* CPython's choice of layout: no type is repr, or 'g' given a precision */
    int dot0 = 0;
    if (!t) {
        dot0 = 1;
        ct = prec < 0 ? 'r' : 'g';
    } else if (t == '%') {
        ct = 'f';
    } else if (t == 'n') {
        ct = 'g';
    } else if (!strchr("eEfFgG", t)) {
        raisef(&ValueError_type, "Unknown format code '%c' for object of type 'float'", t);
    }
    if (prec < 0) prec = 6;
    Buf text;
    buf_init(&text);
    if (isinf(a) || isnan(a))
        buf_adds(&text, isnan(a) ? "nan" : "inf");
    else
        dtoa_format(&text, a, (char)(ct >= 'a' ? ct : ct + 32), prec, sp->alt, dot0);
    if (t == 'E' || t == 'F' || t == 'G')
        for (size_t i = 0; i < text.len; i++)
            if (text.p[i] >= 'a' && text.p[i] <= 'z') text.p[i] = (char)(text.p[i] - 32);
    if (t == '%') buf_addc(&text, '%');
    buf_addc(&text, 0);
    const char *buf = text.p;
    Buf b;
    buf_init(&b);
    if (neg)
        buf_addc(&b, '-');
    else if (sp->sign == '+')
        buf_addc(&b, '+');
    else if (sp->sign == ' ')
        buf_addc(&b, ' ');
    size_t prefix = b.len;
    if (sp->grouping) {
        const char *dot = buf;
        while (*dot >= '0' && *dot <= '9')
            dot++;
        group_digits(&b, buf, (size_t)(dot - buf), sp->grouping, 3);
        buf_adds(&b, dot);
    } else {
        buf_adds(&b, buf);
    }
    return pad(sp, b.p, b.len, prefix, '>');
}

Obj *format_spec(Obj *o, const char *s, size_t n) {
    Spec sp;
    if (n == 0) return obj_str(o);
    parse_spec(s, n, &sp);
    if (IS_INT(o)) {
        if (sp.type && strchr("eEfFgG%", sp.type)) return format_float(int_to_double(o), &sp);
        if (sp.prec >= 0)
            raisef(&ValueError_type, "Precision not allowed in integer format specifier");
        return format_int(o, &sp);
    }
    if (IS(o, float_type)) return format_float(((Float *)o)->v, &sp);
    if (ISINST(o, str_type)) {
        if (sp.type && sp.type != 's')
            raisef(&ValueError_type, "Unknown format code '%c' for object of type 'str'", sp.type);
        if (sp.sign) raisef(&ValueError_type, "Sign not allowed in string format specifier");
        if (sp.align == '=')
            raisef(&ValueError_type, "'=' alignment not allowed in string format specifier");
        Str *st = (Str *)o;
        size_t len = st->len;
        if (sp.prec >= 0 && (size_t)sp.prec < st->clen) {
            const char *p = st->s;
            for (int i = 0; i < sp.prec; i++)
                utf8_decode(&p);
            len = (size_t)(p - st->s);
        }
        return pad(&sp, st->s, len, 0, '<');
    }
    if (o == None || IS(o, tuple_type) || IS(o, list_type) || IS(o, dict_type) ||
        TYPE(o)->flags & TF_HEAP || 1)
        raisef(&TypeError_type, "unsupported format string passed to %s.__format__", type_name(o));
}

/* ---- str.format ---- */
static Obj *get_field(const char *s, size_t n, int *autoidx, int np, Obj **a, Obj *kw, int nall) {
    size_t i = 0;
    while (i < n && s[i] != '.' && s[i] != '[')
        i++;
    Obj *v;
    if (i == 0) {
        if (*autoidx < 0)
            raisef(&ValueError_type,
                   "cannot switch from manual field specification to automatic field numbering");
        int k = (*autoidx)++;
        if (k >= np)
            raisef(&IndexError_type, "Replacement index %d out of range for positional args tuple",
                   k);
        v = a[k];
    } else if (s[0] >= '0' && s[0] <= '9') {
        if (*autoidx > 0)
            raisef(&ValueError_type,
                   "cannot switch from automatic field numbering to manual field specification");
        *autoidx = -1;
        int k = atoi(s);
        if (k >= np)
            raisef(&IndexError_type, "Replacement index %d out of range for positional args tuple",
                   k);
        v = a[k];
    } else {
        Obj *name = str_new(s, i);
        v = args_kw(nall, a, kw, str_c(name));
        if (!v) raise_type(&KeyError_type, name);
    }
    while (i < n) {
        if (s[i] == '.') {
            size_t j = ++i;
            while (j < n && s[j] != '.' && s[j] != '[')
                j++;
            v = obj_getattr(v, str_intern_obj(str_new(s + i, j - i)));
            i = j;
        } else {
            size_t j = ++i;
            while (j < n && s[j] != ']')
                j++;
            Obj *key;
            int digits = j > i;
            for (size_t k = i; k < j; k++)
                digits &= s[k] >= '0' && s[k] <= '9';
            key = digits ? int_parse(s + i, j - i, 10) : str_new(s + i, j - i);
            v = obj_getitem(v, key);
            i = j + 1;
        }
    }
    return v;
}

static Obj *format_impl(Obj *fmt, int np, Obj **a, Obj *kw, int nall, int *autoidx, int depth) {
    if (depth > 2) raisef(&ValueError_type, "Max string recursion exceeded");
    Str *f = (Str *)fmt;
    Buf b;
    buf_init(&b);
    size_t i = 0;
    while (i < f->len) {
        char c = f->s[i];
        if (c == '{' && i + 1 < f->len && f->s[i + 1] == '{') {
            buf_addc(&b, '{');
            i += 2;
            continue;
        }
        if (c == '}' && i + 1 < f->len && f->s[i + 1] == '}') {
            buf_addc(&b, '}');
            i += 2;
            continue;
        }
        if (c == '}') raisef(&ValueError_type, "Single '}' encountered in format string");
        if (c != '{') {
            buf_addc(&b, c);
            i++;
            continue;
        }
        size_t j = ++i;
        int d = 0;
        while (j < f->len && (f->s[j] != '}' || d)) {
            if (f->s[j] == '{') d++;
            if (f->s[j] == '}') d--;
            j++;
        }
        if (j >= f->len) raisef(&ValueError_type, "expected '}' before end of string");
        /* field [!conv] [:spec] */
        size_t k = i;
        while (k < j && f->s[k] != '!' && f->s[k] != ':')
            k++;
        Obj *v = get_field(f->s + i, k - i, autoidx, np, a, kw, nall);
        char conv = 0;
        if (k < j && f->s[k] == '!') {
            conv = f->s[k + 1];
            k += 2;
            if (!strchr("rsa", conv))
                raisef(&ValueError_type, "Unknown conversion specifier %c", conv);
        }
        Obj *spec = vm->empty_str;
        if (k < j && f->s[k] == ':') {
            spec = str_new(f->s + k + 1, j - k - 1);
            if (memchr(((Str *)spec)->s, '{', ((Str *)spec)->len))
                spec = format_impl(spec, np, a, kw, nall, autoidx, depth + 1);
        }
        if (conv == 'r' || conv == 'a')
            v = obj_repr(v);
        else if (conv == 's')
            v = obj_str(v);
        buf_addobj(&b, obj_format(v, spec));
        i = j + 1;
    }
    return buf_str(&b);
}

Obj *str_format(Obj *fmt, int n, Obj **a, Obj *kw) {
    int autoidx = 0;
    return format_impl(fmt, args_npos(n, kw), a, kw, n, &autoidx, 0);
}

/* ---- printf-style % ---- */
static Obj *percent_impl(Obj *fmt, Obj *args, int bytes_mode);

Obj *str_percent(Obj *fmt, Obj *args) {
    return percent_impl(fmt, args, 0);
}

/* bytes % args (PEP 461): %s and %b insert bytes-like objects as they are, %a and %r insert
 * ascii(repr(x)); the result is bytes. */
Obj *bytes_percent(Obj *fmt, Obj *args) {
    Str *f = (Str *)fmt;
    Obj *text = str_alloc(f->len);
    memcpy(((Str *)text)->s, f->s, f->len);
    str_finish(text);
    Obj *r = percent_impl(text, args, 1);
    return bytes_new(((Str *)r)->s, ((Str *)r)->len);
}

static Obj *percent_impl(Obj *fmt, Obj *args, int bytes_mode) {
    Str *f = (Str *)fmt;
    Obj **items;
    size_t nitems, used = 0;
    Obj *mapping = NULL;
    if (IS(args, tuple_type)) {
        items = ((Tuple *)args)->items;
        nitems = ((Tuple *)args)->len;
    } else {
        items = &args;
        nitems = 1;
        if (ISINST(args, dict_type)) mapping = args;
    }
    Buf b;
    buf_init(&b);
    size_t i = 0;
    while (i < f->len) {
        char c = f->s[i++];
        if (c != '%') {
            buf_addc(&b, c);
            continue;
        }
        if (i >= f->len) raisef(&ValueError_type, "incomplete format");
        Obj *v = NULL;
        if (f->s[i] == '(') {
            size_t j = ++i;
            while (j < f->len && f->s[j] != ')')
                j++;
            if (!mapping) raisef(&TypeError_type, "format requires a mapping");
            v = obj_getitem(mapping, str_new(f->s + i, j - i));
            i = j + 1;
        }
        Spec sp;
        memset(&sp, 0, sizeof sp);
        sp.fill = ' ';
        sp.width = -1;
        sp.prec = -1;
        for (; i < f->len && strchr("-+ #0", f->s[i]); i++) {
            char fl = f->s[i];
            if (fl == '-')
                sp.align = '<';
            else if (fl == '+' || (fl == ' ' && sp.sign != '+'))
                sp.sign = fl;
            else if (fl == '#')
                sp.alt = 1;
            else if (fl == '0')
                sp.zero = 1;
        }
        if (i < f->len && f->s[i] == '*') {
            if (used >= nitems) raisef(&TypeError_type, "not enough arguments for format string");
            sp.width = (int)int_val(items[used++]);
            i++;
        }
        while (i < f->len && f->s[i] >= '0' && f->s[i] <= '9')
            sp.width = (sp.width < 0 ? 0 : sp.width * 10) + (f->s[i++] - '0');
        if (i < f->len && f->s[i] == '.') {
            i++;
            sp.prec = 0;
            if (i < f->len && f->s[i] == '*') {
                if (used >= nitems)
                    raisef(&TypeError_type, "not enough arguments for format string");
                sp.prec = (int)int_val(items[used++]);
                i++;
            }
            while (i < f->len && f->s[i] >= '0' && f->s[i] <= '9')
                sp.prec = sp.prec * 10 + (f->s[i++] - '0');
        }
        if (i >= f->len) raisef(&ValueError_type, "incomplete format");
        char t = f->s[i++];
        if (t == '%') {
            buf_addc(&b, '%');
            continue;
        }
        if (!v) {
            if (used >= nitems) raisef(&TypeError_type, "not enough arguments for format string");
            v = items[used++];
        }
        if (sp.align == '<') sp.zero = 0;
        Obj *r;
        switch (t) {
        case 'b':
            if (!bytes_mode)
                raisef(&ValueError_type, "unsupported format character 'b' (0x62) at index %zu",
                       i - 1);
            /* fall through */
        case 's':
        case 'r':
        case 'a': {
            Obj *s;
            if (bytes_mode && (t == 's' || t == 'b')) {
                if (IS(v, bytearray_type))
                    v = bytes_new(((ByteArray *)v)->data, ((ByteArray *)v)->len);
                if (!IS(v, bytes_type))
                    raisef(&TypeError_type,
                           "%%b requires a bytes-like object, or an object that implements "
                           "__bytes__, not '%s'",
                           type_name(v));
                Str *bs = (Str *)v;
                Obj *raw = str_alloc(bs->len);
                memcpy(((Str *)raw)->s, bs->s, bs->len);
                s = str_finish(raw);
            } else if (t == 'a' || (bytes_mode && t == 'r')) {
                s = call1(dict_getc(vm->builtins, "ascii"), v);
            } else {
                s = t == 's' ? obj_str(v) : obj_repr(v);
            }
            Spec ss = sp;
            ss.zero = 0;
            if (!ss.align) ss.align = '>';
            ss.type = 0;
            Str *st = (Str *)s;
            size_t len = st->len;
            if (sp.prec >= 0 && (size_t)sp.prec < st->clen) {
                const char *p = st->s;
                for (int k = 0; k < sp.prec; k++)
                    utf8_decode(&p);
                len = (size_t)(p - st->s);
            }
            r = pad(&ss, st->s, len, 0, '>');
            break;
        }
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            if (IS(v, float_type)) v = int_from_double(((Float *)v)->v);
            if (!IS_INT(v))
                raisef(&TypeError_type, "%%%c format: a real number is required, not %s", t,
                       type_name(v));
            Spec is = sp;
            is.type = t == 'i' || t == 'u' ? 'd' : t;
            if (!is.align) is.align = is.zero ? 0 : '>';
            int p = sp.prec;
            is.prec = -1;
            r = format_int(v, &is);
            if (p > 0) {
                /* precision means a minimum number of digits */
                Spec z = is;
                z.width = p + (int_sign(v) < 0);
                z.zero = 1;
                z.align = 0;
                Obj *digits = format_int(v, &z);
                is.zero = 0;
                r = pad(&is, ((Str *)digits)->s, ((Str *)digits)->len, 0, '>');
            }
            break;
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G': {
            Spec fs = sp;
            fs.type = t;
            if (fs.prec < 0) fs.prec = 6;
            if (!fs.align) fs.align = fs.zero ? 0 : '>';
            r = format_float(num_to_double(v), &fs);
            break;
        }
        case 'c': {
            Obj *s;
            if (bytes_mode && IS_INT(v)) {
                int64_t c = int_val(v);
                if (c < 0 || c > 255) raisef(&OverflowError_type, "%%c arg not in range(256)");
                char ch = (char)c;
                s = str_alloc(1);
                ((Str *)s)->s[0] = ch;
                str_finish(s);
            } else {
                s = IS_INT(v) ? str_from_cp((uint32_t)int_val(v)) : v;
            }
            Spec cs = sp;
            if (!cs.align) cs.align = '>';
            r = pad(&cs, ((Str *)s)->s, ((Str *)s)->len, 0, '>');
            break;
        }
        default:
            raisef(&ValueError_type, "unsupported format character '%c' (0x%x) at index %zu", t,
                   (unsigned)(uint8_t)t, i - 1);
        }
        buf_addobj(&b, r);
    }
    if (used < nitems && !mapping)
        raisef(&TypeError_type, "not all arguments converted during string formatting");
    return buf_str(&b);
}
