/* lib/string.c: memcpy, memset, memcmp and strlen for the freestanding kernel.
 *
 * GCC may emit calls to these on its own (struct copies, zeroing), so they must exist even
 * where no source calls them. The Makefile builds everything with
 * -fno-tree-loop-distribute-patterns so these loops are not turned back into calls to
 * themselves. Byte loops: the kernel never moves much memory, and small beats fast here.
 */
#include "lib/string.h"

void *memcpy(void *restrict dst, const void *restrict src, size_t n) {
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n) {
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y) return *x - *y;
    return 0;
}

size_t strlen(const char *s) {
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}
