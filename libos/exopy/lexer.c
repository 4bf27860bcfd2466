/* lexer.c: the tokenizer: indentation to INDENT/DEDENT, implicit line joining in brackets,
 * string literals (all prefixes, escapes; f-strings kept raw for the parser) and numbers. */
#include "lexer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void syntax_error(Obj *filename, int line, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    Obj *msg = str_vfmt(fmt, ap);
    va_end(ap);
    Obj *e =
        exc_make(str_eqc(msg, "unexpected indent") || str_eqc(msg, "expected an indented block") ||
                         str_eqc(msg, "unindent does not match any outer indentation level")
                     ? &IndentationError_type
                     : &SyntaxError_type,
                 1, &msg);
    Obj **ds = &((Exc *)e)->dict;
    if (!*ds) *ds = dict_new();
    dict_setc(*ds, "filename", filename);
    dict_setc(*ds, "lineno", int_from(line));
    raise(e);
}

static Tok *add_tok(P *p, int kind) {
    if (p->ntok == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 256;
        p->toks = gc_realloc(p->toks, p->cap * sizeof(Tok), cap * sizeof(Tok), 1);
        p->cap = cap;
    }
    Tok *t = &p->toks[p->ntok++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->line = p->line;
    return t;
}

static int is_id_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || ((uint8_t)c & 0x80);
}

static int is_id(char c) {
    return is_id_start(c) || (c >= '0' && c <= '9');
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)(c | 32);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Process escapes in s[0..n) into a str (or bytes). */
Obj *lex_unescape(P *p, const char *s, size_t n, int raw, int bytes) {
    Buf b;
    buf_init(&b);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c != '\\' || raw) {
            if (c == '\\' && raw && i + 1 < n) {
                buf_addc(&b, c);
                buf_addc(&b, s[++i]);
                continue;
            }
            buf_addc(&b, c);
            continue;
        }
        if (++i >= n) break;
        c = s[i];
        switch (c) {
        case '\n':
            break;
        case 'n':
            buf_addc(&b, '\n');
            break;
        case 't':
            buf_addc(&b, '\t');
            break;
        case 'r':
            buf_addc(&b, '\r');
            break;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7': {
            int v = 0, k = 0;
            while (k < 3 && i < n && s[i] >= '0' && s[i] <= '7') {
                v = v * 8 + (s[i] - '0');
                i++;
                k++;
            }
            i--;
            if (bytes)
                buf_addc(&b, (char)v);
            else {
                char u[4];
                buf_add(&b, u, utf8_encode((uint32_t)v, u));
            }
            break;
        }
        case 'a':
            buf_addc(&b, '\a');
            break;
        case 'b':
            buf_addc(&b, '\b');
            break;
        case 'f':
            buf_addc(&b, '\f');
            break;
        case 'v':
            buf_addc(&b, '\v');
            break;
        case '\\':
        case '\'':
        case '"':
            buf_addc(&b, c);
            break;
        case 'x':
        case 'u':
        case 'U': {
            int nd = c == 'x' ? 2 : c == 'u' ? 4 : 8;
            if (bytes && c != 'x') {
                buf_addc(&b, '\\');
                buf_addc(&b, c);
                break;
            }
            uint32_t v = 0;
            for (int k = 0; k < nd; k++) {
                if (i + 1 >= n || hexval(s[i + 1]) < 0)
                    ERR(p, "(unicode error) truncated \\%cXX escape", c);
                v = v * 16 + (uint32_t)hexval(s[++i]);
            }
            if (bytes)
                buf_addc(&b, (char)v);
            else {
                char u[4];
                buf_add(&b, u, utf8_encode(v, u));
            }
            break;
        }
        case 'N':
            ERR(p, "\\N escapes are not supported");
        default:
            buf_addc(&b, '\\');
            buf_addc(&b, c);
        }
    }
    return bytes ? bytes_new(b.p, b.len) : buf_str(&b);
}

static const char *ops3[] = {"**=", "//=", ">>=", "<<=", "...", NULL};
static const char *ops2[] = {"**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", "+=",
                             "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", ":=", NULL};

