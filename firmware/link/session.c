/* link/session.c: the link's state machine over the UART.
 *
 * Terminal mode until a good HELLO, session mode until BYE or CONFIG_SESSION_TIMEOUT_S of
 * silence. In terminal mode, bytes outside frames are keystrokes for the foreground env. A
 * session owns the console attachments and the envs it is loading: when it ends (BYE, timeout,
 * a new HELLO) the attachments end and every env it left LOADING is destroyed; on BYE and timeout
 * the terminal then prints what the foreground env wrote during the session. Requests run at most
 * once: the last CONFIG_LINK_WINDOW responses stay here as sealed raw frames keyed by (seq, type),
 * and a duplicate gets its response resent. Bytes move as little as possible: UART ring -> decoder
 * buffer (decoded and parsed in place) -> the handler writes its body straight into a cache slot ->
 * COBS-encoded on the way to the UART.
 */
#include "link/session.h"
#include "arch/riscv/csr.h"
#include "config.h"
#include "drivers/clint.h"
#include "drivers/ns16550.h"
#include "exo/abi.h"
#include "kernel/bootinfo.h"
#include "kernel/console.h"
#include "kernel/klog.h"
#include "kernel/ktimer.h"
#include "lib/string.h"
#include "link/envreq.h"
#include "link/requests.h"
#include "link/stream.h"

_Static_assert(CONFIG_UART_RX_RING >= CONFIG_LINK_WINDOW * FRAME_MAX_WIRE,
               "the UART ring must hold a full window of maximum frames");

#define LOG_TEXT_MAX 256 /* longer log lines are cut */
#define CONSOLE_HEAD 12  /* CONSOLE event body before its data: env u32, offset u64 */

_Static_assert(CONSOLE_HEAD + CONSOLE_EVENT_MAX <= FRAME_MAX_BODY, "console chunks fit an event");

struct cached {
    uint16_t seq;
    uint8_t type;
    uint8_t valid;
    uint16_t len;
    uint8_t raw[FRAME_MAX_RAW];
};

static struct stream rx;
static struct cached cache[CONFIG_LINK_WINDOW];
static unsigned next_slot;               /* the oldest slot: reused next */
static uint8_t hello_raw[FRAME_MAX_RAW]; /* HELLO is never cached */
static uint8_t event_raw[FRAME_MAX_RAW]; /* events are sent at once: one buffer serves all */
static struct link_counters counters;
static uint16_t event_seq;
static int active, busy;
static int framing; /* terminal mode: the bytes since the last 0x00 may be a frame */
static uint64_t deadline;

void session_init(void) {
    stream_reset(&rx);
}

static void put_le(uint8_t *p, uint64_t v, unsigned bytes) {
    for (unsigned i = 0; i < bytes; i++, v >>= 8)
        p[i] = (uint8_t)v;
}

int session_active(void) {
    return active;
}

struct link_counters session_counters(void) {
    struct link_counters c = counters;
    c.rx_overflow += ns16550_rx_dropped();
    return c;
}

static void put_uart(void *ctx, const uint8_t *data, size_t n) {
    (void)ctx;
    ns16550_write(data, n);
}

/* A delimiter before the frame too: it ends any partial line the host was reading. */
static void send(const uint8_t *raw, size_t n) {
    static const uint8_t delimiter = 0;
    ns16550_write(&delimiter, 1);
    cobs_encode_stream(raw, n, put_uart, NULL);
    ns16550_write(&delimiter, 1);
}

