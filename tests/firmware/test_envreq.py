"""The link's env, page and console requests (firmware/link/envreq.c, docs/link.md "Envs,
loading, pages and consoles") over the kernel harness: loading with its CRC, every malformed or
hostile body, stale ids, listing, killing, the page map and the console rings. After every
request the harness checks the ownership table, the exposed state and page conservation."""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kernelharness import MAX_ENVS, PAGE, RING, Kernel, str8, u32

from exo.abi import Errno, Perm, Sys
from exo.link import schema as s

BEGIN, CHUNK, COMMIT, ABORT, LIST, KILL, PAGES, ATTACH, INPUT, REVOKE, SLOTS = range(0x10, 0x1B)
RX, RW = int(Perm.R | Perm.X), int(Perm.R | Perm.W)
NO_ARGS = 0xFFFFFFFF
LOADING, RUNNABLE, STOPPED, DEAD = 1, 2, 3, 4


@pytest.fixture
def k() -> Iterator[Kernel]:
    h = Kernel()
    h.init(256)
    yield h
    h.close()


def begin_body(
    name: str = "img",
    base: int = 0,
    rights: bytes = bytes([RX, RW]),
    size: int = 100,
    entry: int = 0,
    args: int = NO_ARGS,
    crc: int = 0,
    pages: int | None = None,
) -> bytes:
    count = len(rights) if pages is None else pages
    return str8(name) + u32(base, count, size, entry, args, crc) + rights


def load(k: Kernel, image: bytes, base: int, rights: bytes, **kw: int) -> int:
    """Begin, send the image in 700-byte chunks, commit; returns the env id."""
    body = begin_body(base=base, rights=rights, size=len(image), crc=zlib.crc32(image), **kw)
    code, answer = k.req(BEGIN, body)
    assert code == 0, answer
    env = struct.unpack("<I", answer)[0]
    for off in range(0, len(image), 700):
        assert k.req(CHUNK, u32(env, off) + image[off : off + 700]) == (0, b"")
    assert k.req(COMMIT, u32(env)) == (0, b"")
    return env


def free_count(k: Kernel) -> int:
    broken, free = k.check()
    assert broken == 0
    return free


# ---- Loading -------------------------------------------------------------------------------


def test_load_writes_the_run_and_starts_the_env(k: Kernel) -> None:
    image = random.Random(1).randbytes(5000)
    base = k.first + 4
    body = begin_body(
        base=base,
        rights=bytes([RX, RW]),
        size=len(image),
        entry=0x10,
        args=PAGE + 8,
        crc=zlib.crc32(image),
    )
    code, answer = k.req(BEGIN, body)
    assert code == 0
    env = struct.unpack("<I", answer)[0]
    assert k.ok(f"summary {env & 0xFFFF}") == [str(env), str(LOADING), "2", "img"]
    assert k.sys(env, Sys.PAGE_INFO, base) == (0, env, RX)
    assert k.sys(env, Sys.PAGE_INFO, base + 1) == (0, env, RW)
    # Out of order and repeated chunks are fine.
    for off in (4000, 0, 2000, 0, 3000, 1000):
        assert k.req(CHUNK, u32(env, off) + image[off : off + 1000]) == (0, b"")
    assert k.ok(f"peek {base * PAGE} {len(image)}") == [image.hex()]
    assert k.req(COMMIT, u32(env)) == (0, b"")
    assert k.ok(f"lookup {env}") == [str(RUNNABLE)]
    pc, a0, a1, a2, _ = map(int, k.ok(f"regs {env}"))
    assert (pc, a0, a1) == (base * PAGE + 0x10, env, base * PAGE + PAGE + 8)
    assert a2 != 0
    assert k.req(COMMIT, u32(env))[0] == Errno.ESTATE
    assert k.req(ABORT, u32(env))[0] == Errno.ESTATE
    assert k.req(CHUNK, u32(env, 0) + b"x")[0] == Errno.ESTATE


def test_commit_without_args_gives_a1_zero(k: Kernel) -> None:
    env = load(k, b"\x13\x00\x00\x00", k.first, bytes([RX]))
    assert int(k.ok(f"regs {env}")[2]) == 0


