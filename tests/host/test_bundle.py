"""Boot bundles on the host: images relocated to consecutive runs of the board's bundle pages,
the blob's layout, every check of decode_bundle (the kernel's checks, bundle.c), the SPEC
syntax, and `python -m exo.bundle` / `exo bundle`."""

from __future__ import annotations

import json
import struct
import zlib

import pytest
from click.testing import CliRunner

from exo import bundle
from exo.abi import PAGE_SHIFT, Perm
from exo.boards import load_board
from exo.bundle import (
    ENTRY_SIZE,
    HEADER_SIZE,
    BundleImage,
    BundleSpec,
    decode_bundle,
    encode_bundle,
    parse_spec,
    plan_bundle,
)
from exo.cli import main as cli_main
from exo.errors import BundleError, ExoError
from exo.image import load_image
from exo.link.schema import NO_ARGS

from .elfgen import minimal, r_info

BOARD = load_board()


@pytest.fixture
def elf(tmp_path):
    path = tmp_path / "app.elf"
    path.write_bytes(minimal(relocs=[(0x2000, r_info(64, 0, 3), 0x1000)]).build())
    return str(path)


def fix_crc(blob: bytes) -> bytes:
    """The blob with its header CRC made right again after an edit."""
    return blob[:12] + struct.pack("<I", zlib.crc32(blob[HEADER_SIZE:])) + blob[HEADER_SIZE:]


def set_field(blob: bytes, index: int, field: str, value: int) -> bytes:
    names = ["base_ppn", "pages", "image_size", "data", "rights", "entry", "args", "slots"]
    at = HEADER_SIZE + index * ENTRY_SIZE + 16 + 4 * names.index(field)
    return fix_crc(blob[:at] + struct.pack("<I", value) + blob[at + 4 :])


def test_images_go_to_consecutive_runs_from_the_bundle_region(elf):
    specs = [BundleSpec(elf, "one"), BundleSpec(elf, "two", slots=3, args=("a", "b"))]
    one, two = plan_bundle(BOARD, specs)
    img = load_image(elf)
    assert one.base_ppn == BOARD.bundle_first_ppn
    assert two.base_ppn == one.base_ppn + img.span_pages
    assert one.rights == bytes(int(r) or Perm.R for r in img.page_rights)
    assert two.rights == one.rights + bytes([Perm.R])  # the argument page
    base = two.base_ppn << PAGE_SHIFT
    assert two.data == (img.relocate(base) + b"a\0b\0\0").rstrip(b"\0")
    assert int.from_bytes(two.data[0x2000:0x2008], "little") == base + 0x1000
    assert (one.args, two.args, two.slots, two.entry) == (NO_ARGS, img.span, 3, img.entry)


def test_blob_round_trip_and_layout(elf):
    images = plan_bundle(BOARD, [BundleSpec(elf, "one"), BundleSpec(elf, "two", slots=0)])
    blob = encode_bundle(images)
    assert blob[:4] == b"EXOB" and struct.unpack_from("<HHI", blob, 4) == (1, 2, len(blob))
    assert struct.unpack_from("<I", blob, 12)[0] == zlib.crc32(blob[HEADER_SIZE:])
    assert blob[HEADER_SIZE : HEADER_SIZE + 16] == b"one" + bytes(13)
    data_at = struct.unpack_from("<I", blob, HEADER_SIZE + 16 + 12)[0]
    assert data_at % 8 == 0 and blob[data_at : data_at + 16] == images[0].data[:16]
    assert decode_bundle(blob) == images
    assert decode_bundle(blob + bytes(100)) == images  # room after it in the kernel image


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda b: b[:10], "shorter than its header"),
        (lambda b: b"EXOX" + b[4:], "bad magic"),
        (lambda b: fix_crc(b[:4] + b"\x02\x00" + b[6:]), "version 2"),
        (lambda b: b[:8] + struct.pack("<I", len(b) + 1) + b[12:], "size"),
        (lambda b: b[:-1] + bytes([b[-1] ^ 1]), "CRC mismatch"),
        (lambda b: fix_crc(b[:6] + b"\x00\x00" + b[8:]), "count 0"),
        (lambda b: fix_crc(b[:6] + b"\x40\x00" + b[8:]), "count 64"),
        (lambda b: set_field(b, 0, "pages", 0), "bad pages"),
        (lambda b: set_field(b, 0, "image_size", 1 << 30), "outside the bundle"),
        (lambda b: set_field(b, 0, "data", 1 << 30), "outside the bundle"),
        (lambda b: set_field(b, 0, "rights", 1 << 30), "outside the bundle"),
        (lambda b: set_field(b, 0, "entry", 0x1000), "entry outside an executable page"),
        (lambda b: set_field(b, 0, "entry", 1 << 20), "entry outside an executable page"),
        (lambda b: set_field(b, 0, "args", 1 << 20), "arguments outside its pages"),
        (lambda b: set_field(b, 1, "base_ppn", BOARD.bundle_first_ppn + 1), "overlap one's"),
    ],
)
def test_every_check_of_a_blob(elf, edit, message):
    blob = encode_bundle(plan_bundle(BOARD, [BundleSpec(elf, "one"), BundleSpec(elf, "two")]))
    with pytest.raises(BundleError, match=message):
        decode_bundle(edit(blob))


