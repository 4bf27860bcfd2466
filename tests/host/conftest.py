"""Fixtures for host tests: a session joined to an in-memory fake target."""

from __future__ import annotations

import pytest

from exo.link.session import Session
from exo.link.transport import memory_pair

from .fake_target import FakeTarget


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
