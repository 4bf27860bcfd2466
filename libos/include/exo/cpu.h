/* exo/cpu.h: wrappers for CPU time and env families: slots of the time-slice vector, yield,
 * child envs and revocation (exo/abi.h; docs/abi.md, "Slots", "Child envs", "Revocation").
 *
 * Each returns a negative EXO_E* on failure; otherwise EXO_OK, or the call's value where it has
 * one (a slot, an env id, a count).
 */
#ifndef EXO_CPU_H
#define EXO_CPU_H

#include <stddef.h>
#include <stdint.h>

#include <exo/abi.h>

/* Binds slot `slot` (or EXO_ANY: the lowest free one); the slot bound. */
long exo_slot_alloc(long slot);
/* Gives slot back: EXO_OK. */
long exo_slot_free(unsigned long slot);
/* Donates the rest of this slot to env (EXO_ANY: to whoever is next); EXO_OK once this env runs
 * again. */
long exo_yield(long env);

/* A child env named name[0..len): LOADING, owning nothing; its id. */
long exo_env_create(const char *name, size_t len);
/* Page ppn (owned by the caller) with its contents and rights becomes child's: EXO_OK. */
long exo_env_give_page(unsigned long child, unsigned long ppn);
/* Slot (owned by the caller) becomes child's: EXO_OK. */
long exo_env_give_slot(unsigned long child, unsigned long slot);
/* child starts at pc with a1 = arg: EXO_OK. */
long exo_env_start(unsigned long child, uintptr_t pc, unsigned long arg);
/* Destroys child (and its children); the number of pages that went back to the free pool. */
long exo_env_destroy(unsigned long child);

/* Asks child to give back count pages or slots (EXO_REVOKE_*) by `deadline` (a `time` value):
 * EXO_OK; the abort protocol takes the rest then. */
long exo_revoke(unsigned long child, unsigned kind, unsigned long count, uint64_t deadline);
/* Copies and removes up to max entries of this env's repossession vector, oldest first; how
 * many were copied. */
long exo_repossessed(struct exo_repossession *out, unsigned long max);

#endif /* EXO_CPU_H */
