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
