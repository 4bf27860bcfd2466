"""PMP encoding and the refill policy (firmware/kernel/pmp.c) under ASan/UBSan, checked against
the independent decoder in pmp_model.py.

The security property checked after every step: no unpinned entry matches a byte of a page the
env does not hold, or grants a right it does not hold there. Also: the faulting access works
after one refill, pinned entries never change, every changed entry is reported.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pmp_model as pm
import pytest
from hostbuild import LineHarness, build
from hypothesis import given, settings
from hypothesis import strategies as st

MAX_ORDER, RUN_MAX = 6, 64  # PMP_MAX_ORDER, PMP_RUN_MAX
WINDOW = 0x80200  # first page of the ownership maps
EXPOSED = 0x80100000  # pinned exposed-state region, outside every map
ACCESSES = (pm.R, pm.W, pm.X)


class Harness(LineHarness):
    """One pmp_harness process, one command line at a time, for rv64 or (PMP_TEST_XLEN32) rv32
    pmpaddr registers."""

    def __init__(self, xlen: int) -> None:
        self.xlen = xlen
        # What pmpaddr can name: bits 33:2 on rv32, 55:2 on rv64.
        self.phys_bits = 34 if xlen == 32 else 56
        self.phys_pages = 1 << (self.phys_bits - 12)
        flags = ["-DPMP_TEST_XLEN32"] if xlen == 32 else []
        sources = [
            "tests/firmware/pmp_harness.c",
            "firmware/kernel/pmp.c",
            "firmware/kernel/pages.c",
        ]
        super().__init__(build(f"pmp_harness{xlen}", sources, flags))


@pytest.fixture(scope="module", params=[64, 32], ids=["rv64", "rv32"])
def harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    h = Harness(request.param)
    yield h
    h.close()


@dataclass
class Step:
    ok: bool
    error: str
    mask: int
    lookups: int
    state: list[pm.Entry]


def parse_step(answer: str) -> Step:
    words = answer.split()
    if words[0] == "ok":
        return Step(True, "", int(words[1], 16), int(words[2], 16), pm.parse_state(words[3]))
    return Step(False, words[1], int(words[2], 16), int(words[3], 16), pm.parse_state(words[4]))


# ---- encoding ---------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(data=st.data(), perms=st.integers(0, 7))
def test_napot_round_trip(harness: Harness, data: st.DataObject, perms: int) -> None:
    h = harness
    size = 1 << data.draw(st.integers(3, h.phys_bits), label="shift")
    base = data.draw(st.integers(0, (1 << h.phys_bits) // size - 1), label="block") * size
    cfg, addr = (int(w, 16) for w in h.ask(f"napot {base:#x} {size:#x} {perms}").split()[1:])
    assert pm.mode_of(cfg) == pm.A_NAPOT and cfg & 7 == perms and cfg & pm.L == 0
    [region] = pm.regions([(cfg, addr)])
    assert (region.lo, region.hi, region.perms) == (base, base + size, perms)
    # The C decoder (debug output) agrees with the model.
    assert h.ask(f"decode {cfg:x}:{addr:x}") == f"ok 0:{base:x}:{base + size - 1:x}:18:{perms:x}"


@pytest.mark.parametrize(
    ("base", "size", "perms"),
    [
        (0, 4, 1),  # below the NAPOT minimum
        (0, 24, 1),  # not a power of two
        (0x1000, 0x2000, 1),  # misaligned
        (0, 0, 1),
        (0, 8, 8),  # not a permission
        (1 << 56, 8, 1),  # beyond what pmpaddr can name
        (0, 1 << 57, 1),
        (0xFFFFFFFFFFFFFFF8, 8, 1),
    ],
)
def test_napot_refuses(harness: Harness, base: int, size: int, perms: int) -> None:
    assert harness.ask(f"napot {base:#x} {size:#x} {perms}") == "err INVAL"


@settings(max_examples=300, deadline=None)
@given(data=st.data(), perms=st.integers(0, 7))
def test_tor_round_trip(harness: Harness, data: st.DataObject, perms: int) -> None:
    h = harness
    words = st.integers(0, (1 << (h.phys_bits - 2)) - 1)
    base, end = sorted((4 * data.draw(words), 4 * data.draw(words)))
    junk = data.draw(st.lists(st.tuples(st.integers(0, 255), words), max_size=5))
    answer = h.ask(f"tor {base:#x} {end:#x} {perms}")
    if base == end:
        assert answer == "err INVAL"
        return
    c0, a0, c1, a1 = (int(w, 16) for w in answer.split()[1:])
    assert pm.mode_of(c0) == pm.A_OFF and pm.mode_of(c1) == pm.A_TOR and c1 & 7 == perms
    # The pair works wherever it sits: after any other entries.
    entries = [*junk, (c0, a0), (c1, a1)]
    tor = [r for r in pm.regions(entries) if r.index == len(junk) + 1]
    assert [(r.lo, r.hi, r.perms) for r in tor] == [(base, end, perms)]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_c_decoder_agrees_with_model(harness: Harness, data: st.DataObject) -> None:
    """For any legal entry set (pmpaddr of 54 bits on rv64, 32 on rv32) both decoders agree."""
    words = st.integers(0, (1 << (harness.phys_bits - 2)) - 1)
    entries = data.draw(st.lists(st.tuples(st.integers(0, 255), words), min_size=1, max_size=64))
    answer = harness.ask(f"decode {pm.format_state(entries)}").split()
    got = [tuple(int(x, 16) for x in item.split(":")) for item in answer[1:]]
    want = [(r.index, r.lo, r.hi - 1, r.mode << 3, r.perms) for r in pm.regions(entries)]
    assert answer[0] == "ok" and got == want


# ---- the refill policy ------------------------------------------------------------------------


@dataclass
class Sim:
    """A CPU, the env's rights and the kernel's duties, around the harness's cache."""

    h: Harness
    n: int
    pinned: int
    rights: dict[int, int] = field(default_factory=dict)
    state: list[pm.Entry] = field(default_factory=list)
    pins: list[pm.Entry] = field(default_factory=list)
    refills: int = 0
    max_lookups: int = 0
    exact: bool = False  # entries must grant exactly the rights held, not just a subset

    def start(self, base: int, digits: str) -> None:
        self.boot()
        assert self.h.ask(f"map {base:#x} {digits}") == "ok"
        self.rights = {base + i: int(d) for i, d in enumerate(digits) if d != "0"}

    def boot(self) -> None:
        assert self.h.ask(f"init {self.n} {self.pinned}") == "ok"
        self.state = [(0, 0)] * self.n
        # Entry 0: the exposed state, read-only; with three pinned, a TOR pair above it too.
        pins = [(0x19, (EXPOSED >> 2) | 0x7FF)]
        pins += [(0x00, 0x80180000 >> 2), (0x09, 0x80190000 >> 2)]
        for i in range(self.pinned):
            self.state = parse_step(self.h.ask(f"pin {i} {pins[i][0]} {pins[i][1]}")).state
        self.pins = pins[: self.pinned]

    def held(self, ppn: int) -> int:
        return self.rights.get(ppn, 0)

    def pinned_covers(self, addr: int) -> bool:
        return any(r.lo <= addr < r.hi for r in pm.regions(self.pins))

    def apply(self, line: str, refresh: Callable[[], None] | None = None) -> Step:
        step = parse_step(self.h.ask(line))
        if refresh:
            refresh()  # the rights as they are after the command
        before, after = self.state, step.state
        assert len(after) == self.n
        assert after[: self.pinned] == self.pins, "a pinned entry changed"
        changed = {i for i in range(self.n) if before[i] != after[i]}
        reported = {i for i in range(64) if step.mask >> i & 1}
        assert changed <= reported, f"unreported changes {changed - reported}"
        assert reported <= set(range(self.pinned, self.n)), "mask names pinned or absent entries"
        self.state = after
        self.check_secure()
        return step

    def check_secure(self) -> None:
        for r in pm.regions(self.state):
            if r.index < self.pinned:
                continue
            assert r.lo % pm.PAGE == 0 and r.hi % pm.PAGE == 0, r
            assert len(r.pages()) <= 1 << 16, r
            for ppn in r.pages():
                held = self.held(ppn)
                assert held and r.perms & ~held == 0, f"{r} grants {r.perms} on {ppn:#x}: {held}"
                assert not self.exact or r.perms == held, f"{r} is stale on {ppn:#x}: {held}"

    def access(self, addr: int, acc: int, fault: str = "refill") -> None:
        """The CPU: an access that PMP refuses faults, and the kernel refills."""
        if pm.user_access_ok(self.state, addr, 1, acc):
            assert self.pinned_covers(addr) or self.held(addr >> 12) & acc == acc
            return
        step = self.apply(f"{fault} {addr:#x} {acc}")
        if self.held(addr >> 12) & acc == acc and (addr >> 12) < self.h.phys_pages:
            assert step.ok, f"refill refused {addr:#x} {acc}: {step.error}"
            assert pm.user_access_ok(self.state, addr, 1, acc), "still faults after a refill"
            self.refills += 1
            self.max_lookups = max(self.max_lookups, step.lookups)
            # The fault page, buddy growth (1 + 2 + ... + 2^(MAX_ORDER-1)), the TOR run and the
            # two lookups that end it.
            assert step.lookups <= 1 + ((1 << MAX_ORDER) - 1) + RUN_MAX + 2
        else:
            assert (step.ok, step.error, step.mask) == (False, "PERM", 0)

    def change(self, lo: int, hi: int, new: int) -> None:
        """Rights change on pages [lo, hi); the kernel invalidates where any right was lost."""
        assert self.h.ask(f"set {lo:#x} {hi:#x} {new}") == "ok"
        lost = any(self.held(p) & ~new for p in range(lo, hi))
        for p in range(lo, hi):
            if new:
                self.rights[p] = new
            else:
                self.rights.pop(p, None)
        if lost:
            self.invalidate(lo, hi)
        else:
            self.check_secure()

    def invalidate(self, lo: int, hi: int) -> None:
        self.apply(f"inval {lo:#x} {hi:#x}")
        for r in pm.regions(self.state[self.pinned :]):
            overlaps = lo < hi and r.lo < hi << 12 and lo << 12 < r.hi
            assert not overlaps, "entry survived invalidation"

    def flush(self) -> None:
        self.apply("flush")
        assert all(e == (0, 0) for e in self.state[self.pinned :])


