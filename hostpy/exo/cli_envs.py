"""The `exo` commands for envs: load, ps, pages, kill and console. Each parses its options,
calls the Target API and prints for people (rich, on a terminal) or for scripts (--json)."""

from __future__ import annotations

import contextlib
import json
import sys
import time

import click

from .abi import ANY, EnvState
from .clicommon import emit, json_option, on_terminal, port_option, resolve_port, rich_table
from .envs import (
    ConsoleLog,
    ConsoleOutput,
    EnvInfo,
    Exit,
    Fault,
    PageMap,
    format_env,
    format_rights,
)
from .image import load_image
from .target import Target

ENV_ARG = "ENV"  # shown in --help: an id (decimal or 0x hex) or a unique name
MAP_CELLS = 1024  # at most this many cells in the page map; pages are grouped to fit
MAP_WIDTH = 64  # cells a row
POLL = 2.0  # seconds of quiet after which a follower asks the env table whether the env ended
PALETTE = ["red", "green", "yellow", "blue", "magenta", "cyan", "bright_red", "bright_green"]
PALETTE += ["bright_yellow", "bright_blue", "bright_magenta", "bright_cyan", "orange3", "purple"]


@click.command()
@click.argument("image", type=click.Path(exists=True, dir_okay=False))
@click.option("--name", help="env name (default: the image file's name, 15 characters at most)")
@click.option("--arg", "args", multiple=True, help="an argument for the env (repeatable)")
@click.option("--follow", "-f", is_flag=True, help="stream its console until it exits")
@click.option(
    "--slots",
    type=click.IntRange(0, 255),
    default=1,
    show_default=True,
    help="free slots of the time-slice vector to give it (0: it runs only when donated to)",
)
@port_option
@json_option
def load(
    image: str, name: str | None, args: tuple[str, ...], follow: bool, slots: int, port, as_json
):
    """Load IMAGE (a libOS ELF) into a new env and start it; prints the env id.

    The image goes to the lowest run of free pages big enough, and gets --slots slots. With
    --follow, the env's console is shown until it exits (or Ctrl-C) and the exit status is the
    env's exit code (1 if it stopped on a fault)."""
    with Target.open(resolve_port(port)) as t:
        img = load_image(image, xlen=t.xlen())
        if follow:  # before the env exists: a short-lived env may be gone before an attach
            t.console_attach(ANY, backlog=False)
        start = time.monotonic()
        if on_terminal() and not as_json:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task(f"loading {click.format_filename(image)}", total=None)
                progress = lambda d, n: bar.update(task, completed=d, total=n)  # noqa: E731
                env = t.load(img, name, args, progress, slots)
        else:
            env = t.load(img, name, args, slots=slots)
        seconds = time.monotonic() - start
        size = img.span + (sum(len(a) + 1 for a in args) + 1 if args else 0)
        info = dict(env=env, pages=img.span_pages + bool(args), bytes=size, seconds=seconds)
        info["slots"] = slots
        text = f"{format_env(env)}" if not follow else f"exo: loaded {format_env(env)}"
        if follow and not as_json:
            click.echo(text, err=True)
        else:
            emit(info, as_json, text)
        if follow:
            end = _follow(t, env, backlog=True, as_json=as_json, attach=False)
            click.get_current_context().exit(_status(end, env))


@click.command()
@port_option
@json_option
def ps(port: str | None, as_json: bool) -> None:
    """List the envs: id, index, generation, name, state, exit code, pages, fault."""
    with Target.open(resolve_port(port)) as t:
        envs = t.envs()
    if as_json:
        click.echo(json.dumps([e.as_dict() for e in envs]))
        return
    header = ("id", "index", "gen", "name", "state", "exit", "pages", "fault")
    rows = [_ps_row(e) for e in envs]
    if rich_table(header, rows, f"envs on {t.port}"):
        return
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _ps_row(e: EnvInfo) -> tuple[str, ...]:
    exit_code = str(e.exit_code) if e.state == EnvState.DEAD else ""
    fault = str(e.fault) if e.fault else ""
    return (
        format_env(e.id),
        str(e.index),
        str(e.generation),
        e.name,
        e.state_name,
        exit_code,
        str(e.pages),
        fault,
    )


@click.command()
@port_option
@json_option
def pages(port: str | None, as_json: bool) -> None:
    """Who owns each page: a colour map on a terminal (a cell a page, or a group of pages, with
    a legend of envs), runs as text otherwise, --json the runs."""
    with Target.open(resolve_port(port)) as t:
        m = t.pages()
        names = {e.id: e.name for e in t.envs()} if on_terminal() and not as_json else {}
    if as_json:
        click.echo(json.dumps(m.as_dict()))
    elif on_terminal():
        from rich.console import Console

        Console().print(page_map_text(m, names))
    else:
        click.echo(f"pages 0x{m.page_first:x}..0x{m.page_first + m.page_count - 1:x}")
        for r in m.runs:
            owner = "free" if r.free else f"{format_env(r.owner)} {format_rights(r.rights)}"
            click.echo(f"0x{r.first:x}..0x{r.end - 1:x} {r.pages} {owner}")


