/* kernel/trap.c: trap dispatch. Interrupts go to their device through bounded tables, from
 * the kernel and from U-mode alike. From U-mode: ecall -> the syscall layer, an access fault ->
 * a PMP refill or the env's fault, any other exception -> the env's fault; then the link is
 * served and the scheduler leaves the kernel. An exception in the kernel itself is fatal. */
#include "kernel/trap.h"
#include <stddef.h>

#include "arch/riscv/csr.h"
#include "arch/riscv/upcall.h"
#include "board.h"
#include "drivers/ns16550.h"
#include "drivers/plic.h"
#include "kernel/ktimer.h"
#include "kernel/panic.h"
#include "kernel/ptlb.h"
#include "kernel/revoke.h"
#include "kernel/sched.h"
#include "kernel/selftest.h"
#include "kernel/syscall.h"
#include "kernel/upcall.h"
#include "drivers/clint.h"
#include "link/session.h"

/* The layouts trap.S's upcall fast paths use (arch/riscv/upcall.h). */
_Static_assert(offsetof(struct env, upcall_entry) == ENV_UPCALL_ENTRY, "env upcall_entry");
_Static_assert(offsetof(struct env, upcall_area) == ENV_UPCALL_AREA, "env upcall_area");
_Static_assert(offsetof(struct exo_upcall_area, masked) == AREA_MASKED, "area masked");
_Static_assert(offsetof(struct exo_upcall_area, head) == AREA_HEAD, "area head");
_Static_assert(offsetof(struct exo_upcall_area, tail) == AREA_TAIL, "area tail");
_Static_assert(offsetof(struct exo_upcall_area, regs) == AREA_REGS, "area regs");
_Static_assert(offsetof(struct exo_upcall_area, ring) == AREA_RING, "area ring");
_Static_assert(offsetof(struct exo_event, kind) == EVENT_KIND &&
                   offsetof(struct exo_event, a) == EVENT_A &&
                   offsetof(struct exo_event, b) == EVENT_B &&
                   offsetof(struct exo_event, c) == EVENT_C &&
                   sizeof(struct exo_event) == EVENT_SIZE,
               "event layout");
_Static_assert(UPCALL_FAST_CAUSES == (1u << CAUSE_MISALIGNED_FETCH |
                                      1u << CAUSE_ILLEGAL_INSTRUCTION | 1u << CAUSE_BREAKPOINT |
                                      1u << CAUSE_MISALIGNED_LOAD | 1u << CAUSE_MISALIGNED_STORE),
               "fast upcall causes");

static const char *const exception_names[CAUSE_EXCEPTIONS] = {
    [CAUSE_MISALIGNED_FETCH] = "instruction address misaligned",
    [CAUSE_FETCH_ACCESS] = "instruction access fault",
    [CAUSE_ILLEGAL_INSTRUCTION] = "illegal instruction",
    [CAUSE_BREAKPOINT] = "breakpoint",
    [CAUSE_MISALIGNED_LOAD] = "load address misaligned",
    [CAUSE_LOAD_ACCESS] = "load access fault",
    [CAUSE_MISALIGNED_STORE] = "store address misaligned",
    [CAUSE_STORE_ACCESS] = "store access fault",
    [CAUSE_USER_ECALL] = "ecall from U-mode",
    [CAUSE_SUPERVISOR_ECALL] = "ecall from S-mode",
    [CAUSE_MACHINE_ECALL] = "ecall from M-mode",
    [CAUSE_FETCH_PAGE_FAULT] = "instruction page fault",
    [CAUSE_LOAD_PAGE_FAULT] = "load page fault",
    [CAUSE_STORE_PAGE_FAULT] = "store page fault",
};

static const char *const interrupt_names[IRQ_CODES] = {
    [IRQ_M_SOFT] = "machine software interrupt",
    [IRQ_M_TIMER] = "machine timer interrupt",
    [IRQ_M_EXT] = "machine external interrupt",
};

const char *trap_cause_name(unsigned long mcause) {
    unsigned long code = mcause & ~MCAUSE_INTERRUPT;
    const char *name = NULL;
    if (mcause & MCAUSE_INTERRUPT)
        name = code < IRQ_CODES ? interrupt_names[code] : NULL;
    else
        name = code < CAUSE_EXCEPTIONS ? exception_names[code] : NULL;
    return name ? name : "unknown";
}

