"""The buttons under an answer: whole clauses, other versions, votes kept without voters, and
a polite "ask again" for an answer no longer cached."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from bot.client import LocalFineprintBot
from bot.exts.ask.buttons import TOO_OLD, AnswerButton
from bot.limits import embed_problems
from fineprint.service import Fineprint
from tests.bot.exts.ask.test_cog import answer_key, ask
from tests.bot.helpers import followups, make_interaction, private_texts, sent_embeds


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


SPAN = re.compile(r"(?:From (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})|Since (\d{4}-\d{2}-\d{2}))$")


@pytest.mark.parametrize(
    ("question", "cited_from"),
    [
        ("Does SoundCloud need my consent to train AI that clones my voice?", "2025-05-27"),
        # since when: every version asked, the first that answers is the one followed
        ("when did soundcloud first mention AI", "2024-02-07"),
    ],
)
async def test_other_versions_agrees_with_the_answer_history(
    bot: LocalFineprintBot, question: str, cited_from: str
) -> None:
    """The view shows the periods the answer's history lines were built from (the answer's
    own, nothing recomputed): every earlier run of versions is one of its history lines, and
    📌 marks the run of the clause the history follows."""
    asked = await ask(bot, question)
    key = answer_key(asked)
    answer = bot.runtime.answers.get(key).answer  # type: ignore[attr-defined,union-attr]
    (embed,) = sent_embeds(await press(bot, "versions", key))
    spans = []
    for field in embed.fields:
        found = SPAN.search(field.name or "")
        assert found, field.name
        first, until, since = found.groups()
        spans.append(("📌" in (field.name or ""), (first or since, until)))
    shown = {(entry.first, entry.until) for entry in answer.history}
    earlier = [span for cited, span in spans if not cited]
    assert earlier and all(span in shown for span in earlier)
    assert [span[0] for cited, span in spans if cited] == [cited_from]


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
