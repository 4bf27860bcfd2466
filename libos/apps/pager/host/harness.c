/* harness.c: a line harness over the pager's pure modules (store.c, frames.c), built for the host
 * with ASan/UBSan by tests/e2e/test_apps.py (libos/Makefile builds only an app folder's own
 * files, not this subfolder). One command a line, words in hex, one answer line each:
 *
 *   compress W...      -> "blob N W..." (the codec's output for a page of 1024 words)
 *   decompress W...    -> "made N" (words a blob decodes to, at most a page; -1 if malformed)
 *   init               -> "ok"                        (store_init)
 *   put P W...         -> "put R"                     (store_put of a 1024-word page)
 *   get P              -> "get R W..." (W only if R is 0)
 *   drop P / damage P  -> "ok" / "damage R"
 *   stats              -> "stats BLOBS LIVE COMPACTIONS PUTS"
 *   finit N            -> "ok"                        (frames_init for N logical pages)
 *   fadd PPN           -> "fadd I"
 *   fvictim / fresident -> "fvictim I" / "fresident N"
 *   fmap I P / funmap I / fuse I -> "ok"              (fuse sets the use bit, as a hit does)
 *   fremove I          -> "fremove PPN"
 *   ffind P            -> "ffind I"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../frames.h"
#include "../store.h"

#define LINE_MAX_WORDS (2 * STORE_PAGE_WORDS + 8)

static uint32_t words[LINE_MAX_WORDS];
static uint32_t out[LINE_MAX_WORDS];

/* The hex words after the command on the line; how many. */
static uint32_t parse(char *rest) {
    uint32_t n = 0;
    for (char *tok = strtok(rest, " \n"); tok != NULL && n < LINE_MAX_WORDS;
         tok = strtok(NULL, " \n"))
        words[n++] = (uint32_t)strtoul(tok, NULL, 16);
    return n;
}

static void print_words(const uint32_t *w, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        printf(" %x", w[i]);
}

int main(void) {
    static char line[16 * LINE_MAX_WORDS];
    while (fgets(line, sizeof line, stdin) != NULL) {
        char *rest = strchr(line, ' ');
        if (rest != NULL) *rest++ = '\0';
        line[strcspn(line, "\n")] = '\0';
        uint32_t n = rest != NULL ? parse(rest) : 0;
        if (strcmp(line, "compress") == 0 && n == STORE_PAGE_WORDS) {
            uint32_t len = store_compress(words, n, out);
            printf("blob %u", len);
            print_words(out, len);
        } else if (strcmp(line, "decompress") == 0) {
            printf("made %ld", store_decompress(words, n, out, STORE_PAGE_WORDS));
        } else if (strcmp(line, "init") == 0) {
            store_init();
            printf("ok");
        } else if (strcmp(line, "put") == 0 && n == STORE_PAGE_WORDS + 1) {
            printf("put %d", store_put(words[0], words + 1));
        } else if (strcmp(line, "get") == 0 && n == 1) {
            int r = store_get(words[0], out);
            printf("get %d", r);
            if (r == 0) print_words(out, STORE_PAGE_WORDS);
        } else if (strcmp(line, "drop") == 0 && n == 1) {
            store_drop(words[0]);
            printf("ok");
        } else if (strcmp(line, "damage") == 0 && n == 1) {
            printf("damage %d", store_damage(words[0]));
        } else if (strcmp(line, "stats") == 0) {
            const struct store_stats *s = store_stats();
            printf("stats %u %u %u %u", s->blobs, s->live, s->compactions, s->puts);
        } else if (strcmp(line, "finit") == 0 && n == 1) {
            frames_init(words[0]);
            printf("ok");
        } else if (strcmp(line, "fadd") == 0 && n == 1) {
            printf("fadd %d", frames_add(words[0]));
        } else if (strcmp(line, "fvictim") == 0) {
            printf("fvictim %u", frames_victim());
        } else if (strcmp(line, "fresident") == 0) {
            printf("fresident %u", frames_resident());
        } else if (strcmp(line, "fmap") == 0 && n == 2) {
            frames_map(words[0], words[1]);
            printf("ok");
        } else if (strcmp(line, "funmap") == 0 && n == 1) {
            frames_unmap(words[0]);
            printf("ok");
        } else if (strcmp(line, "fuse") == 0 && n == 1) {
            frames_at(words[0])->ref = 1;
            printf("ok");
        } else if (strcmp(line, "fremove") == 0 && n == 1) {
            printf("fremove %x", frames_remove(words[0]));
        } else if (strcmp(line, "ffind") == 0 && n == 1) {
            printf("ffind %d", frames_find(words[0]));
        } else {
            printf("bad command %s", line);
        }
        printf("\n");
        fflush(stdout);
    }
    return 0;
}
