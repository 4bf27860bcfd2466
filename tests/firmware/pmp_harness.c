/* pmp_harness.c: drives the kernel's PMP encoding and refill policy (kernel/pmp.c) from line
 * commands on stdin, one answer line each, for tests/firmware/test_pmp.py.
 *
 *   init N PINNED            -> ok | err NAME
 *   pin I CFG ADDR           -> ok MASK 0 STATE | err NAME
 *   map BASE DIGITS          -> ok      (rights of pages BASE.., one octal digit a page; others 0)
 *   set LO HI RIGHTS         -> ok      (rights of mapped pages [LO, HI))
 *   refill ADDR ACCESS       -> ok MASK LOOKUPS STATE | err NAME MASK LOOKUPS STATE
 *   page PPN RIGHTS          -> ok MASK 0 STATE | err NAME MASK 0 STATE   (pmp_refill_page)
 *   flush                    -> ok MASK 0 STATE
 *   inval LO HI              -> ok MASK 0 STATE
 *   napot BASE SIZE PERMS    -> ok CFG ADDR | err NAME
 *   tor BASE END PERMS       -> ok CFG0 ADDR0 CFG1 ADDR1 | err NAME
 *   decode STATE             -> ok (I:BASE:LAST:MODE:PERMS)*   (entries that match something)
 * The kernel's protocol, with a real ownership table (kernel/pages.c) behind the cache: its
 * changed hook invalidates the page when the env concerned is the running one.
 *   tinit FIRST COUNT        -> ok | err NAME
 *   talloc ENV PPN RIGHTS | tfree ENV PPN | tshare OWNER PPN TO RIGHTS | tunshare ENV PPN TO |
 *   trelease ENV             -> ok MASK 0 STATE | err NAME MASK 0 STATE   (MASK: invalidations)
 *   run ENV                  -> ok MASK 0 STATE   (env switch: flush)
 *   tfault ADDR ACCESS       -> as refill, with pages_lookup for the running env
 *   tfast ADDR ACCESS        -> the kernel's fast path: check the table, then pmp_refill_page
 *   trights                  -> ok DIGITS         (running env's rights, one digit a page)
 * STATE is the cache's entries as CFG:ADDR,CFG:ADDR,... Output numbers are hex; input numbers
 * are decimal or 0x-hex.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/pages.h"
#include "kernel/pmp.h"

#define MAP_PAGES 8192

static struct pmp_cache cache;
static uint8_t rights[MAP_PAGES];
static uint64_t map_base;
static unsigned long lookups;

static struct page_entry entries[MAP_PAGES];
static uint64_t bitmap[MAP_PAGES / 64];
static struct pages table;
static struct pages_view running;
static uint64_t invalidated;

/* The kernel's duty when rights change: the running env's cached entries over ppn must go.
 * Other envs' entries were flushed when they were switched out. */
static void on_changed(void *ctx, uint32_t ppn, uint32_t env) {
    (void)ctx;
    if (env == running.env) invalidated |= pmp_invalidate(&cache, ppn, (uint64_t)ppn + 1);
}

static unsigned lookup(void *ctx, uint64_t ppn) {
    (void)ctx;
    lookups++;
    return ppn >= map_base && ppn - map_base < MAP_PAGES ? rights[ppn - map_base] : 0;
}

static const char *err_name(int e) {
    switch (e) {
    case ERR_INVAL:
        return "INVAL";
    case ERR_PERM:
        return "PERM";
    case ERR_NOMEM:
        return "NOMEM";
    case ERR_NOENT:
        return "NOENT";
    default:
        return "OTHER";
    }
}

static int arg(uint64_t *v) {
    char *s = strtok(NULL, " \t\r\n"), *end;
    if (s == NULL) return -1;
    *v = strtoull(s, &end, 0);
    return *end == '\0' ? 0 : -1;
}

static void print_state(void) {
    for (unsigned j = 0; j < cache.n; j++)
        printf("%s%x:%llx", j ? "," : " ", cache.cfg[j], (unsigned long long)cache.addr[j]);
    putchar('\n');
}

