/* arch/riscv/xlen.h: where rv32 and rv64 differ (register width, load/store mnemonics, 64-bit
 * MMIO). Everything else is written once for both. Usable from C and assembly. */
#ifndef EXO_ARCH_XLEN_H
#define EXO_ARCH_XLEN_H

/* Host test builds (no __riscv_xlen) follow the host's long, so struct layouts match. */
#if defined(__riscv_xlen) ? __riscv_xlen == 64 : __SIZEOF_LONG__ == 8
#define REGBYTES      8
#define REGBYTES_LOG2 3
#define REG_S         sd
#define REG_L         ld
#define LWU_          lwu  /* a 32-bit field, zero-extended */
#define SUBW_         subw /* 32-bit difference, sign-extended */
#else
#define REGBYTES      4
#define REGBYTES_LOG2 2
#define REG_S         sw
#define REG_L         lw
#define LWU_          lw
#define SUBW_         sub
#endif

#ifdef __ASSEMBLER__
/* Store a register as a 64-bit field (on rv32: the register, then a zero high word). */
.macro SD64 r, off, base
#if REGBYTES == 8
    sd      \r, \off(\base)
#else
    sw      \r, \off(\base)
    sw      zero, \off + 4(\base)
#endif
.endm
#endif

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline uint8_t mmio_read8(uintptr_t a) {
    return *(volatile uint8_t *)a;
}
static inline void mmio_write8(uintptr_t a, uint8_t v) {
    *(volatile uint8_t *)a = v;
}
static inline uint32_t mmio_read32(uintptr_t a) {
    return *(volatile uint32_t *)a;
}
static inline void mmio_write32(uintptr_t a, uint32_t v) {
    *(volatile uint32_t *)a = v;
}

#if __riscv_xlen == 64
static inline uint64_t mmio_read64(uintptr_t a) {
    return *(volatile uint64_t *)a;
}
static inline void mmio_write64(uintptr_t a, uint64_t v) {
    *(volatile uint64_t *)a = v;
}
#else
/* Two halves; re-read if the high word moved while the low one was read. */
static inline uint64_t mmio_read64(uintptr_t a) {
    uint32_t hi, lo;
    do {
        hi = mmio_read32(a + 4);
        lo = mmio_read32(a);
    } while (hi != mmio_read32(a + 4));
    return (uint64_t)hi << 32 | lo;
}
/* High word to all ones first, so the 64-bit value never passes through a small one. */
static inline void mmio_write64(uintptr_t a, uint64_t v) {
    mmio_write32(a + 4, 0xffffffffu);
    mmio_write32(a, (uint32_t)v);
    mmio_write32(a + 4, (uint32_t)(v >> 32));
}
#endif
#endif /* __ASSEMBLER__ */

#endif /* EXO_ARCH_XLEN_H */
