"""Boot on QEMU: the kernel's PMP self-test runs in U-mode before any env; the trap paths'
instruction counts (a measuring build under -icount shift=0, where they repeat exactly); a
kernel limited to 8 PMP entries, as SiFive cores have (QEMU 7.2 cannot be told to implement
fewer than 16), running a working set far larger than its entries; the upcall paths with the
vector's fast paths compiled out; and the walk of the time-slice vector: a spinning env, however
many slots it holds, starves neither the others nor the host link, and an env holding no slot
does not run."""

from __future__ import annotations

import fcntl
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from exo.abi import EnvState
from exo.boards import Board
from exo.envs import Fault
from exo.image import load_image
from exo.qemu import Qemu, build_dir
from exo.target import Target

ROOT = Path(__file__).resolve().parents[2]
SELFTEST = rb"\[exo\] pmp self-test passed \((\d+) entries\)"
MEASURE = rb"\[exo\] measure null=(-?\d+) refill=(-?\d+)\r?\n"
NULL_SYSCALL_TARGET = 16  # DESIGN.md: U -> M -> U, the ecall included
# DESIGN.md's refill target is 60; the vector's fast path takes about 110 and the C path
# (trap_user, ptlb_fault) about 360, so this bound says the fast path was taken.
REFILL_FAST_PATH_BOUND = 150


def test_pmp_self_test_passes_before_any_env(exo_qemu, exo_board: Board) -> None:
    banner = exo_qemu.banner()
    m = exo_qemu.target.expect(SELFTEST, timeout=10)
    assert int(m[1]) == banner.pmp == exo_board.pmp_entries