def test_corrupt_crc_leaves_nothing(k: Kernel) -> None:
    before = free_count(k)
    image = bytes(range(256)) * 10
    code, answer = k.req(BEGIN, begin_body(base=k.first, size=len(image), crc=zlib.crc32(image)))
    env = struct.unpack("<I", answer)[0]
    assert free_count(k) == before - 2
    bad = image[:-1] + bytes([image[-1] ^ 1])
    for off in range(0, len(bad), 1000):
        assert k.req(CHUNK, u32(env, off) + bad[off : off + 1000]) == (0, b"")
    code, message = k.req(COMMIT, u32(env))
    assert code == Errno.EIO and "CRC" in str(message)
    assert k.ok(f"lookup {env}") == [str(DEAD)]
    assert free_count(k) == before
    # A missing chunk is a CRC mismatch too.
    code, answer = k.req(BEGIN, begin_body(base=k.first, size=len(image), crc=zlib.crc32(image)))
    env = struct.unpack("<I", answer)[0]
    assert k.req(CHUNK, u32(env, 0) + image[:1000]) == (0, b"")
    assert k.req(COMMIT, u32(env))[0] == Errno.EIO
    assert free_count(k) == before


def test_abort_and_session_end_destroy_loading_envs(k: Kernel) -> None:
    before = free_count(k)
    _, answer = k.req(BEGIN, begin_body(base=k.first + 10))
    env = struct.unpack("<I", answer)[0]
    k.events()
    assert k.req(ABORT, u32(env)) == (0, b"")
    assert k.ok(f"lookup {env}") == [str(DEAD)]
    assert k.events() == [f"log:1:env {env:#x} exited: code -1"]
    assert free_count(k) == before
    k.ok("session 1")
    _, answer = k.req(BEGIN, begin_body(base=k.first + 10))
    abandoned = struct.unpack("<I", answer)[0]
    running = load(k, b"\x01" * 8, k.first + 20, bytes([RX]))
    k.ok("session 0")  # the session ends: its unfinished load goes, the started env stays
    assert k.ok(f"lookup {abandoned}") == [str(DEAD)]
    assert k.ok(f"lookup {running}") == [str(RUNNABLE)]
    assert free_count(k) == before - 1


def test_begin_refuses_bad_bodies_and_binds_nothing(k: Kernel) -> None:
    first, end = k.first, k.first + k.pages
    before = free_count(k)
    owner = load(k, b"x", first + 100, bytes([RX]))
    cases = [
        (begin_body(name=""), Errno.EINVAL),
        (begin_body(name="x" * 16), Errno.EINVAL),
        (begin_body(name="bad\x01"), Errno.EINVAL),
        (begin_body(base=first, rights=b""), Errno.EINVAL),  # no pages
        (begin_body(base=first, pages=2000, rights=b""), Errno.E2BIG),
        (begin_body(base=first, pages=3, rights=bytes([RX, RW])), Errno.EINVAL),  # count
        (begin_body(base=first, rights=bytes([RX, 0])), Errno.EINVAL),
        (begin_body(base=first, rights=bytes([RX, 8])), Errno.EINVAL),
        (begin_body(base=first - 1), Errno.EINVAL),  # the kernel's page
        (begin_body(base=end - 1), Errno.EINVAL),  # runs past the end
        (begin_body(base=0xFFFFFFFF), Errno.EINVAL),  # wraps
        (begin_body(base=first, size=2 * PAGE + 1), Errno.EINVAL),  # image beyond its pages
        (begin_body(base=first, size=100, entry=100), Errno.EINVAL),  # entry past the image
        (begin_body(base=first, size=PAGE + 8, entry=PAGE), Errno.EINVAL),  # entry not in X
        (begin_body(base=first, args=2 * PAGE), Errno.EINVAL),
        (begin_body(base=first + 99), Errno.EBUSY),  # its second page is owner's
        (begin_body(base=first)[:-1], Errno.EINVAL),  # truncated
        (begin_body(base=first)[:10], Errno.EINVAL),
        (b"", Errno.EINVAL),
        (b"\x05ab", Errno.EINVAL),
    ]
    for body, expected in cases:
        code, message = k.req(BEGIN, body)
        assert code == expected, (body.hex(), message)
        assert message, "every error says why"
    assert free_count(k) == before - 1
    assert k.sys(owner, Sys.ENV_SELF)[1] == owner


