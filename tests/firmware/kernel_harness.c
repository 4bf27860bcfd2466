/* kernel_harness.c: drives the kernel's env table, ownership table, exposed state, user access,
 * syscalls, consoles, slots, upcalls, revocation and the link's env requests (kernel/{env,
 * memory,exposed,uaccess,syscall,console,pages,slots,upcall,revoke}.c, link/{envreq,events,
 * crc32}.c) over a fake RAM buffer, for tests/firmware/test_kernel.py, test_objects.py and
 * test_envreq.py. The scheduler, the timer and the clock are stubs that record what they were
 * asked. One answer line per command line:
 *
 *   init PAGES                 -> ok FIRST_PPN RAM_ADDR  (RAM mapped low, so ppn fits 32 bits)
 *   create NAME                -> ok ID | err ABI
 *   start ID PC ARGS           -> ok
 *   destroy ID CODE            -> ok FREED | err ABI
 *   fault ID CAUSE PC ADDR     -> ok
 *   lookup ID                  -> ok STATE | err ABI
 *   sys ID NUM A0 .. A5        -> ok A0 A1 A2     (A0 signed; " !N" if an invariant broke)
 *   regs ID                    -> ok PC A0 A1 A2 MSTATUS
 *   poke ADDR HEX / peek ADDR N-> ok / ok HEX     (ADDR must lie in the fake RAM)
 *   req TYPE HEX               -> ok HEX | err CODE MESSAGE
 *   check                      -> ok N FREE      (N: first broken invariant, 0 if none)
 *   events                     -> ok EVENT;...    (and forgets them)
 *   session 0|1 / pump / keys HEX / uart -> ok / ok / ok / ok HEX (terminal output so far)
 *   summary INDEX              -> ok ID STATE PAGES NAME
 *   kaddr                      -> ok ADDR         (an address in the kernel's own memory)
 *   exposed                    -> ok VERSION PAGES_FREE PAGE_FIRST PAGE_COUNT MAGIC
 *   fuzz SEED N                -> ok CALLS VIOLATIONS FREE_BEFORE FREE_AFTER CHECK OKS SLOTS_FREE
 *   cycles N                   -> ok LEAKED NONZERO CHECK
 *   slots COUNT TICKS          -> ok | err ABI   (slots_init, published)
 *   changed                    -> ok PPN:ENV ...  (PMP drops asked since the last time, <= 64)
 *   now T                      -> ok             (what clint_now answers)
 *   timers                     -> ok REVOKE_DEADLINE TIMERS_CHANGED YIELDS LAST_FROM LAST_TO
 *   expire NOW                 -> ok             (revoke_expire)
 *   deliver ID                 -> ok             (upcall_deliver)
 *   ufault ID CAUSE PC ADDR    -> ok TAKEN       (upcall_fault)
 *   setregs ID SEED            -> ok             (mepc and x1..x31 from SEED)
 *   allregs ID                 -> ok MEPC X1 .. X31
 *   parent ID                  -> ok PARENT_ID
 * Numbers are decimal or 0x-hex; negative numbers wrap to the register's width.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "harness_hex.h"
#include "kernel/console.h"
#include "kernel/env.h"
#include "kernel/exposed.h"
#include "kernel/ktimer.h"
#include "kernel/memory.h"
#include "kernel/revoke.h"
#include "kernel/sched.h"
#include "kernel/slots.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"
#include "kernel/upcall.h"
#include "link/envreq.h"
#include "link/session.h"

#define MAX_PAGES 4096
#define RAM_ADDR  0x20000000ul /* low: its page numbers fit 32 bits, as on the target */
#define MAX_LINE  (1 << 16)

static struct page_entry entries[MAX_PAGES];
static uint8_t *ram;
static size_t ram_pages;
static char events[1 << 20];
static size_t events_len;
static uint8_t uart[1 << 16];
static size_t uart_len;
static int session_open;
static unsigned long changed_calls;
static uint64_t clock_now, revoke_deadline = KTIMER_OFF;
static unsigned long timers_changed, yields;
static uint32_t yield_from, yield_to;

/* ---- Stubs for what the modules call outside themselves ---------------------------------- */

static void event(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (events_len + 4096 < sizeof events) { /* one event is at most ~2.3 KB of hex */
        if (events_len) events[events_len++] = ';';
        events_len += (size_t)vsnprintf(events + events_len, 4096, fmt, ap);
    }
    va_end(ap);
}

/* The last PMP invalidations the ownership table asked for (kernel/memory.c's hook). */
static uint32_t changed_log[64][2];

