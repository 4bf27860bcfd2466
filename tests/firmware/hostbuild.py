"""Builds pure firmware modules for the host with ASan/UBSan, for tests that drive them.

A harness is a small C program (in tests/firmware/) linked with the firmware sources it tests.
Builds are cached by a hash of the inputs and renamed into place atomically, so parallel
pytest workers can ask for the same harness at once.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "build" / "host-tests"
CC = os.environ.get("HOST_CC", "cc")
CFLAGS = [
    "-std=c11",
    "-g",
    "-O1",
    "-Wall",
    "-Wextra",
    "-Werror",
    "-fsanitize=address,undefined",
    "-fno-sanitize-recover=all",
    "-fno-omit-frame-pointer",
    "-DEXO_HOST_TEST=1",
    f"-I{ROOT / 'firmware' / 'include'}",
    f"-I{ROOT / 'firmware'}",
]


def build(name: str, sources: list[str], extra_flags: list[str] | None = None) -> Path:
    """Compile `sources` (paths relative to the repo root) into build/host-tests/<name>."""
    paths = [ROOT / s for s in sources]
    flags = CFLAGS + (extra_flags or [])
    digest = hashlib.sha256(" ".join(flags).encode())
    for p in sorted(paths):
        digest.update(p.read_bytes())
    # Headers the sources include count too: hash every firmware, libOS and harness header.
    headers = [
        *(ROOT / "firmware").rglob("*.h"),
        *(ROOT / "libos" / "include").rglob("*.h"),
        *Path(__file__).parent.glob("*.h"),  # the harnesses' own
    ]
    for h in sorted(headers):
        digest.update(h.read_bytes())
    OUT.mkdir(parents=True, exist_ok=True)
    exe = OUT / f"{name}-{digest.hexdigest()[:12]}"
    if exe.exists():
        return exe
    tmp = exe.with_suffix(f".tmp{os.getpid()}")
    subprocess.run([CC, *flags, *map(str, paths), "-o", str(tmp)], check=True)
    tmp.replace(exe)
    return exe


class LineHarness:
    """A running harness that answers each command line with one line (or, for listing commands,
    lines up to `end`). Harness-specific commands are methods of subclasses."""

    def __init__(self, exe: Path) -> None:
        self.proc = subprocess.Popen(
            [str(exe)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
        )

    def _answer(self, what: str) -> str:
        assert self.proc.stdout
        answer = self.proc.stdout.readline()
        assert answer, f"harness died (exit {self.proc.poll()}) on {what[:80]!r}"
        return answer.rstrip()

    def ask(self, line: str) -> str:
        assert self.proc.stdin
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self._answer(line)

    def ask_until_end(self, line: str) -> list[str]:
        """A command answered by any number of lines and then `end` (not returned)."""
        lines = [self.ask(line)]
        while lines[-1] != "end":
            lines.append(self._answer(line))
        return lines[:-1]

    def batch(self, commands: list[str]) -> list[str]:
        """Many one-line commands at once; a writer thread keeps both pipes moving."""
        stdin = self.proc.stdin
        assert stdin

        def write() -> None:
            for c in commands:
                stdin.write(c + "\n")
            stdin.flush()

        writer = threading.Thread(target=write)
        writer.start()
        answers = [self._answer("a batch") for _ in commands]
        writer.join()
        return answers

    def close(self, timeout: float = 60) -> None:
        assert self.proc.stdin
        self.proc.stdin.close()
        assert self.proc.wait(timeout=timeout) == 0
