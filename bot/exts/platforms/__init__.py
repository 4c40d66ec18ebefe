"""`/platforms`: what Fineprint has ingested."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from discord.ext import commands


async def setup(bot: commands.Bot) -> None:
    """Load the extension (`bot.client.EXTENSIONS`)."""
    from bot.exts.platforms._cog import Coverage

    await bot.add_cog(Coverage(bot))
