"""Loading images against the fake target: the run chosen, the bytes and rights that arrive,
zero chunks skipped, the CRC, the argument block, and ABORT on every failure."""

from __future__ import annotations

import os
import threading
import time
import zlib

import pytest

from exo import loader
from exo.abi import PAGE_SIZE, EnvState, Perm
from exo.envs import PageMap, PageRun
from exo.errors import ExoError, RemoteError
from exo.image import load_image
from exo.link.schema import MsgType
from exo.target import Target

from .elfgen import PF_R, PF_W, PF_X, Craft, Seg, minimal, r_info
from .fake_envs import PAGE_FIRST
from .test_session import until


@pytest.fixture
def target(fake):
    t = Target(fake.host_end, keepalive=None)
    yield t
    t.disconnect()


def image_with_pointer():
    """minimal() with one pointer in .data to the rodata string."""
    return load_image(minimal(relocs=[(0x2000, r_info(64, 0, 3), 0x1000)]).build())


def pagemap(*runs: tuple[int, int]) -> PageMap:
    """(pages, owner) runs from PAGE_FIRST."""
    out, at = [], PAGE_FIRST
    for pages, owner in runs:
        out.append(PageRun(at, pages, owner, 3 if owner else 0))
        at += pages
    return PageMap(PAGE_FIRST, at - PAGE_FIRST, tuple(out))


def test_the_lowest_run_big_enough_is_chosen():
    pages = pagemap((2, 0), (1, 0x10001), (4, 0), (1, 0x10002), (9, 0))
    img = image_with_pointer()  # 4 pages: text, rodata, data and bss
    assert img.span_pages == 4
    assert loader.plan_load(img, pages, "a").base_ppn == PAGE_FIRST + 3
    with_args = loader.plan_load(img, pages, "a", ["x"])  # 5 pages: only the last run
    assert with_args.base_ppn == PAGE_FIRST + 8 and with_args.pages == 5


def test_adjacent_free_runs_count_as_one():
    pages = PageMap(PAGE_FIRST, 4, (PageRun(PAGE_FIRST, 2, 0, 0), PageRun(PAGE_FIRST + 2, 2, 0, 0)))
    assert loader.plan_load(image_with_pointer(), pages, "a").base_ppn == PAGE_FIRST


def test_too_little_memory_says_what_was_needed_and_what_there_is():
    pages = pagemap((2, 0), (1, 0x10001), (2, 0))
    with pytest.raises(ExoError, match=r"needs 5 contiguous free pages .* largest free run is 2"):
        loader.plan_load(image_with_pointer(), pages, "a", ["arg"])


def test_plan_rights_entry_and_argument_block():
    img = image_with_pointer()
    plan = loader.plan_load(img, pagemap((8, 0)), "hello", ["one", "", "three"])
    rx, r, rw = Perm.R | Perm.X, Perm.R, Perm.R | Perm.W
    assert plan.rights == bytes([rx, r, rw, rw, r])
    assert plan.args == img.span and plan.entry == img.entry
    assert plan.data[img.span :] == b"one\0\0three\0\0"
    assert plan.data[: img.span] == img.relocate(PAGE_FIRST * PAGE_SIZE)
    assert loader.plan_load(img, pagemap((8, 0)), "hello").args == 0xFFFFFFFF


@pytest.mark.parametrize("name", ["", "x" * 16, "two words", "caf\u00e9"])
def test_bad_names_are_refused_before_anything_is_sent(name):
    with pytest.raises(ExoError, match="env name"):
        loader.plan_load(image_with_pointer(), pagemap((8, 0)), name)


def test_load_streams_the_relocated_image_and_starts_the_env(target, fake):
    fake.envs.own(PAGE_FIRST, 2, 0x3F0001)  # someone else has the first two pages
    env = target.load(minimal_image_bytes(), args=["hi"])
    e = fake.envs.env(env)
    assert e.state == EnvState.RUNNABLE and e.name == "image" and e.base_ppn == PAGE_FIRST + 2
    img = load_image(minimal_image_bytes())
    base = (PAGE_FIRST + 2) * PAGE_SIZE
    assert bytes(e.memory[: img.span]) == img.relocate(base)
    assert int.from_bytes(e.memory[0x2000:0x2008], "little") == base + 0x1000
    assert bytes(e.memory[img.span : img.span + 4]) == b"hi\0\0" and e.args == img.span
    assert e.crc == zlib.crc32(bytes(e.memory[: e.image_size]))
    assert fake.envs.owner.count(env) == img.span_pages + 1


def minimal_image_bytes() -> bytes:
    return minimal(relocs=[(0x2000, r_info(64, 0, 3), 0x1000)]).build()


def big_image(text: bytes, bss: int = 0) -> bytes:
    """Text of the given bytes (entry at 0), then a data segment with `bss` zero bytes."""
    segs = [Seg(0, text, len(text), PF_R | PF_X)]
    if bss:
        at = (len(text) + PAGE_SIZE - 1) // PAGE_SIZE * PAGE_SIZE
        segs.append(Seg(at, b"\1", bss, PF_R | PF_W))
    return Craft(segments=segs).build()


def test_chunks_that_are_all_zero_are_not_sent(target, fake):
    text = os.urandom(3000) + bytes(20000) + os.urandom(10)
    env = target.load(big_image(text, bss=64 * 1024), name="zeros")
    sent = [(off, n) for e, off, n in fake.envs.chunks if e == env]
    size = target.hello().max_body - loader.CHUNK_HEADER
    data = bytes(fake.envs.env(env).memory)
    expected = [(at, min(size, len(data) - at)) for at in range(0, len(data), size)]
    expected = [(at, n) for at, n in expected if any(data[at : at + n])]
    assert sent == expected and len(sent) < len(data) // size // 4
    assert data[: len(text)] == text


