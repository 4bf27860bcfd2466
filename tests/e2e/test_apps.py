"""libexo's example applications end to end (libos/apps/*/README.md): hello; pager, a working
set larger than its frame budget under its own clock replacement and compressed store, alone,
with a damaged store page it must notice, and revoked while it runs, through the Target API and
through the `exo` command (it gives the frames back, its budget and its page count in the env
table drop by as many, and it finishes with every check passed); revocable,
which gives back exactly what a request asks, then, over-asked, what it can spare, survives the
abort protocol taking the rest, and computes the same results throughout."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from exo.qemu import firmware_path

pytestmark = pytest.mark.qemu
EXO = Path(sys.executable).with_name("exo")

PAGER_LINE = re.compile(
    rb"pager: (at|done) (\d+): hit rate (\d+)\.\d% \(recent (\d+)\.\d%\), "
    rb"budget (\d+) frames \((\d+) resident\), in (\d+) out (\d+) written (\d+), "
    rb"store (\d+) words/(\d+) pages, checks (\d+) failed (\d+)\n"
)


def pages_of(kit, env: int) -> int:
    """The pages env owns, as the env table (exo ps) says."""
    return next(e.pages for e in kit.target.envs() if e.id == env)


def progress(out: bytes) -> list[dict[str, int | bytes]]:
    keys = "what done hit recent budget resident pin pout written words blobs checks failed"
    return [
        {k: (v if k == "what" else int(v)) for k, v in zip(keys.split(), m.groups(), strict=True)}
        for m in PAGER_LINE.finditer(out)
    ]


@pytest.fixture
def cli(tmp_path, exo_board, request) -> Iterator[Callable[..., subprocess.CompletedProcess]]:
    """The `exo` command as a user runs it, on a QEMU of its own (`exo boot --detach`), with its
    state in a temporary EXO_STATE_DIR; the QEMU is stopped after the test, also a failed one."""
    if request.config.getoption("exo_port"):
        pytest.skip("exo boot needs QEMU, not an attached board")
    if not firmware_path(exo_board).is_file():
        pytest.skip(f"firmware not built: {firmware_path(exo_board)} (run `make firmware`)")
    env = dict(os.environ, EXO_STATE_DIR=str(tmp_path / "state"))
    env.pop("EXO_PORT", None)

    def run(*args: str) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [str(EXO), *args], env=env, capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 0, proc.stderr
        return proc

    pid = json.loads(run("boot", "--board", exo_board.name, "--detach", "--json").stdout)["pid"]
    yield run
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def test_hello_says_which_env_it_is(kit):
    env = kit.load("hello")
    assert kit.wait(env) == 0
    assert kit.output(env) == f"hello from env {env}\n".encode()


# Seed 7's run, the same on every board: the pager works in 32-bit words on rv32 and rv64 alike,
# so a changed line means the workload, the clock or the store behaves differently.
SEED7_DONE = (
    b"pager: done 20000: hit rate 88.6% (recent 87.3%), budget 16 frames (16 resident), "
    b"in 2327 out 2311 written 1279, store 7479 words/48 pages, checks 17454 failed 0\n"
)


def test_pager_keeps_more_pages_than_frames_and_every_check_passes(kit):
    env = kit.load("pager", "accesses=20000", "seed=7")
    assert kit.wait(env, 60) == 0, kit.output(env)
    out = kit.output(env)
    assert out.startswith(b"pager: 48 logical pages, budget 16 frames, hot set 12 pages, seed 7,")
    lines = progress(out)
    assert [ln["done"] for ln in lines] == [2000 * k for k in range(1, 11)]
    end = lines[-1]
    assert end["what"] == b"done" and end["budget"] == 16 and end["resident"] == 16
    assert end["failed"] == 0 and end["checks"] > 15000, "every read and every page-in"
    # 48 pages through 16 frames: pages go out and come back (every one checked), some dirty.
    assert end["pin"] > 48 and end["pout"] == end["pin"] - 16 and 0 < end["written"] < end["pout"]
    assert 70 <= end["hit"] < 100, "locality: most accesses hit, the uniform tenth mostly not"
    assert end["words"] < end["blobs"] * 1024 // 2, "the store holds pages compressed"
    assert out.endswith(SEED7_DONE + b"pager: all checks passed\n"), "a seed gives the same run"


def test_pager_notices_a_damaged_page(kit):
    env = kit.load("pager", "accesses=4000", "damage=1000")
    assert kit.wait(env, 60) == 1
    out = kit.output(env)
    m = re.search(rb"pager: damaged the stored copy of page (\d+)\n", out)
    assert m is not None, out
    assert re.search(rb"CHECK FAILED: page read back wrong: page " + m.group(1) + rb" word", out)
    assert progress(out)[-1]["failed"] > 0
    assert out.endswith(b"pager: CHECKS FAILED\n")


def test_pager_revoked_while_it_runs_gives_frames_back_and_goes_on(kit):
    # revokes=2: it works on until two requests came, so it is surely running for both.
    env = kit.load("pager", "revokes=2", "accesses=40000", "report=10000")
    kit.wait_output(env, b"pager: at ")
    full = pages_of(kit, env)
    result = kit.target.revoke(env, pages=6)
    assert (result.requested, result.given, result.taken) == (6, 6, 0)
    assert pages_of(kit, env) == full - 6
    said = b"pager: revoked 6 pages: gave 6, budget now 10 frames\n"
    kit.wait_output(env, said)
    end = time.monotonic() + 30
    while len(progress(kit.output(env).partition(said)[2])) < 3:  # three lines on 10 frames
        assert time.monotonic() < end, kit.output(env)
    result = kit.target.revoke(env, pages=2)
    assert (result.requested, result.given, result.taken) == (2, 2, 0)
    assert pages_of(kit, env) == full - 8
    assert kit.wait(env, 60) == 0, kit.output(env)
    out = kit.output(env)
    head, _, tail = out.partition(said)
    middle, _, tail = tail.partition(b"pager: revoked 2 pages: gave 2, budget now 8 frames\n")
    first, on10, on8 = progress(head)[0], progress(middle), progress(tail)
    assert first["budget"] == 16 and len(on10) >= 3 and len(on8) >= 4, out
    assert all(ln["budget"] == 10 for ln in on10) and all(ln["budget"] == 8 for ln in on8)
    assert all(ln["failed"] == 0 for ln in on10 + on8)
    # 10 and then 8 frames for a hot set of 12: the hit rate falls, and the pager says so.
    assert all(ln["recent"] < first["recent"] for ln in on10[1:] + on8[1:])
    assert on8[-1]["what"] == b"done" and on8[-1]["done"] >= on10[-1]["done"] + 40000
    assert out.endswith(b"pager: all checks passed\n")


def test_pager_under_exo_revoke_on_the_command_line(cli, exo_board):
    image = str(firmware_path(exo_board).parent / "libos" / "pager.elf")
    args = ["--arg", "revokes=2", "--arg", "accesses=50000", "--arg", "report=100000"]
    env = json.loads(cli("load", image, *args, "--json").stdout)["env"]

    def ps() -> dict:
        return next(e for e in json.loads(cli("ps", "--json").stdout) if e["id"] == env)

    before = ps()
    assert before["state"] == "RUNNABLE", "it runs until its second revocation at least"
    r = json.loads(cli("revoke", "pager", "--pages", "4", "--json").stdout)
    assert (r["env"], r["requested"], r["given"], r["taken"]) == (env, 4, 4, 0)
    assert ps()["pages"] == before["pages"] - 4
    r = json.loads(cli("revoke", "pager", "--pages", "2", "--json").stdout)
    assert (r["env"], r["requested"], r["given"], r["taken"]) == (env, 2, 2, 0)
    console = cli("console", "pager")  # streams until it exits
    out = console.stdout
    assert "pager: revoked 4 pages: gave 4, budget now 12 frames\n" in out
    assert "pager: revoked 2 pages: gave 2, budget now 10 frames\n" in out
    assert progress(out.encode())[-1]["budget"] == 10
    assert out.endswith("pager: all checks passed\n")
    assert f"{env:#x} exited with code 0" in console.stderr


def test_revocable_gives_what_is_asked_then_what_it_can_spare(kit):
    env = kit.load("revocable", "revokes=2")
    out = kit.wait_output(env, b"revocable: ready")
    m = re.search(rb"ready: 8 cache pages, round 0 sum (0x[0-9a-f]{8}), 4096/4096 hits\n", out)
    assert m is not None, out
    first_sum = m.group(1)
    full = pages_of(kit, env)

    result = kit.target.revoke(env, pages=3)
    assert (result.requested, result.given, result.taken) == (3, 3, 0)
    assert pages_of(kit, env) == full - 3
    kit.wait_output(env, b"revocable: asked 3 pages: gave 3, kept 5 cache pages\n")
    kit.wait_output(env, b"(same), 5 cache pages")  # a whole round on what it kept
    held = set(kit.owned(env))

    # 5 asked, 4 to spare: the abort protocol takes the one it keeps.
    result = kit.target.revoke(env, pages=5, deadline_ms=200)
    assert (result.requested, result.given, result.taken) == (5, 4, 1)
    assert kit.wait(env, 30) == 0, kit.output(env)
    out = kit.output(env)
    assert (
        b"revocable: asked 5 pages: gave 4, kept 1 cache pages (short 1: it keeps 1; "
        b"the abort protocol takes the rest)\n" in out
    )
    m = re.search(rb"revocable: repossessed (0x[0-9a-f]+): recomputing, 0 cache pages left\n", out)
    assert m is not None, out
    assert int(m.group(1), 16) in held, "the page taken was one of its own"
    rounds = re.findall(rb"round \d+ sum (0x[0-9a-f]{8}) \((\w+)\), \d+ cache pages", out)
    assert rounds and all(r == (first_sum, b"same") for r in rounds), out
    done = re.search(
        rb"done: \d+ rounds, last sum (0x[0-9a-f]{8}), 0 cache pages, 0/4096 hits, "
        rb"0 rounds differed\n",
        out,
    )
    assert done is not None and done.group(1) == first_sum, out
