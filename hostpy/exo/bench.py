"""Instruction-count benchmarks: runs payloads under QEMU -icount shift=0 and collects the counts.

Under `-icount shift=0` QEMU retires one instruction per virtual nanosecond, and `instret` counts
are the same from run to run, so every number here is deterministic. A payload measures itself
(reading `instret` around many repetitions of one operation) and prints lines

    bench NAME INSTRUCTIONS      (ours)      or      peer NAME INSTRUCTIONS      (the peer's)

then `bench done` / `peer done`. Ours are envs (tests/e2e/envs/bench.c for the trap, syscall and
PMP paths, bench_cpu.c for issue 5's upcall, yield, timer-switch and revocation paths,
bench_libos.c for libexo's thread switch and malloc, built by `make libos`) loaded into our
firmware over the link, their consoles read through the session or, with the session closed,
from the line; exopy's scripts (exopybench.py); the peer is an S-mode payload under QEMU's
OpenSBI on the serial line. This module runs them, parses those lines and writes
build/bench/results.json in the format docs/benchmarks.md describes.
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

from elftools.elf.constants import SH_FLAGS
from elftools.elf.elffile import ELFFile

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
KERNEL_TEXT_TARGET = 48 * 1024  # DESIGN.md: kernel and drivers, .text
LOAD_TARGET = 0.8  # DESIGN.md: an image loads at >= 80% of the line's raw byte rate
ENVS = ("bench_cpu", "bench_libos")  # the envs run alone with the session closed (run_env)
# How far apart two runs' counts may be; every other count is exact. timer_switch: the slot
# timer's phase against the env's 3-instruction loop depends on when the host's load finished
# (host time), so the least switch seen may land a few instructions apart (seen: 3). exopy's
# scripts run once each, not as the least of many samples, and were seen 268 apart in 41 M
# (docs/benchmarks.md, "exopy"): 0.01% of them is allowed.
SLACK_INSTRUCTIONS = {
    "timer_switch": 4,
    "exopy_range_100k": 5_000,
    "exopy_pystone": 10_000,
    "exopy_pystone_per_loop": 5,
}


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
    # Sizes, not instructions: {"name", "value", "unit" ("bytes" or "pages"), "target" or None}.
    sizes: list[dict] = field(default_factory=list)
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


def env_image(board: Board, name: str) -> Path:
    return build_dir() / board.name / "libos" / f"{name}.elf"


def ours_image(board: Board) -> Path:
    return env_image(board, "bench")


def cpu_image(board: Board) -> Path:
    return env_image(board, "bench_cpu")


@contextlib.contextmanager
def icount_target(board: Board, timeout: float, firmware: Path | None = None) -> Iterator[Target]:
    """Our firmware (or `firmware`) booted under -icount shift=0 (a QEMU of its own), past its
    banner."""
    with (
        tempfile.TemporaryDirectory(prefix="exo-bench-") as run,
        Qemu(board, Path(run), firmware=firmware, extra_args=ICOUNT) as q,
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


def run_env(board: Board, name: str, timeout: float = RUN_TIMEOUT) -> list[Count]:
    """Boot our firmware under -icount shift=0 and run the env `name` with the host's session
    closed (its output read from the line in terminal mode): no link traffic in any sample.
    bench_cpu: upcall plus resume, directed yield, a timer interrupt that switches envs,
    revoking 100 pages; bench_libos: libexo's thread switch, malloc and free."""
    image = env_image(board, name)
    if not image.is_file():
        raise BenchError(f"the {name} env is not built: {image} is missing; run `make libos`")
    with icount_target(board, timeout) as t:
        return run_alone(t, image, name, timeout)


def run_cpu(board: Board, timeout: float = RUN_TIMEOUT) -> list[Count]:
    return run_env(board, "bench_cpu", timeout)


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


def disagreements(first: list[Count], second: list[Count]) -> list[str]:
    """Where two runs differ by more than SLACK_INSTRUCTIONS allows: each as `name: a != b`."""
    a = {c.name: c.instructions for c in first}
    b = {c.name: c.instructions for c in second}
    out = [f"{n}: only in one run" for n in sorted(a.keys() ^ b.keys())]
    for name in sorted(a.keys() & b.keys()):
        slack = SLACK_INSTRUCTIONS.get(name, 0)
        if abs(a[name] - b[name]) > slack:
            out.append(f"{name}: {a[name]} != {b[name]} (slack {slack})")
    return out


def report(
    board: Board,
    ours: list[Count],
    peers: list[Count],
    firmware: str,
    sizes: list[dict] | None = None,
) -> Report:
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
    rep.sizes = sizes or []
    return rep


def size(name: str, value: int, unit: str, target: int | None = None) -> dict:
    return {"name": name, "value": value, "unit": unit, "target": target}


def text_bytes(elf: Path) -> int:
    """Bytes of the ELF's executable sections (its `.text`, not its read-only data)."""
    with elf.open("rb") as f:
        return sum(
            s["sh_size"]
            for s in ELFFile(f).iter_sections()
            if s["sh_flags"] & SH_FLAGS.SHF_EXECINSTR and s["sh_flags"] & SH_FLAGS.SHF_ALLOC
        )


