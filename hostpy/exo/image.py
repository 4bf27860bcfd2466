"""libOS images: checks a static-PIE RISC-V ELF and relocates it into a flat run of pages.

The kernel never parses ELF (docs/images.md). The host reads every header with pyelftools'
structures, bounding each offset and size by the file before it is parsed, and refuses
anything it does not fully understand with an ImageError naming the check and the file.
`load_image` returns an `Image`; `Image.relocate(base)` gives the flat page-aligned bytes the
kernel receives for a run of pages starting at physical address `base`.

    python -m exo.image check [--xlen 64] FILE...   # exit 1 with the message if one is refused
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from elftools.elf.structs import ELFStructs

from .abi import PAGE_SIZE, Perm
from .errors import ImageError

PERM_R, PERM_W, PERM_X = Perm.R, Perm.W, Perm.X
# ELF program-header flags (not the same bits as EXO_PERM).
PF_X, PF_W, PF_R = 0x1, 0x2, 0x4
R_RISCV_RELATIVE = 3
RELOC_NAMES = {0: "R_RISCV_NONE", 1: "R_RISCV_32", 2: "R_RISCV_64", 5: "R_RISCV_JUMP_SLOT"}
DEFAULT_MAX_SPAN = 32 << 20  # bytes; a libOS image larger than this is a mistake, not a load
MAX_PHNUM = 64
# Dynamic tags that need work from a loader we do not have, and the reason we refuse them.
REFUSED_TAGS = {
    "DT_NEEDED": "needs a shared library",
    "DT_TEXTREL": "has relocations in code",
    "DT_REL": "has REL relocations (only RELA is supported)",
    "DT_RELSZ": "has REL relocations (only RELA is supported)",
    "DT_JMPREL": "has PLT relocations",
    "DT_RELR": "has RELR relocations",
}
# Tags that describe symbols or flags and need nothing from the loader.
IGNORED_TAGS = frozenset(
    ["DT_FLAGS", "DT_FLAGS_1", "DT_DEBUG", "DT_SYMTAB", "DT_STRTAB", "DT_STRSZ", "DT_SYMENT"]
    + ["DT_HASH", "DT_GNU_HASH", "DT_RELACOUNT", "DT_PLTRELSZ", "DT_PLTREL", "DT_BIND_NOW"]
)


@dataclass(frozen=True)
class Segment:
    """One PT_LOAD: where it goes in the image, how much comes from the file, its rights."""

    vaddr: int
    memsz: int
    filesz: int
    offset: int
    rights: Perm

    @property
    def end(self) -> int:
        return self.vaddr + self.memsz


@dataclass(frozen=True)
class Relocation:
    """One R_RISCV_RELATIVE: at image offset `offset`, store base + `addend`."""

    offset: int
    addend: int


@dataclass(frozen=True)
class FlatImage:
    """What the kernel receives: bytes for consecutive pages from `base`, and their rights."""

    base: int
    data: bytes
    page_rights: tuple[Perm, ...]
    entry: int  # absolute address of _start
    crc32: int  # zlib.crc32 of data


@dataclass(frozen=True)
class Image:
    """A checked libOS image; nothing in it points outside the image."""

    name: str
    xlen: int
    segments: tuple[Segment, ...]
    span: int  # bytes, a multiple of PAGE_SIZE
    entry: int  # offset of the entry point from the image's first byte
    relocations: tuple[Relocation, ...]
    contents: bytes  # the file bytes of each segment, concatenated in segment order

    @property
    def span_pages(self) -> int:
        return self.span // PAGE_SIZE

    @property
    def page_rights(self) -> tuple[Perm, ...]:
        """EXO_PERM rights of each page of the image; none for a page no segment covers."""
        rights = [Perm(0)] * self.span_pages
        for s in self.segments:
            for page in range(s.vaddr // PAGE_SIZE, _page_up(s.end) // PAGE_SIZE):
                rights[page] = s.rights
        return tuple(rights)

    def relocate(self, base: int) -> bytes:
        """The flat image for physical address `base`: file bytes, zeroed bss, pointers fixed."""
        word = self.xlen // 8
        if base % PAGE_SIZE or base < 0 or base + self.span > 1 << self.xlen:
            raise ImageError(
                f"{self.name}: bad base: 0x{base:x} is not a page-aligned address with the "
                f"image's {self.span_pages} pages below 2**{self.xlen}"
            )
        flat = bytearray(self.span)
        at = 0
        for s in self.segments:
            flat[s.vaddr : s.vaddr + s.filesz] = self.contents[at : at + s.filesz]
            at += s.filesz
        mask = (1 << self.xlen) - 1
        for r in self.relocations:
            flat[r.offset : r.offset + word] = ((base + r.addend) & mask).to_bytes(word, "little")
        return bytes(flat)

    def flat(self, base: int) -> FlatImage:
        """`relocate` with everything the loader sends alongside the bytes."""
        data = self.relocate(base)
        return FlatImage(base, data, self.page_rights, base + self.entry, zlib.crc32(data))


def _page_up(n: int) -> int:
    return (n + PAGE_SIZE - 1) // PAGE_SIZE * PAGE_SIZE


def _rights(flags: int) -> Perm:
    return (
        (PERM_R if flags & PF_R else Perm(0))
        | (PERM_W if flags & PF_W else Perm(0))
        | (PERM_X if flags & PF_X else Perm(0))
    )


class _Reader:
    """Bounded access to the file: every read is checked against its length first."""

    def __init__(self, data: bytes, name: str):
        self.data = data
        self.name = name

    def fail(self, check: str, detail: str) -> ImageError:
        return ImageError(f"{self.name}: {check}: {detail}")

    def take(self, offset: int, size: int, check: str, what: str) -> bytes:
        if offset < 0 or size < 0 or offset + size > len(self.data):
            raise self.fail(
                check,
                f"{what} at 0x{offset:x}+0x{size:x} ends past the file's {len(self.data)} bytes",
            )
        return self.data[offset : offset + size]


def _header(rd: _Reader, xlen: int) -> tuple[ELFStructs, dict]:
    data = rd.data
    magic = b"\x7fELF"
    if data[:4] != magic[: len(data[:4])]:
        raise rd.fail("not ELF", f"starts with {data[:4]!r}, not {magic!r}")
    if len(data) < 16:
        raise rd.fail("truncated file", f"{len(data)} bytes, shorter than an ELF identification")
    cls = {1: 32, 2: 64}.get(data[4])
    if cls is None:
        raise rd.fail("wrong class", f"EI_CLASS is {data[4]}, neither ELF32 nor ELF64")
    if cls != xlen:
        raise rd.fail("wrong class", f"ELF{cls} image for an rv{xlen} board")
    if data[5] != 1:
        raise rd.fail("wrong endianness", f"EI_DATA is {data[5]}; RISC-V images are little-endian")
    if data[6] != 1:
        raise rd.fail("wrong ELF version", f"EI_VERSION is {data[6]}, not 1")
    if data[7] != 0:
        raise rd.fail("wrong OS ABI", f"EI_OSABI is {data[7]}, not 0 (System V)")
    structs = ELFStructs(little_endian=True, elfclass=xlen)
    structs.create_basic_structs()
    ehsize = structs.Elf_Ehdr.sizeof()
    hdr = structs.Elf_Ehdr.parse(rd.take(0, ehsize, "truncated file", "ELF header"))
    if hdr["e_machine"] != "EM_RISCV":
        raise rd.fail("wrong machine", f"e_machine is {hdr['e_machine']}, not EM_RISCV")
    if hdr["e_type"] != "ET_DYN":
        raise rd.fail(
            "not ET_DYN",
            f"e_type is {hdr['e_type']}; images are static PIEs (build them with libos/Makefile)",
        )
    if hdr["e_version"] != "EV_CURRENT":
        raise rd.fail("wrong ELF version", f"e_version is {hdr['e_version']}, not 1")
    structs.create_advanced_structs(hdr["e_type"], hdr["e_machine"], "ELFOSABI_SYSV")
    want = {
        "e_ehsize": ehsize,
        "e_phentsize": structs.Elf_Phdr.sizeof(),
        "e_shentsize": structs.Elf_Shdr.sizeof() if hdr["e_shnum"] else hdr["e_shentsize"],
    }
    for field, size in want.items():
        if hdr[field] != size:
            raise rd.fail("header sizes wrong", f"{field} is {hdr[field]}, not {size}")
    return structs, hdr


def _program_headers(rd: _Reader, structs: ELFStructs, hdr: dict) -> list[dict]:
    phnum, phoff, phentsize = hdr["e_phnum"], hdr["e_phoff"], hdr["e_phentsize"]
    if phnum == 0:
        raise rd.fail("no program headers", "e_phnum is 0")
    if phnum > MAX_PHNUM:
        raise rd.fail("too many program headers", f"e_phnum is {phnum}, at most {MAX_PHNUM}")
    table = rd.take(phoff, phnum * phentsize, "program header table outside the file", "table")
    return [structs.Elf_Phdr.parse(table[i * phentsize :]) for i in range(phnum)]


def _segments(rd: _Reader, phdrs: list[dict], max_span: int, xlen: int) -> list[Segment]:
    segs = []
    for i, ph in enumerate(phdrs):
        kind = ph["p_type"]
        if kind == "PT_INTERP":
            raise rd.fail("PT_INTERP present", "images run with no dynamic linker")
        if kind == "PT_SHLIB":
            raise rd.fail("PT_SHLIB present", "reserved segment type")
        if kind != "PT_LOAD":
            continue
        where = f"segment {i} at 0x{ph['p_vaddr']:x}"
        vaddr, memsz, filesz, offset = ph["p_vaddr"], ph["p_memsz"], ph["p_filesz"], ph["p_offset"]
        if offset + filesz > len(rd.data):
            raise rd.fail(
                "segment past the end of the file",
                f"{where}: offset 0x{offset:x} + filesz 0x{filesz:x} > {len(rd.data)} bytes",
            )
        if filesz > memsz:
            raise rd.fail("filesz > memsz", f"{where}: filesz 0x{filesz:x} > memsz 0x{memsz:x}")
        if vaddr % PAGE_SIZE:
            raise rd.fail("segment not page-aligned", f"{where}: vaddr is not a page multiple")
        if vaddr + memsz > 1 << xlen:
            raise rd.fail(
                "segment wraps the address space", f"{where}: memsz 0x{memsz:x} overflows"
            )
        if memsz > max_span:
            raise rd.fail("segment too large", f"{where}: memsz 0x{memsz:x} > limit 0x{max_span:x}")
        if vaddr + memsz > max_span:
            raise rd.fail(
                "segment too large",
                f"{where}: ends at 0x{vaddr + memsz:x}, past the limit 0x{max_span:x}",
            )
        if memsz == 0:
            raise rd.fail("empty segment", f"{where}: memsz is 0")
        flags = ph["p_flags"]
        if flags & PF_W and flags & PF_X:
            raise rd.fail("writable and executable segment (W^X)", where)
        if not flags & (PF_R | PF_W | PF_X):
            raise rd.fail("segment with no rights", where)
        segs.append(Segment(vaddr, memsz, filesz, offset, _rights(flags)))
    if not segs:
        raise rd.fail("no PT_LOAD", "the image has no loadable segment")
    segs.sort(key=lambda s: s.vaddr)
    if segs[0].vaddr != 0:
        raise rd.fail("first segment not at 0", f"lowest vaddr is 0x{segs[0].vaddr:x}")
    for prev, s in zip(segs, segs[1:], strict=False):
        # Rights are per page, so two segments may not share even a page.
        if s.vaddr < _page_up(prev.end):
            raise rd.fail(
                "overlapping segments",
                f"0x{prev.vaddr:x}..0x{prev.end:x} and 0x{s.vaddr:x}..0x{s.end:x} share a page",
            )
    return segs


def _mapper(rd: _Reader, segs: list[Segment]) -> Callable[[int, int, str, str], bytes]:
    """Reads `size` bytes at image address `vaddr`, only from a segment's file-backed part."""

    def read(vaddr: int, size: int, check: str, what: str) -> bytes:
        for s in segs:
            if s.vaddr <= vaddr and vaddr + size <= s.vaddr + s.filesz:
                return rd.data[s.offset + vaddr - s.vaddr :][:size]
        raise rd.fail(check, f"{what} at 0x{vaddr:x}+0x{size:x} is not in a segment's file bytes")

    return read


