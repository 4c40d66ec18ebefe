"""What every cog shares: the Fineprint service, the worker threads, and per-process state.

The state includes the catalog for autocomplete, the cooldowns, and the answers, votes and
summaries of `/ask` (their modules live in `bot/exts/ask/`): the buttons under an answer find
it here, and a cog reaches what another feature holds through the runtime, not its folder.

The service is blocking (model, Chroma, the search index); `Runtime.run` is the one way the
bot calls it, on a small thread pool of its own, so the event loop only ever awaits.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from bot.catalog import Catalog
from bot.cooldown import Cooldown
from bot.exts.ask.answers import AnswerCache
from bot.exts.ask.feedback import FeedbackStore
from bot.exts.ask.summaries import Summaries
from bot.settings import BotSettings

if TYPE_CHECKING:
    from discord.ext import commands

    from fineprint.retrieval.embeddings import Embedder
    from fineprint.service import Fineprint

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger(__name__)

LOOKUP_RATE_FACTOR = 3  # buttons and lookups are cheaper than questions


class Runtime:
    """Shared by the cogs of one bot process."""

    def __init__(
        self,
        service: Fineprint,
        settings: BotSettings,
        *,
        ingest_embedder: Embedder | None = None,
        summary_model: Any | None = None,
    ) -> None:
        self.service = service
        self.settings = settings
        self.executor = ThreadPoolExecutor(settings.workers, thread_name_prefix="fineprint")
        self.answers = AnswerCache()
        self.feedback = FeedbackStore(settings.feedback_file(service.settings))
        self.questions = Cooldown(settings.cooldown_rate, settings.cooldown_seconds)
        self.lookups = Cooldown(
            settings.cooldown_rate * LOOKUP_RATE_FACTOR, settings.cooldown_seconds
        )
        self.catalog = Catalog.empty()
        self.ingest_embedder = ingest_embedder  # tests pass a cached one; None = the model
        self.summaries = Summaries(summary_model)
        self.ready = False
        # called after every refresh (an ingest here or elsewhere may have added versions)
        self.refresh_listeners: list[Callable[[], Awaitable[object]]] = []

    async def run(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`function(*args, **kwargs)` on a worker thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self.executor, functools.partial(function, *args, **kwargs)
        )

    def _prepare(self) -> Catalog:
        self.summaries.prepare()
        if self.service.registry().is_empty:  # start anyway: a manager can /reingest
            log.warning("the store is empty: run `fineprint ingest` or /reingest to answer")
            return Catalog.empty()
        self.service.warm_up()
        return Catalog.build(self.service.index, self.service.sources)

    async def warm_up(self) -> None:
        """Model, store and index loaded, autocomplete catalog built: ready to answer."""
        self.catalog = await self.run(self._prepare)
        self.ready = True

    def _reload(self) -> tuple[bool, Catalog]:
        changed = self.service.refresh()
        return changed, Catalog.build(self.service.index, self.service.sources)

    async def refresh(self) -> bool:
        """Pick up a finished ingest (from this process or another); True if it changed."""
        changed, self.catalog = await self.run(self._reload)
        for listener in list(self.refresh_listeners):
            try:
                await listener()
            except Exception:  # a failed alert must not fail the refresh that triggered it
                log.exception("a refresh listener failed")
        return changed

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


def runtime_of(bot: commands.Bot | Any) -> Runtime:
    """The runtime a Fineprint bot carries (a TypeError for any other bot)."""
    runtime = getattr(bot, "runtime", None)
    if not isinstance(runtime, Runtime):
        raise TypeError("this bot has no Fineprint runtime")
    return runtime
