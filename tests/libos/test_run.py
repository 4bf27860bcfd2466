"""libexo images running on a real (QEMU) hart under the stand-in monitors of
tests/host/test_image.py and tests/libos/monitor (no kernel, no upcalls): threads switch, block
and join cooperatively; the heap binds pages; sleep waits. On the kernel: tests/e2e/test_libexo.py.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from libos_host import ROOT
from test_build import BOARD_OF_XLEN, CC, make_libos, needs_toolchain

from exo.image import load_image

# tests/host is a package whose root is tests/ (pytest's rootdir-relative import).
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))
image_tests = importlib.import_module("host.test_image")


@needs_toolchain
@pytest.mark.qemu
@pytest.mark.parametrize("xlen", [64, 32])
def test_threads_app_runs(tmp_path: Path, xlen: int) -> None:
    out = make_libos(tmp_path, BOARD_OF_XLEN[xlen])
    code, text = image_tests._run_image(tmp_path, out / "threads.elf", 0x8060_0000, 5, xlen=xlen)
    # The stand-in monitor delivers no upcalls: the workers run one after the other, unpreempted
    # (tests/e2e/test_libexo.py runs the same app on the kernel, preempted).
    assert text == (
        b"threads: counter 400000 (want 400000)\n"
        b"threads: sum 5050 (want 5050)\n"
        b"threads: preemptions 0\n"
    )
    assert code == 0


MANAGED_FIRST = 0x80800  # monitor.c's first managed page
HEAP_BASE = 0x8060_0000


def run_under_monitor(tmp_path: Path, image: Path, base: int, env_id: int) -> tuple[int, str]:
    """Runs a relocated image under tests/libos/monitor (page syscalls and an exposed state)."""
    qemu = shutil.which("qemu-system-riscv64")
    if qemu is None:
        pytest.skip("qemu-system-riscv64 is missing: run `make deps`")
    img = load_image(image, xlen=64)
    assert base + img.span_pages * 4096 <= MANAGED_FIRST << 12
    flat = tmp_path / "flat.bin"
    flat.write_bytes(img.relocate(base))
    monitor = tmp_path / "monitor.elf"
    here = ROOT / "tests" / "libos" / "monitor"
    subprocess.run(
        [CC, "-misa-spec=2.2", "-march=rv64imac", "-mabi=lp64", "-mcmodel=medany", "-O2",
         "-ffreestanding", "-nostdlib", "-nostartfiles", f"-I{ROOT / 'firmware' / 'include'}",
         f"-DENTRY={base + img.entry:#x}", f"-DENV_ID={env_id}",
         f"-DMANAGED_FIRST={MANAGED_FIRST:#x}",
         "-Wl,-Ttext=0x80000000,--no-relax,--no-warn-rwx-segments",
         str(here / "entry.S"), str(here / "monitor.c"), "-o", str(monitor)],
        check=True, capture_output=True,
    )  # fmt: skip
    cmd = [qemu, "-machine", "virt", "-m", "128M", "-display", "none", "-monitor", "none"]
    cmd += ["-serial", "stdio", "-bios", str(monitor)]
    cmd += ["-device", f"loader,file={flat},addr={base:#x},force-raw=on"]
    # The timeout only stops a hung QEMU (subprocess kills it); nothing asserts on time.
    done = subprocess.run(cmd, capture_output=True, timeout=120)
    return done.returncode, done.stdout.decode(errors="replace")


@needs_toolchain
@pytest.mark.qemu
def test_heap_pages_and_sleep_on_a_hart(tmp_path: Path) -> None:
    app = ROOT / "tests" / "libos" / "apps" / "heaptest"
    out = make_libos(tmp_path, "qemu-virt", extra=[app])
    code, text = run_under_monitor(tmp_path, out / "heaptest.elf", HEAP_BASE, 9)
    lines = dict(line.split(" ", 1) for line in text.splitlines())
    assert "FAIL" not in lines, text
    assert lines["pages"] == f"{MANAGED_FIRST} 256 254"  # two pages held by "another env"
    # The heap starts in the largest free run (pages 41..199) and ends at the taken page 200.
    n, _, first, last = lines["heap"].split()
    assert int(first) >= MANAGED_FIRST + 41
    assert int(last) == MANAGED_FIRST + 199
    assert int(n) * 4000 > (199 - 41 - 2) * 4096  # nearly all of that run was usable
    # Four more pages: best fit is the run 0..39 (201..255 is larger); three go back, from the
    # high end of the shortest unpinned stretch.
    got, at = lines["alloc"].split()
    assert (got, at) == ("4", str(MANAGED_FIRST))
    assert lines["give_back"] == "3 free 0 1 1 1"
    assert text.index("woke 10000") < text.index("woke 30000")
    assert lines["failures"] == "0"
    assert code == 0
