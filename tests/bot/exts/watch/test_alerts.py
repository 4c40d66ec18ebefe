"""What the alerts announce (the newest version of a document with a version before it, once)
and how one reaches a channel: an embed, plain text without Embed Links, nothing without Send
Messages; a channel Discord says is gone loses its watches, any other refusal keeps them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest

from bot import channels
from bot.exts.watch.alerts import GONE, Alert, Alerts, news
from bot.exts.watch.watches import Watch, WatchStore
from bot.limits import embed_problems
from fineprint.catalog.clauses import Clause
from fineprint.catalog.registry import Registry, VersionRecord
from fineprint.changes.diff import Change, DocumentDiff

CHANNEL = 444_444_444_444_444_444


def record(platform: str, document: str, day: str) -> VersionRecord:
    return VersionRecord(
        platform, document, day, platform.title(), document.title(), "h", "t", 1,
        source_url=f"https://example.com/{platform}/{document}",
    )  # fmt: skip


def registry(*records: VersionRecord) -> Registry:
    return Registry(versions={r.version_id: r for r in records})


def test_news_is_the_newest_version_with_one_before_it() -> None:
    older, newer = record("sc", "terms", "2020-01-01"), record("sc", "terms", "2021-01-01")
    backfill = record("sc", "terms", "2019-01-01")  # ingested late: not news
    single = record("yt", "terms", "2022-01-01")  # nothing to compare it with
    found = registry(older, newer, backfill, single)
    announce, fresh = news(found, handled={older.version_id})
    assert announce == [newer]
    assert sorted(fresh) == sorted(r.version_id for r in (newer, backfill, single))
    assert news(found, handled=set(found.versions)) == ([], [])


def diff(material: bool = True) -> DocumentDiff:
    text = "We may use your content to train artificial intelligence models."
    after = Clause("sc", "terms", date(2021, 1, 1), ("7. Licence",), text, 0, len(text), 0)
    change = Change("added", None, after, new_text=text, topics=("ai",), material=material)
    return DocumentDiff("sc", "terms", "2020-01-01", "2021-01-01", [change])


def test_an_alert_names_the_version_and_how_to_stop_it() -> None:
    embed = Alert(record("sc", "terms", "2021-01-01"), diff(), [CHANNEL]).embed()
    assert embed_problems(embed) == []
    assert embed.title == "📜 Sc · Terms changed"
    assert embed.url == "https://example.com/sc/terms"
    assert "/changes sc terms" in (embed.footer.text or "")
    assert "/unwatch sc" in (embed.footer.text or "")
    assert "train artificial intelligence" in (embed.fields[0].value or "")


def channel_with(**allowed: bool) -> Any:
    """A text channel where the bot has every permission but those set False here."""
    permissions = discord.Permissions.all()
    permissions.update(**{name: value for name, value in allowed.items()})
    channel = MagicMock(spec=discord.TextChannel)
    channel.id = CHANNEL
    channel.guild = SimpleNamespace(me=object())
    channel.permissions_for = lambda me: permissions
    channel.send = AsyncMock()
    return channel


def alerts_for(channel: Any, tmp_path: Path, *, fetched: bool = False) -> Alerts:
    bot = SimpleNamespace(
        get_channel=lambda channel_id: None if fetched else channel,
        fetch_channel=AsyncMock(return_value=channel),
    )
    store = WatchStore(tmp_path / "watches.json")
    store.watch(1, "sc", CHANNEL)
    return Alerts(bot, MagicMock(), store)


def refused(status: int, code: int) -> discord.HTTPException:
    response = MagicMock(status=status, reason="refused")
    return discord.HTTPException(response, {"code": code, "message": "refused"})


async def test_an_alert_goes_as_an_embed(tmp_path: Path) -> None:
    channel = channel_with()
    embed = discord.Embed(title="changed")
    assert await alerts_for(channel, tmp_path, fetched=True).send(CHANNEL, embed)
    channel.send.assert_awaited_once_with(embed=embed, allowed_mentions=channels.NONE)


async def test_without_embed_links_it_goes_as_text(tmp_path: Path) -> None:
    channel = channel_with(embed_links=False)
    assert await alerts_for(channel, tmp_path).send(CHANNEL, discord.Embed(title="changed"))
    (text,), options = channel.send.await_args
    assert text.startswith("**changed**") and channels.NO_EMBEDS_NOTE in text
    assert options == {"suppress_embeds": True, "allowed_mentions": channels.NONE}


async def test_without_send_messages_nothing_is_sent(tmp_path: Path) -> None:
    channel = channel_with(send_messages=False)
    alerts = alerts_for(channel, tmp_path)
    assert not await alerts.send(CHANNEL, discord.Embed(title="changed"))
    channel.send.assert_not_awaited()
    assert alerts.store.channels("sc") == [CHANNEL]  # the manager may grant it again


@pytest.mark.parametrize("code", GONE)
async def test_a_channel_that_is_gone_loses_its_watches(tmp_path: Path, code: int) -> None:
    channel = channel_with()
    channel.send.side_effect = refused(404 if code != 50001 else 403, code)
    alerts = alerts_for(channel, tmp_path)
    assert not await alerts.send(CHANNEL, discord.Embed(title="changed"))
    assert alerts.store.watches() == []
    assert WatchStore(tmp_path / "watches.json").watches() == []


async def test_any_other_refusal_keeps_the_watches(tmp_path: Path) -> None:
    channel = channel_with()
    channel.send.side_effect = refused(500, 0)
    alerts = alerts_for(channel, tmp_path)
    assert not await alerts.send(CHANNEL, discord.Embed(title="changed"))
    assert alerts.store.watches() == [Watch(1, "sc", CHANNEL)]
