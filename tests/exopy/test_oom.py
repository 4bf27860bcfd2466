"""Running out of heap anywhere is a MemoryError, never a crash: a sample of the conformance
cases runs in an arena too small for many of them, and each must end cleanly (status 0 or 1,
no sanitizer report), with an uncaught MemoryError as the only kind of failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from exopy_proc import known_failures, needs_exopy, run

pytestmark = needs_exopy

CASES = Path(__file__).resolve().parent / "cases"
# Just above what start-up needs (about 270 KiB with the handler reserve, plus the collector's
# bitmap and mark stack), so the cases' own allocations run out at many different points.
TIGHT_HEAP = 620_000
SAMPLE_EVERY = 3


def sampled_cases() -> list[Path]:
    cases = [
        p
        for p in sorted(CASES.rglob("*.py"))
        if not any(part.startswith(("_", ".")) for part in p.relative_to(CASES).parts)
        and p.relative_to(CASES).parts[0] != "errors"
        and p.relative_to(CASES).as_posix() not in known_failures()
    ]
    return cases[::SAMPLE_EVERY]


@pytest.mark.parametrize(
    "case", sampled_cases(), ids=[p.relative_to(CASES).as_posix() for p in sampled_cases()]
)
def test_tight_heap_ends_cleanly(case: Path) -> None:
    feed = case.with_suffix(".in")
    stdin = feed.read_text(encoding="utf-8") if feed.exists() else ""
    r = run([case.name], stdin=stdin, env={"EXOPY_HEAP": str(TIGHT_HEAP)}, cwd=case.parent)
    assert r.status in (0, 1), r.stderr
    if r.status == 1:
        assert r.stderr.splitlines()[-1] == "MemoryError", r.stderr


def test_the_tight_heap_really_runs_out() -> None:
    """Some sampled cases must hit MemoryError, or this file tests nothing."""
    hits = 0
    for case in sampled_cases()[:60]:
        r = run([case.name], env={"EXOPY_HEAP": str(TIGHT_HEAP)}, cwd=case.parent)
        hits += "MemoryError" in r.stderr
    assert hits >= 1
