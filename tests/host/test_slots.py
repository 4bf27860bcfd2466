"""Slots and revocation in the Target API against the fake target: loading with a number of
slots (COMMIT's optional byte), the slot map, revoke's given/taken from the REVOKED event and
its refusals; the SLOTS and REVOKE bodies; the typed REVOKED event."""

from __future__ import annotations

import pytest

from exo.abi import Errno, Revoke
from exo.envs import Revoked, SlotMap, event_dict, event_text, typed_event
from exo.errors import ExoError, RemoteError
from exo.link import schema
from exo.link.schema import Frame, MsgType
from exo.link.session import Event
from exo.loader import commit_body
from exo.target import ExitTimeout, Target

from .elfgen import minimal
from .fake_envs import SLOT_COUNT, SLOT_TICKS

IMAGE = minimal().build()


@pytest.fixture
def target(fake):
    t = Target(fake.host_end, keepalive=None)
    yield t
    t.disconnect()


def commits(fake) -> list[bytes]:
    return [f.body for f in fake.received if f.type == MsgType.ENV_LOAD_COMMIT]


def test_commit_sends_the_slots_byte_only_when_not_one():
    assert commit_body(0x10001) == bytes.fromhex("01000100")
    assert commit_body(0x10001, 0) == bytes.fromhex("0100010000")
    assert commit_body(0x10001, 7) == bytes.fromhex("0100010007")
    with pytest.raises(ExoError, match="slots 256"):
        commit_body(0x10001, 256)


def test_load_gives_the_slots_asked_for_and_the_map_shows_them(target, fake):
    a = target.load(IMAGE, name="a")
    b = target.load(IMAGE, name="b", slots=3)
    c = target.load(IMAGE, name="c", slots=0)
    assert [len(body) for body in commits(fake)] == [4, 5, 5]
    m = target.slots()
    assert isinstance(m, SlotMap)
    assert m.slot_count == SLOT_COUNT and m.slot_ticks == SLOT_TICKS and m.current is None
    assert m.owners[:4] == (a, b, b, b) and m.free_slots == SLOT_COUNT - 4
    assert (m.owned_by(a), m.owned_by(b), m.owned_by(c)) == (1, 3, 0)
    assert m.envs() == [a, b]
    fake.envs.current = 2
    assert target.slots().current == 2
    target.kill(b)
    assert target.slots().owned_by(b) == 0


def test_load_with_more_slots_than_free_is_refused_and_leaves_nothing(target, fake):
    with pytest.raises(RemoteError) as e:
        target.load(IMAGE, slots=SLOT_COUNT + 1)
    assert e.value.code == Errno.ENOMEM
    assert fake.envs.free_pages == fake.envs.page_count
    assert target.slots().free_slots == SLOT_COUNT


def test_revoke_pages_reports_given_and_taken(target, fake):
    env = target.load(IMAGE, name="big")
    held = fake.envs.owner.count(env)
    fake.envs.gives[env] = 1
    result = target.revoke("big", pages=2, deadline_ms=50)
    assert (result.env, result.kind, result.requested) == (env, Revoke.PAGES, 2)
    assert (result.given, result.taken) == (1, 1)
    assert fake.envs.owner.count(env) == held - 2
    assert fake.envs.revokes == [dict(env=env, kind=1, count=2, deadline_ms=50)]
    assert result.as_dict() == dict(env=env, kind="pages", requested=2, given=1, taken=1)


def test_revoke_slots_of_a_cooperative_env(target, fake):
    env = target.load(IMAGE, slots=4)
    result = target.revoke(env, slots=3)
    assert (result.kind, result.given, result.taken) == (Revoke.SLOTS, 3, 0)
    assert target.slots().owned_by(env) == 1


