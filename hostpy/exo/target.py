"""The library API to one exo target over its serial line; the CLI and the pytest plugin use it.

    with Target.open("/dev/pts/5") as t:
        t.info()["pages_free"]
        t.ping(b"hello")

A Target starts in terminal mode (expect() reads the plain console, e.g. the boot banner) and
opens a link session on first use; close() says BYE, so the line is a terminal again.

Envs: load() an image, envs(), pages(), slots(), kill(), revoke(), console_attach() and
console_input(); events() yields typed events (ConsoleOutput, Fault, Exit, Revoked, Log) and
keeps each env's console (output()) and end (wait_exit()).
"""

from __future__ import annotations

import collections
import queue
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import loader
from .abi import ANY, EnvState, Errno, Revoke
from .boards import load_board
from .envs import (
    ConsoleLog,
    ConsoleOutput,
    EnvInfo,
    Exit,
    Fault,
    PageMap,
    PageRun,
    Revoked,
    RevokeResult,
    SlotMap,
    TypedEvent,
    format_env,
    is_env_id,
    typed_event,
)
from .errors import BoardError, ExoError, ExpectError, LinkError, RemoteError
from .image import Image
from .link import schema
from .link.schema import MsgType
from .link.session import KEEPALIVE, TIMEOUT, TRIES, Hello, Session
from .link.transport import Transport, open_port

UNREAD_MAX = 4096  # events a wait consumed but no caller of events() has seen yet
POLL = 1.0  # seconds between ENV_LIST checks while waiting for an env to end
BUSY_TRIES = 3  # loads tried when the chosen run stops being free before BEGIN
REVOKE_DEADLINE_MS = 500  # default time an env has to give back what a revocation asks
REVOKE_GRACE = 5.0  # seconds after the deadline the REVOKED event may take to arrive

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


