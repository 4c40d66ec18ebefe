"""`/watch platform [channel]` and `/unwatch platform`: terms-change alerts, for server managers.

Guarded like `/reingest`: hidden from members without Manage Server (`default_permissions`,
which a server can loosen) and checked again when the command runs. Subscriptions live in
`watches.json` in the data directory (guild, platform and channel ids only — not who asked:
`watches.py`), so they survive a restart; `alerts.py` posts to them after each refresh of the
index — in one process only (`BotSettings.runs_alerts`) when several share the data directory.

A watch is confirmed only where the bot can post: View Channel, Send Messages (Send Messages
in Threads in a thread) and Embed Links; what is missing is named to the manager, privately.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import channels
from bot.arguments import platform_slug
from bot.errors import defer, reply_privately
from bot.exts.watch.alerts import Alerts
from bot.exts.watch.more import MoreChanges
from bot.exts.watch.watches import WatchStore
from bot.render import user_text
from bot.runtime import runtime_of

Choices = list[app_commands.Choice[str]]
log = logging.getLogger(__name__)


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
        self.path = self.runtime.settings.watches_file(self.runtime.service.settings)
        self.store: WatchStore
        self.alerts: Alerts | None = None

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(MoreChanges)  # any alert's button, in every process
        self.store = await asyncio.to_thread(WatchStore, self.path)
        if self.runtime.settings.runs_alerts:
            self.alerts = Alerts(self.bot, self.runtime, self.store)
            self.runtime.refresh_listeners.append(self.alerts.check)
            await self.alerts.prime()

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(MoreChanges)
        if self.alerts is not None and self.alerts.check in self.runtime.refresh_listeners:
            self.runtime.refresh_listeners.remove(self.alerts.check)

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Removed from a server (or the server deleted): its watches can never be served."""
        dropped = await asyncio.to_thread(self.store.drop, guild_id=guild.id)
        if dropped:
            log.info("left guild %s: dropped %d watch(es)", guild.id, len(dropped))

    def channel_problem(self, interaction: discord.Interaction[Any], channel_id: int) -> str | None:
        """Why alerts could not arrive in that channel, from the bot's cached permissions."""
        guild = interaction.guild
        if guild is None or getattr(guild, "me", None) is None:
            return "Fineprint is not a member of this server: invite the bot, then try again."
        target = guild.get_channel_or_thread(channel_id)
        if target is None:
            return f"Fineprint cannot see <#{channel_id}>: give it View Channel there."
        lacking = channels.access(target).lacking
        if lacking:
            return (
                f"Fineprint can't post alerts in <#{channel_id}>: it needs "
                f"{', '.join(lacking)} there (channel settings › Permissions). "
                "Fix that, then run /watch again."
            )
        return None

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
    @app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
    async def watch(
        self,
        interaction: discord.Interaction[Any],
        platform: str,
        channel: discord.TextChannel | discord.Thread | None = None,
    ) -> None:
        problem = manager_problem(interaction)
        found = None if problem else self.runtime.catalog.platform(platform)
        if not problem and found is None:
            problem = platform_slug(self.runtime.catalog, platform)[1]
        channel_id = channel.id if channel is not None else interaction.channel_id
        if not problem and channel_id is None:
            problem = "Name a channel for the alerts."
        if not problem and channel_id is not None:
            problem = self.channel_problem(interaction, channel_id)
            if problem:
                log.warning("/watch refused in guild %s: %s", interaction.guild_id, problem)
        if problem or found is None or channel_id is None or interaction.guild_id is None:
            await reply_privately(interaction, problem or "Nothing to watch.")
            return
        await defer(interaction, private=False)  # the store's write waits on the disk
        previous = await asyncio.to_thread(
            self.store.watch, interaction.guild_id, found.slug, channel_id
        )
        moved = f" (moved from <#{previous}>)" if previous not in (None, channel_id) else ""
        await interaction.followup.send(
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
    @app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
    async def unwatch(self, interaction: discord.Interaction[Any], platform: str) -> None:
        problem = manager_problem(interaction)
        if problem or interaction.guild_id is None:
            await reply_privately(interaction, problem or "Watches belong to a server.")
            return
        found = self.runtime.catalog.platform(platform)
        slug = found.slug if found else platform.strip().lower()
        await defer(interaction, private=False)
        if not await asyncio.to_thread(self.store.unwatch, interaction.guild_id, slug):
            shown = user_text(platform)[:100]
            await reply_privately(interaction, f"This server does not watch “{shown}”.")
            return
        name = found.name if found else slug
        await interaction.followup.send(
            f"🔕 No more alerts for **{user_text(name)}** in this server.",
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @watch.autocomplete("platform")
    async def _platforms(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self.runtime.catalog.platform_choices(current)

    @unwatch.autocomplete("platform")
    async def _watched(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        """Only what this server watches (filtered before the cut to Discord's 25)."""
        if interaction.guild_id is None:
            return []
        watched = {w.platform for w in self.store.watches(guild_id=interaction.guild_id)}
        return self.runtime.catalog.platform_choices(current, only=watched)
