/* parse.c: a recursive descent parser from the lexer's tokens to the syntax tree of ast.h,
 * with f-strings split into literal parts and expressions. */
#include "lexer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parser helpers ---- */
static Tok *peek(P *p) {
    return &p->toks[p->pos];
}

static Tok *peek2(P *p) {
    return &p->toks[p->pos + 1 < p->ntok ? p->pos + 1 : p->pos];
}

static int tok_is(Tok *t, int kind, const char *s) {
    return t->kind == kind && strlen(s) == t->len && !memcmp(t->p, s, t->len);
}

static int is_op(P *p, const char *s) {
    return tok_is(peek(p), T_OP, s);
}

static int is_kw(P *p, const char *s) {
    return tok_is(peek(p), T_NAME, s);
}

static Tok *next(P *p) {
    Tok *t = &p->toks[p->pos];
    if (t->kind != T_END) p->pos++;
    p->line = t->line;
    return t;
}

static _Noreturn void unexpected(P *p) {
    Tok *t = peek(p);
    p->line = t->line;
    if (t->kind == T_INDENT) ERR(p, "unexpected indent");
    if (t->kind == T_END && p->depth) ERR(p, "unexpected EOF while parsing");
    ERR(p, "invalid syntax");
}

static int accept_op(P *p, const char *s) {
    if (is_op(p, s)) {
        next(p);
        return 1;
    }
    return 0;
}

static int accept_kw(P *p, const char *s) {
    if (is_kw(p, s)) {
        next(p);
        return 1;
    }
    return 0;
}

static void expect_op(P *p, const char *s) {
    if (!accept_op(p, s)) {
        Tok *t = peek(p);
        p->line = t->line;
        if (!strcmp(s, ":")) ERR(p, "expected ':'");
        if (t->kind == T_NEWLINE && (!strcmp(s, ")") || !strcmp(s, "]") || !strcmp(s, "}")))
            ERR(p, "invalid syntax");
        unexpected(p);
    }
}

static const char *keywords[] = {
    "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
    "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
    "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
    "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield",    NULL};

static int is_keyword(Tok *t) {
    if (t->kind != T_NAME) return 0;
    for (int i = 0; keywords[i]; i++)
        if (tok_is(t, T_NAME, keywords[i])) return 1;
    return 0;
}

static Obj *tok_name(Tok *t) {
    return str_intern_obj(str_new(t->p, t->len));
}

static Obj *expect_name(P *p) {
    Tok *t = peek(p);
    if (t->kind != T_NAME || is_keyword(t)) unexpected(p);
    next(p);
    return tok_name(t);
}

static Node *node(P *p, int kind) {
    Node *n = gc_alloc(sizeof(Node), 1);
    n->kind = kind;
    n->line = p->line;
    return n;
}

typedef struct {
    Node **items;
    int n, cap;
} NList;

static void nl_add(NList *l, Node *x) {
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 4;
        l->items =
            gc_realloc(l->items, (size_t)l->n * sizeof(Node *), (size_t)cap * sizeof(Node *), 1);
        l->cap = cap;
    }
    l->items[l->n++] = x;
}

static void set_list(Node *n, NList *l) {
    n->list = l->items;
    n->n = l->n;
}

static Node *test(P *p);
static Node *expr(P *p);
static Node *star_expr_or_test(P *p);
static Node *block(P *p);
static Node *statement(P *p);
static Node *or_test(P *p);
static void parse_params(P *p, NList *params, const char *end);
static void comp_tail(P *p, Node *c, const char *close);
static Node *target_list_for(P *p);

/* ---- f-strings ---- */
static Node *parse_sub_expr(P *outer, const char *s, size_t n);

