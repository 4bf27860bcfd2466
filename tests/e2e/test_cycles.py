"""1,000 create/kill cycles: tests/e2e/envs/zeroed.c checks that the free tail of its image and
the lowest free pages it binds (the ones its predecessor dirtied) read as zero, then dirties them;
every other one exits by itself, the rest stop and are killed. No page may leak."""

from __future__ import annotations

import pytest

from exo.envs import Fault

pytestmark = pytest.mark.qemu

CYCLES = 1000
PAGES = 4  # bound by each env besides its image


def test_a_thousand_create_kill_cycles_leak_nothing_and_reuse_zeroed_pages(kit):
    t = kit.target
    before = kit.check_pages()
    last_owned: list[int] | None = None
    for i in range(CYCLES):
        by_exit = i % 2 == 0
        env = kit.load("zeroed", PAGES, "x" if by_exit else "s")
        result = kit.wait(env, 60)  # generous: the machine may be busy with other QEMUs
        if by_exit:
            assert result == 0, f"cycle {i}: exit {result}: {kit.output(env)!r}"
        else:
            assert isinstance(result, Fault) and result.cause == kit.Cause.BREAKPOINT, (
                f"cycle {i}: {result}"
            )
            owned = kit.owned(env)
            assert len(owned) == PAGES + 4  # its image (three pages and arguments) and PAGES
            # The very pages the envs before it dirtied: reuse is what the zero checks test.
            assert last_owned is None or owned == last_owned
            last_owned = owned
            assert t.kill(env) == len(owned)
        if i % 250 == 0:
            assert kit.check_pages().free_pages == before.free_pages
    after = kit.check_pages()
    assert after.free_pages == before.free_pages
    assert all(r.free for r in after.runs)