@pytest.fixture(scope="module")
def variant(exo_board: Board, tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """variant(name, *cflags): the firmware built with extra C flags in a build tree of its own
    (the shared one keeps the normal kernel)."""
    if exo_board.qemu is None:
        pytest.skip(f"board {exo_board.name} cannot run in QEMU")
    root = tmp_path_factory.mktemp("variants")

    def build(name: str, *cflags: str) -> Path:
        out = root / name
        with open(root / ".lock", "w") as lock:  # one build at a time in this worker
            fcntl.flock(lock, fcntl.LOCK_EX)
            subprocess.run(
                ["make", "-j2", "-C", "firmware", f"BOARD={exo_board.name}"]
                + [f"PY={sys.executable}", f"BUILD={out}", f"EXTRA_CFLAGS={' '.join(cflags)}"],
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        return out / exo_board.name / "exo.elf"

    return build


def boot(board: Board, elf: Path, workdir: Path, *extra: str) -> tuple[Qemu, Target]:
    q = Qemu(board, workdir=workdir, firmware=elf, extra_args=extra)
    t = Target.open(q.start(), baud=board.baud, log_path=q.log_path)
    q.resume()  # only now: the pty is open, so the banner cannot be lost
    return q, t


@pytest.mark.qemu
def test_null_syscall_and_refill_instruction_counts(
    variant, exo_board: Board, tmp_path: Path
) -> None:
    """The self-test's measurement, read from instret in U-mode: a null syscall round trip
    meets its target; a load from an owned page with no PMP entry is refilled and retried
    (refill=-1 would mean it still faulted) through the vector's fast path. The <= 60 target
    for a refill is not met (docs/firmware.md says why)."""
    elf = variant("measure", "-DSELFTEST_MEASURE=1")
    q, t = boot(exo_board, elf, tmp_path, "-icount", "shift=0")
    with q, t:
        m = t.expect(MEASURE, timeout=30)
        t.expect(SELFTEST, timeout=30)
    null, refill = int(m[1]), int(m[2])
    print(f"null syscall: {null} instructions, PMP refill: {refill} instructions")
    assert 0 < null <= NULL_SYSCALL_TARGET
    assert 0 < refill <= REFILL_FAST_PATH_BOUND


def libos_image(board: Board, name: str) -> Path:
    path = build_dir() / board.name / "libos" / f"{name}.elf"
    if not path.is_file():
        pytest.skip(f"test env not built: {path} is missing (run `make libos BOARD={board.name}`)")
    return path


@pytest.mark.qemu
@pytest.mark.parametrize(
    ("name", "cflags"),
    [
        ("pmp8", ("-DPMP_USE_MAX=8",)),
        # The general paths alone: every null call and every refill through trap_user in C.
        ("pmp8-general", ("-DPMP_USE_MAX=8", "-DTRAP_NULL_FASTPATH=0", "-DTRAP_REFILL_FASTPATH=0")),
    ],
)
def test_eight_pmp_entries(
    variant, exo_board: Board, tmp_path: Path, name: str, cflags: tuple[str, ...]
) -> None:
    """With 8 entries (1 pinned, 7 for the env): the self-test passes, the exposed state says
    8, and an env touching 64 scattered pages at random reads back exactly what it wrote;
    with the trap fast paths and without them."""
    wset = libos_image(exo_board, "wset")
    elf = variant(name, *cflags)
    q, t = boot(exo_board, elf, tmp_path)
    with q, t:
        assert t.banner().pmp == 8
        assert int(t.expect(SELFTEST, timeout=10)[1]) == 8
        t.hello()
        t.console_attach(backlog=True)
        env = t.load(wset, name="wset", args=["0x7", "0x40", "0x4e20"])
        result = t.wait_exit(env, 60)
        for _ in t.events(0.1):
            pass  # the rest of its console output
        out = t.output(env)
        assert result == 0 and not isinstance(result, Fault), (result, out)
        assert b"wset pages 64" in out, out


def test_a_spinning_env_does_not_starve_another(kit) -> None:
    """Round robin with a timer quantum: a probe spinning on console reads (it never gives up
    the CPU by itself) and a second probe that only writes `ok` and exits: the second must
    finish while the first still spins; the first then gets its byte and exits too."""
    spinner = kit.load("probe", "i", "o", attach=True)
    assert kit.run("probe", "o") == 0
    assert kit.target.env_end(spinner) is None, "the spinner ended without its input"
    assert kit.target.console_input(spinner, b"x") == 1
    assert kit.target.wait_exit(spinner, 20) == 0
    assert kit.wait_output(spinner, b"ok").startswith(b"ok")


@pytest.mark.qemu
def test_upcalls_through_the_general_path(variant, exo_board: Board, tmp_path: Path) -> None:
    """Every trap fast path compiled out (upcall dispatch and resume, null call, refill): a
    libOS handler still gets each fault with its cause and resumes past it, 1000 times, and
    every register of the interrupted code is intact, so the C paths the fast ones fall back
    to agree with them (test_upcalls.py runs the same env on the normal kernel)."""
    upcalls = libos_image(exo_board, "upcalls")
    elf = variant(
        "upcall-general",
        "-DTRAP_UPCALL_FASTPATH=0",
        "-DTRAP_NULL_FASTPATH=0",
        "-DTRAP_REFILL_FASTPATH=0",
    )
    q, t = boot(exo_board, elf, tmp_path)
    with q, t:
        t.hello()
        t.console_attach(backlog=True)
        kernel = hex(exo_board.ram_base)  # the kernel's first page: no env may touch it
        env = t.load(upcalls, name="upcalls", args=["r", kernel, "f", kernel, "n", "1000"])
        result = t.wait_exit(env, 60)
        for _ in t.events(0.1):
            pass
        out = t.output(env)
    assert result == 0, (result, out)
    assert b"regs fault ok\n" in out, out
    assert b"pcs ok\n" in out and b"faults 1000\n" in out, out


def load_slots(kit, name: str, slots: int, *args: object) -> int:
    """Load test env `name` holding `slots` slots of the time-slice vector; its id."""
    img = load_image(kit.image(name).read_bytes(), xlen=kit.board.xlen)
    words = [hex(a) if isinstance(a, int) else str(a) for a in args]
    return kit.target.load(img, name=name, args=words, slots=slots)


def test_a_spinner_holding_most_slots_starves_neither_another_env_nor_the_link(kit) -> None:
    """The walk of the vector: a probe spinning on console reads holds 24 of the slots and a
    second probe one; the second still runs to its exit, the host's requests are answered
    while the spinner spins (the vector shows its 24 slots and a slot running now, one held by
    a live env), and the spinner exits once it gets its byte."""
    spinner = load_slots(kit, "probe", 24, "i", "o")
    assert kit.run("probe", "o") == 0
    vector = kit.target.slots()
    assert vector.owners.count(spinner) == 24, vector
    assert vector.current is not None and vector.owners[vector.current] != 0, vector
    assert kit.target.env_end(spinner) is None, "the spinner ended without its input"
    assert kit.target.console_input(spinner, b"x") == 1
    assert kit.wait(spinner, 20) == 0
    assert kit.wait_output(spinner, b"ok").startswith(b"ok")
    assert kit.target.slots().owners.count(spinner) == 0, "a dead env's slots are free again"


def test_an_env_holding_no_slot_does_not_run(kit) -> None:
    """An env loaded with no slot is RUNNABLE but never entered (nothing donates to it): it
    does not write its `ok` while another env runs to its exit in the meantime; once given
    nothing still, it is killed having written nothing."""
    idle = load_slots(kit, "probe", 0, "o")
    assert kit.run("probe", "o") == 0  # a full load and run: many slots' worth of time
    states = {e.id: e.state for e in kit.target.envs()}
    assert states[idle] == EnvState.RUNNABLE, states
    assert kit.output(idle) == b"", "an env with no slot ran"
    kit.target.kill(idle)
