"""`/timeline`: the picture attached to an embed that says the same in words; names checked
first, privately."""

from __future__ import annotations

import struct
from typing import Any

import discord

from bot.client import LocalFineprintBot
from bot.limits import embed_problems
from tests.bot.helpers import followups, invoke, make_interaction, private_texts


async def timeline(bot: LocalFineprintBot, **arguments: Any) -> Any:
    interaction = make_interaction(bot)
    await invoke(bot, "timeline", interaction, **arguments)
    return interaction


async def test_the_picture_is_attached_and_the_embed_shows_it(bot: LocalFineprintBot) -> None:
    interaction = await timeline(bot, platform="SoundCloud")
    interaction.response.defer.assert_awaited_once_with(ephemeral=False, thinking=True)
    (sent,) = followups(interaction)
    embed: discord.Embed = sent["embed"]
    file: discord.File = sent["file"]
    assert embed_problems(embed) == []
    assert embed.title == "SoundCloud · Terms of Use: timeline"
    assert file.filename == "timeline.png" and embed.image.url == "attachment://timeline.png"
    data = file.fp.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (1200, 675)
    (listed,) = embed.fields
    lines = (listed.value or "").splitlines()
    assert lines == sorted(lines, reverse=True)  # latest first
    assert any(line.startswith("**2024-02-07**") and "AI " in line for line in lines)
    assert "/changes soundcloud terms-of-use" in (embed.footer.text or "")


async def test_unknown_names_are_answered_privately(bot: LocalFineprintBot) -> None:
    unknown = await timeline(bot, platform="myspace")
    assert "holds no terms" in private_texts(unknown)[0]
    missing = await timeline(bot, platform="soundcloud", document="privacy")
    assert "has no document" in private_texts(missing)[0]
    unknown.response.defer.assert_not_awaited()


async def test_names_autocomplete_from_the_catalog(bot: LocalFineprintBot) -> None:
    cog: Any = bot.get_cog("Timelines")
    interaction = make_interaction(bot, namespace={"platform": "soundcloud"})
    assert [c.value for c in await cog._documents(interaction, "")] == ["terms-of-use"]
    assert [c.value for c in await cog._platforms(interaction, "sound")] == ["soundcloud"]
