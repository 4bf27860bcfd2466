"""Isolation on a real target: hostile probe envs (tests/e2e/envs/probe.c) try to read, write and
execute other envs' pages, the kernel, device registers, unowned pages and the exposed state,
with more envs holding pages than the hart has PMP entries; and boundary probes on bound pages.

A probe runs its operations in order and exits 0 only if every access was allowed, so an exit 0
where a fault was due is an unauthorised access. Each fault must name the right cause (1 fetch,
5 load, 7 store) and the exact address; the victims must still hold their pages afterwards.
"""

from __future__ import annotations

import pytest
from elftools.elf.elffile import ELFFile

from exo.abi import PAGE_SHIFT, PAGE_SIZE, EnvState, Perm
from exo.envs import Fault
from exo.qemu import firmware_path

pytestmark = pytest.mark.qemu

RESIDENTS = 17  # more envs holding pages than there are PMP entries (16 on QEMU virt)
# The mcause each kind of access faults with: load, store/AMO, instruction access fault.
CAUSE_OF = {"r": 5, "w": 7, "x": 1}


def kernel_symbol(board, name: str) -> int | None:
    """A symbol's address in the firmware image (QEMU runs only); None if absent."""
    path = firmware_path(board)
    if not path.is_file():
        return None
    with path.open("rb") as f:
        symtab = ELFFile(f).get_section_by_name(".symtab")
        syms = symtab.get_symbol_by_name(name) if symtab else None
        return syms[0]["st_value"] if syms else None


def denied(kit, op: str, addr: int, pressure: int = 0) -> str | None:
    """Probe one access that must fault (after touching `pressure` scattered pages of its own,
    so the PMP cache is full and refills evict); a description of what went wrong, or None."""
    result = kit.probe(*(("t", pressure) if pressure else ()), op, addr)
    if not isinstance(result, Fault):
        return f"{op} 0x{addr:x}: allowed (probe exited {result})"
    if result.cause != CAUSE_OF[op] or result.addr != addr:
        return f"{op} 0x{addr:x}: {result}"
    return None


@pytest.fixture(scope="module")
def layout(env_target):
    info = env_target.info()
    pages = env_target.pages()
    return info, pages


