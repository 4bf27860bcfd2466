"""ELF helpers for image tests: find built images, edit their headers, craft images from scratch.

Written with `struct` straight from the ELF specification, independent of hostpy/exo/image.py, so
the tests do not share the code they check.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = 4096

PT_LOAD, PT_DYNAMIC, PT_INTERP, PT_NOTE, PT_SHLIB, PT_TLS = 1, 2, 3, 4, 5, 7
PF_X, PF_W, PF_R = 1, 2, 4
DT_NULL, DT_NEEDED, DT_RELA, DT_RELASZ, DT_RELAENT, DT_TEXTREL = 0, 1, 7, 8, 9, 22
DT_FLAGS_1 = 0x6FFFFFFB
R_RISCV_64, R_RISCV_RELATIVE, R_RISCV_JUMP_SLOT = 2, 3, 5

# Field layouts (name, format) in file order, for ELF64 and ELF32 (little-endian).
EHDR = {
    64: [("e_type", "H"), ("e_machine", "H"), ("e_version", "I"), ("e_entry", "Q"),
         ("e_phoff", "Q"), ("e_shoff", "Q"), ("e_flags", "I"), ("e_ehsize", "H"),
         ("e_phentsize", "H"), ("e_phnum", "H"), ("e_shentsize", "H"), ("e_shnum", "H"),
         ("e_shstrndx", "H")],
    32: [("e_type", "H"), ("e_machine", "H"), ("e_version", "I"), ("e_entry", "I"),
         ("e_phoff", "I"), ("e_shoff", "I"), ("e_flags", "I"), ("e_ehsize", "H"),
         ("e_phentsize", "H"), ("e_phnum", "H"), ("e_shentsize", "H"), ("e_shnum", "H"),
         ("e_shstrndx", "H")],
}  # fmt: skip
PHDR = {
    64: [("p_type", "I"), ("p_flags", "I"), ("p_offset", "Q"), ("p_vaddr", "Q"),
         ("p_paddr", "Q"), ("p_filesz", "Q"), ("p_memsz", "Q"), ("p_align", "Q")],
    32: [("p_type", "I"), ("p_offset", "I"), ("p_vaddr", "I"), ("p_paddr", "I"),
         ("p_filesz", "I"), ("p_memsz", "I"), ("p_flags", "I"), ("p_align", "I")],
}  # fmt: skip


def _layout(fields: list[tuple[str, str]]) -> dict[str, tuple[int, str]]:
    out, at = {}, 0
    for name, fmt in fields:
        out[name] = (at, fmt)
        at += struct.calcsize(fmt)
    return out


def _xlen(data: bytes | bytearray) -> int:
    return 64 if data[4] == 2 else 32


def built_image(name: str, board: str = "qemu-virt") -> Path:
    """The image `make libos` built for `board`, or skip the test saying how to build it."""
    path = ROOT / "build" / board / "libos" / f"{name}.elf"
    if not path.is_file():
        pytest.skip(f"{path.relative_to(ROOT)} is not built: run `make libos` first")
    return path


@dataclass
class Elf:
    """A mutable ELF file with field-level access to its headers and dynamic tables."""

    data: bytearray

    @classmethod
    def read(cls, path: Path) -> Elf:
        return cls(bytearray(path.read_bytes()))

    @property
    def xlen(self) -> int:
        return _xlen(self.data)

    @property
    def word(self) -> int:
        return self.xlen // 8

    # ---- ELF header ----
    def ehdr(self, name: str) -> int:
        off, fmt = _layout(EHDR[self.xlen])[name]
        return struct.unpack_from("<" + fmt, self.data, 16 + off)[0]

    def set_ehdr(self, name: str, value: int) -> Elf:
        off, fmt = _layout(EHDR[self.xlen])[name]
        struct.pack_into("<" + fmt, self.data, 16 + off, value)
        return self

    # ---- program headers ----
    def _ph_at(self, index: int, name: str) -> tuple[int, str]:
        off, fmt = _layout(PHDR[self.xlen])[name]
        return self.ehdr("e_phoff") + index * self.ehdr("e_phentsize") + off, fmt

    def phdr(self, index: int, name: str) -> int:
        at, fmt = self._ph_at(index, name)
        return struct.unpack_from("<" + fmt, self.data, at)[0]

    def set_phdr(self, index: int, name: str, value: int) -> Elf:
        at, fmt = self._ph_at(index, name)
        struct.pack_into("<" + fmt, self.data, at, value)
        return self

    def phdrs_of(self, p_type: int) -> list[int]:
        return [i for i in range(self.ehdr("e_phnum")) if self.phdr(i, "p_type") == p_type]

    def load(self, n: int) -> int:
        """Index of the n-th PT_LOAD (0 text, 1 rodata, 2 data in a libos.ld image)."""
        return self.phdrs_of(PT_LOAD)[n]

    def file_offset(self, vaddr: int) -> int:
        for i in self.phdrs_of(PT_LOAD):
            v, filesz = self.phdr(i, "p_vaddr"), self.phdr(i, "p_filesz")
            if v <= vaddr < v + filesz:
                return self.phdr(i, "p_offset") + vaddr - v
        raise AssertionError(f"0x{vaddr:x} is not in the file")

    # ---- dynamic section and relocations ----
    def dyn_offsets(self) -> list[int]:
        (i,) = self.phdrs_of(PT_DYNAMIC)
        start, size = self.file_offset(self.phdr(i, "p_vaddr")), self.phdr(i, "p_filesz")
        return list(range(start, start + size, 2 * self.word))

    def _wfmt(self) -> str:
        return "<Q" if self.word == 8 else "<I"

    def dyn(self) -> list[tuple[int, int]]:
        w = self.word
        return [
            (struct.unpack_from(self._wfmt(), self.data, o)[0],
             struct.unpack_from(self._wfmt(), self.data, o + w)[0])
            for o in self.dyn_offsets()
        ]  # fmt: skip

    def set_dyn(self, index: int, tag: int, value: int) -> Elf:
        o = self.dyn_offsets()[index]
        struct.pack_into(self._wfmt(), self.data, o, tag)
        struct.pack_into(self._wfmt(), self.data, o + self.word, value)
        return self

    def dyn_index(self, tag: int) -> int:
        return [t for t, _ in self.dyn()].index(tag)

    def rela_offset(self, index: int) -> int:
        tags = dict(self.dyn())
        return self.file_offset(tags[DT_RELA]) + index * 3 * self.word

    def rela(self, index: int) -> tuple[int, int, int]:
        """(r_offset, r_info, r_addend) of relocation `index`."""
        fmt = "<QQq" if self.word == 8 else "<IIi"
        return struct.unpack_from(fmt, self.data, self.rela_offset(index))

    def set_rela(self, index: int, offset: int, info: int, addend: int) -> Elf:
        fmt = "<QQq" if self.word == 8 else "<IIi"
        struct.pack_into(fmt, self.data, self.rela_offset(index), offset, info, addend)
        return self

    def rela_count(self) -> int:
        return dict(self.dyn()).get(DT_RELASZ, 0) // (3 * self.word)

    def bytes(self) -> bytes:
        return bytes(self.data)


def r_info(xlen: int, sym: int, kind: int) -> int:
    return (sym << 32 | kind) if xlen == 64 else (sym << 8 | kind)


@dataclass
class Seg:
    vaddr: int
    data: bytes
    memsz: int
    flags: int
    p_type: int = PT_LOAD


@dataclass
class Craft:
    """An image built from scratch: segments, optional RELA table and PT_DYNAMIC, entry point."""

    xlen: int = 64
    segments: list[Seg] = field(default_factory=list)
    entry: int = 0
    relocs: list[tuple[int, int, int]] = field(default_factory=list)  # (offset, info, addend)
    e_type: int = 3
    e_machine: int = 243

    def build(self) -> bytes:
        """Lays out: ELF header, program headers, then each segment's bytes at a page-aligned
        file offset. The RELA table and dynamic section, if any relocations, are appended to
        the last read-only non-executable segment given (its vaddr range grows to hold them)."""
        w = self.xlen // 8
        segs = [Seg(s.vaddr, s.data, s.memsz, s.flags, s.p_type) for s in self.segments]
        extra: list[tuple[int, int, int, int]] = []  # PT_DYNAMIC (vaddr, size)
        if self.relocs:
            host = next(s for s in reversed(segs) if s.flags == PF_R and s.p_type == PT_LOAD)
            fmt = "<QQq" if w == 8 else "<IIi"
            table = b"".join(struct.pack(fmt, *r) for r in self.relocs)
            pad = (-len(host.data)) % 8
            rela_at = host.vaddr + len(host.data) + pad
            dyn_at = rela_at + len(table)
            wf = "<Q" if w == 8 else "<I"
            dyn = b"".join(
                struct.pack(wf, t) + struct.pack(wf, v)
                for t, v in [(DT_RELA, rela_at), (DT_RELASZ, len(table)),
                             (DT_RELAENT, 3 * w), (DT_NULL, 0)]
            )  # fmt: skip
            host.data = host.data + b"\0" * pad + table + dyn
            host.memsz = max(host.memsz, len(host.data))
            extra.append((dyn_at, len(dyn), 0, 0))
        ehsize, phsize = (64, 56) if w == 8 else (52, 32)
        phnum = len(segs) + len(extra)
        offsets, at = [], PAGE
        for s in segs:
            offsets.append(at)
            at += (len(s.data) + PAGE - 1) // PAGE * PAGE or PAGE
        out = bytearray(at)
        ident = b"\x7fELF" + bytes([2 if w == 8 else 1, 1, 1, 0]) + bytes(8)
        out[:16] = ident
        hdr = Elf(out)
        for name, value in [
            ("e_type", self.e_type),
            ("e_machine", self.e_machine),
            ("e_version", 1),
            ("e_entry", self.entry),
            ("e_phoff", ehsize),
            ("e_ehsize", ehsize),
            ("e_phentsize", phsize),
            ("e_phnum", phnum),
        ]:
            hdr.set_ehdr(name, value)  # fmt: skip
        for i, (s, off) in enumerate(zip(segs, offsets, strict=True)):
            out[off : off + len(s.data)] = s.data
            for name, value in [
                ("p_type", s.p_type),
                ("p_flags", s.flags),
                ("p_offset", off),
                ("p_vaddr", s.vaddr),
                ("p_paddr", s.vaddr),
                ("p_filesz", len(s.data)),
                ("p_memsz", s.memsz),
                ("p_align", PAGE),
            ]:
                hdr.set_phdr(i, name, value)  # fmt: skip
        for j, (vaddr, size, _, _) in enumerate(extra):
            i = len(segs) + j
            for name, value in [
                ("p_type", PT_DYNAMIC),
                ("p_flags", PF_R),
                ("p_offset", hdr.file_offset(vaddr)),
                ("p_vaddr", vaddr),
                ("p_paddr", vaddr),
                ("p_filesz", size),
                ("p_memsz", size),
                ("p_align", 8),
            ]:
                hdr.set_phdr(i, name, value)  # fmt: skip
        return bytes(out)


def minimal(xlen: int = 64, relocs: list[tuple[int, int, int]] | None = None) -> Craft:
    """A small valid image: one text page (entry at 0), one rodata page, a data+bss segment."""
    w = xlen // 8
    return Craft(
        xlen=xlen,
        segments=[
            Seg(0x0000, b"\x13\x00\x00\x00" * 4, 16, PF_R | PF_X),  # four `nop`s
            Seg(0x1000, b"rodata!\0", 8, PF_R),
            Seg(0x2000, bytes(4 * w), 0x1800, PF_R | PF_W),  # 4 words of data, then bss
        ],
        relocs=relocs or [],
    )
