/* drivers/clint.c: reads mtime and sets hart 0's mtimecmp. */
#include "drivers/clint.h"
#include "arch/riscv/xlen.h"

static uintptr_t clint;

void clint_init(uintptr_t base) {
    clint = base;
    clint_disarm();
}

uint64_t clint_now(void) {
    return mmio_read64(clint + CLINT_MTIME);
}

void clint_arm(uint64_t when) {
    mmio_write64(clint + CLINT_MTIMECMP, when);
}

void clint_disarm(void) {
    mmio_write64(clint + CLINT_MTIMECMP, UINT64_MAX);
}
