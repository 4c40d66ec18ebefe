"""Alerts: when the store gains a version of a watched platform, post what changed.

Fired after every index refresh (a `/reingest` here, or the periodic check that picks up an
ingest run elsewhere). Versions not yet handled are compared with the version before them;
each watching channel gets one embed per new version with the three most material changes
(AI, licence, ownership first), each with a word diff and quoted before and after, then
"…and N more" with a button that pages through them (`more.py`). A version whose changes are
all minor or formatting alerts nobody. Versions are recorded as handled *before* sending, so a crash
can lose an alert but never repeat one; an old version ingested late (a backfill) is not
news and is only recorded.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from bot import channels
from bot.change_embeds import changes_embed
from bot.exts.watch.more import alert_view
from bot.exts.watch.watches import WatchStore

if TYPE_CHECKING:
    from bot.runtime import Runtime
    from fineprint.catalog.registry import Registry, VersionRecord
    from fineprint.changes.diff import DocumentDiff

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Alert:
    """One new version worth announcing, and the channels it goes to."""

    record: VersionRecord
    diff: DocumentDiff
    channels: list[int]

    def embed(self) -> discord.Embed:
        record = self.record
        return changes_embed(
            self.diff,
            f"📜 {record.platform_name} · {record.document_name} changed",
            url=record.source_url,
            footer=(
                f"Not legal advice. /changes {record.platform} {record.document} for the full "
                f"list · /unwatch {record.platform} to stop these alerts."
            ),
        )

    def view(self) -> discord.ui.View | None:
        """A fresh **N more** button for one channel's copy (None: nothing more to show)."""
        return alert_view(self.diff)


def news(registry: Registry, handled: set[str]) -> tuple[list[VersionRecord], list[str]]:
    """(new versions that are their document's newest and have a predecessor, every new id)."""
    fresh = [vid for vid in registry.versions if vid not in handled]
    newest = registry.current_ids()
    announce = []
    for vid in fresh:
        record = registry.versions[vid]
        if vid in newest and len(registry.history(record.platform, record.document)) > 1:
            announce.append(record)
    return announce, fresh


class Alerts:
    """Decides what to announce after a refresh and sends it; one check at a time."""

    def __init__(self, bot: Any, runtime: Runtime, store: WatchStore) -> None:
        self.bot = bot
        self.runtime = runtime
        self.store = store
        self.lock = asyncio.Lock()

    async def prime(self) -> None:
        """On first use, take what is already ingested as known, so it is never announced."""
        async with self.lock:
            await asyncio.to_thread(self.store.reload)
            if self.store.handled is None:
                registry = await self.runtime.run(self.runtime.service.registry)
                await asyncio.to_thread(self.store.mark_handled, list(registry.versions))

    def _diffs(self, records: list[VersionRecord], registry: Registry) -> list[DocumentDiff]:
        service = self.runtime.service
        diffs = [service.change_from_previous(record, registry) for record in records]
        return [diff for diff in diffs if diff is not None]  # `news` has a version before each

    async def check(self) -> list[Alert]:
        """Announce every new version with material changes; returns what was sent."""
        async with self.lock:
            await asyncio.to_thread(self.store.reload)  # watches other processes added
            registry = await self.runtime.run(self.runtime.service.registry)
            if self.store.handled is None:  # no baseline yet: this is it
                await asyncio.to_thread(self.store.mark_handled, list(registry.versions))
                return []
            candidates, fresh = news(registry, self.store.handled)
            if not fresh:
                return []
            # first: never announce a version twice
            await asyncio.to_thread(self.store.mark_handled, fresh)
            watched = [r for r in candidates if self.store.channels(r.platform)]
            if not watched:
                return []
            diffs = await self.runtime.run(self._diffs, watched, registry)
            alerts = [
                Alert(record, diff, self.store.channels(record.platform))
                for record, diff in zip(watched, diffs, strict=True)
                if diff.material
            ]
            for record, diff in zip(watched, diffs, strict=True):
                if not diff.material:
                    log.info("%s: nothing material changed, no alert", record.version_id)
        for alert in alerts:
            embed = alert.embed()
            for channel_id in alert.channels:
                await self.send(channel_id, embed, alert.view())
            log.info("alerted %d channel(s) of %s", len(alert.channels), alert.record.version_id)
        return alerts

    async def send(
        self, channel_id: int, embed: discord.Embed, view: discord.ui.View | None = None
    ) -> bool:
        """Post to one channel: as plain text without Embed Links, not at all (one log line
        naming what is missing) without View Channel or Send Messages. A channel Discord says
        is gone (10003), or that the bot can no longer reach (50001: removed from the server),
        loses its watches instead of failing on every alert."""
        channel = self.bot.get_channel(channel_id)
        try:
            if channel is None:
                channel = await self.bot.fetch_channel(channel_id)
            if not isinstance(channel, discord.abc.Messageable):
                log.warning("channel %s cannot receive messages", channel_id)
                return False
            allowed = channels.access(channel)
            if not allowed.can_send:
                log.warning(
                    "alert not posted to channel %s: missing %s",
                    channel_id,
                    ", ".join(allowed.missing),
                )
                return False
            button: dict[str, Any] = {} if view is None else {"view": view}
            if allowed.embeds:  # refused all the same (403 50013): once more as plain text
                options = {"embed": embed, "allowed_mentions": channels.NONE} | button
                await channels.post(channel, options)
            else:
                text = channels.embed_text(embed, channels.NO_EMBEDS_NOTE)
                await channel.send(
                    text, suppress_embeds=True, allowed_mentions=channels.NONE, **button
                )
        except discord.HTTPException as error:
            if error.code in GONE:
                dropped = await asyncio.to_thread(self.store.drop, channel_id=channel_id)
                log.warning(
                    "channel %s is gone (Discord said %s): dropped %d watch(es)",
                    channel_id,
                    channels.refusal(error),
                    len(dropped),
                )
            else:
                log.warning(
                    "alert not posted to channel %s: Discord said %s",
                    channel_id,
                    channels.refusal(error),
                )
            return False
        return True


GONE = (10003, 10004, 50001)  # Unknown Channel, Unknown Guild, Missing Access
