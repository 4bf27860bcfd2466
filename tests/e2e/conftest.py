"""End-to-end tests run through the exo pytest plugin (exo.pytest_plugin): its fixtures boot a
fresh QEMU per test, or use the board given with --exo-port. Fixtures shared by these tests:

  until        poll a predicate with a time limit
  env_target   module scope: one target (QEMU booted once per test module, so `-n 2` spreads
               modules over workers), session open; the env tests share it
  kit          function scope: an EnvKit over env_target (load the test envs of
               tests/e2e/envs/ by name, wait for them, read their consoles, check the page
               bookkeeping); every console is attached from the start; after each test every
               env still alive is killed and every managed page and every slot must be free
               again

A failing test that used env_target gets the serial log and the last envs' consoles in its
report.
"""

from __future__ import annotations

import contextlib
import enum
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from exo.abi import ANY, EnvState
from exo.boards import Board
from exo.cli_repl import Console, exopy_target, wait_prompt
from exo.envs import Exit, Fault, PageMap
from exo.errors import RemoteError
from exo.image import Image, load_image
from exo.qemu import Qemu, build_dir, firmware_path
from exo.target import Target

LOG_TAIL = 8192
OUTPUTS_SHOWN = 4  # consoles of the envs that wrote last, shown with a failure
qemu_key = pytest.StashKey["Qemu | None"]()
target_key = pytest.StashKey[Target]()


class Cause(enum.IntEnum):
    """The mcause values the tests expect (RISC-V privileged spec)."""

    FETCH = 1  # instruction access fault
    ILLEGAL = 2  # illegal instruction
    BREAKPOINT = 3  # ebreak: how a test env stops on purpose
    LOAD = 5  # load access fault
    STORE = 7  # store/AMO access fault


@pytest.fixture
def until():
    """until(predicate, limit): poll until predicate() holds; the caller asserts the result."""

    def wait(predicate, limit: float = 10.0) -> bool:
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if predicate():
                return True
            time.sleep(0.01)
        return bool(predicate())

    return wait


EXO = Path(sys.executable).with_name("exo")


@pytest.fixture
def exo(tmp_path, exo_board, request) -> Iterator[Callable[..., subprocess.CompletedProcess]]:
    """The `exo` command as a user runs it, with its state in a temporary EXO_STATE_DIR:
    `exo("ps", "--json")`; `check=False` returns a failed run instead of failing the test.
    Every QEMU an `exo boot ... --json` started is stopped by its pid afterwards, also after a
    failed test."""
    if request.config.getoption("exo_port"):
        pytest.skip("exo boot needs QEMU, not an attached board")
    if not firmware_path(exo_board).is_file():
        pytest.skip(f"firmware not built: {firmware_path(exo_board)} (run `make firmware`)")
    env = dict(os.environ, EXO_STATE_DIR=str(tmp_path / "state"))
    env.pop("EXO_PORT", None)
    started: list[int] = []

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [str(EXO), *args], env=env, capture_output=True, text=True, timeout=60
        )
        if check:
            assert proc.returncode == 0, proc.stderr
        if args[:1] == ("boot",) and proc.returncode == 0 and "--json" in args:
            started.append(json.loads(proc.stdout)["pid"])
        return proc

    run.env = env
    run.path = EXO
    yield run
    for pid in started:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _exopy_elf(board: Board) -> Path:
    elf = firmware_path(board).with_name("exo-exopy.elf")
    if not elf.is_file():
        pytest.skip(f"{elf} is missing (run `make bundle BOARD={board.name}`)")
    return elf


@pytest.fixture
def exopy_elf(exo_board: Board) -> Path:
    """The boot bundle whose env is exopy (skips if it is not built)."""
    return _exopy_elf(exo_board)


@contextlib.contextmanager
def _exopy_console(board: Board) -> Iterator[Console]:
    with exopy_target(None, board.name, str(_exopy_elf(board))) as t:
        con = Console(t)
        con.read_until(b"bundle: exopy is env ", 30)
        con.env = int(con.read_until(b" ", 5), 16)
        wait_prompt(con)
        yield con


