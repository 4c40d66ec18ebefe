"""Paginated replies through the fake Discord: pages turn through each press's own token, and
on timeout a view disables the buttons of its own message, through the latest token that may
edit it — never the first, dead after 15 minutes, and never another message a press made."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot import pagination
from bot.runtime import Runtime
from tests.bot.e2e.conftest import Server, StartBot
from tests.bot.e2e.replies import defer_and_reply
from tests.bot.fake_discord import FakeDiscord, Request


def buttons(message: dict) -> list[dict]:
    return [c for row in message["components"] for c in row["components"]]


def made(monkeypatch: pytest.MonkeyPatch) -> list[pagination.OwnMessageView]:
    """Every view with a timeout the bot builds from now on, to time it out when the test
    says. (Patched on the base class: the cogs' modules are loaded afresh by the bot.)"""
    views: list[pagination.OwnMessageView] = []
    original = pagination.OwnMessageView.__init__

    def remember(self: pagination.OwnMessageView, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        views.append(self)

    monkeypatch.setattr(pagination.OwnMessageView, "__init__", remember)
    return views


async def timed_out(view: pagination.OwnMessageView) -> None:
    """Time `view` out now, once the bot has recorded the message it sent it with (the test
    may see the message before the bot has heard back that it was sent)."""
    async with asyncio.timeout(10):
        while view.message is None:
            await asyncio.sleep(0)
    await view.on_timeout()


def of(views: list[pagination.OwnMessageView], name: str) -> list[pagination.OwnMessageView]:
    return [view for view in views if type(view).__name__ == name]


def edits(fake: FakeDiscord) -> list[Request]:
    return [r for r in fake.requests if r.kind.endswith(".edit")]


def all_disabled(message: dict) -> bool:
    return all(b.get("disabled") for b in buttons(message))


async def test_buttons_are_disabled_through_the_latest_press(
    fake: FakeDiscord,
    server: Server,
    runtime: Runtime,
    start_bot: StartBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Defect 6: the timeout (restarted by each press) edited through the command's token."""
    made: list[pagination.Paginator] = []
    original = pagination.Paginator.__init__

    def remember(self: pagination.Paginator, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        made.append(self)

    monkeypatch.setattr(pagination.Paginator, "__init__", remember)
    await start_bot(runtime)
    asked = await fake.slash(
        "clause",
        server.channel,
        server.member,
        platform="soundcloud",
        document="terms-of-use",
        section="Your Use of the Platform",
    )
    _, shown = await defer_and_reply(fake, asked)
    page = shown.response
    assert buttons(page)[2]["label"].startswith("1/")

    fake.clock.advance(14 * 60)  # the command's token has a minute left
    forward = next(b for b in buttons(page) if b.get("emoji", {}).get("name") == "▶️")
    pressed = await fake.press(page, forward["custom_id"], server.member)
    (turned,) = await fake.wait_for(lambda r: r.interaction is pressed)
    assert turned.body["type"] == 7 and turned.ok
    assert buttons(turned.data)[2]["label"].startswith("2/")

    fake.clock.advance(5 * 60)  # the command's token is dead; the press's is 5 minutes old
    (view,) = made
    view.timeout = 0.01  # time out now (a real one is 10 minutes after the last press)
    (disabled,) = await fake.wait_for(lambda r: r.kind.endswith(".edit"))
    assert disabled.ok and disabled.interaction is pressed
    assert disabled.response["id"] == page["id"] and all_disabled(fake.messages[int(page["id"])])


async def test_someone_else_cannot_turn_the_pages(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    asked = await fake.slash(
        "clause",
        server.channel,
        server.member,
        platform="soundcloud",
        document="terms-of-use",
        section="Your Use of the Platform",
    )
    _, shown = await defer_and_reply(fake, asked)
    forward = next(b for b in buttons(shown.response) if b.get("emoji", {}).get("name") == "▶️")
    pressed = await fake.press(shown.response, forward["custom_id"], server.manager)
    (reply,) = await fake.wait_for(lambda r: r.interaction is pressed)
    assert reply.body["type"] == 4 and reply.ephemeral
    assert "someone else" in reply.data["content"]


async def test_timeout_closes_the_pages_not_a_notice_to_someone_else(
    fake: FakeDiscord,
    server: Server,
    runtime: Runtime,
    start_bot: StartBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Item 1: another user's ▶ got a private notice, and the timeout edited that notice."""
    views = made(monkeypatch)
    await start_bot(runtime)
    asked = await fake.slash(
        "clause",
        server.channel,
        server.member,
        platform="soundcloud",
        document="terms-of-use",
        section="Your Use of the Platform",
    )
    page = (await defer_and_reply(fake, asked))[1].response
    forward = next(b for b in buttons(page) if b.get("emoji", {}).get("name") == "▶️")
    pressed = await fake.press(page, forward["custom_id"], server.manager)
    (notice,) = await fake.wait_for(lambda r: r.interaction is pressed)
    assert notice.ephemeral and "someone else" in notice.data["content"]

    (view,) = views
    await timed_out(view)
    (disabled,) = edits(fake)
    assert disabled.ok and disabled.response["id"] == page["id"]
    assert all_disabled(fake.messages[int(page["id"])])
    assert fake.messages[notice.interaction.original_id or 0]["components"] == []


async def test_changes_timeout_closes_the_public_button_not_the_readers_list(
    fake: FakeDiscord,
    server: Server,
    runtime: Runtime,
    start_bot: StartBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Item 1: after a reader's "Full list", both timeouts edited the reader's private list,
    and the public button stayed enabled but dead."""
    views = made(monkeypatch)
    await start_bot(runtime)
    # DistroKid's two newest versions are comparable and differ by many changes (YouTube's two
    # newest are two regions' pages: one line, no list)
    asked = await fake.slash("changes", server.channel, server.member, platform="distrokid")
    public = (await defer_and_reply(fake, asked))[1].response
    (full,) = buttons(public)
    pressed = await fake.press(public, full["custom_id"], fake.new_user("reader"))
    listed = (await defer_and_reply(fake, pressed))[1].response
    (full_list,), pages = of(views, "FullList"), of(views, "Paginator")
    assert listed["flags"] & 64 and len(pages) == 1, "a private list of several pages"

    await timed_out(full_list)
    assert [r.response["id"] for r in edits(fake)] == [public["id"]]
    assert all_disabled(fake.messages[int(public["id"])])
    assert not all_disabled(fake.messages[int(listed["id"])])

    await timed_out(pages[0])
    assert [r.response["id"] for r in edits(fake)] == [public["id"], listed["id"]]
    assert all_disabled(fake.messages[int(listed["id"])])


async def test_pages_the_follow_up_could_not_carry_are_closed_with_the_bots_token(
    fake: FakeDiscord,
    server: Server,
    runtime: Runtime,
    start_bot: StartBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Items 1 and 4: refused at Cloudflare's edge, the pages go to the channel; their view
    then closes that channel message through the channel endpoint."""
    views = made(monkeypatch)
    await start_bot(runtime)
    fake.script(server.channel.id, 429, cloudflare=True, times=None, kinds=("followup",))
    await fake.slash(
        "clause",
        server.channel,
        server.member,
        platform="soundcloud",
        document="terms-of-use",
        section="Your Use of the Platform",
    )
    (posted,) = await fake.wait_for(lambda r: r.kind == "channel.message" and r.ok)
    assert buttons(posted.response)[2]["label"].startswith("1/")
    (view,) = views
    await timed_out(view)
    (disabled,) = edits(fake)
    assert disabled.kind == "channel.edit" and disabled.response["id"] == posted.response["id"]
    assert all_disabled(fake.messages[int(posted.response["id"])])
