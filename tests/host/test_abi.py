"""exo.abi mirrors firmware/include/exo/abi.h exactly: values compiled from the header by the
host C compiler, and every EXO_ macro name the header defines, in both directions."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from exo import abi

ROOT = Path(__file__).resolve().parents[2]
HEADER = ROOT / "firmware" / "include" / "exo" / "abi.h"
CC = os.environ.get("HOST_CC", "cc")
GUARD = "EXO_ABI_H"


def header_names() -> list[str]:
    names = re.findall(r"^\s*#\s*define\s+(EXO_\w+)", HEADER.read_text(), re.M)
    return [n for n in names if n != GUARD]


def compiled_values(tmp_path: Path, names: list[str]) -> dict[str, int]:
    """Compile a program that prints each macro, so the values are the compiler's, not a regex's."""
    prints = "\n".join(f'    printf("%s\\t%lld\\n", "{n}", (long long)({n}));' for n in names)
    src = tmp_path / "abi_values.c"
    src.write_text(
        "#include <stddef.h>\n#include <stdio.h>\n"
        f'#include "exo/abi.h"\nint main(void) {{\n{prints}\n}}\n'
    )
    exe = tmp_path / "abi_values"
    subprocess.run(
        [CC, "-std=c11", "-Wall", "-Werror", f"-I{HEADER.parents[1]}", str(src), "-o", str(exe)],
        check=True,
    )
    out = subprocess.run([str(exe)], check=True, capture_output=True, text=True).stdout
    return {name: int(value) for name, value in (line.split("\t") for line in out.splitlines())}


@pytest.mark.skipif(shutil.which(CC) is None, reason=f"no host C compiler '{CC}'")
def test_python_mirror_matches_the_header(tmp_path):
    names = header_names()
    assert names, "no EXO_ macros found in abi.h"
    c = compiled_values(tmp_path, names)
    py = abi.c_names()
    missing_in_python = sorted(set(c) - set(py))
    missing_in_c = sorted(set(py) - set(c))
    assert not missing_in_python, f"abi.h names with no Python mirror: {missing_in_python}"
    assert not missing_in_c, f"exo.abi names that abi.h does not define: {missing_in_c}"
    drift = {n: (c[n], py[n]) for n in c if c[n] != py[n]}
    assert not drift, f"values differ (C, Python): {drift}"


def test_error_names_read_well():
    assert abi.error_name(-5) == "EXO_EFAULT"
    assert abi.error_name(-99) == "error -99"
    assert min(abi.Errno) == abi.ERRNO_MIN


def test_env_id_halves():
    env = (3 << abi.ENV_INDEX_BITS) | 7
    assert abi.env_index(env) == 7 and abi.env_generation(env) == 3


@pytest.mark.skipif(shutil.which(CC) is None, reason=f"no host C compiler '{CC}'")
def test_shared_layouts_match_on_a_64_bit_target(tmp_path):
    expected = abi.layouts(8)
    assert compiled_values(tmp_path, list(expected)) == expected


CROSS = "riscv64-unknown-elf-gcc"


@pytest.mark.skipif(shutil.which(CROSS) is None, reason=f"no {CROSS}")
@pytest.mark.parametrize(
    ("march", "mabi", "xlen"), [("rv32imac", "ilp32", 4), ("rv64imac", "lp64", 8)]
)
def test_shared_layouts_match_on_riscv(tmp_path, march, mabi, xlen):
    """Checked by the cross compiler itself (static asserts), so rv32 needs no rv32 host."""
    checks = "\n".join(f'_Static_assert({e} == {v}, "{e}");' for e, v in abi.layouts(xlen).items())
    src = tmp_path / "layouts.c"
    src.write_text(f'#include <stddef.h>\n#include "exo/abi.h"\n{checks}\n')
    subprocess.run(
        [
            CROSS,
            "-misa-spec=2.2",
            f"-march={march}",
            f"-mabi={mabi}",
            "-ffreestanding",
            f"-I{HEADER.parents[1]}",
            "-c",
            str(src),
            "-o",
            str(tmp_path / "layouts.o"),
        ],
        check=True,
    )
