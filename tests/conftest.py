"""Shared by every test folder: pytester, which tests/host/test_plugin.py uses to test the plugin
(pytest accepts `pytest_plugins` only in a top-level conftest)."""

pytest_plugins = ["pytester"]
