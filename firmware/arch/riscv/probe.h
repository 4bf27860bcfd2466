/* arch/riscv/probe.h: a load that survives a fault, for checking pointers handed to us at boot
 * (the device tree address in a1) before trusting them. */
#ifndef EXO_ARCH_PROBE_H
#define EXO_ARCH_PROBE_H

#include <stdbool.h>
#include <stdint.h>

/* Read the aligned 32-bit word at addr into *value; false if the load faulted. Call with
 * interrupts disabled: it briefly replaces mtvec. */
bool probe_load32(uintptr_t addr, uint32_t *value);

#endif /* EXO_ARCH_PROBE_H */
