"""An answer as embeds: the lead (under a checked AI summary, if any), the cited quotes, the
history, or the abstention; and the top quote's clause across versions (🕰️ Other versions).

The wording of the lead and history lines is the core's (`fineprint.answering.wording`), the
same the terminal prints; the bot adds the embeds around the strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord

from bot import limits
from bot.clause_pages import ClauseBlock
from bot.limits import clip
from bot.render import citation_title, shown_text, source_line, trim_at_sentence, user_text
from fineprint.answering import wording
from fineprint.answering.answer import NOT_LEGAL_ADVICE, Answer, Citation
from fineprint.summary.result import SUMMARY_LABEL

if TYPE_CHECKING:
    from fineprint.answering.history import Period
    from fineprint.catalog.registry import VersionRecord

SHOWN_CITATIONS = wording.SHOWN_QUOTES
LEAD_CHARS = 1200  # leaves room for 3 quotes + history + title + footer inside 6,000
SUMMARY_CHARS = 1300  # fineprint.summary's default budget is 1,200
HISTORY_NAME = "How it read before"
PERIOD_BUDGET = 5000  # what all periods of an "other versions" embed may use together

COLOUR_ANSWER = discord.Colour.blurple()
COLOUR_ABSTAIN = discord.Colour.light_grey()
COLOUR_HISTORY = discord.Colour.gold()


def lead_text(answer: Answer) -> str:
    """The answer's opening, in the words every surface uses (`fineprint.answering.wording`)."""
    return "" if answer.lead is None else wording.lead_text(answer.lead, answer.citations)


def question_title(question: str) -> str:
    return clip(f"❓ {user_text(question)}", limits.TITLE)


def answer_embed(answer: Answer) -> discord.Embed:
    """The lead (under the answer's checked AI summary, if any), up to three cited quotes,
    the history, and the notice."""
    if answer.abstained or not answer.citations:
        return abstention_embed(answer)
    description = clip(shown_text(lead_text(answer)), LEAD_CHARS)
    if answer.summary_checked and answer.summary:
        shown = clip(shown_text(answer.summary), SUMMARY_CHARS)
        description = f"**{SUMMARY_LABEL}:** {shown}\n\n{description}"
    embed = discord.Embed(
        title=question_title(answer.question), description=description, colour=COLOUR_ANSWER
    )
    for number, citation in enumerate(answer.citations[:SHOWN_CITATIONS], start=1):
        source = source_line(citation)
        budget = limits.FIELD_VALUE - len(source) - 3  # the quote marks and the newline
        quote = trim_at_sentence(shown_text(citation.quote), budget)
        embed.add_field(
            name=citation_title(citation, number), value=f"“{quote}”\n{source}", inline=False
        )
    embed.set_footer(text=NOT_LEGAL_ADVICE)
    if answer.history:
        room = limits.EMBED_TOTAL - len(embed) - len(HISTORY_NAME) - 50
        lines = wording.history_lines(answer.history)
        value = history_value(lines, min(limits.FIELD_VALUE, max(room, 200)))
        embed.add_field(name=HISTORY_NAME, value=value, inline=False)
    return limits.enforce(embed)


def history_value(lines: Sequence[str], limit: int = limits.FIELD_VALUE) -> str:
    """History lines as bullets, each shortened so that all of them fit."""
    shown = list(lines[:6])
    each = max(80, limit // max(len(shown), 1) - 3)
    value = "\n".join(f"• {trim_at_sentence(shown_text(line), each)}" for line in shown)
    if len(lines) > len(shown):
        value += f"\n• … and {len(lines) - len(shown)} more"
    return clip(value, limit)


def abstention_embed(answer: Answer) -> discord.Embed:
    """No clause clearly governs this: say so, and say what Fineprint covers."""
    abstention = answer.abstention
    text = "" if abstention is None else wording.abstention_reason(abstention)
    embed = discord.Embed(
        title=question_title(answer.question),
        description=clip(shown_text(text), limits.DESCRIPTION),
        colour=COLOUR_ABSTAIN,
    )
    embed.set_footer(text=NOT_LEGAL_ADVICE)
    return limits.enforce(embed)


def citation_block(citation: Citation, text: str, section: str | None = None) -> ClauseBlock:
    return ClauseBlock(
        title=citation_title(citation),
        section=citation.section if section is None else section,
        version_date=citation.version_date,
        url=citation.url,
        text=text,
    )


def versions_embed(
    citation: Citation, periods: Sequence[Period], history: Sequence[VersionRecord]
) -> discord.Embed:
    """Each run of versions with the same wording, dated, marking where it changed."""
    embed = discord.Embed(
        title=clip(f"{citation_title(citation)}: this clause across versions", limits.TITLE),
        description=(
            "Each entry is a run of versions that read the same on this; "
            "✏️ marks a change of wording, 🆕 a clause that appears, 🚫 one that goes. "
            "📌 is the wording quoted in the answer."
        ),
        colour=COLOUR_HISTORY,
    )
    shown = list(periods)[-limits.FIELDS :]
    budget = min(limits.FIELD_VALUE, PERIOD_BUDGET // max(len(shown), 1))
    previous: Period | None = None
    for period in shown:
        dates = [
            r.version_date
            for r in history
            if period.first.version_date <= r.version_date <= period.last.version_date
        ] or [period.first.version_date]
        mark = _change_mark(previous, period)
        name = f"{mark}{'📌 ' if period.cited else ''}{period.label}"
        versions = f"Versions: {', '.join(dates)}"
        if len(versions) > budget // 3:
            versions = f"Versions: {dates[0]} … {dates[-1]} ({len(dates)})"
        room = budget - len(versions) - 3
        if period.quote is None and period.searched:
            text = "_No clause answering this was found in these versions._"
        elif period.quote is None and period.absent:
            text = "_No clause on this in these versions._"
        elif period.quote is None:
            text = "_Fineprint found no matching clause in these versions._"
        else:
            text = f"“{trim_at_sentence(shown_text(period.quote), room)}”"
        embed.add_field(
            name=clip(name, limits.FIELD_NAME), value=f"{versions}\n{text}", inline=False
        )
        previous = period
    embed.set_footer(text=NOT_LEGAL_ADVICE)
    return limits.enforce(embed)


def _change_mark(previous: Period | None, period: Period) -> str:
    if previous is None:
        return ""
    if previous.quote is None and period.quote is not None:
        return "🆕 "
    if previous.quote is not None and period.quote is None:
        return "🚫 "
    return "✏️ "
