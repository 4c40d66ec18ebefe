"""`/ask` through the cog, with mocked interactions and the real service."""

from __future__ import annotations

import logging
import re
from typing import Any

import discord
import pytest

from bot.client import LocalFineprintBot
from bot.limits import embed_problems
from fineprint.answering.answer import NOT_LEGAL_ADVICE
from fineprint.quote_display import readable
from fineprint.service import Fineprint
from tests.bot.conftest import make_bot, make_bot_settings
from tests.bot.helpers import (
    custom_ids,
    field_quote,
    followups,
    invoke,
    make_interaction,
    private_texts,
    sent_embeds,
)

QUESTIONS = [
    ("Can SoundCloud train AI on my voice?", None, None),
    ("do I keep ownership of my tracks", "soundcloud", None),
    ("what licence do I give when I upload videos", "YouTube", "2021-06-01"),
    ("can they use my tweets to train AI", "x", None),
    ("can distrokid change its prices", None, None),
]


async def ask(bot: LocalFineprintBot, question: str, **options: Any) -> Any:
    interaction = make_interaction(bot, user_id=options.pop("user_id", 111_111_111_111_111_111))
    await invoke(bot, "ask", interaction, question=question, **options)
    return interaction


def answer_key(interaction: Any) -> str:
    view = followups(interaction)[-1]["view"]
    ids = custom_ids(view)
    return ids[0].rsplit(":", 1)[1]


@pytest.mark.parametrize(("question", "platform", "as_of"), QUESTIONS)
async def test_answer_quotes_are_verbatim_from_the_cited_version(
    bot: LocalFineprintBot, service: Fineprint, question: str, platform: str, as_of: str
) -> None:
    interaction = await ask(bot, question, platform=platform, as_of=as_of)
    interaction.response.defer.assert_awaited_once()
    (embed,) = sent_embeds(interaction)
    assert embed_problems(embed) == []
    assert embed.footer.text == NOT_LEGAL_ADVICE
    key = answer_key(interaction)
    answer = bot.runtime.answers.get(key).answer  # type: ignore[attr-defined,union-attr]
    assert not answer.abstained
    quote_fields = [f for f in embed.fields if re.match(r"\[\d\] ", f.name or "")]
    assert 1 <= len(quote_fields) <= 3
    for field, citation in zip(quote_fields, answer.citations, strict=False):
        shown = field_quote(field.value or "")
        body = service.store.body(
            f"{citation.platform}/{citation.document}/{citation.version_date}"
        )
        assert body is not None
        # verbatim as the terms read (list markers, links, emphasis shown plainly: readable)
        assert shown and shown.removeprefix("…") in readable(body), (
            shown[:80],
            citation.version_date,
        )
        assert readable(citation.quote).startswith(shown.removeprefix("…"))
        assert citation.version_date in (field.value or "")
        assert citation.platform_name in (field.name or "")


async def test_as_of_and_platform_are_passed_through(bot: LocalFineprintBot) -> None:
    interaction = await ask(
        bot, "what licence do I give when I upload videos", platform="yt", as_of="2021-06-01"
    )
    answer = bot.runtime.answers.get(answer_key(interaction)).answer  # type: ignore[attr-defined,union-attr]
    assert answer.platform == "youtube"
    assert answer.as_of == "2021-06-01"
    assert all(c.version_date <= "2021-06-01" for c in answer.citations)


async def test_private_answer_is_deferred_and_sent_ephemerally(bot: LocalFineprintBot) -> None:
    interaction = await ask(bot, "Can SoundCloud train AI on my voice?", private=True)
    interaction.response.defer.assert_awaited_once_with(ephemeral=True, thinking=True)
    assert followups(interaction)[-1]["ephemeral"] is True


async def test_public_answer_has_the_answer_buttons(bot: LocalFineprintBot) -> None:
    interaction = await ask(bot, "Can SoundCloud train AI on my voice?")
    interaction.response.defer.assert_awaited_once_with(ephemeral=False, thinking=True)
    sent = followups(interaction)[-1]
    assert sent["ephemeral"] is False
    assert sent["allowed_mentions"].to_dict() == {"parse": []}
    actions = [cid.split(":")[1] for cid in custom_ids(sent["view"])]
    assert actions == ["full", "versions", "up", "down"]
    assert all(len(cid) <= 100 for cid in custom_ids(sent["view"]))


