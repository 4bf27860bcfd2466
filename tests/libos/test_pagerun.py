"""libexo's page policy core (libos/lib/pagerun.c) against a Python model, under ASan/UBSan:
owned-run sets, the choice of free pages to bind, and the pages given back under revocation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from libos_host import Harness

RUNS_MAX = 32  # PAGE_SET_RUNS_MAX
EINVAL, E2BIG = -1, -10
GROW = 1  # PAGERUN_GROW


@pytest.fixture(scope="module")
def h() -> Iterator[Harness]:
    harness = Harness("pagerun_harness", ["libos/lib/pagerun.c"])
    yield harness
    harness.close()


def runs_of(pages: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of consecutive numbers, ascending."""
    out: list[tuple[int, int]] = []
    for p in sorted(pages):
        if out and out[-1][0] + out[-1][1] == p:
            out[-1] = (out[-1][0], out[-1][1] + 1)
        else:
            out.append((p, 1))
    return out


def fmt_runs(pages: set[int]) -> str:
    return ",".join(f"{f}:{c}" for f, c in runs_of(pages)) or "-"


def view_line(first: int, free: list[bool]) -> str:
    words = [0] * ((len(free) + 63) // 64)
    for i, f in enumerate(free):
        if f:
            words[i // 64] |= 1 << (i % 64)
    return f"view {first} {len(free)} " + " ".join(f"{w:x}" for w in words)


def model_choose(
    first: int, free: list[bool], owned: set[int], want: int, hints: int
) -> tuple[int, int]:
    def free_at(p: int, limit: int) -> int:
        n = 0
        while n < limit and first <= p + n < first + len(free) and free[p + n - first]:
            n += 1
        return n

    best, best_first = 0, 0
    for f, c in runs_of(owned):
        n = free_at(f + c, want)
        if n > best:
            best, best_first = n, f + c
    if best == want:
        return want, best_first
    free_runs = runs_of({first + i for i, f in enumerate(free) if f})
    fits = [(c, f) for f, c in free_runs if c >= want]
    big = max((c for _, c in free_runs), default=0)
    big_first = next((f for f, c in free_runs if c == big), 0)
    if fits:
        return want, big_first if hints & GROW else min(fits)[1]
    if best and best >= big:
        return best, best_first
    return big, big_first if big else 0


def model_victims(owned: set[int], pinned: set[int], n: int) -> list[int]:
    stretches = [list(range(f, f + c)) for f, c in runs_of(owned - pinned)]
    out: list[int] = []
    while len(out) < n and any(stretches):
        pick = min((s for s in stretches if s), key=len)  # min keeps the lower on a tie
        while len(out) < n and pick:
            out.append(pick.pop())
    return out


def test_set_merges_and_splits(h: Harness) -> None:
    h.one("reset")
    assert h.one("add 10 2") == "0 10:2"
    assert h.one("add 14 1") == "0 10:2,14:1"
    assert h.one("add 12 2") == "0 10:5"  # joins both neighbours
    assert h.one("add 11 1") == f"{EINVAL} 10:5"  # overlap refused, set unchanged
    assert h.one("remove 12 1") == "0 10:2,13:2"
    assert h.one("remove 12 1") == f"{EINVAL} 10:2,13:2"  # not owned
    assert h.one("add 0 0") == f"{EINVAL} 10:2,13:2"
    assert h.one("add 4294967295 2") == f"{EINVAL} 10:2,13:2"  # wraps


def test_set_capacity_is_an_error_not_an_overflow(h: Harness) -> None:
    h.one("reset")
    for i in range(RUNS_MAX):
        assert h.one(f"add {i * 2} 1").startswith("0 ")
    assert h.one(f"add {RUNS_MAX * 2} 1").startswith(f"{E2BIG} ")
    assert h.one("add 1 1").startswith("0 ")  # merging needs no new run
    h.one("reset")
    for i in range(RUNS_MAX):
        h.one(f"add {i * 10} 5")
    assert h.one("remove 2 1").startswith(f"{E2BIG} ")  # a split would need run 33


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 60), st.integers(0, 6)), max_size=60))
def test_set_against_model(h: Harness, ops: list[tuple[bool, int, int]]) -> None:
    h.one("reset")
    pages: set[int] = set()
    for add, first, count in ops:
        span = set(range(first, first + count))
        if add:
            ok = count > 0 and not span & pages and len(runs_of(pages | span)) <= RUNS_MAX
            answer = h.one(f"add {first} {count}")
        else:
            ok = count > 0 and span <= pages and len(runs_of(pages - span)) <= RUNS_MAX
            answer = h.one(f"remove {first} {count}")
        code, runs = answer.split()
        if ok:
            pages = pages | span if add else pages - span
        assert (int(code) == 0) == ok, (add, first, count)
        assert runs == fmt_runs(pages)


