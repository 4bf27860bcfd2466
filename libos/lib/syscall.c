/* syscall.c: the named system-call wrappers of libexo, each one ecall (exo/syscall.h). */
#include <exo/syscall.h>

long exo_console_write(const void *buf, size_t len) {
    struct exo_ret r = exo_syscall6(EXO_SYS_CONSOLE_WRITE, (long)buf, (long)len, 0, 0, 0, 0);
    return r.error != EXO_OK ? r.error : r.value;
}

void exo_exit(int code) {
    exo_syscall6(EXO_SYS_EXIT, code, 0, 0, 0, 0, 0);
    /* The kernel does not return from exit; if it ever did, stay here rather
     * than run off the end of the caller. */
    for (;;) {
    }
}

unsigned long exo_env_self(void) {
    struct exo_ret r = exo_syscall6(EXO_SYS_ENV_SELF, 0, 0, 0, 0, 0, 0);
    return r.error != EXO_OK ? 0 : (unsigned long)r.value;
}

long exo_console_read(void *buf, size_t len) {
    struct exo_ret r = exo_syscall6(EXO_SYS_CONSOLE_READ, (long)buf, (long)len, 0, 0, 0, 0);
    return r.error != EXO_OK ? r.error : r.value;
}

long exo_page_alloc(long ppn, unsigned rights) {
    struct exo_ret r = exo_syscall6(EXO_SYS_PAGE_ALLOC, ppn, (long)rights, 0, 0, 0, 0);
    return r.error != EXO_OK ? r.error : r.value;
}

long exo_page_free(unsigned long ppn) {
    return exo_syscall6(EXO_SYS_PAGE_FREE, (long)ppn, 0, 0, 0, 0, 0).error;
}

long exo_null(void) {
    return exo_syscall6(EXO_SYS_NULL, 0, 0, 0, 0, 0, 0).error;
}

long exo_page_share(unsigned long ppn, unsigned long env, unsigned rights) {
    return exo_syscall6(EXO_SYS_PAGE_SHARE, (long)ppn, (long)env, (long)rights, 0, 0, 0).error;
}

long exo_page_unshare(unsigned long ppn, unsigned long env) {
    return exo_syscall6(EXO_SYS_PAGE_UNSHARE, (long)ppn, (long)env, 0, 0, 0, 0).error;
}

long exo_page_info(unsigned long ppn, unsigned long *owner, unsigned *rights) {
    register long r_a0 __asm__("a0") = (long)ppn;
    register long r_a1 __asm__("a1") = 0;
    register long r_a2 __asm__("a2") = 0;
    register long r_a7 __asm__("a7") = EXO_SYS_PAGE_INFO;
    /* The one call with two values (a1 and a2), so it has its own ecall. */
    __asm__ volatile("ecall" : "+r"(r_a0), "+r"(r_a1), "+r"(r_a2) : "r"(r_a7) : "memory");
    if (r_a0 != EXO_OK) return r_a0;
    if (owner != NULL) *owner = (unsigned long)r_a1;
    if (rights != NULL) *rights = (unsigned)r_a2;
    return EXO_OK;
}