def random_map(rng: random.Random, pages: int) -> str:
    """Runs of pages with equal rights (0 = not held), some long enough to coalesce."""
    digits = ""
    while len(digits) < pages:
        length = rng.choice([1, 1, 2, 3, 5, 8, 16, 33, 64, 100])
        digits += str(rng.choice([0, 0, 1, 3, 5, 7, 7, 7, 2, 4, 6])) * length
    return digits[:pages]


def run_sim(sim: Sim, rng: random.Random, steps: int, pages: int = 256) -> None:
    sim.start(WINDOW, random_map(rng, pages))
    for _ in range(steps):
        what = rng.random()
        if what < 0.8:
            if rng.random() < 0.9:
                ppn = WINDOW + rng.randrange(pages)
            else:
                ppn = rng.choice(
                    [EXPOSED >> 12, 0, WINDOW - 1, WINDOW + pages, rng.randrange(1 << 40)]
                )
            sim.access((ppn << 12) + rng.randrange(pm.PAGE), rng.choice(ACCESSES))
        elif what < 0.92:
            lo = WINDOW + rng.randrange(pages)
            sim.change(lo, lo + rng.choice([1, 1, 2, 4, 9]), rng.choice([0, 1, 3, 5, 7]))
        elif what < 0.97:
            lo = WINDOW + rng.randrange(-4, pages)
            sim.invalidate(lo, lo + rng.randrange(0, 20))
        else:
            sim.flush()