def test_revoke_start_then_wait(target, fake):
    env = target.load(IMAGE, slots=3)
    assert target.revoke_start(env, slots=2, deadline_ms=10) == env
    assert fake.envs.slots.count(env) == 1  # the fake settles at once
    assert list(target.events(timeout=0.2))  # the event was read before anyone waited
    result = target.wait_revoked(env, timeout=1)
    assert (result.requested, result.given, result.taken) == (2, 2, 0)
    with pytest.raises(ExitTimeout):
        target.wait_revoked(env, timeout=0.1)  # one outcome per request


def test_the_revoked_event_stays_readable_for_events(target, fake):
    env = target.load(IMAGE, slots=2)
    target.revoke(env, slots=1)
    seen = [ev for ev in target.events() if isinstance(ev, Revoked)]
    assert [(ev.env, ev.given) for ev in seen] == [(env, 1)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "either pages or slots"),
        (dict(pages=1, slots=1), "either pages or slots"),
        (dict(pages=0), "at least 1"),
        (dict(slots=1, deadline_ms=-1), "deadline"),
    ],
)
def test_revoke_arguments_are_checked_before_anything_is_sent(target, fake, kwargs, message):
    with pytest.raises(ExoError, match=message):
        target.revoke(0x10001, **kwargs)
    assert not [f for f in fake.received if f.type == MsgType.REVOKE]


def test_revoke_refusals_are_remote_errors(target, fake):
    env = target.load(IMAGE, slots=1)
    with pytest.raises(RemoteError) as e:
        target.revoke(env, slots=2)
    assert e.value.code == Errno.EINVAL
    fake.envs.revoking.add(env)
    with pytest.raises(RemoteError) as e:
        target.revoke(env, pages=1)
    assert e.value.code == Errno.EBUSY
    fake.envs.revoking.clear()
    fake.envs.exit(env, 0)
    with pytest.raises(RemoteError) as e:
        target.revoke(env, pages=1)
    assert e.value.code == Errno.ESTATE


def test_revoke_times_out_without_a_revoked_event(target, fake, monkeypatch):
    env = target.load(IMAGE, slots=1)
    monkeypatch.setattr(fake.envs, "later", [])
    fake.envs.revoke = lambda f: {}  # accepts, never reports
    fake.envs.handlers[MsgType.REVOKE] = fake.envs.revoke
    with pytest.raises(ExitTimeout, match="no REVOKED event"):
        target.revoke(env, slots=1, deadline_ms=0, timeout=0.2)


def test_slots_body_round_trip_and_idle():
    fields = dict(slot_count=3, slot_ticks=5, current=schema.NO_SLOT, owners=[0, 0x10001, 0])
    body = schema.build_body(MsgType.SLOTS, "response", fields)
    assert len(body) == 2 + 4 + 2 + 3 * 4
    parsed = schema.parse_body(Frame(MsgType.SLOTS, schema.Flag.RESPONSE, 0, body))
    m = SlotMap.from_wire(parsed)
    assert m.current is None and m.owners == (0, 0x10001, 0)
    assert m.as_dict() == dict(slot_count=3, slot_ticks=5, current=None, owners=[0, 0x10001, 0])
    with pytest.raises(ExoError, match="malformed"):
        schema.parse_body(Frame(MsgType.SLOTS, schema.Flag.RESPONSE, 0, body[:-1]))


def test_revoke_request_layout():
    body = schema.build_body(
        MsgType.REVOKE, "request", dict(env=0x20002, kind=2, count=3, deadline_ms=1000)
    )
    assert body == bytes.fromhex("020002000203000000e8030000")


def test_revoked_event_is_typed_and_shown():
    fields = dict(env=0x20002, kind=1, requested=100, given=60, taken=40)
    ev = typed_event(Event(type=MsgType.REVOKED, seq=4, fields=fields))
    assert ev == Revoked(0x20002, 1, 100, 60, 40, seq=4)
    assert event_dict(ev)["type"] == "REVOKED" and event_dict(ev)["kind"] == "pages"
    assert event_text(ev) == "[revoked] env 0x20002: 100 pages asked, 60 given, 40 taken"
