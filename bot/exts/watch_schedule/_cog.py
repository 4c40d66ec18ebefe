"""The scheduled live fetch: `fineprint watch --every …` inside the bot, when enabled.

With `FINEPRINT_BOT_WATCH_EVERY` set (e.g. `12h`), a background task fetches every document's
live page once the bot is ready and then every interval after the previous run started. The
fetch and its ingest run in a spawned child process (`bot.ingest_job.run_fetch_job`), so torch
never loads in the bot; then the runtime refreshes, which fires the alerts of
`bot.exts.watch.alerts` to the watching channels. Never two runs at once: a round is skipped
(and logged) while the last one is still going, while a `/reingest` runs here (the cog asks
the bot for the Reingest cog, never imports it), or when another process holds the ingest
lock. Each run logs one INFO line — counts only, no user or channel ids.

With `FINEPRINT_BOT_WATCH_OTA` (clones of `*-versions` datasets) a round first pulls each
dataset and imports its new commits (`bot.ingest_job.run_follow_job`); the live fetch then
leaves out every document a followed dataset covers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from discord.ext import commands

from bot.ingest_job import run_fetch_job, run_follow_job
from bot.runtime import runtime_of

if TYPE_CHECKING:
    from fineprint.settings import Settings
    from ingest.fetch import FetchReport

log = logging.getLogger(__name__)

FetchJob = Callable[["Settings"], Awaitable["FetchReport"]]
READY_POLL = 1.0  # seconds between checks that start-up has loaded the index


class WatchSchedule(commands.Cog):
    """Runs the live fetch every `FINEPRINT_BOT_WATCH_EVERY`; idle when it is not set."""

    def __init__(
        self,
        bot: commands.Bot,
        *,
        job: FetchJob | None = None,
        every: timedelta | None = None,
    ) -> None:
        self.bot = bot
        self.runtime = runtime_of(bot)
        followed = self.runtime.settings.watch_ota
        self.job: FetchJob = job or (
            partial(run_follow_job, repos=followed) if followed else run_fetch_job
        )
        self.every = every or self.runtime.settings.watch_every
        self.lock = asyncio.Lock()
        self.task: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        if self.every is not None and not self.runtime.settings.runs_alerts:
            log.info("scheduled live fetch left to the process that runs the alerts")
        elif self.every is not None:
            self.task = asyncio.create_task(self._schedule(self.every), name="fineprint-watch")
            log.info("scheduled live fetch every %s", self.every)

    async def cog_unload(self) -> None:
        task, self.task = self.task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _schedule(self, every: timedelta) -> None:
        while not self.runtime.ready:  # start-up is still loading the index
            await asyncio.sleep(READY_POLL)
        while True:
            started = time.monotonic()
            await self.run_once()
            rest = every.total_seconds() - (time.monotonic() - started)
            await asyncio.sleep(max(rest, 0.0))

    def _reingest_running(self) -> bool:
        cog = self.bot.get_cog("Reingest")
        return bool(getattr(cog, "running", False))

    async def run_once(self) -> FetchReport | None:
        """One fetch + ingest + refresh (which alerts); None when the round was skipped."""
        from ingest.lock import IngestBusyError

        if self.lock.locked():
            log.info("scheduled fetch skipped: the previous run is still going")
            return None
        if self._reingest_running():
            log.info("scheduled fetch skipped: a /reingest is running")
            return None
        async with self.lock:
            started = time.monotonic()
            try:
                report = await self.job(self.runtime.service.settings)
            except IngestBusyError:
                log.info("scheduled fetch skipped: another ingest is running")
                return None
            except Exception:  # the schedule must survive a bad run; the next one may work
                log.exception("scheduled fetch failed")
                return None
            try:
                reloaded = await self.runtime.refresh()  # fires the alerts
            except Exception:
                log.warning("scheduled fetch: could not reload the index", exc_info=True)
                reloaded = False
            log.info(
                "scheduled fetch: %d checked, %d new version(s), %d failed, reloaded=%s, %.1fs",
                len(report.checks),
                len(report.new_versions),
                len(report.failures),
                reloaded,
                time.monotonic() - started,
            )
            return report
