/* kernel/main.c: the boot sequence on hart 0, up to the scheduler's first decision.
 *
 * entry.S gives us a stack, a clear .bss and the trap vector. Order below matters: the device
 * tree is read before the UART is touched (it says where the UART is), PMP is probed while
 * interrupts are still off (probing swaps mtvec), the ownership table is placed once the RAM
 * size is known, the PMP self-test runs before any env and interrupts are enabled last.
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
#include "kernel/bundle.h"
#include "kernel/env.h"
#include "kernel/exposed.h"
#include "kernel/klog.h"
#include "kernel/memory.h"
#include "kernel/panic.h"
#include "kernel/ptlb.h"
#include "kernel/sched.h"
#include "kernel/selftest.h"
#include "kernel/slots.h"
#include "kernel/version.h"
#include "lib/fdt.h"
#include "lib/fmt.h"
#include "link/session.h"

extern char __kernel_start[], _end[];

void kmain(const void *dtb) __attribute__((noreturn));

/* The most PMP entries the kernel uses, whatever the hart has: a test knob, so the 8 entries
 * of SiFive cores can be tried on QEMU 7.2, which cannot be told to implement fewer than 16
 * (EXTRA_CFLAGS=-DPMP_USE_MAX=8). Entries beyond it stay off, which is what absent ones do. */
#ifndef PMP_USE_MAX
#define PMP_USE_MAX PMP_MAX_ENTRIES
#endif

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

/* U-mode may read cycle, time and instret (libOS timers and benchmarks); with S-mode present
 * U also needs scounteren's consent. misa says whether S exists (0 means "not saying": then we
 * do not touch scounteren, which might not exist). */
static void counters(void) {
    csr_write(CSR_MCOUNTEREN, COUNTEREN_CY | COUNTEREN_TM | COUNTEREN_IR);
    if (csr_read(CSR_MISA) & MISA_S)
        csr_write(CSR_SCOUNTEREN, COUNTEREN_CY | COUNTEREN_TM | COUNTEREN_IR);
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
    unsigned pmp = pmpcsr_probe();
    bootinfo_set_pmp(pmp < PMP_USE_MAX ? pmp : PMP_USE_MAX);
    bootinfo_set_layout(sizeof(struct page_entry), EXO_EXPOSED_PAGES_MAX);
    counters();
    banner();
    klog(KLOG_INFO, "build %s, kernel 0x%lx-0x%lx, device tree %s (mem%s uart%s timebase%s)",
         version_build_id, (unsigned long)b->kernel_base, (unsigned long)b->kernel_end,
         dtb ? "found" : "absent", b->from_fdt & BOOTINFO_FDT_MEMORY ? "" : ":board",
         b->from_fdt & BOOTINFO_FDT_UART ? "" : ":board",
         b->from_fdt & BOOTINFO_FDT_TIMEBASE ? "" : ":board");
    klog(KLOG_INFO, "ownership table 0x%lx (%lu bytes), pages 0x%lx-0x%lx",
         (unsigned long)b->table_base, (unsigned long)b->table_bytes,
         (unsigned long)b->page_first << 12, ((unsigned long)b->page_first + b->pages_total) << 12);

    env_init();
    if (memory_init(b->page_first, b->pages_total, (struct page_entry *)(uintptr_t)b->table_base))
        panic("memory: cannot manage %u pages from ppn 0x%x", (unsigned)b->pages_total,
              (unsigned)b->page_first);
    if (slots_init(BOARD_SLOT_COUNT, BOARD_SLOT_TICKS))
        panic("slots: the board's %u slots of %lu ticks are out of range",
              (unsigned)BOARD_SLOT_COUNT, (unsigned long)BOARD_SLOT_TICKS);
    /* Publishes the slot vector too. */
    exposed_init(b->page_first, b->pages_total, b->pmp_entries, 1, b->timebase_hz);
    ptlb_init(b->pmp_entries);

    clint_init(BOARD_CLINT_BASE);
    plic_init(BOARD_PLIC_BASE, BOARD_PLIC_CONTEXT);
    plic_enable(BOARD_UART_IRQ);
    session_init();
    selftest_pmp(b->pmp_entries, b->uart_base);
    bundle_start(); /* the envs linked into this image, if any: before the first decision */
    csr_set(CSR_MIE, MIE_MEIE | MIE_MTIE);
    sched_resume(); /* nothing runs yet: the idle loop, which enables interrupts */
}
