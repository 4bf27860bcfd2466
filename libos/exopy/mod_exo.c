/* mod_exo.c: the `exo` module (target only): this env's id, pages and slots from the exposed
 * state, binding and freeing pages, yield, time, and revocation requests handed to a Python
 * callback.
 *
 * Upcalls only record a revocation and wake the VM (vm_wake); the callback runs later, between
 * two bytecodes of the running code (port_service), from exo.poll() or while the REPL idles,
 * because the interpreter cannot be re-entered from the middle of an instruction it was running.
 */
#include "exopy.h"

#include <exo/counters.h>
#include <exo/cpu.h>
#include <exo/exposed.h>
#include <exo/libexo.h>
#include <exo/pages.h>
#include <exo/syscall.h>
#include <exo/upcall.h>

Obj *exo_module_make(void);
long exo_module_poll(void);

/* The upcall area lies inside one page (the kernel's rule): 2 KiB aligned, smaller than that. */
static struct exo_upcall_area area __attribute__((aligned(2048)));
_Static_assert(sizeof(struct exo_upcall_area) <= 2048, "the upcall area stays inside one page");

/* Revocations the upcall handler saw and no callback has taken yet (the newest of each kind). */
static volatile struct {
    uint32_t pending; /* bit kind set: one is waiting */
    uint64_t count[3];
    uint64_t deadline[3];
} revoke;

static void on_upcall(struct exo_upcall_area *a) {
    struct exo_event ev;
    while (exo_upcall_next(a, &ev)) {
        if (ev.kind == EXO_EV_REVOKE && (ev.a == EXO_REVOKE_PAGES || ev.a == EXO_REVOKE_SLOTS)) {
            revoke.count[ev.a] = ev.b;
            revoke.deadline[ev.a] = ev.c;
            revoke.pending |= 1u << ev.a;
            vm_wake();
        } else if (ev.kind == EXO_EV_FAULT) {
            /* the interpreter cannot go on past a fault of its own */
            static const char m[] = "\r\nexopy: fault\r\n";
            exo_console_write(m, sizeof m - 1);
            exo_exit(128 + (int)(ev.a & 0x3f));
        }
    }
}

static unsigned long env_self(void) {
    return libexo_env();
}

struct env_copy {
    unsigned long id;
    struct exo_env_summary summary;
    uint32_t nslots;
    uint32_t slots[EXO_SLOT_MAX];
};

static void copy_env(void *ctx, const volatile struct exo_exposed *src) {
    struct env_copy *c = ctx;
    unsigned idx = (unsigned)(c->id & 0xffffu);
    c->summary.id = 0;
    if (idx < EXO_ENV_MAX && src->envs[idx].id == c->id) {
        c->summary.id = src->envs[idx].id;
        c->summary.state = src->envs[idx].state;
        c->summary.pages = src->envs[idx].pages;
        c->summary.slots = src->envs[idx].slots;
    }
    c->nslots = 0;
    for (uint32_t s = 0; s < src->slot_count && s < EXO_SLOT_MAX; s++)
        if (src->slots[s] == c->id) c->slots[c->nslots++] = s;
}

static void read_env(struct env_copy *c) {
    c->id = env_self();
    if (exposed_read(libexo_exposed(), copy_env, c, EXPOSED_TRIES, NULL) != EXO_OK)
        raisef(&OSError_type, "the exposed state kept changing");
}

static void want_args(int n, int lo, int hi, const char *name) {
    if (n < lo || n > hi) raisef(&TypeError_type, "%s() takes %d to %d arguments", name, lo, hi);
}

static Obj *m_env(int n, Obj **a, Obj *kw) {
    want_args(n, 0, 0, "env");
    return int_from((int64_t)env_self());
}

/* How many pages this env owns (the kernel's count: image, heap, stack, and what it bound). */
static Obj *m_pages(int n, Obj **a, Obj *kw) {
    want_args(n, 0, 0, "pages");
    struct env_copy c;
    read_env(&c);
    return int_from(c.summary.pages);
}

/* The runs of pages bound through libexo (the heap and exo.alloc_page's): [(first, count)]. */
static Obj *m_page_runs(int n, Obj **a, Obj *kw) {
    want_args(n, 0, 0, "page_runs");
    const struct page_set *set = pages_owned();
    Obj *l = list_new(0);
    for (uint32_t i = 0; i < set->nruns; i++) {
        Obj *t = tuple_new(2);
        ((Tuple *)t)->items[0] = int_from(set->runs[i].first);
        ((Tuple *)t)->items[1] = int_from(set->runs[i].count);
        list_append(l, t);
    }
    return l;
}

static Obj *m_alloc_page(int n, Obj **a, Obj *kw) {
    want_args(n, 0, 0, "alloc_page");
    uint32_t first;
    long got = pages_alloc(1, EXO_PERM_R | EXO_PERM_W, 0, &first);
    if (got < 1) raisef(&MemoryError_type, "no free page (error %ld)", got);
    return int_from(first);
}

