/* link/stream.h: the link's streaming frame decoder: raw line bytes in, frames or drops out.
 * Pure; the same code runs in the firmware and in the host test harness. */
#ifndef EXO_LINK_STREAM_H
#define EXO_LINK_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "link/frame.h"

/* What one call to stream_feed found. */
enum stream_event {
    STREAM_NONE,  /* all input consumed, no frame ended */
    STREAM_FRAME, /* a valid frame: see stream_result.frame */
    STREAM_DROP,  /* a frame was dropped: see stream_result.error */
};

struct stream_result {
    enum stream_event event;
    enum frame_error error;
    struct frame frame; /* body points into the decoder: valid until the next feed */
};

/* COBS-decodes as bytes arrive, so a run is copied once and never passed over again before
 * its CRC is checked. A run holds at most one maximum-size encoded frame. */
struct stream {
    size_t run;       /* encoded bytes in the current run */
    size_t len;       /* decoded bytes in buf */
    uint8_t left;     /* data bytes still due in the current COBS block */
    uint8_t zero;     /* the current block ends in an implied zero (if another block follows) */
    uint8_t overflow; /* the run is longer than any frame: drop it at its delimiter */
    uint8_t buf[FRAME_MAX_ENCODED]; /* decoded is always shorter than encoded */
};

void stream_reset(struct stream *s);

/* Consume bytes up to and including the first delimiter that ends a non-empty run (or all
 * of them). Returns how many were consumed; r says whether a frame ended and how. */
size_t stream_feed(struct stream *s, const uint8_t *data, size_t n, struct stream_result *r);

#endif /* EXO_LINK_STREAM_H */
