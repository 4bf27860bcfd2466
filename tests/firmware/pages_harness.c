/* pages_harness.c: drives the kernel's page ownership table (kernel/pages.c) from line commands
 * on stdin, one answer line each, for tests/firmware/test_pages.py.
 *
 *   init FIRST COUNT             -> ok | err NAME
 *   alloc ENV PPN|any RIGHTS     -> ok PPN EVENTS | err NAME EVENTS
 *   free ENV PPN                 -> ok 0 EVENTS | err NAME EVENTS
 *   share OWNER PPN TO RIGHTS    -> ok 0 EVENTS | err NAME EVENTS
 *   unshare ENV PPN TO           -> ok 0 EVENTS | err NAME EVENTS
 *   release ENV                  -> ok FREED EVENTS | err NAME EVENTS
 *   rights ENV PPN               -> ok RIGHTS
 *   owner PPN                    -> ok ENV
 *   counts ENV                   -> ok FREE OWNED HELD
 *   bitmap                       -> ok WORD,WORD,...   (hex, word 0 first)
 *   check                        -> ok N               (pages_check's result)
 *   corrupt KIND                 -> ok                 (breaks one invariant, for tests of check)
 *   abi N                        -> ok E               (err_to_abi(N), N a signed number)
 * EVENTS are hook calls in order: z=PPN (zero), u=ENV:PPN (changed), r=PPN (release callback).
 * After every mutating command pages_check runs; a broken invariant appends "!N".
 * Numbers are decimal or 0x-hex, any 32-bit value (hostile values reach the module unchanged).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/pages.h"

#define MAX_PAGES 4096

static struct page_entry entries[MAX_PAGES];
static uint64_t bitmap[MAX_PAGES / 64];
static struct pages table;
static bool ready;
static char events[1 << 16];
static size_t events_len;

static void event(const char *fmt, unsigned a, unsigned b) {
    if (events_len + 32 < sizeof(events))
        events_len += (size_t)snprintf(events + events_len, 32, fmt, a, b);
}

static void on_zero(void *ctx, uint32_t ppn) {
    (void)ctx;
    event(" z=%u", ppn, 0);
}

static void on_changed(void *ctx, uint32_t ppn, uint32_t env) {
    (void)ctx;
    event(" u=%u:%u", env, ppn);
}

static void on_release(void *ctx, uint32_t ppn) {
    (void)ctx;
    event(" r=%u", ppn, 0);
}

static const char *err_name(long e) {
    switch (e) {
    case ERR_INVAL:
        return "INVAL";
    case ERR_PERM:
        return "PERM";
    case ERR_NOMEM:
        return "NOMEM";
    case ERR_BUSY:
        return "BUSY";
    case ERR_NOENT:
        return "NOENT";
    case ERR_LIMIT:
        return "LIMIT";
    default:
        return "OTHER";
    }
}

/* Parse the next token as a 32-bit number; "any" is PAGES_ANY. */
static int arg(uint32_t *v) {
    char *s = strtok(NULL, " \t\r\n"), *end;
    if (s == NULL) return -1;
    if (strcmp(s, "any") == 0) {
        *v = PAGES_ANY;
        return 0;
    }
    unsigned long long x = strtoull(s, &end, 0);
    if (*end != '\0' || x > UINT32_MAX) return -1;
    *v = (uint32_t)x;
    return 0;
}

/* Print a mutating command's result, its hook events and any broken invariant. */
static void result(long r, long value) {
    if (r < 0)
        printf("err %s%s", err_name(r), events);
    else
        printf("ok %ld%s", value, events);
    int broken = pages_check(&table);
    if (broken) printf(" !%d", broken);
    putchar('\n');
}