def _dynamic(rd: _Reader, structs: ELFStructs, phdrs: list[dict], segs: list[Segment]) -> dict:
    dyns = [ph for ph in phdrs if ph["p_type"] == "PT_DYNAMIC"]
    if not dyns:
        return {}
    if len(dyns) > 1:
        raise rd.fail("dynamic section malformed", "more than one PT_DYNAMIC")
    ph = dyns[0]
    entsize = structs.Elf_Dyn.sizeof()
    if ph["p_filesz"] % entsize or ph["p_filesz"] == 0:
        raise rd.fail(
            "dynamic section malformed", f"size 0x{ph['p_filesz']:x} is not whole entries"
        )
    raw = _mapper(rd, segs)(ph["p_vaddr"], ph["p_filesz"], "dynamic section malformed", "table")
    tags: dict = {}
    for i in range(0, len(raw), entsize):
        d = structs.Elf_Dyn.parse(raw[i:])
        tag = d["d_tag"]
        if tag == "DT_NULL":
            return tags
        if tag in REFUSED_TAGS:
            raise rd.fail("unsupported dynamic tag", f"{tag}: the image {REFUSED_TAGS[tag]}")
        if tag in IGNORED_TAGS:
            continue
        if tag not in ("DT_RELA", "DT_RELASZ", "DT_RELAENT"):
            shown = tag if isinstance(tag, str) else f"0x{tag:x}"
            raise rd.fail("unsupported dynamic tag", f"{shown}")
        if tag in tags:
            raise rd.fail("dynamic section malformed", f"{tag} appears twice")
        tags[tag] = d["d_val"]
    raise rd.fail("dynamic section malformed", "no DT_NULL ends the table")


