/* kernel/upcall.h: events delivered to a libOS at the entry point it registered, with its
 * save area and event ring in one page it owns (struct exo_upcall_area, exo/abi.h).
 *
 * The kernel reads and writes the area directly (M-mode): registration checked that it lies in
 * one RW page the env owns, and that page is vital (kernel/revoke.h never takes it while the
 * env lives), so it stays valid until the env unregisters or dies. */
#ifndef EXO_KERNEL_UPCALL_H
#define EXO_KERNEL_UPCALL_H

#include <stdint.h>

#include "kernel/env.h"

/* EXO_SYS_UPCALL_REGISTER's checks and effect: entry in an X page, area in one RW page, both
 * the caller's. (0, 0) unregisters. */
int upcall_register(struct env *e, uintptr_t entry, uintptr_t area);

/* Queue an event in e's ring (counted as lost when full). No-op without a registered area. */
void upcall_post(struct env *e, uint32_t kind, uint32_t a, uint64_t b, uint64_t c);

/* Just before the kernel returns to e: if e has events waiting and is not masked, save e->tf in
 * the area, mask, and point e->tf at the entry with a0 = the area. */
void upcall_deliver(struct env *e);

/* A fault in e: if it can take an upcall now (registered, not masked), post EXO_EV_FAULT and
 * deliver it at once, returning 1; else 0 and the caller stops the env. */
int upcall_fault(struct env *e, uint32_t cause, uint64_t pc, uint64_t addr);

/* EXO_SYS_UPCALL_RESUME: e->tf = the saved context, unmasked (then upcall_deliver may run
 * again at once if more events wait). ERR_STATE when no area is registered. */
int upcall_resume(struct env *e);

/* Is this page e's vital page (the one holding its area)? */
int upcall_vital(const struct env *e, uint32_t ppn);

#endif /* EXO_KERNEL_UPCALL_H */
