"""The link's session (firmware/link/session.c) on the host, under ASan/UBSan, with the real
decoder, request handlers, env table and consoles over a fake UART and clock
(session_harness.c): terminal keystrokes versus frames, session end by BYE and by timeout, and
console events for attached envs. The host's schema encodes and decodes every frame."""

from __future__ import annotations

import struct
from collections.abc import Iterator

import hostbuild
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exo.link import schema
from exo.link.schema import Frame, MsgType

SOURCES = [
    "tests/firmware/session_harness.c",
    "firmware/link/session.c",
    "firmware/link/requests.c",
    "firmware/link/envreq.c",
    "firmware/link/events.c",
    "firmware/link/stream.c",
    "firmware/link/frame.c",
    "firmware/link/cobs.c",
    "firmware/link/crc32.c",
    "firmware/kernel/console.c",
    "firmware/kernel/env.c",
    "firmware/kernel/memory.c",
    "firmware/kernel/exposed.c",
    "firmware/kernel/pages.c",
    "firmware/kernel/slots.c",
    "firmware/kernel/upcall.c",
    "firmware/kernel/revoke.c",
    "firmware/kernel/uaccess.c",
    "firmware/kernel/klog.c",
    "firmware/lib/fmt.c",
]
TIMEOUT_TICKS = 50  # CONFIG_SESSION_TIMEOUT_S (5) at the harness's 10 ticks a second
DEAD = 4


def harness_exe():
    """requests.c names the board: the harness gets a board.h of its own."""
    include = hostbuild.OUT / "include"
    include.mkdir(parents=True, exist_ok=True)
    board = include / "board.h"
    text = '#define BOARD_NAME "host"\n'
    if not board.exists() or board.read_text() != text:
        board.write_text(text)
    return hostbuild.build("session_harness", SOURCES, [f"-I{include}"])


class Line(hostbuild.LineHarness):
    """The target's end of the line: bytes in, bytes the session sent out."""

    def __init__(self) -> None:
        super().__init__(harness_exe())
        self.seq = 100
        assert self.ask("init 64").startswith("ok ")
        self.fg = int(self.ask("state").split()[3])

    def _out(self, answer: str) -> bytes:
        assert answer.startswith("ok "), answer
        text = answer[3:]
        return b"" if text == "-" else bytes.fromhex(text)

    def rx(self, data: bytes) -> bytes:
        return self._out(self.ask(f"rx {data.hex() or '-'}"))

    def time(self, ticks: int) -> bytes:
        return self._out(self.ask(f"time {ticks}"))

    def frame(self, msg_type: MsgType, body: bytes = b"") -> bytes:
        self.seq += 1
        return schema.encode(Frame(msg_type, 0, self.seq, body))

    def request(self, msg_type: MsgType, body: bytes = b"") -> tuple[Frame, list[Frame]]:
        """Send one request; its response and every other frame the session sent."""
        frames = frames_in(self.rx(self.frame(msg_type, body)))
        mine = [f for f in frames if f.kind == "response" and f.seq == self.seq]
        assert len(mine) == 1, frames
        return mine[0], [f for f in frames if f is not mine[0]]

    def hello(self) -> bytes:
        body = schema.build_body(MsgType.HELLO, "request", {"protocol": schema.PROTOCOL})
        return self.frame(MsgType.HELLO, body)

    def active(self) -> bool:
        return self.ask("state").split()[1] == "1"

    def input(self) -> bytes:
        return self._out(self.ask("input"))

    def ask_expire(self) -> bytes:
        """Revocation deadlines due at the harness's clock pass; what the session sent."""
        return self._out(self.ask("expire"))


def frames_in(data: bytes) -> list[Frame]:
    return [x for x in schema.StreamDecoder().feed(data) if isinstance(x, Frame)]


@pytest.fixture
def line() -> Iterator[Line]:
    h = Line()
    yield h
    h.close()


