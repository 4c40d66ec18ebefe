"""The **N more** button under a `/changes` embed: the changes it leaves out, paged, to
whoever pressed it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.change_embeds import changes_pages, more_label, shown_count
from bot.errors import defer, report_failure
from bot.pagination import TIMEOUT, OwnMessageView, send_pages

if TYPE_CHECKING:
    from fineprint.changes.diff import DocumentDiff


class FullList(OwnMessageView):
    """The **N more** button under a /changes embed: the changes it does not show, privately
    (the button is left out when the embed shows them all)."""

    def __init__(self, diff: DocumentDiff, title: str, timeout: float = TIMEOUT) -> None:
        super().__init__(timeout=timeout)
        self.diff = diff
        self.title = title
        self.full_list.label = more_label(diff)

    @discord.ui.button(label="more", emoji="📋", style=discord.ButtonStyle.secondary)
    async def full_list(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]
    ) -> None:
        await defer(interaction, private=True)
        pages = changes_pages(self.diff, self.title, start=shown_count(self.diff))
        await send_pages(interaction, pages, private=True)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await report_failure(interaction, error, "full-list button")
