/* kernel/ptlb.h: PMP as the running env's software-refilled TLB: the hardware side of
 * kernel/pmp.h. Entry 0 is pinned to the exposed state (read-only); the rest cache the
 * running env's pages, refilled on access faults and dropped on every env switch. */
#ifndef EXO_KERNEL_PTLB_H
#define EXO_KERNEL_PTLB_H

#include <stdint.h>

/* Probe-time setup: pin the exposed-state entry, every other entry off. */
void ptlb_init(unsigned pmp_entries);

/* The env with this index runs next: drop every cached entry of the previous one. */
void ptlb_switch(unsigned env_index);

/* env's rights on ppn ended or changed: drop any cached entry covering it, if env is the one
 * whose entries are loaded (others have none). The ownership table's `changed` hook. */
void ptlb_changed(uint32_t ppn, unsigned env_index);

/* An access fault at addr needing `access` (EXO_PERM_R/W/X): ERR_OK when an entry now grants
 * it (retry the access), ERR_PERM when the env holds no such right there. */
int ptlb_fault(unsigned env_index, uintptr_t addr, unsigned access);

#endif /* EXO_KERNEL_PTLB_H */
