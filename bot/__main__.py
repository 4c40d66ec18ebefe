"""`python -m bot [--sync] [--guild ID]`: run the Discord bot (see docs/discord-bot.md)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Run Fineprint's Discord bot (token: DISCORD_TOKEN)."
    )
    parser.add_argument(
        "--sync",
        action="store_true",
        help="push the slash commands to Discord once at start (globally, or to --guild)",
    )
    parser.add_argument(
        "--guild", type=int, metavar="ID", help="sync to this server only (instant; implies --sync)"
    )
    args = parser.parse_args(argv)
    from bot.run import run_bot

    return run_bot(sync=args.sync, guild=args.guild)


if __name__ == "__main__":
    sys.exit(main())