def test_choose_prefers_extending_an_owned_run(h: Harness) -> None:
    free = [True] * 64
    for p in (10, 11, 40, 41):
        free[p] = False
    h.one("reset")
    h.one(view_line(100, free))
    h.one("add 140 2")  # owns 140..141 (marked used in the view)
    assert h.one("choose 4 0") == "4 142"
    # Best fit otherwise: a 3-page request fits exactly nowhere, the smallest holder is 0..9.
    h.one("reset")
    assert h.one("choose 3 0") == "3 100"
    assert h.one(f"choose 3 {GROW}") == "3 112"  # the largest run (112..139): room to grow
    assert h.one("choose 100 0") == "28 112"  # nothing holds 100: the largest run, partly


def test_choose_nothing_free(h: Harness) -> None:
    h.one("reset")
    h.one(view_line(5, [False] * 70))
    assert h.one("choose 1 0") == "0 0"
    assert h.one("freeat 4 10") == "0"  # below the managed pages
    assert h.one("freeat 75 10") == "0"  # past them


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.booleans(), min_size=1, max_size=200),
    st.integers(0, 1000),
    st.lists(st.integers(0, 199), max_size=12),
    st.integers(1, 40),
    st.sampled_from([0, GROW]),
)
def test_choose_against_model(
    h: Harness, free: list[bool], first: int, owned_idx: list[int], want: int, hints: int
) -> None:
    owned = {first + i for i in owned_idx if i < len(free)}
    for p in owned:
        free[p - first] = False  # an owned page is not free
    h.one("reset")
    h.one(view_line(first, free))
    for f, c in runs_of(owned):
        h.one(f"add {f} {c}")
    n, at = map(int, h.one(f"choose {want} {hints}").split())
    assert (n, at) == model_choose(first, free, owned, want, hints)
    # Whatever was chosen is free and no larger than asked.
    assert n <= want
    assert all(free[p - first] for p in range(at, at + n))


def test_victims_shortest_unpinned_first(h: Harness) -> None:
    h.one("reset")
    h.one("add 10 4")
    h.one("add 20 1")
    h.one("add 30 3")
    h.one("pin 11 1")  # splits 10..13 into 10 and 12..13
    assert h.one("victims 4") == "10,20,13,12"  # equal lengths: the lower first
    assert h.one("victims 100") == "10,20,13,12,32,31,30"
    h.one("pin 30 3")
    h.one("pin 10 1")
    h.one("pin 12 2")
    h.one("pin 20 1")
    assert h.one("victims 5") == "-"  # everything pinned: nothing to give


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 80), max_size=40),
    st.lists(st.integers(0, 80), max_size=20),
    st.integers(0, 50),
)
def test_victims_against_model(h: Harness, own: list[int], pin: list[int], n: int) -> None:
    owned = set(own)
    pinned = set(pin) & owned
    h.one("reset")
    for f, c in runs_of(owned):
        h.one(f"add {f} {c}")
    for f, c in runs_of(pinned):
        h.one(f"pin {f} {c}")
    got = h.one(f"victims {n}")
    want = model_victims(owned, pinned, n)
    assert got == (",".join(map(str, want)) or "-")
    assert not set(want) & pinned
