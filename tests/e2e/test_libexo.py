"""libexo on the kernel (docs/libos.md): threads that never yield are preempted at slice ends and
a mutex keeps their shared counter exact; an application that overruns its heap gets NULL from
malloc and exits cleanly; the event layer's defaults (a readable fault report and exit code,
timers on the kernel deadline, sleeping threads, revocation answered with unpinned pages, the
application told). The envs are libos/apps/threads and tests/e2e/envs/libexo_*.c."""

from __future__ import annotations

import re
import time

import pytest

pytestmark = pytest.mark.qemu


def line(kit, env: int, pattern: bytes, timeout: float = 30.0) -> re.Match:
    """The first match of `pattern` in env's console, once it has come."""
    end = time.monotonic() + timeout
    while (m := re.search(pattern, kit.output(env))) is None:
        assert time.monotonic() < end, f"env 0x{env:x} never wrote {pattern!r}: {kit.output(env)!r}"
    return m


def test_threads_that_never_yield_are_preempted_and_the_counter_is_exact(kit):
    rounds = 200000
    env = kit.load("threads", rounds, slots=4)
    assert kit.wait(env, 120) == 0, kit.output(env)
    out = kit.output(env)
    assert f"threads: counter {4 * rounds} (want {4 * rounds})\n".encode() in out, out
    assert b"threads: sum 5050 (want 5050)\n" in out, out
    preemptions = int(line(kit, env, rb"threads: preemptions (\d+)\n").group(1))
    assert preemptions > 0, "the workers never yield: only preemption can interleave them"


@pytest.mark.parametrize("cap_kib", [1024, 0], ids=["a-page-in-the-way", "until-memory-runs-out"])
def test_an_env_that_overruns_its_heap_gets_null_and_exits_cleanly(kit, cap_kib):
    """The heap grows while the next page binds: into a page the env bound 1 MiB past its break
    (as another env's would be), or until memory runs out. malloc then returns NULL; no fault."""
    if kit.board.xlen == 32:
        pytest.skip("picolibc's rv32 malloc cannot be in an image (libos/Makefile, ENVS_MALLOC)")
    env = kit.load("libexo_oom", *([cap_kib] if cap_kib else []))
    assert kit.wait(env, 120) == 12, kit.output(env)
    out = kit.output(env)
    got = int(line(kit, env, rb"oom after (\d+) KiB\n").group(1))
    if cap_kib:
        assert cap_kib - 64 - 8 <= got <= cap_kib, out  # malloc's own headers take a little
    else:
        assert got * 1024 > kit.target.info()["pages_free"] * 4096 // 2, out
    assert out.endswith(b"heap usable again\n"), out
    kit.check_pages()


def test_an_unhandled_fault_is_reported_and_exits_with_128_plus_the_cause(kit):
    bad = kit.free_apart(1)[0] << 12  # a free page: nobody's, so a load faults
    env = kit.load("libexo_events", "fault", bad)
    assert kit.wait(env, 20) == 128 + kit.Cause.LOAD, kit.output(env)
    m = line(
        kit, env, rb"libexo: fault: (.+) pc=0x([0-9a-f]+) addr=0x([0-9a-f]+) env=0x([0-9a-f]+)\n"
    )
    assert m.group(1) == b"load access fault"
    assert int(m.group(3), 16) == bad
    assert int(m.group(4), 16) == env
    assert kit.output(env).startswith(b"loading\n"), "what it printed before comes first"


def test_a_periodic_timer_fires_on_the_kernel_deadline(kit):
    n, ms = 5, 20
    env = kit.load("libexo_events", "timer", n, ms)
    assert kit.wait(env, 30) == 0, kit.output(env)
    m = line(kit, env, rb"timer (\d+) fired, (\d+) ticks, waits (\d+)\n")
    hz = kit.target.info()["timebase_hz"]
    assert int(m.group(1)) == n and int(m.group(2)) >= n * ms * hz // 1000
    # Each wait ends on an event (a TIMER), not on each slice change: about one a period.
    assert n <= int(m.group(3)) <= 4 * n, m.group(0)


def test_sleeping_threads_wake_in_deadline_order(kit):
    env = kit.load("libexo_events", "sleep")
    assert kit.wait(env, 30) == 0, kit.output(env)
    assert kit.output(env) == b"woke B\nwoke A\nsleep ok\n"


def test_the_default_answer_gives_back_unpinned_pages_and_tells_the_app(kit):
    env = kit.load("libexo_events", "give", 8)
    owned = int(line(kit, env, rb"ready owned (\d+)\n").group(1))
    assert owned == 9, "8 pages and the event layer's upcall page"
    result = kit.target.revoke(env, pages=3, deadline_ms=5000)
    assert (result.requested, result.given, result.taken) == (3, 3, 0)
    m = line(kit, env, rb"revoke (\d+) (\d+) (\d+) owned (\d+)\n")
    assert [int(g) for g in m.groups()] == [1, 3, 3, 6]
    kit.target.console_input(env, b"q")
    assert kit.wait(env, 20) == 0, kit.output(env)


def test_an_app_that_refuses_is_told_what_the_abort_protocol_took(kit):
    env = kit.load("libexo_events", "keep", 8)
    line(kit, env, rb"ready owned 9\n")
    result = kit.target.revoke(env, pages=3, deadline_ms=50, timeout=20)
    assert (result.requested, result.given, result.taken) == (3, 0, 3)
    m = line(kit, env, rb"repossessed (\d+) owned (\d+)\n")
    assert [int(g) for g in m.groups()] == [3, 6], "libexo forgot the taken pages"
    kit.target.console_input(env, b"q")
    assert kit.wait(env, 20) == 0, kit.output(env)


def test_threads_preempted_inside_malloc_and_printf_keep_both_whole(kit):
    if kit.board.xlen == 32:
        pytest.skip("picolibc's rv32 malloc cannot be in an image (libos/Makefile, ENVS_MALLOC)")
    env = kit.load("libexo_stress", slots=4)
    assert kit.wait(env, 120) == 0, kit.output(env)
    out = kit.output(env).decode()
    *lines, last = out.splitlines()
    assert int(re.fullmatch(r"stress ok preemptions (\d+)", last).group(1)) > 0, last
    # Every line whole, and each thread's lines all there, in its own order.
    seen: dict[str, list[int]] = {}
    for text in lines:
        m = re.fullmatch(r"(t\d) (\d+)", text)
        assert m is not None, f"a torn line: {text!r}"
        seen.setdefault(m.group(1), []).append(int(m.group(2)))
    assert seen == {f"t{i}": list(range(0, 3000, 25)) for i in range(3)}
