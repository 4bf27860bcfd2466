/* upcall_entry.S: where the kernel delivers upcalls (exo/upcall.h): call the C handler with the
 * area on the interrupted stack, then EXO_SYS_UPCALL_RESUME.
 *
 * Nothing is saved here: the kernel put the whole interrupted context in the area before
 * entering, and UPCALL_RESUME restores it from there, so every register is free to use.
 */
#include <exo/abi.h>
#include <exo/asm.h>

    .text
    .globl upcall_entry
    .type upcall_entry, @function
    .balign 4
upcall_entry:
    /* a0 = the area. Step below whatever the interrupted code kept at its sp, aligned as the
     * calling convention wants. */
    addi sp, sp, -64
    andi sp, sp, -16
    lla t0, upcall_handler
    REG_L t0, 0(t0)
    beqz t0, 1f
    jalr t0
1:  li a7, EXO_SYS_UPCALL_RESUME
    ecall
    /* Only reached if no area is registered any more: nothing to go back to. */
    li a0, -1
    li a7, EXO_SYS_EXIT
    ecall
2:  j 2b
    .size upcall_entry, . - upcall_entry
