/* revokee: holds pages and slots and answers revocation requests (docs/abi.md, "Revocation").
 *
 * Arguments: MODE N [REPS]. It binds its upcall area's page, then N pages RWX (each starting
 * with a `ret`), prints `ready PPN...` (in binding order) and spins until a request has ended:
 *   MODE c (cooperative): on EXO_EV_REVOKE it frees what is asked, the newest pages or its
 *          highest slots, and prints `gave KIND ID...`
 *   MODE u (uncooperative): it ignores the request; on EXO_EV_REPOSSESSED it reads the
 *          repossession vector and prints `taken KIND COUNT ID...` (COUNT from the event). For
 *          pages it then loads, stores and fetches each taken page REPS times (default 1000),
 *          the handler counting faults and stepping past, and prints `faults LOAD STORE FETCH
 *          of REPS`; then `kept ok` if every page it still holds reads and writes.
 * Then it prints `request KIND COUNT AHEAD` (what the request event said; AHEAD = its deadline
 * less `time` when it arrived, in ticks), waits for a byte of console
 * input (so the host can look at what it holds) and exits 0. Exit 1:
 * malformed arguments; 2: upcalls refused; 3: no page.
 */
#include <exo/cpu.h>
#include <exo/upcall.h>

#include "hostile.h"

#define PAGES_MAX   64
#define CAUSE_FETCH 1
#define CAUSE_LOAD  5
#define CAUSE_STORE 7
#define INSN_RET    0x00008067u /* jalr x0, 0(ra) */

static long pages[PAGES_MAX];
static unsigned npages;
static int cooperative;

/* Written by the handler, read by main. */
static volatile unsigned req_kind, req_count, gave_kind, gave[PAGES_MAX], ngave;
static volatile unsigned taken_kind, taken_count;
static volatile long req_ahead;
static volatile int done;
static volatile unsigned faults[8]; /* by cause (1, 5, 7) */

static unsigned long insn_len(unsigned long pc) {
    return (*(volatile uint16_t *)pc & 3) == 3 ? 4 : 2;
}

/* Give back `count` of `kind`: the newest pages, or the highest slots this env owns. */
static void give_back(unsigned kind, unsigned count) {
    gave_kind = kind;
    if (kind == EXO_REVOKE_PAGES) {
        while (count > 0 && npages > 0) {
            long ppn = pages[--npages];
            if (exo_page_free((unsigned long)ppn) == EXO_OK) gave[ngave++] = (unsigned)ppn;
            count--;
        }
        return;
    }
    const volatile struct exo_exposed *x = libexo_exposed();
    unsigned long self = exo_env_self();
    for (int s = (int)x->slot_count - 1; s >= 0 && count > 0; s--)
        if (x->slots[s] == self && exo_slot_free((unsigned long)s) == EXO_OK) {
            gave[ngave++] = (unsigned)s;
            count--;
        }
}

static void handler(struct exo_upcall_area *a) {
    struct exo_event ev;
    while (exo_upcall_next(a, &ev)) {
        if (ev.kind == EXO_EV_REVOKE) {
            req_kind = ev.a;
            req_count = (unsigned)ev.b;
            req_ahead = (long)(ev.c - exo_time());
            if (cooperative) {
                give_back(ev.a, (unsigned)ev.b);
                done = 1;
            }
        } else if (ev.kind == EXO_EV_REPOSSESSED) {
            taken_kind = ev.a;
            taken_count = (unsigned)ev.b;
            done = 1;
        } else if (ev.kind == EXO_EV_FAULT) {
            if (ev.a < 8) faults[ev.a]++;
            if (ev.a == CAUSE_FETCH)
                a->regs[0] = a->regs[1]; /* it was a call into the page: return from it */
            else
                a->regs[0] += insn_len(a->regs[0]);
        }
    }
}

static unsigned long number(const char *arg, unsigned long fallback) {
    unsigned long v;
    if (arg == NULL) return fallback;
    if (!num_parse(arg, &v)) exo_exit(1);
    return v;
}

static uintptr_t page_addr(long ppn) {
    return (uintptr_t)ppn << EXO_PAGE_SHIFT;
}