/* Device interrupts by PLIC source. */
static void (*const device_handlers[])(void) = {
    [BOARD_UART_IRQ] = ns16550_isr,
};
#define DEVICE_SOURCES (sizeof device_handlers / sizeof device_handlers[0])

static void external(void) {
    unsigned irq;
    while ((irq = plic_claim()) != 0) {
        if (irq < DEVICE_SOURCES && device_handlers[irq]) device_handlers[irq]();
        plic_complete(irq);
    }
}

/* Deadlines that passed and whose work frees pages, ends envs or writes env memory: they run
 * in trap_deadlines, never inside an interrupt that may have cut into session_service. */
static unsigned due;

/* The passed deadlines are cleared (the link notices a silent session itself); the end of a
 * quantum lets the next env in; the rest is noted for trap_deadlines. */
static void timer(void) {
    unsigned passed = ktimer_expire();
    if (passed & 1u << KTIMER_QUANTUM) sched_rotate();
    due |= passed & (1u << KTIMER_ENVS | 1u << KTIMER_REVOKE);
}

void trap_deadlines(void) {
    unsigned d = due;
    if (d == 0) return;
    due = 0;
    uint64_t now = clint_now();
    if (d & 1u << KTIMER_REVOKE) revoke_expire(now);
    if (d & 1u << KTIMER_ENVS) {
        for (unsigned i = 1; i < CONFIG_MAX_ENVS; i++) {
            struct env *e = env_at(i);
            if (e == NULL || e->timer_deadline == 0 || e->timer_deadline > now) continue;
            /* A stopped env misses it; its deadline goes all the same, or the timer would
             * be re-armed in the past for ever. */
            if (e->state == EXO_ENV_RUNNABLE)
                upcall_post(e, EXO_EV_TIMER, 0, e->timer_deadline, now);
            e->timer_deadline = 0;
        }
        sched_timers_changed();
    }
}

static void (*const interrupt_handlers[IRQ_CODES])(void) = {
    [IRQ_M_TIMER] = timer,
    [IRQ_M_EXT] = external,
};

static int interrupt(unsigned long mcause) {
    unsigned long code = mcause & ~MCAUSE_INTERRUPT;
    if (!(mcause & MCAUSE_INTERRUPT) || code >= IRQ_CODES || !interrupt_handlers[code]) return 0;
    interrupt_handlers[code]();
    return 1;
}

void trap_handle(struct trap_frame *tf) {
    if (!interrupt(tf->mcause)) panic_trap(tf);
}

/* The right an access fault needed, or 0 for any other cause. */
static unsigned fault_access(unsigned long mcause) {
    switch (mcause) {
    case CAUSE_FETCH_ACCESS:
        return EXO_PERM_X;
    case CAUSE_LOAD_ACCESS:
        return EXO_PERM_R;
    case CAUSE_STORE_ACCESS:
        return EXO_PERM_W;
    default:
        return 0;
    }
}

void trap_user(struct env *e) {
    struct trap_frame *tf = &e->tf;
    unsigned long cause = tf->mcause;
    if (cause & MCAUSE_INTERRUPT) {
        if (!interrupt(cause)) panic_trap(tf); /* one we never enabled */
    } else if (cause == CAUSE_USER_ECALL) {
        tf->mepc += 4;
        /* No deadline waiting and the link idle (no byte in, no session): trap_deadlines and
         * session_service would do nothing, so a directed yield may go straight across. */
        if (tf->x[REG_A7] == EXO_SYS_YIELD && due == 0 && !session_active()) {
            const uint8_t *pending;
            if (ns16550_rx_peek(&pending) == 0) sched_yield_fast(e);
        }
        syscall_dispatch(e);
    } else {
        unsigned access = fault_access(cause);
        /* A refill changes nothing the link or the scheduler waits for, so the env retries at
         * once: this is the path a working set larger than the PMP entries takes. */
        if (access != 0 && ptlb_fault(env_index(e), tf->mtval, access) == ERR_OK)
            trap_enter_user(e);
        if (e == &selftest_env) selftest_return();
        /* The libOS's handler if it can take it now, else the env stops. */
        if (!upcall_fault(e, (uint32_t)cause, tf->mepc, tf->mtval))
            env_fault(e, (uint32_t)cause, tf->mepc, tf->mtval);
    }
    trap_deadlines();
    session_service();
    sched_resume();
}
