"""The image `exo bench` loads: 64 KiB, no chunk all zero (none skipped), and code that exits 0
at once: li a7, EXO_SYS_EXIT; li a0, 0; ecall, decoded here by hand from the RISC-V spec."""

from __future__ import annotations

import pytest

from exo import loader
from exo.abi import Perm, Sys
from exo.loadbench import exit_image


@pytest.mark.parametrize("xlen", [32, 64])
def test_exit_image_is_64_kib_with_no_zero_chunk(xlen):
    img = exit_image(xlen=xlen)
    assert img.span == 65536 and img.xlen == xlen and img.entry == 0
    assert img.page_rights == (Perm.R | Perm.X,) + (Perm.R,) * 15
    data = img.relocate(0x80100000)
    assert len(loader.chunks(data, 1016)) == -(-65536 // 1016)


def test_exit_image_code_is_exit_zero():
    words = [int.from_bytes(exit_image().relocate(0)[i : i + 4], "little") for i in (0, 4, 8)]

    def addi_zero(word):  # (rd, imm) of `addi rd, x0, imm`, else None
        opcode, funct3, rs1 = word & 0x7F, word >> 12 & 7, word >> 15 & 0x1F
        return (word >> 7 & 0x1F, word >> 20) if (opcode, funct3, rs1) == (0x13, 0, 0) else None

    assert addi_zero(words[0]) == (17, Sys.EXIT)  # a7
    assert addi_zero(words[1]) == (10, 0)  # a0
    assert words[2] == 0x00000073  # ecall
