/* lock.c: picolibc's retargetable locks (sys/lock.h) as libexo holds (exo/hold.h).
 *
 * picolibc takes its one recursive lock around malloc, free and realloc. An env has one hart, so
 * nothing runs beside it; what can come between two of its instructions is an upcall, and with
 * threads a preemption. A hold keeps both out: a handler puts its work off until the hold ends,
 * so no thread starts a malloc while another is inside one.
 *
 * libc's own no-op locks must not be linked instead: malloc's object needs sbrk, which
 * libos/Makefile names up front (-u sbrk), so sbrk.c references lock_link below, which brings this
 * file in before libc is searched for malloc's locks. An image without malloc drops it all
 * (--gc-sections).
 */
#include <sys/lock.h>

#include <exo/hold.h>

/* picolibc's lock objects are only addresses to it. */
struct __lock {
    char unused;
};
struct __lock __lock___libc_recursive_mutex;

/* sbrk.c's reference to this object. */
const char lock_link;

void __retarget_lock_init(_LOCK_T *lock) {
    *lock = &__lock___libc_recursive_mutex;
}

void __retarget_lock_init_recursive(_LOCK_T *lock) {
    *lock = &__lock___libc_recursive_mutex;
}

void __retarget_lock_close(_LOCK_T lock) {
    (void)lock;
}

void __retarget_lock_close_recursive(_LOCK_T lock) {
    (void)lock;
}

void __retarget_lock_acquire(_LOCK_T lock) {
    (void)lock;
    hold_enter();
}

void __retarget_lock_acquire_recursive(_LOCK_T lock) {
    (void)lock;
    hold_enter();
}

int __retarget_lock_try_acquire(_LOCK_T lock) {
    (void)lock;
    hold_enter();
    return 1;
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock) {
    (void)lock;
    hold_enter();
    return 1;
}

void __retarget_lock_release(_LOCK_T lock) {
    (void)lock;
    hold_leave();
}

void __retarget_lock_release_recursive(_LOCK_T lock) {
    (void)lock;
    hold_leave();
}