def test_progress_reaches_the_total_and_never_goes_back(target):
    seen = []
    target.load(big_image(os.urandom(40000)), progress=lambda done, total: seen.append(done))
    assert seen[0] == 0 and seen[-1] == 40960 and seen == sorted(seen) and len(seen) > 5


def test_the_window_is_kept_full(fake):
    target = Target(fake.host_end, keepalive=None, timeout=10)  # no retries while held
    target.hello()
    fake.hold.set()  # answer nothing until released: what arrives meanwhile is in flight
    result = []
    load = threading.Thread(target=lambda: result.append(target.load(big_image(os.urandom(60000)))))
    load.start()
    for first in (MsgType.PAGES, MsgType.ENV_LOAD_BEGIN):  # each alone, answered before more
        assert until(lambda: len(fake.held) == 1) and fake.held[0].type == first
        fake.release()
        fake.hold.set()
    assert until(lambda: len(fake.held) == 8)  # then chunks, as many as the window allows
    time.sleep(0.1)
    assert len(fake.held) == 8 and all(f.type == MsgType.ENV_LOAD_CHUNK for f in fake.held)
    fake.release()
    load.join(5)
    assert result and fake.envs.env(result[0]).state == EnvState.RUNNABLE
    target.disconnect()


def test_a_refused_chunk_aborts_the_load_and_frees_its_pages(target, fake):
    free = fake.envs.free_pages
    fake.envs.fail_chunks = {2 * (target.hello().max_body - loader.CHUNK_HEADER)}
    with pytest.raises(RemoteError, match="EXO_EINVAL"):
        target.load(big_image(os.urandom(12000)))
    assert fake.envs.free_pages == free
    assert [f for f in fake.received if f.type == MsgType.ENV_LOAD_ABORT]
    assert not [f for f in fake.received if f.type == MsgType.ENV_LOAD_COMMIT]


def test_a_crc_mismatch_leaves_nothing_behind(target, fake, monkeypatch):
    real = fake.envs.chunk

    def damaged(f):
        return real(f | {"data": bytes([f["data"][0] ^ 1]) + f["data"][1:]})

    monkeypatch.setitem(fake.envs.handlers, MsgType.ENV_LOAD_CHUNK, damaged)
    free = fake.envs.free_pages
    with pytest.raises(RemoteError, match="EXO_EIO"):
        target.load(big_image(os.urandom(5000)))
    assert fake.envs.free_pages == free and not fake.envs.table


def test_an_interrupted_load_is_aborted(target, fake):
    free = fake.envs.free_pages

    def interrupt(done, total):
        if done > 8000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        target.load(big_image(os.urandom(30000)), progress=interrupt)
    assert fake.envs.free_pages == free
    assert [f for f in fake.received if f.type == MsgType.ENV_LOAD_ABORT]


def test_too_little_memory_on_the_target(target, fake):
    fake.envs.own(PAGE_FIRST + 4, fake.envs.page_count - 8, 0x3F0001)
    with pytest.raises(ExoError, match="needs 5 contiguous free pages .* largest free run is 4"):
        target.load(big_image(os.urandom(5 * PAGE_SIZE)))
    assert not [f for f in fake.received if f.type == MsgType.ENV_LOAD_BEGIN]


def test_an_image_for_another_xlen_is_refused(target):
    with pytest.raises(ExoError, match="wrong class"):
        target.load(minimal(xlen=32).build())


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("build/qemu-virt/libos/hello.elf", "hello"),
        ("a-very-long-image-name.elf", "a-very-long-ima"),
        ("<image>", "image"),
        ("", "image"),
        ("caf\u00e9 menu.elf", "cafmenu"),
    ],
)
def test_default_env_names(path, name):
    assert loader.default_name(path) == name
    assert loader.check_name(name) == name


def test_arguments_must_fit_one_page_and_hold_no_nul():
    img = image_with_pointer()
    assert len(loader.args_block(["x" * 4094])) == 4096
    loader.plan_load(img, pagemap((8, 0)), "a", ["x" * 4094])
    with pytest.raises(ExoError, match="4097 bytes; at most 4096"):
        loader.plan_load(img, pagemap((8, 0)), "a", ["x" * 4095])
    with pytest.raises(ExoError, match="NUL"):
        loader.plan_load(img, pagemap((8, 0)), "a", ["a\0b"])


def test_a_run_taken_before_begin_is_chosen_again(target, fake, monkeypatch):
    real = fake.envs.begin
    taken = []

    def racing(f):  # an env binds the chosen run's first page just before BEGIN arrives
        if len(taken) < 2:
            fake.envs.own(f["base_ppn"], 1, 0x3F0001)
            taken.append(f["base_ppn"])
        return real(f)

    monkeypatch.setitem(fake.envs.handlers, MsgType.ENV_LOAD_BEGIN, racing)
    env = target.load(minimal_image_bytes())
    assert taken == [PAGE_FIRST, PAGE_FIRST + 1]
    assert fake.envs.env(env).base_ppn == PAGE_FIRST + 2


def test_busy_three_times_is_an_error(target, fake, monkeypatch):
    def always(f):
        fake.envs.own(f["base_ppn"], 1, 0x3F0001)
        return fake.envs.begin(f)

    monkeypatch.setitem(fake.envs.handlers, MsgType.ENV_LOAD_BEGIN, always)
    with pytest.raises(RemoteError, match="EXO_EBUSY"):
        target.load(minimal_image_bytes())
    assert len([f for f in fake.received if f.type == MsgType.ENV_LOAD_BEGIN]) == 3
