/* kernel/memory.h: the kernel's one ownership table (kernel/pages.h) over the managed RAM, with
 * its hooks wired: pages are zeroed before they are bound again, and a change of an env's
 * rights drops the PMP entries that cached them (kernel/ptlb.h). */
#ifndef EXO_KERNEL_MEMORY_H
#define EXO_KERNEL_MEMORY_H

#include <stdint.h>

#include "kernel/pages.h"

extern struct pages kpages;

/* Manage pages [first_ppn, first_ppn + count), all free, with entries[count] as the table;
 * count is clamped to EXO_EXPOSED_PAGES_MAX. The free bitmap is the exposed state's. */
int memory_init(uint32_t first_ppn, uint32_t count, struct page_entry *entries);

/* Bytes of table memory_init needs for count pages. */
#define MEMORY_TABLE_BYTES(count) ((uint64_t)(count) * sizeof(struct page_entry))

#endif /* EXO_KERNEL_MEMORY_H */
