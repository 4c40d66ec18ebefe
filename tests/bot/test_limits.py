"""The last guard before sending: whatever an embed or message breaks, `enforce` and
`clip_message` repair."""

from __future__ import annotations

import discord

from bot import limits
from bot.limits import embed_problems, message_problems


def test_enforce_repairs_anything() -> None:
    embed = discord.Embed(title="t" * 300, description="d " * 3000)
    for _ in range(30):
        embed.add_field(name="n" * 300, value="v " * 700)
    embed.set_footer(text="f" * 3000)
    assert embed_problems(embed)
    assert embed_problems(limits.enforce(embed)) == []


def test_message_limit() -> None:
    assert message_problems("x" * 2001, []) == ["content 2001 > 2000"]
    assert len(limits.clip_message("x " * 3000)) <= limits.MESSAGE
