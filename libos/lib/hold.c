/* hold.c: the state of libexo's critical sections against its upcall handlers, the work the
 * handlers put off, and the pointers that join the event layer and threads (exo/hold.h). */
#include <exo/hold.h>

volatile unsigned hold_level;
volatile unsigned hold_pending;

void (*hold_work)(void);
const struct hold_threads *hold_threads;
uint64_t (*hold_wait)(uint64_t deadline);
void (*hold_alarm)(uint64_t deadline);

void hold_enter(void) {
    hold_level = hold_level + 1;
    /* The compiler must not move the held code's loads and stores above this. */
    __asm__ volatile("" ::: "memory");
}

void hold_leave(void) {
    __asm__ volatile("" ::: "memory");
    unsigned d = hold_level - 1;
    hold_level = d;
    /* A handler that lands after the store above finds depth 0 and does its work itself; one
     * that landed before it left the bits here. */
    /* Bits are only ever set by events.c's handlers, which set hold_work first. */
    if (d == 0 && hold_pending != 0) hold_work();
}

/* One AMO each: a handler can land between any two instructions of non-handler code, never
 * inside one, so the bits cannot be lost between a read and a write. */
void hold_defer(unsigned work) {
    __atomic_fetch_or(&hold_pending, work, __ATOMIC_RELAXED);
}

unsigned hold_take(void) {
    return __atomic_exchange_n(&hold_pending, 0u, __ATOMIC_RELAXED);
}
