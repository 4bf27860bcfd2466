/* lib/fdt.c: walks a flattened device tree without trusting a single offset in it. */
#include "lib/fdt.h"
#include "lib/string.h"

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t align4(uint32_t v) {
    return (v + 3) & ~3u;
}

uint32_t fdt_total_size(const void *blob) {
    const uint8_t *b = blob;
    return be32(b) == FDT_MAGIC ? be32(b + 4) : 0;
}

bool fdt_init(struct fdt *f, const void *blob, size_t max_size) {
    const uint8_t *b = blob;
    if (max_size < FDT_HEADER_SIZE || be32(b) != FDT_MAGIC) return false;
    uint32_t total = be32(b + 4), soff = be32(b + 8), stroff = be32(b + 12);
    uint32_t version = be32(b + 20), strsize = be32(b + 32), ssize = be32(b + 36);
    /* 64-bit sums: no offset + size can wrap. */
    if (total < FDT_HEADER_SIZE || total > max_size || version < 17 || soff % 4 ||
        (uint64_t)soff + ssize > total || (uint64_t)stroff + strsize > total ||
        soff < FDT_HEADER_SIZE || stroff < FDT_HEADER_SIZE)
        return false;
    f->blob = b;
    f->size = total;
    f->struct_off = soff;
    f->struct_end = soff + ssize;
    f->strings_off = stroff;
    f->strings_size = strsize;
    return true;
}

void fdt_iter_start(const struct fdt *f, struct fdt_iter *it) {
    it->pos = f->struct_off;
    it->depth = 0;
    it->cells[0][0] = 2; /* the spec's defaults when a node does not say */
    it->cells[0][1] = 1;
}

/* The length of the NUL-terminated string at off, if it ends before end; else -1. */
static long str_len(const struct fdt *f, uint32_t off, uint32_t end) {
    for (uint32_t i = off; i < end; i++)
        if (f->blob[i] == 0) return (long)(i - off);
    return -1;
}

/* Reads the token at *pos; for a property also its value. Advances *pos past it.
 * Returns the token, or 0 if it runs past the structure block. */
static uint32_t token(const struct fdt *f, uint32_t *pos, const char **name, const uint8_t **val,
                      uint32_t *len) {
    uint32_t p = *pos;
    if (p % 4 || (uint64_t)p + 4 > f->struct_end) return 0;
    uint32_t tok = be32(f->blob + p);
    p += 4;
    if (tok == FDT_BEGIN_NODE) {
        long n = str_len(f, p, f->struct_end);
        if (n < 0) return 0;
        *name = (const char *)f->blob + p;
        p = align4(p + (uint32_t)n + 1);
    } else if (tok == FDT_PROP) {
        if ((uint64_t)p + 8 > f->struct_end) return 0;
        uint32_t plen = be32(f->blob + p), nameoff = be32(f->blob + p + 4);
        p += 8;
        if ((uint64_t)p + plen > f->struct_end || nameoff >= f->strings_size) return 0;
        uint32_t s = f->strings_off + nameoff;
        if (str_len(f, s, f->strings_off + f->strings_size) < 0) return 0;
        *name = (const char *)f->blob + s;
        *val = f->blob + p;
        *len = plen;
        p = align4(p + plen);
    } else if (tok != FDT_END_NODE && tok != FDT_NOP && tok != FDT_END) {
        return 0;
    }
    *pos = p;
    return tok;
}

