"""A diff of two versions as an embed: its most material changes, quoted before and after.

Shared by `/changes` (whose full list pages every change: `bot.exts.changes.embeds`) and the
watch alerts (`bot.exts.watch.alerts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord
from discord.utils import escape_mentions

from bot import limits
from bot.limits import ELLIPSIS, clip
from bot.render import SHORT_NOTICE, shown_text, trim_at_sentence
from fineprint.safe_text import neutralise
from fineprint.text import sentence_spans

if TYPE_CHECKING:
    from fineprint.changes.diff import Change, DocumentDiff

COLOUR_CHANGES = discord.Colour.orange()
SHOWN_CHANGES = 3
CHANGE_QUOTE_CHARS = 440  # before + after + labels inside one 1,024-character field
_KIND_MARKS = {
    "added": "➕ added",
    "removed": "➖ removed",
    "modified": "✏️ modified",
    "moved": "↪️ moved",
}


def topic_names(topics: Sequence[str]) -> str:
    from fineprint.changes.materiality import TOPIC_LABELS

    return ", ".join(TOPIC_LABELS.get(topic, topic) for topic in topics)


def change_excerpt(text: str, changed: str, limit: int = CHANGE_QUOTE_CHARS) -> str:
    """A verbatim excerpt of a long clause that starts at its first changed sentence, so
    the words that changed survive the cut (a new AI sentence is often the clause's last)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    start = 0
    for first, last in sentence_spans(text):
        sentence = text[first:last].strip()
        if sentence and sentence in changed:
            start = first
            break
    if start == 0:
        return trim_at_sentence(text, limit)
    return ELLIPSIS + " " + trim_at_sentence(text[start:], limit - 2)


def change_field(number: int, change: Change) -> tuple[str, str]:
    """(name, value) of one change: kind, topics, section, then before/after quotes."""
    topics = f" · {topic_names(change.topics)}" if change.topics else ""
    section = f" · § {change.section}" if change.section else ""
    name = clip(f"{number}. {_KIND_MARKS.get(change.kind, change.kind)}{topics}{section}", 256)
    lines = []
    for label, text in (("Before", change.before_text), ("After", change.after_text)):
        if text is not None:
            quote = shown_text(change_excerpt(text, change.new_text))
            lines.append(f"**{label}:** “{quote}”")
    return name, clip("\n".join(lines) or "(no text)", limits.FIELD_VALUE)


def changes_embed(
    diff: DocumentDiff,
    title: str,
    *,
    url: str = "",
    footer: str = SHORT_NOTICE,
    shown: int = SHOWN_CHANGES,
) -> discord.Embed:
    """The top material changes with quotes, then how many changes the embed leaves out."""
    material = diff.material
    head = (
        f"**{diff.before} → {diff.after}**: {len(diff.changes)} changed clause(s), "
        f"{len(material)} material."
    )
    if not diff.changes:
        head += " Nothing changed beyond formatting." if diff.comparison.comparable else ""
    elif not material:
        head += " None touches AI, licences, ownership or the other topics creators track."
    else:
        head += " Most material first:"
    notes = [escape_mentions(neutralise(line)) for line in diff.version_lines()]
    head = "\n".join([head, *notes])
    embed = discord.Embed(title=clip(title, limits.TITLE), description=head, colour=COLOUR_CHANGES)
    if url.startswith(("https://", "http://")):
        embed.url = url
    top = material[:shown]
    for number, change in enumerate(top, start=1):
        name, value = change_field(number, change)
        embed.add_field(name=name, value=value, inline=False)
    rest = len(diff.changes) - len(top)
    if rest:
        rest_material = len(material) - len(top)
        embed.add_field(
            name=f"…and {rest} more",
            value=f"{rest_material} material, {rest - rest_material} minor.",
            inline=False,
        )
    embed.set_footer(text=footer)
    return limits.enforce(embed)
