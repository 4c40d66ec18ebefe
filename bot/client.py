"""The Discord client: minimal intents, no pings, one cog per feature, errors as refs.

`FineprintBot` is an `AutoShardedBot`, so one process serves many guilds (and several
processes can share one Chroma server through `FINEPRINT_CHROMA_URL`). `LocalFineprintBot`
is the same bot on one shard: what dpytest can drive, and enough for a small server.
Commands are synced only when asked (`--sync`, or the owner's `sync` command): syncing on
every start or reconnect gets a bot rate-limited.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import Any, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import reply_privately, report_failure
from bot.runtime import Runtime, runtime_of

log = logging.getLogger("bot")

EXTENSIONS = (
    "bot.exts.ask",
    "bot.exts.clause",
    "bot.exts.platforms",
    "bot.exts.reingest",
    "bot.exts.watch",
    "bot.exts.watch_schedule",
    "bot.exts.changes",
    "bot.exts.timeline",
    "bot.exts.admin",
)


DMS_OFF = (
    "Fineprint answers in servers only here (its operator turned DMs off): ask with /ask or "
    "by mentioning it in a server it is in."
)
SYNC_REQUEST = re.compile(r"sync(?:\s+(?:global|here|dev|clear|\d{15,22}))?")


def is_sync_request(context: commands.Context[Any]) -> bool:
    """The owner's `@Fineprint sync [global|here|dev|clear|<server id>]` and nothing else:
    "@Fineprint sync licensing: can YouTube…" is a question about sync licensing."""
    if context.command is None or context.command.name != "sync" or context.prefix is None:
        return False
    rest = context.message.content[len(context.prefix) :].strip()
    return SYNC_REQUEST.fullmatch(rest) is not None


def intents() -> discord.Intents:
    """Only what the bot reads: guild structure, and messages that mention it or are DMs.

    No privileged intent: Discord delivers the content of messages that mention the bot, and
    of DMs, without `message_content`; slash commands need no message intent at all.
    """
    chosen = discord.Intents.none()
    chosen.guilds = True
    chosen.guild_messages = True
    chosen.dm_messages = True
    return chosen


class FineprintTree(app_commands.CommandTree[Any]):
    """Turns every failed slash command into a private, friendly reply."""

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """With DMs off (FINEPRINT_BOT_DMS), a command from a DM — still offered there by
        commands synced before the switch — is refused with a short private note."""
        if interaction.guild_id is not None or runtime_of(self.client).settings.dms:
            return True
        if interaction.type is discord.InteractionType.application_command:
            await reply_privately(interaction, DMS_OFF)
        return False

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CommandOnCooldown):
            await reply_privately(
                interaction, f"Slow down a little: try again in {error.retry_after:.0f}s."
            )
        elif isinstance(error, app_commands.MissingPermissions | app_commands.NoPrivateMessage):
            await reply_privately(interaction, f"You can't use this here: {error}")
        elif isinstance(error, app_commands.CheckFailure):
            await reply_privately(interaction, "You can't use this command.")
        else:
            original = getattr(error, "original", error)
            where = f"/{interaction.command.qualified_name}" if interaction.command else "command"
            await report_failure(interaction, original, where)


def bot_options(dms: bool = True) -> dict[str, Any]:
    """The client's options; `dms` (FINEPRINT_BOT_DMS) says whether commands work in DMs."""
    return {
        "command_prefix": commands.when_mentioned,  # only the owner's `@Fineprint sync`
        "help_command": None,
        "intents": intents(),
        "allowed_mentions": discord.AllowedMentions.none(),
        "tree_cls": FineprintTree,
        "activity": discord.Activity(type=discord.ActivityType.listening, name="/ask"),
        # pinned, not Discord's defaults: installed to servers only; usable there and in DMs
        # with the bot unless FINEPRINT_BOT_DMS=off
        "allowed_installs": app_commands.AppInstallationType(guild=True, user=False),
        "allowed_contexts": app_commands.AppCommandContext(
            guild=True, dm_channel=dms, private_channel=False
        ),
    }


