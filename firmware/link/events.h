/* link/events.h: what the target tells the host unasked: env faults, exits and revocation
 * outcomes (and, through kernel/console.h, console output). Sent at once in a session; printed as a
 * log line in terminal mode. docs/link.md, "Events". */
#ifndef EXO_LINK_EVENTS_H
#define EXO_LINK_EVENTS_H

#include <stdint.h>

void events_fault(uint32_t env, uint32_t cause, uint64_t pc, uint64_t addr);
void events_exit(uint32_t env, int32_t code);

/* A REVOKE from the host ended (kernel/revoke.h): kind EXO_REVOKE_*, what was asked, what the
 * env gave back itself and what the abort protocol took. */
void events_revoked(uint32_t env, unsigned kind, uint32_t requested, uint32_t given,
                    uint32_t taken);

#endif /* EXO_LINK_EVENTS_H */
