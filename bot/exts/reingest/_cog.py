"""`/reingest [platform]`: re-read the corpus into the store, for server managers only.

Guarded twice: the command is hidden from members without Manage Server
(`default_permissions`, which a server can loosen), so the callback checks the permission
again, plus the optional `FINEPRINT_BOT_REINGEST_USERS` allow-list. The ingest runs through
its public entry point in a child process (it can take minutes and loads the embedding
model, which the bot itself never needs), and the search index is reloaded after.

Start, progress, failure and the summary go to a message the bot posts in the channel, edited
with the bot's own token: an interaction's token dies after 15 minutes, and an ingest can run
longer. The command itself only gets a private "started" (or why not). Every few minutes
the bot also picks up ingests run elsewhere (a scheduled job, another bot process on the
same Chroma server).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot import channels
from bot.errors import defer, new_ref, reply_privately
from bot.exts.reingest.embeds import ingest_failed, ingest_progress, ingest_summary
from bot.ingest_job import run_ingest_job
from bot.render import user_text
from bot.runtime import runtime_of

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport

log = logging.getLogger(__name__)

PROGRESS_EVERY = 2.0  # seconds between progress edits (Discord rate-limits edits)
BUSY = (
    "⏸️ Not started: another ingest is already running (from the command line, a scheduled "
    "job or another bot process). Try again when it has finished."
)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Progress:
    """The latest (stage, done, total) the ingest reported, written from its thread."""

    def __init__(self) -> None:
        self.latest: tuple[str, int, int] | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.latest = (stage, done, total)  # one assignment: safe across threads


class Reingest(commands.Cog):
    """Runs one ingest at a time from Discord."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.runtime = runtime_of(bot)
        self.running = False

    async def cog_load(self) -> None:
        minutes = self.runtime.settings.refresh_minutes
        if minutes > 0:
            self.follow.change_interval(minutes=minutes)
            self.follow.start()

    async def cog_unload(self) -> None:
        self.follow.cancel()

    @tasks.loop(minutes=5)
    async def follow(self) -> None:
        """Reload when the store has a newer generation than the loaded index."""
        if self.follow.current_loop == 0 or self.running or not self.runtime.ready:
            return  # the first turn is start-up, which loads the index anyway
        try:
            if await self.runtime.refresh():
                log.info("picked up an ingest run elsewhere")
        except Exception:
            log.warning("could not check the store for a newer ingest", exc_info=True)

    def permission_problem(self, interaction: discord.Interaction[Any]) -> str | None:
        if interaction.guild is None:
            return "Re-ingest works in a server, for its managers."
        permissions = interaction.permissions
        if not (permissions.manage_guild or permissions.administrator):
            return "Only server managers (Manage Server permission) can re-ingest."
        allowed = self.runtime.settings.reingest_users
        if allowed and interaction.user.id not in allowed:
            return "Re-ingest is limited to the users this bot's operator allowed."
        return None

    def corpus_folder(self, platform: str) -> Path | None:
        """The corpus folder a typed platform names — only ever a direct child folder.
        Blocking (the service's sources wait while an index rebuild holds its lock, and the
        disk): call it off the event loop."""
        corpus = self.runtime.service.settings.corpus_dir
        found = self.runtime.catalog.platform(platform)
        sources = None if found else self.runtime.service.sources
        slug = found.slug if found else sources.resolve_platform(platform) if sources else None
        slug = slug or platform.strip().lower()
        if not _SLUG.fullmatch(slug):
            return None
        folder = corpus / slug
        return folder if folder.is_dir() else None

    def channel_problem(self, interaction: discord.Interaction[Any]) -> str | None:
        """Progress is posted in this channel: the bot must be able to (embeds included)."""
        guild = interaction.guild
        target = guild.get_channel_or_thread(interaction.channel_id or 0) if guild else None
        if target is None:
            return "Run /reingest in a channel Fineprint can see and post in."
        lacking = channels.access(target).lacking
        if lacking:
            return (
                f"Fineprint posts the re-ingest's progress in this channel and needs "
                f"{', '.join(lacking)} here for it. Run it where it can post, or grant that."
            )
        return None

    @app_commands.command(name="reingest", description="Re-read the terms corpus (server managers)")
    @app_commands.describe(platform="Only this platform (default: every platform)")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
    async def reingest(
        self, interaction: discord.Interaction[Any], platform: str | None = None
    ) -> None:
        problem = self.permission_problem(interaction)
        if not problem and self.running:
            problem = "A re-ingest is already running here; wait for its summary."
        if not problem:
            problem = self.channel_problem(interaction)
            if problem:
                log.warning("/reingest refused in guild %s: %s", interaction.guild_id, problem)
        if problem:
            await reply_privately(interaction, problem)
            return
        self.running = True
        try:
            await defer(interaction, private=True)  # before any disk work
            paths: list[Path] | None = None
            target = "the whole corpus"
            if platform and platform.strip():
                folder = await asyncio.to_thread(self.corpus_folder, platform)
                if folder is None:
                    shown = user_text(platform)[:100]
                    await reply_privately(interaction, f"The corpus has no folder for “{shown}”.")
                    return
                paths, target = [folder], folder.name
            await self._start(interaction, paths, target)
        finally:
            self.running = False

    async def _start(
        self, interaction: discord.Interaction[Any], paths: list[Path] | None, target: str
    ) -> None:
        channel = interaction.channel
        if not isinstance(channel, discord.abc.Messageable):
            await reply_privately(interaction, "Run /reingest in a server channel.")
            return
        message = await channel.send(
            ingest_progress(target, None, 0, 0), allowed_mentions=channels.NONE
        )
        try:
            await interaction.followup.send(
                f"Started: progress and the summary go to {message.jump_url}",
                ephemeral=True,
                allowed_mentions=channels.NONE,
            )
        except discord.HTTPException as error:  # the channel message says it all
            log.info("re-ingest: the private note was refused (%s)", channels.refusal(error))
        await self._run(message, paths, target)

    @reingest.autocomplete("platform")
    async def _platforms(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return self.runtime.catalog.platform_choices(current)

    async def _run(self, message: discord.Message, paths: list[Path] | None, target: str) -> None:
        from ingest.lock import IngestBusyError

        log.info("re-ingest of %s started from Discord", target)
        try:
            report = await self._ingest(message, paths, target)
        except IngestBusyError:
            await message.edit(content=BUSY, allowed_mentions=channels.NONE)
            return
        except Exception as error:  # the token is long dead: the channel message reports it
            await self._failed(message, target, error)
            return
        try:
            reloaded = await self.runtime.refresh()
        except Exception as error:
            await self._failed(message, target, error)
            return
        log.info("re-ingest of %s done in %.1fs, reloaded=%s", target, report.seconds, reloaded)
        with contextlib.suppress(discord.HTTPException):
            await message.edit(content=f"✅ Re-ingest of {target} finished.")
        await channels.send(
            message.channel,
            embed=ingest_summary(target, report, reloaded),
            reply_to=message,
            what="a re-ingest summary",
        )

    async def _ingest(
        self, message: discord.Message, paths: list[Path] | None, target: str
    ) -> IngestReport:
        """The ingest, its progress shown on `message` until it ends — before anything else
        is said there, so no late progress edit can hide the outcome."""
        progress = Progress()
        updates = asyncio.create_task(self._show_progress(message, progress, target))
        try:
            return await run_ingest_job(
                paths, self.runtime.service.settings, progress, self.runtime.ingest_embedder
            )
        finally:
            updates.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await updates

    async def _failed(self, message: discord.Message, target: str, error: Exception) -> None:
        """Say so on the progress message, with a ref to the trace in the log."""
        ref = new_ref()
        log.error("ref %s: re-ingest of %s failed", ref, target, exc_info=error)
        try:
            await message.edit(content=ingest_failed(target, ref), allowed_mentions=channels.NONE)
        except discord.HTTPException as refused:
            refused_by = channels.refusal(refused)
            log.warning("ref %s: could not say so in the channel (%s)", ref, refused_by)

    async def _show_progress(
        self, message: discord.Message, progress: Progress, target: str
    ) -> None:
        shown = None
        while True:
            await asyncio.sleep(PROGRESS_EVERY)
            latest = progress.latest
            if latest is not None and latest != shown:
                shown = latest
                try:
                    await message.edit(content=ingest_progress(target, *latest))
                except discord.HTTPException:
                    log.debug("could not edit the progress message", exc_info=True)
