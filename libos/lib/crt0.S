/* crt0.S: the entry point of every libOS image: stack, bss, tp, then libexo_start.
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
    /* The kernel's a0 (env id), a1 (argument block) and a2 (exposed state) survive the
     * bss loop in s1..s3 (exo/abi.h, "Env start-up"). */
    mv s1, a0
    mv s2, a1
    mv s3, a2

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

    /* libexo_start (start.c) records them, runs main and exits with its value. */
    mv a0, s1
    mv a1, s2
    mv a2, s3
    call libexo_start

    /* Not reached: libexo_start exits. If it ever returned, exit(-1). */
    li a0, -1
    li a7, EXO_SYS_EXIT
    ecall
3:  j 3b
    .size _start, . - _start
