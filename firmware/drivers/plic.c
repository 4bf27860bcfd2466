/* drivers/plic.c: enables, claims and completes PLIC sources for the kernel's context. */
#include "drivers/plic.h"
#include "arch/riscv/xlen.h"

static uintptr_t plic;
static unsigned ctx;

void plic_init(uintptr_t base, unsigned context) {
    plic = base;
    ctx = context;
    mmio_write32(plic + PLIC_THRESHOLD + ctx * PLIC_CONTEXT_STRIDE, 0);
}

void plic_enable(unsigned irq) {
    uintptr_t word = plic + PLIC_ENABLE + ctx * PLIC_ENABLE_STRIDE + (irq / 32) * 4;
    mmio_write32(plic + PLIC_PRIORITY + irq * 4, 1);
    mmio_write32(word, mmio_read32(word) | 1u << (irq % 32));
}

unsigned plic_claim(void) {
    return mmio_read32(plic + PLIC_CLAIM + ctx * PLIC_CONTEXT_STRIDE);
}

void plic_complete(unsigned irq) {
    mmio_write32(plic + PLIC_CLAIM + ctx * PLIC_CONTEXT_STRIDE, irq);
}
