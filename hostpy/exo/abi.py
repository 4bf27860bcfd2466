"""Python mirror of firmware/include/exo/abi.h: errors, syscalls, page rights, env states, event
kinds and the layouts of the structs an env shares with the kernel.

The header is the single source; tests/host/test_abi.py compiles it and fails on any drift, in
either direction, against `c_names()` below.
"""

from __future__ import annotations

import enum

PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT
ANY = -1  # "any" where a call names a page, slot or filter
ENV_INDEX_BITS = 16
ENV_INDEX_MASK = 0xFFFF
ENV_SELF = 0
SYS_COUNT = 90  # dispatch table size; numbers at or above it answer ENOSYS
EXPOSED_MAGIC = 0x534F5845  # "EXOS": the exposed state's first word
ENV_MAX = 64  # env table size
SLOT_MAX = 64  # time-slice vector capacity
EXPOSED_PAGES_MAX = 65536  # free-bitmap capacity in pages
ENV_NAME_MAX = 16  # env name bytes, including the NUL
EVENT_RING = 64  # events an upcall area holds
REPO_MAX = 256  # repossession entries kept per env


class Errno(enum.IntEnum):
    OK = 0
    EINVAL = -1
    ENOSYS = -2
    EPERM = -3
    ENOMEM = -4
    EFAULT = -5
    EBUSY = -6
    ENOENT = -7
    ESTALE = -8
    EAGAIN = -9
    E2BIG = -10
    ESTATE = -11
    EIO = -12


ERRNO_MIN = min(Errno)


class Perm(enum.IntFlag):
    R = 0x1
    W = 0x2
    X = 0x4
    RWX = 0x7


class EnvState(enum.IntEnum):
    FREE = 0
    LOADING = 1
    RUNNABLE = 2
    STOPPED = 3
    DEAD = 4


class Sys(enum.IntEnum):
    NULL = 0
    EXIT = 1
    CONSOLE_WRITE = 2
    CONSOLE_READ = 3
    ENV_SELF = 4
    PAGE_ALLOC = 10
    PAGE_FREE = 11
    PAGE_SHARE = 12
    PAGE_UNSHARE = 13
    PAGE_INFO = 14
    SLOT_ALLOC = 20
    SLOT_FREE = 21
    YIELD = 22
    UPCALL_REGISTER = 30
    UPCALL_RESUME = 31
    TIMER_SET = 40
    ENV_CREATE = 50
    ENV_GIVE_PAGE = 51
    ENV_GIVE_SLOT = 52
    ENV_START = 53
    ENV_DESTROY = 54
    REVOKE = 60
    REPOSSESSED = 61


class Event(enum.IntEnum):
    """Upcall event kinds (exo_event.kind)."""

    FAULT = 1
    SLICE_START = 2
    SLICE_END = 3
    TIMER = 4
    CONSOLE = 5
    REVOKE = 6
    REPOSSESSED = 7


class Revoke(enum.IntEnum):
    """What a revocation names."""

    PAGES = 1
    SLOTS = 2


def error_name(code: int) -> str:
    """EXO_EINVAL for -1; an unknown code is shown as a number."""
    try:
        return f"EXO_{Errno(code).name}"
    except ValueError:
        return f"error {code}"


def env_index(env_id: int) -> int:
    return env_id & ENV_INDEX_MASK


def env_generation(env_id: int) -> int:
    return env_id >> ENV_INDEX_BITS


def layouts(xlen_bytes: int = 8) -> dict[str, int]:
    """Offsets and sizes in abi.h's shared structs, as C expressions -> values, for a target whose
    registers are `xlen_bytes` wide (8 on rv64, 4 on rv32: `regs` are full registers)."""
    ring = 16 + 32 * xlen_bytes
    return {
        "offsetof(struct exo_upcall_area, masked)": 0,
        "offsetof(struct exo_upcall_area, lost)": 4,
        "offsetof(struct exo_upcall_area, head)": 8,
        "offsetof(struct exo_upcall_area, tail)": 12,
        "offsetof(struct exo_upcall_area, regs)": 16,
        "offsetof(struct exo_upcall_area, ring)": ring,
        "sizeof(struct exo_upcall_area)": ring + EVENT_RING * 24,
        "sizeof(struct exo_event)": 24,
        "offsetof(struct exo_event, b)": 8,
        "sizeof(struct exo_repossession)": 8,
    }


def c_names() -> dict[str, int]:
    """Every EXO_* macro of abi.h as the Python side believes it: name -> value."""
    names = {
        "EXO_PAGE_SHIFT": PAGE_SHIFT,
        "EXO_PAGE_SIZE": PAGE_SIZE,
        "EXO_ANY": ANY,
        "EXO_ENV_INDEX_BITS": ENV_INDEX_BITS,
        "EXO_ENV_INDEX_MASK": ENV_INDEX_MASK,
        "EXO_ENV_SELF": ENV_SELF,
        "EXO_SYS_COUNT": SYS_COUNT,
        "EXO_ERRNO_MIN": ERRNO_MIN,
        "EXO_EXPOSED_MAGIC": EXPOSED_MAGIC,
        "EXO_ENV_MAX": ENV_MAX,
        "EXO_SLOT_MAX": SLOT_MAX,
        "EXO_EXPOSED_PAGES_MAX": EXPOSED_PAGES_MAX,
        "EXO_ENV_NAME_MAX": ENV_NAME_MAX,
        "EXO_EVENT_RING": EVENT_RING,
        "EXO_REPO_MAX": REPO_MAX,
    }
    names |= {f"EXO_{e.name}": e.value for e in Errno}
    # IntFlag iteration skips composite members such as RWX; __members__ has them all.
    names |= {f"EXO_PERM_{n}": p.value for n, p in Perm.__members__.items()}
    names |= {f"EXO_ENV_{s.name}": s.value for s in EnvState}
    names |= {f"EXO_SYS_{s.name}": s.value for s in Sys}
    names |= {f"EXO_EV_{e.name}": e.value for e in Event}
    names |= {f"EXO_REVOKE_{r.name}": r.value for r in Revoke}
    return names
