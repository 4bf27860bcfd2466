"""Boot bundles: libOS images relocated ahead of time to fixed pages at the top of RAM, in one
blob the firmware build links into the kernel image, so the kernel starts them at reset with no
host attached (docs/images.md, "Boot bundles", is the format; firmware/kernel/bundle.c reads it).

    python -m exo.bundle [--board BOARD] -o OUT.bin SPEC...     (or `exo bundle`)
    python -m exo.bundle show BLOB

A SPEC is `PATH[,name=NAME][,slots=N][,arg=TEXT]...`: the image, its env name (default: the
file's stem), the slots of the time-slice vector it gets (default 1) and its arguments.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from construct import Bytes, ConstructError, Int16ul, Int32ul, Struct

from .abi import PAGE_SHIFT, PAGE_SIZE, Perm
from .boards import DEFAULT_BOARD, Board, load_board
from .errors import BoardError, BundleError, ExoError, ImageError
from .image import load_image
from .link.schema import NO_ARGS
from .loader import NAME_MAX, args_block, check_name, check_slots, default_name

MAGIC = b"EXOB"
VERSION = 1
MAX_IMAGES = 63  # the env table's usable entries (CONFIG_MAX_ENVS - 1)
ALIGN = 8  # rights tables and image bytes start on this boundary in the blob

HEADER = Struct(
    "magic" / Bytes(4),
    "version" / Int16ul,
    "count" / Int16ul,
    "size" / Int32ul,  # bytes of the blob, header included
    "crc" / Int32ul,  # CRC-32 of bytes [HEADER.sizeof(), size)
)
ENTRY = Struct(
    "name" / Bytes(NAME_MAX + 1),  # NUL-padded, at least one NUL
    "base_ppn" / Int32ul,
    "pages" / Int32ul,
    "image_size" / Int32ul,  # bytes stored; the rest of the pages is zero
    "data" / Int32ul,  # offset of those bytes in the blob
    "rights" / Int32ul,  # offset of `pages` rights bytes in the blob
    "entry" / Int32ul,  # offset from the run's base; in an executable page
    "args" / Int32ul,  # offset of the argument block, or NO_ARGS
    "slots" / Int32ul,  # free slots given at start (0: runs only when donated to)
)
HEADER_SIZE = HEADER.sizeof()
ENTRY_SIZE = ENTRY.sizeof()


@dataclass(frozen=True)
class BundleSpec:
    """One image to bundle, as the command line names it."""

    path: str
    name: str
    slots: int = 1
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class BundleImage:
    """One env of a bundle: where it lives and what the kernel copies there."""

    name: str
    base_ppn: int
    rights: bytes  # one EXO_PERM_* set per page, none zero
    data: bytes  # the relocated image and argument block, trailing zeros dropped
    entry: int
    args: int
    slots: int = 1
    source: str = field(default="", compare=False)

    @property
    def pages(self) -> int:
        return len(self.rights)

    def as_dict(self) -> dict:
        fields = dict(name=self.name, base_ppn=self.base_ppn, pages=self.pages)
        fields |= dict(image_size=len(self.data), entry=self.entry, slots=self.slots)
        return fields | dict(args=None if self.args == NO_ARGS else self.args, source=self.source)


def parse_spec(text: str) -> BundleSpec:
    """`PATH[,name=NAME][,slots=N][,arg=TEXT]...` as a BundleSpec."""
    path, *options = text.split(",")
    if not path:
        raise BundleError(f"bundle spec {text!r}: no image path")
    name, slots, args = default_name(path), 1, []
    for opt in options:
        key, eq, value = opt.partition("=")
        if not eq or key not in ("name", "slots", "arg"):
            raise BundleError(f"bundle spec {text!r}: {opt!r} is not name=, slots= or arg=")
        if key == "name":
            name = value
        elif key == "slots":
            try:
                slots = int(value)
            except ValueError:
                raise BundleError(f"bundle spec {text!r}: slots must be a number") from None
        else:
            args.append(value)
    return BundleSpec(path, name, slots, tuple(args))


def plan_bundle(board: Board, specs: Sequence[BundleSpec]) -> list[BundleImage]:
    """Relocate each image to the next pages of the board's bundle region, in order."""
    if not specs:
        raise BundleError("a bundle needs at least one image")
    if len(specs) > MAX_IMAGES:
        raise BundleError(f"{len(specs)} images; a bundle holds at most {MAX_IMAGES}")
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise BundleError(f"env names in a bundle must differ: {', '.join(names)}")
    slots = sum(s.slots for s in specs)
    if slots > board.slot_count:
        raise BundleError(f"the images ask for {slots} slots; {board.name} has {board.slot_count}")
    first, end = board.bundle_first_ppn, board.bundle_first_ppn + board.bundle_pages
    at, out = first, []
    for spec in specs:
        check_name(spec.name)
        check_slots(spec.slots)
        img = load_image(spec.path, xlen=board.xlen)
        block = args_block(spec.args) if spec.args else b""
        if len(block) > PAGE_SIZE:
            raise BundleError(f"{spec.path}: the arguments take {len(block)} bytes; 4096 fit")
        rights = bytes(int(r) or Perm.R for r in img.page_rights) + (
            bytes([Perm.R]) if block else b""
        )
        if at + len(rights) > end:
            raise BundleError(
                f"{spec.path}: needs {len(rights)} pages but only {end - at} of the board's "
                f"{board.bundle_pages} bundle pages are left (boards/{board.name}.toml [bundle])"
            )
        data = img.relocate(at << PAGE_SHIFT) + block
        args = img.span if block else NO_ARGS
        image = BundleImage(
            spec.name, at, rights, data.rstrip(b"\0"), img.entry, args, spec.slots, spec.path
        )
        out.append(image)
        at += len(rights)
    return out


