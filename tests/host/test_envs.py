"""The env calls of Target against the fake target: listing and paging, the page map, kill,
naming envs, console attach with backlog, gaps and overlaps, input, typed events, wait_exit."""

from __future__ import annotations

import pytest

from exo.abi import ANY, EnvState
from exo.envs import ConsoleOutput, Exit, Fault, Log
from exo.errors import ExoError, RemoteError
from exo.link.schema import MsgType
from exo.target import ExitTimeout, Target

from .elfgen import minimal
from .fake_envs import PAGE_FIRST

IMAGE = minimal().build()


@pytest.fixture
def target(fake):
    t = Target(fake.host_end, keepalive=None)
    yield t
    t.disconnect()


def test_envs_lists_every_entry_across_answers(target, fake):
    fake.envs.max_list = 2
    ids = [target.load(IMAGE, name=f"e{i}") for i in range(5)]
    fake.envs.exit(ids[1], 3)
    fake.envs.fault(ids[2], 7, 0x80021004, 0x80000000)
    envs = target.envs()
    assert [e.id for e in envs] == ids and [e.name for e in envs] == [f"e{i}" for i in range(5)]
    assert [e.state for e in envs][:3] == [EnvState.RUNNABLE, EnvState.DEAD, EnvState.STOPPED]
    assert envs[1].exit_code == 3 and envs[1].pages == 0 and envs[0].pages == 4
    assert envs[0].fault is None
    f = envs[2].fault
    assert (f.cause, f.pc, f.addr) == (7, 0x80021004, 0x80000000)
    assert f.cause_name == "store/AMO access fault"
    assert envs[3].index == 4 and envs[3].generation == 1
    assert len([f for f in fake.received if f.type == MsgType.ENV_LIST]) == 3


def test_pages_map_across_answers(target, fake):
    fake.envs.max_runs = 2
    fake.envs.own(PAGE_FIRST + 3, 2, 0x10005, rights=5)
    fake.envs.own(PAGE_FIRST + 9, 1, 0x10006, rights=1)
    m = target.pages()
    assert m.page_first == PAGE_FIRST and m.page_count == fake.envs.page_count
    got = [(r.first - PAGE_FIRST, r.pages, r.owner, r.rights) for r in m.runs]
    assert got == [
        (0, 3, 0, 0),
        (3, 2, 0x10005, 5),
        (5, 4, 0, 0),
        (9, 1, 0x10006, 1),
        (10, fake.envs.page_count - 10, 0, 0),
    ]
    assert m.free_pages == fake.envs.page_count - 3 and m.owned_by(0x10005) == 2


def test_kill_frees_the_pages_and_the_env_is_dead_with_minus_one(target, fake):
    env = target.load(IMAGE, name="victim")
    free = target.pages().free_pages
    assert target.kill("victim") == 4
    assert target.pages().free_pages == free + 4
    [e] = target.envs()
    assert e.state == EnvState.DEAD and e.exit_code == -1
    with pytest.raises(RemoteError, match="EXO_ESTATE"):
        target.kill(env)
    assert target.wait_exit(env, timeout=1) == -1
    assert target.wait_exit("victim", timeout=1) == -1


@pytest.mark.parametrize("form", [str, hex])
def test_env_named_by_decimal_or_hex_id(target, form):
    env = target.load(IMAGE)
    assert target.env_id(form(env)) == env


def test_env_names_must_be_unique_among_the_living(target, fake):
    a = target.load(IMAGE, name="twin")
    b = target.load(IMAGE, name="twin")
    with pytest.raises(ExoError, match=r"2 envs are named 'twin' \(0x10001, 0x10002\)"):
        target.env_id("twin")
    fake.envs.exit(a, 0)
    assert target.env_id("twin") == b
    with pytest.raises(ExoError, match="no env named 'nobody'"):
        target.env_id("nobody")
    with pytest.raises(ExoError, match="not an env id"):
        target.env_id("0x10000")


def test_stale_and_unknown_ids_are_remote_errors(target, fake):
    env = target.load(IMAGE)
    with pytest.raises(RemoteError, match="EXO_ESTALE"):
        target.kill(env + 0x10000)  # the same entry, another generation
    with pytest.raises(RemoteError, match="EXO_ENOENT"):
        target.kill(0x10030)


