"""Text as the bot shows it, shared by every feature's embeds, within Discord's limits.

Quotes stay verbatim: they are only ever *cut* (at a sentence boundary, marked "…"), never
reworded. Mentions are defused in everything shown — user text and clause text alike — by
`discord.utils.escape_mentions` (a zero-width space after "@"), on top of the bot's
`AllowedMentions.none()`; user text also has its Markdown escaped. Bidirectional and terminal
controls are shown as visible escapes (`fineprint.safe_text.neutralise`) in both. Each
feature's embeds live in its folder (`bot/exts/<feature>/`); what several share lives here,
in `bot.clause_pages` and in `bot.change_embeds`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from discord.utils import escape_markdown, escape_mentions

from bot import limits
from bot.limits import ELLIPSIS, clip
from fineprint.answering.wording import version_label
from fineprint.quote_display import display_quote, language_note, readable
from fineprint.safe_text import neutralise
from fineprint.text import sentence_spans

if TYPE_CHECKING:
    from fineprint.answering.answer import Citation

SHORT_NOTICE = "Not legal advice."


def user_text(text: str) -> str:
    """Text a user typed, safe to echo: no mentions, no Markdown tricks, no text turned
    around by a right-to-left override."""
    return escape_markdown(escape_mentions(neutralise(" ".join(text.split()))))


def shown_text(text: str) -> str:
    """Text from the terms as shown: its words verbatim, tables and line-break tags made
    readable, "…" where it starts or stops mid-sentence, mentions and controls defused."""
    return escape_mentions(neutralise(display_quote(text)))


def message_text(text: str) -> str:
    """A message built from terms text (a not-found error listing headings), as it is: no
    "…" marks, which say a quote was cut mid-sentence; mentions and controls defused."""
    return escape_mentions(neutralise(text))


def trim_at_sentence(text: str, limit: int) -> str:
    """The whole sentences of `text` that fit in `limit`, then " …"; a first sentence too
    long on its own is cut at a word instead."""
    text = text.strip()
    if len(text) <= limit:
        return text
    end = 0
    for _, last in sentence_spans(text):
        if last > limit - 2:
            break
        end = last
    if end == 0:
        return clip(text, limit)
    return text[:end].rstrip() + " " + ELLIPSIS


def split_text(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut between paragraphs, else between
    sentences, else at a space; the pieces are consecutive slices of the text."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = window.rfind("\n\n")
        if cut < limit // 2:
            ends = [last for _, last in sentence_spans(window)[:-1]]  # the last one is cut
            cut = ends[-1] if ends and ends[-1] >= limit // 2 else -1
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 4:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def link(text: str, url: str) -> str:
    if (
        url.startswith(("https://", "http://"))
        and len(url) <= 512
        and not re.search(r"[\s()]", url)
    ):
        return f"[{text}]({url})"
    return text


def section_heading(label: str) -> str:
    """A heading as shown: "…" only where it was cut (a heading is no sentence to mark)."""
    if not label:
        return "(no heading)"
    return escape_mentions(clip(neutralise(readable(label.replace("*", ""))).strip(), 200))


def source_line(citation: Citation) -> str:
    """section · version date (linked to the document) · variant · language · the dataset's
    credit."""
    language = language_note(citation.language)
    variant = escape_mentions(neutralise(citation.variant_label))
    return (
        f"— {section_heading(citation.section)} · "
        f"{link(version_label(citation), citation.url)}"
        + (f" · {variant}" if variant else "")
        + (f" · {language}" if language else "")
        + (
            f" · from {escape_mentions(neutralise(citation.attribution))}"
            if citation.attribution
            else ""
        )
    )


def citation_title(citation: Citation, number: int | None = None) -> str:
    name = f"{citation.platform_name or citation.platform} · "
    name += citation.document_name or citation.document
    return clip(f"[{number}] {name}" if number else name, limits.FIELD_NAME)
