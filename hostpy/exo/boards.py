"""Board descriptions: reads boards/NAME.toml, the single description of each board.

The firmware build asks this module for its C header and make variables
(`python -m exo.boards header|make NAME`); the host package uses `load_board`.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .abi import PAGE_SHIFT, SLOT_MAX
from .errors import BoardError

DEFAULT_BOARD = "qemu-virt"


@dataclass(frozen=True)
class QemuSpec:
    binary: str
    machine: str
    cpu: str
    memory: str
    smp: int
    args: tuple[str, ...]


@dataclass(frozen=True)
class Board:
    name: str
    description: str
    path: Path
    xlen: int
    march: str
    mabi: str
    qemu: QemuSpec | None
    ram_base: int
    ram_size: int
    uart_driver: str
    uart_base: int
    uart_irq: int
    uart_reg_shift: int
    clint_base: int
    plic_base: int
    plic_context: int
    timer_hz: int
    pmp_entries: int
    baud: int
    slot_count: int  # slots in the time-slice vector
    slot_ticks: int  # `time` ticks a slot lasts
    bundle_pages: int  # pages at the top of RAM that boot-bundle images are placed in

    @property
    def bundle_first_ppn(self) -> int:
        """The first page of the boot bundle's region: the top `bundle_pages` pages of RAM."""
        return ((self.ram_base + self.ram_size) >> PAGE_SHIFT) - self.bundle_pages


