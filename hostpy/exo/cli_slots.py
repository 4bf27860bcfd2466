"""The `exo` commands for CPU time and revocation: slots (the time-slice vector as a picture)
and revoke (ask an env to give pages or slots back; report what it gave and what was taken)."""

from __future__ import annotations

import json

import click

from .cli_envs import ENV_ARG, PALETTE
from .clicommon import emit, json_option, on_terminal, port_option, resolve_port
from .envs import SlotMap, format_env, kind_name
from .errors import ExoError
from .target import REVOKE_DEADLINE_MS, Target

SLOTS_WIDTH = 32  # slots a row of the picture


@click.command()
@port_option
@json_option
def slots(port: str | None, as_json: bool) -> None:
    """The time-slice vector: a cell a slot in its owner's colour with a legend and the running
    slot marked on a terminal, runs of slots as text otherwise, --json the owners."""
    with Target.open(resolve_port(port)) as t:
        m = t.slots()
        names = {e.id: e.name for e in t.envs()}
    if as_json:
        owners = {format_env(o): names.get(o, "?") for o in m.envs()}
        click.echo(json.dumps(m.as_dict() | {"names": owners}))
    elif on_terminal():
        from rich.console import Console

        Console().print(slot_map_text(m, names))
    else:
        click.echo(slot_map_plain(m, names))


def slot_map_text(m: SlotMap, names: dict[int, str]):
    """The vector as rich Text: two columns a slot (█ owned, · free), a row of marks under the
    running slot, then a legend of owners with their share of the CPU."""
    from rich.text import Text

    colour = {o: PALETTE[i % len(PALETTE)] for i, o in enumerate(m.envs())}
    out = Text()
    running = "idle" if m.current is None else f"slot {m.current} running"
    out.append(f"{m.slot_count} slots of {m.slot_ticks} ticks, {m.free_slots} free, {running}\n")
    for row in range(0, m.slot_count, SLOTS_WIDTH):
        for owner in m.owners[row : row + SLOTS_WIDTH]:
            if owner:
                out.append("██", style=colour[owner])
            else:
                out.append("··", style="dim")
        out.append("\n")
        if m.current is not None and row <= m.current < row + SLOTS_WIDTH:
            out.append("  " * (m.current - row) + "^^ running\n", style="bold")
    for o in m.envs():
        share = m.owned_by(o) / m.slot_count
        out.append("██ ", style=colour[o])
        out.append(f"{format_env(o)} {names.get(o, '?')}: {m.owned_by(o)} slots ({share:.0%})\n")
    out.append("·· free\n", style="dim")
    return out


def slot_map_plain(m: SlotMap, names: dict[int, str]) -> str:
    """The vector as lines of text: a header, then each run of slots with one owner."""
    running = "idle" if m.current is None else f"running {m.current}"
    lines = [f"slots {m.slot_count} ticks {m.slot_ticks} free {m.free_slots} {running}"]
    start = 0
    for i in range(1, m.slot_count + 1):
        if i == m.slot_count or m.owners[i] != m.owners[start]:
            owner = m.owners[start]
            who = f"{format_env(owner)} {names.get(owner, '?')}" if owner else "free"
            span = f"{start}" if i - start == 1 else f"{start}..{i - 1}"
            lines.append(f"{span} {who}")
            start = i
    return "\n".join(lines)


@click.command()
@click.argument("env", metavar=ENV_ARG)
@click.option("--pages", type=int, help="pages to take back")
@click.option("--slots", "slot_count", type=int, help="slots to take back")
@click.option(
    "--deadline",
    type=int,
    default=REVOKE_DEADLINE_MS,
    show_default=True,
    help="milliseconds the env has to give them back before they are taken",
)
@port_option
@json_option
def revoke(
    env: str,
    pages: int | None,
    slot_count: int | None,
    deadline: int,
    port: str | None,
    as_json: bool,
) -> None:
    """Ask ENV (an id or a unique name) to give back --pages N or --slots N within --deadline
    ms; whatever it has not given by then the abort protocol takes. Reports both."""
    if (pages is None) == (slot_count is None):
        raise ExoError("revoke: give either --pages N or --slots N")
    with Target.open(resolve_port(port)) as t:
        r = t.revoke(env, pages=pages, slots=slot_count, deadline_ms=deadline)
    emit(
        r.as_dict(),
        as_json,
        f"revoked {r.requested} {kind_name(r.kind)} of {format_env(r.env)}: "
        f"{r.given} given, {r.taken} taken",
    )


COMMANDS = (slots, revoke)
