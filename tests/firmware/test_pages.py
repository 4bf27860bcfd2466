"""The page ownership table (firmware/kernel/pages.c) against a Python model, under ASan/UBSan.

Random operation sequences, hostile arguments included, run through pages_harness; after every
step the harness runs pages_check, and every result, hook event and count must match the model.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from hostbuild import ROOT, LineHarness, build
from hypothesis import given, settings
from hypothesis import strategies as st

MAX_ENVS = 64  # PAGES_MAX_ENVS (CONFIG_MAX_ENVS default)
MAX_SHARES = 4  # PAGES_MAX_SHARES
RWX = 7
ANY = 0xFFFFFFFF
MUTATORS = ("alloc", "free", "share", "unshare", "release")


class Harness(LineHarness):
    """One pages_harness process; `run` sends a batch of command lines and returns the answers."""

    def __init__(self) -> None:
        super().__init__(
            build("pages_harness", ["tests/firmware/pages_harness.c", "firmware/kernel/pages.c"])
        )

    def run(self, lines: list[str]) -> list[str]:
        return self.batch(lines)


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    h = Harness()
    yield h
    h.close()


@dataclass
class Model:
    """What the table must do, written plainly."""

    first: int
    count: int
    owner: dict[int, int] = field(default_factory=dict)
    rights: dict[int, int] = field(default_factory=dict)
    shares: dict[int, dict[int, int]] = field(default_factory=dict)
    free_list: list[int] = field(default_factory=list)
    owned: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.free_list = list(range(self.first, self.first + self.count))

    def managed(self, ppn: int) -> bool:
        return self.first <= ppn < self.first + self.count

    @staticmethod
    def env_ok(env: int) -> bool:
        return 0 < env < MAX_ENVS

    @staticmethod
    def rights_ok(r: int) -> bool:
        return r != 0 and r & ~RWX == 0

    def held(self, env: int) -> int:
        return sum(1 for s in self.shares.values() if env in s)

    def get_rights(self, env: int, ppn: int) -> int:
        if not self.env_ok(env) or not self.managed(ppn):
            return 0
        if self.owner.get(ppn) == env:
            return self.rights[ppn]
        return self.shares.get(ppn, {}).get(env, 0)

    def _release_page(self, ppn: int, events: list[str]) -> None:
        env = self.owner.pop(ppn)
        for sharee in self.shares.pop(ppn, {}):
            events.append(f"u={sharee}:{ppn}")
        events.append(f"u={env}:{ppn}")
        del self.rights[ppn]
        self.owned[env].remove(ppn)
        self.free_list.append(ppn)

    def alloc(self, env: int, ppn: int, r: int) -> tuple[str, list[str]]:
        if not self.env_ok(env) or not self.rights_ok(r):
            return "err INVAL", []
        if ppn == ANY:
            if not self.free_list:
                return "err NOMEM", []
            ppn = self.free_list[0]
        elif not self.managed(ppn):
            return "err INVAL", []
        elif ppn in self.owner:
            return "err BUSY", []
        self.free_list.remove(ppn)
        self.owner[ppn] = env
        self.rights[ppn] = r
        self.owned.setdefault(env, []).append(ppn)
        return f"ok {ppn}", [f"z={ppn}"]

    def free(self, env: int, ppn: int) -> tuple[str, list[str]]:
        if not self.env_ok(env) or not self.managed(ppn):
            return "err INVAL", []
        if ppn not in self.owner:
            return "err NOENT", []
        if self.owner[ppn] != env:
            return "err PERM", []
        events: list[str] = []
        self._release_page(ppn, events)
        return "ok 0", events

    def share(self, env: int, ppn: int, to: int, r: int) -> tuple[str, list[str]]:
        ok = self.env_ok(env) and self.env_ok(to) and self.managed(ppn) and self.rights_ok(r)
        if not ok:
            return "err INVAL", []
        if self.owner.get(ppn) != env:
            return "err PERM", []
        if to == env:
            return "err INVAL", []
        if r & ~self.rights[ppn]:
            return "err PERM", []
        page = self.shares.setdefault(ppn, {})
        if to in page:
            differ = page[to] != r
            page[to] = r
            return "ok 0", [f"u={to}:{ppn}"] if differ else []
        if len(page) == MAX_SHARES:
            return "err LIMIT", []
        page[to] = r
        return "ok 0", []

    def unshare(self, env: int, ppn: int, to: int) -> tuple[str, list[str]]:
        if not self.env_ok(env) or not self.env_ok(to) or not self.managed(ppn):
            return "err INVAL", []
        if self.owner.get(ppn) != env and env != to:
            return "err PERM", []
        if to not in self.shares.get(ppn, {}):
            return "err NOENT", []
        del self.shares[ppn][to]
        return "ok 0", [f"u={to}:{ppn}"]

    def release(self, env: int) -> tuple[str, list[str]]:
        if not self.env_ok(env):
            return "err INVAL", []
        events: list[str] = []
        pages = list(self.owned.get(env, []))
        for ppn in pages:
            self._release_page(ppn, events)
            events.append(f"r={ppn}")
        for ppn, page in self.shares.items():
            if env in page:
                del page[env]
                events.append(f"u={env}:{ppn}")
        return f"ok {len(pages)}", events

    def apply(self, op: tuple) -> tuple[str, list[str]]:
        return getattr(self, op[0])(*op[1:])

    def bitmap(self) -> str:
        words = []
        for w in range((self.count + 63) // 64):
            bits = 0
            for b in range(64):
                ppn = self.first + 64 * w + b
                if self.managed(ppn) and ppn not in self.owner:
                    bits |= 1 << b
            words.append(f"{bits:x}")
        return "ok " + ",".join(words)


def command(op: tuple) -> str:
    return " ".join(str(x) for x in op)


def split(answer: str) -> tuple[str, list[str], list[str]]:
    """An answer as (result, sorted hook events, broken-invariant marks)."""
    words = answer.split()
    head = " ".join(words[:2])
    events = sorted(w for w in words[2:] if w[0] in "zur")
    broken = [w for w in words[2:] if w.startswith("!")]
    return head, events, broken


def run_and_compare(h: Harness, model: Model, ops: list[tuple], envs: list[int]) -> None:
    """Send ops with queries after each one; compare everything against the model."""
    lines = [f"init {model.first} {model.count}"]
    for op in ops:
        lines.append(command(op))
        env, ppn = op[1], (op[2] if len(op) > 2 else model.first)
        lines += [f"rights {env} {ppn}", f"owner {ppn}", f"counts {env}"]
    lines += ["bitmap", "check"]
    lines += [
        f"rights {e} {p}" for e in envs for p in range(model.first, model.first + model.count)
    ]
    answers = iter(h.run(lines))
    assert next(answers) == "ok"
    for step, op in enumerate(ops):
        want, want_events = model.apply(op)
        got, got_events, broken = split(next(answers))
        where = f"step {step}: {command(op)}"
        assert broken == [], where
        assert got == want, where
        assert got_events == sorted(want_events), where
        env, ppn = op[1], (op[2] if len(op) > 2 else model.first)
        assert next(answers) == f"ok {model.get_rights(env, ppn)}", where
        owner = model.owner.get(ppn, 0) if model.managed(ppn) else 0
        assert next(answers) == f"ok {owner}", where
        owned = len(model.owned.get(env, [])) if model.env_ok(env) else 0
        held = model.held(env) if model.env_ok(env) else 0
        assert next(answers) == f"ok {len(model.free_list)} {owned} {held}", where
    assert next(answers) == model.bitmap()
    assert next(answers) == "ok 0"
    for e in envs:
        for p in range(model.first, model.first + model.count):
            assert next(answers) == f"ok {model.get_rights(e, p)}", (e, p)


# ---- operation generation: mostly sensible, sometimes hostile -----------------------------
# Ops are planned against a model of their own, so most of them name pages the env really
# owns, shares it really holds and rights within the owner's: those are the paths that change
# state. A fifth of the arguments are hostile.

FIRST = 0x80100
HOSTILE_ENVS = [0, MAX_ENVS, 0xFFFF, 0x10001, 0xFFFFFFFF]
HOSTILE_RIGHTS = [0, 8, 0xF, 0xFF, 0xFFFFFFFF]


def hostile_ppns(first: int, count: int) -> list[int]:
    return [0, first - 1, first + count, first + count + 1, 0xFFFFFFFE, ANY]


def make_ops(rng: random.Random, first: int, count: int, envs: list[int], n: int) -> list[tuple]:
    plan = Model(first, count)

    def env() -> int:
        return rng.choice(envs) if rng.random() < 0.9 else rng.choice(HOSTILE_ENVS)

    def ppn() -> int:
        if rng.random() < 0.9:
            return first + rng.randrange(count)
        return rng.choice(hostile_ppns(first, count))

    def rights() -> int:
        return rng.randint(1, RWX) if rng.random() < 0.9 else rng.choice(HOSTILE_RIGHTS)

    def owned_ppn(e: int) -> int:
        mine = plan.owned.get(e, [])
        return rng.choice(mine) if mine and rng.random() < 0.8 else ppn()

    def subset(p: int) -> int:
        have = plan.rights.get(p, 0)
        if have and rng.random() < 0.8:
            return rng.choice([r for r in range(1, RWX + 1) if r & ~have == 0])
        return rights()

    ops: list[tuple] = []
    for _ in range(n):
        kind = rng.choices(MUTATORS, weights=[6, 3, 6, 3, 1])[0]
        e = env()
        if kind == "alloc":
            op: tuple = ("alloc", e, ANY if rng.random() < 0.5 else ppn(), rights())
        elif kind == "free":
            op = ("free", e, owned_ppn(e))
        elif kind == "share":
            p = owned_ppn(e)
            op = ("share", e, p, env(), subset(p))
        else:
            bound = [(p, to) for p, s in plan.shares.items() for to in s]
            if kind == "unshare" and bound and rng.random() < 0.7:
                p, to = rng.choice(bound)
                # The owner, the sharer itself, or (rarely) someone else asks.
                e = rng.choice([plan.owner[p], to, e])
                op = ("unshare", e, p, to)
            elif kind == "unshare":
                op = ("unshare", e, owned_ppn(e), env())
            else:
                op = ("release", e)
        plan.apply(op)
        ops.append(op)
    return ops


@settings(max_examples=150, deadline=None)
@given(
    rng=st.randoms(use_true_random=False),
    count=st.sampled_from([1, 7, 40, 64, 65, 130]),
    n=st.integers(0, 200),
)
def test_random_sequences_match_model(
    harness: Harness, rng: random.Random, count: int, n: int
) -> None:
    envs = [1, 2, 3, 4, 5, MAX_ENVS - 1]
    ops = make_ops(rng, FIRST, count, envs, n)
    run_and_compare(harness, Model(FIRST, count), ops, envs=envs)


def test_long_seeded_run_matches_model(harness: Harness) -> None:
    """20,000 steps in one table, so long-lived lists and page reuse get exercised."""
    envs = list(range(1, 9))
    ops = make_ops(random.Random(4), FIRST, 96, envs, 20000)
    kinds = {(op[0], a) for op, a in zip(ops, plan_results(ops, 96), strict=True)}
    # The run must reach every successful path, or it proves little.
    for kind in MUTATORS:
        assert (kind, True) in kinds, kind
    run_and_compare(harness, Model(FIRST, 96), ops, envs=envs)


def plan_results(ops: list[tuple], count: int) -> list[bool]:
    model = Model(FIRST, count)
    return [model.apply(op)[0].startswith("ok") for op in ops]


def test_share_list_overflow_and_release_of_held_shares(harness: Harness) -> None:
    model = Model(FIRST, 4)
    ops: list[tuple] = [("alloc", 1, FIRST, RWX)]
    ops += [("share", 1, FIRST, to, 1) for to in range(2, 2 + MAX_SHARES + 1)]
    ops += [("alloc", 2, ANY, 3), ("share", 2, FIRST + 1, 3, 2), ("release", 3), ("release", 1)]
    run_and_compare(harness, model, ops, envs=[1, 2, 3, 4])
    assert model.shares == {FIRST + 1: {}}


@pytest.mark.parametrize("kind", ["bitmap", "owner", "count", "link", "unlink", "share"])
def test_check_detects_corruption(harness: Harness, kind: str) -> None:
    """pages_check can fail: each kind of damage is reported."""
    answers = harness.run(
        [f"init {FIRST} 10", "alloc 1 any 3", "alloc 2 any 7", "check", f"corrupt {kind}", "check"]
    )
    assert answers[3] == "ok 0"
    assert answers[5] != "ok 0"


def test_init_refuses_bad_geometry(harness: Harness) -> None:
    assert harness.run([f"init {FIRST} 0", "init 0xFFFFFFF0 32", f"init {FIRST} 1"]) == [
        "err INVAL",
        "err INVAL",
        "ok",
    ]


def test_err_to_abi_maps_every_internal_error_and_clamps_the_rest(harness: Harness) -> None:
    """Each ERR_X becomes EXO_EX (ERR_LIMIT: EXO_E2BIG); anything else becomes EXO_EINVAL."""
    define = re.compile(r"#define (EXO_E\w+|EXO_OK)\s+\(?(-?\d+)\)?")
    abi = {
        m[1]: int(m[2]) for m in define.finditer((ROOT / "firmware/include/exo/abi.h").read_text())
    }
    enum = re.compile(r"\b(ERR_\w+) = (-?\d+)")
    errs = dict(enum.findall((ROOT / "firmware/kernel/errors.h").read_text()))
    assert len(errs) >= 12
    rename = {"ERR_OK": "EXO_OK", "ERR_LIMIT": "EXO_E2BIG"}
    for name, value in errs.items():
        want = abi[rename.get(name, "EXO_E" + name[4:])]
        assert harness.run([f"abi {value}"]) == [f"ok {want}"], name
    known = {int(v) for v in errs.values()}
    for junk in [1, -1, -100, -113, 0x7FFFFFFF, -0x80000000, *abi.values()]:
        if junk not in known:
            assert harness.run([f"abi {junk}"]) == [f"ok {abi['EXO_EINVAL']}"], junk
