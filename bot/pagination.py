"""Page through a list of embeds with buttons: whole clauses, sections, coverage.

Only the person who asked may turn the pages (others are told to run the command
themselves); after the timeout the buttons are disabled rather than left to fail.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import discord

from bot.errors import reply_privately, report_failure

TIMEOUT = 600.0


class Paginator(discord.ui.View):
    """◀ n/N ▶ over `pages`; the first page is shown by whoever sends the view."""

    def __init__(
        self, pages: Sequence[discord.Embed], owner_id: int | None, timeout: float = TIMEOUT
    ) -> None:
        super().__init__(timeout=timeout)
        if not pages:
            raise ValueError("a paginator needs at least one page")
        self.pages = list(pages)
        self.owner_id = owner_id
        self.index = 0
        self.message: discord.Message | discord.WebhookMessage | None = None
        self._update_buttons()

    def _update_buttons(self) -> None:
        last = len(self.pages) - 1
        self.first.disabled = self.previous.disabled = self.index == 0
        self.next.disabled = self.last.disabled = self.index == last
        self.counter.label = f"{self.index + 1}/{len(self.pages)}"

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if self.owner_id is None or interaction.user.id == self.owner_id:
            return True
        await reply_privately(
            interaction, "These pages answer someone else's command — run it yourself to browse."
        )
        return False

    async def show(self, interaction: discord.Interaction[Any], index: int) -> None:
        self.index = max(0, min(index, len(self.pages) - 1))
        self._update_buttons()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)

    @discord.ui.button(emoji="⏮️", style=discord.ButtonStyle.secondary)
    async def first(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        await self.show(interaction, 0)

    @discord.ui.button(emoji="◀️", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]
    ) -> None:
        await self.show(interaction, self.index - 1)

    @discord.ui.button(label="1/1", style=discord.ButtonStyle.secondary, disabled=True)
    async def counter(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]
    ) -> None:  # a label, never enabled
        await interaction.response.defer()

    @discord.ui.button(emoji="▶️", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        await self.show(interaction, self.index + 1)

    @discord.ui.button(emoji="⏭️", style=discord.ButtonStyle.secondary)
    async def last(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        await self.show(interaction, len(self.pages) - 1)

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.message is not None:
            # the message may be gone, or an ephemeral one expired
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await report_failure(interaction, error, "page button")


async def send_pages(
    interaction: discord.Interaction[Any], pages: Sequence[discord.Embed], *, private: bool
) -> None:
    """The follow-up to a deferred interaction: one embed, or pages with buttons."""
    if len(pages) == 1:
        await interaction.followup.send(embed=pages[0], ephemeral=private)
        return
    view = Paginator(pages, interaction.user.id)
    view.message = await interaction.followup.send(
        embed=pages[0], view=view, ephemeral=private, wait=True
    )
