/* exopy.h: the runtime's shared declarations: object layouts, type slots and the core API. */
#ifndef EXOPY_H
#define EXOPY_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Obj Obj;
typedef struct Type Type;

/* Every value is a pointer to an object whose first word is its type. */
struct Obj {
    Type *type;
};

enum {
    CMP_LT,
    CMP_LE,
    CMP_EQ,
    CMP_NE,
    CMP_GT,
    CMP_GE,
};

/* Binary operators; the numbering is shared by the compiler, the VM and the type slots. */
enum {
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_TRUEDIV,
    OP_FLOORDIV,
    OP_MOD,
    OP_POW,
    OP_LSHIFT,
    OP_RSHIFT,
    OP_AND,
    OP_OR,
    OP_XOR,
    OP_MATMUL,
    OP_NBINOPS,
};

enum { UOP_NEG, UOP_POS, UOP_INVERT };

typedef Obj *(*callfn)(Obj *f, int n, Obj **a, Obj *kwnames);
typedef Obj *(*bfn)(int n, Obj **a, Obj *kwnames);

/* A type's slots; NULL means "not supported". Heap (class) types route every slot through the
 * dunder methods found in their class dictionaries (type.c). */
struct Type {
    Obj h;
    const char *name;
    Type *base;
    Obj *dict;
    Obj *name_obj;
    size_t size; /* instance size, for user subclasses of this layout */
    int flags;
    Obj *(*repr)(Obj *o);
    Obj *(*str)(Obj *o);
    int64_t (*hash)(Obj *o);
    Obj *(*richcmp)(Obj *a, Obj *b, int op);
    callfn call;
    Obj *(*getattr)(Obj *o, Obj *name);         /* NULL result: missing */
    void (*setattr)(Obj *o, Obj *name, Obj *v); /* v NULL: delete */
    Obj *(*iter)(Obj *o);
    Obj *(*next)(Obj *o); /* NULL result: exhausted */
    int64_t (*len)(Obj *o);
    Obj *(*getitem)(Obj *o, Obj *k);
    void (*setitem)(Obj *o, Obj *k, Obj *v); /* v NULL: delete */
    int (*contains)(Obj *o, Obj *k);
    int (*truth)(Obj *o);
    Obj *(*binop)(Obj *self, Obj *other, int op, int reflected); /* NotImplemented if unsupported */
    Obj *(*unop)(Obj *o, int op);
    Obj *(*new)(Type *t, int n, Obj **a, Obj *kw);
    Obj *(*descr_get)(Obj *d, Obj *inst, Type *owner);
};

enum {
    TF_HEAP = 1,        /* created by a class statement */
    TF_BASE = 2,        /* may be subclassed */
    TF_HASDICT = 4,     /* instances carry a __dict__ (Inst layout or Exc layout) */
    TF_NOHASH = 8,      /* __hash__ = None */
    TF_PREFIXDICT = 16, /* heap subclass of a variable-size builtin: dict in the word before */
};

/* ---- object layouts ---- */
typedef struct {
    Obj h;
    int64_t v;
    int32_t n; /* 0: small, value in v; else |n| base-2^32 digits, sign of n */
    uint32_t d[];
} Int;

typedef struct {
    Obj h;
    double v;
} Float;

typedef struct {
    Obj h;
    size_t len;   /* bytes */
    size_t clen;  /* code points (str); equals len for bytes */
    int64_t hash; /* -1: not computed */
    char s[];     /* NUL-terminated */
} Str;

typedef struct {
    Obj h;
    size_t len, cap;
    uint8_t *data;
} ByteArray;

typedef struct {
    Obj h;
    size_t len;
    Obj *items[];
} Tuple;

typedef struct {
    Obj h;
    size_t len, cap;
    Obj **items;
} List;

typedef struct {
    Obj *key, *value;
    int64_t hash;
} Entry;

