"""The `exo` command: parses options, calls the library (exo.target, exo.qemu), maps errors to
one line on stderr and a non-zero exit code. Human output uses rich only on a terminal; every
command has --json for scripts."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import click

from . import cli_envs, cli_repl, cli_slots
from .abi import ANY
from .boards import load_board
from .clicommon import (
    STATE_FILE,
    ExoGroup,
    board_option,
    emit,
    json_option,
    on_terminal,
    pid_alive,
    port_option,
    read_state,
    resolve_port,
    rich_table,
    state_dir,
)
from .envs import ConsoleOutput, event_dict, event_text, format_env
from .errors import ExoError
from .qemu import Qemu, firmware_path, quit_detached
from .target import Target
from .terminal import run_terminal


@click.group(cls=ExoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="exo-host")
def main() -> None:
    """Host tools for the exo exokernel: boot QEMU, talk to the target over its serial line."""


@main.command()
@board_option
@click.option("--detach", is_flag=True, help="leave QEMU running; `exo stop` stops it")
@click.option(
    "--firmware",
    type=click.Path(exists=True, dir_okay=False),
    help="kernel image to boot (default build/BOARD/exo.elf; exo-bundle.elf starts its bundle)",
)
@json_option
def boot(board: str, detach: bool, firmware: str | None, as_json: bool) -> None:
    """Boot the firmware in QEMU.

    Detached: print where the line is (`--json`: {"port", "pid"}) and record it for the other
    commands. Otherwise: on a terminal, show the serial console until Ctrl-]; else run a short
    demo (HELLO, INFO, a few PINGs) and stop QEMU.
    """
    b = load_board(board)
    elf = Path(firmware) if firmware else None
    if detach:
        _boot_detached(b, as_json, elf)
        return
    with (
        tempfile.TemporaryDirectory(prefix="exo-boot-") as run,
        Qemu(b, workdir=Path(run), firmware=elf) as q,
    ):
        target = Target.open(q.start(), log_path=q.log_path)
        with target:
            q.resume()
            if sys.stdin.isatty() and not as_json:
                click.echo(f"exo: {b.name} on {q.pty} (pid {q.pid}); Ctrl-] quits", err=True)
                run_terminal(target)
                return
            _demo(target, as_json, firmware_path(b).parent / "libos" / "hello.elf")


def _boot_detached(b, as_json: bool, firmware: Path | None) -> None:
    old = read_state()
    if old and pid_alive(old.get("pid", -1)):
        raise ExoError(
            f"QEMU is already running (pid {old['pid']}, port {old['port']}); `exo stop` first"
        )
    run = state_dir() / b.name
    q = Qemu(b, workdir=run, firmware=firmware)
    port = q.start(detach=True)
    q.resume()
    state = dict(port=port, pid=q.pid, board=b.name, qmp=str(q.qmp_path), log=str(q.log_path))
    state_dir().mkdir(parents=True, exist_ok=True)
    (state_dir() / STATE_FILE).write_text(json.dumps(state))
    q.detach()
    text = f"exo: {b.name} running, pid {state['pid']}, port {port}, serial log {state['log']}"
    emit({"port": port, "pid": state["pid"]}, as_json, text)


def _demo(target: Target, as_json: bool, hello_elf: Path) -> None:
    banner = target.banner()
    banner_line = f"exo {banner.version} board={banner.board} mem={banner.mem_mib} " + (
        f"pages={banner.pages_free}/{banner.pages_total} pmp={banner.pmp}"
    )
    hello = target.hello()
    info = target.info()
    rtts = [target.ping(bytes(size)).rtt for size in (0, 64, 256, 1024)]
    at_boot = target.envs()  # a boot bundle's envs, started before any host spoke
    app = _demo_app(target, hello_elf)
    if as_json:
        click.echo(
            json.dumps(
                dict(banner=banner.__dict__, hello=hello.__dict__, info=info, ping_rtt_s=rtts)
                | {"boot_envs": [e.as_dict() for e in at_boot]}
                | ({"app": app} if app else {})
            )
        )
        return
    click.echo(banner_line)
    click.echo(
        f"HELLO: protocol {hello.protocol}, board {hello.board}, version {hello.version},"
        f" build {hello.build_id}, window {hello.window}, max body {hello.max_body}"
    )
    click.echo(
        f"INFO: {info['pages_free']}/{info['pages_total']} pages free, "
        f"{info['pmp_entries']} PMP entries, uptime {info['uptime_ticks']} ticks"
    )
    for size, rtt in zip((0, 64, 256, 1024), rtts, strict=True):
        click.echo(f"PING {size:5d} bytes: {rtt * 1e3:.2f} ms")
    for e in at_boot:
        end = f"exit code {e.exit_code}" if e.state_name == "DEAD" else e.state_name
        click.echo(f"BOOT ENV: {e.name} ({format_env(e.id)}) from the boot bundle, {end}")
    if app:
        click.echo(
            f"ENV: {app['name']} loaded as {format_env(app['env'])}, said {app['output']!r}, "
            f"exit code {app['exit_code']}"
        )


def _demo_app(target: Target, image: Path) -> dict | None:
    """Load libos/apps/hello (if built) with its console attached; what it said and returned."""
    if not image.is_file():
        return None
    target.console_attach(ANY)
    env = target.load(image)
    end = target.wait_exit(env, timeout=10)
    code = end if isinstance(end, int) else str(end)
    output = target.output(env).decode(errors="replace")
    return dict(name=image.stem, env=env, output=output, exit_code=code)


@main.command()
@click.argument("specs", metavar="SPEC...", nargs=-1, required=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), required=True, help="blob file")
@board_option
@json_option
def bundle(specs: tuple[str, ...], output: str, board: str, as_json: bool) -> None:
    """Build a boot bundle: each SPEC (IMAGE[,name=NAME][,slots=N][,arg=TEXT]...) relocated
    to the next pages of the board's bundle region, written as one blob (docs/images.md).
    `make -C firmware bundle BUNDLE="SPEC..."` links one into exo-bundle.elf."""
    from .bundle import build, describe

    images = build(board, specs, Path(output))
    emit({"images": [i.as_dict() for i in images]}, as_json, describe(images))


@main.command()
@json_option
def stop(as_json: bool) -> None:
    """Stop the QEMU a detached `exo boot` started."""
    state = read_state()
    if not state:
        raise ExoError(f"nothing to stop: no detached boot recorded in {state_dir()}")
    qmp = Path(state["qmp"])
    quit_detached(qmp, state["pid"])
    (state_dir() / STATE_FILE).unlink(missing_ok=True)
    if qmp.parent.name.startswith("exo-qmp-"):  # a short socket dir Qemu made in /tmp
        shutil.rmtree(qmp.parent, ignore_errors=True)
    emit({"stopped": state["pid"]}, as_json, f"exo: stopped QEMU (pid {state['pid']})")


@main.command()
@port_option
@json_option
def info(port: str | None, as_json: bool) -> None:
    """Show the target's INFO: board, memory, pages, PMP, uptime and link counters."""
    with Target.open(resolve_port(port)) as t:
        fields = t.info()
    if as_json:
        click.echo(json.dumps(fields))
        return
    rows = [(k, f"0x{v:x}" if k.endswith(("_base", "_end")) else str(v)) for k, v in fields.items()]
    if not rich_table(("field", "value"), rows, f"exo target on {t.port}"):
        for k, v in rows:
            click.echo(f"{k}: {v}")


