/* kernel/ktimer.h: the one machine timer shared by the kernel's deadlines. Each user sets its
 * own deadline; the CLINT is armed for the earliest. */
#ifndef EXO_KERNEL_KTIMER_H
#define EXO_KERNEL_KTIMER_H

#include <stdint.h>

enum ktimer {
    KTIMER_SESSION, /* the link's session timeout */
    KTIMER_QUANTUM, /* end of the running env's quantum (its slot, once slots exist) */
    KTIMER_ENVS,    /* the earliest env timer (EXO_SYS_TIMER_SET) */
    KTIMER_REVOKE,  /* the earliest revocation deadline (kernel/revoke.h) */
    KTIMER_COUNT,
};

#define KTIMER_OFF UINT64_MAX

/* Set (or with KTIMER_OFF clear) one deadline, in `time` ticks, and re-arm the CLINT. */
void ktimer_set(enum ktimer t, uint64_t when);

/* The deadlines that have passed are cleared and returned as a bit mask (1 << enum ktimer);
 * the CLINT is re-armed for the rest. Called from the timer interrupt. */
unsigned ktimer_expire(void);

#endif /* EXO_KERNEL_KTIMER_H */
