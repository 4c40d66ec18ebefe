"""`/timeline platform [document]`: every version of a document on a time axis, the material
changes of each marked by topic — a picture (`fineprint.changes.timeline_picture`, 1200 x 675)
attached to an embed that says the same in words.

The timeline (a diff of every consecutive pair of versions) and the picture are computed on a
worker thread; a press of the command counts against the lookup cooldown, as `/changes` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import channels
from bot.arguments import document_target, option
from bot.channels import Attachment
from bot.cooldown import cooldown_message
from bot.errors import defer, reply_privately
from bot.exts.timeline.embeds import timeline_embed
from bot.render import message_text
from bot.runtime import runtime_of
from fineprint.catalog.lookups import NotFoundError

if TYPE_CHECKING:
    from fineprint.changes.timeline import Timeline
    from fineprint.changes.timeline_picture import Picture

Choices = list[app_commands.Choice[str]]
FILENAME = "timeline.png"


class Timelines(commands.Cog):
    """A document's history as a picture."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.runtime = runtime_of(bot)

    @app_commands.command(
        name="timeline",
        description="A platform's terms over time: versions and material changes, as a picture",
    )
    @app_commands.describe(
        platform="The platform, e.g. SoundCloud",
        document="Which of its documents (default: its terms)",
    )
    async def timeline(
        self, interaction: discord.Interaction[Any], platform: str, document: str | None = None
    ) -> None:
        found, doc, problem = document_target(self.runtime.catalog, platform, document)
        if not problem:
            wait = self.runtime.lookups.retry_after(interaction.user.id)
            problem = None if wait is None else cooldown_message(wait)
        if problem or found is None or doc is None:
            await reply_privately(interaction, problem or "Nothing to draw.")
            return
        await defer(interaction, private=False)
        try:
            drawn, picture = await self.runtime.run(self.draw, found.slug, doc.slug)
        except (ValueError, NotFoundError) as error:
            await reply_privately(interaction, message_text(str(error)))
            return
        attachment = Attachment(FILENAME, picture.png)
        embed = timeline_embed(drawn, attachment.url)
        await channels.follow_up(interaction, embed=embed, attachment=attachment, what="timeline")

    def draw(self, platform: str, document: str) -> tuple[Timeline, Picture]:
        """The timeline and its picture (blocking: a worker thread's job)."""
        from fineprint.changes.timeline_picture import render

        found = self.runtime.service.timeline(platform, document)
        return found, render(found)

    @timeline.autocomplete("platform")
    async def _platforms(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self.runtime.catalog.platform_choices(current)

    @timeline.autocomplete("document")
    async def _documents(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return self.runtime.catalog.document_choices(option(interaction, "platform"), current)
