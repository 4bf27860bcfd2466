/* exo/exposed.h: consistent reads of the kernel's exposed state (struct exo_exposed, exo/abi.h).
 *
 * The kernel makes `version` odd while it writes and even after; a reader copies what it needs
 * between two reads of an even, unchanged `version`, and retries otherwise (a seqlock). Pure: no
 * syscalls, so it is tested on the host with a simulated concurrent writer.
 */
#ifndef EXO_EXPOSED_H
#define EXO_EXPOSED_H

#include <stddef.h>
#include <stdint.h>

#include <exo/abi.h>

/* Copies what the caller wants out of src; may run several times (one per attempt). */
typedef void (*exposed_copy_fn)(void *ctx, const volatile struct exo_exposed *src);

/* Runs copy until it saw one consistent version, at most `tries` times. Returns EXO_OK,
 * EXO_EAGAIN (the kernel kept writing) or EXO_EINVAL (NULL or bad magic). If `attempts` is not
 * NULL it receives how many copies ran. */
int exposed_read(const volatile struct exo_exposed *src, exposed_copy_fn copy, void *ctx,
                 unsigned tries, unsigned *attempts);

/* The page part of the exposed state: the header fields and the free bitmap words. */
struct exposed_pages {
    uint32_t page_first;
    uint32_t page_count;
    uint32_t pages_free;
    uint32_t pmp_entries;
    uint32_t pmp_pinned;
    uint64_t *bitmap;    /* caller's buffer */
    size_t bitmap_words; /* its capacity in words; page_count is clamped to 64 * this */
};

/* One consistent copy of the page fields and as much of the free bitmap as dst holds. */
int exposed_pages_read(const volatile struct exo_exposed *src, struct exposed_pages *dst,
                       unsigned tries);

/* Default number of attempts before a reader gives up with EXO_EAGAIN. */
#define EXPOSED_TRIES 64

#endif /* EXO_EXPOSED_H */
