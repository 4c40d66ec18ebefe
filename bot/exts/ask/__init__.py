"""Asking: `/ask`, an @mention or a DM, and the buttons under each answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from discord.ext import commands


async def setup(bot: commands.Bot) -> None:
    """Load the extension (`bot.client.EXTENSIONS`)."""
    from bot.exts.ask._cog import Ask
    from bot.exts.ask.buttons import AnswerButton

    bot.add_dynamic_items(AnswerButton)
    await bot.add_cog(Ask(bot))