static Obj *m_free_page(int n, Obj **a, Obj *kw) {
    want_args(n, 1, 1, "free_page");
    int64_t ppn = int_val(a[0]);
    if (ppn < 0 || ppn > UINT32_MAX) raisef(&ValueError_type, "not a page number");
    const struct page_set *set = pages_owned();
    if (!pageset_contains(set, (uint32_t)ppn))
        raisef(&ValueError_type, "page 0x%llx was not bound by exo.alloc_page",
               (unsigned long long)ppn);
    long r = pages_free((uint32_t)ppn, 1);
    if (r < 0) raisef(&OSError_type, "free_page: error %ld", r);
    return None;
}

static Obj *m_slots(int n, Obj **a, Obj *kw) {
    want_args(n, 0, 0, "slots");
    struct env_copy c;
    read_env(&c);
    Obj *l = list_new(0);
    for (uint32_t i = 0; i < c.nslots; i++)
        list_append(l, int_from(c.slots[i]));
    return l;
}

static Obj *m_yield(int n, Obj **a, Obj *kw) {
    want_args(n, 0, 1, "yield_");
    long to = n ? (long)int_val(a[0]) : EXO_ANY;
    long r = exo_yield(to);
    if (r < 0) raisef(&OSError_type, "yield: error %ld", r);
    return None;
}

static Obj *m_time(int n, Obj **a, Obj *kw) {
    want_args(n, 0, 0, "time");
    return int_from_u64(exo_time());
}

/* Instructions retired by the hart (every env and the kernel), for measuring. */
static Obj *m_instret(int n, Obj **a, Obj *kw) {
    want_args(n, 0, 0, "instret");
    return int_from_u64(exo_instret());
}

static Obj *m_timebase(int n, Obj **a, Obj *kw) {
    want_args(n, 0, 0, "timebase");
    return int_from_u64(libexo_exposed()->timebase_hz);
}

static Obj *module_dict(void) {
    Obj *m = dict_getc(vm->modules, "exo");
    return m ? ((Module *)m)->dict : NULL;
}

/* on_revoke(fn): fn(kind, count, deadline) runs for each revocation; kind is "pages" or
 * "slots". None removes it (libexo then gives back what is asked at once). */
static Obj *m_on_revoke(int n, Obj **a, Obj *kw) {
    want_args(n, 1, 1, "on_revoke");
    dict_setc(module_dict(), "_revoke_callback", a[0]);
    return None;
}

/* Hands waiting revocations to the callback (or gives back at once without one); how many. */
long exo_module_poll(void) {
    if (!revoke.pending) return 0;
    long handled = 0;
    Obj *d = module_dict();
    Obj *fn = d ? dict_getc(d, "_revoke_callback") : NULL;
    for (unsigned kind = EXO_REVOKE_PAGES; kind <= EXO_REVOKE_SLOTS; kind++) {
        area.masked = 1; /* the handler writes these too */
        int waiting = (revoke.pending >> kind) & 1;
        uint64_t count = revoke.count[kind], deadline = revoke.deadline[kind];
        revoke.pending &= ~(1u << kind);
        area.masked = 0;
        if (!waiting) continue;
        handled++;
        if (fn && fn != None) {
            Obj *args[3] = {str_from(kind == EXO_REVOKE_PAGES ? "pages" : "slots"),
                            int_from_u64(count), int_from_u64(deadline)};
            obj_call(fn, 3, args, NULL);
        } else if (kind == EXO_REVOKE_PAGES) {
            pages_give_back((uint32_t)count);
        }
    }
    return handled;
}

static Obj *m_poll(int n, Obj **a, Obj *kw) {
    want_args(n, 0, 0, "poll");
    return int_from(exo_module_poll());
}

Obj *exo_module_make(void) {
    if (exo_upcall_init(&area, on_upcall) != EXO_OK) area.masked = 1;
    Obj *m = module_new(str_intern("exo"));
    Obj *d = ((Module *)m)->dict;
    static const struct {
        const char *name;
        bfn fn;
    } fns[] = {
        {"env", m_env},
        {"pages", m_pages},
        {"page_runs", m_page_runs},
        {"alloc_page", m_alloc_page},
        {"free_page", m_free_page},
        {"slots", m_slots},
        {"yield_", m_yield},
        {"time", m_time},
        {"timebase", m_timebase},
        {"instret", m_instret},
        {"on_revoke", m_on_revoke},
        {"poll", m_poll},
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        dict_setc(d, fns[i].name, builtin_new(fns[i].name, fns[i].fn, NULL));
    dict_setc(d, "ANY", int_from(EXO_ANY));
    dict_setc(d, "PAGE_SIZE", int_from(1 << EXO_PAGE_SHIFT));
    return m;
}
