/* kernel/panic.c: reports a fatal error once and halts with interrupts off. */
#include "kernel/panic.h"
#include "arch/riscv/csr.h"
#include "config.h"
#include "kernel/klog.h"
#include "kernel/trap.h"
#include "lib/fmt.h"
#include "link/session.h"

static int panicking;

static void __attribute__((noreturn)) halt(void) {
    csr_clear(CSR_MSTATUS, MSTATUS_MIE);
    csr_write(CSR_MIE, 0);
    for (;;)
        __asm__ volatile("wfi");
}

static void __attribute__((noreturn)) report(const char *text, size_t n) {
    /* A second panic (say, in the link while reporting the first) falls back to raw text. */
    if (!panicking++ && session_active())
        session_log(KLOG_ERROR, text, n);
    else
        klog_line(text, n);
    halt();
}

void panic(const char *fmt, ...) {
    char line[CONFIG_KLOG_LINE];
    size_t n = fmt_format(line, sizeof line, "panic: ");
    va_list ap;
    va_start(ap, fmt);
    n += fmt_vformat(line + n, sizeof line - n, fmt, ap);
    va_end(ap);
    report(line, n);
}

void panic_trap(const struct trap_frame *tf) {
    char line[CONFIG_KLOG_LINE];
    size_t n = fmt_format(line, sizeof line, "panic: trap mcause=%s (0x%lx) mepc=0x%lx mtval=0x%lx",
                          trap_cause_name(tf->mcause), tf->mcause, tf->mepc, tf->mtval);
    report(line, n);
}