/* Dicts and sets: entries kept in insertion order, an open-addressing index over them. */
typedef struct {
    Obj h;
    size_t used;  /* live entries */
    size_t nent;  /* entries slots filled (including deleted) */
    size_t cap;   /* entries capacity */
    size_t isize; /* index slots, a power of two */
    Entry *ent;
    int32_t *index;
} Dict;

typedef Dict Set; /* value NULL */

typedef struct {
    Obj h;
    int64_t start, stop, step, len;
    Obj *big; /* Tuple (start, stop, step, len) of ints when they do not fit the int64 fields */
} Range;

typedef struct {
    Obj h;
    Obj *start, *stop, *step;
} Slice;

typedef struct {
    Obj h;
    Obj *dict;
} Inst;

typedef struct {
    Obj h;
    Obj *dict;
    Obj *args;
    Obj *tb; /* List of (file, line, name) tuples, innermost last */
    Obj *cause, *context;
    int suppress_context;
} Exc;

typedef struct {
    Obj h;
    const char *name;
    bfn fn;
    Obj *self;     /* bound receiver or NULL */
    int8_t lo, hi; /* positional arguments a method takes besides self; hi < 0: unchecked */
} Builtin;

typedef struct {
    Obj h;
    Obj *name, *filename, *qualname;
    uint8_t *code;
    size_t ncode;
    Obj *consts;    /* List */
    Obj *names;     /* Tuple of str */
    Obj *varnames;  /* Tuple: arguments first, then locals */
    Obj *cellnames; /* Tuple: locals that are captured (cells); index space after varnames */
    Obj *freenames; /* Tuple: captured from the enclosing function */
    int nargs, nkwonly, flags, nlocals, stacksize;
    int32_t *lines; /* pairs (offset, line), nlines of them */
    int nlines;
    int firstline;
    int16_t *cell2arg; /* per cellname: the argument index it starts from, or -1 */
} Code;

enum {
    CO_VARARGS = 1,
    CO_VARKW = 2,
    CO_GENERATOR = 4,
    CO_MODULE = 8, /* module or class body: names live in a dict */
    CO_DOC = 16,   /* consts[0] is the docstring */
};

typedef struct {
    Obj h;
    Code *code;
    Obj *globals;
    Obj *defaults;   /* Tuple or NULL */
    Obj *kwdefaults; /* Dict or NULL */
    Obj *closure;    /* Tuple of Cell or NULL */
    Obj *name, *qualname, *doc, *dict, *module;
} Func;

typedef struct {
    Obj h;
    Obj *v;
} Cell;

typedef struct {
    Obj h;
    Obj *func, *self;
} Method;

typedef struct Frame Frame;

typedef struct {
    int kind; /* BLOCK_* */
    int handler;
    int level; /* value stack depth to restore */
    int excdepth;
} Block;

struct Frame {
    Obj h;
    Code *code;
    Obj *globals, *locals; /* locals: Dict for module/class bodies, else NULL */
    Obj *func;
    Frame *back;
    int ip, sp, nblocks, lasti;
    int yielded;  /* set when the last run ended in a yield */
    int hbase;    /* vm->nhandled when this run began; blocks record depths relative to it */
    Obj *held;    /* a suspended generator's exceptions being handled (List), put back on resume */
    Obj *pending; /* exception to raise at resumption (generator throw) */
    Block blocks[20];
    Obj **fast; /* nlocals + ncells + nfree */
    Obj **stack;
};

typedef struct {
    Obj h;
    Frame *frame;
    Obj *name, *qualname;
    int running, done;
} Gen;

typedef struct {
    Obj h;
    Obj *name;
    Obj *dict;
} Module;

typedef struct {
    Obj h;
    Obj *fget, *fset, *fdel, *doc;
} Property;

typedef struct {
    Obj h;
    Obj *f;
} Wrap; /* staticmethod / classmethod */

