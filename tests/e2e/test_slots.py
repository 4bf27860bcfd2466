"""CPU time as a bound resource end to end (docs/abi.md, "Slots"): envs holding 1 and 3 slots
get CPU in that proportion, measured in loop iterations of a fixed instruction count over the
same `time` window; an env spinning forever on most of the vector starves neither the others
nor the host link; a directed yield runs an env that has no slot (and only then), and
yield(EXO_ANY) gives the rest of a slot up. The env is tests/e2e/envs/spin.c."""

from __future__ import annotations

import re
import time

import pytest

from exo.abi import EnvState
from exo.image import load_image

pytestmark = pytest.mark.qemu

WINDOW_S = 1.5  # the measured window: 1500 slots of 1 ms on qemu-virt
LEAD_S = 1.0  # time for both loads before the window opens
TOLERANCE = 0.15  # the 1:3 ratio may be off by this fraction (link service and slot edges)


def load(kit, *args: object, slots: int = 1) -> int:
    img = load_image(kit.image("spin").read_bytes(), xlen=kit.board.xlen)
    words = [hex(a) if isinstance(a, int) else str(a) for a in args]
    return kit.target.load(img, name="spin", args=words, slots=slots)


def line(kit, env: int, pattern: bytes, timeout: float = 30.0) -> re.Match:
    end = time.monotonic() + timeout
    while (m := re.search(pattern, kit.output(env))) is None:
        assert time.monotonic() < end, f"env 0x{env:x} never wrote {pattern!r}: {kit.output(env)!r}"
    return m


def test_cpu_follows_the_slot_counts(kit):
    info = kit.target.info()
    hz = info["timebase_hz"]
    t0 = info["uptime_ticks"] + int(LEAD_S * hz)
    t1 = t0 + int(WINDOW_S * hz)
    one = load(kit, "w", t0, t1, slots=1)
    three = load(kit, "w", t0, t1, slots=3)
    counts = {}
    for env in (one, three):
        m = line(kit, env, rb"iters (\d+) late (\d)\n")
        assert m.group(2) == b"0", "the window opened before the env was loaded: raise LEAD_S"
        counts[env] = int(m.group(1))
        assert kit.wait(env, 20) == 0
    ratio = counts[three] / counts[one]
    assert abs(ratio - 3) <= 3 * TOLERANCE, f"3 slots got {ratio:.2f} times the CPU of 1: {counts}"


def test_a_spinning_env_starves_neither_others_nor_the_link(kit):
    slots = kit.target.slots()
    hog = load(kit, "f", slots=slots.free_slots - 1)
    assert kit.target.slots().owned_by(hog) == slots.free_slots - 1
    for _ in range(20):
        assert kit.target.ping(b"still here").size == len(b"still here")
        assert hog in {e.id for e in kit.target.envs() if e.state == EnvState.RUNNABLE}
    # A one-slot env still runs to its end beside it, again and again.
    for _ in range(3):
        assert kit.probe("o") == 0


def test_directed_yield_runs_an_env_with_no_slot(kit):
    t = kit.target
    b = load(kit, "b", slots=0)
    assert t.slots().owned_by(b) == 0
    k = 20
    a = load(kit, "y", b, k, slots=1)
    m = line(kit, a, rb"yields (\d+)\nyields (\d+)\n")
    assert m.groups() == (b"0", b"0"), "every yield, named and EXO_ANY, answered EXO_OK"
    assert kit.wait(a, 20) == 0
    runs = re.findall(rb"b (\d+) (\d+) (\d+)\n", kit.output(b))
    assert 1 <= len(runs) <= k, f"b ran {len(runs)} times on {k} donations"
    last = [int(x) for x in runs[-1]]
    assert last[2] == 0, "b has no slot: every slice it got was donated"
    assert last[1] >= 1, "b saw a slice start on a donation (EXO_EV_SLICE_START, a = EXO_ANY)"
    # Nobody donates any more, so b never runs again.
    for _ in range(20):
        t.ping()
    assert len(re.findall(rb"b \d+ \d+ \d+\n", kit.output(b))) == len(runs)
