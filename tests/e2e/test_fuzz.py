"""A syscall fuzzer env (tests/e2e/envs/fuzz.c): seeded random calls with hostile arguments aimed
at a victim's pages and the kernel; afterwards the kernel's bookkeeping must hold (every page
free or owned exactly once, counts agree) and, once the fuzzer is killed, the free count is what
it was before it ran. The victim keeps its pages throughout."""

from __future__ import annotations

import re

import pytest

from exo.abi import PAGE_SHIFT, Perm

pytestmark = pytest.mark.qemu

EXPOSED = re.compile(rb"exposed pages (\d+) mismatches (\d+)")
SUMMARY = re.compile(rb"fuzz calls (\d+) ok (\d+) bad (\d+) owned (\d+)")


def fuzz(kit, seed: int, calls: int) -> None:
    pages = kit.pages()
    (page,) = kit.free_apart(1)
    victim = kit.load("probe", "a", page, int(Perm.R | Perm.W), "w", page << PAGE_SHIFT, "s")
    kit.wait_stopped(victim)
    victim_pages = kit.owned(victim)
    kernel_ppn = kit.target.info()["kernel_base"] >> PAGE_SHIFT
    forbidden = victim_pages + [kernel_ppn, kernel_ppn + 1, pages.page_first - 1]
    before = kit.check_pages()

    env = kit.load("fuzz", seed, calls, *forbidden, attach=True)
    kit.wait_stopped(env, timeout=120)
    out = kit.wait_output(env, b"mismatches")
    m = SUMMARY.search(out)
    assert m is not None, out
    assert int(m.group(1)) == calls
    assert int(m.group(2)) > calls // 20  # the calls that succeed were exercised too
    assert int(m.group(3)) == 0, out  # no call returned a non-EXO_E* or took a forbidden page
    # What the env reads in the exposed state agrees with PAGE_INFO on every page.
    m = EXPOSED.search(out)
    assert m is not None and int(m.group(1)) == pages.page_count, out
    assert int(m.group(2)) == 0, out

    during = kit.check_pages()
    assert kit.owned(victim, during) == victim_pages
    assert kit.target.kill(env) == during.owned_by(env)
    after = kit.check_pages()
    assert after.free_pages == before.free_pages
    assert kit.owned(victim, after) == victim_pages


def test_fuzzer_100k_calls_leave_the_bookkeeping_intact(kit):
    fuzz(kit, seed=1, calls=100_000)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(2, 6))
def test_fuzzer_more_seeds(kit, seed):
    fuzz(kit, seed=seed, calls=200_000)
