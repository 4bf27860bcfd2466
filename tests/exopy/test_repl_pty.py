"""The friendly REPL on a terminal (a pty), byte for byte: echo, results, auto-indent, line
editing and history, Ctrl-C at the prompt and in running code, soft reset, paste mode. Also the
pty harness (Console) that test_rawrepl.py and test_mpremote.py use."""

from __future__ import annotations

import os
import select
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import pytest
from exopy_proc import EXOPY, SANITIZER_MARKS, TIMEOUT, needs_exopy

pytestmark = needs_exopy

PROMPT = b">>> "


class Console:
    """exopy running on the slave side of a pty; the test holds the master."""

    def __init__(self, extra_env: Mapping[str, str] | None = None) -> None:
        master, slave = os.openpty()
        env = {k: v for k, v in os.environ.items() if not k.startswith("EXOPY_")}
        env.update(extra_env or {})
        self.proc = subprocess.Popen(
            [str(EXOPY)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.fd = master
        self.pending = bytearray()
        self.everything = bytearray()

    def send(self, data: bytes) -> None:
        """Type `data` at the console."""
        while data:
            done = os.write(self.fd, data)
            data = data[done:]

    def _fill(self) -> bool:
        """Wait for more output; False once the pty is closed."""
        ready, _, _ = select.select([self.fd], [], [], TIMEOUT)
        assert ready, f"exopy went silent; so far: {bytes(self.pending)!r}"
        try:
            data = os.read(self.fd, 4096)
        except OSError:  # EIO: exopy has closed the slave
            return False
        self.pending += data
        self.everything += data
        return bool(data)

    def expect(self, marker: bytes) -> bytes:
        """Everything the console wrote up to and including the next `marker`."""
        while (at := self.pending.find(marker)) < 0:
            assert self._fill(), f"exopy ended before {marker!r}: {bytes(self.pending)!r}"
        out = bytes(self.pending[: at + len(marker)])
        del self.pending[: at + len(marker)]
        return out

    def read_exact(self, n: int) -> bytes:
        """The next n bytes the console writes."""
        while len(self.pending) < n:
            assert self._fill(), f"exopy ended early: {bytes(self.pending)!r}"
        out = bytes(self.pending[:n])
        del self.pending[:n]
        return out

    def exchange(self, data: bytes, marker: bytes = PROMPT) -> bytes:
        """Send `data`; the answer up to `marker` (the next prompt by default)."""
        self.send(data)
        return self.expect(marker)

    def finish(self) -> None:
        """Leave any mode, exit with sys.exit(0); exopy must end cleanly, no sanitizer report."""
        self.send(b"\x03\x02\x03import sys\rsys.exit(0)\r")
        while self._fill():
            pass
        os.close(self.fd)
        status = self.proc.wait(timeout=TIMEOUT)
        text = self.everything.decode("utf-8", errors="backslashreplace")
        for mark in SANITIZER_MARKS:
            assert mark not in text, text
        assert status == 0, text


@contextmanager
def console(extra_env: Mapping[str, str] | None = None) -> Iterator[Console]:
    """A Console at its first prompt; finished (and checked) afterwards."""
    c = Console(extra_env)
    try:
        assert c.expect(PROMPT) == PROMPT
        yield c
        c.finish()
    finally:
        if c.proc.poll() is None:
            c.proc.kill()
            c.proc.wait()


@pytest.fixture
def con() -> Iterator[Console]:
    with console() as c:
        yield c


def test_typed_line_is_echoed_and_its_result_printed(con: Console) -> None:
    assert con.exchange(b"1 + 2\r") == b"1 + 2\r\n3\r\n>>> "
    assert con.exchange(b"'a' * 3\r") == b"'a' * 3\r\n'aaa'\r\n>>> "


def test_underscore_holds_the_last_result(con: Console) -> None:
    assert con.exchange(b"6 * 7\r") == b"6 * 7\r\n42\r\n>>> "
    assert con.exchange(b"_ + 1\r") == b"_ + 1\r\n43\r\n>>> "


def test_continuation_lines_are_auto_indented(con: Console) -> None:
    assert con.exchange(b"def f(x):\r", b"...     ") == b"def f(x):\r\n...     "
    assert con.exchange(b"if x:\r", b"...         ") == b"if x:\r\n...         "
    assert con.exchange(b"return 1\r", b"...         ") == b"return 1\r\n...         "
    # four backspaces take the indent back to the function body
    assert con.exchange(b"\x7f" * 4 + b"return 2\r", b"...     ") == (
        b"\x08\x1b[K" * 4 + b"return 2\r\n...     "
    )
    # a line holding only the offered indent is blank: the definition is complete
    assert con.exchange(b"\r") == b"\r\n>>> "
    assert con.exchange(b"f(1), f(0)\r") == b"f(1), f(0)\r\n(1, 2)\r\n>>> "


def test_editing_keys_left_backspace_home_delete_end(con: Console) -> None:
    keys = b"print(12)" + b"\x1b[D" + b"\x7f" + b"\x1b[H" + b"\x1b[3~" + b"p" + b"\x1b[F" + b"\r"
    assert con.exchange(keys) == (
        b"print(12)"
        + b"\x08"  # left
        + b"\x08)\x1b[K\x1b[1D"  # backspace removes the 2, redraws ')'
        + b"\x1b[7D"  # home
        + b"rint(1)\x1b[K\x1b[7D"  # delete removes the p
        + b"print(1)\x1b[7D"  # p typed at the start
        + b"\x1b[7C"  # end
        + b"\r\n1\r\n>>> "
    )


def test_ctrl_keys_move_the_cursor_too(con: Console) -> None:
    # Ctrl-A (home) and Ctrl-E (end) on a line with text; Ctrl-F / Ctrl-B right and left
    reply = con.exchange(b"23\x01\x06*\x02\x05\r")
    assert reply == b"23\x1b[2D2*3\x1b[1D\x08\x1b[2C\r\n6\r\n>>> "


def test_history_up_and_down(con: Console) -> None:
    con.exchange(b"1 + 1\r")
    con.exchange(b"2 + 2\r")
    reply = con.exchange(b"\x1b[A\x1b[A\x1b[B\r")
    assert reply == (
        b"2 + 2\x1b[K" + b"\x1b[5D1 + 1\x1b[K" + b"\x1b[5D2 + 2\x1b[K" + b"\r\n4\r\n>>> "
    )
    # past the newest entry the line is empty again
    assert con.exchange(b"\x1b[A\x1b[B7\r") == b"2 + 2\x1b[K\x1b[5D\x1b[K7\r\n7\r\n>>> "


def test_ctrl_c_at_the_prompt_drops_the_line(con: Console) -> None:
    assert con.exchange(b"undefined_name\x03") == b"undefined_name\r\n>>> "
    assert con.exchange(b"for i in x:\r", b"...     ") == b"for i in x:\r\n...     "
    assert con.exchange(b"\x03") == b"\r\n>>> "
    assert con.exchange(b"5\r") == b"5\r\n5\r\n>>> "


def test_ctrl_c_interrupts_a_running_loop(con: Console) -> None:
    con.exchange(b"import time\r")
    con.send(b"n = 0\rwhile True:\rn += 1\rtime.sleep(0.01)\r\r")
    con.expect(b"...     \r\n")  # the blank line: the loop runs
    con.send(b"\x03")
    assert con.expect(PROMPT) == (
        b"Traceback (most recent call last):\r\n"
        b'  File "<stdin>", line 3, in <module>\r\n'
        b"KeyboardInterrupt\r\n>>> "
    )
    reply = con.exchange(b"n > 0\r")
    assert reply == b"n > 0\r\nTrue\r\n>>> "


def test_ctrl_c_interrupts_a_loop_without_io(con: Console) -> None:
    con.send(b"n = 0\rwhile True:\rn += 1\r\r")
    con.expect(b"...     \r\n")
    con.send(b"\x03")
    assert con.expect(PROMPT) == (
        b"Traceback (most recent call last):\r\n"
        b'  File "<stdin>", line 2, in <module>\r\n'
        b"KeyboardInterrupt\r\n>>> "
    )
    assert con.exchange(b"n > 0\r") == b"n > 0\r\nTrue\r\n>>> "


def test_ctrl_c_interrupts_a_printing_loop_and_can_be_caught(con: Console) -> None:
    con.send(b"try:\rwhile True:\rprint('tick')\r\x7f\x7f\x7f\x7f")
    con.send(b"\x7f\x7f\x7f\x7fexcept KeyboardInterrupt:\rprint('caught')\r\r")
    con.expect(b"tick\r\n")
    con.send(b"\x03")
    reply = con.expect(PROMPT)
    # any number of further ticks (none if the interrupt came at once), then the handler's line
    ticks = reply.count(b"tick\r\n")
    assert reply == b"tick\r\n" * ticks + b"caught\r\n>>> "


def test_ctrl_d_soft_resets_with_fresh_globals(con: Console) -> None:
    con.exchange(b"x = 5\r")
    con.exchange(b"x\r")
    assert con.exchange(b"\x04") == b"\r\nEXOPY: soft reboot\r\n>>> "
    reply = con.exchange(b"x\r")
    assert reply.endswith(b"NameError: name 'x' is not defined\r\n>>> ")
    reply = con.exchange(b"_\r")
    assert reply.endswith(b"NameError: name '_' is not defined\r\n>>> ")


def test_paste_mode_runs_on_ctrl_d_without_auto_indent(con: Console) -> None:
    banner = b"\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== "
    assert con.exchange(b"\x05", b"=== ") == banner
    reply = con.exchange(b"def f():\r    return 5\r\rprint(f())\r\x04")
    assert reply == (b"def f():\r\n===     return 5\r\n=== \r\n=== print(f())\r\n=== \r\n5\r\n>>> ")


def test_paste_mode_ctrl_c_cancels(con: Console) -> None:
    con.exchange(b"\x05", b"=== ")
    assert con.exchange(b"print('no')\r\x03") == b"print('no')\r\n=== \r\n>>> "


def test_input_is_edited_on_the_terminal(con: Console) -> None:
    con.send(b"s = input('? ')\r")
    con.expect(b"\r\n? ")
    assert con.exchange(b"ab\x7fc\r") == b"ab\x08\x1b[Kc\r\n>>> "
    assert con.exchange(b"s\r") == b"s\r\n'ac'\r\n>>> "


def test_the_cursor_moves_over_whole_utf8_characters(con: Console) -> None:
    # 'é' is two bytes, one column: left, left puts the cursor before it; backspace removes 'a'
    keys = "'aé'".encode() + b"\x1b[D\x1b[D\x7f\r"
    assert con.exchange(keys) == "'aé'".encode() + b"\x08\x08\x08\xc3\xa9'\x1b[K\x1b[2D" + (
        "\r\n'é'\r\n>>> ".encode()
    )
