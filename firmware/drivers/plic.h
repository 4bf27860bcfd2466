/* drivers/plic.h: the platform-level interrupt controller, for one context (hart 0, M-mode). */
#ifndef EXO_DRIVERS_PLIC_H
#define EXO_DRIVERS_PLIC_H

#include <stdint.h>

#define PLIC_PRIORITY       0x000000 /* 4 bytes a source */
#define PLIC_ENABLE         0x002000 /* 0x80 bytes a context, one bit a source */
#define PLIC_ENABLE_STRIDE  0x80
#define PLIC_THRESHOLD      0x200000 /* 0x1000 bytes a context */
#define PLIC_CLAIM          0x200004 /* read to claim, write to complete */
#define PLIC_CONTEXT_STRIDE 0x1000

void plic_init(uintptr_t base, unsigned context);

/* Let source irq interrupt our context (priority 1, above the threshold of 0). */
void plic_enable(unsigned irq);

/* The highest-priority pending source (0 if none); completing it lets it fire again. */
unsigned plic_claim(void);
void plic_complete(unsigned irq);

#endif /* EXO_DRIVERS_PLIC_H */
