/* bundle_harness.c: drives kernel/bundle.c's checks and start-up over a fake RAM mapped low (so
 * a page number is its address >> 12, as on the target) with the real ownership table
 * (kernel/pages.c) and CRC (link/crc32.c); env creation, start, the exposed state, the log and
 * the slot vector are stubs that record what they were asked. For tests/host/test_bundle_c.py,
 * built with ASan/UBSan. One answer line per command line:
 *
 *   init PAGES        -> ok FIRST_PPN       (fresh RAM of 0x5a bytes, every page free, no envs)
 *   own PPN           -> ok                 (bind a page to a stranger: no longer free)
 *   slots N           -> ok                 (free slots slots_alloc hands out from now)
 *   load HEX          -> ok STARTED | err WHY
 *   envs              -> ok NAME,ID,PC,ARGS,SLOTS,PAGES ... (envs created, in order)
 *   peek PPN N        -> ok HEX             (N bytes from the start of that page)
 *   check             -> ok BROKEN FREE     (pages_check, free pages)
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../firmware/harness_hex.h"
#include "kernel/bundle.h"
#include "kernel/env.h"
#include "kernel/exposed.h"
#include "kernel/klog.h"
#include "kernel/memory.h"
#include "kernel/slots.h"

#define RAM_ADDR  0x30000000ul
#define MAX_PAGES 1024
#define MAX_BLOB  (256 * 1024)
#define STRANGER  (CONFIG_MAX_ENVS - 1)

struct pages kpages;
struct exo_exposed kexposed;
static struct page_entry entries[MAX_PAGES];
static uint64_t bitmap[MAX_PAGES / 64];
static uint8_t *ram;
static struct env envs[CONFIG_MAX_ENVS];
static unsigned env_count, slots_left;
static unsigned long starts_pc[CONFIG_MAX_ENVS], starts_args[CONFIG_MAX_ENVS];
static unsigned slots_of[CONFIG_MAX_ENVS];

/* ---- Stubs: what bundle.c asks of the rest of the kernel ---------------------------------- */

int env_create(const char *name, size_t name_len, struct env **out) {
    if (env_count + 1 >= CONFIG_MAX_ENVS - 1) return ERR_NOMEM;
    for (size_t i = 0; i < name_len; i++)
        if (name[i] <= ' ' || name[i] > '~') return ERR_INVAL;
    struct env *e = &envs[++env_count];
    memset(e, 0, sizeof *e);
    memcpy(e->name, name, name_len);
    e->id = 1u << 16 | env_count;
    e->state = EXO_ENV_LOADING;
    *out = e;
    return ERR_OK;
}

long env_destroy(struct env *e, int32_t code) {
    e->state = EXO_ENV_DEAD;
    e->exit_code = code;
    return pages_release_all(&kpages, env_index(e), NULL, NULL);
}

void env_start(struct env *e, uintptr_t pc, uintptr_t args) {
    e->state = EXO_ENV_RUNNABLE;
    starts_pc[env_index(e)] = pc;
    starts_args[env_index(e)] = args;
}

int slots_alloc(unsigned env, uint32_t slot, unsigned *out) {
    (void)slot;
    if (slots_left == 0) return ERR_NOMEM;
    slots_left--;
    slots_of[env]++;
    if (out) *out = 0;
    return ERR_OK;
}

void exposed_begin(void) {}
void exposed_end(void) {}
void exposed_env(const struct env *e) {
    (void)e;
}
void exposed_pages(void) {}
void klog(int level, const char *fmt, ...) {
    (void)level;
    (void)fmt;
}

static void zero_page(void *ctx, uint32_t ppn) {
    (void)ctx;
    memset((void *)((uintptr_t)ppn << EXO_PAGE_SHIFT), 0, EXO_PAGE_SIZE);
}

/* ---- Commands ---------------------------------------------------------------------------- */

static unsigned long num(void) {
    const char *t = strtok(NULL, " \n");
    return t ? strtoul(t, NULL, 0) : 0;
}

static void do_init(void) {
    unsigned long pages = num();
    if (pages == 0 || pages > MAX_PAGES) {
        puts("err input");
        return;
    }
    if (ram) munmap(ram, MAX_PAGES * EXO_PAGE_SIZE);
    ram = mmap((void *)RAM_ADDR, MAX_PAGES * EXO_PAGE_SIZE, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (ram == MAP_FAILED) {
        ram = NULL;
        puts("err mmap");
        return;
    }
    memset(ram, 0x5a, MAX_PAGES * EXO_PAGE_SIZE); /* stale data: binding must zero it */
    uint32_t first = (uint32_t)((uintptr_t)ram >> EXO_PAGE_SHIFT);
    pages_init(&kpages, entries, first, (uint32_t)pages, bitmap);
    kpages.zero = zero_page;
    env_count = 0;
    slots_left = 32;
    memset(envs, 0, sizeof envs);
    memset(slots_of, 0, sizeof slots_of);
    printf("ok %u\n", (unsigned)first);
}

static void do_load(void) {
    static uint8_t blob[MAX_BLOB];
    long n = unhex(strtok(NULL, " \n"), blob, sizeof blob);
    if (n < 0) {
        puts("err input");
        return;
    }
    /* A copy of exactly n bytes on the heap, so ASan sees any read past the blob. */
    uint8_t *copy = malloc(n ? (size_t)n : 1);
    memcpy(copy, blob, (size_t)n);
    const char *why = "";
    int r = bundle_load(copy, (size_t)n, &why);
    free(copy);
    if (r < 0)
        printf("err %s\n", why);
    else
        printf("ok %d\n", r);
}

static void do_envs(void) {
    fputs("ok", stdout);
    for (unsigned i = 1; i <= env_count; i++)
        printf(" %s,%u,%lu,%lu,%u,%u", envs[i].name, (unsigned)envs[i].id, starts_pc[i],
               starts_args[i], slots_of[i], (unsigned)pages_owned_count(&kpages, i));
    putchar('\n');
}

static void do_peek(void) {
    unsigned long ppn = num(), n = num();
    uint32_t first = kpages.first_ppn;
    if (ppn < first || ppn >= first + MAX_PAGES || n > EXO_PAGE_SIZE) {
        puts("err input");
        return;
    }
    fputs("ok ", stdout);
    puthex((const uint8_t *)(ppn << EXO_PAGE_SHIFT), n);
    putchar('\n');
}

int main(void) {
    static char line[2 * MAX_BLOB + 64];
    while (fgets(line, sizeof line, stdin)) {
        const char *cmd = strtok(line, " \n");
        if (cmd == NULL) {
            puts("err input");
        } else if (strcmp(cmd, "init") == 0) {
            do_init();
        } else if (strcmp(cmd, "own") == 0) {
            int r = pages_alloc(&kpages, STRANGER, (uint32_t)num(), EXO_PERM_R, NULL);
            if (r)
                printf("err %d\n", r);
            else
                puts("ok");
        } else if (strcmp(cmd, "slots") == 0) {
            slots_left = (unsigned)num();
            puts("ok");
        } else if (strcmp(cmd, "load") == 0) {
            do_load();
        } else if (strcmp(cmd, "envs") == 0) {
            do_envs();
        } else if (strcmp(cmd, "peek") == 0) {
            do_peek();
        } else if (strcmp(cmd, "check") == 0) {
            printf("ok %d %u\n", pages_check(&kpages), (unsigned)pages_free_count(&kpages));
        } else {
            puts("err unknown");
        }
        fflush(stdout);
    }
    return 0;
}
