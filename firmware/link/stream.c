/* link/stream.c: splits the line at 0x00 delimiters and checks each run as one frame.
 *
 * Each byte is touched once on its way in: it is COBS-decoded straight from the caller's span
 * (the UART ring) into buf, and the frame is then parsed in buf, its body handed out as a
 * pointer into it. The decoding is the same as cobs_decode's (test_link_c.py checks that
 * the two agree on every run). The buffer is bounded: a run longer than any frame's encoding
 * is counted as overflow and skipped.
 */
#include "link/stream.h"

void stream_reset(struct stream *s) {
    s->run = 0;
    s->len = 0;
    s->left = 0;
    s->zero = 0;
    s->overflow = 0;
}

static void finish(struct stream *s, struct stream_result *r) {
    r->event = STREAM_DROP;
    if (s->overflow)
        r->error = FRAME_ERR_OVERFLOW;
    else if (s->left)
        r->error = FRAME_ERR_COBS; /* the last code promised more bytes than came */
    else if ((r->error = frame_parse(s->buf, s->len, &r->frame)) == FRAME_OK)
        r->event = STREAM_FRAME;
    stream_reset(s);
}

size_t stream_feed(struct stream *s, const uint8_t *data, size_t n, struct stream_result *r) {
    r->event = STREAM_NONE;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = data[i];
        if (b == 0) {
            if (s->run == 0 && !s->overflow)
                continue; /* an empty frame (two delimiters): ignored, not counted */
            finish(s, r);
            return i + 1;
        }
        if (s->run == sizeof s->buf) {
            s->overflow = 1;
        } else if (s->left) {
            s->run++;
            s->buf[s->len++] = b;
            s->left--;
        } else {
            /* A code byte: the previous block's implied zero is real, since a block follows. */
            if (s->run++ && s->zero) s->buf[s->len++] = 0;
            s->left = (uint8_t)(b - 1);
            s->zero = b != 0xff;
        }
    }
    return n;
}
