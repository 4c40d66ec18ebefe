"""The buttons under an answer: 📜 Full clause, 🕰️ Other versions, 👍 and 👎.

A button's `custom_id` holds only its action and the answer's key (`fp:<action>:<key>`); the
answer itself stays in the runtime's answer cache, so the buttons work for as long as it is
cached, and a restart gets a polite "ask again", not a failed interaction.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Literal, cast

import discord

from bot.clause_pages import clause_pages
from bot.cooldown import cooldown_message
from bot.errors import defer, reply_privately, report_failure
from bot.exts.ask import embeds
from bot.pagination import send_pages
from bot.runtime import Runtime, runtime_of
from fineprint.answering.answer import Answer, Citation
from fineprint.catalog.clauses import Clause

log = logging.getLogger(__name__)

Action = Literal["full", "versions", "up", "down"]
TOO_OLD = "This answer is older than Fineprint's memory (or it restarted since): ask again."

BUTTONS: dict[Action, tuple[str | None, str, discord.ButtonStyle]] = {
    "full": ("Full clause", "📜", discord.ButtonStyle.primary),
    "versions": ("Other versions", "🕰️", discord.ButtonStyle.secondary),
    "up": (None, "👍", discord.ButtonStyle.secondary),
    "down": (None, "👎", discord.ButtonStyle.secondary),
}


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"fp:(?P<action>full|versions|up|down):(?P<key>[0-9a-f]{16})",
):
    """One button of an answer; `fp:<action>:<answer key>` is all the message stores."""

    def __init__(self, action: Action, key: str) -> None:
        label, emoji, style = BUTTONS[action]
        super().__init__(
            discord.ui.Button(label=label, emoji=emoji, style=style, custom_id=f"fp:{action}:{key}")
        )
        self.action: Action = action
        self.key = key

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> AnswerButton:
        action = cast(Action, match["action"])
        return cls(action, match["key"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await press(interaction, self.action, self.key)
        except Exception as error:  # discord.py would only log it: the user must hear back
            await report_failure(interaction, error, f"{self.action} button")


def answer_view(answer: Answer, runtime: Runtime) -> discord.ui.View:
    """Full clause and Other versions (when there is a quote, and history to show), 👍 👎."""
    view = discord.ui.View(timeout=None)
    key = answer.id or ""
    if answer.citations and not answer.abstained:
        view.add_item(AnswerButton("full", key))
        top = answer.citations[0]
        platform = runtime.catalog.platforms.get(top.platform)
        document = platform.documents.get(top.document) if platform else None
        if document is None or len(document.versions) > 1:
            view.add_item(AnswerButton("versions", key))
    view.add_item(AnswerButton("up", key))
    view.add_item(AnswerButton("down", key))
    return view


async def press(interaction: discord.Interaction[Any], action: Action, key: str) -> None:
    runtime = runtime_of(interaction.client)
    entry = runtime.answers.get(key)
    if entry is None:
        await reply_privately(interaction, TOO_OLD)
        return
    if action in ("up", "down"):
        await vote(interaction, runtime, key, entry.answer, action)
        return
    wait = runtime.lookups.retry_after(interaction.user.id)
    if wait is not None:
        await reply_privately(interaction, cooldown_message(wait))
        return
    await defer(interaction, private=True)
    if action == "full":
        await show_full_clause(interaction, runtime, entry.answer)
    else:
        await show_versions(interaction, runtime, entry.answer)


async def vote(
    interaction: discord.Interaction[Any],
    runtime: Runtime,
    key: str,
    answer: Answer,
    action: Literal["up", "down"],
) -> None:
    """Thank first, then write: the file append waits for a worker thread, and Discord
    forgets an interaction not acknowledged within 3 s."""
    if not runtime.answers.first_vote(key, interaction.user.id):
        await reply_privately(interaction, "You already rated this answer — thank you!")
        return
    thumb = "👍" if action == "up" else "👎"
    await reply_privately(
        interaction,
        f"Thanks for the {thumb}. Fineprint keeps the question and its citations with your "
        "vote, never who voted.",
    )
    try:
        await runtime.run(runtime.feedback.add, answer, action)
    except OSError:
        log.error("answer %s: the vote could not be written", key, exc_info=True)


def _clauses(runtime: Runtime, citations: list[Citation]) -> list[tuple[Citation, Clause]]:
    found: list[tuple[Citation, Clause]] = []
    for citation in citations:
        clause = runtime.service.clause_at(
            citation.platform, citation.document, citation.version_date, citation.start
        )
        if all((c.version_id, c.start) != (clause.version_id, clause.start) for _, c in found):
            found.append((citation, clause))
    return found


async def show_full_clause(
    interaction: discord.Interaction[Any], runtime: Runtime, answer: Answer
) -> None:
    """The whole clause of each quote shown, paginated, for the presser only."""
    cited = answer.citations[: embeds.SHOWN_CITATIONS]
    found = await runtime.run(_clauses, runtime, cited)
    blocks = [embeds.citation_block(c, clause.text, clause.section_label) for c, clause in found]
    await send_pages(interaction, clause_pages(blocks), private=True)


async def show_versions(
    interaction: discord.Interaction[Any], runtime: Runtime, answer: Answer
) -> None:
    """The clause the answer's history follows, in every version of its document: the
    answer's own periods (nothing recomputed), dated, changes marked."""
    followed = answer.history_of or answer.citations[0]
    history = await runtime.run(runtime.service.versions, followed.platform, followed.document)
    await interaction.followup.send(
        embed=embeds.versions_embed(followed, answer.periods, history), ephemeral=True
    )
