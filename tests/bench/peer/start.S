/* start.S: S-mode entry of the OpenSBI peer payload (loaded by OpenSBI at 0x80200000). */
    .section .text.start
    .globl _start
_start:
    la      sp, stack_top
    call    peer_main
1:  wfi
    j       1b

    .bss
    .align  4
    .space  4096
stack_top:
