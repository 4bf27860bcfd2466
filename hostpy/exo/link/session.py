"""The host end of a link session: HELLO, windowed requests with retries, events, keepalive, BYE.

One reader thread owns the receive side: it decodes frames, completes requests, queues events,
resends requests whose timeout passed (same seq, so the target replays rather than reruns them)
and sends a keepalive PING when the line has been idle. Callers submit requests from any thread.
"""

from __future__ import annotations

import collections
import contextlib
import enum
import math
import queue
import random
import threading
import time
from dataclasses import dataclass, field

from ..errors import LinkError, NoAnswerError, ProtocolError, RemoteError
from . import schema
from .schema import Flag, Frame, MsgType
from .transport import Transport

TIMEOUT = 0.5  # seconds a try waits for its response (docs/link.md)
TRIES = 5  # sends of one request before giving up
KEEPALIVE = 1.0  # idle seconds after which an open session sends a PING
TICK = 0.02  # the reader's poll interval: bounds how late a retry or keepalive is
EVENT_QUEUE = 4096  # events kept for a slow consumer; older ones are dropped and counted


class State(enum.Enum):
    CLOSED = "closed"
    OPENING = "opening"
    OPEN = "open"
    CLOSING = "closing"
    FAILED = "failed"


# Which state may follow which; anything else is a bug in this module and raises.
TRANSITIONS: dict[State, frozenset[State]] = {
    State.CLOSED: frozenset({State.OPENING}),
    State.OPENING: frozenset({State.OPEN, State.FAILED}),
    State.OPEN: frozenset({State.CLOSING, State.FAILED}),
    State.CLOSING: frozenset({State.CLOSED, State.FAILED}),
    State.FAILED: frozenset({State.CLOSED}),
}


@dataclass(frozen=True)
class Hello:
    """What the target said about itself when the session opened."""

    protocol: int
    max_body: int
    window: int
    board: str
    version: str
    build_id: str


@dataclass(frozen=True)
class Event:
    """An event; `fields` holds the body's fields ({"raw": body} for a type this host does not
    know, so newer firmware cannot break an older host), `lost` counts events missed before it."""

    type: MsgType | int
    seq: int
    fields: dict
    lost: int = 0


@dataclass
class Pending:
    """One request in flight."""

    frame: Frame
    wire: bytes
    timeout: float
    tries_left: int
    deadline: float = math.inf  # set when the writer has put it on the line
    sent_at: float = 0.0
    tries: int = 0
    done: threading.Event = field(default_factory=threading.Event)
    response: Frame | None = None
    error: Exception | None = None
    rtt: float = 0.0  # seconds from the last send to the response


@dataclass
class Stats:
    sent: int = 0
    retries: int = 0
    responses: int = 0
    unmatched: int = 0  # responses for no request in flight (late duplicates, strays)
    events: int = 0
    events_lost: int = 0
    keepalives: int = 0


class Session:
    """A session on one transport. Use as a context manager, or call open() and close()."""

    def __init__(
        self,
        transport: Transport,
        timeout: float = TIMEOUT,
        tries: int = TRIES,
        keepalive: float | None = KEEPALIVE,
    ):
        self.transport = transport
        self.timeout = timeout
        self.tries = tries
        self.keepalive = keepalive
        self.hello: Hello | None = None
        self.events: queue.Queue[Event] = queue.Queue(EVENT_QUEUE)
        self.decoder = schema.StreamDecoder()
        self.stats = Stats()
        self.preamble = bytearray()  # terminal-mode bytes read before HELLO
        self.tail = bytearray()  # bytes after the BYE response: terminal mode again
        self.unmatched: collections.deque[Frame] = collections.deque(maxlen=16)  # for diagnosis
        self._state = State.CLOSED
        self._lock = threading.Lock()  # guards state, pending, seq
        self._pending: dict[int, Pending] = {}
        self._window = threading.Semaphore(1)  # HELLO alone until the target says its window
        self._seq = random.SystemRandom().randrange(1 << 16)
        self._event_seq: int | None = None
        self._last_tx = 0.0
        self._stop = threading.Event()
        self._reader: threading.Thread | None = None
        self._writer: threading.Thread | None = None
        self._outq: queue.Queue[tuple[bytes, Pending | None]] = queue.Queue()
        self._failure: Exception | None = None
        self._bye_sends = 0  # how often the BYE went out: each send is answered once

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    def _to(self, new: State) -> None:
        with self._lock:
            if new not in TRANSITIONS[self._state]:
                raise LinkError(
                    f"session on {self.transport.name}: {self._state.value} -> {new.value}"
                )
            self._state = new

    def open(self) -> Hello:
        """Say HELLO and check the protocol version; the session is then open."""
        self._to(State.OPENING)
        self._drain_preamble()
        self._stop.clear()
        self._reader = threading.Thread(target=self._run, name="exo-link-reader", daemon=True)
        self._reader.start()
        self._writer = threading.Thread(
            target=self._write_loop, name="exo-link-writer", daemon=True
        )
        self._writer.start()
        try:
            body = schema.build_body(MsgType.HELLO, "request", {"protocol": schema.PROTOCOL})
            response = self.request(MsgType.HELLO, body)
            # Only the version is read first: another version's HELLO may be laid out otherwise.
            protocol = schema.hello_protocol(response.body)
            if protocol != schema.PROTOCOL:
                raise ProtocolError(
                    f"{self.transport.name}: target speaks link protocol {protocol}, "
                    f"this host speaks {schema.PROTOCOL}; use matching firmware and host versions"
                )
            hello = Hello(**schema.parse_body(response))
            if not 1 <= hello.window <= 64 or hello.max_body > schema.MAX_BODY:
                raise ProtocolError(f"{self.transport.name}: implausible HELLO {hello}")
        except BaseException:
            self._fail_and_stop()
            raise
        self.hello = hello
        self._window = threading.Semaphore(hello.window)
        self._to(State.OPEN)
        return hello

    def close(self) -> None:
        """Say BYE (the target returns to terminal mode) and stop the reader. Idempotent."""
        if self._state == State.OPEN:
            self._to(State.CLOSING)
            # Closing anyway if BYE goes unanswered: the target falls back to terminal mode alone.
            with contextlib.suppress(LinkError):
                self.request(MsgType.BYE, b"", tries=2)
            self._stop_reader()
            self._to(State.CLOSED)
        elif self._state in (State.OPENING, State.FAILED):
            self._fail_and_stop()

    def _fail_and_stop(self) -> None:
        if self._state != State.FAILED:
            self._to(State.FAILED)
        self._stop_reader()
        self._to(State.CLOSED)

    def _stop_reader(self) -> None:
        self._stop.set()
        for t in (self._reader, self._writer):
            if t and t is not threading.current_thread():
                t.join(timeout=2)
        self._reader = self._writer = None

    def __enter__(self) -> Session:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _drain_preamble(self) -> None:
        """Keep what the terminal printed before HELLO apart, so it cannot garble the answer."""
        self.decoder.reset()
        deadline = time.monotonic() + 1.0  # a chatty terminal must not hold HELLO back forever
        while (chunk := self.transport.read(4096, 0.01)) and time.monotonic() < deadline:
            self.preamble += chunk

    # -- requests ----------------------------------------------------------------------------

    def submit(
        self,
        msg_type: int,
        body: bytes = b"",
        timeout: float | None = None,
        tries: int | None = None,
    ) -> Pending:
        """Send a request, waiting first while the window is full; returns at once after that."""
        if self._state not in (State.OPENING, State.OPEN, State.CLOSING):
            raise LinkError(f"session on {self.transport.name} is {self._state.value}")
        if self._failure:
            raise self._failure
        self._window.acquire()
        return self._submit(msg_type, body, timeout, tries)

    def _submit(
        self, msg_type: int, body: bytes, timeout: float | None, tries: int | None
    ) -> Pending:
        """Send a request whose window slot the caller already holds."""
        with self._lock:
            while True:
                self._seq = (self._seq + 1) & 0xFFFF
                if self._seq not in self._pending:
                    break
            frame = Frame(type=msg_type, flags=0, seq=self._seq, body=body)
            p = Pending(
                frame=frame,
                wire=schema.encode(frame),
                timeout=self.timeout if timeout is None else timeout,
                tries_left=self.tries if tries is None else tries,
            )
            self._pending[frame.seq] = p
        self._send(p)
        return p

    def wait(self, p: Pending) -> Frame:
        """The response to a submitted request; raises NoAnswerError, RemoteError or LinkError."""
        p.done.wait()
        if p.error:
            raise p.error
        assert p.response is not None
        if p.response.is_error:
            fields = schema.parse_body(p.response)
            raise RemoteError(fields["code"], fields["message"], _name(p.frame.type))
        return p.response

    def request(
        self,
        msg_type: int,
        body: bytes = b"",
        timeout: float | None = None,
        tries: int | None = None,
    ) -> Frame:
        return self.wait(self.submit(msg_type, body, timeout, tries))

    def send_raw(self, data: bytes) -> None:
        """Queue bytes straight onto the line, in order with requests (tests inject noise so)."""
        self._outq.put((data, None))

    def _send(self, p: Pending) -> None:
        """Queue a request's (re)send; its timeout starts once the writer has written it."""
        with self._lock:
            p.tries += 1
            p.tries_left -= 1
            p.deadline = math.inf
            if p.frame.type == MsgType.BYE:
                self._bye_sends = p.tries
        self.stats.sent += 1
        self._outq.put((p.wire, p))

    def _write_loop(self) -> None:
        """The only thread that writes: a write that blocks (the target reads slowly) must never
        stop the reader, or both ends could wait on each other."""
        while True:
            try:
                data, p = self._outq.get(timeout=TICK)
            except queue.Empty:
                if self._stop.is_set():
                    return
                continue
            try:
                self.transport.write(data)
            except LinkError as e:
                self._failure = e
                if p:
                    self._complete(p, error=e)
                continue
            now = time.monotonic()
            self._last_tx = now
            if p:
                with self._lock:
                    p.sent_at = now
                    p.deadline = now + p.timeout

    def _complete(self, p: Pending, response: Frame | None = None, error: Exception | None = None):
        with self._lock:
            if self._pending.get(p.frame.seq) is not p:
                return
            del self._pending[p.frame.seq]
        p.response, p.error = response, error
        p.rtt = time.monotonic() - p.sent_at
        self._window.release()
        p.done.set()

    # -- the reader thread -------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                data = self.transport.read(8192, TICK)
                while data:
                    item, used = self.decoder.feed_one(data)
                    data = data[used:]
                    if isinstance(item, Frame) and self._receive(item):
                        self._settle_after_bye(item, data)
                        return
                self._tick()
        except LinkError as e:
            self._failure = e
            with self._lock:
                if State.FAILED in TRANSITIONS[self._state]:
                    self._state = State.FAILED
            self._fail_all(e)
        except Exception as e:  # a bug here must not leave callers waiting forever
            self._failure = LinkError(f"link reader on {self.transport.name} crashed: {e!r}")
            self._fail_all(self._failure)
            raise

    def _settle_after_bye(self, bye: Frame, data: bytes) -> None:
        """After BYE's answer the line is a terminal again (`tail`). A BYE sent more than once is
        answered once a send: the target replays its answer to a duplicate, in terminal mode
        too. Wait a little for those replays and keep them out of the terminal's bytes."""
        self.tail += data
        wire = schema.encode(bye, leading=False)
        replays = self._bye_sends - 1
        deadline = time.monotonic() + self.timeout
        while replays > 0:
            for copy in (schema.DELIMITER + wire, wire):
                while replays > 0 and (at := self.tail.find(copy)) >= 0:
                    del self.tail[at : at + len(copy)]
                    replays -= 1
            if replays <= 0 or time.monotonic() >= deadline:
                return
            self.tail += self.transport.read(8192, TICK)

    def _receive(self, frame: Frame) -> bool:
        """Handle one good frame; True when it was the answer to BYE."""
        if frame.flags & Flag.EVENT:
            self._event(frame)
            return False
        with self._lock:
            p = self._pending.get(frame.seq)
        if not frame.flags & Flag.RESPONSE or p is None or p.frame.type != frame.type:
            self.unmatched.append(frame)
            self.stats.unmatched += 1
            return False
        self.stats.responses += 1
        self._complete(p, response=frame)
        return frame.type == MsgType.BYE

    def _event(self, frame: Frame) -> None:
        lost = 0
        if self._event_seq is not None:
            lost = (frame.seq - self._event_seq - 1) & 0xFFFF
        self._event_seq = frame.seq
        try:
            fields = schema.parse_body(frame)
        except LinkError:
            fields = {"raw": frame.body}
        event = Event(type=schema.msg_type(frame.type), seq=frame.seq, fields=fields, lost=lost)
        self.stats.events += 1
        self.stats.events_lost += lost
        while True:
            try:
                self.events.put_nowait(event)
                return
            except queue.Full:
                try:
                    self.events.get_nowait()
                    self.stats.events_lost += 1
                except queue.Empty:
                    pass

    def _tick(self) -> None:
        now = time.monotonic()
        with self._lock:
            expired = [p for p in self._pending.values() if now >= p.deadline]
        for p in expired:
            if p.tries_left > 0:
                self.stats.retries += 1
                self._send(p)
            else:
                what = _name(p.frame.type)
                self._complete(
                    p,
                    error=NoAnswerError(
                        f"no answer to {what} (seq {p.frame.seq}) on {self.transport.name} after "
                        f"{p.tries} tries of {p.timeout:g} s; is the target running exo firmware?"
                    ),
                )
        if (
            self._state == State.OPEN
            and self.keepalive is not None
            and now - self._last_tx >= self.keepalive
            and self._window.acquire(blocking=False)  # the reader must never wait for a slot
        ):
            self.stats.keepalives += 1
            self._submit(MsgType.PING, b"", None, None)

    def _fail_all(self, error: Exception) -> None:
        with self._lock:
            pending = list(self._pending.values())
        for p in pending:
            self._complete(p, error=error)


def _name(msg_type: int) -> str:
    try:
        return MsgType(msg_type).name
    except ValueError:
        return f"type 0x{msg_type:02x}"
