/* exposed_harness.c: drives libos/lib/exposed.c's seqlock reader against a simulated kernel
 * writer, for test_exposed.py.
 *
 *   set MAGIC VERSION FIRST COUNT FREE  -> ok     (header fields; bitmap word i = i * K)
 *   read TRIES BUMPS WORDS -> CODE ATTEMPTS FIRST COUNT FREE W0,W1,... (copies into WORDS)
 * The writer runs inside the copy: during each of the first BUMPS copies it changes the state
 * half-way (the version goes up by 2 and the bitmap and pages_free change), as a kernel on
 * another hart would. A reader that returns must hold one writer generation only.
 *   odd                                  -> ok     (leaves version odd: a writer that stalls)
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <exo/exposed.h>

#define K 0x0101010101010101ull

static struct exo_exposed state;
static unsigned bumps;
static unsigned generation;

static void write_bitmap(void) {
    for (size_t i = 0; i < EXO_EXPOSED_PAGES_MAX / 64; i++)
        state.free_bitmap[i] = (uint64_t)i * K + generation;
}

/* The reader's copy, with the writer interleaved after the header. */
static void copy(void *ctx, const volatile struct exo_exposed *src) {
    struct exposed_pages *dst = ctx;
    dst->page_first = src->page_first;
    dst->page_count = src->page_count;
    dst->pages_free = src->pages_free;
    if (bumps > 0) {
        bumps--;
        state.version++; /* odd: writing */
        generation++;
        state.pages_free = generation;
        write_bitmap();
        state.version++;
    }
    size_t words = dst->bitmap_words;
    for (size_t i = 0; i < words; i++)
        dst->bitmap[i] = src->free_bitmap[i];
}

int main(void) {
    char line[256];
    uint64_t words[64];
    while (fgets(line, sizeof line, stdin) != NULL) {
        char *cmd = strtok(line, " \n");
        if (cmd == NULL) continue;
        if (strcmp(cmd, "set") == 0) {
            state.magic = (uint32_t)strtoul(strtok(NULL, " \n"), NULL, 0);
            state.version = (uint32_t)strtoul(strtok(NULL, " \n"), NULL, 0);
            state.page_first = (uint32_t)strtoul(strtok(NULL, " \n"), NULL, 0);
            state.page_count = (uint32_t)strtoul(strtok(NULL, " \n"), NULL, 0);
            state.pages_free = (uint32_t)strtoul(strtok(NULL, " \n"), NULL, 0);
            generation = 0;
            write_bitmap();
            puts("ok");
        } else if (strcmp(cmd, "odd") == 0) {
            state.version |= 1;
            puts("ok");
        } else if (strcmp(cmd, "read") == 0) {
            unsigned tries = (unsigned)strtoul(strtok(NULL, " \n"), NULL, 0);
            bumps = (unsigned)strtoul(strtok(NULL, " \n"), NULL, 0);
            size_t n = strtoul(strtok(NULL, " \n"), NULL, 0);
            if (n > 64) n = 64;
            memset(words, 0, sizeof words);
            struct exposed_pages dst = {.bitmap = words, .bitmap_words = n};
            unsigned attempts = 0;
            int r = exposed_read(&state, copy, &dst, tries, &attempts);
            printf("%d %u %u %u %u ", r, attempts, dst.page_first, dst.page_count, dst.pages_free);
            for (size_t i = 0; i < n; i++)
                printf("%s%" PRIx64, i ? "," : "", words[i]);
            puts(n ? "" : "-");
        } else if (strcmp(cmd, "pages") == 0) {
            /* exposed_pages_read with its own copy (no writer): bitmap capacity WORDS. */
            size_t n = strtoul(strtok(NULL, " \n"), NULL, 0);
            if (n > 64) n = 64;
            memset(words, 0, sizeof words);
            struct exposed_pages dst = {.bitmap = words, .bitmap_words = n};
            int r = exposed_pages_read(&state, &dst, EXPOSED_TRIES);
            size_t used = (dst.page_count + 63) / 64;
            printf("%d %u %zu\n", r, dst.page_count, used);
        } else {
            puts("?");
        }
        fflush(stdout);
    }
    return 0;
}
