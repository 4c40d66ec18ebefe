"""A diff of two versions as an embed: its three most material changes, each with a word
diff and quoted before and after, then "…and N more"; and the pages of those N more.

Shared by `/changes` (its **N more** button: `bot.exts.changes.views`) and the watch alerts
(`bot.exts.watch.alerts`, whose button outlives a restart: `bot.exts.watch.more`). One change
fills one field of at most 1,024 characters: the word diff (`fineprint.word_diff`, in
Discord Markdown: ~~deleted~~ **inserted**) gets `DIFF_CHARS` of it, each quote
`CHANGE_QUOTE_CHARS`, cut at a sentence from the first one that changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord
from discord.utils import escape_mentions

from bot import limits
from bot.limits import ELLIPSIS, clip
from bot.render import SHORT_NOTICE, shown_text, trim_at_sentence
from fineprint import word_diff
from fineprint.safe_text import neutralise
from fineprint.text import sentence_spans

if TYPE_CHECKING:
    from fineprint.changes.diff import Change, DocumentDiff

COLOUR_CHANGES = discord.Colour.orange()
SHOWN_CHANGES = 3
CHANGE_QUOTE_CHARS = 280  # each of before and after, beside the diff in one 1,024-char field
DIFF_CHARS = 380
CHANGES_PER_PAGE = 4  # 4 full fields stay inside an embed's 6,000 characters
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


def diff_line(change: Change) -> str | None:
    """The word diff of a modified clause in Discord Markdown (its words' own Markdown
    escaped, mentions and controls defused), or None when there is none to show."""
    if change.kind != "modified":
        return None
    marked = word_diff.markdown(change.words, DIFF_CHARS)
    return escape_mentions(neutralise(marked)) if marked else None


def change_field(number: int, change: Change) -> tuple[str, str]:
    """(name, value) of one change: kind, topics, section, then its word diff and
    before/after quotes."""
    topics = f" · {topic_names(change.topics)}" if change.topics else ""
    section = f" · § {change.section}" if change.section else ""
    name = clip(f"{number}. {_KIND_MARKS.get(change.kind, change.kind)}{topics}{section}", 256)
    lines = []
    marked = diff_line(change)
    if marked:
        lines.append(f"**Diff:** {marked}")
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
            value=f"{rest_material} material, {rest - rest_material} minor: "
            f"**{more_label(diff, shown)}** pages through them.",
            inline=False,
        )
    embed.set_footer(text=footer)
    return limits.enforce(embed)


def shown_count(diff: DocumentDiff, shown: int = SHOWN_CHANGES) -> int:
    """How many changes `changes_embed` shows: the most material, up to `shown`."""
    return min(shown, len(diff.material))


def more_label(diff: DocumentDiff, shown: int = SHOWN_CHANGES) -> str:
    """The label of the button that pages through the changes the embed leaves out."""
    return f"{len(diff.changes) - shown_count(diff, shown)} more"


def changes_pages(
    diff: DocumentDiff, title: str, start: int = 0, per_page: int = CHANGES_PER_PAGE
) -> list[discord.Embed]:
    """The changes from number `start + 1` on, most material first, a few per page (what
    "…and N more" leaves out; `start=0`: the full list)."""
    if len(diff.changes) <= start:
        return [changes_embed(diff, title)]
    pages = []
    total = len(diff.changes)
    for first in range(start, total, per_page):
        chunk = diff.changes[first : first + per_page]
        embed = discord.Embed(
            title=clip(title, limits.TITLE),
            description=f"**{diff.before} → {diff.after}**: changes {first + 1}–"
            f"{first + len(chunk)} of {total}, most material first.",
            colour=COLOUR_CHANGES,
        )
        for number, change in enumerate(chunk, start=first + 1):
            name, value = change_field(number, change)
            flag = "" if change.material else " (minor)"
            embed.add_field(name=clip(name + flag, limits.FIELD_NAME), value=value, inline=False)
        embed.set_footer(text=SHORT_NOTICE)
        pages.append(limits.enforce(embed))
    return pages
