"""What exopy (the terminal's foreground env) prints while the host holds a link session reaches
the terminal once the host says BYE, exactly once: the terminal resumes from where it stopped
(firmware/kernel/console.c console_terminal; docs/link.md "Consoles"). On QEMU, exo-exopy.elf."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from exo.cli_repl import Console, raw_exec

pytestmark = pytest.mark.qemu

CALLBACK = b"""import exo
mine = [exo.alloc_page() for _ in range(4)]
def give_back(kind, count, deadline):
    print("said" + "_during", kind, count)
    for p in mine[:count]:
        exo.free_page(p)
    del mine[:count]
exo.on_revoke(give_back)
"""


@pytest.fixture
def exopy(exo_board, boot_exopy) -> Iterator[Console]:
    with boot_exopy(exo_board) as con:
        yield con


def terminal_until_mark(con: Console) -> bytes:
    """Back in terminal mode: everything on the line up to a line exopy prints on request
    (its echo shows the source, not the printed text)."""
    t = con.target
    con.pending += t.terminal
    t.terminal.clear()
    con.write(b"print('m' + 'ark')\r")
    return con.read_until(b"mark\r\n", 30)


def test_a_callback_print_during_a_session_reaches_the_terminal_once(exopy):
    """The revocation callback prints while the host waits for REVOKED (not attached): the
    print came before the pages it gave back, so before REVOKED; after BYE it is on the line."""
    out = bytearray()
    status, err = raw_exec(exopy, CALLBACK, out.extend, 60)
    assert (status, err) == (0, b"")
    exopy.read_until(b">>> ", 10)
    t = exopy.target
    result = t.revoke(exopy.env, pages=2, deadline_ms=10000, timeout=30)
    assert (result.given, result.taken) == (2, 0)
    t.disconnect()
    seen = terminal_until_mark(exopy)
    assert seen.count(b"said_during pages 2\r\n") == 1, seen


def test_attached_output_reaches_the_terminal_too(exopy):
    """Typed through the session (CONSOLE_INPUT) and seen by it (attached): the terminal,
    which stopped at the prompt, shows the line and its output once after BYE."""
    t = exopy.target
    t.console_attach(exopy.env, backlog=False)
    t.console_input(exopy.env, b"print('x' * 3 + 'sent')\r")
    for _ in t.events(timeout=30):
        if b"xxxsent\r\n" in t.output(exopy.env):
            break
    assert b"xxxsent\r\n" in t.output(exopy.env)
    t.disconnect()
    seen = terminal_until_mark(exopy)
    assert seen.count(b"print('x' * 3 + 'sent')") == 1, seen
    assert seen.count(b"xxxsent\r\n") == 1, seen
