/* spin: burns CPU time in ways the slot tests measure (docs/abi.md, "Slots").
 *
 * The first argument says how:
 *   w T0 T1   waits until `time` reaches T0, then counts loop iterations (a fixed number of
 *             instructions each) until it reaches T1: `iters N late L` (L = 1 if it started
 *             after T0, so the window was cut short), then exits 0
 *   i         the same, T0 and T1 read from console input (`T0 T1\n`): so the host can load
 *             several envs first and open the window for all of them at once
 *   f         spins forever without a syscall
 *   y ENV K   yields to ENV K times, then to EXO_ANY K times: `yields ERRORS` for each group
 *             (0 when every call returned EXO_OK), then exits 0
 *   b         (run with no slot) registers upcalls and, every time it runs, prints `b N ANY
 *             OWN` (runs so far, slice starts on a donation and on a slot of its own) and yields
 *             the rest of its time back (EXO_ANY)
 * Exit 1: malformed arguments.
 */
#include <exo/cpu.h>
#include <exo/upcall.h>

#include "hostile.h"

#define CHUNK 64 /* iterations between two reads of `time` */

static volatile unsigned starts_any, starts_own;

static void handler(struct exo_upcall_area *a) {
    struct exo_event ev;
    while (exo_upcall_next(a, &ev))
        if (ev.kind == EXO_EV_SLICE_START) {
            if (ev.a == (uint32_t)EXO_ANY)
                starts_any++;
            else
                starts_own++;
        }
}

static unsigned long number(const char *arg) {
    unsigned long v;
    if (!num_parse(arg, &v)) exo_exit(1);
    return v;
}

/* CHUNK iterations of a loop the compiler cannot shorten. */
static void chunk(void) {
    for (unsigned i = 0; i < CHUNK; i++)
        __asm__ volatile("" ::: "memory");
}

static void window(uint64_t t0, uint64_t t1) {
    int late = exo_time() > t0;
    while (exo_time() < t0) {
    }
    unsigned long chunks = 0;
    while (exo_time() < t1) {
        chunk();
        chunks++;
    }
    struct line l = {.len = 0};
    line_str(&l, "iters ");
    line_dec(&l, (long)(chunks * CHUNK));
    line_str(&l, late ? " late 1" : " late 0");
    line_end(&l);
}

static void yields(long env, unsigned long k) {
    long errors = 0;
    for (unsigned long i = 0; i < k; i++)
        if (exo_yield(env) != EXO_OK) errors++;
    struct line l = {.len = 0};
    line_str(&l, "yields ");
    line_dec(&l, errors);
    line_end(&l);
}

static void donated(void) {
    long ppn = exo_page_alloc(EXO_ANY, EXO_PERM_R | EXO_PERM_W);
    if (ppn < 0 || exo_upcall_init((struct exo_upcall_area *)((uintptr_t)ppn << EXO_PAGE_SHIFT),
                                   handler) != EXO_OK)
        exo_exit(2);
    for (long runs = 1;; runs++) {
        struct line l = {.len = 0};
        line_str(&l, "b ");
        line_dec(&l, runs);
        line_str(&l, " ");
        line_dec(&l, starts_any);
        line_str(&l, " ");
        line_dec(&l, starts_own);
        line_end(&l);
        exo_yield(EXO_ANY);
    }
}

/* `T0 T1\n` from the console, numbers as num_parse reads them. */
static void window_from_console(void) {
    char buf[64];
    unsigned n = 0, second = 0;
    for (char c; (c = console_wait_byte()) != '\n';) {
        if (n == sizeof buf - 1) exo_exit(1);
        if (c == ' ') {
            c = '\0';
            second = n + 1;
        }
        buf[n++] = c;
    }
    buf[n] = '\0';
    unsigned long t0, t1;
    if (second == 0 || !num_parse(buf, &t0) || !num_parse(buf + second, &t1)) exo_exit(1);
    window(t0, t1);
}

int main(void) {
    const char *how = arg_next(NULL);
    if (how == NULL) exo_exit(1);
    if (how[0] == 'f') {
        for (;;)
            chunk();
    }
    if (how[0] == 'b') donated();
    if (how[0] == 'i') {
        window_from_console();
        return 0;
    }
    const char *a1 = arg_next(how);
    const char *a2 = a1 != NULL ? arg_next(a1) : NULL;
    if (a2 == NULL) exo_exit(1);
    if (how[0] == 'w') {
        window(number(a1), number(a2));
    } else if (how[0] == 'y') {
        yields((long)number(a1), number(a2));
        yields(EXO_ANY, number(a2));
    } else {
        exo_exit(1);
    }
    return 0;
}
