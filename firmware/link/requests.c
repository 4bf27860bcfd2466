/* link/requests.c: the request table; HELLO, BYE, PING and INFO here, the env, page and
 * console requests in link/envreq.c. Each handler checks its body and writes its response in
 * place; the session decides modes, replay and sending. */
#include "link/requests.h"
#include "board.h"
#include "config.h"
#include "drivers/clint.h"
#include "exo/abi.h"
#include "kernel/bootinfo.h"
#include "kernel/exposed.h"
#include "kernel/version.h"
#include "lib/string.h"
#include "link/envreq.h"
#include "link/session.h"

/* Little-endian writers. The bodies here are far below FRAME_MAX_BODY; a write that would
 * pass cap is dropped rather than overrun. */
static void put(struct reply *r, uint64_t v, size_t bytes) {
    if (r->len + bytes > r->cap) return;
    for (size_t i = 0; i < bytes; i++, v >>= 8)
        r->body[r->len++] = (uint8_t)v;
}

static void put_str8(struct reply *r, const char *s) {
    size_t n = strlen(s);
    n = n > 255 ? 255 : n;
    if (r->len + 1 + n > r->cap) return;
    r->body[r->len++] = (uint8_t)n;
    memcpy(r->body + r->len, s, n);
    r->len += n;
}

static int hello(const struct frame *req, struct reply *r) {
    if (req->length != 2) {
        r->message = "HELLO body is protocol: u16";
        return EXO_EINVAL;
    }
    /* Our protocol whatever the host asked: the host stops on a mismatch, naming both. */
    put(r, FRAME_PROTOCOL, 2);
    put(r, FRAME_MAX_BODY, 2);
    put(r, CONFIG_LINK_WINDOW, 1);
    put_str8(r, BOARD_NAME);
    put_str8(r, version_string);
    put_str8(r, version_build_id);
    return EXO_OK;
}

static int empty_body(const struct frame *req, struct reply *r) {
    if (req->length != 0) {
        r->message = "this request takes an empty body";
        return EXO_EINVAL;
    }
    return EXO_OK;
}

static int ping(const struct frame *req, struct reply *r) {
    memcpy(r->body, req->body, req->length); /* length <= FRAME_MAX_BODY == cap */
    r->len = req->length;
    return EXO_OK;
}

static int info(const struct frame *req, struct reply *r) {
    if (req->length != 0) {
        r->message = "INFO takes an empty body";
        return EXO_EINVAL;
    }
    const struct bootinfo *b = bootinfo_get();
    struct link_counters c = session_counters();
    put_str8(r, BOARD_NAME);
    put_str8(r, version_string);
    put_str8(r, version_build_id);
    put(r, b->ram_base, 8);
    put(r, b->ram_size, 8);
    put(r, b->kernel_base, 8);
    put(r, b->kernel_end, 8);
    put(r, 4096, 4);
    put(r, b->pages_total, 4);
    /* Live from the ownership table once the kernel manages memory; the boot count before. */
    put(r, kexposed.page_count ? kexposed.pages_free : b->pages_free, 4);
    put(r, b->pmp_entries, 1);
    put(r, b->timebase_hz, 4);
    put(r, clint_now(), 8);
    put(r, b->uart_base, 8);
    const uint32_t counters[] = {c.rx_frames,      c.rx_bad_cobs, c.rx_bad_crc, c.rx_bad_length,
                                 c.rx_bad_version, c.rx_overflow, c.executed,   c.replays};
    for (size_t i = 0; i < sizeof counters / sizeof counters[0]; i++)
        put(r, counters[i], 4);
    return EXO_OK;
}

typedef int request_fn(const struct frame *req, struct reply *r);

static request_fn *const handlers[] = {
    [FRAME_T_HELLO] = hello,
    [FRAME_T_BYE] = empty_body, /* the session leaves session mode once this is sent */
    [FRAME_T_PING] = ping,
    [FRAME_T_INFO] = info,
    [FRAME_T_ENV_LOAD_BEGIN] = envreq_load_begin,
    [FRAME_T_ENV_LOAD_CHUNK] = envreq_load_chunk,
    [FRAME_T_ENV_LOAD_COMMIT] = envreq_load_commit,
    [FRAME_T_ENV_LOAD_ABORT] = envreq_load_abort,
    [FRAME_T_ENV_LIST] = envreq_list,
    [FRAME_T_ENV_KILL] = envreq_kill,
    [FRAME_T_PAGES] = envreq_pages,
    [FRAME_T_CONSOLE_ATTACH] = envreq_console_attach,
    [FRAME_T_CONSOLE_INPUT] = envreq_console_input,
    [FRAME_T_REVOKE] = envreq_revoke,
    [FRAME_T_SLOTS] = envreq_slots,
};

int requests_run(const struct frame *req, struct reply *r) {
    if (req->type >= sizeof handlers / sizeof handlers[0] || handlers[req->type] == NULL) {
        r->message = "unknown request type";
        return EXO_ENOSYS;
    }
    return handlers[req->type](req, r);
}