def _pad(n: int) -> int:
    return -n % ALIGN


def encode_bundle(images: Sequence[BundleImage]) -> bytes:
    """The blob: header, entries, then each image's rights and bytes (8-aligned)."""
    tail = bytearray()
    entries = bytearray()
    at = HEADER_SIZE + ENTRY_SIZE * len(images)
    at += _pad(at)
    for img in images:
        rights_at = at + len(tail)
        tail += img.rights + bytes(_pad(len(img.rights)))
        data_at = at + len(tail)
        tail += img.data + bytes(_pad(len(img.data)))
        name = img.name.encode().ljust(NAME_MAX + 1, b"\0")[: NAME_MAX + 1]
        fields = dict(name=name, base_ppn=img.base_ppn, pages=img.pages)
        fields |= dict(image_size=len(img.data), data=data_at, rights=rights_at)
        fields |= dict(entry=img.entry, args=img.args, slots=img.slots)
        entries += ENTRY.build(fields)
    body = bytes(entries) + bytes(_pad(HEADER_SIZE + len(entries))) + bytes(tail)
    size = HEADER_SIZE + len(body)
    header = dict(magic=MAGIC, version=VERSION, count=len(images), size=size)
    return HEADER.build(header | dict(crc=zlib.crc32(body))) + body


def decode_bundle(blob: bytes) -> list[BundleImage]:
    """The images of a blob, checked as the kernel checks them (bundle.c) except for which
    pages the target manages; BundleError names the first thing wrong."""
    try:
        h = HEADER.parse(blob)
    except ConstructError:
        raise BundleError(f"bundle of {len(blob)} bytes is shorter than its header") from None
    if h.magic != MAGIC:
        raise BundleError(f"bad magic {bytes(h.magic)!r}, expected {MAGIC!r}")
    if h.version != VERSION:
        raise BundleError(f"bundle version {h.version}, expected {VERSION}")
    if not HEADER_SIZE <= h.size <= len(blob):
        raise BundleError(f"size {h.size} outside the {len(blob)} bytes given")
    if zlib.crc32(blob[HEADER_SIZE : h.size]) != h.crc:
        raise BundleError("CRC mismatch")
    if not 1 <= h.count <= MAX_IMAGES or HEADER_SIZE + h.count * ENTRY_SIZE > h.size:
        raise BundleError(f"count {h.count} does not fit")
    out: list[BundleImage] = []
    for i in range(h.count):
        e = ENTRY.parse(blob[HEADER_SIZE + i * ENTRY_SIZE :])
        span = e.pages << PAGE_SHIFT
        where = f"image {i}"
        name = bytes(e.name).split(b"\0")[0]
        if not 0 < len(name) <= NAME_MAX or not all(0x20 < c <= 0x7E for c in name):
            raise BundleError(f"{where}: the env name is not 1 to {NAME_MAX} printable characters")
        if e.rights + e.pages > h.size or e.data + e.image_size > h.size:
            raise BundleError(f"{where}: rights or bytes outside the bundle")
        rights = blob[e.rights : e.rights + e.pages]
        if not e.pages or e.image_size > span or any(not 0 < r <= 7 for r in rights):
            raise BundleError(f"{where}: bad pages, size or rights")
        if e.entry >= span or not rights[e.entry >> PAGE_SHIFT] & Perm.X:
            raise BundleError(f"{where}: entry outside an executable page")
        if e.args != NO_ARGS and e.args >= span:
            raise BundleError(f"{where}: arguments outside its pages")
        for prev in out:
            if e.base_ppn < prev.base_ppn + prev.pages and prev.base_ppn < e.base_ppn + e.pages:
                raise BundleError(f"{where}: pages overlap {prev.name}'s")
        data = blob[e.data : e.data + e.image_size]
        img = BundleImage(name.decode(), e.base_ppn, rights, data, e.entry, e.args, e.slots)
        out.append(img)
    return out


def build(board_name: str, specs: Sequence[str], out: Path) -> list[BundleImage]:
    """Parse the specs, plan and write the blob to `out`; the images it holds."""
    images = plan_bundle(load_board(board_name), [parse_spec(s) for s in specs])
    out.write_bytes(encode_bundle(images))
    return images


def describe(images: Sequence[BundleImage]) -> str:
    return "\n".join(
        f"{img.name}: pages 0x{img.base_ppn:x}..0x{img.base_ppn + img.pages - 1:x} "
        f"({img.pages}), {len(img.data)} bytes, entry 0x{img.entry:x}, {img.slots} slots"
        for img in images
    )


def main(argv: list[str]) -> int:
    usage = (
        "usage: python -m exo.bundle [--board BOARD] -o OUT SPEC...\n"
        "       python -m exo.bundle show BLOB"
    )
    try:
        if argv[:1] == ["show"] and len(argv) == 2:
            print(describe(decode_bundle(Path(argv[1]).read_bytes())))
            return 0
        board, out, specs = DEFAULT_BOARD, None, []
        it = iter(argv)
        for a in it:
            if a in ("--board", "-o"):
                value = next(it, None)
                if value is None:
                    break
                board, out = (value, out) if a == "--board" else (board, Path(value))
            else:
                specs.append(a)
        if out is None or not specs:
            print(usage, file=sys.stderr)
            return 2
        print(describe(build(board, specs, out)))
        return 0
    except (BundleError, BoardError, ImageError, ExoError, OSError) as e:
        print(f"exo.bundle: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
