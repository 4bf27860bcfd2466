"""libexo's program break (libos/lib/heap.c, under picolibc's malloc via sbrk) against a Python
model, under ASan/UBSan: one contiguous run of bound pages, growth by binding the next pages,
shrinking within the run, and a clean failure (never a fault) when the next page is taken."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from libos_host import Harness

PAGE = 4096
PAGES = 64


@pytest.fixture
def h() -> Iterator[Harness]:
    harness = Harness("heap_harness", ["libos/lib/heap.c"])
    yield harness
    harness.close()


class Model:
    """The heap as the docs describe it, over the same mock machine."""

    def __init__(self) -> None:
        self.state = ["free"] * PAGES
        self.base: int | None = None
        self.brk = self.end = 0

    def take(self, p: int) -> None:
        if self.state[p] == "free":
            self.state[p] = "taken"

    def sbrk(self, incr: int) -> str:
        if self.base is None:
            pages = max(1, -(-max(incr, 0) // PAGE))
            for p in range(PAGES - pages + 1):
                if all(s == "free" for s in self.state[p : p + pages]):
                    self.state[p : p + pages] = ["heap"] * pages
                    self.base = self.brk = p * PAGE
                    self.end = (p + pages) * PAGE
                    break
            else:
                return "fail"
        old = self.brk
        if incr < 0:
            if -incr > old - self.base:
                return "fail"
            self.brk = old + incr
            return f"ok {old}"
        if old + incr > self.end:
            need = -(-(old + incr - self.end) // PAGE)
            first = self.end // PAGE
            span = self.state[first : first + need]
            if len(span) < need or any(s != "free" for s in span):
                return "fail"
            self.state[first : first + need] = ["heap"] * need
            self.end += need * PAGE
        self.brk = old + incr
        return f"ok {old}"

    def describe(self) -> str:
        bound = self.state.count("heap")
        if self.base is None:
            return f"- - - {bound}"
        return f"{self.base} {self.brk} {self.end} {bound}"


def test_grows_by_binding_the_next_pages(h: Harness) -> None:
    assert h.one("sbrk 0") == "ok 0"  # the first call binds a page to have an address
    assert h.one("state") == "0 0 4096 1"
    assert h.one("sbrk 5000") == "ok 0"
    assert h.one("state") == "0 5000 8192 2"
    assert h.one("sbrk -1000") == "ok 5000"
    assert h.one("sbrk -5000") == "fail"  # below the base
    assert h.one("fill") == "ok"


def test_taken_neighbour_is_a_clean_failure(h: Harness) -> None:
    h.one("take 0")
    h.one("take 3")
    assert h.one("sbrk 100") == "ok 4096"  # the lowest free page: 1
    assert h.one("sbrk 8000") == "ok 4196"  # binds page 2
    assert h.one("sbrk 4096") == "fail"  # page 3 is someone else's
    assert h.one("state") == "4096 12196 12288 2"  # unchanged by the failure
    assert h.one("sbrk 92") == "ok 12196"  # what is left of the bound pages still serves
    assert h.one("fill") == "ok"


def test_huge_requests_fail_without_overflow(h: Harness) -> None:
    h.one("sbrk 1")
    assert h.one(f"sbrk {2**63 - 1}") == "fail"
    assert h.one(f"sbrk {PAGES * PAGE}") == "fail"
    assert h.one(f"sbrk {-(2**63)}") == "fail"
    assert h.one("state") == "0 1 4096 1"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, PAGES - 1), max_size=6),
    st.lists(st.integers(-3 * PAGE, 3 * PAGE), max_size=40),
)
def test_heap_against_model(taken: list[int], incrs: list[int]) -> None:
    h = Harness("heap_harness", ["libos/lib/heap.c"])
    m = Model()
    try:
        for p in taken:
            h.one(f"take {p}")
            m.take(p)
        for incr in incrs:
            assert h.one(f"sbrk {incr}") == m.sbrk(incr), incr
            assert h.one("state") == m.describe()
        assert h.one("fill") == "ok"  # every byte handed out is really there
    finally:
        h.close()
