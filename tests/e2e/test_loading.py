"""Loading that must fail cleanly on a real target: too little memory (a hog env holds the rest),
pages that are not free, malformed ENV_LOAD_BEGIN bodies, a corrupt image CRC, an abandoned load,
and malformed ELF files through Target.load. After each, the page map is what it was and no env
is left LOADING."""

from __future__ import annotations

import dataclasses
import importlib
import re
import sys
from pathlib import Path

import pytest

from exo import loader
from exo.abi import PAGE_SHIFT, EnvState, Errno, Perm, Sys
from exo.errors import ExoError, ImageError, RemoteError
from exo.link import schema
from exo.link.schema import MsgType

pytestmark = pytest.mark.qemu

TESTS = Path(__file__).resolve().parents[1]


def no_loading(kit) -> bool:
    return all(e.state != EnvState.LOADING for e in kit.target.envs())


def test_too_little_memory_fails_cleanly(kit):
    # The hog leaves exactly 3 free pages: a probe without arguments (3 pages) fits, one with
    # arguments (3 pages and the argument page) does not.
    hog = kit.load("hog", 3, attach=True)
    kit.wait_stopped(hog, timeout=60)
    assert re.search(rb"hog \d+", kit.output(hog))
    before = kit.check_pages()
    assert before.free_pages == 3 and max(r.pages for r in before.free_runs()) == 3

    with pytest.raises(
        ExoError, match=r"not enough memory: the image needs 4 .* largest free run is 3"
    ):
        kit.load("probe", "r", 0)
    assert kit.pages() == before and no_loading(kit)

    assert kit.run("probe") == 0  # fits exactly, runs, exits and gives the pages back
    assert kit.check_pages() == before


def plan(kit, name: str = "probe", args: tuple[str, ...] = ()) -> loader.LoadPlan:
    image = loader.image_for(str(kit.image(name)), kit.board.xlen)
    return loader.plan_load(image, kit.pages(), name, args)


def refused(kit, p: loader.LoadPlan) -> int:
    """Stream a load plan that the target must refuse; the EXO_E* it answered."""
    with pytest.raises(RemoteError) as info:
        loader.stream(kit.target.session, p)
    return info.value.code


def test_pages_that_are_not_free_are_refused(kit):
    first = kit.load("probe", "s")
    victim = kit.load("probe", "s")
    kit.wait_stopped(first)
    kit.wait_stopped(victim)
    kit.target.kill(first)  # free pages just below the victim's
    taken = kit.owned(victim)[0]
    before = kit.check_pages()
    p = plan(kit)
    assert refused(kit, dataclasses.replace(p, base_ppn=taken)) == Errno.EBUSY
    # A run that starts free but runs into the victim's pages.
    assert refused(kit, dataclasses.replace(p, base_ppn=taken - 1)) == Errno.EBUSY
    top = before.page_first + before.page_count
    assert refused(kit, dataclasses.replace(p, base_ppn=top - 1)) == Errno.EINVAL  # off the end
    assert refused(kit, dataclasses.replace(p, base_ppn=0)) == Errno.EINVAL  # the kernel's
    assert kit.check_pages() == before and no_loading(kit)


def test_malformed_begin_bodies_are_refused_and_bind_nothing(kit):
    before = kit.check_pages()
    p = plan(kit)
    x_page = next(i for i, r in enumerate(p.rights) if r & Perm.X)
    ro_page = next(i for i, r in enumerate(p.rights) if not r & Perm.X)
    bad = {
        "rights 0": dataclasses.replace(p, rights=bytes([0]) + p.rights[1:]),
        "rights 8": dataclasses.replace(p, rights=bytes([8]) + p.rights[1:]),
        "entry in a page without X": dataclasses.replace(p, entry=ro_page << PAGE_SHIFT),
        "entry past the image": dataclasses.replace(p, entry=len(p.data) + 4),
        "image larger than its pages": dataclasses.replace(
            p, data=p.data + bytes(len(p.rights) * 4096 - len(p.data) + 1)
        ),
        "no pages": dataclasses.replace(p, rights=b"", data=b"\x01"),
    }
    assert x_page == 0
    codes = {what: refused(kit, q) for what, q in bad.items()}
    assert codes == {what: Errno.EINVAL for what in bad}
    assert kit.check_pages() == before and no_loading(kit)


@dataclasses.dataclass(frozen=True)
class CorruptCrc(loader.LoadPlan):
    """A plan whose BEGIN announces a CRC the image does not have."""

    @property
    def crc(self) -> int:
        return super().crc ^ 0x1


def test_a_corrupt_image_crc_is_refused_at_commit_and_nothing_stays(kit):
    before = kit.check_pages()
    p = plan(kit, args=("r", "0"))
    assert refused(kit, CorruptCrc(**dataclasses.asdict(p))) == Errno.EIO
    assert kit.check_pages() == before and no_loading(kit)


def test_an_abandoned_load_is_destroyed_when_the_session_ends(kit):
    t = kit.target
    before = kit.check_pages()
    p = plan(kit)
    s = t.session
    env = schema.parse_body(s.request(MsgType.ENV_LOAD_BEGIN, p.begin_body()))["env"]
    during = kit.pages()
    assert during.owned_by(env) == p.pages  # bound while loading
    assert any(e.id == env and e.state == EnvState.LOADING for e in t.envs())
    t.disconnect()  # BYE: the session that began the load is gone
    t.hello()
    assert kit.check_pages() == before and no_loading(kit)


@pytest.fixture(scope="module")
def mutations():
    """The malformed-image cases of tests/host/test_image_malformed.py (mutations of relocs.elf)."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    try:
        return importlib.import_module("host.test_image_malformed").MUTATIONS
    except ImportError as e:  # pragma: no cover - the host tests are part of the tree
        pytest.skip(f"tests/host/test_image_malformed.py cannot be imported: {e}")


def test_malformed_images_leave_the_page_counts_unchanged(kit, mutations):
    from host.elfgen import Elf

    if kit.board.xlen != 64:
        pytest.skip("the host's malformed-image cases mutate an rv64 image")
    good = kit.image("relocs").read_bytes()
    before = kit.check_pages()
    refused = 0
    for name, mutate, check in mutations:
        bad = mutate(Elf(bytearray(good))).bytes()
        with pytest.raises(ImageError, match=re.escape(check)):
            kit.target.load(bad, name=f"bad-{name}"[:15])
        refused += 1
    assert refused >= 30
    assert kit.check_pages() == before and no_loading(kit)
    assert kit.run("relocs") == 0  # and the good image still loads and runs


def test_page_alloc_any_with_no_free_page_is_enomem(kit):
    hog = kit.load("hog", 4)
    kit.wait_stopped(hog, timeout=60)
    before = kit.check_pages()
    assert before.free_pages == 4  # exactly what sysrun and its arguments take
    env = kit.load("sysrun", f"{int(Sys.PAGE_ALLOC)},-1,1")
    assert kit.wait(env) == 0
    out = kit.wait_output(env, b"done\n")
    assert f"= {int(Errno.ENOMEM)} 0x0\n".encode() in out
    assert kit.check_pages() == before
