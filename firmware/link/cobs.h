/* link/cobs.h: Consistent Overhead Byte Stuffing, the framing of the host link. Pure. */
#ifndef EXO_LINK_COBS_H
#define EXO_LINK_COBS_H

#include <stddef.h>
#include <stdint.h>

/* Worst-case encoded size of n bytes (one code byte per started 254-byte block). */
#define COBS_MAX_ENCODED(n) ((n) + (n) / 254 + 1)

/* Receives the encoding piece by piece: a one-byte code, then the block's data. */
typedef void cobs_put_fn(void *ctx, const uint8_t *data, size_t n);

/* Encode src without copying it: each block goes straight to put (e.g. the UART).
 * The output never contains 0x00 and matches Python's `cobs.cobs.encode`. */
void cobs_encode_stream(const uint8_t *src, size_t n, cobs_put_fn *put, void *ctx);

/* Encode into dst, which holds COBS_MAX_ENCODED(n) bytes; returns the encoded length. */
size_t cobs_encode(uint8_t *dst, const uint8_t *src, size_t n);

/* Decode n bytes (no delimiter) into dst, which may equal src (in place), never past
 * dst[n-1]. Returns the decoded length, or -1 if the input is not valid COBS. */
long cobs_decode(uint8_t *dst, const uint8_t *src, size_t n);

#endif /* EXO_LINK_COBS_H */