@main.command()
@port_option
@click.option("--count", "-c", default=10, show_default=True, help="PINGs to send")
@click.option("--size", "-s", default=64, show_default=True, help="payload bytes (0..1024)")
@click.option("--flood", is_flag=True, help="keep the window full (measures throughput)")
@json_option
def ping(port: str | None, count: int, size: int, flood: bool, as_json: bool) -> None:
    """PING the target: round-trip times and bytes/s (payload both ways)."""
    if not 0 <= size <= 1024 or count < 1:
        raise click.BadParameter("size must be 0..1024 and count at least 1")
    with Target.open(resolve_port(port)) as t:
        t.hello()
        payload = os.urandom(size)
        start = time.monotonic()
        if flood:
            results = t.ping_many([payload] * count)
        elif on_terminal() and not as_json and count >= 100:
            from rich.progress import track

            results = [t.ping(payload) for _ in track(range(count), description="PING")]
        else:
            results = [t.ping(payload) for _ in range(count)]
        elapsed = time.monotonic() - start
    rtts = [r.rtt for r in results]
    stats = dict(
        count=count,
        size=size,
        rtt_min_ms=min(rtts) * 1e3,
        rtt_avg_ms=statistics.fmean(rtts) * 1e3,
        rtt_max_ms=max(rtts) * 1e3,
        bytes_per_s=2 * size * count / elapsed if elapsed > 0 else 0.0,
        seconds=elapsed,
    )
    emit(
        stats,
        as_json,
        f"{count} PINGs of {size} bytes: rtt min/avg/max {stats['rtt_min_ms']:.2f}/"
        f"{stats['rtt_avg_ms']:.2f}/{stats['rtt_max_ms']:.2f} ms, "
        f"{stats['bytes_per_s']:.0f} bytes/s",
    )


