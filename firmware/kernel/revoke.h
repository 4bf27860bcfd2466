/* kernel/revoke.h: visible revocation and the abort protocol.
 *
 * A request (from the host's REVOKE or a parent's EXO_SYS_REVOKE) asks env e to give back
 * `count` pages or slots by `deadline`: e gets EXO_EV_REVOKE and releases the ones it chooses
 * (page free, slot free, or giving them to a child). When it has, the request is done. At the
 * deadline the abort protocol takes the rest (never the vital page; if only vital pages are
 * left, e is destroyed), records each in e's repossession vector (EXO_SYS_REPOSSESSED) and
 * posts EXO_EV_REPOSSESSED. Either way the requester learns given/taken (the host by a REVOKED
 * event, docs/link.md). One request per env at a time. */
#ifndef EXO_KERNEL_REVOKE_H
#define EXO_KERNEL_REVOKE_H

#include <stdint.h>

#include "kernel/env.h"

/* requester: 0 for the host, else the parent's env id. ERR_BUSY when one is pending, ERR_INVAL
 * for a bad kind or a count of 0 or more than e holds. */
int revoke_request(struct env *e, unsigned kind, uint32_t count, uint64_t deadline,
                   uint32_t requester);

/* e released one page or slot (syscall paths call this after a successful free/give). */
void revoke_released(struct env *e, unsigned kind);

/* The KTIMER_REVOKE deadline passed: run the abort protocol for every request due at now.
 * It frees pages and may destroy envs, so it must not interrupt other kernel code: call it
 * from the U-mode trap path or the idle loop with interrupts off, never from an interrupt
 * taken inside session_service() (the timer handler should only note that it expired). */
void revoke_expire(uint64_t now);

/* e is being destroyed: its pending request ends (taken = what it still owed). */
void revoke_forget(struct env *e);

/* Copy up to max entries of e's repossession vector (oldest first) and drop them. */
unsigned revoke_repossessed(struct env *e, struct exo_repossession *out, unsigned max);

#endif /* EXO_KERNEL_REVOKE_H */
