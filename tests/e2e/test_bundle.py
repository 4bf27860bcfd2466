"""The boot bundle on QEMU: a kernel image carrying pre-relocated envs starts them at reset and
they run with no host session (relocs exits 0 only if every pointer was relocated for its
fixed pages; hog reads its argument); a corrupt bundle is refused with one log line and the
kernel boots on, empty, and loads over the link as usual."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from elftools.elf.elffile import ELFFile

from exo.abi import EnvState
from exo.boards import Board
from exo.bundle import BundleImage, decode_bundle, encode_bundle
from exo.qemu import Qemu, build_dir
from exo.target import Target

ROOT = Path(__file__).resolve().parents[2]
STARTED = rb"\[exo\] bundle: (\d+) envs started\r?\n"
REFUSED = rb"\[exo\] bundle refused: ([^\r\n]+)\r?\n"


def image(board: Board, name: str) -> Path:
    path = build_dir() / board.name / "libos" / f"{name}.elf"
    if not path.is_file():
        pytest.skip(f"test env not built: {path} is missing (run `make libos BOARD={board.name}`)")
    return path


def bundle_kernel(board: Board, out: Path, specs: list[str]) -> Path:
    """The firmware linked with a bundle of `specs` (exo.bundle SPECs) at `out`: only a link,
    over the objects `make firmware` built."""
    if board.qemu is None or shutil.which(board.qemu.binary) is None:
        pytest.skip(f"board {board.name} cannot run in QEMU here")
    if not (build_dir() / board.name / "exo.elf").is_file():
        pytest.skip(f"firmware not built: run `make firmware BOARD={board.name}`")
    # The lock test_fw_build.py takes: one make at a time in the shared build tree.
    with open(build_dir() / ".firmware-test.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(
            ["make", "-C", "firmware", f"BOARD={board.name}", f"PY={sys.executable}"]
            + [f"BUILD={build_dir()}", "bundle", f"BUNDLE={' '.join(specs)}"]
            + [f"BUNDLE_ELF={out}"],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return out


def blob_location(elf: Path) -> tuple[int, int]:
    """File offset and size of the bundle the kernel image carries (bundle_blob ..
    bundle_blob_end)."""
    with open(elf, "rb") as f:
        e = ELFFile(f)
        syms = {s.name: s["st_value"] for s in e.get_section_by_name(".symtab").iter_symbols()}
        start, end = syms["bundle_blob"], syms["bundle_blob_end"]
        for sec in e.iter_sections():
            if sec["sh_addr"] <= start < sec["sh_addr"] + sec["sh_size"]:
                return sec["sh_offset"] + start - sec["sh_addr"], end - start
    raise AssertionError(f"{elf}: bundle_blob is in no section")


def boot(board: Board, elf: Path, workdir: Path) -> tuple[Qemu, Target]:
    q = Qemu(board, workdir=workdir, firmware=elf)
    t = Target.open(q.start(), baud=board.baud, log_path=q.log_path)
    q.resume()  # only now: the pty is open, so the banner cannot be lost
    return q, t


@pytest.fixture(scope="module")
def hello_kernel(exo_board: Board, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "exo-hello.elf"
    return bundle_kernel(exo_board, out, [str(image(exo_board, "hello"))])


@pytest.mark.qemu
def test_bundled_envs_run_at_reset_with_no_host(exo_board: Board, tmp_path: Path) -> None:
    specs = [
        str(image(exo_board, "hello")),
        f"{image(exo_board, 'relocs')},slots=2",
        f"{image(exo_board, 'hog')},name=hog,arg=0x7fffffff",  # keeps every page: takes none
    ]
    elf = bundle_kernel(exo_board, tmp_path / "exo-three.elf", specs)
    images = decode_bundle(Path(elf.with_suffix(".bin")).read_bytes())
    assert [i.base_ppn for i in images][0] == exo_board.bundle_first_ppn
    q, t = boot(exo_board, elf, tmp_path)
    with q, t:
        t.banner()
        assert t.expect(STARTED, timeout=10)[1] == b"3"
        # Before any session: hog was started last, so its console is the line's.
        t.expect(rb"hog 0\r?\n", timeout=10)
        t.expect(rb"env 0x\w+ stopped: fault cause=3", timeout=10)
        deadline = time.monotonic() + 10
        while True:
            envs = {e.name: e for e in t.envs()}
            done = all(e.state != EnvState.RUNNABLE for e in envs.values())
            if (len(envs) == 3 and done) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert (envs["hello"].state, envs["hello"].exit_code) == (EnvState.DEAD, 0)
        assert (envs["relocs"].state, envs["relocs"].exit_code) == (EnvState.DEAD, 0)
        assert envs["hog"].state == EnvState.STOPPED and envs["hog"].fault.cause == 3
        hog = envs["hog"]
        pages = t.pages()
        owned = [r for r in pages.runs if r.owner == hog.id]
        assert owned and owned[0].first == images[2].base_ppn
        assert sum(r.pages for r in owned) == images[2].pages
        t.console_attach(envs["hello"].id, backlog=True)
        t.wait_exit(envs["hello"].id, timeout=5)
        deadline = time.monotonic() + 5
        while not t.output(envs["hello"].id) and time.monotonic() < deadline:
            list(t.events(timeout=0.2))
        assert t.output(envs["hello"].id) == f"hello from env {envs['hello'].id}\n".encode()


def corrupt(blob: bytes, how: str) -> bytes:
    if how == "CRC mismatch":
        return blob[:40] + bytes([blob[40] ^ 1]) + blob[41:]
    if how == "bad magic":
        return b"EXOX" + blob[4:]
    [img] = decode_bundle(blob)
    moved = BundleImage(img.name, 0x80000, img.rights, img.data, img.entry, img.args, img.slots)
    bad = encode_bundle([moved])
    assert len(bad) == len(blob)
    return bad


@pytest.mark.qemu
@pytest.mark.parametrize(
    ("how", "line"),
    [
        ("CRC mismatch", "CRC mismatch"),
        ("bad magic", "bad magic"),
        ("kernel pages", "an image's pages are outside the managed range"),
    ],
)
def test_a_corrupt_bundle_is_refused_and_the_kernel_boots(
    exo_board: Board, hello_kernel: Path, tmp_path: Path, how: str, line: str
) -> None:
    elf = tmp_path / "exo-corrupt.elf"
    data = bytearray(hello_kernel.read_bytes())
    at, size = blob_location(hello_kernel)
    data[at : at + size] = corrupt(bytes(data[at : at + size]), how)
    elf.write_bytes(data)
    q, t = boot(exo_board, elf, tmp_path)
    with q, t:
        banner = t.banner()
        assert t.expect(REFUSED, timeout=10)[1].decode() == line
        assert t.envs() == []
        assert t.pages().free_pages == banner.pages_free
        env = t.load(image(exo_board, "hello"))
        assert t.wait_exit(env, timeout=10) == 0
