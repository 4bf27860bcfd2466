/* pagerun_harness.c: drives libos/lib/pagerun.c from line commands, for test_pagerun.py.
 *
 *   view FIRST COUNT HEX...  -> ok          (free bitmap, word 0 first)
 *   reset                    -> ok          (empties the owned and pinned sets)
 *   add F C | remove F C     -> CODE RUNS   (owned set; RUNS as F:C,F:C or -)
 *   pin F C                  -> CODE
 *   freeat PPN LIMIT         -> N
 *   choose WANT HINTS        -> N FIRST
 *   victims N                -> PPN,PPN,... or -
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <exo/pagerun.h>

static uint64_t bitmap[1024];
static struct page_view view = {bitmap, 0, 0};
static struct page_set owned, pinned;

static unsigned long num(void) {
    char *s = strtok(NULL, " \n");
    return s != NULL ? strtoul(s, NULL, 0) : 0;
}

static void print_runs(const struct page_set *set) {
    if (set->nruns == 0) fputs("-", stdout);
    for (uint32_t i = 0; i < set->nruns; i++)
        printf("%s%u:%u", i ? "," : "", set->runs[i].first, set->runs[i].count);
}

int main(void) {
    char line[65536];
    while (fgets(line, sizeof line, stdin) != NULL) {
        char *cmd = strtok(line, " \n");
        if (cmd == NULL) continue;
        if (strcmp(cmd, "view") == 0) {
            view.page_first = (uint32_t)num();
            view.page_count = (uint32_t)num();
            memset(bitmap, 0, sizeof bitmap);
            char *w;
            for (size_t i = 0; i < 1024 && (w = strtok(NULL, " \n")) != NULL; i++)
                bitmap[i] = strtoull(w, NULL, 16);
            puts("ok");
        } else if (strcmp(cmd, "reset") == 0) {
            memset(&owned, 0, sizeof owned);
            memset(&pinned, 0, sizeof pinned);
            puts("ok");
        } else if (strcmp(cmd, "add") == 0 || strcmp(cmd, "remove") == 0) {
            uint32_t f = (uint32_t)num(), c = (uint32_t)num();
            int r = cmd[0] == 'a' ? pageset_add(&owned, f, c) : pageset_remove(&owned, f, c);
            printf("%d ", r);
            print_runs(&owned);
            putchar('\n');
        } else if (strcmp(cmd, "pin") == 0) {
            uint32_t f = (uint32_t)num(), c = (uint32_t)num();
            printf("%d\n", pageset_add(&pinned, f, c));
        } else if (strcmp(cmd, "freeat") == 0) {
            uint32_t p = (uint32_t)num(), l = (uint32_t)num();
            printf("%u\n", pagerun_free_at(&view, p, l));
        } else if (strcmp(cmd, "choose") == 0) {
            uint32_t want = (uint32_t)num(), first = 0;
            unsigned hints = (unsigned)num();
            uint32_t n = pagerun_choose(&view, &owned, want, hints, &first);
            printf("%u %u\n", n, n ? first : 0);
        } else if (strcmp(cmd, "victims") == 0) {
            uint32_t n = (uint32_t)num();
            uint32_t *out = calloc(n + 1, sizeof *out);
            uint32_t got = pagerun_victims(&owned, &pinned, n, out);
            if (got == 0) fputs("-", stdout);
            for (uint32_t i = 0; i < got; i++)
                printf("%s%u", i ? "," : "", out[i]);
            putchar('\n');
            free(out);
        } else {
            puts("?");
        }
        fflush(stdout);
    }
    return 0;
}
