"""The link's wire format, declared once with construct: frames, COBS framing and message bodies.

docs/link.md is the contract. Building and parsing both come from the declarations below; the
golden frames the firmware's C tests read are produced here too (`python -m exo.link.schema`).
"""

from __future__ import annotations

import enum
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from cobs import cobs
from construct import (
    Bytes,
    Checksum,
    ChecksumError,
    ConstructError,
    GreedyBytes,
    GreedyString,
    Int8ul,
    Int16ul,
    Int32sl,
    Int32ul,
    Int64ul,
    PascalString,
    RawCopy,
    Struct,
    Terminated,
    this,
)

from ..errors import FrameError

FORMAT_VERSION = 1  # first header byte of every frame
PROTOCOL = 1  # carried by HELLO; a host and target that differ refuse each other
MAX_BODY = 1024
DEFAULT_WINDOW = 8
DELIMITER = b"\x00"


class MsgType(enum.IntEnum):
    HELLO = 0x01
    BYE = 0x02
    PING = 0x03
    INFO = 0x04
    LOG = 0x80
    CONSOLE = 0x81


def msg_type(value: int) -> MsgType | int:
    """The MsgType for a known type number; the plain number for one this host does not know."""
    try:
        return MsgType(value)
    except ValueError:
        return value


class Flag(enum.IntFlag):
    NONE = 0
    RESPONSE = 0x01
    EVENT = 0x02
    ERROR = 0x04


class LogLevel(enum.IntEnum):
    DEBUG = 0
    INFO = 1
    WARN = 2
    ERROR = 3


class Drop(enum.StrEnum):
    """Why the decoder dropped a run of bytes; the names are the firmware's counters' names."""

    COBS = "cobs"
    SHORT = "short"
    LENGTH = "length"
    CRC = "crc"
    VERSION = "version"
    OVERFLOW = "overflow"


HEADER = Struct(
    "version" / Int8ul,
    "type" / Int8ul,
    "flags" / Int8ul,
    "seq" / Int16ul,
    "length" / Int16ul,
)
HEADER_SIZE = HEADER.sizeof()
CRC_SIZE = 4
MIN_RAW = HEADER_SIZE + CRC_SIZE
MAX_RAW = MIN_RAW + MAX_BODY
# COBS adds one byte per 254 and one at the start: the longest run between delimiters.
MAX_ENCODED = MAX_RAW + MAX_RAW // 254 + 1

# The CRC covers the header and body exactly as they are on the wire, hence RawCopy.
FRAME = Struct(
    "header" / RawCopy(HEADER),
    "body" / Bytes(this.header.value.length),
    "crc" / Checksum(Int32ul, zlib.crc32, lambda ctx: ctx.header.data + ctx.body),
    Terminated,
)

Str8 = PascalString(Int8ul, "utf8")

# The first field of every HELLO, request or response, in every protocol version.
HELLO_VERSION = Struct("protocol" / Int16ul)
HELLO_REQUEST = Struct("protocol" / Int16ul, Terminated)
HELLO_RESPONSE = Struct(
    "protocol" / Int16ul,
    "max_body" / Int16ul,
    "window" / Int8ul,
    "board" / Str8,
    "version" / Str8,
    "build_id" / Str8,
    Terminated,
)
EMPTY = Struct(Terminated)
INFO_RESPONSE = Struct(
    "board" / Str8,
    "version" / Str8,
    "build_id" / Str8,
    "ram_base" / Int64ul,
    "ram_size" / Int64ul,
    "kernel_base" / Int64ul,
    "kernel_end" / Int64ul,
    "page_size" / Int32ul,
    "pages_total" / Int32ul,
    "pages_free" / Int32ul,
    "pmp_entries" / Int8ul,
    "timebase_hz" / Int32ul,
    "uptime_ticks" / Int64ul,
    "uart_base" / Int64ul,
    "rx_frames" / Int32ul,
    "rx_bad_cobs" / Int32ul,
    "rx_bad_crc" / Int32ul,
    "rx_bad_length" / Int32ul,
    "rx_bad_version" / Int32ul,
    "rx_overflow" / Int32ul,
    "executed" / Int32ul,
    "replays" / Int32ul,
    Terminated,
)
LOG_EVENT = Struct("level" / Int8ul, "text" / GreedyString("utf8"))
CONSOLE_EVENT = Struct("env" / Int32ul, "data" / GreedyBytes)
ERROR_RESPONSE = Struct("code" / Int32sl, "message" / GreedyString("utf8"))

# Body of each (type, kind) where kind is "request", "response" or "event".
BODIES: dict[tuple[MsgType, str], Struct] = {
    (MsgType.HELLO, "request"): HELLO_REQUEST,
    (MsgType.HELLO, "response"): HELLO_RESPONSE,
    (MsgType.BYE, "request"): EMPTY,
    (MsgType.BYE, "response"): EMPTY,
    (MsgType.INFO, "request"): EMPTY,
    (MsgType.INFO, "response"): INFO_RESPONSE,
    (MsgType.LOG, "event"): LOG_EVENT,
    (MsgType.CONSOLE, "event"): CONSOLE_EVENT,
}


