/* modules.c: the import system (built-in modules, then .py files beside the script) and the
 * built-in modules sys, gc, math and time. */
#include "exopy.h"
#include "frozen.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define NOKW(name) args_nokw(name, kw)

/* ---- sys ---- */
static Obj *sys_exit(int n, Obj **a, Obj *kw) {
    NOKW("exit");
    args_count("exit", n, 0, 1);
    raise(exc_make(&SystemExit_type, n, a));
}

static Obj *sys_getrecursionlimit(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    return int_from(vm->recursion_limit);
}

static Obj *sys_setrecursionlimit(int n, Obj **a, Obj *kw) {
    NOKW("setrecursionlimit");
    args_count("setrecursionlimit", n, 1, 1);
    int64_t v = int_val(a[0]);
    if (v < 1) raisef(&ValueError_type, "recursion limit must be greater or equal than 1");
    vm->recursion_limit = (int)(v > 100000 ? 100000 : v);
    return None;
}

static Obj *sys_getsizeof(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)kw;
    (void)a;
    return int_from(64);
}

static Obj *stream_write(int n, Obj **a, Obj *kw) {
    NOKW("write");
    args_count("write", n, 2, 2);
    if (!IS(a[1], str_type))
        raisef(&TypeError_type, "write() argument must be str, not %s", type_name(a[1]));
    Obj *fd = dict_getc(((Inst *)a[0])->dict, "fd");
    Str *s = (Str *)a[1];
    port_write((int)int_val(fd), s->s, s->len);
    return int_from((int64_t)s->clen);
}

/* One line from the console with its newline ('' at end of input). */
static Obj *stream_readline(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    Buf b;
    buf_init(&b);
    char chunk[512];
    for (;;) {
        long got = port_readline(chunk, sizeof chunk);
        if (got < 0) break;
        buf_add(&b, chunk, (size_t)got);
        if (got && chunk[got - 1] == '\n') break;
    }
    return buf_str(&b);
}

static Obj *stream_read(int n, Obj **a, Obj *kw) {
    Buf b;
    buf_init(&b);
    for (;;) {
        Obj *line = stream_readline(n, a, kw);
        if (!((Str *)line)->len) break;
        buf_addobj(&b, line);
    }
    return buf_str(&b);
}

static Obj *stream_readlines(int n, Obj **a, Obj *kw) {
    Obj *l = list_new(0);
    for (;;) {
        Obj *line = stream_readline(n, a, kw);
        if (!((Str *)line)->len) break;
        list_append(l, line);
    }
    return l;
}

static Obj *stream_iter(Obj *o) {
    return o;
}

static Obj *stream_next(Obj *o) {
    Obj *line = stream_readline(1, &o, NULL);
    return ((Str *)line)->len ? line : NULL;
}

static Obj *stream_flush(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    return None;
}

static Type stream_type = {.name = "TextIOWrapper",
                           .flags = TF_HASDICT,
                           .size = sizeof(Inst),
                           .iter = stream_iter,
                           .next = stream_next};

static Obj *make_stream(int fd) {
    Inst *s = (Inst *)gc_new(&stream_type, sizeof(Inst));
    s->dict = dict_new();
    dict_setc(s->dict, "fd", int_from(fd));
    return (Obj *)s;
}

/* sys.version_info: a tuple whose fields also read by name */
static Type verinfo_type;

static Obj *verinfo_getattr(Obj *o, Obj *name) {
    static const char *fields[] = {"major", "minor", "micro", "releaselevel", "serial"};
    for (size_t i = 0; i < 5; i++)
        if (str_eqc(name, fields[i])) return ((Tuple *)o)->items[i];
    return generic_getattr(o, name);
}

static Obj *make_version_info(void) {
    verinfo_type = tuple_type;
    verinfo_type.name = "sys.version_info";
    verinfo_type.dict = NULL;
    verinfo_type.base = &tuple_type;
    verinfo_type.flags = 0;
    verinfo_type.getattr = verinfo_getattr;
    type_finish(&verinfo_type);
    Obj *t = tuple_pack(5, int_from(3), int_from(11), int_from(0), str_from("final"), int_from(0));
    t->type = &verinfo_type;
    return t;
}

