"""The kernel-checked route: every pointer- or page-taking syscall given another env's page, the
kernel, device registers, null, wrap-around, unaligned and huge values answers the documented
EXO_E* (docs/abi.md) and harms nothing: a victim env holding pages checks every word of them
afterwards and that it still owns each one.

Calls are made by tests/e2e/envs/sysrun.c, which prints `= ERROR VALUE` per call.
"""

from __future__ import annotations

import re

import pytest

from exo.abi import PAGE_SHIFT, PAGE_SIZE, SYS_COUNT, Errno, Perm, Sys
from exo.image import load_image

pytestmark = pytest.mark.qemu

RESULT = re.compile(rb"= (-?\d+) 0x([0-9a-f]+)\n")
UACCESS_MAX = 1 << 20  # kernel/uaccess.h: the most bytes one call may name
# Numbers below 20 (this groups) that no call has yet.
UNASSIGNED = [n for n in range(20) if n not in {s.value for s in Sys}]


def run_calls(kit, calls: list[tuple[int, ...]]) -> list[tuple[int, int]]:
    """Run the calls in one sysrun env; (error, value) for each."""
    words = [",".join(str(a) if isinstance(a, str) else hex(a) for a in c) for c in calls]
    env = kit.load("sysrun", *words, attach=True)
    assert kit.wait(env, 20) == 0, kit.output(env)
    out = kit.wait_output(env, b"done\n")
    got = [(int(e), int(v, 16)) for e, v in RESULT.findall(out)]
    assert len(got) == len(calls), out
    return got


@pytest.fixture
def victim(kit):
    """A victim env holding two pages (filled with a pattern) and its own image; it spins
    until asked to check them."""
    pages = kit.pages()
    free = {p for r in pages.runs if r.free for p in range(r.first, r.end)}
    mid = pages.page_first + pages.page_count // 2
    ppns = [p for p in range(mid, mid + 64) if p in free][:2]
    env = kit.load("victim", *ppns, attach=True)
    kit.wait_output(env, b"ready\n")
    yield env, ppns
    kit.target.console_input(env, b"c")
    assert kit.wait(env, 20) == 0, kit.output(env)
    assert b"intact" in kit.output(env)


