"""Instruction-count benchmarks: runs payloads under QEMU -icount shift=0 and collects the counts.

Under `-icount shift=0` QEMU retires one instruction per virtual nanosecond, and `instret` counts
are the same from run to run, so every number here is deterministic. A payload measures itself
(reading `instret` around many repetitions of one operation) and prints lines

    bench NAME INSTRUCTIONS      (ours)      or      peer NAME INSTRUCTIONS      (the peer's)

then `bench done` / `peer done`. Ours are envs (tests/e2e/envs/bench.c for the trap, syscall and
PMP paths, bench_cpu.c for issue 5's upcall, yield, timer-switch and revocation paths, built by
`make libos`) loaded into our firmware over the link, their consoles read through the session
or, with the session closed, from the line; the peer is an
S-mode payload under QEMU's OpenSBI on the serial line. This module runs them, parses those
lines and writes build/bench/results.json in the format docs/benchmarks.md describes.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .abi import ANY
from .boards import Board
from .errors import ExoError
from .qemu import ROOT, Qemu, build_dir, firmware_path, stop_pid
from .target import Target

RUN_TIMEOUT = 60.0  # seconds of host time for one payload run
ICOUNT = ("-icount", "shift=0")  # one instruction per virtual nanosecond: counts repeat exactly
SESSION_SUFFIX = "_in_session"  # a count taken while the host's session was open
LINE = re.compile(rb"^(bench|peer) ([A-Za-z0-9_.-]+) (\d+)\s*$")

# DESIGN.md's targets, in instructions per operation; None where there is no fixed target.
TARGETS: dict[str, int | None] = {
    "null_syscall": 16,
    "upcall_resume": 25,
    "pmp_refill": 60,
    "directed_yield": 40,
    "timer_switch": None,
    "revoke_100_pages": None,
}
# Which peer measurement each of ours is compared with.
PEER_OF = {"null_syscall": "opensbi_get_spec_version"}


class BenchError(ExoError):
    """A benchmark payload could not be built, run or understood."""


@dataclass(frozen=True)
class Count:
    name: str
    instructions: int


@dataclass
class Report:
    board: str
    qemu: str
    firmware: str
    results: list[dict] = field(default_factory=list)
    peers: list[dict] = field(default_factory=list)
    link: dict | None = None  # host-time link numbers (reported, never asserted)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"


def qemu_version(binary: str) -> str:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    first = out.stdout.splitlines()[0] if out.stdout else ""
    m = re.search(r"version (\S+)", first)
    return m.group(1) if m else "unknown"


def parse_counts(output: bytes, kind: str) -> list[Count]:
    """The `kind NAME N` lines of a payload's output; BenchError if it never said `kind done`."""
    counts = []
    done = False
    for raw in output.replace(b"\r", b"").split(b"\n"):
        if raw.strip() == f"{kind} done".encode():
            done = True
            break
        m = LINE.match(raw)
        if m and m.group(1).decode() == kind:
            counts.append(Count(m.group(2).decode(), int(m.group(3))))
    if not done:
        tail = output[-400:].decode(errors="replace")
        raise BenchError(
            f"the {kind} payload stopped before `{kind} done`; its output ended:\n{tail}"
        )
    return counts