static void lex_string(P *p, const char *prefix_start, const char *q) {
    int raw = 0, bytes = 0, fstr = 0;
    for (const char *c = prefix_start; c < q; c++) {
        char l = (char)(*c | 32);
        raw |= l == 'r';
        bytes |= l == 'b';
        fstr |= l == 'f';
    }
    char quote = *q;
    int triple = q + 2 < p->end && q[1] == quote && q[2] == quote;
    const char *s = q + (triple ? 3 : 1), *e = s;
    int start_line = p->line;
    for (;;) {
        if (e >= p->end)
            syntax_error(p->filename, start_line,
                         triple ? "unterminated triple-quoted string literal (detected at line %d)"
                                : "unterminated string literal (detected at line %d)",
                         p->line);
        if (*e == '\\' && e + 1 < p->end) {
            if (e[1] == '\n') p->line++;
            e += 2;
            continue;
        }
        if (*e == '\n') {
            if (!triple)
                syntax_error(p->filename, start_line,
                             "unterminated string literal (detected at line %d)", start_line);
            p->line++;
        }
        if (*e == quote && (!triple || (e + 2 < p->end && e[1] == quote && e[2] == quote))) break;
        e++;
    }
    Tok *t = add_tok(p, T_STR);
    t->line = start_line;
    t->fstr = fstr;
    t->bytes = bytes;
    t->p = s;
    t->len = (size_t)(e - s);
    if (fstr)
        t->v = raw ? str_new(s, (size_t)(e - s)) : NULL; /* parsed later, piecewise */
    else
        t->v = lex_unescape(p, s, (size_t)(e - s), raw, bytes);
    if (fstr && raw) t->bytes = 2; /* marks raw f-string */
    p->cur = e + (triple ? 3 : 1);
}

static void lex_number(P *p) {
    const char *s = p->cur, *e = s;
    int is_float = 0;
    if (*e == '0' && e + 1 < p->end && strchr("xXoObB", e[1])) {
        e += 2;
        while (e < p->end && (hexval(*e) >= 0 || *e == '_'))
            e++;
    } else {
        while (e < p->end && ((*e >= '0' && *e <= '9') || *e == '_'))
            e++;
        if (e < p->end && *e == '.') {
            is_float = 1;
            e++;
            while (e < p->end && ((*e >= '0' && *e <= '9') || *e == '_'))
                e++;
        }
        if (e < p->end && (*e == 'e' || *e == 'E')) {
            const char *f = e + 1;
            if (f < p->end && (*f == '+' || *f == '-')) f++;
            if (f < p->end && *f >= '0' && *f <= '9') {
                is_float = 1;
                e = f;
                while (e < p->end && ((*e >= '0' && *e <= '9') || *e == '_'))
                    e++;
            }
        }
    }
    if (e < p->end && (*e == 'j' || *e == 'J')) ERR(p, "complex numbers are not supported");
    if (e < p->end && is_id(*e)) ERR(p, "invalid decimal literal");
    Tok *t = add_tok(p, T_NUM);
    t->p = s;
    t->len = (size_t)(e - s);
    if (is_float) {
        char *buf = gc_alloc((size_t)(e - s) + 1, 0); /* the literal without underscores */
        size_t j = 0;
        for (const char *c = s; c < e; c++)
            if (*c != '_') buf[j++] = *c;
        double d;
        dtoa_parse(buf, j, &d); /* the lexer let through only a well-formed literal */
        t->v = float_from(d);
    } else {
        t->v = int_parse(s, (size_t)(e - s), 0);
        if (!t->v) {
            if (*s == '0' && e - s > 1 && s[1] >= '0' && s[1] <= '9')
                ERR(p, "leading zeros in decimal integer literals are not permitted; use an 0o "
                       "prefix for octal integers");
            ERR(p, "invalid syntax");
        }
    }
    p->cur = e;
}

