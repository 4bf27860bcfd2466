"""Visible revocation end to end (docs/abi.md, "Revocation"; docs/link.md, REVOKE/REVOKED): a
cooperative env gives back what it is asked before the deadline; an uncooperative one loses
exactly that many through the abort protocol (the newest pages, the highest slots), reads which
from its repossession vector, and every access to a taken page faults from the very next one
on (load, store and fetch, 1000 times each). The env is tests/e2e/envs/revokee.c."""

from __future__ import annotations

import re
import time

import pytest

from exo.abi import Revoke

pytestmark = pytest.mark.qemu

PAGES = 8  # pages revokee binds besides its upcall area
ASKED = 3
REPS = 1000


def load(kit, *args: object, slots: int = 1) -> int:
    return kit.load("revokee", *args, slots=slots)


def line(kit, env: int, pattern: bytes, timeout: float = 20.0) -> re.Match:
    """The first match of `pattern` (a whole line) in env's console, once it has come."""
    end = time.monotonic() + timeout
    while (m := re.search(pattern, kit.output(env))) is None:
        assert time.monotonic() < end, f"env 0x{env:x} never wrote {pattern!r}: {kit.output(env)!r}"
    return m


def ready(kit, env: int) -> list[int]:
    return ints(line(kit, env, rb"ready((?: 0x[0-9a-f]+)*)\n"), 1)


def finish(kit, env: int) -> bytes:
    line(kit, env, rb"request \d+ \d+ -?\d+\n")
    return kit.output(env)


def end(kit, env: int) -> None:
    kit.target.console_input(env, b"q")
    assert kit.wait(env, 20) == 0, kit.output(env)


def ints(m: re.Match, group: int) -> list[int]:
    return [int(x, 16) for x in m.group(group).split()]


def test_cooperative_env_gives_pages_back_before_the_deadline(kit):
    env = load(kit, "c", PAGES)
    bound = ready(kit, env)
    assert len(bound) == PAGES
    result = kit.target.revoke(env, pages=ASKED, deadline_ms=5000)
    assert (result.requested, result.given, result.taken) == (ASKED, ASKED, 0)
    out = finish(kit, env)
    m = re.search(rb"gave 1((?: 0x[0-9a-f]+)*)\n", out)
    assert m is not None, out
    assert ints(m, 1) == bound[::-1][:ASKED], "it gave its newest pages"
    m = re.search(rb"request (\d+) (\d+) (-?\d+)\n", out)
    assert m is not None and (int(m.group(1)), int(m.group(2))) == (Revoke.PAGES, ASKED), out
    hz = kit.target.info()["timebase_hz"]
    assert 0 < int(m.group(3)) <= 5 * hz, "EXO_EV_REVOKE's c is the deadline, 5 s ahead at most"
    owned = set(kit.owned(env, kit.check_pages()))
    assert not owned & set(ints(m, 1)) and set(bound[:-ASKED]) <= owned
    end(kit, env)


def test_uncooperative_env_loses_exactly_the_newest_pages_and_they_fault(kit):
    env = load(kit, "u", PAGES, REPS)
    bound = ready(kit, env)
    before = len(kit.owned(env))
    result = kit.target.revoke(env, pages=ASKED, deadline_ms=50, timeout=20)
    assert (result.requested, result.given, result.taken) == (ASKED, 0, ASKED)
    out = finish(kit, env)
    m = re.search(rb"taken 1 (\d+)((?: 0x[0-9a-f]+)*)\n", out)
    assert m is not None, out
    assert int(m.group(1)) == ASKED, "EXO_EV_REPOSSESSED says how many were taken"
    taken = ints(m, 2)
    assert taken == bound[::-1][:ASKED], "the abort protocol takes the newest pages first"
    total = ASKED * REPS
    assert f"faults {total} {total} {total} of {REPS}\n".encode() in out, out
    assert b"kept ok\n" in out, out
    pages = kit.check_pages()
    owned = kit.owned(env, pages)
    assert len(owned) == before - ASKED and not set(owned) & set(taken)
    free = {p for r in pages.runs if r.free for p in range(r.first, r.end)}
    assert set(taken) <= free, "taken pages went back to the free pool"
    end(kit, env)


@pytest.mark.parametrize("cooperative", [True, False])
def test_slots_are_revoked_visibly(kit, cooperative):
    env = load(kit, "c" if cooperative else "u", 0, slots=3)
    ready(kit, env)
    held = [s for s, owner in enumerate(kit.target.slots().owners) if owner == env]
    assert len(held) == 3
    result = kit.target.revoke(env, slots=2, deadline_ms=5000 if cooperative else 50, timeout=20)
    want = (2, 0) if cooperative else (0, 2)
    assert (result.given, result.taken) == want, result
    out = finish(kit, env)
    if cooperative:
        m = re.search(rb"gave 2((?: 0x[0-9a-f]+)*)\n", out)
    else:
        m = re.search(rb"taken 2 2((?: 0x[0-9a-f]+)*)\n", out)
    assert m is not None, out
    assert sorted(ints(m, 1)) == held[1:], "the highest two slots went"
    slots = kit.target.slots()
    assert [s for s, owner in enumerate(slots.owners) if owner == env] == held[:1]
    assert all(slots.owners[s] == 0 for s in held[1:])
    end(kit, env)
