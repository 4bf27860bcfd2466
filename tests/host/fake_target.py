"""An in-memory model of the firmware's side of the link, for host tests without QEMU.

It follows docs/link.md: terminal mode with a banner, session mode on HELLO, a replay memory of
the last WINDOW responses keyed by (seq, type), the INFO counters, events and BYE; envs, pages
and consoles are modelled in fake_envs.py (`fake.envs`). Knobs let a test make it drop
responses, go mute, hold answers, add noise or speak another protocol.
"""

from __future__ import annotations

import os
import select
import threading
from collections import OrderedDict

from exo.errors import LinkError
from exo.link import schema
from exo.link.schema import Drop, Flag, Frame, MsgType

from .fake_envs import FakeEnvs, Refused

BANNER = b"exo 0.1.0 board=fake mem=128 pages=32752/32752 pmp=16\r\n"


class FdTransport:
    """A transport over a file descriptor (the master side of a pty), for a fake behind a port."""

    def __init__(self, fd: int, name: str = "pty-master"):
        self.fd, self.name = fd, name

    def read(self, size: int, timeout: float) -> bytes:
        try:
            ready, _, _ = select.select([self.fd], [], [], timeout)
            return os.read(self.fd, size) if ready else b""
        except OSError as e:
            raise LinkError(f"{self.name}: {e}") from e

    def write(self, data: bytes) -> None:
        try:
            while data:
                data = data[os.write(self.fd, data) :]
        except OSError as e:
            raise LinkError(f"{self.name}: {e}") from e

    def close(self) -> None:
        pass


class SocketTransport(FdTransport):
    """A transport over a connected socket (a fake target behind `socket://HOST:PORT`)."""

    def __init__(self, sock, name: str = "tcp"):
        super().__init__(sock.fileno(), name)
        self.sock = sock

    def close(self) -> None:
        self.sock.close()


class FakeTarget:
    """Serves one transport from a thread until stop()."""

    def __init__(self, transport, protocol: int = schema.PROTOCOL, window: int = 8):
        self.transport = transport
        self.protocol = protocol
        self.window = window
        self.session = False
        self.decoder = schema.StreamDecoder()
        self.replay: OrderedDict[tuple[int, int], bytes] = OrderedDict()
        self.executed = 0
        self.replays = 0
        self.received: list[Frame] = []  # every good frame, in order
        self.drop_responses = 0  # send nothing for the next N requests (they still run)
        self.mute = False  # run nothing, answer nothing
        self.hold = threading.Event()  # while set, queue requests instead of answering
        self.held: list[Frame] = []
        self.noise = b""  # sent (then cleared) just before the next response
        self.after_bye = b"terminal again\r\n"
        self.event_seq = 0
        self.lock = threading.Lock()
        self.write_lock = threading.Lock()  # events from a test's thread, answers from ours
        self.envs = FakeEnvs(self.event)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self, banner: bool = True) -> FakeTarget:
        if banner:
            self.transport.write(BANNER)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    def release(self) -> None:
        """Answer every held request, in order, and stop holding."""
        with self.lock:
            self.hold.clear()
            held, self.held = self.held, []
        for f in held:
            self._handle(f)

    def event(self, msg_type: MsgType, fields: dict, skip: int = 0) -> None:
        """Send an event; `skip` pretends that many were lost before it."""
        body = schema.build_body(msg_type, "event", fields)
        with self.write_lock:  # numbered and sent in one step, so seqs go out in order
            self.event_seq = (self.event_seq + skip) & 0xFFFF
            frame = Frame(msg_type, Flag.EVENT, self.event_seq, body)
            self.transport.write(schema.encode(frame, leading=False))
            self.event_seq = (self.event_seq + 1) & 0xFFFF

    @property
    def drops(self) -> dict[Drop, int]:
        return self.decoder.drops

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.transport.read(4096, 0.02)
            except LinkError:
                return
            for item in self.decoder.feed(data):
                if isinstance(item, Frame):
                    self.received.append(item)
                    if not self.mute:
                        self._handle(item)

    def _handle(self, f: Frame) -> None:
        if f.flags & (Flag.RESPONSE | Flag.EVENT):
            return
        if not self.session and f.type != MsgType.HELLO:
            # Terminal mode: only HELLO opens a session; a duplicate of a request the session
            # answered still gets its answer replayed, as the firmware does.
            if (f.seq, f.type) in self.replay:
                self.replays += 1
                self._respond(self.replay[(f.seq, f.type)])
            return
        with self.lock:
            if self.hold.is_set():
                self.held.append(f)
                return
        key = (f.seq, f.type)
        if f.type != MsgType.HELLO and key in self.replay:
            self.replays += 1
            self._respond(self.replay[key])
            return
        self.executed += 1
        flags, body = Flag.RESPONSE, b""
        if f.type == MsgType.HELLO:
            self.session = True
            self.replay.clear()
            self.envs.session_ended()
            hello = dict(protocol=self.protocol, max_body=schema.MAX_BODY, window=self.window)
            hello |= dict(board="fake", version="0.1.0", build_id="fake123")
            body = schema.build_body(MsgType.HELLO, "response", hello)
        elif f.type == MsgType.PING:
            body = f.body
        elif f.type == MsgType.INFO:
            body = schema.build_body(MsgType.INFO, "response", self.info())
        elif f.type == MsgType.BYE:
            self.envs.session_ended()
        elif f.type in self.envs.handlers:
            try:
                body = self.envs.handle(f.type, f.body)
            except Refused as e:
                flags |= Flag.ERROR
                body = schema.build_body(f.type, "error", dict(code=e.code, message=e.message))
        else:
            flags |= Flag.ERROR
            body = schema.build_body(MsgType.PING, "error", {"code": -2, "message": "no such"})
        wire = schema.encode(Frame(f.type, flags, f.seq, body), leading=False)
        if f.type != MsgType.HELLO:
            self.replay[key] = wire
            while len(self.replay) > self.window:
                self.replay.popitem(last=False)
        self._respond(wire)
        later, self.envs.later = self.envs.later, []
        for msg_type, fields in later:
            self.event(msg_type, fields)
        if f.type == MsgType.BYE:
            self.session = False
            self.transport.write(self.after_bye)

    def _respond(self, wire: bytes) -> None:
        if self.drop_responses > 0:
            self.drop_responses -= 1
            return
        with self.write_lock:
            if self.noise:
                self.transport.write(self.noise)
                self.noise = b""
            self.transport.write(wire)

    def info(self) -> dict:
        fields = {sc.name: 0 for sc in schema.INFO_RESPONSE.subcons if sc.name}
        fields |= dict(board="fake", version="0.1.0", build_id="fake123", ram_base=0x80000000)
        fields |= dict(ram_size=128 << 20, page_size=4096, pages_total=32752, pages_free=32752)
        fields |= dict(pmp_entries=16, timebase_hz=10_000_000, uart_base=0x10000000)
        d = self.decoder.drops
        fields |= dict(rx_frames=self.decoder.frames, rx_bad_cobs=d[Drop.COBS])
        fields |= dict(rx_bad_crc=d[Drop.CRC], rx_bad_length=d[Drop.LENGTH] + d[Drop.SHORT])
        fields |= dict(rx_bad_version=d[Drop.VERSION], rx_overflow=d[Drop.OVERFLOW])
        fields |= dict(executed=self.executed, replays=self.replays)
        return fields
