"""Byte links to a target: one small interface, a serial-port implementation and an in-memory pair.

A serial port is a device path (a board's USB UART, QEMU's pty) or a pyserial URL such as
`socket://127.0.0.1:PORT`. The in-memory pair joins two ends in one process, for tests.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from typing import Protocol

import serial

from ..errors import LinkError, PortError


class Transport(Protocol):
    """What the session needs from a byte link."""

    name: str

    def read(self, size: int, timeout: float) -> bytes:
        """Up to `size` bytes, as soon as any arrive; b"" after `timeout` seconds of nothing.
        Raises LinkError once the link is closed or broken."""

    def write(self, data: bytes) -> None:
        """Send all of `data`; raises LinkError if the link is closed or broken."""

    def close(self) -> None:
        """Release the link; later calls raise LinkError. Closing twice is harmless."""


class SerialTransport:
    """A serial port through pyserial: a device path or a URL (`socket://host:port`, `loop://`)."""

    def __init__(self, port: str, baud: int = 115200):
        self.name = port
        try:
            if "://" in port:
                self._port = serial.serial_for_url(port, baudrate=baud, timeout=0.05)
            else:
                self._port = serial.Serial(port, baudrate=baud, timeout=0.05, exclusive=True)
        except (serial.SerialException, OSError, ValueError) as e:
            raise PortError(f"cannot open port {port}: {_reason(e)}", port=port) from e
        self._timeout = 0.05

    def read(self, size: int, timeout: float) -> bytes:
        try:
            if timeout != self._timeout:
                self._port.timeout = self._timeout = timeout
            waiting = self._port.in_waiting
            return self._port.read(max(1, min(size, waiting)))
        except (serial.SerialException, OSError, TypeError, AttributeError) as e:
            # pyserial raises TypeError/AttributeError when the port was closed under it.
            raise LinkError(f"port {self.name}: {_reason(e)}") from e

    def write(self, data: bytes) -> None:
        try:
            self._port.write(data)
        except (serial.SerialException, OSError, TypeError, AttributeError) as e:
            raise LinkError(f"port {self.name}: {_reason(e)}") from e

    def close(self) -> None:
        with contextlib.suppress(serial.SerialException, OSError):
            self._port.close()


def _reason(e: BaseException) -> str:
    if getattr(e, "errno", None):
        return os.strerror(e.errno)
    text = str(e).strip() or type(e).__name__
    return text.splitlines()[0]


class _Pipe:
    """One direction of an in-memory link: a byte buffer with a condition variable."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.closed = False
        self.cond = threading.Condition()


class MemoryTransport:
    """One end of an in-memory link (see `memory_pair`)."""

    def __init__(self, name: str, inbox: _Pipe, outbox: _Pipe):
        self.name = name
        self._inbox, self._outbox = inbox, outbox

    def read(self, size: int, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        with self._inbox.cond:
            while not self._inbox.data:
                if self._inbox.closed:
                    raise LinkError(f"{self.name}: link closed")
                left = deadline - time.monotonic()
                if left <= 0:
                    return b""
                self._inbox.cond.wait(left)
            out = bytes(self._inbox.data[:size])
            del self._inbox.data[:size]
            return out

    def write(self, data: bytes) -> None:
        with self._outbox.cond:
            if self._outbox.closed:
                raise LinkError(f"{self.name}: link closed")
            self._outbox.data += data
            self._outbox.cond.notify_all()

    def close(self) -> None:
        for pipe in (self._inbox, self._outbox):
            with pipe.cond:
                pipe.closed = True
                pipe.cond.notify_all()


def memory_pair(name: str = "memory") -> tuple[MemoryTransport, MemoryTransport]:
    """Two connected ends: what one writes, the other reads. Closing either closes both."""
    a_to_b, b_to_a = _Pipe(), _Pipe()
    return (
        MemoryTransport(f"{name}:host", b_to_a, a_to_b),
        MemoryTransport(f"{name}:target", a_to_b, b_to_a),
    )


def open_port(port: str, baud: int = 115200) -> SerialTransport:
    """Open a serial device path or URL."""
    return SerialTransport(port, baud)
