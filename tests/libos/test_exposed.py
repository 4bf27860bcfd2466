"""libexo's seqlock reader of the exposed state (libos/lib/exposed.c) against a simulated
writer, under ASan/UBSan: a torn copy is retried, a stalled writer gives EXO_EAGAIN, bad magic
EXO_EINVAL, and a torn page_count never sizes a copy past the caller's buffer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from libos_host import Harness

MAGIC = 0x534F5845
EINVAL, EAGAIN = -1, -9
K = 0x0101010101010101


@pytest.fixture(scope="module")
def h() -> Iterator[Harness]:
    harness = Harness("exposed_harness", ["libos/lib/exposed.c"])
    yield harness
    harness.close()


def words(generation: int, n: int) -> str:
    return ",".join(f"{(i * K + generation) & (2**64 - 1):x}" for i in range(n)) or "-"


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10), st.integers(1, 12), st.integers(0, 8))
def test_reader_returns_one_generation(h: Harness, bumps: int, tries: int, n: int) -> None:
    h.one(f"set {MAGIC} 4 100 2000 50")
    code, attempts, first, count, free, bitmap = h.one(f"read {tries} {bumps} {n}").split()
    if bumps < tries:
        # Every copy the writer interrupted is retried; the next one is clean.
        assert (int(code), int(attempts)) == (0, bumps + 1)
        gen = bumps
        assert (first, count) == ("100", "2000")
        assert int(free) == (gen if gen else 50)
        assert bitmap == words(gen, n)
    else:
        assert (int(code), int(attempts)) == (EAGAIN, tries)


def test_stalled_writer_and_bad_magic(h: Harness) -> None:
    h.one(f"set {MAGIC} 6 100 64 1")
    h.one("odd")
    assert h.one("read 5 0 1").split()[:2] == [str(EAGAIN), "5"]
    h.one(f"set {MAGIC + 1} 6 100 64 1")
    assert h.one("read 5 0 1").split()[:2] == [str(EINVAL), "0"]


def test_page_count_is_clamped_to_the_buffer(h: Harness) -> None:
    h.one(f"set {MAGIC} 2 100 65536 1")  # the most pages the ABI allows
    assert h.one("pages 4") == "0 256 4"  # 4 words hold 256 pages: no more is copied
    h.one(f"set {MAGIC} 2 100 4000000000 1")  # a hostile count
    assert h.one("pages 64") == "0 4096 64"
    h.one(f"set {MAGIC} 2 100 65 1")
    assert h.one("pages 64") == "0 65 2"