@pytest.fixture(scope="session")
def boot_exopy() -> Callable[[Board], contextlib.AbstractContextManager[Console]]:
    """`with boot_exopy(board) as con:` exopy (the boot bundle exo-exopy.elf) at its friendly
    prompt on a QEMU of its own; `con.env` is its env id."""
    return _exopy_console


def env_image(board: Board, name: str) -> Path:
    """A test env's image (tests/e2e/envs/NAME.c, built by `make libos`); skips if missing."""
    path = build_dir() / board.name / "libos" / f"{name}.elf"
    if not path.is_file():
        pytest.skip(f"test env not built: {path} is missing (run `make libos BOARD={board.name}`)")
    return path


@pytest.fixture(scope="module")
def env_target(
    request: pytest.FixtureRequest, exo_board: Board, tmp_path_factory
) -> Iterator[Target]:
    port = request.config.getoption("exo_port")
    if port:
        with Target.open(port, baud=exo_board.baud) as t:
            request.node.stash[qemu_key] = None
            request.node.stash[target_key] = t
            t.hello()
            yield t
        return
    if exo_board.qemu is None:
        pytest.skip(f"board {exo_board.name} cannot run in QEMU; give --exo-port")
    if shutil.which(exo_board.qemu.binary) is None:
        pytest.skip(f"{exo_board.qemu.binary} is not installed (make deps)")
    if not firmware_path(exo_board).is_file():
        pytest.skip(f"firmware not built: run `make firmware BOARD={exo_board.name}`")
    workdir = tmp_path_factory.mktemp("exo-envs")
    with Qemu(exo_board, workdir=workdir) as q:
        t = Target.open(q.start(), baud=exo_board.baud, log_path=q.log_path)
        with t:
            q.resume()  # only now: the pty is open, so the banner cannot be lost
            request.node.stash[qemu_key] = q
            request.node.stash[target_key] = t
            t.banner()
            t.hello()
            yield t


