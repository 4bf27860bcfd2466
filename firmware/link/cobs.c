/* link/cobs.c: COBS encoding (streamed, no intermediate buffer) and in-place decoding. */
#include "link/cobs.h"

void cobs_encode_stream(const uint8_t *src, size_t n, cobs_put_fn *put, void *ctx) {
    size_t start = 0; /* first byte of the block being collected */
    int after_full = 0;
    for (size_t i = 0; i < n; i++) {
        if (src[i] == 0) {
            uint8_t code = (uint8_t)(i - start + 1);
            put(ctx, &code, 1);
            put(ctx, src + start, i - start);
            start = i + 1;
            after_full = 0;
        } else if (i + 1 - start == 254) {
            /* A full block carries no implied zero. */
            uint8_t code = 0xff;
            put(ctx, &code, 1);
            put(ctx, src + start, 254);
            start = i + 1;
            after_full = 1;
        }
    }
    /* The last block, unless the input ended exactly on a full block (as Python's cobs). */
    if (!(after_full && start == n)) {
        uint8_t code = (uint8_t)(n - start + 1);
        put(ctx, &code, 1);
        put(ctx, src + start, n - start);
    }
}

struct sink {
    uint8_t *dst;
    size_t len;
};

static void put_mem(void *ctx, const uint8_t *data, size_t n) {
    struct sink *s = ctx;
    for (size_t i = 0; i < n; i++)
        s->dst[s->len++] = data[i];
}

size_t cobs_encode(uint8_t *dst, const uint8_t *src, size_t n) {
    struct sink s = {dst, 0};
    cobs_encode_stream(src, n, put_mem, &s);
    return s.len;
}

long cobs_decode(uint8_t *dst, const uint8_t *src, size_t n) {
    /* In place is safe: the write index never passes the next code byte's index. */
    size_t in = 0, out = 0;
    while (in < n) {
        uint8_t code = src[in++];
        if (code == 0 || code - 1 > (long)(n - in)) return -1;
        for (uint8_t k = 1; k < code; k++) {
            uint8_t b = src[in++];
            if (b == 0) return -1;
            dst[out++] = b;
        }
        if (code != 0xff && in < n) dst[out++] = 0;
    }
    return (long)out;
}
