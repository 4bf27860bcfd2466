"""MicroPython's raw REPL and raw-paste protocol on a pty, byte for byte: entering and leaving,
the OK / stdout / 0x04 / stderr / 0x04 / '>' frame, Ctrl-C, soft reset, raw-paste with its
flow-control window over a script of many windows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from exopy_proc import needs_exopy
from test_repl_pty import Console, console

pytestmark = needs_exopy

BANNER = b"raw REPL; CTRL-B to exit\r\n>"


@pytest.fixture
def raw() -> Iterator[Console]:
    """A console in raw mode, entered as mpremote does (CR, then Ctrl-A)."""
    with console() as c:
        assert c.exchange(b"\r\x01", BANNER) == b"\r\n>>> \r\n" + BANNER
        yield c


def test_run_prints_ok_output_and_two_eofs(raw: Console) -> None:
    assert raw.exchange(b"print('hi')\r\nprint(2 * 21)\x04", b">") == b"OKhi\r\n42\r\n\x04\x04>"


def test_expressions_are_not_echoed(raw: Console) -> None:
    assert raw.exchange(b"1 + 1\x04", b">") == b"OK\x04\x04>"


def test_errors_go_between_the_two_eofs(raw: Console) -> None:
    reply = raw.exchange(b"print('before')\nraise ValueError('bad')\x04", b"\x04>")
    assert reply == (
        b"OKbefore\r\n\x04"
        b"Traceback (most recent call last):\r\n"
        b'  File "<stdin>", line 2, in <module>\r\n'
        b"ValueError: bad\r\n\x04>"
    )


def test_syntax_error_is_reported_in_the_frame(raw: Console) -> None:
    reply = raw.exchange(b"x = = 1\x04", b"\x04>")
    assert reply.startswith(b"OK\x04")
    assert b"SyntaxError" in reply


def test_system_exit_ends_only_the_run(raw: Console) -> None:
    assert raw.exchange(b"import sys\nsys.exit(3)\x04", b"\x04>") == b"OK\x04SystemExit: 3\r\n\x04>"
    assert raw.exchange(b"import sys\nsys.exit(0)\x04", b"\x04>") == b"OK\x04\x04>"
    assert raw.exchange(b"print('alive')\x04", b"\x04>") == b"OKalive\r\n\x04\x04>"


def test_globals_persist_between_runs(raw: Console) -> None:
    raw.exchange(b"x = 41\x04", b"\x04>")
    assert raw.exchange(b"print(x + 1)\x04", b"\x04>") == b"OK42\r\n\x04\x04>"


def test_ctrl_c_drops_the_input_so_far(raw: Console) -> None:
    assert raw.exchange(b"garbage(\x03print(2)\x04", b"\x04>") == b"OK2\r\n\x04\x04>"


def test_ctrl_a_starts_over(raw: Console) -> None:
    assert raw.exchange(b"junk\r\x01", BANNER) == BANNER
    assert raw.exchange(b"print(3)\x04", b"\x04>") == b"OK3\r\n\x04\x04>"


def test_ctrl_d_on_empty_input_soft_resets(raw: Console) -> None:
    raw.exchange(b"x = 1\x04", b"\x04>")
    assert raw.exchange(b"\x04", BANNER) == b"OK\r\nEXOPY: soft reboot\r\n" + BANNER
    reply = raw.exchange(b"print(x)\x04", b"\x04>")
    assert reply.endswith(b"NameError: name 'x' is not defined\r\n\x04>")


def test_ctrl_b_returns_to_the_friendly_repl(raw: Console) -> None:
    assert raw.exchange(b"\x02") == b"\r\n>>> "
    assert raw.exchange(b"1 + 1\r") == b"1 + 1\r\n2\r\n>>> "


def test_ctrl_c_interrupts_running_code(raw: Console) -> None:
    raw.send(b"import time\nwhile True:\n    time.sleep(0.01)\n\x04")
    assert raw.expect(b"OK") == b"OK"
    raw.send(b"\x03")
    assert raw.expect(b"\x04>") == (
        b"\x04Traceback (most recent call last):\r\n"
        b'  File "<stdin>", line 3, in <module>\r\n'
        b"KeyboardInterrupt\r\n\x04>"
    )


def paste(raw: Console, code: bytes) -> tuple[int, int, bytes]:
    """Send `code` by raw-paste, never past the window: (window, 0x01s seen, the rest)."""
    raw.send(b"\x05A\x01")
    header = raw.read_exact(4)
    assert header[:2] == b"R\x01"
    window = int.from_bytes(header[2:], "little")
    assert window > 0
    room, sent, acks = window, 0, 0
    while sent < len(code):
        if room == 0:
            assert raw.read_exact(1) == b"\x01"
            acks += 1
            room += window
        chunk = code[sent : sent + room]
        raw.send(chunk)
        sent += len(chunk)
        room -= len(chunk)
    raw.send(b"\x04")
    return window, acks, raw.expect(b"\x04>")


def test_raw_paste_of_a_script_many_windows_long(raw: Console) -> None:
    lines = [b"total = 0"]
    lines += [b"total += %d  # %s" % (i, b"pad" * 20) for i in range(100)]
    lines += [b"print('total', total)", b"print('lines', %d)" % (len(lines) + 2)]
    code = b"\n".join(lines) + b"\n"
    window, acks, rest = paste(raw, code)
    assert len(code) > 8 * window
    # the device acknowledges every window it consumed, then echoes the end and runs the code
    expected_acks = len(code) // window
    assert acks + rest.count(b"\x01") == expected_acks
    assert rest.lstrip(b"\x01") == b"\x04total 4950\r\nlines 103\r\n\x04\x04>"
    # back at the raw prompt: a normal run works
    assert raw.exchange(b"print(total)\x04", b"\x04>") == b"OK4950\r\n\x04\x04>"


def test_raw_paste_error_is_framed(raw: Console) -> None:
    _, _, rest = paste(raw, b"print('x')\n1 / 0\n")
    assert rest == (
        b"\x04x\r\n\x04"
        b"Traceback (most recent call last):\r\n"
        b'  File "<stdin>", line 2, in <module>\r\n'
        b"ZeroDivisionError: division by zero\r\n\x04>"
    )


def test_raw_paste_and_editing_under_gc_stress() -> None:
    """The REPL's buffers survive a collection at every allocation."""
    with console({"EXOPY_GC_STRESS": "1"}) as c:
        typed = b"[str(i) for i in range(23)]"
        assert c.exchange(typed + b"\x1b[D\x1b[D\x7f\r") == (
            typed + b"\x08\x08" + b"\x08)]\x1b[K\x1b[2D" + b"\r\n['0', '1']\r\n>>> "
        )
        c.exchange(b"\r\x01", BANNER)
        code = b"x = []\n" + b"".join(b"x.append(str(%d) * 3)\n" % i for i in range(60))
        _, _, rest = paste(c, code + b"print(len(x), x[-1])\n")
        assert rest.lstrip(b"\x01") == b"\x04" + b"60 595959\r\n\x04\x04>"
