"""The page-turning view: buttons, bounds, and only the asker turns pages."""

from __future__ import annotations

from typing import Any
from unittest.mock import AsyncMock, MagicMock

import discord

from bot.client import LocalFineprintBot
from bot.pagination import Paginator, send_pages
from tests.bot.helpers import followups, make_interaction, private_texts

OWNER = 42


def pages(count: int) -> list[discord.Embed]:
    return [discord.Embed(title=f"page {n}") for n in range(1, count + 1)]


async def click(view: Paginator, button: Any, interaction: Any) -> None:
    if await view.interaction_check(interaction):
        await button.callback(interaction)


async def test_turning_pages(bot: LocalFineprintBot) -> None:
    view = Paginator(pages(3), OWNER)
    assert view.previous.disabled and view.first.disabled and not view.next.disabled
    assert view.counter.label == "1/3"
    interaction = make_interaction(bot, user_id=OWNER)
    await click(view, view.next, interaction)
    call = interaction.response.edit_message.await_args
    assert call.kwargs["embed"].title == "page 2" and view.counter.label == "2/3"
    await click(view, view.last, make_interaction(bot, user_id=OWNER))
    assert view.index == 2 and view.next.disabled and view.last.disabled
    await click(view, view.first, make_interaction(bot, user_id=OWNER))
    assert view.index == 0


async def test_only_the_asker_turns_pages(bot: LocalFineprintBot) -> None:
    view = Paginator(pages(2), OWNER)
    stranger = make_interaction(bot, user_id=OWNER + 1)
    await click(view, view.next, stranger)
    assert view.index == 0
    stranger.response.edit_message.assert_not_awaited()
    assert "someone else's" in private_texts(stranger)[0]


async def test_timeout_disables_the_buttons_of_its_own_message(bot: LocalFineprintBot) -> None:
    view = Paginator(pages(2), OWNER)
    sender = make_interaction(bot, user_id=OWNER)
    sender.followup.edit_message = AsyncMock()
    latest = make_interaction(bot, user_id=OWNER)
    latest.is_expired = MagicMock(return_value=False)
    gone = discord.NotFound(MagicMock(status=404), "gone")
    latest.followup.edit_message = AsyncMock(side_effect=gone)
    view.attach(MagicMock(spec=discord.WebhookMessage, id=7), sender)
    view.seen(latest)
    await view.on_timeout()  # a deleted message is not an error
    assert all(getattr(item, "disabled", True) for item in view.children)
    latest.followup.edit_message.assert_awaited_once_with(7, view=view)
    latest.edit_original_response.assert_not_awaited()
    sender.followup.edit_message.assert_not_awaited()


async def test_a_channel_message_is_edited_with_the_bots_token(bot: LocalFineprintBot) -> None:
    view = Paginator(pages(2), OWNER)
    message = MagicMock(spec=discord.Message, id=8)
    view.attach(message, None)
    await view.on_timeout()
    message.edit.assert_awaited_once_with(view=view)


async def test_send_pages(bot: LocalFineprintBot) -> None:
    one = make_interaction(bot, user_id=OWNER)
    await send_pages(one, pages(1), private=True)
    assert followups(one)[-1]["embed"].title == "page 1" and "view" not in followups(one)[-1]
    many = make_interaction(bot, user_id=OWNER)
    await send_pages(many, pages(4), private=False)
    sent = followups(many)[-1]
    assert isinstance(sent["view"], Paginator)
    assert sent["view"].latest is many and sent["wait"]  # it remembers the message it sent
    assert sent["view"].message is many.followup.send.return_value
