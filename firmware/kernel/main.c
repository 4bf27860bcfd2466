/* kernel/main.c: the boot sequence on hart 0, then the idle loop.
 *
 * entry.S gives us a stack, a clear .bss and the trap vector. Order below matters: the device
 * tree is read before the UART is touched (it says where the UART is), PMP is probed while
 * interrupts are still off (probing swaps mtvec), and interrupts are enabled last.
 */
#include "arch/riscv/csr.h"
#include "arch/riscv/pmpcsr.h"
#include "arch/riscv/probe.h"
#include "board.h"
#include "config.h"
#include "drivers/clint.h"
#include "drivers/ns16550.h"
#include "drivers/plic.h"
#include "kernel/bootinfo.h"
#include "kernel/klog.h"
#include "kernel/version.h"
#include "lib/fdt.h"
#include "lib/fmt.h"
#include "link/session.h"

extern char __kernel_start[], _end[];

void kmain(const void *dtb) __attribute__((noreturn));

static uint32_t be32(uint32_t v) {
    return v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24;
}

/* The device tree pointer comes from the boot ROM: use it only if it is aligned, outside the
 * kernel image, readable from its first to its last word and no bigger than we allow. Any
 * doubt means no tree, and the board file's values. */
static const void *checked_dtb(const void *dtb, uint64_t *size) {
    uintptr_t a = (uintptr_t)dtb;
    uint32_t magic, total, last;
    if (a == 0 || a % 8 || a < BOARD_RAM_BASE) return NULL;
    if (!probe_load32(a, &magic) || be32(magic) != FDT_MAGIC || !probe_load32(a + 4, &total))
        return NULL;
    total = be32(total);
    if (total < FDT_HEADER_SIZE || total > CONFIG_FDT_MAX_SIZE || a + total < a ||
        !probe_load32((a + total - 4) & ~(uintptr_t)3, &last))
        return NULL;
    /* A tree overlapping the image was overwritten when .bss was cleared. */
    if (a < (uintptr_t)_end && a + total > (uintptr_t)__kernel_start) return NULL;
    *size = total;
    return dtb;
}

static void banner(void) {
    const struct bootinfo *b = bootinfo_get();
    char line[CONFIG_KLOG_LINE];
    size_t n =
        fmt_format(line, sizeof line, "exo %s board=%s mem=%lu pages=%u/%u pmp=%u", version_string,
                   BOARD_NAME, (unsigned long)(b->ram_size >> 20), (unsigned)b->pages_free,
                   (unsigned)b->pages_total, (unsigned)b->pmp_entries);
    klog_line(line, n);
}

void kmain(const void *dtb) {
    uint64_t dtb_size = 0;
    dtb = checked_dtb(dtb, &dtb_size);
    bootinfo_init(dtb, dtb_size, (uintptr_t)__kernel_start, (uintptr_t)_end);
    const struct bootinfo *b = bootinfo_get();

    ns16550_init((uintptr_t)b->uart_base, b->uart_clock_hz, CONFIG_UART_BAUD);
    bootinfo_set_pmp(pmpcsr_probe());
    banner();
    klog(KLOG_INFO, "build %s, kernel 0x%lx-0x%lx, device tree %s (mem%s uart%s timebase%s)",
         version_build_id, (unsigned long)b->kernel_base, (unsigned long)b->kernel_end,
         dtb ? "found" : "absent", b->from_fdt & BOOTINFO_FDT_MEMORY ? "" : ":board",
         b->from_fdt & BOOTINFO_FDT_UART ? "" : ":board",
         b->from_fdt & BOOTINFO_FDT_TIMEBASE ? "" : ":board");

    clint_init(BOARD_CLINT_BASE);
    plic_init(BOARD_PLIC_BASE, BOARD_PLIC_CONTEXT);
    plic_enable(BOARD_UART_IRQ);
    session_init();
    csr_set(CSR_MIE, MIE_MEIE | MIE_MTIE);
    csr_set(CSR_MSTATUS, MSTATUS_MIE);

    /* Idle loop. Interrupts are off from the check to the wfi, so a byte that arrives after
     * the check still wakes the wfi (it waits on mip & mie, not on mstatus.MIE), and the
     * handler then runs as soon as they are on again. */
    for (;;) {
        session_service();
        csr_clear(CSR_MSTATUS, MSTATUS_MIE);
        const uint8_t *pending;
        if (ns16550_rx_peek(&pending) == 0) __asm__ volatile("wfi");
        csr_set(CSR_MSTATUS, MSTATUS_MIE);
    }
}
