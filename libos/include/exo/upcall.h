/* exo/upcall.h: a minimal upcall layer for libOS code: register an entry stub and an area, read
 * events from the ring, resume the interrupted context; plus the per-env timer.
 *
 * The kernel saves the interrupted context in the area (struct exo_upcall_area, exo/abi.h) and
 * enters upcall_entry (upcall_entry.S) masked, with a0 = the area. The stub saves nothing: it
 * calls the C handler given to exo_upcall_init on the interrupted stack (below the interrupted
 * sp, 16-byte aligned) and then resumes with EXO_SYS_UPCALL_RESUME. A handler may change
 * area->regs (for example regs[0], the pc, to step past a faulting instruction) before it
 * returns. It runs masked: a fault inside it stops the env.
 */
#ifndef EXO_UPCALL_H
#define EXO_UPCALL_H

#include <stdint.h>

#include <exo/counters.h> /* exo_time(), for timer deadlines */

#include <exo/abi.h>

typedef void (*exo_upcall_fn)(struct exo_upcall_area *area);

/* The stub the kernel enters (upcall_entry.S); calls the handler, then resumes. */
void upcall_entry(void);

/* Raw registration: entry and area, or (0, 0) to end upcalls. EXO_OK or a negative EXO_E*. */
long exo_upcall_register(void (*entry)(void), struct exo_upcall_area *area);

/* Back to area->regs, unmasked; does not return unless no area is registered (EXO_ESTATE). */
long exo_upcall_resume(void);

/* Registers upcall_entry with `area` (8-byte aligned, one page this env owns: it becomes vital)
 * and `handler`, which the stub calls for every delivery. EXO_OK or a negative EXO_E*. */
long exo_upcall_init(struct exo_upcall_area *area, exo_upcall_fn handler);

/* Takes the oldest waiting event out of the ring into *ev: 1, or 0 if none waits. */
int exo_upcall_next(struct exo_upcall_area *area, struct exo_event *ev);

/* EXO_EV_TIMER once `time` reaches deadline (0: none); a new deadline replaces the old. */
long exo_timer_set(uint64_t deadline);

#endif /* EXO_UPCALL_H */
