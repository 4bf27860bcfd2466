"""`exo repl` and `exo run` as a person runs them: the real CLI on a pty of its own. With
--firmware it boots its own QEMU, shows exopy's >>> prompt, evaluates a typed line, leaves on
Ctrl-] with status 0 and stops that QEMU; with --port it leaves the owner's QEMU (and exopy in
it) running. `exo run` of a failing script exits with the script's status."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from exo.cli_repl import Console, wait_prompt
from exo.qemu import Qemu
from exo.target import Target

pytestmark = pytest.mark.qemu

EXO = Path(sys.executable).with_name("exo")
QUIT = b"\x1d"  # Ctrl-]


class PtyChild:
    """A command whose stdin, stdout and stderr are the slave of a new pty; we hold the master."""

    def __init__(self, cmd: list[str]) -> None:
        master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            cmd, stdin=slave, stdout=slave, stderr=slave, start_new_session=True
        )
        os.close(slave)
        self.fd = master
        self.seen = bytearray()

    def _read(self, timeout: float) -> bool:
        """Some bytes into `seen`; False once the child closed the pty."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 4096)
        except OSError:  # EIO: the slave side is closed
            return False
        self.seen += data
        return bool(data)

    def expect(self, marker: bytes, timeout: float) -> bytes:
        """Everything up to and including `marker`."""
        deadline = time.monotonic() + timeout
        while marker not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"no {marker!r} within {timeout} s; last {bytes(self.seen[-300:])!r}"
            if not self._read(min(left, 0.2)):
                raise AssertionError(f"pty closed before {marker!r}: {bytes(self.seen[-300:])!r}")
        end = self.seen.index(marker) + len(marker)
        got = bytes(self.seen[:end])
        del self.seen[:end]
        return got

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    def wait(self, timeout: float) -> int:
        """The exit status, reading what it still writes meanwhile."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._read(0.1)
        return self.proc.wait(timeout=max(deadline - time.monotonic(), 0.1))

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()  # our own child, by its handle
            self.proc.wait()
        os.close(self.fd)


def _qemu_pids_running(firmware: Path) -> list[int]:
    """The processes whose command line names this firmware file (a copy only this test uses)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"qemu-system" in cmdline and str(firmware).encode() in cmdline:
            pids.append(int(entry.name))
    return pids


@pytest.fixture
def own_exopy_elf(exopy_elf, tmp_path) -> Path:
    """The exopy bundle at a path no other QEMU uses: ours are found by it."""
    mine = tmp_path / "repl-cli-exopy.elf"
    shutil.copy(exopy_elf, mine)
    return mine


def type_expression(child: PtyChild, expr: str) -> None:
    """Types `expr` at >>> and expects its echo, then the value CPython gives it, then >>>."""
    child.write(expr.encode() + b"\r")
    child.expect(f"{expr}\r\n{eval(expr)!r}\r\n>>> ".encode(), 30)


def test_repl_with_its_own_qemu(exo_board, own_exopy_elf):
    child = PtyChild(
        [str(EXO), "repl", "--board", exo_board.name, "--firmware", str(own_exopy_elf)]
    )
    try:
        child.expect(b"Ctrl-] quits", 30)
        child.expect(b">>> ", 60)
        assert _qemu_pids_running(own_exopy_elf), "exo repl runs no QEMU of its own"
        type_expression(child, "6 * 7")
        type_expression(child, "[i * i for i in range(4)]")
        child.write(QUIT)
        assert child.wait(30) == 0
    finally:
        child.close()
    assert _qemu_pids_running(own_exopy_elf) == []


def test_repl_and_run_leave_the_owners_qemu(exo_board, own_exopy_elf, tmp_path):
    with Qemu(exo_board, workdir=tmp_path, firmware=own_exopy_elf) as q:
        port = q.start()
        with Target.open(port) as t:
            q.resume()
            wait_prompt(Console(t))
        child = PtyChild([str(EXO), "repl", "--board", exo_board.name, "--port", port])
        try:
            child.expect(b"Ctrl-] quits", 30)
            child.expect(b">>> ", 30)
            child.write(b"n = 5\r")
            child.expect(b"n = 5\r\n", 30)
            child.write(b"print('n is', n)\r")
            child.expect(b"n)\r\nn is 5\r\n>>> ", 30)
            child.write(QUIT)
            assert child.wait(30) == 0
        finally:
            child.close()
        assert q.proc.poll() is None, "exo repl --port stopped a QEMU it does not own"
        with Target.open(port) as t:  # exopy kept its session: n is still there
            con = Console(t)
            con.write(b"n * 2\r")
            con.read_until(b"n * 2\r\n", 10)
            assert con.read_until(b">>> ", 10) == b"10\r\n"

        script = tmp_path / "fails.py"
        script.write_text("print('before')\nraise ValueError('bad')\n")
        run = subprocess.run(
            [str(EXO), "run", "--board", exo_board.name, "--port", port, str(script)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert (run.returncode, run.stdout) == (1, "before\n"), run.stderr
        assert "ValueError: bad" in run.stderr and "line 2" in run.stderr
        assert q.proc.poll() is None