@main.command()
@port_option
@click.option("--session", "use_session", is_flag=True, help="open a session; show its events")
@json_option
def term(port: str | None, use_session: bool, as_json: bool) -> None:
    """Interactive terminal on the target's line (Ctrl-] quits).

    Plain: the line in terminal mode, byte for byte. --session: opens a link session and shows
    every env's console and the log, fault and exit events as they come (Ctrl-C quits); --json
    prints each event as a JSON line (and implies --session)."""
    with Target.open(resolve_port(port)) as t:
        if not (use_session or as_json):
            click.echo(f"exo: terminal on {t.port}; Ctrl-] quits", err=True)
            run_terminal(t)
            return
        t.console_attach(ANY)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                for ev in t.events(timeout=0.5):
                    if as_json:
                        click.echo(json.dumps(event_dict(ev)))
                    elif isinstance(ev, ConsoleOutput):
                        click.echo(ev.data.decode(errors="replace"), nl=False)
                    else:
                        click.echo(event_text(ev))


@main.command()
@board_option
@port_option
@click.option("--pings", default=300, show_default=True, help="PINGs per measurement")
@click.option("--link-only", is_flag=True, help="skip the instruction counts; measure the link")
@json_option
def bench(board: str, port: str | None, pings: int, link_only: bool, as_json: bool) -> None:
    """Run the benchmarks: instruction counts under QEMU -icount shift=0 (the kernel's paths,
    libexo's thread switch and malloc, exopy's scripts; ours beside OpenSBI's, with the DESIGN
    targets; a missed one is shown, not an error), sizes, then the link: small-PING round trip,
    maximum PINGs with the window full and one at a time, the raw byte rate of the same line, and
    the load of a 64 KiB image against it (wall clock, reported only). Writes
    build/bench/results.json; --json prints its text. See docs/benchmarks.md.

    The link part boots a fresh QEMU unless --port (or EXO_PORT) names a line."""
    from . import bench as counts
    from .linkbench import measure
    from .loadbench import measure_load

    b = load_board(board)
    rep = counts.Report(b.name, "-", "-") if link_only else counts.run_all(b)

    if port:
        with Target.open(port) as t:
            result = measure(t, pings)
            loaded = measure_load(t)
    else:
        with (
            tempfile.TemporaryDirectory(prefix="exo-bench-") as run,
            Qemu(b, Path(run)) as q,
            Target.open(q.start(), log_path=q.log_path) as t,
        ):
            q.resume()  # after the pty is open, so the banner is not lost
            t.banner()
            result = measure(t, pings)
            loaded = measure_load(t)
    r = result
    load_ratio = loaded.load_bytes_per_s / r.raw_bytes_per_s if r.raw_bytes_per_s else 0.0
    rep.link = r.as_dict() | {"window_to_raw": r.ratio()}
    rep.link |= loaded.as_dict() | {"load_to_raw": load_ratio, "load_target": counts.LOAD_TARGET}
    path = counts.write_report(rep)
    if as_json:
        click.echo(rep.to_json(), nl=False)  # the same text as results.json
        return
    title = f"exo bench: {rep.board}, QEMU {rep.qemu}, {rep.firmware}"
    if not rich_table(counts.HEADER, counts.rows(rep), title):
        click.echo(f"{title}\n{counts.table_text(rep)}")
    click.echo("\n".join(["", *counts.link_lines(rep.link), f"results: {path}"]))


for _command in cli_envs.COMMANDS + cli_slots.COMMANDS + cli_repl.COMMANDS:
    main.add_command(_command)

if __name__ == "__main__":
    main()
