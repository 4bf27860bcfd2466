"""The real mpremote (PyPI) drives exopy's raw REPL: `connect <port> exec`, `eval` and `run`.
exopy sits on one pty; mpremote opens the slave of a second pty as its serial port; a thread
copies bytes between the two masters, as a serial cable would."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import threading
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest
from exopy_proc import TIMEOUT, needs_exopy
from test_repl_pty import Console, console

MPREMOTE = shutil.which("mpremote", path=str(Path(sys.executable).parent)) or shutil.which(
    "mpremote"
)

pytestmark = [
    needs_exopy,
    pytest.mark.skipif(
        MPREMOTE is None, reason="mpremote is not installed (pip install -e .[test])"
    ),
]


def relay(a: int, b: int, stop: threading.Event) -> None:
    """Copy bytes both ways between pty masters a and b until stop is set."""
    while not stop.is_set():
        ready, _, _ = select.select([a, b], [], [], 0.05)
        for fd in ready:
            try:
                data = os.read(fd, 4096)
            except OSError:
                continue
            out = b if fd == a else a
            while data:
                data = data[os.write(out, data) :]


class Serial:
    """The serial port mpremote opens: a pty slave path wired to a Console."""

    def __init__(self, con: Console) -> None:
        self.master, self.slave = os.openpty()
        # raw from the start: no echo of exopy's output back into exopy before mpremote opens it
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=relay, args=(con.fd, self.master, self.stop))
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def port() -> Iterator[str]:
    """The path of a serial port with exopy at the other end (at its friendly prompt)."""
    with console() as con:
        serial = Serial(con)
        try:
            yield serial.path
        finally:
            serial.close()
        # exopy is still alive and in the friendly REPL after mpremote is gone
        con.pending.clear()
        assert con.exchange(b"\r\x03").endswith(b">>> ")


def mpremote(port: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    assert MPREMOTE is not None
    return subprocess.run(
        [MPREMOTE, "connect", port, *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=cwd,
    )


def test_exec(port: str) -> None:
    r = mpremote(port, "exec", "print('hello from exopy', 6 * 7)")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["hello from exopy 42"]


def test_eval(port: str) -> None:
    r = mpremote(port, "eval", "[i * i for i in range(5)]")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[0, 1, 4, 9, 16]"


def test_run_script(port: str, tmp_path: Path) -> None:
    script = tmp_path / "script.py"
    body = "\n".join(f"x{i} = {i}  # {'padding ' * 8}" for i in range(60))
    script.write_text(f"{body}\nprint('sum', sum([{', '.join(f'x{i}' for i in range(60))}]))\n")
    r = mpremote(port, "run", str(script))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["sum 1770"]


def test_exec_error_is_reported(port: str) -> None:
    r = mpremote(port, "exec", "1 / 0")
    assert r.returncode != 0
    assert "ZeroDivisionError: division by zero" in r.stdout + r.stderr


def test_several_commands_in_one_session(port: str) -> None:
    r = mpremote(port, "exec", "y = 5", "eval", "y * 3", "exec", "print('done')")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["15", "done"]
