"""What the link's session does with envs on a real target (firmware/link/session.c, envreq.c,
kernel/console.c): keystrokes typed in terminal mode reach the foreground env, its output is
printed raw there, and a session that ends takes every load it left unfinished with it."""

from __future__ import annotations

import struct

import pytest

from exo.abi import EnvState, Perm
from exo.link.schema import MsgType

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


def test_an_unfinished_load_goes_with_its_session(kit):
    t = kit.target
    before = kit.check_pages()
    base = before.free_runs()[0].first
    rx = int(Perm.R | Perm.X)
    body = (
        bytes([4]) + b"half" + struct.pack("<6I", base, 2, 100, 0, 0xFFFFFFFF, 0) + bytes([rx] * 2)
    )
    env = struct.unpack("<I", t.session.request(MsgType.ENV_LOAD_BEGIN, body).body)[0]
    assert kit.pages().owned_by(env) == 2
    t.disconnect()
    states = {e.id: e.state for e in t.envs()}  # a new session
    assert states[env] == EnvState.DEAD
    assert kit.check_pages().free_pages == before.free_pages
