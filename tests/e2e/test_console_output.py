"""Console output under pressure: an env writing many times its console ring while a host is
attached; the host receives every line, in order, with no gap in the stream offsets. (Should the
ring fill, console writes come back short (docs/abi.md) and libexo's stdio yields and retries.)"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.qemu

LINES = 2000  # about 110 KB: many times the 4 KiB ring


def test_a_console_flood_arrives_whole_and_in_order(kit):
    env = kit.load("chatty", LINES, attach=True)
    assert kit.wait(env, 120) == 0
    out = kit.wait_output(env, b"line %06d " % (LINES - 1), 60)
    expected = b"".join(
        b"line %06d of a console flood that fills the ring\n" % i for i in range(LINES)
    )
    assert out == expected
    assert kit.target.lost_output(env) == 0
