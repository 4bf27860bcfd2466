/* link/stream.c: splits the line at 0x00 delimiters and checks each run as one frame.
 *
 * Every byte is copied once, from the caller's span into buf; COBS decoding and frame
 * parsing then happen in buf, and the frame's body is handed out as a pointer into it.
 * The buffer is bounded: a run longer than any frame is counted as overflow and skipped.
 */
#include "link/stream.h"

void stream_reset(struct stream *s) {
    s->len = 0;
    s->overflow = 0;
}

static void finish(struct stream *s, struct stream_result *r) {
    r->event = STREAM_DROP;
    if (s->overflow) {
        r->error = FRAME_ERR_OVERFLOW;
    } else {
        long n = cobs_decode(s->buf, s->buf, s->len);
        r->error = n < 0 ? FRAME_ERR_COBS : frame_parse(s->buf, (size_t)n, &r->frame);
        if (r->error == FRAME_OK) r->event = STREAM_FRAME;
    }
    stream_reset(s);
}

size_t stream_feed(struct stream *s, const uint8_t *data, size_t n, struct stream_result *r) {
    r->event = STREAM_NONE;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = data[i];
        if (b != 0) {
            if (s->len < sizeof s->buf)
                s->buf[s->len++] = b;
            else
                s->overflow = 1;
            continue;
        }
        if (s->len == 0 && !s->overflow)
            continue; /* an empty frame (two delimiters): ignored, not counted */
        finish(s, r);
        return i + 1;
    }
    return n;
}
