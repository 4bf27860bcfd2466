"""The session protocol against the in-memory fake target: HELLO, retries, replay, window,
resynchronisation, timeouts, version mismatch, events, keepalive and BYE."""

from __future__ import annotations

import threading
import time

import pytest

from exo.errors import LinkError, NoAnswerError, ProtocolError, RemoteError
from exo.link import schema
from exo.link.schema import MsgType
from exo.link.session import Session, State
from exo.link.transport import memory_pair

from .fake_target import BANNER, FakeTarget


def until(predicate, limit: float = 5.0) -> bool:
    """Poll until predicate() holds; False if it never did (the test then fails on it)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.005)
    return predicate()


def test_hello_reports_the_target_and_keeps_the_banner_apart(fake, session):
    assert session.state is State.OPEN
    assert session.hello.board == "fake" and session.hello.window == 8
    assert bytes(session.preamble) == BANNER


def test_ping_echoes_every_size(session):
    for size in (0, 1, 253, 254, 255, schema.MAX_BODY):
        body = bytes(range(256)) * 4
        assert session.request(MsgType.PING, body[:size]).body == body[:size]


def test_lost_responses_are_retried_with_the_same_seq_and_run_once(fake, session):
    fake.drop_responses = 2
    response = session.request(MsgType.INFO, timeout=0.2)
    fields = schema.parse_body(response)
    infos = [f for f in fake.received if f.type == MsgType.INFO]
    # At least the two lost answers were retried (a slow machine may add one more), always
    # with the same seq, and every copy after the first was replayed, not run.
    assert len(infos) >= 3 and len({f.seq for f in infos}) == 1
    assert session.stats.retries == len(infos) - 1
    assert fake.replays == len(infos) - 1
    assert fields["executed"] == 2  # HELLO and this INFO, not the retries


def test_mute_target_gives_no_answer_after_every_try(fake, session):
    fake.mute = True
    with pytest.raises(NoAnswerError, match="after 3 tries"):
        session.request(MsgType.PING, b"x", timeout=0.02, tries=3)
    pings = [f for f in fake.received if f.type == MsgType.PING]
    assert len(pings) == 3 and len({f.seq for f in pings}) == 1


def test_window_bounds_requests_in_flight(fake, session):
    fake.hold.set()
    done: list = []

    def flood():
        pend = [session.submit(MsgType.PING, bytes([i]), timeout=30) for i in range(20)]
        done.extend(session.wait(p).body for p in pend)

    t = threading.Thread(target=flood)
    t.start()
    assert until(lambda: len(fake.held) == 8)
    time.sleep(0.05)  # give a ninth request the chance to (wrongly) slip out
    assert len(fake.held) == 8
    while t.is_alive() or fake.held:
        fake.release()
        fake.hold.set()
        t.join(0.01)
    fake.release()
    t.join(5)
    assert done == [bytes([i]) for i in range(20)]


def test_noise_before_a_response_is_skipped(fake, session):
    fake.noise = b"\x17garbage\xff\x00\x00\x05junk"
    assert session.request(MsgType.PING, b"after noise").body == b"after noise"
    assert session.decoder.drops[schema.Drop.COBS] + session.decoder.drops[schema.Drop.SHORT] >= 1


def test_noise_sent_to_the_target_is_dropped_and_the_next_request_answered(fake, session):
    session.send_raw(b"\x03\x01\x02 not a frame")
    session.send_raw(b"\x05" * 5000)  # longer than any frame: overflow
    session.send_raw(schema.encode(schema.Frame(MsgType.PING, 0, 1, b"ab"))[:-3])
    assert session.request(MsgType.PING, b"ok").body == b"ok"
    assert fake.drops[schema.Drop.OVERFLOW] == 1


def test_duplicate_request_is_replayed_not_rerun(fake, session):
    p = session.submit(MsgType.INFO)
    session.wait(p)
    before = fake.executed
    session.send_raw(p.wire)  # the same seq again, as a retry would
    assert until(lambda: fake.replays == 1)
    assert fake.executed == before
    assert session.stats.unmatched == 1  # the replayed answer had no request waiting


def test_unknown_request_raises_remote_error(session):
    with pytest.raises(RemoteError, match="EXO_ENOSYS") as e:
        session.request(0x7E)
    assert e.value.code == -2


def test_version_mismatch_names_both_versions():
    host, target = memory_pair()
    fake = FakeTarget(target, protocol=2).start()
    s = Session(host, keepalive=None)
    with pytest.raises(ProtocolError, match="protocol 2, this host speaks 1"):
        s.open()
    assert s.state is State.CLOSED
    fake.stop()


def test_events_are_queued_and_losses_counted(fake, session):
    fake.event(MsgType.LOG, {"level": 1, "text": "hello log"})
    fake.event(MsgType.CONSOLE, {"env": 0x10001, "offset": 5, "data": b">>> "}, skip=3)
    first = session.events.get(timeout=2)
    second = session.events.get(timeout=2)
    assert first.type is MsgType.LOG and first.fields["text"] == "hello log"
    assert second.fields == {"env": 0x10001, "offset": 5, "data": b">>> "} and second.lost == 3
    assert session.stats.events_lost == 3


def test_keepalive_pings_while_idle(fake):
    s = Session(fake.host_end, keepalive=0.05)
    s.open()
    assert until(lambda: s.stats.keepalives >= 2)
    assert [f for f in fake.received if f.type == MsgType.PING]
    s.close()


def test_bye_returns_to_terminal_mode_and_keeps_what_follows(fake, session):
    session.close()
    assert session.state is State.CLOSED and not fake.session
    assert until(lambda: b"terminal again" in bytes(session.tail) + bytes(_drain(fake)))


def test_a_retried_bye_answered_twice_leaves_only_terminal_bytes(fake):
    """Both BYEs are answered (the second replayed in terminal mode, after the target's own
    terminal output): the replay is a frame, not terminal text, and must not reach `tail`."""
    s = Session(fake.host_end, timeout=0.4, keepalive=None)
    s.open()
    fake.hold.set()
    closing = threading.Thread(target=s.close)
    closing.start()
    assert until(lambda: len(fake.held) == 2)  # the BYE and its retry, both unanswered yet
    fake.release()
    closing.join(5)
    assert fake.replays == 1 and s.state is State.CLOSED
    assert bytes(s.tail) == fake.after_bye


def _drain(fake) -> bytes:
    return fake.host_end.read(4096, 0.05)


def test_session_can_reopen_after_bye(fake, session):
    session.close()
    again = Session(fake.host_end, keepalive=None)
    assert again.open().board == "fake"
    again.close()


def test_requests_after_close_are_refused(session):
    session.close()
    with pytest.raises(LinkError, match="closed"):
        session.request(MsgType.PING)


def test_closed_link_fails_waiting_requests(fake, session):
    fake.mute = True
    p = session.submit(MsgType.PING, timeout=30)
    fake.host_end.close()
    with pytest.raises(LinkError):
        session.wait(p)


def test_a_future_hello_layout_still_reports_the_version_mismatch(monkeypatch):
    real = schema.build_body

    def longer_hello(msg_type, kind, values=None):  # protocol 2 might append fields
        body = real(msg_type, kind, values)
        return body + b"\x01\x02" if (msg_type, kind) == (MsgType.HELLO, "response") else body

    monkeypatch.setattr(schema, "build_body", longer_hello)
    host, target = memory_pair()
    fake = FakeTarget(target, protocol=2).start()
    with pytest.raises(ProtocolError, match="protocol 2, this host speaks 1"):
        Session(host, keepalive=None).open()
    fake.stop()


def test_an_unknown_event_type_is_kept_raw_and_the_link_goes_on(fake, session):
    fake.transport.write(schema.encode(schema.Frame(0x9A, schema.Flag.EVENT, 0, b"new"), False))
    event = session.events.get(timeout=2)
    assert event.type == 0x9A and event.fields == {"raw": b"new"}
    assert session.request(MsgType.PING, b"still").body == b"still"
