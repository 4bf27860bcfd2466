/* drivers/clint.h: the core-local interruptor: mtime (the `time` base) and hart 0's mtimecmp. */
#ifndef EXO_DRIVERS_CLINT_H
#define EXO_DRIVERS_CLINT_H

#include <stdint.h>

#define CLINT_MSIP     0x0000 /* hart 0's software interrupt */
#define CLINT_MTIMECMP 0x4000 /* hart 0's compare register, 8 bytes a hart */
#define CLINT_MTIME    0xbff8

void clint_init(uintptr_t base);

/* Ticks since reset, at the timebase frequency. */
uint64_t clint_now(void);

/* Raise the machine timer interrupt once mtime reaches when (until rearmed or disarmed). */
void clint_arm(uint64_t when);

/* No timer interrupt: compare against the far future. */
void clint_disarm(void);

#endif /* EXO_DRIVERS_CLINT_H */
