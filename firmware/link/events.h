/* link/events.h: what the target tells the host unasked: env faults and exits (and, through
 * kernel/console.h, console output). Sent at once in a session; printed as a log line in
 * terminal mode. docs/link.md, "Events". */
#ifndef EXO_LINK_EVENTS_H
#define EXO_LINK_EVENTS_H

#include <stdint.h>

void events_fault(uint32_t env, uint32_t cause, uint64_t pc, uint64_t addr);
void events_exit(uint32_t env, int32_t code);

#endif /* EXO_LINK_EVENTS_H */
