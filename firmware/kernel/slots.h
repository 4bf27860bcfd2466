/* kernel/slots.h: the time-slice vector: slot -> owning env index (0 = free). Pure bookkeeping;
 * kernel/sched.c walks it, the exposed state mirrors it (as env ids) through exposed_slots(). */
#ifndef EXO_KERNEL_SLOTS_H
#define EXO_KERNEL_SLOTS_H

#include <stdint.h>

#include "exo/abi.h"
#include "kernel/errors.h"

#define SLOTS_ANY  UINT32_MAX
#define SLOTS_NONE 0xffffu /* no slot: slots_current() when idle or donated to */

/* count slots (1 .. EXO_SLOT_MAX) of `ticks` `time` ticks each, all free. */
int slots_init(unsigned count, uint32_t ticks);
unsigned slots_count(void);
uint32_t slots_ticks(void);

/* Owner index of slot (0 free, or out of range). */
unsigned slots_owner(unsigned slot);

/* Bind a free slot (SLOTS_ANY: the lowest free) to env: ERR_NOMEM none free, ERR_INVAL out of
 * range, ERR_BUSY owned. */
int slots_alloc(unsigned env, uint32_t slot, unsigned *out);

/* The owner gives it back (ERR_NOENT free, ERR_PERM not the owner). */
int slots_free(unsigned env, unsigned slot);

/* The owner hands it to another env (a parent provisioning a child). */
int slots_give(unsigned from, unsigned to, unsigned slot);

/* Free every slot env owns; returns how many. */
unsigned slots_release_all(unsigned env);

unsigned slots_owned(unsigned env);

/* The highest-numbered slot env owns, or SLOTS_NONE (the abort protocol takes from the top). */
unsigned slots_highest(unsigned env);

/* The slot whose time is running now (SLOTS_NONE: idle, or an env runs on a donation). sched.c
 * sets it as it walks the vector; the link's SLOTS request reports it. */
void slots_set_current(unsigned slot);
unsigned slots_current(void);

/* Verify the vector against the per-env counts: 0 if they agree (host tests). */
int slots_check(void);

#endif /* EXO_KERNEL_SLOTS_H */