@dataclass(frozen=True)
class Frame:
    """One decoded frame: the header fields that matter and the raw body."""

    type: int
    flags: int
    seq: int
    body: bytes = b""

    @property
    def kind(self) -> str:
        if self.flags & Flag.EVENT:
            return "event"
        return "response" if self.flags & Flag.RESPONSE else "request"

    @property
    def is_error(self) -> bool:
        return bool(self.flags & Flag.ERROR)

    def describe(self) -> str:
        try:
            name = MsgType(self.type).name
        except ValueError:
            name = f"0x{self.type:02x}"
        return f"{name} {self.kind} seq={self.seq} len={len(self.body)}"


def encode_raw(frame: Frame, version: int = FORMAT_VERSION) -> bytes:
    """Header, body and CRC, before COBS."""
    if len(frame.body) > MAX_BODY:
        raise FrameError(f"body of {len(frame.body)} bytes exceeds MAX_BODY {MAX_BODY}")
    header = dict(
        version=version, type=frame.type, flags=frame.flags, seq=frame.seq, length=len(frame.body)
    )
    return FRAME.build(dict(header=dict(value=header), body=frame.body, crc=None))


def encode(frame: Frame, leading: bool = True) -> bytes:
    """The wire bytes of a frame: COBS(raw) then 0x00, with a leading 0x00 that ends any garbage."""
    wire = cobs.encode(encode_raw(frame)) + DELIMITER
    return DELIMITER + wire if leading else wire


def decode_raw(raw: bytes) -> Frame:
    """Check and parse COBS-decoded bytes; raises FrameError whose `reason` is a Drop."""
    if len(raw) < MIN_RAW:
        raise _drop(Drop.SHORT, f"{len(raw)} bytes is shorter than header + CRC")
    length = int.from_bytes(raw[5:7], "little")
    if length > MAX_BODY or length != len(raw) - MIN_RAW:
        raise _drop(Drop.LENGTH, f"length field {length} for {len(raw) - MIN_RAW} body bytes")
    try:
        parsed = FRAME.parse(raw)
    except ChecksumError as e:
        raise _drop(Drop.CRC, "CRC mismatch") from e
    h = parsed.header.value
    if h.version != FORMAT_VERSION:
        raise _drop(Drop.VERSION, f"frame version {h.version}, expected {FORMAT_VERSION}")
    return Frame(type=h.type, flags=h.flags, seq=h.seq, body=bytes(parsed.body))


def decode(encoded: bytes) -> Frame:
    """Decode the bytes between two delimiters (COBS-encoded, no 0x00)."""
    try:
        raw = cobs.decode(encoded)
    except cobs.DecodeError as e:
        raise _drop(Drop.COBS, "bad COBS") from e
    return decode_raw(raw)


def _drop(reason: Drop, text: str) -> FrameError:
    err = FrameError(f"frame dropped ({reason}): {text}")
    err.reason = reason
    return err


@dataclass
class StreamDecoder:
    """Splits a byte stream at 0x00 and decodes each run; holds at most one maximum frame.

    `feed` returns the frames and drops found, in order. Empty runs (two 0x00 in a row) are
    ignored; a run longer than any frame is dropped whole as overflow at its delimiter.
    """

    buffer: bytearray = field(default_factory=bytearray)
    overflow: bool = False
    drops: dict[Drop, int] = field(default_factory=lambda: {d: 0 for d in Drop})
    frames: int = 0

    def reset(self) -> None:
        self.buffer.clear()
        self.overflow = False

    def feed(self, data: bytes) -> list[Frame | Drop]:
        out: list[Frame | Drop] = []
        while data:
            item, used = self.feed_one(data)
            data = data[used:]
            if item is not None:
                out.append(item)
        return out

    def feed_one(self, data: bytes) -> tuple[Frame | Drop | None, int]:
        """Consume bytes up to the first delimiter that ends a non-empty run (or all of them);
        returns what that run was (None if no run ended) and how many bytes were consumed."""
        start = 0
        while start < len(data):
            end = data.find(0, start)
            chunk = data[start:] if end < 0 else data[start:end]
            if not self.overflow:
                self.buffer += chunk
                if len(self.buffer) > MAX_ENCODED:
                    self.overflow = True
                    self.buffer.clear()
            if end < 0:
                return None, len(data)
            start = end + 1
            if self.overflow:
                self.overflow = False
                return self._count(Drop.OVERFLOW), start
            if self.buffer:
                run = bytes(self.buffer)
                self.buffer.clear()
                try:
                    frame = decode(run)
                except FrameError as e:
                    return self._count(e.reason), start
                self.frames += 1
                return frame, start
        return None, len(data)

    def _count(self, reason: Drop) -> Drop:
        self.drops[reason] += 1
        return reason


