"""Running build/host/exopy from tests: the binary's path, sanitizer checks and runs."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXOPY = Path(os.environ.get("EXOPY", ROOT / "build" / "host" / "exopy"))
# Text that means ASan or UBSan stopped exopy.
SANITIZER_MARKS = (
    "AddressSanitizer",
    "LeakSanitizer",
    "UndefinedBehaviorSanitizer",
    "runtime error:",
)
# Generous: the host build runs under ASan and UBSan; GC-stress runs collect at every allocation.
TIMEOUT = 120

needs_exopy = pytest.mark.skipif(
    not EXOPY.is_file(),
    reason=f"{EXOPY} is missing: build it with `make exopy-host` (or set EXOPY=path)",
)


@dataclass(frozen=True)
class Run:
    """What one exopy run did."""

    stdout: str
    stderr: str
    status: int

    def assert_clean(self) -> None:
        """No sanitizer report, whatever the exit status."""
        for mark in SANITIZER_MARKS:
            assert mark not in self.stderr, f"sanitizer report:\n{self.stderr}"


def run(
    args: list[str],
    stdin: str = "",
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Run:
    """Run exopy with `args`, feeding `stdin`; extra environment variables from `env`."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("EXOPY_")}
    full_env.update(env or {})
    proc = subprocess.run(
        [str(EXOPY), *args],
        input=stdin.encode(),
        capture_output=True,
        timeout=TIMEOUT,
        env=full_env,
        cwd=cwd,
    )
    result = Run(
        proc.stdout.decode("utf-8", errors="backslashreplace"),
        proc.stderr.decode("utf-8", errors="backslashreplace"),
        proc.returncode,
    )
    result.assert_clean()
    return result


def known_failures() -> frozenset[str]:
    """Conformance cases listed in known_failures.txt (`topic/name.py  # reason` lines)."""
    path = Path(__file__).resolve().parent / "known_failures.txt"
    if not path.exists():
        return frozenset()
    names = (line.partition("#")[0].strip() for line in path.read_text().splitlines())
    return frozenset(name for name in names if name)


def run_script(
    tmp_path: Path, source: str, name: str = "t.py", env: Mapping[str, str] | None = None
) -> Run:
    """Write `source` to tmp_path/name and run it there, as `exopy name`."""
    (tmp_path / name).write_text(source, encoding="utf-8")
    return run([name], env=env, cwd=tmp_path)