def _relocations(
    rd: _Reader, structs: ELFStructs, tags: dict, segs: list[Segment], span: int, xlen: int
) -> list[Relocation]:
    if not tags:
        return []
    if "DT_RELA" not in tags or "DT_RELASZ" not in tags:
        raise rd.fail("dynamic section malformed", "DT_RELA and DT_RELASZ must come together")
    entsize = structs.Elf_Rela.sizeof()
    if tags.get("DT_RELAENT", entsize) != entsize:
        raise rd.fail(
            "relocation entry size wrong", f"DT_RELAENT is {tags['DT_RELAENT']}, not {entsize}"
        )
    size = tags["DT_RELASZ"]
    if size % entsize:
        raise rd.fail("relocation entry size wrong", f"DT_RELASZ 0x{size:x} is not whole entries")
    table = _mapper(rd, segs)(tags["DT_RELA"], size, "relocation table outside the file", "table")
    word = xlen // 8
    relocs = []
    targets: set[int] = set()
    for i in range(0, size, entsize):
        r = structs.Elf_Rela.parse(table[i:])
        off, kind, addend = r["r_offset"], r["r_info_type"], r["r_addend"]
        where = f"relocation {i // entsize} at 0x{off:x}"
        if kind != R_RISCV_RELATIVE:
            name = RELOC_NAMES.get(kind, f"type {kind}")
            raise rd.fail("unsupported relocation type", f"{where}: {name}, not R_RISCV_RELATIVE")
        if r["r_info_sym"]:
            raise rd.fail("relocation with a symbol", f"{where}: R_RISCV_RELATIVE names a symbol")
        # Aligned and distinct targets cannot overlap, so each stored pointer is exactly the
        # base + addend checked below, never a mix of two.
        if off % word:
            raise rd.fail("relocation target misaligned", f"{where}: not a multiple of {word}")
        if off in targets:
            raise rd.fail("relocations overlap", f"{where}: another relocation has this target")
        targets.add(off)
        seg = next((s for s in segs if s.vaddr <= off < s.end), None)
        if seg is None:
            raise rd.fail("relocation target outside the image", where)
        if off + word > seg.end:
            raise rd.fail("relocation target straddles the end of its segment", where)
        if seg.rights & PERM_X:
            raise rd.fail("relocation target in an executable segment", where)
        if off + word > seg.vaddr + seg.filesz:
            raise rd.fail("relocation target in bss", f"{where}: crt0 clears bss after loading")
        # One past the end is a valid C pointer (the end of the last object).
        if not 0 <= addend <= span:
            raise rd.fail(
                "relocation addend outside the image",
                f"{where}: addend {addend:#x}, span {span:#x}",
            )
        relocs.append(Relocation(off, addend))
    return relocs