/* Run req and seal its response in raw; returns the raw length and whether it succeeded. */
static size_t respond(uint8_t *raw, const struct frame *req, int *ok) {
    struct reply r = {raw + FRAME_HEADER_SIZE, 0, FRAME_MAX_BODY, NULL};
    int rc = requests_run(req, &r);
    uint8_t flags = FRAME_F_RESPONSE;
    counters.executed++;
    *ok = rc == EXO_OK;
    if (rc != EXO_OK) {
        /* {code: i32, message: rest}; codes are small negatives, so the sign extends. */
        uint32_t code = (uint32_t)rc;
        size_t n = r.message ? strlen(r.message) : 0;
        for (int i = 0; i < 4; i++)
            r.body[i] = (uint8_t)(code >> (8 * i));
        if (n > FRAME_MAX_BODY - 4) n = FRAME_MAX_BODY - 4;
        memcpy(r.body + 4, r.message ? r.message : "", n);
        r.len = 4 + n;
        flags |= FRAME_F_ERROR;
    }
    return frame_seal(raw, req->type, flags, req->seq, (uint16_t)r.len);
}

static void renew(void) {
    deadline = clint_now() + (uint64_t)CONFIG_SESSION_TIMEOUT_S * bootinfo_get()->timebase_hz;
}

/* console_pump's sender: one CONSOLE event, its body built in place. */
static void send_console(void *ctx, uint32_t env, uint64_t offset, const uint8_t *data, size_t n) {
    (void)ctx;
    uint8_t *body = event_raw + FRAME_HEADER_SIZE;
    put_le(body, env, 4);
    put_le(body + 4, offset, 8);
    memcpy(body + CONSOLE_HEAD, data, n);
    send(event_raw, frame_seal(event_raw, FRAME_T_CONSOLE, FRAME_F_EVENT, event_seq++,
                               (uint16_t)(CONSOLE_HEAD + n)));
}

/* What a session held goes with it. Called while still active for a new HELLO (the events
 * are frames), after leaving session mode otherwise (they are log lines). */
static void end_session(void) {
    console_session(NULL, NULL);
    envreq_session_end();
    framing = 0;
}

static struct cached *lookup(const struct frame *f) {
    for (unsigned i = 0; i < CONFIG_LINK_WINDOW; i++)
        if (cache[i].valid && cache[i].seq == f->seq && cache[i].type == f->type) return &cache[i];
    return NULL;
}

static void handle(const struct frame *f) {
    int ok;
    counters.rx_frames++;
    if (active) renew(); /* any valid frame keeps the session alive */
    if (f->flags & (FRAME_F_RESPONSE | FRAME_F_EVENT)) return; /* only requests are answered */
    if (f->type == FRAME_T_HELLO) {
        for (unsigned i = 0; i < CONFIG_LINK_WINDOW; i++)
            cache[i].valid = 0;
        size_t len = respond(hello_raw, f, &ok);
        if (ok && active) end_session(); /* a new HELLO ends the session it replaces */
        send(hello_raw, len);
        if (ok) {
            int opened = !active;
            active = 1;
            renew();
            console_session(send_console, NULL);
            if (opened) klog(KLOG_INFO, "session opened"); /* the session's first LOG event */
        }
        return;
    }
    struct cached *c = lookup(f);
    if (c) {
        /* Also in terminal mode: a retried BYE whose response was lost gets it again. */
        counters.replays++;
        send(c->raw, c->len);
        return;
    }
    if (!active) return; /* terminal mode: only HELLO opens a session */
    c = &cache[next_slot];
    next_slot = (next_slot + 1) % CONFIG_LINK_WINDOW;
    c->valid = 0;
    c->len = (uint16_t)respond(c->raw, f, &ok);
    c->seq = f->seq;
    c->type = f->type;
    c->valid = 1;
    send(c->raw, c->len);
    if (f->type == FRAME_T_BYE && ok) {
        active = 0;
        klog(KLOG_INFO, "session closed"); /* a plain line: terminal mode again */
        end_session();
        console_terminal(); /* what the foreground env wrote meanwhile, after that line */
    }
}

static void count_drop(enum frame_error e) {
    switch (e) {
    case FRAME_ERR_COBS:
        counters.rx_bad_cobs++;
        break;
    case FRAME_ERR_SHORT:
    case FRAME_ERR_LENGTH:
        counters.rx_bad_length++;
        break;
    case FRAME_ERR_CRC:
        counters.rx_bad_crc++;
        break;
    case FRAME_ERR_VERSION:
        counters.rx_bad_version++;
        break;
    default:
        counters.rx_overflow++;
        break;
    }
}

