/* store.h: the pager's backing store: evicted pages kept compressed in a static arena, one
 * blob per logical page, packed down when appending would run off the end. */
#ifndef PAGER_STORE_H
#define PAGER_STORE_H

#include <stdint.h>

/* A page as the store sees it: 1024 32-bit words (one word size on every xlen, so the
 * compressed sizes and the output are the same on rv32 and rv64). */
#define STORE_PAGE_WORDS 1024u
/* Logical pages the store can hold a blob for. */
#define STORE_PAGES_MAX 64u
/* Arena words: the pager's pages compress to at most STORE_BLOB_WORST words each (main.c's
 * content model), so STORE_PAGES_MAX of them always fit and a put can only fail on a bug. */
#define STORE_BLOB_WORST  300u
#define STORE_ARENA_WORDS (STORE_PAGES_MAX * STORE_BLOB_WORST)

struct store_stats {
    uint32_t blobs; /* pages with a blob */
    uint32_t live;  /* words their blobs take */
    uint32_t compactions;
    uint32_t puts;
};

void store_init(void);
/* Compresses page into the blob of logical page `page` (replacing any): 0, or -1 if it cannot
 * fit even after packing (nothing changed then). */
int store_put(uint32_t page, const uint32_t *words);
/* Decompresses page's blob into words[STORE_PAGE_WORDS]: 0, or -1 if the page has no blob or
 * its blob does not decode to exactly one page. The blob stays. */
int store_get(uint32_t page, uint32_t *words);
/* Forgets page's blob (its copy in a frame was written and is newer). */
void store_drop(uint32_t page);
int store_has(uint32_t page);
/* Flips one bit of page's blob, as a failing memory or a bug in the store would: for showing
 * that the pager's checks notice. 0, or -1 if the page has no blob. */
int store_damage(uint32_t page);
const struct store_stats *store_stats(void);

/* The codec, exposed for the store's own use and for checking: compresses n words into out
 * (room for n + 1 words at worst) and returns the words written; decompress returns the words
 * produced (at most `room`), or -1 on a malformed blob. */
uint32_t store_compress(const uint32_t *in, uint32_t n, uint32_t *out);
long store_decompress(const uint32_t *in, uint32_t len, uint32_t *out, uint32_t room);

#endif /* PAGER_STORE_H */
