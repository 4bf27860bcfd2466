"""The exo CLI without QEMU: error paths (no port, wrong port, no answer, version mismatch) are
one line on stderr with a non-zero exit code; info and ping against a fake target on a pty."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from exo.cli import main


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("EXO_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("EXO_PORT", raising=False)

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def one_line_error(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("exo: error: "), result.stderr
    assert "Traceback" not in result.stderr
    for w in words:
        assert w in lines[0]


@pytest.mark.parametrize("command", [["info"], ["ping"], ["term"]])
def test_no_port(run, command):
    one_line_error(run(*command), "no port", "--port", "exo boot --detach")


def test_wrong_port(run):
    one_line_error(run("info", "--port", "/dev/no-such-tty"), "/dev/no-such-tty", "cannot open")


def test_wrong_port_from_the_environment(run, monkeypatch):
    monkeypatch.setenv("EXO_PORT", "/dev/no-such-tty-either")
    one_line_error(run("ping"), "/dev/no-such-tty-either")


def test_no_answer(run):
    master, slave = os.openpty()  # a line nobody answers on
    try:
        one_line_error(run("info", "--port", os.ttyname(slave)), "no answer to HELLO")
    finally:
        os.close(master)
        os.close(slave)


def test_version_mismatch(run, pty_fake):
    pty_fake.protocol = 7
    one_line_error(run("info", "--port", pty_fake.port), "protocol 7", "speaks 1")


def test_stop_with_nothing_running(run):
    one_line_error(run("stop"), "nothing to stop")


def test_stale_state_is_not_a_port(run, tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    (state / "boot.json").write_text(json.dumps({"port": "/dev/pts/999", "pid": 2**22 + 1}))
    one_line_error(run("info"), "no port")


def test_info_json_from_a_fake_target(run, pty_fake):
    result = run("info", "--port", pty_fake.port, "--json")
    assert result.exit_code == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["board"] == "fake" and info["executed"] >= 2


def test_info_text_is_plain_off_a_terminal(run, pty_fake):
    result = run("info", "--port", pty_fake.port)
    assert result.exit_code == 0 and "ram_base: 0x80000000" in result.stdout
    assert "\x1b[" not in result.stdout  # no rich markup into a pipe


@pytest.mark.parametrize("flood", [False, True])
def test_ping_reports_stats(run, pty_fake, flood):
    args = ["ping", "--port", pty_fake.port, "--count", "12", "--size", "100", "--json"]
    result = run(*args, *(["--flood"] if flood else []))
    assert result.exit_code == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["count"] == 12 and stats["size"] == 100
    assert 0 < stats["rtt_min_ms"] <= stats["rtt_avg_ms"] <= stats["rtt_max_ms"]
    assert stats["bytes_per_s"] > 0
    pings = [f for f in pty_fake.received if f.type == 3 and f.body]
    assert len(pings) == 12


def test_ping_refuses_oversized_payloads(run, pty_fake):
    result = run("ping", "--port", pty_fake.port, "--size", "1025")
    assert result.exit_code == 2 and "1024" in result.stderr


def test_every_command_has_help_and_json(run):
    for command in ("boot", "stop", "info", "ping", "term", "bench"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "--json" in result.stdout, command


def test_bench_on_an_attached_line(run, pty_fake):
    result = run("bench", "--link-only", "--port", pty_fake.port, "--pings", "10", "--json")
    assert result.exit_code == 0, result.stderr
    r = json.loads(result.stdout)["link"]
    assert r["rtt_min_ms"] <= r["rtt_median_ms"] <= r["rtt_p90_ms"]
    assert min(r["window_bytes_per_s"], r["single_bytes_per_s"], r["raw_bytes_per_s"]) > 0
    assert pty_fake.drops["overflow"] == 16  # the raw runs reached the target and were dropped
