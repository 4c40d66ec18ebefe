"""The **N more** button under an alert: the changes the alert leaves out, paged, to whoever
presses it, privately.

An alert is read hours after it was posted, often after the bot restarted, so the button
carries what it needs in its custom id — platform, document and the two version dates — and is
a `discord.ui.DynamicItem`: any process of the bot answers a press on any alert it ever posted
(registered in `Watching.cog_load`), recomputing the diff from the store. A press is counted
against the presser's lookup cooldown like any other button.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import TYPE_CHECKING, Any

import discord

from bot import limits
from bot.change_embeds import changes_pages, more_label, shown_count
from bot.cooldown import cooldown_message
from bot.errors import defer, reply_privately, report_failure
from bot.pagination import send_pages
from bot.render import message_text
from bot.runtime import runtime_of
from fineprint.catalog.lookups import NotFoundError

if TYPE_CHECKING:
    from bot.runtime import Runtime
    from fineprint.changes.diff import DocumentDiff

log = logging.getLogger(__name__)

PREFIX = "fp:more:"
TEMPLATE = re.compile(
    re.escape(PREFIX)
    + r"(?P<platform>[^:]+):(?P<document>[^:]+):"
    + r"(?P<before>\d{4}-\d{2}-\d{2}):(?P<after>\d{4}-\d{2}-\d{2})"
)


class MoreChanges(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """ "N more" under an alert of `platform`/`document` from version `before` to `after`."""

    def __init__(self, platform: str, document: str, before: str, after: str, label: str) -> None:
        custom_id = f"{PREFIX}{platform}:{document}:{before}:{after}"
        super().__init__(
            discord.ui.Button(
                label=limits.clip(label, limits.BUTTON_LABEL),
                emoji="📋",
                style=discord.ButtonStyle.secondary,
                custom_id=custom_id,
            )
        )
        self.platform, self.document = platform, document
        self.before, self.after = before, after

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> MoreChanges:
        return cls(match["platform"], match["document"], match["before"], match["after"], "more")

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await self._answer(interaction)
        except Exception as error:
            await report_failure(interaction, error, "more-changes button")

    async def _answer(self, interaction: discord.Interaction[Any]) -> None:
        runtime = runtime_of(interaction.client)
        wait = runtime.lookups.retry_after(interaction.user.id)
        if wait is not None:
            await reply_privately(interaction, cooldown_message(wait))
            return
        await defer(interaction, private=True)
        try:
            diff = await runtime.run(
                runtime.service.changes,
                self.platform,
                self.document,
                date.fromisoformat(self.before),
                date.fromisoformat(self.after),
            )
        except (ValueError, NotFoundError) as error:
            await reply_privately(interaction, message_text(str(error)))
            return
        pages = changes_pages(diff, self._title(runtime), start=shown_count(diff))
        await send_pages(interaction, pages, private=True)

    def _title(self, runtime: Runtime) -> str:
        found = runtime.catalog.platform(self.platform)
        document = found.documents.get(self.document) if found is not None else None
        platform_name = found.name if found is not None else self.platform
        document_name = document.name if document is not None else self.document
        return f"{platform_name} · {document_name}: what changed"


def more_button(
    platform: str, document: str, before: str, after: str, label: str
) -> discord.ui.View | None:
    """A view holding the alert's **N more** button; None when the names are too long for a
    custom id (Discord's 100 characters), and the alert goes without it."""
    custom_id = f"{PREFIX}{platform}:{document}:{before}:{after}"
    if len(custom_id) > limits.CUSTOM_ID or not TEMPLATE.fullmatch(custom_id):
        log.info("alert of %s/%s: names too long for a button", platform, document)
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(MoreChanges(platform, document, before, after, label))
    return view


def alert_view(diff: DocumentDiff) -> discord.ui.View | None:
    """The **N more** button for an alert of `diff`, or None when it shows every change."""
    if len(diff.changes) <= shown_count(diff):
        return None
    return more_button(diff.platform, diff.document, diff.before, diff.after, more_label(diff))
