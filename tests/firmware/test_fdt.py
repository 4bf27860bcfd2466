"""The firmware's device-tree reader (lib/fdt.c) and boot-info parser (kernel/bootinfo.c) on the
host, via fdt_harness.c, on trees compiled by dtc: well-formed ones, QEMU's own, and malformed
ones (a broken tree must give "not found" and the board's values, never a crash)."""

from __future__ import annotations

import hashlib
import random
import shutil
import struct
import subprocess
from collections.abc import Iterator
from pathlib import Path

import hostbuild
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exo.boards import c_header, load_board

SOURCES = ["tests/firmware/fdt_harness.c", "firmware/lib/fdt.c", "firmware/kernel/bootinfo.c"]
BOARD = load_board("qemu-virt")
KERNEL_END = 0x80010000
FALLBACK = (
    f"mem {BOARD.ram_base:x} {BOARD.ram_size:x} uart {BOARD.uart_base:x} "
    f"timebase {BOARD.timer_hz:x} pages {(BOARD.ram_base + BOARD.ram_size - KERNEL_END) // 4096}"
    " fdt 0"
)

pytestmark = pytest.mark.skipif(shutil.which("dtc") is None, reason="needs dtc")


class Harness(hostbuild.LineHarness):
    def __init__(self) -> None:
        header = c_header(BOARD)
        incdir = hostbuild.OUT / f"board-{hashlib.sha256(header.encode()).hexdigest()[:12]}"
        incdir.mkdir(parents=True, exist_ok=True)
        (incdir / "board.h").write_text(header)
        super().__init__(hostbuild.build("fdt_harness", SOURCES, [f"-I{incdir}"]))

    def load(self, blob: bytes) -> None:
        assert self.ask(f"load {blob.hex()}") == "ok"

    def walk(self) -> list[str]:
        return self.ask_until_end("walk")


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    h = Harness()
    yield h
    h.close()


def dtb(source: str) -> bytes:
    return subprocess.run(
        ["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", "-", "-"],
        input=("/dts-v1/;\n" + source).encode(),
        capture_output=True,
        check=True,
    ).stdout


VIRT_LIKE = """
/ {
    #address-cells = <2>; #size-cells = <2>;
    compatible = "riscv-virtio";
    aliases { serial0 = "/soc/serial@10000000"; };
    chosen { stdout-path = "/soc/serial@10000000"; };
    cpus {
        #address-cells = <1>; #size-cells = <0>;
        timebase-frequency = <10000000>;
        cpu@0 { device_type = "cpu"; reg = <0>; };
    };
    memory@80000000 { device_type = "memory"; reg = <0x0 0x80000000 0x0 0x10000000>; };
    soc {
        #address-cells = <2>; #size-cells = <2>;
        serial@10000000 { compatible = "ns16550a"; reg = <0x0 0x10000000 0x0 0x100>; };
        uart@20000000 { compatible = "vendor,uart", "ns16550a"; reg = <0x0 0x20000000 0x0 0x100>; };
        other@30000000 { compatible = "sifive,uart0"; reg = <0x0 0x30000000 0x0 0x100>; };
    };
};
"""


def pages(ram_base: int, ram_size: int) -> int:
    return (ram_base + ram_size - KERNEL_END) // 4096


def test_virt_like_tree(harness: Harness) -> None:
    harness.load(dtb(VIRT_LIKE))
    assert harness.ask("init") == "ok"
    assert harness.ask("info") == (
        f"mem 80000000 10000000 uart 10000000 timebase 989680 "
        f"pages {pages(0x80000000, 0x10000000)} fdt 7"
    )
    walk = harness.walk()
    assert walk[0] == "node 0 / 2 1"
    assert "node 1 cpus 2 2" in walk
    assert "node 2 cpu@0 1 0" in walk
    assert "node 2 serial@10000000 2 2" in walk
    assert harness.ask("path /soc/serial@10000000") == "ok serial@10000000"
    assert harness.ask("path /soc/serial") == "ok serial@10000000"
    assert harness.ask("path /soc/uart@20000000") == "ok uart@20000000"
    assert harness.ask("path /soc/serial@20000000") == "none"
    assert harness.ask("path /soc/serial@10000000/x") == "none"
    assert harness.ask("path /memory") == "ok memory@80000000"
    assert harness.ask("path /") == "ok /"
    assert harness.ask("compat ns16550a") == "ok serial@10000000"
    assert harness.ask("compat vendor,uart") == "ok uart@20000000"
    assert harness.ask("compat ns16550") == "none"
    assert harness.ask("reg /soc/uart@20000000 0") == "ok 20000000 100"
    assert harness.ask("reg /soc/uart@20000000 1") == "none"
    assert harness.ask("reg /cpus/cpu@0 0") == "ok 0 0"


