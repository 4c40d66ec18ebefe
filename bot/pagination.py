"""Page through a list of embeds with buttons: whole clauses, sections, coverage.

Only the person who asked may turn the pages (others are told to run the command
themselves); after the timeout the buttons are disabled rather than left to fail.

A view remembers the message it is attached to and, on timeout, edits *that* message — never
the original response of the latest press, which may be a new message (a private notice to
someone else, a private list). A message the bot posted in a channel is edited with the bot's
token; one sent through an interaction (an ephemeral one can only be edited so) through the
freshest token that may name it: the interaction that sent it, or a press on it. A token
lives 15 minutes and a view's timeout restarts on every press, so that token is at most
`TIMEOUT` old.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import discord

from bot.channels import Sent, follow_up
from bot.errors import reply_privately, report_failure

log = logging.getLogger(__name__)
TIMEOUT = 600.0  # well inside the 15 minutes a token lives


class OwnMessageView(discord.ui.View):
    """A view that disables the buttons of its own message when it times out."""

    message: Sent | None = None
    latest: discord.Interaction[Any] | None = None  # the freshest token that may edit it

    def attach(self, message: Sent | None, interaction: discord.Interaction[Any] | None) -> None:
        """The message this view was sent with, and the interaction that sent it (None for a
        channel message)."""
        self.message = message
        if interaction is not None:
            self.seen(interaction)

    def seen(self, interaction: discord.Interaction[Any]) -> None:
        """A press on this view's message: its token may edit the message, and is fresher."""
        latest = self.latest
        if latest is None or interaction.created_at >= latest.created_at:
            self.latest = interaction

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        self.seen(interaction)  # any press restarts the timeout: its token is the fresh one
        return True

    async def disable(self) -> None:
        """Grey every button out on this view's own message."""
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        try:
            await self._edit_own_message()
        except discord.HTTPException:  # the message may be gone
            log.debug("could not disable the buttons", exc_info=True)

    async def _edit_own_message(self) -> None:
        message, latest = self.message, self.latest
        if message is None:
            return
        if not isinstance(message, discord.WebhookMessage):
            await message.edit(view=self)  # a channel message: the bot's token never expires
        elif latest is not None and not latest.is_expired():
            await latest.followup.edit_message(message.id, view=self)

    async def on_timeout(self) -> None:
        await self.disable()


class Paginator(OwnMessageView):
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
        self._update_buttons()

    def _update_buttons(self) -> None:
        last = len(self.pages) - 1
        self.first.disabled = self.previous.disabled = self.index == 0
        self.next.disabled = self.last.disabled = self.index == last
        self.counter.label = f"{self.index + 1}/{len(self.pages)}"

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        self.seen(interaction)
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

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await report_failure(interaction, error, "page button")


async def send_pages(
    interaction: discord.Interaction[Any], pages: Sequence[discord.Embed], *, private: bool
) -> None:
    """The follow-up to a deferred interaction: one embed, or pages with buttons (public
    ones in the channel if Discord refuses the follow-up: `channels.follow_up`)."""
    if len(pages) == 1:
        await follow_up(interaction, embed=pages[0], private=private, what="a page")
        return
    view = Paginator(pages, interaction.user.id, timeout=TIMEOUT)
    sent = await follow_up(interaction, embed=pages[0], view=view, private=private, what="pages")
    view.attach(sent, interaction)
