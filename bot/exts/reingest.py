"""`/reingest [platform]`: re-read the corpus into the store, for server managers only.

Guarded twice: the command is hidden from members without Manage Server
(`default_permissions`, which a server can loosen), so the callback checks the permission
again, plus the optional `FINEPRINT_BOT_REINGEST_USERS` allow-list. The ingest runs through
its public entry point in a child process (it can take minutes and loads the embedding
model, which the bot itself never needs), a progress message is edited as it goes, and the
search index is reloaded after. Every few minutes the bot also picks up ingests run
elsewhere (a scheduled job, another bot process on the same Chroma server).
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

from bot import render
from bot.errors import defer, reply_privately
from bot.ingest_job import run_ingest_job
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
        """The corpus folder a typed platform names — only ever a direct child folder."""
        corpus = self.runtime.service.settings.corpus_dir
        found = self.runtime.catalog.platform(platform)
        sources = self.runtime.service.sources
        slug = found.slug if found else sources.resolve_platform(platform) if sources else None
        slug = slug or platform.strip().lower()
        if not _SLUG.fullmatch(slug):
            return None
        folder = corpus / slug
        return folder if folder.is_dir() else None

    @app_commands.command(name="reingest", description="Re-read the terms corpus (server managers)")
    @app_commands.describe(platform="Only this platform (default: every platform)")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def reingest(
        self, interaction: discord.Interaction[Any], platform: str | None = None
    ) -> None:
        problem = self.permission_problem(interaction)
        paths: list[Path] | None = None
        target = "the whole corpus"
        if not problem and platform and platform.strip():
            folder = self.corpus_folder(platform)
            if folder is None:
                shown = render.user_text(platform)[:100]
                problem = f"The corpus has no folder for “{shown}”."
            else:
                paths, target = [folder], folder.name
        if not problem and self.running:
            problem = "A re-ingest is already running here; wait for its summary."
        if problem:
            await reply_privately(interaction, problem)
            return
        self.running = True
        try:
            await defer(interaction, private=False)
            await self._run(interaction, paths, target)
        finally:
            self.running = False

    @reingest.autocomplete("platform")
    async def _platforms(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return self.runtime.catalog.platform_choices(current)

    async def _run(
        self, interaction: discord.Interaction[Any], paths: list[Path] | None, target: str
    ) -> None:
        from ingest.lock import IngestBusyError

        progress = Progress()
        await interaction.edit_original_response(content=render.ingest_progress(target, None, 0, 0))
        updates = asyncio.create_task(self._show_progress(interaction, progress, target))
        log.info("re-ingest of %s started from Discord", target)
        try:
            report: IngestReport = await run_ingest_job(
                paths, self.runtime.service.settings, progress, self.runtime.ingest_embedder
            )
        except IngestBusyError:
            await interaction.edit_original_response(content=BUSY)
            return
        finally:
            updates.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await updates
        reloaded = await self.runtime.refresh()
        log.info("re-ingest of %s done in %.1fs, reloaded=%s", target, report.seconds, reloaded)
        await interaction.edit_original_response(content=f"✅ Re-ingest of {target} finished.")
        await interaction.followup.send(embed=render.ingest_summary(target, report, reloaded))

    async def _show_progress(
        self, interaction: discord.Interaction[Any], progress: Progress, target: str
    ) -> None:
        shown = None
        while True:
            await asyncio.sleep(PROGRESS_EVERY)
            latest = progress.latest
            if latest is not None and latest != shown:
                shown = latest
                try:
                    await interaction.edit_original_response(
                        content=render.ingest_progress(target, *latest)
                    )
                except discord.HTTPException:
                    log.debug("could not edit the progress message", exc_info=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Reingest(bot))
