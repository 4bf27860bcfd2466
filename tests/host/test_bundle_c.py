"""The kernel's side of boot bundles (firmware/kernel/bundle.c) on the host, under ASan/UBSan,
through bundle_harness.c: a good blob from exo.bundle starts every env at its entry with its
bytes, zeroed rest, rights, arguments and slots; every refusal starts nothing and binds no page;
and hypothesis-mutated blobs never crash it and are accepted exactly when exo.bundle's own
decoder accepts them."""

from __future__ import annotations

import dataclasses
import importlib.util
import struct
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exo.abi import PAGE_SHIFT, PAGE_SIZE
from exo.boards import load_board
from exo.bundle import HEADER_SIZE, BundleSpec, decode_bundle, encode_bundle, plan_bundle
from exo.errors import BundleError
from exo.link.schema import NO_ARGS

from .elfgen import minimal, r_info

ROOT = Path(__file__).resolve().parents[2]
PAGES = 64  # managed pages in the harness; the bundle region is the top 24


def hostbuild():
    """tests/firmware/hostbuild.py (the sanitizer build of firmware code), loaded by path."""
    if "hostbuild" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "hostbuild", ROOT / "tests" / "firmware" / "hostbuild.py"
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["hostbuild"] = module
        spec.loader.exec_module(module)
    return sys.modules["hostbuild"]


class Harness:
    def __init__(self) -> None:
        hb = hostbuild()
        sources = [
            "tests/host/bundle_harness.c",
            "firmware/kernel/bundle.c",
            "firmware/kernel/pages.c",
            "firmware/link/crc32.c",
        ]
        self.line = hb.LineHarness(hb.build("bundle_harness", sources))

    def ask(self, line: str) -> str:
        return self.line.ask(line)

    def init(self) -> int:
        answer = self.ask(f"init {PAGES}")
        assert answer.startswith("ok "), answer
        self.first = int(answer.split()[1])
        return self.first

    def load(self, blob: bytes) -> str:
        return self.ask(f"load {blob.hex() or '-'}")

    def envs(self) -> list[tuple[str, int, int, int, int, int]]:
        answer = self.ask("envs").split()
        assert answer[0] == "ok"
        out = []
        for item in answer[1:]:
            name, *nums = item.split(",")
            out.append((name, *map(int, nums)))
        return out

    def peek(self, ppn: int, n: int) -> bytes:
        answer = self.ask(f"peek {ppn} {n}").split()
        assert answer[0] == "ok", answer
        return b"" if answer[1] == "-" else bytes.fromhex(answer[1])

    def check(self) -> tuple[int, int]:
        ok, broken, free = self.ask("check").split()
        assert ok == "ok"
        return int(broken), int(free)


@pytest.fixture(scope="module")
def harness():
    h = Harness()
    yield h
    h.line.proc.stdin.close()
    h.line.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def elf(tmp_path_factory):
    path = tmp_path_factory.mktemp("bundle-c") / "app.elf"
    path.write_bytes(minimal(relocs=[(0x2000, r_info(64, 0, 3), 0x1000)]).build())
    return str(path)


def board_for(first: int):
    """The default board with its RAM and bundle region moved onto the harness's pages."""
    b = load_board()
    return dataclasses.replace(
        b, ram_base=first << PAGE_SHIFT, ram_size=PAGES * PAGE_SIZE, bundle_pages=24
    )


def good_blob(harness, elf) -> tuple[bytes, list]:
    board = board_for(harness.init())
    specs = [BundleSpec(elf, "one", slots=2), BundleSpec(elf, "two", slots=0, args=("hi",))]
    images = plan_bundle(board, specs)
    return encode_bundle(images), images


def test_a_good_bundle_starts_every_env(harness, elf):
    blob, images = good_blob(harness, elf)
    assert harness.load(blob) == "ok 2"
    envs = harness.envs()
    for img, (name, _env_id, pc, args, slots, pages) in zip(images, envs, strict=True):
        base = img.base_ppn << PAGE_SHIFT
        assert (name, pc, slots, pages) == (img.name, base + img.entry, img.slots, img.pages)
        assert args == (0 if img.args == NO_ARGS else base + img.args)
        for p in range(img.pages):  # its bytes, then zeros where the RAM held 0x5a
            want = img.data[p * PAGE_SIZE : (p + 1) * PAGE_SIZE].ljust(PAGE_SIZE, b"\0")
            assert harness.peek(img.base_ppn + p, PAGE_SIZE) == want
    assert harness.peek(images[1].base_ppn + images[1].pages - 1, 3) == b"hi\0"
    broken, free = harness.check()
    assert broken == 0 and free == PAGES - sum(i.pages for i in images)


