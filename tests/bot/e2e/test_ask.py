"""Asking through the fake Discord: /ask, @mentions, DMs and the buttons under answers."""

from __future__ import annotations

import threading
from collections.abc import Callable

from bot.exts.ask.buttons import TOO_OLD
from bot.runtime import Runtime
from tests.bot.e2e.conftest import LogWaiter, Server, StartBot, no_pings
from tests.bot.e2e.replies import defer_and_reply
from tests.bot.fake_discord import FakeDiscord, Request
from tests.bot.fake_discord import payloads as p

QUESTION = "Can SoundCloud train AI on my voice?"


def answer_to(fake: FakeDiscord, channel: p.Channel) -> Callable[[Request], bool]:
    return lambda r: r.kind == "channel.message" and r.channel_id == channel.id and r.ok


def button_ids(message: dict) -> list[str]:
    return [c["custom_id"] for row in message["components"] for c in row["components"]]


async def test_slash_ask_defers_publicly_then_answers(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    asked = await fake.slash("ask", server.channel, server.member, question=QUESTION)
    defer, answer = await defer_and_reply(fake, asked)
    assert defer.body == {"type": 5, "data": {"flags": 0}} or defer.body["type"] == 5
    assert not defer.ephemeral
    assert answer.ok and not answer.ephemeral
    assert answer.data["embeds"][0]["fields"], "an answer quotes clauses"
    assert any(i.startswith("fp:full:") for i in button_ids(answer.response))
    assert all(no_pings(r) for r in fake.requests)


async def test_private_ask_stays_private(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    asked = await fake.slash("ask", server.channel, server.member, question=QUESTION, private=True)
    defer, answer = await defer_and_reply(fake, asked)
    assert defer.ephemeral and answer.ephemeral


async def test_votes_are_acknowledged_while_every_worker_is_busy(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    """Defect 3: the 👍 was written on the shared pool *before* its ack."""
    await start_bot(runtime)
    await fake.mention(server.channel, server.member, QUESTION)
    (answer,) = await fake.wait_for(answer_to(fake, server.channel))
    up = next(i for i in button_ids(answer.response) if i.startswith("fp:up:"))

    release = threading.Event()
    busy = [runtime.executor.submit(release.wait) for _ in range(runtime.settings.workers)]
    try:
        pressed = await fake.press(answer.response, up, server.member)
        (ack,) = await fake.wait_for(lambda r: r.interaction is pressed, timeout=10)
        assert ack.ok and ack.kind == "callback" and ack.ephemeral
        assert "Thanks" in ack.data["content"]
        assert not any(f.done() for f in busy), "acknowledged while the workers were busy"
    finally:
        release.set()
    for future in busy:
        future.result(timeout=10)


async def test_mention_is_answered_once_as_a_reply(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    asked = await fake.mention(server.channel, server.member, QUESTION)
    (answer,) = await fake.wait_for(answer_to(fake, server.channel))
    assert str(answer.data["message_reference"]["message_id"]) == asked["id"]
    assert answer.data["embeds"] and no_pings(answer)
    assert answer.data["allowed_mentions"]["replied_user"] is False


async def test_without_embed_links_the_answer_is_plain_text(
    fake: FakeDiscord, runtime: Runtime, start_bot: StartBot, logs: LogWaiter
) -> None:
    """Defect 4: an embed there is 403 50013, and the bot then posted a public error."""
    guild = fake.add_guild()
    channel = fake.add_channel(guild, "no-embeds", deny=p.EMBED_LINKS)
    user = fake.new_user()
    await start_bot(runtime)
    await fake.mention(channel, user, QUESTION)
    (answer,) = await fake.wait_for(answer_to(fake, channel))
    assert not answer.data.get("embeds")
    assert "Not legal advice" in answer.data["content"]
    assert "Embed Links" in answer.data["content"]
    assert len(answer.data["content"]) <= 2000
    assert not [r for r in fake.requests if r.status == 403]
    assert not logs.lines(40), "no ERROR, no traceback"


async def test_without_read_message_history_the_answer_is_not_a_reply(
    fake: FakeDiscord, runtime: Runtime, start_bot: StartBot
) -> None:
    guild = fake.add_guild()
    channel = fake.add_channel(guild, "no-history", deny=p.READ_MESSAGE_HISTORY)
    await start_bot(runtime)
    await fake.mention(channel, fake.new_user(), QUESTION)
    (answer,) = await fake.wait_for(answer_to(fake, channel))
    assert "message_reference" not in answer.data and answer.data["embeds"]


async def test_without_send_messages_one_log_line_and_nothing_sent(
    fake: FakeDiscord, runtime: Runtime, start_bot: StartBot, logs: LogWaiter
) -> None:
    guild = fake.add_guild()
    channel = fake.add_channel(guild, "read-only", deny=p.SEND_MESSAGES)
    await start_bot(runtime)
    await fake.mention(channel, fake.new_user(), QUESTION)
    line = await logs.wait_for("cannot answer a mention")
    assert "Send Messages" in line
    assert not [r for r in fake.requests if r.channel_id == channel.id]
    assert not logs.lines(40)


async def test_a_refused_answer_is_one_log_line_not_a_public_error(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot, logs: LogWaiter
) -> None:
    fake.refusals_expected = True
    await start_bot(runtime)
    fake.script(server.channel.id, 403, 50001)
    await fake.mention(server.channel, server.member, QUESTION)
    line = await logs.wait_for("Discord said")
    assert "403 50001" in line
    posts = [r for r in fake.requests if r.kind == "channel.message"]
    assert len(posts) == 1 and posts[0].status == 403
    assert not logs.lines(40)


async def test_an_embed_refused_behind_the_cache_is_sent_again_as_plain_text(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot, logs: LogWaiter
) -> None:
    """Item 4: Embed Links was taken away a moment ago (the bot's cache still allows it), the
    embed was refused with 403, and the user was left with "typing…" and nothing."""
    fake.refusals_expected = True
    await start_bot(runtime)
    fake.change_permissions(server.channel, deny=p.EMBED_LINKS)  # no CHANNEL_UPDATE yet
    await fake.mention(server.channel, server.member, QUESTION)
    (sent,) = await fake.wait_for(answer_to(fake, server.channel))
    refused, again = [r for r in fake.requests if r.kind == "channel.message"]
    assert (refused.status, refused.code) == (403, 50013) and refused.data["embeds"]
    assert again is sent
    assert not sent.data.get("embeds") and "Not legal advice" in sent.data["content"]
    assert sent.data["message_reference"] and no_pings(sent)
    assert "sent again as plain text" in await logs.wait_for("refused an embed")
    assert not logs.lines(40)


async def test_an_answer_whose_follow_up_cloudflare_refuses_goes_to_the_channel(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    """Item 4: a 429 without `Via` made discord.py give up, the "thinking…" vanished and the
    error notice was refused too: the user saw nothing."""
    await start_bot(runtime)
    fake.script(server.channel.id, 429, cloudflare=True, times=None, kinds=("followup",))
    asked = await fake.slash("ask", server.channel, server.member, question=QUESTION)
    (answer,) = await fake.wait_for(answer_to(fake, server.channel))
    assert answer.data["embeds"][0]["fields"] and no_pings(answer)
    assert any(i.startswith("fp:full:") for i in button_ids(answer.response))
    (refused,) = [r for r in fake.about(asked) if r.kind == "followup"]
    assert refused.status == 429, "discord.py gave up at once: no retry"
    await fake.wait_for(lambda r: r.interaction is asked and r.kind == "original.delete")


async def test_a_rate_limited_answer_is_retried(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    fake.refusals_expected = True
    await start_bot(runtime)
    fake.script(server.channel.id, 429)
    await fake.mention(server.channel, server.member, QUESTION)
    (answer,) = await fake.wait_for(answer_to(fake, server.channel))
    statuses = [r.status for r in fake.requests if r.kind == "channel.message"]
    assert statuses == [429, 200] and answer.data["embeds"]


async def test_sync_licensing_is_a_question_not_the_sync_command(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    """Defect 5."""
    await start_bot(runtime)
    await fake.mention(
        server.channel, server.member, "sync licensing: can YouTube use my song in ads?"
    )
    (answer,) = await fake.wait_for(answer_to(fake, server.channel))
    assert answer.data.get("embeds")
    assert "owner" not in str(answer.data)


async def test_the_owner_syncs_with_exact_arguments(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    await fake.mention(server.channel, fake.owner, "sync here")
    (reply,) = await fake.wait_for(answer_to(fake, server.channel))
    assert reply.data["content"].startswith("Synced ")
    assert fake.commands[server.guild.id], "the guild got its copy of the commands"
    assert no_pings(reply)


async def test_a_reply_with_ping_is_not_a_new_question(
    fake: FakeDiscord, server: Server, make_runtime: Callable[..., Runtime], start_bot: StartBot
) -> None:
    """Two questions allowed: a reply counted as a question would use up the second."""
    await start_bot(make_runtime(cooldown_rate=2, cooldown_seconds=600))
    await fake.mention(server.channel, server.member, QUESTION)
    (answer,) = await fake.wait_for(answer_to(fake, server.channel))
    await fake.send_message(
        server.channel,
        server.member,
        "thanks, that helps",
        mentions=[fake.bot_user],  # "ping" on: Discord lists the bot, the text does not name it
        reply_to=int(answer.response["id"]),
    )
    await fake.mention(server.channel, server.member, "Does YouTube own my uploads?")
    _, second = await fake.wait_for(answer_to(fake, server.channel), count=2)
    assert "YouTube" in second.data["embeds"][0]["title"]
    assert len(fake.sent()) == 2


async def test_mentioning_the_bots_role_asks_too(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    role = server.guild.bot_role
    await fake.send_message(
        server.channel, server.member, f"<@&{role}> {QUESTION}", mention_roles=[role]
    )
    (answer,) = await fake.wait_for(answer_to(fake, server.channel))
    assert answer.data["embeds"]


async def test_cooldown_notices_are_private_and_once_per_window(
    fake: FakeDiscord, server: Server, make_runtime: Callable[..., Runtime], start_bot: StartBot
) -> None:
    await start_bot(make_runtime(cooldown_rate=1, cooldown_seconds=600))
    for _ in range(4):
        await fake.mention(server.channel, server.member, QUESTION)
    other = fake.new_user("other")
    await fake.mention(server.channel, other, "Does Spotify own my uploads?")
    await fake.wait_for(answer_to(fake, server.channel), count=2)
    in_channel = [
        r
        for r in fake.requests
        if r.kind == "channel.message" and r.channel_id == server.channel.id
    ]
    private = [
        r
        for r in fake.requests
        if r.kind == "channel.message" and r.channel_id != server.channel.id
    ]
    assert len(in_channel) == 2, "one answer each, no public notices"
    assert len(private) == 1 and "try again" in private[0].data["content"]


async def test_a_dm_is_answered(fake: FakeDiscord, runtime: Runtime, start_bot: StartBot) -> None:
    await start_bot(runtime)
    channel = fake.dm_channel()
    await fake.send_message(channel, fake.new_user(), QUESTION)
    (answer,) = await fake.wait_for(answer_to(fake, channel))
    assert answer.data["embeds"]


async def test_buttons_survive_a_restart_politely(
    fake: FakeDiscord,
    server: Server,
    make_runtime: Callable[..., Runtime],
    start_bot: StartBot,
) -> None:
    first = await start_bot(make_runtime())
    await fake.mention(server.channel, server.member, QUESTION)
    (answer,) = await fake.wait_for(answer_to(fake, server.channel))
    await first.close()
    await start_bot(make_runtime())
    full = next(i for i in button_ids(answer.response) if i.startswith("fp:full:"))
    pressed = await fake.press(answer.response, full, server.member)
    (reply,) = await fake.wait_for(lambda r: r.interaction is pressed)
    assert reply.body["type"] == 4 and reply.ephemeral
    assert reply.data["content"] == TOO_OLD


async def test_full_clause_is_private_to_the_presser(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    await fake.mention(server.channel, server.member, QUESTION)
    (answer,) = await fake.wait_for(answer_to(fake, server.channel))
    full = next(i for i in button_ids(answer.response) if i.startswith("fp:full:"))
    pressed = await fake.press(answer.response, full, server.member)
    defer, shown = await defer_and_reply(fake, pressed)
    assert defer.body["type"] == 5 and defer.ephemeral
    assert shown.ok and shown.data["embeds"]


async def test_ask_is_acknowledged_while_every_worker_is_busy(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    release = threading.Event()
    busy = [runtime.executor.submit(release.wait) for _ in range(runtime.settings.workers)]
    try:
        asked = await fake.slash("ask", server.channel, server.member, question=QUESTION)
        (ack,) = await fake.wait_for(lambda r: r.interaction is asked, timeout=10)
        assert ack.ok and ack.body["type"] == 5
        assert not any(f.done() for f in busy)
    finally:
        release.set()
    (answer,) = await fake.wait_for(lambda r: r.interaction is asked and r.kind == "followup")
    assert answer.ok and answer.data["embeds"]


async def test_a_role_mention_in_a_question_shows_the_roles_name(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    """Item 8: the title showed a raw `<@&id>` (defused, but unreadable)."""
    artists = fake.add_role(server.guild, "Artists")
    await start_bot(runtime)
    asked = await fake.slash(
        "ask",
        server.channel,
        server.member,
        question=f"Can <@&{artists}> sell music on SoundCloud?",
    )
    (answer,) = await fake.wait_for(lambda r: r.interaction is asked and r.kind == "followup")
    await fake.send_message(
        server.channel,
        server.member,
        f"<@{fake.application_id}> can <@&{artists}> and <@{server.manager['id']}> keep their "
        "SoundCloud royalties?",
        mentions=[fake.bot_user, server.manager],
        mention_roles=[artists],
    )
    (replied,) = await fake.wait_for(answer_to(fake, server.channel))
    for title in (answer.data["embeds"][0]["title"], replied.data["embeds"][0]["title"]):
        assert "@Artists" in title and "<@" not in title and str(artists) not in title
    assert "@manager" in replied.data["embeds"][0]["title"]
    assert no_pings(answer) and no_pings(replied)


async def test_source_lines_mark_only_cut_headings(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    """Item 8: every source line ended its (whole) heading with "…", as if it were cut."""
    await start_bot(runtime)
    asked = await fake.slash("ask", server.channel, server.member, question=QUESTION)
    (answer,) = await fake.wait_for(lambda r: r.interaction is asked and r.kind == "followup")
    cited = runtime.answers.get(answer.data["components"][0]["components"][0]["custom_id"][8:])
    assert cited is not None
    quotes = [f for f in answer.data["embeds"][0]["fields"] if f["name"].startswith("[")]
    assert quotes
    for field, citation in zip(quotes, cited.answer.citations, strict=False):
        heading = field["value"].rsplit("\n— ", 1)[1].rsplit(" · ", 1)[0]
        assert heading == citation.section.replace("*", "").strip(), "whole, unmarked"
