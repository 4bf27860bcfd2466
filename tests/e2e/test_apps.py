"""libexo's example applications end to end (libos/apps/*/README.md): hello; pager, a working
set larger than its frame budget under its own clock replacement and compressed store, alone,
with a damaged store page it must notice, and revoked while it runs, through the Target API and
through the `exo` command (it gives the frames back, its budget and its page count in the env
table drop by as many, and it finishes with every check passed); revocable, which gives back
exactly what a request asks, then, over-asked, what it can spare, survives the abort protocol
taking the rest, and computes the same results throughout. The pager's pure modules (its
compressed store and clock) are also driven on the host under ASan/UBSan against Python models
(libos/apps/pager/host/harness.c); those tests need no QEMU."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import random
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from exo.qemu import firmware_path

qemu = pytest.mark.qemu
ROOT = Path(__file__).resolve().parents[2]
PAGER = ROOT / "libos" / "apps" / "pager"
PAGE_WORDS = 1024
STORE_PAGES = 64

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


@qemu
def test_hello_says_which_env_it_is(kit):
    env = kit.load("hello")
    assert kit.wait(env) == 0
    assert kit.output(env) == f"hello from env {env}\n".encode()


# Seed 7's run, the same on every board: the pager works in 32-bit words on rv32 and rv64 alike,
# so a changed line means the workload, the clock or the store behaves differently.
@qemu
def test_pager_keeps_more_pages_than_frames_and_every_check_passes(kit):
    env = kit.load("pager", "accesses=20000", "seed=7")
    twin = kit.load("pager", "accesses=20000", "seed=7")  # the same seed beside it
    assert kit.wait(env, 60) == 0, kit.output(env)
    assert kit.wait(twin, 60) == 0, kit.output(twin)
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
    assert out.endswith(b"pager: all checks passed\n")
    assert kit.output(twin) == out, "a seed gives the same run, wherever its frames are"


@qemu
def test_pager_notices_a_damaged_page(kit):
    env = kit.load("pager", "accesses=4000", "damage=1000")
    assert kit.wait(env, 60) == 1
    out = kit.output(env)
    m = re.search(rb"pager: damaged the stored copy of page (\d+)\n", out)
    assert m is not None, out
    assert re.search(rb"CHECK FAILED: page read back wrong: page " + m.group(1) + rb" word", out)
    assert progress(out)[-1]["failed"] > 0
    assert out.endswith(b"pager: CHECKS FAILED\n")


@qemu
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


@qemu
def test_pager_under_exo_revoke_on_the_command_line(exo, exo_board):
    cli = exo
    cli("boot", "--board", exo_board.name, "--detach", "--json")
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


@qemu
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


# ---- The pager's store and clock on the host ------------------------------------------------


def load_hostbuild():
    """tests/firmware/hostbuild.py (not a package), as tests/libos/libos_host.py loads it."""
    spec = importlib.util.spec_from_file_location(
        "apps_hostbuild", ROOT / "tests/firmware/hostbuild.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def harness() -> Iterator:
    hostbuild = load_hostbuild()
    # hostbuild hashes the sources and the shared headers; the pager's own headers go in a flag.
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(PAGER.glob("*.h"))))
    sources = [f"libos/apps/pager/{f}" for f in ("host/harness.c", "store.c", "frames.c")]
    flags = [f"-I{ROOT / 'libos' / 'include'}", f"-DPAGER_HEADERS_{digest.hexdigest()[:16]}=1"]
    h = hostbuild.LineHarness(hostbuild.build("pager_harness", sources, flags))
    yield h
    h.close()


def hexwords(words: list[int]) -> str:
    return " ".join(f"{w:x}" for w in words)


def model_compress(page: list[int]) -> list[int]:
    """store.c's codec as its comment states it: records of (literals << 16 | repeat), the
    literals, then the repeated word; a run of 3 or more equal words is a repeat."""
    out: list[int] = []
    i, n = 0, len(page)

    def run(at: int) -> int:
        j = at + 1
        while j < n and page[j] == page[at]:
            j += 1
        return j - at

    while i < n:
        first = i
        while i < n and run(i) < 3:
            i += 1
        rep = run(i) if i < n else 0
        out += [(i - first) << 16 | rep, *page[first:i]]
        if rep:
            out.append(page[i])
            i += rep
    return out


def sample_page(rng: random.Random) -> list[int]:
    """Pages with the shapes a codec gets wrong: data then zeros (the pager's own), runs of
    exactly 2 and 3, one value throughout, alternating words, noise."""
    shape = rng.randrange(6)
    if shape == 0:
        fill = rng.randrange(PAGE_WORDS + 1)
        return [rng.getrandbits(32) for _ in range(fill)] + [0] * (PAGE_WORDS - fill)
    if shape == 1:
        page: list[int] = []
        while len(page) < PAGE_WORDS:
            page += [rng.getrandbits(32)] * rng.choice([1, 2, 3, 4, 50])
        return page[:PAGE_WORDS]
    if shape == 2:
        return [rng.getrandbits(32)] * PAGE_WORDS
    if shape == 3:
        a, b = rng.getrandbits(32), rng.getrandbits(32)
        return [a if i % 2 else b for i in range(PAGE_WORDS)]
    if shape == 4:
        return [rng.getrandbits(32) for _ in range(PAGE_WORDS)]
    return [rng.choice([0, 1, 0xFFFFFFFF]) for _ in range(PAGE_WORDS)]


def test_store_codec_matches_its_description_and_round_trips(harness):
    rng = random.Random(1)
    pages = [sample_page(rng) for _ in range(300)]
    blobs = harness.batch([f"compress {hexwords(p)}" for p in pages])
    for page, answer in zip(pages, blobs, strict=True):
        got = [int(w, 16) for w in answer.split()[2:]]
        assert int(answer.split()[1]) == len(got) == len(model_compress(page))
        assert got == model_compress(page)
        assert len(got) <= PAGE_WORDS + 1
        assert harness.ask(f"decompress {hexwords(got)}") == f"made {PAGE_WORDS}"
    zeros = [int(w, 16) for w in harness.ask(f"compress {hexwords([0] * PAGE_WORDS)}").split()[2:]]
    assert zeros == [PAGE_WORDS, 0], "an empty page is one repeat record"


@pytest.mark.parametrize(
    "blob",
    [
        [0],  # a record with nothing in it
        [5 << 16 | 0, 1, 2],  # five literals promised, two there
        [0 << 16 | 7],  # a repeat without its word
        [0 << 16 | 1000, 9, 0 << 16 | 1000, 9],  # more than a page
    ],
)
def test_store_refuses_a_malformed_blob(harness, blob):
    assert harness.ask(f"decompress {hexwords(blob)}") == "made -1"


def test_store_keeps_every_page_through_replacement_and_packing(harness):
    """Random puts, drops and gets against a dict: every page comes back as put, the live words
    are the model's blob sizes, and the arena is packed (compactions) rather than filled."""
    rng = random.Random(2)
    assert harness.ask("init") == "ok"
    model: dict[int, list[int]] = {}
    for _ in range(1500):
        p = rng.randrange(STORE_PAGES)
        op = rng.random()
        if op < 0.6:
            fill = rng.randrange(32, 288)  # the pager's pages: a blob is at most 289 words
            page = [rng.getrandbits(32) for _ in range(fill)] + [0] * (PAGE_WORDS - fill)
            assert harness.ask(f"put {p:x} {hexwords(page)}") == "put 0"
            model[p] = page
        elif op < 0.7:
            assert harness.ask(f"drop {p:x}") == "ok"
            model.pop(p, None)
        else:
            answer = harness.ask(f"get {p:x}").split()
            if p in model:
                assert answer[1] == "0" and [int(w, 16) for w in answer[2:]] == model[p]
            else:
                assert answer == ["get", "-1"]
    blobs, live, compactions, puts = map(int, harness.ask("stats").split()[1:])
    assert blobs == len(model) and puts > 0 and compactions > 0
    assert live == sum(len(model_compress(page)) for page in model.values())


def test_store_that_cannot_fit_a_page_says_so_and_keeps_the_others(harness):
    rng = random.Random(3)
    assert harness.ask("init") == "ok"
    noise = {p: [rng.getrandbits(32) for _ in range(PAGE_WORDS)] for p in range(STORE_PAGES)}
    answers = [harness.ask(f"put {p:x} {hexwords(page)}") for p, page in noise.items()]
    fitted = answers.index("put -1")  # incompressible pages: 1025 words each
    assert fitted == (STORE_PAGES * 300) // (PAGE_WORDS + 1) and set(answers[fitted:]) == {"put -1"}
    for p in range(STORE_PAGES):
        answer = harness.ask(f"get {p:x}").split()
        if p < fitted:
            assert [int(w, 16) for w in answer[2:]] == noise[p]
        else:
            assert answer == ["get", "-1"]


def test_store_damage_is_seen_on_the_way_back(harness):
    rng = random.Random(4)
    assert harness.ask("init") == "ok"
    page = [rng.getrandbits(32) for _ in range(100)] + [0] * (PAGE_WORDS - 100)
    assert harness.ask(f"put 5 {hexwords(page)}") == "put 0"
    assert harness.ask("damage 5") == "damage 0" and harness.ask("damage 6") == "damage -1"
    answer = harness.ask("get 5").split()
    assert answer[1] != "0" or [int(w, 16) for w in answer[2:]] != page


def clock_model(frames: int, ops: list[tuple[str, int]]) -> list[int]:
    """Second chance as frames.h states it: an empty frame first (lowest index); else the hand
    sweeps from where it stopped, clearing use bits, and takes the first frame without one."""
    page: list[int | None] = [None] * frames
    used = [False] * frames
    hand = 0
    victims = []
    for op, arg in ops:
        if op == "use":
            used[arg] = True
            continue
        empty = [i for i in range(frames) if page[i] is None]
        if empty:
            v = empty[0]
        else:
            while used[hand]:
                used[hand] = False
                hand = (hand + 1) % frames
            v, hand = hand, (hand + 1) % frames
        victims.append(v)
        page[v], used[v] = arg, True  # mapped: in use
    return victims


def test_clock_picks_the_frames_second_chance_says(harness):
    rng = random.Random(5)
    frames = 8
    assert harness.ask(f"finit {STORE_PAGES:x}") == "ok"
    for k in range(frames):
        assert harness.ask(f"fadd {0x80100 + k:x}") == f"fadd {k}"
    ops: list[tuple[str, int]] = []
    victims = []
    resident: dict[int, int] = {}  # page -> frame
    for _ in range(2000):
        p = rng.randrange(20)
        if p in resident:
            ops.append(("use", resident[p]))
            assert harness.ask(f"fuse {resident[p]:x}") == "ok"
            continue
        v = int(harness.ask("fvictim").split()[1])
        resident = {q: f for q, f in resident.items() if f != v}
        assert harness.ask(f"funmap {v:x}") == "ok" and harness.ask(f"fmap {v:x} {p:x}") == "ok"
        resident[p] = v
        assert harness.ask(f"ffind {p:x}") == f"ffind {v}"
        ops.append(("map", p))
        victims.append(v)
    assert victims == clock_model(frames, ops)
    assert harness.ask("fresident") == f"fresident {frames}"
    # Taking a frame out moves the last one into its place; its page is found there.
    last_page = next(q for q, f in resident.items() if f == frames - 1)
    first_page = next(q for q, f in resident.items() if f == 0)
    assert (
        harness.ask(f"funmap {0:x}") == "ok" and harness.ask(f"ffind {first_page:x}") == "ffind -1"
    )
    assert harness.ask("fremove 0") == "fremove 80100"
    assert harness.ask(f"ffind {last_page:x}") == "ffind 0"