void ptlb_changed(uint32_t ppn, unsigned env_index) {
    changed_log[changed_calls % 64][0] = ppn;
    changed_log[changed_calls % 64][1] = env_index;
    changed_calls++;
}

void ns16550_write(const void *data, size_t n) {
    if (uart_len + n <= sizeof uart) {
        memcpy(uart + uart_len, data, n);
        uart_len += n;
    }
}

void klog(int level, const char *fmt, ...) {
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    event("log:%d:%s", level, line);
}

uint64_t clint_now(void) {
    return clock_now;
}

void ktimer_set(enum ktimer t, uint64_t when) {
    if (t == KTIMER_REVOKE) revoke_deadline = when;
}

int sched_yield(struct env *from, struct env *to) {
    if (to != NULL && to->state != EXO_ENV_RUNNABLE) return ERR_STATE;
    yields++;
    yield_from = from->id;
    yield_to = to ? to->id : 0;
    return ERR_OK;
}

void sched_timers_changed(void) {
    timers_changed++;
}

int session_active(void) {
    return session_open;
}

static void hex_event(const char *head, const uint8_t *p, size_t n) {
    char buf[2 * 1100 + 1];
    if (n > 1100) n = 1100;
    for (size_t i = 0; i < n; i++)
        sprintf(buf + 2 * i, "%02x", p[i]);
    buf[2 * n] = 0;
    event("%s%s", head, buf);
}

void session_event(uint8_t type, const uint8_t *body, size_t n) {
    char head[16];
    snprintf(head, sizeof head, "ev:%02x:", type);
    hex_event(head, body, n);
}

static void console_send(void *ctx, uint32_t env, uint64_t offset, const uint8_t *data, size_t n) {
    char head[64];
    (void)ctx;
    snprintf(head, sizeof head, "console:%u:%llu:", (unsigned)env, (unsigned long long)offset);
    hex_event(head, data, n);
}

/* ---- Parsing and printing ---------------------------------------------------------------- */

static unsigned long num(void) {
    char *s = strtok(NULL, " \t\r\n");
    return s ? (unsigned long)strtoull(s, NULL, 0) : 0;
}

static int in_ram(uintptr_t a, size_t n) {
    uintptr_t lo = (uintptr_t)ram;
    return a >= lo && n <= ram_pages * EXO_PAGE_SIZE && a - lo <= ram_pages * EXO_PAGE_SIZE - n;
}

/* ---- Invariants: the table's own, and the exposed state agreeing with it ------------------ */

static int check_all(void) {
    int r = pages_check(&kpages);
    if (r) return r;
    if (kexposed.version % 2) return 101;
    if (kexposed.pages_free != pages_free_count(&kpages)) return 102;
    uint32_t owned = 0;
    for (unsigned i = 1; i < CONFIG_MAX_ENVS; i++) {
        const struct env *e = env_at(i);
        const struct exo_env_summary *s = &kexposed.envs[i];
        if (s->id != (e->state == EXO_ENV_FREE ? 0 : e->id) || s->state != e->state) return 103;
        if (s->pages != pages_owned_count(&kpages, i)) return 104;
        if (memcmp(s->name, e->name, EXO_ENV_NAME_MAX) != 0) return 105;
        if (e->state == EXO_ENV_DEAD &&
            (pages_owned_count(&kpages, i) || pages_held_count(&kpages, i) || slots_owned(i)))
            return 106; /* a DEAD env holds nothing */
        if (s->slots != slots_owned(i)) return 108;
        if (e->upcall_area && (e->state == EXO_ENV_DEAD ||
                               pages_owner(&kpages, (uint32_t)(e->upcall_area >> 12)) != i))
            return 109; /* the vital page stays the env's while it lives */
        owned += pages_owned_count(&kpages, i);
    }
    if (owned + pages_free_count(&kpages) != kpages.count) return 107; /* conserved */
    if (slots_check()) return 110;
    if (kexposed.slot_count != slots_count() || kexposed.slot_ticks != slots_ticks()) return 111;
    for (unsigned s = 0; s < EXO_SLOT_MAX; s++) {
        const struct env *o = env_at(slots_owner(s));
        if (kexposed.slots[s] != (o ? o->id : 0)) return 112;
        if (o && o->state == EXO_ENV_FREE) return 113;
    }
    return 0;
}

/* ---- Commands ---------------------------------------------------------------------------- */

static struct env *env_of(unsigned long id) {
    struct env *e = NULL;
    return env_lookup((uint32_t)id, &e) == ERR_OK ? e : NULL;
}

