"""The exo pytest plugin, tested with pytester: options, markers, skips that say why, the
attached-board path (a fake target on a pty) and the serial log in a failing test's report."""

from __future__ import annotations

import pytest

from exo.boards import load_board
from exo.qemu import firmware_path

USES_TARGET = """
def test_uses_target(exo_target):
    assert exo_target.info()["board"]
"""


def test_options_are_registered(pytester):
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["*--exo-board*", "*--exo-port*"])


def test_board_fixture_loads_the_chosen_board(pytester):
    pytester.makepyfile("def test_b(exo_board):\n    assert exo_board.name == 'qemu-virt'\n")
    pytester.runpytest("--exo-board", "qemu-virt").assert_outcomes(passed=1)


def test_unknown_board_is_a_usage_error(pytester):
    pytester.makepyfile("def test_b(exo_board):\n    pass\n")
    result = pytester.runpytest("--exo-board", "no-such-board")
    result.stdout.fnmatch_lines(["*no board 'no-such-board'*"])
    assert result.ret != 0


def test_missing_firmware_skips_with_the_reason(pytester, monkeypatch, tmp_path):
    monkeypatch.setenv("EXO_BUILD_DIR", str(tmp_path / "empty"))
    pytester.makepyfile(USES_TARGET)
    result = pytester.runpytest("-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*firmware not built*exo.elf is missing*make firmware*"])


def test_target_tests_get_the_qemu_marker(pytester):
    pytester.makepyfile(USES_TARGET + "\ndef test_plain():\n    pass\n")
    result = pytester.runpytest("-m", "not qemu")
    result.assert_outcomes(passed=1, deselected=1)


def test_attached_board_through_exo_port(pytester, pty_fake):
    pytester.makepyfile(USES_TARGET)
    pytester.runpytest("--exo-port", pty_fake.port).assert_outcomes(passed=1)
    assert any(f.type == 4 for f in pty_fake.received)  # the INFO reached the "board"


@pytest.mark.qemu
def test_failing_test_report_carries_the_serial_log(pytester):
    if not firmware_path(load_board()).is_file():
        pytest.skip("firmware not built (run `make firmware`)")
    pytester.makepyfile(
        """
def test_fails(exo_qemu):
    exo_qemu.banner()
    exo_qemu.target.expect("this never comes", timeout=0.3)
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*expected 'this never comes'*serial log: *serial.log*",
            "*exo serial log (*serial.log*",
            "exo 0.1.0 board=qemu-virt*",
        ]
    )


def test_shared_target_is_one_session_for_the_tests_that_ask(pytester, pty_fake):
    pytester.makepyfile(
        """
seen = []

def test_one(exo_shared_target):
    seen.append(exo_shared_target)

def test_two(exo_shared_target):
    assert seen == [exo_shared_target]
"""
    )
    pytester.runpytest("--exo-port", pty_fake.port).assert_outcomes(passed=2)
    assert sum(f.type == 1 for f in pty_fake.received) == 1  # one HELLO


def test_failing_test_report_carries_each_env_console(pytester, pty_fake):
    env = pty_fake.envs._new("talker")  # an env already running on the "board"
    env.state = 2
    pty_fake.envs.write(env.id, b"last words before the failure\n")
    pytester.makepyfile(
        """
def test_fails(exo_target):
    exo_target.console_attach()
    list(exo_target.events(timeout=0.5))
    assert False, "on purpose"
"""
    )
    result = pytester.runpytest("--exo-port", pty_fake.port)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*exo env 0x10001 console*", "*last words before the failure*"])