def page_map_text(m: PageMap, names: dict[int, str]):
    """The map as rich Text: one cell a group of pages, in the colour of the env owning most
    of its owned pages: full (█) when every page is owned, shaded (▒) when only some are."""
    from rich.text import Text

    group = max(1, -(-m.page_count // MAP_CELLS))
    owners = sorted({r.owner for r in m.runs if not r.free})
    colour = {o: PALETTE[i % len(PALETTE)] for i, o in enumerate(owners)}
    per_page = [0] * m.page_count
    for r in m.runs:
        for p in range(r.first - m.page_first, r.end - m.page_first):
            per_page[p] = r.owner
    out = Text()
    what = "page" if group == 1 else f"{group} pages"
    out.append(f"0x{m.page_first:x}: one cell per {what}, {m.free_pages} free\n")
    cells = -(-m.page_count // group)
    for cell in range(cells):
        chunk = per_page[cell * group : (cell + 1) * group]
        owned = [o for o in chunk if o]  # any owned page shows, so a small env is not hidden
        if not owned:
            out.append("·", style="dim")
        else:
            owner = max(set(owned), key=owned.count)
            out.append("█" if len(owned) == len(chunk) else "▒", style=colour[owner])
        if (cell + 1) % MAP_WIDTH == 0 or cell + 1 == cells:
            out.append("\n")
    for o in owners:
        out.append("█ ", style=colour[o])
        out.append(f"{format_env(o)} {names.get(o, '?')}: {m.owned_by(o)} pages\n")
    out.append("· free", style="dim")
    out.append("   ▒ partly owned\n" if group > 1 else "\n")
    return out


@click.command()
@click.argument("env", metavar=ENV_ARG)
@port_option
@json_option
def kill(env: str, port: str | None, as_json: bool) -> None:
    """Destroy ENV (an id, decimal or 0x hex, or a unique name); its pages become free."""
    with Target.open(resolve_port(port)) as t:
        env_id = t.env_id(env)
        freed = t.kill(env_id)
    emit(
        dict(env=env_id, pages=freed), as_json, f"killed {format_env(env_id)}: {freed} pages freed"
    )


@click.command()
@click.argument("env", metavar=ENV_ARG)
@click.option("--no-backlog", is_flag=True, help="only new output, not what the target kept")
@port_option
@json_option
def console(env: str, no_backlog: bool, port: str | None, as_json: bool) -> None:
    """Stream ENV's console (an id or a unique name) until it exits or Ctrl-C. Output the
    target's ring overwrote before it could be sent shows as `[N bytes lost]`. A DEAD env's
    console stays readable until its table entry is reused by another env."""
    with Target.open(resolve_port(port)) as t:
        env_id = t.env_id(env)
        end = _follow(t, env_id, backlog=not no_backlog, as_json=as_json)
    if end is not None and not as_json:
        click.echo(f"exo: {format_env(env_id)} {_describe(end)}", err=True)


def _follow(
    t: Target, env: int, backlog: bool, as_json: bool, attach: bool = True
) -> int | Fault | None:
    """Print the env's console until it exits or stops (returned) or Ctrl-C (None)."""
    log = ConsoleLog(next=0 if backlog else None)
    out = sys.stdout.buffer if not as_json else None
    if attach:
        t.console_attach(env, backlog=backlog)
    ended = _code(t.env_end(env))
    polled = time.monotonic()
    with contextlib.suppress(KeyboardInterrupt):
        while True:
            quiet = True
            for ev in t.events(timeout=0.3):
                quiet = False
                if isinstance(ev, ConsoleOutput) and ev.env == env:
                    gap, data = log.add(ev)
                    _show(out, gap, data, ev, as_json)
                elif isinstance(ev, Exit | Fault) and ev.env == env:
                    ended = _code(ev)
            if ended is not None and quiet:
                break
            if quiet and time.monotonic() - polled > POLL:
                ended, polled = _code(t.env_end(env)), time.monotonic()  # its event went unseen
        if as_json and ended is not None:
            key = "exit_code" if isinstance(ended, int) else "fault"
            click.echo(json.dumps({key: ended if isinstance(ended, int) else ended.as_dict()}))
        return ended
    return None


def _code(end: Exit | Fault | None) -> int | Fault | None:
    return end.code if isinstance(end, Exit) else end


def _show(out, gap: int, data: bytes, ev: ConsoleOutput, as_json: bool) -> None:
    if as_json:
        text = data.decode("utf-8", "replace")
        click.echo(json.dumps(dict(env=ev.env, offset=ev.end - len(data), lost=gap, data=text)))
        return
    if gap:
        out.write(f"[{gap} bytes lost]".encode())
    out.write(data)
    out.flush()


def _describe(end: int | Fault) -> str:
    return f"stopped: {end}" if isinstance(end, Fault) else f"exited with code {end}"


def _status(end: int | Fault | None, env: int) -> int:
    if end is None:
        return 130
    click.echo(f"exo: {format_env(env)} {_describe(end)}", err=True)
    return 1 if isinstance(end, Fault) else end & 0xFF


COMMANDS = (load, ps, pages, kill, console)
