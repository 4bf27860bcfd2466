/* link/frame.h: the host link's frame format (docs/link.md is the contract). Pure. */
#ifndef EXO_LINK_FRAME_H
#define EXO_LINK_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "link/cobs.h"

#define FRAME_VERSION     1 /* frame format version, first header byte */
#define FRAME_PROTOCOL    1 /* protocol version carried by HELLO */
#define FRAME_MAX_BODY    1024
#define FRAME_HEADER_SIZE 7 /* version, type, flags, seq u16, length u16 */
#define FRAME_CRC_SIZE    4
#define FRAME_MIN_RAW     (FRAME_HEADER_SIZE + FRAME_CRC_SIZE)
#define FRAME_MAX_RAW     (FRAME_MIN_RAW + FRAME_MAX_BODY)
/* Longest run of encoded bytes between two delimiters that can be a frame. */
#define FRAME_MAX_ENCODED COBS_MAX_ENCODED(FRAME_MAX_RAW)
/* Most bytes one frame takes on the wire: leading and trailing delimiter included. */
#define FRAME_MAX_WIRE (FRAME_MAX_ENCODED + 2)

/* Header flags. */
#define FRAME_F_RESPONSE 0x01
#define FRAME_F_EVENT    0x02
#define FRAME_F_ERROR    0x04

/* Message types. */
#define FRAME_T_HELLO 0x01
#define FRAME_T_BYE   0x02
#define FRAME_T_PING  0x03
#define FRAME_T_INFO  0x04

/* Envs, loading, pages and consoles. */
#define FRAME_T_ENV_LOAD_BEGIN  0x10
#define FRAME_T_ENV_LOAD_CHUNK  0x11
#define FRAME_T_ENV_LOAD_COMMIT 0x12
#define FRAME_T_ENV_LOAD_ABORT  0x13
#define FRAME_T_ENV_LIST        0x14
#define FRAME_T_ENV_KILL        0x15
#define FRAME_T_PAGES           0x16
#define FRAME_T_CONSOLE_ATTACH  0x17
#define FRAME_T_CONSOLE_INPUT   0x18
#define FRAME_T_REVOKE          0x19
#define FRAME_T_SLOTS           0x1a

/* Events. */
#define FRAME_T_LOG     0x80
#define FRAME_T_CONSOLE 0x81
#define FRAME_T_FAULT   0x82
#define FRAME_T_EXIT    0x83
#define FRAME_T_REVOKED 0x84

/* Why a frame was dropped; each has a counter in INFO. */
enum frame_error {
    FRAME_OK = 0,
    FRAME_ERR_COBS,     /* not valid COBS */
    FRAME_ERR_SHORT,    /* fewer bytes than header + CRC */
    FRAME_ERR_LENGTH,   /* length field above MAX_BODY or not the frame's size */
    FRAME_ERR_CRC,      /* CRC mismatch */
    FRAME_ERR_VERSION,  /* another frame format version */
    FRAME_ERR_OVERFLOW, /* more encoded bytes than any frame has, before a delimiter */
};

/* A decoded frame. body points into the buffer it was parsed from. */
struct frame {
    uint8_t type;
    uint8_t flags;
    uint16_t seq;
    uint16_t length;
    const uint8_t *body;
};

/* Complete a frame in raw (FRAME_HEADER_SIZE + body_len + FRAME_CRC_SIZE bytes) whose body
 * is already at raw + FRAME_HEADER_SIZE: writes the header and the CRC, so a body is built
 * in place and never copied. Returns the raw length. body_len must be <= FRAME_MAX_BODY. */
size_t frame_seal(uint8_t *raw, uint8_t type, uint8_t flags, uint16_t seq, uint16_t body_len);

/* Check and parse n raw (COBS-decoded) bytes; on FRAME_OK fills out. */
enum frame_error frame_parse(const uint8_t *raw, size_t n, struct frame *out);

/* The short lowercase name of an error ("cobs", "crc", ...), for logs and tests. */
const char *frame_error_name(enum frame_error e);

#endif /* EXO_LINK_FRAME_H */