def test_bad_rights_are_refused(elf):
    [img] = plan_bundle(BOARD, [BundleSpec(elf, "one")])
    bad = BundleImage(img.name, img.base_ppn, b"\x05\x08" + img.rights[2:], img.data, 0, NO_ARGS)
    with pytest.raises(BundleError, match="rights"):
        decode_bundle(encode_bundle([bad]))


def test_planning_refusals(elf, tmp_path):
    with pytest.raises(BundleError, match="at least one image"):
        plan_bundle(BOARD, [])
    with pytest.raises(BundleError, match="must differ"):
        plan_bundle(BOARD, [BundleSpec(elf, "a"), BundleSpec(elf, "a")])
    with pytest.raises(BundleError, match="33 slots; qemu-virt has 32"):
        plan_bundle(BOARD, [BundleSpec(elf, "a", slots=30), BundleSpec(elf, "b", slots=3)])
    with pytest.raises(ExoError, match="env name"):
        plan_bundle(BOARD, [BundleSpec(elf, "has space")])
    small = tmp_path / "qemu-virt.toml"
    small.write_text(BOARD.path.read_text().replace("pages = 512", "pages = 6"))
    two = [BundleSpec(elf, "a"), BundleSpec(elf, "b")]
    with pytest.raises(BundleError, match="needs 4 pages but only 2 of the board's 6 bundle"):
        plan_bundle(load_board(str(small)), two)
    with pytest.raises(ExoError, match="wrong class"):
        plan_bundle(load_board("qemu-virt-rv32"), [BundleSpec(elf, "a")])


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("x/hello.elf", BundleSpec("x/hello.elf", "hello")),
        ("a.elf,name=repl,slots=4", BundleSpec("a.elf", "repl", 4)),
        ("a.elf,arg=1,arg=two", BundleSpec("a.elf", "a", 1, ("1", "two"))),
    ],
)
def test_specs(text, spec):
    assert parse_spec(text) == spec


@pytest.mark.parametrize("text", [",name=a", "a.elf,size=3", "a.elf,slots=x", "a.elf,name"])
def test_bad_specs(text):
    with pytest.raises(BundleError, match="bundle spec"):
        parse_spec(text)


def test_module_writes_and_shows_a_blob(elf, tmp_path, capsys):
    out = tmp_path / "b.bin"
    assert bundle.main(["-o", str(out), f"{elf},name=one,slots=2", elf]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert (
        shown[0].startswith(f"one: pages 0x{BOARD.bundle_first_ppn:x}..") and "2 slots" in shown[0]
    )
    assert [i.name for i in decode_bundle(out.read_bytes())] == ["one", "app"]
    assert bundle.main(["show", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == shown
    assert bundle.main(["-o", str(out)]) == 2
    assert bundle.main(["-o", str(out), str(tmp_path / "none.elf")]) == 1
    assert "exo.bundle: " in capsys.readouterr().err


def test_exo_bundle_command(elf, tmp_path):
    out = tmp_path / "b.bin"
    run = CliRunner().invoke(cli_main, ["bundle", elf, "-o", str(out), "--json"])
    assert run.exit_code == 0, run.stderr
    [info] = json.loads(run.stdout)["images"]
    assert info["name"] == "app" and info["base_ppn"] == BOARD.bundle_first_ppn
    assert decode_bundle(out.read_bytes())[0].pages == info["pages"]
    bad = CliRunner().invoke(cli_main, ["bundle", f"{elf},slots=99", "-o", str(out)])
    assert bad.exit_code == 1 and bad.stderr.startswith("exo: error: ")
    assert len(bad.stderr.strip().splitlines()) == 1
