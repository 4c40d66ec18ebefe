"""The command tree as Discord receives it, and the owner's `sync` when Discord says no."""

from __future__ import annotations

from bot.runtime import Runtime
from tests.bot.e2e.conftest import LogWaiter, Server, StartBot, no_pings
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
    }
    for command in commands.values():
        assert command["integration_types"] == [0], command["name"]  # server installs only
    for name in ("ask", "clause", "platforms", "changes"):
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
