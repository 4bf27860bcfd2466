"""Shared by every test folder: pytester, which tests/host/test_plugin.py uses to test the plugin
(pytest accepts `pytest_plugins` only in a top-level conftest), and Hypothesis without its
per-example deadline: the machine running the suite is shared and loaded, and a slow example
is not a failed property."""

from hypothesis import settings

pytest_plugins = ["pytester"]

settings.register_profile("exo", deadline=None)
settings.load_profile("exo")