@pytest.mark.parametrize("n", [8, 16])
@pytest.mark.parametrize("pinned", [1, 3])
def test_refill_seeded_runs(harness: Harness, n: int, pinned: int) -> None:
    sim = Sim(harness, n, pinned)
    for seed in range(10):
        run_sim(sim, random.Random(seed * 100 + n + pinned), steps=600)
    assert sim.refills > 1000  # the runs really exercised the refill path


@settings(max_examples=60, deadline=None)
@given(
    rng=st.randoms(use_true_random=False),
    n=st.sampled_from([4, 5, 8, 16, 64]),
    pinned=st.sampled_from([0, 1, 3]),
)
def test_refill_random(harness: Harness, rng: random.Random, n: int, pinned: int) -> None:
    run_sim(Sim(harness, n, min(pinned, n - 1)), rng, steps=120, pages=128)


@pytest.mark.parametrize("n", [8, 16])
def test_working_set_larger_than_cache_progresses(harness: Harness, n: int) -> None:
    """Pages with alternating rights cannot coalesce: 40 of them cycle through n entries, every
    access faults once and then succeeds."""
    sim = Sim(harness, n, 1)
    sim.start(WINDOW, "13" * 40)
    for _ in range(3):
        for i in range(40):
            sim.access((WINDOW + i) << 12, pm.R)
    assert sim.refills == 120
    assert sim.max_lookups <= 4  # neighbours with other rights end the search at once


