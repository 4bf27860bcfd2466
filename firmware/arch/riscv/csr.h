/* arch/riscv/csr.h: machine-mode CSR numbers, their bits and mcause codes (RISC-V privileged
 * spec 1.12), usable from C and assembly, plus C accessors. The single home of these numbers. */
#ifndef EXO_ARCH_CSR_H
#define EXO_ARCH_CSR_H

/* CSR numbers. */
#define CSR_MSTATUS    0x300
#define CSR_MISA       0x301
#define CSR_MIE        0x304
#define CSR_MTVEC      0x305
#define CSR_MCOUNTEREN 0x306
#define CSR_SCOUNTEREN 0x106
#define CSR_SATP       0x180
#define CSR_MSCRATCH   0x340
#define CSR_MEPC       0x341
#define CSR_MCAUSE     0x342
#define CSR_MTVAL      0x343
#define CSR_MIP        0x344
#define CSR_PMPCFG0    0x3a0 /* pmpcfg0..15 follow */
#define CSR_PMPADDR0   0x3b0 /* pmpaddr0..63 follow */
#define CSR_MINSTRET   0xb02
#define CSR_INSTRET    0xc02 /* the user-mode view of minstret (mcounteren.IR) */
#define CSR_MHARTID    0xf14
#define CSR_TIME       0xc01

#define PMP_MAX_ENTRIES 64 /* the spec's ceiling; the kernel probes the real count */
#define PMP_CFG_CSRS    16

/* mstatus bits. */
#define MSTATUS_MIE   0x8
#define MSTATUS_MPIE  0x80
#define MSTATUS_MPP   0x1800
#define MSTATUS_MPP_M 0x1800
#define MSTATUS_MPP_U 0x0000

/* misa: one bit per extension letter, bit 0 = 'A'. */
#define MISA_S (1UL << ('S' - 'A'))

/* mcounteren / scounteren: which counters the next mode down may read. */
#define COUNTEREN_CY 0x1
#define COUNTEREN_TM 0x2
#define COUNTEREN_IR 0x4

/* mie / mip bits: interrupt enables and pendings, by interrupt code. */
#define MIE_MSIE 0x8
#define MIE_MTIE 0x80
#define MIE_MEIE 0x800

/* mcause: the top bit says interrupt; the rest is the code. */
#define CAUSE_MISALIGNED_FETCH    0
#define CAUSE_FETCH_ACCESS        1
#define CAUSE_ILLEGAL_INSTRUCTION 2
#define CAUSE_BREAKPOINT          3
#define CAUSE_MISALIGNED_LOAD     4
#define CAUSE_LOAD_ACCESS         5
#define CAUSE_MISALIGNED_STORE    6
#define CAUSE_STORE_ACCESS        7
#define CAUSE_USER_ECALL          8
#define CAUSE_SUPERVISOR_ECALL    9
#define CAUSE_MACHINE_ECALL       11
#define CAUSE_FETCH_PAGE_FAULT    12
#define CAUSE_LOAD_PAGE_FAULT     13
#define CAUSE_STORE_PAGE_FAULT    15
#define CAUSE_EXCEPTIONS          16 /* codes below this are named */

#define IRQ_M_SOFT  3
#define IRQ_M_TIMER 7
#define IRQ_M_EXT   11
#define IRQ_CODES   12

#ifndef __ASSEMBLER__

#define CSR_STR_(x) #x
#define CSR_STR(x)  CSR_STR_(x)

#define csr_read(csr)                                                                              \
    ({                                                                                             \
        unsigned long v_;                                                                          \
        __asm__ volatile("csrr %0, " CSR_STR(csr) : "=r"(v_));                                     \
        v_;                                                                                        \
    })
#define csr_write(csr, val)  __asm__ volatile("csrw " CSR_STR(csr) ", %0" ::"rK"(val) : "memory")
#define csr_set(csr, bits)   __asm__ volatile("csrs " CSR_STR(csr) ", %0" ::"rK"(bits) : "memory")
#define csr_clear(csr, bits) __asm__ volatile("csrc " CSR_STR(csr) ", %0" ::"rK"(bits) : "memory")

#define MCAUSE_INTERRUPT (1UL << (8 * sizeof(unsigned long) - 1))

#endif /* __ASSEMBLER__ */

#endif /* EXO_ARCH_CSR_H */