static void answer(int r, uint64_t mask) {
    if (r == ERR_OK)
        printf("ok %llx %lx", (unsigned long long)mask, lookups);
    else
        printf("err %s %llx %lx", err_name(r), (unsigned long long)mask, lookups);
    print_state();
}

/* Parse a STATE argument into cfg/addr arrays; returns the entry count or -1. */
static int parse_state(char *s, uint8_t *cfg, pmp_reg_t *addr) {
    int n = 0;
    for (char *p = strtok(s, ","); p; p = strtok(NULL, ",")) {
        char *end;
        unsigned long c = strtoul(p, &end, 16);
        if (n == PMP_MAX_ENTRIES || *end != ':' || c > 0xff) return -1;
        cfg[n] = (uint8_t)c;
        addr[n] = (pmp_reg_t)strtoull(end + 1, &end, 16);
        if (*end != '\0') return -1;
        n++;
    }
    return n;
}

/* The t* commands on the ownership table; false if cmd is not one of them. */
static bool table_command(const char *cmd) {
    uint64_t a, b, c, d;
    uint32_t got;
    int r;
    invalidated = 0;
    if (strcmp(cmd, "talloc") == 0 && !arg(&a) && !arg(&b) && !arg(&c))
        r = pages_alloc(&table, (uint32_t)a, (uint32_t)b, (unsigned)c, &got);
    else if (strcmp(cmd, "tfree") == 0 && !arg(&a) && !arg(&b))
        r = pages_free(&table, (uint32_t)a, (uint32_t)b);
    else if (strcmp(cmd, "tshare") == 0 && !arg(&a) && !arg(&b) && !arg(&c) && !arg(&d))
        r = pages_share(&table, (uint32_t)a, (uint32_t)b, (uint32_t)c, (unsigned)d);
    else if (strcmp(cmd, "tunshare") == 0 && !arg(&a) && !arg(&b) && !arg(&c))
        r = pages_unshare(&table, (uint32_t)a, (uint32_t)b, (uint32_t)c);
    else if (strcmp(cmd, "trelease") == 0 && !arg(&a))
        r = (int)pages_release_all(&table, (uint32_t)a, NULL, NULL);
    else if (strcmp(cmd, "tfault") == 0 && !arg(&a) && !arg(&b))
        r = pmp_refill(&cache, a, (unsigned)b, pages_lookup, &running, &invalidated);
    else if (strcmp(cmd, "tfast") == 0 && !arg(&a) && !arg(&b)) {
        unsigned held = pages_lookup(&running, a >> EXO_PAGE_SHIFT);
        if (b == 0 || (b & ~(uint64_t)held) != 0)
            r = ERR_PERM;
        else
            r = pmp_refill_page(&cache, a >> EXO_PAGE_SHIFT, held, &invalidated);
    } else if (strcmp(cmd, "trights") == 0) {
        fputs("ok ", stdout);
        for (uint32_t i = 0; i < table.count; i++)
            putchar('0' + (int)pages_rights(&table, running.env, table.first_ppn + i));
        putchar('\n');
        return true;
    } else
        return false;
    answer(r < 0 ? r : ERR_OK, invalidated);
    return true;
}

