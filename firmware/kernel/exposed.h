/* kernel/exposed.h: the exposed state (struct exo_exposed in exo/abi.h): the kernel's
 * bookkeeping, readable by every env through one read-only PMP entry.
 *
 * Every change goes between exposed_begin() and exposed_end(), which make the version odd and
 * then even again, so a reader can tell a torn copy. They nest (only the outermost pair counts),
 * so a syscall can wrap several updates in one pair. */
#ifndef EXO_KERNEL_EXPOSED_H
#define EXO_KERNEL_EXPOSED_H

#include "exo/abi.h"

/* EXPOSED_ALIGN-aligned, so one NAPOT PMP entry of EXPOSED_REGION bytes covers it. */
#define EXPOSED_REGION 16384
#define EXPOSED_ALIGN  EXPOSED_REGION
extern struct exo_exposed kexposed;

struct env;

/* Fill the constant fields (magic, page range, PMP counts, timebase); version 0. */
void exposed_init(uint32_t page_first, uint32_t page_count, uint32_t pmp_entries,
                  uint32_t pmp_pinned, uint64_t timebase_hz);

void exposed_begin(void);
void exposed_end(void);

/* Refresh one env's summary (id 0 when FREE) and the free-page count. Call between begin/end. */
void exposed_env(const struct env *e);
void exposed_pages(void);

/* Refresh the slot vector (as env ids), its size and every summary's slot count, from
 * kernel/slots.h. O(EXO_SLOT_MAX + envs). Call between begin/end after any slot change. */
void exposed_slots(void);

#endif /* EXO_KERNEL_EXPOSED_H */
