"""`/watch platform [channel]` and `/unwatch platform`: terms-change alerts, for server managers.

Guarded like `/reingest`: hidden from members without Manage Server (`default_permissions`,
which a server can loosen) and checked again when the command runs. Subscriptions live in
`watches.json` in the data directory (guild, platform and channel ids only — not who asked),
so they survive a restart; `bot.alerts` posts to them after each refresh of the index.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.alerts import Alerts
from bot.errors import reply_privately
from bot.exts.ask import Asking
from bot.runtime import runtime_of
from bot.watches import WatchStore

Choices = list[app_commands.Choice[str]]


def manager_problem(interaction: discord.Interaction[Any]) -> str | None:
    if interaction.guild is None:
        return "Watches belong to a server: use this command in one."
    permissions = interaction.permissions
    if not (permissions.manage_guild or permissions.administrator):
        return "Only server managers (Manage Server permission) can change watches."
    return None


class Watching(commands.Cog):
    """Subscribe channels to a platform's terms changes; the alerts fire from here."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.runtime = runtime_of(bot)
        path = self.runtime.settings.watches_file(self.runtime.service.settings)
        self.alerts = Alerts(bot, self.runtime, WatchStore(path))

    async def cog_load(self) -> None:
        self.runtime.refresh_listeners.append(self.alerts.check)
        await self.alerts.prime()

    async def cog_unload(self) -> None:
        if self.alerts.check in self.runtime.refresh_listeners:
            self.runtime.refresh_listeners.remove(self.alerts.check)

    @app_commands.command(
        name="watch",
        description="Post an alert here when a platform's terms change (server managers)",
    )
    @app_commands.describe(
        platform="The platform to watch, e.g. SoundCloud",
        channel="Where alerts go (default: this channel)",
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def watch(
        self,
        interaction: discord.Interaction[Any],
        platform: str,
        channel: discord.TextChannel | None = None,
    ) -> None:
        problem = manager_problem(interaction)
        found = None if problem else self.runtime.catalog.platform(platform)
        if not problem and found is None:
            problem = Asking(self.runtime).platform_slug(platform)[1]
        channel_id = channel.id if channel is not None else interaction.channel_id
        if not problem and channel_id is None:
            problem = "Name a channel for the alerts."
        if problem or found is None or channel_id is None or interaction.guild_id is None:
            await reply_privately(interaction, problem or "Nothing to watch.")
            return
        previous = self.alerts.store.watch(interaction.guild_id, found.slug, channel_id)
        moved = f" (moved from <#{previous}>)" if previous not in (None, channel_id) else ""
        await interaction.response.send_message(
            f"👀 Watching **{found.name}**: when its terms change materially (AI, licence, "
            f"ownership and other creator topics), an alert goes to <#{channel_id}>{moved}. "
            f"`/unwatch {found.slug}` stops it.",
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @app_commands.command(
        name="unwatch",
        description="Stop a platform's terms-change alerts in this server (server managers)",
    )
    @app_commands.describe(platform="The platform to stop watching")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def unwatch(self, interaction: discord.Interaction[Any], platform: str) -> None:
        problem = manager_problem(interaction)
        if problem or interaction.guild_id is None:
            await reply_privately(interaction, problem or "Watches belong to a server.")
            return
        found = self.runtime.catalog.platform(platform)
        slug = found.slug if found else platform.strip().lower()
        if not self.alerts.store.unwatch(interaction.guild_id, slug):
            shown = render.user_text(platform)[:100]
            await reply_privately(interaction, f"This server does not watch “{shown}”.")
            return
        name = found.name if found else slug
        await interaction.response.send_message(
            f"🔕 No more alerts for **{render.user_text(name)}** in this server.",
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @watch.autocomplete("platform")
    async def _platforms(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self.runtime.catalog.platform_choices(current)

    @unwatch.autocomplete("platform")
    async def _watched(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        """Only what this server watches."""
        if interaction.guild_id is None:
            return []
        watched = {w.platform for w in self.alerts.store.watches(guild_id=interaction.guild_id)}
        return [c for c in self.runtime.catalog.platform_choices(current) if c.value in watched]


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Watching(bot))