static void corrupt(const char *kind) {
    uint32_t i = table.owned_head[0] == PAGES_NIL ? 0 : table.owned_head[0];
    if (strcmp(kind, "bitmap") == 0) {
        table.free_bitmap[i / 64] ^= (uint64_t)1 << (i % 64);
    } else if (strcmp(kind, "owner") == 0) {
        table.entries[i].owner = 1; /* in no list of env 1 */
    } else if (strcmp(kind, "count") == 0) {
        table.owned[1]++;
    } else if (strcmp(kind, "unlink") == 0) {
        /* Take the free list's head out of every list, counts adjusted: only the totals of
         * pages_check can tell. */
        struct page_entry *e = &table.entries[i];
        table.entries[e->prev].next = e->next;
        table.entries[e->next].prev = e->prev;
        table.owned_head[0] = e->next;
        table.owned[0]--;
    } else if (strcmp(kind, "link") == 0) {
        table.entries[i].next = i; /* cuts the free list short */
    } else if (strcmp(kind, "share") == 0) {
        /* A share wider than its owner's rights on an owned page, if there is one. */
        for (uint32_t p = 0; p < table.count; p++) {
            if (table.entries[p].owner != 0 && table.entries[p].rights != EXO_PERM_RWX) {
                table.entries[p].shares[0].env = (uint16_t)(table.entries[p].owner % 2 + 1);
                table.entries[p].shares[0].rights = EXO_PERM_RWX;
                break;
            }
        }
    }
}

static void command(char *line) {
    char *cmd = strtok(line, " \t\r\n");
    uint32_t a, b, c, d;
    events_len = 0;
    events[0] = '\0';
    if (cmd == NULL) return;
    if (strcmp(cmd, "init") == 0) {
        if (arg(&a) || arg(&b) || b > MAX_PAGES) {
            puts("err input");
            return;
        }
        int r = pages_init(&table, entries, a, b, bitmap);
        ready = r == ERR_OK;
        if (ready) {
            table.zero = on_zero;
            table.changed = on_changed;
        }
        printf(r ? "err %s\n" : "ok\n", err_name(r));
        return;
    }
    if (!ready) {
        puts("err uninitialised");
        return;
    }
    if (strcmp(cmd, "alloc") == 0 && !arg(&a) && !arg(&b) && !arg(&c)) {
        uint32_t got = 0;
        int r = pages_alloc(&table, a, b, c, &got);
        result(r, got);
    } else if (strcmp(cmd, "free") == 0 && !arg(&a) && !arg(&b)) {
        result(pages_free(&table, a, b), 0);
    } else if (strcmp(cmd, "share") == 0 && !arg(&a) && !arg(&b) && !arg(&c) && !arg(&d)) {
        result(pages_share(&table, a, b, c, d), 0);
    } else if (strcmp(cmd, "unshare") == 0 && !arg(&a) && !arg(&b) && !arg(&c)) {
        result(pages_unshare(&table, a, b, c), 0);
    } else if (strcmp(cmd, "release") == 0 && !arg(&a)) {
        long r = pages_release_all(&table, a, on_release, NULL);
        result(r, r);
    } else if (strcmp(cmd, "rights") == 0 && !arg(&a) && !arg(&b)) {
        printf("ok %u\n", pages_rights(&table, a, b));
    } else if (strcmp(cmd, "owner") == 0 && !arg(&a)) {
        printf("ok %u\n", pages_owner(&table, a));
    } else if (strcmp(cmd, "counts") == 0 && !arg(&a)) {
        printf("ok %u %u %u\n", pages_free_count(&table), pages_owned_count(&table, a),
               pages_held_count(&table, a));
    } else if (strcmp(cmd, "bitmap") == 0) {
        fputs("ok ", stdout);
        for (uint32_t w = 0; w < (table.count + 63) / 64; w++)
            printf("%s%llx", w ? "," : "", (unsigned long long)table.free_bitmap[w]);
        putchar('\n');
    } else if (strcmp(cmd, "check") == 0) {
        printf("ok %d\n", pages_check(&table));
    } else if (strcmp(cmd, "abi") == 0) {
        char *s = strtok(NULL, " \t\r\n");
        printf("ok %ld\n", err_to_abi(s ? (int)strtol(s, NULL, 0) : 0));
    } else if (strcmp(cmd, "corrupt") == 0) {
        char *kind = strtok(NULL, " \t\r\n");
        corrupt(kind ? kind : "");
        puts("ok");
    } else {
        puts("err command");
    }
}

int main(void) {
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, stdin) >= 0) {
        command(line);
        fflush(stdout);
    }
    free(line);
    return 0;
}
