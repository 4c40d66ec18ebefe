"""Who a message addresses, and its mentions as Discord shows them: what a question reads.

A question asked by @mention names the bot (its user, or its own role in a server); the rest of
its mentions — users, roles, channels — are shown by name, so the answer's title never pings.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

import discord

_MENTION = re.compile(r"<(@[!&]?|#)(\d+)>")


def readable_mentions(
    text: str,
    guild: discord.Guild | None,
    users: Sequence[discord.abc.User] = (),
    *,
    drop: Container[str] = (),
    resolve: discord.Client | None = None,
) -> str:
    """A question with its mentions as Discord shows them — `<@&id>` as @role name, `<@id>`
    as @user name, `<#id>` as #channel — and the mentions in `drop` (the bot's own) taken
    out; on one line. Names come from the message's mentions and the caches."""

    def name(match: re.Match[str]) -> str:
        if match[0] in drop:
            return " "
        return _mention_name(match[1], int(match[2]), guild, users, resolve)

    return " ".join(_MENTION.sub(name, text).split())


def _mention_name(
    kind: str,
    ident: int,
    guild: discord.Guild | None,
    users: Sequence[discord.abc.User],
    resolve: discord.Client | None,
) -> str:
    if kind == "#":
        channel = guild.get_channel_or_thread(ident) if guild else None
        return f"#{channel.name}" if channel else "#channel"
    if kind == "@&":
        role = guild.get_role(ident) if guild else None
        return f"@{role.name}" if role else "@role"
    user = next((u for u in users if u.id == ident), None)
    user = user or (guild.get_member(ident) if guild else None)
    user = user or (resolve.get_user(ident) if resolve else None)
    return f"@{user.display_name}" if user else "@user"


def own_mentions(message: discord.Message, bot_id: int) -> set[str]:
    """How a message can name the bot: its user, or its own role in this server."""
    names = {f"<@{bot_id}>", f"<@!{bot_id}>"}
    role = message.guild.self_role if message.guild else None
    if role is not None:
        names.add(role.mention)
    return names


def addressed(message: discord.Message, bot_id: int) -> bool:
    """A DM, or a message that @mentions the bot — its user, or its own role — in its text.

    A reply with "ping" on lists the bot in `mentions` without naming it: that is a reply to
    an answer, not a new question.
    """
    if message.guild is None:
        return True
    return any(name in message.content for name in own_mentions(message, bot_id))
