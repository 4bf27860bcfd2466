/* lib/string.c: memcpy, memset, memcmp and strlen for the freestanding kernel.
 *
 * GCC may emit calls to these on its own (struct copies, zeroing), so they must exist even
 * where no source calls them. The Makefile builds everything with
 * -fno-tree-loop-distribute-patterns so these loops are not turned back into calls to
 * themselves. memcpy and memset move a register's width at a time where alignment allows:
 * pages are zeroed and images copied with them, 8 times faster on rv64 than byte by byte.
 */
#include "lib/string.h"

#include <stdint.h>

/* may_alias: these words may overlay memory of any type. */
typedef unsigned long __attribute__((may_alias)) word;
#define WORD sizeof(word)

void *memcpy(void *restrict dst, const void *restrict src, size_t n) {
    unsigned char *d = dst;
    const unsigned char *s = src;
    if ((((uintptr_t)d | (uintptr_t)s) & (WORD - 1)) == 0) {
        for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
            *(word *)d = *(const word *)s;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n) {
    unsigned char *d = dst;
    for (; n && ((uintptr_t)d & (WORD - 1)); n--)
        *d++ = (unsigned char)c;
    word w = (unsigned char)c * (~0UL / 0xff); /* the byte in every byte of a word */
    for (; n >= WORD; n -= WORD, d += WORD)
        *(word *)d = w;
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
