"""`/watch`, `/unwatch` and alerts through the fake Discord: permissions checked before a
watch is confirmed, alerts that arrive (as text without Embed Links), gone channels dropped."""

from __future__ import annotations

import os
import threading

import pytest

from bot.exts.watch.watches import WatchStore
from bot.runtime import Runtime
from tests.bot.e2e.conftest import LogWaiter, Server, StartBot, no_pings
from tests.bot.e2e.replies import defer_and_reply
from tests.bot.exts.conftest import World
from tests.bot.fake_discord import FakeDiscord, FakeInteraction, Request
from tests.bot.fake_discord import payloads as p

MANAGER = p.MEMBER_DEFAULT | p.MANAGE_GUILD


async def reply(fake: FakeDiscord, interaction: FakeInteraction) -> Request:
    """What the user finally reads: an immediate reply, or the follow-up after a defer."""
    (first,) = await fake.wait_for(lambda r: r.interaction is interaction)
    if first.body and first.body.get("type") == 4:
        return first
    (later,) = await fake.wait_for(lambda r: r.interaction is interaction and r.kind == "followup")
    return later


async def watched_runtime(world: World, runtimes: list[Runtime], **settings: object) -> Runtime:
    runtime = world.runtime(**settings)
    runtimes.append(runtime)
    return runtime


async def test_watch_refuses_a_channel_without_embed_links(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot, logs: LogWaiter
) -> None:
    """Defect 2: it confirmed alerts that could never arrive."""
    blind = fake.add_channel(server.guild, "no-embeds", deny=p.EMBED_LINKS)
    await start_bot(runtime)
    asked = await fake.slash(
        "watch",
        server.channel,
        server.manager,
        permissions=MANAGER,
        platform="soundcloud",
        channel=blind,
    )
    said = await reply(fake, asked)
    assert said.ephemeral and "Embed Links" in said.data["content"]
    assert WatchStore(runtime.settings.watches_file(runtime.service.settings)).watches() == []
    assert "Embed Links" in await logs.wait_for("/watch refused")


