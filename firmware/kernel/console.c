/* kernel/console.c: the envs' console rings, terminal-mode output and keystrokes, and the
 * session's attachments (kernel/console.h). No device access beyond ns16550_write. */
#include "kernel/console.h"
#include "drivers/ns16550.h"
#include "kernel/env.h"
#include "kernel/klog.h"
#include "kernel/upcall.h"
#include "lib/string.h"

_Static_assert((CONFIG_CONSOLE_RING & (CONFIG_CONSOLE_RING - 1)) == 0, "output ring: power of 2");
_Static_assert((CONFIG_CONSOLE_INPUT & (CONFIG_CONSOLE_INPUT - 1)) == 0, "input ring: power of 2");
_Static_assert(CONFIG_MAX_ENVS <= 64, "the pending set is one bit an env index");

struct console {
    uint64_t written; /* stream offset of the next byte written */
    uint64_t sent;    /* attached: stream offset of the next byte to send */
    uint64_t shown;   /* stream offset of the next byte the terminal has not printed */
    uint64_t started; /* start order (0: not started); the foreground is the largest */
    uint32_t in_read; /* input ring, free-running indices */
    uint32_t in_write;
    uint8_t attached;
    uint8_t out[CONFIG_CONSOLE_RING];
    uint8_t in[CONFIG_CONSOLE_INPUT];
};

static struct console consoles[CONFIG_MAX_ENVS];
static unsigned fg;
static uint64_t start_count;
static console_send_fn *session_send; /* NULL: terminal mode */
static void *session_ctx;
static int attach_all;
/* Bit i: env i may have unsent bytes for the session (a superset: console_pump checks each).
 * console_pump runs on every trap while a session is open, so with nothing to send it costs a
 * test of this word, not a walk of the table. */
static uint64_t pending;

static size_t min_size(size_t a, size_t b) {
    return a < b ? a : b;
}

static struct console *at(unsigned index) {
    return index != 0 && index < CONFIG_MAX_ENVS ? &consoles[index] : NULL;
}

void console_init(void) {
    memset(consoles, 0, sizeof consoles);
    fg = 0;
    start_count = 0;
    session_send = NULL;
    session_ctx = NULL;
    attach_all = 0;
    pending = 0;
}

/* Send what index has not sent yet. Offsets older than the ring are gone: the first byte sent
 * is then the oldest kept, and the host sees the gap. */
static void flush(unsigned index) {
    struct console *c = &consoles[index];
    const struct env *e = env_at(index);
    if (!c->attached || session_send == NULL || e == NULL) return;
    if (c->written - c->sent > CONFIG_CONSOLE_RING) c->sent = c->written - CONFIG_CONSOLE_RING;
    while (c->sent < c->written) {
        size_t pos = (size_t)(c->sent % CONFIG_CONSOLE_RING);
        size_t n = min_size((size_t)(c->written - c->sent), CONFIG_CONSOLE_RING - pos);
        n = min_size(n, CONSOLE_EVENT_MAX);
        session_send(session_ctx, e->id, c->sent, c->out + pos, n);
        c->sent += n;
    }
}

/* The foreground env is gone: the most recently started one still running takes over. */
static void next_foreground(unsigned index) {
    if (fg != index) return;
    fg = 0;
    uint64_t best = 0;
    for (unsigned i = 1; i < CONFIG_MAX_ENVS; i++) {
        if (consoles[i].started > best) {
            best = consoles[i].started;
            fg = i;
        }
    }
}

void console_reset(unsigned index) {
    struct console *c = at(index);
    if (c == NULL) return;
    flush(index);
    memset(c, 0, sizeof *c);
    c->attached = attach_all && session_send != NULL;
    next_foreground(index);
}

void console_retire(unsigned index) {
    struct console *c = at(index);
    if (c == NULL) return;
    flush(index);
    c->started = 0;
    c->in_read = c->in_write; /* nobody will read what was typed */
    next_foreground(index);
}

void console_foreground(unsigned index) {
    struct console *c = at(index);
    if (c == NULL) return;
    c->started = ++start_count;
    fg = index;
}

unsigned console_foreground_index(void) {
    return fg;
}

