"""Benchmarks: parsing payload output, the report format, and determinism of counts on QEMU."""

from __future__ import annotations

import json

import pytest

from exo import bench
from exo.boards import load_board
from exo.qemu import firmware_path


def test_parse_counts_reads_lines_until_done():
    out = b"OpenSBI banner\r\npeer a 12\r\nbench b 7\npeer c 300\npeer done\npeer late 1\n"
    assert bench.parse_counts(out, "peer") == [bench.Count("a", 12), bench.Count("c", 300)]


def test_parse_counts_without_done_is_an_error_showing_the_output():
    with pytest.raises(bench.BenchError, match=r"(?s)stopped before `bench done`.*half"):
        bench.parse_counts(b"bench a 1\nhalf", "bench")


def test_report_pairs_ours_with_target_and_peer():
    board = load_board("qemu-virt")
    rep = bench.report(
        board,
        ours=[bench.Count("null_syscall", 14), bench.Count("pmp_refill", 70)],
        peers=[bench.Count("opensbi_get_spec_version", 248)],
        firmware="x",
    )
    data = json.loads(rep.to_json())
    assert set(data) == {"board", "qemu", "firmware", "results", "peers", "link"}
    assert data["link"] is None  # filled by `exo bench` after measuring the line
    assert data["results"][0] == {
        "name": "null_syscall",
        "instructions": 14,
        "target": bench.TARGETS["null_syscall"],
        "peer": 248,
    }
    verdicts = {r[0]: r[4] for r in bench.rows(rep)}
    assert verdicts["null_syscall"] == "ok"
    assert verdicts["pmp_refill"] == "MISSED"


@pytest.mark.qemu
def test_peer_counts_are_deterministic():
    board = load_board("qemu-virt")
    if not bench.have_qemu(board):
        pytest.skip("qemu-system-riscv64 is not installed")
    first, second = bench.run_peer(board), bench.run_peer(board)
    assert first == second
    counts = {c.name: c.instructions for c in first}
    # An SBI round trip through OpenSBI is a couple of hundred instructions (FACTS: 245).
    assert 100 < counts["opensbi_get_spec_version"] < 1000


@pytest.mark.qemu
def test_our_counts_are_deterministic():
    board = load_board("qemu-virt")
    if not bench.have_qemu(board):
        pytest.skip("qemu-system-riscv64 is not installed")
    if not firmware_path(board).is_file() or not bench.ours_image(board).is_file():
        pytest.skip("firmware or bench env not built (make firmware libos)")
    first, second = bench.run_ours(board), bench.run_ours(board)
    assert first == second
    counts = {c.name: c.instructions for c in first}
    names = {"null_syscall", "syscall_env_self", "syscall_checked_pointer", "page_alloc_free"}
    names |= {"pmp_refill"}
    assert set(counts) == names | {n + bench.SESSION_SUFFIX for n in names}
    # The ecall and the mret alone are two; the others are whole traps into C and back, and
    # binding a page zeroes its 4 KiB.
    assert 2 <= counts["null_syscall"] < counts["pmp_refill"]
    assert counts["null_syscall"] < counts["syscall_env_self"]
    assert counts["page_alloc_free"] > 4096 // 8
    # Serving an open session never makes a trap cheaper.
    assert all(counts[n + bench.SESSION_SUFFIX] >= counts[n] for n in names)


@pytest.mark.qemu
def test_cpu_counts_are_deterministic():
    """Issue 5's numbers (bench_cpu.c): the same twice, and in sensible relation."""
    board = load_board("qemu-virt")
    if not bench.have_qemu(board):
        pytest.skip("qemu-system-riscv64 is not installed")
    if not firmware_path(board).is_file() or not bench.cpu_image(board).is_file():
        pytest.skip("firmware or bench_cpu env not built (make firmware libos)")
    first, second = bench.run_cpu(board), bench.run_cpu(board)
    a = {c.name: c.instructions for c in first}
    b = {c.name: c.instructions for c in second}
    assert a.keys() == b.keys()
    # Exact, except where the timer interrupts: the slot timer's phase against the env's loop
    # depends on when the host's load finished (host time), so the least of the switches taken
    # may land one or two instructions apart (measured: 1881 and 1882).
    assert {n: v for n, v in a.items() if n != "timer_switch"} == {
        n: v for n, v in b.items() if n != "timer_switch"
    }
    assert abs(a["timer_switch"] - b["timer_switch"]) <= 2
    counts = a
    names = {"directed_yield_round_trip", "directed_yield", "timer_switch", "revoke_100_pages"}
    names |= {"upcall_resume", "upcall_fault_resume", "upcall_resume_libexo"}
    assert set(counts) == names
    # A delivery and a resume are two traps; an access fault is checked against the PMP first;
    # libexo's stub and C handler add instructions; a round trip is two yields.
    assert 2 <= counts["upcall_resume"] <= counts["upcall_fault_resume"]
    assert counts["upcall_resume"] < counts["upcall_resume_libexo"]
    assert 2 * counts["directed_yield"] < counts["directed_yield_round_trip"]
    assert counts["revoke_100_pages"] > 100  # at least one instruction a page taken