@dataclass
class EnvKit:
    """Loading test envs and reading the results, over one target."""

    target: Target
    board: Board
    Cause = Cause  # so test modules need not import conftest

    images: dict[str, Image] = field(default_factory=dict, repr=False)

    def image(self, name: str) -> Path:
        return env_image(self.board, name)

    def load(self, name: str, *args: object, attach: bool = False, slots: int = 1) -> int:
        """Load test env `name` with its arguments (numbers as hex) and `slots` slots; its id.
        Every env's console is attached from the start (the kit fixture), `attach` only says
        the test reads this one's."""
        if name not in self.images:  # checked once, loaded many times
            self.images[name] = load_image(self.image(name).read_bytes(), xlen=self.board.xlen)
        words = [hex(a) if isinstance(a, int) else str(a) for a in args]
        return self.target.load(self.images[name], name=name, args=words, slots=slots)

    def wait(self, env: int, timeout: float = 20.0) -> int | Fault:
        """Like Target.wait_exit, but watching the events first: it asks for the env table
        only when the ending event does not come (another reader may have taken it)."""
        for ev in self.target.events(min(timeout, 2.0)):
            if isinstance(ev, Exit | Fault) and ev.env == env:
                return ev.code if isinstance(ev, Exit) else ev
        return self.target.wait_exit(env, timeout)

    def run(self, name: str, *args: object, timeout: float = 20.0) -> int | Fault:
        """Load, wait until it exits (its code) or stops on a fault (the Fault)."""
        return self.wait(self.load(name, *args), timeout)

    def probe(self, *ops: object, timeout: float = 20.0) -> int | Fault:
        """One probe env (tests/e2e/envs/probe.c) running `ops`; a faulted probe is killed."""
        env = self.load("probe", *ops)
        result = self.wait(env, timeout)
        if isinstance(result, Fault):
            self.target.kill(env)
        return result

    def wait_stopped(self, env: int, timeout: float = 20.0) -> None:
        """Wait for an env that stops itself on purpose (ebreak); fail on anything else."""
        result = self.wait(env, timeout)
        assert isinstance(result, Fault) and result.cause == Cause.BREAKPOINT, (
            f"env 0x{env:x} should have stopped on purpose, got {result}: "
            f"{self.target.output(env)!r}"
        )

    def wait_output(self, env: int, text: bytes, timeout: float = 20.0) -> bytes:
        """Console bytes of `env` (attached) once they contain `text`."""
        end = time.monotonic() + timeout
        while text not in self.target.output(env):
            if time.monotonic() > end:
                raise AssertionError(f"env 0x{env:x} never wrote {text!r}: {self.output(env)!r}")
            for _ in self.target.events(0.05):
                pass
        return self.target.output(env)

    def output(self, env: int) -> bytes:
        for _ in self.target.events(0.05):
            pass  # take what has arrived
        return self.target.output(env)

    def pages(self) -> PageMap:
        return self.target.pages()

    def owned(self, env: int, pages: PageMap | None = None) -> list[int]:
        """Every page env owns, ascending."""
        pages = pages or self.pages()
        return [p for r in pages.runs if r.owner == env for p in range(r.first, r.end)]

    def check_pages(self) -> PageMap:
        """The kernel's bookkeeping as the host reads it holds together: the runs tile the
        managed pages exactly, every owner is a live env whose page count matches its runs, and
        INFO's free count is the free runs' total. The page map, for more checks."""
        pages = self.pages()
        at = pages.page_first
        for r in pages.runs:
            assert r.first == at and r.pages > 0, f"runs do not tile the pages at 0x{at:x}"
            at = r.end
        assert at == pages.page_first + pages.page_count
        envs = {e.id: e for e in self.target.envs()}
        owners = {r.owner for r in pages.runs if not r.free}
        for owner in owners:
            assert owner in envs, f"pages owned by 0x{owner:x}, which is not in the env table"
            assert envs[owner].state != EnvState.DEAD, f"a DEAD env 0x{owner:x} owns pages"
        for e in envs.values():
            assert e.pages == pages.owned_by(e.id), f"env 0x{e.id:x} counts {e.pages} pages"
        assert self.target.info()["pages_free"] == pages.free_pages
        return pages

    def free_apart(self, n: int) -> list[int]:
        """n free pages from the top of memory down (far from where images load), each with
        free neighbours and two free pages between any two of them."""
        pages = self.pages()
        free = {p for r in pages.runs if r.free for p in range(r.first, r.end)}
        out: list[int] = []
        for p in sorted(free, reverse=True):
            if {p - 1, p + 1} <= free and (not out or out[-1] - p >= 3):
                out.append(p)
                if len(out) == n:
                    return out
        raise AssertionError(f"fewer than {n} free pages apart")

    def live(self) -> list[int]:
        return [e.id for e in self.target.envs() if e.state not in (EnvState.DEAD,)]

    def kill_all(self) -> None:
        for env in self.live():
            try:
                self.target.kill(env)
            except RemoteError:
                # A child env dies with its parent: killed a moment ago, it is gone by now.
                if env in self.live():
                    raise


@pytest.fixture
def kit(env_target: Target, exo_board: Board) -> Iterator[EnvKit]:
    k = EnvKit(env_target, exo_board)
    k.kill_all()
    # Every env's console, attached before any is loaded: an env may write and exit before an
    # attachment made after its load reached the target, and a DEAD env's console is gone.
    env_target.console_attach(ANY, backlog=True)
    yield k
    k.kill_all()
    pages = k.check_pages()
    assert pages.free_pages == pages.page_count, "pages still bound after every env was killed"
    assert env_target.info()["pages_total"] == pages.page_count
    slots = env_target.slots()
    assert slots.free_slots == slots.slot_count, "slots still bound after every env was killed"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """The module target's serial log and the consoles of the envs that wrote last, on a failure
    (the plugin does the same for its own fixtures)."""
    report = yield
    module = item.getparent(pytest.Module)
    if report.failed and module is not None:
        q = module.stash.get(qemu_key, None)
        if q is not None:
            with contextlib.suppress(OSError):
                text = q.read_log()[-LOG_TAIL:].decode("utf-8", "replace")
                report.sections.append((f"exo serial log ({q.log_path})", text))
        t = module.stash.get(target_key, None)
        outputs = list(t.outputs().items())[-OUTPUTS_SHOWN:] if t is not None else []
        for env, data in outputs:
            tail = data[-LOG_TAIL:].decode("utf-8", "replace")
            report.sections.append((f"exo env 0x{env:x} console (last {LOG_TAIL} bytes)", tail))
    return report
