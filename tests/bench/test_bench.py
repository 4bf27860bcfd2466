"""Benchmarks: parsing payload output, the report and its JSON, `exo bench`'s output, the exopy
scripts on CPython, and on QEMU that two full runs of our benchmarks agree."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from exo import bench, cli, exopybench, linkbench, loadbench
from exo.boards import boards_dir, load_board
from exo.exopybench import BENCHMARKS, SCRIPTS, exopy_image
from exo.qemu import firmware_path

LINK = linkbench.LinkBench(0.5, 0.4, 0.6, 1000.0, 900.0, 2000.0, 0)
LOAD = loadbench.LoadBench(65536, 0.5, 1000.0)  # 50% of the raw rate: misses the 80% target


def sample_report() -> bench.Report:
    return bench.report(
        load_board("qemu-virt"),
        ours=[bench.Count("null_syscall", 14), bench.Count("pmp_refill", 70)],
        peers=[bench.Count("opensbi_get_spec_version", 248)],
        firmware="x",
        sizes=[bench.size("kernel_text", 50000, "bytes", bench.KERNEL_TEXT_TARGET)],
    )


def test_parse_counts_reads_lines_until_done():
    out = b"OpenSBI banner\r\npeer a 12\r\nbench b 7\npeer c 300\npeer done\npeer late 1\n"
    assert bench.parse_counts(out, "peer") == [bench.Count("a", 12), bench.Count("c", 300)]


def test_parse_counts_without_done_is_an_error_showing_the_output():
    with pytest.raises(bench.BenchError, match=r"(?s)stopped before `bench done`.*half"):
        bench.parse_counts(b"bench a 1\nhalf", "bench")


def test_report_json_has_the_issue_schema():
    data = json.loads(sample_report().to_json())
    assert set(data) == {"board", "qemu", "firmware", "results", "peers", "sizes", "link"}
    assert data["link"] is None  # filled by `exo bench` after measuring the line
    assert data["results"] == [
        {"name": "null_syscall", "instructions": 14, "target": 16, "peer": 248},
        {"name": "pmp_refill", "instructions": 70, "target": 60, "peer": None},
    ]
    assert data["peers"] == [{"name": "opensbi_get_spec_version", "instructions": 248}]
    assert data["sizes"] == [
        {"name": "kernel_text", "value": 50000, "unit": "bytes", "target": 48 * 1024}
    ]


def test_rows_mark_missed_targets_and_show_the_peer_ratio():
    rows = {r[0]: r for r in bench.rows(sample_report())}
    assert rows["null_syscall"] == ("null_syscall", "14", "<= 16", "248 (17.7x)", "ok")
    assert rows["pmp_refill"][4] == "MISSED"
    assert rows["peer: opensbi_get_spec_version"][1] == "248"
    assert rows["kernel_text (bytes)"][2:] == ("<= 49152", "-", "MISSED")


def test_verdict_is_empty_without_target_and_can_want_at_least():
    assert bench.verdict(5, None) == ""
    assert bench.verdict(0.79, bench.LOAD_TARGET, at_least=True) == "MISSED"
    assert bench.verdict(0.8, bench.LOAD_TARGET, at_least=True) == "ok"


def test_disagreements_are_exact_but_for_the_documented_slack():
    run = [bench.Count("null_syscall", 14), bench.Count("timer_switch", 1881)]
    run.append(bench.Count("exopy_range_100k", 1_000_000))
    assert bench.disagreements(run, run) == []
    near = [bench.Count("null_syscall", 14), bench.Count("timer_switch", 1885)]
    near.append(bench.Count("exopy_range_100k", 1_000_000))
    assert bench.disagreements(run, near) == []
    far = [bench.Count("null_syscall", 15), bench.Count("timer_switch", 1886)]
    far.append(bench.Count("exopy_range_100k", 1_005_001))
    assert [d.split(":")[0] for d in bench.disagreements(run, far)] == [
        "exopy_range_100k",
        "null_syscall",
        "timer_switch",
    ]
    assert bench.disagreements(run, run[:1]) == [
        "exopy_range_100k: only in one run",
        "timer_switch: only in one run",
    ]


def test_quiet_board_changes_only_the_slot_length():
    path = boards_dir() / "qemu-virt.toml"
    text = path.read_text()
    quiet = exopybench.quiet_board("qemu-virt", text)
    lines = zip(text.splitlines(), quiet.splitlines(), strict=True)
    changed = [(a, b) for a, b in lines if a != b]
    assert len(changed) == 1 and changed[0][0].startswith("slot_ticks")
    data = tomllib.loads(quiet)
    assert data["sched"]["slot_ticks"] == exopybench.QUIET_SLOT_TICKS
    assert {k: v for k, v in data.items() if k != "sched"} == {
        k: v for k, v in tomllib.loads(text).items() if k != "sched"
    }
    with pytest.raises(bench.BenchError, match="no single `slot_ticks"):
        exopybench.quiet_board("x", "[sched]\nslots = 4\n")


@pytest.fixture
def fake_bench(monkeypatch, tmp_path):
    """`exo bench` with the runs replaced: counts from sample_report, the link numbers above."""

    @contextmanager
    def fake_open(*args, **kwargs):
        yield object()

    monkeypatch.setenv("EXO_BUILD_DIR", str(tmp_path))
    monkeypatch.setattr(bench, "run_all", lambda board: sample_report())
    monkeypatch.setattr(linkbench, "measure", lambda target, pings: LINK)
    monkeypatch.setattr(loadbench, "measure_load", lambda target: LOAD)
    monkeypatch.setattr(cli.Target, "open", fake_open)
    return tmp_path / "bench" / "results.json"


def test_exo_bench_json_prints_results_json(fake_bench):
    result = CliRunner().invoke(cli.main, ["bench", "--port", "x", "--json"])
    assert result.exit_code == 0, result.output
    assert result.output == fake_bench.read_text()
    data = json.loads(result.output)
    assert data["link"]["load_to_raw"] == 0.5
    assert data["link"]["load_target"] == bench.LOAD_TARGET


def test_exo_bench_prints_the_table_and_succeeds_with_a_missed_target(fake_bench):
    result = CliRunner().invoke(cli.main, ["bench", "--port", "x"])
    assert result.exit_code == 0, result.output
    assert bench.table_text(sample_report()) in result.output
    assert "pmp_refill" in result.output and "MISSED" in result.output
    assert "(50% of the raw rate; target >= 80%: MISSED" in result.output
    assert f"results: {fake_bench}" in result.output


@pytest.mark.parametrize("script", BENCHMARKS)
def test_exopy_scripts_run_on_cpython(script):
    """The scripts are plain Python: CPython runs them (no exo.instret there, so no counts)."""
    out = subprocess.run(
        [sys.executable, str(SCRIPTS / script)], capture_output=True, text=True, check=True
    ).stdout
    assert "bench " not in out
    if script == "pystone_lite.py":
        assert out == "pystone_lite 2000 loops: (38, 865076)\n"


def test_text_bytes_counts_executable_sections_only():
    elf = firmware_path(load_board("qemu-virt"))
    if not elf.is_file():
        pytest.skip(f"{elf} is not built (make firmware)")
    from elftools.elf.elffile import ELFFile

    with elf.open("rb") as f:
        text = ELFFile(f).get_section_by_name(".text")["sh_size"]
    assert bench.text_bytes(elf) == text  # the kernel has one executable section, not its .rodata


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


def need_built(board) -> None:
    if not bench.have_qemu(board):
        pytest.skip("qemu-system-riscv64 is not installed")
    images = [firmware_path(board), exopy_image(board)]
    images += [bench.env_image(board, n) for n in ("bench", *bench.ENVS)]
    missing = [str(p) for p in images if not Path(p).is_file()]
    if missing:
        pytest.skip(f"not built (make firmware libos): {', '.join(missing)}")


@pytest.mark.qemu
@pytest.mark.timeout(1200)  # exopy's scripts were 550 M instructions a run before PMP work
def test_two_full_runs_agree():
    """Every count of two full runs of ours (each on its own QEMUs, side by side) is the same,
    but for bench.SLACK_INSTRUCTIONS; and the counts stand in sensible relation."""
    board = load_board("qemu-virt")
    need_built(board)
    quiet = exopybench.quiet_firmware(board)  # built once: two makes of it at once collide
    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(lambda _: bench.run_counts(board, quiet)[0], range(2))
    assert bench.disagreements(first, second) == []
    counts = {c.name: c.instructions for c in first}
    kernel = {"null_syscall", "syscall_env_self", "syscall_checked_pointer", "page_alloc_free"}
    kernel |= {"pmp_refill"}
    cpu = {"directed_yield_round_trip", "directed_yield", "timer_switch", "revoke_100_pages"}
    cpu |= {"upcall_resume", "upcall_fault_resume", "upcall_resume_libexo"}
    libos = {"thread_switch", "malloc_free_64"}
    exopy = {"exopy_range_100k", "exopy_pystone", "exopy_pystone_per_loop"}
    in_session = {n + bench.SESSION_SUFFIX for n in kernel}
    assert set(counts) == kernel | in_session | cpu | libos | exopy
    # The ecall and the mret alone are two; the others are whole traps into C and back, and
    # binding a page zeroes its 4 KiB.
    assert 2 <= counts["null_syscall"] < counts["pmp_refill"]
    assert counts["null_syscall"] < counts["syscall_env_self"]
    assert counts["page_alloc_free"] > 4096 // 8
    # Serving an open session never makes a trap cheaper.
    assert all(counts[n + bench.SESSION_SUFFIX] >= counts[n] for n in kernel)
    # A delivery and a resume are two traps; an access fault is checked against the PMP first;
    # libexo's stub and C handler add instructions; a round trip is two yields.
    assert 2 <= counts["upcall_resume"] <= counts["upcall_fault_resume"]
    assert counts["upcall_resume"] < counts["upcall_resume_libexo"]
    assert 2 * counts["directed_yield"] < counts["directed_yield_round_trip"]
    assert counts["revoke_100_pages"] > 100  # at least one instruction a page taken
    # A thread switch stays in the env: no trap, so less than a kernel yield round trip.
    assert 10 < counts["thread_switch"] < counts["directed_yield_round_trip"]
    assert counts["malloc_free_64"] > 10
    # Each loop of pystone is the whole run over 2000; Python loops take many instructions.
    assert counts["exopy_pystone_per_loop"] == counts["exopy_pystone"] // 2000
    assert counts["exopy_range_100k"] > 100_000 * 10


def test_an_exopy_script_without_counts_is_an_error(monkeypatch, tmp_path):
    """run_exopy wants a `bench exopy_...` line from every script (exopy.elf faked present)."""
    image = tmp_path / "exopy.elf"
    image.write_bytes(b"")
    monkeypatch.setattr(exopybench, "exopy_image", lambda board: image)
    monkeypatch.setattr(exopybench, "text_bytes", lambda elf: 1)  # imported there from bench
    pages = [bench.Count(exopybench.PAGES_NAME, 1164)]
    monkeypatch.setattr(exopybench, "run_script", lambda board, fw, source, first, timeout: pages)
    with pytest.raises(bench.BenchError, match="range_100k.py printed no"):
        exopybench.run_exopy(load_board("qemu-virt"), image)
    got = [bench.Count("exopy_range_100k", 5)]
    monkeypatch.setattr(exopybench, "run_script", lambda board, fw, source, first, timeout: got)
    run = exopybench.run_exopy(load_board("qemu-virt"), image)
    assert run.counts == got * len(BENCHMARKS) and run.text_bytes == 1
