"""mkpie.py: turns a libOS link at address 0 into a static-PIE image (R_RISCV_RELATIVE only).

Why this exists: the bare-metal binutils (riscv64-unknown-elf-ld 2.40) refuses `-pie` and
`-shared`, so it cannot emit a static PIE. Instead the libOS is compiled with
`-fno-pic -mcmodel=medany` (every code reference is PC-relative, no GOT) and linked at 0 with
`--emit-relocs`; every absolute pointer the linker wrote into the image then has its
relocation kept, and this tool turns each into an R_RISCV_RELATIVE entry whose addend is the
word the linker stored (the target's offset, since the link base is 0). libos.ld reserves the
room: `.rela.dyn` of `__libos_rela_size` bytes (so the Makefile links twice: once to count,
`count`, then with the exact size) and `.dynamic` of DYNAMIC_ENTRIES entries; `finish` fills
both and marks the file ET_DYN. Relocations that cannot be made position independent (absolute
code addressing, GOT, 32-bit pointers on rv64) are refused with the place they occur.

usage: python mkpie.py count IMAGE | python mkpie.py finish IMAGE
"""

from __future__ import annotations

import io
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

from elftools.common.exceptions import ELFError
from elftools.elf.elffile import ELFFile

ET_DYN = 3
SHN_UNDEF = 0
SHN_ABS = 0xFFF1
SHF_ALLOC = 0x2
DT_NULL, DT_RELA, DT_RELASZ, DT_RELAENT = 0, 7, 8, 9
DT_FLAGS_1, DT_RELACOUNT = 0x6FFFFFFB, 0x6FFFFFF9
DF_1_PIE = 0x08000000
DYNAMIC_ENTRIES = 6  # RELA, RELASZ, RELAENT, RELACOUNT, FLAGS_1, NULL: libos.ld reserves this many

R_RISCV_32, R_RISCV_64, R_RISCV_RELATIVE = 1, 2, 3
# Relocations whose result does not depend on where the image is loaded: PC-relative code and
# data, tp offsets (local-exec TLS, tp is set by crt0 from a PC-relative address, and the
# relaxed forms TPREL_I/TPREL_S, 49/50), label differences and linker-relaxation markers.
# GPREL_I/GPREL_S (47/48) are not here: gp would hold an absolute address nobody sets.
POSITION_INDEPENDENT = frozenset(
    [0, 16, 17, 18, 19, 23, 24, 25, 29, 30, 31, 32, *range(33, 41), 43, 44, 45, 49, 50, 51]
    + list(range(52, 58))
)
# What a refused type means, for the message.
ABSOLUTE_NAMES = {
    20: "R_RISCV_GOT_HI20 (GOT access: compile with -fno-pic)",
    21: "R_RISCV_TLS_GOT_HI20 (initial-exec TLS: use -ftls-model=local-exec)",
    22: "R_RISCV_TLS_GD_HI20 (general-dynamic TLS: use -ftls-model=local-exec)",
    26: "R_RISCV_HI20 (absolute code addressing: compile with -mcmodel=medany)",
    27: "R_RISCV_LO12_I (absolute code addressing: compile with -mcmodel=medany)",
    28: "R_RISCV_LO12_S (absolute code addressing: compile with -mcmodel=medany)",
    46: "R_RISCV_RVC_LUI (absolute code addressing: compile with -mcmodel=medany)",
}

# Absolute code addressing (lui + addi/load/store): refused unless the symbol is a number.
ABSOLUTE_CODE = frozenset([26, 27, 28, 46])


class PieError(Exception):
    """The link cannot be made position independent; the message says where and why."""


@dataclass(frozen=True)
class Layout:
    word: int  # bytes in a pointer: 4 or 8
    relas: list[tuple[int, int]]  # (offset of the pointer, addend) for each R_RISCV_RELATIVE
    rela_vaddr: int
    rela_offset: int  # file offset of the reserved .rela.dyn
    rela_room: int  # bytes reserved for it
    dyn_offset: int  # file offset of the reserved .dynamic
    dyn_room: int


