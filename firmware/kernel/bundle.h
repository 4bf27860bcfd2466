/* kernel/bundle.h: the boot bundle: envs the kernel image carries, already relocated to fixed
 * pages at the top of RAM by the host (python -m exo.bundle; docs/images.md, "Boot bundles"),
 * started at reset so a board runs with no host. The kernel never parses ELF: a bundle is flat
 * bytes, a rights byte per page and an entry offset per env. */
#ifndef EXO_KERNEL_BUNDLE_H
#define EXO_KERNEL_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

/* Check the bundle linked into this image (none: nothing happens) and start its envs. Called
 * once at boot after the page table, env table, slot vector and link are set up, before the
 * scheduler's first decision. A bundle that fails any check is refused whole with one log line
 * and no env or page is touched; the kernel boots on either way. */
void bundle_start(void);

/* The same for any blob: the number of envs started, or a negative ERR_* with *why set to what
 * was wrong (nothing started then). */
int bundle_load(const uint8_t *blob, size_t size, const char **why);

#endif /* EXO_KERNEL_BUNDLE_H */
