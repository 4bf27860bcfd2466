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
