"""A plain serial terminal on a target's line: keystrokes go out, bytes come in, Ctrl-] quits."""

from __future__ import annotations

import contextlib
import os
import select
import sys
import termios
import threading
import tty

from .errors import LinkError
from .target import Target

QUIT = b"\x1d"  # Ctrl-], as in telnet and miniterm


def run_terminal(target: Target) -> None:
    """Copy the line to stdout and stdin to the line until Ctrl-] or the line closes."""
    out = sys.stdout.buffer
    if target.terminal:
        out.write(bytes(target.terminal))
        out.flush()
        target.terminal.clear()
    stop = threading.Event()

    def pump() -> None:
        try:
            while not stop.is_set():
                data = target.transport.read(4096, 0.1)
                if data:
                    out.write(data)
                    out.flush()
        except LinkError:
            stop.set()

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd) if os.isatty(fd) else None
    try:
        if saved:
            tty.setraw(fd)
        while not stop.is_set():
            ready, _, _ = select.select([fd], [], [], 0.1)
            if not ready:
                continue
            data = os.read(fd, 1024)
            if not data or QUIT in data:
                target.transport.write(data.split(QUIT)[0])
                break
            target.transport.write(data)
    finally:
        stop.set()
        if saved:
            with contextlib.suppress(termios.error):
                termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        reader.join(timeout=1)