@pytest.mark.parametrize(
    ("stdout", "uart"),
    [
        ('"/soc/uart@20000000"', "20000000"),
        ('"/soc/uart@20000000:115200n8"', "20000000"),
        ('"serial1:115200n8"', "20000000"),  # an alias
        ('"serial1"', "20000000"),
        ('"/soc/other@30000000"', "10000000"),  # not a 16550: the first ns16550a instead
        ('"/soc/missing@1"', "10000000"),
        ('"nosuchalias"', "10000000"),
        ('""', "10000000"),
    ],
)
def test_uart_from_stdout_path(harness: Harness, stdout: str, uart: str) -> None:
    source = VIRT_LIKE.replace('"/soc/serial@10000000"; };\n    cpus', f"{stdout}; }};\n    cpus")
    source = source.replace("aliases {", 'aliases { serial1 = "/soc/uart@20000000";')
    harness.load(dtb(source))
    assert f" uart {uart} " in harness.ask("info")


def test_cells_of_one_and_a_64_bit_timebase(harness: Harness) -> None:
    harness.load(
        dtb("""
/ {
    #address-cells = <1>; #size-cells = <1>;
    cpus { timebase-frequency = /bits/ 64 <1000000>; };
    memory@80000000 { device_type = "memory"; reg = <0x80000000 0x4000000>; };
    serial@10013000 { compatible = "ns16550"; reg = <0x10013000 0x1000>; };
};
""")
    )
    assert harness.ask("info") == (
        f"mem 80000000 4000000 uart 10013000 timebase f4240 pages {pages(0x80000000, 0x4000000)}"
        " fdt 7"
    )


def test_memory_bank_must_hold_the_kernel(harness: Harness) -> None:
    harness.load(
        dtb("""
/ {
    #address-cells = <2>; #size-cells = <2>;
    memory@0 { device_type = "memory"; reg = <0x0 0x0 0x0 0x1000000>; };
    memory@80000000 { device_type = "memory";
        reg = <0x0 0x40000000 0x0 0x1000>, <0x0 0x80000000 0x0 0x20000000>; };
};
""")
    )
    assert harness.ask("info").startswith("mem 80000000 20000000 uart 10000000 ")
    harness.load(
        dtb("""
/ { #address-cells = <2>; #size-cells = <2>;
    memory@0 { device_type = "memory"; reg = <0x0 0x0 0x0 0x1000000>; };
    tiny@80000000 { device_type = "memory"; reg = <0x0 0x80000000 0x0 0x8000>; }; };
""")
    )
    assert harness.ask("info") == FALLBACK  # neither bank holds the whole kernel


