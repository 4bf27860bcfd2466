"""The `exo` command end to end, as a user runs it: a detached boot, info, ping and stop, with
its state in a temporary EXO_STATE_DIR; load with slots, the slot map and revoke; booting the
kernel with its boot bundle, whose env has run before any command reaches it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

import exo as exo_package
from exo.qemu import firmware_path

pytestmark = pytest.mark.qemu


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A stopped QEMU may linger as a zombie until its new parent reaps it.
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    return False


def test_boot_detached_info_ping_stop(exo, exo_board, tmp_path):
    booted = json.loads(exo("boot", "--board", exo_board.name, "--detach", "--json").stdout)
    assert set(booted) == {"port", "pid"} and alive(booted["pid"])
    state = json.loads((tmp_path / "state" / "boot.json").read_text())
    assert state["port"] == booted["port"] and state["pid"] == booted["pid"]

    again = exo("boot", "--detach", check=False)
    assert again.returncode != 0 and "already running" in again.stderr

    info = json.loads(exo("info", "--json").stdout)
    assert info["board"] == exo_board.name and info["ram_size"] == exo_board.ram_size

    pings = json.loads(exo("ping", "--count", "20", "--size", "1024", "--json").stdout)
    assert pings["count"] == 20 and pings["size"] == 1024 and pings["bytes_per_s"] > 0
    assert "PINGs of 64 bytes" in exo("ping", "--count", "3").stdout

    stopped = json.loads(exo("stop", "--json").stdout)
    assert stopped == {"stopped": booted["pid"]} and not alive(booted["pid"])
    after = exo("info", check=False)
    assert after.returncode == 1 and "no port" in after.stderr and "Traceback" not in after.stderr


def test_boot_runs_the_demo_when_stdin_is_not_a_terminal(exo, exo_board):
    out = exo("boot", "--board", exo_board.name).stdout
    assert out.startswith(f"exo {exo_package.__version__} board={exo_board.name}")
    assert "HELLO: protocol 1" in out and "PING  1024 bytes" in out
    if (firmware_path(exo_board).parent / "libos" / "hello.elf").is_file():
        assert "ENV: hello loaded as 0x10001, said 'hello from env 65537\\n', exit code 0" in out


def test_bench_boots_its_own_qemu(exo, exo_board):
    r = json.loads(exo("bench", "--board", exo_board.name, "--pings", "20", "--json").stdout)
    assert r["board"] == exo_board.name and isinstance(r["results"], list)
    peers = {p["name"]: p["instructions"] for p in r["peers"]}
    assert 100 < peers["opensbi_get_spec_version"] < 1000
    link = r["link"]
    assert link["rtt_median_ms"] > 0 and link["raw_bytes_per_s"] > 0 and link["window_to_raw"] > 0
    assert link["load_bytes"] == 65536 and link["load_to_raw"] > 0  # the image loaded and exited


def libos_image(board, name: str) -> str:
    path = firmware_path(board).parent / "libos" / f"{name}.elf"
    if not path.is_file():
        pytest.skip(f"{path} is not built (run `make libos`)")
    return str(path)


def free_pages(exo) -> int:
    runs = json.loads(exo("pages", "--json").stdout)["runs"]
    return sum(r["pages"] for r in runs if r["owner"] == 0)


def test_load_ps_pages_kill_console(exo, exo_board, until):
    hello = libos_image(exo_board, "hello")
    victim = libos_image(exo_board, "victim")
    probe = libos_image(exo_board, "probe")
    exo("boot", "--board", exo_board.name, "--detach", "--json")
    before = free_pages(exo)
    pages = json.loads(exo("pages", "--json").stdout)
    assert pages["runs"] == [
        {"first": pages["page_first"], "pages": pages["page_count"], "owner": 0, "rights": 0}
    ]

    env = json.loads(exo("load", hello, "--json").stdout)["env"]

    def ps() -> dict[int, dict]:
        return {e["id"]: e for e in json.loads(exo("ps", "--json").stdout)}

    assert until(lambda: ps()[env]["state"] == "DEAD")
    assert ps()[env] | {"fault": None} == {
        "id": env,
        "index": env & 0xFFFF,
        "generation": env >> 16,
        "name": "hello",
        "state": "DEAD",
        "exit_code": 0,
        "pages": 0,
        "fault": None,
    }
    assert free_pages(exo) == before
    dead = exo("console", hex(env))  # a DEAD env's console stays until its entry is reused
    assert dead.stdout == f"hello from env {env}\n" and "exited with code 0" in dead.stderr

    followed = exo("load", hello, "--name", "hi2", "-f")
    second = int(followed.stderr.split("loaded ")[1].split()[0], 16)
    assert followed.stdout == f"hello from env {second}\n"

    waiting = int(exo("load", victim, "--name", "victim").stdout, 16)
    assert until(lambda: ps()[waiting]["state"] == "RUNNABLE" and free_pages(exo) < before)
    console = subprocess.Popen(
        [str(exo.path), "console", "victim"], env=exo.env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert console.stdout.readline() == "ready\n"  # its backlog, printed before we asked
    finally:
        console.send_signal(signal.SIGINT)
        assert console.wait(timeout=20) == 0
    killed = exo("kill", "victim")
    assert killed.stdout.startswith(f"killed {waiting:#x}: ")
    freed = int(killed.stdout.split(": ")[1].split()[0])
    assert freed > 0 and free_pages(exo) == before
    assert ps()[waiting]["state"] == "DEAD" and ps()[waiting]["exit_code"] == -1
    again = exo("kill", hex(waiting), check=False)
    assert again.returncode == 1 and "EXO_ESTATE" in again.stderr

    stopped = exo("load", probe, "--arg", "s", "--follow", check=False)
    assert stopped.returncode == 1 and "stopped: breakpoint" in stopped.stderr
    text = exo("ps").stdout
    assert "STOPPED" in text and "breakpoint at pc 0x" in text
    exo("kill", "probe")
    assert free_pages(exo) == before
    exo("stop")


def test_load_into_too_little_memory(exo, exo_board, until):
    exo("boot", "--board", exo_board.name, "--detach", "--json")
    hog = libos_image(exo_board, "hog")
    exo("load", hog, "--arg", "2")  # leaves two pages free
    assert until(lambda: free_pages(exo) == 2)
    refused = exo("load", libos_image(exo_board, "hello"), check=False)
    assert refused.returncode == 1 and "largest free run is 2" in refused.stderr
    assert free_pages(exo) == 2
    exo("stop")


def test_load_with_slots_the_slot_map_and_revoke(exo, exo_board):
    victim = libos_image(exo_board, "victim")  # prints `ready` and polls its console
    exo("boot", "--board", exo_board.name, "--detach", "--json")
    env = json.loads(exo("load", victim, "--slots", "3", "--json").stdout)["env"]
    m = json.loads(exo("slots", "--json").stdout)
    assert (m["slot_count"], m["slot_ticks"]) == (exo_board.slot_count, exo_board.slot_ticks)
    assert m["owners"].count(env) == 3 and m["names"] == {f"{env:#x}": "victim"}
    text = exo("slots").stdout.splitlines()
    assert text[0].startswith(f"slots {exo_board.slot_count} ticks {exo_board.slot_ticks} ")
    assert f"{env:#x} victim" in "\n".join(text[1:])

    r = json.loads(exo("revoke", "victim", "--slots", "2", "--deadline", "50", "--json").stdout)
    assert (r["env"], r["kind"], r["requested"]) == (env, "slots", 2)
    assert r["given"] + r["taken"] == 2  # it has no upcall handler: the abort protocol took them
    assert json.loads(exo("slots", "--json").stdout)["owners"].count(env) == 1

    too_many = exo("revoke", hex(env), "--slots", "5", check=False)
    assert too_many.returncode == 1 and "EXO_EINVAL" in too_many.stderr
    assert len(too_many.stderr.strip().splitlines()) == 1
    exo("kill", "victim")
    assert json.loads(exo("slots", "--json").stdout)["owners"].count(env) == 0
    exo("stop")


def test_the_boot_bundle_runs_before_any_host(exo, exo_board):
    """`make run`'s kernel: the bundled hello has run and exited before the first command."""
    elf = firmware_path(exo_board).with_name("exo-bundle.elf")
    if not elf.is_file():
        pytest.skip(f"{elf} is missing (run `make bundle BOARD={exo_board.name}`)")
    demo = exo("boot", "--board", exo_board.name, "--firmware", str(elf)).stdout  # make run
    assert "BOOT ENV: hello (0x10001) from the boot bundle, exit code 0" in demo
    assert "ENV: hello loaded as 0x10002" in demo
    exo("boot", "--board", exo_board.name, "--firmware", str(elf), "--detach", "--json")
    deadline = time.monotonic() + 10
    while True:
        listed = json.loads(exo("ps", "--json").stdout)
        if listed and listed[0]["state"] == "DEAD" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert [(e["name"], e["state"], e["exit_code"]) for e in listed] == [("hello", "DEAD", 0)]
    exo("stop")
