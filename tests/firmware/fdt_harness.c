/* fdt_harness.c: drives the firmware's device-tree reader (lib/fdt.c) and boot-info parser
 * (kernel/bootinfo.c) from line commands on stdin, for tests/firmware/test_fdt.py.
 *
 *   load HEX        -> ok              (the blob, in a buffer of exactly its size)
 *   init            -> ok | bad        (fdt_init with the blob's length as the bound)
 *   info            -> mem BASE SIZE uart BASE timebase HZ pages N fdt BITS
 *   walk            -> (node DEPTH NAME ADDRCELLS SIZECELLS)* then end
 *   path PATH       -> ok NAME | none
 *   compat STRING   -> ok NAME | none
 *   reg PATH INDEX  -> ok ADDR SIZE | none
 * Numbers are hex without 0x except DEPTH, cells, INDEX, pages and BITS (decimal).
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/bootinfo.h"
#include "lib/fdt.h"

#define KERNEL_BASE 0x80000000u
#define KERNEL_END  0x80010000u

static uint8_t *blob;
static size_t blob_len;

static int nibble(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static void load(const char *hex) {
    size_t n = hex ? strlen(hex) / 2 : 0;
    free(blob);
    blob = malloc(n ? n : 1);
    blob_len = n;
    for (size_t i = 0; i < n; i++) {
        int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            blob_len = 0;
            puts("err input");
            return;
        }
        blob[i] = (uint8_t)(hi << 4 | lo);
    }
    puts("ok");
}

/* A node name from the blob, with anything unprintable shown as '?' (one line per answer). */
static void put_name(const struct fdt_node *n) {
    if (n->depth == 0) {
        fputc('/', stdout);
        return;
    }
    for (const char *p = n->name; *p; p++)
        fputc(*p > ' ' && *p < 127 ? *p : '?', stdout);
}

static void command(char *line) {
    char *cmd = strtok(line, " \r\n");
    char *a = strtok(NULL, " \r\n");
    char *b = strtok(NULL, " \r\n");
    struct fdt f;
    struct fdt_node n;
    if (cmd == NULL) return;
    if (strcmp(cmd, "load") == 0) {
        load(a);
        return;
    }
    if (strcmp(cmd, "info") == 0) {
        struct bootinfo info = {.kernel_base = KERNEL_BASE, .kernel_end = KERNEL_END};
        bootinfo_parse(&info, blob_len ? blob : NULL, blob_len);
        printf("mem %" PRIx64 " %" PRIx64 " uart %" PRIx64 " timebase %" PRIx64
               " pages %u fdt %u\n",
               info.ram_base, info.ram_size, info.uart_base, info.timebase_hz, info.pages_total,
               info.from_fdt);
        return;
    }
    bool ok = blob_len > 0 && fdt_init(&f, blob, blob_len);
    if (strcmp(cmd, "init") == 0) {
        puts(ok ? "ok" : "bad");
    } else if (strcmp(cmd, "walk") == 0) {
        struct fdt_iter it;
        if (ok) {
            fdt_iter_start(&f, &it);
            while (fdt_next_node(&f, &it, &n)) {
                printf("node %d ", n.depth);
                put_name(&n);
                printf(" %u %u\n", n.addr_cells, n.size_cells);
            }
        }
        puts("end");
    } else if (strcmp(cmd, "path") == 0 || strcmp(cmd, "compat") == 0) {
        bool found =
            ok && a != NULL &&
            (cmd[0] == 'p' ? fdt_find_path(&f, a, strlen(a), &n) : fdt_find_compatible(&f, a, &n));
        if (found) {
            fputs("ok ", stdout);
            put_name(&n);
            fputc('\n', stdout);
        } else
            puts("none");
    } else if (strcmp(cmd, "reg") == 0) {
        uint64_t addr, size;
        if (ok && a && b && fdt_find_path(&f, a, strlen(a), &n) &&
            fdt_reg(&f, &n, (unsigned)strtoul(b, NULL, 10), &addr, &size))
            printf("ok %" PRIx64 " %" PRIx64 "\n", addr, size);
        else
            puts("none");
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
    free(blob);
    return 0;
}