def body_struct(msg_type: int, kind: str) -> Struct | None:
    try:
        return BODIES.get((MsgType(msg_type), kind))
    except ValueError:
        return None


def build_body(msg_type: MsgType, kind: str, values: dict | bytes | None = None) -> bytes:
    """The body bytes of a message from its fields (raw bytes pass through for PING)."""
    if kind == "error":
        return ERROR_RESPONSE.build(values or {})
    if isinstance(values, bytes | bytearray):
        return bytes(values)
    if msg_type == MsgType.PING:
        return b""
    struct = body_struct(msg_type, kind)
    if struct is None:
        raise FrameError(f"no {kind} body is declared for {msg_type!r}")
    return struct.build(values or {})


def parse_body(frame: Frame) -> dict | bytes:
    """A frame's body as a dict of fields (bytes for PING); raises FrameError if malformed."""
    try:
        if frame.is_error:
            return _plain(ERROR_RESPONSE.parse(frame.body))
        if frame.type == MsgType.PING:
            return frame.body
        struct = body_struct(frame.type, frame.kind)
        if struct is None:
            raise FrameError(f"unexpected {frame.describe()}")
        return _plain(struct.parse(frame.body))
    except (ConstructError, UnicodeDecodeError) as e:
        raise FrameError(f"malformed body in {frame.describe()}: {e}") from e


def hello_protocol(body: bytes) -> int:
    """The protocol version at the start of a HELLO body, whatever follows it."""
    try:
        return HELLO_VERSION.parse(body).protocol
    except ConstructError as e:
        raise FrameError(f"HELLO body of {len(body)} bytes has no protocol version") from e


def _plain(container) -> dict:
    return {k: v for k, v in container.items() if not k.startswith("_")}


def golden_frames() -> Iterator[tuple[str, Frame]]:
    """Named frames covering every message and edge body sizes, for the C side's golden tests."""
    resp, ev, err = Flag.RESPONSE, Flag.EVENT, Flag.RESPONSE | Flag.ERROR
    hello = dict(protocol=1, max_body=MAX_BODY, window=8, board="qemu-virt")
    hello |= dict(version="0.1.0", build_id="abc1234")
    info = {sc.name: 0 for sc in INFO_RESPONSE.subcons if sc.name}
    info |= dict(board="qemu-virt", version="0.1.0", build_id="abc1234", ram_base=0x80000000)
    info |= dict(ram_size=128 << 20, kernel_base=0x80000000, kernel_end=0x80010000)
    info |= dict(page_size=4096, pages_total=32752, pages_free=32752, pmp_entries=16)
    info |= dict(timebase_hz=10_000_000, uptime_ticks=123456789, uart_base=0x10000000)
    info |= dict(rx_frames=3, executed=2, replays=1)
    yield (
        "hello-request",
        Frame(MsgType.HELLO, 0, 0x1234, build_body(MsgType.HELLO, "request", {"protocol": 1})),
    )
    yield (
        "hello-response",
        Frame(MsgType.HELLO, resp, 0x1234, build_body(MsgType.HELLO, "response", hello)),
    )
    yield "bye-request", Frame(MsgType.BYE, 0, 7, b"")
    yield "bye-response", Frame(MsgType.BYE, resp, 7, b"")
    yield "info-request", Frame(MsgType.INFO, 0, 0xFFFF, b"")
    yield (
        "info-response",
        Frame(MsgType.INFO, resp, 0xFFFF, build_body(MsgType.INFO, "response", info)),
    )
    log = {"level": LogLevel.INFO, "text": "exo booted"}
    yield "log-event", Frame(MsgType.LOG, ev, 0, build_body(MsgType.LOG, "event", log))
    console = {"env": 0x10001, "data": b">>> \x00\xff"}
    yield (
        "console-event",
        Frame(MsgType.CONSOLE, ev, 1, build_body(MsgType.CONSOLE, "event", console)),
    )
    enosys = {"code": -2, "message": "no such message"}
    yield "error-response", Frame(0x7F, err, 9, build_body(MsgType.PING, "error", enosys))
    # Body sizes at the edges of MAX_BODY and of COBS's 254-byte blocks (raw = body + 11).
    for size in (0, 1, 242, 243, 244, 253, 254, 255, 1024):
        body = bytes((i * 7 + size) % 256 for i in range(size))
        yield f"ping-{size}", Frame(MsgType.PING, 0, size, body)
        yield f"ping-zeros-{size}", Frame(MsgType.PING, resp, size + 1, bytes(size))


def golden_text() -> str:
    """One line per golden frame: name type flags seq body-hex wire-hex ("-" for empty)."""
    lines = ["# name type flags seq body wire (generated by `python -m exo.link.schema`)"]
    for name, f in golden_frames():
        wire = encode(f, leading=False)
        lines.append(f"{name} {f.type} {int(f.flags)} {f.seq} {f.body.hex() or '-'} {wire.hex()}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(golden_text())
