"""`/platforms`' embeds: every platform, its documents and their version dates, paged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord

from bot import limits
from bot.limits import clip

if TYPE_CHECKING:
    from fineprint.catalog.lookups import DocumentCoverage, PlatformCoverage

COLOUR_COVERAGE = discord.Colour.teal()


def _dates_line(document: DocumentCoverage) -> str:
    dates = list(document.versions)
    shown = ", ".join(dates) if len(dates) <= 8 else f"{dates[0]} … {', '.join(dates[-5:])}"
    return f"• **{document.name}** ({len(dates)}): {shown}"


def _span_line(document: DocumentCoverage) -> str:
    """The document's first and last version only: a platform's dozen documents in one field."""
    dates = document.versions
    return f"• **{document.name}** ({len(dates)}): {dates[0]} – {dates[-1]}"


def platforms_pages(
    overview: Sequence[PlatformCoverage], per_page: int = 10
) -> list[discord.Embed]:
    """What is ingested: every platform, its documents and their version dates."""
    fields = []
    for platform in overview:
        lines = [_dates_line(document) for document in platform.documents]
        if len("\n".join(lines)) > limits.FIELD_VALUE:  # many documents (a dataset's): shorter
            lines = [_span_line(document) for document in platform.documents]
        name = f"{platform.name} (`{platform.platform}`)"
        fields.append((clip(name, limits.FIELD_NAME), clip("\n".join(lines), limits.FIELD_VALUE)))
    versions = sum(len(d.versions) for p in overview for d in p.documents)
    summary = (
        f"{len(overview)} platforms, {versions} versions. Dates are versions in force from that "
        "day; the newest is current. Ask with `/ask`, quote a section with `/clause`."
    )
    if not fields:
        summary = "Nothing is ingested yet: run `fineprint ingest` (or `/reingest`)."
    pages = [fields[n : n + per_page] for n in range(0, len(fields), per_page)] or [[]]
    embeds = []
    for number, chunk in enumerate(pages, start=1):
        embed = discord.Embed(
            title="What Fineprint covers", description=summary, colour=COLOUR_COVERAGE
        )
        for name, value in chunk:
            embed.add_field(name=name, value=value or "—", inline=False)
        embed.set_footer(text=f"Page {number}/{len(pages)}")
        while len(embed) > limits.EMBED_TOTAL - 100 and len(embed.fields) > 1:
            embed.remove_field(-1)  # never with 10 platforms a page; a guard all the same
        embeds.append(limits.enforce(embed))
    return embeds