size_t console_write(unsigned index, const uint8_t *data, size_t n) {
    struct console *c = at(index);
    if (c == NULL) return 0;
    if (c->attached) /* nothing attached is overwritten before it is sent */
        n = min_size(n, CONFIG_CONSOLE_RING - (size_t)(c->written - c->sent));
    for (size_t done = 0; done < n;) {
        size_t pos = (size_t)(c->written % CONFIG_CONSOLE_RING);
        size_t k = min_size(n - done, CONFIG_CONSOLE_RING - pos);
        memcpy(c->out + pos, data + done, k);
        c->written += k;
        done += k;
    }
    if (c->attached && n > 0) pending |= (uint64_t)1 << index;
    if (session_send == NULL) {
        /* Terminal mode: the foreground env's bytes go out now; a background env's are not the
         * terminal's, so they are passed over as shown. */
        if (index == fg) ns16550_write(data, n);
        c->shown = c->written;
    }
    return n;
}

uint64_t console_offset(unsigned index) {
    struct console *c = at(index);
    return c ? c->written : 0;
}

size_t console_read(unsigned index, uint8_t *data, size_t n) {
    struct console *c = at(index);
    if (c == NULL) return 0;
    size_t k = 0;
    for (; k < n && c->in_read != c->in_write; k++)
        data[k] = c->in[c->in_read++ % CONFIG_CONSOLE_INPUT];
    return k;
}

/* An env with upcalls hears of input when its ring goes from empty to not empty (then it reads
 * until console_read gives 0): one event per burst, so typing cannot flood its event ring. */
size_t console_input(unsigned index, const uint8_t *data, size_t n) {
    struct console *c = at(index);
    if (c == NULL) return 0;
    int was_empty = c->in_write == c->in_read;
    size_t k = 0;
    for (; k < n && c->in_write - c->in_read < CONFIG_CONSOLE_INPUT; k++)
        c->in[c->in_write++ % CONFIG_CONSOLE_INPUT] = data[k];
    struct env *e = env_at(index);
    if (k > 0 && was_empty && e != NULL && e->state == EXO_ENV_RUNNABLE)
        upcall_post(e, EXO_EV_CONSOLE, c->in_write - c->in_read, 0, 0);
    return k;
}

void console_keys(const uint8_t *data, size_t n) {
    if (fg != 0) console_input(fg, data, n);
}

void console_session(console_send_fn *send, void *ctx) {
    session_send = send;
    session_ctx = ctx;
    attach_all = 0;
    for (unsigned i = 1; i < CONFIG_MAX_ENVS; i++)
        consoles[i].attached = 0;
}

void console_terminal(void) {
    struct console *c = at(fg);
    if (c == NULL || session_send != NULL) return;
    uint64_t oldest = c->written > CONFIG_CONSOLE_RING ? c->written - CONFIG_CONSOLE_RING : 0;
    if (c->shown < oldest) {
        const struct env *e = env_at(fg);
        klog(KLOG_WARN, "console of env %x: %llu bytes overwritten during the session",
             e ? (unsigned)e->id : 0u, (unsigned long long)(oldest - c->shown));
        c->shown = oldest;
    }
    while (c->shown < c->written) {
        size_t pos = (size_t)(c->shown % CONFIG_CONSOLE_RING);
        size_t n = min_size((size_t)(c->written - c->shown), CONFIG_CONSOLE_RING - pos);
        ns16550_write(c->out + pos, n);
        c->shown += n;
    }
}

void console_attach(unsigned index, int backlog) {
    if (session_send == NULL) return;
    unsigned lo = index, hi = index + 1;
    if (index == 0) {
        attach_all = 1;
        lo = 1;
        hi = CONFIG_MAX_ENVS;
    }
    for (unsigned i = lo; i < hi && i < CONFIG_MAX_ENVS; i++) {
        struct console *c = &consoles[i];
        c->attached = 1;
        if (!backlog)
            c->sent = c->written;
        else
            c->sent = c->written > CONFIG_CONSOLE_RING ? c->written - CONFIG_CONSOLE_RING : 0;
        if (c->sent != c->written) pending |= (uint64_t)1 << i;
    }
}

void console_pump(void) {
    uint64_t todo = pending;
    pending = 0; /* flush sends all, or the session is gone and attachments with it */
    for (unsigned i = 0; todo != 0; i++, todo >>= 1)
        if ((todo & 1) && consoles[i].attached && consoles[i].sent != consoles[i].written) flush(i);
}
