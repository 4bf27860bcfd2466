"""End-to-end tests run through the exo pytest plugin (exo.pytest_plugin): its fixtures boot a
fresh QEMU per test, or use the board given with --exo-port. Fixtures shared by these tests."""

from __future__ import annotations

import time

import pytest


@pytest.fixture
def until():
    """until(predicate, limit): poll until predicate() holds; the caller asserts the result."""

    def wait(predicate, limit: float = 10.0) -> bool:
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if predicate():
                return True
            time.sleep(0.01)
        return bool(predicate())

    return wait
