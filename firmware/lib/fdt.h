/* lib/fdt.h: a pure, bounds-checked reader of flattened device trees (DTB, version 17).
 *
 * Every offset and length in the blob is checked against the blob's own size before it is
 * used, so a malformed or hostile tree yields "not found", never a wild read. No allocation,
 * no recursion; depth is bounded by FDT_MAX_DEPTH.
 */
#ifndef EXO_LIB_FDT_H
#define EXO_LIB_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC       0xd00dfeedu
#define FDT_HEADER_SIZE 40
#define FDT_MAX_DEPTH   16

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9

struct fdt {
    const uint8_t *blob;
    uint32_t size; /* totalsize, checked against the caller's bound */
    uint32_t struct_off, struct_end;
    uint32_t strings_off, strings_size;
};

/* A node as the walk found it. */
struct fdt_node {
    uint32_t off;        /* of its FDT_BEGIN_NODE token, from the blob start */
    int depth;           /* 0 for the root */
    const char *name;    /* NUL-terminated inside the blob */
    uint32_t addr_cells; /* the parent's #address-cells and #size-cells (for its reg) */
    uint32_t size_cells;
};

/* Walk state: where the next token is, and the cells each open node declared. */
struct fdt_iter {
    uint32_t pos;
    int depth;
    uint32_t cells[FDT_MAX_DEPTH + 1][2];
};

/* Check the header of blob, at most max_size bytes long. Returns false if it is not a
 * usable device tree. */
bool fdt_init(struct fdt *f, const void *blob, size_t max_size);

/* The total size a header claims, read from its first 8 bytes (0 if the magic is wrong). */
uint32_t fdt_total_size(const void *blob);

void fdt_iter_start(const struct fdt *f, struct fdt_iter *it);

/* The next node in document order; false at the end or on any malformed token. */
bool fdt_next_node(const struct fdt *f, struct fdt_iter *it, struct fdt_node *out);

/* A property's value and length, or NULL if the node has no such property. */
const void *fdt_prop(const struct fdt *f, const struct fdt_node *n, const char *name,
                     uint32_t *len);

/* A u32 or u64 property (by its length), big-endian in the blob. */
bool fdt_prop_uint(const struct fdt *f, const struct fdt_node *n, const char *name,
                   uint64_t *value);

/* Entry i of the node's reg property, using its parent's cells (at most 2 each). */
bool fdt_reg(const struct fdt *f, const struct fdt_node *n, unsigned i, uint64_t *addr,
             uint64_t *size);

/* Find a node by absolute path ("/soc/serial@10000000"; a component without a unit address
 * matches "name@anything"). path_len lets the caller pass a prefix (stdout-path options). */
bool fdt_find_path(const struct fdt *f, const char *path, size_t path_len, struct fdt_node *out);

/* The first node whose compatible list holds compat. */
bool fdt_find_compatible(const struct fdt *f, const char *compat, struct fdt_node *out);

/* Whether the node's compatible list holds compat. */
bool fdt_is_compatible(const struct fdt *f, const struct fdt_node *n, const char *compat);

#endif /* EXO_LIB_FDT_H */