def _pointer_relocations(elf: ELFFile, data: bytes, path: str) -> list[tuple[int, int]]:
    word = elf.elfclass // 8
    fmt = "<Q" if word == 8 else "<I"
    pointer_type = R_RISCV_64 if word == 8 else R_RISCV_32
    symtab = elf.get_section_by_name(".symtab")
    found: list[tuple[int, int]] = []
    for rel in elf.iter_sections():
        if rel["sh_type"] not in ("SHT_RELA", "SHT_REL") or rel.name == ".rela.dyn":
            continue
        target = elf.get_section(rel["sh_info"])
        if not target["sh_flags"] & SHF_ALLOC:
            continue  # debug information: never loaded
        for r in rel.iter_relocations():
            kind, where = r["r_info_type"], r["r_offset"]
            if kind in POSITION_INDEPENDENT:
                continue
            place = f"{path}: {target.name}+0x{where - target['sh_addr']:x}"
            sym = symtab.get_symbol(r["r_info_sym"]) if symtab and r["r_info_sym"] else None
            number = sym is not None and sym["st_shndx"] in ("SHN_ABS", "SHN_UNDEF")
            if kind in ABSOLUTE_CODE and number:
                # lui/addi of an absolute or undefined-weak symbol builds a number (picolibc's
                # exit tests a weak hook against NULL this way): the same at any base.
                continue
            if kind != pointer_type:
                what = ABSOLUTE_NAMES.get(kind, f"relocation type {kind}")
                if kind == R_RISCV_32:
                    what = "R_RISCV_32 (a 32-bit pointer cannot be relocated on rv64)"
                raise PieError(f"{place}: {what} cannot be made position independent")
            # Absolute symbols are numbers, not addresses; undefined weak ones must stay NULL.
            if sym is None or number:
                continue
            if target["sh_type"] == "SHT_NOBITS":
                raise PieError(f"{place}: pointer relocation in a section with no contents")
            off = target["sh_offset"] + where - target["sh_addr"]
            (value,) = struct.unpack_from(fmt, data, off)
            found.append((where, value))
    return sorted(found)


def analyse(path: str) -> Layout:
    data = Path(path).read_bytes()
    try:
        elf = ELFFile(io.BytesIO(data))
        rela = elf.get_section_by_name(".rela.dyn")
        dyn = elf.get_section_by_name(".dynamic")
        if dyn is None:
            raise PieError(f"{path}: no .dynamic reserved (not linked with libos.ld?)")
        relas = _pointer_relocations(elf, data, path)
        return Layout(
            word=elf.elfclass // 8,
            relas=relas,
            rela_vaddr=rela["sh_addr"] if rela else 0,
            rela_offset=rela["sh_offset"] if rela else 0,
            rela_room=rela["sh_size"] if rela else 0,
            dyn_offset=dyn["sh_offset"],
            dyn_room=dyn["sh_size"],
        )
    except ELFError as e:
        raise PieError(f"{path}: {e}") from e


def finish(path: str) -> int:
    """Fill .rela.dyn and .dynamic and mark the file ET_DYN; returns the relocation count."""
    lay = analyse(path)
    w = "Q" if lay.word == 8 else "I"
    entsize = 3 * lay.word
    table = b"".join(
        struct.pack(f"<{w}{w}{w}", off, R_RISCV_RELATIVE, addend) for off, addend in lay.relas
    )
    if len(table) != lay.rela_room:
        raise PieError(
            f"{path}: {len(lay.relas)} relocations need {len(table)} bytes but .rela.dyn has "
            f"{lay.rela_room}: link again with --defsym=__libos_rela_size={len(table)}"
        )
    dyn_entries = [(DT_FLAGS_1, DF_1_PIE)]
    if lay.relas:
        dyn_entries += [
            (DT_RELA, lay.rela_vaddr),
            (DT_RELASZ, len(table)),
            (DT_RELAENT, entsize),
            (DT_RELACOUNT, len(lay.relas)),
        ]
    # DT_NULL ends the table; the rest of the reserved room stays DT_NULL too.
    dyn_entries += [(DT_NULL, 0)] * (DYNAMIC_ENTRIES - len(dyn_entries))
    dynamic = b"".join(struct.pack(f"<{w}{w}", tag, val) for tag, val in dyn_entries)
    if len(dynamic) != lay.dyn_room:
        raise PieError(f"{path}: .dynamic has {lay.dyn_room} bytes, {len(dynamic)} needed")
    image = bytearray(Path(path).read_bytes())
    image[lay.rela_offset : lay.rela_offset + len(table)] = table
    image[lay.dyn_offset : lay.dyn_offset + len(dynamic)] = dynamic
    struct.pack_into("<H", image, 16, ET_DYN)  # e_type
    Path(path).write_bytes(bytes(image))
    return len(lay.relas)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("count", "finish"):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    try:
        if argv[0] == "count":
            lay = analyse(argv[1])
            print(len(lay.relas) * 3 * lay.word)
        else:
            finish(argv[1])
    except (OSError, PieError) as e:
        print(f"mkpie: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
