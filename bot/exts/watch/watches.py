"""Which channels watch which platforms, and which versions were already alerted.

A small JSON file in the data directory (`watches.json`), so subscriptions survive a restart
and a version is never announced twice. It holds guild, platform and channel ids only — never
who subscribed. Every write goes to a temporary file first and is then renamed over the old
one, so a crash mid-write leaves the previous file whole. Every change is a read-modify-write
under an exclusive `flock` (`watches.json.lock`), so bot processes sharing a data directory
(one per shard set) never overwrite each other's watches. All of it is blocking file work:
the bot calls it off the event loop.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT = 1


@dataclass(frozen=True, slots=True)
class Watch:
    guild_id: int
    platform: str  # slug
    channel_id: int


class WatchStore:
    """Subscriptions keyed by (guild, platform) — one channel each — plus handled versions.

    `handled` is None until the first look at the store: everything ingested before the bot
    first ran is a baseline, not news.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._watches: dict[tuple[int, str], int] = {}
        self.handled: set[str] | None = None
        with self._locked():
            self._load()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Exclusive across processes; the kernel drops it if the holder dies."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = self.path.with_name(self.path.name + ".lock")
        with open(lock, "a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def reload(self) -> None:
        """Pick up what other processes wrote."""
        with self._locked():
            self._load()

    def _load(self) -> None:
        if not self.path.exists():
            self._watches, self.handled = {}, None
            return
        try:
            data: Any = json.loads(self.path.read_text(encoding="utf-8"))
            watches = {
                (int(item["guild"]), str(item["platform"])): int(item["channel"])
                for item in data.get("watches", [])
            }
            handled = data.get("handled_versions")
            self.handled = None if handled is None else {str(v) for v in handled}
            self._watches = watches
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # keep the unreadable file for a human rather than overwrite it on the next write
            backup = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            log.error("watch store %s is unreadable; moved to %s", self.path, backup)
            os.replace(self.path, backup)

    def _save(self) -> None:
        data = {
            "format": FORMAT,
            "watches": [
                {"guild": guild, "platform": platform, "channel": channel}
                for (guild, platform), channel in sorted(self._watches.items())
            ],
            "handled_versions": None if self.handled is None else sorted(self.handled),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".watches-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    # --- subscriptions ------------------------------------------------------------------

    def watch(self, guild_id: int, platform: str, channel_id: int) -> int | None:
        """Subscribe (or move) a guild's watch of `platform`; the previous channel, if any."""
        with self._locked():
            self._load()
            previous = self._watches.get((guild_id, platform))
            self._watches[(guild_id, platform)] = channel_id
            self._save()
        return previous

    def unwatch(self, guild_id: int, platform: str) -> bool:
        """Drop a guild's watch of `platform`; False when it had none."""
        with self._locked():
            self._load()
            if self._watches.pop((guild_id, platform), None) is None:
                return False
            self._save()
        return True

    def drop(self, *, channel_id: int | None = None, guild_id: int | None = None) -> list[Watch]:
        """Forget every watch of a channel or a guild Discord says is gone; what was dropped."""
        with self._locked():
            self._load()
            gone = [
                w
                for w in self.watches()
                if w.channel_id == channel_id or (guild_id is not None and w.guild_id == guild_id)
            ]
            for watch in gone:
                del self._watches[(watch.guild_id, watch.platform)]
            if gone:
                self._save()
        return gone

    def watches(self, platform: str | None = None, guild_id: int | None = None) -> list[Watch]:
        return [
            Watch(guild, slug, channel)
            for (guild, slug), channel in sorted(self._watches.items())
            if (platform is None or slug == platform) and (guild_id is None or guild == guild_id)
        ]

    def channels(self, platform: str) -> list[int]:
        """Each channel watching `platform`, once (two guilds never share a channel)."""
        return sorted({watch.channel_id for watch in self.watches(platform)})

    # --- versions already handled -------------------------------------------------------

    def mark_handled(self, version_ids: Iterable[str]) -> None:
        """Remember versions as announced (or judged not worth announcing), persistently."""
        with self._locked():
            self._load()
            self.handled = (self.handled or set()) | set(version_ids)
            self._save()
