"""Runs a board's firmware in QEMU: command line from the board file, UART on a pty, QMP control.

QEMU starts paused (-S) with a QMP socket, so the host can open the pty before the guest runs
and no byte of the boot banner is lost; `resume()` then sends `cont`. The serial output is also
logged to a file by QEMU itself. QEMU is stopped by its pid: QMP quit, then SIGTERM, then SIGKILL.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from .boards import Board
from .errors import QemuError

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 10.0  # seconds for QEMU to create its QMP socket
SOCKET_PATH_MAX = 100  # sun_path is 108 bytes on Linux; keep a margin


def build_dir() -> Path:
    """The build tree: $EXO_BUILD_DIR, else the repository's build/."""
    return Path(os.environ.get("EXO_BUILD_DIR", ROOT / "build"))


def firmware_path(board: Board) -> Path:
    """Where `make firmware` puts the board's image: build/<board>/exo.elf."""
    return build_dir() / board.name / "exo.elf"


class Qmp:
    """A minimal QMP client: one JSON object a line, commands answered in order."""

    def __init__(self, path: Path, timeout: float = 5.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(str(path))
        self.file = self.sock.makefile("rwb")
        self._read()  # the greeting
        self.execute("qmp_capabilities")

    def _read(self) -> dict:
        line = self.file.readline()
        if not line:
            raise QemuError("QMP connection closed by QEMU")
        return json.loads(line)

    def execute(self, command: str, **arguments) -> object:
        msg = {"execute": command} | ({"arguments": arguments} if arguments else {})
        self.file.write(json.dumps(msg).encode() + b"\n")
        self.file.flush()
        while True:
            reply = self._read()
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise QemuError(f"QMP {command}: {reply['error'].get('desc', reply['error'])}")
            # anything else is an asynchronous event: skip it

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.file.close()
            self.sock.close()


class Qemu:
    """One QEMU process running a board's firmware. A context manager: start() ... stop()."""

    def __init__(
        self,
        board: Board,
        workdir: Path | None = None,
        firmware: Path | None = None,
        extra_args: tuple[str, ...] = (),
    ):
        if board.qemu is None:
            raise QemuError(f"board {board.name} has no [qemu] section: it cannot run in QEMU")
        self.board = board
        self.firmware = firmware or firmware_path(board)
        # Without a workdir, a temporary one holds the log and socket and goes away on stop():
        # pass a workdir to keep the serial log.
        self._own_workdir = workdir is None
        self.workdir = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="exo-qemu-"))
        self.log_path = self.workdir / "serial.log"
        self.stderr_path = self.workdir / "qemu.stderr"
        qmp = self.workdir / "qmp.sock"
        self._sockdir: Path | None = None
        if len(str(qmp)) > SOCKET_PATH_MAX:
            self._sockdir = Path(tempfile.mkdtemp(prefix="exo-qmp-"))
            qmp = self._sockdir / "qmp.sock"
        self.qmp_path = qmp
        self.extra_args = tuple(extra_args)
        self.proc: subprocess.Popen | None = None
        self.qmp: Qmp | None = None
        self.pty: str | None = None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def command(self) -> list[str]:
        q = self.board.qemu
        assert q is not None
        cmd = [q.binary, "-machine", q.machine]
        if q.cpu:
            cmd += ["-cpu", q.cpu]
        cmd += ["-m", q.memory, "-smp", str(q.smp), "-bios", str(self.firmware)]
        cmd += ["-nographic", "-monitor", "none", "-S"]
        cmd += ["-chardev", f"pty,id=ser0,logfile={self.log_path},logappend=on"]
        cmd += ["-serial", "chardev:ser0"]
        cmd += ["-qmp", f"unix:{self.qmp_path},server=on,wait=off"]
        return cmd + list(q.args) + list(self.extra_args)

    def start(self, detach: bool = False) -> str:
        """Start QEMU paused and return the pty of the board's UART. Call resume() next."""
        if not self.firmware.is_file():
            raise QemuError(
                f"no firmware for board {self.board.name} at {self.firmware}; run `make firmware`"
            )
        binary = self.board.qemu.binary
        if shutil.which(binary) is None:
            raise QemuError(f"{binary} not found; run `make deps` to install QEMU")
        self.workdir.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            self.qmp_path.unlink()
        with open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=err,
                stderr=err,
                start_new_session=detach,  # a detached QEMU outlives the shell's Ctrl-C
            )
        try:
            self._connect()
            self.pty = self._find_pty()
        except BaseException:
            self.stop()
            raise
        return self.pty

    def _connect(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise QemuError(f"QEMU exited with {self.proc.returncode}: {self._stderr()}")
            if self.qmp_path.exists():
                try:
                    self.qmp = Qmp(self.qmp_path)
                    return
                except (OSError, QemuError):
                    pass
            if time.monotonic() > deadline:
                raise QemuError(f"QEMU did not open its QMP socket {self.qmp_path}")
            time.sleep(0.02)

    def _find_pty(self) -> str:
        for dev in self.qmp.execute("query-chardev"):
            if dev.get("label") == "ser0" and dev.get("filename", "").startswith("pty:"):
                return dev["filename"][len("pty:") :]
        raise QemuError(f"QEMU reported no pty for the UART: {self._stderr()}")

    def _stderr(self) -> str:
        try:
            return self.stderr_path.read_text(errors="replace").strip()[-500:] or "no output"
        except OSError:
            return "no output"

    def resume(self) -> None:
        """Let the guest run (after the host opened the pty)."""
        self.qmp.execute("cont")

    def read_log(self) -> bytes:
        try:
            return self.log_path.read_bytes()
        except OSError:
            return b""

    def stop(self, timeout: float = 3.0) -> None:
        """Stop QEMU by its pid: QMP quit, then SIGTERM, then SIGKILL. Idempotent."""
        if self.qmp:
            with contextlib.suppress(OSError, QemuError, ValueError):
                self.qmp.execute("quit")
            self.qmp.close()
            self.qmp = None
        if self.proc:
            stop_pid(self.proc.pid, timeout, self.proc)
            self.proc = None
        if self._sockdir:
            shutil.rmtree(self._sockdir, ignore_errors=True)
            self._sockdir = None
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def detach(self) -> None:
        """Forget the process without stopping it (`exo boot --detach`); stop it with stop_pid."""
        if self.qmp:
            self.qmp.close()
            self.qmp = None
        self.proc = None

    def __enter__(self) -> Qemu:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def stop_pid(pid: int, timeout: float = 3.0, proc: subprocess.Popen | None = None) -> None:
    """Wait for pid to exit, then SIGTERM it, then SIGKILL it. `proc` reaps our own child."""

    def gone(wait: float) -> bool:
        end = time.monotonic() + wait
        while True:
            if proc is not None:
                if proc.poll() is not None:
                    return True
            else:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    return True
                except PermissionError:
                    return False
            if time.monotonic() >= end:
                return False
            time.sleep(0.02)

    if gone(timeout):
        return
    for sig, wait in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 2.0)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        if gone(wait):
            return


def quit_detached(qmp_path: Path, pid: int) -> None:
    """Stop a QEMU started by another process: QMP quit if its socket answers, else signals."""
    with contextlib.suppress(OSError, QemuError, ValueError):
        q = Qmp(qmp_path, timeout=2.0)
        with contextlib.suppress(OSError, QemuError, ValueError):
            q.execute("quit")
        q.close()
    stop_pid(pid)
