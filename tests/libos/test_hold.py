"""libexo's holds (libos/lib/hold.c, exo/hold.h) on the host under ASan/UBSan: work a handler puts
off while held runs exactly once, at the outermost leave and not before; each thread keeps its own
depth across a switch; with nothing held a handler does its work itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from libos_host import Harness

PREEMPT, TIMERS, REVOKE, REPO = 1, 2, 4, 8


@pytest.fixture
def h() -> Iterator[Harness]:
    harness = Harness("hold_harness", ["libos/lib/hold.c"])
    yield harness
    harness.close()


def test_put_off_work_runs_once_at_the_outermost_leave(h: Harness) -> None:
    assert h.ask("enter", "enter") == ["1 0", "2 0"]
    assert h.ask("handler 2", "handler 4") == ["later", "later"]
    assert h.one("leave") == "1 0", "still held: nothing runs"
    assert h.one("leave") == f"0 {TIMERS | REVOKE}", "both bits, in one run"
    assert h.ask("enter", "leave") == ["1 0", "0 0"], "and never again"


def test_a_handler_with_nothing_held_works_at_once(h: Harness) -> None:
    assert h.one("handler 1") == "now"
    assert h.one("take") == "0", "nothing was put off"


def test_each_thread_keeps_its_depth_across_a_switch(h: Harness) -> None:
    # Thread A switches (held, depth 1) to a preempted thread B (depth 0) and back.
    assert h.one("enter") == "1 0"
    assert h.one("swap 0") == "1"  # A's depth saved, B runs unheld
    assert h.one("handler 1") == "now", "B is preemptible"
    assert h.one("swap 1") == "0"  # back to A, inside its call
    assert h.one("handler 8") == "later"
    assert h.one("leave") == f"0 {REPO}"


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["enter", "leave", "handler"]), st.integers(1, 15))))
def test_holds_against_a_model(ops: list[tuple[str, int]]) -> None:
    h = Harness("hold_harness", ["libos/lib/hold.c"])
    try:
        depth = pending = 0
        for op, bits in ops:
            if op == "enter":
                depth += 1
                assert h.one("enter") == f"{depth} 0"
            elif op == "leave" and depth > 0:
                depth -= 1
                ran = pending if depth == 0 else 0
                pending = pending if depth else 0
                assert h.one("leave") == f"{depth} {ran}"
            elif op == "handler":
                assert h.one(f"handler {bits}") == ("later" if depth else "now")
                if depth:
                    pending |= bits
        assert h.one("take") == str(pending)
    finally:
        h.close()
