/* upcall.c: registration, the event ring and the env timer for libOS code (exo/upcall.h). */
#include <exo/syscall.h>
#include <exo/upcall.h>

/* The handler upcall_entry.S calls; written at run time, so it needs no relocation. */
exo_upcall_fn upcall_handler;

long exo_upcall_register(void (*entry)(void), struct exo_upcall_area *area) {
    return exo_syscall6(EXO_SYS_UPCALL_REGISTER, (long)entry, (long)area, 0, 0, 0, 0).error;
}

long exo_upcall_resume(void) {
    return exo_syscall6(EXO_SYS_UPCALL_RESUME, 0, 0, 0, 0, 0, 0).error;
}

long exo_upcall_init(struct exo_upcall_area *area, exo_upcall_fn handler) {
    upcall_handler = handler;
    area->masked = 0;
    return exo_upcall_register(upcall_entry, area);
}

int exo_upcall_next(struct exo_upcall_area *area, struct exo_event *ev) {
    volatile struct exo_upcall_area *a = area;
    uint32_t tail = a->tail;
    if (tail == a->head) return 0;
    __asm__ volatile("" ::: "memory"); /* the entry is read only after head said it is there */
    *ev = area->ring[tail % EXO_EVENT_RING];
    a->tail = tail + 1;
    return 1;
}

long exo_timer_set(uint64_t deadline) {
#if __riscv_xlen == 64
    return exo_syscall6(EXO_SYS_TIMER_SET, (long)deadline, 0, 0, 0, 0, 0).error;
#else
    /* rv32: a `time` value takes two registers, low half first (exo/abi.h). */
    return exo_syscall6(EXO_SYS_TIMER_SET, (long)(uint32_t)deadline, (long)(deadline >> 32), 0, 0,
                        0, 0)
        .error;
#endif
}