def test_coalescing_covers_runs(harness: Harness) -> None:
    """A 64-page run maps with one NAPOT entry; a 37-page run with one TOR pair."""
    sim = Sim(harness, 8, 1)
    sim.start(WINDOW, "7" * 64 + "0" + "3" * 37)
    sim.access((WINDOW + 5) << 12, pm.W)
    [r] = pm.regions(sim.state[1:])
    assert (r.mode, r.lo, r.hi) == (pm.A_NAPOT, WINDOW << 12, (WINDOW + 64) << 12)
    sim.access((WINDOW + 80) << 12, pm.R)
    tor = [r for r in pm.regions(sim.state[1:]) if r.mode == pm.A_TOR]
    assert [(r.lo, r.hi) for r in tor] == [((WINDOW + 65) << 12, (WINDOW + 102) << 12)]
    for i in range(102):
        if i != 64:
            sim.access((WINDOW + i) << 12, pm.R)
    assert sim.refills == 2  # nothing else faulted


def test_small_cache_uses_napot_only(harness: Harness) -> None:
    """With fewer than four unpinned entries a refill never spends two on a TOR pair."""
    sim = Sim(harness, 4, 1)
    sim.start(WINDOW + 1, "7" * 37)
    for i in range(1, 38):
        sim.access((WINDOW + i) << 12, pm.X)
    assert all(r.mode == pm.A_NAPOT for r in pm.regions(sim.state[1:]))


def test_top_of_physical_memory(harness: Harness) -> None:
    """Encodings near the end of what pmpaddr can name never wrap; beyond it nothing is granted."""
    sim = Sim(harness, 16, 1)
    PHYS_PAGES, PHYS_BITS = harness.phys_pages, harness.phys_bits  # noqa: N806
    top = PHYS_PAGES - 64
    sim.start(top, "7" * 64)
    for i in range(64):
        sim.access((top + i) << 12, pm.R)
    assert all(r.hi <= 1 << PHYS_BITS for r in pm.regions(sim.state))
    # An unaligned run ending at the top: TOR pairs below it, NAPOT at the very end.
    sim.start(PHYS_PAGES - 70, "7" * 70)
    for i in range(70):
        sim.access((PHYS_PAGES - 70 + i) << 12, pm.W)
    assert all(r.hi <= 1 << PHYS_BITS for r in pm.regions(sim.state))
    # Three pages at the very top, the first one unaligned: no TOR may end at 2^56.
    sim.start(PHYS_PAGES - 3, "777")
    for i in range(3):
        sim.access((PHYS_PAGES - 3 + i) << 12, pm.R)
    step = sim.apply(f"refill {(1 << PHYS_BITS) + 0x1000:#x} 1")
    assert (step.ok, step.error) == (False, "PERM")


def test_hostile_arguments(harness: Harness) -> None:
    assert harness.ask("init 0 0") == "err INVAL"
    assert harness.ask("init 65 1") == "err INVAL"
    assert harness.ask("init 8 9") == "err INVAL"
    assert harness.ask("init 8 1") == "ok"
    assert harness.ask("pin 1 0x19 0").startswith("err INVAL")
    assert harness.ask(f"map {WINDOW:#x} 7777") == "ok"
    for access in (0, 8, 0xF, 0xFFFFFFFF):
        assert harness.ask(f"refill {WINDOW << 12:#x} {access}").startswith("err INVAL 0 0")
    assert harness.ask("refill 0xffffffffffffffff 1").startswith("err PERM 0")
    assert harness.ask("inval 0xffffffffffffffff 0").startswith("ok 0")
    assert harness.ask("inval 0 0xffffffffffffffff").startswith("ok 0")
    # No unpinned entries at all: nothing can be cached.
    assert harness.ask("init 2 2") == "ok"
    assert harness.ask(f"refill {WINDOW << 12:#x} 1").startswith("err NOMEM 0")


