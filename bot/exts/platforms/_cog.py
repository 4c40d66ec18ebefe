"""`/platforms`: what Fineprint has ingested — platforms, documents and version dates."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cooldown import cooldown_message
from bot.errors import defer, reply_privately
from bot.exts.platforms.embeds import platforms_pages
from bot.pagination import send_pages
from bot.runtime import runtime_of


class Coverage(commands.Cog):
    """Lists the coverage, read fresh from the store's registry."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.runtime = runtime_of(bot)

    @app_commands.command(
        name="platforms", description="What Fineprint covers: platforms, documents, version dates"
    )
    @app_commands.describe(private="Only you see the list")
    async def platforms(self, interaction: discord.Interaction[Any], private: bool = False) -> None:
        wait = self.runtime.lookups.retry_after(interaction.user.id)
        if wait is not None:
            await reply_privately(interaction, cooldown_message(wait))
            return
        await defer(interaction, private=private)
        overview = await self.runtime.run(self.runtime.service.platforms)
        await send_pages(interaction, platforms_pages(overview), private=private)