def test_env_table_full_is_enomem(k: Kernel) -> None:
    for i in range(MAX_ENVS - 1):
        assert k.req(BEGIN, begin_body(name=f"e{i}", base=k.first + 2 * i))[0] == 0
    assert k.req(BEGIN, begin_body(base=k.first + 200))[0] == Errno.ENOMEM


def test_chunks_are_bounded_and_ids_checked(k: Kernel) -> None:
    _, answer = k.req(BEGIN, begin_body(base=k.first))
    env = struct.unpack("<I", answer)[0]
    cases = [
        (u32(env, 2 * PAGE - 3) + b"abcd", Errno.EINVAL),  # one byte past its pages
        (u32(env, 0xFFFFFFFF) + b"ab", Errno.EINVAL),  # offset + length wraps 32 bits
        (u32(env, 0), Errno.EINVAL),  # no data
        (u32(env)[:3], Errno.EINVAL),
        (u32(env + (1 << 16), 0) + b"a", Errno.ESTALE),
        (u32((1 << 16) | 50, 0) + b"a", Errno.ENOENT),
        (u32(0, 0) + b"a", Errno.ENOENT),
    ]
    for body, expected in cases:
        assert k.req(CHUNK, body)[0] == expected, body.hex()
    assert k.req(CHUNK, u32(env, 2 * PAGE - 4) + b"abcd") == (0, b"")
    assert k.ok(f"peek {k.first * PAGE + 2 * PAGE - 4} 4") == [b"abcd".hex()]
    for t in (COMMIT, ABORT, KILL):
        assert k.req(t, u32(env + (1 << 16)))[0] == Errno.ESTALE
        # COMMIT alone may carry one more byte (its slots); two are too many for it too.
        assert k.req(t, u32(env) + b"\x00" * (2 if t == COMMIT else 1))[0] == Errno.EINVAL


# ---- Listing, killing, the page map ----------------------------------------------------------


def parse_list(body: bytes) -> tuple[int, list[tuple]]:
    nxt, count = struct.unpack_from("<HB", body)
    at, entries = 3, []
    for _ in range(count):
        fixed = struct.unpack_from("<IBiIIQQB", body, at)
        at += 34
        name = body[at : at + fixed[-1]].decode()
        at += fixed[-1]
        entries.append((*fixed[:-1], name))
    assert at == len(body)
    return nxt, entries


def test_env_list_reports_states_faults_and_exits(k: Kernel) -> None:
    a = load(k, b"a", k.first, bytes([RX]))
    b = load(k, b"b", k.first + 1, bytes([RX, RW]))
    _, answer = k.req(BEGIN, begin_body(name="loading", base=k.first + 5))
    c = struct.unpack("<I", answer)[0]
    k.ok(f"fault {b} 5 0x1000 0xdead")
    assert k.req(KILL, u32(a)) == (0, u32(1))
    assert k.req(KILL, u32(a))[0] == Errno.ESTATE
    nxt, entries = parse_list(k.req(LIST, b"\x00\x00")[1])
    assert nxt == 0xFFFF
    assert entries == [
        (a, DEAD, -1, 0, 0xFFFFFFFF, 0, 0, "img"),
        (b, STOPPED, 0, 2, 5, 0x1000, 0xDEAD, "img"),
        (c, LOADING, 0, 2, 0xFFFFFFFF, 0, 0, "loading"),
    ]
    assert parse_list(k.req(LIST, struct.pack("<H", c & 0xFFFF))[1])[1][0][0] == c
    assert k.req(LIST, b"\x00")[0] == Errno.EINVAL
    assert k.req(KILL, u32(b)) == (0, u32(2))  # a stopped env can be killed
    assert parse_list(k.req(LIST, b"\x00\x00")[1])[1][1][1:3] == (DEAD, -1)


def test_env_list_pages_through_a_full_table(k: Kernel) -> None:
    ids = [int(k.ok(f"create name{i:011d}")[0]) for i in range(MAX_ENVS - 1)]
    seen, first, rounds = [], 0, 0
    while first != 0xFFFF:
        first, entries = parse_list(k.req(LIST, struct.pack("<H", first))[1])
        seen += [e[0] for e in entries]
        rounds += 1
    assert seen == ids and rounds > 1