typedef struct {
    Obj h;
    Type *cls; /* the class where the method is defined */
    Obj *obj;
} Super;

/* Generic iterator over a sequence by index, or a wrapper calling a function. */
typedef struct {
    Obj h;
    Obj *seq;
    int64_t i, n;
    Obj *a, *b;
} Iter;

/* ---- the interpreter state: the only mutable global ---- */
#define NSMALLINT    262
#define SMALLINT_MIN (-5)

typedef struct Handler Handler;
struct Handler {
    jmp_buf jb;
    Handler *prev;
};

typedef struct {
    /* heap */
    uint8_t *heap, *heap_end, *bump;
    uint8_t *heap_limit; /* heap_end may grow up to here (port_heap_grow) */
    uint32_t *starts;    /* bitmap: one bit per granule that begins a used block */
    void *freelist[33];  /* small classes by granule count; [0] large list */
    size_t allocated, since_gc, threshold, total_collected;
    int gc_enabled, gc_stress, in_gc;
    void *reserve; /* released at MemoryError so the handler (and the REPL) can still run */
    void **markstack;
    size_t nmark, markcap;
    int markoverflow;
    uintptr_t stack_base;
    size_t stack_limit; /* bytes of C stack the interpreter may use */
    /* exceptions */
    Handler *handler;
    Obj *exc;      /* the exception in flight */
    Obj **handled; /* the exceptions being handled, innermost last (grows on demand) */
    int nhandled, handled_cap;
    int depth, recursion_limit;
    Frame *frame;
    /* namespaces */
    Obj *builtins, *modules, *interned, *sysmod, *main_dict;
    Obj *script_dir, *argv;
    Obj *small[NSMALLINT];
    Obj *empty_tuple, *empty_str;
    Obj *chars[128];
    Obj *memerr;     /* preallocated MemoryError instance */
    Obj *repr_stack; /* List of objects being repr'd (cycle guard) */
    Obj *roots[16];  /* extra roots (REPL's last value, etc.) */
    /* str_intern of C strings, by the string's address (checked against its content): the
     * runtime looks up dunder names by C literal on every class-level operation */
    struct {
        const char *c;
        Obj *s;
    } icache[256];
} Interp;

extern Interp *vm;

/* ---- static singletons and builtin types ---- */
extern Obj None_obj, NotImpl_obj, Ellipsis_obj;
extern Int True_obj, False_obj;
#define None    (&None_obj)
#define NotImpl (&NotImpl_obj)
#define True    ((Obj *)&True_obj)
#define False   ((Obj *)&False_obj)
#define BOOL(c) ((c) ? True : False)

extern Type type_type, object_type, int_type, bool_type, float_type, str_type, bytes_type,
    bytearray_type, tuple_type, list_type, dict_type, set_type, frozenset_type, range_type,
    slice_type, none_type, notimpl_type, ellipsis_type, builtin_type, func_type, method_type,
    code_type, cell_type, gen_type, module_type, property_type, staticmethod_type, classmethod_type,
    super_type, iter_type, frame_type, complex_type, range_iter_type;
/* exceptions */
extern Type BaseException_type, Exception_type, SystemExit_type, KeyboardInterrupt_type,
    GeneratorExit_type, StopIteration_type, ArithmeticError_type, ZeroDivisionError_type,
    OverflowError_type, AssertionError_type, AttributeError_type, LookupError_type, IndexError_type,
    KeyError_type, NameError_type, UnboundLocalError_type, TypeError_type, ValueError_type,
    UnicodeError_type, UnicodeDecodeError_type, UnicodeEncodeError_type, RuntimeError_type,
    RecursionError_type, NotImplementedError_type, MemoryError_type, SyntaxError_type,
    IndentationError_type, ImportError_type, ModuleNotFoundError_type, OSError_type, EOFError_type,
    StopAsyncIteration_type, FileNotFoundError_type, TabError_type;

