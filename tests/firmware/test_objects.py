"""Issue 5's kernel objects on the host, under ASan/UBSan: the time-slice vector
(firmware/kernel/slots.c), upcalls (upcall.c), revocation and the abort protocol (revoke.c), child
envs, and the link's REVOKE, SLOTS and COMMIT-with-slots (firmware/link/envreq.c).

The kernel harness stubs the scheduler, the timer and the clock: `timers` says what they were
asked, `expire` plays the KTIMER_REVOKE deadline, `changed` lists the PMP drops the ownership
table asked for. After every syscall and request the harness checks that every page and slot is
free or owned exactly once and that the exposed state mirrors both.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from kernelharness import ANY, MASK64, PAGE, Kernel, str8, u32

from exo.abi import Errno, Event, Perm, Revoke, Sys, layouts
from exo.link import schema as s

RW, RX, RWX = int(Perm.R | Perm.W), int(Perm.R | Perm.X), int(Perm.RWX)
SLOTS = 8  # the harness's vector
RUNNABLE, DEAD = 2, 4
KTIMER_OFF = MASK64
LAYOUT = layouts(8)  # the harness is a 64-bit host, as rv64
REGS = LAYOUT["offsetof(struct exo_upcall_area, regs)"]
RING = LAYOUT["offsetof(struct exo_upcall_area, ring)"]
EVENT = LAYOUT["sizeof(struct exo_event)"]


@pytest.fixture
def k() -> Iterator[Kernel]:
    h = Kernel()
    h.init(64)
    h.ok("session 1")
    yield h
    h.close()


@dataclass
class Libos:
    """An env with an upcall area at the start of its first page and an entry page."""

    k: Kernel
    env: int
    area_page: int
    entry: int

    @property
    def area(self) -> int:
        return self.area_page * PAGE

    def header(self) -> tuple[int, int, int, int]:
        raw = bytes.fromhex(self.k.ok(f"peek {self.area} 16")[0])
        return struct.unpack("<4I", raw)  # masked, lost, head, tail

    def regs(self) -> list[int]:
        raw = bytes.fromhex(self.k.ok(f"peek {self.area + REGS} {32 * 8}")[0])
        return list(struct.unpack("<32Q", raw))

    def events(self) -> list[tuple[int, int, int, int]]:
        """Every event from tail to head; the libOS consumes them (tail = head)."""
        _, _, head, tail = self.header()
        out = []
        for n in range(tail, head):
            at = self.area + RING + (n % 64) * EVENT
            out.append(struct.unpack("<IIQQ", bytes.fromhex(self.k.ok(f"peek {at} {EVENT}")[0])))
        self.k.ok(f"poke {self.area + 12} {struct.pack('<I', head).hex()}")
        return out

    def set_masked(self, masked: int) -> None:
        self.k.ok(f"poke {self.area} {struct.pack('<I', masked).hex()}")


def libos(k: Kernel, name: str = "lib") -> Libos:
    env = k.env(name)
    area_page = k.alloc(env, rights=RW)
    code = k.alloc(env, rights=RX)
    assert k.sys(env, Sys.UPCALL_REGISTER, code * PAGE + 0x40, area_page * PAGE)[0] == 0
    return Libos(k, env, area_page, code * PAGE + 0x40)


def all_regs(k: Kernel, env: int) -> list[int]:
    return list(map(int, k.ok(f"allregs {env}")))


def host_events(k: Kernel, kind: int) -> list[bytes]:
    return [bytes.fromhex(e[6:]) for e in k.events() if e.startswith(f"ev:{kind:02x}:")]


# ---- Slots ------------------------------------------------------------------------------------


def test_slots_are_bound_freed_and_mirrored(k: Kernel) -> None:
    a, b = k.env("a"), k.env("b")
    assert k.sys(a, Sys.SLOT_ALLOC, ANY)[:2] == (0, 0)  # the lowest free
    assert k.sys(b, Sys.SLOT_ALLOC, 5)[:2] == (0, 5)
    assert k.sys(a, Sys.SLOT_ALLOC, ANY)[:2] == (0, 1)
    slots = s.SLOTS_RESPONSE.parse(k.req(0x1A, b"")[1])
    assert (slots.slot_count, slots.slot_ticks, slots.current) == (SLOTS, 1000, s.NO_SLOT)
    assert list(slots.owners) == [a, a, 0, 0, 0, b, 0, 0]
    assert k.sys(a, Sys.SLOT_FREE, 0)[0] == 0
    assert k.sys(a, Sys.SLOT_FREE, 0)[0] == Errno.ENOENT
    assert k.sys(a, Sys.SLOT_FREE, (1 << 32) | 1)[0] == Errno.EINVAL  # not slot 1 narrowed
    k.ok(f"destroy {b} 0")  # a destroyed env's slots are free again
    assert list(s.SLOTS_RESPONSE.parse(k.req(0x1A, b"")[1]).owners) == [0, a] + [0] * 6
    assert k.req(0x1A, b"\x00")[0] == Errno.EINVAL


def test_yield_and_timer_reach_the_scheduler(k: Kernel) -> None:
    a, b = k.env("a"), k.env("b")
    assert k.sys(a, Sys.YIELD, b)[0] == 0
    assert k.ok("timers")[2:] == ["1", str(a), str(b)]
    assert k.sys(a, Sys.YIELD, ANY)[0] == 0
    assert k.ok("timers")[2:] == ["2", str(a), "0"]
    k.ok(f"destroy {b} 0")
    assert k.sys(a, Sys.YIELD, b)[0] == Errno.ESTATE
    before = int(k.ok("timers")[1])
    assert k.sys(a, Sys.TIMER_SET, 12345)[0] == 0
    assert int(k.ok("timers")[1]) == before + 1


# ---- Upcalls -------------------------------------------------------------------------------


def test_registration_checks_its_pages(k: Kernel) -> None:
    env = k.env()
    rw, rx = k.alloc(env, rights=RW), k.alloc(env, rights=RX)
    other = k.env("other")
    theirs = k.alloc(other, rights=RWX)
    assert k.sys(other, Sys.PAGE_SHARE, theirs, env, RW)[0] == 0
    cases = [
        ((rw * PAGE, rw * PAGE), Errno.EFAULT),  # entry not executable
        ((theirs * PAGE, rw * PAGE), Errno.EFAULT),  # entry in another env's page
        ((rx * PAGE, rx * PAGE), Errno.EFAULT),  # area not writable
        ((rx * PAGE, theirs * PAGE), Errno.EFAULT),  # area only shared, not owned
        ((rx * PAGE, rw * PAGE + 4), Errno.EINVAL),  # misaligned
        ((rx * PAGE, rw * PAGE + PAGE - 512), Errno.EINVAL),  # crosses into the next page
        ((0, rw * PAGE), Errno.EFAULT),
        ((rx * PAGE, 0), Errno.EFAULT),
    ]
    for args, expected in cases:
        assert k.sys(env, Sys.UPCALL_REGISTER, *args)[0] == expected, args
    assert k.sys(env, Sys.UPCALL_RESUME)[0] == Errno.ESTATE  # nothing registered
    assert k.sys(env, Sys.UPCALL_REGISTER, rx * PAGE, rw * PAGE + 8)[0] == 0
    assert k.sys(env, Sys.PAGE_FREE, rw)[0] == Errno.EBUSY  # vital while registered
    assert k.sys(env, Sys.UPCALL_REGISTER, 0, 0)[0] == 0
    assert k.sys(env, Sys.PAGE_FREE, rw)[0] == 0


def test_delivery_and_resume_keep_every_register(k: Kernel) -> None:
    lib = libos(k)
    k.ok(f"setregs {lib.env} 7")
    interrupted = all_regs(k, lib.env)  # pc, x1..x31
    k.ok(f"deliver {lib.env}")
    assert all_regs(k, lib.env) == interrupted  # nothing waits: nothing happens
    assert k.req(0x19, u32(lib.env) + bytes([Revoke.PAGES]) + u32(1, 1000))[0] == 0
    k.ok(f"deliver {lib.env}")
    entered = all_regs(k, lib.env)
    assert entered[0] == lib.entry and entered[10] == lib.area
    assert [r for n, r in enumerate(entered) if n not in (0, 10)] == [
        r for n, r in enumerate(interrupted) if n not in (0, 10)
    ]  # every other register as interrupted
    assert lib.regs()[0] == interrupted[0] and lib.regs()[1:] == interrupted[1:]
    assert lib.header()[0] == 1  # masked
    assert lib.events() == [(Event.REVOKE, Revoke.PAGES, 1, 1000 * 10_000_000 // 1000)]
    k.ok(f"deliver {lib.env}")  # masked: nothing more
    assert all_regs(k, lib.env)[0] == lib.entry
    # The handler's own calls clobber its registers; RESUME brings back every one of them.
    assert k.sys(lib.env, Sys.NULL)[0] == 0
    k.ask(f"sys {lib.env} {Sys.UPCALL_RESUME}")
    assert all_regs(k, lib.env) == interrupted
    assert lib.header()[0] == 0
    _, _, _, _, mstatus = map(int, k.ok(f"regs {lib.env}"))
    assert mstatus == 0x80  # still U-mode with interrupts on


def test_resume_takes_the_registers_the_handler_left(k: Kernel) -> None:
    lib = libos(k)
    k.ok(f"setregs {lib.env} 3")
    assert k.ok(f"ufault {lib.env} 5 0x1000 0xdead") == ["1"]
    assert lib.events() == [(Event.FAULT, 5, 0x1000, 0xDEAD)]
    saved = lib.regs()
    assert saved[0] == 3000  # the faulting pc
    skipped = struct.pack("<Q", saved[0] + 4).hex()  # skip the faulting instruction
    k.ok(f"poke {lib.area + REGS} {skipped}")
    k.ask(f"sys {lib.env} {Sys.UPCALL_RESUME}")
    assert all_regs(k, lib.env) == [3004] + saved[1:]


def test_faults_stop_a_masked_or_unregistered_env(k: Kernel) -> None:
    lib = libos(k)
    lib.set_masked(1)
    assert k.ok(f"ufault {lib.env} 7 0 0") == ["0"]  # the caller then stops the env
    plain = k.env("plain")
    assert k.ok(f"ufault {plain} 7 0 0") == ["0"]


def test_a_full_ring_counts_what_it_loses(k: Kernel) -> None:
    lib = libos(k)
    lib.set_masked(1)
    for _ in range(70):  # each revocation posts one event; answer it at once so the next may come
        assert k.req(0x19, u32(lib.env) + bytes([Revoke.PAGES]) + u32(1, 1000))[0] == 0
        page = k.alloc(lib.env)
        assert k.sys(lib.env, Sys.PAGE_FREE, page)[0] == 0
    masked, lost, head, tail = lib.header()
    assert (masked, lost, head - tail) == (1, 6, 64)
    assert k.ok(f"ufault {lib.env} 7 0 0") == ["0"]  # no room to say why: stopped
    lib.set_masked(0)
    k.ok(f"deliver {lib.env}")
    assert all_regs(k, lib.env)[0] == lib.entry


# ---- Revocation and the abort protocol ------------------------------------------------------


def revoke(k: Kernel, env: int, kind: int, count: int, ms: int) -> int:
    body = s.REVOKE_REQUEST.build(dict(env=env, kind=kind, count=count, deadline_ms=ms))
    return k.req(0x19, body)[0]


def revoked(k: Kernel) -> list[tuple[int, int, int, int, int]]:
    out = []
    for body in host_events(k, 0x84):
        e = s.REVOKED_EVENT.parse(body)
        out.append((e.env, e.kind, e.requested, e.given, e.taken))
    return out


def repossessed(k: Kernel, env: int, buf: int, max_entries: int = 256) -> list[tuple[int, int]]:
    a0, n, _ = k.sys(env, Sys.REPOSSESSED, buf, max_entries)
    assert a0 == 0
    raw = bytes.fromhex(k.ok(f"peek {buf} {max(n, 1) * 8}")[0])
    return [struct.unpack_from("<II", raw, 8 * i) for i in range(n)]


def test_a_cooperative_env_gives_back_before_the_deadline(k: Kernel) -> None:
    lib = libos(k)
    pages = [k.alloc(lib.env) for _ in range(4)]
    k.events()
    assert revoke(k, lib.env, Revoke.PAGES, 2, 50) == 0
    assert int(k.ok("timers")[0]) == 50 * 10000  # KTIMER_REVOKE armed for the deadline
    assert revoke(k, lib.env, Revoke.PAGES, 1, 50) == Errno.EBUSY
    assert k.sys(lib.env, Sys.PAGE_FREE, pages[1])[0] == 0
    assert revoked(k) == []
    assert k.sys(lib.env, Sys.PAGE_FREE, pages[3])[0] == 0
    assert revoked(k) == [(lib.env, Revoke.PAGES, 2, 2, 0)]
    assert int(k.ok("timers")[0]) == KTIMER_OFF
    k.ok(f"expire {10**9}")
    assert revoked(k) == [] and repossessed(k, lib.env, lib.area + 2048) == []
    assert k.ok(f"lookup {lib.env}") == [str(RUNNABLE)]


def test_the_abort_protocol_takes_exactly_the_rest_newest_first(k: Kernel) -> None:
    lib = libos(k)
    pages = [k.alloc(lib.env) for _ in range(6)]
    k.events()
    k.ok("changed")
    assert revoke(k, lib.env, Revoke.PAGES, 4, 10) == 0
    assert k.sys(lib.env, Sys.PAGE_FREE, pages[0])[0] == 0  # gives one of its own choosing
    k.ok("changed")
    k.ok(f"expire {10 * 10000 - 1}")
    assert revoked(k) == []  # not yet
    k.ok(f"expire {10 * 10000}")
    assert revoked(k) == [(lib.env, Revoke.PAGES, 4, 1, 3)]
    taken = pages[-3:][::-1]  # the most recently bound first
    assert repossessed(k, lib.env, lib.area + 2048) == [(Revoke.PAGES, p) for p in taken]
    assert repossessed(k, lib.env, lib.area + 2048) == []  # read once
    for p in taken:
        assert k.sys(lib.env, Sys.PAGE_INFO, p) == (0, 0, 0)  # free
    # Each taken page's PMP entries were dropped, so the next access faults.
    changed = k.ok("changed")
    assert sorted(int(c.split(":")[0]) for c in changed) == sorted(taken)
    assert all(int(c.split(":")[1]) == lib.env & 0xFFFF for c in changed)
    assert (Event.REPOSSESSED, Revoke.PAGES, 3, 0) in lib.events()
    assert k.ok(f"lookup {lib.env}") == [str(RUNNABLE)]
    assert k.ok(f"summary {lib.env & 0xFFFF}")[2] == "4"  # area, entry and two it kept


def test_the_vital_page_is_never_taken(k: Kernel) -> None:
    env = k.env("late")
    code = k.alloc(env, rights=RX)
    others = [k.alloc(env) for _ in range(3)]
    area = k.alloc(env, rights=RW)  # bound last: the newest, yet never taken
    assert k.sys(env, Sys.UPCALL_REGISTER, code * PAGE, area * PAGE)[0] == 0
    k.events()
    assert revoke(k, env, Revoke.PAGES, 4, 1) == 0
    k.ok("expire 10000")
    assert revoked(k) == [(env, Revoke.PAGES, 4, 0, 4)]
    assert [p for _, p in repossessed(k, env, area * PAGE + 2048)] == [*others[::-1], code]
    assert k.sys(env, Sys.PAGE_INFO, area)[:2] == (0, env)
    assert k.ok(f"lookup {env}") == [str(RUNNABLE)]


def test_taking_the_vital_page_means_stopping_the_env(k: Kernel) -> None:
    lib = libos(k)
    k.alloc(lib.env)
    k.events()
    free = k.check()[1]
    assert revoke(k, lib.env, Revoke.PAGES, 3, 1) == 0  # everything it holds
    k.ok("expire 10000")
    assert k.ok(f"lookup {lib.env}") == [str(DEAD)]
    assert revoked(k) == [(lib.env, Revoke.PAGES, 3, 0, 3)]  # all of it, the vital page too
    assert k.check() == (0, free + 3)


def test_revoked_and_exit_events_when_the_env_is_destroyed(k: Kernel) -> None:
    lib = libos(k)
    k.events()
    assert revoke(k, lib.env, Revoke.PAGES, 2, 1) == 0
    k.ok("expire 10000")
    events = k.events()
    assert events[0] == "ev:84:" + struct.pack("<IBIII", lib.env, 1, 2, 0, 2).hex()
    assert events[1].startswith("ev:83:")


def test_slots_are_taken_from_the_top(k: Kernel) -> None:
    lib = libos(k)
    for slot in (1, 4, 6):
        assert k.sys(lib.env, Sys.SLOT_ALLOC, slot)[0] == 0
    k.events()
    assert revoke(k, lib.env, Revoke.SLOTS, 4, 1) == Errno.EINVAL  # more than it holds
    assert revoke(k, lib.env, 3, 1, 1) == Errno.EINVAL
    assert revoke(k, lib.env, Revoke.SLOTS, 0, 1) == Errno.EINVAL
    assert revoke(k, lib.env, Revoke.SLOTS, 2, 1) == 0
    k.ok("expire 10000")
    assert revoked(k) == [(lib.env, Revoke.SLOTS, 2, 0, 2)]
    assert repossessed(k, lib.env, lib.area + 2048) == [(Revoke.SLOTS, 6), (Revoke.SLOTS, 4)]
    owners = s.SLOTS_RESPONSE.parse(k.req(0x1A, b"")[1]).owners
    assert [i for i, o in enumerate(owners) if o] == [1]


def test_host_revoke_errors(k: Kernel) -> None:
    env = k.env()
    k.alloc(env)
    loading = k.env("ld", start=False)
    assert revoke(k, env + (1 << 16), Revoke.PAGES, 1, 1) == Errno.ESTALE
    assert revoke(k, 1 << 16 | 50, Revoke.PAGES, 1, 1) == Errno.ENOENT
    assert revoke(k, loading, Revoke.PAGES, 1, 1) == Errno.ESTATE
    assert revoke(k, env, Revoke.PAGES, 2, 1) == Errno.EINVAL
    assert k.req(0x19, u32(env) + b"\x01" + u32(1))[0] == Errno.EINVAL  # truncated
    assert k.req(0x19, u32(env) + b"\x01" + u32(1, 1) + b"\x00")[0] == Errno.EINVAL


def test_repossessed_checks_the_whole_buffer_first(k: Kernel) -> None:
    lib = libos(k)
    pages = [k.alloc(lib.env) for _ in range(3)]
    ro = k.alloc(lib.env, rights=Perm.R)
    assert revoke(k, lib.env, Revoke.PAGES, 1, 1) == 0
    assert k.sys(lib.env, Sys.PAGE_FREE, ro)[0] == 0  # counts: given 1, done
    assert revoke(k, lib.env, Revoke.PAGES, 2, 1) == 0
    k.ok("expire 10000")
    buf = lib.area + PAGE - 8  # room for one entry only
    assert k.sys(lib.env, Sys.REPOSSESSED, buf, 2)[0] == Errno.EFAULT
    assert repossessed(k, lib.env, buf, 1) == [(Revoke.PAGES, pages[2])]
    assert repossessed(k, lib.env, buf, 1) == [(Revoke.PAGES, pages[1])]
    assert k.sys(lib.env, Sys.REPOSSESSED, 0, 0)[:2] == (0, 0)


# ---- Child envs -----------------------------------------------------------------------------


def create_child(k: Kernel, parent: int, name: bytes = b"kid") -> int:
    page = k.alloc(parent, rights=RW)
    k.ok(f"poke {page * PAGE} {name.hex()}")
    a0, child, _ = k.sys(parent, Sys.ENV_CREATE, page * PAGE, len(name))
    assert a0 == 0
    return child


def test_a_parent_provisions_starts_and_destroys_its_child(k: Kernel) -> None:
    parent = k.env("parent")
    child = create_child(k, parent)
    assert k.ok(f"parent {child}") == [str(parent)]
    assert k.ok(f"lookup {child}") == ["1"]  # LOADING
    code = k.alloc(parent, rights=RX)
    data = k.alloc(parent, rights=RW)
    k.ok(f"poke {data * PAGE} {b'kept'.hex()}")
    assert k.sys(parent, Sys.PAGE_SHARE, data, k.env("peer"), Perm.R)[0] == 0
    for p in (code, data):
        assert k.sys(parent, Sys.ENV_GIVE_PAGE, child, p)[0] == 0
    assert k.sys(child, Sys.PAGE_INFO, data) == (0, child, RW)  # rights kept
    assert k.ok(f"peek {data * PAGE} 4") == [b"kept".hex()]  # contents kept, not zeroed
    assert k.sys(parent, Sys.PAGE_INFO, data) == (0, child, 0)  # the giver's share is gone
    slot = k.sys(parent, Sys.SLOT_ALLOC, ANY)[1]
    assert k.sys(parent, Sys.ENV_GIVE_SLOT, child, slot)[0] == 0
    assert s.SLOTS_RESPONSE.parse(k.req(0x1A, b"")[1]).owners[slot] == child
    assert k.sys(parent, Sys.ENV_START, child, code * PAGE + 8, 77)[0] == 0
    pc, a0, a1, _, _ = map(int, k.ok(f"regs {child}"))
    assert (pc, a0, a1) == (code * PAGE + 8, child, 77)
    free = k.check()[1]
    assert k.sys(parent, Sys.ENV_DESTROY, child)[:2] == (0, 2)
    assert k.check()[1] == free + 2
    assert s.SLOTS_RESPONSE.parse(k.req(0x1A, b"")[1]).owners[slot] == 0


def test_only_the_parent_manages_a_child(k: Kernel) -> None:
    parent, stranger = k.env("parent"), k.env("stranger")
    child = create_child(k, parent)
    page = k.alloc(stranger)
    for number, args in [
        (Sys.ENV_GIVE_PAGE, (child, page)),
        (Sys.ENV_GIVE_SLOT, (child, 0)),
        (Sys.ENV_START, (child, 0, 0)),
        (Sys.ENV_DESTROY, (child,)),
        (Sys.REVOKE, (child, 1, 1, 0)),
        (Sys.ENV_DESTROY, (parent,)),  # not even upwards
        (Sys.ENV_DESTROY, (0,)),  # nor itself
    ]:
        assert k.sys(stranger, number, *args)[0] == Errno.EPERM, number


def test_destroying_a_parent_destroys_its_descendants(k: Kernel) -> None:
    free = k.check()[1]
    root = k.env("root")
    child = create_child(k, root)
    code = k.alloc(root, rights=RWX)
    assert k.sys(root, Sys.ENV_GIVE_PAGE, child, code)[0] == 0
    assert k.sys(root, Sys.ENV_START, child, code * PAGE, 0)[0] == 0
    k.ok(f"poke {code * PAGE} {b'gk'.hex()}")
    a0, grandchild, _ = k.sys(child, Sys.ENV_CREATE, code * PAGE, 2)
    assert a0 == 0
    assert k.sys(child, Sys.SLOT_ALLOC, ANY)[0] == 0
    extra = k.alloc(child)
    assert k.sys(child, Sys.ENV_GIVE_PAGE, grandchild, extra)[0] == 0
    k.ok("session 0")  # a session's end leaves children a parent holds LOADING alone
    assert k.ok(f"lookup {grandchild}") == ["1"]
    k.ok(f"destroy {root} 0")
    assert [k.ok(f"lookup {e}")[0] for e in (root, child, grandchild)] == [str(DEAD)] * 3
    assert k.check() == (0, free)
    owners = s.SLOTS_RESPONSE.parse(k.req(0x1A, b"")[1]).owners
    assert list(owners) == [0] * SLOTS


def test_a_parent_revokes_from_its_child_without_telling_the_host(k: Kernel) -> None:
    parent = k.env("parent")
    child = create_child(k, parent)
    mine = [k.alloc(parent, rights=RWX) for _ in range(3)]
    for p in mine:
        assert k.sys(parent, Sys.ENV_GIVE_PAGE, child, p)[0] == 0
    assert k.sys(parent, Sys.ENV_START, child, mine[0] * PAGE, 0)[0] == 0
    k.events()
    # a4 is the deadline's high half only where registers are 32 bits: ignored here (rv64).
    assert k.sys(parent, Sys.REVOKE, child, Revoke.PAGES, 2, 500, 7)[0] == 0
    assert int(k.ok("timers")[0]) == 500
    grandchild = create_child(k, child)
    assert k.sys(child, Sys.ENV_GIVE_PAGE, grandchild, mine[1])[0] == 0  # giving away counts
    k.ok("expire 500")
    assert revoked(k) == []  # a parent reads its child's state instead
    # The child's newest page is the one it named its own child in: that one goes.
    ((kind, page),) = repossessed(k, child, mine[0] * PAGE + 2048)
    assert kind == Revoke.PAGES and page not in mine
    assert k.sys(child, Sys.PAGE_INFO, page)[:2] == (0, 0)
    assert k.sys(child, Sys.PAGE_INFO, mine[2])[:2] == (0, child)


# ---- The link: COMMIT's slots -----------------------------------------------------------------


def load(k: Kernel, slots: bytes) -> tuple[int, int, bytes]:
    image = b"\x13\x00\x00\x00" * 8
    body = str8("img") + u32(k.first + 40, 1, len(image), 0, 0xFFFFFFFF, zlib.crc32(image))
    code, answer = k.req(0x10, body + bytes([RX]))
    assert code == 0, answer
    env = struct.unpack("<I", answer)[0]
    assert k.req(0x11, u32(env, 0) + image) == (0, b"")
    code, answer = k.req(0x12, u32(env) + slots)
    return env, code, answer if isinstance(answer, bytes) else answer.encode()


@pytest.mark.parametrize(("extra", "count"), [(b"", 1), (b"\x00", 0), (b"\x03", 3)])
def test_commit_gives_the_slots_asked(k: Kernel, extra: bytes, count: int) -> None:
    env, code, _ = load(k, extra)
    assert code == 0
    owners = s.SLOTS_RESPONSE.parse(k.req(0x1A, b"")[1]).owners
    assert list(owners) == [env] * count + [0] * (SLOTS - count)


def test_commit_with_too_few_free_slots_stays_loading(k: Kernel) -> None:
    hog = k.env("hog")
    for _ in range(SLOTS - 1):
        assert k.sys(hog, Sys.SLOT_ALLOC, ANY)[0] == 0
    env, code, _ = load(k, b"\x02")
    assert code == Errno.ENOMEM
    assert k.ok(f"lookup {env}") == ["1"]
    assert k.req(0x12, u32(env) + b"\x01") == (0, b"")
    assert s.SLOTS_RESPONSE.parse(k.req(0x1A, b"")[1]).owners[SLOTS - 1] == env


# ---- Revocation and kills under a seeded random mix -------------------------------------------


def owned_pages(k: Kernel, env: int) -> list[int]:
    return [p for p in range(k.first, k.first + k.pages) if k.sys(env, Sys.PAGE_INFO, p)[1] == env]


@pytest.mark.parametrize("seed", [1, 2])
def test_revocation_and_kills_under_load_leak_nothing(seed: int) -> None:
    """Several libOSes allocate, free, fault and are revoked from, cooperatively or not, and
    killed; every REVOKED outcome adds up, the env can read exactly what was taken, its vital
    page stays, and in the end every page and slot is free."""
    rng = random.Random(seed)
    k = Kernel()
    k.init(96)
    k.ok("session 1")
    libs: list[Libos] = []
    clock = 0
    outcomes = 0
    for step in range(600):
        while len(libs) < 4:
            libs.append(libos(k, f"l{step}"))
        lib = rng.choice(libs)
        action = rng.randrange(8)
        if action == 0:
            k.sys(lib.env, Sys.PAGE_ALLOC, ANY, rng.choice([RW, RX, RWX]))
        elif action == 1:
            k.sys(lib.env, Sys.SLOT_ALLOC, ANY)
        elif action == 2:  # gives one back of its own accord (never its area)
            pages = [p for p in owned_pages(k, lib.env) if p != lib.area_page]
            if pages:
                assert k.sys(lib.env, Sys.PAGE_FREE, rng.choice(pages))[0] == 0
            k.sys(lib.env, Sys.SLOT_FREE, rng.randrange(SLOTS))
        elif action == 3:
            kind = rng.choice([Revoke.PAGES, Revoke.SLOTS])
            revoke(k, lib.env, kind, rng.randrange(1, 4), rng.randrange(0, 5))
        elif action == 4:
            clock += rng.randrange(0, 30000)
            k.ok(f"expire {clock}")
        elif action == 5 and rng.random() < 0.3:
            k.ok(f"destroy {lib.env} -1")
        elif action == 6:
            k.ok(f"ufault {lib.env} 5 0 0")
            lib.set_masked(0)
        else:
            k.ok(f"deliver {lib.env}")
            lib.events()
            lib.set_masked(0)
        for env, kind, requested, given, taken in revoked(k):
            outcomes += 1
            assert given + taken == requested
            alive = k.ok(f"lookup {env}") == [str(RUNNABLE)]
            if alive:  # it can read exactly what it lost; its area is still its own
                owner = next(x for x in libs if x.env == env)
                lost = repossessed(k, env, owner.area + 2048)
                assert [x for x, _ in lost] == [kind] * taken
                assert owner.area_page not in [p for x, p in lost if x == Revoke.PAGES]
                assert k.sys(env, Sys.PAGE_INFO, owner.area_page)[:2] == (0, env)
        libs = [x for x in libs if k.ok(f"lookup {x.env}") == [str(RUNNABLE)]]
        assert k.check()[0] == 0
    for lib in libs:
        k.ok(f"destroy {lib.env} 0")
    k.ok(f"expire {clock + 10**9}")
    assert k.check() == (0, 96)
    assert list(s.SLOTS_RESPONSE.parse(k.req(0x1A, b"")[1]).owners) == [0] * SLOTS
    assert outcomes > 20  # the mix really revoked
    k.close()


def test_console_input_raises_one_event_per_burst(k: Kernel) -> None:
    lib = libos(k)
    buf = lib.area + 2048
    assert k.req(0x18, u32(lib.env) + b"ab") == (0, u32(2))
    assert k.req(0x18, u32(lib.env) + b"c") == (0, u32(1))  # more of the same burst
    assert lib.events() == [(Event.CONSOLE, 2, 0, 0)]
    assert k.sys(lib.env, Sys.CONSOLE_READ, buf, 16)[:2] == (0, 3)
    k.ok(f"keys {b'x'.hex()}")  # typed: the foreground env's input, a new burst
    assert lib.events() == [(Event.CONSOLE, 1, 0, 0)]
