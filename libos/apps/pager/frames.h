/* frames.h: the pager's frame table and its replacement policy (clock, second chance): which
 * logical page each bound frame holds, and which frame to reuse next. Pure bookkeeping: nothing
 * here binds, frees, copies or compresses. */
#ifndef PAGER_FRAMES_H
#define PAGER_FRAMES_H

#include <stdint.h>

#define FRAMES_MAX  32u
#define FRAME_EMPTY (-1)

struct frame {
    uint32_t *mem; /* the frame's words (envs run untranslated: its physical address) */
    uint32_t ppn;
    int32_t page;  /* logical page held, FRAME_EMPTY if none */
    uint8_t ref;   /* used since the hand last passed */
    uint8_t dirty; /* written since it was read in: its store blob is stale */
};

/* `pages` logical pages, no frames. */
void frames_init(uint32_t pages);
/* A new empty frame at ppn: its index, or -1 when the table is full. */
int frames_add(uint32_t ppn);
/* Takes frame i out of the table (it must be empty); returns its ppn. Indices of other frames
 * may change. */
uint32_t frames_remove(uint32_t i);
uint32_t frames_count(void);
struct frame *frames_at(uint32_t i);
/* The frame holding logical page `page`, or -1. */
int frames_find(uint32_t page);
/* The frame to use for a page coming in: an empty one if any, else the first the hand finds
 * not used since its last pass (clearing the use bits it passes). */
uint32_t frames_victim(void);
void frames_map(uint32_t i, uint32_t page);
void frames_unmap(uint32_t i);
/* Frames holding a page. */
uint32_t frames_resident(void);

#endif /* PAGER_FRAMES_H */