static void command(char *line) {
    char *cmd = strtok(line, " \t\r\n");
    uint64_t a, b, c;
    lookups = 0;
    if (cmd == NULL) return;
    if (strcmp(cmd, "init") == 0 && !arg(&a) && !arg(&b)) {
        int r =
            pmp_cache_init(&cache, a > 1000 ? 1000 : (unsigned)a, b > 1000 ? 1000 : (unsigned)b);
        printf(r ? "err %s\n" : "ok\n", err_name(r));
    } else if (strcmp(cmd, "pin") == 0 && !arg(&a) && !arg(&b) && !arg(&c)) {
        uint64_t mask = 0;
        int r =
            pmp_cache_pin(&cache, a > 1000 ? 1000 : (unsigned)a, (uint8_t)b, (pmp_reg_t)c, &mask);
        answer(r, mask);
    } else if (strcmp(cmd, "map") == 0 && !arg(&a)) {
        char *digits = strtok(NULL, " \t\r\n");
        map_base = a;
        memset(rights, 0, sizeof(rights));
        for (size_t i = 0; digits && digits[i] && i < MAP_PAGES; i++)
            rights[i] = (uint8_t)((digits[i] - '0') & 7);
        puts("ok");
    } else if (strcmp(cmd, "set") == 0 && !arg(&a) && !arg(&b) && !arg(&c)) {
        for (uint64_t p = a; p < b; p++)
            if (p >= map_base && p - map_base < MAP_PAGES) rights[p - map_base] = (uint8_t)(c & 7);
        puts("ok");
    } else if (strcmp(cmd, "refill") == 0 && !arg(&a) && !arg(&b)) {
        uint64_t mask = 0;
        int r = pmp_refill(&cache, a, (unsigned)b, lookup, NULL, &mask);
        answer(r, mask);
    } else if (strcmp(cmd, "page") == 0 && !arg(&a) && !arg(&b)) {
        uint64_t mask = 0;
        int r = pmp_refill_page(&cache, a, (unsigned)b, &mask);
        answer(r, mask);
    } else if (strcmp(cmd, "flush") == 0) {
        answer(ERR_OK, pmp_flush(&cache));
    } else if (strcmp(cmd, "inval") == 0 && !arg(&a) && !arg(&b)) {
        answer(ERR_OK, pmp_invalidate(&cache, a, b));
    } else if (strcmp(cmd, "napot") == 0 && !arg(&a) && !arg(&b) && !arg(&c)) {
        uint8_t cfg;
        pmp_reg_t addr;
        int r = pmp_napot(a, b, (unsigned)c, &cfg, &addr);
        if (r)
            printf("err %s\n", err_name(r));
        else
            printf("ok %x %llx\n", cfg, (unsigned long long)addr);
    } else if (strcmp(cmd, "tor") == 0 && !arg(&a) && !arg(&b) && !arg(&c)) {
        uint8_t cfg[2];
        pmp_reg_t addr[2];
        int r = pmp_tor(a, b, (unsigned)c, cfg, addr);
        if (r)
            printf("err %s\n", err_name(r));
        else
            printf("ok %x %llx %x %llx\n", cfg[0], (unsigned long long)addr[0], cfg[1],
                   (unsigned long long)addr[1]);
    } else if (strcmp(cmd, "tinit") == 0 && !arg(&a) && !arg(&b)) {
        int r = b <= MAP_PAGES && a <= UINT32_MAX
                    ? pages_init(&table, entries, (uint32_t)a, (uint32_t)b, bitmap)
                    : ERR_INVAL;
        table.changed = on_changed;
        running.t = &table;
        running.env = 0;
        printf(r ? "err %s\n" : "ok\n", err_name(r));
    } else if (cmd[0] == 't' && table_command(cmd)) {
        /* handled */
    } else if (strcmp(cmd, "run") == 0 && !arg(&a)) {
        running.env = (uint32_t)a;
        answer(ERR_OK, pmp_flush(&cache));
    } else if (strcmp(cmd, "decode") == 0) {
        uint8_t cfg[PMP_MAX_ENTRIES];
        pmp_reg_t addr[PMP_MAX_ENTRIES];
        char *s = strtok(NULL, " \t\r\n");
        int n = s ? parse_state(s, cfg, addr) : -1;
        if (n < 0) {
            puts("err input");
            return;
        }
        fputs("ok", stdout);
        for (int i = 0; i < n; i++) {
            struct pmp_region r;
            if (pmp_decode(cfg, addr, (unsigned)i, &r) == ERR_OK)
                printf(" %x:%llx:%llx:%x:%x", (unsigned)i, (unsigned long long)r.base,
                       (unsigned long long)r.last, r.mode, r.perms);
        }
        putchar('\n');
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
