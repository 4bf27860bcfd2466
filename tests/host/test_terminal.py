"""The plain terminal: the line's bytes reach stdout, keystrokes reach the line, Ctrl-] ends it."""

from __future__ import annotations

import io
import os
import sys

from exo.target import Target
from exo.terminal import run_terminal

from .fake_target import BANNER


class Stdout(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.buffer = io.BytesIO()


def test_terminal_copies_both_ways_until_ctrl_right_bracket(fake, monkeypatch):
    r, w = os.pipe()
    os.write(w, b"typed\x1dnot sent")
    out = Stdout()
    with os.fdopen(r, "rb", buffering=0) as stdin:
        monkeypatch.setattr(sys, "stdin", stdin)
        monkeypatch.setattr(sys, "stdout", out)
        target = Target(fake.host_end, keepalive=None)
        target.expect("exo ")  # part of the banner was read before the terminal started
        run_terminal(target)
    os.close(w)
    assert out.buffer.getvalue() == BANNER[len(b"exo ") :]
    assert bytes(fake.decoder.buffer) == b"typed"  # no delimiter: still waiting in the decoder