/* Instructions retired so far, when measuring; compiled out otherwise. */
static unsigned long instret(void) {
    return CONFIG_LINK_MEASURE ? csr_read(CSR_MINSTRET) : 0;
}

/* End a session that has had no valid frame for CONFIG_SESSION_TIMEOUT_S. */
static void expire(void) {
    static const char line[] = "[exo] session timed out\r\n";
    if (active && clint_now() >= deadline) {
        active = 0; /* terminal mode again, so a plain kernel log line */
        ns16550_write(line, sizeof line - 1);
        stream_reset(&rx); /* a frame cut off by the silence is not finished by keystrokes */
        end_session();
        console_terminal();
    }
}

void session_service(void) {
    static unsigned long decode_cost; /* instructions spent on the frame being received */
    if (busy) return;
    busy = 1;
    const uint8_t *data;
    size_t n;
    while ((n = ns16550_rx_peek(&data)) != 0) {
        if (!active && !framing) {
            /* A person never types 0x00 and the host sends one before every frame: up to the
             * next 0x00 these are keystrokes. */
            size_t keys = 0;
            while (keys < n && data[keys] != 0)
                keys++;
            if (keys) {
                console_keys(data, keys);
                ns16550_rx_consume(keys);
                continue;
            }
            framing = 1;
        }
        struct stream_result r;
        unsigned long t0 = instret();
        /* In terminal mode, feed no further than the byte that makes the run too long for a
         * frame, so typing that follows in the same span is not swallowed with it. */
        if (!active && n > sizeof rx.buf - rx.run) n = sizeof rx.buf - rx.run + 1;
        size_t used = stream_feed(&rx, data, n, &r);
        ns16550_rx_consume(used); /* a frame's body lives in rx, not in the ring */
        decode_cost += instret() - t0;
        if (r.event == STREAM_FRAME) {
            t0 = instret();
            handle(&r.frame);
            if (CONFIG_LINK_MEASURE && active)
                klog(KLOG_DEBUG, "measure type=%u length=%u decode=%lu handle=%lu", r.frame.type,
                     r.frame.length, decode_cost, instret() - t0);
        } else if (r.event == STREAM_DROP) {
            count_drop(r.error);
        }
        if (r.event != STREAM_NONE) {
            decode_cost = 0;
            framing = 0; /* the run ended: keystrokes again until the next 0x00 */
        } else if (!active && rx.overflow) {
            /* Longer than any frame, so a host gave up mid-frame: what follows is typing. */
            stream_reset(&rx);
            counters.rx_overflow++;
            framing = 0;
        }
        expire(); /* here too: a flood of bytes with no valid frame is not a live session */
    }
    expire();
    if (active) console_pump();
    /* Wake the kernel in time to end a silent session. */
    ktimer_set(KTIMER_SESSION, active ? deadline : KTIMER_OFF);
    busy = 0;
}

void session_log(int level, const char *text, size_t n) {
    if (!active) return;
    if (n > LOG_TEXT_MAX) n = LOG_TEXT_MAX;
    uint8_t *body = event_raw + FRAME_HEADER_SIZE;
    body[0] = (uint8_t)level;
    memcpy(body + 1, text, n);
    send(event_raw,
         frame_seal(event_raw, FRAME_T_LOG, FRAME_F_EVENT, event_seq++, (uint16_t)(n + 1)));
}

void session_event(uint8_t type, const uint8_t *body, size_t n) {
    if (!active || n > FRAME_MAX_BODY) return;
    memcpy(event_raw + FRAME_HEADER_SIZE, body, n);
    send(event_raw, frame_seal(event_raw, type, FRAME_F_EVENT, event_seq++, (uint16_t)n));
}
