/* kernel/bootinfo.h: what the kernel learned at boot about the machine it runs on. */
#ifndef EXO_KERNEL_BOOTINFO_H
#define EXO_KERNEL_BOOTINFO_H

#include <stdint.h>

struct bootinfo {
    uint64_t ram_base, ram_size;
    uint64_t uart_base;
    uint32_t uart_clock_hz; /* the UART's input clock; 0 if the device tree does not say */
    uint64_t timebase_hz;
    /* kernel_end is page-aligned up; once bootinfo_layout ran it is the first managed page,
     * with the image and the ownership table below it. */
    uint64_t kernel_base, kernel_end;
    uint64_t image_end; /* _end itself */
    /* Pages of RAM above the kernel: all of them until bootinfo_layout, then those that remain
     * once the ownership table (table_base, table_bytes) sits right after the image. */
    uint32_t pages_total, pages_free;
    uint64_t table_base, table_bytes;
    uint32_t page_first; /* ppn of the first managed page (after the table) */
    uint32_t pmp_entries;
    uint32_t from_fdt; /* BOOTINFO_FDT_* bits: which values came from the device tree */
};

#define BOOTINFO_FDT_MEMORY   0x1
#define BOOTINFO_FDT_UART     0x2
#define BOOTINFO_FDT_TIMEBASE 0x4

/* Fill info from the board's defaults, then from the device tree at blob (at most max_size
 * bytes; NULL for none) where it says more. kernel_base/kernel_end must be set first; the
 * page counts are derived last. Pure: reads only the blob. */
void bootinfo_parse(struct bootinfo *info, const void *blob, uint64_t max_size);

/* Parse into the kernel's one copy (kmain, once, before anything reads it). */
void bootinfo_init(const void *blob, uint64_t max_size, uint64_t kernel_base, uint64_t kernel_end);

/* Place the ownership table, entry_bytes a page, right after the image (aligned to 64) and
 * manage the whole pages of RAM after it, as many as fit beside their entries (at most
 * max_pages). Updates table_*, page_first, kernel_end and the page counts. Pure. */
void bootinfo_layout(struct bootinfo *info, uint32_t entry_bytes, uint32_t max_pages);

/* bootinfo_layout on the kernel's copy. */
void bootinfo_set_layout(uint32_t entry_bytes, uint32_t max_pages);

/* Record the PMP entry count probed at boot. */
void bootinfo_set_pmp(uint32_t entries);

/* The boot information, read-only, once kmain has filled it. */
const struct bootinfo *bootinfo_get(void);

#endif /* EXO_KERNEL_BOOTINFO_H */
