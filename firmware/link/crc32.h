/* link/crc32.h: CRC-32/IEEE (zlib's crc32) over link frames. Pure: builds on the host too. */
#ifndef EXO_LINK_CRC32_H
#define EXO_LINK_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Continue a CRC: start with crc32_update(0, ...), chain the result for the next span. */
uint32_t crc32_update(uint32_t crc, const uint8_t *data, size_t n);

#endif /* EXO_LINK_CRC32_H */
