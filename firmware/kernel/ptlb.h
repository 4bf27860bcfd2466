/* kernel/ptlb.h: PMP as each env's software-refilled TLB: the hardware side of kernel/pmp.h.
 * Entry 0 is pinned to the exposed state (read-only); the rest cache an env's pages, refilled
 * on access faults; each env index keeps its own cache while switched out, and a switch
 * writes the incoming env's entries to the hardware. */
#ifndef EXO_KERNEL_PTLB_H
#define EXO_KERNEL_PTLB_H

#include <stdint.h>

/* Probe-time setup: pin the exposed-state entry, every other entry off. */
void ptlb_init(unsigned pmp_entries);

/* The env with this index runs next (0: none): the hardware gets its entries. */
void ptlb_switch(unsigned env_index);

/* env's rights on ppn ended or changed: drop any entry of its cache covering it (from the
 * hardware too if its entries are loaded). The ownership table's `changed` hook. */
void ptlb_changed(uint32_t ppn, unsigned env_index);

/* The scheduler enters env `id` (generation << 16 | index): as ptlb_switch(index), and if the
 * index's cache was last another env's (the entry was reused), it starts empty. */
void ptlb_enter(uint32_t id);

/* An access fault at addr needing `access` (EXO_PERM_R/W/X): ERR_OK when an entry now grants
 * it (retry the access), ERR_PERM when the env holds no such right there. */
int ptlb_fault(unsigned env_index, uintptr_t addr, unsigned access);

#endif /* EXO_KERNEL_PTLB_H */
