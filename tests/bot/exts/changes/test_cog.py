"""`/changes`: the three most material changes with a word diff and quotes, the rest counted
and paged privately by the **N more** button."""

from __future__ import annotations

from typing import Any

import discord

from bot.client import LocalFineprintBot
from bot.limits import embed_problems
from tests.bot.helpers import followups, invoke, make_interaction, private_texts


async def changes(bot: LocalFineprintBot, **arguments: Any) -> Any:
    interaction = make_interaction(bot)
    await invoke(bot, "changes", interaction, **arguments)
    return interaction


async def test_ai_clause_leads_and_the_full_list_is_private(bot: LocalFineprintBot) -> None:
    interaction = await changes(bot, platform="SoundCloud", from_="2018-05-25", to="2024-02-07")
    interaction.response.defer.assert_awaited_once_with(ephemeral=False, thinking=True)
    (sent,) = followups(interaction)
    embed: discord.Embed = sent["embed"]
    assert embed_problems(embed) == []
    assert "2018-05-25 → 2024-02-07" in (embed.description or "")
    assert "AI and machine learning" in (embed.fields[0].name or "")
    assert "inform, train, develop" in (embed.fields[0].value or "")
    assert "**Before:**" in (embed.fields[0].value or "")
    assert len(embed.fields) == 4  # three changes, then "…and N more"
    rest = embed.fields[-1]
    left = int((rest.name or "").removeprefix("…and ").removesuffix(" more"))
    assert "material" in (rest.value or "") and f"**{left} more**" in (rest.value or "")

    view = sent["view"]
    assert view.full_list.label == f"{left} more"
    pressed = make_interaction(bot, user_id=999)
    await view.full_list.callback(pressed)
    pressed.response.defer.assert_awaited_once_with(ephemeral=True, thinking=True)
    (page,) = followups(pressed)
    assert page["ephemeral"] is True
    first = page["embed"]
    assert embed_problems(first) == []
    assert f"changes 4–7 of {left + 3}" in (first.description or "")
    assert (first.fields[0].name or "").startswith("4. ")
    pages = page["view"].pages
    assert all(embed_problems(p) == [] for p in pages)
    assert sum(len(p.fields) for p in pages) == left  # every change the embed left out


async def test_a_rewritten_clause_shows_its_word_diff(bot: LocalFineprintBot) -> None:
    interaction = await changes(bot, platform="soundcloud", from_="2024-02-07", to="2025-05-27")
    (sent,) = followups(interaction)
    embed: discord.Embed = sent["embed"]
    assert embed_problems(embed) == []
    value = embed.fields[0].value or ""
    assert "modified" in (embed.fields[0].name or "")
    diff, before, after = value.split("\n")
    assert diff.startswith("**Diff:** ") and "~~" in diff and "**" in diff.removeprefix("**Diff:**")
    assert before.startswith("**Before:** “") and after.startswith("**After:** “")


async def test_defaults_to_the_two_newest_versions(bot: LocalFineprintBot) -> None:
    interaction = await changes(bot, platform="soundcloud")
    (sent,) = followups(interaction)
    versions = bot.runtime.catalog.platform("soundcloud").documents["terms-of-use"].versions  # type: ignore[union-attr]
    assert f"{versions[-2]} → {versions[-1]}" in (sent["embed"].description or "")


async def test_bad_arguments_are_answered_privately(bot: LocalFineprintBot) -> None:
    unknown = await changes(bot, platform="myspace")
    assert "holds no terms" in private_texts(unknown)[0]
    bad_date = await changes(bot, platform="soundcloud", from_="last tuesday")
    assert private_texts(bad_date)
    backwards = await changes(bot, platform="soundcloud", from_="2024-02-07", to="2018-05-25")
    assert "is not before" in private_texts(backwards)[0]
    missing = await changes(bot, platform="soundcloud", document="privacy")
    assert "has no document" in private_texts(missing)[0]


async def test_dates_autocomplete_from_the_catalog(bot: LocalFineprintBot) -> None:
    cog: Any = bot.get_cog("Changes")
    interaction = make_interaction(bot, namespace={"platform": "soundcloud"})
    choices = await cog._from(interaction, "2024")
    assert [c.value for c in choices] == ["2024-02-07"]
    documents = await cog._documents(interaction, "")
    assert [c.value for c in documents] == ["terms-of-use"]
    assert await cog._platforms(interaction, "sound")