def test_console_backlog_then_new_output_without_duplicates(target, fake):
    env = target.load(IMAGE)
    fake.envs.write(env, b"before attach\n")
    target.console_attach(env)
    fake.envs.write(env, b"after\n")
    target.console_attach(env)  # the backlog again: overlaps are dropped
    fake.envs.exit(env, 5)
    assert target.wait_exit(env, timeout=5) == 5
    assert target.output(env) == b"before attach\nafter\n"
    assert target.lost_output(env) == 0


def test_console_without_backlog_starts_at_new_output(target, fake):
    env = target.load(IMAGE)
    fake.envs.write(env, b"old")
    target.console_attach(env, backlog=False)
    fake.envs.write(env, b"new")
    fake.envs.exit(env, 0)
    assert target.wait_exit(env, timeout=5) == 0
    assert target.output(env) == b"new" and target.lost_output(env) == 0


def test_output_the_ring_overwrote_is_counted_as_lost(target, fake):
    fake.envs.ring = 8
    env = target.load(IMAGE)
    fake.envs.write(env, b"0123456789abcdef")  # only the last 8 bytes are still held
    target.console_attach(ANY)
    fake.envs.exit(env, 0)
    assert target.wait_exit(env, timeout=5) == 0
    assert target.output(env) == b"89abcdef" and target.lost_output(env) == 8


def test_typed_events_in_order_and_kept_after_a_wait(target, fake):
    env = target.load(IMAGE)
    target.console_attach(ANY)
    fake.event(MsgType.LOG, {"level": 2, "text": "careful"})
    fake.envs.write(env, b"hi")
    fake.envs.fault(env, 5, 0x1000, 0x2000)
    result = target.wait_exit(env, timeout=5)
    assert isinstance(result, Fault) and (result.env, result.cause, result.addr) == (env, 5, 0x2000)
    events = list(target.events(timeout=0.2))
    assert [type(e) for e in events] == [Log, ConsoleOutput, Fault]
    assert events[0].text == "careful" and events[1] == ConsoleOutput(env, 0, b"hi", seq=1)


def test_wait_exit_sees_an_env_that_ended_before_the_wait(target, fake):
    env = target.load(IMAGE)
    fake.envs.exit(env, 9)
    target.disconnect()  # the EXIT event went to a session that is gone
    assert target.wait_exit(env, timeout=5) == 9


def test_wait_exit_times_out(target):
    env = target.load(IMAGE)
    with pytest.raises(ExitTimeout, match="still running after 0.3 s"):
        target.wait_exit(env, timeout=0.3)


def test_exit_events_become_exit_objects(target, fake):
    env = target.load(IMAGE)
    fake.envs.exit(env, 4)
    assert [e for e in target.events(timeout=0.3) if isinstance(e, Exit)] == [Exit(env, 4, seq=0)]


def test_console_input_reports_what_fitted(target, fake):
    env = target.load(IMAGE)
    fake.envs.input_room = 5
    assert target.console_input(env, b"abc") == 3
    assert target.console_input(str(env), b"defgh") == 2
    assert bytes(fake.envs.env(env).input) == b"abcde"


def test_events_as_json_and_as_text():
    from exo.envs import OtherEvent, event_dict, event_text

    assert event_dict(ConsoleOutput(0x10001, 4, b"hi\xff", seq=3)) == {
        "type": "CONSOLE",
        "env": 0x10001,
        "offset": 4,
        "data": "hi\xff",
        "seq": 3,
        "lost": 0,
    }
    fault = Fault(0x10002, 7, 0x1000, 0x2000)
    assert event_dict(fault)["cause_name"] == "store/AMO access fault"
    assert event_dict(Log(2, "careful"))["level"] == "WARN"
    assert event_dict(OtherEvent(0x9A, {"raw": b"x"}, seq=1))["type"] == "0x9a"
    assert event_text(Log(3, "Oops")) == "[error] Oops"
    assert event_text(fault) == (
        "[fault] env 0x10002 stopped: store/AMO access fault at pc 0x1000, address 0x2000"
    )
    assert event_text(Exit(0x10001, -1)) == "[exit] env 0x10001 exited with code -1"
