"""The scheduled live fetch (`FINEPRINT_BOT_WATCH_EVERY`), whose refresh fires the alerts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from discord.ext import commands


async def setup(bot: commands.Bot) -> None:
    """Load the extension (`bot.client.EXTENSIONS`)."""
    from bot.exts.watch_schedule._cog import WatchSchedule

    await bot.add_cog(WatchSchedule(bot))
