/* cpu.c: the slot, yield, child-env and revocation wrappers (exo/cpu.h), each one ecall. */
#include <exo/cpu.h>
#include <exo/syscall.h>

/* A call's value, or its error. */
static long value_or_error(struct exo_ret r) {
    return r.error != EXO_OK ? r.error : r.value;
}

long exo_slot_alloc(long slot) {
    return value_or_error(exo_syscall6(EXO_SYS_SLOT_ALLOC, slot, 0, 0, 0, 0, 0));
}

long exo_slot_free(unsigned long slot) {
    return exo_syscall6(EXO_SYS_SLOT_FREE, (long)slot, 0, 0, 0, 0, 0).error;
}

long exo_yield(long env) {
    return exo_syscall6(EXO_SYS_YIELD, env, 0, 0, 0, 0, 0).error;
}

long exo_env_create(const char *name, size_t len) {
    return value_or_error(exo_syscall6(EXO_SYS_ENV_CREATE, (long)name, (long)len, 0, 0, 0, 0));
}

long exo_env_give_page(unsigned long child, unsigned long ppn) {
    return exo_syscall6(EXO_SYS_ENV_GIVE_PAGE, (long)child, (long)ppn, 0, 0, 0, 0).error;
}

long exo_env_give_slot(unsigned long child, unsigned long slot) {
    return exo_syscall6(EXO_SYS_ENV_GIVE_SLOT, (long)child, (long)slot, 0, 0, 0, 0).error;
}

long exo_env_start(unsigned long child, uintptr_t pc, unsigned long arg) {
    return exo_syscall6(EXO_SYS_ENV_START, (long)child, (long)pc, (long)arg, 0, 0, 0).error;
}

long exo_env_destroy(unsigned long child) {
    return value_or_error(exo_syscall6(EXO_SYS_ENV_DESTROY, (long)child, 0, 0, 0, 0, 0));
}

long exo_revoke(unsigned long child, unsigned kind, unsigned long count, uint64_t deadline) {
#if __riscv_xlen == 64
    return exo_syscall6(EXO_SYS_REVOKE, (long)child, (long)kind, (long)count, (long)deadline, 0, 0)
        .error;
#else
    /* rv32: the deadline takes a3 (low half) and a4 (exo/abi.h). */
    return exo_syscall6(EXO_SYS_REVOKE, (long)child, (long)kind, (long)count,
                        (long)(uint32_t)deadline, (long)(deadline >> 32), 0)
        .error;
#endif
}

long exo_repossessed(struct exo_repossession *out, unsigned long max) {
    return value_or_error(exo_syscall6(EXO_SYS_REPOSSESSED, (long)out, (long)max, 0, 0, 0, 0));
}
