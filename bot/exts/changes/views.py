"""The **Full list** button under a `/changes` embed: every change, to whoever pressed it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.errors import defer, report_failure
from bot.exts.changes.embeds import changes_pages
from bot.pagination import TIMEOUT, OwnMessageView, send_pages

if TYPE_CHECKING:
    from fineprint.changes.diff import DocumentDiff


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
        await send_pages(interaction, changes_pages(self.diff, self.title), private=True)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await report_failure(interaction, error, "full-list button")
