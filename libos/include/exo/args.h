/* exo/args.h: an app's `key=value` arguments (the argument block, exo/libexo.h) read as numbers. */
#ifndef EXO_ARGS_H
#define EXO_ARGS_H

#include <stddef.h>

/* One argument an app takes: its key and where its value goes. */
struct args_number {
    const char *key;
    unsigned long *value;
};

/* Sets the value of every `key=N` string of the argument block (N decimal, or hex after 0x);
 * keys not given keep their value. Returns NULL, or the first argument that is not one of the
 * n keys with a number (the values before it are set). */
const char *args_numbers(const struct args_number *spec, size_t n);

#endif /* EXO_ARGS_H */
