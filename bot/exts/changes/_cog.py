"""`/changes platform [document] [from] [to]`: what changed between two versions.

The embed shows the three most material changes (AI, licence, ownership first), each with a
word diff and before/after quotes, and counts the rest; **N more** pages through those, only
to whoever pressed it. The diff reads clauses from the store on a worker thread;
autocomplete reads the in-memory catalog, as `/clause` does.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import channels
from bot.arguments import document_target, option, parse_day
from bot.change_embeds import changes_embed, shown_count
from bot.cooldown import cooldown_message
from bot.errors import defer, reply_privately
from bot.exts.changes.views import FullList
from bot.render import message_text
from bot.runtime import runtime_of
from fineprint.catalog.lookups import NotFoundError

if TYPE_CHECKING:
    from bot.catalog import Document, Platform

log = logging.getLogger(__name__)
Choices = list[app_commands.Choice[str]]


class Changes(commands.Cog):
    """Clause-level diffs of a platform's documents."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.runtime = runtime_of(bot)

    @app_commands.command(
        name="changes", description="What changed in a platform's terms, most material first"
    )
    @app_commands.rename(from_="from")
    @app_commands.describe(
        platform="The platform, e.g. SoundCloud",
        document="Which of its documents (default: its terms)",
        from_="Compare from the version in force on this date (YYYY-MM-DD)",
        to="Compare to the version in force on this date (default: the current version)",
    )
    async def changes(
        self,
        interaction: discord.Interaction[Any],
        platform: str,
        document: str | None = None,
        from_: str | None = None,
        to: str | None = None,
    ) -> None:
        found, doc, problem = self.target(platform, document)
        since, early_problem = parse_day(from_)
        until, late_problem = parse_day(to)
        problem = problem or early_problem or late_problem
        if not problem:
            wait = self.runtime.lookups.retry_after(interaction.user.id)
            problem = None if wait is None else cooldown_message(wait)
        if problem or found is None or doc is None:
            await reply_privately(interaction, problem or "Nothing to compare.")
            return
        await defer(interaction, private=False)
        try:
            diff = await self.runtime.run(
                self.runtime.service.changes, found.slug, doc.slug, since, until
            )
        except (ValueError, NotFoundError) as error:
            await reply_privately(interaction, message_text(str(error)))
            return
        title = f"{found.name} · {doc.name}: what changed"
        embed = changes_embed(diff, title)
        if len(diff.changes) <= shown_count(diff):  # nothing left to page through
            await channels.follow_up(interaction, embed=embed, what="changes")
            return
        view = FullList(diff, title)
        sent = await channels.follow_up(interaction, embed=embed, view=view, what="changes")
        view.attach(sent, interaction)

    def target(
        self, platform: str, document: str | None
    ) -> tuple[Platform | None, Document | None, str | None]:
        """(platform, document, problem) as typed; no document means the core's default."""
        return document_target(self.runtime.catalog, platform, document)

    @changes.autocomplete("platform")
    async def _platforms(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self.runtime.catalog.platform_choices(current)

    @changes.autocomplete("document")
    async def _documents(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self.runtime.catalog.document_choices(option(interaction, "platform"), current)

    @changes.autocomplete("from_")
    async def _from(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self._versions(interaction, current)

    @changes.autocomplete("to")
    async def _to(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self._versions(interaction, current)

    def _versions(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        catalog = self.runtime.catalog
        platform = option(interaction, "platform")
        found = catalog.platform(platform)
        document = option(interaction, "document")
        if found is not None and not document:
            default = catalog.default_document(found)
            document = default.slug if default else None
        return catalog.version_choices(platform, document, current)
