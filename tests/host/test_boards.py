"""Board files: every board in boards/ loads, and broken ones are refused with a clear message."""

from __future__ import annotations

import pytest

from exo.boards import DEFAULT_BOARD, c_header, list_boards, load_board
from exo.errors import BoardError, ExoError


def test_every_board_loads_and_names_its_file():
    assert DEFAULT_BOARD in list_boards()
    for name in list_boards():
        board = load_board(name)
        assert board.name == name and board.xlen in (32, 64)
        assert f'#define BOARD_NAME "{name}"' in c_header(board)


def test_default_board_is_qemu_virt_rv64():
    b = load_board()
    assert b.qemu is not None and b.qemu.machine == "virt" and b.xlen == 64
    assert b.ram_base == 0x80000000 and b.uart_base == 0x10000000


def test_slots_and_bundle_reach_the_header():
    b = load_board()
    assert b.slot_count == 32 and b.slot_ticks == 10000 and b.bundle_pages == 512
    assert b.bundle_first_ppn == (0x80000000 + 0x08000000) // 4096 - 512
    header = c_header(b)
    assert "#define BOARD_SLOT_COUNT 32\n" in header
    assert "#define BOARD_SLOT_TICKS 10000UL\n" in header
    assert "#define BOARD_BUNDLE_PAGES 512\n" in header
    assert "#define BOARD_BUNDLE_FIRST_PPN 0x87e00UL\n" in header


def test_unknown_board_lists_the_known_ones():
    with pytest.raises(BoardError, match="known boards: .*qemu-virt"):
        load_board("no-such-board")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("xlen = 64", "xlen = 48"), "xlen must be 32 or 64"),
        (lambda t: t.replace("[uart]", "[uart_gone]"), "missing key 'uart'"),
        (lambda t: t.replace('name = "qemu-virt"', 'name = "other"'), "must match the file name"),
        (lambda t: t.replace("entries = 16", 'entries = "16"'), "'entries' must be int"),
        (lambda t: t + "\n[[[", "qemu-virt.toml"),
        (lambda t: t.replace("[sched]", "[sched_gone]"), "missing key 'sched'"),
        (lambda t: t.replace("slots = 32", "slots = 65"), "sched.slots must be 1..64"),
        (lambda t: t.replace("slots = 32", "slots = 0"), "sched.slots must be 1..64"),
        (lambda t: t.replace("slot_ticks = 10000", "slot_ticks = 0"), "slot_ticks must be"),
        (lambda t: t.replace("pages = 512", "pages = 40000"), "bundle.pages must be below"),
    ],
)
def test_broken_board_files_are_refused(tmp_path, edit, message):
    text = (load_board().path).read_text()
    path = tmp_path / "qemu-virt.toml"
    path.write_text(edit(text))
    with pytest.raises(BoardError, match=message) as e:
        load_board(str(path))
    assert isinstance(e.value, ExoError)
