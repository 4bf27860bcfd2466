"""Builds libexo's pure modules for the host (ASan/UBSan) and talks to their line harnesses.

hostbuild.build hashes firmware headers only, so the libOS headers' contents are folded into a
flag here: a changed libos/include header rebuilds the harness.
"""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "libos_hostbuild", ROOT / "tests" / "firmware" / "hostbuild.py"
)
assert _spec and _spec.loader
hostbuild = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostbuild)


def _headers_digest() -> str:
    h = hashlib.sha256()
    for p in sorted((ROOT / "libos" / "include").rglob("*.h")):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def build(name: str, sources: list[str]) -> Path:
    """Builds tests/libos/<name>.c with the given libos/lib sources."""
    flags = [f"-I{ROOT / 'libos' / 'include'}", f"-DLIBOS_HEADERS_{_headers_digest()}=1"]
    return hostbuild.build(name, [f"tests/libos/{name}.c", *sources], flags)


class Harness:
    """One harness process; `ask` sends command lines and returns one answer line each."""

    def __init__(self, name: str, sources: list[str]) -> None:
        exe = build(name, sources)
        self.proc = subprocess.Popen(
            [str(exe)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
        )

    def ask(self, *lines: str) -> list[str]:
        out: list[str] = []
        assert self.proc.stdin and self.proc.stdout
        for i in range(0, len(lines), 64):
            chunk = lines[i : i + 64]
            self.proc.stdin.write("".join(line + "\n" for line in chunk))
            self.proc.stdin.flush()
            for _ in chunk:
                answer = self.proc.stdout.readline()
                assert answer, f"harness died (exit {self.proc.poll()})"
                out.append(answer.rstrip("\n"))
        return out

    def one(self, line: str) -> str:
        return self.ask(line)[0]

    def close(self) -> None:
        assert self.proc.stdin
        self.proc.stdin.close()
        assert self.proc.wait(timeout=30) == 0