static Obj *make_sys(void) {
    Obj *m = module_new(str_intern("sys"));
    Obj *d = ((Module *)m)->dict;
    type_finish(&stream_type);
    type_add_method(&stream_type, "write", stream_write);
    type_add_method(&stream_type, "flush", stream_flush);
    type_add_method(&stream_type, "readline", stream_readline);
    type_add_method(&stream_type, "read", stream_read);
    type_add_method(&stream_type, "readlines", stream_readlines);
    dict_setc(d, "exit", builtin_new("exit", sys_exit, NULL));
    dict_setc(d, "getrecursionlimit",
              builtin_new("getrecursionlimit", sys_getrecursionlimit, NULL));
    dict_setc(d, "setrecursionlimit",
              builtin_new("setrecursionlimit", sys_setrecursionlimit, NULL));
    dict_setc(d, "getsizeof", builtin_new("getsizeof", sys_getsizeof, NULL));
    dict_setc(d, "argv", vm->argv ? vm->argv : list_new(0));
    dict_setc(d, "modules", vm->modules);
    dict_setc(d, "path", list_new(0));
    dict_setc(d, "maxsize", int_from(INT64_MAX));
    dict_setc(d, "byteorder", str_from("little"));
    dict_setc(d, "platform", str_from("exopy"));
    dict_setc(d, "implementation", str_from("exopy"));
    dict_setc(d, "version", str_from("3.11.0 (exopy)"));
    dict_setc(d, "version_info", make_version_info());
    dict_setc(d, "stdout", make_stream(1));
    dict_setc(d, "stderr", make_stream(2));
    dict_setc(d, "stdin", make_stream(0));
    return m;
}

/* ---- gc ---- */
static Obj *gc_m_collect(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    size_t before = vm->total_collected;
    gc_collect();
    return int_from((int64_t)((vm->total_collected - before) / 16));
}

static Obj *gc_m_enable(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    vm->gc_enabled = 1;
    return None;
}

static Obj *gc_m_disable(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    vm->gc_enabled = 0;
    return None;
}

static Obj *gc_m_isenabled(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    return BOOL(vm->gc_enabled);
}

static Obj *gc_m_mem_free(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    return int_from((int64_t)gc_free_bytes());
}

static Obj *gc_m_mem_alloc(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    return int_from((int64_t)gc_used());
}

static Obj *make_gc(void) {
    Obj *m = module_new(str_intern("gc"));
    Obj *d = ((Module *)m)->dict;
    dict_setc(d, "collect", builtin_new("collect", gc_m_collect, NULL));
    dict_setc(d, "enable", builtin_new("enable", gc_m_enable, NULL));
    dict_setc(d, "disable", builtin_new("disable", gc_m_disable, NULL));
    dict_setc(d, "isenabled", builtin_new("isenabled", gc_m_isenabled, NULL));
    dict_setc(d, "mem_free", builtin_new("mem_free", gc_m_mem_free, NULL));
    dict_setc(d, "mem_alloc", builtin_new("mem_alloc", gc_m_mem_alloc, NULL));
    return m;
}

/* ---- math ---- */
static double arg_d(Obj *o) {
    return num_to_double(o);
}

static Obj *check_result(double r, double x) {
    if (isnan(r) && !isnan(x)) raisef(&ValueError_type, "math domain error");
    if (isinf(r) && isfinite(x)) raisef(&OverflowError_type, "math range error");
    return float_from(r);
}

