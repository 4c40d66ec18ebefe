"""`/clause platform document section [version]`: a section of the terms, in full.

Every argument autocompletes from the in-memory catalog (platform names and aliases, that
platform's documents, that document's section numbers and headings, its version dates), so
choices come back in well under Discord's 3-second limit without touching the store.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.arguments import option, parse_day, platform_slug
from bot.clause_pages import ClauseBlock, clause_pages
from bot.cooldown import cooldown_message
from bot.errors import defer, reply_privately
from bot.pagination import send_pages
from bot.render import message_text, user_text
from bot.runtime import runtime_of
from fineprint.catalog.lookups import NotFoundError, SectionLookup

Choices = list[app_commands.Choice[str]]


def lookup_pages(lookup: SectionLookup) -> list[discord.Embed]:
    record = lookup.version
    title = f"{record.platform_name} · {record.document_name}"
    blocks = [
        ClauseBlock(
            title=title,
            section=clause.section_label,
            version_date=record.version_date,
            url=clause.source_url or record.source_url,
            text=clause.text,
        )
        for clause in lookup.clauses
    ]
    return clause_pages(blocks)


class ClauseLookup(commands.Cog):
    """Quote a section by platform, document and number or heading."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.runtime = runtime_of(bot)

    @app_commands.command(
        name="clause", description="Quote a section of a platform's terms in full"
    )
    @app_commands.describe(
        platform="The platform, e.g. SoundCloud",
        document="Which of its documents, e.g. Terms of Use",
        section="A section number or heading, e.g. 7 or Your Content",
        version="A version date (YYYY-MM-DD); default: the current version",
    )
    async def clause(
        self,
        interaction: discord.Interaction[Any],
        platform: str,
        document: str,
        section: str,
        version: str | None = None,
    ) -> None:
        catalog = self.runtime.catalog
        found = catalog.platform(platform)
        doc = catalog.document(found, document)
        day, problem = parse_day(version)
        if found is None:
            problem = platform_slug(catalog, platform)[1]
        elif doc is None:
            names = ", ".join(f"{d.name} (`{d.slug}`)" for d in found.documents.values())
            shown = user_text(document)[:100]
            problem = f"{found.name} has no document “{shown}”. Its documents: {names}."
        elif not section.strip():
            problem = "Give a section number or heading, e.g. `7` or `Your Content`."
        if not problem:
            wait = self.runtime.lookups.retry_after(interaction.user.id)
            problem = None if wait is None else cooldown_message(wait)
        if problem or found is None or doc is None:
            await reply_privately(interaction, problem or "Nothing to look up.")
            return
        await defer(interaction, private=False)
        try:
            lookup = await self.runtime.run(
                self.runtime.service.section, found.slug, doc.slug, section.strip(), day
            )
        except NotFoundError as error:
            await reply_privately(interaction, message_text(str(error)))
            return
        await send_pages(interaction, lookup_pages(lookup), private=False)

    @clause.autocomplete("platform")
    async def _platforms(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self.runtime.catalog.platform_choices(current)

    @clause.autocomplete("document")
    async def _documents(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self.runtime.catalog.document_choices(option(interaction, "platform"), current)

    @clause.autocomplete("section")
    async def _sections(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self.runtime.catalog.section_choices(
            option(interaction, "platform"),
            option(interaction, "document"),
            option(interaction, "version"),
            current,
        )

    @clause.autocomplete("version")
    async def _versions(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self.runtime.catalog.version_choices(
            option(interaction, "platform"), option(interaction, "document"), current
        )
