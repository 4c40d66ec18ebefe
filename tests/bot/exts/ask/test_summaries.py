"""Optional AI summaries: a checked one is edited in above the quotes, an unchecked one is
dropped, and without a model nothing is edited."""

from __future__ import annotations

from typing import Any

from bot.client import LocalFineprintBot
from bot.limits import embed_problems
from tests.bot.exts.ask.test_cog import answer_key, ask
from tests.bot.helpers import sent_embeds


def fake_model(reply: str) -> Any:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    return GenericFakeChatModel(messages=iter([AIMessage(content=reply)]))


async def test_checked_summary_is_edited_in_above_the_quotes(bot: LocalFineprintBot) -> None:
    from bot.exts.ask.summaries import Summaries

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
    cached = bot.runtime.answers.get(answer_key(interaction)).answer  # type: ignore[attr-defined,union-attr]
    assert (cached.summary, cached.summary_checked) == (
        "SoundCloud's terms speak to this [1].",
        True,
    )


async def test_unchecked_summary_is_dropped(bot: LocalFineprintBot) -> None:
    from bot.exts.ask.summaries import Summaries

    bot.runtime.summaries = Summaries(fake_model("Yes, they can train on anything."))  # type: ignore[attr-defined]
    interaction = await ask(bot, "Can SoundCloud train AI on my voice?")
    interaction.followup.send.return_value.edit.assert_not_awaited()
    assert sent_embeds(interaction)


async def test_no_summary_without_a_model(bot: LocalFineprintBot) -> None:
    interaction = await ask(bot, "Can SoundCloud train AI on my voice?")
    interaction.followup.send.return_value.edit.assert_not_awaited()
