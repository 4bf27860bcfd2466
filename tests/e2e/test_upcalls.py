"""Upcalls end to end (docs/abi.md, "Upcalls"): every event kind reaches a libOS handler
(libexo's upcall stub, libos/lib/upcall_entry.S) with the right cause and fields, and a handler
that resumes leaves every register of the interrupted code as it was, after a fault and after a
timer. The env is tests/e2e/envs/upcalls.c, which prints one line per step."""

from __future__ import annotations

import re

import pytest

from exo.abi import PAGE_SHIFT

pytestmark = pytest.mark.qemu

EV_FAULT, EV_SLICE_START, EV_SLICE_END, EV_TIMER, EV_CONSOLE = 1, 2, 3, 4, 5
ANY32 = 0xFFFFFFFF
HEX = rb"0x([0-9a-f]+)"
FAULT = re.compile(rb"fault " + rb" ".join([HEX] * 4) + rb"\n")
TICKS = 200_000  # a timer 20 ms ahead at the board's 10 MHz timebase


def run(kit, *ops: object, slots: int = 1) -> bytes:
    """Run upcalls.c with `ops` and `slots` slots; its output once it exited 0."""
    name = "upcalls"
    kit.image(name)  # skips when not built
    env = kit.load(name, *ops, slots=slots)
    result = kit.wait(env, 30)
    out = kit.output(env)
    assert result == 0, f"upcalls ended with {result}: {out!r}"
    return out


def test_faults_arrive_with_cause_pc_and_address_and_resume(kit):
    addr = kit.free_apart(1)[0] << PAGE_SHIFT
    out = run(kit, "f", addr, "n", 1000)
    faults = [tuple(int(x, 16) for x in m) for m in FAULT.findall(out)]
    causes = [kind_cause[1] for kind_cause in faults]
    assert [f[0] for f in faults] == [EV_FAULT] * 3, out
    assert causes == [kit.Cause.LOAD, kit.Cause.STORE, kit.Cause.FETCH], out
    assert all(f[3] == addr for f in faults), out  # mtval names the address every time
    assert faults[2][2] == addr, out  # the fetch faulted at the address itself
    assert b"pcs ok\n" in out, out
    assert b"faults 1000\n" in out, out  # each access faults once and is resumed past


def test_timer_event_names_its_deadline(kit):
    out = run(kit, "t", TICKS, "t", TICKS // 4)
    lines = re.findall(rb"timer " + rb" ".join([HEX] * 5) + rb"\n", out)
    assert len(lines) == 2, out
    for deadline, kind, _a, b, c in (tuple(int(x, 16) for x in m) for m in lines):
        assert kind == EV_TIMER
        assert b == deadline, f"the event says deadline 0x{b:x}, the env set 0x{deadline:x}"
        assert c >= deadline, "delivered before its deadline"


def test_console_input_posts_an_event_with_the_bytes_waiting(kit):
    kit.image("upcalls")
    env = kit.load("upcalls", "c")
    kit.wait_output(env, b"waiting\n")
    kit.target.console_input(env, b"xyz")
    assert kit.wait(env, 20) == 0, kit.output(env)
    m = re.search(rb"console " + HEX + rb" (\S*)\n", kit.output(env))
    assert m is not None, kit.output(env)
    assert 1 <= int(m.group(1), 16) <= 3, "a = input bytes waiting when the burst began"
    assert m.group(2) == b"xyz"


def test_slice_start_and_end_name_the_envs_slots(kit):
    out = run(kit, "s", 4, slots=2)
    m = re.search(rb"slices start((?: 0x[0-9a-f]+)+) / end((?: 0x[0-9a-f]+)+)\n", out)
    assert m is not None, out
    starts = [int(x, 16) for x in m.group(1).split()]
    ends = [int(x, 16) for x in m.group(2).split()]
    assert len(starts) >= 4 and len(ends) >= 4, out
    # The env was never donated to, so every slice it got is one of its own two slots; which
    # two is the kernel's choice (the lowest free at load), but no third appears.
    assert ANY32 not in starts, out
    assert len(set(starts)) <= 2 and set(ends) <= set(starts) | set(ends), out
    assert set(ends) <= set(starts), out


@pytest.mark.parametrize("how", ["fault", "timer"])
def test_resume_keeps_every_register(kit, how):
    ops = ("r", kit.free_apart(1)[0] << PAGE_SHIFT) if how == "fault" else ("R", TICKS)
    out = run(kit, *ops)
    assert f"regs {how} ok\n".encode() in out, out
