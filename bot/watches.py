"""Which channels watch which platforms, and which versions were already alerted.

A small JSON file in the data directory (`watches.json`), so subscriptions survive a restart
and a version is never announced twice. It holds guild, platform and channel ids only — never
who subscribed. Every write goes to a temporary file first and is then renamed over the old
one, so a crash mid-write leaves the previous file whole.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Iterable
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
        self._load()

    def _load(self) -> None:
        if not self.path.exists():
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
        previous = self._watches.get((guild_id, platform))
        self._watches[(guild_id, platform)] = channel_id
        self._save()
        return previous

    def unwatch(self, guild_id: int, platform: str) -> bool:
        """Drop a guild's watch of `platform`; False when it had none."""
        if self._watches.pop((guild_id, platform), None) is None:
            return False
        self._save()
        return True

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
        self.handled = (self.handled or set()) | set(version_ids)
        self._save()