def test_hostile_arguments_get_the_documented_errors(kit, victim, exo_board):
    t = kit.target
    env, (vpage, vpage2) = victim
    info = t.info()
    xlen = exo_board.xlen
    top = 1 << xlen
    span = load_image(kit.image("sysrun").read_bytes(), xlen=xlen).span_pages
    run_end = (span + 1) * PAGE_SIZE  # the image, then its read-only argument page
    data = "@" + hex((span - 1) * PAGE_SIZE)  # its last page: data, read-write
    args = "@" + hex(span * PAGE_SIZE)  # its argument block, read-only
    data_ppn, text_ppn = "%" + hex((span - 1) * PAGE_SIZE), "%0"
    before = t.pages()
    (free_ppn,) = kit.free_apart(1)  # a page nobody owns
    vfirst = vpage << PAGE_SHIFT
    kernel, uart = info["kernel_base"], info["uart_base"]
    kppn = kernel >> PAGE_SHIFT
    rw = int(Perm.R | Perm.W)
    W, R, A, F = Sys.CONSOLE_WRITE, Sys.CONSOLE_READ, Sys.PAGE_ALLOC, Sys.PAGE_FREE
    S, U, N = Sys.PAGE_SHARE, Sys.PAGE_UNSHARE, Sys.PAGE_INFO
    E = Errno
    # (call, expected error, expected value or None)
    cases: list[tuple[tuple, int, int | None]] = [
        ((W, args, 4), E.OK, 4),  # (its argument page: text, so the output stays readable)
        ((W, "@" + hex(span * PAGE_SIZE + 1), 3), E.OK, 3),  # unaligned is fine for bytes
        ((W, kernel, 0), E.OK, 0),  # an empty range is acceptable anywhere
        ((W, vfirst, 1), E.EFAULT, 0),  # another env's page
        ((W, vfirst + PAGE_SIZE - 1, 1), E.EFAULT, 0),
        ((W, kernel, 16), E.EFAULT, 0),
        ((W, uart, 1), E.EFAULT, 0),
        ((W, 0, 1), E.EFAULT, 0),  # null
        ((W, top - 8, 16), E.EFAULT, 0),  # wraps around
        ((W, "@" + hex(run_end - 4), 8), E.EFAULT, 0),  # runs off the end of its own pages
        ((W, vfirst - 4, 8), E.EFAULT, 0),  # runs into the victim's page
        ((W, data, top >> 1), E.EFAULT, 0),  # huge length
        ((W, data, UACCESS_MAX + 1), E.EFAULT, 0),
        ((R, "@0", 4), E.EFAULT, 0),  # its own text is not writable
        ((R, args, 4), E.EFAULT, 0),  # nor its argument page
        ((R, vfirst, 4), E.EFAULT, 0),
        ((R, kernel, 4), E.EFAULT, 0),
        ((R, top - 2, 4), E.EFAULT, 0),
        ((R, data, 4), E.OK, 0),  # nothing to read yet
        ((A, vpage, rw), E.EBUSY, 0),
        ((A, kppn, rw), E.EINVAL, 0),  # the kernel's pages are not managed
        ((A, uart >> PAGE_SHIFT, rw), E.EINVAL, 0),
        ((A, top - 1 - 1, rw), E.EINVAL, 0),  # not EXO_ANY, far out of range
        ((A, free_ppn, 0), E.EINVAL, 0),  # no rights
        ((A, free_ppn, 8), E.EINVAL, 0),  # rights beyond RWX
        ((F, vpage, 0), E.EPERM, 0),
        ((F, kppn, 0), E.EINVAL, 0),
        ((F, free_ppn, 0), E.ENOENT, 0),
        ((S, vpage, 0, int(Perm.R)), E.EPERM, 0),  # share someone else's page to itself
        ((S, data, env, int(Perm.R)), E.EINVAL, 0),  # an address is not a page number
        ((S, kppn, env, int(Perm.R)), E.EINVAL, 0),
        ((S, data_ppn, env, int(Perm.R)), E.OK, 0),  # its own page, to the victim
        ((S, data_ppn, env, int(Perm.RWX)), E.EPERM, 0),  # more rights than it holds
        ((S, text_ppn, env, int(Perm.W)), E.EPERM, 0),
        ((S, data_ppn, 0, int(Perm.R)), E.EINVAL, 0),  # to itself
        ((S, data_ppn, env + (1 << 16), int(Perm.R)), E.ESTALE, 0),  # an older generation
        ((S, data_ppn, 63 + (1 << 16), int(Perm.R)), E.ENOENT, 0),  # nobody
        ((U, data_ppn, env), E.OK, 0),
        ((U, data_ppn, env), E.ENOENT, 0),  # already gone
        ((N, data_ppn), E.OK, None),
        ((U, vpage, env), E.EPERM, 0),
        ((U, vpage2, env), E.EPERM, 0),
        ((N, vpage), E.OK, env),  # ownership is public
        ((N, kppn), E.EINVAL, 0),
        ((N, free_ppn), E.OK, 0),
        *[((n,), E.ENOSYS, 0) for n in UNASSIGNED],
        ((SYS_COUNT,), E.ENOSYS, 0),
        ((1000,), E.ENOSYS, 0),
        ((top - 1,), E.ENOSYS, 0),
    ]
    if xlen == 64:
        # A page number with high bits set must not alias the victim's page when narrowed.
        cases += [
            ((A, vpage | 1 << 32, rw), E.EINVAL, 0),
            ((F, vpage | 1 << 32, 0), E.EINVAL, 0),
            ((N, vpage | 1 << 40), E.EINVAL, 0),
            ((W, vfirst | 1 << 40, 1), E.EFAULT, 0),
            ((S, data_ppn, 1 << 40, int(Perm.R)), E.ENOENT, 0),  # an env id beyond 32 bits
        ]
    got = run_calls(kit, [c for c, _, _ in cases])
    wrong = [
        f"{c}: got {Errno(e).name if e in Errno._value2member_map_ else e} {v:#x}, "
        f"want {Errno(want).name} {value}"
        for (c, want, value), (e, v) in zip(cases, got, strict=True)
        if e != want or (value is not None and v != value)
    ]
    assert wrong == []
    after = t.pages()
    assert kit.owned(env, after) == kit.owned(env, before)
    assert after.free_pages == before.free_pages


def test_share_limits_and_dead_or_stale_envs(kit, victim):
    """A page carries at most 4 shares (E2BIG for a fifth), a DEAD env can hold none (ESTATE),
    an older generation is ESTALE for unshare too, and a page it owns is EBUSY to bind again."""
    env, _ = victim
    others = [kit.load("probe", "s") for _ in range(4)]
    for o in others:
        kit.wait_stopped(o)
    dead = kit.load("probe")
    assert kit.wait(dead) == 0  # DEAD, and its table entry not reused yet (free ones go first)
    span = load_image(kit.image("sysrun").read_bytes(), xlen=kit.board.xlen).span_pages
    data_ppn = "%" + hex((span - 1) * PAGE_SIZE)
    S, U, A = Sys.PAGE_SHARE, Sys.PAGE_UNSHARE, Sys.PAGE_ALLOC
    r = int(Perm.R)
    E = Errno
    cases = [
        ((S, data_ppn, env, r), E.OK),
        *[((S, data_ppn, o, r), E.OK) for o in others[:3]],
        ((S, data_ppn, others[3], r), E.E2BIG),  # the fifth share
        ((S, data_ppn, env, int(Perm.R | Perm.W)), E.OK),  # replacing one is not a new one
        ((U, data_ppn, others[0]), E.OK),
        ((S, data_ppn, others[3], r), E.OK),  # room again
        ((S, data_ppn, dead, r), E.ESTATE),
        ((U, data_ppn, env + (1 << 16)), E.ESTALE),
        ((U, kit.target.info()["kernel_base"] >> PAGE_SHIFT, env), E.EINVAL),
        ((A, data_ppn, r), E.EBUSY),  # its own page
    ]
    got = run_calls(kit, [c for c, _ in cases])
    assert [e for e, _ in got] == [want for _, want in cases]
