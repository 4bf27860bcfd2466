/* link/frame.c: seals (header + CRC) and checks raw frames; COBS is done around it. */
#include "link/frame.h"
#include "link/crc32.h"

static void put16(uint8_t *p, uint16_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static uint16_t get16(const uint8_t *p) {
    return (uint16_t)(p[0] | p[1] << 8);
}

size_t frame_seal(uint8_t *raw, uint8_t type, uint8_t flags, uint16_t seq, uint16_t body_len) {
    raw[0] = FRAME_VERSION;
    raw[1] = type;
    raw[2] = flags;
    put16(raw + 3, seq);
    put16(raw + 5, body_len);
    size_t n = FRAME_HEADER_SIZE + (size_t)body_len;
    uint32_t crc = crc32_update(0, raw, n);
    put16(raw + n, (uint16_t)crc);
    put16(raw + n + 2, (uint16_t)(crc >> 16));
    return n + FRAME_CRC_SIZE;
}

enum frame_error frame_parse(const uint8_t *raw, size_t n, struct frame *out) {
    if (n < FRAME_MIN_RAW) return FRAME_ERR_SHORT;
    uint16_t length = get16(raw + 5);
    if (length > FRAME_MAX_BODY || (size_t)length != n - FRAME_MIN_RAW) return FRAME_ERR_LENGTH;
    size_t covered = n - FRAME_CRC_SIZE;
    uint32_t crc = (uint32_t)get16(raw + covered) | (uint32_t)get16(raw + covered + 2) << 16;
    if (crc32_update(0, raw, covered) != crc) return FRAME_ERR_CRC;
    /* Version last: only a frame that is intact can say it speaks another version. */
    if (raw[0] != FRAME_VERSION) return FRAME_ERR_VERSION;
    out->type = raw[1];
    out->flags = raw[2];
    out->seq = get16(raw + 3);
    out->length = length;
    out->body = raw + FRAME_HEADER_SIZE;
    return FRAME_OK;
}

const char *frame_error_name(enum frame_error e) {
    static const char *const names[] = {
        [FRAME_OK] = "ok",
        [FRAME_ERR_COBS] = "cobs",
        [FRAME_ERR_SHORT] = "short",
        [FRAME_ERR_LENGTH] = "length",
        [FRAME_ERR_CRC] = "crc",
        [FRAME_ERR_VERSION] = "version",
        [FRAME_ERR_OVERFLOW] = "overflow",
    };
    return (unsigned)e < sizeof names / sizeof names[0] ? names[e] : "?";
}