async def test_watch_in_a_thread_needs_send_messages_in_threads(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    parent = fake.add_channel(server.guild, "news", deny=p.SEND_MESSAGES_IN_THREADS)
    thread = fake.add_channel(server.guild, "updates", thread_of=parent)
    await start_bot(runtime)
    asked = await fake.slash(
        "watch",
        server.channel,
        server.manager,
        permissions=MANAGER,
        platform="soundcloud",
        channel=thread,
    )
    said = await reply(fake, asked)
    assert said.ephemeral and "Send Messages in Threads" in said.data["content"]


async def test_watch_confirms_and_the_alert_arrives(
    fake: FakeDiscord, server: Server, world: World, runtimes: list[Runtime], start_bot: StartBot
) -> None:
    world.ingest_elsewhere()
    runtime = await watched_runtime(world, runtimes)
    await start_bot(runtime)
    asked = await fake.slash(
        "watch", server.channel, server.manager, permissions=MANAGER, platform="soundcloud"
    )
    said = await reply(fake, asked)
    assert not said.ephemeral and "Watching **SoundCloud**" in said.data["content"]
    world.add_version("2024-02-07")
    world.ingest_elsewhere()
    await runtime.refresh()
    (alert,) = await fake.wait_for(
        lambda r: r.kind == "channel.message" and r.channel_id == server.channel.id and r.ok
    )
    assert "changed" in alert.data["embeds"][0]["title"] and no_pings(alert)


async def test_an_alerts_more_button_pages_the_rest_even_after_a_restart(
    fake: FakeDiscord, server: Server, world: World, runtimes: list[Runtime], start_bot: StartBot
) -> None:
    """Issue 21: an alert shows three changes and "…and N more"; its button pages through
    the rest, privately — also once the bot that posted it has been restarted."""
    world.ingest_elsewhere()
    runtime = await watched_runtime(world, runtimes)
    bot = await start_bot(runtime)
    asked = await fake.slash(
        "watch", server.channel, server.manager, permissions=MANAGER, platform="soundcloud"
    )
    await reply(fake, asked)
    world.add_version("2024-02-07")
    world.ingest_elsewhere()
    await runtime.refresh()
    (alert,) = await fake.wait_for(lambda r: r.kind == "channel.message" and r.ok)
    message = alert.response
    (embed,) = message["embeds"]
    assert len(embed["fields"]) == 4 and "**Diff:**" in "".join(f["value"] for f in embed["fields"])
    left = int(embed["fields"][-1]["name"].removeprefix("…and ").removesuffix(" more"))
    (button,) = [c for row in message["components"] for c in row["components"]]
    assert button["label"] == f"{left} more"
    assert button["custom_id"] == "fp:more:soundcloud:terms-of-use:2018-05-25:2024-02-07"

    await bot.close()  # a restart: the button's state is in its custom id
    await start_bot(await watched_runtime(world, runtimes))
    pressed = await fake.press(message, button["custom_id"], fake.new_user("reader"))
    deferred, listed = await defer_and_reply(fake, pressed)
    assert deferred.ephemeral and listed.ok and listed.ephemeral
    (page,) = listed.response["embeds"]
    assert "changes 4–7 of" in page["description"] and page["fields"][0]["name"].startswith("4. ")


async def test_alerts_without_embed_links_go_out_as_text(
    fake: FakeDiscord, server: Server, world: World, runtimes: list[Runtime], start_bot: StartBot
) -> None:
    world.ingest_elsewhere()
    runtime = await watched_runtime(world, runtimes)
    await start_bot(runtime)
    asked = await fake.slash(
        "watch", server.channel, server.manager, permissions=MANAGER, platform="soundcloud"
    )
    await reply(fake, asked)
    server.channel.deny = p.EMBED_LINKS
    await fake.dispatch_channel_update(server.channel)
    world.add_version("2024-02-07")
    world.ingest_elsewhere()
    await runtime.refresh()
    (alert,) = await fake.wait_for(lambda r: r.kind == "channel.message" and r.ok)
    assert not alert.data.get("embeds") and "changed" in alert.data["content"]


async def test_alerts_to_a_deleted_channel_drop_its_watch(
    fake: FakeDiscord,
    server: Server,
    world: World,
    runtimes: list[Runtime],
    start_bot: StartBot,
    logs: LogWaiter,
) -> None:
    fake.refusals_expected = True
    world.ingest_elsewhere()
    runtime = await watched_runtime(world, runtimes)
    await start_bot(runtime)
    gone = fake.add_channel(server.guild, "gone")
    await fake.dispatch_channel_create(gone)
    asked = await fake.slash(
        "watch",
        server.channel,
        server.manager,
        permissions=MANAGER,
        platform="soundcloud",
        channel=gone,
    )
    assert "Watching" in (await reply(fake, asked)).data["content"]
    fake.script(gone.id, 404, 10003)  # deleted while the bot's cache still holds it
    world.add_version("2024-02-07")
    world.ingest_elsewhere()
    await runtime.refresh()
    assert "dropped 1 watch" in await logs.wait_for("is gone")
    store = WatchStore(runtime.settings.watches_file(runtime.service.settings))
    assert store.watches() == []


async def test_alerts_after_the_bot_was_removed_drop_the_watch(
    fake: FakeDiscord,
    server: Server,
    world: World,
    runtimes: list[Runtime],
    start_bot: StartBot,
    logs: LogWaiter,
) -> None:
    fake.refusals_expected = True
    world.ingest_elsewhere()
    runtime = await watched_runtime(world, runtimes)
    await start_bot(runtime)
    asked = await fake.slash(
        "watch", server.channel, server.manager, permissions=MANAGER, platform="soundcloud"
    )
    await reply(fake, asked)
    fake.script(server.channel.id, 403, 50001)
    world.add_version("2024-02-07")
    world.ingest_elsewhere()
    await runtime.refresh()
    assert "50001" in await logs.wait_for("is gone")
    store = WatchStore(runtime.settings.watches_file(runtime.service.settings))
    assert store.watches() == []


async def test_a_rate_limited_alert_is_retried(
    fake: FakeDiscord, server: Server, world: World, runtimes: list[Runtime], start_bot: StartBot
) -> None:
    fake.refusals_expected = True
    world.ingest_elsewhere()
    runtime = await watched_runtime(world, runtimes)
    await start_bot(runtime)
    asked = await fake.slash(
        "watch", server.channel, server.manager, permissions=MANAGER, platform="soundcloud"
    )
    await reply(fake, asked)
    fake.script(server.channel.id, 429)
    world.add_version("2024-02-07")
    world.ingest_elsewhere()
    await runtime.refresh()
    (alert,) = await fake.wait_for(lambda r: r.kind == "channel.message" and r.ok)
    assert alert.data["embeds"]


async def test_unwatch_autocomplete_offers_only_what_is_watched(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    asked = await fake.slash(
        "watch", server.channel, server.manager, permissions=MANAGER, platform="youtube"
    )
    await reply(fake, asked)
    typed = await fake.autocomplete(
        "unwatch", server.channel, server.manager, "platform", permissions=MANAGER, platform=""
    )
    (choices,) = await fake.wait_for(lambda r: r.interaction is typed)
    assert [c["value"] for c in choices.data["choices"]] == ["youtube"]


async def test_watch_is_acknowledged_while_the_disk_is_slow(
    fake: FakeDiscord,
    server: Server,
    runtime: Runtime,
    start_bot: StartBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Item 7: `/watch` wrote (and fsynced) watches.json on the event loop, before its ack."""
    await start_bot(runtime)
    release = threading.Event()
    real_fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        release.wait(30)
        real_fsync(fd)

    monkeypatch.setattr("bot.exts.watch.watches.os.fsync", slow_fsync)
    try:
        asked = await fake.slash(
            "watch", server.channel, server.manager, permissions=MANAGER, platform="youtube"
        )
        (ack,) = await fake.wait_for(lambda r: r.interaction is asked, timeout=10)
        assert ack.ok and ack.body["type"] == 5
    finally:
        release.set()
    said = await reply(fake, asked)
    assert "Watching **YouTube**" in said.data["content"]
