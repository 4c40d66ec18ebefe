"""The `fineprint` command line: the typer app and the console-script entry point.

Each command lives in its own module of `cli/` (shared helpers in `cli/common.py`); they are
registered here in the order `fineprint --help` lists them. Heavy modules (Chroma, the model,
the ingest job, the bot) are imported inside the commands, so `fineprint --help` is instant.
"""

from __future__ import annotations

import sys

import typer

from cli.ask import ask
from cli.bot import bot
from cli.changes import changes
from cli.ingest import ingest
from cli.lookups import clause, platforms
from cli.timeline import timeline
from cli.watch import watch

app = typer.Typer(
    help="Fineprint: what platforms may do with your work, quoted from their terms.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

for command in (ingest, platforms, clause, ask, changes, timeline, watch, bot):
    app.command()(command)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted; the store keeps its last complete state", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
