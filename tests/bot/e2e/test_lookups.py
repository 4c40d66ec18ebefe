"""The other commands and buttons through the fake Discord: /platforms, /changes and its
Full list, Other versions, 👎, /unwatch, and autocomplete."""

from __future__ import annotations

import asyncio

from bot.runtime import Runtime
from tests.bot.e2e.conftest import Server, StartBot, no_pings
from tests.bot.e2e.replies import defer_and_reply
from tests.bot.e2e.test_ask import QUESTION, button_ids
from tests.bot.fake_discord import FakeDiscord, FakeInteraction, Request
from tests.bot.fake_discord import payloads as p

MANAGER = p.MEMBER_DEFAULT | p.MANAGE_GUILD


async def deferred_reply(fake: FakeDiscord, asked: FakeInteraction) -> tuple[Request, Request]:
    defer, reply = await defer_and_reply(fake, asked)
    assert defer.body and defer.body["type"] == 5
    return defer, reply


async def test_platforms_lists_the_coverage(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    asked = await fake.slash("platforms", server.channel, server.member)
    defer, reply = await deferred_reply(fake, asked)
    assert not defer.ephemeral and "SoundCloud" in str(reply.data["embeds"])


async def test_changes_and_its_full_list(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    asked = await fake.slash("changes", server.channel, server.member, platform="soundcloud")
    _, reply = await deferred_reply(fake, asked)
    assert "what changed" in reply.data["embeds"][0]["title"] and no_pings(reply)
    (full,) = [i for i in button_ids(reply.response)]
    pressed = await fake.press(reply.response, full, fake.new_user("someone else"))
    defer, listed = await deferred_reply(fake, pressed)
    assert defer.ephemeral and listed.ephemeral and listed.data["embeds"]


async def test_other_versions_and_a_down_vote(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    asked = await fake.slash("ask", server.channel, server.member, question=QUESTION)
    _, answer = await deferred_reply(fake, asked)
    ids = button_ids(answer.response)
    versions = next(i for i in ids if i.startswith("fp:versions:"))
    pressed = await fake.press(answer.response, versions, server.member)
    defer, shown = await deferred_reply(fake, pressed)
    assert defer.ephemeral and shown.ephemeral and shown.data["embeds"]
    down = next(i for i in ids if i.startswith("fp:down:"))
    presses = [await fake.press(answer.response, down, server.member) for _ in range(2)]
    thanks, again = [(await fake.wait_for(lambda r, i=i: r.interaction is i))[0] for i in presses]
    assert "Thanks for the 👎" in thanks.data["content"]
    assert thanks.ephemeral and again.ephemeral and "already rated" in again.data["content"]
    async with asyncio.timeout(20):  # written after the ack, on a worker thread
        while not (runtime.feedback.path.exists() and runtime.feedback.read()):
            await asyncio.sleep(0.01)
    (vote,) = runtime.feedback.read()
    assert vote["vote"] == "down" and server.member["id"] not in str(vote)


async def test_unwatch_says_so_publicly(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    for name in ("watch", "unwatch"):
        asked = await fake.slash(
            name, server.channel, server.manager, permissions=MANAGER, platform="youtube"
        )
        _, reply = await deferred_reply(fake, asked)
    assert not reply.ephemeral and "No more alerts for **YouTube**" in reply.data["content"]
    asked = await fake.slash(
        "unwatch", server.channel, server.manager, permissions=MANAGER, platform="youtube"
    )
    await fake.wait_for(lambda r: r.interaction is asked and r.kind == "followup")
    said = [r for r in fake.about(asked) if r.kind == "followup"]
    assert said[-1].ephemeral and "does not watch" in said[-1].data["content"]


async def test_autocomplete_answers_within_limits(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    typed = await fake.autocomplete("ask", server.channel, server.member, "question", question="x")
    typed = await fake.autocomplete(
        "clause",
        server.channel,
        server.member,
        "section",
        platform="soundcloud",
        document="terms-of-use",
        section="your",
    )
    (choices,) = await fake.wait_for(lambda r: r.interaction is typed)
    names = [c["name"] for c in choices.data["choices"]]
    assert choices.body["type"] == 8 and any("Your" in n for n in names)


async def test_clause_marks_nothing_it_did_not_cut(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    """Item 8: the not-found message began and ended with "…" (it was read as a quote), and
    a clause page ended its heading with one."""
    await start_bot(runtime)
    missing = await fake.slash(
        "clause",
        server.channel,
        server.member,
        platform="soundcloud",
        document="terms-of-use",
        section="99",
    )
    _, told = await defer_and_reply(fake, missing)
    said = told.data["content"]
    assert told.ephemeral and said.startswith("no section '99' in soundcloud")
    assert "top-level headings" in said and not said.endswith("…") and len(said) < 2000
    found = await fake.slash(
        "clause",
        server.channel,
        server.member,
        platform="soundcloud",
        document="terms-of-use",
        section="Your Use of the Platform",
    )
    _, page = await deferred_reply(fake, found)
    heading = page.data["embeds"][0]["description"].split("\n", 1)[0]
    assert heading == "**SoundCloud Terms of Use › Your use of the Platform**", heading
