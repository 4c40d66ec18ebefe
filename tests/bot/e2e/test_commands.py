"""The command tree as Discord receives it, and the owner's `sync` when Discord says no."""

from __future__ import annotations

from collections.abc import Callable

from bot.client import DMS_OFF
from bot.runtime import Runtime
from tests.bot.e2e.conftest import LogWaiter, Server, StartBot, no_pings
from tests.bot.e2e.test_ask import QUESTION
from tests.bot.fake_discord import FakeDiscord
from tests.bot.fake_discord import payloads as p


async def synced(fake: FakeDiscord, server: Server) -> list[dict]:
    await fake.mention(server.channel, fake.owner, "sync")
    await fake.wait_for(lambda r: r.kind == "channel.message" and r.ok)
    return fake.commands[None]


async def test_commands_pin_installs_contexts_and_limits(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    commands = {c["name"]: c for c in await synced(fake, server)}
    assert set(commands) == {
        "ask",
        "clause",
        "platforms",
        "reingest",
        "watch",
        "unwatch",
        "changes",
        "timeline",
    }
    for command in commands.values():
        assert command["integration_types"] == [0], command["name"]  # server installs only
    for name in ("ask", "clause", "platforms", "changes", "timeline"):
        assert sorted(commands[name]["contexts"]) == [0, 1], name  # servers and DMs with the bot
    for name in ("reingest", "watch", "unwatch"):
        assert commands[name]["contexts"] == [0], name
        assert int(commands[name]["default_member_permissions"]) == p.MANAGE_GUILD
    question = next(o for o in commands["ask"]["options"] if o["name"] == "question")
    assert question["max_length"] == 4000 and question["required"]
    watch_channel = next(o for o in commands["watch"]["options"] if o["name"] == "channel")
    assert 11 in watch_channel["channel_types"], "threads can be watched"


async def test_a_refused_sync_is_logged_and_answered(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot, logs: LogWaiter
) -> None:
    """Item 7: the admin cog's error handler swallowed everything but NotOwner."""
    fake.refusals_expected = True
    await start_bot(runtime)
    fake.script(server.guild.id, 403, 50001, kinds=("commands",))
    await fake.mention(server.channel, fake.owner, "sync here")
    (reply,) = await fake.wait_for(lambda r: r.kind == "channel.message" and r.ok)
    assert "Something went wrong (ref " in reply.data["content"] and no_pings(reply)
    ref = reply.data["content"].split("ref ")[1][:6]
    assert ref in await logs.wait_for("failed")


async def test_only_the_owner_syncs(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    await fake.mention(server.channel, server.member, "sync")
    (reply,) = await fake.wait_for(lambda r: r.kind == "channel.message" and r.ok)
    assert reply.data["content"] == "Only the bot's owner can sync commands."
    assert None not in fake.commands


async def test_with_dms_off_commands_are_for_servers_only(
    fake: FakeDiscord, server: Server, make_runtime: Callable[..., Runtime], start_bot: StartBot
) -> None:
    """Item 5: commands were hard-coded to work in DMs; FINEPRINT_BOT_DMS=off narrows them."""
    await start_bot(make_runtime(dms=False))
    commands = await synced(fake, server)
    assert {c["name"] for c in commands} >= {"ask", "clause", "platforms", "changes"}
    for command in commands:
        assert command["contexts"] == [0], command["name"]  # servers only
        assert command["integration_types"] == [0], command["name"]


async def test_with_dms_off_a_dm_gets_a_short_note_not_an_answer(
    fake: FakeDiscord, make_runtime: Callable[..., Runtime], start_bot: StartBot
) -> None:
    await start_bot(make_runtime(dms=False, cooldown_rate=1, cooldown_seconds=600))
    channel, user = fake.dm_channel(), fake.new_user()
    await fake.send_message(channel, user, QUESTION)
    (note,) = await fake.wait_for(lambda r: r.kind == "channel.message")
    await fake.send_message(channel, user, "and YouTube?")  # inside the cooldown: no reply
    asked = await fake.slash("ask", channel, user, question=QUESTION)  # synced before the switch
    (refused,) = await fake.wait_for(lambda r: r.interaction is asked)
    assert refused.ephemeral and refused.data["content"] == DMS_OFF
    assert note.channel_id == channel.id and note.data["content"] == DMS_OFF
    assert not note.data.get("embeds") and no_pings(note)
    assert len(fake.sent()) == 1 and not [r for r in fake.requests if r.kind == "followup"]
