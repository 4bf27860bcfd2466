/* exo/fault.h: reporting a fault the application did not handle (fault.c, the event layer's
 * default for EXO_EV_FAULT). */
#ifndef EXO_FAULT_H
#define EXO_FAULT_H

#include <exo/abi.h>

/* The privileged spec's name for an mcause exception code ("load access fault"). */
const char *fault_name(unsigned long cause);
/* "libexo: fault: <name> pc=0x.. addr=0x.. env=0x.." on the console, then exit with
 * EVENTS_EXIT_FAULT(cause) (exo/events.h). */
__attribute__((noreturn)) void fault_report(const struct exo_event *ev);

#endif /* EXO_FAULT_H */
