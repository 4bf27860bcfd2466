/* link/envreq.h: the host's requests on envs, pages and consoles (docs/link.md, "Envs,
 * loading, pages and consoles"): ENV_LOAD_*, ENV_LIST, ENV_KILL, PAGES, CONSOLE_*, REVOKE,
 * SLOTS. */
#ifndef EXO_LINK_ENVREQ_H
#define EXO_LINK_ENVREQ_H

#include "link/frame.h"
#include "link/requests.h"

int envreq_load_begin(const struct frame *req, struct reply *r);
int envreq_load_chunk(const struct frame *req, struct reply *r);
int envreq_load_commit(const struct frame *req, struct reply *r);
int envreq_load_abort(const struct frame *req, struct reply *r);
int envreq_list(const struct frame *req, struct reply *r);
int envreq_kill(const struct frame *req, struct reply *r);
int envreq_pages(const struct frame *req, struct reply *r);
int envreq_console_attach(const struct frame *req, struct reply *r);
int envreq_console_input(const struct frame *req, struct reply *r);
int envreq_revoke(const struct frame *req, struct reply *r);
int envreq_slots(const struct frame *req, struct reply *r);

/* The session ended (BYE, timeout, a new HELLO): every env it left LOADING is destroyed. */
void envreq_session_end(void);

#endif /* EXO_LINK_ENVREQ_H */