def load_image(
    source: str | Path | bytes,
    xlen: int = 64,
    max_span: int = DEFAULT_MAX_SPAN,
    name: str | None = None,
) -> Image:
    """Check a libOS image (a path or its bytes) for an rv`xlen` board; ImageError if refused."""
    if isinstance(source, bytes | bytearray | memoryview):
        data, label = bytes(source), name or "<image>"
    else:
        label = name or str(source)
        try:
            data = Path(source).read_bytes()
        except OSError as e:
            raise ImageError(f"{label}: cannot read: {e.strerror or e}") from e
    if xlen not in (32, 64):
        raise ImageError(f"{label}: xlen must be 32 or 64, not {xlen}")
    rd = _Reader(data, label)
    structs, hdr = _header(rd, xlen)
    phdrs = _program_headers(rd, structs, hdr)
    segs = _segments(rd, phdrs, max_span, xlen)
    span = _page_up(segs[-1].end)
    entry = hdr["e_entry"]
    if not any(s.rights & PERM_X and s.vaddr <= entry < s.end for s in segs):
        raise rd.fail("entry outside any executable segment", f"e_entry is 0x{entry:x}")
    relocs = _relocations(rd, structs, _dynamic(rd, structs, phdrs, segs), segs, span, xlen)
    contents = b"".join(data[s.offset : s.offset + s.filesz] for s in segs)
    return Image(label, xlen, tuple(segs), span, entry, tuple(relocs), contents)


def main(argv: list[str]) -> int:
    usage = "usage: python -m exo.image check [--xlen 32|64] FILE..."
    if not argv or argv[0] != "check":
        print(usage, file=sys.stderr)
        return 2
    args, xlen = argv[1:], 64
    if args[:1] == ["--xlen"] and len(args) > 1 and args[1] in ("32", "64"):
        xlen, args = int(args[1]), args[2:]
    if not args:
        print(usage, file=sys.stderr)
        return 2
    for path in args:
        try:
            img = load_image(path, xlen=xlen)
        except ImageError as e:
            print(f"exo.image: {e}", file=sys.stderr)
            return 1
        print(
            f"{path}: {len(img.segments)} segments, {img.span_pages} pages, "
            f"entry 0x{img.entry:x}, {len(img.relocations)} relocations"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
