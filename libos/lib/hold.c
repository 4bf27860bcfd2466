/* hold.c: critical sections against libexo's upcall handlers and the work they put off
 * (exo/hold.h); also the pointers that join the event layer and threads. */
#include <exo/hold.h>

static volatile unsigned depth;
static volatile unsigned pending;

void (*hold_work)(void);
const struct hold_threads *hold_threads;
uint64_t (*hold_wait)(uint64_t deadline);
void (*hold_alarm)(uint64_t deadline);

void hold_enter(void) {
    depth = depth + 1;
    /* The compiler must not move the held code's loads and stores above this. */
    __asm__ volatile("" ::: "memory");
}

void hold_leave(void) {
    __asm__ volatile("" ::: "memory");
    depth = depth - 1;
    /* A handler that lands after the store above finds depth 0 and does its work itself; one
     * that landed before it left the bits here. */
    if (depth == 0 && pending != 0 && hold_work != 0) hold_work();
}

unsigned hold_depth(void) {
    return depth;
}

unsigned hold_swap(unsigned d) {
    unsigned old = depth;
    depth = d;
    return old;
}

/* One AMO each: a handler can land between any two instructions of non-handler code, never
 * inside one, so the bits cannot be lost between a read and a write. */
void hold_defer(unsigned work) {
    __atomic_fetch_or(&pending, work, __ATOMIC_RELAXED);
}

unsigned hold_take(void) {
    return __atomic_exchange_n(&pending, 0u, __ATOMIC_RELAXED);
}
