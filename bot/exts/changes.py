"""`/changes platform [document] [from] [to]`: what changed between two versions.

The embed shows the top material changes (AI, licence, ownership first) with before/after
quotes and counts the rest; **Full list** sends every change, paginated, only to whoever
pressed it. The diff reads clauses from the store on a worker thread; autocomplete reads the
in-memory catalog, as `/clause` does.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import channels, render
from bot.cooldown import cooldown_message
from bot.errors import defer, reply_privately, report_failure
from bot.exts.ask import Asking
from bot.pagination import TIMEOUT, OwnMessageView, send_pages
from bot.runtime import runtime_of
from fineprint.catalog.lookups import NotFoundError

if TYPE_CHECKING:
    from bot.catalog import Document, Platform
    from fineprint.changes.diff import DocumentDiff

log = logging.getLogger(__name__)
Choices = list[app_commands.Choice[str]]


def _arg(interaction: discord.Interaction[Any], name: str) -> str | None:
    value = getattr(interaction.namespace, name, None)
    return value if isinstance(value, str) else None


class FullList(OwnMessageView):
    """The **Full list** button under a /changes embed: every change, privately."""

    def __init__(self, diff: DocumentDiff, title: str, timeout: float = TIMEOUT) -> None:
        super().__init__(timeout=timeout)
        self.diff = diff
        self.title = title

    @discord.ui.button(label="Full list", emoji="📋", style=discord.ButtonStyle.secondary)
    async def full_list(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]
    ) -> None:
        await defer(interaction, private=True)
        await send_pages(interaction, render.changes_pages(self.diff, self.title), private=True)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await report_failure(interaction, error, "full-list button")


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
        since, early_problem = Asking.parse_day(from_)
        until, late_problem = Asking.parse_day(to)
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
            await reply_privately(interaction, render.message_text(str(error)))
            return
        title = f"{found.name} · {doc.name}: what changed"
        embed = render.changes_embed(diff, title)
        if not diff.changes:
            await channels.follow_up(interaction, embed=embed, what="changes")
            return
        view = FullList(diff, title)
        sent = await channels.follow_up(interaction, embed=embed, view=view, what="changes")
        view.attach(sent, interaction)

    def target(
        self, platform: str, document: str | None
    ) -> tuple[Platform | None, Document | None, str | None]:
        """(platform, document, problem) as typed; no document means the core's default."""
        catalog = self.runtime.catalog
        found = catalog.platform(platform)
        if found is None:
            return None, None, Asking(self.runtime).platform_slug(platform)[1]
        doc = catalog.document(found, document) if document else catalog.default_document(found)
        if doc is not None:
            return found, doc, None
        names = ", ".join(f"{d.name} (`{d.slug}`)" for d in found.documents.values())
        what = (
            f"no document “{render.user_text(document)[:100]}”" if document else "several documents"
        )
        return found, None, f"{found.name} has {what}. Its documents: {names}."

    @changes.autocomplete("platform")
    async def _platforms(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self.runtime.catalog.platform_choices(current)

    @changes.autocomplete("document")
    async def _documents(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self.runtime.catalog.document_choices(_arg(interaction, "platform"), current)

    @changes.autocomplete("from_")
    async def _from(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self._versions(interaction, current)

    @changes.autocomplete("to")
    async def _to(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self._versions(interaction, current)

    def _versions(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        catalog = self.runtime.catalog
        platform = _arg(interaction, "platform")
        found = catalog.platform(platform)
        document = _arg(interaction, "document")
        if found is not None and not document:
            default = catalog.default_document(found)
            document = default.slug if default else None
        return catalog.version_choices(platform, document, current)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Changes(bot))