def boards_dir() -> Path:
    """Where board files live: $EXO_BOARDS_DIR, else the repository's boards/ folder."""
    env = os.environ.get("EXO_BOARDS_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "boards"


def list_boards() -> list[str]:
    return sorted(p.stem for p in boards_dir().glob("*.toml"))


def _need(table: dict, key: str, where: str, kind: type):
    if key not in table:
        raise BoardError(f"{where}: missing key '{key}'")
    value = table[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BoardError(f"{where}: '{key}' must be {kind.__name__}, not {value!r}")
    return value


def load_board(name: str = DEFAULT_BOARD) -> Board:
    """Load a board by name (boards/NAME.toml) or by the path of a .toml file."""
    path = Path(name) if name.endswith(".toml") else boards_dir() / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(list_boards()) or "none"
        raise BoardError(f"no board '{name}' (looked for {path}; known boards: {known})")
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise BoardError(f"{path}: {e}") from e
    w = str(path)

    def table(key: str) -> dict:
        t = _need(data, key, w, dict)
        return t

    isa, mem, uart = table("isa"), table("memory"), table("uart")
    clint, plic, timer, pmp = table("clint"), table("plic"), table("timer"), table("pmp")
    sched, bundle = table("sched"), table("bundle")
    link = data.get("link", {})
    qemu = None
    if "qemu" in data:
        q = data["qemu"]
        qemu = QemuSpec(
            binary=_need(q, "binary", w, str),
            machine=_need(q, "machine", w, str),
            cpu=q.get("cpu", ""),
            memory=_need(q, "memory", w, str),
            smp=q.get("smp", 1),
            args=tuple(q.get("args", [])),
        )
    xlen = _need(isa, "xlen", w, int)
    if xlen not in (32, 64):
        raise BoardError(f"{w}: isa.xlen must be 32 or 64, not {xlen}")
    board = Board(
        name=_need(data, "name", w, str),
        description=data.get("description", ""),
        path=path,
        xlen=xlen,
        march=_need(isa, "march", w, str),
        mabi=_need(isa, "mabi", w, str),
        qemu=qemu,
        ram_base=_need(mem, "ram_base", w, int),
        ram_size=_need(mem, "ram_size", w, int),
        uart_driver=_need(uart, "driver", w, str),
        uart_base=_need(uart, "base", w, int),
        uart_irq=_need(uart, "irq", w, int),
        uart_reg_shift=uart.get("reg_shift", 0),
        clint_base=_need(clint, "base", w, int),
        plic_base=_need(plic, "base", w, int),
        plic_context=plic.get("context", 0),
        timer_hz=_need(timer, "hz", w, int),
        pmp_entries=_need(pmp, "entries", w, int),
        baud=link.get("baud", 115200),
        slot_count=_need(sched, "slots", w, int),
        slot_ticks=_need(sched, "slot_ticks", w, int),
        bundle_pages=_need(bundle, "pages", w, int),
    )
    if not 1 <= board.slot_count <= SLOT_MAX:
        raise BoardError(f"{w}: sched.slots must be 1..{SLOT_MAX}, not {board.slot_count}")
    if not 1 <= board.slot_ticks <= 0xFFFFFFFF:
        raise BoardError(f"{w}: sched.slot_ticks must be 1..2**32-1, not {board.slot_ticks}")
    if not 0 <= board.bundle_pages < board.ram_size >> PAGE_SHIFT:
        raise BoardError(
            f"{w}: bundle.pages must be below the RAM's pages, not {board.bundle_pages}"
        )
    if board.name != path.stem:
        raise BoardError(f"{w}: name '{board.name}' must match the file name '{path.stem}'")
    return board


def c_header(board: Board) -> str:
    """The board as C #defines, for firmware/ (generated into build/<board>/board.h)."""
    ident = board.name.upper().replace("-", "_")
    lines = [
        f"/* Generated from {board.path.name} by `python -m exo.boards header`; do not edit. */",
        "#ifndef EXO_BOARD_H",
        "#define EXO_BOARD_H",
        f'#define BOARD_NAME "{board.name}"',
        f"#define BOARD_{ident} 1",
        f"#define BOARD_XLEN {board.xlen}",
        f"#define BOARD_RAM_BASE 0x{board.ram_base:x}UL",
        f"#define BOARD_RAM_SIZE 0x{board.ram_size:x}UL",
        f"#define BOARD_UART_{board.uart_driver.upper()} 1",
        f"#define BOARD_UART_BASE 0x{board.uart_base:x}UL",
        f"#define BOARD_UART_IRQ {board.uart_irq}",
        f"#define BOARD_UART_REG_SHIFT {board.uart_reg_shift}",
        f"#define BOARD_CLINT_BASE 0x{board.clint_base:x}UL",
        f"#define BOARD_PLIC_BASE 0x{board.plic_base:x}UL",
        f"#define BOARD_PLIC_CONTEXT {board.plic_context}",
        f"#define BOARD_TIMER_HZ {board.timer_hz}UL",
        f"#define BOARD_PMP_ENTRIES {board.pmp_entries}",
        f"#define BOARD_SLOT_COUNT {board.slot_count}",
        f"#define BOARD_SLOT_TICKS {board.slot_ticks}UL",
        f"#define BOARD_BUNDLE_PAGES {board.bundle_pages}",
        f"#define BOARD_BUNDLE_FIRST_PPN 0x{board.bundle_first_ppn:x}UL",
        "#endif",
    ]
    return "\n".join(lines) + "\n"


def make_vars(board: Board) -> str:
    """The board as make variables, for the firmware and libOS builds."""
    return (
        "\n".join(
            [
                f"BOARD_MARCH := {board.march}",
                f"BOARD_MABI := {board.mabi}",
                f"BOARD_XLEN := {board.xlen}",
                f"BOARD_RAM_BASE := 0x{board.ram_base:x}",
            ]
        )
        + "\n"
    )


def main(argv: list[str]) -> int:
    usage = "usage: python -m exo.boards {header|make|list} [BOARD]"
    if not argv or argv[0] not in ("header", "make", "list"):
        print(usage, file=sys.stderr)
        return 2
    if argv[0] == "list":
        print("\n".join(list_boards()))
        return 0
    try:
        board = load_board(argv[1] if len(argv) > 1 else DEFAULT_BOARD)
    except BoardError as e:
        print(f"exo.boards: {e}", file=sys.stderr)
        return 1
    sys.stdout.write(c_header(board) if argv[0] == "header" else make_vars(board))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
