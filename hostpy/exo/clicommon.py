"""What every `exo` command shares: where the line is (--port, EXO_PORT, a detached boot's
record), the common options, output for people or for scripts, and errors as one line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .boards import DEFAULT_BOARD
from .errors import ExoError, PortError

STATE_FILE = "boot.json"


def state_dir() -> Path:
    return Path(os.environ.get("EXO_STATE_DIR") or Path.home() / ".cache" / "exo")


def read_state() -> dict | None:
    try:
        return json.loads((state_dir() / STATE_FILE).read_text())
    except (OSError, ValueError):
        return None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def resolve_port(port: str | None) -> str:
    """--port / EXO_PORT, else the line of the QEMU a detached boot recorded."""
    if port:
        return port
    state = read_state()
    if state and pid_alive(state.get("pid", -1)):
        return state["port"]
    raise PortError("no port: give --port or EXO_PORT, or start QEMU with `exo boot --detach`")


def emit(data: dict, as_json: bool, text: str) -> None:
    if as_json:
        click.echo(json.dumps(data))
    else:
        click.echo(text)


def on_terminal() -> bool:
    return sys.stdout.isatty()


def rich_table(header: tuple[str, ...], rows: list[tuple[str, ...]], title: str) -> bool:
    """Print a rich table when stdout is a terminal (True); False means print plain text."""
    if not on_terminal():
        return False
    from rich.console import Console
    from rich.table import Table

    table = Table(*header, title=title)
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    return True


class ExoGroup(click.Group):
    """Turns every ExoError into one line on stderr and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ExoError as e:
            click.echo(f"exo: error: {e}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("exo: interrupted", err=True)
            ctx.exit(130)


port_option = click.option(
    "--port", envvar="EXO_PORT", help="serial device or URL (socket://HOST:PORT); env EXO_PORT"
)
json_option = click.option("--json", "as_json", is_flag=True, help="print JSON for scripts")
board_option = click.option(
    "--board", default=DEFAULT_BOARD, show_default=True, help="board name (boards/NAME.toml)"
)