def parse_pages(body: bytes) -> tuple[int, int, int, list[tuple[int, int, int]]]:
    first, count, nxt, n = struct.unpack_from("<IIIH", body)
    runs = [struct.unpack_from("<IIB", body, 14 + 9 * i) for i in range(n)]
    assert len(body) == 14 + 9 * n
    return first, count, nxt, runs


def test_pages_reports_runs_and_pages_through(k: Kernel) -> None:
    a, b = k.env("a"), k.env("b")
    for i in range(0, 240):
        k.alloc(a if i % 2 == 0 else b, k.first + i, RW if i % 3 else int(Perm.R))
    first, count, nxt, runs = parse_pages(k.req(PAGES, u32(0))[1])
    assert (first, count) == (k.first, k.pages)
    assert nxt < first + count  # more runs than one body carries
    owners: list[tuple[int, int]] = []
    at = 0
    while at != first + count:
        _, _, nxt, runs = parse_pages(k.req(PAGES, u32(at))[1])
        for n, owner, rights in runs:
            owners += [(owner, rights)] * n
        at = nxt
    assert len(owners) == k.pages
    for i, (owner, rights) in enumerate(owners):
        got = k.sys(a, Sys.PAGE_INFO, k.first + i)
        assert owner == got[1]
        if owner:
            assert rights == (RW if i % 3 else int(Perm.R))
        else:
            assert rights == 0
    assert parse_pages(k.req(PAGES, u32(0xFFFFFFFF))[1])[2:] == (first + count, [])
    assert k.req(PAGES, b"")[0] == Errno.EINVAL


# ---- Consoles ------------------------------------------------------------------------------


def console_events(k: Kernel, env: int) -> list[tuple[int, bytes]]:
    out = []
    for e in k.events():
        kind, who, offset, data = e.split(":")
        assert kind == "console"
        if int(who) == env:
            out.append((int(offset), bytes.fromhex(data)))
    return out


def write(k: Kernel, env: int, page: int, data: bytes) -> int:
    k.ok(f"poke {page * PAGE} {data.hex()}")
    a0, a1, _ = k.sys(env, Sys.CONSOLE_WRITE, page * PAGE, len(data))
    assert a0 == 0
    return a1


def test_unattached_ring_overwrites_and_backlog_shows_the_gap(k: Kernel) -> None:
    env = k.env()
    page = k.alloc(env)
    stream = random.Random(2).randbytes(5000)
    assert write(k, env, page, stream[:3000]) == 3000
    assert write(k, env, page, stream[3000:]) == 2000
    k.ok("session 1")
    k.events()
    assert k.req(ATTACH, u32(env) + b"\x01") == (0, b"")
    k.ok("pump")
    got = console_events(k, env)
    assert got[0][0] == 5000 - RING  # the oldest bytes are gone: the offset says how many
    assert b"".join(d for _, d in got) == stream[-RING:]
    assert all(o2 == o1 + len(d1) for (o1, d1), (o2, _) in zip(got, got[1:], strict=False))


def test_attached_env_gets_short_writes_until_pumped(k: Kernel) -> None:
    env = k.env()
    page = k.alloc(env)
    k.ok("session 1")
    assert k.req(ATTACH, u32(env) + b"\x00") == (0, b"")
    k.events()
    data = bytes(range(256)) * 16
    assert write(k, env, page, data) == RING
    assert write(k, env, page, b"more") == 0  # the ring is full of unsent bytes: it waits
    k.ok("pump")
    got = console_events(k, env)
    assert [o for o, _ in got][0] == 0 and b"".join(d for _, d in got) == data
    assert write(k, env, page, b"more") == 4
    k.ok("pump")
    assert console_events(k, env) == [(RING, b"more")]
    k.ok("session 0")  # attachments end with the session: the ring overwrites again
    assert write(k, env, page, data) == RING
    assert write(k, env, page, data) == RING


