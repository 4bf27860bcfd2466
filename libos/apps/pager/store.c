/* store.c: the pager's compressed backing store (store.h).
 *
 * Codec: a blob is a list of records, each a header word (literal count << 16 | repeat count),
 * that many literal words, then one word repeated `repeat` times when repeat > 0. A run of
 * MIN_RUN or more equal words becomes a repeat; pages that are partly filled (the zeros after
 * their data) shrink to little more than their data.
 *
 * Arena: blobs are appended at `top`; replacing or dropping one leaves a hole. When a blob does
 * not fit after `top`, the live blobs are packed down in address order (each moves down, never
 * over a blob not yet moved) and the append is tried again.
 */
#include "store.h"

#define MIN_RUN   3u
#define FIELD_MAX 0xffffu

static uint32_t arena[STORE_ARENA_WORDS];
static uint32_t scratch[STORE_PAGE_WORDS + 1];
static uint32_t blob_off[STORE_PAGES_MAX];
static uint32_t blob_len[STORE_PAGES_MAX]; /* 0: no blob (a blob is never empty) */
static uint32_t top;
static struct store_stats stats;

static uint32_t run_at(const uint32_t *in, uint32_t i, uint32_t n) {
    uint32_t j = i + 1;
    while (j < n && in[j] == in[i] && j - i < FIELD_MAX)
        j++;
    return j - i;
}

uint32_t store_compress(const uint32_t *in, uint32_t n, uint32_t *out) {
    uint32_t i = 0, o = 0;
    while (i < n) {
        uint32_t first = i;
        while (i < n && i - first < FIELD_MAX && run_at(in, i, n) < MIN_RUN)
            i++;
        uint32_t lit = i - first, rep = i < n && i - first < FIELD_MAX ? run_at(in, i, n) : 0;
        out[o++] = lit << 16 | rep;
        for (uint32_t k = 0; k < lit; k++)
            out[o++] = in[first + k];
        if (rep > 0) {
            out[o++] = in[i];
            i += rep;
        }
    }
    return o;
}

long store_decompress(const uint32_t *in, uint32_t len, uint32_t *out, uint32_t room) {
    uint32_t pos = 0, made = 0;
    while (pos < len) {
        uint32_t lit = in[pos] >> 16, rep = in[pos] & FIELD_MAX;
        pos++;
        if (lit + rep == 0 || lit > len - pos || lit + rep > room - made) return -1;
        for (uint32_t k = 0; k < lit; k++)
            out[made++] = in[pos++];
        if (rep > 0) {
            if (pos == len) return -1;
            uint32_t v = in[pos++];
            for (uint32_t k = 0; k < rep; k++)
                out[made++] = v;
        }
    }
    return (long)made;
}

void store_init(void) {
    for (uint32_t p = 0; p < STORE_PAGES_MAX; p++)
        blob_len[p] = 0;
    top = 0;
    stats = (struct store_stats){0};
}

int store_has(uint32_t page) {
    return page < STORE_PAGES_MAX && blob_len[page] != 0;
}

void store_drop(uint32_t page) {
    if (!store_has(page)) return;
    stats.live -= blob_len[page];
    stats.blobs--;
    blob_len[page] = 0;
}

/* Packs the live blobs down to the arena's start, in address order. */
static void compact(void) {
    uint32_t order[STORE_PAGES_MAX], n = 0;
    for (uint32_t p = 0; p < STORE_PAGES_MAX; p++) {
        if (blob_len[p] == 0) continue;
        uint32_t k = n++;
        while (k > 0 && blob_off[order[k - 1]] > blob_off[p]) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = p;
    }
    uint32_t to = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t p = order[k];
        for (uint32_t w = 0; w < blob_len[p]; w++)
            arena[to + w] = arena[blob_off[p] + w]; /* to <= blob_off[p]: ascending is safe */
        blob_off[p] = to;
        to += blob_len[p];
    }
    top = to;
    stats.compactions++;
}

int store_put(uint32_t page, const uint32_t *words) {
    if (page >= STORE_PAGES_MAX) return -1;
    uint32_t n = store_compress(words, STORE_PAGE_WORDS, scratch);
    store_drop(page);
    if (n > STORE_ARENA_WORDS - top) compact();
    if (n > STORE_ARENA_WORDS - top) return -1;
    for (uint32_t w = 0; w < n; w++)
        arena[top + w] = scratch[w];
    blob_off[page] = top;
    blob_len[page] = n;
    top += n;
    stats.live += n;
    stats.blobs++;
    stats.puts++;
    return 0;
}

int store_get(uint32_t page, uint32_t *words) {
    if (!store_has(page)) return -1;
    long made = store_decompress(arena + blob_off[page], blob_len[page], words, STORE_PAGE_WORDS);
    return made == (long)STORE_PAGE_WORDS ? 0 : -1;
}

int store_damage(uint32_t page) {
    if (!store_has(page)) return -1;
    arena[blob_off[page] + blob_len[page] - 1] ^= 1;
    return 0;
}

const struct store_stats *store_stats(void) {
    return &stats;
}