#define TYPE(o)  (((Obj *)(o))->type)
#define IS(o, t) (TYPE(o) == &(t))

/* Copies n object pointers (the ranges do not overlap) a word at a time: the target's memcpy is a
 * byte loop, six instructions a byte. The empty asm keeps the loop from becoming a memcpy call. */
static inline void objs_copy(Obj **dst, Obj *const *src, size_t n) {
    for (size_t i = 0; i < n; i++) {
        dst[i] = src[i];
        __asm__("" : : "r"(dst) : "memory");
    }
}

int type_issub(Type *a, Type *b);
#define ISINST(o, t) type_issub(TYPE(o), &(t))
#define IS_INT(o)                                                                                  \
    (IS(o, int_type) || IS(o, bool_type) || (TYPE(o)->flags & TF_HEAP && ISINST(o, int_type)))

/* ---- gc.c ---- */
void gc_init(void *heap, size_t size, size_t max, uintptr_t stack_base);
void *gc_alloc(size_t size, int scan); /* zeroed; scan: contents may hold pointers */
Obj *gc_new(Type *t, size_t size);
/* An object with one hidden word before it (the instance dict of a str, tuple or int
 * subclass, whose own layout ends in variable-size data). */
Obj *gc_new_prefixed(Type *t, size_t size);
void *gc_realloc(void *p, size_t oldsize, size_t size, int scan);
void gc_collect(void);
size_t gc_used(void);
size_t gc_free_bytes(void);
void gc_reserve(void);
void stack_check(void);

/* ---- exceptions (exc.c) ---- */
_Noreturn void raise(Obj *exc);
Obj *exc_handled_top(void); /* the exception being handled, or NULL */
void exc_handled_push(Obj *exc);
_Noreturn void raisef(Type *t, const char *fmt, ...);
Obj *exc_new(Type *t, const char *fmt, ...);
Obj *exc_make(Type *t, int n, Obj **a);
_Noreturn void raise_type(Type *t, Obj *arg);
void exc_add_tb(Obj *exc, Obj *file, int line, Obj *name);
void exc_print(Obj *exc);
Obj *exc_str(Obj *exc);
void exc_init(void);
/* try/catch on top of setjmp: TRY { ... } CATCH(e) { ... } ENDTRY */
#define TRY                                                                                        \
    {                                                                                              \
        Handler h_;                                                                                \
        h_.prev = vm->handler;                                                                     \
        int depth_ = vm->depth;                                                                    \
        Frame *frame_ = vm->frame;                                                                 \
        vm->handler = &h_;                                                                         \
        if (setjmp(h_.jb) == 0) {
#define CATCH(e)                                                                                   \
    vm->handler = h_.prev;                                                                         \
    }                                                                                              \
    else {                                                                                         \
        vm->handler = h_.prev;                                                                     \
        vm->depth = depth_;                                                                        \
        vm->frame = frame_;                                                                        \
        Obj *e = vm->exc;                                                                          \
        (void)e;
#define ENDTRY                                                                                     \
    }                                                                                              \
    }

/* ---- ints (int.c) ---- */
Obj *int_from(int64_t v);
Obj *int_from_u64(uint64_t v);
Obj *int_from_double(double d);
Obj *int_parse(const char *s, size_t len, int base); /* NULL if invalid */
int int_fits(Obj *o);                                /* small */
int64_t int_val(Obj *o);                             /* raises OverflowError if too big */
double int_to_double(Obj *o);
Obj *int_str(Obj *o, int base);
Obj *int_binop(Obj *a, Obj *b, int op);
int int_cmp(Obj *a, Obj *b);
int int_sign(Obj *o);
int64_t int_hash(Obj *o);
Obj *int_neg(Obj *o);
size_t int_bitlen(Obj *o);