/* a is NUL-terminated inside the blob (checked by token), so stopping at its end is safe. */
static bool streq(const char *a, const char *b) {
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

bool fdt_next_node(const struct fdt *f, struct fdt_iter *it, struct fdt_node *out) {
    for (;;) {
        const char *name = NULL;
        const uint8_t *val = NULL;
        uint32_t len = 0, at = it->pos;
        uint32_t tok = token(f, &it->pos, &name, &val, &len);
        switch (tok) {
        case FDT_BEGIN_NODE:
            if (it->depth >= FDT_MAX_DEPTH) goto stop;
            out->off = at;
            out->depth = it->depth;
            out->name = name;
            out->addr_cells = it->cells[it->depth][0];
            out->size_cells = it->cells[it->depth][1];
            it->depth++;
            it->cells[it->depth][0] = 2;
            it->cells[it->depth][1] = 1;
            return true;
        case FDT_END_NODE:
            if (it->depth == 0) goto stop;
            it->depth--;
            break;
        case FDT_PROP:
            /* Properties come before subnodes, so a node's cells are known for its children. */
            if (len == 4 && streq(name, "#address-cells"))
                it->cells[it->depth][0] = be32(val);
            else if (len == 4 && streq(name, "#size-cells"))
                it->cells[it->depth][1] = be32(val);
            break;
        case FDT_NOP:
            break;
        default:
            goto stop;
        }
    }
stop:
    it->pos = f->struct_end; /* every later call ends at once */
    return false;
}

const void *fdt_prop(const struct fdt *f, const struct fdt_node *n, const char *name,
                     uint32_t *len) {
    uint32_t pos = n->off;
    const char *pname;
    const uint8_t *val;
    uint32_t plen;
    if (token(f, &pos, &pname, &val, &plen) != FDT_BEGIN_NODE) return NULL;
    for (;;) {
        uint32_t tok = token(f, &pos, &pname, &val, &plen);
        if (tok == FDT_NOP) continue;
        if (tok != FDT_PROP) return NULL;
        if (streq(pname, name)) {
            *len = plen;
            return val;
        }
    }
}

bool fdt_prop_uint(const struct fdt *f, const struct fdt_node *n, const char *name,
                   uint64_t *value) {
    uint32_t len;
    const uint8_t *p = fdt_prop(f, n, name, &len);
    if (p == NULL || (len != 4 && len != 8)) return false;
    *value = len == 4 ? be32(p) : (uint64_t)be32(p) << 32 | be32(p + 4);
    return true;
}

static uint64_t cells_value(const uint8_t *p, uint32_t cells) {
    uint64_t v = 0;
    for (uint32_t i = 0; i < cells; i++)
        v = v << 32 | be32(p + 4 * i);
    return v;
}

bool fdt_reg(const struct fdt *f, const struct fdt_node *n, unsigned i, uint64_t *addr,
             uint64_t *size) {
    uint32_t len, ac = n->addr_cells, sc = n->size_cells;
    if (ac < 1 || ac > 2 || sc > 2) return false;
    const uint8_t *p = fdt_prop(f, n, "reg", &len);
    uint32_t entry = 4 * (ac + sc);
    if (p == NULL || i >= len / entry) return false;
    p += (size_t)i * entry;
    *addr = cells_value(p, ac);
    *size = cells_value(p + 4 * ac, sc);
    return true;
}

static bool has_at(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] == '@') return true;
    return false;
}

/* Whether node name matches path component comp[0..n): exactly, or comp has no unit
 * address and name is comp@something. */
static bool component_matches(const char *name, const char *comp, size_t n) {
    if (has_at(comp, n)) return strlen(name) == n && memcmp(name, comp, n) == 0;
    size_t k = 0;
    while (name[k] && name[k] != '@')
        k++;
    return k == n && memcmp(name, comp, n) == 0;
}

bool fdt_find_path(const struct fdt *f, const char *path, size_t path_len, struct fdt_node *out) {
    const char *comp[FDT_MAX_DEPTH];
    size_t clen[FDT_MAX_DEPTH];
    int ncomp = 0;
    if (path_len == 0 || path[0] != '/') return false;
    for (size_t i = 1; i < path_len;) {
        size_t j = i;
        while (j < path_len && path[j] != '/')
            j++;
        if (j > i) {
            if (ncomp == FDT_MAX_DEPTH) return false;
            comp[ncomp] = path + i;
            clen[ncomp++] = j - i;
        }
        i = j + 1;
    }
    struct fdt_iter it;
    struct fdt_node n;
    int matched = 0; /* components matched by the ancestors of the current node */
    fdt_iter_start(f, &it);
    while (fdt_next_node(f, &it, &n)) {
        if (n.depth == 0) {
            if (ncomp == 0) {
                *out = n;
                return true;
            }
            continue;
        }
        if (matched >= n.depth)
            matched = n.depth - 1; /* left the matched branch for a sibling or an uncle */
        if (matched == n.depth - 1 && component_matches(n.name, comp[matched], clen[matched])) {
            matched = n.depth;
            if (matched == ncomp) {
                *out = n;
                return true;
            }
        }
    }
    return false;
}

bool fdt_is_compatible(const struct fdt *f, const struct fdt_node *n, const char *compat) {
    uint32_t len;
    const char *p = fdt_prop(f, n, "compatible", &len);
    size_t want = strlen(compat) + 1;
    for (uint32_t i = 0; p != NULL && i < len;) {
        uint32_t k = i;
        while (k < len && p[k])
            k++;
        if (k < len && k - i + 1 == want && memcmp(p + i, compat, want) == 0) return true;
        i = k + 1;
    }
    return false;
}

bool fdt_find_compatible(const struct fdt *f, const char *compat, struct fdt_node *out) {
    struct fdt_iter it;
    fdt_iter_start(f, &it);
    while (fdt_next_node(f, &it, out))
        if (fdt_is_compatible(f, out, compat)) return true;
    return false;
}
