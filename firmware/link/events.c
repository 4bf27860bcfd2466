/* link/events.c: env faults, exits and revocation outcomes for the host (link/events.h): an event
 * frame in a session, a kernel log line in terminal mode. */
#include "link/events.h"
#include "kernel/klog.h"
#include "link/frame.h"
#include "link/session.h"

static void put(uint8_t *p, uint64_t v, unsigned bytes) {
    for (unsigned i = 0; i < bytes; i++, v >>= 8)
        p[i] = (uint8_t)v;
}

void events_fault(uint32_t env, uint32_t cause, uint64_t pc, uint64_t addr) {
    if (session_active()) {
        uint8_t body[24];
        put(body, env, 4);
        put(body + 4, cause, 4);
        put(body + 8, pc, 8);
        put(body + 16, addr, 8);
        session_event(FRAME_T_FAULT, body, sizeof body);
    } else {
        klog(KLOG_WARN, "env 0x%x stopped: fault cause=%u pc=0x%llx addr=0x%llx", (unsigned)env,
             (unsigned)cause, (unsigned long long)pc, (unsigned long long)addr);
    }
}

void events_exit(uint32_t env, int32_t code) {
    if (session_active()) {
        uint8_t body[8];
        put(body, env, 4);
        put(body + 4, (uint32_t)code, 4);
        session_event(FRAME_T_EXIT, body, sizeof body);
    } else {
        klog(KLOG_INFO, "env 0x%x exited: code %d", (unsigned)env, (int)code);
    }
}

void events_revoked(uint32_t env, unsigned kind, uint32_t requested, uint32_t given,
                    uint32_t taken) {
    if (session_active()) {
        uint8_t body[17];
        put(body, env, 4);
        put(body + 4, kind, 1);
        put(body + 5, requested, 4);
        put(body + 9, given, 4);
        put(body + 13, taken, 4);
        session_event(FRAME_T_REVOKED, body, sizeof body);
    } else {
        klog(KLOG_INFO, "env 0x%x revoked: %u %s asked, %u given, %u taken", (unsigned)env,
             (unsigned)requested, kind == 1 ? "pages" : "slots", (unsigned)given, (unsigned)taken);
    }
}