/* ---- floats (float.c) ---- */
Obj *float_from(double d);
double num_to_double(Obj *o); /* int or float; TypeError otherwise */
Obj *float_repr_d(double d);
void float_fmt(char *buf, size_t n, double d); /* repr into buf */
double float_trunc(double d);                  /* exact, by the bits, as the three below */
double float_floor(double d);
double float_ceil(double d);
double float_rint(double d); /* to nearest, half to even */
/* dtoa.c: exact double <-> decimal (modes of dtoa_digits) */
enum { DTOA_SHORTEST, DTOA_SIG, DTOA_FIX };
int dtoa_split(double d, uint64_t *m, int *e); /* finite d = +-m * 2^e; 0 for inf/nan */
int dtoa_digits(double d, int mode, int n, char *out, int cap, int *decpt);
int dtoa_parse(const char *s, size_t len, double *out);

/* ---- strings (str.c, bytes.c) ---- */
Obj *str_new(const char *s, size_t len);
Obj *str_from(const char *s);
Obj *str_fmt(const char *fmt, ...);
Obj *str_vfmt(const char *fmt, va_list ap);
Obj *str_intern(const char *s);
Obj *str_intern_obj(Obj *s);
Obj *str_alloc(size_t len); /* caller fills s[], then str_finish */
Obj *str_finish(Obj *s);
Obj *str_concat(Obj *a, Obj *b);
Obj *str_repr(Obj *s);
int str_eq(Obj *a, Obj *b);
int str_eqc(Obj *a, const char *c);
const char *str_c(Obj *s); /* str, checks type */
int64_t str_hash(Obj *s);
Obj *str_from_cp(uint32_t cp);
size_t utf8_encode(uint32_t cp, char *out);
uint32_t utf8_decode(const char **p);
Obj *str_join(Obj *sep, Obj *iterable);
Obj *bytes_new(const void *s, size_t len);
Obj *bytes_repr(Obj *b);
void str_init(void);
void bytes_init(void);
/* A growable byte buffer for building strings. */
typedef struct {
    char *p;
    size_t len, cap;
} Buf;
void buf_init(Buf *b);
void buf_add(Buf *b, const char *s, size_t n);
void buf_adds(Buf *b, const char *s);
void buf_addc(Buf *b, char c);
void buf_addobj(Buf *b, Obj *strobj);
void buf_printf(Buf *b, const char *fmt, ...);
Obj *buf_str(Buf *b);
/* a finite d >= 0 as CPython lays it out: type 'e', 'f', 'g' or 'r' (repr), dtoa.c */
void dtoa_format(Buf *b, double d, char type, int prec, int alt, int dot0);

/* ---- containers ---- */
Obj *tuple_new(size_t n);
Obj *tuple_pack(int n, ...);
Obj *list_new(size_t n);
void list_append(Obj *l, Obj *v);
Obj *list_from_iter(Obj *it);
Obj *tuple_from_iter(Obj *it);
void list_sort(Obj *l, Obj *key, int reverse);
void list_init(void);
Obj *dict_new(void);
Obj *dict_get(Obj *d, Obj *k); /* NULL if missing */
Obj *dict_getc(Obj *d, const char *k);
void dict_set(Obj *d, Obj *k, Obj *v);
void dict_setc(Obj *d, const char *k, Obj *v);
int dict_del(Obj *d, Obj *k); /* 0 if missing */
int dict_next(Obj *d, size_t *pos, Obj **k, Obj **v);
void dict_update(Obj *d, Obj *other);
Obj *set_new(Type *t);
void set_add(Obj *s, Obj *k);
int set_has(Obj *s, Obj *k);
void dict_init(void);
Obj *range_new(int64_t start, int64_t stop, int64_t step);
Obj *slice_new(Obj *a, Obj *b, Obj *c);
void slice_indices(Obj *sl, int64_t len, int64_t *start, int64_t *stop, int64_t *step, int64_t *n);
int64_t seq_index(Obj *idx, int64_t len, const char *what); /* normalised, raises IndexError */

