/* lib/string.h: the four C string routines the kernel uses (freestanding; no libc). */
#ifndef EXO_LIB_STRING_H
#define EXO_LIB_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif /* EXO_LIB_STRING_H */
