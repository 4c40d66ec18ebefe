"""Whole clauses as pages of embeds: an answer's 📜 Full clause, and `/clause`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot import limits
from bot.limits import clip
from bot.render import SHORT_NOTICE, section_heading, shown_text, split_text

PAGE_CHARS = 3500  # a clause page: comfortably inside 4,096 with its headings
COLOUR_CLAUSE = discord.Colour.teal()


@dataclass(frozen=True)
class ClauseBlock:
    """One clause to show in full, and what to call it."""

    title: str  # "SoundCloud · Terms of Use"
    section: str
    version_date: str
    url: str
    text: str


def clause_pages(
    blocks: Sequence[ClauseBlock], page_chars: int = PAGE_CHARS
) -> list[discord.Embed]:
    """Clauses in full, packed into pages; a long clause continues on the next page."""
    pages: list[tuple[ClauseBlock, list[str]]] = []
    used = page_chars  # forces a first page
    for block in blocks:
        heading = f"**{section_heading(block.section)}**"
        pieces = split_text(shown_text(block.text), page_chars - len(heading) - 20)
        for n, piece in enumerate(pieces):
            entry = f"{heading}{' (continued)' if n else ''}\n{piece}"
            same = pages and pages[-1][0].title == block.title
            same = same and pages[-1][0].version_date == block.version_date
            if not same or used + len(entry) + 2 > page_chars:
                pages.append((block, []))
                used = 0
            pages[-1][1].append(entry)
            used += len(entry) + 2
    embeds = []
    for number, (block, entries) in enumerate(pages, start=1):
        embed = discord.Embed(
            title=clip(block.title, limits.TITLE),
            description="\n\n".join(entries),
            colour=COLOUR_CLAUSE,
        )
        if block.url.startswith(("https://", "http://")) and len(block.url) <= 2000:
            embed.url = block.url
        embed.set_footer(
            text=f"Version of {block.version_date} · page {number}/{len(pages)} · {SHORT_NOTICE}"
        )
        embeds.append(limits.enforce(embed))
    return embeds
