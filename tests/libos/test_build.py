"""The libexo build: images link for rv64 and rv32 with libexo's printf, sbrk and threads (not
picolibc's stubs), and mkpie accepts absolute code addressing only of numbers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from elftools.elf.elffile import ELFFile
from libos_host import ROOT

CC = "riscv64-unknown-elf-gcc"
needs_toolchain = pytest.mark.skipif(
    shutil.which(CC) is None or shutil.which("make") is None,
    reason="make or the RISC-V toolchain is missing: run `make deps`",
)


BOARD_OF_XLEN = {64: "qemu-virt", 32: "qemu-virt-rv32"}


def symbols(path: Path) -> set[str]:
    with path.open("rb") as f:
        symtab = ELFFile(f).get_section_by_name(".symtab")
        return {s.name for s in symtab.iter_symbols()} if symtab else set()


def make_libos(tmp_path: Path, board: str, extra: list[Path] | None = None) -> Path:
    """Builds libexo and the images into tmp_path/build; `extra`: more app folders."""
    apps = " ".join(map(str, extra or []))
    subprocess.run(
        [
            "make",
            "-s",
            "-C",
            str(ROOT / "libos"),
            f"BOARD={board}",
            f"PY={sys.executable}",
            f"BUILD={tmp_path / 'build'}",
            f"EXTRA_APPS={apps}",
        ],
        check=True,
        capture_output=True,
    )
    return tmp_path / "build" / board / "libos"


@needs_toolchain
@pytest.mark.parametrize("xlen", [64, 32])
def test_images_link_with_libexo(tmp_path: Path, xlen: int) -> None:
    out = make_libos(tmp_path, BOARD_OF_XLEN[xlen])
    hello = symbols(out / "hello.elf")
    # printf is libexo's formatter; sbrk is libexo's (picolibc's needs __heap_start).
    assert {"printf", "fmt_vformat", "libexo_start", "sbrk", "heap_sbrk"} <= hello
    assert "__heap_start" not in hello
    threads = symbols(out / "threads.elf")
    assert {"thread_switch", "sched_cond_wait", "thread_start"} <= threads
    assert "malloc" not in threads  # started on static stacks: links on rv32 too
    assert (out / "libexo.a").exists()


@needs_toolchain
def test_mkpie_takes_lui_of_a_weak_undefined_symbol_only(tmp_path: Path) -> None:
    arch = ["-misa-spec=2.2", "-march=rv64imac", "-mabi=lp64", "--specs=picolibc.specs"]
    src = tmp_path / "t.c"
    src.write_text(
        "extern int hook(void) __attribute__((weak));\n"
        "int value = 3;\n"
        "int _start(void) { return (hook ? hook() : 0) + value; }\n"
    )
    ld = ROOT / "libos" / "lib" / "libos.ld"
    common = [
        CC,
        *arch,
        *("-nostartfiles", "-nostdlib", "-Os", "-T", str(ld)),
        "-Wl,-q,--no-warn-rwx-segments,--no-relax",
        "-Wl,--defsym=__libos_rela_size=0,--defsym=__libos_dynamic_size=96",
    ]
    mkpie = [sys.executable, str(ROOT / "libos" / "lib" / "mkpie.py"), "count"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hostpy")}
    # medlow: `hook` (weak, undefined: a NULL) and `value` (a real address) both via lui/addi.
    weak = tmp_path / "weak.elf"
    subprocess.run([*common, "-mcmodel=medlow", str(src), "-o", str(weak)], check=True)
    r = subprocess.run([*mkpie, str(weak)], capture_output=True, text=True, env=env)
    # `value` is read absolutely: refused.
    assert r.returncode != 0
    assert "R_RISCV_HI20" in r.stderr or "R_RISCV_LO12" in r.stderr
    src.write_text(
        "extern int hook(void) __attribute__((weak));\n"
        "int _start(void) { return hook ? hook() : 0; }\n"
    )
    subprocess.run([*common, "-mcmodel=medlow", str(src), "-o", str(weak)], check=True)
    r = subprocess.run([*mkpie, str(weak)], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
