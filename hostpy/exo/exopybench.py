"""exopy's numbers for `exo bench`: the scripts in tests/bench/exopy/ run in exopy, and its size.

Each script runs on a fresh boot under QEMU -icount shift=0: exopy.elf is loaded over the link
with every slot, the host closes its session, and the script goes in through exopy's raw REPL
(raw-paste, after a soft reset). The script counts its own work with `exo.instret()` and prints
`bench NAME N` lines, parsed like the benchmark envs' output. Before it, a one-line script reads
`exo.pages()` at the prompt: the pages the env owns (image and heap arena), its RAM in use. The
image's text is read from the ELF.

The firmware booted is ours built for the same board with one change, the longest slot the board
file allows (QUIET_SLOT_TICKS: 7 minutes under -icount), so no slot timer fires inside a script:
with 1 ms slots each of the script's 50 to 100 slot ends adds about a thousand instructions at
a place set by the timer's phase, which host time sets (docs/benchmarks.md, "exopy"), and the
counts differed from run to run by up to 0.12%. Without them they repeat to within the 0.01%
bench.SLACK_INSTRUCTIONS allows (a 268-instruction spread in 41 M was seen once and is not yet
tracked down). The slot end's own cost is bench_cpu's timer_switch.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .bench import BenchError, Count, env_image, icount_target, parse_counts, text_bytes
from .boards import Board, boards_dir
from .cli_repl import Console, raw_exec, wait_prompt
from .qemu import ROOT, build_dir

SCRIPTS = ROOT / "tests" / "bench" / "exopy"
BENCHMARKS = ("range_100k.py", "pystone_lite.py")
RUN_TIMEOUT = 180.0  # seconds of host time for one script (some 90 M instructions now)
QUIET_SLOT_TICKS = 0xFFFFFFFF  # the most a board file allows (boards.py)
SLOT_TICKS = re.compile(r"(?m)^slot_ticks\s*=\s*\d+")
PAGES_NAME = "exopy_pages_at_prompt"
PAGES_SCRIPT = f"import exo\nprint('bench {PAGES_NAME}', exo.pages())\n".encode()


@dataclass(frozen=True)
class ExopyRun:
    counts: list[Count]  # the scripts' counts
    text_bytes: int  # executable sections of exopy.elf
    pages_at_prompt: int  # pages the env owns at >>> (exo.pages())


def exopy_image(board: Board) -> Path:
    return env_image(board, "exopy")


def quiet_board(name: str, text: str) -> str:
    """A board file's text with QUIET_SLOT_TICKS a slot, the rest unchanged."""
    quiet, n = SLOT_TICKS.subn(f"slot_ticks = {QUIET_SLOT_TICKS}", text)
    if n != 1:
        raise BenchError(f"board {name}: no single `slot_ticks = N` line to change")
    return quiet


def quiet_firmware(board: Board) -> Path:
    """Our firmware for `board` with QUIET_SLOT_TICKS a slot, built (or brought up to date) in
    build/bench/quiet/ from a copy of the board file in build/bench/boards/."""
    quiet = quiet_board(board.name, (boards_dir() / f"{board.name}.toml").read_text())
    boards = build_dir() / "bench" / "boards"
    boards.mkdir(parents=True, exist_ok=True)
    copy = boards / f"{board.name}.toml"
    if not copy.is_file() or copy.read_text() != quiet:  # its mtime drives the rebuild
        copy.write_text(quiet)
    out = build_dir() / "bench" / "quiet"
    env = os.environ | {"EXO_BOARDS_DIR": str(boards), "PYTHONPATH": str(ROOT / "hostpy")}
    proc = subprocess.run(
        ["make", "-s", "-j2", "-C", str(ROOT / "firmware"), f"BOARD={board.name}"]
        + [f"BUILD={out}", f"PY={sys.executable}"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if proc.returncode != 0:
        raise BenchError(f"building the quiet firmware failed:\n{proc.stderr.strip()[-2000:]}")
    return out / board.name / "exo.elf"


def run_script(
    board: Board, firmware: Path, source: bytes, first: bytes = b"", timeout: float = RUN_TIMEOUT
) -> list[Count]:
    """Boot `firmware`, load exopy, close the session; run `first` (if any) as it is at the
    prompt, then `source` after a soft reset. The `bench` lines of both, as Counts."""
    out = bytearray()
    with icount_target(board, timeout, firmware) as t:
        t.load(exopy_image(board), name="exopy", slots=board.slot_count)
        t.disconnect()
        con = Console(t)
        wait_prompt(con)
        for script, reset in ((first, False), (source, True)):
            if not script:
                continue
            status, err = raw_exec(con, script, out.extend, timeout, reset=reset)
            if status != 0:
                text = err.decode(errors="replace")
                raise BenchError(f"the exopy benchmark ended with status {status}: {text}")
    return parse_counts(bytes(out) + b"bench done\n", "bench")


def run_exopy(board: Board, firmware: Path | None = None, timeout: float = RUN_TIMEOUT) -> ExopyRun:
    """Every script of BENCHMARKS, each on its own boot of `firmware` (quiet_firmware's unless
    given: runs side by side must share one build, as two makes of it at once collide); the
    RAM at the prompt on the first."""
    image = exopy_image(board)
    if not image.is_file():
        raise BenchError(f"exopy is not built: {image} is missing; run `make libos`")
    firmware = firmware or quiet_firmware(board)
    counts = []
    pages = 0
    for i, name in enumerate(BENCHMARKS):
        source = (SCRIPTS / name).read_bytes()
        got = run_script(board, firmware, source, PAGES_SCRIPT if i == 0 else b"", timeout)
        if not any(c.name.startswith("exopy_") and c.name != PAGES_NAME for c in got):
            raise BenchError(f"tests/bench/exopy/{name} printed no `bench exopy_...` line")
        for c in got:
            if c.name == PAGES_NAME:
                pages = c.instructions
            else:
                counts.append(c)
    return ExopyRun(counts, text_bytes(image), pages)