def write_report(rep: Report, path: Path | None = None) -> Path:
    path = path or build_dir() / "bench" / "results.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(rep.to_json())
    return path


def have_qemu(board: Board) -> bool:
    return board.qemu is not None and shutil.which(board.qemu.binary) is not None


def run_counts(board: Board, quiet: Path | None = None) -> tuple[list[Count], list[dict]]:
    """Our counts (the envs, then exopy's scripts where exopy is built, on `quiet` if given, see
    exopybench.run_exopy) and the sizes."""
    from .exopybench import exopy_image, run_exopy  # it imports this module

    ours = run_ours(board)
    for name in ENVS:
        ours += run_env(board, name)
    sizes = []
    if firmware_path(board).is_file():
        kernel = text_bytes(firmware_path(board))
        sizes.append(size("kernel_text", kernel, "bytes", KERNEL_TEXT_TARGET))
    if exopy_image(board).is_file():  # 64-bit boards only (libos/Makefile)
        exopy = run_exopy(board, quiet)
        ours += exopy.counts
        sizes.append(size("exopy_text", exopy.text_bytes, "bytes"))
        sizes.append(size("exopy_pages_at_prompt", exopy.pages_at_prompt, "pages"))
    return ours, sizes


def run_all(board: Board) -> Report:
    """Every benchmark that can run on this board: ours, and the OpenSBI peer where it runs."""
    if not have_qemu(board):
        raise BenchError(f"QEMU for board {board.name} is not installed; run `make deps`")
    ours, sizes = run_counts(board)
    peer_runs = board.qemu is not None and board.qemu.machine == "virt" and board.xlen == 64
    peers = run_peer(board) if peer_runs else []
    return report(board, ours=ours, peers=peers, firmware=firmware_id(board), sizes=sizes)


def firmware_id(board: Board) -> str:
    elf = firmware_path(board)
    return f"{elf.name} ({elf.stat().st_size} bytes)" if elf.is_file() else "not built"


def verdict(value: float, target: float | None, at_least: bool = False) -> str:
    """ "" with no target, else "ok" or "MISSED" (a target is a most, or with at_least a least)."""
    if target is None:
        return ""
    return "ok" if (value >= target if at_least else value <= target) else "MISSED"


def rows(rep: Report) -> list[tuple[str, str, str, str, str]]:
    """(name, instructions, target, peer, verdict) for display; a missed target says so."""
    out = []
    for r in rep.results:
        target, peer, n = r["target"], r["peer"], r["instructions"]
        ratio = f"{peer} ({peer / n:.1f}x)" if peer and n else "-"
        shown = "-" if target is None else f"<= {target}"
        out.append((r["name"], str(n), shown, ratio, verdict(n, target)))
    for p in rep.peers:
        out.append((f"peer: {p['name']}", str(p["instructions"]), "-", "-", ""))
    for z in rep.sizes:
        target, n = z["target"], z["value"]
        shown = "-" if target is None else f"<= {target}"
        out.append((f"{z['name']} ({z['unit']})", str(n), shown, "-", verdict(n, target)))
    return out


HEADER = ("instructions per operation", "count", "target", "peer (ratio)", "verdict")


def link_lines(link: dict) -> list[str]:
    """The host-time link numbers for people (`exo bench` sets Report.link)."""
    load = link["load_to_raw"]
    return [
        f"PING 8 bytes round trip: median {link['rtt_median_ms']:.3f} ms, "
        f"min {link['rtt_min_ms']:.3f}, 90% {link['rtt_p90_ms']:.3f}",
        f"PING 1024 bytes, window full: {link['window_bytes_per_s']:,.0f} bytes/s each way",
        f"PING 1024 bytes, one at a time: {link['single_bytes_per_s']:,.0f} bytes/s each way",
        f"raw line, host to target: {link['raw_bytes_per_s']:,.0f} bytes/s "
        f"(window full is {link['window_to_raw']:.0%} of it); retries {link['retries']}",
        f"load of a {link['load_bytes'] // 1024} KiB image: {link['load_seconds'] * 1e3:.0f} ms, "
        f"{link['load_bytes_per_s']:,.0f} bytes/s ({load:.0%} of the raw rate; target "
        f">= {LOAD_TARGET:.0%}: {verdict(load, LOAD_TARGET, at_least=True)}, host time, "
        "never asserted)",
    ]


def table_text(rep: Report) -> str:
    """The table as plain text (for a pipe; a terminal gets rich's)."""
    lines = [f"{HEADER[0]:36} {HEADER[1]:>12} {HEADER[2]:>8} {HEADER[3]:>16}"]
    for name, n, target, peer, verdict_ in rows(rep):
        lines.append(f"{name:36} {n:>12} {target:>8} {peer:>16} {verdict_}".rstrip())
    return "\n".join(lines)
