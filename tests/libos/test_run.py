"""libexo images running on a real (QEMU) hart under the stand-in monitor of
tests/host/test_image.py, until the kernel loads images: threads switch, block and join."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from libos_host import ROOT
from test_build import make_libos, needs_toolchain, rv32_board

# tests/host is a package whose root is tests/ (pytest's rootdir-relative import).
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))
image_tests = importlib.import_module("host.test_image")


@needs_toolchain
@pytest.mark.qemu
@pytest.mark.parametrize("xlen", [64, 32])
def test_threads_app_runs(tmp_path: Path, xlen: int) -> None:
    if xlen == 64:
        out = make_libos(tmp_path, "qemu-virt", None)
    else:
        out = make_libos(tmp_path, "rv32-test", rv32_board(tmp_path))
    code, text = image_tests._run_image(tmp_path, out / "threads.elf", 0x8060_0000, 5, xlen=xlen)
    assert text == b"threads: sum 5050 (want 5050)\n"
    assert code == 0
