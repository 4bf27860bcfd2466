/* arch/riscv/pmpcsr.h: the only code that touches PMP CSRs. Today: probing the entry count. */
#ifndef EXO_ARCH_PMPCSR_H
#define EXO_ARCH_PMPCSR_H

/* Count the implemented PMP entries (0..64) by writing pmpaddrN and reading it back, after
 * turning every entry off. CSRs that do not exist trap, and the trap is skipped, so this is
 * safe on any hart. Leaves every entry off (pmpcfg A=OFF, pmpaddr 0): M-mode is unaffected.
 * Call with interrupts disabled: it briefly replaces mtvec. */
unsigned pmpcsr_probe(void);

/* Assembly helpers (pmpcsr.S): write value to pmpaddr<index> / pmpcfg<index>, and return
 * what reads back (0 if the CSR does not exist). */
unsigned long pmpcsr_swap_addr(unsigned long index, unsigned long value);
unsigned long pmpcsr_swap_cfg(unsigned long index, unsigned long value);

#endif /* EXO_ARCH_PMPCSR_H */
