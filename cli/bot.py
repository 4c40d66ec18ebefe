"""`fineprint bot [--sync] [--guild ID]`: run the Discord bot (the `bot` package).

A typer command function, registered in `cli/main.py`; the bot is imported only when run.
"""

from __future__ import annotations

from typing import Annotated

import typer


def bot(
    sync: Annotated[
        bool,
        typer.Option(
            "--sync",
            help="Push the slash commands to Discord (global, or --guild) at start, then go on "
            "running the bot as usual (Ctrl-C stops it).",
        ),
    ] = False,
    guild: Annotated[
        int | None,
        typer.Option(metavar="ID", help="Sync to this server only (instant; implies --sync)."),
    ] = None,
) -> None:
    """Run the Discord bot (token from DISCORD_TOKEN; see docs/discord-bot.md)."""
    from bot.run import run_bot

    raise typer.Exit(run_bot(sync=sync, guild=guild))
