"""`/changes`: what changed between two versions of a document."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from discord.ext import commands


async def setup(bot: commands.Bot) -> None:
    """Load the extension (`bot.client.EXTENSIONS`)."""
    from bot.exts.changes._cog import Changes

    await bot.add_cog(Changes(bot))
