"""The firmware build: exo.elf with its listing and map, .text within budget, and (qemu) a boot
whose one-line banner agrees with the board file, with and without more RAM than the board's."""

from __future__ import annotations

import fcntl
import os
import re
import select
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from elftools.elf.elffile import ELFFile

from exo.boards import Board, load_board

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
BOARD = "qemu-virt"
TEXT_BUDGET = 48 * 1024
BANNER = re.compile(
    rb"exo (?P<version>\S+) board=(?P<board>\S+) mem=(?P<mem>\d+) "
    rb"pages=(?P<free>\d+)/(?P<total>\d+) pmp=(?P<pmp>\d+)\r?\n"
)


@pytest.fixture(scope="module")
def out() -> Path:
    """Build (incrementally) once; a lock keeps parallel workers from building at once."""
    BUILD.mkdir(exist_ok=True)
    with open(BUILD / ".firmware-test.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(
            ["make", "-C", "firmware", f"BOARD={BOARD}", f"PY={sys.executable}", f"BUILD={BUILD}"],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return BUILD / BOARD


@pytest.fixture(scope="module")
def board() -> Board:
    return load_board(BOARD)


def symbol(elf_path: Path, name: str) -> int:
    with open(elf_path, "rb") as f:
        [sym] = ELFFile(f).get_section_by_name(".symtab").get_symbol_by_name(name)
        return sym["st_value"]


def test_build_writes_elf_listing_and_map(out: Path, board: Board) -> None:
    with open(out / "exo.elf", "rb") as f:
        elf = ELFFile(f)
        assert elf["e_machine"] == "EM_RISCV"
        assert elf.elfclass == board.xlen
        assert elf["e_entry"] == board.ram_base
    listing = (out / "exo.lst").read_text()
    assert "<kmain>:" in listing and "<trap_vector>:" in listing
    mapping = (out / "exo.map").read_text()
    assert "__kernel_start" in mapping and "kmain" in mapping


def test_text_fits_the_budget(out: Path) -> None:
    with open(out / "exo.elf", "rb") as f:
        text = ELFFile(f).get_section_by_name(".text")
        assert 0 < text["sh_size"] < TEXT_BUDGET


def boot_lines(
    elf: Path, board: Board, memory: str, count: int, extra: tuple[str, ...] = ()
) -> list[bytes]:
    """Boot QEMU and return its first `count` UART lines; QEMU is then stopped by its pid."""
    assert board.qemu is not None
    cmd = [board.qemu.binary, "-machine", board.qemu.machine, "-m", memory, "-bios", str(elf)]
    cmd += ["-nographic", "-monitor", "none", "-serial", "stdio", *extra]
    proc = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    data = b""
    try:
        give_up = time.monotonic() + 30  # only so a broken boot cannot hang the run
        while data.count(b"\n") < count and time.monotonic() < give_up:
            ready, _, _ = select.select([proc.stdout], [], [], 1.0)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 4096)
                if not chunk:
                    break
                data += chunk
    finally:
        os.kill(proc.pid, 9)
        proc.wait()
    return data.splitlines(keepends=True)[:count]


