"""PMP refill performance that must not regress (QEMU under -icount shift=0, where instret counts
instructions exactly): tests/e2e/envs/pmpwalk.c walks a working set of contiguous runs, more
pages than the hart has PMP entries, in a loop. The kernel must keep the runs resident (one
coalesced region a run), so a walk costs its own instructions only; if refills thrashed, every
page would refault on every walk (the scattered control shows what that costs)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from exo.abi import ANY
from exo.bench import icount_target
from exo.qemu import build_dir
from exo.target import Target

pytestmark = pytest.mark.qemu

# A walk writes and reads back one word a page: about 12 instructions a page. A refill is
# about 70 (docs/firmware.md), so one refault a page, or anything near, is far above this.
RESIDENT_PER_PAGE = 30
# The control: scattered pages refault on every walk; a refill costs at least this much.
REFAULT_PER_PAGE = 40


@pytest.fixture(scope="module")
def icount(exo_board, request) -> Iterator[tuple[Target, Path]]:
    if request.config.getoption("exo_port"):
        pytest.skip("instruction counts need QEMU's -icount (a QEMU of this module's own)")
    image = build_dir() / exo_board.name / "libos" / "pmpwalk.elf"
    if not image.is_file():
        pytest.skip(f"{image} is missing (run `make libos`)")
    with icount_target(exo_board, 30) as t:
        t.console_attach(ANY, backlog=True)
        yield t, image


def walk(icount: tuple[Target, Path], runs: int, pages: int, iters: int) -> tuple[int, int]:
    """Run pmpwalk; (pages walked, instructions of its cheapest walk)."""
    t, image = icount
    env = t.load(image, name="pmpwalk", args=[str(runs), str(pages), str(iters)])
    assert t.wait_exit(env, 120) == 0
    for _ in t.events(0.2):
        pass  # the last console bytes, if they came after the exit
    m = re.search(rb"pmpwalk pages (\d+) runs (\d+) least (\d+)", t.output(env))
    assert m is not None, t.output(env)
    return int(m.group(1)), int(m.group(3))


def test_a_working_set_of_runs_stays_resident(icount):
    """4 runs of 12 pages (48 pages, 16 PMP entries): no refill in the steady state."""
    pmp = icount[0].info()["pmp_entries"]
    pages, least = walk(icount, 4, 12, 200)
    assert pages == 48 and pages > pmp
    assert least <= RESIDENT_PER_PAGE * pages, f"{least} instructions a walk: the runs refault"


def test_scattered_pages_refault_every_walk(icount):
    """The control: 48 pages no region can cover two of refault on every walk, which the bound
    above would catch."""
    pages, least = walk(icount, 48, 1, 50)
    assert pages == 48
    assert least >= REFAULT_PER_PAGE * pages, f"{least} instructions a walk"
