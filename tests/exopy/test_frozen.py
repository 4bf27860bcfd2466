"""Modules frozen into exopy's image (libos/exopy/frozen/*.py): importable from anywhere, equal
to CPython's for the covered subset, and shadowed by a module of the same name beside the script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from exopy_proc import needs_exopy, run, run_script

pytestmark = needs_exopy

SCRIPTS = sorted((Path(__file__).resolve().parent / "frozen_scripts").glob("*.py"))


def cpython_stdout(script: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    proc = subprocess.run(
        [sys.executable, "-B", script.name],
        cwd=script.parent,
        capture_output=True,
        env=env,
        timeout=60,
        check=True,
    )
    return proc.stdout.decode()


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
@pytest.mark.parametrize("stress", ["0", "1"])
def test_frozen_modules_match_cpython(script: Path, stress: str) -> None:
    r = run([script.name], env={"EXOPY_GC_STRESS": stress}, cwd=script.parent)
    assert r.status == 0, r.stderr
    assert r.stdout == cpython_stdout(script)


def test_frozen_module_is_importable_from_dash_c() -> None:
    r = run(["-c", "import itertools\nprint(list(itertools.islice(itertools.count(), 3)))"])
    assert r.stdout == "[0, 1, 2]\n"


def test_a_module_beside_the_script_shadows_a_frozen_one(tmp_path: Path) -> None:
    (tmp_path / "functools.py").write_text("def reduce(*a):\n    return 'local'\n")
    r = run_script(tmp_path, "from functools import reduce\nprint(reduce(max, [1, 2]))\n")
    assert r.stdout == "local\n"
