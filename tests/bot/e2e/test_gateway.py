"""Connecting: login, IDENTIFY (no privileged intent), shards, reconnects."""

from __future__ import annotations

import pytest

from bot.exts.watch.watches import WatchStore
from bot.runtime import Runtime
from tests.bot.e2e.conftest import Server, StartBot
from tests.bot.exts.conftest import World
from tests.bot.fake_discord import FakeDiscord
from tests.bot.fake_discord import payloads as p

MANAGER = p.MEMBER_DEFAULT | p.MANAGE_GUILD

PRIVILEGED = (1 << 1) | (1 << 8) | (1 << 15)


async def test_identifies_without_privileged_intents(
    fake: FakeDiscord, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    assert len(fake.identifies) == 1
    intents = int(fake.identifies[0]["intents"])
    assert intents & PRIVILEGED == 0
    assert intents & (1 << 0) and intents & (1 << 9) and intents & (1 << 12)  # guilds, messages
    assert fake.identifies[0]["shard"] == [0, 1]
    assert [r.kind for r in fake.requests][:3] == ["login", "application", "gateway"]
    assert not [r for r in fake.requests if r.kind == "unhandled"]


async def test_two_processes_split_the_shards_and_one_runs_the_alerts(
    fake: FakeDiscord, world: World, runtimes: list[Runtime], start_bot: StartBot
) -> None:
    """Defect 1: without shard settings each process started every shard and answered
    everything twice; both ran alerts and overwrote each other's watches.json."""
    fake.shards_recommended = 2
    world.ingest_elsewhere()
    first = world.runtime(shard_count=2, shard_ids="0")
    second = world.runtime(shard_count=2, shard_ids="1")
    runtimes += [first, second]
    near = fake.add_guild("Near", shard=(0, 2))
    far = fake.add_guild("Far", shard=(1, 2))
    await start_bot(first)
    await start_bot(second)
    assert sorted(tuple(i["shard"]) for i in fake.identifies) == [(0, 2), (1, 2)]

    member = fake.new_user()
    for guild in (near, far):
        await fake.mention(fake.general(guild), member, "Can SoundCloud train AI on my voice?")
    answers = await fake.wait_for(lambda r: r.kind == "channel.message" and r.ok, count=2)
    assert sorted(r.channel_id for r in answers) == sorted(fake.general(g).id for g in (near, far))

    manager = fake.new_user("manager")
    for guild in (near, far):
        asked = await fake.slash(
            "watch", fake.general(guild), manager, permissions=MANAGER, platform="soundcloud"
        )
        await fake.wait_for(lambda r, a=asked: r.interaction is a and r.kind == "followup")
    store = WatchStore(first.settings.watches_file(first.service.settings))
    assert len(store.watches()) == 2, "neither process overwrote the other's watch"

    assert first.settings.runs_alerts and not second.settings.runs_alerts
    world.add_version("2024-02-07")
    world.ingest_elsewhere()
    await second.refresh()  # the process without alerts reloads its index, and posts nothing
    await first.refresh()
    alerts = await fake.wait_for(
        lambda r: r.kind == "channel.message" and r.ok and "changed" in str(r.data), count=2
    )
    assert sorted(r.channel_id for r in alerts) == sorted(fake.general(g).id for g in (near, far))
    posts = [r for r in fake.requests if r.kind == "channel.message"]
    assert len(posts) == 4, "two answers and two alerts, each once"


async def test_a_reconnect_resumes_and_keeps_answering_once(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    await fake.reconnect()  # RECONNECT: the bot resumes its session
    await fake.wait_for_resumes(1)
    await fake.mention(server.channel, server.member, "Can SoundCloud train AI on my voice?")
    (answer,) = await fake.wait_for(lambda r: r.kind == "channel.message" and r.ok)
    assert answer.data["embeds"]
    assert len(fake.identifies) == 1, "resumed, not identified again"


async def test_an_invalid_session_identifies_again(
    fake: FakeDiscord,
    server: Server,
    runtime: Runtime,
    start_bot: StartBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = await start_bot(runtime)

    async def no_wait(shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py waits 5 s before a repeat IDENTIFY (Discord's rate limit); not here."""

    monkeypatch.setattr(bot, "before_identify_hook", no_wait)
    await fake.reconnect(invalid=True)  # INVALID_SESSION, not resumable
    await fake.wait_for_identifies(2)
    await fake.wait_for_sessions(1)
    await fake.mention(server.channel, server.member, "Can SoundCloud train AI on my voice?")
    (answer,) = await fake.wait_for(lambda r: r.kind == "channel.message" and r.ok)
    assert answer.data["embeds"]
