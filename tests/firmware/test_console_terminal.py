"""Terminal mode after a session (firmware/kernel/console.c console_terminal, called by
firmware/link/session.c on BYE and timeout; docs/link.md "Consoles"): what the foreground env
wrote while the host held the line reaches the terminal once the session ends, exactly once,
whether or not the session attached to it; bytes its ring overwrote are counted in a log line.
Over the session harness (session_harness.c) under ASan/UBSan."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_session_c import TIMEOUT_TICKS, Line, frames_in

from exo.link import schema
from exo.link.schema import MsgType

RING = 4096  # CONFIG_CONSOLE_RING
CLOSED = b"[exo] session closed\r\n"


@pytest.fixture
def line() -> Iterator[Line]:
    h = Line()
    yield h
    h.close()


def after_frames(data: bytes) -> bytes:
    """What the target sent after its last frame: terminal-mode bytes."""
    return data[data.rindex(b"\x00") + 1 :]


def write(line: Line, data: bytes) -> None:
    assert line.ask(f"write {data.hex()}") == f"ok {len(data)}"


def bye(line: Line) -> bytes:
    out = line.rx(line.frame(MsgType.BYE))
    (response,) = [f for f in frames_in(out) if f.kind == "response"]
    assert response.type == MsgType.BYE
    return after_frames(out)


def test_output_written_during_a_session_reaches_the_terminal_at_bye(line: Line) -> None:
    write(line, b"before\r\n")
    assert line.rx(b"") == b"before\r\n"
    line.rx(line.hello())
    write(line, b"during ")
    write(line, b"the session\r\n")
    line.request(MsgType.PING, b"x")  # nothing of it is sent: not attached
    assert bye(line) == CLOSED + b"during the session\r\n"  # once, and not "before" again
    write(line, b"after\r\n")
    assert line.rx(b"") == b"after\r\n"
    line.rx(line.hello())  # a second session with nothing written: nothing to catch up
    assert bye(line) == CLOSED


def test_attached_output_reaches_the_terminal_too(line: Line) -> None:
    """The session's copy went to the host that attached; the terminal is a view of its own,
    and it resumes where it stopped."""
    write(line, b"a")
    line.rx(b"")
    line.rx(line.hello())
    attach = schema.CONSOLE_ATTACH_REQUEST.build(dict(env=line.fg, backlog=0))
    line.request(MsgType.CONSOLE_ATTACH, attach)
    write(line, b"bc")
    _, others = line.request(MsgType.PING, b"x")
    events = [schema.CONSOLE_EVENT.parse(f.body) for f in others if f.type == MsgType.CONSOLE]
    assert [(e.offset, e.data) for e in events] == [(1, b"bc")]
    assert bye(line) == CLOSED + b"bc"


def test_a_session_that_times_out_gives_the_output_back(line: Line) -> None:
    line.rx(line.hello())
    write(line, b"while silent")
    out = line.time(TIMEOUT_TICKS + 1)
    assert not line.active()
    assert out == b"[exo] session timed out\r\nwhile silent"


def test_a_new_hello_keeps_the_line_framed(line: Line) -> None:
    """A HELLO replacing a session ends it while the line stays in session mode: nothing goes
    out raw then, and the next BYE prints everything."""
    line.rx(line.hello())
    write(line, b"one ")
    out = line.rx(line.hello())
    assert out.startswith(b"\x00") and out.endswith(b"\x00")
    assert b"one" not in out
    write(line, b"two")
    assert bye(line) == CLOSED + b"one two"


def test_an_overwritten_backlog_is_counted_then_the_rest_printed(line: Line) -> None:
    line.rx(line.hello())
    data = bytes(ord("a") + i % 26 for i in range(RING + 100))
    write(line, data[:RING])
    write(line, data[RING:])
    out = line.rx(line.frame(MsgType.BYE))
    tail = after_frames(out)
    assert tail.startswith(CLOSED)
    rest = tail[len(CLOSED) :]
    note = f"[exo] console of env {line.fg:x}: 100 bytes overwritten during the session\r\n"
    assert rest == note.encode() + data[100:]