def test_attach_any_covers_later_envs_and_checks_its_body(k: Kernel) -> None:
    k.ok("session 1")
    assert k.req(ATTACH, u32(0xFFFFFFFF) + b"\x00") == (0, b"")
    env = k.env()
    page = k.alloc(env)
    k.events()
    assert write(k, env, page, b"hello") == 5
    k.ok("pump")
    assert console_events(k, env) == [(0, b"hello")]
    assert k.req(ATTACH, u32(env) + b"\x02")[0] == Errno.EINVAL
    assert k.req(ATTACH, u32(env))[0] == Errno.EINVAL
    assert k.req(ATTACH, u32(env + (1 << 16)) + b"\x00")[0] == Errno.ESTALE


def test_console_input_queues_what_fits(k: Kernel) -> None:
    env = k.env()
    page = k.alloc(env)
    assert k.req(INPUT, u32(env) + b"abc") == (0, u32(3))
    assert k.req(INPUT, u32(env) + bytes(300)) == (0, u32(253))  # the 256-byte ring is full
    assert k.sys(env, Sys.CONSOLE_READ, page * PAGE, 300)[:2] == (0, 256)
    assert k.ok(f"peek {page * PAGE} 4") == [b"abc\x00".hex()]
    assert k.req(INPUT, u32(env + (1 << 16)) + b"x")[0] == Errno.ESTALE
    assert k.req(INPUT, b"\x01")[0] == Errno.EINVAL
    k.ok(f"destroy {env} 0")
    assert k.req(INPUT, u32(env) + b"x")[0] == Errno.ESTATE


def test_exit_sends_remaining_output_before_the_exit_event(k: Kernel) -> None:
    env = k.env()
    page = k.alloc(env)
    k.ok("session 1")
    k.req(ATTACH, u32(env) + b"\x00")
    write(k, env, page, b"bye")
    k.events()
    k.sys(env, Sys.EXIT, 3)
    got = k.events()
    assert got[0] == f"console:{env}:0:{b'bye'.hex()}"
    assert got[1] == f"ev:83:{(u32(env) + struct.pack('<i', 3)).hex()}"


def test_a_dead_envs_output_stays_readable_until_its_entry_is_reused(k: Kernel) -> None:
    env = k.env()
    page = k.alloc(env)
    write(k, env, page, b"last words")
    k.sys(env, Sys.EXIT, 0)
    k.ok("session 1")
    k.events()
    assert k.req(ATTACH, u32(env) + b"\x01") == (0, b"")
    k.ok("pump")
    assert console_events(k, env) == [(0, b"last words")]
    # Every other entry taken, the next env reuses the dead one's: its console starts empty.
    others = [k.env() for _ in range(62)]
    reused = k.env()
    assert reused & 0xFFFF == env & 0xFFFF and reused != env and env not in others
    assert k.req(ATTACH, u32(reused) + b"\x01") == (0, b"")
    k.ok("pump")
    assert console_events(k, reused) == []


# ---- Hostile bodies -------------------------------------------------------------------------

IDS = [1 << 16 | 1, 1 << 16 | 2, 2 << 16 | 1, 0xFFFFFFFF]
hostile = st.one_of(
    st.binary(max_size=64),
    st.tuples(st.sampled_from(IDS), st.binary(max_size=40)).map(lambda t: u32(t[0]) + t[1]),
    st.builds(  # REVOKE-shaped: a known env, any kind, count and deadline, sometimes cut short
        lambda env, kind, count, ms, cut: (u32(env) + bytes([kind]) + u32(count, ms))[:cut],
        st.sampled_from(IDS),
        st.integers(0, 255),
        st.integers(0, 0xFFFFFFFF) | st.integers(0, 3),
        st.integers(0, 0xFFFFFFFF),
        st.integers(0, 14),
    ),
    st.builds(
        begin_body,
        name=st.text(max_size=20),
        base=st.integers(0, 0xFFFFFFFF),
        rights=st.binary(max_size=8),
        size=st.integers(0, 0xFFFFFFFF),
        entry=st.integers(0, 0xFFFFFFFF),
        args=st.integers(0, 0xFFFFFFFF),
        crc=st.integers(0, 0xFFFFFFFF),
        pages=st.none() | st.integers(0, 0xFFFFFFFF),
    ),
)


