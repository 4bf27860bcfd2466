"""An independent model of RISC-V PMP matching, for checking the kernel's PMP cache.

Written from the privileged spec's rules, not from firmware/kernel/pmp.c: decode a set of
(pmpcfg, pmpaddr) entries into byte ranges and permissions, and decide whether a U-mode access
succeeds. The lowest-numbered entry that matches any byte of an access decides it; it must
cover every byte and grant the access; a U-mode access no entry matches fails.
"""

from __future__ import annotations

from dataclasses import dataclass

R, W, X = 1, 2, 4
A_OFF, A_TOR, A_NA4, A_NAPOT = 0, 1, 2, 3
L = 0x80
PAGE = 4096

Entry = tuple[int, int]  # (pmpcfg byte, pmpaddr value)


@dataclass(frozen=True)
class Region:
    """The bytes [lo, hi) that entry `index` matches, with its mode and R/W/X bits."""

    index: int
    lo: int
    hi: int
    mode: int
    perms: int

    def pages(self) -> range:
        return range(self.lo // PAGE, (self.hi - 1) // PAGE + 1)


def mode_of(cfg: int) -> int:
    return (cfg >> 3) & 3


def napot_bounds(pmpaddr: int) -> tuple[int, int]:
    """NAPOT: the run of trailing ones says the size. Adding one clears exactly that run and
    sets the bit above it, so the xor is a mask of the run plus that bit."""
    mask = pmpaddr ^ (pmpaddr + 1)
    lo = (pmpaddr & ~mask) << 2
    return lo, lo + ((mask + 1) << 2)


def regions(entries: list[Entry]) -> list[Region]:
    """Every entry that matches at least one byte, in priority order (lowest index first)."""
    out = []
    for i, (cfg, addr) in enumerate(entries):
        mode = mode_of(cfg)
        if mode == A_OFF:
            continue
        if mode == A_TOR:
            lo = entries[i - 1][1] << 2 if i > 0 else 0
            hi = addr << 2
            if lo >= hi:
                continue  # an empty or inverted range matches nothing
        elif mode == A_NA4:
            lo, hi = addr << 2, (addr << 2) + 4
        else:
            lo, hi = napot_bounds(addr)
        out.append(Region(i, lo, hi, mode, cfg & 7))
    return out


def user_access_ok(entries: list[Entry], addr: int, size: int, access: int) -> bool:
    """Whether a U-mode access of `size` bytes at `addr` needing `access` (R, W or X) succeeds."""
    end = addr + size
    for r in regions(entries):
        if r.lo < end and addr < r.hi:
            return r.lo <= addr and end <= r.hi and r.perms & access == access
    return False


def parse_state(text: str) -> list[Entry]:
    """The harness's CFG:ADDR,CFG:ADDR,... (hex) as a list of entries."""
    out = []
    for item in text.split(","):
        cfg, addr = item.split(":")
        out.append((int(cfg, 16), int(addr, 16)))
    return out


def format_state(entries: list[Entry]) -> str:
    return ",".join(f"{cfg:x}:{addr:x}" for cfg, addr in entries)
