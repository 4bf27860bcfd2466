"""Child envs end to end (docs/abi.md, "Child envs"): a parent env creates a child, gives it
pages and a slot, starts it, revokes from it and destroys it, and everything the child held
returns to the free pool; killing the parent takes a running child along. The host checks the
same through ENV_LIST, PAGES and SLOTS. The parent is tests/e2e/envs/family.c."""

from __future__ import annotations

import re
import time

import pytest

from exo.abi import EnvState

pytestmark = pytest.mark.qemu

K = 5  # pages the parent gives its child


def line(kit, env: int, pattern: bytes, timeout: float = 20.0) -> re.Match:
    end = time.monotonic() + timeout
    while (m := re.search(pattern, kit.output(env))) is None:
        assert time.monotonic() < end, f"env 0x{env:x} never wrote {pattern!r}: {kit.output(env)!r}"
    return m


def start_family(kit, *args: object) -> tuple[int, int, int, list[int]]:
    """Load family.c; (parent, child, slot, pages given) once the child runs."""
    kit.image("family")
    parent = kit.load("family", K, *args)
    m = line(kit, parent, rb"child 0x([0-9a-f]+) 0x([0-9a-f]+)((?: 0x[0-9a-f]+)+)\n")
    child, slot = int(m.group(1), 16), int(m.group(2), 16)
    pages = [int(x, 16) for x in m.group(3).split()]
    assert b"exposed ok\n" in kit.output(parent), kit.output(parent)
    return parent, child, slot, pages


def held(kit, env: int) -> tuple[list[int], list[int]]:
    """(pages, slots) env owns, as PAGES and SLOTS report them."""
    slots = [s for s, owner in enumerate(kit.target.slots().owners) if owner == env]
    return kit.owned(env, kit.check_pages()), slots


def test_parent_provisions_starts_revokes_and_destroys_a_child(kit):
    t = kit.target
    parent, child, slot, pages = start_family(kit, "r")
    line(kit, parent, rb"revoked ok\n")
    envs = {e.id: e for e in t.envs()}
    assert envs[child].state == EnvState.RUNNABLE and envs[child].name == "kid"
    assert envs[child].pages == K - 2
    # The abort protocol took the two pages given last; the child keeps the rest and its slot.
    assert held(kit, child) == (sorted(pages[: K - 2]), [slot])
    t.console_input(parent, b"c")
    assert kit.wait(parent, 20) == 0, kit.output(parent)
    out = kit.output(parent)
    assert f"destroyed {K - 2}\n".encode() in out and b"after ok\n" in out, out
    assert child not in kit.live()
    assert held(kit, child) == ([], [])
    assert kit.target.slots().free_slots == kit.target.slots().slot_count


def test_killing_the_parent_destroys_its_running_child(kit):
    t = kit.target
    parent, child, slot, pages = start_family(kit)
    assert held(kit, child) == (sorted(pages), [slot])
    t.kill(parent)
    assert child not in kit.live(), "the child died with its parent"
    assert held(kit, child) == ([], [])
    slots = t.slots()
    assert slots.free_slots == slots.slot_count, "every slot is free again"
    pages_map = kit.check_pages()
    assert pages_map.free_pages == pages_map.page_count
