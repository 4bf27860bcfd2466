/* kernel/bundle.c: checks the boot bundle and starts its envs (kernel/bundle.h).
 *
 * Layout (all little-endian; hostpy/exo/bundle.py writes it): a 16-byte header {magic "EXOB",
 * version u16, count u16, size u32, crc u32 of bytes [16, size)}, then count 48-byte entries
 * {name[16] NUL-padded, base_ppn, pages, image_size, data, rights, entry, args, slots: u32},
 * then the rights bytes and image bytes the entries point at. Every offset is checked against
 * size, and every entry before any env is created, so a bad bundle changes nothing. */
#include "kernel/bundle.h"
#include "exo/abi.h"
#include "kernel/env.h"
#include "kernel/errors.h"
#include "kernel/exposed.h"
#include "kernel/klog.h"
#include "kernel/memory.h"
#include "kernel/slots.h"
#include "lib/string.h"
#include "link/crc32.h"

#define MAGIC       0x424f5845u /* "EXOB" */
#define VERSION     1
#define HEADER_SIZE 16
#define ENTRY_SIZE  48
#define NAME_BYTES  16

/* Defined by the object the firmware build makes from a bundle file (exo-bundle.elf only);
 * weak, so exo.elf links without one and both are 0 there. */
extern const uint8_t bundle_blob[] __attribute__((weak));
extern const uint8_t bundle_blob_end[] __attribute__((weak));

/* Weak: the bundle still starts on a kernel built without the slot vector; its envs then run
 * as every env does there. */
#pragma weak slots_alloc

struct entry {
    char name[NAME_BYTES];
    size_t name_len;
    uint32_t base_ppn, pages, image_size, data, rights, entry, args, slots;
};

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int refuse(const char **why, const char *what) {
    *why = what;
    return ERR_INVAL;
}

/* Entry i, with every field checked against the blob and the managed pages. */
static int entry_read(const uint8_t *blob, uint32_t size, unsigned i, struct entry *e,
                      const char **why) {
    const uint8_t *p = blob + HEADER_SIZE + (size_t)i * ENTRY_SIZE;
    memcpy(e->name, p, NAME_BYTES);
    e->name_len = 0;
    while (e->name_len < NAME_BYTES && e->name[e->name_len])
        e->name_len++;
    uint32_t *fields[] = {&e->base_ppn, &e->pages, &e->image_size, &e->data,
                          &e->rights,   &e->entry, &e->args,       &e->slots};
    for (unsigned f = 0; f < sizeof fields / sizeof fields[0]; f++)
        *fields[f] = le32(p + NAME_BYTES + 4 * f);
    if (e->name_len == 0 || e->name_len >= EXO_ENV_NAME_MAX)
        return refuse(why, "an env name is empty or too long");
    for (size_t k = 0; k < e->name_len; k++)
        if (e->name[k] <= ' ' || e->name[k] > '~')
            return refuse(why, "an env name is not printable ASCII");
    if (e->pages == 0 || e->pages > kpages.count || e->base_ppn < kpages.first_ppn ||
        e->base_ppn - kpages.first_ppn > kpages.count - e->pages)
        return refuse(why, "an image's pages are outside the managed range");
    uint64_t span = (uint64_t)e->pages << EXO_PAGE_SHIFT;
    if ((uint64_t)e->rights + e->pages > size || (uint64_t)e->data + e->image_size > size)
        return refuse(why, "an image's rights or bytes lie outside the bundle");
    if (e->image_size > span) return refuse(why, "an image is larger than its pages");
    for (uint32_t k = 0; k < e->pages; k++)
        if (blob[e->rights + k] == 0 || blob[e->rights + k] > EXO_PERM_RWX)
            return refuse(why, "page rights must be 1..7");
    if (e->entry >= span || !(blob[e->rights + (e->entry >> EXO_PAGE_SHIFT)] & EXO_PERM_X))
        return refuse(why, "an entry is outside its image's executable pages");
    if (e->args != ENV_NO_ARGS && e->args >= span)
        return refuse(why, "an argument block is outside its pages");
    for (uint32_t k = 0; k < e->pages; k++)
        if (pages_owner(&kpages, e->base_ppn + k) != 0)
            return refuse(why, "an image's pages are not free");
    return ERR_OK;
}

