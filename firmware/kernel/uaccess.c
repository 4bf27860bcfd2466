/* kernel/uaccess.c: the one checked path from an env's address to a kernel access
 * (kernel/uaccess.h). The whole range is checked before a byte moves. */
#include "kernel/uaccess.h"
#include "exo/abi.h"
#include "kernel/memory.h"
#include "lib/string.h"

int uaccess_check(unsigned env_index, uintptr_t addr, size_t len, unsigned rights) {
    if (len == 0) return ERR_OK;
    if (len > UACCESS_MAX) return ERR_FAULT;
    uintptr_t last = addr + (len - 1);
    if (last < addr) return ERR_FAULT; /* wraps past the top of the address space */
    for (uintptr_t p = addr >> EXO_PAGE_SHIFT; p <= last >> EXO_PAGE_SHIFT; p++) {
        /* Page numbers beyond 32 bits are never managed (and must not alias one that is). */
        if (p >= UINT32_MAX) return ERR_FAULT;
        unsigned have = pages_rights(&kpages, env_index, (uint32_t)p);
        if (have == 0 || (have & rights) != rights) return ERR_FAULT;
    }
    return ERR_OK;
}

int copy_from_user(unsigned env_index, void *dst, uintptr_t src, size_t len) {
    int r = uaccess_check(env_index, src, len, EXO_PERM_R);
    if (r != ERR_OK) return r;
    if (len) memcpy(dst, (const void *)src, len);
    return ERR_OK;
}

int copy_to_user(unsigned env_index, uintptr_t dst, const void *src, size_t len) {
    int r = uaccess_check(env_index, dst, len, EXO_PERM_W);
    if (r != ERR_OK) return r;
    if (len) memcpy((void *)dst, src, len);
    return ERR_OK;
}
