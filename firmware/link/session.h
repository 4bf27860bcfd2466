/* link/session.h: the host link's session: mode (terminal or session), replay cache, counters.
 * docs/link.md is the contract. */
#ifndef EXO_LINK_SESSION_H
#define EXO_LINK_SESSION_H

#include <stddef.h>
#include <stdint.h>

/* INFO reports these, in this order. */
struct link_counters {
    uint32_t rx_frames; /* valid frames received */
    uint32_t rx_bad_cobs;
    uint32_t rx_bad_crc;
    uint32_t rx_bad_length; /* too short for a frame, or length field wrong */
    uint32_t rx_bad_version;
    uint32_t rx_overflow; /* runs too long for a frame, and bytes the UART ring lost */
    uint32_t executed;    /* requests run */
    uint32_t replays;     /* responses resent for a duplicate */
};

void session_init(void);

/* Drain received bytes, answer complete requests, end a silent session, arm the timer for
 * the session deadline. Called from the idle loop (and, later, from the trap path): it
 * returns at once if it is already running lower on the stack. */
void session_service(void);

/* True between a good HELLO and BYE or the timeout: every byte sent must then be a frame. */
int session_active(void);

/* Send a LOG event (only in session mode). */
void session_log(int level, const char *text, size_t n);

/* Send an event frame of `type` with body (n <= FRAME_MAX_BODY; only in session mode). */
void session_event(uint8_t type, const uint8_t *body, size_t n);

/* The counters as INFO reports them. */
struct link_counters session_counters(void);

#endif /* EXO_LINK_SESSION_H */
