"""`/timeline`: a document's versions on a time axis, its material changes by topic, as a
picture attached to the embed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from discord.ext import commands


async def setup(bot: commands.Bot) -> None:
    """Load the extension (`bot.client.EXTENSIONS`)."""
    from bot.exts.timeline._cog import Timelines

    await bot.add_cog(Timelines(bot))