class ExitTimeout(ExoError, TimeoutError):
    """An env did not exit or stop within the time a caller waited."""


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
        self._consoles: dict[int, ConsoleLog] = {}
        self._backlog: dict[int, bool] = {}  # env (or ANY) -> attached with backlog
        self._ended: dict[int, Exit | Fault] = {}
        self._revoked: dict[int, collections.deque[Revoked]] = {}
        self._unread: collections.deque[TypedEvent] = collections.deque(maxlen=UNREAD_MAX)

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

    def events(self, timeout: float = 0.0) -> Iterator[TypedEvent]:
        """Typed events received so far, then those arriving within `timeout` seconds."""
        q = self.session.events
        while self._unread:
            yield self._unread.popleft()
        deadline = time.monotonic() + timeout
        while True:
            try:
                ev = q.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return
            yield self._note(typed_event(ev))

    def _note(self, ev: TypedEvent) -> TypedEvent:
        """Keep what the target said about an env: its console bytes and how it ended."""
        if isinstance(ev, ConsoleOutput):
            self._console(ev.env).add(ev)
        elif isinstance(ev, Exit | Fault):
            self._ended[ev.env] = ev
        elif isinstance(ev, Revoked):
            self._revoked.setdefault(ev.env, collections.deque(maxlen=UNREAD_MAX)).append(ev)
        return ev

    def _console(self, env: int) -> ConsoleLog:
        if env not in self._consoles:
            backlog = self._backlog.get(env, self._backlog.get(ANY, False))
            self._consoles[env] = ConsoleLog(next=0 if backlog else None)
        return self._consoles[env]

    # -- envs --------------------------------------------------------------------------------

    def xlen(self) -> int:
        """The target's register width, from its board file (64 for a board this host lacks)."""
        try:
            return load_board(self.hello().board).xlen
        except BoardError:
            return 64

    def load(
        self,
        image: Image | str | Path | bytes,
        name: str | None = None,
        args: Sequence[str] = (),
        progress: loader.Progress | None = None,
        slots: int = 1,
    ) -> int:
        """Load an image (an Image, a path or ELF bytes) into a new env and start it with
        `slots` free slots of the time-slice vector (0: it runs only when donated to); its id.

        The image goes to the lowest run of free pages big enough for it (and a read-only page
        for `args`, when given); ExoError names what was needed if no run is. The env may run
        and exit before this returns; a DEAD env's console stays readable (attach with backlog)
        until its table entry is reused, and console_attach(ANY) first sees it all as it comes."""
        img = loader.image_for(image if not isinstance(image, Path) else str(image), self.xlen())
        if name is None:
            name = loader.default_name(img.name if not isinstance(image, bytes) else "")
        for attempt in range(BUSY_TRIES):
            plan = loader.plan_load(img, self.pages(), name, args)
            try:
                return loader.stream(self.session, plan, progress, slots)
            except RemoteError as e:
                # A running env bound a page of the run after the map was read: read it again.
                if e.code != Errno.EBUSY or attempt == BUSY_TRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def envs(self) -> list[EnvInfo]:
        """Every env in the table (any state but FREE), by index."""
        out: list[EnvInfo] = []
        first = 0
        while first != schema.LIST_DONE:
            body = schema.build_body(MsgType.ENV_LIST, "request", {"first": first})
            fields = schema.parse_body(self.session.request(MsgType.ENV_LIST, body))
            out += [EnvInfo.from_wire(e) for e in fields["envs"]]
            if fields["next"] != schema.LIST_DONE and fields["next"] <= first:
                raise LinkError(f"ENV_LIST on {self.port}: next {fields['next']} after {first}")
            first = fields["next"]
        return out

    def pages(self) -> PageMap:
        """Who owns each managed page, as runs of pages with one owner and the same rights."""
        runs: list[PageRun] = []
        first, end = 0, None
        while end is None or first < end:
            body = schema.build_body(MsgType.PAGES, "request", {"first": first})
            fields = schema.parse_body(self.session.request(MsgType.PAGES, body))
            page_first, end = fields["page_first"], fields["page_first"] + fields["page_count"]
            at = max(first, page_first)
            for r in fields["runs"]:
                runs.append(PageRun(at, r["pages"], r["owner"], r["rights"]))
                at += r["pages"]
            if fields["next"] <= first or fields["next"] > end:
                raise LinkError(f"PAGES on {self.port}: next {fields['next']} after {first}")
            first = fields["next"]
        return PageMap(page_first, end - page_first, tuple(runs))

    def slots(self) -> SlotMap:
        """The time-slice vector: who owns each slot and which one runs now."""
        fields = schema.parse_body(self.session.request(MsgType.SLOTS))
        return SlotMap.from_wire(fields)

    def revoke(
        self,
        env: int | str,
        pages: int | None = None,
        slots: int | None = None,
        deadline_ms: int = REVOKE_DEADLINE_MS,
        timeout: float | None = None,
    ) -> RevokeResult:
        """Ask `env` to give back `pages` pages or `slots` slots (exactly one) within
        `deadline_ms`; what it gave and what the abort protocol took once the target says the
        revocation ended (the REVOKED event). ExitTimeout if that event does not come within
        `timeout` seconds (default: the deadline and REVOKE_GRACE). Events read meanwhile stay
        for events()."""
        env_id = self.revoke_start(env, pages, slots, deadline_ms)
        if timeout is None:
            timeout = deadline_ms / 1000 + REVOKE_GRACE
        return self.wait_revoked(env_id, timeout)

    def revoke_start(
        self,
        env: int | str,
        pages: int | None = None,
        slots: int | None = None,
        deadline_ms: int = REVOKE_DEADLINE_MS,
    ) -> int:
        """Send the REVOKE and return at once (the env's id); wait_revoked() reads the outcome.
        For a test that acts while the env has the request in hand."""
        if (pages is None) == (slots is None):
            raise ExoError("revoke: give either pages or slots")
        kind, count = (Revoke.PAGES, pages) if pages is not None else (Revoke.SLOTS, slots)
        assert count is not None
        if not 1 <= count <= 0xFFFFFFFF:
            raise ExoError(f"revoke: count {count} must be at least 1")
        if not 0 <= deadline_ms <= 0xFFFFFFFF:
            raise ExoError(f"revoke: deadline {deadline_ms} ms out of range")
        env_id = self.env_id(env)
        self._revoked.pop(env_id, None)  # only the outcome of this request counts
        fields = dict(env=env_id, kind=kind, count=count, deadline_ms=deadline_ms)
        body = schema.build_body(MsgType.REVOKE, "request", fields)
        self.session.request(MsgType.REVOKE, body)
        return env_id

    def wait_revoked(self, env: int | str, timeout: float = 10.0) -> RevokeResult:
        """The outcome of the revocation of `env` begun last (its REVOKED event, also one that
        came before this call); ExitTimeout if none comes within `timeout` seconds."""
        env = self.env_id(env)
        deadline = time.monotonic() + timeout
        q = self.session.events
        while not self._revoked.get(env):
            left = deadline - time.monotonic()
            if left <= 0:
                raise ExitTimeout(
                    f"revoke of env {format_env(env)} on {self.port}: no REVOKED event "
                    f"within {timeout:g} s"
                )
            try:
                self._unread.append(self._note(typed_event(q.get(timeout=left))))
            except queue.Empty:
                continue
        return RevokeResult.from_event(self._revoked[env].popleft())

    def env_id(self, env: int | str) -> int:
        """An env named by its id (an int, or decimal or 0x hex text) or by a unique name."""
        if isinstance(env, int):
            return env
        try:
            value = int(env, 0)
        except ValueError:
            value = None
        if value is not None:
            if not is_env_id(value):
                raise ExoError(f"{env!r} is not an env id (generation << 16 | index, index > 0)")
            return value
        named = [e for e in self.envs() if e.name == env]
        live = [e for e in named if e.state != EnvState.DEAD]
        chosen = live or named
        if len(chosen) == 1:
            return chosen[0].id
        if not chosen:
            raise ExoError(f"no env named {env!r} on {self.port} (`exo ps` lists them)")
        ids = ", ".join(format_env(e.id) for e in chosen)
        raise ExoError(f"{len(chosen)} envs are named {env!r} ({ids}); give an id")

    def kill(self, env: int | str) -> int:
        """Destroy an env; the number of pages it owned, now free."""
        body = schema.build_body(MsgType.ENV_KILL, "request", {"env": self.env_id(env)})
        return schema.parse_body(self.session.request(MsgType.ENV_KILL, body))["pages"]

    def console_attach(self, env: int | str = ANY, backlog: bool = True) -> None:
        """Receive an env's console output (every env's with ANY) as ConsoleOutput events,
        first what the target's ring still holds when `backlog`."""
        wire = schema.WIRE_ANY if env == ANY else self.env_id(env)
        self._backlog[ANY if wire == schema.WIRE_ANY else wire] = backlog
        body = dict(env=wire, backlog=int(backlog))
        self.session.request(
            MsgType.CONSOLE_ATTACH, schema.build_body(MsgType.CONSOLE_ATTACH, "request", body)
        )

    def console_input(self, env: int | str, data: bytes) -> int:
        """Queue bytes for an env's console read; how many the target accepted."""
        body = schema.build_body(
            MsgType.CONSOLE_INPUT, "request", dict(env=self.env_id(env), data=data)
        )
        return schema.parse_body(self.session.request(MsgType.CONSOLE_INPUT, body))["accepted"]

    def output(self, env: int) -> bytes:
        """The console bytes of `env` seen so far (attach first), overlaps removed."""
        log = self._consoles.get(env)
        return bytes(log.data) if log else b""

    def outputs(self) -> dict[int, bytes]:
        """The console bytes of every env this host has seen output from."""
        return {env: bytes(log.data) for env, log in self._consoles.items()}

    def lost_output(self, env: int) -> int:
        """Console bytes of `env` the target's ring overwrote before this host saw them."""
        log = self._consoles.get(env)
        return log.lost if log else 0

    def wait_exit(self, env: int | str, timeout: float = 10.0) -> int | Fault:
        """Wait until `env` exits (its code) or stops on a fault (the Fault); ExitTimeout if
        it does neither within `timeout` seconds. Events read meanwhile stay for events()."""
        env = self.env_id(env)
        deadline = time.monotonic() + timeout
        q = self.session.events
        while True:
            # The list's answer comes after every event sent before it: drain those first, so
            # the output is complete when the env is seen ended.
            listed = self.env_end(env)
            while True:
                try:
                    self._unread.append(self._note(typed_event(q.get_nowait())))
                except queue.Empty:
                    break
            ended = self._ended.get(env) or listed
            if ended is not None:
                return ended.code if isinstance(ended, Exit) else ended
            poll = time.monotonic() + POLL
            while (now := time.monotonic()) < min(poll, deadline):
                try:
                    ev = self._note(typed_event(q.get(timeout=min(poll, deadline) - now)))
                except queue.Empty:
                    break
                self._unread.append(ev)
                if isinstance(ev, Exit | Fault) and ev.env == env:
                    return ev.code if isinstance(ev, Exit) else ev
            if time.monotonic() >= deadline:
                raise ExitTimeout(
                    f"env {format_env(env)} on {self.port} still running after {timeout:g} s"
                )

    def env_end(self, env: int) -> Exit | Fault | None:
        """How `env` ended, by the env table (Exit for DEAD, its Fault for STOPPED), or None
        while it runs; ExoError if the table no longer holds it."""
        for e in self.envs():
            if e.id == env:
                if e.state == EnvState.DEAD:
                    return Exit(env, e.exit_code)
                if e.state == EnvState.STOPPED and e.fault:
                    return e.fault
                return None
        raise ExoError(f"env {format_env(env)} is not in the env table of {self.port}")

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
