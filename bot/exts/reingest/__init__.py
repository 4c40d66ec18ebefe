"""`/reingest`: re-read the corpus into the store, for server managers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from discord.ext import commands


async def setup(bot: commands.Bot) -> None:
    """Load the extension (`bot.client.EXTENSIONS`)."""
    from bot.exts.reingest._cog import Reingest

    await bot.add_cog(Reingest(bot))
