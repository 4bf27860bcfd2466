/* kernel/ktimer.c: the kernel's deadlines (session timeout, slot end, env timers, revocation) on
 * hart 0's one CLINT compare register, which always holds the earliest of them. */
#include "kernel/ktimer.h"
#include "drivers/clint.h"

static uint64_t deadline[KTIMER_COUNT] = {[0 ... KTIMER_COUNT - 1] = KTIMER_OFF};

static void arm(void) {
    uint64_t first = KTIMER_OFF;
    for (unsigned i = 0; i < KTIMER_COUNT; i++)
        if (deadline[i] < first) first = deadline[i];
    if (first == KTIMER_OFF)
        clint_disarm();
    else
        clint_arm(first);
}

void ktimer_set(enum ktimer t, uint64_t when) {
    /* Unchanged: the CLINT already holds the earliest (every change re-arms it). The link sets
     * its session deadline after every trap, mostly to the value it had. */
    if ((unsigned)t >= KTIMER_COUNT || deadline[t] == when) return;
    deadline[t] = when;
    arm();
}

unsigned ktimer_expire(void) {
    uint64_t now = clint_now();
    unsigned passed = 0;
    for (unsigned i = 0; i < KTIMER_COUNT; i++) {
        if (deadline[i] <= now) {
            deadline[i] = KTIMER_OFF;
            passed |= 1u << i;
        }
    }
    arm();
    return passed;
}
