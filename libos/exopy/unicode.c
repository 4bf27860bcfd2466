/* unicode.c: the slice of the Unicode database exopy carries: case mapping and classes for
 * Latin-1, Latin Extended-A, Greek and Cyrillic, digits of a few scripts, printability. */
#include "exopy.h"

static int ext_a_upper(uint32_t c) {
    /* Latin Extended-A alternates upper/lower, with the parity flipping in two stretches */
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) return c & 1;
    return !(c & 1);
}

/* Latin digraphs come in threes (upper, title, lower): DŽ Dž dž, LJ Lj lj, NJ Nj nj, DZ Dz dz. */
static uint32_t digraph_base(uint32_t c) {
    if (c >= 0x1c4 && c <= 0x1cc) return 0x1c4 + (c - 0x1c4) / 3 * 3;
    if (c >= 0x1f1 && c <= 0x1f3) return 0x1f1;
    return 0;
}

int uni_istitlecase(uint32_t c) {
    uint32_t b = digraph_base(c);
    return b && c == b + 1;
}

uint32_t uni_title(uint32_t c) {
    uint32_t b = digraph_base(c);
    return b ? b + 1 : 0;
}

uint32_t uni_lower(uint32_t c) {
    uint32_t dg = digraph_base(c);
    if (dg) return dg + 2;
    if (c < 128) return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (c >= 0xc0 && c <= 0xde && c != 0xd7) return c + 32;
    if (c >= 0x100 && c <= 0x17e && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149)
        return ext_a_upper(c) ? c + 1 : c;
    if (c == 0x178) return 0xff;
    if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2) return c + 32;
    if (c >= 0x410 && c <= 0x42f) return c + 32;
    if (c >= 0x400 && c <= 0x40f) return c + 80;
    return c;
}

uint32_t uni_upper(uint32_t c) {
    uint32_t dg = digraph_base(c);
    if (dg) return dg;
    if (c < 128) return c >= 'a' && c <= 'z' ? c - 32 : c;
    if (c >= 0xe0 && c <= 0xfe && c != 0xf7) return c - 32;
    if (c == 0xff) return 0x178;
    if (c == 0xb5) return 0x39c;
    if (c >= 0x100 && c <= 0x17e && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149)
        return ext_a_upper(c) ? c : c - 1;
    if (c == 0x3c2) return 0x3a3;
    if (c >= 0x3b1 && c <= 0x3c9) return c - 32;
    if (c >= 0x430 && c <= 0x44f) return c - 32;
    if (c >= 0x450 && c <= 0x45f) return c - 80;
    return c;
}

int uni_isupper(uint32_t c) {
    return uni_lower(c) != c && !uni_istitlecase(c);
}

int uni_islower(uint32_t c) {
    return (uni_upper(c) != c && !uni_istitlecase(c)) || c == 0xdf || c == 0x138 || c == 0x149 ||
           (c >= 0xfb00 && c <= 0xfb06);
}

/* SpecialCasing: characters whose upper (or title) case is several characters. Returns the
 * count written to out, 0 if the simple mapping applies. */
int uni_special_upper(uint32_t c, int title, uint32_t out[3]) {
    static const struct {
        uint32_t c, up[3], title[3];
    } table[] = {
        {0xdf, {'S', 'S', 0}, {'S', 's', 0}},       {0xfb00, {'F', 'F', 0}, {'F', 'f', 0}},
        {0xfb01, {'F', 'I', 0}, {'F', 'i', 0}},     {0xfb02, {'F', 'L', 0}, {'F', 'l', 0}},
        {0xfb03, {'F', 'F', 'I'}, {'F', 'f', 'i'}}, {0xfb04, {'F', 'F', 'L'}, {'F', 'f', 'l'}},
        {0xfb05, {'S', 'T', 0}, {'S', 't', 0}},     {0xfb06, {'S', 'T', 0}, {'S', 't', 0}},
        {0x149, {0x2bc, 'N', 0}, {0x2bc, 'N', 0}},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (table[i].c != c) continue;
        const uint32_t *m = title ? table[i].title : table[i].up;
        int n = 0;
        while (n < 3 && m[n])
            out[n] = m[n], n++;
        return n;
    }
    return 0;
}

int uni_isspace(uint32_t c);

/* The zero of each decimal-digit block exopy knows (ASCII, Arabic-Indic, Extended Arabic-Indic,
 * Devanagari, Bengali, fullwidth). */
static const uint32_t digit_zeros[] = {'0', 0x660, 0x6f0, 0x966, 0x9e6, 0xff10};

int uni_decimal(uint32_t c) {
    for (size_t i = 0; i < sizeof digit_zeros / sizeof digit_zeros[0]; i++)
        if (c >= digit_zeros[i] && c <= digit_zeros[i] + 9) return (int)(c - digit_zeros[i]);
    return -1;
}

int uni_isdigit(uint32_t c) {
    return uni_decimal(c) >= 0 || c == 0xb2 || c == 0xb3 || c == 0xb9 ||
           (c >= 0x2070 && c <= 0x2079 && c != 0x2071 && c != 0x2072 && c != 0x2073);
}

/* A copy of str o with decimal digits as ASCII and whitespace as spaces, for int() and float(). */
Obj *uni_ascii_digits(Obj *o) {
    Str *s = (Str *)o;
    if (s->clen == s->len) return o;
    Buf b;
    buf_init(&b);
    const char *p = s->s, *end = s->s + s->len;
    while (p < end) {
        const char *st = p;
        uint32_t c = utf8_decode(&p);
        int d = uni_decimal(c);
        if (d >= 0)
            buf_addc(&b, (char)('0' + d));
        else if (uni_isspace(c))
            buf_addc(&b, ' ');
        else
            buf_add(&b, st, (size_t)(p - st));
    }
    return buf_str(&b);
}

int uni_isalpha(uint32_t c) {
    if (c < 128) return (c | 32) >= 'a' && (c | 32) <= 'z';
    if (uni_isupper(c) || uni_islower(c) || uni_istitlecase(c)) return 1;
    return c == 0xaa || c == 0xba || (c >= 0x100 && c <= 0x24f) ||
           (c >= 0x370 && c <= 0x3ff && c != 0x37e && c != 0x387) || (c >= 0x400 && c <= 0x481) ||
           (c >= 0x5d0 && c <= 0x5ea) || (c >= 0x620 && c <= 0x64a) ||
           (c >= 0x3041 && c <= 0x3096) || (c >= 0x30a1 && c <= 0x30fa) ||
           (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3);
}

int uni_isspace(uint32_t c) {
    return c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f) || c == 0x85 || c == 0xa0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
           c == 0x202f || c == 0x205f || c == 0x3000;
}

/* As str.isprintable: what repr() shows as itself rather than as an escape. */
int uni_isprintable(uint32_t c) {
    if (c < 0x20 || c == 0x7f) return 0;
    if (c < 0x7f) return 1;
    if (c <= 0xa0 || c == 0xad) return 0;
    if (c == 0x1680 || (c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) ||
        (c >= 0x205f && c <= 0x206f) || c == 0x3000 || c == 0xfeff ||
        (c >= 0xd800 && c <= 0xdfff) || (c >= 0xfff9 && c <= 0xfffb) ||
        (c >= 0xe0000 && c <= 0xe0fff) || c == 0x61c || c == 0x180e)
        return 0;
    if ((c >= 0xe000 && c <= 0xf8ff) || c >= 0xf0000) return 0;
    /* noncharacters are unassigned, so not printable */
    if ((c & 0xfffe) == 0xfffe || (c >= 0xfdd0 && c <= 0xfdef)) return 0;
    return 1;
}
