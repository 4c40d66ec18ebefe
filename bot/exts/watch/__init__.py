"""`/watch` and `/unwatch`: terms-change alerts to the channels that watch a platform."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from discord.ext import commands


async def setup(bot: commands.Bot) -> None:
    """Load the extension (`bot.client.EXTENSIONS`)."""
    from bot.exts.watch._cog import Watching

    await bot.add_cog(Watching(bot))
