/* family: a parent env that makes a child, provisions it, starts it and destroys it
 * (docs/abi.md, "Child envs"), printing what the exposed state says at each step.
 *
 * Arguments: K [r]. It creates a child named `kid`, binds K pages RWX (the first holding a
 * `j .`, the child's whole program), gives the child the K pages and a slot it binds, starts it
 * there and prints `child ID SLOT PPN...` and `exposed ok` if the exposed state shows the child
 * RUNNABLE with K pages and one slot. With `r` it then revokes 2 pages with a deadline 1 ms
 * ahead (the child has no upcalls, so the abort protocol takes them) and prints `revoked ok`
 * once the child holds K - 2. It waits for a byte of console input, destroys the child, prints
 * `destroyed N` (pages freed) and `after ok` if the slot and every given page are free and the
 * child is gone, and exits 0. Exit 1: bad arguments; 10 + step: a call failed.
 */
#include <exo/cpu.h>
#include <exo/upcall.h>

#include "hostile.h"

#define INSN_SPIN      0x0000006fu /* jal x0, 0: the child's loop */
#define KIDS_PAGES_MAX 16
#define TICKS_1MS(hz)  ((hz) / 1000)

static const volatile struct exo_env_summary *summary(unsigned long id) {
    return &libexo_exposed()->envs[id & EXO_ENV_INDEX_MASK];
}

static void fail(int step) {
    exo_exit(10 + step);
}

int main(void) {
    const char *arg = arg_next(NULL);
    unsigned long k;
    if (!num_parse(arg, &k) || k < 3 || k > KIDS_PAGES_MAX) exo_exit(1);
    const char *more = arg_next(arg);
    int revoke = more != NULL && more[0] == 'r';

    long child = exo_env_create("kid", 3);
    if (child < 0) fail(0);
    long ppns[KIDS_PAGES_MAX];
    for (unsigned long i = 0; i < k; i++) {
        ppns[i] = exo_page_alloc(EXO_ANY, EXO_PERM_RWX);
        if (ppns[i] < 0) fail(1);
    }
    uintptr_t entry = (uintptr_t)ppns[0] << EXO_PAGE_SHIFT;
    *(volatile uint32_t *)entry = INSN_SPIN;
    __asm__ volatile("fence.i" ::: "memory");
    long slot = exo_slot_alloc(EXO_ANY);
    if (slot < 0) fail(2);
    if (exo_env_give_slot((unsigned long)child, (unsigned long)slot) != EXO_OK) fail(3);
    for (unsigned long i = 0; i < k; i++)
        if (exo_env_give_page((unsigned long)child, (unsigned long)ppns[i]) != EXO_OK) fail(4);
    if (exo_env_start((unsigned long)child, entry, 0x1234) != EXO_OK) fail(5);

    struct line l = {.len = 0};
    line_str(&l, "child ");
    line_hex(&l, (unsigned long)child);
    line_str(&l, " ");
    line_hex(&l, (unsigned long)slot);
    for (unsigned long i = 0; i < k; i++) {
        line_str(&l, " ");
        line_hex(&l, (unsigned long)ppns[i]);
    }
    line_end(&l);
    const volatile struct exo_env_summary *s = summary((unsigned long)child);
    int ok = s->id == (uint32_t)child && s->state == EXO_ENV_RUNNABLE && s->pages == k &&
             s->slots == 1 && libexo_exposed()->slots[slot] == (uint32_t)child;
    line_str(&l, ok ? "exposed ok" : "exposed bad");
    line_end(&l);

    if (revoke) {
        uint64_t deadline = exo_time() + TICKS_1MS(libexo_exposed()->timebase_hz);
        if (exo_revoke((unsigned long)child, EXO_REVOKE_PAGES, 2, deadline) != EXO_OK) fail(6);
        while (s->pages != k - 2) {
        }
        line_str(&l, "revoked ok");
        line_end(&l);
    }

    console_wait_byte();
    long freed = exo_env_destroy((unsigned long)child);
    if (freed < 0) fail(7);
    line_str(&l, "destroyed ");
    line_dec(&l, freed);
    line_end(&l);
    ok = s->id != (uint32_t)child || s->state == EXO_ENV_DEAD;
    ok = ok && libexo_exposed()->slots[slot] == 0;
    for (unsigned long i = 0; i < k; i++) {
        unsigned long owner = 1;
        if (exo_page_info((unsigned long)ppns[i], &owner, NULL) != EXO_OK || owner != 0) ok = 0;
    }
    line_str(&l, ok ? "after ok" : "after bad");
    line_end(&l);
    return 0;
}