def test_qemu_dumped_tree(harness: Harness, tmp_path: Path) -> None:
    if shutil.which("qemu-system-riscv64") is None:
        pytest.skip("needs qemu-system-riscv64 to dump its device tree")
    path = tmp_path / "virt.dtb"
    subprocess.run(
        ["qemu-system-riscv64", "-machine", f"virt,dumpdtb={path}", "-m", "192M", "-nographic"],
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    harness.load(path.read_bytes())
    assert harness.ask("info") == (
        f"mem 80000000 c000000 uart 10000000 timebase 989680 pages {pages(0x80000000, 192 << 20)}"
        " fdt 7"
    )


def header_with(blob: bytes, index: int, value: int) -> bytes:
    """blob with header word `index` (0 magic, 1 totalsize, 2 off_struct, ...) replaced."""
    return blob[: 4 * index] + struct.pack(">I", value) + blob[4 * index + 4 :]


def test_malformed_headers_fall_back_to_the_board(harness: Harness) -> None:
    good = dtb(VIRT_LIKE)
    size = len(good)
    bad = [
        b"",
        good[:39],
        header_with(good, 0, 0xD00DFEEE),  # magic
        header_with(good, 1, size + 1),  # claims more than there is
        header_with(good, 1, 8),
        header_with(good, 2, size),  # struct block outside
        header_with(good, 2, 0xFFFFFFFC),
        header_with(good, 2, 41),  # misaligned
        header_with(good, 3, 0xFFFFFFF0),  # strings outside
        header_with(good, 5, 16),  # version
        header_with(good, 8, 0xFFFFFFFF),  # strings size
        header_with(good, 9, 0xFFFFFFFF),  # struct size
        good[: size // 2],
    ]
    for blob in bad:
        harness.load(blob)
        assert harness.ask("init") == "bad", blob[:48].hex()
        assert harness.ask("info") == FALLBACK
        assert harness.walk() == []


def struct_block(blob: bytes) -> tuple[int, int]:
    off, size = struct.unpack(">I", blob[8:12])[0], struct.unpack(">I", blob[36:40])[0]
    return off, size


def test_malformed_structure_is_not_followed(harness: Harness) -> None:
    good = dtb(VIRT_LIKE)
    off, size = struct_block(good)
    words = [struct.unpack(">I", good[i : i + 4])[0] for i in range(off, off + size, 4)]
    # Bad token in the middle, a prop length past the block, a name offset past the strings.
    first_prop = off + 4 * next(i for i, w in enumerate(words) if w == 3)
    cases = [
        good[: off + 40] + struct.pack(">I", 7) + good[off + 44 :],
        good[: first_prop + 4] + struct.pack(">I", 0xFFFFFFF0) + good[first_prop + 8 :],
        good[: first_prop + 8] + struct.pack(">I", 0xFFFFFF00) + good[first_prop + 12 :],
        header_with(good, 9, 12),  # struct block ends inside the root's name/props
    ]
    for blob in cases:
        harness.load(blob)
        harness.walk()  # whatever it finds, it must stop cleanly
        info = harness.ask("info")
        assert info.startswith("mem ")


def prop_offsets(blob: bytes) -> list[int]:
    """Offsets of every FDT_PROP token, found by walking the structure block of a good tree."""
    off, size = struct_block(blob)
    found, pos = [], off
    while pos < off + size:
        token = struct.unpack(">I", blob[pos : pos + 4])[0]
        pos += 4
        if token == 1:  # BEGIN_NODE: a NUL-terminated name, padded to 4
            pos = (blob.index(b"\x00", pos) + 4) & ~3
        elif token == 3:  # PROP: len, nameoff, value padded to 4
            found.append(pos - 4)
            pos += 8 + ((struct.unpack(">I", blob[pos : pos + 4])[0] + 3) & ~3)
    return found


@pytest.mark.parametrize("length", [0xFFFFFFF0, 0x7FFFFFFF, 0x10000, 0x1F1])
def test_every_property_length_past_the_block_is_refused(harness: Harness, length: int) -> None:
    good = dtb(VIRT_LIKE)
    offsets = prop_offsets(good)
    assert len(offsets) > 15
    for at in offsets:
        harness.load(good[: at + 4] + struct.pack(">I", length) + good[at + 8 :])
        harness.walk()
        for query in ("info", "compat ns16550a", "reg /soc/serial 0", "path /chosen"):
            assert harness.ask(query) != ""


def test_a_value_cut_by_the_end_of_the_structure_block_is_refused(harness: Harness) -> None:
    good = dtb(VIRT_LIKE)
    off, _ = struct_block(good)
    value = good.index(struct.pack(">IIII", 0, 0x10000000, 0, 0x100))
    harness.load(good)
    assert harness.ask("reg /soc/serial 0") == "ok 10000000 100"
    harness.load(header_with(good, 9, value + 8 - off))  # the block ends inside that reg value
    assert harness.ask("init") == "ok"
    assert harness.ask("path /soc/serial") == "ok serial@10000000"
    assert harness.ask("reg /soc/serial 0") == "none"


def test_nesting_deeper_than_the_limit_stops(harness: Harness) -> None:
    deep = "/ { " + "n { " * 40 + "};" * 40 + ' serial@1 { compatible = "ns16550a"; }; };'
    harness.load(dtb(deep))
    walk = harness.walk()
    assert len(walk) == 16  # the root and 15 levels, then the walk ends
    assert harness.ask("compat ns16550a") == "none"
    assert harness.ask("info") == FALLBACK


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_random_corruption_never_crashes(harness: Harness, data: st.DataObject) -> None:
    blob = bytearray(dtb(VIRT_LIKE))
    rng = random.Random(data.draw(st.integers(0, 2**32)))
    for _ in range(data.draw(st.integers(1, 12))):
        i = rng.randrange(len(blob))
        if rng.random() < 0.7:
            blob[i] ^= 1 << rng.randrange(8)
        else:
            blob[i] = rng.choice([0, 1, 2, 3, 4, 9, 0xFF])
    if data.draw(st.booleans()):
        del blob[data.draw(st.integers(0, len(blob))) :]
    harness.load(bytes(blob))
    harness.walk()
    for query in ("info", "path /soc/serial@10000000", "compat ns16550a", "reg /soc/serial 0"):
        assert harness.ask(query) != ""


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=40, max_size=400))
def test_random_blobs_with_a_valid_magic(harness: Harness, tail: bytes) -> None:
    blob = struct.pack(">I", 0xD00DFEED) + tail
    harness.load(blob)
    harness.walk()
    assert harness.ask("info").startswith("mem ")
