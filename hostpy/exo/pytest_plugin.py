"""pytest plugin for exo targets: options, fixtures that boot QEMU or use an attached board,
and the serial log (and the console of every env the test's target saw output from) attached to
a failing test's report.

Options: --exo-board NAME (default qemu-virt), --exo-port PORT (an attached board instead of QEMU).
Fixtures:
  exo_board          session  the Board (boards/NAME.toml)
  exo_qemu           function a fresh QEMU, running, its line open in terminal mode: a Booted
  exo_target         function a Target with its session open (HELLO done) on a fresh QEMU
  exo_shared_target  session  one Target shared by the tests that ask for it (they must not
                              leave state behind)
Tests using the QEMU fixtures get the `qemu` marker and are skipped, with the reason, when the
firmware is not built. See docs/testing.md.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .boards import DEFAULT_BOARD, Board, load_board
from .errors import BoardError, ExoError
from .qemu import Qemu, firmware_path
from .target import Banner, Target

LOG_TAIL = 8192  # bytes of serial log shown in a failure report
QEMU_FIXTURES = ("exo_qemu", "exo_target", "exo_shared_target")
booted_key = pytest.StashKey["Booted"]()


@dataclass
class Booted:
    """A target brought up for a test: its QEMU (None on an attached board), line and log."""

    target: Target
    qemu: Qemu | None
    log_path: Path | None

    def banner(self, timeout: float = 10.0) -> Banner:
        return self.target.banner(timeout)

    def log(self) -> bytes:
        return self.qemu.read_log() if self.qemu else bytes(self.target.terminal)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("exo")
    group.addoption("--exo-board", default=DEFAULT_BOARD, help="board to test (default qemu-virt)")
    group.addoption("--exo-port", default=None, help="use an attached board on this serial port")


def pytest_configure(config: pytest.Config) -> None:
    for line in (
        "qemu: needs QEMU and the built firmware",
        "board: needs a real board (--exo-port)",
        "slow: long-running (fuzzing, soak)",
    ):
        config.addinivalue_line("markers", line)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(f in getattr(item, "fixturenames", ()) for f in QEMU_FIXTURES):
            item.add_marker(pytest.mark.qemu)


@pytest.fixture(scope="session")
def exo_board(request: pytest.FixtureRequest) -> Board:
    try:
        return load_board(request.config.getoption("exo_board"))
    except BoardError as e:
        raise pytest.UsageError(str(e)) from e


@contextlib.contextmanager
def _bring_up(config: pytest.Config, board: Board, workdir: Path) -> Iterator[Booted]:
    port = config.getoption("exo_port")
    if port:
        with Target.open(port, baud=board.baud) as t:
            yield Booted(t, None, None)
        return
    if board.qemu is None:
        pytest.skip(f"board {board.name} cannot run in QEMU; give --exo-port")
    if shutil.which(board.qemu.binary) is None:
        pytest.skip(f"{board.qemu.binary} is not installed (make deps)")
    elf = firmware_path(board)
    if not elf.is_file():
        pytest.skip(
            f"firmware not built: {elf} is missing (run `make firmware BOARD={board.name}`)"
        )
    with Qemu(board, workdir=workdir) as q:
        t = Target.open(q.start(), baud=board.baud, log_path=q.log_path)
        with t:
            q.resume()  # only now: the pty is open, so the banner cannot be lost
            yield Booted(t, q, q.log_path)


@pytest.fixture
def exo_qemu(request: pytest.FixtureRequest, exo_board: Board, tmp_path: Path) -> Iterator[Booted]:
    with _bring_up(request.config, exo_board, tmp_path) as booted:
        request.node.stash[booted_key] = booted
        yield booted


@pytest.fixture
def exo_target(exo_qemu: Booted) -> Target:
    exo_qemu.target.hello()
    return exo_qemu.target


@pytest.fixture(scope="session")
def exo_shared_target(request: pytest.FixtureRequest, exo_board: Board) -> Iterator[Target]:
    workdir = Path(tempfile.mkdtemp(prefix="exo-shared-"))
    with _bring_up(request.config, exo_board, workdir) as booted:
        booted.target.hello()
        request.config.stash[booted_key] = booted
        yield booted.target
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.failed:
        booted = item.stash.get(booted_key, None)
        if booted is None and "exo_shared_target" in getattr(item, "fixturenames", ()):
            booted = item.config.stash.get(booted_key, None)
        if booted is not None:
            log = booted.log()
            where = booted.log_path or booted.target.port
            text = log[-LOG_TAIL:].decode("utf-8", "replace")
            if isinstance(call.excinfo and call.excinfo.value, ExoError):
                text = f"{call.excinfo.value}\n---\n{text}"
            report.sections.append((f"exo serial log ({where}, last {LOG_TAIL} bytes)", text))
            for env, data in booted.target.outputs().items():
                tail = data[-LOG_TAIL:].decode("utf-8", "replace")
                report.sections.append((f"exo env 0x{env:x} console (last {LOG_TAIL} bytes)", tail))
    return report