/* Load, store and fetch every taken page reps times; every access should fault. */
static void touch_taken(const struct exo_repossession *r, unsigned n, unsigned long reps) {
    for (unsigned i = 0; i < n; i++) {
        if (r[i].kind != EXO_REVOKE_PAGES) continue;
        uintptr_t p = page_addr(r[i].id);
        for (unsigned long k = 0; k < reps; k++) {
            (void)*(volatile uint32_t *)(p + 8);
            *(volatile uint32_t *)(p + 8) = 0x5a5a5a5a;
            ((void (*)(void))p)();
        }
    }
}

int main(void) {
    const char *mode = arg_next(NULL);
    const char *n_arg = arg_next(mode);
    if (mode == NULL || n_arg == NULL) exo_exit(1);
    cooperative = mode[0] == 'c';
    unsigned long n = number(n_arg, 0);
    unsigned long reps = number(arg_next(n_arg), 1000);
    if (n > PAGES_MAX) exo_exit(1);

    long area_ppn = exo_page_alloc(EXO_ANY, EXO_PERM_R | EXO_PERM_W);
    if (area_ppn < 0) exo_exit(3);
    if (exo_upcall_init((struct exo_upcall_area *)page_addr(area_ppn), handler) != EXO_OK)
        exo_exit(2);
    struct line l = {.len = 0};
    line_str(&l, "ready");
    for (unsigned long i = 0; i < n; i++) {
        long ppn = exo_page_alloc(EXO_ANY, EXO_PERM_RWX);
        if (ppn < 0) exo_exit(3);
        *(volatile uint32_t *)page_addr(ppn) = INSN_RET;
        pages[npages++] = ppn;
        line_str(&l, " ");
        line_hex(&l, (unsigned long)ppn);
    }
    __asm__ volatile("fence.i" ::: "memory");
    line_end(&l);

    while (!done) {
    }

    if (cooperative) {
        line_str(&l, "gave ");
        line_dec(&l, gave_kind);
        for (unsigned i = 0; i < ngave; i++) {
            line_str(&l, " ");
            line_hex(&l, gave[i]);
        }
        line_end(&l);
    } else {
        static struct exo_repossession r[EXO_REPO_MAX];
        long got = exo_repossessed(r, EXO_REPO_MAX);
        line_str(&l, "taken ");
        line_dec(&l, taken_kind);
        line_str(&l, " ");
        line_dec(&l, taken_count);
        for (long i = 0; i < got; i++) {
            line_str(&l, " ");
            line_hex(&l, r[i].id);
        }
        line_end(&l);
        if (taken_kind == EXO_REVOKE_PAGES && got > 0) {
            touch_taken(r, (unsigned)got, reps);
            line_str(&l, "faults ");
            line_dec(&l, faults[CAUSE_LOAD]);
            line_str(&l, " ");
            line_dec(&l, faults[CAUSE_STORE]);
            line_str(&l, " ");
            line_dec(&l, faults[CAUSE_FETCH]);
            line_str(&l, " of ");
            line_dec(&l, (long)reps);
            line_end(&l);
            /* The pages not taken still work (and cost no fault). */
            unsigned before = faults[CAUSE_LOAD] + faults[CAUSE_STORE] + faults[CAUSE_FETCH];
            int ok = 1;
            for (unsigned i = 0; i < npages; i++) {
                int was_taken = 0;
                for (long k = 0; k < got; k++)
                    if (r[k].id == (uint32_t)pages[i]) was_taken = 1;
                if (was_taken) continue;
                volatile uint32_t *w = (volatile uint32_t *)(page_addr(pages[i]) + 8);
                *w = 0x600d0000u + i;
                ((void (*)(void))page_addr(pages[i]))();
                if (*w != 0x600d0000u + i) ok = 0;
            }
            unsigned after = faults[CAUSE_LOAD] + faults[CAUSE_STORE] + faults[CAUSE_FETCH];
            line_str(&l, ok && after == before ? "kept ok" : "kept bad");
            line_end(&l);
        }
    }
    line_str(&l, "request ");
    line_dec(&l, req_kind);
    line_str(&l, " ");
    line_dec(&l, req_count);
    line_str(&l, " ");
    line_dec(&l, req_ahead);
    line_end(&l);
    console_wait_byte();
    return 0;
}
