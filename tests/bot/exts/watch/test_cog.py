"""`/watch`, `/unwatch` and alerts: subscriptions survive a restart, a new version with a
material change reaches each watching channel once, a formatting-only one reaches nobody."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any, cast
from unittest.mock import AsyncMock, MagicMock

import discord

from bot.client import LocalFineprintBot
from bot.exts.watch._cog import Watching
from bot.limits import embed_problems
from bot.runtime import Runtime
from tests.bot.conftest import make_bot
from tests.bot.exts.conftest import TERMS, World
from tests.bot.helpers import followups, invoke, make_interaction, private_texts

MANAGER = 333_333_333_333_333_333
GUILD = 222_222_222_222_222_222
CHANNEL = 444_444_444_444_444_444


async def start_bot(world: World, runtimes: list[Runtime]) -> tuple[LocalFineprintBot, Any]:
    """A bot as after start-up (index loaded), whose channels are all one fake channel."""
    runtime = world.runtime()
    runtimes.append(runtime)
    await runtime.warm_up()
    bot = await make_bot(runtime)
    channel = MagicMock(spec=discord.TextChannel)
    channel.id = CHANNEL
    channel.send = AsyncMock()
    bot.get_channel = lambda channel_id: channel if channel_id == CHANNEL else None  # type: ignore[method-assign]
    return bot, channel


def watching(bot: LocalFineprintBot) -> Watching:
    cog = bot.get_cog("Watching")  # loading an extension re-imports its module: no isinstance
    assert cog is not None and type(cog).__name__ == "Watching"
    return cast(Watching, cog)


def postable_guild() -> Any:
    """A guild whose channel the bot may post embeds in (what /watch checks first)."""
    channel = SimpleNamespace(id=CHANNEL, permissions_for=lambda me: discord.Permissions.all())
    guild = SimpleNamespace(id=GUILD, me=object(), get_channel_or_thread=lambda _: channel)
    channel.guild = guild
    return guild


async def run(bot: LocalFineprintBot, name: str, *, manager: bool = True, **arguments: Any) -> Any:
    interaction = make_interaction(bot, user_id=MANAGER, guild_id=GUILD, manage_guild=manager)
    interaction.guild = postable_guild()
    interaction.channel_id = CHANNEL
    await invoke(bot, name, interaction, **arguments)
    return interaction


def alert_embeds(channel: Any) -> list[discord.Embed]:
    return [call.kwargs["embed"] for call in channel.send.await_args_list]


async def test_alerts_reach_watchers_once_and_survive_a_restart(
    world: World, runtimes: list[Runtime]
) -> None:
    world.ingest_elsewhere()  # 2018-05-25 is in the store before the bot first starts
    bot, channel = await start_bot(world, runtimes)
    said = await run(bot, "watch", platform="soundcloud")
    text = followups(said)[0]["args"][0]
    assert "Watching **SoundCloud**" in text and f"<#{CHANNEL}>" in text

    stored = json.loads((world.settings.data_dir / "watches.json").read_text(encoding="utf-8"))
    assert stored["watches"] == [{"guild": GUILD, "platform": "soundcloud", "channel": CHANNEL}]
    assert stored["handled_versions"] == [f"{TERMS}/2018-05-25"]  # the baseline is not news
    assert "user" not in json.dumps(stored)

    # Restart: a new bot over the same data dir still watches, then a version is added.
    await bot.close()
    bot, channel = await start_bot(world, runtimes)
    assert watching(bot).alerts.store.channels("soundcloud") == [CHANNEL]
    world.add_version("2024-02-07")
    world.ingest_elsewhere()
    await bot.runtime.refresh()  # what /reingest and the periodic check end with
    (alert,) = alert_embeds(channel)
    assert embed_problems(alert) == []
    assert "SoundCloud · Terms of Use changed" in (alert.title or "")
    assert "2018-05-25 → 2024-02-07" in (alert.description or "")
    first = alert.fields[0]
    assert "AI and machine learning" in (first.name or "")
    assert "inform, train, develop" in (first.value or "")
    assert len(alert.fields) == 4  # three changes, then the rest counted
    left = int((alert.fields[-1].name or "").removeprefix("…and ").removesuffix(" more"))
    assert channel.send.await_args.kwargs["allowed_mentions"].to_dict() == {"parse": []}
    await pages_through_the_rest(bot, channel.send.await_args.kwargs["view"], left)

    await bot.runtime.refresh()  # the periodic check again
    assert len(alert_embeds(channel)) == 1  # never twice for one version

    # An ingest elsewhere, seen by the periodic refresh: the AI clause's rewrite leads.
    world.add_version("2025-05-27")
    world.ingest_elsewhere()
    await bot.runtime.refresh()
    later = alert_embeds(channel)[1]
    assert "2024-02-07 → 2025-05-27" in (later.description or "")
    assert "AI and machine learning" in (later.fields[0].name or "")

    # Formatting only: a new version, no alert.
    world.add_reformatted("2025-05-27", "2025-06-01")
    world.ingest_elsewhere()
    await bot.runtime.refresh()
    assert len(alert_embeds(channel)) == 2
    assert f"{TERMS}/2025-06-01" in (watching(bot).alerts.store.handled or set())


async def pages_through_the_rest(bot: LocalFineprintBot, view: discord.ui.View, left: int) -> None:
    """The alert's **N more** button (persistent: its custom id names the diff) sends the
    changes the alert left out, privately, to whoever presses it."""
    (button,) = view.children
    assert isinstance(button, discord.ui.DynamicItem)  # answered by any process, any time
    assert view.timeout is None and button.item.label == f"{left} more"
    assert button.custom_id == "fp:more:soundcloud:terms-of-use:2018-05-25:2024-02-07"
    pressed = make_interaction(bot, user_id=999)
    await button.callback(pressed)
    pressed.response.defer.assert_awaited_once_with(ephemeral=True, thinking=True)
    (page,) = followups(pressed)
    assert page["ephemeral"] is True
    assert "changes 4–7 of" in (page["embed"].description or "")
    assert sum(len(p.fields) for p in page["view"].pages) == left


async def test_unwatch_stops_alerts(world: World, runtimes: list[Runtime]) -> None:
    world.ingest_elsewhere()
    bot, channel = await start_bot(world, runtimes)
    await run(bot, "watch", platform="SoundCloud")
    said = await run(bot, "unwatch", platform="soundcloud")
    assert "No more alerts" in followups(said)[0]["args"][0]
    world.add_version("2024-02-07")
    world.ingest_elsewhere()
    await bot.runtime.refresh()
    channel.send.assert_not_awaited()
    again = await run(bot, "unwatch", platform="soundcloud")
    assert "does not watch" in private_texts(again)[0]


async def test_only_managers_change_watches(world: World, runtimes: list[Runtime]) -> None:
    world.ingest_elsewhere()
    bot, _ = await start_bot(world, runtimes)
    for name in ("watch", "unwatch"):
        said = await run(bot, name, manager=False, platform="soundcloud")
        assert "Only server managers" in private_texts(said)[0]
    unknown = await run(bot, "watch", platform="myspace")
    assert "holds no terms" in private_texts(unknown)[0]
    assert watching(bot).alerts.store.watches() == []
