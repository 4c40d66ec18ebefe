"""`@Fineprint sync …`: the owner pushes the slash commands to Discord."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from discord.ext import commands


async def setup(bot: commands.Bot) -> None:
    """Load the extension (`bot.client.EXTENSIONS`)."""
    from bot.exts.admin._cog import Admin

    await bot.add_cog(Admin(bot))