/* ---- object protocol (obj.c) ---- */
Obj *obj_repr(Obj *o);
Obj *obj_str(Obj *o);
int64_t obj_hash(Obj *o);
int obj_truth(Obj *o);
int obj_eq(Obj *a, Obj *b);
int obj_cmp(Obj *a, Obj *b, int op); /* bool result */
Obj *obj_richcmp(Obj *a, Obj *b, int op);
Obj *cmp_result(int c, int op); /* the comparison op given a three-way result */
Obj *obj_binop(Obj *a, Obj *b, int op);
Obj *obj_inplace(Obj *a, Obj *b, int op);
Obj *obj_unop(Obj *o, int op);
Obj *obj_getattr(Obj *o, Obj *name);
Obj *obj_getattr_opt(Obj *o, Obj *name); /* NULL if missing (AttributeError only) */
void obj_setattr(Obj *o, Obj *name, Obj *v);
Obj *obj_getitem(Obj *o, Obj *k);
void obj_setitem(Obj *o, Obj *k, Obj *v);
int obj_contains(Obj *o, Obj *k);
int64_t obj_len(Obj *o);
Obj *obj_iter(Obj *o);
Obj *obj_next(Obj *it); /* NULL when exhausted */
Obj *obj_call(Obj *f, int n, Obj **a, Obj *kwnames);
Obj *call0(Obj *f);
Obj *call1(Obj *f, Obj *a);
Obj *call2(Obj *f, Obj *a, Obj *b);
Obj *call_method(Obj *o, const char *name, int n, Obj **a);
Obj *obj_index(Obj *o); /* __index__: int */
const char *type_name(Obj *o);
Obj *generic_getattr(Obj *o, Obj *name);
void generic_setattr(Obj *o, Obj *name, Obj *v);
Obj *type_lookup(Type *t, Obj *name);
Obj *type_lookupc(Type *t, const char *name);
Obj *seq_iter_new(Obj *seq);
Obj *obj_format(Obj *o, Obj *spec);
Obj *type_new_class(Obj *name, Obj *bases, Obj *dict);
void type_init(void);
void type_add_method(Type *t, const char *name, bfn fn);
void type_finish(Type *t);
Obj *builtin_new(const char *name, bfn fn, Obj *self);
Obj *method_new(Obj *f, Obj *self);

/* argument checking helpers */
void args_count(const char *fname, int n, int lo, int hi);
void args_nokw(const char *fname, Obj *kw);
/* Split vectorcall args: positional count and keyword values looked up by name. */
int args_npos(int n, Obj *kw);
Obj *args_kw(int n, Obj **a, Obj *kw, const char *name); /* NULL if absent */

/* ---- formatting (format.c) ---- */
Obj *format_spec(Obj *o, const char *spec, size_t len);
Obj *str_format(Obj *fmt, int n, Obj **a, Obj *kw);
Obj *str_percent(Obj *fmt, Obj *args);
Obj *bytes_percent(Obj *fmt, Obj *args);

/* ---- compiler and VM ---- */
Obj *compile_source(const char *src, size_t len, Obj *filename, int mode); /* Code */
enum { MODE_FILE, MODE_SINGLE, MODE_EVAL };
Obj *vm_exec(Obj *code, Obj *globals, Obj *locals);
Obj *vm_call_func(Obj *f, int n, Obj **a, Obj *kw);
Obj *gen_send(Obj *g, Obj *v);
Obj *gen_throw(Obj *g, Obj *exc);
void func_init(void);
Obj *func_new(Obj *code, Obj *globals);

/* ---- modules and builtins ---- */
void builtins_init(void);
void modules_init(void);
Obj *import_module(Obj *name);
Obj *module_new(Obj *name);
int run_source(const char *src, size_t len, const char *filename, Obj *globals); /* exit status */
void repl_run(void);

/* ---- the port ---- */
#include "port.h"

#endif
