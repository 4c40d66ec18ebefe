"""`/changes`' embeds: the **Full list**, every change a few to a page (the top changes'
embed is shared with the watch alerts: `bot.change_embeds`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot import limits
from bot.change_embeds import COLOUR_CHANGES, change_field, changes_embed
from bot.limits import clip
from bot.render import SHORT_NOTICE

if TYPE_CHECKING:
    from fineprint.changes.diff import DocumentDiff

CHANGES_PER_PAGE = 4  # 4 full fields stay inside an embed's 6,000 characters


def changes_pages(diff: DocumentDiff, title: str) -> list[discord.Embed]:
    """Every change, most material first, a few per page (the "full list")."""
    if not diff.changes:
        return [changes_embed(diff, title)]
    pages = []
    total = len(diff.changes)
    for start in range(0, total, CHANGES_PER_PAGE):
        chunk = diff.changes[start : start + CHANGES_PER_PAGE]
        embed = discord.Embed(
            title=clip(title, limits.TITLE),
            description=f"**{diff.before} → {diff.after}**: changes {start + 1}–"
            f"{start + len(chunk)} of {total}, most material first.",
            colour=COLOUR_CHANGES,
        )
        for number, change in enumerate(chunk, start=start + 1):
            name, value = change_field(number, change)
            flag = "" if change.material else " (minor)"
            embed.add_field(name=clip(name + flag, limits.FIELD_NAME), value=value, inline=False)
        embed.set_footer(text=SHORT_NOTICE)
        pages.append(limits.enforce(embed))
    return pages
