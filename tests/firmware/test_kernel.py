"""The kernel's env table, ownership wiring, exposed state, user access and syscalls
(firmware/kernel/{env,memory,exposed,uaccess,syscall,console}.c) on the host, under ASan/UBSan.

kernel_harness.c runs them over fake RAM mapped low (so page numbers fit 32 bits, as on the
target); after every syscall it checks the ownership table's invariants, that the exposed state
agrees with the tables, that a DEAD env holds nothing and that free + owned pages = all pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hostbuild import ROOT
from kernelharness import ANY, MASK64, MAX_ENVS, PAGE, Kernel

from exo.abi import Errno, Perm, Sys


@pytest.fixture
def k() -> Iterator[Kernel]:
    h = Kernel()
    h.init(64)
    yield h
    h.close()


def events(k: Kernel) -> list[str]:
    return k.events()


# ---- Env table ---------------------------------------------------------------------------


def test_env_ids_generations_and_stale_ids(k: Kernel) -> None:
    a = k.env("a")
    assert a == (1 << 16) | 1  # generation 1, index 1
    assert k.ok(f"destroy {a} 7") == ["0"]
    assert k.ok(f"lookup {a}") == ["4"]  # DEAD, still named by its id
    assert k.ask(f"destroy {a} 0") == f"err {Errno.ESTATE}"
    # Every other index is free, so index 2 is taken before the DEAD entry is reused.
    b = k.env("b")
    assert b & 0xFFFF == 2
    others = [k.env(f"e{i}") for i in range(MAX_ENVS - 3)]
    again = k.env("again")  # the table is full but for the DEAD entry: reused, next generation
    assert again == (2 << 16) | 1
    assert k.ask(f"lookup {a}") == f"err {Errno.ESTALE}"
    assert k.ask("create full") == f"err {Errno.ENOMEM}"
    assert k.ask("lookup 0") == f"err {Errno.ENOENT}"
    assert k.ask(f"lookup {(1 << 16) | MAX_ENVS}") == f"err {Errno.ENOENT}"
    assert len(others) == MAX_ENVS - 3


@pytest.mark.parametrize("name", ["-", "x" * 16, "del\x7fname", "bel\x07", "caf\u00e9"])
def test_env_names_are_checked(k: Kernel, name: str) -> None:
    assert k.ask(f"create {name}") == f"err {Errno.EINVAL}"


def test_env_start_frame(k: Kernel) -> None:
    env = k.env("s", start=False)
    assert k.ok(f"summary {env & 0xFFFF}") == [str(env), "1", "0", "s"]  # LOADING
    k.ok(f"start {env} 0x80001000 0x80002000")
    pc, a0, a1, a2, mstatus = map(int, k.ok(f"regs {env}"))
    assert (pc, a0, a1) == (0x80001000, env, 0x80002000)
    assert a2 != 0  # the exposed state's address
    assert mstatus == 0x80  # MPP = U, MPIE: interrupts on once it runs
    assert k.ok(f"summary {env & 0xFFFF}") == [str(env), "2", "0", "s"]


def test_exposed_state_version_moves_once_per_change(k: Kernel) -> None:
    version, free, first, count, magic = map(int, k.ok("exposed"))
    assert (free, first, count, magic) == (k.pages, k.first, k.pages, 0x534F5845)
    env = k.env()  # create and start: one change each
    assert int(k.ok("exposed")[0]) == version + 4
    k.alloc(env)  # nested begin/end inside one syscall: still one odd-even step
    assert list(map(int, k.ok("exposed")[:2])) == [version + 6, k.pages - 1]
    assert k.sys(env, Sys.PAGE_ALLOC, k.first - 1, Perm.R)[0] == Errno.EINVAL
    assert int(k.ok("exposed")[0]) % 2 == 0


def test_fault_stops_and_reports(k: Kernel) -> None:
    env = k.env()
    k.alloc(env)
    events(k)
    k.ok(f"fault {env} 7 0x1234 0x5678")
    assert k.ok(f"lookup {env}") == ["3"]  # STOPPED
    assert events(k) == [f"log:2:env {env:#x} stopped: fault cause=7 pc=0x1234 addr=0x5678"]
    assert k.ok(f"summary {env & 0xFFFF}")[2] == "1"  # keeps its page until killed
    k.ok("session 1")
    other = k.env()
    k.ok(f"fault {other} 5 16 32")
    body = (
        other.to_bytes(4, "little")
        + (5).to_bytes(4, "little")
        + (16).to_bytes(8, "little")
        + (32).to_bytes(8, "little")
    )
    assert events(k)[-1] == f"ev:82:{body.hex()}"


# ---- Syscalls: the error table (docs/abi.md) -----------------------------------------------


@pytest.mark.parametrize(
    "number", [5, 9, 15, 19, 23, 29, 32, 39, 41, 49, 55, 59, 62, 89, 90, 1000, 1 << 40, MASK64]
)
def test_unknown_syscalls_are_enosys(k: Kernel, number: int) -> None:
    env = k.env()
    assert k.sys(env, number, 1, 2, 3) == (Errno.ENOSYS, 0, 3)  # a2 is left alone


def test_null_and_env_self(k: Kernel) -> None:
    env = k.env()
    assert k.sys(env, Sys.NULL) == (0, 0, 0)
    assert k.sys(env, Sys.ENV_SELF)[:2] == (0, env)


def test_page_alloc_errors(k: Kernel) -> None:
    a, b = k.env("a"), k.env("b")
    first, last = k.first, k.first + k.pages - 1
    assert k.alloc(a, first + 3, Perm.R) == first + 3
    cases = [
        ((first + 3, Perm.R), Errno.EBUSY),  # already the caller's
        ((first - 1, Perm.R), Errno.EINVAL),  # the kernel's page
        ((last + 1, Perm.R), Errno.EINVAL),  # past the managed range
        (((1 << 32) | first, Perm.R), Errno.EINVAL),  # would alias `first` narrowed
        ((0xFFFFFFFF, Perm.R), Errno.EINVAL),  # not EXO_ANY in a 64-bit register
        ((first, 0), Errno.EINVAL),
        ((first, 8), Errno.EINVAL),
        ((first, (1 << 32) | Perm.R), Errno.EINVAL),  # rights checked on the full register
        ((ANY, 0x10), Errno.EINVAL),
    ]
    for args, expected in cases:
        assert k.sys(b, Sys.PAGE_ALLOC, *args) == (expected, 0, 0), args
    assert k.sys(b, Sys.PAGE_ALLOC, first + 3, Perm.R)[0] == Errno.EBUSY  # another env's
    while k.sys(b, Sys.PAGE_ALLOC, ANY, Perm.R)[0] == 0:
        pass
    assert k.sys(b, Sys.PAGE_ALLOC, ANY, Perm.R) == (Errno.ENOMEM, 0, 0)
    assert k.check() == (0, 0)


def test_page_free_share_unshare_info_errors(k: Kernel) -> None:
    a, b, c = k.env("a"), k.env("b"), k.env("c")
    p = k.alloc(a, rights=Perm.R | Perm.W)
    q = k.alloc(b, rights=Perm.RWX)
    free = k.first + k.pages - 1
    assert k.sys(b, Sys.PAGE_FREE, p)[0] == Errno.EPERM
    assert k.sys(a, Sys.PAGE_FREE, free)[0] == Errno.ENOENT
    assert k.sys(a, Sys.PAGE_FREE, k.first - 1)[0] == Errno.EINVAL
    assert k.sys(a, Sys.PAGE_FREE, (1 << 32) | p)[0] == Errno.EINVAL
    stale = b + (1 << 16)
    share = [
        ((p, b, Perm.R | Perm.X), Errno.EPERM),  # beyond the owner's rights
        ((p, stale, Perm.R), Errno.ESTALE),
        ((p, (1 << 16) | 40, Perm.R), Errno.ENOENT),
        ((p, 0, Perm.R), Errno.EINVAL),  # EXO_ENV_SELF: sharing with oneself
        ((p, (1 << 32) | b, Perm.R), Errno.ENOENT),  # an id wider than 32 bits
        ((p, b, 0), Errno.EINVAL),
        ((q, c, Perm.R), Errno.EPERM),  # not the owner
        ((free, b, Perm.R), Errno.EPERM),
        (((1 << 32) | p, b, Perm.R), Errno.EINVAL),
    ]
    for args, expected in share:
        assert k.sys(a, Sys.PAGE_SHARE, *args)[0] == expected, args
    assert k.sys(a, Sys.PAGE_SHARE, p, b, Perm.R)[0] == 0
    assert k.sys(b, Sys.PAGE_INFO, p) == (0, a, Perm.R)
    assert k.sys(c, Sys.PAGE_INFO, p) == (0, a, 0)
    assert k.sys(c, Sys.PAGE_INFO, free) == (0, 0, 0)
    assert k.sys(c, Sys.PAGE_INFO, k.first - 1)[0] == Errno.EINVAL
    assert k.sys(c, Sys.PAGE_UNSHARE, p, b)[0] == Errno.EPERM  # neither owner nor sharer
    assert k.sys(b, Sys.PAGE_UNSHARE, p, 0)[0] == 0  # the sharer drops its own share
    assert k.sys(b, Sys.PAGE_UNSHARE, p, 0)[0] == Errno.ENOENT
    more = [k.env(f"s{i}") for i in range(5)]
    for env in more[:4]:
        assert k.sys(a, Sys.PAGE_SHARE, p, env, Perm.R)[0] == 0
    assert k.sys(a, Sys.PAGE_SHARE, p, more[4], Perm.R)[0] == Errno.E2BIG
    k.ok(f"destroy {more[4]} 0")
    assert k.sys(a, Sys.PAGE_SHARE, p, more[4], Perm.R)[0] == Errno.ESTATE  # DEAD holds nothing


def test_user_pointers_are_checked(k: Kernel) -> None:
    a, b = k.env("a"), k.env("b")
    p = k.alloc(a, rights=Perm.R | Perm.W)
    p2 = k.alloc(a, rights=Perm.R | Perm.W)  # p + 1: the next free page
    assert p2 == p + 1
    q = k.alloc(b)
    r_only = k.alloc(a, rights=Perm.R)
    kernel = int(k.ok("kaddr")[0])
    base, bq = p * PAGE, q * PAGE
    write = [
        ((0, 5), Errno.EFAULT),  # null
        ((kernel, 8), Errno.EFAULT),  # the kernel's memory
        ((bq, 8), Errno.EFAULT),  # another env's page
        ((base + PAGE * 2 - 4, 8), Errno.EFAULT),  # runs off its pages
        ((MASK64 - 7, 16), Errno.EFAULT),  # wraps around
        ((base, 1 << 40), Errno.EFAULT),  # huge length
        ((base, (1 << 20) + 1), Errno.EFAULT),  # just over the per-call cap
        (((1 << 44) | base, 4), Errno.EFAULT),  # page number beyond 32 bits
    ]
    for args, expected in write:
        assert k.sys(a, Sys.CONSOLE_WRITE, *args) == (expected, 0, 0), args
        assert k.sys(a, Sys.CONSOLE_READ, *args) == (expected, 0, 0), args
    assert k.sys(a, Sys.CONSOLE_WRITE, 0, 0) == (0, 0, 0)  # nothing at any address
    assert k.sys(a, Sys.CONSOLE_READ, r_only * PAGE, 4)[0] == Errno.EFAULT  # needs W
    k.ok(f"poke {base + PAGE - 3} 6869210a0d21")  # "hi!\n\r!" across the two pages, unaligned
    k.ask("uart")
    assert k.sys(a, Sys.CONSOLE_WRITE, base + PAGE - 3, 6)[:2] == (0, 6)
    assert k.sys(a, Sys.CONSOLE_WRITE, r_only * PAGE, 2)[:2] == (0, 2)  # R is enough to write out
    # b was started after a, so b is the foreground env: a's output is kept, not printed.
    assert k.ok("uart") == ["-"]
    assert k.sys(b, Sys.CONSOLE_WRITE, bq, 3)[:2] == (0, 3)
    assert k.ok("uart") == ["000000"]


def test_console_read_takes_terminal_keys(k: Kernel) -> None:
    a = k.env("a")
    p = k.alloc(a)
    assert k.sys(a, Sys.CONSOLE_READ, p * PAGE, 16)[:2] == (0, 0)
    k.ok("keys " + b"ls\r".hex())
    assert k.sys(a, Sys.CONSOLE_READ, p * PAGE + 100, 2)[:2] == (0, 2)
    assert k.sys(a, Sys.CONSOLE_READ, p * PAGE + 102, 16)[:2] == (0, 1)
    assert k.ok(f"peek {p * PAGE + 100} 4") == ["6c730d00"]


def test_exit_frees_everything_and_reports(k: Kernel) -> None:
    a, b = k.env("a"), k.env("b")
    for _ in range(5):
        k.alloc(a)
    q = k.alloc(b)
    assert k.sys(b, Sys.PAGE_SHARE, q, a, Perm.R)[0] == 0
    events(k)
    k.sys(a, Sys.EXIT, 42)
    assert k.ok(f"lookup {a}") == ["4"]
    assert k.ok(f"summary {a & 0xFFFF}")[1:3] == ["4", "0"]
    assert k.check() == (0, k.pages - 1)
    assert events(k) == [f"log:1:env {a:#x} exited: code 42"]
    assert k.sys(b, Sys.PAGE_INFO, q) == (0, b, Perm.R | Perm.W)


# ---- Random calls and churn ------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_seeded_random_syscalls_keep_every_invariant(seed: int) -> None:
    h = Kernel()
    h.init(512)
    answer = map(int, h.ok(f"fuzz {seed} 100000"))
    calls, violations, before, after, broken, successes, slots_free = answer
    assert (calls, violations, broken) == (100000, 0, 0)
    assert before == after == 512  # every page came back
    assert slots_free == 8  # and every slot
    assert successes > 5000  # the sequence did real work, not only errors
    h.close()


def test_create_destroy_cycles_leak_nothing_and_reuse_zeroed_pages() -> None:
    h = Kernel()
    h.init(32)  # small: pages are reused again and again
    assert h.ok("cycles 1000") == ["0", "0", "0"]
    assert h.check() == (0, 32)
    h.close()


# ---- docs/abi.md's table of errors, row by row ---------------------------------------------

DOC = ROOT / "docs" / "abi.md"
ROW = re.compile(r"^\| `?(\w+)`? \| `EXO_(\w+)` \|", re.M)


def documented_errors() -> set[tuple[str, str]]:
    text = DOC.read_text()
    section = text[text.index("### Errors by call") : text.index("## Env start-up")]
    return set(ROW.findall(section))


class Scene:
    """Two envs, each with a page: a owns p (RW) and r (R only), b owns q (RWX)."""

    def __init__(self, k: Kernel) -> None:
        self.k = k
        self.a, self.b = k.env("a"), k.env("b")
        self.p = k.alloc(self.a, rights=Perm.R | Perm.W)
        self.r = k.alloc(self.a, rights=Perm.R)
        self.q = k.alloc(self.b, rights=Perm.RWX)
        self.free = k.first + k.pages - 1

    def call(self, number: int, *args: int, env: int | None = None) -> int:
        return self.k.sys(self.a if env is None else env, number, *args)[0]

    def dead(self) -> int:
        env = self.k.env("dead")
        self.k.ok(f"destroy {env} 0")
        return env

    def destroyed(self) -> int:
        child = self.child()
        assert self.call(Sys.ENV_DESTROY, child) == 0
        return child

    def fill_shares(self) -> int:
        for i in range(4):
            assert self.call(Sys.PAGE_SHARE, self.p, self.k.env(f"s{i}"), Perm.R) == 0
        return self.call(Sys.PAGE_SHARE, self.p, self.b, Perm.R)

    def exhaust(self) -> int:
        while self.call(Sys.PAGE_ALLOC, ANY, Perm.R) == 0:
            pass
        return self.call(Sys.PAGE_ALLOC, ANY, Perm.R)

    def child(self, start: bool = False) -> int:
        """A child of a, named in a's page p; started at a page of its own if asked."""
        self.k.ok(f"poke {self.p * PAGE} {b'kid'.hex()}")
        a0, child, _ = self.k.sys(self.a, Sys.ENV_CREATE, self.p * PAGE, 3)
        assert a0 == 0
        if start:
            code = self.k.alloc(self.a, rights=Perm.RWX)
            assert self.call(Sys.ENV_GIVE_PAGE, child, code) == 0
            assert self.call(Sys.ENV_START, child, code * PAGE, 0) == 0
        return child

    def slot(self, env: int | None = None) -> int:
        a0, slot, _ = self.k.sys(self.a if env is None else env, Sys.SLOT_ALLOC, ANY)
        assert a0 == 0
        return slot

    def register(self) -> int:
        """a's upcall area at the start of p, its entry in a fresh RX page; returns p."""
        code = self.k.alloc(self.a, rights=Perm.R | Perm.X)
        assert self.call(Sys.UPCALL_REGISTER, code * PAGE, self.p * PAGE) == 0
        return self.p

    def fill_slots(self) -> int:
        while self.call(Sys.SLOT_ALLOC, ANY) == 0:
            pass
        return self.call(Sys.SLOT_ALLOC, ANY)

    def fill_envs(self) -> int:
        self.k.ok(f"poke {self.p * PAGE} {b'kid'.hex()}")
        while self.call(Sys.ENV_CREATE, self.p * PAGE, 3) == 0:
            pass
        return self.call(Sys.ENV_CREATE, self.p * PAGE, 3)

    def revoke_twice(self) -> int:
        child = self.child(start=True)
        assert self.call(Sys.REVOKE, child, 1, 1, 100) == 0
        return self.call(Sys.REVOKE, child, 1, 1, 100)

    def destroy_twice(self) -> int:
        child = self.child()
        assert self.call(Sys.ENV_DESTROY, child) == 0
        return self.call(Sys.ENV_DESTROY, child)