@pytest.fixture(scope="module")
def shared() -> Iterator[Kernel]:
    """One kernel for every example: state left by one body is what the next one meets."""
    h = Kernel()
    h.init(64)
    h.ok("session 1")
    for name in ("a", "b"):  # ids 1 << 16 | 1 and | 2 (IDS): running, holding pages and slots
        env = h.env(name)
        for _ in range(4):
            h.alloc(env)
        for _ in range(2):
            assert h.sys(env, Sys.SLOT_ALLOC, 0xFFFFFFFFFFFFFFFF)[0] == 0
    yield h
    h.close()


@settings(max_examples=1500, deadline=None)
@given(msg_type=st.integers(BEGIN, SLOTS), body=hostile, expire=st.integers(0, 3))
def test_hostile_bodies_never_crash(
    shared: Kernel, msg_type: int, body: bytes, expire: int
) -> None:
    code, answer = shared.req(msg_type, body)  # req itself fails on a broken invariant
    assert code == 0 or (code in set(Errno) and answer), (code, answer)
    if expire == 0:  # now and then a revocation deadline passes (the abort protocol runs)
        shared.ok(f"expire {1 << 62}")
        assert shared.check()[0] == 0
    shared.events()


# ---- The host's schema reads what the C side writes ------------------------------------------


def test_bodies_agree_with_the_host_schema(k: Kernel) -> None:
    k.ok("session 1")
    image = b"\x13\x00\x00\x00" * 200
    begin = s.LOAD_BEGIN_REQUEST.build(
        dict(
            name="schema",
            base_ppn=k.first + 3,
            pages=2,
            image_size=len(image),
            entry=4,
            args=s.NO_ARGS,
            crc=zlib.crc32(image),
            rights=bytes([RX, RW]),
        )
    )
    code, answer = k.req(BEGIN, begin)
    env = s.ENV_ONLY.parse(answer).env
    chunk = s.LOAD_CHUNK_REQUEST.build(dict(env=env, offset=0, data=image))
    assert k.req(CHUNK, chunk) == (0, b"")
    assert k.req(COMMIT, s.ENV_ONLY.build(dict(env=env))) == (0, b"")
    k.ok(f"fault {env} 7 0x80001000 0x10")
    listed = s.ENV_LIST_RESPONSE.parse(k.req(LIST, s.ENV_LIST_REQUEST.build(dict(first=0)))[1])
    assert listed.next == s.LIST_DONE
    (entry,) = listed.envs
    assert (entry.id, entry.state, entry.pages, entry.name) == (env, STOPPED, 2, "schema")
    assert (entry.cause, entry.pc, entry.addr) == (7, 0x80001000, 0x10)
    pages = s.PAGES_RESPONSE.parse(k.req(PAGES, s.PAGES_REQUEST.build(dict(first=0)))[1])
    assert (pages.page_first, pages.page_count, pages.next) == (k.first, k.pages, k.first + k.pages)
    assert [(r.pages, r.owner, r.rights) for r in pages.runs] == [
        (3, 0, 0),
        (1, env, RX),
        (1, env, RW),
        (k.pages - 5, 0, 0),
    ]
    attach = s.CONSOLE_ATTACH_REQUEST.build(dict(env=s.WIRE_ANY, backlog=1))
    assert k.req(ATTACH, attach) == (0, b"")
    given = s.CONSOLE_INPUT_REQUEST.build(dict(env=env, data=b"hi"))
    assert s.CONSOLE_INPUT_RESPONSE.parse(k.req(INPUT, given)[1]).accepted == 2
    k.events()
    killed = s.ENV_KILL_RESPONSE.parse(k.req(KILL, s.ENV_ONLY.build(dict(env=env)))[1])
    assert killed.pages == 2
    (exit_event,) = [e for e in k.events() if e.startswith("ev:83:")]
    parsed = s.EXIT_EVENT.parse(bytes.fromhex(exit_event[6:]))
    assert (parsed.env, parsed.code) == (env, -1)
    other = k.env()
    k.ok(f"fault {other} 5 1 2")
    (fault_event,) = [e for e in k.events() if e.startswith("ev:82:")]
    fault = s.FAULT_EVENT.parse(bytes.fromhex(fault_event[6:]))
    assert (fault.env, fault.cause, fault.pc, fault.addr) == (other, 5, 1, 2)
