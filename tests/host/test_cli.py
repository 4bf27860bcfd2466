"""The exo CLI without QEMU: error paths (no port, wrong port, no answer, version mismatch) are
one line on stderr with a non-zero exit code; info, ping and the env commands (load, ps, pages,
kill, console, slots, revoke) against a fake target on a pty."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from exo.abi import EnvState
from exo.cli import main
from exo.cli_envs import page_map_text
from exo.cli_slots import slot_map_plain, slot_map_text
from exo.envs import PageMap, PageRun, SlotMap

from .elfgen import minimal
from .fake_envs import PAGE_FIRST


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
    commands = ("boot", "stop", "info", "ping", "term", "bench", "load", "ps", "pages")
    for command in commands + ("kill", "console", "slots", "revoke", "bundle"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "--json" in result.stdout, command


def test_boot_takes_another_kernel_image(run, tmp_path):
    assert "--firmware" in run("boot", "--help").stdout
    result = run("boot", "--firmware", str(tmp_path / "none.elf"))
    assert result.exit_code == 2 and "none.elf" in result.stderr  # checked before QEMU starts


def test_bench_on_an_attached_line(run, pty_fake):
    pty_fake.envs.on_start = lambda e: pty_fake.envs.exit(e.id, 0)
    result = run("bench", "--link-only", "--port", pty_fake.port, "--pings", "10", "--json")
    assert result.exit_code == 0, result.stderr
    r = json.loads(result.stdout)["link"]
    assert r["rtt_min_ms"] <= r["rtt_median_ms"] <= r["rtt_p90_ms"]
    assert min(r["window_bytes_per_s"], r["single_bytes_per_s"], r["raw_bytes_per_s"]) > 0
    assert pty_fake.drops["overflow"] == 16  # the raw runs reached the target and were dropped
    assert r["load_bytes"] == 65536 and r["load_bytes_per_s"] > 0 and r["load_to_raw"] > 0
    loads = [c for c in pty_fake.envs.chunks]
    assert sum(n for _, _, n in loads) == 3 * 65536  # three loads, no chunk skipped


# -- envs: load, ps, pages, kill, console --------------------------------------------------


@pytest.fixture
def elf(tmp_path):
    path = tmp_path / "hello.elf"
    path.write_bytes(minimal().build())
    return str(path)


def test_load_prints_the_env_id_and_the_env_runs(run, pty_fake, elf):
    result = run("load", elf, "--port", pty_fake.port)
    assert result.exit_code == 0, result.stderr
    env = int(result.stdout.strip(), 16)
    e = pty_fake.envs.env(env)
    assert e.state == EnvState.RUNNABLE and e.name == "hello" and e.args == 0xFFFFFFFF


def test_load_json_with_name_and_arguments(run, pty_fake, elf):
    result = run("load", elf, "--port", pty_fake.port, "--name", "h2", "--arg", "a b", "--json")
    out = json.loads(result.stdout)
    e = pty_fake.envs.env(out["env"])
    assert e.name == "h2" and out["pages"] == 5 and out["bytes"] == 4 * 4096 + 5
    assert bytes(e.memory[e.args : e.args + 5]) == b"a b\0\0"


def test_load_follow_streams_the_console_and_exits_with_the_envs_code(run, pty_fake, elf):
    def start(e):
        pty_fake.envs.write(e.id, b"hello from the env\n")
        pty_fake.envs.exit(e.id, 3)

    pty_fake.envs.on_start = start
    result = run("load", elf, "--port", pty_fake.port, "-f")
    assert result.exit_code == 3, result.stderr
    assert result.stdout == "hello from the env\n"
    assert "exited with code 3" in result.stderr


def test_load_follow_of_an_env_that_faults(run, pty_fake, elf):
    pty_fake.envs.on_start = lambda e: pty_fake.envs.fault(e.id, 2, 0x80020000, 0)
    result = run("load", elf, "--port", pty_fake.port, "--follow", "--json")
    assert result.exit_code == 1
    last = json.loads(result.stdout.splitlines()[-1])
    assert last["fault"]["cause_name"] == "illegal instruction"


def test_load_into_too_little_memory_is_one_line(run, pty_fake, elf):
    pty_fake.envs.own(PAGE_FIRST + 2, pty_fake.envs.page_count - 2, 0x10009)
    one_line_error(run("load", elf, "--port", pty_fake.port), "needs 4", "largest free run is 2")


def test_load_refuses_a_bad_image_in_one_line(run, pty_fake, tmp_path):
    bad = tmp_path / "bad.elf"
    bad.write_bytes(b"\x7fELF" + bytes(10))
    one_line_error(run("load", str(bad), "--port", pty_fake.port), "truncated file")


def test_ps_plain_and_json(run, pty_fake, elf):
    run("load", elf, "--port", pty_fake.port, "--name", "one")
    env = json.loads(run("load", elf, "--port", pty_fake.port, "--json").stdout)["env"]
    pty_fake.envs.exit(env, 0)
    listed = json.loads(run("ps", "--port", pty_fake.port, "--json").stdout)
    assert [(e["name"], e["state"], e["exit_code"]) for e in listed] == [
        ("one", "RUNNABLE", None),
        ("hello", "DEAD", 0),
    ]
    text = run("ps", "--port", pty_fake.port).stdout.splitlines()
    assert text[0].split() == ["id", "index", "gen", "name", "state", "exit", "pages", "fault"]
    assert text[2].split() == ["0x10002", "2", "1", "hello", "DEAD", "0", "0"]


def test_pages_plain_and_json(run, pty_fake, elf):
    env = json.loads(run("load", elf, "--port", pty_fake.port, "--json").stdout)["env"]
    runs = json.loads(run("pages", "--port", pty_fake.port, "--json").stdout)["runs"]
    assert [(r["pages"], r["owner"]) for r in runs[:3]] == [(1, env), (1, env), (2, env)]
    assert sum(r["pages"] for r in runs) == pty_fake.envs.page_count
    text = run("pages", "--port", pty_fake.port).stdout.splitlines()
    assert text[1] == f"0x{PAGE_FIRST:x}..0x{PAGE_FIRST:x} 1 {env:#x} r-x"
    assert text[-1].endswith(f"{pty_fake.envs.page_count - 4} free")


def test_kill_by_name(run, pty_fake, elf):
    env = json.loads(run("load", elf, "--port", pty_fake.port, "--json").stdout)["env"]
    result = run("kill", "hello", "--port", pty_fake.port)
    assert result.stdout == f"killed {env:#x}: 4 pages freed\n"
    assert pty_fake.envs.env(env).state == EnvState.DEAD
    one_line_error(run("kill", "hello", "--port", pty_fake.port), "EXO_ESTATE")
    one_line_error(run("kill", "nobody", "--port", pty_fake.port), "no env named 'nobody'")


def test_console_shows_lost_bytes_and_ends_with_the_env(run, pty_fake, elf):
    env = json.loads(run("load", elf, "--port", pty_fake.port, "--json").stdout)["env"]
    pty_fake.envs.ring = 10
    pty_fake.envs.write(env, b"0123456789ABCDEFGHIJ")
    pty_fake.envs.exit(env, 0)
    result = run("console", hex(env), "--port", pty_fake.port)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "[10 bytes lost]ABCDEFGHIJ"
    assert "exited with code 0" in result.stderr
    quiet = run("console", str(env), "--port", pty_fake.port, "--no-backlog")
    assert quiet.stdout == ""


def test_page_map_cells_and_legend():
    runs = (PageRun(100, 3, 0x10001, 5), PageRun(103, 2045, 0, 0), PageRun(2148, 2, 0x10002, 3))
    text = page_map_text(PageMap(100, 2050, runs), {0x10001: "hello"}).plain
    lines = text.splitlines()
    assert "one cell per 3 pages" in lines[0]
    rows = lines[1:-3]
    assert [len(r) for r in rows] == [64] * 10 + [44]
    cells = "".join(rows)  # the last cell holds the last page only: 0x10002's
    assert cells[0] == cells[-1] == "█" and cells[-2] == "▒"  # 2 free pages and 1 of 0x10002's
    assert set(cells[1:-2]) == {"·"}
    assert "0x10001 hello: 3 pages" in text and "0x10002 ?: 2 pages" in text


# -- slots and revoke ------------------------------------------------------------------------


def test_load_with_slots_and_the_slot_map(run, pty_fake, elf):
    out = json.loads(run("load", elf, "--port", pty_fake.port, "--slots", "3", "--json").stdout)
    env = out["env"]
    assert out["slots"] == 3 and pty_fake.envs.slots[:4] == [env, env, env, 0]
    pty_fake.envs.current = 1
    listed = json.loads(run("slots", "--port", pty_fake.port, "--json").stdout)
    assert listed["owners"][:4] == [env, env, env, 0] and listed["current"] == 1
    assert listed["slot_count"] == 32 and listed["names"] == {f"{env:#x}": "hello"}
    text = run("slots", "--port", pty_fake.port).stdout.splitlines()
    assert text == ["slots 32 ticks 10000 free 29 running 1", f"0..2 {env:#x} hello", "3..31 free"]


def test_load_with_slots_out_of_range_is_a_usage_error(run, pty_fake, elf):
    result = run("load", elf, "--port", pty_fake.port, "--slots", "256")
    assert result.exit_code == 2 and "256" in result.stderr
    assert not pty_fake.envs.table


def test_revoke_reports_given_and_taken(run, pty_fake, elf):
    env = json.loads(run("load", elf, "--port", pty_fake.port, "--json").stdout)["env"]
    pty_fake.envs.gives[env] = 1
    result = run("revoke", "hello", "--pages", "3", "--deadline", "20", "--port", pty_fake.port)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"revoked 3 pages of {env:#x}: 1 given, 2 taken\n"
    assert pty_fake.envs.revokes[-1] == dict(env=env, kind=1, count=3, deadline_ms=20)
    assert pty_fake.envs.owner.count(env) == 1
    out = run("revoke", hex(env), "--slots", "1", "--port", pty_fake.port, "--json").stdout
    assert json.loads(out) == dict(env=env, kind="slots", requested=1, given=1, taken=0)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((), ("either --pages N or --slots N",)),
        (("--pages", "1", "--slots", "1"), ("either --pages N or --slots N",)),
        (("--slots", "2"), ("EXO_EINVAL",)),
    ],
)
def test_revoke_errors_are_one_line(run, pty_fake, elf, args, words):
    run("load", elf, "--port", pty_fake.port)
    one_line_error(run("revoke", "hello", *args, "--port", pty_fake.port), *words)


def test_revoke_of_nobody_is_one_line(run, pty_fake):
    one_line_error(run("revoke", "nobody", "--pages", "1", "--port", pty_fake.port), "nobody")


def test_slot_picture_cells_mark_and_legend():
    m = SlotMap(10000, 33, (0x10001,) * 2 + (0,) * 31 + (0x10002,) + (0,) * 6)
    text = slot_map_text(m, {0x10001: "hello"}).plain
    lines = text.splitlines()
    assert lines[0] == "40 slots of 10000 ticks, 37 free, slot 33 running"
    assert lines[1] == "████" + "··" * 30 and len(lines[1]) == 64
    assert lines[2] == "··██" + "··" * 6
    assert lines[3] == "  ^^ running"
    assert "0x10001 hello: 2 slots (5%)" in text and "0x10002 ?: 1 slots (2%)" in text
    idle = slot_map_text(SlotMap(5, None, (0, 0)), {}).plain
    assert "idle" in idle.splitlines()[0] and "^^" not in idle


def test_slot_runs_as_text():
    m = SlotMap(7, None, (0x10001, 0, 0, 0x10001))
    plain = slot_map_plain(m, {0x10001: "a"}).splitlines()
    assert plain == ["slots 4 ticks 7 free 2 idle", "0 0x10001 a", "1..2 free", "3 0x10001 a"]