#define MATH1(fname, expr)                                                                         \
    static Obj *m_##fname(int n, Obj **a, Obj *kw) {                                               \
        NOKW(#fname);                                                                              \
        args_count(#fname, n, 1, 1);                                                               \
        double x = arg_d(a[0]);                                                                    \
        return check_result(expr, x);                                                              \
    }

static double dom(double r, int ok) {
    return ok ? r : NAN;
}

/* Gamma of 1..23 is a factorial, exact as a double (CPython's own gamma looks them up too;
 * picolibc's tgamma(5) is 24.000000000000004). */
static double gamma_of(double x) {
    if (x >= 1 && x <= 23 && x == float_trunc(x)) {
        double f = 1;
        for (int k = 2; k < (int)x; k++)
            f *= k; /* each partial factorial up to 22! is a double exactly */
        return f;
    }
    return tgamma(x);
}

MATH1(sqrt, dom(sqrt(x), x >= 0))
MATH1(exp, exp(x))
MATH1(sin, dom(sin(x), isfinite(x)))
MATH1(cos, dom(cos(x), isfinite(x)))
MATH1(tan, dom(tan(x), isfinite(x)))
MATH1(asin, dom(asin(x), x >= -1 && x <= 1))
MATH1(acos, dom(acos(x), x >= -1 && x <= 1))
MATH1(atan, atan(x))
MATH1(sinh, sinh(x))
MATH1(cosh, cosh(x))
MATH1(tanh, tanh(x))
MATH1(fabs, fabs(x))
MATH1(degrees, x * 180.0 / M_PI)
MATH1(radians, x *M_PI / 180.0)
MATH1(expm1, expm1(x))
MATH1(log1p, dom(log1p(x), x > -1))
MATH1(asinh, asinh(x))
MATH1(acosh, dom(acosh(x), x >= 1))
MATH1(atanh, dom(atanh(x), x > -1 && x < 1))
MATH1(erf, erf(x))
MATH1(erfc, erfc(x))
MATH1(lgamma, dom(lgamma(x), !(x <= 0 && x == floor(x))))
MATH1(gamma, dom(gamma_of(x), !(x <= 0 && x == floor(x))))
MATH1(cbrt, cbrt(x))
MATH1(exp2, exp2(x))

static Obj *m_remainder(int n, Obj **a, Obj *kw) {
    NOKW("remainder");
    args_count("remainder", n, 2, 2);
    double x = arg_d(a[0]), y = arg_d(a[1]);
    if (y == 0 || isinf(x)) raisef(&ValueError_type, "math domain error");
    return float_from(remainder(x, y));
}

static Obj *m_nextafter(int n, Obj **a, Obj *kw) {
    NOKW("nextafter");
    args_count("nextafter", n, 2, 2);
    return float_from(nextafter(arg_d(a[0]), arg_d(a[1])));
}

static Obj *m_ulp(int n, Obj **a, Obj *kw) {
    NOKW("ulp");
    args_count("ulp", n, 1, 1);
    double x = fabs(arg_d(a[0]));
    if (isnan(x) || isinf(x)) return float_from(x);
    if (x == DBL_MAX) return float_from(x - nextafter(x, 0));
    return float_from(nextafter(x, INFINITY) - x);
}

double int_frexp(Obj *o, int64_t *e);

/* fn(x) for a positive int or float; ints beyond a double go through frexp, as CPython's
 * loghelper: fn(m) + fn(2) * e. */
static double log_of(Obj *o, double (*fn)(double)) {
    if (IS_INT(o)) {
        if (int_sign(o) <= 0) raisef(&ValueError_type, "math domain error");
        if (int_bitlen(o) > 1000) {
            int64_t e;
            double m = int_frexp(o, &e);
            return fn(m) + fn(2.0) * (double)e;
        }
    }
    double v = arg_d(o);
    if (v <= 0) raisef(&ValueError_type, "math domain error");
    return fn(v);
}

static Obj *m_log2(int n, Obj **a, Obj *kw) {
    NOKW("log2");
    args_count("log2", n, 1, 1);
    return float_from(log_of(a[0], log2));
}

static Obj *m_log10(int n, Obj **a, Obj *kw) {
    NOKW("log10");
    args_count("log10", n, 1, 1);
    return float_from(log_of(a[0], log10));
}

static Obj *m_log(int n, Obj **a, Obj *kw) {
    NOKW("log");
    args_count("log", n, 1, 2);
    double x = log_of(a[0], log);
    if (n == 2) {
        double b = arg_d(a[1]);
        if (b <= 0 || b == 1)
            raisef(b == 1 ? &ZeroDivisionError_type : &ValueError_type,
                   b == 1 ? "float division by zero" : "math domain error");
        return float_from(x / log(b));
    }
    return float_from(x);
}

static Obj *m_pow(int n, Obj **a, Obj *kw) {
    NOKW("pow");
    args_count("pow", n, 2, 2);
    double x = arg_d(a[0]), y = arg_d(a[1]);
    if (x == 0 && y < 0) raisef(&ValueError_type, "math domain error");
    if (x < 0 && y != floor(y)) raisef(&ValueError_type, "math domain error");
    double r = pow(x, y);
    if (isinf(r) && isfinite(x) && isfinite(y)) raisef(&OverflowError_type, "math range error");
    return float_from(r);
}

static Obj *m_atan2(int n, Obj **a, Obj *kw) {
    NOKW("atan2");
    args_count("atan2", n, 2, 2);
    return float_from(atan2(arg_d(a[0]), arg_d(a[1])));
}

static Obj *m_hypot(int n, Obj **a, Obj *kw) {
    NOKW("hypot");
    double s = 0;
    for (int i = 0; i < n; i++) {
        double x = arg_d(a[i]);
        s += x * x;
    }
    if (n == 2) return float_from(hypot(arg_d(a[0]), arg_d(a[1])));
    return float_from(sqrt(s));
}

static Obj *m_fmod(int n, Obj **a, Obj *kw) {
    NOKW("fmod");
    args_count("fmod", n, 2, 2);
    double y = arg_d(a[1]);
    double x = arg_d(a[0]);
    if (y == 0 || isinf(x)) raisef(&ValueError_type, "math domain error");
    return float_from(fmod(x, y));
}

static Obj *m_copysign(int n, Obj **a, Obj *kw) {
    NOKW("copysign");
    args_count("copysign", n, 2, 2);
    return float_from(copysign(arg_d(a[0]), arg_d(a[1])));
}

static Obj *to_int_rounded(Obj *x, double (*fn)(double), const char *dunder) {
    if (IS_INT(x)) return IS(x, bool_type) ? int_from(x == True) : x;
    if (TYPE(x)->flags & TF_HEAP) {
        Obj *m = type_lookupc(TYPE(x), dunder);
        if (m) return call1(m, x);
    }
    return int_from_double(fn(arg_d(x)));
}

static Obj *m_floor(int n, Obj **a, Obj *kw) {
    NOKW("floor");
    args_count("floor", n, 1, 1);
    return to_int_rounded(a[0], float_floor, "__floor__");
}

static Obj *m_ceil(int n, Obj **a, Obj *kw) {
    NOKW("ceil");
    args_count("ceil", n, 1, 1);
    return to_int_rounded(a[0], float_ceil, "__ceil__");
}

static Obj *m_trunc(int n, Obj **a, Obj *kw) {
    NOKW("trunc");
    args_count("trunc", n, 1, 1);
    return to_int_rounded(a[0], float_trunc, "__trunc__");
}

static Obj *m_isnan(int n, Obj **a, Obj *kw) {
    NOKW("isnan");
    args_count("isnan", n, 1, 1);
    return BOOL(isnan(arg_d(a[0])));
}

static Obj *m_isinf(int n, Obj **a, Obj *kw) {
    NOKW("isinf");
    args_count("isinf", n, 1, 1);
    return BOOL(isinf(arg_d(a[0])));
}

static Obj *m_isfinite(int n, Obj **a, Obj *kw) {
    NOKW("isfinite");
    args_count("isfinite", n, 1, 1);
    return BOOL(isfinite(arg_d(a[0])));
}

static Obj *m_isclose(int n, Obj **a, Obj *kw) {
    int np = args_npos(n, kw);
    args_count("isclose", np, 2, 2);
    Obj *rt = args_kw(n, a, kw, "rel_tol"), *at = args_kw(n, a, kw, "abs_tol");
    double x = arg_d(a[0]), y = arg_d(a[1]);
    double rel = rt ? arg_d(rt) : 1e-9, abs_ = at ? arg_d(at) : 0.0;
    if (x == y) return True;
    if (isinf(x) || isinf(y)) return False;
    double d = fabs(x - y);
    return BOOL(d <= fabs(rel * y) || d <= fabs(rel * x) || d <= abs_);
}

static Obj *int_arg(Obj *o, const char *fname) {
    if (!IS_INT(o))
        raisef(&TypeError_type, "'%s' object cannot be interpreted as an integer", type_name(o));
    (void)fname;
    return o;
}

static Obj *m_gcd(int n, Obj **a, Obj *kw) {
    NOKW("gcd");
    Obj *g = int_from(0);
    for (int i = 0; i < n; i++) {
        Obj *b = int_arg(a[i], "gcd");
        if (int_sign(b) < 0) b = int_neg(b);
        Obj *x = g;
        while (int_sign(b)) {
            Obj *t = int_binop(x, b, OP_MOD);
            x = b;
            b = t;
        }
        g = x;
    }
    return g;
}

static Obj *m_lcm(int n, Obj **a, Obj *kw) {
    NOKW("lcm");
    Obj *l = int_from(1);
    for (int i = 0; i < n; i++) {
        Obj *b = int_arg(a[i], "lcm");
        if (!int_sign(b)) return int_from(0);
        Obj *args[2] = {l, b};
        Obj *g = m_gcd(2, args, NULL);
        l = int_binop(int_binop(l, g, OP_FLOORDIV), b, OP_MUL);
        if (int_sign(l) < 0) l = int_neg(l);
    }
    return l;
}

static Obj *m_factorial(int n, Obj **a, Obj *kw) {
    NOKW("factorial");
    args_count("factorial", n, 1, 1);
    if (IS(a[0], float_type))
        raisef(&TypeError_type, "'float' object cannot be interpreted as an integer");
    int64_t k = int_val(int_arg(a[0], "factorial"));
    if (k < 0) raisef(&ValueError_type, "factorial() not defined for negative values");
    Obj *r = int_from(1);
    for (int64_t i = 2; i <= k; i++)
        r = int_binop(r, int_from(i), OP_MUL);
    return r;
}

static Obj *m_isqrt(int n, Obj **a, Obj *kw) {
    NOKW("isqrt");
    args_count("isqrt", n, 1, 1);
    Obj *v = int_arg(a[0], "isqrt");
    if (int_sign(v) < 0) raisef(&ValueError_type, "isqrt() argument must be nonnegative");
    if (!int_sign(v)) return int_from(0);
    /* Newton's method from above */
    Obj *x = int_binop(int_from(1), int_from((int64_t)(int_bitlen(v) + 1) / 2 + 1), OP_LSHIFT);
    for (;;) {
        Obj *y =
            int_binop(int_binop(x, int_binop(v, x, OP_FLOORDIV), OP_ADD), int_from(1), OP_RSHIFT);
        if (int_cmp(y, x) >= 0) return x;
        x = y;
    }
}

static Obj *m_comb(int n, Obj **a, Obj *kw) {
    NOKW("comb");
    args_count("comb", n, 2, 2);
    int64_t nn = int_val(int_arg(a[0], "comb")), k = int_val(int_arg(a[1], "comb"));
    if (nn < 0 || k < 0)
        raisef(&ValueError_type, "%s must be a non-negative integer", nn < 0 ? "n" : "k");
    if (k > nn) return int_from(0);
    if (k > nn - k) k = nn - k;
    Obj *r = int_from(1);
    for (int64_t i = 1; i <= k; i++)
        r = int_binop(int_binop(r, int_from(nn - k + i), OP_MUL), int_from(i), OP_FLOORDIV);
    return r;
}

static Obj *m_perm(int n, Obj **a, Obj *kw) {
    NOKW("perm");
    args_count("perm", n, 1, 2);
    int64_t nn = int_val(int_arg(a[0], "perm"));
    int64_t k = n > 1 && a[1] != None ? int_val(int_arg(a[1], "perm")) : nn;
    if (nn < 0 || k < 0)
        raisef(&ValueError_type, "%s must be a non-negative integer", nn < 0 ? "n" : "k");
    if (k > nn) return int_from(0);
    Obj *r = int_from(1);
    for (int64_t i = 0; i < k; i++)
        r = int_binop(r, int_from(nn - i), OP_MUL);
    return r;
}

static Obj *m_prod(int n, Obj **a, Obj *kw) {
    int np = args_npos(n, kw);
    args_count("prod", np, 1, 1);
    Obj *start = args_kw(n, a, kw, "start");
    Obj *r = start ? start : int_from(1);
    Obj *it = obj_iter(a[0]);
    for (Obj *v; (v = obj_next(it));)
        r = obj_binop(r, v, OP_MUL);
    return r;
}

/* Neumaier compensated summation: exact enough for the common cases CPython's fsum covers. */
static Obj *m_fsum(int n, Obj **a, Obj *kw) {
    NOKW("fsum");
    args_count("fsum", n, 1, 1);
    Obj *it = obj_iter(a[0]);
    double s = 0, c = 0;
    for (Obj *v; (v = obj_next(it));) {
        double x = arg_d(v);
        double t = s + x;
        if (fabs(s) >= fabs(x))
            c += (s - t) + x;
        else
            c += (x - t) + s;
        s = t;
    }
    return float_from(s + c);
}

static Obj *m_modf(int n, Obj **a, Obj *kw) {
    NOKW("modf");
    args_count("modf", n, 1, 1);
    double ip;
    double fp = modf(arg_d(a[0]), &ip);
    return tuple_pack(2, float_from(fp), float_from(ip));
}

static Obj *m_frexp(int n, Obj **a, Obj *kw) {
    NOKW("frexp");
    args_count("frexp", n, 1, 1);
    int e;
    double m = frexp(arg_d(a[0]), &e);
    return tuple_pack(2, float_from(m), int_from(e));
}

static Obj *m_ldexp(int n, Obj **a, Obj *kw) {
    NOKW("ldexp");
    args_count("ldexp", n, 2, 2);
    return check_result(ldexp(arg_d(a[0]), (int)int_val(a[1])), arg_d(a[0]));
}

static Obj *m_dist(int n, Obj **a, Obj *kw) {
    NOKW("dist");
    args_count("dist", n, 2, 2);
    List *p = (List *)list_from_iter(a[0]), *q = (List *)list_from_iter(a[1]);
    if (p->len != q->len)
        raisef(&ValueError_type, "both points must have the same number of dimensions");
    double s = 0;
    for (size_t i = 0; i < p->len; i++) {
        double d = arg_d(p->items[i]) - arg_d(q->items[i]);
        s += d * d;
    }
    return float_from(sqrt(s));
}

static Obj *make_math(void) {
    Obj *m = module_new(str_intern("math"));
    Obj *d = ((Module *)m)->dict;
    struct {
        const char *name;
        bfn fn;
    } fns[] = {{"sqrt", m_sqrt},
               {"exp", m_exp},
               {"sin", m_sin},
               {"cos", m_cos},
               {"tan", m_tan},
               {"asin", m_asin},
               {"acos", m_acos},
               {"atan", m_atan},
               {"sinh", m_sinh},
               {"cosh", m_cosh},
               {"tanh", m_tanh},
               {"fabs", m_fabs},
               {"log2", m_log2},
               {"log10", m_log10},
               {"degrees", m_degrees},
               {"radians", m_radians},
               {"expm1", m_expm1},
               {"log1p", m_log1p},
               {"log", m_log},
               {"pow", m_pow},
               {"atan2", m_atan2},
               {"hypot", m_hypot},
               {"fmod", m_fmod},
               {"copysign", m_copysign},
               {"floor", m_floor},
               {"ceil", m_ceil},
               {"trunc", m_trunc},
               {"isnan", m_isnan},
               {"isinf", m_isinf},
               {"isfinite", m_isfinite},
               {"isclose", m_isclose},
               {"gcd", m_gcd},
               {"lcm", m_lcm},
               {"factorial", m_factorial},
               {"isqrt", m_isqrt},
               {"comb", m_comb},
               {"perm", m_perm},
               {"prod", m_prod},
               {"fsum", m_fsum},
               {"asinh", m_asinh},
               {"acosh", m_acosh},
               {"atanh", m_atanh},
               {"erf", m_erf},
               {"erfc", m_erfc},
               {"lgamma", m_lgamma},
               {"gamma", m_gamma},
               {"cbrt", m_cbrt},
               {"exp2", m_exp2},
               {"remainder", m_remainder},
               {"nextafter", m_nextafter},
               {"ulp", m_ulp},
               {"modf", m_modf},
               {"frexp", m_frexp},
               {"ldexp", m_ldexp},
               {"dist", m_dist}};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        dict_setc(d, fns[i].name, builtin_new(fns[i].name, fns[i].fn, NULL));
    dict_setc(d, "pi", float_from(M_PI));
    dict_setc(d, "e", float_from(M_E));
    dict_setc(d, "tau", float_from(2 * M_PI));
    dict_setc(d, "inf", float_from(INFINITY));
    dict_setc(d, "nan", float_from(NAN));
    return m;
}

/* ---- time ---- */
static Obj *t_time(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    return float_from(port_time());
}

static Obj *t_monotonic(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    return float_from((double)port_monotonic_ns() * 1e-9);
}

static Obj *t_monotonic_ns(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    return int_from_u64(port_monotonic_ns());
}

static Obj *t_time_ns(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    return int_from_double(port_time() * 1e9);
}

static Obj *t_sleep(int n, Obj **a, Obj *kw) {
    NOKW("sleep");
    args_count("sleep", n, 1, 1);
    double s = arg_d(a[0]);
    if (s < 0) raisef(&ValueError_type, "sleep length must be non-negative");
    port_sleep(s);
    return None;
}

static Obj *t_ticks_ms(int n, Obj **a, Obj *kw) {
    (void)n;
    (void)a;
    (void)kw;
    return int_from((int64_t)(port_monotonic_ns() / 1000000u));
}

static Obj *make_time(void) {
    Obj *m = module_new(str_intern("time"));
    Obj *d = ((Module *)m)->dict;
    dict_setc(d, "time", builtin_new("time", t_time, NULL));
    dict_setc(d, "monotonic", builtin_new("monotonic", t_monotonic, NULL));
    dict_setc(d, "perf_counter", builtin_new("perf_counter", t_monotonic, NULL));
    dict_setc(d, "monotonic_ns", builtin_new("monotonic_ns", t_monotonic_ns, NULL));
    dict_setc(d, "perf_counter_ns", builtin_new("perf_counter_ns", t_monotonic_ns, NULL));
    dict_setc(d, "time_ns", builtin_new("time_ns", t_time_ns, NULL));
    dict_setc(d, "sleep", builtin_new("sleep", t_sleep, NULL));
    dict_setc(d, "ticks_ms", builtin_new("ticks_ms", t_ticks_ms, NULL));
    return m;
}

/* ---- import ---- */
/* Run source text as module `name` (registered first, so circular imports see it). */
static Obj *exec_module(Obj *name, const char *src, size_t len, Obj *file) {
    Obj *m = module_new(name);
    Obj *d = ((Module *)m)->dict;
    dict_setc(d, "__file__", file);
    dict_set(vm->modules, name, m);
    TRY {
        Obj *code = compile_source(src, len, file, MODE_FILE);
        vm_exec(code, d, d);
    }
    CATCH(e) {
        dict_del(vm->modules, name);
        raise(e);
    }
    ENDTRY
    return m;
}

static Obj *load_frozen(Obj *name) {
    for (const FrozenModule *f = frozen_modules; f->name; f++)
        if (str_eqc(name, f->name))
            return exec_module(name, f->src, f->len, str_fmt("<frozen %s>", f->name));
    return NULL;
}

static Obj *load_py(Obj *name) {
    if (!vm->script_dir) return NULL;
    Obj *path = str_fmt("%s%s.py", str_c(vm->script_dir), str_c(name));
    long size = port_file_size(str_c(path));
    if (size < 0) return NULL;
    char *src = gc_alloc((size_t)size + 1, 0);
    long got = port_file_read(str_c(path), src, (size_t)size);
    if (got < 0) return NULL;
    return exec_module(name, src, (size_t)got, path);
}

/* The `exo` module exists only in the target build (mod_exo.c); weak, so the host has none. */
Obj *exo_module_make(void) __attribute__((weak));

Obj *import_module(Obj *name) {
    Obj *m = dict_get(vm->modules, name);
    if (m) return m;
    if (strchr(str_c(name), '.'))
        raisef(&ModuleNotFoundError_type, "No module named '%s'", str_c(name));
    if (str_eqc(name, "math"))
        m = make_math();
    else if (str_eqc(name, "time"))
        m = make_time();
    else if (str_eqc(name, "gc"))
        m = make_gc();
    else if (str_eqc(name, "exo") && exo_module_make)
        m = exo_module_make();
    else
        m = load_py(name); /* the script's folder comes first, as sys.path[0] in CPython */
    if (!m) m = load_frozen(name);
    if (!m) {
        Obj *e = exc_new(&ModuleNotFoundError_type, "No module named '%s'", str_c(name));
        raise(e);
    }
    dict_set(vm->modules, name, m);
    return m;
}

void modules_init(void) {
    vm->modules = dict_new();
    vm->sysmod = make_sys();
    dict_setc(vm->modules, "sys", vm->sysmod);
    Obj *bm = module_new(str_intern("builtins"));
    ((Module *)bm)->dict = vm->builtins;
    dict_setc(vm->modules, "builtins", bm);
}
