"""Asking by @mention and by DM, driven with dpytest (message events, a fake HTTP layer)."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest

from bot.client import LocalFineprintBot
from bot.cooldown import Cooldown
from bot.limits import embed_problems
from bot.runtime import Runtime
from fineprint.answering.answer import NOT_LEGAL_ADVICE
from fineprint.service import Fineprint
from tests.bot.conftest import chat_bot
from tests.bot.helpers import field_quote


@pytest.fixture
async def chat(runtime: Runtime) -> AsyncIterator[LocalFineprintBot]:
    """The bot in a dpytest world: one guild, one channel, two members."""
    bot = await chat_bot(runtime)
    yield bot
    await dpytest.empty_queue()


@pytest.fixture
def payloads(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The JSON of every message the bot sends (what Discord would receive)."""
    seen: list[dict[str, Any]] = []
    original = discord.abc.handle_message_parameters

    def spy(*args: Any, **kwargs: Any) -> Any:
        params = original(*args, **kwargs)
        seen.append(params.payload or {})
        return params

    monkeypatch.setattr(discord.abc, "handle_message_parameters", spy)
    return seen


def me(bot: LocalFineprintBot) -> str:
    assert bot.user is not None
    return f"<@{bot.user.id}>"


async def test_mention_gets_a_cited_answer(
    chat: LocalFineprintBot, service: Fineprint, payloads: list[dict[str, Any]]
) -> None:
    await dpytest.message(f"{me(chat)} Can SoundCloud train AI on my voice?")
    reply = dpytest.get_message()
    (embed,) = reply.embeds
    assert embed_problems(embed) == []
    assert embed.footer.text == NOT_LEGAL_ADVICE
    assert "SoundCloud" in (embed.fields[0].name or "")
    answer = next(iter(chat.runtime.answers._items.values())).answer
    quotes = [f for f in embed.fields if re.match(r"\[\d\] ", f.name or "")]
    assert quotes
    for field, citation in zip(quotes, answer.citations, strict=False):
        body = service.store.body(
            f"{citation.platform}/{citation.document}/{citation.version_date}"
        )
        assert body and field_quote(field.value or "") in body
    (payload,) = payloads
    assert payload["message_reference"]["message_id"]  # a reply to the question
    assert payload["allowed_mentions"]["parse"] == []
    assert payload["allowed_mentions"].get("replied_user") is not True
    ids = [c["custom_id"] for row in payload["components"] for c in row["components"]]
    assert [i.split(":")[1] for i in ids] == ["full", "versions", "up", "down"]


async def test_everyone_role_and_user_mentions_do_not_ping(
    chat: LocalFineprintBot, payloads: list[dict[str, Any]]
) -> None:
    config = dpytest.get_config()
    guild = config.guilds[0]
    role = dpytest.backend.make_role("Artists", guild, mentionable=True)
    other = config.members[1]
    await dpytest.message(
        f"{me(chat)} @everyone @here <@&{role.id}> <@{other.id}> can soundcloud sell my music?"
    )
    reply = dpytest.get_message()
    (payload,) = payloads
    mentions = payload["allowed_mentions"]
    assert mentions["parse"] == [] and not mentions.get("users") and not mentions.get("roles")
    assert not reply.mention_everyone and not reply.mentions and not reply.role_mentions
    title = reply.embeds[0].title or ""
    assert "@everyone" not in title and "@here" not in title and "<@" not in title


async def test_everyone_alone_does_not_summon_the_bot(chat: LocalFineprintBot) -> None:
    await dpytest.message("@everyone can soundcloud sell my music?")
    assert dpytest.verify().message().nothing()


async def test_direct_message_is_answered(chat: LocalFineprintBot) -> None:
    member = dpytest.get_config().members[0]
    channel = await member.create_dm()
    await dpytest.message("do I keep ownership of my tracks on soundcloud", channel=channel)
    reply = dpytest.get_message()
    assert reply.channel.id == channel.id
    assert reply.embeds and reply.embeds[0].fields


async def test_bare_mention_gets_help(chat: LocalFineprintBot) -> None:
    await dpytest.message(me(chat))
    reply = dpytest.get_message()
    assert "/ask" in reply.content and not reply.embeds


async def test_too_long_mention_is_told_the_limit(chat: LocalFineprintBot) -> None:
    limit = chat.runtime.settings.max_question_chars
    await dpytest.message(f"{me(chat)} " + "why " * limit)
    reply = dpytest.get_message()
    assert f"the limit is {limit}" in reply.content and not reply.embeds


async def test_cooldown_on_mentions(runtime: Runtime) -> None:
    runtime.questions = Cooldown(1, 60)
    bot = await chat_bot(runtime)
    await dpytest.message(f"{me(bot)} can soundcloud sell my music?")
    assert dpytest.get_message().embeds
    await dpytest.message(f"{me(bot)} and youtube?")
    assert "try again in" in dpytest.get_message().content
    await dpytest.message(f"{me(bot)} and youtube?", member=1)  # someone else may ask
    assert dpytest.get_message().embeds
    await dpytest.empty_queue()


async def test_failure_replies_with_a_ref(
    chat: LocalFineprintBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr(chat.runtime.service, "ask", explode)
    with caplog.at_level(logging.ERROR):
        await dpytest.message(f"{me(chat)} can soundcloud sell my music?")
    reply = dpytest.get_message()
    ref = re.search(r"ref ([0-9A-F]{6})", reply.content)
    assert ref and "kaput" not in reply.content
    assert any(ref.group(1) in r.getMessage() and r.exc_info for r in caplog.records)
    assert "can soundcloud sell my music" not in caplog.text  # no question text in the log
