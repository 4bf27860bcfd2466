"""exopy's numbers for `exo bench`: the scripts in tests/bench/exopy/ run in exopy, and its size.

Each script runs on a fresh boot of our firmware under QEMU -icount shift=0: exopy.elf is loaded
over the link with every slot, the host closes its session, and the script goes in through
exopy's raw REPL (raw-paste, after a soft reset). The script counts its own work with
`exo.instret()` and prints `bench NAME N` lines, parsed like the benchmark envs' output. Before
it, a one-line script reads `exo.pages()` at the prompt: the pages the env owns (image and heap
arena), its RAM in use. The image's text is read from the ELF.

The counts are not exact from run to run: see docs/benchmarks.md ("exopy") for why, and
bench.SLACK_FRACTION for how far two runs may differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from elftools.elf.constants import SH_FLAGS
from elftools.elf.elffile import ELFFile

from .bench import BenchError, Count, icount_target, parse_counts
from .boards import Board
from .cli_repl import Console, raw_exec, wait_prompt
from .qemu import ROOT, build_dir

SCRIPTS = ROOT / "tests" / "bench" / "exopy"
BENCHMARKS = ("range_100k.py", "pystone_lite.py")
RUN_TIMEOUT = 180.0  # seconds of host time for one script (about 265 M instructions now)
PAGES_NAME = "exopy_pages_at_prompt"
PAGES_SCRIPT = f"import exo\nprint('bench {PAGES_NAME}', exo.pages())\n".encode()


@dataclass(frozen=True)
class ExopyRun:
    counts: list[Count]  # the scripts' counts
    text_bytes: int  # executable sections of exopy.elf
    pages_at_prompt: int  # pages the env owns at >>> (exo.pages())


def exopy_image(board: Board) -> Path:
    return build_dir() / board.name / "libos" / "exopy.elf"


def text_bytes(elf: Path) -> int:
    """Bytes of the ELF's executable sections (its `.text`)."""
    with elf.open("rb") as f:
        return sum(
            s["sh_size"]
            for s in ELFFile(f).iter_sections()
            if s["sh_flags"] & SH_FLAGS.SHF_EXECINSTR and s["sh_flags"] & SH_FLAGS.SHF_ALLOC
        )


def run_script(
    board: Board, source: bytes, first: bytes = b"", timeout: float = RUN_TIMEOUT
) -> list[Count]:
    """Boot, load exopy, close the session; run `first` (if any) as it is at the prompt, then
    `source` after a soft reset. The `bench` lines of both, as Counts."""
    out = bytearray()
    with icount_target(board, timeout) as t:
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


def run_exopy(board: Board, timeout: float = RUN_TIMEOUT) -> ExopyRun:
    """Every script of BENCHMARKS, each on its own boot; the RAM at the prompt on the first."""
    image = exopy_image(board)
    if not image.is_file():
        raise BenchError(f"exopy is not built: {image} is missing; run `make libos`")
    counts = []
    pages = 0
    for i, name in enumerate(BENCHMARKS):
        source = (SCRIPTS / name).read_bytes()
        got = run_script(board, source, PAGES_SCRIPT if i == 0 else b"", timeout)
        if not any(c.name.startswith("exopy_") and c.name != PAGES_NAME for c in got):
            raise BenchError(f"tests/bench/exopy/{name} printed no `bench exopy_...` line")
        for c in got:
            if c.name == PAGES_NAME:
                pages = c.instructions
            else:
                counts.append(c)
    return ExopyRun(counts, text_bytes(image), pages)
