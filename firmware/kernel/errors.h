/* kernel/errors.h: the kernel's internal error domain and its one conversion to EXO_E* errors.
 *
 * Kernel code returns these (0 or a negative ERR_*). Only the syscall boundary converts them with
 * err_to_abi(), so an internal value never reaches an env: anything unknown becomes EXO_EINVAL.
 * The numbers deliberately differ from EXO_E* so that a missing conversion shows up in tests.
 */
#ifndef EXO_KERNEL_ERRORS_H
#define EXO_KERNEL_ERRORS_H

#include "exo/abi.h"

enum err {
    ERR_OK = 0,
    ERR_INVAL = -101, /* malformed or out-of-range argument */
    ERR_NOSYS = -102, /* no such call */
    ERR_PERM = -103,  /* the caller holds no binding with that right */
    ERR_NOMEM = -104, /* no free resource of that kind */
    ERR_FAULT = -105, /* an address is not inside the caller's pages */
    ERR_BUSY = -106,  /* bound to another env */
    ERR_NOENT = -107, /* no such env, page, share, slot or filter */
    ERR_STALE = -108, /* an env id of an older generation */
    ERR_AGAIN = -109, /* nothing available now */
    ERR_LIMIT = -110, /* a bounded list or count is full */
    ERR_STATE = -111, /* the object is in the wrong state */
    ERR_IO = -112,    /* a device reported an error */
};

/* The syscall boundary's conversion; unknown values clamp to EXO_EINVAL (STYLE C rule 6). */
static inline long err_to_abi(int e) {
    switch (e) {
    case ERR_OK:
        return EXO_OK;
    case ERR_NOSYS:
        return EXO_ENOSYS;
    case ERR_PERM:
        return EXO_EPERM;
    case ERR_NOMEM:
        return EXO_ENOMEM;
    case ERR_FAULT:
        return EXO_EFAULT;
    case ERR_BUSY:
        return EXO_EBUSY;
    case ERR_NOENT:
        return EXO_ENOENT;
    case ERR_STALE:
        return EXO_ESTALE;
    case ERR_AGAIN:
        return EXO_EAGAIN;
    case ERR_LIMIT:
        return EXO_E2BIG;
    case ERR_STATE:
        return EXO_ESTATE;
    case ERR_IO:
        return EXO_EIO;
    default:
        return EXO_EINVAL;
    }
}

#endif /* EXO_KERNEL_ERRORS_H */