def run_payload(cmd: list[str], kind: str, timeout: float = RUN_TIMEOUT) -> list[Count]:
    """Run one QEMU command line whose serial is stdio; stop it by pid once it reports."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass  # a payload that cannot power off is stopped below; its output still counts
        finally:
            stop_pid(proc.pid, proc=proc)
        out.seek(0)
        return parse_counts(out.read(), kind)


def peer_command(board: Board, payload: Path) -> list[str]:
    """QEMU with its own OpenSBI (-bios default) running our S-mode peer payload."""
    q = board.qemu
    if q is None or q.machine != "virt" or board.xlen != 64:
        raise BenchError(f"the OpenSBI peer runs on rv64 QEMU virt only, not on {board.name}")
    return [
        q.binary,
        "-machine",
        q.machine,
        "-m",
        q.memory,
        "-nographic",
        "-monitor",
        "none",
        "-icount",
        "shift=0",
        "-bios",
        "default",
        "-kernel",
        str(payload),
    ]


def build_peer() -> Path:
    payload = build_dir() / "bench" / "opensbi-peer.elf"
    src = ROOT / "tests" / "bench" / "peer"
    proc = subprocess.run(
        ["make", "-s", "-C", str(src), f"BUILD={build_dir()}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise BenchError(f"building the peer payload failed:\n{proc.stderr.strip()}")
    return payload


def run_peer(board: Board) -> list[Count]:
    return run_payload(peer_command(board, build_peer()), "peer")


def ours_image(board: Board) -> Path:
    return build_dir() / board.name / "libos" / "bench.elf"


def cpu_image(board: Board) -> Path:
    return build_dir() / board.name / "libos" / "bench_cpu.elf"


@contextlib.contextmanager
def icount_target(board: Board, timeout: float) -> Iterator[Target]:
    """Our firmware booted under -icount shift=0 (a QEMU of its own), past its banner."""
    with (
        tempfile.TemporaryDirectory(prefix="exo-bench-") as run,
        Qemu(board, Path(run), extra_args=ICOUNT) as q,
        Target.open(q.start(), baud=board.baud, log_path=q.log_path) as t,
    ):
        q.resume()  # after the pty is open, so the banner is not lost
        t.banner(timeout=timeout)
        yield t


def run_alone(t: Target, image: Path, name: str, timeout: float) -> list[Count]:
    """Load a bench env that waits for a keystroke (argument `w`), close the session and let it
    go: as the foreground env its counts are printed on the line in terminal mode, with no link
    traffic inside the samples."""
    t.load(image, name=name, args=["w"])
    t.disconnect()
    t.transport.write(b"g")
    m = t.expect(rb"(?s)bench \S+ \d+.*?bench done", timeout)
    return parse_counts(m.group(0), "bench")


def run_cpu(board: Board, timeout: float = RUN_TIMEOUT) -> list[Count]:
    """Boot our firmware under -icount shift=0 and run the bench_cpu env with the host's session
    closed (its output read from the line in terminal mode): upcall plus resume, directed yield,
    a timer interrupt that switches envs, revoking 100 pages. Only the kernel's own paths: with
    a session open, link traffic lands inside the multi-env samples at places that vary."""
    image = cpu_image(board)
    if not image.is_file():
        raise BenchError(f"the bench_cpu env is not built: {image} is missing; run `make libos`")
    with icount_target(board, timeout) as t:
        return run_alone(t, image, "bench_cpu", timeout)


def run_ours(board: Board, timeout: float = RUN_TIMEOUT) -> list[Count]:
    """Boot our firmware under -icount shift=0 and run the bench env twice: once with the
    host's session open (what a trap costs while the kernel also serves the link: those names
    get SESSION_SUFFIX) and once after closing it, read from the line in terminal mode (the
    kernel's own paths: the names DESIGN.md's targets use)."""
    image = ours_image(board)
    if not image.is_file():
        raise BenchError(f"the bench env is not built: {image} is missing; run `make libos`")
    with icount_target(board, timeout) as t:
        # Attached before the env exists: the bench env may finish, and its table entry be
        # reused, before an attachment made after its load would reach the target.
        t.console_attach(ANY, backlog=True)
        env = t.load(image, name="bench")
        result = t.wait_exit(env, timeout)
        for _ in t.events(0.2):
            pass  # the last console bytes, if they came after the exit
        if result != 0:
            raise BenchError(f"the bench env ended with {result}: {t.output(env)[-400:]!r}")
        in_session = parse_counts(t.output(env), "bench")

        alone = run_alone(t, image, "bench", timeout)
    return alone + [Count(c.name + SESSION_SUFFIX, c.instructions) for c in in_session]


def report(board: Board, ours: list[Count], peers: list[Count], firmware: str) -> Report:
    by_peer = {p.name: p.instructions for p in peers}
    rep = Report(
        board=board.name,
        qemu=qemu_version(board.qemu.binary if board.qemu else "qemu"),
        firmware=firmware,
    )
    for c in ours:
        peer = by_peer.get(PEER_OF.get(c.name, ""))
        rep.results.append(
            {
                "name": c.name,
                "instructions": c.instructions,
                "target": TARGETS.get(c.name),
                "peer": peer,
            }
        )
    rep.peers = [{"name": p.name, "instructions": p.instructions} for p in peers]
    return rep


def write_report(rep: Report, path: Path | None = None) -> Path:
    path = path or build_dir() / "bench" / "results.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(rep.to_json())
    return path


def have_qemu(board: Board) -> bool:
    return board.qemu is not None and shutil.which(board.qemu.binary) is not None


def run_all(board: Board) -> Report:
    """Every benchmark that can run on this board: ours, and the OpenSBI peer where it runs."""
    if not have_qemu(board):
        raise BenchError(f"QEMU for board {board.name} is not installed; run `make deps`")
    ours = run_ours(board) + run_cpu(board)
    peer_runs = board.qemu is not None and board.qemu.machine == "virt" and board.xlen == 64
    peers = run_peer(board) if peer_runs else []
    return report(board, ours=ours, peers=peers, firmware=firmware_id(board))


def firmware_id(board: Board) -> str:
    elf = firmware_path(board)
    return f"{elf.name} ({elf.stat().st_size} bytes)" if elf.is_file() else "not built"


def rows(rep: Report) -> list[tuple[str, str, str, str, str]]:
    """(name, instructions, target, peer, verdict) for display; a missed target says so."""
    out = []
    for r in rep.results:
        target, peer, n = r["target"], r["peer"], r["instructions"]
        verdict = "" if target is None else ("ok" if n <= target else "MISSED")
        ratio = f"{peer} ({peer / n:.1f}x)" if peer and n else "-"
        out.append((r["name"], str(n), "-" if target is None else f"<= {target}", ratio, verdict))
    for p in rep.peers:
        out.append((f"peer: {p['name']}", str(p["instructions"]), "-", "-", ""))
    return out