@pytest.mark.parametrize("n", [8, 16])
def test_kernel_protocol_with_the_ownership_table(harness: Harness, n: int) -> None:
    """The cache behind a real ownership table, as the kernel will run them: rights come from
    pages_lookup for the running env, pages' changed hook invalidates the running env's entries,
    and an env switch flushes. No step may leave an entry granting more than the table does."""
    rng = random.Random(n)
    sim = Sim(harness, n, 1, exact=True)
    count, envs = 96, [1, 2, 3, 4]

    def refresh() -> None:
        digits = harness.ask("trights").split()[1]
        sim.rights = {WINDOW + i: int(d) for i, d in enumerate(digits) if d != "0"}

    done = dict.fromkeys(["talloc", "tfree", "tshare", "tunshare", "trelease", "run"], 0)
    invalidations = 0
    for _ in range(4):
        sim.boot()
        assert harness.ask(f"tinit {WINDOW:#x} {count}") == "ok"
        sim.apply(f"run {rng.choice(envs)}", refresh)
        # Who owns what, learnt from successes only to aim the next operations; the harness's
        # table is the truth the checks use.
        owned: dict[int, tuple[int, int]] = {}
        shares: set[tuple[int, int]] = set()
        for _ in range(1500):
            e, to = rng.choice(envs), rng.choice(envs)
            ppn = WINDOW + rng.randrange(count)
            mine = [p for p, (o, _) in owned.items() if o == e]
            if mine and rng.random() < 0.8:
                ppn = rng.choice(mine)
            r = rng.randint(1, 7)
            what = rng.random()
            if what < 0.1:
                line = f"talloc {e} {ppn} {r}"
            elif what < 0.14:
                line = f"tfree {e} {ppn}"
            elif what < 0.3:
                if ppn in owned and rng.random() < 0.8:
                    r = owned[ppn][1] & rng.randint(1, 7) or owned[ppn][1]
                line = f"tshare {e} {ppn} {to} {r}"
            elif what < 0.37:
                if shares and rng.random() < 0.8:
                    ppn, to = rng.choice(sorted(shares))
                line = f"tunshare {rng.choice([e, to, owned.get(ppn, (e, 0))[0]])} {ppn} {to}"
            elif what < 0.38:
                line = f"trelease {e}"
            elif what < 0.42:
                line = f"run {e}"
            else:
                if sim.rights and rng.random() < 0.8:
                    ppn = rng.choice(sorted(sim.rights))  # mostly where the running env holds
                # The general refill or the kernel's fast path, mixed.
                fault = rng.choice(["tfault", "tfast"])
                sim.access((ppn << 12) + rng.randrange(pm.PAGE), rng.choice(ACCESSES), fault)
                continue
            step = sim.apply(line, refresh)
            if not step.ok:
                continue
            if kind_of(line) != "run" and step.mask:
                invalidations += 1
            kind = kind_of(line)
            done[kind] += 1
            if kind == "talloc":
                owned[ppn] = (e, r)
            elif kind == "tfree":
                del owned[ppn]
                shares = {(p, t) for p, t in shares if p != ppn}
            elif kind == "tshare":
                shares.add((ppn, to))
            elif kind == "tunshare":
                shares.discard((ppn, to))
            elif kind == "trelease":
                owned = {p: v for p, v in owned.items() if v[0] != e}
                shares = {(p, t) for p, t in shares if p in owned and t != e}
    assert all(done.values()), done  # every operation succeeded at least once
    assert sim.refills > 200
    assert invalidations > 20  # the changed hook really had cached entries to drop


def kind_of(line: str) -> str:
    return line.split()[0]


def test_fast_path_installs_one_page_round_robin(harness: Harness) -> None:
    sim = Sim(harness, 8, 1)
    sim.start(WINDOW, "7" * 16)
    for i in range(10):  # more pages than entries: round robin over entries 1..7
        step = sim.apply(f"page {WINDOW + i:#x} 7")
        assert step.ok
        [r] = [r for r in pm.regions(sim.state) if r.lo == (WINDOW + i) << 12]
        assert (r.index, r.hi - r.lo, r.perms) == (1 + i % 7, pm.PAGE, 7)
    for bad in ["0", "8", "0xff"]:
        assert sim.apply(f"page {WINDOW:#x} {bad}").error == "INVAL"
    assert sim.apply(f"page {harness.phys_pages:#x} 1").error == "INVAL"
    assert harness.ask("init 1 1") == "ok"
    assert harness.ask(f"page {WINDOW:#x} 1").startswith("err NOMEM 0")
