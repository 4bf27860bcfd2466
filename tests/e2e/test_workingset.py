"""A working set larger than the PMP entries: tests/e2e/envs/wset.c binds 64 scattered pages
(no two adjacent, so no PMP region covers two), touches words in them at random (seeded) and
checks each read against a model it keeps; it exits 0 only if every word matched."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.qemu


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_access_to_64_scattered_pages_matches_the_model(kit, seed):
    pmp = kit.target.info()["pmp_entries"]
    env = kit.load("wset", seed, 64, 100_000, attach=True)
    assert kit.wait(env, 60) == 0, kit.output(env)
    m = re.search(rb"wset pages (\d+) runs (\d+)", kit.wait_output(env, b"runs"))
    assert m is not None
    pages, runs = int(m.group(1)), int(m.group(2))
    assert pages == 64
    assert runs > pmp  # more separate regions than the hart has entries: refills had to evict
    kit.check_pages()


def test_a_running_envs_pages_are_out_of_reach_of_the_next_env(kit, until):
    """While wset runs (its scattered pages cached in PMP entries), probes are switched in after
    it and attack those pages: switching envs must drop its entries, so every attack faults,
    and wset, asked to stop, still finds every word as its model says."""
    t = kit.target
    env = kit.load("wset", 7, 64, 0, attach=True)
    assert until(lambda: kit.pages().owned_by(env) >= 64 + 3)
    pages = [p for p in kit.owned(env)][-64:]  # its bound pages (above its image)
    for i, ppn in enumerate(pages[::8]):
        op = "rw"[i % 2]
        at = (ppn << 12) + 8 * i
        result = kit.probe(op, at)
        assert not isinstance(result, int), f"{op} 0x{at:x} of a running env was allowed"
        assert (result.cause, result.addr) == ({"r": 5, "w": 7}[op], at)
    t.console_input(env, b"q")
    assert kit.wait(env, 60) == 0, kit.output(env)
