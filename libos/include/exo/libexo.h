/* exo/libexo.h: what libexo knows about the env it runs in, set up before main. */
#ifndef EXO_LIBEXO_H
#define EXO_LIBEXO_H

#include <exo/abi.h>

/* This env's id, as the kernel passed it in a0 at start. */
unsigned long libexo_env(void);
/* The argument block (NUL-separated strings ending in an empty one), NULL if none. */
const char *libexo_args(void);
/* The kernel's exposed state, read-only; read it through exo/exposed.h. */
const volatile struct exo_exposed *libexo_exposed(void);

#endif /* EXO_LIBEXO_H */
