"""The firmware's lib/string.c on the host (ASan/UBSan), renamed to exo_* so it does not
replace the C library's own while the harness runs."""

from __future__ import annotations

import subprocess

import hostbuild

RENAME = [f"-D{name}=exo_{name}" for name in ("memcpy", "memset", "memcmp", "strlen")]


def test_string_routines_match_byte_loops() -> None:
    exe = hostbuild.build(
        "string_harness",
        ["tests/firmware/string_harness.c", "firmware/lib/string.c"],
        [*RENAME, "-fno-builtin"],
    )
    out = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout == f"ok {65 * 8 * 8 + 65 * 8}\n"