static Node *fstring(P *p, const char *s, size_t n, int raw) {
    Node *f = node(p, N_FSTR);
    NList parts = {0};
    size_t i = 0;
    Buf lit;
    buf_init(&lit);
    while (i < n) {
        char c = s[i];
        if (c == '{' && i + 1 < n && s[i + 1] == '{') {
            buf_addc(&lit, '{');
            i += 2;
            continue;
        }
        if (c == '}' && i + 1 < n && s[i + 1] == '}') {
            buf_addc(&lit, '}');
            i += 2;
            continue;
        }
        if (c == '}') ERR(p, "f-string: single '}' is not allowed");
        if (c != '{') {
            size_t j = i;
            while (j < n && s[j] != '{' && s[j] != '}')
                j++;
            Obj *piece = lex_unescape(p, s + i, j - i, raw, 0);
            buf_addobj(&lit, piece);
            i = j;
            continue;
        }
        if (lit.len) {
            Node *k = node(p, N_CONST);
            k->v = buf_str(&lit);
            nl_add(&parts, k);
            buf_init(&lit);
        }
        /* find the end of the expression: matching depth, outside strings */
        size_t j = ++i;
        int depth = 0;
        char q = 0;
        while (j < n) {
            char d = s[j];
            if (q) {
                if (d == q) q = 0;
            } else if (d == '\'' || d == '"') {
                q = d;
            } else if (d == '(' || d == '[' || d == '{') {
                depth++;
            } else if ((d == ')' || d == ']' || d == '}') && depth) {
                depth--;
            } else if (!depth &&
                       (d == '}' || d == ':' || (d == '!' && j + 1 < n && s[j + 1] != '='))) {
                break;
            }
            j++;
        }
        if (j >= n) ERR(p, "f-string: expecting '}'");
        size_t ee = j;
        int self_doc = 0;
        /* "{x=}" prints the expression text too */
        size_t k = ee;
        while (k > i && (s[k - 1] == ' '))
            k--;
        if (k > i && s[k - 1] == '=' && !(k > i + 1 && strchr("=!<>", s[k - 2]))) {
            self_doc = 1;
            ee = k - 1;
        }
        if (ee == i || (ee > i && strspn(s + i, " ") >= ee - i))
            ERR(p, "f-string: empty expression not allowed");
        Node *v = node(p, N_FVAL);
        v->a = parse_sub_expr(p, s + i, ee - i);
        if (self_doc) {
            Node *t = node(p, N_CONST);
            t->v = str_new(s + i, j - i);
            nl_add(&parts, t);
            v->op = 'r';
        }
        if (s[j] == '!') {
            if (j + 1 >= n || !strchr("rsa", s[j + 1]))
                ERR(p, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
            v->op = s[j + 1];
            j += 2;
        }
        if (j < n && s[j] == ':') {
            size_t st = ++j;
            int dd = 0;
            while (j < n && (s[j] != '}' || dd)) {
                if (s[j] == '{') dd++;
                if (s[j] == '}') dd--;
                j++;
            }
            v->b = fstring(p, s + st, j - st, raw);
            if (self_doc && !v->op) v->op = 0;
        }
        if (self_doc && v->b && v->op == 'r') v->op = 0;
        if (j >= n || s[j] != '}') ERR(p, "f-string: expecting '}'");
        i = j + 1;
        nl_add(&parts, v);
    }
    if (lit.len || !parts.n) {
        Node *k = node(p, N_CONST);
        k->v = buf_str(&lit);
        nl_add(&parts, k);
    }
    set_list(f, &parts);
    return f;
}

/* ---- expressions ---- */
static Node *atom(P *p) {
    Tok *t = peek(p);
    p->line = t->line;
    if (t->kind == T_NUM) {
        next(p);
        Node *n = node(p, N_CONST);
        n->v = t->v;
        return n;
    }
    if (t->kind == T_STR) {
        /* adjacent literals concatenate; any f-string makes the whole an f-string */
        int any_f = 0, bytes = t->bytes == 1, nstr = 0;
        size_t start = p->pos;
        while (peek(p)->kind == T_STR) {
            Tok *s = next(p);
            any_f |= s->fstr;
            if ((s->bytes == 1) != bytes) ERR(p, "cannot mix bytes and nonbytes literals");
            nstr++;
        }
        if (!any_f) {
            Obj *v = p->toks[start].v;
            for (size_t i = start + 1; i < p->pos; i++)
                v = str_concat(v, p->toks[i].v);
            Node *n = node(p, N_CONST);
            n->v = v;
            return n;
        }
        Node *f = node(p, N_FSTR);
        NList parts = {0};
        for (size_t i = start; i < p->pos; i++) {
            Tok *s = &p->toks[i];
            if (s->fstr) {
                Node *sub = fstring(p, s->p, s->len, s->bytes == 2);
                for (int k = 0; k < sub->n; k++)
                    nl_add(&parts, sub->list[k]);
            } else {
                Node *k = node(p, N_CONST);
                k->v = s->v;
                nl_add(&parts, k);
            }
        }
        set_list(f, &parts);
        (void)nstr;
        return f;
    }
    if (t->kind == T_NAME) {
        if (tok_is(t, T_NAME, "None") || tok_is(t, T_NAME, "True") || tok_is(t, T_NAME, "False")) {
            next(p);
            Node *n = node(p, N_CONST);
            n->v = t->p[0] == 'N' ? None : t->p[0] == 'T' ? True : False;
            return n;
        }
        if (is_keyword(t)) unexpected(p);
        next(p);
        Node *n = node(p, N_NAME);
        n->v = tok_name(t);
        return n;
    }
    if (accept_op(p, "...")) {
        Node *n = node(p, N_CONST);
        n->v = &Ellipsis_obj;
        return n;
    }
    if (accept_op(p, "(")) {
        if (accept_op(p, ")")) return node(p, N_TUPLE);
        if (is_kw(p, "yield")) {
            Node *y = statement(p);
            expect_op(p, ")");
            return y->a;
        }
        Node *first = star_expr_or_test(p);
        if (is_kw(p, "for")) {
            Node *g = node(p, N_GENEXP);
            g->a = first;
            comp_tail(p, g, ")");
            return g;
        }
        if (accept_op(p, ")")) {
            if (first->kind == N_STARRED) ERR(p, "cannot use starred expression here");
            return first;
        }
        Node *tup = node(p, N_TUPLE);
        NList items = {0};
        nl_add(&items, first);
        while (accept_op(p, ",")) {
            if (is_op(p, ")")) break;
            nl_add(&items, star_expr_or_test(p));
        }
        expect_op(p, ")");
        set_list(tup, &items);
        return tup;
    }
    if (accept_op(p, "[")) {
        Node *l = node(p, N_LIST);
        NList items = {0};
        if (!is_op(p, "]")) {
            Node *first = star_expr_or_test(p);
            if (is_kw(p, "for")) {
                l->kind = N_LISTCOMP;
                l->a = first;
                return l; /* completed by comp_tail */
            }
            nl_add(&items, first);
            while (accept_op(p, ",")) {
                if (is_op(p, "]")) break;
                nl_add(&items, star_expr_or_test(p));
            }
        }
        expect_op(p, "]");
        set_list(l, &items);
        return l;
    }
    if (accept_op(p, "{")) {
        Node *d = node(p, N_DICT);
        NList items = {0};
        if (accept_op(p, "}")) return d;
        if (accept_op(p, "**")) {
            nl_add(&items, NULL);
            nl_add(&items, expr(p));
        } else {
            Node *k = star_expr_or_test(p);
            if (accept_op(p, ":")) {
                Node *v = test(p);
                if (is_kw(p, "for")) {
                    d->kind = N_DICTCOMP;
                    d->a = k;
                    d->b = v;
                    return d;
                }
                nl_add(&items, k);
                nl_add(&items, v);
            } else {
                d->kind = N_SET;
                if (is_kw(p, "for")) {
                    d->kind = N_SETCOMP;
                    d->a = k;
                    return d;
                }
                nl_add(&items, k);
                while (accept_op(p, ",")) {
                    if (is_op(p, "}")) break;
                    nl_add(&items, star_expr_or_test(p));
                }
                expect_op(p, "}");
                set_list(d, &items);
                return d;
            }
        }
        while (accept_op(p, ",")) {
            if (is_op(p, "}")) break;
            if (accept_op(p, "**")) {
                nl_add(&items, NULL);
                nl_add(&items, expr(p));
                continue;
            }
            nl_add(&items, test(p));
            expect_op(p, ":");
            nl_add(&items, test(p));
        }
        expect_op(p, "}");
        set_list(d, &items);
        return d;
    }
    unexpected(p);
}

static Node *target_list_for(P *p);
static void comp_tail(P *p, Node *c, const char *close);

/* Comprehension clauses after the element, up to the closing bracket. */
static void comp_tail(P *p, Node *c, const char *close) {
    NList fors = {0};
    while (is_kw(p, "for")) {
        next(p);
        Node *cf = node(p, N_COMPFOR);
        cf->a = target_list_for(p);
        if (!accept_kw(p, "in")) unexpected(p);
        cf->b = or_test(p);
        NList ifs = {0};
        while (accept_kw(p, "if"))
            nl_add(&ifs, or_test(p));
        set_list(cf, &ifs);
        nl_add(&fors, cf);
    }
    set_list(c, &fors);
    if (close) expect_op(p, close);
}

static Node *call_args(P *p, Node *callee) {
    Node *c = node(p, N_CALL);
    c->a = callee;
    NList args = {0};
    int seen_kw = 0;
    while (!is_op(p, ")")) {
        if (accept_op(p, "*")) {
            Node *s = node(p, N_STARRED);
            s->a = test(p);
            nl_add(&args, s);
        } else if (accept_op(p, "**")) {
            Node *s = node(p, N_DSTAR);
            s->a = test(p);
            nl_add(&args, s);
            seen_kw = 1;
        } else if (peek(p)->kind == T_NAME && tok_is(peek2(p), T_OP, "=")) {
            Node *k = node(p, N_KW);
            k->v = expect_name(p);
            next(p);
            k->a = test(p);
            nl_add(&args, k);
            seen_kw = 1;
        } else {
            Node *a = test(p);
            if (is_kw(p, "for")) {
                Node *g = node(p, N_GENEXP);
                g->a = a;
                comp_tail(p, g, NULL);
                a = g;
            }
            if (seen_kw && a->kind != N_GENEXP)
                ERR(p, "positional argument follows keyword argument");
            nl_add(&args, a);
        }
        if (!accept_op(p, ",")) break;
    }
    expect_op(p, ")");
    set_list(c, &args);
    return c;
}

static Node *subscript_item(P *p) {
    Node *lo = NULL, *hi = NULL, *st = NULL;
    if (!is_op(p, ":")) lo = test(p);
    if (!accept_op(p, ":")) return lo;
    if (!is_op(p, "]") && !is_op(p, ":") && !is_op(p, ",")) hi = test(p);
    if (accept_op(p, ":"))
        if (!is_op(p, "]") && !is_op(p, ",")) st = test(p);
    Node *s = node(p, N_SLICE);
    s->a = lo;
    s->b = hi;
    s->c = st;
    return s;
}

static Node *primary(P *p) {
    Node *e = atom(p);
    if (e->kind == N_LISTCOMP && !e->n && !e->list)
        comp_tail(p, e, "]");
    else if ((e->kind == N_SETCOMP || e->kind == N_DICTCOMP) && !e->list)
        comp_tail(p, e, "}");
    for (;;) {
        if (accept_op(p, "(")) {
            e = call_args(p, e);
        } else if (accept_op(p, "[")) {
            Node *s = node(p, N_SUBSCR);
            s->a = e;
            Node *first = subscript_item(p);
            if (is_op(p, ",")) {
                Node *t = node(p, N_TUPLE);
                NList items = {0};
                nl_add(&items, first);
                while (accept_op(p, ",")) {
                    if (is_op(p, "]")) break;
                    nl_add(&items, subscript_item(p));
                }
                set_list(t, &items);
                first = t;
            }
            s->b = first;
            expect_op(p, "]");
            e = s;
        } else if (accept_op(p, ".")) {
            Node *a = node(p, N_ATTR);
            a->a = e;
            a->v = expect_name(p);
            e = a;
        } else {
            return e;
        }
    }
}

static Node *factor(P *p);

static Node *power(P *p) {
    Node *e = primary(p);
    if (accept_op(p, "**")) {
        Node *b = node(p, N_BINOP);
        b->op = OP_POW;
        b->a = e;
        b->b = factor(p);
        return b;
    }
    return e;
}

static Node *factor(P *p) {
    stack_check();
    int op = is_op(p, "-") ? UOP_NEG : is_op(p, "+") ? UOP_POS : is_op(p, "~") ? UOP_INVERT : -1;
    if (op < 0) return power(p);
    next(p);
    Node *u = node(p, N_UNOP);
    u->op = op;
    u->a = factor(p);
    /* fold negative literals so -9223372036854775808 and -0.0 are constants */
    if (u->a->kind == N_CONST && op == UOP_NEG &&
        (IS(u->a->v, int_type) || IS(u->a->v, float_type))) {
        Node *k = node(p, N_CONST);
        k->v = obj_unop(u->a->v, UOP_NEG);
        return k;
    }
    return u;
}

typedef struct {
    const char *s;
    int op;
} OpMap;

static Node *binary(P *p, int level);

static const OpMap levels[][5] = {
    {{"|", OP_OR}, {NULL, 0}},
    {{"^", OP_XOR}, {NULL, 0}},
    {{"&", OP_AND}, {NULL, 0}},
    {{"<<", OP_LSHIFT}, {">>", OP_RSHIFT}, {NULL, 0}},
    {{"+", OP_ADD}, {"-", OP_SUB}, {NULL, 0}},
    {{"*", OP_MUL}, {"/", OP_TRUEDIV}, {"//", OP_FLOORDIV}, {"%", OP_MOD}, {"@", OP_MATMUL}},
};

static Node *binary(P *p, int level) {
    if (level == 6) return factor(p);
    Node *e = binary(p, level + 1);
    for (;;) {
        int found = -1;
        for (int i = 0; i < 5 && levels[level][i].s; i++)
            if (is_op(p, levels[level][i].s)) found = levels[level][i].op;
        if (found < 0) return e;
        next(p);
        Node *b = node(p, N_BINOP);
        b->op = found;
        b->a = e;
        b->b = binary(p, level + 1);
        e = b;
    }
}

static Node *expr(P *p) {
    stack_check();
    return binary(p, 0);
}

/* comparison codes beyond CMP_*: */
enum { CMP_IN = 6, CMP_NOTIN, CMP_IS, CMP_ISNOT };

static int comp_op(P *p) {
    static const char *s[] = {"<", "<=", "==", "!=", ">", ">="};
    for (int i = 0; i < 6; i++)
        if (accept_op(p, s[i])) return i;
    if (accept_op(p, "<>")) ERR(p, "invalid syntax");
    if (accept_kw(p, "in")) return CMP_IN;
    if (is_kw(p, "not") && tok_is(peek2(p), T_NAME, "in")) {
        next(p);
        next(p);
        return CMP_NOTIN;
    }
    if (accept_kw(p, "is")) return accept_kw(p, "not") ? CMP_ISNOT : CMP_IS;
    return -1;
}

static Node *comparison(P *p) {
    Node *e = expr(p);
    int op = comp_op(p);
    if (op < 0) return e;
    Node *c = node(p, N_CMP);
    NList items = {0};
    int *ops = gc_alloc(sizeof(int) * 64, 0);
    int nops = 0;
    nl_add(&items, e);
    while (op >= 0) {
        if (nops == 64) ERR(p, "too many comparisons");
        ops[nops++] = op;
        nl_add(&items, expr(p));
        op = comp_op(p);
    }
    set_list(c, &items);
    c->ops = ops;
    return c;
}

static Node *not_test(P *p) {
    stack_check();
    if (accept_kw(p, "not")) {
        Node *n = node(p, N_NOT);
        n->a = not_test(p);
        return n;
    }
    return comparison(p);
}

static Node *bool_chain(P *p, int kind, const char *kw, Node *(*sub)(P *)) {
    Node *e = sub(p);
    if (!is_kw(p, kw)) return e;
    Node *b = node(p, kind);
    NList items = {0};
    nl_add(&items, e);
    while (accept_kw(p, kw))
        nl_add(&items, sub(p));
    set_list(b, &items);
    return b;
}

static Node *and_test(P *p) {
    return bool_chain(p, N_AND, "and", not_test);
}

static Node *or_test(P *p) {
    return bool_chain(p, N_OR, "or", and_test);
}

static Node *lambda(P *p) {
    Node *l = node(p, N_LAMBDA);
    NList params = {0};
    parse_params(p, &params, ":");
    expect_op(p, ":");
    set_list(l, &params);
    int saved = p->in_func;
    p->in_func = 1;
    l->a = test(p);
    p->in_func = saved;
    return l;
}

static Node *test(P *p) {
    stack_check();
    if (accept_kw(p, "lambda")) return lambda(p);
    if (peek(p)->kind == T_NAME && tok_is(peek2(p), T_OP, ":=")) {
        Node *w = node(p, N_WALRUS);
        Node *n = node(p, N_NAME);
        n->v = expect_name(p);
        next(p);
        w->a = n;
        w->b = test(p);
        return w;
    }
    Node *e = or_test(p);
    if (is_kw(p, "if")) {
        /* a conditional expression needs "else"; a comprehension's "if" is handled by caller */
        size_t save = p->pos;
        next(p);
        Node *cond = or_test(p);
        if (!accept_kw(p, "else")) {
            p->pos = save;
            return e;
        }
        Node *c = node(p, N_IFEXP);
        c->a = cond;
        c->b = e;
        c->c = test(p);
        return c;
    }
    return e;
}

static Node *star_expr_or_test(P *p) {
    if (accept_op(p, "*")) {
        Node *s = node(p, N_STARRED);
        s->a = expr(p);
        return s;
    }
    return test(p);
}

/* A comma-separated list that becomes a tuple when it has a comma. */
static Node *testlist(P *p, int allow_star) {
    Node *first = allow_star ? star_expr_or_test(p) : test(p);
    if (!is_op(p, ",")) return first;
    Node *t = node(p, N_TUPLE);
    NList items = {0};
    nl_add(&items, first);
    while (accept_op(p, ",")) {
        Tok *k = peek(p);
        if (k->kind == T_NEWLINE || k->kind == T_END || is_op(p, "=") || is_op(p, ")") ||
            is_op(p, ";") || is_op(p, ":") ||
            (k->kind == T_OP && k->len == 2 && k->p[1] == '=' && k->p[0] != '=' && k->p[0] != '!' &&
             k->p[0] != '<' && k->p[0] != '>'))
            break;
        nl_add(&items, allow_star ? star_expr_or_test(p) : test(p));
    }
    set_list(t, &items);
    return t;
}

static Node *target_list_for(P *p) {
    Node *first = is_op(p, "*") ? star_expr_or_test(p) : expr(p);
    if (!is_op(p, ",")) return first;
    Node *t = node(p, N_TUPLE);
    NList items = {0};
    nl_add(&items, first);
    while (accept_op(p, ",")) {
        if (is_kw(p, "in")) break;
        nl_add(&items, is_op(p, "*") ? star_expr_or_test(p) : expr(p));
    }
    set_list(t, &items);
    return t;
}

static Node *parse_sub_expr(P *outer, const char *s, size_t n) {
    P sub;
    memset(&sub, 0, sizeof sub);
    sub.filename = outer->filename;
    sub.line = outer->line;
    /* parenthesise so newlines inside the braces are fine */
    char *buf = gc_alloc(n + 3, 0);
    buf[0] = '(';
    memcpy(buf + 1, s, n);
    buf[n + 1] = ')';
    sub.src = sub.cur = buf;
    sub.end = buf + n + 2;
    lex_tokenize(&sub);
    Node *e = testlist(&sub, 1);
    if (peek(&sub)->kind != T_NEWLINE)
        syntax_error(outer->filename, outer->line, "f-string: invalid syntax");
    return e;
}

/* ---- statements ---- */
static void check_target(P *p, Node *t, int del) {
    switch (t->kind) {
    case N_NAME:
    case N_ATTR:
    case N_SUBSCR:
        return;
    case N_TUPLE:
    case N_LIST:
        for (int i = 0; i < t->n; i++)
            check_target(p, t->list[i], del);
        return;
    case N_STARRED:
        if (del) ERR(p, "cannot delete starred");
        check_target(p, t->a, del);
        return;
    case N_CONST:
        if (t->v == None || t->v == True || t->v == False)
            ERR(p, "cannot assign to %s", t->v == None ? "None" : t->v == True ? "True" : "False");
        ERR(p, del ? "cannot delete literal"
                   : "cannot assign to literal here. Maybe you meant '==' instead of '='?");
    case N_CALL:
        ERR(p, del ? "cannot delete function call"
                   : "cannot assign to function call here. Maybe you meant '==' instead of '='?");
    default:
        ERR(p, del ? "cannot delete expression"
                   : "cannot assign to expression here. Maybe you meant '==' instead of '='?");
    }
}

static void parse_params(P *p, NList *params, const char *end) {
    int kind = PARAM_POS, seen_default = 0;
    while (!is_op(p, end)) {
        Node *pr = node(p, N_PARAM);
        if (accept_op(p, "**")) {
            pr->op = PARAM_VARKW;
            pr->v = expect_name(p);
        } else if (accept_op(p, "*")) {
            kind = PARAM_KWONLY;
            if (is_op(p, ",")) {
                next(p);
                continue; /* bare '*' */
            }
            pr->op = PARAM_VARARGS;
            pr->v = expect_name(p);
        } else if (accept_op(p, "/")) {
            if (!accept_op(p, ",")) break;
            continue; /* positional-only marker: accepted, not enforced */
        } else {
            pr->op = kind;
            pr->v = expect_name(p);
        }
        if (!strcmp(end, ")") && accept_op(p, ":")) test(p); /* annotation, ignored */
        if (accept_op(p, "=")) {
            pr->a = test(p);
            if (kind == PARAM_POS) seen_default = 1;
        } else if (pr->op == PARAM_POS && seen_default) {
            ERR(p, "non-default argument follows default argument");
        }
        for (int i = 0; i < params->n; i++)
            if (params->items[i]->v && str_eq(params->items[i]->v, pr->v))
                ERR(p, "duplicate argument '%s' in function definition", str_c(pr->v));
        nl_add(params, pr);
        if (!accept_op(p, ",")) break;
    }
}

static Node *funcdef(P *p, Node *decorators) {
    Node *f = node(p, N_FUNCDEF);
    f->v = expect_name(p);
    expect_op(p, "(");
    NList params = {0};
    parse_params(p, &params, ")");
    expect_op(p, ")");
    if (accept_op(p, "->")) test(p);
    expect_op(p, ":");
    set_list(f, &params);
    int saved_f = p->in_func, saved_l = p->in_loop;
    p->in_func = 1;
    p->in_loop = 0;
    f->a = block(p);
    p->in_func = saved_f;
    p->in_loop = saved_l;
    f->d = decorators;
    return f;
}

static Node *classdef(P *p, Node *decorators) {
    Node *c = node(p, N_CLASSDEF);
    c->v = expect_name(p);
    NList bases = {0};
    if (accept_op(p, "(")) {
        Node *call = call_args(p, NULL);
        bases.items = call->list;
        bases.n = call->n;
    }
    expect_op(p, ":");
    set_list(c, &bases);
    int saved_f = p->in_func, saved_l = p->in_loop;
    p->in_func = 0;
    p->in_loop = 0;
    c->a = block(p);
    p->in_func = saved_f;
    p->in_loop = saved_l;
    c->d = decorators;
    return c;
}

static Obj *dotted_name(P *p) {
    Obj *n = expect_name(p);
    while (accept_op(p, "."))
        n = str_concat(str_concat(n, str_from(".")), expect_name(p));
    return str_intern_obj(n);
}

static Node *simple_stmt(P *p) {
    Tok *t = peek(p);
    p->line = t->line;
    if (accept_kw(p, "pass")) return node(p, N_PASS);
    if (accept_kw(p, "break")) {
        if (!p->in_loop) ERR(p, "'break' outside loop");
        return node(p, N_BREAK);
    }
    if (accept_kw(p, "continue")) {
        if (!p->in_loop) ERR(p, "'continue' not properly in loop");
        return node(p, N_CONTINUE);
    }
    if (accept_kw(p, "return")) {
        if (!p->in_func) ERR(p, "'return' outside function");
        Node *r = node(p, N_RETURN);
        Tok *k = peek(p);
        if (k->kind != T_NEWLINE && !is_op(p, ";")) r->a = testlist(p, 1);
        return r;
    }
    if (accept_kw(p, "raise")) {
        Node *r = node(p, N_RAISE);
        Tok *k = peek(p);
        if (k->kind != T_NEWLINE && !is_op(p, ";")) {
            r->a = test(p);
            if (accept_kw(p, "from")) r->b = test(p);
        }
        return r;
    }
    if (accept_kw(p, "global") || accept_kw(p, "nonlocal")) {
        Node *g = node(p, tok_is(t, T_NAME, "global") ? N_GLOBAL : N_NONLOCAL);
        NList names = {0};
        do {
            Node *n = node(p, N_NAME);
            n->v = expect_name(p);
            nl_add(&names, n);
        } while (accept_op(p, ","));
        set_list(g, &names);
        if (g->kind == N_NONLOCAL && !p->in_func)
            ERR(p, "nonlocal declaration not allowed at module level");
        return g;
    }
    if (accept_kw(p, "del")) {
        Node *d = node(p, N_DEL);
        Node *tl = testlist(p, 0);
        NList items = {0};
        if (tl->kind == N_TUPLE && tl->list)
            for (int i = 0; i < tl->n; i++)
                nl_add(&items, tl->list[i]);
        else
            nl_add(&items, tl);
        for (int i = 0; i < items.n; i++)
            check_target(p, items.items[i], 1);
        set_list(d, &items);
        return d;
    }
    if (accept_kw(p, "assert")) {
        Node *a = node(p, N_ASSERT);
        a->a = test(p);
        if (accept_op(p, ",")) a->b = test(p);
        return a;
    }
    if (accept_kw(p, "import")) {
        Node *im = node(p, N_IMPORT);
        NList names = {0};
        do {
            Node *al = node(p, N_ALIAS);
            al->v = dotted_name(p);
            if (accept_kw(p, "as")) al->w = expect_name(p);
            nl_add(&names, al);
        } while (accept_op(p, ","));
        set_list(im, &names);
        return im;
    }
    if (accept_kw(p, "from")) {
        Node *im = node(p, N_IMPORTFROM);
        while (is_op(p, ".") || is_op(p, "...")) {
            im->op += (int)peek(p)->len;
            next(p);
        }
        im->v = is_kw(p, "import") ? str_from("") : dotted_name(p);
        if (!accept_kw(p, "import")) unexpected(p);
        NList names = {0};
        if (accept_op(p, "*")) {
            Node *al = node(p, N_ALIAS);
            al->v = str_from("*");
            nl_add(&names, al);
        } else {
            int paren = accept_op(p, "(");
            do {
                if (paren && is_op(p, ")")) break;
                Node *al = node(p, N_ALIAS);
                al->v = expect_name(p);
                if (accept_kw(p, "as")) al->w = expect_name(p);
                nl_add(&names, al);
            } while (accept_op(p, ","));
            if (paren) expect_op(p, ")");
        }
        set_list(im, &names);
        return im;
    }
    /* expression statement or assignment */
    Node *e;
    if (is_kw(p, "yield")) {
        next(p);
        if (!p->in_func) ERR(p, "'yield' outside function");
        Node *y = node(p, N_YIELD);
        if (accept_kw(p, "from")) {
            y->kind = N_YIELDFROM;
            y->a = test(p);
        } else if (peek(p)->kind != T_NEWLINE && !is_op(p, ")") && !is_op(p, ";") &&
                   !is_op(p, "=")) {
            y->a = testlist(p, 1);
        }
        e = y;
    } else {
        e = testlist(p, 1);
    }
    if (is_op(p, "=")) {
        Node *as = node(p, N_ASSIGN);
        NList targets = {0};
        while (accept_op(p, "=")) {
            check_target(p, e, 0);
            nl_add(&targets, e);
            if (is_kw(p, "yield")) {
                Node *y = simple_stmt(p);
                e = y->a;
                if (y->kind == N_ASSIGN) {
                    for (int i = 0; i < y->n; i++)
                        nl_add(&targets, y->list[i]);
                }
                break;
            }
            e = testlist(p, 1);
        }
        set_list(as, &targets);
        as->a = e;
        return as;
    }
    if (accept_op(p, ":")) {
        Node *an = node(p, N_ANNASSIGN);
        check_target(p, e, 0);
        an->a = e;
        test(p);
        if (accept_op(p, "=")) an->b = testlist(p, 1);
        return an;
    }
    static const OpMap aug[] = {{"+=", OP_ADD},     {"-=", OP_SUB},       {"*=", OP_MUL},
                                {"/=", OP_TRUEDIV}, {"//=", OP_FLOORDIV}, {"%=", OP_MOD},
                                {"**=", OP_POW},    {"<<=", OP_LSHIFT},   {">>=", OP_RSHIFT},
                                {"&=", OP_AND},     {"|=", OP_OR},        {"^=", OP_XOR},
                                {"@=", OP_MATMUL}};
    for (size_t i = 0; i < sizeof aug / sizeof aug[0]; i++) {
        if (accept_op(p, aug[i].s)) {
            if (e->kind != N_NAME && e->kind != N_ATTR && e->kind != N_SUBSCR)
                ERR(p, "'%s' is an illegal expression for augmented assignment",
                    e->kind == N_TUPLE ? "tuple" : "expression");
            Node *a = node(p, N_AUGASSIGN);
            a->op = aug[i].op;
            a->a = e;
            a->b = is_kw(p, "yield") ? simple_stmt(p)->a : testlist(p, 1);
            return a;
        }
    }
    Node *s = node(p, N_EXPR);
    s->a = e;
    return s;
}

static Node *simple_line(P *p) {
    Node *b = node(p, N_BLOCK);
    NList items = {0};
    nl_add(&items, simple_stmt(p));
    while (accept_op(p, ";")) {
        if (peek(p)->kind == T_NEWLINE) break;
        nl_add(&items, simple_stmt(p));
    }
    if (peek(p)->kind != T_NEWLINE) unexpected(p);
    next(p);
    set_list(b, &items);
    return b->n == 1 ? b->list[0] : b;
}

static Node *block(P *p) {
    if (peek(p)->kind != T_NEWLINE) return simple_line(p);
    next(p);
    if (peek(p)->kind != T_INDENT) {
        p->line = peek(p)->line;
        ERR(p, "expected an indented block");
    }
    next(p);
    Node *b = node(p, N_BLOCK);
    NList items = {0};
    while (peek(p)->kind != T_DEDENT && peek(p)->kind != T_END)
        nl_add(&items, statement(p));
    next(p);
    set_list(b, &items);
    return b;
}

static Node *statement(P *p) {
    stack_check();
    Tok *t = peek(p);
    p->line = t->line;
    if (t->kind == T_INDENT) ERR(p, "unexpected indent");
    if (accept_kw(p, "if") || accept_kw(p, "elif")) {
        Node *n = node(p, N_IF);
        n->a = test(p);
        expect_op(p, ":");
        n->b = block(p);
        if (is_kw(p, "elif"))
            n->c = statement(p);
        else if (accept_kw(p, "else")) {
            expect_op(p, ":");
            n->c = block(p);
        }
        return n;
    }
    if (accept_kw(p, "while")) {
        Node *n = node(p, N_WHILE);
        n->a = test(p);
        expect_op(p, ":");
        int saved = p->in_loop;
        p->in_loop = 1;
        n->b = block(p);
        p->in_loop = saved;
        if (accept_kw(p, "else")) {
            expect_op(p, ":");
            n->c = block(p);
        }
        return n;
    }
    if (accept_kw(p, "for")) {
        Node *n = node(p, N_FOR);
        n->a = target_list_for(p);
        check_target(p, n->a, 0);
        if (!accept_kw(p, "in")) unexpected(p);
        n->b = testlist(p, 1);
        expect_op(p, ":");
        int saved = p->in_loop;
        p->in_loop = 1;
        n->c = block(p);
        p->in_loop = saved;
        if (accept_kw(p, "else")) {
            expect_op(p, ":");
            n->d = block(p);
        }
        return n;
    }
    if (accept_kw(p, "try")) {
        Node *n = node(p, N_TRY);
        expect_op(p, ":");
        n->a = block(p);
        NList hs = {0};
        while (is_kw(p, "except")) {
            next(p);
            Node *h = node(p, N_HANDLER);
            if (accept_op(p, "*")) ERR(p, "except* is not supported");
            if (!is_op(p, ":")) {
                h->a = test(p);
                if (is_op(p, ",")) {
                    Node *tup = node(p, N_TUPLE);
                    NList items = {0};
                    nl_add(&items, h->a);
                    while (accept_op(p, ","))
                        nl_add(&items, test(p));
                    set_list(tup, &items);
                    h->a = tup;
                }
                if (accept_kw(p, "as")) h->v = expect_name(p);
            } else if (hs.n && 0) {
            }
            expect_op(p, ":");
            h->b = block(p);
            nl_add(&hs, h);
        }
        for (int i = 0; i + 1 < hs.n; i++)
            if (!hs.items[i]->a) {
                p->line = hs.items[i]->line;
                ERR(p, "default 'except:' must be last");
            }
        set_list(n, &hs);
        if (accept_kw(p, "else")) {
            if (!hs.n) unexpected(p);
            expect_op(p, ":");
            n->c = block(p);
        }
        if (accept_kw(p, "finally")) {
            expect_op(p, ":");
            n->d = block(p);
        }
        if (!hs.n && !n->d) ERR(p, "expected 'except' or 'finally' block");
        return n;
    }
    if (accept_kw(p, "with")) {
        Node *n = node(p, N_WITH);
        NList items = {0};
        int paren = 0;
        do {
            Node *it = node(p, N_WITHITEM);
            it->a = test(p);
            if (accept_kw(p, "as")) {
                it->b = is_op(p, "(") || is_op(p, "[") ? primary(p) : expr(p);
                check_target(p, it->b, 0);
            }
            nl_add(&items, it);
        } while (accept_op(p, ","));
        (void)paren;
        expect_op(p, ":");
        set_list(n, &items);
        n->b = block(p);
        return n;
    }
    if (accept_kw(p, "def")) return funcdef(p, NULL);
    if (accept_kw(p, "class")) return classdef(p, NULL);
    if (is_op(p, "@")) {
        Node *decs = node(p, N_BLOCK);
        NList items = {0};
        while (accept_op(p, "@")) {
            nl_add(&items, test(p));
            if (peek(p)->kind != T_NEWLINE) unexpected(p);
            next(p);
        }
        set_list(decs, &items);
        if (accept_kw(p, "def")) return funcdef(p, decs);
        if (accept_kw(p, "class")) return classdef(p, decs);
        unexpected(p);
    }
    if (is_kw(p, "async") || is_kw(p, "await")) ERR(p, "async and await are not supported");
    if (is_kw(p, "else") || is_kw(p, "except") || is_kw(p, "finally") || is_kw(p, "elif"))
        unexpected(p);
    return simple_line(p);
}

Node *parse_source(const char *src, size_t len, Obj *filename, int mode) {
    /* a UTF-8 byte-order mark is skipped; CRLF and CR line ends read as LF, as CPython's */
    if (len >= 3 && !memcmp(src, "\xef\xbb\xbf", 3)) {
        src += 3;
        len -= 3;
    }
    if (memchr(src, '\r', len)) {
        char *norm = gc_alloc(len + 1, 0);
        size_t j = 0;
        for (size_t i = 0; i < len; i++) {
            if (src[i] == '\r') {
                norm[j++] = '\n';
                if (i + 1 < len && src[i + 1] == '\n') i++;
            } else {
                norm[j++] = src[i];
            }
        }
        src = norm;
        len = j;
    }
    P *p = gc_alloc(sizeof(P), 1);
    p->src = p->cur = src;
    p->end = src + len;
    p->line = 1;
    p->filename = filename;
    lex_tokenize(p);
    Node *b = node(p, N_BLOCK);
    NList items = {0};
    if (mode == MODE_EVAL) {
        while (peek(p)->kind == T_NEWLINE)
            next(p);
        Node *e = node(p, N_RETURN);
        e->a = testlist(p, 1);
        while (peek(p)->kind == T_NEWLINE)
            next(p);
        if (peek(p)->kind != T_END) unexpected(p);
        nl_add(&items, e);
    } else {
        while (peek(p)->kind != T_END) {
            if (peek(p)->kind == T_NEWLINE) {
                next(p);
                continue;
            }
            nl_add(&items, statement(p));
        }
    }
    set_list(b, &items);
    return b;
}
