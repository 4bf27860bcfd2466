/* arch/riscv/pmpcsr.h: the only code that touches PMP CSRs: probing the entry count, and
 * writing entries by index for kernel/ptlb.c. */
#ifndef EXO_ARCH_PMPCSR_H
#define EXO_ARCH_PMPCSR_H

#include <stdint.h>

#include "arch/riscv/xlen.h"

/* Count the implemented PMP entries (0..64) by writing pmpaddrN and reading it back, after
 * turning every entry off. CSRs that do not exist trap, and the trap is skipped, so this is
 * safe on any hart. Leaves every entry off (pmpcfg A=OFF, pmpaddr 0): M-mode is unaffected.
 * Call with interrupts disabled: it briefly replaces mtvec. */
unsigned pmpcsr_probe(void);

/* Assembly helpers (pmpcsr.S): write value to pmpaddr<index> / pmpcfg<index>, and return
 * what reads back (0 if the CSR does not exist). */
unsigned long pmpcsr_swap_addr(unsigned long index, unsigned long value);
unsigned long pmpcsr_swap_cfg(unsigned long index, unsigned long value);

/* Plain writes for the refill path: index < the probed count (addr) or a pmpcfg CSR that
 * exists (cfg: PMPCSR_CFG_CSR(entry)); out-of-range indices are the caller's bug. */
void pmpcsr_write_addr(unsigned long index, unsigned long value);
void pmpcsr_write_cfg(unsigned long csr_index, unsigned long value);

/* Entry `index` (< the probed count) gets pmpaddr = addr and pmpcfg byte = cfg; the other
 * entries sharing its pmpcfg CSR keep theirs. */
void pmpcsr_set_entry(unsigned long index, unsigned long addr, unsigned long cfg);

/* Entries [0, n) (n <= the probed count) from an image: pmpaddr i = addr[i], and each pmpcfg
 * CSR holding one of them whole from cfg (register-aligned, one byte an entry). */
void pmpcsr_load(const uint8_t *cfg, const unsigned long *addr, unsigned long n);

/* pmpcfg CSRs hold one byte per entry, XLEN/8 entries each; on rv64 only the even-numbered
 * CSRs exist (pmpcfg0 holds entries 0-7, pmpcfg2 entries 8-15). */
#define PMPCSR_CFG_ENTRIES    REGBYTES
#define PMPCSR_CFG_CSR(entry) ((entry) / REGBYTES * (REGBYTES / 4))

#endif /* EXO_ARCH_PMPCSR_H */