static void do_init(void) {
    unsigned long pages = num();
    if (pages == 0 || pages > MAX_PAGES) {
        puts("err input");
        return;
    }
    if (ram) munmap(ram, ram_pages * EXO_PAGE_SIZE);
    ram = mmap((void *)RAM_ADDR, pages * EXO_PAGE_SIZE, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (ram == MAP_FAILED) {
        ram = NULL;
        puts("err mmap");
        return;
    }
    ram_pages = pages;
    memset(ram, 0x5a, pages * EXO_PAGE_SIZE); /* stale data: allocation must zero it */
    uint32_t first = (uint32_t)((uintptr_t)ram >> EXO_PAGE_SHIFT);
    env_init();
    slots_init(8, 1000);
    exposed_init(first, (uint32_t)pages, 16, 1, 10000000);
    int r = memory_init(first, (uint32_t)pages, entries);
    clock_now = 0;
    revoke_deadline = KTIMER_OFF;
    revoke_expire(UINT64_MAX); /* forgets the last run's requests: their envs are gone */
    session_open = 0;
    console_session(NULL, NULL);
    if (r)
        printf("err %d\n", r);
    else
        printf("ok %u %lu\n", first, (unsigned long)(uintptr_t)ram);
}

static void do_sys(void) {
    struct env *e = env_of(num());
    unsigned long number = num();
    if (e == NULL) {
        puts("err env");
        return;
    }
    for (int i = 0; i < 6; i++)
        e->tf.x[10 + i] = num();
    e->tf.x[17] = number;
    syscall_dispatch(e);
    printf("ok %ld %lu %lu", (long)e->tf.x[10], e->tf.x[11], e->tf.x[12]);
    int broken = check_all();
    if (broken) printf(" !%d", broken);
    putchar('\n');
}

typedef int request_fn(const struct frame *req, struct reply *r);

static request_fn *handler(unsigned type) {
    switch (type) {
    case 0x10:
        return envreq_load_begin;
    case 0x11:
        return envreq_load_chunk;
    case 0x12:
        return envreq_load_commit;
    case 0x13:
        return envreq_load_abort;
    case 0x14:
        return envreq_list;
    case 0x15:
        return envreq_kill;
    case 0x16:
        return envreq_pages;
    case 0x17:
        return envreq_console_attach;
    case 0x18:
        return envreq_console_input;
    case 0x19:
        return envreq_revoke;
    case 0x1a:
        return envreq_slots;
    default:
        return NULL;
    }
}

static void do_req(void) {
    static uint8_t in[FRAME_MAX_BODY], out[FRAME_MAX_BODY];
    unsigned type = (unsigned)num();
    long n = unhex(strtok(NULL, " \t\r\n"), in, sizeof in);
    request_fn *fn = handler(type);
    if (n < 0 || fn == NULL) {
        puts("err input");
        return;
    }
    /* The body alone in its own allocation, so ASan sees any read past its end. */
    uint8_t *body = malloc(n ? (size_t)n : 1);
    memcpy(body, in, (size_t)n);
    struct frame f = {(uint8_t)type, 0, 1, (uint16_t)n, body};
    struct reply r = {out, 0, FRAME_MAX_BODY, NULL};
    int rc = fn(&f, &r);
    free(body);
    if (rc == EXO_OK) {
        fputs("ok ", stdout);
        puthex(out, r.len);
    } else {
        printf("err %d %s", rc, r.message ? r.message : "");
    }
    int broken = check_all();
    if (broken) printf(" !%d", broken);
    putchar('\n');
}

/* ---- The seeded syscall fuzzer ----------------------------------------------------------- */

static uint64_t rng;

static uint64_t rnd(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static struct env *fuzz_env(void) {
    struct env *e;
    char name[8];
    snprintf(name, sizeof name, "fz%u", (unsigned)(rnd() % 1000));
    if (env_create(name, strlen(name), &e) != ERR_OK) {
        /* The table is full of children: they go, their parents stay. */
        for (unsigned i = 1; i < CONFIG_MAX_ENVS; i++)
            if (env_at(i)->parent != 0) env_destroy(env_at(i), -1);
        if (env_create(name, strlen(name), &e) != ERR_OK) return NULL;
    }
    env_start(e, 0, 0);
    slots_alloc(env_index(e), SLOTS_ANY, NULL); /* one slot when one is free */
    exposed_begin();
    exposed_slots();
    exposed_end();
    return e;
}

/* An owned or shared page of some env, a page near the managed range, or a hostile value. */
static unsigned long fuzz_ppn(void) {
    uint32_t first = kpages.first_ppn;
    switch (rnd() % 8) {
    case 0:
        return (unsigned long)EXO_ANY;
    case 1:
        return first + kpages.count + rnd() % 4; /* just past the end */
    case 2:
        return first - 1 - rnd() % 4; /* just below: the kernel */
    case 3:
        if (sizeof(unsigned long) > 4) /* aliases a managed page once narrowed */
            return (unsigned long)((1ull << 32) | (first + rnd() % kpages.count));
        return 0xffffffffu;
    case 4:
        return (unsigned long)rnd();
    default:
        return first + rnd() % kpages.count;
    }
}

static unsigned long fuzz_env_id(struct env **live, unsigned n) {
    switch (rnd() % 6) {
    case 0:
        return EXO_ENV_SELF;
    case 1:
        return (unsigned long)rnd();
    case 2: /* a stale generation of a live env */
        return live[rnd() % n]->id + (1u << EXO_ENV_INDEX_BITS);
    default:
        return live[rnd() % n]->id;
    }
}

static unsigned long fuzz_addr(void) {
    uintptr_t ram_lo = (uintptr_t)ram, ram_bytes = ram_pages * EXO_PAGE_SIZE;
    switch (rnd() % 7) {
    case 0:
        return 0;
    case 1:
        return (unsigned long)(uintptr_t)&kpages; /* the kernel's own memory */
    case 2:
        return (unsigned long)-(long)(rnd() % 64 + 1); /* wraps */
    case 3:
        return (unsigned long)rnd();
    default:
        return ram_lo + rnd() % ram_bytes;
    }
}

static unsigned long fuzz_len(void) {
    switch (rnd() % 5) {
    case 0:
        return 0;
    case 1:
        return (unsigned long)rnd();
    case 2:
        return UACCESS_MAX + 1;
    default:
        return rnd() % 6000;
    }
}

/* Is number an assigned call? Unassigned ones must answer EXO_ENOSYS, assigned ones never. */
static int assigned(unsigned long number) {
    switch (number) {
    case EXO_SYS_NULL ... EXO_SYS_ENV_SELF:
    case EXO_SYS_PAGE_ALLOC ... EXO_SYS_PAGE_INFO:
    case EXO_SYS_SLOT_ALLOC ... EXO_SYS_YIELD:
    case EXO_SYS_UPCALL_REGISTER ... EXO_SYS_UPCALL_RESUME:
    case EXO_SYS_TIMER_SET:
    case EXO_SYS_ENV_CREATE ... EXO_SYS_ENV_DESTROY:
    case EXO_SYS_REVOKE ... EXO_SYS_REPOSSESSED:
        return 1;
    default:
        return 0;
    }
}

enum { LIVE = 8, KIDS = 16 };
static uint32_t kids[KIDS]; /* ids children were created with (some since destroyed) */

/* One of e's children (most likely), someone else's, or any env id. */
static unsigned long fuzz_child(struct env *e, struct env **live) {
    if (rnd() % 4) {
        unsigned start = (unsigned)(rnd() % CONFIG_MAX_ENVS);
        for (unsigned k = 0; k < CONFIG_MAX_ENVS; k++) {
            const struct env *c = env_at((start + k) % CONFIG_MAX_ENVS);
            if (c && c->parent == e->id && c->state != EXO_ENV_FREE) return c->id;
        }
    }
    return rnd() % 2 ? kids[rnd() % KIDS] : fuzz_env_id(live, LIVE);
}

/* An address in a page env holds (most likely), else anything. */
static unsigned long fuzz_own_addr(struct env *e, unsigned align) {
    uint32_t ppn = pages_recent(&kpages, env_index(e), (unsigned)(rnd() % 3));
    if (ppn == PAGES_NIL || rnd() % 5 == 0) return fuzz_addr();
    uintptr_t a = ((uintptr_t)ppn << EXO_PAGE_SHIFT) + (rnd() % 3 == 0 ? rnd() % 4096 : 0);
    return a & ~(uintptr_t)(align - 1);
}

static unsigned long fuzz_slot(void) {
    switch (rnd() % 5) {
    case 0:
        return (unsigned long)EXO_ANY;
    case 1:
        return (unsigned long)rnd();
    default:
        return rnd() % (slots_count() + 2);
    }
}

/* Fill a call's arguments the way a confused or hostile env would, often close to valid. */
static void fuzz_args(struct env *e, struct env **live, unsigned long number, unsigned long *a) {
    switch (number) {
    case EXO_SYS_CONSOLE_WRITE:
    case EXO_SYS_CONSOLE_READ:
        a[0] = fuzz_addr();
        a[1] = fuzz_len();
        break;
    case EXO_SYS_PAGE_ALLOC:
        a[0] = fuzz_ppn();
        a[1] = rnd() % 10 ? rnd() % 9 : (unsigned long)rnd();
        break;
    case EXO_SYS_PAGE_SHARE:
    case EXO_SYS_PAGE_UNSHARE:
        a[0] = fuzz_ppn();
        a[1] = fuzz_env_id(live, LIVE);
        a[2] = rnd() % 10 ? rnd() % 9 : (unsigned long)rnd();
        break;
    case EXO_SYS_PAGE_FREE:
    case EXO_SYS_PAGE_INFO:
        a[0] = rnd() % 2 ? fuzz_own_addr(e, 1) >> EXO_PAGE_SHIFT : fuzz_ppn();
        break;
    case EXO_SYS_SLOT_ALLOC:
    case EXO_SYS_SLOT_FREE:
        a[0] = fuzz_slot();
        break;
    case EXO_SYS_YIELD:
        a[0] = rnd() % 4 ? fuzz_env_id(live, LIVE) : (unsigned long)EXO_ANY;
        break;
    case EXO_SYS_UPCALL_REGISTER:
        a[0] = rnd() % 8 ? fuzz_own_addr(e, 1) : 0;
        a[1] = rnd() % 8 ? fuzz_own_addr(e, 8) : 0;
        break;
    case EXO_SYS_TIMER_SET:
        a[0] = rnd() % 3 ? clock_now + rnd() % 100 : 0;
        break;
    case EXO_SYS_ENV_CREATE:
        a[0] = fuzz_own_addr(e, 1);
        a[1] = rnd() % 20;
        if (rnd() % 2 && in_ram(a[0], 8))
            memcpy((void *)a[0], "kidkidki", 8); /* the env wrote it */
        break;
    case EXO_SYS_ENV_GIVE_PAGE:
        a[0] = fuzz_child(e, live);
        a[1] = rnd() % 4 ? fuzz_own_addr(e, 1) >> EXO_PAGE_SHIFT : fuzz_ppn();
        break;
    case EXO_SYS_ENV_GIVE_SLOT:
        a[0] = fuzz_child(e, live);
        a[1] = fuzz_slot();
        break;
    case EXO_SYS_ENV_START:
    case EXO_SYS_ENV_DESTROY: {
        struct env *c;
        a[0] = fuzz_child(e, live);
        a[1] = fuzz_addr();
        if (env_lookup((uint32_t)a[0], &c) == ERR_OK && rnd() % 2) a[1] = fuzz_own_addr(c, 1);
        /* Destroying is rarer than starting, so children live long enough to be revoked. */
        if (number == EXO_SYS_ENV_DESTROY && rnd() % 4) a[0] = 0;
        break;
    }
    case EXO_SYS_REVOKE:
        a[0] = fuzz_child(e, live);
        a[1] = rnd() % 4;
        a[2] = rnd() % 4;
        a[3] = clock_now + rnd() % 50;
        break;
    case EXO_SYS_REPOSSESSED:
        a[0] = fuzz_own_addr(e, 1);
        a[1] = rnd() % 4 ? rnd() % 300 : (unsigned long)rnd();
        break;
    default:
        break;
    }
}

/* The host's side of the mix: revoke, let deadlines pass, deliver upcalls, kill. */
static void fuzz_host(struct env **live) {
    struct env *e = live[rnd() % LIVE];
    switch (rnd() % 4) {
    case 0:
        revoke_request(e, 1 + (unsigned)(rnd() % 2), (uint32_t)(rnd() % 4), clock_now + rnd() % 50,
                       0);
        break;
    case 1:
        clock_now += rnd() % 20;
        revoke_expire(clock_now);
        break;
    case 2:
        upcall_deliver(e);
        break;
    default:
        if (rnd() % 8 == 0) {
            struct env *k;
            if (env_lookup(kids[rnd() % KIDS], &k) == ERR_OK) env_destroy(k, -1);
        }
        break;
    }
}

static void do_fuzz(void) {
    static const unsigned long calls[] = {EXO_SYS_NULL,
                                          EXO_SYS_CONSOLE_WRITE,
                                          EXO_SYS_CONSOLE_READ,
                                          EXO_SYS_ENV_SELF,
                                          EXO_SYS_PAGE_ALLOC,
                                          EXO_SYS_PAGE_FREE,
                                          EXO_SYS_PAGE_SHARE,
                                          EXO_SYS_PAGE_UNSHARE,
                                          EXO_SYS_PAGE_INFO,
                                          EXO_SYS_SLOT_ALLOC,
                                          EXO_SYS_SLOT_FREE,
                                          EXO_SYS_YIELD,
                                          EXO_SYS_UPCALL_REGISTER,
                                          EXO_SYS_UPCALL_RESUME,
                                          EXO_SYS_TIMER_SET,
                                          EXO_SYS_ENV_CREATE,
                                          EXO_SYS_ENV_GIVE_PAGE,
                                          EXO_SYS_ENV_GIVE_SLOT,
                                          EXO_SYS_ENV_START,
                                          EXO_SYS_ENV_DESTROY,
                                          EXO_SYS_REVOKE,
                                          EXO_SYS_REPOSSESSED};
    static const unsigned long family[] = {
        EXO_SYS_ENV_CREATE, EXO_SYS_ENV_GIVE_PAGE, EXO_SYS_ENV_GIVE_PAGE, EXO_SYS_ENV_GIVE_SLOT,
        EXO_SYS_ENV_START,  EXO_SYS_ENV_START,     EXO_SYS_REVOKE,        EXO_SYS_PAGE_ALLOC};
    rng = num() * 2654435761u + 88172645463325252ull;
    unsigned long n = num(), violations = 0, successes = 0;
    struct env *live[LIVE];
    uint32_t free_before = pages_free_count(&kpages);
    for (unsigned i = 0; i < LIVE; i++)
        live[i] = fuzz_env();
    for (unsigned i = 0; i < KIDS; i++)
        kids[i] = (uint32_t)rnd();
    for (unsigned long step = 0; step < n; step++) {
        unsigned who = (unsigned)(rnd() % LIVE);
        struct env *e = live[who];
        if (rnd() % 5 == 0) { /* a running child makes the call (it may be revoked from) */
            struct env *c = env_at(1 + (unsigned)(rnd() % (CONFIG_MAX_ENVS - 1)));
            if (c->parent != 0 && c->state == EXO_ENV_RUNNABLE) e = c;
        }
        unsigned long number, *a = &e->tf.x[10];
        unsigned k = (unsigned)(rnd() % 100);
        if (k < 10) {
            fuzz_host(live);
            number = EXO_SYS_NULL;
        } else if (k < 30) { /* a family at work: children made, provisioned, started, revoked */
            number = family[rnd() % (sizeof family / sizeof family[0])];
        } else if (k < 90) {
            number = calls[rnd() % (sizeof calls / sizeof calls[0])];
        } else if (k < 99) {
            number = rnd() % 2 ? rnd() % 200 : (unsigned long)rnd();
        } else {
            number = EXO_SYS_EXIT;
        }
        if (e->state == EXO_ENV_RUNNABLE) {
            for (int i = 0; i < 6; i++)
                a[i] = (unsigned long)rnd();
            fuzz_args(e, live, number, a);
            unsigned long arg0 = a[0];
            a[7] = number;
            syscall_dispatch(e);
            long result = (long)a[0];
            if (number != EXO_SYS_UPCALL_RESUME && (result > 0 || result < EXO_ERRNO_MIN))
                violations++;
            if (result == 0 && number >= EXO_SYS_PAGE_ALLOC) successes++;
            if (assigned(number) == (result == EXO_ENOSYS) && number != EXO_SYS_UPCALL_RESUME)
                violations++;
            /* A page number that does not fit 32 bits never succeeds (it would alias). */
            if (number >= EXO_SYS_PAGE_ALLOC && number <= EXO_SYS_PAGE_INFO && result == 0 &&
                arg0 > 0xffffffffu && arg0 != (unsigned long)EXO_ANY)
                violations++;
            if (number == EXO_SYS_PAGE_ALLOC && result == 0 &&
                pages_owner(&kpages, (uint32_t)a[1]) != env_index(e))
                violations++;
            if (number == EXO_SYS_ENV_CREATE && result == 0) kids[rnd() % KIDS] = (uint32_t)a[1];
        }
        if (check_all()) {
            violations++;
            break;
        }
        for (unsigned i = 0; i < LIVE; i++) /* killed or stopped by the mix: replace it */
            if (live[i]->state != EXO_ENV_RUNNABLE) {
                if (live[i]->state != EXO_ENV_DEAD) env_destroy(live[i], 0);
                live[i] = fuzz_env();
            }
    }
    for (unsigned i = 0; i < LIVE; i++)
        env_destroy(live[i], 0);
    for (unsigned i = 1; i < CONFIG_MAX_ENVS; i++) /* orphans of hosts' kills, if any */
        env_destroy(env_at(i), 0);
    unsigned slots_free_after = 0;
    for (unsigned s2 = 0; s2 < slots_count(); s2++)
        slots_free_after += slots_owner(s2) == 0;
    printf("ok %lu %lu %u %u %d %lu %u\n", n, violations, free_before, pages_free_count(&kpages),
           check_all(), successes, slots_free_after);
}

/* Create, bind, dirty and destroy; every page bound must read as zero. */
static void do_cycles(void) {
    unsigned long n = num(), nonzero = 0;
    uint32_t free_before = pages_free_count(&kpages);
    for (unsigned long c = 0; c < n; c++) {
        struct env *e = fuzz_env();
        if (e == NULL) break;
        for (unsigned p = 0; p < 1 + c % 5; p++) {
            e->tf.x[10] = (unsigned long)EXO_ANY;
            e->tf.x[11] = EXO_PERM_R | EXO_PERM_W;
            e->tf.x[17] = EXO_SYS_PAGE_ALLOC;
            syscall_dispatch(e);
            if (e->tf.x[10] != 0) break;
            uint8_t *page = (uint8_t *)((uintptr_t)e->tf.x[11] << EXO_PAGE_SHIFT);
            for (unsigned i = 0; i < EXO_PAGE_SIZE; i++)
                nonzero += page[i] != 0;
            memset(page, 0xa5, EXO_PAGE_SIZE);
        }
        env_destroy(e, 0);
    }
    printf("ok %ld %lu %d\n", (long)free_before - (long)pages_free_count(&kpages), nonzero,
           check_all());
}

static void command(char *line) {
    char *cmd = strtok(line, " \t\r\n");
    if (cmd == NULL) return;
    if (strcmp(cmd, "init") == 0) {
        do_init();
    } else if (strcmp(cmd, "create") == 0) {
        char *name = strtok(NULL, " \t\r\n");
        struct env *e;
        if (name && strcmp(name, "-") == 0) name = "";
        int r = env_create(name, name ? strlen(name) : 0, &e);
        if (r == ERR_OK)
            printf("ok %u\n", e->id);
        else
            printf("err %ld\n", err_to_abi(r));
    } else if (strcmp(cmd, "start") == 0) {
        struct env *e = env_of(num());
        unsigned long pc = num(), args = num();
        if (e) env_start(e, pc, args);
        puts(e ? "ok" : "err env");
    } else if (strcmp(cmd, "destroy") == 0) {
        struct env *e = env_of(num());
        long code = (long)num();
        long r = e ? env_destroy(e, (int32_t)code) : ERR_NOENT;
        if (r >= 0)
            printf("ok %ld\n", r);
        else
            printf("err %ld\n", err_to_abi((int)r));
    } else if (strcmp(cmd, "fault") == 0) {
        struct env *e = env_of(num());
        unsigned long cause = num(), pc = num(), addr = num();
        if (e) env_fault(e, (uint32_t)cause, pc, addr);
        puts(e ? "ok" : "err env");
    } else if (strcmp(cmd, "lookup") == 0) {
        struct env *e;
        int r = env_lookup((uint32_t)num(), &e);
        if (r == ERR_OK)
            printf("ok %u\n", e->state);
        else
            printf("err %ld\n", err_to_abi(r));
    } else if (strcmp(cmd, "sys") == 0) {
        do_sys();
    } else if (strcmp(cmd, "regs") == 0) {
        struct env *e = env_of(num());
        if (e)
            printf("ok %lu %lu %lu %lu %lu\n", e->tf.mepc, e->tf.x[10], e->tf.x[11], e->tf.x[12],
                   e->tf.mstatus);
        else
            puts("err env");
    } else if (strcmp(cmd, "poke") == 0) {
        static uint8_t buf[MAX_LINE];
        uintptr_t a = num();
        long n = unhex(strtok(NULL, " \t\r\n"), buf, sizeof buf);
        if (n < 0 || !in_ram(a, (size_t)n)) {
            puts("err input");
            return;
        }
        memcpy((void *)a, buf, (size_t)n);
        puts("ok");
    } else if (strcmp(cmd, "peek") == 0) {
        uintptr_t a = num();
        size_t n = num();
        if (!in_ram(a, n)) {
            puts("err input");
            return;
        }
        fputs("ok ", stdout);
        puthex((const uint8_t *)a, n);
        putchar('\n');
    } else if (strcmp(cmd, "req") == 0) {
        do_req();
    } else if (strcmp(cmd, "check") == 0) {
        printf("ok %d %u\n", check_all(), pages_free_count(&kpages));
    } else if (strcmp(cmd, "events") == 0) {
        events[events_len] = 0;
        printf("ok %s\n", events_len ? events : "-");
        events_len = 0;
    } else if (strcmp(cmd, "session") == 0) {
        session_open = num() != 0;
        console_session(session_open ? console_send : NULL, NULL);
        if (!session_open) envreq_session_end();
        puts("ok");
    } else if (strcmp(cmd, "pump") == 0) {
        console_pump();
        puts("ok");
    } else if (strcmp(cmd, "keys") == 0) {
        static uint8_t buf[MAX_LINE];
        long n = unhex(strtok(NULL, " \t\r\n"), buf, sizeof buf);
        if (n > 0) console_keys(buf, (size_t)n);
        puts("ok");
    } else if (strcmp(cmd, "uart") == 0) {
        fputs("ok ", stdout);
        puthex(uart, uart_len);
        putchar('\n');
        uart_len = 0;
    } else if (strcmp(cmd, "summary") == 0) {
        unsigned long i = num();
        if (i >= EXO_ENV_MAX) {
            puts("err input");
            return;
        }
        const struct exo_env_summary *s = &kexposed.envs[i];
        printf("ok %u %u %u %s\n", s->id, s->state, s->pages, s->name[0] ? s->name : "-");
    } else if (strcmp(cmd, "exposed") == 0) {
        printf("ok %u %u %u %u %u\n", kexposed.version, kexposed.pages_free, kexposed.page_first,
               kexposed.page_count, kexposed.magic);
    } else if (strcmp(cmd, "kaddr") == 0) {
        printf("ok %lu\n", (unsigned long)(uintptr_t)&kpages);
    } else if (strcmp(cmd, "fuzz") == 0) {
        do_fuzz();
    } else if (strcmp(cmd, "cycles") == 0) {
        do_cycles();
    } else if (strcmp(cmd, "slots") == 0) {
        unsigned count = (unsigned)num();
        uint32_t ticks = (uint32_t)num();
        int r = slots_init(count, ticks);
        exposed_begin();
        exposed_slots();
        exposed_end();
        if (r)
            printf("err %ld\n", err_to_abi(r));
        else
            puts("ok");
    } else if (strcmp(cmd, "changed") == 0) {
        unsigned long from = changed_calls > 64 ? changed_calls - 64 : 0;
        fputs("ok", stdout);
        for (unsigned long i = from; i < changed_calls; i++)
            printf(" %u:%u", changed_log[i % 64][0], changed_log[i % 64][1]);
        putchar('\n');
        changed_calls = 0;
    } else if (strcmp(cmd, "now") == 0) {
        clock_now = num();
        puts("ok");
    } else if (strcmp(cmd, "timers") == 0) {
        printf("ok %llu %lu %lu %u %u\n", (unsigned long long)revoke_deadline, timers_changed,
               yields, yield_from, yield_to);
    } else if (strcmp(cmd, "expire") == 0) {
        clock_now = num();
        revoke_expire(clock_now);
        puts("ok");
    } else if (strcmp(cmd, "deliver") == 0) {
        struct env *e = env_of(num());
        if (e) upcall_deliver(e);
        puts(e ? "ok" : "err env");
    } else if (strcmp(cmd, "ufault") == 0) {
        struct env *e = env_of(num());
        unsigned long cause = num(), pc = num(), addr = num();
        if (e)
            printf("ok %d\n", upcall_fault(e, (uint32_t)cause, pc, addr));
        else
            puts("err env");
    } else if (strcmp(cmd, "setregs") == 0) {
        struct env *e = env_of(num());
        unsigned long seed = num();
        if (e) {
            e->tf.mepc = seed * 1000;
            for (unsigned i = 1; i < 32; i++)
                e->tf.x[i] = seed * 1000 + i;
        }
        puts(e ? "ok" : "err env");
    } else if (strcmp(cmd, "allregs") == 0) {
        struct env *e = env_of(num());
        if (e == NULL) {
            puts("err env");
            return;
        }
        printf("ok %lu", e->tf.mepc);
        for (unsigned i = 1; i < 32; i++)
            printf(" %lu", e->tf.x[i]);
        putchar('\n');
    } else if (strcmp(cmd, "parent") == 0) {
        struct env *e = env_of(num());
        if (e)
            printf("ok %u\n", e->parent);
        else
            puts("err env");
    } else {
        puts("err command");
    }
}

int main(void) {
    static char line[4 * MAX_LINE];
    while (fgets(line, sizeof line, stdin)) {
        command(line);
        fflush(stdout);
    }
    return 0;
}
