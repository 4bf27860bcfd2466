/* session_harness.c: drives the link's session (link/session.c) with the real request handlers,
 * decoder, env table and consoles over a fake UART, clock and RAM, for
 * tests/firmware/test_session_c.py. One answer line per command line:
 *
 *   init PAGES        -> ok FIRST_PPN     (memory, env table, 4 slots; a started env "fg",
 *                                         foreground, holding the last two pages and slot 0)
 *   rx HEX            -> ok HEX           (bytes arrive, the session runs; what it sent)
 *   time TICKS        -> ok HEX           (the clock moves, the session runs; what it sent)
 *   expire            -> ok HEX           (revocation deadlines due now pass; what was sent)
 *   input             -> ok HEX           (what the foreground env can read, drained)
 *   write HEX         -> ok N             (the foreground env writes to its console)
 *   state             -> ok ACTIVE DEADLINE_SET FG_ENV
 *   lookup ID         -> ok STATE | err
 * Timebase: 10 ticks a second, so the 5 s session timeout is 50 ticks.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "harness_hex.h"
#include "kernel/bootinfo.h"
#include "kernel/console.h"
#include "kernel/env.h"
#include "kernel/exposed.h"
#include "kernel/ktimer.h"
#include "kernel/memory.h"
#include "kernel/revoke.h"
#include "kernel/sched.h"
#include "kernel/slots.h"
#include "link/session.h"

#define MAX_PAGES 256
#define RAM_ADDR  0x30000000ul
#define MAX_BYTES (1 << 16)

static struct page_entry entries[MAX_PAGES];
static uint8_t rx_buf[MAX_BYTES], tx_buf[1 << 20];
static size_t rx_head, rx_tail, tx_len;
static uint64_t now, session_deadline = KTIMER_OFF;
static struct bootinfo info = {.timebase_hz = 10};
static struct env *fg;

/* ---- Stubs: UART, clock, timer, PMP, boot information --------------------------------- */

const char version_string[] = "0.0.0";
const char version_build_id[] = "hostbuild";

void ns16550_write(const void *data, size_t n) {
    if (tx_len + n <= sizeof tx_buf) {
        memcpy(tx_buf + tx_len, data, n);
        tx_len += n;
    }
}

size_t ns16550_rx_peek(const uint8_t **data) {
    *data = rx_buf + rx_head;
    return rx_tail - rx_head;
}

void ns16550_rx_consume(size_t n) {
    rx_head += n;
}

uint32_t ns16550_rx_dropped(void) {
    return 0;
}

uint64_t clint_now(void) {
    return now;
}

void ktimer_set(enum ktimer t, uint64_t when) {
    if (t == KTIMER_SESSION) session_deadline = when;
}

void ptlb_changed(uint32_t ppn, unsigned env_index) {
    (void)ppn, (void)env_index;
}

void sched_timers_changed(void) {}

const struct bootinfo *bootinfo_get(void) {
    return &info;
}

/* ---- Commands ---------------------------------------------------------------------------- */

/* Run the session and answer with what it sent. */
static void service(void) {
    session_service();
    fputs("ok ", stdout);
    puthex(tx_buf, tx_len);
    putchar('\n');
    tx_len = 0;
}

static void do_init(void) {
    char *arg = strtok(NULL, " \t\r\n");
    unsigned long pages = arg ? strtoul(arg, NULL, 0) : 0;
    if (pages == 0 || pages > MAX_PAGES) {
        puts("err input");
        return;
    }
    uint8_t *ram = mmap((void *)RAM_ADDR, pages * EXO_PAGE_SIZE, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (ram == MAP_FAILED) {
        puts("err mmap");
        return;
    }
    uint32_t first = (uint32_t)((uintptr_t)ram >> EXO_PAGE_SHIFT);
    env_init();
    slots_init(4, 500);
    exposed_init(first, (uint32_t)pages, 16, 1, info.timebase_hz);
    memory_init(first, (uint32_t)pages, entries);
    session_init();
    if (env_create("fg", 2, &fg) != ERR_OK) {
        puts("err env");
        return;
    }
    /* It holds something to revoke: the last two pages (the low ones stay free for loads) and
     * slot 0. */
    for (uint32_t k = 1; k <= 2; k++)
        pages_alloc(&kpages, env_index(fg), first + (uint32_t)pages - k, EXO_PERM_R | EXO_PERM_W,
                    NULL);
    slots_alloc(env_index(fg), SLOTS_ANY, NULL);
    env_start(fg, 0, 0); /* publishes them */
    printf("ok %u\n", first);
}

static void command(char *line) {
    static uint8_t buf[MAX_BYTES];
    char *cmd = strtok(line, " \t\r\n");
    if (cmd == NULL) return;
    if (strcmp(cmd, "init") == 0) {
        do_init();
    } else if (strcmp(cmd, "rx") == 0) {
        long n = unhex(strtok(NULL, " \t\r\n"), buf, sizeof buf);
        if (n < 0 || (size_t)n > sizeof rx_buf - (rx_tail - rx_head)) {
            puts("err input");
            return;
        }
        memmove(rx_buf, rx_buf + rx_head, rx_tail - rx_head); /* keep the ring simple */
        rx_tail -= rx_head;
        rx_head = 0;
        memcpy(rx_buf + rx_tail, buf, (size_t)n);
        rx_tail += (size_t)n;
        service();
    } else if (strcmp(cmd, "expire") == 0) { /* KTIMER_REVOKE passed at `now` */
        revoke_expire(now);
        service();
    } else if (strcmp(cmd, "time") == 0) {
        char *arg = strtok(NULL, " \t\r\n");
        now = arg ? strtoull(arg, NULL, 0) : now;
        service();
    } else if (strcmp(cmd, "input") == 0) {
        size_t n = console_read(env_index(fg), buf, sizeof buf);
        fputs("ok ", stdout);
        puthex(buf, n);
        putchar('\n');
    } else if (strcmp(cmd, "write") == 0) {
        long n = unhex(strtok(NULL, " \t\r\n"), buf, sizeof buf);
        if (n < 0) {
            puts("err input");
            return;
        }
        printf("ok %zu\n", console_write(env_index(fg), buf, (size_t)n));
    } else if (strcmp(cmd, "state") == 0) {
        printf("ok %d %d %u\n", session_active(), session_deadline != KTIMER_OFF, fg->id);
    } else if (strcmp(cmd, "lookup") == 0) {
        char *arg = strtok(NULL, " \t\r\n");
        struct env *e;
        if (arg && env_lookup((uint32_t)strtoul(arg, NULL, 0), &e) == ERR_OK)
            printf("ok %u\n", e->state);
        else
            puts("err");
    } else {
        puts("err command");
    }
}

int main(void) {
    static char line[4 * MAX_BYTES];
    while (fgets(line, sizeof line, stdin)) {
        command(line);
        fflush(stdout);
    }
    return 0;
}