keys = st.binary(min_size=1, max_size=12).map(lambda b: b.replace(b"\x00", b"k"))
steps = st.lists(
    st.one_of(keys.map(lambda k: ("keys", k)), st.sampled_from(["hello", "ping", "bye"])),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(steps)
def test_keystrokes_reach_the_env_and_frames_the_session(steps: list) -> None:
    line = Line()
    active, typed = False, b""
    for step in steps:
        if isinstance(step, tuple):
            out = line.rx(step[1])
            assert out == b""  # nothing is echoed: the env decides what to print
            if not active:
                typed += step[1]
            continue
        data = {"hello": line.hello, "ping": lambda: line.frame(MsgType.PING, b"p")}.get(
            step, lambda: line.frame(MsgType.BYE)
        )()
        frames = frames_in(line.rx(data))
        responses = [f for f in frames if f.kind == "response"]
        if step == "hello" or active:
            assert [(f.type, f.seq) for f in responses] == [(MsgType[step.upper()], line.seq)]
        else:
            assert responses == []  # terminal mode answers only HELLO
        active = step == "hello" or (active and step != "bye")
        assert line.active() == active
    assert line.input() == typed
    line.close()


def test_timeout_ends_the_session_and_its_unfinished_load(line: Line) -> None:
    assert line.time(0) == b""
    line.rx(line.hello())
    assert line.active() and line.ask("state").split()[2] == "1"  # the deadline is armed
    begin = schema.LOAD_BEGIN_REQUEST.build(
        dict(
            name="half",
            base_ppn=first_ppn(line),
            pages=1,
            image_size=4,
            entry=0,
            args=schema.NO_ARGS,
            crc=0,
            rights=b"\x05",
        )
    )
    response, _ = line.request(MsgType.ENV_LOAD_BEGIN, begin)
    env = struct.unpack("<I", response.body)[0]
    assert line.time(TIMEOUT_TICKS - 1) == b""  # the BEGIN renewed it at tick 0
    assert line.active()
    out = line.time(TIMEOUT_TICKS)
    assert b"[exo] session timed out\r\n" in out
    assert f"[exo] env 0x{env:x} exited: code -1".encode() in out  # a plain line now
    assert not line.active() and line.ask("state").split()[2] == "0"  # and the timer is off
    assert line.ask(f"lookup {env}") == f"ok {DEAD}"


def first_ppn(line: Line) -> int:
    response, _ = line.request(MsgType.PAGES, struct.pack("<I", 0))
    return schema.PAGES_RESPONSE.parse(response.body).page_first


def test_attached_console_output_arrives_as_events(line: Line) -> None:
    assert line.ask(f"write {b'before'.hex()}") == "ok 6"
    assert line.rx(b"") == b"before"  # terminal mode: the foreground env's bytes, raw
    line.rx(line.hello())
    attach = schema.CONSOLE_ATTACH_REQUEST.build(dict(env=line.fg, backlog=1))
    _, others = line.request(MsgType.CONSOLE_ATTACH, attach)
    assert line.ask(f"write {b'after'.hex()}") == "ok 5"
    _, more = line.request(MsgType.PING, b"x")
    events = [
        schema.CONSOLE_EVENT.parse(f.body) for f in others + more if f.type == MsgType.CONSOLE
    ]
    assert [(e.env, e.offset, e.data) for e in events] == [
        (line.fg, 0, b"before"),
        (line.fg, 6, b"after"),
    ]
    line.rx(line.frame(MsgType.BYE))
    assert line.ask(f"write {b'!'.hex()}") == "ok 1"
    assert line.rx(b"") == b"!"  # attachments ended with the session


@pytest.mark.parametrize("together", [False, True])
def test_a_frame_cut_short_gives_typing_back(line: Line, together: bool) -> None:
    # A host that gave up mid-frame: its bytes and the typing that follows look like one run,
    # until the run is longer than any frame; from the byte that shows it, it is typing again.
    cut = b"\x00" + b"\x05abcd" * 150
    if together:
        line.rx(cut + b"x" * 400 + b"ls\r")
    else:
        line.rx(cut)
        line.rx(b"x" * 400)
        line.rx(b"ls\r")
    got = line.input()
    assert got.endswith(b"ls\r") and set(got[:-3]) == {ord("x")}
    line.rx(line.hello())
    assert line.active()  # and frames still work


def test_slots_and_a_revocation_through_the_session(line: Line) -> None:
    """SLOTS and REVOKE as frames, and the abort protocol's REVOKED event out of the session,
    each read with the host's schema."""
    line.rx(line.hello())
    response, _ = line.request(MsgType.SLOTS)
    slots = schema.SLOTS_RESPONSE.parse(response.body)
    assert (slots.slot_count, slots.slot_ticks, slots.current) == (4, 500, schema.NO_SLOT)
    assert list(slots.owners) == [line.fg, 0, 0, 0]
    ask = dict(env=line.fg, kind=1, count=1, deadline_ms=100)  # one tick at 10 ticks a second
    response, _ = line.request(MsgType.REVOKE, schema.REVOKE_REQUEST.build(ask))
    assert (response.is_error, response.body) == (False, b"")
    response, _ = line.request(MsgType.REVOKE, schema.REVOKE_REQUEST.build(ask))
    assert response.is_error  # one pending at a time
    assert struct.unpack_from("<i", response.body)[0] == -6  # EXO_EBUSY
    assert line.time(1) == b""  # the deadline passes; the timer's work runs at the expiry
    (event,) = [f for f in frames_in(line.ask_expire()) if f.type == MsgType.REVOKED]
    revoked = schema.REVOKED_EVENT.parse(event.body)
    assert (revoked.env, revoked.kind, revoked.requested, revoked.given, revoked.taken) == (
        line.fg,
        1,
        1,
        0,
        1,
    )
