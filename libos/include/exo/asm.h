/* exo/asm.h: the few differences between rv32 and rv64 that libexo's assembly needs. */
#ifndef EXO_ASM_H
#define EXO_ASM_H

#if __riscv_xlen == 64
#define REG_S    sd
#define REG_L    ld
#define REG_SIZE 8
#else
#define REG_S    sw
#define REG_L    lw
#define REG_SIZE 4
#endif

#endif /* EXO_ASM_H */
