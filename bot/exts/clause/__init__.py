"""`/clause`: a section of the terms, in full."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from discord.ext import commands


async def setup(bot: commands.Bot) -> None:
    """Load the extension (`bot.client.EXTENSIONS`)."""
    from bot.exts.clause._cog import ClauseLookup

    await bot.add_cog(ClauseLookup(bot))
