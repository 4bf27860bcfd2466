"""The library API to one exo target over its serial line; the CLI and the pytest plugin use it.

    with Target.open("/dev/pts/5") as t:
        t.info()["pages_free"]
        t.ping(b"hello")

A Target starts in terminal mode (expect() reads the plain console, e.g. the boot banner) and
opens a link session on first use; close() says BYE, so the line is a terminal again.
"""

from __future__ import annotations

import queue
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ExpectError, LinkError
from .link import schema
from .link.schema import MsgType
from .link.session import KEEPALIVE, TIMEOUT, TRIES, Event, Hello, Session
from .link.transport import Transport, open_port

BANNER = re.compile(
    rb"exo (?P<version>\S+) board=(?P<board>\S+) mem=(?P<mem>\d+) "
    rb"pages=(?P<free>\d+)/(?P<total>\d+) pmp=(?P<pmp>\d+)\r?\n"
)


@dataclass(frozen=True)
class Banner:
    version: str
    board: str
    mem_mib: int
    pages_free: int
    pages_total: int
    pmp: int


def parse_banner(data: bytes) -> Banner | None:
    """The boot banner's fields, if `data` holds the banner line."""
    m = BANNER.search(data)
    if not m:
        return None
    return Banner(
        version=m["version"].decode(),
        board=m["board"].decode(),
        mem_mib=int(m["mem"]),
        pages_free=int(m["free"]),
        pages_total=int(m["total"]),
        pmp=int(m["pmp"]),
    )


@dataclass(frozen=True)
class PingResult:
    size: int
    rtt: float  # seconds from the last send to the answer


class Target:
    """One target on one transport."""

    def __init__(
        self,
        transport: Transport,
        log_path: Path | None = None,
        timeout: float = TIMEOUT,
        tries: int = TRIES,
        keepalive: float | None = KEEPALIVE,
    ):
        self.transport = transport
        self.log_path = log_path
        self.terminal = bytearray()  # terminal-mode bytes seen so far
        self._options = dict(timeout=timeout, tries=tries, keepalive=keepalive)
        self._session: Session | None = None

    @classmethod
    def open(cls, port: str, baud: int = 115200, **options) -> Target:
        """Open a serial device path or URL (`socket://127.0.0.1:PORT`)."""
        return cls(open_port(port, baud), **options)

    @property
    def port(self) -> str:
        return self.transport.name

    # -- terminal mode -----------------------------------------------------------------------

    def expect(self, pattern: bytes | str, timeout: float = 5.0) -> re.Match:
        """Read the terminal until `pattern` (a regex) matches what came since the last match."""
        if self._session:
            raise LinkError("expect() reads terminal mode; close the session first")
        rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.terminal)
            if m:
                rest = self.terminal[m.end() :]
                self.terminal = bytearray(rest)
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                raise ExpectError(
                    rx.pattern.decode(errors="replace"),
                    bytes(self.terminal),
                    self.log_path,
                    what=f"no match on {self.port} in {timeout:g} s",
                )
            self.terminal += self.transport.read(4096, min(left, 0.1))

    def banner(self, timeout: float = 5.0) -> Banner:
        m = self.expect(BANNER, timeout)
        banner = parse_banner(m.group(0))
        assert banner is not None
        return banner

    # -- session mode ------------------------------------------------------------------------

    @property
    def session(self) -> Session:
        """The open session, opened (HELLO) on first use."""
        if self._session is None:
            s = Session(self.transport, **self._options)
            s.preamble += self.terminal
            self.terminal.clear()
            s.open()
            self._session = s
        return self._session

    def hello(self) -> Hello:
        hello = self.session.hello
        assert hello is not None
        return hello

    def info(self) -> dict:
        """The target's INFO: board, memory, pages, PMP, timebase, uptime and link counters."""
        return schema.parse_body(self.session.request(MsgType.INFO))

    def ping(self, payload: bytes = b"") -> PingResult:
        """One PING; raises LinkError if the echo differs."""
        s = self.session
        p = s.submit(MsgType.PING, payload)
        if s.wait(p).body != payload:
            raise LinkError(f"PING on {self.port}: the echo differs from what was sent")
        return PingResult(len(payload), p.rtt)

    def ping_many(self, payloads: Iterable[bytes]) -> list[PingResult]:
        """PINGs with the window full: up to WINDOW in flight; each echo is checked."""
        s = self.session
        window = self.hello().window
        inflight: list[tuple[bytes, object]] = []
        results: list[PingResult] = []

        def settle(payload, p) -> None:
            if s.wait(p).body != payload:
                raise LinkError(f"PING on {self.port}: the echo differs from what was sent")
            results.append(PingResult(len(payload), p.rtt))

        for payload in payloads:
            if len(inflight) >= window:
                settle(*inflight.pop(0))
            inflight.append((payload, s.submit(MsgType.PING, payload)))
        for item in inflight:
            settle(*item)
        return results

    def events(self, timeout: float = 0.0) -> Iterator[Event]:
        """Events received so far, then those arriving within `timeout` seconds."""
        q = self.session.events
        deadline = time.monotonic() + timeout
        while True:
            try:
                yield q.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return

    def disconnect(self) -> None:
        """BYE: the line returns to terminal mode; bytes after it are kept in `terminal`."""
        if self._session:
            s, self._session = self._session, None
            s.close()
            self.terminal += s.tail

    def close(self) -> None:
        try:
            self.disconnect()
        finally:
            self.transport.close()

    def __enter__(self) -> Target:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
