/* kernel/uaccess.h: the one place the kernel checks an env's pointer before it reads or writes
 * through it (M-mode is not stopped by PMP, so this check is the only guard).
 *
 * A range [addr, addr + len) is acceptable when len <= UACCESS_MAX, it does not wrap, and
 * every page it touches is a managed page on which the env holds all of `rights` (as owner or
 * sharer, kernel/pages.h). len 0 is acceptable at any address. Anything else is ERR_FAULT. */
#ifndef EXO_KERNEL_UACCESS_H
#define EXO_KERNEL_UACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/errors.h"

/* The most bytes one call may name: bounds the work a syscall does. */
#define UACCESS_MAX (1u << 20)

int uaccess_check(unsigned env_index, uintptr_t addr, size_t len, unsigned rights);

/* Check (EXO_PERM_R / EXO_PERM_W) and copy; ERR_FAULT with nothing copied on failure. */
int copy_from_user(unsigned env_index, void *dst, uintptr_t src, size_t len);
int copy_to_user(unsigned env_index, uintptr_t dst, const void *src, size_t len);

#endif /* EXO_KERNEL_UACCESS_H */