def test_isolation_matrix(kit, layout, exo_board):
    """With 17 residents holding pages, fresh probes read, write and execute each resident's
    bound page (first and last byte) and image, the kernel's image and ownership table, the
    UART, CLINT and PLIC, and an unowned page: every access faults with the right cause and
    address, and the residents keep their pages."""
    info, pages = layout
    # Each resident binds one page near the top of memory (two free pages between them) and
    # stops on purpose, keeping it and its image.
    residents = []
    for ppn in kit.free_apart(RESIDENTS):
        env = kit.load("probe", "a", ppn, int(Perm.R | Perm.W), "w", ppn << PAGE_SHIFT, "s")
        kit.wait_stopped(env)
        residents.append((env, ppn))
    live = {e.id for e in kit.target.envs() if e.state == EnvState.STOPPED}
    assert {env for env, _ in residents} <= live

    now = kit.pages()
    owner_of = {p: r.owner for r in now.runs for p in range(r.first, r.end)}
    targets: list[tuple[str, int]] = []
    for env, ppn in residents:
        first, last = ppn << PAGE_SHIFT, (ppn << PAGE_SHIFT) + PAGE_SIZE - 1
        text = min(p for p in kit.owned(env, now) if p != ppn) << PAGE_SHIFT  # its image's text
        targets += [("r", first), ("r", last), ("w", first), ("w", last), ("x", first)]
        targets += [("r", text), ("w", text), ("x", text + 8)]
    kernel, kernel_end = info["kernel_base"], info["kernel_end"]
    table = (pages.page_first << PAGE_SHIFT) - 8  # the ownership table, just below the pages
    unowned = (pages.page_first + pages.page_count // 2) << PAGE_SHIFT
    assert owner_of[unowned >> PAGE_SHIFT] == 0
    for addr in (
        kernel,
        kernel_end - 8,
        table,
        info["uart_base"],
        exo_board.clint_base,
        exo_board.plic_base,
        unowned,
        unowned + PAGE_SIZE - 8,
    ):
        targets += [("r", addr), ("w", addr), ("x", addr)]

    # Every other probe first fills the PMP cache with its own pages.
    problems = [
        p for i, (op, addr) in enumerate(targets) if (p := denied(kit, op, addr, 20 * (i % 2)))
    ]
    assert problems == [], f"{len(problems)} of {len(targets)} probes went wrong"

    after = kit.pages()
    for env, ppn in residents:
        assert ppn in kit.owned(env, after), f"resident 0x{env:x} lost page 0x{ppn:x}"
    stopped = {e.id: e for e in kit.target.envs()}
    for env, _ in residents:
        assert stopped[env].state == EnvState.STOPPED
        assert stopped[env].fault.cause == kit.Cause.BREAKPOINT


def test_exposed_state_is_readable_only(kit, exo_board, request):
    exposed = kernel_symbol(exo_board, "kexposed")
    if exposed is None or request.config.getoption("exo_port"):
        pytest.skip("the exposed state's address comes from the firmware image (QEMU only)")
    assert kit.probe("r", exposed, "r", exposed + 4096) == 0
    for op in "wx":
        result = kit.probe(op, exposed)
        assert isinstance(result, Fault) and (result.cause, result.addr) == (CAUSE_OF[op], exposed)


def free_page_with_free_neighbours(kit) -> int:
    """A free page well above where probes load whose neighbours are free too."""
    pages = kit.pages()
    free = {p for r in pages.runs if r.free for p in range(r.first, r.end)}
    mid = pages.page_first + pages.page_count // 2
    return next(p for p in range(mid, mid + 4096) if {p - 1, p, p + 1} <= free)


@pytest.mark.parametrize(("op", "outside"), [(op, side) for op in "rw" for side in (-1, +1)])
def test_boundaries_of_a_bound_page(kit, op, outside):
    ppn = free_page_with_free_neighbours(kit)
    first = ppn << PAGE_SHIFT
    last = first + PAGE_SIZE - 1
    beyond = first - 1 if outside < 0 else last + 1
    rw = int(Perm.R | Perm.W)
    result = kit.probe("a", ppn, rw, "r", first, "r", last, "w", first, "w", last, op, beyond)
    assert isinstance(result, Fault), f"{op} 0x{beyond:x} outside the bound page was allowed"
    assert (result.cause, result.addr) == (CAUSE_OF[op], beyond)


@pytest.mark.parametrize("outside", [-1, +1])
def test_execute_boundaries_of_a_bound_page(kit, outside):
    ppn = free_page_with_free_neighbours(kit)
    first = ppn << PAGE_SHIFT
    end = first + PAGE_SIZE
    beyond = first - 4 if outside < 0 else end
    # `c` plants a return and calls it: the first and the last word of the page execute.
    result = kit.probe("a", ppn, int(Perm.RWX), "c", first, "c", end - 4, "x", beyond)
    assert isinstance(result, Fault) and (result.cause, result.addr) == (kit.Cause.FETCH, beyond)


def test_rights_of_a_binding_are_enforced(kit):
    ppn = free_page_with_free_neighbours(kit)
    first, last = ppn << PAGE_SHIFT, (ppn << PAGE_SHIFT) + PAGE_SIZE - 1
    # Read-only: reads anywhere in the page, the first write faults.
    result = kit.probe("a", ppn, int(Perm.R), "r", first, "r", last, "w", last)
    assert isinstance(result, Fault) and (result.cause, result.addr) == (kit.Cause.STORE, last)
    # Read-write but not executable (W^X for data): a call into it faults on the fetch.
    result = kit.probe("a", ppn, int(Perm.R | Perm.W), "w", first, "x", first)
    assert isinstance(result, Fault) and (result.cause, result.addr) == (kit.Cause.FETCH, first)
    # Execute-only binding is fetched (zeros are an illegal instruction, not an access fault).
    result = kit.probe("a", ppn, int(Perm.R | Perm.X), "x", first)
    assert isinstance(result, Fault) and (result.cause, result.pc) == (kit.Cause.ILLEGAL, first)
    # Its own text is not writable either.
    result = kit.probe("a", ppn, int(Perm.R | Perm.X), "w", first)
    assert isinstance(result, Fault) and (result.cause, result.addr) == (kit.Cause.STORE, first)


def test_a_freed_page_is_no_longer_reachable(kit):
    ppn = free_page_with_free_neighbours(kit)
    first = ppn << PAGE_SHIFT
    # Touched (so a PMP entry caches it), freed, touched again: the cached entry must be gone.
    result = kit.probe("a", ppn, int(Perm.R | Perm.W), "w", first, "f", ppn, "r", first)
    assert isinstance(result, Fault) and (result.cause, result.addr) == (kit.Cause.LOAD, first)


def shared_page_probe(kit, calls: list[str], reader_ops: list[object]) -> tuple[object, int]:
    """A reader probe that waits for console input and then runs reader_ops (a callable gets
    the page number), an owner (sysrun) that makes `calls` on a free page (`{ppn}`, `{reader}`)
    and stops, then the reader let go: the reader's result and the page."""
    ppn = free_page_with_free_neighbours(kit)
    reader = kit.load("probe", "i", *[o(ppn) if callable(o) else o for o in reader_ops])
    words = [c.format(ppn=hex(ppn), reader=hex(reader)) for c in calls]
    owner = kit.load("sysrun", *words, "s")
    kit.wait_stopped(owner)
    assert b"= -" not in kit.output(owner), kit.output(owner)  # every call succeeded
    kit.target.console_input(reader, b"go")
    return kit.wait(reader), ppn


ALLOC = "10,{ppn},3"  # PAGE_ALLOC ppn read-write
SHARE_R = "12,{ppn},{reader},1"  # PAGE_SHARE to the reader, read-only
UNSHARE = "13,{ppn},{reader}"


def addr(ppn: int) -> int:
    return ppn << PAGE_SHIFT


def test_a_read_only_share_reads_but_does_not_write(kit):
    result, ppn = shared_page_probe(
        kit, [ALLOC, SHARE_R], ["r", addr, "r", lambda p: addr(p) + PAGE_SIZE - 1, "w", addr]
    )
    assert isinstance(result, Fault) and (result.cause, result.addr) == (7, addr(ppn))


def test_an_unshared_page_is_out_of_reach_again(kit):
    result, ppn = shared_page_probe(kit, [ALLOC, SHARE_R, UNSHARE], ["r", addr])
    assert isinstance(result, Fault) and (result.cause, result.addr) == (5, addr(ppn))


def test_a_share_ends_when_its_owner_is_killed(kit):
    ppn = free_page_with_free_neighbours(kit)
    reader = kit.load("probe", "i", "r", addr(ppn), "o", "i", "r", addr(ppn))
    owner = kit.load("sysrun", f"10,{hex(ppn)},3", f"12,{hex(ppn)},{hex(reader)},1", "s")
    kit.wait_stopped(owner)
    kit.target.console_input(reader, b"g")
    kit.wait_output(reader, b"ok\n")  # read through the share while its owner lives
    kit.target.kill(owner)  # the page and every share of it go with the owner
    kit.target.console_input(reader, b"g")
    result = kit.wait(reader)
    assert isinstance(result, Fault) and (result.cause, result.addr) == (5, addr(ppn))


def test_every_env_attacks_every_other(kit):
    """17 envs hold a page each (more than the PMP entries); in round k env i attacks env
    i + k with one of read, write and execute, so over 16 rounds every env attacks every other
    one, each kind of access against every env."""
    problems = []
    for shift in range(1, RESIDENTS):
        problems += attack_round(kit, shift, lambda i, s=shift: "rwx"[(i + s) % 3])
        kit.kill_all()
    assert problems == []


@pytest.mark.slow
@pytest.mark.parametrize("op", "rwx")
def test_every_env_attacks_every_other_with_each_access(kit, op):
    """The same with one kind of access throughout: with all three runs, every ordered pair of
    the 17 envs sees read, write and execute."""
    problems = []
    for shift in range(1, RESIDENTS):
        problems += attack_round(kit, shift, lambda i: op)
        kit.kill_all()
    assert problems == []


def attack_round(kit, shift: int, op_of) -> list[str]:
    """RESIDENTS probes each bind a page and attack: env i attacks env (i + shift) % RESIDENTS
    with op_of(i) on the first or last byte of its page, and must fault exactly there. They are
    loaded so that each attacks one loaded before it (an attacker that faulted is STOPPED and
    keeps its page, so it is still there to be attacked). The first one's victim did not exist
    yet when it attacked, so once all hold their pages it is killed and loaded again (the same
    page, the same attack). Nothing spins waiting, which would slow the link down. What went
    wrong, if anything."""
    ppns = kit.free_apart(RESIDENTS)
    rw = int(Perm.R | Perm.W)
    problems = []

    def attack(i: int) -> int:
        op = op_of(i)
        victim = addr(ppns[(i + shift) % RESIDENTS])
        at = victim if op == "x" or i % 2 == 0 else victim + PAGE_SIZE - 1
        mine = ("a", ppns[i], rw, "w", addr(ppns[i]), "w", addr(ppns[i]) + PAGE_SIZE - 1)
        env = kit.load("probe", *mine, op, at)
        problems.extend(attacked(kit, shift, env, op, at))
        return env

    first = attack(0)  # its victim's page is not bound yet: still a fault, on an unowned page
    for m in range(1, RESIDENTS):
        attack((-m * shift) % RESIDENTS)
    kit.target.kill(first)
    attack(0)  # now its victim holds its page
    return problems


def attacked(kit, shift: int, env: int, op: str, at: int) -> list[str]:
    result = kit.wait(env)
    if isinstance(result, Fault) and (result.cause, result.addr) == (CAUSE_OF[op], at):
        return []
    return [f"round {shift}: env 0x{env:x} {op} 0x{at:x}: {result}"]