def test_fewer_free_slots_than_asked_still_starts(harness, elf):
    blob, _ = good_blob(harness, elf)
    harness.ask("slots 1")
    assert harness.load(blob) == "ok 2"
    assert [e[4] for e in harness.envs()] == [1, 0]


def refused_cleanly(harness) -> None:
    assert harness.envs() == []
    assert harness.check() == (0, PAGES - len(harness.owned))


def fix_crc(blob: bytes) -> bytes:
    return blob[:12] + struct.pack("<I", zlib.crc32(blob[HEADER_SIZE:])) + blob[HEADER_SIZE:]


def set_u32(blob: bytes, at: int, value: int) -> bytes:
    return fix_crc(blob[:at] + struct.pack("<I", value) + blob[at + 4 :])


ENTRY1 = HEADER_SIZE + 48  # the second entry


@pytest.mark.parametrize(
    ("edit", "why"),
    [
        (lambda b, f: b[:15], "shorter than its header"),
        (lambda b, f: b"EXOX" + b[4:], "bad magic"),
        (lambda b, f: fix_crc(b[:4] + b"\x02\x00" + b[6:]), "unknown version"),
        (lambda b, f: b[:8] + struct.pack("<I", len(b) + 1) + b[12:], "size outside"),
        (lambda b, f: b[:-1] + bytes([b[-1] ^ 0x80]), "CRC mismatch"),
        (lambda b, f: fix_crc(b[:6] + b"\x40\x00" + b[8:]), "bad image count"),
        (lambda b, f: fix_crc(b[:ENTRY1] + b"\0" * 16 + b[ENTRY1 + 16 :]), "name is empty"),
        (lambda b, f: fix_crc(b[:ENTRY1] + b"t\x01o" + b[ENTRY1 + 3 :]), "not printable"),
        (lambda b, f: set_u32(b, ENTRY1 + 16, f - 1), "outside the managed range"),
        (lambda b, f: set_u32(b, ENTRY1 + 16, f + PAGES - 1), "outside the managed range"),
        (lambda b, f: set_u32(b, ENTRY1 + 20, 0), "outside the managed range"),
        (lambda b, f: set_u32(b, ENTRY1 + 24, 1 << 31), "outside the bundle"),
        (lambda b, f: set_u32(b, ENTRY1 + 28, 0xFFFFFFF0), "outside the bundle"),
        (lambda b, f: set_u32(b, ENTRY1 + 32, 0xFFFFFFFF), "outside the bundle"),
        (lambda b, f: set_u32(b, ENTRY1 + 36, 0x1000), "executable pages"),
        (lambda b, f: set_u32(b, ENTRY1 + 40, 5 * PAGE_SIZE), "argument block"),
        (lambda b, f: set_u32(b, ENTRY1 + 16, f + 40 + 1), "two images overlap"),
    ],
)
def test_every_refusal_starts_nothing(harness, elf, edit, why):
    blob, _ = good_blob(harness, elf)
    harness.owned = []
    answer = harness.load(edit(blob, harness.first))
    assert answer.startswith("err ") and why in answer, answer
    refused_cleanly(harness)


def test_a_page_already_bound_refuses_the_bundle(harness, elf):
    blob, images = good_blob(harness, elf)
    harness.owned = [images[1].base_ppn + 1]
    assert harness.ask(f"own {harness.owned[0]}") == "ok"
    assert harness.load(blob) == "err an image's pages are not free"
    refused_cleanly(harness)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_blobs_never_crash_and_agree_with_the_decoder(harness, elf, data):
    blob, _ = good_blob(harness, elf)
    mutated = bytearray(blob)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, min(len(blob), 200) - 1))  # header, entries, rights
        mutated[at] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        mutated = bytearray(fix_crc(bytes(mutated)))
    if data.draw(st.booleans()):
        mutated = mutated[: data.draw(st.integers(0, len(mutated)))]
    try:
        images = decode_bundle(bytes(mutated))
        managed = all(
            harness.first <= i.base_ppn and i.base_ppn + i.pages <= harness.first + PAGES
            for i in images
        )
    except BundleError:
        images, managed = None, False
    answer = harness.load(bytes(mutated))
    broken, free = harness.check()
    assert broken == 0
    if images is not None and managed:
        assert answer == f"ok {len(images)}"
        assert free == PAGES - sum(i.pages for i in images)
    else:
        assert answer.startswith("err "), answer
        assert harness.envs() == [] and free == PAGES