class Gdb:
    """Just enough of the GDB remote protocol to set a register and continue."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buf = b""

    def send(self, data: bytes) -> None:
        self.sock.sendall(b"$" + data + b"#" + b"%02x" % (sum(data) % 256))

    def reply(self, stop: bool = False) -> bytes:
        """The next reply's payload (acks skipped): a stop notice (T.., S..) if stop, else the
        next packet that is not one."""
        while True:
            m = re.search(rb"\$([^#]*)#[0-9a-fA-F]{2}", self.buf)
            if m:
                self.buf = self.buf[m.end() :]
                self.sock.sendall(b"+")
                if (m.group(1)[:1] in (b"T", b"S")) == stop:
                    return m.group(1)
                continue
            chunk = self.sock.recv(4096)
            assert chunk, "gdbstub closed the connection"
            self.buf += chunk


@pytest.mark.qemu
def test_an_unexpected_trap_panics_with_its_cause(out: Path, board: Board, tmp_path: Path) -> None:
    """Through QEMU's gdbstub the booted hart is sent to a zero word (an illegal instruction)
    above the kernel: the trap vector must save the frame and panic.c name cause, mepc, mtval."""
    assert board.qemu is not None
    elf = out / "exo.elf"
    ram_end = board.ram_base + mib(board.qemu.memory) * 2**20
    bad_pc = page_layout(symbol(elf, "_end"), ram_end)[0] + 0x1000  # zeroed: 0x0000 is illegal
    gdb_path = tmp_path / "gdb.sock"
    cmd = [board.qemu.binary, "-machine", board.qemu.machine, "-m", board.qemu.memory]
    cmd += ["-bios", str(elf), "-nographic", "-monitor", "none", "-serial", "stdio"]
    cmd += ["-gdb", f"unix:{gdb_path},server=on,wait=off", "-S"]
    proc = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    data = b""
    try:
        give_up = time.monotonic() + 30  # only so a broken boot cannot hang the run

        def read_until(pattern: bytes) -> None:
            nonlocal data
            while not re.search(pattern, data) and time.monotonic() < give_up:
                if select.select([proc.stdout], [], [], 1.0)[0]:
                    chunk = os.read(proc.stdout.fileno(), 4096)
                    if not chunk:
                        return
                    data += chunk

        while not gdb_path.exists() and time.monotonic() < give_up:
            time.sleep(0.05)
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(gdb_path))
            sock.settimeout(10)
            gdb = Gdb(sock)
            gdb.send(b"qXfer:features:read:target.xml:0,ffb")  # QEMU wants this before P
            gdb.reply()
            # Stop in the idle loop (not in wfi, where a new pc would wait for an interrupt).
            idle = b"%x" % symbol(elf, "session_service")
            gdb.send(b"Z0," + idle + b",2")
            assert gdb.reply() == b"OK"
            gdb.send(b"c")
            gdb.reply(stop=True)
            read_until(rb"\[exo\] build")  # booted
            gdb.send(b"z0," + idle + b",2")
            assert gdb.reply() == b"OK"
            gdb.send(b"P20=" + bad_pc.to_bytes(board.xlen // 8, "little").hex().encode())  # pc
            assert gdb.reply() == b"OK"
            gdb.send(b"c")
            read_until(rb"panic: [^\n]*\n")
    finally:
        os.kill(proc.pid, 9)
        proc.wait()
    line = next((ln for ln in data.splitlines() if ln.startswith(b"panic: ")), b"")
    want = f"panic: trap mcause=illegal instruction (0x2) mepc=0x{bad_pc:x} mtval=0x0"
    assert line.decode().rstrip("\r") == want


PAGE_ENTRY_BYTES = 60  # struct page_entry on rv32 and rv64 (docs/memory.md)


def page_layout(image_end: int, ram_end: int) -> tuple[int, int]:
    """(first managed page's address, page count): the ownership table (one entry a page)
    starts at the image's end rounded to 64 bytes, the pages at the first page boundary after
    it, as many as fit (at most the exposed bitmap's 65536)."""
    table = (image_end + 63) & ~63
    count = min((ram_end - table) // (4096 + PAGE_ENTRY_BYTES), 65536)

    def first(n: int) -> int:
        return (table + n * PAGE_ENTRY_BYTES + 4095) & ~4095

    while count and first(count) + count * 4096 > ram_end:
        count -= 1
    return first(count), count


def mib(text: str) -> int:
    units = {"M": 1, "G": 1024}
    return int(text[:-1]) * units[text[-1].upper()]


@pytest.mark.qemu
@pytest.mark.parametrize(("memory", "smp"), [("board", 1), ("256M", 1), ("board", 4)])
def test_boot_banner_matches_the_board(out: Path, board: Board, memory: str, smp: int) -> None:
    """One banner whatever the RAM size (read from the device tree) and hart count (others park)."""
    assert board.qemu is not None
    memory = board.qemu.memory if memory == "board" else memory
    lines = boot_lines(out / "exo.elf", board, memory, 2, ("-smp", str(smp)))
    assert lines, "no output from the firmware"
    m = BANNER.fullmatch(lines[0])
    assert m, f"first line is not the banner: {lines[0]!r}"
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert m["version"].decode() == version
    assert m["board"].decode() == board.name
    assert int(m["mem"]) == mib(memory)  # read from the device tree, not the board file
    ram_end = board.ram_base + mib(memory) * 2**20
    _, total = page_layout(symbol(out / "exo.elf", "_end"), ram_end)
    assert int(m["total"]) == total
    assert int(m["free"]) == total
    assert int(m["pmp"]) == board.pmp_entries
    assert lines[1].startswith(b"[exo] build ")  # not a second banner from another hart


RV32 = "qemu-virt-rv32"


@pytest.fixture(scope="module")
def rv32(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Board]:
    """The same kernel built for the RV32 board (boards/qemu-virt-rv32.toml)."""
    build = tmp_path_factory.mktemp("build")
    subprocess.run(
        ["make", "-C", "firmware", f"BOARD={RV32}", f"PY={sys.executable}", f"BUILD={build}"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return build / RV32 / "exo.elf", load_board(RV32)


def test_rv32_build(rv32: tuple[Path, Board]) -> None:
    elf, _ = rv32
    with open(elf, "rb") as f:
        assert ELFFile(f).elfclass == 32


@pytest.mark.qemu
def test_rv32_boot_banner(rv32: tuple[Path, Board]) -> None:
    elf, board = rv32
    assert board.qemu is not None
    lines = boot_lines(elf, board, board.qemu.memory, 2)
    m = BANNER.fullmatch(lines[0]) if lines else None
    assert m, f"no banner: {lines!r}"
    assert m["board"] == RV32.encode() and int(m["mem"]) == mib(board.qemu.memory)
    assert int(m["pmp"]) == board.pmp_entries
