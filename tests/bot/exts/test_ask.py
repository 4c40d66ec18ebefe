"""`/ask` and its buttons, through the cog with mocked interactions and the real service."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import discord
import pytest

from bot.client import LocalFineprintBot
from bot.exts.ask import TOO_OLD, AnswerButton
from bot.limits import embed_problems
from fineprint.answering.answer import NOT_LEGAL_ADVICE
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
        assert shown and shown in body, (shown[:80], citation.version_date)
        assert citation.quote.startswith(shown)
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


# --- buttons ------------------------------------------------------------------------------


async def press(bot: LocalFineprintBot, action: str, key: str, user_id: int = 5) -> Any:
    interaction = make_interaction(bot, user_id=user_id)
    interaction.message = None
    await AnswerButton(action, key).callback(interaction)  # type: ignore[arg-type]
    return interaction


async def test_full_clause_shows_whole_clauses_verbatim(
    bot: LocalFineprintBot, service: Fineprint
) -> None:
    asked = await ask(bot, "Can SoundCloud train AI on my voice?")
    key = answer_key(asked)
    answer = bot.runtime.answers.get(key).answer  # type: ignore[attr-defined,union-attr]
    interaction = await press(bot, "full", key)
    interaction.response.defer.assert_awaited_once_with(ephemeral=True, thinking=True)
    sent = followups(interaction)[-1]
    assert sent["ephemeral"] is True
    pages = [sent["embed"]]
    if sent.get("view") is not None:
        pages = sent["view"].pages
    assert all(embed_problems(page) == [] for page in pages)
    shown = "\n".join(page.description or "" for page in pages).replace("\u200b", "")
    top = answer.citations[0]
    clause = service.clause_at(top.platform, top.document, top.version_date, top.start)
    assert " ".join(clause.text.split()) in " ".join(shown.split())
    assert top.quote in clause.text


async def test_other_versions_lists_dated_periods(bot: LocalFineprintBot) -> None:
    asked = await ask(bot, "Can SoundCloud train AI on my voice?")
    interaction = await press(bot, "versions", answer_key(asked))
    (embed,) = sent_embeds(interaction)
    assert embed_problems(embed) == []
    assert len(embed.fields) >= 2
    names = " ".join(f.name or "" for f in embed.fields)
    assert "📌" in names and re.search(r"\d{4}-\d{2}-\d{2}", names)
    assert any(mark in names for mark in ("✏️", "🆕", "🚫"))
    assert all("Versions: " in (f.value or "") for f in embed.fields)


async def test_votes_are_stored_without_who_voted(bot: LocalFineprintBot) -> None:
    asked = await ask(bot, "Can SoundCloud train AI on my voice?")
    key = answer_key(asked)
    voter = 987_654_321_098_765_432
    first = await press(bot, "up", key, user_id=voter)
    assert "Thanks" in private_texts(first)[0]
    again = await press(bot, "down", key, user_id=voter)
    assert "already rated" in private_texts(again)[0]
    await press(bot, "down", key, user_id=voter + 1)
    path = bot.runtime.feedback.path
    text = path.read_text(encoding="utf-8")
    assert str(voter) not in text and str(voter + 1) not in text
    records = [json.loads(line) for line in text.splitlines()]
    assert [r["vote"] for r in records] == ["up", "down"]
    assert records[0]["question"] == "Can SoundCloud train AI on my voice?"
    assert records[0]["citations"] and records[0]["citations"][0]["quote"]
    assert set(records[0]) == {
        "time", "vote", "answer_id", "question", "platform", "as_of", "abstained", "citations"
    }  # fmt: skip


async def test_a_forgotten_answer_asks_to_ask_again(bot: LocalFineprintBot) -> None:
    interaction = await press(bot, "full", "0" * 16)
    assert private_texts(interaction) == [TOO_OLD]


async def test_button_failure_gives_a_ref(
    bot: LocalFineprintBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = await ask(bot, "Can SoundCloud train AI on my voice?")

    def explode(*args: Any) -> None:
        raise KeyError("gone")

    monkeypatch.setattr(bot.runtime.service, "clause_at", explode)
    interaction = await press(bot, "full", answer_key(asked))
    (text,) = private_texts(interaction)
    assert re.search(r"Something went wrong \(ref [0-9A-F]{6}\)", text)


async def test_button_custom_ids_round_trip() -> None:
    button = AnswerButton("versions", "0123456789abcdef")
    match = AnswerButton.__discord_ui_compiled_template__.fullmatch(button.custom_id)
    assert match is not None
    again = await AnswerButton.from_custom_id(None, button.item, match)  # type: ignore[arg-type]
    assert (again.action, again.key) == ("versions", "0123456789abcdef")


async def test_platform_autocomplete(bot: LocalFineprintBot) -> None:
    cog = bot.get_cog("Ask")
    interaction = make_interaction(bot)
    choices = await cog._platforms(interaction, "twit")  # type: ignore[union-attr]
    assert choices and choices[0].value == "x-twitter"
    assert isinstance(choices[0], discord.app_commands.Choice)


# --- optional AI summaries ----------------------------------------------------------------


def fake_model(reply: str) -> Any:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    return GenericFakeChatModel(messages=iter([AIMessage(content=reply)]))


async def test_checked_summary_is_edited_in_above_the_quotes(bot: LocalFineprintBot) -> None:
    from bot.summaries import Summaries

    bot.runtime.summaries = Summaries(fake_model("SoundCloud's terms speak to this [1]."))  # type: ignore[attr-defined]
    interaction = await ask(bot, "Can SoundCloud train AI on my voice?")
    sent = interaction.followup.send.return_value
    sent.edit.assert_awaited_once()
    edited = sent.edit.await_args.kwargs["embed"]
    assert embed_problems(edited) == []
    description = edited.description or ""
    assert description.startswith("**Summary (AI-generated, checked against the quotes):** ")
    assert "SoundCloud's terms speak to this [1]." in description
    (first,) = sent_embeds(interaction)
    assert [f.name for f in edited.fields] == [f.name for f in first.fields]


async def test_unchecked_summary_is_dropped(bot: LocalFineprintBot) -> None:
    from bot.summaries import Summaries

    bot.runtime.summaries = Summaries(fake_model("Yes, they can train on anything."))  # type: ignore[attr-defined]
    interaction = await ask(bot, "Can SoundCloud train AI on my voice?")
    interaction.followup.send.return_value.edit.assert_not_awaited()
    assert sent_embeds(interaction)


async def test_no_summary_without_a_model(bot: LocalFineprintBot) -> None:
    interaction = await ask(bot, "Can SoundCloud train AI on my voice?")
    interaction.followup.send.return_value.edit.assert_not_awaited()
