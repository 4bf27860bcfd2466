"""How fast an image loads over the link, against the line's raw byte rate (`exo bench`).

The image is made here, not built: a text page whose code exits at once (so the env ends and
frees its pages) padded with random bytes, then a read-only segment of random bytes, 64 KiB
in all, so no chunk is all zero and none is skipped. The time runs from the load's first
request (PAGES) to COMMIT's answer. Wall clock: reported, never asserted.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import asdict, dataclass

from .abi import PAGE_SIZE, Perm, Sys
from .image import Image, Segment
from .target import Target

SIZE = 64 * 1024
RUNS = 3
A0, A7 = 10, 17  # registers


def _addi(rd: int, imm: int) -> bytes:
    """`addi rd, zero, imm` (`li` for a small constant): the same encoding on rv32 and rv64."""
    return ((imm & 0xFFF) << 20 | rd << 7 | 0x13).to_bytes(4, "little")


ECALL = (0x73).to_bytes(4, "little")


def exit_image(size: int = SIZE, xlen: int = 64) -> Image:
    """An image of `size` bytes (a page multiple, two pages or more) that exits 0 at once."""
    code = _addi(A7, Sys.EXIT) + _addi(A0, 0) + ECALL
    text = code + os.urandom(PAGE_SIZE - len(code))
    rodata = os.urandom(size - PAGE_SIZE)
    segments = (
        Segment(0, PAGE_SIZE, PAGE_SIZE, 0, Perm.R | Perm.X),
        Segment(PAGE_SIZE, len(rodata), len(rodata), PAGE_SIZE, Perm.R),
    )
    return Image("loadbench", xlen, segments, size, 0, (), text + rodata)


@dataclass(frozen=True)
class LoadBench:
    load_bytes: int
    load_seconds: float  # median of the runs
    load_bytes_per_s: float

    def as_dict(self) -> dict:
        return asdict(self)


def measure_load(target: Target, size: int = SIZE, runs: int = RUNS) -> LoadBench:
    """Load the exiting image `runs` times (each env exits and frees its pages)."""
    image = exit_image(size, target.xlen())
    times = []
    for _ in range(runs):
        start = time.monotonic()
        env = target.load(image)
        times.append(time.monotonic() - start)
        target.wait_exit(env, timeout=10)
    seconds = statistics.median(times)
    return LoadBench(size, seconds, size / seconds)