void lex_tokenize(P *p) {
    int at_line_start = 1;
    while (p->cur < p->end) {
        if (at_line_start && p->depth == 0) {
            int col = 0;
            const char *c = p->cur;
            while (c < p->end && (*c == ' ' || *c == '\t' || *c == '\f')) {
                col = *c == '\t' ? (col / 8 + 1) * 8 : col + 1;
                c++;
            }
            if (c >= p->end) break;
            if (*c == '#' || *c == '\n' || *c == '\r') {
                while (c < p->end && *c != '\n')
                    c++;
                if (c < p->end) {
                    c++;
                    p->line++;
                }
                p->cur = c;
                continue;
            }
            if (*c == '\\' && c + 1 < p->end && c[1] == '\n') {
                p->cur = c;
                at_line_start = 0;
                continue;
            }
            p->cur = c;
            at_line_start = 0;
            if (col > p->indents[p->nind]) {
                if (p->nind + 1 >= 100) ERR(p, "too many levels of indentation");
                p->indents[++p->nind] = col;
                add_tok(p, T_INDENT);
            } else {
                while (col < p->indents[p->nind]) {
                    p->nind--;
                    add_tok(p, T_DEDENT);
                }
                if (col != p->indents[p->nind])
                    ERR(p, "unindent does not match any outer indentation level");
            }
        }
        char c = *p->cur;
        if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
            p->cur++;
            continue;
        }
        if (c == '#') {
            while (p->cur < p->end && *p->cur != '\n')
                p->cur++;
            continue;
        }
        if (c == '\\' && p->cur + 1 < p->end && (p->cur[1] == '\n' || p->cur[1] == '\r')) {
            p->cur += p->cur[1] == '\r' ? 3 : 2;
            p->line++;
            continue;
        }
        if (c == '\n') {
            p->cur++;
            if (p->depth == 0) {
                if (p->ntok && p->toks[p->ntok - 1].kind != T_NEWLINE) add_tok(p, T_NEWLINE);
                at_line_start = 1;
            }
            p->line++;
            continue;
        }
        if (is_id_start(c)) {
            const char *s = p->cur, *e = s;
            while (e < p->end && is_id(*e))
                e++;
            if (e < p->end && (*e == '\'' || *e == '"') && e - s <= 2) {
                int ok = 1;
                for (const char *k = s; k < e; k++)
                    ok &= strchr("rRbBfFuU", *k) != NULL;
                if (ok) {
                    lex_string(p, s, e);
                    continue;
                }
            }
            Tok *t = add_tok(p, T_NAME);
            t->p = s;
            t->len = (size_t)(e - s);
            p->cur = e;
            continue;
        }
        if ((c >= '0' && c <= '9') ||
            (c == '.' && p->cur + 1 < p->end && p->cur[1] >= '0' && p->cur[1] <= '9')) {
            lex_number(p);
            continue;
        }
        if (c == '\'' || c == '"') {
            lex_string(p, p->cur, p->cur);
            continue;
        }
        size_t n = 0;
        for (int i = 0; ops3[i] && !n; i++)
            if (p->end - p->cur >= 3 && !memcmp(p->cur, ops3[i], 3)) n = 3;
        for (int i = 0; ops2[i] && !n; i++)
            if (p->end - p->cur >= 2 && !memcmp(p->cur, ops2[i], 2)) n = 2;
        if (!n) {
            if (!strchr("+-*/%&|^~<>()[]{},:;.=@", c) || c == 0) {
                if (c == '!') ERR(p, "invalid syntax");
                if (c == '$' || c == '?' || c == '`') ERR(p, "invalid syntax");
                ERR(p, "invalid character '%c' (U+%04X)", c, (unsigned)(uint8_t)c);
            }
            n = 1;
        }
        if (n == 1 && strchr("([{", c)) {
            if (p->depth < 200) p->open_line[p->depth] = p->line;
            p->depth++;
        }
        if (n == 1 && strchr(")]}", c)) {
            if (p->depth == 0) ERR(p, "unmatched '%c'", c);
            p->depth--;
        }
        Tok *t = add_tok(p, T_OP);
        t->p = p->cur;
        t->len = n;
        p->cur += n;
    }
    if (p->depth) {
        p->line = p->open_line[0];
        ERR(p, "'(' was never closed");
    }
    if (p->ntok && p->toks[p->ntok - 1].kind != T_NEWLINE) add_tok(p, T_NEWLINE);
    while (p->nind > 0) {
        p->nind--;
        add_tok(p, T_DEDENT);
    }
    add_tok(p, T_END);
}
