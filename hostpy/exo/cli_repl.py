"""The `exo` commands for exopy, the Python env: repl (the terminal on its console) and run (a
script through MicroPython's raw REPL, output streamed, the script's exit status), against a
booted target or a QEMU of their own (--firmware)."""

from __future__ import annotations

import contextlib
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from .boards import load_board
from .clicommon import board_option, port_option, resolve_port
from .errors import ExoError, LinkError
from .qemu import Qemu
from .target import Target
from .terminal import run_terminal

RAW_BANNER = b"raw REPL; CTRL-B to exit\r\n>"
PROMPT = b">>> "
EOT = b"\x04"
RAW_PASTE = b"\x05A\x01"  # raw-paste request; exopy answers R, 0x01 and its window
EXIT_RE = re.compile(rb"SystemExit: (-?\d+)\s*$")
# How long exopy may take to answer a step of the raw REPL protocol (banner, OK, window): a
# second is usual, but a QEMU on a loaded host can stall for many.
STEP_TIMEOUT = 30.0


class Console:
    """exopy's console on a target's line in terminal mode: bytes in, bytes out."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.pending = bytearray(target.terminal)
        target.terminal.clear()

    def write(self, data: bytes) -> None:
        self.target.transport.write(data)

    def read_until(
        self, marker: bytes, timeout: float, sink: Callable[[bytes], None] | None = None
    ) -> bytes:
        """Bytes up to `marker` (dropped), each part passed to `sink` as it comes, if given;
        LinkError on timeout."""
        deadline = time.monotonic() + timeout
        got = bytearray()
        while True:
            at = self.pending.find(marker)
            if at >= 0:
                part = bytes(self.pending[:at])
                del self.pending[: at + len(marker)]
                if sink and part:
                    sink(part)
                return bytes(got) + part
            # keep a possible start of the marker back; the rest can go to the sink now
            keep = len(marker) - 1
            if sink and len(self.pending) > keep:
                part = bytes(self.pending[: len(self.pending) - keep])
                del self.pending[: len(part)]
                got += part
                sink(part)
            left = deadline - time.monotonic()
            if left <= 0:
                seen = bytes(got + self.pending)[-200:]
                raise LinkError(f"exopy: no {marker!r} within {timeout:g} s; last bytes {seen!r}")
            self.pending += self.target.transport.read(4096, min(left, 0.1))


def wait_prompt(con: Console, timeout: float = 30.0) -> None:
    """Until exopy is at its friendly prompt (Ctrl-C first: any running code stops)."""
    con.write(b"\r\x03")
    con.read_until(PROMPT, timeout)


def raw_paste(con: Console, source: bytes) -> None:
    """Send source in raw-paste mode: no more than the window exopy granted before each 0x01
    it sends back, so no byte is lost however slowly it reads. Ends with its 0x04."""
    con.write(RAW_PASTE)
    con.read_until(b"R\x01", STEP_TIMEOUT)
    while len(con.pending) < 2:
        con.pending += con.target.transport.read(2, 1.0)
    window = int.from_bytes(con.pending[:2], "little")
    del con.pending[:2]
    credit = window
    at = 0
    while at < len(source):
        if credit == 0:
            got = con.read_until(b"\x01", 30.0)
            if EOT in got:
                raise LinkError("exopy ended the raw paste early")
            credit = window
        part = source[at : at + credit]
        con.write(part)
        at += len(part)
        credit -= len(part)
    con.write(EOT)
    con.read_until(EOT, 30.0)


def raw_exec(
    con: Console,
    source: bytes,
    out: Callable[[bytes], None],
    timeout: float = 60.0,
    reset: bool = True,
) -> tuple[int, bytes]:
    """Run source in the raw REPL (sent in raw-paste mode): its output goes to `out` as it comes.
    With `reset` (as mpremote does) a soft reset first gives it fresh globals and a clean heap.
    Returns the script's exit status (0, SystemExit's code, 1 for an uncaught exception) and the
    error text."""
    con.write(b"\r\x03\x03\x01")
    con.read_until(RAW_BANNER, STEP_TIMEOUT)
    if reset:
        con.write(EOT)
        con.read_until(b"OK\r\n", STEP_TIMEOUT)
        con.read_until(RAW_BANNER, STEP_TIMEOUT)
    raw_paste(con, source)
    con.read_until(EOT, timeout, out)
    err = con.read_until(EOT, timeout)
    con.read_until(b">", STEP_TIMEOUT)
    con.write(b"\x02")  # back to the friendly REPL
    if not err:
        return 0, err
    m = EXIT_RE.search(err.replace(b"\r", b""))
    return (int(m.group(1)) if m else 1), err


@contextlib.contextmanager
def exopy_target(port: str | None, board: str, firmware: str | None) -> Iterator[Target]:
    """A target whose foreground env is exopy: a QEMU of our own booting `firmware` (stopped
    after), else the line of --port / the detached boot."""
    if not firmware:
        with Target.open(resolve_port(port)) as t:
            yield t
        return
    b = load_board(board)
    with (
        tempfile.TemporaryDirectory(prefix="exo-run-") as run,
        Qemu(b, workdir=Path(run), firmware=Path(firmware)) as q,
    ):
        t = Target.open(q.start(), log_path=q.log_path)
        with t:
            q.resume()
            yield t


FIRMWARE = click.option(
    "--firmware",
    type=click.Path(exists=True, dir_okay=False),
    help="boot this kernel (with exopy in its bundle, e.g. build/BOARD/exo-exopy.elf) in a QEMU "
    "of our own instead of using --port",
)


@click.command()
@port_option
@board_option
@FIRMWARE
def repl(port: str | None, board: str, firmware: str | None) -> None:
    """Open exopy's >>> prompt: the terminal on the target's line (the foreground env gets the
    keystrokes; Ctrl-] quits)."""
    with exopy_target(port, board, firmware) as t:
        click.echo(f"exo: exopy on {t.port}; Ctrl-] quits", err=True)
        t.transport.write(b"\r")
        run_terminal(t)


@click.command()
@port_option
@board_option
@FIRMWARE
@click.option("--timeout", default=60.0, show_default=True, help="seconds the script may run")
@click.argument("script", type=click.File("rb"))
def run(port: str | None, board: str, firmware: str | None, timeout: float, script) -> None:
    """Run SCRIPT in exopy through the raw REPL: its output streamed here, its errors on stderr,
    its exit status ours."""
    source = script.read()

    def out(data: bytes) -> None:
        sys.stdout.buffer.write(data.replace(b"\r\n", b"\n"))
        sys.stdout.buffer.flush()

    with exopy_target(port, board, firmware) as t:
        con = Console(t)
        wait_prompt(con, 30.0)
        try:
            status, err = raw_exec(con, source, out, timeout)
        except LinkError as e:
            raise ExoError(str(e)) from e
    if err:
        sys.stderr.buffer.write(err.replace(b"\r\n", b"\n"))
        sys.stderr.buffer.flush()
    sys.exit(status)


COMMANDS = (repl, run)
