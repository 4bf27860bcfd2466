"""The link's wire format, declared once with construct: frames, COBS framing and message bodies.

docs/link.md is the contract. Building and parsing both come from the declarations below; the
golden frames the firmware's C tests read are built from it in `golden.py`.
"""

from __future__ import annotations

import enum
import zlib
from dataclasses import dataclass, field

from cobs import cobs
from construct import (
    Array,
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
    Optional,
    PascalString,
    PrefixedArray,
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
    ENV_LOAD_BEGIN = 0x10
    ENV_LOAD_CHUNK = 0x11
    ENV_LOAD_COMMIT = 0x12
    ENV_LOAD_ABORT = 0x13
    ENV_LIST = 0x14
    ENV_KILL = 0x15
    PAGES = 0x16
    CONSOLE_ATTACH = 0x17
    CONSOLE_INPUT = 0x18
    REVOKE = 0x19
    SLOTS = 0x1A
    LOG = 0x80
    CONSOLE = 0x81
    FAULT = 0x82
    EXIT = 0x83
    REVOKED = 0x84


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
CONSOLE_EVENT = Struct("env" / Int32ul, "offset" / Int64ul, "data" / GreedyBytes)
FAULT_EVENT = Struct(
    "env" / Int32ul, "cause" / Int32ul, "pc" / Int64ul, "addr" / Int64ul, Terminated
)
EXIT_EVENT = Struct("env" / Int32ul, "code" / Int32sl, Terminated)

# Envs, loading, pages and consoles (docs/link.md).
NO_ARGS = 0xFFFFFFFF  # ENV_LOAD_BEGIN's `args` when there is no argument block
NO_FAULT = 0xFFFFFFFF  # ENV_LIST's `cause` for an env not stopped by a fault
LIST_DONE = 0xFFFF  # ENV_LIST's `next` after the last entry
WIRE_ANY = 0xFFFFFFFF  # EXO_ANY as a u32 env id
ENV_ONLY = Struct("env" / Int32ul, Terminated)
LOAD_BEGIN_REQUEST = Struct(
    "name" / Str8,
    "base_ppn" / Int32ul,
    "pages" / Int32ul,
    "image_size" / Int32ul,
    "entry" / Int32ul,
    "args" / Int32ul,
    "crc" / Int32ul,
    "rights" / Bytes(this.pages),
    Terminated,
)
LOAD_CHUNK_REQUEST = Struct("env" / Int32ul, "offset" / Int32ul, "data" / GreedyBytes)
ENV_ENTRY = Struct(
    "id" / Int32ul,
    "state" / Int8ul,
    "exit_code" / Int32sl,
    "pages" / Int32ul,
    "cause" / Int32ul,
    "pc" / Int64ul,
    "addr" / Int64ul,
    "name" / Str8,
)
ENV_LIST_REQUEST = Struct("first" / Int16ul, Terminated)
# `count: u8` then `count` entries is exactly a u8-prefixed array.
ENV_LIST_RESPONSE = Struct("next" / Int16ul, "envs" / PrefixedArray(Int8ul, ENV_ENTRY), Terminated)
ENV_KILL_RESPONSE = Struct("pages" / Int32ul, Terminated)
PAGE_RUN = Struct("pages" / Int32ul, "owner" / Int32ul, "rights" / Int8ul)
PAGES_REQUEST = Struct("first" / Int32ul, Terminated)
PAGES_RESPONSE = Struct(
    "page_first" / Int32ul,
    "page_count" / Int32ul,
    "next" / Int32ul,
    "runs" / PrefixedArray(Int16ul, PAGE_RUN),
    Terminated,
)
CONSOLE_ATTACH_REQUEST = Struct("env" / Int32ul, "backlog" / Int8ul, Terminated)
CONSOLE_INPUT_REQUEST = Struct("env" / Int32ul, "data" / GreedyBytes)
CONSOLE_INPUT_RESPONSE = Struct("accepted" / Int32ul, Terminated)
# ENV_LOAD_COMMIT may name the number of slots to give the env (1 when absent).
LOAD_COMMIT_REQUEST = Struct("env" / Int32ul, "slots" / Optional(Int8ul), Terminated)
REVOKE_REQUEST = Struct(
    "env" / Int32ul, "kind" / Int8ul, "count" / Int32ul, "deadline_ms" / Int32ul, Terminated
)
NO_SLOT = 0xFFFF  # SLOTS' `current` while the hart idles
SLOTS_RESPONSE = Struct(
    "slot_count" / Int16ul,
    "slot_ticks" / Int32ul,
    "current" / Int16ul,
    "owners" / Array(this.slot_count, Int32ul),
    Terminated,
)
REVOKED_EVENT = Struct(
    "env" / Int32ul,
    "kind" / Int8ul,
    "requested" / Int32ul,
    "given" / Int32ul,
    "taken" / Int32ul,
    Terminated,
)
ERROR_RESPONSE = Struct("code" / Int32sl, "message" / GreedyString("utf8"))

# Body of each (type, kind) where kind is "request", "response" or "event".
BODIES: dict[tuple[MsgType, str], Struct] = {
    (MsgType.HELLO, "request"): HELLO_REQUEST,
    (MsgType.HELLO, "response"): HELLO_RESPONSE,
    (MsgType.BYE, "request"): EMPTY,
    (MsgType.BYE, "response"): EMPTY,
    (MsgType.INFO, "request"): EMPTY,
    (MsgType.INFO, "response"): INFO_RESPONSE,
    (MsgType.ENV_LOAD_BEGIN, "request"): LOAD_BEGIN_REQUEST,
    (MsgType.ENV_LOAD_BEGIN, "response"): ENV_ONLY,
    (MsgType.ENV_LOAD_CHUNK, "request"): LOAD_CHUNK_REQUEST,
    (MsgType.ENV_LOAD_CHUNK, "response"): EMPTY,
    (MsgType.ENV_LOAD_COMMIT, "request"): LOAD_COMMIT_REQUEST,
    (MsgType.ENV_LOAD_COMMIT, "response"): EMPTY,
    (MsgType.ENV_LOAD_ABORT, "request"): ENV_ONLY,
    (MsgType.ENV_LOAD_ABORT, "response"): EMPTY,
    (MsgType.ENV_LIST, "request"): ENV_LIST_REQUEST,
    (MsgType.ENV_LIST, "response"): ENV_LIST_RESPONSE,
    (MsgType.ENV_KILL, "request"): ENV_ONLY,
    (MsgType.ENV_KILL, "response"): ENV_KILL_RESPONSE,
    (MsgType.PAGES, "request"): PAGES_REQUEST,
    (MsgType.PAGES, "response"): PAGES_RESPONSE,
    (MsgType.CONSOLE_ATTACH, "request"): CONSOLE_ATTACH_REQUEST,
    (MsgType.CONSOLE_ATTACH, "response"): EMPTY,
    (MsgType.CONSOLE_INPUT, "request"): CONSOLE_INPUT_REQUEST,
    (MsgType.CONSOLE_INPUT, "response"): CONSOLE_INPUT_RESPONSE,
    (MsgType.REVOKE, "request"): REVOKE_REQUEST,
    (MsgType.REVOKE, "response"): EMPTY,
    (MsgType.SLOTS, "request"): EMPTY,
    (MsgType.SLOTS, "response"): SLOTS_RESPONSE,
    (MsgType.LOG, "event"): LOG_EVENT,
    (MsgType.CONSOLE, "event"): CONSOLE_EVENT,
    (MsgType.FAULT, "event"): FAULT_EVENT,
    (MsgType.EXIT, "event"): EXIT_EVENT,
    (MsgType.REVOKED, "event"): REVOKED_EVENT,
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


def _plain(value):
    """construct's Containers and ListContainers as plain dicts and lists, recursively."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