@dataclass(frozen=True)
class SyncRequest:
    """Sync the slash commands once at start: to one guild (instant), or globally."""

    guild_id: int | None = None


async def sync_commands(bot: commands.Bot, guild_id: int | None) -> int:
    """Push the command tree to Discord; a guild gets a copy of the global commands."""
    if guild_id is None:
        synced = await bot.tree.sync()
        log.warning(
            "synced %d commands globally (clients may take a while to show them)", len(synced)
        )
    else:
        guild = discord.Object(guild_id)
        bot.tree.copy_global_to(guild=guild)
        synced = await bot.tree.sync(guild=guild)
        log.warning("synced %d commands to guild %d", len(synced), guild_id)
    return len(synced)


async def clear_guild_commands(bot: commands.Bot, guild_id: int) -> None:
    """Drop a guild's copy of the commands (the global ones stay)."""
    guild = discord.Object(guild_id)
    bot.tree.clear_commands(guild=guild)
    await bot.tree.sync(guild=guild)
    log.warning("removed the guild copy of the commands from guild %d", guild_id)


def text_only() -> None:
    """Silence discord.py's "PyNaCl / davey is not installed, voice will NOT be supported":
    this bot never joins a voice channel, so the warning would only alarm whoever runs it."""
    from discord.voice_client import VoiceClient

    for flag in ("warn_nacl", "warn_dave"):
        if hasattr(VoiceClient, flag):
            setattr(VoiceClient, flag, False)


class _Fineprint:
    """Start-up shared by both bot classes."""

    runtime: Runtime
    sync_request: SyncRequest | None
    _announced: bool

    async def setup_hook(self) -> None:
        """After login, before the gateway: cogs, then model and index, then (if asked) sync,
        so the bot only shows as online when it can answer."""
        bot = cast(commands.Bot, self)
        for extension in EXTENSIONS:
            await bot.load_extension(extension)
        started = time.perf_counter()
        await self.runtime.warm_up()
        log.info("model, store and index ready in %.1fs", time.perf_counter() - started)
        if self.sync_request is not None:
            await sync_commands(bot, self.sync_request.guild_id)

    async def on_message(self, message: discord.Message) -> None:
        """Invoke real message commands only (the owner's `sync`): any other mention is a
        question for the Ask cog, not an unknown command worth an error in the log."""
        bot = cast(commands.Bot, self)
        if message.author.bot:
            return
        context = await bot.get_context(message)
        if is_sync_request(context):
            await bot.invoke(context)

    async def on_ready(self) -> None:
        bot = cast(commands.Bot, self)
        if getattr(self, "_announced", False):
            log.info("reconnected")  # on_ready repeats after reconnects: nothing to redo
            return
        self._announced = True
        log.warning(
            "Fineprint is online as %s in %d guilds (%d shards)",
            bot.user,
            len(bot.guilds),
            bot.shard_count or 1,
        )


def shard_options(runtime: Runtime) -> dict[str, Any]:
    """Explicit shards (FINEPRINT_BOT_SHARD_COUNT / _SHARD_IDS), else Discord's advice.

    Without them every process starts every shard, so two processes answer everything
    twice: run one process, or give each its own shard ids of one shard count.
    """
    settings = runtime.settings
    if settings.shard_count is None:
        return {}
    ids = list(settings.shard_ids) or list(range(settings.shard_count))
    return {"shard_count": settings.shard_count, "shard_ids": ids}


class FineprintBot(_Fineprint, commands.AutoShardedBot):
    def __init__(self, runtime: Runtime, sync_request: SyncRequest | None = None) -> None:
        text_only()
        super().__init__(**(bot_options(runtime.settings.dms) | shard_options(runtime)))
        self.runtime = runtime
        self.sync_request = sync_request


class LocalFineprintBot(_Fineprint, commands.Bot):
    def __init__(
        self, runtime: Runtime, sync_request: SyncRequest | None = None, **options: Any
    ) -> None:
        text_only()
        super().__init__(**(bot_options(runtime.settings.dms) | options))
        self.runtime = runtime
        self.sync_request = sync_request
