/* kernel/trap.c: trap dispatch. Interrupts go to their device through bounded tables; every
 * exception is fatal for now (only the kernel runs; env faults arrive with the env issue). */
#include "kernel/trap.h"
#include "arch/riscv/csr.h"
#include "board.h"
#include "drivers/clint.h"
#include "drivers/ns16550.h"
#include "drivers/plic.h"
#include "kernel/panic.h"

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

/* The timer only wakes the idle loop (which then checks deadlines): silence it until the
 * loop arms it again. */
static void timer(void) {
    clint_disarm();
}

static void (*const interrupt_handlers[IRQ_CODES])(void) = {
    [IRQ_M_TIMER] = timer,
    [IRQ_M_EXT] = external,
};

void trap_handle(struct trap_frame *tf) {
    if (tf->mcause & MCAUSE_INTERRUPT) {
        unsigned long code = tf->mcause & ~MCAUSE_INTERRUPT;
        if (code < IRQ_CODES && interrupt_handlers[code]) {
            interrupt_handlers[code]();
            return;
        }
    }
    panic_trap(tf);
}
