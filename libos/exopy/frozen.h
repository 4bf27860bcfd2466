/* frozen.h: Python modules compiled into the image as source text (see frozen/mkfrozen.sh). */
#ifndef EXOPY_FROZEN_H
#define EXOPY_FROZEN_H

#include <stddef.h>

typedef struct {
    const char *name; /* NULL ends the table */
    const char *src;
    size_t len;
} FrozenModule;

extern const FrozenModule frozen_modules[];

#endif
