"""Discord's size limits, and checks that an embed or message stays within them.

A message Discord rejects for size is an answer the user never sees, so every embed the bot
builds passes through `enforce` as a last guard (the builders already aim inside the limits).
The same guard, and `clip_message`, show bidirectional and terminal controls as visible
escapes (`fineprint.safe_text`) before measuring, whatever text reached them.
"""

from __future__ import annotations

import discord

from fineprint.safe_text import neutralise

MESSAGE = 2000
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000
EMBEDS_PER_MESSAGE = 10
CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100
BUTTON_LABEL = 80
CUSTOM_ID = 100

ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, ending with "…"."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def embed_problems(embed: discord.Embed) -> list[str]:
    """Every limit this embed breaks (empty = Discord will accept it)."""
    problems = []
    if embed.title and len(embed.title) > TITLE:
        problems.append(f"title {len(embed.title)} > {TITLE}")
    if embed.description and len(embed.description) > DESCRIPTION:
        problems.append(f"description {len(embed.description)} > {DESCRIPTION}")
    if len(embed.fields) > FIELDS:
        problems.append(f"{len(embed.fields)} fields > {FIELDS}")
    for n, field in enumerate(embed.fields):
        if not field.name or len(field.name) > FIELD_NAME:
            problems.append(f"field {n} name {len(field.name or '')} not in 1..{FIELD_NAME}")
        if not field.value or len(field.value) > FIELD_VALUE:
            problems.append(f"field {n} value {len(field.value or '')} not in 1..{FIELD_VALUE}")
    if embed.footer.text and len(embed.footer.text) > FOOTER:
        problems.append(f"footer {len(embed.footer.text)} > {FOOTER}")
    if embed.author.name and len(embed.author.name) > AUTHOR:
        problems.append(f"author {len(embed.author.name)} > {AUTHOR}")
    if len(embed) > EMBED_TOTAL:
        problems.append(f"total {len(embed)} > {EMBED_TOTAL}")
    return problems


def message_problems(content: str | None, embeds: list[discord.Embed]) -> list[str]:
    """What a message with this content and these embeds would break."""
    problems = [f"embed {n}: {p}" for n, embed in enumerate(embeds) for p in embed_problems(embed)]
    if content and len(content) > MESSAGE:
        problems.append(f"content {len(content)} > {MESSAGE}")
    if len(embeds) > EMBEDS_PER_MESSAGE:
        problems.append(f"{len(embeds)} embeds > {EMBEDS_PER_MESSAGE}")
    total = sum(len(embed) for embed in embeds)
    if total > EMBED_TOTAL:
        problems.append(f"embeds total {total} > {EMBED_TOTAL}")
    return problems


def _safe(text: str | None, limit: int) -> str:
    """Controls shown escaped, then clipped: an empty name or value becomes a zero-width space."""
    return clip(neutralise(text or "\u200b"), limit)


def enforce(embed: discord.Embed) -> discord.Embed:
    """Neutralise and clip whatever is over a limit, in place: the last guard before sending."""
    _each_part(embed)
    _within_total(embed)
    return embed


def _each_part(embed: discord.Embed) -> None:
    if embed.title:
        embed.title = _safe(embed.title, TITLE)
    if embed.description:
        embed.description = _safe(embed.description, DESCRIPTION)
    while len(embed.fields) > FIELDS:
        embed.remove_field(-1)
    for n, field in enumerate(embed.fields):
        name, value = _safe(field.name, FIELD_NAME), _safe(field.value, FIELD_VALUE)
        embed.set_field_at(n, name=name, value=value, inline=bool(field.inline))
    if embed.footer.text:
        embed.set_footer(text=_safe(embed.footer.text, FOOTER), icon_url=embed.footer.icon_url)
    if embed.author.name:
        author = embed.author
        embed.set_author(name=_safe(author.name, AUTHOR), url=author.url, icon_url=author.icon_url)


def _within_total(embed: discord.Embed) -> None:
    excess = len(embed) - EMBED_TOTAL
    if excess > 0 and embed.description:
        keep = max(len(embed.description) - excess, 100)
        embed.description = clip(embed.description, keep)
        excess = len(embed) - EMBED_TOTAL
    while excess > 0 and embed.fields:
        last = embed.fields[-1]
        value = last.value or ""
        if len(value) - excess >= 100:
            embed.set_field_at(
                len(embed.fields) - 1,
                name=last.name or "\u200b",
                value=clip(value, len(value) - excess),
                inline=bool(last.inline),
            )
        else:
            embed.remove_field(-1)
        excess = len(embed) - EMBED_TOTAL


def clip_message(content: str) -> str:
    return clip(neutralise(content), MESSAGE)
