"""What the link's session does with envs on a real target (firmware/link/session.c, envreq.c,
kernel/console.c): keystrokes typed in terminal mode reach the foreground env, its output is
printed raw there, and a session that ends takes every load it left unfinished with it."""

from __future__ import annotations

import struct

import pytest

from exo.abi import EnvState, Perm
from exo.link import schema
from exo.link.schema import Frame, MsgType

pytestmark = pytest.mark.qemu


def test_terminal_keystrokes_reach_the_foreground_env(kit):
    t = kit.target
    env = kit.load("victim", attach=True)  # the most recently started: the foreground env
    kit.wait_output(env, b"ready\n")
    t.disconnect()  # BYE: terminal mode
    t.transport.write(b"c")  # a person typing: no frame around it
    t.expect(rb"intact", timeout=10)  # its output, printed raw on the line
    t.expect(rf"\[exo\] env 0x{env:x} exited: code 0", timeout=10)
    assert t.wait_exit(env, 10) == 0  # a new session (HELLO) sees it DEAD


def test_typing_after_a_frame_cut_short_still_arrives(kit):
    t = kit.target
    env = kit.load("victim", attach=True)
    kit.wait_output(env, b"ready\n")
    t.disconnect()
    # A host that died mid-frame: a delimiter, then more bytes than any frame has.
    t.transport.write(b"\x00" + b"\x01" * 1100)
    t.transport.write(b"c")
    t.expect(rb"intact", timeout=10)
    assert t.wait_exit(env, 10) == 0


def begin_half_load(kit) -> int:
    """An env left LOADING: ENV_LOAD_BEGIN for two pages, and nothing after it."""
    base = kit.pages().free_runs()[0].first
    rights = bytes([Perm.R | Perm.X] * 2)
    body = bytes([4]) + b"half" + struct.pack("<6I", base, 2, 100, 0, 0xFFFFFFFF, 0) + rights
    env = struct.unpack("<I", kit.target.session.request(MsgType.ENV_LOAD_BEGIN, body).body)[0]
    assert kit.pages().owned_by(env) == 2
    return env


def test_an_unfinished_load_goes_with_its_session(kit):
    t = kit.target
    before = kit.check_pages()
    env = begin_half_load(kit)
    t.disconnect()
    states = {e.id: e.state for e in t.envs()}  # a new session
    assert states[env] == EnvState.DEAD
    assert kit.check_pages().free_pages == before.free_pages


def test_a_new_hello_ends_the_session_it_replaces(kit):
    t = kit.target
    before = kit.check_pages()
    env = begin_half_load(kit)
    # Another host says HELLO on the same line (its answer is not ours to wait for).
    hello = schema.build_body(MsgType.HELLO, "request", {"protocol": schema.PROTOCOL})
    t.session.send_raw(schema.encode(Frame(MsgType.HELLO, 0, 0x7777, hello)))
    states = {e.id: e.state for e in t.envs()}
    assert states[env] == EnvState.DEAD
    assert kit.check_pages().free_pages == before.free_pages
