/* link/requests.h: the handlers of host requests (HELLO, BYE, PING, INFO), by message type. */
#ifndef EXO_LINK_REQUESTS_H
#define EXO_LINK_REQUESTS_H

#include <stddef.h>
#include <stdint.h>

#include "link/frame.h"

/* Where a handler writes its response body: straight into the frame that will be sent. */
struct reply {
    uint8_t *body;
    size_t len, cap;
    const char *message; /* for an error: said after the code */
};

/* Run a request. Returns EXO_OK (r holds the body) or an EXO_E* (r->message may say why). */
int requests_run(const struct frame *req, struct reply *r);

#endif /* EXO_LINK_REQUESTS_H */