async def test_abstention_lists_covered_platforms(bot: LocalFineprintBot) -> None:
    interaction = await ask(bot, "Can TikTok sell my videos?")
    (embed,) = sent_embeds(interaction)
    for name in ("SoundCloud", "YouTube", "DistroKid"):
        assert name in (embed.description or "")
    assert not embed.fields
    assert embed.footer.text == NOT_LEGAL_ADVICE
    actions = [cid.split(":")[1] for cid in custom_ids(followups(interaction)[-1]["view"])]
    assert actions == ["up", "down"]


async def test_mentions_in_a_question_cannot_ping(bot: LocalFineprintBot) -> None:
    question = (
        "@everyone @here <@123456789012345678> <@&223456789012345678> can soundcloud sell my music?"
    )
    interaction = await ask(bot, question)
    (embed,) = sent_embeds(interaction)
    assert bot.allowed_mentions is not None
    assert bot.allowed_mentions.to_dict() == {"parse": []}
    assert followups(interaction)[-1]["allowed_mentions"].to_dict() == {"parse": []}
    title = embed.title or ""
    assert "@everyone" not in title and "@here" not in title
    assert "<@1" not in title and "<@&" not in title
    assert "@\u200beveryone" in title


async def test_too_long_question_gets_a_clear_message(bot: LocalFineprintBot) -> None:
    limit = bot.runtime.settings.max_question_chars
    interaction = await ask(bot, "can they " + "really " * limit + "train on my music?")
    interaction.response.defer.assert_not_awaited()
    (text,) = private_texts(interaction)
    assert f"the limit is {limit}" in text


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"platform": "MySpace"}, "holds no terms for “MySpace”"),
        ({"as_of": "last tuesday"}, "not a date"),
        ({"question": "   "}, "Ask a question"),
    ],
)
async def test_bad_arguments_are_answered_privately(
    bot: LocalFineprintBot, options: dict[str, str], expected: str
) -> None:
    question = options.pop("question", "can they sell my music")
    interaction = await ask(bot, question, **options)
    interaction.response.defer.assert_not_awaited()
    (text,) = private_texts(interaction)
    assert expected in text


async def test_cooldown_per_user(runtime: Any, tmp_path: Any) -> None:
    runtime.settings = make_bot_settings(tmp_path, cooldown_rate=1, cooldown_seconds=60)
    from bot.cooldown import Cooldown

    runtime.questions = Cooldown(1, 60)
    bot = await make_bot(runtime)
    first = await ask(bot, "can they sell my music", user_id=1)
    first.response.defer.assert_awaited_once()
    second = await ask(bot, "can they sell my music", user_id=1)
    second.response.defer.assert_not_awaited()
    (text,) = private_texts(second)
    assert "try again in" in text
    other = await ask(bot, "can they sell my music", user_id=2)
    other.response.defer.assert_awaited_once()


async def test_an_exception_becomes_an_ephemeral_ref(
    bot: LocalFineprintBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the index caught fire")

    monkeypatch.setattr(bot.runtime.service, "ask", explode)
    with caplog.at_level(logging.ERROR):
        interaction = await ask(bot, "Can SoundCloud train AI on my voice?")
    interaction.response.defer.assert_awaited_once()
    interaction.delete_original_response.assert_awaited_once()  # the public "thinking…"
    (text,) = private_texts(interaction)
    ref = re.search(r"ref ([0-9A-F]{6})", text)
    assert ref and text.startswith("Something went wrong")
    assert "fire" not in text
    (record,) = [r for r in caplog.records if ref.group(1) in r.getMessage()]
    assert record.exc_info and "the index caught fire" in str(record.exc_info[1])
    assert str(111_111_111_111_111_111) not in caplog.text


async def test_platform_autocomplete(bot: LocalFineprintBot) -> None:
    cog = bot.get_cog("Ask")
    interaction = make_interaction(bot)
    choices = await cog._platforms(interaction, "twit")  # type: ignore[union-attr]
    assert choices and choices[0].value == "x-twitter"
    assert isinstance(choices[0], discord.app_commands.Choice)
