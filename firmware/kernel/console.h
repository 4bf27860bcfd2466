/* kernel/console.h: each env's console: an output ring numbered by a 64-bit stream offset, an
 * input ring, the foreground env of terminal mode and the session's attachments.
 *
 * Terminal mode prints the foreground env's output raw on the UART as it writes, and resumes
 * from where it stopped when a session ends (console_terminal). In a session,
 * output reaches the host only for attached envs, as CONSOLE events the session sends when it
 * calls console_pump(); while an attached env's unsent bytes fill its ring, console_write
 * accepts fewer bytes, so nothing is lost. Unattached rings overwrite their oldest bytes and
 * the host sees the gap in the offsets. docs/link.md, "Consoles". */
#ifndef EXO_KERNEL_CONSOLE_H
#define EXO_KERNEL_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

/* Most bytes one call of the session's send function carries (fits one CONSOLE event). */
#define CONSOLE_EVENT_MAX 512

/* Sends one CONSOLE event: env id, stream offset of data[0], the bytes. */
typedef void console_send_fn(void *ctx, uint32_t env, uint64_t offset, const uint8_t *data,
                             size_t n);

void console_init(void);

/* The env at index was created (its entry reused): an attached session first gets what is unsent,
 * then both rings empty and the offset restarts at 0. */
void console_reset(unsigned index);

/* The env died: send what is pending, hand the foreground on, drop its input; its output stays
 * readable (attach with backlog) until the entry is reused and console_reset clears it. */
void console_retire(unsigned index);

/* The env at index started: it is the foreground env now (terminal output and keystrokes). */
void console_foreground(unsigned index);

/* Index of the foreground env, 0 if none. */
unsigned console_foreground_index(void);

/* Output from env index: returns the bytes taken (fewer only when an attached session has
 * not drained the ring). */
size_t console_write(unsigned index, const uint8_t *data, size_t n);

/* Stream offset of env index's next output byte. */
uint64_t console_offset(unsigned index);

/* The env's queued input: up to n bytes moved to data; returns how many (0 if none). */
size_t console_read(unsigned index, uint8_t *data, size_t n);

/* Queue input for env index; returns the bytes accepted (fewer when its input ring is full). */
size_t console_input(unsigned index, const uint8_t *data, size_t n);

/* Keystrokes typed in terminal mode: the foreground env's input (dropped if none). */
void console_keys(const uint8_t *data, size_t n);

/* A session opened (send != NULL) or ended (send == NULL; every attachment ends with it). */
void console_session(console_send_fn *send, void *ctx);

/* Terminal mode again after a session (call once session_send is NULL): print what the
 * foreground env wrote that the terminal has not shown, from where it stopped, so output written
 * during the session (attached or not) reaches the terminal exactly once. Bytes the ring
 * overwrote meanwhile are counted in a log line first. */
void console_terminal(void);

/* Attach env index (0: every env, present and future) to the session; with backlog, what the
 * ring still holds is sent first. */
void console_attach(unsigned index, int backlog);

/* Send every attached env's unsent bytes through the session's send function. */
void console_pump(void);

#endif /* EXO_KERNEL_CONSOLE_H */
