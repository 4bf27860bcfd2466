/* exo/syscall.h: the libOS's system-call layer over the kernel ABI (exo/abi.h).
 *
 * exo_syscall6 is the raw trap: number in a7, arguments in a0..a5, error in
 * a0 (EXO_OK or an EXO_E*), value in a1. The named wrappers below are what
 * applications call. Issue 5's calls have theirs beside their subject: slots, yield, child envs
 * and revocation in exo/cpu.h; upcalls and the env timer in exo/upcall.h.
 */
#ifndef EXO_SYSCALL_H
#define EXO_SYSCALL_H

#include <stddef.h>

#include <exo/abi.h>

/* What every syscall returns: `error` is EXO_OK or a negative EXO_E*, `value`
 * is the call's result (a1) when there is one. */
struct exo_ret {
    long error;
    long value;
};

/* The raw trap, inlined so a wrapper costs no more than its ecall. */
static inline struct exo_ret exo_syscall6(long nr, long a0, long a1, long a2, long a3, long a4,
                                          long a5) {
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a3 __asm__("a3") = a3;
    register long r_a4 __asm__("a4") = a4;
    register long r_a5 __asm__("a5") = a5;
    register long r_a7 __asm__("a7") = nr;
    __asm__ volatile("ecall"
                     : "+r"(r_a0), "+r"(r_a1)
                     : "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a7)
                     : "memory");
    return (struct exo_ret){.error = r_a0, .value = r_a1};
}

/* Writes len bytes of buf to this env's console; returns the number of bytes
 * written or a negative EXO_E*. */
long exo_console_write(const void *buf, size_t len);

/* Ends this env with `code`; never returns. */
__attribute__((noreturn)) void exo_exit(int code);

/* This env's id ((generation << 16) | index); 0, never a valid id, on error. */
unsigned long exo_env_self(void);

/* Reads up to len bytes of console input into buf without waiting; returns the number read
 * (0 if none is pending) or a negative EXO_E*. */
long exo_console_read(void *buf, size_t len);

/* Binds page ppn (or EXO_ANY) with `rights` (EXO_PERM_*); returns the page number bound or a
 * negative EXO_E*. */
long exo_page_alloc(long ppn, unsigned rights);
/* Gives page ppn back to the kernel: EXO_OK or a negative EXO_E*. */
long exo_page_free(unsigned long ppn);
/* Lets env use page ppn (which the caller owns) with `rights`, a subset of the caller's; a
 * share env already holds is replaced. EXO_OK or a negative EXO_E*. */
long exo_page_share(unsigned long ppn, unsigned long env, unsigned rights);
/* Ends env's share of ppn (the owner or env itself may): EXO_OK or a negative EXO_E*. */
long exo_page_unshare(unsigned long ppn, unsigned long env);
/* Who owns ppn (env id, 0 if free) and the caller's rights on it, either pointer may be NULL:
 * EXO_OK or a negative EXO_E*. */
long exo_page_info(unsigned long ppn, unsigned long *owner, unsigned *rights);

/* The cheapest round trip into the kernel and back: EXO_OK (for measuring). */
long exo_null(void);

#endif /* EXO_SYSCALL_H */