SCENARIOS = {
    ("CONSOLE_WRITE", "EFAULT"): lambda s: s.call(Sys.CONSOLE_WRITE, s.q * PAGE, 4),
    ("CONSOLE_READ", "EFAULT"): lambda s: s.call(Sys.CONSOLE_READ, s.r * PAGE, 4),
    ("PAGE_ALLOC", "EINVAL"): lambda s: s.call(Sys.PAGE_ALLOC, s.k.first - 1, Perm.R),
    ("PAGE_ALLOC", "EBUSY"): lambda s: s.call(Sys.PAGE_ALLOC, s.q, Perm.R),
    ("PAGE_ALLOC", "ENOMEM"): Scene.exhaust,
    ("PAGE_FREE", "EINVAL"): lambda s: s.call(Sys.PAGE_FREE, 1 << 32 | s.p),
    ("PAGE_FREE", "ENOENT"): lambda s: s.call(Sys.PAGE_FREE, s.free),
    ("PAGE_FREE", "EPERM"): lambda s: s.call(Sys.PAGE_FREE, s.q),
    ("PAGE_SHARE", "EINVAL"): lambda s: s.call(Sys.PAGE_SHARE, s.p, s.a, Perm.R),
    ("PAGE_SHARE", "ENOENT"): lambda s: s.call(Sys.PAGE_SHARE, s.p, 1 << 16 | 60, Perm.R),
    ("PAGE_SHARE", "ESTALE"): lambda s: s.call(Sys.PAGE_SHARE, s.p, s.b + (1 << 16), Perm.R),
    ("PAGE_SHARE", "ESTATE"): lambda s: s.call(Sys.PAGE_SHARE, s.p, s.dead(), Perm.R),
    ("PAGE_SHARE", "EPERM"): lambda s: s.call(Sys.PAGE_SHARE, s.r, s.b, Perm.W),
    ("PAGE_SHARE", "E2BIG"): Scene.fill_shares,
    ("PAGE_UNSHARE", "EINVAL"): lambda s: s.call(Sys.PAGE_UNSHARE, s.k.first - 1, s.b),
    ("PAGE_UNSHARE", "ENOENT"): lambda s: s.call(Sys.PAGE_UNSHARE, s.p, s.b),
    ("PAGE_UNSHARE", "ESTALE"): lambda s: s.call(Sys.PAGE_UNSHARE, s.p, s.b + (1 << 16)),
    ("PAGE_UNSHARE", "EPERM"): lambda s: s.call(Sys.PAGE_UNSHARE, s.q, s.b),
    ("PAGE_INFO", "EINVAL"): lambda s: s.call(Sys.PAGE_INFO, s.k.first + s.k.pages),
    ("PAGE_FREE", "EBUSY"): lambda s: s.call(Sys.PAGE_FREE, s.register()),
    ("SLOT_ALLOC", "EINVAL"): lambda s: s.call(Sys.SLOT_ALLOC, 8),
    ("SLOT_ALLOC", "EBUSY"): lambda s: s.call(Sys.SLOT_ALLOC, s.slot(s.b)),
    ("SLOT_ALLOC", "ENOMEM"): Scene.fill_slots,
    ("SLOT_FREE", "EINVAL"): lambda s: s.call(Sys.SLOT_FREE, ANY),
    ("SLOT_FREE", "ENOENT"): lambda s: s.call(Sys.SLOT_FREE, 3),
    ("SLOT_FREE", "EPERM"): lambda s: s.call(Sys.SLOT_FREE, s.slot(s.b)),
    ("YIELD", "EINVAL"): lambda s: s.call(Sys.YIELD, s.a),
    ("YIELD", "ENOENT"): lambda s: s.call(Sys.YIELD, 1 << 16 | 60),
    ("YIELD", "ESTALE"): lambda s: s.call(Sys.YIELD, s.b + (1 << 16)),
    ("YIELD", "ESTATE"): lambda s: s.call(Sys.YIELD, s.child()),
    ("UPCALL_REGISTER", "EINVAL"): lambda s: s.call(Sys.UPCALL_REGISTER, 0, s.p * PAGE + 4),
    ("UPCALL_REGISTER", "EFAULT"): lambda s: s.call(Sys.UPCALL_REGISTER, s.p * PAGE, s.p * PAGE),
    ("UPCALL_RESUME", "ESTATE"): lambda s: s.call(Sys.UPCALL_RESUME),
    ("ENV_CREATE", "EINVAL"): lambda s: s.call(Sys.ENV_CREATE, s.p * PAGE, 16),
    ("ENV_CREATE", "EFAULT"): lambda s: s.call(Sys.ENV_CREATE, s.q * PAGE, 3),
    ("ENV_CREATE", "ENOMEM"): Scene.fill_envs,
    ("ENV_GIVE_PAGE", "EPERM"): lambda s: s.call(Sys.ENV_GIVE_PAGE, s.b, s.p),
    ("ENV_GIVE_PAGE", "ENOENT"): lambda s: s.call(Sys.ENV_GIVE_PAGE, s.child(), s.free),
    ("ENV_GIVE_PAGE", "ESTALE"): lambda s: s.call(Sys.ENV_GIVE_PAGE, s.child() + (1 << 16), s.p),
    ("ENV_GIVE_PAGE", "ESTATE"): lambda s: s.call(Sys.ENV_GIVE_PAGE, s.destroyed(), s.p),
    ("ENV_GIVE_PAGE", "EINVAL"): lambda s: s.call(Sys.ENV_GIVE_PAGE, s.child(), s.k.first - 1),
    ("ENV_GIVE_PAGE", "EBUSY"): lambda s: s.call(Sys.ENV_GIVE_PAGE, s.child(), s.register()),
    ("ENV_GIVE_SLOT", "EPERM"): lambda s: s.call(Sys.ENV_GIVE_SLOT, s.child(), s.slot(s.b)),
    ("ENV_GIVE_SLOT", "EINVAL"): lambda s: s.call(Sys.ENV_GIVE_SLOT, s.child(), 8),
    ("ENV_GIVE_SLOT", "ENOENT"): lambda s: s.call(Sys.ENV_GIVE_SLOT, s.child(), 5),
    ("ENV_START", "EPERM"): lambda s: s.call(Sys.ENV_START, s.b, s.q * PAGE, 0),
    ("ENV_START", "ESTATE"): lambda s: s.call(Sys.ENV_START, s.child(True), s.p * PAGE, 0),
    ("ENV_START", "EFAULT"): lambda s: s.call(Sys.ENV_START, s.child(), s.p * PAGE, 0),
    ("ENV_DESTROY", "EPERM"): lambda s: s.call(Sys.ENV_DESTROY, s.b),
    ("ENV_DESTROY", "ESTATE"): Scene.destroy_twice,
    ("REVOKE", "EPERM"): lambda s: s.call(Sys.REVOKE, s.b, 1, 1, 100),
    ("REVOKE", "EINVAL"): lambda s: s.call(Sys.REVOKE, s.child(True), 1, 2, 100),
    ("REVOKE", "ESTATE"): lambda s: s.call(Sys.REVOKE, s.child(), 1, 1, 100),
    ("REVOKE", "EBUSY"): Scene.revoke_twice,
    ("REPOSSESSED", "EFAULT"): lambda s: s.call(Sys.REPOSSESSED, s.r * PAGE, 1),
    ("any", "ENOSYS"): lambda s: s.call(Sys.ENV_SELF + 1),
}


def test_the_error_table_and_its_tests_match() -> None:
    assert documented_errors() == set(SCENARIOS)


@pytest.mark.parametrize("row", sorted(SCENARIOS), ids="-".join)
def test_every_documented_error(k: Kernel, row: tuple[str, str]) -> None:
    assert SCENARIOS[row](Scene(k)) == Errno[row[1]]
