"""Fixtures for host tests: fake targets in memory or behind a pty."""

from __future__ import annotations

import os
import tty

import pytest

from exo.link.session import Session
from exo.link.transport import memory_pair

from .fake_target import FakeTarget, FdTransport


@pytest.fixture
def fake():
    host, target = memory_pair("fake")
    t = FakeTarget(target).start()
    t.host_end = host
    yield t
    t.stop()
    host.close()


@pytest.fixture
def session(fake):
    s = Session(fake.host_end, keepalive=None)
    s.open()
    yield s
    s.close()


@pytest.fixture
def pty_fake():
    """A fake target behind a real pty, as a board's serial port would be: yields its port path."""
    master, slave = os.openpty()
    tty.setraw(slave)  # no echo or line editing before pyserial opens it
    t = FakeTarget(FdTransport(master)).start(banner=False)
    t.port = os.ttyname(slave)
    yield t
    t.stop()
    os.close(master)
    os.close(slave)
