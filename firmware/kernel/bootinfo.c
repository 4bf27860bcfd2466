/* kernel/bootinfo.c: RAM size, UART base and timebase from the device tree, else the board.
 *
 * The tree comes from whatever ran before us and is not trusted: lib/fdt checks every
 * offset, and values that make no sense (RAM not holding the kernel, a zero timebase) are
 * ignored in favour of the board file's.
 */
#include "kernel/bootinfo.h"
#include "board.h"
#include "lib/fdt.h"
#include "lib/string.h"

#define PAGE_SIZE 4096u

static void from_memory(struct bootinfo *info, const struct fdt *f) {
    struct fdt_iter it;
    struct fdt_node n;
    fdt_iter_start(f, &it);
    while (fdt_next_node(f, &it, &n)) {
        uint32_t len;
        const char *type = fdt_prop(f, &n, "device_type", &len);
        if (n.depth != 1 || type == NULL || len != 7 || memcmp(type, "memory", 7) != 0) continue;
        uint64_t base, size;
        for (unsigned i = 0; fdt_reg(f, &n, i, &base, &size); i++) {
            /* The bank the kernel runs in; base + size must not wrap. */
            if (info->kernel_base >= base && size > info->kernel_end - base && base + size > base) {
                info->ram_base = base;
                info->ram_size = size;
                info->from_fdt |= BOOTINFO_FDT_MEMORY;
                return;
            }
        }
    }
}

static bool ns16550(const struct fdt *f, const struct fdt_node *n) {
    return fdt_is_compatible(f, n, "ns16550a") || fdt_is_compatible(f, n, "ns16550");
}

static void from_uart(struct bootinfo *info, const struct fdt *f) {
    struct fdt_node n;
    bool found = false;
    uint32_t len;
    if (fdt_find_path(f, "/chosen", 7, &n)) {
        const char *path = fdt_prop(f, &n, "stdout-path", &len);
        size_t k = 0;
        while (path != NULL && k < len && path[k] && path[k] != ':')
            k++;
        if (path != NULL && k > 0 && path[0] != '/' && fdt_find_path(f, "/aliases", 8, &n)) {
            /* An alias: look its name up in /aliases, whose values are full paths. */
            char alias[32];
            if (k < sizeof alias) {
                memcpy(alias, path, k);
                alias[k] = 0;
                path = fdt_prop(f, &n, alias, &len);
                for (k = 0; path != NULL && k < len && path[k] && path[k] != ':';)
                    k++;
            } else {
                path = NULL;
            }
        }
        found = path != NULL && k > 0 && fdt_find_path(f, path, k, &n) && ns16550(f, &n);
    }
    if (!found)
        found = fdt_find_compatible(f, "ns16550a", &n) || fdt_find_compatible(f, "ns16550", &n);
    uint64_t base, size;
    uint64_t clock;
    if (found && fdt_reg(f, &n, 0, &base, &size) && base != 0) {
        info->uart_base = base;
        info->from_fdt |= BOOTINFO_FDT_UART;
        if (fdt_prop_uint(f, &n, "clock-frequency", &clock) && clock <= UINT32_MAX)
            info->uart_clock_hz = (uint32_t)clock;
    }
}

static void from_cpus(struct bootinfo *info, const struct fdt *f) {
    struct fdt_node n;
    uint64_t hz;
    if (fdt_find_path(f, "/cpus", 5, &n) && fdt_prop_uint(f, &n, "timebase-frequency", &hz) &&
        hz != 0) {
        info->timebase_hz = hz;
        info->from_fdt |= BOOTINFO_FDT_TIMEBASE;
    }
}

void bootinfo_parse(struct bootinfo *info, const void *blob, uint64_t max_size) {
    struct fdt f;
    info->ram_base = BOARD_RAM_BASE;
    info->ram_size = BOARD_RAM_SIZE;
    info->uart_base = BOARD_UART_BASE;
    info->uart_clock_hz = 0;
    info->timebase_hz = BOARD_TIMER_HZ;
    info->from_fdt = 0;
    if (blob != NULL && fdt_init(&f, blob, max_size)) {
        from_memory(info, &f);
        from_uart(info, &f);
        from_cpus(info, &f);
    }
    uint64_t ram_end = info->ram_base + info->ram_size;
    uint64_t pages = ram_end > info->kernel_end ? (ram_end - info->kernel_end) / PAGE_SIZE : 0;
    info->pages_total = pages > UINT32_MAX ? UINT32_MAX : (uint32_t)pages;
    info->pages_free = info->pages_total; /* nothing is bound yet */
}

void bootinfo_layout(struct bootinfo *info, uint32_t entry_bytes, uint32_t max_pages) {
    uint64_t ram_end = info->ram_base + info->ram_size;
    uint64_t table = (info->image_end + 63) & ~(uint64_t)63;
    uint64_t count = 0;
    if (table < ram_end) {
        /* Each page costs itself and its entry; rounding the table up to a page may take
         * one page more, hence the single correction. */
        count = (ram_end - table) / (PAGE_SIZE + entry_bytes);
        if (count > max_pages) count = max_pages;
        uint64_t first = (table + count * entry_bytes + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
        if (count > 0 && first + count * PAGE_SIZE > ram_end) {
            count--;
            first = (table + count * entry_bytes + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
        }
        info->page_first = (uint32_t)(first / PAGE_SIZE);
        info->kernel_end = first; /* the table is the kernel's too */
    }
    info->table_base = table;
    info->table_bytes = count * entry_bytes;
    info->pages_total = info->pages_free = (uint32_t)count;
}

static struct bootinfo boot;

void bootinfo_set_layout(uint32_t entry_bytes, uint32_t max_pages) {
    bootinfo_layout(&boot, entry_bytes, max_pages);
}

void bootinfo_init(const void *blob, uint64_t max_size, uint64_t kernel_base, uint64_t kernel_end) {
    boot.kernel_base = kernel_base;
    boot.image_end = kernel_end;
    boot.kernel_end = (kernel_end + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
    bootinfo_parse(&boot, blob, max_size);
}

void bootinfo_set_pmp(uint32_t entries) {
    boot.pmp_entries = entries;
}

const struct bootinfo *bootinfo_get(void) {
    return &boot;
}