static int overlap(const struct entry *a, const struct entry *b) {
    return a->base_ppn < b->base_ppn + b->pages && b->base_ppn < a->base_ppn + a->pages;
}

/* Bind the run, copy the bytes (the rest of the pages stays zero), give slots and start. */
static int entry_start(const uint8_t *blob, const struct entry *s, const char **why) {
    struct env *e;
    if (env_create(s->name, s->name_len, &e) != ERR_OK)
        return refuse(why, "no env for an image (bad name or table full)");
    int rc = ERR_OK;
    exposed_begin();
    for (uint32_t k = 0; k < s->pages && rc == ERR_OK; k++)
        rc = pages_alloc(&kpages, env_index(e), s->base_ppn + k, blob[s->rights + k], NULL);
    exposed_env(e);
    exposed_pages();
    exposed_end();
    if (rc != ERR_OK) {
        env_destroy(e, -1);
        return refuse(why, "binding an image's pages failed");
    }
    uint8_t *base = (uint8_t *)((uintptr_t)s->base_ppn << EXO_PAGE_SHIFT);
    memcpy(base, blob + s->data, s->image_size);
    unsigned given = 0;
    while (slots_alloc && given < s->slots && slots_alloc(env_index(e), SLOTS_ANY, NULL) == 0)
        given++;
    if (given < s->slots)
        klog(KLOG_WARN, "bundle: %s got %u of the %u slots it asks for", e->name, given,
             (unsigned)s->slots);
    env_start(e, (uintptr_t)base + s->entry,
              s->args == ENV_NO_ARGS ? 0 : (uintptr_t)base + s->args);
    klog(KLOG_INFO, "bundle: %s is env 0x%x on pages 0x%x-0x%x", e->name, (unsigned)e->id,
         (unsigned)s->base_ppn, (unsigned)(s->base_ppn + s->pages - 1));
    return ERR_OK;
}

int bundle_load(const uint8_t *blob, size_t size, const char **why) {
    if (size < HEADER_SIZE) return refuse(why, "shorter than its header");
    uint32_t used = le32(blob + 8);
    unsigned count = (unsigned)(blob[6] | blob[7] << 8);
    if (le32(blob) != MAGIC) return refuse(why, "bad magic");
    if ((blob[4] | blob[5] << 8) != VERSION) return refuse(why, "unknown version");
    if (used < HEADER_SIZE || used > size) return refuse(why, "size outside the image's blob");
    if (crc32_update(0, blob + HEADER_SIZE, used - HEADER_SIZE) != le32(blob + 12))
        return refuse(why, "CRC mismatch");
    if (count == 0 || count >= CONFIG_MAX_ENVS || HEADER_SIZE + (uint64_t)count * ENTRY_SIZE > used)
        return refuse(why, "bad image count");
    struct entry entries[CONFIG_MAX_ENVS - 1];
    for (unsigned i = 0; i < count; i++) {
        int rc = entry_read(blob, used, i, &entries[i], why);
        if (rc != ERR_OK) return rc;
        for (unsigned j = 0; j < i; j++)
            if (overlap(&entries[i], &entries[j])) return refuse(why, "two images overlap");
    }
    for (unsigned i = 0; i < count; i++) {
        int rc = entry_start(blob, &entries[i], why);
        if (rc != ERR_OK) return rc;
    }
    return (int)count;
}

void bundle_start(void) {
    size_t size = (size_t)(bundle_blob_end - bundle_blob);
    if (size == 0) return;
    const char *why = "";
    int n = bundle_load(bundle_blob, size, &why);
    if (n < 0)
        klog(KLOG_ERROR, "bundle refused: %s", why);
    else
        klog(KLOG_INFO, "bundle: %d envs started", n);
}
