/* crt0.S: the entry point of every libOS image: stack, bss, tp, main, exit.
 *
 * The host loads an image at a physical address it chose and enters _start in
 * U-mode with no MMU, so everything here is PC-relative (lla): an absolute
 * address would be the link address 0, not where the image runs.
 */
#include <exo/abi.h>

    .section .text.start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    .option push
    .option norelax /* no gp yet: keep the linker from rewriting into gp-relative forms */
    lla sp, __stack_top

    /* Zero .tbss and .bss (the stack included, it is not in use yet). The host
     * already sends them zeroed; clearing again keeps a restarted or boot-bundle
     * image correct without trusting whoever laid out its pages. Both ends are
     * 8-aligned (libos.ld), so 32-bit stores serve rv32 and rv64 alike. */
    lla t0, __bss_start
    lla t1, __bss_end
1:  bgeu t0, t1, 2f
    sw zero, 0(t0)
    addi t0, t0, 4
    j 1b
2:
    /* One thread: the TLS template in the image is the thread's TLS block. */
    lla tp, __tls_base
    .option pop

    li a0, 0 /* argc */
    li a1, 0 /* argv */
    call main

    /* exit(main's return value); the kernel never returns from it. */
    li a7, EXO_SYS_EXIT
    ecall
3:  j 3b
    .size _start, . - _start
