/* arch/riscv/entry.S: reset entry. Hart 0 sets up a stack, clears .bss, installs the trap
 * vector and calls kmain(device tree); every other hart parks in wfi for good. */
#include "arch/riscv/csr.h"
#include "arch/riscv/xlen.h"
#include "config.h"

    .section .text.entry, "ax"
    .globl _start
_start:
    /* QEMU and most boot ROMs pass a0 = hart id, a1 = device tree. */
    csrw    CSR_MIE, zero
    csrci   CSR_MSTATUS, MSTATUS_MIE
    csrr    t0, CSR_MHARTID
    bnez    t0, park

    la      sp, __stack_top
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    REG_S   zero, 0(t0)
    addi    t0, t0, REGBYTES
    j       1b
2:
    la      t0, trap_vector
    csrw    CSR_MTVEC, t0
    csrw    CSR_MSCRATCH, zero
    mv      a0, a1
    call    kmain
    /* kmain does not return; if it ever did, fall into the park loop. */
park:
    csrw    CSR_MIE, zero
3:  wfi
    j       3b

/* The boot stack: in .bss, so the clearing loop above zeroes it too (harmlessly: nothing is
 * on it yet, and the loop itself uses no stack). */
    .section .bss.stack, "aw", @nobits
    .balign 16
    .space  CONFIG_STACK_SIZE
    .globl __stack_top
__stack_top:
